//! Pages V3 (`/content/pages`): listing with every filter, reading one page, bulk updates and
//! bulk deletes. Bulk creates, which need reconciliation, are in `pages_create`.

use crate::body::decode;
use crate::bulk::{BulkItem, BulkOutcome, Recorder, batches, stops_the_call};
use crate::client::StoreClient;
use crate::error::{ClientError, ClientErrorKind};
use crate::pagination::MaxItems;
use crate::query::{IN_FILTER_CHUNK, Query};
use crate::retry::Repeat;
use crate::transport::Call;
use pageport_model::{ChannelId, Envelope, OneOrMany, Page, PageId};
use reqwest::Method;

/// The Pages V3 collection path.
pub(crate) const PAGES_PATH: &str = "/content/pages";

/// Filters of [`StoreClient::list_pages`]; every set filter must match.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageQuery {
    /// Only pages of this channel (all channels when `None`).
    pub channel_id: Option<ChannelId>,
    /// Only these ids (`Some(vec![])` matches nothing; sent in chunks so URLs stay short).
    pub ids: Option<Vec<PageId>>,
    /// Only pages with exactly this name.
    pub name: Option<String>,
    /// Only pages whose name or body contains this text.
    pub name_like: Option<String>,
    /// Include each page's `body`.
    pub include_body: bool,
}

impl PageQuery {
    /// The query parameters other than ids and pagination.
    fn base_query(&self) -> Query {
        let mut query = Query::new();
        query
            .push_opt("channel_id", self.channel_id)
            .push_opt("name", self.name.as_deref())
            .push_opt("name:like", self.name_like.as_deref());
        if self.include_body {
            query.push("include", "body");
        }
        query
    }
}

/// How a bulk item of a page is named in results.
pub(crate) fn page_item(page: &Page) -> BulkItem {
    match page.id {
        Some(id) => BulkItem::PageId(id),
        None => BulkItem::PageName {
            channel_id: ChannelId::or_default(page.channel_id),
            name: page.name.clone(),
        },
    }
}

impl StoreClient {
    /// Every page matching the query, walking all pagination pages.
    pub async fn list_pages(&self, query: &PageQuery) -> Result<Vec<Page>, ClientError> {
        let base = query.base_query();
        let page_size = self.inner.page_size;
        let Some(ids) = &query.ids else {
            return self
                .list_all(PAGES_PATH, &base, page_size, MaxItems::PAGES)
                .await;
        };
        let mut pages = Vec::new();
        for chunk in ids.chunks(IN_FILTER_CHUNK) {
            let mut chunked = base.clone();
            chunked.push_list("id:in", chunk);
            pages.extend(
                self.list_all::<Page>(
                    PAGES_PATH,
                    &chunked,
                    page_size,
                    MaxItems::PAGES.ids(chunk.len()),
                )
                .await?,
            );
        }
        Ok(pages)
    }

    /// One page by id; `None` when the store has no such page.
    pub async fn get_page(
        &self,
        id: PageId,
        include_body: bool,
    ) -> Result<Option<Page>, ClientError> {
        let mut query = Query::new();
        if include_body {
            query.push("include", "body");
        }
        let call = Call::get(format!("{PAGES_PATH}/{id}"), query);
        // `data` is an object since 2023-08 and a list before (CONTRACT §10 #6).
        let data: Option<OneOrMany<Page>> = self.fetch_optional(&call).await?;
        Ok(data.and_then(|data| data.into_vec().into_iter().next()))
    }

    /// Updates pages (each must carry its `id`) in batches, returning each stored page with
    /// its body. A batch the store rejects is retried page by page (an update is safe to
    /// repeat), so each failure carries its own page's error.
    pub async fn update_pages(&self, pages: &[Page]) -> BulkOutcome<Page> {
        let item_of = |index: usize| page_item(&pages[index]);
        let mut record = Recorder::new();
        let mut with_id = Vec::new();
        for (index, page) in pages.iter().enumerate() {
            if page.id.is_some() {
                with_id.push(index);
            } else {
                let error = ClientError::from(ClientErrorKind::PageWithoutId {
                    index,
                    name: page.name.clone(),
                });
                record.fail(index, item_of(index), error);
            }
        }
        for range in batches(with_id.len(), self.batch_size()) {
            let indices = &with_id[range];
            if record.skip_if_stopped(indices, item_of) {
                continue;
            }
            match self.put_pages(pages, indices).await {
                Ok(stored) => record_updates(&mut record, pages, indices, stored),
                Err(error) if stops_the_call(&error) => record.stop(indices, item_of, error),
                Err(error) if indices.len() == 1 => {
                    record.fail(indices[0], item_of(indices[0]), error)
                }
                Err(_) => {
                    for &index in indices {
                        match self.put_pages(pages, &[index]).await {
                            Ok(stored) => record_updates(&mut record, pages, &[index], stored),
                            Err(error) if stops_the_call(&error) => {
                                record.stop(indices, item_of, error);
                                break;
                            }
                            Err(error) => record.fail(index, item_of(index), error),
                        }
                    }
                }
            }
        }
        record.finish()
    }

