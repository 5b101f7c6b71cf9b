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
