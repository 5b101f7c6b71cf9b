//! Matching source categories and brands to the target's without hand-written tables.
//!
//! The explicit table (`mappings.categories.explicit`, `mappings.brands.explicit`) is consulted
//! first; its target must exist in the target. Then, unless `match_by: explicit`, two keys are
//! tried, the one `match_by` names first ([`CatalogMatch`]): the other is consulted only when
//! the first finds no candidate. A key held by several target objects is an error listing them,
//! never a fall-through to the next key.
//!
//! - **url**: `custom_url.url`, trimmed, ASCII-lowercased and without a trailing `/` (`/` itself
//!   stays `/`): the storefront serves `/kitchen` and `/Kitchen/` alike.
//! - **name**: a brand's name; a category's *name path*, the names from the root down to it
//!   (`Kitchen/Coffee & Tea`), each trimmed and lowercased, compared name by name (a `/` inside
//!   a name cannot make two paths equal). A source category whose ancestors the bundle lacks (a
//!   bundle extracted before ancestors were kept) has no name path: only its url can match it,
//!   and a failure says to extract again.
//!
//! What matches nothing lists the closest target names or paths, so a renamed object is easy to
//! map by hand.

use crate::plan_file::{CatalogMatch, CatalogRules};
use crate::tables::IdMap;
use pageport_model::escape::quote;
use pageport_model::{Brand, BrandId, Category, CategoryId};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// How many close target objects a failed match lists.
const CLOSEST: usize = 3;

/// Deeper than any category tree (BigCommerce nests at most 8 levels): a longer parent chain is
/// a cycle in the data, and the category gets no name path.
const MAX_DEPTH: usize = 64;

/// How the source categories or brands map to the target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(bound(
    serialize = "Id: Serialize + Ord",
    deserialize = "Id: Deserialize<'de> + Ord"
))]
pub struct CatalogResolution<Id> {
    /// Source id → target id.
    pub mapped: BTreeMap<Id, Id>,
    /// Source objects with no target, and why, in id order.
    pub unresolved: Vec<UnresolvedCatalog<Id>>,
}

impl<Id: Ord + Copy> CatalogResolution<Id> {
    /// The table a remap reads.
    pub fn table(&self) -> IdMap<Id> {
        self.mapped.iter().map(|(s, t)| (*s, *t)).collect()
    }

    /// Why `source` has no target, when matching said.
    pub fn why_unresolved(&self, source: Id) -> Option<&UnresolvedCatalog<Id>> {
        self.unresolved.iter().find(|u| u.id == source)
    }
}

/// A source category or brand that could not be matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnresolvedCatalog<Id> {
    /// The source id.
    pub id: Id,
    /// How the source object reads: its name path (categories) or name (brands).
    pub name: String,
    /// Why it has no target.
    pub reason: CatalogReason<Id>,
}

/// Which key a match used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchKey {
    /// `custom_url.url`.
    Url,
    /// The name, or a category's name path.
    Name,
}

/// Why a source category or brand has no target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum CatalogReason<Id> {
    /// The explicit entry's target does not exist in the target.
    ExplicitTargetMissing {
        /// The target id written in the plan.
        target: Id,
    },
    /// The plan matches only explicitly, and this one has no entry.
    NoExplicitEntry,
    /// Several target objects share the key.
    Ambiguous {
        /// The key that found them.
        by: MatchKey,
        /// The key's value, as the source has it.
        value: String,
        /// The target objects with it, in id order.
        candidates: Vec<CatalogCandidate<Id>>,
    },
    /// Neither key found a target object.
    NoMatch {
        /// The source url, when it has one.
        url: Option<String>,
        /// The source category's parent the bundle lacks, so no name path could be built.
        missing_ancestor: Option<Id>,
        /// The closest target objects by name or name path.
        closest: Vec<CatalogCandidate<Id>>,
    },
}

/// A target category or brand named in a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogCandidate<Id> {
    /// The target id.
    pub id: Id,
    /// Its name path (categories) or name (brands).
    pub name: String,
    /// Its url.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

impl<Id: fmt::Display> fmt::Display for CatalogCandidate<Id> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{} {}", self.id, quote(&self.name))?;
        if let Some(url) = &self.url {
            write!(f, " at {}", quote(url))?;
        }
        Ok(())
    }
}

impl<Id: fmt::Display> fmt::Display for CatalogReason<Id> {
    /// Why, in words (without the source object's id).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CatalogReason::ExplicitTargetMissing { target } => {
                write!(
                    f,
                    "its explicit target `{target}` does not exist in the target"
                )
            }
            CatalogReason::NoExplicitEntry => {
                f.write_str("the plan matches only explicitly and has no entry for it")
            }
            CatalogReason::Ambiguous {
                by,
                value,
                candidates,
            } => {
                let key = match by {
                    MatchKey::Url => "url",
                    MatchKey::Name => "name",
                };
                write!(
                    f,
                    "{} target objects have the {key} {}: {}",
                    candidates.len(),
                    quote(value),
                    list(candidates)
                )
            }
            CatalogReason::NoMatch {
                url,
                missing_ancestor,
                closest,
            } => {
                match url {
                    Some(url) => write!(f, "no target object has the url {}", quote(url))?,
                    None => f.write_str("it has no url to match by")?,
                }
                match missing_ancestor {
                    Some(parent) => write!(
                        f,
                        ", and the bundle lacks its parent `{parent}`, so it has no name path \
                         (extract the bundle again)"
                    )?,
                    None => f.write_str(" or its name")?,
                }
                if !closest.is_empty() {
                    write!(f, "; closest: {}", list(closest))?;
                }
                Ok(())
            }
        }
    }
}

