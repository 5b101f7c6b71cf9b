//! One writer per target: an exclusive OS file lock per store + channel, held for the whole of
//! an `apply`, `restore` or `duplicate`, so two runs never write the same channel at once (two
//! runs each creating a missing template would leave two, and every later plan would fail on
//! an ambiguous name).
//!
//! The lock file lives in a directory shared by every state directory of the machine
//! ([`default_lock_dir`]: `PAGEPORT_LOCK_DIR`, else `pageport-locks` in the system's temporary
//! directory), so runs with different `--state-dir` exclude each other too. The OS releases
//! the lock when its process ends, however it ends, so a killed run leaves no stale lock. Runs
//! on different machines are not excluded: the BigCommerce API offers no lock to take in the
//! store (docs/operations.md says so).

use pageport_model::{ChannelId, StoreHash};
use serde::{Deserialize, Serialize};
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

/// The environment variable that moves the lock directory.
pub const LOCK_DIR_VAR: &str = "PAGEPORT_LOCK_DIR";

/// The lock directory: `PAGEPORT_LOCK_DIR` when set, else `pageport-locks` under the system's
/// temporary directory.
pub fn default_lock_dir() -> PathBuf {
    std::env::var_os(LOCK_DIR_VAR)
        .filter(|dir| !dir.is_empty())
        .map_or_else(
            || std::env::temp_dir().join("pageport-locks"),
            PathBuf::from,
        )
}

/// Who holds a target lock, as written in the lock file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockHolder {
    /// The holding process.
    pub pid: u32,
    /// What it is doing: `apply`, `restore`, `duplicate`.
    pub command: String,
    /// When it took the lock, RFC 3339 UTC.
    pub since: String,
}

/// Why a target lock could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Another run holds the lock.
    #[error(
        "store `{store_hash}` channel {channel_id} is being written by another pageport run{}; \
         wait for it to finish (the lock is `{}`)",
        holder.as_ref().map(describe).unwrap_or_default(),
        path.display()
    )]
    Held {
        /// The target store.
        store_hash: StoreHash,
        /// The target channel.
        channel_id: ChannelId,
        /// The lock file.
        path: PathBuf,
        /// What the lock file says about the holder, when it could be read.
        holder: Option<LockHolder>,
    },
    /// The lock file could not be created or locked.
    #[error("cannot take the lock `{}`", path.display())]
    Io {
        /// The lock file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
}

fn describe(holder: &LockHolder) -> String {
    format!(
        " (process {}, `{}`, since {})",
        holder.pid, holder.command, holder.since
    )
}

/// An exclusive lock on one target store + channel, released when dropped.
#[derive(Debug)]
pub struct TargetLock {
    file: File,
    path: PathBuf,
}

impl TargetLock {
    /// Takes the lock for `store_hash` + `channel_id` in `lock_dir`, or says who holds it.
    /// Never waits.
    pub fn acquire(
        lock_dir: &Path,
        store_hash: &StoreHash,
        channel_id: ChannelId,
        command: &str,
    ) -> Result<Self, LockError> {
        let path = lock_dir.join(lock_file_name(store_hash, channel_id));
        let io = |source| LockError::Io {
            path: path.clone(),
            source,
        };
        std::fs::create_dir_all(lock_dir).map_err(io)?;
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut text = String::new();
                let holder = file
                    .read_to_string(&mut text)
                    .ok()
                    .and_then(|_| serde_json::from_str(&text).ok());
                return Err(LockError::Held {
                    store_hash: store_hash.clone(),
                    channel_id,
                    path,
                    holder,
                });
            }
            Err(TryLockError::Error(source)) => return Err(io(source)),
        }
        let holder = LockHolder {
            pid: std::process::id(),
            command: command.to_owned(),
            since: pageport_model::timestamps::utc_seconds(jiff::Timestamp::now()),
        };
        let text = serde_json::to_string(&holder).unwrap_or_default();
        file.set_len(0)
            .and_then(|()| file.rewind())
            .and_then(|()| file.write_all(text.as_bytes()))
            .and_then(|()| file.flush())
            .map_err(io)?;
        Ok(Self { file, path })
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for TargetLock {
    fn drop(&mut self) {
        // Closing the file releases the lock; unlocking first makes it explicit.
        let _ = self.file.unlock();
    }
}

/// `<store>-ch<channel>.lock`, with the store hash kept to file-name-safe characters.
fn lock_file_name(store_hash: &StoreHash, channel_id: ChannelId) -> String {
    let store: String = store_hash
        .as_str()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    format!("{store}-ch{channel_id}.lock")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_on_the_same_target_is_refused_naming_the_holder() {
        let dir = tempfile::tempdir().unwrap();
        let store = StoreHash::from("production");
        let first = TargetLock::acquire(dir.path(), &store, ChannelId(1), "apply").unwrap();
        let refused = TargetLock::acquire(dir.path(), &store, ChannelId(1), "restore")
            .expect_err("the target is locked");
        let LockError::Held { holder, .. } = &refused else {
            panic!("{refused}");
        };
        assert_eq!(holder.as_ref().map(|h| h.pid), Some(std::process::id()));
        assert!(refused.to_string().contains("`apply`"), "{refused}");
        // Another channel, or another store, is another lock.
        let other_channel = TargetLock::acquire(dir.path(), &store, ChannelId(2), "apply");
        assert!(other_channel.is_ok());
        let other_store = TargetLock::acquire(
            dir.path(),
            &StoreHash::from("staging"),
            ChannelId(1),
            "apply",
        );
        assert!(other_store.is_ok());
        drop(first);
        assert!(TargetLock::acquire(dir.path(), &store, ChannelId(1), "apply").is_ok());
    }

    #[test]
    fn lock_files_are_named_safely_and_case_blind() {
        assert_eq!(
            lock_file_name(&StoreHash::from("AbC/../x"), ChannelId(3)),
            "abc____x-ch3.lock"
        );
    }
}
