//! The migration plan: everything `apply` needs to make the target match the source, without
//! the source or the plan file: the steps in dependency layers, the remap tables, what each
//! write changes, the diagnostics, and a fingerprint of every target object the plan read.
//!
//! The plan is versioned JSON with a stable field order; it never holds an access token (it
//! has no field that could).

use crate::diagnostics::PlanDiagnostic;
use crate::error::PlanError;
use crate::graph::StepRef;
use crate::steps::{
    DocumentStep, DocumentStepAction, MappedTemplate, PageStep, PageStepAction, Step, TemplateStep,
    TemplateStepAction,
};
use pageport_mapping::{OnExisting, RemapTables, Rewrite, Unmapped, UnmappedPolicy};
use pageport_model::{ChannelId, PageId, PageWidgetsKey, StoreHash};
use pageport_validate::Severity;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The plan format this build writes and reads.
pub const PLAN_FORMAT_VERSION: u32 = 1;

/// A complete, serialisable migration plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MigrationPlan {
    /// The plan format ([`PLAN_FORMAT_VERSION`]).
    pub format_version: u32,
    /// The store and channel the content comes from.
    pub source: StoreChannel,
    /// The store and channel the plan writes to.
    pub target: StoreChannel,
    /// The policies the plan was built under.
    pub policies: Policies,
    /// How many steps of each kind do what.
    pub summary: Summary,
    /// The steps in dependency order: layer n depends only on layers before it.
    pub layers: Vec<Vec<StepRef>>,
    /// Widget templates to create or update, in source uuid order.
    pub templates: Vec<TemplateStep>,
    /// Web pages, in source id order.
    pub pages: Vec<PageStep>,
    /// Page-widget documents, in source key order.
    pub documents: Vec<DocumentStep>,
    /// Source widget templates that already exist in the target, in source uuid order.
    pub mapped_templates: Vec<MappedTemplate>,
    /// Every identifier rewritten in what the plan writes (page creates and updates, document
    /// publishes), pages first, then documents, in document order.
    pub rewrites: Vec<Rewrite>,
    /// Every identifier no rule maps in what the plan writes (reported per the unmapped policy).
    pub unmapped: Vec<Unmapped>,
    /// Errors, then warnings.
    pub diagnostics: Vec<PlanDiagnostic>,
    /// The fingerprint of every target object the plan read, by object key (`page:512`,
    /// `page-widgets:channel 1 pages/home`, …); apply refuses the plan when one changed.
    pub fingerprints: BTreeMap<String, String>,
    /// The remap tables; apply records created page ids and template uuids in them.
    pub tables: RemapTables,
}

/// A store and one of its channels. Holds no credential.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreChannel {
    /// The store hash.
    pub store_hash: StoreHash,
    /// The channel.
    pub channel_id: ChannelId,
}

/// The plan file's policies, as the plan was built under them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policies {
    /// What happens to target objects that already exist.
    pub on_existing: OnExisting,
    /// What happens to identifiers no rule maps.
    pub unmapped: UnmappedPolicy,
}

/// Step counts per kind and in total.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// Widget templates.
    pub templates: ActionCounts,
    /// Web pages.
    pub pages: ActionCounts,
    /// Page-widget documents.
    pub documents: ActionCounts,
    /// All of them.
    pub total: ActionCounts,
}

/// How many steps do what. A document publish counts as `create` when the target has no
/// document there, as `overwrite` when it replaces one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionCounts {
    /// Objects created.
    pub create: usize,
    /// Pages and widget templates updated.
    pub update: usize,
    /// Documents replaced.
    pub overwrite: usize,
    /// Objects already as planned (no call).
    pub unchanged: usize,
    /// Objects left alone by `on_existing: skip`.
    pub skip: usize,
    /// Objects that cannot be written.
    pub blocked: usize,
}

impl ActionCounts {
    /// The number of writes these steps make.
    pub fn writes(&self) -> usize {
        self.create + self.update + self.overwrite
    }

