//! Every user-visible string of the window, in Japanese and English.

use crate::domain::message::Lang;

/// A string of the UI, by meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    /// The application's name.
    AppTitle,
    /// Status: control characters were removed from typed text.
    ControlCharactersRemoved,
    /// 処理通番
    Serial,
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
    /// Menu 編集
    MenuEdit,
    /// 元に戻す
    Undo,
    /// やり直し
    Redo,
    /// 新規…
    New,
    /// 日付の表示
    DateStyle,
    /// ISO (2018-07-27)
    DateIso,
    /// 和暦
    DateWareki,
    /// Tab names of the sheets other than test cases
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
    /// 件 (rows)
    Rows,
    /// 件選択
    Selected,
    /// Nothing to undo
    NothingToUndo,
    /// Nothing to redo
    NothingToRedo,
    /// 元に戻しました
    Undone,
    /// やり直しました
    Redone,
    /// Status: role models count
    RoleModelsCount,
    /// Status: memberships count
    MembershipsCount,
    /// ＋ シナリオ
    AddScenario,
    /// バリエーションを追加
    AddVariation,
    /// テストケースを追加
    AddTestCase,
    /// 複製
    Duplicate,
    /// 削除…
    Delete,
    /// 編集 (undo label prefix)
    EditField,
    /// 移動 (undo label prefix)
    MoveTestCase,
    /// 検索…
    Search,
    /// テストケース (heading)
    TestCase,
    /// （未設定）
    NotSet,
    /// 削除の確認
    ConfirmDelete,
    /// 削除する
    DeleteConfirmed,
    /// キャンセル
    Cancel,
    /// 一緒に削除されるもの
    AlsoDeleted,
    /// シナリオ (entity word)
    Scenario,
    /// バリエーション (entity word)
    Variation,
    /// 追加 (undo label prefix)
    Added,
    /// 削除 (undo label prefix)
    Deleted,
    /// Label of a table's filter box
    FilterLabel,
    /// The detail pane's delete button
    DeleteThisCase,
    /// ＋ ロールモデル
    AddRoleModel,
    /// ＋ 加入歴
    AddMembership,
    /// この加入歴を削除
    RemoveMembership,
    /// A required value is empty
    Required,
    /// このロールモデルを削除…
    DeleteThisRoleModel,
    /// 最近使ったプロジェクト
    Recent,
    /// （なし）
    NoRecent,
    /// 名前を付けて保存…
    SaveAs,
    /// 検索
    Find,
    /// テーマ
    Theme,
    /// ライト
    ThemeLight,
    /// ダーク
    ThemeDark,
    /// システムに合わせる
    ThemeSystem,
    /// 保存
    Saved,
    /// この行を削除…
    DeleteThisRow,
    /// ＋ 給付情報
    AddBenefit,
    /// 削除 (a small button)
    Remove,
    /// 名前の変更
    Rename,
    /// 新しいID
    NewId,
    /// 取り込み… (menu)
    ImportMenu,
    /// 書き出し… (menu)
    ExportMenu,
    /// 書き出し中
    Exporting,
    /// 読み込み中
    Reading,
    /// 取り込み
    Import,
    /// 書き出しました
    Exported,
    /// 取り消しました
    JobCancelled,
    /// エラー
    Errors,
    /// 警告
    Warnings,
    /// 変更はありません
    NothingChanges,
    /// 取り込む
    ApplyImport,
    /// 保存先を選ぶ…
    ExportNext,
    /// 検査 (status bar)
    CheckSummary,
    /// シミュレーション
    Simulation,
    /// 検査結果
    Checks,
    /// 網羅性
    Coverage,
    /// 全件シミュレーション
    SimulateAll,
    /// 全件シミュレーション中
    SimulatingAll,
    /// 不一致
    Mismatches,
    /// 不一致のみ
    OnlyMismatches,
    /// 処理結果 (column)
    Outcome,
    /// 提供保険者 (column)
    Providers,
    /// 期待との一致 (column)
    Match,
    /// 不一致 (cell)
    Mismatch,
    /// テスト観点
    Viewpoints,
    /// 重大度
    Severity,
    /// 規則
    Rule,
    /// 場所
    Where,
    /// 内容
    MessageCol,
    /// 修正
    Fix,
    /// 修正を適用
    ApplyFix,
    /// 採用
    Taken,
    /// 不採用
    Left,
    /// 期待どおり
    AsExpected,
    /// 加入歴の時系列
    Timeline,
    /// 併合後の XML
    MergedXml,
    /// XML をコピー
    CopyXml,
    /// 併合結果なし
    NoMergedAnswer,
    /// 保険者ごとの応答
    PerInsurer,
    /// 情報
    Notes,
    /// Label of the tree's filter box
    TreeFind,
    /// Save the shown case's XML files into a folder
    SaveXml,
    /// Save the XML of every selected case
    SaveSelectedXml,
    /// Heading of the selected cases' list in the simulation view
    SelectedCases,
    /// Message after XML files were saved
    XmlSaved,
    /// Open the folder of what was just written
    OpenFolder,
    /// Tree badge tooltip: errors and warnings under this node
    BadgeHint,
    /// Legend of the merged XML's tints
    PartsLegend,
    /// No filter: every value
    All,
    /// Job: applying an import
    Applying,
    /// A command refused while the project file is being written in the background
    Busy,
    /// How many rows pass the filters: "2 / 5 件を表示"
    RowsShown,
}

