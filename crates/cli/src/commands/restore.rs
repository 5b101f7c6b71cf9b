//! `pageport restore`: put back what a run overwrote, from its backup.

use crate::args::RestoreArgs;
use crate::exit::Exit;
use crate::{confirm, connect, output, pipeline, summary};
use miette::{IntoDiagnostic, WrapErr};
use pageport_apply::RestoreOptions;

/// Confirms, restores and prints the summary.
pub(crate) fn run(args: RestoreArgs, state_dir: &std::path::Path) -> miette::Result<Exit> {
    let mut plan = pipeline::load_plan(&args.plan)?;
    // Connect only the store to restore: point both ends of the plan at it.
    let endpoint = pipeline::duplicate_plan(&plan, &args.store, 1.into(), 2.into())?.target;
    plan.source = endpoint.clone();
    plan.target = endpoint;
    let connections = connect::connect(&plan, state_dir)?;
    let client = connections.client(&args.store)?;
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
    };
    let result = pipeline::runtime()?
        .block_on(pageport_apply::restore(client, &args.from, &options))
        .into_diagnostic()
        .wrap_err_with(|| format!("cannot restore from `{}`", args.from.display()))?;
    output::status(&summary::restore_summary(&result));
    Ok(if result.is_complete() {
        Exit::Success
    } else {
        Exit::Partial
    })
}
