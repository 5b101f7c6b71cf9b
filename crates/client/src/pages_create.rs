//! Bulk page creation with reconciliation (CONTRACT §5.2).
//!
//! BigCommerce answers a bulk create with 422 when any entry is invalid, *while still creating
//! the valid ones*, without saying which; a lost answer (timeout, dropped connection, 5xx) leaves
//! the same doubt. In both cases the batch's pages are re-read by channel + name: those found are
//! recorded as created, the others are created one by one, so each failure carries its own
//! error message and nothing is created twice. A 207 counts as success with a warning, and the
//! pages are re-read to learn what was stored.
//!
//! ASSUMPTION: a page found by channel + name (and type) after such a doubt was created by this
//! call. Callers only create pages whose name is free in their channel (the planner matches
//! existing pages by channel + name first), so this holds unless someone else creates the same
//! page at the same moment.

use crate::bulk::{BulkItem, BulkOutcome, Recorder, batches};
use crate::client::StoreClient;
use crate::error::{ClientError, ClientErrorKind};
use crate::pages::{PAGES_PATH, PageQuery, decode_pages, page_item};
use crate::query::Query;
use crate::retry::Repeat;
use crate::transport::{Answer, Call};
use pageport_model::{ChannelId, CreatedPageKey, Page, PageId};
use reqwest::Method;
use std::collections::BTreeSet;

impl StoreClient {
    /// Creates pages in batches, returning each created page (with its new id and body) by its
    /// position in the input. See the module docs for how partial failures are settled.
    pub async fn create_pages(&self, pages: &[Page]) -> BulkOutcome<Page> {
        let mut run = CreateRun {
            client: self,
            pages,
            record: Recorder::new(),
            claimed: BTreeSet::new(),
            uncertain: BTreeSet::new(),
        };
        let item_of = |index: usize| page_item(&pages[index]);
        for range in batches(pages.len(), self.batch_size()) {
            let indices: Vec<usize> = range.collect();
            if run.record.skip_if_stopped(&indices, item_of) {
                continue;
            }
            if let Err(error) = run.create_batch(&indices).await {
                run.stop(&indices, error);
            }
        }
        run.record.finish()
    }
}

/// The state of one `create_pages` call.
struct CreateRun<'a> {
    client: &'a StoreClient,
    pages: &'a [Page],
    record: Recorder<Page>,
    /// Ids already attributed to an input, so one stored page is never claimed twice.
    claimed: BTreeSet<PageId>,
    /// Inputs sent in a request whose outcome was in doubt at some point.
    uncertain: BTreeSet<usize>,
}

