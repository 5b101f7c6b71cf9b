//! Source-store leaks: content that still points at the source store after remapping: its
//! store hash in a CDN, storefront or API URL, or an absolute link to a source storefront host.
//!
//! Every string is scanned: page `body`, `link` and `feed`, and every string at any depth in
//! the documents' `configuration` (widgets, layouts, dropzones) and
//! `storefront_api_query_params`. At most one finding of each kind is reported per string, with
//! the first URL found and how many more there are.
//!
//! These are warnings, not errors: the target accepts such content and the links keep working
//! while the source store exists, and some merchants share one asset store between storefronts
//! on purpose. The API moves no image files, so only the merchant can decide whether to upload
//! the files to the target and relink them; the migration should not be blocked on it.

use crate::diagnostic::{Diagnostic, DiagnosticCode};
use crate::input::ValidationInput;
use crate::location::{JsonPath, Location};
use crate::walk::{DocumentNode, for_each_node, for_each_string};
use pageport_model::JsonObject;
use pageport_model::escape::quote;

/// Longest URL quoted in a message, in characters.
const MAX_QUOTED_CHARS: usize = 120;

/// Scans every planned page and document and appends the leaks found to `out`.
pub(crate) fn check(input: &ValidationInput<'_>, out: &mut Vec<Diagnostic>) {
    let finder = LeakFinder::new(input);
    if finder.is_empty() {
        return;
    }
    for planned in input.pages.iter().filter(|p| p.action.writes()) {
        let page = &planned.page;
        let fields = [
            ("body", page.body_text()),
            ("link", page.link.as_deref()),
            ("feed", page.feed.as_deref()),
        ];
        for (field, value) in fields {
            if let Some(text) = value {
                finder.scan(text, || planned.field_location(field), out);
            }
        }
    }
    for planned in input.documents {
        let key = &planned.key;
        let mut scan_object = |object: Option<&JsonObject>, path: JsonPath| {
            for (name, value) in object.into_iter().flatten() {
                for_each_string(value, &path.key(name), &mut |at, text| {
                    finder.scan(text, || Location::document(key, at.clone()), out);
                });
            }
        };
        for_each_node(&planned.regions, |path, node| match node {
            DocumentNode::Widget(widget) => {
                scan_object(widget.configuration.as_ref(), path.key("configuration"));
                scan_object(
                    widget.storefront_api_query_params.as_ref(),
                    path.key("storefront_api_query_params"),
                );
            }
            DocumentNode::Layout(layout) => {
                scan_object(layout.configuration.as_ref(), path.key("configuration"));
            }
            DocumentNode::Dropzone(zone) => {
                scan_object(zone.configuration.as_ref(), path.key("configuration"));
            }
        });
    }
}

/// What to look for, lower-cased.
struct LeakFinder {
    /// The source store hash, unless the target is the same store.
    store_hash: Option<String>,
    /// Source storefront hosts.
    hosts: Vec<String>,
}

impl LeakFinder {
    fn new(input: &ValidationInput<'_>) -> Self {
        let hash = input.source_store_hash.as_str().trim().to_ascii_lowercase();
        let same_store = hash == input.target_store_hash.as_str().trim().to_ascii_lowercase();
        let hosts = input
            .source_storefront_hosts
            .iter()
            .map(|host| normalise_host(host))
            .filter(|host| !host.is_empty())
            .collect();
        Self {
            store_hash: (!hash.is_empty() && !same_store).then_some(hash),
            hosts,
        }
    }

    fn is_empty(&self) -> bool {
        self.store_hash.is_none() && self.hosts.is_empty()
    }

