//! Widget template versions ([W] `updateWidgetTemplate` `create_new_version`, `getWidgetTemplate`
//! `version_uuid`; [G-W] versioning): a PUT with `create_new_version: true` keeps the version it
//! replaces (its uuid and definition) and mints a new `current_version_uuid`; a GET with
//! `version_uuid` answers that version's definition.

use crate::state::StoreState;
use pageport_model::WidgetTemplate;
use serde::{Deserialize, Serialize};

/// One earlier version of a widget template: its uuid and the definition it had.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TemplateVersion {
    /// The version's uuid (the template's `current_version_uuid` while it was current).
    pub version_uuid: String,
    /// The template's name in that version.
    pub name: String,
    /// The schema in that version.
    pub schema: Option<serde_json::Value>,
    /// The Handlebars template in that version.
    pub template: String,
    /// The GraphQL query in that version.
    pub storefront_api_query: Option<String>,
    /// When that version was last modified.
    pub date_modified: Option<serde_json::Value>,
}

impl TemplateVersion {
    /// The version `template` is at now.
    pub(super) fn of(template: &WidgetTemplate) -> Option<Self> {
        Some(Self {
            version_uuid: template.current_version_uuid.clone()?,
            name: template.name.clone(),
            schema: template.schema.clone(),
            template: template.template.clone(),
            storefront_api_query: template.storefront_api_query.clone(),
            date_modified: template.extra.get("date_modified").cloned(),
        })
    }

    /// `current` as it was in this version.
    ///
    /// ASSUMPTION ([W] documents only that `version_uuid` "fetches a specific widget template
    /// version", answered as a `WidgetTemplate`): the answer is the template with that
    /// version's name, schema, template, query and modification date, and its
    /// `current_version_uuid` names the version answered, so a reader can tell which version
    /// the definition belongs to.
    pub(super) fn applied_to(&self, current: &WidgetTemplate) -> WidgetTemplate {
        let mut template = current.clone();
        template.name = self.name.clone();
        template.schema = self.schema.clone();
        template.template = self.template.clone();
        template.storefront_api_query = self.storefront_api_query.clone();
        template.current_version_uuid = Some(self.version_uuid.clone());
        if let Some(date) = &self.date_modified {
            template.extra.insert("date_modified".into(), date.clone());
        }
        template
    }
}

/// Keeps the version the template `key` is at as an earlier version (before a PUT with
/// `create_new_version: true` changes it).
pub(super) fn keep_current(store: &mut StoreState, key: &str) {
    let Some(version) = store
        .widget_templates
        .get(key)
        .and_then(TemplateVersion::of)
    else {
        return;
    };
    store
        .widget_template_versions
        .entry(key.to_owned())
        .or_default()
        .push(version);
}

/// The template `key` at version `version` (lowercase): the template itself when it is the
/// current one, an earlier version when the store kept it; `None` for an unknown version.
pub(super) fn at_version(store: &StoreState, key: &str, version: &str) -> Option<WidgetTemplate> {
    let current = store.widget_templates.get(key)?;
    if current
        .current_version_uuid
        .as_deref()
        .is_some_and(|v| v.eq_ignore_ascii_case(version))
    {
        return Some(current.clone());
    }
    store
        .widget_template_versions
        .get(key)?
        .iter()
        .find(|v| v.version_uuid.eq_ignore_ascii_case(version))
        .map(|v| v.applied_to(current))
}
