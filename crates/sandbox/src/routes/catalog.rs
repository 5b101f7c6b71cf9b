//! STUB: to be completed.

use crate::state::Sandbox;
use axum::Router;

/// The routes of this API family.
pub(crate) fn routes() -> Router<Sandbox> {
    Router::new()
}
