//! Per-store request quota with BigCommerce's `X-Rate-Limit-*` headers and 429 +
//! `X-Retry-After` when exhausted (CONTRACT §4).
//!
//! Each store has a fixed window of `quota.window_ms` that opens with the first request after
//! the previous window ended; every authenticated request takes one unit. Time is read from the
//! sandbox's clock (`SandboxConfig::clock`), so tests can move it instead of waiting.
//!
//! Without a quota (`SandboxConfig::quota = None`) the headers are still sent, with
//! [`UNLIMITED`] as the quota, so clients that pace on them see a store that never runs out.

use crate::config::Quota;
use crate::error;
use crate::state::Sandbox;
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::Response;
use std::time::{Duration, Instant};

// ASSUMPTION (CONTRACT §4, "Unlimited Rate Plan"): an unlimited store still sends the headers.
/// The quota sent when the sandbox runs without limit: `i32::MAX` requests per 30 s window
/// (`i32::MAX` so that clients reading the header into any integer type can parse it).
pub(crate) const UNLIMITED: Quota = Quota {
    requests: i32::MAX as u32,
    window_ms: 30_000,
};

/// `X-Rate-Limit-Requests-Left`: requests left in this window.
pub(crate) const REQUESTS_LEFT: &str = "x-rate-limit-requests-left";
/// `X-Rate-Limit-Requests-Quota`: requests allowed per window.
pub(crate) const REQUESTS_QUOTA: &str = "x-rate-limit-requests-quota";
/// `X-Rate-Limit-Time-Window-Ms`: the window length.
pub(crate) const TIME_WINDOW_MS: &str = "x-rate-limit-time-window-ms";
/// `X-Rate-Limit-Time-Reset-Ms`: milliseconds until the window refreshes.
pub(crate) const TIME_RESET_MS: &str = "x-rate-limit-time-reset-ms";
/// `X-Retry-After`: whole seconds until the quota refreshes, on a 429.
pub(crate) const RETRY_AFTER: &str = "x-retry-after";

/// A store's current quota window.
#[derive(Debug, Clone, Default)]
pub(crate) struct RateWindow {
    /// When the current window opened; `None` before the first request.
    started: Option<Instant>,
    /// Requests taken in the current window.
    used: u32,
}

impl RateWindow {
    /// Takes one request at `now`: the header values to send, and whether it was admitted.
    fn take(&mut self, quota: Quota, now: Instant) -> (QuotaGrant, bool) {
        let window = Duration::from_millis(quota.window_ms);
        let started = match self.started {
            Some(started) if now.duration_since(started) < window => started,
            _ => {
                self.started = Some(now);
                self.used = 0;
                now
            }
        };
        let reset_ms = (window - now.duration_since(started)).as_millis() as u64;
        let admitted = self.used < quota.requests;
        if admitted {
            self.used += 1;
        }
        let grant = QuotaGrant {
            left: quota.requests - self.used,
            quota: quota.requests,
            window_ms: quota.window_ms,
            reset_ms,
        };
        (grant, admitted)
    }
}

/// A request admitted under the quota, carrying the header values to send back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct QuotaGrant {
    /// Requests left in the window after this one.
    pub(crate) left: u32,
    /// Requests per window.
    pub(crate) quota: u32,
    /// The window length.
    pub(crate) window_ms: u64,
    /// Milliseconds until the window refreshes.
    pub(crate) reset_ms: u64,
}

impl QuotaGrant {
    /// Adds the four rate-limit headers to a response.
    pub(crate) fn apply_headers(&self, headers: &mut HeaderMap) {
        set(headers, REQUESTS_LEFT, self.left.into());
        set(headers, REQUESTS_QUOTA, self.quota.into());
        set(headers, TIME_WINDOW_MS, self.window_ms);
        set(headers, TIME_RESET_MS, self.reset_ms);
    }

    /// The 429 answer for an exhausted window: the headers plus `X-Retry-After`, with a
    /// Pages-style body.
    pub(crate) fn too_many_requests(&self, retry_after_secs: u64) -> Response {
        // ASSUMPTION (CONTRACT §11 #7): the 429 body uses the Pages brief shape.
        let mut response = error::pages_brief(StatusCode::TOO_MANY_REQUESTS, "Too Many Requests");
        self.apply_headers(response.headers_mut());
        set(response.headers_mut(), RETRY_AFTER, retry_after_secs);
        response
    }
}

