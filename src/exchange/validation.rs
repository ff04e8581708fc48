//! What each validated column of the workbook accepts: the drop-down lists (from the project's masters and the
//! fixed choices) and the whole-number ranges, per (sheet, header).

use crate::domain::model::kinds::{AgreementState, FindingState, Severity};
use crate::domain::model::*;

use super::sheets::SheetKind;

/// What a validated column accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Allowed {
    /// One of these values: a drop-down list, its values on the hidden lists sheet.
    List(Vec<String>),
    /// A whole number in this range.
    WholeNumber(i32, i32),
}

/// A column of a sheet the workbook validates, and what it accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Validation {
    /// The sheet.
    pub sheet: SheetKind,
    /// The column, by its header.
    pub header: &'static str,
    /// What it accepts.
    pub allowed: Allowed,
}

fn labels<T: Copy>(all: &[T], label: fn(T) -> &'static str) -> Vec<String> {
    all.iter().map(|x| label(*x).to_string()).collect()
}

/// Every validated column of every sheet: the contract's fixed lists, and the project's masters for the code
/// columns that refer to them (never on a master's own key column, where new codes are typed).
pub fn validations(p: &Project) -> Vec<Validation> {
    use SheetKind::*;
    let list = |sheet, header, values: Vec<String>| Validation {
        sheet,
        header,
        allowed: Allowed::List(values),
    };
    let institutions: Vec<String> = p.institutions.iter().map(|x| x.code.to_string()).collect();
    let insurers: Vec<String> = p.insurers.iter().map(|x| x.number.to_string()).collect();
    vec![
        list(TestCases, "情報照会者機関コード", institutions.clone()),
        list(TestCases, "照会先機関コード", institutions),
        list(TestCases, "事務コード", p.affairs.iter().map(|x| x.code.to_string()).collect()),
        list(
            TestCases,
            "事務手続コード",
            p.procedures.iter().map(|x| x.code.to_string()).collect(),
        ),
        list(
            TestCases,
            "特定個人情報名コード",
            p.info_kinds.iter().map(|x| x.code.to_string()).collect(),
        ),
        list(TestCases, "照会条件", labels(&ConditionKind::ALL, ConditionKind::label_ja)),
        list(TestCases, "期待する処理結果", labels(&Outcome::ALL, Outcome::label_ja)),
        list(TestCases, "確認状態", labels(&AgreementState::ALL, AgreementState::label_ja)),
        list(RoleModels, "性別", vec!["男".into(), "女".into()]),
        list(Memberships, "保険者番号", insurers.clone()),
        list(Benefits, "保険者番号", insurers),
        list(Insurers, "制度", labels(&InsuranceSystem::ALL, InsuranceSystem::label_ja)),
        Validation { sheet: Insurers, header: "ロット", allowed: Allowed::WholeNumber(1, 3) },
        list(Insurers, "代表団体", vec!["○".into()]),
        list(Institutions, "種別", labels(&InstitutionKind::ALL, InstitutionKind::label_ja)),
        Validation {
            sheet: Institutions,
            header: "テストグループ",
            allowed: Allowed::WholeNumber(1, 8),
        },
        list(Institutions, "代表団体", vec!["○".into()]),
        list(
            Findings,
            "対象シート",
            // The sheets a finding can be about: every sheet but 指摘一覧 itself.
            super::sheets::ALL_SHEETS
                .iter()
                .filter(|s| **s != Findings)
                .map(|s| s.name().to_string())
                .collect(),
        ),
        list(Findings, "重大度", labels(&Severity::ALL, Severity::label_ja)),
        list(Findings, "状態", labels(&FindingState::ALL, FindingState::label_ja)),
        list(
            Codes,
            "種別",
            ["事務", "事務手続", "特定個人情報名", "項目"].map(String::from).to_vec(),
        ),
    ]
}
