//! What a restore reads before writing: where the backup, the run directory and its journal
//! are, the plans the run applied, and the target objects the restore is about to touch.

use super::drift::TargetNow;
use super::{RestoreError, RunPlanError};
use crate::inventory_reader::read_documents;
use crate::journal::JournalState;
use crate::run_dir::{BACKUP_DIR, JOURNAL_FILE, PLAN_FILE, RUN_FILE};
use pageport_client::{PageQuery, StoreClient};
use pageport_model::{Bundle, PageWidgetsKey, Region};
use pageport_plan::MigrationPlan;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Where a restore reads from: the backup, and the run directory and journal beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Located {
    /// The backup directory.
    pub backup: PathBuf,
    /// The run directory, when the backup is in one (it has a `run.json`).
    pub run: Option<PathBuf>,
    /// The run's journal, when there is one beside the backup.
    pub journal: Option<PathBuf>,
}

/// The backup directory and the run directory and journal beside it, from a run directory or
/// a backup.
pub(super) fn locate(from: &Path) -> Result<Located, RestoreError> {
    let (backup, run) = if from.join(BACKUP_DIR).join("manifest.json").is_file() {
        (from.join(BACKUP_DIR), Some(from.to_owned()))
    } else if from.join("manifest.json").is_file() {
        (from.to_owned(), from.parent().map(Path::to_owned))
    } else {
        return Err(RestoreError::NotARun {
            path: from.to_owned(),
        });
    };
    let journal = run
        .as_ref()
        .map(|dir| dir.join(JOURNAL_FILE))
        .filter(|path| path.is_file());
    let run = run.filter(|dir| dir.join(RUN_FILE).is_file());
    Ok(Located {
        backup,
        run,
        journal,
    })
}

/// The plans the run applied, oldest first (`plan.json`, then `plan-2.json`, …); none when
/// the backup is not in a run directory.
pub(super) fn read_run_plans(run: Option<&Path>) -> Result<Vec<MigrationPlan>, RestoreError> {
    let Some(run) = run else {
        return Ok(Vec::new());
    };
    let mut plans = Vec::new();
    let mut path = run.join(PLAN_FILE);
    while path.is_file() {
        let plan = std::fs::read_to_string(&path)
            .map_err(RunPlanError::from)
            .and_then(|text| MigrationPlan::from_json(&text).map_err(RunPlanError::from))
            .map_err(|source| RestoreError::RunPlan {
                path: path.clone(),
                source,
            })?;
        plans.push(plan);
        path = run.join(format!("plan-{}.json", plans.len() + 1));
    }
    Ok(plans)
}

/// The documents the run published that the backup does not hold: those of the pages it
/// created.
pub(super) fn documents_of_created_pages(
    backup: &Bundle,
    state: &JournalState,
) -> Vec<PageWidgetsKey> {
    let backed_up: BTreeSet<&PageWidgetsKey> = backup.page_widgets.iter().map(|d| &d.key).collect();
    state
        .touched_documents
        .iter()
        .filter(|k| !backed_up.contains(k))
        .cloned()
        .collect()
}

/// Reads what the restore is about to touch: every page (bodies included) and the documents
/// it republishes or empties.
pub(super) async fn read_target_now(
    client: &StoreClient,
    backup: &Bundle,
    to_empty: &[PageWidgetsKey],
) -> Result<TargetNow, RestoreError> {
    let failed = |source| RestoreError::ReadTarget {
        store: client.store_hash().clone(),
        source,
    };
    let pages = client
        .list_pages(&PageQuery {
            include_body: true,
            ..PageQuery::default()
        })
        .await
        .map_err(failed)?;
    let mut keys: Vec<PageWidgetsKey> = backup.page_widgets.iter().map(|d| d.key.clone()).collect();
    keys.extend(to_empty.iter().cloned());
    let concurrency = pageport_mapping::plan_file::DEFAULT_CONCURRENCY;
    let documents: BTreeMap<PageWidgetsKey, Vec<Region>> =
        read_documents(client, &keys, concurrency)
            .await
            .map_err(failed)?;
    Ok(TargetNow { pages, documents })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_directory_or_its_backup_is_accepted() {
        let tmp = tempfile::tempdir().unwrap();
        let run = tmp.path().join("run");
        std::fs::create_dir_all(run.join(BACKUP_DIR)).unwrap();
        std::fs::write(run.join(BACKUP_DIR).join("manifest.json"), "{}").unwrap();
        std::fs::write(run.join(JOURNAL_FILE), "").unwrap();
        let expected = Located {
            backup: run.join(BACKUP_DIR),
            run: None,
            journal: Some(run.join(JOURNAL_FILE)),
        };
        assert_eq!(locate(&run).unwrap(), expected);
        assert_eq!(locate(&run.join(BACKUP_DIR)).unwrap(), expected);
        std::fs::write(run.join(RUN_FILE), "{}").unwrap();
        let expected = Located {
            run: Some(run.clone()),
            ..expected
        };
        assert_eq!(locate(&run).unwrap(), expected);
        assert_eq!(locate(&run.join(BACKUP_DIR)).unwrap(), expected);
        assert!(matches!(
            locate(tmp.path()),
            Err(RestoreError::NotARun { .. })
        ));
    }
}
