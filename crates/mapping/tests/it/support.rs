//! Shared helpers: an environment that holds test tokens, and fixture paths.

use std::path::PathBuf;

/// The test environment: two tokens and a store hash, nothing else.
pub fn env(name: &str) -> Option<String> {
    match name {
        "BC_STAGING_TOKEN" => Some("staging-secret-token".to_owned()),
        "BC_PRODUCTION_TOKEN" => Some("production-secret-token".to_owned()),
        "STAGING_HASH" => Some("abc123".to_owned()),
        _ => None,
    }
}

/// An environment with no variables at all.
pub fn empty_env(_: &str) -> Option<String> {
    None
}

/// A file under `tests/fixtures`.
pub fn fixture(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(relative)
}

use pageport_mapping::plan_file::{FieldNames, UnmappedPolicy};
use pageport_mapping::{IdMap, PageIdMap, RemapTables};
use pageport_model::{
    BrandId, CategoryId, ChannelId, PageWidgetsDocument, ProductId, WidgetTemplateUuid,
};
use serde_json::Value;

/// Source widget template uuids of the test documents.
pub const SOURCE_HERO: &str = "11111111-1111-4111-8111-111111111111";
/// Another source template.
pub const SOURCE_CARD: &str = "22222222-2222-4222-8222-222222222222";
/// Target uuid of the hero template.
pub const TARGET_HERO: &str = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
/// Target uuid of the card template.
pub const TARGET_CARD: &str = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb";
/// A layout template uuid, which no rule touches.
pub const LAYOUT: &str = "7d42d0b1-1152-4ce3-a6c1-3709f786f295";

/// Tables with every kind filled: hero and card templates, products 77→1077 and 80→1080,
/// category 18→23, brand 3→9, channel 1→2; no pages.
pub fn tables(policy: UnmappedPolicy) -> RemapTables {
    RemapTables {
        channels: [(ChannelId(1), ChannelId(2))].into_iter().collect(),
        widget_templates: [
            (
                WidgetTemplateUuid::from(SOURCE_HERO),
                WidgetTemplateUuid::from(TARGET_HERO),
            ),
            (
                WidgetTemplateUuid::from(SOURCE_CARD),
                WidgetTemplateUuid::from(TARGET_CARD),
            ),
        ]
        .into_iter()
        .collect(),
        products: [
            (ProductId(77), ProductId(1077)),
            (ProductId(80), ProductId(1080)),
        ]
        .into_iter()
        .collect(),
        categories: [(CategoryId(18), CategoryId(23))].into_iter().collect(),
        brands: [(BrandId(3), BrandId(9))].into_iter().collect(),
        pages: PageIdMap::new(),
        fields: FieldNames::default(),
        schemas: Default::default(),
        unmapped: policy,
    }
}

/// Tables that map nothing at all.
pub fn empty_tables(policy: UnmappedPolicy) -> RemapTables {
    RemapTables {
        channels: IdMap::new(),
        widget_templates: IdMap::new(),
        products: IdMap::new(),
        categories: IdMap::new(),
        brands: IdMap::new(),
        pages: PageIdMap::new(),
        fields: FieldNames::default(),
        schemas: Default::default(),
        unmapped: policy,
    }
}

/// A document from its JSON form.
pub fn document(value: Value) -> PageWidgetsDocument {
    serde_json::from_value(value).unwrap_or_else(|e| panic!("test document: {e}"))
}

/// The smallest valid plan (two stores with tokens from `env`, every page): tests add to it
/// or replace parts of it.
pub const MINIMAL: &str = "\
version: 1
stores:
  staging:
    store_hash: abc
    access_token: ${BC_STAGING_TOKEN}
  production:
    store_hash: xyz
    access_token: ${BC_PRODUCTION_TOKEN}
source:
  store: staging
target:
  store: production
select:
  pages: all
";
