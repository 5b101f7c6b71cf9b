//! `mappings.categories` / `mappings.brands` in the plan file: the long form, the short form,
//! the defaults, and mistakes with their place.

use crate::support::{MINIMAL, env};
use pageport_mapping::plan_file::{PlanFileError, PlanProblemKind};
use pageport_mapping::{CatalogMatch, PlanFile};
use pageport_model::{BrandId, CategoryId};

fn load(mappings: &str) -> Result<PlanFile, PlanFileError> {
    PlanFile::from_str(
        &format!("{MINIMAL}mappings:\n{mappings}"),
        "plan.yaml",
        &env,
    )
}

#[test]
fn without_rules_categories_match_by_url_and_brands_by_name() {
    let plan = load("  fields: {}\n").expect("valid plan");
    assert_eq!(plan.mappings.categories.match_by, CatalogMatch::Url);
    assert!(plan.mappings.categories.explicit.is_empty());
    assert_eq!(plan.mappings.brands.match_by, CatalogMatch::Name);
    assert!(plan.mappings.brands.explicit.is_empty());
}

#[test]
fn the_long_form_sets_match_by_and_explicit_entries() {
    let plan = load(
        "  categories:\n    match_by: name\n    explicit: { 18: 23, \"19\": 24 }\n  \
         brands: { match_by: explicit, explicit: { 3: 9 } }\n",
    )
    .expect("valid plan");
    let categories = &plan.mappings.categories;
    assert_eq!(categories.match_by, CatalogMatch::Name);
    assert_eq!(categories.explicit[&CategoryId(18)], CategoryId(23));
    assert_eq!(categories.explicit[&CategoryId(19)], CategoryId(24));
    assert_eq!(plan.mappings.brands.match_by, CatalogMatch::Explicit);
    assert_eq!(plan.mappings.brands.explicit[&BrandId(3)], BrandId(9));
    let url_only = load("  brands: { match_by: url }\n").expect("valid plan");
    assert_eq!(url_only.mappings.brands.match_by, CatalogMatch::Url);
}

#[test]
fn the_short_form_is_explicit_entries_under_the_default_match_by() {
    let plan = load("  categories: { 18: 23 }\n  brands:\n    3: 9\n").expect("valid plan");
    assert_eq!(plan.mappings.categories.match_by, CatalogMatch::Url);
    assert_eq!(
        plan.mappings.categories.explicit[&CategoryId(18)],
        CategoryId(23)
    );
    assert_eq!(plan.mappings.brands.match_by, CatalogMatch::Name);
    assert_eq!(plan.mappings.brands.explicit[&BrandId(3)], BrandId(9));
}

/// `(line, column, message)` of a syntax error.
fn syntax(mappings: &str) -> (u64, u64, String) {
    match load(mappings) {
        Err(PlanFileError::Syntax {
            line,
            column,
            message,
            ..
        }) => (line, column, message),
        other => panic!("expected a syntax error, got {other:?}"),
    }
}

#[test]
fn an_unknown_match_by_is_refused_where_it_is_written() {
    let (line, column, message) = syntax("  categories:\n    match_by: sku\n");
    assert_eq!((line, column), (17, 15), "{message}");
    assert!(message.contains("sku"), "{message}");
}

/// The problems of an invalid plan.
fn problems(mappings: &str) -> Vec<pageport_mapping::PlanProblem> {
    match load(mappings) {
        Err(PlanFileError::Invalid { problems, .. }) => problems,
        other => panic!("expected an invalid plan, got {other:?}"),
    }
}

#[test]
fn mixing_the_two_forms_is_refused_where_it_is_written() {
    let found = problems("  categories:\n    match_by: url\n    18: 23\n");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].location.map(|l| (l.line, l.column)), Some((18, 5)));
    assert_eq!(
        found[0].kind.to_string(),
        "`mappings.categories` mixes source ids (the short form `18: 23`) with `match_by` or \
         `explicit`; put the entries under `mappings.categories.explicit`"
    );
    let found = problems("  brands:\n    3: 9\n    explicit: {}\n");
    assert_eq!(found[0].location.map(|l| l.line), Some(18));
    assert_eq!(
        found[0].kind,
        PlanProblemKind::MixedCatalogForms {
            table: "mappings.brands"
        }
    );
}

#[test]
fn a_key_that_is_neither_a_rule_nor_an_id_is_refused() {
    let (line, column, message) = syntax("  categories:\n    match: url\n");
    assert_eq!((line, column), (17, 5), "{message}");
    assert!(
        message.contains("`match_by`, `explicit` or a source id"),
        "{message}"
    );
}

#[test]
fn an_id_written_twice_names_the_table_of_the_form_used() {
    let problems = problems("  categories:\n    explicit:\n      18: 23\n      \"18\": 24\n");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].location.map(|l| l.line), Some(19));
    assert!(
        matches!(
            &problems[0].kind,
            PlanProblemKind::DuplicateMappingKey {
                table: "mappings.categories.explicit",
                first_line: 18,
                ..
            }
        ),
        "{:?}",
        problems[0]
    );
}
