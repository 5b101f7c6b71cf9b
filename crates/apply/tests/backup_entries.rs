//! Backups are bundles read through the same checked reader: hostile names from the target
//! store stay inside the backup directory, and a backup whose entries lead out of it is refused
//! by `restore` before any request reaches the store.
//!
//! (A test binary of its own, beside `it`, so it can be added without touching `it/main.rs`.)

use pageport_apply::backup::{new_backup, read_backup, write_backup};
use pageport_apply::{RestoreError, RestoreOptions, restore};
use pageport_bundle::BundleError;
use pageport_model::file_names::is_safe_component;
use pageport_model::{
    ChannelId, Page, PageId, PageType, PageWidgetsDocument, PageWidgetsKey, StoreHash,
};
use pageport_plan::migration_plan::StoreChannel;
use pageport_test_support::client::store_client;
use pageport_test_support::{PRODUCTION_TOKEN, Workdir};
use std::fs;
use std::path::{Path, PathBuf};

const STORE: &str = "production";

fn target() -> StoreChannel {
    StoreChannel {
        store_hash: StoreHash::from(STORE),
        channel_id: ChannelId(1),
    }
}

/// A backup of pages and documents whose names and keys try to climb out.
fn hostile_backup() -> pageport_model::Bundle {
    let hostile = [
        "../../x",
        "/etc/passwd",
        "..",
        "nul\u{0}byte",
        "..\\..\\x",
        &"y".repeat(5_000),
    ];
    let pages = hostile
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let mut page = Page::new(*name, PageType::Page);
            page.id = Some(PageId(i as u64 + 1));
            page.body = Some(Some(format!("<p>{name}</p>")));
            page
        })
        .collect();
    let documents = hostile
        .iter()
        .map(|value| PageWidgetsDocument {
            key: PageWidgetsKey {
                channel_id: ChannelId(1),
                template_file: Some((*value).into()),
                entity_id: Some((*value).into()),
            },
            regions: vec![],
        })
        .collect();
    new_backup(&target(), pages, documents)
}

/// Every entry under `root`, without following symlinks.
fn walk(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_owned()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let meta = fs::symlink_metadata(&path).unwrap();
            assert!(!meta.file_type().is_symlink(), "{path:?} is a symlink");
            if meta.is_dir() {
                stack.push(path.clone());
            }
            out.push(path);
        }
    }
    out
}

#[test]
fn hostile_names_in_a_backup_stay_inside_it() {
    let tmp = Workdir::new();
    let run = tmp.path().canonicalize().unwrap().join("run");
    fs::create_dir(&run).unwrap();
    let backup_dir = run.join("backup");
    let backup = hostile_backup();
    write_backup(&backup_dir, &backup).unwrap();

    let beside: Vec<PathBuf> = fs::read_dir(&run)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(
        beside,
        vec![backup_dir.clone()],
        "nothing beside the backup"
    );
    let entries = walk(&backup_dir);
    let files = entries.iter().filter(|p| p.is_file()).count();
    assert_eq!(files, 4 + backup.pages.len() + backup.page_widgets.len());
    for path in &entries {
        assert!(path.canonicalize().unwrap().starts_with(&backup_dir));
        for component in path.strip_prefix(&backup_dir).unwrap().components() {
            let name = component.as_os_str().to_str().expect("UTF-8");
            assert!(is_safe_component(name) && name.len() <= 255, "{name:?}");
        }
    }
    assert_eq!(read_backup(&backup_dir).unwrap(), backup);
}

#[cfg(unix)]
#[tokio::test]
async fn restore_refuses_a_backup_that_leads_outside_and_sends_nothing() {
    let sandbox = pageport_test_support::two_stores();
    let client = store_client(&sandbox, STORE, PRODUCTION_TOKEN);

    let tmp = Workdir::new();
    let run = tmp.path().join("run");
    fs::create_dir(&run).unwrap();
    let backup_dir = run.join("backup");
    write_backup(&backup_dir, &hostile_backup()).unwrap();
    // Someone swaps the backup's pages for a link to pages of their choosing.
    let planted = tmp.path().join("planted");
    write_backup(&planted, &hostile_backup()).unwrap();
    fs::remove_dir_all(backup_dir.join("pages")).unwrap();
    std::os::unix::fs::symlink(planted.join("pages"), backup_dir.join("pages")).unwrap();

    for from in [&run, &backup_dir] {
        let error = restore(&client, from, &RestoreOptions::default())
            .await
            .unwrap_err();
        let RestoreError::Backup { source, .. } = &error else {
            panic!("expected a backup error, got {error}");
        };
        assert!(
            matches!(source, BundleError::UnsafeEntry { path } if path.ends_with("pages")),
            "{source}"
        );
    }
    assert!(
        sandbox.sandbox().requests().is_empty(),
        "no request reached the store: {:?}",
        sandbox.sandbox().requests()
    );
}
