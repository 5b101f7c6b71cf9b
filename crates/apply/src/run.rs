//! Applying a migration plan safely: stale check, backup first, journaled writes in dependency
//! order, partial failures reported per step, and resume after a kill.
//!
//! One call to [`apply`]:
//! 1. refuses a plan with error diagnostics or for another store;
//! 2. finds an unfinished run for the plan's target store + channel (see [`crate::run_dir`]):
//!    if there is one, this call *resumes* it (same run directory, same backup, same journal);
//! 3. reads the target fresh and checks the plan against it (see `target_state`: on resume,
//!    the run's own earlier writes are rewound first, so only someone else's changes make the
//!    plan stale); settles the earlier attempt's in-doubt writes by natural key (`resume`);
//! 4. saves the plan, journals `run_started`, writes the backup of everything the plan will
//!    update or publish over (widget templates it updates included) (adding to an existing backup only what it lacks), fsyncs it and
//!    journals `backup_durable`; no write happens before;
//! 5. executes: templates (creates and new versions) → pages layer by layer (bulk creates, then bulk updates) → documents
//!    (bounded concurrency), journaling every write (intent, call, result). Steps an earlier
//!    attempt of the same plan completed are not written again; in-doubt updates and publishes
//!    are simply redone (full replacements);
//! 6. journals `run_finished` and returns the [`ApplySummary`].
//!
//! Errors ([`ApplyError`]) stop the run *before* writing, or leave it resumable (the journal
//! has no `run_finished`); single writes that fail are in the summary, not errors.

use crate::backup::{add_templates_to_backup, templates_to_back_up};
use crate::backup::{add_to_backup, new_backup, object_count, objects_to_back_up};
use crate::backup::{read_backup, write_backup};
use crate::executor::Executor;
use crate::journal::{Journal, JournalState, Record, read_records};
use crate::run_dir::RunDir;
use crate::{ApplyError, ApplyEvent, ApplyProgress, ApplySummary, RunStats};
use crate::{resume, target_state};
use pageport_client::StoreClient;
use pageport_model::{Bundle, PageId};
use pageport_plan::PlanError;
use pageport_plan::inventory::TargetInventory;
use pageport_plan::migration_plan::MigrationPlan;
use std::collections::BTreeSet;
use std::path::PathBuf;

/// The state directory used when none is given (runs go to `<state_dir>/runs/`).
pub const DEFAULT_STATE_DIR: &str = ".pageport";

/// How to apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplyOptions {
    /// Where run directories go: `<state_dir>/runs/<run-id>/`.
    pub state_dir: PathBuf,
    /// Pages per journaled bulk create or update (the plan file's `batch_size`; build the
    /// client with the same size, as it splits larger calls itself).
    pub batch_size: usize,
    /// Documents published at once (the plan file's `concurrency`).
    pub concurrency: usize,
    /// Where the per-target lock files are ([`crate::default_lock_dir`] unless set).
    pub lock_dir: PathBuf,
    /// **Test hook**: stop after this many writes of this attempt, right after the last call
    /// returned and before its result is journaled, exactly as a kill at that instant would
    /// (the write landed, the journal holds it as in doubt). `apply` then returns
    /// `ApplyError::StoppedByTestHook` and the run stays resumable. Only with the `test-hooks`
    /// feature, which only this crate's tests turn on.
    #[cfg(feature = "test-hooks")]
    pub stop_after_writes: Option<usize>,
}

impl ApplyOptions {
    /// Options with the documented defaults (batch 10, concurrency 4) and runs under
    /// `state_dir`.
    pub fn new(state_dir: impl Into<PathBuf>) -> Self {
        Self {
            state_dir: state_dir.into(),
            batch_size: pageport_mapping::plan_file::DEFAULT_BATCH_SIZE,
            concurrency: pageport_mapping::plan_file::DEFAULT_CONCURRENCY,
            lock_dir: crate::default_lock_dir(),
            #[cfg(feature = "test-hooks")]
            stop_after_writes: None,
        }
    }
}

