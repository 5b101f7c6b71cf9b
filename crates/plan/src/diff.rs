//! What a write would change in the target: field-level page changes, and for a page-widget
//! publish (a destructive replace) exactly which widgets and layouts the overwrite deletes.

use pageport_mapping::{TemplateDrift, TemplateField};
use pageport_model::{Page, PageId, Region, RegionChild, Widget, WidgetTemplate};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt;

/// One changed value: a page field, or a JSON path inside a layout or widget; its value in the
/// target now, and after the write.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    /// The field name, as in the API (or the JSON path, for a placement).
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
///
/// A layout is compared by its own settings (its dropzones without their widgets); its widgets
/// are placements of their own.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentOverwrite {
    /// Present now and identical after the publish.
    pub kept: usize,
    /// Present now and gone after the publish: what the overwrite deletes.
    pub deleted: Vec<Placement>,
    /// New after the publish.
    pub added: Vec<Placement>,
    /// Present now and changed in place: the same kind at the same position (a widget of the
    /// same template), with other settings.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changed: Vec<PlacementChange>,
}

/// A layout or widget the publish changes in place, and each value it changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlacementChange {
    /// The placement (as it will be).
    pub placement: Placement,
    /// The changed values by JSON path inside the placement (`configuration.heading`), old →
    /// new; an absent value reads as `null`.
    pub changes: Vec<FieldChange>,
}

