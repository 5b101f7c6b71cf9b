//! Catalog objects (`/v3/catalog/...`), reduced to what a migration needs to resolve ids:
//! products (matched by SKU), categories and brands.

use crate::Extra;
use crate::ids::{BrandId, CategoryId, ProductId};
use serde::{Deserialize, Serialize};

/// A catalog product.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Product {
    /// The product id in this store.
    pub id: ProductId,
    /// The product name.
    pub name: String,
    /// The main SKU; the stable key for matching products across stores.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sku: Option<String>,
    /// `physical` or `digital`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub product_type: Option<String>,
    /// The category ids the product is in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub categories: Option<Vec<CategoryId>>,
    /// The brand id (`0` for none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brand_id: Option<BrandId>,
    /// Remaining fields (price, weight, url, dates, …) kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The body of a product POST.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProductCreate {
    /// The product name (required, unique).
    pub name: String,
    /// `physical` or `digital` (required).
    #[serde(rename = "type")]
    pub product_type: String,
    /// The weight (required).
    pub weight: f64,
    /// The price (required).
    pub price: f64,
    /// The main SKU (unique).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sku: Option<String>,
    /// The category ids.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub categories: Option<Vec<CategoryId>>,
    /// The brand id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brand_id: Option<BrandId>,
}

/// A catalog category (the classic `/catalog/categories` endpoint).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Category {
    /// The category id in this store.
    pub id: CategoryId,
    /// The parent category id; `0` at the top level.
    #[serde(default)]
    pub parent_id: u64,
    /// The category name.
    pub name: String,
    /// The category's storefront URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_url: Option<CustomUrl>,
    /// Remaining fields kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The body of a category POST.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryCreate {
    /// The parent category id; `0` at the top level (required).
    pub parent_id: u64,
    /// The category name (required, ≤ 50 characters).
    pub name: String,
}

impl Category {
    /// The category's storefront URL (`custom_url.url`), when it has one.
    pub fn url(&self) -> Option<&str> {
        self.custom_url.as_ref().map(|u| u.url.as_str())
    }
}

/// A catalog brand.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Brand {
    /// The brand id in this store.
    pub id: BrandId,
    /// The brand name.
    pub name: String,
    /// Remaining fields (`custom_url` included) kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Brand {
    /// The brand's storefront URL (`custom_url.url`), when it has one.
    ///
    /// Read from the verbatim fields rather than a typed field, so the bundle's brand files
    /// and every place that builds a brand stay as they are.
    pub fn url(&self) -> Option<&str> {
        self.extra
            .get("custom_url")
            .and_then(|u| u.get("url"))
            .and_then(|u| u.as_str())
    }
}

/// A catalog object's storefront URL.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomUrl {
    /// The relative URL.
    pub url: String,
    /// Whether the merchant set it by hand.
    #[serde(default)]
    pub is_customized: bool,
}
