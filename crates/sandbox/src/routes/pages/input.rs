//! What a page write sends: the body's shape (one object or an array of them) and each entry's
//! fields, read leniently enough to report every problem as a 422 instead of a parse failure.

use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// A write body: one page object or a list of them.
#[derive(Debug)]
pub(super) enum BodyShape {
    /// A single object (the answer's `data` is then an object too, on POST).
    One(Value),
    /// An array (the answer's `data` is an array).
    Many(Vec<Value>),
}

impl BodyShape {
    /// The entries, in order.
    pub(super) fn into_entries(self) -> Vec<Value> {
        match self {
            BodyShape::One(entry) => vec![entry],
            BodyShape::Many(entries) => entries,
        }
    }
}

/// Reads a write body. `Err` is the 422 detail.
///
/// The seeds' create example (CONTRACT §10 #8: an object with keys `"0"`, `"1"` beside `name` and
/// `type`) is refused: a body is one page object or an array, never an object of numbered pages.
pub(super) fn parse_body(bytes: &[u8]) -> Result<BodyShape, String> {
    // ASSUMPTION: a body that is not JSON is a 422 "Input is invalid" like any other invalid
    // input ([SC] 422 = missing or invalid data), not a 400.
    let value: Value = serde_json::from_slice(bytes)
        .map_err(|error| format!("the request body is not valid JSON: {error}"))?;
    match value {
        Value::Array(entries) => Ok(BodyShape::Many(entries)),
        Value::Object(object) => {
            let numbered: Vec<&str> = object
                .keys()
                .map(String::as_str)
                .filter(|key| !key.is_empty() && key.bytes().all(|b| b.is_ascii_digit()))
                .collect();
            if numbered.is_empty() {
                Ok(BodyShape::One(Value::Object(object)))
            } else {
                Err(format!(
                    "the body must be a page object or an array of page objects, not an object \
                     with numbered keys (`{}`)",
                    numbered.join("`, `")
                ))
            }
        }
        _ => Err("the body must be a page object or an array of page objects".into()),
    }
}

/// One page entry of a write, every field optional so that missing ones are reported by name.
/// Unknown fields are ignored; fields of another type are dropped when the page is shaped.
#[derive(Debug, Default, Deserialize)]
pub(super) struct PageInput {
    /// The page to update (bulk PUT only; ignored elsewhere).
    pub(super) id: Option<u64>,
    pub(super) channel_id: Option<u64>,
    pub(super) name: Option<String>,
    #[serde(rename = "type")]
    pub(super) page_type: Option<String>,
    pub(super) is_visible: Option<bool>,
    pub(super) parent_id: Option<u64>,
    pub(super) sort_order: Option<i64>,
    pub(super) is_homepage: Option<bool>,
    pub(super) is_customers_only: Option<bool>,
    pub(super) url: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub(super) meta_title: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    pub(super) meta_keywords: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    pub(super) meta_description: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    pub(super) search_keywords: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    pub(super) body: Option<Option<String>>,
    pub(super) content_type: Option<String>,
    pub(super) email: Option<String>,
    pub(super) contact_fields: Option<String>,
    pub(super) link: Option<String>,
    pub(super) feed: Option<String>,
}

impl PageInput {
    /// Reads one entry. `Err` is the 422 detail.
    pub(super) fn from_entry(entry: Value) -> Result<Self, String> {
        if !entry.is_object() {
            return Err("each page must be a JSON object".into());
        }
        serde_json::from_value(entry).map_err(|error| format!("invalid page: {error}"))
    }
}

/// A present field: `null` becomes `Some(None)`, a value `Some(Some(v))`.
fn nullable<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(deserializer).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn objects_and_arrays_are_bodies_numbered_objects_are_not() {
        assert!(matches!(
            parse_body(br#"{"name":"A","type":"page"}"#),
            Ok(BodyShape::One(_))
        ));
        assert!(matches!(parse_body(br#"[{"name":"A"}]"#), Ok(BodyShape::Many(v)) if v.len() == 1));
        let seed_example = br#"{"0":{"name":"A","type":"page"},"1":{"name":"B","type":"page"},"name":"C","type":"page"}"#;
        let error = parse_body(seed_example).unwrap_err();
        assert!(error.contains("`0`, `1`"), "{error}");
        assert!(parse_body(b"42").is_err());
        assert!(parse_body(b"{oops").unwrap_err().contains("not valid JSON"));
    }

    #[test]
    fn null_and_absent_stay_apart() {
        let input = PageInput::from_entry(json!({"meta_keywords": null, "body": "x"})).unwrap();
        assert_eq!(input.meta_keywords, Some(None));
        assert_eq!(input.meta_title, None);
        assert_eq!(input.body, Some(Some("x".into())));
    }

    #[test]
    fn wrong_types_are_reported() {
        let error = PageInput::from_entry(json!({"name": 5})).unwrap_err();
        assert!(error.contains("invalid type"), "{error}");
        assert!(PageInput::from_entry(json!("page")).is_err());
    }
}
