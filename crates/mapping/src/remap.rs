//! Remapping a page-widget document or a web page from source ids to target ids.
//!
//! Only identifiers change: every `widget_template_uuid`, the ids inside a widget's
//! `configuration` and `storefront_api_query_params` at the paths its template's schema
//! declares, the configured id fields (`mappings.fields`) elsewhere in those and in layout and
//! dropzone `configuration` (at any depth), the document key's
//! `channel_id` and `entity_id`, and a page's `channel_id` and `parent_id`. Everything else,
//! `layout_template_uuid` included, is copied as it is. An identifier without a known target
//! keeps its source value and is recorded as unmapped or pending.

use crate::entity::EntityKind;
use crate::json_ids::{IdRewriter, parse_id};
use crate::rewrite_log::{Remapped, RewriteKind, field_path, index_path};
use crate::schema::WidgetRoot;
use crate::tables::RemapTables;
use pageport_model::{EntityId, Page, PageWidgetsDocument, PageWidgetsKey, RegionChild, Widget};

/// The path prefix that names a document in records: `page_widgets[channel 1 pages/home]`.
pub fn document_path(key: &PageWidgetsKey) -> String {
    format!("page_widgets[{key}]")
}

/// The path prefix that names a page in records: `pages[#12]` (or `pages["name"]` without id).
pub fn page_path(page: &Page) -> String {
    match page.id {
        Some(id) => format!("pages[#{id}]"),
        None => format!("pages[{:?}]", page.name),
    }
}

/// Remaps one page-widget document: its key (channel, entity) and every identifier inside.
pub fn remap_document(
    document: &PageWidgetsDocument,
    tables: &RemapTables,
) -> Remapped<PageWidgetsDocument> {
    let mut rewriter = IdRewriter::new(tables);
    let base = document_path(&document.key);
    let key = remap_key(&mut rewriter, &document.key, &base);
    let mut regions = document.regions.clone();
    for (region_index, region) in regions.iter_mut().enumerate() {
        let region_path = index_path(&field_path(&base, "regions"), region_index);
        for (child_index, child) in region.children.iter_mut().enumerate() {
            let child_path = index_path(&field_path(&region_path, "children"), child_index);
            match child {
                RegionChild::Widget(widget) => remap_widget(&mut rewriter, widget, &child_path),
                RegionChild::Layout(layout) => {
                    if let Some(configuration) = &mut layout.configuration {
                        rewriter.object(configuration, &field_path(&child_path, "configuration"));
                    }
                    for (zone_index, zone) in layout.dropzones.iter_mut().enumerate() {
                        let zone_path =
                            index_path(&field_path(&child_path, "dropzones"), zone_index);
                        if let Some(configuration) = &mut zone.configuration {
                            rewriter
                                .object(configuration, &field_path(&zone_path, "configuration"));
                        }
                        for (widget_index, widget) in zone.widgets.iter_mut().enumerate() {
                            let widget_path =
                                index_path(&field_path(&zone_path, "widgets"), widget_index);
                            remap_widget(&mut rewriter, widget, &widget_path);
                        }
                    }
                }
            }
        }
    }
    Remapped {
        value: PageWidgetsDocument { key, regions },
        log: rewriter.log,
    }
}

/// Remaps a document key: the channel through the channel table, the entity per template file
/// (`pages/product` → products, `pages/category` → categories, `pages/brand` → brands,
/// `pages/page` → pages; other templates keep theirs).
fn remap_key(rewriter: &mut IdRewriter<'_>, key: &PageWidgetsKey, base: &str) -> PageWidgetsKey {
    let mut remapped = key.clone();
    let tables = rewriter.tables;
    let channel_path = field_path(base, "channel_id");
    if let Some(channel) = rewriter.resolve(
        &tables.channels,
        RewriteKind::Channel,
        &key.channel_id,
        &channel_path,
    ) {
        remapped.channel_id = channel;
    }
    if let (Some(file), Some(entity)) = (&key.template_file, &key.entity_id)
        && let Some(kind) = EntityKind::of_template(file)
    {
        let entity_path = field_path(base, "entity_id");
        match parse_id(entity.as_str()).filter(|id| *id != 0) {
            Some(id) => {
                // An identity mapping keeps the source's spelling (`"007"` stays `"007"`).
                if let Some(target) = rewriter.map_id(kind, id, &entity_path)
                    && target != id
                {
                    remapped.entity_id = Some(EntityId::new(target.to_string()));
                }
            }
            None => {
                rewriter
                    .log
                    .unmapped(kind.into(), entity.to_string(), &entity_path, None);
            }
        }
    }
    remapped
}

/// Remaps a widget: its template uuid, then its configuration and query parameters through
/// the id paths of its (source) template's schema, and field names for the rest.
fn remap_widget(rewriter: &mut IdRewriter<'_>, widget: &mut Widget, path: &str) {
    let tables = rewriter.tables;
    let schema = tables.schemas.get(&widget.widget_template_uuid);
    let uuid_path = field_path(path, "widget_template_uuid");
    if let Some(target) = rewriter.map_template(&widget.widget_template_uuid, &uuid_path) {
        widget.widget_template_uuid = target;
    }
    if let Some(configuration) = &mut widget.configuration {
        let at = field_path(path, "configuration");
        rewriter.widget_object(configuration, WidgetRoot::Configuration, schema, &at);
    }
    if let Some(params) = &mut widget.storefront_api_query_params {
        let at = field_path(path, "storefront_api_query_params");
        rewriter.widget_object(params, WidgetRoot::QueryParams, schema, &at);
    }
}

/// Remaps a web page: `channel_id` through the channel table and `parent_id` through the page
/// map (`0`, the top level, stays). The page's own `id` is left for the caller to drop (create)
/// or replace (update).
pub fn remap_page(page: &Page, tables: &RemapTables) -> Remapped<Page> {
    let mut rewriter = IdRewriter::new(tables);
    let base = page_path(page);
    let mut remapped = page.clone();
    if let Some(channel) = page.channel_id {
        let path = field_path(&base, "channel_id");
        if let Some(target) =
            rewriter.resolve(&tables.channels, RewriteKind::Channel, &channel, &path)
        {
            remapped.channel_id = Some(target);
        }
    }
    if let Some(parent) = page.parent() {
        let path = field_path(&base, "parent_id");
        if let Some(target) = rewriter.resolve(&tables.pages, RewriteKind::Page, &parent, &path) {
            remapped.parent_id = Some(target);
        }
    }
    Remapped {
        value: remapped,
        log: rewriter.log,
    }
}
