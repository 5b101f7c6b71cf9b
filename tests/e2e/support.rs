//! Shared helpers for the end-to-end tests.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The `pageport` binary built for this test run.
pub fn pageport() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("pageport").expect("pageport binary is built");
    cmd.env_remove("PAGEPORT_LOG").env("NO_COLOR", "1");
    cmd
}

/// The path of the built binary, for tests that spawn it themselves.
pub fn pageport_path() -> PathBuf {
    assert_cmd::cargo::cargo_bin("pageport")
}

/// The workspace root (where `migrations.example.yaml` lives).
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A plain HTTP client (rustls needs a process-wide crypto provider first).
pub fn http() -> reqwest::blocking::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::blocking::Client::builder()
        .build()
        .expect("http client")
}

/// The recognisable part of every access token the tests use: it must never appear in any
/// output, report or file pageport writes.
pub const SECRET_MARK: &str = "tok-SECRET";

/// The staging store's token in sandboxes the tests start.
pub const STAGING_TOKEN: &str = "tok-SECRET-123";

/// The production store's token in sandboxes the tests start.
pub const PRODUCTION_TOKEN: &str = "tok-SECRET-456";

/// A file under `tests/fixtures/`.
pub fn fixture(relative: &str) -> PathBuf {
    workspace_root().join("tests/fixtures").join(relative)
}

/// The README's plan, which runs against the embedded demo sandbox.
pub fn example_plan() -> PathBuf {
    workspace_root().join("migrations.example.yaml")
}

/// The variables the binary never inherits from the test's environment.
const UNINHERITED: [&str; 9] = [
    "STAGING_TOKEN",
    "PRODUCTION_TOKEN",
    "SANDBOX_URL",
    "SOURCE_DATE_EPOCH",
    "FORCE_COLOR",
    "CLICOLOR_FORCE",
    "FORCE_HYPERLINK",
    "NO_GRAPHICS",
    "COLUMNS",
];

/// A fresh temporary directory the binary runs in, with its state directory inside, so no
/// `.pageport/` state leaks between tests.
pub struct Workdir {
    dir: tempfile::TempDir,
}

impl Workdir {
    /// Creates an empty working directory.
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("a temporary directory"),
        }
    }

    /// The directory itself.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// A path inside the directory.
    pub fn join(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    /// Writes a file (creating its parents) and returns its path.
    pub fn write(&self, relative: &str, text: &str) -> PathBuf {
        let path = self.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create parent directory");
        }
        std::fs::write(&path, text).expect("write file");
        path
    }

    /// Reads a file as text.
    pub fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.join(relative))
            .unwrap_or_else(|e| panic!("cannot read `{relative}`: {e}"))
    }

    /// Copies a file (or a whole directory) from `tests/fixtures/` into the directory.
    pub fn copy_fixture(&self, fixture_path: &str, relative: &str) -> PathBuf {
        let to = self.join(relative);
        copy_tree(&fixture(fixture_path), &to);
        to
    }

    /// The binary, run in this directory with its state directory inside it and none of the
    /// variables the tests set (tokens, sandbox URL, reproducible-build epoch) inherited, and
    /// nothing that would force colours, hyperlinks or another wrap width on the output.
    pub fn pageport(&self) -> assert_cmd::Command {
        let mut cmd = pageport();
        cmd.current_dir(self.path())
            .env("PAGEPORT_STATE_DIR", self.join(".pageport"));
        for variable in UNINHERITED {
            cmd.env_remove(variable);
        }
        cmd
    }

    /// The same as [`Workdir::pageport`], as a plain command for tests that spawn the binary
    /// and stop it themselves.
    pub fn spawnable(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(pageport_path());
        cmd.current_dir(self.path())
            .env("PAGEPORT_STATE_DIR", self.join(".pageport"))
            .env_remove("PAGEPORT_LOG")
            .env("NO_COLOR", "1");
        for variable in UNINHERITED {
            cmd.env_remove(variable);
        }
        cmd
    }

    /// Runs the binary with `args` in this directory.
    pub fn run(&self, args: &[&str]) -> Run {
        Run::of(self.pageport().args(args))
    }

    /// Every file under `relative`, as sorted paths relative to it with their bytes.
    pub fn tree(&self, relative: &str) -> BTreeMap<String, Vec<u8>> {
        tree_of(&self.join(relative))
    }
}

