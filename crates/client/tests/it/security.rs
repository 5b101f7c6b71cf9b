//! Refused tokens are explained, and the access token never appears in any error's Display or
//! Debug, in any error's causes, or in a client's Debug.

use crate::common::{self, client, page};
use pageport_client::{ClientError, ClientErrorKind, PacingConfig, StoreClient};
use pageport_model::{StoreHash, WidgetTemplateUpdate, WidgetTemplateUuid};
use pageport_sandbox::FaultConfig;
use secrecy::SecretString;
use std::error::Error as _;
use std::time::Duration;

/// A wrong token, as recognisable as the right one.
const WRONG_TOKEN: &str = "tok-WRONG-SECRET-deadbeef";

fn client_with_token(sb: &pageport_sandbox::RunningSandbox, token: &str) -> StoreClient {
    common::builder(sb)
        .access_token(SecretString::from(token))
        .build()
        .expect("client")
}

/// Every way an error can be shown, causes included.
fn renderings(error: &ClientError) -> String {
    let mut text = format!("{error}\n{error:?}\n{error:#?}");
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(&format!("\n{cause}\n{cause:?}"));
        source = cause.source();
    }
    text
}

fn assert_no_token(error: &ClientError) {
    let text = renderings(error);
    for token in [common::TOKEN, common::OTHER_TOKEN, WRONG_TOKEN] {
        assert!(!text.contains(token), "token leaked in: {text}");
    }
}

#[tokio::test]
async fn a_wrong_token_is_refused_with_advice() {
    let sb = common::sandbox();
    let error = client_with_token(&sb, WRONG_TOKEN)
        .list_pages(&Default::default())
        .await
        .expect_err("refused");
    match error.kind() {
        ClientErrorKind::Unauthorized {
            status,
            store_hash,
            required_scope,
            ..
        } => {
            assert_eq!(*status, 401);
            assert_eq!(store_hash.as_str(), common::STORE);
            assert_eq!(*required_scope, "store_v2_content");
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(error.is_unauthorized());
    let message = error.to_string();
    assert!(message.starts_with("`GET /content/pages?"), "{message}");
    assert!(message.contains("check the token"), "{message}");
    assert_eq!(sb.sandbox().requests().len(), 1, "a refusal is not retried");
}

#[tokio::test]
async fn a_token_of_another_store_is_refused() {
    let sb = common::sandbox();
    let error = client_with_token(&sb, common::OTHER_TOKEN)
        .list_channels()
        .await
        .expect_err("refused");
    assert!(
        matches!(
            error.kind(),
            ClientErrorKind::Unauthorized {
                status: 401 | 403,
                ..
            }
        ),
        "{error:?}"
    );
    assert_no_token(&error);
}

#[tokio::test]
async fn the_token_never_appears_in_errors_or_debug_output() {
    let sb = common::sandbox();
    let good = client(&sb);
    let mut errors: Vec<ClientError> = Vec::new();

    // 401 and 403-style refusals.
    for token in [WRONG_TOKEN, common::OTHER_TOKEN] {
        errors.push(
            client_with_token(&sb, token)
                .list_channels()
                .await
                .expect_err("refused"),
        );
    }
    // An API error (404) and per-item bulk errors (422, missing id).
    let unknown = WidgetTemplateUuid::from("00000000-0000-4000-8000-000000000000");
    errors.push(
        good.update_widget_template(&unknown, &WidgetTemplateUpdate::default())
            .await
            .expect_err("404"),
    );
    let mut invalid = page("Raw");
    invalid.page_type = pageport_model::PageType::Raw;
    let created = good.create_pages(&[page("Fine"), invalid]).await;
    errors.extend(created.failed.into_iter().map(|f| f.error));
    let updated = good.update_pages(&[page("No id")]).await;
    errors.extend(updated.failed.into_iter().map(|f| f.error));
    // An outcome-unknown create and retries exhausted on transport failures.
    sb.sandbox().set_faults(FaultConfig {
        rate_drop: 1.0,
        ..FaultConfig::default()
    });
    errors.push(
        good.create_channel(&pageport_model::ChannelCreate {
            name: "x".into(),
            channel_type: "storefront".into(),
            platform: "bigcommerce".into(),
            status: None,
        })
        .await
        .expect_err("dropped"),
    );
    errors.push(good.list_channels().await.expect_err("always dropped"));
    // A deadline.
    sb.sandbox().set_faults(FaultConfig {
        rate_429: 1.0,
        burst_len: 1,
        retry_after_secs: 30,
        ..FaultConfig::default()
    });
    let impatient = common::builder(&sb)
        .pacing(PacingConfig {
            total_deadline: Duration::from_secs(1),
            ..common::fast_pacing()
        })
        .build()
        .expect("client");
    errors.push(impatient.list_channels().await.expect_err("deadline"));
    // Builder refusals.
    for base in [
        "http://example.com".to_owned(),
        format!("https://user:{}@example.com", common::TOKEN),
    ] {
        errors.push(
            StoreClient::builder()
                .base_url(base)
                .store_hash(StoreHash::from(common::STORE))
                .access_token(SecretString::from(common::TOKEN))
                .build()
                .expect_err("refused base URL"),
        );
    }
    errors.push(
        StoreClient::builder()
            .store_hash(StoreHash::from(common::STORE))
            .access_token(SecretString::from(format!(
                "{}\nX-Injected: 1",
                common::TOKEN
            )))
            .build()
            .expect_err("unsendable token"),
    );

    let kinds: std::collections::BTreeSet<&str> = errors
        .iter()
        .map(|e| match e.kind() {
            ClientErrorKind::Api { .. } => "api",
            ClientErrorKind::Unauthorized { .. } => "unauthorized",
            ClientErrorKind::Transport { .. } => "transport",
            ClientErrorKind::OutcomeUnknown { .. } => "outcome_unknown",
            ClientErrorKind::DeadlineExceeded { .. } => "deadline",
            ClientErrorKind::InsecureBaseUrl { .. } => "insecure",
            ClientErrorKind::InvalidBaseUrl { .. } => "invalid_base",
            ClientErrorKind::InvalidAccessToken => "invalid_token",
            ClientErrorKind::PageWithoutId { .. } => "page_without_id",
            _ => "other",
        })
        .collect();
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        [
            "api",
            "deadline",
            "insecure",
            "invalid_base",
            "invalid_token",
            "outcome_unknown",
            "page_without_id",
            "transport",
            "unauthorized"
        ]
    );
    for error in &errors {
        assert_no_token(error);
    }
    let debug = format!("{good:?} {:?}", common::builder(&sb));
    assert!(!debug.contains(common::TOKEN), "{debug}");
}
