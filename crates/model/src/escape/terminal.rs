//! Store text for a terminal: every character that could move the cursor, repaint the screen,
//! open a hyperlink or reorder the line is shown as an escape instead, and long values are
//! shortened with a count (the JSON report keeps the full value).

use super::{Span, quote, shorten, spans};
use std::borrow::Cow;

/// Longest store value shown in a terminal line, in characters.
pub const MAX_VALUE_CHARS: usize = 120;

/// `value` on one line with its control characters visible, shortened to `max_chars`.
///
/// ESC shows as `\e`, CR as `\r`, LF as `\n`, tab as `\t`; every other C0 and C1 control, DEL,
/// the bidi controls (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) and the line and
/// paragraph separators (U+2028, U+2029) as `\u{…}`. Everything else is kept, backslashes too.
pub fn terminal(value: &str, max_chars: usize) -> String {
    visible(&shorten(value, max_chars), false).into_owned()
}

/// `value` between double quotes, as Rust's `{:?}` writes a string (`"` and `\` escaped), with
/// [`terminal`]'s visible controls and shortening: `"About Us"`.
pub fn quoted(value: &str, max_chars: usize) -> String {
    let shown = shorten(value, max_chars);
    let mut out = String::with_capacity(shown.len() + 2);
    out.push('"');
    for c in shown.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if is_hidden(c, false) => push_escape(&mut out, c),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Multi-line text (a summary, an error report) with the line breaks kept and every other
/// control character visible, CR included; nothing is shortened.
pub fn lines(text: &str) -> Cow<'_, str> {
    visible(text, true)
}

/// One of pageport's messages (prose, values in code spans) for a terminal: each value made
/// visible and shortened to `max_value_chars`, and quoted again (``page `About` `` reads as
/// before); the prose made visible too.
pub fn message(message: &str, max_value_chars: usize) -> String {
    let mut out = String::with_capacity(message.len());
    for span in spans(message) {
        match span {
            Span::Text(text) => out.push_str(&visible(text, false)),
            Span::Code(value) => out.push_str(&quote(&terminal(value, max_value_chars))),
        }
    }
    out
}

/// Longest line of mixed pageport and store text shown (an error, a progress line), in
/// characters.
pub const MAX_LINE_CHARS: usize = 1_000;

/// pageport text that may hold store text anywhere, quoted or not (a step label, an API error):
/// [`message`], then the whole shortened to [`MAX_LINE_CHARS`].
pub fn line(text: &str) -> String {
    terminal(&message(text, MAX_VALUE_CHARS), MAX_LINE_CHARS)
}

/// True for the characters [`terminal`] shows as an escape (LF only when `keep_newlines` is off).
fn is_hidden(c: char, keep_newlines: bool) -> bool {
    (c.is_control() && !(keep_newlines && c == '\n'))
        || matches!(
            c,
            '\u{061c}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
                | '\u{2028}'
                | '\u{2029}'
        )
}

/// `text` with every hidden character replaced by its escape.
fn visible(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    if !text.chars().any(|c| is_hidden(c, keep_newlines)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_hidden(c, keep_newlines) {
            push_escape(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Appends the visible escape of a hidden character.
fn push_escape(out: &mut String, c: char) {
    match c {
        '\u{1b}' => out.push_str("\\e"),
        '\r' => out.push_str("\\r"),
        '\n' => out.push_str("\\n"),
        '\t' => out.push_str("\\t"),
        other => out.push_str(&format!("\\u{{{:x}}}", u32::from(other))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_are_shown_not_sent() {
        assert_eq!(terminal("\u{1b}[2J\u{1b}[HBoo", 100), "\\e[2J\\e[HBoo");
        assert_eq!(
            terminal("About\rerror: forged line\n", 100),
            "About\\rerror: forged line\\n"
        );
        let osc8 = "\u{1b}]8;;http://x\u{1b}\\click\u{1b}]8;;\u{1b}\\";
        assert_eq!(terminal(osc8, 100), "\\e]8;;http://x\\e\\click\\e]8;;\\e\\");
        assert_eq!(
            terminal("bell\u{7} del\u{7f} csi\u{9b}", 100),
            "bell\\u{7} del\\u{7f} csi\\u{9b}"
        );
        assert_eq!(terminal("tab\there", 100), "tab\\there");
    }

    #[test]
    fn bidi_controls_and_line_separators_are_shown() {
        assert_eq!(
            terminal("abc\u{202e}fed\u{202c}", 100),
            "abc\\u{202e}fed\\u{202c}"
        );
        assert_eq!(terminal("\u{2066}x\u{2069}", 100), "\\u{2066}x\\u{2069}");
        assert_eq!(terminal("a\u{2028}b", 100), "a\\u{2028}b");
        assert_eq!(terminal("Ünïcödé → ok ✓", 100), "Ünïcödé → ok ✓");
    }

    #[test]
    fn long_values_are_shortened_with_a_count() {
        let name = "A".repeat(10_000);
        let shown = terminal(&name, 120);
        assert_eq!(shown, format!("{}… (+9,881 chars)", "A".repeat(119)));
        assert_eq!(terminal("short", 120), "short");
        assert_eq!(terminal(&"B".repeat(120), 120), "B".repeat(120));
    }

    #[test]
    fn quoted_values_read_like_debug_output() {
        assert_eq!(quoted("About Us", 100), "\"About Us\"");
        assert_eq!(quoted("say \"hi\"", 100), "\"say \\\"hi\\\"\"");
        assert_eq!(quoted("a\u{1b}b", 100), "\"a\\eb\"");
        assert_eq!(quoted("C:\\x", 100), "\"C:\\\\x\"");
    }

    #[test]
    fn a_line_is_visible_and_bounded() {
        let label = format!("page {}", "\r".repeat(5_000));
        let shown = line(&label);
        assert!(!shown.contains('\r'));
        assert!(shown.chars().count() < MAX_LINE_CHARS + 20);
        assert!(shown.ends_with(" chars)"));
        assert_eq!(line("page `About` → #31"), "page `About` → #31");
    }

    #[test]
    fn lines_keep_line_breaks_only() {
        assert_eq!(lines("one\ntwo\r\n\u{1b}[31m"), "one\ntwo\\r\n\\e[31m");
        assert!(matches!(lines("plain\ntext"), Cow::Borrowed(_)));
    }

    #[test]
    fn messages_keep_their_prose_and_quote_values_again() {
        assert_eq!(
            message("page `About` (source #3): name is taken", 120),
            "page `About` (source #3): name is taken"
        );
        let name = format!("x\u{1b}]8;;http://evil\u{1b}\\{}", "y".repeat(300));
        let shown = message(&format!("page {}: too long", quote(&name)), 20);
        assert_eq!(
            shown,
            "page `x\\e]8;;http://evil\\e\\… (+300 chars)`: too long"
        );
        assert!(!shown.contains('\u{1b}'));
        let ticks = message(&format!("page {} (source #1)", quote("a``b`")), 120);
        assert_eq!(ticks, "page ``` a``b` ``` (source #1)");
    }
}
