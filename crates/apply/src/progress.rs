//! Progress events of an apply run, for the CLI's progress bars and lines. The library only
//! emits them; what the user sees is the caller's choice.

use pageport_plan::graph::StepRef;
use serde::Serialize;
use std::path::PathBuf;

/// Receives an apply run's events as they happen. Every method has a default that ignores
/// the event.
pub trait ApplyProgress: Send + Sync {
    /// Called for each event, in order, from the task running the apply.
    fn on_event(&self, event: &ApplyEvent) {
        let _ = event;
    }
}

/// An [`ApplyProgress`] that ignores everything.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoProgress;

impl ApplyProgress for NoProgress {}

/// The phases of a run, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "phase", rename_all = "snake_case")]
pub enum Phase {
    /// Creating missing widget templates.
    Templates,
    /// Creating and updating the pages of one dependency layer.
    Pages {
        /// The layer (0 first: parents before children).
        layer: usize,
    },
    /// Publishing page-widget documents.
    Documents,
}

/// One thing that happened during a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum ApplyEvent {
    /// The target was read for the stale check.
    TargetRead {
        /// Pages in the store.
        pages: usize,
        /// Target documents read.
        documents: usize,
    },
    /// The run started (or an interrupted run resumed).
    RunStarted {
        /// The run id.
        run_id: String,
        /// True when resuming.
        resumed: bool,
    },
    /// An in-doubt write of an interrupted attempt turned out to have landed.
    Reconciled {
        /// What was found, e.g. `page "About Us" is #512`.
        what: String,
    },
    /// The backup is on disk; writes start now.
    BackupDurable {
        /// The backup directory.
        dir: PathBuf,
        /// Objects it holds.
        objects: usize,
    },
    /// A phase starts.
    PhaseStarted {
        /// Which.
        phase: Phase,
        /// Steps in it that may write.
        steps: usize,
    },
    /// A phase ended; the client's counters so far (to show time spent waiting on the quota).
    PhaseFinished {
        /// Which.
        phase: Phase,
        /// API calls since the run started.
        api_calls: u64,
        /// Milliseconds waited on the quota, 429s and backoff since the run started.
        waited_ms: u64,
    },
    /// A step landed (or had landed in an earlier attempt).
    StepLanded {
        /// The step.
        step: StepRef,
        /// How reports name it.
        label: String,
        /// The target object.
        target: String,
    },
    /// A step did not land.
    StepFailed {
        /// The step.
        step: StepRef,
        /// How reports name it.
        label: String,
        /// Why.
        message: String,
    },
    /// The run ended.
    Finished {
        /// True when every planned write landed.
        complete: bool,
    },
}
