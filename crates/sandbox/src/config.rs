//! What a sandbox serves: its stores and their tokens, the rate-limit quota, the platform
//! limits it enforces, the seed it starts from, where it persists, and its fault injection.

use pageport_model::Limits;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

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
/// Each rate is a probability in `[0, 1]` drawn from a RNG seeded with `seed`, so a run is
/// reproducible. Faults apply to the first matching request after `skip_first` requests.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FaultConfig {
    /// The RNG seed.
    pub seed: u64,
    /// Probability that a request starts a burst of 429 responses.
    pub rate_429: f64,
    /// How many consecutive requests a 429 burst answers with 429.
    pub burst_len: u32,
    /// The `X-Retry-After` seconds sent with injected 429s.
    pub retry_after_secs: u64,
    /// Probability of a 500/502/503 answer (the status is drawn among the three).
    pub rate_5xx: f64,
    /// Probability that the connection is dropped without an answer.
    pub rate_drop: f64,
    /// Probability that the request is applied but the connection is dropped before the answer
    /// (a lost response: the write happened, the client never hears of it).
    pub rate_drop_after_apply: f64,
    /// Latency added to every request, in milliseconds.
    pub latency_ms: u64,
    /// Only requests whose method matches (e.g. `POST`) are faulted; empty means all.
    pub methods: Vec<String>,
    /// Only paths containing this substring are faulted; empty means all.
    pub path_contains: String,
    /// Requests to let through before faults start.
    pub skip_first: u64,
    /// Stop injecting after this many faults; `0` means no cap.
    pub max_faults: u64,
}
