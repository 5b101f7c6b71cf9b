//! Pacing and retries against the sandbox's quota and fault injection. No test depends on real
//! time: clients run on virtual clocks (a wait moves the clock instead of taking time), tests
//! where the sandbox's quota window or latency matters share one [`Timeline`] with the client,
//! and waits are asserted through the client's counters and the sandbox's request log.

use crate::common::{self, Timeline, client, matching, page, requests_since, stored_page_names};
use pageport_client::{ClientErrorKind, PacingConfig};
use pageport_model::{ChannelCreate, StoreHash, WidgetTemplateCreate};
use pageport_sandbox::{FaultConfig, Outcome, Quota};
use std::collections::BTreeSet;
use std::time::Duration;

fn faults(configure: impl FnOnce(&mut FaultConfig)) -> FaultConfig {
    let mut config = FaultConfig::default();
    configure(&mut config);
    config
}

#[tokio::test]
async fn a_429_waits_what_x_retry_after_says_then_succeeds() {
    let sb = common::sandbox();
    let client = client(&sb);
    sb.sandbox().set_faults(faults(|f| {
        f.rate_429 = 1.0;
        f.burst_len = 1;
        f.retry_after_secs = 1;
        f.max_faults = 1;
    }));
    let channels = client.list_channels().await.expect("listed after the 429");
    assert!(!channels.is_empty());
    let stats = client.stats();
    assert_eq!(stats.rate_limited, 1);
    assert_eq!(stats.retries, 1);
    assert_eq!(stats.waits, 1);
    assert_eq!(
        stats.waited,
        Duration::from_secs(1),
        "exactly what the store named"
    );
    let statuses: Vec<u16> = sb.sandbox().requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, vec![429, 200]);
}

#[tokio::test]
async fn a_quota_spent_by_another_app_is_waited_out_to_the_reset() {
    let time = Timeline::new();
    let mut config = common::config();
    config.quota = Some(Quota {
        requests: 5,
        window_ms: 1_000,
    });
    let sb = time.start(config);
    let spent = spend_the_window(&sb).await;
    assert_eq!(spent, 6, "five requests, then a 429");
    // Our first request comes 400 ms into the spent window.
    time.clock.advance(Duration::from_millis(400));
    let client = time.builder(&sb).build().expect("client");
    client
        .list_channels()
        .await
        .expect("listed after the reset");
    let ours: Vec<u16> = requests_since(&sb, spent)
        .iter()
        .map(|r| r.status)
        .collect();
    assert_eq!(ours, vec![429, 200]);
    let stats = client.stats();
    assert_eq!(stats.rate_limited, 1);
    assert_eq!(
        stats.waited,
        Duration::from_millis(600),
        "the window's rest, from Time-Reset-Ms (X-Retry-After says a whole second)"
    );
}

/// Another app of the store spends the window until it is refused; returns its request count.
async fn spend_the_window(sb: &pageport_sandbox::RunningSandbox) -> usize {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let other_app = reqwest::Client::new();
    for sent in 1..=20 {
        let answer = other_app
            .get(format!(
                "{}/stores/{}/v3/channels",
                sb.base_url(),
                common::STORE
            ))
            .header("X-Auth-Token", common::TOKEN)
            .send()
            .await
            .expect("other app");
        if answer.status() == 429 {
            return sent;
        }
    }
    panic!("the quota never ran out");
}

#[tokio::test]
async fn pacing_keeps_a_steady_small_quota_free_of_429s() {
    let time = Timeline::new();
    let mut config = common::config();
    config.quota = Some(Quota {
        requests: 5,
        window_ms: 250,
    });
    let sb = time.start(config);
    let client = time.builder(&sb).build().expect("client");
    let mut tasks = Vec::new();
    for _ in 0..4 {
        let client = client.clone();
        tasks.push(tokio::spawn(async move {
            for _ in 0..5 {
                client
                    .list_channels()
                    .await
                    .expect("paced request succeeds");
            }
        }));
    }
    for task in tasks {
        task.await.expect("task");
    }
    let requests = sb.sandbox().requests();
    assert_eq!(requests.len(), 20);
    let limited = requests.iter().filter(|r| r.status == 429).count();
    assert_eq!(limited, 0, "{requests:?}");
    let stats = client.stats();
    assert_eq!(stats.requests, 20);
    assert_eq!(stats.rate_limited, 0);
    assert!(stats.waits > 0, "the pacer had to wait for resets");
}

