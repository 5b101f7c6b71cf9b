//! [`StoreClient`]: one store's API, cheap to clone, sharing its pacer and counters with every
//! other client of the same store in the process.

use crate::base_url::ApiRoot;
use crate::builder::{PacingConfig, StoreClientBuilder};
use crate::clock::Clock;
use crate::pacing::Pacer;
use crate::stats::ClientStats;
use pageport_model::StoreHash;
use rand::rngs::StdRng;
use reqwest::header::HeaderValue;
use secrecy::SecretString;
use std::fmt;
use std::sync::{Arc, Mutex};

/// A client of one BigCommerce store's REST API (v3).
///
/// Clones share the HTTP connection pool, the quota pacer and the counters; clients built
/// separately for the same base URL and store hash share the pacer and counters too, so the
/// store's quota is accounted for once per process.
#[derive(Clone)]
pub struct StoreClient {
    pub(crate) inner: Arc<Inner>,
}

/// What clones share.
pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    pub(crate) root: ApiRoot,
    pub(crate) store_hash: StoreHash,
    /// `X-Auth-Token`, marked sensitive.
    pub(crate) auth: HeaderValue,
    /// The token itself, only to scrub it from any text a store might echo.
    pub(crate) token: SecretString,
    pub(crate) batch_size: usize,
    pub(crate) page_size: u32,
    /// The largest answer body read.
    pub(crate) max_response_bytes: u64,
    pub(crate) pacing: PacingConfig,
    pub(crate) pacer: Arc<Pacer>,
    /// The random source of backoff jitter (seeded by the builder in tests).
    pub(crate) jitter: Mutex<StdRng>,
}

impl Inner {
    /// The clock pacing, backoff, deadlines and timeouts are measured on (the pacer's).
    pub(crate) fn clock(&self) -> &dyn Clock {
        &*self.pacer.clock
    }
}

impl StoreClient {
    /// Starts building a client.
    pub fn builder() -> StoreClientBuilder {
        StoreClientBuilder::default()
    }

    pub(crate) fn from_inner(inner: Inner) -> Self {
        Self {
            inner: Arc::new(inner),
        }
    }

    /// The store this client talks to.
    pub fn store_hash(&self) -> &StoreHash {
        &self.inner.store_hash
    }

    /// The base URL, without a trailing slash.
    pub fn base_url(&self) -> &str {
        self.inner.root.base()
    }

    /// Objects per bulk request.
    pub fn batch_size(&self) -> usize {
        self.inner.batch_size
    }

    /// The pacing and retry settings.
    pub fn pacing(&self) -> &PacingConfig {
        &self.inner.pacing
    }

    /// What the clients of this store have done so far in this process.
    pub fn stats(&self) -> ClientStats {
        self.inner.pacer.stats.snapshot()
    }

    /// The method and path (without query) of the request this store's clients sent last,
    /// such as `GET /content/pages`; for showing what a long read is doing.
    pub fn last_call(&self) -> Option<String> {
        self.inner.pacer.stats.last_call()
    }
}

impl fmt::Debug for StoreClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StoreClient")
            .field("base_url", &self.inner.root.base())
            .field("store_hash", &self.inner.store_hash)
            .field("access_token", &"<redacted>")
            .field("batch_size", &self.inner.batch_size)
            .field("page_size", &self.inner.page_size)
            .field("max_response_bytes", &self.inner.max_response_bytes)
            .field("pacing", &self.inner.pacing)
            .finish()
    }
}
