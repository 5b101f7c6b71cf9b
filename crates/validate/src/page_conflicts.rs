//! Rules between pages: source ids unique in the content, names and urls unique in the channel,
//! contact form emails unique in the store, one homepage per channel.
//!
//! Each rule compares the target as it will be after the plan: the target pages the plan does
//! not touch, plus the planned pages (a page the plan updates counts with its new values, not
//! its old ones). Only conflicts that involve a page the plan writes are reported; the target's
//! own pre-existing conflicts are not the migration's doing.

use crate::diagnostic::{Diagnostic, DiagnosticCode};
use crate::input::{PageAction, PlannedPage, ValidationInput, channel_of, describe_target};
use pageport_model::escape::quote;
use pageport_model::{ChannelId, Page, PageId};
use std::collections::{BTreeMap, BTreeSet};

/// Checks every uniqueness rule and appends the conflicts to `out`.
pub(crate) fn check(input: &ValidationInput<'_>, out: &mut Vec<Diagnostic>) {
    source_ids_are_unique(input, out);
    for rule in [
        Uniqueness::Name,
        Uniqueness::Email,
        Uniqueness::Url,
        Uniqueness::Homepage,
    ] {
        check_rule(input, rule, out);
    }
}

/// Ids identify pages everywhere (parents, page-widget documents, the id map): two pages of the
/// content with one source id would be planned as two pages and remapped as one, so the second
/// and later are errors, whatever the plan does with them.
fn source_ids_are_unique(input: &ValidationInput<'_>, out: &mut Vec<Diagnostic>) {
    let mut first: BTreeMap<PageId, &PlannedPage<'_>> = BTreeMap::new();
    for planned in input.pages {
        let Some(id) = planned.source_id else {
            continue;
        };
        match first.get(&id) {
            None => {
                first.insert(id, planned);
            }
            Some(earlier) => out.push(
                Diagnostic::error(
                    DiagnosticCode::PageIdDuplicate,
                    planned.field_location("id"),
                    format!(
                        "source page id `{id}` is also the id of page {}; the content is \
                         inconsistent",
                        quote(&earlier.page.name)
                    ),
                )
                .with_help(
                    "each page of a bundle must have its own id; extract the bundle again \
                     rather than editing ids by hand",
                ),
            ),
        }
    }
}

/// A value that at most one page may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Uniqueness {
    /// Page names, per channel, ignoring case.
    // ASSUMPTION: CONTRACT §5.4/§11 #3: the scope and case rules of name uniqueness are
    // unconfirmed; like the sandbox, names are unique per channel, compared ignoring case.
    Name,
    /// Contact form emails, per store, ignoring case.
    Email,
    /// Page urls, per channel, ignoring case and a trailing slash.
    // ASSUMPTION: CONTRACT §5.4: url uniqueness is not documented; the sandbox refuses a url
    // that another page of the channel has.
    Url,
    /// The homepage flag, per channel.
    // ASSUMPTION: CONTRACT §5.4/§11 #5: the sandbox clears the flag on the channel's other
    // pages, so a second homepage silently replaces the first.
    Homepage,
}

impl Uniqueness {
    /// The value compared, normalised; `None` when the page does not hold one.
    fn key(self, page: &Page) -> Option<String> {
        match self {
            Uniqueness::Name | Uniqueness::Email => {
                let value = if self == Uniqueness::Name {
                    Some(page.name.as_str())
                } else {
                    page.email.as_deref()
                };
                value
                    .map(|v| v.trim().to_lowercase())
                    .filter(|v| !v.is_empty())
            }
            Uniqueness::Url => page.url.as_deref().and_then(normalise_url),
            Uniqueness::Homepage => (page.is_homepage == Some(true)).then(String::new),
        }
    }

