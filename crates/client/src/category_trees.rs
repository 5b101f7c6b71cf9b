//! Multi-Storefront catalog structure: category trees (`/catalog/trees`), the categories of
//! every tree (`/catalog/trees/categories`) and the channels products are assigned to
//! (`/catalog/products/channel-assignments`).
//!
//! Lists walk every pagination page. Their `…:in` filters are sent in chunks of
//! 50 values so URLs stay short; a query with several lists sends one request
//! per combination of chunks (the filters combine with AND). Results are filtered again
//! locally, sorted and deduplicated.

use crate::client::StoreClient;
use crate::error::{ClientError, ClientErrorKind};
use crate::pagination::MaxItems;
use crate::query::{IN_FILTER_CHUNK, Query};
use crate::retry::Repeat;
use crate::transport::Call;
use pageport_model::{
    ApiErrorBody, CategoryId, CategoryTree, CategoryTreeId, CategoryTreeUpsert, ChannelId,
    ProductChannelAssignment, ProductId, TreeCategory, TreeCategoryCreate,
};
use reqwest::Method;
use serde::Deserialize;

const TREES_PATH: &str = "/catalog/trees";
const TREE_CATEGORIES_PATH: &str = "/catalog/trees/categories";
const CHANNEL_ASSIGNMENTS_PATH: &str = "/catalog/products/channel-assignments";

/// Which trees [`StoreClient::list_category_trees`] returns: those matching every filter given;
/// every tree when both are `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CategoryTreeQuery {
    /// Trees with these ids.
    pub ids: Option<Vec<CategoryTreeId>>,
    /// Trees assigned to one of these channels.
    pub channel_ids: Option<Vec<ChannelId>>,
}

/// Which categories [`StoreClient::list_tree_categories`] returns: those matching every filter
/// given; every category of every tree when all are `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TreeCategoryQuery {
    /// Categories in these trees.
    pub tree_ids: Option<Vec<CategoryTreeId>>,
    /// Categories with these ids.
    pub category_ids: Option<Vec<CategoryId>>,
    /// Categories under these parents (`0` for the top level of a tree).
    pub parent_ids: Option<Vec<u64>>,
}

/// Which assignments [`StoreClient::list_product_channel_assignments`] returns: those matching
/// every filter given; all of them when both are `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChannelAssignmentQuery {
    /// Assignments of these products.
    pub product_ids: Option<Vec<ProductId>>,
    /// Assignments to these channels.
    pub channel_ids: Option<Vec<ChannelId>>,
}

impl StoreClient {
    /// The category trees matching the query, sorted by id.
    pub async fn list_category_trees(
        &self,
        query: &CategoryTreeQuery,
    ) -> Result<Vec<CategoryTree>, ClientError> {
        let filters = [
            list_filter("id:in", query.ids.as_deref()),
            list_filter("channel_id:in", query.channel_ids.as_deref()),
        ];
        let Some(queries) = combined(&filters, MaxItems::TREES) else {
            return Ok(Vec::new());
        };
        let wanted = |tree: &CategoryTree| {
            within(query.ids.as_deref(), &tree.id)
                && query
                    .channel_ids
                    .as_deref()
                    .is_none_or(|ids| tree.channels.iter().any(|c| ids.contains(c)))
        };
        self.list_sorted(TREES_PATH, &queries, |t: &CategoryTree| t.id, wanted)
            .await
    }

    /// The categories of the trees matching the query, sorted by category id.
    pub async fn list_tree_categories(
        &self,
        query: &TreeCategoryQuery,
    ) -> Result<Vec<TreeCategory>, ClientError> {
        let filters = [
            list_filter("tree_id:in", query.tree_ids.as_deref()),
            list_filter("category_id:in", query.category_ids.as_deref()),
            list_filter("parent_id:in", query.parent_ids.as_deref()),
        ];
        let max = match &query.category_ids {
            Some(ids) => MaxItems::CATEGORIES.ids(ids.len().min(IN_FILTER_CHUNK)),
            None => MaxItems::CATEGORIES,
        };
        let Some(queries) = combined(&filters, max) else {
            return Ok(Vec::new());
        };
        let wanted = |c: &TreeCategory| {
            within(query.tree_ids.as_deref(), &c.tree_id)
                && within(query.category_ids.as_deref(), &c.category_id)
                && within(query.parent_ids.as_deref(), &c.parent_id)
        };
        self.list_sorted(
            TREE_CATEGORIES_PATH,
            &queries,
            |c: &TreeCategory| c.category_id,
            wanted,
        )
        .await
    }

    /// The category tree assigned to `channel` (`GET /catalog/trees?channel_id:in=`), or `None`
    /// when the channel has none. Several trees for one channel (the API allows one) give the
    /// lowest id.
    pub async fn channel_category_tree(
        &self,
        channel: ChannelId,
    ) -> Result<Option<CategoryTree>, ClientError> {
        let trees = self
            .list_category_trees(&CategoryTreeQuery {
                ids: None,
                channel_ids: Some(vec![channel]),
            })
            .await?;
        Ok(trees.into_iter().find(|tree| tree.serves(channel)))
    }

