//! Bundle directories on disk: writing and reading the diffable files that hold a migration's
//! source content (from `extract`) or a run's backup (from `apply`).
//!
//! Layout (every file canonical JSON, see [`pageport_model::canonical`]):
//! ```text
//! manifest.json
//! pages/<id>-<name>.json                 one web page, body included (id zero-padded)
//! reference-pages/<id>-<name>.json       an unselected ancestor, only matched in the target
//! page-widgets/channel-<n>-<file>[-<entity>].json   one page-widget document with its key
//! widget-templates/<name>-<uuid8>.json   one widget template
//! catalog/products.json, categories.json, brands.json   referenced catalog objects
//! ```
//! A bundle is written to a fresh sibling directory and swapped into place, so a failed write
//! never leaves half a bundle where a good one was. Reading checks the format version, that
//! every file parses (errors name the file and the JSON path), and that the counts match the
//! manifest (a missing file is an error, not a smaller migration).
//!
//! Its own crate so that both sides of a migration share one format without the apply side
//! depending on extraction: depends only on the model, never on the client or the network.
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

use pageport_model::canonical::to_canonical_json;
use pageport_model::file_names as names;
use pageport_model::{
    BUNDLE_FORMAT_VERSION, Brand, Bundle, BundleManifest, Category, Page, PageWidgetsDocument,
    Product, WidgetTemplate,
};
use serde::de::DeserializeOwned;
use std::collections::BTreeSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Problems reading or writing a bundle.
#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    /// A file or directory could not be read or written.
    #[error("cannot access `{path}`")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A file is not valid JSON of the expected shape.
    #[error("`{path}` is not a valid bundle file: {message} (at JSON path `{json_path}`)")]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// Where inside the file, as a JSON path.
        json_path: String,
        /// What is wrong.
        message: String,
    },
    /// The bundle was written by a newer pageport.
    #[error(
        "bundle `{path}` has format version {found}, newer than this pageport understands ({supported}); upgrade pageport"
    )]
    NewerFormat {
        /// The bundle directory.
        path: PathBuf,
        /// The version in the manifest.
        found: u32,
        /// The newest version this build reads.
        supported: u32,
    },
    /// The files do not add up to what the manifest promises.
    #[error("bundle `{path}` is incomplete: {detail}")]
    Incomplete {
        /// The bundle directory.
        path: PathBuf,
        /// What is missing or extra.
        detail: String,
    },
    /// The output directory holds something that is not a bundle; pageport will not replace it.
    #[error(
        "`{path}` exists and is not a pageport bundle ({reason}); choose an empty or new directory"
    )]
    NotABundle {
        /// The directory.
        path: PathBuf,
        /// What makes it not a bundle: no manifest, a manifest of another kind, or an entry a
        /// bundle never holds.
        reason: String,
    },
    /// The output directory cannot be replaced by a rename (`.`, `..`, `/`, or a directory
    /// containing the current one).
    #[error(
        "cannot write a bundle to `{path}`: give a named directory outside the current one, e.g. `bundle/`"
    )]
    Unplaceable {
        /// The directory asked for.
        path: PathBuf,
    },
    /// A bundle entry is a symlink or otherwise not a plain file inside the bundle.
    #[error("`{path}` is not a plain file inside the bundle; refusing to follow it")]
    UnsafeEntry {
        /// The entry.
        path: PathBuf,
    },
}

const MANIFEST: &str = "manifest.json";
const PAGES: &str = "pages";
const REFERENCE_PAGES: &str = "reference-pages";
const DOCUMENTS: &str = "page-widgets";
const TEMPLATES: &str = "widget-templates";
const CATALOG: &str = "catalog";

