//! The ロールモデル, 加入歴 and 給付情報 sheets: the test persons, their memberships (keyed by person, insurer and
//! acquisition date) and benefit records (person, insurer, kind, start date). A membership or benefit record needs
//! its role model in the project or the book: without it the row cannot be held.

use foldhash::HashSet;

use crate::domain::check::EntityKind;
use crate::domain::field::Field;
use crate::domain::model::*;
use crate::domain::source::{digest_of_benefit, digest_of_membership, digest_of_role_model};

use super::super::cell::INSURER_PAD;
use super::super::column::{self, MEMBERSHIP_FIELDS, ROLE_MODEL_FIELDS};
use super::super::read::RowReader;
use super::super::sheets::SheetKind;
use super::{Import, Seen, Unknown, by_key, combine, reference};

/// Read the role model sheets into the result; a role model removed takes its memberships and benefit records.
pub(super) fn read_role_models(i: &mut Import) {
    if !i.present(SheetKind::RoleModels) {
        return;
    }
    let base = i.base;
    let base_by = by_key(&base.role_models, |x| x.id.to_string());
    let mut seen = Seen::new();
    let mut incoming = Vec::new();
    for (t, row, cells) in i.rows(SheetKind::RoleModels) {
        let mut r = RowReader {
            table: t,
            row,
            cells,
            problems: &mut i.problems,
        };
        let id = r.required_code(Field::RoleModelId, &[]);
        let mut x = base_by
            .get(&id)
            .map(|b| (*b).clone())
            .unwrap_or_else(|| RoleModel::new(id.as_str().into(), PersonCode::default()));
        for &field in ROLE_MODEL_FIELDS {
            r.set(field, |raw| column::set_role_model(&mut x, field, raw));
        }
        if id.is_empty()
            || !seen.first_time(id.clone(), t, &mut r, Field::RoleModelId, "ロールモデルID")
        {
            continue;
        }
        i.sources
            .record(t, row, EntityKind::RoleModel, id, digest_of_role_model(&x));
        incoming.push(x);
    }
    let whole = i.whole(SheetKind::RoleModels);
    let result = &mut i.result;
    result.role_models = combine(
        &base.role_models,
        incoming,
        |x| x.id.clone(),
        whole,
        |_| false,
    );
    let ids: HashSet<&str> = result.role_models.iter().map(|x| x.id.as_str()).collect();
    result
        .memberships
        .retain(|m| ids.contains(m.role_model.as_str()));
    result
        .benefits
        .retain(|b| ids.contains(b.role_model.as_str()));
}

/// Read the membership sheets into the result.
pub(super) fn read_memberships(i: &mut Import) {
    if !i.present(SheetKind::Memberships) {
        return;
    }
    let key = |m: &Membership| (m.role_model.clone(), m.insurer.clone(), m.acquired_on);
    let base_by = by_key(&i.base.memberships, key);
    let role_models: HashSet<String> = i
        .result
        .role_models
        .iter()
        .map(|x| x.id.to_string())
        .collect();
    let known: HashSet<&str> = role_models.iter().map(String::as_str).collect();
    let mut seen = Seen::new();
    let mut incoming = Vec::new();
    for (t, row, cells) in i.rows(SheetKind::Memberships) {
        let mut r = RowReader {
            table: t,
            row,
            cells,
            problems: &mut i.problems,
        };
        let role_model = reference(
            &mut r,
            Field::RoleModelId,
            &known,
            "ロールモデル",
            Unknown::IsError,
        );
        let insurer = r.required_code(Field::InsurerNumber, INSURER_PAD);
        let Some(acquired_on) = r.required_date(Field::AcquiredOn) else {
            continue;
        };
        let k = (
            RoleModelId::from(role_model.as_str()),
            InsurerNumber::from(insurer.as_str()),
            acquired_on,
        );
        let mut m = base_by.get(&k).map(|b| (*b).clone()).unwrap_or(Membership {
            id: 0,
            role_model: k.0.clone(),
            insurer: k.1.clone(),
            member_branch: String::new(),
            link_number: String::new(),
            acquired_on,
            lost_on: None,
            lost_on_reason_of_null: String::new(),
            registered_at: None,
            version: String::new(),
        });
        for &field in MEMBERSHIP_FIELDS {
            r.set(field, |raw| column::set_membership(&mut m, field, raw));
        }
        if role_model.is_empty()
            || insurer.is_empty()
            || !seen.first_time(
                k,
                t,
                &mut r,
                Field::AcquiredOn,
                "加入歴（ロールモデル・保険者・資格取得日）",
            )
        {
            continue;
        }
        i.sources.record(
            t,
            row,
            EntityKind::Membership,
            m.key(),
            digest_of_membership(&m),
        );
        incoming.push(m);
    }
    let whole = i.whole(SheetKind::Memberships);
    let result = &mut i.result;
    result.memberships = combine(&result.memberships, incoming, key, whole, |_| false);
    result
        .memberships
        .retain(|m| known.contains(m.role_model.as_str()));
}

/// Read the benefit record sheets into the result.
pub(super) fn read_benefits(i: &mut Import) {
    if !i.present(SheetKind::Benefits) {
        return;
    }
    let key = |b: &BenefitRecord| {
        (
            b.role_model.clone(),
            b.insurer.clone(),
            b.kind.clone(),
            b.start_date,
        )
    };
    let base_by = by_key(&i.base.benefits, key);
    let role_models: HashSet<String> = i
        .result
        .role_models
        .iter()
        .map(|x| x.id.to_string())
        .collect();
    let known: HashSet<&str> = role_models.iter().map(String::as_str).collect();
    let mut seen = Seen::new();
    let mut incoming = Vec::new();
    for (t, row, cells) in i.rows(SheetKind::Benefits) {
        let mut r = RowReader {
            table: t,
            row,
            cells,
            problems: &mut i.problems,
        };
        let role_model = reference(
            &mut r,
            Field::RoleModelId,
            &known,
            "ロールモデル",
            Unknown::IsError,
        );
        let insurer = r.required_code(Field::InsurerNumber, INSURER_PAD);
        let kind = r.required_text(Field::BenefitKind);
        let Some(start_date) = r.required_date(Field::StartDate) else {
            continue;
        };
        let k = (
            RoleModelId::from(role_model.as_str()),
            InsurerNumber::from(insurer.as_str()),
            kind.clone(),
            start_date,
        );
        let mut b = base_by
            .get(&k)
            .map(|b| (*b).clone())
            .unwrap_or(BenefitRecord {
                id: 0,
                role_model: k.0.clone(),
                insurer: k.1.clone(),
                kind: kind.clone(),
                start_date,
                amount: None,
            });
        r.set(Field::Amount, |raw| {
            column::set_benefit(&mut b, Field::Amount, raw)
        });
        if role_model.is_empty()
            || insurer.is_empty()
            || kind.is_empty()
            || !seen.first_time(
                k,
                t,
                &mut r,
                Field::StartDate,
                "給付情報（ロールモデル・保険者・給付種別・支給開始日）",
            )
        {
            continue;
        }
        i.sources
            .record(t, row, EntityKind::Benefit, b.key(), digest_of_benefit(&b));
        incoming.push(b);
    }
    let whole = i.whole(SheetKind::Benefits);
    let result = &mut i.result;
    result.benefits = combine(&result.benefits, incoming, key, whole, |_| false);
    result
        .benefits
        .retain(|b| known.contains(b.role_model.as_str()));
}
