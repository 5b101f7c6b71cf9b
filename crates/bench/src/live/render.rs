//! A live run as the text the binary prints.

use super::{CallCounts, GOAL_CALLS_RATIO, GOAL_QUOTA_RATIO, LiveReport};
use crate::render::thousands;
use std::fmt::Write;

/// One or more live runs: each run's calls against the bound, its timing and its verdicts.
pub fn render_live(reports: &[LiveReport]) -> String {
    let mut out = String::new();
    for (index, report) in reports.iter().enumerate() {
        if reports.len() > 1 {
            let _ = writeln!(out, "== run {} of {}", index + 1, reports.len());
        }
        out.push_str(&render_one(report));
        out.push('\n');
    }
    if reports.len() > 1 {
        let mut walls: Vec<f64> = reports.iter().map(|r| r.wall_millis).collect();
        walls.sort_by(f64::total_cmp);
        let median = walls[walls.len() / 2];
        let _ = writeln!(
            out,
            "wall time over {} runs: median {median:.0} ms, min {:.0} ms, max {:.0} ms",
            walls.len(),
            walls[0],
            walls[walls.len() - 1]
        );
    }
    out
}

/// One run.
fn render_one(report: &LiveReport) -> String {
    let mut out = String::new();
    let quota = report.quota.map_or_else(
        || "unlimited".to_owned(),
        |q| format!("{}/{} ms", q.requests, q.window_ms),
    );
    let reserve = report
        .reserve
        .map_or_else(|| "default".to_owned(), |r| r.to_string());
    let _ = writeln!(
        out,
        "live migration of `{}` into sandbox store `{}`: quota {quota} (client reserve {reserve}), batch {}, concurrency {}{}",
        report.bundle,
        super::TARGET_STORE_HASH,
        report.batch_size,
        report.concurrency,
        report.faults.as_ref().map_or_else(String::new, |f| format!(
            ", injected 429 bursts (rate {}, {} long, retry after {} s, seed {})",
            f.rate_429, f.burst_len, f.retry_after_secs, f.seed
        ))
    );
    let _ = writeln!(
        out,
        "site: {} pages, {} documents, {} widgets, {} products",
        thousands(report.site.pages),
        thousands(report.site.page_widgets),
        thousands(report.site.widgets),
        thousands(report.site.products)
    );
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{:<28} {:>8} {:>8} {:>8} {:>8}",
        "calls", "plan", "apply", "total", "bound"
    );
    let calls = report.calls();
    let rows: [(&str, Kind); 10] = [
        ("GET pages", |c| c.get_pages),
        ("GET widget templates", |c| c.get_templates),
        ("GET products", |c| c.get_products),
        ("GET page widgets", |c| c.get_documents),
        ("POST pages (bulk create)", |c| c.post_pages),
        ("PUT pages (bulk update)", |c| c.put_pages),
        ("POST widget templates", |c| c.post_templates),
        ("POST page widgets", |c| c.post_documents),
        ("other", |c| c.other),
        ("total", CallCounts::total),
    ];
    for (name, get) in rows {
        let _ = writeln!(
            out,
            "{name:<28} {:>8} {:>8} {:>8} {:>8}",
            thousands(get(&report.plan_calls)),
            thousands(get(&report.apply_calls)),
            thousands(get(&calls)),
            thousands(get(&report.bound))
        );
    }
    let _ = writeln!(out);
    let ratio = report.calls_ratio();
    let _ = writeln!(
        out,
        "API economy: {} calls, bound {}, ratio {ratio:.4} (goal at most {GOAL_CALLS_RATIO:.2}: {})",
        thousands(calls.total()),
        thousands(report.bound.total()),
        met(ratio <= GOAL_CALLS_RATIO)
    );
    let _ = writeln!(
        out,
        "time: {:.0} ms wall (read + plan {:.0} ms, apply {:.0} ms; publishes {:.0} ms, {:.1} documents/s)",
        report.wall_millis,
        report.plan_millis,
        report.apply_millis,
        report.publish_millis,
        report.documents_per_second()
    );
    let _ = writeln!(
        out,
        "429s: {} from the quota, {} injected; {} retries; {} ms waited by the client",
        report.quota_429s, report.injected_429s, report.retries, report.waited_millis
    );
    if let (Some(floor), Some(ratio)) = (report.quota_floor_millis(), report.quota_ratio()) {
        let _ = writeln!(
            out,
            "quota efficiency: floor {floor:.0} ms, wall ÷ floor {ratio:.3} (goal at most {GOAL_QUOTA_RATIO:.2}: {})",
            met(ratio <= GOAL_QUOTA_RATIO)
        );
    }
    let after = report.target_after;
    let expected = report.target_expected;
    let _ = writeln!(
        out,
        "target after: {} pages, {} documents, {} templates (expected {}, {}, {}); {} failed steps: {}",
        thousands(after.pages),
        thousands(after.documents),
        after.templates,
        thousands(expected.pages),
        thousands(expected.documents),
        expected.templates,
        report.failed_steps,
        if report.finished_correctly() {
            "finished correctly"
        } else {
            "NOT finished correctly"
        }
    );
    for failure in &report.first_failures {
        let _ = writeln!(out, "  failed: {failure}");
    }
    out
}

/// Reads one kind of call from counts.
type Kind = fn(&CallCounts) -> usize;

/// `met` or `missed`.
fn met(yes: bool) -> &'static str {
    if yes { "met" } else { "missed" }
}
