//! Seeding a store from a pageport bundle (`pageport sandbox --load STORE=BUNDLE_DIR`): a large
//! site in place in milliseconds, where pushing it through the API takes minutes of quota.
//!
//! The store's web pages, page-widget documents, widget templates, products, categories and
//! brands are replaced by the bundle's, under the bundle's own ids and uuids; its channels are
//! kept, and the bundle's channel is added as a storefront when the store lacks it. The
//! categories go in the category tree of that channel (a new tree when it has none) and the
//! products are assigned to it. Id counters move past the loaded ids, so the store hands out
//! fresh ones afterwards.

use crate::state::{Sandbox, StoreState, StoredCategory};
use pageport_model::{Bundle, CategoryTree, CategoryTreeId, Channel, ProductChannelAssignment};

/// What a load put in a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Loaded {
    /// Web pages (selected and reference pages).
    pub pages: usize,
    /// Page-widget documents.
    pub documents: usize,
    /// Widget templates.
    pub widget_templates: usize,
    /// Products.
    pub products: usize,
}

/// Why a bundle could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The sandbox serves no store with that hash.
    #[error("the sandbox has no store `{0}`; add it with --store {0}=TOKEN")]
    UnknownStore(String),
    /// Two objects of the bundle share an id.
    #[error("the bundle holds {kind} #{id} twice")]
    DuplicateId {
        /// What kind of object.
        kind: &'static str,
        /// The id.
        id: String,
    },
}

impl Sandbox {
    /// Replaces a store's content with a bundle's (see the module doc), persisting it when the
    /// sandbox has a data directory.
    pub fn load_bundle(&self, store_hash: &str, bundle: &Bundle) -> Result<Loaded, LoadError> {
        let loaded = check(bundle)?;
        self.replace_store(store_hash, |store| {
            replace_content(store, bundle);
            loaded
        })
        .ok_or_else(|| LoadError::UnknownStore(store_hash.to_owned()))
    }
}

/// Checks the bundle holds no id twice (a store cannot), and counts what it holds.
fn check(bundle: &Bundle) -> Result<Loaded, LoadError> {
    let mut seen = std::collections::BTreeSet::new();
    for page in bundle.pages.iter().chain(&bundle.reference_pages) {
        if let Some(id) = page.id
            && !seen.insert(id)
        {
            return Err(LoadError::DuplicateId {
                kind: "page",
                id: id.to_string(),
            });
        }
    }
    let mut products = std::collections::BTreeSet::new();
    for product in &bundle.products {
        if !products.insert(product.id) {
            return Err(LoadError::DuplicateId {
                kind: "product",
                id: product.id.to_string(),
            });
        }
    }
    Ok(Loaded {
        pages: seen.len(),
        documents: bundle.page_widgets.len(),
        widget_templates: bundle.widget_templates.len(),
        products: products.len(),
    })
}

/// Puts the bundle's content in the store, keyed as the store keeps it.
fn replace_content(store: &mut StoreState, bundle: &Bundle) {
    let channel = bundle.manifest.channel_id;
    // The channel first: the tree below is assigned to it.
    store.channels.entry(channel).or_insert_with(|| {
        let mut storefront: Channel = crate::state::default_storefront();
        storefront.id = channel;
        storefront.name = format!("Storefront {channel}");
        storefront
    });
    store.pages = bundle
        .pages
        .iter()
        .chain(&bundle.reference_pages)
        .filter_map(|page| page.id.map(|id| (id, page.clone())))
        .collect();
    store.page_widgets = bundle
        .page_widgets
        .iter()
        .map(|document| (document.key.clone(), document.regions.clone()))
        .collect();
    store.widget_templates = bundle
        .widget_templates
        .iter()
        .map(|template| (template.uuid.to_string(), template.clone()))
        .collect();
    store.products = bundle
        .products
        .iter()
        .map(|product| (product.id.get(), product.clone()))
        .collect();
    // The categories go in the tree of the bundle's channel (created when it has none); the
    // products are assigned to that channel.
    let tree = store.tree_of(channel).unwrap_or_else(|| {
        let id = CategoryTreeId(
            store
                .category_trees
                .keys()
                .map(|id| id.get())
                .max()
                .unwrap_or(0)
                + 1,
        );
        store.category_trees.insert(
            id,
            CategoryTree {
                id,
                name: format!("Storefront {channel}"),
                channels: vec![channel],
                extra: pageport_model::Extra::new(),
            },
        );
        id
    });
    store.categories = bundle
        .categories
        .iter()
        .map(|category| {
            let stored = StoredCategory {
                tree_id: tree,
                category: category.clone(),
            };
            (category.id.get(), stored)
        })
        .collect();
    store.product_channels = bundle
        .products
        .iter()
        .map(|product| ProductChannelAssignment {
            product_id: product.id,
            channel_id: channel,
        })
        .collect();
    store.brands = bundle
        .brands
        .iter()
        .map(|brand| (brand.id.get(), brand.clone()))
        .collect();
    let next = |current: u64, max: Option<u64>| current.max(max.map_or(0, |m| m + 1));
    store.next_ids.page = next(
        store.next_ids.page,
        store.pages.keys().map(|id| id.get()).max(),
    );
    store.next_ids.product = next(store.next_ids.product, store.products.keys().copied().max());
    store.next_ids.category = next(
        store.next_ids.category,
        store.categories.keys().copied().max(),
    );
    store.next_ids.brand = next(store.next_ids.brand, store.brands.keys().copied().max());
    store.next_ids.channel = next(
        store.next_ids.channel,
        store.channels.keys().map(|id| id.get()).max(),
    );
}
