//! The target store an offline benchmark plans against, built in-process from the bundle: an
//! empty channel (no pages, no documents) whose widget templates have the source templates'
//! names under other uuids, and whose products have the source products' SKUs under other ids.
//! So every template and product resolves, every page is a create and every document a new
//! publish: the most work a plan can have.

use crate::rng::SiteRng;
use pageport_model::{Bundle, ChannelId, ProductId, StoreHash, WidgetTemplateUuid};
use pageport_plan::{TargetInventory, skus_to_look_up};
use std::collections::BTreeSet;

/// Added to a source product id to make its target id (ids differ between stores).
pub const TARGET_PRODUCT_ID_OFFSET: u64 = 1_000_000;

/// The inventory of an empty target `channel` of `store_hash` that has the bundle's templates
/// (by name) and products (by SKU).
pub fn target_inventory(
    bundle: &Bundle,
    store_hash: StoreHash,
    channel: ChannelId,
) -> TargetInventory {
    let mut inventory = TargetInventory::new(store_hash, channel);
    inventory.widget_templates = bundle
        .widget_templates
        .iter()
        .map(|source| {
            let mut rng = SiteRng::derive(0, &source.name);
            let mut target = source.clone();
            target.uuid = WidgetTemplateUuid::new(rng.uuid());
            target.current_version_uuid = Some(rng.uuid());
            target.channel_id = Some(channel);
            target
        })
        .collect();
    // What the inventory reader fetches: the products with the bundle's SKUs.
    let wanted: BTreeSet<String> = skus_to_look_up(bundle).into_iter().collect();
    inventory.products = bundle
        .products
        .iter()
        .filter(|p| p.sku.as_ref().is_some_and(|sku| wanted.contains(sku)))
        .map(|source| {
            let mut target = source.clone();
            target.id = ProductId(source.id.get() + TARGET_PRODUCT_ID_OFFSET);
            target
        })
        .collect();
    inventory
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::generate_site;
    use crate::spec::SiteSpec;

    #[test]
    fn templates_match_by_name_only_and_products_by_sku_only() {
        let spec = SiteSpec {
            pages: 40,
            widgets: 300,
            layouts: 40,
            depth: 3,
            seed: 2,
        };
        let bundle = generate_site(&spec).unwrap();
        let inventory = target_inventory(&bundle, StoreHash::from("target"), ChannelId(1));
        assert_eq!(
            inventory.widget_templates.len(),
            bundle.widget_templates.len()
        );
        for (source, target) in bundle
            .widget_templates
            .iter()
            .zip(&inventory.widget_templates)
        {
            assert_eq!(source.name, target.name);
            assert_ne!(source.uuid, target.uuid);
            assert!(target.uuid.is_well_formed());
        }
        assert_eq!(inventory.products.len(), bundle.products.len());
        for (source, target) in bundle.products.iter().zip(&inventory.products) {
            assert_eq!(source.sku, target.sku);
            assert_ne!(source.id, target.id);
        }
        assert!(inventory.pages.is_empty() && inventory.documents.is_empty());
    }
}
