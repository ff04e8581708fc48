//! The 指摘一覧 sheet: findings merged by 指摘ID. A new ID is added whole; a known one takes the book's 状態 and
//! 回答 (with who replied and when) when they differ, nothing else. A finding whose target the project does not
//! hold is kept, with a warning ("対象なし"). Findings are never removed by an import.

use crate::domain::check::EntityKind;
use crate::domain::coordination::finding::resolve;
use crate::domain::model::Finding;
use crate::domain::model::field::Field;
use crate::domain::model::message::Message;

use super::super::cell::Level;
use super::super::column;
use super::super::read::RowReader;
use super::super::sheets::{SheetKind, sheet_by_name};
use super::{Import, RowKind, by_key, combine};

/// The kind of row a 対象シート names; on the test case sheet, the field says whether a scenario or a variation is
/// meant.
fn target_kind(sheet: SheetKind, field: &str) -> Option<EntityKind> {
    Some(match sheet {
        SheetKind::TestCases => match field {
            "シナリオID" | "シナリオ名" => EntityKind::Scenario,
            "バリエーションID" | "バリエーション名" => EntityKind::Variation,
            _ => EntityKind::TestCase,
        },
        SheetKind::RoleModels => EntityKind::RoleModel,
        SheetKind::Memberships => EntityKind::Membership,
        SheetKind::Benefits => EntityKind::Benefit,
        SheetKind::Insurers => EntityKind::Insurer,
        SheetKind::Institutions => EntityKind::Institution,
        SheetKind::Codes => EntityKind::Code,
        SheetKind::Findings => return None,
    })
}

/// A row's target: its kind (an unknown 対象シート is an error at its cell) and key.
fn read_target(r: &mut RowReader) -> Option<(EntityKind, String)> {
    let sheet = r.required_text(Field::TargetSheet);
    let key = r.required_text(Field::TargetKey);
    let field = r.text(Field::TargetField);
    if sheet.is_empty() || key.is_empty() {
        return None;
    }
    match sheet_by_name(&sheet).and_then(|s| target_kind(s, &field)) {
        Some(kind) => Some((kind, key)),
        None => {
            r.problem(
                Level::Error,
                Field::TargetSheet,
                Message::new(
                    "テストケース一覧、ロールモデル、加入歴、給付情報、保険者、機関、コード のいずれかが必要です",
                    "expected one of the sheets テストケース一覧, ロールモデル, 加入歴, 給付情報, 保険者, 機関, コード",
                ),
            );
            None
        }
    }
}

/// Read the findings sheets into the result.
pub(super) fn read(i: &mut Import) {
    if !i.present(SheetKind::Findings) {
        return;
    }
    let base = i.base;
    let book_party = i.party.clone();
    // The rows the targets name are looked for in the project as the rest of the book leaves it.
    let result = std::mem::take(&mut i.result);
    let base_by = by_key(&base.findings, |x| x.id.clone());
    let kind = RowKind {
        sheet: SheetKind::Findings,
        entity: None,
        key: |x: &Finding| x.id.clone(),
        duplicate: (Field::FindingId, "指摘ID"),
        hold: Some,
        source: |_| (String::new(), 0),
    };
    let incoming = i.read_rows(&kind, |r| {
        let id = r.required_code(Field::FindingId, &[]);
        let target = read_target(r);
        // A new one starts blank: every field the contract requires is read below (or is an error at its cell).
        let mut f = base_by.get(&id).map(|b| (*b).clone()).unwrap_or_else(|| {
            Finding::new(
                id.clone(),
                book_party.clone(),
                ("", crate::domain::date::Date::ymd(2000, 1, 1)),
                (EntityKind::TestCase, String::new()),
            )
        });
        let known = base_by.contains_key(&id);
        let mut read = f.clone();
        for col in column::alone::<crate::domain::model::Finding>() {
            if let Some(field) = col.field {
                r.set(field, |raw| column::set_column(&mut read, col, raw));
            }
        }
        let (kind, key) = target?;
        if known {
            // What the other side answers: the state and the reply; what was raised stays as raised.
            f.state = read.state;
            f.reply = read.reply;
            f.replied_by = read.replied_by;
            f.replied_on = read.replied_on;
        } else {
            f = Finding {
                target: kind,
                key: key.clone(),
                ..read
            };
            match resolve(&result, kind, &key) {
                Some((kind, party, bare)) => {
                    f.target = kind;
                    f.party = party;
                    f.key = bare;
                }
                None => r.problem(
                    Level::Warning,
                    Field::TargetKey,
                    Message::new(
                        format!("指摘の対象 {key} はプロジェクトにありません（対象なし）。指摘はそのまま取り込みます"),
                        format!("the finding's target {key} is not in the project (no target): the finding is kept"),
                    ),
                ),
            }
        }
        (!id.is_empty()).then_some(f)
    });
    i.result = result;
    i.result.findings = combine(
        std::mem::take(&mut i.result.findings),
        incoming,
        |x| x.id.clone(),
        false,
        |_| false,
    );
}
