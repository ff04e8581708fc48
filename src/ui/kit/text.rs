//! Every user-visible string of the window, in Japanese and English.

use crate::domain::model::message::Lang;

/// The UI's strings: each variant with its Japanese and English text, side by side.
macro_rules! texts {
    ($($(#[$doc:meta])* $name:ident => ($ja:expr, $en:expr $(,)?),)*) => {
        /// A string of the UI, by meaning.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Text {
            $($(#[$doc])* $name,)*
        }

        impl Text {
            /// The text in this language.
            pub fn get(self, lang: Lang) -> &'static str {
                let (ja, en) = match self {
                    $(Text::$name => ($ja, $en),)*
                };
                match lang {
                    Lang::Ja => ja,
                    Lang::En => en,
                }
            }
        }
    };
}

texts! {
    /// The application's name.
    AppTitle => ("Renkei Workbench — 連携テスト仕様", "Renkei Workbench"),
    /// Status: control characters were removed from typed text.
    ControlCharactersRemoved => (
        "XML に書けない制御文字を取り除いて保存しました",
        "saved without the control characters XML cannot carry",
    ),
    /// 処理通番
    Serial => ("処理通番", "Serial"),
    /// Menu ファイル
    MenuFile => ("ファイル", "File"),
    /// Menu item 開く…
    Open => ("開く…", "Open…"),
    /// Menu item 終了
    Quit => ("終了", "Quit"),
    /// Menu 表示
    MenuView => ("表示", "View"),
    /// Language 日本語 / English
    Language => ("言語", "Language"),
    /// Tab テストケース一覧
    TestCases => ("テストケース一覧", "Test cases"),
    /// Filter box hint
    Filter => ("絞り込み…", "Filter…"),
    /// Status: count of test cases
    CasesCount => ("テストケース", "test cases"),
    /// Message when a file dialog is unavailable
    NoDialog => (
        "ファイル選択ダイアログを開けませんでした（Linux では xdg-desktop-portal か zenity が必要です）。パスを入力してください",
        "No file dialog could be shown (on Linux it needs xdg-desktop-portal or zenity): type the path",
    ),
    /// Rules the user hid
    HiddenRules => ("隠した規則:", "Hidden rules:"),
    /// Show a hidden rule again
    ShowRuleAgain => ("もう一度表示する", "Show it again"),
    /// Hide a rule's findings
    HideRule => ("この規則を隠す", "Hide this rule"),
    /// The notification area
    Messages => ("お知らせ", "Messages"),
    /// Copy every line
    CopyAll => ("すべてコピー", "Copy all"),
    /// Copy one line
    Copy => ("コピー", "Copy"),
    /// Save the import's problems as text
    SaveProblems => ("問題をテキストで保存…", "Save the problems as text…"),
    /// The problems were saved
    ProblemsSaved => ("問題を保存しました", "Problems saved"),
    /// The typed path's label
    PathLabel => ("パス", "Path"),
    /// Under the path box of an import: several books at once
    SeveralPaths => (
        "複数のブックは 1 行に 1 つずつ（または ; で区切って）入力できます",
        "Several books: one per line (or separated by ;)",
    ),
    /// What the path box is for
    AskOpenProject => ("開くプロジェクトファイル", "Project file to open"),
    /// What the path box is for
    AskNewProject => ("新しいプロジェクトファイル", "New project file"),
    /// The new-project form's title
    NewProject => ("新しいプロジェクト", "New project"),
    /// The new-project form: whose it is
    OwnCode => ("自団体（機関コードまたは保険者番号）", "Own body (institution code or insurer number)"),
    /// The new-project form: the city's name
    OwnName => ("機関名（マスタにない市区町村等のとき）", "Institution name (for a city not in the masters)"),
    /// The new-project form: whose it is, in words
    OwnHint => (
        "市区町村等は機関コード（例 002）、代表保険者は保険者番号（例 06130033）。起票者・確認者・回答者に使います",
        "A city gives its institution code (e.g. 002), an insurer representative its insurer number (e.g. 06130033): \
         it is written as who raised, set or replied",
    ),
    /// The new-project form: the masters' source
    MastersSource => ("マスタ（機関・保険者・コード）", "Masters (institutions, insurers, codes)"),
    /// The new-project form: the sample masters
    MastersSample => ("見本のマスタ（正式なマスタではありません）", "The sample masters (not the official ones)"),
    /// The new-project form: another file's masters
    MastersFromFile => (
        "別のプロジェクトかブック（.renkei / .xlsx）のマスタ",
        "Another project's or book's masters (.renkei / .xlsx)",
    ),
    /// The new-project form: no masters
    MastersEmpty => ("なし（受け取るブックのマスタを使う）", "None (the books received bring them)"),
    /// The new-project form: the file the masters come from
    MastersFile => ("マスタを取るファイル", "File to take the masters from"),
    /// 参照…
    Browse => ("参照…", "Browse…"),
    /// 作成
    Create => ("作成", "Create"),
    /// The new-project form: no file named
    NoMastersFile => ("マスタを取るファイルを指定してください", "Name the file to take the masters from"),
    /// The job reading the masters
    ReadingMasters => ("マスタを読み込み中", "Reading the masters"),
    /// What the path box is for
    AskSaveAs => ("プロジェクトのコピーの保存先", "Where to save a copy of the project"),
    /// What the path box is for
    AskExport => ("書き出すブック（共通様式）", "Workbook to export"),
    /// What the path box is for
    AskImport => ("取り込むブック（共通様式）", "Workbooks to import"),
    /// What the path box is for
    AskXmlFolder => ("XML を保存するフォルダー", "Folder to save the XML in"),
    /// What the path box is for
    AskProblemsFile => ("問題の一覧を保存するファイル", "File to save the problems in"),
    /// Go ahead
    Ok => ("OK", "OK"),
    /// Close a docked view
    Close => ("閉じる", "Close"),
    /// Tab 指摘一覧
    FindingsTab => ("指摘一覧", "Findings"),
    /// Column headers
    ColScenario => ("シナリオID", "Scenario"),
    /// バリエーションID
    ColVariation => ("バリエーションID", "Variation"),
    /// テストケースID
    ColTestCase => ("テストケースID", "Test case"),
    /// 照会条件
    ColCondition => ("照会条件", "Condition"),
    /// 照会日
    ColQueryDate => ("照会日", "Query date"),
    /// 事務手続コード
    ColProcedure => ("事務手続コード", "Procedure"),
    /// 項目
    ColItems => ("項目", "Items"),
    /// ロールモデルID
    ColRoleModel => ("ロールモデルID", "Role model"),
    /// 期待する処理結果
    ColExpected => ("期待する処理結果", "Expected outcome"),
    /// 期待する提供保険者
    ColProviders => ("期待する提供保険者", "Expected providers"),
    /// No project open
    NoProject => ("プロジェクトが開かれていません", "No project is open"),
    /// Menu 編集
    MenuEdit => ("編集", "Edit"),
    /// 元に戻す
    Undo => ("元に戻す", "Undo"),
    /// やり直し
    Redo => ("やり直し", "Redo"),
    /// 新規…
    New => ("新規…", "New…"),
    /// 日付の表示
    DateStyle => ("日付の表示", "Dates"),
    /// ISO (2018-07-27)
    DateIso => ("西暦（2018-07-27）", "ISO (2018-07-27)"),
    /// 和暦
    DateWareki => ("和暦（平成30年7月27日）", "Japanese era (平成30年7月27日)"),
    /// Tab names of the sheets other than test cases
    RoleModels => ("ロールモデル", "Role models"),
    /// 加入歴
    Memberships => ("加入歴", "Memberships"),
    /// 給付情報
    Benefits => ("給付情報", "Benefits"),
    /// 保険者
    Insurers => ("保険者", "Insurers"),
    /// 機関
    Institutions => ("機関", "Institutions"),
    /// コード
    Codes => ("コード", "Codes"),
    /// 件 (rows)
    Rows => ("件", "rows"),
    /// 件選択
    Selected => ("件選択", "selected"),
    /// Nothing to undo
    NothingToUndo => ("元に戻す操作はありません", "Nothing to undo"),
    /// Nothing to redo
    NothingToRedo => ("やり直す操作はありません", "Nothing to redo"),
    /// 元に戻しました
    Undone => ("元に戻しました", "Undone"),
    /// やり直しました
    Redone => ("やり直しました", "Redone"),
    /// Status: role models count
    RoleModelsCount => ("ロールモデル", "role models"),
    /// Status: memberships count
    MembershipsCount => ("加入歴", "memberships"),
    /// ＋ シナリオ
    AddScenario => ("＋ シナリオ", "+ Scenario"),
    /// バリエーションを追加
    AddVariation => ("バリエーションを追加", "Add variation"),
    /// テストケースを追加
    AddTestCase => ("テストケースを追加", "Add test case"),
    /// 名前の変更 (a scenario's or variation's, in its pane)
    RenameName => ("名前の変更", "Rename"),
    /// 複製
    Duplicate => ("複製", "Duplicate"),
    /// 削除…
    Delete => ("削除…", "Delete…"),
    /// 編集 (undo label prefix)
    EditField => ("編集", "Edit"),
    /// 移動 (undo label prefix)
    MoveTestCase => ("移動", "Move"),
    /// 検索…
    Search => ("検索…", "Search…"),
    /// テストケース (heading)
    TestCase => ("テストケース", "Test case"),
    /// （未設定）
    NotSet => ("（未設定）", "(not set)"),
    /// 削除の確認
    ConfirmDelete => ("削除の確認", "Delete?"),
    /// 削除する
    DeleteConfirmed => ("削除する", "Delete"),
    /// キャンセル
    Cancel => ("キャンセル", "Cancel"),
    /// 使われているため削除できません
    InUse => ("次の行で使われているため削除できません", "Cannot be deleted: used by these rows"),
    /// The sample code masters' note
    SampleMasters => (
        "見本のマスタです（正式なマスタではありません。共通様式のブックや別のプロジェクトから取り込めます）:",
        "Sample masters (not the official ones; a shared-format book or another project can bring those):"
    ),
    /// 行を追加…
    AddMasterRow => ("行を追加…", "Add a row…"),
    /// 新しい行
    NewMasterRow => ("新しい行", "New row"),
    /// テストケースから (a person's links as its cases give them)
    LinksFromCases => ("このロールモデルを使うテストケース", "Test cases naming this person"),
    /// テストケースから設定
    SetLinksFromCases => ("テストケースから設定", "Set from the test cases"),
    /// 一緒に削除されるもの
    AlsoDeleted => ("一緒に削除されるもの", "Also deleted"),
    /// シナリオ (entity word)
    Scenario => ("シナリオ", "scenario"),
    /// バリエーション (entity word)
    Variation => ("バリエーション", "variation"),
    /// 追加 (undo label prefix)
    Added => ("追加", "Add"),
    /// 削除 (undo label prefix)
    Deleted => ("削除", "Delete"),
    /// Label of a table's filter box
    FilterLabel => ("絞り込み", "Filter"),
    /// The table's column menu.
    ColumnsMenu => ("列…", "Columns…"),
    /// Hover of the column menu.
    ColumnsMenuHint => (
        "表示する列と並び順（シートごとに記憶します）",
        "Which columns show, and their order (remembered per sheet)",
    ),
    /// A key column in the column menu.
    KeyColumnFixed => ("（キー・常に左端）", "(key, always at the left)"),
    /// Move a column left in the column menu.
    ColumnEarlier => ("左へ", "Move left"),
    /// Move a column right in the column menu.
    ColumnLater => ("右へ", "Move right"),
    /// Put the columns back as the workbook has them.
    ColumnsReset => ("既定の列に戻す", "Default columns"),
    /// Hover of the buttons that scroll the table's columns.
    ColumnsScrollHint => (
        "列を左右に送ります（キー列は固定。Shift+ホイールでも）",
        "Scroll the columns (the key column stays; Shift+wheel too)",
    ),
    /// Which columns are in view: "列 3–9 / 14".
    ColumnsInView => ("列", "Columns"),
    /// The detail pane's delete button
    DeleteThisCase => ("このテストケースを削除…", "Delete this test case…"),
    /// ＋ ロールモデル
    AddRoleModel => ("＋ ロールモデル", "+ Role model"),
    /// ＋ 加入歴
    AddMembership => ("＋ 加入歴", "+ Membership"),
    /// 照会条件開始日 under 時点指定: the one date of a point-in-time query.
    ConditionPoint => ("時点", "Point in time"),
    /// The new membership form's heading.
    NewMembership => ("新しい加入歴", "New membership"),
    /// The new benefit record form's heading.
    NewBenefit => ("新しい給付情報", "New benefit record"),
    /// Add the row the form describes.
    AddThis => ("追加", "Add"),
    /// Hint of a new membership's acquisition date: the day the last was lost.
    SuggestedDate => ("前の加入歴の喪失日", "the day the last was lost"),
    /// A date is required before the row can be added.
    DateRequired => ("日付を入れてください", "Enter a date"),
    /// この加入歴を削除
    RemoveMembership => ("この加入歴を削除", "Remove this membership"),
    /// A required value is empty
    Required => ("必須です", "required"),
    /// このロールモデルを削除…
    DeleteThisRoleModel => ("このロールモデルを削除…", "Delete this role model…"),
    /// 最近使ったプロジェクト
    Recent => ("最近使ったプロジェクト", "Recent projects"),
    /// （なし）
    NoRecent => ("（なし）", "(none)"),
    /// 名前を付けて保存…
    SaveAs => ("名前を付けて保存…", "Save as…"),
    /// 検索
    Find => ("検索（Ctrl+F）", "Find (Ctrl+F)"),
    /// テーマ
    Theme => ("テーマ", "Theme"),
    /// ライト
    ThemeLight => ("ライト", "Light"),
    /// ダーク
    ThemeDark => ("ダーク", "Dark"),
    /// システムに合わせる
    ThemeSystem => ("システムに合わせる", "Follow the system"),
    /// 保存
    Saved => ("保存", "Saved"),
    /// この行を削除…
    DeleteThisRow => ("この行を削除…", "Delete this row…"),
    /// ＋ 給付情報
    AddBenefit => ("＋ 給付情報", "+ Benefit"),
    /// 削除 (a small button)
    Remove => ("削除", "Remove"),
    /// 名前の変更
    Rename => ("IDの変更", "Change id"),
    /// 新しいID
    NewId => ("新しいID", "New id"),
    /// 取り込み… (menu)
    ImportMenu => ("取り込み（共通様式）…", "Import workbook…"),
    /// 書き出し… (menu)
    ExportMenu => ("書き出し（共通様式）…", "Export workbook…"),
    /// 書き出し中
    Exporting => ("書き出し中", "Exporting"),
    /// 読み込み中
    Reading => ("読み込み中", "Reading"),
    /// 取り込み
    Import => ("取り込み", "Import"),
    /// 書き出しました
    Exported => ("書き出しました", "Exported"),
    /// 取り消しました
    JobCancelled => ("取り消しました（何も書き込んでいません）", "Cancelled: nothing was written"),
    /// エラー
    Errors => ("エラー", "errors"),
    /// 警告
    Warnings => ("警告", "warnings"),
    /// 変更はありません
    NothingChanges => ("変更はありません", "Nothing changes"),
    /// 取り込む
    ApplyImport => ("取り込む", "Import"),
    /// 受信を記録 (a book whose content is the project's already)
    RecordReceipt => ("受信を記録", "Record as received"),
    /// What 受信を記録 does
    RecordReceiptHint => (
        "内容は同じです。受信した記録を残し、ブックの中で位置が変わった行の位置（シート・行）を更新します",
        "The content is the same: the book is recorded as received, and rows that moved in it get their new place (sheet, row)",
    ),
    /// …行の位置を更新しました
    SourcesUpdated => ("行の位置（シート・行）を更新しました", "rows' places (sheet, row) updated"),
    /// 受信を記録しました
    ReceiptRecorded => ("受信を記録しました（変更なし）", "Recorded as received (nothing changed)"),
    /// 保存先を選ぶ…
    ExportNext => ("保存先を選んで書き出す…", "Choose where, and export…"),
    /// 検査 (status bar)
    CheckSummary => ("検査", "Check"),
    /// シミュレーション
    Simulation => ("シミュレーション", "Simulation"),
    /// 検査結果
    Checks => ("検査結果", "Check results"),
    /// 網羅性
    Coverage => ("網羅性（事務手続 × 照会条件）", "Coverage (procedure × condition)"),
    /// 全件シミュレーション
    SimulateAll => ("全件シミュレーション", "Simulate all"),
    /// 全件シミュレーション中
    SimulatingAll => ("全件シミュレーション中", "Simulating every test case"),
    /// 不一致
    Mismatches => ("不一致", "mismatches"),
    /// 不一致のみ
    OnlyMismatches => ("不一致のみ", "Mismatches only"),
    /// 処理結果 (column)
    Outcome => ("処理結果", "Outcome"),
    /// 提供保険者 (column)
    Providers => ("提供保険者", "Providers"),
    /// 期待との一致 (column)
    Match => ("期待との一致", "As expected"),
    /// 不一致 (cell)
    Mismatch => ("不一致", "mismatch"),
    /// テスト観点
    Viewpoints => ("テスト観点", "Viewpoints"),
    /// 重大度
    Severity => ("重大度", "Severity"),
    /// 規則
    Rule => ("規則", "Rule"),
    /// 場所
    Where => ("場所", "Where"),
    /// 内容
    MessageCol => ("内容 → 提案", "Message → suggestion"),
    /// 修正
    Fix => ("修正", "Fix"),
    /// 修正を適用
    ApplyFix => ("適用", "Apply"),
    /// 採用
    Taken => ("採用", "taken"),
    /// 不採用
    Left => ("不採用", "left"),
    /// 期待どおり
    AsExpected => ("期待どおりです", "As expected"),
    /// 加入歴の時系列
    Timeline => ("加入歴（保険者ごと）と照会条件", "Memberships by insurer, and the query condition"),
    /// 併合後の XML
    MergedXml => ("併合後の XML", "Merged XML"),
    /// XML をコピー
    CopyXml => ("コピー", "Copy"),
    /// 併合結果なし
    NoMergedAnswer => ("併合結果はありません（正常終了ではありません）", "No merged answer (not 正常終了)"),
    /// 保険者ごとの応答
    PerInsurer => ("保険者ごとの応答", "Each insurer's answer"),
    /// 情報
    Notes => ("情報", "notes"),
    /// Label of the tree's filter box
    TreeFind => ("検索", "Find"),
    /// Save the shown case's XML files into a folder
    SaveXml => ("XML を保存…", "Save XML…"),
    /// Save the XML of every selected case
    SaveSelectedXml => ("選択したすべての XML を保存…", "Save the XML of all selected…"),
    /// Heading of the selected cases' list in the simulation view
    SelectedCases => ("選択中のテストケース", "Selected test cases"),
    /// Message after XML files were saved
    XmlSaved => ("XML を保存しました", "XML saved"),
    /// Open the folder of what was just written
    OpenFolder => ("フォルダーを開く", "Open folder"),
    /// Tree badge tooltip: errors and warnings under this node
    BadgeHint => ("この下のエラー / 警告（検査結果）", "Errors / warnings below this node (checks)"),
    /// Legend of the merged XML's tints
    PartsLegend => ("色は保険者ごとの部分:", "Tinted by the insurer each part came from:"),
    /// No filter: every value
    All => ("すべて", "All"),
    /// Job: applying an import
    Applying => ("反映中", "Applying"),
    /// A command refused while the project file is being written in the background
    Busy => (
        "取り込みを反映中です。終わってから操作してください",
        "An import is being applied; try again when it has finished",
    ),
    /// A command refused while a large project is still being read whole
    StillLoading => (
        "プロジェクトを読み込み中です。読み込みが終わると使えます",
        "The project is still being read; this can be used once it has been read whole",
    ),
    /// Shown where a view needs the whole project, while it is read: "読み込み中"
    Loading => ("読み込み中", "Loading"),
    /// The loading banner: rows read so far
    RowsRead => ("行を読み込みました", "rows read"),
    /// The loading banner: what the table shows meanwhile
    HeadRowsShown => (
        "読み込みが終わるまで、各シートの先頭の行だけを表示しています（編集・検査・シミュレーションは読み込みの後）",
        "Until it has been read, each sheet shows its first rows only (editing, checks and simulation come after)",
    ),
    /// The table's counts while the project is read: how many rows the file has ("200 / 200 件 ファイルには 100000 件")
    RowsInFile => ("ファイルには", "in the file:"),
    /// The loading banner's cancel button
    CancelLoad => ("読み込みを取り消す", "Cancel loading"),
    /// Status: the reading of a large project was cancelled
    LoadCancelled => (
        "読み込みを取り消し、プロジェクトを閉じました（ファイルは変わっていません）",
        "Loading cancelled and the project closed (the file is unchanged)",
    ),
    /// How many rows pass the filters: "2 / 5 件を表示"
    RowsShown => ("件を表示", "shown"),
    /// The parties panel's title and menu entry
    Parties => ("相手先", "Parties"),
    /// The tree's view (表示 menu)
    TreeView => ("シナリオのツリー", "Scenario tree"),
    /// The parties panel's first row: no party chosen
    AllParties => ("すべての団体", "All parties"),
    /// Column: test cases by agreement state
    AgreementBar => ("確認状態", "Agreement"),
    /// Column: open findings
    OpenFindings => ("未対応", "Open"),
    /// Column: check errors
    CheckErrors => ("エラー", "Errors"),
    /// Column: the last book received
    LastReceived => ("最後の受信 / 送信", "Last in / out"),
    /// Verdict: ready
    Ready => ("完了", "Ready"),
    /// Verdict: not ready
    NotReady => ("未完了", "Not ready"),
    /// Open the change the last book from this party made
    ChangedSinceLastBook => ("変更", "Changes"),
    /// The record of books window and menu entry
    Books => ("受信・送信の記録", "Books received and sent"),
    /// Column: in or out
    Direction => ("方向", "Direction"),
    /// Column: the file's name
    FileName => ("ファイル", "File"),
    /// Column: when
    When => ("日時", "When"),
    /// Column: party
    Party => ("団体", "Party"),
    /// Column: the other side's reply
    Reply => ("回答", "Reply"),
    /// Column: a file's SHA-256
    Sha256 => ("SHA-256", "SHA-256"),
    /// Column: counts added / changed / removed
    AddedChangedRemoved => ("追加 / 変更 / 削除", "Added / changed / removed"),
    /// Show a book's change
    ShowChange => ("変更を見る", "Show change"),
    /// Check view column: the finding (指摘) raised from a check finding
    FindingCol => ("指摘", "Finding"),
    /// Column: a finding's state (状態)
    FindingStateCol => ("状態", "State"),
    /// Raise a finding from a check finding
    RaiseFinding => ("指摘にする", "Raise"),
    /// Write a finding by hand on a row
    WriteFinding => ("指摘を書く…", "Write a finding…"),
    /// The manual finding dialog's heading
    NewFinding => ("指摘の起票", "New finding"),
    /// Field label: target
    Target => ("対象", "Target"),
    /// Field label: the field at fault
    TargetField => ("対象項目", "Field"),
    /// The whole row
    WholeRow => ("（行全体）", "(whole row)"),
    /// Field label: message
    FindingMessage => ("内容", "Message"),
    /// Field label: suggestion
    FindingSuggestion => ("提案", "Suggestion"),
    /// Add (the finding)
    Raise => ("起票する", "Raise"),
    /// The project's findings (指摘) in the check view
    RaisedFindings => ("指摘（プロジェクト）", "Findings raised"),
    /// The check's findings in the check view
    CheckResults => ("検査結果", "Check results"),
    /// Set the agreement state of the case or the selection
    SetAgreement => ("確認状態を設定", "Set agreement"),
    /// How many test cases are selected
    SelectedCount => ("件を選択中", "selected"),
    /// The own body (自団体)
    OwnBody => ("自団体", "Own body"),
    /// A new membership's insurer, not chosen yet
    ChooseInsurer => ("保険者を選んでください", "Choose the insurer"),
    /// The export dialog's choice to protect the book with a password
    ProtectBook => ("パスワードで保護する", "Protect with a password"),
    /// A password field's label
    Password => ("パスワード", "Password"),
    /// Said when a book is to be protected and no password was typed
    NeedPassword => (
        "パスワードを入力してください（空のパスワードでは保護しません）",
        "Enter a password (a book is never protected with an empty one)",
    ),
    /// The title of the dialog asking a protected book's password
    ProtectedBook => ("パスワードで保護されたブック", "Password-protected book"),
    /// The password dialog's button
    ReadBook => ("読み込む", "Read"),
    /// Show this person's 個人番号 in full
    ShowMyNumber => ("番号を表示", "Show the number"),
    /// Mask the 個人番号 again
    HideMyNumber => ("個人番号を隠す", "Hide My Number"),
    /// The role model pane's button that erases a person's personal information for good
    ErasePersonButton => ("個人情報を消去…", "Erase personal information…"),
    /// The erase dialog's title
    ErasePerson => ("個人情報の消去", "Erase personal information"),
    /// What erasing does
    EraseExplained => (
        "この人の個人情報（氏名・個人番号・生年月日など）、加入歴・給付情報、これらへの指摘、受信記録の該当項目をファイルから完全に消去します。元に戻すことはできません。受信記録には、ブックを受け取った日時・ファイル名・SHA-256・件数だけが残ります。",
        "This person's personal information (name, My Number, birth date, …), memberships and benefit records, the findings about them and the record of books' entries that named them are erased from the file for good. This cannot be undone. The record of books keeps only when each book came, its file name, SHA-256 and counts.",
    ),
    /// The erase dialog's button
    EraseConfirmed => ("消去する（元に戻せません）", "Erase (cannot be undone)"),
    /// Said once a person is erased
    Erased => ("個人情報を消去しました", "Personal information erased"),
    /// The export dialog's choice to leave 個人番号 out
    WithoutMyNumber => ("個人番号を書き出さない", "Leave out every My Number"),
    /// Asking for the own body once
    AskOwn => (
        "このプロジェクトの自団体（機関コードまたは保険者番号）を入力してください。起票者・確認者・回答者に使います",
        "Enter this project's own body (institution code or insurer number): it is written as who raised, set or replied",
    ),
    /// Save (a setting)
    Save => ("保存", "Save"),
    /// Project properties menu entry
    Properties => ("プロジェクトの設定…", "Project properties…"),
    /// The import asks whose book it is
    /// Adding a row when the window shows several parties and none is chosen.
    ChoosePartyFirst => (
        "どの団体の行を追加するか決まっていません。相手先で団体を選んでから追加してください",
        "Whose row to add is not decided: choose the party in the parties panel first",
    ),
    AskParty => (
        "この仕様書の団体を判定できません。どの団体の仕様書として読みますか",
        "This book's party cannot be told. Read it as whose book?",
    ),
    /// Read the book as this party's
    ReadAsParty => ("この団体として読む", "Read as this party's"),
    /// The book was received before
    SameBookAgain => (
        "前回この団体から受け取ったブックと同じ内容です（SHA-256 が一致）",
        "The same file as the last book from this party (same SHA-256)",
    ),
    /// A second book of the same party in one batch
    SecondBookOfParty => (
        "同じ団体のブックがこの取り込みに既にあります。取り込みません",
        "A book of the same party is already in this batch: not imported",
    ),
    /// The project changed after an import was read
    ChangedMeanwhile => (
        "このブックを読んだ後にプロジェクトが変更されたため、取り込みませんでした（何も書き込んでいません）。今のプロジェクトに対して読み直しますか",
        "The project changed after this book was read, so it was not imported (nothing was written). Read it again against the project as it is now?",
    ),
    /// Read a book again
    ReadAgain => ("読み直す", "Read again"),
    /// A case without an expectation, short
    NoExpectationShort => ("期待なし", "no expectation"),
    /// The insurer workspace's window title and menu entry
    InsurerWorkspace => ("保険者ワークスペース", "Insurer workspace"),
    /// The insurer list's search label
    InsurerSearch => ("保険者を探す", "Find an insurer"),
    /// The insurer list's search hint
    InsurerSearchHint => ("保険者番号または名称", "number or name"),
    /// Work under way off the UI thread
    Computing => ("計算中…", "Working it out…"),
    /// Marks a representative body
    Representative => ("代表団体", "representative"),
    /// Cases that reach an insurer
    Reaching => ("届くケース", "cases reaching it"),
    /// Cases not yet served as they expect
    NotYetServed => ("未充足", "not yet served"),
    /// Open an insurer's workspace
    OpenWorkspace => ("開く", "Open"),
    /// Back to the insurer list
    InsurerList => ("← 保険者一覧", "← Insurers"),
    /// An insurer
    Insurer => ("保険者", "Insurer"),
    /// Save every answer of an insurer
    SaveAllAnswers => ("すべての回答を保存…", "Save all answers…"),
    /// The unified partition's rows of an insurer
    PartitionRows => ("統一区画の行", "Rows of the unified partition"),
    /// 機関別符号
    PersonCode => ("機関別符号", "Person code"),
    /// 紐付番号
    LinkNumber => ("紐付番号", "Link number"),
    /// 被保険者枝番
    MemberBranch => ("被保険者枝番", "Member branch"),
    /// A membership's dates
    AcquiredLost => ("資格取得日～喪失日", "Acquired – lost"),
    /// ロールモデル
    RoleModel => ("ロールモデル", "Role model"),
    /// Nothing chosen yet
    ChooseCase => ("テストケースを選んでください", "Choose a test case"),
    /// A case expecting nothing
    NoExpectation => ("期待なし（期待する処理結果・提供保険者がありません）", "No expectation (no expected outcome or providers)"),
    /// The router's reasons
    RouterReasons => ("振り分けの理由", "Why the router answers so"),
    /// This insurer's replica XML for the case
    ReplicaXml => ("この保険者の回答 XML（副本）", "This insurer's answer XML (replicas)"),
    /// Work out a replica change
    ProposeReplicas => ("副本の変更を提案", "Propose a replica change"),
    /// A proposal
    Proposal => ("提案", "Proposal"),
    /// Other cases the change affects
    AlsoChanges => ("この変更で期待どおりでなくなる他のケース", "Other cases this change stops matching"),
    /// Apply the proposal
    ApplyProposal => ("提案を適用", "Apply the proposal"),
    /// The undo step of a replica change
    ServeCase => ("副本の変更", "Replica change"),
    /// A finding for the querier
    FindingForQuerier => ("照会者への指摘にする…", "Write a finding for the querier…"),
    /// No proposal found
    NoProposal => ("副本の変更では期待どおりにできません", "No replica change serves this case"),
    /// Build a role model for the case
    BuildRoleModel => ("このケース用のロールモデルを作る", "Build a role model for this case"),
    /// The boundary choice's label
    BoundaryChoice => ("作る人の日付:", "Its dates:"),
    /// Boundary: inside
    BoundaryInside => ("基準日より前から（内側）", "well inside"),
    /// A case routed to the insurer, which it expects
    RoutedExpected => ("届く・期待どおり", "routed here, expected"),
    /// A case routed to the insurer, which it does not expect
    RoutedNotExpected => ("届くが期待されていない", "routed here, not expected"),
    /// A case expecting the insurer, not routed to it
    ExpectedNotRouted => ("期待されているが届かない", "expected, not routed here"),
    /// Boundary: acquired on the point
    BoundaryAcquiredOnPoint => ("境界: 基準日に資格取得", "Boundary: acquired on the point"),
    /// Boundary: lost on the point
    BoundaryLostOnPoint => ("境界: 基準日に資格喪失", "Boundary: lost on the point"),
    /// Boundary: a range touching one day
    BoundaryTouchingOneDay => ("境界: 範囲に1日だけ重なる", "Boundary: touching the range by one day"),
    /// Target not in the project
    NoTarget => ("対象なし", "no target"),
    /// Export: one party's book
    ExportParty => ("書き出す団体", "Party's book"),
}

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
        K::Findings => Text::FindingsTab,
    }
}
