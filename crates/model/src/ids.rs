//! Identifier newtypes: one per identifier kind, so a product id can never be passed where a page
//! id is meant.
//!
//! Numeric ids wrap `u64`. UUIDs wrap the string as the API sent it: a malformed UUID is a
//! validation finding to report with its location, not a reason to refuse the whole document, so
//! [`WidgetTemplateUuid::is_well_formed`] checks the shape on demand.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! numeric_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(pub u64);

        impl $name {
            /// The raw number.
            pub fn get(self) -> u64 {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }

        impl From<u64> for $name {
            fn from(value: u64) -> Self {
                Self(value)
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.trim().parse().map(Self)
            }
        }
    };
}

macro_rules! string_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            /// Wraps a string.
            pub fn new(value: impl Into<String>) -> Self {
                Self(value.into())
            }

            /// The string as the API sent it.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                Self(value.to_owned())
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                Self(value)
            }
        }
    };
}

numeric_id!(
    /// A Pages V3 web page id; assigned by the store, so it differs between stores.
    PageId
);
numeric_id!(
    /// A channel (storefront) id; `1` is the default storefront every store has.
    ChannelId
);
impl ChannelId {
    /// The default storefront, channel 1, which every store has. The API treats an absent
    /// `channel_id` (on a page, a widget template or a page-widgets request) as this channel.
    pub const DEFAULT: ChannelId = ChannelId(1);

    /// The channel an optional `channel_id` field means: the field, or [`ChannelId::DEFAULT`]
    /// when absent.
    pub fn or_default(channel_id: Option<ChannelId>) -> ChannelId {
        channel_id.unwrap_or(Self::DEFAULT)
    }
}

numeric_id!(
    /// A catalog product id; differs between stores (SKU is the stable key).
    ProductId
);
numeric_id!(
    /// A catalog category id; differs between stores.
    CategoryId
);
numeric_id!(
    /// A catalog brand id; differs between stores.
    BrandId
);
numeric_id!(
    /// A category tree id (Multi-Storefront): each tree holds the categories of the channel it is
    /// assigned to; differs between stores.
    CategoryTreeId
);

string_id!(
    /// A widget template uuid; unique per store channel, so it must be remapped on migration.
    WidgetTemplateUuid
);
string_id!(
    /// A layout template uuid; set by BigCommerce and kept unchanged on migration.
    LayoutTemplateUuid
);
string_id!(
    /// The entity a page-widget document belongs to (a page, product, category or brand id),
    /// always sent as a string.
    EntityId
);
string_id!(
    /// A store's permanent id, the `{store_hash}` path segment of every API URL.
    StoreHash
);
string_id!(
    /// A theme template path without `.html`, such as `pages/home` or `pages/product`.
    TemplateFile
);

impl WidgetTemplateUuid {
    /// True when the value has the canonical 8-4-4-4-12 hexadecimal shape.
    pub fn is_well_formed(&self) -> bool {
        is_canonical_uuid(&self.0)
    }
}

impl LayoutTemplateUuid {
    /// True when the value has the canonical 8-4-4-4-12 hexadecimal shape.
    pub fn is_well_formed(&self) -> bool {
        is_canonical_uuid(&self.0)
    }
}

/// True when `value` has the canonical 8-4-4-4-12 hexadecimal UUID shape.
pub fn is_canonical_uuid(value: &str) -> bool {
    let bytes = value.as_bytes();
    bytes.len() == 36
        && bytes.iter().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => *b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

impl EntityId {
    /// The entity id of a page-widget document that belongs to a web page.
    pub fn from_page(id: PageId) -> Self {
        Self(id.0.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid_shape_is_checked() {
        assert!(WidgetTemplateUuid::from("d181ebd5-f42c-4f96-8f9d-c605023f5cb6").is_well_formed());
        assert!(!WidgetTemplateUuid::from("d181ebd5f42c4f968f9dc605023f5cb6").is_well_formed());
        assert!(!WidgetTemplateUuid::from("zz81ebd5-f42c-4f96-8f9d-c605023f5cb6").is_well_formed());
        assert!(!WidgetTemplateUuid::from("").is_well_formed());
    }

    #[test]
    fn numeric_ids_serialize_as_plain_numbers() {
        let json = serde_json::to_string(&PageId(7)).unwrap_or_default();
        assert_eq!(json, "7");
        let parsed: ChannelId = serde_json::from_str("12").unwrap_or(ChannelId(0));
        assert_eq!(parsed, ChannelId(12));
    }

    #[test]
    fn entity_id_of_a_page_is_its_decimal_id() {
        assert_eq!(EntityId::from_page(PageId(5)).as_str(), "5");
    }
}
