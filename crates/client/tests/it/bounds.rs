//! Hostile answers: bodies over the size limit (announced, unannounced, understated) and JSON
//! nested far deeper than any API object, all ending in a clear error, never in unbounded
//! memory, a hang, a stack overflow or a panic.

use crate::common;
use crate::scripted::{Canned, Framing, Scripted, answer};
use pageport_client::{ClientError, ClientErrorKind, MAX_JSON_DEPTH, PacingConfig};
use pageport_model::{CategoryCreate, ChannelId, WidgetTemplateUuid};

/// The limit the tests set, small so the bodies that pass it stay small too.
const LIMIT: u64 = 64 * 1024;

/// What the server sends at most when a body is meant to be unbounded: far past [`LIMIT`], so
/// a client that ignored the limit would read it all and fail differently.
const FLOOD: u64 = 16 * 1024 * 1024;

fn json(status: u16, body: String, framing: Framing) -> Canned {
    Canned {
        status,
        headers: vec![("Content-Type", "application/json".into())],
        body,
        framing,
    }
}

/// JSON whitespace: a valid prefix of any document, so only the size can make it fail early.
fn blanks() -> String {
    " ".repeat(4096)
}

/// `depth` nested arrays.
fn nested(depth: usize) -> String {
    format!("{}{}", "[".repeat(depth), "]".repeat(depth))
}

async fn limited(server: &Scripted) -> pageport_client::StoreClient {
    server
        .builder()
        .max_response_bytes(LIMIT)
        .pacing(PacingConfig {
            max_retries: 0,
            ..common::fast_pacing()
        })
        .build()
        .expect("client")
}

fn assert_too_large(error: &ClientError) {
    match error.kind() {
        ClientErrorKind::ResponseTooLarge { status, limit } => {
            assert_eq!((*status, *limit), (200, LIMIT));
            let text = error.to_string();
            assert!(
                text.contains(&format!("larger than {LIMIT} bytes")),
                "{text}"
            );
            assert!(text.contains("`GET /channels?limit=50&page=1`"), "{text}");
        }
        other => panic!("expected ResponseTooLarge, got {other:?}"),
    }
}

#[tokio::test]
async fn a_body_of_exactly_the_limit_is_read_and_one_byte_more_is_refused() {
    let body = serde_json::json!({"data": [], "meta": {}}).to_string();
    let length = body.len() as u64;
    let server = Scripted::start(vec![
        json(200, body.clone(), Framing::Exact),
        json(200, format!("{body} "), Framing::Exact),
    ])
    .await;
    let client = server
        .builder()
        .max_response_bytes(length)
        .build()
        .expect("client");
    assert_eq!(client.list_channels().await.expect("fits").len(), 0);
    let error = client.list_channels().await.expect_err("one byte over");
    assert!(
        matches!(error.kind(), ClientErrorKind::ResponseTooLarge { limit, .. } if *limit == length),
        "{error:?}"
    );
}

#[tokio::test]
async fn an_announced_length_over_the_limit_is_refused_without_reading() {
    // The server announces 1 GiB, sends a little and holds the connection: a client that waited
    // for the body would hang until its timeout and fail with a transport error instead.
    let server = Scripted::start(vec![json(200, blanks(), Framing::Declared(1 << 30))]).await;
    let error = limited(&server)
        .await
        .list_channels()
        .await
        .expect_err("too large");
    assert_too_large(&error);
}

#[tokio::test]
async fn an_endless_chunked_body_is_cut_at_the_limit() {
    let server =
        Scripted::start(vec![json(200, blanks(), Framing::Chunked { total: FLOOD })]).await;
    let error = limited(&server)
        .await
        .list_channels()
        .await
        .expect_err("too large");
    assert_too_large(&error);
}

#[tokio::test]
async fn a_body_without_a_length_is_cut_at_the_limit() {
    let server = Scripted::start(vec![json(
        200,
        blanks(),
        Framing::UntilClose { total: FLOOD },
    )])
    .await;
    let error = limited(&server)
        .await
        .list_channels()
        .await
        .expect_err("too large");
    assert_too_large(&error);
}

