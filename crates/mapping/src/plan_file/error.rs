//! What can be wrong with a plan file: unreadable, not YAML of the right shape (with line and
//! column), or well-formed but meaningless (every such problem at once, each with its place).

use crate::plan_file::redact::RedactedSource;
use serde_saphyr::{Localizer, MessageFormatter};
use std::borrow::Cow;
use std::fmt;
use std::path::PathBuf;
use thiserror::Error;

/// Why a plan could not be loaded.
#[derive(Debug, Error)]
pub enum PlanFileError {
    /// The file could not be read.
    #[error("cannot read plan `{}`", file.display())]
    Read {
        /// The plan file.
        file: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The path names a directory, a FIFO, a device or another non-file.
    #[error("plan `{}` is not a regular file", file.display())]
    NotAFile {
        /// The path given.
        file: PathBuf,
    },
    /// The file is far larger than any plan.
    #[error("plan `{}` is larger than {limit} bytes; is it really the plan file?", file.display())]
    TooLarge {
        /// The plan file.
        file: PathBuf,
        /// The largest plan read, in bytes.
        limit: u64,
    },
    /// The text is not YAML, or not of the plan's shape (unknown key, duplicate key, wrong type).
    #[error("syntax error in plan `{}` {}: {message}", file.display(), at(*line, *column))]
    Syntax {
        /// The plan file, as given to the loader.
        file: PathBuf,
        /// 1-based line of the problem; `0` when the parser could not tell.
        line: u64,
        /// 1-based column of the problem; `0` when the parser could not tell.
        column: u64,
        /// The parser's message, without the location.
        message: String,
        /// Byte range of the offending text in [`PlanFileError::source_text`], when known.
        span: Option<ByteSpan>,
        /// The plan text with token values masked, for rendering a snippet.
        source_text: RedactedSource,
    },
    /// The plan parses but says something impossible; every problem found is listed.
    #[error("invalid plan `{}`: {}", file.display(), join(problems))]
    Invalid {
        /// The plan file, as given to the loader.
        file: PathBuf,
        /// Every problem found, in file order where the place is known.
        problems: Vec<PlanProblem>,
        /// The plan text with token values masked, for rendering snippets.
        source_text: RedactedSource,
    },
}

impl PlanFileError {
    /// The plan text (token values masked) the error refers to, when it was read.
    pub fn source_text(&self) -> Option<&RedactedSource> {
        match self {
            PlanFileError::Read { .. }
            | PlanFileError::NotAFile { .. }
            | PlanFileError::TooLarge { .. } => None,
            PlanFileError::Syntax { source_text, .. }
            | PlanFileError::Invalid { source_text, .. } => Some(source_text),
        }
    }
}

/// A byte range in the plan text, for pointing a snippet at the offending value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ByteSpan {
    /// Byte offset of the first byte.
    pub offset: usize,
    /// Length in bytes.
    pub len: usize,
}

/// Where something is in the plan file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextLocation {
    /// 1-based line.
    pub line: u64,
    /// 1-based column.
    pub column: u64,
    /// Byte range of the value, when known.
    pub span: Option<ByteSpan>,
}

impl TextLocation {
    /// Converts the parser's location; `None` when it carries no position.
    pub(crate) fn from_saphyr(location: serde_saphyr::Location) -> Option<Self> {
        if location == serde_saphyr::Location::UNKNOWN || location.line() == 0 {
            return None;
        }
        let span = location.span();
        let byte_span = match (span.byte_offset(), span.byte_len()) {
            (Some(offset), Some(len)) => Some(ByteSpan {
                offset: usize::try_from(offset).ok()?,
                len: usize::try_from(len).ok()?,
            }),
            _ => None,
        };
        Some(Self {
            line: location.line(),
            column: location.column(),
            span: byte_span,
        })
    }
}

/// One semantic problem of a plan, with where it is when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanProblem {
    /// Where the offending value is, when the parser recorded it.
    pub location: Option<TextLocation>,
    /// What is wrong.
    pub kind: PlanProblemKind,
}

impl fmt::Display for PlanProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.location {
            Some(loc) => write!(f, "{}: {}", at(loc.line, loc.column), self.kind),
            None => write!(f, "{}", self.kind),
        }
    }
}