/// Every file under `root`, as sorted `/`-separated relative paths with their bytes.
pub fn tree_of(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![root.to_owned()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("read directory") {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let relative = path
                    .strip_prefix(root)
                    .expect("inside the root")
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                files.insert(relative, std::fs::read(&path).expect("read file"));
            }
        }
    }
    files
}

/// Copies a file or a directory tree.
fn copy_tree(from: &Path, to: &Path) {
    if from.is_dir() {
        std::fs::create_dir_all(to).expect("create directory");
        for entry in std::fs::read_dir(from).expect("read fixture directory") {
            let entry = entry.expect("directory entry");
            copy_tree(&entry.path(), &to.join(entry.file_name()));
        }
    } else {
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).expect("create parent directory");
        }
        std::fs::copy(from, to).unwrap_or_else(|e| panic!("cannot copy `{}`: {e}", from.display()));
    }
}

/// What a finished run of the binary left behind.
#[derive(Debug)]
pub struct Run {
    /// The exit code (`None` if killed by a signal).
    pub code: Option<i32>,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Run {
    /// Runs a prepared command to completion.
    pub fn of(cmd: &mut assert_cmd::Command) -> Self {
        let output = cmd.output().expect("pageport runs");
        Self {
            code: output.status.code(),
            stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
        }
    }

    /// Asserts the exit code, showing both streams when it differs.
    #[track_caller]
    pub fn assert_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code,
            Some(code),
            "unexpected exit code\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    /// Asserts that no test token (nor the tokens the embedded sandbox makes up) was printed.
    #[track_caller]
    pub fn assert_no_secret(&self) -> &Self {
        for (stream, text) in [("stdout", &self.stdout), ("stderr", &self.stderr)] {
            assert!(
                !text.contains(SECRET_MARK),
                "a token was printed on {stream}:\n{text}"
            );
            assert!(
                !text.contains("embedded-"),
                "an embedded sandbox token was printed on {stream}:\n{text}"
            );
        }
        self
    }

    /// Asserts that standard error says `needle`, ignoring how the error renderer wrapped it.
    #[track_caller]
    pub fn assert_stderr_says(&self, needle: &str) -> &Self {
        assert!(
            squash(&self.stderr).contains(&squash(needle)),
            "stderr does not say {needle:?}:\n{}",
            self.stderr
        );
        self
    }

    /// Asserts that standard output says `needle`, ignoring line wrapping.
    #[track_caller]
    pub fn assert_stdout_says(&self, needle: &str) -> &Self {
        assert!(
            squash(&self.stdout).contains(&squash(needle)),
            "stdout does not say {needle:?}:\n{}",
            self.stdout
        );
        self
    }

    /// The whole observable result, for a snapshot: exit code, stdout and stderr.
    pub fn transcript(&self) -> String {
        format!(
            "exit code: {}\n----- stdout -----\n{}\n----- stderr -----\n{}",
            self.code
                .map_or_else(|| "signal".to_owned(), |c| c.to_string()),
            self.stdout,
            self.stderr
        )
    }
}

/// `text` without whitespace and without the error renderer's frame characters, so a message
/// can be found however it was wrapped.
pub fn squash(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '│' | '├' | '╰' | '─' | '▶' | '·'))
        .collect()
}

/// A sandbox started by the test on an ephemeral loopback port: the demo site in `staging`
/// (token [`STAGING_TOKEN`]) and `production` (token [`PRODUCTION_TOKEN`]), no quota. Its
/// request log proves what a command read and wrote. Stopped when dropped.
pub struct LiveSandbox {
    running: pageport_sandbox::RunningSandbox,
}

