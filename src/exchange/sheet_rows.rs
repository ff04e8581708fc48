//! A sheet's rows as the exchange workbook holds them: each entity of the project as its sheet's cells, in the
//! header's column order. The writer writes them, the table shows them, and an edit finds the entity behind a
//! row here.

use crate::domain::check::EntityKind;
use crate::domain::codes::format_code_list;
use crate::domain::date::{Date, DateTime};
use crate::domain::entity::{Entity, EntityKey};
use crate::domain::finding::Finding;
use crate::domain::model::*;
use crate::domain::names::Ambiguity;

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
    if s.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(s.to_string())
    }
}

fn od(d: Option<Date>) -> Cell {
    d.map(Cell::Date).unwrap_or(Cell::Empty)
}

fn on(n: Option<i64>) -> Cell {
    n.map(|x| Cell::Number(x as f64)).unwrap_or(Cell::Empty)
}

fn flag(b: bool) -> Cell {
    if b {
        Cell::Text("○".into())
    } else {
        Cell::Empty
    }
}

fn test_case_row(c: &TestCase, scenario_name: Cell, variation_name: Cell) -> Vec<Cell> {
    vec![
        t(c.scenario.as_str()),
        scenario_name,
        t(c.variation.as_str()),
        variation_name,
        t(c.id.as_str()),
        t(&c.viewpoint_id),
        od(c.query_date),
        t(c.requester.as_str()),
        t(&c.requester_department_name),
        t(&c.requester_department_code),
        t(c.provider.as_str()),
        t(c.affair.as_str()),
        t(c.procedure.as_str()),
        t(c.info_kind.as_str()),
        t(&format_code_list(
            &c.items.iter().map(|i| i.to_string()).collect::<Vec<_>>(),
        )),
        t(c.condition_kind.label_ja()),
        od(c.condition_start),
        od(c.condition_end),
        t(c.role_model.as_str()),
        t(&c.replica_details),
        c.expected_outcome
            .map(|o| t(o.label_ja()))
            .unwrap_or(Cell::Empty),
        t(&c.expected_providers
            .iter()
            .map(|x| x.as_str())
            .collect::<Vec<_>>()
            .join(",")),
        t(&c.remarks),
        t(c.agreement.state.label_ja()),
        od(c.agreement.date),
        t(&c.agreement.by),
        t(&c.agreement.memo),
    ]
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

fn finding_row(f: &Finding, names: &Ambiguity) -> Vec<Cell> {
    vec![
        t(&f.id),
        t(&f.raised_by),
        Cell::Date(f.raised_on),
        t(target_sheet(f.target).name()),
        t(&target_key(f, names)),
        t(&f.field),
        t(f.severity.label_ja()),
        t(&f.rule),
        t(&f.message),
        t(&f.suggestion),
        t(f.state.label_ja()),
        t(&f.reply),
        t(&f.replied_by),
        od(f.replied_on),
    ]
}

fn role_model_row(r: &RoleModel) -> Vec<Cell> {
    vec![
        t(r.id.as_str()),
        t(r.person_code.as_str()),
        t(&r.name),
        t(&r.name_kana),
        od(r.birth_date),
        r.sex.map(|s| t(s.label_ja())).unwrap_or(Cell::Empty),
        t(&r.address),
        t(&r.my_number),
        t(&r.scenario_ids.join(",")),
        t(&r.variation_ids.join(",")),
        t(&r.test_case_ids.join(",")),
        t(&r.remarks),
    ]
}

fn membership_row(m: &Membership) -> Vec<Cell> {
    vec![
        t(m.role_model.as_str()),
        t(m.insurer.as_str()),
        t(&m.member_branch),
        t(&m.link_number),
        Cell::Date(m.acquired_on),
        od(m.lost_on),
        t(&m.lost_on_reason_of_null),
        m.registered_at.map(Cell::DateTime).unwrap_or(Cell::Empty),
        t(&m.version),
    ]
}

fn benefit_row(b: &BenefitRecord) -> Vec<Cell> {
    vec![
        t(b.role_model.as_str()),
        t(b.insurer.as_str()),
        t(&b.kind),
        Cell::Date(b.start_date),
        on(b.amount),
    ]
}

fn insurer_row(i: &Insurer) -> Vec<Cell> {
    vec![
        t(i.number.as_str()),
        t(&i.name),
        i.system.map(|s| t(s.label_ja())).unwrap_or(Cell::Empty),
        on(i.lot.map(i64::from)),
        flag(i.representative),
    ]
}

fn institution_row(i: &Institution) -> Vec<Cell> {
    vec![
        t(i.code.as_str()),
        t(&i.name),
        t(i.kind.label_ja()),
        on(i.test_group.map(i64::from)),
        flag(i.representative),
    ]
}

/// One row of a sheet (the `i`th, as [`sheet_rows`] lists them), without building the others: what the window
/// redraws after an edit of one row. `None` for the code sheet (its rows come from four lists) or past the end.
pub fn sheet_row(kind: SheetKind, p: &Project, i: usize) -> Option<Vec<Cell>> {
    match kind {
        SheetKind::TestCases => {
            let c = p.test_cases.get(i)?;
            // A scenario's name on its first row only.
            let first = p
                .test_cases
                .iter()
                .position(|x| x.scenario == c.scenario && x.party == c.party)
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
        SheetKind::RoleModels => p.role_models.get(i).map(role_model_row),
        SheetKind::Memberships => p.memberships.get(i).map(membership_row),
        SheetKind::Benefits => p.benefits.get(i).map(benefit_row),
        SheetKind::Insurers => p.insurers.get(i).map(insurer_row),
        SheetKind::Institutions => p.institutions.get(i).map(institution_row),
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
        .chain(
            p.procedures
                .iter()
                .map(|x| (EntityKey::Procedure(x.code.clone()), x.code.as_str())),
        )
        .chain(
            p.info_kinds
                .iter()
                .map(|x| (EntityKey::InfoKind(x.code.clone()), x.code.as_str())),
        )
        .chain(
            p.info_items
                .iter()
                .map(|x| (EntityKey::InfoItem(x.code.clone()), x.code.as_str())),
        )
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
    crate::domain::entity::find(p, &key)
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
            let scenarios: std::collections::HashMap<(&str, &str), &Scenario> = p
                .scenarios
                .iter()
                .map(|s| ((s.party.as_str(), s.id.as_str()), s))
                .collect();
            let variations: std::collections::HashMap<(&str, &str), &Variation> = p
                .variations
                .iter()
                .map(|v| ((v.party.as_str(), v.id.as_str()), v))
                .collect();
            Box::new(p.test_cases.iter().map(move |c| {
                let sc = scenarios
                    .get(&(c.party.as_str(), c.scenario.as_str()))
                    .copied();
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
        SheetKind::RoleModels => Box::new(p.role_models.iter().map(role_model_row)),
        SheetKind::Memberships => Box::new(p.memberships.iter().map(membership_row)),
        SheetKind::Benefits => Box::new(p.benefits.iter().map(benefit_row)),
        SheetKind::Insurers => Box::new(p.insurers.iter().map(insurer_row)),
        SheetKind::Institutions => Box::new(p.institutions.iter().map(institution_row)),
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
