//! Resolving source product ids to target ones: the explicit table first, then (with
//! `match_by: sku`) source id → source SKU → the target product with that SKU.

use crate::plan_file::{ProductMatch, ProductRules};
use crate::tables::IdMap;
use pageport_model::escape::quote;
use pageport_model::{Product, ProductId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// How the source products map to the target store.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductResolution {
    /// Source id → target id.
    pub mapped: BTreeMap<ProductId, ProductId>,
    /// Source products with no target, and why, in id order.
    pub unresolved: Vec<UnresolvedProduct>,
}

/// A source product that could not be matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnresolvedProduct {
    /// The source product id.
    pub id: ProductId,
    /// Why it has no target.
    pub reason: UnresolvedReason,
}

/// Why a source product has no target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum UnresolvedReason {
    /// The source product has no SKU to match by.
    NoSku,
    /// No target product has the SKU.
    NoTargetWithSku {
        /// The SKU looked for.
        sku: String,
    },
    /// Several target products have the SKU.
    AmbiguousSku {
        /// The SKU.
        sku: String,
        /// The target products with it.
        candidates: Vec<ProductId>,
    },
    /// The plan matches products only explicitly, and this one has no entry.
    NoExplicitEntry,
}

impl fmt::Display for UnresolvedProduct {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let id = self.id;
        match &self.reason {
            UnresolvedReason::NoSku => write!(f, "product `{id}` has no SKU to match by"),
            UnresolvedReason::NoTargetWithSku { sku } => {
                write!(
                    f,
                    "product `{id}`: no target product has SKU {}",
                    quote(sku)
                )
            }
            UnresolvedReason::AmbiguousSku { sku, candidates } => write!(
                f,
                "product `{id}`: {} target products have SKU {}",
                candidates.len(),
                quote(sku)
            ),
            UnresolvedReason::NoExplicitEntry => {
                write!(
                    f,
                    "product `{id}` has no entry in `mappings.products.explicit`"
                )
            }
        }
    }
}

impl ProductResolution {
    /// The table a remap reads.
    pub fn table(&self) -> IdMap<ProductId> {
        self.mapped.iter().map(|(s, t)| (*s, *t)).collect()
    }
}

/// Resolves every `source` product (from the bundle) against `target` products under `rules`.
pub fn resolve_products(
    rules: &ProductRules,
    source: &[Product],
    target: &[Product],
) -> ProductResolution {
    let mut by_sku: BTreeMap<&str, Vec<ProductId>> = BTreeMap::new();
    for product in target {
        if let Some(sku) = product.sku.as_deref().filter(|s| !s.is_empty()) {
            by_sku.entry(sku).or_default().push(product.id);
        }
    }
    let mut resolution = ProductResolution {
        mapped: rules.explicit.clone(),
        unresolved: Vec::new(),
    };
    let mut sources: Vec<&Product> = source.iter().collect();
    sources.sort_by_key(|p| p.id);
    sources.dedup_by_key(|p| p.id);
    for product in sources {
        if rules.explicit.contains_key(&product.id) {
            continue;
        }
        let reason = match (rules.match_by, product.sku.as_deref()) {
            (ProductMatch::Explicit, _) => UnresolvedReason::NoExplicitEntry,
            (ProductMatch::Sku, None | Some("")) => UnresolvedReason::NoSku,
            (ProductMatch::Sku, Some(sku)) => match by_sku.get(sku).map(Vec::as_slice) {
                Some([only]) => {
                    resolution.mapped.insert(product.id, *only);
                    continue;
                }
                Some(many) if many.len() > 1 => {
                    let mut candidates = many.to_vec();
                    candidates.sort();
                    UnresolvedReason::AmbiguousSku {
                        sku: sku.to_owned(),
                        candidates,
                    }
                }
                _ => UnresolvedReason::NoTargetWithSku {
                    sku: sku.to_owned(),
                },
            },
        };
        resolution.unresolved.push(UnresolvedProduct {
            id: product.id,
            reason,
        });
    }
    resolution
}

#[cfg(test)]
mod tests {
    use super::*;

    fn product(id: u64, sku: Option<&str>) -> Product {
        let mut value = serde_json::json!({"id": id, "name": format!("P{id}")});
        if let Some(sku) = sku {
            value["sku"] = sku.into();
        }
        serde_json::from_value(value).unwrap_or_else(|e| panic!("test product: {e}"))
    }

    #[test]
    fn explicit_table_wins_over_sku() {
        let rules = ProductRules {
            explicit: BTreeMap::from([(ProductId(77), ProductId(1077))]),
            ..ProductRules::default()
        };
        let resolution = resolve_products(
            &rules,
            &[product(77, Some("SKU-1"))],
            &[product(500, Some("SKU-1"))],
        );
        assert_eq!(
            resolution.mapped.get(&ProductId(77)),
            Some(&ProductId(1077))
        );
        assert!(resolution.unresolved.is_empty());
    }

    #[test]
    fn matches_by_sku() {
        let resolution = resolve_products(
            &ProductRules::default(),
            &[product(77, Some("SKU-1")), product(80, Some("SKU-2"))],
            &[product(1080, Some("SKU-2")), product(1077, Some("SKU-1"))],
        );
        assert_eq!(
            resolution.mapped.get(&ProductId(77)),
            Some(&ProductId(1077))
        );
        assert_eq!(
            resolution.mapped.get(&ProductId(80)),
            Some(&ProductId(1080))
        );
        assert_eq!(
            resolution.table().get(&ProductId(80)),
            Some(&ProductId(1080))
        );
    }

    #[test]
    fn missing_sku_and_unmatched_sku_are_unresolved_with_the_reason() {
        let resolution = resolve_products(
            &ProductRules::default(),
            &[
                product(77, None),
                product(80, Some("SKU-2")),
                product(81, Some("")),
            ],
            &[product(1077, Some("SKU-1"))],
        );
        assert!(resolution.mapped.is_empty());
        let reasons: Vec<_> = resolution
            .unresolved
            .iter()
            .map(|u| (u.id.0, &u.reason))
            .collect();
        assert_eq!(
            reasons,
            vec![
                (77, &UnresolvedReason::NoSku),
                (
                    80,
                    &UnresolvedReason::NoTargetWithSku {
                        sku: "SKU-2".to_owned()
                    }
                ),
                (81, &UnresolvedReason::NoSku),
            ]
        );
        assert_eq!(
            resolution.unresolved[1].to_string(),
            "product `80`: no target product has SKU `SKU-2`"
        );
    }

    #[test]
    fn a_sku_held_by_two_target_products_is_ambiguous() {
        let resolution = resolve_products(
            &ProductRules::default(),
            &[product(77, Some("SKU-1"))],
            &[product(2, Some("SKU-1")), product(1, Some("SKU-1"))],
        );
        assert_eq!(
            resolution.unresolved[0].reason,
            UnresolvedReason::AmbiguousSku {
                sku: "SKU-1".to_owned(),
                candidates: vec![ProductId(1), ProductId(2)]
            }
        );
    }

    #[test]
    fn explicit_only_matching_ignores_skus() {
        let rules = ProductRules {
            match_by: ProductMatch::Explicit,
            ..ProductRules::default()
        };
        let resolution =
            resolve_products(&rules, &[product(77, Some("S"))], &[product(1, Some("S"))]);
        assert!(resolution.mapped.is_empty());
        assert_eq!(
            resolution.unresolved[0].reason,
            UnresolvedReason::NoExplicitEntry
        );
    }
}
