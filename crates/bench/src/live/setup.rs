//! The target a live run migrates to: an in-process sandbox serving store `benchtarget` (empty
//! channel 1), its client, and the catalog the plan resolves products against, created through
//! the client before the migration starts (not counted).

use crate::error::BenchError;
use pageport_client::{PacingConfig, StoreClient};
use pageport_model::{Bundle, ProductCreate, StoreHash};
use pageport_sandbox::{Quota, RunningSandbox, SandboxConfig};
use tokio::task::JoinSet;

/// The target store's hash; the live fixture plan's target has it too.
pub const TARGET_STORE_HASH: &str = "benchtarget";

/// Products created at once while preparing the target.
const SEED_CONCURRENCY: usize = 8;

/// A started sandbox and a client of its target store.
pub(crate) struct Target {
    /// The sandbox (dropping it stops the server).
    pub running: RunningSandbox,
    /// The target store's client.
    pub client: StoreClient,
}

/// Starts a sandbox serving the empty target store with `quota` (`None`: unlimited) and builds
/// its client with `batch_size` and `reserve`.
pub(crate) fn start_target(
    quota: Option<Quota>,
    batch_size: usize,
    reserve: Option<u32>,
) -> Result<Target, BenchError> {
    let token = pageport_sandbox::process_token("bench", TARGET_STORE_HASH);
    let config = SandboxConfig {
        quota,
        ..SandboxConfig::with_stores([(TARGET_STORE_HASH, token.clone())])
    };
    let running = RunningSandbox::start(config).map_err(BenchError::Sandbox)?;
    let client = StoreClient::builder()
        .base_url(running.base_url())
        .store_hash(StoreHash::new(TARGET_STORE_HASH))
        .access_token(token.into())
        .batch_size(batch_size)
        .pacing(PacingConfig {
            reserve,
            ..PacingConfig::default()
        })
        .build()
        .map_err(|source| BenchError::Client {
            what: "build the target's client",
            source,
        })?;
    Ok(Target { running, client })
}

/// Creates the bundle's products (same SKU, name, price and weight; new ids) in the target.
pub(crate) async fn create_products(
    client: &StoreClient,
    bundle: &Bundle,
) -> Result<(), BenchError> {
    let mut pending = bundle.products.iter().map(|product| ProductCreate {
        name: product.name.clone(),
        product_type: product
            .product_type
            .clone()
            .unwrap_or_else(|| "physical".to_owned()),
        weight: number(product.extra.get("weight")),
        price: number(product.extra.get("price")),
        sku: product.sku.clone(),
        categories: None,
        brand_id: None,
    });
    let mut running = JoinSet::new();
    loop {
        while running.len() < SEED_CONCURRENCY {
            let Some(create) = pending.next() else { break };
            let client = client.clone();
            running.spawn(async move { client.create_product(&create).await });
        }
        let Some(joined) = running.join_next().await else {
            break;
        };
        match joined {
            Ok(Ok(_)) => {}
            Ok(Err(source)) => {
                return Err(BenchError::Client {
                    what: "create the target's products",
                    source,
                });
            }
            Err(join_error) => return Err(BenchError::Task(join_error.to_string())),
        }
    }
    Ok(())
}

/// A JSON number as `f64`, `0` when absent.
fn number(value: Option<&serde_json::Value>) -> f64 {
    value.and_then(serde_json::Value::as_f64).unwrap_or(0.0)
}
