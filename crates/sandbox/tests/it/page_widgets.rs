//! Page widgets (CONTRACT §6): snapshots, destructive publishing, and every 422 of a publish.

use crate::common::{self, PRODUCTION_TOKEN, STAGING_TOKEN};
use pageport_sandbox::{RunningSandbox, SandboxConfig};
use serde_json::{Value, json};

const PAGE_WIDGETS: &str = "/content/page-widgets";

fn token(store: &str) -> &'static str {
    if store == "production" {
        PRODUCTION_TOKEN
    } else {
        STAGING_TOKEN
    }
}

/// Sends a request and returns the status and the body (`Null` when empty).
async fn send(request: reqwest::RequestBuilder, store: &str) -> (u16, Value) {
    let response = request
        .header("X-Auth-Token", token(store))
        .header("Accept", "application/json")
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

async fn snapshot(sb: &RunningSandbox, store: &str, query: &str) -> (u16, Value) {
    let url = format!("{}?{query}", common::url(sb, store, PAGE_WIDGETS));
    send(common::http().get(url), store).await
}

async fn publish(sb: &RunningSandbox, store: &str, body: &Value) -> (u16, Value) {
    let url = common::url(sb, store, PAGE_WIDGETS);
    send(common::http().post(url).json(body), store).await
}

/// Creates a widget template and returns its uuid.
async fn template(sb: &RunningSandbox, store: &str, name: &str, channel: u64) -> String {
    let url = common::url(sb, store, "/content/widget-templates");
    let body = json!({"name": name, "template": "<p>{{text}}</p>", "channel_id": channel});
    let (status, created) = send(common::http().post(url).json(&body), store).await;
    assert_eq!(status, 200, "{created}");
    created["data"]["uuid"].as_str().expect("uuid").to_owned()
}

fn widget(uuid: &str) -> Value {
    json!({"type": "widget", "widget_template_uuid": uuid, "name": "Product", "description": "",
           "configuration": {"productId": "77", "nested": {"ratio": 0.5, "flag": true, "none": null}},
           "storefront_api_query_params": {"productId": 77}})
}

fn layout(widgets: Vec<Value>) -> Value {
    json!({"type": "layout", "layout_template_uuid": "7d42d0b1-1152-4ce3-a6c1-3709f786f295",
           "name": "Layout", "configuration": {"numberOfDropzones": 1},
           "dropzones": [{"configuration": {}, "widgets": widgets}]})
}

fn region(name: &str, children: Vec<Value>) -> Value {
    json!({"name": name, "children": children})
}

fn small_limits(widgets_per_channel: usize, layouts_per_channel: usize) -> RunningSandbox {
    let mut config =
        SandboxConfig::with_stores([("staging", STAGING_TOKEN), ("production", PRODUCTION_TOKEN)]);
    config.quota = None;
    config.limits.widgets_per_channel = widgets_per_channel;
    config.limits.layouts_per_channel = layouts_per_channel;
    common::start(config)
}

#[tokio::test]
async fn an_unpublished_document_is_an_empty_snapshot() {
    let sb = common::two_stores();
    let (status, body) = snapshot(&sb, "staging", "channel_id=1").await;
    assert_eq!(status, 200);
    assert_eq!(
        body,
        json!({"data": {"regions": []}, "meta": {"pagination": {
            "total": 0, "count": 0, "per_page": 50, "current_page": 1, "total_pages": 0}}})
    );
}

#[tokio::test]
async fn snapshots_return_global_home_page_and_product_documents_as_published() {
    let sb = common::two_stores();
    let uuid = template(&sb, "staging", "Product", 1).await;
    let documents = [
        (json!({}), "channel_id=1"),
        (
            json!({"template_file": "pages/home"}),
            "template_file=pages/home",
        ),
        (
            json!({"template_file": "pages/page", "entity_id": "5"}),
            "template_file=pages/page&entity_id=5",
        ),
        (
            json!({"template_file": "pages/product", "entity_id": "77"}),
            "template_file=pages/product&entity_id=77&channel_id=1",
        ),
    ];
    for (index, (address, query)) in documents.iter().enumerate() {
        let regions = json!([region(
            &format!("region_{index}"),
            vec![widget(&uuid), layout(vec![widget(&uuid)])]
        )]);
        let mut body = address.clone();
        body["channel_id"] = json!(1);
        body["regions"] = regions.clone();
        assert_eq!(publish(&sb, "staging", &body).await, (204, Value::Null));
        let (status, snapshot) = snapshot(&sb, "staging", query).await;
        assert_eq!(status, 200, "{query}");
        assert_eq!(snapshot["data"]["regions"], regions, "{query}");
        assert_eq!(
            snapshot["meta"]["pagination"],
            json!({"total": 1, "count": 1, "per_page": 50, "current_page": 1, "total_pages": 1})
        );
    }
    // Each address is its own document: the product page of another entity is still empty.
    let (_, other) = snapshot(&sb, "staging", "template_file=pages/product&entity_id=80").await;
    assert_eq!(other["data"]["regions"], json!([]));
}

#[tokio::test]
async fn publish_replaces_the_whole_document() {
    let sb = common::two_stores();
    let uuid = template(&sb, "staging", "Text", 1).await;
    let first = json!({"template_file": "pages/home", "regions": [
        region("home_below_menu", vec![widget(&uuid)]),
        region("header_bottom", vec![layout(vec![widget(&uuid)])]),
    ]});
    let second = json!({"template_file": "pages/home", "regions": [
        region("home_below_featured_products", vec![widget(&uuid)]),
    ]});
    assert_eq!(publish(&sb, "staging", &first).await.0, 204);
    assert_eq!(publish(&sb, "staging", &second).await.0, 204);
    let (_, body) = snapshot(&sb, "staging", "template_file=pages/home").await;
    assert_eq!(body["data"]["regions"], second["regions"]);
}

#[tokio::test]
async fn publish_answers_201_when_configured_for_the_guide() {
    let mut config = SandboxConfig::with_stores([("staging", STAGING_TOKEN)]);
    config.quota = None;
    config.page_widgets_publish_status = 201;
    let sb = common::start(config);
    let (status, body) = publish(&sb, "staging", &json!({"regions": []})).await;
    assert_eq!((status, body), (201, Value::Null));
}

#[tokio::test]
async fn an_unknown_template_is_reported_at_its_json_path() {
    let sb = common::two_stores();
    let uuid = template(&sb, "staging", "Text", 1).await;
    let unknown = "0f0e0d0c-0b0a-4909-8807-060504030201";
    let body = json!({"template_file": "pages/home", "regions": [region("home_below_menu", vec![
        widget(&uuid), widget(&uuid), widget(unknown),
    ])]});
    let (status, error) = publish(&sb, "staging", &body).await;
    assert_eq!(status, 422);
    assert_eq!(error["status"], 422);
    assert!(error["title"].is_string() && error["type"].is_string());
    let errors = error["errors"].as_object().expect("errors object");
    assert_eq!(errors.len(), 1, "{error}");
    let message = errors["regions[0].children[2].widget_template_uuid"]
        .as_str()
        .expect("message at the path");
    assert!(message.contains(unknown), "{message}");
}

#[tokio::test]
async fn a_template_of_another_store_or_channel_is_unknown() {
    let sb = common::two_stores();
    let staging_uuid = template(&sb, "staging", "Text", 1).await;
    let body = json!({"regions": [region("header_bottom--global", vec![widget(&staging_uuid)])]});
    let (status, error) = publish(&sb, "production", &body).await;
    assert_eq!(status, 422);
    assert!(error["errors"]["regions[0].children[0].widget_template_uuid"].is_string());

    let url = common::url(&sb, "staging", "/channels");
    let channel = json!({"name": "Second Store", "type": "storefront", "platform": "bigcommerce"});
    let (_, created) = send(common::http().post(url).json(&channel), "staging").await;
    let channel_id = created["data"]["id"].as_u64().expect("channel id");
    let on_channel = template(&sb, "staging", "Banner", channel_id).await;
    let mut body = json!({"regions": [region("header_bottom--global", vec![widget(&on_channel)])]});
    assert_eq!(publish(&sb, "staging", &body).await.0, 422);
    body["channel_id"] = json!(channel_id);
    assert_eq!(publish(&sb, "staging", &body).await.0, 204);
}

#[tokio::test]
async fn malformed_uuids_and_missing_types_are_all_reported_at_once() {
    let sb = common::two_stores();
    let uuid = template(&sb, "staging", "Text", 1).await;
    let mut untyped = widget(&uuid);
    untyped.as_object_mut().unwrap().remove("type");
    let mut bad_layout = layout(vec![json!({"widget_template_uuid": uuid})]);
    bad_layout["layout_template_uuid"] = json!("not-a-uuid");
    let body = json!({"template_file": "pages/page", "entity_id": "5", "regions": [
        region("page_builder_content", vec![
            widget("d181ebd5f42c4f968f9dc605023f5cb6"),
            untyped,
            json!({"type": "banner"}),
            bad_layout,
        ]),
    ]});
    let (status, error) = publish(&sb, "staging", &body).await;
    assert_eq!(status, 422);
    let errors = error["errors"].as_object().expect("errors object");
    let paths: Vec<&str> = errors.keys().map(String::as_str).collect();
    assert_eq!(
        paths,
        [
            "regions[0].children[0].widget_template_uuid",
            "regions[0].children[1].type",
            "regions[0].children[2].type",
            "regions[0].children[3].layout_template_uuid",
            "regions[0].children[3].dropzones[0].widgets[0].type",
        ]
    );
    assert!(
        errors["regions[0].children[0].widget_template_uuid"]
            .as_str()
            .unwrap()
            .contains("not a valid UUID")
    );
}

#[tokio::test]
async fn a_failed_publish_leaves_the_document_unchanged() {
    let sb = common::two_stores();
    let uuid = template(&sb, "staging", "Text", 1).await;
    let good =
        json!({"template_file": "pages/home", "regions": [region("r", vec![widget(&uuid)])]});
    assert_eq!(publish(&sb, "staging", &good).await.0, 204);
    let bad = json!({"template_file": "pages/home", "regions": [region("r", vec![json!({"type": "x"})])]});
    assert_eq!(publish(&sb, "staging", &bad).await.0, 422);
    let (_, body) = snapshot(&sb, "staging", "template_file=pages/home").await;
    assert_eq!(body["data"]["regions"], good["regions"]);
}

#[tokio::test]
async fn more_than_150_widgets_on_a_page_are_refused() {
    let sb = common::two_stores();
    let uuid = template(&sb, "staging", "Text", 1).await;
    let children: Vec<Value> = (0..151).map(|_| widget(&uuid)).collect();
    let body = json!({"template_file": "pages/home", "regions": [region("r", children)]});
    let (status, error) = publish(&sb, "staging", &body).await;
    assert_eq!(status, 422);
    let message = error["errors"]["regions[0].children[150]"]
        .as_str()
        .expect("the 151st widget is named");
    assert!(
        message.contains("151 widgets") && message.contains("150"),
        "{message}"
    );
    let fits: Vec<Value> = (0..150).map(|_| widget(&uuid)).collect();
    let body = json!({"template_file": "pages/home", "regions": [region("r", fits)]});
    assert_eq!(publish(&sb, "staging", &body).await.0, 204);
}

#[tokio::test]
async fn more_than_150_layouts_on_a_page_are_refused() {
    let sb = common::two_stores();
    let layouts: Vec<Value> = (0..151).map(|_| layout(Vec::new())).collect();
    let body = json!({"template_file": "pages/home", "regions": [
        region("a", layouts[..100].to_vec()),
        region("b", layouts[100..].to_vec()),
    ]});
    let (status, error) = publish(&sb, "staging", &body).await;
    assert_eq!(status, 422);
    let message = error["errors"]["regions[1].children[50]"]
        .as_str()
        .expect("the 151st layout is named");
    assert!(message.contains("151 layouts"), "{message}");
}

#[tokio::test]
async fn channel_totals_count_every_other_document_of_the_channel() {
    let sb = small_limits(3, 2);
    let uuid = template(&sb, "staging", "Text", 1).await;
    let two_widgets = |file: &str| json!({"template_file": file, "regions": [region("r", vec![widget(&uuid), widget(&uuid)])]});
    assert_eq!(
        publish(&sb, "staging", &two_widgets("pages/home")).await.0,
        204
    );
    let (status, error) = publish(&sb, "staging", &two_widgets("pages/search")).await;
    assert_eq!(status, 422);
    let message = error["errors"]["regions[0].children[1]"]
        .as_str()
        .expect("the widget over the channel limit is named");
    assert!(
        message.contains("channel would hold 4 widgets"),
        "{message}"
    );
    // Republishing a document replaces it, so its old content does not count.
    let three = json!({"template_file": "pages/home", "regions": [
        region("r", vec![widget(&uuid), widget(&uuid), widget(&uuid)])]});
    assert_eq!(publish(&sb, "staging", &three).await.0, 204);
    // Another store is counted apart.
    let uuid = template(&sb, "production", "Text", 1).await;
    let body = json!({"regions": [region("r", vec![widget(&uuid), widget(&uuid)])]});
    assert_eq!(publish(&sb, "production", &body).await.0, 204);
    // Layouts per channel.
    let layouts =
        |file: &str| json!({"template_file": file, "regions": [region("r", vec![layout(vec![])])]});
    assert_eq!(publish(&sb, "staging", &layouts("pages/cart")).await.0, 204);
    assert_eq!(publish(&sb, "staging", &layouts("pages/blog")).await.0, 204);
    let (status, error) = publish(&sb, "staging", &layouts("pages/compare")).await;
    assert_eq!(status, 422);
    assert!(
        error["errors"]["regions[0].children[0]"]
            .as_str()
            .unwrap()
            .contains("3 layouts")
    );
}

#[tokio::test]
async fn missing_regions_are_refused() {
    let sb = common::two_stores();
    let (status, error) = publish(&sb, "staging", &json!({"template_file": "pages/home"})).await;
    assert_eq!(status, 422);
    assert_eq!(error["errors"], json!({"regions": "is required"}));
}

#[tokio::test]
async fn an_entity_id_sent_as_a_number_is_refused() {
    let sb = common::two_stores();
    let body = json!({"template_file": "pages/product", "entity_id": 77, "regions": []});
    let (status, error) = publish(&sb, "staging", &body).await;
    assert_eq!(status, 422);
    let message = error["errors"]["entity_id"]
        .as_str()
        .expect("entity_id error");
    assert!(message.contains("string"), "{message}");
}

#[tokio::test]
async fn invalid_snapshot_parameters_are_refused_with_422() {
    let sb = common::two_stores();
    for (query, field) in [
        ("channel_id=abc", "channel_id"),
        ("channel_id=9", "channel_id"),
        ("template_file=pages/home&entity_id=3", "entity_id"),
        ("entity_id=3", "entity_id"),
    ] {
        let (status, error) = snapshot(&sb, "staging", query).await;
        assert_eq!(status, 422, "{query}");
        assert_eq!(error["status"], 422);
        assert!(error["instance"].is_string(), "{error}");
        assert!(error["errors"][field].is_string(), "{query}: {error}");
    }
}

#[tokio::test]
async fn publish_refuses_an_unknown_channel_and_a_home_entity() {
    let sb = common::two_stores();
    let (status, error) = publish(&sb, "staging", &json!({"channel_id": 4, "regions": []})).await;
    assert_eq!(status, 422);
    assert!(error["errors"]["channel_id"].is_string());
    let body = json!({"template_file": "pages/home", "entity_id": "1", "regions": []});
    let (status, error) = publish(&sb, "staging", &body).await;
    assert_eq!(status, 422);
    assert!(error["errors"]["entity_id"].is_string());
}

/// The channel's kept totals equal a recount of its documents.
fn assert_totals_match(sb: &RunningSandbox, store: &str) {
    let state = sb.sandbox().store_state(store).expect("store");
    assert_eq!(state.page_widgets.totals(), state.page_widgets.recount());
}

/// The widgets channel 1 holds, by the kept totals.
fn channel_widgets(sb: &RunningSandbox) -> usize {
    let state = sb.sandbox().store_state("staging").expect("store");
    state
        .page_widgets
        .channel_totals(pageport_model::ChannelId(1))
        .widgets
}

#[tokio::test]
async fn channel_totals_stay_right_across_publish_replace_delete_and_restart() {
    let dir = tempfile::tempdir().unwrap();
    let config = || {
        let mut config = SandboxConfig::with_stores([("staging", STAGING_TOKEN)]);
        config.quota = None;
        config.limits.widgets_per_channel = 5;
        config.data_dir = Some(dir.path().to_owned());
        config
    };
    let sb = common::start(config());
    let uuid = template(&sb, "staging", "Text", 1).await;
    let widgets = |file: &str, n: usize| json!({"template_file": file, "regions": [region("r", vec![widget(&uuid); n])]});
    assert_eq!(
        publish(&sb, "staging", &widgets("pages/home", 3)).await.0,
        204
    );
    assert_eq!(
        publish(&sb, "staging", &widgets("pages/cart", 2)).await.0,
        204
    );
    assert_eq!(channel_widgets(&sb), 5);
    let (status, error) = publish(&sb, "staging", &widgets("pages/blog", 1)).await;
    assert_eq!(status, 422, "{error}");
    assert!(
        error.to_string().contains("channel would hold 6 widgets"),
        "{error}"
    );
    // Replacing a document with a smaller one frees room.
    assert_eq!(
        publish(&sb, "staging", &widgets("pages/home", 1)).await.0,
        204
    );
    assert_eq!(channel_widgets(&sb), 3);
    assert_eq!(
        publish(&sb, "staging", &widgets("pages/blog", 2)).await.0,
        204
    );
    assert_eq!(channel_widgets(&sb), 5);
    // Publishing no regions deletes the document and its widgets from the totals.
    let delete = json!({"template_file": "pages/cart", "regions": []});
    assert_eq!(publish(&sb, "staging", &delete).await.0, 204);
    assert_eq!(channel_widgets(&sb), 3);
    assert_totals_match(&sb, "staging");
    drop(sb);

    // After a restart the totals are rebuilt from the documents: 3 held, 2 more fit, 3 do not.
    let sb = common::start(config());
    assert_eq!(channel_widgets(&sb), 3);
    assert_totals_match(&sb, "staging");
    let (status, error) = publish(&sb, "staging", &widgets("pages/search", 3)).await;
    assert_eq!(status, 422, "{error}");
    assert!(
        error.to_string().contains("channel would hold 6 widgets"),
        "{error}"
    );
    assert_eq!(
        publish(&sb, "staging", &widgets("pages/search", 2)).await.0,
        204
    );
    assert_eq!(channel_widgets(&sb), 5);
}

#[tokio::test]
async fn channel_totals_follow_a_loaded_bundle() {
    let sb = small_limits(4, 100);
    let uuid = template(&sb, "staging", "Text", 1).await;
    let body =
        json!({"template_file": "pages/home", "regions": [region("r", vec![widget(&uuid); 4])]});
    assert_eq!(publish(&sb, "staging", &body).await.0, 204);
    // A bundle replaces the store's documents: its single 1-widget document is all that counts.
    let state = sb.sandbox().store_state("staging").expect("store");
    let template = state.widget_templates.values().next().unwrap().clone();
    use pageport_model::{
        BUNDLE_FORMAT_VERSION, Bundle, BundleCounts, BundleManifest, ChannelId,
        PageWidgetsDocument, StoreHash,
    };
    let document: PageWidgetsDocument = serde_json::from_value(json!({
        "key": {"channel_id": 1, "template_file": "pages/cart"},
        "regions": [region("r", vec![widget(&uuid)])],
    }))
    .expect("a document");
    let bundle = Bundle {
        manifest: BundleManifest {
            format_version: BUNDLE_FORMAT_VERSION,
            pageport_version: "test".into(),
            source_store_hash: StoreHash::new("src"),
            channel_id: ChannelId(1),
            extracted_at: "2024-01-01T00:00:00Z".into(),
            counts: BundleCounts::default(),
            storefront_urls: None,
        },
        pages: Vec::new(),
        reference_pages: Vec::new(),
        page_widgets: vec![document],
        widget_templates: vec![template],
        products: Vec::new(),
        categories: Vec::new(),
        brands: Vec::new(),
    };
    sb.sandbox()
        .load_bundle("staging", &bundle)
        .expect("loaded");
    assert_eq!(channel_widgets(&sb), 1);
    assert_totals_match(&sb, "staging");
    assert_eq!(publish(&sb, "staging", &body).await.0, 422, "1 + 4 > 4");
    let three =
        json!({"template_file": "pages/home", "regions": [region("r", vec![widget(&uuid); 3])]});
    assert_eq!(publish(&sb, "staging", &three).await.0, 204);
    assert_eq!(channel_widgets(&sb), 4);
}
