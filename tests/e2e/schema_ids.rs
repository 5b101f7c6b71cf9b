//! Ids found through the widget templates' own schemas, end to end: the demo's Product Carousel
//! names its picker `featured`, keeps pickers in `slides[].product`, and sends both to its
//! GraphQL query as `featuredProductId` and `slideIds`; none of those keys is in
//! `mappings.fields`, and the migration must still land production ids there.

use crate::apply_command::{apply_live, live_plan};
use crate::support::workdir;
use pageport_model::PageWidgetsKey;
use pageport_test_support::blocking::{StoreApi, template_uuid};
use pageport_test_support::{SandboxExt, demo};
use serde_json::{Value, json};

/// The first widget of `template` in a document of `store`, as JSON.
fn widget_of(
    sandbox: &pageport_sandbox::RunningSandbox,
    store: &str,
    key: &str,
    template: &str,
) -> Value {
    let state = sandbox.store(store);
    let (_, regions) = state
        .page_widgets
        .iter()
        .find(|(k, _): &(&PageWidgetsKey, _)| k.to_string() == key)
        .unwrap_or_else(|| panic!("{store} has no document {key}"));
    let regions = serde_json::to_value(regions).expect("regions serialize");
    regions
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|r| r["children"].as_array().cloned().unwrap_or_default())
        .find(|w| w["widget_template_uuid"] == template)
        .unwrap_or_else(|| panic!("{key} has no widget of {template}"))
}

#[test]
fn the_plan_reports_schema_rules_and_apply_lands_production_ids_at_schema_paths() {
    let sandbox = demo();
    let dir = workdir();
    let plan = live_plan();
    let report = sandbox.run(&dir, &["plan", "-f", plan.as_str(), "--format", "json"]);
    report.assert_code(0).assert_no_secret();
    let json: Value = serde_json::from_str(&report.stdout).expect("a JSON report");
    let products = json["rewrites"]["by_kind"]["product"]["distinct"]
        .as_array()
        .expect("product rewrites");
    let featured = products
        .iter()
        .find(|p| {
            p["first_at"]
                .as_str()
                .is_some_and(|at| at.ends_with(".configuration.featured"))
        })
        .expect("the freely named picker is rewritten");
    assert_eq!(
        (&featured["from"], &featured["to"], &featured["rule"]),
        (&json!("98"), &json!("1098"), &json!("schema"))
    );
    // The guide's Product template declares its picker as a `productId` setting too; only the
    // documents' entity ids (a fixed field, no rule) are found otherwise.
    assert!(
        products
            .iter()
            .filter(|p| !p["rule"].is_null())
            .all(|p| p["rule"] == "schema"),
        "every product id of the demo is declared by a schema: {products:#?}"
    );
    let warnings: Vec<&Value> = json["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["code"] == "mapping.unrecognised-id")
        .collect();
    assert!(
        warnings.is_empty(),
        "the demo has no unrecognised ids: {warnings:#?}"
    );
    sandbox.assert_no_writes();

    apply_live(&dir, &sandbox, &[])
        .assert_code(0)
        .assert_no_secret();
    let carousel = template_uuid(&sandbox, "production", "Product Carousel");
    let home = widget_of(&sandbox, "production", "channel 1 pages/home", &carousel);
    assert_eq!(home["configuration"]["featured"], json!("1098"));
    assert_eq!(home["configuration"]["categoryId"], json!("23"));
    assert_eq!(
        home["storefront_api_query_params"],
        json!({"featuredProductId": 1098, "categoryId": 23})
    );
    let product = widget_of(
        &sandbox,
        "production",
        "channel 1 pages/product #1077",
        &carousel,
    );
    assert_eq!(
        product["configuration"]["slides"],
        json!([{"product": "1080", "caption": "Grow"}, {"product": 1093, "caption": "Store"},
               {"product": "1104", "caption": ""}]),
        "array elements mapped, each keeping its JSON type"
    );
    assert_eq!(
        product["configuration"]["featured"],
        json!(""),
        "unset stays unset"
    );
    assert_eq!(
        product["storefront_api_query_params"]["slideIds"],
        json!([1080, 1093, 1104])
    );
}

#[test]
fn an_unresolvable_id_at_a_schema_path_is_an_error_with_its_path_and_nothing_is_written() {
    let sandbox = demo();
    let staging = StoreApi::staging(&sandbox);
    let state = sandbox.store("staging");
    let (_, home) = state
        .page_widgets
        .iter()
        .find(|(k, _): &(&PageWidgetsKey, _)| k.to_string() == "channel 1 pages/home")
        .expect("staging has a home document");
    let mut regions = serde_json::to_value(home).expect("regions serialize");
    let carousel = template_uuid(&sandbox, "staging", "Product Carousel");
    let mut edited = 0;
    for region in regions.as_array_mut().expect("regions") {
        for child in region["children"].as_array_mut().expect("children") {
            if child["widget_template_uuid"] == carousel.as_str() {
                // A product the source store does not have: nothing can match it by SKU.
                child["configuration"]["featured"] = json!("4242");
                edited += 1;
            }
        }
    }
    assert_eq!(edited, 1);
    staging.publish("pages/home", regions);

    let before = sandbox.requests().len();
    let dir = workdir();
    let run = apply_live(&dir, &sandbox, &[]);
    run.assert_code(3).assert_no_secret();
    run.assert_stdout_says("mapping.unmapped-product")
        .assert_stdout_says("regions[2].children[0].configuration.featured")
        .assert_stdout_says("product `4242` has no target");
    assert_eq!(
        sandbox.writes_after(before),
        Vec::<String>::new(),
        "no write to any store"
    );
}