    /// The page field the rule is about.
    fn field(self) -> &'static str {
        match self {
            Uniqueness::Name => "name",
            Uniqueness::Email => "email",
            Uniqueness::Url => "url",
            Uniqueness::Homepage => "is_homepage",
        }
    }

    /// The code for two planned pages in conflict.
    fn duplicate_code(self) -> DiagnosticCode {
        match self {
            Uniqueness::Name => DiagnosticCode::PageNameDuplicate,
            Uniqueness::Email => DiagnosticCode::PageEmailDuplicate,
            Uniqueness::Url => DiagnosticCode::PageUrlDuplicate,
            Uniqueness::Homepage => DiagnosticCode::PageHomepageMultiple,
        }
    }

    /// The code for a planned page in conflict with a target page.
    fn taken_code(self) -> DiagnosticCode {
        match self {
            Uniqueness::Name => DiagnosticCode::PageNameTaken,
            Uniqueness::Email => DiagnosticCode::PageEmailTaken,
            Uniqueness::Url => DiagnosticCode::PageUrlTaken,
            Uniqueness::Homepage => DiagnosticCode::PageHomepageReplaced,
        }
    }

    /// How the page's value reads at the start of a message.
    fn subject(self, page: &Page) -> String {
        let value = match self {
            Uniqueness::Name => page.name.as_str(),
            Uniqueness::Email => page.email.as_deref().unwrap_or_default(),
            Uniqueness::Url => page.url.as_deref().unwrap_or_default(),
            Uniqueness::Homepage => return "the page is the homepage".to_owned(),
        };
        format!("{} {}", self.field(), quote(value))
    }

    /// The message and help for a conflict between two planned pages.
    fn duplicate(self, page: &Page, other: &str) -> (String, &'static str) {
        let subject = self.subject(page);
        match self {
            Uniqueness::Homepage => (
                format!(
                    "{subject}, and so is planned page {other}; a channel has one homepage, and \
                     the store silently keeps only the last one written"
                ),
                "make only one of the pages the homepage",
            ),
            Uniqueness::Url => (
                format!(
                    "{subject} is also the url of planned page {other}; urls must be unique in a \
                     channel (ignoring case and a trailing slash)"
                ),
                "give one of the pages another url",
            ),
            Uniqueness::Name => (
                format!(
                    "{subject} is also the name of planned page {other}; names must be unique \
                     in a channel (ignoring case)"
                ),
                "rename one of the pages",
            ),
            Uniqueness::Email => (
                format!(
                    "{subject} is also the email of planned page {other}; contact form emails \
                     must be unique in a store (ignoring case)"
                ),
                "give one of the contact forms another email",
            ),
        }
    }

    /// The message and help for a conflict between a planned page and a target page.
    fn taken(self, page: &Page, other: &str, channel: ChannelId) -> (String, &'static str) {
        let subject = self.subject(page);
        match self {
            Uniqueness::Homepage => (
                format!(
                    "{subject}, but target channel `{channel}` already has homepage {other}; \
                     the store would silently clear that page's homepage flag and make this \
                     page the homepage"
                ),
                "match this page to the target's homepage so that the plan updates it, or make \
                 it an ordinary page in the source",
            ),
            Uniqueness::Email => (
                format!("{subject} is already used by page {other} of the target store"),
                "give the contact form another email, or match the two pages so that the plan \
                 updates the existing one",
            ),
            Uniqueness::Name => (
                format!("{subject} is already used by page {other} of target channel `{channel}`"),
                "rename the page, or match the two pages so that the plan updates the existing \
                 one",
            ),
            Uniqueness::Url => (
                format!("{subject} is already used by page {other} of target channel `{channel}`"),
                "change the page's url, or match the two pages so that the plan updates the \
                 existing one",
            ),
        }
    }
}

/// Reports every page the plan writes whose value of `rule` another page will hold.
fn check_rule(input: &ValidationInput<'_>, rule: Uniqueness, out: &mut Vec<Diagnostic>) {
    let channel = input.target_channel;
    let replaced: BTreeSet<PageId> = input
        .pages
        .iter()
        .filter_map(|planned| planned.action.target_id())
        .collect();
    let mut untouched: BTreeMap<String, &Page> = BTreeMap::new();
    for page in &input.target.pages {
        let in_scope = rule == Uniqueness::Email || channel_of(page) == channel;
        let is_replaced = page.id.is_some_and(|id| replaced.contains(&id));
        if in_scope
            && !is_replaced
            && let Some(key) = rule.key(page)
        {
            untouched.entry(key).or_insert(page);
        }
    }

    let mut first_planned: BTreeMap<String, &PlannedPage> = BTreeMap::new();
    for planned in input
        .pages
        .iter()
        .filter(|planned| planned.action != PageAction::Skip)
    {
        let Some(key) = rule.key(&planned.page) else {
            continue;
        };
        if let Some(target) = untouched.get(&key) {
            if planned.action.writes() {
                let (message, help) = rule.taken(&planned.page, &describe_target(target), channel);
                out.push(conflict(rule.taken_code(), rule, planned, message, help));
            }
        } else if let Some(first) = first_planned.get(&key) {
            // Report on the page the plan writes; if both are written, on the later one.
            let (at, other) = if planned.action.writes() {
                (planned, *first)
            } else {
                (*first, planned)
            };
            if at.action.writes() {
                let (message, help) = rule.duplicate(&at.page, &other.describe());
                out.push(conflict(rule.duplicate_code(), rule, at, message, help));
            }
        } else {
            first_planned.insert(key, planned);
        }
    }
}

/// A conflict error at the rule's field of `planned`.
fn conflict(
    code: DiagnosticCode,
    rule: Uniqueness,
    planned: &PlannedPage,
    message: String,
    help: &str,
) -> Diagnostic {
    Diagnostic::error(code, planned.field_location(rule.field()), message).with_help(help)
}

/// A url compared ignoring case and a trailing slash (`/About/` = `/about`); `None` when blank.
fn normalise_url(url: &str) -> Option<String> {
    let trimmed = url.trim();
    if trimmed.is_empty() {
        return None;
    }
    let without_slash = trimmed.trim_end_matches('/');
    Some(if without_slash.is_empty() {
        "/".to_owned()
    } else {
        without_slash.to_lowercase()
    })
}

#[cfg(test)]
mod tests;
