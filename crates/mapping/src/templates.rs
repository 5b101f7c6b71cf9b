//! Resolving source widget templates to target ones: the explicit table first; templates
//! BigCommerce provides (see [`is_provided`]) by uuid, which is the same in every store, then by
//! name, and never created; custom templates by their exact name in the target channel, a
//! missing one becoming a template to create (when the plan says `create_missing`) or a
//! problem; an ambiguous name is always a problem. Each matched pair is then compared: a
//! target whose definition differs from the source's is *drifted* ([`TemplateDrift`]); the
//! planner applies `on_drift` to it.

use crate::plan_file::{TemplateMatch, TemplateRules};
use crate::tables::IdMap;
use pageport_model::escape::quote;
use pageport_model::{ChannelId, WidgetTemplate, WidgetTemplateUuid};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use thiserror::Error;

/// The `kind` of merchant (API-created) templates; BigCommerce's own templates have others.
pub const CUSTOM_KIND: &str = "custom";

/// True for a template BigCommerce provides: a `kind` other than `custom`, or channel 0
/// (CONTRACT §7.1). Such a template exists in every store under the same uuid; the API cannot
/// create it.
pub fn is_provided(template: &WidgetTemplate) -> bool {
    template.kind.as_deref().is_some_and(|k| k != CUSTOM_KIND)
        || template.channel_id == Some(ChannelId(0))
}

/// One part of a template's definition that a drift compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TemplateField {
    /// The Page Builder settings `schema` (compared as JSON: key order does not matter).
    Schema,
    /// The Handlebars `template` text.
    Template,
    /// The `storefront_api_query` GraphQL text (absent and `""` are the same).
    StorefrontApiQuery,
}

impl fmt::Display for TemplateField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TemplateField::Schema => "schema",
            TemplateField::Template => "template",
            TemplateField::StorefrontApiQuery => "storefront_api_query",
        })
    }
}

/// A source template whose matched target template has another definition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TemplateDrift {
    /// The source template (its definition is what the target should hold).
    pub source: WidgetTemplate,
    /// The target template as read.
    pub target: WidgetTemplate,
    /// What differs, in field order.
    pub fields: Vec<TemplateField>,
}

/// The parts of the definition in which `target` differs from `source`.
pub fn definition_changes(source: &WidgetTemplate, target: &WidgetTemplate) -> Vec<TemplateField> {
    let schema = |t: &WidgetTemplate| match &t.schema {
        None | Some(serde_json::Value::Null) => serde_json::Value::Array(Vec::new()),
        Some(schema) => schema.clone(),
    };
    let query = |t: &WidgetTemplate| t.storefront_api_query.clone().unwrap_or_default();
    let mut fields = Vec::new();
    // serde_json's map equality ignores key order, so this compares the JSON, not its text.
    if schema(source) != schema(target) {
        fields.push(TemplateField::Schema);
    }
    if source.template != target.template {
        fields.push(TemplateField::Template);
    }
    if query(source) != query(target) {
        fields.push(TemplateField::StorefrontApiQuery);
    }
    fields
}

/// How every source widget template maps to the target channel.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TemplateResolution {
    /// Source uuid → target uuid, for templates the target already has (and explicit entries).
    pub mapped: BTreeMap<WidgetTemplateUuid, WidgetTemplateUuid>,
    /// Source templates the target lacks, to create at apply time, in source uuid order.
    pub to_create: Vec<WidgetTemplate>,
    /// Templates that cannot be resolved; each is an error.
    pub problems: Vec<TemplateProblem>,
    /// Mapped custom templates whose target definition differs, in source uuid order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub drifted: Vec<TemplateDrift>,
}

