//! Where a widget template's own schema says its widgets hold ids.
//!
//! A template's `schema` (opaque JSON in the bundle) declares the settings Page Builder shows;
//! each setting's `id` is the key its value has in the widget's `configuration`. Settings of
//! type `productId` (and `productImage`, whose value is a product image URL) hold product ids,
//! `array` settings hold a list whose elements follow the nested schema (`slides[].product`),
//! and a hidden `graphQl` setting says which configuration values are sent to
//! `storefront_api_query_params` under which variable names. [`TemplateSchemas`] holds, per
//! source template, the [`IdPath`]s derived from that; the remapper rewrites those first and
//! uses `mappings.fields` only for what no schema path covers.
//!
//! - [`settings`] walks the schema (`tab` → `sections[]` → `settings[]`, `array`, `hidden`)
//! - [`graphql`] reads the template's `storefront_api_query` to learn what its variables hold
//!
//! Schemas are read liberally: unknown item and setting types are ignored; a schema whose
//! shape is wrong gives no paths and a [`SchemaProblem`] (the template falls back to field
//! names), never a panic.

pub mod graphql;
pub mod settings;

use crate::entity::EntityKind;
use pageport_model::{WidgetTemplate, WidgetTemplateUuid};
use serde::{Deserialize, Serialize};
use settings::SettingsWalk;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// Which object of a widget an [`IdPath`] starts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WidgetRoot {
    /// The widget's `configuration` (the settings' values).
    Configuration,
    /// The widget's `storefront_api_query_params` (the GraphQL variables).
    QueryParams,
}

/// One step of an [`IdPath`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PathStep {
    /// The value under this key of an object.
    Key(String),
    /// Every element of an array.
    Each,
}

/// How the id is held at an [`IdPath`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdShape {
    /// The id itself: a number, a digit string (`"77"`, `"77,80"`), or a list of them.
    Id,
    /// A product image (`{"src": "…/products/<id>/images/<image>/…", "type": "PRODUCT_IMAGE"}`):
    /// the product id inside the URL.
    ProductImage,
}

/// A place in a widget that the template's schema says holds an id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct IdPath {
    /// The object the path starts in.
    pub root: WidgetRoot,
    /// The keys and array steps from the root to the value.
    pub steps: Vec<PathStep>,
    /// What the id names.
    pub kind: EntityKind,
    /// How the value holds it.
    pub shape: IdShape,
}

impl fmt::Display for IdPath {
    /// `configuration.slides[].product`, `storefront_api_query_params.featuredProductId`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.root {
            WidgetRoot::Configuration => "configuration",
            WidgetRoot::QueryParams => "storefront_api_query_params",
        })?;
        for step in &self.steps {
            match step {
                PathStep::Key(key) => write!(f, ".{key}")?,
                PathStep::Each => f.write_str("[]")?,
            }
        }
        Ok(())
    }
}

/// The id paths one template's schema declares.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateIdSchema {
    /// Every declared id path, sorted, without duplicates.
    pub paths: Vec<IdPath>,
}

impl TemplateIdSchema {
    /// The paths that start in `root`.
    pub fn paths_in(&self, root: WidgetRoot) -> impl Iterator<Item = &IdPath> {
        self.paths.iter().filter(move |p| p.root == root)
    }
}

/// The id schemas of the source templates, by source uuid. A template without a schema (or
/// with a malformed one) is absent: its widgets are remapped by field names only.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TemplateSchemas {
    by_template: BTreeMap<WidgetTemplateUuid, TemplateIdSchema>,
}

impl TemplateSchemas {
    /// Derives the id schema of every template, with the problems found in their schemas.
    pub fn from_templates<'a>(
        templates: impl IntoIterator<Item = &'a WidgetTemplate>,
    ) -> (Self, Vec<SchemaProblem>) {
        let mut schemas = Self::default();
        let mut problems = Vec::new();
        for template in templates {
            let (schema, found) = template_id_schema(template);
            problems.extend(found);
            if let Some(schema) = schema
                && !schema.paths.is_empty()
            {
                schemas.by_template.insert(template.uuid.clone(), schema);
            }
        }
        (schemas, problems)
    }

    /// The id schema of the source template `uuid`, if it declares any id.
    pub fn get(&self, uuid: &WidgetTemplateUuid) -> Option<&TemplateIdSchema> {
        self.by_template.get(uuid)
    }

    /// True when no template declares an id.
    pub fn is_empty(&self) -> bool {
        self.by_template.is_empty()
    }
}

