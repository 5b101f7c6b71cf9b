//! A realistic synthetic migration for tests and report snapshots: a small staging store
//! (nested pages of several types, a home page with a hero banner and a three-column product
//! layout, global regions) planned against a production store that already has some of it.

use crate::inventory::TargetInventory;
use crate::migration_plan::MigrationPlan;
use crate::planner::build_plan;
use pageport_mapping::PlanFile;
use pageport_model::{
    Bundle, BundleManifest, ChannelId, Page, PageWidgetsDocument, PageWidgetsKey, Product, Region,
    StoreHash, WidgetTemplate,
};
use serde_json::{Value, json};

/// Source template: the hero banner.
pub const S_HERO: &str = "11111111-1111-4111-8111-111111111111";
/// Source template: a product card.
pub const S_CARD: &str = "22222222-2222-4222-8222-222222222222";
/// Source template: rich text (missing in the target).
pub const S_TEXT: &str = "33333333-3333-4333-8333-333333333333";
/// Target template: the hero banner.
pub const T_HERO: &str = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
/// Target template: a product card.
pub const T_CARD: &str = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb";
/// A rich text template of another target channel (must not be matched).
pub const T_TEXT_OTHER_CHANNEL: &str = "cccccccc-cccc-4ccc-8ccc-cccccccccccc";
/// The layout template uuid, which no rule touches.
pub const LAYOUT: &str = "7d42d0b1-1152-4ce3-a6c1-3709f786f295";

/// The access tokens of the test environment: they must never reach a plan or report.
pub const TOKENS: [&str; 2] = ["staging-secret-token-1234", "production-secret-token-5678"];

/// The test environment.
pub fn env(name: &str) -> Option<String> {
    match name {
        "BC_STAGING_TOKEN" => Some(TOKENS[0].to_owned()),
        "BC_PRODUCTION_TOKEN" => Some(TOKENS[1].to_owned()),
        _ => None,
    }
}

/// The plan file with the given policies.
pub fn plan_file(on_existing: &str, unmapped: &str) -> PlanFile {
    plan_file_with(on_existing, unmapped, true)
}

/// The plan file with the given policies and template creation rule.
pub fn plan_file_with(on_existing: &str, unmapped: &str, create_missing: bool) -> PlanFile {
    let text = format!(
        r#"version: 1
stores:
  staging:
    store_hash: abc123
    access_token: ${{BC_STAGING_TOKEN}}
  production:
    store_hash: xyz789
    access_token: ${{BC_PRODUCTION_TOKEN}}
source: {{ store: staging, channel_id: 1 }}
target: {{ store: production, channel_id: 1 }}
select:
  pages: all
  page_widgets:
    - global
    - template_file: pages/home
    - template_file: pages/page
mappings:
  widget_templates: {{ match_by: name, create_missing: {create_missing} }}
  products: {{ match_by: sku }}
on_existing: {on_existing}
unmapped: {unmapped}
"#
    );
    PlanFile::from_str(&text, "migrations.yaml", &env).unwrap()
}

/// A value of any serde type from JSON.
pub fn from<T: serde::de::DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).unwrap_or_else(|e| panic!("test value: {e}"))
}

/// A widget as JSON.
pub fn widget(uuid: &str, name: &str, configuration: Value) -> Value {
    json!({"type": "widget", "widget_template_uuid": uuid, "name": name,
           "configuration": configuration})
}

/// A product card widget for `id`, with the id as a string in `configuration` and as a number
/// in `storefront_api_query_params`, as Page Builder writes them.
pub fn card(uuid: &str, id: u64) -> Value {
    json!({"type": "widget", "widget_template_uuid": uuid, "name": "Product card",
           "configuration": {"productId": id.to_string(), "showPrice": true},
           "storefront_api_query_params": {"productId": id}})
}

/// A document key of channel 1.
pub fn key(template_file: Option<&str>, entity: Option<&str>) -> PageWidgetsKey {
    PageWidgetsKey {
        channel_id: ChannelId(1),
        template_file: template_file.map(Into::into),
        entity_id: entity.map(Into::into),
    }
}

/// A source document.
pub fn document(key: PageWidgetsKey, regions: Value) -> PageWidgetsDocument {
    PageWidgetsDocument {
        key,
        regions: from(regions),
    }
}

