//! The plan's dependency graph: a petgraph DAG whose topological layers are the order of the
//! writes. Everything in one layer depends only on earlier layers, so a layer's writes can be
//! batched or run concurrently.

use pageport_model::escape::quote;
use petgraph::Direction;
use petgraph::graph::{DiGraph, NodeIndex};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// A node of the migration graph, ordered so layers list their nodes deterministically.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StepRef {
    /// A widget template, by its source uuid.
    Template {
        /// The source uuid.
        uuid: String,
    },
    /// A web page, by its source id.
    Page {
        /// The source page id.
        source_id: u64,
    },
    /// A page-widget document, by its display key in the source.
    Document {
        /// The document key as text (`channel 1 pages/page #5`).
        key: String,
    },
}

impl fmt::Display for StepRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StepRef::Template { uuid } => write!(f, "widget template {}", quote(uuid.as_str())),
            StepRef::Page { source_id } => write!(f, "page source #{source_id}"),
            StepRef::Document { key } => write!(f, "document {}", quote(key)),
        }
    }
}

/// The graph did not come out acyclic.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("dependency cycle through {}", .members.iter().map(ToString::to_string).collect::<Vec<_>>().join(" → "))]
pub struct CycleError {
    /// The nodes on the cycle, starting from the smallest.
    pub members: Vec<StepRef>,
}

/// A dependency graph under construction.
#[derive(Debug, Default)]
pub struct DependencyGraph {
    graph: DiGraph<StepRef, ()>,
    index: BTreeMap<StepRef, NodeIndex>,
}

impl DependencyGraph {
    /// An empty graph.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a node (once; adding it again is harmless).
    pub fn add(&mut self, node: StepRef) -> NodeIndex {
        if let Some(index) = self.index.get(&node) {
            return *index;
        }
        let index = self.graph.add_node(node.clone());
        self.index.insert(node, index);
        index
    }

    /// Records that `dependent` must come after `dependency` (both added if new).
    pub fn depends_on(&mut self, dependent: StepRef, dependency: StepRef) {
        let to = self.add(dependent);
        let from = self.add(dependency);
        self.graph.update_edge(from, to, ());
    }

    /// The number of nodes.
    pub fn len(&self) -> usize {
        self.graph.node_count()
    }

    /// True when the graph has no node.
    pub fn is_empty(&self) -> bool {
        self.graph.node_count() == 0
    }

    /// The topological layers: layer 0 has no dependencies, layer n depends on layers < n.
    /// Within a layer, nodes are sorted, so the result is deterministic.
    pub fn layers(&self) -> Result<Vec<Vec<StepRef>>, CycleError> {
        let order = petgraph::algo::toposort(&self.graph, None).map_err(|cycle| CycleError {
            members: self.cycle_through(cycle.node_id()),
        })?;
        let mut depth: BTreeMap<NodeIndex, usize> = BTreeMap::new();
        for node in &order {
            let layer = self
                .graph
                .neighbors_directed(*node, Direction::Incoming)
                .filter_map(|dep| depth.get(&dep))
                .map(|d| d + 1)
                .max()
                .unwrap_or(0);
            depth.insert(*node, layer);
        }
        let count = depth.values().copied().max().map_or(0, |m| m + 1);
        let mut layers: Vec<BTreeSet<StepRef>> = vec![BTreeSet::new(); count];
        for (node, layer) in depth {
            layers[layer].insert(self.graph[node].clone());
        }
        Ok(layers
            .into_iter()
            .map(|l| l.into_iter().collect())
            .collect())
    }

    /// The layers of the graph with every cycle broken: the edges between the members of each
    /// cycle are dropped until the rest sorts. Returns the layers and the cycles found, so a
    /// plan with a (separately reported) parent cycle can still be shown in order.
    pub fn layers_breaking_cycles(&mut self) -> (Vec<Vec<StepRef>>, Vec<CycleError>) {
        let mut cycles = Vec::new();
        loop {
            match self.layers() {
                Ok(layers) => return (layers, cycles),
                Err(cycle) => {
                    let members: BTreeSet<NodeIndex> = cycle
                        .members
                        .iter()
                        .filter_map(|m| self.index.get(m).copied())
                        .collect();
                    let before = self.graph.edge_count();
                    self.graph.retain_edges(|graph, edge| {
                        graph.edge_endpoints(edge).is_none_or(|(from, to)| {
                            !(members.contains(&from) && members.contains(&to))
                        })
                    });
                    cycles.push(cycle);
                    if self.graph.edge_count() == before {
                        // Unreachable for a real cycle (it has an edge between two members);
                        // stop rather than loop.
                        return (Vec::new(), cycles);
                    }
                }
            }
        }
    }

    /// The members of a cycle through `start`, for the error message.
    fn cycle_through(&self, start: NodeIndex) -> Vec<StepRef> {
        let sccs = petgraph::algo::tarjan_scc(&self.graph);
        let mut members: Vec<StepRef> = sccs
            .into_iter()
            .find(|scc| scc.contains(&start))
            .unwrap_or_else(|| vec![start])
            .into_iter()
            .map(|n| self.graph[n].clone())
            .collect();
        members.sort();
        members
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(id: u64) -> StepRef {
        StepRef::Page { source_id: id }
    }

    #[test]
    fn templates_then_parents_then_children_then_documents() {
        let mut g = DependencyGraph::new();
        let tpl = StepRef::Template { uuid: "t".into() };
        let doc = StepRef::Document {
            key: "channel 1 pages/page #3".into(),
        };
        g.depends_on(page(3), page(1));
        g.depends_on(page(2), page(1));
        g.depends_on(doc.clone(), page(3));
        g.depends_on(doc.clone(), tpl.clone());
        g.add(page(9));
        let layers = g.layers().unwrap();
        assert_eq!(layers.len(), 3);
        assert_eq!(layers[0], vec![tpl, page(1), page(9)]);
        assert_eq!(layers[1], vec![page(2), page(3)]);
        assert_eq!(layers[2], vec![doc]);
    }

    #[test]
    fn a_cycle_is_reported_with_its_members() {
        let mut g = DependencyGraph::new();
        g.depends_on(page(1), page(2));
        g.depends_on(page(2), page(3));
        g.depends_on(page(3), page(1));
        g.depends_on(page(4), page(1));
        let err = g.layers().unwrap_err();
        assert_eq!(err.members, vec![page(1), page(2), page(3)]);
        assert_eq!(
            err.to_string(),
            "dependency cycle through page source #1 → page source #2 → page source #3"
        );
    }

    #[test]
    fn breaking_cycles_keeps_the_other_dependencies() {
        let mut g = DependencyGraph::new();
        g.depends_on(page(1), page(2));
        g.depends_on(page(2), page(1));
        g.depends_on(page(3), page(1));
        let (layers, cycles) = g.layers_breaking_cycles();
        assert_eq!(cycles.len(), 1);
        assert_eq!(layers, vec![vec![page(1), page(2)], vec![page(3)]]);
    }
}
