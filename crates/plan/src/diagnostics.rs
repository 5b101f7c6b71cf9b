//! The plan's diagnostics in one shape, whatever found them: validation findings, mapping
//! problems (unmapped ids, unresolvable templates and products) and plan-level problems
//! (`on_existing: fail` matches, dependency cycles).
//!
//! Validation's [`Diagnostic`] has a closed set of codes; mapping problems need their own, so
//! both convert to [`PlanDiagnostic`], whose code is the stable string form.

use pageport_mapping::{
    CatalogReason, CatalogResolution, OnDrift, OnExisting, RewriteKind, RuleSource, SchemaProblem,
    TemplateDrift, TemplateProblem, Unmapped, UnmappedPolicy, Unrecognised, UnresolvedProduct,
    UnresolvedReason,
};
use pageport_model::escape::quote;
use pageport_model::{BrandId, CategoryId, PageId};
use pageport_validate::{Diagnostic, Location, Severity};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// Stable codes of the diagnostics the plan adds to validation's.
pub mod codes {
    /// A target page exists and the plan says `on_existing: fail`.
    pub const EXISTING_PAGE: &str = "existing.page";
    /// A target document exists and the plan says `on_existing: fail`.
    pub const EXISTING_DOCUMENT: &str = "existing.document";
    /// The dependency graph has a cycle (its edges were dropped to show the plan).
    pub const DEPENDENCY_CYCLE: &str = "plan.dependency-cycle";
    /// A `pages/page` document's page is neither migrated nor in the target.
    pub const DOCUMENT_PAGE_MISSING: &str = "document.page-missing";
    /// A bundle page has no id, so nothing can refer to it; it is left out.
    pub const PAGE_WITHOUT_ID: &str = "bundle.page-without-id";
    /// A source widget template is missing from the target and is not created.
    pub const TEMPLATE_NOT_IN_TARGET: &str = "template.not-in-target";
    /// A source widget template has no explicit entry under `match_by: explicit`.
    pub const TEMPLATE_NO_EXPLICIT_ENTRY: &str = "template.no-explicit-entry";
    /// Several target templates have a source template's name.
    pub const TEMPLATE_AMBIGUOUS_NAME: &str = "template.ambiguous-name";
    /// An explicit template entry names a uuid the target channel lacks.
    pub const TEMPLATE_EXPLICIT_TARGET_MISSING: &str = "template.explicit-target-missing";
    /// An explicit category entry names a category the target channel's tree lacks.
    pub const CATEGORY_EXPLICIT_TARGET_MISSING: &str = "category.explicit-target-missing";
    /// An explicit brand entry names a brand the target store lacks.
    pub const BRAND_EXPLICIT_TARGET_MISSING: &str = "brand.explicit-target-missing";
    /// A value that looks like an id that neither a template schema nor `mappings.fields`
    /// covers: published unchanged.
    pub const UNRECOGNISED_ID: &str = "mapping.unrecognised-id";
    /// A widget template's schema or GraphQL query could not be read (wholly or in part); its
    /// widgets fall back to field names there.
    pub const TEMPLATE_SCHEMA: &str = "mapping.template-schema";
    /// A template BigCommerce provides is missing from the target (it cannot be created).
    pub const TEMPLATE_PROVIDED_NOT_IN_TARGET: &str = "template.provided-not-in-target";
    /// A matched target template has another definition and `on_drift: fail` refuses it.
    pub const TEMPLATE_DRIFTED: &str = "template.drifted";
    /// A matched target template has another definition and `on_drift: keep` leaves it.
    pub const TEMPLATE_DRIFT_KEPT: &str = "template.drift-kept";
    /// A mapped product is not assigned to the target channel (its storefront does not sell it).
    pub const PRODUCT_NOT_IN_CHANNEL: &str = "mapping.product-not-in-channel";
}

/// One finding about the plan: what is wrong, where, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanDiagnostic {
    /// Whether it blocks the migration.
    pub severity: Severity,
    /// The stable code, such as `limit.page-widgets` or `mapping.unmapped-product`.
    pub code: String,
    /// What it is about: `page `About` (source #3)`, `page-widget document `channel 1 pages/home``.
    pub location: String,
    /// The JSON path inside the object, when the finding is about one value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl fmt::Display for PlanDiagnostic {
    /// One line: `error[code] location at `path`: message (help: …)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}] {}", self.severity, self.code, self.location)?;
        if let Some(path) = &self.path {
            write!(f, " at {}", quote(path))?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, " (help: {help})")?;
        }
        Ok(())
    }
}

