//! What a write would change in the target: field-level page changes, and for a page-widget
//! publish (a destructive replace) exactly which widgets and layouts the overwrite deletes.

use pageport_mapping::{TemplateDrift, TemplateField};
use pageport_model::{Page, PageId, Region, RegionChild, Widget, WidgetTemplate};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt;

/// One changed page field: its value in the target now, and after the write.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    /// The field name, as in the API.
    pub field: String,
    /// The target's current value (`null` when absent).
    pub from: Value,
    /// The value the write sets.
    pub to: Value,
}

/// The definition fields in which a drifted template's target differs from its source, as
/// changes from the target's value to the source's: `schema` as JSON (an absent one as `[]`),
/// `template` and `storefront_api_query` as text (an absent query as `""`).
pub fn template_changes(drift: &TemplateDrift) -> Vec<FieldChange> {
    let schema = |t: &WidgetTemplate| match &t.schema {
        None | Some(Value::Null) => Value::Array(Vec::new()),
        Some(schema) => schema.clone(),
    };
    let query =
        |t: &WidgetTemplate| Value::from(t.storefront_api_query.clone().unwrap_or_default());
    drift
        .fields
        .iter()
        .map(|field| {
            let (from, to) = match field {
                TemplateField::Schema => (schema(&drift.target), schema(&drift.source)),
                TemplateField::Template => (
                    Value::from(drift.target.template.clone()),
                    Value::from(drift.source.template.clone()),
                ),
                TemplateField::StorefrontApiQuery => (query(&drift.target), query(&drift.source)),
            };
            FieldChange {
                field: field.to_string(),
                from,
                to,
            }
        })
        .collect()
}

/// Fields pageport never compares: assigned by the store, or resolved separately (`parent_id`
/// goes through the page-id map, so the caller compares it).
const NOT_COMPARED: [&str; 2] = ["id", "parent_id"];

/// The fields of `desired` that differ from `current`. Only fields `desired` sets are compared,
/// so a field the source does not send never shows as a change.
pub fn page_changes(desired: &Page, current: &Page) -> Vec<FieldChange> {
    let (Ok(Value::Object(want)), Ok(Value::Object(have))) =
        (serde_json::to_value(desired), serde_json::to_value(current))
    else {
        return Vec::new();
    };
    let mut changes: Vec<FieldChange> = want
        .into_iter()
        .filter(|(field, _)| !NOT_COMPARED.contains(&field.as_str()))
        .filter_map(|(field, to)| {
            let from = have.get(&field).cloned().unwrap_or(Value::Null);
            (!same_value(&field, &from, &to)).then_some(FieldChange { field, from, to })
        })
        .collect();
    changes.sort_by(|a, b| a.field.cmp(&b.field));
    changes
}

/// Where a planned page's parent will be, in target terms, for comparing with a target page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DesiredParent {
    /// The top level (`parent_id` 0).
    TopLevel,
    /// An existing target page.
    Target(PageId),
    /// A page apply creates first; its target id is unknown until then.
    Pending {
        /// The new parent's source id.
        source_id: PageId,
    },
}

/// The `parent_id` change of an existing target page, if its parent moves. A pending parent
/// shows as `{"pending_source_page": <source id>}`, since its target id is not known yet.
pub fn parent_change(desired: DesiredParent, current: &Page) -> Option<FieldChange> {
    let from = current.parent().map_or(0, PageId::get);
    let to = match desired {
        DesiredParent::TopLevel => Value::from(0),
        DesiredParent::Target(id) => Value::from(id.get()),
        DesiredParent::Pending { source_id } => {
            serde_json::json!({ "pending_source_page": source_id.get() })
        }
    };
    let from = Value::from(from);
    (to != from).then(|| FieldChange {
        field: "parent_id".to_owned(),
        from,
        to,
    })
}

/// Equality that treats an empty string and `null` alike for the nullable text fields the
/// store fills with `""` by default.
fn same_value(field: &str, a: &Value, b: &Value) -> bool {
    const NULLABLE_TEXT: [&str; 5] = [
        "meta_title",
        "meta_keywords",
        "meta_description",
        "search_keywords",
        "body",
    ];
    let empty = |v: &Value| v.is_null() || v.as_str() == Some("");
    a == b || (NULLABLE_TEXT.contains(&field) && empty(a) && empty(b))
}

