//! Reading a source store's selection through the client: pages (bodies included, every
//! pagination page), the page-widget documents the selection names, and the widget templates
//! those documents use; the catalog objects they reference are fetched by id on request.

use crate::selection::{PageFilter, UnmatchedPages, selected};
use pageport_client::{ClientError, PageQuery, ProductQuery, StoreClient, TreeCategoryQuery};
use pageport_model::{
    BUNDLE_FORMAT_VERSION, Brand, BrandId, Bundle, BundleManifest, Category, CategoryId,
    CategoryTreeId, ChannelId, EntityId, Page, PageWidgetsDocument, PageWidgetsKey, Product,
    ProductId, TemplateFile, WidgetTemplate, WidgetTemplateUuid,
};
use std::collections::BTreeSet;

/// Problems reading the source store.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    /// An API call failed.
    #[error("reading the source store failed")]
    Api(#[from] ClientError),
    /// `select.pages` names pages the source channel does not have: the plan is wrong, and
    /// extracting the rest would migrate less than it says without a word.
    #[error(transparent)]
    UnmatchedPages(#[from] UnmatchedPages),
    /// The content references categories, but the source channel has no category tree to
    /// read them from.
    #[error(
        "channel {channel} has no category tree, so the categories its content references \
         cannot be read (assign a category tree to the channel)"
    )]
    NoCategoryTree {
        /// The source channel.
        channel: ChannelId,
    },
}

/// One page-widget selection entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocumentSelector {
    /// The channel's global regions.
    Global,
    /// A template file; without entity ids, `pages/page` follows the extracted pages and other
    /// templates mean the one document without an entity.
    Template {
        /// The template file.
        template_file: TemplateFile,
        /// The entities, when the template has them.
        entity_ids: Option<Vec<EntityId>>,
    },
}

/// What to extract from the source.
#[derive(Debug, Clone)]
pub struct ExtractRequest {
    /// The source channel.
    pub channel_id: ChannelId,
    /// The pages.
    pub pages: PageFilter,
    /// The page-widget documents.
    pub documents: Vec<DocumentSelector>,
    /// Documents read at once (at least 1; the client paces them under the store's quota).
    pub concurrency: usize,
}

/// The selection read from the store, before the catalog references are resolved.
#[derive(Debug, Clone)]
pub struct Extracted {
    /// The selected pages, ordered by id.
    pub pages: Vec<Page>,
    /// Unselected ancestors of selected pages (bodies dropped), ordered by id.
    pub reference_pages: Vec<Page>,
    /// The selected non-empty documents, ordered by key.
    pub documents: Vec<PageWidgetsDocument>,
    /// The templates the documents use, ordered by uuid.
    pub widget_templates: Vec<WidgetTemplate>,
    /// Template uuids the documents use that the source does not list (reported by validation).
    pub unknown_templates: Vec<WidgetTemplateUuid>,
    /// The source channel's storefront URLs (empty: no site; `None`: the token may not read
    /// them), so links back to the source storefront can be found.
    pub storefront_urls: Option<Vec<String>>,
}

/// Reads the selection from the source store.
pub async fn extract(
    client: &StoreClient,
    request: &ExtractRequest,
) -> Result<Extracted, ExtractError> {
    let all_pages = client
        .list_pages(&PageQuery {
            channel_id: Some(request.channel_id),
            include_body: true,
            ..PageQuery::default()
        })
        .await?;
    let unmatched = crate::selection::unmatched(&request.pages, &all_pages);
    if !unmatched.is_empty() {
        return Err(UnmatchedPages {
            channel_id: request.channel_id,
            unmatched,
        }
        .into());
    }
    let (mut pages, unselected): (Vec<Page>, Vec<Page>) = all_pages
        .into_iter()
        .partition(|page| selected(&request.pages, page));
    pages.sort_by_key(|p| p.id);
    let reference_pages = unselected_ancestors(&pages, unselected);

    let keys: Vec<PageWidgetsKey> = document_keys(request, &pages).into_iter().collect();
    let mut documents = Vec::new();
    // In key order: the map is sorted.
    for (key, content) in client
        .get_many_page_widgets(&keys, request.concurrency)
        .await?
    {
        if content.is_empty() {
            tracing::debug!(%key, "source document is empty; not extracted");
            continue;
        }
        documents.push(PageWidgetsDocument {
            key,
            regions: content.regions,
        });
    }

    let used: BTreeSet<WidgetTemplateUuid> = documents
        .iter()
        .flat_map(|doc| {
            doc.as_page_widgets()
                .widgets()
                .map(|w| w.widget_template_uuid.clone())
                .collect::<Vec<_>>()
        })
        .collect();
    let listed = client.list_widget_templates(request.channel_id).await?;
    let mut widget_templates: Vec<WidgetTemplate> = listed
        .into_iter()
        .filter(|t| used.contains(&t.uuid))
        .collect();
    widget_templates.sort_by(|a, b| a.uuid.cmp(&b.uuid));
    widget_templates.dedup_by(|a, b| a.uuid == b.uuid);
    let found: BTreeSet<&WidgetTemplateUuid> = widget_templates.iter().map(|t| &t.uuid).collect();
    let unknown_templates = used
        .iter()
        .filter(|u| !found.contains(u))
        .cloned()
        .collect();
    let storefront_urls = storefront_urls(client, request.channel_id).await?;
    Ok(Extracted {
        pages,
        reference_pages,
        documents,
        widget_templates,
        unknown_templates,
        storefront_urls,
    })
}

