//! Plan-file errors as miette diagnostics: the message, then a snippet of the plan (tokens
//! masked) with every offending value underlined and its line and column.

use miette::{Diagnostic, LabeledSpan, NamedSource, SourceCode};
use pageport_mapping::PlanError;
use std::fmt;

/// A [`PlanError`] rendered with source snippets.
#[derive(Debug)]
pub(crate) struct PlanDiagnostic {
    error: PlanError,
    source: Option<NamedSource<String>>,
}

impl PlanDiagnostic {
    /// Wraps a plan error, keeping its (masked) text for the snippet.
    pub(crate) fn new(error: PlanError) -> Self {
        let source = error.source_text().map(|text| {
            let name = match &error {
                PlanError::Read { file, .. }
                | PlanError::Syntax { file, .. }
                | PlanError::Invalid { file, .. } => file.display().to_string(),
            };
            NamedSource::new(name, text.as_str().to_owned())
        });
        Self { error, source }
    }
}

impl fmt::Display for PlanDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.error, f)
    }
}

impl std::error::Error for PlanDiagnostic {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.error {
            PlanError::Read { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl Diagnostic for PlanDiagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        let code = match &self.error {
            PlanError::Read { .. } => "plan::read",
            PlanError::Syntax { .. } => "plan::syntax",
            PlanError::Invalid { .. } => "plan::invalid",
        };
        Some(Box::new(code))
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let labels: Vec<LabeledSpan> = match &self.error {
            PlanError::Read { .. } => Vec::new(),
            PlanError::Syntax { message, span, .. } => span
                .iter()
                .map(|s| LabeledSpan::new(Some(message.clone()), s.offset, s.len.max(1)))
                .collect(),
            PlanError::Invalid { problems, .. } => problems
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