impl PlanDiagnostic {
    /// A diagnostic without a path or help.
    pub fn new(
        severity: Severity,
        code: &str,
        location: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            severity,
            code: code.to_owned(),
            location: location.into(),
            path: None,
            message: message.into(),
            help: None,
        }
    }

    /// The same diagnostic with help.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl From<&Diagnostic> for PlanDiagnostic {
    fn from(diagnostic: &Diagnostic) -> Self {
        let (location, path) = match &diagnostic.location {
            Location::Page {
                source_id,
                name,
                path,
            } => (
                Location::page(*source_id, name.clone()).to_string(),
                (!path.is_root()).then(|| path.to_string()),
            ),
            Location::Document { key, path } => (
                format!("page-widget document {}", quote(&key.to_string())),
                (!path.is_root()).then(|| path.to_string()),
            ),
            other => (other.to_string(), None),
        };
        Self {
            severity: diagnostic.severity,
            code: diagnostic.code.as_str().to_owned(),
            location,
            path,
            message: diagnostic.message.clone(),
            help: diagnostic.help.clone(),
        }
    }
}

/// The diagnostic of a template problem.
pub fn template_problem(problem: &TemplateProblem) -> PlanDiagnostic {
    let (code, location) = match problem {
        TemplateProblem::NotInTarget { name, .. } => (codes::TEMPLATE_NOT_IN_TARGET, name.clone()),
        TemplateProblem::NoExplicitEntry { name, .. } => {
            (codes::TEMPLATE_NO_EXPLICIT_ENTRY, name.clone())
        }
        TemplateProblem::AmbiguousName { name, .. } => {
            (codes::TEMPLATE_AMBIGUOUS_NAME, name.clone())
        }
        TemplateProblem::ProvidedNotInTarget { name, .. } => {
            (codes::TEMPLATE_PROVIDED_NOT_IN_TARGET, name.clone())
        }
        TemplateProblem::ExplicitTargetMissing { source_uuid, .. } => (
            codes::TEMPLATE_EXPLICIT_TARGET_MISSING,
            source_uuid.to_string(),
        ),
    };
    PlanDiagnostic::new(
        Severity::Error,
        code,
        format!("widget template {}", quote(&location)),
        problem.to_string(),
    )
}

/// The errors of explicit category and brand entries whose target does not exist, whatever
/// the unmapped policy: the plan file names an object the target does not have.
pub fn explicit_targets_missing(
    categories: &CatalogResolution<CategoryId>,
    brands: &CatalogResolution<BrandId>,
) -> Vec<PlanDiagnostic> {
    let category = categories.unresolved.iter().filter_map(|u| match u.reason {
        CatalogReason::ExplicitTargetMissing { target } => Some(PlanDiagnostic::new(
            Severity::Error,
            codes::CATEGORY_EXPLICIT_TARGET_MISSING,
            format!("category {} (source #{})", quote(&u.name), u.id),
            format!("`mappings.categories` maps it to `{target}`, which the target channel's tree does not have"),
        ).with_help("fix the entry, or remove it to match the category by url and name path")),
        _ => None,
    });
    let brand = brands.unresolved.iter().filter_map(|u| match u.reason {
        CatalogReason::ExplicitTargetMissing { target } => Some(
            PlanDiagnostic::new(
                Severity::Error,
                codes::BRAND_EXPLICIT_TARGET_MISSING,
                format!("brand {} (source #{})", quote(&u.name), u.id),
                format!(
                    "`mappings.brands` maps it to `{target}`, which the target store does not have"
                ),
            )
            .with_help("fix the entry, or remove it to match the brand by name and url"),
        ),
        _ => None,
    });
    category.chain(brand).collect()
}

/// The warning for a problem in a widget template's schema or query.
pub fn schema_problem(problem: &SchemaProblem) -> PlanDiagnostic {
    PlanDiagnostic {
        severity: Severity::Warning,
        code: codes::TEMPLATE_SCHEMA.to_owned(),
        location: format!("widget template {}", quote(&problem.template_name)),
        path: Some(problem.path.clone()),
        message: format!(
            "{}; ids there are found by `mappings.fields` only",
            problem.message
        ),
        help: Some(
            "fix the template's schema in the source store, or list the keys that hold ids \
             under `mappings.fields`"
                .to_owned(),
        ),
    }
}

