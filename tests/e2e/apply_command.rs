//! `pageport apply`: the demo migration end to end (embedded and in-test sandboxes), the
//! verification re-plan, idempotence, confirmation, and saved plans (applied, or refused when
//! stale).

use crate::support::workdir;
use pageport_sandbox::RunningSandbox;
use pageport_test_support::blocking::{StoreApi, template_uuid};
use pageport_test_support::store_view::{product_ids, tree};
use pageport_test_support::{
    Run, SandboxExt, Workdir, demo, example_plan, fixture, snapshot_settings,
};
use serde_json::json;
use std::collections::BTreeSet;

/// `tests/fixtures/plans/live.yaml` as an argument.
pub fn live_plan() -> String {
    fixture("plans/live.yaml")
        .to_str()
        .expect("UTF-8 path")
        .to_owned()
}

/// Runs `pageport apply -f live.yaml --yes` (plus `extra`) against `sandbox`.
pub fn apply_live(dir: &Workdir, sandbox: &RunningSandbox, extra: &[&str]) -> Run {
    let plan = live_plan();
    let mut args = vec!["apply", "-f", plan.as_str(), "--yes"];
    args.extend_from_slice(extra);
    sandbox.run(dir, &args)
}

/// insta settings that also hide what differs between runs: run ids (start times), minted
/// template uuids.
fn apply_snapshot_settings(dir: &Workdir) -> insta::Settings {
    let mut settings = snapshot_settings(dir);
    settings.add_filter(r"\d{8}T\d{6}Z-production-ch1(-\d+)?", "[RUN-ID]");
    settings.add_filter(
        r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        "[UUID]",
    );
    settings
}

