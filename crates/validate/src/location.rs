//! Where a diagnostic points: the store, a channel, a page (and a field of it), or a JSON path
//! inside a page-widget document.

use pageport_model::escape::quote;
use pageport_model::{ChannelId, PageId, PageWidgetsKey};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::fmt;

/// Where a problem is, precise enough to point a merchant at it.
///
/// The derived order (store, channel, page, document; then by their fields) is the order of a
/// [`Report`](crate::Report).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Location {
    /// The target store as a whole (store-wide limits).
    Store,
    /// One channel of the target store (channel-wide limits).
    Channel {
        /// The channel.
        channel_id: ChannelId,
    },
    /// A planned web page, optionally one field of it (`body`, `link`, …).
    Page {
        /// The page's id in the source store, when it came from one.
        source_id: Option<PageId>,
        /// The page name as it will be written.
        name: String,
        /// The field inside the page; empty for the page as a whole.
        path: JsonPath,
    },
    /// A planned page-widget document, optionally one node inside it.
    Document {
        /// Channel, template file and entity of the document.
        key: PageWidgetsKey,
        /// The JSON path inside the document; empty for the document as a whole.
        path: JsonPath,
    },
}

impl Location {
    /// A whole page.
    pub fn page(source_id: Option<PageId>, name: impl Into<String>) -> Self {
        Location::Page {
            source_id,
            name: name.into(),
            path: JsonPath::root(),
        }
    }

    /// One field of a page, such as `body`.
    pub fn page_field(source_id: Option<PageId>, name: impl Into<String>, field: &str) -> Self {
        Location::Page {
            source_id,
            name: name.into(),
            path: JsonPath::root().key(field),
        }
    }

    /// A node inside a page-widget document (the root path for the whole document).
    pub fn document(key: &PageWidgetsKey, path: JsonPath) -> Self {
        Location::Document {
            key: key.clone(),
            path,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Store => f.write_str("target store"),
            Location::Channel { channel_id } => write!(f, "target channel `{channel_id}`"),
            Location::Page {
                source_id,
                name,
                path,
            } => {
                write!(f, "page {}", quote(name))?;
                if let Some(id) = source_id {
                    write!(f, " (source #{id})")?;
                }
                if !path.is_root() {
                    write!(f, " at {}", quote(path.as_str()))?;
                }
                Ok(())
            }
            Location::Document { key, path } => {
                write!(f, "page-widget document {}", quote(&key.to_string()))?;
                if !path.is_root() {
                    write!(f, " at {}", quote(path.as_str()))?;
                }
                Ok(())
            }
        }
    }
}

/// A JSON path such as `regions[0].children[1].configuration.imageUrl.src`; empty for the root.
///
/// Paths order naturally (`regions[2]` before `regions[10]`), so reports read top to bottom.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct JsonPath(String);

impl JsonPath {
    /// The empty path: the object itself.
    pub fn root() -> Self {
        Self(String::new())
    }

    /// True for the empty path.
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// The path as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// This path followed by an object key; keys that are not plain identifiers are quoted
    /// (`configuration["image.url"]`).
    pub fn key(&self, key: &str) -> Self {
        let plain = !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        let mut out = self.0.clone();
        if plain {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(key);
        } else {
            out.push('[');
            out.push_str(&serde_json::Value::from(key).to_string());
            out.push(']');
        }
        Self(out)
    }

