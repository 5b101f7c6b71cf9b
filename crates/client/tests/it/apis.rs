//! Page widgets, widget templates, channels and the catalog, end to end.

use crate::common::{self, client, matching, requests_since};
use pageport_client::ProductQuery;
use pageport_model::{
    CategoryCreate, ChannelCreate, ChannelId, EntityId, PageWidgetsKey, PageWidgetsPublish,
    ProductCreate, ProductId, Region, TemplateFile, WidgetTemplateCreate, WidgetTemplateUpdate,
    WidgetTemplateUuid,
};
use serde_json::json;

fn template(name: &str) -> WidgetTemplateCreate {
    WidgetTemplateCreate {
        name: name.into(),
        template: "<p>{{text}}</p>".into(),
        schema: Some(json!([])),
        storefront_api_query: None,
        channel_id: Some(ChannelId(1)),
    }
}

fn regions(uuid: &WidgetTemplateUuid) -> Vec<Region> {
    serde_json::from_value(json!([{"name": "page_builder_content", "children": [
        {"type": "widget", "widget_template_uuid": uuid, "name": "Banner",
         "configuration": {"productId": "77", "ratio": 0.5},
         "storefront_api_query_params": {"productId": 77}},
        {"type": "layout", "layout_template_uuid": "7d42d0b1-1152-4ce3-a6c1-3709f786f295",
         "name": "Two columns", "configuration": {},
         "dropzones": [{"configuration": {}, "widgets": [
            {"type": "widget", "widget_template_uuid": uuid}]}]}
    ]}]))
    .expect("regions")
}

#[tokio::test]
async fn page_widgets_are_published_and_read_back() {
    for publish_status in [204, 201] {
        let mut config = common::config();
        config.page_widgets_publish_status = publish_status;
        let sb = common::start(config);
        let client = client(&sb);
        let created = client
            .create_widget_template(&template("Banner"))
            .await
            .expect("template");
        let key = PageWidgetsKey {
            channel_id: ChannelId(1),
            template_file: Some(TemplateFile::from("pages/page")),
            entity_id: Some(EntityId::from("5")),
        };
        let empty = client.get_page_widgets(&key).await.expect("empty document");
        assert!(empty.is_empty());

        let document = PageWidgetsPublish {
            channel_id: None,
            template_file: key.template_file.clone(),
            entity_id: key.entity_id.clone(),
            regions: regions(&created.uuid),
        };
        client
            .publish_page_widgets(&document)
            .await
            .unwrap_or_else(|e| panic!("publish answered {publish_status}: {e}"));
        let read = client.get_page_widgets(&key).await.expect("read back");
        assert_eq!(read.regions, document.regions);
        assert_eq!(read.count(), (1, 2));

        let gets = matching(&sb.sandbox().requests(), "GET", "/content/page-widgets");
        assert!(
            gets.iter()
                .all(|r| r.query == "channel_id=1&template_file=pages%2Fpage&entity_id=5"),
            "{gets:?}"
        );
        let global = client
            .get_page_widgets(&PageWidgetsKey::global(ChannelId(1)))
            .await
            .expect("global regions");
        assert!(global.is_empty());
    }
}

