//! One way to change a project: every road (a cell edit, a pane edit, an add, a duplicate, a rename, a cascading
//! delete, a fix, an import) is a `ChangeSet` the store applies as one transaction and one undo step, returning one
//! `OpChanges` from which the project in memory is brought up to date; undo and redo return the same value and
//! are refreshed the same way.

use std::path::{Path, PathBuf};

use renkei::domain::check::{Fix, check_project};
use renkei::domain::coordination::change::{ChangeKind, ChangeSet};
use renkei::domain::coordination::edit;
use renkei::domain::date::Date;
use renkei::domain::model::entity::{Entity, EntityKey};
use renkei::domain::model::field::Field;
use renkei::domain::model::message::Lang;
use renkei::domain::model::*;
use renkei::domain::samples::sample::sample_project;
use renkei::exchange::import::{ImportOptions, propose_from_tables};
use renkei::exchange::read::{SheetTable, WorkbookTables};
use renkei::exchange::row_edit::edit_row;
use renkei::exchange::sheets::SheetKind;
use renkei::store::Store;

fn sample_file(dir: &Path) -> PathBuf {
    let path = dir.join("連携テスト.renkei");
    let mut store = Store::create(&path, "t").unwrap();
    store.replace_all(&sample_project()).unwrap();
    path
}

/// A row's texts with one column changed, as the table's editor or the row pane hands them over.
fn typed(kind: SheetKind, field: Field, value: &str) -> (Vec<String>, Vec<String>) {
    let shown = vec![String::new(); kind.columns().len()];
    let mut texts = shown.clone();
    texts[kind.position(field).unwrap()] = value.to_string();
    (texts, shown)
}

