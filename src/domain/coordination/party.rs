//! The parties of a project, as a whole: one party's book (what is sent to it), and where each party stands —
//! its test cases by agreement state, open findings, check errors, the last book received and sent — with the
//! readiness verdict: every selected test case 合意, no finding 未対応, no check error.

use serde::Serialize;

use crate::domain::check::{CheckFinding, Severity};
use crate::domain::coordination::book::{BookRecord, Direction};
use crate::domain::model::names::parties;
use crate::domain::model::*;

/// The rows of `rows` that `keep` keeps, copied.
fn kept<T: Clone>(rows: &[T], keep: impl Fn(&T) -> bool) -> Vec<T> {
    rows.iter().filter(|x| keep(x)).cloned().collect()
}

/// One party's book: its rows, the masters they use (and the Fund), and the findings about them.
pub fn book_of(p: &Project, party: &InstitutionCode) -> Project {
    let ours = |x: &InstitutionCode| x == party;
    let test_cases = kept(&p.test_cases, |c| ours(&c.party));
    let memberships = kept(&p.memberships, |m| ours(&m.party));
    let benefits = kept(&p.benefits, |b| ours(&b.party));
    let used = |code: &str| -> bool {
        test_cases.iter().any(|c| c.requester.as_str() == code || c.provider.as_str() == code)
    };
    let insurer_used = |n: &InsurerNumber| {
        memberships.iter().any(|m| &m.insurer == n)
            || benefits.iter().any(|b| &b.insurer == n)
            || test_cases.iter().any(|c| c.expected_providers.contains(n))
    };
    let procedures = kept(&p.procedures, |x| test_cases.iter().any(|c| c.procedure == x.code));
    let info_kinds = kept(&p.info_kinds, |x| test_cases.iter().any(|c| c.info_kind == x.code));
    Project {
        name: p.name.clone(),
        own: p.own.clone(),
        institutions: p
            .institutions
            .iter()
            .filter(|x| x.kind == InstitutionKind::Fund || used(x.code.as_str()) || ours(&x.code))
            .cloned()
            .collect(),
        insurers: p.insurers.iter().filter(|x| insurer_used(&x.number)).cloned().collect(),
        affairs: p
            .affairs
            .iter()
            .filter(|x| {
                test_cases.iter().any(|c| c.affair == x.code)
                    || procedures.iter().any(|j| j.affair == x.code)
            })
            .cloned()
            .collect(),
        // A kind's items are what its answers are made of: all of them go with it.
        info_items: p
            .info_items
            .iter()
            .filter(|x| info_kinds.iter().any(|k| k.code == x.info_kind))
            .cloned()
            .collect(),
        procedures,
        info_kinds,
        scenarios: p.scenarios.iter().filter(|x| ours(&x.party)).cloned().collect(),
        variations: p.variations.iter().filter(|x| ours(&x.party)).cloned().collect(),
        role_models: p.role_models.iter().filter(|x| ours(&x.party)).cloned().collect(),
        test_cases,
        memberships,
        benefits,
        findings: p.findings.iter().filter(|f| ours(&f.party)).cloned().collect(),
    }
}

/// Where one party stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartyStatus {
    /// The party's institution code.
    pub party: InstitutionCode,
    /// Its name, when the institution master has it.
    pub name: String,
    /// Its test cases.
    pub cases: usize,
    /// Its test cases by 確認状態, in [`AgreementState::ALL`] order.
    pub by_state: Vec<(AgreementState, usize)>,
    /// Findings about its rows still 未対応.
    pub open_findings: usize,
    /// Check errors about its rows.
    pub check_errors: usize,
    /// The last book received from it.
    pub last_received: Option<BookRecord>,
    /// The last book sent to it.
    pub last_sent: Option<BookRecord>,
}

impl PartyStatus {
    /// How many of its cases are in a state.
    pub fn count(&self, state: AgreementState) -> usize {
        self.by_state.iter().find(|(s, _)| *s == state).map_or(0, |(_, n)| *n)
    }

    /// Whether everything is agreed: every case 合意, no finding open, no check error.
    pub fn ready(&self) -> bool {
        self.count(AgreementState::Agreed) == self.cases
            && self.open_findings == 0
            && self.check_errors == 0
    }
}

/// Where every party stands (in code order), from the check's findings and the record of books.
pub fn statuses(p: &Project, check: &[CheckFinding], books: &[BookRecord]) -> Vec<PartyStatus> {
    let mut all = parties(p);
    for f in &p.findings {
        if !f.party.is_empty() && !all.contains(&f.party) {
            all.push(f.party.clone());
        }
    }
    all.sort();
    all.into_iter()
        .map(|party| {
            let cases: Vec<&TestCase> = p.test_cases.iter().filter(|c| c.party == party).collect();
            let last = |d: Direction| {
                books.iter().rev().find(|b| b.direction == d && b.party == party.as_str()).cloned()
            };
            PartyStatus {
                name: p
                    .institutions
                    .iter()
                    .find(|i| i.code == party)
                    .map(|i| i.name.clone())
                    .unwrap_or_default(),
                cases: cases.len(),
                by_state: AgreementState::ALL
                    .iter()
                    .map(|s| (*s, cases.iter().filter(|c| c.agreement.state == *s).count()))
                    .collect(),
                open_findings: p
                    .findings
                    .iter()
                    .filter(|f| f.party == party && f.is_open())
                    .count(),
                check_errors: check
                    .iter()
                    .filter(|f| f.severity == Severity::Error && f.party == party.as_str())
                    .count(),
                last_received: last(Direction::Received),
                last_sent: last(Direction::Sent),
                party,
            }
        })
        .collect()
}
