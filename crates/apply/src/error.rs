//! Why an apply or a restore could not run (or stopped). Failures of single writes are not
//! errors: they are reported per step in the summary, and the run goes on without them.

use crate::journal::JournalError;
use pageport_bundle::BundleError;
use pageport_client::ClientError;
use pageport_model::StoreHash;
use pageport_plan::PlanError;
use std::path::PathBuf;

/// Why `apply` or `restore` stopped before finishing.
#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    /// The plan's source and target are one channel of one store.
    #[error(
        "the plan's source and target are the same: store `{store_hash}` channel {channel_id}; refusing to write a channel from its own content"
    )]
    SourceIsTarget {
        /// The store.
        store_hash: pageport_model::StoreHash,
        /// The channel.
        channel_id: pageport_model::ChannelId,
    },
    /// Another run is writing the same target store and channel.
    #[error(transparent)]
    Locked(#[from] crate::LockError),
    /// The plan has error diagnostics; applying it would write something known to be wrong.
    #[error("the plan has {errors} error(s); fix them and plan again before applying")]
    PlanHasErrors {
        /// How many error diagnostics.
        errors: usize,
    },
    /// The client talks to another store than the one the plan (or backup) is for.
    #[error("the client is for store `{client_store}`, but the plan targets store `{plan_store}`")]
    WrongStore {
        /// The client's store.
        client_store: StoreHash,
        /// The plan's (or backup's) store.
        plan_store: StoreHash,
    },
    /// Target objects the plan read changed since it was made.
    #[error(
        "the plan is stale: the target changed since it was made ({}); run `pageport plan` again",
        objects.iter().map(|o| format!("`{o}`")).collect::<Vec<_>>().join(", ")
    )]
    StalePlan {
        /// The changed objects' fingerprint keys (`page:512`, `pages:store`, …), in order.
        objects: Vec<String>,
    },
    /// Reading the target store failed before any write.
    #[error("cannot read the target store `{store}`")]
    ReadTarget {
        /// The target store.
        store: StoreHash,
        /// The client's error.
        #[source]
        source: ClientError,
    },
    /// The run's journal could not be read or written.
    #[error("the run journal failed")]
    Journal(#[from] JournalError),
    /// The backup could not be written or read.
    #[error("cannot use the backup in `{path}`")]
    Backup {
        /// The backup directory.
        path: PathBuf,
        /// The bundle I/O error.
        #[source]
        source: BundleError,
    },
    /// A file of the run directory could not be read or written.
    #[error("cannot access `{path}`")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A JSON file of the run directory is not what pageport wrote there.
    #[error("`{path}` is not a valid run file")]
    RunFile {
        /// The file.
        path: PathBuf,
        /// The JSON error.
        #[source]
        source: serde_json::Error,
    },
    /// The plan could not be serialized or fingerprinted.
    #[error("cannot serialize the plan")]
    Plan(#[from] PlanError),
    /// The test hook `ApplyOptions::stop_after_writes` stopped the run, as a kill would (only
    /// with the `test-hooks` feature).
    #[cfg(feature = "test-hooks")]
    #[error("stopped after {writes} write(s), as asked by `stop_after_writes`")]
    StoppedByTestHook {
        /// Writes sent in this attempt.
        writes: usize,
    },
}

impl ApplyError {
    /// An I/O error on `path`.
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::Io {
            path: path.into(),
            source,
        }
    }
}
