//! Putting back what a run changed, from its backup (and its journal, for what it created).
//!
//! Before any write, the target is read and compared with what the run left there (see
//! [`drift`]): a page or document changed since the run, or a created page that now has child
//! pages the run did not create, refuses the restore ([`RestoreError::Drifted`]) unless
//! `force` is set. Even forced, a created page with such children is never deleted.
//!
//! Then, in order:
//! 1. with `delete_created`, empty the documents the run published for pages it created
//!    (deleting a page does not delete its document);
//! 2. put back the definition of every backed-up widget template that no longer holds it, as
//!    a new version (`restore/templates.rs`);
//! 3. republish every backed-up document as it was (an empty one as `regions: []`, which
//!    empties it again);
//! 4. put back every backed-up page (a bulk PUT of the saved fields, `id` included);
//! 5. with `delete_created`, delete the pages the journal says the run created, newest first
//!    (children before parents), then the widget templates it created. Creates the journal
//!    leaves in doubt (a killed run) are looked up by name first.
//!
//! Every step is idempotent, so a restore that failed part-way can simply be run again. A
//! complete restore journals `restored`, which closes the run: it is never resumed.

pub mod drift;
mod sources;
mod templates;

use crate::RunStats;
use crate::journal::JournalError;
use crate::journal::{Journal, JournalState, Operation, Outcome, Record, read_records};
use drift::{Drift, KeptPage, RunWrites, Scope};
use pageport_bundle::BundleError;
use pageport_client::ClientError;
use pageport_client::{PageQuery, StoreClient};
use pageport_model::StoreHash;
use pageport_model::{
    Bundle, ChannelId, CreatedPageKey, PageId, PageWidgetsKey, PageWidgetsPublish, Region,
    WidgetTemplateUuid,
};
use pageport_plan::PlanError;
use serde::Serialize;
use sources::{documents_of_created_pages, locate, read_run_plans, read_target_now};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use thiserror::Error;

/// How to restore.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RestoreOptions {
    /// Also delete the pages and widget templates the run created (and empty the documents
    /// it published for those pages). Off by default: created content stays.
    pub delete_created: bool,
    /// Restore even though the target changed since the run, overwriting those changes. A
    /// created page with child pages the run did not create is still never deleted.
    pub force: bool,
    /// Where the per-target lock files are; `None` means [`crate::default_lock_dir`].
    pub lock_dir: Option<PathBuf>,
}

/// What a restore did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RestoreSummary {
    /// The backup restored from.
    pub backup_dir: PathBuf,
    /// Documents republished as backed up.
    pub documents_restored: Vec<PageWidgetsKey>,
    /// Documents of created pages emptied.
    pub documents_emptied: Vec<PageWidgetsKey>,
    /// Pages put back as backed up.
    pub pages_restored: Vec<PageId>,
    /// Widget templates whose backed-up definition was put back (as a new version).
    pub templates_restored: Vec<WidgetTemplateUuid>,
    /// Created pages deleted.
    pub pages_deleted: Vec<PageId>,
    /// Created widget templates deleted.
    pub templates_deleted: Vec<WidgetTemplateUuid>,
    /// Changes made since the run that the restore overwrote (with `force`).
    pub overwritten_changes: Vec<Drift>,
    /// Created pages not deleted because child pages the run did not create are under them;
    /// the message names those children.
    pub pages_kept: Vec<RestoreFailure>,
    /// What could not be put back, and why.
    pub failed: Vec<RestoreFailure>,
    /// Things to know (e.g. a backup without its run's journal).
    pub warnings: Vec<String>,
    /// What the restore cost.
    pub stats: RunStats,
}

/// One object that could not be put back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RestoreFailure {
    /// The object (`page #512`, a document key, a template uuid).
    pub object: String,
    /// Why, with the store's message.
    pub message: String,
}

impl RestoreSummary {
    /// True when everything was put back and deleted as asked (the CLI exits 0, else 4).
    pub fn is_complete(&self) -> bool {
        self.failed.is_empty() && self.pages_kept.is_empty()
    }

    fn fail(&mut self, object: String, message: String) {
        tracing::warn!(%object, %message, "restore failed for an object");
        self.failed.push(RestoreFailure { object, message });
    }
}

