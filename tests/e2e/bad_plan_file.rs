//! Bad plan files: each is refused with exit 1 and a message naming the file, line and column,
//! before any store is contacted, and without printing a token. (A `select.pages` entry the
//! source does not have is found by reading the source, and is refused with exit 1 too.)

use crate::support::workdir;
use pageport_sandbox::RunningSandbox;
use pageport_test_support::{Run, SandboxExt, Workdir, demo, snapshot_settings};
/// A bad plan run against a live sandbox: the directory, the sandbox and the result.
struct Refused {
    dir: Workdir,
    sandbox: RunningSandbox,
    run: Run,
}

/// Copies `tests/fixtures/plans/<plan>` to `plan.yaml` in a fresh directory and runs
/// `pageport <args> -f plan.yaml` with the sandbox's URL and tokens in the environment,
/// minus the variables in `unset`.
fn refused(plan: &str, args: &[&str], unset: &[&str]) -> Refused {
    let sandbox = demo();
    let dir = workdir();
    dir.copy_fixture(plan, "plan.yaml");
    let mut cmd = dir.pageport();
    cmd.args(args).args(["-f", "plan.yaml"]);
    sandbox.env(&mut cmd);
    for variable in unset {
        cmd.env_remove(variable);
    }
    let run = Run::of(&mut cmd);
    run.assert_code(1).assert_no_secret();
    assert_eq!(run.stdout, "", "nothing on stdout when the plan is refused");
    sandbox.assert_untouched();
    Refused { dir, sandbox, run }
}

/// Runs `pageport plan` on a bad plan, checks the common promises and snapshots the transcript.
fn plan_refuses(plan: &str, snapshot: &str, unset: &[&str]) -> Run {
    let Refused { dir, run, .. } = refused(plan, &["plan"], unset);
    snapshot_settings(&dir).bind(|| insta::assert_snapshot!(snapshot, run.transcript()));
    run
}

#[test]
fn malformed_yaml() {
    plan_refuses("plans/bad/malformed-yaml.yaml", "malformed_yaml", &[])
        // The bracket opened on line 21 is where the parser gives up: at `mappings:`.
        .assert_stderr_says(
            "syntax error in plan `plan.yaml` at line 22, column 9: illegal placement of ':' indicator",
        );
}

#[test]
fn unknown_key() {
    plan_refuses("plans/bad/unknown-key.yaml", "unknown_key", &[])
        .assert_stderr_says(
            "syntax error in plan `plan.yaml` at line 25, column 1: unknown field `on_exisitng`",
        )
        .assert_stderr_says("[plan.yaml:25:1]");
}

#[test]
fn duplicate_key() {
    plan_refuses("plans/bad/duplicate-key.yaml", "duplicate_key", &[])
        .assert_stderr_says(
            "syntax error in plan `plan.yaml` at line 14, column 1: duplicate mapping key",
        )
        .assert_stderr_says("target")
        .assert_stderr_says("[plan.yaml:14:1]");
}

#[test]
fn duplicate_key_message_speaks_to_the_user() {
    let Refused { run, .. } = refused("plans/bad/duplicate-key.yaml", &["plan"], &[]);
    assert!(
        !run.stderr.contains("DuplicateKeyPolicy"),
        "a library hint reached the user:\n{}",
        run.stderr
    );
}

#[test]
fn wrong_type() {
    plan_refuses("plans/bad/wrong-type.yaml", "wrong_type", &[])
        .assert_stderr_says("syntax error in plan `plan.yaml` at line 12, column 39: invalid u64")
        .assert_stderr_says("[plan.yaml:12:39]");
}

#[test]
fn missing_environment_variable() {
    plan_refuses(
        "plans/live.yaml",
        "missing_environment_variable",
        &["PRODUCTION_TOKEN"],
    )
    .assert_stderr_says(
        "invalid plan `plan.yaml`: at line 11, column 19: environment variable `PRODUCTION_TOKEN` \
         used in `stores.production.access_token` is not set",
    )
    .assert_stderr_says("[plan.yaml:11:19]");
}

