//! Shared helpers: a sandbox on an ephemeral port, clients pointed at it on virtual time, and a
//! [`Timeline`] for tests where the sandbox and the client must share one time.
#![allow(dead_code)]

use pageport_client::{Clock, PacingConfig, StoreClient, StoreClientBuilder, VirtualClock};
use pageport_model::{Page, PageType, StoreHash};
use pageport_sandbox::{LoggedRequest, RunningSandbox, SandboxConfig};
use secrecy::SecretString;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::watch;

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

/// Starts a sandbox.
pub fn start(config: SandboxConfig) -> RunningSandbox {
    RunningSandbox::start(config).expect("sandbox starts")
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

/// Pacing for tests: backoff of a few milliseconds (of virtual time).
pub fn fast_pacing() -> PacingConfig {
    PacingConfig {
        max_retries: 4,
        backoff_base: Duration::from_millis(1),
        backoff_cap: Duration::from_millis(5),
        request_timeout: Duration::from_secs(10),
        total_deadline: Duration::from_secs(60),
        ..PacingConfig::default()
    }
}

/// A builder for the test store with fast pacing, on a virtual clock of its own (waits take
/// no real time).
pub fn builder(sb: &RunningSandbox) -> StoreClientBuilder {
    StoreClient::builder()
        .base_url(sb.base_url())
        .store_hash(StoreHash::from(STORE))
        .access_token(SecretString::from(TOKEN))
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
    sb.sandbox().requests().into_iter().skip(skip).collect()
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
    let state = sb.sandbox().store_state(STORE).expect("store exists");
    let mut names: Vec<String> = state.pages.values().map(|p| p.name.clone()).collect();
    names.sort();
    names
}
