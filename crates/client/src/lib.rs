//! The BigCommerce REST client: one store's v3 API over HTTPS, with pagination walked for the
//! caller, quota-aware pacing shared by every task of a store, safe retries, and bulk helpers
//! that account for every item.
//!
//! - [`client`]: [`StoreClient`], cheap to clone, and its accessors
//! - [`builder`]: [`StoreClientBuilder`] and [`PacingConfig`]
//! - [`error`]: [`ClientError`], a [`RequestLine`] and a [`ClientErrorKind`] typed from BigCommerce's error bodies
//! - [`bulk`]: [`BulkOutcome`], per-item results of bulk calls
//! - [`pages`] / `pages_create`: Pages V3, including bulk creates settled by re-reading
//! - [`page_widgets`], [`widget_templates`], [`channels`], [`catalog`]: the other API families
//! - [`category_trees`]: Multi-Storefront category trees, their categories and product channel
//!   assignments
//! - [`stats`]: [`ClientStats`], what the client did for a store
//! - [`clock`]: [`Clock`], the time pacing, backoff, deadlines and timeouts go by
//!   ([`SystemClock`], or a [`VirtualClock`] in tests)
//! - `base_url`: the base URL policy (plain http only to loopback)
//! - `body`: reading answers within a size cap and decoding them within a nesting limit
//! - `pacing`, `rate_headers`, `retry`, `transport`: the quota pacer, header parsing, retry
//!   decisions and the request loop
//! - `pagination`, `query`: walking list pages and encoding queries
//!
//! Key design choice: a request that creates something is never repeated after an ambiguous
//! failure; the caller gets an error whose kind is [`ClientErrorKind::OutcomeUnknown`] and
//! reconciles by natural key (`create_pages` does so itself). The access token never appears in any output.
//!
//! This crate depends on `pageport-model` only among pageport crates, and never prints.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod builder;
pub mod bulk;
pub mod catalog;
pub mod category_trees;
pub mod channels;
pub mod client;
pub mod clock;
pub mod error;
pub mod page_widgets;
pub mod pages;
pub mod stats;
pub mod widget_templates;

mod base_url;
mod body;
mod pacing;
mod pages_create;
mod pagination;
mod query;
mod rate_headers;
mod retry;
mod transport;

pub use base_url::DEFAULT_BASE_URL;
pub use body::{MAX_JSON_DEPTH, MAX_RESPONSE_BYTES};
pub use builder::{
    DEFAULT_BATCH_SIZE, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, PacingConfig, StoreClientBuilder,
};
pub use bulk::{BulkFailure, BulkItem, BulkOutcome, BulkSuccess};
pub use catalog::ProductQuery;
pub use category_trees::{CategoryTreeQuery, ChannelAssignmentQuery, TreeCategoryQuery};
pub use client::StoreClient;
pub use clock::{Clock, Sleep, SystemClock, VirtualClock};
pub use error::{BaseUrlProblem, ClientError, ClientErrorKind, RequestLine};
pub use pages::PageQuery;
pub use stats::ClientStats;
