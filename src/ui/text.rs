//! Every user-visible string of the window, in Japanese and English.

use crate::domain::message::Lang;

/// A string of the UI, by meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    /// The application's name.
    AppTitle,
    /// Menu ファイル
    MenuFile,
    /// Menu item 開く…
    Open,
    /// Menu item 終了
    Quit,
    /// Menu 表示
    MenuView,
    /// Language 日本語 / English
    Language,
    /// Tab テストケース一覧
    TestCases,
    /// Filter box hint
    Filter,
    /// Status: count of test cases
    CasesCount,
    /// Message when a file dialog is unavailable
    NoDialog,
    /// Column headers
    ColScenario,
    /// バリエーションID
    ColVariation,
    /// テストケースID
    ColTestCase,
    /// 照会条件
    ColCondition,
    /// 照会日
    ColQueryDate,
    /// 事務手続コード
    ColProcedure,
    /// 項目
    ColItems,
    /// ロールモデルID
    ColRoleModel,
    /// 期待する処理結果
    ColExpected,
    /// 期待する提供保険者
    ColProviders,
    /// No project open
    NoProject,
}

impl Text {
    /// The string in a language.
    pub fn get(self, lang: Lang) -> &'static str {
        let (ja, en) = match self {
            Text::AppTitle => ("Renkei Workbench — 連携テスト仕様", "Renkei Workbench"),
            Text::MenuFile => ("ファイル", "File"),
            Text::Open => ("開く…", "Open…"),
            Text::Quit => ("終了", "Quit"),
            Text::MenuView => ("表示", "View"),
            Text::Language => ("言語", "Language"),
            Text::TestCases => ("テストケース一覧", "Test cases"),
            Text::Filter => ("絞り込み…", "Filter…"),
            Text::CasesCount => ("テストケース", "test cases"),
            Text::NoDialog => (
                "ファイル選択ダイアログを開けません。パスを指定して起動してください",
                "No file dialog is available; start with a path instead",
            ),
            Text::ColScenario => ("シナリオID", "Scenario"),
            Text::ColVariation => ("バリエーションID", "Variation"),
            Text::ColTestCase => ("テストケースID", "Test case"),
            Text::ColCondition => ("照会条件", "Condition"),
            Text::ColQueryDate => ("照会日", "Query date"),
            Text::ColProcedure => ("事務手続コード", "Procedure"),
            Text::ColItems => ("項目", "Items"),
            Text::ColRoleModel => ("ロールモデルID", "Role model"),
            Text::ColExpected => ("期待する処理結果", "Expected outcome"),
            Text::ColProviders => ("期待する提供保険者", "Expected providers"),
            Text::NoProject => ("プロジェクトが開かれていません", "No project is open"),
        };
        match lang {
            Lang::Ja => ja,
            Lang::En => en,
        }
    }
}
