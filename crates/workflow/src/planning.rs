//! Reading the target and building the migration plan; reading a plan saved by
//! `pageport plan --out`.

use crate::connect::Connections;
use crate::error::WorkflowError;
use pageport_mapping::PlanFile;
use pageport_model::Bundle;
use pageport_plan::MigrationPlan;
use std::path::Path;

/// Reads the target and builds the migration plan of `bundle` (never writes).
pub async fn plan_migration(
    plan: &PlanFile,
    connections: &Connections,
    bundle: &Bundle,
) -> Result<MigrationPlan, WorkflowError> {
    let client = connections.client(&plan.target.store)?;
    pageport_apply::inventory_reader::plan_against_target(client, plan, bundle)
        .await
        .map_err(|error| WorkflowError::from_planning(error, &plan.target.store))
}

/// A plan, with the source content it was made from (kept so that verification after apply
/// plans the same content again without reading the source a second time).
#[derive(Debug)]
pub struct Planned {
    /// The source content.
    pub bundle: Bundle,
    /// The migration plan.
    pub migration: MigrationPlan,
}

/// Gets the source content (a bundle directory, or the source store) and plans it against the
/// target: what `pageport plan` and `pageport apply` without `--plan` do.
pub async fn plan_from_source(
    plan: &PlanFile,
    connections: &Connections,
    bundle_dir: Option<&Path>,
) -> Result<Planned, WorkflowError> {
    let target = connections.client(&plan.target.store)?;
    // The target's pages and templates do not depend on the source: they are read while the
    // source is, each store paced by its own quota.
    let (bundle, early) = tokio::join!(
        crate::source::source_bundle(plan, connections, bundle_dir),
        pageport_apply::inventory_reader::read_pages_and_templates(target, plan.target.channel_id),
    );
    let bundle = bundle?;
    let early = early
        .map_err(|source| pageport_apply::inventory_reader::read_failed(target, source))
        .map_err(|error| WorkflowError::from_planning(error, &plan.target.store))?;
    let migration =
        pageport_apply::inventory_reader::plan_against_target_from(target, plan, &bundle, early)
            .await
            .map_err(|error| WorkflowError::from_planning(error, &plan.target.store))?;
    Ok(Planned { bundle, migration })
}

/// Reads a plan saved by `pageport plan --out`.
pub fn read_saved_plan(path: &Path) -> Result<MigrationPlan, WorkflowError> {
    let text = std::fs::read_to_string(path).map_err(|source| WorkflowError::ReadSavedPlan {
        path: path.to_owned(),
        source,
    })?;
    MigrationPlan::from_json(&text).map_err(|reason| WorkflowError::SavedPlan {
        path: path.to_owned(),
        reason,
    })
}
