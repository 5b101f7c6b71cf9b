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
    assert!(
        markdown
            .contains(r"| create | Sizes \| &lt;b&gt;Fit&lt;/b&gt; \*new\* (page) | `/a\|b/` |")
    );
}

/// A page name a hostile store could send: an ESC sequence that clears the screen, a CR that
/// forges a line, an OSC-8 link, a bidi override, a backtick run and an HTML comment.
const HOSTILE: &str = "Sale\u{1b}[2J\rerror: forged\u{1b}]8;;http://evil\u{1b}\\x\u{202e}txt`` <!-- hidden --> [a](http://b)";

/// The scenario plan with the hostile name on a page, in a diagnostic's location, message and
/// path, and in a skip reason.
fn hostile_plan() -> MigrationPlan {
    let mut plan = scenario_plan();
    plan.pages[0].name = HOSTILE.into();
    plan.pages[0].url = Some(format!("/{HOSTILE}/"));
    let quoted = pageport_model::escape::quote(HOSTILE);
    plan.diagnostics[0].location = format!("page {quoted} (source #1)");
    let long = pageport_model::escape::quote(&"x".repeat(10_000));
    plan.diagnostics[0].message = format!("name {quoted} is taken by {long}");
    plan.diagnostics[0].path = Some(format!("configuration[\"{HOSTILE}\"]"));
    plan.pages[1].reason = Some(format!("its page {quoted} cannot be created"));
    plan
}

#[test]
fn hostile_store_text_is_visible_in_the_terminal() {
    let text = render_text(&hostile_plan(), false);
    assert!(!text.contains('\u{1b}'), "no ESC");
    assert!(!text.contains('\r'), "no CR");
    assert!(!text.contains('\u{202e}'), "no bidi override");
    assert!(text.contains(r"Sale\e[2J\rerror: forged\e]8;;http://evil\e\x\u{202e}txt"));
    assert!(
        text.lines().all(|line| line.chars().count() < 1_000),
        "values are shortened"
    );
}

#[test]
fn hostile_store_text_cannot_break_out_of_markdown_code_spans() {
    use pageport_model::escape::Span;
    use pageport_model::escape::markdown::read_spans;
    let markdown = render_markdown(&hostile_plan());
    assert!(!markdown.contains('\u{1b}') && !markdown.contains('\r'));
    for line in markdown.lines() {
        let prose: String = read_spans(line)
            .into_iter()
            .filter_map(|span| match span {
                Span::Text(text) => Some(text),
                Span::Code(_) => None,
            })
            .collect();
        assert!(
            !prose.contains("<!--"),
            "an HTML comment outside a code span: {line}"
        );
        assert!(
            !prose.contains("[a](http"),
            "a live link outside a code span: {line}"
        );
    }
    // The name in the pages table is escaped text; in messages it is a code span.
    assert!(markdown.contains("txt\\`\\` &lt;!-- hidden --&gt; \\[a\\](http://b)"));
    assert!(markdown.contains("page ```Sale\\e[2J"));
}

#[test]
fn json_keeps_hostile_store_text_whole() {
    let json: serde_json::Value =
        serde_json::from_str(&render_json(&hostile_plan()).unwrap()).unwrap();
    let page = &json["layers"][0]
        .as_array()
        .unwrap()
        .iter()
        .find(|step| step["kind"] == "page" && step["name"] == HOSTILE);
    assert!(page.is_some(), "the full name, ESC and CR included");
    assert!(
        json["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .ends_with(&format!("{}`", "x".repeat(10_000)))
    );
}

/// The scenario with About Us's body long and multi-line, edited on its fourth line, well
/// past the 45th character where short inline values are cut.
fn long_body_plan() -> MigrationPlan {
    let body = |year: &str| {
        format!(
            "<section class=\"about\">\n<h1>About Us</h1>\n<p>We make simple, durable things for the kitchen, bath and garden.</p>\n<p>Family-run since {year}, from one workshop.</p>\n<p>Visit us any weekday.</p>\n</section>"
        )
    };
    let mut bundle = bundle();
    let about = bundle
        .pages
        .iter_mut()
        .find(|p| p.name == "About Us")
        .expect("the scenario has About Us");
    about.body = Some(Some(body("1998")));
    let mut inventory = inventory();
    let target = inventory
        .pages
        .iter_mut()
        .find(|p| p.name == "About Us")
        .expect("the target has About Us");
    target.body = Some(Some(body("1999")));
    build_plan(&bundle, &plan_file("update", "fail"), inventory).unwrap()
}

#[test]
fn a_body_edit_past_the_45th_character_is_shown_as_a_complete_line_diff() {
    let plan = long_body_plan();
    let text = render_text(&plan, false);
    assert!(
        text.contains("body (changed: see the diff below)"),
        "{text}"
    );
    for line in [
        "        -<p>Family-run since 1999, from one workshop.</p>",
        "        +<p>Family-run since 1998, from one workshop.</p>",
        "         <p>We make simple, durable things for the kitchen, bath and garden.</p>",
    ] {
        assert!(text.contains(line), "missing {line:?} in:\n{text}");
    }
    insta::assert_snapshot!(text);
}

#[test]
fn markdown_folds_each_long_diff_in_a_diff_block_no_line_can_close() {
    let mut plan = long_body_plan();
    let markdown = render_markdown(&plan);
    assert!(
        markdown.contains("<summary>body of page About Us</summary>"),
        "{markdown}"
    );
    assert!(markdown.contains("```diff\n@@ -2 +2 @@\n"), "{markdown}");
    assert!(markdown.contains("\n-<p>Family-run since 1999, from one workshop.</p>\n"));
    assert!(markdown.contains("\n+<p>Family-run since 1998, from one workshop.</p>\n"));
    // A body holding a backtick fence gets a longer fence around it.
    for change in &mut plan.pages.iter_mut().flat_map(|p| p.changes.iter_mut()) {
        if change.field == "body" {
            change.to = json!("one\n```\n</details><!-- x -->\ntwo");
        }
    }
    let markdown = render_markdown(&plan);
    assert!(markdown.contains("````diff\n"), "{markdown}");
    assert!(
        markdown.contains("+```\n+</details><!-- x -->\n"),
        "{markdown}"
    );
    assert!(markdown.contains("\n````\n\n</details>"), "{markdown}");
}

#[test]
fn text_report_of_a_template_update() {
    insta::assert_snapshot!(render_text(&drift_plan("update"), false));
}

#[test]
fn markdown_report_of_a_template_update() {
    insta::assert_snapshot!(render_markdown(&drift_plan("update")));
}

#[test]
fn json_report_of_a_template_update() {
    insta::assert_snapshot!(render_json(&drift_plan("update")).unwrap());
}

#[test]
fn a_kept_drift_is_a_warning_in_the_reports() {
    let plan = drift_plan("keep");
    let text = render_text(&plan, false);
    assert!(
        text.contains("warning[template.drift-kept] widget template `Hero Banner`"),
        "{text}"
    );
    assert!(!text.contains("~ update widget template"));
    assert!(render_markdown(&plan).contains("`template.drift-kept`"));
}
