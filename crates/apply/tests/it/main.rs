//! Integration tests of `pageport-apply` against the demo sandbox over real HTTP.
//!
//! - `support`: the demo sandbox, the demo plan built as the CLI builds it, normalised states
//! - `apply_demo`: the full demo migration, idempotence, the summary
//! - `restore_backup`: apply then restore gives the target back as it was
//! - `partial`: writes the store refuses, and what depends on them
//! - `resume`: runs interrupted at every write, and lost answers, resumed without duplicates
//! - `faults`: 429 bursts, 5xx and dropped connections during apply
//! - `stale`: a target changed between plan and apply

mod apply_demo;
mod faults;
mod partial;
mod restore_backup;
mod resume;
mod stale;
mod support;
