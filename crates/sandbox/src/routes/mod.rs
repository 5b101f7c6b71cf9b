//! One module per API family. Each exposes `routes()` with full `/stores/{store_hash}/v3/...`
//! paths; handlers take the authenticated store with `Extension<StoreCtx>`.

pub(crate) mod catalog;
pub(crate) mod channels;
pub(crate) mod page_widgets;
pub(crate) mod pages;
pub(crate) mod widget_templates;

use crate::error;
use axum::http::{Method, StatusCode, Uri};
use axum::response::Response;

/// The answer for an object that does not exist.
pub(crate) async fn not_found() -> Response {
    error::pages_brief(
        StatusCode::NOT_FOUND,
        "The requested resource was not found",
    )
}

/// The answer for a BigCommerce path the sandbox does not serve: 404, naming the request, so
/// a caller can tell an endpoint the sandbox lacks from a missing object.
pub(crate) async fn unserved(method: Method, uri: Uri) -> Response {
    error::pages_detailed(
        StatusCode::NOT_FOUND,
        "The requested resource was not found",
        format!(
            "the sandbox serves no `{method} {}`: BigCommerce has no such endpoint, or the \
             sandbox does not implement it",
            uri.path()
        ),
    )
}

/// The answer for a method a served path does not take: 405, naming the request.
pub(crate) async fn method_not_allowed(method: Method, uri: Uri) -> Response {
    error::pages_detailed(
        StatusCode::METHOD_NOT_ALLOWED,
        "Method not allowed",
        format!(
            "the sandbox serves `{}` but not with `{method}`: BigCommerce has no such endpoint, \
             or the sandbox does not implement it",
            uri.path()
        ),
    )
}
