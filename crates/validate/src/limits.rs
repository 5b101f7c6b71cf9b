//! Platform limits: layouts and widgets per page and per channel, web pages per store, and the
//! size of one request body.

use crate::diagnostic::{Diagnostic, DiagnosticCode};
use crate::input::{DocumentCounts, PageAction, ValidationInput};
use crate::location::{JsonPath, Location};
use crate::text::{counted, thousands};
use pageport_model::page_widgets::count_regions;

/// Checks every limit and appends what is exceeded to `out`.
pub(crate) fn check(input: &ValidationInput<'_>, out: &mut Vec<Diagnostic>) {
    check_per_document(input, out);
    check_per_channel(input, out);
    check_per_store(input, out);
    check_request_bodies(input, out);
}

/// Rule: each page written and each document published fits in one request body
/// (`request_body_max_bytes`), so the store never refuses it with a 413 halfway through a run.
fn check_request_bodies(input: &ValidationInput<'_>, out: &mut Vec<Diagnostic>) {
    let limit = input.limits.request_body_max_bytes;
    let too_large = |bytes: usize, what: &str| {
        format!(
            "the {what} is {} bytes as JSON; a request body may be at most {} bytes",
            thousands(bytes),
            thousands(limit)
        )
    };
    for planned in input.pages.iter().filter(|p| p.action.writes()) {
        let bytes = json_size(planned.page.as_ref());
        if bytes > limit {
            out.push(
                Diagnostic::error(
                    DiagnosticCode::LimitRequestBody,
                    planned.field_location("body"),
                    too_large(bytes, "page"),
                )
                .with_help("shorten the page body in the source (large images belong in files, not inline)"),
            );
        }
    }
    for planned in input.documents {
        let bytes = json_size(planned.regions.as_ref());
        if bytes > limit {
            out.push(
                Diagnostic::error(
                    DiagnosticCode::LimitRequestBody,
                    Location::document(&planned.key, JsonPath::root()),
                    too_large(bytes, "document"),
                )
                .with_help("move some widgets to another page, or shorten their configuration"),
            );
        }
    }
}

