//! Channels (`/channels`): listing and creating.

use crate::client::StoreClient;
use crate::error::ClientError;
use crate::query::Query;
use crate::retry::Repeat;
use crate::transport::Call;
use pageport_model::{Channel, ChannelCreate};
use reqwest::Method;

/// The channels path.
const CHANNELS_PATH: &str = "/channels";

impl StoreClient {
    /// Every channel of the store, walking all pagination pages.
    pub async fn list_channels(&self) -> Result<Vec<Channel>, ClientError> {
        self.list_all(CHANNELS_PATH, &Query::new(), self.inner.page_size)
            .await
    }

    /// Creates a channel. Never repeated after a lost answer ([`ClientErrorKind::OutcomeUnknown`](crate::ClientErrorKind::OutcomeUnknown)).
    pub async fn create_channel(&self, channel: &ChannelCreate) -> Result<Channel, ClientError> {
        let call = Call::with_json(
            Method::POST,
            CHANNELS_PATH,
            Query::new(),
            channel,
            Repeat::Unsafe,
        )?;
        self.fetch(&call).await
    }
}
