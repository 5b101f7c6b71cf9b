//! Store text for a Markdown pull-request comment (GitHub Flavored Markdown).
//!
//! GitHub renders raw HTML outside code spans (an HTML comment hides the rest of a comment, a
//! tag can fake a link) and Markdown everywhere, so a store value goes either into a code span
//! that its content cannot close, or into text with HTML and Markdown punctuation escaped.
//! Inside a code span `<` and `&` are literal. Either way the value is one line (a line break
//! would end a table row or start a new block, so it shows as `\n`), its control characters
//! are visible as in a terminal, and it is shortened with a count; in a table `|` is escaped,
//! since GitHub splits cells before it parses code spans.

use super::terminal::terminal;
use super::{Span, quote, spans};

/// Longest store value shown in a comment, in characters.
pub const MAX_VALUE_CHARS: usize = 160;

/// Where the Markdown goes: a table cell needs its pipes escaped, even inside code spans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// A paragraph or list item.
    Block,
    /// A table cell.
    Table,
}

/// `value` as an inline code span nothing inside can close: one line, controls visible,
/// shortened to `max_chars`, fenced past its backticks (`` `About` ``, ``` `` a`b `` ```).
pub fn code(value: &str, max_chars: usize, context: Context) -> String {
    let span = quote(&terminal(value, max_chars));
    match context {
        Context::Block => span,
        Context::Table => span.replace('|', "\\|"),
    }
}