#[test]
fn unknown_store_name() {
    plan_refuses("plans/bad/unknown-store.yaml", "unknown_store_name", &[])
        .assert_stderr_says(
            "invalid plan `plan.yaml`: at line 13, column 18: `target.store` names unknown store \
             `prod` (defined stores: `production`, `staging`)",
        )
        .assert_stderr_says("[plan.yaml:13:18]");
}

#[test]
fn malformed_template_uuid() {
    plan_refuses(
        "plans/bad/malformed-uuid.yaml",
        "malformed_template_uuid",
        &[],
    )
    .assert_stderr_says(
        "`mappings.widget_templates.explicit`: `not-a-uuid` is not a well-formed uuid",
    )
    .assert_stderr_says("invalid plan `plan.yaml`: at line 26");
}

#[test]
fn malformed_template_uuid_points_at_the_key() {
    let Refused { run, .. } = refused("plans/bad/malformed-uuid.yaml", &["plan"], &[]);
    run.assert_stderr_says("invalid plan `plan.yaml`: at line 26, column 17:");
}

#[test]
fn plain_http_to_a_remote_host() {
    plan_refuses(
        "plans/bad/plain-http.yaml",
        "plain_http_to_a_remote_host",
        &[],
    )
    .assert_stderr_says(
        "invalid plan `plan.yaml`: at line 11, column 15: `stores.production.api_base` \
             `http://api.example.com` uses plain http to a host that is not loopback; use https",
    )
    .assert_stderr_says("[plan.yaml:11:15]");
}

#[test]
fn a_plan_file_that_does_not_exist() {
    let dir = workdir();
    let run = dir.run(&["plan", "-f", "missing.yaml"]);
    run.assert_code(1).assert_no_secret();
    run.assert_stderr_says("cannot read plan `missing.yaml`");
}

#[test]
fn every_command_refuses_a_bad_plan_the_same_way() {
    let location =
        "syntax error in plan `plan.yaml` at line 25, column 1: unknown field `on_exisitng`";
    let Refused { run, .. } = refused("plans/bad/unknown-key.yaml", &["validate"], &[]);
    run.assert_stderr_says(location);
    let Refused { dir, run, sandbox } = refused(
        "plans/bad/unknown-key.yaml",
        &["extract", "--out", "bundle"],
        &[],
    );
    run.assert_stderr_says(location);
    assert!(!dir.join("bundle").exists(), "extract created its output");
    sandbox.assert_untouched();
}

#[test]
fn duplicate_mapping_key() {
    plan_refuses(
        "plans/bad/duplicate-mapping-key.yaml",
        "duplicate_mapping_key",
        &[],
    )
    .assert_stderr_says("at line 27, column 5: `mappings.categories` maps `18` twice")
    .assert_stderr_says("[plan.yaml:27:5]");
}

#[test]
fn a_fifo_or_a_device_given_as_the_plan_is_refused_instead_of_read() {
    let sandbox = demo();
    let dir = workdir();
    let made = std::process::Command::new("mkfifo")
        .arg(dir.join("plan.fifo"))
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    for (path, shown) in [
        (dir.join("plan.fifo"), "plan.fifo"),
        ("/dev/zero".into(), "/dev/zero"),
    ] {
        let mut cmd = dir.pageport();
        cmd.args(["plan", "-f"]).arg(&path);
        // Without the refusal the read blocks (FIFO) or never ends (/dev/zero).
        cmd.timeout(std::time::Duration::from_secs(60));
        let run = Run::of(sandbox.env(&mut cmd));
        run.assert_code(1);
        run.assert_stderr_says("is not a regular file");
        assert!(run.stderr.contains(shown), "{}", run.stderr);
    }
    sandbox.assert_untouched();
}

#[test]
fn plan_out_or_report_naming_the_plan_file_is_refused_and_the_plan_kept() {
    let sandbox = demo();
    let dir = workdir();
    dir.copy_fixture("plans/live.yaml", "plan.yaml");
    let before = dir.read("plan.yaml");
    for (flag, target) in [("--out", "plan.yaml"), ("--report", "./plan.yaml")] {
        let mut cmd = dir.pageport();
        cmd.args(["plan", "-f", "plan.yaml", flag, target]);
        let run = Run::of(sandbox.env(&mut cmd));
        run.assert_code(1).assert_no_secret();
        run.assert_stderr_says(&format!(
            "`{flag} {target}` names the plan file; refusing to overwrite it"
        ));
        assert_eq!(dir.read("plan.yaml"), before, "the plan file is intact");
    }
    sandbox.assert_untouched();
}

