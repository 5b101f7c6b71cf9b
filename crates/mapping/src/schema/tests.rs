use super::*;
use serde_json::{Value, json};

fn template(schema: Value, query: &str) -> WidgetTemplate {
    serde_json::from_value(json!({
        "uuid": "d181ebd5-f42c-4f96-8f9d-c605023f5cb6",
        "name": "Featured products",
        "schema": schema,
        "storefront_api_query": query,
    }))
    .expect("test template")
}

fn tab(settings: Value) -> Value {
    json!({"type": "tab", "label": "Content", "sections": [{"label": "S", "settings": settings}]})
}

/// The schema's paths as `root.path kind shape` lines.
fn paths(schema: Value, query: &str) -> (Vec<String>, Vec<String>) {
    let (found, problems) = template_id_schema(&template(schema, query));
    let lines = found
        .map(|s| s.paths)
        .unwrap_or_default()
        .iter()
        .map(|p| format!("{p} {} {:?}", p.kind, p.shape))
        .collect();
    let problems = problems
        .iter()
        .map(|p| format!("{}: {}", p.path, p.message))
        .collect();
    (lines, problems)
}

#[test]
fn product_pickers_in_tabs_hidden_settings_and_nested_arrays_are_id_paths() {
    let schema = json!([
        tab(json!([
            {"type": "productId", "id": "featured", "label": "Product"},
            {"type": "input", "id": "heading"},
            {"type": "productImage", "id": "picture", "typeMeta": {"reference": "featured"}}
        ])),
        {"type": "hidden", "settings": [{"type": "productId", "id": "fallbackProduct"}]},
        {"type": "array", "id": "slides", "label": "Slides", "entryLabel": "Slide", "schema": [
            tab(json!([{"type": "productId", "id": "product"}])),
            {"type": "array", "id": "related", "label": "Related", "entryLabel": "R", "schema": [
                tab(json!([{"type": "productId", "id": "item"}]))
            ]}
        ]}
    ]);
    let (lines, problems) = paths(schema, "");
    assert_eq!(
        lines,
        [
            "configuration.fallbackProduct product Id",
            "configuration.featured product Id",
            "configuration.picture product ProductImage",
            "configuration.slides[].product product Id",
            "configuration.slides[].related[].item product Id",
        ]
    );
    assert!(problems.is_empty(), "{problems:?}");
}

#[test]
fn unknown_item_and_setting_types_are_ignored() {
    let schema = json!([
        {"type": "carousel3d", "whatever": true},
        tab(json!([{"type": "hologram", "id": "x"}, {"type": "productId", "id": "p"}]))
    ]);
    let (lines, problems) = paths(schema, "");
    assert_eq!(lines, ["configuration.p product Id"]);
    assert!(problems.is_empty(), "{problems:?}");
    // A tab without sections and a hidden item without settings hold nothing.
    let (lines, problems) = paths(
        json!([{"type": "tab", "label": "T"}, {"type": "hidden"}]),
        "",
    );
    assert!(
        lines.is_empty() && problems.is_empty(),
        "{lines:?} {problems:?}"
    );
}

#[test]
fn a_malformed_schema_gives_no_paths_and_a_problem_with_its_place() {
    for (schema, expected) in [
        (json!({"type": "tab"}), "schema: is not an array"),
        (
            json!([tab(json!([{"type": "productId", "id": "p"}])), 7]),
            "schema[1]: is not an object",
        ),
        (
            json!([{"type": "tab", "label": "T", "sections": "no"}]),
            "schema[0]: `sections` is not an array",
        ),
        (
            json!([{"type": "array", "label": "A", "schema": []}]),
            "schema[0]: `array` item has no string `id`",
        ),
        (
            json!([tab(json!([{"type": "productId", "label": "no id"}]))]),
            "schema[0].sections[0].settings[0]: `productId` setting has no string `id`",
        ),
    ] {
        let (lines, problems) = paths(schema, "");
        assert!(lines.is_empty(), "{lines:?}");
        assert_eq!(problems, [expected]);
    }
}

