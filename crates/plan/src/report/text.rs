//! The dry-run report for a terminal: a summary, the steps layer by layer, the rewrites by
//! kind, then the errors and warnings. ANSI colour only when asked for.
//!
//! Store text never reaches the terminal raw: names, urls, paths and the values quoted in
//! messages show their control characters as escapes and are shortened
//! ([`pageport_model::escape::terminal`]); the JSON report keeps them whole.

use super::describe::{
    counted, deleted_counts, distinct_pairs, document_label, document_size, name, page_address,
    page_kind, problems_line, rewrites_by_kind, rule_phrase, show_change, show_placement,
    summary_line, template_fields, template_name_of, template_names, template_text,
};
use super::text_diff::{self, DiffLine};
use crate::diagnostics::PlanDiagnostic;
use crate::diff::FieldChange;
use crate::migration_plan::MigrationPlan;
use crate::steps::{
    DocumentStep, DocumentStepAction, PageStep, PageStepAction, Step, TemplateStep,
    TemplateStepAction,
};
use pageport_model::escape::quote;
use pageport_model::escape::terminal::{self, MAX_VALUE_CHARS};
use pageport_validate::Severity;
use std::fmt::Write;

/// Deleted placements listed per overwrite before `… and N more`.
const MAX_DELETIONS: usize = 5;

/// Distinct rewrites shown per kind before `… and N more`.
const MAX_REWRITE_EXAMPLES: usize = 3;

/// Longest JSON path shown, in characters: paths into nested widgets are long but ordinary.
const MAX_PATH_CHARS: usize = 2 * MAX_VALUE_CHARS;

/// What a layer is, said once under the first layer heading.
const LAYERS_EXPLAINED: &str = "(apply writes layer by layer: each step needs only steps of earlier layers, such as a page's parent or a document's page)";

/// Renders the plan for a terminal; `color` adds ANSI colours.
pub fn render_text(plan: &MigrationPlan, color: bool) -> String {
    let paint = Paint { color };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} store {} channel {} → store {} channel {} (on_existing: {}, unmapped: {})",
        paint.bold("Plan:"),
        plan.source.store_hash,
        plan.source.channel_id,
        plan.target.store_hash,
        plan.target.channel_id,
        enum_name(&plan.policies.on_existing),
        enum_name(&plan.policies.unmapped),
    );
    let _ = writeln!(out, "Summary: {}", summary_line(&plan.summary.total));
    let problems = problems_line(plan);
    let _ = writeln!(
        out,
        "{}",
        if plan.has_errors() {
            paint.red(&format!(
                "{problems}: the plan cannot be applied until the errors are fixed"
            ))
        } else if plan.warning_count() > 0 {
            paint.yellow(&problems)
        } else {
            problems
        }
    );

    let layers = plan.steps_by_layer();
    for (index, steps) in layers.iter().enumerate() {
        let _ = writeln!(
            out,
            "\n{}",
            paint.cyan(&format!("Layer {} of {}", index + 1, layers.len()))
        );
        if index == 0 {
            let _ = writeln!(out, "  {LAYERS_EXPLAINED}");
        }
        for step in steps {
            let line = match step {
                Step::Template(template) => template_line(template, &paint),
                Step::Page(page) => page_line(plan, page, &paint),
                Step::Document(document) => document_line(document, &paint),
            };
            let _ = writeln!(out, "  {line}");
            match step {
                Step::Page(page) => write_text_diffs(page, &paint, &mut out),
                Step::Document(document) => {
                    write_placement_changes(plan, document, &paint, &mut out);
                }
                Step::Template(_) => {}
            }
            if let Step::Template(template) = step {
                write_definition_diffs(template, &paint, &mut out);
            }
        }
    }

    write_rewrites(plan, &mut out);
    write_diagnostics(plan, Severity::Error, &paint, &mut out);
    write_diagnostics(plan, Severity::Warning, &paint, &mut out);
    out
}

fn page_line(plan: &MigrationPlan, page: &PageStep, paint: &Paint) -> String {
    let mut subject = format!("{} {}", page_kind(&page.page_type), name(&page.name));
    if let Some(address) = page_address(page) {
        let _ = write!(subject, " ({address})");
    }
    if let Some(id) = page.target_id {
        let _ = write!(subject, " #{id}");
    }
    match page.action {
        PageStepAction::Create => {
            if let Some(parent) = page.parent.name() {
                let _ = write!(subject, " under {}", name(parent));
            }
            paint.green(&format!("+ create {subject}"))
        }
        PageStepAction::Update => {
            let changes: Vec<String> = page.changes.iter().map(|c| show_change(plan, c)).collect();
            paint.yellow(&format!(
                "~ update {subject}, {}: {}",
                counted(changes.len(), "field"),
                changes.join(", ")
            ))
        }
        PageStepAction::Unchanged => paint.dim(&format!("= unchanged {subject}")),
        PageStepAction::Skip => paint.dim(&format!(
            "- skip {subject}: {}",
            reason(page.reason.as_deref())
        )),
        PageStepAction::Blocked => paint.red(&format!(
            "x blocked {subject}: {}",
            reason(page.reason.as_deref())
        )),
    }
}

