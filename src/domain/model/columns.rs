//! The field tables: for each kind of row, one declarative table of its fields — the field (its workbook header
//! and English label come from `Field`), its column in the project file, whether its sheet requires it, the rule
//! its value is read by, and how to get and set it. Every layer is driven by these tables: the project file's
//! columns and readers (`store::rows`), the sheets' columns and cells and each column's reading rule
//! (`exchange::sheets`, `exchange::sheet_rows`, `exchange::column`), a change's fields (`entity::Entity::fields`)
//! and the panes' plain fields (`ui::detail`). Adding a column to テストケース一覧 is a line here, a member of the
//! struct and a migration.
//!
//! A table's order is its sheet's column order; columns that are not the sheet's (the party, a row's file key,
//! the shipped-sample flag) are read and written with the rest.

use std::borrow::Cow;

use crate::domain::date::{Date, DateTime};
use crate::domain::model::Finding;
use crate::domain::model::kinds::*;
use crate::domain::model::*;

/// Declares `Field`: every field, its workbook header and its English label.
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

// Every field of every kind of row, by meaning: its workbook header (the contract's Japanese column name, see
// docs/exchange-format.md) and its English label. A field shared by kinds (備考) is listed once.
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
    /// 団体: whose row it is, in a whole book of a project of several parties (the last column of ロールモデル, 加入歴
    /// and 給付情報; a test case's is its 情報照会者機関コード).
    Party => "団体", "Party";
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

/// A field's value as every layer passes it: text (borrowed from the row where it can be), a date, a number, a
/// flag, or nothing.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    /// No value (an empty date, an absent choice or number).
    Null,
    /// Text: free text, a code, a choice's stored key, or a comma-joined list.
    Text(Cow<'a, str>),
    /// A date.
    Date(Date),
    /// A date and time.
    DateTime(DateTime),
    /// A whole number.
    Int(i64),
    /// Yes or no.
    Flag(bool),
}

impl<'a> Value<'a> {
    /// Text borrowed from a row.
    pub fn text(s: &'a str) -> Value<'a> {
        Value::Text(Cow::Borrowed(s))
    }

    /// Text made for the value.
    pub fn owned(s: String) -> Value<'a> {
        Value::Text(Cow::Owned(s))
    }

    /// A comma-joined list.
    pub fn list<T: AsRef<str>>(items: &[T]) -> Value<'a> {
        let mut s = String::new();
        for (i, x) in items.iter().enumerate() {
            if i > 0 {
                s.push(',');
            }
            s.push_str(x.as_ref());
        }
        Value::owned(s)
    }

    /// A date, or nothing.
    pub fn opt_date(d: Option<Date>) -> Value<'a> {
        d.map(Value::Date).unwrap_or(Value::Null)
    }

    /// A number, or nothing.
    pub fn opt_int(n: Option<i64>) -> Value<'a> {
        n.map(Value::Int).unwrap_or(Value::Null)
    }

    /// A choice's stored key, or nothing.
    pub fn key(k: Option<&'static str>) -> Value<'a> {
        k.map(Value::text).unwrap_or(Value::Null)
    }

    /// The text ("" for anything else).
    pub fn as_str(&self) -> &str {
        match self {
            Value::Text(s) => s,
            _ => "",
        }
    }

    /// The text, owned.
    pub fn into_string(self) -> String {
        match self {
            Value::Text(s) => s.into_owned(),
            _ => String::new(),
        }
    }

    /// A code or id, made from the text.
    pub fn code<T: for<'s> From<&'s str>>(&self) -> T {
        T::from(self.as_str())
    }

    /// The items of a comma-joined list.
    pub fn items<T: for<'s> From<&'s str>>(&self) -> Vec<T> {
        self.as_str().split(',').filter(|x| !x.is_empty()).map(T::from).collect()
    }

    /// The date, if it is one.
    pub fn as_date(&self) -> Option<Date> {
        match self {
            Value::Date(d) => Some(*d),
            _ => None,
        }
    }

    /// The date and time, if it is one.
    pub fn as_datetime(&self) -> Option<DateTime> {
        match self {
            Value::DateTime(d) => Some(*d),
            _ => None,
        }
    }

    /// The number, if it is one.
    pub fn as_int(&self) -> Option<i64> {
        match self {
            Value::Int(n) => Some(*n),
            _ => None,
        }
    }

    /// The flag (false for anything else).
    pub fn as_flag(&self) -> bool {
        matches!(self, Value::Flag(true))
    }

    /// The value as the project file holds it, as text: dates ISO, lists comma-joined, choices by their stored
    /// keys, flags 1/0, nothing as empty. What a change shows, old → new.
    pub fn stored(&self) -> String {
        match self {
            Value::Null => String::new(),
            Value::Text(s) => s.to_string(),
            Value::Date(d) => d.to_string(),
            Value::DateTime(d) => d.to_string(),
            Value::Int(n) => n.to_string(),
            Value::Flag(b) => if *b { "1" } else { "0" }.to_string(),
        }
    }
}

