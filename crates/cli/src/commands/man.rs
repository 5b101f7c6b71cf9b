//! `pageport man`: the manual page, generated from the clap definitions so it never falls
//! behind `--help`.

use crate::args::Cli;
use crate::exit::Exit;
use clap::CommandFactory;
use miette::IntoDiagnostic;

/// Prints the manual page as roff.
pub(crate) fn run() -> miette::Result<Exit> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut page)
        .into_diagnostic()?;
    crate::output::stdout(&String::from_utf8_lossy(&page))?;
    Ok(Exit::Success)
}
