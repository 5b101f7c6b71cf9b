//! `pageport apply` killed with SIGKILL between writes, then run again: the second run resumes
//! the first (same run directory, same backup), and production ends exactly as after an
//! uninterrupted run, without a duplicate page.
//!
//! The run writes one page per request (`plans/live-one-at-a-time.yaml`: 26 writes over
//! prepared production content); the sandbox holds the write after the n-th back (a 429 asking
//! to wait a minute), and the test kills the process once the request log shows it waiting.

use crate::support::workdir;
use pageport_sandbox::FaultConfig;
use pageport_sandbox::RunningSandbox;
use pageport_test_support::blocking::prepare_production;
use pageport_test_support::store_view::{assert_no_duplicate_pages, content, normalized};
use pageport_test_support::{Run, SandboxExt, Workdir, demo, fixture};
use serde_json::Value;
use std::process::Stdio;
use std::sync::OnceLock;
use std::time::Duration;

/// The writes an uninterrupted run of the one-at-a-time plan makes over prepared production:
/// 1 template create, 1 template update (the drifted `Text`), 16 page creates, 1 page update,
/// 7 documents.
const WRITES: usize = 26;

/// `tests/fixtures/plans/live-one-at-a-time.yaml` as an argument.
pub fn one_at_a_time_plan() -> String {
    fixture("plans/live-one-at-a-time.yaml")
        .to_str()
        .expect("UTF-8 path")
        .to_owned()
}

/// Runs `pageport apply --yes` of the one-at-a-time plan against `sandbox`.
pub fn apply_one_at_a_time(dir: &Workdir, sandbox: &RunningSandbox) -> Run {
    let plan = one_at_a_time_plan();
    sandbox.run(dir, &["apply", "-f", &plan, "--yes"])
}

/// Production, normalised, after an uninterrupted run over prepared production content
/// (computed once per test process).
pub fn uninterrupted_state() -> &'static Value {
    static STATE: OnceLock<Value> = OnceLock::new();
    STATE.get_or_init(|| {
        let sandbox = demo();
        prepare_production(&sandbox);
        let before = sandbox.write_count();
        let dir = workdir();
        apply_one_at_a_time(&dir, &sandbox)
            .assert_code(0)
            .assert_no_secret();
        assert_eq!(sandbox.write_count() - before, WRITES);
        normalized(&sandbox.store("production"))
    })
}

