//! Page-widget documents (`/v3/content/page-widgets`): a page's regions, each holding layouts
//! (with dropzones of widgets) and widgets.
//!
//! `configuration` and `storefront_api_query_params` are free-form JSON objects kept as
//! [`serde_json::Value`] maps so that value types (`"77"` vs `77`) survive untouched.

use crate::ids::{ChannelId, EntityId, LayoutTemplateUuid, TemplateFile, WidgetTemplateUuid};
use crate::{Extra, JsonObject};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The `data` of a page-widgets GET: every region of one page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PageWidgets {
    /// The page's regions in the order the store returned them.
    #[serde(default)]
    pub regions: Vec<Region>,
    /// Fields this version of pageport does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The body of a page-widgets POST: publishes (and destructively replaces) one page's content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageWidgetsPublish {
    /// The channel; the API defaults it to the first channel, pageport always sends it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_id: Option<ChannelId>,
    /// The template file; absent for global regions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template_file: Option<TemplateFile>,
    /// The entity id; absent for global regions and templates without entities.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity_id: Option<EntityId>,
    /// The page's complete new content.
    pub regions: Vec<Region>,
}

/// One named region of a theme template (global regions end in `--global`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Region {
    /// The region name, matching `{{{region name="…"}}}` in the theme.
    pub name: String,
    /// The layouts and widgets placed directly in the region.
    #[serde(default)]
    pub children: Vec<RegionChild>,
    /// Fields this version of pageport does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A direct child of a region: a layout or a widget, told apart by `type`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum RegionChild {
    /// A layout with dropzones.
    Layout(Layout),
    /// A widget placed straight in the region.
    Widget(Widget),
}

/// A layout: columns (dropzones) that hold widgets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Layout {
    /// Set by BigCommerce; kept unchanged on migration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layout_template_uuid: Option<LayoutTemplateUuid>,
    /// The layout's display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Page Builder options of the layout.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub configuration: Option<JsonObject>,
    /// The layout's columns.
    #[serde(default)]
    pub dropzones: Vec<Dropzone>,
    /// Fields this version of pageport does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One column of a layout.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dropzone {
    /// Page Builder options of the dropzone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub configuration: Option<JsonObject>,
    /// The widgets in the column (each of `type` `widget`, or without a `type`).
    #[serde(
        default,
        deserialize_with = "dropzone_widgets",
        serialize_with = "typed_dropzone_widgets"
    )]
    pub widgets: Vec<Widget>,
    /// Fields this version of pageport does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A widget: an instance of a widget template with its configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Widget {
    /// The template; unique per store channel, so remapped on migration.
    pub widget_template_uuid: WidgetTemplateUuid,
    /// The widget's display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The widget's description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Page Builder options; may hold store-specific ids such as `productId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub configuration: Option<JsonObject>,
    /// Variables for the template's GraphQL query; may hold store-specific ids.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storefront_api_query_params: Option<JsonObject>,
    /// Fields this version of pageport does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Reads a dropzone's widgets, refusing an element whose `type` is other than `widget` (a
/// dropzone cannot hold layouts, and an unknown type must not pass silently).
fn dropzone_widgets<'de, D>(deserializer: D) -> Result<Vec<Widget>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    use serde::de::Error;
    let items = Vec::<serde_json::Value>::deserialize(deserializer)?;
    items
        .into_iter()
        .enumerate()
        .map(|(index, mut item)| {
            match item.get("type") {
                None => {}
                Some(serde_json::Value::String(kind)) if kind == "widget" => {}
                Some(other) => {
                    return Err(D::Error::custom(format!(
                        "widgets[{index}] has type {other}; a dropzone holds only widgets"
                    )));
                }
            }
            // The tag is implied by the position and written back on output; keeping it out of
            // `extra` makes a widget read from a store equal to the same widget built in code.
            if let Some(object) = item.as_object_mut() {
                object.remove("type");
            }
            serde_json::from_value(item)
                .map_err(|e| D::Error::custom(format!("widgets[{index}]: {e}")))
        })
        .collect()
}

/// Writes a dropzone's widgets, each with `"type": "widget"`: the API (and the sandbox) expect
/// it, and a widget built in code, not read from a store, would otherwise go out without it.
fn typed_dropzone_widgets<S>(widgets: &[Widget], serializer: S) -> Result<S::Ok, S::Error>
where
    S: serde::Serializer,
{
    use serde::ser::SerializeSeq;
    let mut seq = serializer.serialize_seq(Some(widgets.len()))?;
    for widget in widgets {
        seq.serialize_element(&TypedWidget {
            kind: "widget",
            widget,
        })?;
    }
    seq.end()
}

/// A widget with its `type` tag, for serializing.
#[derive(Serialize)]
struct TypedWidget<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(flatten)]
    widget: &'a Widget,
}

/// What addresses one page-widget document: channel, template file and entity.
///
/// This is also the natural key pageport matches documents by across stores.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct PageWidgetsKey {
    /// The channel.
    pub channel_id: ChannelId,
    /// The template file; `None` for global regions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template_file: Option<TemplateFile>,
    /// The entity id; `None` for global regions and entity-less templates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity_id: Option<EntityId>,
}

impl PageWidgetsKey {
    /// The key of a channel's global regions.
    pub fn global(channel_id: ChannelId) -> Self {
        Self {
            channel_id,
            template_file: None,
            entity_id: None,
        }
    }