#[tokio::test]
async fn widget_templates_round_trip() {
    let sb = common::sandbox();
    let client = client(&sb);
    let created = client
        .create_widget_template(&template("Hero"))
        .await
        .expect("create");
    assert_eq!(created.name, "Hero");
    assert!(created.uuid.is_well_formed());

    let listed = client
        .list_widget_templates(ChannelId(1))
        .await
        .expect("list");
    assert!(listed.iter().any(|t| t.uuid == created.uuid));
    let gets = matching(&sb.sandbox().requests(), "GET", "/content/widget-templates");
    assert!(gets[0].query.starts_with("channel_id:in=1&"), "{gets:?}");

    let updated = client
        .update_widget_template(
            &created.uuid,
            &WidgetTemplateUpdate {
                name: Some("Hero v2".into()),
                ..WidgetTemplateUpdate::default()
            },
        )
        .await
        .expect("update");
    assert_eq!(updated.name, "Hero v2");
    let read = client
        .get_widget_template(&created.uuid)
        .await
        .expect("get")
        .expect("exists");
    assert_eq!(read.name, "Hero v2");

    let versioned = client
        .update_widget_template(
            &created.uuid,
            &WidgetTemplateUpdate {
                template: Some("<p>v3</p>".into()),
                create_new_version: Some(true),
                ..WidgetTemplateUpdate::default()
            },
        )
        .await
        .expect("new version");
    let previous = read.current_version_uuid.clone().expect("a version");
    assert_ne!(
        versioned.current_version_uuid.as_deref(),
        Some(previous.as_str())
    );
    let old = client
        .get_widget_template_version(&created.uuid, &previous)
        .await
        .expect("get a version")
        .expect("the previous version is kept");
    assert_eq!(old.template, read.template);
    let unknown = "0f0e0d0c-0b0a-4909-8807-060504030201";
    assert_eq!(
        client
            .get_widget_template_version(&created.uuid, unknown)
            .await
            .expect("a 404 is an answer"),
        None
    );
    let asked = matching(&sb.sandbox().requests(), "GET", created.uuid.as_str());
    assert!(
        asked
            .iter()
            .any(|r| r.query == format!("version_uuid={previous}")),
        "{asked:?}"
    );

    assert!(
        client
            .delete_widget_template(&created.uuid)
            .await
            .expect("delete")
    );
    assert!(
        !client
            .delete_widget_template(&created.uuid)
            .await
            .expect("again")
    );
    assert!(
        client
            .get_widget_template(&created.uuid)
            .await
            .expect("get")
            .is_none()
    );
}

#[tokio::test]
async fn channels_are_listed_and_created() {
    let sb = common::sandbox();
    let client = client(&sb);
    let before = client.list_channels().await.expect("list");
    assert!(before.iter().any(|c| c.id == ChannelId(1)));
    let created = client
        .create_channel(&ChannelCreate {
            name: "wholesale-eu".into(),
            channel_type: "storefront".into(),
            platform: "bigcommerce".into(),
            status: Some("prelaunch".into()),
        })
        .await
        .expect("create");
    assert_eq!(created.name, "wholesale-eu");
    let after = client.list_channels().await.expect("list");
    assert_eq!(after.len(), before.len() + 1);
    assert!(after.iter().any(|c| c.id == created.id));
}

#[tokio::test]
async fn products_are_found_by_chunked_ids_and_skus() {
    let sb = common::sandbox();
    let client = client(&sb);
    let category = client
        .create_category(&CategoryCreate {
            parent_id: 0,
            name: "Shoes".into(),
        })
        .await
        .expect("category");
    let mut ids = Vec::new();
    for n in 0..60 {
        let product = client
            .create_product(&ProductCreate {
                name: format!("Shoe {n:02}"),
                product_type: "physical".into(),
                weight: 1.0,
                price: 10.0,
                sku: Some(format!("SHOE-{n:02}")),
                categories: Some(vec![category.id]),
                brand_id: None,
            })
            .await
            .expect("product");
        ids.push(product.id);
    }

    let before = common::logged(&sb);
    let skus: Vec<String> = (0..60).rev().map(|n| format!("SHOE-{n:02}")).collect();
    let by_sku = client
        .list_products(&ProductQuery {
            ids: None,
            skus: Some(skus),
        })
        .await
        .expect("by sku");
    assert_eq!(by_sku.len(), 60);
    let sorted: Vec<ProductId> = by_sku.iter().map(|p| p.id).collect();
    assert_eq!(sorted, ids, "sorted by id");
    let gets = matching(&requests_since(&sb, before), "GET", "/catalog/products");
    assert_eq!(gets.len(), 2, "60 SKUs in chunks of 50");
    assert!(gets.iter().all(|r| r.query.contains("limit=250")));

    let some = client
        .list_products(&ProductQuery {
            ids: Some(vec![ids[3], ids[1], ProductId(999_999)]),
            skus: Some(vec!["SHOE-01".into(), "SHOE-07".into()]),
        })
        .await
        .expect("by ids or skus");
    let found: Vec<ProductId> = some.iter().map(|p| p.id).collect();
    assert_eq!(found, vec![ids[1], ids[3], ids[7]]);

    assert!(client.get_product(ids[0]).await.expect("get").is_some());
    assert!(
        client
            .get_product(ProductId(999_999))
            .await
            .expect("get")
            .is_none()
    );

    let categories = client
        .list_categories(Some(&[category.id]))
        .await
        .expect("categories");
    assert_eq!(categories.len(), 1);
    assert_eq!(categories[0].name, "Shoes");
    let brands = client.list_brands(None).await.expect("brands");
    assert!(brands.is_empty());
}
