//! The plan of a channel-to-channel copy inside one store (`pageport duplicate`), and the
//! checks it needs before reading anything.

use crate::connect::Connections;
use crate::error::WorkflowError;
use pageport_client::CategoryTreeQuery;
use pageport_mapping::{
    Endpoint, PageSelection, PageWidgetsSelector, PlanFile, ProductMatch, TemplateMatch,
};
use pageport_model::{Bundle, ChannelId, PageType};

/// What a channel copy does with contact forms: their `email` must be unique in the store, so a
/// copy of a form with an email cannot keep it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ContactEmails {
    /// Copy them as they are: planning reports each taken email as an error (nothing is
    /// written), and the caller names the other choices.
    #[default]
    Keep,
    /// Give every copied form this email (one form only: two forms with one email are an error).
    Set(String),
    /// Copy the forms without an email (the store's default recipient gets their messages).
    Empty,
    /// Leave contact forms that have an email out of the copy, with their layouts.
    Skip,
}

/// How the choice changed the copy: the names of the forms concerned, in page order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactEmailOutcome {
    /// Forms whose email was replaced or emptied.
    pub changed: Vec<String>,
    /// Forms left out.
    pub skipped: Vec<String>,
}

/// Applies `choice` to the contact forms of a copy's source `bundle`.
pub fn apply_contact_emails(bundle: &mut Bundle, choice: &ContactEmails) -> ContactEmailOutcome {
    let mut outcome = ContactEmailOutcome::default();
    let has_email = |page: &pageport_model::Page| {
        page.page_type == PageType::ContactForm
            && page.email.as_deref().is_some_and(|email| !email.is_empty())
    };
    match choice {
        ContactEmails::Keep => {}
        ContactEmails::Set(email) => {
            for page in bundle.pages.iter_mut().filter(|page| has_email(page)) {
                page.email = Some(email.clone());
                outcome.changed.push(page.name.clone());
            }
        }
        ContactEmails::Empty => {
            for page in bundle.pages.iter_mut().filter(|page| has_email(page)) {
                page.email = None;
                outcome.changed.push(page.name.clone());
            }
        }
        ContactEmails::Skip => {
            let skipped: Vec<_> = bundle
                .pages
                .iter()
                .filter(|page| has_email(page))
                .map(|page| (page.id, page.name.clone()))
                .collect();
            let ids: Vec<String> = skipped
                .iter()
                .filter_map(|(id, _)| id.map(|id| id.to_string()))
                .collect();
            bundle.pages.retain(|page| !has_email(page));
            bundle.page_widgets.retain(|document| {
                let key = &document.key;
                !(key
                    .template_file
                    .as_ref()
                    .is_some_and(|f| f.as_str() == "pages/page")
                    && key
                        .entity_id
                        .as_ref()
                        .is_some_and(|entity| ids.iter().any(|id| id == entity.as_str())))
            });
            outcome.skipped = skipped.into_iter().map(|(_, name)| name).collect();
        }
    }
    outcome
}

/// The plan of a channel-to-channel copy inside one store: the plan file's store, mappings and
/// policies, with `from` as source and `to` as target, every page and the global, home and
/// page documents selected, and templates matched by name (created when missing).
pub fn duplicate_plan(
    plan: &PlanFile,
    store: &str,
    from: ChannelId,
    to: ChannelId,
) -> Result<PlanFile, WorkflowError> {
    let endpoint = store_endpoint(plan, store, from)?;
    if from == to {
        return Err(WorkflowError::SameChannel { channel: from });
    }
    let mut copy = plan.clone();
    copy.source = endpoint.clone();
    copy.target = Endpoint {
        channel_id: to,
        ..endpoint
    };
    copy.select.pages = PageSelection::All;
    let mut selectors = vec![
        PageWidgetsSelector::Global,
        PageWidgetsSelector::Template {
            template_file: "pages/home".into(),
            entity_ids: None,
        },
        PageWidgetsSelector::Template {
            template_file: "pages/page".into(),
            entity_ids: None,
        },
    ];
    // Entity documents the plan file lists (products, categories…) keep their ids in one store.
    selectors.extend(
        plan.select
            .page_widgets
            .iter()
            .filter(|s| {
                matches!(
                    s,
                    PageWidgetsSelector::Template {
                        entity_ids: Some(_),
                        ..
                    }
                )
            })
            .cloned(),
    );
    copy.select.page_widgets = selectors;
    copy.mappings.channels.clear();
    copy.mappings.widget_templates.match_by = TemplateMatch::Name;
    copy.mappings.widget_templates.create_missing = true;
    copy.mappings.widget_templates.explicit.clear();
    copy.mappings.products.match_by = ProductMatch::Sku;
    copy.mappings.products.explicit.clear();
    Ok(copy)
}

