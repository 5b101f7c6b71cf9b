//! Walking every pagination page of a list: driven by `meta.pagination.current_page <
//! total_pages` (CONTRACT §2), never by `links`, whose shape varies between API families.

use crate::body::decode;
use crate::client::StoreClient;
use crate::error::{ClientError, ClientErrorKind};
use crate::query::Query;
use crate::transport::Call;
use pageport_model::Envelope;
use serde::de::DeserializeOwned;

/// A bound on pages walked, so a store that never stops paginating cannot loop forever.
const MAX_PAGES: u64 = 100_000;

impl StoreClient {
    /// Every item of a list endpoint, asking `limit` items per request.
    pub(crate) async fn list_all<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &Query,
        limit: u32,
    ) -> Result<Vec<T>, ClientError> {
        let mut items = Vec::new();
        let mut page: u64 = 1;
        loop {
            let mut paged = query.clone();
            paged.push("limit", limit).push("page", page);
            let call = Call::get(path, paged);
            let answer = self.execute(&call).await?;
            let envelope: Envelope<Vec<T>> = decode(&call, &answer)?;
            let received = envelope.data.len();
            items.extend(envelope.data);
            let Some(pagination) = envelope.meta.pagination else {
                return Ok(items);
            };
            if !pagination.has_next() {
                return Ok(items);
            }
            let protocol = |reason: String| call.error(ClientErrorKind::Protocol { reason });
            if pagination.current_page != page {
                return Err(protocol(format!(
                    "asked for page {page}, got page {}",
                    pagination.current_page
                )));
            }
            if received == 0 {
                return Err(protocol(format!(
                    "page {page} of {} is empty",
                    pagination.total_pages
                )));
            }
            if page >= MAX_PAGES {
                return Err(protocol(format!("more than {MAX_PAGES} pages")));
            }
            page += 1;
        }
    }
}
