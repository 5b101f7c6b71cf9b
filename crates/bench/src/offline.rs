//! The offline-cost benchmark: everything `pageport plan` does after the network, timed phase
//! by phase — load the plan, read the bundle, build the target inventory, resolve + match +
//! remap (`Planner::new`), list the target documents to read, then diff + order + validate +
//! fingerprint (`Planner::finish`) — with the peak resident memory after each phase.

use crate::error::BenchError;
use crate::memory::{self, MemorySample};
use crate::target::target_inventory;
use pageport_bundle::read_bundle;
use pageport_mapping::PlanFile;
use pageport_mapping::plan_file::process_env;
use pageport_model::BundleCounts;
use pageport_plan::{MigrationPlan, Planner};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The fixture plan used when none is given: the generated source to an empty target channel.
pub const FIXTURE_PLAN: &str = include_str!("../fixtures/offline-plan.yaml");

/// How the fixture plan is named in reports and messages.
pub const FIXTURE_PLAN_PATH: &str = "crates/bench/fixtures/offline-plan.yaml";

/// The time goal for planning the large site offline, in milliseconds.
pub const GOAL_MILLIS: f64 = 1_000.0;

/// The memory goal for the same run: peak resident memory, in megabytes (10^6 bytes).
pub const GOAL_PEAK_MB: f64 = 300.0;

/// Which plan file to plan with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanSource {
    /// [`FIXTURE_PLAN`].
    Fixture,
    /// A plan file; `${VAR}` references are read from the environment.
    File(PathBuf),
}

/// What to benchmark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfflineOptions {
    /// The bundle directory.
    pub bundle: PathBuf,
    /// The plan.
    pub plan: PlanSource,
    /// Also serialize the plan to JSON (what `pageport plan --out` writes), as its own phase.
    pub serialize_plan: bool,
}

/// The result of one offline run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OfflineReport {
    /// The bundle directory, as given.
    pub bundle: String,
    /// The plan file, as given (or the fixture's path).
    pub plan: String,
    /// Each phase in order.
    pub phases: Vec<PhaseTiming>,
    /// Wall time from the first phase's start to the last one's end, in milliseconds.
    pub total_millis: f64,
    /// The process's peak resident memory at the end, in KiB (`None` off Linux).
    pub peak_rss_kib: Option<u64>,
    /// What the bundle holds.
    pub site: BundleCounts,
    /// What the plan came to.
    pub outcome: PlanOutcome,
}

/// One timed phase.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PhaseTiming {
    /// What the phase does.
    pub name: String,
    /// Its wall time, in milliseconds.
    pub millis: f64,
    /// The peak resident memory of the process when it ended, in KiB.
    pub peak_rss_kib: Option<u64>,
    /// The resident memory when it ended, in KiB.
    pub rss_kib: Option<u64>,
}

/// What the plan came to: enough to see that the benchmark planned the real thing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanOutcome {
    /// Writes the plan would make (creates, updates, overwrites).
    pub writes: usize,
    /// Target documents the planner asked to read (those of pages that already exist).
    pub documents_to_read: usize,
    /// Pages to create.
    pub page_creates: usize,
    /// Documents to publish.
    pub document_publishes: usize,
    /// Widget templates to create.
    pub template_creates: usize,
    /// Identifiers rewritten.
    pub rewrites: usize,
    /// Identifiers no rule maps.
    pub unmapped: usize,
    /// Error diagnostics.
    pub errors: usize,
    /// Warning diagnostics.
    pub warnings: usize,
    /// Diagnostics per code.
    pub by_code: BTreeMap<String, usize>,
    /// Bytes of the serialized plan, when it was serialized.
    pub plan_json_bytes: Option<usize>,
}

impl OfflineReport {
    /// The peak resident memory in megabytes, when known.
    pub fn peak_mb(&self) -> Option<f64> {
        self.peak_rss_kib.map(memory::kib_to_mb)
    }

    /// True when the run met both goals (time and memory); `None` when memory is unknown.
    pub fn meets_goal(&self) -> Option<bool> {
        self.peak_mb()
            .map(|mb| self.total_millis < GOAL_MILLIS && mb < GOAL_PEAK_MB)
    }
}

