//! What a sandbox serves: its stores and their tokens, the rate-limit quota, the platform
//! limits it enforces, the seed it starts from, where it persists, and its fault injection.

use crate::clock::{Clock, SystemClock};
use pageport_model::Limits;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::sync::Arc;

/// Everything a sandbox needs to start.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    /// The stores served, each under `/stores/{store_hash}/v3`.
    pub stores: Vec<StoreSpec>,
    /// The request quota per store and window; `None` serves without limit.
    pub quota: Option<Quota>,
    /// The limits enforced on writes (documented values by default).
    pub limits: Limits,
    /// The content the stores start with when nothing is persisted.
    pub seed: Option<Seed>,
    /// Where stores are persisted (one JSON file per store, written atomically).
    pub data_dir: Option<PathBuf>,
    /// The status a successful page-widgets POST answers: 204 (the reference) or 201 (the guide).
    pub page_widgets_publish_status: u16,
    /// Whether legacy `feed` pages may be created (CONTRACT §10 #1: toggleable).
    pub accept_feed_pages: bool,
    /// The largest `limit` a list honours; larger values are clamped (ASSUMPTION, §11 #2).
    pub max_page_size: u64,
    /// The largest bulk page write accepted, if capped (ASSUMPTION, §11 #1).
    pub max_bulk_pages: Option<usize>,
    /// Faults injected from the start (they can also be set later through the admin API).
    pub faults: FaultConfig,
    /// The time rate-limit windows, injected latency and the request log go by (tests give a
    /// [`crate::ManualClock`]).
    pub clock: Arc<dyn Clock>,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        Self {
            stores: Vec::new(),
            quota: Some(Quota::default()),
            limits: Limits::default(),
            seed: None,
            data_dir: None,
            page_widgets_publish_status: 204,
            accept_feed_pages: true,
            max_page_size: 250,
            max_bulk_pages: None,
            faults: FaultConfig::default(),
            clock: Arc::new(SystemClock),
        }
    }
}

impl SandboxConfig {
    /// A configuration serving the given `(store_hash, token)` pairs with the default quota.
    pub fn with_stores<I, H, T>(stores: I) -> Self
    where
        I: IntoIterator<Item = (H, T)>,
        H: Into<String>,
        T: Into<String>,
    {
        Self {
            stores: stores
                .into_iter()
                .map(|(hash, token)| StoreSpec {
                    store_hash: hash.into(),
                    access_token: token.into(),
                })
                .collect(),
            ..Self::default()
        }
    }
}

impl SandboxConfig {
    /// Checks what serving needs: store hashes usable as file names (`[A-Za-z0-9_-]`, as
    /// the data directory names files after them), distinct hashes and non-empty distinct tokens,
    /// and a coherent fault configuration.
    pub fn validate(&self) -> Result<(), crate::SandboxError> {
        let invalid = |message: String| Err(crate::SandboxError::Config(message));
        for (index, spec) in self.stores.iter().enumerate() {
            if !is_safe_store_hash(&spec.store_hash) {
                return invalid(format!(
                    "store hash `{}` may hold only letters, digits, `_` and `-`",
                    spec.store_hash
                ));
            }
            if spec.access_token.is_empty() {
                return invalid(format!("store `{}` has an empty token", spec.store_hash));
            }
            for earlier in &self.stores[..index] {
                if earlier.store_hash == spec.store_hash {
                    return invalid(format!("store `{}` is listed twice", spec.store_hash));
                }
                if earlier.access_token == spec.access_token {
                    return invalid(format!(
                        "stores `{}` and `{}` share a token; each store needs its own",
                        earlier.store_hash, spec.store_hash
                    ));
                }
            }
        }
        if let Some(quota) = self.quota
            && (quota.requests == 0 || quota.window_ms == 0)
        {
            return invalid(
                "the quota must allow at least one request per non-empty window".into(),
            );
        }
        self.faults.validate().map_err(crate::SandboxError::Config)
    }
}

