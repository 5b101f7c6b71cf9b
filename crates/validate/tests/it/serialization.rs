//! The JSON form of a report: stable field order and a lossless round trip.

use crate::support::{Scenario, create, page};
use pageport_model::PageType;
use pageport_validate::{DiagnosticCode, ParentRef, Report};

#[test]
fn a_report_serializes_in_a_stable_shape_and_reads_back() {
    let mut scenario = Scenario::new();
    scenario
        .pages
        .push(create(3, page("Blog", PageType::Blog), ParentRef::None));
    let report = scenario.validate();
    let json = serde_json::to_string_pretty(&report).unwrap();
    assert_eq!(
        json,
        r#"{
  "diagnostics": [
    {
      "severity": "error",
      "code": "page.blog-not-creatable",
      "location": {
        "kind": "page",
        "source_id": 3,
        "name": "Blog",
        "path": ""
      },
      "message": "a `blog` page cannot be created through the API",
      "help": "create the blog in the control panel under Storefront › Blog, then re-run; the plan will then update it"
    }
  ]
}"#
    );
    let read_back: Report = serde_json::from_str(&json).unwrap();
    assert_eq!(read_back, report);
    assert_eq!(
        read_back.diagnostics[0].code,
        DiagnosticCode::PageBlogNotCreatable
    );
}