/// Leading zeros a code's reading restores: (digits typed, digits meant), e.g. an insurer number of 7 digits is
/// one of 8.
pub type Pad = &'static [(usize, usize)];

/// No zeros restored.
pub const NO_PAD: Pad = &[];

/// 5 or 7 digits of an insurer number are 6 or 8.
pub const INSURER_PAD: Pad = &[(5, 6), (7, 8)];

/// A fixed list's values by their stored keys, and the words a workbook writes them with.
#[derive(Debug)]
pub struct Choices {
    /// The stored key of a word or key (`None`: not one of the list).
    pub key_of: fn(&str) -> Option<&'static str>,
    /// The Japanese label of a stored key (what the workbook writes).
    pub label_ja: fn(&str) -> Option<&'static str>,
    /// The English label of a stored key.
    pub label_en: fn(&str) -> Option<&'static str>,
}

/// What a column refers to, when its value is another row's key or a master's code (the import matches it
/// against the project and the book; the panes pick it from a list).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Master {
    /// 機関.
    Institution,
    /// 事務.
    Affair,
    /// 事務手続.
    Procedure,
    /// 特定個人情報名.
    InfoKind,
    /// A person of the same party.
    RoleModel,
    /// The row a finding is about.
    Target,
}

/// How a field's value is read from a cell or from typed text, and kept.
#[derive(Debug, Clone, Copy)]
pub enum Rule {
    /// The row's party: the file's alone (a book's party is the requester its cases share).
    Party,
    /// The row's key in the file (a membership's or benefit record's row id).
    RowId,
    /// Whether the row is shipped sample data (the file's alone).
    Sample,
    /// Shown from another row (シナリオ名 from the scenario); not kept with this one.
    Borrowed,
    /// Another row's key or a master's code, matched by the import against the project and the book.
    Reference(Master),
    /// Free text, never normalised.
    Text {
        /// Empty is an error.
        required: bool,
    },
    /// A code or an ID: NFKC-normalised; leading zeros restored.
    Code {
        /// Empty is an error.
        required: bool,
        /// The zeros restored.
        pad: Pad,
    },
    /// A date in any form the contract allows.
    Date {
        /// Empty is an error.
        required: bool,
    },
    /// A date and time.
    DateTime,
    /// Yen, a whole number (12,345 and 12,345円 and full-width digits).
    Amount,
    /// A small whole number within a range.
    Number {
        /// The least.
        min: u8,
        /// The most.
        max: u8,
    },
    /// ○ or empty.
    Flag,
    /// One of a fixed list.
    Choice {
        /// The list.
        choices: &'static Choices,
        /// The words a message offers.
        words: &'static [&'static str],
        /// Empty is an error.
        required: bool,
    },
    /// 照会条件: 既定, 時点指定 or 範囲指定, required.
    Condition,
    /// IDs, comma-separated.
    Ids,
    /// TK codes, separated by commas, 、, spaces or line breaks, with ranges (`TK01～TK15`); required.
    ItemCodes,
    /// Insurer numbers, comma-separated, in order.
    InsurerNumbers,
    /// A format version such as 4.0.
    Version,
}

impl Rule {
    /// Whether the value is the file's alone (no sheet column).
    pub fn file_only(self) -> bool {
        matches!(self, Rule::Party | Rule::RowId | Rule::Sample)
    }

    /// Whether the value is free text or a code a user types (what loses the control characters XML cannot
    /// carry).
    pub fn typed_text(self) -> bool {
        matches!(self, Rule::Text { .. } | Rule::Code { .. } | Rule::Version)
    }
}

/// One field of a kind of row.
pub struct Column<T> {
    /// The field (none for the columns that are the file's alone: the party, a row id, the sample flag).
    pub field: Option<Field>,
    /// Its column in the project file (empty for a column shown from another row).
    pub name: &'static str,
    /// Part of the row's key: read with the row by the import, never set alone from a cell.
    pub key: bool,
    /// Its sheet requires it.
    pub required: bool,
    /// How it is read.
    pub rule: Rule,
    /// Its value.
    pub get: fn(&T) -> Value<'_>,
    /// Set it.
    pub set: fn(&mut T, Value<'_>),
}

/// A kind of row with its table.
pub trait Row: Sized + 'static {
    /// Its fields, in its sheet's column order.
    #[rustfmt::skip]
    const COLUMNS: &'static [Column<Self>];

