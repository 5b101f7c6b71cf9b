//! Page-widget documents through every remap rule and unmapped policy.

use crate::support::*;
use pageport_mapping::plan_file::UnmappedPolicy;
use pageport_mapping::{
    Pending, PlanFile, ProductResolution, RemapTables, Rewrite, RewriteKind, TemplateProblem,
    Unmapped, remap_document, resolve_widget_templates,
};
use pageport_model::{PageId, PageWidgetsDocument, WidgetTemplate};
use serde_json::{Value, json};

/// A widget of the given template and configuration, as JSON.
pub fn widget(uuid: &str, configuration: Value) -> Value {
    json!({"type": "widget", "widget_template_uuid": uuid, "configuration": configuration})
}

/// A `pages/home` document of channel 1 whose first region holds `children`.
pub fn home(children: Value) -> PageWidgetsDocument {
    document(json!({
        "key": {"channel_id": 1, "template_file": "pages/home"},
        "regions": [{"name": "home_below_menu", "children": children}]
    }))
}

/// The configuration of the first widget of the first region.
pub fn first_configuration(document: &PageWidgetsDocument) -> Value {
    let json = serde_json::to_value(document).expect("serializes");
    json["regions"][0]["children"][0]["configuration"].clone()
}

/// The path of the first widget of [`home`].
pub const BASE: &str = "page_widgets[channel 1 pages/home].regions[0].children[0]";

#[test]
fn a_document_without_mapped_fields_is_byte_identical_after_remapping() {
    let source = document(json!({
        "key": {"channel_id": 1, "template_file": "pages/home"},
        "regions": [{"name": "header_bottom--global", "future": {"x": [1, "2"]}, "children": [
            {"type": "layout", "layout_template_uuid": LAYOUT, "name": "Columns",
             "configuration": {"columns": 3, "gutter": "8px"},
             "dropzones": [{"configuration": {"align": "left"}, "widgets": [
                 {"type": "widget", "widget_template_uuid": SOURCE_HERO, "name": "Hero",
                  "configuration": {"title": "Spring", "count": 77, "ids": ["77"],
                                    "deep": {"list": [{"text": "80"}]}, "flag": true, "none": null},
                  "storefront_api_query_params": {"first": 4}, "unknown_field": 1.5}
             ]}]}
        ]}]
    }));
    let mut tables = empty_tables(UnmappedPolicy::Fail);
    tables.channels = [(pageport_model::ChannelId(1), pageport_model::ChannelId(1))]
        .into_iter()
        .collect();
    tables.widget_templates = [(SOURCE_HERO.into(), SOURCE_HERO.into())]
        .into_iter()
        .collect();
    let remapped = remap_document(&source, &tables);
    assert_eq!(
        serde_json::to_string(&remapped.value).expect("serializes"),
        serde_json::to_string(&source).expect("serializes")
    );
    assert!(remapped.log.rewrites.is_empty());
    assert!(remapped.log.unmapped.is_empty());
}

#[test]
fn only_identifiers_change() {
    let source = home(json!([
        widget(SOURCE_HERO, json!({"productId": 77, "title": "77 reasons", "x": {"y": "18"}})),
        {"type": "layout", "layout_template_uuid": LAYOUT, "dropzones": [
            {"widgets": [widget(SOURCE_CARD, json!({"brandId": 3, "label": "brandId"}))]}]}
    ]));
    let remapped = remap_document(&source, &tables(UnmappedPolicy::Fail));
    let mut expected = serde_json::to_value(&source).expect("serializes");
    expected["key"]["channel_id"] = json!(2);
    let first = &mut expected["regions"][0]["children"][0];
    first["widget_template_uuid"] = json!(TARGET_HERO);
    first["configuration"]["productId"] = json!(1077);
    let nested = &mut expected["regions"][0]["children"][1]["dropzones"][0]["widgets"][0];
    nested["widget_template_uuid"] = json!(TARGET_CARD);
    nested["configuration"]["brandId"] = json!(9);
    assert_eq!(
        serde_json::to_value(&remapped.value).expect("serializes"),
        expected
    );
    assert_eq!(
        expected["regions"][0]["children"][1]["layout_template_uuid"],
        json!(LAYOUT),
        "layout template uuids are kept"
    );
}

