//! Phase 3: page-widget documents, published with bounded concurrency. Each document is
//! remapped from its **source** with the filled tables, which also gives the target key of a
//! new page's `pages/page` document (its entity is the new page id). A document whose page or
//! template did not land is not published. Intents and results are journaled by this task, in
//! the order the calls start and end; the spawned tasks only make the calls.

use crate::ApplyError;
use crate::executor::Executor;
use crate::journal::{Operation, Outcome};
use crate::progress::{ApplyEvent, Phase};
use crate::summary::LandedAs;
use pageport_client::ClientError;
use pageport_mapping::{Pending, RewriteKind, remap_document};
use pageport_model::{PageWidgetsKey, PageWidgetsPublish};
use pageport_plan::steps::{DocumentStep, DocumentStepAction};
use tokio::task::JoinSet;

/// A document ready to publish.
struct Ready<'p> {
    step: &'p DocumentStep,
    key: PageWidgetsKey,
    body: PageWidgetsPublish,
}

/// What a publish task hands back: the intent number, the step's index, and the answer.
type Answer = (u64, usize, Result<(), ClientError>);

impl<'a> Executor<'a> {
    /// Publishes the plan's documents, at most `concurrency` at a time.
    pub(crate) async fn publish_documents(&mut self) -> Result<(), ApplyError> {
        let plan: &'a pageport_plan::migration_plan::MigrationPlan = self.plan;
        let mut ready: Vec<Ready<'a>> = Vec::new();
        for step in &plan.documents {
            if let Some(item) = self.prepare_document(step) {
                ready.push(item);
            }
        }
        if ready.is_empty() {
            return Ok(());
        }
        self.progress.on_event(&ApplyEvent::PhaseStarted {
            phase: Phase::Documents,
            steps: ready.len(),
        });
        let mut queue = ready.iter().enumerate();
        let mut running: JoinSet<Answer> = JoinSet::new();
        loop {
            while running.len() < self.options.concurrency.max(1) {
                let Some((index, item)) = queue.next() else {
                    break;
                };
                let seq = self.intent(Operation::PublishDocument {
                    key: item.key.clone(),
                })?;
                let client = self.client.clone();
                let body = item.body.clone();
                running
                    .spawn(async move { (seq, index, client.publish_page_widgets(&body).await) });
            }
            let Some(joined) = running.join_next().await else {
                break;
            };
            let (seq, index, answer) = match joined {
                Ok(answer) => answer,
                Err(error) if error.is_panic() => {
                    running.abort_all();
                    std::panic::resume_unwind(error.into_panic());
                }
                Err(_cancelled) => continue,
            };
            if let Err(stop) = self.after_call() {
                running.abort_all();
                return Err(stop);
            }
            let Some(item) = ready.get(index) else {
                continue;
            };
            self.settle(seq, item, answer)?;
        }
        self.phase_finished(Phase::Documents);
        Ok(())
    }

    /// Journals and records one publish's answer.
    fn settle(
        &mut self,
        seq: u64,
        item: &Ready<'a>,
        answer: Result<(), ClientError>,
    ) -> Result<(), ApplyError> {
        let label = item.step.label();
        match answer {
            Ok(()) => {
                self.result(seq, Outcome::Done, Vec::new(), Vec::new())?;
                let target = item.key.to_string();
                self.landed(
                    landed_as(item.step),
                    item.step.step_ref(),
                    label,
                    target,
                    false,
                );
            }
            Err(error) => {
                let message = error.to_string();
                let outcome = Outcome::Failed {
                    message: message.clone(),
                };
                self.result(seq, outcome, Vec::new(), Vec::new())?;
                self.failed(item.step.step_ref(), label, message);
            }
        }
        Ok(())
    }

    /// Files a document step: counted when it needs no call, landed when an earlier attempt
    /// published it, failed when something it references did not land, else ready.
    fn prepare_document(&mut self, step: &'a DocumentStep) -> Option<Ready<'a>> {
        match step.action {
            DocumentStepAction::Unchanged => self.results.unchanged += 1,
            DocumentStepAction::Skip => self.results.skipped += 1,
            DocumentStepAction::Blocked => self.results.blocked += 1,
            DocumentStepAction::Publish => {
                let remapped = remap_document(&step.source, &self.tables);
                if let Some(pending) = remapped.log.pending.first() {
                    let message = self.missing_dependency(step, pending);
                    self.failed(step.step_ref(), step.label(), message);
                    return None;
                }
                if let Some(stale) =
                    pageport_model::page_widgets::widgets_of(&remapped.value.regions)
                        .map(|widget| &widget.widget_template_uuid)
                        .find(|uuid| self.results.failed_template_updates.contains(*uuid))
                {
                    let name = self
                        .plan
                        .templates
                        .iter()
                        .find(|t| t.update.as_ref().is_some_and(|u| u.target_uuid == *stale))
                        .map_or_else(|| stale.to_string(), |t| t.name.clone());
                    let message = format!("widget template {name:?} was not updated");
                    self.failed(step.step_ref(), step.label(), message);
                    return None;
                }
                let key = remapped.value.key;
                if self.done.published.contains(&key) {
                    let target = key.to_string();
                    self.landed(landed_as(step), step.step_ref(), step.label(), target, true);
                    return None;
                }
                let body = PageWidgetsPublish {
                    channel_id: Some(key.channel_id),
                    template_file: key.template_file.clone(),
                    entity_id: key.entity_id.clone(),
                    regions: remapped.value.regions,
                };
                return Some(Ready { step, key, body });
            }
        }
        None
    }

    /// Why a document cannot be published: the page or template it needs did not land.
    fn missing_dependency(&self, step: &DocumentStep, pending: &Pending) -> String {
        match pending.kind {
            RewriteKind::Page => match &step.page_name {
                Some(name) => format!("its page {name:?} did not land"),
                None => format!("its page (source #{}) did not land", pending.value),
            },
            RewriteKind::WidgetTemplate => {
                let name = self
                    .plan
                    .templates
                    .iter()
                    .find(|t| t.source_uuid.as_str() == pending.value)
                    .map_or_else(|| pending.value.clone(), |t| t.name.clone());
                format!("widget template {name:?} was not created")
            }
            kind => format!("{kind} `{}` did not land", pending.value),
        }
    }
}

/// A publish over existing content is an overwrite; anything else a create.
fn landed_as(step: &DocumentStep) -> LandedAs {
    if step.overwrite.is_some() {
        LandedAs::Overwritten
    } else {
        LandedAs::Created
    }
}
