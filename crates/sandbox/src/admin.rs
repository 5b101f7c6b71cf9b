//! Admin endpoints under `/__sandbox` ([`crate::ADMIN_PREFIX`]): no authentication, no quota, no
//! faults, and never in the request log. Bodies are plain JSON; errors are `{"error": "…"}`.
//!
//! | Method and path | Answer |
//! |---|---|
//! | `GET /__sandbox/health` | 200 `{"status":"ok","stores":["<hash>",…]}` |
//! | `GET /__sandbox/requests` | 200, the request log: a JSON list of [`crate::LoggedRequest`] in arrival order |
//! | `DELETE /__sandbox/requests` | 204, the log emptied (numbering restarts at 1) |
//! | `GET /__sandbox/faults` | 200, the [`crate::FaultConfig`] in force |
//! | `PUT /__sandbox/faults` | 200 with the new config echoed; body a `FaultConfig` (missing fields default, unknown fields refused); replaces the config and resets its RNG and counters; 422 if the rates are not probabilities summing to ≤ 1, 400 if the body is not a `FaultConfig` |
//! | `GET /__sandbox/stores/{store_hash}` | 200, the store's [`crate::state::StoreState`] as persisted (never its token); 404 for an unknown store |

use crate::config::FaultConfig;
use crate::state::Sandbox;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

/// The admin routes (mounted under [`crate::ADMIN_PREFIX`]).
pub(crate) fn routes() -> Router<Sandbox> {
    Router::new()
        .route("/health", get(health))
        .route("/requests", get(requests).delete(clear_requests))
        .route("/faults", get(faults).put(set_faults))
        .route("/stores/{store_hash}", get(store))
        .fallback(unknown)
}

async fn health(State(sandbox): State<Sandbox>) -> Response {
    let stores: Vec<String> = sandbox.world().stores.keys().cloned().collect();
    Json(json!({"status": "ok", "stores": stores})).into_response()
}

async fn requests(State(sandbox): State<Sandbox>) -> Response {
    Json(sandbox.requests()).into_response()
}

async fn clear_requests(State(sandbox): State<Sandbox>) -> Response {
    sandbox.world().log.clear();
    StatusCode::NO_CONTENT.into_response()
}

async fn faults(State(sandbox): State<Sandbox>) -> Response {
    Json(sandbox.world().faults.config().clone()).into_response()
}

async fn set_faults(State(sandbox): State<Sandbox>, body: Bytes) -> Response {
    let config: FaultConfig = match serde_json::from_slice(&body) {
        Ok(config) => config,
        Err(error) => {
            return admin_error(
                StatusCode::BAD_REQUEST,
                format!("the body is not a fault configuration: {error}"),
            );
        }
    };
    if let Err(message) = config.validate() {
        return admin_error(StatusCode::UNPROCESSABLE_ENTITY, message);
    }
    sandbox.set_faults(config.clone());
    Json(config).into_response()
}

async fn store(State(sandbox): State<Sandbox>, Path(store_hash): Path<String>) -> Response {
    match sandbox.store_state(&store_hash) {
        Some(state) => Json(state).into_response(),
        None => admin_error(
            StatusCode::NOT_FOUND,
            format!("no store `{store_hash}` in this sandbox"),
        ),
    }
}

async fn unknown() -> Response {
    admin_error(StatusCode::NOT_FOUND, "no such admin endpoint".into())
}

fn admin_error(status: StatusCode, message: String) -> Response {
    (status, Json(json!({"error": message}))).into_response()
}
