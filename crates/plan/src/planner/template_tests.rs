//! Widget templates in the plan: drifted templates under each `on_drift` policy, their place
//! in the dependency graph, and templates BigCommerce provides.

use super::*;
use crate::fingerprint::{stale_objects, template_key};
use crate::graph::StepRef;
use crate::test_support::*;
use pageport_model::ChannelId;
use serde_json::json;

fn codes(plan: &MigrationPlan) -> Vec<&str> {
    plan.diagnostics.iter().map(|d| d.code.as_str()).collect()
}

fn hero_ref() -> StepRef {
    StepRef::Template {
        uuid: S_HERO.to_owned(),
    }
}

#[test]
fn a_drifted_template_is_updated_before_the_publishes_that_use_it() {
    let plan = drift_plan("update");
    let updates: Vec<&TemplateStep> = plan
        .templates
        .iter()
        .filter(|t| t.action == TemplateStepAction::Update)
        .collect();
    assert_eq!(updates.len(), 1, "only the hero banner drifted");
    let hero = updates[0];
    assert_eq!(hero.source_uuid.as_str(), S_HERO);
    let update = hero.update.as_ref().unwrap();
    assert_eq!(update.target_uuid.as_str(), T_HERO);
    assert_eq!(
        update.target_version_uuid.as_deref(),
        Some("0a0b0c0d-0e0f-4a1b-8c2d-3e4f5a6b7c8d")
    );
    let fields: Vec<&str> = update.changes.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(fields, ["schema", "template", "storefront_api_query"]);
    assert_eq!(update.changes[1].to, json!("<div>Hero Banner</div>"));
    assert_eq!(update.changes[2].to, json!(""));
    assert_eq!(
        update.changes[0].to,
        json!([{"type": "tab", "label": "Content"}])
    );

    let request = hero.update_request();
    assert_eq!(request.create_new_version, Some(true));
    assert_eq!(request.template.as_deref(), Some("<div>Hero Banner</div>"));
    assert_eq!(request.storefront_api_query.as_deref(), Some(""));
    assert_eq!(
        request.name, None,
        "the name is the match key; it is not sent"
    );

    // The home page and About Us's document use the hero banner; only the home page publishes
    // (About Us's document is unchanged), so it waits for the new version.
    assert_eq!(hero.used_by, 1);
    assert_eq!(hero.layer, 0);
    let home = plan
        .documents
        .iter()
        .find(|d| d.source_key == key(Some("pages/home"), None))
        .unwrap();
    assert!(home.layer > hero.layer);
    let layer_of = |node: &StepRef| plan.layers.iter().position(|l| l.contains(node));
    assert!(layer_of(&hero_ref()) < layer_of(&home.step_ref()));

    assert_eq!(plan.summary.templates.update, 1);
    assert_eq!(
        plan.summary.templates.create, 1,
        "Rich Text is still created"
    );
    assert!(!codes(&plan).contains(&codes::TEMPLATE_DRIFTED));
    assert!(
        plan.remaining_writes().contains(
            &"widget template \"Hero Banner\": update (schema, template, storefront_api_query)"
                .to_owned()
        )
    );
}

#[test]
fn the_update_policy_is_the_default() {
    let plan = build_plan(&bundle(), &plan_file("update", "fail"), drifted_inventory()).unwrap();
    assert_eq!(plan.summary.templates.update, 1);
    assert_eq!(
        drift_plan("keep").error_count(),
        0,
        "only the products are unmapped: warnings"
    );
}

#[test]
fn keep_writes_nothing_and_warns_naming_the_template_and_what_differs() {
    let plan = drift_plan("keep");
    assert!(plan.templates.iter().all(|t| t.update.is_none()));
    assert_eq!(plan.summary.templates.update, 0);
    let kept: Vec<&PlanDiagnostic> = plan
        .diagnostics
        .iter()
        .filter(|d| d.code == codes::TEMPLATE_DRIFT_KEPT)
        .collect();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].severity, Severity::Warning);
    assert_eq!(kept[0].location, "widget template `Hero Banner`");
    assert!(
        kept[0]
            .message
            .contains("differs from the source in `schema`, `template`, `storefront_api_query`"),
        "{}",
        kept[0].message
    );
    assert!(!plan.has_errors());
}

#[test]
fn fail_is_an_error_and_plans_no_update() {
    let plan = drift_plan("fail");
    assert_eq!(plan.error_count(), 1, "{:?}", plan.diagnostics);
    assert!(codes(&plan).contains(&codes::TEMPLATE_DRIFTED));
    assert!(plan.templates.iter().all(|t| t.update.is_none()));
}

#[test]
fn a_template_changed_since_planning_makes_the_plan_stale() {
    let plan = drift_plan("update");
    assert!(
        plan.fingerprints
            .contains_key(&template_key(&T_HERO.into()))
    );
    assert!(
        stale_objects(&plan, &drifted_inventory())
            .unwrap()
            .is_empty()
    );
    let mut edited = drifted_inventory();
    edited.widget_templates[0].template = "<div>edited in production</div>".into();
    assert_eq!(
        stale_objects(&plan, &edited).unwrap(),
        [template_key(&T_HERO.into())]
    );
}

#[test]
fn a_provided_template_matches_by_uuid_and_a_missing_one_is_an_error_even_with_create_missing() {
    const PROVIDED: &str = "4b4f4e71-c1a9-4bd6-9c3e-2f1f0b6e9a11";
    let provided = |name: &str| -> pageport_model::WidgetTemplate {
        from(
            json!({"uuid": PROVIDED, "name": name, "template": "", "kind": "pp-cartpage-fullbanner",
                    "channel_id": 0}),
        )
    };
    let mut bundle = bundle();
    bundle.widget_templates.push(provided("PayPal Banner"));
    bundle.page_widgets.push(document(
        key(Some("pages/cart"), None),
        json!([{"name": "cart_top", "children": [widget(PROVIDED, "PayPal", json!({}))]}]),
    ));
    bundle.manifest.counts = bundle.count();

    let mut target = inventory();
    target
        .widget_templates
        .push(provided("PayPal Credit Banner"));
    let plan = build_plan(&bundle, &plan_file("update", "fail"), target).unwrap();
    assert!(
        plan.mapped_templates
            .iter()
            .any(|m| m.source_uuid.as_str() == PROVIDED && m.target_uuid.as_str() == PROVIDED),
        "the same uuid, whatever the name"
    );
    assert!(!codes(&plan).contains(&codes::TEMPLATE_PROVIDED_NOT_IN_TARGET));

    let plan = build_plan(
        &bundle,
        &plan_file_with("update", "fail", true),
        inventory(),
    )
    .unwrap();
    assert!(codes(&plan).contains(&codes::TEMPLATE_PROVIDED_NOT_IN_TARGET));
    assert!(
        plan.templates
            .iter()
            .all(|t| t.source_uuid.as_str() != PROVIDED),
        "never created"
    );
    assert_eq!(plan.target.channel_id, ChannelId(1));
}
