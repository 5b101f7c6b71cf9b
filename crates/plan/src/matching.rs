//! Matching source pages to target pages by natural key: the target channel and the url
//! (ignoring case and a trailing slash) first, then the target channel and the name (ignoring
//! case). A target page is matched at most once; url matches take precedence.

use pageport_model::{ChannelId, Page, PageId};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Which natural key matched a source page to a target page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchedBy {
    /// Same url in the target channel.
    Url,
    /// Same name in the target channel.
    Name,
}

/// The target page a source page is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageMatch {
    /// The target page id.
    pub target_id: PageId,
    /// The key that matched.
    pub by: MatchedBy,
}

/// A url as compared: trimmed, lowercase, without trailing slashes (`/` stays `/`); `None` when
/// empty.
pub fn normalise_url(url: &str) -> Option<String> {
    let trimmed = url.trim();
    if trimmed.is_empty() {
        return None;
    }
    let lower = trimmed.to_lowercase();
    let without_slash = lower.trim_end_matches('/');
    Some(if without_slash.is_empty() {
        "/".to_owned()
    } else {
        without_slash.to_owned()
    })
}

/// A name as compared: trimmed and lowercase; `None` when empty.
pub fn normalise_name(name: &str) -> Option<String> {
    let trimmed = name.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_lowercase())
}

/// Matches every `source` page (by its source id) to a page of `target` in `channel`. Source
/// pages are visited in id order and each target page is claimed once, so the result does not
/// depend on input order.
pub fn match_pages<'p>(
    source: impl IntoIterator<Item = &'p Page>,
    target: &[Page],
    channel: ChannelId,
) -> BTreeMap<PageId, PageMatch> {
    let mut by_url: BTreeMap<String, BTreeSet<PageId>> = BTreeMap::new();
    let mut by_name: BTreeMap<String, BTreeSet<PageId>> = BTreeMap::new();
    for page in target
        .iter()
        .filter(|p| ChannelId::or_default(p.channel_id) == channel)
    {
        let Some(id) = page.id else { continue };
        if let Some(url) = page.url.as_deref().and_then(normalise_url) {
            by_url.entry(url).or_default().insert(id);
        }
        if let Some(name) = normalise_name(&page.name) {
            by_name.entry(name).or_default().insert(id);
        }
    }
    let mut sources: Vec<(PageId, &Page)> = source
        .into_iter()
        .filter_map(|p| p.id.map(|id| (id, p)))
        .collect();
    sources.sort_by_key(|(id, _)| *id);

    let mut claimed: BTreeSet<PageId> = BTreeSet::new();
    let mut matches = BTreeMap::new();
    let passes: [(MatchedBy, &BTreeMap<String, BTreeSet<PageId>>); 2] =
        [(MatchedBy::Url, &by_url), (MatchedBy::Name, &by_name)];
    for (by, index) in passes {
        for (source_id, page) in &sources {
            if matches.contains_key(source_id) {
                continue;
            }
            let key = match by {
                MatchedBy::Url => page.url.as_deref().and_then(normalise_url),
                MatchedBy::Name => normalise_name(&page.name),
            };
            let candidate = key
                .and_then(|k| index.get(&k))
                .and_then(|ids| ids.iter().find(|id| !claimed.contains(id)).copied());
            if let Some(target_id) = candidate {
                claimed.insert(target_id);
                matches.insert(*source_id, PageMatch { target_id, by });
            }
        }
    }
    matches
}

#[cfg(test)]
mod tests {
    use super::*;
    use pageport_model::PageType;

    fn page(id: u64, channel: u64, name: &str, url: Option<&str>) -> Page {
        let mut page = Page::new(name, PageType::Page);
        page.id = Some(PageId(id));
        page.channel_id = Some(ChannelId(channel));
        page.url = url.map(str::to_owned);
        page
    }

    #[test]
    fn urls_compare_without_case_and_trailing_slash() {
        assert_eq!(
            normalise_url("/Shipping-Returns/"),
            Some("/shipping-returns".into())
        );
        assert_eq!(
            normalise_url("/shipping-returns"),
            Some("/shipping-returns".into())
        );
        assert_eq!(normalise_url("/"), Some("/".into()));
        assert_eq!(normalise_url("  "), None);
        assert_eq!(normalise_name(" About Us "), Some("about us".into()));
    }

    #[test]
    fn url_is_tried_before_name() {
        let source = [page(1, 1, "About", Some("/About-Us/"))];
        let target = [
            page(30, 1, "About", Some("/about-old/")),
            page(31, 1, "Company", Some("/about-us")),
        ];
        let matches = match_pages(&source, &target, ChannelId(1));
        assert_eq!(
            matches.get(&PageId(1)),
            Some(&PageMatch {
                target_id: PageId(31),
                by: MatchedBy::Url
            })
        );
    }

    #[test]
    fn name_matches_ignoring_case_when_no_url_matches() {
        let source = [page(1, 1, "CONTACT us", Some("/contact/"))];
        let target = [page(32, 1, "Contact Us", Some("/get-in-touch/"))];
        let matches = match_pages(&source, &target, ChannelId(1));
        assert_eq!(matches[&PageId(1)].target_id, PageId(32));
        assert_eq!(matches[&PageId(1)].by, MatchedBy::Name);
    }

    #[test]
    fn only_the_target_channel_is_searched() {
        let source = [page(1, 1, "About", Some("/about/"))];
        let target = [page(31, 2, "About", Some("/about/"))];
        assert!(match_pages(&source, &target, ChannelId(1)).is_empty());
        assert_eq!(match_pages(&source, &target, ChannelId(2)).len(), 1);
        let mut no_channel = page(40, 1, "About", Some("/about/"));
        no_channel.channel_id = None;
        let matches = match_pages(&source, &[no_channel], ChannelId(1));
        assert_eq!(matches[&PageId(1)].target_id, PageId(40));
    }

    #[test]
    fn a_target_page_is_claimed_once_and_url_matches_win() {
        // Source 1 matches target 31 by name, source 2 by url: the url match wins and
        // source 1 stays unmatched (a create).
        let source = [
            page(1, 1, "About", Some("/about-1/")),
            page(2, 1, "Company", Some("/about/")),
        ];
        let target = [page(31, 1, "About", Some("/about/"))];
        let matches = match_pages(&source, &target, ChannelId(1));
        assert_eq!(matches.len(), 1);
        assert_eq!(matches[&PageId(2)].by, MatchedBy::Url);
        assert!(!matches.contains_key(&PageId(1)));
    }

    #[test]
    fn a_page_without_url_matches_by_name() {
        let mut link = page(6, 1, "Instagram", None);
        link.page_type = PageType::Link;
        let target = [page(60, 1, "instagram", None)];
        let matches = match_pages(&[link], &target, ChannelId(1));
        assert_eq!(matches[&PageId(6)].by, MatchedBy::Name);
    }
}
