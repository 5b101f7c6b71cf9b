//! Answers the sandbox never gives (207 on a page create, legacy list-shaped `data`, a 429
//! without headers, plain-text refusals, absolute pagination links), served by a tiny scripted
//! HTTP server on loopback (`scripted`), which also records exactly what the client sent.

use crate::common::{self, page};
use crate::scripted::{Canned, Framing, Scripted, answer};
use pageport_client::{ClientErrorKind, PageQuery};
use pageport_model::PageId;

fn stored(id: u64, name: &str) -> serde_json::Value {
    serde_json::json!({"id": id, "channel_id": 1, "name": name, "type": "page", "body": ""})
}

#[tokio::test]
async fn a_207_counts_as_success_with_a_warning_after_a_reread() {
    let server = Scripted::start(vec![
        answer(207, serde_json::json!({})),
        answer(
            200,
            serde_json::json!({"data": [stored(41, "Found")], "meta": {}}),
        ),
        answer(200, serde_json::json!({"data": [], "meta": {}})),
    ])
    .await;
    let outcome = server
        .client()
        .create_pages(&[page("Found"), page("Lost")])
        .await;
    assert_eq!(outcome.succeeded.len(), 1);
    assert_eq!(outcome.succeeded[0].index, 0);
    assert_eq!(outcome.succeeded[0].value.id, Some(PageId(41)));
    assert_eq!(outcome.failed.len(), 1);
    assert_eq!(outcome.failed[0].index, 1);
    assert_eq!(outcome.failed[0].error.status(), Some(207));
    assert_eq!(outcome.warnings.len(), 1);
    assert!(
        outcome.warnings[0].contains("207"),
        "{:?}",
        outcome.warnings
    );
    let received = server.received();
    assert!(received[1].starts_with("GET /stores/teststore/v3/content/pages?channel_id=1&name=Found&include=body&limit=50&page=1 "), "{}", received[1]);
}

