//! Making report text safe in Markdown: one line, shortened, with the punctuation that would
//! break a table or start markup escaped.

use super::describe::shorten;

/// Longest cell text, in characters.
const MAX_CELL_CHARS: usize = 160;

/// Text on one line, shortened.
pub(crate) fn one_line(value: &str) -> String {
    shorten(&value.replace(['\r', '\n'], " "), MAX_CELL_CHARS * 3)
}

/// Plain text safe in a table cell or list: one line, shortened, Markdown and HTML
/// punctuation escaped.
pub(crate) fn text(value: &str) -> String {
    let mut out = String::new();
    for c in shorten(&value.replace(['\r', '\n'], " "), MAX_CELL_CHARS).chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// pageport's own Markdown-ish text (values in backticks) safe in a table cell: one line,
/// shortened, pipes escaped.
pub(crate) fn rich(value: &str) -> String {
    shorten(&value.replace(['\r', '\n'], " "), MAX_CELL_CHARS).replace('|', "\\|")
}

/// A code span safe in a table cell: [`inline_code`] with pipes escaped.
pub(crate) fn code(value: &str) -> String {
    inline_code(&value.replace('|', "\\|"))
}

/// A code span: one line, shortened, fenced past any backticks inside.
pub(crate) fn inline_code(value: &str) -> String {
    let value = shorten(&value.replace(['\r', '\n'], " "), MAX_CELL_CHARS);
    let longest_run = value.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_run + 1);
    if longest_run > 0 || value.starts_with(' ') || value.ends_with(' ') {
        format!("{fence} {value} {fence}")
    } else {
        format!("{fence}{value}{fence}")
    }
}
