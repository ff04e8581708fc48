//! Each column's rule: which reader of [`super::cell`] a field of an entity is read by, and what it requires.
//! The workbook import, the table's in-place cell editor, the row panes and the test case and role model panes
//! all set a field through the `set_*` function here, so a value typed in the window and the same value in a
//! cell give the same result and the same warnings.

use super::cell::*;
use crate::domain::entity::Entity;
use crate::domain::field::Field;
use crate::domain::model::*;

/// The fields of a test case a cell sets alone (its keys and references are read with the book's codes).
pub const TEST_CASE_FIELDS: &[Field] = &[
    Field::ViewpointId,
    Field::QueryDate,
    Field::RequesterDepartmentName,
    Field::RequesterDepartmentCode,
    Field::ConditionStart,
    Field::ConditionEnd,
    Field::ReplicaDetails,
    Field::ExpectedOutcome,
    Field::ExpectedProviders,
    Field::Remarks,
    Field::AgreementState,
    Field::AgreementDate,
    Field::AgreementBy,
    Field::AgreementMemo,
];

/// Read one cell into a field of a test case, by the column's rule.
pub fn set_test_case(c: &mut TestCase, field: Field, raw: &Raw) -> Vec<Note> {
    let mut n = Notes::default();
    let n_ = &mut n;
    match field {
        Field::ViewpointId => c.viewpoint_id = code(raw, &[], n_).into(),
        Field::QueryDate => c.query_date = date(raw, n_),
        Field::RequesterDepartmentName => c.requester_department_name = text(raw, n_),
        Field::RequesterDepartmentCode => c.requester_department_code = code(raw, &[], n_).into(),
        Field::ConditionStart => c.condition_start = date(raw, n_),
        Field::ConditionEnd => c.condition_end = date(raw, n_),
        Field::ReplicaDetails => c.replica_details = text(raw, n_),
        Field::ExpectedOutcome => {
            c.expected_outcome =
                choice(raw, Outcome::parse, &["正常終了", "該当なし", "エラー"], n_)
        }
        Field::ExpectedProviders => c.expected_providers = insurer_numbers(raw, n_),
        Field::Remarks => c.remarks = text(raw, n_),
        // An empty 確認状態 is 未確認; a word that is none of the states cannot be held.
        Field::AgreementState => {
            c.agreement.state =
                choice(raw, AgreementState::parse, AGREEMENT_WORDS, n_).unwrap_or_default()
        }
        Field::AgreementDate => c.agreement.date = date(raw, n_),
        Field::AgreementBy => c.agreement.by = code(raw, INSURER_PAD, n_),
        Field::AgreementMemo => c.agreement.memo = text(raw, n_),
        Field::Items => {
            if raw.is_empty() {
                n_.required_missing(field);
            }
            c.items = item_codes(raw, n_)
        }
        Field::Condition => {
            if let Some(k) = condition(raw, n_) {
                c.condition_kind = k;
            }
        }
        _ => {}
    }
    n.0
}

/// The fields of a role model a cell sets alone (its id is its key).
pub const ROLE_MODEL_FIELDS: &[Field] = &[
    Field::PersonCode,
    Field::Name,
    Field::NameKana,
    Field::BirthDate,
    Field::Sex,
    Field::Address,
    Field::MyNumber,
    Field::ScenarioIds,
    Field::VariationIds,
    Field::TestCaseIds,
    Field::Remarks,
];

/// Read one cell into a field of a role model, by the column's rule.
pub fn set_role_model(r: &mut RoleModel, field: Field, raw: &Raw) -> Vec<Note> {
    let mut n = Notes::default();
    let n_ = &mut n;
    match field {
        Field::PersonCode => {
            let code = code(raw, &[], n_);
            if code.is_empty() {
                n_.required_missing(field);
            }
            r.person_code = code.into();
        }
        Field::Name => r.name = text(raw, n_).into(),
        Field::NameKana => r.name_kana = text(raw, n_).into(),
        Field::BirthDate => r.birth_date = date(raw, n_),
        Field::Sex => r.sex = choice(raw, Sex::parse, &["男", "女", "1", "2"], n_),
        Field::Address => r.address = text(raw, n_),
        Field::MyNumber => r.my_number = code(raw, &[(11, 12)], n_).into(),
        Field::ScenarioIds => r.scenario_ids = list(raw, n_),
        Field::VariationIds => r.variation_ids = list(raw, n_),
        Field::TestCaseIds => r.test_case_ids = list(raw, n_),
        Field::Remarks => r.remarks = text(raw, n_),
        _ => {}
    }
    n.0
}

