//! The planner fills the category and brand tables by matching, with no hand-written table:
//! configuration ids and the `entity_id`s of `pages/category` and `pages/brand` documents.

use super::*;
use crate::test_support::*;
use pageport_mapping::RewriteKind;
use pageport_model::{Brand, Category};
use serde_json::json;

fn category(id: u64, parent: u64, name: &str, url: &str) -> Category {
    from(json!({"id": id, "parent_id": parent, "name": name,
                "custom_url": {"url": url, "is_customized": false}}))
}

fn brand(id: u64, name: &str, url: &str) -> Brand {
    from(json!({"id": id, "name": name, "custom_url": {"url": url, "is_customized": false}}))
}

/// The scenario's bundle with a category page, a brand page and a home page widget pointing at
/// category 18 and brand 36; the bundle holds category 21's parent for its name path.
fn catalog_bundle() -> Bundle {
    let mut bundle = bundle();
    bundle
        .page_widgets
        .retain(|d| d.key.template_file.is_none());
    let text = |name: &str| {
        json!([{"name": "category_below_header", "children": [
            widget(S_HERO, name, json!({"heading": name}))
        ]}])
    };
    bundle.page_widgets.extend([
        document(key(Some("pages/category"), Some("21")), text("Coffee")),
        document(key(Some("pages/brand"), Some("36")), text("OFS")),
        document(
            key(Some("pages/home"), None),
            json!([{"name": "home_below_menu", "children": [
                widget(S_HERO, "Kitchen carousel", json!({"categoryId": "18", "brandId": 36}))
            ]}]),
        ),
    ]);
    bundle.categories = vec![
        category(18, 0, "Kitchen", "/kitchen/"),
        category(21, 18, "Coffee & Tea", "/kitchen/coffee-tea/"),
    ];
    bundle.brands = vec![brand(36, "OFS", "/brands/OFS.html")];
    bundle.manifest.counts = bundle.count();
    bundle
}

/// The scenario's target with its own category tree and brands under other ids; Coffee & Tea's
/// url differs, so only its name path finds it.
fn catalog_inventory() -> TargetInventory {
    let mut inventory = inventory();
    inventory.categories = vec![
        category(23, 0, "Kitchen", "/kitchen/"),
        category(26, 23, "Coffee & Tea", "/kitchen/coffee-and-tea/"),
        category(27, 0, "Coffee & Tea", "/coffee-tea/"),
    ];
    inventory.brands = vec![brand(46, "ofs", "/brands/ofs.html")];
    inventory
}

fn rewrites(plan: &MigrationPlan) -> Vec<(String, String, String)> {
    plan.rewrites
        .iter()
        .filter(|r| matches!(r.kind, RewriteKind::Category | RewriteKind::Brand))
        .map(|r| (r.from.clone(), r.to.clone(), r.path.clone()))
        .collect()
}

#[test]
fn categories_and_brands_are_matched_without_a_table_entities_included() {
    let plan = build_plan(
        &catalog_bundle(),
        &plan_file("update", "fail"),
        catalog_inventory(),
    )
    .unwrap();
    let errors: Vec<_> = plan
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(ToString::to_string)
        .collect();
    assert!(
        errors
            .iter()
            .all(|e| !e.contains("categor") && !e.contains("brand")),
        "{errors:#?}"
    );
    assert_eq!(
        plan.tables.categories.get(&CategoryId(18)),
        Some(&CategoryId(23))
    );
    assert_eq!(
        plan.tables.categories.get(&CategoryId(21)),
        Some(&CategoryId(26)),
        "by name path, not the top-level Coffee & Tea"
    );
    assert_eq!(plan.tables.brands.get(&BrandId(36)), Some(&BrandId(46)));
    let target_keys: Vec<String> = plan
        .documents
        .iter()
        .filter_map(|d| d.target_key.as_ref())
        .map(ToString::to_string)
        .collect();
    assert!(
        target_keys.contains(&"channel 1 pages/category #26".to_owned()),
        "{target_keys:?}"
    );
    assert!(
        target_keys.contains(&"channel 1 pages/brand #46".to_owned()),
        "{target_keys:?}"
    );
    let found = rewrites(&plan);
    let expected = [
        (
            "18",
            "23",
            "page_widgets[channel 1 pages/home].regions[0].children[0].configuration.categoryId",
        ),
        (
            "36",
            "46",
            "page_widgets[channel 1 pages/home].regions[0].children[0].configuration.brandId",
        ),
        (
            "21",
            "26",
            "page_widgets[channel 1 pages/category #21].entity_id",
        ),
        (
            "36",
            "46",
            "page_widgets[channel 1 pages/brand #36].entity_id",
        ),
    ];
    for (from, to, path) in expected {
        assert!(
            found.contains(&(from.to_owned(), to.to_owned(), path.to_owned())),
            "{from} → {to} at {path} missing from {found:#?}"
        );
    }
}