    /// A row with every field empty, which its columns are then set into (a row read from the file).
    fn blank() -> Self;
}

/// The date a blank row's required dates hold until they are set.
const NO_DATE: Date = Date::ymd(1900, 1, 1);

/// The column of a field of a kind of row.
pub fn column_of<T: Row>(field: Field) -> Option<&'static Column<T>> {
    T::COLUMNS.iter().find(|c| c.field == Some(field))
}

/// The fields a cell or a typed value sets alone (not keys, references or columns of another row), in order.
pub fn set_alone<T: Row>() -> impl Iterator<Item = Field> {
    T::COLUMNS.iter().filter_map(|c| {
        let alone =
            !c.key && !c.rule.file_only() && !matches!(c.rule, Rule::Reference(_) | Rule::Borrowed);
        c.field.filter(|_| alone)
    })
}

/// Every field with its value as the file holds it, but the file's own columns and those of other rows.
pub fn stored_fields<T: Row>(x: &T) -> Vec<(Field, String)> {
    T::COLUMNS
        .iter()
        .filter(|c| !c.rule.file_only() && !matches!(c.rule, Rule::Borrowed))
        .filter_map(|c| c.field.map(|f| (f, (c.get)(x).stored())))
        .collect()
}

/// Remove from every typed text the control characters XML cannot carry; each field that held some, with what
/// was removed.
pub fn strip_control<T: Row>(x: &mut T) -> Vec<(Field, Vec<char>)> {
    let mut out = Vec::new();
    for c in T::COLUMNS {
        let Some(field) = c.field else { continue };
        // A key's text is its identity; only a benefit record's kind, typed as its key, is cleaned.
        let typed = c.rule.typed_text() && (!c.key || matches!(c.rule, Rule::Text { .. }));
        if !typed {
            continue;
        }
        let value = (c.get)(x);
        let (kept, removed) = crate::domain::model::xml_name::strip_control(value.as_str());
        if !removed.is_empty() {
            let kept = kept.into_owned();
            (c.set)(x, Value::owned(kept));
            out.push((field, removed));
        }
    }
    out
}

macro_rules! choices {
    ($($name:ident: $ty:ty),* $(,)?) => {$(
        /// The fixed list's values, for the field tables.
        pub const $name: Choices = Choices {
            key_of: |s| <$ty>::parse(s).map(<$ty>::key),
            label_ja: |k| <$ty>::parse(k).map(<$ty>::label_ja),
            label_en: |k| <$ty>::parse(k).map(<$ty>::label_en),
        };
    )*};
}

choices!(
    INSTITUTION_KINDS: InstitutionKind,
    INSURANCE_SYSTEMS: InsuranceSystem,
    CONDITIONS: ConditionKind,
    OUTCOMES: Outcome,
    SEXES: Sex,
    ENTITY_KINDS: EntityKind,
    SEVERITIES: Severity,
    AGREEMENT_STATES: AgreementState,
    FINDING_STATES: FindingState,
);

/// The words of 確認状態.
pub const AGREEMENT_WORDS: &[&str] = &["未確認", "提供可", "要修正", "合意", "再確認待ち"];

/// The words of a finding's 状態.
pub const FINDING_STATE_WORDS: &[&str] = &["未対応", "対応済", "対応不要", "取下げ"];

const fn text(required: bool) -> Rule {
    Rule::Text { required }
}

const fn code(required: bool, pad: Pad) -> Rule {
    Rule::Code { required, pad }
}

const fn date(required: bool) -> Rule {
    Rule::Date { required }
}

/// A column: field, file column, key, required, rule, get, set.
macro_rules! col {
    ($field:expr, $name:literal, key, $req:literal, $rule:expr, $get:expr, $set:expr) => {
        Column {
            field: $field,
            name: $name,
            key: true,
            required: $req,
            rule: $rule,
            get: $get,
            set: $set,
        }
    };
    ($field:expr, $name:literal, $req:literal, $rule:expr, $get:expr, $set:expr) => {
        Column {
            field: $field,
            name: $name,
            key: false,
            required: $req,
            rule: $rule,
            get: $get,
            set: $set,
        }
    };
}

/// The 団体 column of a party sheet: written where a book holds several parties' rows, read by the import to give
/// each row to its party; never stored through it (the row's party is the file's `party` column).
macro_rules! party_sheet_column {
    ($t:ty) => {
        col!(
            Some(Field::Party),
            "",
            false,
            Rule::Borrowed,
            |x: &$t| Value::text(x.party.as_str()),
            |_, _| {}
        )
    };
}

/// A party row's party.
macro_rules! party {
    ($t:ty) => {
        col!(
            None,
            "party",
            key,
            false,
            Rule::Party,
            |x: &$t| Value::text(x.party.as_str()),
            |x: &mut $t, v| { x.party = v.code() }
        )
    };
}