impl Text {
    /// The string in a language.
    pub fn get(self, lang: Lang) -> &'static str {
        let (ja, en) = match self {
            Text::AppTitle => ("Renkei Workbench — 連携テスト仕様", "Renkei Workbench"),
            Text::Serial => ("処理通番", "Serial"),
            Text::ControlCharactersRemoved => (
                "XML に書けない制御文字を取り除いて保存しました",
                "saved without the control characters XML cannot carry",
            ),
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
            Text::MenuEdit => ("編集", "Edit"),
            Text::Undo => ("元に戻す", "Undo"),
            Text::Redo => ("やり直し", "Redo"),
            Text::New => ("新規…", "New…"),
            Text::DateStyle => ("日付の表示", "Dates"),
            Text::DateIso => ("西暦（2018-07-27）", "ISO (2018-07-27)"),
            Text::DateWareki => ("和暦（平成30年7月27日）", "Japanese era (平成30年7月27日)"),
            Text::RoleModels => ("ロールモデル", "Role models"),
            Text::Memberships => ("加入歴", "Memberships"),
            Text::Benefits => ("給付情報", "Benefits"),
            Text::Insurers => ("保険者", "Insurers"),
            Text::Institutions => ("機関", "Institutions"),
            Text::Codes => ("コード", "Codes"),
            Text::Rows => ("件", "rows"),
            Text::Selected => ("件選択", "selected"),
            Text::NothingToUndo => ("元に戻す操作はありません", "Nothing to undo"),
            Text::NothingToRedo => ("やり直す操作はありません", "Nothing to redo"),
            Text::Undone => ("元に戻しました", "Undone"),
            Text::Redone => ("やり直しました", "Redone"),
            Text::RoleModelsCount => ("ロールモデル", "role models"),
            Text::MembershipsCount => ("加入歴", "memberships"),
            Text::AddScenario => ("＋ シナリオ", "+ Scenario"),
            Text::AddVariation => ("バリエーションを追加", "Add variation"),
            Text::AddTestCase => ("テストケースを追加", "Add test case"),
            Text::Duplicate => ("複製", "Duplicate"),
            Text::Delete => ("削除…", "Delete…"),
            Text::EditField => ("編集", "Edit"),
            Text::MoveTestCase => ("移動", "Move"),
            Text::Search => ("検索…", "Search…"),
            Text::TestCase => ("テストケース", "Test case"),
            Text::NotSet => ("（未設定）", "(not set)"),
            Text::ConfirmDelete => ("削除の確認", "Delete?"),
            Text::DeleteConfirmed => ("削除する", "Delete"),
            Text::Cancel => ("キャンセル", "Cancel"),
            Text::AlsoDeleted => ("一緒に削除されるもの", "Also deleted"),
            Text::Scenario => ("シナリオ", "scenario"),
            Text::Variation => ("バリエーション", "variation"),
            Text::Added => ("追加", "Add"),
            Text::Deleted => ("削除", "Delete"),
            Text::FilterLabel => ("絞り込み", "Filter"),
            Text::DeleteThisCase => ("このテストケースを削除…", "Delete this test case…"),
            Text::AddRoleModel => ("＋ ロールモデル", "+ Role model"),
            Text::AddMembership => ("＋ 加入歴", "+ Membership"),
            Text::RemoveMembership => ("この加入歴を削除", "Remove this membership"),
            Text::Required => ("必須です", "required"),
            Text::DeleteThisRoleModel => ("このロールモデルを削除…", "Delete this role model…"),
            Text::Recent => ("最近使ったプロジェクト", "Recent projects"),
            Text::NoRecent => ("（なし）", "(none)"),
            Text::SaveAs => ("名前を付けて保存…", "Save as…"),
            Text::Find => ("検索（Ctrl+F）", "Find (Ctrl+F)"),
            Text::Theme => ("テーマ", "Theme"),
            Text::ThemeLight => ("ライト", "Light"),
            Text::ThemeDark => ("ダーク", "Dark"),
            Text::ThemeSystem => ("システムに合わせる", "Follow the system"),
            Text::Saved => ("保存", "Saved"),
            Text::DeleteThisRow => ("この行を削除…", "Delete this row…"),
            Text::AddBenefit => ("＋ 給付情報", "+ Benefit"),
            Text::Remove => ("削除", "Remove"),
            Text::Rename => ("IDの変更", "Change id"),
            Text::NewId => ("新しいID", "New id"),
            Text::ImportMenu => ("取り込み（共通様式）…", "Import workbook…"),
            Text::ExportMenu => ("書き出し（共通様式）…", "Export workbook…"),
            Text::Exporting => ("書き出し中", "Exporting"),
            Text::Reading => ("読み込み中", "Reading"),
            Text::Import => ("取り込み", "Import"),
            Text::Exported => ("書き出しました", "Exported"),
            Text::JobCancelled => (
                "取り消しました（何も書き込んでいません）",
                "Cancelled: nothing was written",
            ),
            Text::Errors => ("エラー", "errors"),
            Text::Warnings => ("警告", "warnings"),
            Text::NothingChanges => ("変更はありません", "Nothing changes"),
            Text::ApplyImport => ("取り込む", "Import"),
            Text::ExportNext => ("保存先を選んで書き出す…", "Choose where, and export…"),
            Text::CheckSummary => ("検査", "Check"),
            Text::Simulation => ("シミュレーション", "Simulation"),
            Text::Checks => ("検査結果", "Findings"),
            Text::Coverage => (
                "網羅性（事務手続 × 照会条件）",
                "Coverage (procedure × condition)",
            ),
            Text::Viewpoints => ("テスト観点", "Viewpoints"),
            Text::SimulateAll => ("全件シミュレーション", "Simulate all"),
            Text::SimulatingAll => ("全件シミュレーション中", "Simulating every test case"),
            Text::Mismatches => ("不一致", "mismatches"),
            Text::OnlyMismatches => ("不一致のみ", "Mismatches only"),
            Text::Outcome => ("処理結果", "Outcome"),
            Text::Providers => ("提供保険者", "Providers"),
            Text::Match => ("期待との一致", "As expected"),
            Text::Mismatch => ("不一致", "mismatch"),
            Text::Severity => ("重大度", "Severity"),
            Text::Rule => ("規則", "Rule"),
            Text::Where => ("場所", "Where"),
            Text::MessageCol => ("内容 → 提案", "Message → suggestion"),
            Text::Fix => ("修正", "Fix"),
            Text::ApplyFix => ("適用", "Apply"),
            Text::Taken => ("採用", "TAKEN"),
            Text::Left => ("不採用", "left"),
            Text::AsExpected => ("期待どおりです", "As expected"),
            Text::Timeline => (
                "加入歴（保険者ごと）と照会条件",
                "Memberships by insurer, and the query condition",
            ),
            Text::MergedXml => ("併合後の XML", "Merged XML"),
            Text::CopyXml => ("コピー", "Copy"),
            Text::NoMergedAnswer => (
                "併合結果はありません（正常終了ではありません）",
                "No merged answer (not 正常終了)",
            ),
            Text::PerInsurer => ("保険者ごとの応答", "Each insurer's answer"),
            Text::Notes => ("情報", "notes"),
            Text::TreeFind => ("検索", "Find"),
            Text::SaveXml => ("XML を保存…", "Save XML…"),
            Text::SaveSelectedXml => (
                "選択したすべての XML を保存…",
                "Save the XML of all selected…",
            ),
            Text::SelectedCases => ("選択中のテストケース", "Selected test cases"),
            Text::XmlSaved => ("XML を保存しました", "XML saved"),
            Text::OpenFolder => ("フォルダーを開く", "Open folder"),
            Text::BadgeHint => (
                "この下のエラー / 警告（検査結果）",
                "Errors / warnings below this node (checks)",
            ),
            Text::All => ("すべて", "All"),
            Text::Applying => ("反映中", "Applying"),
            Text::Busy => (
                "取り込みを反映中です。終わってから操作してください",
                "An import is being applied; try again when it has finished",
            ),
            Text::RowsShown => ("件を表示", "shown"),
            Text::PartsLegend => (
                "色は保険者ごとの部分:",
                "Tinted by the insurer each part came from:",
            ),
        };
        match lang {
            Lang::Ja => ja,
            Lang::En => en,
        }
    }
}

/// A value of the domain's enumerations in the UI language (Japanese labels are the workbook's own values).
pub trait Labelled: Copy {
    /// 日本語
    fn ja(self) -> &'static str;
    /// English
    fn en(self) -> &'static str;
    /// In this language.
    fn label(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Ja => self.ja(),
            Lang::En => self.en(),
        }
    }
}

macro_rules! labelled {
    ($($t:ty),*) => {$(
        impl Labelled for $t {
            fn ja(self) -> &'static str {
                self.label_ja()
            }
            fn en(self) -> &'static str {
                self.label_en()
            }
        }
    )*};
}

labelled!(
    crate::domain::model::Outcome,
    crate::domain::model::ConditionKind,
    crate::domain::check::EntityKind
);

/// A sheet's tab name.
pub fn sheet_tab(kind: crate::exchange::sheets::SheetKind) -> Text {
    use crate::exchange::sheets::SheetKind as K;
    match kind {
        K::TestCases => Text::TestCases,
        K::RoleModels => Text::RoleModels,
        K::Memberships => Text::Memberships,
        K::Benefits => Text::Benefits,
        K::Insurers => Text::Insurers,
        K::Institutions => Text::Institutions,
        K::Codes => Text::Codes,
    }
}
