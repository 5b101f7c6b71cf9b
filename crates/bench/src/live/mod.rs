//! The live benchmarks (API economy, quota efficiency, concurrency): one full migration of a
//! generated site into an in-process sandbox over real HTTP on loopback — read the target,
//! plan exactly as `pageport plan` does, `apply` — timed, with every call counted from the
//! sandbox's request log and compared with the lower bound the plan implies.
//!
//! - `calls` — calls by kind, and the lower bound
//! - `setup` — the sandbox, the target's client and its catalog (prepared before timing)
//! - `render` — the text report

mod calls;
mod render;
mod setup;

pub use calls::{BoundInputs, CallCounts};
pub use render::render_live;
pub use setup::TARGET_STORE_HASH;

use crate::error::BenchError;
use pageport_apply::inventory_reader::{PlanAgainstTargetError, plan_against_target};
use pageport_apply::{ApplyOptions, NoProgress, apply};
use pageport_bundle::read_bundle;
use pageport_client::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, StoreClient};
use pageport_mapping::PlanFile;
use pageport_model::{Bundle, BundleCounts, ChannelId};
use pageport_plan::{MigrationPlan, skus_to_look_up};
use pageport_sandbox::{FaultConfig, LoggedRequest, Outcome, Quota, Sandbox};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// The live benchmark's plan.
pub const LIVE_PLAN: &str = include_str!("../../fixtures/live-plan.yaml");

/// How the live plan is named in reports and messages.
pub const LIVE_PLAN_PATH: &str = "crates/bench/fixtures/live-plan.yaml";

/// Failures a report quotes.
const FAILURES_SHOWN: usize = 5;

/// SKUs per `sku:in` chunk the client sends (the client's `IN_FILTER_CHUNK`).
pub const SKU_CHUNK: usize = 50;

/// API-economy goal: calls at most this many times the lower bound.
pub const GOAL_CALLS_RATIO: f64 = 1.05;

/// Quota-efficiency goal: wall time at most this many times the quota floor.
pub const GOAL_QUOTA_RATIO: f64 = 1.10;

/// What to run.
#[derive(Debug, Clone, PartialEq)]
pub struct LiveOptions {
    /// The bundle directory (from `pageport-bench generate`).
    pub bundle: PathBuf,
    /// The sandbox's quota; `None` serves without limit.
    pub quota: Option<Quota>,
    /// Documents published (and read) at once.
    pub concurrency: usize,
    /// Pages per bulk write.
    pub batch_size: usize,
    /// The client's quota reserve; `None`: the client's default (10% of the quota).
    pub reserve: Option<u32>,
    /// Faults injected once the target is prepared (`None`: none).
    pub faults: Option<FaultConfig>,
}

/// The result of one live run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LiveReport {
    /// The bundle directory, as given.
    pub bundle: String,
    /// What the bundle holds.
    pub site: BundleCounts,
    /// The sandbox's quota (`None`: unlimited).
    pub quota: Option<Quota>,
    /// Documents published at once.
    pub concurrency: usize,
    /// Pages per bulk write.
    pub batch_size: usize,
    /// The client's reserve (`None`: its default).
    pub reserve: Option<u32>,
    /// The faults injected.
    pub faults: Option<FaultConfig>,
    /// Wall time of the whole migration (read target + plan + apply), in milliseconds.
    pub wall_millis: f64,
    /// Of which reading the target and planning.
    pub plan_millis: f64,
    /// Of which `apply` (its own target read, backup, writes, journal).
    pub apply_millis: f64,
    /// Milliseconds from the first document publish's arrival to the last one's answer.
    pub publish_millis: f64,
    /// Calls while reading the target and planning.
    pub plan_calls: CallCounts,
    /// Calls of `apply`.
    pub apply_calls: CallCounts,
    /// What the lower bound is computed from.
    pub bound_inputs: BoundInputs,
    /// The lower bound.
    pub bound: CallCounts,
    /// 429 answers of the sandbox's quota.
    pub quota_429s: usize,
    /// 429 answers injected by fault injection.
    pub injected_429s: usize,
    /// Retries the client made.
    pub retries: u64,
    /// Time the client spent waiting (quota, 429s, backoff), in milliseconds.
    pub waited_millis: u64,
    /// Steps `apply` reported failed.
    pub failed_steps: usize,
    /// The first few failures, as `label: message`.
    pub first_failures: Vec<String>,
    /// What the target holds afterwards.
    pub target_after: TargetCounts,
    /// What it must hold: what it held before plus what the plan creates.
    pub target_expected: TargetCounts,
}

/// Objects in the target store.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetCounts {
    /// Web pages.
    pub pages: usize,
    /// Page-widget documents.
    pub documents: usize,
    /// Widget templates.
    pub templates: usize,
}