#[test]
fn secrets_in_an_explicit_key_or_an_api_base_query_never_reach_the_output() {
    let sandbox = demo();
    let dir = workdir();
    // The token written under an explicit key, and an error on the next line so the snippet
    // shows that region of the file.
    dir.write(
        "explicit.yaml",
        "version: 1\nstores:\n  staging:\n    store_hash: staging\n    ? access_token\n    : tok-SECRET-explicit\n    api_base: ftp://nowhere\n  production:\n    store_hash: production\n    access_token: x\nsource: { store: staging }\ntarget: { store: production }\nselect: { pages: all }\n",
    );
    // A token carried in the api_base's query and fragment, refused as an api_base.
    dir.write(
        "query.yaml",
        "version: 1\nstores:\n  staging:\n    store_hash: staging\n    access_token: x\n    api_base: https://api.example.com/?access_token=tok-SECRET-query#tok-SECRET-frag\n  production:\n    store_hash: production\n    access_token: x\nsource: { store: staging }\ntarget: { store: production }\nselect: { pages: all }\n",
    );
    for (plan, says) in [
        ("explicit.yaml", "ftp://nowhere"),
        ("query.yaml", "https://api.example.com/?***"),
    ] {
        let mut cmd = dir.pageport();
        cmd.args(["plan", "-f", plan]);
        let run = Run::of(&mut cmd);
        run.assert_code(1).assert_no_secret();
        run.assert_stderr_says(says);
    }
    sandbox.assert_untouched();
}

#[test]
fn one_store_under_two_names_and_two_addresses_is_refused_as_source_and_target() {
    let sandbox = demo();
    let dir = workdir();
    let localhost = sandbox.base_url().replace("127.0.0.1", "localhost");
    let plan = std::fs::read_to_string(pageport_test_support::fixture("plans/live.yaml"))
        .expect("the live plan")
        .replace(
            "  production:\n    store_hash: production\n    access_token: ${PRODUCTION_TOKEN}\n    api_base: ${SANDBOX_URL}\n",
            &format!(
                "  production:\n    store_hash: staging\n    access_token: ${{STAGING_TOKEN}}\n    api_base: {localhost}\n"
            ),
        );
    assert!(plan.contains(&localhost), "the fixture changed shape");
    dir.write("plan.yaml", &plan);
    for args in [
        &["plan", "-f", "plan.yaml"][..],
        &["apply", "-f", "plan.yaml", "--yes"],
    ] {
        let mut cmd = dir.pageport();
        cmd.args(args);
        let run = Run::of(sandbox.env(&mut cmd));
        run.assert_code(1).assert_no_secret();
        run.assert_stderr_says(
            "source and target are the same: stores `staging` and `production` are both store hash `staging`, channel `1`",
        );
    }
    sandbox.assert_untouched();
}

#[test]
fn a_selected_page_the_source_does_not_have_fails_naming_the_closest() {
    let dir = workdir();
    let example = std::fs::read_to_string(pageport_test_support::example_plan()).expect("example");
    assert!(example.contains("  pages: all\n"));
    let plan = example.replace(
        "  pages: all\n",
        "  pages: [\"Shiping & Returns\", \"About Us\", /about-us/our-stroy/]\n",
    );
    dir.write("misspelt.yaml", &plan);
    let run = dir.run(&["plan", "-f", "misspelt.yaml"]);
    // A bad plan (1), not failed validation (3): there is no report to trust, since the
    // selection is not what the author meant.
    run.assert_code(1)
        .assert_stderr_says(
            "`select.pages` names 2 pages that channel 1 of the source does not have",
        )
        .assert_stderr_says("`Shiping & Returns`: did you mean `Shipping & Returns`?")
        .assert_stderr_says("`/about-us/our-stroy/`: did you mean `/about-us/our-story/`?");
    assert!(!run.stderr.contains("`About Us`:"), "{}", run.stderr);
    assert_eq!(
        run.stdout, "",
        "no report for a plan that selects what is not there"
    );
}
