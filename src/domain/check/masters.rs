//! The masters and bodies: code shapes and parents, the XML names the code master gives answers, insurer numbers,
//! the Fund; and the hierarchy of scenarios and variations.

use crate::domain::model::check_rule::CheckRule;
use foldhash::HashSet;

use super::finding::{CheckFinding, Sink};
use super::finding::{code_shape_ok, halves};
use super::fix::Fix;
use crate::domain::model::codes::verify_insurer_number;
use crate::domain::model::field::Field;
use crate::domain::model::kinds::{EntityKind, Severity};
use crate::domain::model::message::Message;
use crate::domain::model::xml_name::{portable_name, portable_path};
use crate::domain::routing::ProjectIndex;

/// The masters and bodies: parents of codes, code shapes, XML names, insurer numbers, the Fund.
pub fn check_masters(index: &ProjectIndex, out: &mut Vec<CheckFinding>) {
    let mut s = Sink::masters(out);
    check_affairs(index, &mut s);
    check_procedures(index, &mut s);
    check_info_kinds(index, &mut s);
    check_info_items(index, &mut s);
    check_portable_names(index, &mut s);
    check_insurers(index, &mut s);
}

/// A code of a master: what it is called, and its shape (a prefix and digits, or the long form's 16 characters).
struct CodeShape {
    label: (&'static str, &'static str),
    prefix: &'static str,
    digits: usize,
}

const AFFAIR: CodeShape =
    CodeShape { label: ("事務コード", "affair code"), prefix: "JM", digits: 3 };
const PROCEDURE: CodeShape =
    CodeShape { label: ("事務手続コード", "procedure code"), prefix: "JT", digits: 6 };
const INFO_KIND: CodeShape =
    CodeShape {
        label: ("特定個人情報名コード", "info kind code"), prefix: "TM", digits: 3
    };

impl CodeShape {
    /// A warning when `code` does not have this shape.
    fn check(&self, code: &str, s: &mut Sink) {
        if code_shape_ok(code, self.prefix, self.digits) {
            return;
        }
        let (ja, en) = self.label;
        let (prefix, digits) = (self.prefix, self.digits);
        s.add(
            CheckRule::CodeShape,
            Severity::Warning,
            (EntityKind::Code, code, Some(Field::Code)),
            Message::new(
                format!("{ja} {code} の形式が想定外です（{prefix}＋数字{digits}桁、または16文字）"),
                format!(
                    "{en} {code} has an unexpected shape ({prefix} + {digits} digits, or 16 characters)"
                ),
            ),
        );
    }
}

fn check_affairs(index: &ProjectIndex, s: &mut Sink) {
    for a in &index.project.affairs {
        AFFAIR.check(a.code.as_str(), s);
    }
}

fn check_procedures(index: &ProjectIndex, s: &mut Sink) {
    for x in &index.project.procedures {
        PROCEDURE.check(x.code.as_str(), s);
        if !index.affairs.contains_key(x.affair.as_str()) {
            s.add(
                CheckRule::CodeParentUnknown,
                Severity::Error,
                (EntityKind::Code, x.code.as_str(), Some(Field::ParentCode)),
                Message::new(
                    format!("事務手続 {} の親コード {} が事務にありません", x.code, x.affair),
                    format!("procedure {}'s parent {} is not an affair", x.code, x.affair),
                ),
            );
        }
    }
}

fn check_info_kinds(index: &ProjectIndex, s: &mut Sink) {
    for k in &index.project.info_kinds {
        INFO_KIND.check(k.code.as_str(), s);
        if k.xml_root.is_empty() {
            s.add(
                CheckRule::CodeXmlMissing,
                Severity::Warning,
                (EntityKind::Code, k.code.as_str(), Some(Field::XmlPath)),
                Message::new(
                    format!("特定個人情報名 {} にXMLのルート要素がありません", k.code),
                    format!("info kind {} has no XML root element", k.code),
                ),
            );
        }
    }
}

fn check_info_items(index: &ProjectIndex, s: &mut Sink) {
    for i in &index.project.info_items {
        if !index.info_kinds.contains_key(i.info_kind.as_str()) {
            s.add(
                CheckRule::CodeParentUnknown,
                Severity::Error,
                (EntityKind::Code, i.code.as_str(), Some(Field::ParentCode)),
                Message::new(
                    format!(
                        "項目 {} の親コード {} が特定個人情報名にありません",
                        i.code, i.info_kind
                    ),
                    format!("item {}'s parent {} is not an info kind", i.code, i.info_kind),
                ),
            );
        }
        if i.xml_path.is_empty() {
            s.add(
                CheckRule::CodeXmlMissing,
                Severity::Warning,
                (EntityKind::Code, i.code.as_str(), Some(Field::XmlPath)),
                Message::new(
                    format!("項目 {} にXMLパスがありません", i.code),
                    format!("item {} has no XML path", i.code),
                ),
            );
        } else if !i.repeated_group.is_empty()
            && !i.xml_path.starts_with(&format!("{}/", i.repeated_group))
        {
            let (code, path, group) = (&i.code, &i.xml_path, &i.repeated_group);
            let message = Message::new(
                format!("項目 {code} のXMLパス {path} が繰返し {group} の下にありません"),
                format!("item {code}'s path {path} is not under its repeated group {group}"),
            );
            let at = (EntityKind::Code, code.as_str(), Some(Field::RepeatedGroup));
            s.add(CheckRule::CodeGroupMismatch, Severity::Warning, at, message);
        }
    }
}

