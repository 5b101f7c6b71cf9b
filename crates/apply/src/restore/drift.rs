//! What changed in the target since a run, among the objects a restore would write or delete.
//!
//! A restore overwrites what the run wrote with the backup, and (with `delete_created`) deletes
//! what the run created. Anything *else* found there was written by someone else after the
//! run, and restoring would lose it silently. So before its first write, restore compares each
//! object it is about to touch with the states pageport itself may have left there:
//!
//! - what the run wrote: each of the run's plans (`plan.json`, `plan-2.json`, …) remapped with
//!   the ids its journal records, for the objects the journal says were written (writes in
//!   doubt included);
//! - what the restore itself writes: the backup's state, an emptied document, a deleted page
//!   (a restore interrupted earlier leaves some of those).
//!
//! Whatever matches none of them is *drift*, named with what changed (pure functions over
//! data: the reads are the caller's). Whatever the user decides, a created page that now has
//! child pages the run did not create is never deleted: deleting it would hide them.

use crate::backup::belongs_to;
use crate::journal::JournalState;
use pageport_mapping::{RemapTables, remap_document, remap_page};
use pageport_model::{Bundle, Page, PageId, PageWidgetsKey, Region};
use pageport_plan::diff::{document_overwrite, documents_equal, page_changes};
use pageport_plan::migration_plan::MigrationPlan;
use pageport_plan::steps::{DocumentStepAction, PageStepAction};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// One object that changed in the target since the run, and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Drift {
    /// The object as a person finds it: `page "About Us" at /about-us/ (#31)`, `document channel
    /// 1 pages/home`. Text from the store is printed with its control characters escaped.
    pub object: String,
    /// What changed: `` `body` changed ``, `deleted`, `new child page "FAQ" (#77)`.
    pub change: String,
}

impl fmt::Display for Drift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.object, self.change)
    }
}

/// What the run wrote into each object, as far as its plans and journal tell.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct RunWrites {
    /// Whether the run's plans were found; without them only the backup's states are known,
    /// and what the run wrote cannot be told from a later change.
    pub known: bool,
    /// Target page → the pages the run sent it (oldest plan first).
    pub pages: BTreeMap<PageId, Vec<Page>>,
    /// Target document → the regions the run published there (oldest plan first).
    pub documents: BTreeMap<PageWidgetsKey, Vec<Vec<Region>>>,
}

impl RunWrites {
    /// What the run's `plans` wrote, remapped with the ids `state` records, for the pages and
    /// documents the journal says were written (created, or an update or publish sent).
    pub fn of(plans: &[MigrationPlan], state: &JournalState) -> Self {
        let mut writes = Self {
            known: !plans.is_empty(),
            ..Self::default()
        };
        for plan in plans {
            let tables = tables_after_run(plan, state);
            for step in &plan.pages {
                let target = match step.action {
                    PageStepAction::Create => state.created_pages.get(&step.source_id).copied(),
                    PageStepAction::Update => {
                        step.target_id.filter(|id| state.touched_pages.contains(id))
                    }
                    _ => None,
                };
                let Some(target) = target else { continue };
                let remapped = remap_page(&step.source, &tables);
                if !remapped.log.pending.is_empty() {
                    continue;
                }
                let mut page = remapped.value;
                page.id = Some(target);
                page.channel_id = page.channel_id.or(Some(plan.target.channel_id));
                writes.pages.entry(target).or_default().push(page);
            }
            for step in &plan.documents {
                if step.action != DocumentStepAction::Publish {
                    continue;
                }
                let remapped = remap_document(&step.source, &tables);
                let key = remapped.value.key;
                if remapped.log.pending.is_empty() && state.touched_documents.contains(&key) {
                    let regions = remapped.value.regions;
                    writes.documents.entry(key).or_default().push(regions);
                }
            }
        }
        writes
    }
}

/// The plan's tables with the pages and templates the journal says the run created.
fn tables_after_run(plan: &MigrationPlan, state: &JournalState) -> RemapTables {
    let mut tables = plan.tables.clone();
    for (source, target) in &state.created_pages {
        tables.pages.insert(*source, *target);
    }
    for (source, target) in &state.created_templates {
        tables
            .widget_templates
            .insert(source.clone(), target.clone());
    }
    tables
}

/// What a restore is about to write or delete.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scope<'a> {
    /// The backup: its documents are republished, its pages put back.
    pub backup: &'a Bundle,
    /// Documents of created pages that are emptied (with `delete_created`).
    pub documents_to_empty: &'a [PageWidgetsKey],
    /// Created pages that are deleted (with `delete_created`).
    pub pages_to_delete: &'a [PageId],
}