#[tokio::test]
async fn requests_carry_exactly_the_documented_headers() {
    let server = Scripted::start(vec![answer(
        201,
        serde_json::json!({"data": [stored(7, "About")], "meta": {}}),
    )])
    .await;
    let outcome = server.client().create_pages(&[page("About")]).await;
    assert!(outcome.is_complete());
    let request = &server.received()[0];
    let lower = request.to_lowercase();
    assert!(
        request.starts_with("POST /stores/teststore/v3/content/pages?include=body HTTP/1.1\r\n"),
        "{request}"
    );
    assert!(lower.contains(&format!(
        "x-auth-token: {}\r\n",
        common::TOKEN.to_lowercase()
    )));
    assert!(lower.contains("accept: application/json\r\n"), "{request}");
    assert!(
        lower.contains("content-type: application/json\r\n"),
        "{request}"
    );
    assert!(lower.contains("user-agent: pageport/"), "{request}");
    assert!(
        request.ends_with(r#"{"name":"About","type":"page"}"#),
        "{request}"
    );
}

#[tokio::test]
async fn a_legacy_list_shaped_page_is_read() {
    let server = Scripted::start(vec![answer(
        200,
        serde_json::json!({"data": [stored(5, "Old")], "meta": {}}),
    )])
    .await;
    let found = server
        .client()
        .get_page(PageId(5), true)
        .await
        .expect("get");
    assert_eq!(found.map(|p| p.name), Some("Old".to_owned()));
}

#[tokio::test]
async fn pagination_follows_counts_and_ignores_links() {
    let meta = |current: u64| {
        serde_json::json!({"pagination": {"total": 3, "count": 1, "per_page": 1,
            "current_page": current, "total_pages": 3,
            "links": {"previous": null, "current": "https://elsewhere.example/x", "next": ""}}})
    };
    let server = Scripted::start(vec![
        answer(
            200,
            serde_json::json!({"data": [stored(1, "A")], "meta": meta(1)}),
        ),
        answer(
            200,
            serde_json::json!({"data": [stored(2, "B")], "meta": meta(2)}),
        ),
        answer(
            200,
            serde_json::json!({"data": [stored(3, "C")], "meta": meta(3)}),
        ),
    ])
    .await;
    let pages = server
        .client()
        .list_pages(&PageQuery::default())
        .await
        .expect("list");
    assert_eq!(pages.len(), 3);
    let received = server.received();
    assert!(received[2].starts_with("GET /stores/teststore/v3/content/pages?limit=50&page=3 "));
}

#[tokio::test]
async fn a_store_that_paginates_wrongly_is_reported() {
    let stuck = serde_json::json!({"pagination": {"total": 9, "count": 1, "per_page": 1,
        "current_page": 1, "total_pages": 9}});
    let server = Scripted::start(vec![
        answer(
            200,
            serde_json::json!({"data": [stored(1, "A")], "meta": stuck}),
        ),
        answer(
            200,
            serde_json::json!({"data": [stored(1, "A")], "meta": stuck}),
        ),
    ])
    .await;
    let error = server
        .client()
        .list_pages(&PageQuery::default())
        .await
        .expect_err("stuck on page 1");
    assert!(
        matches!(error.kind(), ClientErrorKind::Protocol { .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_429_without_headers_backs_off_then_retries() {
    let server = Scripted::start(vec![
        Canned {
            status: 429,
            headers: vec![],
            body: String::new(),
            framing: Framing::Exact,
        },
        answer(200, serde_json::json!({"data": [], "meta": {}})),
    ])
    .await;
    let client = server.client();
    client.list_channels().await.expect("listed after overload");
    let stats = client.stats();
    assert_eq!((stats.rate_limited, stats.retries, stats.waits), (1, 1, 1));
    assert!(
        stats.waited <= common::fast_pacing().backoff_base,
        "{:?}",
        stats.waited
    );
}

#[tokio::test]
async fn plain_text_refusals_and_echoed_tokens_are_handled() {
    let server = Scripted::start(vec![
        Canned {
            status: 401,
            headers: vec![("Content-Type", "plain/text".into())],
            body: format!("Unauthorized token {}", common::TOKEN),
            framing: Framing::Exact,
        },
        answer(
            422,
            serde_json::json!({"status": 422, "title": format!("bad token {}", common::TOKEN)}),
        ),
    ])
    .await;
    let client = server.client();
    let refused = client.list_channels().await.expect_err("401");
    let body = refused.api_body().expect("body");
    assert_eq!(body.title.as_deref(), Some("Unauthorized token <redacted>"));
    let invalid = client
        .create_category(&pageport_model::CategoryCreate {
            parent_id: 0,
            name: "x".into(),
        })
        .await
        .expect_err("422");
    for error in [refused, invalid] {
        let text = format!("{error} {error:?}");
        assert!(!text.contains(common::TOKEN), "{text}");
    }
}

/// The `page` a scripted request asks for.
fn page_asked(request: &str) -> u64 {
    let line = request.lines().next().unwrap_or_default();
    line.split(['?', '&', ' '])
        .find_map(|part| part.strip_prefix("page="))
        .and_then(|page| page.parse().ok())
        .expect("a paginated request")
}

/// One page of a listing that always claims another page after this one.
fn endless_page(page: u64, data: Vec<serde_json::Value>, total: u64) -> Canned {
    let count = data.len();
    answer(
        200,
        serde_json::json!({"data": data, "meta": {"pagination": {"total": total, "count": count,
            "per_page": count, "current_page": page, "total_pages": page + 1}}}),
    )
}

#[tokio::test]
async fn pagination_that_never_ends_stops_at_the_store_limit() {
    // Fresh ids on every page, and `total_pages` one ahead of the page asked for, forever.
    let server = Scripted::answering(|request| {
        let page = page_asked(request);
        let data = (1..=250)
            .map(|i| stored((page - 1) * 250 + i, "P"))
            .collect();
        Some(endless_page(page, data, 100))
    })
    .await;
    let client = server.builder().page_size(250).build().expect("client");
    let error = client
        .list_pages(&PageQuery::default())
        .await
        .expect_err("a store holds at most 4000 pages");
    assert!(
        matches!(error.kind(), ClientErrorKind::Protocol { .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "`GET /content/pages?limit=250&page=17` answered unexpectedly: the listing passed 4000 \
         items with page 17, more than it can hold (4000 web pages per store): its pagination \
         does not end"
    );
    assert_eq!(
        server.received().len(),
        17,
        "16 pages of 250 reach the limit; the 17th passes it"
    );
}

#[tokio::test]
async fn a_listing_that_claims_more_than_a_store_can_hold_fails_on_its_first_page() {
    let server = Scripted::answering(|request| {
        let page = page_asked(request);
        let templates = (1..=2)
            .map(|i| {
                serde_json::json!({"uuid": format!("{page}-{i}"), "name": "T", "template": "",
                    "schema": [], "kind": "custom", "channel_id": 1})
            })
            .collect();
        Some(endless_page(page, templates, 1_000_000))
    })
    .await;
    let error = server
        .client()
        .list_widget_templates(pageport_model::ChannelId(1))
        .await
        .expect_err("more templates than a store can hold");
    let text = error.to_string();
    assert!(
        text.starts_with("`GET /content/widget-templates?channel_id:in=1&limit=50&page=1`"),
        "{text}"
    );
    assert!(
        text.ends_with(
            "it reports 1000000 items, more than the listing can hold (5000 widget templates per store)"
        ),
        "{text}"
    );
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn a_listing_that_serves_the_same_items_again_fails_at_the_first_repeat() {
    // Every page answers with the same three pages, and claims one more page after it.
    let server = Scripted::answering(|request| {
        let page = page_asked(request);
        let data = vec![stored(1, "A"), stored(2, "B"), stored(3, "C")];
        Some(endless_page(page, data, 3))
    })
    .await;
    let error = server
        .client()
        .list_pages(&PageQuery::default())
        .await
        .expect_err("the same pages again");
    assert!(
        matches!(error.kind(), ClientErrorKind::Protocol { .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "`GET /content/pages?limit=50&page=2` answered unexpectedly: page 2 repeats `1`, \
         listed already: its pagination loops"
    );
    assert_eq!(server.received().len(), 2);
}