#[tokio::test]
async fn a_length_that_understates_the_body_is_a_decode_error() {
    // 10 bytes announced, a whole flood behind them: the client reads the 10 and no more.
    let body = format!(r#"{{"data": [], "meta": {{}}}}{}"#, blanks());
    let server = Scripted::start(vec![json(200, body, Framing::Declared(10))]).await;
    let error = limited(&server)
        .await
        .list_channels()
        .await
        .expect_err("truncated");
    assert!(
        matches!(error.kind(), ClientErrorKind::Decode { status: 200, .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn an_oversized_error_answer_is_still_judged_by_its_status() {
    // A 503 is retried whatever its body; the retry succeeds.
    let server = Scripted::start(vec![
        json(503, blanks(), Framing::Chunked { total: FLOOD }),
        answer(200, serde_json::json!({"data": [], "meta": {}})),
    ])
    .await;
    let client = server
        .builder()
        .max_response_bytes(LIMIT)
        .build()
        .expect("client");
    assert!(client.list_channels().await.expect("retried").is_empty());
    assert_eq!(client.stats().retries, 1);

    // A final error keeps a bounded excerpt of its text.
    let server = Scripted::start(vec![json(
        404,
        "x".repeat(4096),
        Framing::UntilClose { total: FLOOD },
    )])
    .await;
    let client = server
        .builder()
        .max_response_bytes(LIMIT)
        .build()
        .expect("client");
    let error = client.list_channels().await.expect_err("404");
    assert_eq!(error.status(), Some(404));
    let title = error
        .api_body()
        .and_then(|b| b.title.clone())
        .expect("title");
    assert!(title.len() <= 300 && title.starts_with("xxx"), "{title}");
}

#[tokio::test]
async fn an_oversized_answer_to_a_create_leaves_its_outcome_unknown() {
    let server = Scripted::start(vec![json(
        200,
        blanks(),
        Framing::UntilClose { total: FLOOD },
    )])
    .await;
    let error = limited(&server)
        .await
        .create_category(&CategoryCreate {
            parent_id: 0,
            name: "Shoes".into(),
        })
        .await
        .expect_err("unreadable answer");
    assert!(error.is_outcome_unknown(), "{error:?}");
    let source = error.cause().expect("what made the outcome unknown");
    assert!(
        matches!(
            source.kind(),
            ClientErrorKind::ResponseTooLarge { status: 200, .. }
        ),
        "{source:?}"
    );
    assert_eq!(server.received().len(), 1, "a create is never repeated");
}

#[tokio::test]
async fn ten_thousand_levels_of_nesting_are_refused_clearly() {
    let deep = nested(10_000);
    let template = format!(
        r#"{{"data": {{"uuid": "{}", "name": "Deep", "template": "", "schema": {deep}}}}}"#,
        uuid_text()
    );
    let unknown_field = format!(
        r#"{{"data": {{"uuid": "{}", "name": "Deep", "icon_name": {deep}}}}}"#,
        uuid_text()
    );
    let server = Scripted::start(vec![
        json(200, format!(r#"{{"data": {deep}}}"#), Framing::Exact),
        json(200, template, Framing::Exact),
        json(200, unknown_field, Framing::Exact),
        json(200, format!(r#"{{"data": [{deep}]}}"#), Framing::Exact),
    ])
    .await;
    let client = server.client();
    let uuid = WidgetTemplateUuid::from(uuid_text());
    let errors = [
        client.list_channels().await.expect_err("deep list"),
        client
            .get_widget_template(&uuid)
            .await
            .expect_err("deep schema"),
        client
            .get_widget_template(&uuid)
            .await
            .expect_err("deep extra field"),
        client
            .list_widget_templates(ChannelId(1))
            .await
            .expect_err("deep list item"),
    ];
    for error in errors {
        assert!(
            matches!(error.kind(), ClientErrorKind::ResponseTooDeep { status: 200, limit } if *limit == MAX_JSON_DEPTH),
            "{error:?}"
        );
        let text = error.to_string();
        assert!(
            text.contains(&format!("nested more than {MAX_JSON_DEPTH} levels deep")),
            "{text}"
        );
    }
}

#[tokio::test]
async fn a_deeply_nested_error_body_becomes_a_plain_error() {
    let server = Scripted::start(vec![json(422, nested(10_000), Framing::Exact)]).await;
    let error = server.client().list_channels().await.expect_err("422");
    assert_eq!(error.status(), Some(422));
    let title = error
        .api_body()
        .and_then(|b| b.title.clone())
        .expect("title");
    assert!(title.starts_with("[[[") && title.len() <= 300, "{title}");
}

#[tokio::test]
async fn nesting_within_the_limit_is_decoded() {
    let schema = nested(MAX_JSON_DEPTH - 3);
    let body = format!(
        r#"{{"data": {{"uuid": "{}", "name": "Deep", "template": "", "schema": {schema}}}}}"#,
        uuid_text()
    );
    let server = Scripted::start(vec![json(200, body, Framing::Exact)]).await;
    let uuid = WidgetTemplateUuid::from(uuid_text());
    let template = server
        .client()
        .get_widget_template(&uuid)
        .await
        .expect("decoded")
        .expect("found");
    assert!(template.schema.is_some_and(|s| s.is_array()));
}

fn uuid_text() -> &'static str {
    "8f2a5c2e-1d3b-4e5f-9a6b-7c8d9e0f1a2b"
}
