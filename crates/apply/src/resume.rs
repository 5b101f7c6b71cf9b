//! Settling what an interrupted attempt left unsettled, against the target as it is now.
//!
//! - An intent without a result (the process died between the call and the journal) or a
//!   create answered as failed (e.g. its answer was lost and the store could not be re-read)
//!   may have landed. Page creates are looked up by natural key (target channel + name +
//!   type), template creates by name in the target channel; what is found is journaled as
//!   created (a result for the same intent number) and is never created again.
//! - Page updates and publishes without a result are journaled as unanswered and simply
//!   written again: they are full replacements, safe to repeat.
//! - A template update without a result is not repeated blindly (each one adds a version): when
//!   the target template already holds the plan's definition it landed, and is journaled so;
//!   otherwise it is journaled as unanswered and written again.
//!
//! ASSUMPTION (as in the client's own create reconciliation): a page or template found by
//! name after such a doubt was created by this run. The plan only creates what had no match
//! by url or name when it was made, and the stale check names anything else that appeared.

use crate::ApplyError;
use crate::journal::{Journal, JournalState, Operation, Outcome};
use pageport_model::{CreatedPageKey, PageId, WidgetTemplateUuid};
use pageport_plan::inventory::TargetInventory;
use pageport_plan::migration_plan::MigrationPlan;
use std::collections::{BTreeMap, BTreeSet};

/// Settles the unsettled writes of `since` (this plan's earlier attempts) against `fresh`,
/// journaling what is found; updates `since` and returns what was found, for the summary.
pub(crate) fn settle_interrupted(
    journal: &mut Journal,
    since: &mut JournalState,
    plan: &MigrationPlan,
    fresh: &TargetInventory,
) -> Result<Vec<String>, ApplyError> {
    let mut found = Vec::new();
    for (seq, operation) in std::mem::take(&mut since.in_doubt) {
        match &operation {
            Operation::CreatePages { source_ids, .. } => {
                let created = find_pages(plan, fresh, since, source_ids);
                note_pages(plan, since, &created, &mut found);
                let failed: BTreeMap<String, String> = source_ids
                    .iter()
                    .filter(|id| !since.created_pages.contains_key(id))
                    .map(|id| (id.to_string(), "not found after an interruption".to_owned()))
                    .collect();
                let outcome = Outcome::from_failures(source_ids.len(), failed);
                journal.result(seq, outcome, created, Vec::new())?;
            }
            Operation::CreateTemplate { source_uuid, name } => {
                match find_template(plan, fresh, since, name) {
                    Some(uuid) => {
                        found.push(format!("widget template {name:?} is `{uuid}`"));
                        since
                            .created_templates
                            .insert(source_uuid.clone(), uuid.clone());
                        let created = vec![(source_uuid.clone(), uuid)];
                        journal.result(seq, Outcome::Done, Vec::new(), created)?;
                    }
                    None => {
                        let message = "not found after an interruption".to_owned();
                        journal.result(seq, Outcome::Failed { message }, Vec::new(), Vec::new())?;
                    }
                }
            }
            Operation::UpdateTemplate {
                source_uuid,
                target_uuid,
                name,
            } if template_holds_plan(plan, fresh, source_uuid, target_uuid) => {
                found.push(format!(
                    "widget template {name:?} already holds its new definition"
                ));
                since.updated_templates.insert(target_uuid.clone());
                journal.result(seq, Outcome::Done, Vec::new(), Vec::new())?;
            }
            Operation::UpdatePages { .. }
            | Operation::UpdateTemplate { .. }
            | Operation::PublishDocument { .. }
            | Operation::DeletePages { .. } => {
                let message = "interrupted before the answer; written again".to_owned();
                journal.result(seq, Outcome::Failed { message }, Vec::new(), Vec::new())?;
            }
        }
    }
    settle_failed_creates(journal, since, plan, fresh, &mut found)?;
    Ok(found)
}

