//! Reading the target before writing, and deciding whether the plan is still current.
//!
//! A plan is current when the target still holds what the plan read (its fingerprints). When
//! an interrupted run is resumed, the target also holds the run's own earlier writes, which
//! are expected: the fresh inventory is first *rewound* by them (pages the run created are
//! removed, pages it updated, documents it published and templates it updated are put back to
//! their backed-up state, templates it created are removed) and only then compared. Only the writes made since
//! this plan was first applied in the run are rewound, so a plan built after an interruption
//! (against a target that already holds the earlier writes) is compared with the target as is.
//! Whatever still differs was changed by someone else, and is named.
//!
//! Products: the plan does not record which SKUs it looked up, so `products:by-sku` cannot be
//! recomputed; instead every target product the plan writes (its product rewrites) must still
//! exist (a missing one is named `product:<id>`).

use crate::ApplyError;
use crate::inventory_reader::{
    ReadInventoryError, read_documents, read_pages_and_templates, read_target_categories,
};
use crate::journal::JournalState;
use pageport_client::{ProductQuery, StoreClient};
use pageport_mapping::RewriteKind;
use pageport_model::{Bundle, PageId, ProductId, WidgetTemplateUuid};
use pageport_plan::fingerprint::{BRANDS_KEY, PRODUCTS_KEY, categories_key, stale_objects};
use pageport_plan::inventory::TargetInventory;
use pageport_plan::migration_plan::MigrationPlan;
use std::collections::BTreeSet;

/// Reads what the plan read: every page (bodies included), the channel's templates, the target
/// documents of the plan, the products the plan maps to, and the channel's categories and the
/// store's brands when the plan matched against them.
pub(crate) async fn read_target(
    client: &StoreClient,
    plan: &MigrationPlan,
    concurrency: usize,
) -> Result<TargetInventory, ApplyError> {
    let failed = |source| ApplyError::ReadTarget {
        store: plan.target.store_hash.clone(),
        source,
    };
    let mut inventory = read_pages_and_templates(client, plan.target.channel_id)
        .await
        .map_err(failed)?;
    inventory.documents = read_documents(client, &plan.target_document_keys(), concurrency)
        .await
        .map_err(failed)?;
    // The catalog the plan matched against, when it did (its fingerprints say): a channel that
    // lost its tree reads as no categories, so the plan is stale rather than failing here.
    let channel = plan.target.channel_id;
    if plan.fingerprints.contains_key(&categories_key(channel)) {
        inventory.categories = match read_target_categories(client, channel).await {
            Ok(categories) => categories,
            Err(ReadInventoryError::NoCategoryTree { .. }) => Vec::new(),
            Err(ReadInventoryError::Client(source)) => return Err(failed(source)),
        };
    }
    if plan.fingerprints.contains_key(BRANDS_KEY) {
        inventory.brands = client.list_brands(None).await.map_err(failed)?;
    }
    let ids = mapped_products(plan);
    if !ids.is_empty() {
        inventory.products = client
            .list_products(&ProductQuery {
                ids: Some(ids.into_iter().collect()),
                skus: None,
            })
            .await
            .map_err(failed)?;
    }
    Ok(inventory)
}

/// The target products the plan writes into what it sends (its product rewrites).
fn mapped_products(plan: &MigrationPlan) -> BTreeSet<ProductId> {
    plan.rewrites
        .iter()
        .filter(|r| r.kind == RewriteKind::Product)
        .filter_map(|r| r.to.trim().parse().ok())
        .map(ProductId)
        .collect()
}

/// The objects that changed since the plan read them, other than by this run's own writes
/// since the plan was first applied (`since`, with the run's `backup`); empty when current.
pub(crate) fn changed_objects(
    plan: &MigrationPlan,
    fresh: &TargetInventory,
    since: &JournalState,
    backup: Option<&Bundle>,
) -> Result<Vec<String>, ApplyError> {
    let rewound = rewind(fresh, since, backup);
    let mut changed: Vec<String> = stale_objects(plan, &rewound)?
        .into_iter()
        .filter(|key| key != PRODUCTS_KEY)
        .collect();
    let present: BTreeSet<ProductId> = fresh.products.iter().map(|p| p.id).collect();
    changed.extend(
        mapped_products(plan)
            .into_iter()
            .filter(|id| !present.contains(id))
            .map(|id| format!("product:{id}")),
    );
    changed.sort();
    Ok(changed)
}