fn template_line(template: &TemplateStep, paint: &Paint) -> String {
    match template.action {
        TemplateStepAction::Create => paint.green(&format!(
            "+ create widget template {}",
            template_text(template)
        )),
        TemplateStepAction::Update => paint.yellow(&format!(
            "~ update widget template {} as a new version, changes {}: see the diff below",
            template_text(template),
            template_fields(template)
        )),
    }
}

/// The complete diff of each definition field a template update changes, under its step line.
fn write_definition_diffs(template: &TemplateStep, paint: &Paint, out: &mut String) {
    for change in template.update.iter().flat_map(|u| &u.changes) {
        let (old, new) = text_diff::definition_texts(change);
        write_diff(&change.field, &old, &new, "      ", paint, out);
    }
}

/// One field's diff, every line shown in full (control characters made visible).
fn write_diff(field: &str, old: &str, new: &str, indent: &str, paint: &Paint, out: &mut String) {
    let _ = writeln!(
        out,
        "{indent}{}:",
        terminal::terminal(field, MAX_PATH_CHARS)
    );
    for line in text_diff::diff_lines(old, new) {
        let shown = terminal::terminal(&line.unified(), usize::MAX);
        let shown = match line {
            DiffLine::Removed(_) => paint.red(&shown),
            DiffLine::Added(_) => paint.green(&shown),
            DiffLine::Hunk { .. } => paint.cyan(&shown),
            DiffLine::Same(_) => shown,
        };
        let _ = writeln!(out, "{indent}  {shown}");
    }
}

/// The complete diff of each long text field an update changes, under its step line: every
/// line shown in full (control characters made visible), never shortened.
fn write_text_diffs(page: &PageStep, paint: &Paint, out: &mut String) {
    if page.action != PageStepAction::Update {
        return;
    }
    write_long_diffs(&page.changes, "      ", paint, out);
}

/// The line diff of each change in `changes` too long to show inline, indented by `indent`.
fn write_long_diffs(changes: &[FieldChange], indent: &str, paint: &Paint, out: &mut String) {
    for change in changes {
        let Some((old, new)) = text_diff::long_text(change) else {
            continue;
        };
        write_diff(&change.field, old, new, indent, paint, out);
    }
}

/// Each layout or widget an overwrite changes in place, with every changed value by JSON path
/// (long text as a line diff below it).
fn write_placement_changes(
    plan: &MigrationPlan,
    document: &DocumentStep,
    paint: &Paint,
    out: &mut String,
) {
    let Some(overwrite) = &document.overwrite else {
        return;
    };
    for changed in &overwrite.changed {
        let values: Vec<String> = changed
            .changes
            .iter()
            .map(|c| show_change(plan, c))
            .collect();
        let line = format!(
            "~ {}: {}",
            show_placement(&changed.placement),
            values.join(", ")
        );
        let _ = writeln!(out, "      {}", paint.yellow(&line));
        write_long_diffs(&changed.changes, "        ", paint, out);
    }
}

fn document_line(document: &DocumentStep, paint: &Paint) -> String {
    let label = document_label(document);
    match (document.action, &document.overwrite) {
        (DocumentStepAction::Publish, None) => {
            paint.green(&format!("+ publish {label}: {}", document_size(document)))
        }
        (DocumentStepAction::Publish, Some(overwrite)) => {
            let mut line = format!("! overwrite {label}: deletes {}", deleted_counts(overwrite));
            let listed: Vec<String> = overwrite
                .deleted
                .iter()
                .take(MAX_DELETIONS)
                .map(show_placement)
                .collect();
            if !listed.is_empty() {
                let _ = write!(line, ": {}", listed.join(", "));
            }
            if overwrite.deleted.len() > MAX_DELETIONS {
                let _ = write!(
                    line,
                    ", … and {} more",
                    overwrite.deleted.len() - MAX_DELETIONS
                );
            }
            if !overwrite.changed.is_empty() {
                let _ = write!(line, "; changes {}", overwrite.changed.len());
            }
            let _ = write!(
                line,
                "; adds {}, keeps {}",
                overwrite.added.len(),
                overwrite.kept
            );
            paint.magenta(&line)
        }
        (DocumentStepAction::Unchanged, _) => paint.dim(&format!("= unchanged {label}")),
        (DocumentStepAction::Skip, _) => paint.dim(&format!(
            "- skip {label}: {}",
            reason(document.reason.as_deref())
        )),
        (DocumentStepAction::Blocked, _) => paint.red(&format!(
            "x blocked {label}: {}",
            reason(document.reason.as_deref())
        )),
    }
}

