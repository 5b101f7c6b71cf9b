//! Named starting contents for the stores (`--seed demo`).
//!
//! - `demo`: a realistic staging site and a production store to migrate it to
//!
//! Seeds are deterministic: fixed ids, uuids and dates, so snapshots of what pageport does with
//! them are stable.

mod demo;

use crate::config::{Seed, StoreSpec};
use crate::state::StoreState;

/// The content of the store `spec`, the `index`-th store of the configuration, under `seed`.
pub(crate) fn seed_store(seed: Seed, spec: &StoreSpec, index: usize) -> StoreState {
    match seed {
        Seed::Demo => demo::store(spec, index),
    }
}
