//! Parent rules: every written page's parent will exist, and no page becomes its own ancestor.
//!
//! Cycles are looked for in the target as it will be after the plan: planned pages point at
//! their [`ParentRef`], untouched target pages at their `parent_id`, and a target page the plan
//! updates or leaves unchanged is the planned page. A planned page's own `parent_id` is ignored
//! (a new parent's target id is unknown until apply).

use crate::diagnostic::{Diagnostic, DiagnosticCode};
use crate::input::{PageAction, ParentRef, PlannedPage, ValidationInput, describe_target};
use pageport_model::{Page, PageId};
use std::collections::{BTreeMap, BTreeSet};

/// Checks dangling parents and parent cycles and appends the findings to `out`.
pub(crate) fn check(input: &ValidationInput<'_>, out: &mut Vec<Diagnostic>) {
    let graph = ParentGraph::new(input);
    for planned in input.pages.iter().filter(|p| p.action.writes()) {
        check_dangling(&graph, planned, out);
    }
    check_cycles(&graph, out);
}

/// A page in the target after the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Node {
    /// The planned page at this index of the plan.
    Planned(usize),
    /// A target page the plan does not touch.
    Target(PageId),
}

/// Who is whose parent once the plan has run.
struct ParentGraph<'a> {
    pages: &'a [PlannedPage<'a>],
    /// Planned pages that take part (every action but skip), by source id.
    planned_by_source: BTreeMap<PageId, usize>,
    /// Source ids of the pages the plan skips.
    skipped: BTreeSet<PageId>,
    /// Planned pages that are, or replace, a target page, by target id.
    planned_by_target: BTreeMap<PageId, usize>,
    /// Every target page, by id.
    target: BTreeMap<PageId, &'a Page>,
}

impl<'a> ParentGraph<'a> {
    fn new(input: &ValidationInput<'a>) -> Self {
        let mut planned_by_source = BTreeMap::new();
        let mut skipped = BTreeSet::new();
        let mut planned_by_target = BTreeMap::new();
        for (index, planned) in input.pages.iter().enumerate() {
            match (planned.action, planned.source_id) {
                (PageAction::Skip, Some(source)) => {
                    skipped.insert(source);
                }
                (PageAction::Skip, None) => {}
                (action, source) => {
                    if let Some(source) = source {
                        planned_by_source.entry(source).or_insert(index);
                    }
                    if let Some(target) = action.target_id() {
                        planned_by_target.entry(target).or_insert(index);
                    }
                }
            }
        }
        let target = input
            .target
            .pages
            .iter()
            .filter_map(|page| page.id.map(|id| (id, page)))
            .collect();
        Self {
            pages: input.pages,
            planned_by_source,
            skipped,
            planned_by_target,
            target,
        }
    }

    /// The node a target page id will be after the plan, if the page exists.
    fn target_node(&self, id: PageId) -> Option<Node> {
        if let Some(&index) = self.planned_by_target.get(&id) {
            Some(Node::Planned(index))
        } else {
            self.target.contains_key(&id).then_some(Node::Target(id))
        }
    }

    /// The parent of `node` after the plan, if it has one that exists.
    fn parent(&self, node: Node) -> Option<Node> {
        match node {
            Node::Planned(index) => match self.pages[index].parent {
                ParentRef::Existing(id) => self.target_node(id),
                ParentRef::Planned(source) => self
                    .planned_by_source
                    .get(&source)
                    .map(|&i| Node::Planned(i)),
                ParentRef::None | ParentRef::Dangling(_) => None,
            },
            Node::Target(id) => self
                .target
                .get(&id)
                .and_then(|page| page.parent())
                .and_then(|parent| self.target_node(parent)),
        }
    }

    /// How a node reads in a message.
    fn describe(&self, node: Node) -> String {
        match node {
            Node::Planned(index) => self.pages[index].describe(),
            Node::Target(id) => self
                .target
                .get(&id)
                .map_or_else(|| format!("target #{id}"), |page| describe_target(page)),
        }
    }
}