/// The URLs of the channel's site. A token without the channels scope cannot read them: the
/// extraction goes on, says so, and the storefront-link check is skipped for this bundle.
async fn storefront_urls(
    client: &StoreClient,
    channel: ChannelId,
) -> Result<Option<Vec<String>>, ExtractError> {
    match client.channel_site(channel).await {
        Ok(site) => Ok(Some(site.map(|site| site.all_urls()).unwrap_or_default())),
        Err(error) if error.is_unauthorized() => {
            tracing::warn!(
                %channel,
                "the source token may not read the channel's site, so links to the source \
                 storefront will not be found; grant the Channel Settings read scope to check them"
            );
            Ok(None)
        }
        Err(error) => Err(error.into()),
    }
}

/// The catalog objects a bundle references, fetched by id (ordered by id; ids the source does
/// not have are simply absent, and show up as unmapped when remapping). Categories are read
/// from the category tree of `channel` (the source channel), with all their ancestors, so the
/// planner can match them by name path (`Kitchen/Coffee & Tea`).
pub async fn fetch_catalog(
    client: &StoreClient,
    channel: ChannelId,
    products: &BTreeSet<ProductId>,
    categories: &BTreeSet<CategoryId>,
    brands: &BTreeSet<BrandId>,
) -> Result<(Vec<Product>, Vec<Category>, Vec<Brand>), ExtractError> {
    let mut found_products = if products.is_empty() {
        Vec::new()
    } else {
        client
            .list_products(&ProductQuery {
                ids: Some(products.iter().copied().collect()),
                skus: None,
            })
            .await?
    };
    found_products.sort_by_key(|p| p.id);
    let found_categories = if categories.is_empty() {
        Vec::new()
    } else {
        let tree = client
            .channel_category_tree(channel)
            .await?
            .ok_or(ExtractError::NoCategoryTree { channel })?;
        categories_with_ancestors(client, tree.id, categories).await?
    };
    let ids: Vec<BrandId> = brands.iter().copied().collect();
    let mut found_brands = if ids.is_empty() {
        Vec::new()
    } else {
        client.list_brands(Some(&ids)).await?
    };
    found_brands.sort_by_key(|b| b.id);
    Ok((found_products, found_categories, found_brands))
}

/// The categories `wanted` of `tree` and every ancestor of theirs, ordered by id: one listing
/// per tree level (BigCommerce nests categories at most 8 deep), each asking only for parents
/// not read yet. A category of another tree, or a parent the source does not return, is left
/// out; the planner then reports the category as unmapped, or has no name path for its
/// descendants, and says so.
async fn categories_with_ancestors(
    client: &StoreClient,
    tree: CategoryTreeId,
    wanted: &BTreeSet<CategoryId>,
) -> Result<Vec<Category>, ExtractError> {
    let mut found: std::collections::BTreeMap<CategoryId, Category> =
        std::collections::BTreeMap::new();
    let mut asked: BTreeSet<CategoryId> = BTreeSet::new();
    let mut next: Vec<CategoryId> = wanted.iter().copied().collect();
    while !next.is_empty() {
        asked.extend(next.iter().copied());
        let listed = client
            .list_tree_categories(&TreeCategoryQuery {
                tree_ids: Some(vec![tree]),
                category_ids: Some(next.clone()),
                parent_ids: None,
            })
            .await?;
        for category in listed {
            let category = category.into_category();
            found.insert(category.id, category);
        }
        let parents: BTreeSet<CategoryId> = found
            .values()
            .filter(|c| c.parent_id != 0)
            .map(|c| CategoryId(c.parent_id))
            .filter(|parent| !asked.contains(parent))
            .collect();
        next = parents.into_iter().collect();
    }
    Ok(found.into_values().collect())
}

