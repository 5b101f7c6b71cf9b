//! Filling a [`TargetInventory`] through the client: the only place planning touches the
//! network, and it only reads.

use pageport_client::{
    ChannelAssignmentQuery, ClientError, PageQuery, ProductQuery, StoreClient, TreeCategoryQuery,
};
use pageport_model::{
    Bundle, Category, ChannelId, PageWidgetsKey, ProductId, Region, TreeCategory, WidgetTemplate,
};
use pageport_plan::inventory::{TargetInventory, skus_to_look_up};
use std::collections::{BTreeMap, BTreeSet};

/// Why the target's inventory could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadInventoryError {
    /// An API call failed.
    #[error(transparent)]
    Client(#[from] ClientError),
    /// The content references categories, but the target channel has no category tree to
    /// match them in.
    #[error(
        "channel {channel} has no category tree, so categories cannot be matched in it \
         (assign a category tree to the channel)"
    )]
    NoCategoryTree {
        /// The target channel.
        channel: ChannelId,
    },
}

/// Reads the target's pages (every channel, bodies included), the target channel's widget
/// templates (and BigCommerce's, channel 0), the products sharing the bundle's SKUs, and, when
/// the bundle holds categories or brands, the target channel's categories
/// ([`read_target_categories`]) and every brand, for matching.
/// Documents are read separately ([`read_documents`]) once the planner knows their keys.
pub async fn read_inventory(
    client: &StoreClient,
    channel_id: ChannelId,
    bundle: &Bundle,
) -> Result<TargetInventory, ReadInventoryError> {
    let inventory = read_pages_and_templates(client, channel_id).await?;
    complete_inventory(client, inventory, bundle).await
}

/// Adds to an inventory of pages and templates ([`read_pages_and_templates`]) what depends on
/// the bundle: the products sharing its SKUs, and the categories and brands to match.
pub async fn complete_inventory(
    client: &StoreClient,
    mut inventory: TargetInventory,
    bundle: &Bundle,
) -> Result<TargetInventory, ReadInventoryError> {
    let channel_id = inventory.channel_id;
    let skus = skus_to_look_up(bundle);
    if !skus.is_empty() {
        inventory.products = client
            .list_products(&ProductQuery {
                ids: None,
                skus: Some(skus),
            })
            .await?;
    }
    if !bundle.categories.is_empty() {
        inventory.categories = read_target_categories(client, channel_id).await?;
    }
    if !bundle.brands.is_empty() {
        inventory.brands = client.list_brands(None).await?;
    }
    Ok(inventory)
}

/// The categories source categories are matched against in the target channel: the one seam
/// through which the planner sees the target's categories. They are the categories of the
/// tree assigned to `channel_id` (`GET /catalog/trees?channel_id:in=`, then
/// `GET /catalog/trees/categories?tree_id:in=`), in the classic shape (`url.path` as
/// `custom_url.url`); the classic `/catalog/categories` endpoint, which sees only channel 1's
/// tree, is not used.
pub async fn read_target_categories(
    client: &StoreClient,
    channel_id: ChannelId,
) -> Result<Vec<Category>, ReadInventoryError> {
    let tree = client.channel_category_tree(channel_id).await?.ok_or(
        ReadInventoryError::NoCategoryTree {
            channel: channel_id,
        },
    )?;
    tracing::debug!(%channel_id, tree = %tree.id, "reading the target channel's category tree");
    let categories = client
        .list_tree_categories(&TreeCategoryQuery {
            tree_ids: Some(vec![tree.id]),
            category_ids: None,
            parent_ids: None,
        })
        .await?;
    Ok(categories
        .into_iter()
        .map(TreeCategory::into_category)
        .collect())
}

/// Which of `products` are assigned to `channel_id`
/// (`GET /catalog/products/channel-assignments`, the ids sent in chunks by the client); an
/// empty list asks nothing.
pub async fn read_products_in_channel(
    client: &StoreClient,
    channel_id: ChannelId,
    products: &[ProductId],
) -> Result<BTreeSet<ProductId>, ClientError> {
    if products.is_empty() {
        return Ok(BTreeSet::new());
    }
    let assignments = client
        .list_product_channel_assignments(&ChannelAssignmentQuery {
            product_ids: Some(products.to_vec()),
            channel_ids: Some(vec![channel_id]),
        })
        .await?;
    Ok(assignments
        .into_iter()
        .filter(|a| a.channel_id == channel_id)
        .map(|a| a.product_id)
        .collect())
}

