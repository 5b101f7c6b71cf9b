//! Channels (`/channels`, CONTRACT §8): list with filters, get one, create. Channel 1, the
//! default storefront, exists in every store.
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

/// The title of a 422 for missing or mistyped fields ([CH] example).
const MISSING_OR_INVALID: &str = "JSON data is missing or invalid";

/// The routes of this API family.
pub(crate) fn routes() -> Router<Sandbox> {
    Router::new()
        .route(COLLECTION, get(list).post(create))
        .route(ITEM, get(fetch))
        .merge(site::routes())
}

/// `GET /channels` with `type:in`, `status:in`, `platform:in`, `available`, `limit`, `page`.
async fn list(
    State(sandbox): State<Sandbox>,
    Extension(ctx): Extension<StoreCtx>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    let params = QueryParams::new(pairs);
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
) -> Response {
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
    body: Bytes,
) -> Response {
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
