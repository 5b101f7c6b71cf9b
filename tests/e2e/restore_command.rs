//! `pageport restore`: a run's backup put back, with or without deleting what the run created,
//! over an empty target and over one that held content the run updated and overwrote; and
//! refused (nothing written) when the target changed since the run, unless `--force`.

use crate::apply_command::{apply_live, live_plan};
use crate::apply_crash::kill_after;
use crate::support::workdir;
use pageport_model::{PageId, PageWidgetsKey, Region};
use pageport_sandbox::RunningSandbox;
use pageport_test_support::blocking::{StoreApi, prepare_production};
use pageport_test_support::store_view::content;
use pageport_test_support::{Run, SandboxExt, Workdir, demo};
use serde_json::json;
use std::collections::BTreeMap;
use std::path::Path;

/// Runs `pageport restore` of production from `backup` (plus `extra`) against `sandbox`.
fn restore(dir: &Workdir, sandbox: &RunningSandbox, backup: &Path, extra: &[&str]) -> Run {
    let plan = live_plan();
    let backup = backup.to_str().expect("UTF-8 path");
    let mut args = vec![
        "restore",
        "-f",
        plan.as_str(),
        "--store",
        "production",
        "--from",
        backup,
    ];
    args.extend_from_slice(extra);
    sandbox.run(dir, &args)
}

/// The page named `name` in the production store, as stored.
fn production_page(sandbox: &RunningSandbox, name: &str) -> pageport_model::Page {
    sandbox
        .store("production")
        .pages
        .values()
        .find(|p| p.name == name)
        .cloned()
        .unwrap_or_else(|| panic!("production has no page {name:?}"))
}

/// The home page's document of channel 1, if it has content.
fn home(documents: &BTreeMap<PageWidgetsKey, Vec<Region>>) -> Option<&Vec<Region>> {
    documents
        .iter()
        .find(|(key, _)| key.to_string() == "channel 1 pages/home")
        .map(|(_, regions)| regions)
}

#[test]
fn restore_with_delete_created_puts_an_empty_target_back_as_it_was() {
    let sandbox = demo();
    let dir = workdir();
    let before = content(&sandbox.store("production"));
    apply_live(&dir, &sandbox, &[]).assert_code(0);
    assert_ne!(content(&sandbox.store("production")), before);
    let backup = dir.only_run().join("backup");

    let run = restore(&dir, &sandbox, &backup, &["--delete-created", "--yes"]);
    run.assert_code(0).assert_no_secret();
    run.assert_stderr_says("3 documents emptied")
        .assert_stderr_says("17 created pages deleted, 1 created template deleted; failed 0");
    assert_eq!(content(&sandbox.store("production")), before);

    // The restore closed the run: applying again starts a new run, not a resume.
    let again = apply_live(&dir, &sandbox, &[]);
    again.assert_code(0);
    assert!(
        !again.stderr.contains("resum"),
        "a restored run was resumed:\n{}",
        again.stderr
    );
    assert_eq!(dir.run_dirs().len(), 2);
    assert_eq!(sandbox.store("production").pages.len(), 17);
    dir.assert_no_secret_in_files();
}

#[test]
fn restore_without_delete_created_puts_back_what_was_overwritten_and_keeps_new_pages() {
    let sandbox = demo();
    prepare_production(&sandbox);
    let dir = workdir();
    let about_before = production_page(&sandbox, "About Us");
    let home_before = sandbox.store("production").page_widgets.clone();
    let run = apply_live(&dir, &sandbox, &[]);
    run.assert_code(0);
    run.assert_stderr_says("updated 1 template, 1 page; overwritten 1 document");
    assert_ne!(production_page(&sandbox, "About Us"), about_before);

    let run = restore(&dir, &sandbox, &dir.only_run().join("backup"), &["--yes"]);
    run.assert_code(0).assert_no_secret();
    run.assert_stderr_says(
        "1 page put back, 1 widget template put back as a new version, 0 created pages deleted",
    );
    let production = sandbox.store("production");
    assert_eq!(production_page(&sandbox, "About Us"), about_before);
    assert!(home(&home_before).is_some(), "the home page had content");
    assert_eq!(home(&production.page_widgets), home(&home_before));
    assert_eq!(production.pages.len(), 17, "the created pages stay");
    // About Us existed (without a layout): its document is put back empty; the pages the run
    // created keep theirs.
    let about = about_before.id.expect("an id");
    let pages_documents: Vec<String> = production
        .page_widgets
        .keys()
        .map(ToString::to_string)
        .filter(|k| k.starts_with("channel 1 pages/page #"))
        .collect();
    assert_eq!(pages_documents.len(), 2, "{pages_documents:?}");
    assert!(!pages_documents.contains(&format!("channel 1 pages/page #{about}")));
    assert!(
        production
            .widget_templates
            .values()
            .any(|t| t.name == "Product Carousel"),
        "the created template stays"
    );
    dir.assert_no_secret_in_files();
}

