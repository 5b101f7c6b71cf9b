//! The catalog (`/catalog/...`, CONTRACT §9), reduced to what a migration needs to resolve ids:
//! products (matched by SKU), classic categories and brands.
//!
//! - `products`: list with `id`/`id:in`/`sku`/`sku:in`/`name`, get, create
//! - `categories`: the classic (deprecated) view of channel 1's tree: list with
//!   `id`/`id:in`/`name`/`parent_id`/`parent_id:in`, create
//! - `trees`: category trees (Multi-Storefront), list with `id:in`/`channel_id:in`, upsert
//! - `tree_categories`: the categories of every tree, list with `category_id:in`/`tree_id:in`/
//!   `parent_id:in`/`name`/`name:like`/`is_visible`, bulk create
//! - `category_rules`: what both category views share (one store of categories, each with its
//!   tree id; the rules of a new category; the tree view of a category)
//! - `channel_assignments`: which channels sell which products: list, assign (`PUT`), delete
//! - `brands`: list with `id`/`id:in`/`name`/`name:like`, create
//!
//! This module holds what they share: error bodies, body parsing, field checks and URL slugs.
//! Every handler declares the query parameters it implements (`QueryParams::accept`).

mod brands;
mod categories;
mod category_rules;
mod channel_assignments;
mod products;
mod tree_categories;
mod trees;

use crate::error;
use crate::query::QueryParams;
use crate::state::Sandbox;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use pageport_model::Pagination;
use pageport_model::api_error::STATUS_CODES_DOC;
use serde::Serialize;
use serde_json::{Map, Value, json};

/// The largest `limit` the catalog honours ([PR] `maximum: 250`); larger values are clamped.
const MAX_LIMIT: u64 = 250;

/// The title of a 422 for missing or mistyped fields.
const MISSING_OR_INVALID: &str = "JSON data is missing or invalid";

/// The routes of this API family.
pub(crate) fn routes() -> Router<Sandbox> {
    Router::new()
        .merge(products::routes())
        .merge(categories::routes())
        .merge(trees::routes())
        .merge(tree_categories::routes())
        .merge(channel_assignments::routes())
        .merge(brands::routes())
}

/// Problems by field name (`errors` of a catalog 409/422 body).
type Problems = Map<String, Value>;

/// A catalog 404: `{status, title, type, instance}` ([PR] getProduct).
fn not_found(title: impl Into<String>) -> Response {
    (
        StatusCode::NOT_FOUND,
        Json(json!({
            "status": 404,
            "title": title.into(),
            "type": STATUS_CODES_DOC,
            "instance": "",
        })),
    )
        .into_response()
}

/// Why a catalog write is refused; the handler renders it in the catalog's error shape.
#[derive(Debug)]
enum Refusal {
    /// 422: missing or invalid fields.
    Invalid(Problems),
    /// 409: a duplicate or dangling value; `errors` names the field, as in the known example
    /// `{"title":"The product sku is a duplicate","errors":{"sku":"The product sku is a duplicate"}}`.
    Conflict { title: String, problems: Problems },
}

impl Refusal {
    /// A 409 naming one field, the title doubling as its message.
    fn conflict(field: &str, title: impl Into<String>) -> Self {
        let title = title.into();
        let mut problems = Problems::new();
        problems.insert(field.into(), title.clone().into());
        Refusal::Conflict { title, problems }
    }

    /// A 422 naming one field.
    fn invalid(field: &str, message: impl Into<String>) -> Self {
        let mut problems = Problems::new();
        problems.insert(field.into(), message.into().into());
        Refusal::Invalid(problems)
    }

    fn into_response(self) -> Response {
        match self {
            Refusal::Invalid(problems) => error::fields_error(
                StatusCode::UNPROCESSABLE_ENTITY,
                MISSING_OR_INVALID,
                Value::Object(problems),
            ),
            Refusal::Conflict { title, problems } => {
                error::fields_error(StatusCode::CONFLICT, title, Value::Object(problems))
            }
        }
    }
}

/// A 422 for a query parameter of the wrong type.
fn bad_filter(title: String) -> Response {
    error::fields_error(StatusCode::UNPROCESSABLE_ENTITY, title, json!({}))
}

/// The body as a JSON object.
fn parse_object(body: &[u8]) -> Result<Map<String, Value>, Refusal> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(object)) => Ok(object),
        _ => Err(Refusal::invalid("body", "error.expected.jsobject")),
    }
}

/// The list every catalog collection shares: the parameters the route implements (`supported`,
/// which must include `limit` and `page`; any other is a 400), `limit` and `page` (clamped to
/// [`MAX_LIMIT`]) and the family's own filters read from the query by `parse` (a 422 naming
/// the first mistyped one), then one page of what `select` picks (in id order) under the
/// store's lock.
async fn list_in_store<F, T: Serialize + Clone>(
    sandbox: &Sandbox,
    store_hash: &str,
    query: Vec<(String, String)>,
    supported: &'static [&'static str],
    parse: impl FnOnce(&QueryParams) -> Result<F, String>,
    select: impl FnOnce(&F, &crate::state::StoreState) -> Vec<T>,
) -> Response {
    let params = match QueryParams::accept(query, supported) {
        Ok(params) => params,
        Err(refused) => return refused,
    };
    let parsed = params
        .page_request(MAX_LIMIT)
        .and_then(|paging| Ok((paging, parse(&params)?)));
    let (paging, filters) = match parsed {
        Ok(parsed) => parsed,
        Err(message) => return bad_filter(message),
    };
    match sandbox.read_store(store_hash, |store| paging.slice(&select(&filters, store))) {
        Some((data, pagination)) => collection(data, pagination),
        None => crate::routes::not_found().await,
    }
}

