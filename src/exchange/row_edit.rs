//! A row of a sheet edited as texts, as the window shows it (the table's in-place cell editor, the row pane): each
//! column whose text changed is read with its column's rule (`cell`) into the row's entity, and the result is one
//! change to the project. Key columns are not edited this way (a rename is its own change).

use crate::domain::coordination::change::ChangeSet;
use crate::domain::model::entity::Entity;
use crate::domain::model::field::Field;
use crate::domain::model::*;

use super::cell::{self, Note, Notes, Raw, Unknown};
use super::column;
use super::sheet_rows::sheet_entity;
use super::sheets::SheetKind;

/// The columns that identify a row (not edited in a row's texts).
pub fn is_key(kind: SheetKind, field: Field) -> bool {
    use Field as F;
    match kind {
        SheetKind::Memberships => {
            matches!(field, F::RoleModelId | F::InsurerNumber | F::AcquiredOn)
        }
        SheetKind::Benefits => {
            matches!(field, F::RoleModelId | F::InsurerNumber | F::BenefitKind | F::StartDate)
        }
        SheetKind::Insurers => field == F::InsurerNumber,
        SheetKind::Institutions => field == F::InstitutionCode,
        SheetKind::Codes => matches!(field, F::CodeKind | F::Code),
        SheetKind::TestCases => field == F::TestCaseId,
        SheetKind::RoleModels => field == F::RoleModelId,
        SheetKind::Findings => field == F::FindingId,
    }
}

/// What an edit of a row's texts gives: the change (empty when nothing differs) and the warnings its reading
/// noted; or the errors that keep it from being saved.
pub type Edited = Result<(ChangeSet, Vec<Note>), Vec<Note>>;

/// Read row `row` of sheet `kind` from `texts` (every column, in the sheet's order), where `shown` is what the
/// row showed: each changed, non-key column is read with its rule.
pub fn edit_row(
    kind: SheetKind,
    p: &Project,
    row: usize,
    texts: &[String],
    shown: &[String],
) -> Edited {
    let changed: Vec<(Field, Raw)> = kind
        .columns()
        .iter()
        .zip(texts.iter().zip(shown))
        .filter(|((f, _), (t, s))| t != s && !is_key(kind, *f))
        .map(|((f, _), (t, _))| (*f, Raw::typed(t)))
        .collect();
    let mut notes = Vec::new();
    let mut change = ChangeSet::default();
    let Some(mut e) = sheet_entity(kind, p, row) else {
        return Ok((change, notes));
    };
    for (field, raw) in &changed {
        notes.extend(match (&mut e, field) {
            // A scenario's or variation's name, on a test case's row, renames it.
            (Entity::TestCase(c), Field::ScenarioName | Field::VariationName) => {
                rename_parent(p, c, *field, raw, &mut change)
            }
            (e, field) => set_column(p, e, *field, raw),
        });
    }
    change.extend(ChangeSet::put(p, e));
    if notes.iter().any(|n| n.level == cell::Level::Error) {
        return Err(notes.into_iter().filter(|n| n.level == cell::Level::Error).collect());
    }
    Ok((change, notes))
}

/// One column of a row's entity, by its rule.
fn set_column(p: &Project, e: &mut Entity, field: Field, raw: &Raw) -> Vec<Note> {
    if let Entity::TestCase(c) = e {
        return set_test_case_column(p, c, field, raw);
    }
    crate::domain::model::entity::each_row!(mut e, x => column::set(x, field, raw))
}

/// A test case's column by its rule: the references as the import reads them (a number matched against the
/// project's codes), the rest by [`column::set`].
fn set_test_case_column(p: &Project, c: &mut TestCase, field: Field, raw: &Raw) -> Vec<Note> {
    let mut n = Notes::default();
    let checked = Unknown::IsChecked;
    // Each reference with the codes it may name.
    let codes: Vec<&str> = match field {
        Field::Requester | Field::Provider => {
            p.institutions.iter().map(|x| x.code.as_str()).collect()
        }
        Field::Affair => p.affairs.iter().map(|x| x.code.as_str()).collect(),
        Field::Procedure => p.procedures.iter().map(|x| x.code.as_str()).collect(),
        Field::InfoKind => p.info_kinds.iter().map(|x| x.code.as_str()).collect(),
        Field::RoleModelId => p.role_models.iter().map(|x| x.id.as_str()).collect(),
        Field::ScenarioId | Field::VariationId => Vec::new(),
        _ => return column::set(c, field, raw),
    };
    let what = match field {
        Field::Affair => "事務コード",
        Field::Procedure => "事務手続コード",
        Field::InfoKind => "特定個人情報名コード",
        Field::RoleModelId => "ロールモデル",
        _ => "機関コード",
    };
    let value = if matches!(field, Field::ScenarioId | Field::VariationId) {
        let v = cell::code(raw, &[], &mut n);
        if v.is_empty() {
            n.required_missing(field);
        }
        v
    } else {
        cell::reference(
            raw,
            field,
            &|x| codes.contains(&x),
            &|bare| cell::digit_codes_like(codes.iter().copied(), bare),
            what,
            checked,
            &mut n,
        )
    };
    if !value.is_empty() {
        match field {
            Field::Requester => c.requester = value.into(),
            Field::Provider => c.provider = value.into(),
            Field::Affair => c.affair = value.into(),
            Field::Procedure => c.procedure = value.into(),
            Field::InfoKind => c.info_kind = value.into(),
            Field::RoleModelId => c.role_model = value.into(),
            Field::ScenarioId => c.scenario = value.into(),
            _ => c.variation = value.into(),
        }
    }
    n.0
}