impl LiveSandbox {
    /// Starts the sandbox.
    pub fn start() -> Self {
        Self::start_with(|_| {})
    }

    /// Starts the sandbox with its configuration adjusted by `tweak` (limits, faults, a data
    /// directory…).
    pub fn start_with(tweak: impl FnOnce(&mut pageport_sandbox::SandboxConfig)) -> Self {
        let mut config = pageport_sandbox::SandboxConfig {
            stores: vec![
                pageport_sandbox::StoreSpec {
                    store_hash: "staging".into(),
                    access_token: STAGING_TOKEN.into(),
                },
                pageport_sandbox::StoreSpec {
                    store_hash: "production".into(),
                    access_token: PRODUCTION_TOKEN.into(),
                },
            ],
            seed: Some(pageport_sandbox::Seed::Demo),
            quota: None,
            ..pageport_sandbox::SandboxConfig::default()
        };
        tweak(&mut config);
        Self {
            running: pageport_sandbox::RunningSandbox::start(config).expect("sandbox starts"),
        }
    }

    /// The sandbox's shared state: stores, request log, faults.
    pub fn sandbox(&self) -> &pageport_sandbox::Sandbox {
        self.running.sandbox()
    }

    /// The base URL, e.g. `http://127.0.0.1:41234`.
    pub fn url(&self) -> String {
        self.running.base_url()
    }

    /// Sets what `tests/fixtures/plans/live.yaml` and its variants read from the environment:
    /// this sandbox's URL and both stores' tokens.
    pub fn env<'a>(&self, cmd: &'a mut assert_cmd::Command) -> &'a mut assert_cmd::Command {
        cmd.env("SANDBOX_URL", self.url())
            .env("STAGING_TOKEN", STAGING_TOKEN)
            .env("PRODUCTION_TOKEN", PRODUCTION_TOKEN)
    }

    /// Every request the sandbox answered, in order.
    pub fn requests(&self) -> Vec<pageport_sandbox::LoggedRequest> {
        self.running.sandbox().requests()
    }

    /// The requests to one store.
    pub fn requests_to(&self, store_hash: &str) -> Vec<pageport_sandbox::LoggedRequest> {
        let prefix = format!("/stores/{store_hash}/");
        self.requests()
            .into_iter()
            .filter(|r| r.path.starts_with(&prefix))
            .collect()
    }

    /// Asserts that nothing was written to any store.
    #[track_caller]
    pub fn assert_no_writes(&self) {
        let writes: Vec<String> = self
            .requests()
            .iter()
            .filter(|r| r.is_write())
            .map(|r| format!("{} {} -> {}", r.method, r.path, r.status))
            .collect();
        assert!(writes.is_empty(), "the sandbox saw writes: {writes:#?}");
    }

    /// Asserts that no request reached the sandbox at all.
    #[track_caller]
    pub fn assert_untouched(&self) {
        let seen: Vec<String> = self
            .requests()
            .iter()
            .map(|r| format!("{} {} -> {}", r.method, r.path, r.status))
            .collect();
        assert!(seen.is_empty(), "the sandbox was contacted: {seen:#?}");
    }
}

/// A loopback URL nothing listens on (a port bound, then released), for commands that must not
/// need the network.
pub fn unreachable_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    let port = listener.local_addr().expect("local address").port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

/// insta settings for snapshots of a run in `dir`: its temporary path becomes `[WORKDIR]`.
pub fn snapshot_settings(dir: &Workdir) -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    let escaped: String = dir
        .path()
        .display()
        .to_string()
        .chars()
        .flat_map(|c| {
            let meta = "\\.+*?()|[]{}^$".contains(c);
            meta.then_some('\\').into_iter().chain(std::iter::once(c))
        })
        .collect();
    settings.add_filter(&escaped, "[WORKDIR]");
    settings
}
