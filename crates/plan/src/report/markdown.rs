//! The dry-run report as a pull-request comment: a title, the summary table, errors and
//! warnings, then folded sections for pages, documents (with what each overwrite deletes),
//! widget templates and rewrites. Long lists are cut (`… and N more`, with a note) so the
//! comment stays under GitHub's limit.

use super::describe::{
    counted, deleted_counts, distinct_pairs, document_label, document_size, page_address,
    page_kind, rewrites_by_kind, safe_label, show_change, show_placement, template_fields,
    template_name_of, template_names,
};
use super::escape::{code, inline_code, message, rich, text};
use super::text_diff;
use crate::diagnostics::PlanDiagnostic;
use crate::diff::FieldChange;
use crate::migration_plan::{ActionCounts, MigrationPlan};

/// A long text change to show as a diff: whose (already Markdown-escaped), the change, and its
/// old and new text.
type LongChange<'a> = (String, &'a FieldChange, &'a str, &'a str);
use crate::steps::{DocumentStep, DocumentStepAction, PageStepAction};
use pageport_validate::Severity;
use std::fmt::Write;

/// GitHub's limit on a comment body, in characters.
pub const GITHUB_COMMENT_LIMIT: usize = 65_536;

/// The size the report aims under (bytes, which are never fewer than characters), leaving
/// room for text a CI job adds around it.
const BUDGET: usize = 60_000;

/// Rows listed per section before the report starts cutting.
const FIRST_ROW_LIMIT: usize = 200;

/// Renders the plan as Markdown for a pull-request comment, under GitHub's comment limit.
pub fn render_markdown(plan: &MigrationPlan) -> String {
    let mut rows = FIRST_ROW_LIMIT;
    loop {
        let text = Renderer {
            plan,
            rows,
            cut: false,
            layers_explained: false,
        }
        .render();
        if text.len() <= BUDGET || rows == 0 {
            return text;
        }
        rows /= 2;
    }
}

/// One rendering pass with a row limit per list.
struct Renderer<'a> {
    plan: &'a MigrationPlan,
    rows: usize,
    cut: bool,
    /// Whether the `layer` column was explained yet (once, above the first table with it).
    layers_explained: bool,
}

