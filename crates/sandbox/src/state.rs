//! The stores' content, behind one lock. Handlers hold the lock only for in-memory work, never
//! across an `.await`.

use crate::config::SandboxConfig;
use crate::documents::Documents;
use crate::faults::FaultState;
use crate::persist::journal::{self, Scope};
use crate::rate_limit::RateWindow;
use crate::request_log::RequestLog;
use pageport_model::{
    Brand, Category, CategoryTree, CategoryTreeId, Channel, ChannelId, Page, PageId, Product,
    ProductChannelAssignment, Site, WidgetTemplate,
};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex, MutexGuard};

/// A running sandbox's shared state: cheap to clone, one per server.
#[derive(Clone)]
pub struct Sandbox {
    inner: Arc<Inner>,
}

struct Inner {
    config: SandboxConfig,
    world: Mutex<World>,
}

/// Everything behind the lock.
pub(crate) struct World {
    /// The stores by hash.
    pub(crate) stores: BTreeMap<String, StoreState>,
    /// Every BigCommerce-path request, in arrival order.
    pub(crate) log: RequestLog,
    /// Fault injection state (config, RNG, counters).
    pub(crate) faults: FaultState,
}

/// One store's content. Serializable so it can be persisted and dumped for test comparisons.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct StoreState {
    /// The store hash.
    pub store_hash: String,
    /// The token that opens this store; never serialized.
    #[serde(skip)]
    pub(crate) access_token: String,
    /// Web pages by id (bodies included).
    pub pages: BTreeMap<PageId, Page>,
    /// Page-widget documents by (channel, template file, entity).
    pub page_widgets: Documents,
    /// Widget templates by uuid.
    pub widget_templates: BTreeMap<String, WidgetTemplate>,
    /// The earlier versions of each widget template (by template uuid), oldest first; the
    /// current version is the template itself.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub widget_template_versions:
        BTreeMap<String, Vec<crate::routes::widget_templates::TemplateVersion>>,
    /// Channels by id; channel 1 always exists.
    pub channels: BTreeMap<ChannelId, Channel>,
    /// The site each storefront channel is served at, by channel (zero or one per channel).
    #[serde(default)]
    pub sites: BTreeMap<ChannelId, Site>,
    /// Catalog products by id.
    pub products: BTreeMap<u64, Product>,
    /// Catalog categories of every tree by id, each knowing its tree: the one store both the
    /// tree endpoints and the classic `/catalog/categories` (channel 1's tree) read and write.
    pub categories: BTreeMap<u64, StoredCategory>,
    /// Category trees by id; channel 1's tree exists in every store.
    #[serde(default = "default_trees")]
    pub category_trees: BTreeMap<CategoryTreeId, CategoryTree>,
    /// Which products are assigned to which channels.
    #[serde(default)]
    pub product_channels: BTreeSet<ProductChannelAssignment>,
    /// Catalog brands by id.
    pub brands: BTreeMap<u64, Brand>,
    /// The next id of each numbered kind, so ids are never reused.
    pub next_ids: NextIds,
    /// The store's current rate-limit window.
    #[serde(skip)]
    pub(crate) rate: RateWindow,
    /// Pages created, changed or deleted since the journal last took them: every write to
    /// `pages` notes the id here (the page-widget documents note their own keys).
    #[serde(skip)]
    pub(crate) changed_pages: BTreeSet<PageId>,
    /// Bytes in the store's journal since its last compaction (with a data directory).
    #[serde(skip)]
    pub(crate) journal_bytes: u64,
}

/// Id counters per kind. Starting points differ per store so ids differ between stores.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct NextIds {
    /// Next page id.
    pub page: u64,
    /// Next channel id.
    pub channel: u64,
    /// Next product id.
    pub product: u64,
    /// Next category id.
    pub category: u64,
    /// Next brand id.
    pub brand: u64,
    /// Next category tree id (tree 1 is channel 1's).
    #[serde(default = "second_tree")]
    pub tree: u64,
}