#[test]
fn arrays_nested_past_the_limit_are_malformed_not_a_stack_overflow() {
    let mut schema = json!([tab(json!([{"type": "productId", "id": "p"}]))]);
    for _ in 0..200 {
        schema = json!([{"type": "array", "id": "a", "label": "A", "entryLabel": "A", "schema": schema}]);
    }
    let (lines, problems) = paths(schema, "");
    assert!(lines.is_empty());
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0].ends_with("`array` items nest more than 16 deep"),
        "{problems:?}"
    );
}

#[test]
fn graphql_params_take_the_kind_of_a_typed_setting_they_read() {
    let schema = json!([
        {"type": "hidden", "settings": [{"type": "graphQl", "id": "q", "typeMeta": {"mappings": {
            "featuredProductId": {"reads": "featured", "type": "Int!"},
            "slideIds": {"reads": "slides.*.product", "type": "Int!"}
        }}}]},
        tab(json!([{"type": "productId", "id": "featured"}])),
        {"type": "array", "id": "slides", "label": "S", "entryLabel": "S", "schema": [
            tab(json!([{"type": "productId", "id": "product"}]))
        ]}
    ]);
    let (lines, problems) = paths(schema, "");
    assert_eq!(
        lines,
        [
            "configuration.featured product Id",
            "configuration.slides[].product product Id",
            "storefront_api_query_params.featuredProductId product Id",
            "storefront_api_query_params.slideIds product Id",
        ]
    );
    assert!(problems.is_empty(), "{problems:?}");
}

#[test]
fn an_untyped_setting_read_by_a_param_takes_its_kind_from_the_query() {
    let schema = json!([
        {"type": "hidden", "settings": [
            {"type": "graphQl", "id": "q", "typeMeta": {"mappings": {
                "cat": {"reads": "categoryNumber", "type": "Int!"},
                "size": {"reads": "count", "type": "Int"},
                "lost": {"reads": "nowhere.*.x", "type": "Int"}
            }}},
            {"id": "categoryNumber"}
        ]},
        tab(json!([{"type": "number", "id": "count"}]))
    ]);
    let query = "query($cat: Int!, $size: Int) { site { category(entityId: $cat) { \
                 products(first: $size) { edges { node { name } } } } } }";
    let (lines, problems) = paths(schema, query);
    assert_eq!(
        lines,
        [
            "configuration.categoryNumber category Id",
            "storefront_api_query_params.cat category Id",
        ]
    );
    assert_eq!(
        problems,
        [
            "schema[0].settings[0].typeMeta.mappings.lost: `reads: nowhere.*.x` of parameter `lost` names no setting of the schema"
        ]
    );
}

#[test]
fn a_query_that_does_not_parse_is_a_problem_and_typed_settings_still_count() {
    let schema = json!([tab(json!([{"type": "productId", "id": "p"}]))]);
    let (lines, problems) = paths(schema, "query { site { product(entityId: ");
    assert_eq!(lines, ["configuration.p product Id"]);
    assert_eq!(problems.len(), 1);
    assert!(problems[0].starts_with("storefront_api_query: the GraphQL query does not parse"));
}

#[test]
fn templates_without_ids_are_left_out_of_the_schemas() {
    let with = template(json!([tab(json!([{"type": "productId", "id": "p"}]))]), "");
    let mut without = template(json!([tab(json!([{"type": "text", "id": "t"}]))]), "");
    without.uuid = WidgetTemplateUuid::from("7d42d0b1-1152-4ce3-a6c1-3709f786f295");
    let (schemas, problems) = TemplateSchemas::from_templates([&with, &without]);
    assert!(problems.is_empty());
    assert!(schemas.get(&with.uuid).is_some());
    assert!(schemas.get(&without.uuid).is_none());
}
