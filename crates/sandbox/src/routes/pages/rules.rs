//! Creating and updating one page against a store: every documented rule plus the emulator's
//! choices for the unconfirmed ones (CONTRACT §5.1, §5.4, §11 #3–#5, #10). A rejected entry
//! leaves the store unchanged.

use super::input::PageInput;
use super::integrity::{
    channel_of, check_parent, check_url, claim_homepage, free_url, same_ignoring_case,
};
use super::shape::{has_content, normalize};
use crate::state::StoreState;
use pageport_model::{ChannelId, Page, PageId, PageType};

/// Why one entry was refused: the 422's detail, and a title when it is not "Input is invalid".
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Problem {
    /// A title replacing "Input is invalid" (the page limit has its own).
    pub(super) title: Option<String>,
    /// What is wrong, for the 422 `detail`.
    pub(super) detail: String,
}

impl Problem {
    /// A plain "Input is invalid" problem.
    pub(super) fn invalid(detail: impl Into<String>) -> Self {
        Self {
            title: None,
            detail: detail.into(),
        }
    }

    fn missing(field: &str) -> Self {
        Self::invalid(format!("missing the required field: {field}"))
    }
}

/// The configuration values the rules need.
#[derive(Debug, Clone, Copy)]
pub(super) struct Rules {
    /// Characters in a name.
    pub(super) name_max_chars: usize,
    /// Characters in a contact form email.
    pub(super) email_max_chars: usize,
    /// Pages in a store.
    pub(super) pages_per_store: usize,
    /// Whether legacy `feed` pages may be created or switched to.
    pub(super) accept_feed: bool,
}

/// Creates one page and returns it as stored.
pub(super) fn create(
    store: &mut StoreState,
    input: PageInput,
    rules: Rules,
) -> Result<Page, Problem> {
    // ASSUMPTION (CONTRACT §11 #4): 422 with this title; every page type counts.
    if store.pages.len() >= rules.pages_per_store {
        let title = format!(
            "The store has reached its limit of {} web pages",
            rules.pages_per_store
        );
        return Err(Problem {
            title: Some(title.clone()),
            detail: title,
        });
    }
    let name = input.name.clone().ok_or_else(|| Problem::missing("name"))?;
    let raw_type = input
        .page_type
        .clone()
        .ok_or_else(|| Problem::missing("type"))?;
    let page_type = PageType::parse(&raw_type);
    if page_type == PageType::Blog {
        return Err(Problem::invalid(
            "a page of type `blog` cannot be created through the API",
        ));
    }
    check_type(&page_type, None, rules)?;
    let mut page = Page::new(name, page_type);
    apply(&mut page, input);
    normalize(&mut page);
    check(store, &page, None, rules)?;
    if has_content(&page.page_type) && page.url.is_none() {
        page.url = Some(free_url(store, &page, None));
    }
    let id = PageId(StoreState::take_id(&mut store.next_ids.page));
    page.id = Some(id);
    store.pages.insert(id, page.clone());
    store.changed_pages.insert(id);
    claim_homepage(store, &page);
    Ok(page)
}

/// Updates one existing page (a partial update: absent fields are unchanged) and returns it.
pub(super) fn update(
    store: &mut StoreState,
    id: PageId,
    input: PageInput,
    rules: Rules,
) -> Result<Page, Problem> {
    let Some(current) = store.pages.get(&id) else {
        return Err(Problem::invalid(format!("no page with id {id}")));
    };
    let mut page = current.clone();
    if let Some(raw_type) = &input.page_type {
        let page_type = PageType::parse(raw_type);
        // ASSUMPTION (CONTRACT §11 #10): a blog page may change its type, nothing becomes blog.
        if page_type == PageType::Blog && page.page_type != PageType::Blog {
            return Err(Problem::invalid(
                "a page cannot be changed to type `blog` through the API",
            ));
        }
        check_type(&page_type, Some(&page.page_type), rules)?;
        page.page_type = page_type;
    }
    if let Some(name) = &input.name {
        page.name.clone_from(name);
    }
    apply(&mut page, input);
    normalize(&mut page);
    check(store, &page, Some(id), rules)?;
    if has_content(&page.page_type) && page.url.is_none() {
        page.url = Some(free_url(store, &page, Some(id)));
    }
    store.pages.insert(id, page.clone());
    store.changed_pages.insert(id);
    claim_homepage(store, &page);
    Ok(page)
}

