//! `pageport apply`: show the plan, ask, then execute it with backup and journal; a re-run
//! resumes an interrupted run. After a complete run, the target is planned again to show that
//! nothing is left to change.

use crate::args::{ApplyArgs, ReportFormat};
use crate::exit::Exit;
use crate::{confirm, connect, output, pipeline, progress, summary};
use miette::{IntoDiagnostic, WrapErr, miette};
use pageport_apply::{ApplyOptions, RunDir};
use pageport_plan::{MigrationPlan, render_text};
use std::path::Path;

/// Plans (or loads the saved plan), confirms, applies and verifies.
pub(crate) fn run(args: ApplyArgs, state_dir: &Path) -> miette::Result<Exit> {
    let plan = pipeline::load_plan(&args.plan)?;
    let connections = connect::connect(&plan, state_dir)?;
    let runtime = pipeline::runtime()?;
    let migration = match &args.saved_plan {
        Some(path) => read_saved_plan(path)?,
        None => runtime.block_on(async {
            let bundle =
                pipeline::source_bundle(&plan, &connections, args.bundle.as_deref()).await?;
            pipeline::build_migration_plan(&plan, &connections, &bundle).await
        })?,
    };
    execute(ExecuteRequest {
        plan: &plan,
        connections: &connections,
        runtime: &runtime,
        migration,
        state_dir,
        yes: args.yes,
        format: args.format,
        verify: args.saved_plan.is_none().then_some(args.bundle.as_deref()),
        plan_file: &args.plan,
    })
}

/// Everything `execute` needs; shared with `duplicate`.
pub(crate) struct ExecuteRequest<'a> {
    pub(crate) plan: &'a pageport_mapping::PlanFile,
    pub(crate) connections: &'a connect::Connections,
    pub(crate) runtime: &'a tokio::runtime::Runtime,
    pub(crate) migration: MigrationPlan,
    pub(crate) state_dir: &'a Path,
    pub(crate) yes: bool,
    pub(crate) format: ReportFormat,
    /// Plan again after a complete run (from this bundle, or the source when `Some(None)`).
    pub(crate) verify: Option<Option<&'a Path>>,
    pub(crate) plan_file: &'a Path,
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
        verify,
        plan_file,
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
    let client = connections.client(&target.store)?;
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
    output::status(&summary::apply_summary(&result, plan_file, &target.store));
    if !result.is_complete() {
        return Ok(Exit::Partial);
    }
    if let Some(bundle_dir) = verify {
        let again = runtime.block_on(async {
            let bundle = pipeline::source_bundle(plan, connections, bundle_dir).await?;
            pipeline::build_migration_plan(plan, connections, &bundle).await
        })?;
        // Standard output holds one report in the asked format; the verification is shown
        // there only for text, otherwise summarised on standard error.
        if format == ReportFormat::Text {
            output::status("Verification: the target planned again after the run:");
            output::stdout(&render_text(&again, output::color_stdout()))?;
        }
        if again.has_changes() {
            output::status("warning: planned again, the target still differs from the plan");
        } else {
            output::status("Verification: planned again, nothing is left to change");
        }
    }
    Ok(Exit::Success)
}

/// Refusals before the first write are reported as they are; a failure during the run says
/// that running apply again resumes it.
fn explain_apply_error(error: pageport_apply::ApplyError) -> miette::Report {
    use pageport_apply::ApplyError;
    let refused_before_writing = matches!(
        error,
        ApplyError::PlanHasErrors { .. }
            | ApplyError::WrongStore { .. }
            | ApplyError::StalePlan { .. }
            | ApplyError::ReadTarget { .. }
    );
    let report = miette::Report::new_boxed(Box::new(DiagnosticError(error)));
    if refused_before_writing {
        report.wrap_err("apply refused to start; nothing was written")
    } else {
        report.wrap_err("apply stopped before finishing; run it again to resume")
    }
}

/// Lets a library error travel as a miette report with its cause chain.
#[derive(Debug)]
struct DiagnosticError(pageport_apply::ApplyError);

impl std::fmt::Display for DiagnosticError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(&self.0, f)
    }
}

impl std::error::Error for DiagnosticError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&self.0)
    }
}

impl miette::Diagnostic for DiagnosticError {}

/// Reads a plan saved by `pageport plan --out`.
fn read_saved_plan(path: &Path) -> miette::Result<MigrationPlan> {
    let text = std::fs::read_to_string(path)
        .into_diagnostic()
        .wrap_err_with(|| format!("cannot read the saved plan `{}`", path.display()))?;
    MigrationPlan::from_json(&text)
        .map_err(|e| miette!("`{}` is not a usable saved plan: {e}", path.display()))
}
