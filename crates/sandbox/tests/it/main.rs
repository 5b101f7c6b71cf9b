//! Contract tests of the sandbox over real HTTP on loopback, written from BigCommerce's docs
//! (CONTRACT.md), not from pageport's client, which they never import.
//!
//! - `common`: the shared harness (`pageport-test-support`, without its client): sandboxes on
//!   port 0, raw HTTP calls to a store and to the admin API
//! - `infra`: auth, rate limiting, fault injection, request log, persistence, admin API
//! - `pages`: Pages V3
//! - `page_widgets`: page-widget snapshots and publishing, with limits
//! - `widget_templates`, `channels`, `catalog`: the supporting APIs
//! - `category_trees`: category trees, their categories, product channel assignments
//! - `strict_query`: every route refuses the query parameters it does not implement
//! - `demo_seed`: the demo site's content

/// The shared harness, under the name these tests have always used.
use pageport_test_support as common;

mod catalog;
mod category_trees;
mod channels;
mod demo_seed;
mod infra;
mod page_widgets;
mod pages;
mod strict_query;
mod widget_templates;
