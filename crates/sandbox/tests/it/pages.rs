//! Pages V3 (CONTRACT §5): the seven endpoints, per-type fields and defaults, validation, bulk
//! partial application, filters, pagination and deletion with and without children.

use crate::common::{self, Answer, STAGING_TOKEN, StoreApi};
use pageport_sandbox::SandboxConfig;
use serde_json::{Value, json};

const PAGES: &str = "/content/pages";

fn page(name: &str) -> Value {
    json!({"name": name, "type": "page"})
}

fn ids(answer: &Answer) -> Vec<u64> {
    answer.body["data"]
        .as_array()
        .unwrap_or_else(|| panic!("a list: {}", answer.body))
        .iter()
        .map(|p| p["id"].as_u64().unwrap())
        .collect()
}

/// Creates one page and returns its id.
async fn create(api: &StoreApi<'_>, body: Value) -> u64 {
    let answer = api.post(PAGES, &body).await;
    assert_eq!(answer.status, 201, "{}", answer.body);
    answer.body["data"]["id"].as_u64().unwrap()
}

/// A 422 with the Pages detailed shape; returns its detail.
fn detail_of_422(answer: &Answer) -> String {
    assert_eq!(answer.status, 422, "{}", answer.body);
    assert_eq!(answer.body["status"], 422);
    assert!(answer.body["type"].is_string());
    answer.body["detail"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

fn names(answer: &Answer) -> Vec<String> {
    answer.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_owned())
        .collect()
}

async fn second_channel(api: &StoreApi<'_>) -> u64 {
    let answer = api
        .post(
            "/channels",
            &json!({"name": "Second", "type": "storefront", "platform": "catalyst"}),
        )
        .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    answer.body["data"]["id"].as_u64().unwrap()
}

mod create;
mod delete;
mod read;
mod update;
