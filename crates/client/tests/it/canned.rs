//! Answers the sandbox never gives (207 on a page create, legacy list-shaped `data`, a 429
//! without headers, plain-text refusals, absolute pagination links), served by a tiny scripted
//! HTTP server on loopback, which also records exactly what the client sent.

use crate::common::{self, page};
use pageport_client::{ClientError, PageQuery, StoreClient};
use pageport_model::{PageId, StoreHash};
use secrecy::SecretString;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One scripted answer.
struct Canned {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: String,
}

fn answer(status: u16, body: serde_json::Value) -> Canned {
    Canned {
        status,
        headers: vec![("Content-Type", "application/json".into())],
        body: body.to_string(),
    }
}

/// A server answering requests with the script, in order, and recording them raw.
struct Scripted {
    base_url: String,
    received: Arc<Mutex<Vec<String>>>,
}

impl Scripted {
    async fn start(script: Vec<Canned>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let base_url = format!("http://{}", listener.local_addr().expect("addr"));
        let script = Arc::new(Mutex::new(VecDeque::from(script)));
        let received = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&received);
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let next = script.lock().expect("script").pop_front();
                let log = Arc::clone(&log);
                tokio::spawn(serve_one(stream, next, log));
            }
        });
        Self { base_url, received }
    }

    fn client(&self) -> StoreClient {
        StoreClient::builder()
            .base_url(&self.base_url)
            .store_hash(StoreHash::from(common::STORE))
            .access_token(SecretString::from(common::TOKEN))
            .pacing(common::fast_pacing())
            .build()
            .expect("client")
    }

    fn received(&self) -> Vec<String> {
        self.received.lock().expect("log").clone()
    }
}

async fn serve_one(mut stream: TcpStream, canned: Option<Canned>, log: Arc<Mutex<Vec<String>>>) {
    let mut raw = Vec::new();
    let mut buf = [0u8; 4096];
    let head_end = loop {
        let Ok(n) = stream.read(&mut buf).await else {
            return;
        };
        if n == 0 {
            return;
        }
        raw.extend_from_slice(&buf[..n]);
        if let Some(pos) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break pos + 4;
        }
    };
    let head = String::from_utf8_lossy(&raw[..head_end]).to_lowercase();
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    while raw.len() < head_end + length {
        let Ok(n) = stream.read(&mut buf).await else {
            return;
        };
        if n == 0 {
            break;
        }
        raw.extend_from_slice(&buf[..n]);
    }
    log.lock()
        .expect("log")
        .push(String::from_utf8_lossy(&raw).into_owned());
    let canned =
        canned.unwrap_or_else(|| answer(500, serde_json::json!({"title": "script exhausted"})));
    let mut response = format!("HTTP/1.1 {} Canned\r\nConnection: close\r\n", canned.status);
    for (name, value) in &canned.headers {
        response.push_str(&format!("{name}: {value}\r\n"));
    }
    response.push_str(&format!(
        "Content-Length: {}\r\n\r\n{}",
        canned.body.len(),
        canned.body
    ));
    let _ = stream.write_all(response.as_bytes()).await;
    let _ = stream.shutdown().await;
}

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
    assert!(matches!(error, ClientError::Protocol { .. }), "{error:?}");
}

#[tokio::test]
async fn a_429_without_headers_backs_off_then_retries() {
    let server = Scripted::start(vec![
        Canned {
            status: 429,
            headers: vec![],
            body: String::new(),
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
