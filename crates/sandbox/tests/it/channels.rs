//! Channels (CONTRACT §8): channel 1 always listed, filters, get, create (200) and its 422s.

use crate::common::{self, STAGING_TOKEN};
use pageport_sandbox::RunningSandbox;
use serde_json::{Value, json};

async fn send(request: reqwest::RequestBuilder) -> (u16, Value) {
    let response = request
        .header("X-Auth-Token", STAGING_TOKEN)
        .send()
        .await
        .expect("request is answered");
    let status = response.status().as_u16();
    let body = response.json().await.expect("body is JSON");
    (status, body)
}

async fn get(sb: &RunningSandbox, path: &str) -> (u16, Value) {
    send(common::http().get(common::url(sb, "staging", path))).await
}

async fn create(sb: &RunningSandbox, body: Value) -> (u16, Value) {
    send(
        common::http()
            .post(common::url(sb, "staging", "/channels"))
            .json(&body),
    )
    .await
}

#[tokio::test]
async fn the_default_storefront_is_always_listed() {
    let sb = common::two_stores();
    let (status, body) = get(&sb, "/channels").await;
    assert_eq!(status, 200);
    let data = body["data"].as_array().expect("a list");
    assert_eq!(data.len(), 1);
    assert_eq!(data[0]["id"], 1);
    assert_eq!(data[0]["type"], "storefront");
    assert_eq!(data[0]["platform"], "bigcommerce");
    assert_eq!(body["meta"]["pagination"]["total"], 1);
    let (status, one) = get(&sb, "/channels/1").await;
    assert_eq!(status, 200);
    assert_eq!(one["data"], data[0]);
    assert_eq!(one["meta"], json!({}));
}

