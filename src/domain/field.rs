//! The fields of the project's rows, by meaning: what a finding points at, what the cursor is put in, what a
//! change lists. Each field's workbook header (the contract's Japanese column name, EXCHANGE-FORMAT.md) and its
//! English label come from here, and nowhere else.

use serde::Serialize;

use super::message::Lang;

macro_rules! fields {
    ($($(#[$doc:meta])* $name:ident => $ja:literal, $en:literal;)*) => {
        /// A field of a row, named by its meaning.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Field {
            $($(#[$doc])* $name,)*
        }

        impl Field {
            /// Every field.
            pub const ALL: &'static [Field] = &[$(Field::$name,)*];

            /// The workbook header: the contract's Japanese column name.
            pub fn header(self) -> &'static str {
                match self {
                    $(Field::$name => $ja,)*
                }
            }

            /// The English label.
            pub fn label_en(self) -> &'static str {
                match self {
                    $(Field::$name => $en,)*
                }
            }
        }
    };
}

fields! {
    /// シナリオID (of a test case)
    ScenarioId => "シナリオID", "Scenario";
    /// シナリオ名
    ScenarioName => "シナリオ名", "Scenario name";
    /// バリエーションID (of a test case)
    VariationId => "バリエーションID", "Variation";
    /// バリエーション名
    VariationName => "バリエーション名", "Variation name";
    /// テストケースID (of a test case)
    TestCaseId => "テストケースID", "Test case";
    /// テスト観点ID
    ViewpointId => "テスト観点ID", "Viewpoint";
    /// 照会日
    QueryDate => "照会日", "Query date";
    /// 情報照会者機関コード
    Requester => "情報照会者機関コード", "Requester";
    /// 情報照会者部署名
    RequesterDepartmentName => "情報照会者部署名", "Department";
    /// 情報照会者部署コード
    RequesterDepartmentCode => "情報照会者部署コード", "Department code";
    /// 照会先機関コード
    Provider => "照会先機関コード", "Provider";
    /// 事務コード
    Affair => "事務コード", "Affair";
    /// 事務手続コード
    Procedure => "事務手続コード", "Procedure";
    /// 特定個人情報名コード
    InfoKind => "特定個人情報名コード", "Info kind";
    /// 特定個人情報項目コードリスト
    Items => "特定個人情報項目コードリスト", "Items";
    /// 照会条件
    Condition => "照会条件", "Condition";
    /// 照会条件開始日
    ConditionStart => "照会条件開始日", "Condition from";
    /// 照会条件終了日
    ConditionEnd => "照会条件終了日", "Condition to";
    /// ロールモデルID
    RoleModelId => "ロールモデルID", "Role model";
    /// 副本の詳細
    ReplicaDetails => "副本の詳細", "Replica details";
    /// 期待する処理結果
    ExpectedOutcome => "期待する処理結果", "Expected outcome";
    /// 期待する提供保険者
    ExpectedProviders => "期待する提供保険者", "Expected providers";
    /// 備考
    Remarks => "備考", "Remarks";
    /// 機関別符号
    PersonCode => "機関別符号", "Person code";
    /// 氏名
    Name => "氏名", "Name";
    /// 氏名カナ
    NameKana => "氏名カナ", "Name (kana)";
    /// 生年月日
    BirthDate => "生年月日", "Date of birth";
    /// 性別
    Sex => "性別", "Sex";
    /// 住所
    Address => "住所", "Address";
    /// 個人番号
    MyNumber => "個人番号", "My Number";
    /// シナリオID (the scenarios a role model serves)
    ScenarioIds => "シナリオID", "Scenario";
    /// バリエーションID (the variations a role model serves)
    VariationIds => "バリエーションID", "Variation";
    /// テストケースID (the test cases a role model serves)
    TestCaseIds => "テストケースID", "Test case";
    /// 保険者番号
    InsurerNumber => "保険者番号", "Insurer number";
    /// 被保険者枝番
    MemberBranch => "被保険者枝番", "Member branch";
    /// 紐付番号
    LinkNumber => "紐付番号", "Link number";
    /// 資格取得日
    AcquiredOn => "資格取得日", "Acquired";
    /// 資格喪失日
    LostOn => "資格喪失日", "Lost";
    /// 資格喪失日の空値理由
    LostOnReasonOfNull => "資格喪失日の空値理由", "ReasonOfNull (lost)";
    /// 中間サーバー登録日時
    RegisteredAt => "中間サーバー登録日時", "Registered";
    /// 版番号
    Version => "版番号", "Version";
    /// 給付種別
    BenefitKind => "給付種別", "Benefit kind";
    /// 支給開始日
    StartDate => "支給開始日", "Paid from";
    /// 支給額
    Amount => "支給額", "Amount";
    /// 保険者名称
    InsurerName => "保険者名称", "Insurer name";
    /// 制度
    System => "制度", "System";
    /// ロット
    Lot => "ロット", "Lot";
    /// 代表団体
    Representative => "代表団体", "Representative";
    /// 機関コード
    InstitutionCode => "機関コード", "Institution code";
    /// 機関名
    InstitutionName => "機関名", "Institution name";
    /// 種別 (of an institution)
    InstitutionKind => "種別", "Kind";
    /// テストグループ
    TestGroup => "テストグループ", "Test group";
    /// 種別 (of a code)
    CodeKind => "種別", "Kind";
    /// コード
    Code => "コード", "Code";
    /// 名称
    CodeName => "名称", "Name";
    /// 親コード
    ParentCode => "親コード", "Parent code";
    /// XMLパス
    XmlPath => "XMLパス", "XML path";
    /// 繰返し
    RepeatedGroup => "繰返し", "Repeated group";
    /// 確認状態
    AgreementState => "確認状態", "Agreement";
    /// 確認日
    AgreementDate => "確認日", "Agreed on";
    /// 確認者
    AgreementBy => "確認者", "Agreed by";
    /// 確認メモ
    AgreementMemo => "確認メモ", "Agreement memo";
    /// 指摘ID
    FindingId => "指摘ID", "Finding";
    /// 起票者
    RaisedBy => "起票者", "Raised by";
    /// 起票日
    RaisedOn => "起票日", "Raised on";
    /// 対象シート
    TargetSheet => "対象シート", "Sheet";
    /// 対象キー
    TargetKey => "対象キー", "Row";
    /// 対象項目
    TargetField => "対象項目", "Field";
    /// 重大度
    Severity => "重大度", "Severity";
    /// 規則
    Rule => "規則", "Rule";
    /// 内容
    Message => "内容", "Message";
    /// 提案
    Suggestion => "提案", "Suggestion";
    /// 状態 (of a finding)
    FindingState => "状態", "State";
    /// 回答
    Reply => "回答", "Reply";
    /// 回答者
    RepliedBy => "回答者", "Replied by";
    /// 回答日
    RepliedOn => "回答日", "Replied on";
}

impl Field {
    /// The field of a kind of row a header names (`シナリオID` is a role model's list of scenarios, a test case's
    /// scenario otherwise; `種別` a code's or an institution's kind).
    pub fn for_header(entity: super::kinds::EntityKind, header: &str) -> Option<Field> {
        use super::kinds::EntityKind as K;
        let header = header.trim();
        let mut found = Field::ALL.iter().copied().filter(|f| f.header() == header);
        let first = found.next()?;
        let Some(second) = found.next() else {
            return Some(first);
        };
        Some(match (entity, first, second) {
            (K::RoleModel, _, other) => other,
            (K::Institution, Field::CodeKind, _) | (K::Institution, _, Field::CodeKind) => {
                Field::InstitutionKind
            }
            (K::Code, Field::InstitutionKind, _) | (K::Code, _, Field::InstitutionKind) => {
                Field::CodeKind
            }
            _ => first,
        })
    }

    /// The label in a language: the workbook header in Japanese.
    pub fn label(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Ja => self.header(),
            Lang::En => self.label_en(),
        }
    }
}

impl Serialize for Field {
    /// As its workbook header (what `check --format json` has always written).
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.header())
    }
}

impl PartialEq<&str> for Field {
    /// A field is its workbook header.
    fn eq(&self, header: &&str) -> bool {
        self.header() == *header
    }
}

impl std::fmt::Display for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.header())
    }
}