impl Row for TestCase {
    fn blank() -> Self {
        TestCase::new(
            InstitutionCode::default(),
            TestCaseId::default(),
            ScenarioId::default(),
            VariationId::default(),
        )
    }

    #[rustfmt::skip]
    const COLUMNS: &'static [Column<TestCase>] = &[
        party!(TestCase),
        col!(Some(Field::ScenarioId), "scenario", key, true, code(true, NO_PAD), |x| Value::text(&x.scenario), |x, v| x.scenario = v.code()),
        col!(Some(Field::ScenarioName), "", false, Rule::Borrowed, |_| Value::Null, |_, _| {}),
        col!(Some(Field::VariationId), "variation", key, true, code(true, NO_PAD), |x| Value::text(&x.variation), |x, v| x.variation = v.code()),
        col!(Some(Field::VariationName), "", false, Rule::Borrowed, |_| Value::Null, |_, _| {}),
        col!(Some(Field::TestCaseId), "id", key, true, code(true, NO_PAD), |x| Value::text(&x.id), |x, v| x.id = v.code()),
        col!(Some(Field::ViewpointId), "viewpoint_id", false, code(false, NO_PAD), |x| Value::text(&x.viewpoint_id), |x, v| x.viewpoint_id = v.code()),
        col!(Some(Field::QueryDate), "query_date", false, date(false), |x| Value::opt_date(x.query_date), |x, v| x.query_date = v.as_date()),
        col!(Some(Field::Requester), "requester", true, Rule::Reference(Master::Institution), |x| Value::text(&x.requester), |x, v| x.requester = v.code()),
        col!(Some(Field::RequesterDepartmentName), "requester_department_name", false, text(false), |x| Value::text(&x.requester_department_name), |x, v| x.requester_department_name = v.into_string()),
        col!(Some(Field::RequesterDepartmentCode), "requester_department_code", false, code(false, NO_PAD), |x| Value::text(&x.requester_department_code), |x, v| x.requester_department_code = v.code()),
        col!(Some(Field::Provider), "provider", true, Rule::Reference(Master::Institution), |x| Value::text(&x.provider), |x, v| x.provider = v.code()),
        col!(Some(Field::Affair), "affair", true, Rule::Reference(Master::Affair), |x| Value::text(&x.affair), |x, v| x.affair = v.code()),
        col!(Some(Field::Procedure), "procedure", true, Rule::Reference(Master::Procedure), |x| Value::text(&x.procedure), |x, v| x.procedure = v.code()),
        col!(Some(Field::InfoKind), "info_kind", true, Rule::Reference(Master::InfoKind), |x| Value::text(&x.info_kind), |x, v| x.info_kind = v.code()),
        col!(Some(Field::Items), "items", true, Rule::ItemCodes, |x| Value::list(&x.items), |x, v| x.items = v.items()),
        col!(Some(Field::Condition), "condition_kind", true, Rule::Condition, |x| Value::text(x.condition_kind.key()), |x, v| { if let Some(k) = ConditionKind::parse(v.as_str()) { x.condition_kind = k } }),
        col!(Some(Field::ConditionStart), "condition_start", false, date(false), |x| Value::opt_date(x.condition_start), |x, v| x.condition_start = v.as_date()),
        col!(Some(Field::ConditionEnd), "condition_end", false, date(false), |x| Value::opt_date(x.condition_end), |x, v| x.condition_end = v.as_date()),
        col!(Some(Field::RoleModelId), "role_model", true, Rule::Reference(Master::RoleModel), |x| Value::text(&x.role_model), |x, v| x.role_model = v.code()),
        col!(Some(Field::ReplicaDetails), "replica_details", false, text(false), |x| Value::text(&x.replica_details), |x, v| x.replica_details = v.into_string()),
        col!(Some(Field::ExpectedOutcome), "expected_outcome", false, Rule::Choice { choices: &OUTCOMES, words: &["正常終了", "該当なし", "エラー"], required: false }, |x| Value::key(x.expected_outcome.map(Outcome::key)), |x, v| x.expected_outcome = Outcome::parse(v.as_str())),
        col!(Some(Field::ExpectedProviders), "expected_providers", false, Rule::InsurerNumbers, |x| Value::list(&x.expected_providers), |x, v| x.expected_providers = v.items()),
        col!(Some(Field::Remarks), "remarks", false, text(false), |x| Value::text(&x.remarks), |x, v| x.remarks = v.into_string()),
        col!(Some(Field::AgreementState), "agreement_state", false, Rule::Choice { choices: &AGREEMENT_STATES, words: AGREEMENT_WORDS, required: false }, |x| Value::text(x.agreement.state.key()), |x, v| x.agreement.state = AgreementState::parse(v.as_str()).unwrap_or_default()),
        col!(Some(Field::AgreementDate), "agreement_date", false, date(false), |x| Value::opt_date(x.agreement.date), |x, v| x.agreement.date = v.as_date()),
        col!(Some(Field::AgreementBy), "agreement_by", false, code(false, INSURER_PAD), |x| Value::text(&x.agreement.by), |x, v| x.agreement.by = v.into_string()),
        col!(Some(Field::AgreementMemo), "agreement_memo", false, text(false), |x| Value::text(&x.agreement.memo), |x, v| x.agreement.memo = v.into_string()),
    ];
}

