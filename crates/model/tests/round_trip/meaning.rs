//! What the examples mean, read through the model: the values a migration relies on are where
//! the model says they are.

use super::round_trip;
use pageport_model::{
    ApiErrorBody, Channel, ChannelId, Envelope, OneOrMany, Page, PageId, PageType, PageWidgets,
    PageWidgetsPublish, Product, ProductId, RegionChild, WidgetTemplate, WidgetTemplateCreate,
};
use serde_json::{Value, json};

#[test]
fn guide_snapshot_holds_the_hero_banner_and_three_product_columns() {
    let snapshot: Envelope<PageWidgets> = round_trip("page-widgets-guide-snapshot-response");
    let doc = snapshot.data;
    let names: Vec<&str> = doc.regions.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["home_below_menu", "header_bottom"]);
    assert_eq!(doc.count(), (1, 4));

    let RegionChild::Widget(hero) = &doc.regions[0].children[0] else {
        panic!("the first child of `home_below_menu` is the hero banner widget");
    };
    assert_eq!(hero.name.as_deref(), Some("Hero Banner"));
    assert!(hero.widget_template_uuid.is_well_formed());
    // `{}` is kept apart from an absent field.
    assert_eq!(hero.storefront_api_query_params, Some(Default::default()));

    let RegionChild::Layout(layout) = &doc.regions[1].children[0] else {
        panic!("the first child of `header_bottom` is the 3-column layout");
    };
    assert_eq!(layout.dropzones.len(), 3);
    let products: Vec<(&Value, &Value)> = layout
        .dropzones
        .iter()
        .flat_map(|d| &d.widgets)
        .map(|w| {
            let configured = &w.configuration.as_ref().expect("configuration")["productId"];
            let queried = &w.storefront_api_query_params.as_ref().expect("params")["productId"];
            (configured, queried)
        })
        .collect();
    // The same product id is a string in `configuration` and a number in the query params.
    assert_eq!(
        products,
        [
            (&json!("77"), &json!(77)),
            (&json!("80"), &json!(80)),
            (&json!("93"), &json!(93))
        ]
    );
}

#[test]
fn guide_publish_request_addresses_page_5_with_the_snapshot_regions() {
    let publish: PageWidgetsPublish = round_trip("page-widgets-guide-publish-request");
    assert_eq!(publish.channel_id, Some(ChannelId(1)));
    assert_eq!(
        publish.template_file.as_ref().map(|t| t.as_str()),
        Some("pages/page")
    );
    assert_eq!(publish.entity_id.as_ref().map(|e| e.as_str()), Some("5"));
    let snapshot: Envelope<PageWidgets> = round_trip("page-widgets-guide-snapshot-response");
    assert_eq!(publish.regions, snapshot.data.regions);
}

#[test]
fn seed_snapshot_keeps_its_null_links_and_widget_settings() {
    let snapshot: Envelope<PageWidgets> = round_trip("page-widgets-get-snapshot-response");
    assert_eq!(snapshot.data.count(), (1, 1));
    let widget = snapshot.data.widgets().next().expect("one widget");
    let params = widget.storefront_api_query_params.as_ref().expect("params");
    assert_eq!(params["limit"], json!(1));
    let pagination = snapshot.meta.pagination.expect("pagination");
    assert!(!pagination.has_next());
    assert_eq!(pagination.links.expect("links")["previous"], Value::Null);
}

#[test]
fn openapi_snapshot_without_links_has_one_empty_region() {
    let snapshot: Envelope<PageWidgets> = round_trip("openapi-page-widgets-snapshot-response");
    assert!(snapshot.data.is_empty());
    let pagination = snapshot.meta.pagination.expect("pagination");
    assert_eq!(pagination.links, None);
}

#[test]
fn reference_get_page_reads_every_page_type_including_legacy_feed() {
    let response: Envelope<OneOrMany<Page>> = round_trip("pages-v3-reference-get-page-response");
    let OneOrMany::Many(pages) = response.data else {
        panic!("the seed's Get a Page example returns a list");
    };
    let types: Vec<PageType> = pages.iter().map(|p| p.page_type.clone()).collect();
    let expected = [
        "blog",
        "contact_form",
        "page",
        "raw",
        "link",
        "contact_form",
        "page",
        "feed",
        "raw",
        "link",
    ];
    assert_eq!(types, expected.map(PageType::parse));
    assert_eq!(types[7], PageType::Feed);
    assert_eq!(pages[7].feed.as_deref(), Some("/rss/monsters"));
    // `""` and `null` keywords stay apart.
    assert_eq!(pages[0].meta_keywords, Some(Some(String::new())));
    assert_eq!(pages[2].meta_keywords, Some(None));
    // Link and raw pages have no meta fields at all.
    assert_eq!(pages[4].meta_title, None);
    assert_eq!(pages[3].content_type.as_deref(), Some("text/html"));
}

