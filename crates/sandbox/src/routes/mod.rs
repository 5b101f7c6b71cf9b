//! One module per API family. Each exposes `routes()` with full `/stores/{store_hash}/v3/...`
//! paths; handlers take the authenticated store with `Extension<StoreCtx>`.

pub(crate) mod catalog;
pub(crate) mod channels;
pub(crate) mod page_widgets;
pub(crate) mod pages;
pub(crate) mod widget_templates;

use crate::error;
use axum::http::StatusCode;
use axum::response::Response;

/// The answer for a BigCommerce path the sandbox does not serve.
pub(crate) async fn not_found() -> Response {
    error::pages_brief(
        StatusCode::NOT_FOUND,
        "The requested resource was not found",
    )
}
