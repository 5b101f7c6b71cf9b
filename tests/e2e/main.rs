//! End-to-end tests of the `pageport` binary against sandboxes on ephemeral loopback ports.
//!
//! - `support`: running the binary in a fresh directory, starting sandboxes, filtering snapshots
//! - `sandbox_command`: `pageport sandbox` serves the API and refuses bad arguments
//! - `plan_command`: `pageport plan` on the demo: reports, exit codes, files, reads only
//! - `plan_validation`: `pageport plan` exits 3 naming where each problem is
//! - `extract_command`: `pageport extract` writes reproducible bundles, reads only the source
//! - `validate_command`: `pageport validate` from the source or offline from a bundle
//! - `bad_plan_file`: malformed, unknown, duplicate, mistyped and meaningless plan values
//! - `bad_bundle`: missing, corrupt and too-new bundles
//! - `bad_credentials`: refused tokens and bad `sandbox --store` values
//!
//! Fixtures (plans, the demo bundle) live in `tests/fixtures/`; snapshots in `snapshots/`.

mod bad_bundle;
mod bad_credentials;
mod bad_plan_file;
mod extract_command;
mod plan_command;
mod plan_validation;
mod sandbox_command;
mod support;
mod validate_command;
