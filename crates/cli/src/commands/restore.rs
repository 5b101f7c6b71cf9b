//! `pageport restore`: put back what a run overwrote, from its backup.

use crate::args::RestoreArgs;
use crate::exit::{Exit, LibraryError, failure};
use crate::{confirm, output, plan_file, summary};
use miette::WrapErr;
use pageport_apply::{RestoreError, RestoreOptions};

/// Confirms, restores and prints the summary.
pub(crate) fn run(args: RestoreArgs, state_dir: &std::path::Path) -> miette::Result<Exit> {
    let file = plan_file::load(&args.plan)?;
    // Connect only the store to restore.
    let plan =
        pageport_workflow::duplicate::single_store_plan(&file, &args.store).map_err(failure)?;
    let connections = pageport_workflow::connect(&plan, state_dir).map_err(failure)?;
    let client = connections.client(&args.store).map_err(failure)?;
    confirm::confirm(
        &format!(
            "Restore store `{}` ({}) from `{}`{}?",
            args.store,
            plan.target.config.store_hash,
            args.from.display(),
            if args.delete_created {
                ", deleting what the run created"
            } else {
                ""
            }
        ),
        args.yes,
    )?;
    let options = RestoreOptions {
        delete_created: args.delete_created,
        force: args.force,
        lock_dir: None,
    };
    let result = super::runtime()?
        .block_on(pageport_apply::restore(client, &args.from, &options))
        .map_err(explain)
        .wrap_err_with(|| format!("cannot restore from `{}`", args.from.display()))?;
    output::status(&summary::restore_summary(&result));
    Ok(if result.is_complete() {
        Exit::Success
    } else {
        Exit::Partial
    })
}

/// A restore error as a report; changes made since the run get the help that says how to
/// restore anyway.
fn explain(error: RestoreError) -> miette::Report {
    match error {
        RestoreError::Drifted { .. } => miette::Report::new(LibraryError::with_help(
            &error,
            Some(
                "nothing was written; check the changes above, then re-run with --force to overwrite them (a page the run created is still not deleted while pages it did not create are under it)",
            ),
        )),
        error => miette::Report::new(LibraryError::new(error)),
    }
}
