//! Pages V3: pagination, bulk creates with BigCommerce's 422 partial semantics, updates and
//! deletes, all against the sandbox.

use crate::common::{self, client, matching, page, requests_since, stored_page_names};
use pageport_client::{BulkItem, ClientErrorKind, PageQuery};
use pageport_model::{ChannelId, PageId, PageType};

#[tokio::test]
async fn list_pages_walks_every_pagination_page() {
    let sb = common::sandbox();
    let client = common::builder(&sb)
        .page_size(25)
        .batch_size(20)
        .build()
        .expect("client");
    let pages: Vec<_> = (0..120).map(|i| page(&format!("Page {i:03}"))).collect();
    let created = client.create_pages(&pages).await;
    assert!(created.is_complete(), "{:?}", created.failed);
    assert_eq!(created.succeeded.len(), 120);

    let before = common::logged(&sb);
    let listed = client
        .list_pages(&PageQuery {
            channel_id: Some(ChannelId(1)),
            ..PageQuery::default()
        })
        .await
        .expect("list");
    let mut names: Vec<String> = listed.iter().map(|p| p.name.clone()).collect();
    names.sort();
    let expected: Vec<String> = (0..120).map(|i| format!("Page {i:03}")).collect();
    assert_eq!(names, expected);
    let gets = matching(&requests_since(&sb, before), "GET", "/content/pages");
    let queries: Vec<&str> = gets.iter().map(|r| r.query.as_str()).collect();
    assert_eq!(
        queries,
        (1..=5)
            .map(|n| format!("channel_id=1&limit=25&page={n}"))
            .collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn list_pages_filters_by_ids_name_and_body() {
    let sb = common::sandbox();
    let client = client(&sb);
    let mut raw = page("Raw");
    raw.page_type = PageType::Raw;
    raw.body = Some(Some("<p>shipping table</p>".into()));
    let created = client
        .create_pages(&[page("Alpha"), page("Beta"), raw])
        .await;
    assert!(created.is_complete(), "{:?}", created.failed);
    let ids: Vec<PageId> = created
        .succeeded
        .iter()
        .filter_map(|s| s.value.id)
        .collect();

    let by_ids = client
        .list_pages(&PageQuery {
            ids: Some(vec![ids[0], ids[2]]),
            ..PageQuery::default()
        })
        .await
        .expect("by ids");
    assert_eq!(
        by_ids.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(),
        ["Alpha", "Raw"]
    );
    assert!(
        by_ids.iter().all(|p| p.body.is_none()),
        "no body unless asked"
    );

    let by_name = client
        .list_pages(&PageQuery {
            name: Some("Beta".into()),
            ..PageQuery::default()
        })
        .await
        .expect("by name");
    assert_eq!(by_name.len(), 1);
    assert_eq!(by_name[0].id, Some(ids[1]));

    let by_body = client
        .list_pages(&PageQuery {
            name_like: Some("shipping".into()),
            include_body: true,
            ..PageQuery::default()
        })
        .await
        .expect("by body text");
    assert_eq!(by_body.len(), 1);
    assert_eq!(by_body[0].body_text(), Some("<p>shipping table</p>"));

    let none = client
        .list_pages(&PageQuery {
            ids: Some(vec![]),
            ..PageQuery::default()
        })
        .await
        .expect("empty id list");
    assert!(none.is_empty());
}

#[tokio::test]
async fn a_bulk_create_with_one_invalid_entry_reports_each_item_and_creates_no_duplicate() {
    let sb = common::sandbox();
    let client = client(&sb);
    let mut invalid = page("Raw without body");
    invalid.page_type = PageType::Raw;
    let input = [page("About"), invalid, page("Contact")];
    let before = common::logged(&sb);

    let outcome = client.create_pages(&input).await;

    let succeeded: Vec<(usize, &str)> = outcome
        .succeeded
        .iter()
        .map(|s| (s.index, s.value.name.as_str()))
        .collect();
    assert_eq!(succeeded, vec![(0, "About"), (2, "Contact")]);
    assert!(outcome.succeeded.iter().all(|s| s.value.id.is_some()));
    assert_eq!(outcome.failed.len(), 1);
    let failure = &outcome.failed[0];
    assert_eq!(failure.index, 1);
    assert_eq!(
        failure.item,
        BulkItem::PageName {
            channel_id: ChannelId(1),
            name: "Raw without body".into()
        }
    );
    assert_eq!(failure.error.status(), Some(422));
    let message = failure.error.to_string();
    assert!(
        message.contains("missing the required field: body"),
        "{message}"
    );
    assert!(
        !message.contains("pages["),
        "the message is the entry's own: {message}"
    );

    assert_eq!(stored_page_names(&sb), ["About", "Contact"]);
    let posts = matching(&requests_since(&sb, before), "POST", "/content/pages");
    let statuses: Vec<u16> = posts.iter().map(|r| r.status).collect();
    assert_eq!(
        statuses,
        vec![422, 422],
        "one bulk POST, then the invalid entry alone"
    );
}

#[tokio::test]
async fn a_single_invalid_page_fails_without_any_reread() {
    let sb = common::sandbox();
    let client = client(&sb);
    let mut link = page("Link without target");
    link.page_type = PageType::Link;
    let before = common::logged(&sb);
    let outcome = client.create_pages(&[link]).await;
    assert!(outcome.succeeded.is_empty());
    assert_eq!(outcome.failed[0].error.status(), Some(422));
    assert_eq!(requests_since(&sb, before).len(), 1);
}

#[tokio::test]
async fn get_update_and_delete_pages() {
    let sb = common::sandbox();
    let client = client(&sb);
    let created = client
        .create_pages(&[page("One"), page("Two"), page("Three")])
        .await;
    let ids: Vec<PageId> = created
        .succeeded
        .iter()
        .filter_map(|s| s.value.id)
        .collect();
    assert_eq!(ids.len(), 3);

    let one = client
        .get_page(ids[0], true)
        .await
        .expect("get")
        .expect("exists");
    assert_eq!(one.name, "One");
    assert!(
        client
            .get_page(PageId(987_654), false)
            .await
            .expect("get")
            .is_none()
    );

    let mut hidden = one.clone();
    hidden.is_visible = Some(false);
    let mut renamed = created.succeeded[1].value.clone();
    renamed.name = "Two (renamed)".into();
    let mut missing = page("Ghost");
    missing.id = Some(PageId(987_654));
    let no_id = page("No id");
    let updated = client
        .update_pages(&[hidden, no_id, renamed, missing])
        .await;
    let succeeded: Vec<usize> = updated.succeeded.iter().map(|s| s.index).collect();
    assert_eq!(succeeded, vec![0, 2]);
    assert_eq!(updated.value(0).and_then(|p| p.is_visible), Some(false));
    assert_eq!(
        updated.value(2).map(|p| p.name.as_str()),
        Some("Two (renamed)")
    );
    let failed: Vec<(usize, Option<u16>)> = updated
        .failed
        .iter()
        .map(|f| (f.index, f.error.status()))
        .collect();
    assert_eq!(failed, vec![(1, None), (3, Some(404))]);
    assert!(matches!(
        updated.failed[0].error.kind(),
        ClientErrorKind::PageWithoutId { index: 1, .. }
    ));
    assert_eq!(stored_page_names(&sb), ["One", "Three", "Two (renamed)"]);

    let deleted = client
        .delete_pages(&[ids[0], PageId(987_654), ids[2]], false)
        .await;
    let succeeded: Vec<PageId> = deleted.succeeded.iter().map(|s| s.value).collect();
    assert_eq!(succeeded, vec![ids[0], PageId(987_654), ids[2]]);
    assert!(deleted.failed.is_empty());
    assert_eq!(deleted.warnings.len(), 1, "{:?}", deleted.warnings);
    assert!(
        deleted.warnings[0].contains("987654"),
        "{:?}",
        deleted.warnings
    );
    assert_eq!(stored_page_names(&sb), ["Two (renamed)"]);
}

#[tokio::test]
async fn deleting_with_children_removes_descendants() {
    let sb = common::sandbox();
    let client = client(&sb);
    let parent = client.create_pages(&[page("Parent")]).await;
    let parent_id = parent.value(0).and_then(|p| p.id).expect("parent id");
    let mut child = page("Child");
    child.parent_id = Some(parent_id);
    let child = client.create_pages(&[child]).await;
    assert!(child.is_complete(), "{:?}", child.failed);

    let deleted = client.delete_pages(&[parent_id], true).await;
    assert!(deleted.is_complete());
    assert!(stored_page_names(&sb).is_empty());
}
