//! Bad bundles: a missing file, a corrupt file, a newer format. `validate --bundle` and
//! `plan --bundle` refuse each with exit 1 and a message naming the file (and the JSON path
//! inside it), and write nothing.

use crate::support::workdir;
use pageport_test_support::{Run, SandboxExt, Workdir, demo, fixture, snapshot_settings};
/// A copy of `tests/fixtures/bundles/demo` at `bundle/` in a fresh directory, damaged by `damage`.
fn damaged_bundle(damage: impl FnOnce(&Workdir)) -> Workdir {
    let dir = workdir();
    dir.copy_fixture("bundles/demo", "bundle");
    damage(&dir);
    dir
}

/// Runs `validate --bundle` and `plan --bundle` on the damaged bundle; both must fail the same
/// way without a write. Returns the `validate` run (snapshotted as `snapshot`).
fn both_refuse(dir: &Workdir, snapshot: &str) -> Run {
    let sandbox = demo();
    let plan = fixture("plans/live.yaml");
    let plan = plan.to_str().expect("UTF-8 path");
    let mut runs = Vec::new();
    for command in ["validate", "plan"] {
        let mut cmd = dir.pageport();
        cmd.args([command, "-f", plan, "--bundle", "bundle"]);
        let run = Run::of(sandbox.env(&mut cmd));
        run.assert_code(1).assert_no_secret();
        assert_eq!(run.stdout, "", "no report from a bad bundle");
        run.assert_stderr_says("cannot use bundle `bundle`");
        runs.push(run);
    }
    assert_eq!(
        runs[0].stderr, runs[1].stderr,
        "validate and plan word the problem differently"
    );
    sandbox.assert_no_writes();
    assert_eq!(
        sandbox.requests_to("staging"),
        Vec::new(),
        "a bundle run read the source store"
    );
    let run = runs.swap_remove(0);
    snapshot_settings(dir).bind(|| insta::assert_snapshot!(snapshot, run.transcript()));
    run
}

#[test]
fn a_missing_page_file() {
    let dir = damaged_bundle(|dir| {
        std::fs::remove_file(dir.join("bundle/pages/00008-faq.json")).expect("remove");
    });
    both_refuse(&dir, "bundle_missing_page").assert_stderr_says(
        "bundle `bundle` is incomplete: the manifest lists 17 pages, the files hold 16",
    );
}

#[test]
fn a_missing_catalog_file() {
    let dir = damaged_bundle(|dir| {
        std::fs::remove_file(dir.join("bundle/catalog/products.json")).expect("remove");
    });
    both_refuse(&dir, "bundle_missing_catalog")
        .assert_stderr_says("cannot access `bundle/catalog/products.json`");
}

