//! GET: pagination, filters, include=body, unsupported and mistyped parameters, one page by id.

use super::*;

async fn five_pages(api: &StoreApi<'_>) -> Vec<u64> {
    let answer = api
        .post(
            PAGES,
            &json!([
                {"name": "Alpha", "type": "page", "body": "<p>shipping info</p>"},
                {"name": "Beta", "type": "raw", "body": "<p>beta</p>"},
                {"name": "Gamma Shipping", "type": "page"},
                {"name": "Delta", "type": "link", "link": "https://example.com"},
                {"name": "Epsilon", "type": "contact_form"}
            ]),
        )
        .await;
    assert_eq!(answer.status, 201, "{}", answer.body);
    ids(&answer)
}

#[tokio::test]
async fn the_list_pages_through_with_meta_and_relative_links() {
    let sb = common::two_stores();
    let api = StoreApi::staging(&sb);
    let all = five_pages(&api).await;
    let mut seen = Vec::new();
    for page_number in 1..=3 {
        let answer = api
            .get(&format!("{PAGES}?limit=2&page={page_number}"))
            .await;
        assert_eq!(answer.status, 200);
        let pagination = &answer.body["meta"]["pagination"];
        assert_eq!(pagination["total"], 5);
        assert_eq!(pagination["per_page"], 2);
        assert_eq!(pagination["current_page"], page_number);
        assert_eq!(pagination["total_pages"], 3);
        assert_eq!(pagination["count"], if page_number == 3 { 1 } else { 2 });
        assert_eq!(
            pagination["links"]["current"],
            format!("?page={page_number}&limit=2")
        );
        assert_eq!(
            pagination["links"].get("previous").is_some(),
            page_number > 1
        );
        assert_eq!(pagination["links"].get("next").is_some(), page_number < 3);
        seen.extend(ids(&answer));
    }
    assert_eq!(seen, all, "every page once, by ascending id");
    let default = api.get(PAGES).await;
    assert_eq!(default.body["meta"]["pagination"]["per_page"], 50);
}

#[tokio::test]
async fn a_limit_above_the_maximum_is_clamped() {
    let mut config = SandboxConfig::with_stores([("staging", STAGING_TOKEN)]);
    config.max_page_size = 2;
    let sb = common::start(config);
    let api = StoreApi::staging(&sb);
    five_pages(&api).await;
    let answer = api.get(&format!("{PAGES}?limit=1000")).await;
    assert_eq!(answer.body["meta"]["pagination"]["per_page"], 2);
    assert_eq!(ids(&answer).len(), 2);
}

#[tokio::test]
async fn filters_select_by_id_name_substring_and_channel() {
    let sb = common::two_stores();
    let api = StoreApi::staging(&sb);
    let all = five_pages(&api).await;
    let by_ids = api
        .get(&format!("{PAGES}?id:in={},{},999", all[0], all[2]))
        .await;
    assert_eq!(ids(&by_ids), vec![all[0], all[2]]);
    assert_eq!(
        api.get(&format!("{PAGES}?id:in=999")).await.body["data"],
        json!([])
    );
    assert_eq!(
        names(&api.get(&format!("{PAGES}?name=beta")).await),
        vec!["Beta"]
    );
    let like = api.get(&format!("{PAGES}?name:like=shipping")).await;
    assert_eq!(
        names(&like),
        vec!["Alpha", "Gamma Shipping"],
        "name or body"
    );
    let channel = second_channel(&api).await;
    create(
        &api,
        json!({"name": "Other", "type": "page", "channel_id": channel}),
    )
    .await;
    let on_two = api.get(&format!("{PAGES}?channel_id={channel}")).await;
    assert_eq!(names(&on_two), vec!["Other"]);
    assert_eq!(
        ids(&api.get(PAGES).await).len(),
        6,
        "no channel_id: every channel"
    );
}

#[tokio::test]
async fn include_body_shows_bodies_in_lists() {
    let sb = common::two_stores();
    let api = StoreApi::staging(&sb);
    five_pages(&api).await;
    let without = api.get(PAGES).await;
    assert!(without.body["data"][0].get("body").is_none());
    let with = api.get(&format!("{PAGES}?include=body")).await;
    assert_eq!(with.body["data"][0]["body"], "<p>shipping info</p>");
    assert!(
        with.body["data"][3].get("body").is_none(),
        "links have no body"
    );
}

#[tokio::test]
async fn unsupported_filters_are_400() {
    let sb = common::two_stores();
    let api = StoreApi::staging(&sb);
    for query in ["sort=name", "id:min=3", "name:in=a"] {
        let answer = api.get(&format!("{PAGES}?{query}")).await;
        assert_eq!(answer.status, 400, "{query}");
        assert_eq!(answer.body["status"], 400);
        assert!(
            answer.body["detail"]
                .as_str()
                .unwrap()
                .contains(query.split('=').next().unwrap())
        );
    }
}

#[tokio::test]
async fn a_supported_filter_with_a_wrong_type_is_an_itemized_422() {
    let sb = common::two_stores();
    let answer = StoreApi::staging(&sb)
        .get(&format!("{PAGES}?channel_id=one&limit=x&include=meta"))
        .await;
    assert_eq!(answer.status, 422);
    assert_eq!(answer.body["title"], "Invalid Input.");
    let errors = answer.body["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 3, "{errors:?}");
    assert!(errors[0].as_str().unwrap().contains("channel_id"));
}

#[tokio::test]
async fn a_page_by_id_is_an_object_that_honours_the_filters() {
    let sb = common::two_stores();
    let api = StoreApi::staging(&sb);
    let id = create(
        &api,
        json!({"name": "About", "type": "page", "body": "<p>us</p>"}),
    )
    .await;
    let answer = api.get(&format!("{PAGES}/{id}")).await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.body["data"]["name"], "About");
    assert!(answer.body["data"].get("body").is_none());
    assert_eq!(answer.body["meta"], json!({}));
    let with_body = api.get(&format!("{PAGES}/{id}?include=body")).await;
    assert_eq!(with_body.body["data"]["body"], "<p>us</p>");
    let filtered_out = api.get(&format!("{PAGES}/{id}?channel_id=2")).await;
    assert_eq!(filtered_out.status, 404);
    assert_eq!(
        filtered_out.body["title"],
        format!("A Page was not found with an ID of {id}")
    );
    assert_eq!(
        api.get(&format!("{PAGES}/{id}?name=Other")).await.status,
        404
    );
    assert_eq!(api.get(&format!("{PAGES}/{id}?sort=x")).await.status, 400);
}

#[tokio::test]
async fn a_missing_page_is_404_and_a_non_integer_id_an_itemized_422() {
    let sb = common::two_stores();
    let api = StoreApi::staging(&sb);
    let missing = api.get(&format!("{PAGES}/99")).await;
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.body,
        json!({"status": 404, "title": "A Page was not found with an ID of 99",
               "type": "https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes"})
    );
    let bar = api.get(&format!("{PAGES}/bar")).await;
    assert_eq!(bar.status, 422);
    assert_eq!(bar.body["errors"], json!(["bar"]));
    assert_eq!(bar.header("content-type"), "application/problem+json");
}
