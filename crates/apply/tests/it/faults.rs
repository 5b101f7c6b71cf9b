//! 429 bursts, 5xx answers and dropped connections (before and after the write is applied)
//! injected while applying: the run still ends complete, in the same state as without faults.

use crate::support::Demo;
use pageport_apply::{ApplyOptions, NoProgress, apply};
use pageport_sandbox::{FaultConfig, Outcome};
use pageport_test_support::store_view::{normalized, page_counts};

#[tokio::test]
async fn faults_during_apply_do_not_change_the_end_state() {
    let reference = Demo::start(|_| {});
    reference.prepare_production().await;
    let plan = reference.plan().await;
    let summary = apply(
        &plan,
        &reference.production,
        &reference.options(),
        &NoProgress,
    )
    .await
    .unwrap();
    assert!(summary.is_complete());
    let expected = normalized(&reference.production_state());

    for seed in 1..=4 {
        let demo = Demo::start(|_| {});
        demo.prepare_production().await;
        let plan = demo.plan().await;
        demo.sandbox.sandbox().set_faults(FaultConfig {
            seed,
            rate_429: 0.05,
            burst_len: 2,
            retry_after_secs: 0,
            rate_5xx: 0.05,
            rate_drop: 0.04,
            rate_drop_after_apply: 0.04,
            ..FaultConfig::default()
        });
        // One call at a time, so the seeded faults hit the same requests on every run.
        let options = ApplyOptions {
            concurrency: 1,
            ..demo.options()
        };
        let summary = apply(&plan, &demo.production, &options, &NoProgress)
            .await
            .unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        assert!(summary.is_complete(), "seed {seed}: {:#?}", summary.failed);
        let faulted = demo
            .sandbox
            .sandbox()
            .requests()
            .iter()
            .filter(|r| r.outcome != Outcome::Answered)
            .count();
        assert!(faulted > 0, "seed {seed} injected no fault");
        assert!(summary.stats.retries > 0, "seed {seed}");
        let state = demo.production_state();
        assert!(
            page_counts(&state, 1).values().all(|n| *n == 1),
            "seed {seed}"
        );
        assert_eq!(normalized(&state), expected, "seed {seed}");
    }
}
