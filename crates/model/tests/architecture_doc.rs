//! `docs/architecture.md` checked against the workspace, so the map cannot drift from the code.
//!
//! - [`assumption_index_is_current`] — the table between `<!-- assumptions:begin -->` and
//!   `<!-- assumptions:end -->` is generated from every assumption comment in the workspace's
//!   Rust sources (file, line, text). Run with `PAGEPORT_UPDATE_DOCS=1` to rewrite it in place.
//! - [`crate_table_matches_the_manifests`] — the crate table (between `<!-- crates:begin -->`
//!   and `<!-- crates:end -->`) has one row per directory under `crates/`, each with its package
//!   name and exactly the workspace crates of its `[dependencies]`.
//! - [`layer_diagram_points_downward`] — the layer diagram (between `<!-- layers:begin -->` and
//!   `<!-- layers:end -->`) names every crate once, and every dependency sits in a lower layer.
//! - [`named_paths_exist`] — every repo path the document names in backticks (`crates/…`,
//!   `docs/…`, `tests/…`) and every relative Markdown link exists.
//!
//! A row marked `dev-only` may name a crate directory that is not in this checkout yet; its
//! dependencies and paths are then checked once the directory exists.
//!
//! The file walk skips `target/` and hidden directories (`.git`, `.pageport`), and sorts
//! everything, so the result does not depend on the file system's order.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The word that marks an assumption comment, spelled in two halves so this file does not
/// index itself.
const MARKER: &str = concat!("ASSUMP", "TION");
/// The document this test keeps honest, relative to the workspace root.
const DOC: &str = "docs/architecture.md";
/// Set to `1` to regenerate the assumption table instead of failing.
const UPDATE_ENV: &str = "PAGEPORT_UPDATE_DOCS";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("the workspace root exists")
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()))
}

fn doc_text() -> String {
    read(&root().join(DOC))
}

/// The text between `<!-- NAME:begin -->` and `<!-- NAME:end -->`, with the byte range it
/// occupies in `text`.
fn section<'t>(text: &'t str, name: &str) -> (&'t str, std::ops::Range<usize>) {
    let begin = format!("<!-- {name}:begin -->");
    let end = format!("<!-- {name}:end -->");
    let start = text
        .find(&begin)
        .unwrap_or_else(|| panic!("{DOC} has no `{begin}` marker"))
        + begin.len();
    let stop = start
        + text[start..]
            .find(&end)
            .unwrap_or_else(|| panic!("{DOC} has no `{end}` after `{begin}`"));
    (&text[start..stop], start..stop)
}

// ---------------------------------------------------------------------------------------------
// The assumption index

/// Every `.rs` file under the workspace root, relative and sorted, outside `target/` and
/// hidden directories.
fn rust_sources(root: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<_> = fs::read_dir(dir)
            .unwrap_or_else(|err| panic!("cannot list {}: {err}", dir.display()))
            .map(|entry| entry.expect("a readable directory entry"))
            .collect();
        entries.sort_by_key(|entry| entry.file_name());
        for entry in entries {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let kind = entry.file_type().expect("a file type");
            if kind.is_dir() {
                if name != "target" && !name.starts_with('.') {
                    walk(&entry.path(), out);
                }
            } else if kind.is_file() && name.ends_with(".rs") {
                out.push(entry.path());
            }
        }
    }
    let mut files = Vec::new();
    walk(root, &mut files);
    files
        .into_iter()
        .map(|path| path.strip_prefix(root).expect("under the root").to_owned())
        .collect()
}

/// Where the comment of `line` starts: the first `//` that is not part of a URL (`://`).
fn comment_start(line: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = line[from..].find("//") {
        let at = from + found;
        if !line[..at].ends_with(':') {
            return Some(at);
        }
        from = at + 2;
    }
    None
}

/// A comment's text without its `//`, `///` or `//!`, and which of the three it was.
fn strip_comment(comment: &str) -> (&'static str, &str) {
    for kind in ["//!", "///", "//"] {
        if let Some(rest) = comment.strip_prefix(kind) {
            return (kind, rest.trim());
        }
    }
    unreachable!("a comment starts with //")
}

/// One assumption comment: where it is and what it says (its line and the rest of its
/// paragraph, joined on one line).
#[derive(Debug, PartialEq, Eq)]
struct Assumption {
    path: String,
    line: usize,
    text: String,
}

