//! The token sweep: every command, run with recognisable tokens and debug or trace logging,
//! then stdout, stderr and every file anywhere in the working directory (bundle, saved plan,
//! report, run records, journal, backup, persisted sandbox stores, the sandbox's own log) and
//! everything the sandbox exposes are searched for the tokens: zero hits.

use crate::support::workdir;
use pageport_sandbox::RunningSandbox;
use pageport_test_support::{
    PRODUCTION_TOKEN, Run, SECRET_MARK, STAGING_TOKEN, SandboxExt, Workdir, blocking_http as http,
    demo_with, example_plan, fixture,
};
use std::io::{BufRead, BufReader};
use std::process::Stdio;

/// A wrong token, as recognisable as the right ones.
const WRONG_TOKEN: &str = "tok-SECRET-wrong-789";

/// Every token the sweep looks for (each also contains [`SECRET_MARK`]).
const TOKENS: [&str; 3] = [STAGING_TOKEN, PRODUCTION_TOKEN, WRONG_TOKEN];

/// Asserts that `text` holds no token; `what` names where it came from.
#[track_caller]
fn assert_clean(what: &str, text: &str) {
    for token in TOKENS {
        assert!(!text.contains(token), "`{token}` in {what}:\n{text}");
    }
    assert!(!text.contains(SECRET_MARK), "a token in {what}:\n{text}");
}

/// One command of the sweep, with its exit code checked and both streams searched.
struct Sweep<'a> {
    dir: &'a Workdir,
    sandbox: &'a RunningSandbox,
    /// Every run so far, named, for the log checks at the end.
    runs: Vec<(String, Run)>,
}

impl<'a> Sweep<'a> {
    /// Runs `pageport <args>` against the sandbox with `env` on top of its tokens; `code` is
    /// the exit code expected, `None` for any failure.
    #[track_caller]
    fn run(&mut self, args: &[&str], env: &[(&str, &str)], code: impl Into<Option<i32>>) -> &Run {
        let mut cmd = self.dir.pageport();
        cmd.args(args);
        self.sandbox.env(&mut cmd);
        for (name, value) in env {
            cmd.env(name, value);
        }
        let run = Run::of(&mut cmd);
        let name = format!("`pageport {}` with {env:?}", args.join(" "));
        match code.into() {
            Some(code) => {
                run.assert_code(code);
            }
            None => assert!(
                !matches!(run.code, Some(0) | None),
                "{name} should fail\n{}",
                run.stderr
            ),
        }
        assert_clean(&format!("the stdout of {name}"), &run.stdout);
        assert_clean(&format!("the stderr of {name}"), &run.stderr);
        run.assert_no_secret();
        self.runs.push((name, run));
        &self.runs.last().expect("just pushed").1
    }
}

