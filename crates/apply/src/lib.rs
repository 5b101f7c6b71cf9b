//! Applying a migration plan to a target store, and everything that makes that safe: the
//! target reads the planner needs, the stale check, the backup taken before the first write,
//! the journal that lets a killed run resume, and restoring a backup.
//!
//! - [`inventory_reader`] — filling the planner's `TargetInventory` through the client (reads only)
//! - [`mod@run`] — one call to [`apply`]: preflight, stale check, backup, journaled writes in
//!   dependency order, resume after a kill; its [`ApplyOptions`]
//! - [`runs`] — the runs of a state directory, summarised from their journals (reads only)
//! - [`run_dir`] — the run directory (`plan.json`, `backup/`, `journal.jsonl`) and finding an
//!   unfinished run to resume
//! - [`journal`] — the apply journal: intents and results, fsync'd, replayable after a crash
//! - [`backup`] — what a run backs up, as a bundle of the target's objects
//! - [`target_lock`] — one writer per target store + channel (an OS file lock)
//! - [`mod@restore`] — putting a run's backup back (and, on request, deleting what it created),
//!   refused when the target changed since the run unless forced ([`restore::drift`])
//! - `executor`, `templates`, `pages`, `documents` — the writes, one module per kind of step
//! - `target_state`, `resume` — the target re-read before writing, and settling in-doubt writes
//! - [`progress`], [`summary`] — what a run reports while it works and when it ends
//!
//! Plans come from the `plan` crate; this crate only executes them. Backups use the `bundle`
//! crate's format and I/O. Never depends on the extract crate or the CLI; never prints. A
//! journal or a backup has no field that could hold an access token.
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

pub mod backup;
mod documents;
mod error;
mod executor;
pub mod inventory_reader;
pub mod journal;
mod pages;
pub mod progress;
pub mod restore;
mod resume;
pub mod run;
pub mod run_dir;
pub mod runs;
pub mod summary;
pub mod target_lock;
mod target_state;
mod templates;

pub use error::ApplyError;
pub use progress::{ApplyEvent, ApplyProgress, NoProgress, Phase};
pub use restore::{RestoreError, RestoreOptions, RestoreSummary, restore};
pub use run::{ApplyOptions, DEFAULT_STATE_DIR, apply, stale_objects};
pub use run_dir::RunDir;
pub use summary::{ApplySummary, FailedStep, Landed, RunStats};
pub use target_lock::{LockError, TargetLock, default_lock_dir};
