//! The categories of category trees (`/catalog/trees/categories`, [CT]): list with filters
//! across trees, and create in bulk. The same stored categories as the classic endpoint.

use super::category_rules::{self, CategoryProblem, NewCategory};
use super::{list_in_store, same_text};
use crate::query::QueryParams;
use crate::server::StoreCtx;
use crate::state::{Sandbox, StoreState, StoredCategory};
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Extension, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Json, routing::get};
use pageport_model::api_error::STATUS_CODES_DOC;
use pageport_model::{CategoryTreeId, TreeCategory};
use serde_json::{Map, Value, json};

const COLLECTION: &str = "/stores/{store_hash}/v3/catalog/trees/categories";

/// The query parameters the list implements; any other ([CT] also documents `…:not_in`,
/// `category_uuid:in`, `page_title`, `keyword`, `include_fields`, …) is a 400.
const LIST_PARAMS: &[&str] = &[
    "category_id:in",
    "tree_id:in",
    "parent_id:in",
    "name",
    "name:like",
    "is_visible",
    "page",
    "limit",
];

/// The routes of tree categories.
pub(super) fn routes() -> Router<Sandbox> {
    Router::new().route(COLLECTION, get(list).post(create))
}

/// The filters of a tree-category list.
struct Filters {
    ids: Option<Vec<u64>>,
    trees: Option<Vec<u64>>,
    parents: Option<Vec<u64>>,
    name: Option<String>,
    name_like: Option<String>,
    is_visible: Option<bool>,
}

impl Filters {
    fn parse(params: &QueryParams) -> Result<Self, String> {
        Ok(Self {
            ids: params.u64_list("category_id:in")?,
            trees: params.u64_list("tree_id:in")?,
            parents: params.u64_list("parent_id:in")?,
            name: params.get("name").map(str::to_owned),
            name_like: params.get("name:like").map(str::to_lowercase),
            is_visible: params.bool("is_visible")?,
        })
    }

    /// `name` matches exactly but without case, `name:like` a substring of the name without case.
    fn matches(&self, stored: &StoredCategory) -> bool {
        let category = &stored.category;
        let within = |list: &Option<Vec<u64>>, value: u64| {
            list.as_ref().is_none_or(|list| list.contains(&value))
        };
        within(&self.ids, category.id.get())
            && within(&self.trees, stored.tree_id.get())
            && within(&self.parents, category.parent_id)
            && self
                .name
                .as_deref()
                .is_none_or(|name| same_text(name, &category.name))
            && self
                .name_like
                .as_deref()
                .is_none_or(|like| category.name.to_lowercase().contains(like))
            && self
                .is_visible
                .is_none_or(|wanted| category_rules::is_visible(stored) == wanted)
    }
}

/// `GET /catalog/trees/categories`, ordered by category id.
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
            store
                .categories
                .values()
                .filter(|c| filters.matches(c))
                .map(category_rules::tree_view)
                .collect::<Vec<TreeCategory>>()
        },
    )
    .await
}

/// `POST /catalog/trees/categories`: an array of categories, each with `name` and `tree_id`
/// (top level) or `parent_id` (child). 201 `{data: [...], meta: {total, success, failed}}`;
/// 422 in [CT]'s `ErrorResponse` shape naming every refused item by index.
///
/// ASSUMPTION: [CT] documents a 207 for partial success without saying which failures give
/// it; the sandbox checks the whole batch and writes nothing when any item is refused (422),
/// including a name already used by a sibling (no 409 is documented here).
async fn create(
    State(sandbox): State<Sandbox>,
    Extension(ctx): Extension<StoreCtx>,
    Query(pairs): Query<Vec<(String, String)>>,
    body: Bytes,
) -> Response {
    if let Err(refused) = QueryParams::accept(pairs, &[]) {
        return refused;
    }
    let items = match serde_json::from_slice::<Value>(&body) {
        Ok(Value::Array(items)) if !items.is_empty() => items,
        _ => {
            let problems = Map::from_iter([(
                "body".to_owned(),
                json!("must be a non-empty JSON array of categories"),
            )]);
            return invalid(problems, 0);
        }
    };
    let total = items.len();
    let created = sandbox.write_store(&ctx.store_hash, |store| {
        let (categories, next_id) = (store.categories.clone(), store.next_ids.category);
        let mut problems = Map::new();
        let mut created = Vec::new();
        for (index, item) in items.iter().enumerate() {
            match create_one(store, item) {
                Ok(stored) => created.push(category_rules::tree_view(&stored)),
                Err((field, message)) => {
                    problems.insert(format!("{index}.{field}"), message.into());
                }
            }
        }
        if problems.is_empty() {
            Ok(created)
        } else {
            store.categories = categories;
            store.next_ids.category = next_id;
            Err(problems)
        }
    });
    match created {
        None => crate::routes::not_found().await,
        Some(Err(problems)) => invalid(problems, total),
        Some(Ok(created)) => (
            StatusCode::CREATED,
            Json(json!({"data": created, "meta": {"total": total, "success": total, "failed": 0}})),
        )
            .into_response(),
    }
}

