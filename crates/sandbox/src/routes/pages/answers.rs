//! The answers of the pages endpoints: `{data, meta}` envelopes and the Pages error bodies
//! (404 brief, 422 detailed naming each refused entry, 400 for unsupported parameters).

use super::rules::Problem;
use crate::error;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use pageport_model::Page;
use serde_json::{Value, json};

/// The title of a 422 for invalid input ([P] example).
pub(super) const INPUT_INVALID: &str = "Input is invalid";

/// The 422 "Input is invalid" with a detail.
pub(super) fn invalid(detail: String) -> Response {
    error::pages_detailed(StatusCode::UNPROCESSABLE_ENTITY, INPUT_INVALID, detail)
}

/// The 422 for refused entries: each named by its index in a bulk body.
pub(super) fn problems_response(problems: &[(usize, Problem)], bulk: bool) -> Response {
    let title = problems
        .iter()
        .find_map(|(_, p)| p.title.clone())
        .unwrap_or_else(|| INPUT_INVALID.to_owned());
    let detail = problems
        .iter()
        .map(|(index, p)| {
            if bulk {
                format!("pages[{index}]: {}", p.detail)
            } else {
                p.detail.clone()
            }
        })
        .collect::<Vec<_>>()
        .join("; ");
    error::pages_detailed(StatusCode::UNPROCESSABLE_ENTITY, title, detail)
}

/// The 404 naming missing page ids ([P]: "A Page was not found with an ID of 100").
pub(super) fn page_not_found(ids: &[u64]) -> Response {
    let ids: Vec<String> = ids.iter().map(u64::to_string).collect();
    error::pages_brief(
        StatusCode::NOT_FOUND,
        format!("A Page was not found with an ID of {}", ids.join(", ")),
    )
}

pub(super) fn single(status: StatusCode, page: &Page) -> Response {
    (status, Json(json!({"data": page, "meta": {}}))).into_response()
}

pub(super) fn many(status: StatusCode, pages: &[Page]) -> Response {
    let data: Vec<Value> = pages.iter().map(|p| json!(p)).collect();
    (status, Json(json!({"data": data, "meta": {}}))).into_response()
}
