use super::*;
use crate::diff::PlacementKind;
use crate::graph::StepRef;
use crate::steps::PageStepAction;
use crate::test_support::*;
use pageport_model::{ChannelId, EntityId, PageType, StoreHash};
use serde_json::json;

fn page_action(plan: &MigrationPlan, id: u64) -> PageStepAction {
    plan.page(PageId(id)).unwrap().action
}

fn document_step<'p>(plan: &'p MigrationPlan, key: &PageWidgetsKey) -> &'p DocumentStep {
    plan.documents
        .iter()
        .find(|d| d.source_key == *key)
        .unwrap()
}

fn codes(plan: &MigrationPlan) -> Vec<&str> {
    plan.diagnostics.iter().map(|d| d.code.as_str()).collect()
}

#[test]
fn each_source_page_gets_its_action() {
    let plan = scenario_plan();
    assert_eq!(page_action(&plan, 1), PageStepAction::Create);
    assert_eq!(page_action(&plan, 2), PageStepAction::Create);
    assert_eq!(page_action(&plan, 3), PageStepAction::Update);
    assert_eq!(page_action(&plan, 4), PageStepAction::Unchanged);
    assert_eq!(page_action(&plan, 5), PageStepAction::Create);
    assert_eq!(page_action(&plan, 6), PageStepAction::Create);

    let about = plan.page(PageId(3)).unwrap();
    assert_eq!(about.target_id, Some(PageId(31)));
    let fields: Vec<&str> = about.changes.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(fields, ["body", "meta_title"]);
    assert_eq!(about.changes[1].from, json!("About Us"));
    assert_eq!(about.changes[1].to, json!("About Us | Example Store"));
    assert!(plan.page(PageId(4)).unwrap().changes.is_empty());

    let shipping = plan.page(PageId(2)).unwrap();
    assert_eq!(
        shipping.parent,
        ParentPlan::Planned {
            source_id: PageId(1),
            name: "Help".into()
        }
    );
    assert_eq!(shipping.remapped.id, None);
    assert_eq!(shipping.remapped.channel_id, Some(ChannelId(1)));
    assert_eq!(plan.summary.pages.create, 4);
    assert!(plan.has_changes());
}

#[test]
fn an_unchanged_plan_has_no_changes() {
    let mut bundle = bundle();
    bundle.pages.retain(|p| p.id == Some(PageId(4)));
    bundle.page_widgets.clear();
    let plan = build_plan(&bundle, &plan_file("update", "fail"), inventory()).unwrap();
    assert_eq!(plan.summary.total.unchanged, 1);
    assert_eq!(plan.summary.total.writes(), 0);
    assert!(!plan.has_changes());
    assert!(!plan.has_errors());
}

#[test]
fn a_page_matched_by_name_shows_its_url_change() {
    let mut inventory = inventory();
    inventory.pages[0].url = Some("/our-story/".into());
    let plan = build_plan(&bundle(), &plan_file("update", "fail"), inventory).unwrap();
    let about = plan.page(PageId(3)).unwrap();
    assert_eq!(about.matched_by, Some(crate::matching::MatchedBy::Name));
    assert!(about.changes.iter().any(|c| c.field == "url"));
}

#[test]
fn moving_an_existing_page_under_a_new_parent_is_a_parent_change() {
    let mut bundle = bundle();
    let about = bundle
        .pages
        .iter_mut()
        .find(|p| p.id == Some(PageId(3)))
        .unwrap();
    about.parent_id = Some(PageId(1));
    let plan = build_plan(&bundle, &plan_file("update", "fail"), inventory()).unwrap();
    let about = plan.page(PageId(3)).unwrap();
    let parent = about
        .changes
        .iter()
        .find(|c| c.field == "parent_id")
        .unwrap();
    assert_eq!(parent.from, json!(0));
    assert_eq!(parent.to, json!({"pending_source_page": 1}));
    assert_eq!(about.layer, 1, "after its new parent is created");
}

