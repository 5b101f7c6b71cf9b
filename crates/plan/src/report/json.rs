//! The dry-run report as JSON, for CI: the plan without the page bodies and documents (those
//! are in the plan file), steps layer by layer, rewrites counted by kind, and the diagnostics.
//! Field order is fixed and maps are sorted, so the output is stable.

use super::describe::{distinct_pairs, rewrites_by_kind};
use crate::diagnostics::PlanDiagnostic;
use crate::diff::{DocumentOverwrite, FieldChange};
use crate::error::PlanError;
use crate::matching::MatchedBy;
use crate::migration_plan::{MigrationPlan, PLAN_FORMAT_VERSION, Policies, StoreChannel, Summary};
use crate::steps::{DocumentStepAction, PageStepAction, ParentPlan, Step, TemplateStepAction};
use pageport_mapping::RuleSource;
use pageport_model::{PageId, PageType, PageWidgetsKey, WidgetTemplateUuid};
use serde::Serialize;
use std::collections::BTreeMap;

/// Renders the report as pretty JSON (`{"format_version": 1, …}`).
pub fn render_json(plan: &MigrationPlan) -> Result<String, PlanError> {
    let report = JsonReport {
        format_version: PLAN_FORMAT_VERSION,
        source: &plan.source,
        target: &plan.target,
        policies: &plan.policies,
        has_changes: plan.has_changes(),
        has_errors: plan.has_errors(),
        summary: &plan.summary,
        layers: plan
            .steps_by_layer()
            .iter()
            .map(|steps| steps.iter().map(step_view).collect())
            .collect(),
        rewrites: rewrite_view(plan),
        diagnostics: &plan.diagnostics,
    };
    let mut text =
        serde_json::to_string_pretty(&report).map_err(|source| PlanError::Serialize { source })?;
    text.push('\n');
    Ok(text)
}

#[derive(Serialize)]
struct JsonReport<'a> {
    format_version: u32,
    source: &'a StoreChannel,
    target: &'a StoreChannel,
    policies: &'a Policies,
    has_changes: bool,
    has_errors: bool,
    summary: &'a Summary,
    layers: Vec<Vec<StepView<'a>>>,
    rewrites: RewritesView,
    diagnostics: &'a [PlanDiagnostic],
}

#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum StepView<'a> {
    Template {
        action: TemplateStepAction,
        name: &'a str,
        source_uuid: &'a WidgetTemplateUuid,
        #[serde(skip_serializing_if = "Option::is_none")]
        target_uuid: Option<&'a WidgetTemplateUuid>,
        used_by: usize,
        #[serde(skip_serializing_if = "<[_]>::is_empty")]
        changes: &'a [FieldChange],
    },
    Page {
        action: PageStepAction,
        source_id: PageId,
        name: &'a str,
        #[serde(rename = "type")]
        page_type: &'a PageType,
        #[serde(skip_serializing_if = "Option::is_none")]
        url: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        target_id: Option<PageId>,
        #[serde(skip_serializing_if = "Option::is_none")]
        matched_by: Option<MatchedBy>,
        parent: &'a ParentPlan,
        #[serde(skip_serializing_if = "<[_]>::is_empty")]
        changes: &'a [FieldChange],
        #[serde(skip_serializing_if = "Option::is_none")]
        reason: Option<&'a str>,
    },
    Document {
        action: DocumentStepAction,
        label: String,
        source_key: &'a PageWidgetsKey,
        #[serde(skip_serializing_if = "Option::is_none")]
        target_key: Option<&'a PageWidgetsKey>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pending_page: Option<PageId>,
        layouts: usize,
        widgets: usize,
        #[serde(skip_serializing_if = "Option::is_none")]
        overwrite: Option<&'a DocumentOverwrite>,
        #[serde(skip_serializing_if = "Option::is_none")]
        reason: Option<&'a str>,
    },
}

#[derive(Serialize)]
struct RewritesView {
    total: usize,
    by_kind: BTreeMap<String, KindView>,
}

#[derive(Serialize)]
struct KindView {
    count: usize,
    distinct: Vec<PairView>,
}

#[derive(Serialize)]
struct PairView {
    from: String,
    to: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule: Option<RuleSource>,
    places: usize,
    first_at: String,
}

fn step_view<'a>(step: &Step<'a>) -> StepView<'a> {
    match *step {
        Step::Template(t) => StepView::Template {
            action: t.action,
            name: &t.name,
            source_uuid: &t.source_uuid,
            target_uuid: t.update.as_ref().map(|u| &u.target_uuid),
            used_by: t.used_by,
            changes: t.update.as_ref().map_or(&[], |u| u.changes.as_slice()),
        },
        Step::Page(p) => StepView::Page {
            action: p.action,
            source_id: p.source_id,
            name: &p.name,
            page_type: &p.page_type,
            url: p.url.as_deref(),
            target_id: p.target_id,
            matched_by: p.matched_by,
            parent: &p.parent,
            changes: &p.changes,
            reason: p.reason.as_deref(),
        },
        Step::Document(d) => StepView::Document {
            action: d.action,
            label: d.label(),
            source_key: &d.source_key,
            target_key: d.target_key.as_ref(),
            pending_page: d.pending_page,
            layouts: d.layouts,
            widgets: d.widgets,
            overwrite: d.overwrite.as_ref(),
            reason: d.reason.as_deref(),
        },
    }
}

fn rewrite_view(plan: &MigrationPlan) -> RewritesView {
    let by_kind = rewrites_by_kind(&plan.rewrites)
        .into_iter()
        .map(|(kind, group)| {
            let distinct = distinct_pairs(&group)
                .into_iter()
                .map(|(rewrite, places)| PairView {
                    from: rewrite.from.clone(),
                    to: rewrite.to.clone(),
                    rule: rewrite.rule,
                    places,
                    first_at: rewrite.path.clone(),
                })
                .collect();
            let name = serde_json::to_value(kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_else(|| kind.to_string());
            (
                name,
                KindView {
                    count: group.len(),
                    distinct,
                },
            )
        })
        .collect();
    RewritesView {
        total: plan.rewrites.len(),
        by_kind,
    }
}
