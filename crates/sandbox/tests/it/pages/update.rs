//! PUT: single partial updates, type changes, cycles, bulk updates with missing ids and invalid entries.

use super::*;

#[tokio::test]
async fn a_single_update_is_partial_and_answers_the_page() {
    let sb = common::two_stores();
    let api = StoreApi::staging(&sb);
    let id = create(
        &api,
        json!({"name": "About", "type": "page", "meta_title": "T"}),
    )
    .await;
    let answer = api
        .put(
            &format!("{PAGES}/{id}"),
            &json!({"sort_order": 4, "meta_keywords": null}),
        )
        .await;
    assert_eq!(answer.status, 200);
    let data = &answer.body["data"];
    assert_eq!(
        (data["sort_order"].clone(), data["meta_title"].clone()),
        (json!(4), json!("T"))
    );
    assert_eq!(data["meta_keywords"], Value::Null);
    assert_eq!(
        api.put(&format!("{PAGES}/999"), &json!({"sort_order": 1}))
            .await
            .status,
        404
    );
    assert_eq!(
        api.put(&format!("{PAGES}/bar"), &json!({})).await.status,
        422
    );
    let array = api
        .put(&format!("{PAGES}/{id}"), &json!([{"sort_order": 1}]))
        .await;
    assert!(detail_of_422(&array).contains("single page object"));
}

#[tokio::test]
async fn switching_to_raw_without_a_body_is_422() {
    let sb = common::two_stores();
    let api = StoreApi::staging(&sb);
    let id = create(&api, page("Plain")).await;
    let answer = api
        .put(&format!("{PAGES}/{id}"), &json!({"type": "raw"}))
        .await;
    assert_eq!(detail_of_422(&answer), "missing the required field: body");
    let with_body = api
        .put(
            &format!("{PAGES}/{id}?include=body"),
            &json!({"type": "raw", "body": "<x/>"}),
        )
        .await;
    assert_eq!(with_body.body["data"]["type"], "raw");
    assert_eq!(with_body.body["data"]["body"], "<x/>");
    assert!(
        with_body.body["data"].get("meta_title").is_none(),
        "raw has no meta fields"
    );
}

#[tokio::test]
async fn a_type_change_reshapes_the_page() {
    let sb = common::two_stores();
    let api = StoreApi::staging(&sb);
    let id = create(&api, page("Elsewhere")).await;
    let answer = api
        .put(
            &format!("{PAGES}/{id}"),
            &json!({"type": "link", "link": "https://example.com"}),
        )
        .await;
    let data = &answer.body["data"];
    assert_eq!(data["type"], "link");
    assert!(data.get("url").is_none() && data.get("search_keywords").is_none());
    let blog = api
        .put(&format!("{PAGES}/{id}"), &json!({"type": "blog"}))
        .await;
    assert!(detail_of_422(&blog).contains("blog"));
}

#[tokio::test]
async fn an_update_cannot_make_a_parent_cycle() {
    let sb = common::two_stores();
    let api = StoreApi::staging(&sb);
    let parent = create(&api, page("Parent")).await;
    let child = create(
        &api,
        json!({"name": "Child", "type": "page", "parent_id": parent}),
    )
    .await;
    let answer = api
        .put(&format!("{PAGES}/{parent}"), &json!({"parent_id": child}))
        .await;
    assert!(detail_of_422(&answer).contains("ancestor"));
}

#[tokio::test]
async fn a_bulk_update_answers_an_array_even_for_one_object() {
    let sb = common::two_stores();
    let api = StoreApi::staging(&sb);
    let a = create(&api, page("A")).await;
    let b = create(&api, page("B")).await;
    let many = api
        .put(
            PAGES,
            &json!([{"id": a, "sort_order": 1}, {"id": b, "name": "B2"}]),
        )
        .await;
    assert_eq!(many.status, 200);
    assert_eq!(names(&many), vec!["A", "B2"]);
    let one = api.put(PAGES, &json!({"id": a, "is_visible": false})).await;
    assert_eq!(one.status, 200);
    assert_eq!(one.body["data"][0]["is_visible"], false);
}

#[tokio::test]
async fn a_bulk_update_applies_existing_ids_then_answers_404() {
    let sb = common::two_stores();
    let api = StoreApi::staging(&sb);
    let a = create(&api, page("A")).await;
    let answer = api
        .put(
            PAGES,
            &json!([{"id": 999, "sort_order": 5}, {"id": a, "sort_order": 5}]),
        )
        .await;
    assert_eq!(answer.status, 404);
    assert_eq!(
        answer.body["title"],
        "A Page was not found with an ID of 999"
    );
    assert_eq!(
        api.get(&format!("{PAGES}/{a}")).await.body["data"]["sort_order"],
        5
    );
}

#[tokio::test]
async fn a_bulk_update_applies_valid_entries_then_answers_422() {
    let sb = common::two_stores();
    let api = StoreApi::staging(&sb);
    let a = create(&api, page("A")).await;
    let b = create(&api, page("B")).await;
    let answer = api
        .put(
            PAGES,
            &json!([{"id": a, "type": "raw"}, {"sort_order": 3}, {"id": b, "sort_order": 9}]),
        )
        .await;
    assert_eq!(
        detail_of_422(&answer),
        "pages[0]: missing the required field: body; pages[1]: missing the required field: id"
    );
    assert_eq!(
        api.get(&format!("{PAGES}/{b}")).await.body["data"]["sort_order"],
        9
    );
    assert_eq!(
        api.get(&format!("{PAGES}/{a}")).await.body["data"]["type"],
        "page"
    );
}

#[tokio::test]
async fn a_bulk_update_names_entries_only_for_an_array() {
    let sb = common::two_stores();
    let api = StoreApi::staging(&sb);
    let one = api.put(PAGES, &json!({"sort_order": 3})).await;
    assert_eq!(detail_of_422(&one), "missing the required field: id");
    let many = api.put(PAGES, &json!([{"sort_order": 3}])).await;
    assert_eq!(
        detail_of_422(&many),
        "pages[0]: missing the required field: id"
    );
}

#[tokio::test]
async fn switching_to_feed_follows_the_toggle() {
    let mut config = SandboxConfig::with_stores([("staging", STAGING_TOKEN)]);
    config.accept_feed_pages = false;
    let sb = common::start(config);
    let api = StoreApi::staging(&sb);
    let id = create(&api, page("News")).await;
    let answer = api
        .put(
            &format!("{PAGES}/{id}"),
            &json!({"type": "feed", "feed": "https://example.com/rss"}),
        )
        .await;
    assert!(detail_of_422(&answer).contains("feed"));
}