fn template(uuid: &str, name: &str, channel: u64) -> WidgetTemplate {
    from(
        json!({"uuid": uuid, "name": name, "template": format!("<div>{name}</div>"),
                "kind": "custom", "channel_id": channel,
                "schema": [{"type": "tab", "label": "Content"}]}),
    )
}

fn product(id: u64, name: &str, sku: &str) -> Product {
    from(json!({"id": id, "name": name, "sku": sku, "type": "physical"}))
}

/// The "About Us" page as the source has it (source #3).
pub fn about_source() -> Value {
    json!({"id": 3, "channel_id": 1, "name": "About Us", "type": "page", "is_visible": true,
           "parent_id": 0, "sort_order": 2, "is_homepage": false, "is_customers_only": false,
           "url": "/about-us/", "meta_title": "About Us | Example Store",
           "meta_keywords": null, "meta_description": "Who we are", "search_keywords": "",
           "body": "<p>Family-run since 1998.</p>"})
}

/// The "Contact Us" contact form as both stores have it (source #4, target #32).
pub fn contact(id: u64) -> Value {
    json!({"id": id, "channel_id": 1, "name": "Contact Us", "type": "contact_form",
           "is_visible": true, "parent_id": 0, "sort_order": 3, "is_homepage": false,
           "is_customers_only": false, "url": "/contact-us/", "meta_title": "",
           "meta_keywords": null, "meta_description": "", "search_keywords": "",
           "body": "<p>Write to us.</p>", "email": "hello@example.com",
           "contact_fields": "fullname,phone,orderno"})
}

/// The source pages.
pub fn source_pages() -> Vec<Page> {
    from(json!([
        {"id": 1, "channel_id": 1, "name": "Help", "type": "page", "is_visible": true,
         "parent_id": 0, "sort_order": 1, "url": "/help/", "body": "<p>How can we help?</p>"},
        {"id": 2, "channel_id": 1, "name": "Shipping & Returns", "type": "page",
         "is_visible": true, "parent_id": 1, "sort_order": 0, "url": "/shipping-returns/",
         "meta_title": "Shipping & Returns", "body": "<p>Free returns within 30 days.</p>"},
        about_source(),
        contact(4),
        {"id": 5, "channel_id": 1, "name": "Size Chart", "type": "raw", "is_visible": true,
         "parent_id": 1, "sort_order": 1, "url": "/size-chart/", "content_type": "text/html",
         "body": "<table><tr><td>S</td><td>M</td></tr></table>"},
        {"id": 6, "channel_id": 1, "name": "Instagram", "type": "link", "is_visible": true,
         "parent_id": 0, "sort_order": 9, "link": "https://instagram.com/example"}
    ]))
}

/// The source documents: global regions, the home page, and two `pages/page` documents.
pub fn source_documents() -> Vec<PageWidgetsDocument> {
    vec![
        document(
            key(None, None),
            json!([{"name": "header_bottom--global", "children": [
                widget(S_TEXT, "Free shipping bar", json!({"richText": "<p>Free shipping over $50</p>"}))
            ]}]),
        ),
        document(
            key(Some("pages/home"), None),
            json!([{"name": "home_below_menu", "children": [
                widget(S_HERO, "Hero banner", json!({
                    "heading": "Spring sale", "buttonLink": "/shop/",
                    "imageUrl": {"src": "https://cdn11.bigcommerce.com/s-abc123/images/stencil/original/hero.jpg"}
                })),
                {"type": "layout", "layout_template_uuid": LAYOUT, "name": "Three columns",
                 "dropzones": [
                    {"widgets": [card(S_CARD, 77)]},
                    {"widgets": [card(S_CARD, 80)]},
                    {"widgets": [card(S_CARD, 99)]}
                 ]}
            ]}]),
        ),
        document(
            key(Some("pages/page"), Some("2")),
            json!([{"name": "page_builder_content", "children": [
                widget(S_TEXT, "Returns text", json!({"richText": "<h2>Returns</h2>"}))
            ]}]),
        ),
        document(
            key(Some("pages/page"), Some("3")),
            json!([{"name": "page_builder_content", "children": [
                widget(S_HERO, "Our story", json!({"heading": "Our story"}))
            ]}]),
        ),
    ]
}