/// Rule: a written page's parent exists in the target or is a planned (not skipped) page.
fn check_dangling(graph: &ParentGraph<'_>, planned: &PlannedPage, out: &mut Vec<Diagnostic>) {
    let (message, help) = match planned.parent {
        ParentRef::None => return,
        ParentRef::Existing(id) => {
            if graph.target.contains_key(&id) {
                return;
            }
            (
                format!("parent page target #{id} does not exist in the target store"),
                "re-run the plan so that it reads the target's current pages",
            )
        }
        ParentRef::Planned(source) => {
            if graph.planned_by_source.contains_key(&source) {
                return;
            }
            if graph.skipped.contains(&source) {
                (
                    format!(
                        "parent page source #{source} is skipped by the plan, so it will not \
                         exist in the target"
                    ),
                    "migrate the parent too, or move this page to the top level in the source",
                )
            } else {
                (
                    format!("parent page source #{source} is not part of the plan"),
                    "add the parent to `select.pages`, or move this page to the top level in \
                     the source",
                )
            }
        }
        ParentRef::Dangling(source) => (
            format!(
                "parent page source #{source} is neither migrated by the plan nor found in the \
                 target"
            ),
            "add the parent to `select.pages`, or move this page to the top level in the source",
        ),
    };
    out.push(
        Diagnostic::error(
            DiagnosticCode::ParentDangling,
            planned.field_location("parent_id"),
            message,
        )
        .with_help(help),
    );
}

/// Rule: no page is its own ancestor. Each cycle through a written page is reported once, at
/// its first written member in plan order.
fn check_cycles(graph: &ParentGraph<'_>, out: &mut Vec<Diagnostic>) {
    let mut finished: BTreeSet<Node> = BTreeSet::new();
    for start in 0..graph.pages.len() {
        let mut path: Vec<Node> = Vec::new();
        let mut node = Some(Node::Planned(start));
        while let Some(current) = node {
            if finished.contains(&current) {
                break;
            }
            if let Some(position) = path.iter().position(|n| *n == current) {
                report_cycle(graph, &path[position..], out);
                break;
            }
            path.push(current);
            node = graph.parent(current);
        }
        finished.extend(path);
    }
}

/// Reports one cycle (members in child → parent order), if a written page is in it.
fn report_cycle(graph: &ParentGraph<'_>, cycle: &[Node], out: &mut Vec<Diagnostic>) {
    let written = |node: &Node| matches!(node, Node::Planned(i) if graph.pages[*i].action.writes());
    let Some(first) = cycle
        .iter()
        .filter(|node| written(node))
        .min()
        .and_then(|min| cycle.iter().position(|node| node == min))
    else {
        return;
    };
    let mut members: Vec<String> = cycle[first..]
        .iter()
        .chain(&cycle[..first])
        .map(|&node| graph.describe(node))
        .collect();
    members.push(members[0].clone());
    let Node::Planned(at) = cycle[first] else {
        return;
    };
    out.push(
        Diagnostic::error(
            DiagnosticCode::ParentCycle,
            graph.pages[at].location(),
            format!(
                "the pages would be their own ancestors: {} (each arrow points at the parent)",
                members.join(" → ")
            ),
        )
        .with_help("make one of these pages top level, or give it another parent, in the source"),
    );
}

#[cfg(test)]
mod tests {
    use crate::DiagnosticCode;
    use crate::input::{PageAction, ParentRef, PlannedPage};
    use crate::test_support::{Fixture, codes, create, page, target_page, update};
    use pageport_model::{PageId, PageType};