/// Writes `bundle` to `dir`, replacing a previous bundle there (but nothing else).
pub fn write_bundle(dir: &Path, bundle: &Bundle) -> Result<(), BundleError> {
    // The bundle replaces `dir` by a rename, so `dir` must be a named directory that is not
    // the one we are standing in (`.`, `..`, `/` or the current directory itself).
    let inside = std::env::current_dir()
        .ok()
        .zip(std::path::absolute(dir).ok())
        .is_some_and(|(cwd, target)| cwd.starts_with(&target));
    if dir.file_name().is_none() || inside {
        return Err(BundleError::Unplaceable {
            path: dir.to_owned(),
        });
    }
    if dir.exists()
        && let Some(reason) = not_replaceable(dir)?
    {
        return Err(BundleError::NotABundle {
            path: dir.to_owned(),
            reason,
        });
    }
    let staging = sibling(dir, "writing");
    remove_dir_if_exists(&staging)?;
    create_dir(&staging)?;
    let swapped = write_contents(&staging, bundle).and_then(|()| swap_into_place(&staging, dir));
    if swapped.is_err() {
        // Leave nothing half-written beside the bundle.
        let _ = remove_dir_if_exists(&staging);
    }
    swapped
}

/// Moves the finished `staging` directory to `dir`, keeping the previous bundle until then.
fn swap_into_place(staging: &Path, dir: &Path) -> Result<(), BundleError> {
    let previous = sibling(dir, "previous");
    remove_dir_if_exists(&previous)?;
    if dir.exists() {
        rename(dir, &previous)?;
    }
    rename(staging, dir)?;
    remove_dir_if_exists(&previous)
}

fn write_contents(root: &Path, bundle: &Bundle) -> Result<(), BundleError> {
    write_json(&root.join(MANIFEST), &bundle.manifest)?;
    let pages_dir = root.join(PAGES);
    create_dir(&pages_dir)?;
    let mut used = BTreeSet::new();
    for page in &bundle.pages {
        let name = unique(&mut used, names::page_file(page));
        write_json(&pages_dir.join(name), page)?;
    }
    if !bundle.reference_pages.is_empty() {
        let refs_dir = root.join(REFERENCE_PAGES);
        create_dir(&refs_dir)?;
        for page in &bundle.reference_pages {
            let name = unique(&mut used, names::page_file(page));
            write_json(&refs_dir.join(name), page)?;
        }
    }
    let docs_dir = root.join(DOCUMENTS);
    create_dir(&docs_dir)?;
    for document in &bundle.page_widgets {
        let name = unique(&mut used, names::document_file(&document.key));
        write_json(&docs_dir.join(name), document)?;
    }
    let templates_dir = root.join(TEMPLATES);
    create_dir(&templates_dir)?;
    for template in &bundle.widget_templates {
        let name = unique(&mut used, names::template_file(template));
        write_json(&templates_dir.join(name), template)?;
    }
    let catalog_dir = root.join(CATALOG);
    create_dir(&catalog_dir)?;
    write_json(&catalog_dir.join("products.json"), &bundle.products)?;
    write_json(&catalog_dir.join("categories.json"), &bundle.categories)?;
    write_json(&catalog_dir.join("brands.json"), &bundle.brands)?;
    Ok(())
}

/// Reads and checks the bundle in `dir`.
pub fn read_bundle(dir: &Path) -> Result<Bundle, BundleError> {
    let manifest_path = dir.join(MANIFEST);
    if !manifest_path.exists() {
        return Err(BundleError::Incomplete {
            path: dir.to_owned(),
            detail: "`manifest.json` is missing".into(),
        });
    }
    let version = read_format_version(&manifest_path)?;
    if version > BUNDLE_FORMAT_VERSION {
        return Err(BundleError::NewerFormat {
            path: dir.to_owned(),
            found: version,
            supported: BUNDLE_FORMAT_VERSION,
        });
    }
    let manifest: BundleManifest = read_json(&manifest_path)?;
    let mut pages: Vec<Page> = read_dir_of(&dir.join(PAGES))?;
    pages.sort_by_key(|p| p.id);
    let refs_dir = dir.join(REFERENCE_PAGES);
    // `symlink_metadata`, not `exists`: a dangling link is an unsafe entry, not an absence.
    let mut reference_pages: Vec<Page> = if fs::symlink_metadata(&refs_dir).is_ok() {
        read_dir_of(&refs_dir)?
    } else {
        Vec::new()
    };
    reference_pages.sort_by_key(|p| p.id);
    let mut page_widgets: Vec<PageWidgetsDocument> = read_dir_of(&dir.join(DOCUMENTS))?;
    page_widgets.sort_by(|a, b| a.key.cmp(&b.key));
    let mut widget_templates: Vec<WidgetTemplate> = read_dir_of(&dir.join(TEMPLATES))?;
    widget_templates.sort_by(|a, b| a.uuid.cmp(&b.uuid));
    let catalog = dir.join(CATALOG);
    check_plain_dir(&catalog)?;
    let products: Vec<Product> = read_json(&catalog.join("products.json"))?;
    let categories: Vec<Category> = read_json(&catalog.join("categories.json"))?;
    let brands: Vec<Brand> = read_json(&catalog.join("brands.json"))?;
    let bundle = Bundle {
        manifest,
        pages,
        reference_pages,
        page_widgets,
        widget_templates,
        products,
        categories,
        brands,
    };
    check_counts(dir, &bundle)?;
    Ok(bundle)
}

