//! Widget templates (CONTRACT §7.1): create (200), list with filters, get, update (with and
//! without a new version), delete, and uuids minted per store.

use crate::common::{self, PRODUCTION_TOKEN, STAGING_TOKEN};
use pageport_sandbox::RunningSandbox;
use serde_json::{Value, json};

const TEMPLATES: &str = "/content/widget-templates";

/// Sends a request to a store and returns the status and the body (`Null` when empty).
async fn send(request: reqwest::RequestBuilder, store: &str) -> (u16, Value) {
    let token = if store == "production" {
        PRODUCTION_TOKEN
    } else {
        STAGING_TOKEN
    };
    let response = request
        .header("X-Auth-Token", token)
        .send()
        .await
        .expect("request is answered");
    let status = response.status().as_u16();
    let bytes = response.bytes().await.expect("body is read");
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes).expect("body is JSON")
    };
    (status, body)
}

async fn create(sb: &RunningSandbox, store: &str, body: Value) -> (u16, Value) {
    send(
        common::http()
            .post(common::url(sb, store, TEMPLATES))
            .json(&body),
        store,
    )
    .await
}

async fn get(sb: &RunningSandbox, store: &str, path: &str) -> (u16, Value) {
    send(common::http().get(common::url(sb, store, path)), store).await
}

fn item(uuid: &str) -> String {
    format!("{TEMPLATES}/{uuid}")
}

