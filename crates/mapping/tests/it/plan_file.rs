//! Loading plans: every key, `${VAR}` expansion, and each kind of error with its place.

use crate::support::{MINIMAL, empty_env, env, fixture};
use pageport_mapping::plan_file::{ApiBase, DEFAULT_API_BASE, PlanFileError, PlanProblemKind};
use pageport_mapping::{
    OnExisting, PageRef, PageSelection, PageWidgetsSelector, PlanFile, ProductMatch, TemplateMatch,
    UnmappedPolicy,
};
use pageport_model::{BrandId, CategoryId, ChannelId, EntityId, ProductId, WidgetTemplateUuid};

fn load(text: &str) -> Result<PlanFile, PlanFileError> {
    PlanFile::from_str(text, "plan.yaml", &env)
}

/// The problems of an invalid plan; panics on any other outcome.
fn problems(text: &str) -> Vec<pageport_mapping::PlanProblem> {
    match load(text) {
        Err(PlanFileError::Invalid { problems, .. }) => problems,
        other => panic!("expected an invalid plan, got {other:?}"),
    }
}

/// `(line, column, message)` of a syntax error; panics on any other outcome.
fn syntax(text: &str) -> (u64, u64, String) {
    match load(text) {
        Err(PlanFileError::Syntax {
            file,
            line,
            column,
            message,
            ..
        }) => {
            assert_eq!(file.to_str(), Some("plan.yaml"));
            (line, column, message)
        }
        other => panic!("expected a syntax error, got {other:?}"),
    }
}

#[test]
fn a_full_plan_loads_every_key() {
    let plan = PlanFile::from_path(fixture("plans/full.yaml"), &env).expect("valid plan");
    let staging = &plan.stores["staging"];
    assert_eq!(staging.store_hash.as_str(), "abc123");
    assert_eq!(
        staging.access_token.as_ref().map(|t| t.expose()),
        Some("staging-secret-token")
    );
    assert_eq!(staging.api_base, ApiBase::Url(DEFAULT_API_BASE.to_owned()));
    assert_eq!(
        plan.stores["production"].api_base,
        ApiBase::Url("http://127.0.0.1:8787".to_owned())
    );
    assert_eq!(plan.source.store, "staging");
    assert_eq!(plan.source.config.store_hash.as_str(), "abc123");
    assert_eq!(plan.target.channel_id, ChannelId(2));
    assert_eq!(
        plan.select.pages,
        PageSelection::Only(vec![
            PageRef::Url("/shipping-returns/".to_owned()),
            PageRef::Name("About Us".to_owned()),
        ])
    );
    assert_eq!(plan.select.page_widgets.len(), 4);
    assert_eq!(plan.select.page_widgets[0], PageWidgetsSelector::Global);
    assert_eq!(
        plan.select.page_widgets[3],
        PageWidgetsSelector::Template {
            template_file: "pages/product".into(),
            entity_ids: Some(vec![EntityId::from("77"), EntityId::from("80")]),
        }
    );
    let templates = &plan.mappings.widget_templates;
    assert_eq!(templates.match_by, TemplateMatch::Name);
    assert!(templates.create_missing);
    assert_eq!(
        templates.explicit.get(&WidgetTemplateUuid::from(
            "d181ebd5-f42c-4f96-8f9d-c605023f5cb6"
        )),
        Some(&WidgetTemplateUuid::from(
            "e59c1412-2d85-4f18-ab4b-8a55412d945c"
        )),
        "explicit uuids are lowercased"
    );
    assert_eq!(plan.mappings.products.match_by, ProductMatch::Sku);
    assert_eq!(
        plan.mappings.products.explicit[&ProductId(77)],
        ProductId(1077)
    );
    assert_eq!(
        plan.mappings.categories.explicit[&CategoryId(18)],
        CategoryId(23)
    );
    assert_eq!(plan.mappings.brands.explicit[&BrandId(3)], BrandId(9));
    assert_eq!(
        plan.mappings.fields.products,
        ["productId", "productIds", "featuredProduct"]
    );
    assert_eq!(
        plan.mappings.fields.categories,
        ["categoryId"],
        "default kept"
    );
    let channels = plan.channel_table();
    assert_eq!(channels.get(&ChannelId(1)), Some(&ChannelId(2)));
    assert_eq!(channels.get(&ChannelId(5)), Some(&ChannelId(6)));
    assert_eq!(plan.on_existing, OnExisting::Skip);
    assert_eq!(plan.unmapped, UnmappedPolicy::Warn);
    assert_eq!(plan.limits.widgets_per_page, 100);
    assert_eq!(
        plan.limits.layouts_per_page, 150,
        "unset limits keep defaults"
    );
    assert_eq!((plan.batch_size, plan.concurrency), (5, 2));
    assert_eq!(plan.quota_reserve, Some(20));
}