#[test]
fn restore_after_an_apply_over_existing_content_brings_back_the_original_store() {
    let sandbox = demo();
    prepare_production(&sandbox);
    let dir = workdir();
    let before = content(&sandbox.store("production"));
    apply_live(&dir, &sandbox, &[]).assert_code(0);
    let run_dir = dir.only_run();

    // A run directory is accepted as well as its backup.
    let run = restore(&dir, &sandbox, &run_dir, &["--delete-created", "--yes"]);
    run.assert_code(0).assert_no_secret();
    run.assert_stderr_says(
        "1 page put back, 1 widget template put back as a new version, 16 created pages deleted",
    );
    assert_eq!(content(&sandbox.store("production")), before);
    dir.assert_no_secret_in_files();
}

#[test]
fn restore_asks_first_and_refuses_what_is_not_a_backup() {
    let sandbox = demo();
    let dir = workdir();
    apply_live(&dir, &sandbox, &[]).assert_code(0);
    let applied = sandbox.requests().len();
    let backup = dir.only_run().join("backup");

    let run = restore(&dir, &sandbox, &backup, &["--delete-created"]);
    run.assert_code(1).assert_no_secret();
    run.assert_stderr_says("not writing without confirmation")
        .assert_stderr_says("--yes");

    let run = restore(&dir, &sandbox, dir.path(), &["--yes"]);
    run.assert_code(1).assert_no_secret();
    run.assert_stderr_says("is not a pageport run (with `backup/`) nor a run's backup");

    // A backup of production is refused for staging.
    let plan = live_plan();
    let from = backup.to_str().expect("UTF-8 path");
    let run = sandbox.run(
        &dir,
        &[
            "restore", "-f", &plan, "--store", "staging", "--from", from, "--yes",
        ],
    );
    run.assert_code(1).assert_no_secret();
    run.assert_stderr_says("cannot restore from")
        .assert_stderr_says("is for store `staging`, but the backup is of store `production`");
    assert_eq!(sandbox.writes_after(applied), Vec::<String>::new());
    assert_eq!(sandbox.store("production").pages.len(), 17);
}

