//! The catalog (`/catalog/...`), as far as a migration needs it: products (matched across
//! stores by SKU), categories and brands.
//!
//! `…:in` filters are sent in chunks so URLs stay short, each chunk asking for the documented
//! maximum of 250 items per page; results are filtered again locally and sorted by id.

use crate::builder::MAX_PAGE_SIZE;
use crate::client::StoreClient;
use crate::error::ClientError;
use crate::pagination::{Listed, MaxItems};
use crate::query::{IN_FILTER_CHUNK, Query};
use crate::retry::Repeat;
use crate::transport::Call;
use pageport_model::{
    Brand, BrandId, Category, CategoryCreate, CategoryId, Product, ProductCreate, ProductId,
};
use reqwest::Method;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;

const PRODUCTS_PATH: &str = "/catalog/products";
const CATEGORIES_PATH: &str = "/catalog/categories";
const BRANDS_PATH: &str = "/catalog/brands";

/// Which products [`StoreClient::list_products`] returns: those matching `ids` **or** `skus`;
/// every product when both are `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProductQuery {
    /// Products with these ids.
    pub ids: Option<Vec<ProductId>>,
    /// Products whose main SKU is one of these.
    pub skus: Option<Vec<String>>,
}

impl StoreClient {
    /// The products matching the query, sorted by id, without duplicates.
    pub async fn list_products(&self, query: &ProductQuery) -> Result<Vec<Product>, ClientError> {
        if query.ids.is_none() && query.skus.is_none() {
            return self
                .list_sorted(
                    PRODUCTS_PATH,
                    &[(Query::new(), MaxItems::PRODUCTS)],
                    |p: &Product| p.id,
                    |_| true,
                )
                .await;
        }
        let mut found: BTreeMap<ProductId, Product> = BTreeMap::new();
        if let Some(ids) = &query.ids {
            let queries = id_chunks(ids, MaxItems::PRODUCTS);
            for product in self
                .list_sorted(
                    PRODUCTS_PATH,
                    &queries,
                    |p: &Product| p.id,
                    |p| ids.contains(&p.id),
                )
                .await?
            {
                found.insert(product.id, product);
            }
        }
        if let Some(skus) = &query.skus {
            // A SKU with a comma cannot be written in an `:in` list: ask for it alone.
            let (alone, listed): (Vec<&String>, Vec<&String>) =
                skus.iter().partition(|sku| sku.contains(','));
            let mut queries = in_chunks("sku:in", &listed, MaxItems::PRODUCTS);
            for sku in alone {
                let mut query = Query::new();
                query.push("sku", sku);
                queries.push((query, MaxItems::PRODUCTS));
            }
            let wanted = |p: &Product| {
                p.sku
                    .as_ref()
                    .is_some_and(|sku| skus.iter().any(|w| w.eq_ignore_ascii_case(sku)))
            };
            for product in self
                .list_sorted(PRODUCTS_PATH, &queries, |p: &Product| p.id, wanted)
                .await?
            {
                found.insert(product.id, product);
            }
        }
        Ok(found.into_values().collect())
    }

    /// One product; `None` when the store has no such id.
    pub async fn get_product(&self, id: ProductId) -> Result<Option<Product>, ClientError> {
        self.fetch_optional(&Call::get(format!("{PRODUCTS_PATH}/{id}"), Query::new()))
            .await
    }

    /// Creates a product. Never repeated after a lost answer ([`ClientErrorKind::OutcomeUnknown`](crate::ClientErrorKind::OutcomeUnknown)).
    pub async fn create_product(&self, product: &ProductCreate) -> Result<Product, ClientError> {
        let call = Call::with_json(
            Method::POST,
            PRODUCTS_PATH,
            Query::new(),
            product,
            Repeat::Unsafe,
        )?;
        self.fetch(&call).await
    }

