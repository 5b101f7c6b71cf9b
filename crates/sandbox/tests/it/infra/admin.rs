//! The request log, the admin API and the body size limit.

use super::*;

#[tokio::test]
async fn the_request_log_records_every_bigcommerce_request() {
    let sb = common::two_stores();
    let api = StoreApi::staging(&sb);
    api.get("/content/pages?limit=5").await;
    api.post("/content/pages", &page("Logged")).await;
    StoreApi::new(&sb, "staging", "bad").get("/channels").await;
    admin_get(&sb, "/health").await;
    let log = admin_get(&sb, "/requests").await;
    assert_eq!(log.status, 200);
    let entries = log.body.as_array().unwrap();
    assert_eq!(entries.len(), 3, "admin calls are not logged: {entries:?}");
    let summary: Vec<(u64, &str, &str, &str, u64, &str)> = entries
        .iter()
        .map(|e| {
            (
                e["seq"].as_u64().unwrap(),
                e["method"].as_str().unwrap(),
                e["path"].as_str().unwrap(),
                e["query"].as_str().unwrap(),
                e["status"].as_u64().unwrap(),
                e["outcome"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (
                1,
                "GET",
                "/stores/staging/v3/content/pages",
                "limit=5",
                200,
                "answered"
            ),
            (
                2,
                "POST",
                "/stores/staging/v3/content/pages",
                "",
                201,
                "answered"
            ),
            (3, "GET", "/stores/staging/v3/channels", "", 401, "answered"),
        ]
    );
    let cleared = common::http()
        .delete(admin_url(&sb, "/requests"))
        .send()
        .await
        .unwrap();
    assert_eq!(cleared.status(), 204);
    assert_eq!(admin_get(&sb, "/requests").await.body, json!([]));
    assert_eq!(sb.sandbox().requests().len(), 0);
}

#[tokio::test]
async fn the_store_dump_shows_content_but_never_the_token() {
    let sb = common::two_stores();
    StoreApi::staging(&sb)
        .post("/content/pages", &page("Dumped"))
        .await;
    let dump = admin_get(&sb, "/stores/staging").await;
    assert_eq!(dump.status, 200);
    assert_eq!(dump.body["store_hash"], "staging");
    let pages = dump.body["pages"].as_object().unwrap();
    assert_eq!(pages.len(), 1);
    assert_eq!(pages.values().next().unwrap()["name"], "Dumped");
    assert!(!dump.body.to_string().contains(STAGING_TOKEN));
    assert_eq!(admin_get(&sb, "/stores/nosuchstore").await.status, 404);
    let health = admin_get(&sb, "/health").await;
    assert_eq!(
        health.body,
        json!({"status": "ok", "stores": ["production", "staging"]})
    );
    assert_eq!(admin_get(&sb, "/nope").await.status, 404);
}

#[tokio::test]
async fn a_body_over_the_limit_is_413() {
    let sb = common::two_stores();
    let huge = "x".repeat(pageport_sandbox::server::MAX_BODY_BYTES + 1);
    let answer = StoreApi::staging(&sb)
        .post(
            "/content/pages",
            &json!({"name": "Big", "type": "page", "body": huge}),
        )
        .await;
    assert_eq!(answer.status, 413);
    assert_eq!(answer.body["status"], 413);
}
