//! Loading the plan file, and its errors as miette diagnostics: the message, then a snippet of
//! the plan (tokens masked) with every offending value underlined and its line and column.

use miette::{Diagnostic, LabeledSpan, NamedSource, SourceCode};
use pageport_mapping::{PlanFile, PlanFileError};
use std::fmt;
use std::path::Path;

/// Loads and checks a plan file, reading `${VAR}`s from the environment.
pub(crate) fn load(path: &Path) -> miette::Result<PlanFile> {
    PlanFile::from_path(path, &pageport_mapping::plan_file::process_env)
        .map_err(|error| miette::Report::new(PlanFileDiagnostic::new(error)))
}

/// A [`PlanFileError`] rendered with source snippets.
#[derive(Debug)]
pub(crate) struct PlanFileDiagnostic {
    error: PlanFileError,
    source: Option<NamedSource<String>>,
}

impl PlanFileDiagnostic {
    /// Wraps a plan error, keeping its (masked) text for the snippet.
    pub(crate) fn new(error: PlanFileError) -> Self {
        let source = error.source_text().map(|text| {
            let name = match &error {
                PlanFileError::Read { file, .. }
                | PlanFileError::NotAFile { file }
                | PlanFileError::TooLarge { file, .. }
                | PlanFileError::Syntax { file, .. }
                | PlanFileError::Invalid { file, .. } => file.display().to_string(),
            };
            NamedSource::new(name, text.as_str().to_owned())
        });
        Self { error, source }
    }
}

impl fmt::Display for PlanFileDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.error, f)
    }
}

impl std::error::Error for PlanFileDiagnostic {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.error {
            PlanFileError::Read { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl Diagnostic for PlanFileDiagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        let code = match &self.error {
            PlanFileError::Read { .. }
            | PlanFileError::NotAFile { .. }
            | PlanFileError::TooLarge { .. } => "plan::read",
            PlanFileError::Syntax { .. } => "plan::syntax",
            PlanFileError::Invalid { .. } => "plan::invalid",
        };
        Some(Box::new(code))
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let labels: Vec<LabeledSpan> = match &self.error {
            PlanFileError::Read { .. }
            | PlanFileError::NotAFile { .. }
            | PlanFileError::TooLarge { .. } => Vec::new(),
            PlanFileError::Syntax { message, span, .. } => span
                .iter()
                .map(|s| LabeledSpan::new(Some(message.clone()), s.offset, s.len.max(1)))
                .collect(),
            PlanFileError::Invalid { problems, .. } => problems
                .iter()
                .filter_map(|p| {
                    let span = p.location?.span?;
                    Some(LabeledSpan::new(
                        Some(p.kind.to_string()),
                        span.offset,
                        span.len.max(1),
                    ))
                })
                .collect(),
        };
        if labels.is_empty() || self.source.is_none() {
            None
        } else {
            Some(Box::new(labels.into_iter()))
        }
    }
}