    /// True for the global regions document.
    pub fn is_global(&self) -> bool {
        self.template_file.is_none() && self.entity_id.is_none()
    }
}

impl fmt::Display for PageWidgetsKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "channel {} ", self.channel_id)?;
        match (&self.template_file, &self.entity_id) {
            (None, None) => f.write_str("global regions"),
            (Some(file), None) => write!(f, "{file}"),
            (Some(file), Some(entity)) => write!(f, "{file} #{entity}"),
            (None, Some(entity)) => write!(f, "entity #{entity}"),
        }
    }
}

impl PageWidgets {
    /// Counts the layouts and widgets of the document, at every depth: `(layouts, widgets)`.
    pub fn count(&self) -> (usize, usize) {
        count_regions(&self.regions)
    }

    /// Every widget of the document, at every depth, in document order.
    pub fn widgets(&self) -> impl Iterator<Item = &Widget> {
        widgets_of(&self.regions)
    }

    /// True when the document has no region with any content.
    pub fn is_empty(&self) -> bool {
        self.regions.iter().all(|r| r.children.is_empty())
    }
}

/// Every widget of some regions, at every depth, in document order, without copying them.
pub fn widgets_of(regions: &[Region]) -> impl Iterator<Item = &Widget> {
    regions.iter().flat_map(|r| &r.children).flat_map(
        |child| -> Box<dyn Iterator<Item = &Widget> + '_> {
            match child {
                RegionChild::Layout(layout) => {
                    Box::new(layout.dropzones.iter().flat_map(|d| &d.widgets))
                }
                RegionChild::Widget(widget) => Box::new(std::iter::once(widget)),
            }
        },
    )
}

/// Counts the layouts and widgets of some regions, at every depth: `(layouts, widgets)`.
pub fn count_regions(regions: &[Region]) -> (usize, usize) {
    let mut layouts = 0;
    let mut widgets = 0;
    for child in regions.iter().flat_map(|r| &r.children) {
        match child {
            RegionChild::Layout(layout) => {
                layouts += 1;
                widgets += layout
                    .dropzones
                    .iter()
                    .map(|d| d.widgets.len())
                    .sum::<usize>();
            }
            RegionChild::Widget(_) => widgets += 1,
        }
    }
    (layouts, widgets)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sample() -> serde_json::Value {
        json!({"regions": [
            {"name": "home_below_menu", "children": [
                {"type": "widget", "widget_template_uuid": "d181ebd5-f42c-4f96-8f9d-c605023f5cb6",
                 "configuration": {"productId": "77"}, "storefront_api_query_params": {"productId": 77}},
                {"type": "layout", "layout_template_uuid": "7d42d0b1-1152-4ce3-a6c1-3709f786f295",
                 "dropzones": [
                    {"widgets": [{"type": "widget", "widget_template_uuid": "e59c1412-2d85-4f18-ab4b-8a55412d945c"}]},
                    {"widgets": [{"type": "widget", "widget_template_uuid": "e59c1412-2d85-4f18-ab4b-8a55412d945c"},
                                 {"type": "widget", "widget_template_uuid": "e59c1412-2d85-4f18-ab4b-8a55412d945c"}]}
                 ]}
            ]}
        ]})
    }

    #[test]
    fn counts_layouts_and_widgets_at_every_depth() {
        let doc: PageWidgets = serde_json::from_value(sample()).expect("valid document");
        assert_eq!(doc.count(), (1, 4));
        assert_eq!(doc.widgets().count(), 4);
        assert_eq!(widgets_of(&doc.regions[..0]).count(), 0);
        assert!(!doc.is_empty());
    }

    #[test]
    fn value_types_inside_configuration_survive() {
        let doc: PageWidgets = serde_json::from_value(sample()).expect("valid document");
        assert_eq!(serde_json::to_value(&doc).expect("serializes"), sample());
    }

    #[test]
    fn a_child_without_a_known_type_is_refused() {
        let bad = json!({"regions": [{"name": "r", "children": [{"type": "banner"}]}]});
        assert!(serde_json::from_value::<PageWidgets>(bad).is_err());
    }

    #[test]
    fn dropzone_widgets_are_written_with_their_type() {
        let layout = Layout {
            layout_template_uuid: None,
            name: None,
            configuration: None,
            dropzones: vec![Dropzone {
                configuration: None,
                widgets: vec![Widget {
                    widget_template_uuid: "d181ebd5-f42c-4f96-8f9d-c605023f5cb6".into(),
                    name: None,
                    description: None,
                    configuration: None,
                    storefront_api_query_params: None,
                    extra: Extra::new(),
                }],
                extra: Extra::new(),
            }],
            extra: Extra::new(),
        };
        let json = serde_json::to_value(&layout).expect("serializes");
        assert_eq!(json["dropzones"][0]["widgets"][0]["type"], "widget");
        let back: Layout = serde_json::from_value(json.clone()).expect("reads back");
        assert_eq!(
            serde_json::to_value(&back).expect("serializes"),
            json,
            "written once, not twice"
        );
    }

    #[test]
    fn key_display_names_the_document() {
        let key = PageWidgetsKey {
            channel_id: ChannelId(1),
            template_file: Some("pages/page".into()),
            entity_id: Some("5".into()),
        };
        assert_eq!(key.to_string(), "channel 1 pages/page #5");
        assert_eq!(
            PageWidgetsKey::global(ChannelId(2)).to_string(),
            "channel 2 global regions"
        );
    }
}
