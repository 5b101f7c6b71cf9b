//! The demo catalog: eight products, five categories and four brands, present in both stores
//! under different ids (production = staging + 1000 for products, + 5 for categories, + 10 for
//! brands). Products match across stores by SKU; three carry other names in production.
//!
//! Each store has two category trees: tree 1 (channel 1) holds the five categories under the
//! ids above (staging 18–22, production 23–27), tree 2 (the wholesale channel 2) the same names
//! and URL paths under ids 40 higher (staging 58–62, production 63–67), so copying between
//! the channels must map categories. Every product is assigned to channel 1 and all but one
//! ([`NOT_WHOLESALE`]) to channel 2.

use crate::state::{DEFAULT_TREE, StoredCategory};
use pageport_model::{
    Brand, BrandId, Category, CategoryId, CategoryTree, CategoryTreeId, ChannelId, CustomUrl,
    Product, ProductChannelAssignment, ProductId,
};
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};

/// Which store a catalog object is built for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    Staging,
    Production,
}

impl Side {
    fn product_offset(self) -> u64 {
        match self {
            Side::Staging => 0,
            Side::Production => 1_000,
        }
    }

    fn category_offset(self) -> u64 {
        match self {
            Side::Staging => 0,
            Side::Production => 5,
        }
    }

    fn brand_offset(self) -> u64 {
        match self {
            Side::Staging => 0,
            Side::Production => 10,
        }
    }

    fn created(self) -> &'static str {
        match self {
            Side::Staging => "2024-01-15T10:00:00+00:00",
            Side::Production => "2024-04-02T08:45:00+00:00",
        }
    }
}

/// One product in both stores: staging id, SKU, names, price, weight, staging categories and brand.
struct ProductRow {
    id: u64,
    sku: &'static str,
    staging_name: &'static str,
    production_name: &'static str,
    price: f64,
    weight: f64,
    categories: &'static [u64],
    brand: u64,
}

const PRODUCTS: &[ProductRow] = &[
    ProductRow {
        id: 77,
        sku: "FLCT-BEI",
        staging_name: "Fog Linen Chambray Towel - Beige Stripe",
        production_name: "Fog Linen Chambray Towel - Beige Stripe",
        price: 49.0,
        weight: 1.0,
        categories: &[19],
        brand: 37,
    },
    ProductRow {
        id: 80,
        sku: "OTL-LG",
        staging_name: "Orbit Terrarium - Large",
        production_name: "Orbit Terrarium (Large)",
        price: 109.0,
        weight: 2.5,
        categories: &[20],
        brand: 36,
    },
    ProductRow {
        id: 93,
        sku: "LPJ-1L",
        staging_name: "1 L Le Parfait Jar",
        production_name: "1 L Le Parfait Jar",
        price: 7.95,
        weight: 1.0,
        categories: &[18, 22],
        brand: 39,
    },
    ProductRow {
        id: 98,
        sku: "ABS-01",
        staging_name: "Able Brewing System",
        production_name: "Able Brewing System",
        price: 225.0,
        weight: 3.0,
        categories: &[18, 21],
        brand: 0,
    },
    ProductRow {
        id: 104,
        sku: "CC3C",
        staging_name: "Chemex Coffeemaker 3 Cup",
        production_name: "Chemex Classic Coffeemaker, 3 Cup",
        price: 49.5,
        weight: 1.5,
        categories: &[18, 21],
        brand: 38,
    },
    ProductRow {
        id: 107,
        sku: "DPB-01",
        staging_name: "Dustpan & Brush",
        production_name: "Dustpan & Brush",
        price: 34.95,
        weight: 1.0,
        categories: &[18],
        brand: 37,
    },
    ProductRow {
        id: 111,
        sku: "TWB-01",
        staging_name: "Tiered Wire Basket",
        production_name: "Tiered Wire Basket",
        price: 119.95,
        weight: 2.0,
        categories: &[22],
        brand: 36,
    },
    ProductRow {
        id: 112,
        sku: "UC-01",
        staging_name: "Utility Caddy",
        production_name: "Utility Caddy - Natural",
        price: 45.95,
        weight: 1.0,
        categories: &[19, 22],
        brand: 36,
    },
];

/// `(staging id, parent staging id, name, url)`.
const CATEGORIES: &[(u64, u64, &str, &str)] = &[
    (18, 0, "Kitchen", "/kitchen/"),
    (19, 0, "Bath", "/bath/"),
    (20, 0, "Garden", "/garden/"),
    (21, 18, "Coffee & Tea", "/kitchen/coffee-tea/"),
    (22, 18, "Storage", "/kitchen/storage/"),
];

/// `(staging id, name)`.
const BRANDS: &[(u64, &str)] = &[
    (36, "OFS"),
    (37, "Common Good"),
    (38, "Chemex"),
    (39, "Le Parfait"),
];

/// The products of one store by id.
pub(super) fn products(side: Side) -> BTreeMap<u64, Product> {
    PRODUCTS
        .iter()
        .map(|row| {
            let product = product(row, side);
            (product.id.get(), product)
        })
        .collect()
}

fn product(row: &ProductRow, side: Side) -> Product {
    let name = match side {
        Side::Staging => row.staging_name,
        Side::Production => row.production_name,
    };
    let mut extra = pageport_model::Extra::new();
    extra.insert("description".into(), format!("<p>{name}.</p>").into());
    extra.insert("weight".into(), json!(row.weight));
    extra.insert("price".into(), json!(row.price));
    extra.insert("is_visible".into(), true.into());
    extra.insert(
        "custom_url".into(),
        json!({"url": format!("/{}/", crate::routes::catalog::slug(name)), "is_customized": false}),
    );
    extra.insert("date_created".into(), side.created().into());
    extra.insert("date_modified".into(), side.created().into());
    let brand = match row.brand {
        0 => 0,
        id => id + side.brand_offset(),
    };
    Product {
        id: ProductId(row.id + side.product_offset()),
        name: name.to_owned(),
        sku: Some(row.sku.to_owned()),
        product_type: Some("physical".into()),
        categories: Some(
            row.categories
                .iter()
                .map(|id| CategoryId(id + side.category_offset()))
                .collect(),
        ),
        brand_id: Some(BrandId(brand)),
        extra,
    }
}

