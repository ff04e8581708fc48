//! A sheet's rows as the exchange workbook holds them: each entity of the project as its sheet's cells, in the
//! header's column order. The writer writes them, the table shows them, and an edit finds the entity behind a
//! row here.

use crate::domain::check::EntityKind;
use crate::domain::date::{Date, DateTime};
use crate::domain::model::Finding;
use crate::domain::model::columns::{Row, Rule, Value};
use crate::domain::model::entity::{Entity, EntityKey};
use crate::domain::model::field::Field;
use crate::domain::model::kinds::ConditionKind;
use crate::domain::model::names::Ambiguity;
use crate::domain::model::*;

use super::sheets::SheetKind;

/// A cell value as written.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text, always written as text.
    Text(String),
    /// A date, written as an Excel date.
    Date(Date),
    /// A date-time.
    DateTime(DateTime),
    /// A number.
    Number(f64),
    /// Nothing.
    Empty,
}

fn t(s: &str) -> Cell {
    if s.is_empty() { Cell::Empty } else { Cell::Text(s.to_string()) }
}

fn flag(b: bool) -> Cell {
    if b { Cell::Text("○".into()) } else { Cell::Empty }
}

/// A row's cells from its kind's field table, in its sheet's column order: a fixed list's value as its Japanese
/// word, a date as a date, a number as a number, a flag as ○; a column shown from another row (シナリオ名) empty,
/// for the caller to fill.
fn cells<T: Row>(x: &T) -> Vec<Cell> {
    T::COLUMNS
        .iter()
        .filter(|c| c.field.is_some() && !c.rule.file_only())
        .map(|c| cell_of((c.get)(x), c.rule))
        .collect()
}

/// A value as its sheet's cell.
fn cell_of(v: Value<'_>, rule: Rule) -> Cell {
    let label = |key: &str| match rule {
        Rule::Choice { choices, .. } => (choices.label_ja)(key),
        Rule::Condition => ConditionKind::parse(key).map(ConditionKind::label_ja),
        _ => None,
    };
    match v {
        Value::Null => Cell::Empty,
        Value::Text(s) => match label(&s) {
            Some(word) => t(word),
            None => t(&s),
        },
        Value::Date(d) => Cell::Date(d),
        Value::DateTime(d) => Cell::DateTime(d),
        Value::Int(n) => Cell::Number(n as f64),
        Value::Flag(b) => flag(b),
    }
}

/// A test case's cells, its scenario's and variation's names put in.
fn test_case_row(c: &TestCase, scenario_name: Cell, variation_name: Cell) -> Vec<Cell> {
    let mut row = cells(c);
    for (field, name) in
        [(Field::ScenarioName, scenario_name), (Field::VariationName, variation_name)]
    {
        if let Some(at) = SheetKind::TestCases.position(field) {
            row[at] = name;
        }
    }
    row
}

/// A finding's cells: its target's sheet by its name, its key with its party where two parties use it.
fn finding_row(f: &Finding, names: &Ambiguity) -> Vec<Cell> {
    let mut row = cells(f);
    if let Some(at) = SheetKind::Findings.position(Field::TargetSheet) {
        row[at] = t(target_sheet(f.target).name());
    }
    if let Some(at) = SheetKind::Findings.position(Field::TargetKey) {
        row[at] = t(&target_key(f, names));
    }
    row
}

/// The sheet a finding's row is on (a scenario's and a variation's are the test case sheet's).
pub fn target_sheet(kind: EntityKind) -> SheetKind {
    match kind {
        EntityKind::TestCase | EntityKind::Scenario | EntityKind::Variation => SheetKind::TestCases,
        EntityKind::RoleModel => SheetKind::RoleModels,
        EntityKind::Membership => SheetKind::Memberships,
        EntityKind::Benefit => SheetKind::Benefits,
        EntityKind::Insurer => SheetKind::Insurers,
        EntityKind::Institution => SheetKind::Institutions,
        EntityKind::Code => SheetKind::Codes,
    }
}

/// A finding's 対象キー as written: its key, after `機関コード:` where the key is ambiguous.
fn target_key(f: &Finding, names: &Ambiguity) -> String {
    if f.key.contains(':') {
        return f.key.clone();
    }
    names.name(f.target, &f.party, &f.key)
}