/// The plan file narrowed to one of its stores, as both source and target (channel 1 on both
/// ends: only the store matters): what `pageport restore` connects to.
pub fn single_store_plan(plan: &PlanFile, store: &str) -> Result<PlanFile, WorkflowError> {
    let endpoint = store_endpoint(plan, store, ChannelId::DEFAULT)?;
    let mut narrowed = plan.clone();
    narrowed.source = endpoint.clone();
    narrowed.target = endpoint;
    Ok(narrowed)
}

/// A store of the plan file as an endpoint on `channel`.
fn store_endpoint(
    plan: &PlanFile,
    store: &str,
    channel: ChannelId,
) -> Result<Endpoint, WorkflowError> {
    let config = plan
        .stores
        .get(store)
        .cloned()
        .ok_or_else(|| WorkflowError::UnknownStore {
            store: store.to_owned(),
            known: plan.stores.keys().cloned().collect::<Vec<_>>().join(", "),
        })?;
    Ok(Endpoint {
        store: store.to_owned(),
        channel_id: channel,
        config,
    })
}

/// The catalog tables of a copy inside one store. Brands are store-wide: each referenced brand
/// maps to itself. Categories belong to the tree of their channel: when both channels share a
/// tree (`same_tree`) each referenced category maps to itself; otherwise the plan file's
/// explicit entries (written for its own source and target) are dropped and the categories are
/// matched in the target channel's tree by the plan's `match_by` (url, then name path).
pub fn copy_catalog_tables(plan: &mut PlanFile, bundle: &Bundle, same_tree: bool) {
    plan.mappings.categories.explicit = if same_tree {
        bundle.categories.iter().map(|c| (c.id, c.id)).collect()
    } else {
        Default::default()
    };
    plan.mappings.brands.explicit = bundle.brands.iter().map(|b| (b.id, b.id)).collect();
}

/// True when both channels are served by one category tree of `store`; false when their
/// trees differ or one has none (matching then reports what it cannot find).
pub async fn share_category_tree(
    connections: &Connections,
    store: &str,
    channels: [ChannelId; 2],
) -> Result<bool, WorkflowError> {
    let client = connections.client(store)?;
    let trees = client
        .list_category_trees(&CategoryTreeQuery {
            ids: None,
            channel_ids: Some(channels.to_vec()),
        })
        .await
        .map_err(|source| WorkflowError::ReadTarget {
            store: store.to_owned(),
            source,
        })?;
    let tree_of = |channel| trees.iter().find(|t| t.serves(channel)).map(|t| t.id);
    Ok(match (tree_of(channels[0]), tree_of(channels[1])) {
        (Some(from), Some(to)) => from == to,
        _ => false,
    })
}

/// Both channels of a copy must exist in the store; says so plainly instead of failing on the
/// first read.
pub async fn check_channels(
    connections: &Connections,
    store: &str,
    channels: [ChannelId; 2],
) -> Result<(), WorkflowError> {
    let client = connections.client(store)?;
    let existing = client
        .list_channels()
        .await
        .map_err(|source| WorkflowError::ListChannels {
            store: store.to_owned(),
            source,
        })?;
    for wanted in channels {
        if !existing.iter().any(|c| c.id == wanted) {
            let known: Vec<String> = existing
                .iter()
                .map(|c| format!("{} ({})", c.id, c.name))
                .collect();
            return Err(WorkflowError::ChannelMissing {
                channel: wanted,
                store: store.to_owned(),
                known: known.join(", "),
            });
        }
    }
    Ok(())
}

/// A planned channel copy: the copy's plan file as completed (what apply uses), the plan, and
/// what the contact-email choice changed.
#[derive(Debug)]
pub struct DuplicatePlan {
    /// The plan file of the copy, catalog tables filled in.
    pub plan: PlanFile,
    /// The migration plan.
    pub migration: pageport_plan::MigrationPlan,
    /// What [`ContactEmails`] did to the copy.
    pub contact_emails: ContactEmailOutcome,
    /// The extracted source channel, as planned (the contact-email choice applied).
    pub bundle: Bundle,
}

