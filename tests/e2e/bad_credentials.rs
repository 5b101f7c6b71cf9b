//! Refused credentials and bad `sandbox --store` values: a clear message naming the store,
//! exit 1, no write, and never the token itself.

use crate::support::workdir;
use pageport_sandbox::RunningSandbox;
use pageport_test_support::{
    Run, SECRET_MARK, STAGING_TOKEN, SandboxExt, Workdir, demo, fixture, snapshot_settings,
};
/// A wrong token, recognisable so the tests can prove it is never printed.
const WRONG_TOKEN: &str = "tok-SECRET-wrong-789";

/// Runs `pageport <args> -f live.yaml` against a live sandbox with `variable` set to a wrong
/// token; returns the sandbox (for its log) and the run.
fn with_wrong_token(dir: &Workdir, variable: &str, args: &[&str]) -> (RunningSandbox, Run) {
    let sandbox = demo();
    let plan = fixture("plans/live.yaml");
    let mut cmd = dir.pageport();
    cmd.args(args)
        .args(["-f", plan.to_str().expect("UTF-8 path")]);
    sandbox.env(&mut cmd).env(variable, WRONG_TOKEN);
    let run = Run::of(&mut cmd);
    run.assert_code(1).assert_no_secret();
    assert_eq!(run.stdout, "", "no report when a store refuses the token");
    sandbox.assert_no_writes();
    (sandbox, run)
}

#[test]
fn a_source_that_refuses_the_token() {
    let dir = workdir();
    let (sandbox, run) = with_wrong_token(&dir, "STAGING_TOKEN", &["plan"]);
    run.assert_stderr_says("cannot read the source store `staging`")
        .assert_stderr_says(
            "was refused with 401: the access token is missing, invalid or revoked for store \
             `staging`; check the token configured for this store",
        );
    let refused: Vec<_> = sandbox
        .requests_to("staging")
        .into_iter()
        .filter(|r| r.status == 401)
        .collect();
    assert!(!refused.is_empty(), "the sandbox never refused anything");
    snapshot_settings(&dir)
        .bind(|| insta::assert_snapshot!("source_refuses_token", run.transcript()));
}

#[test]
fn a_target_that_refuses_the_token() {
    let dir = workdir();
    let (_sandbox, run) = with_wrong_token(&dir, "PRODUCTION_TOKEN", &["plan"]);
    run.assert_stderr_says("cannot read the target store `production`")
        .assert_stderr_says(
            "was refused with 401: the access token is missing, invalid or revoked for store \
             `production`",
        );
}

#[test]
fn the_token_of_another_store_is_refused_without_being_printed() {
    let dir = workdir();
    let sandbox = demo();
    let plan = fixture("plans/live.yaml");
    let mut cmd = dir.pageport();
    cmd.args(["plan", "-f", plan.to_str().expect("UTF-8 path")]);
    // Staging's token given for production: the sandbox answers 403 (CONTRACT: 401/403).
    sandbox.env(&mut cmd).env("PRODUCTION_TOKEN", STAGING_TOKEN);
    let run = Run::of(&mut cmd);
    run.assert_code(1).assert_no_secret();
    run.assert_stderr_says("cannot read the target store `production`");
    sandbox.assert_no_writes();
}

#[test]
fn extract_with_a_refused_token_writes_no_bundle() {
    let dir = workdir();
    let (_sandbox, run) = with_wrong_token(&dir, "STAGING_TOKEN", &["extract", "--out", "bundle"]);
    run.assert_stderr_says("refused with 401");
    assert!(!dir.join("bundle").exists(), "a bundle was written");
}

#[test]
fn verbose_logs_never_show_a_token() {
    let dir = workdir();
    let (_sandbox, run) = with_wrong_token(&dir, "STAGING_TOKEN", &["-vvv", "plan"]);
    assert!(
        run.stderr.contains("DEBUG"),
        "no debug logging: {}",
        run.stderr
    );
    assert!(!run.stderr.contains(SECRET_MARK));
}

#[test]
fn sandbox_store_values_without_a_hash_or_a_token_are_refused_silently() {
    for (value, message) in [
        (
            "=tok-SECRET-123",
            "--store needs both a store hash and a token, got `=…`",
        ),
        (
            "staging=",
            "--store needs both a store hash and a token, got `staging=…`",
        ),
        (
            "tok-SECRET-123",
            "--store takes STORE_HASH=ACCESS_TOKEN, got `<no `=`>`",
        ),
    ] {
        let dir = workdir();
        let run = dir.run(&["sandbox", "--listen", "127.0.0.1:0", "--store", value]);
        run.assert_code(1).assert_no_secret();
        run.assert_stderr_says(message);
    }
}
