//! Product channel assignments (`/catalog/products/channel-assignments`, [PR]): which channels
//! sell which products. List with `product_id:in` / `channel_id:in`, create with `PUT` (an
//! upsert: assigning twice is harmless), delete by filter.

use super::list_in_store;
use crate::error;
use crate::query::QueryParams;
use crate::server::StoreCtx;
use crate::state::Sandbox;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Extension, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use pageport_model::{ChannelId, ProductChannelAssignment, ProductId};
use serde_json::{Map, Value, json};

const COLLECTION: &str = "/stores/{store_hash}/v3/catalog/products/channel-assignments";

/// The query parameters the list implements; any other is a 400.
const LIST_PARAMS: &[&str] = &["product_id:in", "channel_id:in", "page", "limit"];

/// The query parameters a delete implements.
const DELETE_PARAMS: &[&str] = &["product_id:in", "channel_id:in"];

/// The routes of channel assignments.
pub(super) fn routes() -> Router<Sandbox> {
    Router::new().route(COLLECTION, get(list).put(assign).delete(unassign))
}

type Filters = (Option<Vec<u64>>, Option<Vec<u64>>);

fn parse(params: &QueryParams) -> Result<Filters, String> {
    Ok((
        params.u64_list("product_id:in")?,
        params.u64_list("channel_id:in")?,
    ))
}

fn matches((products, channels): &Filters, assignment: &ProductChannelAssignment) -> bool {
    products
        .as_ref()
        .is_none_or(|ids| ids.contains(&assignment.product_id.get()))
        && channels
            .as_ref()
            .is_none_or(|ids| ids.contains(&assignment.channel_id.get()))
}

/// `GET /catalog/products/channel-assignments`, ordered by product, then channel.
async fn list(
    State(sandbox): State<Sandbox>,
    Extension(ctx): Extension<StoreCtx>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    list_in_store(
        &sandbox,
        &ctx.store_hash,
        pairs,
        LIST_PARAMS,
        parse,
        |filters, store| {
            store
                .product_channels
                .iter()
                .filter(|a| matches(filters, a))
                .copied()
                .collect()
        },
    )
    .await
}

/// `PUT /catalog/products/channel-assignments`: an array of `{product_id, channel_id}`. 204;
/// 422 naming every item whose product or channel does not exist, nothing written.
///
/// ASSUMPTION: [PR] says only that the 422 "includes the errors for each reference id"; the
/// sandbox keys them `<index>.<field>` and writes nothing when any item is refused.
async fn assign(
    State(sandbox): State<Sandbox>,
    Extension(ctx): Extension<StoreCtx>,
    Query(pairs): Query<Vec<(String, String)>>,
    body: Bytes,
) -> Response {
    if let Err(refused) = QueryParams::accept(pairs, &[]) {
        return refused;
    }
    let Ok(Value::Array(items)) = serde_json::from_slice::<Value>(&body) else {
        return invalid(json!({"body": "must be a JSON array of channel assignments"}));
    };
    let written = sandbox.write_store(&ctx.store_hash, |store| {
        let mut problems = Map::new();
        let mut assignments = Vec::new();
        for (index, item) in items.iter().enumerate() {
            let id = |field: &str| item.get(field).and_then(Value::as_u64);
            match (id("product_id"), id("channel_id")) {
                (Some(product), Some(channel)) => {
                    if !store.products.contains_key(&product) {
                        problems.insert(
                            format!("{index}.product_id"),
                            format!("the product {product} does not exist").into(),
                        );
                    } else if !store.channels.contains_key(&ChannelId(channel)) {
                        problems.insert(
                            format!("{index}.channel_id"),
                            format!("the channel {channel} does not exist").into(),
                        );
                    } else {
                        assignments.push(ProductChannelAssignment {
                            product_id: ProductId(product),
                            channel_id: ChannelId(channel),
                        });
                    }
                }
                (None, _) => {
                    problems.insert(format!("{index}.product_id"), "error.path.missing".into());
                }
                (_, None) => {
                    problems.insert(format!("{index}.channel_id"), "error.path.missing".into());
                }
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        store.product_channels.extend(assignments);
        Ok(())
    });
    match written {
        None => crate::routes::not_found().await,
        Some(Err(problems)) => invalid(Value::Object(problems)),
        Some(Ok(())) => StatusCode::NO_CONTENT.into_response(),
    }
}

/// `DELETE /catalog/products/channel-assignments?product_id:in=…&channel_id:in=…`: removes the
/// assignments matching every filter given; 204, or 422 without any filter.
async fn unassign(
    State(sandbox): State<Sandbox>,
    Extension(ctx): Extension<StoreCtx>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    let params = match QueryParams::accept(pairs, DELETE_PARAMS) {
        Ok(params) => params,
        Err(refused) => return refused,
    };
    let filters = match parse(&params) {
        Ok(filters) => filters,
        Err(message) => return invalid(json!({"query": message})),
    };
    if filters.0.is_none() && filters.1.is_none() {
        return error::widgets_error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "At least one filter must be provided in order to delete channel assignments",
            json!({}),
        );
    }
    let removed = sandbox.write_store(&ctx.store_hash, |store| {
        store.product_channels.retain(|a| !matches(&filters, a));
    });
    match removed {
        None => crate::routes::not_found().await,
        Some(()) => StatusCode::NO_CONTENT.into_response(),
    }
}

/// A 422 in [PR]'s `beta5ErrorResponse` shape: `{status, title, type, instance, errors}`.
fn invalid(errors: Value) -> Response {
    error::widgets_error(
        StatusCode::UNPROCESSABLE_ENTITY,
        "The channel assignments were not valid",
        errors,
    )
}