/// Kills the child process when dropped, so a failing test leaves no server behind.
struct Running(std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn no_command_leaks_a_token_into_any_output_or_file() {
    let dir = workdir();
    let data = dir.join("sandbox-data");
    let sandbox = demo_with(|config| config.data_dir = Some(data.clone()));
    let live = fixture("plans/live.yaml");
    let live = live.to_str().expect("UTF-8 path");
    let trace = [("PAGEPORT_LOG", "trace")];
    let mut sweep = Sweep {
        dir: &dir,
        sandbox: &sandbox,
        runs: Vec::new(),
    };

    // Reading commands.
    sweep.run(&["validate", "-f", live, "-vv"], &[], 0);
    sweep.run(&["extract", "-f", live, "--out", "bundle", "-vv"], &[], 0);
    sweep.run(
        &["validate", "-f", live, "--bundle", "bundle", "-vv"],
        &trace,
        0,
    );
    sweep.run(
        &[
            "plan",
            "-f",
            live,
            "--out",
            "plan.json",
            "--report",
            "report.md",
            "-vv",
        ],
        &[],
        0,
    );
    for format in ["markdown", "json"] {
        sweep.run(&["plan", "-f", live, "--format", format, "-vv"], &[], 0);
    }
    sweep.run(
        &["plan", "-f", live, "--bundle", "bundle", "--format", "json"],
        &trace,
        0,
    );

    // Writing commands: apply (traced), plan again, a now-stale saved plan, restore.
    sweep.run(&["apply", "-f", live, "--yes"], &trace, 0);
    sweep.run(&["plan", "-f", live, "--detailed-exitcode", "-vv"], &[], 0);
    sweep.run(
        &["apply", "-f", live, "--plan", "plan.json", "--yes", "-vv"],
        &[],
        1,
    );
    let run_dir = dir.only_run();
    let run_dir = run_dir.to_str().expect("UTF-8 path");
    sweep.run(
        &[
            "restore",
            "-f",
            live,
            "--store",
            "production",
            "--from",
            run_dir,
            "--delete-created",
            "--yes",
        ],
        &trace,
        0,
    );

    // duplicate between two channels of one store, as a dry run (the demo's contact forms'
    // emails are unique per store, so it reports validation errors: exit 3).
    // The demo seed's second storefront, `wholesale`, is channel 2.
    let duplicate = [
        "duplicate",
        "-f",
        live,
        "--store",
        "staging",
        "--from-channel",
        "1",
        "--to-channel",
        "2",
        "--dry-run",
    ];
    sweep.run(&[&duplicate[..], &["-vv"]].concat(), &[], 3);
    sweep.run(&duplicate, &trace, 3);

    // Refused tokens: read, write and restore paths, at debug and trace level.
    let landed = || {
        sandbox
            .requests()
            .iter()
            .filter(|r| r.is_write() && (200..300).contains(&r.status))
            .count()
    };
    let landed_before = landed();
    sweep.run(
        &["plan", "-f", live, "-vv"],
        &[("STAGING_TOKEN", WRONG_TOKEN)],
        1,
    );
    sweep.run(
        &["plan", "-f", live],
        &[("PRODUCTION_TOKEN", WRONG_TOKEN), trace[0]],
        1,
    );
    sweep.run(
        &["apply", "-f", live, "--yes"],
        &[("PRODUCTION_TOKEN", WRONG_TOKEN), trace[0]],
        1,
    );
    // Restore reads once before any write, so a refused token stops it with exit 1.
    sweep.run(
        &[
            "restore",
            "-f",
            live,
            "--store",
            "production",
            "--from",
            run_dir,
            "--yes",
            "-vv",
        ],
        &[("PRODUCTION_TOKEN", WRONG_TOKEN)],
        1,
    );
    // Another store's token: refused with 403 rather than 401.
    sweep.run(
        &["extract", "-f", live, "--out", "refused-bundle"],
        &[("STAGING_TOKEN", PRODUCTION_TOKEN), trace[0]],
        1,
    );
    assert_eq!(
        landed(),
        landed_before,
        "a write with a refused token landed"
    );

    // The embedded sandbox (made-up tokens) through plan and a traced apply.
    let example = example_plan();
    let example = example.to_str().expect("UTF-8 path");
    sweep.run(&["plan", "-f", example, "-vv"], &[], 0);
    sweep.run(&["apply", "-f", example, "--yes"], &trace, 0);

    // The logs really were at debug and trace level (else the sweep proves little).
    let stderr_of = |needle: &str| {
        sweep
            .runs
            .iter()
            .find(|(name, _)| name.contains(needle))
            .map(|(_, run)| run.stderr.clone())
            .unwrap_or_else(|| panic!("no run named {needle}"))
    };
    assert!(stderr_of("apply -f").contains("TRACE"), "no trace log");
    assert!(stderr_of("validate -f").contains("DEBUG"), "no debug log");
    assert!(
        stderr_of("PRODUCTION_TOKEN").contains("401"),
        "the refusal is not in the log"
    );

    // What the sandbox exposes: the request log and the stores' states.
    let client = http();
    for path in [
        "/__sandbox/requests",
        "/__sandbox/health",
        "/__sandbox/stores/staging",
        "/__sandbox/stores/production",
    ] {
        let text = client
            .get(format!("{}{path}", sandbox.base_url()))
            .send()
            .and_then(|r| r.text())
            .expect("the admin endpoint answers");
        assert_clean(&format!("`{path}`"), &text);
    }

    // Every file the commands and the sandbox wrote, and proof that they were written.
    let files = dir.tree("");
    let state = ".pageport/runs/";
    for expected in [
        "bundle/manifest.json",
        "plan.json",
        "report.md",
        "sandbox-data/staging.json",
        "sandbox-data/production.json",
    ] {
        assert!(files.contains_key(expected), "no `{expected}`");
    }
    for suffix in [
        "/journal.jsonl",
        "/run.json",
        "/plan.json",
        "/backup/manifest.json",
    ] {
        assert!(
            files
                .keys()
                .any(|path| path.starts_with(state) && path.ends_with(suffix)),
            "no run file `{suffix}`: {:#?}",
            files.keys().collect::<Vec<_>>()
        );
    }
    assert!(
        files
            .keys()
            .any(|path| path.starts_with(".pageport/sandbox/")),
        "the embedded sandbox persisted nothing"
    );
    for (path, bytes) in &files {
        assert_clean(&format!("`{path}`"), &String::from_utf8_lossy(bytes));
    }
    dir.assert_no_secret_in_files();
}

#[test]
fn the_sandbox_command_keeps_its_tokens_out_of_its_log_and_data() {
    let dir = workdir();
    let log = std::fs::File::create(dir.join("sandbox.log")).expect("create the log file");
    let child = dir
        .spawnable()
        .args([
            "sandbox",
            "--listen",
            "127.0.0.1:0",
            "--store",
            &format!("staging={STAGING_TOKEN}"),
            "--store",
            &format!("production={PRODUCTION_TOKEN}"),
            "--seed",
            "demo",
            "--data",
            "data",
            "-vv",
        ])
        .env("PAGEPORT_LOG", "trace")
        .stdout(Stdio::piped())
        .stderr(log)
        .spawn()
        .expect("the sandbox starts");
    let mut running = Running(child);
    let stdout = running.0.stdout.take().expect("stdout is piped");
    let mut lines = BufReader::new(stdout).lines();
    let first = lines.next().expect("an announcement").expect("UTF-8");
    let base = first
        .strip_prefix("pageport sandbox listening on ")
        .unwrap_or_else(|| panic!("no address announced: {first}"))
        .to_owned();

    let client = http();
    let pages = format!("{base}/stores/staging/v3/content/pages");
    let statuses: Vec<u16> = [STAGING_TOKEN, PRODUCTION_TOKEN, WRONG_TOKEN]
        .into_iter()
        .map(|token| {
            client
                .get(&pages)
                .header("X-Auth-Token", token)
                .send()
                .expect("the sandbox answers")
                .status()
                .as_u16()
        })
        .collect();
    assert_eq!(statuses, [200, 403, 401]);
    let created = client
        .post(&pages)
        .header("X-Auth-Token", STAGING_TOKEN)
        .json(&serde_json::json!({"name": "Swept", "type": "page", "body": "<p>x</p>"}))
        .send()
        .expect("the sandbox answers");
    assert_eq!(created.status().as_u16(), 201, "the write is persisted");
    drop(running);
    let announced: Vec<String> = lines.map_while(Result::ok).collect();
    assert_clean(
        "the sandbox's stdout",
        &format!("{first}\n{}", announced.join("\n")),
    );

    let files = dir.tree("");
    let log = String::from_utf8_lossy(&files["sandbox.log"]).into_owned();
    assert!(!log.trim().is_empty(), "the sandbox logged nothing");
    assert_clean("the sandbox's log", &log);
    assert!(
        files.contains_key("data/staging.json"),
        "the store has no snapshot"
    );
    // A write is appended to the store's journal; the snapshot takes it at the next start.
    let journal = String::from_utf8_lossy(&files["data/staging.log"]).into_owned();
    assert!(journal.contains("Swept"), "the page was not persisted");
    dir.assert_no_secret_in_files();
}

/// A plan whose `staging` store is `store` (several lines, indented as a store's keys), with
/// the rest valid.
fn plan_with_staging(store: &str) -> String {
    format!(
        "version: 1\nstores:\n{store}\n  production:\n    store_hash: production\n    \
         access_token: ${{PRODUCTION_TOKEN}}\n    api_base: http://127.0.0.1:9\n\
         source: {{ store: staging, channel_id: 1 }}\ntarget: {{ store: production, channel_id: 1 }}\n\
         select:\n  pages: all\n"
    )
}

#[test]
fn tokens_written_literally_in_a_broken_plan_are_never_shown() {
    // Every way YAML can spell the token, each followed by an error on the next line (or the
    // same line, in a flow mapping), so the diagnostic's snippet shows the token's line.
    let spellings = [
        "    access_token: tok-SECRET-123",
        "    access_token: \"tok-SECRET-123\"",
        "    access_token: 'tok-SECRET-123' # written literally",
        "    access_token:\n      tok-SECRET-123",
        "    access_token: tok-SECRET-\n      123",
        "    access_token: |\n      tok-SECRET-123",
        "    access_token: >-\n      tok-SECRET-123",
    ];
    let errors = ["    unknown_key: 1", "    api_base: http://example.com"];
    let mut plans: Vec<String> = Vec::new();
    for spelling in spellings {
        for error in errors {
            plans.push(plan_with_staging(&format!(
                "  staging:\n    store_hash: staging\n{spelling}\n{error}"
            )));
        }
    }
    for error in ["unknown_key: 1", "api_base: \"http://example.com\""] {
        plans.push(plan_with_staging(&format!(
            "  staging: {{ store_hash: staging, access_token: tok-SECRET-123, {error} }}"
        )));
    }
    // The plans live outside the working directory: only what pageport writes is swept.
    let plan_dir = Workdir::new();
    let dir = workdir();
    for (index, plan) in plans.iter().enumerate() {
        assert!(plan.contains(SECRET_MARK), "{plan}");
        let path = plan_dir.path().join(format!("plan-{index}.yaml"));
        std::fs::write(&path, plan).expect("write the plan");
        let file = path.to_str().expect("UTF-8 path").to_owned();
        for args in [
            &["plan", "-f", &file][..],
            &["validate", "-f", &file],
            &["extract", "-f", &file, "--out", "bundle"],
            &["apply", "-f", &file, "--yes"],
            &[
                "restore", "-f", &file, "--store", "staging", "--from", "run", "--yes",
            ],
            &[
                "duplicate",
                "-f",
                &file,
                "--store",
                "staging",
                "--from-channel",
                "1",
                "--to-channel",
                "2",
                "--dry-run",
            ],
        ] {
            let mut cmd = dir.pageport();
            cmd.args(args)
                .arg("-vv")
                .env("PRODUCTION_TOKEN", PRODUCTION_TOKEN);
            let run = Run::of(&mut cmd);
            let name = format!("`pageport {}` of\n{plan}", args.join(" "));
            assert_eq!(run.code, Some(1), "{name}\n{}", run.stderr);
            assert!(
                run.stderr.contains("╭─["),
                "no snippet for {name}\n{}",
                run.stderr
            );
            assert_clean(&format!("the stderr of {name}"), &run.stderr);
            assert_clean(&format!("the stdout of {name}"), &run.stdout);
        }
    }
    let written = dir.tree("");
    assert!(
        written.is_empty(),
        "a broken plan made pageport write: {:?}",
        written.keys().collect::<Vec<_>>()
    );
}
