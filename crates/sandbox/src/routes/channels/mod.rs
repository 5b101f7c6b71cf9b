//! Channels (`/channels`, CONTRACT §8): list with filters, get one, create, update. Channel 1,
//! the default storefront, exists in every store.
//!
//! - `rules`: types, statuses, platform pairs and name characters
//! - `site`: the site a channel is served at (`/channels/{channel_id}/site`)

mod rules;
pub(crate) mod site;

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
use pageport_model::{Channel, ChannelId};
use rules::{STATUSES, TYPES, is_available, valid_name, valid_pair, writable_status};
use serde_json::{Map, Value, json};

const COLLECTION: &str = "/stores/{store_hash}/v3/channels";
const ITEM: &str = "/stores/{store_hash}/v3/channels/{channel_id}";

/// The query parameters the list implements; any other is a 400.
const LIST_PARAMS: &[&str] = &[
    "type:in",
    "status:in",
    "platform:in",
    "available",
    "limit",
    "page",
];

/// The title of a 422 for missing or mistyped fields ([CH] example).
const MISSING_OR_INVALID: &str = "JSON data is missing or invalid";

/// The routes of this API family.
pub(crate) fn routes() -> Router<Sandbox> {
    Router::new()
        .route(COLLECTION, get(list).post(create))
        .route(ITEM, get(fetch).put(update))
        .merge(site::routes())
}

/// `GET /channels` with `type:in`, `status:in`, `platform:in`, `available`, `limit`, `page`.
async fn list(
    State(sandbox): State<Sandbox>,
    Extension(ctx): Extension<StoreCtx>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    let params = match QueryParams::accept(pairs, LIST_PARAMS) {
        Ok(params) => params,
        Err(refused) => return refused,
    };
    // ASSUMPTION (CONTRACT §11 #2): `limit` defaults to 50 and is clamped to the configured cap.
    let paging = match params.page_request(sandbox.config().max_page_size) {
        Ok(paging) => paging,
        Err(message) => return bad_filter(message),
    };
    let available = match params.bool("available") {
        Ok(available) => available,
        Err(message) => return bad_filter(message),
    };
    let types = params.list("type:in");
    let statuses = params.list("status:in");
    for (name, values, allowed) in [
        ("type:in", &types, TYPES),
        ("status:in", &statuses, STATUSES),
    ] {
        if let Some(bad) = values.iter().flatten().find(|v| !allowed.contains(v)) {
            return bad_filter(format!(
                "Query parameter \"{name}\" value `{bad}` is not one of {}",
                allowed.join(", ")
            ));
        }
    }
    let platforms = params.list("platform:in");
    let matches = |wanted: &Option<Vec<&str>>, value: Option<&String>| {
        wanted
            .as_ref()
            .is_none_or(|wanted| value.is_some_and(|v| wanted.contains(&v.as_str())))
    };
    let listed = sandbox.read_store(&ctx.store_hash, |store| {
        let channels: Vec<Channel> = store
            .channels
            .values()
            .filter(|c| matches(&types, c.channel_type.as_ref()))
            .filter(|c| matches(&statuses, c.status.as_ref()))
            .filter(|c| matches(&platforms, c.platform.as_ref()))
            .filter(|c| available.is_none_or(|wanted| is_available(c) == wanted))
            .cloned()
            .collect();
        paging.slice(&channels)
    });
    match listed {
        None => crate::routes::not_found().await,
        Some((data, pagination)) => {
            Json(json!({"data": data, "meta": {"pagination": pagination}})).into_response()
        }
    }
}