/// The target as read just before the restore.
#[derive(Debug, Clone, Default)]
pub(crate) struct TargetNow {
    /// Every page of the store, bodies included.
    pub pages: Vec<Page>,
    /// The documents of the scope (an absent one is empty).
    pub documents: BTreeMap<PageWidgetsKey, Vec<Region>>,
}

impl TargetNow {
    fn page(&self, id: PageId) -> Option<&Page> {
        self.pages.iter().find(|p| p.id == Some(id))
    }

    fn document(&self, key: &PageWidgetsKey) -> &[Region] {
        self.documents.get(key).map_or(&[], Vec::as_slice)
    }
}

/// What the check found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Findings {
    /// The objects changed since the run, in the order the restore would touch them: what a
    /// forced restore overwrites or deletes.
    pub changed: Vec<Drift>,
    /// Created pages with child pages the run did not create, one line per such child: what
    /// keeps them from being deleted.
    pub foreign_children: Vec<Drift>,
    /// Created pages that must not be deleted, with why: they (or created pages under them
    /// that are kept) have child pages the run did not create.
    pub keep: BTreeMap<PageId, KeptPage>,
}

impl Findings {
    /// Everything that changed since the run: the changed objects, then the foreign children.
    pub fn drift(&self) -> Vec<Drift> {
        let mut drift = self.changed.clone();
        drift.extend(self.foreign_children.iter().cloned());
        drift
    }
}

/// A created page the restore keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct KeptPage {
    /// How reports name it.
    pub object: String,
    /// Its children that stay (`"FAQ" (#77)`), which keep it.
    pub children: Vec<String>,
}

/// Compares the objects of `scope` in the target `now` with the states the run (`run`) or the
/// restore may have left there.
pub(crate) fn find(scope: Scope<'_>, run: &RunWrites, now: &TargetNow) -> Findings {
    let mut findings = Findings {
        keep: pages_to_keep(scope.pages_to_delete, now),
        ..Findings::default()
    };
    if run.known {
        check_documents(scope, run, now, &findings.keep, &mut findings.changed);
        check_backed_up_pages(scope.backup, run, now, &mut findings.changed);
        check_created_pages(scope.pages_to_delete, run, now, &mut findings.changed);
    }
    for (id, kept) in &findings.keep {
        let foreign = now
            .pages
            .iter()
            .filter(|p| p.parent() == Some(*id))
            .filter(|p| {
                p.id.is_none_or(|child| !scope.pages_to_delete.contains(&child))
            });
        for child in foreign {
            findings.foreign_children.push(Drift {
                object: kept.object.clone(),
                change: format!("new child page {}", child_name(child)),
            });
        }
    }
    findings
}

/// Backed-up documents (republished) and created pages' documents (emptied; those of kept
/// pages are left alone).
fn check_documents(
    scope: Scope<'_>,
    run: &RunWrites,
    now: &TargetNow,
    keep: &BTreeMap<PageId, KeptPage>,
    drift: &mut Vec<Drift>,
) {
    let kept: BTreeSet<PageId> = keep.keys().copied().collect();
    let empty: Vec<Region> = Vec::new();
    let backed_up = scope
        .backup
        .page_widgets
        .iter()
        .map(|d| (&d.key, &d.regions));
    let emptied = scope
        .documents_to_empty
        .iter()
        .filter(|key| !belongs_to(key, &kept))
        .map(|key| (key, &empty));
    for (key, restored) in backed_up.chain(emptied) {
        let written = run.documents.get(key).map_or(&[][..], Vec::as_slice);
        let current = now.document(key);
        let mut known = std::iter::once(restored).chain(written);
        if known.any(|state| documents_equal(state, current)) {
            continue;
        }
        let reference = written.last().unwrap_or(restored);
        drift.push(Drift {
            object: document_name(key, now),
            change: document_change(reference, current),
        });
    }
}

/// Backed-up pages (put back): gone, or different from both the backup and the run's write.
fn check_backed_up_pages(
    backup: &Bundle,
    run: &RunWrites,
    now: &TargetNow,
    drift: &mut Vec<Drift>,
) {
    for original in &backup.pages {
        let Some(id) = original.id else { continue };
        let written = run.pages.get(&id).map_or(&[][..], Vec::as_slice);
        let Some(current) = now.page(id) else {
            drift.push(Drift {
                object: page_name(original),
                change: "deleted".to_owned(),
            });
            continue;
        };
        let mut known = std::iter::once(original).chain(written);
        if known.any(|state| same_page(state, current)) {
            continue;
        }
        let reference = written.last().unwrap_or(original);
        drift.push(Drift {
            object: page_name(current),
            change: page_change(reference, current),
        });
    }
}