#[test]
fn optional_keys_take_their_defaults() {
    let plan = load(MINIMAL).expect("valid plan");
    assert_eq!(plan.source.channel_id, ChannelId(1));
    assert_eq!(plan.on_existing, OnExisting::Update);
    assert_eq!(plan.unmapped, UnmappedPolicy::Fail);
    assert_eq!((plan.batch_size, plan.concurrency), (10, 4));
    assert_eq!(plan.quota_reserve, None);
    assert_eq!(plan.mappings.fields.products, ["productId", "productIds"]);
    assert_eq!(plan.mappings.fields.brands, ["brandId"]);
    assert!(plan.select.page_widgets.is_empty());
}

#[test]
fn tokens_never_show_in_debug_output_of_the_plan() {
    let plan = load(MINIMAL).expect("valid plan");
    let debug = format!("{plan:?}");
    assert!(!debug.contains("staging-secret-token"), "{debug}");
    assert!(!debug.contains("production-secret-token"));
    assert!(debug.contains("AccessToken(***)"));
}

#[test]
fn an_unknown_key_is_a_syntax_error_with_its_place() {
    let text = MINIMAL.replace(
        "    store_hash: xyz\n",
        "    store_hash: xyz\n    acces_token: x\n",
    );
    let (line, column, message) = syntax(&text);
    assert_eq!((line, column), (8, 5));
    assert!(message.contains("unknown field `acces_token`"), "{message}");
}

#[test]
fn an_unknown_key_inside_a_page_widgets_entry_is_located() {
    let text =
        format!("{MINIMAL}  page_widgets:\n    - template_file: pages/home\n      entity: 3\n");
    let (line, column, message) = syntax(&text);
    assert_eq!((line, column), (17, 7));
    assert!(message.contains("unknown field `entity`"), "{message}");
}

#[test]
fn a_duplicate_key_is_a_syntax_error_with_its_place() {
    let text = MINIMAL.replace("  pages: all\n", "  pages: all\n  pages: all\n");
    let (line, column, message) = syntax(&text);
    assert_eq!((line, column), (15, 3));
    assert!(message.contains("duplicate"), "{message}");
}

#[test]
fn a_wrong_type_is_a_syntax_error_with_its_place() {
    let text = MINIMAL.replace("version: 1", "version: one");
    let (line, column, _) = syntax(&text);
    assert_eq!((line, column), (1, 10));

    let text = format!("{MINIMAL}batch_size: [1]\n");
    let (line, column, _) = syntax(&text);
    assert_eq!((line, column), (15, 13));

    let text = MINIMAL.replace("pages: all", "pages: some");
    let (line, column, message) = syntax(&text);
    assert_eq!((line, column), (14, 3), "the `pages` key");
    assert!(message.contains("`all` or a list"), "{message}");
}

#[test]
fn malformed_yaml_is_a_syntax_error_with_its_place() {
    let (line, column, message) = syntax("version: 1\nstores: {a: {store_hash: x\n");
    assert_eq!((line, column), (2, 13));
    assert!(message.contains("unclosed"), "{message}");
}

