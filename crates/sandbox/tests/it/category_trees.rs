//! Category trees, their categories and product channel assignments (Multi-Storefront, [CT] and
//! [PR]), and how the classic `/catalog/categories` stays channel 1's tree.

use crate::common::{self, StoreApi};
use serde_json::{Value, json};

fn ids(body: &Value, field: &str) -> Vec<u64> {
    body["data"]
        .as_array()
        .expect("data is a list")
        .iter()
        .map(|item| item[field].as_u64().expect("numeric id"))
        .collect()
}

#[tokio::test]
async fn every_store_starts_with_channel_1s_tree_and_new_trees_take_one_channel() {
    let sb = common::two_stores();
    let api = StoreApi::staging(&sb);
    let trees = api.get("/catalog/trees").await;
    assert_eq!(trees.status, 200);
    assert_eq!(
        trees.body["data"],
        json!([{"id": 1, "name": "Default Storefront", "channels": [1]}])
    );
    assert_eq!(trees.body["meta"]["pagination"]["total"], 1);

    let channel = api
        .post(
            "/channels",
            &json!({"name": "b2b", "type": "storefront", "platform": "bigcommerce"}),
        )
        .await;
    let channel_id = channel.body["data"]["id"].as_u64().expect("channel id");
    let created = api
        .put(
            "/catalog/trees",
            &json!([{"name": "B2B", "channels": [channel_id]}, {"id": 1, "name": "Main"}]),
        )
        .await;
    assert_eq!(created.status, 200, "{}", created.body);
    assert_eq!(
        created.body["data"][0],
        json!({"id": 2, "name": "B2B", "channels": [channel_id]})
    );
    assert_eq!(created.body["data"][1]["name"], "Main");
    assert_eq!(
        created.body["meta"],
        json!({"total": 2, "success": 2, "failed": 0})
    );

    let by_channel = api
        .get(&format!("/catalog/trees?channel_id:in={channel_id}"))
        .await;
    assert_eq!(ids(&by_channel.body, "id"), [2]);
    assert_eq!(
        ids(&api.get("/catalog/trees?id:in=1,7").await.body, "id"),
        [1]
    );
    assert_eq!(
        ids(&api.get("/catalog/trees?channel_id:in=9").await.body, "id"),
        Vec::<u64>::new()
    );
}

#[tokio::test]
async fn a_refused_tree_batch_writes_nothing_and_names_each_item() {
    let sb = common::two_stores();
    let api = StoreApi::staging(&sb);
    let refused = api
        .put(
            "/catalog/trees",
            &json!([
                {"id": 1, "name": "Renamed"},
                {"name": "Second for channel 1", "channels": [1]},
                {"name": "Nowhere", "channels": [42]},
                {"name": "Two", "channels": [1, 2]},
                {"id": 1, "channels": [1]},
                {"channels": [1]},
                {"id": 9, "name": "Missing"}
            ]),
        )
        .await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    let errors = refused.body["errors"].as_object().expect("errors by item");
    let keys: Vec<&str> = errors.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "1.channels",
            "2.channels",
            "3.channels",
            "4.channels",
            "5.name",
            "6.id"
        ]
    );
    assert!(
        errors["1.channels"]
            .as_str()
            .is_some_and(|m| m.contains("already has the category tree 1"))
    );
    let trees = api.get("/catalog/trees").await;
    assert_eq!(
        trees.body["data"][0]["name"], "Default Storefront",
        "nothing written"
    );
    let too_many: Vec<Value> = (0..51)
        .map(|i| json!({"id": 1, "name": format!("n{i}")}))
        .collect();
    assert_eq!(
        api.put("/catalog/trees", &json!(too_many)).await.status,
        413
    );
    assert_eq!(
        api.put("/catalog/trees", &json!({"name": "x"}))
            .await
            .status,
        422
    );
}

