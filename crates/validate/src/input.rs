//! What validation looks at: the remapped pages and documents a migration is about to write, and
//! the facts about the target it will write them into.

use pageport_model::escape::quote;
use pageport_model::{
    ChannelId, Limits, Page, PageId, PageWidgetsKey, Region, StoreHash, WidgetTemplateUuid,
};
use std::borrow::Cow;
use std::collections::BTreeSet;

/// Everything one validation pass needs, borrowed from the caller.
#[derive(Debug, Clone, Copy)]
pub struct ValidationInput<'a> {
    /// The limits to check against (the documented values unless the plan overrides them).
    pub limits: &'a Limits,
    /// The store the content was extracted from; its hash in URLs is a leak.
    pub source_store_hash: &'a StoreHash,
    /// The store written to; when it is the source store (a channel-to-channel copy), URLs with
    /// the store hash are the target's own and are not reported.
    pub target_store_hash: &'a StoreHash,
    /// The channel every planned page and document is written to.
    pub target_channel: ChannelId,
    /// The planned web pages, remapped, in plan order.
    pub pages: &'a [PlannedPage<'a>],
    /// The planned page-widget documents, remapped, in plan order.
    pub documents: &'a [PlannedDocument<'a>],
    /// What the target store holds now.
    pub target: &'a TargetFacts,
    /// Hosts of the source storefront (such as `store-abc123.mybigcommerce.com`); absolute links
    /// to them are reported. May be empty.
    pub source_storefront_hosts: &'a [String],
}

/// One web page the plan handles; the page is borrowed from the plan when it can be.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedPage<'a> {
    /// The page's id in the source store, when it came from one.
    pub source_id: Option<PageId>,
    /// The page as it will be written (remapped). Its `parent_id` is ignored: the parent is
    /// [`PlannedPage::parent`], since a new parent's target id is unknown until apply.
    pub page: Cow<'a, Page>,
    /// What the plan does with it.
    pub action: PageAction,
    /// Where its parent will come from.
    pub parent: ParentRef,
}

/// What the plan does with a planned page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageAction {
    /// The page is created in the target.
    Create,
    /// The target page `target_id` is overwritten with this page.
    Update {
        /// The target page being updated.
        target_id: PageId,
    },
    /// The target page `target_id` already equals this page; nothing is written.
    Unchanged {
        /// The matching target page.
        target_id: PageId,
    },
    /// The plan leaves this page out (for example `on_existing: skip`); nothing is written.
    Skip,
}

impl PageAction {
    /// True when the plan sends this page to the store (create or update).
    pub fn writes(self) -> bool {
        matches!(self, PageAction::Create | PageAction::Update { .. })
    }

    /// The target page this planned page is, or replaces, if any.
    pub fn target_id(self) -> Option<PageId> {
        match self {
            PageAction::Update { target_id } | PageAction::Unchanged { target_id } => {
                Some(target_id)
            }
            PageAction::Create | PageAction::Skip => None,
        }
    }
}

/// Where a planned page's parent will come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParentRef {
    /// A top-level page.
    None,
    /// A page that exists in the target, by its target id.
    Existing(PageId),
    /// A page of the plan, by its source id.
    Planned(PageId),
    /// A source parent that the plan neither migrates nor matched in the target.
    Dangling(PageId),
}

/// One page-widget document the plan publishes; its content is borrowed from the plan when it
/// can be, so validating a large plan does not copy every document.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedDocument<'a> {
    /// Where the document will be published (remapped, addressed to the target).
    pub key: PageWidgetsKey,
    /// The document's regions as they will be published (remapped).
    pub regions: Cow<'a, [Region]>,
    /// The counts of the target document it replaces (a publish is a destructive replace);
    /// `None` when the target has no document at that key.
    pub overwrites: Option<DocumentCounts>,
}

/// How many layouts and widgets a page-widget document holds, at every depth.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DocumentCounts {
    /// Layouts.
    pub layouts: usize,
    /// Widgets, including those inside layouts.
    pub widgets: usize,
}

/// What the target store holds before the migration.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TargetFacts {
    /// Every web page of the target store, in every channel.
    pub pages: Vec<Page>,
    /// Layouts the target channel holds now, across all its documents.
    pub channel_layouts: usize,
    /// Widgets the target channel holds now, across all its documents.
    pub channel_widgets: usize,
    /// Widget template uuids that exist in the target channel.
    pub widget_templates: BTreeSet<WidgetTemplateUuid>,
    /// Widget template uuids the plan creates in the target channel before publishing.
    pub templates_to_create: BTreeSet<WidgetTemplateUuid>,
}

/// The channel of a target page; one without `channel_id` is in [`ChannelId::DEFAULT`].
pub(crate) fn channel_of(page: &Page) -> ChannelId {
    ChannelId::or_default(page.channel_id)
}

impl PlannedPage<'_> {
    /// How the page reads in a message: `` `About us` (source #12) ``.
    pub(crate) fn describe(&self) -> String {
        match self.source_id {
            Some(id) => format!("{} (source #{id})", quote(&self.page.name)),
            None => quote(&self.page.name),
        }
    }

    /// The location of the whole page.
    pub(crate) fn location(&self) -> crate::Location {
        crate::Location::page(self.source_id, self.page.name.clone())
    }

    /// The location of one field of the page, such as `body`.
    pub(crate) fn field_location(&self, field: &str) -> crate::Location {
        crate::Location::page_field(self.source_id, self.page.name.clone(), field)
    }
}

/// How a target page reads in a message: `` `About us` (target #31) ``.
pub(crate) fn describe_target(page: &Page) -> String {
    match page.id {
        Some(id) => format!("{} (target #{id})", quote(&page.name)),
        None => quote(&page.name),
    }
}
