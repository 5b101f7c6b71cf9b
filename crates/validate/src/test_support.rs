//! Builders for unit tests: a valid baseline input that each test bends to trigger one rule.

use crate::input::{PageAction, ParentRef, PlannedDocument, PlannedPage, TargetFacts};
use crate::{Diagnostic, DiagnosticCode, Report, ValidationInput, validate};
use pageport_model::{
    ChannelId, EntityId, Limits, Page, PageId, PageType, PageWidgetsKey, StoreHash, TemplateFile,
    WidgetTemplateUuid,
};
use serde_json::{Value, json};
use std::borrow::Cow;

/// A widget template uuid that exists in the target channel of every fixture.
pub(crate) const TEMPLATE: &str = "d181ebd5-f42c-4f96-8f9d-c605023f5cb6";

/// An owned validation input; starts valid and empty.
pub(crate) struct Fixture {
    pub limits: Limits,
    pub source_store_hash: StoreHash,
    pub target_store_hash: StoreHash,
    pub target_channel: ChannelId,
    pub pages: Vec<PlannedPage<'static>>,
    pub documents: Vec<PlannedDocument<'static>>,
    pub target: TargetFacts,
    pub hosts: Vec<String>,
}

impl Fixture {
    pub(crate) fn new() -> Self {
        let mut target = TargetFacts::default();
        target
            .widget_templates
            .insert(WidgetTemplateUuid::from(TEMPLATE));
        Self {
            limits: Limits::default(),
            source_store_hash: StoreHash::from("abc123"),
            target_store_hash: StoreHash::from("xyz789"),
            target_channel: ChannelId(1),
            pages: Vec::new(),
            documents: Vec::new(),
            target,
            hosts: vec!["staging.example.com".to_owned()],
        }
    }

    pub(crate) fn input(&self) -> ValidationInput<'_> {
        ValidationInput {
            limits: &self.limits,
            source_store_hash: &self.source_store_hash,
            target_store_hash: &self.target_store_hash,
            target_channel: self.target_channel,
            pages: &self.pages,
            documents: &self.documents,
            target: &self.target,
            source_storefront_hosts: &self.hosts,
        }
    }

    pub(crate) fn run(&self) -> Report {
        validate(&self.input())
    }

    /// The single diagnostic of `code` in `report`; panics (fails the test) unless there is
    /// exactly one.
    pub(crate) fn only<'r>(&self, report: &'r Report, code: DiagnosticCode) -> &'r Diagnostic {
        let found: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| d.code == code)
            .collect();
        assert_eq!(found.len(), 1, "expected one {code}, got {report:#?}");
        found[0]
    }
}

/// The codes of `report`, in report order.
pub(crate) fn codes(report: &Report) -> Vec<DiagnosticCode> {
    report.diagnostics.iter().map(|d| d.code).collect()
}

/// A valid page of `page_type`: the fields its type requires are filled in, and every type but
/// `link` gets a url derived from the name.
pub(crate) fn page(name: &str, page_type: PageType) -> Page {
    let mut page = Page::new(name, page_type.clone());
    page.channel_id = Some(ChannelId(1));
    match page_type {
        PageType::Raw => page.body = Some(Some("<p>raw</p>".to_owned())),
        PageType::Link => page.link = Some("https://example.org/elsewhere".to_owned()),
        PageType::Feed => page.feed = Some("https://example.org/feed.xml".to_owned()),
        _ => {}
    }
    if page_type != PageType::Link {
        page.url = Some(format!("/{}/", name.to_lowercase().replace(' ', "-")));
    }
    page
}

/// A planned create of `page`, top level.
pub(crate) fn create(source_id: u64, page: Page) -> PlannedPage<'static> {
    PlannedPage {
        source_id: Some(PageId(source_id)),
        page: Cow::Owned(page),
        action: PageAction::Create,
        parent: ParentRef::None,
    }
}

/// A planned update of target page `target_id` with `page`, top level.
pub(crate) fn update(source_id: u64, target_id: u64, page: Page) -> PlannedPage<'static> {
    PlannedPage {
        action: PageAction::Update {
            target_id: PageId(target_id),
        },
        ..create(source_id, page)
    }
}

/// A target page of type `page` in `channel`.
pub(crate) fn target_page(id: u64, channel: u64, name: &str) -> Page {
    let mut page = page(name, PageType::Page);
    page.id = Some(PageId(id));
    page.channel_id = Some(ChannelId(channel));
    page
}

/// A new document in channel 1 with `regions` (JSON).
pub(crate) fn document(
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
        regions: Cow::Owned(
            serde_json::from_value(regions).unwrap_or_else(|e| panic!("regions: {e}")),
        ),
        overwrites: None,
    }
}

/// A widget of [`TEMPLATE`] with `configuration`.
pub(crate) fn widget(configuration: Value) -> Value {
    json!({"type": "widget", "widget_template_uuid": TEMPLATE, "configuration": configuration})
}

/// One region named `main` holding `count` widgets of [`TEMPLATE`].
pub(crate) fn widgets(count: usize) -> Value {
    json!([{"name": "main", "children": vec![widget(json!({})); count]}])
}
