use super::*;
use crate::backup::{new_backup, objects_to_back_up};
use pageport_model::WidgetTemplateUuid;
use pageport_plan::test_support::*;
use serde_json::json;

/// The uuid the scenario's run gave the Rich Text template it created.
const T_TEXT: &str = "dddddddd-dddd-4ddd-8ddd-dddddddddddd";

/// The scenario applied in full: Help (#501), Shipping & Returns (#502, under Help), Size
/// Chart (#505, under Help) and Instagram (#506) created, About Us (#31) updated, the global
/// regions, the home page and Shipping & Returns' document published.
fn journal() -> JournalState {
    let mut state = JournalState::default();
    for (source, target) in [(1, 501), (2, 502), (5, 505), (6, 506)] {
        state.created_pages.insert(PageId(source), PageId(target));
        state.created_in_order.push(PageId(target));
    }
    state.created_templates.insert(
        WidgetTemplateUuid::from(S_TEXT),
        WidgetTemplateUuid::from(T_TEXT),
    );
    state.touched_pages.insert(PageId(31));
    state.updated_pages.insert(PageId(31));
    for key in [
        key(None, None),
        key(Some("pages/home"), None),
        key(Some("pages/page"), Some("502")),
    ] {
        state.touched_documents.insert(key.clone());
        state.published.insert(key);
    }
    state
}

/// The backup the scenario's run took, the run's writes, and the target as the run left it.
fn after_run() -> (Bundle, RunWrites, TargetNow) {
    let plan = scenario_plan();
    let (pages, documents) = objects_to_back_up(&plan, &inventory(), &BTreeSet::new());
    let backup = new_backup(&plan.target, pages, documents);
    let run = RunWrites::of(&[plan], &journal());
    let mut now = TargetNow {
        pages: inventory().pages,
        documents: BTreeMap::new(),
    };
    now.pages.retain(|p| p.id != Some(PageId(31)));
    for written in run.pages.values() {
        now.pages.push(written[0].clone());
    }
    for (key, written) in &run.documents {
        now.documents.insert(key.clone(), written[0].clone());
    }
    (backup, run, now)
}

/// Every created page, children first, as restore deletes them.
const CREATED: [PageId; 4] = [PageId(506), PageId(505), PageId(502), PageId(501)];

fn scope<'a>(backup: &'a Bundle, to_empty: &'a [PageWidgetsKey]) -> Scope<'a> {
    Scope {
        backup,
        documents_to_empty: to_empty,
        pages_to_delete: &CREATED,
    }
}

fn page_mut(now: &mut TargetNow, id: u64) -> &mut Page {
    now.pages
        .iter_mut()
        .find(|p| p.id == Some(PageId(id)))
        .unwrap()
}

#[test]
fn the_run_s_writes_are_known_from_its_plan_and_journal() {
    let (_, run, _) = after_run();
    assert!(run.known);
    let pages: Vec<u64> = run.pages.keys().map(|id| id.get()).collect();
    assert_eq!(pages, [31, 501, 502, 505, 506]);
    let shipping = &run.pages[&PageId(502)][0];
    assert_eq!(
        shipping.parent(),
        Some(PageId(501)),
        "remapped to Help's new id"
    );
    let documents: Vec<String> = run.documents.keys().map(ToString::to_string).collect();
    assert_eq!(
        documents,
        [
            "channel 1 global regions",
            "channel 1 pages/home",
            "channel 1 pages/page #502"
        ]
    );
    assert_eq!(RunWrites::of(&[], &journal()), RunWrites::default());
}

#[test]
fn the_target_as_the_run_or_a_restore_left_it_has_no_drift() {
    let (backup, run, mut now) = after_run();
    let to_empty = [key(Some("pages/page"), Some("502"))];
    assert_eq!(
        find(scope(&backup, &to_empty), &run, &now),
        Findings::default()
    );

    // Part of an earlier restore landed: About Us and the home page are back, a created page
    // and a created page's document are gone.
    *page_mut(&mut now, 31) = backup.pages[0].clone();
    let home = key(Some("pages/home"), None);
    let original = backup.page_widgets.iter().find(|d| d.key == home).unwrap();
    now.documents.insert(home, original.regions.clone());
    now.documents.insert(to_empty[0].clone(), Vec::new());
    now.pages.retain(|p| p.id != Some(PageId(506)));
    assert_eq!(
        find(scope(&backup, &to_empty), &run, &now),
        Findings::default()
    );
}

