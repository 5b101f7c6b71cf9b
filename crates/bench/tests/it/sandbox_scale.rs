//! The sandbox scale benchmark on a tiny site: every case publishes the same documents, the
//! loaded store holds the whole site and the empty one only what was published, and `--data`
//! adds the persisted cases (no timing is asserted).

use pageport_bench::sandbox_scale::{ScaleOptions, render_scale, run_scale};
use pageport_bench::{SiteSpec, write_site};

#[test]
fn every_case_publishes_the_same_documents() {
    let dir = tempfile::tempdir().unwrap();
    let bundle = dir.path().join("site");
    let spec = SiteSpec {
        pages: 40,
        widgets: 300,
        layouts: 50,
        depth: 3,
        seed: 5,
    };
    let site = write_site(&spec, &bundle).unwrap();
    let report = run_scale(&ScaleOptions {
        bundle,
        documents: 5,
        rounds: 3,
        with_data: true,
    })
    .unwrap();
    let names: Vec<&str> = report.cases.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["empty", "loaded", "empty+data", "loaded+data"]);
    for case in &report.cases {
        assert_eq!(case.publishes, 10, "{}: 2 counted rounds of 5", case.name);
        assert!(case.publish_millis.min <= case.publish_millis.median);
        assert!(case.publish_millis.median <= case.publish_millis.max);
    }
    let documents = site.counts.page_widgets;
    assert_eq!(report.cases[0].pages, 0);
    assert_eq!(report.cases[0].documents, 5, "only the published documents");
    assert_eq!(report.cases[1].documents, documents, "republished in place");
    assert_eq!(report.cases[1].pages, site.counts.pages);
    assert_eq!(report.ratios.len(), 2);
    let text = render_scale(&report);
    assert!(text.contains("loaded+data: median"), "{text}");
}
