//! `pageport duplicate`: one channel's pages and layouts copied to another channel of the same
//! store. On the demo, the contact forms' emails are unique per store, so the copy is refused
//! until they are gone; then channel 2 gets the whole tree and every document, with channel 2
//! widget templates created by name.

use crate::apply_command::live_plan;
use crate::support::workdir;
use pageport_sandbox::RunningSandbox;
use pageport_test_support::blocking::StoreApi;
use pageport_test_support::store_view::{assert_no_duplicate_pages, content, normalized, tree};
use pageport_test_support::{Run, SandboxExt, Workdir, demo};
use serde_json::Value;
use std::collections::BTreeMap;

/// Runs `pageport duplicate` of store `staging` from channel 1 to `to` (plus `extra`).
fn duplicate(dir: &Workdir, sandbox: &RunningSandbox, to: &str, extra: &[&str]) -> Run {
    let plan = live_plan();
    let mut args = vec![
        "duplicate",
        "-f",
        plan.as_str(),
        "--store",
        "staging",
        "--from-channel",
        "1",
        "--to-channel",
        to,
    ];
    args.extend_from_slice(extra);
    sandbox.run(dir, &args)
}

/// Deletes staging's contact form pages (their emails could not exist twice in the store).
fn delete_contact_forms(sandbox: &RunningSandbox) {
    let staging = StoreApi::staging(sandbox);
    let forms: Vec<u64> = sandbox
        .store("staging")
        .pages
        .values()
        .filter(|p| p.page_type.as_str() == "contact_form")
        .filter_map(|p| p.id.map(|id| id.get()))
        .collect();
    assert_eq!(forms.len(), 2, "the demo has two contact forms");
    for id in forms {
        staging.delete_page(id);
    }
}

/// The normalised documents of one channel, keyed without the channel.
fn documents_of(state: &Value, channel: u64) -> BTreeMap<String, Value> {
    let prefix = format!("channel {channel} ");
    state["documents"]
        .as_object()
        .expect("documents")
        .iter()
        .filter_map(|(key, regions)| {
            key.strip_prefix(&prefix)
                .map(|rest| (rest.to_owned(), regions.clone()))
        })
        .collect()
}

#[test]
fn the_dry_run_names_the_contact_forms_that_cannot_be_copied_and_writes_nothing() {
    let sandbox = demo();
    // The demo seed's second storefront, `wholesale`, is channel 2.
    let created = sandbox.requests().len();
    let dir = workdir();

    let run = duplicate(&dir, &sandbox, "2", &["--dry-run"]);
    run.assert_code(3).assert_no_secret();
    run.assert_stdout_says("Plan: store staging channel 1 → store staging channel 2")
        .assert_stdout_says("30 to create")
        .assert_stdout_says("2 errors, 4 warnings: the plan cannot be applied")
        // The jar (93) is not sold in channel 2: each place that shows it is named.
        .assert_stdout_says(
            "warning[mapping.product-not-in-channel] page-widget document `channel 2 pages/home` \
             at `regions[1].children[0].dropzones[2].widgets[0].configuration.productId`: product \
             `93` is not assigned to channel 2",
        )
        .assert_stdout_says(
            "error[page.email-taken] page `Contact Us` (source #9) at `email`: email \
             `service@pageport-demo.example` is already used by page `Contact Us` (target #9)",
        )
        .assert_stdout_says(
            "error[page.email-taken] page `Wholesale Enquiries` (source #12) at `email`: email \
             `wholesale@pageport-demo.example` is already used",
        )
        .assert_stdout_says("1 → 2 in 24 places")
        // The advice is what duplicate itself can do, not an edit of the source store.
        .assert_stderr_says(
            "run duplicate again with --contact-email EMAIL (one form), --empty-contact-email or \
             --skip-contact-forms",
        );
    assert_eq!(run.stdout.matches("error[page.email-taken]").count(), 2);

    // Without --dry-run the same plan is refused before any write.
    let run = duplicate(&dir, &sandbox, "2", &["--yes"]);
    run.assert_code(3).assert_no_secret();
    run.assert_stderr_says("validation failed: nothing was written");
    assert_eq!(sandbox.writes_after(created), Vec::<String>::new());
    assert!(dir.run_dirs().is_empty());
}

#[test]
fn a_missing_channel_is_named_with_the_channels_the_store_has() {
    let sandbox = demo();
    let dir = workdir();
    let run = duplicate(&dir, &sandbox, "7", &["--dry-run"]);
    run.assert_code(1).assert_no_secret();
    run.assert_stderr_says(
        "channel 7 does not exist in store `staging`; it has 1 (Default Storefront)",
    )
    .assert_stderr_says("create the channel first");
    sandbox.assert_no_writes();
}

