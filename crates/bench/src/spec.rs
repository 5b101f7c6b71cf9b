//! What site to generate: the sizes the issue asks for, checked for feasibility before any work
//! (every document must stay within the per-page limits).

use pageport_model::Limits;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The size and shape of a generated site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteSpec {
    /// Web pages, of every creatable type.
    pub pages: usize,
    /// Widgets across every page-widget document (inside layouts and directly in regions).
    pub widgets: usize,
    /// Layouts across every page-widget document.
    pub layouts: usize,
    /// Levels of the page tree (1 means every page is top level).
    pub depth: usize,
    /// The seed: the same spec always yields the same site.
    pub seed: u64,
}

impl SiteSpec {
    /// The large site: 4,000 pages, 50,000 widgets and 10,000 layouts, four levels deep.
    pub fn large() -> Self {
        Self {
            pages: 4_000,
            widgets: 50_000,
            layouts: 10_000,
            depth: 4,
            seed: 1,
        }
    }

    /// How many pages of each type the site has.
    pub fn type_counts(&self) -> TypeCounts {
        // Shares of a typical content site, taken from the pages beyond the `depth` content
        // pages of the tree's spine (so the spine always fits); every type appears once there
        // are four such pages.
        let spare = self.pages.saturating_sub(self.depth);
        let share = |percent: usize| {
            if spare >= 4 {
                (spare * percent).div_ceil(100)
            } else {
                0
            }
        };
        let mut counts = TypeCounts {
            page: 0,
            raw: share(10),
            contact_form: share(4),
            link: share(12),
            feed: share(1),
        };
        let others = counts.raw + counts.contact_form + counts.link + counts.feed;
        counts.page = self.pages.saturating_sub(others);
        counts
    }

    /// The page-widget documents: global regions, the home page, and one `pages/page` document
    /// per `page` page.
    pub fn documents(&self) -> usize {
        self.type_counts().page + 2
    }

    /// Checks that the site can be built within `limits` (per-page layouts and widgets).
    pub fn check(&self, limits: &Limits) -> Result<(), SpecError> {
        if self.depth == 0 {
            return Err(SpecError::ZeroDepth);
        }
        if self.pages < self.depth {
            return Err(SpecError::TooFewPages {
                pages: self.pages,
                depth: self.depth,
            });
        }
        if self.widgets < self.layouts {
            return Err(SpecError::LayoutsWithoutWidgets {
                layouts: self.layouts,
                widgets: self.widgets,
            });
        }
        let documents = self.documents();
        // A layout holds at least one widget, so a document holds no more layouts than widgets.
        let layouts_per_document = limits.layouts_per_page.min(limits.widgets_per_page);
        let checks = [
            ("layouts", self.layouts, layouts_per_document),
            ("widgets", self.widgets, limits.widgets_per_page),
        ];
        for (what, requested, per_document) in checks {
            let capacity = documents * per_document;
            if requested > capacity {
                return Err(SpecError::OverCapacity {
                    what,
                    requested,
                    documents,
                    per_document,
                    capacity,
                });
            }
        }
        Ok(())
    }
}

/// Pages per type.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TypeCounts {
    /// `page` pages (each with a `pages/page` document).
    pub page: usize,
    /// `raw` pages.
    pub raw: usize,
    /// `contact_form` pages.
    pub contact_form: usize,
    /// `link` pages.
    pub link: usize,
    /// Legacy `feed` pages.
    pub feed: usize,
}

/// Why a site spec cannot be generated.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SpecError {
    /// A tree needs at least one level.
    #[error("`--depth` must be at least 1")]
    ZeroDepth,
    /// A tree `depth` levels deep needs at least `depth` pages.
    #[error("a tree `{depth}` levels deep needs at least `{depth}` pages, not `{pages}`")]
    TooFewPages {
        /// The requested pages.
        pages: usize,
        /// The requested depth.
        depth: usize,
    },
    /// Every layout holds at least one widget.
    #[error(
        "`{layouts}` layouts need at least as many widgets (every layout holds one), not `{widgets}`"
    )]
    LayoutsWithoutWidgets {
        /// The requested layouts.
        layouts: usize,
        /// The requested widgets.
        widgets: usize,
    },
    /// More layouts or widgets than the documents can hold within the per-page limit.
    #[error(
        "`{requested}` {what} do not fit in `{documents}` documents of at most `{per_document}` each (`{capacity}` in all); ask for more pages"
    )]
    OverCapacity {
        /// `layouts` or `widgets`.
        what: &'static str,
        /// The requested count.
        requested: usize,
        /// The documents the site has.
        documents: usize,
        /// The per-page limit.
        per_document: usize,
        /// Documents × limit.
        capacity: usize,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_large_site_fits_with_every_type() {
        let spec = SiteSpec::large();
        assert_eq!(spec.check(&Limits::default()), Ok(()));
        let counts = spec.type_counts();
        assert_eq!(
            counts,
            TypeCounts {
                page: 2_920,
                raw: 400,
                contact_form: 160,
                link: 480,
                feed: 40,
            }
        );
        assert_eq!(spec.documents(), 2_922);
    }

    #[test]
    fn the_spine_always_fits_in_the_content_pages() {
        for pages in 1..300 {
            for depth in 1..=pages.min(40) {
                let spec = SiteSpec {
                    pages,
                    widgets: 0,
                    layouts: 0,
                    depth,
                    seed: 1,
                };
                let counts = spec.type_counts();
                assert!(
                    counts.page >= depth,
                    "{pages} pages, depth {depth}: {counts:?}"
                );
                let total =
                    counts.page + counts.raw + counts.contact_form + counts.link + counts.feed;
                assert_eq!(total, pages);
            }
        }
    }

    #[test]
    fn a_tiny_site_has_only_content_pages() {
        let spec = SiteSpec {
            pages: 5,
            widgets: 3,
            layouts: 1,
            depth: 3,
            seed: 1,
        };
        assert_eq!(spec.type_counts().page, 5);
        assert_eq!(spec.check(&Limits::default()), Ok(()));
    }

    #[test]
    fn infeasible_specs_are_refused_with_the_reason() {
        let limits = Limits::default();
        let base = SiteSpec {
            pages: 10,
            widgets: 100,
            layouts: 10,
            depth: 3,
            seed: 1,
        };
        let zero = SiteSpec { depth: 0, ..base };
        assert_eq!(zero.check(&limits), Err(SpecError::ZeroDepth));
        let shallow = SiteSpec { pages: 2, ..base };
        assert!(matches!(
            shallow.check(&limits),
            Err(SpecError::TooFewPages { pages: 2, depth: 3 })
        ));
        let empty_layouts = SiteSpec { widgets: 5, ..base };
        assert!(matches!(
            empty_layouts.check(&limits),
            Err(SpecError::LayoutsWithoutWidgets { .. })
        ));
        let crowded = SiteSpec {
            widgets: 5_000,
            ..base
        };
        let error = crowded.check(&limits).unwrap_err();
        assert!(matches!(
            error,
            SpecError::OverCapacity {
                what: "widgets",
                ..
            }
        ));
        assert!(error.to_string().contains("ask for more pages"), "{error}");
    }
}