#[tokio::test]
async fn server_errors_on_a_read_are_retried() {
    let sb = common::sandbox();
    let client = client(&sb);
    sb.sandbox().set_faults(faults(|f| {
        f.rate_5xx = 1.0;
        f.methods = vec!["GET".into()];
        f.max_faults = 2;
    }));
    client.list_channels().await.expect("listed after two 5xx");
    let statuses: Vec<u16> = sb.sandbox().requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses.len(), 3);
    assert!(
        statuses[..2].iter().all(|s| (500..=503).contains(s)),
        "{statuses:?}"
    );
    assert_eq!(statuses[2], 200);
    assert_eq!(client.stats().retries, 2);
}

#[tokio::test]
async fn retries_are_bounded() {
    let sb = common::sandbox();
    let client = common::builder(&sb)
        .pacing(PacingConfig {
            max_retries: 2,
            ..common::fast_pacing()
        })
        .build()
        .expect("client");
    sb.sandbox().set_faults(faults(|f| {
        f.rate_5xx = 1.0;
        f.methods = vec!["GET".into()];
    }));
    let error = client.list_channels().await.expect_err("always 5xx");
    assert!(
        matches!(
            error.kind(),
            ClientErrorKind::Api {
                status: 500..=503,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(sb.sandbox().requests().len(), 3);
}

#[tokio::test]
async fn a_dropped_connection_on_a_read_is_retried() {
    let sb = common::sandbox();
    let client = client(&sb);
    sb.sandbox().set_faults(faults(|f| {
        f.rate_drop = 1.0;
        f.methods = vec!["GET".into()];
        f.max_faults = 1;
    }));
    let channels = client.list_channels().await.expect("listed after the drop");
    assert!(!channels.is_empty());
    let outcomes: Vec<Outcome> = sb.sandbox().requests().iter().map(|r| r.outcome).collect();
    assert_eq!(outcomes, vec![Outcome::Dropped, Outcome::Answered]);
}

#[tokio::test]
async fn a_lost_answer_to_a_page_create_is_reconciled_without_duplicates() {
    let sb = common::sandbox();
    let client = client(&sb);
    sb.sandbox().set_faults(faults(|f| {
        f.rate_drop_after_apply = 1.0;
        f.methods = vec!["POST".into()];
        f.path_contains = "/content/pages".into();
        f.max_faults = 1;
    }));
    let outcome = client
        .create_pages(&[page("Alpha"), page("Beta"), page("Gamma")])
        .await;
    assert!(outcome.is_complete(), "{:?}", outcome.failed);
    let ids: BTreeSet<_> = outcome
        .succeeded
        .iter()
        .filter_map(|s| s.value.id)
        .collect();
    assert_eq!(ids.len(), 3);
    assert_eq!(stored_page_names(&sb), ["Alpha", "Beta", "Gamma"]);
    let posts = matching(&sb.sandbox().requests(), "POST", "/content/pages");
    assert_eq!(posts.len(), 1, "the applied batch is never sent again");
    assert_eq!(posts[0].outcome, Outcome::DroppedAfterApply);
}

#[tokio::test]
async fn a_page_create_dropped_before_it_was_applied_is_sent_again() {
    let sb = common::sandbox();
    let client = client(&sb);
    sb.sandbox().set_faults(faults(|f| {
        f.rate_drop = 1.0;
        f.methods = vec!["POST".into()];
        f.max_faults = 1;
    }));
    let outcome = client.create_pages(&[page("Alpha"), page("Beta")]).await;
    assert!(outcome.is_complete(), "{:?}", outcome.failed);
    assert_eq!(stored_page_names(&sb), ["Alpha", "Beta"]);
    let posts = matching(&sb.sandbox().requests(), "POST", "/content/pages");
    let outcomes: Vec<Outcome> = posts.iter().map(|r| r.outcome).collect();
    assert_eq!(
        outcomes,
        vec![Outcome::Dropped, Outcome::Answered, Outcome::Answered],
        "after the re-read found nothing, each page is created on its own"
    );
}

#[tokio::test]
async fn other_creates_are_never_repeated_after_an_ambiguous_failure() {
    let sb = common::sandbox();
    let client = client(&sb);
    sb.sandbox().set_faults(faults(|f| {
        f.rate_5xx = 1.0;
        f.methods = vec!["POST".into()];
        f.max_faults = 1;
    }));
    let channel = ChannelCreate {
        name: "wholesale".into(),
        channel_type: "storefront".into(),
        platform: "bigcommerce".into(),
        status: None,
    };
    let error = client.create_channel(&channel).await.expect_err("5xx");
    assert!(error.is_outcome_unknown(), "{error:?}");
    assert_eq!(
        matching(&sb.sandbox().requests(), "POST", "/channels").len(),
        1
    );

    sb.sandbox().set_faults(faults(|f| {
        f.rate_drop_after_apply = 1.0;
        f.methods = vec!["POST".into()];
        f.max_faults = 1;
    }));
    let template = WidgetTemplateCreate {
        name: "Banner".into(),
        template: "<p>{{text}}</p>".into(),
        schema: None,
        storefront_api_query: None,
        channel_id: None,
    };
    let error = client
        .create_widget_template(&template)
        .await
        .expect_err("answer lost");
    assert!(error.is_outcome_unknown(), "{error:?}");
    let posts = matching(
        &sb.sandbox().requests(),
        "POST",
        "/content/widget-templates",
    );
    assert_eq!(posts.len(), 1);
    // The caller reconciles by name: the template exists exactly once.
    let templates = client
        .list_widget_templates(pageport_model::ChannelId(1))
        .await
        .expect("list");
    assert_eq!(templates.iter().filter(|t| t.name == "Banner").count(), 1);
}

#[tokio::test]
async fn a_create_that_never_reached_the_store_is_retried_then_reported_as_transport() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr").port()
    };
    let client = pageport_client::StoreClient::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .store_hash(StoreHash::from(common::STORE))
        .access_token(secrecy::SecretString::from(common::TOKEN))
        .pacing(PacingConfig {
            max_retries: 2,
            ..common::fast_pacing()
        })
        .build()
        .expect("client");
    let channel = ChannelCreate {
        name: "nowhere".into(),
        channel_type: "storefront".into(),
        platform: "bigcommerce".into(),
        status: None,
    };
    let error = client.create_channel(&channel).await.expect_err("refused");
    assert!(error.is_transport(), "{error:?}");
    assert_eq!(
        client.stats().requests,
        3,
        "connection refused is safe to retry"
    );
}

#[tokio::test]
async fn a_wait_past_the_deadline_fails_at_once() {
    let sb = common::sandbox();
    let client = common::builder(&sb)
        .pacing(PacingConfig {
            total_deadline: Duration::from_secs(1),
            ..common::fast_pacing()
        })
        .build()
        .expect("client");
    sb.sandbox().set_faults(faults(|f| {
        f.rate_429 = 1.0;
        f.burst_len = 1;
        f.retry_after_secs = 30;
    }));
    let error = client.list_channels().await.expect_err("deadline");
    assert!(error.is_deadline_exceeded(), "{error:?}");
    assert_eq!(error.cause().and_then(|e| e.status()), Some(429));
    assert_eq!(sb.sandbox().requests().len(), 1);
    assert_eq!(client.stats().waited, Duration::ZERO);
}

#[tokio::test]
async fn a_read_slower_than_the_timeout_is_abandoned_and_retried() {
    let time = Timeline::new();
    let sb = time.start(common::config());
    let client = time
        .builder(&sb)
        .pacing(PacingConfig {
            request_timeout: Duration::from_millis(200),
            ..common::fast_pacing()
        })
        .build()
        .expect("client");
    sb.sandbox().set_faults(faults(|f| {
        f.latency_ms = 2_000;
        f.methods = vec!["GET".into()];
    }));
    let (channels, ()) = tokio::join!(client.list_channels(), async {
        // The first attempt reached the store, which holds it for 2 s of the shared time.
        time.sandbox_waits(1).await;
        // The store becomes fast again, and the first attempt's timeout passes.
        sb.sandbox().set_faults(FaultConfig::default());
        time.clock.advance(Duration::from_millis(200));
    });
    let channels = channels.expect("answered once the store is fast");
    assert!(!channels.is_empty());
    let stats = client.stats();
    assert_eq!(
        (stats.requests, stats.retries),
        (2, 1),
        "the slow attempt was abandoned and retried once: {stats:?}"
    );
    assert!(
        time.clock.elapsed() < Duration::from_millis(2_000),
        "the answer did not wait for the slow store"
    );
    // The store still holds the abandoned request; let it finish so it can shut down.
    time.clock.advance(Duration::from_secs(2));
}

#[tokio::test]
async fn a_store_that_stays_slower_than_the_timeout_gives_a_bounded_error() {
    let time = Timeline::new();
    let sb = time.start(common::config());
    let client = time
        .builder(&sb)
        .pacing(PacingConfig {
            request_timeout: Duration::from_millis(100),
            max_retries: 2,
            ..common::fast_pacing()
        })
        .build()
        .expect("client");
    sb.sandbox().set_faults(faults(|f| {
        f.latency_ms = 2_000;
        f.methods = vec!["GET".into()];
    }));
    let (result, ()) = tokio::join!(client.list_channels(), async {
        // Each attempt reaches the store, which holds it; its timeout then passes.
        for attempt in 1..=3 {
            time.sandbox_waits(attempt).await;
            time.clock.advance(Duration::from_millis(100));
        }
    });
    let error = result.expect_err("never answers in time");
    let text = error.to_string();
    assert!(
        text.starts_with("`GET /channels"),
        "the error names the request: {text}"
    );
    assert!(
        text.ends_with("got no complete answer within `100ms`"),
        "{text}"
    );
    assert!(error.is_timed_out(), "{error:?}");
    let stats = client.stats();
    assert_eq!((stats.requests, stats.retries), (3, 2), "{stats:?}");
    // The store still holds the abandoned requests; let them finish so it can shut down.
    time.clock.advance(Duration::from_secs(2));
}

#[tokio::test]
async fn consecutive_429s_back_off_on_growing_waits_even_when_the_store_says_zero() {
    let time = Timeline::new();
    let sb = time.start(common::config());
    let client = time
        .builder(&sb)
        .pacing(PacingConfig {
            max_retries: 5,
            backoff_base: Duration::from_millis(100),
            backoff_cap: Duration::from_secs(10),
            ..common::fast_pacing()
        })
        .jitter_seed(7)
        .build()
        .expect("client");
    sb.sandbox().set_faults(faults(|f| {
        f.rate_429 = 1.0;
        f.retry_after_secs = 0;
        f.burst_len = 4;
        f.max_faults = 4;
    }));
    client
        .list_channels()
        .await
        .expect("listed once the burst ends");
    let requests = sb.sandbox().requests();
    let statuses: Vec<u16> = requests.iter().map(|r| r.status).collect();
    assert_eq!(statuses, vec![429, 429, 429, 429, 200]);
    // Arrival times on the shared virtual time: the gap after the n-th 429 is at least half of
    // 100 ms * 2^(n-1), and no gap is shorter than the one before.
    let gaps: Vec<u64> = requests
        .windows(2)
        .map(|pair| pair[1].at_ms - pair[0].at_ms)
        .collect();
    for (n, gap) in gaps.iter().enumerate() {
        let floor = 50 << n;
        assert!(
            *gap >= floor,
            "gap {n} is {gap} ms, under {floor}: {gaps:?}"
        );
    }
    assert!(gaps.windows(2).all(|g| g[0] <= g[1]), "{gaps:?}");
    assert!(gaps[3] > gaps[0], "{gaps:?}");
    let stats = client.stats();
    assert_eq!((stats.rate_limited, stats.retries), (4, 4), "{stats:?}");
    assert!(
        time.clock.elapsed() >= Duration::from_millis(750),
        "the attempts are spread over virtual time: {:?}",
        time.clock.elapsed()
    );
    assert_eq!(stats.waited, time.clock.elapsed(), "all of it was waiting");
}

#[tokio::test]
async fn a_reserve_at_or_above_the_quota_fails_clearly_instead_of_waiting() {
    let time = Timeline::new();
    let mut config = common::config();
    config.quota = Some(Quota {
        requests: 5,
        window_ms: 1_000,
    });
    let sb = time.start(config);
    let client = time
        .builder(&sb)
        .pacing(PacingConfig {
            reserve: Some(5),
            ..common::fast_pacing()
        })
        .build()
        .expect("client");
    // The first answer tells the quota (5 per window).
    client
        .list_channels()
        .await
        .expect("sent before the quota was known");
    let error = client
        .list_channels()
        .await
        .expect_err("a reserve of 5 leaves nothing of a quota of 5");
    assert!(
        matches!(
            error.kind(),
            ClientErrorKind::ReserveNotBelowQuota {
                reserve: 5,
                quota: 5,
                ..
            }
        ),
        "{error:?}"
    );
    let text = error.to_string();
    assert!(text.starts_with("`GET /channels"), "{text}");
    assert!(
        text.contains("quota reserve `5` is not below the request quota `5`"),
        "{text}"
    );
    assert!(text.contains("set `quota_reserve`"), "{text}");
    assert!(text.contains("below `5`"), "{text}");
    assert_eq!(sb.sandbox().requests().len(), 1, "nothing more was sent");
    assert_eq!(client.stats().waited, Duration::ZERO, "and nothing waited");
    assert_eq!(time.clock.elapsed(), Duration::ZERO);
}
