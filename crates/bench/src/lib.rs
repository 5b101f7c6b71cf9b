//! pageport's benchmarks: a generator of large, realistic source sites as bundles, and the
//! offline cost of planning them (read + remap + validate + plan, no network), measured in
//! time per phase and peak resident memory. Results are recorded in `docs/benchmarks.md`.
//!
//! - [`spec`] — what site to generate, checked against the per-page limits
//! - [`generate`] — the site generator (pages, templates, catalog, widgets, documents)
//! - [`target`] — the target inventory an offline plan resolves against, built in-process
//! - [`offline`] — the offline-cost benchmark, phase by phase
//! - [`live`] — live migrations into an in-process sandbox: API economy, quota efficiency,
//!   concurrency
//! - [`sandbox_scale`] — what a page-widgets publish costs in an empty and a loaded sandbox
//! - [`repeat`] — repeated runs in fresh processes, summarised as median and range
//! - [`memory`] — peak and current resident memory from `/proc/self/status`
//! - [`render`] — the text tables the binary prints
//! - [`rng`] — a seeded, dependency-free random generator (the same site for the same seed)
//! - [`error`] — [`BenchError`]
//!
//! This crate may depend on every pageport library crate (and the sandbox, which the live
//! benchmarks start in-process); nothing depends on it. It never prints: the binary (`src/main.rs`) does. Timings are
//! measured here with `std::time::Instant`; no test asserts on them.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod error;
pub mod generate;
pub mod live;
pub mod memory;
pub mod offline;
pub mod render;
pub mod repeat;
pub mod rng;
pub mod sandbox_scale;
pub mod spec;
pub mod target;

pub use error::BenchError;
pub use generate::{GeneratedSite, SOURCE_STORE_HASH, generate_site, tree_depth, write_site};
pub use live::{LiveOptions, LiveReport, run_live};
pub use offline::{OfflineOptions, OfflineReport, PlanSource, run_offline};
pub use repeat::{RepeatedReport, run_repeated, summarize};
pub use spec::{SiteSpec, SpecError};
pub use target::target_inventory;