#[tokio::test]
async fn tree_categories_are_created_in_bulk_and_filtered() {
    let sb = common::two_stores();
    let api = StoreApi::staging(&sb);
    let channel = api
        .post(
            "/channels",
            &json!({"name": "b2b", "type": "storefront", "platform": "bigcommerce"}),
        )
        .await;
    let channel_id = channel.body["data"]["id"].as_u64().expect("channel id");
    api.put(
        "/catalog/trees",
        &json!([{"name": "B2B", "channels": [channel_id]}]),
    )
    .await;

    let top = api
        .post(
            "/catalog/trees/categories",
            &json!([{"name": "Kitchen", "tree_id": 1}, {"name": "Kitchen", "tree_id": 2, "is_visible": false}]),
        )
        .await;
    assert_eq!(top.status, 201, "{}", top.body);
    assert_eq!(
        top.body["meta"],
        json!({"total": 2, "success": 2, "failed": 0})
    );
    let kitchen = &top.body["data"][0];
    assert_eq!(kitchen["tree_id"], 1);
    assert_eq!(kitchen["parent_id"], 0);
    assert_eq!(
        kitchen["url"],
        json!({"path": "/kitchen/", "is_customized": false})
    );
    assert!(
        kitchen["category_uuid"]
            .as_str()
            .is_some_and(|u| u.len() == 36)
    );
    let (k1, k2) = (
        kitchen["category_id"].as_u64().unwrap(),
        top.body["data"][1]["category_id"].as_u64().unwrap(),
    );
    assert_ne!(k1, k2);

    let child = api
        .post(
            "/catalog/trees/categories",
            &json!([{"name": "Coffee & Tea", "parent_id": k2}, {"name": "Custom", "tree_id": 2, "url": {"path": "/own/", "is_customized": true}}]),
        )
        .await;
    assert_eq!(child.status, 201, "{}", child.body);
    assert_eq!(
        child.body["data"][0]["tree_id"], 2,
        "a child takes its parent's tree"
    );
    assert_eq!(child.body["data"][0]["url"]["path"], "/kitchen/coffee-tea/");
    assert_eq!(
        child.body["data"][1]["url"],
        json!({"path": "/own/", "is_customized": true})
    );

    let tree_2 = api.get("/catalog/trees/categories?tree_id:in=2").await;
    assert_eq!(tree_2.body["meta"]["pagination"]["total"], 3);
    let by_parent = api
        .get(&format!("/catalog/trees/categories?parent_id:in={k2}"))
        .await;
    assert_eq!(by_parent.body["data"][0]["name"], "Coffee & Tea");
    let by_id = api
        .get(&format!(
            "/catalog/trees/categories?category_id:in={k1},{k2}&tree_id:in=1"
        ))
        .await;
    assert_eq!(ids(&by_id.body, "category_id"), [k1]);
    let hidden = api.get("/catalog/trees/categories?is_visible=false").await;
    assert_eq!(ids(&hidden.body, "category_id"), [k2]);
    let named = api.get("/catalog/trees/categories?name=kitchen").await;
    assert_eq!(ids(&named.body, "category_id"), [k1, k2]);
    let like = api.get("/catalog/trees/categories?name:like=TEA").await;
    assert_eq!(like.body["data"][0]["name"], "Coffee & Tea");
    let paged = api.get("/catalog/trees/categories?limit=2&page=2").await;
    assert_eq!(paged.body["meta"]["pagination"]["total_pages"], 2);
    assert_eq!(paged.body["data"].as_array().map(Vec::len), Some(2));
    assert_eq!(
        api.get("/catalog/trees/categories?is_visible=maybe")
            .await
            .status,
        422
    );
}

#[tokio::test]
async fn a_refused_category_batch_writes_nothing() {
    let sb = common::two_stores();
    let api = StoreApi::staging(&sb);
    api.post(
        "/catalog/trees/categories",
        &json!([{"name": "Kitchen", "tree_id": 1}]),
    )
    .await;
    let refused = api
        .post(
            "/catalog/trees/categories",
            &json!([
                {"name": "Bath", "tree_id": 1},
                {"name": "kitchen", "tree_id": 1},
                {"name": "No tree"},
                {"tree_id": 1},
                {"name": "Lost", "tree_id": 8},
                {"name": "Orphan", "parent_id": 999},
                {"name": "x".repeat(51), "tree_id": 1}
            ]),
        )
        .await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert_eq!(
        refused.body["meta"],
        json!({"total": 7, "success": 0, "failed": 7})
    );
    let errors = refused.body["errors"]["errors"]
        .as_object()
        .expect("errors by item");
    let keys: Vec<&str> = errors.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "1.name",
            "2.tree_id",
            "3.name",
            "4.tree_id",
            "5.parent_id",
            "6.name"
        ]
    );
    assert_eq!(refused.body["errors"]["status"], 422);
    let all = api.get("/catalog/trees/categories").await;
    assert_eq!(
        all.body["meta"]["pagination"]["total"], 1,
        "`Bath` was not kept"
    );
    let state = sb.sandbox().store_state("staging").expect("store");
    let next = api
        .post(
            "/catalog/trees/categories",
            &json!([{"name": "Bath", "tree_id": 1}]),
        )
        .await;
    assert_eq!(
        next.body["data"][0]["category_id"], state.next_ids.category,
        "no id was used up"
    );
}

