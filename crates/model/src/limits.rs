//! Platform limits a migration must stay within. The defaults are BigCommerce's documented
//! values; a plan may override them (limits drift between doc versions, so they are data).

use serde::{Deserialize, Serialize};

/// Web pages one store may hold, of every type and channel (BigCommerce's documented 4,000).
pub const DEFAULT_WEB_PAGES_PER_STORE: usize = 4_000;

/// The largest request body a store accepts, in bytes.
// ASSUMPTION: BigCommerce documents no request-size limit for the Pages or Page Widgets APIs
// (the catalog's 413 is about array items); 8 MiB is what the sandbox enforces, and a plan may
// set `limits.request_body_max_bytes` to what a store is found to accept.
pub const DEFAULT_REQUEST_BODY_MAX_BYTES: usize = 8 * 1024 * 1024;

/// The limits validation checks against and the sandbox enforces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Layouts on one page-widget document (150).
    pub layouts_per_page: usize,
    /// Widgets on one page-widget document (150).
    pub widgets_per_page: usize,
    /// Layouts across one channel (10,000).
    pub layouts_per_channel: usize,
    /// Widgets across one channel (50,000).
    pub widgets_per_channel: usize,
    /// Web pages in one store (4,000).
    pub web_pages_per_store: usize,
    /// Characters in a page name (100).
    pub page_name_max_chars: usize,
    /// Characters in a contact form email (255).
    pub email_max_chars: usize,
    /// Bytes in one request body: one page or one page-widget document, as JSON (8 MiB).
    pub request_body_max_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            layouts_per_page: 150,
            widgets_per_page: 150,
            layouts_per_channel: 10_000,
            widgets_per_channel: 50_000,
            web_pages_per_store: DEFAULT_WEB_PAGES_PER_STORE,
            page_name_max_chars: 100,
            email_max_chars: 255,
            request_body_max_bytes: DEFAULT_REQUEST_BODY_MAX_BYTES,
        }
    }
}
