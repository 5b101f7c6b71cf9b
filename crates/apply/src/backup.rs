//! The backup: every target object a run changes, as it was before the run's first write.
//!
//! A backup *is* a bundle (the `bundle` crate's format and I/O: canonical JSON files, written
//! to a sibling directory and swapped into place, verified on read) of the **target's**
//! objects: `manifest.source_store_hash` and `manifest.channel_id` name the target store and
//! channel. It holds the full pages (bodies included) the run updates, every document it
//! publishes to a known key, *including empty ones* (`regions: []`), so that restore can empty
//! them again, and every widget template it updates, with its definition and the uuid of the
//! version it was at (`widget-templates/`). Pages the run creates, and their documents, are not in it: restore deletes them
//! (when asked) using the journal.
//!
//! Reusing the bundle format means a backup can be read, diffed and reviewed like any bundle;
//! it is why the bundle files are a crate of their own, which this crate and the callers of
//! `extract` share, rather than part of `extract`.

use crate::ApplyError;
use crate::run_dir::sync_dir;
use pageport_mapping::EntityKind;
use pageport_model::{
    BUNDLE_FORMAT_VERSION, Bundle, BundleManifest, Page, PageId, PageWidgetsDocument,
    PageWidgetsKey, WidgetTemplate, WidgetTemplateUuid,
};
use pageport_plan::inventory::TargetInventory;
use pageport_plan::migration_plan::{MigrationPlan, StoreChannel};
use pageport_plan::steps::{DocumentStepAction, PageStepAction};
use std::collections::BTreeSet;
use std::path::Path;

/// The target objects a plan writes that a backup must hold, read from `fresh`: pages the plan
/// updates and documents it publishes to a known key. Objects the run itself created
/// (`created_by_run`) are left out: they were not there before the run.
pub fn objects_to_back_up(
    plan: &MigrationPlan,
    fresh: &TargetInventory,
    created_by_run: &BTreeSet<PageId>,
) -> (Vec<Page>, Vec<PageWidgetsDocument>) {
    let updated: BTreeSet<PageId> = plan
        .pages
        .iter()
        .filter(|p| p.action == PageStepAction::Update)
        .filter_map(|p| p.target_id)
        .filter(|id| !created_by_run.contains(id))
        .collect();
    let pages = fresh
        .pages
        .iter()
        .filter(|p| p.id.is_some_and(|id| updated.contains(&id)))
        .cloned()
        .collect();
    let keys: BTreeSet<&PageWidgetsKey> = plan
        .documents
        .iter()
        .filter(|d| d.action == DocumentStepAction::Publish)
        .filter_map(|d| d.target_key.as_ref())
        .filter(|key| !belongs_to(key, created_by_run))
        .collect();
    let documents = keys
        .into_iter()
        .map(|key| PageWidgetsDocument {
            key: key.clone(),
            regions: fresh.document(key).to_vec(),
        })
        .collect();
    (pages, documents)
}

/// The target widget templates a plan updates, as `fresh` holds them (definition and current
/// version), in uuid order.
pub fn templates_to_back_up(plan: &MigrationPlan, fresh: &TargetInventory) -> Vec<WidgetTemplate> {
    let updated: BTreeSet<&WidgetTemplateUuid> = plan
        .templates
        .iter()
        .filter_map(|t| t.update.as_ref())
        .map(|u| &u.target_uuid)
        .collect();
    let mut templates: Vec<WidgetTemplate> = fresh
        .widget_templates
        .iter()
        .filter(|t| updated.contains(&t.uuid))
        .cloned()
        .collect();
    templates.sort_by(|a, b| a.uuid.cmp(&b.uuid));
    templates
}

