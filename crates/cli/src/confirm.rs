//! Asking before writing: on a terminal the user types `y`; without one, `--yes` is required,
//! so a CI job never writes by accident and never hangs on a prompt.

use miette::{IntoDiagnostic, miette};
use std::io::{BufRead, IsTerminal, Write};

/// Returns `Ok` when writing may go ahead: `--yes` was given, or the user answered yes.
pub(crate) fn confirm(question: &str, yes: bool) -> miette::Result<()> {
    if yes {
        return Ok(());
    }
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        return Err(miette!(
            help = "re-run with --yes once the plan above is what you want",
            "not writing without confirmation: there is no terminal to ask on"
        ));
    }
    let mut stderr = std::io::stderr().lock();
    write!(stderr, "{question} [y/N] ").into_diagnostic()?;
    stderr.flush().into_diagnostic()?;
    let mut answer = String::new();
    stdin.lock().read_line(&mut answer).into_diagnostic()?;
    if accepted(&answer) {
        Ok(())
    } else {
        Err(miette!("declined; nothing was written"))
    }
}

/// True for `y` and `yes`, in any case.
fn accepted(answer: &str) -> bool {
    matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_yes_accepts() {
        assert!(accepted("y\n"));
        assert!(accepted(" YES "));
        assert!(!accepted("\n"));
        assert!(!accepted("no"));
        assert!(!accepted("yes please"));
    }
}