#[test]
fn widget_template_uuids_are_mapped_by_the_table_at_every_depth() {
    let source = home(json!([widget(
        SOURCE_HERO,
        json!({"slides": [{"widget_template_uuid": SOURCE_CARD}]})
    )]));
    let remapped = remap_document(&source, &tables(UnmappedPolicy::Fail));
    assert_eq!(
        first_configuration(&remapped.value)["slides"][0]["widget_template_uuid"],
        json!(TARGET_CARD)
    );
    let paths: Vec<&str> = remapped
        .log
        .rewrites
        .iter()
        .map(|r| r.path.as_str())
        .collect();
    assert!(paths.contains(&format!("{BASE}.widget_template_uuid").as_str()));
    assert!(
        paths.contains(&format!("{BASE}.configuration.slides[0].widget_template_uuid").as_str())
    );
}

fn template(uuid: &str, name: &str) -> WidgetTemplate {
    serde_json::from_value(json!({"uuid": uuid, "name": name, "template": "<p/>"}))
        .expect("test template")
}

/// A plan of two sandbox stores, target channel 2, creating missing templates.
pub const MINIMAL_PLAN: &str = "\
version: 1
stores:
  a: { store_hash: a, api_base: 'sandbox:demo' }
  b: { store_hash: b, api_base: 'sandbox:demo' }
source: { store: a }
target: { store: b, channel_id: 2 }
select: { pages: all }
mappings:
  widget_templates: { create_missing: true }
  categories: { 18: 23 }
";

#[test]
fn templates_matched_by_name_and_created_ones_flow_into_the_remap_tables() {
    let plan = PlanFile::from_str(MINIMAL_PLAN, "plan.yaml", &empty_env).expect("valid plan");
    let source = [template(SOURCE_HERO, "Hero"), template(SOURCE_CARD, "Card")];
    let target = [template(TARGET_HERO, "Hero")];
    let mut resolution =
        resolve_widget_templates(&source, &target, &plan.mappings.widget_templates);
    assert_eq!(resolution.to_create.len(), 1);
    let tables = RemapTables::new(&plan, &resolution, &ProductResolution::default());
    let document = home(json!([
        widget(SOURCE_HERO, json!({})),
        widget(SOURCE_CARD, json!({}))
    ]));

    let planned = remap_document(&document, &tables);
    assert_eq!(
        planned.log.rewrites[1],
        Rewrite {
            kind: RewriteKind::WidgetTemplate,
            from: SOURCE_HERO.to_owned(),
            to: TARGET_HERO.to_owned(),
            path: format!("{BASE}.widget_template_uuid"),
            rule: None,
        }
    );
    assert_eq!(
        planned.log.pending,
        vec![Pending {
            kind: RewriteKind::WidgetTemplate,
            value: SOURCE_CARD.to_owned(),
            path: "page_widgets[channel 1 pages/home].regions[0].children[1].widget_template_uuid"
                .to_owned(),
        }]
    );
    assert!(!planned.log.has_errors(), "pending is not unmapped");

    resolution.record_created(&SOURCE_CARD.into(), TARGET_CARD.into());
    let tables = RemapTables::new(&plan, &resolution, &ProductResolution::default());
    let applied = remap_document(&document, &tables);
    assert!(applied.log.pending.is_empty());
    let json = serde_json::to_value(&applied.value).expect("serializes");
    assert_eq!(
        json["regions"][0]["children"][1]["widget_template_uuid"],
        json!(TARGET_CARD)
    );
}

#[test]
fn an_ambiguous_template_name_is_a_problem_and_its_widgets_stay_unmapped() {
    let plan = PlanFile::from_str(MINIMAL_PLAN, "plan.yaml", &empty_env).expect("valid plan");
    let source = [template(SOURCE_HERO, "Hero")];
    let target = [template(TARGET_HERO, "Hero"), template(TARGET_CARD, "Hero")];
    let resolution = resolve_widget_templates(&source, &target, &plan.mappings.widget_templates);
    assert!(matches!(
        resolution.problems.as_slice(),
        [TemplateProblem::AmbiguousName { .. }]
    ));
    let tables = RemapTables::new(&plan, &resolution, &ProductResolution::default());
    let remapped = remap_document(&home(json!([widget(SOURCE_HERO, json!({}))])), &tables);
    assert_eq!(remapped.log.errors().len(), 1);
    assert_eq!(remapped.log.errors()[0].kind, RewriteKind::WidgetTemplate);
}

fn keyed(template_file: &str, entity_id: &str) -> PageWidgetsDocument {
    document(json!({
        "key": {"channel_id": 1, "template_file": template_file, "entity_id": entity_id},
        "regions": []
    }))
}

