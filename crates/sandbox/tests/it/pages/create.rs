//! POST: shapes, per-type fields and defaults, every validation rule, bulk partial creation, limits and ids.

use super::*;

#[tokio::test]
async fn an_object_creates_one_page_with_its_types_defaults() {
    let sb = common::two_stores();
    let answer = StoreApi::staging(&sb)
        .post(
            PAGES,
            &json!({"name": "Shipping & Returns", "type": "page", "body": "<p>x</p>"}),
        )
        .await;
    assert_eq!(answer.status, 201);
    let data = &answer.body["data"];
    assert!(data["id"].as_u64().unwrap() > 0);
    let expected = json!({
        "id": data["id"], "channel_id": 1, "name": "Shipping & Returns", "type": "page",
        "is_visible": true, "parent_id": 0, "sort_order": 0, "is_homepage": false,
        "is_customers_only": false, "url": "/shipping-returns/", "meta_title": "",
        "meta_keywords": "", "meta_description": "", "search_keywords": ""
    });
    assert_eq!(data, &expected, "no body without include=body");
    assert_eq!(answer.body["meta"], json!({}));
}

#[tokio::test]
async fn an_array_creates_many_and_answers_an_array() {
    let sb = common::two_stores();
    let answer = StoreApi::staging(&sb)
        .post(PAGES, &json!([page("One")]))
        .await;
    assert_eq!(answer.status, 201);
    assert_eq!(names(&answer), vec!["One"]);
}

#[tokio::test]
async fn include_body_returns_the_body_on_create() {
    let sb = common::two_stores();
    let answer = StoreApi::staging(&sb)
        .post(
            "/content/pages?include=body",
            &json!({"name": "B", "type": "page", "body": "<b>hi</b>"}),
        )
        .await;
    assert_eq!(answer.body["data"]["body"], "<b>hi</b>");
}

#[tokio::test]
async fn each_type_carries_only_its_own_fields() {
    let sb = common::two_stores();
    let api = StoreApi::staging(&sb);
    let answer = api
        .post(
            "/content/pages?include=body",
            &json!([
                {"name": "Raw", "type": "raw", "body": "<table/>", "meta_title": "ignored"},
                {"name": "Link", "type": "link", "link": "https://example.com/x", "body": "ignored"},
                {"name": "Form", "type": "contact_form", "email": "a@example.com", "link": "ignored"}
            ]),
        )
        .await;
    assert_eq!(answer.status, 201, "{}", answer.body);
    let data = answer.body["data"].as_array().unwrap();
    let keys = |p: &Value| {
        let mut keys: Vec<String> = p.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        keys.join(",")
    };
    assert_eq!(
        keys(&data[0]),
        "body,channel_id,content_type,id,is_customers_only,is_homepage,is_visible,name,\
         parent_id,search_keywords,sort_order,type,url"
    );
    assert_eq!(data[0]["content_type"], "text/html");
    assert_eq!(
        keys(&data[1]),
        "channel_id,id,is_customers_only,is_homepage,is_visible,link,name,parent_id,sort_order,type"
    );
    assert_eq!(data[1]["link"], "https://example.com/x");
    assert!(data[1].get("url").is_none() && data[1].get("body").is_none());
    assert_eq!(data[2]["email"], "a@example.com");
    assert_eq!(data[2]["contact_fields"], "");
    assert_eq!(data[2]["meta_title"], "");
    assert!(data[2].get("link").is_none());
}

#[tokio::test]
async fn the_seed_examples_numbered_object_is_422() {
    let sb = common::two_stores();
    let api = StoreApi::staging(&sb);
    let body = json!({"0": page("A"), "1": page("B"), "name": "C", "type": "page"});
    let detail = detail_of_422(&api.post(PAGES, &body).await);
    assert!(detail.contains("`0`, `1`"), "{detail}");
    assert_eq!(
        api.get(PAGES).await.body["data"],
        json!([]),
        "nothing created"
    );
}

#[tokio::test]
async fn required_fields_are_named_in_the_422() {
    let sb = common::two_stores();
    let api = StoreApi::staging(&sb);
    let cases = [
        (json!({"type": "page"}), "missing the required field: name"),
        (json!({"name": "N"}), "missing the required field: type"),
        (
            json!({"name": "R", "type": "raw"}),
            "missing the required field: body",
        ),
        (
            json!({"name": "L", "type": "link"}),
            "missing the required field: link",
        ),
        (
            json!({"name": "F", "type": "feed"}),
            "missing the required field: feed",
        ),
    ];
    for (body, expected) in cases {
        let answer = api.post(PAGES, &body).await;
        assert_eq!(answer.body["title"], "Input is invalid");
        assert_eq!(detail_of_422(&answer), expected);
    }
}

