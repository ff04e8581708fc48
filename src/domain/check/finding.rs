//! One finding of a check, and where the rules put their findings.

use serde::Serialize;

use crate::domain::model::check_rule::CheckRule;
use crate::domain::model::field::Field;
use crate::domain::model::kinds::{EntityKind, Severity};
use crate::domain::model::message::Message;

use super::fix::Fix;

/// One finding of a check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckFinding {
    /// Stable rule id, e.g. `provider-not-fund`.
    pub rule: CheckRule,
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
pub(crate) struct Sink<'a> {
    out: &'a mut Vec<CheckFinding>,
    pub(crate) party: &'a str,
}

impl<'a> Sink<'a> {
    /// Findings about masters (no party).
    pub(crate) fn masters(out: &'a mut Vec<CheckFinding>) -> Sink<'a> {
        Sink { out, party: "" }
    }

    /// Findings about a party's rows.
    pub(crate) fn of(out: &'a mut Vec<CheckFinding>, party: &'a str) -> Sink<'a> {
        Sink { out, party }
    }
}

/// Where a finding is: the kind of entity, its key, and the field.
pub(crate) type At<'k> = (EntityKind, &'k str, Option<Field>);

impl Sink<'_> {
    pub(crate) fn add(
        &mut self,
        rule: CheckRule,
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

    pub(crate) fn suggest(&mut self, suggestion: Message, fix: Option<Fix>) {
        self.suggestion = Some(suggestion);
        self.fix = fix;
    }
}

/// The Japanese and English halves of an error whose text is `日本語 / English`.
pub(crate) fn halves(e: &impl std::fmt::Display) -> (String, String) {
    let text = e.to_string();
    match text.split_once(" / ") {
        Some((ja, en)) => (ja.to_string(), en.to_string()),
        None => (text.clone(), text),
    }
}

pub(crate) fn code_shape_ok(code: &str, prefix: &str, short_digits: usize) -> bool {
    let Some(rest) = code.strip_prefix(prefix) else {
        return false;
    };
    rest.bytes().all(|b| b.is_ascii_digit()) && (rest.len() == short_digits || rest.len() == 14)
}
