//! The sheets of the exchange workbook and their columns, as docs/exchange-format.md defines them: the one table both
//! the writer and the reader follow (each column a [`Field`], whose header text is the contract's).

use crate::domain::model::columns::Row;
use crate::domain::model::field::Field;
use crate::domain::model::{BenefitRecord, Institution, Insurer, Membership, RoleModel, TestCase};

/// A sheet of the contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SheetKind {
    /// テストケース一覧
    TestCases,
    /// ロールモデル
    RoleModels,
    /// 加入歴
    Memberships,
    /// 給付情報
    Benefits,
    /// 保険者
    Insurers,
    /// 機関
    Institutions,
    /// コード
    Codes,
    /// 指摘一覧: the findings exchanged between the parties.
    Findings,
}

/// Every sheet, in the order the writer writes them.
pub const ALL_SHEETS: [SheetKind; 8] = [
    SheetKind::TestCases,
    SheetKind::RoleModels,
    SheetKind::Memberships,
    SheetKind::Benefits,
    SheetKind::Insurers,
    SheetKind::Institutions,
    SheetKind::Codes,
    SheetKind::Findings,
];

/// The 確認 columns of テストケース一覧 (optional: a book without them leaves the states as they are).
pub const AGREEMENT_FIELDS: [Field; 4] =
    [Field::AgreementState, Field::AgreementDate, Field::AgreementBy, Field::AgreementMemo];

/// What `--sheets` calls the 確認 columns.
pub const AGREEMENT_COLUMNS: &str = "確認";

/// (header, required)
pub type Header = (&'static str, bool);

/// (field, required)
pub type Column = (Field, bool);

impl SheetKind {
    /// The sheet's name.
    pub fn name(self) -> &'static str {
        match self {
            SheetKind::TestCases => "テストケース一覧",
            SheetKind::RoleModels => "ロールモデル",
            SheetKind::Memberships => "加入歴",
            SheetKind::Benefits => "給付情報",
            SheetKind::Insurers => "保険者",
            SheetKind::Institutions => "機関",
            SheetKind::Codes => "コード",
            SheetKind::Findings => "指摘一覧",
        }
    }

    /// A sheet by its name.
    pub fn from_name(name: &str) -> Option<SheetKind> {
        ALL_SHEETS.into_iter().find(|s| s.name() == name)
    }

    /// The columns, by field, in the writer's column order, each with whether the contract requires it: its
    /// kind's field table's (`domain::columns`), but for the code sheet, whose rows are of four kinds.
    pub fn columns(self) -> &'static [Column] {
        static COLUMNS: [std::sync::OnceLock<Vec<Column>>; 8] =
            [const { std::sync::OnceLock::new() }; 8];
        let i = ALL_SHEETS.iter().position(|k| *k == self).unwrap_or(0);
        COLUMNS[i].get_or_init(|| match self {
            SheetKind::TestCases => table_columns::<TestCase>(),
            SheetKind::RoleModels => table_columns::<RoleModel>(),
            SheetKind::Memberships => table_columns::<Membership>(),
            SheetKind::Benefits => table_columns::<BenefitRecord>(),
            SheetKind::Insurers => table_columns::<Insurer>(),
            SheetKind::Institutions => table_columns::<Institution>(),
            SheetKind::Findings => table_columns::<crate::domain::model::Finding>(),
            SheetKind::Codes => CODE_COLUMNS.to_vec(),
        })
    }

    /// The headers, in the writer's column order: each column's field's workbook header.
    pub fn headers(self) -> &'static [Header] {
        static HEADERS: [std::sync::OnceLock<Vec<Header>>; 8] =
            [const { std::sync::OnceLock::new() }; 8];
        let i = ALL_SHEETS.iter().position(|k| *k == self).unwrap_or(0);
        HEADERS[i].get_or_init(|| {
            self.columns().iter().map(|(f, required)| (f.header(), *required)).collect()
        })
    }

    /// The column of a field, by its position among the sheet's columns.
    pub fn position(self, field: Field) -> Option<usize> {
        self.columns().iter().position(|(f, _)| *f == field)
    }

    /// The field of a header on this sheet.
    pub fn field_of(self, header: &str) -> Option<Field> {
        self.columns().iter().find(|(f, _)| f.header() == header).map(|(f, _)| *f)
    }
}

/// A sheet's columns from its kind's field table: every field but the file's own columns.
fn table_columns<T: Row>() -> Vec<Column> {
    T::COLUMNS
        .iter()
        .filter(|c| !c.rule.file_only())
        .filter_map(|c| c.field.map(|f| (f, c.required)))
        .collect()
}

/// The code sheet's columns: one row per code of the four masters.
const CODE_COLUMNS: &[Column] = &[
    (Field::CodeKind, true),
    (Field::Code, true),
    (Field::CodeName, true),
    (Field::ParentCode, false),
    (Field::XmlPath, false),
    (Field::RepeatedGroup, false),
];

/// A header as compared: NFKC, spaces and line breaks removed.
pub fn normalise_header(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfkc().filter(|c| !c.is_whitespace()).collect()
}

/// The sheet a workbook sheet's name names: exact, with surrounding spaces, or with a trailing number
/// (`テストケース一覧 (2)`).
pub fn sheet_by_name(name: &str) -> Option<SheetKind> {
    let n = normalise_header(name);
    if let Some(k) = SheetKind::from_name(&n) {
        return Some(k);
    }
    let stripped = n.trim_end_matches(|c: char| {
        c.is_ascii_digit() || c == '(' || c == ')' || c == '_' || c == '-'
    });
    SheetKind::from_name(stripped)
}

pub use crate::domain::coordination::source::column_letters;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_letters() {
        assert_eq!(sheet_by_name(" テストケース一覧 (2)"), Some(SheetKind::TestCases));
        assert_eq!(sheet_by_name("加入歴2"), Some(SheetKind::Memberships));
        assert_eq!(sheet_by_name("その他"), None);
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(17), "R");
        assert_eq!(normalise_header("情報照会者\n機関コード "), "情報照会者機関コード");
    }
}
