//! The runs of a state directory, read back from their `run.json` and journal: what
//! `pageport runs` lists and `pageport runs show` summarises. Reads only.

use crate::error::ApplyError;
use crate::journal::{Operation, Outcome, Record, read_records};
use crate::run_dir::{RUNS_DIR, RunDir, RunInfo};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// How a run stands, as its journal tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RunOutcome {
    /// Started, never finished: `apply` resumes it.
    Unfinished,
    /// Every planned write landed.
    Complete,
    /// Finished with writes that did not land.
    Partial,
    /// Its backup was put back by `restore`.
    Restored,
}

impl std::fmt::Display for RunOutcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            RunOutcome::Unfinished => "unfinished",
            RunOutcome::Complete => "complete",
            RunOutcome::Partial => "partial",
            RunOutcome::Restored => "restored",
        })
    }
}

/// One run, summarised from its journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RunOverview {
    /// `run.json`: id, source, target, start.
    pub info: RunInfo,
    /// The run directory.
    pub path: PathBuf,
    /// How it stands.
    pub outcome: RunOutcome,
    /// How many times it was started or resumed.
    pub attempts: usize,
    /// Objects in its backup, once the backup was durable.
    pub backed_up: Option<usize>,
    /// Objects written, by kind of write (`create template`, `create pages`, …): how many
    /// landed (a bulk call counts each of its pages).
    pub landed: BTreeMap<&'static str, usize>,
    /// Writes that failed, in journal order: the write and why.
    pub failures: Vec<(String, String)>,
    /// Writes whose answer never arrived (in doubt until `apply` resumes).
    pub in_doubt: usize,
}

/// Every run under `state_dir`, oldest first (run ids start with their UTC start time).
pub fn list_runs(state_dir: &Path) -> Result<Vec<RunOverview>, ApplyError> {
    let runs = state_dir.join(RUNS_DIR);
    let listing = match std::fs::read_dir(&runs) {
        Ok(listing) => listing,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(ApplyError::io(&runs, e)),
    };
    let mut overviews = Vec::new();
    for entry in listing {
        let path = entry.map_err(|e| ApplyError::io(&runs, e))?.path();
        if path.join(crate::run_dir::RUN_FILE).is_file() {
            overviews.push(overview(&RunDir::open(&path)?)?);
        }
    }
    overviews.sort_by(|a, b| a.info.run_id.cmp(&b.info.run_id));
    Ok(overviews)
}

/// The run `id` under `state_dir`, or `None` when there is no such run.
pub fn show_run(state_dir: &Path, id: &str) -> Result<Option<RunOverview>, ApplyError> {
    // Only a plain directory name can be a run id; anything else (`..`, a path) names none.
    let plain = !id.is_empty() && !id.starts_with('.') && !id.contains(['/', '\\']);
    let path = state_dir.join(RUNS_DIR).join(id);
    if !plain || !path.join(crate::run_dir::RUN_FILE).is_file() {
        return Ok(None);
    }
    overview(&RunDir::open(&path)?).map(Some)
}

/// Reads one run's journal into its overview.
fn overview(run: &RunDir) -> Result<RunOverview, ApplyError> {
    let path = run.journal_path();
    let records = if path.exists() {
        read_records(&path)?
    } else {
        Vec::new()
    };
    let mut outcome = RunOutcome::Unfinished;
    let mut attempts = 0;
    let mut backed_up = None;
    let mut landed: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut pending: BTreeMap<u64, &Operation> = BTreeMap::new();
    for record in &records {
        match record {
            Record::RunStarted { .. } => {
                attempts += 1;
                outcome = RunOutcome::Unfinished;
            }
            Record::BackupDurable { objects } => backed_up = Some(*objects),
            Record::Intent { seq, operation } => {
                pending.insert(*seq, operation);
            }
            Record::Result {
                seq,
                outcome: result,
                ..
            } => {
                let Some(operation) = pending.remove(seq) else {
                    continue;
                };
                match result {
                    Outcome::Done => {
                        *landed.entry(kind(operation)).or_default() += objects(operation)
                    }
                    Outcome::Partial { failed } => {
                        *landed.entry(kind(operation)).or_default() +=
                            objects(operation).saturating_sub(failed.len());
                        failures.extend(failed.iter().map(|(item, why)| {
                            (format!("{} {item}", kind(operation)), why.clone())
                        }));
                    }
                    Outcome::Failed { message } => {
                        failures.push((kind(operation).to_owned(), message.clone()));
                    }
                }
            }
            Record::RunFinished { complete } => {
                outcome = if *complete {
                    RunOutcome::Complete
                } else {
                    RunOutcome::Partial
                };
            }
            Record::Restored { .. } => outcome = RunOutcome::Restored,
        }
    }
    Ok(RunOverview {
        info: run.info.clone(),
        path: run.path.clone(),
        outcome,
        attempts,
        backed_up,
        landed,
        failures,
        in_doubt: pending.len(),
    })
}

/// How many objects a write carries.
fn objects(operation: &Operation) -> usize {
    match operation {
        Operation::CreatePages { source_ids, .. } => source_ids.len(),
        Operation::UpdatePages { target_ids } | Operation::DeletePages { target_ids } => {
            target_ids.len()
        }
        Operation::CreateTemplate { .. }
        | Operation::UpdateTemplate { .. }
        | Operation::PublishDocument { .. } => 1,
    }
}

/// A write's kind, as the overview counts it.
fn kind(operation: &Operation) -> &'static str {
    match operation {
        Operation::CreateTemplate { .. } => "create template",
        Operation::UpdateTemplate { .. } => "update template",
        Operation::CreatePages { .. } => "create pages",
        Operation::UpdatePages { .. } => "update pages",
        Operation::PublishDocument { .. } => "publish document",
        Operation::DeletePages { .. } => "delete pages",
    }
}
