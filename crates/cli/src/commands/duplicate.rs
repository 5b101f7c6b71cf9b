//! `pageport duplicate`: copy one channel's pages and layouts to another channel of the same
//! store, through the same plan, report, backup and journal as `apply`.

use crate::args::DuplicateArgs;
use crate::commands::apply::{ExecuteRequest, Verification, execute};
use crate::exit::{Exit, failure};
use crate::{output, plan_file, reading};
use pageport_model::ChannelId;

/// Builds the channel-to-channel plan, then shows it (`--dry-run`) or applies it.
pub(crate) fn run(args: DuplicateArgs, state_dir: &std::path::Path) -> miette::Result<Exit> {
    let file = plan_file::load(&args.plan)?;
    let copy = pageport_workflow::duplicate::duplicate_plan(
        &file,
        &args.store,
        ChannelId(args.from_channel),
        ChannelId(args.to_channel),
    )
    .map_err(failure)?;
    let connections = pageport_workflow::connect(&copy, state_dir).map_err(failure)?;
    let runtime = super::runtime()?;
    let (plan, migration) = reading::show(&connections, "planning", || {
        runtime.block_on(pageport_workflow::duplicate::plan_duplicate(
            copy,
            &connections,
        ))
    })
    .map_err(failure)?;
    if args.dry_run {
        output::stdout(&super::plan::report(&migration, args.format)?)?;
        return Ok(super::plan::exit_code(&migration, true));
    }
    execute(ExecuteRequest {
        plan: &plan,
        connections: &connections,
        runtime: &runtime,
        migration,
        state_dir,
        yes: args.yes,
        format: args.format,
        verification: Verification::None,
        plan_file: &args.plan,
    })
}
