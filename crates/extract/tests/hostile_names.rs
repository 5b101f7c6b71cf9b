//! Nothing escapes a bundle: hostile API values (page names, template files, entity ids,
//! template names and uuids) become safe file names inside it, and reading never follows an
//! entry out of it (symlinked files or subdirectories, unsafe names, crafted manifests) nor
//! crashes on a file nested too deeply.

use pageport_bundle::{BundleError, read_bundle, write_bundle};
use pageport_model::file_names::is_safe_component;
use pageport_model::{
    BUNDLE_FORMAT_VERSION, Bundle, BundleManifest, ChannelId, Page, PageId, PageType,
    PageWidgetsDocument, PageWidgetsKey, StoreHash, WidgetTemplate,
};
use std::fs;
use std::path::{Path, PathBuf};

/// Values a store (or whoever controls one) could send to make a file name climb out.
fn hostile_values() -> Vec<String> {
    vec![
        "../../x".into(),
        "../../../../../../etc/passwd".into(),
        "/etc/passwd".into(),
        "/".into(),
        "..".into(),
        ".".into(),
        "".into(),
        ".hidden".into(),
        "a/../../b".into(),
        "..\\..\\windows\\system32".into(),
        "C:\\evil".into(),
        "nul\u{0}byte".into(),
        "\u{0}".into(),
        "line\nbreak\r".into(),
        "~/.ssh/authorized_keys".into(),
        "%2e%2e%2f%2e%2e%2fx".into(),
        "\u{202e}txt.exe".into(),
        "ünïcødé/../päge".into(),
        "x".repeat(10_000),
        "../".repeat(2_000),
    ]
}

fn hostile_bundle() -> Bundle {
    let values = hostile_values();
    let mut pages = Vec::new();
    let mut reference_pages = Vec::new();
    let mut page_widgets = Vec::new();
    let mut widget_templates = Vec::new();
    for (i, value) in values.iter().enumerate() {
        let n = i as u64 + 1;
        let mut page = Page::new(value.clone(), PageType::Page);
        page.id = Some(PageId(n));
        page.body = Some(Some(format!("<p>{value}</p>")));
        pages.push(page);
        let mut reference = Page::new(value.clone(), PageType::Page);
        reference.id = Some(PageId(1000 + n));
        reference_pages.push(reference);
        page_widgets.push(PageWidgetsDocument {
            key: PageWidgetsKey {
                channel_id: ChannelId(1),
                template_file: Some(value.as_str().into()),
                entity_id: Some(value.as_str().into()),
            },
            regions: vec![],
        });
        let template: WidgetTemplate = serde_json::from_value(serde_json::json!({
            "uuid": value, "name": value, "template": "<p>{{x}}</p>",
        }))
        .unwrap();
        widget_templates.push(template);
    }
    // Pages without an id are named `new-…`: two of them must not collide.
    pages.push(Page::new("../../new", PageType::Page));
    pages.push(Page::new("../../new", PageType::Page));
    pages.sort_by_key(|p| p.id);
    reference_pages.sort_by_key(|p| p.id);
    page_widgets.sort_by(|a, b| a.key.cmp(&b.key));
    widget_templates.sort_by(|a, b| a.uuid.cmp(&b.uuid));
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
        pages,
        reference_pages,
        page_widgets,
        widget_templates,
        products: vec![],
        categories: vec![],
        brands: vec![],
    };
    bundle.manifest.counts = bundle.count();
    bundle
}

/// A small valid bundle.
fn plain_bundle() -> Bundle {
    let mut about = Page::new("About", PageType::Page);
    about.id = Some(PageId(3));
    about.body = Some(Some("<p>Hello</p>".into()));
    let mut bundle = hostile_bundle();
    bundle.pages = vec![about];
    bundle.reference_pages = vec![];
    bundle.page_widgets = vec![PageWidgetsDocument {
        key: PageWidgetsKey::global(ChannelId(1)),
        regions: vec![],
    }];
    bundle.widget_templates = vec![];
    bundle.manifest.counts = bundle.count();
    bundle
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
    out.sort();
    out
}

