//! Optional persistence: one JSON file per store in the data directory, written atomically
//! (temp file, fsync, rename), read back at start. STUB: to be completed.

use crate::SandboxError;
use crate::config::SandboxConfig;
use crate::state::StoreState;
use std::collections::BTreeMap;
use std::path::Path;

/// Loads persisted stores, seeding (or creating empty) the ones not on disk.
pub(crate) fn load_or_seed(
    config: &SandboxConfig,
) -> Result<BTreeMap<String, StoreState>, SandboxError> {
    let mut stores = BTreeMap::new();
    for (index, spec) in config.stores.iter().enumerate() {
        if stores.contains_key(&spec.store_hash) {
            return Err(SandboxError::Config(format!(
                "store `{}` is listed twice",
                spec.store_hash
            )));
        }
        let base = 100 * index as u64;
        stores.insert(
            spec.store_hash.clone(),
            StoreState::empty(&spec.store_hash, &spec.access_token, base),
        );
    }
    Ok(stores)
}

/// Writes one store atomically.
pub(crate) fn save_store(_dir: &Path, _store: &StoreState) -> std::io::Result<()> {
    Ok(())
}