    /// Appends at most one warning of each kind for `text`; `location` is built only on a hit.
    fn scan(&self, text: &str, location: impl Fn() -> Location, out: &mut Vec<Diagnostic>) {
        // Most strings hold neither the hash nor a host: skip them without allocating.
        let may_hit = self
            .store_hash
            .iter()
            .chain(&self.hosts)
            .any(|needle| contains_ignore_ascii_case(text, needle));
        if !may_hit {
            return;
        }
        let lower = text.to_ascii_lowercase();
        if let Some(hash) = &self.store_hash {
            let hits = store_hash_hits(&lower, hash);
            if let Some(&first) = hits.first() {
                out.push(
                    Diagnostic::warning(
                        DiagnosticCode::LeakStoreHash,
                        location(),
                        format!(
                            "points at the source store {}: {}{}",
                            quote(hash),
                            quote(&quote_url(text, first)),
                            more(hits.len())
                        ),
                    )
                    .with_help(
                        "it works only while the source store keeps the file; upload the file \
                         to the target store and update the URL in the source",
                    ),
                );
            }
        }
        for host in &self.hosts {
            let hits = host_hits(&lower, host);
            if let Some(&first) = hits.first() {
                out.push(
                    Diagnostic::warning(
                        DiagnosticCode::LeakStorefrontHost,
                        location(),
                        format!(
                            "links to the source storefront {}: {}{}",
                            quote(host),
                            quote(&quote_url(text, first)),
                            more(hits.len())
                        ),
                    )
                    .with_help(
                        "shoppers following it leave the target storefront; make the link \
                         relative (`/path/`) or point it at the target storefront",
                    ),
                );
                // One storefront-host finding per string is enough to point at it.
                break;
            }
        }
    }
}

/// True when `text` holds `needle` (lower-case ASCII), ignoring ASCII case.
fn contains_ignore_ascii_case(text: &str, needle: &str) -> bool {
    let needle = needle.as_bytes();
    needle.is_empty()
        || text
            .as_bytes()
            .windows(needle.len())
            .any(|window| window.eq_ignore_ascii_case(needle))
}

/// Byte offsets in `lower` where the store hash appears as a CDN (`/s-<hash>/`), storefront
/// (`store-<hash>.`) or API (`stores/<hash>/`) URL part.
fn store_hash_hits(lower: &str, hash: &str) -> Vec<usize> {
    let patterns = [
        format!("/s-{hash}/"),
        format!("store-{hash}."),
        format!("stores/{hash}/"),
    ];
    let mut hits: Vec<usize> = patterns
        .iter()
        .flat_map(|pattern| lower.match_indices(pattern.as_str()).map(|(at, _)| at))
        .filter(|&at| {
            // `store-…` must start a host name, not end a longer word (`mystore-…`).
            !lower[at..].starts_with("store-")
                || lower[..at]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_ascii_alphanumeric() && c != '-')
        })
        .collect();
    hits.sort_unstable();
    hits.dedup();
    hits
}

/// Byte offsets in `lower` of absolute links (`//host`, with or without a scheme) to `host`.
fn host_hits(lower: &str, host: &str) -> Vec<usize> {
    let pattern = format!("//{host}");
    lower
        .match_indices(pattern.as_str())
        .map(|(at, _)| at)
        .filter(|&at| {
            lower[at + pattern.len()..]
                .chars()
                .next()
                .is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '.' || c == '-'))
        })
        .collect()
}

/// A host as configured (`https://Shop.Example.com/`) reduced to `shop.example.com`.
fn normalise_host(host: &str) -> String {
    let host = host.trim().to_ascii_lowercase();
    let host = host
        .split_once("//")
        .map_or(host.as_str(), |(_, rest)| rest);
    host.split('/').next().unwrap_or_default().to_owned()
}

/// The URL (or word) of `text` around byte offset `at`, shortened for a message.
fn quote_url(text: &str, at: usize) -> String {
    let is_delimiter =
        |c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | '(' | ')' | '`');
    let start = text[..at].rfind(is_delimiter).map_or(0, |i| {
        i + text[i..].chars().next().map_or(1, char::len_utf8)
    });
    let end = text[at..].find(is_delimiter).map_or(text.len(), |i| at + i);
    let url = &text[start..end];
    if url.chars().count() > MAX_QUOTED_CHARS {
        let short: String = url.chars().take(MAX_QUOTED_CHARS).collect();
        format!("{short}…")
    } else {
        url.to_owned()
    }
}

/// ` and 2 more` when a string holds more than one hit.
fn more(hits: usize) -> String {
    if hits > 1 {
        format!(" and {} more", hits - 1)
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests;