/// Adds the templates `backup` does not hold yet (one already there keeps its older
/// definition); returns how many were added.
pub fn add_templates_to_backup(backup: &mut Bundle, templates: Vec<WidgetTemplate>) -> usize {
    let mut added = 0;
    for template in templates {
        if !backup
            .widget_templates
            .iter()
            .any(|t| t.uuid == template.uuid)
        {
            backup.widget_templates.push(template);
            added += 1;
        }
    }
    backup.widget_templates.sort_by(|a, b| a.uuid.cmp(&b.uuid));
    backup.manifest.counts = backup.count();
    added
}

/// True when `key` is the document of one of `pages` (a `pages/page`-like template whose
/// entity is one of them).
pub fn belongs_to(key: &PageWidgetsKey, pages: &BTreeSet<PageId>) -> bool {
    let Some(file) = &key.template_file else {
        return false;
    };
    EntityKind::of_template(file) == Some(EntityKind::Page)
        && key
            .entity_id
            .as_ref()
            .and_then(|e| e.as_str().trim().parse().ok())
            .is_some_and(|id| pages.contains(&PageId(id)))
}

/// A new backup bundle of `target` holding `pages` and `documents`.
pub fn new_backup(
    target: &StoreChannel,
    pages: Vec<Page>,
    documents: Vec<PageWidgetsDocument>,
) -> Bundle {
    let mut bundle = Bundle {
        manifest: BundleManifest {
            format_version: BUNDLE_FORMAT_VERSION,
            pageport_version: env!("CARGO_PKG_VERSION").to_owned(),
            source_store_hash: target.store_hash.clone(),
            channel_id: target.channel_id,
            extracted_at: pageport_model::timestamps::utc_seconds(jiff::Timestamp::now()),
            counts: Default::default(),
            storefront_urls: None,
        },
        pages: Vec::new(),
        reference_pages: Vec::new(),
        page_widgets: Vec::new(),
        widget_templates: Vec::new(),
        products: Vec::new(),
        categories: Vec::new(),
        brands: Vec::new(),
    };
    add_to_backup(&mut bundle, pages, documents);
    bundle
}

/// Adds the objects `backup` does not hold yet (an object already there keeps its backed-up,
/// older state); returns how many were added.
pub fn add_to_backup(
    backup: &mut Bundle,
    pages: Vec<Page>,
    documents: Vec<PageWidgetsDocument>,
) -> usize {
    let mut added = 0;
    for page in pages {
        if !backup.pages.iter().any(|p| p.id == page.id) {
            backup.pages.push(page);
            added += 1;
        }
    }
    for document in documents {
        if !backup.page_widgets.iter().any(|d| d.key == document.key) {
            backup.page_widgets.push(document);
            added += 1;
        }
    }
    backup.pages.sort_by_key(|p| p.id);
    backup.page_widgets.sort_by(|a, b| a.key.cmp(&b.key));
    backup.manifest.counts = backup.count();
    added
}

/// The number of objects a backup holds.
pub fn object_count(backup: &Bundle) -> usize {
    backup.pages.len() + backup.page_widgets.len() + backup.widget_templates.len()
}

/// Writes the backup to `dir` and flushes every file and directory entry to disk: when this
/// returns, the backup survives a crash.
pub fn write_backup(dir: &Path, backup: &Bundle) -> Result<(), ApplyError> {
    pageport_bundle::write_bundle(dir, backup).map_err(|source| ApplyError::Backup {
        path: dir.to_owned(),
        source,
    })?;
    for sub in ["pages", "page-widgets", "widget-templates", "catalog", ""] {
        sync_dir(&dir.join(sub))?;
    }
    if let Some(parent) = dir.parent() {
        sync_dir(parent)?;
    }
    Ok(())
}