/// The categories of one store by id: channel 1's tree (tree 1) with the ids above, and the
/// wholesale channel's tree (tree 2) with the same names and URL paths under ids
/// [`WHOLESALE_CATEGORY_OFFSET`] higher.
pub(super) fn categories(side: Side) -> BTreeMap<u64, StoredCategory> {
    [
        (DEFAULT_TREE, 0),
        (WHOLESALE_TREE, WHOLESALE_CATEGORY_OFFSET),
    ]
    .into_iter()
    .flat_map(|(tree_id, tree_offset)| {
        let offset = side.category_offset() + tree_offset;
        CATEGORIES.iter().map(move |row| {
            let stored = StoredCategory {
                tree_id,
                category: category(row, offset),
            };
            (stored.category.id.get(), stored)
        })
    })
    .collect()
}

fn category(&(id, parent, name, url): &(u64, u64, &str, &str), offset: u64) -> Category {
    let mut extra = pageport_model::Extra::new();
    extra.insert("description".into(), "".into());
    extra.insert("views".into(), 0.into());
    extra.insert("sort_order".into(), 0.into());
    extra.insert("page_title".into(), "".into());
    extra.insert("search_keywords".into(), "".into());
    extra.insert("meta_keywords".into(), json!([]));
    extra.insert("meta_description".into(), "".into());
    extra.insert("layout_file".into(), "category.html".into());
    extra.insert("is_visible".into(), true.into());
    extra.insert("default_product_sort".into(), "use_store_settings".into());
    extra.insert("image_url".into(), "".into());
    Category {
        id: CategoryId(id + offset),
        parent_id: match parent {
            0 => 0,
            parent => parent + offset,
        },
        name: name.to_owned(),
        custom_url: Some(CustomUrl {
            url: url.to_owned(),
            is_customized: false,
        }),
        extra,
    }
}

/// The category trees of both stores: tree 1 for channel 1 and tree 2 for the wholesale
/// channel.
pub(super) fn trees() -> BTreeMap<CategoryTreeId, CategoryTree> {
    let mut trees = crate::state::default_trees();
    trees.insert(
        WHOLESALE_TREE,
        CategoryTree {
            id: WHOLESALE_TREE,
            name: "Wholesale".into(),
            channels: vec![super::WHOLESALE_CHANNEL],
            extra: pageport_model::Extra::new(),
        },
    );
    trees
}

/// Which channels sell which products: every product is in channel 1, and every product but
/// [`NOT_WHOLESALE`] in the wholesale channel.
pub(super) fn channel_assignments(side: Side) -> BTreeSet<ProductChannelAssignment> {
    PRODUCTS
        .iter()
        .flat_map(|row| {
            let product_id = ProductId(row.id + side.product_offset());
            let channels: &[ChannelId] = if row.id == NOT_WHOLESALE {
                &[ChannelId::DEFAULT]
            } else {
                &[ChannelId::DEFAULT, super::WHOLESALE_CHANNEL]
            };
            channels
                .iter()
                .map(move |&channel_id| ProductChannelAssignment {
                    product_id,
                    channel_id,
                })
        })
        .collect()
}

/// The staging id of the product the wholesale channel does not sell (`1 L Le Parfait Jar`,
/// shown by the home page's widgets), so copying to that channel has a product to warn about.
pub(super) const NOT_WHOLESALE: u64 = 93;

/// The wholesale channel's category tree.
pub(super) const WHOLESALE_TREE: CategoryTreeId = CategoryTreeId(2);

/// How much higher a wholesale-tree category's id is than its channel-1 twin in the same store.
pub(super) const WHOLESALE_CATEGORY_OFFSET: u64 = 40;

/// The brands of one store by id.
pub(super) fn brands(side: Side) -> BTreeMap<u64, Brand> {
    BRANDS
        .iter()
        .map(|(id, name)| {
            let id = id + side.brand_offset();
            let mut extra = pageport_model::Extra::new();
            extra.insert("page_title".into(), "".into());
            extra.insert("meta_keywords".into(), json!([]));
            extra.insert("meta_description".into(), "".into());
            extra.insert("image_url".into(), "".into());
            extra.insert("search_keywords".into(), "".into());
            extra.insert(
                "custom_url".into(),
                json!({"url": format!("/brands/{}.html", name.replace(' ', "-")), "is_customized": false}),
            );
            let brand = Brand {
                id: BrandId(id),
                name: (*name).to_owned(),
                extra,
            };
            (id, brand)
        })
        .collect()
}

/// The next product id a store hands out.
pub(super) fn next_product_id(side: Side) -> u64 {
    next_after(PRODUCTS.iter().map(|row| row.id), side.product_offset())
}

/// The next category id a store hands out (after both trees' categories).
pub(super) fn next_category_id(side: Side) -> u64 {
    next_after(
        CATEGORIES.iter().map(|row| row.0),
        side.category_offset() + WHOLESALE_CATEGORY_OFFSET,
    )
}

/// The next brand id a store hands out.
pub(super) fn next_brand_id(side: Side) -> u64 {
    next_after(BRANDS.iter().map(|row| row.0), side.brand_offset())
}

fn next_after(ids: impl Iterator<Item = u64>, offset: u64) -> u64 {
    ids.max().unwrap_or(0) + offset + 1
}
