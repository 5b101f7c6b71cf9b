//! Validation of a page-widgets publish body, read leniently as JSON so that every problem is
//! reported at once with its JSON path (`regions[0].children[2].widget_template_uuid`).
//!
//! ASSUMPTION (CONTRACT §11 #8): BigCommerce does not document what a publish validates. The
//! sandbox checks the tree's shape (`type` of every child, objects where objects belong), UUID
//! shapes, that every `widget_template_uuid` is a template of this store usable in the document's
//! channel, and the per-page and per-channel layout and widget limits, each as a 422 whose
//! `errors` are keyed by JSON path. Region names are not checked (the sandbox has no theme), and
//! `layout_template_uuid` is echoed back as sent when well-formed.

use super::address;
use crate::state::StoreState;
use pageport_model::ids::is_canonical_uuid;
use pageport_model::{ChannelId, Limits, PageWidgetsKey, Region};
use serde_json::{Map, Value};

/// A publish that passed validation: where it goes and what it holds.
#[derive(Debug)]
pub(super) struct ValidPublish {
    /// The document's address.
    pub(super) key: PageWidgetsKey,
    /// The document's new content, exactly as submitted.
    pub(super) regions: Vec<Region>,
}

/// Error messages by JSON path, in the order found; a second message for a path is appended.
#[derive(Debug, Default)]
pub(super) struct FieldErrors(Map<String, Value>);

impl FieldErrors {
    /// Records a problem at `path`.
    pub(super) fn add(&mut self, path: impl Into<String>, message: impl Into<String>) {
        let path = path.into();
        let message = message.into();
        match self.0.get_mut(&path) {
            Some(Value::String(existing)) => {
                existing.push_str("; ");
                existing.push_str(&message);
            }
            _ => {
                self.0.insert(path, Value::String(message));
            }
        }
    }

    /// True when nothing was recorded.
    pub(super) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The `errors` object of the 422 body.
    pub(super) fn into_value(self) -> Value {
        Value::Object(self.0)
    }
}

/// Validates a publish body against the store it targets.
pub(super) fn validate_publish(
    body: &Value,
    store: &StoreState,
    limits: &Limits,
) -> Result<ValidPublish, FieldErrors> {
    let mut errors = FieldErrors::default();
    let Some(object) = body.as_object() else {
        errors.add("body", "must be a JSON object");
        return Err(errors);
    };
    let address = address::from_body(object, store, &mut errors);
    let regions = match object.get("regions") {
        None | Some(Value::Null) => {
            errors.add("regions", "is required");
            None
        }
        Some(Value::Array(regions)) => Some(regions),
        Some(_) => {
            errors.add("regions", "must be an array of regions");
            None
        }
    };
    let (Some(key), Some(regions)) = (address, regions) else {
        return Err(errors);
    };
    let mut walker = Walker {
        store,
        channel: key.channel_id,
        errors,
        tally: Tally::new(limits, channel_totals_elsewhere(store, &key)),
    };
    for (index, region) in regions.iter().enumerate() {
        walker.region(&format!("regions[{index}]"), region);
    }
    let Walker {
        mut errors, tally, ..
    } = walker;
    tally.report(&mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    match serde_json::from_value::<Vec<Region>>(Value::Array(regions.clone())) {
        Ok(regions) => Ok(ValidPublish { key, regions }),
        Err(error) => {
            errors.add("regions", error.to_string());
            Err(errors)
        }
    }
}

/// Layouts and widgets held by the channel's other documents: the channel's kept totals less
/// the document being replaced, so the cost does not grow with the store.
fn channel_totals_elsewhere(store: &StoreState, key: &PageWidgetsKey) -> (usize, usize) {
    let channel = store.page_widgets.channel_totals(key.channel_id);
    let (own_layouts, own_widgets) = store.page_widgets.get(key).map_or((0, 0), |regions| {
        pageport_model::page_widgets::count_regions(regions)
    });
    (
        channel.layouts.saturating_sub(own_layouts),
        channel.widgets.saturating_sub(own_widgets),
    )
}

/// Walks the submitted tree, recording problems and counting layouts and widgets.
struct Walker<'a> {
    store: &'a StoreState,
    channel: ChannelId,
    errors: FieldErrors,
    tally: Tally,
}

