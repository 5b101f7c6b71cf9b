//! End-to-end tests of the `pageport` binary against sandboxes on ephemeral loopback ports.
//!
//! - `support`: running the binary, starting sandboxes, filtering snapshots
//! - `sandbox_command`: `pageport sandbox` serves the API and refuses bad arguments

mod sandbox_command;
mod support;
