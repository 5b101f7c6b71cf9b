//! Counting a migration's API calls by kind from the sandbox's request log, and the lower bound
//! of calls a migration of the same plan needs.

use pageport_plan::MigrationPlan;
use pageport_plan::steps::PageStepAction;
use pageport_sandbox::LoggedRequest;
use serde::{Deserialize, Serialize};

/// Calls of each kind; every logged request falls in exactly one field.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallCounts {
    /// `GET /content/pages` (pagination pages of the page list).
    pub get_pages: usize,
    /// `GET /content/widget-templates` (pagination pages, any channel).
    pub get_templates: usize,
    /// `GET /catalog/products` (pagination pages of the SKU or id chunks) and
    /// `GET /catalog/products/channel-assignments` (the mapped products' assignments to the
    /// target channel, by id chunks).
    pub get_products: usize,
    /// `GET /content/page-widgets` (one per document read).
    pub get_documents: usize,
    /// `POST /content/pages` (bulk creates).
    pub post_pages: usize,
    /// `PUT /content/pages` (bulk updates).
    pub put_pages: usize,
    /// `POST /content/widget-templates`.
    pub post_templates: usize,
    /// `POST /content/page-widgets` (publishes).
    pub post_documents: usize,
    /// Anything else.
    pub other: usize,
}

impl CallCounts {
    /// Counts `requests` by kind.
    pub fn of(requests: &[LoggedRequest]) -> Self {
        let mut counts = Self::default();
        for request in requests {
            *counts.slot(request) += 1;
        }
        counts
    }

    /// The field a request counts in.
    fn slot(&mut self, request: &LoggedRequest) -> &mut usize {
        let path = request.path.trim_end_matches('/');
        let ends = |suffix: &str| path.ends_with(suffix);
        match request.method.as_str() {
            "GET" if ends("/content/pages") => &mut self.get_pages,
            "GET" if ends("/content/widget-templates") => &mut self.get_templates,
            "GET" if ends("/catalog/products") || ends("/catalog/products/channel-assignments") => {
                &mut self.get_products
            }
            "GET" if ends("/content/page-widgets") => &mut self.get_documents,
            "POST" if ends("/content/pages") => &mut self.post_pages,
            "PUT" if ends("/content/pages") => &mut self.put_pages,
            "POST" if ends("/content/widget-templates") => &mut self.post_templates,
            "POST" if ends("/content/page-widgets") => &mut self.post_documents,
            _ => &mut self.other,
        }
    }

    /// Read calls (the four GET kinds).
    pub fn reads(&self) -> usize {
        self.get_pages + self.get_templates + self.get_products + self.get_documents
    }

    /// Write calls (the four write kinds).
    pub fn writes(&self) -> usize {
        self.post_pages + self.put_pages + self.post_templates + self.post_documents
    }

    /// Every call.
    pub fn total(&self) -> usize {
        self.reads() + self.writes() + self.other
    }

    /// Field-wise sum.
    pub fn plus(&self, other: &Self) -> Self {
        Self {
            get_pages: self.get_pages + other.get_pages,
            get_templates: self.get_templates + other.get_templates,
            get_products: self.get_products + other.get_products,
            get_documents: self.get_documents + other.get_documents,
            post_pages: self.post_pages + other.post_pages,
            put_pages: self.put_pages + other.put_pages,
            post_templates: self.post_templates + other.post_templates,
            post_documents: self.post_documents + other.post_documents,
            other: self.other + other.other,
        }
    }
}

/// What the lower bound is computed from: the target as the plan read it and the plan's writes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoundInputs {
    /// Pages the target held (every channel).
    pub target_pages: usize,
    /// Widget templates of the target channel.
    pub target_channel_templates: usize,
    /// Widget templates of channel 0 (BigCommerce's); `None` when the target is channel 0.
    pub target_global_templates: Option<usize>,
    /// Distinct SKUs looked up.
    pub skus: usize,
    /// Target documents the plan read.
    pub documents_read: usize,
    /// Pages to create.
    pub page_creates: usize,
    /// Pages to update.
    pub page_updates: usize,
    /// Widget templates to create.
    pub template_creates: usize,
    /// Documents to publish.
    pub document_publishes: usize,
    /// `limit` of page and template lists.
    pub page_size: usize,
    /// SKUs per `sku:in` chunk.
    pub sku_chunk: usize,
    /// `limit` of product lists.
    pub catalog_page_size: usize,
    /// Pages per bulk write.
    pub batch_size: usize,
}

