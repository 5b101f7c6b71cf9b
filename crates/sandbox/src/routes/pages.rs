//! Pages V3 (`/content/pages`, CONTRACT §5): the seven endpoints with BigCommerce's bulk
//! semantics: a bulk write applies its valid entries even when others are refused (422), and a
//! bulk delete deletes the ids that exist even when others are missing (404).
//!
//! - `answers`: the success envelopes and the 404 / 422 bodies
//! - `input`: the body's shape (object or array) and each entry's fields
//! - `shape`: the fields of each page type, their defaults, and what a response shows
//! - `rules`: validation, create and update of one page
//! - `integrity`: what ties pages together: unique urls, parents, one homepage per channel
//! - `filters`: the query (`channel_id`, `id:in`, `name`, `name:like`, `include`, paging) and
//!   the path's `pageId`
//! - `delete`: deleting with or without descendants
//!
//! Pages are listed by ascending id (ASSUMPTION: [P] states no order). Ids come from the
//! store's counter and are never reused. Bodies are read as JSON whatever their `Content-Type`
//! (CONTRACT §1: be lenient about headers); unknown fields in a page are ignored.

mod answers;
mod delete;
mod filters;
mod input;
mod integrity;
mod rules;
mod shape;

use crate::error;
use crate::query::QueryParams;
use crate::server::StoreCtx;
use crate::state::Sandbox;
use answers::{invalid, many, page_not_found, problems_response, single};
use axum::body::Bytes;
use axum::extract::{Extension, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use filters::{Pairs, bad_query, parse_page_id, read_filters, read_include};
use input::{BodyShape, PageInput};
use pageport_model::{Page, PageId};
use rules::{Problem, Rules};
use serde_json::json;

const COLLECTION: &str = "/stores/{store_hash}/v3/content/pages";
const ITEM: &str = "/stores/{store_hash}/v3/content/pages/{page_id}";

/// The routes of this API family.
pub(crate) fn routes() -> Router<Sandbox> {
    Router::new()
        .route(
            COLLECTION,
            get(list).post(create).put(update_many).delete(delete_many),
        )
        .route(ITEM, get(fetch).put(update_one).delete(delete_one))
}

/// `GET /content/pages`.
async fn list(
    State(sandbox): State<Sandbox>,
    Extension(ctx): Extension<StoreCtx>,
    query: Pairs,
) -> Response {
    let (filters, paging) = match read_filters(&sandbox, query) {
        Ok(parsed) => parsed,
        Err(refused) => return refused,
    };
    let listed = sandbox.read_store(&ctx.store_hash, |store| {
        let pages: Vec<&Page> = store
            .pages
            .values()
            .filter(|p| filters.matches(p))
            .collect();
        let (page_items, pagination) = paging.slice(&pages);
        let data: Vec<Page> = page_items
            .into_iter()
            .map(|p| shape::render(p, filters.include_body))
            .collect();
        json!({"data": data, "meta": {"pagination": pagination}})
    });
    match listed {
        Some(body) => Json(body).into_response(),
        None => crate::routes::not_found().await,
    }
}

/// `GET /content/pages/{pageId}`: honours the list filters; a page that does not match is 404.
/// ASSUMPTION: `limit` and `page` are validated but do not hide the page.
async fn fetch(
    State(sandbox): State<Sandbox>,
    Extension(ctx): Extension<StoreCtx>,
    Path((_, raw_id)): Path<(String, String)>,
    query: Pairs,
) -> Response {
    let id = match parse_page_id(&raw_id) {
        Ok(id) => id,
        Err(refused) => return refused,
    };
    let (filters, _) = match read_filters(&sandbox, query) {
        Ok(parsed) => parsed,
        Err(refused) => return refused,
    };
    let found = sandbox
        .read_store(&ctx.store_hash, |store| {
            store
                .pages
                .get(&id)
                .filter(|page| filters.matches(page))
                .map(|page| shape::render(page, filters.include_body))
        })
        .flatten();
    match found {
        Some(page) => single(StatusCode::OK, &page),
        None => page_not_found(&[id.0]),
    }
}

/// `POST /content/pages`: one object or an array; 201 mirrors the shape.
async fn create(
    State(sandbox): State<Sandbox>,
    Extension(ctx): Extension<StoreCtx>,
    query: Pairs,
    body: Bytes,
) -> Response {
    let include_body = match read_include(query) {
        Ok(include_body) => include_body,
        Err(refused) => return refused,
    };
    let shape = match input::parse_body(&body) {
        Ok(shape) => shape,
        Err(detail) => return invalid(detail),
    };
    let was_one = matches!(shape, BodyShape::One(_));
    let entries = shape.into_entries();
    if let Some(refused) = over_bulk_cap(&sandbox, entries.len()) {
        return refused;
    }
    let rules = rules_of(&sandbox);
    let outcome = sandbox.write_content(&ctx.store_hash, |store| {
        let mut created = Vec::new();
        let mut problems = Vec::new();
        for (index, entry) in entries.into_iter().enumerate() {
            let result = PageInput::from_entry(entry)
                .map_err(Problem::invalid)
                .and_then(|input| rules::create(store, input, rules));
            match result {
                Ok(page) => created.push(shape::render(&page, include_body)),
                Err(problem) => problems.push((index, problem)),
            }
        }
        (created, problems)
    });
    let Some((created, problems)) = outcome else {
        return crate::routes::not_found().await;
    };
    if !problems.is_empty() {
        return problems_response(&problems, !was_one);
    }
    match (was_one, created.first()) {
        (true, Some(page)) => single(StatusCode::CREATED, page),
        _ => many(StatusCode::CREATED, &created),
    }
}

/// `PUT /content/pages`: `PagePutBulk` objects (each with its `id`); 200 with a `data` array.
///
/// ASSUMPTION (CONTRACT §11 #6): like DELETE, the entries whose page exists are applied even
/// when some ids are missing; the answer is then 404 naming the missing ids. Missing ids take
/// precedence over invalid entries (422) when both occur.
async fn update_many(
    State(sandbox): State<Sandbox>,
    Extension(ctx): Extension<StoreCtx>,
    query: Pairs,
    body: Bytes,
) -> Response {
    let include_body = match read_include(query) {
        Ok(include_body) => include_body,
        Err(refused) => return refused,
    };
    let (was_array, entries) = match input::parse_body(&body) {
        Ok(shape) => (matches!(shape, BodyShape::Many(_)), shape.into_entries()),
        Err(detail) => return invalid(detail),
    };
    if let Some(refused) = over_bulk_cap(&sandbox, entries.len()) {
        return refused;
    }
    let rules = rules_of(&sandbox);
    let outcome = sandbox.write_content(&ctx.store_hash, |store| {
        let mut updated = Vec::new();
        let mut problems = Vec::new();
        let mut missing = Vec::new();
        for (index, entry) in entries.into_iter().enumerate() {
            let input = match PageInput::from_entry(entry) {
                Ok(input) => input,
                Err(detail) => {
                    problems.push((index, Problem::invalid(detail)));
                    continue;
                }
            };
            let Some(id) = input.id else {
                problems.push((index, Problem::invalid("missing the required field: id")));
                continue;
            };
            if !store.pages.contains_key(&PageId(id)) {
                missing.push(id);
                continue;
            }
            match rules::update(store, PageId(id), input, rules) {
                Ok(page) => updated.push(shape::render(&page, include_body)),
                Err(problem) => problems.push((index, problem)),
            }
        }
        (updated, problems, missing)
    });
    let Some((updated, problems, missing)) = outcome else {
        return crate::routes::not_found().await;
    };
    if !missing.is_empty() {
        page_not_found(&missing)
    } else if !problems.is_empty() {
        problems_response(&problems, was_array)
    } else {
        many(StatusCode::OK, &updated)
    }
}

/// `PUT /content/pages/{pageId}`: a `PagePutObj` (partial update); 200 with the page.
async fn update_one(
    State(sandbox): State<Sandbox>,
    Extension(ctx): Extension<StoreCtx>,
    Path((_, raw_id)): Path<(String, String)>,
    query: Pairs,
    body: Bytes,
) -> Response {
    let id = match parse_page_id(&raw_id) {
        Ok(id) => id,
        Err(refused) => return refused,
    };
    let include_body = match read_include(query) {
        Ok(include_body) => include_body,
        Err(refused) => return refused,
    };
    let entry = match input::parse_body(&body) {
        Ok(BodyShape::One(entry)) => entry,
        Ok(BodyShape::Many(_)) => return invalid("the body must be a single page object".into()),
        Err(detail) => return invalid(detail),
    };
    let mut input = match PageInput::from_entry(entry) {
        Ok(input) => input,
        Err(detail) => return invalid(detail),
    };
    input.id = None;
    let rules = rules_of(&sandbox);
    let outcome = sandbox.write_content(&ctx.store_hash, |store| {
        store
            .pages
            .contains_key(&id)
            .then(|| rules::update(store, id, input, rules))
    });
    match outcome.flatten() {
        None => page_not_found(&[id.0]),
        Some(Ok(page)) => single(StatusCode::OK, &shape::render(&page, include_body)),
        Some(Err(problem)) => problems_response(&[(0, problem)], false),
    }
}

/// `DELETE /content/pages?id:in=…[&delete_children=true]`: 204, or 404 naming the missing ids
/// after deleting the existing ones.
async fn delete_many(
    State(sandbox): State<Sandbox>,
    Extension(ctx): Extension<StoreCtx>,
    query: Pairs,
) -> Response {
    let pairs = match query {
        Ok(Query(pairs)) => pairs,
        Err(rejection) => return bad_query(rejection.body_text()),
    };
    let params = match QueryParams::accept(pairs, &["id:in", "delete_children"]) {
        Ok(params) => params,
        Err(refused) => return refused,
    };
    let ids = match params.u64_list("id:in") {
        Ok(Some(ids)) if !ids.is_empty() => ids,
        Ok(_) => return invalid("missing the required field: id".into()),
        Err(detail) => return invalid(detail),
    };
    let delete_children = match params.bool("delete_children") {
        Ok(flag) => flag.unwrap_or(false),
        Err(detail) => return invalid(detail),
    };
    if let Some(refused) = over_bulk_cap(&sandbox, ids.len()) {
        return refused;
    }
    let missing = sandbox.write_content(&ctx.store_hash, |store| {
        delete::delete_pages(store, &ids, delete_children)
    });
    match missing {
        Some(missing) if missing.is_empty() => StatusCode::NO_CONTENT.into_response(),
        Some(missing) => page_not_found(&missing),
        None => crate::routes::not_found().await,
    }
}

/// `DELETE /content/pages/{pageId}`: ignores query parameters ([P]), so direct children are
/// moved to the top level and hidden. A non-numeric id names no page: 404 ([P] lists no 422).
async fn delete_one(
    State(sandbox): State<Sandbox>,
    Extension(ctx): Extension<StoreCtx>,
    Path((_, raw_id)): Path<(String, String)>,
) -> Response {
    let Ok(id) = raw_id.trim().parse::<u64>() else {
        return error::pages_brief(
            StatusCode::NOT_FOUND,
            format!("A Page was not found with an ID of {raw_id}"),
        );
    };
    let missing = sandbox.write_content(&ctx.store_hash, |store| {
        delete::delete_pages(store, &[id], false)
    });
    match missing {
        Some(missing) if missing.is_empty() => StatusCode::NO_CONTENT.into_response(),
        _ => page_not_found(&[id]),
    }
}

/// The configured rules.
fn rules_of(sandbox: &Sandbox) -> Rules {
    let config = sandbox.config();
    Rules {
        name_max_chars: config.limits.page_name_max_chars,
        email_max_chars: config.limits.email_max_chars,
        pages_per_store: config.limits.web_pages_per_store,
        accept_feed: config.accept_feed_pages,
    }
}

/// ASSUMPTION (CONTRACT §11 #1): with `max_bulk_pages` set, a larger bulk write or delete is
/// refused whole with 422.
fn over_bulk_cap(sandbox: &Sandbox, count: usize) -> Option<Response> {
    let cap = sandbox.config().max_bulk_pages?;
    (count > cap).then(|| {
        invalid(format!(
            "a bulk request may hold at most {cap} pages, got {count}"
        ))
    })
}