/// Reads and verifies a backup.
pub fn read_backup(dir: &Path) -> Result<Bundle, ApplyError> {
    pageport_bundle::read_bundle(dir).map_err(|source| ApplyError::Backup {
        path: dir.to_owned(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use pageport_model::ChannelId;
    use pageport_plan::test_support::*;

    #[test]
    fn the_backup_holds_updated_pages_and_every_known_document_even_empty() {
        let plan = scenario_plan();
        let (pages, documents) = objects_to_back_up(&plan, &inventory(), &BTreeSet::new());
        let ids: Vec<Option<PageId>> = pages.iter().map(|p| p.id).collect();
        assert_eq!(ids, [Some(PageId(31))], "About Us is updated");
        assert_eq!(
            pages[0].body_text(),
            Some("<p>Family-run since 1999.</p>"),
            "as the target has it"
        );
        let keys: Vec<String> = documents.iter().map(|d| d.key.to_string()).collect();
        assert_eq!(
            keys,
            ["channel 1 global regions", "channel 1 pages/home"],
            "published documents with a known key; About Us's document is unchanged"
        );
        assert!(documents[0].regions.is_empty(), "empty ones are recorded");

        let (pages, _) = objects_to_back_up(&plan, &inventory(), &BTreeSet::from([PageId(31)]));
        assert!(pages.is_empty(), "a page the run created is not backed up");
    }

    #[test]
    fn a_backup_round_trips_and_keeps_the_older_state_when_extended() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("backup");
        let plan = scenario_plan();
        let (pages, documents) = objects_to_back_up(&plan, &inventory(), &BTreeSet::new());
        let mut backup = new_backup(&plan.target, pages, documents);
        assert_eq!(object_count(&backup), 3);
        write_backup(&dir, &backup).unwrap();
        let read = read_backup(&dir).unwrap();
        assert_eq!(read, backup);
        assert_eq!(read.manifest.source_store_hash, plan.target.store_hash);
        assert_eq!(read.manifest.channel_id, ChannelId(1));

        let mut newer = inventory().pages[0].clone();
        newer.body = Some(Some("<p>changed since</p>".into()));
        let other = PageWidgetsDocument {
            key: key(Some("pages/page"), Some("32")),
            regions: Vec::new(),
        };
        assert_eq!(add_to_backup(&mut backup, vec![newer], vec![other]), 1);
        assert_eq!(
            backup.pages[0].body_text(),
            Some("<p>Family-run since 1999.</p>")
        );
        write_backup(&dir, &backup).unwrap();
        assert_eq!(read_backup(&dir).unwrap().page_widgets.len(), 3);
    }

    #[test]
    fn documents_of_pages_are_recognised() {
        let created = BTreeSet::from([PageId(501)]);
        assert!(belongs_to(&key(Some("pages/page"), Some("501")), &created));
        assert!(!belongs_to(&key(Some("pages/page"), Some("502")), &created));
        assert!(!belongs_to(
            &key(Some("pages/product"), Some("501")),
            &created
        ));
        assert!(!belongs_to(&key(None, None), &created));
    }

    #[test]
    fn the_backup_keeps_the_definition_and_version_of_each_updated_template() {
        let plan = drift_plan("update");
        let templates = templates_to_back_up(&plan, &drifted_inventory());
        assert_eq!(templates.len(), 1);
        assert_eq!(templates[0].uuid.as_str(), T_HERO);
        assert_eq!(
            templates[0].template, "<div>Hero Banner</div>\n<p>{{heading}}</p>",
            "the target's definition before the update"
        );
        assert_eq!(
            templates[0].current_version_uuid.as_deref(),
            Some("0a0b0c0d-0e0f-4a1b-8c2d-3e4f5a6b7c8d")
        );
        assert!(templates_to_back_up(&scenario_plan(), &inventory()).is_empty());

        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("backup");
        let mut backup = new_backup(&plan.target, Vec::new(), Vec::new());
        assert_eq!(add_templates_to_backup(&mut backup, templates.clone()), 1);
        let mut newer = templates[0].clone();
        newer.template = "<div>after the update</div>".into();
        assert_eq!(add_templates_to_backup(&mut backup, vec![newer]), 0);
        assert_eq!(object_count(&backup), 1);
        write_backup(&dir, &backup).unwrap();
        let read = read_backup(&dir).unwrap();
        assert_eq!(read.widget_templates, templates, "the older state is kept");
    }
}
