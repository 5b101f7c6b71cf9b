//! The demo seed (`--seed demo`) as a client sees it: a staging site with pages, templates,
//! page-widget documents and a catalog; a production store with the same catalog under other
//! ids, its own templates minus `Product Carousel`, and no content.

use crate::common::{self, PRODUCTION_TOKEN, STAGING_TOKEN};
use pageport_sandbox::{RunningSandbox, SandboxConfig, Seed};
use serde_json::{Value, json};
use std::collections::BTreeMap;

fn demo() -> RunningSandbox {
    let mut config = SandboxConfig::with_stores([
        ("staging", STAGING_TOKEN),
        ("production", PRODUCTION_TOKEN),
        ("other", "other-token"),
    ]);
    config.quota = None;
    config.seed = Some(Seed::Demo);
    common::start(config)
}

async fn send(request: reqwest::RequestBuilder, store: &str) -> (u16, Value) {
    let token = match store {
        "staging" => STAGING_TOKEN,
        "production" => PRODUCTION_TOKEN,
        _ => "other-token",
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

async fn get(sb: &RunningSandbox, store: &str, path: &str) -> Value {
    let (status, body) = send(common::http().get(common::url(sb, store, path)), store).await;
    assert_eq!(status, 200, "{path}: {body}");
    body
}

/// Template name → uuid.
async fn templates(sb: &RunningSandbox, store: &str) -> BTreeMap<String, String> {
    let body = get(sb, store, "/content/widget-templates").await;
    body["data"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|t| {
            let name = t["name"].as_str().expect("name").to_owned();
            (name, t["uuid"].as_str().expect("uuid").to_owned())
        })
        .collect()
}

/// The ids of the products with `sku` in a store.
async fn product_ids_by_sku(sb: &RunningSandbox, store: &str, sku: &str) -> Vec<u64> {
    let body = get(sb, store, &format!("/catalog/products?sku={sku}")).await;
    body["data"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|p| p["id"].as_u64().expect("id"))
        .collect()
}

const DOCUMENTS: [&str; 7] = [
    "channel_id=1",
    "template_file=pages/home",
    "template_file=pages/page&entity_id=1",
    "template_file=pages/page&entity_id=2",
    "template_file=pages/page&entity_id=7",
    "template_file=pages/product&entity_id=77",
    "template_file=pages/product&entity_id=80",
];

#[tokio::test]
async fn staging_has_six_templates_with_the_guides_uuids() {
    let sb = demo();
    let staging = templates(&sb, "staging").await;
    let names: Vec<&str> = staging.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "Button",
            "Hero Banner",
            "Image",
            "Product",
            "Product Carousel",
            "Text"
        ]
    );
    assert_eq!(
        staging["Hero Banner"],
        "d181ebd5-f42c-4f96-8f9d-c605023f5cb6"
    );
    assert_eq!(staging["Product"], "e59c1412-2d85-4f18-ab4b-8a55412d945c");
}

#[tokio::test]
async fn staging_home_has_the_hero_banner_and_the_three_product_layout_of_the_guide() {
    let sb = demo();
    let home = get(
        &sb,
        "staging",
        "/content/page-widgets?channel_id=1&template_file=pages/home",
    )
    .await;
    let regions = home["data"]["regions"].as_array().expect("regions");
    let names: Vec<&str> = regions
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "home_below_menu",
            "header_bottom",
            "home_below_featured_products"
        ]
    );
    assert_eq!(regions[0]["children"][0]["name"], "Hero Banner");
    assert_eq!(
        regions[0]["children"][0]["widget_template_uuid"],
        "d181ebd5-f42c-4f96-8f9d-c605023f5cb6"
    );
    let layout = &regions[1]["children"][0];
    assert_eq!(layout["type"], "layout");
    assert_eq!(
        layout["layout_template_uuid"],
        "7d42d0b1-1152-4ce3-a6c1-3709f786f295"
    );
    let products: Vec<(Value, Value)> = layout["dropzones"]
        .as_array()
        .expect("dropzones")
        .iter()
        .map(|d| {
            let widget = &d["widgets"][0];
            assert_eq!(widget["type"], "widget");
            (
                widget["configuration"]["productId"].clone(),
                widget["storefront_api_query_params"]["productId"].clone(),
            )
        })
        .collect();
    assert_eq!(
        products,
        [
            (json!("77"), json!(77)),
            (json!("80"), json!(80)),
            (json!("93"), json!(93))
        ]
    );
    assert_eq!(home["meta"]["pagination"]["total"], 1);
}

