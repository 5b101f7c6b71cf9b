//! The test harness of pageport's crates, written once: every integration and end-to-end test
//! starts its sandbox, builds its clients, makes its temporary directories and runs the binary
//! through this crate.
//!
//! - [`tls`]: installing rustls' process-wide crypto provider before the first client
//! - [`http`](mod@http): plain reqwest clients, async and blocking
//! - [`sandbox`]: in-process sandboxes on `127.0.0.1:0` with the usual stores and tokens, and
//!   [`SandboxExt`] to read their request log and stores
//! - [`api`]: raw async calls to a store's v3 API and to the admin API, answers as [`Answer`]
//! - [`blocking`]: changing a store over HTTP from sync tests, as another user of it would
//! - [`store_view`]: views of a store's pages, documents and templates for comparisons
//! - `client`: a pageport `StoreClient` for a sandbox store (feature `client`)
//! - [`fixtures`]: paths of the workspace's fixtures and the README's plan
//! - [`workdir`]: fresh temporary directories, their files and the state directory's runs
//! - [`runner`]: the `pageport` binary, run with a clean environment, and what a run printed
//!
//! This crate is a dev-dependency only: no library or binary crate may list it under
//! `[dependencies]`. The sandbox's own tests use it without the `client` feature, so the
//! sandbox never depends on pageport's client. The binary's path is the caller's to give
//! (`env!("CARGO_BIN_EXE_pageport")` in the binary's own tests), as only its package builds it.

pub mod api;
pub mod blocking;
#[cfg(feature = "client")]
pub mod client;
pub mod fixtures;
pub mod http;
pub mod runner;
pub mod sandbox;
pub mod store_view;
pub mod tls;
pub mod workdir;

pub use api::{Answer, StoreApi, admin_get, admin_url, read, set_faults, url};
pub use fixtures::{example_plan, fixture, workspace_root};
pub use http::{blocking_http, http};
pub use runner::{Run, snapshot_settings, squash};
pub use sandbox::{
    PRODUCTION_TOKEN, SECRET_MARK, STAGING_TOKEN, SandboxExt, demo, demo_config, demo_with, start,
    two_stores, two_stores_config, unreachable_url,
};
pub use tls::install_crypto_provider;
pub use workdir::{Workdir, tree_of};
