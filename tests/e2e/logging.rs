//! Log output: plain text without colour codes when stderr is not a terminal, JSON lines on
//! request, and `-vv` shows pageport's requests without the HTTP stack's own chatter.

use crate::support::workdir;
use pageport_test_support::{Run, example_plan};

/// `pageport <args> plan` of the example plan, with `NO_COLOR` unset: only the fact that
/// stderr is not a terminal may keep colour codes out.
fn plan_with(args: &[&str]) -> Run {
    let dir = workdir();
    let plan = std::fs::read_to_string(example_plan()).expect("the example plan");
    dir.write("migrations.yaml", &plan);
    let mut cmd = dir.pageport();
    cmd.env_remove("NO_COLOR")
        .args(args)
        .args(["plan", "-f", "migrations.yaml"]);
    let run = Run::of(&mut cmd);
    run.assert_code(0);
    run
}

#[test]
fn debug_logs_are_plain_text_off_a_terminal_and_leave_out_connection_noise() {
    let run = plan_with(&["-vv"]);
    run.assert_stderr_says("DEBUG answered method=GET path=/content/pages status=200");
    assert!(
        !run.stderr.contains('\u{1b}'),
        "no colour codes: {:?}",
        run.stderr
    );
    assert!(
        !run.stderr
            .lines()
            .any(|l| l.contains("hyper") || l.contains("pool")),
        "{}",
        run.stderr
    );
}

#[test]
fn log_format_json_writes_one_object_per_line() {
    let run = plan_with(&["-vv", "--log-format", "json"]);
    let objects: Vec<serde_json::Value> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert!(
        objects
            .iter()
            .any(|o| o["level"] == "DEBUG" && o["fields"]["message"] == "answered"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.lines().all(|l| l.starts_with('{')),
        "every stderr line is a JSON log line here:\n{}",
        run.stderr
    );
}
