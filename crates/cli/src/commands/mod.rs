//! One module per subcommand; `run` dispatches.

mod apply;
mod duplicate;
mod extract;
pub(crate) mod plan;
mod restore;
mod sandbox;
mod validate;

use crate::args::{Cli, Command};
use crate::exit::Exit;

/// Runs the chosen subcommand.
pub(crate) fn run(cli: Cli) -> miette::Result<Exit> {
    let state_dir = cli.global.state_dir;
    match cli.command {
        Command::Extract(args) => extract::run(args, &state_dir),
        Command::Plan(args) => plan::run(args, &state_dir),
        Command::Validate(args) => validate::run(args, &state_dir),
        Command::Apply(args) => apply::run(args, &state_dir),
        Command::Restore(args) => restore::run(args, &state_dir),
        Command::Duplicate(args) => duplicate::run(args, &state_dir),
        Command::Sandbox(args) => sandbox::run(args),
    }
}
