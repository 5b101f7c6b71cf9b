//! One module per subcommand; `run` dispatches.

mod sandbox;

use crate::args::{Cli, Command};
use crate::exit::Exit;

/// Runs the chosen subcommand.
pub(crate) fn run(cli: Cli) -> miette::Result<Exit> {
    match cli.command {
        Command::Sandbox(args) => sandbox::run(args),
    }
}