/// One row of a sheet (the `i`th, as [`sheet_rows`] lists them), without building the others: what the window
/// redraws after an edit of one row. `None` for the code sheet (its rows come from four lists) or past the end.
pub fn sheet_row(kind: SheetKind, p: &Project, i: usize) -> Option<Vec<Cell>> {
    match kind {
        SheetKind::TestCases => {
            let c = p.test_cases.get(i)?;
            // A scenario's name on its first row only.
            let first =
                p.test_cases.iter().position(|x| x.scenario == c.scenario && x.party == c.party)
                    == Some(i);
            let scenario_name = p
                .scenarios
                .iter()
                .find(|s| s.id == c.scenario && s.party == c.party)
                .filter(|_| first)
                .map(|s| t(&s.name))
                .unwrap_or(Cell::Empty);
            let variation_name = p
                .variations
                .iter()
                .find(|v| v.id == c.variation && v.party == c.party)
                .map(|v| t(&v.name))
                .unwrap_or(Cell::Empty);
            Some(test_case_row(c, scenario_name, variation_name))
        }
        SheetKind::RoleModels => p.role_models.get(i).map(cells),
        SheetKind::Memberships => p.memberships.get(i).map(cells),
        SheetKind::Benefits => p.benefits.get(i).map(cells),
        SheetKind::Insurers => p.insurers.get(i).map(cells),
        SheetKind::Institutions => p.institutions.get(i).map(cells),
        SheetKind::Codes => None,
        // A finding's key is written with its party where ambiguous: worked out from the whole project.
        SheetKind::Findings => p.findings.get(i).map(|f| finding_row(f, &Ambiguity::of(p))),
    }
}

/// The code sheet's rows in order (affairs, procedures, info kinds, then items): each one's key and code.
pub fn code_sheet_keys(p: &Project) -> impl Iterator<Item = (EntityKey, &str)> {
    p.affairs
        .iter()
        .map(|x| (EntityKey::Affair(x.code.clone()), x.code.as_str()))
        .chain(p.procedures.iter().map(|x| (EntityKey::Procedure(x.code.clone()), x.code.as_str())))
        .chain(p.info_kinds.iter().map(|x| (EntityKey::InfoKind(x.code.clone()), x.code.as_str())))
        .chain(p.info_items.iter().map(|x| (EntityKey::InfoItem(x.code.clone()), x.code.as_str())))
}

/// The `i`th row of a sheet (as [`sheet_rows`] lists them), as an entity.
pub fn sheet_entity(kind: SheetKind, p: &Project, i: usize) -> Option<Entity> {
    Some(match kind {
        SheetKind::TestCases => Entity::TestCase(Box::new(p.test_cases.get(i)?.clone())),
        SheetKind::RoleModels => Entity::RoleModel(Box::new(p.role_models.get(i)?.clone())),
        SheetKind::Memberships => Entity::Membership(p.memberships.get(i)?.clone()),
        SheetKind::Benefits => Entity::Benefit(p.benefits.get(i)?.clone()),
        SheetKind::Insurers => Entity::Insurer(p.insurers.get(i)?.clone()),
        SheetKind::Institutions => Entity::Institution(p.institutions.get(i)?.clone()),
        SheetKind::Codes => code_sheet_entity(p, i)?,
        SheetKind::Findings => Entity::Finding(Box::new(p.findings.get(i)?.clone())),
    })
}

/// The party of each row of a sheet, in its rows' order (`None` for masters, shown whatever party is chosen).
pub fn row_parties(kind: SheetKind, p: &Project) -> Vec<Option<&InstitutionCode>> {
    match kind {
        SheetKind::TestCases => p.test_cases.iter().map(|x| Some(&x.party)).collect(),
        SheetKind::RoleModels => p.role_models.iter().map(|x| Some(&x.party)).collect(),
        SheetKind::Memberships => p.memberships.iter().map(|x| Some(&x.party)).collect(),
        SheetKind::Benefits => p.benefits.iter().map(|x| Some(&x.party)).collect(),
        SheetKind::Findings => p.findings.iter().map(|x| Some(&x.party)).collect(),
        SheetKind::Insurers | SheetKind::Institutions | SheetKind::Codes => {
            vec![None; sheet_len(kind, p)]
        }
    }
}

/// The key of row `i` of a sheet (what stays the same of a row when rows before it come and go), without copying
/// the row.
pub fn row_key(kind: SheetKind, p: &Project, i: usize) -> Option<EntityKey> {
    Some(match kind {
        SheetKind::TestCases => EntityKey::TestCase(p.test_cases.get(i)?.key()),
        SheetKind::RoleModels => EntityKey::RoleModel(p.role_models.get(i)?.key()),
        SheetKind::Memberships => EntityKey::Membership(p.memberships.get(i)?.id),
        SheetKind::Benefits => EntityKey::Benefit(p.benefits.get(i)?.id),
        SheetKind::Insurers => EntityKey::Insurer(p.insurers.get(i)?.number.clone()),
        SheetKind::Institutions => EntityKey::Institution(p.institutions.get(i)?.code.clone()),
        SheetKind::Codes => code_sheet_keys(p).nth(i)?.0,
        SheetKind::Findings => EntityKey::Finding(p.findings.get(i)?.id.clone()),
    })
}