#[tokio::test]
async fn staging_has_global_page_and_product_documents() {
    let sb = demo();
    let global = get(&sb, "staging", "/content/page-widgets").await;
    assert_eq!(
        global["data"]["regions"][0]["name"],
        "header_bottom--global"
    );
    assert_eq!(
        global["data"]["regions"][0]["children"][0]["name"],
        "Announcement Banner"
    );
    for query in &DOCUMENTS[2..] {
        let body = get(&sb, "staging", &format!("/content/page-widgets?{query}")).await;
        assert!(
            !body["data"]["regions"].as_array().unwrap().is_empty(),
            "{query}"
        );
    }
    let product_77 = get(
        &sb,
        "staging",
        "/content/page-widgets?template_file=pages/product&entity_id=77",
    )
    .await;
    let carousel = &product_77["data"]["regions"][0]["children"][0];
    assert_eq!(
        carousel["storefront_api_query_params"]["slideIds"],
        json!([80, 93, 104])
    );
    assert_eq!(carousel["configuration"]["slides"][1]["product"], json!(93));
    let staging = templates(&sb, "staging").await;
    assert_eq!(
        carousel["widget_template_uuid"],
        staging["Product Carousel"].as_str()
    );
}

#[tokio::test]
async fn staging_documents_publish_back_unchanged() {
    let sb = demo();
    for query in DOCUMENTS {
        let path = format!("/content/page-widgets?{query}");
        let before = get(&sb, "staging", &path).await;
        assert!(
            !before["data"]["regions"]
                .as_array()
                .expect("regions")
                .is_empty(),
            "{query} is seeded"
        );
        let mut body = json!({"channel_id": 1, "regions": before["data"]["regions"]});
        for pair in query.split('&') {
            if let Some((key, value)) = pair.split_once('=')
                && key != "channel_id"
            {
                body[key] = json!(value);
            }
        }
        let url = common::url(&sb, "staging", "/content/page-widgets");
        let (status, error) = send(common::http().post(url).json(&body), "staging").await;
        assert_eq!(status, 204, "{query}: {error}");
        assert_eq!(get(&sb, "staging", &path).await, before, "{query}");
    }
}

#[tokio::test]
async fn staging_pages_are_nested_and_two_leak_the_staging_cdn() {
    let sb = demo();
    let staging = sb.sandbox().store_state("staging").expect("staging store");
    assert_eq!(staging.pages.len(), 17);
    let ids: Vec<u64> = staging.pages.keys().map(|id| id.get()).collect();
    assert_eq!(ids, (1..=17).collect::<Vec<u64>>());
    let leaking: Vec<&str> = staging
        .pages
        .values()
        .filter(|p| {
            p.body_text()
                .is_some_and(|b| b.contains("https://cdn11.bigcommerce.com/s-staging/images/"))
        })
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(leaking, ["About Us", "Lookbook"]);
}

#[tokio::test]
async fn production_has_the_same_templates_by_name_except_product_carousel() {
    let sb = demo();
    let staging = templates(&sb, "staging").await;
    let production = templates(&sb, "production").await;
    let missing: Vec<&String> = staging
        .keys()
        .filter(|n| !production.contains_key(*n))
        .collect();
    assert_eq!(missing, ["Product Carousel"]);
    for (name, uuid) in &production {
        assert_ne!(
            &staging[name], uuid,
            "{name} has its own uuid in production"
        );
    }
}

#[tokio::test]
async fn production_has_the_same_skus_under_other_ids() {
    let sb = demo();
    for (sku, staging_id, production_id) in [
        ("FLCT-BEI", 77, 1077),
        ("OTL-LG", 80, 1080),
        ("LPJ-1L", 93, 1093),
        ("CC3C", 104, 1104),
    ] {
        assert_eq!(product_ids_by_sku(&sb, "staging", sku).await, [staging_id]);
        assert_eq!(
            product_ids_by_sku(&sb, "production", sku).await,
            [production_id]
        );
    }
    let staging = get(&sb, "staging", "/catalog/products/80").await;
    let production = get(&sb, "production", "/catalog/products/1080").await;
    assert_eq!(staging["data"]["name"], "Orbit Terrarium - Large");
    assert_eq!(production["data"]["name"], "Orbit Terrarium (Large)");
    let total = |body: &Value| body["meta"]["pagination"]["total"].clone();
    assert_eq!(total(&get(&sb, "staging", "/catalog/products").await), 8);
    assert_eq!(total(&get(&sb, "production", "/catalog/products").await), 8);
    let kitchen = |body: Value| body["data"][0]["id"].clone();
    assert_eq!(
        kitchen(get(&sb, "staging", "/catalog/categories?name=Kitchen").await),
        18
    );
    assert_eq!(
        kitchen(get(&sb, "production", "/catalog/categories?name=Kitchen").await),
        23
    );
    assert_eq!(
        kitchen(get(&sb, "staging", "/catalog/brands?name=Chemex").await),
        38
    );
    assert_eq!(
        kitchen(get(&sb, "production", "/catalog/brands?name=Chemex").await),
        48
    );
}

