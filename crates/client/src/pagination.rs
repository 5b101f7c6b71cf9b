//! Walking every pagination page of a list: driven by `meta.pagination.current_page <
//! total_pages` (CONTRACT §2), never by `links`, whose shape varies between API families.
//!
//! A store whose pagination never ends (a `total_pages` that keeps growing, or the same items
//! served again and again) must fail in seconds, not after minutes and gigabytes. Every walk is
//! therefore bounded by the most items the listing can hold ([`MaxItems`], from the documented
//! store limits), and stops at the first item it has already seen.

use crate::body::decode;
use crate::client::StoreClient;
use crate::error::{ClientError, ClientErrorKind};
use crate::query::Query;
use crate::transport::Call;
use pageport_model::{
    Brand, Category, CategoryTree, Channel, Envelope, Page, Product, ProductChannelAssignment,
    TreeCategory, WidgetTemplate,
};
use serde::de::DeserializeOwned;
use std::collections::HashSet;

/// The most items one listing can return, and where that number comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct MaxItems {
    /// The bound.
    pub(crate) count: u64,
    /// What the bound is, as errors name it (e.g. "4000 web pages per store").
    pub(crate) what: &'static str,
}

impl MaxItems {
    /// Web pages of a store: [`pageport_model::Limits::web_pages_per_store`] (4,000).
    // ASSUMPTION (CONTRACT §11 #4): every page type (links and blogs too) counts towards the
    // 4,000, so no listing of pages returns more.
    pub(crate) const PAGES: Self = Self {
        count: pageport_model::limits::DEFAULT_WEB_PAGES_PER_STORE as u64,
        what: "4000 web pages per store",
    };
    /// Widget templates of one channel: 1,000 custom ones per channel and 5,000 per store
    /// [W createWidgetTemplate].
    // ASSUMPTION: the templates BigCommerce provides do not count towards those limits and how
    // many there are is undocumented; the store-wide 5,000 leaves room for them.
    pub(crate) const WIDGET_TEMPLATES: Self = Self {
        count: 5_000,
        what: "5000 widget templates per store",
    };
    /// Channels of a store.
    // ASSUMPTION: no source documents a maximum number of channels; 1,000 is far above any
    // multi-storefront setup and only guards against a listing that never ends.
    pub(crate) const CHANNELS: Self = Self {
        count: 1_000,
        what: "1000 channels per store (assumed)",
    };
    /// Products of a store.
    // ASSUMPTION: [PR] documents no per-store maximum; 1,000,000 only guards against a listing
    // that never ends.
    pub(crate) const PRODUCTS: Self = Self {
        count: 1_000_000,
        what: "1000000 products per store (assumed)",
    };
    /// Categories of a store: 16,000 [CAT, CT].
    pub(crate) const CATEGORIES: Self = Self {
        count: 16_000,
        what: "16000 categories per store",
    };
    /// Category trees of a store: one per channel at most, so no more than channels.
    pub(crate) const TREES: Self = Self {
        count: Self::CHANNELS.count,
        what: "one category tree per channel (1000 channels assumed)",
    };
    /// Product channel assignments of a store: a product in each channel.
    // ASSUMPTION: bounded by the assumed product and channel maxima only against a listing that
    // never ends; no source documents a limit.
    pub(crate) const CHANNEL_ASSIGNMENTS: Self = Self {
        count: 10_000_000,
        what: "10000000 product channel assignments (assumed)",
    };
    /// Brands of a store: 30,000 [BR].
    pub(crate) const BRANDS: Self = Self {
        count: 30_000,
        what: "30000 brands per store",
    };

    /// A listing filtered by `id:in` with `ids` distinct ids: it can hold no more than that.
    pub(crate) fn ids(self, ids: usize) -> Self {
        Self {
            count: self.count.min(u64::try_from(ids).unwrap_or(u64::MAX)),
            what: "one item per id asked for",
        }
    }
}

