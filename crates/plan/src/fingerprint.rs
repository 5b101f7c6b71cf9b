//! Fingerprints of the target objects a plan read, so that apply can refuse a plan whose
//! target changed since (a stale plan) and name what changed.
//!
//! Object keys:
//! - `page:<id>`: one target page as read (bodies included): matched pages and existing parents
//! - `pages:store`: the natural keys of every page of the store (id, channel, name, url, email,
//!   homepage flag, parent), so a page added, renamed, moved or deleted anywhere (a possible url,
//!   name or email collision, or a changed page count) makes the plan stale
//! - `page-widgets:<key>`: one target document as read (`[]` when empty)
//! - `widget-templates:channel <id>`: the uuids and names of the templates the plan matched
//!   against (the target channel's and BigCommerce's)
//! - `widget-template:<uuid>`: the definition (name, `schema`, `template`,
//!   `storefront_api_query`) of each target template a source template was mapped to, so a
//!   template edited since planning (a drift decided on, or one that appeared) is noticed; not
//!   its version: a definition put back as a new version (`restore`) is the same definition
//! - `products:by-sku`: the ids and SKUs of the target products the plan matched against
//! - `categories:channel <id>`: the id, parent, name and url of every category of the target
//!   channel's tree that source categories were matched against (present when the bundle
//!   references categories), so a category renamed, moved, re-urled, added or deleted makes the
//!   plan stale: any of them can change what a source category matches
//! - `brands:store`: the id, name and url of every target brand matched against (present when
//!   the bundle references brands)

use crate::error::PlanError;
use crate::inventory::TargetInventory;
use crate::migration_plan::MigrationPlan;
use pageport_model::canonical::fingerprint;
use pageport_model::{ChannelId, PageId, PageWidgetsKey, WidgetTemplateUuid};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The key of the store's page natural keys.
pub const STORE_PAGES_KEY: &str = "pages:store";

/// The key of the matched-against products.
pub const PRODUCTS_KEY: &str = "products:by-sku";

/// The key of the matched-against brands.
pub const BRANDS_KEY: &str = "brands:store";

/// The fingerprint key of the categories of a channel's tree.
pub fn categories_key(channel: ChannelId) -> String {
    format!("categories:channel {channel}")
}

/// The fingerprint key of one target page.
pub fn page_key(id: PageId) -> String {
    format!("page:{id}")
}

/// The fingerprint key of one target document.
pub fn document_key(key: &PageWidgetsKey) -> String {
    format!("page-widgets:{key}")
}

/// The fingerprint key of a channel's template list.
pub fn templates_key(channel: ChannelId) -> String {
    format!("widget-templates:channel {channel}")
}

/// The fingerprint key of one target template's definition.
pub fn template_key(uuid: &WidgetTemplateUuid) -> String {
    format!("widget-template:{uuid}")
}

/// Fingerprints `pages`, `documents` and the definitions of `templates` of `inventory`, plus
/// the store's page keys, the channel's templates and the products. A page or template missing
/// from the inventory gets no entry.
pub fn fingerprints<'a>(
    inventory: &TargetInventory,
    pages: impl IntoIterator<Item = PageId>,
    documents: impl IntoIterator<Item = &'a PageWidgetsKey>,
    templates: impl IntoIterator<Item = &'a WidgetTemplateUuid>,
) -> Result<BTreeMap<String, String>, PlanError> {
    let mut out = BTreeMap::new();
    let wanted: BTreeSet<PageId> = pages.into_iter().collect();
    for page in &inventory.pages {
        if let Some(id) = page.id.filter(|id| wanted.contains(id)) {
            insert(&mut out, page_key(id), page)?;
        }
    }
    for key in documents {
        insert(&mut out, document_key(key), &inventory.document(key))?;
    }
    let wanted: BTreeSet<&WidgetTemplateUuid> = templates.into_iter().collect();
    for template in inventory.channel_templates() {
        if wanted.contains(&template.uuid) {
            let definition = TemplateDefinition {
                name: &template.name,
                schema: template.schema.as_ref(),
                template: &template.template,
                storefront_api_query: template.storefront_api_query.as_deref(),
            };
            insert(&mut out, template_key(&template.uuid), &definition)?;
        }
    }
    insert(
        &mut out,
        STORE_PAGES_KEY.to_owned(),
        &store_page_keys(inventory),
    )?;
    insert(
        &mut out,
        templates_key(inventory.channel_id),
        &template_list(inventory),
    )?;
    insert(&mut out, PRODUCTS_KEY.to_owned(), &product_list(inventory))?;
    // Only what was read: an inventory read for a bundle without categories (or brands) has
    // none, and its plan does not depend on them.
    if !inventory.categories.is_empty() {
        insert(
            &mut out,
            categories_key(inventory.channel_id),
            &category_list(inventory),
        )?;
    }
    if !inventory.brands.is_empty() {
        insert(&mut out, BRANDS_KEY.to_owned(), &brand_list(inventory))?;
    }
    Ok(out)
}

/// The objects whose fingerprint in `plan` differs from `fresh` (or that are gone), by key, in
/// order. `fresh` must be read like the plan's inventory, documents included
/// ([`MigrationPlan::target_document_keys`]); an empty result means the plan is current.
pub fn stale_objects(
    plan: &MigrationPlan,
    fresh: &TargetInventory,
) -> Result<Vec<String>, PlanError> {
    if fresh.store_hash != plan.target.store_hash || fresh.channel_id != plan.target.channel_id {
        return Err(PlanError::WrongInventory {
            inventory_store: fresh.store_hash.clone(),
            inventory_channel: fresh.channel_id,
            plan_store: plan.target.store_hash.clone(),
            plan_channel: plan.target.channel_id,
        });
    }
    let pages = plan
        .fingerprints
        .keys()
        .filter_map(|k| k.strip_prefix("page:"))
        .filter_map(|id| id.parse().ok())
        .map(PageId);
    let documents = plan.target_document_keys();
    let templates = plan.mapped_templates.iter().map(|m| &m.target_uuid);
    let now = fingerprints(fresh, pages, &documents, templates)?;
    Ok(plan
        .fingerprints
        .iter()
        .filter(|(key, value)| now.get(*key) != Some(value))
        .map(|(key, _)| key.clone())
        .collect())
}