#[test]
fn a_syntax_error_displays_file_line_and_column_without_the_token() {
    let text = "version: 1\nstores:\n  a:\n    access_token: literal-secret\n    bogus: 1\n";
    let err = load(text).expect_err("unknown key");
    let shown = err.to_string();
    assert!(shown.contains("`plan.yaml` at line 5, column 5"), "{shown}");
    assert!(!shown.contains("literal-secret"));
    let source = err.source_text().expect("text kept for snippets");
    assert!(!source.as_str().contains("literal-secret"));
    assert_eq!(source.as_str().len(), text.len(), "offsets stay valid");
    insta::assert_snapshot!("syntax_error_display", shown);
}

#[test]
fn a_missing_variable_names_the_variable_the_store_the_key_and_the_line() {
    let err = PlanFile::from_str(MINIMAL, "plan.yaml", &empty_env).expect_err("no env");
    let PlanFileError::Invalid { problems, .. } = &err else {
        panic!("expected an invalid plan, got {err:?}");
    };
    assert_eq!(problems.len(), 2);
    assert_eq!(
        problems[0].kind,
        PlanProblemKind::MissingVariable {
            variable: "BC_STAGING_TOKEN".to_owned(),
            store: "staging".to_owned(),
            key: "access_token",
        }
    );
    assert_eq!(
        problems[0].location.map(|l| (l.line, l.column)),
        Some((5, 19))
    );
    assert_eq!(problems[1].location.map(|l| l.line), Some(8));
    insta::assert_snapshot!("missing_variable_display", err.to_string());
}

#[test]
fn an_unknown_store_is_named_with_the_known_ones() {
    let text = MINIMAL.replace("  store: production", "  store: prod");
    let found = problems(&text);
    assert_eq!(
        found[0].kind,
        PlanProblemKind::UnknownStore {
            role: "target",
            name: "prod".to_owned(),
            known: vec!["production".to_owned(), "staging".to_owned()],
        }
    );
    assert_eq!(found[0].location.map(|l| l.line), Some(12));
    assert!(
        found[0]
            .to_string()
            .contains("defined stores: `production`, `staging`")
    );
}

#[test]
fn every_semantic_problem_is_reported_at_once() {
    let text = format!(
        "{}  page_widgets:\n    - template_file: pages/product\n\
         mappings:\n  widget_templates:\n    explicit: {{ not-a-uuid: d181ebd5-f42c-4f96-8f9d-c605023f5cb6 }}\n\
         batch_size: 0\n",
        MINIMAL.replace("version: 1", "version: 2")
    );
    let kinds: Vec<PlanProblemKind> = problems(&text).into_iter().map(|p| p.kind).collect();
    assert_eq!(
        kinds,
        vec![
            PlanProblemKind::UnsupportedVersion { found: 2 },
            PlanProblemKind::EntityIdsRequired {
                template_file: "pages/product".to_owned(),
                kind: "product",
            },
            PlanProblemKind::MalformedUuid {
                key: "mappings.widget_templates.explicit".to_owned(),
                value: "not-a-uuid".to_owned(),
            },
            PlanProblemKind::NotPositive { key: "batch_size" },
        ]
    );
}

#[test]
fn a_real_store_needs_a_token_but_a_sandbox_store_does_not() {
    let text = MINIMAL.replace("    access_token: ${BC_PRODUCTION_TOKEN}\n", "");
    let found = problems(&text);
    assert_eq!(
        found[0].kind,
        PlanProblemKind::MissingAccessToken {
            store: "production".to_owned()
        }
    );

    let text = MINIMAL.replace(
        "    access_token: ${BC_PRODUCTION_TOKEN}\n",
        "    api_base: sandbox:demo\n",
    );
    let plan = load(&text).expect("a sandbox store needs no token");
    assert_eq!(
        plan.target.config.api_base,
        ApiBase::Sandbox("demo".to_owned())
    );
    assert!(plan.target.config.access_token.is_none());
}

#[test]
fn plain_http_to_a_remote_host_is_refused() {
    let text = MINIMAL.replace(
        "    store_hash: xyz\n",
        "    store_hash: xyz\n    api_base: http://api.bigcommerce.com\n",
    );
    let found = problems(&text);
    assert!(matches!(
        &found[0].kind,
        PlanProblemKind::InvalidApiBase { store, .. } if store == "production"
    ));
    assert_eq!(found[0].location.map(|l| l.line), Some(8));
}

