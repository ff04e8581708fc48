//! Where the open findings (指摘, 未対応) sit in an exported book: each finding's row on its sheet and its field's
//! column (the row's key column when it is about the whole row), so that the writer can fill the cell and attach
//! the finding's text as an Excel note — the receiver sees each problem where it is.

use foldhash::{HashMap, HashMapExt};

use crate::domain::check::EntityKind;
use crate::domain::model::Finding;
use crate::domain::model::field::Field;
use crate::domain::model::*;

use super::sheet_rows::{code_sheet_keys, target_sheet};
use super::sheets::SheetKind;

/// The open findings of a sheet by (row, column): rows as [`super::sheet_rows::sheet_rows`] lists them, columns
/// as [`SheetKind::columns`] does.
pub type Marks<'p> = HashMap<(usize, usize), Vec<&'p Finding>>;

/// The column a whole-row finding is shown on: the row's key.
fn key_column(kind: SheetKind) -> usize {
    let key = match kind {
        SheetKind::TestCases => Field::TestCaseId,
        SheetKind::RoleModels | SheetKind::Memberships | SheetKind::Benefits => Field::RoleModelId,
        SheetKind::Insurers => Field::InsurerNumber,
        SheetKind::Institutions => Field::InstitutionCode,
        SheetKind::Codes => Field::Code,
        SheetKind::Findings => Field::FindingId,
    };
    kind.position(key).unwrap_or(0)
}

/// The row of a finding's target on its sheet.
fn row_of(p: &Project, f: &Finding) -> Option<usize> {
    let key = f.key.as_str();
    let party = &f.party;
    match f.target {
        EntityKind::TestCase => {
            p.test_cases.iter().position(|c| c.id.as_str() == key && &c.party == party)
        }
        // A scenario or variation is shown on its first test case's row.
        EntityKind::Scenario => {
            p.test_cases.iter().position(|c| c.scenario.as_str() == key && &c.party == party)
        }
        EntityKind::Variation => {
            p.test_cases.iter().position(|c| c.variation.as_str() == key && &c.party == party)
        }
        EntityKind::RoleModel => {
            p.role_models.iter().position(|r| r.id.as_str() == key && &r.party == party)
        }
        EntityKind::Membership => {
            p.memberships.iter().position(|m| m.key() == key && &m.party == party)
        }
        EntityKind::Benefit => p.benefits.iter().position(|b| b.key() == key && &b.party == party),
        EntityKind::Insurer => p.insurers.iter().position(|x| x.number.as_str() == key),
        EntityKind::Institution => p.institutions.iter().position(|x| x.code.as_str() == key),
        EntityKind::Code => code_sheet_keys(p).position(|(_, code)| code == key),
    }
}

/// The open findings on one sheet of a book of `p`, by cell.
pub fn marks(p: &Project, kind: SheetKind) -> Marks<'_> {
    let mut out: Marks = HashMap::new();
    for f in p.findings.iter().filter(|f| f.is_open()) {
        if target_sheet(f.target) != kind {
            continue;
        }
        let Some(row) = row_of(p, f) else { continue };
        let col = f
            .target_field()
            .and_then(|field| kind.position(field))
            .unwrap_or_else(|| key_column(kind));
        out.entry((row, col)).or_default().push(f);
    }
    out
}

/// A note's text: each finding's ID, severity, message and suggestion.
pub fn note_text(findings: &[&Finding]) -> String {
    findings
        .iter()
        .map(|f| {
            let mut s = format!("[{}] {}: {}", f.id, f.severity.label_ja(), f.message);
            if !f.suggestion.is_empty() {
                s += &format!("\n提案: {}", f.suggestion);
            }
            s
        })
        .collect::<Vec<_>>()
        .join("\n")
}