impl BoundInputs {
    /// The plan's writes (pages, templates, documents); the read side stays as it is.
    pub fn with_plan(mut self, plan: &MigrationPlan) -> Self {
        self.page_creates = count_pages(plan, PageStepAction::Create);
        self.page_updates = count_pages(plan, PageStepAction::Update);
        self.template_creates = plan.summary.templates.create;
        self.document_publishes = plan.summary.documents.create
            + plan.summary.documents.update
            + plan.summary.documents.overwrite;
        self.documents_read = plan.target_document_keys().len();
        self
    }

    /// The fewest calls that read what the plan reads and write what it writes, by kind: one
    /// call per pagination page of each list (at least one per list), one per document read,
    /// one per batch of page creates and of page updates, one per template created and one per
    /// document published.
    pub fn bound(&self) -> CallCounts {
        let pages_of = |items: usize, per_page: usize| items.div_ceil(per_page.max(1)).max(1);
        let skus_per_chunk = self.sku_chunk.max(1);
        let full_chunks = self.skus / skus_per_chunk;
        let rest = self.skus % skus_per_chunk;
        let get_products = full_chunks * pages_of(skus_per_chunk, self.catalog_page_size)
            + if rest > 0 {
                pages_of(rest, self.catalog_page_size)
            } else {
                0
            };
        CallCounts {
            get_pages: pages_of(self.target_pages, self.page_size),
            get_templates: pages_of(self.target_channel_templates, self.page_size)
                + self
                    .target_global_templates
                    .map_or(0, |n| pages_of(n, self.page_size)),
            get_products,
            get_documents: self.documents_read,
            post_pages: self.page_creates.div_ceil(self.batch_size.max(1)),
            put_pages: self.page_updates.div_ceil(self.batch_size.max(1)),
            post_templates: self.template_creates,
            post_documents: self.document_publishes,
            other: 0,
        }
    }
}

/// Page steps of `action`.
fn count_pages(plan: &MigrationPlan, action: PageStepAction) -> usize {
    plan.pages.iter().filter(|s| s.action == action).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use pageport_sandbox::Outcome;

    fn request(method: &str, path: &str) -> LoggedRequest {
        LoggedRequest {
            seq: 0,
            method: method.to_owned(),
            path: format!("/stores/benchtarget/v3{path}"),
            query: String::new(),
            status: 200,
            outcome: Outcome::Answered,
            at_ms: 0,
            elapsed_ms: 0,
        }
    }

    #[test]
    fn every_request_counts_once_in_its_kind() {
        let log = [
            request("GET", "/content/pages"),
            request("GET", "/content/pages"),
            request("GET", "/content/widget-templates"),
            request("GET", "/catalog/products"),
            request("GET", "/content/page-widgets"),
            request("POST", "/content/pages"),
            request("PUT", "/content/pages"),
            request("POST", "/content/widget-templates"),
            request("POST", "/content/page-widgets"),
            request("GET", "/channels"),
            request("GET", "/content/pages/12"),
        ];
        let counts = CallCounts::of(&log);
        assert_eq!(counts.get_pages, 2);
        assert_eq!(counts.reads(), 5);
        assert_eq!(counts.writes(), 4);
        assert_eq!(counts.other, 2);
        assert_eq!(counts.total(), log.len());
        assert_eq!(counts.plus(&counts).total(), 2 * log.len());
    }

    #[test]
    fn the_bound_counts_pagination_pages_chunks_and_batches() {
        let inputs = BoundInputs {
            target_pages: 0,
            target_channel_templates: 51,
            target_global_templates: Some(0),
            skus: 1_020,
            documents_read: 2,
            page_creates: 4_000,
            page_updates: 1,
            template_creates: 8,
            document_publishes: 2_922,
            page_size: 50,
            sku_chunk: 50,
            catalog_page_size: 250,
            batch_size: 10,
        };
        let bound = inputs.bound();
        assert_eq!(bound.get_pages, 1, "an empty list still takes one call");
        assert_eq!(bound.get_templates, 2 + 1);
        assert_eq!(bound.get_products, 20 + 1);
        assert_eq!(bound.post_pages, 400);
        assert_eq!(bound.put_pages, 1);
        assert_eq!(bound.total(), 1 + 3 + 21 + 2 + 400 + 1 + 8 + 2_922);
    }
}
