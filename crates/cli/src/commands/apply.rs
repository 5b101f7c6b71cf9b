//! `pageport apply`: show the plan, ask, then execute it with backup and journal; a re-run
//! resumes an interrupted run. After a complete run, the target is planned again to show that
//! nothing is left to change.

use crate::args::{ApplyArgs, ReportFormat};
use crate::calls::CallLedger;
use crate::exit::{Exit, LibraryError, failure};
use crate::{confirm, output, plan_file, progress, reading, summary};
use miette::IntoDiagnostic;
use pageport_apply::{ApplyOptions, RunDir};
use pageport_plan::{MigrationPlan, render_text};
use pageport_workflow::Connections;
use std::path::Path;

/// Plans (or loads the saved plan), confirms, applies and verifies.
pub(crate) fn run(args: ApplyArgs, state_dir: &Path) -> miette::Result<Exit> {
    let plan = plan_file::load(&args.plan)?;
    let connections = pageport_workflow::connect(&plan, state_dir).map_err(failure)?;
    let mut calls = CallLedger::start(&connections);
    let runtime = super::runtime()?;
    let (migration, bundle) = match &args.saved_plan {
        Some(path) => {
            let saved = pageport_workflow::planning::read_saved_plan(path).map_err(failure)?;
            // A stale plan is refused before its outdated report is shown for approval.
            let client = connections.client(&plan.target.store).map_err(failure)?;
            let options = ApplyOptions::new(state_dir.to_owned());
            let stale = runtime
                .block_on(pageport_apply::stale_objects(&saved, client, &options))
                .map_err(explain_apply_error)?;
            if !stale.is_empty() {
                return Err(explain_apply_error(pageport_apply::ApplyError::StalePlan {
                    objects: stale,
                }));
            }
            calls.phase("stale check");
            (saved, None)
        }
        None => {
            let planned = reading::show(&connections, "planning", || {
                runtime.block_on(pageport_workflow::planning::plan_from_source(
                    &plan,
                    &connections,
                    args.bundle.as_deref(),
                ))
            })
            .map_err(failure)?;
            calls.phase("planning");
            (planned.migration, Some(planned.bundle))
        }
    };
    // A saved plan is checked for staleness instead: its source content is not at hand.
    let verification = match &bundle {
        Some(bundle) => Verification::Replan(bundle),
        None => Verification::None,
    };
    execute(ExecuteRequest {
        plan: &plan,
        connections: &connections,
        runtime: &runtime,
        migration,
        state_dir,
        yes: args.yes,
        format: args.format,
        verification,
        plan_file: &args.plan,
        calls,
    })
}

/// Everything `execute` needs; shared with `duplicate`.
pub(crate) struct ExecuteRequest<'a> {
    pub(crate) plan: &'a pageport_mapping::PlanFile,
    pub(crate) connections: &'a Connections,
    pub(crate) runtime: &'a tokio::runtime::Runtime,
    pub(crate) migration: MigrationPlan,
    pub(crate) state_dir: &'a Path,
    pub(crate) yes: bool,
    pub(crate) format: ReportFormat,
    /// Whether and from what to plan again after a complete run.
    pub(crate) verification: Verification<'a>,
    pub(crate) plan_file: &'a Path,
    /// The calls of the command so far, per phase and store.
    pub(crate) calls: CallLedger,
}

/// What `apply` plans again after a complete run, to show nothing is left to change.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Verification<'a> {
    /// No verification (a saved plan: its staleness was checked before the run).
    None,
    /// Plan this source content again against the target: only the target is read, the
    /// source content is the one the run planned.
    Replan(&'a pageport_model::Bundle),
}

/// Shows the report, confirms, applies, prints the summary and verifies.
pub(crate) fn execute(request: ExecuteRequest<'_>) -> miette::Result<Exit> {
    let ExecuteRequest {
        plan,
        connections,
        runtime,
        migration,
        state_dir,
        yes,
        format,
        verification,
        plan_file,
        mut calls,
    } = request;
    output::stdout(&crate::commands::plan::report(&migration, format)?)?;
    if migration.has_errors() {
        output::status("validation failed: nothing was written");
        return Ok(Exit::ValidationFailed);
    }
    let unfinished = RunDir::find_unfinished(state_dir, &migration.target).into_diagnostic()?;
    if !migration.has_changes() && unfinished.is_none() {
        output::status("nothing to change: the target already matches the plan");
        return Ok(Exit::Success);
    }
    let target = &plan.target;
    confirm::confirm(
        &format!(
            "Apply these changes to store `{}` ({}) channel {}?",
            target.store, target.config.store_hash, target.channel_id
        ),
        yes,
    )?;
    let client = connections.client(&target.store).map_err(failure)?;
    let options = ApplyOptions {
        batch_size: plan.batch_size,
        concurrency: plan.concurrency,
        ..ApplyOptions::new(state_dir.to_owned())
    };
    let progress = progress::Progress::new();
    let result = runtime
        .block_on(pageport_apply::apply(
            &migration, client, &options, &progress,
        ))
        .map_err(explain_apply_error)?;
    calls.phase("apply");
    output::status(&summary::apply_summary(&result, plan_file, &target.store));
    if !result.is_complete() {
        output::status(&calls.line());
        return Ok(Exit::Partial);
    }
    let Verification::Replan(bundle) = verification else {
        output::status(&calls.line());
        return Ok(Exit::Success);
    };
    let again = reading::show(connections, "verifying", || {
        runtime.block_on(pageport_workflow::planning::plan_migration(
            plan,
            connections,
            bundle,
        ))
    })
    .map_err(failure)?;
    calls.phase("verifying");
    output::status(&calls.line());
    if again.has_changes() {
        // Standard output holds one report in the asked format: the full verification report
        // is added there only for text, and only when something still differs.
        if format == ReportFormat::Text {
            output::status("Verification: the target planned again after the run:");
            output::stdout(&render_text(&again, output::color_stdout()))?;
        }
        // Every write answered success, yet the target does not hold what was written (a
        // store that answers 200 with an error body, content the store rewrites): the run did
        // not do what it said, so it does not exit 0.
        let mut text = String::from(
            "error: every write was answered as a success, but planning again finds the target \
             still differs from the plan:\n",
        );
        for line in again.remaining_writes() {
            text.push_str(&format!("  - {line}\n"));
        }
        text.push_str(
            "run `pageport plan` to see the differences; `pageport apply` again writes them",
        );
        output::status(&text);
        return Ok(Exit::Partial);
    }
    output::status("Verification: planned again, nothing is left to change");
    Ok(Exit::Success)
}

/// Refusals before the first write are reported as they are; a failure during the run says
/// that running apply again resumes it.
fn explain_apply_error(error: pageport_apply::ApplyError) -> miette::Report {
    use pageport_apply::ApplyError;
    let refused_before_writing = matches!(
        error,
        ApplyError::PlanHasErrors { .. }
            | ApplyError::Locked(_)
            | ApplyError::SourceIsTarget { .. }
            | ApplyError::WrongStore { .. }
            | ApplyError::StalePlan { .. }
            | ApplyError::ReadTarget { .. }
    );
    let report = miette::Report::new(LibraryError::new(error));
    if refused_before_writing {
        report.wrap_err("apply refused to start; nothing was written")
    } else {
        report.wrap_err("apply stopped before finishing; run it again to resume")
    }
}
