//! `pageport validate`: offline checks of the content a plan would migrate — limits, page
//! rules, parents, uuids and source-store leaks — without reading the target.
//!
//! Checks that need the target (name and url collisions, the channel's totals, whether a
//! template or parent exists there, id matching) are `pageport plan`'s job; here a parent
//! outside the selection is only a warning, since it may already exist in the target.

use crate::args::ValidateArgs;
use crate::exit::Exit;
use crate::{connect, output, pipeline};
use miette::{IntoDiagnostic, WrapErr};
use pageport_model::page_widgets::widgets_of;
use pageport_model::{Bundle, PageId, StoreHash};
use pageport_validate::{
    Diagnostic, DiagnosticCode, PageAction, ParentRef, PlannedDocument, PlannedPage, Report,
    Severity, TargetFacts, ValidationInput,
};
use std::borrow::Cow;
use std::collections::BTreeSet;

/// Validates the plan's content and prints every finding.
pub(crate) fn run(args: ValidateArgs, state_dir: &std::path::Path) -> miette::Result<Exit> {
    let plan = pipeline::load_plan(&args.plan)?;
    let bundle = match &args.bundle {
        Some(dir) => pageport_bundle::read_bundle(dir)
            .into_diagnostic()
            .wrap_err_with(|| format!("cannot use bundle `{}`", dir.display()))?,
        None => {
            let connections = connect::connect(&plan, state_dir)?;
            pipeline::runtime()?.block_on(pipeline::extract_bundle(&plan, &connections))?
        }
    };
    let report = check(&plan, &bundle);
    let errors = report.errors().count();
    let warnings = report.warnings().count();
    let mut text = String::new();
    for diagnostic in &report.diagnostics {
        text.push_str(&diagnostic.to_string());
        text.push('\n');
    }
    text.push_str(&format!(
        "{} pages, {} page-widget documents checked: {errors} errors, {warnings} warnings\n",
        bundle.pages.len(),
        bundle.page_widgets.len()
    ));
    output::stdout(&text)?;
    Ok(if errors > 0 {
        Exit::ValidationFailed
    } else {
        Exit::Success
    })
}

/// Runs the offline checks on the bundle as if every page were created in the target channel.
fn check(plan: &pageport_mapping::PlanFile, bundle: &Bundle) -> Report {
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
    let target_hash: &StoreHash = &plan.target.config.store_hash;
    let report = pageport_validate::validate(&ValidationInput {
        limits: &plan.limits,
        source_store_hash: &bundle.manifest.source_store_hash,
        target_store_hash: target_hash,
        target_channel,
        pages: &pages,
        documents: &documents,
        target: &target,
        source_storefront_hosts: &[],
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
