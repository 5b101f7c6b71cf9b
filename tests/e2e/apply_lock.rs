//! One writer per target: while an `apply` writes production channel 1, a second `apply` of
//! the same target (even with another `--state-dir`) is refused before any write, naming the
//! holder; once the first process is gone (killed, here), the lock is free again.

use crate::apply_crash::{apply_one_at_a_time, one_at_a_time_plan};
use crate::support::workdir;
use pageport_sandbox::FaultConfig;
use pageport_test_support::blocking::prepare_production;
use pageport_test_support::store_view::assert_no_duplicate_pages;
use pageport_test_support::{Run, SandboxExt, demo};
use std::process::Stdio;
use std::time::Duration;

#[test]
fn a_second_apply_of_a_target_being_written_is_refused_naming_the_holder() {
    let sandbox = demo();
    prepare_production(&sandbox);
    let dir = workdir();
    let plan = one_at_a_time_plan();
    // The first run's second write is answered 429 "wait a minute": it sits holding the lock.
    sandbox.sandbox().set_faults(FaultConfig {
        rate_429: 1.0,
        burst_len: 1_000,
        retry_after_secs: 60,
        methods: vec!["POST".into(), "PUT".into(), "DELETE".into()],
        path_contains: "/stores/production/".into(),
        skip_first: 1,
        ..FaultConfig::default()
    });
    let mut cmd = dir.spawnable();
    cmd.args(["apply", "-f", &plan, "--yes"])
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let mut first = sandbox.env_std(&mut cmd).spawn().expect("pageport starts");
    while !sandbox
        .requests()
        .iter()
        .any(|r| r.is_write() && r.status == 429)
    {
        if let Some(status) = first.try_wait().expect("the child's status") {
            panic!("the first run ended ({status}) before it was held");
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let writes_while_held = sandbox.write_count();

    // Another state directory: the run state is not shared, the target is.
    let mut cmd = dir.pageport();
    cmd.args(["apply", "-f", &plan, "--yes", "--state-dir", "elsewhere"]);
    let second = Run::of(sandbox.env(&mut cmd));
    second.assert_code(1).assert_no_secret();
    second.assert_stderr_says("apply refused to start; nothing was written");
    second.assert_stderr_says(&format!(
        "store `production` channel 1 is being written by another pageport run (process {}, `apply`, since",
        first.id()
    ));
    assert_eq!(
        sandbox.write_count(),
        writes_while_held,
        "the refused run wrote nothing"
    );

    first.kill().expect("SIGKILL");
    first.wait().expect("the killed child is reaped");
    sandbox.sandbox().set_faults(FaultConfig::default());
    // The OS released the dead process's lock: the interrupted run resumes and finishes.
    let resumed = apply_one_at_a_time(&dir, &sandbox);
    resumed.assert_code(0).assert_no_secret();
    assert_no_duplicate_pages(&sandbox.store("production"), 1, "after the resume");
}
