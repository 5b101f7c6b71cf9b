//! Logging: `tracing` to stderr, filtered by `PAGEPORT_LOG` (an `EnvFilter` directive) or by
//! `-v` / `-q`.

use tracing_subscriber::EnvFilter;

/// Installs the global subscriber. `PAGEPORT_LOG` wins over the flags when set.
pub(crate) fn init(verbose: u8, quiet: bool) {
    let default = match (quiet, verbose) {
        (true, _) => "error",
        (false, 0) => "warn",
        (false, 1) => "info,pageport=info",
        (false, 2) => "debug",
        (false, _) => "trace",
    };
    let filter =
        EnvFilter::try_from_env("PAGEPORT_LOG").unwrap_or_else(|_| EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .try_init();
}
