//! Ordering the plan: the dependency graph of its steps (template created or updated →
//! documents publishing with it, parent page → child page, page → its `pages/page` document)
//! and each step's layer.

use crate::diagnostics::{PlanDiagnostic, codes};
use crate::graph::{CycleError, DependencyGraph, StepRef};
use crate::steps::{DocumentStep, DocumentStepAction, PageStep, TemplateStep, TemplateStepAction};
use pageport_model::{PageId, WidgetTemplateUuid};
use pageport_validate::Severity;
use std::collections::{BTreeMap, BTreeSet};

/// Builds the dependency graph (template → documents using it, an updated template before the
/// publishes that use it, parent page → child page,
/// page → its `pages/page` document) and records each step's layer; returns the layers and
/// the cycles that had to be broken.
pub(crate) fn assign_layers(
    templates: &mut [TemplateStep],
    pages: &mut [PageStep],
    documents: &mut [DocumentStep],
) -> (Vec<Vec<StepRef>>, Vec<CycleError>) {
    let mut graph = DependencyGraph::new();
    for template in templates.iter() {
        graph.add(template.step_ref());
    }
    let planned: BTreeSet<PageId> = pages.iter().map(|p| p.source_id).collect();
    for page in pages.iter() {
        graph.add(page.step_ref());
        if let Some(parent) = page.source.parent().filter(|p| planned.contains(p)) {
            graph.depends_on(
                page.step_ref(),
                StepRef::Page {
                    source_id: parent.get(),
                },
            );
        }
    }
    let created: BTreeSet<&WidgetTemplateUuid> = templates
        .iter()
        .filter(|t| t.action == TemplateStepAction::Create)
        .map(|t| &t.source_uuid)
        .collect();
    let updated: BTreeSet<&WidgetTemplateUuid> = templates
        .iter()
        .filter(|t| t.action == TemplateStepAction::Update)
        .map(|t| &t.source_uuid)
        .collect();
    for document in documents.iter() {
        graph.add(document.step_ref());
        if document.action == DocumentStepAction::Publish {
            // A publish waits for the new version of the templates it uses.
            let uses: BTreeSet<&WidgetTemplateUuid> = document
                .source
                .widgets()
                .map(|w| &w.widget_template_uuid)
                .filter(|u| updated.contains(u))
                .collect();
            for uuid in uses {
                graph.depends_on(
                    document.step_ref(),
                    StepRef::Template {
                        uuid: uuid.to_string(),
                    },
                );
            }
        }
        for uuid in document
            .templates_created_first
            .iter()
            .filter(|u| created.contains(u))
        {
            graph.depends_on(
                document.step_ref(),
                StepRef::Template {
                    uuid: uuid.to_string(),
                },
            );
        }
        if let Some(page) = document.source_page.filter(|p| planned.contains(p)) {
            graph.depends_on(
                document.step_ref(),
                StepRef::Page {
                    source_id: page.get(),
                },
            );
        }
    }
    let (layers, cycles) = graph.layers_breaking_cycles();
    let layer_of: BTreeMap<StepRef, usize> = layers
        .iter()
        .enumerate()
        .flat_map(|(i, nodes)| nodes.iter().map(move |n| (n.clone(), i)))
        .collect();
    let find = |node: StepRef| layer_of.get(&node).copied().unwrap_or(0);
    for template in templates.iter_mut() {
        template.layer = find(template.step_ref());
    }
    for page in pages.iter_mut() {
        page.layer = find(page.step_ref());
    }
    for document in documents.iter_mut() {
        document.layer = find(document.step_ref());
    }
    (layers, cycles)
}

pub(crate) fn cycle_diagnostic(cycle: &CycleError) -> PlanDiagnostic {
    PlanDiagnostic::new(
        Severity::Error,
        codes::DEPENDENCY_CYCLE,
        "plan",
        format!("{cycle}; these steps cannot be ordered"),
    )
    .with_help("fix the parent pages in the source so that no page is its own ancestor")
}