impl Renderer<'_> {
    fn render(mut self) -> String {
        let plan = self.plan;
        let mut out = format!(
            "## pageport plan: `{}` channel {} → `{}` channel {}\n\n",
            plan.source.store_hash,
            plan.source.channel_id,
            plan.target.store_hash,
            plan.target.channel_id
        );
        write_summary(plan, &mut out);
        self.write_diagnostics(Severity::Error, &mut out);
        self.write_diagnostics(Severity::Warning, &mut out);
        self.write_pages(&mut out);
        self.write_documents(&mut out);
        self.write_templates(&mut out);
        self.write_rewrites(&mut out);
        if self.cut {
            out.push_str(
                "\n_Some lists are cut to fit a pull-request comment; `pageport plan --format json` \
                 shows everything._\n",
            );
        }
        out
    }

    /// Says once what the `layer` column means.
    fn explain_layers(&mut self, out: &mut String) {
        if !self.layers_explained {
            self.layers_explained = true;
            out.push_str(
                "*Layer*: apply writes layer by layer; each step needs only steps of earlier \
                 layers, such as a page's parent or a document's page.\n\n",
            );
        }
    }

    /// The first `self.rows` items, and a note line for the rest.
    fn take<'t, T>(&mut self, items: &'t [T]) -> (&'t [T], Option<String>) {
        if items.len() <= self.rows {
            (items, None)
        } else {
            self.cut = true;
            (
                &items[..self.rows],
                Some(format!("… and {} more", items.len() - self.rows)),
            )
        }
    }

    fn write_diagnostics(&mut self, severity: Severity, out: &mut String) {
        let found: Vec<&PlanDiagnostic> = self
            .plan
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
        let _ = writeln!(out, "### {title} ({})\n", found.len());
        let (shown, rest) = self.take(&found);
        for diagnostic in shown {
            let mut line = format!("- `{}` {}", diagnostic.code, message(&diagnostic.location));
            if let Some(path) = &diagnostic.path {
                let _ = write!(line, " at {}", inline_code(path));
            }
            let _ = write!(out, "{line}: {}", message(&diagnostic.message));
            match &diagnostic.help {
                // A trailing backslash is a hard line break: help goes on its own line.
                Some(help) => {
                    let _ = writeln!(out, "\\\n  _help:_ {}", message(help));
                }
                None => out.push('\n'),
            }
        }
        if let Some(rest) = rest {
            let _ = writeln!(out, "- {rest}");
        }
        out.push('\n');
    }

    fn write_pages(&mut self, out: &mut String) {
        let plan = self.plan;
        if plan.pages.is_empty() {
            return;
        }
        open_details(out, "Pages", &plan.summary.pages);
        self.explain_layers(out);
        out.push_str("| action | page | url | parent | layer | details |\n");
        out.push_str("|---|---|---|---|---:|---|\n");
        let (shown, rest) = self.take(&plan.pages);
        for page in shown {
            let mut name = format!("{} ({})", text(&page.name), page_kind(&page.page_type));
            if let Some(id) = page.target_id {
                let _ = write!(name, " #{id}");
            }
            let details = match page.action {
                PageStepAction::Update => page
                    .changes
                    .iter()
                    .map(|c| code(&show_change(plan, c)))
                    .collect::<Vec<_>>()
                    .join("<br>"),
                PageStepAction::Skip | PageStepAction::Blocked => {
                    rich(page.reason.as_deref().unwrap_or_default())
                }
                _ => String::new(),
            };
            let _ = writeln!(
                out,
                "| {} | {name} | {} | {} | {} | {details} |",
                page.action,
                page_address(page).map(|a| code(&a)).unwrap_or_default(),
                page.parent.name().map(text).unwrap_or_default(),
                page.layer + 1,
            );
        }
        if let Some(rest) = rest {
            let _ = writeln!(out, "| | {rest} | | | | |");
        }
        self.write_text_diffs(out);
        close_details(out);
    }

    /// The complete diff of every long text field a page update changes, each folded in its
    /// own `<details>` as a `diff` code block that no line of the content can close.
    fn write_text_diffs(&mut self, out: &mut String) {
        let plan = self.plan;
        let changes: Vec<LongChange<'_>> = plan
            .pages
            .iter()
            .filter(|page| page.action == PageStepAction::Update)
            .flat_map(|page| {
                page.changes.iter().filter_map(move |change| {
                    text_diff::long_text(change)
                        .map(|(old, new)| (format!("page {}", text(&page.name)), change, old, new))
                })
            })
            .collect();
        self.write_long_diffs(changes, out);
    }

    /// The complete diff of every long text value an overwrite changes inside a layout or
    /// widget, folded like page bodies.
    fn write_placement_diffs(&mut self, documents: &[DocumentStep], out: &mut String) {
        let changes: Vec<LongChange<'_>> = documents
            .iter()
            .flat_map(|document| {
                document
                    .overwrite
                    .iter()
                    .flat_map(|overwrite| &overwrite.changed)
                    .flat_map(move |changed| {
                        changed.changes.iter().filter_map(move |change| {
                            text_diff::long_text(change).map(|(old, new)| {
                                let subject = format!(
                                    "{} in {}",
                                    text(&show_placement(&changed.placement)),
                                    text(&safe_label(document))
                                );
                                (subject, change, old, new)
                            })
                        })
                    })
            })
            .collect();
        self.write_long_diffs(changes, out);
    }

    /// Each long change as a folded `diff` block.
    fn write_long_diffs(&mut self, changes: Vec<LongChange<'_>>, out: &mut String) {
        if changes.is_empty() {
            return;
        }
        let (shown, rest) = self.take(&changes);
        out.push('\n');
        for (subject, change, old, new) in shown {
            write_diff_block(
                out,
                &format!("{} of {subject}", text(&change.field)),
                old,
                new,
            );
        }
        if let Some(rest) = rest {
            let _ = writeln!(
                out,
                "_{rest} text diffs: see the JSON report (`--format json`)._\n"
            );
        }
    }

    fn write_documents(&mut self, out: &mut String) {
        let plan = self.plan;
        if plan.documents.is_empty() {
            return;
        }
        open_details(out, "Page-widget documents", &plan.summary.documents);
        self.explain_layers(out);
        out.push_str("| action | document | content | layer | details |\n");
        out.push_str("|---|---|---|---:|---|\n");
        let (shown, rest) = self.take(&plan.documents);
        for document in shown {
            let (action, details) = match (document.action, &document.overwrite) {
                (DocumentStepAction::Publish, Some(overwrite)) => (
                    "overwrite".to_owned(),
                    format!(
                        "deletes {}{}; adds {}, keeps {}",
                        deleted_counts(overwrite),
                        if overwrite.changed.is_empty() {
                            String::new()
                        } else {
                            format!("; changes {}", overwrite.changed.len())
                        },
                        overwrite.added.len(),
                        overwrite.kept
                    ),
                ),
                (DocumentStepAction::Publish, None) => ("create".to_owned(), String::new()),
                (action, _) => (
                    action.to_string(),
                    rich(document.reason.as_deref().unwrap_or_default()),
                ),
            };
            let _ = writeln!(
                out,
                "| {action} | {} | {} | {} | {details} |",
                text(&document_label(document)),
                document_size(document),
                document.layer + 1,
            );
        }
        if let Some(rest) = rest {
            let _ = writeln!(out, "| | {rest} | | | |");
        }
        for document in shown {
            self.write_placement_changes(document, out);
            let Some(overwrite) = document
                .overwrite
                .as_ref()
                .filter(|o| !o.deleted.is_empty())
            else {
                continue;
            };
            let _ = writeln!(
                out,
                "\n**Overwriting {} deletes {}:**\n",
                text(&safe_label(document)),
                deleted_counts(overwrite)
            );
            let (deleted, rest) = self.take(&overwrite.deleted);
            for placement in deleted {
                let _ = writeln!(out, "- {}", text(&show_placement(placement)));
            }
            if let Some(rest) = rest {
                let _ = writeln!(out, "- {rest}");
            }
        }
        self.write_placement_diffs(shown, out);
        close_details(out);
    }

    /// The layouts and widgets an overwrite changes in place, each with its changed values by
    /// JSON path (long text: see the diffs after the pages).
    fn write_placement_changes(&mut self, document: &DocumentStep, out: &mut String) {
        let Some(overwrite) = document
            .overwrite
            .as_ref()
            .filter(|o| !o.changed.is_empty())
        else {
            return;
        };
        let _ = writeln!(
            out,
            "\n**Overwriting {} changes {} in place:**\n",
            text(&safe_label(document)),
            counted(overwrite.changed.len(), "placement")
        );
        let plan = self.plan;
        let (shown, rest) = self.take(&overwrite.changed);
        for changed in shown {
            let values: Vec<String> = changed
                .changes
                .iter()
                .map(|c| code(&show_change(plan, c)))
                .collect();
            let _ = writeln!(
                out,
                "- {}: {}",
                text(&show_placement(&changed.placement)),
                values.join(", ")
            );
        }
        if let Some(rest) = rest {
            let _ = writeln!(out, "- {rest}");
        }
    }

    fn write_templates(&mut self, out: &mut String) {
        let plan = self.plan;
        if plan.templates.is_empty() && plan.mapped_templates.is_empty() {
            return;
        }
        let (creates, updates) = (plan.summary.templates.create, plan.summary.templates.update);
        let updating = if updates > 0 {
            format!("{updates} to update, ")
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "<details>\n<summary>Widget templates: {creates} to create, {updating}{} found in the target</summary>\n",
            plan.mapped_templates.len()
        );
        out.push_str("| action | template | source uuid | target uuid |\n");
        out.push_str("|---|---|---|---|\n");
        let (steps, rest) = self.take(&plan.templates);
        for template in steps {
            let (details, target) = match &template.update {
                Some(update) => (
                    format!(", new version: {}", text(&template_fields(template))),
                    code(update.target_uuid.as_str()),
                ),
                None => (String::new(), "(new)".to_owned()),
            };
            let _ = writeln!(
                out,
                "| {} | {} (used by {}){details} | {} | {target} |",
                template.action,
                text(&template.name),
                counted(template.used_by, "document"),
                code(template.source_uuid.as_str()),
            );
        }
        if let Some(rest) = rest {
            let _ = writeln!(out, "| | {rest} | | |");
        }
        let (mapped, rest) = self.take(&plan.mapped_templates);
        for template in mapped {
            let _ = writeln!(
                out,
                "| mapped | {} | {} | {} |",
                text(&template.name),
                code(template.source_uuid.as_str()),
                code(template.target_uuid.as_str()),
            );
        }
        if let Some(rest) = rest {
            let _ = writeln!(out, "| | {rest} | | |");
        }
        self.write_definition_diffs(out);
        close_details(out);
    }

    /// The diff of every definition field a template update changes, each folded in its own
    /// `<details>` as a `diff` code block.
    fn write_definition_diffs(&mut self, out: &mut String) {
        let plan = self.plan;
        let changes: Vec<(&str, &str, String, String)> = plan
            .templates
            .iter()
            .flat_map(|t| {
                t.update.iter().flat_map(move |u| {
                    u.changes.iter().map(move |change| {
                        let (old, new) = text_diff::definition_texts(change);
                        (t.name.as_str(), change.field.as_str(), old, new)
                    })
                })
            })
            .collect();
        if changes.is_empty() {
            return;
        }
        let (shown, rest) = self.take(&changes);
        out.push('\n');
        for (template, field, old, new) in shown {
            write_diff_block(
                out,
                &format!("{} of widget template {}", text(field), text(template)),
                old,
                new,
            );
        }
        if let Some(rest) = rest {
            let _ = writeln!(
                out,
                "_{rest} template diffs: see the JSON report (`--format json`)._\n"
            );
        }
    }

    fn write_rewrites(&mut self, out: &mut String) {
        let plan = self.plan;
        if plan.rewrites.is_empty() {
            return;
        }
        let groups = rewrites_by_kind(&plan.rewrites);
        let names = template_names(plan);
        let _ = writeln!(
            out,
            "<details>\n<summary>Rewritten identifiers: {}</summary>\n",
            plan.rewrites.len()
        );
        out.push_str("| kind | from | to | rule | places | first at |\n");
        out.push_str("|---|---|---|---|---:|---|\n");
        for (kind, group) in &groups {
            let pairs = distinct_pairs(group);
            let (shown, rest) = self.take(&pairs);
            for (rewrite, count) in shown {
                let named = template_name_of(&names, rewrite)
                    .map(|name| format!(" ({})", text(name)))
                    .unwrap_or_default();
                let rule = rewrite.rule.map(|r| r.to_string()).unwrap_or_default();
                let _ = writeln!(
                    out,
                    "| {kind} | {}{named} | {} | {rule} | {count} | {} |",
                    code(&rewrite.from),
                    code(&rewrite.to),
                    code(&rewrite.path),
                );
            }
            if let Some(rest) = rest {
                let _ = writeln!(out, "| {kind} | {rest} | | | | |");
            }
        }
        close_details(out);
    }
}

