//! Findings raised by a party (指摘): what one side found wrong in the other's rows, kept in the project and
//! exchanged in the 指摘一覧 sheet, with the other side's reply and the finding's state. A check finding becomes
//! one with one click; one can be written by hand on any row or field.

use serde::Serialize;

use super::check::{CheckFinding, EntityKind, Severity};
use super::date::Date;
use super::field::Field;
use super::model::*;

/// 指摘: one finding about one row (or one field of it), raised by one body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// 指摘ID: unique in the project, assigned by the project that raises it (`06130017-0001`).
    pub id: String,
    /// The party whose row it is about (what `export --party` sends it with).
    pub party: InstitutionCode,
    /// 起票者: who raised it (an institution code or an insurer number).
    pub raised_by: String,
    /// 起票日
    pub raised_on: Date,
    /// 対象シート: the kind of row at fault.
    pub target: EntityKind,
    /// 対象キー: that row's key as the contract writes it (`S01-V01-T01`, `002:S01-V01-T01`,
    /// `RM-X/06130017/2015-04-01`), kept as given so that a target the project does not hold is not lost.
    pub key: String,
    /// 対象項目: the header of the field at fault; empty = the whole row.
    pub field: String,
    /// 重大度
    pub severity: Severity,
    /// 規則: the check's rule when it came from the check; empty when written by hand.
    pub rule: String,
    /// 内容
    pub message: String,
    /// 提案
    pub suggestion: String,
    /// 状態
    pub state: FindingState,
    /// 回答: the other side's reply.
    pub reply: String,
    /// 回答者
    pub replied_by: String,
    /// 回答日
    pub replied_on: Option<Date>,
}

impl Finding {
    /// The field at fault, when its header names one of the contract's fields.
    pub fn target_field(&self) -> Option<Field> {
        Field::for_header(self.target, &self.field)
    }

    /// Whether it still asks for something to be done.
    pub fn is_open(&self) -> bool {
        self.state == FindingState::Open
    }
}

/// The next 指摘ID a body assigns: its code, a hyphen and a four-digit serial after the highest it has used.
pub fn next_finding_id(p: &Project, own: &str) -> String {
    let prefix = if own.is_empty() { "F" } else { own };
    let last = p
        .findings
        .iter()
        .filter_map(|f| {
            f.id.strip_prefix(prefix)?
                .strip_prefix('-')?
                .parse::<u32>()
                .ok()
        })
        .max()
        .unwrap_or(0);
    format!("{prefix}-{:04}", last + 1)
}

/// A finding raised from a check finding: its rule, place, message and suggestion, in Japanese (the sheet's
/// language), raised by `own` today.
pub fn from_check(
    p: &Project,
    check: &CheckFinding,
    own: &str,
    party: InstitutionCode,
    today: Date,
) -> Finding {
    Finding {
        id: next_finding_id(p, own),
        party,
        raised_by: own.to_string(),
        raised_on: today,
        target: check.entity,
        key: check.key.clone(),
        field: check
            .field
            .map(|f| f.header().to_string())
            .unwrap_or_default(),
        severity: check.severity,
        rule: check.rule.to_string(),
        message: check.message.ja.clone(),
        suggestion: check
            .suggestion
            .as_ref()
            .map(|s| s.ja.clone())
            .unwrap_or_default(),
        state: FindingState::Open,
        reply: String::new(),
        replied_by: String::new(),
        replied_on: None,
    }
}
