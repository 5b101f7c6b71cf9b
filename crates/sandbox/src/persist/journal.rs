//! A store's journal, `<data_dir>/<store_hash>.log`: one JSON line per write holding the new
//! value of what the write changed ([`Record`]), appended and fsynced before the write answers.

use crate::SandboxError;
use crate::documents::Entry;
use crate::state::{NextIds, StoreState, StoredCategory};
use pageport_model::{
    Brand, CategoryTree, CategoryTreeId, Channel, ChannelId, Page, PageId, PageWidgetsKey, Product,
    ProductChannelAssignment, Region, Site, WidgetTemplate,
};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

/// What a write may have changed beyond the pages and documents it notes itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// Only pages and page-widget documents (each noted by key as it changes).
    Content,
    /// Anything: the store's other collections are journaled whole.
    Everything,
}

/// One journal line.
#[derive(Serialize, Deserialize)]
pub(crate) struct Record<P, D, R> {
    /// Changed pages: the page as it now is, or `{"deleted": id}`.
    #[serde(default = "Vec::new", skip_serializing_if = "Vec::is_empty")]
    pub(crate) pages: Vec<PageChange<P>>,
    /// Changed documents: `{key, regions}`, `regions` null when the document was removed.
    #[serde(default = "Vec::new", skip_serializing_if = "Vec::is_empty")]
    pub(crate) documents: Vec<Entry<PageWidgetsKey, Option<D>>>,
    /// The id counters after the write.
    pub(crate) next_ids: NextIds,
    /// The store's other collections after the write, for writes that may change them.
    #[serde(default = "none", skip_serializing_if = "Option::is_none")]
    pub(crate) rest: Option<R>,
}

/// An absent `rest`.
fn none<R>() -> Option<R> {
    None
}

/// One changed page.
#[derive(Debug, Serialize, Deserialize)]
#[serde(untagged)]
pub(crate) enum PageChange<P> {
    /// The page was deleted.
    Deleted {
        /// Its id.
        deleted: PageId,
    },
    /// The page as it now is.
    Stored(P),
}

/// The store's collections other than pages and documents, borrowed for writing.
#[derive(Serialize)]
pub(crate) struct RestRef<'a> {
    channels: &'a BTreeMap<ChannelId, Channel>,
    sites: &'a BTreeMap<ChannelId, Site>,
    widget_templates: &'a BTreeMap<String, WidgetTemplate>,
    products: &'a BTreeMap<u64, Product>,
    categories: &'a BTreeMap<u64, StoredCategory>,
    category_trees: &'a BTreeMap<CategoryTreeId, CategoryTree>,
    product_channels: &'a BTreeSet<ProductChannelAssignment>,
    brands: &'a BTreeMap<u64, Brand>,
}

/// The same collections, owned, as read back.
#[derive(Deserialize)]
pub(crate) struct Rest {
    channels: BTreeMap<ChannelId, Channel>,
    sites: BTreeMap<ChannelId, Site>,
    widget_templates: BTreeMap<String, WidgetTemplate>,
    products: BTreeMap<u64, Product>,
    categories: BTreeMap<u64, StoredCategory>,
    category_trees: BTreeMap<CategoryTreeId, CategoryTree>,
    product_channels: BTreeSet<ProductChannelAssignment>,
    brands: BTreeMap<u64, Brand>,
}

/// A line as written (borrowing the store).
type Outgoing<'a> = Record<&'a Page, &'a Vec<Region>, RestRef<'a>>;

/// A line as read back.
type Incoming = Record<Page, Vec<Region>, Rest>;

/// The journal file of one store.
pub(crate) fn journal_file(dir: &Path, store_hash: &str) -> PathBuf {
    dir.join(format!("{store_hash}.log"))
}

/// The line of one write: the changes the store noted since the last line (taking them, so
/// they are noted once), with the other collections when `scope` says they may have changed.
/// Without a data directory the caller still calls this (and drops the line) so the notes do
/// not pile up.
pub(crate) fn line(store: &mut StoreState, scope: Scope) -> Result<Vec<u8>, serde_json::Error> {
    let changed_pages = std::mem::take(&mut store.changed_pages);
    let changed_documents = store.page_widgets.take_changed();
    let record: Outgoing<'_> = Record {
        pages: changed_pages
            .into_iter()
            .map(|id| match store.pages.get(&id) {
                Some(page) => PageChange::Stored(page),
                None => PageChange::Deleted { deleted: id },
            })
            .collect(),
        documents: changed_documents
            .into_iter()
            .map(|key| {
                let regions = store.page_widgets.get(&key);
                Entry { key, regions }
            })
            .collect(),
        next_ids: store.next_ids.clone(),
        rest: (scope == Scope::Everything).then_some(RestRef {
            channels: &store.channels,
            sites: &store.sites,
            widget_templates: &store.widget_templates,
            products: &store.products,
            categories: &store.categories,
            category_trees: &store.category_trees,
            product_channels: &store.product_channels,
            brands: &store.brands,
        }),
    };
    let mut bytes = serde_json::to_vec(&record)?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// Appends one line to the store's journal and fsyncs it; returns the bytes written.
pub(crate) fn append(dir: &Path, store_hash: &str, line: &[u8]) -> std::io::Result<u64> {
    let path = journal_file(dir, store_hash);
    let created = !path.exists();
    let mut file = OpenOptions::new().create(true).append(true).open(&path)?;
    file.write_all(line)?;
    file.sync_data()?;
    if created {
        super::sync_dir(dir)?;
    }
    Ok(line.len() as u64)
}

