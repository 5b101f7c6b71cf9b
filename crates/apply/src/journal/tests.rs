use super::*;

fn create(ids: &[u64]) -> Operation {
    Operation::CreatePages {
        source_ids: ids.iter().copied().map(PageId).collect(),
        names: Vec::new(),
        page_types: Vec::new(),
    }
}

#[test]
fn replay_tells_answered_writes_from_writes_in_doubt() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("journal.jsonl");
    let (mut journal, state) = Journal::open(&path).unwrap();
    assert_eq!(state, JournalState::default());
    journal
        .append(&Record::RunStarted {
            plan_fingerprint: "abc".into(),
            at: "now".into(),
        })
        .unwrap();
    let first = journal.intent(create(&[1, 2])).unwrap();
    journal
        .append(&Record::Result {
            seq: first,
            outcome: Outcome::Done,
            created_pages: vec![(PageId(1), PageId(501)), (PageId(2), PageId(502))],
            created_templates: Vec::new(),
        })
        .unwrap();
    journal.intent(create(&[3])).unwrap();
    drop(journal);

    let (_, state) = Journal::open(&path).unwrap();
    assert_eq!(state.plan_fingerprint.as_deref(), Some("abc"));
    assert_eq!(state.created_pages.get(&PageId(2)), Some(&PageId(502)));
    assert_eq!(state.in_doubt, vec![(2, create(&[3]))]);
    assert_eq!(state.created_in_order, vec![PageId(501), PageId(502)]);
    assert!(state.is_unfinished());
    assert_eq!(state.answered.len(), 1);
    assert_eq!(state.last_seq, 2);
    assert_eq!(state.finished, None);
}

#[test]
fn a_torn_last_line_is_ignored_but_damage_elsewhere_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("journal.jsonl");
    let good = serde_json::to_string(&Record::BackupDurable { objects: 3 }).unwrap();
    std::fs::write(&path, format!("{good}\n{{\"event\":\"inte")).unwrap();
    let records = read_records(&path).unwrap();
    assert_eq!(records, vec![Record::BackupDurable { objects: 3 }]);

    std::fs::write(&path, format!("{{garbage}}\n{good}\n")).unwrap();
    let err = read_records(&path).unwrap_err();
    assert!(
        matches!(err, JournalError::Damaged { line: 1, .. }),
        "{err}"
    );
}

#[test]
fn numbering_continues_after_a_reopen() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("journal.jsonl");
    let (mut journal, _) = Journal::open(&path).unwrap();
    assert_eq!(journal.intent(create(&[1])).unwrap(), 1);
    drop(journal);
    let (mut journal, _) = Journal::open(&path).unwrap();
    assert_eq!(journal.intent(create(&[2])).unwrap(), 2);
}

fn started(fingerprint: &str) -> Record {
    Record::RunStarted {
        plan_fingerprint: fingerprint.into(),
        at: "now".into(),
    }
}

#[test]
fn since_plan_replays_from_the_plan_s_first_start() {
    let key = PageWidgetsKey::global(pageport_model::ChannelId(1));
    let records = vec![
        started("a"),
        Record::Intent {
            seq: 1,
            operation: create(&[1]),
        },
        Record::Result {
            seq: 1,
            outcome: Outcome::Done,
            created_pages: vec![(PageId(1), PageId(501))],
            created_templates: Vec::new(),
        },
        started("b"),
        Record::Intent {
            seq: 2,
            operation: Operation::UpdatePages {
                target_ids: vec![PageId(7), PageId(8)],
            },
        },
        Record::Result {
            seq: 2,
            outcome: Outcome::Partial {
                failed: BTreeMap::from([("8".to_owned(), "refused".to_owned())]),
            },
            created_pages: Vec::new(),
            created_templates: Vec::new(),
        },
        Record::Intent {
            seq: 3,
            operation: Operation::PublishDocument { key: key.clone() },
        },
    ];
    let all = JournalState::replay(&records);
    assert_eq!(all.created_pages.len(), 1);
    assert_eq!(all.plan_fingerprint.as_deref(), Some("b"));

    let since_b = JournalState::since_plan(&records, "b");
    assert!(since_b.created_pages.is_empty(), "created before plan b");
    assert_eq!(since_b.updated_pages, BTreeSet::from([PageId(7)]));
    assert_eq!(
        since_b.touched_pages,
        BTreeSet::from([PageId(7), PageId(8)])
    );
    assert!(since_b.published.is_empty(), "the publish is in doubt");
    assert_eq!(since_b.touched_documents, BTreeSet::from([key]));
    assert_eq!(since_b.in_doubt.len(), 1);
    assert_eq!(since_b.writes, 2);

    assert_eq!(JournalState::since_plan(&records, "a").writes, 3);
    assert_eq!(
        JournalState::since_plan(&records, "c"),
        JournalState::default()
    );
}

#[test]
fn a_finished_or_restored_run_is_not_unfinished() {
    let finished = JournalState::replay(&[started("a"), Record::RunFinished { complete: false }]);
    assert!(!finished.is_unfinished());
    let restored = JournalState::replay(&[started("a"), Record::Restored { complete: true }]);
    assert!(restored.restored);
    assert!(!restored.is_unfinished());
    assert!(JournalState::replay(&[started("a")]).is_unfinished());
}

#[test]
fn a_bulk_outcome_says_what_landed() {
    assert_eq!(Outcome::from_failures(2, BTreeMap::new()), Outcome::Done);
    let one = BTreeMap::from([("1".to_owned(), "refused".to_owned())]);
    assert!(matches!(
        Outcome::from_failures(2, one.clone()),
        Outcome::Partial { .. }
    ));
    assert_eq!(
        Outcome::from_failures(1, one),
        Outcome::Failed {
            message: "refused".into()
        }
    );
}

#[test]
fn template_updates_are_touched_when_sent_and_updated_when_answered() {
    let update = |target: &str| Operation::UpdateTemplate {
        source_uuid: "11111111-1111-4111-8111-111111111111".into(),
        target_uuid: target.into(),
        name: "Hero".into(),
    };
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("journal.jsonl");
    let (mut journal, _) = Journal::open(&path).unwrap();
    let done = journal
        .intent(update("aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"))
        .unwrap();
    journal
        .result(done, Outcome::Done, Vec::new(), Vec::new())
        .unwrap();
    let failed = journal
        .intent(update("bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb"))
        .unwrap();
    let message = "422".to_owned();
    journal
        .result(failed, Outcome::Failed { message }, Vec::new(), Vec::new())
        .unwrap();
    drop(journal);

    let state = JournalState::replay(&read_records(&path).unwrap());
    let a = WidgetTemplateUuid::from("aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa");
    let b = WidgetTemplateUuid::from("bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb");
    assert_eq!(state.updated_templates, BTreeSet::from([a.clone()]));
    assert_eq!(state.touched_templates, BTreeSet::from([a, b]));
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(r#""op":"update_template""#), "{text}");
}
