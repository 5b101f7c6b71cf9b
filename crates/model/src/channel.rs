//! Channels (`/v3/channels`): the storefronts and other sales channels of a store, and the site
//! (`/v3/channels/{id}/site`) a storefront channel is served at.

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

/// The body of a channel PUT (`/channels/{channel_id}`): a partial update of the fields the API
/// lets change; `type` and `platform` are fixed once a channel exists.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ChannelUpdate {
    /// A new name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A new status, such as `active`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// A new external id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// Whether the channel is listed in the control panel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_listable_from_ui: Option<bool>,
    /// Whether the channel is visible in the control panel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_visible: Option<bool>,
}

/// The site a channel is served at (`GET /channels/{channel_id}/site`): its addresses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Site {
    /// The site id.
    pub id: u64,
    /// The fully qualified primary URL, such as `https://kittens.mybigcommerce.com/`.
    pub url: String,
    /// The channel the site belongs to.
    pub channel_id: ChannelId,
    /// Every URL of the site: `primary`, `canonical` and `checkout`.
    #[serde(default)]
    pub urls: Vec<SiteUrl>,
    /// Remaining documented fields (dates, SSL status) and unknown ones, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Site {
    /// Every distinct URL of the site, the primary one first.
    pub fn all_urls(&self) -> Vec<String> {
        let mut all = vec![self.url.clone()];
        for url in &self.urls {
            if !all.contains(&url.url) {
                all.push(url.url.clone());
            }
        }
        all
    }
}

/// One URL of a site.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SiteUrl {
    /// The URL.
    pub url: String,
    /// `primary`, `canonical` or `checkout`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub url_type: Option<String>,
    /// Remaining documented fields (dates) and unknown ones, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The body of a channel-site POST (`/channels/{channel_id}/site`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SiteCreate {
    /// The fully qualified primary URL.
    pub url: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_site_lists_each_url_once_primary_first() {
        let site: Site = serde_json::from_value(serde_json::json!({
            "id": 1000,
            "url": "https://kittens.example/",
            "channel_id": 1,
            "urls": [
                {"url": "https://kittens.example/", "type": "primary"},
                {"url": "https://www.kittens.example/", "type": "canonical"},
                {"url": "https://checkout.kittens.example/", "type": "checkout"}
            ],
            "ssl_status": "shared"
        }))
        .expect("a documented site parses");
        assert_eq!(
            site.all_urls(),
            [
                "https://kittens.example/",
                "https://www.kittens.example/",
                "https://checkout.kittens.example/"
            ]
        );
        assert_eq!(
            site.extra.get("ssl_status"),
            Some(&serde_json::json!("shared"))
        );
    }
}
