//! The BigCommerce API objects pageport reads and writes, as serde types, and the identifier
//! newtypes that keep them apart.
//!
//! - [`ids`] — one newtype per identifier kind (`PageId`, `ChannelId`, `WidgetTemplateUuid`, …)
//! - [`page`] — Pages V3 web pages of every type
//! - [`page_widgets`] — page-widget snapshots (regions → layouts → dropzones → widgets)
//! - [`widget_template`] — widget templates
//! - [`channel`] — channels and the sites storefronts are served at
//! - [`catalog`] — products, categories and brands (only what a migration needs)
//! - [`category_tree`] — category trees and their categories (Multi-Storefront), and the
//!   channels products are assigned to
//! - [`limits`] — the platform limits, documented values as defaults
//! - [`file_names`] — safe file names from API data, for bundles and backups
//! - [`envelope`] — the `{data, meta}` envelope and BigCommerce's pagination meta
//! - [`escape`] — store text made safe to print: visible in a terminal, unbreakable in Markdown
//! - [`api_error`] — BigCommerce's error bodies, parsed leniently
//! - [`canonical`] — canonical JSON text (pretty, keys sorted) for files and fingerprints
//! - [`bundle`] — the content of an extracted bundle (manifest, pages, documents, templates)
//! - [`timestamps`] — how pageport writes times (UTC to the second)
//! - [`numbers`] — counts as people read them (`12,345`)
//!
//! Every object keeps the fields it does not know in an `extra` map, so a read → write round
//! trip never silently drops data. This crate does no I/O and depends on no other pageport crate.
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

pub mod api_error;
pub mod bundle;
pub mod canonical;
pub mod catalog;
pub mod category_tree;
pub mod channel;
pub mod envelope;
pub mod escape;
pub mod file_names;
pub mod ids;
pub mod limits;
pub mod numbers;
pub mod page;
pub mod page_widgets;
pub mod timestamps;
pub mod widget_template;

mod nullable;

pub use api_error::ApiErrorBody;
pub use bundle::{
    BUNDLE_FORMAT_VERSION, Bundle, BundleCounts, BundleManifest, PageWidgetsDocument,
};
pub use catalog::{Brand, Category, CategoryCreate, CustomUrl, Product, ProductCreate};
pub use category_tree::{
    CategoryTree, CategoryTreeUpsert, ProductChannelAssignment, TreeCategory, TreeCategoryCreate,
    TreeCategoryUrl,
};
pub use channel::{Channel, ChannelCreate, ChannelUpdate, Site, SiteCreate, SiteUrl};
pub use envelope::{Envelope, Links, Meta, OneOrMany, Pagination};
pub use ids::{
    BrandId, CategoryId, CategoryTreeId, ChannelId, EntityId, LayoutTemplateUuid, PageId,
    ProductId, StoreHash, TemplateFile, WidgetTemplateUuid,
};
pub use limits::Limits;
pub use page::{CreatedPageKey, Page, PageType};
pub use page_widgets::{
    Dropzone, Layout, PageWidgets, PageWidgetsKey, PageWidgetsPublish, Region, RegionChild, Widget,
};
pub use widget_template::{WidgetTemplate, WidgetTemplateCreate, WidgetTemplateUpdate};

/// Unknown fields of an API object, kept verbatim so nothing is lost on a round trip.
pub type Extra = serde_json::Map<String, serde_json::Value>;

/// A JSON object, as BigCommerce's free-form `configuration` fields are.
pub type JsonObject = serde_json::Map<String, serde_json::Value>;