#[tokio::test]
async fn blog_and_unknown_types_cannot_be_created() {
    let sb = common::two_stores();
    let api = StoreApi::staging(&sb);
    let blog = detail_of_422(
        &api.post(PAGES, &json!({"name": "Blog", "type": "blog"}))
            .await,
    );
    assert!(blog.contains("blog"), "{blog}");
    let rss = detail_of_422(
        &api.post(PAGES, &json!({"name": "X", "type": "rss_feed"}))
            .await,
    );
    assert!(rss.contains("rss_feed"), "{rss}");
}

#[tokio::test]
async fn feed_pages_are_accepted_only_when_enabled() {
    let sb = common::two_stores();
    let feed = json!({"name": "News", "type": "feed", "feed": "https://example.com/rss"});
    let created = StoreApi::staging(&sb).post(PAGES, &feed).await;
    assert_eq!(created.status, 201);
    assert_eq!(created.body["data"]["feed"], "https://example.com/rss");

    let mut config = SandboxConfig::with_stores([("staging", STAGING_TOKEN)]);
    config.accept_feed_pages = false;
    let strict = common::start(config);
    let refused = StoreApi::staging(&strict).post(PAGES, &feed).await;
    assert!(detail_of_422(&refused).contains("feed"));
}

#[tokio::test]
async fn a_link_must_be_an_absolute_url() {
    let sb = common::two_stores();
    let answer = StoreApi::staging(&sb)
        .post(
            PAGES,
            &json!({"name": "L", "type": "link", "link": "/relative"}),
        )
        .await;
    assert!(detail_of_422(&answer).contains("absolute"));
}

#[tokio::test]
async fn names_are_1_to_100_characters() {
    let sb = common::two_stores();
    let api = StoreApi::staging(&sb);
    assert_eq!(api.post(PAGES, &page(&"n".repeat(100))).await.status, 201);
    assert!(detail_of_422(&api.post(PAGES, &page(&"m".repeat(101))).await).contains("1 to 100"));
    assert!(detail_of_422(&api.post(PAGES, &page("")).await).contains("1 to 100"));
}

#[tokio::test]
async fn names_are_unique_per_channel_ignoring_case() {
    let sb = common::two_stores();
    let api = StoreApi::staging(&sb);
    create(&api, page("About")).await;
    let clash = api.post(PAGES, &page("ABOUT")).await;
    assert!(detail_of_422(&clash).contains("already used"));
    let channel = second_channel(&api).await;
    let elsewhere = api
        .post(
            PAGES,
            &json!({"name": "About", "type": "page", "channel_id": channel}),
        )
        .await;
    assert_eq!(elsewhere.status, 201, "{}", elsewhere.body);
    assert_eq!(elsewhere.body["data"]["channel_id"], channel);
    assert_eq!(
        elsewhere.body["data"]["url"], "/about/",
        "urls are per channel too"
    );
}

#[tokio::test]
async fn a_page_on_an_unknown_channel_is_422() {
    let sb = common::two_stores();
    let answer = StoreApi::staging(&sb)
        .post(
            PAGES,
            &json!({"name": "A", "type": "page", "channel_id": 999}),
        )
        .await;
    assert!(detail_of_422(&answer).contains("channel_id 999"));
}

#[tokio::test]
async fn urls_are_unique_per_channel_and_generated_when_omitted() {
    let sb = common::two_stores();
    let api = StoreApi::staging(&sb);
    let taken = json!({"name": "A", "type": "page", "url": "/faq"});
    assert_eq!(api.post(PAGES, &taken).await.status, 201);
    let clash = api
        .post(PAGES, &json!({"name": "B", "type": "page", "url": "/FAQ/"}))
        .await;
    assert!(detail_of_422(&clash).contains("already used"));
    let generated = api.post(PAGES, &page("FAQ")).await;
    assert_eq!(generated.body["data"]["url"], "/faq-2/");
    let relative = api
        .post(
            PAGES,
            &json!({"name": "C", "type": "page", "url": "no-slash"}),
        )
        .await;
    assert!(detail_of_422(&relative).contains("relative path"));
}

