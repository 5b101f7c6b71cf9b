//! Pages V3 web pages (`/v3/content/pages`): one struct for every page type, with the fields of
//! the other types simply absent.

use crate::Extra;
use crate::ids::{ChannelId, PageId};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A web page as Pages V3 returns it and accepts it on create and update.
///
/// Every field but `name` and `type` is optional so that the same struct serves a read (all
/// fields of its type), a create (defaults filled by the store) and a partial update. Nullable
/// fields keep `null` apart from absent (`Some(None)` vs `None`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page {
    /// The page id; read-only, assigned by the store.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<PageId>,
    /// The channel the page belongs to (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_id: Option<ChannelId>,
    /// The page name: 1–100 characters, unique.
    pub name: String,
    /// The page type, which decides the required fields.
    #[serde(rename = "type")]
    pub page_type: PageType,
    /// Whether the page is visible and listed in navigation menus.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_visible: Option<bool>,
    /// The parent page id; `0` for a top-level page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<PageId>,
    /// Position among the parent's children; lower comes first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort_order: Option<i64>,
    /// Whether the page loads at the site root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_homepage: Option<bool>,
    /// Whether only logged-in customers see the page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_customers_only: Option<bool>,
    /// The relative storefront path, such as `/shipping-returns/`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The HTML title (page, blog, contact_form).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::nullable"
    )]
    pub meta_title: Option<Option<String>>,
    /// Comma-separated meta keywords.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::nullable"
    )]
    pub meta_keywords: Option<Option<String>>,
    /// The meta description.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::nullable"
    )]
    pub meta_description: Option<Option<String>>,
    /// Comma-separated search keywords (every type but link).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::nullable"
    )]
    pub search_keywords: Option<Option<String>>,
    /// The page content; returned only with `include=body`, required to create a `raw` page.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::nullable"
    )]
    pub body: Option<Option<String>>,
    /// The MIME type of a `raw` page, such as `text/html`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// The address a `contact_form` page sends to; ≤ 255 characters, unique.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The fields of a `contact_form` page, comma-separated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_fields: Option<String>,
    /// The absolute URL of a `link` page; required to create one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// The RSS address of a legacy `feed` page; required to create one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feed: Option<String>,
    /// Fields this version of pageport does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Page {
    /// A page of the given name and type with every other field left to the store's defaults.
    pub fn new(name: impl Into<String>, page_type: PageType) -> Self {
        Self {
            id: None,
            channel_id: None,
            name: name.into(),
            page_type,
            is_visible: None,
            parent_id: None,
            sort_order: None,
            is_homepage: None,
            is_customers_only: None,
            url: None,
            meta_title: None,
            meta_keywords: None,
            meta_description: None,
            search_keywords: None,
            body: None,
            content_type: None,
            email: None,
            contact_fields: None,
            link: None,
            feed: None,
            extra: Extra::new(),
        }
    }

    /// The body text, treating absent and `null` alike.
    pub fn body_text(&self) -> Option<&str> {
        self.body.as_ref().and_then(|b| b.as_deref())
    }

    /// The parent id, with `0` (top level) reported as `None`.
    pub fn parent(&self) -> Option<PageId> {
        self.parent_id.filter(|p| p.0 != 0)
    }
}

/// The type of a web page. Unknown types read from a store are kept as [`PageType::Other`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PageType {
    /// A content page edited in the page builder.
    Page,
    /// Raw content (HTML or another `content_type`) served as is; needs `body`.
    Raw,
    /// A contact form page.
    ContactForm,
    /// A menu entry pointing elsewhere; needs `link`.
    Link,
    /// The blog; cannot be created through the API.
    Blog,
    /// A legacy RSS feed page (removed from the docs in 2025, still returned by old stores).
    Feed,
    /// A type this version of pageport does not know.
    Other(String),
}

impl PageType {
    /// The wire name of the type.
    pub fn as_str(&self) -> &str {
        match self {
            PageType::Page => "page",
            PageType::Raw => "raw",
            PageType::ContactForm => "contact_form",
            PageType::Link => "link",
            PageType::Blog => "blog",
            PageType::Feed => "feed",
            PageType::Other(other) => other,
        }
    }