/// The length of a value's JSON, counted without building the text.
fn json_size<T: serde::Serialize + ?Sized>(value: &T) -> usize {
    struct Counter(usize);
    impl std::io::Write for Counter {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut counter = Counter(0);
    // Serialising plain data into a counter cannot fail; a failure would count short, and the
    // store would then be the one to refuse.
    let _ = serde_json::to_writer(&mut counter, value);
    counter.0
}

/// Rule: one page-widget document holds at most `layouts_per_page` layouts and
/// `widgets_per_page` widgets.
fn check_per_document(input: &ValidationInput<'_>, out: &mut Vec<Diagnostic>) {
    for planned in input.documents {
        let key = &planned.key;
        let (layouts, widgets) = count_regions(&planned.regions);
        let checks = [
            (
                layouts,
                input.limits.layouts_per_page,
                "layout",
                DiagnosticCode::LimitPageLayouts,
            ),
            (
                widgets,
                input.limits.widgets_per_page,
                "widget",
                DiagnosticCode::LimitPageWidgets,
            ),
        ];
        for (actual, limit, noun, code) in checks {
            if actual > limit {
                out.push(
                    Diagnostic::error(
                        code,
                        Location::document(key, JsonPath::root()),
                        format!(
                            "the document has {}; the limit is {} per page",
                            counted(actual, noun),
                            thousands(limit)
                        ),
                    )
                    .with_help(format!(
                        "move some {noun}s to another page or region, or remove them in the source"
                    )),
                );
            }
        }
    }
}

/// Rule: the target channel's totals after the plan (now − overwritten + written) stay within
/// `layouts_per_channel` and `widgets_per_channel`.
fn check_per_channel(input: &ValidationInput<'_>, out: &mut Vec<Diagnostic>) {
    let mut removed = DocumentCounts::default();
    let mut written = DocumentCounts::default();
    for planned in input
        .documents
        .iter()
        .filter(|planned| planned.key.channel_id == input.target_channel)
    {
        let overwritten = planned.overwrites.unwrap_or_default();
        removed.layouts += overwritten.layouts;
        removed.widgets += overwritten.widgets;
        let (layouts, widgets) = count_regions(&planned.regions);
        written.layouts += layouts;
        written.widgets += widgets;
    }
    let checks = [
        (
            input.target.channel_layouts,
            removed.layouts,
            written.layouts,
            input.limits.layouts_per_channel,
            "layout",
            DiagnosticCode::LimitChannelLayouts,
        ),
        (
            input.target.channel_widgets,
            removed.widgets,
            written.widgets,
            input.limits.widgets_per_channel,
            "widget",
            DiagnosticCode::LimitChannelWidgets,
        ),
    ];
    for (now, removed, written, limit, noun, code) in checks {
        let after = now.saturating_sub(removed) + written;
        if after > limit {
            out.push(
                Diagnostic::error(
                    code,
                    Location::Channel {
                        channel_id: input.target_channel,
                    },
                    format!(
                        "the channel would hold {} after the migration ({} now, {} replaced, \
                         {} written); the limit is {} per channel",
                        counted(after, noun),
                        thousands(now),
                        thousands(removed),
                        thousands(written),
                        thousands(limit)
                    ),
                )
                .with_help(format!(
                    "migrate fewer page-widget documents, or remove {noun}s from the target channel first"
                )),
            );
        }
    }
}

/// Rule: the target store holds at most `web_pages_per_store` web pages after the plan's
/// creates.
// ASSUMPTION: CONTRACT §5.2/§11 #4 leave open whether `link` and `blog` pages count toward the
// 4,000 limit; like the sandbox, every page type counts.
fn check_per_store(input: &ValidationInput<'_>, out: &mut Vec<Diagnostic>) {
    let now = input.target.pages.len();
    let created = input
        .pages
        .iter()
        .filter(|planned| planned.action == PageAction::Create)
        .count();
    let after = now + created;
    let limit = input.limits.web_pages_per_store;
    if after > limit {
        out.push(
            Diagnostic::error(
                DiagnosticCode::LimitStorePages,
                Location::Store,
                format!(
                    "the store would hold {} after the migration ({} now, {} created); the \
                     limit is {} per store, counting pages of every type and channel",
                    counted(after, "web page"),
                    thousands(now),
                    thousands(created),
                    thousands(limit)
                ),
            )
            .with_help("migrate fewer pages, or delete unused pages in the target store first"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::DiagnosticCode;
    use crate::input::{DocumentCounts, PageAction};
    use crate::test_support::{Fixture, create, document, page, target_page, widgets};
    use pageport_model::PageType;
    use serde_json::json;

    fn layouts(count: usize) -> serde_json::Value {
        let layout = json!({"type": "layout", "dropzones": []});
        json!([{"name": "main", "children": vec![layout; count]}])
    }

    #[test]
    fn too_many_widgets_on_one_page_is_an_error() {
        let mut fixture = Fixture::new();
        fixture
            .documents
            .push(document("pages/home", None, widgets(151)));
        let report = fixture.run();
        let found = fixture.only(&report, DiagnosticCode::LimitPageWidgets);
        assert_eq!(
            found.to_string(),
            "error[limit.page-widgets] page-widget document `channel 1 pages/home`: the document \
             has 151 widgets; the limit is 150 per page (help: move some widgets to another page \
             or region, or remove them in the source)"
        );
    }

    #[test]
    fn a_page_or_document_larger_than_a_request_body_is_an_error() {
        let mut fixture = Fixture::new();
        fixture.limits.request_body_max_bytes = 2_000;
        let mut big = page("Big", PageType::Page);
        big.body = Some(Some("x".repeat(2_000)));
        fixture.pages.push(create(1, big));
        let mut small = page("Small", PageType::Page);
        small.body = Some(Some("x".repeat(100)));
        fixture.pages.push(create(2, small));
        fixture
            .documents
            .push(document("pages/home", None, widgets(40)));
        fixture
            .documents
            .push(document("pages/page", Some("5"), widgets(1)));
        let report = fixture.run();
        let found: Vec<String> = report
            .diagnostics
            .iter()
            .filter(|d| d.code == DiagnosticCode::LimitRequestBody)
            .map(ToString::to_string)
            .collect();
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(
            found[0].starts_with(
                "error[limit.request-body] page `Big` (source #1) at `body`: the page is 2,0"
            ) && found[0].contains("bytes as JSON; a request body may be at most 2,000 bytes"),
            "{}",
            found[0]
        );
        assert!(
            found[1].starts_with(
                "error[limit.request-body] page-widget document `channel 1 pages/home`: the document is"
            ),
            "{}",
            found[1]
        );
    }

    #[test]
    fn exactly_the_page_limit_is_fine() {
        let mut fixture = Fixture::new();
        fixture
            .documents
            .push(document("pages/home", None, widgets(150)));
        fixture
            .documents
            .push(document("pages/page", Some("5"), layouts(150)));
        let report = fixture.run();
        assert!(report.is_empty(), "{report:#?}");
    }

    #[test]
    fn too_many_layouts_on_one_page_is_an_error() {
        let mut fixture = Fixture::new();
        fixture
            .documents
            .push(document("pages/home", None, layouts(151)));
        let report = fixture.run();
        let found = fixture.only(&report, DiagnosticCode::LimitPageLayouts);
        assert!(
            found
                .message
                .contains("151 layouts; the limit is 150 per page")
        );
    }

    #[test]
    fn channel_totals_count_what_the_target_holds_minus_what_is_overwritten() {
        let mut fixture = Fixture::new();
        fixture.target.channel_widgets = 49_900;
        fixture.target.channel_layouts = 9_999;
        let mut home = document("pages/home", None, widgets(120));
        home.overwrites = Some(DocumentCounts {
            layouts: 0,
            widgets: 10,
        });
        fixture.documents.push(home);
        fixture
            .documents
            .push(document("pages/page", Some("5"), layouts(2)));
        let report = fixture.run();
        let widgets = fixture.only(&report, DiagnosticCode::LimitChannelWidgets);
        assert_eq!(
            widgets.message,
            "the channel would hold 50,010 widgets after the migration (49,900 now, 10 replaced, \
             120 written); the limit is 50,000 per channel"
        );
        assert_eq!(widgets.location.to_string(), "target channel `1`");
        let layouts = fixture.only(&report, DiagnosticCode::LimitChannelLayouts);
        assert!(layouts.message.contains("10,001 layouts"));
    }

    #[test]
    fn channel_totals_within_the_limit_once_overwrites_are_subtracted() {
        let mut fixture = Fixture::new();
        fixture.target.channel_widgets = 50_000;
        let mut home = document("pages/home", None, widgets(100));
        home.overwrites = Some(DocumentCounts {
            layouts: 0,
            widgets: 100,
        });
        fixture.documents.push(home);
        let report = fixture.run();
        assert!(report.is_empty(), "{report:#?}");
    }

    #[test]
    fn store_page_limit_counts_target_pages_of_every_channel_and_the_creates() {
        let mut fixture = Fixture::new();
        fixture.limits.web_pages_per_store = 3;
        fixture.target.pages.push(target_page(31, 1, "One"));
        fixture.target.pages.push(target_page(32, 2, "Two"));
        fixture.pages.push(create(1, page("Three", PageType::Page)));
        fixture.pages.push(create(2, page("Four", PageType::Link)));
        let report = fixture.run();
        let found = fixture.only(&report, DiagnosticCode::LimitStorePages);
        assert_eq!(
            found.message,
            "the store would hold 4 web pages after the migration (2 now, 2 created); the limit \
             is 3 per store, counting pages of every type and channel"
        );
    }

    #[test]
    fn updates_do_not_count_toward_the_store_page_limit() {
        let mut fixture = Fixture::new();
        fixture.limits.web_pages_per_store = 2;
        fixture.target.pages.push(target_page(31, 1, "One"));
        fixture.pages.push(create(1, page("Two", PageType::Page)));
        let mut update = create(2, page("One", PageType::Page));
        update.action = PageAction::Update {
            target_id: pageport_model::PageId(31),
        };
        fixture.pages.push(update);
        let report = fixture.run();
        assert!(report.is_empty(), "{report:#?}");
    }
}
