//! The command line, as clap derive structs holding exactly what the user typed. Commands turn
//! these into typed settings; library crates never see them.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Migrate BigCommerce content pages and Page Widgets layouts between stores and channels.
///
/// Exit codes: 0 success or nothing to change; 1 error; 2 changes pending (plan with
/// --detailed-exitcode); 3 validation failed; 4 some writes did not land (apply, restore,
/// duplicate).
#[derive(Debug, Parser)]
#[command(
    name = "pageport",
    version = env!("PAGEPORT_VERSION"),
    about,
    long_about = None,
    propagate_version = true
)]
pub(crate) struct Cli {
    /// The subcommand.
    #[command(subcommand)]
    pub(crate) command: Command,
    /// Options every subcommand takes.
    #[command(flatten)]
    pub(crate) global: GlobalArgs,
}

/// Options every subcommand takes.
#[derive(Debug, Args)]
pub(crate) struct GlobalArgs {
    /// More log output on stderr (-v info, -vv debug); PAGEPORT_LOG overrides.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub(crate) verbose: u8,
    /// Only errors on stderr.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub(crate) quiet: bool,
    /// How log lines are written on stderr: `text`, or `json` (one object per line, for log
    /// collectors).
    #[arg(long, global = true, value_enum, default_value_t = LogFormat::Text)]
    pub(crate) log_format: LogFormat,
    /// Where pageport keeps its runs (journals, backups) and embedded sandboxes.
    #[arg(
        long,
        global = true,
        env = "PAGEPORT_STATE_DIR",
        default_value = pageport_apply::DEFAULT_STATE_DIR
    )]
    pub(crate) state_dir: PathBuf,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum LogFormat {
    /// Human-readable lines, coloured only on a terminal.
    Text,
    /// One JSON object per line.
    Json,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Snapshot the plan's source selection into a bundle directory (reads only).
    Extract(ExtractArgs),
    /// Dry run: show what a migration would change, without writing anything.
    ///
    /// Exit codes: 0 no changes (or changes without --detailed-exitcode); 1 error;
    /// 2 changes pending (with --detailed-exitcode); 3 validation failed.
    Plan(PlanArgs),
    /// Check a plan and its content offline: limits, page rules, parents, uuids, leaks.
    ///
    /// Reads the source (or a bundle) and never the target. Exit codes: 0 valid; 1 error;
    /// 3 validation failed.
    Validate(ValidateArgs),
    /// Execute a migration: back up what it overwrites, write in dependency order, journal
    /// every write. Re-running after an interruption resumes the unfinished run.
    ///
    /// Exit codes: 0 applied (or nothing to do); 1 error or declined; 3 validation failed
    /// (nothing written); 4 finished, but some writes did not land (fix the cause and re-run:
    /// what landed shows as unchanged). An interrupted run is resumed by the next apply.
    Apply(ApplyArgs),
    /// Put back what a run overwrote, from its backup directory.
    ///
    /// First checks that nothing the restore would overwrite or delete changed since the run
    /// (a page or layout edited, a page deleted, a page added under a page the run created);
    /// if something did, it names each change and refuses, writing nothing, unless --force.
    ///
    /// Exit codes: 0 restored; 1 error, declined, or the target changed since the run (without
    /// --force); 4 some objects could not be restored, or created pages were kept because pages
    /// the run did not create are under them.
    Restore(RestoreArgs),
    /// Copy one channel's pages and layouts to another channel of the same store.
    ///
    /// Same remapping, validation, report, backup and journal as apply. Exit codes as apply's;
    /// with --dry-run as plan's with --detailed-exitcode.
    Duplicate(DuplicateArgs),
    /// Run the local BigCommerce API emulator.
    Sandbox(SandboxArgs),
    /// List the runs of the state directory (id, target, start, outcome, writes), or show
    /// one (`runs show ID`): its attempts, backup, writes by kind and failures. Reads only.
    Runs(RunsArgs),
    /// Print a shell completion script to standard output.
    ///
    /// For example `pageport completions bash > ~/.local/share/bash-completion/completions/pageport`,
    /// or `pageport completions zsh > "${fpath[1]}/_pageport"`. Exit codes: 0 printed; 1 error.
    Completions(CompletionsArgs),
    /// Print the manual page (roff) to standard output, e.g.
    /// `pageport man > ~/.local/share/man/man1/pageport.1`. Exit codes: 0 printed; 1 error.
    Man,
}

