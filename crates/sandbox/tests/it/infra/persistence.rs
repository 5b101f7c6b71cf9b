//! The data directory: restart without loss, corrupt files, unsafe store hashes.

use super::*;

fn persisted(dir: &std::path::Path) -> SandboxConfig {
    let mut config =
        SandboxConfig::with_stores([("staging", STAGING_TOKEN), ("production", PRODUCTION_TOKEN)]);
    config.quota = None;
    config.data_dir = Some(dir.to_owned());
    config
}

#[tokio::test]
async fn a_restart_on_the_same_data_dir_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let sb = common::start(persisted(dir.path()));
    let api = StoreApi::staging(&sb);
    let created = api
        .post(
            "/content/pages",
            &json!([page("Kept"), page("Edited"), page("Deleted")]),
        )
        .await;
    assert_eq!(created.status, 201);
    let ids: Vec<u64> = created.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_u64().unwrap())
        .collect();
    let edited = api
        .put(
            &format!("/content/pages/{}", ids[1]),
            &json!({"sort_order": 7}),
        )
        .await;
    assert_eq!(edited.status, 200);
    assert_eq!(
        api.delete(&format!("/content/pages/{}", ids[2]))
            .await
            .status,
        204
    );
    let before = admin_get(&sb, "/stores/staging").await.body;
    drop(api);
    drop(sb);

    let file = std::fs::read_to_string(dir.path().join("staging.json")).unwrap();
    assert!(!file.contains(STAGING_TOKEN), "tokens are never written");
    assert!(dir.path().join("production.json").exists());

    let sb = common::start(persisted(dir.path()));
    let after = admin_get(&sb, "/stores/staging").await.body;
    assert_eq!(after, before);
    let api = StoreApi::staging(&sb);
    assert_eq!(
        api.get("/content/pages").await.status,
        200,
        "the token comes from the config"
    );
    let next = api.post("/content/pages", &page("After Restart")).await;
    assert_eq!(
        next.body["data"]["id"].as_u64().unwrap(),
        ids[2] + 1,
        "ids are never reused"
    );
}

#[test]
fn a_corrupt_store_file_stops_the_start() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("staging.json"), "{ not json").unwrap();
    let error = RunningSandbox::start(persisted(dir.path()))
        .err()
        .expect("refused");
    assert!(matches!(error, SandboxError::Corrupt { .. }), "{error:?}");
}

#[test]
fn a_store_hash_unsafe_as_a_file_name_is_a_config_error() {
    let config = SandboxConfig::with_stores([("../escape", STAGING_TOKEN)]);
    let error = RunningSandbox::start(config).err().expect("refused");
    assert!(matches!(error, SandboxError::Config(_)), "{error:?}");
}

/// The whole persisted content of a store, as JSON (derived data and tokens are not in it).
fn dump(sb: &RunningSandbox, store: &str) -> Value {
    serde_json::to_value(sb.sandbox().store_state(store).expect("store")).expect("serializes")
}

/// Writes of every kind the journal distinguishes: pages (created, a homepage claimed from
/// another page, updated, deleted with and without children), page-widget documents
/// (published, replaced, deleted), a widget template and a channel.
async fn write_everything(sb: &RunningSandbox) {
    let api = StoreApi::staging(sb);
    let home = json!({"name": "Home", "type": "page", "body": "<p>h</p>", "is_homepage": true});
    let created = api
        .post(
            "/content/pages",
            &json!([home, page("Parent"), page("Other")]),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let ids: Vec<u64> = created.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_u64().unwrap())
        .collect();
    let child = json!({"name": "Child", "type": "page", "body": "<p>c</p>", "parent_id": ids[1]});
    let child = api.post("/content/pages", &child).await;
    assert_eq!(child.status, 201);
    let grandchild = json!({"name": "Grandchild", "type": "page", "body": "<p>g</p>",
                            "parent_id": child.body["data"]["id"]});
    assert_eq!(api.post("/content/pages", &grandchild).await.status, 201);
    let new_home = json!({"is_homepage": true, "meta_title": "Now home"});
    let path = format!("/content/pages/{}", ids[2]);
    assert_eq!(api.put(&path, &new_home).await.status, 200);
    let path = format!("/content/pages?id:in={}&delete_children=true", ids[1]);
    assert_eq!(api.delete(&path).await.status, 204);
    let template = api
        .post(
            "/content/widget-templates",
            &json!({"name": "Text", "template": "<p>{{t}}</p>", "channel_id": 1}),
        )
        .await;
    assert_eq!(template.status, 200, "{}", template.body);
    let uuid = template.body["data"]["uuid"].as_str().unwrap().to_owned();
    let widget = json!({"type": "widget", "widget_template_uuid": uuid});
    let document = |file: &str, n: usize| json!({"template_file": file, "regions": [{"name": "r", "children": vec![widget.clone(); n]}]});
    for body in [
        document("pages/home", 2),
        document("pages/cart", 1),
        document("pages/home", 3),
        json!({"template_file": "pages/cart", "regions": []}),
    ] {
        assert_eq!(api.post("/content/page-widgets", &body).await.status, 204);
    }
    let channel = json!({"name": "Second", "type": "storefront", "platform": "bigcommerce"});
    assert!(api.post("/channels", &channel).await.status < 300);
    // A plain delete reparents the children last.
    let parent = api.post("/content/pages", &page("Plain Parent")).await;
    let parent_id = parent.body["data"]["id"].as_u64().unwrap();
    let child =
        json!({"name": "Kept Child", "type": "page", "body": "<p>k</p>", "parent_id": parent_id});
    assert_eq!(api.post("/content/pages", &child).await.status, 201);
    let path = format!("/content/pages/{parent_id}");
    assert_eq!(api.delete(&path).await.status, 204);
}