/// The warning for an id-like value no rule covers (under every unmapped policy).
pub fn unrecognised_id(
    unrecognised: &Unrecognised,
    page_names: &BTreeMap<PageId, String>,
) -> PlanDiagnostic {
    let (location, path) = split_path(&unrecognised.path, page_names);
    PlanDiagnostic {
        severity: Severity::Warning,
        code: codes::UNRECOGNISED_ID.to_owned(),
        location,
        path,
        message: format!(
            "{} looks like an id, but neither the widget template's schema nor \
             `mappings.fields` says what it names, so it is published unchanged",
            quote(&unrecognised.value)
        ),
        help: Some(
            "if it names a product, category or brand, add its key to `mappings.fields` so it \
             is remapped"
                .to_owned(),
        ),
    }
}

/// The diagnostic of a drifted template under `on_drift: keep` (a warning) or `fail` (an
/// error); `None` under `update`, which plans an update step instead.
pub fn template_drift(drift: &TemplateDrift, policy: OnDrift) -> Option<PlanDiagnostic> {
    let fields: Vec<String> = drift.fields.iter().map(|f| format!("`{f}`")).collect();
    let differs = format!(
        "the target template {} differs from the source in {}",
        quote(drift.target.uuid.as_str()),
        fields.join(", ")
    );
    let location = format!("widget template {}", quote(&drift.source.name));
    match policy {
        OnDrift::Update => None,
        OnDrift::Keep => Some(
            PlanDiagnostic::new(
                Severity::Warning,
                codes::TEMPLATE_DRIFT_KEPT,
                location,
                format!("{differs}; `on_drift: keep` leaves it as it is"),
            )
            .with_help("the migrated content renders with the target's definition"),
        ),
        OnDrift::Fail => Some(
            PlanDiagnostic::new(
                Severity::Error,
                codes::TEMPLATE_DRIFTED,
                location,
                format!("{differs}; `on_drift: fail` refuses to migrate over it"),
            )
            .with_help(
                "make the two definitions equal, or set `mappings.widget_templates.on_drift` to `update` or `keep`",
            ),
        ),
    }
}

/// Turns unmapped identifiers into diagnostics under the unmapped policy.
pub struct UnmappedReporter<'a> {
    /// The policy: `fail` gives errors, `warn` warnings, `keep` nothing.
    pub policy: UnmappedPolicy,
    /// Source page names by id, to name pages in locations.
    pub page_names: &'a BTreeMap<PageId, String>,
    /// Why products could not be resolved, by source id.
    pub products: &'a [UnresolvedProduct],
    /// How categories were matched, for why one has no target.
    pub categories: &'a CatalogResolution<CategoryId>,
    /// How brands were matched, for why one has no target.
    pub brands: &'a CatalogResolution<BrandId>,
}

impl UnmappedReporter<'_> {
    /// The diagnostic of one unmapped identifier, or `None` when the policy keeps it silently
    /// or another check reports it better: widget templates (validation's `template.unknown`
    /// names every widget), parent pages (validation's `parent.dangling`) and document pages
    /// (the plan's `document.page-missing`).
    pub fn report(&self, unmapped: &Unmapped) -> Option<PlanDiagnostic> {
        let severity = match self.policy {
            UnmappedPolicy::Fail => Severity::Error,
            UnmappedPolicy::Warn => Severity::Warning,
            UnmappedPolicy::Keep => return None,
        };
        if matches!(
            unmapped.kind,
            RewriteKind::WidgetTemplate | RewriteKind::Page
        ) {
            return None;
        }
        let (location, path) = split_path(&unmapped.path, self.page_names);
        let value = &unmapped.value;
        let kind = unmapped.kind;
        let (reason, fix) = match kind {
            RewriteKind::Product => (
                self.product_reason(value),
                "add it to `mappings.products.explicit` or create the product in the target",
            ),
            RewriteKind::Category => (
                catalog_reason(self.categories, value, CategoryId),
                "add it to `mappings.categories.explicit`",
            ),
            RewriteKind::Brand => (
                catalog_reason(self.brands, value, BrandId),
                "add it to `mappings.brands.explicit`",
            ),
            RewriteKind::Channel => (None, "add it to `mappings.channels`"),
            RewriteKind::Page | RewriteKind::WidgetTemplate => return None,
        };
        let declared = match unmapped.rule {
            Some(RuleSource::Schema) => " (the widget template's schema declares an id here)",
            Some(RuleSource::FieldName) | None => "",
        };
        let message = match reason {
            Some(reason) => format!("{kind} {} has no target: {reason}{declared}", quote(value)),
            None => format!("{kind} {} has no target{declared}", quote(value)),
        };
        let help = match self.policy {
            UnmappedPolicy::Fail => {
                format!("{fix}, or set `unmapped: warn` to publish the source id as it is")
            }
            _ => format!("the source id is published as it is; {fix}"),
        };
        Some(PlanDiagnostic {
            severity,
            code: format!("mapping.unmapped-{}", kind.to_string().replace(' ', "-")),
            location,
            path,
            message,
            help: Some(help),
        })
    }

    /// Why a source product has no target, when resolution said.
    fn product_reason(&self, value: &str) -> Option<String> {
        let id: u64 = value.trim().parse().ok()?;
        let unresolved = self.products.iter().find(|p| p.id.get() == id)?;
        Some(match &unresolved.reason {
            UnresolvedReason::NoSku => "the source product has no SKU to match by".to_owned(),
            UnresolvedReason::NoTargetWithSku { sku } => {
                format!("no target product has SKU {}", quote(sku))
            }
            UnresolvedReason::AmbiguousSku { sku, candidates } => {
                format!(
                    "{} target products have SKU {}",
                    candidates.len(),
                    quote(sku)
                )
            }
            UnresolvedReason::NoExplicitEntry => {
                "`mappings.products` matches only explicitly and has no entry for it".to_owned()
            }
        })
    }
}

