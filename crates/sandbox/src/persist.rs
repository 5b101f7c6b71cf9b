//! Optional persistence, per store: a snapshot `<data_dir>/<store_hash>.json` and an append-only
//! journal `<data_dir>/<store_hash>.log` of what each write changed, so a write costs what it
//! changed, never a rewrite of the store.
//!
//! - The snapshot is written atomically (temp file in the same directory, fsync, rename, fsync of
//!   the directory): when a store is first created, when a bundle is loaded into it, and when
//!   the journal is compacted.
//! - Each write appends one JSON line to the journal ([`journal`]) with one `write`, then
//!   fsyncs it. A line holds the new value of every changed page and document (or its deletion)
//!   and the id counters; writes outside pages and documents also carry the store's other
//!   collections whole (channels, sites, templates, catalog: small beside the content).
//! - At start the journal is replayed over the snapshot and compacted into it (the snapshot
//!   rewritten, the journal removed); also when it grows past [`COMPACT_AFTER_BYTES`]. Lines
//!   hold values, not deltas, so replaying a line twice (a crash between the snapshot's rename
//!   and the journal's removal) changes nothing. A torn last line (a crash mid-append) is
//!   ignored with a warning; an unreadable line before the last is corruption.
//! - Derived data (the documents' per-channel totals) is never written: it is rebuilt as the
//!   documents are read.
//!
//! Tokens are never written: [`StoreState`] skips its token when serialized, journal lines hold
//! no token, and a loaded store takes its token from the configuration. Store hashes are checked
//! to be `[A-Za-z0-9_-]` at configuration time ([`crate::SandboxConfig::validate`]), so they are
//! safe as file names.

pub(crate) mod journal;

/// Journal bytes after which a store's journal is compacted into its snapshot during a write.
pub(crate) const COMPACT_AFTER_BYTES: u64 = 64 * 1024 * 1024;

use crate::SandboxError;
use crate::config::SandboxConfig;
use crate::state::StoreState;
use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Loads persisted stores, seeding (or creating empty) the ones not on disk. With a data
/// directory, stores that were not on disk are written at once, so a restart finds them even
/// if nothing changed them.
pub(crate) fn load_or_seed(
    config: &SandboxConfig,
) -> Result<BTreeMap<String, StoreState>, SandboxError> {
    config.validate()?;
    if let Some(dir) = &config.data_dir {
        fs::create_dir_all(dir).map_err(|source| SandboxError::Data {
            path: dir.clone(),
            source,
        })?;
    }
    let mut stores = BTreeMap::new();
    for (index, spec) in config.stores.iter().enumerate() {
        let persisted = match &config.data_dir {
            Some(dir) => load_store(dir, &spec.store_hash)?,
            None => None,
        };
        let store = match persisted {
            Some(mut store) => {
                store.access_token.clone_from(&spec.access_token);
                if let Some(dir) = &config.data_dir {
                    journal::replay(dir, &mut store)?;
                    compact(dir, &mut store).map_err(|source| SandboxError::Data {
                        path: store_file(dir, &store.store_hash),
                        source,
                    })?;
                }
                store
            }
            None => {
                let mut store = match config.seed {
                    Some(seed) => crate::seed::seed_store(seed, spec, index),
                    None => {
                        StoreState::empty(&spec.store_hash, &spec.access_token, 100 * index as u64)
                    }
                };
                store.page_widgets.take_changed();
                store.changed_pages.clear();
                if let Some(dir) = &config.data_dir {
                    compact(dir, &mut store).map_err(|source| SandboxError::Data {
                        path: store_file(dir, &store.store_hash),
                        source,
                    })?;
                }
                store
            }
        };
        stores.insert(spec.store_hash.clone(), store);
    }
    Ok(stores)
}

/// The file of one store.
pub(crate) fn store_file(dir: &Path, store_hash: &str) -> PathBuf {
    dir.join(format!("{store_hash}.json"))
}

/// Reads one store's file, if there is one.
fn load_store(dir: &Path, store_hash: &str) -> Result<Option<StoreState>, SandboxError> {
    let path = store_file(dir, store_hash);
    let text = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(SandboxError::Data { path, source }),
    };
    let store: StoreState =
        serde_json::from_str(&text).map_err(|source| SandboxError::Corrupt {
            path: path.clone(),
            source,
        })?;
    if store.store_hash != store_hash {
        return Err(SandboxError::Corrupt {
            source: <serde_json::Error as serde::de::Error>::custom(format!(
                "the file holds store `{}`, not `{store_hash}`",
                store.store_hash
            )),
            path,
        });
    }
    Ok(Some(store))
}

/// Writes one store atomically: a temp file in the same directory, fsynced, renamed over the
/// store's file, then the directory fsynced so the rename itself is durable.
pub(crate) fn save_store(dir: &Path, store: &StoreState) -> std::io::Result<()> {
    let json = serde_json::to_vec_pretty(store).map_err(std::io::Error::other)?;
    let target = store_file(dir, &store.store_hash);
    let temp = dir.join(format!(".{}.json.tmp", store.store_hash));
    {
        let mut file = File::create(&temp)?;
        file.write_all(&json)?;
        file.sync_all()?;
    }
    fs::rename(&temp, &target)?;
    sync_dir(dir)
}

/// Writes the store's snapshot and removes its journal (in that order: a crash between leaves
/// a journal whose lines the snapshot already holds, and replaying them changes nothing).
pub(crate) fn compact(dir: &Path, store: &mut StoreState) -> std::io::Result<()> {
    save_store(dir, store)?;
    journal::remove(dir, &store.store_hash)?;
    store.journal_bytes = 0;
    Ok(())
}

/// Fsyncs a directory (a no-op where directories cannot be opened as files).
pub(crate) fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pageport_model::{Page, PageId, PageType};

    #[test]
    fn a_saved_store_loads_back_without_its_token() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = StoreState::empty("abc", "secret-token", 0);
        let mut page = Page::new("About", PageType::Page);
        page.id = Some(PageId(1));
        store.pages.insert(PageId(1), page);
        save_store(dir.path(), &store).unwrap();
        let text = fs::read_to_string(store_file(dir.path(), "abc")).unwrap();
        assert!(!text.contains("secret-token"));
        let loaded = load_store(dir.path(), "abc").unwrap().unwrap();
        assert_eq!(loaded.pages, store.pages);
        assert!(loaded.access_token.is_empty());
        assert!(!dir.path().join(".abc.json.tmp").exists());
    }

    #[test]
    fn a_corrupt_file_is_reported_with_its_path() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(store_file(dir.path(), "abc"), "{not json").unwrap();
        let error = load_store(dir.path(), "abc").unwrap_err();
        assert!(matches!(&error, SandboxError::Corrupt { path, .. } if path.ends_with("abc.json")));
    }

    #[test]
    fn a_file_of_another_store_is_corrupt() {
        let dir = tempfile::tempdir().unwrap();
        save_store(dir.path(), &StoreState::empty("other", "t", 0)).unwrap();
        fs::rename(
            store_file(dir.path(), "other"),
            store_file(dir.path(), "abc"),
        )
        .unwrap();
        assert!(matches!(
            load_store(dir.path(), "abc"),
            Err(SandboxError::Corrupt { .. })
        ));
    }
}
