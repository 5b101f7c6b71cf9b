//! Categories and brands matched in the target with no hand-written table: the demo's category
//! 18 (Kitchen, `/kitchen/`) is production's 23, found by url, in widget configurations and as
//! the entity of a `pages/category` document; an ambiguous match stops the plan before any write.

use crate::support::workdir;
use pageport_test_support::blocking::{StoreApi, template_uuid};
use pageport_test_support::{SandboxExt, demo, example_plan, fixture};
use serde_json::json;

fn catalog_plan() -> String {
    fixture("plans/catalog.yaml")
        .to_str()
        .expect("UTF-8 path")
        .to_owned()
}

/// Publishes a `pages/category` document for staging's category 18 (Kitchen).
fn publish_kitchen_category_page(sandbox: &pageport_sandbox::RunningSandbox) {
    let text = template_uuid(sandbox, "staging", "Text");
    StoreApi::staging(sandbox).publish_entity(
        "pages/category",
        "18",
        json!([{"name": "category_below_header", "children": [
            {"type": "widget", "widget_template_uuid": text, "name": "Kitchen intro",
             "configuration": {"text": "<p>Everything for the kitchen.</p>"}}
        ]}]),
    );
}

#[test]
fn the_example_plan_has_no_category_table_and_still_maps_kitchen() {
    let text = std::fs::read_to_string(example_plan()).expect("the example plan");
    let tables: Vec<&str> = text
        .lines()
        .filter(|line| !line.trim_start().starts_with('#') && line.contains("18: 23"))
        .collect();
    assert!(tables.is_empty(), "the example plan hand-writes {tables:?}");
    let dir = workdir();
    let plan = example_plan();
    let run = dir.run(&["plan", "-f", plan.to_str().expect("UTF-8 path")]);
    run.assert_code(0)
        .assert_stdout_says("18 → 23 by schema, in 2 places");
}

#[test]
fn category_18_lands_as_production_23_in_widgets_and_document_keys() {
    let sandbox = demo();
    publish_kitchen_category_page(&sandbox);
    let dir = workdir();
    let plan = catalog_plan();
    let run = sandbox.run(&dir, &["apply", "-f", plan.as_str(), "--yes"]);
    run.assert_code(0)
        .assert_stdout_says("18 → 23 at page_widgets[channel 1 pages/category #18].entity_id")
        .assert_stdout_says("18 → 23 by schema, in 2 places")
        .assert_stderr_says("8 documents");
    let production = sandbox.store("production");
    let keys: Vec<String> = production
        .page_widgets
        .keys()
        .map(ToString::to_string)
        .collect();
    assert!(
        keys.contains(&"channel 1 pages/category #23".to_owned()),
        "{keys:#?}"
    );
    let home = production
        .page_widgets
        .iter()
        .find(|(key, _)| key.to_string() == "channel 1 pages/home")
        .map(|(_, regions)| serde_json::to_string(regions).expect("regions serialize"))
        .expect("the home page landed");
    assert!(home.contains(r#""categoryId":"23""#), "{home}");
    assert!(home.contains(r#""categoryId":23"#), "{home}");
    assert!(!home.contains(r#""categoryId":"18""#), "{home}");
}

#[test]
fn an_ambiguous_category_stops_the_plan_listing_the_candidates_with_no_write() {
    let sandbox = demo();
    // `Kitchen!` gets the url `/kitchen/` too, beside production's Kitchen (23).
    let twin = StoreApi::production(&sandbox).create_category(0, "Kitchen!");
    assert_eq!(twin["custom_url"]["url"], "/kitchen/");
    let twin = twin["id"].as_u64().expect("a category id");
    let before = sandbox.requests().len();
    let dir = workdir();
    let plan = catalog_plan();
    let run = sandbox.run(&dir, &["apply", "-f", plan.as_str(), "--yes"]);
    run.assert_code(3)
        .assert_stdout_says("error[mapping.unmapped-category]")
        .assert_stdout_says(&format!(
            "category `18` has no target: `Kitchen` in the source; 2 target objects have the url \
             `/kitchen/`: #23 `Kitchen` at `/kitchen/`, #{twin} `Kitchen!` at `/kitchen/`"
        ));
    assert_eq!(
        sandbox.writes_after(before),
        Vec::<String>::new(),
        "nothing written"
    );
}

#[test]
fn a_saved_plan_is_refused_when_a_category_it_matched_against_changed() {
    let sandbox = demo();
    let dir = workdir();
    let plan = catalog_plan();
    sandbox
        .run(&dir, &["plan", "-f", plan.as_str(), "--out", "plan.json"])
        .assert_code(0);
    let saved: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("plan.json")).expect("the saved plan"),
    )
    .expect("JSON");
    assert!(
        saved["fingerprints"]["categories:channel 1"].is_string(),
        "{}",
        saved["fingerprints"]
    );
    // The target's tree gains a second category at `/kitchen/`: what Kitchen (18) matches is no
    // longer what the plan decided.
    StoreApi::production(&sandbox).create_category(0, "Kitchen!");
    let changed = sandbox.requests().len();

    let run = sandbox.run(
        &dir,
        &["apply", "-f", plan.as_str(), "--plan", "plan.json", "--yes"],
    );
    run.assert_code(1).assert_no_secret();
    run.assert_stderr_says("the plan is stale: the target changed since it was made")
        .assert_stderr_says("`categories:channel 1`");
    assert_eq!(sandbox.writes_after(changed), Vec::<String>::new());
    assert_eq!(sandbox.store("production").pages.len(), 0);
}

#[test]
fn a_target_channel_without_a_category_tree_is_named() {
    let sandbox = demo();
    let channel = StoreApi::staging(&sandbox).create_channel("Outlet");
    let created = sandbox.requests().len();
    let dir = workdir();
    let plan = crate::apply_command::live_plan();
    let to = channel.to_string();
    let run = sandbox.run(
        &dir,
        &[
            "duplicate",
            "-f",
            plan.as_str(),
            "--store",
            "staging",
            "--from-channel",
            "1",
            "--to-channel",
            to.as_str(),
            "--dry-run",
        ],
    );
    run.assert_code(1).assert_no_secret();
    run.assert_stderr_says(&format!(
        "channel {channel} of the target store `staging` has no category tree"
    ));
    assert_eq!(sandbox.writes_after(created), Vec::<String>::new());
}