#[test]
fn pages_and_documents_changed_since_the_run_are_named_with_what_changed() {
    let (backup, run, mut now) = after_run();
    page_mut(&mut now, 31).body = Some(Some("<p>Edited by the merchant.</p>".into()));
    page_mut(&mut now, 506).name = "Instagram (new)".into();
    let home = key(Some("pages/home"), None);
    now.documents.insert(home, Vec::new());
    let shipping = key(Some("pages/page"), Some("502"));
    let mut regions = run.documents[&shipping][0].clone();
    regions[0]
        .children
        .push(from(widget(T_TEXT, "Note", json!({"richText": "Hi"}))));
    now.documents.insert(shipping.clone(), regions);

    let findings = find(scope(&backup, &[shipping]), &run, &now);
    let lines: Vec<String> = findings.drift().iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "document channel 1 pages/home: emptied",
            "document channel 1 pages/page #502 (page \"Shipping & Returns\"): layouts or widgets changed (1 new or edited, 0 removed)",
            "page \"About Us\" at /about-us/ (#31): `body` changed",
            "page \"Instagram (new)\" (#506): `name` changed",
        ]
    );
    assert!(findings.keep.is_empty());

    // A page the restore puts back that is gone.
    now.pages.retain(|p| p.id != Some(PageId(31)));
    let findings = find(scope(&backup, &[]), &run, &now);
    assert!(
        findings
            .drift()
            .iter()
            .any(|d| d.to_string() == "page \"About Us\" at /about-us/ (#31): deleted"),
        "{:?}",
        findings.drift()
    );
}

#[test]
fn a_created_page_with_a_child_the_run_did_not_create_is_kept_with_its_ancestors() {
    let (backup, run, mut now) = after_run();
    let mut faq: Page = from(
        json!({"id": 900, "channel_id": 1, "name": "FAQ", "type": "page",
                                     "parent_id": 502, "url": "/faq/"}),
    );
    now.pages.push(faq.clone());
    let findings = find(scope(&backup, &[]), &run, &now);
    let kept: Vec<(u64, Vec<String>)> = findings
        .keep
        .iter()
        .map(|(id, k)| (id.get(), k.children.clone()))
        .collect();
    assert_eq!(
        kept,
        [
            (501, vec!["\"Shipping & Returns\" (#502)".to_owned()]),
            (502, vec!["\"FAQ\" (#900)".to_owned()]),
        ],
        "Shipping & Returns stays for FAQ, and Help for Shipping & Returns"
    );
    let lines: Vec<String> = findings.drift().iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        ["page \"Shipping & Returns\" at /shipping-returns/ (#502): new child page \"FAQ\" (#900)"]
    );

    // The documents of kept pages are not emptied, so not checked either.
    let shipping = [key(Some("pages/page"), Some("502"))];
    now.documents.insert(shipping[0].clone(), Vec::new());
    assert_eq!(find(scope(&backup, &shipping), &run, &now), findings);

    // Without the run's plan, only the children are checked.
    faq.parent_id = Some(PageId(506));
    now.pages.retain(|p| p.id != Some(PageId(900)));
    now.pages.push(faq);
    page_mut(&mut now, 31).body = Some(Some("<p>Edited.</p>".into()));
    let findings = find(scope(&backup, &[]), &RunWrites::default(), &now);
    let lines: Vec<String> = findings.drift().iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        ["page \"Instagram\" (#506): new child page \"FAQ\" (#900)"]
    );
    assert_eq!(
        findings.keep.keys().copied().collect::<Vec<_>>(),
        [PageId(506)]
    );
}

#[test]
fn text_from_the_store_is_printed_without_control_characters() {
    let (backup, run, mut now) = after_run();
    let about = page_mut(&mut now, 31);
    about.name = "About\u{1b}[2J Us\n".into();
    about.url = Some("/about-us/\r\u{7}".into());
    let findings = find(scope(&backup, &[]), &run, &now);
    let line = findings.changed[0].to_string();
    assert_eq!(
        line,
        "page \"About\\u{1b}[2J Us\\n\" at /about-us/\\r\\u{7} (#31): `name`, `url` changed"
    );
    assert!(!line.chars().any(char::is_control), "{line:?}");
}
