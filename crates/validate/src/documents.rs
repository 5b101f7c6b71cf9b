//! Rules about page-widget documents as a whole: addressed to the target channel, written once,
//! and with region names that are present and distinct.

use crate::diagnostic::{Diagnostic, DiagnosticCode};
use crate::input::ValidationInput;
use crate::location::{JsonPath, Location};
use pageport_model::PageWidgetsKey;
use pageport_model::escape::quote;
use std::collections::{BTreeMap, BTreeSet};

/// Checks every planned document and appends the findings to `out`.
pub(crate) fn check(input: &ValidationInput<'_>, out: &mut Vec<Diagnostic>) {
    let mut seen: BTreeSet<&PageWidgetsKey> = BTreeSet::new();
    for planned in input.documents {
        let key = &planned.key;
        if key.channel_id != input.target_channel {
            out.push(Diagnostic::error(
                DiagnosticCode::DocumentWrongChannel,
                Location::document(key, JsonPath::root()),
                format!(
                    "the document would be published to channel `{}`, not the target channel `{}`",
                    key.channel_id, input.target_channel
                ),
            ));
        }
        if !seen.insert(key) {
            out.push(Diagnostic::error(
                DiagnosticCode::DocumentDuplicate,
                Location::document(key, JsonPath::root()),
                "the plan publishes this document more than once, and each publish replaces the \
                 previous one",
            ));
        }
        check_region_names(key, &planned.regions, out);
    }
}

/// Rule: region names are not empty and not repeated in one document (warnings: the store may
/// accept them, but content in such a region shows nowhere or only once).
fn check_region_names(
    key: &PageWidgetsKey,
    regions: &[pageport_model::Region],
    out: &mut Vec<Diagnostic>,
) {
    let mut first_index: BTreeMap<&str, usize> = BTreeMap::new();
    for (index, region) in regions.iter().enumerate() {
        let at = JsonPath::root().key("regions").index(index).key("name");
        let name = region.name.as_str();
        if name.trim().is_empty() {
            out.push(
                Diagnostic::warning(
                    DiagnosticCode::RegionNameEmpty,
                    Location::document(key, at),
                    "the region has no name, so no theme template shows its content",
                )
                .with_help("name it after a `{{{region name=\"…\"}}}` of the theme template"),
            );
        } else if let Some(first) = first_index.get(name) {
            out.push(
                Diagnostic::warning(
                    DiagnosticCode::RegionNameDuplicate,
                    Location::document(key, at),
                    format!(
                        "region {} is also `regions[{first}]`; the theme shows one region \
                         of a name, so the content of one of them may not appear",
                        quote(name)
                    ),
                )
                .with_help("merge the two regions' children into one region"),
            );
        } else {
            first_index.insert(name, index);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::DiagnosticCode;
    use crate::test_support::{Fixture, codes, document, widget};
    use pageport_model::ChannelId;
    use serde_json::json;

    #[test]
    fn distinct_named_regions_are_fine() {
        let mut fixture = Fixture::new();
        fixture.documents.push(document(
            "pages/home",
            None,
            json!([{"name": "a", "children": []}, {"name": "b", "children": [widget(json!({}))]}]),
        ));
        fixture.documents.push(document(
            "pages/page",
            Some("5"),
            json!([{"name": "a", "children": []}]),
        ));
        assert!(fixture.run().is_empty());
    }

    #[test]
    fn empty_and_repeated_region_names_are_warnings() {
        let mut fixture = Fixture::new();
        fixture.documents.push(document(
            "pages/home",
            None,
            json!([
                {"name": "home_below_menu", "children": []},
                {"name": " ", "children": []},
                {"name": "home_below_menu", "children": []}
            ]),
        ));
        let report = fixture.run();
        assert_eq!(
            codes(&report),
            vec![
                DiagnosticCode::RegionNameEmpty,
                DiagnosticCode::RegionNameDuplicate
            ]
        );
        assert!(!report.has_errors());
        assert_eq!(
            report.diagnostics[1].to_string(),
            "warning[region.name-duplicate] page-widget document `channel 1 pages/home` at \
             `regions[2].name`: region `home_below_menu` is also `regions[0]`; the theme shows \
             one region of a name, so the content of one of them may not appear (help: merge \
             the two regions' children into one region)"
        );
    }

    #[test]
    fn a_document_for_another_channel_or_written_twice_is_an_error() {
        let mut fixture = Fixture::new();
        let mut elsewhere = document("pages/home", None, json!([]));
        elsewhere.key.channel_id = ChannelId(3);
        fixture.documents.push(elsewhere);
        fixture
            .documents
            .push(document("pages/page", Some("5"), json!([])));
        fixture
            .documents
            .push(document("pages/page", Some("5"), json!([])));
        let report = fixture.run();
        assert_eq!(
            codes(&report),
            vec![
                DiagnosticCode::DocumentDuplicate,
                DiagnosticCode::DocumentWrongChannel
            ]
        );
        assert_eq!(
            report.diagnostics[1].message,
            "the document would be published to channel `3`, not the target channel `1`"
        );
    }
}
