//! 429 bursts, 5xx answers and dropped connections (before and after the store applied the
//! write) injected into every request to production: `apply` still exits 0, and production
//! ends exactly as after a run without faults.

use crate::apply_crash::{apply_one_at_a_time, uninterrupted_state};
use crate::support::workdir;
use pageport_sandbox::{FaultConfig, Outcome};
use pageport_test_support::blocking::prepare_production;
use pageport_test_support::store_view::{assert_no_duplicate_pages, normalized};
use pageport_test_support::{SandboxExt, demo};

/// Applies the one-at-a-time plan over prepared production with seeded faults; returns how
/// many requests were faulted, and how many of them were writes.
fn apply_with_faults(faults: FaultConfig) -> (usize, usize) {
    let label = format!("{faults:?}");
    let sandbox = demo();
    prepare_production(&sandbox);
    let dir = workdir();
    sandbox.sandbox().set_faults(faults);
    let run = apply_one_at_a_time(&dir, &sandbox);
    run.assert_code(0).assert_no_secret();
    run.assert_stderr_says("failed 0")
        .assert_stderr_says("Verification: planned again, nothing is left to change");
    let faulted: Vec<_> = sandbox
        .requests()
        .into_iter()
        .filter(|r| r.outcome != Outcome::Answered)
        .collect();
    let production = sandbox.store("production");
    assert_no_duplicate_pages(&production, 1, &label);
    assert_eq!(&normalized(&production), uninterrupted_state(), "{label}");
    dir.assert_no_secret_in_files();
    let writes = faulted.iter().filter(|r| r.is_write()).count();
    (faulted.len(), writes)
}

#[test]
fn faults_on_every_kind_of_request_do_not_change_the_end_state() {
    let mut faulted_writes = 0;
    for seed in [3, 11] {
        let (faulted, writes) = apply_with_faults(FaultConfig {
            seed,
            rate_429: 0.06,
            burst_len: 2,
            retry_after_secs: 0,
            rate_5xx: 0.05,
            rate_drop: 0.04,
            rate_drop_after_apply: 0.05,
            path_contains: "/stores/production/".into(),
            max_faults: 8,
            ..FaultConfig::default()
        });
        assert!(faulted > 0, "seed {seed} injected no fault");
        faulted_writes += writes;
    }
    assert!(faulted_writes > 0, "no write was faulted");
}

#[test]
fn lost_answers_to_writes_do_not_duplicate_anything() {
    // About a third of the writes are applied and their answers lost, six in all.
    let (_, faulted) = apply_with_faults(FaultConfig {
        seed: 5,
        rate_drop_after_apply: 0.35,
        methods: vec!["POST".into(), "PUT".into()],
        path_contains: "/stores/production/".into(),
        max_faults: 6,
        ..FaultConfig::default()
    });
    assert!(faulted >= 3, "only {faulted} answers were lost");
}

#[test]
fn a_success_answer_that_applied_nothing_is_found_by_verification_and_exits_4() {
    let sandbox = demo();
    let dir = workdir();
    // One document publish is answered 200 with an error body, and the store keeps nothing.
    sandbox.sandbox().set_faults(FaultConfig {
        rate_ok_unapplied: 1.0,
        methods: vec!["POST".into()],
        path_contains: "/stores/production/v3/content/page-widgets".into(),
        max_faults: 1,
        ..FaultConfig::default()
    });
    let run = apply_one_at_a_time(&dir, &sandbox);
    run.assert_code(4).assert_no_secret();
    run.assert_stderr_says(
        "every write was answered as a success, but planning again finds the target still differs from the plan",
    );
    let faulted: Vec<String> = sandbox
        .requests()
        .into_iter()
        .filter(|r| r.outcome == Outcome::Faulted)
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert_eq!(faulted.len(), 1, "{faulted:?}");
    let named: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.trim_start().starts_with("- page-widget document"))
        .collect();
    assert_eq!(
        named.len(),
        1,
        "the one unapplied document is named: {}",
        run.stderr
    );
    assert!(named[0].ends_with(": publish"), "{}", named[0]);
}