/// True for a store hash that is safe as a file name: non-empty, only `[A-Za-z0-9_-]`.
pub(crate) fn is_safe_store_hash(hash: &str) -> bool {
    !hash.is_empty()
        && hash
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// A made-up access token for a store of a sandbox started in this process (the embedded
/// sandbox, benchmarks): unique per process and per call, never shown and never stored.
pub fn process_token(purpose: &str, store_hash: &str) -> String {
    static CALLS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!(
        "{purpose}-{store_hash}-{}-{nanos}-{call}",
        std::process::id()
    )
}

/// One store the sandbox serves.
#[derive(Clone)]
pub struct StoreSpec {
    /// The store hash in the URL path.
    pub store_hash: String,
    /// The `X-Auth-Token` that opens this store (and no other).
    pub access_token: String,
}

impl std::fmt::Debug for StoreSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoreSpec")
            .field("store_hash", &self.store_hash)
            .field("access_token", &"<redacted>")
            .finish()
    }
}

/// A request quota: `requests` per `window_ms`, per store (BigCommerce: 150 per 30,000 ms).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quota {
    /// Requests allowed per window.
    pub requests: u32,
    /// The window length in milliseconds.
    pub window_ms: u64,
}

impl Default for Quota {
    fn default() -> Self {
        Self {
            requests: 150,
            window_ms: 30_000,
        }
    }
}

impl std::str::FromStr for Quota {
    type Err = String;

    /// Parses `REQUESTS/WINDOW_MS`, such as `150/30000`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (requests, window) = s
            .split_once('/')
            .ok_or_else(|| format!("quota `{s}` is not REQUESTS/WINDOW_MS, e.g. 150/30000"))?;
        let requests: u32 = requests
            .trim()
            .parse()
            .map_err(|_| format!("quota requests `{requests}` is not a whole number"))?;
        let window_ms: u64 = window.trim().parse().map_err(|_| {
            format!("quota window `{window}` is not a whole number of milliseconds")
        })?;
        if requests == 0 || window_ms == 0 {
            return Err(format!(
                "quota `{s}` must allow at least one request per non-empty window"
            ));
        }
        Ok(Self {
            requests,
            window_ms,
        })
    }
}

/// A named starting content for the stores.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seed {
    /// The demo site: a realistic staging store and a production store with the same catalog
    /// under other ids, its own widget templates (one missing) and no pages.
    Demo,
}

impl std::str::FromStr for Seed {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "demo" => Ok(Seed::Demo),
            other => Err(format!("unknown seed `{other}`; the known seed is `demo`")),
        }
    }
}

/// Seeded fault injection, applied to BigCommerce paths (never to admin paths).
///
/// A request *matches* when its method is in `methods` (or `methods` is empty) and its path
/// contains `path_contains`. Every matching request waits `latency_ms` first. Matching requests
/// after the first `skip_first` may then be faulted, until `max_faults` faults were injected:
///
/// - while a 429 burst is running, the request is answered 429 (one fault each);
/// - otherwise one number `u` in `[0, 1)` is drawn from a RNG seeded with `seed`, and the
///   rates are consecutive shares of `[0, 1)` in this order: `rate_429` starts a burst of
///   `burst_len` 429s (this request is the first), `rate_5xx` answers 500, 502 or 503 (a second
///   draw picks which), `rate_drop` drops the connection unanswered, `rate_drop_after_apply`
///   lets the handler apply the request and then drops the connection, `rate_ok_unapplied`
///   answers `200` with an error body and applies nothing (a misbehaving store or proxy). Rates
///   must each be in `[0, 1]` and sum to at most 1.
///
/// Injected 429s carry `X-Retry-After: retry_after_secs` and the rate-limit headers with
/// `Requests-Left: 0` and `Time-Reset-Ms = retry_after_secs × 1000`; they consume no quota.
/// The same configuration and request sequence always inject the same faults.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FaultConfig {
    /// The RNG seed.
    pub seed: u64,
    /// Probability that a request starts a burst of 429 responses.
    pub rate_429: f64,
    /// How many consecutive matching requests a 429 burst answers with 429 (`0` counts as 1).
    pub burst_len: u32,
    /// The `X-Retry-After` seconds sent with injected 429s (sent as is, `0` included).
    pub retry_after_secs: u64,
    /// Probability of a 500/502/503 answer (the status is drawn among the three).
    pub rate_5xx: f64,
    /// Probability that the connection is dropped without an answer (nothing applied).
    pub rate_drop: f64,
    /// Probability that the request is applied but the connection is dropped before the answer
    /// (a lost response: the write happened, the client never hears of it).
    pub rate_drop_after_apply: f64,
    /// Probability that the request is answered `200` with an error body and not applied: a
    /// success that did not happen, which only reading the store again reveals.
    pub rate_ok_unapplied: f64,
    /// Latency added to every matching request, in milliseconds.
    pub latency_ms: u64,
    /// Only requests whose method matches (e.g. `POST`, case-insensitive) are faulted; empty
    /// means all.
    pub methods: Vec<String>,
    /// Only paths containing this substring are faulted; empty means all.
    pub path_contains: String,
    /// Matching requests to let through before faults start.
    pub skip_first: u64,
    /// Stop injecting after this many faults; `0` means no cap.
    pub max_faults: u64,
}

