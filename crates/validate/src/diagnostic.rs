//! What validation reports: diagnostics with a severity, a stable code, a message, a location and
//! optional help, gathered into a [`Report`] in a deterministic order.

use crate::location::Location;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The migration would fail or damage the target; it must not run.
    Error,
    /// The migration would run, but the result may not be what the merchant wants.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

macro_rules! diagnostic_codes {
    ($($(#[$doc:meta])* $variant:ident => $text:literal,)+) => {
        /// What kind of problem a diagnostic is; its string form (`limit.page-widgets`) is stable
        /// and safe to match on in CI scripts.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum DiagnosticCode {
            $($(#[$doc])* $variant,)+
        }

        impl DiagnosticCode {
            /// Every code, in declaration order.
            pub const ALL: &'static [DiagnosticCode] = &[$(DiagnosticCode::$variant,)+];

            /// The stable string form, such as `limit.page-widgets`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(DiagnosticCode::$variant => $text,)+
                }
            }
        }
    };
}

diagnostic_codes! {
    /// A page-widget document holds more layouts than one page may.
    LimitPageLayouts => "limit.page-layouts",
    /// A page-widget document holds more widgets than one page may.
    LimitPageWidgets => "limit.page-widgets",
    /// The target channel would hold more layouts than allowed.
    LimitChannelLayouts => "limit.channel-layouts",
    /// The target channel would hold more widgets than allowed.
    LimitChannelWidgets => "limit.channel-widgets",
    /// One page or page-widget document is larger than a request body may be.
    LimitRequestBody => "limit.request-body",
    /// The target store would hold more web pages than allowed.
    LimitStorePages => "limit.store-pages",
    /// Two pages of the content share a source id (a hand-edited or corrupt bundle).
    PageIdDuplicate => "page.id-duplicate",
    /// A page name is empty or too long.
    PageNameLength => "page.name-length",
    /// Two planned pages share a name in the target channel.
    PageNameDuplicate => "page.name-duplicate",
    /// A planned page's name is already used by another page of the target channel.
    PageNameTaken => "page.name-taken",
    /// A contact form email is too long.
    PageEmailLength => "page.email-length",
    /// Two planned pages share a contact form email.
    PageEmailDuplicate => "page.email-duplicate",
    /// A planned page's contact form email is already used by another page of the target store.
    PageEmailTaken => "page.email-taken",
    /// A `raw` page has no body.
    PageRawBodyMissing => "page.raw-body-missing",
    /// A `link` page has no link.
    PageLinkMissing => "page.link-missing",
    /// A `link` page's link is not an absolute URL.
    PageLinkNotAbsolute => "page.link-not-absolute",
    /// A legacy `feed` page has no feed address.
    PageFeedMissing => "page.feed-missing",
    /// A legacy `feed` page is created; current stores may reject the type.
    PageFeedLegacy => "page.feed-legacy",
    /// A `blog` page is created; the API cannot create blogs.
    PageBlogNotCreatable => "page.blog-not-creatable",
    /// A page has a type the API does not know.
    PageTypeUnknown => "page.type-unknown",
    /// A planned page names a channel other than the target channel.
    PageWrongChannel => "page.wrong-channel",
    /// More than one planned page is the homepage.
    PageHomepageMultiple => "page.homepage-multiple",
    /// A planned homepage would silently replace the target channel's homepage.
    PageHomepageReplaced => "page.homepage-replaced",
    /// Two planned pages share a url.
    PageUrlDuplicate => "page.url-duplicate",
    /// A planned page's url is already used by another page of the target channel.
    PageUrlTaken => "page.url-taken",
    /// A page's parent will not exist in the target.
    ParentDangling => "parent.dangling",
    /// Pages are each other's ancestors.
    ParentCycle => "parent.cycle",
    /// A widget or layout template uuid is not a well-formed UUID.
    UuidMalformed => "uuid.malformed",
    /// A widget template neither exists in the target channel nor is created by the plan.
    WidgetTemplateUnknown => "template.unknown",
    /// A page-widget document is addressed to a channel other than the target channel.
    DocumentWrongChannel => "document.wrong-channel",
    /// The plan writes the same page-widget document twice.
    DocumentDuplicate => "document.duplicate",
    /// A region has an empty name.
    RegionNameEmpty => "region.name-empty",
    /// Two regions of one document share a name.
    RegionNameDuplicate => "region.name-duplicate",
    /// Content names the source store's hash (CDN, storefront or API URL).
    LeakStoreHash => "leak.store-hash",
    /// Content links to a source storefront host.
    LeakStorefrontHost => "leak.storefront-host",
}

impl fmt::Display for DiagnosticCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A string that is not the stable form of any [`DiagnosticCode`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown diagnostic code `{0}`")]
pub struct UnknownDiagnosticCode(pub String);

impl FromStr for DiagnosticCode {
    type Err = UnknownDiagnosticCode;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DiagnosticCode::ALL
            .iter()
            .copied()
            .find(|code| code.as_str() == s)
            .ok_or_else(|| UnknownDiagnosticCode(s.to_owned()))
    }
}

impl Serialize for DiagnosticCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for DiagnosticCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// One finding: what is wrong, where, and what to do about it.
///
/// Serializes with the fields in declaration order: severity, code, location, message, help.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Whether the finding blocks the migration.
    pub severity: Severity,
    /// The stable kind of finding.
    pub code: DiagnosticCode,
    /// Where the problem is.
    pub location: Location,
    /// What is wrong, for a merchant; values in backticks, the limit beside the actual number.
    pub message: String,
    /// What to do about it, when there is something specific to say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error at `location`.
    pub fn error(code: DiagnosticCode, location: Location, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            code,
            location,
            message: message.into(),
            help: None,
        }
    }

    /// A warning at `location`.
    pub fn warning(code: DiagnosticCode, location: Location, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(code, location, message)
        }
    }

    /// The same diagnostic with a help text.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    /// One line: `error[page.name-length] page `About us` (source #12): name is 101 characters;
    /// the limit is 100`, followed by ` (help: …)` when there is help.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}[{}] {}: {}",
            self.severity, self.code, self.location, self.message
        )?;
        if let Some(help) = &self.help {
            write!(f, " (help: {help})")?;
        }
        Ok(())
    }
}