/// Why a source widget template has no target.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum TemplateProblem {
    /// No target template has the name, and the plan does not create missing templates.
    #[error(
        "widget template {} ({}) does not exist in the target channel; set `create_missing: true` or map it in `explicit`",
        quote(name),
        quote(source_uuid.as_str())
    )]
    NotInTarget {
        /// The source template's uuid.
        source_uuid: WidgetTemplateUuid,
        /// The name looked for.
        name: String,
    },
    /// The plan matches templates only explicitly, and this one has no entry.
    #[error(
        "widget template {} ({}) has no entry in `mappings.widget_templates.explicit`",
        quote(name),
        quote(source_uuid.as_str())
    )]
    NoExplicitEntry {
        /// The source template's uuid.
        source_uuid: WidgetTemplateUuid,
        /// Its name.
        name: String,
    },
    /// Several target templates have the name, so none can be chosen.
    #[error(
        "widget template name {} ({}) matches {} target templates; map it in `explicit`",
        quote(name),
        quote(source_uuid.as_str()),
        candidates.len()
    )]
    AmbiguousName {
        /// The source template's uuid.
        source_uuid: WidgetTemplateUuid,
        /// The name.
        name: String,
        /// The target templates with that name, in uuid order.
        candidates: Vec<WidgetTemplateUuid>,
    },
    /// A template BigCommerce provides is missing from the target: it cannot be created.
    #[error(
        "widget template {} ({}) is provided by BigCommerce, and the target has no template with its uuid or name; it cannot be created, so the content that uses it cannot be migrated to this store",
        quote(name),
        quote(source_uuid.as_str())
    )]
    ProvidedNotInTarget {
        /// The source template's uuid.
        source_uuid: WidgetTemplateUuid,
        /// Its name.
        name: String,
    },
    /// An explicit entry points at a uuid the target channel does not have.
    #[error(
        "`explicit` maps {} to {}, which the target channel does not have",
        quote(source_uuid.as_str()),
        quote(target_uuid.as_str())
    )]
    ExplicitTargetMissing {
        /// The source uuid.
        source_uuid: WidgetTemplateUuid,
        /// The target uuid the plan names.
        target_uuid: WidgetTemplateUuid,
    },
}

impl TemplateResolution {
    /// Records the uuid apply gave a template it created from `source`.
    pub fn record_created(&mut self, source: &WidgetTemplateUuid, target: WidgetTemplateUuid) {
        self.mapped.insert(source.clone(), target);
    }

    /// The table a remap reads: mapped templates, and templates to create as pending.
    pub fn table(&self) -> IdMap<WidgetTemplateUuid> {
        let mut table: IdMap<WidgetTemplateUuid> = self
            .mapped
            .iter()
            .map(|(s, t)| (s.clone(), t.clone()))
            .collect();
        for template in &self.to_create {
            table.mark_pending(template.uuid.clone());
        }
        table
    }
}