/// Whether a placement is a layout or a widget.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PlacementKind {
    /// A layout (with its dropzones).
    Layout,
    /// A widget.
    Widget,
}

impl fmt::Display for PlacementKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PlacementKind::Layout => "layout",
            PlacementKind::Widget => "widget",
        })
    }
}

/// A layout or widget of a document, as a report line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Placement {
    /// Layout or widget.
    pub kind: PlacementKind,
    /// Where it sits, e.g. `header_bottom › layout 1 › column 2 › widget 1`.
    pub position: String,
    /// Its display name (or the template uuid when it has none).
    pub name: String,
}

/// What publishing `desired` over `current` does to the target document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentOverwrite {
    /// Present now and identical after the publish.
    pub kept: usize,
    /// Present now and gone (or changed) after the publish: what the overwrite deletes.
    pub deleted: Vec<Placement>,
    /// New (or changed) after the publish.
    pub added: Vec<Placement>,
}

impl DocumentOverwrite {
    /// True when the publish would leave the document exactly as it is.
    pub fn is_noop(&self) -> bool {
        self.deleted.is_empty() && self.added.is_empty()
    }

    /// How many layouts and widgets the overwrite deletes: `(layouts, widgets)`.
    pub fn deleted_counts(&self) -> (usize, usize) {
        let layouts = self
            .deleted
            .iter()
            .filter(|p| p.kind == PlacementKind::Layout)
            .count();
        (layouts, self.deleted.len() - layouts)
    }
}

/// Compares two documents placement by placement. A placement counts as kept when an identical
/// one (same region, same content) exists on the other side; order within a region is part of
/// the comparison only through the published result, which [`documents_equal`] checks.
pub fn document_overwrite(desired: &[Region], current: &[Region]) -> DocumentOverwrite {
    let want = placements(desired);
    let mut have = placements(current);
    let mut result = DocumentOverwrite::default();
    for (placement, content) in want {
        if let Some(found) = have.iter().position(|(_, c)| *c == content) {
            have.remove(found);
            result.kept += 1;
        } else {
            result.added.push(placement);
        }
    }
    result.deleted = have.into_iter().map(|(p, _)| p).collect();
    result
}

