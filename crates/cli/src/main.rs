//! The `pageport` binary: parses the command line, sets up logging, runs one command and turns
//! its result into an exit code. Everything else lives in the library crates.
//!
//! - `args`: the clap definitions, one `XxxArgs` struct per subcommand (doc comments are the help)
//! - `commands`: one module per subcommand, each with `run(args) -> miette::Result<Exit>`
//! - `exit`: the documented exit codes, and library errors as miette reports
//! - `logging`: tracing to stderr
//! - `plan_file`: loading the plan file, its errors rendered with source snippets
//! - `output`: standard output and report files
//! - `progress`: progress bars (terminal) or lines (CI) during apply
//! - `summary`: the closing summaries of apply and restore
//! - `confirm`: asking before writing (or requiring --yes without a terminal)
//!
//! What a command does between parsing and rendering lives in `pageport-workflow` (connecting
//! the stores, the source content, planning, channel copies, offline checks), `pageport-apply`
//! and `pageport-plan`. Nothing depends on this crate; it may depend on every other pageport
//! crate.

mod args;
mod calls;
mod commands;
mod confirm;
mod exit;
mod logging;
mod output;
mod plan_file;
mod progress;
mod reading;
mod summary;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    logging::init(cli.global.verbose, cli.global.quiet, cli.global.log_format);
    match commands::run(cli) {
        Ok(code) => code.into(),
        Err(report) => {
            exit::report_error(&report);
            exit::Exit::Error.into()
        }
    }
}
