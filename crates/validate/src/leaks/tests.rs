use super::{contains_ignore_ascii_case, host_hits, normalise_host, quote_url, store_hash_hits};
use crate::test_support::{Fixture, codes, create, document, page, widget};
use crate::{DiagnosticCode, Severity};
use pageport_model::{PageType, StoreHash};
use serde_json::json;

const CDN_IMAGE: &str = "https://cdn11.bigcommerce.com/s-abc123/images/stencil/original/hero.jpg";

#[test]
fn store_hash_in_a_page_body_is_a_warning_with_the_url() {
    let mut fixture = Fixture::new();
    let mut about = page("About", PageType::Page);
    about.body = Some(Some(format!(
        "<p><img src=\"{CDN_IMAGE}\"><img src='https://cdn11.bigcommerce.com/S-ABC123/x.png'></p>"
    )));
    fixture.pages.push(create(4, about));
    let report = fixture.run();
    let found = fixture.only(&report, DiagnosticCode::LeakStoreHash);
    assert_eq!(found.severity, Severity::Warning);
    assert_eq!(
        found.to_string(),
        format!(
            "warning[leak.store-hash] page `About` (source #4) at `body`: points at the source \
             store `abc123`: `{CDN_IMAGE}` and 1 more (help: it works only while the source \
             store keeps the file; upload the file to the target store and update the URL in \
             the source)"
        )
    );
    assert!(!report.has_errors());
}

#[test]
fn store_hash_in_widget_configuration_is_reported_with_its_json_path() {
    let mut fixture = Fixture::new();
    fixture.documents.push(document(
        "pages/home",
        None,
        json!([{"name": "main", "children": [
            widget(json!({"imageUrl": {"src": CDN_IMAGE}, "productId": "77"})),
            {"type": "layout", "configuration": {"background": "https://store-abc123.mybigcommerce.com/bg.png"},
             "dropzones": [{"configuration": {"api": "https://api.bigcommerce.com/stores/abc123/v3"}, "widgets": []}]}
        ]}]),
    ));
    let report = fixture.run();
    let paths: Vec<_> = report
        .diagnostics
        .iter()
        .map(|d| d.location.to_string())
        .collect();
    assert_eq!(codes(&report), vec![DiagnosticCode::LeakStoreHash; 3]);
    assert_eq!(
        paths,
        vec![
            "page-widget document `channel 1 pages/home` at `regions[0].children[0].configuration.imageUrl.src`",
            "page-widget document `channel 1 pages/home` at `regions[0].children[1].configuration.background`",
            "page-widget document `channel 1 pages/home` at `regions[0].children[1].dropzones[0].configuration.api`",
        ]
    );
}

#[test]
fn storefront_host_links_are_warnings_in_links_and_query_params() {
    let mut fixture = Fixture::new();
    let mut out = page("Old shop", PageType::Link);
    out.link = Some("https://STAGING.example.com/shoes/".to_owned());
    fixture.pages.push(create(1, out));
    fixture.documents.push(document(
        "pages/home",
        None,
        json!([{"name": "main", "children": [
            {"type": "widget", "widget_template_uuid": crate::test_support::TEMPLATE,
             "storefront_api_query_params": {"next": "//staging.example.com/next"}}
        ]}]),
    ));
    let report = fixture.run();
    assert_eq!(codes(&report), vec![DiagnosticCode::LeakStorefrontHost; 2]);
    assert_eq!(
        report.diagnostics[0].message,
        "links to the source storefront `staging.example.com`: `https://STAGING.example.com/shoes/`"
    );
    assert_eq!(
        report.diagnostics[1].location.to_string(),
        "page-widget document `channel 1 pages/home` at \
         `regions[0].children[0].storefront_api_query_params.next`"
    );
}

#[test]
fn clean_content_and_other_stores_are_not_reported() {
    let mut fixture = Fixture::new();
    let mut about = page("About", PageType::Page);
    about.body = Some(Some(
        "<img src=\"https://cdn11.bigcommerce.com/s-xyz789/images/a.jpg\"> \
         <a href=\"https://staging.example.com.au/\">au</a> <a href=\"/staging.example.com\">rel</a> \
         mystore-abc123.example.com"
            .to_owned(),
    ));
    fixture.pages.push(create(1, about));
    fixture.documents.push(document(
        "pages/home",
        None,
        json!([{"name": "main", "children": [widget(json!({"src": "/s-abc1234/x.jpg"}))]}]),
    ));
    assert!(fixture.run().is_empty(), "{:#?}", fixture.run());
}

#[test]
fn the_store_hash_is_no_leak_when_source_and_target_are_one_store() {
    let mut fixture = Fixture::new();
    fixture.target_store_hash = StoreHash::from("abc123");
    let mut about = page("About", PageType::Page);
    about.body = Some(Some(format!("<img src=\"{CDN_IMAGE}\">")));
    fixture.pages.push(create(1, about));
    assert!(fixture.run().is_empty());
}

#[test]
fn hash_patterns_need_their_delimiters() {
    assert_eq!(store_hash_hits("x /s-abc123/ y", "abc123"), vec![2]);
    assert!(store_hash_hits("/s-abc123x/", "abc123").is_empty());
    assert_eq!(
        store_hash_hits("store-abc123.mybigcommerce.com", "abc123"),
        vec![0]
    );
    assert!(store_hash_hits("mystore-abc123.com", "abc123").is_empty());
    assert_eq!(store_hash_hits("/stores/abc123/v3", "abc123"), vec![1]);
}

#[test]
fn host_patterns_match_whole_hosts() {
    assert_eq!(
        host_hits("https://shop.example.com", "shop.example.com"),
        vec![6]
    );
    assert_eq!(
        host_hits("//shop.example.com:8080/x", "shop.example.com"),
        vec![0]
    );
    assert!(host_hits("https://shop.example.community/", "shop.example.com").is_empty());
    assert_eq!(
        normalise_host(" https://Shop.Example.com/path "),
        "shop.example.com"
    );
    assert_eq!(normalise_host("shop.example.com"), "shop.example.com");
}

#[test]
fn quoted_urls_stop_at_delimiters_and_are_shortened() {
    let text = "<a href=\"https://a.example/x\">é</a>";
    assert_eq!(quote_url(text, 10), "https://a.example/x");
    let long = format!("https://a.example/{}", "é".repeat(200));
    let quoted = quote_url(&long, 0);
    assert_eq!(quoted.chars().count(), 121);
    assert!(quoted.ends_with('…'));
}

#[test]
fn the_quick_check_finds_needles_in_any_ascii_case() {
    assert!(contains_ignore_ascii_case(
        "https://CDN/S-ABC123/x.png",
        "s-abc123"
    ));
    assert!(contains_ignore_ascii_case("abc", ""));
    assert!(!contains_ignore_ascii_case(
        "https://cdn/s-abc12/x.png",
        "s-abc123"
    ));
    assert!(!contains_ignore_ascii_case("ab", "abc"));
}
