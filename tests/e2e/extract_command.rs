//! `pageport extract`: the source selection as a bundle directory, reproducible, reading only
//! the source, and never clobbering a directory that is not a bundle.

use crate::support::workdir;
use pageport_sandbox::RunningSandbox;
use pageport_test_support::{
    Run, SECRET_MARK, SandboxExt, Workdir, demo, example_plan, fixture, tree_of,
};
use std::collections::BTreeMap;

/// The epoch the reproducible-extraction tests (and `tests/fixtures/bundles/demo`) use.
const EPOCH: &str = "1700000000";

/// Runs `pageport extract` of the README's plan (embedded demo sandbox) into `out`.
fn extract_example(dir: &Workdir, out: &str, epoch: Option<&str>) -> Run {
    let plan = example_plan();
    let mut cmd = dir.pageport();
    cmd.args([
        "extract",
        "-f",
        plan.to_str().expect("UTF-8 path"),
        "--out",
        out,
    ]);
    if let Some(epoch) = epoch {
        cmd.env("SOURCE_DATE_EPOCH", epoch);
    }
    Run::of(&mut cmd)
}

/// Runs `pageport extract` of `tests/fixtures/plans/live.yaml` from `sandbox` into `out`.
fn extract_live(dir: &Workdir, sandbox: &RunningSandbox, out: &str) -> Run {
    let plan = fixture("plans/live.yaml");
    let mut cmd = dir.pageport();
    cmd.args([
        "extract",
        "-f",
        plan.to_str().expect("UTF-8 path"),
        "--out",
        out,
    ]);
    Run::of(sandbox.env(&mut cmd))
}

#[test]
fn writes_a_bundle_of_the_demo_selection() {
    let sandbox = demo();
    let dir = workdir();
    let run = extract_live(&dir, &sandbox, "bundle");
    run.assert_code(0).assert_no_secret();
    run.assert_stderr_says(
        "extracted 17 pages, 7 page-widget documents (2 layouts, 16 widgets), 6 widget templates, \
         5 products, 1 category, 0 brands (and 0 unselected parent pages to match in the target) \
         from store `staging` channel 1 into `bundle`",
    );
    assert_eq!(run.stdout, "", "extract prints its summary on stderr only");

    let files = dir.tree("bundle");
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "catalog/brands.json",
            "catalog/categories.json",
            "catalog/products.json",
            "manifest.json",
            "page-widgets/channel-1-global.json",
            "page-widgets/channel-1-pages-home.json",
            "page-widgets/channel-1-pages-page-1.json",
            "page-widgets/channel-1-pages-page-2.json",
            "page-widgets/channel-1-pages-page-7.json",
            "page-widgets/channel-1-pages-product-77.json",
            "page-widgets/channel-1-pages-product-80.json",
            "pages/00001-about-us.json",
            "pages/00002-our-story.json",
            "pages/00003-meet-the-founders.json",
            "pages/00004-careers.json",
            "pages/00005-open-positions.json",
            "pages/00006-customer-service.json",
            "pages/00007-shipping-returns.json",
            "pages/00008-faq.json",
            "pages/00009-contact-us.json",
            "pages/00010-size-guide.json",
            "pages/00011-lookbook.json",
            "pages/00012-wholesale-enquiries.json",
            "pages/00013-privacy-policy.json",
            "pages/00014-terms-conditions.json",
            "pages/00015-store-locator.json",
            "pages/00016-holiday-gift-guide.json",
            "pages/00017-members-offers.json",
            "widget-templates/button-4d3c2b1a.json",
            "widget-templates/hero-banner-d181ebd5.json",
            "widget-templates/image-9a7b5c3d.json",
            "widget-templates/product-carousel-6c5b3a1e.json",
            "widget-templates/product-e59c1412.json",
            "widget-templates/text-2f8e6d4c.json",
        ]
    );
    for (name, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains(SECRET_MARK), "a token in `{name}`");
        serde_json::from_slice::<serde_json::Value>(bytes)
            .unwrap_or_else(|e| panic!("`{name}` is not JSON: {e}"));
    }
    let manifest: serde_json::Value =
        serde_json::from_slice(&files["manifest.json"]).expect("manifest JSON");
    assert_eq!(manifest["format_version"], 1);
    assert_eq!(manifest["source_store_hash"], "staging");
    assert_eq!(manifest["channel_id"], 1);
    for (count, expected) in [
        ("pages", 17),
        ("page_widgets", 7),
        ("layouts", 2),
        ("widgets", 16),
        ("widget_templates", 6),
        ("products", 5),
        ("categories", 1),
        ("brands", 0),
    ] {
        assert_eq!(manifest["counts"][count], expected, "counts.{count}");
    }
    let products: serde_json::Value =
        serde_json::from_slice(&files["catalog/products.json"]).expect("products JSON");
    let skus: Vec<&str> = products
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|p| p["sku"].as_str())
        .collect();
    assert_eq!(
        skus,
        ["FLCT-BEI", "OTL-LG", "LPJ-1L", "ABS-01", "CC3C"],
        "the products the widgets reference (77, 80, 93, 98 in the carousel's schema-declared \
         `featured` picker, 104), for SKU matching"
    );
    let home: serde_json::Value =
        serde_json::from_slice(&files["page-widgets/channel-1-pages-home.json"]).expect("JSON");
    let card = &home["regions"][1]["children"][0]["dropzones"][0]["widgets"][0];
    assert_eq!(
        card["configuration"]["productId"], "77",
        "a string stays a string"
    );
    assert_eq!(
        card["storefront_api_query_params"]["productId"], 77,
        "a number stays a number"
    );
}

