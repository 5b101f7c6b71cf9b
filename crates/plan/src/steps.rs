//! The steps of a migration plan: widget templates to create or update, pages to create or update, and
//! page-widget documents to publish, each with what it changes and its layer in the graph.
//!
//! Every step keeps the object as extracted (`source`) next to the remapped one, because
//! references to objects apply creates (new pages, new templates) stay *pending* until then:
//! apply fills the tables with the new ids and remaps `source` again.

use crate::diff::{DocumentOverwrite, FieldChange};
use crate::graph::StepRef;
use crate::matching::MatchedBy;
use pageport_model::{
    Page, PageId, PageType, PageWidgetsDocument, PageWidgetsKey, WidgetTemplateCreate,
    WidgetTemplateUpdate, WidgetTemplateUuid,
};
use serde::{Deserialize, Serialize};
use std::fmt;

/// What the plan does with a web page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PageStepAction {
    /// Create it in the target.
    Create,
    /// Update the matched target page (its `changes`).
    Update,
    /// The matched target page already equals it; no call.
    Unchanged,
    /// The target has it and `on_existing: skip` leaves it; no call.
    Skip,
    /// It cannot be written (a `blog` page missing from the target); validation reports why.
    Blocked,
}

/// Where a planned page's parent will be.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ParentPlan {
    /// A top-level page.
    None,
    /// A page that exists in the target: a planned page matched there.
    Existing {
        /// The parent's target id.
        target_id: PageId,
        /// Its name, for reports.
        name: String,
    },
    /// A page the plan creates first.
    Planned {
        /// The parent's source id.
        source_id: PageId,
        /// Its name, for reports.
        name: String,
    },
    /// A source parent that will not exist in the target (validation reports it).
    Dangling {
        /// The parent's source id.
        source_id: PageId,
    },
}

impl ParentPlan {
    /// The parent's name, when it will exist.
    pub fn name(&self) -> Option<&str> {
        match self {
            ParentPlan::Existing { name, .. } | ParentPlan::Planned { name, .. } => Some(name),
            ParentPlan::None | ParentPlan::Dangling { .. } => None,
        }
    }
}

/// One web page of the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageStep {
    /// The page's id in the source store.
    pub source_id: PageId,
    /// The page name (as written).
    pub name: String,
    /// The page type.
    #[serde(rename = "type")]
    pub page_type: PageType,
    /// The storefront url, when the type has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// What the plan does with it.
    pub action: PageStepAction,
    /// The matched target page, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_id: Option<PageId>,
    /// How the target page was matched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matched_by: Option<MatchedBy>,
    /// Where its parent will be.
    pub parent: ParentPlan,
    /// The fields an update changes (empty for the other actions).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<FieldChange>,
    /// Why the page is skipped or blocked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The step's layer in the dependency graph (0 runs first).
    pub layer: usize,
    /// The page as extracted from the source.
    pub source: Page,
    /// The page remapped to the target, `id` cleared; pending references keep source values.
    pub remapped: Page,
}

impl PageStep {
    /// The step's node in the dependency graph.
    pub fn step_ref(&self) -> StepRef {
        StepRef::Page {
            source_id: self.source_id.get(),
        }
    }
}

/// What the plan does with a page-widget document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentStepAction {
    /// Publish it: a destructive replace of the target document (see `overwrite`).
    Publish,
    /// The target document already equals it; no call.
    Unchanged,
    /// The target has a document there and `on_existing: skip` leaves it; no call.
    Skip,
    /// It cannot be published because its page cannot be created or is not part of the plan.
    Blocked,
}

/// One page-widget document of the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentStep {
    /// The document's key in the source.
    pub source_key: PageWidgetsKey,
    /// Its key in the target; `None` while it belongs to a page apply has yet to create (or to
    /// a page that will not exist, when blocked).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_key: Option<PageWidgetsKey>,
    /// The source id of the new page whose id becomes the entity id, for `pages/page`
    /// documents of pages the plan creates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending_page: Option<PageId>,
    /// The source id of the web page the document belongs to (`pages/page` documents).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_page: Option<PageId>,
    /// The name of the web page the document belongs to (`pages/page` documents).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_name: Option<String>,
    /// What the plan does with it.
    pub action: DocumentStepAction,
    /// For a publish over a non-empty target document: what the replace deletes and adds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overwrite: Option<DocumentOverwrite>,
    /// Layouts in the document, at every depth.
    pub layouts: usize,
    /// Widgets in the document, at every depth.
    pub widgets: usize,
    /// The source uuids of templates the plan creates that this document uses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub templates_created_first: Vec<WidgetTemplateUuid>,
    /// Why the document is skipped or blocked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The step's layer in the dependency graph.
    pub layer: usize,
    /// The document as extracted from the source.
    pub source: PageWidgetsDocument,
    /// The document remapped to the target; pending references keep source values.
    pub remapped: PageWidgetsDocument,
}

