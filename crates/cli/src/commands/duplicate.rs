//! `pageport duplicate`: copy one channel's pages and layouts to another channel of the same
//! store, through the same plan, report, backup and journal as `apply`.

use crate::args::DuplicateArgs;
use crate::commands::apply::{ExecuteRequest, Verification, execute};
use crate::exit::{Exit, failure};
use crate::{output, plan_file, reading};
use pageport_model::ChannelId;
use pageport_model::escape::quote;
use pageport_workflow::duplicate::{ContactEmails, DuplicatePlan};

/// Builds the channel-to-channel plan, then shows it (`--dry-run`) or applies it, and plans
/// the copy again after a complete run.
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
    let mut calls = crate::calls::CallLedger::start(&connections);
    let runtime = super::runtime()?;
    let choice = contact_emails(&args);
    let planned = reading::show(&connections, "planning", || {
        runtime.block_on(pageport_workflow::duplicate::plan_duplicate(
            copy,
            &connections,
            &choice,
        ))
    })
    .map_err(failure)?;
    calls.phase("planning");
    let DuplicatePlan {
        plan,
        migration,
        contact_emails: outcome,
        bundle,
    } = planned;
    for name in &outcome.changed {
        output::status(&format!(
            "contact form {}: {}",
            quote(name),
            match &choice {
                ContactEmails::Set(email) => format!("copied with email {}", quote(email)),
                _ => "copied without an email".to_owned(),
            }
        ));
    }
    for name in &outcome.skipped {
        output::status(&format!(
            "contact form {} left out: --skip-contact-forms",
            quote(name)
        ));
    }
    let emails_taken = migration
        .diagnostics
        .iter()
        .any(|d| d.code == "page.email-taken");
    if args.dry_run || (emails_taken && migration.has_errors()) {
        output::stdout(&super::plan::report(&migration, args.format)?)?;
        if emails_taken {
            output::status(
                "contact-form emails are unique in a store, so a copy cannot keep them: run \
                 duplicate again with --contact-email EMAIL (one form), --empty-contact-email \
                 or --skip-contact-forms",
            );
        }
        if migration.has_errors() {
            if !args.dry_run {
                output::status("validation failed: nothing was written");
            }
            return Ok(Exit::ValidationFailed);
        }
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
        verification: Verification::Replan(&bundle),
        plan_file: &args.plan,
        calls,
    })
}

/// The contact-email choice of the command line.
fn contact_emails(args: &DuplicateArgs) -> ContactEmails {
    match (
        &args.contact_email,
        args.empty_contact_email,
        args.skip_contact_forms,
    ) {
        (Some(email), _, _) => ContactEmails::Set(email.clone()),
        (None, true, _) => ContactEmails::Empty,
        (None, false, true) => ContactEmails::Skip,
        (None, false, false) => ContactEmails::Keep,
    }
}