impl Walker<'_> {
    fn region(&mut self, path: &str, region: &Value) {
        let Some(region) = region.as_object() else {
            self.errors.add(path, "must be a region object");
            return;
        };
        match region.get("name") {
            Some(Value::String(name)) if !name.is_empty() => {}
            Some(Value::String(_)) => self.errors.add(format!("{path}.name"), "must not be empty"),
            None => self.errors.add(format!("{path}.name"), "is required"),
            Some(_) => self.errors.add(format!("{path}.name"), "must be a string"),
        }
        let Some(children) = self.array(&format!("{path}.children"), region.get("children")) else {
            return;
        };
        for (index, child) in children.iter().enumerate() {
            self.child(&format!("{path}.children[{index}]"), child);
        }
    }

    fn child(&mut self, path: &str, child: &Value) {
        let Some(object) = child.as_object() else {
            self.errors.add(path, "must be a layout or widget object");
            return;
        };
        match object.get("type") {
            Some(Value::String(kind)) if kind == "layout" => self.layout(path, object),
            Some(Value::String(kind)) if kind == "widget" => self.widget(path, object),
            None => self
                .errors
                .add(format!("{path}.type"), "is required: `layout` or `widget`"),
            Some(other) => self.errors.add(
                format!("{path}.type"),
                format!("must be `layout` or `widget`, got {other}"),
            ),
        }
    }

    fn layout(&mut self, path: &str, layout: &Map<String, Value>) {
        self.tally.layout(path);
        match layout.get("layout_template_uuid") {
            None | Some(Value::Null) => {}
            Some(Value::String(uuid)) if is_canonical_uuid(uuid) => {}
            Some(other) => self.errors.add(
                format!("{path}.layout_template_uuid"),
                format!("{} is not a valid UUID", show(other)),
            ),
        }
        self.optional_object(path, layout, "configuration");
        self.optional_string(path, layout, "name");
        let Some(dropzones) = self.array(&format!("{path}.dropzones"), layout.get("dropzones"))
        else {
            return;
        };
        for (index, dropzone) in dropzones.iter().enumerate() {
            let dropzone_path = format!("{path}.dropzones[{index}]");
            let Some(dropzone) = dropzone.as_object() else {
                self.errors.add(dropzone_path, "must be a dropzone object");
                continue;
            };
            self.optional_object(&dropzone_path, dropzone, "configuration");
            let widgets_path = format!("{dropzone_path}.widgets");
            let Some(widgets) = self.array(&widgets_path, dropzone.get("widgets")) else {
                continue;
            };
            for (index, widget) in widgets.iter().enumerate() {
                let widget_path = format!("{widgets_path}[{index}]");
                let Some(object) = widget.as_object() else {
                    self.errors.add(widget_path, "must be a widget object");
                    continue;
                };
                match object.get("type") {
                    Some(Value::String(kind)) if kind == "widget" => {
                        self.widget(&widget_path, object)
                    }
                    None => self.errors.add(
                        format!("{widget_path}.type"),
                        "is required: a dropzone holds only `widget`s",
                    ),
                    Some(other) => self.errors.add(
                        format!("{widget_path}.type"),
                        format!("must be `widget` inside a dropzone, got {other}"),
                    ),
                }
            }
        }
    }

    fn widget(&mut self, path: &str, widget: &Map<String, Value>) {
        self.tally.widget(path);
        let uuid_path = format!("{path}.widget_template_uuid");
        match widget.get("widget_template_uuid") {
            None | Some(Value::Null) => self.errors.add(uuid_path, "is required"),
            Some(Value::String(uuid)) if !is_canonical_uuid(uuid) => self
                .errors
                .add(uuid_path, format!("`{uuid}` is not a valid UUID")),
            Some(Value::String(uuid)) => {
                if !template_usable(self.store, uuid, self.channel) {
                    self.errors.add(
                        uuid_path,
                        format!(
                            "no widget template `{uuid}` exists in channel {} of this store",
                            self.channel
                        ),
                    );
                }
            }
            Some(other) => self
                .errors
                .add(uuid_path, format!("{} is not a valid UUID", show(other))),
        }
        self.optional_object(path, widget, "configuration");
        self.optional_object(path, widget, "storefront_api_query_params");
        self.optional_string(path, widget, "name");
        self.optional_string(path, widget, "description");
    }

    /// An array field that may be absent (then empty); anything else is reported.
    fn array<'v>(&mut self, path: &str, value: Option<&'v Value>) -> Option<&'v Vec<Value>> {
        match value {
            None | Some(Value::Null) => None,
            Some(Value::Array(items)) => Some(items),
            Some(_) => {
                self.errors.add(path, "must be an array");
                None
            }
        }
    }

    fn optional_object(&mut self, path: &str, object: &Map<String, Value>, field: &str) {
        if let Some(value) = object.get(field)
            && !(value.is_object() || value.is_null())
        {
            self.errors
                .add(format!("{path}.{field}"), "must be a JSON object");
        }
    }

    fn optional_string(&mut self, path: &str, object: &Map<String, Value>, field: &str) {
        if let Some(value) = object.get(field)
            && !(value.is_string() || value.is_null())
        {
            self.errors
                .add(format!("{path}.{field}"), "must be a string");
        }
    }
}

