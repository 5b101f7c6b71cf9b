//! The large-site generator: a realistic source site as a bundle, exactly the size asked for
//! and the same for the same seed.
//!
//! - `text` — titles, sentences, HTML paragraphs and slugs from a word list
//! - `pages` — web pages of every creatable type in a tree `depth` levels deep
//! - `templates` — the widget templates (eight kinds, two of them taking product ids)
//! - `catalog` — the products widgets reference, with SKUs
//! - `widgets` — widgets and layouts with Page Builder-style configuration
//! - `documents` — spreading the layouts and widgets over the documents within the limits

mod catalog;
mod documents;
mod pages;
mod templates;
mod text;
mod widgets;

use crate::error::BenchError;
use crate::rng::SiteRng;
use crate::spec::{SiteSpec, SpecError};
use pageport_bundle::write_bundle;
use pageport_model::page_widgets::count_regions;
use pageport_model::{
    BUNDLE_FORMAT_VERSION, Bundle, BundleCounts, BundleManifest, ChannelId, Limits, Page, PageId,
    StoreHash,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;
use widgets::WidgetFactory;

/// The store hash of the generated source store; the fixture plan's source has it too.
pub const SOURCE_STORE_HASH: &str = "benchsource";

/// The channel the generated site lives in.
pub const SOURCE_CHANNEL: ChannelId = ChannelId(1);

/// The extraction time recorded in the manifest: fixed, so that a seed gives identical files.
const EXTRACTED_AT: &str = "2025-01-01T00:00:00Z";

/// Generates the site `spec` describes, as the bundle `pageport extract` would have written.
pub fn generate_site(spec: &SiteSpec) -> Result<Bundle, SpecError> {
    let limits = Limits::default();
    spec.check(&limits)?;
    let generated_pages = pages::generate(spec, SOURCE_CHANNEL, SOURCE_STORE_HASH);
    let templates =
        templates::generate(&mut SiteRng::derive(spec.seed, "templates"), SOURCE_CHANNEL);
    let catalog = catalog::generate(
        &mut SiteRng::derive(spec.seed, "catalog"),
        catalog::catalog_size(spec.widgets),
    );
    let mut factory = WidgetFactory::new(&templates, &catalog, SOURCE_STORE_HASH);
    let mut rng = SiteRng::derive(spec.seed, "documents");
    let keys = documents::keys(SOURCE_CHANNEL, &generated_pages.content_ids);
    let shares = documents::shares(&mut rng, keys.len(), spec.layouts, spec.widgets, &limits);
    let mut page_widgets: Vec<_> = keys
        .into_iter()
        .zip(shares)
        .map(|(key, share)| documents::document(key, share, &mut factory, &mut rng))
        .collect();
    page_widgets.sort_by(|a, b| a.key.cmp(&b.key));
    let products = factory.referenced_products();
    let mut widget_templates: Vec<_> = templates.into_iter().map(|t| t.template).collect();
    widget_templates.sort_by(|a, b| a.uuid.cmp(&b.uuid));

    let mut bundle = Bundle {
        manifest: BundleManifest {
            format_version: BUNDLE_FORMAT_VERSION,
            pageport_version: env!("CARGO_PKG_VERSION").to_owned(),
            source_store_hash: StoreHash::new(SOURCE_STORE_HASH),
            channel_id: SOURCE_CHANNEL,
            extracted_at: EXTRACTED_AT.to_owned(),
            counts: BundleCounts::default(),
            storefront_urls: None,
        },
        pages: generated_pages.pages,
        reference_pages: Vec::new(),
        page_widgets,
        widget_templates,
        products,
        categories: Vec::new(),
        brands: Vec::new(),
    };
    bundle.manifest.counts = bundle.count();
    Ok(bundle)
}

/// What [`write_site`] wrote, for the summary the binary prints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GeneratedSite {
    /// The bundle directory.
    pub dir: String,
    /// What was asked for.
    pub spec: SiteSpec,
    /// The source store hash the bundle comes from.
    pub source_store: String,
    /// What the bundle holds.
    pub counts: BundleCounts,
    /// The levels of the page tree.
    pub depth_reached: usize,
    /// The most layouts in one document.
    pub max_layouts_per_document: usize,
    /// The most widgets in one document.
    pub max_widgets_per_document: usize,
    /// Files in the bundle directory.
    pub files: usize,
    /// Bytes of those files.
    pub bytes: u64,
    /// Time to generate, in milliseconds.
    pub generate_millis: f64,
    /// Time to write the bundle, in milliseconds.
    pub write_millis: f64,
}