#[tokio::test]
async fn create_answers_200_with_the_minted_template() {
    let sb = common::two_stores();
    let schema = json!([{"type": "tab", "label": "Content", "sections": [
        {"settings": [{"type": "graphQl", "id": "q", "typeMeta": {"mappings": {}}}]}]}]);
    let (status, body) = create(
        &sb,
        "staging",
        json!({"name": "Header Images", "template": "{{#each images}}{{/each}}", "schema": schema}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["meta"], json!({}));
    let data = &body["data"];
    for field in ["uuid", "current_version_uuid"] {
        let value = data[field].as_str().expect(field);
        let parsed = uuid::Uuid::parse_str(value).expect("a uuid");
        assert_eq!(parsed.get_version_num(), 4, "{field} is a v4 uuid");
    }
    assert_eq!(data["name"], "Header Images");
    assert_eq!(data["schema"], schema, "the schema is kept as sent");
    assert_eq!(data["template"], "{{#each images}}{{/each}}");
    assert_eq!(data["storefront_api_query"], "");
    assert_eq!(data["kind"], "custom");
    assert_eq!(data["channel_id"], 1);
    assert_eq!(data["icon_name"], "default");
    assert_eq!(data["template_engine"], "handlebars_v3");
    assert_eq!(data["client_rerender"], false);
    let created = data["date_created"].as_str().expect("date_created");
    assert_eq!(created.len(), "2020-12-21T19:36:16.896Z".len(), "{created}");
    assert!(created.ends_with('Z'));
    assert_eq!(data["date_modified"], data["date_created"]);
}

#[tokio::test]
async fn create_requires_name_and_template() {
    let sb = common::two_stores();
    let (status, body) = create(&sb, "staging", json!({"schema": []})).await;
    assert_eq!(status, 422);
    assert_eq!(body["status"], 422);
    assert!(body["instance"].is_string() && body["type"].is_string());
    assert_eq!(
        body["errors"],
        json!({"name": "is required", "template": "is required"})
    );
    let (status, body) = create(&sb, "staging", json!({"name": 5, "template": ""})).await;
    assert_eq!(status, 422);
    assert!(body["errors"]["name"].is_string());
}

#[tokio::test]
async fn create_refuses_an_unknown_channel() {
    let sb = common::two_stores();
    let (status, body) = create(
        &sb,
        "staging",
        json!({"name": "A", "template": "", "channel_id": 2}),
    )
    .await;
    assert_eq!(status, 422);
    assert!(body["errors"]["channel_id"].is_string(), "{body}");
}

#[tokio::test]
async fn the_same_template_gets_different_uuids_in_two_stores() {
    let sb = common::two_stores();
    let body = json!({"name": "Hero Banner", "template": "<h1>{{title}}</h1>"});
    let (_, staging) = create(&sb, "staging", body.clone()).await;
    let (_, production) = create(&sb, "production", body).await;
    let staging_uuid = staging["data"]["uuid"].as_str().unwrap();
    let production_uuid = production["data"]["uuid"].as_str().unwrap();
    assert_ne!(staging_uuid, production_uuid);
    // And each store knows only its own.
    assert_eq!(get(&sb, "production", &item(staging_uuid)).await.0, 404);
    assert_eq!(get(&sb, "staging", &item(staging_uuid)).await.0, 200);
}

#[tokio::test]
async fn get_answers_404_for_unknown_and_422_for_malformed_uuids() {
    let sb = common::two_stores();
    let (status, body) = get(
        &sb,
        "staging",
        &item("0f0e0d0c-0b0a-4909-8807-060504030201"),
    )
    .await;
    assert_eq!(status, 404);
    assert_eq!(body["status"], 404);
    assert_eq!(body["errors"], json!({}));
    let (status, body) = get(&sb, "staging", &item("not-a-uuid")).await;
    assert_eq!(status, 422);
    assert!(body["errors"]["uuid"].is_string());
}

#[tokio::test]
async fn list_pages_and_filters_by_kind_and_channel() {
    let sb = common::two_stores();
    let url = common::url(&sb, "staging", "/channels");
    let channel = json!({"name": "Outlet", "type": "storefront", "platform": "bigcommerce"});
    let (_, created) = send(common::http().post(url).json(&channel), "staging").await;
    let second = created["data"]["id"].as_u64().unwrap();
    for index in 0..3 {
        create(
            &sb,
            "staging",
            json!({"name": format!("T{index}"), "template": ""}),
        )
        .await;
    }
    create(
        &sb,
        "staging",
        json!({"name": "Outlet", "template": "", "channel_id": second}),
    )
    .await;

    let (status, body) = get(&sb, "staging", &format!("{TEMPLATES}?limit=2&page=2")).await;
    assert_eq!(status, 200);
    let pagination = &body["meta"]["pagination"];
    assert_eq!(pagination["total"], 4);
    assert_eq!(pagination["count"], 2);
    assert_eq!(pagination["per_page"], 2);
    assert_eq!(pagination["total_pages"], 2);
    let names = |body: &Value| -> Vec<String> {
        body["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["name"].as_str().unwrap().to_owned())
            .collect()
    };
    let (_, on_second) = get(
        &sb,
        "staging",
        &format!("{TEMPLATES}?channel_id:in={second}"),
    )
    .await;
    assert_eq!(names(&on_second), ["Outlet"]);
    let (_, on_both) = get(
        &sb,
        "staging",
        &format!("{TEMPLATES}?channel_id:in=1,{second}"),
    )
    .await;
    assert_eq!(on_both["data"].as_array().unwrap().len(), 4);
    let (_, custom) = get(
        &sb,
        "staging",
        &format!("{TEMPLATES}?widget_template_kind=custom"),
    )
    .await;
    assert_eq!(custom["meta"]["pagination"]["total"], 4);
    let (_, other) = get(
        &sb,
        "staging",
        &format!("{TEMPLATES}?widget_template_kind=pp-banner"),
    )
    .await;
    assert_eq!(other["data"], json!([]));
    let (status, _) = get(&sb, "staging", &format!("{TEMPLATES}?channel_id:in=x")).await;
    assert_eq!(status, 422);
}

#[tokio::test]
async fn update_is_partial_and_keeps_the_version_unless_asked() {
    let sb = common::two_stores();
    let (_, created) = create(
        &sb,
        "staging",
        json!({"name": "Text", "template": "<p>{{a}}</p>", "schema": [{"type": "tab"}]}),
    )
    .await;
    let uuid = created["data"]["uuid"].as_str().unwrap().to_owned();
    let version = created["data"]["current_version_uuid"].clone();
    let url = common::url(&sb, "staging", &item(&uuid));

    let (status, updated) = send(
        common::http()
            .put(&url)
            .json(&json!({"template": "<p>{{b}}</p>"})),
        "staging",
    )
    .await;
    assert_eq!(status, 200, "{updated}");
    assert_eq!(updated["data"]["template"], "<p>{{b}}</p>");
    assert_eq!(updated["data"]["name"], "Text");
    assert_eq!(updated["data"]["schema"], json!([{"type": "tab"}]));
    assert_eq!(updated["data"]["current_version_uuid"], version);

    let (_, versioned) = send(
        common::http()
            .put(&url)
            .json(&json!({"name": "Rich Text", "create_new_version": true})),
        "staging",
    )
    .await;
    assert_eq!(versioned["data"]["name"], "Rich Text");
    assert_eq!(versioned["data"]["uuid"], uuid.as_str());
    assert_ne!(versioned["data"]["current_version_uuid"], version);
    let (_, fetched) = get(&sb, "staging", &item(&uuid)).await;
    assert_eq!(fetched["data"], versioned["data"]);
    let current = versioned["data"]["current_version_uuid"].as_str().unwrap();
    let (status, _) = get(
        &sb,
        "staging",
        &format!("{}?version_uuid={current}", item(&uuid)),
    )
    .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn update_answers_404_and_422() {
    let sb = common::two_stores();
    let missing = common::url(
        &sb,
        "staging",
        &item("0f0e0d0c-0b0a-4909-8807-060504030201"),
    );
    let (status, _) = send(
        common::http().put(missing).json(&json!({"name": "X"})),
        "staging",
    )
    .await;
    assert_eq!(status, 404);
    let (_, created) = create(&sb, "staging", json!({"name": "Text", "template": ""})).await;
    let url = common::url(
        &sb,
        "staging",
        &item(created["data"]["uuid"].as_str().unwrap()),
    );
    let (status, body) = send(
        common::http()
            .put(url)
            .json(&json!({"create_new_version": "yes", "channel_id": 3})),
        "staging",
    )
    .await;
    assert_eq!(status, 422);
    let errors = body["errors"].as_object().unwrap();
    assert!(errors.contains_key("create_new_version") && errors.contains_key("channel_id"));
}

#[tokio::test]
async fn delete_answers_204_then_404() {
    let sb = common::two_stores();
    let (_, created) = create(&sb, "staging", json!({"name": "Text", "template": ""})).await;
    let uuid = created["data"]["uuid"].as_str().unwrap();
    let url = common::url(&sb, "staging", &item(uuid));
    assert_eq!(
        send(common::http().delete(&url), "staging").await,
        (204, Value::Null)
    );
    assert_eq!(send(common::http().delete(&url), "staging").await.0, 404);
    assert_eq!(get(&sb, "staging", &item(uuid)).await.0, 404);
}

#[tokio::test]
async fn a_new_version_keeps_the_previous_one_readable_by_its_uuid() {
    let sb = common::two_stores();
    let schema = json!([{"type": "tab", "label": "Content"}]);
    let (_, created) = create(
        &sb,
        "staging",
        json!({"name": "Banner", "template": "<p>v1</p>", "schema": schema, "storefront_api_query": "query A { site { id } }"}),
    )
    .await;
    let uuid = created["data"]["uuid"].as_str().unwrap().to_owned();
    let first = created["data"]["current_version_uuid"]
        .as_str()
        .unwrap()
        .to_owned();
    let url = common::url(&sb, "staging", &item(&uuid));
    let (status, second) = send(
        common::http().put(&url).json(&json!({
            "template": "<p>v2</p>",
            "schema": [],
            "storefront_api_query": "",
            "create_new_version": true
        })),
        "staging",
    )
    .await;
    assert_eq!(status, 200, "{second}");
    let second_version = second["data"]["current_version_uuid"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_ne!(second_version, first);
    // An in-place update changes the current version, not the kept one.
    let (status, _) = send(
        common::http()
            .put(&url)
            .json(&json!({"template": "<p>v2b</p>"})),
        "staging",
    )
    .await;
    assert_eq!(status, 200);

    let (status, old) = get(
        &sb,
        "staging",
        &format!("{}?version_uuid={first}", item(&uuid)),
    )
    .await;
    assert_eq!(status, 200, "{old}");
    assert_eq!(old["data"]["uuid"], uuid.as_str());
    assert_eq!(old["data"]["template"], "<p>v1</p>");
    assert_eq!(old["data"]["schema"], schema);
    assert_eq!(
        old["data"]["storefront_api_query"],
        "query A { site { id } }"
    );
    assert_eq!(old["data"]["current_version_uuid"], first.as_str());

    let (_, now) = get(&sb, "staging", &item(&uuid)).await;
    assert_eq!(now["data"]["template"], "<p>v2b</p>");
    assert_eq!(now["data"]["schema"], json!([]));
    assert_eq!(now["data"]["current_version_uuid"], second_version.as_str());
    let (status, current) = get(
        &sb,
        "staging",
        &format!(
            "{}?version_uuid={}",
            item(&uuid),
            second_version.to_uppercase()
        ),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(current["data"], now["data"]);

    let unknown = "0f0e0d0c-0b0a-4909-8807-060504030201";
    let (status, body) = get(
        &sb,
        "staging",
        &format!("{}?version_uuid={unknown}", item(&uuid)),
    )
    .await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(body["status"], 404);
    assert!(body["title"].as_str().unwrap().contains(unknown), "{body}");

    // Versions belong to their template: another template does not answer them.
    let (_, other) = create(&sb, "staging", json!({"name": "Other", "template": ""})).await;
    let other = other["data"]["uuid"].as_str().unwrap().to_owned();
    let (status, _) = get(
        &sb,
        "staging",
        &format!("{}?version_uuid={first}", item(&other)),
    )
    .await;
    assert_eq!(status, 404);
}
