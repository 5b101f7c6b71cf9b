//! Complete diffs of long text fields (page bodies): a reviewer must see every change, not the
//! first few dozen characters of each side.
//!
//! Multi-line values get a unified line diff with context (`similar`); single-line values too
//! long to show inline get the whole old and new line. Escaping for the output format is the
//! renderer's job: these lines are raw store text.

use crate::diff::FieldChange;
use serde_json::Value;
use similar::{ChangeTag, TextDiff};

/// Unchanged lines shown around each change.
const CONTEXT_LINES: usize = 2;

/// A value longer than this (in characters) is diffed below its step instead of inline.
pub(crate) const INLINE_MAX_CHARS: usize = 48;

/// One line of a diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DiffLine {
    /// `@@ … @@`: where the next hunk starts, 1-based lines of the old and new text.
    Hunk { old_line: usize, new_line: usize },
    /// A line both sides share.
    Same(String),
    /// A line only the target has now (removed by the write).
    Removed(String),
    /// A line the write adds.
    Added(String),
}

impl DiffLine {
    /// The line in unified-diff form, unescaped.
    pub(crate) fn unified(&self) -> String {
        match self {
            DiffLine::Hunk { old_line, new_line } => format!("@@ -{old_line} +{new_line} @@"),
            DiffLine::Same(text) => format!(" {text}"),
            DiffLine::Removed(text) => format!("-{text}"),
            DiffLine::Added(text) => format!("+{text}"),
        }
    }
}

/// The old and new text of a change that is too long or too many lines to show inline.
pub(crate) fn long_text(change: &FieldChange) -> Option<(&str, &str)> {
    let (old, new) = (as_text(&change.from)?, as_text(&change.to)?);
    let long = |text: &str| text.contains('\n') || text.chars().count() > INLINE_MAX_CHARS;
    (long(old) || long(new)).then_some((old, new))
}

/// The old and new text of a template definition change, always diffed: text fields as they
/// are, the `schema` (JSON) pretty-printed so its diff goes line by line.
pub(crate) fn definition_texts(change: &FieldChange) -> (String, String) {
    let show = |value: &Value| match value {
        Value::String(text) => text.clone(),
        Value::Null => String::new(),
        other => serde_json::to_string_pretty(other).unwrap_or_else(|_| other.to_string()),
    };
    let (mut old, mut new) = (show(&change.from), show(&change.to));
    // Lines are compared with their line break: a last line without one would read as
    // changed whenever the other side has more lines after it.
    if old.contains('\n') || new.contains('\n') {
        for text in [&mut old, &mut new] {
            if !text.is_empty() && !text.ends_with('\n') {
                text.push('\n');
            }
        }
    }
    (old, new)
}

/// A text value, with `null` (an absent field) as the empty text.
fn as_text(value: &Value) -> Option<&str> {
    match value {
        Value::String(text) => Some(text.as_str()),
        Value::Null => Some(""),
        _ => None,
    }
}

/// The diff of `old` to `new`: hunks with context for multi-line text, or the two whole lines.
pub(crate) fn diff_lines(old: &str, new: &str) -> Vec<DiffLine> {
    if !old.contains('\n') && !new.contains('\n') {
        let mut lines = Vec::new();
        if !old.is_empty() {
            lines.push(DiffLine::Removed(old.to_owned()));
        }
        if !new.is_empty() {
            lines.push(DiffLine::Added(new.to_owned()));
        }
        return lines;
    }
    let diff = TextDiff::from_lines(old, new);
    let mut lines = Vec::new();
    for group in diff.grouped_ops(CONTEXT_LINES) {
        let Some(first) = group.first() else {
            continue;
        };
        lines.push(DiffLine::Hunk {
            old_line: first.old_range().start + 1,
            new_line: first.new_range().start + 1,
        });
        for op in &group {
            for change in diff.iter_changes(op) {
                let text = change.value().trim_end_matches(['\n', '\r']).to_owned();
                lines.push(match change.tag() {
                    ChangeTag::Equal => DiffLine::Same(text),
                    ChangeTag::Delete => DiffLine::Removed(text),
                    ChangeTag::Insert => DiffLine::Added(text),
                });
            }
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_change_after_the_first_fifty_characters_is_shown_whole() {
        let old = format!("{}<p>Family-run since 1999.</p>", "x".repeat(60));
        let new = format!("{}<p>Family-run since 1998.</p>", "x".repeat(60));
        let change = FieldChange {
            field: "body".into(),
            from: json!(old),
            to: json!(new),
        };
        let (from, to) = long_text(&change).expect("too long to show inline");
        assert_eq!(
            diff_lines(from, to),
            vec![DiffLine::Removed(old.clone()), DiffLine::Added(new.clone())]
        );
    }

    #[test]
    fn multi_line_text_gets_hunks_with_context() {
        let old = "a\nb\nc\nd\ne\nf\ng\nh\n";
        let new = "a\nb\nc\nD\ne\nf\ng\nh\ni\n";
        let lines: Vec<String> = diff_lines(old, new).iter().map(DiffLine::unified).collect();
        assert_eq!(
            lines,
            [
                "@@ -2 +2 @@",
                " b",
                " c",
                "-d",
                "+D",
                " e",
                " f",
                " g",
                " h",
                "+i"
            ]
        );
    }

    #[test]
    fn short_and_non_text_values_stay_inline() {
        let short = FieldChange {
            field: "meta_title".into(),
            from: json!("About"),
            to: json!("About us"),
        };
        assert_eq!(long_text(&short), None);
        let number = FieldChange {
            field: "sort_order".into(),
            from: json!(1),
            to: json!(2),
        };
        assert_eq!(long_text(&number), None);
        let created = FieldChange {
            field: "body".into(),
            from: json!(null),
            to: json!("line one\nline two"),
        };
        assert_eq!(
            diff_lines("", "line one\nline two"),
            vec![
                DiffLine::Hunk {
                    old_line: 1,
                    new_line: 1
                },
                DiffLine::Added("line one".into()),
                DiffLine::Added("line two".into())
            ]
        );
        assert!(long_text(&created).is_some());
    }

    #[test]
    fn definition_changes_diff_line_by_line_and_schemas_as_pretty_json() {
        let template = FieldChange {
            field: "template".into(),
            from: json!("<div>a</div>\n<p>b</p>"),
            to: json!("<div>a</div>"),
        };
        let (old, new) = definition_texts(&template);
        let lines: Vec<String> = diff_lines(&old, &new)
            .iter()
            .map(DiffLine::unified)
            .collect();
        assert_eq!(lines, ["@@ -1 +1 @@", " <div>a</div>", "-<p>b</p>"]);

        let schema = FieldChange {
            field: "schema".into(),
            from: json!([]),
            to: json!([{"type": "tab"}]),
        };
        let (old, new) = definition_texts(&schema);
        assert_eq!(old, "[]\n");
        assert_eq!(new, "[\n  {\n    \"type\": \"tab\"\n  }\n]\n");
    }
}
