//! Catalog (CONTRACT §9): products (filters, pagination capped at 250, 409 duplicates),
//! classic categories and brands.

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

async fn post(sb: &RunningSandbox, path: &str, body: Value) -> (u16, Value) {
    send(
        common::http()
            .post(common::url(sb, "staging", path))
            .json(&body),
    )
    .await
}

async fn product(sb: &RunningSandbox, name: &str, sku: &str) -> u64 {
    let body = json!({"name": name, "type": "physical", "weight": 1, "price": 9.5, "sku": sku});
    let (status, created) = post(sb, "/catalog/products", body).await;
    assert_eq!(status, 200, "{created}");
    created["data"]["id"].as_u64().expect("product id")
}

fn ids(body: &Value) -> Vec<u64> {
    body["data"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|item| item["id"].as_u64().expect("an id"))
        .collect()
}

#[tokio::test]
async fn product_create_answers_200_and_get_returns_it() {
    let sb = common::two_stores();
    let (status, body) = post(
        &sb,
        "/catalog/products",
        json!({"name": "Orbit Terrarium - Large", "type": "physical", "weight": 2.5, "price": 109, "sku": "OTL-LG"}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["meta"], json!({}));
    let data = &body["data"];
    assert_eq!(data["sku"], "OTL-LG");
    assert_eq!(data["price"], 109, "an integer price stays an integer");
    assert_eq!(data["weight"], 2.5);
    assert_eq!(data["custom_url"]["url"], "/orbit-terrarium-large/");
    assert!(data["date_created"].as_str().unwrap().ends_with("+00:00"));
    let id = data["id"].as_u64().unwrap();
    let (status, fetched) = get(&sb, &format!("/catalog/products/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(&fetched["data"], data);
}

#[tokio::test]
async fn an_unknown_product_is_404_with_instance() {
    let sb = common::two_stores();
    let (status, body) = get(&sb, "/catalog/products/999").await;
    assert_eq!(status, 404);
    assert_eq!(body["status"], 404);
    assert!(body["title"].is_string() && body["type"].is_string() && body["instance"].is_string());
}

#[tokio::test]
async fn products_filter_by_id_in_sku_and_name() {
    let sb = common::two_stores();
    let a = product(&sb, "Towel", "FLCT-BEI").await;
    let b = product(&sb, "Jar", "LPJ-1L").await;
    let c = product(&sb, "Caddy", "UC-01").await;
    let (_, listed) = get(&sb, &format!("/catalog/products?id:in={a},{c},12345")).await;
    assert_eq!(ids(&listed), [a, c]);
    let (_, by_sku) = get(&sb, "/catalog/products?sku=LPJ-1L").await;
    assert_eq!(ids(&by_sku), [b]);
    let (_, by_skus) = get(&sb, "/catalog/products?sku:in=UC-01,FLCT-BEI").await;
    assert_eq!(ids(&by_skus), [a, c]);
    let (_, by_id) = get(&sb, &format!("/catalog/products?id={b}")).await;
    assert_eq!(ids(&by_id), [b]);
    let (_, by_name) = get(&sb, "/catalog/products?name=Caddy").await;
    assert_eq!(ids(&by_name), [c]);
    let (_, none) = get(&sb, "/catalog/products?sku=NOPE").await;
    assert_eq!(none["data"], json!([]));
    let (status, _) = get(&sb, "/catalog/products?id:in=1,x").await;
    assert_eq!(status, 422);
}

#[tokio::test]
async fn product_pages_default_to_50_and_cap_at_250() {
    let sb = common::two_stores();
    for index in 0..260 {
        product(&sb, &format!("Product {index}"), &format!("SKU-{index}")).await;
    }
    let (_, first) = get(&sb, "/catalog/products").await;
    assert_eq!(first["meta"]["pagination"]["per_page"], 50);
    assert_eq!(first["meta"]["pagination"]["total_pages"], 6);
    let (_, capped) = get(&sb, "/catalog/products?limit=500").await;
    let pagination = &capped["meta"]["pagination"];
    assert_eq!(pagination["per_page"], 250);
    assert_eq!(pagination["count"], 250);
    assert_eq!(pagination["total"], 260);
    assert_eq!(pagination["total_pages"], 2);
    let (_, second) = get(&sb, "/catalog/products?limit=500&page=2").await;
    assert_eq!(second["meta"]["pagination"]["count"], 10);
    assert_eq!(second["meta"]["pagination"]["current_page"], 2);
}

#[tokio::test]
async fn a_duplicate_sku_or_name_is_409() {
    let sb = common::two_stores();
    product(&sb, "Towel", "FLCT-BEI").await;
    let (status, body) = post(
        &sb,
        "/catalog/products",
        json!({"name": "Another Towel", "type": "physical", "weight": 1, "price": 1, "sku": "FLCT-BEI"}),
    )
    .await;
    assert_eq!(status, 409);
    assert_eq!(body["title"], "The product sku is a duplicate");
    assert_eq!(
        body["errors"],
        json!({"sku": "The product sku is a duplicate"})
    );
    let (status, body) = post(
        &sb,
        "/catalog/products",
        json!({"name": "Towel", "type": "physical", "weight": 1, "price": 1}),
    )
    .await;
    assert_eq!(status, 409);
    assert!(body["errors"]["name"].is_string());
}

#[tokio::test]
async fn a_product_without_required_fields_is_422() {
    let sb = common::two_stores();
    let (status, body) = post(
        &sb,
        "/catalog/products",
        json!({"name": "X", "type": "liquid"}),
    )
    .await;
    assert_eq!(status, 422);
    let errors = body["errors"].as_object().unwrap();
    let fields: Vec<&str> = errors.keys().map(String::as_str).collect();
    assert_eq!(fields, ["type", "weight", "price"]);
}

#[tokio::test]
async fn a_product_in_an_unknown_category_or_brand_is_409() {
    let sb = common::two_stores();
    let body = json!({"name": "X", "type": "digital", "weight": 0, "price": 0, "categories": [42]});
    let (status, error) = post(&sb, "/catalog/products", body).await;
    assert_eq!(status, 409);
    assert!(error["errors"]["categories"].is_string());
    let body = json!({"name": "X", "type": "digital", "weight": 0, "price": 0, "brand_id": 42});
    assert_eq!(post(&sb, "/catalog/products", body).await.0, 409);
}

#[tokio::test]
async fn categories_nest_and_filter_and_refuse_duplicate_siblings() {
    let sb = common::two_stores();
    let (status, kitchen) = post(
        &sb,
        "/catalog/categories",
        json!({"parent_id": 0, "name": "Kitchen"}),
    )
    .await;
    assert_eq!(status, 200, "{kitchen}");
    let kitchen_id = kitchen["data"]["id"].as_u64().unwrap();
    let (status, coffee) = post(
        &sb,
        "/catalog/categories",
        json!({"parent_id": kitchen_id, "name": "Coffee & Tea"}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(coffee["data"]["custom_url"]["url"], "/kitchen/coffee-tea/");
    let coffee_id = coffee["data"]["id"].as_u64().unwrap();
    // The same name elsewhere in the tree is fine; under the same parent it is a 409.
    assert_eq!(
        post(
            &sb,
            "/catalog/categories",
            json!({"parent_id": 0, "name": "Coffee & Tea"})
        )
        .await
        .0,
        200
    );
    let (status, dup) = post(
        &sb,
        "/catalog/categories",
        json!({"parent_id": kitchen_id, "name": "coffee & tea"}),
    )
    .await;
    assert_eq!(status, 409);
    assert!(dup["errors"]["name"].is_string());

    let (_, children) = get(&sb, &format!("/catalog/categories?parent_id={kitchen_id}")).await;
    assert_eq!(ids(&children), [coffee_id]);
    let (_, named) = get(&sb, "/catalog/categories?name=Kitchen").await;
    assert_eq!(ids(&named), [kitchen_id]);
    let (_, both) = get(
        &sb,
        &format!("/catalog/categories?id:in={kitchen_id},{coffee_id}"),
    )
    .await;
    assert_eq!(ids(&both), [kitchen_id, coffee_id]);
    let (_, paged) = get(&sb, "/catalog/categories?limit=1&page=3").await;
    assert_eq!(paged["meta"]["pagination"]["total"], 3);
    assert_eq!(paged["meta"]["pagination"]["count"], 1);
}

#[tokio::test]
async fn a_category_needs_a_parent_and_a_short_name() {
    let sb = common::two_stores();
    let (status, body) = post(&sb, "/catalog/categories", json!({"name": "Bath"})).await;
    assert_eq!(status, 422);
    assert_eq!(body["errors"], json!({"parent_id": "error.path.missing"}));
    let long = "x".repeat(51);
    let (status, body) = post(
        &sb,
        "/catalog/categories",
        json!({"parent_id": 0, "name": long}),
    )
    .await;
    assert_eq!(status, 422);
    assert!(body["errors"]["name"].is_string());
    let (status, body) = post(
        &sb,
        "/catalog/categories",
        json!({"parent_id": 77, "name": "Bath"}),
    )
    .await;
    assert_eq!(status, 422);
    assert!(body["errors"]["parent_id"].is_string());
}

#[tokio::test]
async fn brands_list_filter_and_refuse_duplicates() {
    let sb = common::two_stores();
    let (status, ofs) = post(&sb, "/catalog/brands", json!({"name": "Common Good"})).await;
    assert_eq!(status, 200, "{ofs}");
    assert_eq!(ofs["data"]["custom_url"]["url"], "/brands/Common-Good.html");
    let first = ofs["data"]["id"].as_u64().unwrap();
    let (_, chemex) = post(&sb, "/catalog/brands", json!({"name": "Chemex"})).await;
    let second = chemex["data"]["id"].as_u64().unwrap();
    let (status, dup) = post(&sb, "/catalog/brands", json!({"name": "chemex"})).await;
    assert_eq!(status, 409);
    assert!(dup["errors"]["name"].is_string());
    assert_eq!(post(&sb, "/catalog/brands", json!({})).await.0, 422);
    let (_, listed) = get(&sb, "/catalog/brands").await;
    assert_eq!(ids(&listed), [first, second]);
    let (_, named) = get(&sb, "/catalog/brands?name=Chemex").await;
    assert_eq!(ids(&named), [second]);
    let (_, by_ids) = get(&sb, &format!("/catalog/brands?id:in={first}")).await;
    assert_eq!(ids(&by_ids), [first]);
}
