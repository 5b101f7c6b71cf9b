//! Links back to the source storefront: the source channel's site is read when extracting, and
//! content that still points at it is a `leak.storefront-host` warning in the plan.

use crate::plan_command::plan_live;
use crate::support::workdir;
use pageport_model::PageType;
use pageport_test_support::{STAGING_TOKEN, SandboxExt, blocking_http, demo};

/// The staging store's default storefront, as the sandbox names it.
const STAGING_STOREFRONT: &str = "https://store-staging.mybigcommerce.com/";

#[test]
fn a_link_to_the_source_storefront_is_a_warning_naming_the_page_field() {
    let sandbox = demo();
    let staging = sandbox.store("staging");
    let (about, _) = staging
        .pages
        .iter()
        .find(|(_, p)| p.name == "About Us" && p.page_type == PageType::Page)
        .expect("the demo has an About Us page");
    let body = format!(
        "<p>See our <a href=\"{STAGING_STOREFRONT}shipping-returns/\">shipping policy</a>.</p>"
    );
    let answer = blocking_http()
        .put(format!(
            "{}/stores/staging/v3/content/pages/{}",
            sandbox.base_url(),
            about
        ))
        .header("X-Auth-Token", STAGING_TOKEN)
        .json(&serde_json::json!({ "body": body }))
        .send()
        .expect("the sandbox answers");
    assert!(answer.status().is_success(), "{:?}", answer.text());
    let writes_before = sandbox.requests().iter().filter(|r| r.is_write()).count();

    let dir = workdir();
    let run = plan_live(&dir, &sandbox, &["--format", "json"]);
    run.assert_no_secret();
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON on stdout");
    let hosts: Vec<&serde_json::Value> = report["diagnostics"]
        .as_array()
        .expect("a diagnostics list")
        .iter()
        .filter(|d| d["code"] == "leak.storefront-host")
        .collect();
    assert_eq!(hosts.len(), 1, "{:#}", report["diagnostics"]);
    assert_eq!(hosts[0]["severity"], "warning");
    assert_eq!(hosts[0]["path"], "body");
    assert!(
        hosts[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("store-staging.mybigcommerce.com/shipping-returns/")),
        "{:#}",
        hosts[0]
    );
    assert!(
        sandbox
            .requests_to("staging")
            .iter()
            .any(|r| r.method == "GET" && r.path == "/stores/staging/v3/channels/1/site"),
        "the source channel's site is read"
    );
    let writes_after = sandbox.requests().iter().filter(|r| r.is_write()).count();
    assert_eq!(writes_before, writes_after, "plan writes nothing");
}

#[test]
fn without_such_links_the_demo_has_no_storefront_warning() {
    let sandbox = demo();
    let dir = workdir();
    let run = plan_live(&dir, &sandbox, &["--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON on stdout");
    let codes: Vec<&str> = report["diagnostics"]
        .as_array()
        .expect("a diagnostics list")
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert!(!codes.contains(&"leak.storefront-host"), "{codes:?}");
    sandbox.assert_no_writes();
}