/// Created pages (deleted): different from what the run created. One already deleted is
/// what the restore wants.
fn check_created_pages(ids: &[PageId], run: &RunWrites, now: &TargetNow, drift: &mut Vec<Drift>) {
    for id in ids {
        let (Some(current), Some(written)) = (now.page(*id), run.pages.get(id)) else {
            continue;
        };
        if written.iter().any(|state| same_page(state, current)) {
            continue;
        }
        if let Some(reference) = written.last() {
            drift.push(Drift {
                object: page_name(current),
                change: page_change(reference, current),
            });
        }
    }
}

/// The created pages that must stay: those with a child page that stays (one the run did
/// not create, or a created one that stays itself), so that no page is re-parented or hidden.
fn pages_to_keep(to_delete: &[PageId], now: &TargetNow) -> BTreeMap<PageId, KeptPage> {
    let deleting: BTreeSet<PageId> = to_delete.iter().copied().collect();
    let mut keep: BTreeMap<PageId, KeptPage> = BTreeMap::new();
    loop {
        let mut grew = false;
        for id in &deleting {
            if keep.contains_key(id) {
                continue;
            }
            let Some(page) = now.page(*id) else { continue };
            let staying: Vec<String> = now
                .pages
                .iter()
                .filter(|p| p.parent() == Some(*id))
                .filter(|p| {
                    p.id.is_none_or(|c| !deleting.contains(&c) || keep.contains_key(&c))
                })
                .map(child_name)
                .collect();
            if !staying.is_empty() {
                let object = page_name(page);
                keep.insert(
                    *id,
                    KeptPage {
                        object,
                        children: staying,
                    },
                );
                grew = true;
            }
        }
        if !grew {
            return keep;
        }
    }
}

/// Same state, as the planner compares pages: the fields `expected` sets, and the parent.
fn same_page(expected: &Page, current: &Page) -> bool {
    expected.parent() == current.parent() && page_changes(expected, current).is_empty()
}

/// `` `body` changed ``, `` `name`, `parent_id` changed ``.
fn page_change(reference: &Page, current: &Page) -> String {
    let mut fields: Vec<String> = page_changes(reference, current)
        .into_iter()
        .map(|c| c.field)
        .collect();
    if reference.parent() != current.parent() {
        fields.push("parent_id".to_owned());
    }
    if fields.is_empty() {
        return "changed".to_owned();
    }
    let fields: Vec<String> = fields.iter().map(|f| format!("`{f}`")).collect();
    format!("{} changed", fields.join(", "))
}

/// `emptied`, or how many layouts and widgets differ from what the run (or backup) left.
fn document_change(reference: &[Region], current: &[Region]) -> String {
    if current.iter().all(|r| r.children.is_empty()) {
        return "emptied".to_owned();
    }
    let diff = document_overwrite(current, reference);
    match (diff.added.len(), diff.deleted.len()) {
        (0, 0) => "layouts or widgets reordered".to_owned(),
        (added, removed) => {
            format!("layouts or widgets changed ({added} new or edited, {removed} removed)")
        }
    }
}

/// `page "About Us" at /about-us/ (#31)`.
fn page_name(page: &Page) -> String {
    let mut name = format!("page {:?}", page.name);
    if let Some(url) = &page.url {
        name.push_str(&format!(" at {}", printable(url)));
    }
    if let Some(id) = page.id {
        name.push_str(&format!(" (#{id})"));
    }
    name
}

/// `"FAQ" (#77)`.
fn child_name(page: &Page) -> String {
    match page.id {
        Some(id) => format!("{:?} (#{id})", page.name),
        None => format!("{:?}", page.name),
    }
}

/// `document channel 1 pages/page #31 (page "About Us")`.
fn document_name(key: &PageWidgetsKey, now: &TargetNow) -> String {
    let mut name = format!("document {}", printable(&key.to_string()));
    let page = key
        .entity_id
        .as_ref()
        .and_then(|e| e.as_str().trim().parse().ok())
        .filter(|id| belongs_to(key, &BTreeSet::from([PageId(*id)])))
        .and_then(|id| now.page(PageId(id)));
    if let Some(page) = page {
        name.push_str(&format!(" (page {:?})", page.name));
    }
    name
}

/// Text from the store with its control characters escaped (`\n`, `\u{1b}`), so that it
/// cannot move the cursor or fake lines in a terminal or a log.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
