//! Counting every API call of a command, per phase and per store, for the closing summary:
//! the apply summary alone counts only the writing phase, and a run's cost includes the reads
//! before and after it.

use pageport_model::numbers::thousands;
use pageport_workflow::{Connections, StoreClient};

/// A call count with thousands separators.
fn count(calls: u64) -> String {
    thousands(usize::try_from(calls).unwrap_or(usize::MAX))
}

/// Per phase, per store: the calls made since the previous phase ended.
pub(crate) struct CallLedger {
    clients: Vec<(String, StoreClient)>,
    last: Vec<u64>,
    phases: Vec<(&'static str, Vec<u64>)>,
}

impl CallLedger {
    /// Starts counting from the connections' current counters, one entry per store (source,
    /// then target).
    pub(crate) fn start(connections: &Connections) -> Self {
        let clients: Vec<(String, StoreClient)> = connections
            .stores()
            .into_iter()
            .map(|(name, client)| (name.to_owned(), client.clone()))
            .collect();
        let last = clients.iter().map(|(_, c)| c.stats().requests).collect();
        Self {
            clients,
            last,
            phases: Vec::new(),
        }
    }

    /// Closes a phase: what each store was sent since the previous one.
    pub(crate) fn phase(&mut self, name: &'static str) {
        let now: Vec<u64> = self
            .clients
            .iter()
            .map(|(_, c)| c.stats().requests)
            .collect();
        let spent = now
            .iter()
            .zip(&self.last)
            .map(|(now, before)| now.saturating_sub(*before))
            .collect();
        self.last = now;
        self.phases.push((name, spent));
    }

    /// `API calls of this command: 187 (planning: staging 59, production 33; apply:
    /// production 60; verifying: production 35)`; stores that got no call in a phase are left
    /// out of it.
    pub(crate) fn line(&self) -> String {
        let total: u64 = self.phases.iter().flat_map(|(_, spent)| spent).sum();
        let phases: Vec<String> = self
            .phases
            .iter()
            .map(|(name, spent)| {
                let stores: Vec<String> = self
                    .clients
                    .iter()
                    .zip(spent)
                    .filter(|(_, calls)| **calls > 0)
                    .map(|((store, _), calls)| format!("{store} {}", count(*calls)))
                    .collect();
                if stores.is_empty() {
                    format!("{name}: none")
                } else {
                    format!("{name}: {}", stores.join(", "))
                }
            })
            .collect();
        format!(
            "API calls of this command: {} ({})",
            count(total),
            phases.join("; ")
        )
    }
}
