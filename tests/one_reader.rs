//! One reader per column: a value typed in the window and the same value in a workbook cell give the same entity
//! and the same warnings (or the same errors). Each input of the table below is run through the window's roads —
//! the table's cell editor and the row pane (`row_edit::edit_row`), and the test case and role model panes
//! (`column::set` on the entity) — and through the workbook's (`import::propose_from_tables` over a sheet
//! holding the row), and the three are compared.

use renkei::domain::model::Project;
use renkei::domain::model::entity::{Entity, find};
use renkei::domain::model::field::Field;
use renkei::domain::model::message::Message;
use renkei::domain::samples::sample::sample_project;
use renkei::exchange::cell::{Level, Raw, number_text};
use renkei::exchange::column;
use renkei::exchange::import::{ImportOptions, propose_from_tables};
use renkei::exchange::read::{SheetTable, WorkbookTables};
use renkei::exchange::row_edit::edit_row;
use renkei::exchange::sheet_rows::{Cell, sheet_entity, sheet_rows};
use renkei::exchange::sheets::SheetKind;

/// The row's cells as the window shows them and a workbook would hold them, as text.
fn row_texts(kind: SheetKind, p: &Project, row: usize) -> Vec<String> {
    sheet_rows(kind, p)[row]
        .iter()
        .map(|c| match c {
            Cell::Text(s) => s.clone(),
            Cell::Date(d) => d.to_string(),
            Cell::DateTime(d) => d.to_string(),
            Cell::Number(n) => number_text(*n),
            Cell::Empty => String::new(),
        })
        .collect()
}

/// What one road made of a typed value: the row's entity after it, or the errors that stop it; and every note
/// (level and message) the value's reading gave.
#[derive(Debug, PartialEq)]
struct Outcome {
    entity: Option<Entity>,
    notes: Vec<(Level, Message)>,
}

/// The window's table and row pane.
fn through_window(kind: SheetKind, p: &Project, row: usize, field: Field, typed: &str) -> Outcome {
    let shown = row_texts(kind, p, row);
    let mut texts = shown.clone();
    texts[kind.position(field).unwrap()] = typed.to_string();
    match edit_row(kind, p, row, &texts, &shown) {
        Ok((change, notes)) => Outcome {
            // Nothing to save: the row stays as it was.
            entity: change.first_put().cloned().or_else(|| sheet_entity(kind, p, row)),
            notes: notes.into_iter().map(|n| (n.level, n.message)).collect(),
        },
        Err(errors) => Outcome {
            entity: None,
            notes: errors.into_iter().map(|n| (n.level, n.message)).collect(),
        },
    }
}

/// The test case and role model panes: the column's rule on the entity itself.
fn through_pane(kind: SheetKind, p: &Project, row: usize, field: Field, typed: &str) -> Outcome {
    let mut e = sheet_entity(kind, p, row).unwrap();
    let raw = Raw::typed(typed);
    let notes = match &mut e {
        Entity::TestCase(c) => column::set(&mut **c, field, &raw),
        Entity::RoleModel(r) => column::set(&mut **r, field, &raw),
        Entity::Membership(m) => column::set(m, field, &raw),
        Entity::Benefit(b) => column::set(b, field, &raw),
        Entity::Insurer(x) => column::set(x, field, &raw),
        Entity::Institution(x) => column::set(x, field, &raw),
        Entity::Affair(x) => column::set(x, field, &raw),
        Entity::Procedure(x) => column::set(x, field, &raw),
        Entity::InfoKind(x) => column::set(x, field, &raw),
        Entity::InfoItem(x) => column::set(x, field, &raw),
        Entity::Scenario(x) => column::set(x, field, &raw),
        Entity::Variation(x) => column::set(x, field, &raw),
        Entity::Finding(x) => column::set(&mut **x, field, &raw),
    };
    let failed = notes.iter().any(|n| n.level == Level::Error);
    Outcome {
        entity: (!failed).then_some(e),
        notes: notes
            .into_iter()
            .filter(|n| !failed || n.level == Level::Error)
            .map(|n| (n.level, n.message))
            .collect(),
    }
}

