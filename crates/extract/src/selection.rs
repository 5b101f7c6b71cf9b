//! Which source pages `select.pages` chooses, and the entries that choose none (with the page
//! names or urls closest to each, so a misspelling is easy to fix).
//!
//! A url entry (starting with `/`) matches a page url ignoring letter case and a trailing `/`,
//! as urls are case-insensitive on a storefront. A name entry matches a page name exactly,
//! letter case included: two pages may be named alike but for case, and the planner matches
//! target pages by exact name too. A name that differs only in case is the first suggestion.

use pageport_model::{ChannelId, Page};

/// Which web pages to extract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageFilter {
    /// Every page of the channel.
    All,
    /// Only pages whose url (entries starting with `/`) or name matches an entry.
    Only(Vec<String>),
}

/// How many close names or urls an unmatched entry lists.
const MAX_SUGGESTIONS: usize = 3;

/// A `select.pages` entry that matched no page of the source channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnmatchedEntry {
    /// The entry as the plan wrote it.
    pub entry: String,
    /// The closest page names (or urls, for a url entry), closest first; empty when none is close.
    pub closest: Vec<String>,
}

/// The entries of `select.pages` that matched no page of the channel.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`select.pages` names {} that channel {channel_id} of the source does not have:{}",
    plural(unmatched.len()),
    list(unmatched)
)]
pub struct UnmatchedPages {
    /// The source channel.
    pub channel_id: ChannelId,
    /// Each entry that matched nothing, in plan order.
    pub unmatched: Vec<UnmatchedEntry>,
}

/// "a page" or "N pages".
fn plural(count: usize) -> String {
    if count == 1 {
        "a page".to_owned()
    } else {
        format!("{count} pages")
    }
}

/// One line per entry: the entry and its closest names.
fn list(unmatched: &[UnmatchedEntry]) -> String {
    unmatched
        .iter()
        .map(|u| {
            let closest = if u.closest.is_empty() {
                "no page is named or located like it".to_owned()
            } else {
                let names: Vec<String> = u.closest.iter().map(|c| format!("`{c}`")).collect();
                format!("did you mean {}?", names.join(", "))
            };
            format!("\n  - `{}`: {closest}", u.entry)
        })
        .collect()
}

/// True when `page` is in the selection.
pub(crate) fn selected(filter: &PageFilter, page: &Page) -> bool {
    match filter {
        PageFilter::All => true,
        PageFilter::Only(entries) => entries.iter().any(|entry| matches(entry, page)),
    }
}

/// The entries of `filter` that match none of `pages`, with the closest names or urls.
pub(crate) fn unmatched(filter: &PageFilter, pages: &[Page]) -> Vec<UnmatchedEntry> {
    let PageFilter::Only(entries) = filter else {
        return Vec::new();
    };
    entries
        .iter()
        .filter(|entry| !pages.iter().any(|page| matches(entry, page)))
        .map(|entry| UnmatchedEntry {
            entry: entry.clone(),
            closest: closest(entry, pages),
        })
        .collect()
}

/// True when one entry selects `page`.
fn matches(entry: &str, page: &Page) -> bool {
    if entry.starts_with('/') {
        page.url.as_deref().is_some_and(|url| same_url(url, entry))
    } else {
        page.name == entry
    }
}

/// Url equality ignoring case and a trailing slash.
fn same_url(a: &str, b: &str) -> bool {
    a.trim_end_matches('/')
        .eq_ignore_ascii_case(b.trim_end_matches('/'))
}

/// The page names (or urls, for a url entry) within a few edits of `entry`, ignoring case,
/// closest first, at most [`MAX_SUGGESTIONS`].
fn closest(entry: &str, pages: &[Page]) -> Vec<String> {
    let is_url = entry.starts_with('/');
    let wanted = normalize(entry, is_url);
    // A third of the entry, at least 2: a typo or two, not an unrelated name.
    let limit = (wanted.chars().count() / 3).max(2);
    let mut candidates: Vec<(usize, &str)> = pages
        .iter()
        .filter_map(|page| {
            if is_url {
                page.url.as_deref()
            } else {
                Some(page.name.as_str())
            }
        })
        .map(|candidate| (distance(&wanted, &normalize(candidate, is_url)), candidate))
        .filter(|(d, _)| *d <= limit)
        .collect();
    candidates.sort();
    candidates.dedup_by(|a, b| a.1 == b.1);
    candidates
        .into_iter()
        .take(MAX_SUGGESTIONS)
        .map(|(_, c)| c.to_owned())
        .collect()
}

/// Lower case, and for urls without the trailing slash.
fn normalize(text: &str, is_url: bool) -> String {
    let text = if is_url {
        text.trim_end_matches('/')
    } else {
        text
    };
    text.to_lowercase()
}

/// Levenshtein distance in characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use pageport_model::PageType;

    fn page(name: &str, url: &str) -> Page {
        let mut page = Page::new(name, PageType::Page);
        page.url = Some(url.into());
        page
    }

    #[test]
    fn pages_are_selected_by_url_or_name() {
        let page = page("Shipping & Returns", "/shipping-returns/");
        assert!(selected(
            &PageFilter::Only(vec!["/Shipping-Returns".into()]),
            &page
        ));
        assert!(selected(
            &PageFilter::Only(vec!["Shipping & Returns".into()]),
            &page
        ));
        assert!(!selected(
            &PageFilter::Only(vec!["/about/".into(), "About".into()]),
            &page
        ));
        assert!(
            !selected(&PageFilter::Only(vec!["shipping & returns".into()]), &page),
            "names match with their letter case"
        );
    }

    #[test]
    fn unmatched_entries_name_the_closest_pages() {
        let pages = [
            page("About Us", "/about-us/"),
            page("Contact Us", "/contact-us/"),
            page("Shipping & Returns", "/shipping-returns/"),
        ];
        let filter = PageFilter::Only(vec![
            "About Us".into(),
            "about us".into(),
            "Shiping & Returns".into(),
            "/contct-us".into(),
            "Gift Cards".into(),
        ]);
        let found = unmatched(&filter, &pages);
        let as_pairs: Vec<(&str, Vec<&str>)> = found
            .iter()
            .map(|u| {
                (
                    u.entry.as_str(),
                    u.closest.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        assert_eq!(
            as_pairs,
            [
                ("about us", vec!["About Us"]),
                ("Shiping & Returns", vec!["Shipping & Returns"]),
                ("/contct-us", vec!["/contact-us/"]),
                ("Gift Cards", vec![]),
            ]
        );
        assert!(unmatched(&PageFilter::All, &pages).is_empty());
    }

    #[test]
    fn the_message_lists_each_entry() {
        let error = UnmatchedPages {
            channel_id: ChannelId(1),
            unmatched: vec![
                UnmatchedEntry {
                    entry: "Abot Us".into(),
                    closest: vec!["About Us".into()],
                },
                UnmatchedEntry {
                    entry: "Gift Cards".into(),
                    closest: vec![],
                },
            ],
        };
        assert_eq!(
            error.to_string(),
            "`select.pages` names 2 pages that channel 1 of the source does not have:\n  \
             - `Abot Us`: did you mean `About Us`?\n  \
             - `Gift Cards`: no page is named or located like it"
        );
    }

    #[test]
    fn distance_counts_edits() {
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("same", "same"), 0);
    }
}
