//! Product channel assignments: a product the plan maps that the target channel does not sell
//! is published into the content all the same, so each place it is used gets a warning.

use crate::diagnostics::{PlanDiagnostic, codes, split_path};
use crate::steps::{DocumentStep, DocumentStepAction};
use pageport_mapping::remap::document_path;
use pageport_mapping::{FieldNames, IdMap, RewriteKind, TemplateSchemas, catalog_id_paths};
use pageport_model::escape::quote;
use pageport_model::{ChannelId, PageId, ProductId};
use pageport_validate::Severity;
use std::collections::{BTreeMap, BTreeSet};

/// What the channel check knows: which mapped products were checked and which of them the
/// target channel sells.
pub(super) struct ChannelCheck<'a> {
    /// The target channel.
    pub channel: ChannelId,
    /// The target products whose assignments were read (the mapped ones).
    pub checked: &'a BTreeSet<ProductId>,
    /// Those of them assigned to the channel.
    pub assigned: &'a BTreeSet<ProductId>,
    /// The field names id discovery falls back to.
    pub fields: &'a FieldNames,
    /// The source templates' schemas (id discovery reads the source documents, whose template
    /// uuids they are keyed by).
    pub schemas: &'a TemplateSchemas,
    /// Source product id → target product id.
    pub products: &'a IdMap<ProductId>,
    /// Source page names, for locations.
    pub page_names: &'a BTreeMap<PageId, String>,
}

impl ChannelCheck<'_> {
    /// One warning per place a published document uses a checked product the channel does not
    /// sell, in step and document order.
    pub(super) fn diagnostics(&self, documents: &[DocumentStep]) -> Vec<PlanDiagnostic> {
        documents
            .iter()
            .filter(|step| step.action == DocumentStepAction::Publish)
            // The source document: its template uuids are the ones the schemas know, and its
            // paths are the remapped document's (a remap changes values, not structure).
            .flat_map(|step| {
                let (from, to) = (
                    document_path(&step.source.key),
                    document_path(&step.remapped.key),
                );
                catalog_id_paths(&step.source, self.fields, self.schemas)
                    .into_iter()
                    .map(move |found| (found.kind, found.value, found.path.replacen(&from, &to, 1)))
            })
            .filter(|(kind, _, _)| *kind == RewriteKind::Product)
            .filter_map(|(_, value, path)| {
                let source = ProductId(value.trim().parse().ok()?);
                let id = *self.products.get(&source)?;
                (self.checked.contains(&id) && !self.assigned.contains(&id))
                    .then(|| self.warning(id, &path))
            })
            .collect()
    }

    fn warning(&self, id: ProductId, path: &str) -> PlanDiagnostic {
        let (location, path) = split_path(path, self.page_names);
        PlanDiagnostic {
            severity: Severity::Warning,
            code: codes::PRODUCT_NOT_IN_CHANNEL.to_owned(),
            location,
            path,
            message: format!(
                "product {} is not assigned to channel {}, so that storefront does not show it",
                quote(&id.to_string()),
                self.channel
            ),
            help: Some(
                "assign the product to the channel, or change the widget to another product"
                    .to_owned(),
            ),
        }
    }
}