fn insert<T: Serialize>(
    out: &mut BTreeMap<String, String>,
    key: String,
    value: &T,
) -> Result<(), PlanError> {
    let print = fingerprint(value).map_err(|source| PlanError::Fingerprint {
        object: key.clone(),
        source,
    })?;
    out.insert(key, print);
    Ok(())
}

/// What `widget-template:<uuid>` fingerprints of a target template: its definition.
#[derive(Serialize)]
struct TemplateDefinition<'a> {
    name: &'a str,
    schema: Option<&'a serde_json::Value>,
    template: &'a str,
    storefront_api_query: Option<&'a str>,
}

/// The natural keys of one page, as fingerprinted under `pages:store`.
#[derive(Serialize)]
struct PageKeys<'a> {
    id: Option<PageId>,
    channel_id: Option<ChannelId>,
    name: &'a str,
    url: Option<&'a str>,
    email: Option<&'a str>,
    is_homepage: Option<bool>,
    parent_id: Option<PageId>,
}

fn store_page_keys(inventory: &TargetInventory) -> Vec<PageKeys<'_>> {
    let mut keys: Vec<PageKeys<'_>> = inventory
        .pages
        .iter()
        .map(|p| PageKeys {
            id: p.id,
            channel_id: p.channel_id,
            name: &p.name,
            url: p.url.as_deref(),
            email: p.email.as_deref(),
            is_homepage: p.is_homepage,
            parent_id: p.parent(),
        })
        .collect();
    keys.sort_by(|a, b| (a.id, a.name).cmp(&(b.id, b.name)));
    keys
}

fn template_list(inventory: &TargetInventory) -> Vec<(String, String)> {
    let mut list: Vec<(String, String)> = inventory
        .channel_templates()
        .into_iter()
        .map(|t| (t.uuid.0, t.name))
        .collect();
    list.sort();
    list
}

/// What category matching looks at: id, parent (for name paths), name and url, by id.
fn category_list(inventory: &TargetInventory) -> Vec<(u64, u64, &str, Option<&str>)> {
    let mut list: Vec<_> = inventory
        .categories
        .iter()
        .map(|c| (c.id.get(), c.parent_id, c.name.as_str(), c.url()))
        .collect();
    list.sort();
    list
}

/// What brand matching looks at: id, name and url, by id.
fn brand_list(inventory: &TargetInventory) -> Vec<(u64, &str, Option<&str>)> {
    let mut list: Vec<_> = inventory
        .brands
        .iter()
        .map(|b| (b.id.get(), b.name.as_str(), b.url()))
        .collect();
    list.sort();
    list
}

fn product_list(inventory: &TargetInventory) -> Vec<(u64, Option<&str>)> {
    let mut list: Vec<(u64, Option<&str>)> = inventory
        .products
        .iter()
        .map(|p| (p.id.get(), p.sku.as_deref()))
        .collect();
    list.sort();
    list
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;
    use pageport_model::StoreHash;
    use serde_json::json;

    #[test]
    fn fingerprints_cover_what_was_read_and_detect_a_stale_plan() {
        let plan = scenario_plan();
        let keys: Vec<&str> = plan.fingerprints.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "page-widgets:channel 1 global regions",
                "page-widgets:channel 1 pages/home",
                "page-widgets:channel 1 pages/page #31",
                "page:31",
                "page:32",
                "pages:store",
                "products:by-sku",
                "widget-template:aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa",
                "widget-template:bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb",
                "widget-templates:channel 1",
            ]
        );
        assert!(stale_objects(&plan, &inventory()).unwrap().is_empty());

        let mut edited = inventory();
        edited.pages[0].body = Some(Some("<p>Edited in production.</p>".into()));
        assert_eq!(
            stale_objects(&plan, &edited).unwrap(),
            [page_key(PageId(31))]
        );

        let mut republished = inventory();
        republished.documents.insert(
            key(None, None),
            from(json!([{"name": "x", "children": [widget(T_HERO, "New", json!({}))]}])),
        );
        republished
            .documents
            .remove(&key(Some("pages/page"), Some("31")));
        assert_eq!(
            stale_objects(&plan, &republished).unwrap(),
            [
                document_key(&key(None, None)),
                document_key(&key(Some("pages/page"), Some("31")))
            ]
        );

        let mut deleted = inventory();
        deleted.pages.retain(|p| p.id != Some(PageId(32)));
        deleted.widget_templates.remove(0);
        assert_eq!(
            stale_objects(&plan, &deleted).unwrap(),
            [
                page_key(PageId(32)),
                STORE_PAGES_KEY.to_owned(),
                template_key(&T_HERO.into()),
                templates_key(ChannelId(1))
            ]
        );

        let mut added = inventory();
        added.pages.push(from(
            json!({"id": 99, "channel_id": 1, "name": "Help", "type": "page", "url": "/help/"}),
        ));
        assert_eq!(stale_objects(&plan, &added).unwrap(), [STORE_PAGES_KEY]);

        let other = TargetInventory::new(StoreHash::from("other"), ChannelId(1));
        assert!(matches!(
            stale_objects(&plan, &other),
            Err(PlanError::WrongInventory { .. })
        ));
    }
}
