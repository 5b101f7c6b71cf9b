//! Phrases shared by the text and Markdown reports: how steps, values, placements and counts
//! read, so both say the same thing in the same words.
//!
//! Store text in a phrase is already safe for a terminal (control characters visible, long
//! values shortened, see [`pageport_model::escape::terminal`]); the Markdown report escapes the
//! phrase again for Markdown.

use crate::diff::{DocumentOverwrite, FieldChange, Placement};
use crate::migration_plan::{ActionCounts, MigrationPlan};
use crate::steps::{DocumentStep, PageStep, TemplateStep};
use pageport_mapping::{Rewrite, RewriteKind};
use pageport_model::PageType;
use pageport_model::escape::terminal::{MAX_VALUE_CHARS, quoted, terminal};
use serde_json::Value;
use std::collections::BTreeMap;

/// Longest value quoted in a field change, in characters.
const MAX_CHANGE_CHARS: usize = 48;

/// `1 widget`, `2 widgets`.
pub(crate) fn counted(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// `text` cut to `max` characters, with `…` when cut.
pub(crate) fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

/// A page kind in prose: `page`, `raw page`, `link page`, `contact form page`.
pub(crate) fn page_kind(page_type: &PageType) -> String {
    match page_type {
        PageType::Page => "page".to_owned(),
        PageType::ContactForm => "contact form page".to_owned(),
        other => format!("{other} page"),
    }
}

/// Where a page is: its url, or a link page's link.
pub(crate) fn page_address(step: &PageStep) -> Option<String> {
    match (&step.url, &step.remapped.link) {
        (Some(url), _) => Some(terminal(url, MAX_VALUE_CHARS)),
        (None, Some(link)) => Some(format!("→ {}", terminal(link, MAX_VALUE_CHARS))),
        (None, None) => None,
    }
}

/// A page (or template, or placement) name in a phrase: quoted as `{:?}` quotes it, control
/// characters visible, shortened: `"About Us"`.
pub(crate) fn name(name: &str) -> String {
    quoted(name, MAX_VALUE_CHARS)
}

/// The summary line: `7 to create, 1 to update, 1 to overwrite, 2 unchanged, 0 skipped, 0 blocked`.
pub(crate) fn summary_line(counts: &ActionCounts) -> String {
    format!(
        "{} to create, {} to update, {} to overwrite, {} unchanged, {} skipped, {} blocked",
        counts.create,
        counts.update,
        counts.overwrite,
        counts.unchanged,
        counts.skip,
        counts.blocked
    )
}

/// `2 errors, 1 warning`.
pub(crate) fn problems_line(plan: &MigrationPlan) -> String {
    format!(
        "{}, {}",
        counted(plan.error_count(), "error"),
        counted(plan.warning_count(), "warning")
    )
}

/// A JSON value for a report line: strings quoted and shortened, `null` as is, objects and
/// arrays compact and shortened.
pub(crate) fn show_value(value: &Value) -> String {
    match value {
        Value::String(text) => terminal(
            &serde_json::to_string(&shorten(text, MAX_CHANGE_CHARS))
                .unwrap_or_else(|_| format!("{text:?}")),
            usize::MAX,
        ),
        other => terminal(&shorten(&other.to_string(), MAX_CHANGE_CHARS), usize::MAX),
    }
}

/// One field change: `meta_title "About Us" → "About Us | Example Store"`; a parent reads as
/// page names (`parent (top level) → new page "Help"`).
pub(crate) fn show_change(plan: &MigrationPlan, change: &FieldChange) -> String {
    if change.field == "parent_id" {
        return format!(
            "parent {} → {}",
            show_parent(plan, &change.from),
            show_parent(plan, &change.to)
        );
    }
    if super::text_diff::long_text(change).is_some() {
        return format!(
            "{} (changed: see the diff below)",
            terminal(&change.field, MAX_VALUE_CHARS)
        );
    }
    format!(
        "{} {} → {}",
        terminal(&change.field, MAX_VALUE_CHARS),
        show_value(&change.from),
        show_value(&change.to)
    )
}

/// A `parent_id` value of a change, by name when the plan knows the page.
fn show_parent(plan: &MigrationPlan, value: &Value) -> String {
    if let Some(source) = value.get("pending_source_page").and_then(Value::as_u64) {
        return match plan.pages.iter().find(|p| p.source_id.get() == source) {
            Some(page) => format!("new page {}", name(&page.name)),
            None => format!("new page (source #{source})"),
        };
    }
    match value.as_u64() {
        Some(0) | None => "(top level)".to_owned(),
        Some(id) => match plan
            .pages
            .iter()
            .find(|p| p.target_id.map(|t| t.get()) == Some(id))
        {
            Some(page) => format!("{} (#{id})", name(&page.name)),
            None => format!("#{id}"),
        },
    }
}

/// `layout "Two columns" at home_below_menu › layout 2`.
pub(crate) fn show_placement(placement: &Placement) -> String {
    format!(
        "{} {} at {}",
        placement.kind,
        name(&placement.name),
        terminal(&placement.position, MAX_VALUE_CHARS * 2)
    )
}

/// `1 layout and 1 widget`, `3 widgets`, `nothing`.
pub(crate) fn deleted_counts(overwrite: &DocumentOverwrite) -> String {
    match overwrite.deleted_counts() {
        (0, 0) => "nothing".to_owned(),
        (0, widgets) => counted(widgets, "widget"),
        (layouts, 0) => counted(layouts, "layout"),
        (layouts, widgets) => {
            format!(
                "{} and {}",
                counted(layouts, "layout"),
                counted(widgets, "widget")
            )
        }
    }
}

/// A document's size: `1 layout, 4 widgets`, `1 widget`, `empty`.
pub(crate) fn document_size(step: &DocumentStep) -> String {
    match (step.layouts, step.widgets) {
        (0, 0) => "empty".to_owned(),
        (0, widgets) => counted(widgets, "widget"),
        (layouts, widgets) => format!(
            "{}, {}",
            counted(layouts, "layout"),
            counted(widgets, "widget")
        ),
    }
}

/// A document's label, marked when its page is created first.
pub(crate) fn document_label(step: &DocumentStep) -> String {
    let label = safe_label(step);
    if step.pending_page.is_some() {
        format!("{label} (new page)")
    } else {
        label
    }
}

/// A document's label ([`DocumentStep::label`]) with its store text made safe.
pub(crate) fn safe_label(step: &DocumentStep) -> String {
    terminal(&step.label(), MAX_VALUE_CHARS * 2)
}

/// `"Rich Text" (used by 2 documents)`.
pub(crate) fn template_text(step: &TemplateStep) -> String {
    format!(
        "{} (used by {})",
        name(&step.name),
        counted(step.used_by, "document")
    )
}

/// How a rewrite's rule source reads in a report: `by schema`, `by field name`, or nothing for
/// the fixed fields.
pub(crate) fn rule_phrase(rewrite: &Rewrite) -> Option<String> {
    rewrite.rule.map(|rule| format!("by {rule}"))
}

/// The fields a template update changes: `template, storefront_api_query`.
pub(crate) fn template_fields(step: &TemplateStep) -> String {
    step.update
        .iter()
        .flat_map(|u| &u.changes)
        .map(|c| terminal(&c.field, MAX_VALUE_CHARS))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The rewrites grouped by kind, kinds in order, each in plan order.
pub(crate) fn rewrites_by_kind(rewrites: &[Rewrite]) -> BTreeMap<RewriteKind, Vec<&Rewrite>> {
    let mut groups: BTreeMap<RewriteKind, Vec<&Rewrite>> = BTreeMap::new();
    for rewrite in rewrites {
        groups.entry(rewrite.kind).or_default().push(rewrite);
    }
    groups
}

/// The names of the source widget templates the plan knows (created or found in the target),
/// by source uuid, so a uuid in a rewrite can be shown with the name a reviewer recognises.
pub(crate) fn template_names(plan: &MigrationPlan) -> BTreeMap<&str, &str> {
    let mut names = BTreeMap::new();
    for mapped in &plan.mapped_templates {
        if !mapped.name.is_empty() {
            names.insert(mapped.source_uuid.as_str(), mapped.name.as_str());
        }
    }
    for created in &plan.templates {
        names.insert(created.source_uuid.as_str(), created.name.as_str());
    }
    names
}

/// The template name to show beside a rewrite's source uuid, if the rewrite is of a template
/// uuid and the plan knows the name.
pub(crate) fn template_name_of<'a>(
    names: &BTreeMap<&str, &'a str>,
    rewrite: &Rewrite,
) -> Option<&'a str> {
    (rewrite.kind == RewriteKind::WidgetTemplate)
        .then(|| names.get(rewrite.from.as_str()).copied())
        .flatten()
}

/// The distinct `from → to` pairs of a group (per rule source), in first-seen order, with
/// how often each occurs.
pub(crate) fn distinct_pairs<'a>(group: &[&'a Rewrite]) -> Vec<(&'a Rewrite, usize)> {
    let mut pairs: Vec<(&Rewrite, usize)> = Vec::new();
    for rewrite in group {
        match pairs
            .iter_mut()
            .find(|(r, _)| r.from == rewrite.from && r.to == rewrite.to && r.rule == rewrite.rule)
        {
            Some((_, count)) => *count += 1,
            None => pairs.push((rewrite, 1)),
        }
    }
    pairs
}
