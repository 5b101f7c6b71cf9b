//! Extracting the demo staging store from a sandbox over real HTTP.

use pageport_bundle::{read_bundle, write_bundle};
use pageport_client::StoreClient;
use pageport_extract::{
    DocumentSelector, ExtractRequest, PageFilter, extract, fetch_catalog, into_bundle,
};
use pageport_model::{CategoryId, ChannelId, PageId, ProductId, StoreHash};
use pageport_sandbox::RunningSandbox;
use pageport_test_support::client::store_client;
use pageport_test_support::{STAGING_TOKEN, demo};
use std::collections::BTreeSet;

fn client(sandbox: &RunningSandbox) -> StoreClient {
    store_client(sandbox, "staging", STAGING_TOKEN)
}

fn everything() -> ExtractRequest {
    ExtractRequest {
        channel_id: ChannelId(1),
        pages: PageFilter::All,
        documents: vec![
            DocumentSelector::Global,
            DocumentSelector::Template {
                template_file: "pages/home".into(),
                entity_ids: None,
            },
            DocumentSelector::Template {
                template_file: "pages/page".into(),
                entity_ids: None,
            },
            DocumentSelector::Template {
                template_file: "pages/product".into(),
                entity_ids: Some(vec!["77".into(), "80".into()]),
            },
        ],
        concurrency: 4,
    }
}

#[tokio::test]
async fn extracts_pages_documents_and_the_templates_they_use() {
    let sandbox = demo();
    let client = client(&sandbox);
    let extracted = extract(&client, &everything()).await.unwrap();
    assert_eq!(extracted.pages.len(), 17);
    assert!(extracted.pages.iter().all(|p| p.id.is_some()));
    let raw = extracted
        .pages
        .iter()
        .find(|p| p.id == Some(PageId(10)))
        .unwrap();
    assert!(
        raw.body_text().is_some_and(|b| !b.is_empty()),
        "bodies are included"
    );
    let keys: Vec<String> = extracted
        .documents
        .iter()
        .map(|d| d.key.to_string())
        .collect();
    assert_eq!(
        keys,
        vec![
            "channel 1 global regions",
            "channel 1 pages/home",
            "channel 1 pages/page #1",
            "channel 1 pages/page #2",
            "channel 1 pages/page #7",
            "channel 1 pages/product #77",
            "channel 1 pages/product #80",
        ],
        "empty documents of other pages are not extracted"
    );
    let names: BTreeSet<&str> = extracted
        .widget_templates
        .iter()
        .map(|t| t.name.as_str())
        .collect();
    assert_eq!(
        names,
        BTreeSet::from([
            "Button",
            "Hero Banner",
            "Image",
            "Product",
            "Product Carousel",
            "Text"
        ])
    );
    assert!(extracted.unknown_templates.is_empty());
    // only reads
    assert!(sandbox.sandbox().requests().iter().all(|r| !r.is_write()));
}

#[tokio::test]
async fn the_same_store_extracts_to_byte_identical_bundles() {
    let sandbox = demo();
    let client = client(&sandbox);
    let tmp = tempfile::tempdir().unwrap();
    let mut dirs = Vec::new();
    for name in ["first", "second"] {
        let extracted = extract(&client, &everything()).await.unwrap();
        let products = BTreeSet::from([ProductId(77), ProductId(80)]);
        let catalog = fetch_catalog(
            &client,
            ChannelId(1),
            &products,
            &BTreeSet::new(),
            &BTreeSet::new(),
        )
        .await
        .unwrap();
        assert_eq!(catalog.0.len(), 2);
        let bundle = into_bundle(
            extracted,
            catalog,
            StoreHash::from("staging"),
            ChannelId(1),
            "2026-11-23T00:00:00Z".into(),
        );
        let dir = tmp.path().join(name);
        write_bundle(&dir, &bundle).unwrap();
        assert_eq!(read_bundle(&dir).unwrap(), bundle);
        dirs.push(dir);
    }
    let listing = |dir: &std::path::Path| {
        let mut files = Vec::new();
        for sub in ["", "pages", "page-widgets", "widget-templates", "catalog"] {
            for entry in std::fs::read_dir(dir.join(sub)).unwrap() {
                let path = entry.unwrap().path();
                if path.is_file() {
                    files.push((
                        path.strip_prefix(dir).unwrap().to_owned(),
                        std::fs::read(&path).unwrap(),
                    ));
                }
            }
        }
        files.sort();
        files
    };
    assert_eq!(listing(&dirs[0]), listing(&dirs[1]));
}

#[tokio::test]
async fn a_wrong_token_is_an_error_not_an_empty_bundle() {
    let sandbox = demo();
    let client = store_client(&sandbox, "staging", "wrong");
    let err = extract(&client, &everything()).await.unwrap_err();
    let text = format!("{err} {:?}", err);
    assert!(
        text.contains("401") || text.to_lowercase().contains("unauthorized"),
        "{text}"
    );
}

#[tokio::test]
async fn categories_come_from_the_source_channel_s_tree_with_their_ancestors() {
    let sandbox = demo();
    let client = client(&sandbox);
    // Category 62 is Storage under Kitchen (58) in the wholesale channel's tree 2.
    let wanted: BTreeSet<CategoryId> = [CategoryId(62)].into();
    let (_, categories, _) = fetch_catalog(
        &client,
        ChannelId(2),
        &BTreeSet::new(),
        &wanted,
        &BTreeSet::new(),
    )
    .await
    .unwrap();
    let found: Vec<(u64, u64, &str, Option<&str>)> = categories
        .iter()
        .map(|c| (c.id.get(), c.parent_id, c.name.as_str(), c.url()))
        .collect();
    assert_eq!(
        found,
        [
            (58, 0, "Kitchen", Some("/kitchen/")),
            (62, 58, "Storage", Some("/kitchen/storage/")),
        ]
    );
    let sent: Vec<String> = sandbox
        .sandbox()
        .requests()
        .iter()
        .map(|r| r.path.clone())
        .collect();
    assert!(
        sent.iter().all(|p| !p.ends_with("/catalog/categories")),
        "the classic endpoint is not used: {sent:?}"
    );

    // From channel 1's tree, the same id is not a category of the channel: it is left out.
    let (_, categories, _) = fetch_catalog(
        &client,
        ChannelId(1),
        &BTreeSet::new(),
        &wanted,
        &BTreeSet::new(),
    )
    .await
    .unwrap();
    assert!(categories.is_empty(), "{categories:?}");

    let err = fetch_catalog(
        &client,
        ChannelId(9),
        &BTreeSet::new(),
        &wanted,
        &BTreeSet::new(),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(err, pageport_extract::ExtractError::NoCategoryTree { channel } if channel == ChannelId(9)),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("channel 9 has no category tree"),
        "{err}"
    );
}
