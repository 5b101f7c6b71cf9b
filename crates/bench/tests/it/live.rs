//! The live benchmark on a tiny site: the call accounting adds up, the migration lands every
//! page and document, and faults or a quota do not change the result (no timing is asserted).

use pageport_bench::live::{CallCounts, LiveOptions, LiveReport, run_live};
use pageport_bench::{SiteSpec, write_site};
use pageport_sandbox::{FaultConfig, Quota};
use std::path::Path;

/// A 50-page site written to `dir`.
fn tiny_site(dir: &Path) -> std::path::PathBuf {
    let bundle = dir.join("site");
    let spec = SiteSpec {
        pages: 50,
        widgets: 500,
        layouts: 60,
        depth: 3,
        seed: 3,
    };
    write_site(&spec, &bundle).unwrap();
    bundle
}

fn options(bundle: &Path) -> LiveOptions {
    LiveOptions {
        bundle: bundle.to_owned(),
        quota: None,
        concurrency: 4,
        batch_size: 10,
        reserve: None,
        faults: None,
    }
}

/// Every kind of call is at least its bound, and the parts add up to the whole.
fn assert_accounting(report: &LiveReport) {
    let calls = report.calls();
    let kinds: [fn(&CallCounts) -> usize; 8] = [
        |c| c.get_pages,
        |c| c.get_templates,
        |c| c.get_products,
        |c| c.get_documents,
        |c| c.post_pages,
        |c| c.put_pages,
        |c| c.post_templates,
        |c| c.post_documents,
    ];
    for kind in kinds {
        assert!(
            kind(&calls) >= kind(&report.bound),
            "{calls:?} vs {:?}",
            report.bound
        );
        assert_eq!(
            kind(&calls),
            kind(&report.plan_calls) + kind(&report.apply_calls)
        );
    }
    assert_eq!(calls.other, 0, "{calls:?}");
    assert_eq!(calls.total(), calls.reads() + calls.writes());
    assert!(report.calls_ratio() >= 1.0);
    assert_eq!(report.plan_calls.writes(), 0, "planning never writes");
}

#[test]
fn an_unthrottled_migration_lands_everything_within_the_accounted_calls() {
    let dir = tempfile::tempdir().unwrap();
    let bundle = tiny_site(dir.path());
    let report = run_live(&options(&bundle)).unwrap();
    assert_accounting(&report);
    assert_eq!(report.quota_429s + report.injected_429s, 0);
    assert_eq!(report.failed_steps, 0, "{:?}", report.first_failures);
    assert!(report.finished_correctly(), "{report:?}");
    assert_eq!(report.target_after.pages, 50);
    assert_eq!(report.target_after.documents, report.site.page_widgets);
    assert_eq!(report.bound.post_documents, report.site.page_widgets);
    assert_eq!(report.bound.post_pages, 5, "50 creates in batches of 10");
    assert_eq!(report.bound.post_templates, 8, "every template is created");
    assert_eq!(report.quota_floor_millis(), None);
}

#[test]
fn injected_429_bursts_and_a_low_quota_still_finish_correctly() {
    let dir = tempfile::tempdir().unwrap();
    let bundle = tiny_site(dir.path());
    let faulted = run_live(&LiveOptions {
        faults: Some(FaultConfig {
            seed: 7,
            rate_429: 0.1,
            burst_len: 2,
            retry_after_secs: 0,
            ..FaultConfig::default()
        }),
        ..options(&bundle)
    })
    .unwrap();
    assert!(faulted.injected_429s > 0, "{faulted:?}");
    assert!(faulted.retries >= faulted.injected_429s as u64);
    assert!(faulted.finished_correctly(), "{faulted:?}");
    assert_accounting(&faulted);

    let throttled = run_live(&LiveOptions {
        quota: Some(Quota {
            requests: 40,
            window_ms: 400,
        }),
        ..options(&bundle)
    })
    .unwrap();
    assert_eq!(throttled.quota_429s, 0, "a steady quota is never exceeded");
    assert!(throttled.finished_correctly(), "{throttled:?}");
    assert!(throttled.quota_floor_millis().unwrap() > 0.0);
    assert_accounting(&throttled);
}