impl FaultConfig {
    /// Checks that every rate is a probability and that they sum to at most 1.
    pub fn validate(&self) -> Result<(), String> {
        let rates = [
            ("rate_429", self.rate_429),
            ("rate_5xx", self.rate_5xx),
            ("rate_drop", self.rate_drop),
            ("rate_drop_after_apply", self.rate_drop_after_apply),
            ("rate_ok_unapplied", self.rate_ok_unapplied),
        ];
        if let Some((name, rate)) = rates.iter().find(|(_, rate)| !(0.0..=1.0).contains(rate)) {
            return Err(format!(
                "fault `{name}` is `{rate}`, not a probability in [0, 1]"
            ));
        }
        let sum: f64 = rates.iter().map(|(_, rate)| rate).sum();
        if sum > 1.0 + 1e-9 {
            return Err(format!("fault rates sum to `{sum}`, more than 1"));
        }
        Ok(())
    }

    /// True when the configuration can inject nothing and adds no latency.
    pub fn is_inert(&self) -> bool {
        self.latency_ms == 0
            && self.rate_429 == 0.0
            && self.rate_5xx == 0.0
            && self.rate_drop == 0.0
            && self.rate_drop_after_apply == 0.0
            && self.rate_ok_unapplied == 0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_hashes_must_be_file_name_safe() {
        for bad in ["", "../etc", "a/b", "a.b", "a b", "é"] {
            let config = SandboxConfig::with_stores([(bad, "token")]);
            assert!(config.validate().is_err(), "{bad:?} accepted");
        }
        let config = SandboxConfig::with_stores([("abc_123-X", "token")]);
        assert!(config.validate().is_ok());
    }

    #[test]
    fn duplicate_stores_and_shared_tokens_are_refused() {
        let twice = SandboxConfig::with_stores([("a", "t1"), ("a", "t2")]);
        assert!(
            twice
                .validate()
                .unwrap_err()
                .to_string()
                .contains("listed twice")
        );
        let shared = SandboxConfig::with_stores([("a", "t"), ("b", "t")]);
        assert!(
            shared
                .validate()
                .unwrap_err()
                .to_string()
                .contains("share a token")
        );
        let empty = SandboxConfig::with_stores([("a", "")]);
        assert!(empty.validate().is_err());
    }

    #[test]
    fn fault_rates_must_be_probabilities_summing_to_one_at_most() {
        let mut faults = FaultConfig {
            rate_5xx: 1.5,
            ..FaultConfig::default()
        };
        assert!(faults.validate().unwrap_err().contains("rate_5xx"));
        faults.rate_5xx = 0.6;
        faults.rate_drop = 0.6;
        assert!(faults.validate().unwrap_err().contains("sum"));
        faults.rate_drop = 0.4;
        assert!(faults.validate().is_ok());
        assert!(!faults.is_inert());
        assert!(FaultConfig::default().is_inert());
    }

    #[test]
    fn quota_parses_requests_per_window() {
        assert_eq!(
            "150/30000".parse::<Quota>(),
            Ok(Quota {
                requests: 150,
                window_ms: 30_000
            })
        );
        assert!("0/100".parse::<Quota>().is_err());
        assert!("x/100".parse::<Quota>().is_err());
    }
}