/// Why a restore could not start or stopped. Single objects that fail to go back are in the
/// [`RestoreSummary`], not errors.
#[derive(Debug, Error)]
pub enum RestoreError {
    /// Another run is writing the same target store and channel.
    #[error(transparent)]
    Locked(#[from] crate::LockError),
    /// The given directory is neither a run directory nor a run's backup.
    #[error(
        "`{path}` is not a pageport run (with `backup/`) nor a run's backup (with `manifest.json`)"
    )]
    NotARun {
        /// The directory given.
        path: PathBuf,
    },
    /// The backup could not be read.
    #[error("cannot use the backup in `{path}`")]
    Backup {
        /// The backup directory.
        path: PathBuf,
        /// The bundle I/O error.
        #[source]
        source: BundleError,
    },
    /// The backup is of another store than the client's.
    #[error(
        "the client is for store `{client_store}`, but the backup is of store `{backup_store}`"
    )]
    WrongStore {
        /// The client's store.
        client_store: StoreHash,
        /// The store the backup was taken from.
        backup_store: StoreHash,
    },
    /// Reading the target store failed before any write.
    #[error("cannot read the target store `{store}`")]
    ReadTarget {
        /// The target store.
        store: StoreHash,
        /// The client's error.
        #[source]
        source: ClientError,
    },
    /// The run's journal could not be read or written.
    #[error("the run journal failed")]
    Journal(#[from] JournalError),
    /// A plan file of the run could not be read.
    #[error("cannot read the run's plan `{path}`")]
    RunPlan {
        /// The plan file.
        path: PathBuf,
        /// Why.
        #[source]
        source: RunPlanError,
    },
    /// The target changed since the run in objects the restore would overwrite or delete;
    /// nothing was written.
    #[error(
        "the target changed since the run; restoring would undo these changes:{}",
        objects.iter().map(|d| format!("\n  - {d}")).collect::<String>()
    )]
    Drifted {
        /// Each changed object and what changed, in the order the restore would touch them.
        objects: Vec<Drift>,
    },
}

