//! Brands (`/catalog/brands`, [BR]): list with filters, create one.

use super::{
    Problems, Refusal, create_in_store, list_in_store, optional_string, required_string, same_text,
};
use crate::query::QueryParams;
use crate::server::StoreCtx;
use crate::state::{Sandbox, StoreState};
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Extension, Query, State};
use axum::response::Response;
use axum::routing::get;
use pageport_model::{Brand, BrandId};
use serde_json::{Map, Value, json};

const COLLECTION: &str = "/stores/{store_hash}/v3/catalog/brands";

/// The query parameters the list implements; any other is a 400.
const LIST_PARAMS: &[&str] = &["id", "id:in", "name", "name:like", "limit", "page"];

/// The routes of brands.
pub(super) fn routes() -> Router<Sandbox> {
    Router::new().route(COLLECTION, get(list).post(create))
}

/// `GET /catalog/brands` with `id`, `id:in`, `name`, `name:like`, ordered by id.
async fn list(
    State(sandbox): State<Sandbox>,
    Extension(ctx): Extension<StoreCtx>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    let parse = |params: &QueryParams| -> Result<_, String> {
        Ok((
            params.u64("id")?,
            params.u64_list("id:in")?,
            params.get("name").map(str::to_owned),
            params.get("name:like").map(str::to_lowercase),
        ))
    };
    list_in_store(
        &sandbox,
        &ctx.store_hash,
        pairs,
        LIST_PARAMS,
        parse,
        |(id, ids, name, like), store| {
            store
                .brands
                .values()
                .filter(|b| id.is_none_or(|id| b.id.get() == id))
                .filter(|b| ids.as_ref().is_none_or(|ids| ids.contains(&b.id.get())))
                .filter(|b| name.as_deref().is_none_or(|name| same_text(name, &b.name)))
                .filter(|b| {
                    like.as_deref()
                        .is_none_or(|like| b.name.to_lowercase().contains(like))
                })
                .cloned()
                .collect()
        },
    )
    .await
}

/// `POST /catalog/brands`: 200 with the new brand; 409 for a duplicate name.
async fn create(
    State(sandbox): State<Sandbox>,
    Extension(ctx): Extension<StoreCtx>,
    Query(pairs): Query<Vec<(String, String)>>,
    body: Bytes,
) -> Response {
    create_in_store(&sandbox, &ctx.store_hash, pairs, &body, |body, store| {
        let brand = new_brand(body, store)?;
        store.brands.insert(brand.id.get(), brand.clone());
        Ok(brand)
    })
    .await
}

fn new_brand(body: &Map<String, Value>, store: &mut StoreState) -> Result<Brand, Refusal> {
    let mut problems = Problems::new();
    let name = required_string(body, "name", 255, &mut problems);
    let page_title = optional_string(body, "page_title", 255, &mut problems);
    let Some(name) = name.filter(|_| problems.is_empty()) else {
        return Err(Refusal::Invalid(problems));
    };
    if store.brands.values().any(|b| same_text(&b.name, name)) {
        return Err(Refusal::conflict("name", "The brand name is a duplicate"));
    }
    Ok(brand(
        BrandId(StoreState::take_id(&mut store.next_ids.brand)),
        name,
        page_title.unwrap_or_default(),
    ))
}

/// A brand with the catalog's defaults; its URL is `/brands/<Name-With-Dashes>.html` ([BR] ex).
fn brand(id: BrandId, name: &str, page_title: &str) -> Brand {
    let mut extra = pageport_model::Extra::new();
    extra.insert("page_title".into(), page_title.into());
    extra.insert("meta_keywords".into(), json!([]));
    extra.insert("meta_description".into(), "".into());
    extra.insert("image_url".into(), "".into());
    extra.insert("search_keywords".into(), "".into());
    extra.insert(
        "custom_url".into(),
        super::custom_url(format!("/brands/{}.html", name.trim().replace(' ', "-"))),
    );
    Brand {
        id,
        name: name.to_owned(),
        extra,
    }
}
