//! The record of a remap pass: every identifier rewritten, every identifier left unmapped and
//! every reference whose target is only known at apply time, each with its JSON-path-like
//! location (`page_widgets[channel 1 pages/home].regions[0].children[1]…`).

use crate::entity::EntityKind;
use crate::plan_file::UnmappedPolicy;
use pageport_model::escape::quote;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The kind of identifier a record is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RewriteKind {
    /// A widget template uuid.
    WidgetTemplate,
    /// A product id.
    Product,
    /// A category id.
    Category,
    /// A brand id.
    Brand,
    /// A channel id.
    Channel,
    /// A web page id (a `parent_id`, or a `pages/page` document's entity).
    Page,
}

impl From<EntityKind> for RewriteKind {
    fn from(kind: EntityKind) -> Self {
        match kind {
            EntityKind::Page => RewriteKind::Page,
            EntityKind::Product => RewriteKind::Product,
            EntityKind::Category => RewriteKind::Category,
            EntityKind::Brand => RewriteKind::Brand,
        }
    }
}

impl fmt::Display for RewriteKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RewriteKind::WidgetTemplate => "widget template",
            RewriteKind::Product => "product",
            RewriteKind::Category => "category",
            RewriteKind::Brand => "brand",
            RewriteKind::Channel => "channel",
            RewriteKind::Page => "page",
        })
    }
}

/// One identifier replaced by its target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rewrite {
    /// What the identifier names.
    pub kind: RewriteKind,
    /// The source value, as text.
    pub from: String,
    /// The target value, as text.
    pub to: String,
    /// Where it is, such as `page_widgets[channel 1 pages/home].regions[0]…configuration.productId`.
    pub path: String,
}

/// An identifier no rule maps; its source value was kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unmapped {
    /// What the identifier names.
    pub kind: RewriteKind,
    /// The source value, as text.
    pub value: String,
    /// Where it is.
    pub path: String,
}

impl fmt::Display for Unmapped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unmapped {} {} at {}",
            self.kind,
            quote(&self.value),
            quote(&self.path)
        )
    }
}

/// A reference to an object apply will create (a new page or widget template); the source value
/// stays until apply knows the target id and remaps again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pending {
    /// What the identifier names.
    pub kind: RewriteKind,
    /// The source value, as text.
    pub value: String,
    /// Where it is.
    pub path: String,
}

/// Everything one remap pass did and could not do.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemapLog {
    /// The policy the unmapped identifiers are judged by.
    pub policy: UnmappedPolicy,
    /// Identifiers replaced, in document order (identity mappings are not listed).
    pub rewrites: Vec<Rewrite>,
    /// Identifiers without a rule, in document order (listed under every policy).
    pub unmapped: Vec<Unmapped>,
    /// References to objects apply will create, in document order.
    pub pending: Vec<Pending>,
}

impl RemapLog {
    /// An empty log judged by `policy`.
    pub fn new(policy: UnmappedPolicy) -> Self {
        Self {
            policy,
            ..Self::default()
        }
    }

    /// The unmapped identifiers that are errors (all of them under `unmapped: fail`).
    pub fn errors(&self) -> &[Unmapped] {
        match self.policy {
            UnmappedPolicy::Fail => &self.unmapped,
            UnmappedPolicy::Warn | UnmappedPolicy::Keep => &[],
        }
    }

    /// The unmapped identifiers that are warnings (all of them under `unmapped: warn`).
    pub fn warnings(&self) -> &[Unmapped] {
        match self.policy {
            UnmappedPolicy::Warn => &self.unmapped,
            UnmappedPolicy::Fail | UnmappedPolicy::Keep => &[],
        }
    }

    /// True when the caller must stop: some identifier is unmapped under `unmapped: fail`.
    pub fn has_errors(&self) -> bool {
        !self.errors().is_empty()
    }

    /// Appends another pass's records (the policy stays this log's).
    pub fn extend(&mut self, other: RemapLog) {
        self.rewrites.extend(other.rewrites);
        self.unmapped.extend(other.unmapped);
        self.pending.extend(other.pending);
    }

    pub(crate) fn rewrite(&mut self, kind: RewriteKind, from: String, to: String, path: &str) {
        if from != to {
            let path = path.to_owned();
            self.rewrites.push(Rewrite {
                kind,
                from,
                to,
                path,
            });
        }
    }

    pub(crate) fn unmapped(&mut self, kind: RewriteKind, value: String, path: &str) {
        let path = path.to_owned();
        self.unmapped.push(Unmapped { kind, value, path });
    }

    pub(crate) fn pending(&mut self, kind: RewriteKind, value: String, path: &str) {
        let path = path.to_owned();
        self.pending.push(Pending { kind, value, path });
    }
}

/// A remapped value and the record of what was done to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Remapped<T> {
    /// The value with every mapped identifier replaced.
    pub value: T,
    /// What was rewritten, unmapped or pending.
    pub log: RemapLog,
}

/// Appends `.key` (or `["key"]` when the key is not a plain identifier) to a path.
pub(crate) fn field_path(base: &str, key: &str) -> String {
    let plain = key
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain {
        format!("{base}.{key}")
    } else {
        let quoted = serde_json::to_string(key).unwrap_or_else(|_| format!("\"{key}\""));
        format!("{base}[{quoted}]")
    }
}

/// Appends `[index]` to a path.
pub(crate) fn index_path(base: &str, index: usize) -> String {
    format!("{base}[{index}]")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log_with_one_unmapped(policy: UnmappedPolicy) -> RemapLog {
        let mut log = RemapLog::new(policy);
        log.unmapped(RewriteKind::Product, "77".to_owned(), "x.productId");
        log
    }

    #[test]
    fn the_policy_decides_whether_unmapped_ids_are_errors_warnings_or_neither() {
        let fail = log_with_one_unmapped(UnmappedPolicy::Fail);
        assert_eq!((fail.errors().len(), fail.warnings().len()), (1, 0));
        assert!(fail.has_errors());
        let warn = log_with_one_unmapped(UnmappedPolicy::Warn);
        assert_eq!((warn.errors().len(), warn.warnings().len()), (0, 1));
        assert!(!warn.has_errors());
        let keep = log_with_one_unmapped(UnmappedPolicy::Keep);
        assert_eq!((keep.errors().len(), keep.warnings().len()), (0, 0));
        assert_eq!(keep.unmapped.len(), 1);
    }

    #[test]
    fn identity_mappings_are_not_recorded_as_rewrites() {
        let mut log = RemapLog::new(UnmappedPolicy::Fail);
        log.rewrite(RewriteKind::Channel, "1".to_owned(), "1".to_owned(), "p");
        assert!(log.rewrites.is_empty());
        log.rewrite(RewriteKind::Channel, "1".to_owned(), "2".to_owned(), "p");
        assert_eq!(log.rewrites.len(), 1);
    }

    #[test]
    fn paths_quote_keys_that_are_not_identifiers() {
        assert_eq!(field_path("a", "productId"), "a.productId");
        assert_eq!(field_path("a", "data-id"), "a[\"data-id\"]");
        assert_eq!(index_path("a", 3), "a[3]");
        let unmapped = Unmapped {
            kind: RewriteKind::WidgetTemplate,
            value: "u".to_owned(),
            path: "p".to_owned(),
        };
        assert_eq!(unmapped.to_string(), "unmapped widget template `u` at `p`");
    }
}
