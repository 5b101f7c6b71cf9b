//! Putting back the widget templates a run updated: each backed-up template's definition is
//! sent again with `create_new_version: true`, so the target gets the previous definition as
//! its newest version (and keeps the run's version in its history).
//!
//! Before any write, each template is read: it must hold what the run wrote (a run plan's
//! update of that template, when the journal says the update was sent) or the backed-up
//! definition (a restore already ran); anything else was changed by someone since, and is
//! drift.

use super::drift::Drift;
use super::{RestoreError, RestoreSummary};
use crate::journal::JournalState;
use crate::templates::holds_definition;
use pageport_client::StoreClient;
use pageport_model::escape::quote;
use pageport_model::{Bundle, WidgetTemplate, WidgetTemplateCreate, WidgetTemplateUpdate};
use pageport_plan::MigrationPlan;

/// The backed-up templates as the target holds them now (`None`: deleted since), read
/// before any write.
pub(super) async fn read_now(
    client: &StoreClient,
    backup: &Bundle,
) -> Result<Vec<Option<WidgetTemplate>>, RestoreError> {
    let mut now = Vec::with_capacity(backup.widget_templates.len());
    for template in &backup.widget_templates {
        let read = client
            .get_widget_template(&template.uuid)
            .await
            .map_err(|source| RestoreError::ReadTarget {
                store: client.store_hash().clone(),
                source,
            })?;
        now.push(read);
    }
    Ok(now)
}

/// The backed-up templates that changed since the run (in backup order).
pub(super) fn drift(
    backup: &Bundle,
    now: &[Option<WidgetTemplate>],
    plans: &[MigrationPlan],
    state: &JournalState,
) -> Vec<Drift> {
    let mut found = Vec::new();
    for (original, now) in backup.widget_templates.iter().zip(now) {
        let object = format!(
            "widget template {} ({})",
            quote(&original.name),
            quote(original.uuid.as_str())
        );
        let Some(now) = now else {
            found.push(Drift {
                object,
                change: "deleted".to_owned(),
            });
            continue;
        };
        if holds_definition(now, &definition(original)) {
            continue;
        }
        let written_by_run = state.touched_templates.contains(&original.uuid)
            && plans
                .iter()
                .flat_map(|plan| &plan.templates)
                .filter(|step| {
                    step.update
                        .as_ref()
                        .is_some_and(|u| u.target_uuid == original.uuid)
                })
                .any(|step| holds_definition(now, &step.create));
        if !written_by_run {
            found.push(Drift {
                object,
                change: "its definition changed since the run".to_owned(),
            });
        }
    }
    found
}

/// Sends every backed-up definition back as a new version.
pub(super) async fn put_back(client: &StoreClient, backup: &Bundle, summary: &mut RestoreSummary) {
    for template in &backup.widget_templates {
        let update = WidgetTemplateUpdate {
            schema: Some(
                template
                    .schema
                    .clone()
                    .unwrap_or_else(|| serde_json::Value::Array(Vec::new())),
            ),
            template: Some(template.template.clone()),
            storefront_api_query: Some(template.storefront_api_query.clone().unwrap_or_default()),
            create_new_version: Some(true),
            ..WidgetTemplateUpdate::default()
        };
        match client.update_widget_template(&template.uuid, &update).await {
            Ok(_) => summary.templates_restored.push(template.uuid.clone()),
            Err(error) => summary.fail(
                format!("widget template `{}`", template.uuid),
                error.to_string(),
            ),
        }
    }
}

/// A template's definition, in the shape [`holds_definition`] compares.
fn definition(template: &WidgetTemplate) -> WidgetTemplateCreate {
    WidgetTemplateCreate {
        name: template.name.clone(),
        template: template.template.clone(),
        schema: template.schema.clone(),
        storefront_api_query: template.storefront_api_query.clone(),
        channel_id: template.channel_id,
    }
}
