//! Planning page-widget documents: each source document, remapped, is published (a new
//! document, or an overwrite with what it deletes), unchanged, skipped, or blocked when its
//! page cannot be created.

use crate::diagnostics::{PlanDiagnostic, codes, existing_object};
use crate::diff::{document_overwrite, documents_equal};
use crate::steps::{DocumentStep, DocumentStepAction, PageStep, PageStepAction};
use pageport_mapping::{EntityKind, Lookup, OnExisting, PageIdMap};
use pageport_model::escape::quote;
use pageport_model::page_widgets::count_regions;
use pageport_model::{PageId, PageWidgetsDocument, PageWidgetsKey, Region, WidgetTemplateUuid};
use pageport_validate::Severity;
use std::collections::{BTreeMap, BTreeSet};

/// A source document after remapping, before its target is compared; the source stays borrowed
/// from the bundle until the step is built.
#[derive(Debug, Clone)]
pub(crate) struct RemappedDocument<'a> {
    /// As extracted.
    pub source: &'a PageWidgetsDocument,
    /// As remapped.
    pub remapped: PageWidgetsDocument,
    /// The source page whose target id becomes the entity id at apply time.
    pub pending_page: Option<PageId>,
    /// The source page the document belongs to (`pages/page` documents).
    pub page: Option<PageId>,
    /// The source page the document belongs to, when the plan neither migrates nor matched it.
    pub missing_page: Option<PageId>,
}

impl<'a> RemappedDocument<'a> {
    /// Classifies a remapped document's entity through the page map.
    pub fn new(
        source: &'a PageWidgetsDocument,
        remapped: PageWidgetsDocument,
        pages: &PageIdMap,
    ) -> Self {
        let page = source_page_of(&source.key);
        let pending_page = page.filter(|id| pages.lookup(id) == Lookup::Pending);
        let missing_page = page.filter(|id| pages.lookup(id) == Lookup::Unmapped);
        Self {
            source,
            remapped,
            pending_page,
            page,
            missing_page,
        }
    }

    /// The document's key in the target, when known before apply.
    pub fn target_key(&self) -> Option<&PageWidgetsKey> {
        (self.pending_page.is_none() && self.missing_page.is_none()).then_some(&self.remapped.key)
    }
}

/// The source page a `pages/page` (or custom page template) document belongs to.
fn source_page_of(key: &PageWidgetsKey) -> Option<PageId> {
    let file = key.template_file.as_ref()?;
    if EntityKind::of_template(file) != Some(EntityKind::Page) {
        return None;
    }
    key.entity_id
        .as_ref()?
        .as_str()
        .trim()
        .parse()
        .ok()
        .map(PageId)
}

/// What document planning reads.
pub(crate) struct DocumentContext<'a> {
    /// The planned pages, by source id.
    pub pages: BTreeMap<PageId, &'a PageStep>,
    /// The target documents read, by key.
    pub target: &'a BTreeMap<PageWidgetsKey, Vec<Region>>,
    /// Source uuids of the templates the plan creates.
    pub templates_to_create: &'a BTreeSet<WidgetTemplateUuid>,
    /// What to do with existing documents.
    pub on_existing: OnExisting,
}

/// Plans one remapped document (moved into its step); `on_existing: fail` over an existing
/// document adds an error.
pub(crate) fn plan_document(
    ctx: &DocumentContext<'_>,
    document: RemappedDocument<'_>,
    diagnostics: &mut Vec<PlanDiagnostic>,
) -> DocumentStep {
    let missing_page = document.missing_page;
    let mut step = publish_step(ctx, document);
    decide(ctx, missing_page, &mut step, diagnostics);
    if step.action != DocumentStepAction::Publish {
        // Only a publish needs the templates created first.
        step.templates_created_first.clear();
    }
    step
}

/// Turns a publish step into what the target and the policy call for.
fn decide(
    ctx: &DocumentContext<'_>,
    missing_page: Option<PageId>,
    step: &mut DocumentStep,
    diagnostics: &mut Vec<PlanDiagnostic>,
) {
    let page_step = step.source_page.and_then(|id| ctx.pages.get(&id));
    if let Some(page) = page_step.filter(|p| p.action == PageStepAction::Blocked) {
        step.action = DocumentStepAction::Blocked;
        step.reason = Some(format!("its page {} cannot be created", quote(&page.name)));
        return;
    }
    if let Some(missing) = missing_page {
        step.action = DocumentStepAction::Blocked;
        step.reason = Some(format!(
            "its page (source #{missing}) is neither migrated nor found in the target"
        ));
        diagnostics.push(
            PlanDiagnostic::new(
                Severity::Error,
                codes::DOCUMENT_PAGE_MISSING,
                format!(
                    "page-widget document {}",
                    quote(&step.source.key.to_string())
                ),
                format!(
                    "the document belongs to page source #{missing}, which the plan neither \
                     migrates nor finds in the target"
                ),
            )
            .with_help(
                "add the page to `select.pages`, or leave its document out of \
                 `select.page_widgets`",
            ),
        );
        return;
    }
    let Some(key) = &step.target_key else {
        return;
    };
    let current = ctx.target.get(key).map_or(&[][..], Vec::as_slice);
    if current.iter().all(|region| region.children.is_empty()) {
        return;
    }
    if ctx.on_existing == OnExisting::Fail {
        diagnostics.push(existing_object(
            codes::EXISTING_DOCUMENT,
            format!("page-widget document {}", quote(&key.to_string())),
            "the target document".to_owned(),
        ));
    }
    if ctx.on_existing == OnExisting::Skip {
        step.action = DocumentStepAction::Skip;
        step.reason =
            Some("the target has content there; `on_existing: skip` leaves it".to_owned());
    } else if documents_equal(&step.remapped.regions, current) {
        step.action = DocumentStepAction::Unchanged;
    } else {
        step.overwrite = Some(document_overwrite(&step.remapped.regions, current));
    }
}

/// A publish of `document`, before its target is compared: the remapped document moves into
/// the step and the source is copied from the bundle, once.
fn publish_step(ctx: &DocumentContext<'_>, document: RemappedDocument<'_>) -> DocumentStep {
    let (layouts, widgets) = count_regions(&document.remapped.regions);
    DocumentStep {
        source_key: document.source.key.clone(),
        target_key: document.target_key().cloned(),
        pending_page: document.pending_page,
        source_page: document.page,
        page_name: document
            .page
            .and_then(|id| ctx.pages.get(&id))
            .map(|p| p.name.clone()),
        action: DocumentStepAction::Publish,
        overwrite: None,
        layouts,
        widgets,
        templates_created_first: templates_used(document.source, ctx.templates_to_create),
        reason: None,
        layer: 0,
        source: document.source.clone(),
        remapped: document.remapped,
    }
}

/// The templates to create that a source document uses, in uuid order.
fn templates_used(
    document: &PageWidgetsDocument,
    to_create: &BTreeSet<WidgetTemplateUuid>,
) -> Vec<WidgetTemplateUuid> {
    let used: BTreeSet<WidgetTemplateUuid> = document
        .widgets()
        .map(|w| w.widget_template_uuid.clone())
        .filter(|uuid| to_create.contains(uuid))
        .collect();
    used.into_iter().collect()
}