/// Something wrong with a template's schema or query; the template falls back to field names
/// (wholly for a malformed schema, for the one parameter otherwise).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchemaProblem {
    /// The template's uuid in the source store.
    pub template_uuid: WidgetTemplateUuid,
    /// The template's name.
    pub template_name: String,
    /// Where in the template: `schema[1].sections[0]`, `storefront_api_query`.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

/// The id schema of one template (`None` when it has no usable schema) and its problems.
pub fn template_id_schema(
    template: &WidgetTemplate,
) -> (Option<TemplateIdSchema>, Vec<SchemaProblem>) {
    let problem = |path: String, message: String| SchemaProblem {
        template_uuid: template.uuid.clone(),
        template_name: template.name.clone(),
        path,
        message,
    };
    let Some(schema) = &template.schema else {
        return (None, Vec::new());
    };
    let walk = match SettingsWalk::of(schema) {
        Ok(walk) => walk,
        Err(malformed) => {
            return (None, vec![problem(malformed.path, malformed.message)]);
        }
    };
    let mut problems = Vec::new();
    let mut paths = BTreeSet::new();
    for setting in &walk.settings {
        if let Some((kind, shape)) = typed_kind(&setting.setting_type) {
            paths.insert(IdPath {
                root: WidgetRoot::Configuration,
                steps: setting.steps.clone(),
                kind,
                shape,
            });
        }
    }

    let query = template
        .storefront_api_query
        .as_deref()
        .filter(|q| !q.trim().is_empty());
    let variables = match query.map(graphql::variable_kinds) {
        None => BTreeMap::new(),
        Some(Ok(found)) => found,
        Some(Err(error)) => {
            problems.push(problem(
                "storefront_api_query".to_owned(),
                format!("the GraphQL query does not parse: {error}"),
            ));
            BTreeMap::new()
        }
    };
    // Every variable the query uses as an id is a parameter holding that id.
    for (variable, kinds) in &variables {
        if let Some(kind) = single(kinds) {
            paths.insert(query_param(variable, kind));
        }
    }
    for mapping in &walk.mappings {
        let Some(setting) = walk.setting_at(&mapping.reads) else {
            problems.push(problem(
                mapping.at.clone(),
                format!(
                    "`reads: {}` of parameter `{}` names no setting of the schema",
                    mapping.reads_text, mapping.param
                ),
            ));
            continue;
        };
        let kind = match typed_kind(&setting.setting_type) {
            Some((kind, _)) => Some(kind),
            None => variables.get(&mapping.param).and_then(single),
        };
        let Some(kind) = kind else { continue };
        paths.insert(query_param(&mapping.param, kind));
        // An untyped setting the query uses as an id holds that id in the configuration too.
        if typed_kind(&setting.setting_type).is_none() {
            paths.insert(IdPath {
                root: WidgetRoot::Configuration,
                steps: setting.steps.clone(),
                kind,
                shape: IdShape::Id,
            });
        }
    }
    problems.extend(
        walk.problems
            .into_iter()
            .map(|p| problem(p.path, p.message)),
    );
    (
        Some(TemplateIdSchema {
            paths: paths.into_iter().collect(),
        }),
        problems,
    )
}

/// The kind and shape of a setting type that holds an id by its type alone.
fn typed_kind(setting_type: &str) -> Option<(EntityKind, IdShape)> {
    match setting_type {
        "productId" => Some((EntityKind::Product, IdShape::Id)),
        // The docs show a productImage value as `{"src": <CDN URL of a product image>, "type":
        // "PRODUCT_IMAGE"}`, looked up through `typeMeta.reference` (a productId setting).
        "productImage" => Some((EntityKind::Product, IdShape::ProductImage)),
        _ => None,
    }
}

fn query_param(name: &str, kind: EntityKind) -> IdPath {
    IdPath {
        root: WidgetRoot::QueryParams,
        steps: vec![PathStep::Key(name.to_owned())],
        kind,
        shape: IdShape::Id,
    }
}

/// The one kind of a set, when it has exactly one.
fn single(kinds: &BTreeSet<EntityKind>) -> Option<EntityKind> {
    let mut iter = kinds.iter();
    match (iter.next(), iter.next()) {
        (Some(kind), None) => Some(*kind),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