fn list<Id: fmt::Display>(candidates: &[CatalogCandidate<Id>]) -> String {
    candidates
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Matches every `source` category (from the bundle: the referenced ones and their ancestors)
/// against the `target` categories (those of the target channel's tree) under `rules`.
pub fn match_categories(
    rules: &CatalogRules<CategoryId>,
    source: &[Category],
    target: &[Category],
) -> CatalogResolution<CategoryId> {
    resolve(rules, &category_entries(source), &category_entries(target))
}

/// Matches every `source` brand (from the bundle) against the `target` brands under `rules`.
pub fn match_brands(
    rules: &CatalogRules<BrandId>,
    source: &[Brand],
    target: &[Brand],
) -> CatalogResolution<BrandId> {
    resolve(rules, &brand_entries(source), &brand_entries(target))
}

/// The names from the root down to category `id` (`["Kitchen", "Coffee & Tea"]`), or the
/// first ancestor `categories` lacks (a cycle or over-deep chain counts as lacking its start).
pub fn category_path(categories: &[Category], id: CategoryId) -> Result<Vec<&str>, CategoryId> {
    let by_id: BTreeMap<CategoryId, &Category> = categories.iter().map(|c| (c.id, c)).collect();
    path_in(&by_id, id)
}

fn path_in<'a>(
    by_id: &BTreeMap<CategoryId, &'a Category>,
    id: CategoryId,
) -> Result<Vec<&'a str>, CategoryId> {
    let mut names = Vec::new();
    let mut next = id;
    loop {
        let category = by_id.get(&next).ok_or(next)?;
        names.push(category.name.as_str());
        if category.parent_id == 0 {
            break;
        }
        if names.len() > MAX_DEPTH {
            return Err(id);
        }
        next = CategoryId(category.parent_id);
    }
    names.reverse();
    Ok(names)
}

/// One category or brand as matching sees it.
struct Entry<Id> {
    id: Id,
    /// The name path as shown (`Kitchen/Coffee & Tea`), or the name.
    display: String,
    /// The normalised names, when known.
    name_key: Option<Vec<String>>,
    /// The first ancestor the list lacks, when the name path is unknown.
    missing_ancestor: Option<Id>,
    /// The url as the store has it.
    url: Option<String>,
    /// The normalised url.
    url_key: Option<String>,
}

impl<Id: Copy> Entry<Id> {
    fn candidate(&self) -> CatalogCandidate<Id> {
        CatalogCandidate {
            id: self.id,
            name: self.display.clone(),
            url: self.url.clone(),
        }
    }
}

fn category_entries(categories: &[Category]) -> Vec<Entry<CategoryId>> {
    let by_id: BTreeMap<CategoryId, &Category> = categories.iter().map(|c| (c.id, c)).collect();
    by_id
        .values()
        .map(|category| {
            let (display, name_key, missing_ancestor) = match path_in(&by_id, category.id) {
                Ok(names) => (
                    names.join("/"),
                    Some(names.iter().map(|n| name_key(n)).collect()),
                    None,
                ),
                Err(missing) => (category.name.clone(), None, Some(missing)),
            };
            entry(
                category.id,
                display,
                name_key,
                missing_ancestor,
                category.url(),
            )
        })
        .collect()
}

fn brand_entries(brands: &[Brand]) -> Vec<Entry<BrandId>> {
    let by_id: BTreeMap<BrandId, &Brand> = brands.iter().map(|b| (b.id, b)).collect();
    by_id
        .values()
        .map(|brand| {
            let key = Some(vec![name_key(&brand.name)]);
            entry(brand.id, brand.name.clone(), key, None, brand.url())
        })
        .collect()
}

fn entry<Id>(
    id: Id,
    display: String,
    name_key: Option<Vec<String>>,
    missing_ancestor: Option<Id>,
    url: Option<&str>,
) -> Entry<Id> {
    Entry {
        id,
        display,
        name_key,
        missing_ancestor,
        url: url.map(str::to_owned),
        url_key: url.and_then(url_key),
    }
}

/// A url as compared: trimmed, ASCII-lowercased, without a trailing `/` (`/` stays `/`); an
/// empty url is no url.
pub fn url_key(url: &str) -> Option<String> {
    let trimmed = url.trim();
    if trimmed.is_empty() {
        return None;
    }
    let without_slash = trimmed.trim_end_matches('/');
    let key = if without_slash.is_empty() {
        "/"
    } else {
        without_slash
    };
    Some(key.to_ascii_lowercase())
}

