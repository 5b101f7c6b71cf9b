//! The plan file and the remapping rules: everything that turns identifiers of the source
//! store into identifiers of the target store, as pure functions over data.
//!
//! - [`plan_file`]: the YAML plan, [`PlanFile`] (stores, source/target channels, selection,
//!   mapping rules, policies), parsed strictly, `${VAR}`-expanded and checked, errors with
//!   file:line:column
//! - [`entity`]: the kinds of entity an id names, and which one a template file addresses
//! - [`tables`]: typed source → target id tables ([`IdMap`], [`PageIdMap`], channels) and the
//!   [`RemapTables`] one remap pass reads
//! - [`templates`]: resolving widget templates (explicit table, then name; create or fail)
//! - [`products`]: resolving products (explicit table, then SKU)
//! - [`catalog_match`]: matching categories (url, then name path) and brands (name, then url)
//!   without tables
//! - [`references`] — the catalog ids documents reference (what extraction must fetch)
//! - [`schema`]: the id paths a widget template's own schema declares (settings, arrays,
//!   `graphQl` parameters, with the template's GraphQL query parsed to learn their kind)
//! - [`remap`]: rewriting page-widget documents and pages through the tables
//! - [`rewrite_log`]: the record of every rewrite, unmapped id and pending reference, with
//!   its JSON path
//!
//! The caller (the `plan` crate's planner, over the target inventory the `apply` crate reads)
//! passes the target's templates and products in; page ids and created template uuids are only
//! known at apply time, so the tables mark them *pending* and are filled in as apply creates
//! objects. This crate does no network I/O and must not depend on the client, the sandbox or
//! any I/O crate; the only file it reads is the plan path it is given.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod catalog_match;
pub mod entity;
pub mod plan_file;
pub mod products;
pub mod references;
pub mod remap;
pub mod rewrite_log;
pub mod schema;
pub mod tables;
pub mod templates;

mod json_ids;

pub use catalog_match::{
    CatalogCandidate, CatalogReason, CatalogResolution, MatchKey, UnresolvedCatalog, match_brands,
    match_categories,
};
pub use entity::EntityKind;
pub use plan_file::{
    AccessToken, ApiBase, CatalogMatch, CatalogRules, Endpoint, FieldNames, Mappings, OnDrift,
    OnExisting, PageRef, PageSelection, PageWidgetsSelector, PlanFile, PlanFileError, PlanProblem,
    PlanProblemKind, ProductMatch, ProductRules, Selection, StoreConfig, TemplateMatch,
    TemplateRules, UnmappedPolicy,
};
pub use products::{ProductResolution, UnresolvedProduct, UnresolvedReason, resolve_products};
pub use references::{CatalogReferences, catalog_id_paths, catalog_references};
pub use remap::{remap_document, remap_page};
pub use rewrite_log::{
    Pending, RemapLog, Remapped, Rewrite, RewriteKind, RuleSource, Unmapped, Unrecognised,
};
pub use schema::{SchemaProblem, TemplateSchemas};
pub use tables::{ChannelTable, IdMap, Lookup, PageIdMap, RemapTables, channel_table};
pub use templates::{
    TemplateDrift, TemplateField, TemplateProblem, TemplateResolution, is_provided,
    resolve_widget_templates,
};
