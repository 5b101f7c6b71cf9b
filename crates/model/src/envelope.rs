//! The `{data, meta}` envelope every JSON success body comes in, and BigCommerce's pagination.

use crate::Extra;
use serde::{Deserialize, Serialize};

/// A success body: the payload and its meta.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Envelope<T> {
    /// The payload: one object or a list.
    pub data: T,
    /// Pagination for lists, usually `{}` for single objects.
    #[serde(default)]
    pub meta: Meta,
}

/// The `meta` of a success body.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    /// Present on collections.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pagination: Option<Pagination>,
    /// Anything else the store put in `meta`.
    #[serde(flatten)]
    pub extra: Extra,
}

/// BigCommerce's pagination object. Clients page by `current_page < total_pages` and ignore
/// `links`, whose shape varies between API families.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pagination {
    /// Items in the whole result set.
    pub total: u64,
    /// Items in this response.
    pub count: u64,
    /// The page size (`limit`).
    pub per_page: u64,
    /// The 1-based page number of this response.
    pub current_page: u64,
    /// The number of pages in the result set.
    pub total_pages: u64,
    /// Links to neighbouring pages, relative or absolute; kept for round trips, never followed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub links: Option<Links>,
}

/// Pagination links; each is absent, `null`, or a string, varying with the API family.
pub type Links = serde_json::Value;

impl Pagination {
    /// True when pages after this one exist.
    pub fn has_next(&self) -> bool {
        self.current_page < self.total_pages
    }
}

/// A `data` that some endpoints return as one object and others (or older versions) as a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany<T> {
    /// A list of objects.
    Many(Vec<T>),
    /// A single object.
    One(T),
}

impl<T> OneOrMany<T> {
    /// Every object, whichever shape arrived.
    pub fn into_vec(self) -> Vec<T> {
        match self {
            OneOrMany::Many(items) => items,
            OneOrMany::One(item) => vec![item],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_or_many_accepts_both_shapes() {
        let one: OneOrMany<u32> = serde_json::from_str("5").expect("object");
        let many: OneOrMany<u32> = serde_json::from_str("[5, 6]").expect("list");
        assert_eq!(one.into_vec(), vec![5]);
        assert_eq!(many.into_vec(), vec![5, 6]);
    }

    #[test]
    fn next_page_is_driven_by_counts_not_links() {
        let p: Pagination = serde_json::from_str(
            r#"{"total":3,"count":2,"per_page":2,"current_page":1,"total_pages":2,
                "links":{"previous":null,"current":"x","next":null}}"#,
        )
        .expect("pagination");
        assert!(p.has_next());
    }
}