impl DocumentStep {
    /// The step's node in the dependency graph.
    pub fn step_ref(&self) -> StepRef {
        StepRef::Document {
            key: self.source_key.to_string(),
        }
    }

    /// How the document reads in a report: `pages/home`, `global regions`, `pages/product
    /// #1077`, or `pages/page of "Shipping & Returns"` (pages/page documents).
    pub fn label(&self) -> String {
        let key = self.target_key.as_ref().unwrap_or(&self.remapped.key);
        match (&key.template_file, &self.page_name) {
            (Some(file), Some(name)) => format!("{file} of {name:?}"),
            (Some(file), None) => match &key.entity_id {
                Some(entity) => format!("{file} #{entity}"),
                None => file.to_string(),
            },
            (None, _) => "global regions".to_owned(),
        }
    }
}

/// What the plan does with a widget template.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TemplateStepAction {
    /// Create it in the target channel (the target lacks it).
    #[default]
    Create,
    /// Update the matched target template to the source definition, as a new version (the
    /// target's definition drifted and the plan says `on_drift: update`).
    Update,
}

/// A widget template the plan creates in the target channel, or updates there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TemplateStep {
    /// The template's uuid in the source.
    pub source_uuid: WidgetTemplateUuid,
    /// Its name.
    pub name: String,
    /// What the plan does with it (plans written before updates existed only create).
    #[serde(default)]
    pub action: TemplateStepAction,
    /// How many planned publishes use it.
    pub used_by: usize,
    /// The step's layer in the dependency graph.
    pub layer: usize,
    /// The source definition addressed to the target channel: the create request, or for an
    /// update the definition the update sends.
    pub create: WidgetTemplateCreate,
    /// For an update: the target template and what changes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update: Option<TemplateUpdate>,
}

/// The target side of a template update.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TemplateUpdate {
    /// The matched target template.
    pub target_uuid: WidgetTemplateUuid,
    /// Its current version when the plan read it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_version_uuid: Option<String>,
    /// The definition fields that change (`schema`, `template`, `storefront_api_query`):
    /// the target's value now and the source's.
    pub changes: Vec<FieldChange>,
}

impl TemplateStep {
    /// The step's node in the dependency graph.
    pub fn step_ref(&self) -> StepRef {
        StepRef::Template {
            uuid: self.source_uuid.to_string(),
        }
    }

    /// The PUT body of an update: the whole source definition, as a new version (so the
    /// target keeps the version it replaces, and a repeat after a lost answer is visible).
    pub fn update_request(&self) -> WidgetTemplateUpdate {
        WidgetTemplateUpdate {
            template: Some(self.create.template.clone()),
            schema: Some(
                self.create
                    .schema
                    .clone()
                    .unwrap_or_else(|| serde_json::Value::Array(Vec::new())),
            ),
            storefront_api_query: Some(
                self.create.storefront_api_query.clone().unwrap_or_default(),
            ),
            create_new_version: Some(true),
            ..WidgetTemplateUpdate::default()
        }
    }
}

impl fmt::Display for TemplateStepAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TemplateStepAction::Create => "create",
            TemplateStepAction::Update => "update",
        })
    }
}

/// A source widget template that exists in the target (by name or explicit entry).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MappedTemplate {
    /// The source uuid.
    pub source_uuid: WidgetTemplateUuid,
    /// The target uuid.
    pub target_uuid: WidgetTemplateUuid,
    /// The source template's name (empty when the bundle does not hold it).
    pub name: String,
}

/// A step of any kind, borrowed from the plan.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Step<'a> {
    /// A template to create or update.
    Template(&'a TemplateStep),
    /// A web page.
    Page(&'a PageStep),
    /// A page-widget document.
    Document(&'a DocumentStep),
}

impl fmt::Display for PageStepAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PageStepAction::Create => "create",
            PageStepAction::Update => "update",
            PageStepAction::Unchanged => "unchanged",
            PageStepAction::Skip => "skip",
            PageStepAction::Blocked => "blocked",
        })
    }
}

impl fmt::Display for DocumentStepAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DocumentStepAction::Publish => "publish",
            DocumentStepAction::Unchanged => "unchanged",
            DocumentStepAction::Skip => "skip",
            DocumentStepAction::Blocked => "blocked",
        })
    }
}
