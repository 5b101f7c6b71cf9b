//! The bundle: what `extract` writes and `plan` / `validate` read, as in-memory types.
//!
//! A bundle is a directory of pretty, key-sorted JSON files (see the `extract` crate for the
//! file layout and the I/O). This module only defines the content, so every crate agrees on it.

use crate::catalog::{Brand, Category, Product};
use crate::ids::{ChannelId, StoreHash};
use crate::page::Page;
use crate::page_widgets::{PageWidgetsKey, Region};
use crate::widget_template::WidgetTemplate;
use serde::{Deserialize, Serialize};

/// The bundle format this build writes; a bundle with a newer version is refused.
pub const BUNDLE_FORMAT_VERSION: u32 = 1;

/// Everything extracted from one source channel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bundle {
    /// Where and when the bundle was taken, and what it holds.
    pub manifest: BundleManifest,
    /// The selected web pages, bodies included, ordered by id.
    pub pages: Vec<Page>,
    /// Ancestors of selected pages that are not selected themselves, ordered by id: not
    /// migrated, only matched in the target by url or name so their children keep their parent.
    #[serde(default)]
    pub reference_pages: Vec<Page>,
    /// The selected page-widget documents, ordered by key.
    pub page_widgets: Vec<PageWidgetsDocument>,
    /// Every widget template the documents use, ordered by uuid.
    pub widget_templates: Vec<WidgetTemplate>,
    /// The source products the documents reference (for SKU matching), ordered by id.
    #[serde(default)]
    pub products: Vec<Product>,
    /// The source categories the documents reference, ordered by id.
    #[serde(default)]
    pub categories: Vec<Category>,
    /// The source brands the documents reference, ordered by id.
    #[serde(default)]
    pub brands: Vec<Brand>,
}

/// The bundle's `manifest.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BundleManifest {
    /// The bundle format version ([`BUNDLE_FORMAT_VERSION`] when written by this build).
    pub format_version: u32,
    /// The pageport version that wrote the bundle.
    pub pageport_version: String,
    /// The source store.
    pub source_store_hash: StoreHash,
    /// The source channel.
    pub channel_id: ChannelId,
    /// When the extraction finished, RFC 3339 UTC.
    pub extracted_at: String,
    /// How many objects of each kind the bundle holds.
    pub counts: BundleCounts,
    /// The source channel's storefront URLs (its site's primary, canonical and checkout URLs),
    /// so links to the source storefront can be found in the content. Empty when the channel has
    /// no site; absent when they are unknown (the token could not read them, or an older bundle).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storefront_urls: Option<Vec<String>>,
}

/// Object counts recorded in the manifest, checked when a bundle is read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BundleCounts {
    /// Web pages.
    pub pages: usize,
    /// Reference pages (unselected ancestors).
    #[serde(default)]
    pub reference_pages: usize,
    /// Page-widget documents.
    pub page_widgets: usize,
    /// Widget templates.
    pub widget_templates: usize,
    /// Layouts across all documents.
    pub layouts: usize,
    /// Widgets across all documents.
    pub widgets: usize,
    /// Referenced products.
    #[serde(default)]
    pub products: usize,
    /// Referenced categories.
    #[serde(default)]
    pub categories: usize,
    /// Referenced brands.
    #[serde(default)]
    pub brands: usize,
}

/// One page-widget document: its address and its regions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageWidgetsDocument {
    /// Channel, template file and entity the document belongs to.
    pub key: PageWidgetsKey,
    /// The document's regions.
    pub regions: Vec<Region>,
}

impl PageWidgetsDocument {
    /// Every widget of the document, at every depth, in document order, without copying it.
    pub fn widgets(&self) -> impl Iterator<Item = &crate::Widget> {
        crate::page_widgets::widgets_of(&self.regions)
    }

    /// The document as the `data` of a GET, for counting and walking widgets.
    pub fn as_page_widgets(&self) -> crate::PageWidgets {
        crate::PageWidgets {
            regions: self.regions.clone(),
            extra: crate::Extra::new(),
        }
    }
}

impl Bundle {
    /// Counts what the bundle holds, as recorded in its manifest.
    pub fn count(&self) -> BundleCounts {
        let (layouts, widgets) = self
            .page_widgets
            .iter()
            .map(|doc| crate::page_widgets::count_regions(&doc.regions))
            .fold((0, 0), |(l, w), (dl, dw)| (l + dl, w + dw));
        BundleCounts {
            pages: self.pages.len(),
            reference_pages: self.reference_pages.len(),
            page_widgets: self.page_widgets.len(),
            widget_templates: self.widget_templates.len(),
            layouts,
            widgets,
            products: self.products.len(),
            categories: self.categories.len(),
            brands: self.brands.len(),
        }
    }
}
