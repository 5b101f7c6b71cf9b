//! The plan crate's error type: why a plan cannot be built, read or written.

use pageport_model::{ChannelId, StoreHash};
use thiserror::Error;

/// Why a migration plan could not be built, read or written.
#[derive(Debug, Error)]
pub enum PlanError {
    /// The bundle was extracted from another store or channel than the plan's source.
    #[error(
        "the bundle was extracted from store `{bundle_store}` channel `{bundle_channel}`, but the plan's source is store `{plan_store}` channel `{plan_channel}`"
    )]
    BundleNotFromSource {
        /// The bundle's store.
        bundle_store: StoreHash,
        /// The bundle's channel.
        bundle_channel: ChannelId,
        /// The plan's source store.
        plan_store: StoreHash,
        /// The plan's source channel.
        plan_channel: ChannelId,
    },
    /// The inventory was read from another store or channel than the plan's target.
    #[error(
        "the target inventory was read from store `{inventory_store}` channel `{inventory_channel}`, but the plan's target is store `{plan_store}` channel `{plan_channel}`"
    )]
    InventoryNotFromTarget {
        /// The inventory's store.
        inventory_store: StoreHash,
        /// The inventory's channel.
        inventory_channel: ChannelId,
        /// The plan's target store.
        plan_store: StoreHash,
        /// The plan's target channel.
        plan_channel: ChannelId,
    },
    /// A fresh inventory for a stale check is of another store or channel than the plan.
    #[error(
        "the inventory is of store `{inventory_store}` channel `{inventory_channel}`, but the plan targets store `{plan_store}` channel `{plan_channel}`"
    )]
    WrongInventory {
        /// The inventory's store.
        inventory_store: StoreHash,
        /// The inventory's channel.
        inventory_channel: ChannelId,
        /// The plan's target store.
        plan_store: StoreHash,
        /// The plan's target channel.
        plan_channel: ChannelId,
    },
    /// A target object could not be serialized to take its fingerprint.
    #[error("cannot fingerprint `{object}`")]
    Fingerprint {
        /// The object's fingerprint key, such as `page:512`.
        object: String,
        /// The serialization error.
        #[source]
        source: serde_json::Error,
    },
    /// A plan file is not valid plan JSON.
    #[error("the plan file is not valid plan JSON")]
    PlanJson {
        /// The JSON error, with its line and column.
        #[source]
        source: serde_json::Error,
    },
    /// A plan file was written by a pageport with another plan format.
    #[error(
        "the plan file has format version `{found}`, but this pageport reads version `{supported}`; re-run `pageport plan`"
    )]
    PlanFormatVersion {
        /// The version in the file.
        found: u64,
        /// The version this build reads and writes.
        supported: u32,
    },
    /// A plan or report could not be serialized.
    #[error("cannot serialize the plan")]
    Serialize {
        /// The serialization error.
        #[source]
        source: serde_json::Error,
    },
}
