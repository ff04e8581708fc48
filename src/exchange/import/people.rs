//! The ロールモデル, 加入歴 and 給付情報 sheets: the test persons, their memberships (keyed by person, insurer and
//! acquisition date) and benefit records (person, insurer, kind, start date). A membership or benefit record needs
//! its role model in the project or the book: without it the row cannot be held.

use foldhash::HashSet;

use crate::domain::check::EntityKind;
use crate::domain::coordination::source::{
    digest_of_benefit, digest_of_membership, digest_of_role_model, source_key,
};
use crate::domain::date::Date;
use crate::domain::model::field::Field;
use crate::domain::model::*;

use super::super::cell::INSURER_PAD;
use super::super::column;
use super::super::read::RowReader;
use super::super::sheets::SheetKind;
use super::{Import, RowKind, Unknown, by_key, combine_in_party, current, keeps, reference};

/// Read the role model sheets into the result (the book's party's role models); a role model removed takes its
/// memberships and benefit records.
pub(super) fn read_role_models(i: &mut Import) {
    if !i.present(SheetKind::RoleModels) {
        return;
    }
    let base = i.base;
    let party = i.party.clone();
    let base_by = by_key(&base.role_models, |x| (x.party.as_str(), x.id.as_str()));
    let kind = RowKind {
        sheet: SheetKind::RoleModels,
        entity: Some(EntityKind::RoleModel),
        key: |x: &RoleModel| x.id.clone(),
        duplicate: (Field::RoleModelId, "ロールモデルID"),
        hold: Some,
        source: |x| (source_key(&x.party, &x.id), digest_of_role_model(x)),
    };
    let incoming = i.read_rows(&kind, |r| {
        let id = r.required_code(Field::RoleModelId, &[]);
        let mut x =
            base_by.get(&(party.as_str(), id.as_str())).map(|b| (*b).clone()).unwrap_or_else(
                || RoleModel::new(party.clone(), id.as_str().into(), PersonCode::default()),
            );
        for col in column::alone::<RoleModel>() {
            if let Some(field) = col.field {
                r.set(field, |raw| column::set_column(&mut x, col, raw));
            }
        }
        (!id.is_empty()).then_some(x)
    });
    drop(base_by);
    let whole = i.whole(SheetKind::RoleModels);
    let result = &mut i.result;
    let all = |_: &RoleModel| true;
    let rows =
        current(&mut i.pending.role_models, &mut result.role_models, &base.role_models, &all);
    result.role_models = combine_in_party(
        rows,
        incoming,
        (|x: &RoleModel| x.id.clone(), |x: &RoleModel| x.party == party),
        whole,
        |_| false,
    );
    // Read before the memberships and benefit records, which are still pending (not in the result): they keep to
    // these people when they come in.
    debug_assert!(i.pending.memberships && i.pending.benefits);
    i.pending.people =
        Some((result.role_models.iter()).map(|x| (x.party.clone(), x.id.clone())).collect());
}

/// The role models of the book's party a membership or benefit record may name: the book's and the project's
/// (the result so far).
fn role_model_ids(i: &Import) -> HashSet<String> {
    i.result.role_models.iter().filter(|x| i.ours(&x.party)).map(|x| x.id.to_string()).collect()
}

/// A row's role model (one nobody defines is an error: the row cannot be held) and insurer number.
fn person_and_insurer(r: &mut RowReader, known: &HashSet<&str>) -> (String, String) {
    let role_model = reference(r, Field::RoleModelId, known, "ロールモデル", Unknown::IsError);
    let insurer = r.required_code(Field::InsurerNumber, INSURER_PAD);
    (role_model, insurer)
}

fn membership_key(m: &Membership) -> (InstitutionCode, RoleModelId, InsurerNumber, Date) {
    (m.party.clone(), m.role_model.clone(), m.insurer.clone(), m.acquired_on)
}

