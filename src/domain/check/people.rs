//! The people: role models (ids, person codes, My Numbers), their memberships (insurers, dates, overlaps) and
//! benefit records.

use crate::domain::model::check_rule::CheckRule;
use foldhash::{HashMap, HashMapExt};

use super::finding::halves;
use super::finding::{CheckFinding, Sink};
use crate::domain::model::codes::verify_my_number;
use crate::domain::model::entity::EntityKey;
use crate::domain::model::field::Field;
use crate::domain::model::kinds::{EntityKind, Severity};
use crate::domain::model::message::Message;
use crate::domain::model::*;
use crate::domain::routing::ProjectIndex;

/// Role models, memberships and benefit records.
pub fn check_people(index: &ProjectIndex, out: &mut Vec<CheckFinding>) {
    let mut s = Sink::masters(out);
    check_role_models(index, &mut s);
    let mut by_person = check_memberships(index, &mut s);
    check_overlaps(index, &mut by_person, &mut s);
    check_benefits(index, &by_person, &mut s);
    check_person_conflicts(index, &mut s);
}

/// Ids, person codes (present, unique, in the unified partition) and My Numbers.
fn check_role_models<'p>(index: &ProjectIndex<'p>, s: &mut Sink<'p>) {
    let mut person_codes: HashMap<(&str, &str), &str> = HashMap::new();
    // A My Number is one person's: the first role model that gives it, by number.
    let mut my_numbers: HashMap<&str, &RoleModel> = HashMap::new();
    for r in &index.project.role_models {
        s.party = r.party.as_str();
        let number = r.my_number.trim();
        if !number.is_empty() {
            match my_numbers.get(number) {
                // The same person in two parties' books (one 機関別符号) may well carry the same number.
                Some(first) if first.person_code != r.person_code => {
                    s.add(
                        CheckRule::MyNumberDuplicate,
                        Severity::Error,
                        (EntityKind::RoleModel, r.id.as_str(), Some(Field::MyNumber)),
                        Message::new(
                            format!(
                                "個人番号 {number} はロールモデル {}（機関別符号 {}）と同じです。個人番号は1人に1つです",
                                first.id, first.person_code
                            ),
                            format!(
                                "My Number {number} is also role model {}'s (person code {}): a My Number is one person's",
                                first.id, first.person_code
                            ),
                        ),
                    );
                }
                Some(_) => {}
                None => {
                    my_numbers.insert(number, r);
                }
            }
        }
        if r.id.as_str().trim().is_empty() {
            s.add(
                CheckRule::IdMissing,
                Severity::Error,
                (EntityKind::RoleModel, "", Some(Field::RoleModelId)),
                Message::new("ロールモデルIDがありません", "the role model has no id"),
            );
        }
        let at = (EntityKind::RoleModel, r.id.as_str(), Some(Field::PersonCode));
        if r.person_code.as_str().trim().is_empty() {
            s.add(
                CheckRule::IdMissing,
                Severity::Error,
                at,
                Message::new(
                    format!("ロールモデル {} に機関別符号がありません", r.id),
                    format!("role model {} has no person code", r.id),
                ),
            );
        } else if let Some(other) =
            person_codes.insert((r.party.as_str(), r.person_code.as_str()), r.id.as_str())
        {
            s.add(
                CheckRule::IdDuplicate,
                Severity::Error,
                at,
                Message::new(
                    format!(
                        "機関別符号 {} がロールモデル {} と重複しています",
                        r.person_code, other
                    ),
                    format!("person code {} is also used by role model {}", r.person_code, other),
                ),
            );
        } else if !index.partition.contains_key(&(r.party.as_str(), r.person_code.as_str())) {
            s.add(
                CheckRule::PersonNotInPartition,
                Severity::Warning,
                at,
                Message::new(
                    format!(
                        "機関別符号 {} は統一区画にありません（加入歴がありません）",
                        r.person_code
                    ),
                    format!(
                        "person code {} has no row in the unified partition (no membership)",
                        r.person_code
                    ),
                ),
            );
        }
        if !r.my_number.is_empty()
            && let Err(e) = verify_my_number(&r.my_number)
        {
            let (ja, en) = halves(&e);
            s.add(
                CheckRule::MyNumberCheckDigit,
                Severity::Warning,
                (EntityKind::RoleModel, r.id.as_str(), Some(Field::MyNumber)),
                Message::new(format!("個人番号: {ja}"), format!("My Number: {en}")),
            );
        }
    }
}

