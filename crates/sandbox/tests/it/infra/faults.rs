//! Seeded fault injection: 429 bursts, 5xx, dropped connections, drop after apply, latency, filters.

use super::*;

#[tokio::test]
async fn an_injected_429_burst_answers_burst_len_requests() {
    let sb = common::two_stores();
    set_faults(
        &sb,
        json!({"rate_429": 1.0, "burst_len": 2, "retry_after_secs": 3, "max_faults": 2}),
    )
    .await;
    let api = StoreApi::staging(&sb);
    for _ in 0..2 {
        let limited = api.get("/content/pages").await;
        assert_eq!(limited.status, 429);
        assert_eq!(limited.body["title"], "Too Many Requests");
        assert_eq!(limited.header_u64("X-Retry-After"), 3);
        assert_eq!(limited.header_u64("X-Rate-Limit-Requests-Left"), 0);
        assert_eq!(limited.header_u64("X-Rate-Limit-Time-Reset-Ms"), 3_000);
        assert!(!limited.header("X-Rate-Limit-Requests-Quota").is_empty());
        assert!(!limited.header("X-Rate-Limit-Time-Window-Ms").is_empty());
    }
    assert_eq!(api.get("/content/pages").await.status, 200);
}

#[tokio::test]
async fn injected_server_errors_are_json_and_reproducible() {
    let sb = common::two_stores();
    let api = StoreApi::staging(&sb);
    let mut runs = Vec::new();
    for _ in 0..2 {
        set_faults(&sb, json!({"seed": 42, "rate_5xx": 1.0})).await;
        let mut statuses = Vec::new();
        for _ in 0..8 {
            let answer = api.get("/content/pages").await;
            assert!(
                [500, 502, 503].contains(&answer.status),
                "{}",
                answer.status
            );
            assert_eq!(answer.body["status"], answer.status);
            statuses.push(answer.status);
        }
        runs.push(statuses);
    }
    assert_eq!(runs[0], runs[1], "the same seed gives the same faults");
}

#[tokio::test]
async fn a_dropped_connection_is_a_transport_error_and_applies_nothing() {
    let sb = common::two_stores();
    set_faults(&sb, json!({"rate_drop": 1.0, "max_faults": 1})).await;
    let sent = common::http()
        .post(common::url(&sb, "staging", "/content/pages"))
        .header("X-Auth-Token", STAGING_TOKEN)
        .json(&page("Lost"))
        .send()
        .await;
    let error = sent.expect_err("the client must see a transport error, not a status");
    assert!(error.status().is_none(), "{error:?}");
    let dump = admin_get(&sb, "/stores/staging").await;
    assert_eq!(dump.body["pages"], json!({}), "nothing was created");
    let log = admin_get(&sb, "/requests").await.body;
    assert_eq!(log[0]["outcome"], "dropped");
}

#[tokio::test]
async fn a_drop_after_apply_loses_the_answer_but_keeps_the_write() {
    let sb = common::two_stores();
    set_faults(
        &sb,
        json!({"rate_drop_after_apply": 1.0, "methods": ["POST"], "max_faults": 1}),
    )
    .await;
    let sent = common::http()
        .post(common::url(&sb, "staging", "/content/pages"))
        .header("X-Auth-Token", STAGING_TOKEN)
        .json(&page("Applied Anyway"))
        .send()
        .await;
    let error = sent.expect_err("the client must see a transport error, not a status");
    assert!(error.status().is_none(), "{error:?}");
    let listed = StoreApi::staging(&sb)
        .get("/content/pages?name=Applied%20Anyway")
        .await;
    assert_eq!(listed.body["data"].as_array().unwrap().len(), 1);
    let log = admin_get(&sb, "/requests").await.body;
    assert_eq!(log[0]["outcome"], "dropped_after_apply");
    assert_eq!(log[0]["status"], 201);
}

#[tokio::test]
async fn latency_delays_matching_requests() {
    let mut config =
        SandboxConfig::with_stores([("staging", STAGING_TOKEN), ("production", PRODUCTION_TOKEN)]);
    config.quota = None;
    let clock = ManualClock::new();
    config.clock = Arc::new(clock.clone());
    let sb = common::start(config);
    set_faults(&sb, json!({"latency_ms": 150})).await;
    let api = StoreApi::staging(&sb);
    let (status, ()) = tokio::join!(async { api.get("/content/pages").await.status }, async {
        // The request waits on the sandbox's clock, which stands still until it is moved.
        clock.sleeps_asked(1).await;
        assert_eq!(clock.sleeps(), [Duration::from_millis(150)]);
        assert!(sb.sandbox().requests().is_empty(), "not answered yet");
        clock.advance(Duration::from_millis(150));
    });
    assert_eq!(status, 200);
    assert_eq!(sb.sandbox().requests().len(), 1);
}

#[tokio::test]
async fn method_and_path_filters_choose_what_is_faulted() {
    let sb = common::two_stores();
    set_faults(
        &sb,
        json!({"rate_5xx": 1.0, "methods": ["post"], "path_contains": "/content/pages"}),
    )
    .await;
    let api = StoreApi::staging(&sb);
    assert_eq!(api.get("/content/pages").await.status, 200);
    assert_eq!(api.get("/channels").await.status, 200);
    assert!(api.post("/content/pages", &page("A")).await.status >= 500);
}

#[tokio::test]
async fn skip_first_and_max_faults_bound_the_faults() {
    let sb = common::two_stores();
    set_faults(
        &sb,
        json!({"rate_5xx": 1.0, "skip_first": 2, "max_faults": 1}),
    )
    .await;
    let api = StoreApi::staging(&sb);
    let mut statuses = Vec::new();
    for _ in 0..5 {
        statuses.push(api.get("/content/pages").await.status >= 500);
    }
    assert_eq!(statuses, vec![false, false, true, false, false]);
}

#[tokio::test]
async fn faults_set_at_start_apply_and_never_touch_admin_paths() {
    let mut config = SandboxConfig::with_stores([("staging", STAGING_TOKEN)]);
    config.faults.rate_5xx = 1.0;
    let sb = common::start(config);
    assert!(StoreApi::staging(&sb).get("/content/pages").await.status >= 500);
    assert_eq!(admin_get(&sb, "/health").await.status, 200);
    assert_eq!(admin_get(&sb, "/faults").await.body["rate_5xx"], 1.0);
}

#[tokio::test]
async fn an_invalid_fault_configuration_is_refused() {
    let sb = common::two_stores();
    let put = |body: Value| {
        let url = admin_url(&sb, "/faults");
        async move {
            common::http()
                .put(url)
                .json(&body)
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(put(json!({"rate_5xx": 0.7, "rate_drop": 0.7})).await, 422);
    assert_eq!(put(json!({"rate_5xx": 2.0})).await, 422);
    assert_eq!(put(json!({"no_such_knob": 1})).await, 400);
    assert_eq!(
        admin_get(&sb, "/faults").await.body["rate_5xx"],
        0.0,
        "unchanged"
    );
}
