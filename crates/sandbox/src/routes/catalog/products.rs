//! Products (`/catalog/products`, [PR]): list with filters, get one, create one.

use super::{
    Problems, Refusal, create_in_store, list_in_store, not_found, optional_bool, optional_string,
    optional_u64, required_string, same_text, single, slug,
};
use crate::query::QueryParams;
use crate::server::StoreCtx;
use crate::state::{Sandbox, StoreState};
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Extension, Path, Query, State};
use axum::response::Response;
use axum::routing::get;
use pageport_model::{
    BrandId, CategoryId, ChannelId, Product, ProductChannelAssignment, ProductId,
};
use serde_json::{Map, Value};

const COLLECTION: &str = "/stores/{store_hash}/v3/catalog/products";
const ITEM: &str = "/stores/{store_hash}/v3/catalog/products/{product_id}";

/// The product types [PR] accepts.
const TYPES: &[&str] = &["physical", "digital"];

/// The query parameters the list implements; any other is a 400.
const LIST_PARAMS: &[&str] = &["id", "id:in", "sku", "sku:in", "name", "limit", "page"];

/// The routes of products.
pub(super) fn routes() -> Router<Sandbox> {
    Router::new()
        .route(COLLECTION, get(list).post(create))
        .route(ITEM, get(fetch))
}

/// The filters of a product list.
struct Filters {
    id: Option<u64>,
    ids: Option<Vec<u64>>,
    sku: Option<String>,
    skus: Option<Vec<String>>,
    name: Option<String>,
}

impl Filters {
    fn parse(params: &QueryParams) -> Result<Self, String> {
        Ok(Self {
            id: params.u64("id")?,
            ids: params.u64_list("id:in")?,
            sku: params.get("sku").map(str::to_owned),
            skus: params
                .list("sku:in")
                .map(|skus| skus.into_iter().map(str::to_owned).collect()),
            name: params.get("name").map(str::to_owned),
        })
    }

    /// `sku` matches the main SKU only, like `name`, exactly but without case.
    fn matches(&self, product: &Product) -> bool {
        let sku = product.sku.as_deref().unwrap_or_default();
        self.id.is_none_or(|id| product.id.get() == id)
            && self
                .ids
                .as_ref()
                .is_none_or(|ids| ids.contains(&product.id.get()))
            && self
                .sku
                .as_deref()
                .is_none_or(|wanted| same_text(wanted, sku))
            && self
                .skus
                .as_ref()
                .is_none_or(|wanted| wanted.iter().any(|w| same_text(w, sku)))
            && self
                .name
                .as_deref()
                .is_none_or(|wanted| same_text(wanted, &product.name))
    }
}

/// `GET /catalog/products`, ordered by id; `limit` defaults to 50 and is clamped to 250.
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
                .products
                .values()
                .filter(|p| filters.matches(p))
                .cloned()
                .collect()
        },
    )
    .await
}

/// `GET /catalog/products/{product_id}`.
async fn fetch(
    State(sandbox): State<Sandbox>,
    Extension(ctx): Extension<StoreCtx>,
    Path((_, product_id)): Path<(String, String)>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    if let Err(refused) = QueryParams::accept(pairs, &[]) {
        return refused;
    }
    let found = product_id.parse::<u64>().ok().and_then(|id| {
        sandbox
            .read_store(&ctx.store_hash, |store| store.products.get(&id).cloned())
            .flatten()
    });
    match found {
        Some(product) => single(product),
        None => not_found(format!("Product `{product_id}` was not found")),
    }
}

/// `POST /catalog/products`: 200 with the new product; 409 for a duplicate name or SKU or a
/// category or brand that does not exist; 422 for missing or invalid fields.
async fn create(
    State(sandbox): State<Sandbox>,
    Extension(ctx): Extension<StoreCtx>,
    Query(pairs): Query<Vec<(String, String)>>,
    body: Bytes,
) -> Response {
    create_in_store(&sandbox, &ctx.store_hash, pairs, &body, |body, store| {
        let product = new_product(body, store)?;
        store.products.insert(product.id.get(), product.clone());
        // ASSUMPTION: [PR] does not say which channels a product created through the API is
        // assigned to; the sandbox assigns it to channel 1, the default storefront.
        store.product_channels.insert(ProductChannelAssignment {
            product_id: product.id,
            channel_id: ChannelId::DEFAULT,
        });
        Ok(product)
    })
    .await
}