/// A membership's or benefit record's role model and insurer are defined. `owner` names the row in each
/// language; `key` makes the row's key, only for a finding.
fn check_references(
    index: &ProjectIndex,
    s: &mut Sink,
    (entity, key, row): (EntityKind, &dyn Fn() -> String, RowId),
    (role_model, insurer): (&str, &str),
    owner: (&str, &str),
) {
    if !index.role_models.contains_key(&(s.party, role_model)) {
        s.add(
            CheckRule::RoleModelUndefined,
            Severity::Error,
            (entity, &key(), Some(Field::RoleModelId)),
            Message::undefined(
                (&format!("{}のロールモデル", owner.0), &format!("the {}'s role model", owner.1)),
                (&format!("{}のロールモデルID", owner.0), &format!("{}'s role model ID", owner.1)),
                role_model,
            ),
        );
    }
    if !index.insurers.contains_key(insurer) {
        let f = s.add(
            CheckRule::InsurerUndefined,
            Severity::Error,
            (entity, &key(), Some(Field::InsurerNumber)),
            Message::undefined(("保険者", "insurer"), ("保険者番号", "insurer number"), insurer),
        );
        let row = match entity {
            EntityKind::Benefit => EntityKey::Benefit(row),
            _ => EntityKey::Membership(row),
        };
        suggest_padded(f, row, insurer, |n| index.insurers.contains_key(n));
    }
}

/// Offer an insurer number typed without its leading zeros (`6130017`) as the masters hold it (`06130017`).
pub(super) fn suggest_padded(
    f: &mut super::finding::CheckFinding,
    row: EntityKey,
    typed: &str,
    known: impl Fn(&str) -> bool,
) {
    if let Some(to) = super::fix::padded_insurer(typed, known) {
        let fix = super::fix::Fix::InsurerNumber { row, from: typed.into(), to: to.clone() };
        f.suggest(Message::new(format!("{to} にする"), format!("make it {to}")), Some(fix));
    }
}

/// Each person's memberships by (party, role model id), in order of acquisition, and whether the overlap check
/// has been through them. Built once for the overlaps and the benefit records: at national scale a map of its own
/// for each was tens of megabytes.
type ByPerson<'p> = HashMap<(&'p str, &'p str), (Vec<&'p Membership>, bool)>;

/// Memberships: references and dates. Returns each person's memberships, for the overlap and benefit checks.
fn check_memberships<'p>(index: &ProjectIndex<'p>, s: &mut Sink<'p>) -> ByPerson<'p> {
    let p = index.project;
    let mut by_person: ByPerson = HashMap::with_capacity(p.role_models.len());
    for m in &p.memberships {
        s.party = m.party.as_str();
        // Made only for a finding: most rows have none.
        let key = || m.key();
        check_references(
            index,
            s,
            (EntityKind::Membership, &key, m.id),
            (m.role_model.as_str(), m.insurer.as_str()),
            ("加入歴", "membership"),
        );
        match m.lost_on {
            Some(l) if l <= m.acquired_on => {
                s.add(
                    CheckRule::MembershipReversed,
                    Severity::Error,
                    (EntityKind::Membership, &key(), Some(Field::LostOn)),
                    Message::new(
                        format!("資格喪失日 {l} が資格取得日 {} 以前です", m.acquired_on),
                        format!("lost {l}, on or before it was acquired ({})", m.acquired_on),
                    ),
                );
            }
            Some(l) if !m.lost_on_reason_of_null.trim().is_empty() => {
                s.add(
                    CheckRule::ReasonOfNullWithLossDate,
                    Severity::Warning,
                    (
                        EntityKind::Membership,
                        &key(),
                        Some(Field::LostOnReasonOfNull),
                    ),
                    Message::new(
                        format!(
                            "資格喪失日 {l} があるのに空値理由（{}）があります。空値理由は喪失日が空のときだけ書きます",
                            m.lost_on_reason_of_null.trim()
                        ),
                        format!(
                            "a ReasonOfNull ({}) is given although the loss date is {l}: it is only for an empty loss date",
                            m.lost_on_reason_of_null.trim()
                        ),
                    ),
                )
                .suggest(
                    Message::new("空値理由を消す", "clear the ReasonOfNull"),
                    Some(super::fix::Fix::ClearReasonOfNull { membership: m.id }),
                );
            }
            None if m.lost_on_reason_of_null.trim().is_empty() => {
                s.add(
                    CheckRule::ReasonOfNullMissing,
                    Severity::Warning,
                    (EntityKind::Membership, &key(), Some(Field::LostOnReasonOfNull)),
                    Message::new(
                        "資格喪失日が空ですが空値理由（ReasonOfNull）がありません",
                        "the loss date is empty but no ReasonOfNull is given",
                    ),
                );
            }
            _ => {}
        }
        by_person.entry((m.party.as_str(), m.role_model.as_str())).or_default().0.push(m);
    }
    for (ms, _) in by_person.values_mut() {
        ms.sort_by_key(|m| m.acquired_on);
    }
    by_person
}

