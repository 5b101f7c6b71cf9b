//! Channels (`/channels`): listing, creating and updating them, and reading the site a
//! channel is served at.

use crate::client::StoreClient;
use crate::error::ClientError;
use crate::pagination::MaxItems;
use crate::query::Query;
use crate::retry::Repeat;
use crate::transport::Call;
use pageport_model::{Channel, ChannelCreate, ChannelId, ChannelUpdate, Site};
use reqwest::Method;

/// The channels path.
const CHANNELS_PATH: &str = "/channels";

impl StoreClient {
    /// Every channel of the store, walking all pagination pages.
    pub async fn list_channels(&self) -> Result<Vec<Channel>, ClientError> {
        self.list_all(
            CHANNELS_PATH,
            &Query::new(),
            self.inner.page_size,
            MaxItems::CHANNELS,
        )
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

    /// Updates a channel partially (`PUT /channels/{id}`): only the fields set in `update`
    /// change. Answers the channel as it is now; a PUT is harmless to repeat.
    pub async fn update_channel(
        &self,
        channel: ChannelId,
        update: &ChannelUpdate,
    ) -> Result<Channel, ClientError> {
        let call = Call::with_json(
            Method::PUT,
            format!("{CHANNELS_PATH}/{channel}"),
            Query::new(),
            update,
            Repeat::Safe,
        )?;
        self.fetch(&call).await
    }

    /// The site channel `channel` is served at, or `None` when it has none. The API documents
    /// no answer for a channel without a site; the sandbox answers 404, as for a missing
    /// object, and so is read here.
    // ASSUMPTION: a channel without a site answers 404 (the Channels API reference is silent).
    pub async fn channel_site(&self, channel: ChannelId) -> Result<Option<Site>, ClientError> {
        let path = format!("{CHANNELS_PATH}/{channel}/site");
        self.fetch_optional(&Call::get(path, Query::new())).await
    }
}