#[test]
fn a_field_of_the_wrong_type() {
    let dir = damaged_bundle(|dir| {
        let page = dir.read("bundle/pages/00008-faq.json");
        assert!(page.contains(r#""name": "FAQ""#));
        dir.write(
            "bundle/pages/00008-faq.json",
            &page.replace(r#""name": "FAQ""#, r#""name": 42"#),
        );
    });
    both_refuse(&dir, "bundle_wrong_type")
        .assert_stderr_says(
            "`bundle/pages/00008-faq.json` is not a valid bundle file: invalid type: integer `42`, \
         expected a string",
        )
        .assert_stderr_says("(at JSON path `name`)");
}

#[test]
fn a_nested_field_of_the_wrong_type() {
    let dir = damaged_bundle(|dir| {
        let path = "bundle/page-widgets/channel-1-pages-home.json";
        let mut document: serde_json::Value = serde_json::from_str(&dir.read(path)).expect("JSON");
        document["regions"][1]["children"][0]["dropzones"][0]["widgets"] = serde_json::json!(7);
        dir.write(
            path,
            &serde_json::to_string_pretty(&document).expect("serialise"),
        );
    });
    both_refuse(&dir, "bundle_nested_wrong_type")
        .assert_stderr_says(
            "`bundle/page-widgets/channel-1-pages-home.json` is not a valid bundle file",
        )
        .assert_stderr_says("invalid type: integer `7`, expected a sequence")
        // The path stops at the region child (a widget-or-layout enum); the line points inside.
        .assert_stderr_says("(at JSON path `regions[1].children[0]`)");
}

#[test]
fn a_file_that_is_not_json() {
    let dir = damaged_bundle(|dir| {
        dir.write("bundle/widget-templates/text-2f8e6d4c.json", "{\"uuid\": ");
    });
    both_refuse(&dir, "bundle_not_json").assert_stderr_says(
        "`bundle/widget-templates/text-2f8e6d4c.json` is not a valid bundle file",
    );
}

#[test]
fn a_newer_format_version() {
    let dir = damaged_bundle(|dir| {
        let manifest = dir.read("bundle/manifest.json");
        assert!(manifest.contains(r#""format_version": 1"#));
        dir.write(
            "bundle/manifest.json",
            &manifest.replace(r#""format_version": 1"#, r#""format_version": 2"#),
        );
    });
    both_refuse(&dir, "bundle_newer_format").assert_stderr_says(
        "bundle `bundle` has format version 2, newer than this pageport understands (1); \
         upgrade pageport",
    );
}

#[test]
fn a_directory_without_a_manifest() {
    let dir = damaged_bundle(|dir| {
        std::fs::remove_file(dir.join("bundle/manifest.json")).expect("remove");
    });
    both_refuse(&dir, "bundle_without_manifest")
        .assert_stderr_says("bundle `bundle` is incomplete: `manifest.json` is missing");
}

#[test]
fn two_pages_with_one_id_are_a_validation_error_in_validate_plan_and_apply() {
    let dir = damaged_bundle(|dir| {
        let text = dir.read("bundle/pages/00008-faq.json");
        let mut page: serde_json::Value = serde_json::from_str(&text).expect("page JSON");
        page["name"] = "FAQ copy".into();
        page["url"] = "/faq-copy/".into();
        dir.write(
            "bundle/pages/00008-faq-copy.json",
            &serde_json::to_string_pretty(&page).expect("JSON"),
        );
        let text = dir.read("bundle/manifest.json");
        let mut manifest: serde_json::Value = serde_json::from_str(&text).expect("manifest");
        manifest["counts"]["pages"] = 18.into();
        dir.write(
            "bundle/manifest.json",
            &serde_json::to_string_pretty(&manifest).expect("JSON"),
        );
    });
    let sandbox = demo();
    let plan = fixture("plans/live.yaml");
    let plan = plan.to_str().expect("UTF-8 path");
    for command in [
        &["validate", "-f", plan, "--bundle", "bundle"][..],
        &["plan", "-f", plan, "--bundle", "bundle"],
        &["apply", "-f", plan, "--bundle", "bundle", "--yes"],
    ] {
        let mut cmd = dir.pageport();
        cmd.args(command);
        let run = Run::of(sandbox.env(&mut cmd));
        run.assert_code(3).assert_no_secret();
        run.assert_stdout_says("error[page.id-duplicate] page `FAQ");
        run.assert_stdout_says("source page id `8` is also the id of page `FAQ");
    }
    sandbox.assert_no_writes();
}

#[test]
fn a_page_body_larger_than_a_request_is_a_validation_error_before_any_write() {
    let dir = damaged_bundle(|dir| {
        let text = dir.read("bundle/pages/00008-faq.json");
        let mut page: serde_json::Value = serde_json::from_str(&text).expect("page JSON");
        page["body"] = format!("<p>{}</p>", "x".repeat(9 * 1024 * 1024)).into();
        dir.write(
            "bundle/pages/00008-faq.json",
            &serde_json::to_string(&page).expect("JSON"),
        );
    });
    let sandbox = demo();
    let plan = fixture("plans/live.yaml");
    let plan = plan.to_str().expect("UTF-8 path");
    for command in [
        &["validate", "-f", plan, "--bundle", "bundle"][..],
        &["apply", "-f", plan, "--bundle", "bundle", "--yes"],
    ] {
        let mut cmd = dir.pageport();
        cmd.args(command);
        let run = Run::of(sandbox.env(&mut cmd));
        run.assert_code(3).assert_no_secret();
        run.assert_stdout_says(
            "error[limit.request-body] page `FAQ` (source #8) at `body`: the page is 9,437,",
        );
        run.assert_stdout_says("a request body may be at most 8,388,608 bytes");
    }
    sandbox.assert_no_writes();
}