fn second_tree() -> u64 {
    2
}

/// A category with the tree it belongs to. Serialized flat: the category's fields plus
/// `tree_id` (absent in data persisted before trees existed: channel 1's tree).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredCategory {
    /// The tree the category belongs to.
    #[serde(default = "first_tree")]
    pub tree_id: CategoryTreeId,
    /// The category, as the classic endpoint shows it.
    #[serde(flatten)]
    pub category: Category,
}

fn first_tree() -> CategoryTreeId {
    DEFAULT_TREE
}

/// The id of the tree every store starts with, assigned to channel 1.
pub(crate) const DEFAULT_TREE: CategoryTreeId = CategoryTreeId(1);

/// The trees of a new store: tree 1, assigned to channel 1.
pub(crate) fn default_trees() -> BTreeMap<CategoryTreeId, CategoryTree> {
    let tree = CategoryTree {
        id: DEFAULT_TREE,
        name: "Default Storefront".into(),
        channels: vec![ChannelId::DEFAULT],
        extra: pageport_model::Extra::new(),
    };
    BTreeMap::from([(tree.id, tree)])
}

impl StoreState {
    /// An empty store with its default storefront (channel 1), ids starting at `id_base`.
    pub(crate) fn empty(store_hash: &str, access_token: &str, id_base: u64) -> Self {
        let mut state = Self {
            store_hash: store_hash.to_owned(),
            access_token: access_token.to_owned(),
            next_ids: NextIds {
                page: id_base + 1,
                channel: 2,
                product: id_base + 1,
                category: id_base + 1,
                brand: id_base + 1,
                tree: second_tree(),
            },
            category_trees: default_trees(),
            ..Self::default()
        };
        state.channels.insert(ChannelId(1), default_storefront());
        state.sites.insert(
            ChannelId::DEFAULT,
            crate::routes::channels::site::default_site(store_hash, ChannelId::DEFAULT),
        );
        state
    }

    /// The tree assigned to `channel`, if any (a channel has at most one).
    pub(crate) fn tree_of(&self, channel: ChannelId) -> Option<CategoryTreeId> {
        self.category_trees
            .values()
            .find(|tree| tree.serves(channel))
            .map(|tree| tree.id)
    }

    /// Takes the next id of a kind.
    pub(crate) fn take_id(counter: &mut u64) -> u64 {
        let id = *counter;
        *counter += 1;
        id
    }
}

/// Channel 1, created with every store.
pub(crate) fn default_storefront() -> Channel {
    let mut extra = pageport_model::Extra::new();
    extra.insert("is_listable_from_ui".into(), true.into());
    extra.insert("is_visible".into(), true.into());
    extra.insert("date_created".into(), "2024-01-01T00:00:00Z".into());
    extra.insert("date_modified".into(), "2024-01-01T00:00:00Z".into());
    Channel {
        id: ChannelId(1),
        name: "Default Storefront".into(),
        channel_type: Some("storefront".into()),
        platform: Some("bigcommerce".into()),
        status: Some("active".into()),
        extra,
    }
}

impl Sandbox {
    /// Builds the state: loads persisted stores from `data_dir`, else seeds, else empty stores.
    pub fn new(config: SandboxConfig) -> Result<Self, crate::SandboxError> {
        let stores = crate::persist::load_or_seed(&config)?;
        let faults = FaultState::new(config.faults.clone());
        let log = RequestLog::new(config.clock.now());
        Ok(Self {
            inner: Arc::new(Inner {
                config,
                world: Mutex::new(World {
                    stores,
                    log,
                    faults,
                }),
            }),
        })
    }

    /// The configuration the sandbox runs with.
    pub fn config(&self) -> &SandboxConfig {
        &self.inner.config
    }