#[test]
fn on_existing_skip_leaves_matched_pages_and_documents_alone() {
    let plan = build_plan(&bundle(), &plan_file("skip", "fail"), inventory()).unwrap();
    assert_eq!(page_action(&plan, 3), PageStepAction::Skip);
    assert_eq!(page_action(&plan, 4), PageStepAction::Skip);
    assert!(plan.page(PageId(3)).unwrap().changes.is_empty());
    let home = document_step(&plan, &key(Some("pages/home"), None));
    assert_eq!(home.action, DocumentStepAction::Skip);
    assert_eq!(home.overwrite, None);
    assert_eq!(plan.summary.total.skip, 4);
    assert_eq!(plan.summary.total.overwrite, 0);
    assert!(!codes(&plan).iter().any(|c| c.starts_with("existing.")));
}

#[test]
fn on_existing_fail_turns_every_existing_match_into_an_error() {
    let plan = build_plan(&bundle(), &plan_file("fail", "keep"), inventory()).unwrap();
    let existing: Vec<String> = plan
        .diagnostics
        .iter()
        .filter(|d| d.code.starts_with("existing."))
        .map(|d| format!("{} {}", d.code, d.location))
        .collect();
    assert_eq!(
        existing,
        [
            "existing.page page `About Us` (source #3)",
            "existing.page page `Contact Us` (source #4)",
            "existing.document page-widget document `channel 1 pages/home`",
            "existing.document page-widget document `channel 1 pages/page #31`",
        ]
    );
    assert!(plan.has_errors());
}

#[test]
fn a_blog_page_missing_from_the_target_is_blocked_with_its_document() {
    let mut bundle = bundle();
    bundle.pages.push(from(
        json!({"id": 7, "channel_id": 1, "name": "Blog", "type": "blog", "url": "/blog/"}),
    ));
    bundle.page_widgets.push(document(
        key(Some("pages/page"), Some("7")),
        json!([{"name": "r", "children": [widget(S_HERO, "x", json!({}))]}]),
    ));
    let plan = build_plan(&bundle, &plan_file("update", "keep"), inventory()).unwrap();
    let blog = plan.page(PageId(7)).unwrap();
    assert_eq!(blog.action, PageStepAction::Blocked);
    assert!(blog.reason.as_deref().unwrap().contains("blog"));
    let document = document_step(&plan, &key(Some("pages/page"), Some("7")));
    assert_eq!(document.action, DocumentStepAction::Blocked);
    assert_eq!(plan.summary.total.blocked, 2);
    assert!(codes(&plan).contains(&"page.blog-not-creatable"));

    // The same blog present in the target is planned like any page.
    let mut inventory = inventory();
    inventory.pages.push(from(
        json!({"id": 70, "channel_id": 1, "name": "Blog", "type": "blog", "url": "/blog/"}),
    ));
    let plan = build_plan(&bundle, &plan_file("update", "keep"), inventory).unwrap();
    assert_eq!(page_action(&plan, 7), PageStepAction::Unchanged);
    assert!(!codes(&plan).contains(&"page.blog-not-creatable"));
}

#[test]
fn documents_are_unchanged_overwritten_or_new() {
    let plan = scenario_plan();
    let about = document_step(&plan, &key(Some("pages/page"), Some("3")));
    assert_eq!(about.action, DocumentStepAction::Unchanged);
    assert_eq!(about.target_key, Some(key(Some("pages/page"), Some("31"))));

    let home = document_step(&plan, &key(Some("pages/home"), None));
    assert_eq!(home.action, DocumentStepAction::Publish);
    let overwrite = home.overwrite.as_ref().unwrap();
    // The banner and the layout stay where they are and change in place; nothing is deleted.
    assert!(overwrite.deleted.is_empty(), "{:?}", overwrite.deleted);
    let changed: Vec<(PlacementKind, &str, usize)> = overwrite
        .changed
        .iter()
        .map(|c| (c.placement.kind, c.placement.name.as_str(), c.changes.len()))
        .collect();
    assert_eq!(
        changed,
        [
            (PlacementKind::Widget, "Hero banner", 4),
            (PlacementKind::Layout, "Three columns", 2)
        ]
    );
    assert_eq!(overwrite.added.len(), 1, "the third product card");
    assert_eq!(overwrite.kept, 2, "the two product cards survive");

    let global = document_step(&plan, &key(None, None));
    assert_eq!(
        (global.action, global.overwrite.is_none()),
        (DocumentStepAction::Publish, true)
    );
    assert_eq!(plan.summary.documents.create, 2);
    assert_eq!(plan.summary.documents.overwrite, 1);
    assert_eq!(plan.summary.documents.unchanged, 1);
}

