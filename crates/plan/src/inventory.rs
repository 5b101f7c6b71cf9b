//! What the plan reads from the target store, as plain data. The reader that fills it through
//! the client lives elsewhere; planning and stale checks only look at this.

use pageport_model::{
    Brand, Bundle, Category, ChannelId, Page, PageWidgetsKey, Product, Region, StoreHash,
    WidgetTemplate,
};
use std::collections::{BTreeMap, BTreeSet};

/// The target store's current state, as far as a plan needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetInventory {
    /// The target store.
    pub store_hash: StoreHash,
    /// The target channel.
    pub channel_id: ChannelId,
    /// Every web page of the store, in every channel, bodies included.
    pub pages: Vec<Page>,
    /// The widget templates of the target channel and BigCommerce's (channel 0).
    pub widget_templates: Vec<WidgetTemplate>,
    /// The target products whose SKUs the bundle's products have ([`skus_to_look_up`]).
    pub products: Vec<Product>,
    /// The categories source categories are matched against: every category of the target
    /// channel's tree (empty when the bundle references no category).
    pub categories: Vec<Category>,
    /// Every brand of the target store (empty when the bundle references no brand).
    pub brands: Vec<Brand>,
    /// The target documents the plan would write, as read before planning; an absent key was
    /// not read, and reads as an empty document.
    pub documents: BTreeMap<PageWidgetsKey, Vec<Region>>,
}

impl TargetInventory {
    /// An inventory of an empty target channel.
    pub fn new(store_hash: StoreHash, channel_id: ChannelId) -> Self {
        Self {
            store_hash,
            channel_id,
            pages: Vec::new(),
            widget_templates: Vec::new(),
            products: Vec::new(),
            categories: Vec::new(),
            brands: Vec::new(),
            documents: BTreeMap::new(),
        }
    }

    /// The target document at `key` (empty when absent or not read).
    pub fn document(&self, key: &PageWidgetsKey) -> &[Region] {
        self.documents.get(key).map_or(&[], Vec::as_slice)
    }

    /// The templates a source template may map to: the target channel's and BigCommerce's
    /// (channel 0, or no channel given).
    pub fn channel_templates(&self) -> Vec<WidgetTemplate> {
        self.widget_templates
            .iter()
            .filter(|t| {
                t.channel_id
                    .is_none_or(|c| c == self.channel_id || c == ChannelId(0))
            })
            .cloned()
            .collect()
    }
}

/// The SKUs of the bundle's products, sorted and without duplicates: the target products the
/// inventory reader must fetch so that products can be matched by SKU.
pub fn skus_to_look_up(bundle: &Bundle) -> Vec<String> {
    let skus: BTreeSet<String> = bundle
        .products
        .iter()
        .filter_map(|p| p.sku.clone())
        .filter(|sku| !sku.trim().is_empty())
        .collect();
    skus.into_iter().collect()
}