    /// Categories with the given ids (every category when `None`), sorted by id.
    pub async fn list_categories(
        &self,
        ids: Option<&[CategoryId]>,
    ) -> Result<Vec<Category>, ClientError> {
        match ids {
            None => {
                self.list_sorted(
                    CATEGORIES_PATH,
                    &[(Query::new(), MaxItems::CATEGORIES)],
                    |c: &Category| c.id,
                    |_| true,
                )
                .await
            }
            Some(ids) => {
                let queries = id_chunks(ids, MaxItems::CATEGORIES);
                self.list_sorted(
                    CATEGORIES_PATH,
                    &queries,
                    |c: &Category| c.id,
                    |c| ids.contains(&c.id),
                )
                .await
            }
        }
    }

    /// Creates a category. Never repeated after a lost answer ([`ClientErrorKind::OutcomeUnknown`](crate::ClientErrorKind::OutcomeUnknown)).
    pub async fn create_category(
        &self,
        category: &CategoryCreate,
    ) -> Result<Category, ClientError> {
        let call = Call::with_json(
            Method::POST,
            CATEGORIES_PATH,
            Query::new(),
            category,
            Repeat::Unsafe,
        )?;
        self.fetch(&call).await
    }

    /// Brands with the given ids (every brand when `None`), sorted by id.
    pub async fn list_brands(&self, ids: Option<&[BrandId]>) -> Result<Vec<Brand>, ClientError> {
        match ids {
            None => {
                self.list_sorted(
                    BRANDS_PATH,
                    &[(Query::new(), MaxItems::BRANDS)],
                    |b: &Brand| b.id,
                    |_| true,
                )
                .await
            }
            Some(ids) => {
                let queries = id_chunks(ids, MaxItems::BRANDS);
                self.list_sorted(
                    BRANDS_PATH,
                    &queries,
                    |b: &Brand| b.id,
                    |b| ids.contains(&b.id),
                )
                .await
            }
        }
    }

    /// Runs each query over every pagination page, keeps the items `wanted` accepts, and
    /// returns them sorted by id without duplicates.
    pub(crate) async fn list_sorted<T, K>(
        &self,
        path: &str,
        queries: &[(Query, MaxItems)],
        id_of: impl Fn(&T) -> K,
        wanted: impl Fn(&T) -> bool,
    ) -> Result<Vec<T>, ClientError>
    where
        T: DeserializeOwned + Listed,
        K: Ord,
    {
        let mut found = BTreeMap::new();
        for (query, max) in queries {
            for item in self.list_all::<T>(path, query, MAX_PAGE_SIZE, *max).await? {
                if wanted(&item) {
                    found.insert(id_of(&item), item);
                }
            }
        }
        Ok(found.into_values().collect())
    }
}

/// One query per chunk of values for an `…:in` filter (none for an empty list), each bounded
/// by `max`.
pub(crate) fn in_chunks<V: std::fmt::Display>(
    key: &'static str,
    values: &[V],
    max: MaxItems,
) -> Vec<(Query, MaxItems)> {
    values
        .chunks(IN_FILTER_CHUNK)
        .map(|chunk| {
            let mut query = Query::new();
            query.push_list(key, chunk);
            (query, max)
        })
        .collect()
}

/// Like [`in_chunks`] for `id:in`: each chunk's listing holds at most one item per id.
fn id_chunks<V: std::fmt::Display>(values: &[V], max: MaxItems) -> Vec<(Query, MaxItems)> {
    values
        .chunks(IN_FILTER_CHUNK)
        .map(|chunk| {
            let mut query = Query::new();
            query.push_list("id:in", chunk);
            (query, max.ids(chunk.len()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_filters_are_chunked_by_fifty() {
        let ids: Vec<ProductId> = (1..=120).map(ProductId).collect();
        let queries = id_chunks(&ids, MaxItems::PRODUCTS);
        assert_eq!(queries.len(), 3);
        let first = queries[0].0.encoded();
        assert!(first.starts_with("id:in=1,2,"), "{first}");
        assert!(first.ends_with(",50"), "{first}");
        assert_eq!(queries[2].0.encoded().matches(',').count(), 19);
        assert_eq!(queries[0].1.count, 50, "one product per id at most");
        assert_eq!(queries[2].1.count, 20);
        assert!(id_chunks::<ProductId>(&[], MaxItems::PRODUCTS).is_empty());
    }
}