/// Generates the site of `spec` and writes it as a bundle to `dir` (replacing a bundle there).
pub fn write_site(spec: &SiteSpec, dir: &Path) -> Result<GeneratedSite, BenchError> {
    let start = Instant::now();
    let bundle = generate_site(spec)?;
    let generate_millis = start.elapsed().as_secs_f64() * 1_000.0;
    let start = Instant::now();
    write_bundle(dir, &bundle).map_err(|source| BenchError::Bundle {
        path: dir.to_owned(),
        source,
    })?;
    let write_millis = start.elapsed().as_secs_f64() * 1_000.0;
    let (files, bytes) = disk_usage(dir)?;
    let per_document = bundle
        .page_widgets
        .iter()
        .map(|d| count_regions(&d.regions));
    let (max_layouts, max_widgets) =
        per_document.fold((0, 0), |(l, w), (dl, dw)| (l.max(dl), w.max(dw)));
    Ok(GeneratedSite {
        dir: dir.display().to_string(),
        spec: *spec,
        source_store: SOURCE_STORE_HASH.to_owned(),
        counts: bundle.count(),
        depth_reached: tree_depth(&bundle.pages),
        max_layouts_per_document: max_layouts,
        max_widgets_per_document: max_widgets,
        files,
        bytes,
        generate_millis,
        write_millis,
    })
}

/// The levels of a page tree (`0` without pages); a parent outside `pages` counts as the top.
pub fn tree_depth(pages: &[Page]) -> usize {
    let parents: BTreeMap<PageId, Option<PageId>> = pages
        .iter()
        .filter_map(|p| p.id.map(|id| (id, p.parent())))
        .collect();
    let mut levels: BTreeMap<PageId, usize> = BTreeMap::new();
    for &id in parents.keys() {
        // Walk up to a page whose level is known or to the top; stop on a cycle.
        let mut chain = vec![id];
        let mut base = 0;
        while let Some(&current) = chain.last() {
            if let Some(&known) = levels.get(&current) {
                chain.pop();
                base = known;
                break;
            }
            match parents.get(&current).copied().flatten() {
                Some(parent) if parents.contains_key(&parent) && !chain.contains(&parent) => {
                    chain.push(parent)
                }
                _ => break,
            }
        }
        for (offset, id) in chain.iter().rev().enumerate() {
            levels.insert(*id, base + offset + 1);
        }
    }
    levels.into_values().max().unwrap_or(0)
}

/// Counts the files under `dir` and their bytes.
fn disk_usage(dir: &Path) -> Result<(usize, u64), BenchError> {
    let measure = |path: &Path, source| BenchError::Measure {
        path: path.to_owned(),
        source,
    };
    let mut files = 0;
    let mut bytes = 0;
    let mut pending: Vec<PathBuf> = vec![dir.to_owned()];
    while let Some(current) = pending.pop() {
        for entry in std::fs::read_dir(&current).map_err(|e| measure(&current, e))? {
            let entry = entry.map_err(|e| measure(&current, e))?;
            let meta = entry.metadata().map_err(|e| measure(&entry.path(), e))?;
            if meta.is_dir() {
                pending.push(entry.path());
            } else {
                files += 1;
                bytes += meta.len();
            }
        }
    }
    Ok((files, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use pageport_model::PageType;

    fn page(id: u64, parent: u64) -> Page {
        let mut page = Page::new(format!("P{id}"), PageType::Page);
        page.id = Some(PageId(id));
        page.parent_id = Some(PageId(parent));
        page
    }

    #[test]
    fn tree_depth_counts_levels_whatever_the_order() {
        assert_eq!(tree_depth(&[]), 0);
        assert_eq!(tree_depth(&[page(1, 0), page(2, 0)]), 1);
        let pages = [page(4, 3), page(3, 2), page(2, 1), page(1, 0), page(5, 1)];
        assert_eq!(tree_depth(&pages), 4);
        assert_eq!(tree_depth(&[page(1, 2), page(2, 1)]), 2, "a cycle stops");
    }
}
