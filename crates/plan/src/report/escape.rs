//! Making report text safe in Markdown, at the report's cell width: thin wrappers over
//! [`pageport_model::escape::markdown`], which makes every value one line, shows its control
//! characters, shortens it with a count, and keeps it from breaking a code span, a table or
//! starting HTML.

use pageport_model::escape::markdown::{self, Context};

/// Longest value shown in a table cell or list item, in characters.
const MAX_CELL_CHARS: usize = 160;

/// Store text as plain text in a table cell or list: HTML and Markdown punctuation escaped.
pub(crate) fn text(value: &str) -> String {
    markdown::text(value, MAX_CELL_CHARS)
}

/// pageport's own text (values in code spans) in a table cell: each value in a span of its own.
pub(crate) fn rich(value: &str) -> String {
    markdown::message(value, MAX_CELL_CHARS, Context::Table)
}

/// pageport's own text (values in code spans) in a list item.
pub(crate) fn message(value: &str) -> String {
    markdown::message(value, MAX_CELL_CHARS, Context::Block)
}

/// A code span safe in a table cell (pipes escaped).
pub(crate) fn code(value: &str) -> String {
    markdown::code(value, MAX_CELL_CHARS, Context::Table)
}

/// A code span in a list item.
pub(crate) fn inline_code(value: &str) -> String {
    markdown::code(value, MAX_CELL_CHARS, Context::Block)
}
