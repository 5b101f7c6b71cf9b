//! `pageport extract`: the source selection as a bundle directory.

use crate::args::ExtractArgs;
use crate::exit::Exit;
use crate::{connect, output, pipeline};
use miette::{IntoDiagnostic, WrapErr};

/// Extracts and writes the bundle; reads the source only.
pub(crate) fn run(args: ExtractArgs, state_dir: &std::path::Path) -> miette::Result<Exit> {
    let plan = pipeline::load_plan(&args.plan)?;
    let connections = connect::connect(&plan, state_dir)?;
    let bundle = pipeline::runtime()?.block_on(pipeline::extract_bundle(&plan, &connections))?;
    pageport_extract::write_bundle(&args.out, &bundle)
        .into_diagnostic()
        .wrap_err_with(|| format!("cannot write the bundle to `{}`", args.out.display()))?;
    let counts = &bundle.manifest.counts;
    output::status(&format!(
        "extracted {} pages, {} page-widget documents ({} layouts, {} widgets), {} widget templates, {} products, {} categories, {} brands from store `{}` channel {} into `{}`",
        counts.pages,
        counts.page_widgets,
        counts.layouts,
        counts.widgets,
        counts.widget_templates,
        counts.products,
        counts.categories,
        counts.brands,
        bundle.manifest.source_store_hash,
        bundle.manifest.channel_id,
        args.out.display()
    ));
    Ok(Exit::Success)
}
