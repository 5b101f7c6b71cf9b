//! Widget templates (`/v3/content/widget-templates`): the Handlebars definitions widgets are
//! instances of. Their uuids are minted per store, so a migration matches them by name.

use crate::Extra;
use crate::ids::{ChannelId, WidgetTemplateUuid};
use serde::{Deserialize, Serialize};

/// A widget template as the API returns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WidgetTemplate {
    /// The template's uuid in this store.
    pub uuid: WidgetTemplateUuid,
    /// The template name; pageport's key for matching templates across stores.
    pub name: String,
    /// The Page Builder settings schema, kept opaque.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<serde_json::Value>,
    /// The Handlebars template.
    #[serde(default)]
    pub template: String,
    /// The GraphQL query, `""` when unused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storefront_api_query: Option<String>,
    /// `custom` for merchant templates; other kinds are provided by BigCommerce.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// The channel the template belongs to (`0` for BigCommerce-provided ones).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_id: Option<ChannelId>,
    /// The uuid of the template's current version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_version_uuid: Option<String>,
    /// Fields not needed for migration (icon, engine, dates) and unknown ones, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

impl WidgetTemplate {
    /// The body that creates this template in another store or channel.
    pub fn to_create(&self, channel_id: ChannelId) -> WidgetTemplateCreate {
        WidgetTemplateCreate {
            name: self.name.clone(),
            template: self.template.clone(),
            schema: self.schema.clone(),
            storefront_api_query: self.storefront_api_query.clone(),
            channel_id: Some(channel_id),
        }
    }
}

/// The body of a widget-template POST.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WidgetTemplateCreate {
    /// The template name (required).
    pub name: String,
    /// The Handlebars template (required).
    pub template: String,
    /// The Page Builder settings schema.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<serde_json::Value>,
    /// The GraphQL query.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storefront_api_query: Option<String>,
    /// The channel; defaults to the store's first channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_id: Option<ChannelId>,
}

/// The body of a widget-template PUT: every field optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WidgetTemplateUpdate {
    /// A new name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A new Handlebars template.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
    /// A new schema.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<serde_json::Value>,
    /// A new GraphQL query.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storefront_api_query: Option<String>,
    /// A new channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_id: Option<ChannelId>,
    /// Create a new version instead of updating in place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_new_version: Option<bool>,
}
