//! Bundle directories on disk: round trips, byte stability, and every way a bundle can be bad.

use pageport_bundle::{BundleError, read_bundle, write_bundle};
use pageport_model::{
    BUNDLE_FORMAT_VERSION, Bundle, BundleManifest, ChannelId, Page, PageId, PageType,
    PageWidgetsDocument, PageWidgetsKey, StoreHash,
};
use std::fs;

fn sample_bundle() -> Bundle {
    let mut about = Page::new("About ../../us", PageType::Page);
    about.id = Some(PageId(3));
    about.body = Some(Some("<p>Hello</p>".into()));
    let mut raw = Page::new("Raw", PageType::Raw);
    raw.id = Some(PageId(4));
    raw.body = Some(Some("<html></html>".into()));
    let document: PageWidgetsDocument = serde_json::from_value(serde_json::json!({
        "key": {"channel_id": 1, "template_file": "pages/page", "entity_id": "3"},
        "regions": [{"name": "page_builder_content", "children": [
            {"type": "widget", "widget_template_uuid": "d181ebd5-f42c-4f96-8f9d-c605023f5cb6",
             "configuration": {"productId": "77", "b": 1, "a": 2}}
        ]}]
    }))
    .unwrap();
    let global = PageWidgetsDocument {
        key: PageWidgetsKey::global(ChannelId(1)),
        regions: vec![],
    };
    let mut bundle = Bundle {
        manifest: BundleManifest {
            format_version: BUNDLE_FORMAT_VERSION,
            pageport_version: "0.1.0".into(),
            source_store_hash: StoreHash::from("staging"),
            channel_id: ChannelId(1),
            extracted_at: "2026-11-23T10:00:00Z".into(),
            counts: Default::default(),
            storefront_urls: None,
        },
        pages: vec![about, raw],
        reference_pages: vec![],
        page_widgets: vec![global, document],
        widget_templates: vec![],
        products: vec![],
        categories: vec![],
        brands: vec![],
    };
    bundle.manifest.counts = bundle.count();
    bundle
}

fn all_files(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.push((rel, fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_bundle_reads_back_as_written() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("bundle");
    let bundle = sample_bundle();
    write_bundle(&dir, &bundle).unwrap();
    let read = read_bundle(&dir).unwrap();
    assert_eq!(read, bundle);
}

#[test]
fn writing_twice_gives_byte_identical_files_with_safe_names() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    write_bundle(&a, &sample_bundle()).unwrap();
    write_bundle(&b, &sample_bundle()).unwrap();
    let files = all_files(&a);
    assert_eq!(files, all_files(&b));
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert!(names.contains(&"pages/00003-about-us.json"), "{names:?}");
    assert!(
        names.contains(&"page-widgets/channel-1-pages-page-3.json"),
        "{names:?}"
    );
    // keys are sorted inside configuration
    let doc = String::from_utf8(
        files
            .iter()
            .find(|(n, _)| n.contains("pages-page-3"))
            .unwrap()
            .1
            .clone(),
    )
    .unwrap();
    assert!(doc.find("\"a\": 2").unwrap() < doc.find("\"b\": 1").unwrap());
    assert!(
        doc.contains("\"productId\": \"77\""),
        "string ids stay strings"
    );
}

#[test]
fn rewriting_replaces_the_previous_bundle_completely() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("bundle");
    write_bundle(&dir, &sample_bundle()).unwrap();
    let mut smaller = sample_bundle();
    smaller.pages.pop();
    smaller.manifest.counts = smaller.count();
    write_bundle(&dir, &smaller).unwrap();
    assert_eq!(read_bundle(&dir).unwrap().pages.len(), 1);
}

#[test]
fn a_directory_that_is_not_a_bundle_is_never_replaced() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("notes.txt"), "mine").unwrap();
    let err = write_bundle(tmp.path(), &sample_bundle()).unwrap_err();
    assert!(matches!(err, BundleError::NotABundle { .. }), "{err}");
    assert_eq!(
        fs::read_to_string(tmp.path().join("notes.txt")).unwrap(),
        "mine"
    );
}

/// Every file under `dir`, with its bytes.
fn snapshot(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut files = all_files(dir);
    files.sort();
    files
}

#[test]
fn a_folder_with_a_foreign_manifest_json_is_never_replaced() {
    let tmp = tempfile::tempdir().unwrap();
    let app = tmp.path().join("webapp");
    fs::create_dir_all(app.join("icons")).unwrap();
    fs::write(
        app.join("manifest.json"),
        r#"{"name": "My PWA", "start_url": "/"}"#,
    )
    .unwrap();
    fs::write(app.join("icons/icon.png"), [0x89, 0x50]).unwrap();
    let before = snapshot(&app);
    let err = write_bundle(&app, &sample_bundle()).unwrap_err();
    assert!(
        err.to_string()
            .contains("its manifest.json is not a pageport bundle manifest"),
        "{err}"
    );
    assert_eq!(snapshot(&app), before, "nothing was touched");
}

