//! Contract tests of the sandbox over real HTTP on loopback, written from BigCommerce's docs
//! (CONTRACT.md), not from pageport's client, which they never import.
//!
//! - `common`: starting a sandbox and a raw HTTP client
//! - `infra`: auth, rate limiting, fault injection, request log, persistence, admin API
//! - `pages`: Pages V3
//! - `page_widgets`: page-widget snapshots and publishing, with limits
//! - `widget_templates`, `channels`, `catalog`: the supporting APIs
//! - `demo_seed`: the demo site's content

mod catalog;
mod channels;
mod common;
mod demo_seed;
mod infra;
mod page_widgets;
mod pages;
mod widget_templates;
