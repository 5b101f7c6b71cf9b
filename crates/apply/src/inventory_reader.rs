//! Filling a [`TargetInventory`] through the client: the only place planning touches the
//! network, and it only reads.

use pageport_client::{ClientError, PageQuery, ProductQuery, StoreClient};
use pageport_model::{Bundle, Category, ChannelId, PageWidgetsKey, Region, WidgetTemplate};
use pageport_plan::inventory::{TargetInventory, skus_to_look_up};
use std::collections::BTreeMap;

/// Reads the target's pages (every channel, bodies included), the target channel's widget
/// templates (and BigCommerce's, channel 0), the products sharing the bundle's SKUs, and, when
/// the bundle holds categories or brands, the target channel's categories
/// ([`read_target_categories`]) and every brand, for matching.
/// Documents are read separately ([`read_documents`]) once the planner knows their keys.
pub async fn read_inventory(
    client: &StoreClient,
    channel_id: ChannelId,
    bundle: &Bundle,
) -> Result<TargetInventory, ClientError> {
    let inventory = read_pages_and_templates(client, channel_id).await?;
    complete_inventory(client, inventory, bundle).await
}

/// Adds to an inventory of pages and templates ([`read_pages_and_templates`]) what depends on
/// the bundle: the products sharing its SKUs, and the categories and brands to match.
pub async fn complete_inventory(
    client: &StoreClient,
    mut inventory: TargetInventory,
    bundle: &Bundle,
) -> Result<TargetInventory, ClientError> {
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
/// through which the planner sees the target's categories.
///
/// Today this is every category of the store, through the classic `/catalog/categories`
/// endpoint (usable for channel 1, CONTRACT §9); with category trees it becomes the categories
/// of the tree assigned to `channel_id`.
pub async fn read_target_categories(
    client: &StoreClient,
    channel_id: ChannelId,
) -> Result<Vec<Category>, ClientError> {
    tracing::debug!(%channel_id, "reading the target's categories (classic endpoint)");
    client.list_categories(None).await
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
    /// The planner refused the bundle, plan file or inventory.
    #[error(transparent)]
    Plan(#[from] pageport_plan::PlanError),
}

/// Reads what the planner needs from the target and builds the migration plan (never writes):
/// the inventory, then the target documents the planner asks for, `plan.concurrency` at a time.
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
        .map_err(read_failed)?;
    let planner = pageport_plan::Planner::new(bundle, plan, inventory)?;
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