#[test]
fn duplicate_copies_the_tree_and_layouts_to_the_new_channel() {
    let sandbox = demo();
    // The demo seed's second storefront, `wholesale`, is channel 2.
    delete_contact_forms(&sandbox);
    let prepared = sandbox.requests().len();
    let dir = workdir();

    // Asked without --yes and without a terminal: nothing is written.
    duplicate(&dir, &sandbox, "2", &[])
        .assert_code(1)
        .assert_stderr_says("not writing without confirmation");
    assert_eq!(sandbox.writes_after(prepared), Vec::<String>::new());

    let run = duplicate(&dir, &sandbox, "2", &["--yes"]);
    run.assert_code(0).assert_no_secret();
    run.assert_stdout_says("Summary: 28 to create, 0 to update")
        .assert_stderr_says("Applied: created 6 templates, 15 pages, 7 documents")
        .assert_stderr_says("failed 0");
    assert!(
        sandbox.requests()[prepared..]
            .iter()
            .all(|r| r.path.starts_with("/stores/staging/")),
        "duplicate talks to its one store only"
    );

    let staging = sandbox.store("staging");
    assert_no_duplicate_pages(&staging, 2, "after duplicate");
    let channel_1 = tree(&staging, 1);
    assert_eq!(channel_1.len(), 15);
    assert_eq!(tree(&staging, 2), channel_1, "the same tree in channel 2");

    // The documents are the same, widget by widget, once uuids are read as template names;
    // in channel 2 they use channel 2's templates (created by name) and channel 2's pages.
    let view = normalized(&staging);
    let (ones, twos) = (documents_of(&view, 1), documents_of(&view, 2));
    assert_eq!(twos.len(), 7, "{:#?}", twos.keys());
    // Except for categories: channel 2's tree holds Kitchen as 58 where channel 1's has 18.
    let twos_text = serde_json::to_string(&twos).expect("documents serialize");
    assert!(twos_text.contains(r#""categoryId":"58""#), "{twos_text}");
    let as_channel_1: BTreeMap<String, Value> = serde_json::from_str(
        &twos_text
            .replace(r#""categoryId":"58""#, r#""categoryId":"18""#)
            .replace(r#""categoryId":58"#, r#""categoryId":18"#),
    )
    .expect("documents parse");
    assert_eq!(as_channel_1, ones);
    for (key, regions) in staging
        .page_widgets
        .iter()
        .filter(|(key, _)| key.channel_id.get() == 2)
    {
        let text = serde_json::to_string(regions).expect("regions serialize");
        for (uuid, template) in &staging.widget_templates {
            if text.contains(uuid.as_str()) {
                assert_eq!(
                    template.channel_id.map(|c| c.get()),
                    Some(2),
                    "{key} uses {:?} of another channel",
                    template.name
                );
            }
        }
    }
    for (channel, count) in [(1, 6), (2, 6)] {
        let templates = staging
            .widget_templates
            .values()
            .filter(|t| t.channel_id.map(|c| c.get()) == Some(channel))
            .count();
        assert_eq!(templates, count, "templates of channel {channel}");
    }

    // Idempotence: a second dry run has nothing to do.
    duplicate(&dir, &sandbox, "2", &["--dry-run"])
        .assert_code(0)
        .assert_stdout_says("0 to create, 0 to update, 0 to overwrite");
    dir.assert_no_secret_in_files();
}

#[test]
fn a_duplicate_is_undone_by_restoring_its_backup() {
    let sandbox = demo();
    // The demo seed's second storefront, `wholesale`, is channel 2.
    delete_contact_forms(&sandbox);
    let before = content(&sandbox.store("staging"));
    let dir = workdir();
    duplicate(&dir, &sandbox, "2", &["--yes"]).assert_code(0);
    let run_dir = dir.only_run();
    assert!(
        run_dir.to_string_lossy().ends_with("-staging-ch2"),
        "{}",
        run_dir.display()
    );

    let plan = live_plan();
    let from = run_dir.join("backup");
    let run = sandbox.run(
        &dir,
        &[
            "restore",
            "-f",
            &plan,
            "--store",
            "staging",
            "--from",
            from.to_str().expect("UTF-8 path"),
            "--delete-created",
            "--yes",
        ],
    );
    run.assert_code(0).assert_no_secret();
    run.assert_stderr_says("15 created pages deleted, 6 created templates deleted; failed 0");
    assert_eq!(content(&sandbox.store("staging")), before);
    dir.assert_no_secret_in_files();
}

#[test]
fn contact_forms_copied_without_an_email_categories_mapped_between_trees_and_verified() {
    let sandbox = demo();
    // The demo's wholesale channel 2 has its own category tree (ids 40 higher) and does not
    // sell the jar (product 93), which the home page shows.
    let channel = "2".to_owned();
    let prepared = sandbox.requests().len();
    let dir = workdir();

    // One email for two forms cannot work either: refused, naming both, before any write.
    let run = duplicate(
        &dir,
        &sandbox,
        &channel,
        &["--yes", "--contact-email", "forms@pageport-demo.example"],
    );
    run.assert_code(3).assert_no_secret();
    run.assert_stderr_says(
        "contact form `Contact Us`: copied with email `forms@pageport-demo.example`",
    )
    .assert_stdout_says("error[page.email-duplicate]");
    assert_eq!(sandbox.writes_after(prepared), Vec::<String>::new());

    // Leaving them out is shown in the dry run.
    let run = duplicate(
        &dir,
        &sandbox,
        &channel,
        &["--dry-run", "--skip-contact-forms"],
    );
    run.assert_code(2).assert_no_secret();
    run.assert_stderr_says("contact form `Wholesale Enquiries` left out")
        .assert_stdout_says("0 errors");
    assert!(!run.stdout.contains("Contact Us"), "{}", run.stdout);
    assert_eq!(sandbox.writes_after(prepared), Vec::<String>::new());

    // Without an email they are copied, and planning the copy again finds nothing left.
    let run = duplicate(
        &dir,
        &sandbox,
        &channel,
        &["--yes", "--empty-contact-email"],
    );
    run.assert_code(0).assert_no_secret();
    run.assert_stderr_says("contact form `Contact Us`: copied without an email")
        .assert_stderr_says("failed 0")
        .assert_stderr_says("Verification: planned again, nothing is left to change");
    run.assert_stdout_says("18 → 58")
        .assert_stdout_says(
            "warning[mapping.product-not-in-channel] page-widget document `channel 2 pages/home`",
        )
        .assert_stdout_says("product `93` is not assigned to channel 2");
    assert!(
        !run.stdout.contains("product `77` is not assigned"),
        "{}",
        run.stdout
    );
    let staging = sandbox.store("staging");
    // The store keeps an absent email as `""`.
    let mut copied: Vec<(String, String)> = staging
        .pages
        .values()
        .filter(|p| p.page_type.as_str() == "contact_form")
        .filter(|p| p.channel_id.map(|c| c.get().to_string()) == Some(channel.clone()))
        .map(|p| (p.name.clone(), p.email.clone().unwrap_or_default()))
        .collect();
    copied.sort();
    assert_eq!(
        copied,
        [
            ("Contact Us".to_owned(), String::new()),
            ("Wholesale Enquiries".to_owned(), String::new())
        ]
    );
    assert_no_duplicate_pages(&staging, 2, "after duplicate");

    // The copied home page's carousel shows channel 2's Kitchen (58), not channel 1's (18).
    let home = staging
        .page_widgets
        .iter()
        .find(|(key, _)| key.to_string() == "channel 2 pages/home")
        .map(|(_, regions)| serde_json::to_string(regions).expect("regions serialize"))
        .expect("the home page was copied");
    assert!(home.contains(r#""categoryId":"58""#), "{home}");
    assert!(home.contains(r#""categoryId":58"#), "{home}");
    assert!(!home.contains(r#""categoryId":"18""#), "{home}");
}

#[test]
fn the_readme_s_channel_copy_runs_on_the_demo_as_written() {
    let readme = std::fs::read_to_string(pageport_test_support::workspace_root().join("README.md"))
        .expect("the README");
    assert!(
        readme.contains(
            "cargo run -p pageport -- duplicate -f migrations.example.yaml --store staging \\\n    \
             --from-channel 1 --to-channel 2 --empty-contact-email --dry-run"
        ),
        "the README's channel copy changed; update this test with it"
    );
    let dir = workdir();
    let plan = pageport_test_support::example_plan();
    let run = dir.run(&[
        "duplicate",
        "-f",
        plan.to_str().expect("UTF-8 path"),
        "--store",
        "staging",
        "--from-channel",
        "1",
        "--to-channel",
        "2",
        "--empty-contact-email",
        "--dry-run",
    ]);
    // Changes to apply, no errors: the demo's second channel takes the copy as it is.
    run.assert_code(2).assert_no_secret();
    run.assert_stdout_says("Plan: store staging channel 1 → store staging channel 2")
        .assert_stdout_says("0 errors");
}
