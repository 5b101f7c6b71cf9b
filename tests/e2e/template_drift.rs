//! Drifted widget templates end to end: the demo's production `Text` template has an older
//! `template` text than staging's. The plan shows its update with a diff, apply writes it as
//! a new version before the documents that use it, `restore` puts the old definition back,
//! and `on_drift: fail` stops the run before any write.

use crate::apply_command::{apply_live, live_plan};
use crate::support::workdir;
use pageport_sandbox::RunningSandbox;
use pageport_test_support::blocking::template_uuid;
use pageport_test_support::{SandboxExt, Workdir, demo};

/// The path of a production template, as the request log has it.
fn template_path(uuid: &str) -> String {
    format!("/stores/production/v3/content/widget-templates/{uuid}")
}

/// The production `Text` template's uuid, `template` text and current version.
fn production_text(sandbox: &RunningSandbox) -> (String, String, String) {
    let uuid = template_uuid(sandbox, "production", "Text");
    let store = sandbox.store("production");
    let template = &store.widget_templates[&uuid];
    (
        uuid.clone(),
        template.template.clone(),
        template.current_version_uuid.clone().expect("a version"),
    )
}

/// `live.yaml` with `on_drift` set, written into `dir`.
fn plan_with_on_drift(dir: &Workdir, on_drift: &str) -> String {
    let text = std::fs::read_to_string(live_plan()).expect("the live plan");
    let text = text.replace(
        "create_missing: true }",
        &format!("create_missing: true, on_drift: {on_drift} }}"),
    );
    assert!(text.contains("on_drift"), "the plan's template rules moved");
    let path = dir.write("drift.yaml", &text);
    path.to_str().expect("UTF-8 path").to_owned()
}

#[test]
fn a_drifted_template_is_planned_updated_as_a_new_version_and_restored() {
    let sandbox = demo();
    let dir = workdir();
    let (uuid, old_text, old_version) = production_text(&sandbox);
    let staging_text = {
        let staging = sandbox.store("staging");
        let found = template_uuid(&sandbox, "staging", "Text");
        staging.widget_templates[&found].template.clone()
    };
    assert_ne!(
        old_text, staging_text,
        "the demo's Text template is drifted"
    );

    let plan = live_plan();
    let run = sandbox.run(&dir, &["plan", "-f", plan.as_str()]);
    run.assert_code(0).assert_no_secret();
    run.assert_stdout_says("~ update widget template \"Text\"")
        .assert_stdout_says("changes template: see the diff below")
        .assert_stdout_says(&format!("-{old_text}"))
        .assert_stdout_says(&format!("+{staging_text}"));
    let json = sandbox.run(&dir, &["plan", "-f", plan.as_str(), "--format", "json"]);
    json.assert_code(0)
        .assert_stdout_says("\"action\": \"update\"")
        .assert_stdout_says(&format!("\"target_uuid\": \"{uuid}\""));
    sandbox.assert_no_writes();

    let run = apply_live(&dir, &sandbox, &[]);
    run.assert_code(0).assert_no_secret();
    run.assert_stderr_says("updated 1 template");
    let requests = sandbox.requests();
    let put = requests
        .iter()
        .position(|r| r.method == "PUT" && r.path == template_path(&uuid))
        .expect("the template was updated");
    assert_eq!(requests[put].status, 200);
    let first_publish = requests
        .iter()
        .position(|r| r.method == "POST" && r.path.ends_with("/content/page-widgets"))
        .expect("documents were published");
    assert!(
        put < first_publish,
        "the template is updated before the documents"
    );
    assert_eq!(
        requests
            .iter()
            .filter(|r| r.method == "PUT" && r.path.contains("/widget-templates/"))
            .count(),
        1,
        "the verification re-plan found nothing left to update"
    );
    let (_, text_now, version_now) = production_text(&sandbox);
    assert_eq!(text_now, staging_text);
    assert_ne!(version_now, old_version, "a new version");
    let production = sandbox.store("production");
    let kept = &production.widget_template_versions[&uuid];
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].version_uuid, old_version);
    assert_eq!(kept[0].template, old_text, "the old version stays readable");

    let backup = dir.only_run().join("backup");
    let backup = backup.to_str().expect("UTF-8 path");
    let restore = sandbox.run(
        &dir,
        &[
            "restore",
            "-f",
            plan.as_str(),
            "--store",
            "production",
            "--from",
            backup,
            "--yes",
        ],
    );
    restore.assert_code(0).assert_no_secret();
    restore.assert_stderr_says("1 widget template put back as a new version");
    let (_, restored_text, restored_version) = production_text(&sandbox);
    assert_eq!(restored_text, old_text);
    assert_ne!(restored_version, version_now);
    assert_eq!(
        sandbox.store("production").widget_template_versions[&uuid].len(),
        2
    );
}

#[test]
fn on_drift_keep_leaves_the_template_and_warns() {
    let sandbox = demo();
    let dir = workdir();
    let (_, old_text, old_version) = production_text(&sandbox);
    let plan = plan_with_on_drift(&dir, "keep");
    let run = sandbox.run(&dir, &["apply", "-f", plan.as_str(), "--yes"]);
    run.assert_code(0);
    run.assert_stdout_says("warning[template.drift-kept] widget template `Text`");
    assert!(
        !sandbox
            .requests()
            .iter()
            .any(|r| r.method == "PUT" && r.path.contains("/widget-templates/")),
        "no template write"
    );
    assert_eq!(production_text(&sandbox).1, old_text);
    assert_eq!(production_text(&sandbox).2, old_version);
}

#[test]
fn on_drift_fail_exits_3_without_writing() {
    let sandbox = demo();
    let dir = workdir();
    let plan = plan_with_on_drift(&dir, "fail");
    let run = sandbox.run(&dir, &["apply", "-f", plan.as_str(), "--yes"]);
    run.assert_code(3).assert_no_secret();
    run.assert_stdout_says("error[template.drifted] widget template `Text`");
    sandbox.assert_no_writes();
}

#[test]
fn documents_are_not_published_over_a_template_whose_update_failed() {
    let sandbox = demo();
    let dir = workdir();
    let (uuid, old_text, _) = production_text(&sandbox);
    // Every update of the Text template is refused by the store.
    sandbox.sandbox().set_faults(pageport_sandbox::FaultConfig {
        seed: 1,
        rate_5xx: 1.0,
        methods: vec!["PUT".into()],
        path_contains: template_path(&uuid),
        ..pageport_sandbox::FaultConfig::default()
    });
    let run = apply_live(&dir, &sandbox, &[]);
    run.assert_code(4).assert_no_secret();
    run.assert_stderr_says("widget template \"Text\" was not updated");
    // No document that uses Text was published over its old definition; the rest landed.
    let production = sandbox.store("production");
    assert_eq!(production.widget_templates[&uuid].template, old_text);
    for (key, regions) in &production.page_widgets {
        let text = serde_json::to_string(regions).expect("regions serialize");
        assert!(
            !text.contains(&uuid),
            "{key} was published using the template whose update failed"
        );
    }
    assert!(
        !production.page_widgets.is_empty(),
        "documents that do not use it were published"
    );
}
