//! The per-store quota: the four headers, 429 with X-Retry-After, refresh after the window.
//! Time is a `ManualClock`: it moves only when a test advances it.

use super::*;

#[tokio::test]
async fn every_response_carries_the_four_rate_limit_headers() {
    let (sb, clock) = with_quota(5, 30_000);
    let api = StoreApi::staging(&sb);
    let first = api.get("/content/pages").await;
    assert_eq!(first.status, 200);
    assert_eq!(first.header_u64("X-Rate-Limit-Requests-Quota"), 5);
    assert_eq!(first.header_u64("X-Rate-Limit-Requests-Left"), 4);
    assert_eq!(first.header_u64("X-Rate-Limit-Time-Window-Ms"), 30_000);
    assert_eq!(first.header_u64("X-Rate-Limit-Time-Reset-Ms"), 30_000);
    assert!(first.header("X-Retry-After").is_empty());
    clock.advance(Duration::from_millis(12_345));
    let error = api.get("/content/pages/abc").await;
    assert_eq!(error.status, 422);
    assert_eq!(error.header_u64("X-Rate-Limit-Requests-Left"), 3);
    assert_eq!(error.header_u64("X-Rate-Limit-Time-Reset-Ms"), 17_655);
}

#[tokio::test]
async fn an_exhausted_quota_answers_429_with_retry_after() {
    let (sb, clock) = with_quota(2, 30_000);
    let api = StoreApi::staging(&sb);
    assert_eq!(api.get("/content/pages").await.status, 200);
    assert_eq!(api.get("/content/pages").await.status, 200);
    clock.advance(Duration::from_millis(15_500));
    let limited = api.get("/content/pages").await;
    assert_eq!(limited.status, 429);
    assert_eq!(limited.body["status"], 429);
    assert_eq!(limited.body["title"], "Too Many Requests");
    assert_eq!(limited.body["type"], STATUS_DOC);
    assert_eq!(limited.header_u64("X-Rate-Limit-Requests-Left"), 0);
    assert_eq!(limited.header_u64("X-Rate-Limit-Requests-Quota"), 2);
    assert_eq!(limited.header_u64("X-Rate-Limit-Time-Reset-Ms"), 14_500);
    assert_eq!(
        limited.header_u64("X-Retry-After"),
        15,
        "14.5 s rounded up to whole seconds"
    );
}

#[tokio::test]
async fn the_quota_refreshes_after_the_window() {
    let (sb, clock) = with_quota(1, 200);
    let api = StoreApi::staging(&sb);
    assert_eq!(api.get("/content/pages").await.status, 200);
    let limited = api.get("/content/pages").await;
    assert_eq!(limited.status, 429);
    assert_eq!(
        limited.header_u64("X-Retry-After"),
        1,
        "rounded up to whole seconds"
    );
    clock.advance(Duration::from_millis(199));
    let still = api.get("/content/pages").await;
    assert_eq!(still.status, 429, "1 ms before the window ends");
    assert_eq!(still.header_u64("X-Rate-Limit-Time-Reset-Ms"), 1);
    clock.advance(Duration::from_millis(1));
    let again = api.get("/content/pages").await;
    assert_eq!(again.status, 200);
    assert_eq!(again.header_u64("X-Rate-Limit-Requests-Left"), 0);
    assert_eq!(again.header_u64("X-Rate-Limit-Time-Reset-Ms"), 200);
}

#[tokio::test]
async fn each_store_has_its_own_quota() {
    let (sb, _clock) = with_quota(1, 30_000);
    assert_eq!(
        StoreApi::staging(&sb).get("/content/pages").await.status,
        200
    );
    assert_eq!(
        StoreApi::staging(&sb).get("/content/pages").await.status,
        429
    );
    let production = StoreApi::new(&sb, "production", PRODUCTION_TOKEN);
    assert_eq!(production.get("/content/pages").await.status, 200);
}

#[tokio::test]
async fn without_a_quota_the_headers_announce_a_huge_one() {
    let sb = common::two_stores();
    let answer = StoreApi::staging(&sb).get("/content/pages").await;
    assert_eq!(
        answer.header_u64("X-Rate-Limit-Requests-Quota"),
        i32::MAX as u64
    );
    assert_eq!(
        answer.header_u64("X-Rate-Limit-Requests-Left"),
        i32::MAX as u64 - 1
    );
}
