//! The `pageport-bench` binary: parses the command line, runs one benchmark, prints its report.
//!
//! - `args`: the clap definitions (doc comments are the help)
//!
//! The benchmarks themselves live in the `pageport_bench` library.

mod args;

use args::{Cli, Command, GenerateArgs, LiveArgs, OfflineArgs, SandboxArgs};
use clap::Parser;
use pageport_bench::live::{LiveOptions, render_live, run_live};
use pageport_bench::offline::{OfflineOptions, PlanSource, run_offline};
use pageport_bench::render::{render_generated, render_offline, render_repeated};
use pageport_bench::{BenchError, SiteSpec, run_repeated, write_site};
use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Generate(args) => generate(&args),
        Command::Offline(args) => offline(&args),
        Command::Live(args) => live(&args),
        Command::Sandbox(args) => sandbox(&args),
    };
    match result.and_then(|text| print(&text)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            report_error(&error);
            ExitCode::FAILURE
        }
    }
}

/// `generate`: writes the site, returns the summary.
fn generate(args: &GenerateArgs) -> Result<String, BenchError> {
    let spec = SiteSpec {
        pages: args.pages,
        widgets: args.widgets,
        layouts: args.layouts,
        depth: args.depth,
        seed: args.seed,
    };
    let site = write_site(&spec, &args.out)?;
    Ok(if args.json {
        json(&site)
    } else {
        render_generated(&site)
    })
}

/// `offline`: one run in this process, or several in fresh ones.
fn offline(args: &OfflineArgs) -> Result<String, BenchError> {
    if args.runs > 1 {
        let mut child: Vec<OsString> = vec!["offline".into(), "--bundle".into()];
        child.push(args.bundle.clone().into_os_string());
        if let Some(plan) = &args.plan {
            child.push("--plan".into());
            child.push(plan.clone().into_os_string());
        }
        if args.serialize_plan {
            child.push("--serialize-plan".into());
        }
        let program = std::env::current_exe().map_err(|source| BenchError::Spawn {
            run: 1,
            program: "pageport-bench".into(),
            source,
        })?;
        let report = run_repeated(&program, &child, args.runs as usize)?;
        return Ok(if args.json {
            json(&report)
        } else {
            render_repeated(&report)
        });
    }
    let options = OfflineOptions {
        bundle: args.bundle.clone(),
        plan: args
            .plan
            .clone()
            .map_or(PlanSource::Fixture, PlanSource::File),
        serialize_plan: args.serialize_plan,
    };
    let report = run_offline(&options)?;
    Ok(if args.json {
        json(&report)
    } else {
        render_offline(&report)
    })
}

/// `live`: one or more migrations into a fresh in-process sandbox each.
fn live(args: &LiveArgs) -> Result<String, BenchError> {
    let options = LiveOptions {
        bundle: args.bundle.clone(),
        quota: args.quota,
        concurrency: args.concurrency as usize,
        batch_size: args.batch_size as usize,
        reserve: args.reserve,
        faults: args.inject_429.map(|rate| pageport_sandbox::FaultConfig {
            seed: args.fault_seed,
            rate_429: rate,
            burst_len: args.burst_len,
            retry_after_secs: args.retry_after,
            ..pageport_sandbox::FaultConfig::default()
        }),
    };
    let reports = (0..args.runs)
        .map(|_| run_live(&options))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(if args.json {
        json(&reports)
    } else {
        render_live(&reports)
    })
}

/// `sandbox`: publish cost in an empty and a loaded store.
fn sandbox(args: &SandboxArgs) -> Result<String, BenchError> {
    let options = pageport_bench::sandbox_scale::ScaleOptions {
        bundle: args.bundle.clone(),
        documents: args.documents as usize,
        rounds: args.rounds as usize,
        with_data: args.data,
    };
    let report = pageport_bench::sandbox_scale::run_scale(&options)?;
    Ok(if args.json {
        json(&report)
    } else {
        pageport_bench::sandbox_scale::render_scale(&report)
    })
}

/// Pretty JSON of a report, with a final newline.
fn json<T: serde::Serialize>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value)
        .unwrap_or_else(|error| format!("{{\"error\": \"{error}\"}}"));
    text.push('\n');
    text
}

/// Writes the report to standard output.
fn print(text: &str) -> Result<(), BenchError> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(BenchError::Output)
}

/// Prints an error and its causes to standard error.
#[expect(clippy::print_stderr, reason = "the binary's error output")]
fn report_error(error: &BenchError) {
    let mut line = format!("error: {error}");
    let mut cause = std::error::Error::source(error);
    while let Some(inner) = cause {
        line.push_str(&format!(": {inner}"));
        cause = inner.source();
    }
    eprintln!("{line}");
}
