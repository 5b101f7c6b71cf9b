//! The generator's contract at a small size.

use crate::small_spec;
use pageport_bench::offline::FIXTURE_PLAN;
use pageport_bench::{SOURCE_STORE_HASH, generate_site, target_inventory, tree_depth};
use pageport_bundle::{read_bundle, write_bundle};
use pageport_mapping::PlanFile;
use pageport_model::page_widgets::count_regions;
use pageport_model::{Limits, PageType, PageWidgetsKey, ProductId};
use pageport_plan::Planner;
use pageport_validate::Severity;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

#[test]
fn counts_are_exact_and_every_document_is_within_the_page_limits() {
    let spec = small_spec(1);
    let bundle = generate_site(&spec).unwrap();
    let counts = bundle.count();
    assert_eq!(counts.pages, 200);
    assert_eq!(counts.widgets, 2_000);
    assert_eq!(counts.layouts, 400);
    assert_eq!(bundle.manifest.counts, counts);
    assert_eq!(counts.page_widgets, spec.documents());
    let limits = Limits::default();
    for document in &bundle.page_widgets {
        let (layouts, widgets) = count_regions(&document.regions);
        assert!(
            layouts <= limits.layouts_per_page,
            "{}: {layouts} layouts",
            document.key
        );
        assert!(
            widgets <= limits.widgets_per_page,
            "{}: {widgets} widgets",
            document.key
        );
    }
}

#[test]
fn the_tree_is_as_deep_as_asked_and_has_every_creatable_type() {
    let bundle = generate_site(&small_spec(1)).unwrap();
    assert_eq!(tree_depth(&bundle.pages), 4);
    let types: BTreeSet<String> = bundle
        .pages
        .iter()
        .map(|p| p.page_type.to_string())
        .collect();
    let expected: BTreeSet<String> = ["contact_form", "feed", "link", "page", "raw"]
        .map(String::from)
        .into();
    assert_eq!(types, expected);
    assert!(bundle.pages.iter().all(|p| p.page_type.is_creatable()));
    let names: BTreeSet<String> = bundle.pages.iter().map(|p| p.name.to_lowercase()).collect();
    assert_eq!(names.len(), bundle.pages.len(), "names are unique");
}

#[test]
fn documents_cover_global_home_and_every_content_page() {
    let bundle = generate_site(&small_spec(1)).unwrap();
    let keys: BTreeSet<&PageWidgetsKey> = bundle.page_widgets.iter().map(|d| &d.key).collect();
    assert!(keys.iter().any(|k| k.is_global()));
    assert!(keys.iter().any(|k| {
        k.template_file.as_ref().map(|f| f.as_str()) == Some("pages/home") && k.entity_id.is_none()
    }));
    let content_pages: BTreeSet<String> = bundle
        .pages
        .iter()
        .filter(|p| p.page_type == PageType::Page)
        .filter_map(|p| p.id.map(|id| id.to_string()))
        .collect();
    let page_documents: BTreeSet<String> = keys
        .iter()
        .filter(|k| k.template_file.as_ref().map(|f| f.as_str()) == Some("pages/page"))
        .filter_map(|k| k.entity_id.as_ref().map(|e| e.to_string()))
        .collect();
    assert_eq!(page_documents, content_pages);
}

#[test]
fn referenced_products_are_in_the_catalog_in_both_json_forms() {
    let bundle = generate_site(&small_spec(1)).unwrap();
    let catalog: BTreeSet<u64> = bundle.products.iter().map(|p| p.id.get()).collect();
    assert!(bundle.products.iter().all(|p| p.sku.is_some()));
    let mut forms: BTreeMap<&str, usize> = BTreeMap::new();
    for document in &bundle.page_widgets {
        for widget in document.as_page_widgets().widgets() {
            let objects = [&widget.configuration, &widget.storefront_api_query_params];
            for object in objects.into_iter().flatten() {
                for key in ["productId", "productIds"] {
                    let ids = match object.get(key) {
                        Some(Value::String(text)) => {
                            *forms.entry("string").or_default() += 1;
                            text.split(',').map(|id| id.parse().unwrap()).collect()
                        }
                        Some(Value::Number(number)) => {
                            *forms.entry("number").or_default() += 1;
                            vec![number.as_u64().unwrap()]
                        }
                        Some(Value::Array(items)) => {
                            *forms.entry("array").or_default() += 1;
                            items
                                .iter()
                                .map(|item| match item {
                                    Value::String(text) => text.parse().unwrap(),
                                    other => other.as_u64().unwrap(),
                                })
                                .collect()
                        }
                        _ => Vec::new(),
                    };
                    for id in ids {
                        assert!(catalog.contains(&id), "product {id} is not in the catalog");
                    }
                }
            }
        }
    }
    for form in ["string", "number", "array"] {
        assert!(
            forms.get(form).copied().unwrap_or(0) > 0,
            "no {form} ids: {forms:?}"
        );
    }
    assert!(!catalog.contains(&ProductId(0).get()));
}

#[test]
fn the_same_seed_gives_the_same_site_and_another_seed_another() {
    let first = generate_site(&small_spec(7)).unwrap();
    let second = generate_site(&small_spec(7)).unwrap();
    assert_eq!(first, second);
    let other = generate_site(&small_spec(8)).unwrap();
    assert_ne!(first.pages, other.pages);
}

#[test]
fn the_bundle_round_trips_through_its_files() {
    let bundle = generate_site(&small_spec(3)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("site");
    write_bundle(&path, &bundle).unwrap();
    let read = read_bundle(&path).unwrap();
    assert_eq!(read, bundle);
}

#[test]
fn the_planner_accepts_the_site_without_errors() {
    let bundle = generate_site(&small_spec(1)).unwrap();
    let plan = PlanFile::from_str(FIXTURE_PLAN, "offline-plan.yaml", &|_: &str| None).unwrap();
    assert_eq!(plan.source.config.store_hash.as_str(), SOURCE_STORE_HASH);
    let inventory = target_inventory(
        &bundle,
        plan.target.config.store_hash.clone(),
        plan.target.channel_id,
    );
    let planner = Planner::new(&bundle, &plan, inventory).unwrap();
    let keys = planner.document_keys_to_read();
    assert_eq!(
        keys.len(),
        2,
        "only global regions and home exist before apply: {keys:?}"
    );
    let migration = planner.finish(BTreeMap::new()).unwrap();
    let errors: Vec<String> = migration
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(ToString::to_string)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert!(migration.unmapped.is_empty(), "{:#?}", migration.unmapped);
    assert_eq!(migration.summary.pages.create, 200);
    assert_eq!(
        migration.summary.documents.create,
        bundle.page_widgets.len()
    );
    assert_eq!(
        migration.summary.templates.create, 0,
        "every template matched by name"
    );
}