/// Every road, each as the change it makes to `p`, with its label and what the file must hold after it.
type Road = (&'static str, ChangeSet, fn(&Project) -> bool);

fn roads(p: &Project) -> Vec<Road> {
    let (texts, shown) = typed(SheetKind::TestCases, Field::Remarks, "セルで編集");
    let (cell_edit, _) = edit_row(SheetKind::TestCases, p, 0, &texts, &shown).unwrap();
    let (texts, shown) = typed(SheetKind::Memberships, Field::LostOn, "H20.3.31");
    let (pane_edit, _) = edit_row(SheetKind::Memberships, p, 0, &texts, &shown).unwrap();
    let party = InstitutionCode::from("002");
    let add = ChangeSet::put(p, Entity::RoleModel(Box::new(edit::new_role_model(p, &party))));
    let add_membership = ChangeSet::put(
        p,
        Entity::Membership(edit::new_membership(
            p,
            (&p.role_models[1], p.insurers[0].number.clone()),
            (Date::ymd(2020, 4, 1), None),
        )),
    );
    let duplicate = ChangeSet::put(
        p,
        Entity::TestCase(Box::new(edit::duplicate_test_case(p, &p.test_cases[0]))),
    );
    let rename = edit::rename(
        p,
        &EntityKey::RoleModel(renkei::domain::model::Qualified::new("002", "RM-X")),
        "RM-Z",
    )
    .unwrap();
    let delete =
        edit::delete(p, &EntityKey::Scenario(renkei::domain::model::Qualified::new("002", "S02")));
    let fix = Fix::ConditionEnd {
        test_case: Qualified::new("002", "S02-V01-T01"),
        date: Date::ymd(2019, 7, 1),
    };
    let fixed = ChangeSet::put(p, fix.changed(p).unwrap());
    let book = WorkbookTables {
        order: vec!["保険者".into()],
        sheets: vec![SheetTable::from_texts(
            SheetKind::Insurers,
            vec![
                vec!["06130017".into(), "A健保（改）".into(), "".into(), "1".into(), "○".into()],
                vec!["01130012".into(), "新しい保険者".into(), "".into(), "".into(), "".into()],
            ],
        )],
        problems: Vec::new(),
    };
    let proposal = propose_from_tables(book, p, ImportOptions::default());
    assert!(!proposal.has_errors(), "{:?}", proposal.problems);
    vec![
        ("セル編集", cell_edit, |q| q.test_cases[0].remarks == "セルで編集"),
        ("加入歴編集", pane_edit, |q| {
            q.memberships[0].lost_on == Some(Date::ymd(2008, 3, 31))
        }),
        ("ロールモデル追加", add, |q| q.role_models.len() == 3),
        ("加入歴追加", add_membership, |q| {
            q.memberships.len() == 6 && q.memberships.iter().all(|m| m.id > 0)
        }),
        ("複製", duplicate, |q| q.test_cases.len() == 3),
        ("名前変更", rename, |q| {
            q.role_models.iter().any(|r| r.id.as_str() == "RM-Z")
                && q.test_cases[0].role_model.as_str() == "RM-Z"
                && q.memberships.iter().filter(|m| m.role_model.as_str() == "RM-Z").count() == 3
        }),
        ("削除", delete, |q| {
            q.scenarios.len() == 1 && q.variations.len() == 1 && q.test_cases.len() == 1
        }),
        ("修正", fixed, |q| q.test_cases[1].condition_end == Some(Date::ymd(2019, 7, 1))),
        // Masters are added and changed by an import, never removed: the insurers it leaves out stay.
        ("取り込み", proposal.change, |q| {
            let numbers: Vec<&str> = q.insurers.iter().map(|x| x.number.as_str()).collect();
            numbers == ["06130017", "06130033", "06130041", "01130012"]
                && q.insurers[0].name == "A健保（改）"
                && q.insurers[0].lot == Some(1)
        }),
    ]
}

#[test]
fn every_road_is_one_change_one_transaction_one_undo_step() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_file(dir.path());
    let mut store = Store::open(&path).unwrap();
    let start = store.load().unwrap();
    for (label, change, holds) in roads(&start) {
        // From the same starting point every time: each road alone.
        let before = store.load().unwrap();
        assert_eq!(before, start, "{label}: the previous road was undone");
        assert!(!change.is_empty(), "{label}: changes nothing");
        // It says what it changes.
        let lines = change.lines(Lang::Ja);
        assert!(!lines.is_empty(), "{label}");
        let op = store.apply_change(label, &change, &mut |_, _| true).unwrap();
        assert_eq!(op.label, label);
        assert_eq!(store.undo_label(), Some(label), "one step, named");
        let after = store.load().unwrap();
        assert!(holds(&after), "{label}: {after:#?}");
        // The window's refresh from what the operation says it changed gives what the file holds.
        let mut in_memory = before.clone();
        store.reload(&mut in_memory, &op).unwrap();
        assert_eq!(in_memory, after, "{label}: refreshed from its OpChanges");
        // One undo takes all of it back, and is refreshed the same way.
        let undone = store.undo_op().unwrap().unwrap();
        assert_eq!(undone.label, label);
        store.reload(&mut in_memory, &undone).unwrap();
        assert_eq!(in_memory, before, "{label}: one undo step");
        assert_eq!(store.load().unwrap(), before);
        assert_eq!(store.undo_label(), None, "{label}: no second step");
        // Redo brings it back, and is undone again for the next road.
        let redone = store.redo_op().unwrap().unwrap();
        store.reload(&mut in_memory, &redone).unwrap();
        assert_eq!(in_memory, after, "{label}: redo");
        store.undo().unwrap();
    }
}

#[test]
fn a_change_is_worked_out_field_by_field_and_applies_to_what_it_was_worked_out_from() {
    let base = sample_project();
    let mut result = base.clone();
    result.test_cases[0].remarks = "備考を変更".into();
    result.test_cases[0].query_date = Some(Date::ymd(2018, 8, 1));
    result.insurers.remove(2);
    result.scenarios.push(Scenario {
        party: "002".into(),
        id: "S03".into(),
        name: "新しいシナリオ".into(),
    });
    let change = ChangeSet::between(&base, &result);
    let kinds: Vec<(&str, String)> = change
        .entries
        .iter()
        .map(|e| {
            let what = match &e.what {
                ChangeKind::Added => "added".to_string(),
                ChangeKind::Removed => "removed".to_string(),
                ChangeKind::Changed(fields) => {
                    fields.iter().map(|f| f.field.header()).collect::<Vec<_>>().join("+")
                }
            };
            (e.key.as_str(), what)
        })
        .collect();
    assert!(kinds.contains(&("S01-V01-T01", "照会日+備考".to_string())), "{kinds:?}");
    assert!(kinds.contains(&("06130041", "removed".to_string())), "{kinds:?}");
    assert!(kinds.contains(&("S03", "added".to_string())), "{kinds:?}");
    assert_eq!(change.entries.len(), 3, "{kinds:?}");
    // Applied to a file holding `base`, it gives `result`.
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&sample_file(dir.path())).unwrap();
    store.apply_change("変更", &change, &mut |_, _| true).unwrap();
    let mut loaded = store.load().unwrap();
    loaded.name = result.name.clone();
    assert_eq!(loaded, result);
    // And the check sees the change: the removed insurer was expected by a test case and held memberships.
    let findings = check_project(&loaded);
    let found =
        |rule: &str, key: &str| findings.iter().any(|f| f.rule == rule && f.key.contains(key));
    assert!(found("expected-provider-not-insurer", "S02-V01-T01"));
    assert!(found("insurer-undefined", "06130041"));
    assert!(check_project(&base).iter().all(|f| f.rule != "insurer-undefined"));
}

