//! Template references in page-widget documents: every uuid is well formed, and every widget
//! template exists in the target channel (or is created by the plan) before the publish.

use crate::diagnostic::{Diagnostic, DiagnosticCode};
use crate::input::ValidationInput;
use crate::location::{JsonPath, Location};
use crate::walk::{DocumentNode, for_each_node};
use pageport_model::PageWidgetsKey;
use pageport_model::escape::quote;

/// Checks every template uuid of every planned document and appends the findings to `out`.
pub(crate) fn check(input: &ValidationInput<'_>, out: &mut Vec<Diagnostic>) {
    for planned in input.documents {
        let key = &planned.key;
        for_each_node(&planned.regions, |path, node| match node {
            DocumentNode::Widget(widget) => {
                let uuid = &widget.widget_template_uuid;
                let at = path.key("widget_template_uuid");
                if !uuid.is_well_formed() {
                    out.push(malformed(key, at, "widget", uuid.as_str()));
                } else if !input.target.widget_templates.contains(uuid)
                    && !input.target.templates_to_create.contains(uuid)
                {
                    out.push(
                        Diagnostic::error(
                            DiagnosticCode::WidgetTemplateUnknown,
                            Location::document(key, at),
                            format!(
                                "widget template {} does not exist in target channel `{}` \
                                 and the plan does not create it, so the publish would be \
                                 rejected",
                                quote(uuid.as_str()),
                                key.channel_id
                            ),
                        )
                        .with_help(
                            "map it under `mappings.widget_templates`, or set \
                             `create_missing: true` there",
                        ),
                    );
                }
            }
            DocumentNode::Layout(layout) => {
                if let Some(uuid) = &layout.layout_template_uuid
                    && !uuid.is_well_formed()
                {
                    out.push(malformed(
                        key,
                        path.key("layout_template_uuid"),
                        "layout",
                        uuid.as_str(),
                    ));
                }
            }
            DocumentNode::Dropzone(_) => {}
        });
    }
}

/// A malformed-uuid error at `path`.
fn malformed(key: &PageWidgetsKey, path: JsonPath, kind: &str, value: &str) -> Diagnostic {
    Diagnostic::error(
        DiagnosticCode::UuidMalformed,
        Location::document(key, path),
        format!(
            "{kind} template uuid {} is not a well-formed UUID \
             (8-4-4-4-12 hexadecimal digits)",
            quote(value)
        ),
    )
}

#[cfg(test)]
mod tests {
    use crate::DiagnosticCode;
    use crate::test_support::{Fixture, TEMPLATE, codes, document, widget};
    use pageport_model::WidgetTemplateUuid;
    use serde_json::json;

    const PLANNED: &str = "e59c1412-2d85-4f18-ab4b-8a55412d945c";
    const MISSING: &str = "7d42d0b1-1152-4ce3-a6c1-3709f786f295";

    #[test]
    fn known_and_planned_templates_with_good_uuids_are_fine() {
        let mut fixture = Fixture::new();
        fixture
            .target
            .templates_to_create
            .insert(WidgetTemplateUuid::from(PLANNED));
        fixture.documents.push(document(
            "pages/home",
            None,
            json!([{"name": "main", "children": [
                widget(json!({})),
                {"type": "layout", "layout_template_uuid": MISSING, "dropzones": [
                    {"widgets": [{"type": "widget", "widget_template_uuid": PLANNED}]}
                ]}
            ]}]),
        ));
        assert!(fixture.run().is_empty(), "{:#?}", fixture.run());
    }

    #[test]
    fn malformed_uuids_are_reported_with_their_paths() {
        let mut fixture = Fixture::new();
        fixture.documents.push(document(
            "pages/home",
            None,
            json!([{"name": "main", "children": [
                {"type": "layout", "layout_template_uuid": "not-a-uuid", "dropzones": [
                    {"widgets": [
                        {"type": "widget", "widget_template_uuid": TEMPLATE},
                        {"type": "widget", "widget_template_uuid": "d181ebd5f42c4f968f9dc605023f5cb6"}
                    ]}
                ]}
            ]}]),
        ));
        let report = fixture.run();
        assert_eq!(codes(&report), vec![DiagnosticCode::UuidMalformed; 2]);
        let lines: Vec<_> = report.diagnostics.iter().map(ToString::to_string).collect();
        assert_eq!(
            lines,
            vec![
                "error[uuid.malformed] page-widget document `channel 1 pages/home` at \
                 `regions[0].children[0].dropzones[0].widgets[1].widget_template_uuid`: widget \
                 template uuid `d181ebd5f42c4f968f9dc605023f5cb6` is not a well-formed UUID \
                 (8-4-4-4-12 hexadecimal digits)",
                "error[uuid.malformed] page-widget document `channel 1 pages/home` at \
                 `regions[0].children[0].layout_template_uuid`: layout template uuid \
                 `not-a-uuid` is not a well-formed UUID (8-4-4-4-12 hexadecimal digits)",
            ]
        );
    }

    #[test]
    fn a_template_missing_from_the_target_is_an_error() {
        let mut fixture = Fixture::new();
        fixture.documents.push(document(
            "pages/page",
            Some("5"),
            json!([{"name": "main", "children": [
                {"type": "widget", "widget_template_uuid": MISSING}
            ]}]),
        ));
        let report = fixture.run();
        let found = fixture.only(&report, DiagnosticCode::WidgetTemplateUnknown);
        assert_eq!(
            found.location.to_string(),
            "page-widget document `channel 1 pages/page #5` at \
             `regions[0].children[0].widget_template_uuid`"
        );
        assert!(found.message.starts_with(&format!(
            "widget template `{MISSING}` does not exist in target channel `1`"
        )));
    }
}
