//! Putting back the widget templates a run updated: each backed-up template's definition is
//! sent again with `create_new_version: true`, so the target gets the previous definition as
//! its newest version (and keeps the run's version in its history). A template that already
//! holds it is left alone.
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

/// The backed-up templates that changed since the run (in backup order). Without the run's
/// plans, what the run wrote cannot be told from a later change, so nothing is reported (as
/// for pages and documents).
pub(super) fn drift(
    backup: &Bundle,
    now: &[Option<WidgetTemplate>],
    plans: &[MigrationPlan],
    state: &JournalState,
) -> Vec<Drift> {
    let mut found = Vec::new();
    if plans.is_empty() {
        return found;
    }
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

/// Sends every backed-up definition back as a new version, except to a template that already
/// holds it (`now`, read before any write: the run never updated it, or an earlier restore
/// already put it back).
pub(super) async fn put_back(
    client: &StoreClient,
    backup: &Bundle,
    now: &[Option<WidgetTemplate>],
    summary: &mut RestoreSummary,
) {
    for (template, now) in backup.widget_templates.iter().zip(now) {
        if now
            .as_ref()
            .is_some_and(|now| holds_definition(now, &definition(template)))
        {
            continue;
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backup::{add_templates_to_backup, new_backup, templates_to_back_up};
    use pageport_plan::test_support::*;

    #[test]
    fn a_template_changed_by_someone_else_since_the_run_is_drift() {
        let plan = drift_plan("update");
        let mut backup = new_backup(&plan.target, Vec::new(), Vec::new());
        add_templates_to_backup(
            &mut backup,
            templates_to_back_up(&plan, &drifted_inventory()),
        );
        let original = backup.widget_templates[0].clone();
        let mut state = JournalState::default();
        state.touched_templates.insert(original.uuid.clone());
        let plans = std::slice::from_ref(&plan);

        let as_backed_up = [Some(original.clone())];
        assert!(drift(&backup, &as_backed_up, plans, &state).is_empty());

        let mut as_written = original.clone();
        let step = plan.templates.iter().find(|t| t.update.is_some()).unwrap();
        as_written.template = step.create.template.clone();
        as_written.schema = step.create.schema.clone();
        as_written.storefront_api_query = step.create.storefront_api_query.clone();
        assert!(drift(&backup, &[Some(as_written.clone())], plans, &state).is_empty());
        let untouched = JournalState::default();
        assert_eq!(
            drift(&backup, &[Some(as_written)], plans, &untouched).len(),
            1,
            "the journal says the run never sent that update"
        );

        let mut edited = original.clone();
        edited.template = "<p>edited in production</p>".into();
        let found = drift(&backup, &[Some(edited.clone())], plans, &state);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].change, "its definition changed since the run");
        assert!(
            found[0].object.contains("Hero Banner"),
            "{}",
            found[0].object
        );
        assert_eq!(drift(&backup, &[None], plans, &state)[0].change, "deleted");
        assert!(
            drift(&backup, &[Some(edited)], &[], &state).is_empty(),
            "without the run's plans nothing can be told apart"
        );
    }
}
