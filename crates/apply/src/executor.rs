//! The executor's state and bookkeeping: the remap tables as they fill, the journal, what has
//! landed and failed so far, and the write counter behind the test hook. The three phases
//! (templates, pages, documents) are in their own modules.

use crate::journal::{Journal, JournalState, Operation, Outcome};
use crate::progress::{ApplyEvent, ApplyProgress, Phase};
use crate::summary::{FailedStep, Landed, LandedAs, RunStats};
use crate::{ApplyError, ApplyOptions};
use pageport_client::{ClientStats, StoreClient};
use pageport_mapping::RemapTables;
use pageport_model::{PageId, WidgetTemplateUuid};
use pageport_plan::graph::StepRef;
use pageport_plan::migration_plan::MigrationPlan;

/// One apply attempt at work.
pub(crate) struct Executor<'a> {
    /// The target store.
    pub client: &'a StoreClient,
    /// The plan being executed (never changed: its tables are copied into `tables`).
    pub plan: &'a MigrationPlan,
    /// Batch size and concurrency.
    pub options: &'a ApplyOptions,
    /// Where events go.
    pub progress: &'a dyn ApplyProgress,
    /// The run's journal.
    pub journal: Journal,
    /// What earlier attempts of this plan already did (`JournalState::since_plan`).
    pub done: JournalState,
    /// The plan's remap tables, filled with created page ids and template uuids.
    pub tables: RemapTables,
    /// What happened so far.
    pub results: Results,
    /// The client's counters when the run started.
    stats_before: ClientStats,
    /// Writes sent in this attempt.
    writes: usize,
}

/// The summary's lists, as they fill.
#[derive(Debug, Default)]
pub(crate) struct Results {
    pub created: Vec<Landed>,
    pub updated: Vec<Landed>,
    pub overwritten: Vec<Landed>,
    pub failed: Vec<FailedStep>,
    pub warnings: Vec<String>,
    pub unchanged: usize,
    pub skipped: usize,
    pub blocked: usize,
    /// Target templates whose update failed in this attempt: documents using them are not
    /// published over a definition they were not planned for.
    pub failed_template_updates: std::collections::BTreeSet<pageport_model::WidgetTemplateUuid>,
}

impl Results {
    /// Puts every list in step order, so the summary does not depend on which concurrent
    /// publish finished first.
    pub fn sort(&mut self) {
        for list in [&mut self.created, &mut self.updated, &mut self.overwritten] {
            list.sort_by(|a, b| a.step.cmp(&b.step));
        }
        self.failed.sort_by(|a, b| a.step.cmp(&b.step));
    }
}

impl<'a> Executor<'a> {
    /// An executor whose tables already hold what earlier attempts created (`done`).
    pub fn new(
        client: &'a StoreClient,
        plan: &'a MigrationPlan,
        options: &'a ApplyOptions,
        progress: &'a dyn ApplyProgress,
        journal: Journal,
        done: JournalState,
        stats_before: ClientStats,
    ) -> Self {
        let mut tables = plan.tables.clone();
        for (source, target) in &done.created_pages {
            tables.pages.insert(*source, *target);
        }
        for (source, target) in &done.created_templates {
            tables
                .widget_templates
                .insert(source.clone(), target.clone());
        }
        Self {
            client,
            plan,
            options,
            progress,
            journal,
            done,
            tables,
            results: Results::default(),
            stats_before,
            writes: 0,
        }
    }

    /// Tells the progress receiver that a phase ended, with the counters so far.
    pub fn phase_finished(&self, phase: Phase) {
        let stats = RunStats::between(self.stats_before, self.client.stats());
        self.progress.on_event(&ApplyEvent::PhaseFinished {
            phase,
            api_calls: stats.api_calls,
            waited_ms: stats.waited_ms,
        });
    }

    /// Runs the three phases in dependency order: templates, pages layer by layer, documents.
    pub async fn run(&mut self) -> Result<(), ApplyError> {
        self.write_templates().await?;
        self.write_pages().await?;
        self.publish_documents().await
    }

    /// Journals the intent of a write; returns its number.
    pub fn intent(&mut self, operation: Operation) -> Result<u64, ApplyError> {
        Ok(self.journal.intent(operation)?)
    }

    /// Counts a write whose call returned. With `stop_after_writes` reached, stops here, before
    /// the answer is journaled, as a kill between the call and the journal would.
    pub fn after_call(&mut self) -> Result<(), ApplyError> {
        self.writes += 1;
        #[cfg(feature = "test-hooks")]
        if let Some(limit) = self.options.stop_after_writes
            && self.writes >= limit
        {
            return Err(ApplyError::StoppedByTestHook {
                writes: self.writes,
            });
        }
        Ok(())
    }

    /// Journals a write's answer.
    pub fn result(
        &mut self,
        seq: u64,
        outcome: Outcome,
        created_pages: Vec<(PageId, PageId)>,
        created_templates: Vec<(WidgetTemplateUuid, WidgetTemplateUuid)>,
    ) -> Result<(), ApplyError> {
        Ok(self
            .journal
            .result(seq, outcome, created_pages, created_templates)?)
    }

    /// Records a step that landed.
    pub fn landed(
        &mut self,
        how: LandedAs,
        step: StepRef,
        label: String,
        target: String,
        earlier: bool,
    ) {
        tracing::debug!(%step, %target, earlier, "step landed");
        let landed = Landed {
            step,
            label,
            target,
            earlier,
        };
        self.progress.on_event(&ApplyEvent::StepLanded {
            step: landed.step.clone(),
            label: landed.label.clone(),
            target: landed.target.clone(),
        });
        match how {
            LandedAs::Created => self.results.created.push(landed),
            LandedAs::Updated => self.results.updated.push(landed),
            LandedAs::Overwritten => self.results.overwritten.push(landed),
        }
    }

    /// Records a step that did not land.
    pub fn failed(&mut self, step: StepRef, label: String, message: String) {
        // The summary lists every failure; the log line is for -v.
        tracing::info!(%step, %message, "step failed");
        self.progress.on_event(&ApplyEvent::StepFailed {
            step: step.clone(),
            label: label.clone(),
            message: message.clone(),
        });
        self.results.failed.push(FailedStep {
            step,
            label,
            message,
        });
    }
}
