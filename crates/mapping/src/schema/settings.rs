//! Walking a Page Builder schema: `tab` → `sections[]` → `settings[]`, `array` items (their
//! `id` is the list's key, their nested `schema` applies to each element) and `hidden` items,
//! collecting every setting with the configuration path of its value, and the `graphQl`
//! settings' `typeMeta.mappings`.

use super::PathStep;
use crate::rewrite_log::{field_path, index_path};
use serde_json::{Map, Value};

/// How deep `array` items may nest before the schema counts as malformed.
const MAX_ARRAY_DEPTH: usize = 16;

/// A setting and where its value lives in a widget's `configuration`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting {
    /// The path of the value: `[slides, each, product]` for `product` inside array `slides`.
    pub steps: Vec<PathStep>,
    /// The setting's `type` (`productId`, `input`, …; `array` for an array item; `""` if none).
    pub setting_type: String,
}

/// One `typeMeta.mappings` entry of a `graphQl` setting: a query parameter and what it reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphQlMapping {
    /// The parameter (the GraphQL variable and `storefront_api_query_params` key).
    pub param: String,
    /// The configuration path it reads (`slides.*.product` → `[slides, each, product]`).
    pub reads: Vec<PathStep>,
    /// `reads` as written.
    pub reads_text: String,
    /// Where the entry is in the schema.
    pub at: String,
}

/// A problem that does not stop the walk (the rest of the schema is still used).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkProblem {
    /// Where in the template.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

/// A schema whose shape is wrong: none of it is used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed {
    /// Where in the template.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

/// Everything one walk over a schema found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SettingsWalk {
    /// Every setting with an `id`, in schema order.
    pub settings: Vec<Setting>,
    /// Every `graphQl` mapping entry, in schema order.
    pub mappings: Vec<GraphQlMapping>,
    /// Problems that leave the rest usable.
    pub problems: Vec<WalkProblem>,
}

impl SettingsWalk {
    /// Walks a template's `schema`.
    pub fn of(schema: &Value) -> Result<Self, Malformed> {
        let mut walk = Self::default();
        walk.items(schema, "schema", &[], 0)?;
        Ok(walk)
    }

    /// The setting whose value is at `steps`.
    pub fn setting_at(&self, steps: &[PathStep]) -> Option<&Setting> {
        self.settings.iter().find(|s| s.steps == steps)
    }

    fn items(
        &mut self,
        value: &Value,
        path: &str,
        prefix: &[PathStep],
        depth: usize,
    ) -> Result<(), Malformed> {
        if depth > MAX_ARRAY_DEPTH {
            return Err(malformed(
                path,
                format!("`array` items nest more than {MAX_ARRAY_DEPTH} deep"),
            ));
        }
        let Value::Array(items) = value else {
            return Err(malformed(path, "is not an array".to_owned()));
        };
        for (index, item) in items.iter().enumerate() {
            let item_path = index_path(path, index);
            let object = as_object(item, &item_path)?;
            match object.get("type").and_then(Value::as_str) {
                // A tab without `sections` (or a hidden item without `settings`) holds nothing.
                Some("tab") if object.contains_key("sections") => {
                    let sections_path = field_path(&item_path, "sections");
                    let sections = array_field(object, "sections", &item_path)?;
                    for (section_index, section) in sections.iter().enumerate() {
                        let section_path = index_path(&sections_path, section_index);
                        let section = as_object(section, &section_path)?;
                        if section.contains_key("settings") {
                            self.settings(section, &section_path, prefix)?;
                        }
                    }
                }
                Some("hidden") if object.contains_key("settings") => {
                    self.settings(object, &item_path, prefix)?;
                }
                Some("array") => {
                    let id = string_id(object, &item_path)?;
                    let mut steps = prefix.to_vec();
                    steps.push(PathStep::Key(id.to_owned()));
                    self.settings.push(Setting {
                        steps: steps.clone(),
                        setting_type: "array".to_owned(),
                    });
                    steps.push(PathStep::Each);
                    let nested = object.get("schema").ok_or_else(|| {
                        malformed(&item_path, "`array` item has no `schema`".to_owned())
                    })?;
                    self.items(nested, &field_path(&item_path, "schema"), &steps, depth + 1)?;
                }
                // Unknown item types are left alone: the schema may grow new ones.
                _ => {}
            }
        }
        Ok(())
    }