    /// Locks the world. A poisoned lock (a handler panicked) is recovered: the data is plain
    /// maps, and refusing every later request would hide the original failure.
    pub(crate) fn world(&self) -> MutexGuard<'_, World> {
        self.inner
            .world
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs `f` on a store's content, read-only by convention.
    pub(crate) fn read_store<R>(
        &self,
        store_hash: &str,
        f: impl FnOnce(&StoreState) -> R,
    ) -> Option<R> {
        let world = self.world();
        world.stores.get(store_hash).map(f)
    }

    /// Runs `f` on a store's content, which may change anything in it, and journals the change
    /// when a data directory is configured (see [`crate::persist`]). Persistence failures are
    /// logged; the in-memory state stays authoritative.
    pub(crate) fn write_store<R>(
        &self,
        store_hash: &str,
        f: impl FnOnce(&mut StoreState) -> R,
    ) -> Option<R> {
        self.write(store_hash, Persist::Journal(Scope::Everything), f)
    }

    /// Like [`Sandbox::write_store`] for a write that changes only pages and page-widget
    /// documents (each noted by key as it changes): its journal line costs what it changed,
    /// whatever the store's size.
    pub(crate) fn write_content<R>(
        &self,
        store_hash: &str,
        f: impl FnOnce(&mut StoreState) -> R,
    ) -> Option<R> {
        self.write(store_hash, Persist::Journal(Scope::Content), f)
    }

    /// Like [`Sandbox::write_store`] for a write that replaces most of the store (a bundle
    /// load): the store's snapshot is rewritten and its journal emptied.
    pub(crate) fn replace_store<R>(
        &self,
        store_hash: &str,
        f: impl FnOnce(&mut StoreState) -> R,
    ) -> Option<R> {
        self.write(store_hash, Persist::Snapshot, f)
    }

    fn write<R>(
        &self,
        store_hash: &str,
        persist: Persist,
        f: impl FnOnce(&mut StoreState) -> R,
    ) -> Option<R> {
        let mut world = self.world();
        let store = world.stores.get_mut(store_hash)?;
        let result = f(store);
        let dir = self.inner.config.data_dir.as_deref();
        if let Err(error) = persist_write(dir, store, persist) {
            tracing::error!(%error, store = store_hash, "cannot persist sandbox store");
        }
        Some(result)
    }

    /// A snapshot of one store's content (for tests and the admin dump endpoint).
    pub fn store_state(&self, store_hash: &str) -> Option<StoreState> {
        self.read_store(store_hash, Clone::clone)
    }

    /// Every request logged so far (BigCommerce paths only).
    pub fn requests(&self) -> Vec<crate::LoggedRequest> {
        self.world().log.entries().to_vec()
    }

    /// Replaces the fault configuration (and resets its RNG and counters).
    pub fn set_faults(&self, faults: crate::FaultConfig) {
        self.world().faults = FaultState::new(faults);
    }
}

/// How a write is persisted.
#[derive(Debug, Clone, Copy)]
enum Persist {
    /// One journal line of the given scope.
    Journal(Scope),
    /// A new snapshot (and an empty journal).
    Snapshot,
}

/// Persists one write to `dir` (when there is one), compacting the journal once it passes
/// [`crate::persist::COMPACT_AFTER_BYTES`]. Without a directory the store's change notes are
/// still taken, so they do not pile up.
fn persist_write(
    dir: Option<&std::path::Path>,
    store: &mut StoreState,
    persist: Persist,
) -> std::io::Result<()> {
    match (dir, persist) {
        (None, _) => {
            store.changed_pages.clear();
            store.page_widgets.take_changed();
            Ok(())
        }
        (Some(dir), Persist::Snapshot) => {
            store.changed_pages.clear();
            store.page_widgets.take_changed();
            crate::persist::compact(dir, store)
        }
        (Some(dir), Persist::Journal(scope)) => {
            let line = journal::line(store, scope).map_err(std::io::Error::other)?;
            store.journal_bytes += journal::append(dir, &store.store_hash, &line)?;
            if store.journal_bytes > crate::persist::COMPACT_AFTER_BYTES {
                crate::persist::compact(dir, store)?;
            }
            Ok(())
        }
    }
}