/// Validates a create body and builds the product with the next id.
fn new_product(body: &Map<String, Value>, store: &mut StoreState) -> Result<Product, Refusal> {
    let mut problems = Problems::new();
    let name = required_string(body, "name", 250, &mut problems);
    let kind = required_string(body, "type", 20, &mut problems);
    if kind.is_some_and(|kind| !TYPES.contains(&kind)) {
        problems.insert("type".into(), "must be `physical` or `digital`".into());
    }
    let weight = required_number(body, "weight", &mut problems);
    let price = required_number(body, "price", &mut problems);
    let sku = optional_string(body, "sku", 255, &mut problems).unwrap_or_default();
    let description = optional_string(body, "description", usize::MAX, &mut problems);
    let is_visible = optional_bool(body, "is_visible", &mut problems);
    let brand_id = optional_u64(body, "brand_id", &mut problems).unwrap_or(0);
    let categories = category_ids(body, &mut problems);
    let (Some(name), Some(kind), Some(weight), Some(price)) = (name, kind, weight, price) else {
        return Err(Refusal::Invalid(problems));
    };
    if !problems.is_empty() {
        return Err(Refusal::Invalid(problems));
    }
    check_conflicts(store, name, sku, brand_id, &categories)?;
    let now = crate::timestamps::catalog_now();
    let mut extra = pageport_model::Extra::new();
    extra.insert("description".into(), description.unwrap_or_default().into());
    extra.insert("weight".into(), weight);
    extra.insert("price".into(), price);
    extra.insert("is_visible".into(), is_visible.unwrap_or(true).into());
    extra.insert(
        "custom_url".into(),
        super::custom_url(format!("/{}/", slug(name))),
    );
    extra.insert("date_created".into(), now.clone().into());
    extra.insert("date_modified".into(), now.into());
    Ok(Product {
        id: ProductId(StoreState::take_id(&mut store.next_ids.product)),
        name: name.to_owned(),
        sku: Some(sku.to_owned()),
        product_type: Some(kind.to_owned()),
        categories: Some(categories.into_iter().map(CategoryId).collect()),
        brand_id: Some(BrandId(brand_id)),
        extra,
    })
}

/// The 409s of [PR] createProduct: duplicate name or SKU, dangling category or brand.
fn check_conflicts(
    store: &StoreState,
    name: &str,
    sku: &str,
    brand_id: u64,
    categories: &[u64],
) -> Result<(), Refusal> {
    let duplicate = |field: &str, title: &str| Err(Refusal::conflict(field, title));
    if store.products.values().any(|p| same_text(&p.name, name)) {
        return duplicate("name", "The product name is a duplicate");
    }
    if !sku.trim().is_empty()
        && store
            .products
            .values()
            .any(|p| same_text(p.sku.as_deref().unwrap_or_default(), sku))
    {
        return duplicate("sku", "The product sku is a duplicate");
    }
    if let Some(missing) = categories
        .iter()
        .find(|id| !store.categories.contains_key(id))
    {
        return duplicate(
            "categories",
            &format!("The category with id {missing} does not exist"),
        );
    }
    if brand_id != 0 && !store.brands.contains_key(&brand_id) {
        return duplicate(
            "brand_id",
            &format!("The brand with id {brand_id} does not exist"),
        );
    }
    Ok(())
}

/// A required number, kept as sent (an integer stays an integer).
fn required_number(
    body: &Map<String, Value>,
    field: &str,
    problems: &mut Problems,
) -> Option<Value> {
    match body.get(field) {
        None | Some(Value::Null) => {
            problems.insert(field.into(), "error.path.missing".into());
            None
        }
        Some(value @ Value::Number(number)) if number.as_f64().is_some_and(|n| n >= 0.0) => {
            Some(value.clone())
        }
        Some(_) => {
            problems.insert(field.into(), "error.expected.jsnumber".into());
            None
        }
    }
}

/// The `categories` array of ids, empty when absent.
fn category_ids(body: &Map<String, Value>, problems: &mut Problems) -> Vec<u64> {
    match body.get("categories") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => {
            let ids: Option<Vec<u64>> = items.iter().map(Value::as_u64).collect();
            ids.unwrap_or_else(|| {
                problems.insert("categories".into(), "error.expected.jsarray".into());
                Vec::new()
            })
        }
        Some(_) => {
            problems.insert("categories".into(), "error.expected.jsarray".into());
            Vec::new()
        }
    }
}