    /// True when a page of this type can have a `pages/page` page-widget document: only pages
    /// edited in the page builder render the theme's `pages/page` template.
    ///
    /// ASSUMPTION (no doc says which page types render `pages/page`): raw pages are served as
    /// they are, without the theme; contact forms render `pages/contact-us` (a template without
    /// an entity id); link and feed pages have no storefront page of their own; the blog renders
    /// `pages/blog`. A type this build does not know is read, to be safe.
    pub fn has_page_document(&self) -> bool {
        matches!(self, PageType::Page | PageType::Other(_))
    }

    /// Parses a wire name; unknown names become [`PageType::Other`].
    pub fn parse(value: &str) -> Self {
        match value {
            "page" => PageType::Page,
            "raw" => PageType::Raw,
            "contact_form" => PageType::ContactForm,
            "link" => PageType::Link,
            "blog" => PageType::Blog,
            "feed" => PageType::Feed,
            other => PageType::Other(other.to_owned()),
        }
    }

    /// True for the types the API can create (everything but `blog` and unknown types).
    pub fn is_creatable(&self) -> bool {
        !matches!(self, PageType::Blog | PageType::Other(_))
    }
}

impl fmt::Display for PageType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for PageType {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for PageType {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = String::deserialize(deserializer)?;
        Ok(PageType::parse(&value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_created_page_is_recognised_by_channel_name_and_type() {
        let mut wanted = Page::new("Help", PageType::Page);
        wanted.channel_id = None;
        let key = CreatedPageKey::of(&wanted);
        let mut stored = Page::new("Help", PageType::Page);
        stored.channel_id = Some(ChannelId::DEFAULT);
        assert!(
            key.matches(&stored),
            "absent channel_id means the default channel"
        );
        stored.channel_id = Some(ChannelId(2));
        assert!(!key.matches(&stored), "another channel");
        stored.channel_id = None;
        stored.page_type = PageType::Raw;
        assert!(!key.matches(&stored), "another type");
        let untyped = CreatedPageKey {
            page_type: None,
            ..key
        };
        assert!(
            untyped.matches(&stored),
            "a record without the type matches any type"
        );
        stored.name = "help".into();
        assert!(!untyped.matches(&stored), "names compare exactly");
    }
    use serde_json::json;

    #[test]
    fn null_and_absent_stay_apart() {
        let input = json!({"name": "About", "type": "page", "meta_keywords": null});
        let page: Page = serde_json::from_value(input.clone()).expect("valid page");
        assert_eq!(page.meta_keywords, Some(None));
        assert_eq!(page.meta_title, None);
        assert_eq!(serde_json::to_value(&page).expect("serializes"), input);
    }

    #[test]
    fn unknown_fields_and_types_survive() {
        let input = json!({"name": "Feed", "type": "rss_thing", "future_field": {"a": 1}});
        let page: Page = serde_json::from_value(input.clone()).expect("valid page");
        assert_eq!(page.page_type, PageType::Other("rss_thing".into()));
        assert!(!page.page_type.is_creatable());
        assert_eq!(serde_json::to_value(&page).expect("serializes"), input);
    }

    #[test]
    fn parent_zero_means_top_level() {
        let mut page = Page::new("A", PageType::Page);
        page.parent_id = Some(PageId(0));
        assert_eq!(page.parent(), None);
        page.parent_id = Some(PageId(4));
        assert_eq!(page.parent(), Some(PageId(4)));
    }
}

/// How pageport recognises the page a create call made when the call's answer was lost (a
/// timeout, a kill): the store holds a page of the same channel, name and type that nobody
/// has claimed. The one rule for the client's retries, apply's resume and restore.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreatedPageKey {
    /// The channel the page was created in.
    pub channel: ChannelId,
    /// Its name (unique in a store).
    pub name: String,
    /// Its type, when the record of the call kept it (older journals did not).
    pub page_type: Option<PageType>,
}

impl CreatedPageKey {
    /// The key of a page as sent in a create call (no `channel_id` means the default channel).
    pub fn of(page: &Page) -> Self {
        Self {
            channel: ChannelId::or_default(page.channel_id),
            name: page.name.clone(),
            page_type: Some(page.page_type.clone()),
        }
    }

    /// True when `stored` is a page this key's create call could have made.
    pub fn matches(&self, stored: &Page) -> bool {
        ChannelId::or_default(stored.channel_id) == self.channel
            && stored.name == self.name
            && self
                .page_type
                .as_ref()
                .is_none_or(|t| *t == stored.page_type)
    }
}
