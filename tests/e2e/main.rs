//! End-to-end tests of the `pageport` binary against sandboxes on ephemeral loopback ports.
//!
//! - `support`: this build's binary for the shared harness (`pageport-test-support`), which
//!   starts the sandboxes, runs the binary in fresh directories and views the stores
//! - `sandbox_command`: `pageport sandbox` serves the API and refuses bad arguments
//! - `plan_command`: `pageport plan` on the demo: reports, exit codes, files, reads only
//! - `catalog_matching`: categories matched by url with no table (widgets and document keys), an
//!   ambiguous match stops the plan before any write
//! - `plan_validation`: `pageport plan` exits 3 naming where each problem is
//! - `extract_command`: `pageport extract` writes reproducible bundles, reads only the source
//! - `validate_command`: `pageport validate` from the source or offline from a bundle
//! - `bad_plan_file`: malformed, unknown, duplicate, mistyped and meaningless plan values
//! - `bad_bundle`: missing, corrupt and too-new bundles
//! - `bad_credentials`: refused tokens and bad `sandbox --store` values
//! - `cli_basics`: a closed stdout, `--version`, shell completions
//! - `apply_command`: `pageport apply` end to end, verification, confirmation, saved plans
//! - `apply_partial`: writes the store refuses (exit 4), and finishing once the cause is gone
//! - `apply_faults`: 429 bursts, 5xx answers and dropped connections do not change the result
//! - `apply_crash`: a run killed with SIGKILL at several points resumes to the same end state
//! - `restore_command`: `pageport restore` puts back what a run changed
//! - `schema_ids`: ids at the paths widget templates' schemas declare (free picker names,
//!   array elements, GraphQL parameters) land as production ids; an unresolvable one stops apply
//! - `duplicate_command`: `pageport duplicate` between two channels of one store
//! - `template_drift`: a drifted widget template planned, updated as a new version, restored
//! - `store_text`: hostile store text (ESC, CR, backticks, HTML) escaped in every report
//! - `token_sweep`: no token in any output or file, whatever the command and its failure
//!
//! Fixtures (plans, the demo bundle) live in `tests/fixtures/`; snapshots in `snapshots/`.

mod apply_command;
mod apply_crash;
mod apply_faults;
mod apply_lock;
mod apply_partial;
mod bad_bundle;
mod bad_credentials;
mod bad_plan_file;
mod catalog_matching;
mod ci_workflow;
mod cli_basics;
mod duplicate_command;
mod extract_command;
mod logging;
mod plan_command;
mod plan_validation;
mod restore_command;
mod runs_command;
mod sandbox_command;
mod schema_ids;
mod store_text;
mod storefront_links;
mod support;
mod template_drift;
mod token_sweep;
mod validate_command;