#[test]
fn a_cancelled_change_writes_nothing_and_adds_no_step() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_file(dir.path());
    let mut store = Store::open(&path).unwrap();
    let before = store.dump_rows().unwrap();
    let p = store.load().unwrap();
    // A change large enough to ask about progress, cancelled at the first question.
    let mut big = ChangeSet::default();
    for i in 0..2500 {
        big.extend(ChangeSet::put(
            &p,
            Entity::Scenario(Scenario {
                party: "002".into(),
                id: format!("SX{i:04}").into(),
                name: "多数".into(),
            }),
        ));
    }
    let result = store.apply_change("多数追加", &big, &mut |done, _| done == 0);
    assert!(result.is_err());
    assert_eq!(store.dump_rows().unwrap(), before);
    assert_eq!(store.undo_label(), None);
}

#[test]
fn a_wrong_place_hint_is_checked_and_not_trusted() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&sample_file(dir.path())).unwrap();
    let before = store.load().unwrap();
    let mut case = before.test_cases[1].clone();
    case.remarks = "二件目を編集".into();
    let mut change = ChangeSet::put(&before, Entity::TestCase(Box::new(case)));
    // The hint the change carries is where the row stands.
    assert_eq!(
        change.places,
        [(EntityKey::TestCase(renkei::domain::model::Qualified::new("002", "S02-V01-T01")), 1)]
    );
    // A stale one (the list changed since): the refresh finds the row by its key instead.
    change.places =
        vec![(EntityKey::TestCase(renkei::domain::model::Qualified::new("002", "S02-V01-T01")), 0)];
    let op = store.apply_change("編集", &change, &mut |_, _| true).unwrap();
    let mut in_memory = before.clone();
    store.reload(&mut in_memory, &op).unwrap();
    assert_eq!(in_memory, store.load().unwrap());
    assert_eq!(in_memory.test_cases[0], before.test_cases[0]);
    assert_eq!(in_memory.test_cases[1].remarks, "二件目を編集");
}

/// Working a change out by taking the result's rows gives the very change copying them does: the same entries in
/// the same order (puts kind by kind, masters first; removals last, dependants first), the same rows put.
#[test]
fn a_change_that_takes_the_results_rows_is_the_change_that_copies_them() {
    let base = sample_project();
    let mut result = base.clone();
    result.test_cases[0].remarks = "変更".into();
    result.test_cases.remove(1);
    result.memberships.remove(0);
    result.memberships[0].link_number = "L-2".into();
    result.scenarios.remove(1);
    result.insurers.remove(2);
    result.benefits[0].amount = Some(1);
    let mut added = result.memberships[1].clone();
    added.acquired_on = Date::ymd(2024, 4, 1);
    added.id = 0;
    result.memberships.push(added);
    result.info_items[3].name = "名前".into();
    let copied = ChangeSet::between(&base, &result);
    let taken = ChangeSet::between_taking(&base, result);
    assert_eq!(taken, copied);
    let kinds: Vec<(&str, &ChangeKind)> =
        taken.entries.iter().map(|e| (e.entity, &e.what)).collect();
    // Every kind of entry is there, and the removals come last, the memberships' before the insurer's.
    for what in [ChangeKind::Added, ChangeKind::Removed] {
        assert!(kinds.iter().any(|(_, w)| **w == what), "{kinds:?}");
    }
    assert!(kinds.iter().any(|(_, w)| matches!(w, ChangeKind::Changed(_))));
    let first_removal = kinds.iter().position(|(_, w)| **w == ChangeKind::Removed).unwrap();
    assert!(kinds[first_removal..].iter().all(|(_, w)| **w == ChangeKind::Removed), "{kinds:?}");
    let at = |entity: &str| {
        kinds.iter().rposition(|(e, w)| *e == entity && **w == ChangeKind::Removed).unwrap()
    };
    assert!(at("加入歴") < at("保険者"), "{kinds:?}");
    assert!(at("テストケース") < at("シナリオ"), "{kinds:?}");
}
