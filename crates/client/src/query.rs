//! Query strings and path segments, encoded exactly: `:` stays literal in filter names
//! (`id:in`), list values are joined with literal commas, everything else outside RFC 3986's
//! unreserved set is percent-encoded.

use std::fmt::Display;

/// The largest number of values the client puts in one `…:in` filter, so URLs stay short.
pub(crate) const IN_FILTER_CHUNK: usize = 50;

/// An ordered list of encoded query parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Query {
    pairs: Vec<(&'static str, String)>,
}

impl Query {
    /// An empty query.
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Adds `key=value`.
    pub(crate) fn push(&mut self, key: &'static str, value: impl Display) -> &mut Self {
        self.pairs.push((key, encode(&value.to_string())));
        self
    }

    /// Adds `key=value` when `value` is present.
    pub(crate) fn push_opt(&mut self, key: &'static str, value: Option<impl Display>) -> &mut Self {
        if let Some(value) = value {
            self.push(key, value);
        }
        self
    }

    /// Adds `key=a,b,c` (each value encoded, commas literal).
    pub(crate) fn push_list<I, V>(&mut self, key: &'static str, values: I) -> &mut Self
    where
        I: IntoIterator<Item = V>,
        V: Display,
    {
        let joined: Vec<String> = values.into_iter().map(|v| encode(&v.to_string())).collect();
        self.pairs.push((key, joined.join(",")));
        self
    }

    /// The encoded query string, without `?`.
    pub(crate) fn encoded(&self) -> String {
        let parts: Vec<String> = self
            .pairs
            .iter()
            .map(|(key, value)| format!("{key}={value}"))
            .collect();
        parts.join("&")
    }
}

/// Percent-encodes one value (or path segment): unreserved characters and `:` stay literal.
pub(crate) fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b':') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Percent-encodes a path segment: like [`encode`], and `.`/`..` cannot escape the path.
pub(crate) fn encode_segment(value: &str) -> String {
    match value {
        "." => "%2E".into(),
        ".." => "%2E%2E".into(),
        other => encode(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_keep_colons_and_commas_literal() {
        let mut query = Query::new();
        query
            .push("channel_id", 1)
            .push_list("id:in", [3, 5, 8])
            .push("name", "Shipping & Returns, 2024")
            .push_opt("include", None::<&str>)
            .push_opt("include", Some("body"));
        assert_eq!(
            query.encoded(),
            "channel_id=1&id:in=3,5,8&name=Shipping%20%26%20Returns%2C%202024&include=body"
        );
    }

    #[test]
    fn list_values_with_commas_are_escaped_inside_each_value() {
        let mut query = Query::new();
        query.push_list("sku:in", ["A,1", "B/2"]);
        assert_eq!(query.encoded(), "sku:in=A%2C1,B%2F2");
    }

    #[test]
    fn segments_cannot_traverse() {
        assert_eq!(encode_segment(".."), "%2E%2E");
        assert_eq!(encode_segment("../admin"), "..%2Fadmin");
        assert_eq!(
            encode_segment("d181ebd5-f42c-4f96-8f9d-c605023f5cb6"),
            "d181ebd5-f42c-4f96-8f9d-c605023f5cb6"
        );
        assert_eq!(encode("é"), "%C3%A9");
    }
}