/// The shape every catalog create shares: no query parameter (any is a 400), parse the JSON object, build and store the new
/// object under the store's lock, answer 200 with it or with the refusal.
async fn create_in_store<T: Serialize>(
    sandbox: &Sandbox,
    store_hash: &str,
    query: Vec<(String, String)>,
    body: &[u8],
    build_and_insert: impl FnOnce(
        &Map<String, Value>,
        &mut crate::state::StoreState,
    ) -> Result<T, Refusal>,
) -> Response {
    if let Err(refused) = QueryParams::accept(query, &[]) {
        return refused;
    }
    let body = match parse_object(body) {
        Ok(body) => body,
        Err(refusal) => return refusal.into_response(),
    };
    match sandbox.write_store(store_hash, |store| build_and_insert(&body, store)) {
        Some(Ok(created)) => single(created),
        Some(Err(refusal)) => refusal.into_response(),
        None => crate::routes::not_found().await,
    }
}

/// `{data: [...], meta: {pagination}}`.
fn collection<T: Serialize>(data: Vec<T>, pagination: Pagination) -> Response {
    Json(json!({"data": data, "meta": {"pagination": pagination}})).into_response()
}

/// `{data: object, meta: {}}`.
fn single<T: Serialize>(data: T) -> Response {
    Json(json!({"data": data, "meta": {}})).into_response()
}

/// A required string of 1..=`max_chars` characters; problems use the Play-style codes of
/// [CH]'s example (`error.path.missing`, `error.expected.jsstring`).
fn required_string<'a>(
    object: &'a Map<String, Value>,
    field: &str,
    max_chars: usize,
    problems: &mut Problems,
) -> Option<&'a str> {
    match object.get(field) {
        None | Some(Value::Null) => {
            problems.insert(field.into(), "error.path.missing".into());
            None
        }
        Some(Value::String(text)) => check_length(field, text, 1, max_chars, problems),
        Some(_) => {
            problems.insert(field.into(), "error.expected.jsstring".into());
            None
        }
    }
}

/// An optional string of at most `max_chars` characters.
fn optional_string<'a>(
    object: &'a Map<String, Value>,
    field: &str,
    max_chars: usize,
    problems: &mut Problems,
) -> Option<&'a str> {
    match object.get(field) {
        None | Some(Value::Null) => None,
        Some(Value::String(text)) => check_length(field, text, 0, max_chars, problems),
        Some(_) => {
            problems.insert(field.into(), "error.expected.jsstring".into());
            None
        }
    }
}

fn check_length<'a>(
    field: &str,
    text: &'a str,
    min: usize,
    max: usize,
    problems: &mut Problems,
) -> Option<&'a str> {
    let length = text.chars().count();
    if length < min || length > max {
        problems.insert(
            field.into(),
            format!("must be {min} to {max} characters long, got {length}").into(),
        );
        return None;
    }
    Some(text)
}

/// An optional whole number.
fn optional_u64(object: &Map<String, Value>, field: &str, problems: &mut Problems) -> Option<u64> {
    match object.get(field) {
        None | Some(Value::Null) => None,
        Some(value) => {
            let number = value.as_u64();
            if number.is_none() {
                problems.insert(field.into(), "error.expected.jsnumber".into());
            }
            number
        }
    }
}

/// An optional boolean.
fn optional_bool(
    object: &Map<String, Value>,
    field: &str,
    problems: &mut Problems,
) -> Option<bool> {
    match object.get(field) {
        None | Some(Value::Null) => None,
        Some(value) => {
            let flag = value.as_bool();
            if flag.is_none() {
                problems.insert(field.into(), "error.expected.jsboolean".into());
            }
            flag
        }
    }
}

/// Case-insensitive, whitespace-trimmed comparison for names and SKUs.
///
/// ASSUMPTION (CONTRACT §9): uniqueness of product names and SKUs, category names among
/// siblings and brand names ignores case, as storefront URLs derived from them do.
fn same_text(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// The URL segment made from a name: lowercase ASCII letters and digits, dashes between words.
pub(crate) fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// A `custom_url` object as the catalog returns it.
fn custom_url(url: String) -> Value {
    json!({"url": url, "is_customized": false})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lowercase_words_joined_by_dashes() {
        assert_eq!(slug("Orbit Terrarium - Large"), "orbit-terrarium-large");
        assert_eq!(slug("  Coffee & Tea "), "coffee-tea");
        assert_eq!(slug("Café"), "caf");
    }

    #[test]
    fn names_compare_without_case() {
        assert!(same_text("Kitchen", " kitchen"));
        assert!(!same_text("Kitchen", "Kitchens"));
    }
}
