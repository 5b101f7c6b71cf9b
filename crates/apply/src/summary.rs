//! What an apply run did: every step that landed (created, updated, overwritten), what was
//! left alone, every step that failed with the store's message, and what it cost in API calls,
//! retries and time waiting on the quota. The CLI renders it and exits 4 unless complete.

use pageport_client::ClientStats;
use pageport_plan::graph::StepRef;
use serde::Serialize;
use std::path::PathBuf;

/// The result of an apply run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApplySummary {
    /// The run id.
    pub run_id: String,
    /// The run directory (`plan.json`, `backup/`, `journal.jsonl`).
    pub run_dir: PathBuf,
    /// The backup of what the run changed, for `restore`.
    pub backup_dir: PathBuf,
    /// True when this call resumed an interrupted run.
    pub resumed: bool,
    /// Objects that did not exist before: templates, pages, documents published where the
    /// target had none.
    pub created: Vec<Landed>,
    /// Existing pages changed.
    pub updated: Vec<Landed>,
    /// Existing documents replaced.
    pub overwritten: Vec<Landed>,
    /// Steps that needed no call (already as planned).
    pub unchanged: usize,
    /// Steps left alone by `on_existing: skip`.
    pub skipped: usize,
    /// Steps the plan marks as impossible (never attempted).
    pub blocked: usize,
    /// Steps that did not land, each with why.
    pub failed: Vec<FailedStep>,
    /// In-doubt writes of an interrupted attempt that were found to have landed.
    pub reconciled: Vec<String>,
    /// Things to know although they did not stop anything (e.g. a 207 answer).
    pub warnings: Vec<String>,
    /// What the run cost.
    pub stats: RunStats,
}

/// One step that landed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Landed {
    /// The plan step.
    pub step: StepRef,
    /// How reports name it (`page "About Us"`, `pages/home`, `widget template "Carousel"`).
    pub label: String,
    /// The target object (`page #512`, a template uuid, a document key).
    pub target: String,
    /// True when it landed in an earlier, interrupted attempt of this run.
    pub earlier: bool,
}

/// One step that did not land.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FailedStep {
    /// The plan step.
    pub step: StepRef,
    /// How reports name it.
    pub label: String,
    /// Why: the store's message, or the dependency that did not land.
    pub message: String,
}

/// What a run cost, from the client's counters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RunStats {
    /// HTTP requests sent (every attempt counts).
    pub api_calls: u64,
    /// Requests sent again after a failure or a 429.
    pub retries: u64,
    /// 429 answers received.
    pub rate_limited: u64,
    /// Milliseconds spent waiting: on the quota, after 429s, backing off.
    pub waited_ms: u64,
}

impl RunStats {
    /// The difference between two snapshots of the client's counters.
    pub fn between(before: ClientStats, after: ClientStats) -> Self {
        let waited = after.waited.saturating_sub(before.waited);
        Self {
            api_calls: after.requests.saturating_sub(before.requests),
            retries: after.retries.saturating_sub(before.retries),
            rate_limited: after.rate_limited.saturating_sub(before.rate_limited),
            waited_ms: u64::try_from(waited.as_millis()).unwrap_or(u64::MAX),
        }
    }
}

impl ApplySummary {
    /// True when every planned write landed (the CLI exits 0, else 4).
    pub fn is_complete(&self) -> bool {
        self.failed.is_empty()
    }

    /// How many steps landed, in this attempt or an earlier one.
    pub fn landed(&self) -> usize {
        self.created.len() + self.updated.len() + self.overwritten.len()
    }
}

/// How a step landed, to file it in the summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LandedAs {
    /// In `created`.
    Created,
    /// In `updated`.
    Updated,
    /// In `overwritten`.
    Overwritten,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn stats_are_the_difference_of_two_snapshots() {
        let before = ClientStats {
            requests: 10,
            retries: 1,
            rate_limited: 0,
            waits: 1,
            waited: Duration::from_millis(200),
        };
        let after = ClientStats {
            requests: 25,
            retries: 3,
            rate_limited: 2,
            waits: 4,
            waited: Duration::from_millis(1700),
        };
        assert_eq!(
            RunStats::between(before, after),
            RunStats {
                api_calls: 15,
                retries: 2,
                rate_limited: 2,
                waited_ms: 1500
            }
        );
    }
}