impl Row for RoleModel {
    fn blank() -> Self {
        RoleModel::new(InstitutionCode::default(), RoleModelId::default(), PersonCode::default())
    }

    #[rustfmt::skip]
    const COLUMNS: &'static [Column<RoleModel>] = &[
        party!(RoleModel),
        col!(Some(Field::RoleModelId), "id", key, true, code(true, NO_PAD), |x| Value::text(&x.id), |x, v| x.id = v.code()),
        col!(Some(Field::PersonCode), "person_code", true, code(true, NO_PAD), |x| Value::text(&x.person_code), |x, v| x.person_code = v.code()),
        col!(Some(Field::Name), "name", false, text(false), |x| Value::text(&x.name), |x, v| x.name = v.code()),
        col!(Some(Field::NameKana), "name_kana", false, text(false), |x| Value::text(&x.name_kana), |x, v| x.name_kana = v.code()),
        col!(Some(Field::BirthDate), "birth_date", false, date(false), |x| Value::opt_date(x.birth_date), |x, v| x.birth_date = v.as_date()),
        col!(Some(Field::Sex), "sex", false, Rule::Choice { choices: &SEXES, words: &["男", "女", "1", "2"], required: false }, |x| Value::key(x.sex.map(Sex::key)), |x, v| x.sex = Sex::parse(v.as_str())),
        col!(Some(Field::Address), "address", false, text(false), |x| Value::text(&x.address), |x, v| x.address = v.into_string()),
        col!(Some(Field::MyNumber), "my_number", false, code(false, &[(11, 12)]), |x| Value::text(&x.my_number), |x, v| x.my_number = v.code()),
        col!(Some(Field::ScenarioIds), "scenario_ids", false, Rule::Ids, |x| Value::list(&x.scenario_ids), |x, v| x.scenario_ids = v.items()),
        col!(Some(Field::VariationIds), "variation_ids", false, Rule::Ids, |x| Value::list(&x.variation_ids), |x, v| x.variation_ids = v.items()),
        col!(Some(Field::TestCaseIds), "test_case_ids", false, Rule::Ids, |x| Value::list(&x.test_case_ids), |x, v| x.test_case_ids = v.items()),
        col!(Some(Field::Remarks), "remarks", false, text(false), |x| Value::text(&x.remarks), |x, v| x.remarks = v.into_string()),
        party_sheet_column!(RoleModel),
    ];
}

impl Row for Membership {
    fn blank() -> Self {
        Membership::new(
            InstitutionCode::default(),
            RoleModelId::default(),
            InsurerNumber::default(),
            NO_DATE,
        )
    }

    #[rustfmt::skip]
    const COLUMNS: &'static [Column<Membership>] = &[
        col!(None, "id", key, false, Rule::RowId, |x| Value::Int(x.id), |x, v| x.id = v.as_int().unwrap_or(0)),
        party!(Membership),
        col!(Some(Field::RoleModelId), "role_model", key, true, Rule::Reference(Master::RoleModel), |x| Value::text(&x.role_model), |x, v| x.role_model = v.code()),
        col!(Some(Field::InsurerNumber), "insurer", key, true, code(true, INSURER_PAD), |x| Value::text(&x.insurer), |x, v| x.insurer = v.code()),
        col!(Some(Field::MemberBranch), "member_branch", false, code(false, &[(1, 2)]), |x| Value::text(&x.member_branch), |x, v| x.member_branch = v.code()),
        col!(Some(Field::LinkNumber), "link_number", false, code(false, NO_PAD), |x| Value::text(&x.link_number), |x, v| x.link_number = v.code()),
        col!(Some(Field::AcquiredOn), "acquired_on", key, true, date(true), |x| Value::Date(x.acquired_on), |x, v| { if let Some(d) = v.as_date() { x.acquired_on = d } }),
        col!(Some(Field::LostOn), "lost_on", false, date(false), |x| Value::opt_date(x.lost_on), |x, v| x.lost_on = v.as_date()),
        col!(Some(Field::LostOnReasonOfNull), "lost_on_reason_of_null", false, text(false), |x| Value::text(&x.lost_on_reason_of_null), |x, v| x.lost_on_reason_of_null = v.code()),
        col!(Some(Field::RegisteredAt), "registered_at", false, Rule::DateTime, |x| x.registered_at.map(Value::DateTime).unwrap_or(Value::Null), |x, v| x.registered_at = v.as_datetime()),
        col!(Some(Field::Version), "version", false, Rule::Version, |x| Value::text(&x.version), |x, v| x.version = v.code()),
        party_sheet_column!(Membership),
    ];
}

