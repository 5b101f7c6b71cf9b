//! Store text made safe for where pageport prints it.
//!
//! Everything a store sends (page names, urls, template names and files, configuration keys,
//! error titles) is untrusted text: it may hold ESC sequences that repaint a terminal, carriage
//! returns that forge lines, bidi overrides that reorder them, and backticks or HTML that break
//! out of a Markdown code span in a pull-request comment. pageport keeps such text raw in its
//! data (the JSON report and the plan file carry the full value) and escapes it only when it
//! renders, once per output format:
//!
//! - [`quote`] — how a message names a value: a Markdown code span that no content can close
//!   early, so messages stay pageport's own prose with every store value in a span
//! - [`spans`] — reads such a message back into prose and values
//! - [`terminal`] — control characters made visible, long values shortened with a count
//! - [`markdown`] — unbreakable code spans and HTML-escaped text for a pull-request comment

pub mod markdown;
pub mod terminal;

/// `value` as a Markdown code span that its content cannot end: the fence is one backtick
/// longer than the longest backtick run inside, and padded with a space where the content
/// starts or ends with a backtick (or a space that the span would strip). An empty value is
/// `` ` ` `` (a lone space, which [`spans`] reads back as empty).
///
/// Messages name store values with it (``page `About` ``); the value stays whole, and the
/// renderers find it again with [`spans`]. Ordinary values read as before: `` `About` ``.
pub fn quote(value: &str) -> String {
    if value.is_empty() {
        return "` `".to_owned();
    }
    let fence = "`".repeat(longest_backtick_run(value) + 1);
    if needs_padding(value) {
        format!("{fence} {value} {fence}")
    } else {
        format!("{fence}{value}{fence}")
    }
}

/// The length of the longest run of backticks in `value`.
pub(crate) fn longest_backtick_run(value: &str) -> usize {
    value.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

/// True when a code span of `value` needs a space inside each fence: the content starts or
/// ends with a backtick (it would join the fence), or starts and ends with a space
/// (the span would strip one from each side).
pub(crate) fn needs_padding(value: &str) -> bool {
    value.starts_with('`')
        || value.ends_with('`')
        || (value.starts_with(' ') && value.ends_with(' ') && value.chars().any(|c| c != ' '))
}

/// One piece of a message: pageport's prose, or a value it quoted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span<'a> {
    /// Text outside code spans.
    Text(&'a str),
    /// The content of a code span, as [`quote`] was given it.
    Code(&'a str),
}

/// Splits a message into prose and code spans, by CommonMark's rule: a run of N backticks
/// opens a span that the next run of exactly N backticks closes; a run that nothing closes is
/// prose. A span's content loses one space at each end when it has one at both (and is not
/// all spaces), which undoes [`quote`]'s padding.
pub fn spans(message: &str) -> Vec<Span<'_>> {
    let mut out = Vec::new();
    let mut text_start = 0;
    let mut at = 0;
    while let Some(offset) = message[at..].find('`') {
        let open = at + offset;
        let run = run_length(&message[open..]);
        let content_start = open + run;
        match closing_run(message, content_start, run) {
            Some(close) => {
                if text_start < open {
                    out.push(Span::Text(&message[text_start..open]));
                }
                out.push(Span::Code(strip_padding(&message[content_start..close])));
                at = close + run;
                text_start = at;
            }
            None => at = content_start,
        }
    }
    if text_start < message.len() {
        out.push(Span::Text(&message[text_start..]));
    }
    out
}

/// The number of backticks `text` starts with.
fn run_length(text: &str) -> usize {
    text.len() - text.trim_start_matches('`').len()
}

/// Where the next run of exactly `run` backticks at or after `from` starts.
fn closing_run(message: &str, from: usize, run: usize) -> Option<usize> {
    let mut at = from;
    while let Some(offset) = message[at..].find('`') {
        let start = at + offset;
        let length = run_length(&message[start..]);
        if length == run {
            return Some(start);
        }
        at = start + length;
    }
    None
}

/// A code span's content without the one space at each end that CommonMark strips (and a lone
/// space, which is how [`quote`] writes an empty value, read back as empty).
fn strip_padding(content: &str) -> &str {
    if content == " " {
        ""
    } else if content.len() >= 2
        && content.starts_with(' ')
        && content.ends_with(' ')
        && content.chars().any(|c| c != ' ')
    {
        &content[1..content.len() - 1]
    } else {
        content
    }
}

/// `text` cut to `max` characters, with `…` and how many characters were left out:
/// `Aaaa… (+9,996 chars)`. Text that fits is returned as is.
pub fn shorten(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    let count = text.chars().count();
    if count <= max {
        return std::borrow::Cow::Borrowed(text);
    }
    let kept: String = text.chars().take(max.saturating_sub(1)).collect();
    let left_out = count - max.saturating_sub(1);
    std::borrow::Cow::Owned(format!(
        "{kept}… (+{} chars)",
        crate::numbers::thousands(left_out)
    ))
}

#[cfg(test)]
mod tests;
