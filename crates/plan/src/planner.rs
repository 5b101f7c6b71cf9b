//! Building a [`MigrationPlan`] from a bundle, the plan file and the target inventory, in two
//! phases so the inventory reader knows which target documents to fetch:
//!
//! ```text
//! let planner = Planner::new(&bundle, &plan_file, inventory_without_documents)?;
//! let keys = planner.document_keys_to_read();      // read these target documents
//! let plan = planner.finish(documents_read)?;
//! ```
//!
//! The bundle is the selection (extract applied `select`); every page and document in it is
//! planned.

use pageport_model::escape::quote;
mod channels;
mod checks;
mod documents;
mod layers;
mod pages;

use crate::diagnostics::{
    PlanDiagnostic, UnmappedReporter, codes, explicit_targets_missing, schema_problem,
    template_drift, template_problem, unrecognised_id,
};
use crate::diff::template_changes;
use crate::error::PlanError;
use crate::fingerprint::fingerprints;
use crate::inventory::TargetInventory;
use crate::matching::{PageMatch, match_pages};
use crate::migration_plan::{MigrationPlan, PLAN_FORMAT_VERSION, Policies, StoreChannel, Summary};
use crate::planner::checks::{CheckInput, check_identity, report_diagnostics, validate_steps};
use crate::planner::documents::{DocumentContext, RemappedDocument, plan_document};
use crate::planner::layers::{assign_layers, cycle_diagnostic};
use crate::planner::pages::{PageContext, plan_page};
use crate::steps::{
    DocumentStep, DocumentStepAction, MappedTemplate, PageStep, PageStepAction, ParentPlan,
    TemplateStep, TemplateStepAction, TemplateUpdate,
};
use pageport_mapping::{
    CatalogResolution, OnDrift, PlanFile, ProductResolution, RemapLog, RemapTables, SchemaProblem,
    TemplateResolution, TemplateSchemas, match_brands, match_categories, remap_document,
    remap_page, resolve_products, resolve_widget_templates,
};
use pageport_model::{
    BrandId, Bundle, CategoryId, Page, PageId, PageWidgetsKey, ProductId, Region,
    WidgetTemplateUuid,
};
use pageport_validate::{DiagnosticCode, Severity};
use std::collections::{BTreeMap, BTreeSet};

/// A source page with its id, as remapped through the tables (before the target is compared).
#[derive(Debug)]
struct RemappedPage<'a> {
    /// The source page's id.
    id: PageId,
    /// The source page, as in the bundle.
    source: &'a Page,
    /// The page remapped for the target.
    remapped: Page,
}

