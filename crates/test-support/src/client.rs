//! A pageport `StoreClient` for a sandbox store (feature `client`, which the sandbox's own
//! tests leave off).

use pageport_client::{PacingConfig, StoreClient, StoreClientBuilder};
use pageport_model::StoreHash;
use pageport_sandbox::RunningSandbox;
use std::time::Duration;

/// Pacing for tests: backoff of a few milliseconds so retries cost no real time.
pub fn fast_pacing() -> PacingConfig {
    PacingConfig {
        backoff_base: Duration::from_millis(1),
        backoff_cap: Duration::from_millis(5),
        request_timeout: Duration::from_secs(10),
        ..PacingConfig::default()
    }
}

/// A builder for `store` at `base_url` with `token` and [`fast_pacing`].
pub fn client_builder(base_url: &str, store: &str, token: &str) -> StoreClientBuilder {
    StoreClient::builder()
        .base_url(base_url)
        .store_hash(StoreHash::from(store))
        .access_token(token.to_owned().into())
        .pacing(fast_pacing())
}

/// A client of one sandbox store, with [`fast_pacing`].
pub fn store_client(sandbox: &RunningSandbox, store: &str, token: &str) -> StoreClient {
    client_builder(&sandbox.base_url(), store, token)
        .build()
        .expect("client builds")
}
