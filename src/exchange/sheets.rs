//! The sheets of the exchange workbook and their headers, as EXCHANGE-FORMAT.md defines them: the one table both
//! the writer and the reader follow.

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
}

/// Every sheet, in the order the writer writes them.
pub const ALL_SHEETS: [SheetKind; 7] = [
    SheetKind::TestCases,
    SheetKind::RoleModels,
    SheetKind::Memberships,
    SheetKind::Benefits,
    SheetKind::Insurers,
    SheetKind::Institutions,
    SheetKind::Codes,
];

/// (header, required)
pub type Header = (&'static str, bool);

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
        }
    }

    /// A sheet by its name.
    pub fn from_name(name: &str) -> Option<SheetKind> {
        ALL_SHEETS.into_iter().find(|s| s.name() == name)
    }

    /// The headers, in the writer's column order.
    pub fn headers(self) -> &'static [Header] {
        match self {
            SheetKind::TestCases => &[
                ("シナリオID", true),
                ("シナリオ名", false),
                ("バリエーションID", true),
                ("バリエーション名", false),
                ("テストケースID", true),
                ("テスト観点ID", false),
                ("照会日", false),
                ("情報照会者機関コード", true),
                ("情報照会者部署名", false),
                ("情報照会者部署コード", false),
                ("照会先機関コード", true),
                ("事務コード", true),
                ("事務手続コード", true),
                ("特定個人情報名コード", true),
                ("特定個人情報項目コードリスト", true),
                ("照会条件", true),
                ("照会条件開始日", false),
                ("照会条件終了日", false),
                ("ロールモデルID", true),
                ("副本の詳細", false),
                ("期待する処理結果", false),
                ("期待する提供保険者", false),
                ("備考", false),
            ],
            SheetKind::RoleModels => &[
                ("ロールモデルID", true),
                ("機関別符号", true),
                ("氏名", false),
                ("氏名カナ", false),
                ("生年月日", false),
                ("性別", false),
                ("住所", false),
                ("個人番号", false),
                ("シナリオID", false),
                ("バリエーションID", false),
                ("テストケースID", false),
                ("備考", false),
            ],
            SheetKind::Memberships => &[
                ("ロールモデルID", true),
                ("保険者番号", true),
                ("被保険者枝番", false),
                ("紐付番号", false),
                ("資格取得日", true),
                ("資格喪失日", false),
                ("資格喪失日の空値理由", false),
                ("中間サーバー登録日時", false),
                ("版番号", false),
            ],
            SheetKind::Benefits => &[
                ("ロールモデルID", true),
                ("保険者番号", true),
                ("給付種別", true),
                ("支給開始日", true),
                ("支給額", false),
            ],
            SheetKind::Insurers => &[
                ("保険者番号", true),
                ("保険者名称", true),
                ("制度", false),
                ("ロット", false),
                ("代表団体", false),
            ],
            SheetKind::Institutions => &[
                ("機関コード", true),
                ("機関名", true),
                ("種別", false),
                ("テストグループ", false),
                ("代表団体", false),
            ],
            SheetKind::Codes => &[
                ("種別", true),
                ("コード", true),
                ("名称", true),
                ("親コード", false),
                ("XMLパス", false),
                ("繰返し", false),
            ],
        }
    }
}

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

pub use crate::domain::source::column_letters;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_letters() {
        assert_eq!(
            sheet_by_name(" テストケース一覧 (2)"),
            Some(SheetKind::TestCases)
        );
        assert_eq!(sheet_by_name("加入歴2"), Some(SheetKind::Memberships));
        assert_eq!(sheet_by_name("その他"), None);
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(17), "R");
        assert_eq!(
            normalise_header("情報照会者\n機関コード "),
            "情報照会者機関コード"
        );
    }
}
