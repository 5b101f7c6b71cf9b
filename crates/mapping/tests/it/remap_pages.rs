//! Pages' `parent_id` and `channel_id` through the tables, and the page id map's pending state.

use crate::support::tables;
use pageport_mapping::plan_file::UnmappedPolicy;
use pageport_mapping::{Pending, Rewrite, RewriteKind, Unmapped, remap_page};
use pageport_model::{ChannelId, Page, PageId, PageType};

fn page(id: u64, parent: u64) -> Page {
    let mut page = Page::new(format!("Page {id}"), PageType::Page);
    page.id = Some(PageId(id));
    page.channel_id = Some(ChannelId(1));
    page.parent_id = Some(PageId(parent));
    page
}

#[test]
fn parent_ids_go_through_the_page_id_map_with_pending_until_created() {
    let mut tables = tables(UnmappedPolicy::Fail);
    tables.pages.mark_pending(PageId(3));
    let child = page(4, 3);

    let planned = remap_page(&child, &tables);
    assert_eq!(
        planned.value.parent_id,
        Some(PageId(3)),
        "source value kept while pending"
    );
    assert_eq!(
        planned.log.pending,
        vec![Pending {
            kind: RewriteKind::Page,
            value: "3".to_owned(),
            path: "pages[#4].parent_id".to_owned(),
        }]
    );
    assert!(!planned.log.has_errors());

    tables.pages.insert(PageId(3), PageId(103));
    let applied = remap_page(&child, &tables);
    assert_eq!(applied.value.parent_id, Some(PageId(103)));
    assert!(applied.log.rewrites.contains(&Rewrite {
        kind: RewriteKind::Page,
        from: "3".to_owned(),
        to: "103".to_owned(),
        path: "pages[#4].parent_id".to_owned(),
        rule: None,
    }));
}

#[test]
fn the_channel_is_mapped_and_the_page_itself_is_otherwise_untouched() {
    let top = page(4, 0);
    let remapped = remap_page(&top, &tables(UnmappedPolicy::Fail));
    assert_eq!(remapped.value.channel_id, Some(ChannelId(2)));
    assert_eq!(
        remapped.value.parent_id,
        Some(PageId(0)),
        "top level stays top level"
    );
    assert_eq!(remapped.value.id, Some(PageId(4)));
    let mut expected = top.clone();
    expected.channel_id = Some(ChannelId(2));
    assert_eq!(remapped.value, expected);
}

#[test]
fn a_parent_outside_the_migration_is_unmapped() {
    let remapped = remap_page(&page(4, 9), &tables(UnmappedPolicy::Fail));
    assert_eq!(
        remapped.log.errors(),
        [Unmapped {
            kind: RewriteKind::Page,
            value: "9".to_owned(),
            path: "pages[#4].parent_id".to_owned(),
            rule: None,
        }]
    );
    assert_eq!(remapped.value.parent_id, Some(PageId(9)));
}
