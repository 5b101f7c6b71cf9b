//! `pageport sandbox`: the emulator as a foreground server.

use crate::support::{pageport, pageport_path};
use pageport_test_support::blocking_http as http;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

/// Kills the child process when dropped, so a failing test leaves no server behind.
struct Running(std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn serves_the_demo_stores_on_the_announced_address() {
    let child = Command::new(pageport_path())
        .args([
            "sandbox",
            "--listen",
            "127.0.0.1:0",
            "--store",
            "staging=staging-secret-token",
            "--store",
            "production=production-secret-token",
            "--seed",
            "demo",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("sandbox starts");
    let mut running = Running(child);
    let stdout = running.0.stdout.take().expect("stdout is piped");
    let mut lines = BufReader::new(stdout).lines();
    let first = lines.next().expect("an announcement").expect("utf-8");
    let base = first
        .strip_prefix("pageport sandbox listening on ")
        .expect("announces its address")
        .to_owned();
    let rest: Vec<String> = lines.take(3).map(|l| l.expect("utf-8")).collect();
    assert!(rest[0].contains("store `staging`"), "{rest:?}");
    for line in std::iter::once(&first).chain(&rest) {
        assert!(
            !line.contains("secret-token"),
            "a token was printed: {line}"
        );
    }

    let client = http();
    let pages = client
        .get(format!("{base}/stores/staging/v3/content/pages"))
        .header("X-Auth-Token", "staging-secret-token")
        .send()
        .expect("GET pages");
    assert_eq!(pages.status(), 200);
    assert!(pages.headers().contains_key("x-rate-limit-requests-left"));
    let body: serde_json::Value = pages.json().expect("json body");
    assert!(
        !body["data"].as_array().expect("a list").is_empty(),
        "the demo staging store has pages"
    );

    let denied = client
        .get(format!("{base}/stores/staging/v3/content/pages"))
        .header("X-Auth-Token", "production-secret-token")
        .send()
        .expect("GET pages with another store's token");
    assert_eq!(denied.status(), 403);
}

#[test]
fn a_malformed_store_argument_fails_without_echoing_a_token() {
    let output = pageport()
        .args(["sandbox", "--store", "staging:my-secret-token"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("--store takes STORE_HASH=ACCESS_TOKEN"),
        "{stderr}"
    );
    assert!(!stderr.contains("my-secret-token"), "{stderr}");
}

#[test]
fn an_unknown_seed_is_refused() {
    let output = pageport()
        .args(["sandbox", "--store", "a=b", "--seed", "nope"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("unknown seed `nope`"));
}

#[test]
fn a_store_is_loaded_from_a_bundle() {
    let bundle = pageport_test_support::workspace_root().join("tests/fixtures/bundles/demo");
    let manifest: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(bundle.join("manifest.json")).expect("the fixture's manifest"),
    )
    .expect("a JSON manifest");
    let load = format!("copy={}", bundle.display());
    let child = Command::new(pageport_path())
        .args([
            "sandbox",
            "--listen",
            "127.0.0.1:0",
            "--store",
            "copy=copy-secret-token",
            "--no-quota",
            "--load",
            &load,
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("sandbox starts");
    let mut running = Running(child);
    let stdout = running.0.stdout.take().expect("stdout is piped");
    let first = BufReader::new(stdout)
        .lines()
        .next()
        .expect("an announcement")
        .expect("utf-8");
    let base = first
        .strip_prefix("pageport sandbox listening on ")
        .expect("announces its address")
        .to_owned();
    let client = http();
    let get = |path: &str| -> serde_json::Value {
        let answer = client
            .get(format!("{base}/stores/copy/v3{path}"))
            .header("X-Auth-Token", "copy-secret-token")
            .send()
            .expect("GET");
        assert_eq!(answer.status(), 200, "{path}");
        answer.json().expect("json body")
    };
    let counts = &manifest["counts"];
    let pages = get("/content/pages?limit=250");
    let expected_pages =
        counts["pages"].as_u64().expect("pages") + counts["reference_pages"].as_u64().unwrap_or(0);
    assert_eq!(
        pages["meta"]["pagination"]["total"].as_u64(),
        Some(expected_pages)
    );
    let home = get("/content/page-widgets?channel_id=1&template_file=pages/home");
    assert!(
        !home["data"]["regions"]
            .as_array()
            .expect("regions")
            .is_empty(),
        "the home page's layout was loaded: {home}"
    );
    let templates = get("/content/widget-templates?channel_id:in=1&limit=250");
    assert_eq!(
        templates["data"].as_array().expect("templates").len() as u64,
        counts["widget_templates"].as_u64().expect("templates")
    );
}

#[test]
fn a_bundle_that_cannot_be_read_stops_the_sandbox_before_it_serves() {
    let run = pageport()
        .args([
            "sandbox",
            "--listen",
            "127.0.0.1:0",
            "--store",
            "copy=copy-secret-token",
            "--load",
            "copy=/nonexistent/bundle",
        ])
        .output()
        .expect("runs");
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("--load: cannot read the bundle `/nonexistent/bundle`"),
        "{stderr}"
    );
    assert!(
        !String::from_utf8_lossy(&run.stdout).contains("listening"),
        "it served"
    );
}