/// Plans a channel-to-channel copy made by [`duplicate_plan`]: checks both channels exist,
/// extracts the source channel, applies the contact-email choice, fills the catalog tables
/// ([`copy_catalog_tables`]: brands and, between channels sharing a tree, categories map to
/// themselves; otherwise categories are matched in the target channel's tree), and plans it
/// against the target channel.
pub async fn plan_duplicate(
    mut plan: PlanFile,
    connections: &Connections,
    contact_emails: &ContactEmails,
) -> Result<DuplicatePlan, WorkflowError> {
    let store = plan.source.store.clone();
    check_channels(
        connections,
        &store,
        [plan.source.channel_id, plan.target.channel_id],
    )
    .await?;
    let mut bundle = crate::source::extract_bundle(&plan, connections).await?;
    let contact_emails = apply_contact_emails(&mut bundle, contact_emails);
    let same_tree = bundle.categories.is_empty()
        || share_category_tree(
            connections,
            &store,
            [plan.source.channel_id, plan.target.channel_id],
        )
        .await?;
    copy_catalog_tables(&mut plan, &bundle, same_tree);
    let migration = crate::planning::plan_migration(&plan, connections, &bundle).await?;
    Ok(DuplicatePlan {
        plan,
        migration,
        contact_emails,
        bundle,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use pageport_model::{
        BrandId, BundleCounts, BundleManifest, CategoryId, EntityId, Page, PageId,
        PageWidgetsDocument, PageWidgetsKey, StoreHash,
    };

    fn form(id: u64, name: &str, email: Option<&str>) -> Page {
        let mut page = Page::new(name, PageType::ContactForm);
        page.id = Some(PageId(id));
        page.email = email.map(str::to_owned);
        page
    }

    fn bundle() -> Bundle {
        let mut about = Page::new("About", PageType::Page);
        about.id = Some(PageId(1));
        let document = |entity: &str| PageWidgetsDocument {
            key: PageWidgetsKey {
                channel_id: ChannelId(1),
                template_file: Some("pages/page".into()),
                entity_id: Some(EntityId::new(entity)),
            },
            regions: Vec::new(),
        };
        Bundle {
            manifest: BundleManifest {
                format_version: 1,
                pageport_version: "test".into(),
                source_store_hash: StoreHash::new("s"),
                channel_id: ChannelId(1),
                extracted_at: "2026-01-01T00:00:00Z".into(),
                counts: BundleCounts::default(),
                storefront_urls: None,
            },
            pages: vec![
                about,
                form(2, "Contact", Some("a@example.com")),
                form(3, "Quiet form", None),
            ],
            reference_pages: Vec::new(),
            page_widgets: vec![document("1"), document("2"), document("3")],
            widget_templates: Vec::new(),
            products: Vec::new(),
            categories: Vec::new(),
            brands: Vec::new(),
        }
    }

    #[test]
    fn keep_changes_nothing() {
        let mut copy = bundle();
        let outcome = apply_contact_emails(&mut copy, &ContactEmails::Keep);
        assert_eq!(outcome, ContactEmailOutcome::default());
        assert_eq!(copy.pages, bundle().pages);
    }

    #[test]
    fn set_and_empty_touch_only_forms_with_an_email() {
        let mut copy = bundle();
        let outcome = apply_contact_emails(&mut copy, &ContactEmails::Set("b@example.com".into()));
        assert_eq!(outcome.changed, vec!["Contact".to_owned()]);
        assert_eq!(copy.pages[1].email.as_deref(), Some("b@example.com"));
        assert_eq!(copy.pages[2].email, None);

        let mut copy = bundle();
        let outcome = apply_contact_emails(&mut copy, &ContactEmails::Empty);
        assert_eq!(outcome.changed, vec!["Contact".to_owned()]);
        assert_eq!(copy.pages[1].email, None);
        assert_eq!(copy.pages.len(), 3);
    }

    #[test]
    fn skip_leaves_out_the_form_and_its_layout() {
        let mut copy = bundle();
        let outcome = apply_contact_emails(&mut copy, &ContactEmails::Skip);
        assert_eq!(outcome.skipped, vec!["Contact".to_owned()]);
        let names: Vec<&str> = copy.pages.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["About", "Quiet form"]);
        let entities: Vec<&str> = copy
            .page_widgets
            .iter()
            .filter_map(|d| d.key.entity_id.as_ref().map(|e| e.as_str()))
            .collect();
        assert_eq!(entities, ["1", "3"]);
    }

    #[test]
    fn categories_keep_their_ids_only_within_one_tree_and_brands_always() {
        let mut copy = bundle();
        copy.categories = vec![pageport_model::Category {
            id: CategoryId(18),
            parent_id: 0,
            name: "Kitchen".into(),
            custom_url: None,
            extra: Default::default(),
        }];
        copy.brands = vec![pageport_model::Brand {
            id: BrandId(36),
            name: "OFS".into(),
            extra: Default::default(),
        }];
        let text = "version: 1\nstores:\n  s: { store_hash: s, access_token: t }\n\
                    source: { store: s, channel_id: 1 }\ntarget: { store: s, channel_id: 2 }\nselect: { pages: all }\n\
                    mappings:\n  categories: { explicit: { 18: 99 } }\n";
        let mut plan = PlanFile::from_str(text, "plan.yaml", &|_| None).expect("a plan");
        copy_catalog_tables(&mut plan, &copy, true);
        let categories: Vec<_> = plan.mappings.categories.explicit.iter().collect();
        assert_eq!(categories, [(&CategoryId(18), &CategoryId(18))]);

        copy_catalog_tables(&mut plan, &copy, false);
        assert!(plan.mappings.categories.explicit.is_empty());
        let brands: Vec<_> = plan.mappings.brands.explicit.iter().collect();
        assert_eq!(brands, [(&BrandId(36), &BrandId(36))]);
    }
}
