//! The dry-run report, rendered three ways from the same [`MigrationPlan`](crate::MigrationPlan):
//!
//! - [`render_text`] — for a terminal, optionally with ANSI colour
//! - [`render_markdown`] — for a pull-request comment, under GitHub's size limit
//! - [`render_json`] — for CI, stable field order
//!
//! All three are pure functions; the CLI decides where the output goes.

pub(crate) mod describe;
mod escape;
mod json;
mod markdown;
mod text;
pub(crate) mod text_diff;

#[cfg(test)]
mod tests;

pub use json::render_json;
pub use markdown::{GITHUB_COMMENT_LIMIT, render_markdown};
pub use text::render_text;
