//! Raw query parameters as BigCommerce names them (`id:in`, `channel_id:in`, `sku`, …) and the
//! parsing of their values. axum's `Query` gives the pairs; this gives typed answers with
//! messages that name the offending parameter.
//!
//! **No parameter is ever silently ignored.** Every handler declares the parameters it
//! implements and opens its query with [`QueryParams::accept`], which answers 400 naming any
//! other parameter; reading a parameter the handler did not declare is a bug caught by a debug
//! assertion. So a test can never pass because the sandbox dropped a filter the client sent.

use crate::error;
use crate::paging::PageRequest;
use axum::response::Response;

/// The query parameters of one request, in the order they were sent, and the parameters its
/// handler implements.
#[derive(Debug, Clone, Default)]
pub(crate) struct QueryParams {
    pairs: Vec<(String, String)>,
    supported: &'static [&'static str],
}

impl QueryParams {
    /// The query of a handler that implements exactly `supported`, or the 400 naming every
    /// other parameter sent ([`error::unsupported_query`]).
    pub(crate) fn accept(
        pairs: Vec<(String, String)>,
        supported: &'static [&'static str],
    ) -> Result<Self, Response> {
        let mut unknown: Vec<&str> = Vec::new();
        for (key, _) in &pairs {
            if !supported.contains(&key.as_str()) && !unknown.contains(&key.as_str()) {
                unknown.push(key);
            }
        }
        if !unknown.is_empty() {
            return Err(error::unsupported_query(&unknown, supported));
        }
        Ok(Self { pairs, supported })
    }

    /// The first value of a parameter.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        debug_assert!(
            self.supported.contains(&name),
            "the handler reads `{name}` without declaring it"
        );
        self.pairs
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// The first value of a parameter, with an empty value read as absent.
    pub(crate) fn non_empty(&self, name: &str) -> Option<&str> {
        self.get(name).filter(|value| !value.is_empty())
    }

    /// A comma-separated list (`attr:in=a,b,c`), empty items dropped.
    pub(crate) fn list(&self, name: &str) -> Option<Vec<&str>> {
        self.get(name).map(|value| {
            value
                .split(',')
                .map(str::trim)
                .filter(|item| !item.is_empty())
                .collect()
        })
    }

    /// A whole number.
    pub(crate) fn u64(&self, name: &str) -> Result<Option<u64>, String> {
        self.get(name).map(|raw| parse_u64(name, raw)).transpose()
    }

    /// A comma-separated list of whole numbers.
    pub(crate) fn u64_list(&self, name: &str) -> Result<Option<Vec<u64>>, String> {
        self.list(name)
            .map(|items| items.into_iter().map(|raw| parse_u64(name, raw)).collect())
            .transpose()
    }

    /// A boolean (`true` / `false`).
    pub(crate) fn bool(&self, name: &str) -> Result<Option<bool>, String> {
        self.get(name)
            .map(|raw| match raw {
                "true" | "1" => Ok(true),
                "false" | "0" => Ok(false),
                other => Err(format!(
                    "Query parameter \"{name}\" value must be a boolean, got `{other}`"
                )),
            })
            .transpose()
    }

    /// `limit` and `page`, with `limit` clamped to `max_limit`.
    pub(crate) fn page_request(&self, max_limit: u64) -> Result<PageRequest, String> {
        PageRequest::parse(self.get("limit"), self.get("page"), max_limit)
    }
}

fn parse_u64(name: &str, raw: &str) -> Result<u64, String> {
    raw.trim()
        .parse()
        .map_err(|_| format!("Query parameter \"{name}\" value must be an integer, got `{raw}`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DECLARED: &[&str] = &["id:in", "channel_id", "sku", "available", "missing"];

    fn pairs(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn params(sent: &[(&str, &str)]) -> QueryParams {
        QueryParams::accept(pairs(sent), DECLARED).expect("declared parameters")
    }

    #[test]
    fn an_undeclared_parameter_is_refused_by_name() {
        let refused = QueryParams::accept(pairs(&[("sku", "A"), ("sort", "id")]), DECLARED)
            .expect_err("`sort` is not declared");
        assert_eq!(refused.status(), axum::http::StatusCode::BAD_REQUEST);
        assert!(QueryParams::accept(pairs(&[("sku", "A")]), DECLARED).is_ok());
    }

    #[test]
    fn reads_lists_and_numbers() {
        let q = params(&[("id:in", "3, 5,,7"), ("channel_id", "2"), ("sku", "")]);
        assert_eq!(q.u64_list("id:in"), Ok(Some(vec![3, 5, 7])));
        assert_eq!(q.u64("channel_id"), Ok(Some(2)));
        assert_eq!(q.non_empty("sku"), None);
        assert_eq!(q.get("sku"), Some(""));
        assert_eq!(q.u64("missing"), Ok(None));
    }

    #[test]
    fn names_the_parameter_in_errors() {
        let q = params(&[("id:in", "3,x"), ("available", "maybe")]);
        let error = q.u64_list("id:in").unwrap_err();
        assert!(error.contains("\"id:in\""), "{error}");
        assert!(q.bool("available").unwrap_err().contains("\"available\""));
    }
}