    fn add(&mut self, other: &ActionCounts) {
        self.create += other.create;
        self.update += other.update;
        self.overwrite += other.overwrite;
        self.unchanged += other.unchanged;
        self.skip += other.skip;
        self.blocked += other.blocked;
    }
}

impl Summary {
    /// Counts the actions of the given steps.
    pub fn of(templates: &[TemplateStep], pages: &[PageStep], documents: &[DocumentStep]) -> Self {
        let mut summary = Summary::default();
        for template in templates {
            match template.action {
                TemplateStepAction::Create => summary.templates.create += 1,
                TemplateStepAction::Update => summary.templates.update += 1,
            }
        }
        for page in pages {
            let counts = &mut summary.pages;
            match page.action {
                PageStepAction::Create => counts.create += 1,
                PageStepAction::Update => counts.update += 1,
                PageStepAction::Unchanged => counts.unchanged += 1,
                PageStepAction::Skip => counts.skip += 1,
                PageStepAction::Blocked => counts.blocked += 1,
            }
        }
        for document in documents {
            let counts = &mut summary.documents;
            match (document.action, &document.overwrite) {
                (DocumentStepAction::Publish, None) => counts.create += 1,
                (DocumentStepAction::Publish, Some(_)) => counts.overwrite += 1,
                (DocumentStepAction::Unchanged, _) => counts.unchanged += 1,
                (DocumentStepAction::Skip, _) => counts.skip += 1,
                (DocumentStepAction::Blocked, _) => counts.blocked += 1,
            }
        }
        let mut total = ActionCounts::default();
        for counts in [&summary.templates, &summary.pages, &summary.documents] {
            total.add(counts);
        }
        summary.total = total;
        summary
    }
}

impl MigrationPlan {
    /// True when applying the plan would write anything (exit code 2 with
    /// `--detailed-exitcode`).
    pub fn has_changes(&self) -> bool {
        self.summary.total.writes() > 0
    }

    /// One line per write the plan would still make, templates, then pages, then documents:
    /// what a verification re-plan names when the target still differs. Names from the store
    /// are quoted with control characters escaped.
    pub fn remaining_writes(&self) -> Vec<String> {
        let mut lines: Vec<String> = self
            .templates
            .iter()
            .map(|t| {
                let what = match &t.update {
                    Some(update) => {
                        let fields: Vec<&str> =
                            update.changes.iter().map(|c| c.field.as_str()).collect();
                        format!("update ({})", fields.join(", "))
                    }
                    None => "create".to_owned(),
                };
                format!(
                    "widget template {}: {what}",
                    crate::report::describe::name(&t.name)
                )
            })
            .collect();
        for page in &self.pages {
            let what = match page.action {
                crate::steps::PageStepAction::Create => "create".to_owned(),
                crate::steps::PageStepAction::Update => {
                    let fields: Vec<&str> = page.changes.iter().map(|c| c.field.as_str()).collect();
                    format!("update ({})", fields.join(", "))
                }
                _ => continue,
            };
            lines.push(format!(
                "page {}: {what}",
                crate::report::describe::name(&page.name)
            ));
        }
        for document in &self.documents {
            if document.action == crate::steps::DocumentStepAction::Publish {
                lines.push(format!(
                    "page-widget document {}: publish",
                    crate::report::describe::name(&document.source_key.to_string())
                ));
            }
        }
        lines
    }

    /// True when a diagnostic is an error: the plan must not be applied.
    pub fn has_errors(&self) -> bool {
        self.error_count() > 0
    }

    /// The number of error diagnostics.
    pub fn error_count(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// The number of warning diagnostics.
    pub fn warning_count(&self) -> usize {
        self.diagnostics.len() - self.error_count()
    }

    /// The page step of a source page.
    pub fn page(&self, source_id: PageId) -> Option<&PageStep> {
        self.pages.iter().find(|p| p.source_id == source_id)
    }

    /// The step a graph node names.
    pub fn step(&self, node: &StepRef) -> Option<Step<'_>> {
        match node {
            StepRef::Template { uuid } => self
                .templates
                .iter()
                .find(|t| t.source_uuid.as_str() == uuid)
                .map(Step::Template),
            StepRef::Page { source_id } => self.page(PageId(*source_id)).map(Step::Page),
            StepRef::Document { key } => self
                .documents
                .iter()
                .find(|d| d.source_key.to_string() == *key)
                .map(Step::Document),
        }
    }

