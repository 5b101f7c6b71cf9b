//! Channels (`/v3/channels`): the storefronts and other sales channels of a store.

use crate::Extra;
use crate::ids::ChannelId;
use serde::{Deserialize, Serialize};

/// A channel as the API returns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Channel {
    /// The channel id; `1` is the default storefront.
    pub id: ChannelId,
    /// The channel name.
    pub name: String,
    /// `storefront`, `marketplace`, `marketing` or `pos`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub channel_type: Option<String>,
    /// The platform, such as `bigcommerce`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
    /// The status, such as `active` or `prelaunch`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Remaining documented fields (visibility, dates, icon) and unknown ones, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The body of a channel POST.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChannelCreate {
    /// The channel name (required).
    pub name: String,
    /// The channel type (required).
    #[serde(rename = "type")]
    pub channel_type: String,
    /// The platform (required).
    pub platform: String,
    /// The initial status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}