/// `pageport runs`.
#[derive(Debug, Args)]
pub(crate) struct RunsArgs {
    /// `show ID` for one run; nothing to list them all.
    #[command(subcommand)]
    pub(crate) action: Option<RunsAction>,
}

/// What `pageport runs` does besides listing.
#[derive(Debug, Subcommand)]
pub(crate) enum RunsAction {
    /// Summarise one run from its journal.
    Show {
        /// The run id, as `pageport runs` lists it.
        id: String,
    },
}

/// `pageport apply`.
#[derive(Debug, Args)]
pub(crate) struct ApplyArgs {
    /// The plan file.
    #[arg(short = 'f', long = "file", value_name = "PLAN")]
    pub(crate) plan: PathBuf,
    /// Execute this saved plan (from `pageport plan --out`) instead of planning afresh; it is
    /// refused if anything it read in the target has changed since.
    #[arg(long = "plan", value_name = "FILE")]
    pub(crate) saved_plan: Option<PathBuf>,
    /// Read the source content from this bundle instead of the source store.
    #[arg(long, value_name = "DIR", conflicts_with = "saved_plan")]
    pub(crate) bundle: Option<PathBuf>,
    /// Do not ask for confirmation (required without a terminal).
    #[arg(long, short = 'y')]
    pub(crate) yes: bool,
    /// The format of the plan report shown before applying.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub(crate) format: ReportFormat,
}

/// `pageport restore`.
#[derive(Debug, Args)]
pub(crate) struct RestoreArgs {
    /// A plan file defining the store (its `stores` section is used).
    #[arg(short = 'f', long = "file", value_name = "PLAN")]
    pub(crate) plan: PathBuf,
    /// The store to restore, by its name in the plan file.
    #[arg(long)]
    pub(crate) store: String,
    /// The run's backup directory (`.pageport/runs/<run-id>/backup`) or its run directory.
    #[arg(long = "from", value_name = "BACKUP_DIR")]
    pub(crate) from: PathBuf,
    /// Also delete the pages (and widget templates) the run created.
    #[arg(long)]
    pub(crate) delete_created: bool,
    /// Restore even though the target changed since the run, overwriting those changes. A
    /// created page with pages the run did not create under it is still never deleted.
    #[arg(long)]
    pub(crate) force: bool,
    /// Do not ask for confirmation (required without a terminal).
    #[arg(long, short = 'y')]
    pub(crate) yes: bool,
}

/// `pageport duplicate`.
#[derive(Debug, Args)]
pub(crate) struct DuplicateArgs {
    /// A plan file defining the store (its `stores`, `mappings` and policies are used; its
    /// source and target are replaced by the two channels).
    #[arg(short = 'f', long = "file", value_name = "PLAN")]
    pub(crate) plan: PathBuf,
    /// The store, by its name in the plan file.
    #[arg(long)]
    pub(crate) store: String,
    /// The channel to copy from.
    #[arg(long, value_name = "CHANNEL_ID")]
    pub(crate) from_channel: u64,
    /// The channel to copy to.
    #[arg(long, value_name = "CHANNEL_ID")]
    pub(crate) to_channel: u64,
    /// Only show the plan; write nothing.
    #[arg(long)]
    pub(crate) dry_run: bool,
    /// Do not ask for confirmation (required without a terminal).
    #[arg(long, short = 'y')]
    pub(crate) yes: bool,
    /// The format of the plan report.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub(crate) format: ReportFormat,
    /// Contact-form emails are unique in a store: give the copied contact form this email
    /// (one form only).
    #[arg(long, value_name = "EMAIL", group = "contact_emails")]
    pub(crate) contact_email: Option<String>,
    /// Copy contact forms without an email (the store's default recipient gets their messages).
    #[arg(long, group = "contact_emails")]
    pub(crate) empty_contact_email: bool,
    /// Leave contact forms that have an email (and their layouts) out of the copy.
    #[arg(long, group = "contact_emails")]
    pub(crate) skip_contact_forms: bool,
}

