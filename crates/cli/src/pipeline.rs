//! The steps every migration command shares: load the plan, get the source content (a bundle
//! directory or a live extraction), read the target, and build the migration plan.

use crate::connect::Connections;
use crate::plan_file_errors::PlanFileDiagnostic;
use miette::{IntoDiagnostic, WrapErr};
use pageport_apply::inventory_reader::{read_documents, read_inventory};
use pageport_extract::{DocumentSelector, ExtractRequest, PageFilter};
use pageport_mapping::{PageRef, PageSelection, PageWidgetsSelector, PlanFile};
use pageport_model::Bundle;
use pageport_plan::MigrationPlan;
use std::path::Path;

/// Loads and checks a plan file, reading `${VAR}`s from the environment.
pub(crate) fn load_plan(path: &Path) -> miette::Result<PlanFile> {
    PlanFile::from_path(path, &pageport_mapping::plan_file::process_env)
        .map_err(|error| miette::Report::new(PlanFileDiagnostic::new(error)))
}

/// A runtime for one command.
pub(crate) fn runtime() -> miette::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .into_diagnostic()
        .wrap_err("cannot start the async runtime")
}

/// The source content: the bundle in `bundle_dir`, or a fresh extraction from the source store.
pub(crate) async fn source_bundle(
    plan: &PlanFile,
    connections: &Connections,
    bundle_dir: Option<&Path>,
) -> miette::Result<Bundle> {
    match bundle_dir {
        Some(dir) => {
            let bundle = pageport_bundle::read_bundle(dir)
                .into_diagnostic()
                .wrap_err_with(|| format!("cannot use bundle `{}`", dir.display()))?;
            if bundle.manifest.source_store_hash != plan.source.config.store_hash {
                tracing::warn!(
                    bundle = %bundle.manifest.source_store_hash,
                    plan = %plan.source.config.store_hash,
                    "the bundle was extracted from another store than the plan's source"
                );
            }
            Ok(bundle)
        }
        None => extract_bundle(plan, connections).await,
    }
}

/// Extracts the plan's selection from the source store, with the catalog objects it references.
pub(crate) async fn extract_bundle(
    plan: &PlanFile,
    connections: &Connections,
) -> miette::Result<Bundle> {
    let client = connections.client(&plan.source.store)?;
    let extracted = pageport_extract::extract(client, &extract_request(plan))
        .await
        .into_diagnostic()
        .wrap_err_with(|| format!("cannot read the source store `{}`", plan.source.store))?;
    let references =
        pageport_mapping::catalog_references(&extracted.documents, &plan.mappings.fields);
    let catalog = pageport_extract::fetch_catalog(
        client,
        &references.products,
        &references.categories,
        &references.brands,
    )
    .await
    .into_diagnostic()
    .wrap_err("cannot read the source catalog")?;
    Ok(pageport_extract::into_bundle(
        extracted,
        catalog,
        plan.source.config.store_hash.clone(),
        plan.source.channel_id,
        extracted_at(),
    ))
}

/// Reads the target and builds the migration plan (never writes).
pub(crate) async fn build_migration_plan(
    plan: &PlanFile,
    connections: &Connections,
    bundle: &Bundle,
) -> miette::Result<MigrationPlan> {
    let client = connections.client(&plan.target.store)?;
    let inventory = read_inventory(client, plan.target.channel_id, bundle)
        .await
        .into_diagnostic()
        .wrap_err_with(|| format!("cannot read the target store `{}`", plan.target.store))?;
    let planner = pageport_plan::Planner::new(bundle, plan, inventory).into_diagnostic()?;
    let keys = planner.document_keys_to_read();
    let documents = read_documents(client, &keys, plan.concurrency)
        .await
        .into_diagnostic()
        .wrap_err_with(|| format!("cannot read the target store `{}`", plan.target.store))?;
    planner.finish(documents).into_diagnostic()
}

/// The extraction request the plan's `select` describes.
fn extract_request(plan: &PlanFile) -> ExtractRequest {
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
    }
}

/// The extraction time: `SOURCE_DATE_EPOCH` when set (reproducible bundles), else now.
fn extracted_at() -> String {
    let fixed = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| jiff::Timestamp::from_second(secs).ok());
    fixed
        .unwrap_or_else(jiff::Timestamp::now)
        .strftime("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

/// The plan of a channel-to-channel copy inside one store: the plan file's store, mappings and
/// policies, with `from` as source and `to` as target, every page and the global, home and
/// page documents selected, and templates matched by name (created when missing).
pub(crate) fn duplicate_plan(
    plan: &PlanFile,
    store: &str,
    from: pageport_model::ChannelId,
    to: pageport_model::ChannelId,
) -> miette::Result<PlanFile> {
    let config = plan.stores.get(store).cloned().ok_or_else(|| {
        let known: Vec<&str> = plan.stores.keys().map(String::as_str).collect();
        miette::miette!(
            "store `{store}` is not defined in the plan; it defines {}",
            known.join(", ")
        )
    })?;
    if from == to {
        return Err(miette::miette!(
            "--from-channel and --to-channel are both {from}; nothing to copy"
        ));
    }
    let mut copy = plan.clone();
    copy.source = pageport_mapping::Endpoint {
        store: store.to_owned(),
        channel_id: from,
        config: config.clone(),
    };
    copy.target = pageport_mapping::Endpoint {
        store: store.to_owned(),
        channel_id: to,
        config,
    };
    copy.select.pages = PageSelection::All;
    let mut selectors = vec![
        PageWidgetsSelector::Global,
        PageWidgetsSelector::Template {
            template_file: "pages/home".into(),
            entity_ids: None,
        },
        PageWidgetsSelector::Template {
            template_file: "pages/page".into(),
            entity_ids: None,
        },
    ];
    // Entity documents the plan file lists (products, categories…) keep their ids in one store.
    selectors.extend(
        plan.select
            .page_widgets
            .iter()
            .filter(|s| {
                matches!(
                    s,
                    PageWidgetsSelector::Template {
                        entity_ids: Some(_),
                        ..
                    }
                )
            })
            .cloned(),
    );
    copy.select.page_widgets = selectors;
    copy.mappings.channels.clear();
    copy.mappings.widget_templates.match_by = pageport_mapping::TemplateMatch::Name;
    copy.mappings.widget_templates.create_missing = true;
    copy.mappings.widget_templates.explicit.clear();
    copy.mappings.products.match_by = pageport_mapping::ProductMatch::Sku;
    copy.mappings.products.explicit.clear();
    Ok(copy)
}

/// In one store catalog ids are the same in every channel: map each referenced category and
/// brand to itself.
pub(crate) fn identity_catalog_tables(plan: &mut PlanFile, bundle: &Bundle) {
    plan.mappings.categories = bundle.categories.iter().map(|c| (c.id, c.id)).collect();
    plan.mappings.brands = bundle.brands.iter().map(|b| (b.id, b.id)).collect();
}