/// Creates answered as failed may still have landed (a lost answer the client could not
/// settle): looks them up too, journaling a corrective result for their intent.
fn settle_failed_creates(
    journal: &mut Journal,
    since: &mut JournalState,
    plan: &MigrationPlan,
    fresh: &TargetInventory,
    found: &mut Vec<String>,
) -> Result<(), ApplyError> {
    let answered: Vec<(u64, Operation)> = since
        .answered
        .iter()
        .filter(|(_, (_, outcome))| *outcome != Outcome::Done)
        .map(|(seq, (operation, _))| (*seq, operation.clone()))
        .collect();
    for (seq, operation) in answered {
        match &operation {
            Operation::CreatePages { source_ids, .. } => {
                let created = find_pages(plan, fresh, since, source_ids);
                if !created.is_empty() {
                    note_pages(plan, since, &created, found);
                    journal.result(seq, Outcome::Done, created, Vec::new())?;
                }
            }
            Operation::CreateTemplate { source_uuid, name }
                if !since.created_templates.contains_key(source_uuid) =>
            {
                if let Some(uuid) = find_template(plan, fresh, since, name) {
                    found.push(format!("widget template {name:?} is `{uuid}`"));
                    since
                        .created_templates
                        .insert(source_uuid.clone(), uuid.clone());
                    let created = vec![(source_uuid.clone(), uuid)];
                    journal.result(seq, Outcome::Done, Vec::new(), created)?;
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// True when the target template `target_uuid` holds the definition the plan's update of
/// `source_uuid` sends.
fn template_holds_plan(
    plan: &MigrationPlan,
    fresh: &TargetInventory,
    source_uuid: &WidgetTemplateUuid,
    target_uuid: &WidgetTemplateUuid,
) -> bool {
    let Some(step) = plan
        .templates
        .iter()
        .find(|t| t.source_uuid == *source_uuid && t.update.is_some())
    else {
        return false;
    };
    fresh
        .widget_templates
        .iter()
        .find(|t| t.uuid == *target_uuid)
        .is_some_and(|now| crate::templates::holds_definition(now, &step.create))
}

/// Records found pages in `since` and in the list of findings.
fn note_pages(
    plan: &MigrationPlan,
    since: &mut JournalState,
    created: &[(PageId, PageId)],
    found: &mut Vec<String>,
) {
    for (source, target) in created {
        since.created_pages.insert(*source, *target);
        if !since.created_in_order.contains(target) {
            since.created_in_order.push(*target);
        }
        let name = plan.page(*source).map_or("", |p| p.name.as_str());
        found.push(format!("page {name:?} is #{target}"));
    }
}

/// The target pages that are the creations of `source_ids` not yet known as created: same
/// channel, name and type as the page the plan creates, and claimed by no other step.
fn find_pages(
    plan: &MigrationPlan,
    fresh: &TargetInventory,
    since: &JournalState,
    source_ids: &[PageId],
) -> Vec<(PageId, PageId)> {
    let mut claimed: BTreeSet<PageId> = plan.pages.iter().filter_map(|p| p.target_id).collect();
    claimed.extend(since.created_pages.values().copied());
    let mut created = Vec::new();
    for source in source_ids {
        if since.created_pages.contains_key(source) {
            continue;
        }
        let Some(step) = plan.page(*source) else {
            continue;
        };
        let channel = step.remapped.channel_id.unwrap_or(plan.target.channel_id);
        let key = CreatedPageKey {
            channel,
            ..CreatedPageKey::of(&step.remapped)
        };
        let stored = fresh
            .pages
            .iter()
            .find(|page| page.id.is_some_and(|id| !claimed.contains(&id)) && key.matches(page));
        if let Some(id) = stored.and_then(|p| p.id) {
            claimed.insert(id);
            created.push((*source, id));
        }
    }
    created
}

/// The target template named `name` in the target channel that no mapping already uses.
fn find_template(
    plan: &MigrationPlan,
    fresh: &TargetInventory,
    since: &JournalState,
    name: &str,
) -> Option<WidgetTemplateUuid> {
    let mut claimed: BTreeSet<&WidgetTemplateUuid> = plan
        .mapped_templates
        .iter()
        .map(|m| &m.target_uuid)
        .collect();
    claimed.extend(since.created_templates.values());
    fresh
        .widget_templates
        .iter()
        .find(|t| {
            t.name == name
                && t.channel_id == Some(plan.target.channel_id)
                && !claimed.contains(&t.uuid)
        })
        .map(|t| t.uuid.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::Record;
    use pageport_model::{Page, PageType};
    use pageport_plan::test_support::*;

    #[test]
    fn a_lost_create_is_found_by_name_and_journaled_as_created() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("journal.jsonl");
        let (mut journal, _) = Journal::open(&path).unwrap();
        journal
            .append(&Record::RunStarted {
                plan_fingerprint: "p".into(),
                at: "now".into(),
            })
            .unwrap();
        journal
            .intent(Operation::CreatePages {
                source_ids: vec![PageId(1), PageId(5)],
                names: vec!["Help".into(), "Size Chart".into()],
                page_types: Vec::new(),
            })
            .unwrap();
        let plan = scenario_plan();
        let mut fresh = inventory();
        let mut help = Page::new("Help", PageType::Page);
        help.id = Some(PageId(501));
        help.channel_id = Some(pageport_model::ChannelId(1));
        fresh.pages.push(help);
        let mut since =
            JournalState::since_plan(&crate::journal::read_records(&path).unwrap(), "p");

        let found = settle_interrupted(&mut journal, &mut since, &plan, &fresh).unwrap();
        assert_eq!(found, ["page \"Help\" is #501"]);
        assert_eq!(since.created_pages.get(&PageId(1)), Some(&PageId(501)));
        drop(journal);
        let replayed = JournalState::replay(&crate::journal::read_records(&path).unwrap());
        assert!(replayed.in_doubt.is_empty());
        assert_eq!(replayed.created_pages.get(&PageId(1)), Some(&PageId(501)));
        assert!(
            !replayed.created_pages.contains_key(&PageId(5)),
            "Size Chart never landed"
        );
    }

    #[test]
    fn a_template_update_in_doubt_is_settled_by_the_target_s_definition() {
        let plan = drift_plan("update");
        let operation = Operation::UpdateTemplate {
            source_uuid: S_HERO.into(),
            target_uuid: T_HERO.into(),
            name: "Hero Banner".into(),
        };
        let settle = |fresh: &TargetInventory| {
            let tmp = tempfile::tempdir().unwrap();
            let path = tmp.path().join("journal.jsonl");
            let (mut journal, _) = Journal::open(&path).unwrap();
            journal
                .append(&Record::RunStarted {
                    plan_fingerprint: "p".into(),
                    at: "now".into(),
                })
                .unwrap();
            journal.intent(operation.clone()).unwrap();
            let records = crate::journal::read_records(&path).unwrap();
            let mut since = JournalState::since_plan(&records, "p");
            let found = settle_interrupted(&mut journal, &mut since, &plan, fresh).unwrap();
            drop(journal);
            let replayed = JournalState::replay(&crate::journal::read_records(&path).unwrap());
            assert!(replayed.in_doubt.is_empty());
            (found, replayed.updated_templates.contains(&T_HERO.into()))
        };

        let (found, landed) = settle(&drifted_inventory());
        assert!(found.is_empty());
        assert!(
            !landed,
            "the target still holds the old definition: written again"
        );

        let mut updated = drifted_inventory();
        let hero = updated
            .widget_templates
            .iter_mut()
            .find(|t| t.uuid.as_str() == T_HERO)
            .unwrap();
        hero.template = "<div>Hero Banner</div>".into();
        hero.schema = Some(serde_json::json!([{"type": "tab", "label": "Content"}]));
        hero.storefront_api_query = Some(String::new());
        let (found, landed) = settle(&updated);
        assert_eq!(
            found,
            ["widget template \"Hero Banner\" already holds its new definition"]
        );
        assert!(landed, "never updated again");
    }
}
