//! The repository's `migrations.example.yaml` loads as documented.

use crate::support::empty_env;
use pageport_mapping::plan_file::ApiBase;
use pageport_mapping::{
    OnExisting, PageSelection, PageWidgetsSelector, PlanFile, ProductMatch, TemplateMatch,
    UnmappedPolicy,
};
use pageport_model::{ChannelId, EntityId, Limits};
use std::path::PathBuf;

fn example_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../migrations.example.yaml")
}

#[test]
fn the_example_plan_loads_without_any_environment() {
    let plan = PlanFile::from_path(example_path(), &empty_env).expect("the example plan is valid");
    assert_eq!(plan.source.store, "staging");
    assert_eq!(plan.target.store, "production");
    assert_eq!(plan.source.config.store_hash.as_str(), "staging");
    assert_eq!(plan.target.config.store_hash.as_str(), "production");
    for store in plan.stores.values() {
        assert_eq!(store.api_base, ApiBase::Sandbox("demo".to_owned()));
        assert!(store.access_token.is_none());
    }
    assert_eq!(
        (plan.source.channel_id, plan.target.channel_id),
        (ChannelId(1), ChannelId(1))
    );
    assert_eq!(plan.select.pages, PageSelection::All);
    assert_eq!(
        plan.select.page_widgets,
        vec![
            PageWidgetsSelector::Global,
            PageWidgetsSelector::Template {
                template_file: "pages/home".into(),
                entity_ids: None
            },
            PageWidgetsSelector::Template {
                template_file: "pages/page".into(),
                entity_ids: None
            },
            PageWidgetsSelector::Template {
                template_file: "pages/product".into(),
                entity_ids: Some(vec![EntityId::from("77"), EntityId::from("80")])
            },
        ]
    );
    assert_eq!(plan.mappings.widget_templates.match_by, TemplateMatch::Name);
    assert!(plan.mappings.widget_templates.create_missing);
    assert_eq!(plan.mappings.products.match_by, ProductMatch::Sku);
    assert_eq!(plan.on_existing, OnExisting::Update);
    assert_eq!(plan.unmapped, UnmappedPolicy::Fail);
    assert_eq!(plan.limits, Limits::default());
    assert_eq!((plan.batch_size, plan.concurrency), (10, 4));
}
