//! `pageport validate`: offline checks of what a plan would migrate, from the source store or
//! from a bundle (then without any network).

use crate::support::workdir;
use pageport_test_support::{
    PRODUCTION_TOKEN, Run, STAGING_TOKEN, SandboxExt, demo, example_plan, fixture,
    snapshot_settings, unreachable_url,
};
#[test]
fn the_demo_is_valid_with_two_leak_warnings() {
    let dir = workdir();
    let plan = example_plan();
    let run = dir.run(&["validate", "-f", plan.to_str().expect("UTF-8 path")]);
    run.assert_code(0).assert_no_secret();
    run.assert_stdout_says("17 pages, 7 page-widget documents checked: 0 errors, 2 warnings")
        .assert_stdout_says("warning[leak.store-hash] page `About Us` (source #1) at `body`")
        .assert_stdout_says("warning[leak.store-hash] page `Lookbook` (source #11) at `body`");
    assert_eq!(run.stdout.matches("warning[").count(), 2);
    assert!(!run.stdout.contains("error["), "{}", run.stdout);
    snapshot_settings(&dir).bind(|| insta::assert_snapshot!("validate_demo", run.stdout));
}

#[test]
fn lowered_limits_fail_with_3_naming_the_document() {
    let dir = workdir();
    let example = std::fs::read_to_string(example_plan()).expect("read the example plan");
    let default_limit = "  widgets_per_page: 150\n";
    assert!(
        example.contains(default_limit),
        "the example sets the widget limit"
    );
    dir.write(
        "plan.yaml",
        &example.replace(default_limit, "  widgets_per_page: 3\n"),
    );
    let run = dir.run(&["validate", "-f", "plan.yaml"]);
    run.assert_code(3).assert_no_secret();
    run.assert_stdout_says(
        "error[limit.page-widgets] page-widget document `channel 1 pages/home`: \
         the document has 5 widgets; the limit is 3 per page",
    )
    .assert_stdout_says("17 pages, 7 page-widget documents checked: 1 error, 2 warnings");
    // `Our Story` holds exactly 3 widgets: at the limit is allowed.
    assert!(!run.stdout.contains("pages/page #2`:"), "{}", run.stdout);
}

#[test]
fn a_bundle_is_validated_offline() {
    let dir = workdir();
    dir.copy_fixture("bundles/demo", "bundle");
    let plan = fixture("plans/live.yaml");
    let plan = plan.to_str().expect("UTF-8 path");
    let offline = |args: &[&str]| {
        let mut cmd = dir.pageport();
        cmd.args(args)
            .env("SANDBOX_URL", unreachable_url())
            .env("STAGING_TOKEN", STAGING_TOKEN)
            .env("PRODUCTION_TOKEN", PRODUCTION_TOKEN);
        Run::of(&mut cmd)
    };

    let run = offline(&["validate", "-f", plan, "--bundle", "bundle"]);
    run.assert_code(0).assert_no_secret();
    run.assert_stdout_says("17 pages, 7 page-widget documents checked: 0 errors, 2 warnings");
    run.assert_stdout_says("warning[leak.store-hash] page `Lookbook` (source #11) at `body`");
}

#[test]
fn validating_a_bundle_contacts_no_store() {
    let sandbox = demo();
    let dir = workdir();
    dir.copy_fixture("bundles/demo", "bundle");
    let plan = fixture("plans/live.yaml");
    let mut cmd = dir.pageport();
    cmd.args([
        "validate",
        "-f",
        plan.to_str().expect("UTF-8 path"),
        "--bundle",
        "bundle",
    ]);
    Run::of(sandbox.env(&mut cmd))
        .assert_code(0)
        .assert_no_secret();
    sandbox.assert_untouched();
}

#[test]
fn validate_only_reads_the_source_store() {
    let sandbox = demo();
    let dir = workdir();
    let plan = fixture("plans/live.yaml");
    let mut cmd = dir.pageport();
    cmd.args(["validate", "-f", plan.to_str().expect("UTF-8 path")]);
    let run = Run::of(sandbox.env(&mut cmd));
    run.assert_code(0).assert_no_secret();
    sandbox.assert_no_writes();
    assert!(
        !sandbox.requests_to("staging").is_empty(),
        "the source was read"
    );
    assert_eq!(
        sandbox.requests_to("production"),
        Vec::new(),
        "validate never reads the target"
    );
}
