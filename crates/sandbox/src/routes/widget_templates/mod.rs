//! Widget templates (`/content/widget-templates`, CONTRACT §7.1): list, create, get, update and
//! delete. Uuids are minted per store (v4), so the same template created in two stores gets two
//! uuids, which is why a migration matches templates by name.
//!
//! - `body`: reading create and update bodies, and the custom-template limits
//! - `versions`: the earlier versions a `create_new_version` update keeps

mod body;
mod versions;

pub use versions::TemplateVersion;

use crate::error;
use crate::query::QueryParams;
use crate::server::StoreCtx;
use crate::state::{Sandbox, StoreState};
use axum::body::Bytes;
use axum::extract::{Extension, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use body::{CUSTOM_KIND, Problems, TemplateFields};
use pageport_model::ids::is_canonical_uuid;
use pageport_model::{ChannelId, WidgetTemplate, WidgetTemplateUuid};
use serde_json::{Value, json};

const COLLECTION: &str = "/stores/{store_hash}/v3/content/widget-templates";
const ITEM: &str = "/stores/{store_hash}/v3/content/widget-templates/{uuid}";

/// The routes of this API family.
pub(crate) fn routes() -> Router<Sandbox> {
    Router::new()
        .route(COLLECTION, get(list).post(create))
        .route(ITEM, get(fetch).put(update).delete(remove))
}

/// `GET /content/widget-templates` with `page`, `limit`, `widget_template_kind`, `channel_id:in`.
async fn list(
    State(sandbox): State<Sandbox>,
    Extension(ctx): Extension<StoreCtx>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    let params = match QueryParams::accept(
        pairs,
        &["page", "limit", "widget_template_kind", "channel_id:in"],
    ) {
        Ok(params) => params,
        Err(refused) => return refused,
    };
    // ASSUMPTION (CONTRACT §11 #2): `limit` defaults to 50 and is clamped to the configured cap.
    let paging = match params.page_request(sandbox.config().max_page_size) {
        Ok(paging) => paging,
        Err(message) => return invalid(json!({"query": message})).into_response(),
    };
    let channels = match params.u64_list("channel_id:in") {
        Ok(channels) => channels,
        Err(message) => return invalid(json!({"channel_id:in": message})).into_response(),
    };
    let kind = params.non_empty("widget_template_kind").map(str::to_owned);
    let listed = sandbox.read_store(&ctx.store_hash, |store| {
        let mut templates: Vec<&WidgetTemplate> = store
            .widget_templates
            .values()
            .filter(|t| kind.is_none() || t.kind == kind)
            .filter(|t| {
                channels.as_ref().is_none_or(|ids| {
                    t.channel_id
                        .is_some_and(|channel| ids.contains(&channel.get()))
                })
            })
            .collect();
        // Creation order, ties broken by uuid, so the listing is stable.
        templates.sort_by(|a, b| {
            (date_created(a), a.uuid.as_str()).cmp(&(date_created(b), b.uuid.as_str()))
        });
        let templates: Vec<WidgetTemplate> = templates.into_iter().cloned().collect();
        paging.slice(&templates)
    });
    match listed {
        None => crate::routes::not_found().await,
        Some((data, pagination)) => {
            Json(json!({"data": data, "meta": {"pagination": pagination}})).into_response()
        }
    }
}

fn date_created(template: &WidgetTemplate) -> &str {
    template
        .extra
        .get("date_created")
        .and_then(Value::as_str)
        .unwrap_or_default()
}

/// `POST /content/widget-templates`: 200 with the new template.
async fn create(
    State(sandbox): State<Sandbox>,
    Extension(ctx): Extension<StoreCtx>,
    body: Bytes,
) -> Response {
    let body = match parse_body(&body) {
        Ok(body) => body,
        Err(refusal) => return refusal.into_response(),
    };
    let created = sandbox.write_store(&ctx.store_hash, |store| {
        let fields = body::read_fields(&body, store, &["name", "template"]).map_err(invalid_map)?;
        let channel = ChannelId::or_default(fields.channel_id);
        if let Some(reason) = body::custom_limit_reached(store, channel, None) {
            return Err(Refusal::Limit(reason));
        }
        let template = new_template(fields, channel);
        store
            .widget_templates
            .insert(template.uuid.as_str().to_owned(), template.clone());
        Ok(template)
    });
    single(created)
}

/// A template as the store mints it: fresh uuid and version, the documented read-only values.
fn new_template(fields: TemplateFields, channel: ChannelId) -> WidgetTemplate {
    let now = crate::timestamps::widgets_now();
    let mut extra = pageport_model::Extra::new();
    extra.insert("icon_name".into(), "default".into());
    extra.insert("template_engine".into(), "handlebars_v3".into());
    extra.insert("client_rerender".into(), false.into());
    extra.insert("date_created".into(), now.clone().into());
    extra.insert("date_modified".into(), now.into());
    WidgetTemplate {
        uuid: WidgetTemplateUuid::new(uuid::Uuid::new_v4().to_string()),
        name: fields.name.unwrap_or_default(),
        schema: Some(fields.schema.unwrap_or_else(|| json!([]))),
        template: fields.template.unwrap_or_default(),
        storefront_api_query: Some(fields.storefront_api_query.unwrap_or_default()),
        kind: Some(CUSTOM_KIND.into()),
        channel_id: Some(channel),
        current_version_uuid: Some(uuid::Uuid::new_v4().to_string()),
        extra,
    }
}

/// `GET /content/widget-templates/{uuid}`, optionally `?version_uuid=`: the current version,
/// or the earlier version named (see `versions`); a version the template never had answers
/// 404 ([W] documents 404 for this operation).
async fn fetch(
    State(sandbox): State<Sandbox>,
    Extension(ctx): Extension<StoreCtx>,
    Path((_, uuid)): Path<(String, String)>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    let params = match QueryParams::accept(pairs, &["version_uuid"]) {
        Ok(params) => params,
        Err(refused) => return refused,
    };
    let key = match template_key(&uuid) {
        Ok(key) => key,
        Err(refusal) => return refusal.into_response(),
    };
    let version = params
        .non_empty("version_uuid")
        .map(str::to_ascii_lowercase);
    if let Some(version) = &version
        && !is_canonical_uuid(version)
    {
        return invalid(json!({"version_uuid": format!("`{version}` is not a valid UUID")}))
            .into_response();
    }
    let found = sandbox
        .read_store(&ctx.store_hash, |store| match &version {
            None => store.widget_templates.get(&key).cloned(),
            Some(version) => versions::at_version(store, &key, version),
        })
        .flatten();
    let found = match (found, &version) {
        (Some(template), _) => Ok(template),
        (None, Some(version)) => Err(Refusal::VersionNotFound {
            uuid: uuid.clone(),
            version: version.clone(),
        }),
        (None, None) => Err(not_found(&uuid)),
    };
    single(Some(found))
}

/// `PUT /content/widget-templates/{uuid}`: a partial update; `create_new_version: true` keeps
/// the version it replaces (see `versions`) and mints a new `current_version_uuid`; without it
/// the current version is changed in place.
async fn update(
    State(sandbox): State<Sandbox>,
    Extension(ctx): Extension<StoreCtx>,
    Path((_, uuid)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let key = match template_key(&uuid) {
        Ok(key) => key,
        Err(refusal) => return refusal.into_response(),
    };
    let body = match parse_body(&body) {
        Ok(body) => body,
        Err(refusal) => return refusal.into_response(),
    };
    let updated = sandbox.write_store(&ctx.store_hash, |store| {
        if !store.widget_templates.contains_key(&key) {
            return Err(not_found(&uuid));
        }
        let fields = body::read_fields(&body, store, &[]).map_err(invalid_map)?;
        apply_update(store, &key, fields)
    });
    single(updated)
}

fn apply_update(
    store: &mut StoreState,
    key: &str,
    fields: TemplateFields,
) -> Result<WidgetTemplate, Refusal> {
    if let Some(channel) = fields.channel_id
        && store.widget_templates.get(key).and_then(|t| t.channel_id) != Some(channel)
        && let Some(reason) = body::custom_limit_reached(store, channel, Some(key))
    {
        return Err(Refusal::Limit(reason));
    }
    if !store.widget_templates.contains_key(key) {
        return Err(not_found(key));
    }
    if fields.create_new_version {
        versions::keep_current(store, key);
    }
    let Some(template) = store.widget_templates.get_mut(key) else {
        return Err(not_found(key));
    };
    if let Some(name) = fields.name {
        template.name = name;
    }
    if let Some(text) = fields.template {
        template.template = text;
    }
    if let Some(schema) = fields.schema {
        template.schema = Some(schema);
    }
    if let Some(query) = fields.storefront_api_query {
        template.storefront_api_query = Some(query);
    }
    if let Some(channel) = fields.channel_id {
        template.channel_id = Some(channel);
    }
    if fields.create_new_version {
        template.current_version_uuid = Some(uuid::Uuid::new_v4().to_string());
    }
    template.extra.insert(
        "date_modified".into(),
        crate::timestamps::widgets_now().into(),
    );
    Ok(template.clone())
}

/// `DELETE /content/widget-templates/{uuid}`: 204, or 404 for an unknown template.
async fn remove(
    State(sandbox): State<Sandbox>,
    Extension(ctx): Extension<StoreCtx>,
    Path((_, uuid)): Path<(String, String)>,
) -> Response {
    let key = match template_key(&uuid) {
        Ok(key) => key,
        Err(refusal) => return refusal.into_response(),
    };
    let removed = sandbox
        .write_store(&ctx.store_hash, |store| {
            store.widget_template_versions.remove(&key);
            store.widget_templates.remove(&key)
        })
        .flatten();
    match removed {
        Some(_) => StatusCode::NO_CONTENT.into_response(),
        None => not_found(&uuid).into_response(),
    }
}

/// The map key of a template uuid from the path: 422 when it is not a UUID.
fn template_key(uuid: &str) -> Result<String, Refusal> {
    if is_canonical_uuid(uuid) {
        Ok(uuid.to_ascii_lowercase())
    } else {
        Err(invalid(
            json!({"uuid": format!("`{uuid}` is not a valid UUID")}),
        ))
    }
}

fn parse_body(body: &[u8]) -> Result<Value, Refusal> {
    serde_json::from_slice(body)
        .map_err(|error| invalid(json!({"body": format!("is not valid JSON: {error}")})))
}

/// `{data: template, meta: {}}`, or the error response.
fn single(result: Option<Result<WidgetTemplate, Refusal>>) -> Response {
    match result {
        None => error::widgets_error(StatusCode::NOT_FOUND, "Store not found", json!({})),
        Some(Err(refusal)) => refusal.into_response(),
        Some(Ok(template)) => Json(json!({"data": template, "meta": {}})).into_response(),
    }
}

/// Why a widget-template request is refused; rendered in the `error_Base` shape.
#[derive(Debug)]
enum Refusal {
    /// 404: no template with this uuid in the store.
    NotFound(String),
    /// 404: the template never had this version.
    VersionNotFound {
        /// The template uuid.
        uuid: String,
        /// The version asked for.
        version: String,
    },
    /// 422: invalid fields, keyed by field name.
    Invalid(Value),
    /// 422: a custom-template limit would be exceeded.
    Limit(String),
}

impl Refusal {
    fn into_response(self) -> Response {
        match self {
            Refusal::NotFound(uuid) => error::widgets_error(
                StatusCode::NOT_FOUND,
                format!("Widget template `{uuid}` was not found"),
                json!({}),
            ),
            Refusal::VersionNotFound { uuid, version } => error::widgets_error(
                StatusCode::NOT_FOUND,
                format!("Widget template `{uuid}` has no version `{version}`"),
                json!({}),
            ),
            Refusal::Invalid(errors) => error::widgets_error(
                StatusCode::UNPROCESSABLE_ENTITY,
                "The request payload was invalid",
                errors,
            ),
            Refusal::Limit(reason) => {
                error::widgets_error(StatusCode::UNPROCESSABLE_ENTITY, reason, json!({}))
            }
        }
    }
}

fn not_found(uuid: &str) -> Refusal {
    Refusal::NotFound(uuid.to_owned())
}

fn invalid(errors: Value) -> Refusal {
    Refusal::Invalid(errors)
}

fn invalid_map(problems: Problems) -> Refusal {
    Refusal::Invalid(Value::Object(problems))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store_with_custom_templates(count: usize, channel: u64) -> StoreState {
        let mut store = StoreState::empty("s", "t", 0);
        for index in 0..count {
            let fields = TemplateFields {
                name: Some(format!("T{index}")),
                template: Some(String::new()),
                ..TemplateFields::default()
            };
            let template = new_template(fields, ChannelId(channel));
            store
                .widget_templates
                .insert(template.uuid.as_str().to_owned(), template);
        }
        store
    }

    #[test]
    fn a_channel_holds_at_most_1000_custom_templates() {
        let store = store_with_custom_templates(body::CUSTOM_PER_CHANNEL - 1, 1);
        assert_eq!(body::custom_limit_reached(&store, ChannelId(1), None), None);
        let store = store_with_custom_templates(body::CUSTOM_PER_CHANNEL, 1);
        let reason = body::custom_limit_reached(&store, ChannelId(1), None).unwrap();
        assert!(reason.contains("1000"), "{reason}");
        assert_eq!(body::custom_limit_reached(&store, ChannelId(2), None), None);
    }

    #[test]
    fn provided_templates_do_not_count_against_the_limit() {
        let mut store = store_with_custom_templates(body::CUSTOM_PER_CHANNEL, 1);
        for template in store.widget_templates.values_mut() {
            template.kind = Some("pp-cartpage-fullbanner".into());
        }
        assert_eq!(body::custom_limit_reached(&store, ChannelId(1), None), None);
    }

    #[test]
    fn minted_templates_carry_the_documented_read_only_values() {
        let template = new_template(TemplateFields::default(), ChannelId(1));
        assert!(template.uuid.is_well_formed());
        assert_eq!(template.kind.as_deref(), Some("custom"));
        assert_eq!(template.extra["icon_name"], "default");
        assert_eq!(template.extra["template_engine"], "handlebars_v3");
        assert_eq!(template.extra["client_rerender"], false);
        assert_eq!(template.schema, Some(json!([])));
        assert_eq!(template.storefront_api_query.as_deref(), Some(""));
    }
}