impl Row for BenefitRecord {
    fn blank() -> Self {
        BenefitRecord::new(
            InstitutionCode::default(),
            RoleModelId::default(),
            InsurerNumber::default(),
            CompactString::default(),
            NO_DATE,
        )
    }

    #[rustfmt::skip]
    const COLUMNS: &'static [Column<BenefitRecord>] = &[
        col!(None, "id", key, false, Rule::RowId, |x| Value::Int(x.id), |x, v| x.id = v.as_int().unwrap_or(0)),
        party!(BenefitRecord),
        col!(Some(Field::RoleModelId), "role_model", key, true, Rule::Reference(Master::RoleModel), |x| Value::text(&x.role_model), |x, v| x.role_model = v.code()),
        col!(Some(Field::InsurerNumber), "insurer", key, true, code(true, INSURER_PAD), |x| Value::text(&x.insurer), |x, v| x.insurer = v.code()),
        col!(Some(Field::BenefitKind), "kind", key, true, text(true), |x| Value::text(&x.kind), |x, v| x.kind = v.code()),
        col!(Some(Field::StartDate), "start_date", key, true, date(true), |x| Value::Date(x.start_date), |x, v| { if let Some(d) = v.as_date() { x.start_date = d } }),
        col!(Some(Field::Amount), "amount", false, Rule::Amount, |x| Value::opt_int(x.amount), |x, v| x.amount = v.as_int()),
        party_sheet_column!(BenefitRecord),
    ];
}

impl Row for Institution {
    fn blank() -> Self {
        Institution::new(InstitutionCode::default())
    }

    #[rustfmt::skip]
    const COLUMNS: &'static [Column<Institution>] = &[
        col!(Some(Field::InstitutionCode), "code", key, true, code(true, NO_PAD), |x| Value::text(&x.code), |x, v| x.code = v.code()),
        col!(Some(Field::InstitutionName), "name", true, text(true), |x| Value::text(&x.name), |x, v| x.name = v.into_string()),
        col!(Some(Field::InstitutionKind), "kind", false, Rule::Choice { choices: &INSTITUTION_KINDS, words: &["地方公共団体", "基金", "その他"], required: false }, |x| Value::text(x.kind.key()), |x, v| x.kind = InstitutionKind::parse(v.as_str()).unwrap_or(InstitutionKind::Other)),
        col!(Some(Field::TestGroup), "test_group", false, Rule::Number { min: 1, max: 8 }, |x| Value::opt_int(x.test_group.map(i64::from)), |x, v| { x.test_group = v.as_int().and_then(|n| u8::try_from(n).ok()) }),
        col!(Some(Field::Representative), "representative", false, Rule::Flag, |x| Value::Flag(x.representative), |x, v| x.representative = v.as_flag()),
    ];
}

impl Row for Insurer {
    fn blank() -> Self {
        Insurer::new(InsurerNumber::default())
    }

    #[rustfmt::skip]
    const COLUMNS: &'static [Column<Insurer>] = &[
        col!(Some(Field::InsurerNumber), "number", key, true, code(true, INSURER_PAD), |x| Value::text(&x.number), |x, v| x.number = v.code()),
        col!(Some(Field::InsurerName), "name", true, text(true), |x| Value::text(&x.name), |x, v| x.name = v.into_string()),
        col!(Some(Field::System), "system", false, Rule::Choice { choices: &INSURANCE_SYSTEMS, words: &[ "協会けんぽ", "健保組合", "国保組合", "後期高齢者医療広域連合" ], required: false }, |x| Value::key(x.system.map(InsuranceSystem::key)), |x, v| x.system = InsuranceSystem::parse(v.as_str())),
        col!(Some(Field::Lot), "lot", false, Rule::Number { min: 1, max: 3 }, |x| Value::opt_int(x.lot.map(i64::from)), |x, v| { x.lot = v.as_int().and_then(|n| u8::try_from(n).ok()) }),
        col!(Some(Field::Representative), "representative", false, Rule::Flag, |x| Value::Flag(x.representative), |x, v| x.representative = v.as_flag()),
    ];
}