#[test]
fn a_bundle_holding_anything_a_bundle_never_holds_is_never_replaced() {
    for (extra, why) in [
        (".git/HEAD", "it holds `.git`"),
        ("README.md", "it holds `README.md`"),
        ("pages/notes.txt", "it holds `pages/notes.txt`"),
        ("catalog/nested/x.json", "it holds `catalog/nested`"),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("bundle");
        write_bundle(&dir, &sample_bundle()).unwrap();
        let path = dir.join(extra);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, "mine").unwrap();
        let before = snapshot(&dir);
        let err = write_bundle(&dir, &sample_bundle()).unwrap_err();
        assert!(
            matches!(err, BundleError::NotABundle { .. }),
            "{extra}: {err}"
        );
        assert!(err.to_string().contains(why), "{extra}: {err}");
        assert_eq!(snapshot(&dir), before, "{extra}: nothing was touched");
    }
}

#[test]
fn a_bundle_of_a_newer_format_is_still_recognised_as_one() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("bundle");
    write_bundle(&dir, &sample_bundle()).unwrap();
    let manifest = dir.join("manifest.json");
    let text = fs::read_to_string(&manifest).unwrap();
    let mut value: serde_json::Value = serde_json::from_str(&text).unwrap();
    value["format_version"] = serde_json::json!(BUNDLE_FORMAT_VERSION + 1);
    fs::write(&manifest, value.to_string()).unwrap();
    write_bundle(&dir, &sample_bundle()).expect("a pageport bundle is replaced");
    assert_eq!(read_bundle(&dir).unwrap().pages.len(), 2);
}

#[test]
fn a_missing_file_is_reported_against_the_manifest() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("bundle");
    write_bundle(&dir, &sample_bundle()).unwrap();
    fs::remove_file(dir.join("pages/00004-raw.json")).unwrap();
    let err = read_bundle(&dir).unwrap_err();
    assert!(
        err.to_string()
            .contains("the manifest lists 2 pages, the files hold 1"),
        "{err}"
    );
}

#[test]
fn a_corrupt_file_is_named_with_its_json_path() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("bundle");
    write_bundle(&dir, &sample_bundle()).unwrap();
    let path = dir.join("page-widgets/channel-1-pages-page-3.json");
    let text = fs::read_to_string(&path)
        .unwrap()
        .replace("\"type\": \"widget\"", "\"type\": 5");
    fs::write(&path, text).unwrap();
    let err = read_bundle(&dir).unwrap_err();
    let BundleError::Corrupt {
        path: bad,
        json_path,
        ..
    } = &err
    else {
        panic!("expected Corrupt, got {err}");
    };
    assert!(bad.ends_with("channel-1-pages-page-3.json"));
    assert!(
        json_path.starts_with("regions[0].children[0]"),
        "{json_path}"
    );
}

#[test]
fn a_newer_format_is_refused_with_an_upgrade_hint() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("bundle");
    write_bundle(&dir, &sample_bundle()).unwrap();
    let manifest = dir.join("manifest.json");
    let text = fs::read_to_string(&manifest).unwrap().replace(
        "\"format_version\": 1",
        "\"format_version\": 99, \"future\": true",
    );
    fs::write(&manifest, text).unwrap();
    let err = read_bundle(&dir).unwrap_err();
    assert!(
        matches!(err, BundleError::NewerFormat { found: 99, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("upgrade pageport"));
}

#[cfg(unix)]
#[test]
fn a_symlink_inside_a_bundle_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("bundle");
    write_bundle(&dir, &sample_bundle()).unwrap();
    let outside = tmp.path().join("outside.json");
    fs::write(&outside, "{}").unwrap();
    std::os::unix::fs::symlink(&outside, dir.join("pages/00009-evil.json")).unwrap();
    let err = read_bundle(&dir).unwrap_err();
    assert!(matches!(err, BundleError::UnsafeEntry { .. }), "{err}");
}

#[test]
fn the_current_directory_is_refused_as_an_output_and_nothing_is_left_behind() {
    let tmp = tempfile::tempdir().unwrap();
    let inner = tmp.path().join("work");
    fs::create_dir(&inner).unwrap();
    let before = std::env::current_dir().unwrap();
    std::env::set_current_dir(&inner).unwrap();
    let dot = write_bundle(std::path::Path::new("."), &sample_bundle());
    let parent = write_bundle(tmp.path(), &sample_bundle());
    std::env::set_current_dir(before).unwrap();
    assert!(
        matches!(dot, Err(BundleError::Unplaceable { .. })),
        "{dot:?}"
    );
    assert!(
        matches!(parent, Err(BundleError::Unplaceable { .. })),
        "{parent:?}"
    );
    assert_eq!(
        fs::read_dir(&inner).unwrap().count(),
        0,
        "nothing written in the current directory"
    );
    assert_eq!(
        fs::read_dir(tmp.path()).unwrap().count(),
        1,
        "nothing beside it either"
    );
}