/// Apply's progress lines with the landed documents sorted: they are published concurrently
/// and reported as they land, in no fixed order.
fn documents_in_order(stderr: &str) -> String {
    let mut lines: Vec<&str> = stderr.lines().collect();
    if let Some(header) = lines
        .iter()
        .position(|l| l.starts_with("page-widget documents:"))
    {
        let start = header + 1;
        let len = lines[start..]
            .iter()
            .take_while(|l| l.starts_with("  ✓ "))
            .count();
        lines[start..start + len].sort_unstable();
    }
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

#[test]
fn the_demo_migration_applies_then_has_nothing_left_to_change() {
    let dir = workdir();
    let example = std::fs::read_to_string(example_plan()).expect("the example plan");
    dir.write("migrations.yaml", &example);

    let run = dir.run(&["apply", "-f", "migrations.yaml", "--yes"]);
    run.assert_code(0).assert_no_secret();
    run.assert_stdout_says(
        "Summary: 25 to create, 1 to update, 0 to overwrite, 0 unchanged, 0 skipped, 0 blocked",
    );
    assert_eq!(
        run.stdout.matches("Plan: store ").count(),
        1,
        "one report: a verification with nothing left prints no second one:\n{}",
        run.stdout
    );
    run.assert_stderr_says(
        "Applied: created 1 template, 17 pages, 7 documents; updated 1 template; overwritten 0 \
         documents; unchanged 0; skipped 0; blocked 0; failed 0",
    )
    .assert_stderr_says("Verification: planned again, nothing is left to change")
    .assert_stderr_says("undo with: pageport restore -f migrations.yaml --store production");
    assert!(
        !run.stderr.contains("still differs"),
        "verification warned:\n{}",
        run.stderr
    );

    let run_dir = dir.only_run();
    for file in [
        "run.json",
        "plan.json",
        "journal.jsonl",
        "backup/manifest.json",
    ] {
        assert!(run_dir.join(file).is_file(), "the run has no {file}");
    }
    let journal = std::fs::read_to_string(run_dir.join("journal.jsonl")).expect("the journal");
    let last: serde_json::Value =
        serde_json::from_str(journal.lines().last().expect("a record")).expect("JSON lines");
    assert_eq!(last, json!({"event": "run_finished", "complete": true}));

    // Every call of the command, by phase and store: the source is read once, while planning.
    run.assert_stderr_says(
        "API calls of this command: 68 (planning: staging 21, production 11; apply: production 22; \
         verifying: production 14)",
    );
    let shown = documents_in_order(&run.stderr);
    apply_snapshot_settings(&dir).bind(|| insta::assert_snapshot!("apply_demo", shown));

    let again = dir.run(&["apply", "-f", "migrations.yaml", "--yes"]);
    again.assert_code(0).assert_no_secret();
    again.assert_stdout_says("Summary: 0 to create, 0 to update, 0 to overwrite, 24 unchanged");
    assert_eq!(
        again.stderr, "nothing to change: the target already matches the plan\n",
        "a second apply writes nothing and starts no run"
    );
    assert_eq!(dir.run_dirs().len(), 1, "no second run");
    dir.assert_no_secret_in_files();
}

#[test]
fn a_live_migration_rebuilds_the_page_tree_and_remaps_every_document() {
    let sandbox = demo();
    let dir = workdir();
    let staging = sandbox.store("staging");
    let production_before = sandbox.store("production");
    let run = apply_live(&dir, &sandbox, &[]);
    run.assert_code(0).assert_no_secret();
    let production = sandbox.store("production");

    // The page tree, compared by name with staging's.
    assert_eq!(production.pages.len(), 17);
    let built = tree(&production, 1);
    assert_eq!(built, tree(&staging, 1), "the same tree as staging");
    assert_eq!(built["Meet the Founders"].as_deref(), Some("Our Story"));
    assert_eq!(built["Our Story"].as_deref(), Some("About Us"));
    assert_eq!(built["About Us"], None);
    assert_eq!(built["Open Positions"].as_deref(), Some("Careers"));

    // Documents: no staging template uuid nor staging product id is left, and pages' documents
    // are keyed by production page ids.
    let staging_only: BTreeSet<&String> = staging
        .widget_templates
        .keys()
        .filter(|uuid| !production.widget_templates.contains_key(*uuid))
        .collect();
    assert!(!staging_only.is_empty());
    let carousel = template_uuid(&sandbox, "production", "Product Carousel");
    assert!(
        !production_before.widget_templates.contains_key(&carousel),
        "the Product Carousel template was created by the run"
    );
    let production_products: BTreeSet<String> =
        production.products.keys().map(u64::to_string).collect();
    let mut carousel_uses = 0;
    let mut product_references = 0;
    for (key, regions) in &production.page_widgets {
        let text = serde_json::to_string(regions).expect("regions serialize");
        for uuid in &staging_only {
            assert!(
                !text.contains(uuid.as_str()),
                "{key} uses staging's `{uuid}`"
            );
        }
        carousel_uses += text.matches(carousel.as_str()).count();
        let value = serde_json::to_value(regions).expect("regions serialize");
        let ids = product_ids(&value);
        product_references += ids.len();
        for id in ids {
            assert!(
                production_products.contains(&id),
                "{key} references product {id}, not a production product"
            );
        }
    }
    assert_eq!(carousel_uses, 2, "both carousels use the created template");
    // (The carousels' schema-declared ids are checked in `schema_ids`.)
    assert_eq!(
        product_references, 8,
        "every `productId` / `productIds` reference in the widgets was checked"
    );
    let keys: BTreeSet<String> = production
        .page_widgets
        .keys()
        .map(|k| k.to_string())
        .collect();
    let about = production
        .pages
        .values()
        .find(|p| p.name == "About Us")
        .and_then(|p| p.id)
        .expect("About Us landed");
    for expected in [
        "channel 1 global regions".to_owned(),
        "channel 1 pages/home".to_owned(),
        "channel 1 pages/product #1077".to_owned(),
        "channel 1 pages/product #1080".to_owned(),
        format!("channel 1 pages/page #{about}"),
    ] {
        assert!(keys.contains(&expected), "no {expected} in {keys:#?}");
    }
    assert_eq!(keys.len(), 7);

    // Idempotence: planning again finds nothing to do.
    let plan = live_plan();
    sandbox
        .run(&dir, &["plan", "-f", &plan, "--detailed-exitcode"])
        .assert_code(0)
        .assert_no_secret();
    dir.assert_no_secret_in_files();
}

#[test]
fn without_yes_and_without_a_terminal_nothing_is_written() {
    let sandbox = demo();
    let dir = workdir();
    let plan = live_plan();
    let run = sandbox.run(&dir, &["apply", "-f", &plan]);
    run.assert_code(1).assert_no_secret();
    run.assert_stdout_says("25 to create")
        .assert_stderr_says("not writing without confirmation: there is no terminal to ask on")
        .assert_stderr_says("re-run with --yes");
    sandbox.assert_no_writes();
    assert!(dir.run_dirs().is_empty(), "a declined apply starts no run");
}

#[test]
fn a_saved_plan_is_applied_as_saved() {
    let sandbox = demo();
    let dir = workdir();
    let plan = live_plan();
    sandbox
        .run(&dir, &["plan", "-f", &plan, "--out", "plan.json"])
        .assert_code(0);
    sandbox.assert_no_writes();

    let run = apply_live(&dir, &sandbox, &["--plan", "plan.json"]);
    run.assert_code(0).assert_no_secret();
    run.assert_stdout_says("25 to create").assert_stderr_says(
        "Applied: created 1 template, 17 pages, 7 documents; updated 1 template;",
    );
    let production = sandbox.store("production");
    assert_eq!(production.pages.len(), 17);
    assert_eq!(production.page_widgets.len(), 7);
    let saved = dir.read("plan.json");
    let kept = std::fs::read_to_string(dir.only_run().join("plan.json")).expect("the run's plan");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&kept).expect("JSON"),
        serde_json::from_str::<serde_json::Value>(&saved).expect("JSON"),
        "the run keeps the plan it executed"
    );
    sandbox
        .run(&dir, &["plan", "-f", &plan, "--detailed-exitcode"])
        .assert_code(0);
    dir.assert_no_secret_in_files();
}

