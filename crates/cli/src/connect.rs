//! Turning a plan's stores into API clients: a real store by its URL and token, or the
//! embedded sandbox (`api_base: sandbox:<seed>`), started in-process on a loopback port and
//! persisted under the state directory so consecutive commands see the same stores.

use miette::{IntoDiagnostic, WrapErr, miette};
use pageport_client::StoreClient;
use pageport_mapping::{ApiBase, PlanFile, StoreConfig};
use pageport_sandbox::{RunningSandbox, SandboxConfig, Seed, StoreSpec};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The clients of one command, and the embedded sandboxes that must outlive them.
pub(crate) struct Connections {
    clients: BTreeMap<String, StoreClient>,
    /// Kept alive until the command ends; dropping stops the servers.
    _sandboxes: Vec<RunningSandbox>,
}

impl Connections {
    /// The client of a store named in the plan.
    pub(crate) fn client(&self, store: &str) -> miette::Result<&StoreClient> {
        self.clients
            .get(store)
            .ok_or_else(|| miette!("store `{store}` is not defined in the plan"))
    }
}

/// Connects to every store the plan's source and target name.
pub(crate) fn connect(plan: &PlanFile, state_dir: &Path) -> miette::Result<Connections> {
    // Source first: a seed fills the first store of a sandbox as the source-like store.
    let mut wanted: Vec<(String, StoreConfig)> = Vec::new();
    for endpoint in [&plan.source, &plan.target] {
        if !wanted.iter().any(|(name, _)| *name == endpoint.store) {
            wanted.push((endpoint.store.clone(), endpoint.config.clone()));
        }
    }
    let mut clients = BTreeMap::new();
    let mut sandboxes = Vec::new();
    let mut by_seed: BTreeMap<String, Vec<(String, StoreConfig)>> = BTreeMap::new();
    for (name, config) in wanted {
        match &config.api_base {
            ApiBase::Url(url) => {
                let token = config.access_token.as_ref().ok_or_else(|| {
                    miette!("store `{name}` has no access_token; set it, e.g. `access_token: ${{BC_TOKEN}}`")
                })?;
                let client = build_client(url, &config, token.expose(), plan)
                    .wrap_err_with(|| format!("cannot set up the client for store `{name}`"))?;
                clients.insert(name, client);
            }
            ApiBase::Sandbox(seed) => by_seed
                .entry(seed.clone())
                .or_default()
                .push((name, config)),
        }
    }
    for (seed, stores) in by_seed {
        let (sandbox, tokens) = start_embedded(&seed, &stores, state_dir)?;
        for (name, config) in stores {
            let token = tokens
                .get(config.store_hash.as_str())
                .cloned()
                .unwrap_or_default();
            let client = build_client(&sandbox.base_url(), &config, &token, plan)?;
            clients.insert(name, client);
        }
        sandboxes.push(sandbox);
    }
    Ok(Connections {
        clients,
        _sandboxes: sandboxes,
    })
}

/// Builds one store's client with the plan's batch size and quota reserve.
fn build_client(
    base_url: &str,
    config: &StoreConfig,
    token: &str,
    plan: &PlanFile,
) -> miette::Result<StoreClient> {
    let pacing = pageport_client::PacingConfig {
        reserve: plan.quota_reserve,
        ..pageport_client::PacingConfig::default()
    };
    StoreClient::builder()
        .base_url(base_url)
        .store_hash(config.store_hash.clone())
        .access_token(token.to_owned().into())
        .batch_size(plan.batch_size)
        .pacing(pacing)
        .build()
        .into_diagnostic()
}

/// Starts an in-process sandbox serving the given stores, persisted in
/// `<state_dir>/sandbox/<seed>/`. Tokens are made up per process: nobody outside needs them.
fn start_embedded(
    seed: &str,
    stores: &[(String, StoreConfig)],
    state_dir: &Path,
) -> miette::Result<(RunningSandbox, BTreeMap<String, String>)> {
    let seed_kind: Seed = seed
        .parse()
        .map_err(|e: String| miette!("api_base `sandbox:{seed}`: {e}"))?;
    let tokens: BTreeMap<String, String> = stores
        .iter()
        .map(|(_, c)| {
            (
                c.store_hash.to_string(),
                embedded_token(c.store_hash.as_str()),
            )
        })
        .collect();
    let data_dir: PathBuf = state_dir.join("sandbox").join(seed);
    std::fs::create_dir_all(&data_dir)
        .into_diagnostic()
        .wrap_err_with(|| format!("cannot create `{}`", data_dir.display()))?;
    let config = SandboxConfig {
        stores: stores
            .iter()
            .map(|(_, c)| StoreSpec {
                store_hash: c.store_hash.to_string(),
                access_token: tokens
                    .get(c.store_hash.as_str())
                    .cloned()
                    .unwrap_or_default(),
            })
            .collect(),
        seed: Some(seed_kind),
        data_dir: Some(data_dir),
        quota: None,
        ..SandboxConfig::default()
    };
    let running = RunningSandbox::start(config)
        .into_diagnostic()
        .wrap_err("cannot start the embedded sandbox")?;
    Ok((running, tokens))
}

/// A per-process token for an embedded store (never shown, never stored).
fn embedded_token(store_hash: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!("embedded-{store_hash}-{}-{nanos}", std::process::id())
}