    fn settings(
        &mut self,
        holder: &Map<String, Value>,
        holder_path: &str,
        prefix: &[PathStep],
    ) -> Result<(), Malformed> {
        let settings_path = field_path(holder_path, "settings");
        let settings = array_field(holder, "settings", holder_path)?;
        for (index, setting) in settings.iter().enumerate() {
            let path = index_path(&settings_path, index);
            let setting = as_object(setting, &path)?;
            let setting_type = setting.get("type").and_then(Value::as_str).unwrap_or("");
            if setting_type == "graphQl" {
                self.graphql_mappings(setting, &path);
                continue;
            }
            let Some(id) = setting.get("id").and_then(Value::as_str) else {
                if matches!(setting_type, "productId" | "productImage") {
                    return Err(malformed(
                        &path,
                        format!("`{setting_type}` setting has no string `id`"),
                    ));
                }
                continue;
            };
            let mut steps = prefix.to_vec();
            steps.push(PathStep::Key(id.to_owned()));
            self.settings.push(Setting {
                steps,
                setting_type: setting_type.to_owned(),
            });
        }
        Ok(())
    }

    /// Reads `typeMeta.mappings`. `reads` paths are relative to the configuration root.
    // ASSUMPTION: BigCommerce documents `reads` only with a top-level setting id; a `graphQl`
    // setting inside an `array` item's schema is read the same way (from the root), and `*`
    // stands for every element of an array, as the issue's `slides.*.product` example does.
    fn graphql_mappings(&mut self, setting: &Map<String, Value>, path: &str) {
        let mappings_path = field_path(&field_path(path, "typeMeta"), "mappings");
        let Some(mappings) = setting.get("typeMeta").and_then(|m| m.get("mappings")) else {
            return;
        };
        let Value::Object(mappings) = mappings else {
            self.problem(
                &mappings_path,
                "`typeMeta.mappings` is not an object".to_owned(),
            );
            return;
        };
        for (param, entry) in mappings {
            let at = field_path(&mappings_path, param);
            let Some(reads_text) = entry.get("reads").and_then(Value::as_str) else {
                self.problem(&at, format!("parameter `{param}` has no string `reads`"));
                continue;
            };
            let reads: Vec<PathStep> = reads_text
                .split('.')
                .map(|part| match part {
                    "*" => PathStep::Each,
                    key => PathStep::Key(key.to_owned()),
                })
                .collect();
            if reads_text.split('.').any(str::is_empty) {
                self.problem(&at, format!("`reads: {reads_text}` has an empty segment"));
                continue;
            }
            self.mappings.push(GraphQlMapping {
                param: param.clone(),
                reads,
                reads_text: reads_text.to_owned(),
                at,
            });
        }
    }

    fn problem(&mut self, path: &str, message: String) {
        self.problems.push(WalkProblem {
            path: path.to_owned(),
            message,
        });
    }
}

fn malformed(path: &str, message: String) -> Malformed {
    Malformed {
        path: path.to_owned(),
        message,
    }
}

fn as_object<'a>(value: &'a Value, path: &str) -> Result<&'a Map<String, Value>, Malformed> {
    value
        .as_object()
        .ok_or_else(|| malformed(path, "is not an object".to_owned()))
}

fn array_field<'a>(
    object: &'a Map<String, Value>,
    key: &str,
    path: &str,
) -> Result<&'a Vec<Value>, Malformed> {
    object
        .get(key)
        .and_then(Value::as_array)
        .ok_or_else(|| malformed(path, format!("`{key}` is not an array")))
}

fn string_id<'a>(object: &'a Map<String, Value>, path: &str) -> Result<&'a str, Malformed> {
    object
        .get("id")
        .and_then(Value::as_str)
        .filter(|id| !id.is_empty())
        .ok_or_else(|| malformed(path, "`array` item has no string `id`".to_owned()))
}
