//! The people: role models (ids, person codes, My Numbers), their memberships (insurers, dates, overlaps) and
//! benefit records.

use foldhash::{HashMap, HashMapExt};

use super::super::codes::verify_my_number;
use super::super::field::Field;
use super::super::message::Message;
use super::super::model::*;
use super::super::routing::ProjectIndex;
use super::halves;
use super::{EntityKind, Finding, Severity, Sink};

/// Role models, memberships and benefit records.
pub fn check_people(index: &ProjectIndex, out: &mut Vec<Finding>) {
    let p = index.project;
    let mut s = Sink { out };
    let mut person_codes: HashMap<&str, &str> = HashMap::new();
    for r in &p.role_models {
        if r.id.as_str().trim().is_empty() {
            s.add(
                "id-missing",
                Severity::Error,
                (EntityKind::RoleModel, "", Some(Field::RoleModelId)),
                Message::new("ロールモデルIDがありません", "the role model has no id"),
            );
        }
        if r.person_code.as_str().trim().is_empty() {
            s.add(
                "id-missing",
                Severity::Error,
                (
                    EntityKind::RoleModel,
                    r.id.as_str(),
                    Some(Field::PersonCode),
                ),
                Message::new(
                    format!("ロールモデル {} に機関別符号がありません", r.id),
                    format!("role model {} has no person code", r.id),
                ),
            );
        } else if let Some(other) = person_codes.insert(r.person_code.as_str(), r.id.as_str()) {
            s.add(
                "id-duplicate",
                Severity::Error,
                (
                    EntityKind::RoleModel,
                    r.id.as_str(),
                    Some(Field::PersonCode),
                ),
                Message::new(
                    format!(
                        "機関別符号 {} がロールモデル {} と重複しています",
                        r.person_code, other
                    ),
                    format!(
                        "person code {} is also used by role model {}",
                        r.person_code, other
                    ),
                ),
            );
        } else if !index.partition.contains_key(r.person_code.as_str()) {
            s.add(
                "person-not-in-partition",
                Severity::Warning,
                (
                    EntityKind::RoleModel,
                    r.id.as_str(),
                    Some(Field::PersonCode),
                ),
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
            s.add(
                "my-number-check-digit",
                Severity::Warning,
                (EntityKind::RoleModel, r.id.as_str(), Some(Field::MyNumber)),
                Message::new(
                    format!("個人番号: {}", halves(&e).0),
                    format!("My Number: {}", halves(&e).1),
                ),
            );
        }
    }
    let mut by_person: HashMap<&str, Vec<&Membership>> =
        HashMap::with_capacity(p.role_models.len());
    for m in &p.memberships {
        let key = || m.key();
        if !index.role_models.contains_key(m.role_model.as_str()) {
            s.add(
                "role-model-undefined",
                Severity::Error,
                (EntityKind::Membership, &key(), Some(Field::RoleModelId)),
                Message::new(
                    format!("加入歴のロールモデル {} は定義されていません", m.role_model),
                    format!(
                        "the membership's role model {} is not defined",
                        m.role_model
                    ),
                ),
            );
        }
        if !index.insurers.contains_key(m.insurer.as_str()) {
            s.add(
                "insurer-undefined",
                Severity::Error,
                (EntityKind::Membership, &key(), Some(Field::InsurerNumber)),
                Message::new(
                    format!("保険者 {} は定義されていません", m.insurer),
                    format!("insurer {} is not defined", m.insurer),
                ),
            );
        }
        match m.lost_on {
            Some(l) if l <= m.acquired_on => {
                s.add(
                    "membership-reversed",
                    Severity::Error,
                    (EntityKind::Membership, &key(), Some(Field::LostOn)),
                    Message::new(
                        format!("資格喪失日 {l} が資格取得日 {} 以前です", m.acquired_on),
                        format!("lost {l}, on or before it was acquired ({})", m.acquired_on),
                    ),
                );
            }
            None if m.lost_on_reason_of_null.trim().is_empty() => {
                s.add(
                    "reason-of-null-missing",
                    Severity::Warning,
                    (
                        EntityKind::Membership,
                        &key(),
                        Some(Field::LostOnReasonOfNull),
                    ),
                    Message::new(
                        "資格喪失日が空ですが空値理由（ReasonOfNull）がありません",
                        "the loss date is empty but no ReasonOfNull is given",
                    ),
                );
            }
            _ => {}
        }
        by_person.entry(m.role_model.as_str()).or_default().push(m);
    }
    // In role-model order, so that findings come out the same on every run.
    for r in &p.role_models {
        let Some(mut ms) = by_person.remove(r.id.as_str()) else {
            continue;
        };
        ms.sort_by_key(|m| m.acquired_on);
        for w in ms.windows(2) {
            let (a, b) = (w[0], w[1]);
            if a.lost_on.is_none_or(|l| l > b.acquired_on) {
                s.add(
                    "membership-overlap",
                    Severity::Warning,
                    (EntityKind::Membership, &b.key(), Some(Field::AcquiredOn)),
                    Message::new(
                        format!(
                            "{} の加入歴（{}～）と期間が重なっています",
                            a.insurer, a.acquired_on
                        ),
                        format!(
                            "overlaps the membership of {} from {}",
                            a.insurer, a.acquired_on
                        ),
                    ),
                );
            }
        }
    }
    for b in &p.benefits {
        let key = || b.key();
        if !index.role_models.contains_key(b.role_model.as_str()) {
            s.add(
                "role-model-undefined",
                Severity::Error,
                (EntityKind::Benefit, &key(), Some(Field::RoleModelId)),
                Message::new(
                    format!(
                        "給付情報のロールモデル {} は定義されていません",
                        b.role_model
                    ),
                    format!(
                        "the benefit record's role model {} is not defined",
                        b.role_model
                    ),
                ),
            );
        }
        if !index.insurers.contains_key(b.insurer.as_str()) {
            s.add(
                "insurer-undefined",
                Severity::Error,
                (EntityKind::Benefit, &key(), Some(Field::InsurerNumber)),
                Message::new(
                    format!("保険者 {} は定義されていません", b.insurer),
                    format!("insurer {} is not defined", b.insurer),
                ),
            );
        }
    }
}