#[test]
fn credentials_in_api_base_are_refused_without_being_repeated() {
    let text = MINIMAL.replace(
        "    store_hash: xyz\n",
        "    store_hash: xyz\n    api_base: https://admin:hunter2@api.example.com\n",
    );
    let found = problems(&text);
    assert!(matches!(
        &found[0].kind,
        PlanProblemKind::InvalidApiBase { .. }
    ));
    let message = found[0].to_string();
    assert!(message.contains("credentials"), "{message}");
    assert!(!message.contains("hunter2"), "{message}");
    let err = load(&text).expect_err("refused");
    assert!(!format!("{err} {err:?}").contains("hunter2"));
}

#[test]
fn a_field_listed_for_two_kinds_and_a_conflicting_channel_table_are_problems() {
    let text = format!(
        "{MINIMAL}mappings:\n  fields: {{ products: [productId], brands: [productId] }}\n  channels: {{ 1: 3 }}\n"
    );
    let kinds: Vec<PlanProblemKind> = problems(&text).into_iter().map(|p| p.kind).collect();
    assert!(kinds.contains(&PlanProblemKind::FieldListedTwice {
        field: "productId".to_owned(),
        first: "products",
        second: "brands",
    }));
    assert!(kinds.contains(&PlanProblemKind::ChannelConflict {
        source_channel: 1,
        mapped: 3,
        target: 1,
    }));
}

#[test]
fn source_and_target_must_differ() {
    let text = MINIMAL.replace("  store: production", "  store: staging");
    let found = problems(&text);
    assert_eq!(
        found[0].kind,
        PlanProblemKind::SameSourceAndTarget {
            source_store: "staging".to_owned(),
            target_store: "staging".to_owned(),
            store_hash: "abc".to_owned(),
            channel: 1
        }
    );
}

#[test]
fn two_names_for_one_store_hash_are_the_same_store() {
    let text = MINIMAL.replace("store_hash: xyz", "store_hash: ABC");
    let found = problems(&text);
    assert_eq!(
        found[0].kind.to_string(),
        "source and target are the same: stores `staging` and `production` are both store hash \
         `abc`, channel `1`"
    );
    // Another channel of the same store is a channel copy, which is fine.
    let text = text.replace(
        "  store: production",
        "  store: production\n  channel_id: 2",
    );
    load(&text).expect("a channel copy between two names of one store");
}

#[test]
fn variables_are_expanded_once_and_never_parsed_as_yaml() {
    let tricky = |name: &str| match name {
        "BC_STAGING_TOKEN" => Some("a: [b, ${BC_PRODUCTION_TOKEN}".to_owned()),
        "BC_PRODUCTION_TOKEN" => Some("p".to_owned()),
        _ => None,
    };
    let plan = PlanFile::from_str(MINIMAL, "plan.yaml", &tricky).expect("valid plan");
    let token = plan.source.config.access_token.expect("token");
    assert_eq!(token.expose(), "a: [b, ${BC_PRODUCTION_TOKEN}");
}

#[test]
fn an_unreadable_file_is_a_read_error_naming_it() {
    let err = PlanFile::from_path(fixture("plans/does-not-exist.yaml"), &env).expect_err("missing");
    assert!(matches!(err, PlanFileError::Read { .. }));
    assert!(err.to_string().contains("does-not-exist.yaml"));
}

#[test]
fn a_store_hash_that_would_break_the_api_path_is_refused() {
    let text = MINIMAL.replace("store_hash: abc", "store_hash: ../abc");
    let found = problems(&text);
    assert_eq!(
        found[0].kind,
        PlanProblemKind::InvalidStoreHash {
            store: "staging".to_owned(),
            value: "../abc".to_owned()
        }
    );
    assert_eq!(found[0].location.map(|l| l.line), Some(4));
}