    /// The steps, layer by layer, in the order apply runs them.
    pub fn steps_by_layer(&self) -> Vec<Vec<Step<'_>>> {
        self.layers
            .iter()
            .map(|layer| layer.iter().filter_map(|node| self.step(node)).collect())
            .collect()
    }

    /// The target documents the plan read (and a fresh inventory must read again for
    /// [`crate::stale_objects`]), in key order.
    pub fn target_document_keys(&self) -> Vec<PageWidgetsKey> {
        let mut keys: Vec<PageWidgetsKey> = self
            .documents
            .iter()
            .filter_map(|d| d.target_key.clone())
            .collect();
        keys.sort();
        keys.dedup();
        keys
    }

    /// The plan as compact JSON (one line), fields in declaration order, maps sorted: a file
    /// for `apply --plan` and the run directory, not for reading (the JSON report is).
    pub fn to_json(&self) -> Result<String, PlanError> {
        let mut text =
            serde_json::to_string(self).map_err(|source| PlanError::Serialize { source })?;
        text.push('\n');
        Ok(text)
    }

    /// Reads a plan written by [`MigrationPlan::to_json`], refusing other format versions.
    pub fn from_json(text: &str) -> Result<Self, PlanError> {
        #[derive(Deserialize)]
        struct Version {
            format_version: u64,
        }
        let version: Version =
            serde_json::from_str(text).map_err(|source| PlanError::PlanJson { source })?;
        if version.format_version != u64::from(PLAN_FORMAT_VERSION) {
            return Err(PlanError::PlanFormatVersion {
                found: version.format_version,
                supported: PLAN_FORMAT_VERSION,
            });
        }
        serde_json::from_str(text).map_err(|source| PlanError::PlanJson { source })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;
    use serde_json::json;

    #[test]
    fn the_plan_round_trips_through_json_and_refuses_other_versions() {
        let plan = scenario_plan();
        let text = plan.to_json().unwrap();
        // Compact: one line, the format version first.
        assert!(
            text.starts_with("{\"format_version\":1,"),
            "{}",
            &text[..40]
        );
        assert_eq!(text.lines().count(), 1);
        assert_eq!(MigrationPlan::from_json(&text).unwrap(), plan);
        assert_eq!(plan.to_json().unwrap(), text, "stable output");

        let newer = text.replacen("\"format_version\":1", "\"format_version\":2", 1);
        let err = MigrationPlan::from_json(&newer).unwrap_err();
        assert!(matches!(
            err,
            PlanError::PlanFormatVersion {
                found: 2,
                supported: 1
            }
        ));
        assert!(matches!(
            MigrationPlan::from_json("{}"),
            Err(PlanError::PlanJson { .. })
        ));
    }

    #[test]
    fn no_token_can_enter_the_plan() {
        let plan = scenario_plan();
        let value = serde_json::to_value(&plan).unwrap();
        let top: Vec<&str> = value
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            top,
            [
                "format_version",
                "source",
                "target",
                "policies",
                "summary",
                "layers",
                "templates",
                "pages",
                "documents",
                "mapped_templates",
                "rewrites",
                "unmapped",
                "diagnostics",
                "fingerprints",
                "tables"
            ]
        );
        assert_eq!(
            value["source"],
            json!({"store_hash": "abc123", "channel_id": 1})
        );
        assert_eq!(
            value["target"],
            json!({"store_hash": "xyz789", "channel_id": 1})
        );
        let outputs = [
            plan.to_json().unwrap(),
            crate::render_text(&plan, true),
            crate::render_markdown(&plan),
            crate::render_json(&plan).unwrap(),
        ];
        for output in outputs {
            for token in TOKENS {
                assert!(!output.contains(token));
            }
        }
    }
}
