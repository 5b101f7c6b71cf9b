//! Building a [`StoreClient`]: where the store is, its token, batch and page sizes, and the
//! pacing and retry settings.

use crate::base_url::{ApiRoot, DEFAULT_BASE_URL};
use crate::body::MAX_RESPONSE_BYTES;
use crate::client::{Inner, StoreClient};
use crate::clock::Clock;
use crate::error::{ClientError, ClientErrorKind};
use crate::pacing::Pacer;
use pageport_model::StoreHash;
use rand::SeedableRng;
use rand::rngs::StdRng;
use reqwest::header::HeaderValue;
use secrecy::{ExposeSecret, SecretString};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The default number of objects per bulk request (CONTRACT §11 #1: no documented maximum).
pub const DEFAULT_BATCH_SIZE: usize = 10;

/// The default `limit` of list requests outside the catalog. ASSUMPTION: the documented default
/// (50) is the only value every content endpoint is known to accept (CONTRACT §11 #2).
pub const DEFAULT_PAGE_SIZE: u32 = 50;

/// The largest `limit` the client asks for (the catalog's documented maximum).
pub const MAX_PAGE_SIZE: u32 = 250;

/// How the client paces requests and retries failures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PacingConfig {
    /// Requests of each window left for the store's other apps; `None` means 10% of the
    /// store's quota (5 until the quota is known). Once the store reports its quota, a reserve
    /// at or above it makes every call fail with
    /// [`ClientErrorKind::ReserveNotBelowQuota`] instead of waiting forever.
    pub reserve: Option<u32>,
    /// Retries of one request after 429s and retryable failures.
    pub max_retries: u32,
    /// The longest one call may take, waits and retries included.
    pub total_deadline: Duration,
    /// The longest one attempt may take, from sending to the end of the answer, on the client's
    /// clock.
    pub request_timeout: Duration,
    /// The first backoff ceiling; each retry doubles it. Consecutive 429s back off on the same
    /// ceilings (at least half of each), even when the store names a shorter wait.
    pub backoff_base: Duration,
    /// The largest backoff ceiling.
    pub backoff_cap: Duration,
}

impl Default for PacingConfig {
    fn default() -> Self {
        Self {
            reserve: None,
            max_retries: 5,
            total_deadline: Duration::from_secs(600),
            request_timeout: Duration::from_secs(60),
            backoff_base: Duration::from_millis(500),
            backoff_cap: Duration::from_secs(30),
        }
    }
}

/// Collects a client's settings; see [`StoreClient::builder`].
#[derive(Debug, Default)]
pub struct StoreClientBuilder {
    base_url: Option<String>,
    store_hash: Option<StoreHash>,
    access_token: Option<SecretString>,
    batch_size: Option<usize>,
    page_size: Option<u32>,
    max_response_bytes: Option<u64>,
    pacing: PacingConfig,
    clock: Option<Arc<dyn Clock>>,
    jitter_seed: Option<u64>,
}

impl StoreClientBuilder {
    /// The API host (default `https://api.bigcommerce.com`); plain http only for loopback.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The store hash (required).
    pub fn store_hash(mut self, store_hash: StoreHash) -> Self {
        self.store_hash = Some(store_hash);
        self
    }

    /// The access token sent as `X-Auth-Token` (required).
    pub fn access_token(mut self, token: SecretString) -> Self {
        self.access_token = Some(token);
        self
    }

    /// Objects per bulk request (default 10).
    pub fn batch_size(mut self, batch_size: usize) -> Self {
        self.batch_size = Some(batch_size);
        self
    }

    /// The `limit` of content, widget-template and channel list requests (default 50, at most
    /// 250); catalog lists always ask for 250.
    pub fn page_size(mut self, page_size: u32) -> Self {
        self.page_size = Some(page_size);
        self
    }

    /// The largest answer body read, in bytes (default [`MAX_RESPONSE_BYTES`], 64 MiB); a
    /// larger success answer is [`ClientErrorKind::ResponseTooLarge`].
    pub fn max_response_bytes(mut self, limit: u64) -> Self {
        self.max_response_bytes = Some(limit);
        self
    }

    /// Pacing and retry settings.
    pub fn pacing(mut self, pacing: PacingConfig) -> Self {
        self.pacing = pacing;
        self
    }

