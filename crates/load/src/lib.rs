//! The target side of a migration: what the target holds, what must change, and (later) making
//! the change safely.
//!
//! - [`graph`] — the dependency DAG (templates → parent pages → child pages → documents) and its
//!   topological layers
//! - [`diff`] — field-level page changes and widget-by-widget document overwrites
//!
//! Depends on the model and the client; mapping and validation results come in as data. Never
//! depends on the CLI.
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

pub mod diff;
pub mod graph;
