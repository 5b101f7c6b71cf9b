//! Rules about one page on its own: name and email length, the fields each page type requires,
//! the types the API cannot create, and the channel it is addressed to.

use crate::diagnostic::{Diagnostic, DiagnosticCode};
use crate::input::{PageAction, PlannedPage, ValidationInput};
use crate::text::thousands;
use pageport_model::PageType;
use pageport_model::escape::quote;

/// Checks every page the plan writes and appends the findings to `out`.
pub(crate) fn check(input: &ValidationInput<'_>, out: &mut Vec<Diagnostic>) {
    for planned in input.pages.iter().filter(|p| p.action.writes()) {
        check_name(input, planned, out);
        check_email(input, planned, out);
        check_type(planned, out);
        check_channel(input, planned, out);
    }
}

/// Rule: a name has 1 to `page_name_max_chars` characters (characters, not bytes).
fn check_name(input: &ValidationInput<'_>, planned: &PlannedPage, out: &mut Vec<Diagnostic>) {
    let name = &planned.page.name;
    let max = input.limits.page_name_max_chars;
    let chars = name.chars().count();
    let message = if name.trim().is_empty() {
        format!("name is empty; a page name needs 1 to {max} characters")
    } else if chars > max {
        format!(
            "name is {} characters; the limit is {max}",
            thousands(chars)
        )
    } else {
        return;
    };
    out.push(Diagnostic::error(
        DiagnosticCode::PageNameLength,
        planned.location(),
        message,
    ));
}

/// Rule: a contact form email has at most `email_max_chars` characters.
fn check_email(input: &ValidationInput<'_>, planned: &PlannedPage, out: &mut Vec<Diagnostic>) {
    let Some(email) = &planned.page.email else {
        return;
    };
    let max = input.limits.email_max_chars;
    let chars = email.chars().count();
    if chars > max {
        out.push(Diagnostic::error(
            DiagnosticCode::PageEmailLength,
            planned.field_location("email"),
            format!(
                "email is {} characters; the limit is {max}",
                thousands(chars)
            ),
        ));
    }
}

/// Rules: `raw` needs a body, `link` an absolute link, legacy `feed` a feed (and a warning on
/// create), `blog` cannot be created, unknown types cannot be written.
fn check_type(planned: &PlannedPage, out: &mut Vec<Diagnostic>) {
    let page = &planned.page;
    let creating = planned.action == PageAction::Create;
    match &page.page_type {
        PageType::Raw => {
            if is_blank(page.body_text()) {
                out.push(Diagnostic::error(
                    DiagnosticCode::PageRawBodyMissing,
                    planned.field_location("body"),
                    "a `raw` page needs a body, and this one is empty",
                ));
            }
        }
        PageType::Link => match page.link.as_deref() {
            link if is_blank(link) => out.push(Diagnostic::error(
                DiagnosticCode::PageLinkMissing,
                planned.field_location("link"),
                "a `link` page needs a link, and this one is empty",
            )),
            Some(link) if !is_absolute_url(link) => out.push(
                Diagnostic::error(
                    DiagnosticCode::PageLinkNotAbsolute,
                    planned.field_location("link"),
                    format!("link {} is not an absolute URL", quote(link)),
                )
                .with_help("write it with its scheme, such as `https://example.com/page`"),
            ),
            _ => {}
        },
        PageType::Feed => {
            if is_blank(page.feed.as_deref()) {
                out.push(Diagnostic::error(
                    DiagnosticCode::PageFeedMissing,
                    planned.field_location("feed"),
                    "a `feed` page needs a feed address, and this one is empty",
                ));
            }
            if creating {
                // CONTRACT §10 #1: `feed` was removed from the API docs in 2025; old stores
                // still return it, new ones may refuse to create it.
                out.push(
                    Diagnostic::warning(
                        DiagnosticCode::PageFeedLegacy,
                        planned.location(),
                        "`feed` is a legacy page type; the target store may refuse to create it",
                    )
                    .with_help(
                        "if the create fails, migrate it as a `link` page to the feed's address",
                    ),
                );
            }
        }
        PageType::Blog => {
            if creating {
                out.push(
                    Diagnostic::error(
                        DiagnosticCode::PageBlogNotCreatable,
                        planned.location(),
                        "a `blog` page cannot be created through the API",
                    )
                    .with_help(
                        "create the blog in the control panel under Storefront › Blog, then re-run; \
                         the plan will then update it",
                    ),
                );
            }
        }
        PageType::Other(name) => out.push(Diagnostic::error(
            DiagnosticCode::PageTypeUnknown,
            planned.location(),
            format!(
                "page type {} is unknown; the API accepts `page`, `raw`, `contact_form`, \
                 `link` and `blog`",
                quote(name)
            ),
        )),
        PageType::Page | PageType::ContactForm => {}
    }
}