    /// Creates categories in trees, in one request; answers them with their new ids, in input
    /// order. Never repeated after a lost answer ([`ClientErrorKind::OutcomeUnknown`]). A 207
    /// (some created, some not) is an [`ClientErrorKind::Api`] error with status 207 carrying
    /// the store's `errors`: re-read the trees by name before trying again.
    pub async fn create_tree_categories(
        &self,
        categories: &[TreeCategoryCreate],
    ) -> Result<Vec<TreeCategory>, ClientError> {
        let call = Call::with_json(
            Method::POST,
            TREE_CATEGORIES_PATH,
            Query::new(),
            &categories,
            Repeat::Unsafe,
        )?;
        let answer = self.execute(&call).await?;
        let created: Created<TreeCategory> = crate::body::decode(&call, &answer)?;
        if answer.status == 207 {
            let mut body = created
                .errors
                .and_then(|errors| serde_json::from_value::<ApiErrorBody>(errors).ok())
                .unwrap_or_default();
            body.title
                .get_or_insert_with(|| "some categories were not created".into());
            return Err(call.error(ClientErrorKind::Api { status: 207, body }));
        }
        Ok(created.data)
    }

    /// Creates trees (items without an id: `name` and one channel) and renames trees (items
    /// with one), in one request; answers the trees as they are now. Repeated after a lost
    /// answer only when every item has an id (a rename is harmless to repeat, a create is not).
    pub async fn upsert_category_trees(
        &self,
        trees: &[CategoryTreeUpsert],
    ) -> Result<Vec<CategoryTree>, ClientError> {
        let repeat = if trees.iter().all(|t| t.id.is_some()) {
            Repeat::Safe
        } else {
            Repeat::Unsafe
        };
        let call = Call::with_json(Method::PUT, TREES_PATH, Query::new(), &trees, repeat)?;
        self.fetch(&call).await
    }

    /// The product channel assignments matching the query, sorted by product, then channel.
    pub async fn list_product_channel_assignments(
        &self,
        query: &ChannelAssignmentQuery,
    ) -> Result<Vec<ProductChannelAssignment>, ClientError> {
        let filters = [
            list_filter("product_id:in", query.product_ids.as_deref()),
            list_filter("channel_id:in", query.channel_ids.as_deref()),
        ];
        let Some(queries) = combined(&filters, MaxItems::CHANNEL_ASSIGNMENTS) else {
            return Ok(Vec::new());
        };
        let wanted = |a: &ProductChannelAssignment| {
            within(query.product_ids.as_deref(), &a.product_id)
                && within(query.channel_ids.as_deref(), &a.channel_id)
        };
        self.list_sorted(
            CHANNEL_ASSIGNMENTS_PATH,
            &queries,
            |a: &ProductChannelAssignment| *a,
            wanted,
        )
        .await
    }

    /// Assigns products to channels (`PUT`, 204). Assigning twice is harmless, so it is
    /// retried like any PUT.
    pub async fn create_product_channel_assignments(
        &self,
        assignments: &[ProductChannelAssignment],
    ) -> Result<(), ClientError> {
        let call = Call::with_json(
            Method::PUT,
            CHANNEL_ASSIGNMENTS_PATH,
            Query::new(),
            &assignments,
            Repeat::Safe,
        )?;
        self.execute(&call).await?;
        Ok(())
    }
}

/// A bulk create's answer: the created objects, and on a 207 what failed.
#[derive(Debug, Deserialize)]
struct Created<T> {
    #[serde(default = "Vec::new")]
    data: Vec<T>,
    #[serde(default)]
    errors: Option<serde_json::Value>,
}

/// One `…:in` filter: its name and its values as text, or `None` when not filtered.
type ListFilter = (&'static str, Option<Vec<String>>);

fn list_filter<V: std::fmt::Display>(key: &'static str, values: Option<&[V]>) -> ListFilter {
    (
        key,
        values.map(|v| v.iter().map(ToString::to_string).collect()),
    )
}

/// True when `value` is in `wanted`, or nothing is wanted.
fn within<V: PartialEq>(wanted: Option<&[V]>, value: &V) -> bool {
    wanted.is_none_or(|wanted| wanted.contains(value))
}

/// One query per combination of chunks of the filters given; `None` when a filter is an empty
/// list (nothing can match, so nothing is asked). Each listing is bounded by `max`.
fn combined(filters: &[ListFilter], max: MaxItems) -> Option<Vec<(Query, MaxItems)>> {
    let mut queries = vec![Query::new()];
    for (key, values) in filters {
        let Some(values) = values else { continue };
        if values.is_empty() {
            return None;
        }
        let mut next = Vec::new();
        for query in &queries {
            for chunk in values.chunks(IN_FILTER_CHUNK) {
                let mut query = query.clone();
                query.push_list(key, chunk);
                next.push(query);
            }
        }
        queries = next;
    }
    Some(queries.into_iter().map(|query| (query, max)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_combine_chunk_by_chunk() {
        let ids: Vec<u64> = (1..=60).collect();
        let filters = [
            list_filter("tree_id:in", Some(&[1u64, 2][..])),
            list_filter("category_id:in", Some(&ids[..])),
            list_filter::<u64>("parent_id:in", None),
        ];
        let queries = combined(&filters, MaxItems::CATEGORIES).expect("queries");
        let encoded: Vec<String> = queries.iter().map(|(q, _)| q.encoded()).collect();
        assert_eq!(encoded.len(), 2, "60 ids make two chunks, one tree list");
        assert!(
            encoded[0].starts_with("tree_id:in=1,2&category_id:in=1,2,"),
            "{}",
            encoded[0]
        );
        assert!(
            encoded[1].ends_with("category_id:in=51,52,53,54,55,56,57,58,59,60"),
            "{}",
            encoded[1]
        );
        let empty = [list_filter::<u64>("tree_id:in", Some(&[]))];
        assert!(
            combined(&empty, MaxItems::TREES).is_none(),
            "an empty list asks nothing"
        );
        let none = combined(&[], MaxItems::TREES).expect("one query");
        assert_eq!(none.len(), 1);
        assert_eq!(none[0].0.encoded(), "");
    }
}
