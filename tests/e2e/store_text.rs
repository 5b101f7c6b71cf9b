//! Store text that would drive a terminal or break a pull-request comment: a page name with an
//! ESC sequence, a CR, a backtick run and an HTML comment reaches every report escaped for its
//! format, and whole in the JSON.

use crate::plan_command::plan_live;
use crate::support::workdir;
use pageport_model::PageType;
use pageport_model::escape::Span;
use pageport_model::escape::markdown::read_spans;
use pageport_sandbox::RunningSandbox;
use pageport_test_support::{Run, STAGING_TOKEN, SandboxExt, blocking_http, demo, fixture};

/// A page name a hostile store could hold (the sandbox accepts any 1 to 100 characters): it
/// clears the screen, returns to the line start to forge an error line, ends a code span and
/// hides the rest of a PR comment.
const HOSTILE_NAME: &str =
    "Sale\u{1b}[2J\rerror: forged line `` <!-- the rest is hidden --> [x](http://evil)";

/// Renames the demo's About Us page to [`HOSTILE_NAME`] and gives it a link to the source
/// storefront, so a diagnostic names the page too.
fn hostile_demo() -> RunningSandbox {
    let sandbox = demo();
    let staging = sandbox.store("staging");
    let (about, _) = staging
        .pages
        .iter()
        .find(|(_, p)| p.name == "About Us" && p.page_type == PageType::Page)
        .expect("the demo has an About Us page");
    let answer = blocking_http()
        .put(format!(
            "{}/stores/staging/v3/content/pages/{about}",
            sandbox.base_url()
        ))
        .header("X-Auth-Token", STAGING_TOKEN)
        .json(&serde_json::json!({
            "name": HOSTILE_NAME,
            "body": "<p><a href=\"https://store-staging.mybigcommerce.com/sale/\">sale</a></p>",
        }))
        .send()
        .expect("the sandbox answers");
    assert!(answer.status().is_success(), "{:?}", answer.text());
    sandbox
}

#[test]
fn hostile_store_text_is_escaped_in_every_report_and_whole_in_json() {
    let sandbox = hostile_demo();
    let dir = workdir();

    let text = plan_live(&dir, &sandbox, &["--format", "text"]);
    text.assert_code(0).assert_no_secret();
    for output in [&text.stdout, &text.stderr] {
        assert!(!output.contains('\u{1b}'), "a raw ESC:\n{output}");
        assert!(!output.contains('\r'), "a raw CR:\n{output}");
    }
    assert!(
        text.stdout
            .contains(r#"page "Sale\e[2J\rerror: forged line `` <!-- the rest is hidden -->"#),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout
            .contains(r"warning[leak.storefront-host] page ```Sale\e[2J\rerror: forged line"),
        "the diagnostic names the page with its controls visible:\n{}",
        text.stdout
    );

    let markdown = plan_live(&dir, &sandbox, &["--format", "markdown"]);
    markdown.assert_code(0);
    let comment = &markdown.stdout;
    assert!(!comment.contains('\u{1b}') && !comment.contains('\r'));
    let mut spans_with_the_name = 0;
    // Lines inside a fenced code block (a diff) are code: only the closing fence ends it.
    let mut fence: Option<&str> = None;
    for line in comment.lines() {
        match fence {
            Some(open) => {
                if line == open {
                    fence = None;
                }
                continue;
            }
            None if line.starts_with("```") => {
                let ticks = line.len() - line.trim_start_matches('`').len();
                fence = Some(&line[..ticks]);
                continue;
            }
            None => {}
        }
        let mut prose = String::new();
        for span in read_spans(line) {
            match span {
                Span::Text(text) => prose.push_str(text),
                Span::Code(code) if code.contains("<!-- the rest is hidden -->") => {
                    spans_with_the_name += 1;
                }
                Span::Code(_) => {}
            }
        }
        assert!(
            !prose.contains("<!--"),
            "an HTML comment outside a code span: {line}"
        );
        assert!(
            !prose.contains("[x](http"),
            "a live link outside a code span: {line}"
        );
        let mut previous = ' ';
        for c in prose.chars() {
            assert!(
                c != '`' || previous == '\\',
                "a backtick that opens or closes nothing: {line}"
            );
            previous = c;
        }
    }
    assert!(
        spans_with_the_name >= 1,
        "the diagnostic quotes the name in one unbroken code span:\n{comment}"
    );
    assert!(
        comment.contains("&lt;!-- the rest is hidden --&gt;"),
        "the pages table shows the name as escaped text:\n{comment}"
    );

    let json = plan_live(&dir, &sandbox, &["--format", "json"]);
    json.assert_code(0);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON on stdout");
    let steps: Vec<&serde_json::Value> = report["layers"]
        .as_array()
        .expect("layers")
        .iter()
        .flat_map(|layer| layer.as_array().expect("a layer").iter())
        .collect();
    assert!(
        steps.iter().any(|step| step["name"] == HOSTILE_NAME),
        "the page step keeps the full name, controls included"
    );
    let leak = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["code"] == "leak.storefront-host")
        .expect("the storefront link is a warning");
    assert!(
        leak["location"]
            .as_str()
            .is_some_and(|location| location.contains(HOSTILE_NAME)),
        "{leak:#}"
    );
}

#[test]
fn validate_shows_hostile_store_text_escaped() {
    let sandbox = hostile_demo();
    let dir = workdir();
    let plan = fixture("plans/live.yaml");
    let mut cmd = dir.pageport();
    cmd.args(["validate", "-f", plan.to_str().expect("UTF-8 path")]);
    let run = Run::of(sandbox.env(&mut cmd));
    run.assert_code(0);
    assert!(!run.stdout.contains('\u{1b}') && !run.stdout.contains('\r'));
    assert!(
        run.stdout
            .contains(r"page ```Sale\e[2J\rerror: forged line `` <!--"),
        "{}",
        run.stdout
    );
}
