//! The client against the sandbox over real HTTP on loopback.
//!
//! - `bounds`: oversized and deeply nested answers, refused with clear errors
//! - `canned`: answers the sandbox never gives, from a scripted server
//! - `scripted`: the scripted loopback server `canned` and `bounds` use
//! - `common`: this crate's stores and pacing on top of the shared harness, request-log helpers
//! - `pages`: pagination, bulk create with a 422 partial, update, delete
//! - `resilience`: 429s, 5xx, dropped connections, lost answers to creates, pacing, deadlines
//! - `security`: refused tokens and the token never appearing in any output
//! - `apis`: page widgets, widget templates, channels and the catalog
//! - `trees`: category trees, tree categories, product channel assignments, channel updates

mod apis;
mod bounds;
mod canned;
mod common;
mod pages;
mod resilience;
mod scripted;
mod security;
mod trees;