/// True when `uuid` names a template of this store usable in `channel`: one of that channel, or
/// one provided by BigCommerce (`channel_id` 0), which every channel may use.
pub(super) fn template_usable(store: &StoreState, uuid: &str, channel: ChannelId) -> bool {
    store
        .widget_templates
        .get(&uuid.to_ascii_lowercase())
        .and_then(|template| template.channel_id)
        .is_some_and(|owner| owner == channel || owner == ChannelId(0))
}

/// Counts layouts and widgets in document order and remembers where each limit was crossed.
struct Tally {
    limits: Limits,
    elsewhere: (usize, usize),
    layouts: usize,
    widgets: usize,
    page_layouts_crossed: Option<String>,
    page_widgets_crossed: Option<String>,
    channel_layouts_crossed: Option<String>,
    channel_widgets_crossed: Option<String>,
}

impl Tally {
    fn new(limits: &Limits, elsewhere: (usize, usize)) -> Self {
        Self {
            limits: *limits,
            elsewhere,
            layouts: 0,
            widgets: 0,
            page_layouts_crossed: None,
            page_widgets_crossed: None,
            channel_layouts_crossed: None,
            channel_widgets_crossed: None,
        }
    }

    fn layout(&mut self, path: &str) {
        self.layouts += 1;
        if self.layouts > self.limits.layouts_per_page {
            self.page_layouts_crossed
                .get_or_insert_with(|| path.to_owned());
        }
        if self.elsewhere.0 + self.layouts > self.limits.layouts_per_channel {
            self.channel_layouts_crossed
                .get_or_insert_with(|| path.to_owned());
        }
    }

    fn widget(&mut self, path: &str) {
        self.widgets += 1;
        if self.widgets > self.limits.widgets_per_page {
            self.page_widgets_crossed
                .get_or_insert_with(|| path.to_owned());
        }
        if self.elsewhere.1 + self.widgets > self.limits.widgets_per_channel {
            self.channel_widgets_crossed
                .get_or_insert_with(|| path.to_owned());
        }
    }

    /// Records each crossed limit at the path of the first object over it.
    fn report(self, errors: &mut FieldErrors) {
        let Limits {
            layouts_per_page,
            widgets_per_page,
            layouts_per_channel,
            widgets_per_channel,
            ..
        } = self.limits;
        if let Some(path) = self.page_layouts_crossed {
            errors.add(
                path,
                format!(
                    "the page holds {} layouts; at most {layouts_per_page} are allowed per page",
                    self.layouts
                ),
            );
        }
        if let Some(path) = self.page_widgets_crossed {
            errors.add(
                path,
                format!(
                    "the page holds {} widgets; at most {widgets_per_page} are allowed per page",
                    self.widgets
                ),
            );
        }
        if let Some(path) = self.channel_layouts_crossed {
            errors.add(
                path,
                format!(
                    "the channel would hold {} layouts; at most {layouts_per_channel} are allowed per channel",
                    self.elsewhere.0 + self.layouts
                ),
            );
        }
        if let Some(path) = self.channel_widgets_crossed {
            errors.add(
                path,
                format!(
                    "the channel would hold {} widgets; at most {widgets_per_channel} are allowed per channel",
                    self.elsewhere.1 + self.widgets
                ),
            );
        }
    }
}

/// A JSON value for an error message: strings in backticks, anything else as JSON.
fn show(value: &Value) -> String {
    match value {
        Value::String(text) => format!("`{text}`"),
        other => other.to_string(),
    }
}