/// Times phases and samples memory after each.
struct Stopwatch {
    phases: Vec<PhaseTiming>,
}

impl Stopwatch {
    fn phase<T>(&mut self, name: &str, work: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let out = work();
        let millis = start.elapsed().as_secs_f64() * 1_000.0;
        let sample: Option<MemorySample> = memory::sample();
        self.phases.push(PhaseTiming {
            name: name.to_owned(),
            millis,
            peak_rss_kib: sample.map(|s| s.peak_rss_kib),
            rss_kib: sample.map(|s| s.rss_kib),
        });
        out
    }
}

/// Runs the offline benchmark once.
pub fn run_offline(options: &OfflineOptions) -> Result<OfflineReport, BenchError> {
    let mut watch = Stopwatch { phases: Vec::new() };
    let start = Instant::now();
    let plan = watch.phase("load plan", || load_plan(&options.plan))?;
    let bundle = watch
        .phase("read bundle", || read_bundle(&options.bundle))
        .map_err(|source| BenchError::Bundle {
            path: options.bundle.clone(),
            source,
        })?;
    let inventory = watch.phase("build target inventory", || {
        target_inventory(
            &bundle,
            plan.target.config.store_hash.clone(),
            plan.target.channel_id,
        )
    });
    let planner = watch
        .phase("resolve + match + remap", || {
            Planner::new(&bundle, &plan, inventory)
        })
        .map_err(BenchError::Planner)?;
    let keys = watch.phase("list target documents", || planner.document_keys_to_read());
    let migration = watch
        .phase("diff + order + validate + fingerprint", || {
            planner.finish(BTreeMap::new())
        })
        .map_err(BenchError::Planner)?;
    let plan_json_bytes = if options.serialize_plan {
        let json = watch
            .phase("serialize plan", || serde_json::to_string(&migration))
            .map_err(BenchError::SerializePlan)?;
        Some(json.len())
    } else {
        None
    };
    let total_millis = start.elapsed().as_secs_f64() * 1_000.0;
    // The kernel's RSS counters are approximate (per-thread batches), so a later `VmHWM` can
    // read a little below an earlier one; the peak is the highest value seen.
    let peak_rss_kib = memory::sample()
        .map(|s| s.peak_rss_kib)
        .into_iter()
        .chain(watch.phases.iter().filter_map(|p| p.peak_rss_kib))
        .max();
    Ok(OfflineReport {
        bundle: options.bundle.display().to_string(),
        plan: match &options.plan {
            PlanSource::Fixture => FIXTURE_PLAN_PATH.to_owned(),
            PlanSource::File(path) => path.display().to_string(),
        },
        phases: watch.phases,
        total_millis,
        peak_rss_kib,
        site: bundle.count(),
        outcome: PlanOutcome {
            documents_to_read: keys.len(),
            ..outcome(&migration, plan_json_bytes)
        },
    })
}

/// Loads the plan from its source.
fn load_plan(source: &PlanSource) -> Result<PlanFile, BenchError> {
    let (result, path) = match source {
        PlanSource::Fixture => (
            PlanFile::from_str(FIXTURE_PLAN, FIXTURE_PLAN_PATH, &process_env),
            Path::new(FIXTURE_PLAN_PATH),
        ),
        PlanSource::File(path) => (PlanFile::from_path(path, &process_env), path.as_path()),
    };
    result.map_err(|source| BenchError::PlanFile {
        path: path.to_owned(),
        source: Box::new(source),
    })
}

/// Counts what the plan does and what it found.
fn outcome(plan: &MigrationPlan, plan_json_bytes: Option<usize>) -> PlanOutcome {
    let mut by_code = BTreeMap::new();
    for diagnostic in &plan.diagnostics {
        *by_code.entry(diagnostic.code.clone()).or_insert(0) += 1;
    }
    PlanOutcome {
        writes: plan.summary.total.writes(),
        documents_to_read: 0,
        page_creates: plan.summary.pages.create,
        document_publishes: plan.summary.documents.create + plan.summary.documents.overwrite,
        template_creates: plan.summary.templates.create,
        rewrites: plan.rewrites.len(),
        unmapped: plan.unmapped.len(),
        errors: plan.error_count(),
        warnings: plan.warning_count(),
        by_code,
        plan_json_bytes,
    }
}
