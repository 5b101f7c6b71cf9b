//! Page widgets (`/content/page-widgets`): reading one page's regions and publishing them.

use crate::client::StoreClient;
use crate::error::ClientError;
use crate::query::Query;
use crate::retry::Repeat;
use crate::transport::Call;
use pageport_model::{ChannelId, PageWidgets, PageWidgetsKey, PageWidgetsPublish};
use reqwest::Method;
use std::collections::BTreeMap;
use tokio::task::JoinSet;

/// The page-widgets path.
const PAGE_WIDGETS_PATH: &str = "/content/page-widgets";

/// The query that addresses one page-widget document: `channel_id` always (CONTRACT §10 #4),
/// `template_file` and `entity_id` (a string) when set.
fn key_query(key: &PageWidgetsKey) -> Query {
    let mut query = Query::new();
    query
        .push("channel_id", key.channel_id)
        .push_opt("template_file", key.template_file.as_ref())
        .push_opt("entity_id", key.entity_id.as_ref());
    query
}

impl StoreClient {
    /// The regions of one page-widget document (empty when the page has no content).
    pub async fn get_page_widgets(&self, key: &PageWidgetsKey) -> Result<PageWidgets, ClientError> {
        self.fetch(&Call::get(PAGE_WIDGETS_PATH, key_query(key)))
            .await
    }

    /// The documents at `keys`, read at most `concurrency` at a time (each request paced under
    /// the store's quota like any other); stops at the first error.
    pub async fn get_many_page_widgets(
        &self,
        keys: &[PageWidgetsKey],
        concurrency: usize,
    ) -> Result<BTreeMap<PageWidgetsKey, PageWidgets>, ClientError> {
        let mut documents = BTreeMap::new();
        let mut pending = keys.iter().cloned();
        let mut running: JoinSet<Result<(PageWidgetsKey, PageWidgets), ClientError>> =
            JoinSet::new();
        loop {
            while running.len() < concurrency.max(1) {
                let Some(key) = pending.next() else { break };
                let client = self.clone();
                running.spawn(async move {
                    let content = client.get_page_widgets(&key).await?;
                    Ok((key, content))
                });
            }
            let Some(joined) = running.join_next().await else {
                break;
            };
            match joined {
                Ok(Ok((key, content))) => {
                    documents.insert(key, content);
                }
                Ok(Err(error)) => {
                    running.abort_all();
                    return Err(error);
                }
                Err(join_error) if join_error.is_panic() => {
                    running.abort_all();
                    // A panicking read is a bug; surface it rather than go on with partial data.
                    std::panic::resume_unwind(join_error.into_panic());
                }
                Err(_cancelled) => {}
            }
        }
        Ok(documents)
    }

    /// Publishes one page-widget document, **replacing** everything the page held. A missing
    /// `channel_id` is sent as 1, the API's default, so the request is explicit. Any 2xx is
    /// success (the docs disagree between 201 and 204, CONTRACT §10 #5). The publish is a full
    /// replace, so it is retried like a PUT.
    pub async fn publish_page_widgets(
        &self,
        document: &PageWidgetsPublish,
    ) -> Result<(), ClientError> {
        let mut body = document.clone();
        body.channel_id.get_or_insert(ChannelId::DEFAULT);
        let call = Call::with_json(
            Method::POST,
            PAGE_WIDGETS_PATH,
            Query::new(),
            &body,
            Repeat::Safe,
        )?;
        self.execute(&call).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pageport_model::{EntityId, TemplateFile};

    #[test]
    fn the_key_always_names_the_channel() {
        assert_eq!(
            key_query(&PageWidgetsKey::global(ChannelId(3))).encoded(),
            "channel_id=3"
        );
        let key = PageWidgetsKey {
            channel_id: ChannelId(1),
            template_file: Some(TemplateFile::from("pages/page")),
            entity_id: Some(EntityId::from("5")),
        };
        assert_eq!(
            key_query(&key).encoded(),
            "channel_id=1&template_file=pages%2Fpage&entity_id=5"
        );
    }
}
