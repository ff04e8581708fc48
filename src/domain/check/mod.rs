//! Checking a test specification: validation rules (is it well-formed?), the provider's feasibility check (can the
//! replica data serve every test case, and if not, what to change?) and coverage (procedures × condition kinds,
//! viewpoints). Each finding has a stable rule id, a severity, a place (entity, key, and the field), a message in
//! Japanese and English, and where one exists a concrete suggestion with a [`Fix`] that can be applied.
//!
//! One file per concern: `masters` (codes, bodies, the hierarchy), `people` (role models, memberships, benefit
//! records), `test_case` (a case's own rules; those that make a query unroutable are `validate`'s, shared with
//! routing), `feasibility` (can the replicas serve it), `coverage`, and `fix` (the changes a finding offers).

mod coverage;
mod feasibility;
mod fix;
mod masters;
mod people;
mod rules;
mod test_case;

use serde::Serialize;

use super::field::Field;
use super::message::Message;
use super::model::*;
use super::routing::ProjectIndex;

pub use coverage::{Coverage, coverage};
pub use fix::Fix;
pub use masters::{check_hierarchy, check_masters};
pub use people::check_people;
pub use rules::rule_name;
pub use test_case::check_test_case;

pub use super::kinds::{EntityKind, Severity};

/// One finding of a check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckFinding {
    /// Stable rule id, e.g. `provider-not-fund`.
    pub rule: &'static str,
    /// How serious.
    pub severity: Severity,
    /// The kind of entity.
    pub entity: EntityKind,
    /// The party of the row (empty for masters).
    #[serde(skip_serializing_if = "str::is_empty")]
    pub party: String,
    /// The entity's key within its party (its id, code, or for a membership person/insurer/acquisition date).
    pub key: String,
    /// The field (serialised as its workbook header).
    pub field: Option<Field>,
    /// What is wrong.
    pub message: Message,
    /// What to change, when something concrete can be said.
    pub suggestion: Option<Message>,
    /// The change as data, when it can be applied with one click.
    pub fix: Option<Fix>,
}

/// Where the rules of a check put their findings, and the party of the rows they are about (set as the rules
/// go from one party's row to another's).
struct Sink<'a> {
    out: &'a mut Vec<CheckFinding>,
    party: &'a str,
}

impl<'a> Sink<'a> {
    /// Findings about masters (no party).
    fn masters(out: &'a mut Vec<CheckFinding>) -> Sink<'a> {
        Sink { out, party: "" }
    }

    /// Findings about a party's rows.
    fn of(out: &'a mut Vec<CheckFinding>, party: &'a str) -> Sink<'a> {
        Sink { out, party }
    }
}

/// Where a finding is: the kind of entity, its key, and the field.
type At<'k> = (EntityKind, &'k str, Option<Field>);

impl Sink<'_> {
    fn add(
        &mut self,
        rule: &'static str,
        severity: Severity,
        at: At,
        message: Message,
    ) -> &mut CheckFinding {
        let (entity, key, field) = at;
        self.out.push(CheckFinding {
            rule,
            severity,
            entity,
            party: self.party.to_string(),
            key: key.to_string(),
            field,
            message,
            suggestion: None,
            fix: None,
        });
        let last = self.out.len() - 1;
        &mut self.out[last]
    }
}

impl CheckFinding {
    /// The row's name as the contract writes it: its key, with `機関コード:` before it when `ambiguous` (the key
    /// names rows of several parties).
    pub fn name(&self, ambiguous: bool) -> String {
        if ambiguous && !self.party.is_empty() {
            format!("{}:{}", self.party, self.key)
        } else {
            self.key.clone()
        }
    }

    pub(super) fn suggest(&mut self, suggestion: Message, fix: Option<Fix>) {
        self.suggestion = Some(suggestion);
        self.fix = fix;
    }
}

/// The Japanese and English halves of an error whose text is `日本語 / English`.
pub(super) fn halves(e: &impl std::fmt::Display) -> (String, String) {
    let text = e.to_string();
    match text.split_once(" / ") {
        Some((ja, en)) => (ja.to_string(), en.to_string()),
        None => (text.clone(), text),
    }
}

pub(super) fn code_shape_ok(code: &str, prefix: &str, short_digits: usize) -> bool {
    let Some(rest) = code.strip_prefix(prefix) else {
        return false;
    };
    rest.bytes().all(|b| b.is_ascii_digit()) && (rest.len() == short_digits || rest.len() == 14)
}

/// Validate the whole project and run the feasibility check and coverage: every finding, errors first.
pub fn check_project(p: &Project) -> Vec<CheckFinding> {
    let index = ProjectIndex::new(p);
    let mut out = Vec::new();
    check_masters(&index, &mut out);
    check_hierarchy(&index, &mut out);
    // The people and the test cases are checked side by side (each about half of the work at national scale),
    // their findings put together in the same order as one after the other.
    let (people, cases) = std::thread::scope(|scope| {
        let people = scope.spawn(|| {
            let mut found = Vec::new();
            check_people(&index, &mut found);
            found
        });
        let mut cases = Vec::new();
        for case in &p.test_cases {
            check_test_case(&index, case, &mut cases);
        }
        (people.join(), cases)
    });
    match people {
        Ok(people) => out.extend(people),
        // A panic in the people's rules is not swallowed: it is raised here as it would have been.
        Err(panic) => std::panic::resume_unwind(panic),
    }
    out.extend(cases);
    coverage::check_coverage(p, &mut out);
    out.sort_by_key(|f| f.severity);
    out
}
