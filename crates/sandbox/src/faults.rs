//! Seeded fault injection: 429 bursts, 5xx answers, dropped connections and added latency.
//! STUB: to be completed (see the sandbox infra task).

use crate::config::FaultConfig;
use crate::state::Sandbox;
use axum::extract::Request;
use axum::response::Response;
use std::time::Duration;

/// The fault configuration with its RNG and counters.
#[derive(Debug)]
pub(crate) struct FaultState {
    config: FaultConfig,
}

impl FaultState {
    /// A fresh state for a configuration.
    pub(crate) fn new(config: FaultConfig) -> Self {
        Self { config }
    }

    /// The configuration in force.
    pub(crate) fn config(&self) -> &FaultConfig {
        &self.config
    }
}

/// What to do with one request.
pub(crate) struct FaultDecision {
    /// Latency to add before anything else.
    pub(crate) latency: Option<Duration>,
    /// The fault, if any.
    pub(crate) action: FaultAction,
}

/// The fault injected into one request.
pub(crate) enum FaultAction {
    /// No fault.
    None,
    /// Answer with this response instead of the handler's.
    Respond(Response),
    /// Drop the connection without applying the request.
    Drop,
    /// Apply the request, then drop the connection instead of answering.
    DropAfterApply,
}

/// Decides the fault for one request.
pub(crate) fn decide(sandbox: &Sandbox, _request: &Request) -> FaultDecision {
    let world = sandbox.world();
    let latency = world.faults.config().latency_ms;
    FaultDecision {
        latency: (latency > 0).then(|| Duration::from_millis(latency)),
        action: FaultAction::None,
    }
}

/// A response whose body fails mid-stream, so the client sees the connection break.
pub(crate) fn dropped_connection() -> Response {
    axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response_stub()
}

trait Stub {
    fn into_response_stub(self) -> Response;
}

impl Stub for axum::http::StatusCode {
    fn into_response_stub(self) -> Response {
        axum::response::IntoResponse::into_response(self)
    }
}