    /// One bulk PUT of the given pages.
    async fn put_pages(&self, pages: &[Page], indices: &[usize]) -> Result<Vec<Page>, ClientError> {
        let mut query = Query::new();
        query.push("include", "body");
        let call = if let [index] = indices {
            Call::with_json(Method::PUT, PAGES_PATH, query, &pages[*index], Repeat::Safe)?
        } else {
            let batch: Vec<&Page> = indices.iter().map(|&i| &pages[i]).collect();
            Call::with_json(Method::PUT, PAGES_PATH, query, &batch, Repeat::Safe)?
        };
        let data: OneOrMany<Page> = self.fetch(&call).await?;
        Ok(data.into_vec())
    }

    /// Deletes pages by id in batches. With `delete_children`, their descendants go too;
    /// without, direct children move to the top level, hidden (CONTRACT §5.2).
    ///
    /// A delete is idempotent: a page that is already absent counts as deleted, with a warning
    /// (BigCommerce answers 404 for the whole batch yet deletes the pages that existed).
    pub async fn delete_pages(&self, ids: &[PageId], delete_children: bool) -> BulkOutcome<PageId> {
        let item_of = |index: usize| BulkItem::PageId(ids[index]);
        let mut record = Recorder::new();
        for range in batches(ids.len(), self.batch_size()) {
            let indices: Vec<usize> = range.collect();
            if record.skip_if_stopped(&indices, item_of) {
                continue;
            }
            if let Err(error) = self
                .delete_batch(ids, &indices, delete_children, &mut record)
                .await
            {
                record.stop(&indices, item_of, error);
            }
        }
        record.finish()
    }

    /// Deletes one batch, settling a 404 by re-reading and other item errors page by page.
    async fn delete_batch(
        &self,
        ids: &[PageId],
        indices: &[usize],
        delete_children: bool,
        record: &mut Recorder<PageId>,
    ) -> Result<(), ClientError> {
        match self.delete_ids(ids, indices, delete_children).await {
            Ok(()) => {
                for &index in indices {
                    record.succeed(index, ids[index]);
                }
                Ok(())
            }
            Err(error) if stops_the_call(&error) => Err(error),
            Err(error) if error.is_not_found() => {
                let asked: Vec<PageId> = indices.iter().map(|&i| ids[i]).collect();
                let remaining = self
                    .list_pages(&PageQuery {
                        ids: Some(asked.clone()),
                        ..PageQuery::default()
                    })
                    .await?;
                let still_there: Vec<PageId> = remaining.iter().filter_map(|p| p.id).collect();
                let absent: Vec<String> = asked
                    .iter()
                    .filter(|id| !still_there.contains(id))
                    .map(ToString::to_string)
                    .collect();
                record.warn(format!(
                    "deleting pages {} answered 404 ({}): pages already absent count as deleted",
                    absent.join(", "),
                    error.api_body().map(|b| b.summary()).unwrap_or_default()
                ));
                for &index in indices {
                    if still_there.contains(&ids[index]) {
                        record.fail(index, BulkItem::PageId(ids[index]), error.clone());
                    } else {
                        record.succeed(index, ids[index]);
                    }
                }
                Ok(())
            }
            Err(error) if indices.len() == 1 => {
                record.fail(indices[0], BulkItem::PageId(ids[indices[0]]), error);
                Ok(())
            }
            Err(_) => {
                for &index in indices {
                    Box::pin(self.delete_batch(ids, &[index], delete_children, record)).await?;
                }
                Ok(())
            }
        }
    }

    /// One bulk DELETE.
    async fn delete_ids(
        &self,
        ids: &[PageId],
        indices: &[usize],
        delete_children: bool,
    ) -> Result<(), ClientError> {
        let mut query = Query::new();
        query
            .push_list("id:in", indices.iter().map(|&i| ids[i]))
            .push("delete_children", delete_children);
        self.execute(&Call::delete(PAGES_PATH, query)).await?;
        Ok(())
    }
}

/// Records the pages a PUT answered with, matched to the input by id.
fn record_updates(
    record: &mut Recorder<Page>,
    pages: &[Page],
    indices: &[usize],
    stored: Vec<Page>,
) {
    for &index in indices {
        let id = pages[index].id;
        match stored
            .iter()
            .find(|page| page.id.is_some() && page.id == id)
        {
            Some(page) => record.succeed(index, page.clone()),
            None => record.fail(
                index,
                page_item(&pages[index]),
                ClientError::of_request(
                    Method::PUT,
                    PAGES_PATH,
                    ClientErrorKind::Protocol {
                        reason: format!(
                            "the answer does not include the updated {}",
                            page_item(&pages[index])
                        ),
                    },
                ),
            ),
        }
    }
}

/// Decodes a pages POST/PUT answer's `data`, one page or many.
pub(crate) fn decode_pages(
    call: &Call,
    answer: &crate::transport::Answer,
) -> Result<Vec<Page>, ClientError> {
    decode::<Envelope<OneOrMany<Page>>>(call, answer).map(|envelope| envelope.data.into_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_carries_every_filter() {
        let query = PageQuery {
            channel_id: Some(ChannelId(2)),
            ids: None,
            name: Some("About us".into()),
            name_like: Some("ship".into()),
            include_body: true,
        };
        assert_eq!(
            query.base_query().encoded(),
            "channel_id=2&name=About%20us&name:like=ship&include=body"
        );
        assert_eq!(PageQuery::default().base_query().encoded(), "");
    }
}
