//! Apply then restore: the target comes back as it was before the apply.

use crate::support::Demo;
use pageport_apply::backup::read_backup;
use pageport_apply::{NoProgress, RestoreOptions, RunDir, apply, restore};
use pageport_test_support::store_view::{content, normalized, page_counts};

#[tokio::test]
async fn restore_puts_the_target_back_exactly_as_it_was_before_apply() {
    let demo = Demo::start(|_| {});
    demo.prepare_production().await;
    let before = demo.production_state();
    let plan = demo.plan().await;
    assert_eq!(
        plan.summary.pages.update, 1,
        "About Us exists in production"
    );
    assert_eq!(plan.summary.documents.overwrite, 1, "so does a home page");
    let summary = apply(&plan, &demo.production, &demo.options(), &NoProgress)
        .await
        .unwrap();
    assert!(summary.is_complete(), "{:#?}", summary.failed);
    assert_eq!(
        summary.updated.len(),
        2,
        "About Us, and the drifted `Text` template"
    );
    assert_eq!(summary.overwritten.len(), 1);
    assert_ne!(normalized(&demo.production_state()), normalized(&before));

    let backup = read_backup(&summary.backup_dir).unwrap();
    let about = &before
        .pages
        .values()
        .find(|p| p.name == "About Us")
        .unwrap();
    assert_eq!(backup.pages.len(), 1);
    assert_eq!(backup.pages[0].body, about.body, "the page as it was");
    let empty = backup
        .page_widgets
        .iter()
        .filter(|d| d.regions.is_empty())
        .count();
    assert_eq!(
        backup.page_widgets.len(),
        5,
        "global, home, About Us's and two product documents"
    );
    assert_eq!(empty, 4, "documents that were empty are recorded too");

    let restored = restore(
        &demo.production,
        &summary.run_dir,
        &RestoreOptions {
            delete_created: true,
            ..demo.restore_options()
        },
    )
    .await
    .unwrap();
    assert!(restored.is_complete(), "{:#?}", restored.failed);
    assert_eq!(restored.pages_deleted.len(), 16);
    assert_eq!(restored.templates_deleted.len(), 1);
    assert_eq!(
        backup
            .widget_templates
            .iter()
            .map(|t| t.name.as_str())
            .collect::<Vec<_>>(),
        ["Text"],
        "the updated template's previous definition"
    );
    assert_eq!(restored.templates_restored.len(), 1);
    assert_eq!(
        restored.documents_emptied.len(),
        2,
        "Our Story and Shipping & Returns"
    );

    let after = demo.production_state();
    assert_eq!(after.pages, before.pages);
    assert_eq!(after.page_widgets, before.page_widgets);
    // The template put back is a new version: its definition is as before, and the version
    // the run made stays in its history.
    assert_eq!(
        content(&after)["widget_templates"],
        content(&before)["widget_templates"]
    );
    let text = after
        .widget_templates
        .values()
        .find(|t| t.name == "Text")
        .unwrap();
    assert_eq!(after.widget_template_versions[text.uuid.as_str()].len(), 2);

    let run = RunDir::open(&summary.run_dir).unwrap();
    assert!(!run.is_unfinished().unwrap(), "a restored run is closed");
    let again = demo.plan().await;
    assert_eq!(
        again.summary, plan.summary,
        "the migration can be planned anew"
    );
}

#[tokio::test]
async fn by_default_restore_keeps_what_the_run_created() {
    let demo = Demo::start(|_| {});
    demo.prepare_production().await;
    let before = demo.production_state();
    let plan = demo.plan().await;
    let summary = apply(&plan, &demo.production, &demo.options(), &NoProgress)
        .await
        .unwrap();
    let restored = restore(
        &demo.production,
        &summary.backup_dir,
        &demo.restore_options(),
    )
    .await
    .unwrap();
    assert!(restored.is_complete(), "{:#?}", restored.failed);
    assert!(restored.pages_deleted.is_empty());
    let after = demo.production_state();
    assert_eq!(page_counts(&after, 1).len(), 17, "created pages stay");
    let about = after.pages.values().find(|p| p.name == "About Us").unwrap();
    let original = before
        .pages
        .values()
        .find(|p| p.name == "About Us")
        .unwrap();
    assert_eq!(about, original, "the updated page is put back");
    let home = before
        .page_widgets
        .iter()
        .find(|(k, _)| {
            k.template_file
                .as_ref()
                .is_some_and(|f| f.as_str() == "pages/home")
        })
        .unwrap();
    assert_eq!(after.page_widgets.get(home.0), Some(home.1));
}

#[tokio::test]
async fn a_backup_of_another_store_is_refused() {
    let demo = Demo::start(|_| {});
    let plan = demo.plan().await;
    let summary = apply(&plan, &demo.production, &demo.options(), &NoProgress)
        .await
        .unwrap();
    let writes = demo.writes();
    let err = restore(&demo.staging, &summary.run_dir, &demo.restore_options())
        .await
        .unwrap_err();
    assert!(
        matches!(err, pageport_apply::RestoreError::WrongStore { .. }),
        "{err}"
    );
    assert_eq!(demo.writes(), writes);
}

#[tokio::test]
async fn restoring_a_killed_run_undoes_it_and_closes_it() {
    // The demo migration over prepared production makes 12 writes; kill after each.
    for stop in 1..=12 {
        let demo = Demo::start(|_| {});
        demo.prepare_production().await;
        let before = demo.production_state();
        let plan = demo.plan().await;
        let options = pageport_apply::ApplyOptions {
            stop_after_writes: Some(stop),
            ..demo.options()
        };
        let err = apply(&plan, &demo.production, &options, &NoProgress)
            .await
            .unwrap_err();
        assert!(
            matches!(err, pageport_apply::ApplyError::StoppedByTestHook { .. }),
            "{err}"
        );
        let run = RunDir::find_unfinished(demo.state.path(), &plan.target)
            .unwrap()
            .unwrap();

        let restored = restore(
            &demo.production,
            &run.path,
            &RestoreOptions {
                delete_created: true,
                ..demo.restore_options()
            },
        )
        .await
        .unwrap();
        assert!(
            restored.is_complete(),
            "stop {stop}: {:#?}",
            restored.failed
        );
        let after = demo.production_state();
        assert_eq!(after.pages, before.pages, "stop {stop}");
        assert_eq!(after.page_widgets, before.page_widgets, "stop {stop}");
        // A template put back is a new version: only its definition comes back.
        assert_eq!(
            content(&after)["widget_templates"],
            content(&before)["widget_templates"],
            "stop {stop}"
        );
        assert_eq!(
            RunDir::find_unfinished(demo.state.path(), &plan.target).unwrap(),
            None
        );

        let summary = apply(&plan, &demo.production, &demo.options(), &NoProgress)
            .await
            .unwrap();
        assert!(!summary.resumed, "a new run");
        assert_ne!(summary.run_id, run.info.run_id);
        assert!(summary.is_complete(), "stop {stop}: {:#?}", summary.failed);
    }
}
