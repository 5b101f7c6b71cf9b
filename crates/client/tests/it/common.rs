//! What these tests add to the shared harness (`pageport-test-support`): their own two stores
//! with recognisable tokens, retries pinned for counting them, clients on virtual time, a
//! [`Timeline`] for tests where the sandbox and the client must share one time, and
//! request-log helpers.
#![allow(dead_code)]

use pageport_client::{Clock, PacingConfig, StoreClient, StoreClientBuilder, VirtualClock};
use pageport_model::{Page, PageType};
use pageport_sandbox::{LoggedRequest, RunningSandbox, SandboxConfig};
use pageport_test_support::SandboxExt;
use pageport_test_support::client::client_builder;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::watch;

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

/// One virtual time for a sandbox and its clients: it moves when a client sleeps (backoff, quota
/// waits) or the test advances it; the sandbox's rate-limit windows read it and its injected
/// latency waits on it.
#[derive(Debug, Clone)]
pub struct Timeline {
    /// The clients' clock.
    pub clock: VirtualClock,
    /// How many latency waits the sandbox has started.
    waits: Arc<watch::Sender<usize>>,
}

impl Timeline {
    pub fn new() -> Self {
        Self {
            clock: VirtualClock::new(),
            waits: Arc::new(watch::Sender::new(0)),
        }
    }

    /// Starts a sandbox on this time.
    pub fn start(&self, mut config: SandboxConfig) -> RunningSandbox {
        config.clock = Arc::new(self.clone());
        start(config)
    }

    /// A builder for the test store on this time.
    pub fn builder(&self, sb: &RunningSandbox) -> StoreClientBuilder {
        builder(sb).clock(Arc::new(self.clock.clone()))
    }

    /// Waits until the sandbox has started `count` latency waits (requests that reached it).
    pub async fn sandbox_waits(&self, count: usize) {
        let mut waits = self.waits.subscribe();
        let _ = waits.wait_for(|waits| *waits >= count).await;
    }
}

impl pageport_sandbox::Clock for Timeline {
    fn now(&self) -> Instant {
        self.clock.now()
    }

    fn sleep(&self, duration: Duration) -> pageport_sandbox::clock::Sleep {
        let wake = self.clock.now() + duration;
        self.waits.send_modify(|waits| *waits += 1);
        // The sandbox waits for the time to get there; it never moves the time itself.
        self.clock.deadline(wake)
    }
}

/// The harness's fast pacing, with the retries and the deadline these tests count on
/// (backoff of a few milliseconds of virtual time).
pub fn fast_pacing() -> PacingConfig {
    PacingConfig {
        max_retries: 4,
        total_deadline: Duration::from_secs(60),
        ..pageport_test_support::client::fast_pacing()
    }
}

/// A builder for the test store with fast pacing, on a virtual clock of its own (waits take
/// no real time).
pub fn builder(sb: &RunningSandbox) -> StoreClientBuilder {
    client_builder(&sb.base_url(), STORE, TOKEN)
        .pacing(fast_pacing())
        .clock(Arc::new(VirtualClock::new()))
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
