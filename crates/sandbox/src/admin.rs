//! Admin endpoints under `/__sandbox`: the request log, fault injection and state dumps.
//! STUB: to be completed.

use crate::state::Sandbox;
use axum::Router;

/// The admin routes (mounted under [`crate::ADMIN_PREFIX`]).
pub(crate) fn routes() -> Router<Sandbox> {
    Router::new()
}
