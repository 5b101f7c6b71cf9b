//! `pageport plan`: the dry run. Reads the source (or a bundle) and the target, never writes.

use crate::args::{PlanArgs, ReportFormat};
use crate::exit::{Exit, failure};
use crate::{output, plan_file, reading};
use miette::IntoDiagnostic;
use pageport_plan::{MigrationPlan, render_json, render_markdown, render_text};

/// Builds the plan, prints the report, saves what was asked, and picks the exit code.
pub(crate) fn run(args: PlanArgs, state_dir: &std::path::Path) -> miette::Result<Exit> {
    let inputs = [(args.plan.as_path(), "plan file")];
    if let Some(path) = &args.report {
        output::refuse_clobbering(path, "--report", &inputs)?;
    }
    if let Some(path) = &args.out {
        output::refuse_clobbering(path, "--out", &inputs)?;
        if let Some(report) = &args.report {
            output::refuse_clobbering(path, "--out", &[(report.as_path(), "--report file")])?;
        }
    }
    let plan = plan_file::load(&args.plan)?;
    let connections = pageport_workflow::connect(&plan, state_dir).map_err(failure)?;
    let runtime = super::runtime()?;
    let migration = reading::show(&connections, "planning", || {
        runtime.block_on(pageport_workflow::planning::plan_from_source(
            &plan,
            &connections,
            args.bundle.as_deref(),
        ))
    })
    .map_err(failure)?
    .migration;
    output::stdout(&report(&migration, args.format)?)?;
    if let Some(path) = &args.report {
        output::write_file(path, &render_markdown(&migration))?;
    }
    if let Some(path) = &args.out {
        output::write_file(path, &migration.to_json().into_diagnostic()?)?;
    }
    Ok(exit_code(&migration, args.detailed_exitcode))
}

/// The report in the asked format.
pub(crate) fn report(migration: &MigrationPlan, format: ReportFormat) -> miette::Result<String> {
    Ok(match format {
        ReportFormat::Text => render_text(migration, output::color_stdout()),
        ReportFormat::Markdown => render_markdown(migration),
        ReportFormat::Json => render_json(migration).into_diagnostic()?,
    })
}

/// 3 when validation failed; 2 for pending changes with `--detailed-exitcode`; else 0.
pub(crate) fn exit_code(migration: &MigrationPlan, detailed: bool) -> Exit {
    if migration.has_errors() {
        Exit::ValidationFailed
    } else if detailed && migration.has_changes() {
        Exit::ChangesPending
    } else {
        Exit::Success
    }
}
