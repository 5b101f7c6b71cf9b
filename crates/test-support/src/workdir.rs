//! Fresh temporary directories: the files a test writes and reads there, and the runs the
//! binary leaves in the state directory inside it.

use crate::fixtures::fixture;
use crate::sandbox::SECRET_MARK;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A fresh temporary directory, removed when dropped. With a binary (see
/// [`Workdir::with_binary`]) it is also where that binary runs, with its state directory
/// inside, so no `.pageport/` state leaks between tests.
pub struct Workdir {
    dir: tempfile::TempDir,
    binary: Option<PathBuf>,
}

impl Default for Workdir {
    fn default() -> Self {
        Self::new()
    }
}

impl Workdir {
    /// Creates an empty directory.
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("a temporary directory"),
            binary: None,
        }
    }

    /// Runs the `pageport` binary at `binary` in this directory (the caller knows where its
    /// package built it: `env!("CARGO_BIN_EXE_pageport")`).
    pub fn with_binary(mut self, binary: impl Into<PathBuf>) -> Self {
        self.binary = Some(binary.into());
        self
    }

    /// The binary given to [`Workdir::with_binary`].
    pub fn binary(&self) -> &Path {
        self.binary
            .as_deref()
            .expect("this Workdir runs no binary: build it with `Workdir::with_binary`")
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

    /// Every file under `relative`, as sorted paths relative to it with their bytes.
    pub fn tree(&self, relative: &str) -> BTreeMap<String, Vec<u8>> {
        tree_of(&self.join(relative))
    }

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
