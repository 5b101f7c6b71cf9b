//! The workflow crate's error type: every way a command's steps fail before rendering.

use pageport_apply::inventory_reader::PlanAgainstTargetError;
use pageport_bundle::BundleError;
use pageport_client::ClientError;
use pageport_extract::ExtractError;
use pageport_model::ChannelId;
use pageport_plan::PlanError;
use pageport_sandbox::SandboxError;
use std::path::PathBuf;
use thiserror::Error;

/// Why a command's steps failed. Messages name the plan's store names and paths; causes stay
/// in `source` for the binary to print as a chain.
#[derive(Debug, Error)]
pub enum WorkflowError {
    /// `select.pages` names pages the source channel does not have (a wrong plan, not a
    /// failed read).
    #[error(transparent)]
    UnmatchedPages(pageport_extract::UnmatchedPages),
    /// A command names a store the plan file does not define.
    #[error("store `{store}` is not defined in the plan; it defines {known}")]
    UnknownStore {
        /// The store asked for.
        store: String,
        /// The stores the plan defines, comma-separated.
        known: String,
    },
    /// A real store has no access token.
    #[error("store `{store}` has no access_token; set it, e.g. `access_token: ${{BC_TOKEN}}`")]
    MissingToken {
        /// The store's name in the plan.
        store: String,
    },
    /// The API client of a store could not be built.
    #[error("cannot set up the client for store `{store}`")]
    Client {
        /// The store's name in the plan.
        store: String,
        /// The builder's error.
        #[source]
        source: ClientError,
    },
    /// `api_base: sandbox:<seed>` names no seed the sandbox has.
    #[error("api_base `sandbox:{seed}`: {reason}")]
    UnknownSeed {
        /// The seed named.
        seed: String,
        /// Why it was refused, with the seeds there are.
        reason: String,
    },
    /// A directory under the state directory could not be created.
    #[error("cannot create `{}`", path.display())]
    StateDir {
        /// The directory.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The embedded sandbox did not start.
    #[error("cannot start the embedded sandbox")]
    EmbeddedSandbox(#[source] SandboxError),
    /// A bundle directory could not be read.
    #[error("cannot use bundle `{}`", dir.display())]
    ReadBundle {
        /// The bundle directory.
        dir: PathBuf,
        /// Why.
        #[source]
        source: BundleError,
    },
    /// Extracting from the source store failed.
    #[error("cannot read the source store `{store}`")]
    ReadSource {
        /// The source store's name in the plan.
        store: String,
        /// The extractor's error.
        #[source]
        source: ExtractError,
    },
    /// Reading the catalog objects the source content references failed.
    #[error("cannot read the source catalog")]
    ReadSourceCatalog(#[source] ExtractError),
    /// Reading the target store failed (nothing was written).
    #[error("cannot read the target store `{store}`")]
    ReadTarget {
        /// The target store's name in the plan.
        store: String,
        /// The client's error.
        #[source]
        source: ClientError,
    },
    /// The content references categories and the target channel has no category tree.
    #[error(
        "channel {channel} of the target store `{store}` has no category tree, so categories \
         cannot be matched in it (assign a category tree to the channel)"
    )]
    NoCategoryTree {
        /// The target store's name in the plan.
        store: String,
        /// The target channel.
        channel: ChannelId,
    },
    /// The planner refused the bundle, plan file or inventory.
    #[error(transparent)]
    Plan(#[from] PlanError),
    /// A channel copy names the same channel twice.
    #[error("--from-channel and --to-channel are both {channel}; nothing to copy")]
    SameChannel {
        /// The channel named twice.
        channel: ChannelId,
    },
    /// Listing a store's channels failed.
    #[error("cannot list the channels of store `{store}`")]
    ListChannels {
        /// The store's name in the plan.
        store: String,
        /// The client's error.
        #[source]
        source: ClientError,
    },
    /// A channel copy names a channel the store does not have.
    #[error("channel {channel} does not exist in store `{store}`; it has {known}")]
    ChannelMissing {
        /// The missing channel.
        channel: ChannelId,
        /// The store's name in the plan.
        store: String,
        /// The store's channels, as `id (name)`, comma-separated.
        known: String,
    },
    /// A saved plan file could not be read.
    #[error("cannot read the saved plan `{}`", path.display())]
    ReadSavedPlan {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// A saved plan file is not a plan this pageport can apply.
    #[error("`{}` is not a usable saved plan: {reason}", path.display())]
    SavedPlan {
        /// The file.
        path: PathBuf,
        /// Why, in the plan format's own words (part of the message, as before).
        reason: PlanError,
    },
}

impl WorkflowError {
    /// The error of a failed [`pageport_apply::inventory_reader::plan_against_target`], naming
    /// the target by its name in the plan.
    pub(crate) fn from_planning(error: PlanAgainstTargetError, target_store: &str) -> Self {
        match error {
            PlanAgainstTargetError::ReadTarget { source, .. } => Self::ReadTarget {
                store: target_store.to_owned(),
                source,
            },
            PlanAgainstTargetError::NoCategoryTree { channel, .. } => Self::NoCategoryTree {
                store: target_store.to_owned(),
                channel,
            },
            PlanAgainstTargetError::Plan(error) => Self::Plan(error),
        }
    }
}
