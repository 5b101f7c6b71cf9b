//! What these tests add to the shared harness (`pageport-test-support`): their own two stores
//! with recognisable tokens, retries pinned for counting them, and request-log helpers.
#![allow(dead_code)]

use pageport_client::{PacingConfig, StoreClient, StoreClientBuilder};
use pageport_model::{Page, PageType};
use pageport_sandbox::{LoggedRequest, RunningSandbox, SandboxConfig};
use pageport_test_support::SandboxExt;
use pageport_test_support::client::client_builder;
use std::time::Duration;

pub use pageport_test_support::start;

/// The test store.
pub const STORE: &str = "teststore";
/// The test store's token: recognisable, so tests can prove it never leaks.
pub const TOKEN: &str = "tok-SECRET-c0ffee-5ca1ab1e";
/// A second store, for cross-store token checks.
pub const OTHER_STORE: &str = "otherstore";
/// The second store's token.
pub const OTHER_TOKEN: &str = "tok-OTHER-SECRET-b16b00b5";

/// A configuration with both stores and no quota.
pub fn config() -> SandboxConfig {
    let mut config = SandboxConfig::with_stores([(STORE, TOKEN), (OTHER_STORE, OTHER_TOKEN)]);
    config.quota = None;
    config
}

/// A sandbox with both stores and no quota.
pub fn sandbox() -> RunningSandbox {
    start(config())
}

/// The harness's fast pacing, with the retries and the deadline these tests count on.
pub fn fast_pacing() -> PacingConfig {
    PacingConfig {
        max_retries: 4,
        total_deadline: Duration::from_secs(60),
        ..pageport_test_support::client::fast_pacing()
    }
}

/// A builder for the test store with fast pacing.
pub fn builder(sb: &RunningSandbox) -> StoreClientBuilder {
    client_builder(&sb.base_url(), STORE, TOKEN).pacing(fast_pacing())
}

/// A client of the test store.
pub fn client(sb: &RunningSandbox) -> StoreClient {
    builder(sb).build().expect("client builds")
}

/// A plain page.
pub fn page(name: &str) -> Page {
    Page::new(name, PageType::Page)
}

/// Requests logged after the first `skip`.
pub fn requests_since(sb: &RunningSandbox, skip: usize) -> Vec<LoggedRequest> {
    sb.requests_since(skip)
}

/// How many requests are logged so far.
pub fn logged(sb: &RunningSandbox) -> usize {
    sb.sandbox().requests().len()
}

/// The logged requests with this method whose path ends with `suffix`.
pub fn matching(requests: &[LoggedRequest], method: &str, suffix: &str) -> Vec<LoggedRequest> {
    requests
        .iter()
        .filter(|r| r.method == method && r.path.ends_with(suffix))
        .cloned()
        .collect()
}

/// The names of the store's pages, sorted, as the sandbox holds them.
pub fn stored_page_names(sb: &RunningSandbox) -> Vec<String> {
    let state = sb.store(STORE);
    let mut names: Vec<String> = state.pages.values().map(|p| p.name.clone()).collect();
    names.sort();
    names
}
