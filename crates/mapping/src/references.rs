//! Which catalog objects a set of page-widget documents points at: what extraction must fetch
//! from the source so products can be matched by SKU and ids checked. The widget templates'
//! schemas are read too, so ids at schema-declared paths (freely named pickers, array
//! elements, GraphQL parameters) are found as well as those under `mappings.fields`.

use crate::plan_file::{FieldNames, UnmappedPolicy};
use crate::remap::remap_document;
use crate::rewrite_log::{RewriteKind, Unmapped};
use crate::schema::TemplateSchemas;
use crate::tables::RemapTables;
use pageport_model::{BrandId, CategoryId, PageWidgetsDocument, ProductId, WidgetTemplate};
use std::collections::BTreeSet;

/// The catalog ids some documents reference, by kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CatalogReferences {
    /// Product ids (configuration fields and `pages/product` entities).
    pub products: BTreeSet<ProductId>,
    /// Category ids.
    pub categories: BTreeSet<CategoryId>,
    /// Brand ids.
    pub brands: BTreeSet<BrandId>,
}

/// Finds every product, category and brand id the documents hold, with the same template
/// schemas, field names and entity rules the remapper uses: a remap with no tables reports each
/// of them as unmapped. `templates` are the source templates the documents use (problems in
/// their schemas are reported by the planner, not here).
pub fn catalog_references(
    documents: &[PageWidgetsDocument],
    fields: &FieldNames,
    templates: &[WidgetTemplate],
) -> CatalogReferences {
    let (schemas, _problems) = TemplateSchemas::from_templates(templates);
    let mut found = CatalogReferences::default();
    for document in documents {
        for unmapped in catalog_id_paths(document, fields, &schemas) {
            let Ok(id) = unmapped.value.parse::<u64>() else {
                continue;
            };
            match unmapped.kind {
                RewriteKind::Product => {
                    found.products.insert(ProductId(id));
                }
                RewriteKind::Category => {
                    found.categories.insert(CategoryId(id));
                }
                RewriteKind::Brand => {
                    found.brands.insert(BrandId(id));
                }
                RewriteKind::WidgetTemplate | RewriteKind::Channel | RewriteKind::Page => {}
            }
        }
    }
    found
}

/// Every identifier one document holds (products, categories, brands, and the templates,
/// channels and pages remapping also knows), each with its kind, value and JSON path
/// (`page_widgets[<key>].regions[0]…`), in document order: what a remap with no tables
/// reports as unmapped. `schemas` are keyed by the template uuids the document uses.
pub fn catalog_id_paths(
    document: &PageWidgetsDocument,
    fields: &FieldNames,
    schemas: &TemplateSchemas,
) -> Vec<Unmapped> {
    let tables = RemapTables {
        channels: Default::default(),
        widget_templates: Default::default(),
        products: Default::default(),
        categories: Default::default(),
        brands: Default::default(),
        pages: Default::default(),
        fields: fields.clone(),
        schemas: schemas.clone(),
        unmapped: UnmappedPolicy::Keep,
    };
    remap_document(document, &tables).log.unmapped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_ids_in_fields_arrays_strings_and_entities() {
        let document: PageWidgetsDocument = serde_json::from_value(serde_json::json!({
            "key": {"channel_id": 1, "template_file": "pages/product", "entity_id": "77"},
            "regions": [{"name": "r", "children": [
                {"type": "widget", "widget_template_uuid": "d181ebd5-f42c-4f96-8f9d-c605023f5cb6",
                 "configuration": {"productIds": ["80", "93"], "categoryId": "18", "nested": {"brandId": 36}},
                 "storefront_api_query_params": {"productId": 104}}
            ]}]
        }))
        .expect("valid document");
        let found = catalog_references(&[document], &FieldNames::default(), &[]);
        assert_eq!(
            found.products,
            BTreeSet::from([ProductId(77), ProductId(80), ProductId(93), ProductId(104)])
        );
        assert_eq!(found.categories, BTreeSet::from([CategoryId(18)]));
        assert_eq!(found.brands, BTreeSet::from([BrandId(36)]));
    }

    #[test]
    fn finds_ids_at_schema_paths_that_no_field_name_covers() {
        let uuid = "d181ebd5-f42c-4f96-8f9d-c605023f5cb6";
        let template: WidgetTemplate = serde_json::from_value(serde_json::json!({
            "uuid": uuid, "name": "Carousel",
            "schema": [
                {"type": "tab", "label": "Content", "sections": [{"settings": [
                    {"type": "productId", "id": "featured"},
                    {"type": "productImage", "id": "picture"}]}]},
                {"type": "array", "id": "slides", "label": "Slides", "entryLabel": "Slide",
                 "schema": [{"type": "tab", "label": "Slide", "sections": [{"settings": [
                    {"type": "productId", "id": "product"}]}]}]}
            ]
        }))
        .expect("valid template");
        let document: PageWidgetsDocument = serde_json::from_value(serde_json::json!({
            "key": {"channel_id": 1, "template_file": "pages/home"},
            "regions": [{"name": "r", "children": [
                {"type": "widget", "widget_template_uuid": uuid,
                 "configuration": {"featured": "5", "slides": [{"product": 6}, {"product": ""}],
                    "picture": {"src": "https://cdn11.bigcommerce.com/s-a/products/7/images/1/x.png",
                                "type": "PRODUCT_IMAGE"}}}
            ]}]
        }))
        .expect("valid document");
        let without =
            catalog_references(std::slice::from_ref(&document), &FieldNames::default(), &[]);
        assert!(without.products.is_empty());
        let found = catalog_references(&[document], &FieldNames::default(), &[template]);
        assert_eq!(
            found.products,
            BTreeSet::from([ProductId(5), ProductId(6), ProductId(7)])
        );
    }
}
