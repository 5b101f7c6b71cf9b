//! Where the workspace keeps the files tests read.

use std::path::PathBuf;

/// The workspace root (where `migrations.example.yaml` lives).
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A file under `tests/fixtures/`.
pub fn fixture(relative: &str) -> PathBuf {
    workspace_root().join("tests/fixtures").join(relative)
}

/// The README's plan, which runs against the embedded demo sandbox.
pub fn example_plan() -> PathBuf {
    workspace_root().join("migrations.example.yaml")
}
