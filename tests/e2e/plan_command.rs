//! `pageport plan`: the dry run of the README's demo migration, its three report formats, its
//! exit codes and files, and the proof that it never writes.

use crate::support::workdir;
use pageport_sandbox::RunningSandbox;
use pageport_test_support::{
    Run, SECRET_MARK, SandboxExt, Workdir, demo, example_plan, snapshot_settings,
};
/// Runs `pageport plan` on the README's plan (embedded demo sandbox) in `dir`.
fn plan_example(dir: &Workdir, extra: &[&str]) -> Run {
    let plan = example_plan();
    let mut args = vec!["plan", "-f", plan.to_str().expect("UTF-8 path")];
    args.extend_from_slice(extra);
    dir.run(&args)
}

/// Runs `pageport plan` on `tests/fixtures/plans/live.yaml` (plus `extra`) against `sandbox`.
pub(crate) fn plan_live(dir: &Workdir, sandbox: &RunningSandbox, extra: &[&str]) -> Run {
    let plan = crate::apply_command::live_plan();
    let mut args = vec!["plan", "-f", plan.as_str()];
    args.extend_from_slice(extra);
    sandbox.run(dir, &args)
}

#[test]
fn the_demo_plan_in_text() {
    let dir = workdir();
    let run = plan_example(&dir, &["--format", "text"]);
    run.assert_code(0).assert_no_secret();
    // The headline numbers, asserted on their own so a careless snapshot update cannot hide them.
    run.assert_stdout_says(
        "Summary: 25 to create, 1 to update, 0 to overwrite, 0 unchanged, 0 skipped, 0 blocked",
    )
    .assert_stdout_says("0 errors, 2 warnings")
    .assert_stdout_says(r#"+ create widget template "Product Carousel" (used by 2 documents)"#)
    .assert_stdout_says(
        r#"+ create page "Meet the Founders" (/about-us/our-story/meet-the-founders/) under "Our Story""#,
    )
    .assert_stdout_says("77 → 1077 by schema, in 4 places")
    .assert_stdout_says("18 → 23 by schema, in 2 places");
    assert_eq!(
        run.stdout.matches("+ create page").count(),
        11,
        "plain pages"
    );
    assert_eq!(
        run.stdout.matches("+ create ").count(),
        18,
        "17 pages and 1 template"
    );
    assert_eq!(run.stdout.matches("+ publish ").count(), 7, "documents");
    assert_eq!(run.stdout.matches("warning[leak.store-hash]").count(), 2);
    assert_eq!(run.stderr, "", "nothing on stderr for a clean plan");
    snapshot_settings(&dir).bind(|| insta::assert_snapshot!("plan_demo_text", run.stdout));
}

#[test]
fn the_demo_plan_in_markdown() {
    let dir = workdir();
    let run = plan_example(&dir, &["--format", "markdown"]);
    run.assert_code(0).assert_no_secret();
    run.assert_stdout_says("| create | 1 | 17 | 7 | **25** |")
        .assert_stdout_says("No errors, 2 warnings; applying makes 26 writes.");
    snapshot_settings(&dir).bind(|| insta::assert_snapshot!("plan_demo_markdown", run.stdout));
}

#[test]
fn the_demo_plan_in_json() {
    let dir = workdir();
    let run = plan_example(&dir, &["--format", "json"]);
    run.assert_code(0).assert_no_secret();
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON on stdout");
    assert_eq!(report["format_version"], 1);
    assert_eq!(report["has_changes"], true);
    assert_eq!(report["has_errors"], false);
    assert_eq!(report["summary"]["pages"]["create"], 17);
    assert_eq!(report["summary"]["templates"]["create"], 1);
    assert_eq!(report["summary"]["documents"]["create"], 7);
    assert_eq!(report["rewrites"]["total"], 34);
    assert_eq!(report["layers"].as_array().map(Vec::len), Some(3));
    snapshot_settings(&dir).bind(|| insta::assert_snapshot!("plan_demo_json", run.stdout));
}

#[test]
fn detailed_exitcode_reports_pending_changes_with_2() {
    let dir = workdir();
    let run = plan_example(&dir, &["--detailed-exitcode"]);
    run.assert_code(2).assert_no_secret();
    run.assert_stdout_says("25 to create");
}

#[test]
fn out_saves_a_versioned_plan_and_report_saves_the_markdown() {
    let sandbox = demo();
    let dir = workdir();
    let run = plan_live(
        &dir,
        &sandbox,
        &["--out", "out/plan.json", "--report", "out/report.md"],
    );
    run.assert_code(0).assert_no_secret();

    let saved = dir.read("out/plan.json");
    assert!(!saved.contains(SECRET_MARK), "a token in the saved plan");
    assert!(
        !saved.contains("access_token"),
        "a token field in the saved plan"
    );
    let plan: serde_json::Value = serde_json::from_str(&saved).expect("the saved plan is JSON");
    assert_eq!(plan["format_version"], 1);
    assert_eq!(plan["source"]["store_hash"], "staging");
    assert_eq!(plan["target"]["store_hash"], "production");
    assert_eq!(plan["summary"]["total"]["create"], 25);

    let report = dir.read("out/report.md");
    assert!(!report.contains(SECRET_MARK), "a token in the report");
    let markdown = plan_live(&dir, &sandbox, &["--format", "markdown"]);
    markdown.assert_code(0);
    assert_eq!(
        report, markdown.stdout,
        "--report writes the Markdown report"
    );
    sandbox.assert_no_writes();
}

#[test]
fn plan_only_reads_both_stores() {
    let sandbox = demo();
    let dir = workdir();
    plan_live(
        &dir,
        &sandbox,
        &["--detailed-exitcode", "--out", "plan.json"],
    )
    .assert_code(2)
    .assert_no_secret();
    let requests = sandbox.requests();
    let methods: std::collections::BTreeSet<&str> =
        requests.iter().map(|r| r.method.as_str()).collect();
    assert_eq!(
        methods,
        ["GET"].into_iter().collect(),
        "plan sent something other than GET"
    );
    sandbox.assert_no_writes();
    assert!(
        !sandbox.requests_to("staging").is_empty(),
        "the source was never read"
    );
    assert!(
        !sandbox.requests_to("production").is_empty(),
        "the target was never read"
    );
    let failed: Vec<_> = requests.iter().filter(|r| r.status >= 400).collect();
    assert!(failed.is_empty(), "requests failed: {failed:#?}");
}

#[test]
fn an_external_sandbox_gives_the_same_plan_as_the_embedded_one() {
    let sandbox = demo();
    let dir = workdir();
    let live = plan_live(&dir, &sandbox, &[]);
    live.assert_code(0);
    let embedded = plan_example(&dir, &[]);
    embedded.assert_code(0);
    assert_eq!(live.stdout, embedded.stdout);
}

#[test]
fn planning_twice_in_the_same_state_dir_gives_the_same_output() {
    let dir = workdir();
    let first = plan_example(&dir, &["--format", "json"]);
    first.assert_code(0);
    assert!(
        dir.join(".pageport/sandbox/demo").is_dir(),
        "the embedded sandbox persists under the state dir, so the second run reads it back"
    );
    let second = plan_example(&dir, &["--format", "json"]);
    second.assert_code(0);
    assert_eq!(first.stdout, second.stdout, "JSON differs between runs");

    let first_text = plan_example(&dir, &[]);
    let second_text = plan_example(&dir, &[]);
    assert_eq!(
        first_text.stdout, second_text.stdout,
        "text differs between runs"
    );
}

#[test]
fn a_slow_read_prints_progress_lines_in_a_log() {
    let sandbox = demo();
    // Every request waits, so the read outlasts the (shortened) progress interval.
    sandbox.sandbox().set_faults(pageport_sandbox::FaultConfig {
        latency_ms: 20,
        ..pageport_sandbox::FaultConfig::default()
    });
    let dir = workdir();
    let plan = crate::apply_command::live_plan();
    let mut cmd = dir.pageport();
    cmd.args(["plan", "-f", plan.as_str()])
        .env("PAGEPORT_PROGRESS_INTERVAL_MS", "1");
    let run = Run::of(sandbox.env(&mut cmd));
    run.assert_code(0).assert_no_secret();
    // Standard error is not a terminal here: plain lines naming both stores and what is read,
    // never a spinner's control codes, and nothing of it on standard output.
    run.assert_stderr_says("still planning after")
        .assert_stderr_says("staging ")
        .assert_stderr_says("production ")
        .assert_stderr_says(" requests (pages)");
    assert!(
        !run.stderr.contains('\u{1b}'),
        "ANSI codes in a log:\n{}",
        run.stderr
    );
    assert!(!run.stdout.contains("still planning"), "{}", run.stdout);
}

#[test]
fn a_widget_edited_in_the_target_is_shown_value_by_value() {
    let sandbox = demo();
    let dir = workdir();
    crate::apply_command::apply_live(&dir, &sandbox, &[]).assert_code(0);

    // Someone edits the first text setting of a widget on production's home page.
    let production = sandbox.store("production");
    let (key, regions) = production
        .page_widgets
        .iter()
        .find(|(key, _)| key.template_file.as_ref().map(|f| f.as_str()) == Some("pages/home"))
        .expect("the demo migrates the home page");
    let mut edited = serde_json::to_value(regions).expect("regions serialize");
    let (path, original) = first_text_setting(&mut edited).expect("a widget with a text setting");
    pageport_test_support::blocking::StoreApi::production(&sandbox).publish(
        key.template_file
            .as_ref()
            .expect("a template file")
            .as_str(),
        edited,
    );
    let published = sandbox.requests().len();

    let run = plan_live(&dir, &sandbox, &["--detailed-exitcode"]);
    run.assert_code(2).assert_no_secret();
    run.assert_stdout_says("! overwrite pages/home: deletes nothing; changes 1; adds 0")
        .assert_stdout_says(&format!(
            "{path} \"edited in production\" → {}",
            serde_json::to_string(&original).expect("a string")
        ));
    assert_eq!(sandbox.writes_after(published), Vec::<String>::new());
}

/// Replaces the first string in a widget's `configuration` (depth first) with `edited in
/// production`; returns its path below the widget and the value it had.
fn first_text_setting(regions: &mut serde_json::Value) -> Option<(String, String)> {
    fn walk(value: &mut serde_json::Value, path: String) -> Option<(String, String)> {
        match value {
            serde_json::Value::String(text) if !text.is_empty() => {
                let original = std::mem::replace(text, "edited in production".into());
                Some((path, original))
            }
            serde_json::Value::Object(map) => map
                .iter_mut()
                .find_map(|(key, value)| walk(value, format!("{path}.{key}"))),
            _ => None,
        }
    }
    fn widgets(value: &mut serde_json::Value) -> Option<(String, String)> {
        match value {
            serde_json::Value::Object(map) => {
                if map.get("type").and_then(|t| t.as_str()) == Some("widget")
                    && let Some(configuration) = map.get_mut("configuration")
                    && let Some(found) = walk(configuration, "configuration".into())
                {
                    return Some(found);
                }
                map.values_mut().find_map(widgets)
            }
            serde_json::Value::Array(items) => items.iter_mut().find_map(widgets),
            _ => None,
        }
    }
    widgets(regions)
}