/// Removes the store's journal (after its lines went into the snapshot).
pub(crate) fn remove(dir: &Path, store_hash: &str) -> std::io::Result<()> {
    match fs::remove_file(journal_file(dir, store_hash)) {
        Ok(()) => super::sync_dir(dir),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(error) => Err(error),
    }
}

/// Replays the store's journal, if any, over the store read from its snapshot; returns the
/// lines applied. A torn last line is skipped with a warning.
pub(crate) fn replay(dir: &Path, store: &mut StoreState) -> Result<usize, SandboxError> {
    let path = journal_file(dir, &store.store_hash);
    let bytes = match fs::read(&path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(source) => return Err(SandboxError::Data { path, source }),
    };
    let lines: Vec<&[u8]> = bytes
        .split(|byte| *byte == b'\n')
        .filter(|line| !line.is_empty())
        .collect();
    let mut applied = 0;
    for (index, line) in lines.iter().enumerate() {
        match serde_json::from_slice::<Incoming>(line) {
            Ok(record) => {
                apply(store, record);
                applied += 1;
            }
            Err(error) if index + 1 == lines.len() => {
                tracing::warn!(
                    path = %path.display(),
                    line = index + 1,
                    %error,
                    "ignoring the journal's torn last line (a write cut short by a crash)"
                );
            }
            Err(source) => return Err(SandboxError::Corrupt { path, source }),
        }
    }
    store.page_widgets.take_changed();
    store.changed_pages.clear();
    Ok(applied)
}

/// Applies one line to the store.
fn apply(store: &mut StoreState, record: Incoming) {
    for change in record.pages {
        match change {
            PageChange::Deleted { deleted } => {
                store.pages.remove(&deleted);
            }
            PageChange::Stored(page) => {
                if let Some(id) = page.id {
                    store.pages.insert(id, page);
                }
            }
        }
    }
    for Entry { key, regions } in record.documents {
        match regions {
            Some(regions) => store.page_widgets.insert(key, regions),
            None => store.page_widgets.remove(&key),
        };
    }
    store.next_ids = record.next_ids;
    if let Some(rest) = record.rest {
        store.channels = rest.channels;
        store.sites = rest.sites;
        store.widget_templates = rest.widget_templates;
        store.products = rest.products;
        store.categories = rest.categories;
        store.category_trees = rest.category_trees;
        store.product_channels = rest.product_channels;
        store.brands = rest.brands;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pageport_model::PageType;

    fn page(id: u64, name: &str) -> Page {
        let mut page = Page::new(name, PageType::Page);
        page.id = Some(PageId(id));
        page
    }

    #[test]
    fn a_line_holds_what_changed_and_no_token() {
        let mut store = StoreState::empty("abc", "secret-token", 0);
        store.pages.insert(PageId(1), page(1, "One"));
        store.pages.insert(PageId(2), page(2, "Two"));
        store.changed_pages.insert(PageId(2));
        store.changed_pages.insert(PageId(3));
        let text = String::from_utf8(line(&mut store, Scope::Content).unwrap()).unwrap();
        assert!(text.ends_with('\n') && text.matches('\n').count() == 1);
        assert!(text.contains("\"Two\"") && !text.contains("\"One\""));
        assert!(text.contains("{\"deleted\":3}"));
        assert!(!text.contains("channels") && !text.contains("secret-token"));
        let again = String::from_utf8(line(&mut store, Scope::Everything).unwrap()).unwrap();
        assert!(!again.contains("\"Two\""), "changes are taken once");
        assert!(again.contains("\"channels\""));
    }

    #[test]
    fn replay_applies_lines_and_skips_a_torn_last_one() {
        let dir = tempfile::tempdir().unwrap();
        let mut live = StoreState::empty("abc", "t", 0);
        live.pages.insert(PageId(1), page(1, "One"));
        live.changed_pages.insert(PageId(1));
        let first = line(&mut live, Scope::Content).unwrap();
        live.pages.remove(&PageId(1));
        live.changed_pages.insert(PageId(1));
        live.pages.insert(PageId(2), page(2, "Two"));
        live.changed_pages.insert(PageId(2));
        let second = line(&mut live, Scope::Content).unwrap();
        append(dir.path(), "abc", &first).unwrap();
        append(dir.path(), "abc", &second).unwrap();
        append(dir.path(), "abc", b"{\"pages\":[{\"name\":\"Torn").unwrap();

        let mut store = StoreState::empty("abc", "t", 0);
        assert_eq!(replay(dir.path(), &mut store).unwrap(), 2);
        assert_eq!(store.pages, live.pages);
        assert!(store.changed_pages.is_empty());
    }

    #[test]
    fn an_unreadable_line_before_the_last_is_corruption() {
        let dir = tempfile::tempdir().unwrap();
        let mut live = StoreState::empty("abc", "t", 0);
        let good = line(&mut live, Scope::Content).unwrap();
        append(dir.path(), "abc", b"garbage\n").unwrap();
        append(dir.path(), "abc", &good).unwrap();
        let mut store = StoreState::empty("abc", "t", 0);
        assert!(matches!(
            replay(dir.path(), &mut store),
            Err(SandboxError::Corrupt { path, .. }) if path.ends_with("abc.log")
        ));
    }
}