/// Why a source category or brand has no target, when matching said.
fn catalog_reason<Id: Ord + Copy + fmt::Display>(
    resolution: &CatalogResolution<Id>,
    value: &str,
    id: impl Fn(u64) -> Id,
) -> Option<String> {
    let source = id(value.trim().parse().ok()?);
    let unresolved = resolution.why_unresolved(source)?;
    Some(format!(
        "{} in the source; {}",
        quote(&unresolved.name),
        unresolved.reason
    ))
}

/// The error for a target object that exists under `on_existing: fail`.
pub fn existing_object(code: &str, location: String, what: String) -> PlanDiagnostic {
    PlanDiagnostic::new(
        Severity::Error,
        code,
        location,
        format!("{what} already exists, and `on_existing: fail` stops the migration"),
    )
    .with_help(format!(
        "set `on_existing: {}` to overwrite it (after a backup) or `{}` to leave it",
        on_existing_name(OnExisting::Update),
        on_existing_name(OnExisting::Skip)
    ))
}

fn on_existing_name(policy: OnExisting) -> &'static str {
    match policy {
        OnExisting::Update => "update",
        OnExisting::Skip => "skip",
        OnExisting::Fail => "fail",
    }
}

/// How a source page reads in a location: ``page `About` (source #3)``.
pub fn page_location(source_id: PageId, name: &str) -> String {
    Location::page(Some(source_id), name).to_string()
}

