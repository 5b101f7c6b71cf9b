//! Deleting pages: the listed ids, with their descendants (`delete_children=true`) or with their
//! direct children moved to the top level and hidden (the default, [P] `delete_children`).

use crate::state::StoreState;
use pageport_model::PageId;
use std::collections::BTreeSet;

/// Deletes the pages `ids` and returns the ids that did not exist. Ids deleted earlier in the
/// same call (as descendants) do not count as missing.
pub(super) fn delete_pages(store: &mut StoreState, ids: &[u64], delete_children: bool) -> Vec<u64> {
    let mut deleted = BTreeSet::new();
    let mut missing = Vec::new();
    for &raw in ids {
        let id = PageId(raw);
        if deleted.contains(&id) {
            continue;
        }
        if !store.pages.contains_key(&id) {
            missing.push(raw);
            continue;
        }
        if delete_children {
            for descendant in descendants(store, id) {
                store.pages.remove(&descendant);
                store.changed_pages.insert(descendant);
                deleted.insert(descendant);
            }
        } else {
            for (child_id, child) in store.pages.iter_mut() {
                if child.parent_id == Some(id) {
                    child.parent_id = Some(PageId(0));
                    child.is_visible = Some(false);
                    store.changed_pages.insert(*child_id);
                }
            }
        }
        store.pages.remove(&id);
        store.changed_pages.insert(id);
        deleted.insert(id);
    }
    missing
}

/// Every page below `root`, at any depth.
fn descendants(store: &StoreState, root: PageId) -> BTreeSet<PageId> {
    let mut found = BTreeSet::new();
    let mut frontier = vec![root];
    while let Some(parent) = frontier.pop() {
        for (id, page) in &store.pages {
            if page.parent_id == Some(parent) && *id != root && found.insert(*id) {
                frontier.push(*id);
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use pageport_model::{Page, PageType};

    fn store_with_chain() -> StoreState {
        let mut store = StoreState::empty("s", "t", 0);
        for (id, parent) in [(1, 0), (2, 1), (3, 2), (4, 0)] {
            let mut page = Page::new(format!("P{id}"), PageType::Page);
            page.id = Some(PageId(id));
            page.parent_id = Some(PageId(parent));
            page.is_visible = Some(true);
            store.pages.insert(PageId(id), page);
        }
        store
    }

    #[test]
    fn children_are_deleted_recursively_on_request() {
        let mut store = store_with_chain();
        assert_eq!(delete_pages(&mut store, &[1, 3, 9], true), vec![9]);
        assert_eq!(
            store.pages.keys().copied().collect::<Vec<_>>(),
            vec![PageId(4)]
        );
    }

    #[test]
    fn children_are_reparented_and_hidden_by_default() {
        let mut store = store_with_chain();
        assert!(delete_pages(&mut store, &[1], false).is_empty());
        let child = &store.pages[&PageId(2)];
        assert_eq!(
            (child.parent_id, child.is_visible),
            (Some(PageId(0)), Some(false))
        );
        assert_eq!(
            store.pages[&PageId(3)].parent_id,
            Some(PageId(2)),
            "grandchildren stay"
        );
    }
}
