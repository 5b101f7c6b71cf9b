//! The exit codes, a documented contract for CI, and the one place errors are printed.

use pageport_model::escape::terminal;
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
    miette::Report::new(LibraryError::with_help(&error, help))
}

/// Lets a library error travel as a miette report with its cause chain and optional help.
///
/// Library errors quote store text (page names, API error titles), so the message and every
/// cause are kept as text made safe for a terminal ([`safe`]) when the error is
/// wrapped: miette prints them as they are.
#[derive(Debug)]
pub(crate) struct LibraryError {
    message: String,
    cause: Option<Box<Cause>>,
    help: Option<&'static str>,
}

impl LibraryError {
    /// Wraps any library error, without help.
    pub(crate) fn new(error: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self::with_help(&error, None)
    }

    /// Wraps a library error, with the help the binary adds (if any).
    pub(crate) fn with_help(error: &dyn std::error::Error, help: Option<&'static str>) -> Self {
        Self {
            message: safe(&error.to_string()),
            cause: Cause::chain(error.source()),
            help,
        }
    }
}

impl std::fmt::Display for LibraryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for LibraryError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.cause
            .as_deref()
            .map(|c| c as &(dyn std::error::Error + 'static))
    }
}

/// Longest error message or cause printed, in characters: long enough for any list pageport
/// writes (a stale plan's objects), short enough that a store's error body cannot flood.
const MAX_ERROR_CHARS: usize = 10_000;

/// An error message made safe: quoted values shortened, every control character visible.
fn safe(message: &str) -> String {
    terminal::terminal(
        &terminal::message(message, terminal::MAX_VALUE_CHARS),
        MAX_ERROR_CHARS,
    )
}

/// One cause of a [`LibraryError`], as safe text, and the cause behind it.
#[derive(Debug)]
struct Cause {
    message: String,
    next: Option<Box<Cause>>,
}

impl Cause {
    /// The causes from `source` down, made safe.
    fn chain(source: Option<&(dyn std::error::Error + 'static)>) -> Option<Box<Cause>> {
        source.map(|error| {
            Box::new(Cause {
                message: safe(&error.to_string()),
                next: Cause::chain(error.source()),
            })
        })
    }
}

impl std::fmt::Display for Cause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Cause {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.next
            .as_deref()
            .map(|c| c as &(dyn std::error::Error + 'static))
    }
}

impl miette::Diagnostic for LibraryError {
    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.help
            .map(|help| Box::new(help) as Box<dyn std::fmt::Display + 'a>)
    }
}
