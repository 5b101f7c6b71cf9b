//! Repeating a benchmark in fresh processes (peak memory is per process, and a warm allocator
//! would flatter later runs) and summarising the runs as median and range.

use crate::error::BenchError;
use crate::memory::kib_to_mb;
use crate::offline::{GOAL_MILLIS, GOAL_PEAK_MB, OfflineReport};
use serde::{Deserialize, Serialize};
use std::ffi::OsString;
use std::path::Path;
use std::process::Command;

/// The median and range of some measurements.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Spread {
    /// The median (the mean of the two middle values for an even count).
    pub median: f64,
    /// The smallest value.
    pub min: f64,
    /// The largest value.
    pub max: f64,
}

impl Spread {
    /// The spread of `values`; `None` when there are none.
    pub fn of(values: &[f64]) -> Option<Self> {
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        let (first, last) = (*sorted.first()?, *sorted.last()?);
        let middle = sorted.len() / 2;
        let median = if sorted.len().is_multiple_of(2) {
            (sorted[middle - 1] + sorted[middle]) / 2.0
        } else {
            sorted[middle]
        };
        Some(Self {
            median,
            min: first,
            max: last,
        })
    }
}

/// One phase over every run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PhaseSpread {
    /// The phase.
    pub name: String,
    /// Its wall time, in milliseconds.
    pub millis: Spread,
}

/// Several runs of the offline benchmark and their summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RepeatedReport {
    /// Each phase's time over the runs.
    pub phases: Vec<PhaseSpread>,
    /// The total time over the runs, in milliseconds.
    pub total_millis: Spread,
    /// The peak resident memory over the runs, in megabytes (10^6 bytes).
    pub peak_mb: Option<Spread>,
    /// True when the median run meets both goals; `None` when memory is unknown.
    pub meets_goal: Option<bool>,
    /// Every run, in order.
    pub runs: Vec<OfflineReport>,
}

/// Runs `program args… --json` `runs` times, one process after another, and summarises.
pub fn run_repeated(
    program: &Path,
    args: &[OsString],
    runs: usize,
) -> Result<RepeatedReport, BenchError> {
    let mut reports = Vec::with_capacity(runs);
    for run in 1..=runs {
        let output = Command::new(program)
            .args(args)
            .arg("--json")
            .output()
            .map_err(|source| BenchError::Spawn {
                run,
                program: program.to_owned(),
                source,
            })?;
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let tail: String = stderr.trim().lines().last().unwrap_or_default().to_owned();
            return Err(BenchError::RunFailed {
                run,
                status: output.status.to_string(),
                stderr: tail,
            });
        }
        let report: OfflineReport = serde_json::from_slice(&output.stdout)
            .map_err(|source| BenchError::RunOutput { run, source })?;
        reports.push(report);
    }
    summarize(reports).ok_or(BenchError::NoRuns)
}

/// Summarises runs as median and range; `None` when there are none.
pub fn summarize(runs: Vec<OfflineReport>) -> Option<RepeatedReport> {
    let first = runs.first()?;
    let phases = first
        .phases
        .iter()
        .enumerate()
        .filter_map(|(index, phase)| {
            let values: Vec<f64> = runs
                .iter()
                .filter_map(|run| run.phases.get(index).map(|p| p.millis))
                .collect();
            Some(PhaseSpread {
                name: phase.name.clone(),
                millis: Spread::of(&values)?,
            })
        })
        .collect();
    let totals: Vec<f64> = runs.iter().map(|r| r.total_millis).collect();
    let total_millis = Spread::of(&totals)?;
    let peaks: Option<Vec<f64>> = runs.iter().map(|r| r.peak_rss_kib.map(kib_to_mb)).collect();
    let peak_mb = peaks.as_deref().and_then(Spread::of);
    let meets_goal =
        peak_mb.map(|mb| total_millis.median < GOAL_MILLIS && mb.median < GOAL_PEAK_MB);
    Some(RepeatedReport {
        phases,
        total_millis,
        peak_mb,
        meets_goal,
        runs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::offline::{PhaseTiming, PlanOutcome};
    use pageport_model::BundleCounts;

    fn run(read: f64, plan: f64, peak_kib: u64) -> OfflineReport {
        let phase = |name: &str, millis: f64| PhaseTiming {
            name: name.to_owned(),
            millis,
            peak_rss_kib: Some(peak_kib),
            rss_kib: Some(peak_kib / 2),
        };
        OfflineReport {
            bundle: "site".into(),
            plan: "plan.yaml".into(),
            phases: vec![phase("read bundle", read), phase("plan", plan)],
            total_millis: read + plan,
            peak_rss_kib: Some(peak_kib),
            site: BundleCounts::default(),
            outcome: PlanOutcome::default(),
        }
    }

    #[test]
    fn spread_takes_the_middle_and_the_ends() {
        let odd = Spread::of(&[3.0, 1.0, 2.0]).unwrap();
        assert_eq!((odd.median, odd.min, odd.max), (2.0, 1.0, 3.0));
        let even = Spread::of(&[4.0, 1.0, 2.0, 3.0]).unwrap();
        assert_eq!(even.median, 2.5);
        assert_eq!(Spread::of(&[]), None);
    }

    #[test]
    fn summary_is_per_phase_and_judges_the_median_run() {
        let summary = summarize(vec![
            run(300.0, 500.0, 200_000),
            run(400.0, 900.0, 250_000),
            run(350.0, 600.0, 210_000),
        ])
        .unwrap();
        assert_eq!(summary.phases.len(), 2);
        assert_eq!(summary.phases[0].name, "read bundle");
        assert_eq!(summary.phases[0].millis.median, 350.0);
        assert_eq!(summary.total_millis.median, 950.0);
        assert_eq!(summary.total_millis.max, 1_300.0);
        let peak = summary.peak_mb.unwrap();
        assert!((peak.median - kib_to_mb(210_000)).abs() < 1e-9);
        assert_eq!(summary.meets_goal, Some(true));
        let slow = summarize(vec![run(700.0, 500.0, 100_000)]).unwrap();
        assert_eq!(slow.meets_goal, Some(false));
        assert_eq!(summarize(Vec::new()), None);
    }
}
