//! Ids found through the widget template's own schema: pickers with free names, array
//! elements, hidden settings, GraphQL parameters; schema first, field names as the fallback;
//! unresolvable values at schema paths; id-like values no rule covers.

use crate::remap_documents::{BASE, home};
use crate::support::*;
use pageport_mapping::plan_file::UnmappedPolicy;
use pageport_mapping::{
    RemapTables, Rewrite, RewriteKind, RuleSource, TemplateSchemas, Unmapped, Unrecognised,
    remap_document,
};
use pageport_model::{PageWidgetsDocument, WidgetTemplate};
use serde_json::{Value, json};

/// The carousel template of the tests: a `productId` picker named `featured`, a hidden
/// `productId` setting, an array `slides` of `product` pickers, an untyped `input` that the
/// GraphQL query uses as a category id, and the hidden `graphQl` setting mapping them.
fn carousel() -> WidgetTemplate {
    serde_json::from_value(json!({
        "uuid": SOURCE_HERO,
        "name": "Carousel",
        "storefront_api_query": "query Carousel($featuredProductId: Int!, $slideIds: [Int!], \
            $shelf: Int!) { site { hero: product(entityId: $featuredProductId) { name } \
            products(entityIds: $slideIds) { edges { node { name } } } \
            category(entityId: $shelf) { name } } }",
        "schema": [
            {"type": "hidden", "settings": [
                {"type": "graphQl", "id": "queries", "typeMeta": {"mappings": {
                    "featuredProductId": {"reads": "featured", "type": "Int!"},
                    "slideIds": {"reads": "slides.*.product", "type": "Int!"},
                    "shelf": {"reads": "shelfCategory", "type": "Int!"}
                }}},
                {"type": "productId", "id": "backup"}
            ]},
            {"type": "tab", "label": "Content", "sections": [{"label": "Pick", "settings": [
                {"type": "productId", "id": "featured", "default": ""},
                {"type": "input", "id": "shelfCategory"},
                {"type": "text", "id": "heading"}
            ]}]},
            {"type": "array", "id": "slides", "label": "Slides", "entryLabel": "Slide", "schema": [
                {"type": "tab", "label": "Slide", "sections": [{"settings": [
                    {"type": "productId", "id": "product"}
                ]}]}
            ]}
        ]
    }))
    .expect("test template")
}

fn tables_with_schemas(policy: UnmappedPolicy) -> RemapTables {
    let mut tables = tables(policy);
    let (schemas, problems) = TemplateSchemas::from_templates([&carousel()]);
    assert!(problems.is_empty(), "{problems:?}");
    tables.schemas = schemas;
    tables
}

fn carousel_widget(configuration: Value, params: Value) -> PageWidgetsDocument {
    home(json!([{
        "type": "widget", "widget_template_uuid": SOURCE_HERO,
        "configuration": configuration, "storefront_api_query_params": params
    }]))
}

fn widget_json(document: &PageWidgetsDocument) -> Value {
    let json = serde_json::to_value(document).expect("serializes");
    json["regions"][0]["children"][0].clone()
}

#[test]
fn schema_paths_rewrite_pickers_arrays_hidden_settings_and_params_keeping_json_types() {
    let document = carousel_widget(
        json!({"featured": "77", "backup": 80, "heading": "77",
               "shelfCategory": "18",
               "slides": [{"product": 80}, {"product": "77"}, {"product": ""}, {"product": null}]}),
        json!({"featuredProductId": 77, "slideIds": [80, 77], "shelf": 18}),
    );
    let remapped = remap_document(&document, &tables_with_schemas(UnmappedPolicy::Fail));
    let widget = widget_json(&remapped.value);
    assert_eq!(
        widget["configuration"],
        json!({"featured": "1077", "backup": 1080, "heading": "77", "shelfCategory": "23",
               "slides": [{"product": 1080}, {"product": "1077"}, {"product": ""}, {"product": null}]})
    );
    assert_eq!(
        widget["storefront_api_query_params"],
        json!({"featuredProductId": 1077, "slideIds": [1080, 1077], "shelf": 23})
    );
    assert!(
        remapped.log.unmapped.is_empty(),
        "{:?}",
        remapped.log.unmapped
    );
    assert!(remapped.log.unrecognised.is_empty());
    let slide = remapped
        .log
        .rewrites
        .iter()
        .find(|r| r.path == format!("{BASE}.configuration.slides[1].product"))
        .expect("the second slide is rewritten");
    assert_eq!(
        slide,
        &Rewrite {
            kind: RewriteKind::Product,
            from: "77".into(),
            to: "1077".into(),
            path: format!("{BASE}.configuration.slides[1].product"),
            rule: Some(RuleSource::Schema),
        }
    );
    // Two slides, featured, backup, the category, and three params: unset slides are not listed.
    let product_or_category = remapped
        .log
        .rewrites
        .iter()
        .filter(|r| !matches!(r.kind, RewriteKind::WidgetTemplate | RewriteKind::Channel))
        .inspect(|r| assert_eq!(r.rule, Some(RuleSource::Schema), "{r:?}"))
        .count();
    assert_eq!(product_or_category, 9);
}