/// Every finding of one validation pass, ordered by location, then code, then message.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// The findings, in report order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// A report of `diagnostics`, put in report order.
    pub fn new(mut diagnostics: Vec<Diagnostic>) -> Self {
        diagnostics.sort_by(|a, b| {
            a.location
                .cmp(&b.location)
                .then_with(|| a.code.as_str().cmp(b.code.as_str()))
                .then_with(|| a.message.cmp(&b.message))
                .then_with(|| a.severity.cmp(&b.severity))
        });
        diagnostics.dedup();
        Self { diagnostics }
    }

    /// The errors, in report order.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
    }

    /// The warnings, in report order.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
    }

    /// True when at least one finding blocks the migration.
    pub fn has_errors(&self) -> bool {
        self.errors().next().is_some()
    }

    /// True when there is nothing to report.
    pub fn is_empty(&self) -> bool {
        self.diagnostics.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pageport_model::PageId;

    #[test]
    fn codes_round_trip_through_their_string_form() {
        for code in DiagnosticCode::ALL {
            assert_eq!(code.as_str().parse::<DiagnosticCode>(), Ok(*code));
        }
        let unknown = "limit.nope".parse::<DiagnosticCode>();
        assert_eq!(
            unknown.map_err(|e| e.to_string()),
            Err("unknown diagnostic code `limit.nope`".to_owned())
        );
    }

    #[test]
    fn code_strings_are_unique() {
        let mut texts: Vec<_> = DiagnosticCode::ALL.iter().map(|c| c.as_str()).collect();
        texts.sort_unstable();
        texts.dedup();
        assert_eq!(texts.len(), DiagnosticCode::ALL.len());
    }

    #[test]
    fn display_is_one_line_with_code_location_and_message() {
        let diagnostic = Diagnostic::error(
            DiagnosticCode::PageNameLength,
            Location::page(Some(PageId(12)), "About us"),
            "name is 101 characters; the limit is 100",
        );
        assert_eq!(
            diagnostic.to_string(),
            "error[page.name-length] page `About us` (source #12): name is 101 characters; the limit is 100"
        );
        let with_help = Diagnostic::warning(
            DiagnosticCode::PageFeedLegacy,
            Location::page(None, "News"),
            "legacy type",
        )
        .with_help("use a link page");
        assert_eq!(
            with_help.to_string(),
            "warning[page.feed-legacy] page `News`: legacy type (help: use a link page)"
        );
    }

    #[test]
    fn serializes_fields_in_a_stable_order() {
        let diagnostic =
            Diagnostic::error(DiagnosticCode::LimitStorePages, Location::Store, "too many")
                .with_help("delete some");
        let json = serde_json::to_string(&diagnostic).unwrap_or_default();
        assert_eq!(
            json,
            r#"{"severity":"error","code":"limit.store-pages","location":{"kind":"store"},"message":"too many","help":"delete some"}"#
        );
    }

    #[test]
    fn report_orders_by_location_then_code_and_splits_by_severity() {
        let page = Location::page(Some(PageId(1)), "A");
        let report = Report::new(vec![
            Diagnostic::warning(DiagnosticCode::LeakStoreHash, page.clone(), "w"),
            Diagnostic::error(DiagnosticCode::PageNameLength, page.clone(), "e"),
            Diagnostic::error(DiagnosticCode::LimitStorePages, Location::Store, "s"),
        ]);
        let codes: Vec<_> = report.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(
            codes,
            vec![
                DiagnosticCode::LimitStorePages,
                DiagnosticCode::LeakStoreHash,
                DiagnosticCode::PageNameLength,
            ]
        );
        assert!(report.has_errors());
        assert_eq!(report.errors().count(), 2);
        assert_eq!(report.warnings().count(), 1);
        assert!(!Report::default().has_errors());
        assert!(Report::default().is_empty());
    }
}