/// True when two documents publish identically (same regions, order and content).
pub fn documents_equal(a: &[Region], b: &[Region]) -> bool {
    let non_empty = |regions: &[Region]| -> Vec<Region> {
        regions
            .iter()
            .filter(|r| !r.children.is_empty())
            .cloned()
            .collect()
    };
    let (a, b) = (non_empty(a), non_empty(b));
    match (serde_json::to_value(&a), serde_json::to_value(&b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Every layout and widget with its position and comparable content.
fn placements(regions: &[Region]) -> Vec<(Placement, Value)> {
    let mut out = Vec::new();
    for region in regions {
        for (i, child) in region.children.iter().enumerate() {
            match child {
                RegionChild::Widget(widget) => {
                    let position = format!("{} › widget {}", region.name, i + 1);
                    out.push((
                        widget_placement(widget, position),
                        content(&region.name, child),
                    ));
                }
                RegionChild::Layout(layout) => {
                    let position = format!("{} › layout {}", region.name, i + 1);
                    let name = layout.name.clone().unwrap_or_else(|| "layout".into());
                    out.push((
                        Placement {
                            kind: PlacementKind::Layout,
                            position: position.clone(),
                            name,
                        },
                        content(&region.name, child),
                    ));
                    for (c, dropzone) in layout.dropzones.iter().enumerate() {
                        for (w, widget) in dropzone.widgets.iter().enumerate() {
                            let position =
                                format!("{position} › column {} › widget {}", c + 1, w + 1);
                            out.push((
                                widget_placement(widget, position),
                                serde_json::json!({"in": region.name, "widget": widget}),
                            ));
                        }
                    }
                }
            }
        }
    }
    out
}

fn widget_placement(widget: &Widget, position: String) -> Placement {
    Placement {
        kind: PlacementKind::Widget,
        position,
        name: widget
            .name
            .clone()
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| widget.widget_template_uuid.to_string()),
    }
}

fn content(region: &str, child: &RegionChild) -> Value {
    serde_json::json!({"in": region, "child": child})
}

#[cfg(test)]
mod tests {
    use super::*;
    use pageport_model::PageType;
    use serde_json::json;

    #[test]
    fn only_fields_the_source_sets_are_compared() {
        let mut current = Page::new("About", PageType::Page);
        current.id = Some(pageport_model::PageId(500));
        current.meta_title = Some(Some(String::new()));
        current.sort_order = Some(3);
        let mut desired = Page::new("About", PageType::Page);
        desired.meta_title = Some(None);
        desired.body = Some(Some("<p>new</p>".into()));
        let changes = page_changes(&desired, &current);
        assert_eq!(changes.len(), 1, "{changes:?}");
        assert_eq!(changes[0].field, "body");
        assert_eq!(changes[0].from, Value::Null);
        assert_eq!(changes[0].to, json!("<p>new</p>"));
    }

    fn regions(value: Value) -> Vec<Region> {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn an_overwrite_lists_what_it_deletes_widget_by_widget() {
        let current = regions(json!([{"name": "home_below_menu", "children": [
            {"type": "widget", "name": "Old banner", "widget_template_uuid": "d181ebd5-f42c-4f96-8f9d-c605023f5cb6"},
            {"type": "layout", "name": "Grid", "dropzones": [{"widgets": [
                {"type": "widget", "name": "Product", "widget_template_uuid": "e59c1412-2d85-4f18-ab4b-8a55412d945c", "configuration": {"productId": "1077"}}
            ]}]}
        ]}]));
        let desired = regions(json!([{"name": "home_below_menu", "children": [
            {"type": "widget", "name": "Hero", "widget_template_uuid": "d181ebd5-f42c-4f96-8f9d-c605023f5cb6"}
        ]}]));
        let diff = document_overwrite(&desired, &current);
        assert_eq!(diff.kept, 0);
        let deleted: Vec<&str> = diff.deleted.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(deleted, vec!["Old banner", "Grid", "Product"]);
        assert_eq!(
            diff.deleted[2].position,
            "home_below_menu › layout 2 › column 1 › widget 1"
        );
        assert_eq!(diff.added.len(), 1);
        assert_eq!(diff.deleted_counts(), (1, 2));
        assert!(!documents_equal(&desired, &current));
    }

    #[test]
    fn a_parent_change_is_reported_in_target_terms() {
        let mut current = Page::new("Child", PageType::Page);
        current.parent_id = Some(PageId(31));
        assert_eq!(
            parent_change(DesiredParent::Target(PageId(31)), &current),
            None
        );
        let moved = parent_change(DesiredParent::TopLevel, &current).unwrap();
        assert_eq!((moved.from, moved.to), (json!(31), json!(0)));
        let pending = parent_change(
            DesiredParent::Pending {
                source_id: PageId(5),
            },
            &current,
        )
        .unwrap();
        assert_eq!(pending.to, json!({"pending_source_page": 5}));
        current.parent_id = Some(PageId(0));
        assert_eq!(parent_change(DesiredParent::TopLevel, &current), None);
    }

    #[test]
    fn identical_documents_are_a_noop() {
        let doc = regions(json!([{"name": "r", "children": [
            {"type": "widget", "name": "A", "widget_template_uuid": "d181ebd5-f42c-4f96-8f9d-c605023f5cb6", "configuration": {"productId": 77}}
        ]}, {"name": "empty", "children": []}]));
        let same = regions(json!([{"name": "r", "children": [
            {"type": "widget", "name": "A", "widget_template_uuid": "d181ebd5-f42c-4f96-8f9d-c605023f5cb6", "configuration": {"productId": 77}}
        ]}]));
        assert!(document_overwrite(&doc, &same).is_noop());
        assert!(documents_equal(&doc, &same));
    }
}