#[test]
fn an_empty_target_document_is_not_an_overwrite() {
    let mut inventory = inventory();
    inventory.documents.insert(
        key(Some("pages/home"), None),
        from(json!([{"name": "home_below_menu", "children": []}])),
    );
    let plan = build_plan(&bundle(), &plan_file("fail", "keep"), inventory).unwrap();
    let home = document_step(&plan, &key(Some("pages/home"), None));
    assert_eq!(
        (home.action, home.overwrite.is_none()),
        (DocumentStepAction::Publish, true)
    );
    assert!(
        !plan
            .diagnostics
            .iter()
            .any(|d| d.location.contains("pages/home") && d.code.starts_with("existing."))
    );
}

#[test]
fn a_document_of_a_page_outside_the_plan_is_blocked_with_one_error() {
    let mut bundle = bundle();
    bundle.page_widgets.push(document(
        key(Some("pages/page"), Some("42")),
        json!([{"name": "r", "children": [widget(S_HERO, "x", json!({}))]}]),
    ));
    let (bundle, plan_file) = (bundle, plan_file("update", "fail"));
    let planner = Planner::new(&bundle, &plan_file, inventory()).unwrap();
    assert!(
        !planner
            .document_keys_to_read()
            .iter()
            .any(|k| k.entity_id == Some("42".into()))
    );
    let plan = planner.finish(BTreeMap::new()).unwrap();
    let orphan = document_step(&plan, &key(Some("pages/page"), Some("42")));
    assert_eq!(orphan.action, DocumentStepAction::Blocked);
    assert_eq!(orphan.target_key, None);
    let found: Vec<&str> = codes(&plan)
        .into_iter()
        .filter(|c| c.contains("page-missing") || c.contains("unmapped-page"))
        .collect();
    assert_eq!(found, ["document.page-missing"]);
}

#[test]
fn only_published_documents_need_templates_created_first() {
    let plan = build_plan(&bundle(), &plan_file("update", "fail"), inventory()).unwrap();
    assert_eq!(plan.templates.len(), 1);
    // Skipping every existing document and dropping the new ones leaves nothing to create.
    let mut bundle = bundle();
    bundle.page_widgets.retain(|d| {
        d.key
            .template_file
            .as_ref()
            .is_some_and(|f| f.as_str() == "pages/home")
    });
    bundle.page_widgets[0].regions[0]
        .children
        .push(from(widget(S_TEXT, "Note", json!({}))));
    let plan = build_plan(&bundle, &plan_file("skip", "fail"), inventory()).unwrap();
    let home = document_step(&plan, &key(Some("pages/home"), None));
    assert_eq!(home.action, DocumentStepAction::Skip);
    assert!(home.templates_created_first.is_empty());
    assert!(plan.templates.is_empty());
    assert!(
        plan.tables
            .widget_templates
            .pending()
            .contains(&S_TEXT.into())
    );
}

