//! Benchmark results as the small text tables the binary prints (JSON is the reports' serde
//! form).

use crate::generate::GeneratedSite;
use crate::memory::kib_to_mb;
use crate::offline::{GOAL_MILLIS, GOAL_PEAK_MB, OfflineReport};
use crate::repeat::{RepeatedReport, Spread};
use pageport_model::{BundleCounts, Limits};
use std::fmt::Write;

/// Width of the phase-name column.
const NAME_WIDTH: usize = 40;

/// One offline run as a table.
pub fn render_offline(report: &OfflineReport) -> String {
    let mut out = header(report, None);
    let _ = writeln!(
        out,
        "{:<NAME_WIDTH$} {:>10} {:>14} {:>9}",
        "phase", "time ms", "peak RSS MB", "RSS MB"
    );
    for phase in &report.phases {
        let _ = writeln!(
            out,
            "{:<NAME_WIDTH$} {:>10.1} {:>14} {:>9}",
            phase.name,
            phase.millis,
            megabytes(phase.peak_rss_kib),
            megabytes(phase.rss_kib)
        );
    }
    let _ = writeln!(
        out,
        "{:<NAME_WIDTH$} {:>10.1} {:>14}",
        "total",
        report.total_millis,
        megabytes(report.peak_rss_kib)
    );
    out.push('\n');
    out.push_str(&verdict(report.total_millis, report.peak_mb(), "this run"));
    out
}

/// Several runs as median and range.
pub fn render_repeated(report: &RepeatedReport) -> String {
    let Some(first) = report.runs.first() else {
        return "no runs\n".to_owned();
    };
    let mut out = header(first, Some(report.runs.len()));
    let _ = writeln!(
        out,
        "{:<NAME_WIDTH$} {:>10} {:>10} {:>10}",
        "phase (ms)", "median", "min", "max"
    );
    let row = |out: &mut String, name: &str, spread: &Spread| {
        let _ = writeln!(
            out,
            "{name:<NAME_WIDTH$} {:>10.1} {:>10.1} {:>10.1}",
            spread.median, spread.min, spread.max
        );
    };
    for phase in &report.phases {
        row(&mut out, &phase.name, &phase.millis);
    }
    row(&mut out, "total", &report.total_millis);
    match &report.peak_mb {
        Some(peak) => row(&mut out, "peak RSS (MB)", peak),
        None => {
            let _ = writeln!(out, "{:<NAME_WIDTH$} {:>10}", "peak RSS (MB)", "n/a");
        }
    }
    out.push('\n');
    out.push_str(&verdict(
        report.total_millis.median,
        report.peak_mb.map(|p| p.median),
        "the median run",
    ));
    out
}

/// What `generate` wrote.
pub fn render_generated(site: &GeneratedSite) -> String {
    let spec = &site.spec;
    let limits = Limits::default();
    format!(
        "generated bundle `{}` (seed {}, source store `{}`)\n\
         site: {}\n\
         tree: {} levels deep (asked {}); the fullest document has {} layouts and {} widgets (limit {} and {})\n\
         files: {} files, {} bytes\n\
         time: {} ms to generate, {} ms to write\n",
        site.dir,
        spec.seed,
        site.source_store,
        self::site(&site.counts),
        site.depth_reached,
        spec.depth,
        site.max_layouts_per_document,
        site.max_widgets_per_document,
        limits.layouts_per_page,
        limits.widgets_per_page,
        thousands(site.files),
        thousands(site.bytes as usize),
        thousands(site.generate_millis.round() as usize),
        thousands(site.write_millis.round() as usize)
    )
}

