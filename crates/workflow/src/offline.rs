//! `pageport validate`'s offline checks of the content a plan would migrate — limits, page
//! rules, parents, uuids and source-store leaks — without reading the target.
//!
//! Checks that need the target (name and url collisions, the channel's totals, whether a
//! template or parent exists there, id matching) are planning's job; here a parent outside
//! the selection is only a warning, since it may already exist in the target.

use pageport_mapping::PlanFile;
use pageport_model::page_widgets::widgets_of;
use pageport_model::{Bundle, PageId};
use pageport_validate::{
    Diagnostic, DiagnosticCode, PageAction, ParentRef, PlannedDocument, PlannedPage, Report,
    Severity, TargetFacts, ValidationInput,
};
use std::borrow::Cow;
use std::collections::BTreeSet;

/// Runs the offline checks on the bundle as if every page were created in the target channel.
pub fn validate_offline(plan: &PlanFile, bundle: &Bundle) -> Report {
    let target_channel = plan.target.channel_id;
    let in_bundle: BTreeSet<PageId> = bundle.pages.iter().filter_map(|p| p.id).collect();
    let pages: Vec<PlannedPage> = bundle
        .pages
        .iter()
        .map(|page| {
            let mut page = page.clone();
            page.channel_id = Some(target_channel);
            let parent = match page.parent() {
                None => ParentRef::None,
                Some(parent) if in_bundle.contains(&parent) => ParentRef::Planned(parent),
                Some(parent) => ParentRef::Dangling(parent),
            };
            PlannedPage {
                source_id: page.id,
                page: Cow::Owned(page),
                action: PageAction::Create,
                parent,
            }
        })
        .collect();
    let documents: Vec<PlannedDocument> = bundle
        .page_widgets
        .iter()
        .map(|doc| {
            let mut key = doc.key.clone();
            key.channel_id = target_channel;
            PlannedDocument {
                key,
                regions: Cow::Borrowed(&doc.regions),
                overwrites: None,
            }
        })
        .collect();
    // Offline, every template the content uses counts as available (mapping decides later).
    let target = TargetFacts {
        widget_templates: documents
            .iter()
            .flat_map(|d| widgets_of(&d.regions).map(|w| w.widget_template_uuid.clone()))
            .collect(),
        ..TargetFacts::default()
    };
    let report = pageport_validate::validate(&ValidationInput {
        limits: &plan.limits,
        source_store_hash: &bundle.manifest.source_store_hash,
        target_store_hash: &plan.target.config.store_hash,
        target_channel,
        pages: &pages,
        documents: &documents,
        target: &target,
        source_storefront_hosts: bundle
            .manifest
            .storefront_urls
            .as_deref()
            .unwrap_or_default(),
    });
    Report::new(
        report
            .diagnostics
            .into_iter()
            .map(soften_dangling_parent)
            .collect(),
    )
}

/// A parent outside the selection may exist in the target already: a warning offline.
fn soften_dangling_parent(diagnostic: Diagnostic) -> Diagnostic {
    if diagnostic.code == DiagnosticCode::ParentDangling && diagnostic.severity == Severity::Error {
        Diagnostic::warning(diagnostic.code, diagnostic.location, diagnostic.message).with_help(
            "checked offline: the parent is not in the selection; `pageport plan` checks whether the target has it",
        )
    } else {
        diagnostic
    }
}