    /// The clock pacing, backoff, the total deadline and the request timeout are measured on
    /// (default [`crate::SystemClock`]); tests give a [`crate::VirtualClock`].
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = Some(clock);
        self
    }

    /// Seeds the random jitter of backoff waits, so tests see the same waits on every run
    /// (default: seeded from the operating system, so clients that failed together spread out).
    pub fn jitter_seed(mut self, seed: u64) -> Self {
        self.jitter_seed = Some(seed);
        self
    }

    /// Checks the settings and builds the client.
    pub fn build(self) -> Result<StoreClient, ClientError> {
        let store_hash = self.store_hash.ok_or_else(|| missing("store_hash"))?;
        let token = self.access_token.ok_or_else(|| missing("access_token"))?;
        let root = ApiRoot::new(
            self.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL),
            &store_hash,
        )?;
        let batch_size = self.batch_size.unwrap_or(DEFAULT_BATCH_SIZE);
        if batch_size == 0 {
            return Err(invalid("batch_size", "it must be at least 1"));
        }
        let page_size = self.page_size.unwrap_or(DEFAULT_PAGE_SIZE);
        if !(1..=MAX_PAGE_SIZE).contains(&page_size) {
            return Err(invalid(
                "page_size",
                format!("`{page_size}` is not between 1 and {MAX_PAGE_SIZE}"),
            ));
        }
        let max_response_bytes = self.max_response_bytes.unwrap_or(MAX_RESPONSE_BYTES);
        if max_response_bytes == 0 {
            return Err(invalid("max_response_bytes", "it must be at least 1"));
        }
        check_pacing(&self.pacing)?;
        let secret = token.expose_secret().trim();
        if secret.is_empty() {
            return Err(missing("access_token"));
        }
        let mut auth = HeaderValue::from_str(secret)
            .map_err(|_| ClientError::from(ClientErrorKind::InvalidAccessToken))?;
        auth.set_sensitive(true);

        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut http = reqwest::Client::builder()
            .user_agent(concat!("pageport/", env!("CARGO_PKG_VERSION")))
            // A redirect would carry X-Auth-Token to wherever it points.
            .redirect(reqwest::redirect::Policy::none());
        // The request timeout is measured on the clock (see `transport`); reqwest's own timer
        // only tells a connection that never opened (safe to retry) from a lost answer, and
        // only goes by real time, so a client on another clock does without it.
        if self.clock.is_none() {
            http = http.connect_timeout(self.pacing.request_timeout);
        }
        if root.is_loopback() {
            http = http.no_proxy();
        }
        let http = http.build().map_err(|source| {
            ClientError::from(ClientErrorKind::HttpClient {
                source: Arc::new(source),
            })
        })?;
        let pacer = Pacer::shared(&root.url("", ""), self.clock);
        let jitter = match self.jitter_seed {
            Some(seed) => StdRng::seed_from_u64(seed),
            None => StdRng::from_rng(&mut rand::rng()),
        };
        Ok(StoreClient::from_inner(Inner {
            http,
            root,
            store_hash,
            auth,
            token,
            batch_size,
            page_size,
            max_response_bytes,
            pacing: self.pacing,
            pacer,
            jitter: Mutex::new(jitter),
        }))
    }
}

fn missing(setting: &'static str) -> ClientError {
    ClientErrorKind::MissingSetting { setting }.into()
}

fn invalid(setting: &'static str, reason: impl Into<String>) -> ClientError {
    ClientErrorKind::InvalidSetting {
        setting,
        reason: reason.into(),
    }
    .into()
}

fn check_pacing(pacing: &PacingConfig) -> Result<(), ClientError> {
    if pacing.total_deadline.is_zero() {
        return Err(invalid("total_deadline", "it must be longer than zero"));
    }
    if pacing.request_timeout.is_zero() {
        return Err(invalid("request_timeout", "it must be longer than zero"));
    }
    if pacing.backoff_base > pacing.backoff_cap {
        return Err(invalid(
            "backoff_base",
            format!(
                "`{:?}` is longer than backoff_cap `{:?}`",
                pacing.backoff_base, pacing.backoff_cap
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "tok-SECRET-1234567890";

    fn builder() -> StoreClientBuilder {
        StoreClient::builder()
            .store_hash(StoreHash::from("abc123"))
            .access_token(SecretString::from(TOKEN))
    }

    #[test]
    fn defaults_to_bigcommerce_over_https() {
        let client = builder().build().expect("builds");
        assert_eq!(client.base_url(), "https://api.bigcommerce.com");
        assert_eq!(client.store_hash().as_str(), "abc123");
    }

    #[test]
    fn settings_are_checked() {
        let missing = StoreClient::builder()
            .access_token(SecretString::from(TOKEN))
            .build()
            .expect_err("no store hash");
        assert!(matches!(
            missing.kind(),
            ClientErrorKind::MissingSetting {
                setting: "store_hash"
            }
        ));
        let missing = StoreClient::builder()
            .store_hash(StoreHash::from("abc123"))
            .build()
            .expect_err("no token");
        assert!(matches!(
            missing.kind(),
            ClientErrorKind::MissingSetting {
                setting: "access_token"
            }
        ));
        assert!(matches!(
            builder()
                .batch_size(0)
                .build()
                .map_err(ClientError::into_kind),
            Err(ClientErrorKind::InvalidSetting {
                setting: "batch_size",
                ..
            })
        ));
        assert!(matches!(
            builder()
                .max_response_bytes(0)
                .build()
                .map_err(ClientError::into_kind),
            Err(ClientErrorKind::InvalidSetting {
                setting: "max_response_bytes",
                ..
            })
        ));
        assert!(matches!(
            builder()
                .page_size(251)
                .build()
                .map_err(ClientError::into_kind),
            Err(ClientErrorKind::InvalidSetting {
                setting: "page_size",
                ..
            })
        ));
        let pacing = PacingConfig {
            backoff_base: Duration::from_secs(5),
            backoff_cap: Duration::from_secs(1),
            ..PacingConfig::default()
        };
        assert!(matches!(
            builder()
                .pacing(pacing)
                .build()
                .map_err(ClientError::into_kind),
            Err(ClientErrorKind::InvalidSetting {
                setting: "backoff_base",
                ..
            })
        ));
        assert!(matches!(
            builder()
                .access_token(SecretString::from("bad\ntoken"))
                .build()
                .map_err(ClientError::into_kind),
            Err(ClientErrorKind::InvalidAccessToken)
        ));
    }

    #[test]
    fn plain_http_to_a_remote_host_is_refused() {
        let err = builder()
            .base_url("http://api.bigcommerce.com")
            .build()
            .expect_err("insecure");
        assert!(matches!(
            err.kind(),
            ClientErrorKind::InsecureBaseUrl { .. }
        ));
        assert!(builder().base_url("http://127.0.0.1:8787").build().is_ok());
    }

    #[test]
    fn debug_output_never_shows_the_token() {
        let text = format!("{:?}", builder());
        assert!(!text.contains(TOKEN), "{text}");
        let client = builder().build().expect("builds");
        let text = format!("{client:?}");
        assert!(!text.contains(TOKEN), "{text}");
        assert!(text.contains("abc123"), "{text}");
    }
}