#[test]
fn a_restore_killed_part_way_finishes_when_run_again() {
    // The restore's 12 writes: 2 documents of created pages emptied, the updated `Text`
    // template put back, 5 backed-up documents republished, About Us put back, the created
    // pages deleted in 2 batches, the created template.
    for point in [1, 5, 8, 9, 10] {
        let sandbox = demo();
        prepare_production(&sandbox);
        let before = content(&sandbox.store("production"));
        let dir = workdir();
        apply_live(&dir, &sandbox, &[]).assert_code(0);
        let backup = dir.only_run().join("backup");
        let plan = live_plan();
        let from = backup.to_str().expect("UTF-8 path");
        kill_after(
            &dir,
            &sandbox,
            point,
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
        let run = restore(&dir, &sandbox, &backup, &["--delete-created", "--yes"]);
        run.assert_code(0).assert_no_secret();
        run.assert_stderr_says("failed 0");
        assert_eq!(
            content(&sandbox.store("production")),
            before,
            "restore killed after write {point}, then run again"
        );
        dir.assert_no_secret_in_files();
    }
}

#[test]
fn a_page_edited_since_the_run_is_named_and_restore_refuses_until_forced() {
    let sandbox = demo();
    prepare_production(&sandbox);
    let dir = workdir();
    let about_before = production_page(&sandbox, "About Us");
    apply_live(&dir, &sandbox, &[]).assert_code(0);
    let about = about_before.id.expect("an id").get();
    // The merchant edits the page the run updated.
    StoreApi::production(&sandbox).update_page(
        about,
        json!({"body": "<p>Edited by the merchant after the run.</p>"}),
    );
    let edited = sandbox.requests().len();
    let backup = dir.only_run().join("backup");

    let run = restore(&dir, &sandbox, &backup, &["--yes"]);
    run.assert_code(1).assert_no_secret();
    run.assert_stderr_says("the target changed since the run")
        .assert_stderr_says(&format!(
            "page \"About Us\" at /about-us/ (#{about}): `body` changed"
        ))
        .assert_stderr_says("nothing was written")
        .assert_stderr_says("--force");
    assert_eq!(sandbox.writes_after(edited), Vec::<String>::new());
    assert_eq!(
        production_page(&sandbox, "About Us").body_text(),
        Some("<p>Edited by the merchant after the run.</p>")
    );

    let run = restore(&dir, &sandbox, &backup, &["--force", "--yes"]);
    run.assert_code(0).assert_no_secret();
    run.assert_stderr_says("1 page put back")
        .assert_stderr_says("Overwrote changes made since the run (--force)")
        .assert_stderr_says(&format!(
            "page \"About Us\" at /about-us/ (#{about}): `body` changed"
        ));
    assert_eq!(production_page(&sandbox, "About Us"), about_before);
    dir.assert_no_secret_in_files();
}

#[test]
fn a_created_page_with_a_page_added_under_it_is_never_deleted() {
    let sandbox = demo();
    let dir = workdir();
    apply_live(&dir, &sandbox, &[]).assert_code(0);
    let production = sandbox.store("production");
    let parent = production
        .pages
        .values()
        .filter_map(|p| p.parent())
        .min()
        .expect("the demo has nested pages");
    let parent_name = production.pages[&parent].name.clone();
    let created = production.pages.len();
    // The merchant adds a page under one the run created.
    let faq = StoreApi::production(&sandbox).create_page(json!({
        "name": "Merchant FAQ", "type": "page", "channel_id": 1, "url": "/merchant-faq/",
        "parent_id": parent.get(), "is_visible": true, "body": "<p>Questions.</p>"
    }));
    let added = sandbox.requests().len();
    let backup = dir.only_run().join("backup");

    let run = restore(&dir, &sandbox, &backup, &["--delete-created", "--yes"]);
    run.assert_code(1).assert_no_secret();
    run.assert_stderr_says(&format!("page {parent_name:?} at "))
        .assert_stderr_says(&format!("new child page \"Merchant FAQ\" (#{faq})"))
        .assert_stderr_says("--force");
    assert_eq!(sandbox.writes_after(added), Vec::<String>::new());
    assert_eq!(sandbox.store("production").pages.len(), created + 1);

    let run = restore(
        &dir,
        &sandbox,
        &backup,
        &["--delete-created", "--force", "--yes"],
    );
    run.assert_code(4).assert_no_secret();
    run.assert_stderr_says("kept 1 created page")
        .assert_stderr_says("the widget templates the run created are kept too")
        .assert_stderr_says(&format!(
            "not deleted: child pages the run did not create are under it (\"Merchant FAQ\" (#{faq}))"
        ));
    assert!(
        !run.stderr.contains("Overwrote"),
        "a kept page's child is not overwritten:\n{}",
        run.stderr
    );
    let production = sandbox.store("production");
    let faq_page = &production.pages[&PageId(faq)];
    assert_eq!(faq_page.parent(), Some(parent), "still under its parent");
    assert_eq!(faq_page.is_visible, Some(true), "and still visible");
    assert!(production.pages.contains_key(&parent), "the parent stays");
    assert!(
        production.pages.len() < created,
        "the other created pages are deleted: {} left",
        production.pages.len()
    );
    for page in production.pages.values() {
        if let Some(up) = page.parent() {
            assert!(
                production.pages.contains_key(&up),
                "page {:?} lost its parent",
                page.name
            );
        }
    }
    dir.assert_no_secret_in_files();
}