#[test]
fn field_names_are_the_fallback_for_what_no_schema_path_covers() {
    let document = carousel_widget(json!({"featured": 77, "productId": 80}), json!({}));
    let remapped = remap_document(&document, &tables_with_schemas(UnmappedPolicy::Fail));
    assert_eq!(
        widget_json(&remapped.value)["configuration"],
        json!({"featured": 1077, "productId": 1080})
    );
    let rule_of = |key: &str| {
        remapped
            .log
            .rewrites
            .iter()
            .find(|r| r.path.ends_with(key))
            .and_then(|r| r.rule)
    };
    assert_eq!(rule_of(".featured"), Some(RuleSource::Schema));
    assert_eq!(rule_of(".productId"), Some(RuleSource::FieldName));
    // A template without a schema: only field names.
    let mut tables = tables_with_schemas(UnmappedPolicy::Fail);
    tables.schemas = TemplateSchemas::default();
    let remapped = remap_document(&document, &tables);
    assert_eq!(
        widget_json(&remapped.value)["configuration"],
        json!({"featured": 77, "productId": 1080})
    );
}

#[test]
fn an_unresolvable_value_at_a_schema_path_is_unmapped_with_its_path() {
    let document = carousel_widget(
        json!({"featured": 99, "slides": [{"product": "not a product"}]}),
        json!({}),
    );
    let remapped = remap_document(&document, &tables_with_schemas(UnmappedPolicy::Fail));
    assert_eq!(
        remapped.log.unmapped,
        [
            Unmapped {
                kind: RewriteKind::Product,
                value: "99".into(),
                path: format!("{BASE}.configuration.featured"),
                rule: Some(RuleSource::Schema),
            },
            Unmapped {
                kind: RewriteKind::Product,
                value: "not a product".into(),
                path: format!("{BASE}.configuration.slides[0].product"),
                rule: Some(RuleSource::Schema),
            },
        ]
    );
    assert!(remapped.log.has_errors());
    assert_eq!(
        widget_json(&remapped.value)["configuration"]["featured"],
        99
    );
}

#[test]
fn id_like_values_no_rule_covers_are_recorded_under_every_policy() {
    let document = carousel_widget(
        json!({"featured": 77, "bannerId": 5, "grid": 3, "heading_id": "12",
               "nested": {"collection_ids": [4, 5]}, "emptyId": ""}),
        json!({"pageSize": 4, "customerGroupId": 2}),
    );
    for policy in [UnmappedPolicy::Fail, UnmappedPolicy::Keep] {
        let remapped = remap_document(&document, &tables_with_schemas(policy));
        assert_eq!(
            remapped.log.unrecognised,
            [
                Unrecognised {
                    value: "5".into(),
                    path: format!("{BASE}.configuration.bannerId"),
                },
                Unrecognised {
                    value: "\"12\"".into(),
                    path: format!("{BASE}.configuration.heading_id"),
                },
                Unrecognised {
                    value: "[4,5]".into(),
                    path: format!("{BASE}.configuration.nested.collection_ids"),
                },
                Unrecognised {
                    value: "2".into(),
                    path: format!("{BASE}.storefront_api_query_params.customerGroupId"),
                },
            ]
        );
        assert!(!remapped.log.has_errors());
    }
}

#[test]
fn a_product_image_keeps_its_url_and_its_product_must_map() {
    let template: WidgetTemplate = serde_json::from_value(json!({
        "uuid": SOURCE_CARD, "name": "Card",
        "schema": [{"type": "tab", "label": "T", "sections": [{"settings": [
            {"type": "productImage", "id": "picture", "typeMeta": {"reference": "productId"}}
        ]}]}]
    }))
    .expect("test template");
    let mut tables = tables(UnmappedPolicy::Fail);
    tables.schemas = TemplateSchemas::from_templates([&template]).0;
    let url = |product: u64| {
        format!("https://cdn11.bigcommerce.com/s-abc123/products/{product}/images/377/a.png?c=1")
    };
    let document = home(json!([
        {"type": "widget", "widget_template_uuid": SOURCE_CARD,
         "configuration": {"picture": {"src": url(77), "type": "PRODUCT_IMAGE"}}},
        {"type": "widget", "widget_template_uuid": SOURCE_CARD,
         "configuration": {"picture": {"src": url(99), "type": "PRODUCT_IMAGE"}}}
    ]));
    let remapped = remap_document(&document, &tables);
    let json = serde_json::to_value(&remapped.value).expect("serializes");
    assert_eq!(
        json["regions"][0]["children"][0]["configuration"]["picture"]["src"],
        url(77)
    );
    assert_eq!(
        remapped.log.unmapped,
        [Unmapped {
            kind: RewriteKind::Product,
            value: "99".into(),
            path: "page_widgets[channel 1 pages/home].regions[0].children[1].configuration.picture.src"
                .into(),
            rule: Some(RuleSource::Schema),
        }]
    );
}