#[test]
fn hostile_values_become_safe_names_inside_the_bundle_and_read_back_intact() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().canonicalize().unwrap();
    let dir = root.join("bundle");
    let bundle = hostile_bundle();
    write_bundle(&dir, &bundle).unwrap();

    // Nothing was written beside the bundle (staging and previous directories are gone).
    let beside: Vec<PathBuf> = fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(beside, vec![dir.clone()]);

    let entries = walk(&dir);
    let files: Vec<&PathBuf> = entries.iter().filter(|p| p.is_file()).collect();
    // manifest + 3 catalog files + one file per object, none lost to a name collision.
    let objects = bundle.pages.len()
        + bundle.reference_pages.len()
        + bundle.page_widgets.len()
        + bundle.widget_templates.len();
    assert_eq!(files.len(), 4 + objects, "{entries:#?}");
    for path in &entries {
        let real = path.canonicalize().unwrap();
        assert!(real.starts_with(&dir), "{real:?} is outside {dir:?}");
        let relative = path.strip_prefix(&dir).unwrap();
        for component in relative.components() {
            let name = component.as_os_str().to_str().expect("UTF-8 name");
            assert!(is_safe_component(name), "unsafe component {name:?}");
            assert!(name.len() <= 255, "{} bytes: {name}", name.len());
        }
        assert!(relative.components().count() <= 2, "{relative:?}");
    }

    let read = read_bundle(&dir).unwrap();
    assert_eq!(read, bundle, "every hostile value survives in the content");
}

#[test]
fn a_crafted_manifest_cannot_name_files() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("bundle");
    write_bundle(&dir, &plain_bundle()).unwrap();
    let manifest = dir.join("manifest.json");
    let text = fs::read_to_string(&manifest).unwrap().replacen(
        '{',
        r#"{"files": ["../../outside.json", "/etc/passwd"],"#,
        1,
    );
    fs::write(&manifest, text).unwrap();
    let err = read_bundle(&dir).unwrap_err();
    assert!(matches!(err, BundleError::Corrupt { .. }), "{err}");
    assert!(err.to_string().contains("files"), "{err}");
}

#[test]
fn entries_with_unsafe_names_or_kinds_are_refused() {
    for (relative, what) in [
        ("pages/..\\..\\escape.json", "backslashes"),
        ("pages/.hidden.json", "a leading dot"),
        ("pages/line\nbreak.json", "a line break"),
        ("page-widgets/%2e%2e%2fx.json", "percent signs"),
        ("widget-templates/nested", "a subdirectory"),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("bundle");
        write_bundle(&dir, &plain_bundle()).unwrap();
        let path = dir.join(relative);
        if what == "a subdirectory" {
            fs::create_dir(&path).unwrap();
            fs::write(path.join("t.json"), "{}").unwrap();
        } else {
            fs::write(&path, "{}").unwrap();
        }
        let err = read_bundle(&dir).unwrap_err();
        assert!(
            matches!(&err, BundleError::UnsafeEntry { path: bad } if bad == &path),
            "{what}: {err}"
        );
    }
}

#[test]
fn a_deeply_nested_file_is_reported_as_corrupt() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("bundle");
    write_bundle(&dir, &plain_bundle()).unwrap();
    let path = dir.join("page-widgets/channel-1-global.json");
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let text = format!(
        r#"{{"key": {{"channel_id": 1}}, "regions": [{{"name": "header", "children": [
            {{"type": "widget", "widget_template_uuid": "d181ebd5-f42c-4f96-8f9d-c605023f5cb6",
              "configuration": {{"items": {deep}}}}}]}}]}}"#
    );
    fs::write(&path, text).unwrap();
    let err = read_bundle(&dir).unwrap_err();
    assert!(
        matches!(&err, BundleError::Corrupt { path: bad, .. } if bad == &path),
        "{err}"
    );
    assert!(err.to_string().contains("recursion limit"), "{err}");
}

#[cfg(unix)]
mod symlinks {
    use super::*;
    use std::os::unix::fs::symlink;

    /// A bundle, and a copy of it outside whose files a symlink may point at.
    fn bundle_and_outside() -> (tempfile::TempDir, PathBuf, PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("bundle");
        let outside = tmp.path().join("outside");
        write_bundle(&dir, &plain_bundle()).unwrap();
        write_bundle(&outside, &plain_bundle()).unwrap();
        (tmp, dir, outside)
    }