#[tokio::test]
async fn create_answers_200_and_the_channel_is_listed() {
    let sb = common::two_stores();
    let (status, body) = create(
        &sb,
        json!({"name": "eBay", "type": "marketplace", "platform": "ebay", "status": "connected"}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let channel = &body["data"];
    let id = channel["id"].as_u64().expect("an id");
    assert_ne!(id, 1);
    assert_eq!(channel["name"], "eBay");
    assert_eq!(channel["status"], "connected");
    assert_eq!(channel["is_visible"], true);
    let created = channel["date_created"].as_str().expect("date_created");
    assert_eq!(created.len(), "2021-05-07T14:54:51Z".len(), "{created}");
    let (status, fetched) = get(&sb, &format!("/channels/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(&fetched["data"], channel);
    let (_, listed) = get(&sb, "/channels").await;
    assert_eq!(listed["meta"]["pagination"]["total"], 2);
}

#[tokio::test]
async fn list_filters_by_type_status_and_platform_and_pages() {
    let sb = common::two_stores();
    create(
        &sb,
        json!({"name": "Amazon", "type": "marketplace", "platform": "amazon"}),
    )
    .await;
    create(&sb, json!({"name": "Headless", "type": "storefront", "platform": "catalyst", "status": "active"})).await;
    let ids = |body: &Value| -> Vec<u64> {
        body["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_u64().unwrap())
            .collect()
    };
    let (_, storefronts) = get(&sb, "/channels?type:in=storefront").await;
    assert_eq!(ids(&storefronts).len(), 2);
    let (_, marketplaces) = get(&sb, "/channels?type:in=marketplace,pos").await;
    assert_eq!(marketplaces["data"][0]["platform"], "amazon");
    assert_eq!(ids(&marketplaces).len(), 1);
    let (_, active) = get(&sb, "/channels?status:in=active").await;
    assert_eq!(
        active["data"].as_array().unwrap().len(),
        2,
        "channel 1 and Headless"
    );
    let (_, catalyst) = get(&sb, "/channels?platform:in=catalyst,next").await;
    assert_eq!(catalyst["data"][0]["name"], "Headless");
    let (_, paged) = get(&sb, "/channels?limit=2&page=2").await;
    assert_eq!(paged["meta"]["pagination"]["count"], 1);
    assert_eq!(paged["meta"]["pagination"]["total_pages"], 2);
    let (status, error) = get(&sb, "/channels?limit=a").await;
    assert_eq!(status, 422);
    assert!(error["title"].as_str().unwrap().contains("limit"));
    let (status, _) = get(&sb, "/channels?type:in=shop").await;
    assert_eq!(status, 422);
}

#[tokio::test]
async fn an_unknown_channel_is_404_in_the_channels_shape() {
    let sb = common::two_stores();
    let (status, body) = get(&sb, "/channels/777").await;
    assert_eq!(status, 404);
    assert_eq!(body["status"], 404);
    assert_eq!(body["title"], "Not found");
    assert!(body["type"].is_string());
    assert_eq!(body["errors"], json!({}));
}

#[tokio::test]
async fn create_requires_name_type_and_platform() {
    let sb = common::two_stores();
    let (status, body) = create(&sb, json!({"name": 5, "type": "storefront"})).await;
    assert_eq!(status, 422);
    assert_eq!(body["title"], "JSON data is missing or invalid");
    assert_eq!(
        body["errors"],
        json!({"name": "error.expected.jsstring", "platform": "error.path.missing"})
    );
}

#[tokio::test]
async fn create_refuses_an_invalid_type_and_platform_pair() {
    let sb = common::two_stores();
    let (status, body) = create(
        &sb,
        json!({"name": "Market", "type": "marketplace", "platform": "bigcommerce"}),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(
        body["title"],
        "Input channel type [marketplace] with platform [bigcommerce] is not supported"
    );
    assert_eq!(body["errors"], json!({}));
}

#[tokio::test]
async fn create_refuses_names_outside_latin_letters_digits_dashes_underscores_spaces() {
    let sb = common::two_stores();
    for name in ["Boutique Café", "Shop!", ""] {
        let (status, body) = create(
            &sb,
            json!({"name": name, "type": "storefront", "platform": "bigcommerce"}),
        )
        .await;
        assert_eq!(status, 422, "{name}");
        assert!(
            body["title"]
                .as_str()
                .unwrap()
                .starts_with("Only latin alphabet letters")
        );
    }
    let (status, _) = create(
        &sb,
        json!({"name": "EU store_2-b", "type": "storefront", "platform": "bigcommerce"}),
    )
    .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn create_refuses_a_status_the_type_cannot_have() {
    let sb = common::two_stores();
    let (status, body) = create(
        &sb,
        json!({"name": "Web", "type": "storefront", "platform": "bigcommerce", "status": "connected"}),
    )
    .await;
    assert_eq!(status, 422);
    assert!(body["errors"]["status"].is_string());
}

#[tokio::test]
async fn the_default_storefront_is_served_at_a_site_and_new_channels_have_none() {
    let sb = common::two_stores();
    let api = common::StoreApi::staging(&sb);
    let site = api.get("/channels/1/site").await;
    assert_eq!(site.status, 200, "{}", site.body);
    assert_eq!(
        site.body["data"]["url"],
        "https://store-staging.mybigcommerce.com/"
    );
    assert_eq!(site.body["data"]["channel_id"], 1);
    let kinds: Vec<&str> = site.body["data"]["urls"]
        .as_array()
        .expect("a url list")
        .iter()
        .filter_map(|u| u["type"].as_str())
        .collect();
    assert_eq!(kinds, ["primary", "canonical", "checkout"]);

    let (status, body) = create(
        &sb,
        json!({"name": "outlet", "type": "storefront", "platform": "bigcommerce"}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let channel = body["data"]["id"].as_u64().expect("an id");
    let path = format!("/channels/{channel}/site");
    assert_eq!(
        api.get(&path).await.status,
        404,
        "a new channel has no site"
    );
    assert_eq!(api.get("/channels/999/site").await.status, 404);

    let created = api
        .post(&path, &json!({"url": "https://outlet.example/"}))
        .await;
    assert_eq!(created.status, 200, "{}", created.body);
    assert_eq!(created.body["data"]["channel_id"], channel);
    let read = api.get(&path).await;
    assert_eq!(read.body["data"], created.body["data"]);

    let again = api
        .post(&path, &json!({"url": "https://other.example/"}))
        .await;
    assert_eq!(again.status, 422, "one site per channel: {}", again.body);
    let relative = api
        .post("/channels/1/site", &json!({"url": "outlet"}))
        .await;
    assert_eq!(relative.status, 422, "{}", relative.body);
}

#[tokio::test]
async fn what_the_site_endpoint_does_not_emulate_is_refused_by_name() {
    let sb = common::two_stores();
    let api = common::StoreApi::staging(&sb);
    let update = api
        .put("/channels/1/site", &json!({"url": "https://new.example/"}))
        .await;
    assert_eq!(update.status, 405);
    assert!(
        update.body["title"]
            .as_str()
            .is_some_and(|t| t.contains("updating or deleting a channel's site")),
        "{}",
        update.body
    );
    assert_eq!(api.delete("/channels/1/site").await.status, 405);
    let filtered = api.get("/channels/1/site?include=routes").await;
    assert_eq!(filtered.status, 400);
    assert!(
        filtered.body["title"]
            .as_str()
            .is_some_and(|t| t.contains("\"include\" is not supported")),
        "{}",
        filtered.body
    );
    let unchanged = api.get("/channels/1/site").await;
    assert_eq!(
        unchanged.body["data"]["url"],
        "https://store-staging.mybigcommerce.com/"
    );
}

#[tokio::test]
async fn a_channel_is_updated_partially_and_keeps_its_type_and_platform() {
    let sb = common::two_stores();
    let api = common::StoreApi::staging(&sb);
    let created = api
        .post(
            "/channels",
            &json!({"name": "b2b", "type": "storefront", "platform": "bigcommerce"}),
        )
        .await;
    let id = created.body["data"]["id"].as_u64().expect("id");
    let path = format!("/channels/{id}");

    let renamed = api
        .put(
            &path,
            &json!({"name": "wholesale", "status": "active", "is_visible": false}),
        )
        .await;
    assert_eq!(renamed.status, 200, "{}", renamed.body);
    assert_eq!(renamed.body["data"]["name"], "wholesale");
    assert_eq!(renamed.body["data"]["status"], "active");
    assert_eq!(renamed.body["data"]["is_visible"], false);
    assert_eq!(renamed.body["data"]["type"], "storefront");
    assert_eq!(api.get(&path).await.body["data"]["name"], "wholesale");

    let same = api
        .put(
            &path,
            &json!({"type": "storefront", "platform": "bigcommerce"}),
        )
        .await;
    assert_eq!(
        same.status, 200,
        "sending the current values is not a change"
    );
    let immutable = api
        .put(&path, &json!({"type": "marketplace", "platform": "amazon"}))
        .await;
    assert_eq!(immutable.status, 422);
    assert_eq!(
        immutable.body["title"],
        "The following fields are invalid: type, platform"
    );
    assert!(
        immutable.body["errors"]["type"]
            .as_str()
            .is_some_and(|m| m.contains("can not be updated"))
    );

    let bad_name = api.put(&path, &json!({"name": "Café!"})).await;
    assert_eq!(
        bad_name.status, 422,
        "only Latin letters, digits, spaces, dashes and underscores"
    );
    let bad_status = api.put(&path, &json!({"status": "connected"})).await;
    assert_eq!(bad_status.status, 422, "{}", bad_status.body);
    assert_eq!(
        api.put(&path, &json!({"is_visible": "no"})).await.status,
        422
    );

    let other = api
        .post(
            "/channels",
            &json!({"name": "retail", "type": "storefront", "platform": "bigcommerce"}),
        )
        .await;
    let other_id = other.body["data"]["id"].as_u64().expect("id");
    let duplicate = api
        .put(
            &format!("/channels/{other_id}"),
            &json!({"name": "wholesale"}),
        )
        .await;
    assert_eq!(duplicate.status, 409, "{}", duplicate.body);
    assert!(
        duplicate.body["title"]
            .as_str()
            .is_some_and(|t| t.contains("\"wholesale\""))
    );

    let missing = api.put("/channels/999", &json!({"name": "x"})).await;
    assert_eq!(missing.status, 404);
    assert_eq!(missing.body["title"], "The requested entity was not found.");

    api.put(&path, &json!({"status": "deleted"})).await;
    let frozen = api.put(&path, &json!({"name": "again"})).await;
    assert_eq!(frozen.status, 422, "a deleted channel cannot be updated");
}