fn write_summary(plan: &MigrationPlan, out: &mut String) {
    let s = &plan.summary;
    out.push_str("| action | templates | pages | documents | total |\n");
    out.push_str("|---|---:|---:|---:|---:|\n");
    let all = [&s.templates, &s.pages, &s.documents, &s.total];
    let columns = all.map(action_column);
    for (row, name) in ACTIONS.iter().enumerate() {
        let _ = writeln!(
            out,
            "| {name} | {} | {} | {} | **{}** |",
            columns[0][row], columns[1][row], columns[2][row], columns[3][row]
        );
    }
    let status = if plan.has_errors() {
        format!(
            "**{}**, {}: the plan cannot be applied until the errors are fixed.",
            counted(plan.error_count(), "error"),
            counted(plan.warning_count(), "warning")
        )
    } else if plan.has_changes() {
        format!(
            "No errors, {}; applying makes {}.",
            counted(plan.warning_count(), "warning"),
            counted(s.total.writes(), "write")
        )
    } else {
        format!(
            "No errors, {}; the target already matches: nothing to apply.",
            counted(plan.warning_count(), "warning")
        )
    };
    let _ = writeln!(out, "\n{status}\n");
}

/// The action names, in summary order.
const ACTIONS: [&str; 6] = [
    "create",
    "update",
    "overwrite",
    "unchanged",
    "skip",
    "blocked",
];

