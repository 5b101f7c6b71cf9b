//! The demo's promises, checked on the built stores (the HTTP view is in `tests/it/demo_seed.rs`).

use super::*;
use pageport_model::{PageId, PageType, PageWidgets};
use std::collections::BTreeSet;

fn spec(hash: &str) -> StoreSpec {
    StoreSpec {
        store_hash: hash.into(),
        access_token: format!("{hash}-token"),
    }
}

fn staging_store() -> StoreState {
    store(&spec("staging"), 0)
}

fn production_store() -> StoreState {
    store(&spec("production"), 1)
}

#[test]
fn roles_follow_the_hash_then_the_position() {
    assert_eq!(role("staging", 3), Role::Staging);
    assert_eq!(role("production", 0), Role::Production);
    assert_eq!(role("abc123", 0), Role::Staging);
    assert_eq!(role("xyz789", 1), Role::Production);
    assert_eq!(role("other", 2), Role::Empty);
}

#[test]
fn a_third_store_is_empty() {
    let other = store(&spec("other"), 2);
    assert!(other.pages.is_empty() && other.products.is_empty());
    assert!(other.widget_templates.is_empty() && other.page_widgets.is_empty());
    assert_eq!(other.channels.len(), 1);
}

#[test]
fn staging_has_nested_pages_of_every_creatable_type() {
    let store = staging_store();
    assert_eq!(store.pages.len(), 17);
    let types: BTreeSet<String> = store
        .pages
        .values()
        .map(|p| p.page_type.to_string())
        .collect();
    assert_eq!(
        types,
        ["contact_form", "link", "page", "raw"]
            .map(String::from)
            .into()
    );
    // Meet the Founders (3) › Our Story (2) › About Us (1).
    assert_eq!(store.pages[&PageId(3)].parent(), Some(PageId(2)));
    assert_eq!(store.pages[&PageId(2)].parent(), Some(PageId(1)));
    assert_eq!(store.pages[&PageId(1)].parent(), None);
    for page in store.pages.values() {
        assert_eq!(page.is_homepage, Some(false), "{}", page.name);
        if let Some(parent) = page.parent() {
            assert!(
                store.pages.contains_key(&parent),
                "{} has a dangling parent",
                page.name
            );
        }
        match page.page_type {
            PageType::Raw => assert!(page.body_text().is_some_and(|b| !b.is_empty())),
            PageType::Link => assert!(
                page.link
                    .as_deref()
                    .is_some_and(|l| l.starts_with("https://"))
            ),
            PageType::ContactForm => assert!(page.email.is_some()),
            _ => {}
        }
    }
    let names: BTreeSet<&str> = store.pages.values().map(|p| p.name.as_str()).collect();
    assert_eq!(names.len(), 17, "page names are unique");
    let urls: Vec<&str> = store
        .pages
        .values()
        .filter_map(|p| p.url.as_deref())
        .collect();
    assert_eq!(
        urls.len(),
        urls.iter().collect::<BTreeSet<_>>().len(),
        "urls are unique"
    );
    assert_eq!(store.next_ids.page, 18);
}

#[test]
fn exactly_two_staging_pages_leak_the_staging_cdn() {
    let store = store(&spec("abc123"), 0);
    let leaking: Vec<&str> = store
        .pages
        .values()
        .filter(|p| {
            p.body_text()
                .is_some_and(|b| b.contains("https://cdn11.bigcommerce.com/s-abc123/images/"))
        })
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(leaking, ["About Us", "Lookbook"]);
}

#[test]
fn every_staging_widget_uses_a_staging_template_and_product() {
    let store = staging_store();
    assert_eq!(store.page_widgets.len(), 7);
    for (key, regions) in &store.page_widgets {
        let document = PageWidgets {
            regions: regions.clone(),
            extra: Default::default(),
        };
        for widget in document.widgets() {
            assert!(
                store
                    .widget_templates
                    .contains_key(widget.widget_template_uuid.as_str()),
                "{key}: unknown template {}",
                widget.widget_template_uuid
            );
            let params = widget
                .storefront_api_query_params
                .clone()
                .unwrap_or_default();
            let ids = ["productId", "featuredProductId"]
                .into_iter()
                .filter_map(|key| params.get(key))
                .chain(
                    params
                        .get("slideIds")
                        .and_then(|v| v.as_array())
                        .into_iter()
                        .flatten(),
                );
            for id in ids {
                let id = id.as_u64().unwrap();
                assert!(
                    store.products.contains_key(&id),
                    "{key}: unknown product {id}"
                );
            }
        }
        match (
            key.template_file.as_ref().map(|f| f.as_str()),
            &key.entity_id,
        ) {
            (Some("pages/page"), Some(entity)) => {
                assert!(
                    store
                        .pages
                        .contains_key(&PageId(entity.as_str().parse().unwrap()))
                );
            }
            (Some("pages/product"), Some(entity)) => {
                assert!(
                    store
                        .products
                        .contains_key(&entity.as_str().parse().unwrap())
                );
            }
            _ => {}
        }
    }
}

#[test]
fn production_has_the_same_skus_under_other_ids() {
    let staging = staging_store();
    let production = production_store();
    let skus = |s: &StoreState| -> BTreeSet<String> {
        s.products.values().filter_map(|p| p.sku.clone()).collect()
    };
    assert_eq!(skus(&staging).len(), 8);
    assert_eq!(skus(&staging), skus(&production));
    for product in staging.products.values() {
        let twin = &production.products[&(product.id.get() + 1000)];
        assert_eq!(twin.sku, product.sku);
    }
    let renamed = staging
        .products
        .values()
        .filter(|p| production.products[&(p.id.get() + 1000)].name != p.name)
        .count();
    assert_eq!(renamed, 3);
    let ids = |s: &StoreState| s.categories.keys().copied().collect::<BTreeSet<_>>();
    assert!(ids(&staging).is_disjoint(&ids(&production)));
    assert_eq!(production.categories[&23].category.name, "Kitchen");
    assert_eq!(production.brands.len(), staging.brands.len());
}

#[test]
fn production_lacks_product_carousel_and_has_its_own_uuids() {
    let staging = staging_store();
    let production = production_store();
    let names = |s: &StoreState| -> BTreeSet<String> {
        s.widget_templates
            .values()
            .map(|t| t.name.clone())
            .collect()
    };
    let missing: Vec<String> = names(&staging)
        .difference(&names(&production))
        .cloned()
        .collect();
    assert_eq!(missing, ["Product Carousel"]);
    assert!(names(&production).is_subset(&names(&staging)));
    let uuids = |s: &StoreState| s.widget_templates.keys().cloned().collect::<BTreeSet<_>>();
    assert!(uuids(&staging).is_disjoint(&uuids(&production)));
    assert!(production.pages.is_empty());
    assert!(production.page_widgets.is_empty());
    assert_eq!(production.next_ids.page, 500);
}
