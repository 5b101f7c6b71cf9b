//! `pageport completions`: the shell completion script, generated from the clap definitions so
//! it never falls behind them.

use crate::args::{Cli, CompletionsArgs};
use crate::exit::Exit;
use clap::CommandFactory;

/// Prints the completion script for the chosen shell.
pub(crate) fn run(args: &CompletionsArgs) -> miette::Result<Exit> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "pageport", &mut script);
    crate::output::stdout(&String::from_utf8_lossy(&script))?;
    Ok(Exit::Success)
}