/// Resolves every `source` template against the `target` channel's templates under `rules`.
pub fn resolve_widget_templates(
    source: &[WidgetTemplate],
    target: &[WidgetTemplate],
    rules: &TemplateRules,
) -> TemplateResolution {
    let mut by_name: BTreeMap<&str, Vec<&WidgetTemplateUuid>> = BTreeMap::new();
    for template in target {
        by_name
            .entry(&template.name)
            .or_default()
            .push(&template.uuid);
    }
    let mut resolution = TemplateResolution {
        mapped: rules.explicit.clone(),
        ..TemplateResolution::default()
    };
    for (source_uuid, target_uuid) in &rules.explicit {
        if !target.iter().any(|t| t.uuid == *target_uuid) {
            resolution
                .problems
                .push(TemplateProblem::ExplicitTargetMissing {
                    source_uuid: source_uuid.clone(),
                    target_uuid: target_uuid.clone(),
                });
        }
    }
    let mut sources: Vec<&WidgetTemplate> = source.iter().collect();
    sources.sort_by(|a, b| a.uuid.cmp(&b.uuid));
    sources.dedup_by(|a, b| a.uuid == b.uuid);
    for template in &sources {
        if rules.explicit.contains_key(&template.uuid) {
            continue;
        }
        let source_uuid = template.uuid.clone();
        let name = template.name.clone();
        if is_provided(template) {
            // The same uuid in every store; a name is the fallback for a store that gave it
            // another uuid. Never created, whatever `create_missing` says.
            if target.iter().any(|t| t.uuid == template.uuid) {
                resolution.mapped.insert(source_uuid.clone(), source_uuid);
                continue;
            }
        }
        if rules.match_by == TemplateMatch::Explicit && !is_provided(template) {
            let problem = TemplateProblem::NoExplicitEntry { source_uuid, name };
            resolution.problems.push(problem);
            continue;
        }
        match by_name.get(template.name.as_str()).map(Vec::as_slice) {
            Some([only]) if rules.match_by == TemplateMatch::Name => {
                resolution.mapped.insert(source_uuid, (*only).clone());
            }
            Some(many) if many.len() > 1 && rules.match_by == TemplateMatch::Name => {
                let mut candidates: Vec<WidgetTemplateUuid> =
                    many.iter().map(|u| (*u).clone()).collect();
                candidates.sort();
                resolution.problems.push(TemplateProblem::AmbiguousName {
                    source_uuid,
                    name,
                    candidates,
                });
            }
            _ if is_provided(template) => resolution
                .problems
                .push(TemplateProblem::ProvidedNotInTarget { source_uuid, name }),
            _ if rules.create_missing => resolution.to_create.push((*template).clone()),
            _ => resolution
                .problems
                .push(TemplateProblem::NotInTarget { source_uuid, name }),
        }
    }
    resolution.drifted = drifted(&sources, target, &resolution.mapped);
    tracing::debug!(
        mapped = resolution.mapped.len(),
        to_create = resolution.to_create.len(),
        problems = resolution.problems.len(),
        drifted = resolution.drifted.len(),
        "widget templates resolved"
    );
    resolution
}