impl DocumentOverwrite {
    /// True when the publish would leave the document exactly as it is.
    pub fn is_noop(&self) -> bool {
        self.deleted.is_empty() && self.added.is_empty() && self.changed.is_empty()
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
/// one (same region, same content) exists on the other side; what is left pairs up as changed
/// when both sides have the same kind at the same position (a widget of the same template);
/// the rest is deleted or added. Order within a region is part of the comparison only through
/// the published result, which [`documents_equal`] checks.
pub fn document_overwrite(desired: &[Region], current: &[Region]) -> DocumentOverwrite {
    let want = placements(desired);
    let mut have = placements(current);
    let mut result = DocumentOverwrite::default();
    let mut added = Vec::new();
    for found in want {
        if let Some(index) = have.iter().position(|c| c.content == found.content) {
            have.remove(index);
            result.kept += 1;
        } else {
            added.push(found);
        }
    }
    for new in added {
        let Some(index) = have.iter().position(|old| old.same_slot(&new)) else {
            result.added.push(new.placement);
            continue;
        };
        let old = have.remove(index);
        let changes = json_changes(&old.own, &new.own);
        if changes.is_empty() {
            // A layout whose own settings are unchanged: only its widgets differ, and they
            // are listed as placements of their own.
            result.kept += 1;
        } else {
            result.changed.push(PlacementChange {
                placement: new.placement,
                changes,
            });
        }
    }
    result.deleted = have.into_iter().map(|found| found.placement).collect();
    result
}

/// Every value that differs between `old` and `new`, by JSON path, in path order: objects key
/// by key, arrays element by element; a value only one side has reads as `null` on the other.
pub fn json_changes(old: &Value, new: &Value) -> Vec<FieldChange> {
    let mut out = Vec::new();
    collect_changes(old, new, String::new(), &mut out);
    out
}

fn collect_changes(old: &Value, new: &Value, path: String, out: &mut Vec<FieldChange>) {
    match (old, new) {
        (Value::Object(a), Value::Object(b)) => {
            let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            for key in keys {
                let (x, y) = (
                    a.get(key).unwrap_or(&Value::Null),
                    b.get(key).unwrap_or(&Value::Null),
                );
                collect_changes(x, y, key_path(&path, key), out);
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            for index in 0..a.len().max(b.len()) {
                let (x, y) = (
                    a.get(index).unwrap_or(&Value::Null),
                    b.get(index).unwrap_or(&Value::Null),
                );
                collect_changes(x, y, format!("{path}[{index}]"), out);
            }
        }
        _ if old == new => {}
        // A subtree only one side has: its values one by one, so that none is shortened away
        // (an empty object or array is reported whole below).
        (Value::Null, Value::Object(_) | Value::Array(_))
        | (Value::Object(_) | Value::Array(_), Value::Null)
            if !is_empty_container(old) || !is_empty_container(new) =>
        {
            let empty = |v: &Value| match v {
                Value::Array(_) => Value::Array(Vec::new()),
                _ => Value::Object(serde_json::Map::new()),
            };
            let (a, b) = match old {
                Value::Null => (empty(new), new.clone()),
                _ => (old.clone(), empty(old)),
            };
            collect_changes(&a, &b, path, out);
        }
        _ => out.push(FieldChange {
            field: if path.is_empty() { "$".into() } else { path },
            from: old.clone(),
            to: new.clone(),
        }),
    }
}

/// True for `{}`, `[]` and non-containers (nothing inside to list).
fn is_empty_container(value: &Value) -> bool {
    match value {
        Value::Object(map) => map.is_empty(),
        Value::Array(items) => items.is_empty(),
        _ => true,
    }
}

/// `parent.key`, or `parent["odd key"]` when the key is not a plain name.
fn key_path(parent: &str, key: &str) -> String {
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    match (parent.is_empty(), plain) {
        (true, true) => key.to_owned(),
        (false, true) => format!("{parent}.{key}"),
        (_, false) => format!(
            "{parent}[{}]",
            serde_json::to_string(key).unwrap_or_else(|_| format!("{key:?}"))
        ),
    }
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

/// One layout or widget of a document, as the comparison sees it.
struct Found {
    /// How the report names it.
    placement: Placement,
    /// Everything it publishes, for the identical-or-not test.
    content: Value,
    /// Its own settings: a widget whole, a layout without its dropzones' widgets.
    own: Value,
    /// The region it is in.
    region: String,
    /// A widget's template.
    template: Option<String>,
}

impl Found {
    /// True when `other` sits where this one does and is the same kind of thing.
    fn same_slot(&self, other: &Found) -> bool {
        self.placement.kind == other.placement.kind
            && self.placement.position == other.placement.position
            && self.region == other.region
            && self.template == other.template
    }
}

/// Every layout and widget with its position and comparable content.
fn placements(regions: &[Region]) -> Vec<Found> {
    let mut out = Vec::new();
    for region in regions {
        for (i, child) in region.children.iter().enumerate() {
            match child {
                RegionChild::Widget(widget) => {
                    let position = format!("{} › widget {}", region.name, i + 1);
                    out.push(widget_found(widget, position, &region.name));
                }
                RegionChild::Layout(layout) => {
                    let position = format!("{} › layout {}", region.name, i + 1);
                    let name = layout.name.clone().unwrap_or_else(|| "layout".into());
                    let mut own = serde_json::to_value(layout).unwrap_or(Value::Null);
                    if let Some(zones) = own.get_mut("dropzones").and_then(Value::as_array_mut) {
                        for zone in zones {
                            if let Some(zone) = zone.as_object_mut() {
                                zone.remove("widgets");
                            }
                        }
                    }
                    out.push(Found {
                        placement: Placement {
                            kind: PlacementKind::Layout,
                            position: position.clone(),
                            name,
                        },
                        content: serde_json::json!({"in": region.name, "child": child}),
                        own,
                        region: region.name.clone(),
                        template: None,
                    });
                    for (c, dropzone) in layout.dropzones.iter().enumerate() {
                        for (w, widget) in dropzone.widgets.iter().enumerate() {
                            let position =
                                format!("{position} › column {} › widget {}", c + 1, w + 1);
                            out.push(widget_found(widget, position, &region.name));
                        }
                    }
                }
            }
        }
    }
    out
}

fn widget_found(widget: &Widget, position: String, region: &str) -> Found {
    let own = serde_json::to_value(widget).unwrap_or(Value::Null);
    Found {
        placement: Placement {
            kind: PlacementKind::Widget,
            position,
            name: widget
                .name
                .clone()
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| widget.widget_template_uuid.to_string()),
        },
        content: serde_json::json!({"in": region, "widget": own}),
        own,
        region: region.to_owned(),
        template: Some(widget.widget_template_uuid.to_string()),
    }
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
        assert_eq!(deleted, vec!["Grid", "Product"]);
        assert_eq!(
            diff.deleted[1].position,
            "home_below_menu › layout 2 › column 1 › widget 1"
        );
        // The banner stays where it is, with the same template: changed in place, not deleted.
        assert!(diff.added.is_empty());
        assert_eq!(diff.changed.len(), 1);
        assert_eq!(diff.changed[0].placement.name, "Hero");
        assert_eq!(
            diff.changed[0].changes,
            vec![FieldChange {
                field: "name".into(),
                from: json!("Old banner"),
                to: json!("Hero")
            }]
        );
        assert_eq!(diff.deleted_counts(), (1, 1));
        assert!(!documents_equal(&desired, &current));
    }

    #[test]
    fn a_subtree_only_one_side_has_is_listed_value_by_value() {
        let changes = json_changes(
            &json!({"image": null, "zones": [{}]}),
            &json!({"image": {"src": "a.jpg", "alt": ""}, "zones": [{}, {}]}),
        );
        let shown: Vec<(&str, &Value, &Value)> = changes
            .iter()
            .map(|c| (c.field.as_str(), &c.from, &c.to))
            .collect();
        assert_eq!(
            shown,
            vec![
                ("image.alt", &Value::Null, &json!("")),
                ("image.src", &Value::Null, &json!("a.jpg")),
                ("zones[1]", &Value::Null, &json!({})),
            ]
        );
        assert_eq!(json_changes(&json!({"a": [1]}), &json!({"a": [1]})), vec![]);
    }

    #[test]
    fn a_widget_changed_in_place_lists_its_changes_by_json_path() {
        let uuid = "d181ebd5-f42c-4f96-8f9d-c605023f5cb6";
        let other = "e59c1412-2d85-4f18-ab4b-8a55412d945c";
        let current = regions(json!([{"name": "r", "children": [
            {"type": "layout", "name": "Grid", "configuration": {"gap": 8}, "dropzones": [{"widgets": [
                {"type": "widget", "name": "Slides", "widget_template_uuid": uuid, "configuration": {
                    "heading": "Summer", "slides": [{"title": "A"}, {"title": "B"}],
                    "odd key": 1, "gone": true}}
            ]}]},
            {"type": "widget", "name": "Swapped", "widget_template_uuid": uuid}
        ]}]));
        let desired = regions(json!([{"name": "r", "children": [
            {"type": "layout", "name": "Grid", "configuration": {"gap": 8}, "dropzones": [{"widgets": [
                {"type": "widget", "name": "Slides", "widget_template_uuid": uuid, "configuration": {
                    "heading": "Winter", "slides": [{"title": "A"}, {"title": "B2"}, {"title": "C"}],
                    "odd key": 2}}
            ]}]},
            {"type": "widget", "name": "Swapped", "widget_template_uuid": other}
        ]}]));
        let diff = document_overwrite(&desired, &current);
        // The layout's own settings did not change; its widget did, in place.
        assert_eq!(diff.kept, 1);
        assert_eq!(diff.changed.len(), 1);
        let change = &diff.changed[0];
        assert_eq!(
            change.placement.position,
            "r › layout 1 › column 1 › widget 1"
        );
        let shown: Vec<(String, Value, Value)> = change
            .changes
            .iter()
            .map(|c| (c.field.clone(), c.from.clone(), c.to.clone()))
            .collect();
        assert_eq!(
            shown,
            vec![
                ("configuration.gone".into(), json!(true), Value::Null),
                (
                    "configuration.heading".into(),
                    json!("Summer"),
                    json!("Winter")
                ),
                (r#"configuration["odd key"]"#.into(), json!(1), json!(2)),
                (
                    "configuration.slides[1].title".into(),
                    json!("B"),
                    json!("B2")
                ),
                (
                    "configuration.slides[2].title".into(),
                    Value::Null,
                    json!("C")
                ),
            ]
        );
        // Another template at the same place is another widget: deleted and added.
        assert_eq!(diff.deleted.len(), 1);
        assert_eq!(diff.added.len(), 1);
        assert_eq!(diff.deleted[0].name, "Swapped");
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