/// The code of the code sheet's `i`th row, as an entity.
pub fn code_sheet_entity(p: &Project, i: usize) -> Option<Entity> {
    let (key, _) = code_sheet_keys(p).nth(i)?;
    crate::domain::model::entity::find(p, &key)
}

/// How many rows these sheets of a book hold (what a book sent is recorded with).
pub fn rows_in(sheets: &[SheetKind], p: &Project) -> usize {
    sheets.iter().map(|k| sheet_len(*k, p)).sum()
}

/// How many rows [`sheet_rows`] gives, without building them.
pub fn sheet_len(kind: SheetKind, p: &Project) -> usize {
    match kind {
        SheetKind::TestCases => p.test_cases.len(),
        SheetKind::RoleModels => p.role_models.len(),
        SheetKind::Memberships => p.memberships.len(),
        SheetKind::Benefits => p.benefits.len(),
        SheetKind::Insurers => p.insurers.len(),
        SheetKind::Institutions => p.institutions.len(),
        SheetKind::Codes => {
            p.affairs.len() + p.procedures.len() + p.info_kinds.len() + p.info_items.len()
        }
        SheetKind::Findings => p.findings.len(),
    }
}

/// The rows of a sheet for a project, in the header's column order.
pub fn sheet_rows(kind: SheetKind, p: &Project) -> Vec<Vec<Cell>> {
    each_sheet_row(kind, p).collect()
}

/// The rows of a sheet for a project, in the header's column order, each made as it is asked for: a book's writer
/// holds one row at a time (at national scale, a sheet's rows made at once were a hundred megabytes).
pub fn each_sheet_row(kind: SheetKind, p: &Project) -> Box<dyn Iterator<Item = Vec<Cell>> + '_> {
    match kind {
        SheetKind::TestCases => {
            let mut named_scenarios = std::collections::HashSet::new();
            let scenarios: std::collections::HashMap<(&str, &str), &Scenario> =
                p.scenarios.iter().map(|s| ((s.party.as_str(), s.id.as_str()), s)).collect();
            let variations: std::collections::HashMap<(&str, &str), &Variation> =
                p.variations.iter().map(|v| ((v.party.as_str(), v.id.as_str()), v)).collect();
            Box::new(p.test_cases.iter().map(move |c| {
                let sc = scenarios.get(&(c.party.as_str(), c.scenario.as_str())).copied();
                // A scenario's name on its first row only, as the forms do.
                let sc_name = match sc {
                    Some(s) if named_scenarios.insert((&s.party, &s.id)) => t(&s.name),
                    _ => Cell::Empty,
                };
                let v_name = variations
                    .get(&(c.party.as_str(), c.variation.as_str()))
                    .map(|v| t(&v.name))
                    .unwrap_or(Cell::Empty);
                test_case_row(c, sc_name, v_name)
            }))
        }
        SheetKind::RoleModels => Box::new(p.role_models.iter().map(cells)),
        SheetKind::Memberships => Box::new(p.memberships.iter().map(cells)),
        SheetKind::Benefits => Box::new(p.benefits.iter().map(cells)),
        SheetKind::Insurers => Box::new(p.insurers.iter().map(cells)),
        SheetKind::Institutions => Box::new(p.institutions.iter().map(cells)),
        SheetKind::Findings => {
            let names = Ambiguity::of(p);
            Box::new(p.findings.iter().map(move |f| finding_row(f, &names)))
        }
        SheetKind::Codes => {
            // Few rows (the masters): made at once.
            let mut rows = Vec::new();
            for a in &p.affairs {
                rows.push(vec![
                    t("事務"),
                    t(a.code.as_str()),
                    t(&a.name),
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Empty,
                ]);
            }
            for x in &p.procedures {
                rows.push(vec![
                    t("事務手続"),
                    t(x.code.as_str()),
                    t(&x.name),
                    t(x.affair.as_str()),
                    Cell::Empty,
                    Cell::Empty,
                ]);
            }
            for k in &p.info_kinds {
                rows.push(vec![
                    t("特定個人情報名"),
                    t(k.code.as_str()),
                    t(&k.name),
                    Cell::Empty,
                    t(&k.xml_root),
                    Cell::Empty,
                ]);
            }
            for i in &p.info_items {
                rows.push(vec![
                    t("項目"),
                    t(i.code.as_str()),
                    t(&i.name),
                    t(i.info_kind.as_str()),
                    t(&i.xml_path),
                    t(&i.repeated_group),
                ]);
            }
            Box::new(rows.into_iter())
        }
    }
}