    fn child_of(source_id: u64, name: &str, parent: ParentRef) -> PlannedPage<'static> {
        PlannedPage {
            parent,
            ..create(source_id, page(name, PageType::Page))
        }
    }

    #[test]
    fn parents_in_the_target_or_the_plan_are_fine() {
        let mut fixture = Fixture::new();
        fixture.target.pages.push(target_page(31, 1, "Existing"));
        fixture
            .pages
            .push(create(1, page("Parent", PageType::Page)));
        fixture
            .pages
            .push(child_of(2, "Child", ParentRef::Planned(PageId(1))));
        fixture
            .pages
            .push(child_of(3, "Other", ParentRef::Existing(PageId(31))));
        assert!(fixture.run().is_empty(), "{:#?}", fixture.run());
    }

    #[test]
    fn dangling_parents_are_errors() {
        let mut fixture = Fixture::new();
        let mut skipped = create(9, page("Skipped", PageType::Page));
        skipped.action = PageAction::Skip;
        fixture.pages.push(skipped);
        fixture
            .pages
            .push(child_of(1, "A", ParentRef::Dangling(PageId(5))));
        fixture
            .pages
            .push(child_of(2, "B", ParentRef::Planned(PageId(6))));
        fixture
            .pages
            .push(child_of(3, "C", ParentRef::Planned(PageId(9))));
        fixture
            .pages
            .push(child_of(4, "D", ParentRef::Existing(PageId(77))));
        let report = fixture.run();
        assert_eq!(codes(&report), vec![DiagnosticCode::ParentDangling; 4]);
        let messages: Vec<_> = report
            .diagnostics
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(
            messages,
            vec![
                "parent page source #5 is neither migrated by the plan nor found in the target",
                "parent page source #6 is not part of the plan",
                "parent page source #9 is skipped by the plan, so it will not exist in the target",
                "parent page target #77 does not exist in the target store",
            ]
        );
        assert_eq!(
            report.diagnostics[0].location.to_string(),
            "page `A` (source #1) at `parent_id`"
        );
    }

    #[test]
    fn a_cycle_among_planned_pages_is_reported_once() {
        let mut fixture = Fixture::new();
        fixture
            .pages
            .push(child_of(3, "C", ParentRef::Planned(PageId(1))));
        fixture
            .pages
            .push(child_of(1, "A", ParentRef::Planned(PageId(2))));
        fixture
            .pages
            .push(child_of(2, "B", ParentRef::Planned(PageId(3))));
        fixture
            .pages
            .push(child_of(4, "D", ParentRef::Planned(PageId(1))));
        let report = fixture.run();
        let found = fixture.only(&report, DiagnosticCode::ParentCycle);
        assert_eq!(
            found.to_string(),
            "error[parent.cycle] page `C` (source #3): the pages would be their own ancestors: \
             `C` (source #3) → `A` (source #1) → `B` (source #2) → `C` (source #3) (each arrow \
             points at the parent) (help: make one of these pages top level, or give it another \
             parent, in the source)"
        );
    }

    #[test]
    fn a_page_that_is_its_own_parent_is_a_cycle() {
        let mut fixture = Fixture::new();
        fixture
            .pages
            .push(child_of(1, "Loop", ParentRef::Planned(PageId(1))));
        let report = fixture.run();
        let found = fixture.only(&report, DiagnosticCode::ParentCycle);
        assert!(
            found
                .message
                .contains("`Loop` (source #1) → `Loop` (source #1)")
        );
    }

    #[test]
    fn a_cycle_through_an_updated_target_page_is_found() {
        // Target: "Top" (#31) is the parent of "Sub" (#32). The plan updates "Top" to be a child
        // of "Sub", which is not part of the plan.
        let mut fixture = Fixture::new();
        fixture.target.pages.push(target_page(31, 1, "Top"));
        let mut sub = target_page(32, 1, "Sub");
        sub.parent_id = Some(PageId(31));
        fixture.target.pages.push(sub);
        let mut top = update(1, 31, page("Top", PageType::Page));
        top.parent = ParentRef::Existing(PageId(32));
        fixture.pages.push(top);
        let report = fixture.run();
        let found = fixture.only(&report, DiagnosticCode::ParentCycle);
        assert!(
            found
                .message
                .contains("`Top` (source #1) → `Sub` (target #32) → `Top` (source #1)"),
            "{}",
            found.message
        );
    }

    #[test]
    fn a_deep_chain_without_cycles_is_fine() {
        let mut fixture = Fixture::new();
        fixture
            .pages
            .push(create(1, page("Level 1", PageType::Page)));
        for id in 2..=50 {
            fixture.pages.push(child_of(
                id,
                &format!("Level {id}"),
                ParentRef::Planned(PageId(id - 1)),
            ));
        }
        assert!(fixture.run().is_empty());
    }
}
