//! `pageport duplicate`: copy one channel's pages and layouts to another channel of the same
//! store, through the same plan, report, backup and journal as `apply`.

use crate::args::DuplicateArgs;
use crate::commands::apply::{ExecuteRequest, execute};
use crate::exit::Exit;
use crate::{connect, output, pipeline};
use miette::{IntoDiagnostic, WrapErr, miette};
use pageport_model::ChannelId;

/// Builds the channel-to-channel plan, then shows it (`--dry-run`) or applies it.
pub(crate) fn run(args: DuplicateArgs, state_dir: &std::path::Path) -> miette::Result<Exit> {
    let file_plan = pipeline::load_plan(&args.plan)?;
    let mut plan = pipeline::duplicate_plan(
        &file_plan,
        &args.store,
        ChannelId(args.from_channel),
        ChannelId(args.to_channel),
    )?;
    let connections = connect::connect(&plan, state_dir)?;
    let runtime = pipeline::runtime()?;
    check_channels(&runtime, &connections, &args)?;
    let bundle = runtime.block_on(pipeline::extract_bundle(&plan, &connections))?;
    pipeline::identity_catalog_tables(&mut plan, &bundle);
    let migration =
        runtime.block_on(pipeline::build_migration_plan(&plan, &connections, &bundle))?;
    if args.dry_run {
        output::stdout(&crate::commands::plan::report(&migration, args.format)?)?;
        return Ok(if migration.has_errors() {
            Exit::ValidationFailed
        } else if migration.has_changes() {
            Exit::ChangesPending
        } else {
            Exit::Success
        });
    }
    execute(ExecuteRequest {
        plan: &plan,
        connections: &connections,
        runtime: &runtime,
        migration,
        state_dir,
        yes: args.yes,
        format: args.format,
        verify: None,
        plan_file: &args.plan,
    })
}

/// Both channels must exist in the store; say so plainly instead of failing on the first read.
fn check_channels(
    runtime: &tokio::runtime::Runtime,
    connections: &connect::Connections,
    args: &DuplicateArgs,
) -> miette::Result<()> {
    let client = connections.client(&args.store)?;
    let channels = runtime
        .block_on(client.list_channels())
        .into_diagnostic()
        .wrap_err_with(|| format!("cannot list the channels of store `{}`", args.store))?;
    for wanted in [args.from_channel, args.to_channel] {
        if !channels.iter().any(|c| c.id == ChannelId(wanted)) {
            let known: Vec<String> = channels
                .iter()
                .map(|c| format!("{} ({})", c.id, c.name))
                .collect();
            return Err(miette!(
                help = "create the channel first (Channel Manager, or POST /v3/channels), then run duplicate again",
                "channel {wanted} does not exist in store `{}`; it has {}",
                args.store,
                known.join(", ")
            ));
        }
    }
    Ok(())
}
