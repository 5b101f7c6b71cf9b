//! The binary as an everyday command-line tool: a reader that stops early, `--version`, shell
//! completions.

use crate::support::workdir;
use pageport_test_support::example_plan;
use std::process::Stdio;

#[test]
fn a_closed_stdout_ends_quietly_with_the_usual_exit_code() {
    let dir = workdir();
    let plan = example_plan();
    let plan = plan.to_str().expect("UTF-8 path");
    // `--detailed-exitcode` makes the usual code 2, so a quiet end cannot pass as a success
    // that skipped the work.
    let mut child = dir
        .spawnable()
        .args([
            "plan",
            "-f",
            plan,
            "--detailed-exitcode",
            "--out",
            "plan.json",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn pageport");
    // Close the read end before the report is written, as `| head -0` would: every write
    // meets a broken pipe, whatever the size of the pipe's buffer.
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("wait for pageport");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "stderr: {stderr}");
    assert_eq!(stderr, "", "no panic and no error for a reader that left");
    assert!(
        dir.join("plan.json").is_file(),
        "the files asked for are still written"
    );
}

#[test]
fn the_version_names_the_commit_it_was_built_from() {
    let run = workdir().run(&["--version"]);
    run.assert_code(0);
    let line = run.stdout.trim_end();
    assert!(line.starts_with("pageport 0.1.0"), "{line}");
    // This test runs from a git checkout, so the build script found a commit: `(1a2b3c4)`.
    let commit = line
        .strip_prefix("pageport 0.1.0 (")
        .and_then(|rest| rest.strip_suffix(')'))
        .unwrap_or_else(|| panic!("no commit in {line:?}"));
    assert!(
        commit.len() >= 7 && commit.chars().all(|c| c.is_ascii_hexdigit()),
        "{commit:?} is not a short commit hash"
    );
}

/// Every subcommand of the binary.
const SUBCOMMANDS: [&str; 10] = [
    "extract",
    "plan",
    "validate",
    "apply",
    "restore",
    "duplicate",
    "sandbox",
    "runs",
    "completions",
    "man",
];

#[test]
fn completions_for_bash_know_every_subcommand() {
    let run = workdir().run(&["completions", "bash"]);
    run.assert_code(0);
    assert_eq!(run.stderr, "");
    run.assert_stdout_says("pageport");
    for subcommand in SUBCOMMANDS {
        run.assert_stdout_says(subcommand);
    }
    // A flag of a subcommand, so the script completes more than the first word.
    run.assert_stdout_says("--detailed-exitcode");
}

#[test]
fn completions_cover_every_shell_clap_knows() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = workdir().run(&["completions", shell]);
        run.assert_code(0);
        run.assert_stdout_says("pageport");
    }
    workdir()
        .run(&["completions", "tcsh"])
        .assert_code(2)
        .assert_stderr_says("invalid value 'tcsh'");
}

#[test]
fn the_manual_page_is_roff_naming_every_subcommand() {
    let run = workdir().run(&["man"]);
    run.assert_code(0);
    assert!(
        run.stdout.contains(".TH pageport 1"),
        "a roff page: {}",
        &run.stdout[..run.stdout.len().min(300)]
    );
    for subcommand in SUBCOMMANDS {
        assert!(
            run.stdout
                .contains(&format!("\n.TP\npageport\\-{subcommand}(1)\n")),
            "the SUBCOMMANDS section lists `{subcommand}`"
        );
    }
}
