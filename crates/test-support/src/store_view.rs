//! Views of a sandbox store for comparing runs: exact content (a restore must put back every
//! field) and a normalised view where store-assigned ids and minted uuids are replaced by names
//! (two sandboxes, or a killed and resumed run, assign them differently; names do not differ).

use pageport_model::PageWidgetsKey;
use pageport_sandbox::state::StoreState;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};

/// The store's pages, documents and widget templates exactly as held (ids included, id
/// counters left out), except each template's `current_version_uuid` and `date_modified`:
/// putting a definition back (`restore`) makes it a new version, so only the definition can
/// come back as it was.
pub fn content(state: &StoreState) -> Value {
    let templates: BTreeMap<&String, Value> = state
        .widget_templates
        .iter()
        .map(|(uuid, template)| {
            let mut value = serde_json::to_value(template).expect("a template serializes");
            if let Some(object) = value.as_object_mut() {
                object.remove("current_version_uuid");
                object.remove("date_modified");
            }
            (uuid, value)
        })
        .collect();
    json!({
        "pages": state.pages,
        "documents": state
            .page_widgets
            .iter()
            .map(|(key, regions)| (key.to_string(), regions))
            .collect::<BTreeMap<_, _>>(),
        "widget_templates": templates,
    })
}

/// The store's pages, documents and templates with ids replaced by names: pages by name with
/// their parent's name, documents of pages keyed by the page's name, template uuids by the
/// template's name.
pub fn normalized(state: &StoreState) -> Value {
    let page_names = page_names(state);
    let template_names: BTreeMap<String, String> = state
        .widget_templates
        .iter()
        .map(|(uuid, t)| (uuid.clone(), t.name.clone()))
        .collect();
    let mut pages = BTreeMap::new();
    for page in state.pages.values() {
        let mut value = serde_json::to_value(page).expect("a page serializes");
        let object = value.as_object_mut().expect("a page is an object");
        object.remove("id");
        let parent = page.parent().map(|p| page_names.get(&p.get()).cloned());
        object.insert("parent_id".into(), json!(parent));
        pages.insert(
            format!(
                "channel {} {}",
                page.channel_id.map_or(1, |c| c.get()),
                page.name
            ),
            value,
        );
    }
    let mut documents = BTreeMap::new();
    for (key, regions) in &state.page_widgets {
        let mut value = serde_json::to_value(regions).expect("regions serialize");
        rename_uuids(&mut value, &template_names);
        documents.insert(document_name(key, &page_names), value);
    }
    let templates: BTreeSet<String> = state
        .widget_templates
        .values()
        .map(|t| format!("channel {} {}", t.channel_id.map_or(0, |c| c.get()), t.name))
        .collect();
    json!({"pages": pages, "documents": documents, "templates": templates})
}

/// Page names by page id.
fn page_names(state: &StoreState) -> BTreeMap<u64, String> {
    state
        .pages
        .iter()
        .map(|(id, page)| (id.get(), page.name.clone()))
        .collect()
}

/// A document's key with a page id replaced by the page's name.
fn document_name(key: &PageWidgetsKey, page_names: &BTreeMap<u64, String>) -> String {
    let is_page = key
        .template_file
        .as_ref()
        .is_some_and(|f| f.as_str() == "pages/page");
    match (&key.entity_id, is_page) {
        (Some(entity), true) => {
            let name = entity
                .as_str()
                .parse::<u64>()
                .ok()
                .and_then(|id| page_names.get(&id).cloned())
                .unwrap_or_else(|| format!("missing page {entity}"));
            format!("channel {} pages/page of {name}", key.channel_id)
        }
        _ => key.to_string(),
    }
}

/// Replaces every `widget_template_uuid` value by `template <name>`.
fn rename_uuids(value: &mut Value, names: &BTreeMap<String, String>) {
    match value {
        Value::Object(map) => {
            for (field, inner) in map.iter_mut() {
                match (field.as_str(), inner.as_str()) {
                    ("widget_template_uuid", Some(uuid)) => {
                        let name = names.get(uuid).cloned().unwrap_or_else(|| uuid.to_owned());
                        *inner = Value::String(format!("template {name}"));
                    }
                    _ => rename_uuids(inner, names),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rename_uuids(v, names)),
        _ => {}
    }
}

/// How many pages of each name a channel holds (a resumed run must not duplicate any).
pub fn page_counts(state: &StoreState, channel: u64) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for page in state
        .pages
        .values()
        .filter(|p| p.channel_id.map_or(1, |c| c.get()) == channel)
    {
        *counts.entry(page.name.clone()).or_default() += 1;
    }
    counts
}

/// Asserts that no two pages of a channel share a name.
#[track_caller]
pub fn assert_no_duplicate_pages(state: &StoreState, channel: u64, context: &str) {
    let duplicates: Vec<(String, usize)> = page_counts(state, channel)
        .into_iter()
        .filter(|(_, n)| *n > 1)
        .collect();
    assert!(
        duplicates.is_empty(),
        "duplicate pages in channel {channel} ({context}): {duplicates:?}"
    );
}

/// Each page of a channel by name, with its parent's name (`None` at the top level).
pub fn tree(state: &StoreState, channel: u64) -> BTreeMap<String, Option<String>> {
    let names = page_names(state);
    state
        .pages
        .values()
        .filter(|p| p.channel_id.map_or(1, |c| c.get()) == channel)
        .map(|page| {
            let parent = page
                .parent()
                .map(|p| names.get(&p.get()).cloned().unwrap_or_default());
            (page.name.clone(), parent)
        })
        .collect()
}

/// Every value under a key named `productId` or `productIds` in a JSON tree, one id each
/// (arrays and `"77,80"` strings split).
pub fn product_ids(value: &Value) -> Vec<String> {
    let mut found = Vec::new();
    collect_product_ids(value, false, &mut found);
    found
}

fn collect_product_ids(value: &Value, under_product_key: bool, found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (field, inner) in map {
                let is_product = matches!(field.as_str(), "productId" | "productIds");
                collect_product_ids(inner, is_product, found);
            }
        }
        Value::Array(items) => {
            for item in items {
                collect_product_ids(item, under_product_key, found);
            }
        }
        Value::Number(n) if under_product_key => found.push(n.to_string()),
        Value::String(s) if under_product_key => {
            found.extend(
                s.split(',')
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .map(str::to_owned),
            );
        }
        _ => {}
    }
}
