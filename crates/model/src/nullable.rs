//! Serde helpers for fields that may be absent, `null`, or a value, keeping the three apart.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Deserializes a present field: `null` becomes `Some(None)`, a value `Some(Some(v))`.
pub(crate) fn deserialize<'de, T, D>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// Serializes `Some(None)` as `null` and `Some(Some(v))` as the value; `None` is skipped by the
/// field's `skip_serializing_if`.
pub(crate) fn serialize<T, S>(value: &Option<Option<T>>, serializer: S) -> Result<S::Ok, S::Error>
where
    T: Serialize,
    S: Serializer,
{
    match value {
        Some(inner) => inner.serialize(serializer),
        None => serializer.serialize_none(),
    }
}
