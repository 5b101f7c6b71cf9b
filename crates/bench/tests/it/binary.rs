//! The `pageport-bench` binary end to end: generate, then repeated offline runs.

use pageport_bench::RepeatedReport;
use std::process::Command;

fn bench() -> Command {
    Command::new(env!("CARGO_BIN_EXE_pageport-bench"))
}

#[test]
fn generate_then_repeated_offline_runs_report_median_and_range() {
    let dir = tempfile::tempdir().unwrap();
    let bundle = dir.path().join("site");
    let generate = bench()
        .args([
            "generate",
            "--pages",
            "60",
            "--widgets",
            "500",
            "--layouts",
            "80",
        ])
        .args(["--depth", "3", "--seed", "5", "--out"])
        .arg(&bundle)
        .output()
        .unwrap();
    assert!(generate.status.success(), "{generate:?}");
    let summary = String::from_utf8(generate.stdout).unwrap();
    assert!(summary.contains("site: 60 pages"), "{summary}");
    assert!(summary.contains("3 levels deep (asked 3)"), "{summary}");

    let offline = bench()
        .args(["offline", "--runs", "2", "--json", "--bundle"])
        .arg(&bundle)
        .output()
        .unwrap();
    assert!(offline.status.success(), "{offline:?}");
    let report: RepeatedReport = serde_json::from_slice(&offline.stdout).unwrap();
    assert_eq!(report.runs.len(), 2);
    assert_eq!(report.phases.len(), report.runs[0].phases.len());
    assert!(report.total_millis.min <= report.total_millis.max);
    assert!(report.runs.iter().all(|run| run.outcome.errors == 0));
    assert!(report.runs.iter().all(|run| run.site.pages == 60));
}

#[test]
fn errors_exit_non_zero_with_the_cause() {
    let dir = tempfile::tempdir().unwrap();
    let infeasible = bench()
        .args(["generate", "--pages", "3", "--depth", "4", "--out"])
        .arg(dir.path().join("site"))
        .output()
        .unwrap();
    assert_eq!(infeasible.status.code(), Some(1));
    let stderr = String::from_utf8(infeasible.stderr).unwrap();
    assert_eq!(
        stderr.trim(),
        "error: the site cannot be generated: a tree `4` levels deep needs at least `4` pages, not `3`"
    );
    let missing = bench()
        .args(["offline", "--runs", "2", "--bundle"])
        .arg(dir.path().join("nothing"))
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(1));
    let stderr = String::from_utf8(missing.stderr).unwrap();
    assert!(stderr.starts_with("error: run 1 failed"), "{stderr}");
    assert!(stderr.contains("nothing"), "{stderr}");
}
