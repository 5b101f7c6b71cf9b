//! One module per subcommand; `run` dispatches.

mod apply;
mod completions;
mod duplicate;
mod extract;
mod man;
pub(crate) mod plan;
mod restore;
mod runs;
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
        Command::Runs(args) => runs::run(args, &state_dir),
        Command::Completions(args) => completions::run(&args),
        Command::Man => man::run(),
    }
}

/// The async runtime of one command: two workers, enough for the client's bounded concurrency.
fn runtime() -> miette::Result<tokio::runtime::Runtime> {
    use miette::{IntoDiagnostic, WrapErr};
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .into_diagnostic()
        .wrap_err("cannot start the async runtime")
}
