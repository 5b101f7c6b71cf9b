//! The fields each page type carries ([P] `typePage`, `typeRaw`, …), their defaults on create,
//! and what a response shows.
//!
//! | Type | meta_* | search_keywords | body | url | own fields |
//! |---|---|---|---|---|---|
//! | page, blog | yes | yes | yes | yes | |
//! | contact_form | yes | yes | yes | yes | email, contact_fields |
//! | raw | | yes | yes (required) | yes | content_type |
//! | link | | | | | link (required) |
//! | feed (legacy) | yes | yes | yes | yes | feed (required) |

use pageport_model::{ChannelId, Page, PageId, PageType};

/// True for the types with `meta_title`, `meta_keywords` and `meta_description`.
fn has_meta(page_type: &PageType) -> bool {
    matches!(
        page_type,
        PageType::Page | PageType::Blog | PageType::ContactForm | PageType::Feed
    )
}

/// True for the types with `search_keywords`, a `body` and a storefront `url`: all but `link`.
pub(super) fn has_content(page_type: &PageType) -> bool {
    !matches!(page_type, PageType::Link)
}

/// Keeps only the fields of the page's type and fills the missing ones with their defaults
/// ([P] 201: "properties … not required … will be created with default values").
///
/// `url` is left as is for types that have one (the caller generates a missing url); a `body`
/// defaults to `""`, so a `raw` page without one is caught by the body rule.
pub(super) fn normalize(page: &mut Page) {
    page.channel_id.get_or_insert(ChannelId::DEFAULT);
    page.is_visible.get_or_insert(true);
    page.parent_id.get_or_insert(PageId(0));
    page.sort_order.get_or_insert(0);
    page.is_homepage.get_or_insert(false);
    page.is_customers_only.get_or_insert(false);
    let kind = page.page_type.clone();
    for field in [
        &mut page.meta_title,
        &mut page.meta_keywords,
        &mut page.meta_description,
    ] {
        keep_or_default(field, has_meta(&kind));
    }
    keep_or_default(&mut page.search_keywords, has_content(&kind));
    keep_or_default(&mut page.body, has_content(&kind));
    if !has_content(&kind) {
        page.url = None;
    }
    let is = |wanted: PageType| kind == wanted;
    own_field(&mut page.content_type, is(PageType::Raw), "text/html");
    own_field(&mut page.email, is(PageType::ContactForm), "");
    own_field(&mut page.contact_fields, is(PageType::ContactForm), "");
    if !is(PageType::Link) {
        page.link = None;
    }
    if !is(PageType::Feed) {
        page.feed = None;
    }
    page.extra.clear();
}

/// A nullable field: kept (or defaulted to `""`) when the type has it, removed otherwise.
fn keep_or_default(field: &mut Option<Option<String>>, belongs: bool) {
    if belongs {
        field.get_or_insert_with(|| Some(String::new()));
    } else {
        *field = None;
    }
}

/// A type-specific field: kept (or defaulted) when the type has it, removed otherwise.
fn own_field(field: &mut Option<String>, belongs: bool, default: &str) {
    if belongs {
        field.get_or_insert_with(|| default.to_owned());
    } else {
        *field = None;
    }
}

/// A page as a response shows it: the `body` only with `include=body`.
pub(super) fn render(page: &Page, include_body: bool) -> Page {
    let mut shown = page.clone();
    if !include_body {
        shown.body = None;
    }
    shown
}

/// The url slug of a name: lowercase ASCII letters and digits, other runs as one `-`.
pub(super) fn slug(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_matches('-');
    if slug.is_empty() {
        "page".to_owned()
    } else {
        slug.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_type_gets_its_own_fields_and_defaults() {
        let mut raw = Page::new("R", PageType::Raw);
        raw.meta_title = Some(Some("dropped".into()));
        raw.email = Some("dropped@example.com".into());
        normalize(&mut raw);
        assert_eq!(raw.meta_title, None);
        assert_eq!(raw.email, None);
        assert_eq!(raw.content_type.as_deref(), Some("text/html"));
        assert_eq!(raw.search_keywords, Some(Some(String::new())));
        assert_eq!(
            (
                raw.channel_id,
                raw.is_visible,
                raw.parent_id,
                raw.sort_order
            ),
            (Some(ChannelId(1)), Some(true), Some(PageId(0)), Some(0))
        );

        let mut link = Page::new("L", PageType::Link);
        link.url = Some("/l/".into());
        link.body = Some(Some("x".into()));
        normalize(&mut link);
        assert_eq!(
            (link.url, link.body, link.search_keywords),
            (None, None, None)
        );

        let mut form = Page::new("C", PageType::ContactForm);
        form.meta_keywords = Some(None);
        normalize(&mut form);
        assert_eq!(form.meta_keywords, Some(None), "an explicit null is kept");
        assert_eq!(form.meta_title, Some(Some(String::new())));
        assert_eq!(form.email.as_deref(), Some(""));
        assert_eq!(form.contact_fields.as_deref(), Some(""));
    }

    #[test]
    fn slugs_are_lowercase_ascii_with_single_dashes() {
        assert_eq!(slug("Shipping & Returns"), "shipping-returns");
        assert_eq!(slug("  FAQ!  "), "faq");
        assert_eq!(slug("Über uns"), "ber-uns");
        assert_eq!(slug("&&"), "page");
    }
}
