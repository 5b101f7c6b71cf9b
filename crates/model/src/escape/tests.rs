use super::*;

#[test]
fn quote_fences_past_backticks_and_pads_where_needed() {
    assert_eq!(quote("About"), "`About`");
    assert_eq!(quote("a`b"), "``a`b``");
    assert_eq!(quote("`a"), "`` `a ``");
    assert_eq!(quote("a```"), "```` a``` ````");
    assert_eq!(quote(" a "), "`  a  `");
    assert_eq!(quote(" "), "` `");
    assert_eq!(quote(""), "` `");
}

#[test]
fn spans_read_back_what_quote_wrote() {
    for value in [
        "About",
        "a`b",
        "`a",
        "a`",
        "``",
        "x ``` y ` z",
        " a ",
        "",
        "<!-- c -->",
        "\u{1b}]8;;http://x\u{1b}\\",
    ] {
        let message = format!("page {} at {}: bad", quote(value), quote("path"));
        assert_eq!(
            spans(&message),
            vec![
                Span::Text("page "),
                Span::Code(value),
                Span::Text(" at "),
                Span::Code("path"),
                Span::Text(": bad"),
            ],
            "{message}"
        );
    }
}

#[test]
fn an_unclosed_run_is_prose() {
    assert_eq!(spans("a ` b"), vec![Span::Text("a ` b")]);
    assert_eq!(
        spans("a `` b ` c `` d"),
        vec![Span::Text("a "), Span::Code("b ` c"), Span::Text(" d")]
    );
    // CommonMark: the unmatched `` is prose; the next single backticks pair up.
    assert_eq!(
        spans("``x` `y`"),
        vec![Span::Text("``x"), Span::Code(""), Span::Text("y`")]
    );
}

#[test]
fn shorten_counts_what_it_leaves_out() {
    assert_eq!(shorten("abc", 3), "abc");
    assert_eq!(shorten("abcd", 3), "ab… (+2 chars)");
    assert_eq!(
        shorten(&"é".repeat(10_000), 10),
        format!("{}… (+9,991 chars)", "é".repeat(9))
    );
}