/// The workbook: a sheet of the contract's layout holding the row with the value in its cell, imported (adding
/// and changing only) as the row's party's book. The notes are those placed at the value's cell.
fn through_workbook(
    kind: SheetKind,
    p: &Project,
    row: usize,
    field: Field,
    typed: &str,
) -> Outcome {
    let entity = sheet_entity(kind, p, row).unwrap();
    let key = entity.key();
    let mut texts = row_texts(kind, p, row);
    texts[kind.position(field).unwrap()] = typed.to_string();
    let table = SheetTable::from_texts(kind, vec![texts]);
    let cell = table.cell(1, field).unwrap();
    let sheet = table.name.clone();
    let tables =
        WorkbookTables { order: vec![sheet.clone()], sheets: vec![table], problems: Vec::new() };
    // The row's party named: a sheet of one row names no party of its own (a role model sheet has no test
    // case, and a requester typed into the row would otherwise make the book another party's).
    let party = entity.party().cloned();
    let proposal = propose_from_tables(
        tables,
        p,
        ImportOptions { remove_missing: false, party, ..Default::default() },
    );
    let failed = proposal.has_errors();
    Outcome {
        entity: if failed { None } else { find(&proposal.result, &key) },
        notes: proposal
            .problems
            .into_iter()
            .filter(|x| x.sheet == sheet && x.cell.as_deref() == Some(cell.as_str()))
            .filter(|x| !failed || x.level == Level::Error)
            .map(|x| (x.level, x.message))
            .collect(),
    }
}

/// Every column a value is typed into in the window, with the generous forms of the contract, values that warn
/// and values that cannot be held.
const INPUTS: &[(SheetKind, usize, Field, &str)] = &[
    // Dates in every form, and impossible ones.
    (SheetKind::TestCases, 0, Field::QueryDate, "H30.7.27"),
    (SheetKind::TestCases, 0, Field::QueryDate, "平成30年7月27日"),
    (SheetKind::TestCases, 0, Field::QueryDate, "2018/7/27"),
    (SheetKind::TestCases, 0, Field::QueryDate, "令和元年5月1日"),
    (SheetKind::TestCases, 0, Field::QueryDate, "２０１８－０７－２７"),
    (SheetKind::TestCases, 0, Field::QueryDate, "平成31年5月1日"),
    (SheetKind::TestCases, 0, Field::QueryDate, "2018-02-30"),
    (SheetKind::TestCases, 0, Field::QueryDate, "いつか"),
    (SheetKind::TestCases, 1, Field::ConditionEnd, "R1.7.27"),
    (SheetKind::TestCases, 1, Field::ConditionStart, "R1.4.30"),
    // Lists of insurers, every separator, a number typed without its leading zero.
    (SheetKind::TestCases, 1, Field::ExpectedProviders, "06130033、06130041"),
    (SheetKind::TestCases, 1, Field::ExpectedProviders, "06130033，06130041"),
    (SheetKind::TestCases, 1, Field::ExpectedProviders, "06130033\n06130041"),
    (SheetKind::TestCases, 1, Field::ExpectedProviders, "06130033　06130041"),
    (SheetKind::TestCases, 1, Field::ExpectedProviders, "6130033,06130041"),
    (SheetKind::TestCases, 1, Field::ExpectedProviders, "99999999"),
    // Choices, by label and by the workbooks' other words.
    (SheetKind::TestCases, 0, Field::ExpectedOutcome, "該当なし"),
    (SheetKind::TestCases, 0, Field::ExpectedOutcome, "正常"),
    (SheetKind::TestCases, 0, Field::Condition, "範囲指定"),
    (SheetKind::TestCases, 0, Field::Condition, "ずっと"),
    // Item codes, with a range; an empty required list.
    (SheetKind::TestCases, 0, Field::Items, "TK01～TK03"),
    (SheetKind::TestCases, 0, Field::Items, "TK01、TK05"),
    (SheetKind::TestCases, 0, Field::Items, ""),
    // References: a code typed as a number, a code nobody defines (left to the check).
    (SheetKind::TestCases, 0, Field::Requester, "2"),
    (SheetKind::TestCases, 0, Field::Requester, "777"),
    (SheetKind::TestCases, 0, Field::Procedure, "JT999999"),
    // Free text keeps what it is given, but control characters XML cannot carry.
    (SheetKind::TestCases, 0, Field::Remarks, "  前後に空白  "),
    (SheetKind::TestCases, 0, Field::Remarks, "ベル\u{7}入り"),
    (SheetKind::TestCases, 0, Field::ReplicaDetails, "＝SUM(A1)"),
    // Role models.
    (SheetKind::RoleModels, 0, Field::Name, "番号\u{1}太郎"),
    (SheetKind::RoleModels, 0, Field::BirthDate, "S55.5.15"),
    (SheetKind::RoleModels, 0, Field::Sex, "女性"),
    (SheetKind::RoleModels, 0, Field::Sex, "2"),
    (SheetKind::RoleModels, 0, Field::Sex, "不明"),
    (SheetKind::RoleModels, 0, Field::MyNumber, "１２３４５６７８９０１８"),
    (SheetKind::RoleModels, 0, Field::PersonCode, ""),
    (SheetKind::RoleModels, 1, Field::ScenarioIds, "S01、S02"),
    // Memberships.
    (SheetKind::Memberships, 0, Field::LostOn, "H20.4.1"),
    (SheetKind::Memberships, 0, Field::LostOn, ""),
    (SheetKind::Memberships, 0, Field::MemberBranch, "1"),
    (SheetKind::Memberships, 0, Field::Version, "4"),
    (SheetKind::Memberships, 0, Field::RegisteredAt, "2018-12-29 09:01:00"),
    (SheetKind::Memberships, 0, Field::RegisteredAt, "2018-12-29T25:00"),
    // Benefit records.
    (SheetKind::Benefits, 0, Field::Amount, "12,345円"),
    (SheetKind::Benefits, 0, Field::Amount, "１２３４５"),
    (SheetKind::Benefits, 0, Field::Amount, "たくさん"),
    // Bodies.
    (SheetKind::Insurers, 0, Field::System, "健保組合"),
    (SheetKind::Insurers, 0, Field::System, "共済"),
    (SheetKind::Insurers, 0, Field::Lot, "2"),
    (SheetKind::Insurers, 0, Field::Lot, "4"),
    (SheetKind::Insurers, 0, Field::Representative, "はい"),
    (SheetKind::Insurers, 0, Field::InsurerName, ""),
    (SheetKind::Institutions, 0, Field::TestGroup, "9"),
    (SheetKind::Institutions, 0, Field::InstitutionKind, "基金"),
    (SheetKind::Institutions, 0, Field::Representative, "◯"),
    // Codes.
    (SheetKind::Codes, 0, Field::CodeName, "医療保険給付関係情報"),
    (SheetKind::Codes, 0, Field::CodeName, ""),
];

