//! Canonical JSON: pretty, with object keys sorted at every depth, and a final newline, so the
//! same content always gives the same bytes and diffs in git stay small.

use serde::Serialize;
use serde_json::Value;

/// Serializes `value` as canonical JSON text.
pub fn to_canonical_json<T: Serialize>(value: &T) -> Result<String, serde_json::Error> {
    let value = sort_keys(serde_json::to_value(value)?);
    let mut text = serde_json::to_string_pretty(&value)?;
    text.push('\n');
    Ok(text)
}

/// The SHA-256 of a value's canonical JSON, in lowercase hex: equal content, equal fingerprint,
/// whatever order the store sent the keys in.
pub fn fingerprint<T: Serialize>(value: &T) -> Result<String, serde_json::Error> {
    use sha2::Digest;
    let text = to_canonical_json(value)?;
    let digest = sha2::Sha256::digest(text.as_bytes());
    Ok(digest.iter().map(|b| format!("{b:02x}")).collect())
}

/// Returns `value` with every object's keys in sorted order.
pub fn sort_keys(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k, sort_keys(v)))
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sort_keys).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fingerprints_ignore_key_order_but_not_values() {
        let a = fingerprint(&json!({"a": 1, "b": "77"})).unwrap();
        let b = fingerprint(&json!({"b": "77", "a": 1})).unwrap();
        let c = fingerprint(&json!({"b": 77, "a": 1})).unwrap();
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(a.len(), 64);
    }

    #[test]
    fn keys_are_sorted_at_every_depth_and_types_kept() {
        let text = to_canonical_json(&json!({"b": 1, "a": {"d": "77", "c": [ {"z": 1, "y": 2} ]}}))
            .unwrap();
        assert_eq!(
            text,
            "{\n  \"a\": {\n    \"c\": [\n      {\n        \"y\": 2,\n        \"z\": 1\n      }\n    ],\n    \"d\": \"77\"\n  },\n  \"b\": 1\n}\n"
        );
    }
}
