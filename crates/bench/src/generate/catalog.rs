//! The source catalog widgets point at: products with SKUs (the key a migration matches them
//! by), of which the bundle keeps those the documents reference, as extract does.

use crate::generate::text::title;
use crate::rng::SiteRng;
use pageport_model::{BrandId, CategoryId, Product, ProductId};
use serde_json::json;

/// Products in the catalog for a site of `widgets` widgets: one per 50 widgets, 20 to 2,000.
pub(crate) fn catalog_size(widgets: usize) -> usize {
    (widgets / 50).clamp(20, 2_000)
}

/// The SKU of the `index`th catalog product; the target store has the same SKUs.
pub(crate) fn sku(index: usize) -> String {
    format!("BENCH-{:05}", index + 1)
}

/// `count` products with ascending ids (with gaps) and unique SKUs.
pub(crate) fn generate(rng: &mut SiteRng, count: usize) -> Vec<Product> {
    let mut next_id = 100_u64;
    (0..count)
        .map(|index| {
            let id = ProductId(next_id);
            next_id += 1 + rng.below(4) as u64;
            let mut product = Product {
                id,
                name: format!("{} {}", title(rng), index + 1),
                sku: Some(sku(index)),
                product_type: Some("physical".to_owned()),
                categories: Some(vec![CategoryId(18 + rng.below(12) as u64)]),
                brand_id: Some(BrandId(rng.below(6) as u64)),
                extra: pageport_model::Extra::new(),
            };
            let cents = rng.between(500, 25_000);
            product
                .extra
                .insert("price".to_owned(), json!(cents as f64 / 100.0));
            product
                .extra
                .insert("weight".to_owned(), json!(rng.between(1, 40)));
            product
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn products_have_ascending_ids_and_unique_skus() {
        let products = generate(&mut SiteRng::new(4), catalog_size(50_000));
        assert_eq!(products.len(), 1_000);
        assert!(products.windows(2).all(|w| w[0].id < w[1].id));
        let skus: BTreeSet<_> = products.iter().filter_map(|p| p.sku.clone()).collect();
        assert_eq!(skus.len(), products.len());
    }

    #[test]
    fn catalog_size_is_bounded() {
        assert_eq!(catalog_size(0), 20);
        assert_eq!(catalog_size(2_000), 40);
        assert_eq!(catalog_size(10_000_000), 2_000);
    }
}
