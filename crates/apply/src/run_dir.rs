//! The run directory: everything one apply run leaves on disk, so that a killed run can be
//! resumed and any run can be restored.
//!
//! ```text
//! <state_dir>/runs/<run-id>/
//!   run.json          the run's id, source, target and start time
//!   plan.json         the plan the run was started with (plan-2.json, … for later plans)
//!   backup/           the target objects the run changes, as they were (bundle format)
//!   journal.jsonl     every write: intent before, result after (fsync'd)
//! ```
//!
//! The run id is `<UTC start time>-<target store>-ch<target channel>`, e.g.
//! `20260301T120000Z-production-ch1`, so runs sort by time and name their target. A run is
//! *unfinished* while its journal has neither a `run_finished` nor a `restored` record: it was
//! killed (or stopped by an error) and the next apply to the same target resumes it.

use crate::ApplyError;
use crate::journal::{JournalState, read_records};
use pageport_plan::migration_plan::{MigrationPlan, StoreChannel};
use serde::{Deserialize, Serialize};
use std::fs;
use std::path::{Path, PathBuf};

/// The directory under the state directory that holds the runs.
pub const RUNS_DIR: &str = "runs";
/// The run's description.
pub const RUN_FILE: &str = "run.json";
/// The plan the run started with.
pub const PLAN_FILE: &str = "plan.json";
/// The backup bundle.
pub const BACKUP_DIR: &str = "backup";
/// The journal.
pub const JOURNAL_FILE: &str = "journal.jsonl";

/// What `run.json` holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunInfo {
    /// The run id (the directory's name).
    pub run_id: String,
    /// Where the content comes from.
    pub source: StoreChannel,
    /// The store and channel the run writes to.
    pub target: StoreChannel,
    /// When the run started, RFC 3339 UTC.
    pub started_at: String,
}

/// One run's directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunDir {
    /// The directory.
    pub path: PathBuf,
    /// Its `run.json`.
    pub info: RunInfo,
}

impl RunDir {
    /// Creates a new run directory for `plan` under `state_dir`, with its `run.json`.
    pub fn create(state_dir: &Path, plan: &MigrationPlan) -> Result<Self, ApplyError> {
        let now = jiff::Timestamp::now();
        let base = format!(
            "{}-{}-ch{}",
            pageport_model::timestamps::compact_utc_seconds(now),
            sanitise(plan.target.store_hash.as_str()),
            plan.target.channel_id
        );
        let runs = state_dir.join(RUNS_DIR);
        fs::create_dir_all(&runs).map_err(|e| ApplyError::io(&runs, e))?;
        let mut attempt = 1;
        let (run_id, path) = loop {
            let id = if attempt == 1 {
                base.clone()
            } else {
                format!("{base}-{attempt}")
            };
            let path = runs.join(&id);
            match fs::create_dir(&path) {
                Ok(()) => break (id, path),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => attempt += 1,
                Err(e) => return Err(ApplyError::io(&path, e)),
            }
        };
        let info = RunInfo {
            run_id,
            source: plan.source.clone(),
            target: plan.target.clone(),
            started_at: pageport_model::timestamps::utc_seconds(now),
        };
        let run = Self { path, info };
        write_durably(&run.path.join(RUN_FILE), &json(&run.info, &run.path)?)?;
        Ok(run)
    }

    /// Opens an existing run directory.
    pub fn open(path: &Path) -> Result<Self, ApplyError> {
        let file = path.join(RUN_FILE);
        let text = fs::read_to_string(&file).map_err(|e| ApplyError::io(&file, e))?;
        let info = serde_json::from_str(&text)
            .map_err(|source| ApplyError::RunFile { path: file, source })?;
        Ok(Self {
            path: path.to_owned(),
            info,
        })
    }

    /// The newest unfinished run writing to `target` under `state_dir`, if any.
    pub fn find_unfinished(
        state_dir: &Path,
        target: &StoreChannel,
    ) -> Result<Option<Self>, ApplyError> {
        let runs = state_dir.join(RUNS_DIR);
        let listing = match fs::read_dir(&runs) {
            Ok(listing) => listing,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(ApplyError::io(&runs, e)),
        };
        let mut candidates = Vec::new();
        for entry in listing {
            let entry = entry.map_err(|e| ApplyError::io(&runs, e))?;
            let path = entry.path();
            if !path.join(RUN_FILE).is_file() {
                continue;
            }
            let run = Self::open(&path)?;
            if run.info.target == *target && run.is_unfinished()? {
                candidates.push(run);
            }
        }
        candidates.sort_by(|a, b| a.info.run_id.cmp(&b.info.run_id));
        if candidates.len() > 1 {
            tracing::warn!(
                runs = candidates.len(),
                "several unfinished runs for one target; resuming the newest"
            );
        }
        Ok(candidates.pop())
    }