/// The lines that say what was planned: the bundle, the plan and what they came to.
fn header(report: &OfflineReport, runs: Option<usize>) -> String {
    let mut out = String::new();
    let runs = runs.map_or_else(String::new, |n| {
        format!(", {n} runs (each a fresh process)")
    });
    let _ = writeln!(
        out,
        "offline planning of bundle `{}` with plan `{}`{runs}",
        report.bundle, report.plan
    );
    let _ = writeln!(out, "site: {}", site(&report.site));
    let outcome = &report.outcome;
    let _ = writeln!(
        out,
        "plan: {} writes ({} page creates, {} document publishes, {} template creates), {} ids rewritten, {} unmapped, {} target documents to read",
        thousands(outcome.writes),
        thousands(outcome.page_creates),
        thousands(outcome.document_publishes),
        thousands(outcome.template_creates),
        thousands(outcome.rewrites),
        thousands(outcome.unmapped),
        thousands(outcome.documents_to_read)
    );
    let codes: Vec<String> = outcome
        .by_code
        .iter()
        .map(|(code, count)| format!("{code} {}", thousands(*count)))
        .collect();
    let codes = if codes.is_empty() {
        String::new()
    } else {
        format!(" ({})", codes.join(", "))
    };
    let _ = writeln!(
        out,
        "diagnostics: {} errors, {} warnings{codes}",
        thousands(outcome.errors),
        thousands(outcome.warnings)
    );
    if let Some(bytes) = outcome.plan_json_bytes {
        let _ = writeln!(out, "plan JSON: {} bytes", thousands(bytes));
    }
    out.push('\n');
    out
}

/// The bundle's counts in one line.
fn site(counts: &BundleCounts) -> String {
    format!(
        "{} pages, {} documents, {} layouts, {} widgets, {} widget templates, {} products",
        thousands(counts.pages),
        thousands(counts.page_widgets),
        thousands(counts.layouts),
        thousands(counts.widgets),
        thousands(counts.widget_templates),
        thousands(counts.products)
    )
}

/// Whether the goal is met, and by how much it is missed if not.
fn verdict(millis: f64, peak_mb: Option<f64>, which: &str) -> String {
    let goal = format!(
        "goal (under {} ms and under {} MB peak RSS)",
        thousands(GOAL_MILLIS as usize),
        GOAL_PEAK_MB
    );
    let Some(peak) = peak_mb else {
        return format!("{goal}: unknown for {which} (no peak RSS on this platform)\n");
    };
    let mut misses = Vec::new();
    if millis >= GOAL_MILLIS {
        misses.push(format!(
            "time {millis:.1} ms is {:.1} ms ({:.0}%) over",
            millis - GOAL_MILLIS,
            (millis / GOAL_MILLIS - 1.0) * 100.0
        ));
    }
    if peak >= GOAL_PEAK_MB {
        misses.push(format!(
            "peak RSS {peak:.1} MB is {:.1} MB ({:.0}%) over",
            peak - GOAL_PEAK_MB,
            (peak / GOAL_PEAK_MB - 1.0) * 100.0
        ));
    }
    if misses.is_empty() {
        format!("{goal}: met by {which} ({millis:.1} ms, {peak:.1} MB)\n")
    } else {
        format!("{goal}: missed by {which}: {}\n", misses.join("; "))
    }
}

/// KiB as megabytes with one decimal, or `n/a`.
fn megabytes(kib: Option<u64>) -> String {
    kib.map_or_else(|| "n/a".to_owned(), |k| format!("{:.1}", kib_to_mb(k)))
}