/// Reads the target's pages (every channel, bodies included) and the target channel's widget
/// templates (and BigCommerce's, channel 0); no products, no documents.
pub async fn read_pages_and_templates(
    client: &StoreClient,
    channel_id: ChannelId,
) -> Result<TargetInventory, ClientError> {
    let mut inventory = TargetInventory::new(client.store_hash().clone(), channel_id);
    inventory.pages = client
        .list_pages(&PageQuery {
            include_body: true,
            ..PageQuery::default()
        })
        .await?;
    let mut templates: Vec<WidgetTemplate> = client.list_widget_templates(channel_id).await?;
    if channel_id != ChannelId(0) {
        templates.extend(client.list_widget_templates(ChannelId(0)).await?);
    }
    templates.sort_by(|a, b| a.uuid.cmp(&b.uuid));
    templates.dedup_by(|a, b| a.uuid == b.uuid);
    inventory.widget_templates = templates;
    Ok(inventory)
}

/// Reads the target documents at `keys`, at most `concurrency` at a time.
pub async fn read_documents(
    client: &StoreClient,
    keys: &[PageWidgetsKey],
    concurrency: usize,
) -> Result<BTreeMap<PageWidgetsKey, Vec<Region>>, ClientError> {
    let documents = client.get_many_page_widgets(keys, concurrency).await?;
    Ok(documents
        .into_iter()
        .map(|(key, content)| (key, content.regions))
        .collect())
}

/// Why [`plan_against_target`] could not build a plan.
#[derive(Debug, thiserror::Error)]
pub enum PlanAgainstTargetError {
    /// Reading the target store failed (nothing was written).
    #[error("cannot read the target store `{store}`")]
    ReadTarget {
        /// The target store.
        store: pageport_model::StoreHash,
        /// The client's error.
        #[source]
        source: ClientError,
    },
    /// The bundle references categories and the target channel has no category tree.
    #[error(
        "channel {channel} of the target store `{store}` has no category tree, so categories \
         cannot be matched in it (assign a category tree to the channel)"
    )]
    NoCategoryTree {
        /// The target store.
        store: pageport_model::StoreHash,
        /// The target channel.
        channel: ChannelId,
    },
    /// The planner refused the bundle, plan file or inventory.
    #[error(transparent)]
    Plan(#[from] pageport_plan::PlanError),
}

/// Reads what the planner needs from the target and builds the migration plan (never writes):
/// the inventory, then the target channel's assignments of the products the planner mapped
/// (those not sold in the channel are warned about), then the target documents the planner
/// asks for, `plan.concurrency` at a time.
pub async fn plan_against_target(
    client: &StoreClient,
    plan: &pageport_mapping::PlanFile,
    bundle: &Bundle,
) -> Result<pageport_plan::MigrationPlan, PlanAgainstTargetError> {
    let early = read_pages_and_templates(client, plan.target.channel_id)
        .await
        .map_err(|source| read_failed(client, source))?;
    plan_against_target_from(client, plan, bundle, early).await
}

/// [`plan_against_target`] for a caller that already read the target's pages and templates
/// ([`read_pages_and_templates`], which needs no bundle, so it can run while the source is
/// being read).
pub async fn plan_against_target_from(
    client: &StoreClient,
    plan: &pageport_mapping::PlanFile,
    bundle: &Bundle,
    pages_and_templates: TargetInventory,
) -> Result<pageport_plan::MigrationPlan, PlanAgainstTargetError> {
    let read_failed = |source| read_failed(client, source);
    let inventory = complete_inventory(client, pages_and_templates, bundle)
        .await
        .map_err(|error| match error {
            ReadInventoryError::Client(source) => read_failed(source),
            ReadInventoryError::NoCategoryTree { channel } => {
                PlanAgainstTargetError::NoCategoryTree {
                    store: client.store_hash().clone(),
                    channel,
                }
            }
        })?;
    let mut planner = pageport_plan::Planner::new(bundle, plan, inventory)?;
    let mapped = planner.mapped_products();
    let assigned = read_products_in_channel(client, plan.target.channel_id, &mapped)
        .await
        .map_err(read_failed)?;
    planner.set_products_in_channel(assigned);
    let keys = planner.document_keys_to_read();
    let documents = read_documents(client, &keys, plan.concurrency)
        .await
        .map_err(read_failed)?;
    Ok(planner.finish(documents)?)
}

/// A failed target read, naming the store.
pub fn read_failed(client: &StoreClient, source: ClientError) -> PlanAgainstTargetError {
    PlanAgainstTargetError::ReadTarget {
        store: client.store_hash().clone(),
        source,
    }
}
