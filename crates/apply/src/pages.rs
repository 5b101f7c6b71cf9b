//! Phase 2: web pages, one dependency layer at a time (parents before children), creates then
//! updates, in bulk calls of `batch_size` pages. Each page is remapped from its **source** with
//! the tables as they are now, so a child gets the id its parent was just given; a page whose
//! parent did not land is not attempted.

use crate::ApplyError;
use crate::executor::Executor;
use crate::journal::{Operation, Outcome};
use crate::progress::{ApplyEvent, Phase};
use crate::summary::LandedAs;
use pageport_client::BulkOutcome;
use pageport_mapping::remap_page;
use pageport_model::{Page, PageId};
use pageport_plan::steps::{PageStep, PageStepAction, ParentPlan};
use std::collections::BTreeMap;

/// A page step with the body to send.
type Prepared<'p> = (&'p PageStep, Page);

impl<'a> Executor<'a> {
    /// Creates and updates the plan's pages, layer by layer.
    pub(crate) async fn write_pages(&mut self) -> Result<(), ApplyError> {
        let plan: &'a pageport_plan::migration_plan::MigrationPlan = self.plan;
        let mut layers: BTreeMap<usize, Vec<&'a PageStep>> = BTreeMap::new();
        for step in &plan.pages {
            layers.entry(step.layer).or_default().push(step);
        }
        for (layer, steps) in layers {
            let writing = steps
                .iter()
                .filter(|s| matches!(s.action, PageStepAction::Create | PageStepAction::Update))
                .count();
            if writing > 0 {
                self.progress.on_event(&ApplyEvent::PhaseStarted {
                    phase: Phase::Pages { layer },
                    steps: writing,
                });
            }
            let mut creates: Vec<Prepared<'a>> = Vec::new();
            let mut updates: Vec<Prepared<'a>> = Vec::new();
            for step in steps {
                self.prepare_page(step, &mut creates, &mut updates);
            }
            let size = self.options.batch_size.max(1);
            for batch in creates.chunks(size) {
                self.create_batch(batch).await?;
            }
            for batch in updates.chunks(size) {
                self.update_batch(batch).await?;
            }
            if writing > 0 {
                self.phase_finished(Phase::Pages { layer });
            }
        }
        Ok(())
    }

    /// Files a page step: counted when it needs no call, landed when an earlier attempt did
    /// it, failed when its parent did not land, else queued with its body.
    fn prepare_page(
        &mut self,
        step: &'a PageStep,
        creates: &mut Vec<Prepared<'a>>,
        updates: &mut Vec<Prepared<'a>>,
    ) {
        let label = page_label(step);
        match step.action {
            PageStepAction::Unchanged => self.results.unchanged += 1,
            PageStepAction::Skip => self.results.skipped += 1,
            PageStepAction::Blocked => self.results.blocked += 1,
            PageStepAction::Create => {
                if let Some(target) = self.done.created_pages.get(&step.source_id).copied() {
                    self.tables.pages.insert(step.source_id, target);
                    let target = page_target(target);
                    self.landed(LandedAs::Created, step.step_ref(), label, target, true);
                    return;
                }
                match self.page_body(step, None) {
                    Ok(body) => creates.push((step, body)),
                    Err(message) => self.failed(step.step_ref(), label, message),
                }
            }
            PageStepAction::Update => {
                let Some(target) = step.target_id else {
                    let message = "the plan names no target page to update".to_owned();
                    self.failed(step.step_ref(), label, message);
                    return;
                };
                if self.done.updated_pages.contains(&target) {
                    let target = page_target(target);
                    self.landed(LandedAs::Updated, step.step_ref(), label, target, true);
                    return;
                }
                match self.page_body(step, Some(target)) {
                    Ok(body) => updates.push((step, body)),
                    Err(message) => self.failed(step.step_ref(), label, message),
                }
            }
        }
    }

    /// The page to send: the source remapped with the current tables, with the target id for
    /// an update and the target channel when the source names none.
    fn page_body(&self, step: &PageStep, target: Option<PageId>) -> Result<Page, String> {
        let remapped = remap_page(&step.source, &self.tables);
        if let Some(pending) = remapped.log.pending.first() {
            return Err(match &step.parent {
                ParentPlan::Planned { name, .. } => {
                    format!("its parent page {name:?} did not land")
                }
                _ => format!("{} `{}` did not land", pending.kind, pending.value),
            });
        }
        let mut page = remapped.value;
        page.id = target;
        if page.channel_id.is_none() {
            page.channel_id = Some(self.plan.target.channel_id);
        }
        Ok(page)
    }