fn write_rewrites(plan: &MigrationPlan, out: &mut String) {
    if plan.rewrites.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nRewrites: {}", plan.rewrites.len());
    let names = template_names(plan);
    for (kind, group) in rewrites_by_kind(&plan.rewrites) {
        let pairs = distinct_pairs(&group);
        let _ = writeln!(out, "  {kind}: {}", group.len());
        for (rewrite, count) in pairs.iter().take(MAX_REWRITE_EXAMPLES) {
            let path = terminal::terminal(&rewrite.path, MAX_PATH_CHARS);
            let place = if *count == 1 {
                format!("at {path}")
            } else {
                format!("in {count} places, first at {path}")
            };
            let named = template_name_of(&names, rewrite)
                .map(|name| format!(" ({})", terminal::quoted(name, MAX_VALUE_CHARS)))
                .unwrap_or_default();
            let rule = rule_phrase(rewrite)
                .map(|phrase| format!(" {phrase},"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "    {}{named} → {}{rule} {place}",
                terminal::terminal(&rewrite.from, MAX_VALUE_CHARS),
                terminal::terminal(&rewrite.to, MAX_VALUE_CHARS)
            );
        }
        if pairs.len() > MAX_REWRITE_EXAMPLES {
            let _ = writeln!(out, "    … and {} more", pairs.len() - MAX_REWRITE_EXAMPLES);
        }
    }
}

fn write_diagnostics(plan: &MigrationPlan, severity: Severity, paint: &Paint, out: &mut String) {
    let found: Vec<&PlanDiagnostic> = plan
        .diagnostics
        .iter()
        .filter(|d| d.severity == severity)
        .collect();
    if found.is_empty() {
        return;
    }
    let title = match severity {
        Severity::Error => "Errors",
        Severity::Warning => "Warnings",
    };
    let _ = writeln!(out, "\n{}: {}", paint.bold(title), found.len());
    for diagnostic in found {
        let head = format!("{}[{}]", diagnostic.severity, diagnostic.code);
        let head = match severity {
            Severity::Error => paint.red(&head),
            Severity::Warning => paint.yellow(&head),
        };
        let mut line = format!(
            "  {head} {}",
            terminal::message(&diagnostic.location, MAX_VALUE_CHARS)
        );
        if let Some(path) = &diagnostic.path {
            let _ = write!(
                line,
                " at {}",
                quote(&terminal::terminal(path, MAX_PATH_CHARS))
            );
        }
        let _ = writeln!(
            out,
            "{line}: {}",
            terminal::message(&diagnostic.message, MAX_VALUE_CHARS)
        );
        if let Some(help) = &diagnostic.help {
            let _ = writeln!(
                out,
                "    help: {}",
                terminal::message(help, MAX_VALUE_CHARS)
            );
        }
    }
}

/// A step's reason (pageport's words, store values quoted) made safe for a terminal.
fn reason(reason: Option<&str>) -> String {
    terminal::message(reason.unwrap_or("no reason recorded"), MAX_VALUE_CHARS)
}

/// The serde name of a policy value (`update`, `fail`, …).
fn enum_name<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        _ => "?".to_owned(),
    }
}

/// ANSI colouring that is a no-op when colour is off.
struct Paint {
    color: bool,
}

impl Paint {
    fn wrap(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    fn bold(&self, text: &str) -> String {
        self.wrap("1", text)
    }

    fn dim(&self, text: &str) -> String {
        self.wrap("2", text)
    }

    fn red(&self, text: &str) -> String {
        self.wrap("31", text)
    }

    fn green(&self, text: &str) -> String {
        self.wrap("32", text)
    }

    fn yellow(&self, text: &str) -> String {
        self.wrap("33", text)
    }

    fn magenta(&self, text: &str) -> String {
        self.wrap("35", text)
    }

    fn cyan(&self, text: &str) -> String {
        self.wrap("36", text)
    }
}
