//! Classic categories (`/catalog/categories`, [CAT]): list with filters, create one.

use super::{
    Problems, Refusal, create_in_store, list_in_store, optional_bool, optional_string,
    required_string, same_text, slug,
};
use crate::query::QueryParams;
use crate::server::StoreCtx;
use crate::state::{Sandbox, StoreState};
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Extension, Query, State};
use axum::response::Response;
use axum::routing::get;
use pageport_model::{Category, CategoryId, CustomUrl};
use serde_json::{Map, Value, json};

const COLLECTION: &str = "/stores/{store_hash}/v3/catalog/categories";

/// The deepest a category may sit (8 levels, [CAT] createCategory).
const MAX_DEPTH: usize = 8;

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
        Filters::parse,
        |filters, store| {
            store
                .categories
                .values()
                .filter(|c| filters.matches(c))
                .cloned()
                .collect()
        },
    )
    .await
}

/// `POST /catalog/categories`: 200 with the new category; 409 for a name already used by a
/// sibling; 422 for a missing field, a name over 50 characters, an unknown parent or a ninth level.
async fn create(
    State(sandbox): State<Sandbox>,
    Extension(ctx): Extension<StoreCtx>,
    body: Bytes,
) -> Response {
    create_in_store(&sandbox, &ctx.store_hash, &body, |body, store| {
        let category = new_category(body, store)?;
        store.categories.insert(category.id.get(), category.clone());
        Ok(category)
    })
    .await
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
    // ASSUMPTION (CONTRACT §9): an unknown parent is invalid data (422), not a conflict.
    let parent_url = match parent_id {
        0 => Some(String::from("/")),
        id => store.categories.get(&id).map(|parent| {
            parent
                .custom_url
                .as_ref()
                .map_or_else(|| String::from("/"), |url| url.url.clone())
        }),
    };
    let Some(parent_url) = parent_url else {
        problems.insert(
            "parent_id".into(),
            format!("the parent category {parent_id} does not exist").into(),
        );
        return Err(Refusal::Invalid(problems));
    };
    if depth_of(store, parent_id) + 1 > MAX_DEPTH {
        problems.insert(
            "parent_id".into(),
            format!("categories nest at most {MAX_DEPTH} levels deep").into(),
        );
    }
    if !problems.is_empty() {
        return Err(Refusal::Invalid(problems));
    }
    if store
        .categories
        .values()
        .any(|c| c.parent_id == parent_id && same_text(&c.name, name))
    {
        return Err(Refusal::conflict(
            "name",
            "The category name is a duplicate",
        ));
    }
    let mut extra = pageport_model::Extra::new();
    extra.insert("description".into(), description.unwrap_or_default().into());
    extra.insert("views".into(), 0.into());
    extra.insert("sort_order".into(), 0.into());
    extra.insert("page_title".into(), "".into());
    extra.insert("search_keywords".into(), "".into());
    extra.insert("meta_keywords".into(), json!([]));
    extra.insert("meta_description".into(), "".into());
    extra.insert("layout_file".into(), "category.html".into());
    extra.insert("is_visible".into(), is_visible.unwrap_or(true).into());
    extra.insert("default_product_sort".into(), "use_store_settings".into());
    extra.insert("image_url".into(), "".into());
    Ok(Category {
        id: CategoryId(StoreState::take_id(&mut store.next_ids.category)),
        parent_id,
        name: name.to_owned(),
        custom_url: Some(CustomUrl {
            url: format!("{parent_url}{}/", slug(name)),
            is_customized: false,
        }),
        extra,
    })
}

/// How deep a category sits: 0 for the root (`0`), 1 for a top-level category.
fn depth_of(store: &StoreState, mut id: u64) -> usize {
    let mut depth = 0;
    while id != 0 && depth <= MAX_DEPTH {
        depth += 1;
        id = store.categories.get(&id).map_or(0, |c| c.parent_id);
    }
    depth
}