#[test]
fn single_page_responses_are_objects_and_old_ones_lists() {
    let created: Envelope<OneOrMany<Page>> = round_trip("pages-create-response");
    assert!(matches!(created.data, OneOrMany::One(ref p) if p.id == Some(PageId(101))));
    for name in [
        "openapi-pages-get-page-blog-response",
        "openapi-pages-get-page-contact-form-response",
        "openapi-pages-get-page-page-response",
        "openapi-pages-get-page-raw-response",
        "openapi-pages-get-page-link-response",
        "openapi-pages-2025-05-14-get-page-feed-response",
    ] {
        let response: Envelope<OneOrMany<Page>> = round_trip(name);
        assert!(
            matches!(response.data, OneOrMany::One(_)),
            "`{name}` holds one page"
        );
    }
    let updated: Envelope<OneOrMany<Page>> = round_trip("pages-v3-reference-update-page-response");
    assert!(matches!(updated.data, OneOrMany::Many(ref pages) if pages.len() == 1));
}

#[test]
fn create_artifact_keeps_its_index_keys_as_unknown_fields() {
    // The seed's "0"/"1" object (CONTRACT §10 #8) reads as one page named "About Our Company"
    // with two unknown fields: the model does not refuse it, so refusing it is the emulator's job.
    let page: Page = round_trip("pages-create-request-artifact");
    assert_eq!(page.name, "About Our Company");
    let extra: Vec<&str> = page.extra.keys().map(String::as_str).collect();
    assert_eq!(extra, ["0", "1"]);
    let repaired: Vec<Page> = round_trip("pages-create-request-array");
    let channels: Vec<Option<ChannelId>> = repaired.iter().map(|p| p.channel_id).collect();
    assert_eq!(channels, [Some(ChannelId(1)), Some(ChannelId(547))]);
}

#[test]
fn error_bodies_of_every_family_summarize() {
    let cases = [
        (
            "openapi-pages-update-pages-422",
            "Input is invalid: missing the required field: body",
        ),
        ("openapi-pages-get-page-422", "Invalid Input. (bar)"),
        (
            "openapi-pages-delete-pages-404",
            "A Page was not found with an ID of 100",
        ),
        (
            "openapi-channels-422",
            "JSON data is missing or invalid (platform: error.path.missing; name: error.expected.jsstring)",
        ),
        ("openapi-widgets-404", "string"),
    ];
    for (name, summary) in cases {
        let body: ApiErrorBody = round_trip(name);
        assert_eq!(body.summary(), summary, "summary of `{name}`");
    }
    let widgets: ApiErrorBody = round_trip("openapi-widgets-404");
    assert_eq!(widgets.instance.as_deref(), Some("string"));
    assert_eq!(widgets.errors, Some(json!({})));
}

#[test]
fn widget_templates_keep_channel_and_kind() {
    let list: Envelope<Vec<WidgetTemplate>> =
        round_trip("openapi-widgets-widget-templates-response");
    assert_eq!(list.data.len(), 7);
    let provided: Vec<&str> = list
        .data
        .iter()
        .filter(|t| t.channel_id == Some(ChannelId(0)))
        .map(|t| t.kind.as_deref().unwrap_or_default())
        .collect();
    assert_eq!(
        provided,
        ["pp-cartpage-fullbanner", "pp-homepage-fullbanner"]
    );
    assert_eq!(list.data[2].template, "{{text}}\n");
    let custom: WidgetTemplateCreate =
        round_trip("openapi-widgets-create-widget-template-request-custom-configuration");
    assert_eq!(
        custom
            .schema
            .as_ref()
            .and_then(Value::as_array)
            .map(Vec::len),
        Some(1)
    );
    assert_eq!(custom.channel_id, None);
}

#[test]
fn channels_page_by_counts_and_keep_unknown_fields() {
    let list: Envelope<Vec<Channel>> = round_trip("openapi-channels-channels-response");
    let ids: Vec<ChannelId> = list.data.iter().map(|c| c.id).collect();
    assert_eq!(ids, [ChannelId(1), ChannelId(664179), ChannelId(667159)]);
    assert!(list.meta.pagination.expect("pagination").has_next());
    let single: Envelope<Channel> = round_trip("openapi-channels-channel-with-currencies-response");
    assert_eq!(
        single.data.extra["currencies"]["default_currency"],
        json!("USD")
    );
}

#[test]
fn products_keep_sku_categories_and_brand() {
    let response: Envelope<Product> = round_trip("openapi-products-product-response");
    let product = response.data;
    assert_eq!(product.id, ProductId(174));
    assert_eq!(product.sku.as_deref(), Some(""));
    let categories: Vec<u64> = product
        .categories
        .expect("categories")
        .iter()
        .map(|c| c.get())
        .collect();
    assert_eq!(categories, [23, 21]);
    assert_eq!(product.brand_id.map(|b| b.get()), Some(36));
    assert_eq!(product.extra["price"], json!(7.95));
}