/// A person's memberships whose periods overlap, in role-model order so that findings come out the same on
/// every run.
fn check_overlaps<'p>(index: &ProjectIndex<'p>, by_person: &mut ByPerson<'p>, s: &mut Sink<'p>) {
    for r in &index.project.role_models {
        // A role model whose id another of its party has too is gone through once, at the first.
        let Some((ms, done)) = by_person.get_mut(&(r.party.as_str(), r.id.as_str())) else {
            continue;
        };
        if std::mem::replace(done, true) {
            continue;
        }
        s.party = r.party.as_str();
        for w in ms.windows(2) {
            let (a, b) = (w[0], w[1]);
            if a.lost_on.is_none_or(|l| l > b.acquired_on) {
                s.add(
                    CheckRule::MembershipOverlap,
                    Severity::Warning,
                    (EntityKind::Membership, &b.key(), Some(Field::AcquiredOn)),
                    Message::new(
                        format!(
                            "{} の加入歴（{}～）と期間が重なっています",
                            a.insurer, a.acquired_on
                        ),
                        format!("overlaps the membership of {} from {}", a.insurer, a.acquired_on),
                    ),
                );
            }
        }
    }
}

/// Benefit records: their role model and insurer are defined, and the insurer covered the person on the day.
fn check_benefits<'p>(index: &ProjectIndex<'p>, by_person: &ByPerson<'p>, s: &mut Sink<'p>) {
    for b in &index.project.benefits {
        s.party = b.party.as_str();
        check_references(
            index,
            s,
            (EntityKind::Benefit, &|| b.key(), b.id),
            (b.role_model.as_str(), b.insurer.as_str()),
            ("給付情報", "benefit record"),
        );
        let memberships = by_person
            .get(&(b.party.as_str(), b.role_model.as_str()))
            .map(|(ms, _)| ms.as_slice())
            .unwrap_or_default();
        let inside = memberships.iter().any(|m| {
            m.insurer == b.insurer
                && m.acquired_on <= b.start_date
                && m.lost_on.is_none_or(|u| b.start_date < u)
        });
        if !inside {
            s.add(
                CheckRule::BenefitOutsideMembership,
                Severity::Warning,
                (EntityKind::Benefit, &b.key(), Some(Field::StartDate)),
                Message::new(
                    format!(
                        "支給開始日 {} は {} の加入期間のどれにも入りません（その保険者の資格がない日の給付です）",
                        b.start_date, b.insurer
                    ),
                    format!(
                        "the benefit starts {}, outside every membership of {} (a day the insurer did not cover)",
                        b.start_date, b.insurer
                    ),
                ),
            );
        }
    }
}

/// One 機関別符号 defined by two parties with different memberships: the insurer's partition holds one history per
/// person, so one of them cannot be what the Fund has. Reported on the role model of each party whose history
/// differs from the first party's (in role-model order).
fn check_person_conflicts<'p>(index: &ProjectIndex<'p>, s: &mut Sink<'p>) {
    type History =
        Vec<(InsurerNumber, crate::domain::date::Date, Option<crate::domain::date::Date>)>;
    let history = |r: &'p RoleModel| -> History {
        let mut h: History = index
            .memberships_of(r)
            .map(|m| (m.insurer.clone(), m.acquired_on, m.lost_on))
            .collect();
        h.sort();
        h
    };
    // The first role model of each person code; its history is worked out only when another party's role model
    // has the code too (rare: at national scale, a history for every person was tens of megabytes).
    let mut first: HashMap<&str, &RoleModel> = HashMap::new();
    for r in &index.project.role_models {
        if r.person_code.as_str().trim().is_empty() {
            continue;
        }
        match first.get(r.person_code.as_str()) {
            None => {
                first.insert(r.person_code.as_str(), r);
            }
            Some(other) if other.party != r.party && history(other) != history(r) => {
                s.party = r.party.as_str();
                let (code, them) = (&r.person_code, &other.party);
                s.add(
                    CheckRule::PersonConflict,
                    Severity::Error,
                    (EntityKind::RoleModel, r.id.as_str(), Some(Field::PersonCode)),
                    Message::new(
                        format!(
                            "機関別符号 {code} は {them} のロールモデル {} にもあり、加入歴が違います（保険者の区画は一人に一つの履歴しか持てません）",
                            other.id
                        ),
                        format!(
                            "person code {code} is also {them}'s role model {}, with other memberships (an insurer's partition holds one history per person)",
                            other.id
                        ),
                    ),
                );
            }
            Some(_) => {}
        }
    }
}