#[test]
fn extract_reads_only_the_source_store() {
    let sandbox = demo();
    let dir = workdir();
    extract_live(&dir, &sandbox, "bundle").assert_code(0);
    sandbox.assert_no_writes();
    assert!(
        !sandbox.requests_to("staging").is_empty(),
        "the source was read"
    );
    assert_eq!(
        sandbox.requests_to("production"),
        Vec::new(),
        "extract has no business with the target"
    );
}

#[test]
fn two_extractions_with_source_date_epoch_are_byte_identical() {
    let dir = workdir();
    extract_example(&dir, "first", Some(EPOCH)).assert_code(0);
    extract_example(&dir, "second", Some(EPOCH)).assert_code(0);
    let first = dir.tree("first");
    assert_eq!(first.len(), 34);
    assert!(first == dir.tree("second"), "the two bundles differ");
    let manifest: serde_json::Value =
        serde_json::from_slice(&first["manifest.json"]).expect("manifest JSON");
    assert_eq!(manifest["extracted_at"], "2023-11-14T22:13:20Z");

    // Extracting again into an existing bundle replaces it, with the same bytes.
    extract_example(&dir, "first", Some(EPOCH)).assert_code(0);
    assert!(
        first == dir.tree("first"),
        "re-extracting changed the bundle"
    );
    let leftovers: Vec<String> = std::fs::read_dir(dir.path())
        .expect("list the workdir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("first") && name != "first")
        .collect();
    assert_eq!(
        leftovers,
        Vec::<String>::new(),
        "temporary siblings left behind"
    );
}

#[test]
fn the_demo_bundle_matches_the_committed_fixture() {
    let dir = workdir();
    extract_example(&dir, "bundle", Some(EPOCH)).assert_code(0);
    let fresh = without_version(dir.tree("bundle"));
    let committed = without_version(tree_of(&fixture("bundles/demo")));
    let differing: std::collections::BTreeSet<&String> = fresh
        .keys()
        .chain(committed.keys())
        .filter(|name| fresh.get(*name) != committed.get(*name))
        .collect();
    assert!(
        differing.is_empty(),
        "the demo bundle changed in {differing:?}; if that is intended, regenerate the fixture \
         as tests/fixtures/README.md says"
    );
}

/// The bundle's files with the manifest's `pageport_version` removed (it changes every release).
fn without_version(mut files: BTreeMap<String, Vec<u8>>) -> BTreeMap<String, Vec<u8>> {
    if let Some(bytes) = files.get_mut("manifest.json") {
        let mut manifest: serde_json::Value = serde_json::from_slice(bytes).expect("manifest JSON");
        if let Some(object) = manifest.as_object_mut() {
            object.remove("pageport_version");
        }
        *bytes = serde_json::to_vec(&manifest).expect("serialise");
    }
    files
}

#[test]
fn plan_from_the_bundle_equals_the_live_plan() {
    let dir = workdir();
    extract_example(&dir, "bundle", None).assert_code(0);
    let plan = example_plan();
    let plan = plan.to_str().expect("UTF-8 path");
    for format in ["text", "json"] {
        let live = dir.run(&["plan", "-f", plan, "--format", format]);
        live.assert_code(0);
        let from_bundle = dir.run(&["plan", "-f", plan, "--bundle", "bundle", "--format", format]);
        from_bundle.assert_code(0).assert_no_secret();
        assert_eq!(from_bundle.stdout, live.stdout, "{format} reports differ");
    }
}

#[test]
fn plan_from_a_bundle_does_not_read_the_source_store() {
    let sandbox = demo();
    let dir = workdir();
    dir.copy_fixture("bundles/demo", "bundle");
    let plan = fixture("plans/live.yaml");
    let mut cmd = dir.pageport();
    cmd.args([
        "plan",
        "-f",
        plan.to_str().expect("UTF-8 path"),
        "--bundle",
        "bundle",
    ]);
    let run = Run::of(sandbox.env(&mut cmd));
    run.assert_code(0).assert_no_secret();
    run.assert_stdout_says("Summary: 25 to create");
    assert_eq!(sandbox.requests_to("staging"), Vec::new());
    assert!(
        !sandbox.requests_to("production").is_empty(),
        "the target was read"
    );
    sandbox.assert_no_writes();
}

#[test]
fn extract_refuses_a_directory_that_is_not_a_bundle_and_leaves_it_untouched() {
    let dir = workdir();
    dir.write("notes/keep.txt", "my notes\n");
    dir.write("notes/sub/more.txt", "more\n");
    let before_workdir = dir.tree("");
    let before_entries = entries(dir.path());
    let run = extract_example(&dir, "notes", None);
    run.assert_code(1).assert_no_secret();
    run.assert_stderr_says(
        "`notes` exists and is not a pageport bundle (no manifest.json); choose an empty or new directory",
    );
    assert_eq!(run.stdout, "");
    let after: BTreeMap<String, Vec<u8>> = dir
        .tree("")
        .into_iter()
        .filter(|(name, _)| !name.starts_with(".pageport/"))
        .collect();
    let before: BTreeMap<String, Vec<u8>> = before_workdir
        .into_iter()
        .filter(|(name, _)| !name.starts_with(".pageport/"))
        .collect();
    assert_eq!(after, before, "the directory (or its neighbours) changed");
    let after_entries: Vec<String> = entries(dir.path())
        .into_iter()
        .filter(|name| name != ".pageport")
        .collect();
    assert_eq!(
        after_entries, before_entries,
        "a directory was left beside it"
    );
}

#[test]
fn extract_never_replaces_a_web_app_folder_or_a_bundle_under_version_control() {
    let dir = workdir();
    dir.write(
        "webapp/manifest.json",
        "{\"name\": \"My PWA\", \"start_url\": \"/\"}\n",
    );
    dir.write("webapp/index.html", "<!doctype html>\n");
    extract_example(&dir, "bundle", None).assert_code(0);
    dir.write("bundle/.git/HEAD", "ref: refs/heads/main\n");
    let before = dir.tree("");

    let run = extract_example(&dir, "webapp", None);
    run.assert_code(1).assert_no_secret();
    run.assert_stderr_says(
        "`webapp` exists and is not a pageport bundle (its manifest.json is not a pageport \
         bundle manifest); choose an empty or new directory",
    );
    let run = extract_example(&dir, "bundle", None);
    run.assert_code(1).assert_no_secret();
    run.assert_stderr_says(
        "`bundle` exists and is not a pageport bundle (it holds `.git`, which a bundle never does)",
    );
    let changed: Vec<String> = dir
        .tree("")
        .into_iter()
        .filter(|(name, _)| !name.starts_with(".pageport/"))
        .filter(|(name, bytes)| before.get(name) != Some(bytes))
        .map(|(name, _)| name)
        .collect();
    assert_eq!(changed, Vec::<String>::new(), "nothing was replaced");
    assert!(dir.join("bundle/.git/HEAD").is_file());
    assert!(dir.join("webapp/index.html").is_file());
}

/// The names in a directory, sorted.
fn entries(path: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(path)
        .expect("list the directory")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}