#[test]
fn documents_of_new_pages_keep_a_pending_entity() {
    let (bundle, plan_file) = (bundle(), plan_file("update", "fail"));
    let planner = Planner::new(&bundle, &plan_file, inventory()).unwrap();
    let keys = planner.document_keys_to_read();
    assert_eq!(
        keys,
        [
            key(None, None),
            key(Some("pages/home"), None),
            key(Some("pages/page"), Some("31"))
        ],
        "the new page's document is not read"
    );
    let plan = scenario_plan();
    let shipping = document_step(&plan, &key(Some("pages/page"), Some("2")));
    assert_eq!(shipping.target_key, None);
    assert_eq!(shipping.pending_page, Some(PageId(2)));
    assert_eq!(shipping.remapped.key.entity_id, Some(EntityId::from("2")));
    assert_eq!(shipping.action, DocumentStepAction::Publish);
    assert!(plan.tables.pages.pending().contains(&PageId(2)));
    assert_eq!(plan.tables.pages.get(&PageId(3)), Some(&PageId(31)));
    assert!(
        plan.tables
            .widget_templates
            .pending()
            .contains(&S_TEXT.into())
    );
    // The pending template keeps its source uuid until apply creates it.
    let json = serde_json::to_value(&shipping.remapped).unwrap();
    assert_eq!(
        json["regions"][0]["children"][0]["widget_template_uuid"],
        json!(S_TEXT)
    );
}

#[test]
fn steps_are_layered_templates_and_parents_first() {
    let plan = scenario_plan();
    let layer = |node: StepRef| plan.layers.iter().position(|l| l.contains(&node)).unwrap();
    let page = |id| StepRef::Page { source_id: id };
    let doc = |k: PageWidgetsKey| StepRef::Document { key: k.to_string() };
    assert_eq!(
        layer(StepRef::Template {
            uuid: S_TEXT.into()
        }),
        0
    );
    assert_eq!(layer(page(1)), 0);
    assert_eq!(layer(page(2)), 1);
    assert_eq!(layer(page(5)), 1);
    assert_eq!(layer(doc(key(None, None))), 1);
    assert_eq!(layer(doc(key(Some("pages/page"), Some("2")))), 2);
    assert_eq!(plan.page(PageId(2)).unwrap().layer, 1);
    assert_eq!(plan.templates[0].layer, 0);
    assert_eq!(plan.templates[0].used_by, 2);
    let steps: usize = plan.steps_by_layer().iter().map(Vec::len).sum();
    assert_eq!(
        steps,
        plan.templates.len() + plan.pages.len() + plan.documents.len()
    );
}

#[test]
fn a_parent_cycle_is_reported_and_the_plan_still_ordered() {
    let mut bundle = bundle();
    for (id, parent) in [(1, 5), (5, 1)] {
        let page = bundle
            .pages
            .iter_mut()
            .find(|p| p.id == Some(PageId(id)))
            .unwrap();
        page.parent_id = Some(PageId(parent));
    }
    let plan = build_plan(&bundle, &plan_file("update", "keep"), inventory()).unwrap();
    assert!(codes(&plan).contains(&"parent.cycle"));
    assert!(
        !codes(&plan).contains(&"plan.dependency-cycle"),
        "reported once"
    );
    assert!(
        plan.layers
            .iter()
            .flatten()
            .any(|n| *n == StepRef::Page { source_id: 1 })
    );
}

#[test]
fn the_two_phase_build_equals_the_one_shot_build() {
    let plan_file = plan_file("update", "fail");
    let bundle = bundle();
    let mut inventory = inventory();
    let documents = std::mem::take(&mut inventory.documents);
    let planner = Planner::new(&bundle, &plan_file, inventory).unwrap();
    let wanted = planner.document_keys_to_read();
    let read: BTreeMap<PageWidgetsKey, Vec<Region>> = documents
        .into_iter()
        .filter(|(k, _)| wanted.contains(k))
        .collect();
    assert_eq!(planner.finish(read).unwrap(), scenario_plan());
}

