//! The CI examples shipped in `examples/github/workflows/pageport.yml` (GitHub Actions) and
//! `examples/gitlab/.gitlab-ci.yml` (GitLab CI): they parse, plan on pull/merge requests with
//! the reviewed plan kept, apply exactly that plan after the merge, and every pageport command
//! line in them is one this binary accepts.

use crate::support::workdir;
use pageport_test_support::{Run, workspace_root};
use serde_json::{Value, json};

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

fn gitlab() -> Value {
    let path = workspace_root().join("examples/gitlab/.gitlab-ci.yml");
    let text = std::fs::read_to_string(&path).expect("the GitLab example");
    serde_saphyr::from_str(&text).expect("the GitLab example is YAML")
}

/// A GitLab job's `script` lines, joined. Every line must be a string: an unquoted `: ` turns
/// a line into a mapping, which GitLab rejects.
fn gitlab_script(job: &Value) -> String {
    job["script"]
        .as_array()
        .expect("script")
        .iter()
        .map(|line| {
            line.as_str()
                .unwrap_or_else(|| panic!("a script line that is not a string: {line}"))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn merge_requests_are_planned_and_the_reviewed_plan_is_what_gets_applied_on_gitlab() {
    let ci = gitlab();
    let setup = json!({"script": ci[".pageport"]["before_script"].clone()});
    assert!(gitlab_script(&setup).contains("cargo install --locked --path crates/cli"));
    let plan = &ci["pageport-plan"];
    let rule = &plan["rules"][0];
    let condition = rule["if"].as_str().expect("a rule");
    assert!(condition.contains(r#"$CI_PIPELINE_SOURCE == "merge_request_event""#));
    assert!(
        condition.contains("$CI_MERGE_REQUEST_SOURCE_PROJECT_ID == $CI_PROJECT_ID"),
        "merge requests from forks (no variables) are skipped"
    );
    assert_eq!(rule["changes"][0], "migrations.yaml");
    let script = gitlab_script(plan);
    assert!(script.contains(
        "pageport plan -f migrations.yaml --out plan.json --report report.md --detailed-exitcode"
    ));
    assert!(
        script.contains("<!-- pageport-report -->") && script.contains("-X PUT"),
        "one note, updated"
    );
    assert!(
        plan["artifacts"]["paths"]
            .as_array()
            .is_some_and(|p| p.contains(&Value::from("plan.json")))
    );

    let apply = &ci["pageport-apply"];
    assert_eq!(
        apply["rules"][0]["if"],
        "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"
    );
    assert_eq!(apply["resource_group"], "production");
    assert_eq!(apply["environment"], "production");
    let script = gitlab_script(apply);
    assert!(
        script.contains("/raw/plan.json?job=pageport-plan"),
        "the reviewed plan"
    );
    assert!(script.contains("pageport apply -f migrations.yaml --plan plan.json --yes"));
    assert!(
        apply["cache"]
            .as_array()
            .expect("caches")
            .iter()
            .any(|cache| cache["paths"][0] == ".pageport/"),
        "the state directory is kept between runs"
    );
}
