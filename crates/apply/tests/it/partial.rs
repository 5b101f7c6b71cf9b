//! Writes the store refuses: each failure is reported with the store's message, what depends
//! on it is not attempted, and everything else lands.

use crate::support::Demo;
use pageport_apply::journal::{Record, read_records};
use pageport_apply::{ApplySummary, NoProgress, RunDir, apply};

fn failure<'s>(summary: &'s ApplySummary, label: &str) -> &'s str {
    summary
        .failed
        .iter()
        .find(|f| f.label == label)
        .map(|f| f.message.as_str())
        .unwrap_or_else(|| panic!("{label} did not fail: {:#?}", summary.failed))
}

#[tokio::test]
async fn refused_writes_are_reported_and_the_rest_lands() {
    // The sandbox holds at most 9 pages (the plan checks the documented 4,000) and 4 widgets
    // per document (the home page has 5): the nine top-level pages land, their children are
    // refused, and so is the home page.
    let demo = Demo::start(|config| {
        config.limits.web_pages_per_store = 9;
        config.limits.widgets_per_page = 4;
    });
    let plan = demo.plan().await;
    let summary = apply(&plan, &demo.production, &demo.options(), &NoProgress)
        .await
        .unwrap();
    assert!(!summary.is_complete());

    let refused = failure(&summary, "page \"Our Story\"");
    assert!(
        refused.contains("422") && refused.contains("limit of 9 web pages"),
        "the store's message: {refused}"
    );
    assert_eq!(
        failure(&summary, "page \"Meet the Founders\""),
        "its parent page \"Our Story\" did not land"
    );
    assert_eq!(
        failure(&summary, "pages/page of \"Shipping & Returns\""),
        "its page \"Shipping & Returns\" did not land"
    );
    let home = failure(&summary, "pages/home");
    assert!(home.contains("422"), "{home}");
    let failed_pages = summary
        .failed
        .iter()
        .filter(|f| f.label.starts_with("page "))
        .count();
    assert_eq!(
        failed_pages, 8,
        "six refused, two children of refused parents"
    );

    let production = demo.production_state();
    assert_eq!(production.pages.len(), 9);
    let landed_pages = summary
        .created
        .iter()
        .filter(|l| l.label.starts_with("page "))
        .count();
    assert_eq!(landed_pages, 9);
    let about = production
        .pages
        .values()
        .find(|p| p.name == "About Us")
        .unwrap();
    let about_key = format!("channel 1 pages/page #{}", about.id.unwrap());
    assert!(
        production
            .page_widgets
            .keys()
            .any(|k| k.to_string() == about_key),
        "the document of a page that landed is published"
    );
    assert_eq!(
        summary.landed() + summary.failed.len(),
        plan.summary.total.writes(),
        "every planned write is accounted for"
    );

    let records = read_records(&summary.run_dir.join("journal.jsonl")).unwrap();
    assert_eq!(
        records.last(),
        Some(&Record::RunFinished { complete: false })
    );
    assert!(
        !RunDir::open(&summary.run_dir)
            .unwrap()
            .is_unfinished()
            .unwrap()
    );
}
