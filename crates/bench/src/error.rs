//! The benchmark crate's error type.

use crate::spec::SpecError;
use pageport_bundle::BundleError;
use pageport_mapping::PlanFileError;
use pageport_plan::PlanError;
use std::path::PathBuf;
use thiserror::Error;

/// Why a benchmark could not run.
#[derive(Debug, Error)]
pub enum BenchError {
    /// The requested site cannot be built.
    #[error("the site cannot be generated")]
    Spec(#[source] SpecError),
    /// The bundle could not be written or read.
    #[error("bundle `{path}` cannot be used")]
    Bundle {
        /// The bundle directory.
        path: PathBuf,
        /// The cause.
        #[source]
        source: BundleError,
    },
    /// The bundle's size on disk could not be measured.
    #[error("cannot measure bundle `{path}`")]
    Measure {
        /// The file or directory.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The plan file is missing or invalid.
    #[error("plan `{path}` cannot be loaded")]
    PlanFile {
        /// The plan file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: Box<PlanFileError>,
    },
    /// The planner refused the bundle, plan or inventory.
    #[error("the planner refused the input")]
    Planner(#[source] PlanError),
    /// The plan could not be serialized.
    #[error("the plan cannot be serialized")]
    SerializePlan(#[source] serde_json::Error),
    /// The report could not be written to standard output.
    #[error("cannot write the report to standard output")]
    Output(#[source] std::io::Error),
    /// A repeated benchmark was asked for no runs.
    #[error("`--runs` must be at least 1")]
    NoRuns,
    /// A child run of a repeated benchmark could not be started.
    #[error("cannot start run {run} (`{program}`)")]
    Spawn {
        /// Which run, from 1.
        run: usize,
        /// The program.
        program: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A child run of a repeated benchmark failed.
    #[error("run {run} failed ({status}): {stderr}")]
    RunFailed {
        /// Which run, from 1.
        run: usize,
        /// How it exited.
        status: String,
        /// The end of what it wrote to standard error.
        stderr: String,
    },
    /// A child run printed something other than its JSON report.
    #[error("run {run} printed no valid report")]
    RunOutput {
        /// Which run, from 1.
        run: usize,
        /// The cause.
        #[source]
        source: serde_json::Error,
    },
    /// The in-process sandbox of a live benchmark could not start.
    #[error("the sandbox cannot start")]
    Sandbox(#[source] pageport_sandbox::SandboxError),
    /// A call of a live benchmark outside `apply` failed.
    #[error("cannot {what}")]
    Client {
        /// What was being done.
        what: &'static str,
        /// The cause.
        #[source]
        source: pageport_client::ClientError,
    },
    /// The target cannot be planned against (its channel has no category tree).
    #[error("the target cannot be planned against")]
    Target(#[source] Box<pageport_apply::inventory_reader::PlanAgainstTargetError>),
    /// `apply` stopped with an error.
    #[error("apply failed")]
    Apply(#[source] Box<pageport_apply::ApplyError>),
    /// The async runtime of a live benchmark could not start.
    #[error("cannot start the async runtime")]
    Runtime(#[source] std::io::Error),
    /// The state directory of a live run could not be created.
    #[error("cannot create the run's state directory")]
    StateDir(#[source] std::io::Error),
    /// A task of a live benchmark panicked or was cancelled.
    #[error("a benchmark task failed: {0}")]
    Task(String),
    /// A bundle could not be loaded into the sandbox of the scale benchmark.
    #[error("the bundle cannot be loaded into the sandbox")]
    Load(#[source] pageport_sandbox::LoadError),
    /// A publish of the scale benchmark failed or was refused.
    #[error("a publish failed: {0}")]
    Publish(String),
    /// A document could not be encoded as a publish body.
    #[error("cannot encode a publish body")]
    Report(#[source] serde_json::Error),
}

impl From<SpecError> for BenchError {
    fn from(error: SpecError) -> Self {
        BenchError::Spec(error)
    }
}
