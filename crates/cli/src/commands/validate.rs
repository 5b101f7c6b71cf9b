//! `pageport validate`: offline checks of the content a plan would migrate, without reading
//! the target (see `pageport_workflow::offline` for what is and is not checked).

use crate::args::ValidateArgs;
use crate::exit::{Exit, failure};
use crate::{output, plan_file};
use pageport_model::escape::terminal;

/// Validates the plan's content and prints every finding.
pub(crate) fn run(args: ValidateArgs, state_dir: &std::path::Path) -> miette::Result<Exit> {
    let plan = plan_file::load(&args.plan)?;
    let bundle = match &args.bundle {
        Some(dir) => pageport_workflow::source::read_source_bundle(&plan, dir).map_err(failure)?,
        None => {
            let connections = pageport_workflow::connect(&plan, state_dir).map_err(failure)?;
            super::runtime()?
                .block_on(pageport_workflow::source::extract_bundle(
                    &plan,
                    &connections,
                ))
                .map_err(failure)?
        }
    };
    let report = pageport_workflow::offline::validate_offline(&plan, &bundle);
    let errors = report.errors().count();
    let warnings = report.warnings().count();
    let mut text = String::new();
    for diagnostic in &report.diagnostics {
        text.push_str(&terminal::message(
            &diagnostic.to_string(),
            terminal::MAX_VALUE_CHARS,
        ));
        text.push('\n');
    }
    text.push_str(&format!(
        "{} pages, {} page-widget documents checked: {}, {}\n",
        bundle.pages.len(),
        bundle.page_widgets.len(),
        crate::summary::plural(errors, "error"),
        crate::summary::plural(warnings, "warning"),
    ));
    output::stdout(&text)?;
    Ok(if errors > 0 {
        Exit::ValidationFailed
    } else {
        Exit::Success
    })
}
