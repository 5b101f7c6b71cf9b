//! BigCommerce's rate-limit headers (CONTRACT §4), read from every answer. Header names are
//! case-insensitive; a missing or malformed value is simply unknown.

use reqwest::header::HeaderMap;
use std::time::Duration;

/// `X-Rate-Limit-Requests-Left`: requests left in the current window.
pub(crate) const REQUESTS_LEFT: &str = "x-rate-limit-requests-left";
/// `X-Rate-Limit-Requests-Quota`: requests allowed per window.
pub(crate) const REQUESTS_QUOTA: &str = "x-rate-limit-requests-quota";
/// `X-Rate-Limit-Time-Reset-Ms`: milliseconds until the window resets (CONTRACT §10 #16).
pub(crate) const TIME_RESET_MS: &str = "x-rate-limit-time-reset-ms";
/// `X-Rate-Limit-Time-Window-Ms`: the window length.
pub(crate) const TIME_WINDOW_MS: &str = "x-rate-limit-time-window-ms";
/// `X-Retry-After`: whole seconds to wait after a 429.
pub(crate) const RETRY_AFTER: &str = "x-retry-after";
/// The standard `Retry-After`, read when `X-Retry-After` is absent (seconds form only).
const STANDARD_RETRY_AFTER: &str = "retry-after";

/// The rate-limit facts one answer carried.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct RateLimitHeaders {
    /// Requests left in the window.
    pub(crate) requests_left: Option<u32>,
    /// Requests per window.
    pub(crate) requests_quota: Option<u32>,
    /// Time until the window resets.
    pub(crate) reset_in: Option<Duration>,
    /// The window length.
    pub(crate) window: Option<Duration>,
    /// The wait a 429 asks for.
    pub(crate) retry_after: Option<Duration>,
}

impl RateLimitHeaders {
    /// Reads the headers of one answer.
    pub(crate) fn parse(headers: &HeaderMap) -> Self {
        let number = |name: &str| -> Option<u64> {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok())
        };
        let small = |name: &str| number(name).map(|n| u32::try_from(n).unwrap_or(u32::MAX));
        Self {
            requests_left: small(REQUESTS_LEFT),
            requests_quota: small(REQUESTS_QUOTA),
            reset_in: number(TIME_RESET_MS).map(Duration::from_millis),
            window: number(TIME_WINDOW_MS).map(Duration::from_millis),
            retry_after: number(RETRY_AFTER)
                .or_else(|| number(STANDARD_RETRY_AFTER))
                .map(Duration::from_secs),
        }
    }

    /// How long a 429 asks to wait: `X-Retry-After`, refined by `Time-Reset-Ms` when that falls
    /// within the same second (it is the more precise figure). `None` when the 429 carried
    /// neither, which BigCommerce uses for platform overload.
    pub(crate) fn rate_limited_wait(&self) -> Option<Duration> {
        match (self.retry_after, self.reset_in) {
            (Some(after), Some(reset))
                if reset <= after && reset + Duration::from_secs(1) > after =>
            {
                Some(reset)
            }
            (Some(after), _) => Some(after),
            (None, Some(reset)) => Some(reset),
            (None, None) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::{HeaderName, HeaderValue};

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(
                HeaderName::from_bytes(name.as_bytes()).expect("name"),
                HeaderValue::from_str(value).expect("value"),
            );
        }
        map
    }

    #[test]
    fn reads_every_header_whatever_its_case() {
        let parsed = RateLimitHeaders::parse(&headers(&[
            ("X-Rate-Limit-Requests-Left", "35"),
            ("x-rate-limit-requests-quota", "150"),
            ("X-RATE-LIMIT-TIME-RESET-MS", " 15000 "),
            ("X-Rate-Limit-Time-Window-Ms", "30000"),
            ("X-Retry-After", "15"),
        ]));
        assert_eq!(
            parsed,
            RateLimitHeaders {
                requests_left: Some(35),
                requests_quota: Some(150),
                reset_in: Some(Duration::from_millis(15_000)),
                window: Some(Duration::from_millis(30_000)),
                retry_after: Some(Duration::from_secs(15)),
            }
        );
    }

    #[test]
    fn malformed_values_are_unknown() {
        let parsed = RateLimitHeaders::parse(&headers(&[
            ("X-Rate-Limit-Requests-Left", "-1"),
            ("X-Rate-Limit-Time-Reset-Ms", "soon"),
        ]));
        assert_eq!(parsed, RateLimitHeaders::default());
    }

    #[test]
    fn a_429_waits_retry_after_refined_by_reset_ms() {
        let wait =
            |pairs: &[(&str, &str)]| RateLimitHeaders::parse(&headers(pairs)).rate_limited_wait();
        assert_eq!(
            wait(&[
                ("X-Retry-After", "15"),
                ("X-Rate-Limit-Time-Reset-Ms", "14200")
            ]),
            Some(Duration::from_millis(14_200))
        );
        // An inconsistent reset is ignored in favour of the explicit instruction.
        assert_eq!(
            wait(&[
                ("X-Retry-After", "2"),
                ("X-Rate-Limit-Time-Reset-Ms", "30000")
            ]),
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            wait(&[("X-Rate-Limit-Time-Reset-Ms", "300")]),
            Some(Duration::from_millis(300))
        );
        assert_eq!(wait(&[("Retry-After", "3")]), Some(Duration::from_secs(3)));
        assert_eq!(wait(&[]), None);
    }
}