#[test]
fn unmapped_ids_follow_the_policy() {
    let fail = scenario_plan();
    let unmapped: Vec<_> = fail
        .diagnostics
        .iter()
        .filter(|d| d.code == "mapping.unmapped-product")
        .collect();
    assert_eq!(unmapped.len(), 2, "configuration and query params");
    assert!(unmapped.iter().all(|d| d.severity == Severity::Error));
    assert!(unmapped[0].message.contains("SKU-99"));
    assert!(fail.has_errors());

    let warn = build_plan(&bundle(), &plan_file("update", "warn"), inventory()).unwrap();
    assert!(!warn.has_errors());
    assert_eq!(warn.warning_count(), 3, "two unmapped ids and the CDN leak");
    let keep = build_plan(&bundle(), &plan_file("update", "keep"), inventory()).unwrap();
    assert_eq!(keep.diagnostics.len(), 1);
    assert_eq!(keep.unmapped.len(), 2, "still listed");
}

#[test]
fn a_template_that_cannot_be_created_is_an_error_where_it_is_used() {
    let plan = build_plan(
        &bundle(),
        &plan_file_with("update", "fail", false),
        inventory(),
    )
    .unwrap();
    assert!(plan.templates.is_empty());
    let codes = codes(&plan);
    assert!(codes.contains(&"template.not-in-target"));
    assert_eq!(
        codes.iter().filter(|c| **c == "template.unknown").count(),
        2
    );
    assert!(!codes.contains(&"mapping.unmapped-widget-template"));
    let first_error = plan.diagnostics.first().unwrap();
    assert_eq!(first_error.location, "widget template `Rich Text`");
}

#[test]
fn a_bundle_or_inventory_of_another_store_is_refused() {
    let mut other = bundle();
    other.manifest.source_store_hash = StoreHash::from("zzz");
    let err = build_plan(&other, &plan_file("update", "fail"), inventory()).unwrap_err();
    assert!(matches!(err, PlanError::BundleNotFromSource { .. }));
    let mut wrong = inventory();
    wrong.channel_id = ChannelId(2);
    let err = build_plan(&bundle(), &plan_file("update", "fail"), wrong).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the target inventory was read from store `xyz789` channel `2`, but the plan's target is store `xyz789` channel `1`"
    );
}

#[test]
fn the_planner_debug_output_holds_no_token() {
    let (bundle, plan_file) = (bundle(), plan_file("update", "fail"));
    let planner = Planner::new(&bundle, &plan_file, inventory()).unwrap();
    let debug = format!("{planner:?}");
    assert!(debug.contains("AccessToken(***)"));
    for token in TOKENS {
        assert!(!debug.contains(token));
    }
}

#[test]
fn a_page_without_an_id_is_left_out_with_a_warning() {
    let mut bundle = bundle();
    bundle
        .pages
        .push(pageport_model::Page::new("Orphan", PageType::Page));
    let plan = build_plan(&bundle, &plan_file("update", "fail"), inventory()).unwrap();
    assert_eq!(plan.pages.len(), 6);
    assert!(codes(&plan).contains(&"bundle.page-without-id"));
}

#[test]
fn an_id_like_value_no_rule_covers_is_a_warning_with_its_path_under_every_policy() {
    for unmapped in ["fail", "warn", "keep"] {
        let mut bundle = bundle();
        // The scenario's `pages/page #3` document, with a key no schema or field name covers.
        let target = key(Some("pages/page"), Some("3"));
        bundle.page_widgets.retain(|d| d.key != target);
        bundle.page_widgets.push(document(
            target,
            json!([{"name": "page_builder_content", "children": [
                widget(S_HERO, "Promo", json!({"heading": "Sale", "bannerId": "4711", "grid": 3}))
            ]}]),
        ));
        let plan = build_plan(&bundle, &plan_file("update", unmapped), inventory()).unwrap();
        let found: Vec<&PlanDiagnostic> = plan
            .diagnostics
            .iter()
            .filter(|d| d.code == "mapping.unrecognised-id")
            .collect();
        assert_eq!(found.len(), 1, "{unmapped}: {:#?}", plan.diagnostics);
        assert_eq!(found[0].severity, pageport_validate::Severity::Warning);
        assert!(
            found[0]
                .path
                .as_deref()
                .is_some_and(|p| p.ends_with("configuration.bannerId")),
            "{:?}",
            found[0].path
        );
        assert!(found[0].message.contains("4711"), "{}", found[0].message);
    }
}
