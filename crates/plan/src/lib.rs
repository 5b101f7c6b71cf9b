//! Planning a migration: from a bundle, the plan file and what the target holds, to the
//! serialisable plan of what must change, in what order, and the reports a reviewer reads.
//!
//! - [`inventory`] — what the plan reads from the target store, as data
//! - [`matching`] — source pages to target pages by natural key (url, then name)
//! - [`diff`] — field-level page changes and widget-by-widget document overwrites
//! - [`graph`] — the dependency DAG (templates → parent pages → child pages → documents) and its
//!   topological layers
//! - [`steps`] — the plan's steps: templates to create, pages, documents
//! - [`migration_plan`] — the serialisable [`MigrationPlan`] and its summary
//! - [`planner`] — building the plan: resolve, match, remap, diff, order, validate, fingerprint
//! - [`diagnostics`] — validation findings and mapping problems in one [`PlanDiagnostic`] shape
//! - [`fingerprint`] — fingerprints of what the plan read, and stale-plan detection
//! - [`report`] — the dry-run report as terminal text, Markdown or JSON
//!
//! Pure functions over data: no client, no async runtime, no file system. Whoever reads the
//! target (the `apply` crate's inventory reader) fills a [`TargetInventory`]; everything here is
//! tested without a network. Never prints. A plan has no field that could hold an access token.
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

pub mod diagnostics;
pub mod diff;
pub mod error;
pub mod fingerprint;
pub mod graph;
pub mod inventory;
pub mod matching;
pub mod migration_plan;
pub mod planner;
pub mod report;
pub mod steps;

#[cfg(any(test, feature = "test-support"))]
#[allow(clippy::unwrap_used)] // fixtures: a broken fixture should fail the test at once
pub mod test_support;

pub use diagnostics::PlanDiagnostic;
pub use error::PlanError;
pub use fingerprint::stale_objects;
pub use inventory::{TargetInventory, skus_to_look_up};
pub use migration_plan::{MigrationPlan, PLAN_FORMAT_VERSION};
pub use planner::{Planner, build_plan};
pub use report::{render_json, render_markdown, render_text};
