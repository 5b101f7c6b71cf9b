//! In-process sandboxes on an ephemeral loopback port, with the stores and tokens every test
//! uses, and [`SandboxExt`] to read what they answered and what their stores hold.

use crate::runner::Run;
use crate::workdir::Workdir;
use pageport_sandbox::state::StoreState;
use pageport_sandbox::{LoggedRequest, RunningSandbox, SandboxConfig, Seed};

/// The recognisable part of every access token the tests use: it must never appear in any
/// output, report or file pageport writes.
pub const SECRET_MARK: &str = "tok-SECRET";

/// The `staging` store's token.
pub const STAGING_TOKEN: &str = "tok-SECRET-123";

/// The `production` store's token.
pub const PRODUCTION_TOKEN: &str = "tok-SECRET-456";

/// Two empty stores, `staging` ([`STAGING_TOKEN`]) and `production` ([`PRODUCTION_TOKEN`]),
/// and no quota.
pub fn two_stores_config() -> SandboxConfig {
    let mut config =
        SandboxConfig::with_stores([("staging", STAGING_TOKEN), ("production", PRODUCTION_TOKEN)]);
    config.quota = None;
    config
}

/// [`two_stores_config`] with the demo site seeded in both stores.
pub fn demo_config() -> SandboxConfig {
    let mut config = two_stores_config();
    config.seed = Some(Seed::Demo);
    config
}

/// Starts a sandbox on `127.0.0.1:0`, on its own thread; it stops when dropped.
pub fn start(config: SandboxConfig) -> RunningSandbox {
    RunningSandbox::start(config).expect("sandbox starts")
}

/// A sandbox of [`two_stores_config`].
pub fn two_stores() -> RunningSandbox {
    start(two_stores_config())
}

/// A sandbox of [`demo_config`].
pub fn demo() -> RunningSandbox {
    start(demo_config())
}

/// A sandbox of [`demo_config`] adjusted by `tweak` (limits, faults, a data directory…).
pub fn demo_with(tweak: impl FnOnce(&mut SandboxConfig)) -> RunningSandbox {
    let mut config = demo_config();
    tweak(&mut config);
    start(config)
}

/// A loopback URL nothing listens on (a port bound, then released), for commands that must not
/// need the network.
pub fn unreachable_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    let port = listener.local_addr().expect("local address").port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

/// `METHOD path -> status`, how the assertions show a logged request.
fn line(request: &LoggedRequest) -> String {
    format!("{} {} -> {}", request.method, request.path, request.status)
}

/// What tests read from a running sandbox: its request log, its stores, and the environment
/// the binary needs to reach it.
pub trait SandboxExt {
    /// A snapshot of one store's content (panics when the sandbox has no such store).
    fn store(&self, store_hash: &str) -> StoreState;
    /// Every request the sandbox answered, in order.
    fn requests(&self) -> Vec<LoggedRequest>;
    /// The requests to one store.
    fn requests_to(&self, store_hash: &str) -> Vec<LoggedRequest>;
    /// The requests logged after the first `skip`.
    fn requests_since(&self, skip: usize) -> Vec<LoggedRequest>;
    /// How many write requests the sandbox has answered so far.
    fn write_count(&self) -> usize;
    /// The write requests logged after the first `skip` requests, as `METHOD path -> status`.
    fn writes_after(&self, skip: usize) -> Vec<String>;
    /// Asserts that nothing was written to any store.
    #[track_caller]
    fn assert_no_writes(&self);
    /// Asserts that no request reached the sandbox at all.
    #[track_caller]
    fn assert_untouched(&self);
    /// Sets what `tests/fixtures/plans/live.yaml` and its variants read from the environment:
    /// this sandbox's URL (`SANDBOX_URL`) and both stores' tokens.
    fn env<'a>(&self, cmd: &'a mut assert_cmd::Command) -> &'a mut assert_cmd::Command;
    /// [`SandboxExt::env`] for a plain command.
    fn env_std<'a>(&self, cmd: &'a mut std::process::Command) -> &'a mut std::process::Command;
    /// Runs the binary in `dir` with this sandbox's URL and tokens in the environment.
    fn run(&self, dir: &Workdir, args: &[&str]) -> Run;
}

impl SandboxExt for RunningSandbox {
    fn store(&self, store_hash: &str) -> StoreState {
        self.sandbox()
            .store_state(store_hash)
            .unwrap_or_else(|| panic!("the sandbox has no store `{store_hash}`"))
    }

    fn requests(&self) -> Vec<LoggedRequest> {
        self.sandbox().requests()
    }

    fn requests_to(&self, store_hash: &str) -> Vec<LoggedRequest> {
        let prefix = format!("/stores/{store_hash}/");
        self.requests()
            .into_iter()
            .filter(|r| r.path.starts_with(&prefix))
            .collect()
    }

    fn requests_since(&self, skip: usize) -> Vec<LoggedRequest> {
        self.requests().into_iter().skip(skip).collect()
    }

    fn write_count(&self) -> usize {
        self.requests().iter().filter(|r| r.is_write()).count()
    }

    fn writes_after(&self, skip: usize) -> Vec<String> {
        self.requests_since(skip)
            .iter()
            .filter(|r| r.is_write())
            .map(line)
            .collect()
    }

    fn assert_no_writes(&self) {
        let writes = self.writes_after(0);
        assert!(writes.is_empty(), "the sandbox saw writes: {writes:#?}");
    }

    fn assert_untouched(&self) {
        let seen: Vec<String> = self.requests().iter().map(line).collect();
        assert!(seen.is_empty(), "the sandbox was contacted: {seen:#?}");
    }

    fn env<'a>(&self, cmd: &'a mut assert_cmd::Command) -> &'a mut assert_cmd::Command {
        cmd.env("SANDBOX_URL", self.base_url())
            .env("STAGING_TOKEN", STAGING_TOKEN)
            .env("PRODUCTION_TOKEN", PRODUCTION_TOKEN)
    }

    fn env_std<'a>(&self, cmd: &'a mut std::process::Command) -> &'a mut std::process::Command {
        cmd.env("SANDBOX_URL", self.base_url())
            .env("STAGING_TOKEN", STAGING_TOKEN)
            .env("PRODUCTION_TOKEN", PRODUCTION_TOKEN)
    }

    fn run(&self, dir: &Workdir, args: &[&str]) -> Run {
        let mut cmd = dir.pageport();
        cmd.args(args);
        Run::of(self.env(&mut cmd))
    }
}