#[tokio::test]
async fn the_classic_categories_are_channel_1s_tree() {
    let sb = common::two_stores();
    let api = StoreApi::staging(&sb);
    let channel = api
        .post(
            "/channels",
            &json!({"name": "b2b", "type": "storefront", "platform": "bigcommerce"}),
        )
        .await;
    let channel_id = channel.body["data"]["id"].as_u64().expect("channel id");
    api.put(
        "/catalog/trees",
        &json!([{"name": "B2B", "channels": [channel_id]}]),
    )
    .await;
    let classic = api
        .post(
            "/catalog/categories",
            &json!({"parent_id": 0, "name": "Garden"}),
        )
        .await;
    assert_eq!(classic.status, 200, "{}", classic.body);
    let garden = classic.body["data"]["id"].as_u64().expect("id");
    let in_tree = api.get("/catalog/trees/categories?tree_id:in=1").await;
    assert_eq!(ids(&in_tree.body, "category_id"), [garden]);
    assert_eq!(in_tree.body["data"][0]["url"]["path"], "/garden/");

    let other = api
        .post(
            "/catalog/trees/categories",
            &json!([{"name": "Wholesale only", "tree_id": 2}]),
        )
        .await;
    let other_id = other.body["data"][0]["category_id"].as_u64().expect("id");
    let listed = api.get("/catalog/categories").await;
    assert_eq!(
        ids(&listed.body, "id"),
        [garden],
        "another tree's categories stay out of the classic view"
    );
    let under_other = api
        .post(
            "/catalog/categories",
            &json!({"parent_id": other_id, "name": "Sub"}),
        )
        .await;
    assert_eq!(under_other.status, 422, "{}", under_other.body);
    assert!(
        under_other.body["errors"]["parent_id"]
            .as_str()
            .is_some_and(|m| m.contains("another tree"))
    );
    let dup = api
        .post(
            "/catalog/trees/categories",
            &json!([{"name": "GARDEN", "tree_id": 1}]),
        )
        .await;
    assert_eq!(
        dup.status, 422,
        "a sibling of the classic category has its name"
    );
    let same_name_elsewhere = api
        .post(
            "/catalog/trees/categories",
            &json!([{"name": "Garden", "tree_id": 2}]),
        )
        .await;
    assert_eq!(
        same_name_elsewhere.status, 201,
        "another tree may reuse the name"
    );
}

#[tokio::test]
async fn products_are_assigned_to_channels() {
    let sb = common::two_stores();
    let api = StoreApi::staging(&sb);
    let product = api
        .post(
            "/catalog/products",
            &json!({"name": "Jar", "type": "physical", "weight": 1, "price": 2}),
        )
        .await;
    let product_id = product.body["data"]["id"].as_u64().expect("id");
    let assigned = api.get("/catalog/products/channel-assignments").await;
    assert_eq!(
        assigned.body["data"],
        json!([{"product_id": product_id, "channel_id": 1}])
    );

    let channel = api
        .post(
            "/channels",
            &json!({"name": "b2b", "type": "storefront", "platform": "bigcommerce"}),
        )
        .await;
    let channel_id = channel.body["data"]["id"].as_u64().expect("channel id");
    let put = api
        .put(
            "/catalog/products/channel-assignments",
            &json!([{"product_id": product_id, "channel_id": channel_id}, {"product_id": product_id, "channel_id": 1}]),
        )
        .await;
    assert_eq!(put.status, 204, "{}", put.body);
    let by_channel = api
        .get(&format!("/catalog/products/channel-assignments?channel_id:in={channel_id}&product_id:in={product_id},5"))
        .await;
    assert_eq!(
        by_channel.body["data"],
        json!([{"product_id": product_id, "channel_id": channel_id}])
    );
    assert_eq!(by_channel.body["meta"]["pagination"]["total"], 1);

    let refused = api
        .put(
            "/catalog/products/channel-assignments",
            &json!([{"product_id": 4242, "channel_id": 1}, {"product_id": product_id, "channel_id": 77}, {"channel_id": 1}]),
        )
        .await;
    assert_eq!(refused.status, 422);
    let keys: Vec<&String> = refused.body["errors"]
        .as_object()
        .expect("errors")
        .keys()
        .collect();
    assert_eq!(keys, ["0.product_id", "1.channel_id", "2.product_id"]);

    assert_eq!(
        api.delete("/catalog/products/channel-assignments")
            .await
            .status,
        422
    );
    let deleted = api
        .delete(&format!(
            "/catalog/products/channel-assignments?channel_id:in={channel_id}"
        ))
        .await;
    assert_eq!(deleted.status, 204);
    let left = api.get("/catalog/products/channel-assignments").await;
    assert_eq!(
        left.body["data"],
        json!([{"product_id": product_id, "channel_id": 1}])
    );
}