#[tokio::test]
async fn production_has_no_content_and_a_third_store_is_empty() {
    let sb = demo();
    for query in DOCUMENTS {
        let body = get(&sb, "production", &format!("/content/page-widgets?{query}")).await;
        assert_eq!(body["data"]["regions"], json!([]), "{query}");
    }
    let production = sb.sandbox().store_state("production").expect("production");
    assert!(production.pages.is_empty());
    assert_eq!(production.next_ids.page, 500);
    let other = get(&sb, "other", "/content/widget-templates").await;
    assert_eq!(other["data"], json!([]));
    let other = get(&sb, "other", "/catalog/products").await;
    assert_eq!(other["data"], json!([]));
}

fn numbers(body: &Value, field: &str) -> Vec<u64> {
    body["data"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|item| item[field].as_u64().expect("a number"))
        .collect()
}

#[tokio::test]
async fn both_stores_have_a_wholesale_channel_with_its_own_tree_of_the_same_categories() {
    let sb = demo();
    for (store, channel_1_ids, wholesale_ids) in [
        ("staging", [18, 19, 20, 21, 22], [58, 59, 60, 61, 62]),
        ("production", [23, 24, 25, 26, 27], [63, 64, 65, 66, 67]),
    ] {
        let channel = get(&sb, store, "/channels/2").await;
        assert_eq!(channel["data"]["name"], "wholesale");
        assert_eq!(channel["data"]["status"], "active");
        assert_eq!(channel["data"]["type"], "storefront");
        let trees = get(&sb, store, "/catalog/trees").await;
        assert_eq!(
            trees["data"],
            json!([{"id": 1, "name": "Default Storefront", "channels": [1]},
                   {"id": 2, "name": "Wholesale", "channels": [2]}])
        );
        let tree_1 = get(&sb, store, "/catalog/trees/categories?tree_id:in=1").await;
        let tree_2 = get(&sb, store, "/catalog/trees/categories?tree_id:in=2").await;
        assert_eq!(numbers(&tree_1, "category_id"), channel_1_ids);
        assert_eq!(numbers(&tree_2, "category_id"), wholesale_ids);
        let shape = |body: &Value| -> Vec<(String, String)> {
            body["data"]
                .as_array()
                .expect("a list")
                .iter()
                .map(|c| {
                    (
                        c["name"].as_str().unwrap().to_owned(),
                        c["url"]["path"].as_str().unwrap().to_owned(),
                    )
                })
                .collect()
        };
        assert_eq!(shape(&tree_1), shape(&tree_2), "same names and url paths");
        assert_eq!(
            tree_2["data"][3]["parent_id"], wholesale_ids[0],
            "parents stay inside the tree"
        );
        let classic = get(&sb, store, "/catalog/categories").await;
        assert_eq!(
            numbers(&classic, "id"),
            channel_1_ids,
            "the classic view is channel 1's tree"
        );
    }
}

#[tokio::test]
async fn every_product_sells_in_channel_1_and_all_but_the_jar_in_wholesale() {
    let sb = demo();
    for (store, jar) in [("staging", 93), ("production", 1093)] {
        let products = numbers(&get(&sb, store, "/catalog/products").await, "id");
        let in_channel = |channel: u64| {
            let sb = &sb;
            async move {
                let path = format!("/catalog/products/channel-assignments?channel_id:in={channel}");
                numbers(&get(sb, store, &path).await, "product_id")
            }
        };
        assert_eq!(in_channel(1).await, products);
        let wholesale = in_channel(2).await;
        let expected: Vec<u64> = products.iter().copied().filter(|id| *id != jar).collect();
        assert_eq!(wholesale, expected);
        assert_eq!(wholesale.len(), 7);
    }
}