/// The counts of [`ACTIONS`], in order.
fn action_column(counts: &ActionCounts) -> [usize; 6] {
    [
        counts.create,
        counts.update,
        counts.overwrite,
        counts.unchanged,
        counts.skip,
        counts.blocked,
    ]
}

fn open_details(out: &mut String, title: &str, counts: &ActionCounts) {
    let parts: Vec<String> = ACTIONS
        .iter()
        .zip(action_column(counts))
        .filter(|(_, n)| *n > 0)
        .map(|(name, n)| format!("{n} {name}"))
        .collect();
    let _ = writeln!(
        out,
        "<details>\n<summary>{title}: {}</summary>\n",
        parts.join(", ")
    );
}

/// One folded diff: `summary` (already escaped) over a `diff` code block that no line of the
/// content can close.
fn write_diff_block(out: &mut String, summary: &str, old: &str, new: &str) {
    let lines: Vec<String> = text_diff::diff_lines(old, new)
        .iter()
        .map(|line| visible_controls(&line.unified()))
        .collect();
    let fence = fence_for(&lines);
    let _ = writeln!(
        out,
        "<details>\n<summary>{summary}</summary>\n\n{fence}diff"
    );
    for line in &lines {
        let _ = writeln!(out, "{line}");
    }
    let _ = writeln!(out, "{fence}\n\n</details>\n");
}

/// A code fence longer than any run of backticks in `lines`, so no line can close it.
fn fence_for(lines: &[String]) -> String {
    let longest = lines
        .iter()
        .flat_map(|line| line.split(|c| c != '`'))
        .map(str::len)
        .max()
        .unwrap_or(0);
    "`".repeat(longest.max(2) + 1)
}

/// Text with its control characters made visible (a code block shows text as it is, so a
/// carriage return or an escape sequence would still act on a terminal viewing the file).
fn visible_controls(line: &str) -> String {
    pageport_model::escape::terminal::terminal(line, usize::MAX)
}

fn close_details(out: &mut String) {
    out.push_str("\n</details>\n\n");
}