impl LiveReport {
    /// Every call of the migration.
    pub fn calls(&self) -> CallCounts {
        self.plan_calls.plus(&self.apply_calls)
    }

    /// Calls ÷ lower bound.
    pub fn calls_ratio(&self) -> f64 {
        self.calls().total() as f64 / self.bound.total().max(1) as f64
    }

    /// Calls that reached the store's quota (all but injected faults) ÷ quota × window, in
    /// milliseconds; `None` without a quota.
    pub fn quota_floor_millis(&self) -> Option<f64> {
        self.quota.map(|q| {
            let counted = self.calls().total().saturating_sub(self.injected_429s);
            counted as f64 / f64::from(q.requests) * q.window_ms as f64
        })
    }

    /// Wall time ÷ quota floor; `None` without a quota.
    pub fn quota_ratio(&self) -> Option<f64> {
        self.quota_floor_millis()
            .map(|floor| self.wall_millis / floor.max(1.0))
    }

    /// Documents published per second of the publish phase.
    pub fn documents_per_second(&self) -> f64 {
        self.apply_calls.post_documents as f64 / (self.publish_millis.max(1.0) / 1_000.0)
    }

    /// True when the target holds exactly what it must and no step failed.
    pub fn finished_correctly(&self) -> bool {
        self.failed_steps == 0 && self.target_after == self.target_expected
    }
}

/// Loads the live plan with the batch size and concurrency asked for.
pub fn live_plan(options: &LiveOptions) -> Result<PlanFile, BenchError> {
    let mut plan = PlanFile::from_str(LIVE_PLAN, LIVE_PLAN_PATH, &|_| None).map_err(|source| {
        BenchError::PlanFile {
            path: PathBuf::from(LIVE_PLAN_PATH),
            source: Box::new(source),
        }
    })?;
    plan.batch_size = options.batch_size.max(1);
    plan.concurrency = options.concurrency.max(1);
    plan.quota_reserve = options.reserve;
    Ok(plan)
}

/// Runs one live migration: prepares the target, then times and counts the migration.
pub fn run_live(options: &LiveOptions) -> Result<LiveReport, BenchError> {
    let bundle = read_bundle(&options.bundle).map_err(|source| BenchError::Bundle {
        path: options.bundle.clone(),
        source,
    })?;
    let plan = live_plan(options)?;
    let target = setup::start_target(options.quota, plan.batch_size, options.reserve)?;
    let state_dir = tempfile::tempdir().map_err(BenchError::StateDir)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(BenchError::Runtime)?;
    let sandbox = target.running.sandbox().clone();
    let report = runtime.block_on(async {
        setup::create_products(&target.client, &bundle).await?;
        if let Some(quota) = options.quota {
            // Start the migration with a fresh quota window, as a new day's run would.
            tokio::time::sleep(Duration::from_millis(quota.window_ms + 100)).await;
        }
        if let Some(faults) = &options.faults {
            sandbox.set_faults(faults.clone());
        }
        let apply_options = ApplyOptions {
            batch_size: plan.batch_size,
            concurrency: plan.concurrency,
            // Benchmarks run beside each other in tests: each keeps its own lock.
            lock_dir: state_dir.path().join("locks"),
            ..ApplyOptions::new(state_dir.path())
        };
        migrate(&sandbox, &target.client, &bundle, &plan, &apply_options).await
    });
    drop(runtime);
    target.running.stop();
    let mut report = report?;
    report.bundle = options.bundle.display().to_string();
    report.quota = options.quota;
    report.reserve = options.reserve;
    report.faults = options.faults.clone();
    Ok(report)
}

