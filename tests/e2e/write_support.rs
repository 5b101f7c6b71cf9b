//! Helpers for the tests of the commands that write (`apply`, `restore`, `duplicate`): the run
//! directories a command left, a scan of every file for tokens, running the binary against a
//! [`LiveSandbox`] and reading what it wrote there.

use crate::support::{LiveSandbox, PRODUCTION_TOKEN, Run, SECRET_MARK, STAGING_TOKEN, Workdir};
use std::path::PathBuf;

impl Workdir {
    /// The apply runs under the state directory (`.pageport/runs/<id>/`), oldest first.
    pub fn run_dirs(&self) -> Vec<PathBuf> {
        let runs = self.join(".pageport/runs");
        let Ok(listing) = std::fs::read_dir(&runs) else {
            return Vec::new();
        };
        let mut dirs: Vec<PathBuf> = listing
            .map(|entry| entry.expect("directory entry").path())
            .filter(|path| path.is_dir())
            .collect();
        dirs.sort();
        dirs
    }

    /// The only apply run under the state directory.
    #[track_caller]
    pub fn only_run(&self) -> PathBuf {
        let dirs = self.run_dirs();
        assert_eq!(dirs.len(), 1, "expected exactly one run: {dirs:#?}");
        dirs.into_iter().next().expect("one run")
    }

    /// Asserts that no file anywhere in the directory (the state directory's `run.json`,
    /// `plan.json`, `journal.jsonl`, `backup/`, persisted sandboxes, saved plans and reports)
    /// holds a token: neither a test token nor one the embedded sandbox made up.
    #[track_caller]
    pub fn assert_no_secret_in_files(&self) {
        let files = self.tree("");
        assert!(
            !files.is_empty(),
            "nothing to check: the directory is empty"
        );
        for (path, bytes) in &files {
            let text = String::from_utf8_lossy(bytes);
            assert!(!text.contains(SECRET_MARK), "a token in `{path}`:\n{text}");
            assert!(
                !text.contains("embedded-"),
                "an embedded sandbox token in `{path}`:\n{text}"
            );
        }
    }
}

impl LiveSandbox {
    /// A snapshot of one store's content.
    pub fn store(&self, store_hash: &str) -> pageport_sandbox::state::StoreState {
        self.sandbox()
            .store_state(store_hash)
            .unwrap_or_else(|| panic!("the sandbox has no store `{store_hash}`"))
    }

    /// Runs the binary in `dir` with this sandbox's URL and tokens in the environment.
    pub fn run(&self, dir: &Workdir, args: &[&str]) -> Run {
        let mut cmd = dir.pageport();
        cmd.args(args);
        Run::of(self.env(&mut cmd))
    }

    /// The write requests logged after the first `skip` requests, as `METHOD path -> status`.
    pub fn writes_after(&self, skip: usize) -> Vec<String> {
        self.requests()
            .iter()
            .skip(skip)
            .filter(|r| r.is_write())
            .map(|r| format!("{} {} -> {}", r.method, r.path, r.status))
            .collect()
    }

    /// [`LiveSandbox::env`] for a plain command.
    pub fn env_std<'a>(&self, cmd: &'a mut std::process::Command) -> &'a mut std::process::Command {
        cmd.env("SANDBOX_URL", self.url())
            .env("STAGING_TOKEN", STAGING_TOKEN)
            .env("PRODUCTION_TOKEN", PRODUCTION_TOKEN)
    }

    /// How many write requests the sandbox has answered so far.
    pub fn write_count(&self) -> usize {
        self.requests().iter().filter(|r| r.is_write()).count()
    }
}