#[tokio::test]
async fn writes_are_journaled_and_snapshot_plus_journal_equal_the_state() {
    let dir = tempfile::tempdir().unwrap();
    let snapshot = dir.path().join("staging.json");
    let journal = dir.path().join("staging.log");
    let sb = common::start(persisted(dir.path()));
    let snapshot_before = std::fs::read(&snapshot).unwrap();
    write_everything(&sb).await;
    let before = dump(&sb, "staging");
    drop(sb);

    assert_eq!(
        std::fs::read(&snapshot).unwrap(),
        snapshot_before,
        "a write never rewrites the snapshot"
    );
    let lines = std::fs::read_to_string(&journal).unwrap();
    assert!(lines.lines().count() >= 10, "one line per write: {lines}");
    assert!(!lines.contains(STAGING_TOKEN), "tokens are never written");
    assert!(
        !dir.path().join("production.log").exists(),
        "no write, no journal"
    );

    let sb = common::start(persisted(dir.path()));
    assert_eq!(dump(&sb, "staging"), before);
    assert!(
        !journal.exists(),
        "the journal is compacted into the snapshot at start"
    );
    let state = sb.sandbox().store_state("staging").unwrap();
    assert_eq!(state.page_widgets.totals(), state.page_widgets.recount());
    drop(sb);
    // And the compacted snapshot alone holds the same.
    let sb = common::start(persisted(dir.path()));
    assert_eq!(dump(&sb, "staging"), before);
}

#[tokio::test]
async fn a_torn_last_journal_line_is_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let sb = common::start(persisted(dir.path()));
    let api = StoreApi::staging(&sb);
    assert_eq!(api.post("/content/pages", &page("Kept")).await.status, 201);
    let before = dump(&sb, "staging");
    drop(api);
    drop(sb);
    let journal = dir.path().join("staging.log");
    let mut text = std::fs::read(&journal).unwrap();
    text.extend_from_slice(br#"{"pages":[{"name":"Torn","type":"pa"#);
    std::fs::write(&journal, text).unwrap();

    let sb = common::start(persisted(dir.path()));
    assert_eq!(
        dump(&sb, "staging"),
        before,
        "the torn write is not applied"
    );
    let names: Vec<String> = sb
        .sandbox()
        .store_state("staging")
        .unwrap()
        .pages
        .values()
        .map(|p| p.name.clone())
        .collect();
    assert_eq!(names, ["Kept"]);
}

#[test]
fn a_corrupt_line_inside_the_journal_stops_the_start() {
    let dir = tempfile::tempdir().unwrap();
    drop(common::start(persisted(dir.path())));
    std::fs::write(
        dir.path().join("staging.log"),
        "not json\n{\"next_ids\":{\"page\":1,\"channel\":2,\"product\":1,\"category\":1,\"brand\":1}}\n",
    )
    .unwrap();
    let error = RunningSandbox::start(persisted(dir.path()))
        .err()
        .expect("refused");
    assert!(
        matches!(&error, SandboxError::Corrupt { path, .. } if path.ends_with("staging.log")),
        "{error:?}"
    );
}

#[test]
fn a_loaded_bundle_is_written_as_a_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let sb = common::start(persisted(dir.path()));
    let bundle = pageport_model::Bundle {
        manifest: pageport_model::BundleManifest {
            format_version: pageport_model::BUNDLE_FORMAT_VERSION,
            pageport_version: "test".into(),
            source_store_hash: pageport_model::StoreHash::new("src"),
            channel_id: pageport_model::ChannelId(1),
            extracted_at: "2024-01-01T00:00:00Z".into(),
            counts: pageport_model::BundleCounts::default(),
            storefront_urls: None,
        },
        pages: vec![{
            let mut page = pageport_model::Page::new("Loaded", pageport_model::PageType::Page);
            page.id = Some(pageport_model::PageId(42));
            page
        }],
        reference_pages: Vec::new(),
        page_widgets: Vec::new(),
        widget_templates: Vec::new(),
        products: Vec::new(),
        categories: Vec::new(),
        brands: Vec::new(),
    };
    sb.sandbox().load_bundle("staging", &bundle).unwrap();
    let before = dump(&sb, "staging");
    drop(sb);
    let snapshot = std::fs::read_to_string(dir.path().join("staging.json")).unwrap();
    assert!(snapshot.contains("\"Loaded\""));
    assert!(!dir.path().join("staging.log").exists());
    let sb = common::start(persisted(dir.path()));
    assert_eq!(dump(&sb, "staging"), before);
}
