//! Logging: `tracing` to stderr, filtered by `PAGEPORT_LOG` (an `EnvFilter` directive) or by
//! `-v` / `-q`, as text (coloured only on a terminal) or as JSON lines.

use crate::args::LogFormat;
use std::io::IsTerminal;
use tracing_subscriber::EnvFilter;

/// The HTTP stack's own chatter (connection pools, TLS handshakes, frames): kept out of `-vv`,
/// which is for pageport's requests, pacing and retries. `PAGEPORT_LOG` can still ask for it.
const QUIET_DEPENDENCIES: &str = "hyper=info,hyper_util=info,h2=info,rustls=info,reqwest=info";

/// Installs the global subscriber. `PAGEPORT_LOG` wins over the flags when set.
pub(crate) fn init(verbose: u8, quiet: bool, format: LogFormat) {
    let default = match (quiet, verbose) {
        (true, _) => "error".to_owned(),
        (false, 0) => "warn".to_owned(),
        (false, 1) => "info".to_owned(),
        (false, 2) => format!("debug,{QUIET_DEPENDENCIES}"),
        (false, _) => "trace".to_owned(),
    };
    let filter =
        EnvFilter::try_from_env("PAGEPORT_LOG").unwrap_or_else(|_| EnvFilter::new(default));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false);
    let _ = match format {
        LogFormat::Json => builder.json().try_init(),
        LogFormat::Text => builder.with_ansi(ansi_allowed()).try_init(),
    };
}

/// Colour codes only for a terminal, and never when `NO_COLOR` is set.
fn ansi_allowed() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}