impl CreateRun<'_> {
    /// Creates one batch. An `Err` dooms the rest of the call.
    async fn create_batch(&mut self, indices: &[usize]) -> Result<(), ClientError> {
        let call = match self.post_call(indices) {
            Ok(call) => call,
            Err(error) => {
                self.fail_all(indices, &error);
                return Ok(());
            }
        };
        match self.client.execute(&call).await {
            Ok(answer) => self.accept(&call, &answer, indices).await,
            Err(error) if error.is_outcome_unknown() => {
                tracing::warn!(store = %self.client.store_hash(), %error, "page create outcome unknown; re-reading the batch by name");
                self.uncertain.extend(indices);
                let missing = self.reconcile(indices).await?;
                self.create_each(&missing).await
            }
            Err(error) if error.is_item_error() && indices.len() == 1 => {
                self.record.fail(indices[0], self.item(indices[0]), error);
                Ok(())
            }
            Err(error) if error.is_item_error() => {
                // The valid entries were created anyway; find them before creating the rest.
                tracing::info!(store = %self.client.store_hash(), %error, "bulk page create rejected; re-reading the batch by name");
                self.uncertain.extend(indices);
                let missing = self.reconcile(indices).await?;
                self.create_each(&missing).await
            }
            Err(error) => Err(error),
        }
    }

    /// Creates pages one request each, settling doubts by re-reading.
    async fn create_each(&mut self, indices: &[usize]) -> Result<(), ClientError> {
        for &index in indices {
            if !self.record.is_resolved(index) {
                self.create_one(index).await?;
            }
        }
        Ok(())
    }

    /// Creates one page; a lost answer is settled by re-reading, then retried while attempts
    /// remain.
    async fn create_one(&mut self, index: usize) -> Result<(), ClientError> {
        let mut attempts: u32 = 0;
        loop {
            let call = match self.post_call(&[index]) {
                Ok(call) => call,
                Err(error) => {
                    self.record.fail(index, self.item(index), error);
                    return Ok(());
                }
            };
            match self.client.execute(&call).await {
                Ok(answer) => return self.accept(&call, &answer, &[index]).await,
                Err(error) if error.is_outcome_unknown() => {
                    self.uncertain.insert(index);
                    attempts += 1;
                    if self.reconcile(&[index]).await?.is_empty() {
                        return Ok(());
                    }
                    if attempts > self.client.pacing().max_retries {
                        self.record.fail(index, self.item(index), error);
                        return Ok(());
                    }
                }
                Err(error) if error.is_item_error() => {
                    // After a doubt, "name already used" may mean an earlier attempt landed.
                    if self.uncertain.contains(&index) && self.reconcile(&[index]).await?.is_empty()
                    {
                        return Ok(());
                    }
                    self.record.fail(index, self.item(index), error);
                    return Ok(());
                }
                Err(error) => return Err(error),
            }
        }
    }

    /// Records a 2xx answer to a POST of `indices`.
    async fn accept(
        &mut self,
        call: &Call,
        answer: &Answer,
        indices: &[usize],
    ) -> Result<(), ClientError> {
        if answer.status == 207 {
            let names: Vec<String> = indices.iter().map(|&i| self.item(i).to_string()).collect();
            self.record.warn(format!(
                "the store answered 207 (partial success) creating {}; the pages were re-read",
                names.join(", ")
            ));
            let missing = self.reconcile(indices).await?;
            let error = self.client.status_error(call, answer.status, &answer.body);
            self.fail_all(&missing, &error);
            return Ok(());
        }
        match decode_pages(call, answer) {
            Ok(created) => {
                let unmatched = self.take_created(indices, created);
                if !unmatched.is_empty() {
                    let missing = self.reconcile(&unmatched).await?;
                    let error = call.error(ClientErrorKind::Protocol {
                        reason: "the store answered success but the page cannot be found".into(),
                    });
                    self.fail_all(&missing, &error);
                }
            }
            Err(error) => {
                // Created, but the answer is unreadable: learn the ids by re-reading.
                let missing = self.reconcile(indices).await?;
                self.fail_all(&missing, &error);
            }
        }
        Ok(())
    }

    /// Matches the pages a 201 returned to the inputs (by position when the answer mirrors the
    /// request, else by channel + name); returns the inputs left unmatched.
    fn take_created(&mut self, indices: &[usize], created: Vec<Page>) -> Vec<usize> {
        let mirrors = created.len() == indices.len()
            && indices
                .iter()
                .zip(&created)
                .all(|(&index, page)| same_page(&self.pages[index], page));
        let mut unmatched = Vec::new();
        if mirrors {
            for (&index, page) in indices.iter().zip(created) {
                self.claim(index, page);
            }
            return unmatched;
        }
        let mut created = created;
        for &index in indices {
            let found = created.iter().position(|page| {
                same_page(&self.pages[index], page)
                    && page.id.is_some_and(|id| !self.claimed.contains(&id))
            });
            match found {
                Some(position) => {
                    let page = created.remove(position);
                    self.claim(index, page);
                }
                None => unmatched.push(index),
            }
        }
        unmatched
    }

    /// Re-reads each input by channel + name; records those found as created and returns the
    /// others.
    async fn reconcile(&mut self, indices: &[usize]) -> Result<Vec<usize>, ClientError> {
        let mut missing = Vec::new();
        for &index in indices {
            if self.record.is_resolved(index) {
                continue;
            }
            let wanted = &self.pages[index];
            let stored = self
                .client
                .list_pages(&PageQuery {
                    channel_id: Some(channel_of(wanted)),
                    name: Some(wanted.name.clone()),
                    include_body: true,
                    ..PageQuery::default()
                })
                .await?;
            let found = stored.into_iter().find(|page| {
                same_page(wanted, page) && page.id.is_some_and(|id| !self.claimed.contains(&id))
            });
            match found {
                Some(page) => self.claim(index, page),
                None => missing.push(index),
            }
        }
        Ok(missing)
    }

    /// Records `page` as the creation of input `index`.
    fn claim(&mut self, index: usize, page: Page) {
        if let Some(id) = page.id {
            self.claimed.insert(id);
        }
        self.record.succeed(index, page);
    }

    /// Fails every unresolved input of a doomed batch: with the error that stopped the call, or,
    /// for inputs whose creation was in doubt, as outcome unknown.
    fn stop(&mut self, indices: &[usize], error: ClientError) {
        for &index in indices {
            if self.uncertain.contains(&index) {
                let unknown = ClientError::of_request(
                    Method::POST,
                    PAGES_PATH,
                    ClientErrorKind::OutcomeUnknown {
                        source: error.clone(),
                    },
                );
                self.record.fail(index, self.item(index), unknown);
            }
        }
        let pages = self.pages;
        self.record
            .stop(indices, |index| page_item(&pages[index]), error);
    }

    fn fail_all(&mut self, indices: &[usize], error: &ClientError) {
        for &index in indices {
            self.record.fail(index, self.item(index), error.clone());
        }
    }

    fn item(&self, index: usize) -> BulkItem {
        page_item(&self.pages[index])
    }

    /// `POST /content/pages?include=body` with one input as an object, or several as an array
    /// (a lone entry's error then reads as its own, not as `pages[0]`).
    fn post_call(&self, indices: &[usize]) -> Result<Call, ClientError> {
        let mut query = Query::new();
        query.push("include", "body");
        if let [index] = indices {
            let page = &self.pages[*index];
            return Call::with_json(Method::POST, PAGES_PATH, query, page, Repeat::Unsafe);
        }
        let batch: Vec<&Page> = indices.iter().map(|&i| &self.pages[i]).collect();
        Call::with_json(Method::POST, PAGES_PATH, query, &batch, Repeat::Unsafe)
    }
}

/// The channel a page is created in (the API's default is 1).
fn channel_of(page: &Page) -> ChannelId {
    ChannelId::or_default(page.channel_id)
}

/// True when `stored` is the page `wanted` asked for ([`CreatedPageKey`]'s rule).
fn same_page(wanted: &Page, stored: &Page) -> bool {
    CreatedPageKey::of(wanted).matches(stored)
}

#[cfg(test)]
mod tests {
    use super::*;
    use pageport_model::PageType;

    #[test]
    fn a_stored_page_matches_by_channel_name_and_type() {
        let wanted = Page::new("About", PageType::Page);
        let mut stored = Page::new("About", PageType::Page);
        stored.id = Some(PageId(9));
        stored.channel_id = Some(ChannelId(1));
        assert!(same_page(&wanted, &stored), "channel defaults to 1");
        stored.channel_id = Some(ChannelId(2));
        assert!(!same_page(&wanted, &stored));
        let raw = Page::new("About", PageType::Raw);
        assert!(!same_page(&raw, &Page::new("About", PageType::Page)));
        assert!(!same_page(&wanted, &Page::new("about", PageType::Page)));
    }
}
