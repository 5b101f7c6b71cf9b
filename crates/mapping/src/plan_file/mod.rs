//! The plan file: which stores and channels a migration connects, what it copies and how it
//! remaps identifiers. Parsed from YAML with unknown and duplicate keys refused, `${VAR}`
//! references expanded from a given environment, then checked as a whole.
//!
//! - [`PlanFile::from_path`] / [`PlanFile::from_str`]: the entry points
//! - [`PlanFileError`]: every way a plan can be wrong, each with file, line and column

mod api_base;
mod env;
mod error;
mod load;
mod raw;
mod redact;
mod token;

pub use env::{EnvLookup, ExpandError, expand, process_env};
pub use error::{ByteSpan, PlanFileError, PlanProblem, PlanProblemKind, TextLocation};
pub use redact::RedactedSource;
pub use token::AccessToken;

use crate::entity::EntityKind;
use pageport_model::{
    BrandId, CategoryId, ChannelId, EntityId, Limits, Page, ProductId, StoreHash, TemplateFile,
    WidgetTemplateUuid,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The plan format version this build reads.
pub const PLAN_VERSION: u32 = 1;

/// The BigCommerce API host used when a store sets no `api_base`.
pub const DEFAULT_API_BASE: &str = "https://api.bigcommerce.com";

/// Pages written per bulk request when the plan sets no `batch_size`.
pub const DEFAULT_BATCH_SIZE: usize = 10;

/// Page-widget documents published at once when the plan sets no `concurrency`.
pub const DEFAULT_CONCURRENCY: usize = 4;

/// A loaded, checked plan.
#[derive(Debug, Clone)]
pub struct PlanFile {
    /// The file the plan was read from, for messages.
    pub file: PathBuf,
    /// Every store the plan defines, by name.
    pub stores: BTreeMap<String, StoreConfig>,
    /// Where content is copied from.
    pub source: Endpoint,
    /// Where content is copied to.
    pub target: Endpoint,
    /// What is copied.
    pub select: Selection,
    /// How identifiers are remapped.
    pub mappings: Mappings,
    /// What to do with a target object that already exists.
    pub on_existing: OnExisting,
    /// What to do with an identifier no rule maps.
    pub unmapped: UnmappedPolicy,
    /// The platform limits to validate against.
    pub limits: Limits,
    /// Pages per bulk create/update request (at least 1).
    pub batch_size: usize,
    /// Page-widget documents published at once (at least 1).
    pub concurrency: usize,
    /// Requests per quota window left for the store's other apps; `None`: 10% of the quota.
    pub quota_reserve: Option<u32>,
}

/// How to reach one store.
#[derive(Debug, Clone)]
pub struct StoreConfig {
    /// The store hash (the `{store_hash}` path segment).
    pub store_hash: StoreHash,
    /// The API token; `None` only for an embedded sandbox store.
    pub access_token: Option<AccessToken>,
    /// The API host, or the embedded sandbox.
    pub api_base: ApiBase,
}

/// Where a store's API is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiBase {
    /// An HTTP(S) base URL such as `https://api.bigcommerce.com` (no trailing slash).
    Url(String),
    /// An in-process sandbox seeded with the named data set (`sandbox:demo`).
    Sandbox(String),
}

impl Default for ApiBase {
    fn default() -> Self {
        ApiBase::Url(DEFAULT_API_BASE.to_owned())
    }
}

/// One side of a migration: a store and one of its channels.
#[derive(Debug, Clone)]
pub struct Endpoint {
    /// The store's name in `stores`.
    pub store: String,
    /// The channel.
    pub channel_id: ChannelId,
    /// The store's connection settings (a copy of `stores[store]`).
    pub config: StoreConfig,
}

/// What a migration copies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Selection {
    /// The web pages.
    pub pages: PageSelection,
    /// The page-widget documents.
    pub page_widgets: Vec<PageWidgetsSelector>,
}

/// Which web pages are copied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PageSelection {
    /// Every page of the source channel.
    All,
    /// Only the listed pages.
    Only(Vec<PageRef>),
}

/// A page named in `select.pages`: an entry starting with `/` is a URL, anything else a name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PageRef {
    /// The page at this storefront URL.
    Url(String),
    /// The page with this name.
    Name(String),
}

impl PageRef {
    /// Reads a `select.pages` entry.
    pub fn parse(entry: &str) -> Self {
        if entry.starts_with('/') {
            PageRef::Url(entry.to_owned())
        } else {
            PageRef::Name(entry.to_owned())
        }
    }

    /// True when `page` is the page this entry means (URLs compare without a trailing `/`).
    pub fn matches(&self, page: &Page) -> bool {
        match self {
            PageRef::Url(url) => page
                .url
                .as_deref()
                .is_some_and(|u| u.trim_end_matches('/') == url.trim_end_matches('/')),
            PageRef::Name(name) => page.name == *name,
        }
    }
}

/// One `select.page_widgets` entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PageWidgetsSelector {
    /// The channel's global regions.
    Global,
    /// The documents of one template file.
    Template {
        /// The template file, such as `pages/product`.
        template_file: TemplateFile,
        /// The source entities; `None` means the template has no entity, or for `pages/page`,
        /// the migrated pages.
        entity_ids: Option<Vec<EntityId>>,
    },
}