/// A scenario's or variation's name typed on a test case's row: the scenario or variation is renamed.
fn rename_parent(
    p: &Project,
    c: &TestCase,
    field: Field,
    raw: &Raw,
    change: &mut ChangeSet,
) -> Vec<Note> {
    let mut n = Notes::default();
    let name = cell::text(raw, &mut n);
    let entity = match field {
        Field::ScenarioName => p
            .scenarios
            .iter()
            .find(|s| s.id == c.scenario && s.party == c.party)
            .map(|s| Entity::Scenario(Scenario { name, ..s.clone() })),
        _ => p
            .variations
            .iter()
            .find(|v| v.id == c.variation && v.party == c.party)
            .map(|v| Entity::Variation(Variation { name, ..v.clone() })),
    };
    if let Some(e) = entity {
        change.extend(ChangeSet::put(p, e));
    }
    n.0
}

/// The master rows a user adds in the window: 機関 and 保険者 on their tabs, the four code masters on コード.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MasterKind {
    /// 機関
    Institution,
    /// 保険者
    Insurer,
    /// 事務
    Affair,
    /// 事務手続
    Procedure,
    /// 特定個人情報名
    InfoKind,
    /// 項目
    InfoItem,
}

impl MasterKind {
    /// The four code masters, as コード種別 names them.
    pub const CODES: [MasterKind; 4] =
        [MasterKind::Affair, MasterKind::Procedure, MasterKind::InfoKind, MasterKind::InfoItem];

    /// The master a sheet adds first (コード: 事務), or none for a sheet of party rows.
    pub fn of_sheet(kind: SheetKind) -> Option<MasterKind> {
        match kind {
            SheetKind::Institutions => Some(MasterKind::Institution),
            SheetKind::Insurers => Some(MasterKind::Insurer),
            SheetKind::Codes => Some(MasterKind::Affair),
            _ => None,
        }
    }

    /// Its name, as コード種別 and the tabs write it.
    pub fn word(self) -> &'static str {
        match self {
            MasterKind::Institution => "機関",
            MasterKind::Insurer => "保険者",
            MasterKind::Affair => "事務",
            MasterKind::Procedure => "事務手続",
            MasterKind::InfoKind => "特定個人情報名",
            MasterKind::InfoItem => "項目",
        }
    }

    /// The fields a new row of it is typed in, in its columns' order.
    pub fn fields(self) -> Vec<Field> {
        self.parts().0
    }

    /// Its typed fields, and how typed texts make its row.
    fn parts(self) -> (Vec<Field>, Reader) {
        match self {
            MasterKind::Institution => parts(Entity::Institution),
            MasterKind::Insurer => parts(Entity::Insurer),
            MasterKind::Affair => parts(Entity::Affair),
            MasterKind::Procedure => parts(Entity::Procedure),
            MasterKind::InfoKind => parts(Entity::InfoKind),
            MasterKind::InfoItem => parts(Entity::InfoItem),
        }
    }
}

/// How typed texts make a master row (each read by its column's rule, what the reading says kept).
type Reader = Box<dyn Fn(&[(Field, String)], &mut Vec<Note>) -> Entity>;

/// A master kind's typed fields (not the file's own columns) and its reader.
fn parts<T: crate::domain::model::columns::Row + 'static>(
    wrap: fn(T) -> Entity,
) -> (Vec<Field>, Reader) {
    use crate::domain::model::columns::Rule;
    let fields = T::COLUMNS
        .iter()
        .filter(|c| !c.rule.file_only() && !matches!(c.rule, Rule::Borrowed))
        .filter_map(|c| c.field)
        .collect();
    let read = move |texts: &[(Field, String)], notes: &mut Vec<Note>| {
        let mut x = T::blank();
        for (field, text) in texts {
            notes.extend(column::set(&mut x, *field, &Raw::typed(text)));
        }
        wrap(x)
    };
    (fields, Box::new(read))
}

/// A new master row read from typed texts, each by its column's rule as the import reads a cell: the row, with
/// what its reading warned about; or every error (a key the project already has among them — a new row never
/// overwrites one).
pub fn new_master(
    kind: MasterKind,
    p: &Project,
    texts: &[(Field, String)],
) -> Result<(Entity, Vec<Note>), Vec<Note>> {
    let mut notes = Vec::new();
    let e = (kind.parts().1)(texts, &mut notes);
    let shown = e.shown_key();
    let error = |ja: String, en: String| Note {
        level: cell::Level::Error,
        message: crate::domain::model::message::Message::new(ja, en),
    };
    let word = kind.word();
    if shown.is_empty() {
        notes.push(error(
            format!("{word}のコードがありません"),
            format!("the new {word} has no code"),
        ));
    } else if crate::domain::model::entity::find(p, &e.key()).is_some() {
        notes.push(error(
            format!("{word} {shown} は既にあります"),
            format!("{word} {shown} already exists"),
        ));
    }
    if notes.iter().any(|n| n.level == cell::Level::Error) {
        return Err(notes.into_iter().filter(|n| n.level == cell::Level::Error).collect());
    }
    Ok((e, notes))
}