    /// This path followed by an array index.
    pub fn index(&self, index: usize) -> Self {
        Self(format!("{}[{index}]", self.0))
    }
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl PartialOrd for JsonPath {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for JsonPath {
    fn cmp(&self, other: &Self) -> Ordering {
        natural_cmp(&self.0, &other.0)
    }
}

/// Compares text with runs of digits compared as numbers, so `a[2]` sorts before `a[10]`.
fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (a, b);
    loop {
        match (a.chars().next(), b.chars().next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let (a_digits, a_rest) = split_digits(a);
                let (b_digits, b_rest) = split_digits(b);
                let a_trimmed = a_digits.trim_start_matches('0');
                let b_trimmed = b_digits.trim_start_matches('0');
                let by_value = a_trimmed
                    .len()
                    .cmp(&b_trimmed.len())
                    .then_with(|| a_trimmed.cmp(b_trimmed))
                    .then_with(|| a_digits.len().cmp(&b_digits.len()));
                if by_value != Ordering::Equal {
                    return by_value;
                }
                (a, b) = (a_rest, b_rest);
            }
            (Some(x), Some(y)) => {
                if x != y {
                    return x.cmp(&y);
                }
                (a, b) = (&a[x.len_utf8()..], &b[y.len_utf8()..]);
            }
        }
    }
}

/// Splits a leading run of ASCII digits off `text`.
fn split_digits(text: &str) -> (&str, &str) {
    let end = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    text.split_at(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_built_with_dots_brackets_and_quoted_keys() {
        let path = JsonPath::root()
            .key("regions")
            .index(0)
            .key("children")
            .index(12)
            .key("configuration")
            .key("image.url");
        assert_eq!(
            path.as_str(),
            r#"regions[0].children[12].configuration["image.url"]"#
        );
        assert!(JsonPath::root().is_root());
        assert!(!path.is_root());
    }

    #[test]
    fn paths_sort_by_index_value_not_text() {
        let two = JsonPath::root().key("regions").index(2);
        let ten = JsonPath::root().key("regions").index(10);
        assert!(two < ten);
        assert!(JsonPath::root() < two);
        assert_eq!(natural_cmp("a7b", "a7b"), Ordering::Equal);
        assert_eq!(natural_cmp("a07", "a7"), Ordering::Greater);
    }

    #[test]
    fn locations_display_on_one_line() {
        assert_eq!(
            Location::page(Some(PageId(12)), "About us").to_string(),
            "page `About us` (source #12)"
        );
        assert_eq!(
            Location::page_field(None, "Blog", "body").to_string(),
            "page `Blog` at `body`"
        );
        let key = PageWidgetsKey {
            channel_id: ChannelId(1),
            template_file: Some("pages/home".into()),
            entity_id: None,
        };
        assert_eq!(
            Location::document(&key, JsonPath::root()).to_string(),
            "page-widget document `channel 1 pages/home`"
        );
        assert_eq!(
            Location::document(&key, JsonPath::root().key("regions").index(1)).to_string(),
            "page-widget document `channel 1 pages/home` at `regions[1]`"
        );
        assert_eq!(
            Location::Channel {
                channel_id: ChannelId(2)
            }
            .to_string(),
            "target channel `2`"
        );
        assert_eq!(Location::Store.to_string(), "target store");
    }

    #[test]
    fn store_text_stays_inside_its_code_spans() {
        use pageport_model::escape::{Span, spans};
        let key = PageWidgetsKey {
            channel_id: ChannelId(1),
            template_file: Some("pages/custom/page/x`y".into()),
            entity_id: None,
        };
        let path = JsonPath::root().key("configuration").key("k``<!-- -->");
        let shown = Location::document(&key, path.clone()).to_string();
        assert_eq!(
            spans(&shown),
            vec![
                Span::Text("page-widget document "),
                Span::Code("channel 1 pages/custom/page/x`y"),
                Span::Text(" at "),
                Span::Code(path.as_str()),
            ]
        );
        let page = Location::page(Some(PageId(4)), "`Sale` \u{1b}[2J");
        assert_eq!(
            spans(&page.to_string()),
            vec![
                Span::Text("page "),
                Span::Code("`Sale` \u{1b}[2J"),
                Span::Text(" (source #4)"),
            ]
        );
    }

    #[test]
    fn locations_serialize_with_a_kind_tag() {
        let json = serde_json::to_value(Location::page_field(Some(PageId(3)), "A", "link"))
            .unwrap_or_default();
        assert_eq!(
            json,
            serde_json::json!({"kind": "page", "source_id": 3, "name": "A", "path": "link"})
        );
    }
}