#[tokio::test]
async fn contact_form_emails_are_unique_and_at_most_255_characters() {
    let sb = common::two_stores();
    let api = StoreApi::staging(&sb);
    let form =
        |name: &str, email: &str| json!({"name": name, "type": "contact_form", "email": email});
    assert_eq!(
        api.post(PAGES, &form("A", "x@example.com")).await.status,
        201
    );
    assert!(
        detail_of_422(&api.post(PAGES, &form("B", "X@example.com")).await).contains("already used")
    );
    let long = format!("{}@example.com", "a".repeat(250));
    assert!(detail_of_422(&api.post(PAGES, &form("C", &long)).await).contains("255"));
    assert_eq!(api.post(PAGES, &form("D", "")).await.status, 201);
    assert_eq!(
        api.post(PAGES, &form("E", "")).await.status,
        201,
        "empty emails may repeat"
    );
}

#[tokio::test]
async fn a_parent_must_exist() {
    let sb = common::two_stores();
    let api = StoreApi::staging(&sb);
    let answer = api
        .post(
            PAGES,
            &json!({"name": "Child", "type": "page", "parent_id": 999}),
        )
        .await;
    assert!(detail_of_422(&answer).contains("parent_id 999"));
    let parent = create(&api, page("Parent")).await;
    let child = api
        .post(
            PAGES,
            &json!({"name": "Child", "type": "page", "parent_id": parent}),
        )
        .await;
    assert_eq!(child.body["data"]["parent_id"], parent);
}

#[tokio::test]
async fn one_homepage_per_channel() {
    let sb = common::two_stores();
    let api = StoreApi::staging(&sb);
    let first = create(
        &api,
        json!({"name": "Home 1", "type": "page", "is_homepage": true}),
    )
    .await;
    let second = create(
        &api,
        json!({"name": "Home 2", "type": "page", "is_homepage": true}),
    )
    .await;
    let flag = |answer: Answer| answer.body["data"]["is_homepage"].clone();
    assert_eq!(flag(api.get(&format!("{PAGES}/{first}")).await), false);
    assert_eq!(flag(api.get(&format!("{PAGES}/{second}")).await), true);
}

#[tokio::test]
async fn a_bulk_create_applies_the_valid_entries_and_answers_422() {
    let sb = common::two_stores();
    let api = StoreApi::staging(&sb);
    let body = json!([page("First"), {"name": "Broken", "type": "raw"}, page("Third")]);
    let answer = api.post(PAGES, &body).await;
    let detail = detail_of_422(&answer);
    assert_eq!(detail, "pages[1]: missing the required field: body");
    assert_eq!(names(&api.get(PAGES).await), vec!["First", "Third"]);
}

#[tokio::test]
async fn the_store_page_limit_is_422_with_its_title() {
    let mut config = SandboxConfig::with_stores([("staging", STAGING_TOKEN)]);
    config.limits.web_pages_per_store = 3;
    let sb = common::start(config);
    let api = StoreApi::staging(&sb);
    create(&api, page("One")).await;
    create(&api, page("Two")).await;
    let answer = api.post(PAGES, &json!([page("Three"), page("Four")])).await;
    assert_eq!(answer.status, 422);
    assert_eq!(
        answer.body["title"],
        "The store has reached its limit of 3 web pages"
    );
    assert_eq!(
        names(&api.get(PAGES).await),
        vec!["One", "Two", "Three"],
        "the valid one is created"
    );
    let single = api.post(PAGES, &page("Five")).await;
    assert_eq!(
        single.body["title"],
        "The store has reached its limit of 3 web pages"
    );
}

#[tokio::test]
async fn a_bulk_write_over_the_configured_cap_is_refused_whole() {
    let mut config = SandboxConfig::with_stores([("staging", STAGING_TOKEN)]);
    config.max_bulk_pages = Some(2);
    let sb = common::start(config);
    let api = StoreApi::staging(&sb);
    let answer = api
        .post(PAGES, &json!([page("A"), page("B"), page("C")]))
        .await;
    assert!(detail_of_422(&answer).contains("at most 2"));
    assert_eq!(api.get(PAGES).await.body["data"], json!([]));
    let delete = api.delete("/content/pages?id:in=1,2,3").await;
    assert!(detail_of_422(&delete).contains("at most 2"));
}

#[tokio::test]
async fn ids_come_from_the_store_counter_and_are_never_reused() {
    let sb = common::two_stores();
    let api = StoreApi::staging(&sb);
    let first = create(&api, page("A")).await;
    assert_eq!(api.delete(&format!("{PAGES}/{first}")).await.status, 204);
    let second = create(&api, page("A")).await;
    assert_eq!(second, first + 1);
    let production = StoreApi::new(&sb, "production", common::PRODUCTION_TOKEN);
    assert_ne!(
        create(&production, page("A")).await,
        second,
        "each store has its own ids"
    );
}
