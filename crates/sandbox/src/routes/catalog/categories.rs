//! Classic categories (`/catalog/categories`, [CAT]): list with filters, create one. The
//! endpoint is deprecated in favour of category trees and sees only channel 1's tree
//! (CONTRACT §9): the same stored categories the tree endpoints serve.

use super::category_rules::{self, CategoryProblem, NewCategory};
use super::{
    Problems, Refusal, create_in_store, list_in_store, optional_bool, optional_string,
    required_string, same_text,
};
use crate::query::QueryParams;
use crate::server::StoreCtx;
use crate::state::{Sandbox, StoreState};
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Extension, Query, State};
use axum::response::Response;
use axum::routing::get;
use pageport_model::{Category, ChannelId};
use serde_json::{Map, Value};

const COLLECTION: &str = "/stores/{store_hash}/v3/catalog/categories";

/// The query parameters the list implements; any other is a 400.
const LIST_PARAMS: &[&str] = &[
    "id",
    "id:in",
    "name",
    "parent_id",
    "parent_id:in",
    "limit",
    "page",
];

/// The routes of categories.
pub(super) fn routes() -> Router<Sandbox> {
    Router::new().route(COLLECTION, get(list).post(create))
}

/// The filters of a category list.
struct Filters {
    id: Option<u64>,
    ids: Option<Vec<u64>>,
    name: Option<String>,
    parent_id: Option<u64>,
    parent_ids: Option<Vec<u64>>,
}

impl Filters {
    fn parse(params: &QueryParams) -> Result<Self, String> {
        Ok(Self {
            id: params.u64("id")?,
            ids: params.u64_list("id:in")?,
            name: params.get("name").map(str::to_owned),
            parent_id: params.u64("parent_id")?,
            parent_ids: params.u64_list("parent_id:in")?,
        })
    }

    fn matches(&self, category: &Category) -> bool {
        let id = category.id.get();
        self.id.is_none_or(|wanted| wanted == id)
            && self.ids.as_ref().is_none_or(|ids| ids.contains(&id))
            && self
                .name
                .as_deref()
                .is_none_or(|wanted| same_text(wanted, &category.name))
            && self
                .parent_id
                .is_none_or(|wanted| wanted == category.parent_id)
            && self
                .parent_ids
                .as_ref()
                .is_none_or(|ids| ids.contains(&category.parent_id))
    }
}

/// `GET /catalog/categories`, ordered by id.
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
        Filters::parse,
        |filters, store| {
            let tree = store.tree_of(ChannelId::DEFAULT);
            store
                .categories
                .values()
                .filter(|c| Some(c.tree_id) == tree)
                .map(|c| &c.category)
                .filter(|c| filters.matches(c))
                .cloned()
                .collect()
        },
    )
    .await
}

/// `POST /catalog/categories`: 200 with the new category, created in channel 1's tree; 409 for
/// a name already used by a sibling; 422 for a missing field, a name over 50 characters, an
/// unknown parent (or one in another tree) or a ninth level.
async fn create(
    State(sandbox): State<Sandbox>,
    Extension(ctx): Extension<StoreCtx>,
    Query(pairs): Query<Vec<(String, String)>>,
    body: Bytes,
) -> Response {
    create_in_store(&sandbox, &ctx.store_hash, pairs, &body, new_category).await
}

fn new_category(body: &Map<String, Value>, store: &mut StoreState) -> Result<Category, Refusal> {
    let mut problems = Problems::new();
    let parent_id = match body.get("parent_id") {
        None | Some(Value::Null) => {
            problems.insert("parent_id".into(), "error.path.missing".into());
            None
        }
        Some(value) => {
            let id = value.as_u64();
            if id.is_none() {
                problems.insert("parent_id".into(), "error.expected.jsnumber".into());
            }
            id
        }
    };
    let name = required_string(body, "name", 50, &mut problems);
    let description = optional_string(body, "description", 65_535, &mut problems);
    let is_visible = optional_bool(body, "is_visible", &mut problems);
    let (Some(parent_id), Some(name)) = (parent_id, name) else {
        return Err(Refusal::Invalid(problems));
    };
    if !problems.is_empty() {
        return Err(Refusal::Invalid(problems));
    }
    let Some(tree_id) = store.tree_of(ChannelId::DEFAULT) else {
        return Err(Refusal::invalid(
            "parent_id",
            "channel 1 has no category tree to create the category in",
        ));
    };
    let new = NewCategory {
        tree_id,
        parent_id,
        name,
        description: description.unwrap_or_default(),
        is_visible: is_visible.unwrap_or(true),
        url: None,
    };
    match category_rules::insert(store, &new) {
        Ok(stored) => Ok(stored.category),
        Err(CategoryProblem::Invalid { field, message }) => Err(Refusal::invalid(field, message)),
        Err(CategoryProblem::DuplicateName) => Err(Refusal::conflict(
            "name",
            "The category name is a duplicate",
        )),
    }
}
