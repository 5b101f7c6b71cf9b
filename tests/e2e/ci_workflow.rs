//! The GitHub Actions workflow shipped in `examples/github/workflows/pageport.yml`: it parses,
//! plans on pull requests with the reviewed plan kept, applies exactly that plan after the
//! merge, and every pageport command line in it is one this binary accepts.

use crate::support::workdir;
use pageport_test_support::{Run, workspace_root};
use serde_json::Value;

fn workflow() -> Value {
    let path = workspace_root().join("examples/github/workflows/pageport.yml");
    let text = std::fs::read_to_string(&path).expect("the example workflow");
    serde_saphyr::from_str(&text).expect("the workflow is YAML")
}

/// Every `run:` script of a job, joined.
fn scripts(job: &Value) -> String {
    job["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .filter_map(|step| step["run"].as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The step of a job that uses `action` (by prefix).
fn uses<'a>(job: &'a Value, action: &str) -> &'a Value {
    job["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .find(|step| step["uses"].as_str().is_some_and(|u| u.starts_with(action)))
        .unwrap_or_else(|| panic!("no step uses {action}"))
}

#[test]
fn pull_requests_are_planned_and_the_reviewed_plan_is_what_gets_applied() {
    let workflow = workflow();
    let trigger = &workflow["on"]["pull_request"];
    assert!(
        trigger["paths"]
            .as_array()
            .is_some_and(|p| p.contains(&Value::from("migrations.yaml")))
    );
    let plan = &workflow["jobs"]["plan"];
    assert!(
        plan["if"]
            .as_str()
            .is_some_and(|c| c.contains("head.repo.full_name == github.repository")),
        "pull requests from forks (no secrets) are skipped"
    );
    assert!(scripts(plan).contains(
        "pageport plan -f migrations.yaml --out plan.json --report report.md --detailed-exitcode"
    ));
    assert_eq!(
        uses(plan, "actions/upload-artifact")["with"]["path"],
        "plan.json"
    );
    assert!(
        scripts(plan).contains("--edit-last"),
        "one comment, updated"
    );

    let apply = &workflow["jobs"]["apply"];
    assert!(
        apply["if"]
            .as_str()
            .is_some_and(|c| c.contains("pull_request.merged == true"))
    );
    let download = uses(apply, "actions/download-artifact");
    assert_eq!(download["with"]["name"], "pageport-plan");
    assert!(scripts(apply).contains("pageport apply -f migrations.yaml --plan plan.json --yes"));
    assert_eq!(apply["concurrency"]["cancel-in-progress"], false);
    assert_eq!(
        uses(apply, "actions/cache/restore")["with"]["path"],
        ".pageport"
    );
    assert_eq!(apply["environment"], "production");
}

#[test]
fn the_workflow_s_command_lines_are_accepted_by_this_binary() {
    let dir = workdir();
    // A missing plan file is reported as such: the flags themselves parse.
    for args in [
        &[
            "plan",
            "-f",
            "migrations.yaml",
            "--out",
            "plan.json",
            "--report",
            "report.md",
            "--detailed-exitcode",
        ][..],
        &[
            "apply",
            "-f",
            "migrations.yaml",
            "--plan",
            "plan.json",
            "--yes",
        ],
    ] {
        let run = Run::of(dir.pageport().args(args));
        run.assert_code(1);
        run.assert_stderr_says("cannot read plan `migrations.yaml`");
    }
}