    /// True when the run's journal says it neither finished nor was restored.
    pub fn is_unfinished(&self) -> Result<bool, ApplyError> {
        let journal = self.journal_path();
        if !journal.exists() {
            return Ok(true);
        }
        Ok(JournalState::replay(&read_records(&journal)?).is_unfinished())
    }

    /// The run id.
    pub fn id(&self) -> &str {
        &self.info.run_id
    }

    /// `plan.json`: the plan the run started with.
    pub fn plan_path(&self) -> PathBuf {
        self.path.join(PLAN_FILE)
    }

    /// `backup/`.
    pub fn backup_dir(&self) -> PathBuf {
        self.path.join(BACKUP_DIR)
    }

    /// `journal.jsonl`.
    pub fn journal_path(&self) -> PathBuf {
        self.path.join(JOURNAL_FILE)
    }

    /// The plan the run started with, as saved.
    pub fn read_plan(&self) -> Result<MigrationPlan, ApplyError> {
        let path = self.plan_path();
        let text = fs::read_to_string(&path).map_err(|e| ApplyError::io(&path, e))?;
        Ok(MigrationPlan::from_json(&text)?)
    }

    /// Saves a plan the run executes: `plan.json` for the first, `plan-<n>.json` for a later
    /// plan that continues the run. Returns the file written.
    pub fn save_plan(&self, plan: &MigrationPlan) -> Result<PathBuf, ApplyError> {
        let mut path = self.plan_path();
        let mut n = 2;
        while path.exists() {
            path = self.path.join(format!("plan-{n}.json"));
            n += 1;
        }
        write_durably(&path, &plan.to_json()?)?;
        Ok(path)
    }
}

/// A store hash as a file-name part: anything but `[A-Za-z0-9_-]` becomes `_`.
fn sanitise(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn json<T: Serialize>(value: &T, path: &Path) -> Result<String, ApplyError> {
    let mut text = serde_json::to_string_pretty(value).map_err(|source| ApplyError::RunFile {
        path: path.to_owned(),
        source,
    })?;
    text.push('\n');
    Ok(text)
}

/// Writes a file and its directory entry to disk.
pub(crate) fn write_durably(path: &Path, text: &str) -> Result<(), ApplyError> {
    use std::io::Write;
    let mut file = fs::File::create(path).map_err(|e| ApplyError::io(path, e))?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| ApplyError::io(path, e))?;
    if let Some(parent) = path.parent() {
        sync_dir(parent)?;
    }
    Ok(())
}

/// Flushes a directory's entries (new and renamed files) to disk.
pub(crate) fn sync_dir(dir: &Path) -> Result<(), ApplyError> {
    fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| ApplyError::io(dir, e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::{Journal, Record};
    use pageport_model::{ChannelId, StoreHash};

    #[test]
    fn an_unfinished_run_is_found_by_its_target_until_it_finishes() {
        let tmp = tempfile::tempdir().unwrap();
        let plan = pageport_plan::test_support::scenario_plan();
        assert_eq!(
            RunDir::find_unfinished(tmp.path(), &plan.target).unwrap(),
            None
        );

        let run = RunDir::create(tmp.path(), &plan).unwrap();
        assert!(run.id().ends_with("-xyz789-ch1"), "{}", run.id());
        let second = RunDir::create(tmp.path(), &plan).unwrap();
        assert_ne!(run.id(), second.id());
        let (mut journal, _) = Journal::open(&second.journal_path()).unwrap();
        journal
            .append(&Record::RunFinished { complete: true })
            .unwrap();

        let found = RunDir::find_unfinished(tmp.path(), &plan.target).unwrap();
        assert_eq!(found.as_ref().map(RunDir::id), Some(run.id()));
        let other = StoreChannel {
            store_hash: StoreHash::from("xyz789"),
            channel_id: ChannelId(2),
        };
        assert_eq!(RunDir::find_unfinished(tmp.path(), &other).unwrap(), None);

        assert_eq!(run.save_plan(&plan).unwrap(), run.plan_path());
        assert_eq!(run.save_plan(&plan).unwrap(), run.path.join("plan-2.json"));
        assert_eq!(run.read_plan().unwrap(), plan);
        assert_eq!(RunDir::open(&run.path).unwrap(), run);
    }
}
