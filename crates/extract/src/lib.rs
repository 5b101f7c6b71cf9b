//! Source store → bundle: reads the plan's selection from a source store and writes it as a
//! directory of canonical JSON files that diff well in git; reads such bundles back.
//!
//! - [`from_store`] — reading the selection from a source store through the client
//! - [`bundle_io`] — writing and reading bundle directories, with integrity checks
//!
//! Depends on the model and the client; never on mapping, validation or loading (it extracts
//! exactly what the store holds, unchanged).
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

pub mod bundle_io;
pub mod from_store;

pub use bundle_io::{BundleError, read_bundle, write_bundle};
pub use from_store::{
    DocumentSelector, ExtractError, ExtractRequest, Extracted, PageFilter, extract, fetch_catalog,
    into_bundle,
};