/// Compares what was read with the manifest's counts.
fn check_counts(dir: &Path, bundle: &Bundle) -> Result<(), BundleError> {
    let expected = &bundle.manifest.counts;
    let found = bundle.count();
    let mut problems = Vec::new();
    let pairs = [
        ("pages", expected.pages, found.pages),
        (
            "reference pages",
            expected.reference_pages,
            found.reference_pages,
        ),
        (
            "page-widget documents",
            expected.page_widgets,
            found.page_widgets,
        ),
        (
            "widget templates",
            expected.widget_templates,
            found.widget_templates,
        ),
        ("layouts", expected.layouts, found.layouts),
        ("widgets", expected.widgets, found.widgets),
        ("products", expected.products, found.products),
        ("categories", expected.categories, found.categories),
        ("brands", expected.brands, found.brands),
    ];
    for (what, want, got) in pairs {
        if want != got {
            problems.push(format!(
                "the manifest lists {want} {what}, the files hold {got}"
            ));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(BundleError::Incomplete {
            path: dir.to_owned(),
            detail: problems.join("; "),
        })
    }
}

/// Reads only `format_version`, so a newer manifest is reported as newer, not as corrupt.
fn read_format_version(path: &Path) -> Result<u32, BundleError> {
    #[derive(serde::Deserialize)]
    struct VersionOnly {
        format_version: u32,
    }
    let version: VersionOnly = read_json(path)?;
    Ok(version.format_version)
}

/// Fails unless `dir` is a real directory: a symlinked one could lead out of the bundle.
fn check_plain_dir(dir: &Path) -> Result<(), BundleError> {
    let meta = fs::symlink_metadata(dir).map_err(|source| io(dir, source))?;
    if meta.is_dir() {
        Ok(())
    } else {
        Err(BundleError::UnsafeEntry {
            path: dir.to_owned(),
        })
    }
}

/// Reads every `*.json` plain file of a real directory (sorted by name).
fn read_dir_of<T: DeserializeOwned>(dir: &Path) -> Result<Vec<T>, BundleError> {
    check_plain_dir(dir)?;
    let mut entries = Vec::new();
    let listing = fs::read_dir(dir).map_err(|source| io(dir, source))?;
    for entry in listing {
        let entry = entry.map_err(|source| io(dir, source))?;
        let path = entry.path();
        let kind = entry.file_type().map_err(|source| io(&path, source))?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !kind.is_file() || !names::is_safe_component(&name) {
            return Err(BundleError::UnsafeEntry { path });
        }
        if name.ends_with(".json") {
            entries.push(path);
        }
    }
    entries.sort();
    entries.iter().map(|p| read_json(p)).collect()
}

/// Reads one JSON file; errors name the file and the JSON path of the problem.
fn read_json<T: DeserializeOwned>(path: &Path) -> Result<T, BundleError> {
    let meta = fs::symlink_metadata(path).map_err(|source| io(path, source))?;
    if !meta.is_file() {
        return Err(BundleError::UnsafeEntry {
            path: path.to_owned(),
        });
    }
    let text = fs::read_to_string(path).map_err(|source| io(path, source))?;
    let mut deserializer = serde_json::Deserializer::from_str(&text);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|error| BundleError::Corrupt {
        path: path.to_owned(),
        json_path: error.path().to_string(),
        message: error.into_inner().to_string(),
    })
}

