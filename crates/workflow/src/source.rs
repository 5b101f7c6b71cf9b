//! The source content of a migration: a bundle directory, or a live extraction of the plan's
//! selection with the catalog objects it references.

use crate::connect::Connections;
use crate::error::WorkflowError;
use pageport_extract::{DocumentSelector, ExtractRequest, PageFilter};
use pageport_mapping::{PageRef, PageSelection, PageWidgetsSelector, PlanFile};
use pageport_model::Bundle;
use pageport_plan::PlanError;
use std::path::Path;

/// The source content: the bundle in `bundle_dir`, or a fresh extraction from the source store.
pub async fn source_bundle(
    plan: &PlanFile,
    connections: &Connections,
    bundle_dir: Option<&Path>,
) -> Result<Bundle, WorkflowError> {
    match bundle_dir {
        Some(dir) => read_source_bundle(plan, dir),
        None => extract_bundle(plan, connections).await,
    }
}

/// Reads a bundle directory and checks it was extracted from the plan's source store and
/// channel: the same refusal the planner makes, given before anything else is read.
pub fn read_source_bundle(plan: &PlanFile, dir: &Path) -> Result<Bundle, WorkflowError> {
    let bundle = pageport_bundle::read_bundle(dir).map_err(|source| WorkflowError::ReadBundle {
        dir: dir.to_owned(),
        source,
    })?;
    let manifest = &bundle.manifest;
    if manifest.source_store_hash != plan.source.config.store_hash
        || manifest.channel_id != plan.source.channel_id
    {
        return Err(WorkflowError::Plan(PlanError::BundleNotFromSource {
            bundle_store: manifest.source_store_hash.clone(),
            bundle_channel: manifest.channel_id,
            plan_store: plan.source.config.store_hash.clone(),
            plan_channel: plan.source.channel_id,
        }));
    }
    Ok(bundle)
}

/// Extracts the plan's selection from the source store, with the catalog objects it references.
pub async fn extract_bundle(
    plan: &PlanFile,
    connections: &Connections,
) -> Result<Bundle, WorkflowError> {
    let client = connections.client(&plan.source.store)?;
    let extracted = pageport_extract::extract(client, &extract_request(plan))
        .await
        .map_err(|source| match source {
            pageport_extract::ExtractError::UnmatchedPages(unmatched) => {
                WorkflowError::UnmatchedPages(unmatched)
            }
            source => WorkflowError::ReadSource {
                store: plan.source.store.clone(),
                source,
            },
        })?;
    // The templates are read before the references: their schemas say where ids are (freely
    // named pickers, array elements, GraphQL parameters) beyond `mappings.fields`.
    let references = pageport_mapping::catalog_references(
        &extracted.documents,
        &plan.mappings.fields,
        &extracted.widget_templates,
    );
    let catalog = pageport_extract::fetch_catalog(
        client,
        plan.source.channel_id,
        &references.products,
        &references.categories,
        &references.brands,
    )
    .await
    .map_err(WorkflowError::ReadSourceCatalog)?;
    Ok(pageport_extract::into_bundle(
        extracted,
        catalog,
        plan.source.config.store_hash.clone(),
        plan.source.channel_id,
        extracted_at(),
    ))
}

/// The extraction request the plan's `select` describes.
pub fn extract_request(plan: &PlanFile) -> ExtractRequest {
    let pages = match &plan.select.pages {
        PageSelection::All => PageFilter::All,
        PageSelection::Only(refs) => PageFilter::Only(
            refs.iter()
                .map(|r| match r {
                    PageRef::Url(url) => url.clone(),
                    PageRef::Name(name) => name.clone(),
                })
                .collect(),
        ),
    };
    let documents = plan
        .select
        .page_widgets
        .iter()
        .map(|selector| match selector {
            PageWidgetsSelector::Global => DocumentSelector::Global,
            PageWidgetsSelector::Template {
                template_file,
                entity_ids,
            } => DocumentSelector::Template {
                template_file: template_file.clone(),
                entity_ids: entity_ids.clone(),
            },
        })
        .collect();
    ExtractRequest {
        channel_id: plan.source.channel_id,
        pages,
        documents,
        concurrency: plan.concurrency,
    }
}

/// The extraction time: `SOURCE_DATE_EPOCH` when set (reproducible bundles), else now.
fn extracted_at() -> String {
    let fixed = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| jiff::Timestamp::from_second(secs).ok());
    pageport_model::timestamps::utc_seconds(fixed.unwrap_or_else(jiff::Timestamp::now))
}
