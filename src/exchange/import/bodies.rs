//! The 機関 and 保険者 sheets: the bodies, keyed by institution code and insurer number.

use crate::domain::check::EntityKind;
use crate::domain::field::Field;
use crate::domain::message::Message;
use crate::domain::model::*;
use crate::domain::source::{digest_of_institution, digest_of_insurer};

use super::super::cell::INSURER_PAD;
use super::super::column;
use super::super::read::{Level, RowReader};
use super::super::sheets::SheetKind;
use super::{Import, Seen, by_key, combine};

/// Read the institution sheets into the result.
pub(super) fn read_institutions(i: &mut Import) {
    if !i.present(SheetKind::Institutions) {
        return;
    }
    let base = i.base;
    let base_by = by_key(&base.institutions, |x| x.code.to_string());
    let mut seen = Seen::new();
    let mut incoming = Vec::new();
    for (t, row, cells) in i.rows(SheetKind::Institutions) {
        let mut r = RowReader {
            table: t,
            row,
            cells,
            problems: &mut i.problems,
        };
        let code = if r.is_number(Field::InstitutionCode) {
            // A number: the project's code it stands for, when exactly one matches.
            let digits = r.code(Field::InstitutionCode, &[]);
            let bare = digits.trim_start_matches('0').to_string();
            let matches: Vec<&String> = base_by
                .keys()
                .filter(|c| {
                    c.trim_start_matches('0') == bare && c.bytes().all(|b| b.is_ascii_digit())
                })
                .collect();
            match matches.as_slice() {
                [one] if **one != digits => {
                    r.problem(
                        Level::Warning,
                        Field::InstitutionCode,
                        Message::new(
                            format!(
                                "数値として入力されていたため、既存の機関コード {one} と読みました"
                            ),
                            format!(
                                "typed as a number: read as the existing institution code {one}"
                            ),
                        ),
                    );
                    (*one).clone()
                }
                _ => digits,
            }
        } else {
            r.required_code(Field::InstitutionCode, &[])
        };
        let mut x = base_by
            .get(&code)
            .map(|b| (*b).clone())
            .unwrap_or(Institution {
                code: code.as_str().into(),
                name: String::new(),
                kind: InstitutionKind::Other,
                test_group: None,
                representative: false,
            });
        for &field in column::INSTITUTION_FIELDS {
            r.set(field, |raw| column::set_institution(&mut x, field, raw));
        }
        if code.is_empty()
            || !seen.first_time(
                code.clone(),
                t,
                &mut r,
                Field::InstitutionCode,
                "機関コード",
            )
        {
            continue;
        }
        i.sources.record(
            t,
            row,
            EntityKind::Institution,
            code,
            digest_of_institution(&x),
        );
        incoming.push(x);
    }
    let whole = i.whole(SheetKind::Institutions);
    i.result.institutions = combine(
        &base.institutions,
        incoming,
        |x| x.code.clone(),
        whole,
        |_| false,
    );
}

/// Read the insurer sheets into the result.
pub(super) fn read_insurers(i: &mut Import) {
    if !i.present(SheetKind::Insurers) {
        return;
    }
    let base = i.base;
    let base_by = by_key(&base.insurers, |x| x.number.to_string());
    let mut seen = Seen::new();
    let mut incoming = Vec::new();
    for (t, row, cells) in i.rows(SheetKind::Insurers) {
        let mut r = RowReader {
            table: t,
            row,
            cells,
            problems: &mut i.problems,
        };
        let number = r.required_code(Field::InsurerNumber, INSURER_PAD);
        let mut x = base_by
            .get(&number)
            .map(|b| (*b).clone())
            .unwrap_or(Insurer {
                number: number.as_str().into(),
                name: String::new(),
                system: None,
                lot: None,
                representative: false,
            });
        for &field in column::INSURER_FIELDS {
            r.set(field, |raw| column::set_insurer(&mut x, field, raw));
        }
        if number.is_empty()
            || !seen.first_time(
                number.clone(),
                t,
                &mut r,
                Field::InsurerNumber,
                "保険者番号",
            )
        {
            continue;
        }
        i.sources
            .record(t, row, EntityKind::Insurer, number, digest_of_insurer(&x));
        incoming.push(x);
    }
    let whole = i.whole(SheetKind::Insurers);
    i.result.insurers = combine(
        &base.insurers,
        incoming,
        |x| x.number.clone(),
        whole,
        |_| false,
    );
}