#[test]
fn a_malformed_literal_token_never_appears_in_the_error() {
    for value in [
        "!!int secretvalue",
        "[secretvalue]",
        "{secretvalue: 1}",
        "*secretvalue",
        "\"secretvalue",
        "!!binary secretvalue",
        "secretvalue: x",
    ] {
        let text =
            format!("version: 1\nstores:\n  a:\n    store_hash: x\n    access_token: {value}\n");
        let err = load(&text).expect_err(value);
        assert!(
            matches!(err, PlanFileError::Syntax { line: 5, .. }),
            "{value}: {err}"
        );
        assert!(!err.to_string().contains("secretvalue"), "{value}: {err}");
        let masked = err
            .source_text()
            .map(|s| s.as_str().to_owned())
            .unwrap_or_default();
        assert!(!masked.contains("secretvalue"), "{value}: {masked}");
    }
}

#[test]
fn one_id_written_twice_in_a_mapping_table_is_refused_with_both_places() {
    let text = format!(
        "{MINIMAL}mappings:\n  categories:\n    18: 23\n    \"18\": 24\n  products:\n    explicit: {{ 7: 8, \"07\": 9 }}\n"
    );
    let found = problems(&text);
    let duplicates: Vec<_> = found
        .iter()
        .filter(|p| matches!(p.kind, PlanProblemKind::DuplicateMappingKey { .. }))
        .collect();
    assert_eq!(duplicates.len(), 2, "{found:?}");
    assert_eq!(duplicates[0].location.map(|l| l.line), Some(18));
    assert_eq!(
        duplicates[0].kind,
        PlanProblemKind::DuplicateMappingKey {
            table: "mappings.categories",
            id: "18".to_owned(),
            first_line: 17,
            first_spelling: "18".to_owned(),
            spelling: "\"18\"".to_owned(),
        }
    );
    assert_eq!(
        duplicates[0].kind.to_string(),
        "`mappings.categories` maps `18` twice (first at line 17, as `18`; again here as `\"18\"`); keep one entry"
    );
    assert!(
        matches!(
            &duplicates[1].kind,
            PlanProblemKind::DuplicateMappingKey { table: "mappings.products.explicit", id, .. } if id == "7"
        ),
        "{:?}",
        duplicates[1]
    );
}

#[test]
fn one_template_uuid_written_in_two_cases_is_refused() {
    let text = format!(
        "{MINIMAL}mappings:\n  widget_templates:\n    explicit:\n      \
         d181ebd5-f42c-4f96-8f9d-c605023f5cb6: 0bc1e3b6-0a5c-4d9b-9d57-2f4a5c3b7e11\n      \
         D181EBD5-F42C-4F96-8F9D-C605023F5CB6: 7e0b1d7c-54f5-4c0c-8d57-2c2c6f1f6a01\n"
    );
    let found = problems(&text);
    let duplicate = found
        .iter()
        .find(|p| matches!(p.kind, PlanProblemKind::DuplicateMappingKey { .. }))
        .unwrap_or_else(|| panic!("no duplicate reported: {found:?}"));
    assert_eq!(duplicate.location.map(|l| l.line), Some(19));
    let PlanProblemKind::DuplicateMappingKey {
        table,
        id,
        first_line,
        ..
    } = &duplicate.kind
    else {
        unreachable!()
    };
    assert_eq!(*table, "mappings.widget_templates.explicit");
    assert_eq!(id, "d181ebd5-f42c-4f96-8f9d-c605023f5cb6");
    assert_eq!(*first_line, 18);
}

#[test]
fn distinct_ids_in_both_spellings_load() {
    let text = format!(
        "{MINIMAL}mappings:\n  categories: {{ 18: 23, \"19\": 24 }}\n  brands: {{ \"3\": 4 }}\n"
    );
    let plan = load(&text).expect("distinct keys are fine");
    assert_eq!(plan.mappings.categories.explicit.len(), 2);
    assert_eq!(
        plan.mappings.categories.explicit[&CategoryId(19)],
        CategoryId(24)
    );
    assert_eq!(plan.mappings.brands.explicit[&BrandId(3)], BrandId(4));
}
