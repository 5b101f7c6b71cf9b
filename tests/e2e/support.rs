//! Shared helpers for the end-to-end tests.
#![allow(dead_code)]

use std::path::PathBuf;

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
