//! Raw query parameters as BigCommerce names them (`id:in`, `channel_id:in`, `sku`, …) and the
//! parsing of their values. axum's `Query` gives the pairs; this gives typed answers with
//! messages that name the offending parameter.

use crate::paging::PageRequest;

/// The query parameters of one request, in the order they were sent.
#[derive(Debug, Clone, Default)]
pub(crate) struct QueryParams(Vec<(String, String)>);

impl QueryParams {
    /// Wraps the pairs axum decoded.
    pub(crate) fn new(pairs: Vec<(String, String)>) -> Self {
        Self(pairs)
    }

    /// The first value of a parameter.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.0
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

    fn params(pairs: &[(&str, &str)]) -> QueryParams {
        QueryParams::new(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        )
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