/// The fields of a membership a cell sets alone (its person, insurer and acquisition date are its key).
pub const MEMBERSHIP_FIELDS: &[Field] = &[
    Field::MemberBranch,
    Field::LinkNumber,
    Field::LostOn,
    Field::LostOnReasonOfNull,
    Field::RegisteredAt,
    Field::Version,
];

/// Read one cell into a field of a membership, by the column's rule.
pub fn set_membership(m: &mut Membership, field: Field, raw: &Raw) -> Vec<Note> {
    let mut n = Notes::default();
    let n_ = &mut n;
    match field {
        Field::InsurerNumber => {
            let number = code(raw, INSURER_PAD, n_);
            if number.is_empty() {
                n_.required_missing(field);
            } else {
                m.insurer = number.into();
            }
        }
        Field::AcquiredOn => {
            if let Some(d) = required_date(raw, field, n_) {
                m.acquired_on = d;
            }
        }
        Field::MemberBranch => m.member_branch = code(raw, &[(1, 2)], n_).into(),
        Field::LinkNumber => m.link_number = code(raw, &[], n_).into(),
        Field::LostOn => m.lost_on = date(raw, n_),
        Field::LostOnReasonOfNull => m.lost_on_reason_of_null = text(raw, n_).into(),
        Field::RegisteredAt => m.registered_at = datetime(raw, n_),
        Field::Version => m.version = version(raw, n_).into(),
        _ => {}
    }
    n.0
}

/// Read one cell into a field of a benefit record, by the column's rule (only its amount is not a key).
pub fn set_benefit(b: &mut BenefitRecord, field: Field, raw: &Raw) -> Vec<Note> {
    let mut n = Notes::default();
    if field == Field::Amount {
        b.amount = amount(raw, &mut n);
    }
    n.0
}

/// The columns of 機関 a cell sets alone (its code is its key).
pub const INSTITUTION_FIELDS: &[Field] = &[
    Field::InstitutionName,
    Field::InstitutionKind,
    Field::TestGroup,
    Field::Representative,
];

/// The columns of 保険者 a cell sets alone (its number is its key).
pub const INSURER_FIELDS: &[Field] = &[
    Field::InsurerName,
    Field::System,
    Field::Lot,
    Field::Representative,
];

/// Read one cell into a field of an insurer, by the column's rule.
pub fn set_insurer(x: &mut Insurer, field: Field, raw: &Raw) -> Vec<Note> {
    let mut n = Notes::default();
    let n_ = &mut n;
    match field {
        Field::InsurerName => {
            x.name = required_text(raw, field, n_);
        }
        Field::System => {
            x.system = choice(
                raw,
                InsuranceSystem::parse,
                &[
                    "協会けんぽ",
                    "健保組合",
                    "国保組合",
                    "後期高齢者医療広域連合",
                ],
                n_,
            )
        }
        Field::Lot => x.lot = small_number(raw, 1..=3, n_),
        Field::Representative => x.representative = flag(raw, n_),
        _ => {}
    }
    n.0
}

/// Read one cell into a field of an institution, by the column's rule.
pub fn set_institution(x: &mut Institution, field: Field, raw: &Raw) -> Vec<Note> {
    let mut n = Notes::default();
    let n_ = &mut n;
    match field {
        Field::InstitutionName => {
            x.name = required_text(raw, field, n_);
        }
        Field::InstitutionKind => {
            x.kind = choice(
                raw,
                InstitutionKind::parse,
                &["地方公共団体", "基金", "その他"],
                n_,
            )
            .unwrap_or(InstitutionKind::Other)
        }
        Field::TestGroup => x.test_group = small_number(raw, 1..=8, n_),
        Field::Representative => x.representative = flag(raw, n_),
        _ => {}
    }
    n.0
}

