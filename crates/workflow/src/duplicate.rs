//! The plan of a channel-to-channel copy inside one store (`pageport duplicate`), and the
//! checks it needs before reading anything.

use crate::connect::Connections;
use crate::error::WorkflowError;
use pageport_mapping::{
    Endpoint, PageSelection, PageWidgetsSelector, PlanFile, ProductMatch, TemplateMatch,
};
use pageport_model::{Bundle, ChannelId};

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

/// In one store catalog ids are the same in every channel: map each referenced category and
/// brand to itself.
pub fn identity_catalog_tables(plan: &mut PlanFile, bundle: &Bundle) {
    plan.mappings.categories.explicit = bundle.categories.iter().map(|c| (c.id, c.id)).collect();
    plan.mappings.brands.explicit = bundle.brands.iter().map(|b| (b.id, b.id)).collect();
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

/// Plans a channel-to-channel copy made by [`duplicate_plan`]: checks both channels exist,
/// extracts the source channel, maps its catalog ids to themselves, and plans it against the
/// target channel. Returns the copy's plan file as completed (what apply uses) and the plan.
pub async fn plan_duplicate(
    mut plan: PlanFile,
    connections: &Connections,
) -> Result<(PlanFile, pageport_plan::MigrationPlan), WorkflowError> {
    let store = plan.source.store.clone();
    check_channels(
        connections,
        &store,
        [plan.source.channel_id, plan.target.channel_id],
    )
    .await?;
    let bundle = crate::source::extract_bundle(&plan, connections).await?;
    identity_catalog_tables(&mut plan, &bundle);
    let migration = crate::planning::plan_migration(&plan, connections, &bundle).await?;
    Ok((plan, migration))
}