/// Applies `plan` to the target store `client` talks to; resumes the target's unfinished run
/// if there is one. See the module docs for the steps.
pub async fn apply(
    plan: &MigrationPlan,
    client: &StoreClient,
    options: &ApplyOptions,
    progress: &dyn ApplyProgress,
) -> Result<ApplySummary, ApplyError> {
    preflight(plan, client)?;
    // Held until the run returns: no other run writes this channel meanwhile, and none resumes
    // this run's journal while it is being written.
    let _lock = crate::TargetLock::acquire(
        &options.lock_dir,
        &plan.target.store_hash,
        plan.target.channel_id,
        "apply",
    )?;
    let stats_before = client.stats();
    let fingerprint = pageport_model::canonical::fingerprint(plan)
        .map_err(|source| PlanError::Serialize { source })?;
    let unfinished = RunDir::find_unfinished(&options.state_dir, &plan.target)?;
    let fresh = target_state::read_target(client, plan, options.concurrency).await?;
    progress.on_event(&ApplyEvent::TargetRead {
        pages: fresh.pages.len(),
        documents: fresh.documents.len(),
    });
    let mut session = match unfinished {
        Some(run) => resume_session(run, plan, &fingerprint, &fresh)?,
        None => new_session(plan, options, &fresh)?,
    };
    let run = session.run.clone();
    if session.first_use {
        run.save_plan(plan)?;
    }
    session.journal.append(&Record::RunStarted {
        plan_fingerprint: fingerprint,
        at: pageport_model::timestamps::utc_seconds(jiff::Timestamp::now()),
    })?;
    tracing::info!(
        run = run.id(),
        resumed = session.resumed,
        "apply run started"
    );
    progress.on_event(&ApplyEvent::RunStarted {
        run_id: run.id().to_owned(),
        resumed: session.resumed,
    });
    for what in &session.reconciled {
        progress.on_event(&ApplyEvent::Reconciled { what: what.clone() });
    }
    back_up(&mut session, plan, &fresh, progress)?;

    let mut executor = Executor::new(
        client,
        plan,
        options,
        progress,
        session.journal,
        session.since,
        stats_before,
    );
    executor.run().await?;
    let complete = executor.results.failed.is_empty();
    executor.journal.append(&Record::RunFinished { complete })?;
    progress.on_event(&ApplyEvent::Finished { complete });
    tracing::info!(run = run.id(), complete, "apply run finished");
    let mut results = executor.results;
    results.sort();
    Ok(ApplySummary {
        run_id: run.id().to_owned(),
        run_dir: run.path.clone(),
        backup_dir: run.backup_dir(),
        resumed: session.resumed,
        created: results.created,
        updated: results.updated,
        overwritten: results.overwritten,
        unchanged: results.unchanged,
        skipped: results.skipped,
        blocked: results.blocked,
        failed: results.failed,
        reconciled: session.reconciled,
        warnings: results.warnings,
        stats: RunStats::between(stats_before, client.stats()),
    })
}

/// Refuses what must never be applied: a plan with errors, or one for another store.
fn preflight(plan: &MigrationPlan, client: &StoreClient) -> Result<(), ApplyError> {
    if plan.has_errors() {
        return Err(ApplyError::PlanHasErrors {
            errors: plan.error_count(),
        });
    }
    // A saved plan is checked again: writing a store's channel from its own content would
    // overwrite the source with itself, remapped.
    if plan
        .source
        .store_hash
        .as_str()
        .eq_ignore_ascii_case(plan.target.store_hash.as_str())
        && plan.source.channel_id == plan.target.channel_id
    {
        return Err(ApplyError::SourceIsTarget {
            store_hash: plan.target.store_hash.clone(),
            channel_id: plan.target.channel_id,
        });
    }
    if *client.store_hash() != plan.target.store_hash {
        return Err(ApplyError::WrongStore {
            client_store: client.store_hash().clone(),
            plan_store: plan.target.store_hash.clone(),
        });
    }
    Ok(())
}

/// A run being started or resumed, before the backup.
struct Session {
    run: RunDir,
    journal: Journal,
    /// What earlier attempts of this plan did.
    since: JournalState,
    /// Pages the run created, in any attempt (never backed up).
    created_by_run: BTreeSet<PageId>,
    /// The run's backup, when an earlier attempt made it durable.
    backup: Option<Bundle>,
    resumed: bool,
    /// True when this plan was never applied in this run (its file must be saved).
    first_use: bool,
    /// In-doubt writes found to have landed.
    reconciled: Vec<String>,
}

/// Checks a saved plan against the target before anything else is shown or asked: the
/// target objects it read that changed since, by key (empty when it is still current). A plan
/// whose unfinished run waits in `state_dir` is left to [`apply`], which checks it against
/// the target with that run's writes rewound.
pub async fn stale_objects(
    plan: &MigrationPlan,
    client: &StoreClient,
    options: &ApplyOptions,
) -> Result<Vec<String>, ApplyError> {
    if RunDir::find_unfinished(&options.state_dir, &plan.target)?.is_some() {
        return Ok(Vec::new());
    }
    let fresh = target_state::read_target(client, plan, options.concurrency).await?;
    target_state::changed_objects(plan, &fresh, &JournalState::default(), None)
}