/// Spawns the binary with `args` and kills it (SIGKILL) right after its `writes`-th write to
/// production.
///
/// Deterministic: the sandbox answers every write after the first `writes` with 429 and
/// `X-Retry-After: 60`, so the process is stuck waiting (its next write journaled as intended,
/// not applied) when the test sees that 429 in the request log and kills it.
pub fn kill_after(dir: &Workdir, sandbox: &RunningSandbox, writes: usize, args: &[&str]) {
    let seen = sandbox.requests().len();
    sandbox.sandbox().set_faults(FaultConfig {
        rate_429: 1.0,
        burst_len: 1_000,
        retry_after_secs: 60,
        methods: vec!["POST".into(), "PUT".into(), "DELETE".into()],
        path_contains: "/stores/production/".into(),
        skip_first: writes as u64,
        ..FaultConfig::default()
    });
    let mut cmd = dir.spawnable();
    cmd.args(args).stdout(Stdio::null()).stderr(Stdio::null());
    let mut child = sandbox.env_std(&mut cmd).spawn().expect("pageport starts");
    let since = || sandbox.requests().split_off(seen);
    while !since().iter().any(|r| r.is_write() && r.status == 429) {
        if let Some(status) = child.try_wait().expect("the child's status") {
            panic!("{args:?} ended ({status}) before its write {}", writes + 1);
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().expect("SIGKILL");
    let status = child.wait().expect("the killed child is reaped");
    assert_eq!(status.code(), None, "killed by the signal");
    sandbox.sandbox().set_faults(FaultConfig::default());
    let landed = since()
        .iter()
        .filter(|r| r.is_write() && r.status < 400)
        .count();
    assert_eq!(landed, writes, "the writes before the kill");
}

/// Kills `apply --yes` of the one-at-a-time plan (plus `extra`) after its `writes`-th write.
fn kill_apply_after(dir: &Workdir, sandbox: &RunningSandbox, writes: usize, extra: &[&str]) {
    let plan = one_at_a_time_plan();
    let mut args = vec!["apply", "-f", plan.as_str(), "--yes"];
    args.extend_from_slice(extra);
    kill_after(dir, sandbox, writes, &args);
}

/// Kills a run after each number of writes in `points` (a fresh sandbox each time), resumes
/// it, and checks the end state, the resume, the backup and the tokens.
fn kill_and_resume(points: &[usize]) {
    let expected = uninterrupted_state();
    for &point in points {
        assert!(point < WRITES);
        let sandbox = demo();
        prepare_production(&sandbox);
        let original = sandbox.store("production");
        let dir = workdir();
        kill_apply_after(&dir, &sandbox, point, &[]);
        let run_dir = dir.only_run();

        let run = apply_one_at_a_time(&dir, &sandbox);
        run.assert_code(0).assert_no_secret();
        run.assert_stderr_says("resuming interrupted run")
            .assert_stderr_says("Applied (resumed run)");
        assert_eq!(
            dir.only_run(),
            run_dir,
            "after write {point}: one run, resumed"
        );
        run.assert_stderr_says("Verification: planned again, nothing is left to change");
        let production = sandbox.store("production");
        assert_no_duplicate_pages(&production, 1, &format!("killed after write {point}"));
        assert_eq!(
            &normalized(&production),
            expected,
            "killed after write {point}"
        );

        // The first run's backup is still there and holds the originals.
        let backup = pageport_apply::backup::read_backup(&run_dir.join("backup"))
            .unwrap_or_else(|e| panic!("after write {point}: the backup does not read back: {e}"));
        let about = original
            .pages
            .values()
            .find(|p| p.name == "About Us")
            .expect("prepared");
        assert_eq!(backup.pages, vec![about.clone()], "after write {point}");
        let home = original.page_widgets.values().next().expect("prepared");
        assert!(
            backup.page_widgets.iter().any(|d| d.regions == *home),
            "after write {point}: the original home page is in the backup"
        );
        dir.assert_no_secret_in_files();
    }
}

// Every kill point, in three tests so they run in parallel. Write 1 is the template create, 2
// the template update; 3–10 the layer-1 creates; 11 the About Us update; 12–17 layer 2; 18–19
// layer 3; 20–26 the documents.

#[test]
fn a_run_killed_before_or_during_its_first_pages_resumes_to_the_same_end_state() {
    kill_and_resume(&(0..=9).collect::<Vec<_>>());
}

#[test]
fn a_run_killed_during_its_later_pages_resumes_to_the_same_end_state() {
    kill_and_resume(&(10..=18).collect::<Vec<_>>());
}

#[test]
fn a_run_killed_while_publishing_documents_resumes_to_the_same_end_state() {
    kill_and_resume(&(19..WRITES).collect::<Vec<_>>());
}

#[test]
fn a_killed_run_of_a_saved_plan_resumes_with_the_same_saved_plan() {
    let sandbox = demo();
    prepare_production(&sandbox);
    let dir = workdir();
    let plan = one_at_a_time_plan();
    sandbox
        .run(&dir, &["plan", "-f", &plan, "--out", "plan.json"])
        .assert_code(0);
    kill_apply_after(&dir, &sandbox, 8, &["--plan", "plan.json"]);

    // The target now holds the run's own writes: they do not make the saved plan stale.
    let run = sandbox.run(
        &dir,
        &["apply", "-f", &plan, "--plan", "plan.json", "--yes"],
    );
    run.assert_code(0).assert_no_secret();
    run.assert_stderr_says("resuming interrupted run")
        .assert_stderr_says("failed 0");
    let production = sandbox.store("production");
    assert_no_duplicate_pages(&production, 1, "after resuming a saved plan");
    assert_eq!(&normalized(&production), uninterrupted_state());
    dir.assert_no_secret_in_files();
}

#[test]
fn a_killed_run_can_be_restored_instead_of_resumed() {
    let sandbox = demo();
    prepare_production(&sandbox);
    let before = content(&sandbox.store("production"));
    let dir = workdir();
    kill_apply_after(&dir, &sandbox, 12, &[]);
    assert_ne!(content(&sandbox.store("production")), before);

    let run_dir = dir.only_run();
    let from = run_dir.to_str().expect("UTF-8 path");
    let plan = one_at_a_time_plan();
    let run = sandbox.run(
        &dir,
        &[
            "restore",
            "-f",
            &plan,
            "--store",
            "production",
            "--from",
            from,
            "--delete-created",
            "--yes",
        ],
    );
    run.assert_code(0).assert_no_secret();
    run.assert_stderr_says("failed 0");
    assert_eq!(content(&sandbox.store("production")), before);

    // The restored run is closed: the next apply starts afresh and completes.
    let run = apply_one_at_a_time(&dir, &sandbox);
    run.assert_code(0);
    assert!(!run.stderr.contains("resuming"), "{}", run.stderr);
    assert_eq!(dir.run_dirs().len(), 2);
    assert_eq!(
        &normalized(&sandbox.store("production")),
        uninterrupted_state()
    );
    dir.assert_no_secret_in_files();
}
