//! X-Auth-Token: 401 for missing or wrong tokens, 403 for another store's, JSON 404 for unknown paths.

use super::*;

#[tokio::test]
async fn a_missing_token_is_401() {
    let sb = common::two_stores();
    let response = common::http()
        .get(common::url(&sb, "staging", "/content/pages"))
        .send()
        .await
        .unwrap();
    let answer = common::read(response).await;
    assert_eq!(answer.status, 401);
    assert_eq!(answer.body["status"], 401);
    assert_eq!(answer.body["type"], STATUS_DOC);
}

#[tokio::test]
async fn a_wrong_token_is_401() {
    let sb = common::two_stores();
    let answer = StoreApi::new(&sb, "staging", "not-a-token")
        .get("/content/pages")
        .await;
    assert_eq!(answer.status, 401);
    assert_eq!(answer.body["status"], 401);
    assert!(
        !answer.header("X-Rate-Limit-Requests-Quota").is_empty(),
        "every response carries the rate-limit headers"
    );
}

#[tokio::test]
async fn another_stores_token_is_403_and_reveals_nothing() {
    let sb = common::two_stores();
    let created = StoreApi::staging(&sb)
        .post("/content/pages", &page("Secret Plans"))
        .await;
    assert_eq!(created.status, 201);
    let answer = StoreApi::new(&sb, "staging", PRODUCTION_TOKEN)
        .get("/content/pages")
        .await;
    assert_eq!(answer.status, 403);
    assert_eq!(answer.body["status"], 403);
    assert!(!answer.body.to_string().contains("Secret Plans"));
    // Every response carries the rate-limit headers, but a refusal shows a fresh window, not
    // the store's use of its quota (staging has spent one request above).
    assert_eq!(
        answer.header("X-Rate-Limit-Requests-Left"),
        answer.header("X-Rate-Limit-Requests-Quota"),
        "no store data on a 403"
    );
    assert_eq!(
        answer.header("X-Rate-Limit-Time-Reset-Ms"),
        answer.header("X-Rate-Limit-Time-Window-Ms")
    );
}

#[tokio::test]
async fn an_unknown_store_is_refused_like_a_wrong_token() {
    let sb = common::two_stores();
    let unknown = StoreApi::new(&sb, "nosuchstore", "whatever")
        .get("/content/pages")
        .await;
    assert_eq!(unknown.status, 401);
    let foreign = StoreApi::new(&sb, "nosuchstore", STAGING_TOKEN)
        .get("/content/pages")
        .await;
    assert_eq!(foreign.status, 403);
}

#[tokio::test]
async fn an_unknown_bigcommerce_path_is_a_json_404() {
    let sb = common::two_stores();
    let answer = StoreApi::staging(&sb).get("/content/no-such-thing").await;
    assert_eq!(answer.status, 404);
    assert_eq!(answer.body["status"], 404);
    assert_eq!(answer.body["type"], STATUS_DOC);
    assert!(!answer.header("X-Rate-Limit-Requests-Quota").is_empty());
}
