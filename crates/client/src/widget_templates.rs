//! Widget templates (`/content/widget-templates`): list per channel, read, create, update,
//! delete.

use crate::client::StoreClient;
use crate::error::ClientError;
use crate::pagination::MaxItems;
use crate::query::{Query, encode_segment};
use crate::retry::Repeat;
use crate::transport::Call;
use pageport_model::{
    ChannelId, WidgetTemplate, WidgetTemplateCreate, WidgetTemplateUpdate, WidgetTemplateUuid,
};
use reqwest::Method;

/// The widget-templates path.
const WIDGET_TEMPLATES_PATH: &str = "/content/widget-templates";

fn template_path(uuid: &WidgetTemplateUuid) -> String {
    format!("{WIDGET_TEMPLATES_PATH}/{}", encode_segment(uuid.as_str()))
}

impl StoreClient {
    /// Every widget template of a channel (`channel_id:in`), walking all pagination pages.
    pub async fn list_widget_templates(
        &self,
        channel_id: ChannelId,
    ) -> Result<Vec<WidgetTemplate>, ClientError> {
        let mut query = Query::new();
        query.push_list("channel_id:in", [channel_id]);
        self.list_all(
            WIDGET_TEMPLATES_PATH,
            &query,
            self.inner.page_size,
            MaxItems::WIDGET_TEMPLATES,
        )
        .await
    }

    /// One widget template; `None` when the store has no such uuid.
    pub async fn get_widget_template(
        &self,
        uuid: &WidgetTemplateUuid,
    ) -> Result<Option<WidgetTemplate>, ClientError> {
        self.fetch_optional(&Call::get(template_path(uuid), Query::new()))
            .await
    }

    /// One widget template as it was at version `version_uuid` (`GET …/{uuid}?version_uuid=`);
    /// `None` when the store has no such template or version.
    pub async fn get_widget_template_version(
        &self,
        uuid: &WidgetTemplateUuid,
        version_uuid: &str,
    ) -> Result<Option<WidgetTemplate>, ClientError> {
        let mut query = Query::new();
        query.push("version_uuid", version_uuid);
        self.fetch_optional(&Call::get(template_path(uuid), query))
            .await
    }

    /// Creates a widget template. Never repeated after a lost answer: that gives
    /// [`ClientErrorKind::OutcomeUnknown`](crate::ClientErrorKind::OutcomeUnknown), and the caller looks the template up by name.
    pub async fn create_widget_template(
        &self,
        template: &WidgetTemplateCreate,
    ) -> Result<WidgetTemplate, ClientError> {
        let call = Call::with_json(
            Method::POST,
            WIDGET_TEMPLATES_PATH,
            Query::new(),
            template,
            Repeat::Unsafe,
        )?;
        self.fetch(&call).await
    }

    /// Updates a widget template. With `create_new_version`, a repeat would add a second
    /// version, so the request is then treated like a create.
    pub async fn update_widget_template(
        &self,
        uuid: &WidgetTemplateUuid,
        update: &WidgetTemplateUpdate,
    ) -> Result<WidgetTemplate, ClientError> {
        let repeat = if update.create_new_version == Some(true) {
            Repeat::Unsafe
        } else {
            Repeat::Safe
        };
        let call = Call::with_json(
            Method::PUT,
            template_path(uuid),
            Query::new(),
            update,
            repeat,
        )?;
        self.fetch(&call).await
    }

    /// Deletes a widget template: `true` when deleted, `false` when it was already absent
    /// (possibly deleted by an earlier attempt whose answer was lost).
    pub async fn delete_widget_template(
        &self,
        uuid: &WidgetTemplateUuid,
    ) -> Result<bool, ClientError> {
        match self
            .execute(&Call::delete(template_path(uuid), Query::new()))
            .await
        {
            Ok(_) => Ok(true),
            Err(error) if error.is_not_found() => Ok(false),
            Err(error) => Err(error),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_cannot_escape_their_path() {
        assert_eq!(
            template_path(&WidgetTemplateUuid::from("../../channels")),
            "/content/widget-templates/..%2F..%2Fchannels"
        );
    }
}
