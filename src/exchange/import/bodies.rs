//! The 機関 and 保険者 sheets: the bodies, keyed by institution code and insurer number.

use foldhash::HashMap;

use crate::domain::check::EntityKind;
use crate::domain::coordination::source::{digest_of_institution, digest_of_insurer};
use crate::domain::model::field::Field;
use crate::domain::model::message::Message;
use crate::domain::model::*;

use super::super::cell::INSURER_PAD;
use super::super::column;
use super::super::read::{Level, RowReader};
use super::super::sheets::SheetKind;
use super::{Import, RowKind, by_key, combine};

/// Read the institution sheets into the result.
pub(super) fn read_institutions(i: &mut Import) {
    if !i.present(SheetKind::Institutions) {
        return;
    }
    let base = i.base;
    let base_by = by_key(&base.institutions, |x| x.code.to_string());
    let kind = RowKind {
        sheet: SheetKind::Institutions,
        entity: Some(EntityKind::Institution),
        key: |x: &Institution| x.code.clone(),
        duplicate: (Field::InstitutionCode, "機関コード"),
        hold: Some,
        source: |x| (x.code.to_string(), digest_of_institution(x)),
    };
    let incoming = i.read_rows(&kind, |r| {
        let code = institution_code(r, &base_by);
        let mut x = base_by
            .get(&code)
            .map(|b| (*b).clone())
            .unwrap_or_else(|| Institution::new(code.as_str().into()));
        for col in column::alone::<Institution>() {
            if let Some(field) = col.field {
                r.set(field, |raw| column::set_column(&mut x, col, raw));
            }
        }
        (!code.is_empty()).then_some(x)
    });
    // Masters are added and changed by an import, never removed.
    i.result.institutions = combine(
        std::mem::take(&mut i.result.institutions),
        incoming,
        |x| x.code.clone(),
        false,
        |_| false,
    );
}

/// A row's institution code. One typed as a number is the project's code it stands for, when exactly one
/// matches (a warning says so).
fn institution_code(r: &mut RowReader, base_by: &HashMap<String, &Institution>) -> String {
    if !r.is_number(Field::InstitutionCode) {
        return r.required_code(Field::InstitutionCode, &[]);
    }
    let digits = r.code(Field::InstitutionCode, &[]);
    let bare = digits.trim_start_matches('0').to_string();
    let matches: Vec<&String> = base_by
        .keys()
        .filter(|c| c.trim_start_matches('0') == bare && c.bytes().all(|b| b.is_ascii_digit()))
        .collect();
    match matches.as_slice() {
        [one] if **one != digits => {
            r.problem(
                Level::Warning,
                Field::InstitutionCode,
                Message::new(
                    format!("数値として入力されていたため、既存の機関コード {one} と読みました"),
                    format!("typed as a number: read as the existing institution code {one}"),
                ),
            );
            (*one).clone()
        }
        _ => digits,
    }
}

/// Read the insurer sheets into the result.
pub(super) fn read_insurers(i: &mut Import) {
    if !i.present(SheetKind::Insurers) {
        return;
    }
    let base = i.base;
    let base_by = by_key(&base.insurers, |x| x.number.to_string());
    let kind = RowKind {
        sheet: SheetKind::Insurers,
        entity: Some(EntityKind::Insurer),
        key: |x: &Insurer| x.number.clone(),
        duplicate: (Field::InsurerNumber, "保険者番号"),
        hold: Some,
        source: |x| (x.number.to_string(), digest_of_insurer(x)),
    };
    let incoming = i.read_rows(&kind, |r| {
        let number = r.required_code(Field::InsurerNumber, INSURER_PAD);
        let mut x = base_by
            .get(&number)
            .map(|b| (*b).clone())
            .unwrap_or_else(|| Insurer::new(number.as_str().into()));
        for col in column::alone::<Insurer>() {
            if let Some(field) = col.field {
                r.set(field, |raw| column::set_column(&mut x, col, raw));
            }
        }
        (!number.is_empty()).then_some(x)
    });
    i.result.insurers = combine(
        std::mem::take(&mut i.result.insurers),
        incoming,
        |x| x.number.clone(),
        false,
        |_| false,
    );
}
