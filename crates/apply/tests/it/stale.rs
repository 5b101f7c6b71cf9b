//! A target changed between plan and apply: apply refuses, names what changed, writes nothing
//! and leaves no run behind.

use crate::support::Demo;
use pageport_apply::{ApplyError, NoProgress, RunDir, apply};
use pageport_client::PageQuery;
use pageport_model::{Page, PageType, PageWidgetsPublish};

#[tokio::test]
async fn a_page_edited_after_planning_makes_the_plan_stale() {
    let demo = Demo::start(|_| {});
    demo.prepare_production().await;
    let plan = demo.plan().await;
    let mut about = demo
        .production
        .list_pages(&PageQuery {
            name: Some("About Us".into()),
            include_body: true,
            ..PageQuery::default()
        })
        .await
        .unwrap()
        .remove(0);
    let id = about.id.unwrap();
    about.body = Some(Some("<p>Edited in production meanwhile.</p>".into()));
    assert!(demo.production.update_pages(&[about]).await.is_complete());

    let writes = demo.writes();
    let err = apply(&plan, &demo.production, &demo.options(), &NoProgress)
        .await
        .unwrap_err();
    let ApplyError::StalePlan { objects } = &err else {
        panic!("{err}");
    };
    assert_eq!(objects, &[format!("page:{id}")]);
    assert!(err.to_string().contains(&format!("`page:{id}`")), "{err}");
    assert_eq!(demo.writes(), writes, "nothing written");
    let target = &plan.target;
    assert_eq!(
        RunDir::find_unfinished(demo.state.path(), target).unwrap(),
        None
    );
    assert!(!demo.state.path().join("runs").exists(), "no run directory");
}

#[tokio::test]
async fn a_page_or_document_added_after_planning_makes_the_plan_stale() {
    let demo = Demo::start(|_| {});
    demo.prepare_production().await;
    let plan = demo.plan().await;
    let mut faq = Page::new("FAQ", PageType::Page);
    faq.url = Some("/faq/".into());
    faq.body = Some(Some("<p>Ours.</p>".into()));
    assert!(demo.production.create_pages(&[faq]).await.is_complete());
    let global = plan
        .documents
        .iter()
        .find_map(|d| d.target_key.clone().filter(|k| k.is_global()))
        .unwrap();
    let home_regions = demo
        .sandbox
        .sandbox()
        .store_state("production")
        .unwrap()
        .page_widgets
        .into_values()
        .next()
        .unwrap();
    demo.production
        .publish_page_widgets(&PageWidgetsPublish {
            channel_id: Some(global.channel_id),
            template_file: None,
            entity_id: None,
            regions: home_regions,
        })
        .await
        .unwrap();

    let err = apply(&plan, &demo.production, &demo.options(), &NoProgress)
        .await
        .unwrap_err();
    let ApplyError::StalePlan { objects } = &err else {
        panic!("{err}");
    };
    assert_eq!(
        objects,
        &[
            "page-widgets:channel 1 global regions".to_owned(),
            "pages:store".to_owned()
        ]
    );
}

#[tokio::test]
async fn a_plan_with_errors_or_for_another_store_is_refused_before_reading() {
    let demo = Demo::start(|_| {});
    let mut plan = demo.plan().await;
    let requests = demo.sandbox.sandbox().requests().len();
    let err = apply(&plan, &demo.staging, &demo.options(), &NoProgress)
        .await
        .unwrap_err();
    assert!(matches!(err, ApplyError::WrongStore { .. }), "{err}");

    plan.diagnostics.push(pageport_plan::PlanDiagnostic::new(
        pageport_validate::Severity::Error,
        "test",
        "plan",
        "made up",
    ));
    let err = apply(&plan, &demo.production, &demo.options(), &NoProgress)
        .await
        .unwrap_err();
    assert!(
        matches!(err, ApplyError::PlanHasErrors { errors: 1 }),
        "{err}"
    );
    assert_eq!(demo.sandbox.sandbox().requests().len(), requests);
}
