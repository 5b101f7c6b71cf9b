//! Which document a request addresses: `(channel_id, template_file, entity_id)` read from the
//! GET query or the POST body, with the rules both share (CONTRACT §6.2–6.4).

use super::validate::FieldErrors;
use crate::query::QueryParams;
use crate::state::StoreState;
use pageport_model::{ChannelId, EntityId, PageWidgetsKey, TemplateFile};
use serde_json::{Map, Value};

/// The template file that never takes an entity id ("Home page does not support `entity_id`").
const HOME_TEMPLATE: &str = "pages/home";

/// The address named by a GET's query parameters.
///
/// ASSUMPTION (CONTRACT §11 #9): an empty `template_file` or `entity_id` is read as absent, as
/// the docs say to "leave it empty" for global regions; and an entity template without an
/// `entity_id` (e.g. `pages/product` alone) is one document of its own, not "all entities".
pub(super) fn from_query(
    params: &QueryParams,
    store: &StoreState,
    errors: &mut FieldErrors,
) -> Option<PageWidgetsKey> {
    let channel = match params.get("channel_id") {
        None => Some(ChannelId::DEFAULT),
        Some(raw) => match raw.trim().parse::<u64>() {
            Ok(id) => Some(ChannelId(id)),
            Err(_) => {
                errors.add(
                    "channel_id",
                    format!("must be an integer channel id, got `{raw}`"),
                );
                None
            }
        },
    };
    let template_file = params.non_empty("template_file").map(TemplateFile::from);
    let entity_id = params.non_empty("entity_id").map(EntityId::from);
    finish(channel, template_file, entity_id, store, errors)
}

/// The address named by a publish body's `channel_id`, `template_file` and `entity_id`.
///
/// ASSUMPTION (CONTRACT §11 #11): `entity_id` is accepted as a JSON string only (the type the
/// spec declares); a number is refused with 422 so a client sending one finds out here rather
/// than against a real store that may refuse it.
pub(super) fn from_body(
    body: &Map<String, Value>,
    store: &StoreState,
    errors: &mut FieldErrors,
) -> Option<PageWidgetsKey> {
    let channel = match body.get("channel_id") {
        None | Some(Value::Null) => Some(ChannelId::DEFAULT),
        Some(value) => match value.as_u64() {
            Some(id) => Some(ChannelId(id)),
            None => {
                errors.add(
                    "channel_id",
                    format!("must be an integer channel id, got {value}"),
                );
                None
            }
        },
    };
    let mut valid = true;
    let template_file = match body.get("template_file") {
        None | Some(Value::Null) => None,
        Some(Value::String(file)) if file.is_empty() => None,
        Some(Value::String(file)) => Some(TemplateFile::from(file.as_str())),
        Some(other) => {
            errors.add("template_file", format!("must be a string, got {other}"));
            valid = false;
            None
        }
    };
    let entity_id = match body.get("entity_id") {
        None | Some(Value::Null) => None,
        Some(Value::String(entity)) if entity.is_empty() => None,
        Some(Value::String(entity)) => Some(EntityId::from(entity.as_str())),
        Some(Value::Number(number)) => {
            errors.add(
                "entity_id",
                format!("must be a string, got the number {number}; send \"{number}\""),
            );
            valid = false;
            None
        }
        Some(other) => {
            errors.add("entity_id", format!("must be a string, got {other}"));
            valid = false;
            None
        }
    };
    let key = finish(channel, template_file, entity_id, store, errors);
    key.filter(|_| valid)
}

/// Applies the rules shared by GET and POST and builds the key.
fn finish(
    channel: Option<ChannelId>,
    template_file: Option<TemplateFile>,
    entity_id: Option<EntityId>,
    store: &StoreState,
    errors: &mut FieldErrors,
) -> Option<PageWidgetsKey> {
    let mut valid = true;
    if let Some(channel) = channel
        && !store.channels.contains_key(&channel)
    {
        errors.add(
            "channel_id",
            format!("channel {channel} does not exist in this store"),
        );
        valid = false;
    }
    if let Some(entity) = &entity_id {
        match &template_file {
            None => {
                errors.add(
                    "entity_id",
                    format!("`{entity}` needs a `template_file`; global regions have no entity id"),
                );
                valid = false;
            }
            Some(file) if file.as_str() == HOME_TEMPLATE => {
                errors.add(
                    "entity_id",
                    format!("`{HOME_TEMPLATE}` does not support an entity id, got `{entity}`"),
                );
                valid = false;
            }
            Some(_) => {}
        }
    }
    let channel_id = channel?;
    valid.then_some(PageWidgetsKey {
        channel_id,
        template_file,
        entity_id,
    })
}
