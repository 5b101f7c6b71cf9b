//! pageport's commands as library calls: everything a command does between parsing its
//! arguments and rendering its result, so the binary stays a thin shell. The steps it chains
//! live in the crates below (`plan_against_target` in apply, `Planner` in plan), which the
//! benchmarks call directly, so no orchestration is typed twice.
//!
//! - [`mod@connect`] — the plan's stores as API clients, or the embedded sandbox (`api_base:
//!   sandbox:<seed>`) started in-process
//! - [`source`] — the source content: a bundle directory, or a live extraction of the plan's
//!   selection (the selection translated for the extractor)
//! - [`planning`] — reading the target and building the migration plan; reading a saved plan
//! - [`duplicate`] — the plan of a channel-to-channel copy inside one store
//! - [`offline`] — the checks `pageport validate` runs without reading the target
//! - [`error`] — [`WorkflowError`], every way these steps fail
//!
//! Depends on every library crate below the binary (the embedded sandbox included); never
//! prints, never asks, never decides an exit code: that is the binary's job.
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

pub mod connect;
pub mod duplicate;
pub mod error;
pub mod offline;
pub mod planning;
pub mod source;

pub use connect::{Connections, connect};
pub use error::WorkflowError;
/// A store's API client, as [`Connections`] hands them out.
pub use pageport_client::StoreClient;
