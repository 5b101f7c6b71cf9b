//! The exit codes, a documented contract for CI, and the one place errors are printed.

use std::process::ExitCode;

/// Why pageport stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Exit {
    /// 0: success, or nothing to change.
    Success,
    /// 1: an error (bad input, an API failure, a refused confirmation).
    Error,
    /// 2: `plan --detailed-exitcode` found changes to apply.
    ChangesPending,
    /// 3: validation found problems that stop the migration.
    ValidationFailed,
    /// 4: `apply`, `restore` or `duplicate` finished, but some writes did not land.
    Partial,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> Self {
        ExitCode::from(match exit {
            Exit::Success => 0,
            Exit::Error => 1,
            Exit::ChangesPending => 2,
            Exit::ValidationFailed => 3,
            Exit::Partial => 4,
        })
    }
}

/// Prints an error and its causes to stderr, with miette's rendering (source snippets for
/// errors that carry them).
#[expect(
    clippy::print_stderr,
    reason = "the binary's one error-reporting point"
)]
pub(crate) fn report_error(report: &miette::Report) {
    eprintln!("{report:?}");
}

/// A library error as a miette report with its cause chain, and the help the binary adds.
pub(crate) fn failure(error: pageport_workflow::WorkflowError) -> miette::Report {
    use pageport_workflow::WorkflowError;
    let help = match &error {
        WorkflowError::ChannelMissing { .. } => Some(
            "create the channel first (Channel Manager, or POST /v3/channels), then run duplicate again",
        ),
        _ => None,
    };
    miette::Report::new(LibraryError {
        error: Box::new(error),
        help,
    })
}

/// Lets a library error travel as a miette report with its cause chain and optional help.
#[derive(Debug)]
pub(crate) struct LibraryError {
    error: Box<dyn std::error::Error + Send + Sync + 'static>,
    help: Option<&'static str>,
}

impl LibraryError {
    /// Wraps any library error, without help.
    pub(crate) fn new(error: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self {
            error: Box::new(error),
            help: None,
        }
    }

    /// Wraps a library error, with the help the binary adds.
    pub(crate) fn with_help(
        error: impl std::error::Error + Send + Sync + 'static,
        help: &'static str,
    ) -> Self {
        Self {
            error: Box::new(error),
            help: Some(help),
        }
    }
}

impl std::fmt::Display for LibraryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(&self.error, f)
    }
}

impl std::error::Error for LibraryError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.error.source()
    }
}

impl miette::Diagnostic for LibraryError {
    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.help
            .map(|help| Box::new(help) as Box<dyn std::fmt::Display + 'a>)
    }
}