/// Why a run's plan file could not be used.
#[derive(Debug, Error)]
pub enum RunPlanError {
    /// The file could not be read.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// It is not a plan this build reads.
    #[error(transparent)]
    Plan(#[from] PlanError),
}

/// Restores the target from a run directory or a run's `backup/` directory.
pub async fn restore(
    client: &StoreClient,
    from: &Path,
    options: &RestoreOptions,
) -> Result<RestoreSummary, RestoreError> {
    let stats_before = client.stats();
    let located = locate(from)?;
    let backup_dir = located.backup.clone();
    let backup =
        pageport_bundle::read_bundle(&backup_dir).map_err(|source| RestoreError::Backup {
            path: backup_dir.clone(),
            source,
        })?;
    if backup.manifest.source_store_hash != *client.store_hash() {
        return Err(RestoreError::WrongStore {
            client_store: client.store_hash().clone(),
            backup_store: backup.manifest.source_store_hash.clone(),
        });
    }
    // No apply, duplicate or other restore writes this channel while the restore reads and
    // writes it.
    let lock_dir = options
        .lock_dir
        .clone()
        .unwrap_or_else(crate::default_lock_dir);
    let _lock = crate::TargetLock::acquire(
        &lock_dir,
        client.store_hash(),
        backup.manifest.channel_id,
        "restore",
    )?;
    let plans = read_run_plans(located.run.as_deref())?;
    let mut summary = RestoreSummary {
        backup_dir: backup_dir.clone(),
        ..RestoreSummary::default()
    };
    let (journal, state) = match &located.journal {
        Some(path) => {
            let state = JournalState::replay(&read_records(path)?);
            (Some(Journal::open(path)?.0), state)
        }
        None => {
            summary.warnings.push(
                "no journal beside the backup: pages and templates the run created are unknown"
                    .into(),
            );
            (None, JournalState::default())
        }
    };
    if plans.is_empty() {
        summary.warnings.push(
            "no plan of the run beside the backup: changes made to the target since the run cannot be told apart from the run's writes, so they were not checked"
                .into(),
        );
    }
    // Every read before the first write: a refused token or an unreachable store stops the
    // restore here, and the drift check sees the target as the restore finds it.
    let channel = backup.manifest.channel_id;
    let unsettled = if options.delete_created {
        unsettled_creations(client, &state, channel, &backup, &mut summary).await
    } else {
        (Vec::new(), Vec::new())
    };
    let to_delete: Vec<PageId> = if options.delete_created {
        let mut ids = unsettled.0.clone();
        ids.extend(state.created_in_order.iter().rev().copied());
        ids
    } else {
        Vec::new()
    };
    let to_empty: Vec<PageWidgetsKey> = if options.delete_created {
        documents_of_created_pages(&backup, &state)
    } else {
        Vec::new()
    };
    let now = read_target_now(client, &backup, &to_empty).await?;
    let scope = Scope {
        backup: &backup,
        documents_to_empty: &to_empty,
        pages_to_delete: &to_delete,
    };
    let findings = drift::find(scope, &RunWrites::of(&plans, &state), &now);
    let templates_now = templates::read_now(client, &backup).await?;
    let template_drift = templates::drift(&backup, &templates_now, &plans, &state);
    let mut drift = findings.drift();
    drift.extend(template_drift.iter().cloned());
    if !drift.is_empty() && !options.force {
        return Err(RestoreError::Drifted { objects: drift });
    }
    tracing::info!(
        changed = findings.changed.len(),
        kept = findings.keep.len(),
        "restoring with the target's changes since the run"
    );
    summary.overwritten_changes = findings.changed;
    summary.overwritten_changes.extend(template_drift);
    let kept: BTreeSet<PageId> = findings.keep.keys().copied().collect();
    for kept_page in findings.keep.into_values() {
        summary.pages_kept.push(kept_failure(kept_page));
    }

    if options.delete_created {
        let to_empty: Vec<PageWidgetsKey> = to_empty
            .into_iter()
            .filter(|key| !crate::backup::belongs_to(key, &kept))
            .collect();
        empty_documents(client, &to_empty, &mut summary).await;
    }
    templates::put_back(client, &backup, &templates_now, &mut summary).await;
    republish(client, &backup, &mut summary).await;
    put_back_pages(client, &backup, &mut summary).await;
    let mut journal = journal;
    if options.delete_created {
        let ids: Vec<PageId> = to_delete
            .into_iter()
            .filter(|id| !kept.contains(id))
            .collect();
        let templates: Vec<WidgetTemplateUuid> = if kept.is_empty() {
            let mut templates = unsettled.1;
            templates.extend(state.created_templates.values().cloned());
            templates
        } else {
            summary.warnings.push(
                "the widget templates the run created are kept too: the layouts of the pages kept may use them"
                    .into(),
            );
            Vec::new()
        };
        delete_created(client, ids, templates, journal.as_mut(), &mut summary).await?;
    }
    if let Some(journal) = journal.as_mut() {
        journal.append(&Record::Restored {
            complete: summary.is_complete(),
        })?;
    }
    summary.stats = RunStats::between(stats_before, client.stats());
    Ok(summary)
}

/// A kept page as the summary lists it.
fn kept_failure(kept: KeptPage) -> RestoreFailure {
    RestoreFailure {
        object: kept.object,
        message: format!(
            "not deleted: child pages the run did not create are under it ({})",
            kept.children.join(", ")
        ),
    }
}

/// Empties the documents of the pages the run created.
async fn empty_documents(
    client: &StoreClient,
    keys: &[PageWidgetsKey],
    summary: &mut RestoreSummary,
) {
    for key in keys {
        match client.publish_page_widgets(&publish(key, Vec::new())).await {
            Ok(()) => summary.documents_emptied.push(key.clone()),
            Err(error) => summary.fail(key.to_string(), error.to_string()),
        }
    }
}

/// Republishes every backed-up document as it was.
async fn republish(client: &StoreClient, backup: &Bundle, summary: &mut RestoreSummary) {
    for document in &backup.page_widgets {
        let body = publish(&document.key, document.regions.clone());
        match client.publish_page_widgets(&body).await {
            Ok(()) => summary.documents_restored.push(document.key.clone()),
            Err(error) => summary.fail(document.key.to_string(), error.to_string()),
        }
    }
}

/// Puts back every backed-up page with its saved fields.
async fn put_back_pages(client: &StoreClient, backup: &Bundle, summary: &mut RestoreSummary) {
    if backup.pages.is_empty() {
        return;
    }
    let outcome = client.update_pages(&backup.pages).await;
    summary.warnings.extend(outcome.warnings);
    for success in outcome.succeeded {
        if let Some(id) = success.value.id {
            summary.pages_restored.push(id);
        }
    }
    for failure in outcome.failed {
        summary.fail(failure.item.to_string(), failure.error.to_string());
    }
}

/// What the journal leaves unsettled but the target holds: pages and templates whose create
/// has no result (the run was killed) or was answered as failed (a lost answer), found by
/// name in the backup's channel. ASSUMPTION (as when resuming): a page or template of that
/// name that the run does not know was created by one of those calls; the plan only creates
/// what had no match by name.
async fn unsettled_creations(
    client: &StoreClient,
    state: &JournalState,
    channel: ChannelId,
    backup: &Bundle,
    summary: &mut RestoreSummary,
) -> (Vec<PageId>, Vec<WidgetTemplateUuid>) {
    let mut known: BTreeSet<PageId> = state.created_in_order.iter().copied().collect();
    known.extend(backup.pages.iter().filter_map(|p| p.id));
    let mut known_templates: BTreeSet<WidgetTemplateUuid> =
        state.created_templates.values().cloned().collect();
    let unsettled = state.in_doubt.iter().map(|(_, op)| op).chain(
        state
            .answered
            .values()
            .filter(|(_, outcome)| *outcome != Outcome::Done)
            .map(|(op, _)| op),
    );
    let (mut pages, mut templates) = (Vec::new(), Vec::new());
    for operation in unsettled {
        match operation {
            Operation::CreatePages {
                source_ids,
                names,
                page_types,
            } => {
                for (index, (source, name)) in source_ids.iter().zip(names).enumerate() {
                    if state.created_pages.contains_key(source) {
                        continue;
                    }
                    let key = CreatedPageKey {
                        channel,
                        name: name.clone(),
                        page_type: page_types.get(index).cloned(),
                    };
                    let query = PageQuery {
                        channel_id: Some(channel),
                        name: Some(name.clone()),
                        ..PageQuery::default()
                    };
                    match client.list_pages(&query).await {
                        Ok(found) => {
                            let made = found.iter().filter(|p| key.matches(p));
                            for id in made.filter_map(|p| p.id) {
                                if known.insert(id) {
                                    pages.push(id);
                                }
                            }
                        }
                        Err(error) => summary.fail(format!("page {name:?}"), error.to_string()),
                    }
                }
            }
            Operation::CreateTemplate { source_uuid, name }
                if !state.created_templates.contains_key(source_uuid) =>
            {
                match client.list_widget_templates(channel).await {
                    Ok(found) => {
                        for template in found
                            .into_iter()
                            .filter(|t| t.name == *name && t.channel_id == Some(channel))
                        {
                            if known_templates.insert(template.uuid.clone()) {
                                templates.push(template.uuid);
                            }
                        }
                    }
                    Err(error) => {
                        summary.fail(format!("widget template {name:?}"), error.to_string());
                    }
                }
            }
            _ => {}
        }
    }
    (pages, templates)
}

/// Deletes the pages `ids` (unsettled creations first, then the known ones newest first, so
/// children go before parents), journaling the deletes, then the widget templates `templates`.
async fn delete_created(
    client: &StoreClient,
    ids: Vec<PageId>,
    templates: Vec<WidgetTemplateUuid>,
    journal: Option<&mut Journal>,
    summary: &mut RestoreSummary,
) -> Result<(), RestoreError> {
    if !ids.is_empty() {
        let mut journal = journal;
        let seq = match journal.as_mut() {
            Some(journal) => Some(journal.intent(Operation::DeletePages {
                target_ids: ids.clone(),
            })?),
            None => None,
        };
        let outcome = client.delete_pages(&ids, false).await;
        summary.warnings.extend(outcome.warnings);
        summary
            .pages_deleted
            .extend(outcome.succeeded.iter().map(|s| s.value));
        let failed: std::collections::BTreeMap<String, String> = outcome
            .failed
            .iter()
            .map(|f| (f.item.to_string(), f.error.to_string()))
            .collect();
        for (object, message) in &failed {
            summary.fail(object.clone(), message.clone());
        }
        if let (Some(journal), Some(seq)) = (journal, seq) {
            let outcome = Outcome::from_failures(ids.len(), failed);
            journal.result(seq, outcome, Vec::new(), Vec::new())?;
        }
    }
    for uuid in &templates {
        match client.delete_widget_template(uuid).await {
            Ok(_) => summary.templates_deleted.push(uuid.clone()),
            Err(error) => summary.fail(format!("widget template `{uuid}`"), error.to_string()),
        }
    }
    Ok(())
}

/// The publish body that sets `key`'s document to `regions`.
fn publish(key: &PageWidgetsKey, regions: Vec<Region>) -> PageWidgetsPublish {
    PageWidgetsPublish {
        channel_id: Some(key.channel_id),
        template_file: key.template_file.clone(),
        entity_id: key.entity_id.clone(),
        regions,
    }
}
