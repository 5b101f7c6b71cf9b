//! Turning a plan's stores into API clients: a real store by its URL and token, or the
//! embedded sandbox (`api_base: sandbox:<seed>`), started in-process on a loopback port and
//! persisted under the state directory so consecutive commands see the same stores.

use crate::error::WorkflowError;
use pageport_client::StoreClient;
use pageport_mapping::{ApiBase, PlanFile, StoreConfig};
use pageport_sandbox::{RunningSandbox, SandboxConfig, Seed, StoreSpec};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The clients of one command, and the embedded sandboxes that must outlive them.
pub struct Connections {
    clients: BTreeMap<String, StoreClient>,
    /// The store names in the plan's order: the source's, then the target's.
    order: Vec<String>,
    /// Kept alive until the command ends; dropping stops the servers.
    _sandboxes: Vec<RunningSandbox>,
}

impl Connections {
    /// The client of a store named in the plan.
    pub fn client(&self, store: &str) -> Result<&StoreClient, WorkflowError> {
        self.clients
            .get(store)
            .ok_or_else(|| WorkflowError::UnknownStore {
                store: store.to_owned(),
                known: self.clients.keys().cloned().collect::<Vec<_>>().join(", "),
            })
    }

    /// One client per store, by the store's name in the plan, source first: two names for one
    /// store hash share their pacer and counters, so only the first is listed.
    pub fn stores(&self) -> Vec<(&str, &StoreClient)> {
        let mut stores: Vec<(&str, &StoreClient)> = Vec::new();
        for name in &self.order {
            if let Some(client) = self.clients.get(name)
                && !stores
                    .iter()
                    .any(|(_, known)| known.store_hash() == client.store_hash())
            {
                stores.push((name, client));
            }
        }
        stores
    }
}

/// Connects to every store the plan's source and target name.
pub fn connect(plan: &PlanFile, state_dir: &Path) -> Result<Connections, WorkflowError> {
    // Source first: a seed fills the first store of a sandbox as the source-like store.
    let mut wanted: Vec<(String, StoreConfig)> = Vec::new();
    for endpoint in [&plan.source, &plan.target] {
        if !wanted.iter().any(|(name, _)| *name == endpoint.store) {
            wanted.push((endpoint.store.clone(), endpoint.config.clone()));
        }
    }
    let order: Vec<String> = wanted.iter().map(|(name, _)| name.clone()).collect();
    let mut clients = BTreeMap::new();
    let mut sandboxes = Vec::new();
    let mut by_seed: BTreeMap<String, Vec<(String, StoreConfig)>> = BTreeMap::new();
    for (name, config) in wanted {
        match &config.api_base {
            ApiBase::Url(url) => {
                let token =
                    config
                        .access_token
                        .as_ref()
                        .ok_or_else(|| WorkflowError::MissingToken {
                            store: name.clone(),
                        })?;
                let client = build_client(url, &config, token.expose(), plan, &name)?;
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
            let client = build_client(&sandbox.base_url(), &config, &token, plan, &name)?;
            clients.insert(name, client);
        }
        sandboxes.push(sandbox);
    }
    Ok(Connections {
        clients,
        order,
        _sandboxes: sandboxes,
    })
}

/// Builds one store's client with the plan's batch size and quota reserve.
fn build_client(
    base_url: &str,
    config: &StoreConfig,
    token: &str,
    plan: &PlanFile,
    name: &str,
) -> Result<StoreClient, WorkflowError> {
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
        .map_err(|source| WorkflowError::Client {
            store: name.to_owned(),
            source,
        })
}

/// Starts an in-process sandbox serving the given stores, persisted in
/// `<state_dir>/sandbox/<seed>/`. Tokens are made up per process: nobody outside needs them.
fn start_embedded(
    seed: &str,
    stores: &[(String, StoreConfig)],
    state_dir: &Path,
) -> Result<(RunningSandbox, BTreeMap<String, String>), WorkflowError> {
    let seed_kind: Seed = seed
        .parse()
        .map_err(|reason: String| WorkflowError::UnknownSeed {
            seed: seed.to_owned(),
            reason,
        })?;
    let tokens: BTreeMap<String, String> = stores
        .iter()
        .map(|(_, c)| {
            (
                c.store_hash.to_string(),
                pageport_sandbox::process_token("embedded", c.store_hash.as_str()),
            )
        })
        .collect();
    let data_dir: PathBuf = state_dir.join("sandbox").join(seed);
    std::fs::create_dir_all(&data_dir).map_err(|source| WorkflowError::StateDir {
        path: data_dir.clone(),
        source,
    })?;
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
    let running = RunningSandbox::start(config).map_err(WorkflowError::EmbeddedSandbox)?;
    Ok((running, tokens))
}
