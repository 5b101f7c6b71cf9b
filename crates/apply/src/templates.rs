//! Phase 1: creating the widget templates the target lacks, from their source definitions.
//! A create whose answer is lost is settled by looking the template up by name in the target
//! channel (a template create is never repeated blindly).

use crate::ApplyError;
use crate::executor::Executor;
use crate::journal::{Operation, Outcome};
use crate::progress::{ApplyEvent, Phase};
use crate::summary::LandedAs;
use pageport_client::StoreClient;
use pageport_model::{ChannelId, WidgetTemplateUuid};
use pageport_plan::steps::TemplateStep;

impl Executor<'_> {
    /// Creates every template of the plan that earlier attempts did not.
    pub(crate) async fn create_templates(&mut self) -> Result<(), ApplyError> {
        let plan = self.plan;
        if plan.templates.is_empty() {
            return Ok(());
        }
        self.progress.on_event(&ApplyEvent::PhaseStarted {
            phase: Phase::Templates,
            steps: plan.templates.len(),
        });
        for step in &plan.templates {
            let label = template_label(step);
            if let Some(uuid) = self.done.created_templates.get(&step.source_uuid).cloned() {
                self.tables
                    .widget_templates
                    .insert(step.source_uuid.clone(), uuid.clone());
                self.landed(LandedAs::Created, step.step_ref(), label, uuid.0, true);
                continue;
            }
            let seq = self.intent(Operation::CreateTemplate {
                source_uuid: step.source_uuid.clone(),
                name: step.name.clone(),
            })?;
            let answer = self.client.create_widget_template(&step.create).await;
            self.after_call()?;
            let created = match answer {
                Ok(template) => Ok(template.uuid),
                Err(error) if error.is_outcome_unknown() => {
                    tracing::warn!(template = %step.name, %error, "template create outcome unknown; looking it up by name");
                    find_by_name(self.client, plan.target.channel_id, &step.name)
                        .await
                        .ok_or_else(|| error.to_string())
                }
                Err(error) => Err(error.to_string()),
            };
            match created {
                Ok(uuid) => {
                    self.result(
                        seq,
                        Outcome::Done,
                        Vec::new(),
                        vec![(step.source_uuid.clone(), uuid.clone())],
                    )?;
                    self.tables
                        .widget_templates
                        .insert(step.source_uuid.clone(), uuid.clone());
                    self.landed(LandedAs::Created, step.step_ref(), label, uuid.0, false);
                }
                Err(message) => {
                    self.result(
                        seq,
                        Outcome::Failed {
                            message: message.clone(),
                        },
                        Vec::new(),
                        Vec::new(),
                    )?;
                    self.failed(step.step_ref(), label, message);
                }
            }
        }
        self.phase_finished(Phase::Templates);
        Ok(())
    }
}

/// How reports name a template step.
pub(crate) fn template_label(step: &TemplateStep) -> String {
    format!("widget template {:?}", step.name)
}

/// The uuid of the template named `name` in `channel`, when the store has exactly that.
async fn find_by_name(
    client: &StoreClient,
    channel: ChannelId,
    name: &str,
) -> Option<WidgetTemplateUuid> {
    match client.list_widget_templates(channel).await {
        Ok(templates) => templates
            .into_iter()
            .find(|t| t.name == name && t.channel_id.is_none_or(|c| c == channel))
            .map(|t| t.uuid),
        Err(error) => {
            tracing::warn!(%error, "cannot look the template up");
            None
        }
    }
}