/// A new run: the plan must match the target as it is.
fn new_session(
    plan: &MigrationPlan,
    options: &ApplyOptions,
    fresh: &TargetInventory,
) -> Result<Session, ApplyError> {
    let changed = target_state::changed_objects(plan, fresh, &JournalState::default(), None)?;
    if !changed.is_empty() {
        return Err(ApplyError::StalePlan { objects: changed });
    }
    let run = RunDir::create(&options.state_dir, plan)?;
    let (journal, _) = Journal::open(&run.journal_path())?;
    Ok(Session {
        run,
        journal,
        since: JournalState::default(),
        created_by_run: BTreeSet::new(),
        backup: None,
        resumed: false,
        first_use: true,
        reconciled: Vec::new(),
    })
}

/// Resuming an unfinished run: settle its in-doubt writes, then check the plan against the
/// target with this plan's earlier writes rewound.
fn resume_session(
    run: RunDir,
    plan: &MigrationPlan,
    fingerprint: &str,
    fresh: &TargetInventory,
) -> Result<Session, ApplyError> {
    let path = run.journal_path();
    let records = if path.exists() {
        read_records(&path)?
    } else {
        Vec::new()
    };
    let all = JournalState::replay(&records);
    let mut since = JournalState::since_plan(&records, fingerprint);
    let first_use = !records.iter().any(
        |r| matches!(r, Record::RunStarted { plan_fingerprint, .. } if plan_fingerprint == fingerprint),
    );
    let (mut journal, _) = Journal::open(&path)?;
    let reconciled = resume::settle_interrupted(&mut journal, &mut since, plan, fresh)?;
    let backup = if all.backup_durable {
        Some(read_backup(&run.backup_dir())?)
    } else {
        None
    };
    let changed = target_state::changed_objects(plan, fresh, &since, backup.as_ref())?;
    if !changed.is_empty() {
        return Err(ApplyError::StalePlan { objects: changed });
    }
    let mut created_by_run: BTreeSet<PageId> = all.created_in_order.iter().copied().collect();
    created_by_run.extend(since.created_pages.values().copied());
    tracing::info!(
        run = run.id(),
        reconciled = reconciled.len(),
        "resuming an interrupted run"
    );
    Ok(Session {
        run,
        journal,
        since,
        created_by_run,
        backup,
        resumed: true,
        first_use,
        reconciled,
    })
}

/// Makes the backup durable before any write: a new one, or the run's backup plus what it
/// lacks for this plan; then journals `backup_durable`.
fn back_up(
    session: &mut Session,
    plan: &MigrationPlan,
    fresh: &TargetInventory,
    progress: &dyn ApplyProgress,
) -> Result<(), ApplyError> {
    let (pages, documents) = objects_to_back_up(plan, fresh, &session.created_by_run);
    let templates = templates_to_back_up(plan, fresh);
    let dir = session.run.backup_dir();
    let backup = match session.backup.take() {
        Some(mut backup) => {
            let added = add_to_backup(&mut backup, pages, documents)
                + add_templates_to_backup(&mut backup, templates);
            if added > 0 {
                write_backup(&dir, &backup)?;
            }
            backup
        }
        None => {
            let mut backup = new_backup(&plan.target, pages, documents);
            add_templates_to_backup(&mut backup, templates);
            write_backup(&dir, &backup)?;
            backup
        }
    };
    let objects = object_count(&backup);
    session.journal.append(&Record::BackupDurable { objects })?;
    progress.on_event(&ApplyEvent::BackupDurable { dir, objects });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::NoProgress;

    #[test]
    fn apply_can_run_on_a_spawned_task() {
        fn assert_send<T: Send>(_: &T) {}
        let plan = pageport_plan::test_support::scenario_plan();
        let client = StoreClient::builder()
            .base_url("http://127.0.0.1:9")
            .store_hash(plan.target.store_hash.clone())
            .access_token("token".to_owned().into())
            .build()
            .unwrap();
        let options = ApplyOptions::new("unused");
        let future = apply(&plan, &client, &options, &NoProgress);
        assert_send(&future);
        assert_eq!(options.batch_size, 10);
        assert_eq!(options.concurrency, 4);
    }
}
