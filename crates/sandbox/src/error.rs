//! Error responses in BigCommerce's per-family shapes (CONTRACT §3).

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use pageport_model::api_error::STATUS_CODES_DOC;
use serde_json::{Value, json};

/// Pages family, brief: `{status, title, type}` (404, some 400s).
pub(crate) fn pages_brief(status: StatusCode, title: impl Into<String>) -> Response {
    problem(
        status,
        json!({"status": status.as_u16(), "title": title.into(), "type": STATUS_CODES_DOC}),
    )
}

/// Pages family, detailed: `{status, title, type, detail}` (422 on writes, 400).
pub(crate) fn pages_detailed(
    status: StatusCode,
    title: impl Into<String>,
    detail: impl Into<String>,
) -> Response {
    problem(
        status,
        json!({"status": status.as_u16(), "title": title.into(), "type": STATUS_CODES_DOC, "detail": detail.into()}),
    )
}

/// Pages family, itemized: `{status, title, type, errors: [string]}` (422 on a bad GET param).
pub(crate) fn pages_itemized(
    status: StatusCode,
    title: impl Into<String>,
    errors: Vec<String>,
) -> Response {
    problem(
        status,
        json!({"status": status.as_u16(), "title": title.into(), "type": STATUS_CODES_DOC, "errors": errors}),
    )
}

/// Widgets / page-widgets family: `{status, title, type, instance, errors: {…}}`.
pub(crate) fn widgets_error(
    status: StatusCode,
    title: impl Into<String>,
    errors: Value,
) -> Response {
    json_error(
        status,
        json!({"status": status.as_u16(), "title": title.into(), "type": STATUS_CODES_DOC, "instance": "", "errors": errors}),
    )
}

/// Channels and catalog families: `{status, title, type, errors: {field: message}}`.
pub(crate) fn fields_error(
    status: StatusCode,
    title: impl Into<String>,
    errors: Value,
) -> Response {
    json_error(
        status,
        json!({"status": status.as_u16(), "title": title.into(), "type": STATUS_CODES_DOC, "errors": errors}),
    )
}

/// The 400 for query parameters a route does not implement, the same on every route:
/// `{status, title, type, detail}` (the Pages family's `ResponseErrorDetailed`, which [P]
/// documents for this very case), with the title naming the parameters.
///
/// ASSUMPTION: BigCommerce documents a 400 for unsupported parameters only on Pages; the other
/// families are silent. The sandbox refuses everywhere in this one shape, served as plain
/// `application/json` (every family's parser reads `status`, `title` and `type`), because a
/// filter the sandbox dropped would let a test pass that the real store fails.
pub(crate) fn unsupported_query(names: &[&str], supported: &[&str]) -> Response {
    let quoted: Vec<String> = names.iter().map(|name| format!("\"{name}\"")).collect();
    let title = match quoted.as_slice() {
        [one] => format!("Query parameter {one} is not supported by the sandbox"),
        many => format!(
            "Query parameters {} are not supported by the sandbox",
            many.join(", ")
        ),
    };
    let implemented = if supported.is_empty() {
        String::from("none")
    } else {
        supported.join(", ")
    };
    let detail = format!(
        "not implemented on this endpoint: {}; implemented: {implemented}",
        names.join(", ")
    );
    json_error(
        StatusCode::BAD_REQUEST,
        json!({"status": 400, "title": title, "type": STATUS_CODES_DOC, "detail": detail}),
    )
}

/// A Pages-family body served as `application/problem+json`, as [P] declares.
fn problem(status: StatusCode, body: Value) -> Response {
    let mut response = (status, Json(body)).into_response();
    response.headers_mut().insert(
        axum::http::header::CONTENT_TYPE,
        axum::http::HeaderValue::from_static("application/problem+json"),
    );
    response
}

fn json_error(status: StatusCode, body: Value) -> Response {
    (status, Json(body)).into_response()
}
