//! Runs interrupted at every write (a test hook stops the executor after the n-th call
//! returned and before its result is journaled, as a kill would) and lost answers: applying
//! again resumes the run, and the target ends exactly as after an uninterrupted run, without a
//! duplicate page, with the backup still holding the original state.

use crate::support::Demo;
use pageport_apply::backup::read_backup;
use pageport_apply::journal::{JournalState, read_records};
use pageport_apply::{ApplyError, ApplyOptions, NoProgress, apply};
use pageport_sandbox::{FaultConfig, Outcome};
use pageport_test_support::store_view::{normalized, page_counts};
use serde_json::Value;

/// The production store after an uninterrupted run of the demo migration over prepared
/// production content, normalised, with its template count; and the number of writes.
async fn uninterrupted() -> (Value, usize, usize) {
    let demo = Demo::start(|_| {});
    demo.prepare_production().await;
    let plan = demo.plan().await;
    let before = demo.writes();
    let summary = apply(&plan, &demo.production, &demo.options(), &NoProgress)
        .await
        .unwrap();
    assert!(summary.is_complete());
    let state = demo.production_state();
    (
        normalized(&state),
        state.widget_templates.len(),
        demo.writes() - before,
    )
}

fn stopping_after(demo: &Demo, writes: usize) -> ApplyOptions {
    ApplyOptions {
        stop_after_writes: Some(writes),
        ..demo.options()
    }
}

#[tokio::test]
async fn a_run_killed_after_any_write_resumes_to_the_same_end_state() {
    let (expected, templates, writes) = uninterrupted().await;
    assert_eq!(
        writes, 13,
        "template update and create, 4 page batches, 7 documents"
    );
    for stop in 1..=writes {
        let demo = Demo::start(|_| {});
        demo.prepare_production().await;
        let original = demo.production_state();
        let plan = demo.plan().await;
        let err = apply(
            &plan,
            &demo.production,
            &stopping_after(&demo, stop),
            &NoProgress,
        )
        .await
        .unwrap_err();
        assert!(matches!(err, ApplyError::StoppedByTestHook { .. }), "{err}");

        let summary = apply(&plan, &demo.production, &demo.options(), &NoProgress)
            .await
            .unwrap_or_else(|e| panic!("resume after write {stop}: {e}"));
        assert!(summary.resumed, "stopped after write {stop}");
        assert!(
            summary.is_complete(),
            "after write {stop}: {:#?}",
            summary.failed
        );
        assert!(
            summary
                .created
                .iter()
                .chain(&summary.updated)
                .any(|l| l.earlier),
            "after write {stop}"
        );

        let state = demo.production_state();
        assert!(
            page_counts(&state, 1).values().all(|n| *n == 1),
            "duplicate pages after write {stop}: {:?}",
            page_counts(&state, 1)
        );
        assert_eq!(normalized(&state), expected, "after write {stop}");
        assert_eq!(
            state.widget_templates.len(),
            templates,
            "after write {stop}"
        );

        let backup = read_backup(&summary.backup_dir).unwrap();
        let about = original
            .pages
            .values()
            .find(|p| p.name == "About Us")
            .unwrap();
        assert_eq!(backup.pages, vec![about.clone()], "after write {stop}");
        let home = original.page_widgets.values().next().unwrap();
        assert!(
            backup.page_widgets.iter().any(|d| d.regions == *home),
            "the original home page is kept, after write {stop}"
        );
        let journal = read_records(&summary.run_dir.join("journal.jsonl")).unwrap();
        let state = JournalState::replay(&journal);
        assert!(state.in_doubt.is_empty(), "after write {stop}");
        assert_eq!(state.finished, Some(true));
    }
}

#[tokio::test]
async fn a_plan_made_after_the_kill_continues_the_same_run() {
    let (expected, _, _) = uninterrupted().await;
    let demo = Demo::start(|_| {});
    demo.prepare_production().await;
    let original = demo.production_state();
    let plan = demo.plan().await;
    // template, layer-0 creates, the About Us update: the update landed, its result is lost.
    let err = apply(
        &plan,
        &demo.production,
        &stopping_after(&demo, 3),
        &NoProgress,
    )
    .await
    .unwrap_err();
    assert!(
        matches!(err, ApplyError::StoppedByTestHook { writes: 3 }),
        "{err}"
    );

    let replanned = demo.plan().await;
    assert_ne!(replanned, plan);
    assert_eq!(
        replanned.summary.pages.create, 8,
        "the top-level pages exist already"
    );
    let summary = apply(&replanned, &demo.production, &demo.options(), &NoProgress)
        .await
        .unwrap();
    assert!(summary.resumed);
    assert!(summary.is_complete(), "{:#?}", summary.failed);
    assert!(summary.run_dir.join("plan-2.json").is_file());
    let state = demo.production_state();
    assert!(page_counts(&state, 1).values().all(|n| *n == 1));
    assert_eq!(normalized(&state), expected);
    let backup = read_backup(&summary.backup_dir).unwrap();
    let about = original
        .pages
        .values()
        .find(|p| p.name == "About Us")
        .unwrap();
    assert_eq!(
        backup.pages,
        vec![about.clone()],
        "the original, not the updated page"
    );
}

#[tokio::test]
async fn lost_answers_to_creates_do_not_duplicate_anything() {
    let (expected, templates, _) = uninterrupted().await;
    // Two page creates lost (the layer-0 batch, then a layer-1 one), the template create lost.
    for (path, lost) in [("/content/pages", 2), ("/content/widget-templates", 1)] {
        let demo = Demo::start(|_| {});
        demo.prepare_production().await;
        let plan = demo.plan().await;
        // Creates are applied, then their connection dropped before the answer.
        demo.sandbox.sandbox().set_faults(FaultConfig {
            rate_drop_after_apply: 1.0,
            methods: vec!["POST".into()],
            path_contains: path.into(),
            max_faults: 2,
            ..FaultConfig::default()
        });
        let summary = apply(&plan, &demo.production, &demo.options(), &NoProgress)
            .await
            .unwrap();
        let dropped = demo
            .sandbox
            .sandbox()
            .requests()
            .iter()
            .filter(|r| r.outcome == Outcome::DroppedAfterApply)
            .count();
        assert_eq!(dropped, lost, "{path}");
        assert!(summary.is_complete(), "{path}: {:#?}", summary.failed);
        let state = demo.production_state();
        let counts = page_counts(&state, 1);
        assert!(counts.values().all(|n| *n == 1), "{path}: {counts:?}");
        assert_eq!(normalized(&state), expected, "{path}");
        assert_eq!(state.widget_templates.len(), templates, "{path}");
    }
}
