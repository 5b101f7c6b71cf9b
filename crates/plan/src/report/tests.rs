use super::*;
use crate::migration_plan::MigrationPlan;
use crate::planner::build_plan;
use crate::test_support::*;
use pageport_model::PageId;
use serde_json::json;

#[test]
fn text_report() {
    insta::assert_snapshot!(render_text(&scenario_plan(), false));
}

#[test]
fn markdown_report() {
    insta::assert_snapshot!(render_markdown(&scenario_plan()));
}

#[test]
fn json_report() {
    insta::assert_snapshot!(render_json(&scenario_plan()).unwrap());
}

/// The scenario under `on_existing: skip` and `unmapped: warn`, with a blog page the target
/// lacks (blocked, with its document).
fn skipping_plan() -> MigrationPlan {
    let mut bundle = bundle();
    bundle.pages.push(from(
        json!({"id": 7, "channel_id": 1, "name": "Blog", "type": "blog", "url": "/blog/"}),
    ));
    bundle.page_widgets.push(document(
        key(Some("pages/page"), Some("7")),
        json!([{"name": "blog_top", "children": [widget(S_HERO, "Blog hero", json!({}))]}]),
    ));
    build_plan(&bundle, &plan_file("skip", "warn"), inventory()).unwrap()
}

#[test]
fn text_report_with_skips_and_blocked_steps() {
    insta::assert_snapshot!(render_text(&skipping_plan(), false));
}

#[test]
fn markdown_report_lists_skips_and_blocked_steps_with_their_reason() {
    let markdown = render_markdown(&skipping_plan());
    assert!(markdown.contains(
        "| skip | About Us (page) #31 | `/about-us/` |  | 1 | target page #31 exists; \
         `on_existing: skip` leaves it |"
    ));
    assert!(markdown.contains("| blocked | Blog (blog page) | `/blog/` |"));
    assert!(markdown.contains(
        "| blocked | pages/page of \"Blog\" (new page) | 1 widget | 2 | its page `Blog` cannot be \
         created |"
    ));
    assert!(markdown.contains("| blocked | 0 | 1 | 1 | **2** |"));
}

#[test]
fn colour_is_added_only_when_asked_for() {
    let plan = scenario_plan();
    let plain = render_text(&plan, false);
    assert!(!plain.contains('\x1b'));
    let coloured = render_text(&plan, true);
    assert!(coloured.contains("\x1b[32m+ create page \"Help\" (/help/)\x1b[0m"));
    assert!(coloured.contains("\x1b[31merror[mapping.unmapped-product]\x1b[0m"));
    let stripped = coloured
        .split('\x1b')
        .enumerate()
        .map(|(i, part)| {
            if i == 0 {
                part
            } else {
                part.split_once('m').map_or(part, |(_, rest)| rest)
            }
        })
        .collect::<String>();
    assert_eq!(stripped, plain);
}

#[test]
fn a_plan_without_changes_says_there_is_nothing_to_apply() {
    let mut bundle = bundle();
    bundle.pages.retain(|p| p.id == Some(PageId(4)));
    bundle.page_widgets.clear();
    let plan = build_plan(&bundle, &plan_file("update", "fail"), inventory()).unwrap();
    let markdown = render_markdown(&plan);
    assert!(
        markdown.contains("No errors, 0 warnings; the target already matches: nothing to apply.")
    );
    let text = render_text(&plan, false);
    assert!(text.contains("Summary: 0 to create, 0 to update, 0 to overwrite, 1 unchanged"));
    assert!(text.contains("= unchanged contact form page \"Contact Us\" (/contact-us/) #32"));
    let json: serde_json::Value = serde_json::from_str(&render_json(&plan).unwrap()).unwrap();
    assert_eq!(json["has_changes"], json!(false));
    assert_eq!(json["has_errors"], json!(false));
}

#[test]
fn a_huge_plan_fits_in_one_pull_request_comment() {
    let mut plan = scenario_plan();
    let template = plan.pages[0].clone();
    let diagnostic = plan.diagnostics[0].clone();
    for i in 0..3_000 {
        let mut page = template.clone();
        page.source_id = PageId(1_000 + i);
        page.name = format!("A page with a rather long name to fill the table, number {i}");
        plan.pages.push(page);
        plan.diagnostics.insert(0, diagnostic.clone());
    }
    let markdown = render_markdown(&plan);
    assert!(
        markdown.chars().count() < GITHUB_COMMENT_LIMIT,
        "{}",
        markdown.len()
    );
    assert!(
        markdown.contains("| create | 1 | 4 | 2 | **7** |"),
        "the summary stays"
    );
    assert!(markdown.contains("more"));
    assert!(markdown.contains("_Some lists are cut to fit a pull-request comment"));
    // A plan that fits is not cut.
    assert!(!render_markdown(&scenario_plan()).contains("Some lists are cut"));
}

#[test]
fn markdown_escapes_what_would_break_a_table() {
    let mut plan = scenario_plan();
    plan.pages[0].name = "Sizes | <b>Fit</b> *new*".into();
    plan.pages[0].url = Some("/a|b/".into());
    let markdown = render_markdown(&plan);
    assert!(markdown.contains(r"| create | Sizes \| \<b\>Fit\</b\> \*new\* (page) | `/a\|b/` |"));
}