/// `GET /channels/{channel_id}`.
async fn fetch(
    State(sandbox): State<Sandbox>,
    Extension(ctx): Extension<StoreCtx>,
    Path((_, channel_id)): Path<(String, String)>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    if let Err(refused) = QueryParams::accept(pairs, &[]) {
        return refused;
    }
    let found = channel_id.parse::<u64>().ok().and_then(|id| {
        sandbox
            .read_store(&ctx.store_hash, |store| {
                store.channels.get(&ChannelId(id)).cloned()
            })
            .flatten()
    });
    match found {
        Some(channel) => Json(json!({"data": channel, "meta": {}})).into_response(),
        None => error::fields_error(StatusCode::NOT_FOUND, "Not found", json!({})),
    }
}

/// `POST /channels`: 200 with the new channel.
async fn create(
    State(sandbox): State<Sandbox>,
    Extension(ctx): Extension<StoreCtx>,
    Query(pairs): Query<Vec<(String, String)>>,
    body: Bytes,
) -> Response {
    if let Err(refused) = QueryParams::accept(pairs, &[]) {
        return refused;
    }
    let Ok(body) = serde_json::from_slice::<Value>(&body) else {
        return error::fields_error(
            StatusCode::UNPROCESSABLE_ENTITY,
            MISSING_OR_INVALID,
            json!({"body": "error.expected.jsobject"}),
        );
    };
    let created = sandbox.write_store(&ctx.store_hash, |store| {
        let channel = new_channel(&body, store)?;
        store.channels.insert(channel.id, channel.clone());
        Ok::<Channel, Invalid>(channel)
    });
    match created {
        None => crate::routes::not_found().await,
        Some(Err(invalid)) => invalid.into_response(),
        Some(Ok(channel)) => Json(json!({"data": channel, "meta": {}})).into_response(),
    }
}

/// `PUT /channels/{channel_id}`: a partial update of `name`, `status`, `external_id`,
/// `is_listable_from_ui` and `is_visible`. 200 with the channel; 404 for an unknown channel;
/// 409 when another channel has the same name, platform and type; 422 for a mistyped field, a
/// `type` or `platform` other than the channel's, a bad name or status, or a deleted channel.
///
/// ASSUMPTION: [CH] says most non-updatable fields are ignored, but gives a 422 example for
/// `type` and `platform`; the sandbox refuses those two when they differ from the channel's
/// and ignores any other unknown field.
async fn update(
    State(sandbox): State<Sandbox>,
    Extension(ctx): Extension<StoreCtx>,
    Path((_, channel_id)): Path<(String, String)>,
    Query(pairs): Query<Vec<(String, String)>>,
    body: Bytes,
) -> Response {
    if let Err(refused) = QueryParams::accept(pairs, &[]) {
        return refused;
    }
    let Some(id) = channel_id.parse::<u64>().ok().map(ChannelId) else {
        return entity_not_found();
    };
    let Ok(Value::Object(body)) = serde_json::from_slice::<Value>(&body) else {
        return error::fields_error(
            StatusCode::UNPROCESSABLE_ENTITY,
            MISSING_OR_INVALID,
            json!({"body": "error.expected.jsobject"}),
        );
    };
    let updated = sandbox.write_store(&ctx.store_hash, |store| {
        let Some(current) = store.channels.get(&id).cloned() else {
            return Err(entity_not_found());
        };
        let changed = apply_update(&current, &body).map_err(Invalid::into_response)?;
        let duplicate = store.channels.values().any(|other| {
            other.id != id
                && other.name == changed.name
                && other.platform == changed.platform
                && other.channel_type == changed.channel_type
        });
        if duplicate {
            return Err(error::fields_error(
                StatusCode::CONFLICT,
                format!(
                    "Channel already exists with name: \"{}\", platform: \"{}\", and type: \"{}\"",
                    changed.name,
                    changed.platform.as_deref().unwrap_or_default(),
                    changed.channel_type.as_deref().unwrap_or_default()
                ),
                json!({}),
            ));
        }
        store.channels.insert(id, changed.clone());
        Ok(changed)
    });
    match updated {
        None => crate::routes::not_found().await,
        Some(Err(refused)) => refused,
        Some(Ok(channel)) => Json(json!({"data": channel, "meta": {}})).into_response(),
    }
}

