//! The target side of a migration: what the target holds, what must change, and making the
//! change safely.
//!
//! - [`inventory`] — what the plan reads from the target store, as data
//! - [`inventory_reader`] — filling the inventory through the client (reads only)
//! - [`journal`] — the apply journal: intents and results, fsync'd, replayable after a crash
//! - [`matching`] — source pages to target pages by natural key (url, then name)
//! - [`diff`] — field-level page changes and widget-by-widget document overwrites
//! - [`graph`] — the dependency DAG (templates → parent pages → child pages → documents) and its
//!   topological layers
//! - [`steps`] — the plan's steps: templates to create, pages, documents
//! - [`plan`] — the serialisable [`MigrationPlan`] and its summary
//! - [`planner`] — building the plan: resolve, match, remap, diff, order, validate, fingerprint
//! - [`diagnostics`] — validation findings and mapping problems in one [`PlanDiagnostic`] shape
//! - [`fingerprint`] — fingerprints of what the plan read, and stale-plan detection
//! - [`report`] — the dry-run report as terminal text, Markdown or JSON
//! - [`mod@apply`] — executing a plan: stale check, backup first, journaled writes in dependency
//!   order, partial failures per step, resume after a kill; the [`ApplySummary`]
//! - [`run_dir`] — the run directory (`plan.json`, `backup/`, `journal.jsonl`) and finding an
//!   unfinished run to resume
//! - [`backup`] — what a run backs up, as a bundle of the target's objects
//! - [`mod@restore`] — putting a run's backup back (and, on request, deleting what it created)
//!
//! Planning, diffing and reporting are pure functions over data: the inventory reader fills a
//! [`TargetInventory`], everything else is tested without a network. Apply and restore are the
//! only parts that write, through the client. Backups use the `extract` crate's bundle format
//! and I/O (the only reason this crate depends on it). Never depends on the CLI; never prints.
//! A plan, a journal or a backup has no field that could hold an access token.
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

pub mod apply;
pub mod backup;
pub mod diagnostics;
pub mod diff;
pub mod error;
pub mod fingerprint;
pub mod graph;
pub mod inventory;
pub mod inventory_reader;
pub mod journal;
pub mod matching;
pub mod plan;
pub mod planner;
pub mod report;
pub mod restore;
pub mod run_dir;
pub mod steps;

mod plan_checks;
mod plan_documents;
mod plan_layers;
mod plan_pages;

#[cfg(test)]
mod test_support;

pub use apply::{
    ApplyError, ApplyEvent, ApplyOptions, ApplyProgress, ApplySummary, NoProgress, apply,
};
pub use diagnostics::PlanDiagnostic;
pub use error::LoadError;
pub use fingerprint::stale_objects;
pub use inventory::{TargetInventory, skus_to_look_up};
pub use plan::{MigrationPlan, PLAN_FORMAT_VERSION};
pub use planner::{Planner, build_plan};
pub use report::{render_json, render_markdown, render_text};
pub use restore::{RestoreOptions, RestoreSummary, restore};
pub use run_dir::RunDir;