/// Refuses unknown types, and `feed` when the sandbox no longer accepts it (unless the page
/// already is one).
fn check_type(
    page_type: &PageType,
    current: Option<&PageType>,
    rules: Rules,
) -> Result<(), Problem> {
    match page_type {
        PageType::Other(other) => Err(Problem::invalid(format!(
            "type `{other}` is not one of page, raw, contact_form, link, blog"
        ))),
        PageType::Feed if !rules.accept_feed && current != Some(&PageType::Feed) => Err(
            Problem::invalid("type `feed` is not accepted: RSS feed pages are deprecated"),
        ),
        _ => Ok(()),
    }
}

/// Copies the sent fields onto the page (name and type are handled by the caller).
fn apply(page: &mut Page, input: PageInput) {
    // ASSUMPTION (CONTRACT §11 #10): `channel_id` is writable on create and update; absent on
    // update means unchanged (CONTRACT §10 #2).
    set(&mut page.channel_id, input.channel_id.map(ChannelId));
    set(&mut page.is_visible, input.is_visible);
    set(&mut page.parent_id, input.parent_id.map(PageId));
    set(&mut page.sort_order, input.sort_order);
    set(&mut page.is_homepage, input.is_homepage);
    set(&mut page.is_customers_only, input.is_customers_only);
    set(&mut page.url, input.url);
    set(&mut page.meta_title, input.meta_title);
    set(&mut page.meta_keywords, input.meta_keywords);
    set(&mut page.meta_description, input.meta_description);
    set(&mut page.search_keywords, input.search_keywords);
    set(&mut page.body, input.body);
    set(&mut page.content_type, input.content_type);
    set(&mut page.email, input.email);
    set(&mut page.contact_fields, input.contact_fields);
    set(&mut page.link, input.link);
    set(&mut page.feed, input.feed);
}

/// Overwrites an optional field when a value was sent.
fn set<T>(field: &mut Option<T>, value: Option<T>) {
    if value.is_some() {
        *field = value;
    }
}

/// Every rule on a shaped page; `own` is the page's id on update.
fn check(
    store: &StoreState,
    page: &Page,
    own: Option<PageId>,
    rules: Rules,
) -> Result<(), Problem> {
    let others = || store.pages.values().filter(move |p| p.id != own);
    let chars = page.name.chars().count();
    if chars == 0 || chars > rules.name_max_chars {
        return Err(Problem::invalid(format!(
            "name must be 1 to {} characters long, got {chars}",
            rules.name_max_chars
        )));
    }
    let channel = channel_of(page);
    // ASSUMPTION: a page's channel must exist in the store.
    if !store.channels.contains_key(&channel) {
        return Err(Problem::invalid(format!(
            "channel_id {channel} does not exist"
        )));
    }
    // ASSUMPTION (CONTRACT §11 #3): names are unique per channel, compared case-insensitively.
    if others().any(|p| channel_of(p) == channel && same_ignoring_case(&p.name, &page.name)) {
        return Err(Problem::invalid(format!(
            "name `{}` is already used by another page of channel {channel}",
            page.name
        )));
    }
    check_type_fields(page)?;
    if let Some(email) = page.email.as_deref().filter(|e| !e.is_empty()) {
        if email.chars().count() > rules.email_max_chars {
            return Err(Problem::invalid(format!(
                "email must be at most {} characters long",
                rules.email_max_chars
            )));
        }
        // ASSUMPTION (CONTRACT §5.4): contact form emails are unique per store, case-insensitively.
        if others().any(|p| {
            p.email
                .as_deref()
                .is_some_and(|e| e.eq_ignore_ascii_case(email))
        }) {
            return Err(Problem::invalid(format!(
                "email `{email}` is already used by another contact form"
            )));
        }
    }
    if let Some(url) = &page.url {
        check_url(store, url, channel, own)?;
    }
    check_parent(store, page.parent_id.unwrap_or(PageId(0)), own)
}