/// The target as it was before the writes `since` records.
pub(crate) fn rewind(
    fresh: &TargetInventory,
    since: &JournalState,
    backup: Option<&Bundle>,
) -> TargetInventory {
    let mut rewound = fresh.clone();
    let created: BTreeSet<PageId> = since.created_pages.values().copied().collect();
    rewound
        .pages
        .retain(|p| p.id.is_none_or(|id| !created.contains(&id)));
    let created_templates: BTreeSet<&WidgetTemplateUuid> =
        since.created_templates.values().collect();
    rewound
        .widget_templates
        .retain(|t| !created_templates.contains(&t.uuid));
    let Some(backup) = backup else {
        return rewound;
    };
    for page in &mut rewound.pages {
        let Some(id) = page.id.filter(|id| since.touched_pages.contains(id)) else {
            continue;
        };
        if let Some(original) = backup.pages.iter().find(|p| p.id == Some(id)) {
            *page = original.clone();
        }
    }
    for template in &mut rewound.widget_templates {
        if !since.touched_templates.contains(&template.uuid) {
            continue;
        }
        if let Some(original) = backup
            .widget_templates
            .iter()
            .find(|t| t.uuid == template.uuid)
        {
            *template = original.clone();
        }
    }
    for key in &since.touched_documents {
        if let Some(original) = backup.page_widgets.iter().find(|d| d.key == *key) {
            rewound
                .documents
                .insert(key.clone(), original.regions.clone());
        }
    }
    rewound
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backup::{new_backup, objects_to_back_up};
    use pageport_model::{Page, PageType};
    use pageport_plan::test_support::*;

    #[test]
    fn the_run_s_own_writes_are_rewound_but_other_changes_are_named() {
        let plan = scenario_plan();
        let (pages, documents) = objects_to_back_up(&plan, &inventory(), &BTreeSet::new());
        let backup = new_backup(&plan.target, pages, documents);
        let mut after = inventory();
        after.pages[0].body = Some(Some("<p>Family-run since 1998.</p>".into()));
        let mut help = Page::new("Help", PageType::Page);
        help.id = Some(PageId(501));
        help.channel_id = Some(pageport_model::ChannelId(1));
        after.pages.push(help);
        let home = key(Some("pages/home"), None);
        after.documents.insert(home.clone(), Vec::new());

        let mut since = JournalState::default();
        assert!(
            !changed_objects(&plan, &after, &since, Some(&backup))
                .unwrap()
                .is_empty()
        );

        since.created_pages.insert(PageId(1), PageId(501));
        since.touched_pages.insert(PageId(31));
        since.touched_documents.insert(home);
        assert_eq!(
            changed_objects(&plan, &after, &since, Some(&backup)).unwrap(),
            Vec::<String>::new()
        );

        after.pages[1].body = Some(Some("<p>edited by someone</p>".into()));
        assert_eq!(
            changed_objects(&plan, &after, &since, Some(&backup)).unwrap(),
            ["page:32"]
        );
    }

    #[test]
    fn a_mapped_product_that_is_gone_is_named() {
        let plan = scenario_plan();
        let mut fresh = inventory();
        fresh.products.retain(|p| p.id.get() != 1080);
        let changed = changed_objects(&plan, &fresh, &JournalState::default(), None).unwrap();
        assert_eq!(changed, ["product:1080"]);
    }

    #[test]
    fn a_template_the_run_updated_is_rewound_to_its_backed_up_definition() {
        let plan = drift_plan("update");
        let mut backup = new_backup(&plan.target, Vec::new(), Vec::new());
        crate::backup::add_templates_to_backup(
            &mut backup,
            crate::backup::templates_to_back_up(&plan, &drifted_inventory()),
        );
        let mut after = drifted_inventory();
        let hero = after
            .widget_templates
            .iter_mut()
            .find(|t| t.uuid.as_str() == T_HERO)
            .unwrap();
        hero.template = "<div>Hero Banner</div>".into();
        hero.current_version_uuid = Some("99999999-9999-4999-8999-999999999999".into());

        let mut since = JournalState::default();
        assert_eq!(
            changed_objects(&plan, &after, &since, Some(&backup)).unwrap(),
            [format!("widget-template:{T_HERO}")],
            "someone else's change is named"
        );
        since.touched_templates.insert(T_HERO.into());
        assert!(
            changed_objects(&plan, &after, &since, Some(&backup))
                .unwrap()
                .is_empty(),
            "the run's own update is rewound"
        );
    }
}