/// Reads and creates one category; `Err` names the field and the problem.
fn create_one(
    store: &mut StoreState,
    item: &Value,
) -> Result<StoredCategory, (&'static str, String)> {
    let Some(object) = item.as_object() else {
        return Err(("body", "must be a JSON object".into()));
    };
    let name = match object.get("name") {
        Some(Value::String(name)) if (1..=50).contains(&name.chars().count()) => name.as_str(),
        Some(Value::String(_)) => return Err(("name", "must be 1 to 50 characters long".into())),
        None | Some(Value::Null) => return Err(("name", "error.path.missing".into())),
        Some(_) => return Err(("name", "error.expected.jsstring".into())),
    };
    let number = |field: &'static str| match object.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => value
            .as_u64()
            .map(Some)
            .ok_or((field, "error.expected.jsnumber".to_owned())),
    };
    let tree_id = number("tree_id")?.map(CategoryTreeId);
    let parent_id = number("parent_id")?.unwrap_or(0);
    let tree_id = match (tree_id, parent_id) {
        (None, 0) => {
            return Err((
                "tree_id",
                "either `tree_id` or `parent_id` is required".into(),
            ));
        }
        (Some(tree), 0) => tree,
        (wanted, parent) => {
            let Some(parent_tree) = store.categories.get(&parent).map(|c| c.tree_id) else {
                return Err((
                    "parent_id",
                    format!("the parent category {parent} does not exist"),
                ));
            };
            if wanted.is_some_and(|tree| tree != parent_tree) {
                return Err((
                    "tree_id",
                    format!("the parent category {parent} is in tree {parent_tree}"),
                ));
            }
            parent_tree
        }
    };
    if !store.category_trees.contains_key(&tree_id) {
        return Err((
            "tree_id",
            format!("the category tree {tree_id} does not exist"),
        ));
    }
    let url = match object.get("url") {
        None | Some(Value::Null) => None,
        Some(url) => match url.get("path").and_then(Value::as_str) {
            Some(path) if path.starts_with('/') && path.chars().count() <= 255 => Some(path),
            _ => {
                return Err((
                    "url",
                    "`url.path` must be a path starting with `/`, at most 255 characters".into(),
                ));
            }
        },
    };
    let description = match object.get("description") {
        None | Some(Value::Null) => "",
        Some(Value::String(text)) => text.as_str(),
        Some(_) => return Err(("description", "error.expected.jsstring".into())),
    };
    let is_visible = match object.get("is_visible") {
        None | Some(Value::Null) => true,
        Some(Value::Bool(flag)) => *flag,
        Some(_) => return Err(("is_visible", "error.expected.jsboolean".into())),
    };
    let new = NewCategory {
        tree_id,
        parent_id,
        name,
        description,
        is_visible,
        url,
    };
    category_rules::insert(store, &new).map_err(|problem| match problem {
        CategoryProblem::Invalid { field, message } => (field, message),
        CategoryProblem::DuplicateName => (
            "name",
            format!("a sibling in tree {tree_id} is already named `{name}`"),
        ),
    })
}

/// A 422 in [CT]'s `ErrorResponse` shape: `{errors: {status, title, type, errors}, meta:
/// {total, success, failed}}`.
fn invalid(problems: Map<String, Value>, total: usize) -> Response {
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        Json(json!({
            "errors": {
                "status": 422,
                "title": "The Category was not valid",
                "type": STATUS_CODES_DOC,
                "errors": problems,
            },
            "meta": {"total": total, "success": 0, "failed": total},
        })),
    )
        .into_response()
}
