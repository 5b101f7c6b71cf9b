//! `pageport runs`: the state directory's runs listed and shown from their journals, with no
//! store contacted.

use crate::support::workdir;
use pageport_test_support::example_plan;

#[test]
fn runs_are_listed_and_shown_from_their_journals() {
    let dir = workdir();
    let plan = std::fs::read_to_string(example_plan()).expect("the example plan");
    dir.write("migrations.yaml", &plan);

    let none = dir.run(&["runs"]);
    none.assert_code(0);
    none.assert_stdout_says("no runs under");

    dir.run(&["apply", "-f", "migrations.yaml", "--yes"])
        .assert_code(0);
    let run_id = dir
        .only_run()
        .file_name()
        .expect("a run directory")
        .to_string_lossy()
        .into_owned();

    let listed = dir.run(&["runs"]);
    listed.assert_code(0).assert_no_secret();
    assert_eq!(listed.stdout.lines().count(), 1, "{}", listed.stdout);
    listed
        .assert_stdout_says(&format!(
            "{run_id}  staging → production channel 1  started "
        ))
        .assert_stdout_says("complete  26 landed, 0 failed");

    let shown = dir.run(&["runs", "show", &run_id]);
    shown.assert_code(0);
    shown
        .assert_stdout_says(&format!("run {run_id}"))
        .assert_stdout_says("outcome: complete")
        .assert_stdout_says("create template: 1 landed")
        .assert_stdout_says("update template: 1 landed")
        .assert_stdout_says("create pages: 17 landed")
        .assert_stdout_says("publish document: 7 landed");

    let unknown = dir.run(&["runs", "show", "no-such-run"]);
    unknown.assert_code(1);
    unknown.assert_stderr_says("no run `no-such-run` under");
}
