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
    /// A finding about a whole row, raised today by `raised_by`, open, its text still to be written.
    pub fn new(
        id: String,
        party: InstitutionCode,
        (raised_by, raised_on): (&str, Date),
        (target, key): (EntityKind, String),
    ) -> Finding {
        Finding {
            id,
            party,
            raised_by: raised_by.to_string(),
            raised_on,
            target,
            key,
            field: String::new(),
            severity: Severity::Warning,
            rule: String::new(),
            message: String::new(),
            suggestion: String::new(),
            state: FindingState::Open,
            reply: String::new(),
            replied_by: String::new(),
            replied_on: None,
        }
    }

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
        ..Finding::new(
            next_finding_id(p, own),
            party,
            (own, today),
            (check.entity, check.key.clone()),
        )
    }
}

/// The row a finding's target names in a project: its kind, party and key within the party; `None` when the
/// project has no such row (a finding is kept all the same, shown as "対象なし"). `key` is as the contract writes
/// it (`S01-V01-T01`, `002:S01-V01-T01`, `RM-X/06130017/2015-04-01`, `002:RM-X/…`).
pub fn resolve(
    p: &Project,
    kind: EntityKind,
    key: &str,
) -> Option<(EntityKind, InstitutionCode, String)> {
    use super::names::{find_role_model, find_test_case};
    let parties = super::names::parties(p);
    let (party, bare) = match key.split_once(':') {
        Some((party, rest)) if parties.iter().any(|x| x.as_str() == party) => (Some(party), rest),
        _ => (None, key),
    };
    let ours = |row_party: &InstitutionCode| party.is_none_or(|x| row_party.as_str() == x);
    let one = |mut found: Vec<InstitutionCode>| -> Option<InstitutionCode> {
        found.dedup();
        (found.len() == 1).then(|| found.remove(0))
    };
    let owned = |kind: EntityKind, party: InstitutionCode| Some((kind, party, bare.to_string()));
    match kind {
        EntityKind::TestCase => {
            let c = find_test_case(p, key).ok()?;
            owned(kind, c.party.clone())
        }
        EntityKind::RoleModel => {
            let r = find_role_model(p, key).ok()?;
            owned(kind, r.party.clone())
        }
        EntityKind::Scenario => one(p
            .scenarios
            .iter()
            .filter(|x| x.id.as_str() == bare && ours(&x.party))
            .map(|x| x.party.clone())
            .collect())
        .and_then(|party| owned(kind, party)),
        EntityKind::Variation => one(p
            .variations
            .iter()
            .filter(|x| x.id.as_str() == bare && ours(&x.party))
            .map(|x| x.party.clone())
            .collect())
        .and_then(|party| owned(kind, party)),
        EntityKind::Membership => one(p
            .memberships
            .iter()
            .filter(|x| x.key() == bare && ours(&x.party))
            .map(|x| x.party.clone())
            .collect())
        .and_then(|party| owned(kind, party)),
        EntityKind::Benefit => one(p
            .benefits
            .iter()
            .filter(|x| x.key() == bare && ours(&x.party))
            .map(|x| x.party.clone())
            .collect())
        .and_then(|party| owned(kind, party)),
        EntityKind::Insurer => p
            .insurers
            .iter()
            .any(|x| x.number.as_str() == key)
            .then(|| (kind, InstitutionCode::default(), key.to_string())),
        EntityKind::Institution => p
            .institutions
            .iter()
            .any(|x| x.code.as_str() == key)
            .then(|| (kind, InstitutionCode::default(), key.to_string())),
        EntityKind::Code => {
            let code = |c: &str| c == key;
            (p.affairs.iter().any(|x| code(&x.code))
                || p.procedures.iter().any(|x| code(&x.code))
                || p.info_kinds.iter().any(|x| code(&x.code))
                || p.info_items.iter().any(|x| code(&x.code)))
            .then(|| (kind, InstitutionCode::default(), key.to_string()))
        }
    }
}