    #[test]
    fn a_symlinked_subdirectory_is_refused() {
        for sub in ["pages", "page-widgets", "widget-templates", "catalog"] {
            let (_tmp, dir, outside) = bundle_and_outside();
            fs::remove_dir_all(dir.join(sub)).unwrap();
            symlink(outside.join(sub), dir.join(sub)).unwrap();
            let err = read_bundle(&dir).unwrap_err();
            assert!(
                matches!(&err, BundleError::UnsafeEntry { path } if path.ends_with(sub)),
                "{sub}: {err}"
            );
        }
    }

    #[test]
    fn a_symlinked_reference_pages_directory_is_refused() {
        let (_tmp, dir, outside) = bundle_and_outside();
        symlink(outside.join("pages"), dir.join("reference-pages")).unwrap();
        let err = read_bundle(&dir).unwrap_err();
        assert!(matches!(err, BundleError::UnsafeEntry { .. }), "{err}");
    }

    #[test]
    fn symlinked_manifest_and_catalog_files_are_refused() {
        for file in ["manifest.json", "catalog/products.json"] {
            let (_tmp, dir, outside) = bundle_and_outside();
            fs::remove_file(dir.join(file)).unwrap();
            symlink(outside.join(file), dir.join(file)).unwrap();
            let err = read_bundle(&dir).unwrap_err();
            assert!(
                matches!(&err, BundleError::UnsafeEntry { path } if path.ends_with(file)),
                "{file}: {err}"
            );
        }
    }

    #[test]
    fn a_bundle_directory_given_as_a_symlink_is_read_but_never_written_through() {
        let (tmp, _dir, outside) = bundle_and_outside();
        let link = tmp.path().join("link");
        symlink(&outside, &link).unwrap();
        // The user named the link: reading follows it, as any tool would.
        assert_eq!(read_bundle(&link).unwrap(), plain_bundle());

        // Writing replaces the link with a real directory; the link's target is untouched.
        let before: Vec<(PathBuf, Vec<u8>)> = walk(&outside)
            .into_iter()
            .filter(|p| p.is_file())
            .map(|p| {
                let bytes = fs::read(&p).unwrap();
                (p, bytes)
            })
            .collect();
        let mut newer = plain_bundle();
        newer.pages[0].name = "Changed".into();
        write_bundle(&link, &newer).unwrap();
        let after: Vec<(PathBuf, Vec<u8>)> = walk(&outside)
            .into_iter()
            .filter(|p| p.is_file())
            .map(|p| {
                let bytes = fs::read(&p).unwrap();
                (p, bytes)
            })
            .collect();
        assert_eq!(before, after, "the link's target was written to");
        let meta = fs::symlink_metadata(&link).unwrap();
        assert!(meta.is_dir(), "the link is now a real directory");
        assert_eq!(read_bundle(&link).unwrap(), newer);
    }

    #[test]
    fn a_symlink_to_a_directory_that_is_not_a_bundle_is_never_replaced() {
        let tmp = tempfile::tempdir().unwrap();
        let mine = tmp.path().join("mine");
        fs::create_dir(&mine).unwrap();
        fs::write(mine.join("notes.txt"), "mine").unwrap();
        let link = tmp.path().join("link");
        symlink(&mine, &link).unwrap();
        let err = write_bundle(&link, &plain_bundle()).unwrap_err();
        assert!(matches!(err, BundleError::NotABundle { .. }), "{err}");
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read_to_string(mine.join("notes.txt")).unwrap(), "mine");
    }

    #[test]
    fn planted_staging_and_previous_links_are_removed_not_followed() {
        let tmp = tempfile::tempdir().unwrap();
        let victim = tmp.path().join("victim");
        fs::create_dir(&victim).unwrap();
        fs::write(victim.join("keep.txt"), "keep").unwrap();
        symlink(&victim, tmp.path().join(".bundle.writing")).unwrap();
        symlink(&victim, tmp.path().join(".bundle.previous")).unwrap();
        let dir = tmp.path().join("bundle");
        write_bundle(&dir, &plain_bundle()).unwrap();
        assert_eq!(read_bundle(&dir).unwrap(), plain_bundle());
        let left: Vec<PathBuf> = walk(&victim);
        assert_eq!(left, vec![victim.join("keep.txt")]);
        assert_eq!(fs::read_to_string(victim.join("keep.txt")).unwrap(), "keep");
    }
}
