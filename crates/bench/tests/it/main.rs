//! Integration tests of the benchmark crate, at small sizes (no timing is asserted anywhere).
//!
//! - `generator`: the generated site keeps its contract (counts, limits, depth, determinism)
//!   and the planner accepts it without errors
//! - `offline`: the offline benchmark over a written bundle reports every phase and the plan
//! - `live`: the live benchmark on a tiny site: call accounting, a complete target, faults
//! - `sandbox_scale`: the sandbox scale benchmark's cases publish the same documents
//! - `binary`: the `pageport-bench` binary end to end, repeated runs in fresh processes included

mod binary;
mod generator;
mod live;
mod offline;
mod sandbox_scale;

use pageport_bench::SiteSpec;

/// The small site the tests use: 200 pages, 2,000 widgets, 400 layouts, four levels.
pub fn small_spec(seed: u64) -> SiteSpec {
    SiteSpec {
        pages: 200,
        widgets: 2_000,
        layouts: 400,
        depth: 4,
        seed,
    }
}
