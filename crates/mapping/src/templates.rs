//! Resolving source widget templates to target ones: the explicit table first, then the exact
//! name in the target channel; a missing name becomes a template to create (when the plan says
//! `create_missing`) or a problem, an ambiguous name is always a problem.

use crate::plan_file::{TemplateMatch, TemplateRules};
use crate::tables::IdMap;
use pageport_model::escape::quote;
use pageport_model::{WidgetTemplate, WidgetTemplateUuid};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use thiserror::Error;

/// How every source widget template maps to the target channel.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TemplateResolution {
    /// Source uuid → target uuid, for templates the target already has (and explicit entries).
    pub mapped: BTreeMap<WidgetTemplateUuid, WidgetTemplateUuid>,
    /// Source templates the target lacks, to create at apply time, in source uuid order.
    pub to_create: Vec<WidgetTemplate>,
    /// Templates that cannot be resolved; each is an error.
    pub problems: Vec<TemplateProblem>,
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
    for template in sources {
        if rules.explicit.contains_key(&template.uuid) {
            continue;
        }
        let source_uuid = template.uuid.clone();
        let name = template.name.clone();
        if rules.match_by == TemplateMatch::Explicit {
            let problem = TemplateProblem::NoExplicitEntry { source_uuid, name };
            resolution.problems.push(problem);
            continue;
        }
        match by_name.get(template.name.as_str()).map(Vec::as_slice) {
            Some([only]) => {
                resolution.mapped.insert(source_uuid, (*only).clone());
            }
            Some(many) if many.len() > 1 => {
                let mut candidates: Vec<WidgetTemplateUuid> =
                    many.iter().map(|u| (*u).clone()).collect();
                candidates.sort();
                resolution.problems.push(TemplateProblem::AmbiguousName {
                    source_uuid,
                    name,
                    candidates,
                });
            }
            _ if rules.create_missing => resolution.to_create.push(template.clone()),
            _ => resolution
                .problems
                .push(TemplateProblem::NotInTarget { source_uuid, name }),
        }
    }
    tracing::debug!(
        mapped = resolution.mapped.len(),
        to_create = resolution.to_create.len(),
        problems = resolution.problems.len(),
        "widget templates resolved"
    );
    resolution
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
}
