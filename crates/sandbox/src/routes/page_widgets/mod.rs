//! Page Widgets (`/content/page-widgets`, CONTRACT §6): the snapshot GET of one document and the
//! publish POST that destructively replaces it.
//!
//! - `address`: which document a request names (channel, template file, entity)
//! - `validate`: the publish body's checks, reported by JSON path

mod address;
mod validate;

use crate::error;
use crate::query::QueryParams;
use crate::server::StoreCtx;
use crate::state::Sandbox;
use axum::body::Bytes;
use axum::extract::{Extension, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use pageport_model::{Meta, Pagination, Region};
use serde_json::{Value, json};
use validate::FieldErrors;

/// The path of the endpoint.
const PATH: &str = "/stores/{store_hash}/v3/content/page-widgets";

/// The title of every 422 this endpoint answers.
const INVALID_TITLE: &str = "The request payload was invalid";

/// The routes of this API family.
pub(crate) fn routes() -> Router<Sandbox> {
    Router::new().route(PATH, get(snapshot).post(publish))
}

/// `GET /content/page-widgets`: the regions of one document.
async fn snapshot(
    State(sandbox): State<Sandbox>,
    Extension(ctx): Extension<StoreCtx>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    let params = match QueryParams::accept(pairs, &["channel_id", "template_file", "entity_id"]) {
        Ok(params) => params,
        Err(refused) => return refused,
    };
    let found = sandbox.read_store(&ctx.store_hash, |store| {
        let mut errors = FieldErrors::default();
        match address::from_query(&params, store, &mut errors) {
            Some(key) if errors.is_empty() => {
                Ok(store.page_widgets.get(&key).cloned().unwrap_or_default())
            }
            _ => Err(errors),
        }
    });
    match found {
        None => crate::routes::not_found().await,
        Some(Err(errors)) => invalid(errors),
        Some(Ok(regions)) => Json(snapshot_body(regions)).into_response(),
    }
}

/// The GET body: `{data:{regions}, meta:{pagination}}`.
///
/// ASSUMPTION (CONTRACT §11 #9): a document with no content answers 200 with `regions: []` and
/// pagination totals of 0 (one page of one document otherwise, with no links, as the example).
fn snapshot_body(regions: Vec<Region>) -> Value {
    let total = u64::from(!regions.is_empty());
    let meta = Meta {
        pagination: Some(Pagination {
            total,
            count: total,
            per_page: crate::paging::DEFAULT_LIMIT,
            current_page: 1,
            total_pages: total,
            links: None,
        }),
        extra: pageport_model::Extra::new(),
    };
    json!({"data": {"regions": regions}, "meta": meta})
}

/// `POST /content/page-widgets`: replaces the whole document with the body's regions.
async fn publish(
    State(sandbox): State<Sandbox>,
    Extension(ctx): Extension<StoreCtx>,
    Query(pairs): Query<Vec<(String, String)>>,
    body: Bytes,
) -> Response {
    if let Err(refused) = QueryParams::accept(pairs, &[]) {
        return refused;
    }
    let body: Value = match serde_json::from_slice(&body) {
        Ok(body) => body,
        Err(parse) => {
            let mut errors = FieldErrors::default();
            errors.add("body", format!("is not valid JSON: {parse}"));
            return invalid(errors);
        }
    };
    let limits = sandbox.config().limits;
    let published = sandbox.write_content(&ctx.store_hash, |store| {
        let valid = validate::validate_publish(&body, store, &limits)?;
        tracing::debug!(document = %valid.key, "page-widgets document published");
        if valid.regions.is_empty() {
            store.page_widgets.remove(&valid.key);
        } else {
            store.page_widgets.insert(valid.key, valid.regions);
        }
        Ok::<(), FieldErrors>(())
    });
    match published {
        None => crate::routes::not_found().await,
        Some(Err(errors)) => invalid(errors),
        Some(Ok(())) => {
            publish_status(sandbox.config().page_widgets_publish_status).into_response()
        }
    }
}

/// The configured success status of a publish: 204 (the reference) unless set to 201 (the guide).
fn publish_status(configured: u16) -> StatusCode {
    match configured {
        201 => StatusCode::CREATED,
        _ => StatusCode::NO_CONTENT,
    }
}

/// A 422 in the page-widgets `ErrorResponse` shape.
fn invalid(errors: FieldErrors) -> Response {
    error::widgets_error(
        StatusCode::UNPROCESSABLE_ENTITY,
        INVALID_TITLE,
        errors.into_value(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::StoreState;
    use pageport_model::{ChannelId, Limits, WidgetTemplate};

    fn store_with_template(uuid: &str, channel: u64) -> StoreState {
        let mut store = StoreState::empty("s", "t", 0);
        let template: WidgetTemplate = serde_json::from_value(json!({
            "uuid": uuid, "name": "T", "template": "", "channel_id": channel
        }))
        .unwrap();
        store.widget_templates.insert(uuid.to_owned(), template);
        store
    }

    #[test]
    fn templates_of_channel_zero_serve_every_channel() {
        let uuid = "0b0c5a9e-1d1f-4e0c-9b8a-7f6e5d4c3b2a";
        let store = store_with_template(uuid, 0);
        assert!(validate::template_usable(&store, uuid, ChannelId(1)));
        assert!(validate::template_usable(&store, uuid, ChannelId(7)));
        let store = store_with_template(uuid, 2);
        assert!(!validate::template_usable(&store, uuid, ChannelId(1)));
        assert!(validate::template_usable(&store, uuid, ChannelId(2)));
    }

    #[test]
    fn a_widget_of_a_provided_template_publishes_on_channel_one() {
        let uuid = "0b0c5a9e-1d1f-4e0c-9b8a-7f6e5d4c3b2a";
        let store = store_with_template(uuid, 0);
        let body = json!({"regions": [{"name": "r", "children": [
            {"type": "widget", "widget_template_uuid": uuid}
        ]}]});
        let valid = validate::validate_publish(&body, &store, &Limits::default()).unwrap();
        assert_eq!(valid.key.channel_id, ChannelId(1));
        assert_eq!(valid.regions.len(), 1);
    }

    #[test]
    fn publish_status_defaults_to_204() {
        assert_eq!(publish_status(204), StatusCode::NO_CONTENT);
        assert_eq!(publish_status(201), StatusCode::CREATED);
        assert_eq!(publish_status(418), StatusCode::NO_CONTENT);
    }

    #[test]
    fn empty_snapshot_has_zero_totals() {
        let body = snapshot_body(Vec::new());
        assert_eq!(body["data"]["regions"], json!([]));
        assert_eq!(body["meta"]["pagination"]["total"], 0);
        assert_eq!(body["meta"]["pagination"]["total_pages"], 0);
        assert_eq!(body["meta"]["pagination"]["per_page"], 50);
    }
}