fn assumptions_in(path: &str, source: &str) -> Vec<Assumption> {
    let lines: Vec<&str> = source.lines().collect();
    let mut found = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        let Some(start) = comment_start(line) else {
            continue;
        };
        let (kind, text) = strip_comment(&line[start..]);
        let Some(at) = text.find(MARKER) else {
            continue;
        };
        // Start at the marker, or at the comment's start when the marker is in parentheses
        // (then the sentence around it is the assumption).
        let mut parts = vec![if text[..at].trim_end().ends_with('(') {
            text
        } else {
            &text[at..]
        }];
        // The paragraph goes on over the next lines of the same comment kind, up to a blank
        // comment line, code, or the next assumption.
        for next in &lines[index + 1..] {
            let trimmed = next.trim_start();
            let Some(rest) = trimmed.strip_prefix(kind) else {
                break;
            };
            if kind == "//" && (rest.starts_with('/') || rest.starts_with('!')) {
                break;
            }
            let rest = rest.trim();
            if rest.is_empty() || rest.contains(MARKER) {
                break;
            }
            parts.push(rest);
        }
        found.push(Assumption {
            path: path.to_owned(),
            line: index + 1,
            text: parts.join(" "),
        });
    }
    found
}

fn generated_assumption_table(root: &Path) -> String {
    let mut table = String::from("\n| where | assumption |\n|---|---|\n");
    for file in rust_sources(root) {
        let path = file
            .components()
            .map(|part| part.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        for found in assumptions_in(&path, &read(&root.join(&file))) {
            let text = found.text.replace('|', "\\|");
            table.push_str(&format!("| `{}:{}` | {text} |\n", found.path, found.line));
        }
    }
    table
}

#[test]
fn assumption_index_is_current() {
    let root = root();
    let doc = doc_text();
    let (current, range) = section(&doc, "assumptions");
    let generated = generated_assumption_table(&root);
    if current == generated {
        return;
    }
    if std::env::var(UPDATE_ENV).as_deref() == Ok("1") {
        let mut updated = doc.clone();
        updated.replace_range(range, &generated);
        fs::write(root.join(DOC), updated).expect("the document is writable");
        return;
    }
    let old: BTreeSet<&str> = current.lines().collect();
    let new: BTreeSet<&str> = generated.lines().collect();
    let mut message = format!(
        "the assumption table in {DOC} is out of date with the {MARKER} comments in the \
         sources.\nRegenerate it with `{UPDATE_ENV}=1 cargo test -p pageport-model --test \
         architecture_doc` and commit the result.\n"
    );
    for line in old.difference(&new) {
        message.push_str(&format!("  only in the document: {line}\n"));
    }
    for line in new.difference(&old) {
        message.push_str(&format!("  only in the sources:  {line}\n"));
    }
    panic!("{message}");
}

#[test]
fn assumptions_are_found_in_every_comment_form() {
    let source = "fn f() {} // ASSUMP\u{54}ION: trailing\n\
                  /// Clamped (ASSUMP\u{54}ION, §11 #2).\n\
                  //! ASSUMP\u{54}ION: a header\n\
                  //! that goes on\n\
                  //!\n\
                  //! and a new paragraph\n\
                  let url = \"https://example.com\"; // ASSUMP\u{54}ION: after a URL\n\
                  let s = \"ASSUMP\u{54}ION\";\n";
    let found = assumptions_in("x.rs", source);
    let texts: Vec<(usize, &str)> = found
        .iter()
        .map(|found| (found.line, found.text.as_str()))
        .collect();
    assert_eq!(
        texts,
        [
            (1, "ASSUMPTION: trailing"),
            (2, "Clamped (ASSUMPTION, §11 #2)."),
            (3, "ASSUMPTION: a header that goes on"),
            (7, "ASSUMPTION: after a URL"),
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// The crate table and the layer diagram

/// One row of the crate table.
#[derive(Debug)]
struct CrateRow {
    /// The directory name under `crates/`.
    dir: String,
    package: String,
    dev_only: bool,
    /// Workspace crates by directory name.
    deps: BTreeSet<String>,
}

/// The text of a cell without backticks.
fn plain(cell: &str) -> String {
    cell.replace('`', "").trim().to_owned()
}

/// Splits a dependency cell (`model, client (feature `client`)`, or `none`) into directory
/// names: the first word of each comma-separated item outside parentheses.
fn dependency_names(cell: &str) -> BTreeSet<String> {
    let mut items = Vec::new();
    let mut depth = 0usize;
    let mut current = String::new();
    for c in cell.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => items.push(std::mem::take(&mut current)),
            _ if depth == 0 => current.push(c),
            _ => {}
        }
    }
    items.push(current);
    items
        .iter()
        .filter_map(|item| plain(item).split_whitespace().next().map(str::to_owned))
        .filter(|name| name != "none" && name != "—")
        .collect()
}

fn crate_rows(doc: &str) -> Vec<CrateRow> {
    let (table, _) = section(doc, "crates");
    let mut rows = Vec::new();
    for line in table.lines().map(str::trim).filter(|l| l.starts_with('|')) {
        let cells: Vec<&str> = line.trim_matches('|').split(" | ").collect();
        let first = plain(cells[0]);
        if first == "directory" || first.starts_with("---") {
            continue;
        }
        assert_eq!(
            cells.len(),
            4,
            "a crate table row has four cells (directory | package | job | workspace \
             dependencies): {line}"
        );
        let dir = first
            .strip_prefix("crates/")
            .unwrap_or_else(|| panic!("a crate directory starts with `crates/`: {line}"))
            .to_owned();
        rows.push(CrateRow {
            dir,
            // The package name is the cell's first word; a note such as `(binary x)` may follow.
            package: plain(cells[1])
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_owned(),
            dev_only: cells[2].contains("dev-only"),
            deps: dependency_names(cells[3]),
        });
    }
    rows
}

/// Directory names under `crates/`, sorted.
fn crate_dirs(root: &Path) -> BTreeSet<String> {
    fs::read_dir(root.join("crates"))
        .expect("crates/ exists")
        .map(|entry| entry.expect("a readable directory entry"))
        .filter(|entry| entry.path().join("Cargo.toml").is_file())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect()
}

/// What this test reads from a `Cargo.toml`: the package name and the keys of
/// `[dependencies]` (not dev- or build-dependencies).
struct Manifest {
    name: String,
    dependencies: BTreeSet<String>,
}

fn manifest(path: &Path) -> Manifest {
    let mut name = None;
    let mut dependencies = BTreeSet::new();
    let mut section = String::new();
    for line in read(path).lines().map(str::trim) {
        if line.starts_with('[') {
            section = line.trim_matches(['[', ']']).trim().to_owned();
            if let Some(dep) = section.strip_prefix("dependencies.") {
                dependencies.insert(dep.trim_matches('"').to_owned());
            }
            continue;
        }
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let key = key.trim();
        if section == "package" && key == "name" {
            name = Some(value.trim().trim_matches('"').to_owned());
        } else if section == "dependencies" {
            let key = key.split('.').next().unwrap_or(key).trim_matches('"');
            dependencies.insert(key.to_owned());
        }
    }
    Manifest {
        name: name.unwrap_or_else(|| panic!("{} has no package name", path.display())),
        dependencies,
    }
}

#[test]
fn crate_table_matches_the_manifests() {
    let root = root();
    let rows = crate_rows(&doc_text());
    let dirs = crate_dirs(&root);
    let manifests: BTreeMap<String, Manifest> = dirs
        .iter()
        .map(|dir| {
            (
                dir.clone(),
                manifest(&root.join("crates").join(dir).join("Cargo.toml")),
            )
        })
        .collect();
    let dir_of_package: BTreeMap<&str, &str> = manifests
        .iter()
        .map(|(dir, manifest)| (manifest.name.as_str(), dir.as_str()))
        .collect();

    let mut problems = Vec::new();
    let named: BTreeSet<&str> = rows.iter().map(|row| row.dir.as_str()).collect();
    for dir in &dirs {
        if !named.contains(dir.as_str()) {
            problems.push(format!("`crates/{dir}` has no row in the crate table"));
        }
    }
    for row in &rows {
        let Some(manifest) = manifests.get(&row.dir) else {
            if !row.dev_only {
                problems.push(format!(
                    "the crate table names `crates/{}`, which does not exist (only a row \
                     marked dev-only may name a crate not yet in this checkout)",
                    row.dir
                ));
            }
            continue;
        };
        if manifest.name != row.package {
            problems.push(format!(
                "`crates/{}`: the table says package `{}`, Cargo.toml says `{}`",
                row.dir, row.package, manifest.name
            ));
        }
        let actual: BTreeSet<String> = manifest
            .dependencies
            .iter()
            .filter(|dep| dep.starts_with("pageport"))
            .map(|dep| {
                dir_of_package
                    .get(dep.as_str())
                    .map(|dir| (*dir).to_owned())
                    .unwrap_or_else(|| dep.trim_start_matches("pageport-").to_owned())
            })
            .collect();
        if actual != row.deps {
            problems.push(format!(
                "`crates/{}`: the table lists workspace dependencies {:?}, its [dependencies] \
                 have {:?}",
                row.dir, row.deps, actual
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "the crate table in {DOC} is out of date:\n  {}",
        problems.join("\n  ")
    );
}

#[test]
fn layer_diagram_points_downward() {
    let doc = doc_text();
    let rows = crate_rows(&doc);
    let (diagram, _) = section(&doc, "layers");
    // `layer N   a   b` lines, and one `dev-only   x` line for crates no library depends on.
    let mut layer_of: BTreeMap<String, Option<usize>> = BTreeMap::new();
    let mut problems = Vec::new();
    for line in diagram.lines().map(str::trim) {
        let mut words = line.split_whitespace();
        let layer = match words.next() {
            Some("layer") => Some(
                words
                    .next()
                    .and_then(|n| n.parse::<usize>().ok())
                    .unwrap_or_else(|| panic!("`layer` is followed by a number: {line}")),
            ),
            Some("dev-only") => None,
            _ => continue,
        };
        // A note in parentheses may follow the names.
        for name in words.take_while(|word| !word.starts_with('(')) {
            if layer_of.insert(name.to_owned(), layer).is_some() {
                problems.push(format!("`{name}` appears twice in the layer diagram"));
            }
        }
    }
    for row in &rows {
        let Some(&layer) = layer_of.get(&row.dir) else {
            problems.push(format!("`{}` is missing from the layer diagram", row.dir));
            continue;
        };
        for dep in &row.deps {
            match (layer, layer_of.get(dep)) {
                (_, None) => problems.push(format!(
                    "`{}` depends on `{dep}`, which is not in the layer diagram",
                    row.dir
                )),
                (_, Some(None)) => problems.push(format!(
                    "`{}` depends on `{dep}`, which the diagram calls dev-only",
                    row.dir
                )),
                (Some(own), Some(Some(theirs))) if *theirs >= own => problems.push(format!(
                    "`{}` (layer {own}) depends on `{dep}` (layer {theirs}): dependencies \
                     point downward",
                    row.dir
                )),
                _ => {}
            }
        }
    }
    for name in layer_of.keys() {
        if !rows.iter().any(|row| &row.dir == name) {
            problems.push(format!(
                "the layer diagram names `{name}`, which has no table row"
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "the layer diagram in {DOC} is out of date:\n  {}",
        problems.join("\n  ")
    );
}

// ---------------------------------------------------------------------------------------------
// Paths named by the document

/// The contents of every inline code span of `text`.
fn code_spans(text: &str) -> Vec<&str> {
    let mut spans = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('`') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('`') else { break };
        spans.push(&after[..close]);
        rest = &after[close + 1..];
    }
    spans
}

/// The repo path a code span names, if it names one: its first word, without a `:line` suffix,
/// cut before the first component holding a placeholder or a glob.
fn repo_path(span: &str) -> Option<String> {
    let word = span.split_whitespace().next()?;
    if !["crates/", "docs/", "tests/"]
        .iter()
        .any(|prefix| word.starts_with(prefix))
    {
        return None;
    }
    let word = match word.split_once(':') {
        Some((path, _line)) => path,
        None => word,
    };
    let literal: Vec<&str> = word
        .split('/')
        .take_while(|part| !part.contains(['*', '<', '{', '[', '…']))
        .filter(|part| !part.is_empty())
        .collect();
    Some(literal.join("/"))
}

#[test]
fn named_paths_exist() {
    let root = root();
    let doc = doc_text();
    let pending: Vec<String> = crate_rows(&doc)
        .into_iter()
        .filter(|row| row.dev_only && !root.join("crates").join(&row.dir).exists())
        .map(|row| format!("crates/{}", row.dir))
        .collect();
    let mut missing = BTreeSet::new();
    // Outside fenced blocks only: the diagrams are pictures, not paths.
    let mut fenced = false;
    for line in doc.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        for span in code_spans(line) {
            let Some(path) = repo_path(span) else {
                continue;
            };
            let awaited = pending
                .iter()
                .any(|dir| path == *dir || path.starts_with(&format!("{dir}/")));
            if !awaited && !root.join(&path).exists() {
                missing.insert(format!("`{path}` (from `{span}`)"));
            }
        }
        // Relative Markdown links: `](file.md#anchor)`.
        let mut rest = line;
        while let Some(at) = rest.find("](") {
            let after = &rest[at + 2..];
            let Some(close) = after.find(')') else { break };
            let target = &after[..close];
            rest = &after[close..];
            let file = target.split('#').next().unwrap_or_default();
            if file.is_empty() || file.contains("://") {
                continue;
            }
            if !root.join("docs").join(file).exists() {
                missing.insert(format!("link target `{target}`"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "{DOC} names paths that do not exist:\n  {}",
        missing.into_iter().collect::<Vec<_>>().join("\n  ")
    );
}