/// A code master's sample flag.
macro_rules! sample {
    ($t:ty) => {
        col!(
            None,
            "sample",
            false,
            Rule::Sample,
            |x: &$t| Value::Flag(x.sample),
            |x: &mut $t, v| x.sample = v.as_flag()
        )
    };
}

impl Row for Affair {
    fn blank() -> Self {
        Affair { code: AffairCode::default(), name: String::new(), sample: false }
    }

    #[rustfmt::skip]
    const COLUMNS: &'static [Column<Affair>] = &[
        col!(Some(Field::Code), "code", key, true, code(true, NO_PAD), |x| Value::text(&x.code), |x, v| x.code = v.code()),
        col!(Some(Field::CodeName), "name", true, text(true), |x| Value::text(&x.name), |x, v| x.name = v.into_string()),
        sample!(Affair),
    ];
}

impl Row for Procedure {
    fn blank() -> Self {
        Procedure {
            code: ProcedureCode::default(),
            name: String::new(),
            affair: AffairCode::default(),
            sample: false,
        }
    }

    #[rustfmt::skip]
    const COLUMNS: &'static [Column<Procedure>] = &[
        col!(Some(Field::Code), "code", key, true, code(true, NO_PAD), |x| Value::text(&x.code), |x, v| x.code = v.code()),
        col!(Some(Field::CodeName), "name", true, text(true), |x| Value::text(&x.name), |x, v| x.name = v.into_string()),
        col!(Some(Field::ParentCode), "affair", false, code(false, NO_PAD), |x| Value::text(&x.affair), |x, v| x.affair = v.code()),
        sample!(Procedure),
    ];
}

impl Row for InfoKind {
    fn blank() -> Self {
        InfoKind {
            code: InfoKindCode::default(),
            name: String::new(),
            xml_root: String::new(),
            sample: false,
        }
    }

    #[rustfmt::skip]
    const COLUMNS: &'static [Column<InfoKind>] = &[
        col!(Some(Field::Code), "code", key, true, code(true, NO_PAD), |x| Value::text(&x.code), |x, v| x.code = v.code()),
        col!(Some(Field::CodeName), "name", true, text(true), |x| Value::text(&x.name), |x, v| x.name = v.into_string()),
        col!(Some(Field::XmlPath), "xml_root", false, text(false), |x| Value::text(&x.xml_root), |x, v| x.xml_root = v.into_string()),
        sample!(InfoKind),
    ];
}

impl Row for InfoItem {
    fn blank() -> Self {
        InfoItem {
            code: InfoItemCode::default(),
            name: String::new(),
            info_kind: InfoKindCode::default(),
            xml_path: String::new(),
            repeated_group: String::new(),
            sample: false,
        }
    }

    #[rustfmt::skip]
    const COLUMNS: &'static [Column<InfoItem>] = &[
        col!(Some(Field::Code), "code", key, true, code(true, NO_PAD), |x| Value::text(&x.code), |x, v| x.code = v.code()),
        col!(Some(Field::CodeName), "name", true, text(true), |x| Value::text(&x.name), |x, v| x.name = v.into_string()),
        col!(Some(Field::ParentCode), "info_kind", false, code(false, NO_PAD), |x| Value::text(&x.info_kind), |x, v| x.info_kind = v.code()),
        col!(Some(Field::XmlPath), "xml_path", false, text(false), |x| Value::text(&x.xml_path), |x, v| x.xml_path = v.into_string()),
        col!(Some(Field::RepeatedGroup), "repeated_group", false, text(false), |x| Value::text(&x.repeated_group), |x, v| x.repeated_group = v.into_string()),
        sample!(InfoItem),
    ];
}

impl Row for Scenario {
    fn blank() -> Self {
        Scenario {
            party: InstitutionCode::default(),
            id: ScenarioId::default(),
            name: String::new(),
        }
    }

    #[rustfmt::skip]
    const COLUMNS: &'static [Column<Scenario>] = &[
        party!(Scenario),
        col!(Some(Field::ScenarioId), "id", key, true, code(true, NO_PAD), |x| Value::text(&x.id), |x, v| x.id = v.code()),
        col!(Some(Field::ScenarioName), "name", false, text(false), |x| Value::text(&x.name), |x, v| x.name = v.into_string()),
    ];
}

impl Row for Variation {
    fn blank() -> Self {
        Variation {
            party: InstitutionCode::default(),
            id: VariationId::default(),
            scenario: ScenarioId::default(),
            name: String::new(),
        }
    }