/// A plan being built: templates and products resolved, pages matched, everything remapped;
/// the target documents are compared in [`Planner::finish`].
#[derive(Debug)]
pub struct Planner<'a> {
    bundle: &'a Bundle,
    plan: &'a PlanFile,
    inventory: TargetInventory,
    templates: TemplateResolution,
    products: ProductResolution,
    categories: CatalogResolution<CategoryId>,
    brands: CatalogResolution<BrandId>,
    schema_problems: Vec<SchemaProblem>,
    tables: RemapTables,
    matches: BTreeMap<PageId, PageMatch>,
    source_pages: Vec<(RemappedPage<'a>, RemapLog)>,
    pages_without_id: Vec<String>,
    documents: Vec<(RemappedDocument<'a>, RemapLog)>,
    /// The mapped products assigned to the target channel, once read.
    products_in_channel: Option<BTreeSet<ProductId>>,
}

impl<'a> Planner<'a> {
    /// Resolves, matches and remaps; `inventory` needs no documents yet.
    pub fn new(
        bundle: &'a Bundle,
        plan: &'a PlanFile,
        inventory: TargetInventory,
    ) -> Result<Self, PlanError> {
        check_identity(bundle, plan, &inventory)?;
        let templates = resolve_widget_templates(
            &bundle.widget_templates,
            &inventory.channel_templates(),
            &plan.mappings.widget_templates,
        );
        let products = resolve_products(
            &plan.mappings.products,
            &bundle.products,
            &inventory.products,
        );
        let categories = match_categories(
            &plan.mappings.categories,
            &bundle.categories,
            &inventory.categories,
        );
        let brands = match_brands(&plan.mappings.brands, &bundle.brands, &inventory.brands);
        let mut tables =
            RemapTables::new(plan, &templates, &products).with_catalog(&categories, &brands);
        // The source templates' schemas say where their widgets hold ids; the tables carry
        // them so apply's remap (from the plan) finds the same ids.
        let (schemas, schema_problems) = TemplateSchemas::from_templates(&bundle.widget_templates);
        tables.schemas = schemas;

        let mut with_id: Vec<(PageId, &Page)> = Vec::new();
        let mut pages_without_id = Vec::new();
        for page in &bundle.pages {
            match page.id {
                Some(id) => with_id.push((id, page)),
                None => pages_without_id.push(page.name.clone()),
            }
        }
        with_id.sort_by_key(|(id, _)| *id);
        // Unselected ancestors are matched too (never created): a child whose parent already
        // exists in the target keeps it.
        let to_match = with_id
            .iter()
            .map(|(_, page)| *page)
            .chain(&bundle.reference_pages);
        let mut matches = match_pages(to_match, &inventory.pages, plan.target.channel_id);
        for (id, _) in &with_id {
            match matches.get(id) {
                Some(found) => tables.pages.insert(*id, found.target_id),
                None => tables.pages.mark_pending(*id),
            }
        }
        for reference in &bundle.reference_pages {
            let Some(id) = reference.id else { continue };
            if let Some(found) = matches.remove(&id) {
                tables.pages.insert(id, found.target_id);
            }
        }

        let source_pages = with_id
            .into_iter()
            .map(|(id, page)| {
                let remapped = remap_page(page, &tables);
                let planned = RemappedPage {
                    id,
                    source: page,
                    remapped: remapped.value,
                };
                (planned, remapped.log)
            })
            .collect();
        let mut sources: Vec<_> = bundle.page_widgets.iter().collect();
        sources.sort_by(|a, b| a.key.cmp(&b.key));
        let documents = sources
            .into_iter()
            .map(|doc| {
                let remapped = remap_document(doc, &tables);
                let planned = RemappedDocument::new(doc, remapped.value, &tables.pages);
                (planned, remapped.log)
            })
            .collect();
        tracing::debug!(
            pages = bundle.pages.len(),
            matched = matches.len(),
            documents = bundle.page_widgets.len(),
            "planner: pages matched and content remapped"
        );
        Ok(Self {
            bundle,
            plan,
            inventory,
            templates,
            products,
            categories,
            brands,
            schema_problems,
            tables,
            matches,
            source_pages,
            pages_without_id,
            documents,
            products_in_channel: None,
        })
    }

    /// The target products the plan maps source products to, in id order: those whose
    /// assignment to the target channel [`Planner::set_products_in_channel`] wants.
    pub fn mapped_products(&self) -> Vec<ProductId> {
        let ids: BTreeSet<ProductId> = self.tables.products.mapped().values().copied().collect();
        ids.into_iter().collect()
    }

    /// Which of [`Planner::mapped_products`] are assigned to the target channel; each use of
    /// another one in a published document gets a `mapping.product-not-in-channel` warning.
    /// Without this call, assignments are not checked.
    pub fn set_products_in_channel(&mut self, assigned: BTreeSet<ProductId>) {
        self.products_in_channel = Some(assigned);
    }

    /// The target documents to read before [`Planner::finish`]: the remapped key of every
    /// document whose entity exists in the target (documents of pages apply creates are new),
    /// in order.
    pub fn document_keys_to_read(&self) -> Vec<PageWidgetsKey> {
        let keys: BTreeSet<PageWidgetsKey> = self
            .documents
            .iter()
            .filter_map(|(doc, _)| doc.target_key().cloned())
            .collect();
        keys.into_iter().collect()
    }

    /// Compares with the target `documents` (those of [`Planner::document_keys_to_read`]; an
    /// absent key reads as empty), orders the steps, validates, and fingerprints what was read.
    pub fn finish(
        mut self,
        documents: BTreeMap<PageWidgetsKey, Vec<Region>>,
    ) -> Result<MigrationPlan, PlanError> {
        self.inventory.documents.extend(documents);
        let mut diagnostics: Vec<PlanDiagnostic> = self
            .templates
            .problems
            .iter()
            .map(template_problem)
            .collect();
        diagnostics.extend(explicit_targets_missing(&self.categories, &self.brands));
        diagnostics.extend(self.schema_problems.iter().map(schema_problem));
        let on_drift = self.plan.mappings.widget_templates.on_drift;
        diagnostics.extend(
            self.templates
                .drifted
                .iter()
                .filter_map(|drift| template_drift(drift, on_drift)),
        );
        diagnostics.extend(self.pages_without_id.iter().map(|name| {
            PlanDiagnostic::new(
                Severity::Warning,
                codes::PAGE_WITHOUT_ID,
                format!("page {}", quote(name)),
                "the bundle's page has no id, so it is left out of the plan",
            )
            .with_help("extract the bundle again")
        }));

        // What the target documents' fingerprints cover, taken before the documents move.
        let read_documents = self.document_keys_to_read();
        let page_names: BTreeMap<PageId, String> = self
            .source_pages
            .iter()
            .map(|(page, _)| (page.id, page.source.name.clone()))
            .collect();
        // The remapped pages, documents and their logs move into the steps and the plan.
        let (remapped_pages, page_logs): (Vec<_>, Vec<_>) =
            std::mem::take(&mut self.source_pages).into_iter().unzip();
        let (remapped_documents, document_logs): (Vec<_>, Vec<_>) =
            std::mem::take(&mut self.documents).into_iter().unzip();

        let mut pages = self.plan_pages(remapped_pages, &page_names, &mut diagnostics);
        let (mut documents, mut templates) =
            self.plan_documents(remapped_documents, &pages, &mut diagnostics);
        let written = written_logs(page_logs, document_logs, &pages, &documents);
        diagnostics.extend(self.unmapped_diagnostics(&written, &page_names));
        if let Some(assigned) = &self.products_in_channel {
            let checked: BTreeSet<ProductId> = self.mapped_products().into_iter().collect();
            let check = channels::ChannelCheck {
                channel: self.inventory.channel_id,
                checked: &checked,
                assigned,
                fields: &self.plan.mappings.fields,
                schemas: &self.tables.schemas,
                products: &self.tables.products,
                page_names: &page_names,
            };
            diagnostics.extend(check.diagnostics(&documents));
        }

        let (layers, cycles) = assign_layers(&mut templates, &mut pages, &mut documents);

        let report = validate_steps(
            &CheckInput {
                limits: &self.plan.limits,
                source_store_hash: &self.bundle.manifest.source_store_hash,
                source_storefront_urls: self
                    .bundle
                    .manifest
                    .storefront_urls
                    .as_deref()
                    .unwrap_or_default(),
                inventory: &self.inventory,
            },
            &pages,
            &documents,
            &templates,
        );
        let parent_cycle_reported = report
            .diagnostics
            .iter()
            .any(|d| d.code == DiagnosticCode::ParentCycle);
        diagnostics.extend(report_diagnostics(&report));
        if !parent_cycle_reported {
            diagnostics.extend(cycles.iter().map(cycle_diagnostic));
        }
        diagnostics.sort_by_key(|d| d.severity);

        let read_pages = pages
            .iter()
            .filter_map(|p| p.target_id)
            .chain(pages.iter().filter_map(|p| match p.parent {
                ParentPlan::Existing { target_id, .. } => Some(target_id),
                _ => None,
            }));
        let mapped_templates = self.mapped_templates();
        let fingerprints = fingerprints(
            &self.inventory,
            read_pages,
            &read_documents,
            mapped_templates.iter().map(|m| &m.target_uuid),
        )?;

        let mut rewrites = Vec::new();
        let mut unmapped = Vec::new();
        for log in written {
            rewrites.extend(log.rewrites);
            unmapped.extend(log.unmapped);
        }
        Ok(MigrationPlan {
            format_version: PLAN_FORMAT_VERSION,
            source: StoreChannel {
                store_hash: self.bundle.manifest.source_store_hash.clone(),
                channel_id: self.bundle.manifest.channel_id,
            },
            target: StoreChannel {
                store_hash: self.inventory.store_hash.clone(),
                channel_id: self.inventory.channel_id,
            },
            policies: Policies {
                on_existing: self.plan.on_existing,
                unmapped: self.plan.unmapped,
            },
            summary: Summary::of(&templates, &pages, &documents),
            layers,
            mapped_templates,
            templates,
            pages,
            documents,
            rewrites,
            unmapped,
            diagnostics,
            fingerprints,
            tables: self.tables,
        })
    }

    /// Plans the pages; each remapped page moves into its step.
    fn plan_pages(
        &self,
        remapped_pages: Vec<RemappedPage<'_>>,
        source_names: &BTreeMap<PageId, String>,
        diagnostics: &mut Vec<PlanDiagnostic>,
    ) -> Vec<PageStep> {
        let ctx = PageContext {
            tables: &self.tables,
            matches: &self.matches,
            target_pages: self
                .inventory
                .pages
                .iter()
                .filter_map(|p| p.id.map(|id| (id, p)))
                .collect(),
            source_names,
            channel: self.inventory.channel_id,
            on_existing: self.plan.on_existing,
        };
        remapped_pages
            .into_iter()
            .map(|page| plan_page(&ctx, page.id, page.source, page.remapped, diagnostics))
            .collect()
    }

    /// Plans the documents (each moves into its step), then the templates that the published
    /// ones need.
    fn plan_documents(
        &self,
        remapped_documents: Vec<RemappedDocument<'a>>,
        pages: &[PageStep],
        diagnostics: &mut Vec<PlanDiagnostic>,
    ) -> (Vec<DocumentStep>, Vec<TemplateStep>) {
        let to_create: BTreeSet<WidgetTemplateUuid> = self
            .templates
            .to_create
            .iter()
            .map(|t| t.uuid.clone())
            .collect();
        let ctx = DocumentContext {
            pages: pages.iter().map(|p| (p.source_id, p)).collect(),
            target: &self.inventory.documents,
            templates_to_create: &to_create,
            on_existing: self.plan.on_existing,
        };
        let documents: Vec<DocumentStep> = remapped_documents
            .into_iter()
            .map(|doc| plan_document(&ctx, doc, diagnostics))
            .collect();
        let channel = self.inventory.channel_id;
        let mut templates: Vec<TemplateStep> = self
            .templates
            .to_create
            .iter()
            .filter_map(|template| {
                let used_by = documents
                    .iter()
                    .filter(|d| d.action == DocumentStepAction::Publish)
                    .filter(|d| d.templates_created_first.contains(&template.uuid))
                    .count();
                (used_by > 0).then(|| TemplateStep {
                    source_uuid: template.uuid.clone(),
                    name: template.name.clone(),
                    action: TemplateStepAction::Create,
                    used_by,
                    layer: 0,
                    create: template.to_create(channel),
                    update: None,
                })
            })
            .collect();
        if self.plan.mappings.widget_templates.on_drift == OnDrift::Update {
            // Every drifted template is updated, used by a publish of this plan or not: the
            // target is to hold the source's definition.
            templates.extend(self.templates.drifted.iter().map(|drift| TemplateStep {
                source_uuid: drift.source.uuid.clone(),
                name: drift.source.name.clone(),
                action: TemplateStepAction::Update,
                used_by: publishes_using(&documents, &drift.source.uuid),
                layer: 0,
                create: drift.source.to_create(channel),
                update: Some(TemplateUpdate {
                    target_uuid: drift.target.uuid.clone(),
                    target_version_uuid: drift.target.current_version_uuid.clone(),
                    changes: template_changes(drift),
                }),
            }));
        }
        templates.sort_by(|a, b| a.source_uuid.cmp(&b.source_uuid));
        (documents, templates)
    }

    fn unmapped_diagnostics(
        &self,
        logs: &[RemapLog],
        page_names: &BTreeMap<PageId, String>,
    ) -> Vec<PlanDiagnostic> {
        let reporter = UnmappedReporter {
            policy: self.plan.unmapped,
            page_names,
            products: &self.products.unresolved,
            categories: &self.categories,
            brands: &self.brands,
        };
        let unmapped = logs
            .iter()
            .flat_map(|log| &log.unmapped)
            .filter_map(|u| reporter.report(u));
        let unrecognised = logs
            .iter()
            .flat_map(|log| &log.unrecognised)
            .map(|u| unrecognised_id(u, page_names));
        unmapped.chain(unrecognised).collect()
    }

    fn mapped_templates(&self) -> Vec<MappedTemplate> {
        self.templates
            .mapped
            .iter()
            .map(|(source, target)| MappedTemplate {
                source_uuid: source.clone(),
                target_uuid: target.clone(),
                name: self
                    .bundle
                    .widget_templates
                    .iter()
                    .find(|t| t.uuid == *source)
                    .map(|t| t.name.clone())
                    .unwrap_or_default(),
            })
            .collect()
    }
}

/// The remap records of the steps that write (page creates and updates, document publishes),
/// moved out of the planner: what is skipped, unchanged or blocked is not sent, so its ids do
/// not matter. The logs are in step order, as the steps were planned.
fn written_logs(
    page_logs: Vec<RemapLog>,
    document_logs: Vec<RemapLog>,
    pages: &[PageStep],
    documents: &[DocumentStep],
) -> Vec<RemapLog> {
    let page_logs = page_logs
        .into_iter()
        .zip(pages)
        .filter(|(_, step)| matches!(step.action, PageStepAction::Create | PageStepAction::Update));
    let document_logs = document_logs
        .into_iter()
        .zip(documents)
        .filter(|(_, step)| step.action == DocumentStepAction::Publish);
    page_logs
        .map(|(log, _)| log)
        .chain(document_logs.map(|(log, _)| log))
        .collect()
}

/// How many of the `documents` to publish use the source template `uuid`.
pub(crate) fn publishes_using(documents: &[DocumentStep], uuid: &WidgetTemplateUuid) -> usize {
    documents
        .iter()
        .filter(|d| d.action == DocumentStepAction::Publish)
        .filter(|d| d.source.widgets().any(|w| w.widget_template_uuid == *uuid))
        .count()
}

/// Builds the plan in one go from an inventory that already holds the target documents.
pub fn build_plan(
    bundle: &Bundle,
    plan: &PlanFile,
    mut inventory: TargetInventory,
) -> Result<MigrationPlan, PlanError> {
    let documents = std::mem::take(&mut inventory.documents);
    Planner::new(bundle, plan, inventory)?.finish(documents)
}

#[cfg(test)]
mod catalog_tests;
#[cfg(test)]
mod template_tests;
#[cfg(test)]
mod tests;