/// Splits a mapping record path (`page_widgets[channel 1 pages/home].regions[0]…` or
/// `pages[#3].channel_id`) into a location and the path inside the object.
pub(crate) fn split_path(
    path: &str,
    page_names: &BTreeMap<PageId, String>,
) -> (String, Option<String>) {
    let inner_path = |rest: &str| {
        let rest = rest.strip_prefix('.').unwrap_or(rest);
        (!rest.is_empty()).then(|| rest.to_owned())
    };
    if let Some(rest) = path.strip_prefix("page_widgets[")
        && let Some((key, rest)) = rest.split_once(']')
    {
        return (
            format!("page-widget document {}", quote(key)),
            inner_path(rest),
        );
    }
    if let Some(rest) = path.strip_prefix("pages[#")
        && let Some((id, rest)) = rest.split_once(']')
        && let Ok(id) = id.parse::<u64>()
    {
        let id = PageId(id);
        let location = match page_names.get(&id) {
            Some(name) => page_location(id, name),
            None => format!("page source #{id}"),
        };
        return (location, inner_path(rest));
    }
    (path.to_owned(), None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use pageport_model::ProductId;

    fn empty_categories() -> CatalogResolution<CategoryId> {
        CatalogResolution {
            mapped: BTreeMap::new(),
            unresolved: Vec::new(),
        }
    }

    fn empty_brands() -> CatalogResolution<BrandId> {
        CatalogResolution {
            mapped: BTreeMap::new(),
            unresolved: Vec::new(),
        }
    }

    fn unmapped(kind: RewriteKind, value: &str, path: &str) -> Unmapped {
        Unmapped {
            kind,
            value: value.to_owned(),
            path: path.to_owned(),
            rule: None,
        }
    }

    #[test]
    fn an_unmapped_product_names_its_document_path_and_why() {
        let names = BTreeMap::new();
        let products = [UnresolvedProduct {
            id: ProductId(99),
            reason: UnresolvedReason::NoTargetWithSku {
                sku: "SKU-99".into(),
            },
        }];
        let reporter = UnmappedReporter {
            policy: UnmappedPolicy::Fail,
            page_names: &names,
            products: &products,
            categories: &empty_categories(),
            brands: &empty_brands(),
        };
        let found = reporter
            .report(&unmapped(
                RewriteKind::Product,
                "99",
                "page_widgets[channel 1 pages/home].regions[0].children[1].configuration.productId",
            ))
            .unwrap();
        assert_eq!(
            found.to_string(),
            "error[mapping.unmapped-product] page-widget document `channel 1 pages/home` at \
             `regions[0].children[1].configuration.productId`: product `99` has no target: no \
             target product has SKU `SKU-99` (help: add it to `mappings.products.explicit` or \
             create the product in the target, or set `unmapped: warn` to publish the source id \
             as it is)"
        );
    }

    #[test]
    fn the_policy_decides_the_severity() {
        let names = BTreeMap::from([(PageId(3), "About".to_owned())]);
        let record = unmapped(RewriteKind::Channel, "5", "pages[#3].channel_id");
        let (categories, brands) = (empty_categories(), empty_brands());
        let reporter = |policy| UnmappedReporter {
            policy,
            page_names: &names,
            products: &[],
            categories: &categories,
            brands: &brands,
        };
        let warn = reporter(UnmappedPolicy::Warn).report(&record).unwrap();
        assert_eq!(warn.severity, Severity::Warning);
        assert_eq!(warn.location, "page `About` (source #3)");
        assert_eq!(warn.path.as_deref(), Some("channel_id"));
        assert_eq!(warn.code, "mapping.unmapped-channel");
        assert!(reporter(UnmappedPolicy::Keep).report(&record).is_none());
    }

    #[test]
    fn an_unresolvable_schema_id_says_the_schema_declares_it() {
        let names = BTreeMap::new();
        let reporter = UnmappedReporter {
            policy: UnmappedPolicy::Fail,
            page_names: &names,
            products: &[],
            categories: &empty_categories(),
            brands: &empty_brands(),
        };
        let mut record = unmapped(
            RewriteKind::Product,
            "99",
            "page_widgets[channel 1 pages/home].regions[0].children[0].configuration.featured",
        );
        record.rule = Some(RuleSource::Schema);
        let found = reporter.report(&record).unwrap();
        assert_eq!(found.severity, Severity::Error);
        assert_eq!(
            found.path.as_deref(),
            Some("regions[0].children[0].configuration.featured")
        );
        assert_eq!(
            found.message,
            "product `99` has no target (the widget template's schema declares an id here)"
        );
    }

    #[test]
    fn an_unrecognised_id_is_a_warning_with_its_path() {
        let found = unrecognised_id(
            &Unrecognised {
                value: "5".to_owned(),
                path: "page_widgets[channel 1 pages/home].regions[0].children[0].configuration.bannerId"
                    .to_owned(),
            },
            &BTreeMap::new(),
        );
        assert_eq!(
            found.to_string(),
            "warning[mapping.unrecognised-id] page-widget document `channel 1 pages/home` at \
             `regions[0].children[0].configuration.bannerId`: `5` looks like an id, but neither \
             the widget template's schema nor `mappings.fields` says what it names, so it is \
             published unchanged (help: if it names a product, category or brand, add its key \
             to `mappings.fields` so it is remapped)"
        );
    }

    #[test]
    fn templates_and_pages_are_left_to_better_checks() {
        let names = BTreeMap::new();
        let reporter = UnmappedReporter {
            policy: UnmappedPolicy::Fail,
            page_names: &names,
            products: &[],
            categories: &empty_categories(),
            brands: &empty_brands(),
        };
        let template = unmapped(
            RewriteKind::WidgetTemplate,
            "u",
            "page_widgets[channel 1 pages/home].regions[0].children[0].widget_template_uuid",
        );
        assert!(reporter.report(&template).is_none());
        let parent = unmapped(RewriteKind::Page, "9", "pages[#3].parent_id");
        assert!(reporter.report(&parent).is_none());
        let entity = unmapped(
            RewriteKind::Page,
            "9",
            "page_widgets[channel 1 pages/page #9].entity_id",
        );
        assert!(reporter.report(&entity).is_none());
    }
}