/// [CH]'s 404 for a PUT on a channel that does not exist.
fn entity_not_found() -> Response {
    error::fields_error(
        StatusCode::NOT_FOUND,
        "The requested entity was not found.",
        json!({}),
    )
}

/// The channel after a PUT body, or why the body is refused.
fn apply_update(current: &Channel, body: &Map<String, Value>) -> Result<Channel, Invalid> {
    let status = current.status.as_deref().unwrap_or_default();
    if matches!(status, "deleted" | "terminated") {
        return Err(invalid(
            format!("A {status} channel cannot be updated"),
            Map::new(),
        ));
    }
    let mut immutable = Map::new();
    for (field, value) in [
        ("type", &current.channel_type),
        ("platform", &current.platform),
    ] {
        if let Some(sent) = body.get(field)
            && sent.as_str() != value.as_deref()
        {
            immutable.insert(
                field.into(),
                format!("The field '{field}' can not be updated after channel is created.").into(),
            );
        }
    }
    if !immutable.is_empty() {
        let names: Vec<&str> = immutable.keys().map(String::as_str).collect();
        return Err(invalid(
            format!("The following fields are invalid: {}", names.join(", ")),
            immutable,
        ));
    }
    let mut problems = Map::new();
    let name = optional(body, "name", Value::as_str, "jsstring", &mut problems);
    let new_status = optional(body, "status", Value::as_str, "jsstring", &mut problems);
    let external_id = optional(
        body,
        "external_id",
        Value::as_str,
        "jsstring",
        &mut problems,
    );
    let listable = optional(
        body,
        "is_listable_from_ui",
        Value::as_bool,
        "jsboolean",
        &mut problems,
    );
    let visible = optional(
        body,
        "is_visible",
        Value::as_bool,
        "jsboolean",
        &mut problems,
    );
    if !problems.is_empty() {
        return Err(invalid(MISSING_OR_INVALID, problems));
    }
    if let Some(name) = name
        && !valid_name(name)
    {
        return Err(invalid(
            "Only latin alphabet letters, arabic numerals, dash and underscore are allowed to be used as channel name.",
            Map::new(),
        ));
    }
    let kind = current.channel_type.as_deref().unwrap_or_default();
    if let Some(new_status) = new_status
        && !writable_status(kind, new_status)
    {
        let mut problems = Map::new();
        problems.insert(
            "status".into(),
            format!("status `{new_status}` cannot be set on a `{kind}` channel").into(),
        );
        return Err(invalid(MISSING_OR_INVALID, problems));
    }
    let mut channel = current.clone();
    if let Some(name) = name {
        channel.name = name.to_owned();
    }
    if let Some(new_status) = new_status {
        channel.status = Some(new_status.to_owned());
    }
    for (field, value) in [
        ("external_id", external_id.map(Value::from)),
        ("is_listable_from_ui", listable.map(Value::from)),
        ("is_visible", visible.map(Value::from)),
    ] {
        if let Some(value) = value {
            channel.extra.insert(field.into(), value);
        }
    }
    channel.extra.insert(
        "date_modified".into(),
        crate::timestamps::channels_now().into(),
    );
    Ok(channel)
}

/// Why a channel create is refused: a 422 with a title and per-field problems.
#[derive(Debug)]
struct Invalid {
    title: String,
    problems: Map<String, Value>,
}

impl Invalid {
    fn into_response(self) -> Response {
        error::fields_error(
            StatusCode::UNPROCESSABLE_ENTITY,
            self.title,
            Value::Object(self.problems),
        )
    }
}

