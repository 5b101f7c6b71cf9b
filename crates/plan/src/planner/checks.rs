//! Checks around planning: the bundle and inventory belong to the plan's stores, and
//! validation over the planned pages and documents, with facts about the target taken from the
//! inventory.

use crate::diagnostics::PlanDiagnostic;
use crate::error::PlanError;
use crate::inventory::TargetInventory;
use crate::steps::{
    DocumentStep, DocumentStepAction, PageStep, PageStepAction, ParentPlan, TemplateStep,
    TemplateStepAction,
};
use pageport_mapping::PlanFile;
use pageport_model::page_widgets::count_regions;
use pageport_model::{Bundle, EntityId, Limits, StoreHash};
use pageport_validate::{
    DocumentCounts, PageAction, ParentRef, PlannedDocument, PlannedPage, Report, TargetFacts,
    ValidationInput, validate,
};
use std::borrow::Cow;

/// What validation needs besides the steps.
pub(crate) struct CheckInput<'a> {
    /// The limits to check against.
    pub limits: &'a Limits,
    /// The source store (its hash in content is a leak).
    pub source_store_hash: &'a StoreHash,
    /// The source storefront's URLs, when the bundle records them (links to them are leaks).
    pub source_storefront_urls: &'a [String],
    /// The target's state.
    pub inventory: &'a TargetInventory,
}

/// Validates the planned pages and the documents the plan publishes.
pub(crate) fn validate_steps(
    input: &CheckInput<'_>,
    pages: &[PageStep],
    documents: &[DocumentStep],
    templates: &[TemplateStep],
) -> Report {
    let planned_pages: Vec<PlannedPage> = pages.iter().map(planned_page).collect();
    let planned_documents: Vec<PlannedDocument> = documents
        .iter()
        .filter(|d| d.action == DocumentStepAction::Publish)
        .map(|d| planned_document(d, input.inventory))
        .collect();
    let facts = target_facts(input.inventory, templates);
    validate(&ValidationInput {
        limits: input.limits,
        source_store_hash: input.source_store_hash,
        target_store_hash: &input.inventory.store_hash,
        target_channel: input.inventory.channel_id,
        pages: &planned_pages,
        documents: &planned_documents,
        target: &facts,
        source_storefront_hosts: input.source_storefront_urls,
    })
}

/// Converts validation's report into plan diagnostics.
pub(crate) fn report_diagnostics(report: &Report) -> Vec<PlanDiagnostic> {
    report
        .diagnostics
        .iter()
        .map(PlanDiagnostic::from)
        .collect()
}

/// A page step as validation sees it. A blocked page is presented as a create, so validation
/// reports why it cannot be created.
fn planned_page(step: &PageStep) -> PlannedPage<'_> {
    let action = match (step.action, step.target_id) {
        (PageStepAction::Update, Some(target_id)) => PageAction::Update { target_id },
        (PageStepAction::Unchanged, Some(target_id)) => PageAction::Unchanged { target_id },
        (PageStepAction::Skip, _) => PageAction::Skip,
        _ => PageAction::Create,
    };
    let parent = match &step.parent {
        ParentPlan::None => ParentRef::None,
        ParentPlan::Existing { target_id, .. } => ParentRef::Existing(*target_id),
        ParentPlan::Planned { source_id, .. } => ParentRef::Planned(*source_id),
        ParentPlan::Dangling { source_id } => ParentRef::Dangling(*source_id),
    };
    PlannedPage {
        source_id: Some(step.source_id),
        page: Cow::Borrowed(&step.remapped),
        action,
        parent,
    }
}

/// A published document as validation sees it. A document of a page apply creates has no
/// target entity id yet; it is addressed as `new:<source page id>` so that it cannot be
/// mistaken for another document.
fn planned_document<'a>(
    step: &'a DocumentStep,
    inventory: &TargetInventory,
) -> PlannedDocument<'a> {
    let mut key = step.remapped.key.clone();
    if let Some(source_page) = step.pending_page {
        key.entity_id = Some(EntityId::new(format!("new:{source_page}")));
    }
    let overwrites = step
        .overwrite
        .as_ref()
        .and(step.target_key.as_ref())
        .map(|key| {
            let (layouts, widgets) = count_regions(inventory.document(key));
            DocumentCounts { layouts, widgets }
        });
    PlannedDocument {
        key,
        regions: Cow::Borrowed(&step.remapped.regions),
        overwrites,
    }
}

/// What validation needs to know about the target.
///
/// Limitation: the channel's layout and widget totals are the sum over the target documents
/// the inventory read (those the plan writes), not the whole channel: the API has no way to
/// count a channel's widgets short of reading every document of every entity. Content in other
/// documents of the channel is not counted, so the channel limits are checked only against
/// what the plan itself touches.
pub(crate) fn target_facts(inventory: &TargetInventory, templates: &[TemplateStep]) -> TargetFacts {
    let (channel_layouts, channel_widgets) = inventory
        .documents
        .iter()
        .filter(|(key, _)| key.channel_id == inventory.channel_id)
        .map(|(_, regions)| count_regions(regions))
        .fold((0, 0), |(l, w), (dl, dw)| (l + dl, w + dw));
    TargetFacts {
        pages: inventory.pages.clone(),
        channel_layouts,
        channel_widgets,
        widget_templates: inventory
            .channel_templates()
            .into_iter()
            .map(|t| t.uuid)
            .collect(),
        templates_to_create: templates
            .iter()
            .filter(|t| t.action == TemplateStepAction::Create)
            .map(|t| t.source_uuid.clone())
            .collect(),
    }
}

/// Refuses a bundle or inventory of another store or channel than the plan says.
pub(crate) fn check_identity(
    bundle: &Bundle,
    plan: &PlanFile,
    inventory: &TargetInventory,
) -> Result<(), PlanError> {
    let manifest = &bundle.manifest;
    if manifest.source_store_hash != plan.source.config.store_hash
        || manifest.channel_id != plan.source.channel_id
    {
        return Err(PlanError::BundleNotFromSource {
            bundle_store: manifest.source_store_hash.clone(),
            bundle_channel: manifest.channel_id,
            plan_store: plan.source.config.store_hash.clone(),
            plan_channel: plan.source.channel_id,
        });
    }
    if inventory.store_hash != plan.target.config.store_hash
        || inventory.channel_id != plan.target.channel_id
    {
        return Err(PlanError::InventoryNotFromTarget {
            inventory_store: inventory.store_hash.clone(),
            inventory_channel: inventory.channel_id,
            plan_store: plan.target.config.store_hash.clone(),
            plan_channel: plan.target.channel_id,
        });
    }
    Ok(())
}
