//! Walks a page-widget document's tree and free-form JSON, handing each node to a visitor with
//! its JSON path.

use crate::location::JsonPath;
use pageport_model::{Dropzone, Layout, Region, RegionChild, Widget};
use serde_json::Value;

/// One node of a page-widget document.
#[derive(Debug, Clone, Copy)]
pub(crate) enum DocumentNode<'a> {
    /// A layout placed in a region.
    Layout(&'a Layout),
    /// A column of a layout.
    Dropzone(&'a Dropzone),
    /// A widget, in a region or in a dropzone.
    Widget(&'a Widget),
}

/// Calls `visit` for every layout, dropzone and widget of `regions`, in document order, with
/// paths such as `regions[0].children[1].dropzones[0].widgets[2]`.
pub(crate) fn for_each_node<'a>(
    regions: &'a [Region],
    mut visit: impl FnMut(&JsonPath, DocumentNode<'a>),
) {
    for (region_index, region) in regions.iter().enumerate() {
        let region_path = JsonPath::root().key("regions").index(region_index);
        for (child_index, child) in region.children.iter().enumerate() {
            let child_path = region_path.key("children").index(child_index);
            match child {
                RegionChild::Widget(widget) => visit(&child_path, DocumentNode::Widget(widget)),
                RegionChild::Layout(layout) => {
                    visit(&child_path, DocumentNode::Layout(layout));
                    for (zone_index, zone) in layout.dropzones.iter().enumerate() {
                        let zone_path = child_path.key("dropzones").index(zone_index);
                        visit(&zone_path, DocumentNode::Dropzone(zone));
                        for (widget_index, widget) in zone.widgets.iter().enumerate() {
                            let widget_path = zone_path.key("widgets").index(widget_index);
                            visit(&widget_path, DocumentNode::Widget(widget));
                        }
                    }
                }
            }
        }
    }
}

/// Calls `visit` for every string inside `value` (at any depth), with its path below `path`.
pub(crate) fn for_each_string(
    value: &Value,
    path: &JsonPath,
    visit: &mut impl FnMut(&JsonPath, &str),
) {
    match value {
        Value::String(text) => visit(path, text),
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                for_each_string(item, &path.index(index), visit);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                for_each_string(item, &path.key(key), visit);
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nodes_are_visited_in_document_order_with_their_paths() {
        let regions: Vec<Region> = serde_json::from_value(json!([
            {"name": "a", "children": [
                {"type": "widget", "widget_template_uuid": "w1"},
                {"type": "layout", "dropzones": [
                    {"widgets": []},
                    {"widgets": [{"type": "widget", "widget_template_uuid": "w2"}]}
                ]}
            ]}
        ]))
        .unwrap_or_default();
        let mut seen = Vec::new();
        for_each_node(&regions, |path, node| {
            let kind = match node {
                DocumentNode::Layout(_) => "layout",
                DocumentNode::Dropzone(_) => "dropzone",
                DocumentNode::Widget(_) => "widget",
            };
            seen.push(format!("{kind} {path}"));
        });
        assert_eq!(
            seen,
            vec![
                "widget regions[0].children[0]",
                "layout regions[0].children[1]",
                "dropzone regions[0].children[1].dropzones[0]",
                "dropzone regions[0].children[1].dropzones[1]",
                "widget regions[0].children[1].dropzones[1].widgets[0]",
            ]
        );
    }

    #[test]
    fn strings_are_found_at_every_depth() {
        let value = json!({"imageUrl": {"src": "a.jpg"}, "list": [1, "b", {"c": "d"}], "n": 3});
        let mut seen = Vec::new();
        for_each_string(
            &value,
            &JsonPath::root().key("configuration"),
            &mut |path, text| {
                seen.push(format!("{path}={text}"));
            },
        );
        assert_eq!(
            seen,
            vec![
                "configuration.imageUrl.src=a.jpg",
                "configuration.list[1]=b",
                "configuration.list[2].c=d",
            ]
        );
    }
}
