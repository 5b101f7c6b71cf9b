//! Multi-Storefront catalog structure (`/v3/catalog/trees`, `/v3/catalog/trees/categories`,
//! `/v3/catalog/products/channel-assignments`): each category tree is assigned to a channel and
//! holds that channel's categories, and each product is assigned to the channels that sell it.
//!
//! The classic [`Category`] is the same object seen through the deprecated
//! `/catalog/categories` endpoint (channel 1's tree); a [`TreeCategory`] names its fields as
//! the tree endpoints do (`category_id`, `tree_id`, `url.path`).

use crate::Extra;
use crate::catalog::{Category, CustomUrl};
use crate::ids::{CategoryId, CategoryTreeId, ChannelId, ProductId};
use serde::{Deserialize, Serialize};

/// A category tree (the category trees spec's `Tree`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryTree {
    /// The tree id.
    pub id: CategoryTreeId,
    /// The tree name (1–255 characters).
    pub name: String,
    /// The channels the tree is assigned to; the API allows one.
    #[serde(default)]
    pub channels: Vec<ChannelId>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

impl CategoryTree {
    /// True when the tree is assigned to `channel`.
    pub fn serves(&self, channel: ChannelId) -> bool {
        self.channels.contains(&channel)
    }
}

/// One tree of a `PUT /catalog/trees` body: with an `id` it updates that tree (without
/// `channels`, which an update does not accept); without one it creates a tree (`name` and
/// `channels` required).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CategoryTreeUpsert {
    /// The tree to update; absent to create one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<CategoryTreeId>,
    /// The tree name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The channel to assign a new tree to (one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channels: Option<Vec<ChannelId>>,
}

/// A category as the tree endpoints return it (the category trees spec's `GetCategories`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TreeCategory {
    /// The category id in this store.
    pub category_id: CategoryId,
    /// The tree the category belongs to.
    pub tree_id: CategoryTreeId,
    /// The parent category id; `0` at the top level of the tree.
    #[serde(default)]
    pub parent_id: u64,
    /// The category name (unique among its siblings).
    pub name: String,
    /// The category's storefront URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<TreeCategoryUrl>,
    /// Whether shoppers see the category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_visible: Option<bool>,
    /// Remaining fields (`category_uuid`, description, sort order, …) kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

impl TreeCategory {
    /// The category in the classic shape matching and bundles use: `category_id` as `id`,
    /// `url.path` as `custom_url.url`; the tree's other fields are kept in `extra`
    /// (`tree_id` included, so a bundle says which tree its categories came from).
    pub fn into_category(self) -> Category {
        let mut extra = self.extra;
        if let Ok(tree) = serde_json::to_value(self.tree_id) {
            extra.insert("tree_id".to_owned(), tree);
        }
        if let Some(visible) = self.is_visible {
            extra.insert("is_visible".to_owned(), serde_json::Value::Bool(visible));
        }
        Category {
            id: self.category_id,
            parent_id: self.parent_id,
            name: self.name,
            custom_url: self.url.map(|url| CustomUrl {
                url: url.path,
                is_customized: url.is_customized,
            }),
            extra,
        }
    }
}

/// A tree category's storefront URL (`url` in the category trees spec).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TreeCategoryUrl {
    /// The relative path, such as `/kitchen/`.
    pub path: String,
    /// Whether the merchant set it by hand.
    #[serde(default)]
    pub is_customized: bool,
}

/// One category of a `POST /catalog/trees/categories` body: `name`, and `tree_id` for a
/// top-level category or `parent_id` for a child.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TreeCategoryCreate {
    /// The category name (required, 1–50 characters).
    pub name: String,
    /// The tree of a top-level category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tree_id: Option<CategoryTreeId>,
    /// The parent of a child category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<u64>,
    /// The URL; generated from the name when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<TreeCategoryUrl>,
    /// Whether shoppers see the category (default `true`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_visible: Option<bool>,
}

/// A product's assignment to a channel (the products spec's `ProductChannelAssignment`): the product is sold
/// in that channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ProductChannelAssignment {
    /// The product.
    pub product_id: ProductId,
    /// The channel it is assigned to.
    pub channel_id: ChannelId,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_documented_tree_category_reads_with_its_url_and_keeps_the_rest() {
        let category: TreeCategory = serde_json::from_value(json!({
            "category_id": 12,
            "category_uuid": "d1964756-5e1d-4c72-9fa0-e1a3f7be4a34",
            "parent_id": 2,
            "tree_id": 1,
            "name": "Bath",
            "is_visible": true,
            "sort_order": 3,
            "url": {"path": "/bath/", "is_customized": true}
        }))
        .expect("the [CT] example parses");
        assert_eq!(category.category_id, CategoryId(12));
        assert_eq!(category.tree_id, CategoryTreeId(1));
        assert_eq!(category.parent_id, 2);
        assert_eq!(
            category.url.as_ref().map(|u| u.path.as_str()),
            Some("/bath/")
        );
        assert_eq!(
            category.extra["category_uuid"],
            json!("d1964756-5e1d-4c72-9fa0-e1a3f7be4a34")
        );
    }

    #[test]
    fn a_tree_category_reads_as_a_classic_category_with_its_path_as_url() {
        let category: TreeCategory = serde_json::from_value(json!({
            "category_id": 58, "tree_id": 2, "parent_id": 0, "name": "Kitchen",
            "is_visible": false, "url": {"path": "/kitchen/", "is_customized": false},
            "sort_order": 1
        }))
        .expect("a tree category parses");
        let classic = category.into_category();
        assert_eq!(classic.id, CategoryId(58));
        assert_eq!(classic.parent_id, 0);
        assert_eq!(classic.name, "Kitchen");
        assert_eq!(classic.url(), Some("/kitchen/"));
        assert_eq!(classic.extra["tree_id"], json!(2));
        assert_eq!(classic.extra["is_visible"], json!(false));
        assert_eq!(classic.extra["sort_order"], json!(1));
    }

    #[test]
    fn an_upsert_sends_only_what_is_set() {
        let update = CategoryTreeUpsert {
            id: Some(CategoryTreeId(2)),
            name: Some("Wholesale".into()),
            channels: None,
        };
        assert_eq!(
            serde_json::to_value(update).expect("serializes"),
            json!({"id": 2, "name": "Wholesale"})
        );
        let tree: CategoryTree =
            serde_json::from_value(json!({"id": 2, "name": "Wholesale", "channels": [2]}))
                .expect("a tree parses");
        assert!(tree.serves(ChannelId(2)) && !tree.serves(ChannelId(1)));
    }
}
