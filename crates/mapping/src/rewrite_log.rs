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

/// Where the rule that found an identifier in free-form JSON came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleSource {
    /// The widget template's schema declares the path (a `productId` setting, an `array`
    /// element, a `graphQl` parameter).
    Schema,
    /// The key is listed in `mappings.fields` (the fallback for content no schema covers).
    FieldName,
}

impl fmt::Display for RuleSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RuleSource::Schema => "schema",
            RuleSource::FieldName => "field name",
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
    /// Where the rule came from, for ids found in `configuration` or
    /// `storefront_api_query_params`; absent for the fixed fields (channels, parents, entity
    /// ids, template uuids).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<RuleSource>,
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
    /// Where the rule that found it came from (as for [`Rewrite::rule`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<RuleSource>,
}

/// A value that looks like an id (a number or digit string under a key such as `…Id`,
/// `…_ids`) that neither a template schema nor `mappings.fields` covers: published unchanged,
/// and reported so nothing id-like passes unseen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unrecognised {
    /// The value, as JSON text.
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
    /// Id-like values no rule covers, in document order (listed under every policy).
    #[serde(default)]
    pub unrecognised: Vec<Unrecognised>,
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
        self.unrecognised.extend(other.unrecognised);
    }

    pub(crate) fn rewrite(
        &mut self,
        kind: RewriteKind,
        (from, to): (String, String),
        path: &str,
        rule: Option<RuleSource>,
    ) {
        if from != to {
            let path = path.to_owned();
            self.rewrites.push(Rewrite {
                kind,
                from,
                to,
                path,
                rule,
            });
        }
    }

    pub(crate) fn unmapped(
        &mut self,
        kind: RewriteKind,
        value: String,
        path: &str,
        rule: Option<RuleSource>,
    ) {
        let path = path.to_owned();
        self.unmapped.push(Unmapped {
            kind,
            value,
            path,
            rule,
        });
    }

    pub(crate) fn unrecognised(&mut self, value: String, path: &str) {
        let path = path.to_owned();
        self.unrecognised.push(Unrecognised { value, path });
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
        log.unmapped(RewriteKind::Product, "77".to_owned(), "x.productId", None);
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
        log.rewrite(RewriteKind::Channel, ("1".into(), "1".into()), "p", None);
        assert!(log.rewrites.is_empty());
        log.rewrite(RewriteKind::Channel, ("1".into(), "2".into()), "p", None);
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
            rule: None,
        };
        assert_eq!(unmapped.to_string(), "unmapped widget template `u` at `p`");
    }
}
