//! Findings raised by a party (指摘): what one side found wrong in the other's rows, kept in the project and
//! exchanged in the 指摘一覧 sheet, with the other side's reply and the finding's state. A check finding becomes
//! one with one click; one can be written by hand on any row or field.

use crate::domain::check::{CheckFinding, EntityKind};
use crate::domain::date::Date;

use crate::domain::model::field::Field;
use crate::domain::model::*;

impl Finding {
    /// The field at fault, when its header names one of the contract's fields.
    pub fn target_field(&self) -> Option<Field> {
        Field::for_header(self.target, &self.field)
    }

    /// The row it is about in a project (its kind, party and key), `None` when the project has none (対象なし).
    pub fn target_in(&self, p: &Project) -> Option<(EntityKind, InstitutionCode, String)> {
        if self.party.is_empty() || self.key.contains(':') {
            resolve(p, self.target, &self.key)
        } else {
            resolve(p, self.target, &format!("{}:{}", self.party, self.key))
        }
    }
}

/// The next 指摘ID a body assigns: its code, a hyphen and a four-digit serial after the highest it has used.
pub fn next_finding_id(p: &Project, own: &str) -> String {
    let prefix = if own.is_empty() { "F" } else { own };
    let last = p
        .findings
        .iter()
        .filter_map(|f| f.id.strip_prefix(prefix)?.strip_prefix('-')?.parse::<u32>().ok())
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
        field: check.field.map(|f| f.header().to_string()).unwrap_or_default(),
        severity: check.severity,
        rule: check.rule.to_string(),
        message: check.message.ja.clone(),
        suggestion: check.suggestion.as_ref().map(|s| s.ja.clone()).unwrap_or_default(),
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
    use crate::domain::model::names::{find_role_model, find_test_case};
    let parties = crate::domain::model::names::parties(p);
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
            .any(|x| x.number.as_str() == bare)
            .then(|| (kind, InstitutionCode::default(), bare.to_string())),
        EntityKind::Institution => p
            .institutions
            .iter()
            .any(|x| x.code.as_str() == bare)
            .then(|| (kind, InstitutionCode::default(), bare.to_string())),
        EntityKind::Code => {
            let code = |c: &str| c == bare;
            (p.affairs.iter().any(|x| code(&x.code))
                || p.procedures.iter().any(|x| code(&x.code))
                || p.info_kinds.iter().any(|x| code(&x.code))
                || p.info_items.iter().any(|x| code(&x.code)))
            .then(|| (kind, InstitutionCode::default(), bare.to_string()))
        }
    }
}

/// The change with who replied and when filled in (the own body, today) on every finding whose 回答 it changes
/// without saying who replied: the window's edits of a reply.
pub fn with_replies(
    base: &Project,
    mut change: crate::domain::coordination::change::ChangeSet,
    own: &str,
    today: Date,
) -> crate::domain::coordination::change::ChangeSet {
    use crate::domain::coordination::change::{ChangeKind, Op, changed};
    use crate::domain::model::entity::Entity;
    if own.is_empty() {
        return change;
    }
    for e in change.entries.iter_mut() {
        let (Op::Put(Entity::Finding(after)), ChangeKind::Changed(fields)) = (&e.op, &e.what)
        else {
            continue;
        };
        let replies = fields.iter().any(|f| f.field == Field::Reply);
        let says_who = fields.iter().any(|f| f.field == Field::RepliedBy);
        if !replies || says_who || after.reply.is_empty() {
            continue;
        }
        let Some(before) = base.findings.iter().find(|f| f.id == after.id) else {
            continue;
        };
        let replied =
            Finding { replied_by: own.to_string(), replied_on: Some(today), ..*after.clone() };
        if let Some(entry) =
            changed(&Entity::Finding(Box::new(before.clone())), Entity::Finding(Box::new(replied)))
        {
            *e = entry;
        }
    }
    change
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::coordination::change::ChangeSet;
    use crate::domain::model::entity::Entity;

    #[test]
    fn a_reply_typed_in_the_window_says_who_replied_and_when() {
        let mut p = crate::domain::samples::sample::sample_project();
        p.findings.push(Finding::new(
            "06130017-0001".into(),
            "002".into(),
            ("06130017", Date::ymd(2026, 11, 2)),
            (EntityKind::TestCase, "S01-V01-T01".into()),
        ));
        let replied = Finding { reply: "修正しました".into(), ..p.findings[0].clone() };
        let change = ChangeSet::put(&p, Entity::Finding(Box::new(replied)));
        let change = with_replies(&p, change, "002", Date::ymd(2026, 11, 9));
        let crate::domain::coordination::change::Op::Put(Entity::Finding(f)) =
            &change.entries[0].op
        else {
            panic!("{change:?}");
        };
        assert_eq!(f.replied_by, "002");
        assert_eq!(f.replied_on, Some(Date::ymd(2026, 11, 9)));
        // A reply that says who replied (a book's) is taken as it is.
        let given = Finding {
            reply: "修正しました".into(),
            replied_by: "003".into(),
            ..p.findings[0].clone()
        };
        let change = with_replies(
            &p,
            ChangeSet::put(&p, Entity::Finding(Box::new(given))),
            "002",
            Date::ymd(2026, 11, 9),
        );
        let crate::domain::coordination::change::Op::Put(Entity::Finding(f)) =
            &change.entries[0].op
        else {
            panic!("{change:?}");
        };
        assert_eq!(f.replied_by, "003");
    }
}