#[test]
fn entity_ids_follow_the_template_file() {
    let mut tables = tables(UnmappedPolicy::Fail);
    tables.pages.insert(PageId(5), PageId(50));
    let entity = |file: &str, id: &str| {
        let remapped = remap_document(&keyed(file, id), &tables);
        remapped.value.key.entity_id.map(|e| e.0)
    };
    assert_eq!(entity("pages/product", "77").as_deref(), Some("1077"));
    assert_eq!(entity("pages/category", "18").as_deref(), Some("23"));
    assert_eq!(entity("pages/brand", "3").as_deref(), Some("9"));
    assert_eq!(entity("pages/page", "5").as_deref(), Some("50"));
    assert_eq!(
        entity("pages/custom/product/wide", "80").as_deref(),
        Some("1080")
    );
    assert_eq!(entity("pages/blog_post", "77").as_deref(), Some("77"));

    let remapped = remap_document(&keyed("pages/product", "99"), &tables);
    assert_eq!(
        remapped.log.unmapped,
        vec![Unmapped {
            kind: RewriteKind::Product,
            value: "99".to_owned(),
            path: "page_widgets[channel 1 pages/product #99].entity_id".to_owned(),
            rule: None,
        }]
    );
}

#[test]
fn a_new_page_entity_is_pending_until_its_id_is_known() {
    let mut tables = tables(UnmappedPolicy::Fail);
    tables.pages.mark_pending(PageId(5));
    let document = keyed("pages/page", "5");
    let planned = remap_document(&document, &tables);
    assert_eq!(
        planned.value.key.entity_id.map(|e| e.0).as_deref(),
        Some("5")
    );
    assert_eq!(planned.log.pending.len(), 1);
    assert!(!planned.log.has_errors());

    tables.pages.insert(PageId(5), PageId(77));
    let applied = remap_document(&document, &tables);
    assert_eq!(
        applied.value.key.entity_id.map(|e| e.0).as_deref(),
        Some("77")
    );
    assert!(applied.log.pending.is_empty());
}

#[test]
fn the_channel_of_the_key_is_mapped_and_an_unknown_channel_is_unmapped() {
    let global = document(json!({"key": {"channel_id": 1}, "regions": []}));
    let remapped = remap_document(&global, &tables(UnmappedPolicy::Fail));
    assert_eq!(remapped.value.key.channel_id.0, 2);
    assert_eq!(
        remapped.log.rewrites[0].path,
        "page_widgets[channel 1 global regions].channel_id"
    );

    let other = document(json!({"key": {"channel_id": 7}, "regions": []}));
    let remapped = remap_document(&other, &tables(UnmappedPolicy::Fail));
    assert_eq!(remapped.value.key.channel_id.0, 7);
    assert_eq!(remapped.log.errors()[0].kind, RewriteKind::Channel);
}

fn unmapped_product_document() -> PageWidgetsDocument {
    home(json!([widget(SOURCE_HERO, json!({"productId": 99}))]))
}

#[test]
fn unmapped_fail_reports_errors_and_keeps_the_source_value() {
    let remapped = remap_document(&unmapped_product_document(), &tables(UnmappedPolicy::Fail));
    assert!(remapped.log.has_errors());
    assert_eq!(
        remapped.log.errors()[0].path,
        format!("{BASE}.configuration.productId")
    );
    assert_eq!(first_configuration(&remapped.value)["productId"], json!(99));
}

#[test]
fn unmapped_warn_reports_warnings_and_keeps_the_source_value() {
    let remapped = remap_document(&unmapped_product_document(), &tables(UnmappedPolicy::Warn));
    assert!(!remapped.log.has_errors());
    assert_eq!(remapped.log.warnings().len(), 1);
    assert_eq!(first_configuration(&remapped.value)["productId"], json!(99));
}

#[test]
fn unmapped_keep_lists_them_without_a_problem() {
    let remapped = remap_document(&unmapped_product_document(), &tables(UnmappedPolicy::Keep));
    assert!(remapped.log.errors().is_empty());
    assert!(remapped.log.warnings().is_empty());
    assert_eq!(remapped.log.unmapped.len(), 1);
    assert_eq!(first_configuration(&remapped.value)["productId"], json!(99));
}

#[test]
fn a_remap_log_is_a_readable_report() {
    let remapped = remap_document(
        &home(json!([widget(
            SOURCE_HERO,
            json!({"productId": "77", "brandId": 4})
        )])),
        &tables(UnmappedPolicy::Fail),
    );
    insta::assert_yaml_snapshot!("remap_log", remapped.log);
}