#[test]
fn a_value_typed_in_the_window_reads_as_the_same_value_in_a_cell() {
    let p = sample_project();
    let mut failures = Vec::new();
    for &(kind, row, field, typed) in INPUTS {
        let window = through_window(kind, &p, row, field, typed);
        let workbook = through_workbook(kind, &p, row, field, typed);
        if window != workbook {
            failures.push(format!(
                "{kind:?} row {row} {field:?} {typed:?}:\n  window   {window:?}\n  workbook {workbook:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_panes_read_their_fields_as_the_workbook_does() {
    let p = sample_project();
    let mut failures = Vec::new();
    // The panes type a case's and a person's own fields; references are picked from lists there.
    let reference = [
        Field::Requester,
        Field::Provider,
        Field::Affair,
        Field::Procedure,
        Field::InfoKind,
        Field::RoleModelId,
    ];
    for &(kind, row, field, typed) in INPUTS {
        if reference.contains(&field) {
            continue;
        }
        let pane = through_pane(kind, &p, row, field, typed);
        let workbook = through_workbook(kind, &p, row, field, typed);
        if pane != workbook {
            failures.push(format!(
                "{kind:?} row {row} {field:?} {typed:?}:\n  pane     {pane:?}\n  workbook {workbook:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The table is not trivially equal: the inputs give warnings, errors and changed values, and each of those is
/// seen on every road (a table of inputs that read to nothing would prove nothing).
#[test]
fn the_inputs_warn_refuse_and_change_values() {
    let p = sample_project();
    let outcomes: Vec<Outcome> = INPUTS
        .iter()
        .map(|&(kind, row, field, typed)| through_window(kind, &p, row, field, typed))
        .collect();
    let warned = outcomes.iter().filter(|o| o.entity.is_some() && !o.notes.is_empty()).count();
    let refused = outcomes.iter().filter(|o| o.entity.is_none()).count();
    let changed = INPUTS
        .iter()
        .zip(&outcomes)
        .filter(|((kind, row, _, _), o)| o.entity != sheet_entity(*kind, &p, *row))
        .count();
    assert!(warned >= 4, "{warned} inputs warned");
    assert!(refused >= 8, "{refused} inputs were refused");
    assert!(changed >= 25, "{changed} inputs changed their row");
    // A control character is removed with a warning, on the window's road as on the workbook's.
    let bell = through_window(SheetKind::TestCases, &p, 0, Field::Remarks, "ベル\u{7}入り");
    match bell.entity {
        Some(Entity::TestCase(c)) => assert_eq!(c.remarks, "ベル入り"),
        other => panic!("{other:?}"),
    }
    assert_eq!(bell.notes.len(), 1);
    assert_eq!(bell.notes[0].0, Level::Warning);
}