/// The mapped source templates whose target has another definition. Templates BigCommerce
/// provides are left out on either side.
///
/// ASSUMPTION (CONTRACT §7.1 names no write rules for them): BigCommerce's own templates are
/// BigCommerce's to change, not the merchant's, so a difference in one is not carried.
fn drifted(
    sources: &[&WidgetTemplate],
    target: &[WidgetTemplate],
    mapped: &BTreeMap<WidgetTemplateUuid, WidgetTemplateUuid>,
) -> Vec<TemplateDrift> {
    sources
        .iter()
        .filter(|source| !is_provided(source))
        .filter_map(|source| {
            let target_uuid = mapped.get(&source.uuid)?;
            let found = target.iter().find(|t| t.uuid == *target_uuid)?;
            if is_provided(found) {
                return None;
            }
            let fields = definition_changes(source, found);
            (!fields.is_empty()).then(|| TemplateDrift {
                source: (*source).clone(),
                target: found.clone(),
                fields,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::Lookup;

    const S1: &str = "11111111-1111-4111-8111-111111111111";
    const S2: &str = "22222222-2222-4222-8222-222222222222";
    const T1: &str = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
    const T2: &str = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb";

    fn template(uuid: &str, name: &str) -> WidgetTemplate {
        serde_json::from_value(serde_json::json!({"uuid": uuid, "name": name, "template": "<p/>"}))
            .unwrap_or_else(|e| panic!("test template: {e}"))
    }

    fn rules(create_missing: bool) -> TemplateRules {
        TemplateRules {
            create_missing,
            ..TemplateRules::default()
        }
    }

    fn uuid(value: &str) -> WidgetTemplateUuid {
        WidgetTemplateUuid::from(value)
    }

    #[test]
    fn explicit_entries_come_first() {
        let mut rules = rules(false);
        rules.explicit.insert(uuid(S1), uuid(T2));
        let source = [template(S1, "Hero")];
        let target = [template(T1, "Hero"), template(T2, "Other")];
        let resolution = resolve_widget_templates(&source, &target, &rules);
        assert_eq!(resolution.mapped.get(&uuid(S1)), Some(&uuid(T2)));
        assert!(resolution.problems.is_empty());
    }

    #[test]
    fn explicit_target_absent_from_the_target_channel_is_a_problem() {
        let mut rules = rules(false);
        rules.explicit.insert(uuid(S1), uuid(T2));
        let resolution = resolve_widget_templates(&[template(S1, "Hero")], &[], &rules);
        assert!(matches!(
            resolution.problems.as_slice(),
            [TemplateProblem::ExplicitTargetMissing { .. }]
        ));
    }

    #[test]
    fn matches_by_exact_name() {
        let source = [template(S1, "Hero"), template(S2, "hero")];
        let target = [template(T1, "Hero")];
        let resolution = resolve_widget_templates(&source, &target, &rules(false));
        assert_eq!(resolution.mapped.get(&uuid(S1)), Some(&uuid(T1)));
        assert_eq!(resolution.mapped.get(&uuid(S2)), None);
        assert_eq!(
            resolution.problems,
            vec![TemplateProblem::NotInTarget {
                source_uuid: uuid(S2),
                name: "hero".to_owned()
            }]
        );
    }

    #[test]
    fn missing_templates_are_created_when_allowed_and_pending_until_then() {
        let source = [template(S1, "Hero")];
        let mut resolution = resolve_widget_templates(&source, &[], &rules(true));
        assert!(resolution.problems.is_empty());
        assert_eq!(resolution.to_create.len(), 1);
        assert_eq!(resolution.table().lookup(&uuid(S1)), Lookup::Pending);

        resolution.record_created(&uuid(S1), uuid(T1));
        assert_eq!(
            resolution.table().lookup(&uuid(S1)),
            Lookup::Mapped(&uuid(T1))
        );
    }

    #[test]
    fn an_ambiguous_name_is_a_problem_even_with_create_missing() {
        let source = [template(S1, "Hero")];
        let target = [template(T2, "Hero"), template(T1, "Hero")];
        let resolution = resolve_widget_templates(&source, &target, &rules(true));
        assert!(resolution.mapped.is_empty());
        assert!(resolution.to_create.is_empty());
        assert_eq!(
            resolution.problems,
            vec![TemplateProblem::AmbiguousName {
                source_uuid: uuid(S1),
                name: "Hero".to_owned(),
                candidates: vec![uuid(T1), uuid(T2)],
            }]
        );
    }

    #[test]
    fn explicit_only_matching_ignores_names() {
        let rules = TemplateRules {
            match_by: TemplateMatch::Explicit,
            ..TemplateRules::default()
        };
        let resolution =
            resolve_widget_templates(&[template(S1, "Hero")], &[template(T1, "Hero")], &rules);
        assert!(resolution.mapped.is_empty());
        assert!(matches!(
            resolution.problems.as_slice(),
            [TemplateProblem::NoExplicitEntry { .. }]
        ));
    }

    fn provided(uuid: &str, name: &str) -> WidgetTemplate {
        let mut t = template(uuid, name);
        t.kind = Some("pp-cartpage-fullbanner".into());
        t.channel_id = Some(ChannelId(0));
        t
    }

    fn defined(uuid: &str, name: &str, text: &str, schema: serde_json::Value) -> WidgetTemplate {
        let mut t = template(uuid, name);
        t.template = text.into();
        t.schema = Some(schema);
        t.kind = Some("custom".into());
        t.channel_id = Some(ChannelId(1));
        t
    }

    #[test]
    fn provided_templates_match_by_uuid_then_by_name_and_are_never_created() {
        let source = [provided(S1, "PayPal Banner"), provided(S2, "Other Banner")];
        // S1 exists under its own uuid (another name even); S2 only by name.
        let target = [provided(S1, "Renamed"), provided(T2, "Other Banner")];
        let resolution = resolve_widget_templates(&source, &target, &rules(true));
        assert_eq!(resolution.mapped.get(&uuid(S1)), Some(&uuid(S1)));
        assert_eq!(resolution.mapped.get(&uuid(S2)), Some(&uuid(T2)));
        assert!(resolution.problems.is_empty());

        let missing = resolve_widget_templates(&source[..1], &[], &rules(true));
        assert!(missing.to_create.is_empty(), "never created");
        assert_eq!(
            missing.problems,
            vec![TemplateProblem::ProvidedNotInTarget {
                source_uuid: uuid(S1),
                name: "PayPal Banner".to_owned()
            }]
        );
        assert!(
            missing.problems[0]
                .to_string()
                .contains("cannot be created")
        );
    }

    #[test]
    fn a_template_is_provided_by_kind_or_by_channel_0() {
        assert!(is_provided(&provided(S1, "x")));
        let mut custom = defined(S1, "x", "", serde_json::json!([]));
        assert!(!is_provided(&custom));
        custom.channel_id = Some(ChannelId(0));
        assert!(is_provided(&custom));
        assert!(!is_provided(&template(S1, "legacy bundle without kind")));
    }

    #[test]
    fn drift_compares_schema_as_json_and_texts_exactly() {
        let schema = serde_json::json!([{"type": "tab", "label": "A", "sections": []}]);
        let reordered: serde_json::Value =
            serde_json::from_str(r#"[{"sections": [], "label": "A", "type": "tab"}]"#).unwrap();
        let source = defined(S1, "Hero", "<h1>{{title}}</h1>", schema.clone());
        let same = defined(T1, "Hero", "<h1>{{title}}</h1>", reordered);
        assert!(definition_changes(&source, &same).is_empty(), "key order");

        let mut older = defined(T1, "Hero", "<h1>{{ title }}</h1>", schema.clone());
        older.storefront_api_query = Some("query { site { id } }".into());
        assert_eq!(
            definition_changes(&source, &older),
            [TemplateField::Template, TemplateField::StorefrontApiQuery]
        );
        let mut empty_query = same.clone();
        empty_query.storefront_api_query = Some(String::new());
        empty_query.schema = Some(serde_json::json!([{"type": "tab"}]));
        assert_eq!(
            definition_changes(&source, &empty_query),
            [TemplateField::Schema],
            "an absent query and \"\" are the same"
        );
        let mut no_schema = source.clone();
        no_schema.schema = None;
        let mut empty_schema = source.clone();
        empty_schema.schema = Some(serde_json::json!([]));
        assert!(definition_changes(&no_schema, &empty_schema).is_empty());
    }

    #[test]
    fn matched_custom_templates_with_another_definition_are_drifted() {
        let schema = serde_json::json!([]);
        let source = [
            defined(S1, "Hero", "<h1>new</h1>", schema.clone()),
            defined(S2, "Text", "<p/>", schema.clone()),
        ];
        let target = [
            defined(T1, "Hero", "<h1>old</h1>", schema.clone()),
            defined(T2, "Text", "<p/>", schema.clone()),
        ];
        let resolution = resolve_widget_templates(&source, &target, &rules(false));
        assert_eq!(resolution.drifted.len(), 1);
        let drift = &resolution.drifted[0];
        assert_eq!(drift.source.uuid, uuid(S1));
        assert_eq!(drift.target.uuid, uuid(T1));
        assert_eq!(drift.fields, [TemplateField::Template]);
        assert_eq!(drift.target.template, "<h1>old</h1>");

        // Explicit entries are compared too.
        let mut explicit = rules(false);
        explicit.explicit.insert(uuid(S2), uuid(T1));
        let resolution = resolve_widget_templates(&source[1..], &target, &explicit);
        assert_eq!(resolution.drifted.len(), 1);
        assert_eq!(resolution.drifted[0].target.uuid, uuid(T1));
    }

    #[test]
    fn provided_templates_are_never_drifted() {
        let mut source = provided(S1, "PayPal Banner");
        source.template = "<p>new</p>".into();
        let target = [provided(S1, "PayPal Banner")];
        let resolution = resolve_widget_templates(&[source], &target, &rules(false));
        assert_eq!(resolution.mapped.get(&uuid(S1)), Some(&uuid(S1)));
        assert!(resolution.drifted.is_empty());
    }
}
