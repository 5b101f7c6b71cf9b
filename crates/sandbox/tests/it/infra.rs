//! The machinery around the API families: authentication, rate limiting, fault injection, the
//! request log, persistence, the admin API and the body limit.

use crate::common::{
    self, PRODUCTION_TOKEN, STAGING_TOKEN, StoreApi, admin_get, admin_url, set_faults,
};
use pageport_sandbox::{ManualClock, Quota, RunningSandbox, SandboxConfig, SandboxError};
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;

const STATUS_DOC: &str =
    "https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes";

/// Two stores with a quota, on a clock that moves only when the test moves it.
fn with_quota(requests: u32, window_ms: u64) -> (RunningSandbox, ManualClock) {
    let mut config =
        SandboxConfig::with_stores([("staging", STAGING_TOKEN), ("production", PRODUCTION_TOKEN)]);
    config.quota = Some(Quota {
        requests,
        window_ms,
    });
    let clock = ManualClock::new();
    config.clock = Arc::new(clock.clone());
    (common::start(config), clock)
}

fn page(name: &str) -> Value {
    json!({"name": name, "type": "page", "body": "<p>hi</p>"})
}

mod admin;
mod auth;
mod faults;
mod persistence;
mod quota;