/// The bundle extracted from the staging store.
pub fn bundle() -> Bundle {
    let mut bundle = Bundle {
        manifest: BundleManifest {
            format_version: 1,
            pageport_version: "0.1.0".into(),
            source_store_hash: StoreHash::from("abc123"),
            channel_id: ChannelId(1),
            extracted_at: "2025-03-01T12:00:00Z".into(),
            counts: Default::default(),
            storefront_urls: None,
        },
        pages: source_pages(),
        reference_pages: vec![],
        page_widgets: source_documents(),
        widget_templates: vec![
            template(S_HERO, "Hero Banner", 1),
            template(S_CARD, "Product Card", 1),
            template(S_TEXT, "Rich Text", 1),
        ],
        products: vec![
            product(77, "Linen Shirt", "SKU-77"),
            product(80, "Canvas Tote", "SKU-80"),
            product(99, "Gift Card", "SKU-99"),
        ],
        categories: Vec::new(),
        brands: Vec::new(),
    };
    bundle.manifest.counts = bundle.count();
    bundle
}

/// The production store: "About Us" (to update), "Contact Us" (unchanged), a "Help" page in
/// another channel, two of the three templates, two of the three products, a home page to
/// overwrite and an About Us document equal to the source's.
pub fn inventory() -> TargetInventory {
    let mut about = about_source();
    about["id"] = json!(31);
    about["meta_title"] = json!("About Us");
    about["body"] = json!("<p>Family-run since 1999.</p>");
    let mut inventory = TargetInventory::new(StoreHash::from("xyz789"), ChannelId(1));
    inventory.pages = from(json!([
        about,
        contact(32),
        {"id": 40, "channel_id": 2, "name": "Help", "type": "page", "url": "/help/"}
    ]));
    inventory.widget_templates = vec![
        template(T_HERO, "Hero Banner", 1),
        template(T_CARD, "Product Card", 1),
        template(T_TEXT_OTHER_CHANNEL, "Rich Text", 2),
    ];
    inventory.products = vec![
        product(1077, "Linen Shirt", "SKU-77"),
        product(1080, "Canvas Tote", "SKU-80"),
    ];
    let home: Vec<Region> = from(json!([{"name": "home_below_menu", "children": [
        widget(T_HERO, "Old banner", json!({"heading": "Winter sale"})),
        {"type": "layout", "layout_template_uuid": LAYOUT, "name": "Two columns",
         "dropzones": [
            {"widgets": [card(T_CARD, 1077)]},
            {"widgets": [card(T_CARD, 1080)]}
         ]}
    ]}]));
    let about_document: Vec<Region> = from(json!([{"name": "page_builder_content", "children": [
        widget(T_HERO, "Our story", json!({"heading": "Our story"}))
    ]}]));
    inventory
        .documents
        .insert(key(Some("pages/home"), None), home);
    inventory
        .documents
        .insert(key(Some("pages/page"), Some("31")), about_document);
    inventory
}

/// The scenario's plan file with `mappings.widget_templates.on_drift` set, under
/// `unmapped: warn` (so a plan has errors only from its templates).
pub fn plan_file_on_drift(on_drift: &str) -> PlanFile {
    let mut plan = plan_file("update", "warn");
    plan.mappings.widget_templates.on_drift =
        serde_json::from_value(json!(on_drift)).unwrap_or_else(|e| panic!("on_drift: {e}"));
    plan
}

/// The production store of the scenario with its `Hero Banner` template drifted: an older
/// two-line `template` text, another schema and a GraphQL query the source lacks.
pub fn drifted_inventory() -> TargetInventory {
    let mut inventory = inventory();
    let hero = inventory
        .widget_templates
        .iter_mut()
        .find(|t| t.uuid.as_str() == T_HERO)
        .unwrap_or_else(|| panic!("the scenario has a hero template"));
    hero.template = "<div>Hero Banner</div>\n<p>{{heading}}</p>".into();
    hero.schema = Some(json!([{"type": "tab", "label": "Old content"}]));
    hero.storefront_api_query = Some("query { site { settings { storeName } } }".into());
    hero.current_version_uuid = Some("0a0b0c0d-0e0f-4a1b-8c2d-3e4f5a6b7c8d".into());
    inventory
}

/// The scenario planned against [`drifted_inventory`] under `on_drift`.
pub fn drift_plan(on_drift: &str) -> MigrationPlan {
    build_plan(
        &bundle(),
        &plan_file_on_drift(on_drift),
        drifted_inventory(),
    )
    .unwrap()
}

/// The scenario's plan under `on_existing: update`, `unmapped: fail`.
pub fn scenario_plan() -> MigrationPlan {
    build_plan(&bundle(), &plan_file("update", "fail"), inventory()).unwrap()
}