/// The fields a type requires: `body` for raw, `link` for link, `feed` for feed.
fn check_type_fields(page: &Page) -> Result<(), Problem> {
    match page.page_type {
        // ASSUMPTION: an empty body counts as missing, so a page switched to `raw` without a
        // body is refused as [P]'s example shows.
        PageType::Raw if page.body_text().is_none_or(str::is_empty) => {
            Err(Problem::missing("body"))
        }
        PageType::Link => {
            let link = page
                .link
                .as_deref()
                .filter(|l| !l.is_empty())
                .ok_or_else(|| Problem::missing("link"))?;
            if is_absolute_url(link) {
                Ok(())
            } else {
                Err(Problem::invalid(format!(
                    "link `{link}` is not an absolute URL"
                )))
            }
        }
        PageType::Feed if page.feed.as_deref().is_none_or(str::is_empty) => {
            Err(Problem::missing("feed"))
        }
        _ => Ok(()),
    }
}

/// RFC 3986 absolute URI: `scheme ":" hier-part`, scheme = ALPHA *( ALPHA / DIGIT / + - . ).
fn is_absolute_url(link: &str) -> bool {
    let Some((scheme, rest)) = link.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !rest.is_empty()
        && !link.contains(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULES: Rules = Rules {
        name_max_chars: 100,
        email_max_chars: 255,
        pages_per_store: 10,
        accept_feed: true,
    };

    fn input(json: serde_json::Value) -> PageInput {
        PageInput::from_entry(json).unwrap()
    }

    #[test]
    fn absolute_urls_need_a_scheme() {
        assert!(is_absolute_url("https://example.com/x"));
        assert!(is_absolute_url("mailto:a@example.com"));
        assert!(!is_absolute_url("/relative"));
        assert!(!is_absolute_url("example.com"));
        assert!(!is_absolute_url("1http://x"));
    }

    #[test]
    fn a_parent_cannot_be_a_descendant() {
        let mut store = StoreState::empty("s", "t", 0);
        let a = create(
            &mut store,
            input(serde_json::json!({"name": "A", "type": "page"})),
            RULES,
        )
        .unwrap();
        let a_id = a.id.unwrap();
        let b = create(
            &mut store,
            input(serde_json::json!({"name": "B", "type": "page", "parent_id": a_id.0})),
            RULES,
        )
        .unwrap();
        let b_id = b.id.unwrap();
        let cycle = update(
            &mut store,
            a_id,
            input(serde_json::json!({"parent_id": b_id.0})),
            RULES,
        );
        assert!(cycle.unwrap_err().detail.contains("its own ancestor"));
        let own = update(
            &mut store,
            a_id,
            input(serde_json::json!({"parent_id": a_id.0})),
            RULES,
        );
        assert!(own.is_err());
        assert_eq!(
            store.pages[&a_id].parent_id,
            Some(PageId(0)),
            "nothing applied"
        );
    }

    #[test]
    fn generated_urls_avoid_taken_ones() {
        let mut store = StoreState::empty("s", "t", 0);
        create(
            &mut store,
            input(serde_json::json!({"name": "X", "type": "page", "url": "/faq/"})),
            RULES,
        )
        .unwrap();
        let page = create(
            &mut store,
            input(serde_json::json!({"name": "FAQ", "type": "page"})),
            RULES,
        )
        .unwrap();
        assert_eq!(page.url.as_deref(), Some("/faq-2/"));
    }
}
