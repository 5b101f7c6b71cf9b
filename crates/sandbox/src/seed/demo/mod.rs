//! The demo site: what `--seed demo` (and `api_base: sandbox:demo`) starts with.
//!
//! The store's role follows its hash: `staging` (or the first store, when its hash is neither
//! `staging` nor `production`) is the **staging** site; `production` (or the second store, under
//! the same condition) is the **production** store; any other store starts empty.
//!
//! - staging: 17 web pages of every creatable type, nested three levels deep; six widget
//!   templates; page-widget documents for the global regions, the home page, three web pages and
//!   products 77 and 80; eight products, five categories and four brands.
//! - both: a second storefront, channel 2 `wholesale` (active), whose category tree (tree 2)
//!   holds the same categories (names, URL paths) under other ids than channel 1's tree; every
//!   product is assigned to channel 1, and all but `1 L Le Parfait Jar` to channel 2.
//! - production: the same eight products by SKU under other ids (1077, 1080, …; three under other
//!   names), the same categories and brands under other ids, its own widget templates with the
//!   same names but other uuids **except `Product Carousel`, which it lacks** (so a migration must
//!   create it), **and `Text` at an older `template` text than staging's** (drifted, so a
//!   migration updates it to a new version), and no web pages and no page-widget documents. Its
//!   page ids start at 500.
//!
//! **Deliberate leak:** two staging pages (`About Us` and the raw `Lookbook`) embed images from
//! the staging store's own CDN, `https://cdn11.bigcommerce.com/s-<staging hash>/...`. Copied
//! verbatim, those URLs would keep pointing production at staging's files; pageport's leak
//! detection must find them.
//!
//! - `pages`: the staging web pages
//! - `templates`: the widget templates of both stores
//! - `widgets`: the staging page-widget documents
//! - `catalog`: products, categories and brands of both stores

mod catalog;
mod pages;
mod templates;
mod widgets;

use crate::config::StoreSpec;
use crate::state::StoreState;
use pageport_model::ChannelId;

/// What a store is in the demo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Staging,
    Production,
    Empty,
}

/// The role of the `index`-th store: by hash first, by position when the hash says nothing.
fn role(store_hash: &str, index: usize) -> Role {
    match (store_hash, index) {
        ("staging", _) => Role::Staging,
        ("production", _) => Role::Production,
        (_, 0) => Role::Staging,
        (_, 1) => Role::Production,
        _ => Role::Empty,
    }
}

/// The demo content of one store.
pub(super) fn store(spec: &StoreSpec, index: usize) -> StoreState {
    let hash = spec.store_hash.as_str();
    let token = spec.access_token.as_str();
    match role(hash, index) {
        Role::Staging => staging(hash, token),
        Role::Production => production(hash, token),
        Role::Empty => StoreState::empty(hash, token, 100 * index as u64),
    }
}

/// The staging site.
fn staging(hash: &str, token: &str) -> StoreState {
    let mut store = StoreState::empty(hash, token, 0);
    store.pages = pages::staging(hash)
        .into_iter()
        .filter_map(|page| page.id.map(|id| (id, page)))
        .collect();
    store.widget_templates = templates::by_uuid(templates::staging());
    store.page_widgets = widgets::staging().into_iter().collect();
    store.products = catalog::products(catalog::Side::Staging);
    store.categories = catalog::categories(catalog::Side::Staging);
    store.category_trees = catalog::trees();
    store.product_channels = catalog::channel_assignments(catalog::Side::Staging);
    add_wholesale_channel(&mut store);
    store.brands = catalog::brands(catalog::Side::Staging);
    store.next_ids.page = pages::STAGING_NEXT_PAGE_ID;
    store.next_ids.product = catalog::next_product_id(catalog::Side::Staging);
    store.next_ids.category = catalog::next_category_id(catalog::Side::Staging);
    store.next_ids.brand = catalog::next_brand_id(catalog::Side::Staging);
    store
}

/// The production store: same catalog under other ids, its own templates (one missing), no
/// pages, no page-widget documents.
fn production(hash: &str, token: &str) -> StoreState {
    let mut store = StoreState::empty(hash, token, 0);
    store.widget_templates = templates::by_uuid(templates::production());
    store.products = catalog::products(catalog::Side::Production);
    store.categories = catalog::categories(catalog::Side::Production);
    store.category_trees = catalog::trees();
    store.product_channels = catalog::channel_assignments(catalog::Side::Production);
    add_wholesale_channel(&mut store);
    store.brands = catalog::brands(catalog::Side::Production);
    store.next_ids.page = PRODUCTION_FIRST_PAGE_ID;
    store.next_ids.product = catalog::next_product_id(catalog::Side::Production);
    store.next_ids.category = catalog::next_category_id(catalog::Side::Production);
    store.next_ids.brand = catalog::next_brand_id(catalog::Side::Production);
    store
}

/// The second storefront of both demo stores, with its own category tree.
const WHOLESALE_CHANNEL: ChannelId = ChannelId(2);

/// Adds the `wholesale` storefront (channel 2, active) and the site it is served at.
fn add_wholesale_channel(store: &mut StoreState) {
    let mut channel = crate::state::default_storefront();
    channel.id = WHOLESALE_CHANNEL;
    channel.name = "wholesale".into();
    channel.status = Some("active".into());
    store.channels.insert(WHOLESALE_CHANNEL, channel);
    let site = crate::routes::channels::site::build_site(
        WHOLESALE_CHANNEL,
        &format!("https://wholesale-{}.mybigcommerce.com/", store.store_hash),
        "2024-01-01T00:00:00Z",
    );
    store.sites.insert(WHOLESALE_CHANNEL, site);
    store.next_ids.channel = WHOLESALE_CHANNEL.get() + 1;
    store.next_ids.tree = catalog::WHOLESALE_TREE.get() + 1;
}

/// The first page id production hands out, far from staging's, so remapped ids visibly differ.
const PRODUCTION_FIRST_PAGE_ID: u64 = 500;

#[cfg(test)]
mod tests;