/// Element names every parser reads, in master order, each with the portable name as its fix.
fn check_portable_names(index: &ProjectIndex, s: &mut Sink) {
    let p = index.project;
    for k in &p.info_kinds {
        if let Some(bad) = index.unportable_kinds.get(k.code.as_str()) {
            let xml_root = portable_name(bad.path);
            let f = s.add(
                CheckRule::XmlNameNotPortable,
                Severity::Error,
                (EntityKind::Code, k.code.as_str(), Some(Field::XmlPath)),
                bad.message(),
            );
            f.suggest(
                Message::new(
                    format!("XMLパスを「{xml_root}」にする（名称「{}」はそのまま）", k.name),
                    format!("set the XML path to \"{xml_root}\" (the name \"{}\" stays)", k.name),
                ),
                Some(Fix::InfoKindXmlRoot { code: k.code.clone(), xml_root }),
            );
        }
    }
    for i in &p.info_items {
        if let Some(bad) = index.unportable_items.get(i.code.as_str()) {
            // Path and group are fixed alike, so the group stays a prefix of the path.
            let xml_path = if i.xml_path.split('/').all(str::is_empty) {
                portable_name(i.code.as_str())
            } else {
                portable_path(&i.xml_path)
            };
            let repeated_group = portable_path(&i.repeated_group);
            let f = s.add(
                CheckRule::XmlNameNotPortable,
                Severity::Error,
                (EntityKind::Code, i.code.as_str(), Some(bad.field)),
                bad.message(),
            );
            let group_note = if repeated_group == i.repeated_group {
                (String::new(), String::new())
            } else {
                (
                    format!("、繰返しを「{repeated_group}」"),
                    format!(" and the repeated group to \"{repeated_group}\""),
                )
            };
            f.suggest(
                Message::new(
                    format!("XMLパスを「{xml_path}」{}にする", group_note.0),
                    format!("set the XML path to \"{xml_path}\"{}", group_note.1),
                ),
                Some(Fix::InfoItemXmlPath { code: i.code.clone(), xml_path, repeated_group }),
            );
        }
    }
}

/// Insurer numbers' check digits, and the Fund every query goes to.
fn check_insurers(index: &ProjectIndex, s: &mut Sink) {
    let p = index.project;
    for ins in &p.insurers {
        if let Err(e) = verify_insurer_number(ins.number.as_str()) {
            let (ja, en) = halves(&e);
            s.add(
                CheckRule::InsurerNumberCheckDigit,
                Severity::Warning,
                (EntityKind::Insurer, ins.number.as_str(), Some(Field::InsurerNumber)),
                Message::new(
                    format!("保険者番号 {}: {ja}", ins.number),
                    format!("insurer number {}: {en}", ins.number),
                ),
            );
        }
    }
    if p.fund().is_none() && !p.test_cases.is_empty() {
        s.add(
            CheckRule::FundUndefined,
            Severity::Error,
            (EntityKind::Institution, "", Some(Field::InstitutionKind)),
            Message::new(
                "種別が基金の機関がありません（医療保険者等の情報の照会先）",
                "no institution of kind 基金 (the Fund, the provider of insurer-held information) is defined",
            ),
        );
    }
}

/// Scenarios and variations: ids present and the hierarchy consistent.
pub fn check_hierarchy(index: &ProjectIndex, out: &mut Vec<CheckFinding>) {
    let p = index.project;
    let mut s = Sink::masters(out);
    let scenarios: HashSet<(&str, &str)> =
        p.scenarios.iter().map(|x| (x.party.as_str(), x.id.as_str())).collect();
    for sc in &p.scenarios {
        s.party = sc.party.as_str();
        if sc.id.as_str().trim().is_empty() {
            s.add(
                CheckRule::IdMissing,
                Severity::Error,
                (EntityKind::Scenario, "", Some(Field::ScenarioId)),
                Message::new("シナリオIDがありません", "the scenario has no id"),
            );
        }
    }
    for v in &p.variations {
        s.party = v.party.as_str();
        if v.id.as_str().trim().is_empty() {
            s.add(
                CheckRule::IdMissing,
                Severity::Error,
                (EntityKind::Variation, "", Some(Field::VariationId)),
                Message::new("バリエーションIDがありません", "the variation has no id"),
            );
        }
        if !scenarios.contains(&(v.party.as_str(), v.scenario.as_str())) {
            s.add(
                CheckRule::Hierarchy,
                Severity::Error,
                (EntityKind::Variation, v.id.as_str(), Some(Field::ScenarioId)),
                Message::new(
                    format!("バリエーション {} のシナリオ {} がありません", v.id, v.scenario),
                    format!("variation {}'s scenario {} does not exist", v.id, v.scenario),
                ),
            );
        }
    }
}
