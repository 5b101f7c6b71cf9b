//! `pageport plan` exits 3 when the migration cannot be applied, naming where each problem is.

use crate::support::workdir;
use pageport_sandbox::RunningSandbox;
use pageport_test_support::{Run, SandboxExt, Workdir, demo, fixture};
/// Runs `pageport plan` on `tests/fixtures/plans/explicit-products.yaml`: products match only
/// by an empty explicit table and `unmapped: fail`, so every product id is an error.
fn plan_explicit_products(dir: &Workdir, sandbox: &RunningSandbox, extra: &[&str]) -> Run {
    let plan = fixture("plans/explicit-products.yaml");
    let mut cmd = dir.pageport();
    cmd.args(["plan", "-f", plan.to_str().expect("UTF-8 path")])
        .args(extra);
    Run::of(sandbox.env(&mut cmd))
}

#[test]
fn an_unmapped_product_fails_the_plan_with_3_naming_its_json_path() {
    let sandbox = demo();
    let dir = workdir();
    let run = plan_explicit_products(&dir, &sandbox, &[]);
    run.assert_code(3).assert_no_secret();
    run.assert_stdout_says("18 errors, 2 warnings: the plan cannot be applied until the errors are fixed")
        .assert_stdout_says(
            "error[mapping.unmapped-product] page-widget document `channel 1 pages/home` at \
             `regions[1].children[0].dropzones[0].widgets[0].configuration.productId`: product `77` has no target",
        )
        .assert_stdout_says(
            "page-widget document `channel 1 pages/home` at \
             `regions[1].children[0].dropzones[0].widgets[0].storefront_api_query_params.productId`",
        )
        .assert_stdout_says(
            "page-widget document `channel 1 pages/product #77` at `entity_id`: product `77` has no target",
        )
        .assert_stdout_says(
            "page-widget document `channel 1 pages/product #77` at \
             `regions[0].children[0].configuration.slides[2].product`: product `104` has no target: \
             `mappings.products` matches only explicitly and has no entry for it (the widget \
             template's schema declares an id here)",
        );
    assert_eq!(
        run.stdout
            .matches("error[mapping.unmapped-product]")
            .count(),
        18,
        "every product reference is reported, in one pass (the carousels' schema ids too)"
    );
    sandbox.assert_no_writes();
}

#[test]
fn validation_errors_win_over_detailed_exitcode() {
    let sandbox = demo();
    let dir = workdir();
    plan_explicit_products(&dir, &sandbox, &["--detailed-exitcode"])
        .assert_code(3)
        .assert_no_secret();
    sandbox.assert_no_writes();
}

#[test]
fn the_json_report_carries_each_error_with_its_path() {
    let sandbox = demo();
    let dir = workdir();
    let run = plan_explicit_products(&dir, &sandbox, &["--format", "json"]);
    run.assert_code(3).assert_no_secret();
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON on stdout");
    assert_eq!(report["has_errors"], true);
    let errors: Vec<&serde_json::Value> = report["diagnostics"]
        .as_array()
        .expect("a diagnostics list")
        .iter()
        .filter(|d| d["severity"] == "error")
        .collect();
    assert_eq!(errors.len(), 18);
    assert!(
        errors.iter().any(|d| {
            d["code"] == "mapping.unmapped-product"
                && d["location"] == "page-widget document `channel 1 pages/home`"
                && d["path"]
                    == "regions[1].children[0].dropzones[0].widgets[0].configuration.productId"
        }),
        "no error at the first product card: {errors:#?}"
    );
    assert!(
        errors
            .iter()
            .all(|d| d["path"].as_str().is_some_and(|p| !p.is_empty())),
        "an error without a path: {errors:#?}"
    );
    sandbox.assert_no_writes();
}
