//! The コード sheet: affairs, procedures, info kinds and items, each row one code of the kind its 種別 names. A
//! parent no sheet defines is imported and left to the check.

use crate::domain::check::EntityKind;
use crate::domain::coordination::source::digest_of_code;
use crate::domain::model::entity::Entity;
use crate::domain::model::field::Field;
use crate::domain::model::*;

use super::super::sheets::SheetKind;
use super::{Import, RowKind, by_key, combine};

/// A code's key and digest, for its source.
fn code_source(e: &Entity) -> (String, u64) {
    match e {
        Entity::Affair(x) => (x.code.to_string(), digest_of_code(x)),
        Entity::Procedure(x) => (x.code.to_string(), digest_of_code(x)),
        Entity::InfoKind(x) => (x.code.to_string(), digest_of_code(x)),
        Entity::InfoItem(x) => (x.code.to_string(), digest_of_code(x)),
        _ => unreachable!("the code sheet holds codes only"),
    }
}

/// Read the code sheets into the result.
pub(super) fn read(i: &mut Import) {
    if !i.present(SheetKind::Codes) {
        return;
    }
    let base = i.base;
    let base_affairs = by_key(&base.affairs, |x| x.code.to_string());
    let base_procedures = by_key(&base.procedures, |x| x.code.to_string());
    let base_kinds = by_key(&base.info_kinds, |x| x.code.to_string());
    let base_items = by_key(&base.info_items, |x| x.code.to_string());
    let kind = RowKind {
        sheet: SheetKind::Codes,
        entity: Some(EntityKind::Code),
        key: Entity::key,
        duplicate: (Field::Code, "コード"),
        hold: Some,
        source: code_source,
    };
    let incoming = i.read_rows(&kind, |r| {
        let kind = r.required_choice(
            Field::CodeKind,
            |s| match s {
                "事務" | "JM" => Some(0),
                "事務手続" | "JT" => Some(1),
                "特定個人情報名" | "TM" => Some(2),
                "項目" | "特定個人情報項目" | "TK" => Some(3),
                _ => None,
            },
            &["事務", "事務手続", "特定個人情報名", "項目"],
        );
        let code = r.required_code(Field::Code, &[]);
        let name = r.required_text(Field::CodeName);
        let parent = r.code(Field::ParentCode, &[]);
        // Element names, not codes: read as written.
        let xml = r.text(Field::XmlPath);
        let repeated = r.text(Field::RepeatedGroup);
        if code.is_empty() {
            return None;
        }
        Some(match kind? {
            0 => Entity::Affair(Affair {
                sample: base_affairs.get(&code).is_some_and(|b| b.sample),
                code: code.into(),
                name,
            }),
            1 => Entity::Procedure(Procedure {
                sample: base_procedures.get(&code).is_some_and(|b| b.sample),
                code: code.into(),
                name,
                affair: parent.into(),
            }),
            2 => Entity::InfoKind(InfoKind {
                sample: base_kinds.get(&code).is_some_and(|b| b.sample),
                code: code.into(),
                name,
                xml_root: xml,
            }),
            _ => Entity::InfoItem(InfoItem {
                sample: base_items.get(&code).is_some_and(|b| b.sample),
                code: code.into(),
                name,
                info_kind: parent.into(),
                xml_path: xml,
                repeated_group: repeated,
            }),
        })
    });
    let (mut affairs, mut procedures, mut kinds, mut items) = (vec![], vec![], vec![], vec![]);
    for e in incoming {
        match e {
            Entity::Affair(x) => affairs.push(x),
            Entity::Procedure(x) => procedures.push(x),
            Entity::InfoKind(x) => kinds.push(x),
            Entity::InfoItem(x) => items.push(x),
            _ => {}
        }
    }
    // Masters are added and changed by an import, never removed.
    let w = false;
    let result = &mut i.result;
    result.affairs =
        combine(std::mem::take(&mut result.affairs), affairs, |x| x.code.clone(), w, |_| false);
    result.info_kinds =
        combine(std::mem::take(&mut result.info_kinds), kinds, |x| x.code.clone(), w, |_| false);
    result.procedures = combine(
        std::mem::take(&mut result.procedures),
        procedures,
        |x| x.code.clone(),
        w,
        |_| false,
    );
    result.info_items =
        combine(std::mem::take(&mut result.info_items), items, |x| x.code.clone(), w, |_| false);
}
