//! Source store → bundle: reads the plan's selection from a source store, with the catalog
//! objects it references, into a [`pageport_model::Bundle`] (the `bundle` crate writes it).
//!
//! - [`from_store`] — reading the selection from a source store through the client
//! - [`selection`] — which pages `select.pages` chooses, and the entries that choose none
//!
//! Depends on the model and the client; never on mapping, validation, planning or applying (it
//! extracts exactly what the store holds, unchanged).
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

pub mod from_store;
pub mod selection;

pub use from_store::{
    DocumentSelector, ExtractError, ExtractRequest, Extracted, extract, fetch_catalog, into_bundle,
};
pub use selection::{PageFilter, UnmatchedEntry, UnmatchedPages};