/// `value` as text: one line, controls visible, shortened to `max_chars`, `<` and `>` as
/// entities, a `&` that would start an entity as `&amp;`, and the Markdown punctuation that
/// could start a span, a link or a table cell (`` \ ` * _ [ ] | ~ ``) backslash-escaped.
///
/// Quotes are kept: with every `<` escaped no tag, and so no attribute, can open.
pub fn text(value: &str, max_chars: usize) -> String {
    let shown = terminal(value, max_chars);
    let mut out = String::with_capacity(shown.len() + 8);
    let mut chars = shown.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' if chars
                .peek()
                .is_some_and(|next| next.is_ascii_alphanumeric() || *next == '#') =>
            {
                out.push_str("&amp;");
            }
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// One of pageport's messages (prose, values in code spans) as Markdown: each value in a code
/// span of its own ([`code`]), the prose escaped as [`text`] (never shortened).
pub fn message(message: &str, max_value_chars: usize, context: Context) -> String {
    let mut out = String::with_capacity(message.len());
    for span in spans(message) {
        match span {
            Span::Text(prose) => out.push_str(&text(prose, usize::MAX)),
            Span::Code(value) => out.push_str(&code(value, max_value_chars, context)),
        }
    }
    out
}

/// How a Markdown line reads: its code spans and the prose between them, as CommonMark reads
/// them (a backslash-escaped backtick in prose opens nothing; inside a span nothing is
/// escaped). For checking rendered output: prose may then be searched for live markup.
pub fn read_spans(line: &str) -> Vec<Span<'_>> {
    let bytes = line.as_bytes();
    let mut out = Vec::new();
    let (mut text_start, mut at) = (0, 0);
    while at < bytes.len() {
        match bytes[at] {
            b'\\' if bytes.get(at + 1).is_some_and(u8::is_ascii_punctuation) => at += 2,
            b'`' => {
                let run = bytes[at..].iter().take_while(|b| **b == b'`').count();
                let content = at + run;
                let mut close = None;
                let mut scan = content;
                while scan < bytes.len() {
                    if bytes[scan] == b'`' {
                        let length = bytes[scan..].iter().take_while(|b| **b == b'`').count();
                        if length == run {
                            close = Some(scan);
                            break;
                        }
                        scan += length;
                    } else {
                        scan += 1;
                    }
                }
                match close {
                    Some(close) => {
                        if text_start < at {
                            out.push(Span::Text(&line[text_start..at]));
                        }
                        out.push(Span::Code(&line[content..close]));
                        at = close + run;
                        text_start = at;
                    }
                    None => at = content,
                }
            }
            _ => at += 1,
        }
    }
    if text_start < line.len() {
        out.push(Span::Text(&line[text_start..]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::escape::spans;

    /// The code spans of `markdown` as CommonMark reads them, and the prose between.
    fn prose(markdown: &str) -> String {
        spans(markdown)
            .into_iter()
            .filter_map(|span| match span {
                Span::Text(text) => Some(text),
                Span::Code(_) => None,
            })
            .collect()
    }

    #[test]
    fn code_spans_are_fenced_past_every_backtick_run() {
        assert_eq!(code("About", 160, Context::Block), "`About`");
        assert_eq!(code("a`b", 160, Context::Block), "``a`b``");
        assert_eq!(code("a``b```c", 160, Context::Block), "````a``b```c````");
        assert_eq!(code("`edge`", 160, Context::Block), "`` `edge` ``");
        assert_eq!(code("", 160, Context::Block), "` `");
        for value in ["`", "``", "a`", "`a", "x ``` y", " ` ", "` <!-- x --> `"] {
            let span = code(value, 160, Context::Block);
            assert_eq!(spans(&span), vec![Span::Code(value)], "{span}");
        }
    }

    #[test]
    fn a_backtick_cannot_end_the_span_and_free_html() {
        let name = "x` <!-- hidden --> [link](http://evil) `y";
        let line = format!("- page {}: taken", code(name, 160, Context::Block));
        assert_eq!(prose(&line), "- page : taken");
        assert!(line.contains("<!-- hidden -->"), "literal inside the span");
    }

    #[test]
    fn code_spans_stay_on_one_line_and_escape_pipes_in_tables() {
        assert_eq!(
            code("a\nb\r\u{1b}[2J", 160, Context::Block),
            "`a\\nb\\r\\e[2J`"
        );
        assert_eq!(code("a|b", 160, Context::Table), "`a\\|b`");
        assert_eq!(code("a|b", 160, Context::Block), "`a|b`");
        let long = code(&"n".repeat(10_000), 160, Context::Block);
        assert_eq!(long, format!("`{}… (+9,841 chars)`", "n".repeat(159)));
    }

    #[test]
    fn text_escapes_html_and_markdown() {
        assert_eq!(
            text("<!-- x --> <b>bold</b> & more", 160),
            "&lt;!-- x --&gt; &lt;b&gt;bold&lt;/b&gt; & more"
        );
        assert_eq!(text("&lt; &#60;", 160), "&amp;lt; &amp;#60;");
        assert_eq!(
            text("Sizes | *new* [x](y) `c` ~s~ a_b \\", 160),
            "Sizes \\| \\*new\\* \\[x\\](y) \\`c\\` \\~s\\~ a\\_b \\\\"
        );
        assert_eq!(text("Shipping & Returns", 160), "Shipping & Returns");
        assert_eq!(text("one\ntwo\rthree", 160), "one\\\\ntwo\\\\rthree");
    }

    #[test]
    fn escaped_backticks_open_no_span_when_read_back() {
        assert_eq!(
            read_spans(r"a \`b\` `c\` d"),
            vec![Span::Text(r"a \`b\` "), Span::Code(r"c\"), Span::Text(" d")]
        );
    }

    #[test]
    fn messages_quote_each_value_again() {
        assert_eq!(
            message(
                "page `About` (source #3): name is taken",
                160,
                Context::Block
            ),
            "page `About` (source #3): name is taken"
        );
        let name = "a`b <!-- c -->\nd";
        let built = format!("page {} (source #3)", quote(name));
        let shown = message(&built, 160, Context::Table);
        assert_eq!(shown, "page ``a`b <!-- c -->\\nd`` (source #3)");
        assert_eq!(prose(&shown), "page  (source #3)");
    }
}