/// An item of a listing, with the id that tells it from the others (to catch a store that
/// serves the same items again).
pub(crate) trait Listed {
    /// The item's id, when it has one.
    fn list_key(&self) -> Option<String>;
}

impl Listed for Page {
    fn list_key(&self) -> Option<String> {
        self.id.map(|id| id.to_string())
    }
}

impl Listed for WidgetTemplate {
    fn list_key(&self) -> Option<String> {
        Some(self.uuid.as_str().to_owned())
    }
}

impl Listed for Channel {
    fn list_key(&self) -> Option<String> {
        Some(self.id.to_string())
    }
}

impl Listed for Product {
    fn list_key(&self) -> Option<String> {
        Some(self.id.to_string())
    }
}

impl Listed for Category {
    fn list_key(&self) -> Option<String> {
        Some(self.id.to_string())
    }
}

impl Listed for Brand {
    fn list_key(&self) -> Option<String> {
        Some(self.id.to_string())
    }
}

impl Listed for CategoryTree {
    fn list_key(&self) -> Option<String> {
        Some(self.id.to_string())
    }
}

impl Listed for TreeCategory {
    fn list_key(&self) -> Option<String> {
        Some(self.category_id.to_string())
    }
}

impl Listed for ProductChannelAssignment {
    fn list_key(&self) -> Option<String> {
        Some(format!("{}@{}", self.product_id, self.channel_id))
    }
}

impl StoreClient {
    /// Every item of a list endpoint, asking `limit` items per request, failing with
    /// [`ClientErrorKind::Protocol`] as soon as the listing holds more than `max` items or
    /// serves an item it served before.
    pub(crate) async fn list_all<T: DeserializeOwned + Listed>(
        &self,
        path: &str,
        query: &Query,
        limit: u32,
        max: MaxItems,
    ) -> Result<Vec<T>, ClientError> {
        let mut items = Vec::new();
        let mut seen: HashSet<String> = HashSet::new();
        let mut page: u64 = 1;
        loop {
            let mut paged = query.clone();
            paged.push("limit", limit).push("page", page);
            let call = Call::get(path, paged);
            let answer = self.execute(&call).await?;
            let envelope: Envelope<Vec<T>> = decode(&call, &answer)?;
            let protocol = |reason: String| call.error(ClientErrorKind::Protocol { reason });
            let received = envelope.data.len();
            let listed = u64::try_from(items.len() + received).unwrap_or(u64::MAX);
            if listed > max.count {
                return Err(protocol(format!(
                    "the listing passed {} items with page {page}, more than it can hold ({}): its pagination does not end",
                    max.count, max.what
                )));
            }
            for item in &envelope.data {
                if let Some(key) = item.list_key()
                    && !seen.insert(key.clone())
                {
                    return Err(protocol(format!(
                        "page {page} repeats `{key}`, listed already: its pagination loops"
                    )));
                }
            }
            items.extend(envelope.data);
            let Some(pagination) = envelope.meta.pagination else {
                return Ok(items);
            };
            if pagination.total > max.count {
                return Err(protocol(format!(
                    "it reports {} items, more than the listing can hold ({})",
                    pagination.total, max.what
                )));
            }
            if !pagination.has_next() {
                return Ok(items);
            }
            if pagination.current_page != page {
                return Err(protocol(format!(
                    "asked for page {page}, got page {}",
                    pagination.current_page
                )));
            }
            if received == 0 {
                return Err(protocol(format!(
                    "page {page} of {} is empty",
                    pagination.total_pages
                )));
            }
            page += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_bound_is_the_documented_store_limit() {
        let limits = pageport_model::Limits::default();
        assert_eq!(
            MaxItems::PAGES.count,
            u64::try_from(limits.web_pages_per_store).expect("fits")
        );
        assert_eq!(MaxItems::PAGES.ids(50).count, 50);
        assert_eq!(MaxItems::CHANNELS.ids(5_000).count, 1_000);
    }
}