/// Whole seconds until a window refreshes, rounded up, at least 1.
pub(crate) fn retry_after_secs(reset_ms: u64) -> u64 {
    reset_ms.div_ceil(1000).max(1)
}

/// The quota in force: the configured one, or [`UNLIMITED`].
pub(crate) fn quota_of(sandbox: &Sandbox) -> Quota {
    sandbox.config().quota.unwrap_or(UNLIMITED)
}

/// The rate-limit headers of a refused request (401/403): every response carries them
/// (CONTRACT §4), but a refused caller learns nothing of any store's use of its quota, so
/// they describe a fresh window: the quota and window length, all of it left.
pub(crate) fn refusal_headers(sandbox: &Sandbox) -> QuotaGrant {
    let quota = quota_of(sandbox);
    QuotaGrant {
        left: quota.requests,
        quota: quota.requests,
        window_ms: quota.window_ms,
        reset_ms: quota.window_ms,
    }
}

/// Takes one request from the store's quota, or answers 429.
pub(crate) fn admit(sandbox: &Sandbox, store_hash: &str) -> Result<QuotaGrant, Response> {
    let quota = quota_of(sandbox);
    let now = sandbox.config().clock.now();
    let mut world = sandbox.world();
    let Some(store) = world.stores.get_mut(store_hash) else {
        // Authentication already found the store; a vanished store is served unmetered.
        return Ok(QuotaGrant {
            left: quota.requests,
            quota: quota.requests,
            window_ms: quota.window_ms,
            reset_ms: quota.window_ms,
        });
    };
    let (grant, admitted) = store.rate.take(quota, now);
    if admitted {
        Ok(grant)
    } else {
        Err(grant.too_many_requests(retry_after_secs(grant.reset_ms)))
    }
}

fn set(headers: &mut HeaderMap, name: &'static str, value: u64) {
    headers.insert(HeaderName::from_static(name), HeaderValue::from(value));
}

#[cfg(test)]
mod tests {
    use super::*;

    const QUOTA: Quota = Quota {
        requests: 2,
        window_ms: 1_000,
    };

    #[test]
    fn counts_down_then_refuses_then_refreshes() {
        let mut window = RateWindow::default();
        let start = Instant::now();
        let (first, ok) = window.take(QUOTA, start);
        assert!(ok);
        assert_eq!((first.left, first.reset_ms), (1, 1_000));
        let (second, ok) = window.take(QUOTA, start + Duration::from_millis(300));
        assert!(ok);
        assert_eq!((second.left, second.reset_ms), (0, 700));
        let (third, ok) = window.take(QUOTA, start + Duration::from_millis(999));
        assert!(!ok);
        assert_eq!((third.left, third.reset_ms), (0, 1));
        let (fresh, ok) = window.take(QUOTA, start + Duration::from_millis(1_000));
        assert!(ok);
        assert_eq!((fresh.left, fresh.reset_ms), (1, 1_000));
    }

    #[test]
    fn retry_after_rounds_up_to_whole_seconds() {
        assert_eq!(retry_after_secs(0), 1);
        assert_eq!(retry_after_secs(1), 1);
        assert_eq!(retry_after_secs(1_000), 1);
        assert_eq!(retry_after_secs(1_001), 2);
        assert_eq!(retry_after_secs(15_000), 15);
    }

    #[test]
    fn headers_carry_every_value() {
        let grant = QuotaGrant {
            left: 35,
            quota: 150,
            window_ms: 30_000,
            reset_ms: 15_000,
        };
        let response = grant.too_many_requests(15);
        let header = |name: &str| response.headers()[name].to_str().unwrap().to_owned();
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(header("X-Rate-Limit-Requests-Left"), "35");
        assert_eq!(header("X-Rate-Limit-Requests-Quota"), "150");
        assert_eq!(header("X-Rate-Limit-Time-Window-Ms"), "30000");
        assert_eq!(header("X-Rate-Limit-Time-Reset-Ms"), "15000");
        assert_eq!(header("X-Retry-After"), "15");
    }
}
