//! File names built from API data (bundles, backups) (page names, template files, template names). Whatever a
//! store sends, a name is one plain path component: it can never climb out of, or reach
//! outside, the bundle directory.

use crate::Page;
use crate::{PageWidgetsKey, WidgetTemplate};

/// The longest stem a sanitised name keeps, so names stay within every filesystem's limits.
const MAX_STEM: usize = 80;

/// Turns arbitrary text into a safe file-name fragment: lowercase ASCII letters, digits, `-`;
/// runs of anything else become one `-`; never empty, never `.` or `..`.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(MAX_STEM));
    let mut pending_dash = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(c.to_ascii_lowercase());
        } else {
            pending_dash = true;
        }
        if out.len() >= MAX_STEM {
            break;
        }
    }
    if out.is_empty() {
        "unnamed".to_owned()
    } else {
        out
    }
}

/// The file name of a page: its source id, then its name, e.g. `12-shipping-returns.json`.
pub fn page_file(page: &Page) -> String {
    let id = page
        .id
        .map_or_else(|| "new".to_owned(), |id| format!("{:05}", id.get()));
    format!("{id}-{}.json", slug(&page.name))
}

/// The file name of a page-widget document, prefixed by its channel, e.g.
/// `channel-1-global.json`, `channel-1-pages-home.json`, `channel-1-pages-page-5.json`.
pub fn document_file(key: &PageWidgetsKey) -> String {
    let mut stem = format!("channel-{}-", key.channel_id);
    match &key.template_file {
        None => stem.push_str("global"),
        Some(file) => stem.push_str(&slug(file.as_str())),
    }
    if let Some(entity) = &key.entity_id {
        stem.push('-');
        stem.push_str(&slug(entity.as_str()));
    }
    format!("{stem}.json")
}

/// The file name of a widget template: its name, then its uuid (uuids are unique, names may
/// not be), e.g. `hero-banner-d181ebd5.json`.
pub fn template_file(template: &WidgetTemplate) -> String {
    let uuid: String = slug(template.uuid.as_str()).chars().take(8).collect();
    format!("{}-{uuid}.json", slug(&template.name))
}

/// True when `name` is a single safe path component (what every function above produces).
pub fn is_safe_component(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ChannelId, PageId, PageType};

    #[test]
    fn hostile_names_cannot_escape() {
        for hostile in [
            "../../etc/passwd",
            "/abs/path",
            "..",
            ".",
            "a\\b",
            "con:",
            "\u{0}x",
            "",
        ] {
            let s = slug(hostile);
            assert!(is_safe_component(&s), "{hostile:?} gave {s:?}");
            assert!(!s.contains('/') && !s.contains(".."));
        }
    }

    #[test]
    fn names_are_readable_and_stable() {
        let mut page = Page::new("Shipping & Returns", PageType::Page);
        page.id = Some(PageId(12));
        assert_eq!(page_file(&page), "00012-shipping-returns.json");
        let key = PageWidgetsKey {
            channel_id: ChannelId(1),
            template_file: Some("pages/custom/page/../../x".into()),
            entity_id: Some("5".into()),
        };
        let name = document_file(&key);
        assert_eq!(name, "channel-1-pages-custom-page-x-5.json");
        assert!(is_safe_component(&name));
        assert_eq!(
            document_file(&PageWidgetsKey::global(ChannelId(1))),
            "channel-1-global.json"
        );
    }

    #[test]
    fn long_names_are_capped() {
        assert!(slug(&"a".repeat(10_000)).len() <= MAX_STEM);
    }
}
