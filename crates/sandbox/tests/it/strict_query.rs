//! No parameter is silently dropped: on every route, a query parameter the sandbox does not
//! implement is a 400 naming it (and the request log shows it), while the parameters it does
//! implement work.

use crate::common::{self, StoreApi};
use serde_json::json;

/// `(method, path, a known query that works, the status it answers)` for every route.
const ROUTES: &[(&str, &str, &str, u16)] = &[
    (
        "GET",
        "/content/pages",
        "channel_id=1&name:like=a&include=body",
        200,
    ),
    (
        "GET",
        "/content/page-widgets",
        "channel_id=1&template_file=pages/home",
        200,
    ),
    (
        "GET",
        "/content/widget-templates",
        "channel_id:in=1&widget_template_kind=custom",
        200,
    ),
    ("GET", "/channels", "type:in=storefront&available=true", 200),
    ("GET", "/channels/1", "", 200),
    ("GET", "/channels/1/site", "", 200),
    ("GET", "/catalog/products", "sku:in=A,B&id:in=1", 200),
    (
        "GET",
        "/catalog/categories",
        "parent_id:in=0&name=Kitchen",
        200,
    ),
    ("GET", "/catalog/brands", "name:like=a", 200),
    ("GET", "/catalog/trees", "channel_id:in=1&id:in=1", 200),
    (
        "GET",
        "/catalog/trees/categories",
        "tree_id:in=1&category_id:in=5&parent_id:in=0&is_visible=true",
        200,
    ),
    (
        "GET",
        "/catalog/products/channel-assignments",
        "product_id:in=1&channel_id:in=1",
        200,
    ),
    (
        "DELETE",
        "/catalog/products/channel-assignments",
        "product_id:in=999",
        204,
    ),
    (
        "DELETE",
        "/content/pages",
        "id:in=999&delete_children=true",
        404,
    ),
];

#[tokio::test]
async fn an_unimplemented_parameter_is_a_400_naming_it_on_every_route() {
    let sb = common::two_stores();
    let api = StoreApi::staging(&sb);
    for (method, path, known, status) in ROUTES {
        let separator = if known.is_empty() { "" } else { "&" };
        let url = common::url(
            &sb,
            "staging",
            &format!("{path}?{known}{separator}bogus:min=3"),
        );
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let refused = api.send(common::http().request(method.clone(), url)).await;
        assert_eq!(refused.status, 400, "{method} {path}: {}", refused.body);
        assert_eq!(
            refused.body["title"], "Query parameter \"bogus:min\" is not supported by the sandbox",
            "{method} {path}"
        );
        assert_eq!(refused.body["status"], 400);
        let logged = sb.sandbox().requests();
        let last = logged.last().expect("logged");
        assert_eq!(
            (last.path.as_str(), last.status),
            (format!("/stores/staging/v3{path}").as_str(), 400)
        );
        assert!(last.query.contains("bogus:min=3"), "{last:?}");

        let url = common::url(&sb, "staging", &format!("{path}?{known}"));
        let accepted = api.send(common::http().request(method.clone(), url)).await;
        assert_eq!(
            accepted.status, *status,
            "{method} {path}?{known}: {}",
            accepted.body
        );
    }
}

#[tokio::test]
async fn writes_refuse_query_parameters_they_do_not_take() {
    let sb = common::two_stores();
    let api = StoreApi::staging(&sb);
    for (path, body) in [
        (
            "/catalog/products?force=true",
            json!({"name": "A", "type": "physical", "weight": 1, "price": 1}),
        ),
        (
            "/catalog/trees/categories?force=true",
            json!([{"name": "A", "tree_id": 1}]),
        ),
        (
            "/channels?force=true",
            json!({"name": "b2b", "type": "storefront", "platform": "bigcommerce"}),
        ),
        (
            "/content/pages?force=true",
            json!({"name": "A", "type": "page"}),
        ),
    ] {
        let answer = api.post(path, &body).await;
        assert_eq!(answer.status, 400, "{path}: {}", answer.body);
        assert!(
            answer.body["title"]
                .as_str()
                .is_some_and(|t| t.contains("\"force\""))
        );
    }
    assert_eq!(
        api.put("/catalog/trees?force=1", &json!([])).await.status,
        400
    );
    assert_eq!(api.put("/channels/1?force=1", &json!({})).await.status, 400);
    let state = sb.sandbox().store_state("staging").expect("store");
    assert!(state.products.is_empty() && state.pages.is_empty() && state.categories.is_empty());
    assert_eq!(state.channels.len(), 1);
}

#[tokio::test]
async fn several_unknown_parameters_are_all_named() {
    let sb = common::two_stores();
    let answer = StoreApi::staging(&sb)
        .get("/catalog/products?sort=id&direction=desc&sku=A")
        .await;
    assert_eq!(answer.status, 400);
    assert_eq!(
        answer.body["title"],
        "Query parameters \"sort\", \"direction\" are not supported by the sandbox"
    );
    assert!(
        answer.body["detail"]
            .as_str()
            .is_some_and(|d| d.contains("implemented: id, id:in, sku, sku:in, name, limit, page")),
        "{}",
        answer.body
    );
}

#[tokio::test]
async fn an_endpoint_the_sandbox_does_not_serve_is_named_in_its_4xx() {
    let sb = common::two_stores();
    let api = StoreApi::staging(&sb);
    // A path no route serves: 404 naming the method and path.
    let url = common::url(&sb, "staging", "/catalog/trees/7/categories");
    let answer = api.send(common::http().get(url)).await;
    assert_eq!(answer.status, 404, "{}", answer.body);
    assert_eq!(
        answer.body["detail"],
        "the sandbox serves no `GET /stores/staging/v3/catalog/trees/7/categories`: BigCommerce \
         has no such endpoint, or the sandbox does not implement it"
    );
    // A served path with a method it does not take: 405 naming both.
    let url = common::url(&sb, "staging", "/catalog/trees/categories");
    let answer = api
        .send(common::http().request(reqwest::Method::PATCH, url))
        .await;
    assert_eq!(answer.status, 405, "{}", answer.body);
    assert!(
        answer.body["detail"]
            .as_str()
            .is_some_and(|d| d
                .contains("`/stores/staging/v3/catalog/trees/categories` but not with `PATCH`")),
        "{}",
        answer.body
    );
}
