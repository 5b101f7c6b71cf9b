//! The offline benchmark over a written bundle: every phase reported, the plan as expected.

use crate::small_spec;
use pageport_bench::offline::{OfflineOptions, PlanSource, run_offline};
use pageport_bench::{BenchError, write_site};

#[test]
fn reports_every_phase_and_what_the_plan_came_to() {
    let dir = tempfile::tempdir().unwrap();
    let bundle = dir.path().join("site");
    let written = write_site(&small_spec(1), &bundle).unwrap();
    assert_eq!(written.counts.pages, 200);
    assert_eq!(written.depth_reached, 4);
    assert!(written.max_widgets_per_document <= 150);
    assert!(written.files > written.counts.pages, "{written:?}");

    let report = run_offline(&OfflineOptions {
        bundle: bundle.clone(),
        plan: PlanSource::Fixture,
        serialize_plan: true,
    })
    .unwrap();
    let names: Vec<&str> = report.phases.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "load plan",
            "read bundle",
            "build target inventory",
            "resolve + match + remap",
            "list target documents",
            "diff + order + validate + fingerprint",
            "serialize plan",
        ]
    );
    assert_eq!(report.site, written.counts);
    assert_eq!(report.outcome.errors, 0, "{:?}", report.outcome.by_code);
    assert_eq!(report.outcome.page_creates, 200);
    assert_eq!(
        report.outcome.document_publishes,
        written.counts.page_widgets
    );
    assert!(report.outcome.plan_json_bytes.unwrap_or(0) > 0);
    assert!(
        report.outcome.rewrites >= 2_000,
        "every widget's template is rewritten"
    );
    if let Some(peak) = report.peak_rss_kib {
        let last = report.phases.last().and_then(|p| p.peak_rss_kib).unwrap();
        assert!(peak >= last, "the peak never goes down");
    }
}

#[test]
fn a_missing_bundle_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nothing-here");
    let error = run_offline(&OfflineOptions {
        bundle: missing.clone(),
        plan: PlanSource::Fixture,
        serialize_plan: false,
    })
    .unwrap_err();
    assert!(
        matches!(&error, BenchError::Bundle { path, .. } if *path == missing),
        "{error:?}"
    );
}

#[test]
fn a_plan_of_another_source_store_is_refused_by_the_planner() {
    let dir = tempfile::tempdir().unwrap();
    let bundle = dir.path().join("site");
    write_site(&small_spec(2), &bundle).unwrap();
    let plan = dir.path().join("plan.yaml");
    let text = pageport_bench::offline::FIXTURE_PLAN.replacen(
        "store_hash: benchsource",
        "store_hash: elsewhere",
        1,
    );
    std::fs::write(&plan, text).unwrap();
    let error = run_offline(&OfflineOptions {
        bundle,
        plan: PlanSource::File(plan),
        serialize_plan: false,
    })
    .unwrap_err();
    assert!(matches!(error, BenchError::Planner(_)), "{error:?}");
}