#[test]
fn a_saved_plan_is_refused_when_a_document_it_read_changed() {
    let sandbox = demo();
    let dir = workdir();
    let plan = live_plan();
    sandbox
        .run(&dir, &["plan", "-f", &plan, "--out", "plan.json"])
        .assert_code(0);
    let text = template_uuid(&sandbox, "production", "Text");
    StoreApi::production(&sandbox).publish(
        "pages/home",
        json!([{"name": "home_below_menu", "children": [
            {"type": "widget", "widget_template_uuid": text, "configuration": {"text": "Hi"}}
        ]}]),
    );
    let changed = sandbox.requests().len();

    let run = apply_live(&dir, &sandbox, &["--plan", "plan.json"]);
    run.assert_code(1).assert_no_secret();
    run.assert_stderr_says("the plan is stale: the target changed since it was made")
        .assert_stderr_says("`page-widgets:channel 1 pages/home`")
        .assert_stderr_says("run `pageport plan` again");
    assert_eq!(
        run.stdout, "",
        "the outdated report is never shown for approval"
    );
    assert_eq!(sandbox.writes_after(changed), Vec::<String>::new());
    assert_eq!(sandbox.store("production").pages.len(), 0);
    dir.assert_no_secret_in_files();
}

#[test]
fn a_saved_plan_is_refused_when_a_page_appeared_in_the_target() {
    let sandbox = demo();
    let dir = workdir();
    let plan = live_plan();
    sandbox
        .run(&dir, &["plan", "-f", &plan, "--out", "plan.json"])
        .assert_code(0);
    StoreApi::production(&sandbox).create_page(json!({
        "name": "About Us", "type": "page", "channel_id": 1, "url": "/about-us/",
        "body": "<p>Made by someone else.</p>"
    }));
    let changed = sandbox.requests().len();

    let run = apply_live(&dir, &sandbox, &["--plan", "plan.json"]);
    run.assert_code(1).assert_no_secret();
    run.assert_stderr_says("the plan is stale")
        .assert_stderr_says("`pages:store`");
    assert_eq!(sandbox.writes_after(changed), Vec::<String>::new());
    let production = sandbox.store("production");
    assert_eq!(production.pages.len(), 1, "only the page someone else made");
}

#[test]
fn apply_from_a_bundle_does_not_read_the_source_content() {
    let sandbox = demo();
    let dir = workdir();
    dir.copy_fixture("bundles/demo", "bundle");
    let run = apply_live(&dir, &sandbox, &["--bundle", "bundle"]);
    run.assert_code(0).assert_no_secret();
    run.assert_stderr_says("Applied: created 1 template, 17 pages, 7 documents")
        .assert_stderr_says("Verification: planned again, nothing is left to change");
    assert_eq!(
        sandbox.requests_to("staging").len(),
        0,
        "the bundle stands in for the source, in the verification too"
    );
    assert_eq!(
        tree(&sandbox.store("production"), 1),
        tree(&sandbox.store("staging"), 1)
    );
}

#[test]
fn verification_reads_the_target_only() {
    let sandbox = demo();
    let dir = workdir();
    let run = apply_live(&dir, &sandbox, &[]);
    run.assert_code(0).assert_no_secret();
    run.assert_stderr_says("Verification: planned again, nothing is left to change");
    // The source is read once, before the first write; verification plans the content the
    // run planned against a fresh read of the target.
    let requests = sandbox.requests();
    let first_write = requests
        .iter()
        .position(|r| r.is_write())
        .expect("the run writes");
    let last_write = requests
        .iter()
        .rposition(|r| r.is_write())
        .expect("the run writes");
    let staging_after: Vec<String> = requests[first_write..]
        .iter()
        .filter(|r| r.path.starts_with("/stores/staging/"))
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert_eq!(
        staging_after,
        Vec::<String>::new(),
        "source reads after writing"
    );
    assert!(
        requests[last_write + 1..].iter().any(|r| r
            .path
            .starts_with("/stores/production/v3/content/page-widgets")),
        "verification read the target's documents"
    );
}

#[test]
fn the_target_is_read_while_the_source_is() {
    let sandbox = demo();
    let dir = workdir();
    crate::plan_command::plan_live(&dir, &sandbox, &[]).assert_code(0);
    // The target's pages and templates need nothing from the source: they are read at the same
    // time, not after the whole extraction.
    let requests = sandbox.requests();
    let first_target = requests
        .iter()
        .position(|r| r.path.starts_with("/stores/production/"))
        .expect("the target is read");
    let last_source = requests
        .iter()
        .rposition(|r| r.path.starts_with("/stores/staging/"))
        .expect("the source is read");
    assert!(
        first_target < last_source,
        "the target was read only after the source: {:#?}",
        requests.iter().map(|r| &r.path).collect::<Vec<_>>()
    );
}

#[test]
fn apply_with_the_json_format_prints_one_json_document() {
    let sandbox = demo();
    let dir = workdir();
    let run = apply_live(&dir, &sandbox, &["--format", "json"]);
    run.assert_code(0);
    let report: serde_json::Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("stdout is not one JSON document ({e}):\n{}", run.stdout));
    assert_eq!(report["summary"]["pages"]["create"], 17);
}