/// A code's column by its rule: its name, parent and XML names (the kind and code are its key).
pub fn set_code(e: &mut Entity, field: Field, raw: &Raw) -> Vec<Note> {
    let mut n = Notes::default();
    let n_ = &mut n;
    match (e, field) {
        (Entity::Affair(x), Field::CodeName) => x.name = required_text(raw, field, n_),
        (Entity::Procedure(x), Field::CodeName) => x.name = required_text(raw, field, n_),
        (Entity::Procedure(x), Field::ParentCode) => x.affair = code(raw, &[], n_).into(),
        (Entity::InfoKind(x), Field::CodeName) => x.name = required_text(raw, field, n_),
        (Entity::InfoKind(x), Field::XmlPath) => x.xml_root = text(raw, n_),
        (Entity::InfoItem(x), Field::CodeName) => x.name = required_text(raw, field, n_),
        (Entity::InfoItem(x), Field::ParentCode) => x.info_kind = code(raw, &[], n_).into(),
        (Entity::InfoItem(x), Field::XmlPath) => x.xml_path = text(raw, n_),
        (Entity::InfoItem(x), Field::RepeatedGroup) => x.repeated_group = text(raw, n_),
        _ => {}
    }
    n.0
}

/// A required name or text: empty is an error.
fn required_text(raw: &Raw, field: Field, n: &mut Notes) -> String {
    let t = text(raw, n);
    if t.is_empty() {
        n.required_missing(field);
    }
    t
}

/// The words of 確認状態.
const AGREEMENT_WORDS: &[&str] = &["未確認", "提供可", "要修正", "合意", "再確認待ち"];

/// The words of a finding's 状態.
const FINDING_STATE_WORDS: &[&str] = &["未対応", "対応済", "対応不要", "取下げ"];

/// The fields of a finding a cell sets alone (its 指摘ID is its key; its target is read with the project's rows).
pub const FINDING_FIELDS: &[Field] = &[
    Field::RaisedBy,
    Field::RaisedOn,
    Field::TargetField,
    Field::Severity,
    Field::Rule,
    Field::Message,
    Field::Suggestion,
    Field::FindingState,
    Field::Reply,
    Field::RepliedBy,
    Field::RepliedOn,
];

/// Read one cell into a field of a finding (指摘), by the column's rule.
pub fn set_finding(f: &mut crate::domain::finding::Finding, field: Field, raw: &Raw) -> Vec<Note> {
    let mut n = Notes::default();
    let n_ = &mut n;
    match field {
        Field::RaisedBy => f.raised_by = required_code(raw, field, n_),
        Field::RaisedOn => {
            if let Some(d) = required_date(raw, field, n_) {
                f.raised_on = d;
            }
        }
        Field::TargetField => f.field = text(raw, n_),
        Field::Severity => {
            if let Some(s) = required_choice(
                raw,
                field,
                crate::domain::check::Severity::parse,
                &["エラー", "警告", "情報"],
                n_,
            ) {
                f.severity = s;
            }
        }
        Field::Rule => f.rule = text(raw, n_),
        Field::Message => f.message = required_text(raw, field, n_),
        Field::Suggestion => f.suggestion = text(raw, n_),
        Field::FindingState => {
            if let Some(s) =
                required_choice(raw, field, FindingState::parse, FINDING_STATE_WORDS, n_)
            {
                f.state = s;
            }
        }
        Field::Reply => f.reply = text(raw, n_),
        Field::RepliedBy => f.replied_by = code(raw, &[], n_),
        Field::RepliedOn => f.replied_on = date(raw, n_),
        _ => {}
    }
    n.0
}

/// A required code: empty is an error.
fn required_code(raw: &Raw, field: Field, n: &mut Notes) -> String {
    let c = code(raw, &[], n);
    if c.is_empty() {
        n.required_missing(field);
    }
    c
}
