//! Seeded fault injection: 429 bursts, 5xx answers, dropped connections and added latency, with
//! the semantics documented on [`FaultConfig`]. Admin paths are never faulted (the gate that
//! calls [`decide`] only wraps BigCommerce paths).
//!
//! A dropped connection is a response whose body fails on its first poll: hyper then aborts the
//! connection before the buffered status line is flushed, so the client sees a transport error
//! ("connection closed before message completed"), never an HTTP status.

use crate::config::FaultConfig;
use crate::error;
use crate::rate_limit::{self, QuotaGrant};
use crate::state::Sandbox;
use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::Response;
use http_body::Frame;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

/// The fault configuration with its RNG and counters.
#[derive(Debug)]
pub(crate) struct FaultState {
    config: FaultConfig,
    rng: StdRng,
    /// Matching requests seen so far.
    matched: u64,
    /// Faults injected so far.
    injected: u64,
    /// 429s still owed by the running burst.
    burst_left: u32,
}

impl FaultState {
    /// A fresh state for a configuration: RNG seeded from `config.seed`, counters at zero.
    pub(crate) fn new(config: FaultConfig) -> Self {
        let rng = StdRng::seed_from_u64(config.seed);
        Self {
            config,
            rng,
            matched: 0,
            injected: 0,
            burst_left: 0,
        }
    }

    /// The configuration in force.
    pub(crate) fn config(&self) -> &FaultConfig {
        &self.config
    }

    /// True when the request's method and path are within the configured filters.
    fn matches(&self, method: &str, path: &str) -> bool {
        let method_ok = self.config.methods.is_empty()
            || self
                .config
                .methods
                .iter()
                .any(|wanted| wanted.eq_ignore_ascii_case(method));
        method_ok && path.contains(&self.config.path_contains)
    }

    /// The fault kind for the next matching request, advancing the counters and the RNG.
    fn next_fault(&mut self) -> Option<FaultKind> {
        self.matched += 1;
        if self.matched <= self.config.skip_first {
            return None;
        }
        if self.config.max_faults != 0 && self.injected >= self.config.max_faults {
            self.burst_left = 0;
            return None;
        }
        let kind = if self.burst_left > 0 {
            self.burst_left -= 1;
            FaultKind::TooManyRequests
        } else {
            self.draw()?
        };
        self.injected += 1;
        Some(kind)
    }

    /// One draw: the rates are consecutive shares of `[0, 1)`.
    fn draw(&mut self) -> Option<FaultKind> {
        let config = &self.config;
        if config.rate_429
            + config.rate_5xx
            + config.rate_drop
            + config.rate_drop_after_apply
            + config.rate_ok_unapplied
            == 0.0
        {
            return None;
        }
        let roll: f64 = self.rng.random();
        let mut threshold = config.rate_429;
        if roll < threshold {
            self.burst_left = config.burst_len.max(1) - 1;
            return Some(FaultKind::TooManyRequests);
        }
        threshold += config.rate_5xx;
        if roll < threshold {
            let status = match self.rng.random_range(0..3u8) {
                0 => StatusCode::INTERNAL_SERVER_ERROR,
                1 => StatusCode::BAD_GATEWAY,
                _ => StatusCode::SERVICE_UNAVAILABLE,
            };
            return Some(FaultKind::ServerError(status));
        }
        threshold += config.rate_drop;
        if roll < threshold {
            return Some(FaultKind::Drop);
        }
        threshold += config.rate_drop_after_apply;
        if roll < threshold {
            return Some(FaultKind::DropAfterApply);
        }
        threshold += config.rate_ok_unapplied;
        (roll < threshold).then_some(FaultKind::OkUnapplied)
    }
}

/// What the RNG picked for one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FaultKind {
    TooManyRequests,
    ServerError(StatusCode),
    Drop,
    DropAfterApply,
    OkUnapplied,
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

