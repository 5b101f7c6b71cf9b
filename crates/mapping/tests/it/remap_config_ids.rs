//! Ids inside widget configurations: products (table and SKU), categories, brands, nested
//! objects and arrays, string-versus-number preservation and configured field names.

use crate::remap_documents::{BASE, MINIMAL_PLAN, first_configuration, home, widget};
use crate::support::*;
use pageport_mapping::plan_file::UnmappedPolicy;
use pageport_mapping::{
    PlanFile, RemapTables, RewriteKind, RuleSource, Unmapped, remap_document, resolve_products,
};
use pageport_model::Product;
use serde_json::json;

fn product(id: u64, sku: Option<&str>) -> Product {
    serde_json::from_value(json!({"id": id, "name": format!("P{id}"), "sku": sku}))
        .expect("test product")
}

#[test]
fn products_map_by_table_and_by_sku_and_a_missing_sku_is_unmapped() {
    let plan = PlanFile::from_str(
        &MINIMAL_PLAN.replace(
            "  categories:",
            "  products: { explicit: { 77: 1077 } }\n  categories:",
        ),
        "plan.yaml",
        &empty_env,
    )
    .expect("valid plan");
    let source = [
        product(77, Some("A")),
        product(80, Some("B")),
        product(81, None),
    ];
    let target = [product(2080, Some("B")), product(2077, Some("A"))];
    let products = resolve_products(&plan.mappings.products, &source, &target);
    let tables = RemapTables::new(&plan, &Default::default(), &products);
    let document = home(json!([widget(
        SOURCE_HERO,
        json!({"productId": 77, "productIds": ["80", 81]})
    )]));
    let remapped = remap_document(&document, &tables);
    assert_eq!(
        first_configuration(&remapped.value),
        json!({"productId": 1077, "productIds": ["2080", 81]})
    );
    assert!(remapped.log.unmapped.contains(&Unmapped {
        kind: RewriteKind::Product,
        value: "81".to_owned(),
        path: format!("{BASE}.configuration.productIds[1]"),
        rule: Some(RuleSource::FieldName),
    }));
}

#[test]
fn categories_and_brands_map_by_their_tables() {
    let document = home(json!([widget(
        SOURCE_HERO,
        json!({"categoryId": "18", "brandId": 3})
    )]));
    let remapped = remap_document(&document, &tables(UnmappedPolicy::Fail));
    assert_eq!(
        first_configuration(&remapped.value),
        json!({"categoryId": "23", "brandId": 9})
    );
    let kinds: Vec<RewriteKind> = remapped.log.rewrites.iter().map(|r| r.kind).collect();
    assert!(kinds.contains(&RewriteKind::Category));
    assert!(kinds.contains(&RewriteKind::Brand));
}

#[test]
fn nested_and_array_ids_keep_their_json_type() {
    let document = home(json!([{
        "type": "widget",
        "widget_template_uuid": SOURCE_HERO,
        "configuration": {
            "productId": "77",
            "tabs": [{"items": [{"productId": 80}, {"productIds": [77, "80", [80]]}]}],
            "csv": {"productIds": "77, 80"},
            "blank": {"productId": ""},
            "zero": {"productId": 0},
            "text": {"productId": "n/a"}
        },
        "storefront_api_query_params": {"productId": 77, "categoryId": [18]}
    }]));
    let remapped = remap_document(&document, &tables(UnmappedPolicy::Fail));
    let json = serde_json::to_value(&remapped.value).expect("serializes");
    let widget = &json["regions"][0]["children"][0];
    assert_eq!(
        widget["configuration"],
        json!({
            "productId": "1077",
            "tabs": [{"items": [{"productId": 1080}, {"productIds": [1077, "1080", [1080]]}]}],
            "csv": {"productIds": "1077, 1080"},
            "blank": {"productId": ""},
            "zero": {"productId": 0},
            "text": {"productId": "n/a"}
        })
    );
    assert_eq!(
        widget["storefront_api_query_params"],
        json!({"productId": 1077, "categoryId": [23]})
    );
    assert!(remapped.log.unmapped.is_empty());
    assert!(
        remapped
            .log
            .rewrites
            .iter()
            .any(|r| r.path == format!("{BASE}.configuration.tabs[0].items[1].productIds[2][0]"))
    );
}

#[test]
fn configured_field_names_are_used() {
    let mut tables = tables(UnmappedPolicy::Fail);
    tables.fields.products = vec!["featured".to_owned()];
    let document = home(json!([widget(
        SOURCE_HERO,
        json!({"featured": 77, "productId": 80})
    )]));
    let remapped = remap_document(&document, &tables);
    assert_eq!(
        first_configuration(&remapped.value),
        json!({"featured": 1077, "productId": 80})
    );
}
