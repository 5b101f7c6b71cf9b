//! `pageport runs`: the runs of the state directory, from their journals. Never contacts a store.

use crate::args::{RunsAction, RunsArgs};
use crate::exit::{Exit, LibraryError};
use crate::output;
use pageport_apply::runs::{RunOverview, list_runs, show_run};
use pageport_model::escape::terminal;
use std::fmt::Write;
use std::path::Path;

/// Lists the runs, or shows one.
pub(crate) fn run(args: RunsArgs, state_dir: &Path) -> miette::Result<Exit> {
    let library = |e| miette::Report::new(LibraryError::new(e));
    match args.action {
        None => {
            let runs = list_runs(state_dir).map_err(library)?;
            output::stdout(&list(&runs, state_dir))?;
            Ok(Exit::Success)
        }
        Some(RunsAction::Show { id }) => match show_run(state_dir, &id).map_err(library)? {
            Some(run) => {
                output::stdout(&show(&run))?;
                Ok(Exit::Success)
            }
            None => Err(miette::miette!(
                help = "`pageport runs` lists the run ids",
                "no run `{}` under `{}`",
                terminal::terminal(&id, terminal::MAX_VALUE_CHARS),
                state_dir.display()
            )),
        },
    }
}

/// One line per run, oldest first.
fn list(runs: &[RunOverview], state_dir: &Path) -> String {
    if runs.is_empty() {
        return format!("no runs under `{}`\n", state_dir.display());
    }
    let mut out = String::new();
    for run in runs {
        let writes: usize = run.landed.values().sum();
        let _ = writeln!(
            out,
            "{}  {} → {} channel {}  started {}  {}  {} landed, {} failed",
            run.info.run_id,
            run.info.source.store_hash,
            run.info.target.store_hash,
            run.info.target.channel_id,
            run.info.started_at,
            run.outcome,
            writes,
            run.failures.len()
        );
    }
    out
}

/// One run in detail.
fn show(run: &RunOverview) -> String {
    let mut out = String::new();
    let info = &run.info;
    let _ = writeln!(out, "run {}", info.run_id);
    let _ = writeln!(
        out,
        "  from store {} channel {} to store {} channel {}",
        info.source.store_hash,
        info.source.channel_id,
        info.target.store_hash,
        info.target.channel_id
    );
    let _ = writeln!(
        out,
        "  started {} ({} attempt(s))",
        info.started_at, run.attempts
    );
    let _ = writeln!(out, "  outcome: {}", run.outcome);
    match run.backed_up {
        Some(objects) => {
            let _ = writeln!(
                out,
                "  backup: {objects} object(s) in {}",
                run.path.join("backup").display()
            );
        }
        None => {
            let _ = writeln!(out, "  backup: not taken (nothing was written)");
        }
    }
    for (kind, count) in &run.landed {
        let _ = writeln!(out, "  {kind}: {count} landed");
    }
    if run.in_doubt > 0 {
        let _ = writeln!(
            out,
            "  in doubt: {} write(s) sent without an answer (the next apply settles them)",
            run.in_doubt
        );
    }
    for (what, why) in &run.failures {
        let _ = writeln!(out, "  failed: {what}: {}", terminal::line(why));
    }
    out
}