/// The timed, counted migration.
async fn migrate(
    sandbox: &Sandbox,
    client: &StoreClient,
    bundle: &Bundle,
    plan: &PlanFile,
    options: &ApplyOptions,
) -> Result<LiveReport, BenchError> {
    let before = target_counts(sandbox);
    let mut bound_inputs = read_side_inputs(sandbox, bundle, plan.target.channel_id, options);
    let start_log = sandbox.requests().len();
    let stats_before = client.stats();
    let start = Instant::now();
    let migration = plan_migration(client, bundle, plan).await?;
    let plan_millis = millis_since(start);
    let planned_log = sandbox.requests().len();
    let apply_start = Instant::now();
    let summary = apply(&migration, client, options, &NoProgress)
        .await
        .map_err(|source| BenchError::Apply(Box::new(source)))?;
    let apply_millis = millis_since(apply_start);
    let wall_millis = millis_since(start);
    let stats = client.stats();
    let log = sandbox.requests();
    let plan_log = log.get(start_log..planned_log).unwrap_or_default();
    let apply_log = log.get(planned_log..).unwrap_or_default();
    let migration_log = log.get(start_log..).unwrap_or_default();
    bound_inputs = bound_inputs.with_plan(&migration);
    let created = TargetCounts {
        pages: bound_inputs.page_creates,
        documents: migration.summary.documents.create,
        templates: bound_inputs.template_creates,
    };
    Ok(LiveReport {
        bundle: String::new(),
        site: bundle.count(),
        quota: None,
        concurrency: options.concurrency,
        batch_size: options.batch_size,
        reserve: None,
        faults: None,
        wall_millis,
        plan_millis,
        apply_millis,
        publish_millis: publish_span(apply_log),
        plan_calls: CallCounts::of(plan_log),
        apply_calls: CallCounts::of(apply_log),
        bound: bound_inputs.bound(),
        bound_inputs,
        quota_429s: count_429s(migration_log, Outcome::Answered),
        injected_429s: count_429s(migration_log, Outcome::Faulted),
        retries: stats.retries - stats_before.retries,
        waited_millis: (stats.waited - stats_before.waited).as_millis() as u64,
        failed_steps: summary.failed.len(),
        first_failures: summary
            .failed
            .iter()
            .take(FAILURES_SHOWN)
            .map(|f| format!("{}: {}", f.label, f.message))
            .collect(),
        target_after: target_counts(sandbox),
        target_expected: TargetCounts {
            pages: before.pages + created.pages,
            documents: before.documents + created.documents,
            templates: before.templates + created.templates,
        },
    })
}

/// Reads the target and plans, as `pageport plan` does.
async fn plan_migration(
    client: &StoreClient,
    bundle: &Bundle,
    plan: &PlanFile,
) -> Result<MigrationPlan, BenchError> {
    plan_against_target(client, plan, bundle)
        .await
        .map_err(|error| match error {
            PlanAgainstTargetError::ReadTarget { source, .. } => BenchError::Client {
                what: "read the target",
                source,
            },
            PlanAgainstTargetError::Plan(error) => BenchError::Planner(error),
            missing @ PlanAgainstTargetError::NoCategoryTree { .. } => {
                BenchError::Target(Box::new(missing))
            }
        })
}

/// The read side of the bound, from the target as it is before the migration.
fn read_side_inputs(
    sandbox: &Sandbox,
    bundle: &Bundle,
    channel: ChannelId,
    options: &ApplyOptions,
) -> BoundInputs {
    let state = sandbox.store_state(TARGET_STORE_HASH);
    let templates_of = |wanted: ChannelId| {
        state.as_ref().map_or(0, |s| {
            s.widget_templates
                .values()
                .filter(|t| t.channel_id.unwrap_or(ChannelId(0)) == wanted)
                .count()
        })
    };
    let skus: BTreeSet<String> = skus_to_look_up(bundle).into_iter().collect();
    BoundInputs {
        target_pages: state.as_ref().map_or(0, |s| s.pages.len()),
        target_channel_templates: templates_of(channel),
        target_global_templates: (channel != ChannelId(0)).then(|| templates_of(ChannelId(0))),
        skus: skus.len(),
        page_size: DEFAULT_PAGE_SIZE as usize,
        sku_chunk: SKU_CHUNK,
        catalog_page_size: MAX_PAGE_SIZE as usize,
        batch_size: options.batch_size.max(1),
        ..BoundInputs::default()
    }
}

/// What the target store holds now.
fn target_counts(sandbox: &Sandbox) -> TargetCounts {
    sandbox
        .store_state(TARGET_STORE_HASH)
        .map_or_else(TargetCounts::default, |s| TargetCounts {
            pages: s.pages.len(),
            documents: s.page_widgets.len(),
            templates: s.widget_templates.len(),
        })
}

/// 429 answers with the given outcome.
fn count_429s(log: &[LoggedRequest], outcome: Outcome) -> usize {
    log.iter()
        .filter(|r| r.status == 429 && r.outcome == outcome)
        .count()
}

/// From the first publish's arrival to the last publish's answer, in milliseconds.
fn publish_span(log: &[LoggedRequest]) -> f64 {
    let publishes = log.iter().filter(|r| {
        r.method == "POST"
            && r.path
                .trim_end_matches('/')
                .ends_with("/content/page-widgets")
    });
    let (first, last) = publishes.fold((u64::MAX, 0), |(first, last), r| {
        (first.min(r.at_ms), last.max(r.at_ms + r.elapsed_ms))
    });
    if first == u64::MAX {
        0.0
    } else {
        last.saturating_sub(first) as f64
    }
}

/// Milliseconds since `start`.
fn millis_since(start: Instant) -> f64 {
    start.elapsed().as_secs_f64() * 1_000.0
}