/// Read the membership sheets into the result (the book's party's memberships).
pub(super) fn read_memberships(i: &mut Import) {
    if !i.present(SheetKind::Memberships) {
        return;
    }
    let party = i.party.clone();
    let base_by = by_key(&i.base.memberships, membership_key);
    let role_models = role_model_ids(i);
    let known: HashSet<&str> = role_models.iter().map(String::as_str).collect();
    let kind = RowKind {
        sheet: SheetKind::Memberships,
        entity: Some(EntityKind::Membership),
        key: membership_key,
        duplicate: (Field::AcquiredOn, "加入歴（ロールモデル・保険者・資格取得日）"),
        hold: Some,
        source: |m| (source_key(&m.party, &m.key()), digest_of_membership(m)),
    };
    let incoming = i.read_rows(&kind, |r| {
        let (role_model, insurer) = person_and_insurer(r, &known);
        let acquired_on = r.required_date(Field::AcquiredOn)?;
        let new = Membership::new(
            party.clone(),
            role_model.as_str().into(),
            insurer.as_str().into(),
            acquired_on,
        );
        let mut m = base_by.get(&membership_key(&new)).map_or(new, |b| (*b).clone());
        for col in column::alone::<Membership>() {
            if let Some(field) = col.field {
                r.set(field, |raw| column::set_column(&mut m, col, raw));
            }
        }
        (!role_model.is_empty() && !insurer.is_empty()).then_some(m)
    });
    drop(base_by);
    let whole = i.whole(SheetKind::Memberships);
    let (base, pending, result) = (i.base, &mut i.pending, &mut i.result);
    let people = |m: &Membership| keeps(&pending.people, &m.party, &m.role_model);
    let rows =
        current(&mut pending.memberships, &mut result.memberships, &base.memberships, &people);
    result.memberships = combine_in_party(
        rows,
        incoming,
        (membership_key, |m: &Membership| m.party == party),
        whole,
        |_| false,
    );
    result.memberships.retain(|m| m.party != party || known.contains(m.role_model.as_str()));
}

fn benefit_key(
    b: &BenefitRecord,
) -> (InstitutionCode, RoleModelId, InsurerNumber, CompactString, Date) {
    (b.party.clone(), b.role_model.clone(), b.insurer.clone(), b.kind.clone(), b.start_date)
}

/// Read the benefit record sheets into the result (the book's party's benefit records).
pub(super) fn read_benefits(i: &mut Import) {
    if !i.present(SheetKind::Benefits) {
        return;
    }
    let party = i.party.clone();
    let base_by = by_key(&i.base.benefits, benefit_key);
    let role_models = role_model_ids(i);
    let known: HashSet<&str> = role_models.iter().map(String::as_str).collect();
    let kind = RowKind {
        sheet: SheetKind::Benefits,
        entity: Some(EntityKind::Benefit),
        key: benefit_key,
        duplicate: (Field::StartDate, "給付情報（ロールモデル・保険者・給付種別・支給開始日）"),
        hold: Some,
        source: |b| (source_key(&b.party, &b.key()), digest_of_benefit(b)),
    };
    let incoming = i.read_rows(&kind, |r| {
        let (role_model, insurer) = person_and_insurer(r, &known);
        let kind = r.required_text(Field::BenefitKind);
        let start_date = r.required_date(Field::StartDate)?;
        let new = BenefitRecord::new(
            party.clone(),
            role_model.as_str().into(),
            insurer.as_str().into(),
            kind.clone().into(),
            start_date,
        );
        let mut b = base_by.get(&benefit_key(&new)).map_or(new, |b| (*b).clone());
        r.set(Field::Amount, |raw| column::set(&mut b, Field::Amount, raw));
        (!role_model.is_empty() && !insurer.is_empty() && !kind.is_empty()).then_some(b)
    });
    drop(base_by);
    let whole = i.whole(SheetKind::Benefits);
    let (base, pending, result) = (i.base, &mut i.pending, &mut i.result);
    let people = |b: &BenefitRecord| keeps(&pending.people, &b.party, &b.role_model);
    let rows = current(&mut pending.benefits, &mut result.benefits, &base.benefits, &people);
    result.benefits = combine_in_party(
        rows,
        incoming,
        (benefit_key, |b: &BenefitRecord| b.party == party),
        whole,
        |_| false,
    );
    result.benefits.retain(|b| b.party != party || known.contains(b.role_model.as_str()));
}