/// Rule: a page is written to the target channel. An update that names no channel keeps the
/// page's channel; a create without one goes to channel 1, the API's default.
fn check_channel(input: &ValidationInput<'_>, planned: &PlannedPage, out: &mut Vec<Diagnostic>) {
    let channel = match (planned.page.channel_id, planned.action) {
        (Some(channel), _) => channel,
        (None, PageAction::Create) => pageport_model::ChannelId::DEFAULT,
        (None, _) => return,
    };
    if channel != input.target_channel {
        out.push(Diagnostic::error(
            DiagnosticCode::PageWrongChannel,
            planned.field_location("channel_id"),
            format!(
                "the page would be written to channel `{channel}`, not the target channel `{}`",
                input.target_channel
            ),
        ));
    }
}

/// True for an absent, empty or whitespace-only value.
fn is_blank(value: Option<&str>) -> bool {
    value.is_none_or(|v| v.trim().is_empty())
}

/// True when `value` starts with an RFC 3986 scheme (`https:`, `mailto:`, …) followed by more.
pub(crate) fn is_absolute_url(value: &str) -> bool {
    let Some((scheme, rest)) = value.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !rest.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{Fixture, codes, create, page, update};
    use pageport_model::ChannelId;

    #[test]
    fn name_length_counts_characters_not_bytes() {
        let mut fixture = Fixture::new();
        fixture
            .pages
            .push(create(1, page(&"é".repeat(100), PageType::Page)));
        assert!(fixture.run().is_empty());

        fixture.pages[0].page.to_mut().name = "é".repeat(101);
        let report = fixture.run();
        let found = fixture.only(&report, DiagnosticCode::PageNameLength);
        assert_eq!(found.message, "name is 101 characters; the limit is 100");
    }

    #[test]
    fn empty_name_is_an_error() {
        let mut fixture = Fixture::new();
        let mut blank = page("x", PageType::Page);
        blank.name = "  ".to_owned();
        fixture.pages.push(create(1, blank));
        let report = fixture.run();
        let found = fixture.only(&report, DiagnosticCode::PageNameLength);
        assert_eq!(
            found.message,
            "name is empty; a page name needs 1 to 100 characters"
        );
    }

    #[test]
    fn email_longer_than_the_limit_is_an_error() {
        let mut fixture = Fixture::new();
        let mut contact = page("Contact", PageType::ContactForm);
        contact.email = Some(format!("{}@example.com", "a".repeat(243)));
        fixture.pages.push(create(1, contact));
        assert!(fixture.run().is_empty(), "255 characters are allowed");

        fixture.pages[0].page.to_mut().email = Some(format!("{}@example.com", "a".repeat(244)));
        let report = fixture.run();
        let found = fixture.only(&report, DiagnosticCode::PageEmailLength);
        assert_eq!(found.message, "email is 256 characters; the limit is 255");
        assert_eq!(
            found.location.to_string(),
            "page `Contact` (source #1) at `email`"
        );
    }

    #[test]
    fn raw_page_without_body_is_an_error() {
        let mut fixture = Fixture::new();
        fixture.pages.push(create(1, page("Raw", PageType::Raw)));
        assert!(fixture.run().is_empty());

        fixture.pages[0].page.to_mut().body = Some(None);
        let report = fixture.run();
        let found = fixture.only(&report, DiagnosticCode::PageRawBodyMissing);
        assert_eq!(
            found.location.to_string(),
            "page `Raw` (source #1) at `body`"
        );
    }

    #[test]
    fn link_page_needs_an_absolute_link() {
        let mut fixture = Fixture::new();
        fixture.pages.push(create(1, page("Out", PageType::Link)));
        let mut mail = page("Mail", PageType::Link);
        mail.link = Some("mailto:shop@example.com".to_owned());
        fixture.pages.push(create(2, mail));
        assert!(fixture.run().is_empty());

        fixture.pages[0].page.to_mut().link = Some("/relative/path".to_owned());
        fixture.pages[1].page.to_mut().link = None;
        let report = fixture.run();
        assert_eq!(
            codes(&report),
            vec![
                DiagnosticCode::PageLinkNotAbsolute,
                DiagnosticCode::PageLinkMissing
            ]
        );
        assert_eq!(
            report.diagnostics[0].message,
            "link `/relative/path` is not an absolute URL"
        );
    }

    #[test]
    fn absolute_urls_need_a_scheme() {
        assert!(is_absolute_url("https://example.com"));
        assert!(is_absolute_url("mailto:a@b.c"));
        assert!(is_absolute_url("git+ssh://host/x"));
        assert!(!is_absolute_url("//example.com"));
        assert!(!is_absolute_url("www.example.com"));
        assert!(!is_absolute_url("1http://x"));
        assert!(!is_absolute_url("https:"));
    }

    #[test]
    fn feed_page_needs_a_feed_and_warns_on_create() {
        let mut fixture = Fixture::new();
        fixture.pages.push(create(1, page("News", PageType::Feed)));
        fixture.pages[0].page.to_mut().feed = None;
        let report = fixture.run();
        assert_eq!(
            codes(&report),
            vec![
                DiagnosticCode::PageFeedLegacy,
                DiagnosticCode::PageFeedMissing
            ]
        );
        assert_eq!(report.warnings().count(), 1);
        assert_eq!(report.errors().count(), 1);
    }

    #[test]
    fn updating_a_feed_page_with_its_feed_is_fine() {
        let mut fixture = Fixture::new();
        fixture
            .pages
            .push(update(1, 31, page("News", PageType::Feed)));
        assert!(fixture.run().is_empty());
    }

    #[test]
    fn creating_a_blog_is_an_error_with_the_manual_step() {
        let mut fixture = Fixture::new();
        fixture.pages.push(create(1, page("Blog", PageType::Blog)));
        let report = fixture.run();
        let found = fixture.only(&report, DiagnosticCode::PageBlogNotCreatable);
        assert_eq!(
            found.to_string(),
            "error[page.blog-not-creatable] page `Blog` (source #1): a `blog` page cannot be \
             created through the API (help: create the blog in the control panel under \
             Storefront › Blog, then re-run; the plan will then update it)"
        );
    }

    #[test]
    fn updating_a_blog_is_fine() {
        let mut fixture = Fixture::new();
        fixture
            .pages
            .push(update(1, 31, page("Blog", PageType::Blog)));
        assert!(fixture.run().is_empty());
    }

    #[test]
    fn unknown_page_type_is_an_error() {
        let mut fixture = Fixture::new();
        fixture.pages.push(update(
            1,
            31,
            page("Odd", PageType::Other("rss_thing".into())),
        ));
        let report = fixture.run();
        let found = fixture.only(&report, DiagnosticCode::PageTypeUnknown);
        assert!(
            found
                .message
                .starts_with("page type `rss_thing` is unknown")
        );
    }

    #[test]
    fn skipped_and_unchanged_pages_are_not_checked() {
        let mut fixture = Fixture::new();
        let mut skipped = create(1, page("Blog", PageType::Blog));
        skipped.action = PageAction::Skip;
        fixture.pages.push(skipped);
        let mut unchanged = create(2, page(&"x".repeat(200), PageType::Page));
        unchanged.action = PageAction::Unchanged {
            target_id: pageport_model::PageId(31),
        };
        fixture.pages.push(unchanged);
        assert!(fixture.run().is_empty());
    }

    #[test]
    fn page_for_another_channel_is_an_error() {
        let mut fixture = Fixture::new();
        fixture.target_channel = ChannelId(2);
        let mut in_two = page("Two", PageType::Page);
        in_two.channel_id = Some(ChannelId(2));
        fixture.pages.push(create(1, in_two));
        assert!(fixture.run().is_empty());

        fixture.pages[0].page.to_mut().channel_id = None;
        let report = fixture.run();
        let found = fixture.only(&report, DiagnosticCode::PageWrongChannel);
        assert_eq!(
            found.message,
            "the page would be written to channel `1`, not the target channel `2`"
        );
    }
}