/// A name as compared: trimmed and lowercased.
pub fn name_key(name: &str) -> String {
    name.trim().to_lowercase()
}

fn resolve<Id: Ord + Copy + fmt::Display>(
    rules: &CatalogRules<Id>,
    source: &[Entry<Id>],
    target: &[Entry<Id>],
) -> CatalogResolution<Id> {
    let mut by_url: BTreeMap<&str, Vec<&Entry<Id>>> = BTreeMap::new();
    let mut by_name: BTreeMap<&[String], Vec<&Entry<Id>>> = BTreeMap::new();
    for entry in target {
        if let Some(url) = &entry.url_key {
            by_url.entry(url).or_default().push(entry);
        }
        if let Some(name) = &entry.name_key {
            by_name.entry(name).or_default().push(entry);
        }
    }
    let target_ids: BTreeSet<Id> = target.iter().map(|t| t.id).collect();
    let in_source: BTreeSet<Id> = source.iter().map(|s| s.id).collect();
    // Entries for ids the bundle does not hold are kept as written: the source store lacks
    // those objects, so no content the plan writes can be checked against them.
    let mut resolution = CatalogResolution {
        mapped: rules
            .explicit
            .iter()
            .filter(|(s, _)| !in_source.contains(s))
            .map(|(s, t)| (*s, *t))
            .collect(),
        unresolved: Vec::new(),
    };
    let order = match rules.match_by {
        CatalogMatch::Url => [MatchKey::Url, MatchKey::Name],
        CatalogMatch::Name | CatalogMatch::Explicit => [MatchKey::Name, MatchKey::Url],
    };
    for entry in source {
        let reason = if let Some(explicit) = rules.explicit.get(&entry.id) {
            if target_ids.contains(explicit) {
                resolution.mapped.insert(entry.id, *explicit);
                continue;
            }
            CatalogReason::ExplicitTargetMissing { target: *explicit }
        } else if rules.match_by == CatalogMatch::Explicit {
            CatalogReason::NoExplicitEntry
        } else {
            match find(entry, order, &by_url, &by_name) {
                Found::One(target) => {
                    resolution.mapped.insert(entry.id, target);
                    continue;
                }
                Found::Many(by, value, candidates) => CatalogReason::Ambiguous {
                    by,
                    value,
                    candidates,
                },
                Found::None => CatalogReason::NoMatch {
                    url: entry.url.clone(),
                    missing_ancestor: entry.missing_ancestor,
                    closest: closest(entry, target),
                },
            }
        };
        resolution.unresolved.push(UnresolvedCatalog {
            id: entry.id,
            name: entry.display.clone(),
            reason,
        });
    }
    resolution
}

/// What the keys found for one source object.
enum Found<Id> {
    One(Id),
    Many(MatchKey, String, Vec<CatalogCandidate<Id>>),
    None,
}

fn find<Id: Ord + Copy>(
    entry: &Entry<Id>,
    order: [MatchKey; 2],
    by_url: &BTreeMap<&str, Vec<&Entry<Id>>>,
    by_name: &BTreeMap<&[String], Vec<&Entry<Id>>>,
) -> Found<Id> {
    for key in order {
        let (found, value) = match key {
            MatchKey::Url => (
                entry.url_key.as_deref().and_then(|url| by_url.get(url)),
                entry.url.clone().unwrap_or_default(),
            ),
            MatchKey::Name => (
                entry.name_key.as_deref().and_then(|name| by_name.get(name)),
                entry.display.clone(),
            ),
        };
        match found.map(Vec::as_slice) {
            Some([only]) => return Found::One(only.id),
            Some(many) if many.len() > 1 => {
                let mut candidates: Vec<_> = many.iter().map(|e| e.candidate()).collect();
                candidates.sort_by_key(|c| c.id);
                return Found::Many(key, value, candidates);
            }
            _ => {}
        }
    }
    Found::None
}

/// The target objects closest to `entry`: the same last name first, then by edit distance of
/// the lowercased name path; ties by id.
fn closest<Id: Ord + Copy>(entry: &Entry<Id>, target: &[Entry<Id>]) -> Vec<CatalogCandidate<Id>> {
    let wanted = entry.display.to_lowercase();
    let wanted_last = entry.name_key.as_ref().and_then(|n| n.last()).cloned();
    let mut scored: Vec<(bool, usize, Id, &Entry<Id>)> = target
        .iter()
        .map(|t| {
            let same_last = wanted_last.is_some()
                && t.name_key.as_ref().and_then(|n| n.last()) == wanted_last.as_ref();
            let distance = edit_distance(&wanted, &t.display.to_lowercase());
            (!same_last, distance, t.id, t)
        })
        .collect();
    scored.sort_by_key(|(not_same, distance, id, _)| (*not_same, *distance, *id));
    scored
        .into_iter()
        .take(CLOSEST)
        .map(|(_, _, _, t)| t.candidate())
        .collect()
}

/// The Levenshtein distance between `a` and `b`, by characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests;
