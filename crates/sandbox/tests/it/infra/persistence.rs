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