/// Writes one canonical JSON file and flushes it to disk.
fn write_json<T: serde::Serialize>(path: &Path, value: &T) -> Result<(), BundleError> {
    let text = to_canonical_json(value).map_err(|error| BundleError::Corrupt {
        path: path.to_owned(),
        json_path: String::new(),
        message: error.to_string(),
    })?;
    let mut file = fs::File::create(path).map_err(|source| io(path, source))?;
    file.write_all(text.as_bytes())
        .map_err(|source| io(path, source))?;
    file.sync_all().map_err(|source| io(path, source))
}

/// Makes a name unique within one bundle by suffixing a counter before `.json`.
fn unique(used: &mut BTreeSet<String>, name: String) -> String {
    if used.insert(name.clone()) {
        return name;
    }
    let stem = name.trim_end_matches(".json");
    (2..)
        .map(|n| format!("{stem}-{n}.json"))
        .find(|candidate| used.insert(candidate.clone()))
        .unwrap_or(name)
}

/// Why `dir` may not be replaced, or `None` when it is empty or provably a pageport bundle:
/// a manifest that parses as one, and nothing but the bundle's own folders of plain `.json`
/// files beside it. Anything else (a web app's `manifest.json`, a `.git`, a stray note) would
/// be lost by the swap, so it is refused.
fn not_replaceable(dir: &Path) -> Result<Option<String>, BundleError> {
    // A link the user named is looked through (the swap replaces the link, not its target).
    let meta = fs::metadata(dir).map_err(|source| io(dir, source))?;
    if !meta.is_dir() {
        return Ok(Some("it is not a directory".into()));
    }
    let entries = list(dir)?;
    if entries.is_empty() {
        return Ok(None);
    }
    let manifest = dir.join(MANIFEST);
    if !fs::symlink_metadata(&manifest).is_ok_and(|m| m.is_file()) {
        return Ok(Some("no manifest.json".into()));
    }
    if !is_bundle_manifest(&manifest) {
        return Ok(Some(
            "its manifest.json is not a pageport bundle manifest".into(),
        ));
    }
    for (name, kind) in entries {
        let known_folder =
            [PAGES, REFERENCE_PAGES, DOCUMENTS, TEMPLATES, CATALOG].contains(&name.as_str());
        if name == MANIFEST {
            continue;
        }
        if !known_folder || !kind.is_dir() {
            return Ok(Some(format!(
                "it holds `{name}`, which a bundle never does"
            )));
        }
        for (inner, inner_kind) in list(&dir.join(&name))? {
            if !inner_kind.is_file() || !inner.ends_with(".json") {
                return Ok(Some(format!(
                    "it holds `{name}/{inner}`, which a bundle never does"
                )));
            }
        }
    }
    Ok(None)
}

/// The names and kinds (not following symlinks) of a directory's entries.
fn list(dir: &Path) -> Result<Vec<(String, fs::FileType)>, BundleError> {
    let mut entries = Vec::new();
    for entry in fs::read_dir(dir).map_err(|source| io(dir, source))? {
        let entry = entry.map_err(|source| io(dir, source))?;
        let kind = entry
            .file_type()
            .map_err(|source| io(&entry.path(), source))?;
        entries.push((entry.file_name().to_string_lossy().into_owned(), kind));
    }
    Ok(entries)
}

/// True when the file is a bundle manifest, of this format or a newer one.
fn is_bundle_manifest(path: &Path) -> bool {
    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    struct ManifestShape {
        format_version: u32,
        pageport_version: String,
        source_store_hash: String,
        channel_id: u64,
        extracted_at: String,
    }
    fs::read(path)
        .ok()
        .and_then(|bytes| serde_json::from_slice::<ManifestShape>(&bytes).ok())
        .is_some()
}

fn sibling(dir: &Path, what: &str) -> PathBuf {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "bundle".into());
    dir.with_file_name(format!(".{name}.{what}"))
}

fn create_dir(path: &Path) -> Result<(), BundleError> {
    fs::create_dir_all(path).map_err(|source| io(path, source))
}

fn remove_dir_if_exists(path: &Path) -> Result<(), BundleError> {
    match fs::remove_dir_all(path) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(io(path, source)),
    }
}

fn rename(from: &Path, to: &Path) -> Result<(), BundleError> {
    fs::rename(from, to).map_err(|source| io(from, source))
}

fn io(path: &Path, source: std::io::Error) -> BundleError {
    BundleError::Io {
        path: path.to_owned(),
        source,
    }
}
