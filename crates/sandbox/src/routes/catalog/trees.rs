//! Category trees (`/catalog/trees`, [CT]): list with `id:in` / `channel_id:in`, and the upsert
//! `PUT` that creates trees (assigned to one channel each) and renames them.

use super::list_in_store;
use crate::error;
use crate::query::QueryParams;
use crate::server::StoreCtx;
use crate::state::{Sandbox, StoreState};
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Extension, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Json, routing::get};
use pageport_model::{CategoryTree, CategoryTreeId, ChannelId};
use serde_json::{Map, Value, json};

const COLLECTION: &str = "/stores/{store_hash}/v3/catalog/trees";

/// The query parameters the list implements; any other is a 400.
///
/// ASSUMPTION: [CT] lists only `id:in` and `channel_id:in` for this endpoint, yet its answer
/// carries pagination whose example links are `?limit=5&page=2`; the sandbox takes `page` and
/// `limit` as on every other catalog list (default 50, at most 250).
const LIST_PARAMS: &[&str] = &["id:in", "channel_id:in", "page", "limit"];

/// The most trees one upsert may hold ([CT]: "Batches are limited to 50 trees").
const MAX_BATCH: usize = 50;

/// The routes of category trees.
pub(super) fn routes() -> Router<Sandbox> {
    Router::new().route(COLLECTION, get(list).put(upsert))
}

/// `GET /catalog/trees`, ordered by id.
async fn list(
    State(sandbox): State<Sandbox>,
    Extension(ctx): Extension<StoreCtx>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    let parse = |params: &QueryParams| -> Result<_, String> {
        Ok((params.u64_list("id:in")?, params.u64_list("channel_id:in")?))
    };
    list_in_store(
        &sandbox,
        &ctx.store_hash,
        pairs,
        LIST_PARAMS,
        parse,
        |(ids, channels), store| {
            store
                .category_trees
                .values()
                .filter(|t| ids.as_ref().is_none_or(|ids| ids.contains(&t.id.get())))
                .filter(|t| {
                    channels
                        .as_ref()
                        .is_none_or(|wanted| t.channels.iter().any(|c| wanted.contains(&c.get())))
                })
                .cloned()
                .collect()
        },
    )
    .await
}

/// `PUT /catalog/trees`: an array of trees; each with an `id` renames that tree, each without
/// creates one (`name` and exactly one channel in `channels`). 200 with the trees as they are
/// now; 413 over 50 trees; 422 naming every refused item by index, nothing written.
///
/// ASSUMPTION: [CT] does not say whether one bad tree stops the others; the sandbox writes
/// nothing then, and refuses a channel that already has a tree (a channel has one tree).
async fn upsert(
    State(sandbox): State<Sandbox>,
    Extension(ctx): Extension<StoreCtx>,
    Query(pairs): Query<Vec<(String, String)>>,
    body: Bytes,
) -> Response {
    if let Err(refused) = QueryParams::accept(pairs, &[]) {
        return refused;
    }
    let items = match serde_json::from_slice::<Value>(&body) {
        Ok(Value::Array(items)) => items,
        _ => return invalid(json!({"body": "must be a JSON array of trees"})),
    };
    if items.len() > MAX_BATCH {
        return error::widgets_error(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "A batch may hold at most {MAX_BATCH} trees, got {}",
                items.len()
            ),
            json!({}),
        );
    }
    let written = sandbox.write_store(&ctx.store_hash, |store| {
        // Only what an upsert reads and writes, so a refused batch leaves the store untouched.
        let mut staged = StoreState {
            category_trees: store.category_trees.clone(),
            channels: store.channels.clone(),
            next_ids: store.next_ids.clone(),
            ..StoreState::default()
        };
        let mut problems = Map::new();
        let mut trees = Vec::new();
        for (index, item) in items.iter().enumerate() {
            match upsert_one(&mut staged, item) {
                Ok(tree) => trees.push(tree),
                Err((field, message)) => {
                    problems.insert(format!("{index}.{field}"), message.into());
                }
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        store.category_trees = staged.category_trees;
        store.next_ids.tree = staged.next_ids.tree;
        Ok(trees)
    });
    match written {
        None => crate::routes::not_found().await,
        Some(Err(problems)) => invalid(Value::Object(problems)),
        Some(Ok(trees)) => {
            let count = trees.len();
            Json(json!({"data": trees, "meta": {"total": count, "success": count, "failed": 0}}))
                .into_response()
        }
    }
}

/// Creates or renames one tree in `store`; `Err` names the field and the problem.
fn upsert_one(
    store: &mut StoreState,
    item: &Value,
) -> Result<CategoryTree, (&'static str, String)> {
    let Some(object) = item.as_object() else {
        return Err(("body", "must be a JSON object".into()));
    };
    let name = match object.get("name") {
        None | Some(Value::Null) => None,
        Some(Value::String(name)) if (1..=255).contains(&name.chars().count()) => {
            Some(name.clone())
        }
        Some(_) => return Err(("name", "must be a string of 1 to 255 characters".into())),
    };
    match object.get("id") {
        None | Some(Value::Null) => create(store, name, object.get("channels")),
        Some(id) => {
            let Some(id) = id.as_u64().map(CategoryTreeId) else {
                return Err(("id", "error.expected.jsnumber".into()));
            };
            if object.get("channels").is_some() {
                return Err((
                    "channels",
                    "must be absent when updating a category tree".into(),
                ));
            }
            let Some(tree) = store.category_trees.get_mut(&id) else {
                return Err(("id", format!("the category tree {id} does not exist")));
            };
            if let Some(name) = name {
                tree.name = name;
            }
            Ok(tree.clone())
        }
    }
}

fn create(
    store: &mut StoreState,
    name: Option<String>,
    channels: Option<&Value>,
) -> Result<CategoryTree, (&'static str, String)> {
    let Some(name) = name else {
        return Err(("name", "error.path.missing".into()));
    };
    let channel = match channels.and_then(Value::as_array).map(Vec::as_slice) {
        Some([one]) => one
            .as_u64()
            .map(ChannelId)
            .ok_or(("channels", "error.expected.jsnumber".to_owned()))?,
        Some([_, _, ..]) => {
            return Err((
                "channels",
                "a category tree is assigned to one channel".into(),
            ));
        }
        _ => return Err(("channels", "a new category tree needs its channel".into())),
    };
    if !store.channels.contains_key(&channel) {
        return Err(("channels", format!("the channel {channel} does not exist")));
    }
    if let Some(existing) = store.tree_of(channel) {
        return Err((
            "channels",
            format!("the channel {channel} already has the category tree {existing}"),
        ));
    }
    let tree = CategoryTree {
        id: CategoryTreeId(StoreState::take_id(&mut store.next_ids.tree)),
        name,
        channels: vec![channel],
        extra: pageport_model::Extra::new(),
    };
    store.category_trees.insert(tree.id, tree.clone());
    Ok(tree)
}

/// A 422 in [CT]'s `beta4ErrorResponse` shape: `{status, title, type, instance, errors}`.
fn invalid(errors: Value) -> Response {
    error::widgets_error(
        StatusCode::UNPROCESSABLE_ENTITY,
        "The category trees were not valid",
        errors,
    )
}