    /// Creates one batch of pages in one journaled bulk write.
    async fn create_batch(&mut self, batch: &[Prepared<'a>]) -> Result<(), ApplyError> {
        let source_ids = batch.iter().map(|(step, _)| step.source_id).collect();
        let names = batch.iter().map(|(_, body)| body.name.clone()).collect();
        let page_types = batch
            .iter()
            .map(|(_, body)| body.page_type.clone())
            .collect();
        let seq = self.intent(Operation::CreatePages {
            source_ids,
            names,
            page_types,
        })?;
        let bodies: Vec<Page> = batch.iter().map(|(_, body)| body.clone()).collect();
        let outcome = self.client.create_pages(&bodies).await;
        self.after_call()?;
        let (landed, failed) = split(batch, outcome, &mut self.results.warnings);
        let created: Vec<(PageId, PageId)> = landed
            .iter()
            .filter_map(|(step, page)| page.id.map(|id| (step.source_id, id)))
            .collect();
        let mut failures: Vec<(&PageStep, String)> = failed;
        for (step, page) in &landed {
            if page.id.is_none() {
                failures.push((step, "the store answered without the new page's id".into()));
            }
        }
        let by_key = failures
            .iter()
            .map(|(step, message)| (step.source_id.to_string(), message.clone()))
            .collect();
        self.result(
            seq,
            Outcome::from_failures(batch.len(), by_key),
            created,
            Vec::new(),
        )?;
        for (step, page) in landed {
            if let Some(id) = page.id {
                self.tables.pages.insert(step.source_id, id);
                let (label, target) = (page_label(step), page_target(id));
                self.landed(LandedAs::Created, step.step_ref(), label, target, false);
            }
        }
        for (step, message) in failures {
            self.failed(step.step_ref(), page_label(step), message);
        }
        Ok(())
    }

    /// Updates one batch of pages in one journaled bulk write.
    async fn update_batch(&mut self, batch: &[Prepared<'a>]) -> Result<(), ApplyError> {
        let target_ids: Vec<PageId> = batch.iter().filter_map(|(_, body)| body.id).collect();
        let seq = self.intent(Operation::UpdatePages { target_ids })?;
        let bodies: Vec<Page> = batch.iter().map(|(_, body)| body.clone()).collect();
        let outcome = self.client.update_pages(&bodies).await;
        self.after_call()?;
        let (landed, failed) = split(batch, outcome, &mut self.results.warnings);
        let by_key = failed
            .iter()
            .filter_map(|(step, message)| {
                step.target_id.map(|id| (id.to_string(), message.clone()))
            })
            .collect();
        self.result(
            seq,
            Outcome::from_failures(batch.len(), by_key),
            Vec::new(),
            Vec::new(),
        )?;
        for (step, page) in landed {
            let target = page
                .id
                .or(step.target_id)
                .map(page_target)
                .unwrap_or_default();
            self.landed(
                LandedAs::Updated,
                step.step_ref(),
                page_label(step),
                target,
                false,
            );
        }
        for (step, message) in failed {
            self.failed(step.step_ref(), page_label(step), message);
        }
        Ok(())
    }
}

/// The steps of a batch that landed (with the stored page) and those that failed (with the
/// store's message).
type Split<'p> = (Vec<(&'p PageStep, Page)>, Vec<(&'p PageStep, String)>);

/// Ties a bulk outcome's items back to the batch's steps; keeps its warnings.
fn split<'p>(
    batch: &[Prepared<'p>],
    outcome: BulkOutcome<Page>,
    warnings: &mut Vec<String>,
) -> Split<'p> {
    warnings.extend(outcome.warnings);
    let landed = outcome
        .succeeded
        .into_iter()
        .filter_map(|s| batch.get(s.index).map(|(step, _)| (*step, s.value)))
        .collect();
    let failed = outcome
        .failed
        .into_iter()
        .filter_map(|f| {
            batch
                .get(f.index)
                .map(|(step, _)| (*step, f.error.to_string()))
        })
        .collect();
    (landed, failed)
}

/// How reports name a page step.
pub(crate) fn page_label(step: &PageStep) -> String {
    format!("page {:?}", step.name)
}

/// How reports name a target page.
pub(crate) fn page_target(id: PageId) -> String {
    format!("page #{id}")
}
