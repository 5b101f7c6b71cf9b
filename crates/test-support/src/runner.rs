//! The `pageport` binary, run with an environment the test controls, and what a run printed.

use crate::sandbox::SECRET_MARK;
use crate::workdir::Workdir;
use std::path::Path;

/// The variables the binary never inherits from the test's environment: the tokens and the
/// sandbox URL the tests set, the reproducible-build epoch, and whatever would force colours,
/// hyperlinks or another wrap width on the output.
pub const UNINHERITED: [&str; 9] = [
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

/// The binary at `binary`, without logging or colours, wherever the test runs.
pub fn pageport(binary: &Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::new(binary);
    cmd.env_remove("PAGEPORT_LOG").env("NO_COLOR", "1");
    cmd
}

impl Workdir {
    /// The binary, run in this directory with its state directory and its target locks
    /// inside it (so tests running at once never share a lock) and none of the
    /// [`UNINHERITED`] variables.
    pub fn pageport(&self) -> assert_cmd::Command {
        let mut cmd = pageport(self.binary());
        cmd.current_dir(self.path())
            .env("PAGEPORT_STATE_DIR", self.join(".pageport"))
            .env("PAGEPORT_LOCK_DIR", self.join(".pageport/locks"));
        for variable in UNINHERITED {
            cmd.env_remove(variable);
        }
        cmd
    }

    /// The same as [`Workdir::pageport`], as a plain command for tests that spawn the binary
    /// and stop it themselves.
    pub fn spawnable(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(self.binary());
        cmd.current_dir(self.path())
            .env("PAGEPORT_STATE_DIR", self.join(".pageport"))
            .env("PAGEPORT_LOCK_DIR", self.join(".pageport/locks"))
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
