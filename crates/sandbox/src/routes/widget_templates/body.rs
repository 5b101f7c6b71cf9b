//! Reading widget-template create and update bodies leniently, every problem reported by field.

use crate::state::StoreState;
use pageport_model::ChannelId;
use serde_json::{Map, Value};

/// Custom templates allowed per channel ([W] createWidgetTemplate, CONTRACT §7.1).
pub(super) const CUSTOM_PER_CHANNEL: usize = 1_000;

/// Custom templates allowed across all channels of a store.
pub(super) const CUSTOM_PER_STORE: usize = 5_000;

/// The kind of every template created through the API.
pub(super) const CUSTOM_KIND: &str = "custom";

/// The fields a create or update body sets; `None` leaves a field unchanged (or defaulted).
#[derive(Debug, Default)]
pub(super) struct TemplateFields {
    pub(super) name: Option<String>,
    pub(super) template: Option<String>,
    pub(super) schema: Option<Value>,
    pub(super) storefront_api_query: Option<String>,
    pub(super) channel_id: Option<ChannelId>,
    pub(super) create_new_version: bool,
}

/// Problems by field name, as the `errors` object of an `error_Base` body.
pub(super) type Problems = Map<String, Value>;

/// Reads a body: `required` lists the fields a create must carry.
pub(super) fn read_fields(
    body: &Value,
    store: &StoreState,
    required: &[&str],
) -> Result<TemplateFields, Problems> {
    let mut problems = Problems::new();
    let Some(object) = body.as_object() else {
        problems.insert("body".into(), "must be a JSON object".into());
        return Err(problems);
    };
    for field in required {
        if object.get(*field).is_none_or(Value::is_null) {
            problems.insert((*field).into(), "is required".into());
        }
    }
    let mut fields = TemplateFields {
        name: string_field(object, "name", &mut problems),
        template: string_field(object, "template", &mut problems),
        storefront_api_query: string_field(object, "storefront_api_query", &mut problems),
        // The schema is opaque (CONTRACT §7.1): any JSON is kept as sent.
        schema: object.get("schema").filter(|v| !v.is_null()).cloned(),
        ..TemplateFields::default()
    };
    if fields
        .name
        .as_deref()
        .is_some_and(|name| name.trim().is_empty())
    {
        problems.insert("name".into(), "must not be empty".into());
    }
    match object.get("channel_id") {
        None | Some(Value::Null) => {}
        Some(value) => match value.as_u64().map(ChannelId) {
            Some(channel) if store.channels.contains_key(&channel) => {
                fields.channel_id = Some(channel);
            }
            Some(channel) => {
                problems.insert(
                    "channel_id".into(),
                    format!("channel {channel} does not exist in this store").into(),
                );
            }
            None => {
                problems.insert(
                    "channel_id".into(),
                    format!("must be an integer channel id, got {value}").into(),
                );
            }
        },
    }
    match object.get("create_new_version") {
        None | Some(Value::Null) => {}
        Some(Value::Bool(flag)) => fields.create_new_version = *flag,
        Some(other) => {
            problems.insert(
                "create_new_version".into(),
                format!("must be a boolean, got {other}").into(),
            );
        }
    }
    if problems.is_empty() {
        Ok(fields)
    } else {
        Err(problems)
    }
}

fn string_field(
    object: &Map<String, Value>,
    field: &str,
    problems: &mut Problems,
) -> Option<String> {
    match object.get(field) {
        None | Some(Value::Null) => None,
        Some(Value::String(text)) => Some(text.clone()),
        Some(other) => {
            problems.insert(
                field.into(),
                format!("must be a string, got {other}").into(),
            );
            None
        }
    }
}

/// Why one more custom template may not go into `channel`, if it may not; `moving` is the
/// template being moved there by an update (it does not count against itself).
pub(super) fn custom_limit_reached(
    store: &StoreState,
    channel: ChannelId,
    moving: Option<&str>,
) -> Option<String> {
    let custom = || {
        store
            .widget_templates
            .values()
            .filter(|t| t.kind.as_deref() == Some(CUSTOM_KIND))
            .filter(move |t| Some(t.uuid.as_str()) != moving)
    };
    if custom().filter(|t| t.channel_id == Some(channel)).count() >= CUSTOM_PER_CHANNEL {
        return Some(format!(
            "channel {channel} has reached its limit of {CUSTOM_PER_CHANNEL} custom widget templates"
        ));
    }
    if moving.is_none() && custom().count() >= CUSTOM_PER_STORE {
        return Some(format!(
            "the store has reached its limit of {CUSTOM_PER_STORE} custom widget templates"
        ));
    }
    None
}