/// `pageport extract`.
#[derive(Debug, Args)]
pub(crate) struct ExtractArgs {
    /// The plan file.
    #[arg(short = 'f', long = "file", value_name = "PLAN")]
    pub(crate) plan: PathBuf,
    /// The bundle directory to write (replaced if it holds a bundle; refused if it holds
    /// anything else).
    #[arg(long, value_name = "DIR")]
    pub(crate) out: PathBuf,
}

/// `pageport plan`.
#[derive(Debug, Args)]
pub(crate) struct PlanArgs {
    /// The plan file.
    #[arg(short = 'f', long = "file", value_name = "PLAN")]
    pub(crate) plan: PathBuf,
    /// Read the source content from this bundle instead of the source store.
    #[arg(long, value_name = "DIR")]
    pub(crate) bundle: Option<PathBuf>,
    /// Save the plan here, for `pageport apply --plan`.
    #[arg(long, value_name = "FILE")]
    pub(crate) out: Option<PathBuf>,
    /// Also write the Markdown report here (for a pull-request comment).
    #[arg(long, value_name = "FILE")]
    pub(crate) report: Option<PathBuf>,
    /// The report format on standard output.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub(crate) format: ReportFormat,
    /// Exit 2 when the plan has changes to apply (0 only when there is nothing to do).
    #[arg(long)]
    pub(crate) detailed_exitcode: bool,
}

/// `pageport validate`.
#[derive(Debug, Args)]
pub(crate) struct ValidateArgs {
    /// The plan file.
    #[arg(short = 'f', long = "file", value_name = "PLAN")]
    pub(crate) plan: PathBuf,
    /// Validate this bundle instead of reading the source store.
    #[arg(long, value_name = "DIR")]
    pub(crate) bundle: Option<PathBuf>,
}

/// How a report is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ReportFormat {
    /// For a terminal (coloured when standard output is one and NO_COLOR is unset).
    Text,
    /// For a pull-request comment.
    Markdown,
    /// Versioned JSON with stable ordering.
    Json,
}

/// `pageport sandbox`: serve the emulator until interrupted.
#[derive(Debug, Args)]
pub(crate) struct SandboxArgs {
    /// The address to listen on (loopback unless you mean to share it).
    #[arg(long, default_value = "127.0.0.1:8787")]
    pub(crate) listen: String,
    /// A store to serve, as STORE_HASH=ACCESS_TOKEN; repeat for several stores.
    #[arg(long = "store", value_name = "HASH=TOKEN", required = true)]
    pub(crate) stores: Vec<String>,
    /// Fill the stores with a starting site (`demo`: a staging site and an empty production).
    #[arg(long)]
    pub(crate) seed: Option<String>,
    /// Persist the stores in this directory and load them from it at start.
    #[arg(long, value_name = "DIR")]
    pub(crate) data: Option<PathBuf>,
    /// The request quota per store, as REQUESTS/WINDOW_MS.
    #[arg(long, default_value = "150/30000", conflicts_with = "no_quota")]
    pub(crate) quota: String,
    /// Serve without a request quota.
    #[arg(long)]
    pub(crate) no_quota: bool,
    /// The status of a successful page-widgets publish: 204 (the API reference) or 201 (the guide).
    #[arg(long, default_value_t = 204, value_parser = parse_publish_status)]
    pub(crate) publish_status: u16,
    /// Fill a store with a bundle's content (from `pageport extract` or `pageport-bench
    /// generate`), as STORE_HASH=BUNDLE_DIR; repeat for several stores. It replaces what the
    /// seed or the data directory gave that store.
    #[arg(long = "load", value_name = "HASH=DIR")]
    pub(crate) loads: Vec<String>,
}

/// Accepts the two documented success statuses of a page-widgets publish.
fn parse_publish_status(raw: &str) -> Result<u16, String> {
    match raw {
        "201" => Ok(201),
        "204" => Ok(204),
        other => Err(format!("`{other}` is not 201 or 204")),
    }
}

/// `pageport completions`.
#[derive(Debug, Args)]
pub(crate) struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub(crate) shell: clap_complete::Shell,
}