    #[rustfmt::skip]
    const COLUMNS: &'static [Column<Variation>] = &[
        party!(Variation),
        col!(Some(Field::VariationId), "id", key, true, code(true, NO_PAD), |x| Value::text(&x.id), |x, v| x.id = v.code()),
        col!(Some(Field::ScenarioId), "scenario", key, true, code(true, NO_PAD), |x| Value::text(&x.scenario), |x, v| x.scenario = v.code()),
        col!(Some(Field::VariationName), "name", false, text(false), |x| Value::text(&x.name), |x, v| x.name = v.into_string()),
    ];
}

impl Row for Finding {
    fn blank() -> Self {
        Finding::new(
            String::new(),
            InstitutionCode::default(),
            ("", NO_DATE),
            (EntityKind::TestCase, String::new()),
        )
    }

    #[rustfmt::skip]
    const COLUMNS: &'static [Column<Finding>] = &[
        col!(Some(Field::FindingId), "id", key, true, code(true, NO_PAD), |x| Value::text(&x.id), |x, v| x.id = v.into_string()),
        party!(Finding),
        col!(Some(Field::RaisedBy), "raised_by", true, code(true, NO_PAD), |x| Value::text(&x.raised_by), |x, v| x.raised_by = v.into_string()),
        col!(Some(Field::RaisedOn), "raised_on", true, date(true), |x| Value::Date(x.raised_on), |x, v| { if let Some(d) = v.as_date() { x.raised_on = d } }),
        col!(Some(Field::TargetSheet), "target", true, Rule::Reference(Master::Target), |x| Value::text(x.target.key()), |x, v| { if let Some(k) = EntityKind::parse(v.as_str()) { x.target = k } }),
        col!(Some(Field::TargetKey), "key", true, Rule::Reference(Master::Target), |x| Value::text(&x.key), |x, v| x.key = v.into_string()),
        col!(Some(Field::TargetField), "field", false, text(false), |x| Value::text(&x.field), |x, v| x.field = v.into_string()),
        col!(Some(Field::Severity), "severity", true, Rule::Choice { choices: &SEVERITIES, words: &["エラー", "警告", "情報"], required: true }, |x| Value::text(x.severity.key()), |x, v| { if let Some(s) = Severity::parse(v.as_str()) { x.severity = s } }),
        col!(Some(Field::Rule), "rule", false, text(false), |x| Value::text(&x.rule), |x, v| x.rule = v.into_string()),
        col!(Some(Field::Message), "message", true, text(true), |x| Value::text(&x.message), |x, v| x.message = v.into_string()),
        col!(Some(Field::Suggestion), "suggestion", false, text(false), |x| Value::text(&x.suggestion), |x, v| x.suggestion = v.into_string()),
        col!(Some(Field::FindingState), "state", true, Rule::Choice { choices: &FINDING_STATES, words: FINDING_STATE_WORDS, required: true }, |x| Value::text(x.state.key()), |x, v| { if let Some(s) = FindingState::parse(v.as_str()) { x.state = s } }),
        col!(Some(Field::Reply), "reply", false, text(false), |x| Value::text(&x.reply), |x, v| x.reply = v.into_string()),
        col!(Some(Field::RepliedBy), "replied_by", false, code(false, NO_PAD), |x| Value::text(&x.replied_by), |x, v| x.replied_by = v.into_string()),
        col!(Some(Field::RepliedOn), "replied_on", false, date(false), |x| Value::opt_date(x.replied_on), |x, v| x.replied_on = v.as_date()),
    ];
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::samples::sample::sample_project;

    /// Every field's value read back through its own setter is the value: the tables' getters and setters agree.
    fn round_trips<T: Row + Clone + PartialEq + std::fmt::Debug>(rows: &[T]) {
        for x in rows {
            let mut y = x.clone();
            for c in T::COLUMNS {
                let v = (c.get)(x);
                (c.set)(&mut y, v);
            }
            assert_eq!(&y, x);
        }
    }

    #[test]
    fn every_table_sets_what_it_gets() {
        let p = sample_project();
        round_trips(&p.test_cases);
        round_trips(&p.role_models);
        round_trips(&p.memberships);
        round_trips(&p.benefits);
        round_trips(&p.institutions);
        round_trips(&p.insurers);
        round_trips(&p.affairs);
        round_trips(&p.procedures);
        round_trips(&p.info_kinds);
        round_trips(&p.info_items);
        round_trips(&p.scenarios);
        round_trips(&p.variations);
    }

    #[test]
    fn the_file_columns_of_a_table_are_unique() {
        fn unique<T: Row>() {
            let mut names: Vec<&str> =
                T::COLUMNS.iter().map(|c| c.name).filter(|n| !n.is_empty()).collect();
            let n = names.len();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), n);
        }
        unique::<TestCase>();
        unique::<RoleModel>();
        unique::<Membership>();
        unique::<BenefitRecord>();
        unique::<Finding>();
    }
}
