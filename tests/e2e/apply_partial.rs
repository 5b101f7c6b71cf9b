//! Writes the store refuses: `apply` exits 4 naming each one with BigCommerce's message, what
//! depends on them is not attempted, the rest lands; applying again while the cause remains
//! changes nothing and exits 4 again; once the cause is gone, applying again finishes.

use crate::apply_command::apply_live;
use crate::support::workdir;
use pageport_sandbox::RunningSandbox;
use pageport_test_support::store_view::{assert_no_duplicate_pages, normalized, tree};
use pageport_test_support::{Run, SandboxExt, Workdir, demo, demo_with};
use std::path::Path;

/// A sandbox persisting its stores in `data`, holding at most `max_pages` web pages.
fn sandbox_in(data: &Path, max_pages: Option<usize>) -> RunningSandbox {
    demo_with(|config| {
        config.data_dir = Some(data.to_owned());
        if let Some(max) = max_pages {
            config.limits.web_pages_per_store = max;
        }
    })
}

/// Asserts what a run against the 9-page store reports: the six second-level pages refused
/// with the store's message, their children and their documents not attempted.
#[track_caller]
fn assert_refusals_reported(run: &Run) {
    run.assert_stderr_says("Did not land:")
        .assert_stderr_says("The store has reached its limit of 9 web pages")
        .assert_stderr_says(
            r#"✗ page "Meet the Founders": its parent page "Our Story" did not land"#,
        )
        .assert_stderr_says(
            r#"✗ pages/page of "Shipping & Returns": its page "Shipping & Returns" did not land"#,
        )
        .assert_stderr_says("Fix the causes above and run `pageport apply` again");
    for name in [
        "Our Story",
        "Careers",
        "Shipping & Returns",
        "FAQ",
        "Contact Us",
        "Size Guide",
    ] {
        let line = run
            .stderr
            .lines()
            .find(|l| l.starts_with(&format!("  ✗ page \"{name}\": ")))
            .unwrap_or_else(|| panic!("{name} is not reported:\n{}", run.stderr));
        assert!(
            line.contains("422") && line.contains("limit of 9 web pages"),
            "{name}: {line}"
        );
    }
    assert!(
        !run.stderr.contains("Verification:"),
        "an incomplete run is not verified:\n{}",
        run.stderr
    );
}

#[test]
fn refused_writes_exit_4_and_applying_again_finishes_once_the_cause_is_gone() {
    let data = Workdir::new();
    let dir = workdir();
    {
        let sandbox = sandbox_in(data.path(), Some(9));
        let run = apply_live(&dir, &sandbox, &[]);
        run.assert_code(4).assert_no_secret();
        assert_refusals_reported(&run);
        run.assert_stderr_says("failed 10");
        let production = sandbox.store("production");
        assert_eq!(production.pages.len(), 9, "the nine top-level pages landed");
        assert!(tree(&production, 1).values().all(Option::is_none));
        let documents: Vec<String> = production
            .page_widgets
            .keys()
            .map(ToString::to_string)
            .collect();
        assert_eq!(documents.len(), 5, "{documents:?}");
        let first = normalized(&production);

        // The cause remains: nothing more lands, nothing is duplicated, exit 4 again.
        let again = apply_live(&dir, &sandbox, &[]);
        again.assert_code(4).assert_no_secret();
        assert_refusals_reported(&again);
        again.assert_stderr_says("created nothing");
        assert_eq!(
            dir.run_dirs().len(),
            2,
            "a run that finished with failures is closed: applying again starts a new run"
        );
        let production = sandbox.store("production");
        assert_no_duplicate_pages(&production, 1, "after the second attempt");
        assert_eq!(normalized(&production), first);
    }

    // The same stores, served without the limit: the next apply finishes the migration.
    let sandbox = sandbox_in(data.path(), None);
    let run = apply_live(&dir, &sandbox, &[]);
    run.assert_code(0).assert_no_secret();
    run.assert_stderr_says("created 8 pages, 2 documents; updated 0 pages")
        .assert_stderr_says("failed 0")
        .assert_stderr_says("Verification: planned again, nothing is left to change");
    assert_eq!(dir.run_dirs().len(), 3);
    let production = sandbox.store("production");
    assert_no_duplicate_pages(&production, 1, "after the limit was lifted");

    let reference = demo();
    apply_live(&workdir(), &reference, &[]).assert_code(0);
    assert_eq!(
        normalized(&production),
        normalized(&reference.store("production")),
        "the same end state as an uninterrupted migration"
    );
    dir.assert_no_secret_in_files();
}

#[test]
fn the_advice_after_exit_4_says_what_applying_again_does() {
    let sandbox = demo_with(|config| config.limits.web_pages_per_store = 9);
    let dir = workdir();
    let run = apply_live(&dir, &sandbox, &[]);
    run.assert_code(4);
    run.assert_stderr_says("run `pageport apply` again");
    assert!(
        !run.stderr.contains("the run resumes where it stopped"),
        "the advice promises a resume that does not happen:\n{}",
        run.stderr
    );
}
