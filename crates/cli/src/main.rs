//! The `pageport` binary: parses the command line, sets up logging, runs one command and turns
//! its result into an exit code. Everything else lives in the library crates.
//!
//! - `args`: the clap definitions, one `XxxArgs` struct per subcommand (doc comments are the help)
//! - `commands`: one module per subcommand, each with `run(args) -> miette::Result<Exit>`
//! - `exit`: the documented exit codes
//! - `logging`: tracing to stderr
//! - `connect`: the plan's stores as API clients (or the embedded sandbox)
//! - `pipeline`: load the plan, get the source content, read the target, build the plan
//! - `output`: standard output and report files
//! - `progress`: progress bars (terminal) or lines (CI) during apply
//! - `summary`: the closing summaries of apply and restore
//! - `confirm`: asking before writing (or requiring --yes without a terminal)
//! - `plan_file_errors`: plan-file errors rendered with source snippets
//!
//! Nothing depends on this crate; it may depend on every other pageport crate.

mod args;
mod commands;
mod confirm;
mod connect;
mod exit;
mod logging;
mod output;
mod pipeline;
mod plan_file_errors;
mod progress;
mod summary;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    logging::init(cli.global.verbose, cli.global.quiet);
    match commands::run(cli) {
        Ok(code) => code.into(),
        Err(report) => {
            exit::report_error(&report);
            exit::Exit::Error.into()
        }
    }
}