/// What is wrong with a plan that parses.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PlanProblemKind {
    /// `version` is not one this build reads.
    #[error("unsupported plan version `{found}`; this build reads version `1`")]
    UnsupportedVersion {
        /// The version the file declares.
        found: u32,
    },
    /// `source.store` or `target.store` names a store `stores` does not define.
    #[error(
        "`{role}.store` names unknown store `{name}` ({})",
        known_stores(known)
    )]
    UnknownStore {
        /// `source` or `target`.
        role: &'static str,
        /// The name given.
        name: String,
        /// The names `stores` defines, sorted.
        known: Vec<String>,
    },
    /// A `${VAR}` reference names a variable the environment does not hold.
    #[error("environment variable `{variable}` used in `stores.{store}.{key}` is not set")]
    MissingVariable {
        /// The variable.
        variable: String,
        /// The store whose value uses it.
        store: String,
        /// The key whose value uses it.
        key: &'static str,
    },
    /// A `${…}` reference is malformed.
    #[error("`stores.{store}.{key}`: {reason}")]
    MalformedReference {
        /// The store.
        store: String,
        /// The key.
        key: &'static str,
        /// What is malformed.
        reason: String,
    },
    /// A store hash holds characters that cannot appear in an API path segment.
    #[error("`stores.{store}.store_hash` `{value}` may hold only letters, digits, `-` and `_`")]
    InvalidStoreHash {
        /// The store.
        store: String,
        /// The value after expansion.
        value: String,
    },
    /// A store that talks to BigCommerce has no token.
    #[error("`stores.{store}.access_token` is required unless `api_base` is `sandbox:<seed>`")]
    MissingAccessToken {
        /// The store.
        store: String,
    },
    /// A value that must not be empty is (after expansion).
    #[error("`{key}` is empty")]
    Empty {
        /// The key, as a dotted path.
        key: String,
    },
    /// `api_base` is neither an http(s) URL nor `sandbox:<seed>`, or is plain http to a remote host.
    #[error("`stores.{store}.api_base` `{value}` {reason}")]
    InvalidApiBase {
        /// The store.
        store: String,
        /// The value after expansion.
        value: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A widget template uuid in the plan is not of the canonical 8-4-4-4-12 form.
    #[error("`{key}`: `{value}` is not a well-formed uuid")]
    MalformedUuid {
        /// Where it is, as a dotted path.
        key: String,
        /// The value given.
        value: String,
    },
    /// A count that must be at least 1 is 0.
    #[error("`{key}` must be at least 1")]
    NotPositive {
        /// The key.
        key: &'static str,
    },
    /// A template file whose documents belong to catalog entities lists no entities.
    #[error("`select.page_widgets`: `{template_file}` needs `entity_ids` (the {kind} ids to copy)")]
    EntityIdsRequired {
        /// The template file.
        template_file: String,
        /// The entity kind, such as `product`.
        kind: &'static str,
    },
    /// The same field name is listed for two id kinds.
    #[error("`mappings.fields`: `{field}` is listed under both `{first}` and `{second}`")]
    FieldListedTwice {
        /// The field name.
        field: String,
        /// The first kind listing it.
        first: &'static str,
        /// The second kind listing it.
        second: &'static str,
    },
    /// A mapping table names the same source twice, spelled differently (`18` and `"18"`, or a
    /// uuid in two cases): which entry was meant cannot be known, so neither is taken.
    #[error(
        "`{table}` maps `{id}` twice (first at line {first_line}, as `{first_spelling}`; again here as `{spelling}`); keep one entry"
    )]
    DuplicateMappingKey {
        /// The table, such as `mappings.categories`.
        table: &'static str,
        /// The id both keys mean, normalised.
        id: String,
        /// The first entry's line.
        first_line: u64,
        /// How the first entry wrote it.
        first_spelling: String,
        /// How this entry writes it.
        spelling: String,
    },
    /// `mappings.categories` or `mappings.brands` mixes the short form (`18: 23`) with the long
    /// form's keys (`match_by`, `explicit`): whether the ids are explicit entries of the long
    /// form or a typo cannot be known.
    #[error(
        "`{table}` mixes source ids (the short form `18: 23`) with `match_by` or `explicit`; put the entries under `{table}.explicit`"
    )]
    MixedCatalogForms {
        /// The mapping, such as `mappings.categories`.
        table: &'static str,
    },
    /// `mappings.channels` sends the source channel somewhere other than `target.channel_id`.
    #[error(
        "`mappings.channels` maps source channel `{source_channel}` to `{mapped}`, but `target.channel_id` is `{target}`"
    )]
    ChannelConflict {
        /// The source channel.
        source_channel: u64,
        /// Where the table sends it.
        mapped: u64,
        /// The target channel.
        target: u64,
    },
    /// Source and target are the same channel of the same store, whatever the stores are
    /// named: the store hash is the store's identity in every API path.
    #[error(
        "source and target are the same: {}, channel `{channel}`",
        same_store(source_store, target_store, store_hash)
    )]
    SameSourceAndTarget {
        /// The source's store name in `stores`.
        source_store: String,
        /// The target's store name in `stores`.
        target_store: String,
        /// The store hash both name.
        store_hash: String,
        /// The channel.
        channel: u64,
    },
}

fn same_store(source: &str, target: &str, hash: &str) -> String {
    if source == target {
        format!("store `{source}`")
    } else {
        format!("stores `{source}` and `{target}` are both store hash `{hash}`")
    }
}

/// The error for text the parser refused, with the place it gives and the masked text.
pub(super) fn syntax_error(err: &serde_saphyr::Error, file: PathBuf, text: &str) -> PlanFileError {
    let location = err.location().and_then(TextLocation::from_saphyr);
    let options = serde_saphyr::render_options! {
        formatter: &PlainMessages,
        snippets: serde_saphyr::SnippetMode::Off,
    };
    PlanFileError::Syntax {
        file,
        line: location.map_or(0, |l| l.line),
        column: location.map_or(0, |l| l.column),
        message: err.render_with_options(options),
        span: location.and_then(|l| l.span),
        source_text: RedactedSource::new(text),
    }
}

/// The parser's own wording without its ` at line X, column Y` suffix (the error carries those
/// as fields).
struct PlainMessages;

struct NoLocationSuffix;

impl Localizer for NoLocationSuffix {
    fn attach_location<'a>(
        &self,
        base: Cow<'a, str>,
        _loc: serde_saphyr::Location,
    ) -> Cow<'a, str> {
        base
    }
}

impl MessageFormatter for PlainMessages {
    fn localizer(&self) -> &dyn Localizer {
        &NoLocationSuffix
    }

    fn format_message<'a>(&self, err: &'a serde_saphyr::Error) -> Cow<'a, str> {
        serde_saphyr::UserMessageFormatter.format_message(err)
    }
}

fn at(line: u64, column: u64) -> String {
    if line == 0 {
        "(position unknown)".to_owned()
    } else {
        format!("at line {line}, column {column}")
    }
}

fn join(problems: &[PlanProblem]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

fn known_stores(known: &[String]) -> String {
    if known.is_empty() {
        "no stores are defined".to_owned()
    } else {
        let names: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
        format!("defined stores: {}", names.join(", "))
    }
}
