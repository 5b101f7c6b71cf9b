//! The query of `GET /content/pages` (and of `GET /content/pages/{pageId}`, which honours the
//! same filters): `channel_id`, `id:in`, `name`, `name:like`, `include=body`, `limit`, `page`.
//!
//! Any other parameter is a 400 ([P]: "query parameters that are not supported on this
//! endpoint"); a supported one with a value of the wrong type is a 422 listing every bad value.

use super::integrity::channel_of;
use crate::error;
use crate::paging::PageRequest;
use crate::query::QueryParams;
use crate::state::Sandbox;
use axum::extract::Query;
use axum::extract::rejection::QueryRejection;
use axum::http::StatusCode;
use axum::response::Response;
use pageport_model::{ChannelId, Page, PageId};

/// The query pairs as axum decodes them (a malformed query is a 400).
pub(super) type Pairs = Result<Query<Vec<(String, String)>>, QueryRejection>;

/// The parameters a page list understands.
const SUPPORTED: &[&str] = &[
    "channel_id",
    "id:in",
    "name",
    "name:like",
    "include",
    "limit",
    "page",
];

/// Why a query was refused.
#[derive(Debug)]
pub(super) enum QueryProblem {
    /// Parameters this endpoint does not support: the 400 naming them.
    Unsupported(Response),
    /// Supported parameters with values of the wrong type (422 itemized).
    Invalid(Vec<String>),
}

/// Parsed filters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct PageFilters {
    channel_id: Option<ChannelId>,
    ids: Option<Vec<u64>>,
    name: Option<String>,
    name_like: Option<String>,
    /// Whether `include=body` was asked for.
    pub(super) include_body: bool,
}

impl PageFilters {
    /// Reads the filters and the page request from the query pairs.
    pub(super) fn parse(
        pairs: Vec<(String, String)>,
        max_limit: u64,
    ) -> Result<(Self, PageRequest), QueryProblem> {
        let params = QueryParams::accept(pairs, SUPPORTED).map_err(QueryProblem::Unsupported)?;
        let mut errors = Vec::new();
        let channel_id = params.u64("channel_id").unwrap_or_else(|e| {
            errors.push(e);
            None
        });
        // An empty `id:in=` filters nothing, like an absent one.
        let ids = params
            .u64_list("id:in")
            .unwrap_or_else(|e| {
                errors.push(e);
                None
            })
            .filter(|ids| !ids.is_empty());
        let include_body = match params.list("include") {
            None => false,
            Some(items) => {
                if let Some(bad) = items.iter().find(|item| **item != "body") {
                    errors.push(format!(
                        "Query parameter \"include\" value `{bad}` is not one of: body"
                    ));
                }
                items.contains(&"body")
            }
        };
        let paging = params.page_request(max_limit).unwrap_or_else(|e| {
            errors.push(e);
            PageRequest { limit: 1, page: 1 }
        });
        if !errors.is_empty() {
            return Err(QueryProblem::Invalid(errors));
        }
        let filters = Self {
            channel_id: channel_id.map(ChannelId),
            ids,
            name: params.non_empty("name").map(str::to_lowercase),
            name_like: params.non_empty("name:like").map(str::to_lowercase),
            include_body,
        };
        Ok((filters, paging))
    }

    /// True when the page passes every filter.
    ///
    /// ASSUMPTION: `name` and `name:like` compare case-insensitively (as names are unique
    /// case-insensitively); `name:like` looks in the name and the body ([P]).
    pub(super) fn matches(&self, page: &Page) -> bool {
        let channel_ok = self.channel_id.is_none_or(|c| channel_of(page) == c);
        let id_ok = self
            .ids
            .as_ref()
            .is_none_or(|ids| page.id.is_some_and(|id| ids.contains(&id.0)));
        let name_ok = self
            .name
            .as_ref()
            .is_none_or(|n| page.name.to_lowercase() == *n);
        let like_ok = self.name_like.as_ref().is_none_or(|needle| {
            page.name.to_lowercase().contains(needle)
                || page
                    .body_text()
                    .is_some_and(|b| b.to_lowercase().contains(needle))
        });
        channel_ok && id_ok && name_ok && like_ok
    }
}

/// The GET filters, or the 400 / 422 refusing them.
pub(super) fn read_filters(
    sandbox: &Sandbox,
    query: Pairs,
) -> Result<(PageFilters, PageRequest), Response> {
    let Query(pairs) = query.map_err(|rejection| bad_query(rejection.body_text()))?;
    PageFilters::parse(pairs, sandbox.config().max_page_size).map_err(|problem| match problem {
        QueryProblem::Unsupported(refused) => refused,
        QueryProblem::Invalid(errors) => {
            error::pages_itemized(StatusCode::UNPROCESSABLE_ENTITY, "Invalid Input.", errors)
        }
    })
}

/// `include=body` on a write; any other parameter is a 400.
pub(super) fn read_include(query: Pairs) -> Result<bool, Response> {
    let Query(pairs) = query.map_err(|rejection| bad_query(rejection.body_text()))?;
    let params = QueryParams::accept(pairs, &["include"])?;
    match params.list("include") {
        None => Ok(false),
        Some(items) => match items.iter().find(|item| **item != "body") {
            Some(bad) => Err(error::pages_itemized(
                StatusCode::UNPROCESSABLE_ENTITY,
                "Invalid Input.",
                vec![format!(
                    "Query parameter \"include\" value `{bad}` is not one of: body"
                )],
            )),
            None => Ok(items.contains(&"body")),
        },
    }
}

/// A path `pageId` as a number, or the 422 itemized answer naming it ([P] example: `["bar"]`).
pub(super) fn parse_page_id(raw: &str) -> Result<PageId, Response> {
    raw.trim().parse::<u64>().map(PageId).map_err(|_| {
        error::pages_itemized(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Invalid Input.",
            vec![raw.to_owned()],
        )
    })
}

pub(super) fn bad_query(detail: String) -> Response {
    error::pages_detailed(StatusCode::BAD_REQUEST, "Bad Request", detail)
}

#[cfg(test)]
mod tests {
    use super::*;
    use pageport_model::{PageId, PageType};

    fn parse(query: &[(&str, &str)]) -> Result<(PageFilters, PageRequest), QueryProblem> {
        let pairs = query
            .iter()
            .map(|(k, v)| ((*k).into(), (*v).into()))
            .collect();
        PageFilters::parse(pairs, 250)
    }

    #[test]
    fn unknown_parameters_are_unsupported() {
        let Err(QueryProblem::Unsupported(refused)) =
            parse(&[("sort", "name"), ("id:min", "3"), ("limit", "5")])
        else {
            panic!("expected unsupported");
        };
        assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    }

    #[test]
    fn every_bad_value_is_itemized() {
        let Err(QueryProblem::Invalid(errors)) = parse(&[
            ("channel_id", "x"),
            ("id:in", "1,y"),
            ("include", "bogus"),
            ("limit", "0"),
        ]) else {
            panic!("expected invalid");
        };
        assert_eq!(errors.len(), 4, "{errors:?}");
    }

    #[test]
    fn filters_combine() {
        let (filters, paging) =
            parse(&[("name:like", "SHIP"), ("include", "body"), ("page", "2")]).unwrap();
        assert!(filters.include_body);
        assert_eq!(paging.page, 2);
        let mut page = Page::new("Delivery", PageType::Page);
        page.id = Some(PageId(4));
        page.body = Some(Some("we ship fast".into()));
        assert!(filters.matches(&page));
        page.body = None;
        assert!(!filters.matches(&page));
    }
}
