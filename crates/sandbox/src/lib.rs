//! A local emulator of the BigCommerce REST API, faithful to BigCommerce's docs (not to
//! pageport's client): tests, demos and users' dry runs talk to it over real HTTP.
//!
//! - [`config`] — what a sandbox serves (stores and tokens, quota, limits, seed, data directory)
//! - [`clock`] — the time its rate-limit windows and injected latency go by ([`ManualClock`] in
//!   tests)
//! - [`state`] — the stores' content behind one lock ([`Sandbox`])
//! - [`documents`] — a store's page-widget documents with per-channel totals kept in step
//! - [`server`] — the axum router, `serve` on a listener and [`RunningSandbox`] for in-process use
//! - `routes`: one module per API family (pages, page widgets, widget templates, channels, catalog)
//! - `auth`, `rate_limit`, `faults`, `request_log`, `persist`, `admin`: the machinery around them
//! - `seed`: the demo site (`--seed demo`); `load`: a store's content from a bundle (`--load`)
//! - `query`, `timestamps`: query-parameter parsing and each family's timestamp format
//!
//! Admin endpoints live under [`ADMIN_PREFIX`], a prefix no BigCommerce path uses.
//!
//! This crate depends on `pageport-model` only; it must never import pageport's client, so the
//! two cannot share a misunderstanding of the API.
#![cfg_attr(not(test), deny(clippy::unwrap_used))]
#![allow(
    clippy::result_large_err,
    reason = "handlers return an axum `Response` as their error: it is the answer, built once per request"
)]

pub mod clock;
pub mod config;
pub mod documents;
pub mod server;
pub mod state;

mod admin;
mod auth;
mod error;
mod faults;
mod load;
mod paging;
mod persist;
mod query;
mod rate_limit;
mod request_log;
mod routes;
mod seed;
mod timestamps;

pub use clock::{Clock, ManualClock, SystemClock};
pub use config::{FaultConfig, Quota, SandboxConfig, Seed, StoreSpec, process_token};
pub use load::{LoadError, Loaded};
pub use request_log::LoggedRequest;
pub use server::{Outcome, RunningSandbox, serve};
pub use state::Sandbox;

/// The path prefix of the sandbox's own admin endpoints (request log, faults, state dumps).
pub const ADMIN_PREFIX: &str = "/__sandbox";

/// Errors starting or running a sandbox.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    /// The listen address could not be bound.
    #[error("cannot listen on `{addr}`")]
    Bind {
        /// The address asked for.
        addr: String,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The data directory could not be read or written.
    #[error("sandbox data directory `{path}` is unusable")]
    Data {
        /// The file or directory.
        path: std::path::PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A persisted store file is not valid JSON of the expected shape.
    #[error("sandbox data file `{path}` is corrupt")]
    Corrupt {
        /// The file.
        path: std::path::PathBuf,
        /// The cause.
        #[source]
        source: serde_json::Error,
    },
    /// The configuration is inconsistent (duplicate store, unknown seed, …).
    #[error("invalid sandbox configuration: {0}")]
    Config(String),
}