/// The remapping rules of `mappings`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Mappings {
    /// Widget template uuids.
    pub widget_templates: TemplateRules,
    /// Product ids.
    pub products: ProductRules,
    /// Category ids: matched by url and name path, or explicit entries.
    pub categories: CatalogRules<CategoryId>,
    /// Brand ids: matched by name and url, or explicit entries.
    pub brands: CatalogRules<BrandId>,
    /// Channel ids, source → target, beyond `source.channel_id → target.channel_id`.
    pub channels: BTreeMap<ChannelId, ChannelId>,
    /// Which keys of widget configurations hold which kind of id.
    pub fields: FieldNames,
}

/// How category or brand ids are mapped (`mappings.categories`, `mappings.brands`): the
/// explicit table first, then matching in the target by [`CatalogMatch`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CatalogRules<Id> {
    /// Which key is tried first; [`CatalogMatch::Explicit`] turns matching off.
    pub match_by: CatalogMatch,
    /// Source id → target id, consulted first.
    pub explicit: BTreeMap<Id, Id>,
}

impl<Id> CatalogRules<Id> {
    /// Rules matching by `match_by`, with no explicit entry.
    pub fn matching(match_by: CatalogMatch) -> Self {
        Self {
            match_by,
            explicit: BTreeMap::new(),
        }
    }
}

impl Default for CatalogRules<CategoryId> {
    /// Categories match by `custom_url.url` first, then by name path.
    fn default() -> Self {
        Self::matching(CatalogMatch::Url)
    }
}

impl Default for CatalogRules<BrandId> {
    /// Brands match by name first, then by `custom_url.url`.
    fn default() -> Self {
        Self::matching(CatalogMatch::Name)
    }
}

/// How a category or brand without an explicit entry is found in the target.
///
/// Both keys are tried, the chosen one first: the other is consulted only when the first finds
/// no candidate at all (an ambiguous first key is an error, never a fall-through).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CatalogMatch {
    /// `custom_url.url` first, then the name (a category's name path from the root).
    Url,
    /// The name (a category's name path from the root) first, then `custom_url.url`.
    Name,
    /// Only through the explicit table.
    Explicit,
}

impl CatalogMatch {
    /// The spelling in the plan file.
    pub fn as_str(self) -> &'static str {
        match self {
            CatalogMatch::Url => "url",
            CatalogMatch::Name => "name",
            CatalogMatch::Explicit => "explicit",
        }
    }
}

/// How widget template uuids are mapped.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct TemplateRules {
    /// How a template without an explicit entry is found in the target.
    pub match_by: TemplateMatch,
    /// Create a template missing from the target from its source definition.
    pub create_missing: bool,
    /// Source uuid → target uuid, consulted first (lowercase).
    pub explicit: BTreeMap<WidgetTemplateUuid, WidgetTemplateUuid>,
    /// What to do with a matched target template whose definition differs from the source's.
    pub on_drift: OnDrift,
}

/// What the plan does with a drifted widget template: a target template matched to a source
/// template whose `schema`, `template` or `storefront_api_query` differs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OnDrift {
    /// Update the target template to the source definition, as a new version.
    #[default]
    Update,
    /// Leave the target template as it is; the plan warns.
    Keep,
    /// Refuse the plan: an error diagnostic per drifted template.
    Fail,
}

/// How a widget template is found in the target channel.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TemplateMatch {
    /// By exact name.
    #[default]
    Name,
    /// Only through the explicit table.
    Explicit,
}

/// How product ids are mapped.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ProductRules {
    /// How a product without an explicit entry is found in the target.
    pub match_by: ProductMatch,
    /// Source id → target id, consulted first.
    pub explicit: BTreeMap<ProductId, ProductId>,
}

/// How a product is found in the target store.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProductMatch {
    /// By the product's SKU.
    #[default]
    Sku,
    /// Only through the explicit table.
    Explicit,
}

/// The configuration keys that hold ids, per id kind (`mappings.fields`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FieldNames {
    /// Keys holding product ids (default `productId`, `productIds`).
    pub products: Vec<String>,
    /// Keys holding category ids (default `categoryId`).
    pub categories: Vec<String>,
    /// Keys holding brand ids (default `brandId`).
    pub brands: Vec<String>,
}

impl Default for FieldNames {
    fn default() -> Self {
        Self {
            products: vec!["productId".to_owned(), "productIds".to_owned()],
            categories: vec!["categoryId".to_owned()],
            brands: vec!["brandId".to_owned()],
        }
    }
}

impl FieldNames {
    /// The kind of id a configuration key holds, if any.
    pub fn kind_of(&self, key: &str) -> Option<EntityKind> {
        let has = |list: &[String]| list.iter().any(|f| f == key);
        if has(&self.products) {
            Some(EntityKind::Product)
        } else if has(&self.categories) {
            Some(EntityKind::Category)
        } else if has(&self.brands) {
            Some(EntityKind::Brand)
        } else {
            None
        }
    }
}

/// What to do with a page or document that already exists in the target.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OnExisting {
    /// Overwrite it (after a backup).
    #[default]
    Update,
    /// Leave it as it is.
    Skip,
    /// Stop: the plan reports it as an error.
    Fail,
}

/// What to do with an identifier no rule maps (`unmapped`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnmappedPolicy {
    /// Report it as an error; the caller stops.
    #[default]
    Fail,
    /// Report it as a warning and keep the source value.
    Warn,
    /// Keep the source value silently (still listed).
    Keep,
}

impl PlanFile {
    /// The channel table: `source.channel_id → target.channel_id` plus `mappings.channels`.
    pub fn channel_table(&self) -> crate::tables::ChannelTable {
        crate::tables::channel_table(
            self.source.channel_id,
            self.target.channel_id,
            &self.mappings.channels,
        )
    }
}