pub use pageport_model::numbers::thousands;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::offline::{PhaseTiming, PlanOutcome};
    use crate::repeat::summarize;

    fn report(total: f64, peak_kib: u64) -> OfflineReport {
        let phase = |name: &str, millis: f64, peak: u64| PhaseTiming {
            name: name.to_owned(),
            millis,
            peak_rss_kib: Some(peak),
            rss_kib: Some(peak - 1_000),
        };
        let mut by_code = std::collections::BTreeMap::new();
        by_code.insert("leak.store-hash".to_owned(), 12);
        OfflineReport {
            bundle: "/tmp/site".into(),
            plan: "crates/bench/fixtures/offline-plan.yaml".into(),
            phases: vec![
                phase("read bundle", total * 0.6, peak_kib / 2),
                phase("resolve + match + remap", total * 0.4, peak_kib),
            ],
            total_millis: total,
            peak_rss_kib: Some(peak_kib),
            site: BundleCounts {
                pages: 4_000,
                page_widgets: 2_922,
                widget_templates: 8,
                layouts: 10_000,
                widgets: 50_000,
                products: 1_000,
                ..BundleCounts::default()
            },
            outcome: PlanOutcome {
                writes: 6_922,
                documents_to_read: 2,
                page_creates: 4_000,
                document_publishes: 2_922,
                template_creates: 0,
                rewrites: 61_234,
                unmapped: 0,
                errors: 0,
                warnings: 12,
                by_code,
                plan_json_bytes: None,
            },
        }
    }

    #[test]
    fn one_run_reads_as_a_table_with_the_verdict() {
        insta::assert_snapshot!(render_offline(&report(812.5, 200_000)), @r"
        offline planning of bundle `/tmp/site` with plan `crates/bench/fixtures/offline-plan.yaml`
        site: 4,000 pages, 2,922 documents, 10,000 layouts, 50,000 widgets, 8 widget templates, 1,000 products
        plan: 6,922 writes (4,000 page creates, 2,922 document publishes, 0 template creates), 61,234 ids rewritten, 0 unmapped, 2 target documents to read
        diagnostics: 0 errors, 12 warnings (leak.store-hash 12)

        phase                                       time ms    peak RSS MB    RSS MB
        read bundle                                   487.5          102.4     101.4
        resolve + match + remap                       325.0          204.8     203.8
        total                                         812.5          204.8

        goal (under 1,000 ms and under 300 MB peak RSS): met by this run (812.5 ms, 204.8 MB)
        ");
    }

    #[test]
    fn repeated_runs_show_median_and_range_and_what_is_missed() {
        let summary = summarize(vec![
            report(1_500.0, 400_000),
            report(1_200.0, 390_000),
            report(1_300.0, 395_000),
        ])
        .unwrap();
        insta::assert_snapshot!(render_repeated(&summary), @r"
        offline planning of bundle `/tmp/site` with plan `crates/bench/fixtures/offline-plan.yaml`, 3 runs (each a fresh process)
        site: 4,000 pages, 2,922 documents, 10,000 layouts, 50,000 widgets, 8 widget templates, 1,000 products
        plan: 6,922 writes (4,000 page creates, 2,922 document publishes, 0 template creates), 61,234 ids rewritten, 0 unmapped, 2 target documents to read
        diagnostics: 0 errors, 12 warnings (leak.store-hash 12)

        phase (ms)                                   median        min        max
        read bundle                                   780.0      720.0      900.0
        resolve + match + remap                       520.0      480.0      600.0
        total                                        1300.0     1200.0     1500.0
        peak RSS (MB)                                 404.5      399.4      409.6

        goal (under 1,000 ms and under 300 MB peak RSS): missed by the median run: time 1300.0 ms is 300.0 ms (30%) over; peak RSS 404.5 MB is 104.5 MB (35%) over
        ");
    }

    #[test]
    fn the_generated_site_summary_names_sizes_and_limits() {
        let site = GeneratedSite {
            dir: "/tmp/site".into(),
            spec: crate::SiteSpec::large(),
            source_store: "benchsource".into(),
            counts: report(1.0, 100_000).site,
            depth_reached: 4,
            max_layouts_per_document: 28,
            max_widgets_per_document: 150,
            files: 6_934,
            bytes: 45_734_474,
            generate_millis: 316.2,
            write_millis: 2_605.4,
        };
        insta::assert_snapshot!(render_generated(&site), @r"
        generated bundle `/tmp/site` (seed 1, source store `benchsource`)
        site: 4,000 pages, 2,922 documents, 10,000 layouts, 50,000 widgets, 8 widget templates, 1,000 products
        tree: 4 levels deep (asked 4); the fullest document has 28 layouts and 150 widgets (limit 150 and 150)
        files: 6,934 files, 45,734,474 bytes
        time: 316 ms to generate, 2,605 ms to write
        ");
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
