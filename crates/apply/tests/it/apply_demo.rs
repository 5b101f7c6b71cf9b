//! The full demo migration: staging → an empty production store, then planning again.

use crate::support::{Demo, Recorder};
use pageport_apply::journal::{Record, read_records};
use pageport_apply::{ApplyEvent, apply};
use pageport_model::{ChannelId, PageId, PageWidgetsKey};
use pageport_sandbox::state::StoreState;
use pageport_test_support::store_view::page_counts;

fn parent_name(state: &StoreState, id: Option<PageId>) -> Option<String> {
    id.and_then(|id| state.pages.get(&id))
        .map(|p| p.name.clone())
}

#[tokio::test]
async fn the_demo_migration_lands_completely_and_planning_again_finds_nothing_to_do() {
    let demo = Demo::start(|_| {});
    let plan = demo.plan().await;
    assert_eq!(plan.summary.pages.create, 17);
    assert_eq!(plan.summary.templates.create, 1);
    let progress = Recorder::default();
    let summary = apply(&plan, &demo.production, &demo.options(), &progress)
        .await
        .unwrap();
    assert!(summary.is_complete(), "{:#?}", summary.failed);
    assert_eq!(
        summary.created.len(),
        1 + 17 + 7,
        "template, pages, documents"
    );
    assert!(!summary.resumed);

    // Pages: each staging page once, under the same parent, with the same body.
    let staging = demo.sandbox.sandbox().store_state("staging").unwrap();
    let production = demo.production_state();
    assert_eq!(production.pages.len(), 17);
    assert!(page_counts(&production, 1).values().all(|n| *n == 1));
    for page in staging.pages.values() {
        let copy = production
            .pages
            .values()
            .find(|p| p.name == page.name)
            .unwrap();
        assert_eq!(
            parent_name(&production, copy.parent()),
            parent_name(&staging, page.parent()),
            "parent of {}",
            page.name
        );
        assert_eq!(copy.body, page.body, "body of {}", page.name);
        assert_ne!(copy.id, page.id, "production ids are its own");
    }

    // The missing template was created; every widget uses a production template.
    let carousel = production
        .widget_templates
        .values()
        .find(|t| t.name == "Product Carousel")
        .unwrap();
    assert!(
        !staging
            .widget_templates
            .contains_key(carousel.uuid.as_str())
    );
    for (key, regions) in &production.page_widgets {
        let text = serde_json::to_string(regions).unwrap();
        for uuid in staging.widget_templates.keys() {
            assert!(
                !text.contains(uuid.as_str()),
                "{key} uses staging template {uuid}"
            );
        }
    }

    // Documents: remapped keys (new page ids, production product ids) and ids inside.
    let about = production
        .pages
        .values()
        .find(|p| p.name == "About Us")
        .unwrap();
    let keys: Vec<String> = production
        .page_widgets
        .keys()
        .map(ToString::to_string)
        .collect();
    let about_key = format!("channel 1 pages/page #{}", about.id.unwrap());
    assert!(keys.contains(&about_key), "{keys:?}");
    assert!(
        keys.contains(&"channel 1 pages/product #1077".to_owned()),
        "{keys:?}"
    );
    assert_eq!(keys.len(), 7, "{keys:?}");
    let home = PageWidgetsKey {
        channel_id: ChannelId(1),
        template_file: Some("pages/home".into()),
        entity_id: None,
    };
    let home = serde_json::to_string(&production.page_widgets[&home]).unwrap();
    assert!(home.contains(r#""categoryId":"23""#), "{home}");
    assert!(home.contains(r#""categoryId":23"#), "{home}");
    assert!(!home.contains(r#""categoryId":"18""#), "{home}");

    // The run directory, and the backup made durable before the first write.
    assert!(summary.run_dir.join("plan.json").is_file());
    let records = read_records(&summary.run_dir.join("journal.jsonl")).unwrap();
    let backup_at = records
        .iter()
        .position(|r| matches!(r, Record::BackupDurable { .. }))
        .unwrap();
    let first_intent = records
        .iter()
        .position(|r| matches!(r, Record::Intent { .. }))
        .unwrap();
    assert!(backup_at < first_intent);
    assert_eq!(
        records.last(),
        Some(&Record::RunFinished { complete: true })
    );
    let events = progress.events();
    let durable = events
        .iter()
        .position(|e| matches!(e, ApplyEvent::BackupDurable { .. }))
        .unwrap();
    let landed = events
        .iter()
        .position(|e| matches!(e, ApplyEvent::StepLanded { .. }))
        .unwrap();
    assert!(durable < landed);
    assert_eq!(
        events.last(),
        Some(&ApplyEvent::Finished { complete: true })
    );

    let again = demo.plan().await;
    assert!(
        !again.has_changes(),
        "{}",
        pageport_plan::render_text(&again, false)
    );
}

#[tokio::test]
async fn the_summary_lists_every_step_in_plan_order() {
    let demo = Demo::start(|_| {});
    let plan = demo.plan().await;
    let summary = apply(
        &plan,
        &demo.production,
        &demo.options(),
        &pageport_apply::NoProgress,
    )
    .await
    .unwrap();
    assert!(summary.stats.api_calls > 0);
    insta::assert_yaml_snapshot!(summary, {
        ".run_id" => "[run id]",
        ".run_dir" => "[run dir]",
        ".backup_dir" => "[backup dir]",
        ".stats" => "[stats]",
        ".created[0].target" => "[new template uuid]",
    });
}

#[tokio::test]
async fn applying_an_applied_plan_again_is_refused_as_stale_and_writes_nothing() {
    let demo = Demo::start(|_| {});
    let plan = demo.plan().await;
    let options = demo.options();
    apply(
        &plan,
        &demo.production,
        &options,
        &pageport_apply::NoProgress,
    )
    .await
    .unwrap();
    let writes = demo.writes();
    let err = apply(
        &plan,
        &demo.production,
        &options,
        &pageport_apply::NoProgress,
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&err, pageport_apply::ApplyError::StalePlan { objects } if objects.contains(&"pages:store".to_owned())),
        "{err}"
    );
    assert_eq!(demo.writes(), writes);
}
