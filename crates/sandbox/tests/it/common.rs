//! Shared helpers: a sandbox on an ephemeral port and a raw reqwest client.
#![allow(dead_code)]

use pageport_sandbox::{RunningSandbox, SandboxConfig};

/// The token of the `staging` test store.
pub const STAGING_TOKEN: &str = "staging-token";
/// The token of the `production` test store.
pub const PRODUCTION_TOKEN: &str = "production-token";

/// A sandbox with two empty stores, `staging` and `production`, and no quota.
pub fn two_stores() -> RunningSandbox {
    let mut config =
        SandboxConfig::with_stores([("staging", STAGING_TOKEN), ("production", PRODUCTION_TOKEN)]);
    config.quota = None;
    start(config)
}

/// Starts a sandbox with the given configuration.
pub fn start(config: SandboxConfig) -> RunningSandbox {
    RunningSandbox::start(config).expect("sandbox starts")
}

/// A plain HTTP client (rustls needs a process-wide crypto provider before the first client).
pub fn http() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder().build().expect("http client")
}

/// The URL of a BigCommerce v3 path of a store, e.g. `url(&sb, "staging", "/content/pages")`.
pub fn url(sandbox: &RunningSandbox, store: &str, path: &str) -> String {
    format!("{}/stores/{store}/v3{path}", sandbox.base_url())
}
