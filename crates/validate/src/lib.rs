//! Validation of a migration before it writes: limits and integrity checks over the remapped
//! pages and page-widget documents about to be written to a target channel, reporting every
//! problem in one pass, each with where it is.
//!
//! - [`diagnostic`] — severities, stable codes, diagnostics and the ordered [`Report`]
//! - [`location`] — where a diagnostic points (store, channel, page field, JSON path)
//! - [`input`] — what is validated: planned pages and documents, and facts about the target
//! - `limits` — layouts and widgets per page and per channel, web pages per store
//! - `page_fields` — one page on its own: name and email length, type requirements, channel
//! - `page_conflicts` — names, urls and emails unique; one homepage per channel
//! - `parents` — dangling parents and parent cycles
//! - `templates` — malformed template uuids and widget templates missing from the target
//! - `leaks` — the source store's hash and storefront hosts left in content
//! - `documents` — document channel, duplicates and region names
//! - `walk` — visits a document's nodes and JSON strings with their paths
//!
//! Everything here is a pure function over data: no network, no file I/O, no printing. The
//! crate depends on `pageport-model` only (plus serde and thiserror), never on the mapping,
//! client, plan or apply crates; the caller gathers the target facts and builds the input.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod diagnostic;
pub mod input;
pub mod location;

mod documents;
mod leaks;
mod limits;
mod page_conflicts;
mod page_fields;
mod parents;
mod templates;
mod text;
mod walk;

#[cfg(test)]
mod test_support;

pub use diagnostic::{Diagnostic, DiagnosticCode, Report, Severity, UnknownDiagnosticCode};
pub use input::{
    DocumentCounts, PageAction, ParentRef, PlannedDocument, PlannedPage, TargetFacts,
    ValidationInput,
};
pub use location::{JsonPath, Location};

/// Runs every check over `input` and returns all findings, in report order (location, then
/// code, then message).
pub fn validate(input: &ValidationInput<'_>) -> Report {
    let mut diagnostics = Vec::new();
    limits::check(input, &mut diagnostics);
    page_fields::check(input, &mut diagnostics);
    page_conflicts::check(input, &mut diagnostics);
    parents::check(input, &mut diagnostics);
    templates::check(input, &mut diagnostics);
    leaks::check(input, &mut diagnostics);
    documents::check(input, &mut diagnostics);
    Report::new(diagnostics)
}

#[cfg(test)]
mod tests {
    use crate::test_support::{Fixture, create, document, page, target_page, update, widget};
    use pageport_model::PageType;
    use serde_json::json;

    #[test]
    fn a_realistic_valid_plan_has_no_findings() {
        let mut fixture = Fixture::new();
        fixture.target.pages.push(target_page(31, 1, "About us"));
        fixture.target.channel_widgets = 40;
        let mut home = page("Home", PageType::Page);
        home.is_homepage = Some(true);
        home.body = Some(Some(
            "<p>Welcome to <a href=\"/shop/\">the shop</a></p>".into(),
        ));
        fixture.pages.push(create(1, home));
        fixture
            .pages
            .push(update(2, 31, page("About us", PageType::Page)));
        fixture.pages.push(create(3, page("Raw", PageType::Raw)));
        fixture.pages.push(create(4, page("Out", PageType::Link)));
        let mut contact = page("Contact", PageType::ContactForm);
        contact.email = Some("shop@example.com".into());
        fixture.pages.push(create(5, contact));
        fixture.documents.push(document(
            "pages/home",
            None,
            json!([{"name": "home_below_menu", "children": [
                widget(json!({"imageUrl": {"src": "https://cdn11.bigcommerce.com/s-xyz789/a.jpg"}}))
            ]}]),
        ));
        let report = fixture.run();
        assert!(report.is_empty(), "{report:#?}");
    }
}
