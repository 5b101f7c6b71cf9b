//! Planning web pages: each source page, remapped, becomes a create, an update with its field
//! changes, unchanged, skipped or blocked, depending on its match in the target and the plan's
//! `on_existing` policy.

use crate::diagnostics::{PlanDiagnostic, codes, existing_object, page_location};
use crate::diff::{DesiredParent, page_changes, parent_change};
use crate::matching::PageMatch;
use crate::steps::{PageStep, PageStepAction, ParentPlan};
use pageport_mapping::{Lookup, OnExisting, RemapTables};
use pageport_model::escape::quote;
use pageport_model::{ChannelId, Page, PageId, PageType};
use std::collections::BTreeMap;

/// What page planning reads.
pub(crate) struct PageContext<'a> {
    /// The remap tables, the page map filled.
    pub tables: &'a RemapTables,
    /// Source page id → target match.
    pub matches: &'a BTreeMap<PageId, PageMatch>,
    /// Every target page, by id.
    pub target_pages: BTreeMap<PageId, &'a Page>,
    /// Source page names, by id.
    pub source_names: &'a BTreeMap<PageId, String>,
    /// The target channel.
    pub channel: ChannelId,
    /// What to do with existing pages.
    pub on_existing: OnExisting,
}

/// Plans one source page (with an id) from its remapped form; `on_existing: fail` matches
/// add an error to `diagnostics`.
pub(crate) fn plan_page(
    ctx: &PageContext<'_>,
    source_id: PageId,
    source: &Page,
    mut remapped: Page,
    diagnostics: &mut Vec<PlanDiagnostic>,
) -> PageStep {
    remapped.id = None;
    if remapped.channel_id.is_none() {
        remapped.channel_id = Some(ctx.channel);
    }
    let parent = parent_plan(ctx, source);
    let found = ctx.matches.get(&source_id).and_then(|m| {
        ctx.target_pages
            .get(&m.target_id)
            .map(|target| (*m, *target))
    });
    let mut changes = Vec::new();
    let mut reason = None;
    let action = match found {
        Some((matched, target)) => {
            if ctx.on_existing == OnExisting::Fail {
                diagnostics.push(existing_object(
                    codes::EXISTING_PAGE,
                    page_location(source_id, &source.name),
                    format!(
                        "target page #{} {} (matched by {})",
                        matched.target_id,
                        quote(&target.name),
                        matched_by_text(matched)
                    ),
                ));
            }
            changes = page_changes(&remapped, target);
            if let Some(desired) = desired_parent(&parent)
                && let Some(change) = parent_change(desired, target)
            {
                changes.push(change);
                changes.sort_by(|a, b| a.field.cmp(&b.field));
            }
            if ctx.on_existing == OnExisting::Skip {
                changes.clear();
                reason = Some(format!(
                    "target page #{} exists; `on_existing: skip` leaves it",
                    matched.target_id
                ));
                PageStepAction::Skip
            } else if changes.is_empty() {
                PageStepAction::Unchanged
            } else {
                PageStepAction::Update
            }
        }
        None if remapped.page_type.is_creatable() => PageStepAction::Create,
        None => {
            reason = Some(match &remapped.page_type {
                PageType::Blog => "a `blog` page cannot be created through the API".to_owned(),
                other => format!(
                    "pages of type {} cannot be created",
                    quote(&other.to_string())
                ),
            });
            PageStepAction::Blocked
        }
    };
    PageStep {
        source_id,
        name: remapped.name.clone(),
        page_type: remapped.page_type.clone(),
        url: remapped.url.clone(),
        action,
        target_id: found.map(|(m, _)| m.target_id),
        matched_by: found.map(|(m, _)| m.by),
        parent,
        changes,
        reason,
        layer: 0,
        source: source.clone(),
        remapped,
    }
}

/// Where the source page's parent will be, through the page map.
fn parent_plan(ctx: &PageContext<'_>, source: &Page) -> ParentPlan {
    let Some(parent) = source.parent() else {
        return ParentPlan::None;
    };
    let source_name = ctx.source_names.get(&parent).cloned();
    match ctx.tables.pages.lookup(&parent) {
        Lookup::Mapped(target_id) => ParentPlan::Existing {
            target_id: *target_id,
            name: ctx
                .target_pages
                .get(target_id)
                .map(|p| p.name.clone())
                .or(source_name)
                .unwrap_or_default(),
        },
        Lookup::Pending => ParentPlan::Planned {
            source_id: parent,
            name: source_name.unwrap_or_default(),
        },
        Lookup::Unmapped => ParentPlan::Dangling { source_id: parent },
    }
}

/// The parent to compare with a matched target page; `None` when it will not exist.
fn desired_parent(parent: &ParentPlan) -> Option<DesiredParent> {
    match parent {
        ParentPlan::None => Some(DesiredParent::TopLevel),
        ParentPlan::Existing { target_id, .. } => Some(DesiredParent::Target(*target_id)),
        ParentPlan::Planned { source_id, .. } => Some(DesiredParent::Pending {
            source_id: *source_id,
        }),
        ParentPlan::Dangling { .. } => None,
    }
}

fn matched_by_text(matched: PageMatch) -> &'static str {
    match matched.by {
        crate::matching::MatchedBy::Url => "url",
        crate::matching::MatchedBy::Name => "name",
    }
}
