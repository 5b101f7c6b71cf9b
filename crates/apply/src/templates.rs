//! Phase 1: widget templates. Creating those the target lacks, from their source definitions,
//! and updating drifted ones to their source definitions as a new version
//! (`create_new_version: true`, so the target keeps the version it replaces). A create whose
//! answer is lost is settled by looking the template up by name in the target channel, an
//! update's by reading the template back: neither is ever repeated blindly.

use crate::ApplyError;
use crate::executor::Executor;
use crate::journal::{Operation, Outcome};
use crate::progress::{ApplyEvent, Phase};
use crate::summary::LandedAs;
use pageport_client::StoreClient;
use pageport_model::{ChannelId, WidgetTemplate, WidgetTemplateCreate, WidgetTemplateUuid};
use pageport_plan::steps::{TemplateStep, TemplateUpdate};

impl Executor<'_> {
    /// Creates and updates every template of the plan that earlier attempts did not.
    pub(crate) async fn write_templates(&mut self) -> Result<(), ApplyError> {
        let plan = self.plan;
        if plan.templates.is_empty() {
            return Ok(());
        }
        self.progress.on_event(&ApplyEvent::PhaseStarted {
            phase: Phase::Templates,
            steps: plan.templates.len(),
        });
        // Creates first, then updates (independent of each other; one fixed order).
        let (creates, updates): (Vec<&TemplateStep>, Vec<&TemplateStep>) =
            plan.templates.iter().partition(|t| t.update.is_none());
        for step in creates.into_iter().chain(updates) {
            let label = template_label(step);
            if let Some(update) = &step.update {
                self.update_template(step, update, label).await?;
                continue;
            }
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

impl Executor<'_> {
    /// Updates one drifted template, unless an earlier attempt did.
    async fn update_template(
        &mut self,
        step: &TemplateStep,
        update: &TemplateUpdate,
        label: String,
    ) -> Result<(), ApplyError> {
        let target = update.target_uuid.clone();
        if self.done.updated_templates.contains(&target) {
            self.landed(LandedAs::Updated, step.step_ref(), label, target.0, true);
            return Ok(());
        }
        let seq = self.intent(Operation::UpdateTemplate {
            source_uuid: step.source_uuid.clone(),
            target_uuid: target.clone(),
            name: step.name.clone(),
        })?;
        let answer = self
            .client
            .update_widget_template(&target, &step.update_request())
            .await;
        self.after_call()?;
        let outcome = match answer {
            Ok(_) => Ok(()),
            Err(error) if error.is_outcome_unknown() => {
                tracing::warn!(template = %step.name, %error, "template update outcome unknown; reading it back");
                self.settle_lost_update(step, &target, error.to_string())
                    .await
            }
            Err(error) => Err(error.to_string()),
        };
        match outcome {
            Ok(()) => {
                self.result(seq, Outcome::Done, Vec::new(), Vec::new())?;
                self.landed(LandedAs::Updated, step.step_ref(), label, target.0, false);
            }
            Err(message) => {
                let failed = Outcome::Failed {
                    message: message.clone(),
                };
                self.result(seq, failed, Vec::new(), Vec::new())?;
                self.failed(step.step_ref(), label, message);
                self.results.failed_template_updates.insert(target);
            }
        }
        Ok(())
    }
}

impl Executor<'_> {
    /// Settles an update whose answer was lost by reading the template back: it landed when the
    /// template holds the source definition; when it still holds another one, the update did
    /// not land and is sent again (under the same journal intent), at most
    /// [`LOST_UPDATE_RESENDS`] times. At worst a late landing of an earlier call leaves one
    /// extra version with the same definition.
    async fn settle_lost_update(
        &mut self,
        step: &TemplateStep,
        target: &WidgetTemplateUuid,
        lost: String,
    ) -> Result<(), String> {
        let mut last = lost;
        for _ in 0..LOST_UPDATE_RESENDS {
            match self.client.get_widget_template(target).await {
                Ok(Some(now)) if holds_definition(&now, &step.create) => return Ok(()),
                Ok(Some(_)) => {}
                Ok(None) => return Err(format!("{last}; the template is gone")),
                Err(error) => return Err(format!("{last}; reading it back failed: {error}")),
            }
            match self
                .client
                .update_widget_template(target, &step.update_request())
                .await
            {
                Ok(_) => return Ok(()),
                Err(error) if error.is_outcome_unknown() => last = error.to_string(),
                Err(error) => return Err(error.to_string()),
            }
        }
        match self.client.get_widget_template(target).await {
            Ok(Some(now)) if holds_definition(&now, &step.create) => Ok(()),
            _ => Err(last),
        }
    }
}

/// How often an update whose answer was lost, and which the read-back shows did not land, is
/// sent again before the step is reported as failed.
const LOST_UPDATE_RESENDS: usize = 3;

/// True when `template` holds `definition` (`schema` compared as JSON, an absent schema as
/// `[]` and an absent query as `""`).
pub(crate) fn holds_definition(
    template: &WidgetTemplate,
    definition: &WidgetTemplateCreate,
) -> bool {
    let schema = |value: Option<&serde_json::Value>| match value {
        None | Some(serde_json::Value::Null) => serde_json::Value::Array(Vec::new()),
        Some(schema) => schema.clone(),
    };
    schema(template.schema.as_ref()) == schema(definition.schema.as_ref())
        && template.template == definition.template
        && template.storefront_api_query.as_deref().unwrap_or_default()
            == definition
                .storefront_api_query
                .as_deref()
                .unwrap_or_default()
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