/// Decides the fault for one request (a BigCommerce path).
pub(crate) fn decide(sandbox: &Sandbox, request: &Request) -> FaultDecision {
    let quota = rate_limit::quota_of(sandbox);
    let mut world = sandbox.world();
    let faults = &mut world.faults;
    if faults.config.is_inert() || !faults.matches(request.method().as_str(), request.uri().path())
    {
        return FaultDecision {
            latency: None,
            action: FaultAction::None,
        };
    }
    let latency_ms = faults.config.latency_ms;
    let retry_after = faults.config.retry_after_secs;
    let action = match faults.next_fault() {
        None => FaultAction::None,
        Some(FaultKind::TooManyRequests) => {
            let grant = QuotaGrant {
                left: 0,
                quota: quota.requests,
                window_ms: quota.window_ms,
                reset_ms: retry_after.saturating_mul(1_000),
            };
            FaultAction::Respond(grant.too_many_requests(retry_after))
        }
        Some(FaultKind::ServerError(status)) => FaultAction::Respond(server_error(status)),
        Some(FaultKind::Drop) => FaultAction::Drop,
        Some(FaultKind::DropAfterApply) => FaultAction::DropAfterApply,
        Some(FaultKind::OkUnapplied) => FaultAction::Respond(ok_unapplied()),
    };
    FaultDecision {
        latency: (latency_ms > 0).then(|| Duration::from_millis(latency_ms)),
        action,
    }
}

/// An injected 5xx: a Pages-style JSON body saying the failure was injected.
fn server_error(status: StatusCode) -> Response {
    let title = match status {
        StatusCode::BAD_GATEWAY => "Bad Gateway",
        StatusCode::SERVICE_UNAVAILABLE => "Service Unavailable",
        _ => "Internal Server Error",
    };
    error::pages_detailed(
        status,
        title,
        "injected by the sandbox's fault configuration",
    )
}

/// A `200` that applied nothing, its body an error: what a misbehaving store or proxy sends.
fn ok_unapplied() -> Response {
    error::pages_detailed(
        StatusCode::OK,
        "Internal Server Error",
        "injected by the sandbox's fault configuration: answered 200 but applied nothing",
    )
}

/// A response whose body fails on its first poll, so the client sees the connection break
/// instead of an answer. `status` is only what the request log records.
pub(crate) fn dropped_connection(status: StatusCode) -> Response {
    let mut response = Response::new(Body::new(BrokenBody));
    *response.status_mut() = status;
    response
}

/// A body that errors as soon as it is polled.
struct BrokenBody;

impl http_body::Body for BrokenBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        Poll::Ready(Some(Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionAborted,
            "connection dropped by the sandbox's fault injection",
        ))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(config: FaultConfig, requests: usize) -> Vec<Option<FaultKind>> {
        let mut state = FaultState::new(config);
        (0..requests).map(|_| state.next_fault()).collect()
    }

    #[test]
    fn the_same_seed_injects_the_same_faults() {
        let config = FaultConfig {
            seed: 7,
            rate_5xx: 0.3,
            rate_drop: 0.2,
            ..FaultConfig::default()
        };
        let first = kinds(config.clone(), 200);
        assert_eq!(first, kinds(config.clone(), 200));
        let injected = first.iter().flatten().count();
        assert!((60..140).contains(&injected), "{injected} faults of 200");
        let other = kinds(FaultConfig { seed: 8, ..config }, 200);
        assert_ne!(first, other);
    }

    #[test]
    fn a_burst_answers_burst_len_requests_and_max_faults_caps() {
        let config = FaultConfig {
            rate_429: 1.0,
            burst_len: 3,
            skip_first: 2,
            max_faults: 4,
            ..FaultConfig::default()
        };
        let got = kinds(config, 8);
        let tmr = Some(FaultKind::TooManyRequests);
        assert_eq!(got, vec![None, None, tmr, tmr, tmr, tmr, None, None]);
    }

    #[test]
    fn filters_select_method_and_path() {
        let state = FaultState::new(FaultConfig {
            methods: vec!["post".into()],
            path_contains: "/content/pages".into(),
            ..FaultConfig::default()
        });
        assert!(state.matches("POST", "/stores/a/v3/content/pages"));
        assert!(!state.matches("GET", "/stores/a/v3/content/pages"));
        assert!(!state.matches("POST", "/stores/a/v3/channels"));
    }
}
