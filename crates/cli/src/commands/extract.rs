//! `pageport extract`: the source selection as a bundle directory.

use crate::args::ExtractArgs;
use crate::exit::{Exit, failure};
use crate::summary::{plural, plural_word};
use crate::{output, plan_file, reading};
use miette::{IntoDiagnostic, WrapErr};

/// Extracts and writes the bundle; reads the source only.
pub(crate) fn run(args: ExtractArgs, state_dir: &std::path::Path) -> miette::Result<Exit> {
    let plan = plan_file::load(&args.plan)?;
    let connections = pageport_workflow::connect(&plan, state_dir).map_err(failure)?;
    let runtime = super::runtime()?;
    let bundle = reading::show(&connections, "extracting", || {
        runtime.block_on(pageport_workflow::source::extract_bundle(
            &plan,
            &connections,
        ))
    })
    .map_err(failure)?;
    pageport_bundle::write_bundle(&args.out, &bundle)
        .into_diagnostic()
        .wrap_err_with(|| format!("cannot write the bundle to `{}`", args.out.display()))?;
    let counts = &bundle.manifest.counts;
    output::status(&format!(
        "extracted {}, {} ({} layouts, {} widgets), {}, {}, {}, {} (and {} to match in the target) from store `{}` channel {} into `{}`",
        plural(counts.pages, "page"),
        plural(counts.page_widgets, "page-widget document"),
        counts.layouts,
        counts.widgets,
        plural(counts.widget_templates, "widget template"),
        plural(counts.products, "product"),
        plural_word(counts.categories, "category", "categories"),
        plural(counts.brands, "brand"),
        plural(counts.reference_pages, "unselected parent page"),
        bundle.manifest.source_store_hash,
        bundle.manifest.channel_id,
        args.out.display()
    ));
    Ok(Exit::Success)
}
