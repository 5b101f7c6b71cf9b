//! Builders shared by the integration tests: an owned input and small page/document makers.

use pageport_model::{
    ChannelId, EntityId, Limits, Page, PageId, PageType, PageWidgetsKey, StoreHash, TemplateFile,
    WidgetTemplateUuid,
};
use pageport_validate::{
    PageAction, ParentRef, PlannedDocument, PlannedPage, Report, TargetFacts, ValidationInput,
    validate,
};
use serde_json::Value;
use std::borrow::Cow;

/// A widget template uuid that exists in the target channel.
pub const TEMPLATE: &str = "d181ebd5-f42c-4f96-8f9d-c605023f5cb6";

/// Everything a [`ValidationInput`] borrows, owned.
pub struct Scenario {
    pub limits: Limits,
    pub source_store_hash: StoreHash,
    pub target_store_hash: StoreHash,
    pub pages: Vec<PlannedPage<'static>>,
    pub documents: Vec<PlannedDocument<'static>>,
    pub target: TargetFacts,
    pub hosts: Vec<String>,
}

impl Scenario {
    /// An empty migration from store `abc123` to channel 1 of store `xyz789`.
    pub fn new() -> Self {
        let mut target = TargetFacts::default();
        target
            .widget_templates
            .insert(WidgetTemplateUuid::from(TEMPLATE));
        Self {
            limits: Limits::default(),
            source_store_hash: StoreHash::from("abc123"),
            target_store_hash: StoreHash::from("xyz789"),
            pages: Vec::new(),
            documents: Vec::new(),
            target,
            hosts: vec!["staging.example.com".to_owned()],
        }
    }

    /// Validates the scenario.
    pub fn validate(&self) -> Report {
        validate(&ValidationInput {
            limits: &self.limits,
            source_store_hash: &self.source_store_hash,
            target_store_hash: &self.target_store_hash,
            target_channel: ChannelId(1),
            pages: &self.pages,
            documents: &self.documents,
            target: &self.target,
            source_storefront_hosts: &self.hosts,
        })
    }
}

/// A page of `page_type` in channel 1 with url `/<name>/`.
pub fn page(name: &str, page_type: PageType) -> Page {
    let mut page = Page::new(name, page_type);
    page.channel_id = Some(ChannelId(1));
    page.url = Some(format!("/{}/", name.to_lowercase().replace(' ', "-")));
    page
}

/// A target page with an id.
pub fn target_page(id: u64, channel: u64, name: &str) -> Page {
    let mut page = page(name, PageType::Page);
    page.id = Some(PageId(id));
    page.channel_id = Some(ChannelId(channel));
    page
}

/// A planned create of `page` with `parent`.
pub fn create(source_id: u64, page: Page, parent: ParentRef) -> PlannedPage<'static> {
    PlannedPage {
        source_id: Some(PageId(source_id)),
        page: Cow::Owned(page),
        action: PageAction::Create,
        parent,
    }
}

/// A new document in channel 1.
pub fn document(
    template_file: &str,
    entity_id: Option<&str>,
    regions: Value,
) -> PlannedDocument<'static> {
    PlannedDocument {
        key: PageWidgetsKey {
            channel_id: ChannelId(1),
            template_file: Some(TemplateFile::from(template_file)),
            entity_id: entity_id.map(EntityId::from),
        },
        regions: Cow::Owned(serde_json::from_value(regions).unwrap()),
        overwrites: None,
    }
}