/// Assembles the bundle with its manifest.
pub fn into_bundle(
    extracted: Extracted,
    catalog: (Vec<Product>, Vec<Category>, Vec<Brand>),
    source_store_hash: pageport_model::StoreHash,
    channel_id: ChannelId,
    extracted_at: String,
) -> Bundle {
    let (products, categories, brands) = catalog;
    let mut bundle = Bundle {
        manifest: BundleManifest {
            format_version: BUNDLE_FORMAT_VERSION,
            pageport_version: env!("CARGO_PKG_VERSION").to_owned(),
            source_store_hash,
            channel_id,
            extracted_at,
            counts: Default::default(),
            storefront_urls: extracted.storefront_urls,
        },
        pages: extracted.pages,
        reference_pages: extracted.reference_pages,
        page_widgets: extracted.documents,
        widget_templates: extracted.widget_templates,
        products,
        categories,
        brands,
    };
    bundle.manifest.counts = bundle.count();
    bundle
}

/// The unselected pages that are ancestors of selected ones, without their bodies: the target
/// may have them already, and a child keeps its parent only if the plan can match it there.
fn unselected_ancestors(selected: &[Page], unselected: Vec<Page>) -> Vec<Page> {
    let by_id: std::collections::BTreeMap<pageport_model::PageId, Page> = unselected
        .into_iter()
        .filter_map(|p| p.id.map(|id| (id, p)))
        .collect();
    let mut wanted = BTreeSet::new();
    for page in selected {
        let mut next = page.parent();
        while let Some(parent) = next {
            if !by_id.contains_key(&parent) || !wanted.insert(parent) {
                break;
            }
            next = by_id.get(&parent).and_then(Page::parent);
        }
    }
    wanted
        .into_iter()
        .filter_map(|id| by_id.get(&id).cloned())
        .map(|mut page| {
            page.body = None;
            page
        })
        .collect()
}

/// The keys of every document the selection names, in order, without duplicates.
fn document_keys(request: &ExtractRequest, pages: &[Page]) -> Vec<PageWidgetsKey> {
    let channel_id = request.channel_id;
    let mut keys = BTreeSet::new();
    for selector in &request.documents {
        match selector {
            DocumentSelector::Global => {
                keys.insert(PageWidgetsKey::global(channel_id));
            }
            DocumentSelector::Template {
                template_file,
                entity_ids: Some(ids),
            } => {
                for id in ids {
                    keys.insert(PageWidgetsKey {
                        channel_id,
                        template_file: Some(template_file.clone()),
                        entity_id: Some(id.clone()),
                    });
                }
            }
            DocumentSelector::Template {
                template_file,
                entity_ids: None,
            } if template_file.as_str() == "pages/page" => {
                // Only pages whose type renders `pages/page` can have a document: reading one
                // for a link, raw, contact-form or feed page is a call that finds nothing.
                for page in pages
                    .iter()
                    .filter(|p| p.id.is_some() && p.page_type.has_page_document())
                {
                    keys.insert(PageWidgetsKey {
                        channel_id,
                        template_file: Some(template_file.clone()),
                        entity_id: page.id.map(EntityId::from_page),
                    });
                }
            }
            DocumentSelector::Template {
                template_file,
                entity_ids: None,
            } => {
                keys.insert(PageWidgetsKey {
                    channel_id,
                    template_file: Some(template_file.clone()),
                    entity_id: None,
                });
            }
        }
    }
    keys.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use pageport_model::{PageId, PageType};

    #[test]
    fn pages_page_documents_follow_the_selected_pages() {
        let mut a = Page::new("A", PageType::Page);
        a.id = Some(PageId(3));
        let mut b = Page::new("B", PageType::Page);
        b.id = Some(PageId(5));
        // Pages that cannot render `pages/page` get no read.
        let others = [
            PageType::Raw,
            PageType::ContactForm,
            PageType::Link,
            PageType::Feed,
            PageType::Blog,
        ]
        .into_iter()
        .enumerate()
        .map(|(i, page_type)| {
            let mut page = Page::new(format!("other {i}"), page_type);
            page.id = Some(PageId(10 + i as u64));
            page
        });
        let mut unknown = Page::new("U", PageType::Other("landing".into()));
        unknown.id = Some(PageId(20));
        let pages: Vec<Page> = [a, b].into_iter().chain(others).chain([unknown]).collect();
        let request = ExtractRequest {
            channel_id: ChannelId(1),
            pages: PageFilter::All,
            documents: vec![
                DocumentSelector::Template {
                    template_file: "pages/page".into(),
                    entity_ids: None,
                },
                DocumentSelector::Global,
                DocumentSelector::Template {
                    template_file: "pages/home".into(),
                    entity_ids: None,
                },
                DocumentSelector::Template {
                    template_file: "pages/product".into(),
                    entity_ids: Some(vec!["77".into()]),
                },
            ],
            concurrency: 1,
        };
        let keys: Vec<String> = document_keys(&request, &pages)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            keys,
            vec![
                "channel 1 global regions",
                "channel 1 pages/home",
                // Entity ids are text, and sort as text.
                "channel 1 pages/page #20",
                "channel 1 pages/page #3",
                "channel 1 pages/page #5",
                "channel 1 pages/product #77",
            ]
        );
    }
}