/// Validates a create body and builds the channel with the next id.
fn new_channel(body: &Value, store: &mut StoreState) -> Result<Channel, Invalid> {
    let empty = Map::new();
    let object = body.as_object().unwrap_or(&empty);
    let mut problems = Map::new();
    let name = required_string(object, "name", &mut problems);
    let kind = required_string(object, "type", &mut problems);
    let platform = required_string(object, "platform", &mut problems);
    let status = optional(object, "status", Value::as_str, "jsstring", &mut problems);
    let external_id = optional(
        object,
        "external_id",
        Value::as_str,
        "jsstring",
        &mut problems,
    );
    let listable = optional(
        object,
        "is_listable_from_ui",
        Value::as_bool,
        "jsboolean",
        &mut problems,
    );
    let visible = optional(
        object,
        "is_visible",
        Value::as_bool,
        "jsboolean",
        &mut problems,
    );
    if let Some(kind) = kind
        && !TYPES.contains(&kind)
    {
        problems.insert("type".into(), "error.expected.validenumvalue".into());
    }
    let (Some(name), Some(kind), Some(platform)) = (name, kind, platform) else {
        return Err(invalid(MISSING_OR_INVALID, problems));
    };
    if !problems.is_empty() {
        return Err(invalid(MISSING_OR_INVALID, problems));
    }
    if !valid_name(name) {
        return Err(invalid(
            "Only latin alphabet letters, arabic numerals, dash and underscore are allowed to be used as channel name.",
            Map::new(),
        ));
    }
    if !valid_pair(kind, platform) {
        return Err(invalid(
            format!("Input channel type [{kind}] with platform [{platform}] is not supported"),
            Map::new(),
        ));
    }
    // ASSUMPTION (CONTRACT §8): an omitted status is `prelaunch` for a storefront (as the spec's
    // sample store) and `connected` for the other types.
    let status = status.unwrap_or(if kind == "storefront" {
        "prelaunch"
    } else {
        "connected"
    });
    if !writable_status(kind, status) {
        let mut problems = Map::new();
        problems.insert(
            "status".into(),
            format!("status `{status}` cannot be set on a `{kind}` channel").into(),
        );
        return Err(invalid(MISSING_OR_INVALID, problems));
    }
    let now = crate::timestamps::channels_now();
    let mut extra = pageport_model::Extra::new();
    extra.insert("external_id".into(), external_id.unwrap_or_default().into());
    extra.insert(
        "is_listable_from_ui".into(),
        listable.unwrap_or(true).into(),
    );
    extra.insert("is_visible".into(), visible.unwrap_or(true).into());
    extra.insert("date_created".into(), now.clone().into());
    extra.insert("date_modified".into(), now.into());
    let id = ChannelId(StoreState::take_id(&mut store.next_ids.channel));
    Ok(Channel {
        id,
        name: name.to_owned(),
        channel_type: Some(kind.to_owned()),
        platform: Some(platform.to_owned()),
        status: Some(status.to_owned()),
        extra,
    })
}

fn required_string<'a>(
    object: &'a Map<String, Value>,
    field: &str,
    problems: &mut Map<String, Value>,
) -> Option<&'a str> {
    match object.get(field) {
        None | Some(Value::Null) => {
            problems.insert(field.into(), "error.path.missing".into());
            None
        }
        Some(Value::String(text)) => Some(text),
        Some(_) => {
            problems.insert(field.into(), "error.expected.jsstring".into());
            None
        }
    }
}

fn optional<'a, T>(
    object: &'a Map<String, Value>,
    field: &str,
    read: impl Fn(&'a Value) -> Option<T>,
    expected: &str,
    problems: &mut Map<String, Value>,
) -> Option<T> {
    match object.get(field) {
        None | Some(Value::Null) => None,
        Some(value) => {
            let read = read(value);
            if read.is_none() {
                problems.insert(field.into(), format!("error.expected.{expected}").into());
            }
            read
        }
    }
}

fn bad_filter(title: String) -> Response {
    error::fields_error(StatusCode::UNPROCESSABLE_ENTITY, title, json!({}))
}

fn invalid(title: impl Into<String>, problems: Map<String, Value>) -> Invalid {
    Invalid {
        title: title.into(),
        problems,
    }
}
