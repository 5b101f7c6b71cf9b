//! Integration tests of `pageport-validate` through its public API only.
//!
//! - `single_pass`: a plan with many problems at once, all reported in one deterministic pass
//! - `serialization`: the JSON form of a report that the CLI prints with `--format json`

mod serialization;
mod single_pass;
mod support;
