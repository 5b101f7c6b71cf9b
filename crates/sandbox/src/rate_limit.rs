//! Per-store request quota with BigCommerce's `X-Rate-Limit-*` headers and 429 +
//! `X-Retry-After` when exhausted (CONTRACT §4). STUB: to be completed.

use crate::state::Sandbox;
use axum::http::HeaderMap;
use axum::response::Response;

/// A store's current quota window.
#[derive(Debug, Clone, Default)]
pub(crate) struct RateWindow {}

/// A request admitted under the quota, carrying the header values to send back.
pub(crate) struct QuotaGrant {}

impl QuotaGrant {
    /// Adds the rate-limit headers to a response.
    pub(crate) fn apply_headers(&self, _headers: &mut HeaderMap) {}
}

/// Takes one request from the store's quota, or answers 429.
pub(crate) fn admit(_sandbox: &Sandbox, _store_hash: &str) -> Result<QuotaGrant, Response> {
    Ok(QuotaGrant {})
}
