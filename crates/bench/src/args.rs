//! The command line, as typed: one struct per subcommand; the doc comments are the help.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// pageport's benchmarks: generate a large site, measure the offline cost of planning it.
///
/// Exit codes: 0 when the benchmark ran (whether or not it met its goal), 1 on an error.
#[derive(Debug, Parser)]
#[command(name = "pageport-bench", version)]
pub(crate) struct Cli {
    /// What to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The benchmarks.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Write a realistic source site as a bundle (the same files for the same seed).
    Generate(GenerateArgs),
    /// Time reading a bundle and planning it against an in-process target (no network).
    Offline(OfflineArgs),
    /// Migrate a bundle into an in-process sandbox over HTTP: calls against the lower bound,
    /// wall time against the quota floor, documents published per second.
    Live(LiveArgs),
    /// Time page-widgets publishes in an empty store and in one loaded with the bundle (with
    /// `--data`, also both persisted to a data directory).
    Sandbox(SandboxArgs),
}

/// `pageport-bench sandbox`.
#[derive(Debug, Args)]
pub(crate) struct SandboxArgs {
    /// The bundle directory (from `pageport-bench generate`).
    #[arg(long, value_name = "DIR")]
    pub bundle: PathBuf,
    /// Distinct documents published per round (spread over the bundle's documents).
    #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u32).range(1..))]
    pub documents: u32,
    /// Rounds of publishes; the first is a warm-up and is not counted.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(2..))]
    pub rounds: u32,
    /// Also measure with a data directory (a journal line fsynced per publish).
    #[arg(long)]
    pub data: bool,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `pageport-bench generate`.
#[derive(Debug, Args)]
pub(crate) struct GenerateArgs {
    /// Web pages, of every creatable type.
    #[arg(long, default_value_t = 4_000)]
    pub pages: usize,
    /// Widgets across all page-widget documents.
    #[arg(long, default_value_t = 50_000)]
    pub widgets: usize,
    /// Layouts across all page-widget documents.
    #[arg(long, default_value_t = 10_000)]
    pub layouts: usize,
    /// Levels of the page tree.
    #[arg(long, default_value_t = 4)]
    pub depth: usize,
    /// The random seed.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The bundle directory to write (a bundle already there is replaced; anything else is
    /// refused).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `pageport-bench offline`.
#[derive(Debug, Args)]
pub(crate) struct OfflineArgs {
    /// The bundle directory (from `pageport-bench generate`).
    #[arg(long, value_name = "DIR")]
    pub bundle: PathBuf,
    /// The plan file; by default the built-in fixture `crates/bench/fixtures/offline-plan.yaml`.
    #[arg(long, value_name = "PLAN.yaml")]
    pub plan: Option<PathBuf>,
    /// Run this many times, each in a fresh process, and report median and range.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
    pub runs: u32,
    /// Also serialize the plan to JSON, as `pageport plan --out` does, as its own phase.
    #[arg(long)]
    pub serialize_plan: bool,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `pageport-bench live`.
#[derive(Debug, Args)]
pub(crate) struct LiveArgs {
    /// The bundle directory (from `pageport-bench generate`).
    #[arg(long, value_name = "DIR")]
    pub bundle: PathBuf,
    /// The sandbox's quota as REQUESTS/WINDOW_MS (e.g. `150/3000`); unlimited when absent.
    #[arg(long, value_name = "REQUESTS/WINDOW_MS")]
    pub quota: Option<pageport_sandbox::Quota>,
    /// Documents published (and read) at once.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..))]
    pub concurrency: u32,
    /// Pages per bulk create or update.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..))]
    pub batch_size: u32,
    /// Requests per quota window the client leaves for other apps (default: 10% of the quota).
    #[arg(long, value_name = "N")]
    pub reserve: Option<u32>,
    /// Inject 429 bursts: the probability that a request starts one (e.g. `0.02`).
    #[arg(long, value_name = "RATE")]
    pub inject_429: Option<f64>,
    /// Length of each injected 429 burst.
    #[arg(long, default_value_t = 3)]
    pub burst_len: u32,
    /// `X-Retry-After` seconds of injected 429s.
    #[arg(long, default_value_t = 1)]
    pub retry_after: u64,
    /// Seed of the fault injection.
    #[arg(long, default_value_t = 7)]
    pub fault_seed: u64,
    /// Run this many times (each a fresh sandbox, in this process).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
    pub runs: u32,
    /// Print the reports as JSON.
    #[arg(long)]
    pub json: bool,
}
