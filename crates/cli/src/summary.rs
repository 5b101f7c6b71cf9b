//! The closing summaries of `apply` and `restore`, as text for people.

use pageport_apply::ApplySummary;
use pageport_apply::RestoreSummary;
use pageport_model::escape::terminal::line;
use pageport_plan::graph::StepRef;

/// The apply summary: what landed, what did not, what it cost, where the backup is.
pub(crate) fn apply_summary(
    summary: &ApplySummary,
    plan_file: &std::path::Path,
    store: &str,
) -> String {
    let mut out = String::new();
    let created = kinds(summary.created.iter().map(|l| &l.step));
    // Pages alone read as before (`0 pages`); template updates (new versions) are named.
    let updated = if summary
        .updated
        .iter()
        .any(|l| matches!(l.step, StepRef::Template { .. }))
    {
        kinds(summary.updated.iter().map(|l| &l.step))
    } else {
        plural(summary.updated.len(), "page")
    };
    out.push_str(&format!(
        "Applied{}: created {created}; updated {}; overwritten {}; unchanged {}; skipped {}; blocked {}; failed {}\n",
        if summary.resumed { " (resumed run)" } else { "" },
        updated,
        plural(summary.overwritten.len(), "document"),
        summary.unchanged,
        summary.skipped,
        summary.blocked,
        summary.failed.len(),
    ));
    let stats = &summary.stats;
    out.push_str(&format!(
        "Writing: {} API calls ({} retried, {} rate-limited); waited {:.1} s on the quota and backoff\n",
        stats.api_calls,
        stats.retries,
        stats.rate_limited,
        stats.waited_ms as f64 / 1000.0
    ));
    for what in &summary.reconciled {
        out.push_str(&format!(
            "Already landed before the interruption: {}\n",
            line(what)
        ));
    }
    for warning in &summary.warnings {
        out.push_str(&format!("warning: {}\n", line(warning)));
    }
    if !summary.failed.is_empty() {
        out.push_str("Did not land:\n");
        for failed in &summary.failed {
            out.push_str(&format!(
                "  ✗ {}: {}\n",
                line(&failed.label),
                line(&failed.message)
            ));
        }
        out.push_str("Fix the causes above and run `pageport apply` again: it plans afresh, sees what already landed as unchanged, and writes the rest.\n");
    }
    out.push_str(&format!(
        "Backup of what this run changed: {}\n  undo with: pageport restore -f {} --store {store} --from {} [--delete-created]\n",
        summary.backup_dir.display(),
        plan_file.display(),
        summary.backup_dir.display()
    ));
    out
}

/// The restore summary.
pub(crate) fn restore_summary(summary: &RestoreSummary) -> String {
    let mut out = format!(
        "Restored from {}: {} republished, {} emptied, {} put back{}, {} deleted, {} deleted; failed {}{}\n",
        summary.backup_dir.display(),
        plural(summary.documents_restored.len(), "document"),
        plural(summary.documents_emptied.len(), "document"),
        plural(summary.pages_restored.len(), "page"),
        if summary.templates_restored.is_empty() {
            String::new()
        } else {
            format!(
                ", {} put back as a new version",
                plural(summary.templates_restored.len(), "widget template")
            )
        },
        plural(summary.pages_deleted.len(), "created page"),
        plural(summary.templates_deleted.len(), "created template"),
        summary.failed.len(),
        if summary.pages_kept.is_empty() {
            String::new()
        } else {
            format!(
                "; kept {} (pages the run did not create are under them)",
                plural(summary.pages_kept.len(), "created page")
            )
        }
    );
    for warning in &summary.warnings {
        out.push_str(&format!("warning: {}\n", line(warning)));
    }
    if !summary.overwritten_changes.is_empty() {
        out.push_str("Overwrote changes made since the run (--force):\n");
        for change in &summary.overwritten_changes {
            out.push_str(&format!("  ! {change}\n"));
        }
    }
    for kept in &summary.pages_kept {
        out.push_str(&format!("  ✗ {}: {}\n", kept.object, kept.message));
    }
    for failed in &summary.failed {
        out.push_str(&format!(
            "  ✗ {}: {}\n",
            line(&failed.object),
            line(&failed.message)
        ));
    }
    out
}

/// `1 template, 17 pages, 7 documents` (or `nothing`).
fn kinds<'a>(steps: impl Iterator<Item = &'a StepRef>) -> String {
    let (mut templates, mut pages, mut documents) = (0, 0, 0);
    for step in steps {
        match step {
            StepRef::Template { .. } => templates += 1,
            StepRef::Page { .. } => pages += 1,
            StepRef::Document { .. } => documents += 1,
        }
    }
    if templates + pages + documents == 0 {
        return "nothing".to_owned();
    }
    [
        (templates, "template"),
        (pages, "page"),
        (documents, "document"),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| plural(n, what))
    .collect::<Vec<_>>()
    .join(", ")
}

/// `1 page`, `2 pages`.
pub(crate) fn plural(count: usize, noun: &str) -> String {
    plural_word(count, noun, &format!("{noun}s"))
}

/// `1 category`, `2 categories`.
pub(crate) fn plural_word(count: usize, one: &str, many: &str) -> String {
    if count == 1 {
        format!("1 {one}")
    } else {
        format!("{count} {many}")
    }
}
