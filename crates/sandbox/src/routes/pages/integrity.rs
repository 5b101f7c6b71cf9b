//! What ties pages together: urls unique per channel (and generated when omitted), parents
//! that exist without cycles, and one homepage per channel (CONTRACT §5.4).

use super::rules::Problem;
use super::shape;
use crate::state::StoreState;
use pageport_model::{ChannelId, Page, PageId};
use std::collections::BTreeSet;

/// The longest storefront url accepted ([PL]: 1,024 characters).
const URL_MAX_CHARS: usize = 1_024;

/// True when two texts are equal ignoring case, without allocating.
pub(super) fn same_ignoring_case(a: &str, b: &str) -> bool {
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

/// A sent url: relative, at most [`URL_MAX_CHARS`], not used by another page of the channel.
pub(super) fn check_url(
    store: &StoreState,
    url: &str,
    channel: ChannelId,
    own: Option<PageId>,
) -> Result<(), Problem> {
    if !url.starts_with('/') || url.chars().count() > URL_MAX_CHARS {
        return Err(Problem::invalid(format!(
            "url `{url}` must be a relative path starting with `/`, at most {URL_MAX_CHARS} characters"
        )));
    }
    if url_taken(store, url, channel, own) {
        return Err(Problem::invalid(format!(
            "url `{url}` is already used by another page of channel {channel}"
        )));
    }
    Ok(())
}

/// ASSUMPTION (CONTRACT §11 #3): urls are unique per channel, compared case-insensitively and
/// ignoring a trailing `/` (the storefront serves `/a` and `/a/` alike).
pub(super) fn url_taken(
    store: &StoreState,
    url: &str,
    channel: ChannelId,
    own: Option<PageId>,
) -> bool {
    let wanted = url.trim_end_matches('/');
    store.pages.values().any(|p| {
        p.id != own
            && channel_of(p) == channel
            && p.url
                .as_deref()
                .is_some_and(|u| same_ignoring_case(u.trim_end_matches('/'), wanted))
    })
}

/// ASSUMPTION (CONTRACT §11 #3): an omitted url becomes `/<slug of name>/`, with `-2`, `-3`, …
/// appended until it is free in the channel.
pub(super) fn free_url(store: &StoreState, page: &Page, own: Option<PageId>) -> String {
    let channel = channel_of(page);
    let slug = shape::slug(&page.name);
    let mut candidate = format!("/{slug}/");
    let mut n = 2;
    while url_taken(store, &candidate, channel, own) {
        candidate = format!("/{slug}-{n}/");
        n += 1;
    }
    candidate
}

/// ASSUMPTION (CONTRACT §5.4): `parent_id` is 0 or an existing page, never the page itself or
/// one of its descendants.
pub(super) fn check_parent(
    store: &StoreState,
    parent: PageId,
    own: Option<PageId>,
) -> Result<(), Problem> {
    if parent.0 == 0 {
        return Ok(());
    }
    if !store.pages.contains_key(&parent) {
        return Err(Problem::invalid(format!(
            "parent_id {parent} is not an existing page"
        )));
    }
    let Some(own) = own else {
        return Ok(());
    };
    let mut seen = BTreeSet::new();
    let mut cursor = Some(parent);
    while let Some(id) = cursor.filter(|id| id.0 != 0) {
        if id == own {
            return Err(Problem::invalid(format!(
                "parent_id {parent} would make page {own} its own ancestor"
            )));
        }
        if !seen.insert(id) {
            break;
        }
        cursor = store.pages.get(&id).and_then(|p| p.parent_id);
    }
    Ok(())
}

/// ASSUMPTION (CONTRACT §11 #5): one homepage per channel; a new one clears the flag on the
/// channel's other pages.
pub(super) fn claim_homepage(store: &mut StoreState, page: &Page) {
    if page.is_homepage != Some(true) {
        return;
    }
    for (id, other) in store.pages.iter_mut() {
        if other.id != page.id
            && channel_of(other) == channel_of(page)
            && other.is_homepage == Some(true)
        {
            other.is_homepage = Some(false);
            store.changed_pages.insert(*id);
        }
    }
}

/// A page's channel (1 when unset, as on a page stored before defaults were filled).
pub(super) fn channel_of(page: &Page) -> ChannelId {
    ChannelId::or_default(page.channel_id)
}