#[test]
fn an_ambiguous_category_is_an_error_listing_the_candidates_where_it_is_used() {
    let mut inventory = catalog_inventory();
    inventory
        .categories
        .push(category(31, 0, "Kitchen!", "/Kitchen"));
    let plan = build_plan(&catalog_bundle(), &plan_file("update", "fail"), inventory).unwrap();
    assert_eq!(plan.tables.categories.get(&CategoryId(18)), None);
    let found = plan
        .diagnostics
        .iter()
        .find(|d| d.code == "mapping.unmapped-category")
        .unwrap_or_else(|| panic!("no diagnostic: {:#?}", plan.diagnostics));
    assert_eq!(found.severity, Severity::Error);
    assert_eq!(
        found.to_string(),
        "error[mapping.unmapped-category] page-widget document `channel 1 pages/home` at \
         `regions[0].children[0].configuration.categoryId`: category `18` has no target: \
         `Kitchen` in the source; 2 target objects have the url `/kitchen/`: #23 `Kitchen` at `/kitchen/`, #31 \
         `Kitchen!` at `/Kitchen` (help: add it to `mappings.categories.explicit`, or set \
         `unmapped: warn` to publish the source id as it is)"
    );
    // The child's name path still finds its target: only 18 is unresolved.
    assert_eq!(
        plan.tables.categories.get(&CategoryId(21)),
        Some(&CategoryId(26))
    );
}

#[test]
fn an_explicit_target_the_target_lacks_is_an_error_whatever_the_policy() {
    let mut plan_file = plan_file("update", "keep");
    plan_file
        .mappings
        .categories
        .explicit
        .insert(CategoryId(18), CategoryId(404));
    plan_file
        .mappings
        .brands
        .explicit
        .insert(BrandId(36), BrandId(46));
    let plan = build_plan(&catalog_bundle(), &plan_file, catalog_inventory()).unwrap();
    let found: Vec<String> = plan
        .diagnostics
        .iter()
        .filter(|d| d.code.contains("explicit-target-missing"))
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        found,
        [
            "error[category.explicit-target-missing] category `Kitchen` (source #18): \
          `mappings.categories` maps it to `404`, which the target channel's tree does not have \
          (help: fix the entry, or remove it to match the category by url and name path)"
        ]
    );
    assert_eq!(plan.tables.categories.get(&CategoryId(18)), None);
    assert_eq!(plan.tables.brands.get(&BrandId(36)), Some(&BrandId(46)));
}

#[test]
fn the_plan_is_stale_when_a_matched_category_or_brand_changes() {
    let plan = build_plan(
        &catalog_bundle(),
        &plan_file("update", "fail"),
        catalog_inventory(),
    )
    .unwrap();
    let categories = crate::fingerprint::categories_key(pageport_model::ChannelId(1));
    assert!(plan.fingerprints.contains_key(&categories));
    assert!(
        plan.fingerprints
            .contains_key(crate::fingerprint::BRANDS_KEY)
    );
    let fresh = || {
        let mut fresh = catalog_inventory();
        fresh.documents = inventory().documents;
        fresh
    };
    assert_eq!(
        crate::fingerprint::stale_objects(&plan, &fresh()).unwrap(),
        Vec::<String>::new()
    );

    let mut moved = fresh();
    moved.categories[1].custom_url = Some(pageport_model::CustomUrl {
        url: "/kitchen/tea/".into(),
        is_customized: true,
    });
    assert_eq!(
        crate::fingerprint::stale_objects(&plan, &moved).unwrap(),
        std::slice::from_ref(&categories)
    );

    let mut gone = fresh();
    gone.categories.clear();
    gone.brands.clear();
    assert_eq!(
        crate::fingerprint::stale_objects(&plan, &gone).unwrap(),
        [
            crate::fingerprint::BRANDS_KEY.to_owned(),
            categories.clone()
        ]
    );

    // A bundle without catalog objects fingerprints none, so no catalog change stales it.
    let plain = scenario_plan();
    assert!(
        plain
            .fingerprints
            .keys()
            .all(|k| !k.starts_with("categories:") && !k.starts_with("brands:"))
    );
}

#[test]
fn a_mapped_product_the_target_channel_does_not_sell_is_warned_about_where_it_is_used() {
    let bundle = bundle();
    let plan_file = plan_file("update", "warn");
    let mut planner = Planner::new(&bundle, &plan_file, inventory()).unwrap();
    assert_eq!(
        planner.mapped_products(),
        [
            pageport_model::ProductId(1077),
            pageport_model::ProductId(1080)
        ]
    );
    planner.set_products_in_channel([pageport_model::ProductId(1077)].into());
    let documents = inventory().documents;
    let plan = planner.finish(documents).unwrap();
    let warnings: Vec<String> = plan
        .diagnostics
        .iter()
        .filter(|d| d.code == "mapping.product-not-in-channel")
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        warnings,
        [
            "warning[mapping.product-not-in-channel] page-widget document `channel 1 pages/home` \
             at `regions[0].children[1].dropzones[1].widgets[0].configuration.productId`: product \
             `1080` is not assigned to channel 1, so that storefront does not show it (help: \
             assign the product to the channel, or change the widget to another product)",
            "warning[mapping.product-not-in-channel] page-widget document `channel 1 pages/home` \
             at `regions[0].children[1].dropzones[1].widgets[0].storefront_api_query_params.productId`: \
             product `1080` is not assigned to channel 1, so that storefront does not show it \
             (help: assign the product to the channel, or change the widget to another product)",
        ]
    );

    // Without the assignments read, nothing is said.
    let unchecked = build_plan(&bundle, &plan_file, inventory()).unwrap();
    assert!(
        unchecked
            .diagnostics
            .iter()
            .all(|d| d.code != "mapping.product-not-in-channel")
    );
}
