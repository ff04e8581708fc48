//! The domain model: the bodies (institutions, insurers), the code masters, the test specification
//! (scenario → variation → test case), the role models (test persons) with their memberships and benefit records,
//! and the query condition. Names follow the glossary of docs/domain.md.

pub mod check_rule;
pub mod codes;
pub mod columns;
pub mod entity;
pub mod field;
pub mod kinds;
pub mod message;
pub mod names;
pub mod stable_hash;
pub mod xml_name;

use std::fmt;

use serde::Serialize;

use crate::domain::date::{Date, DateTime};

pub use crate::domain::model::kinds::{
    AgreementState, ConditionKind, EntityKind, FindingState, InstitutionKind, InsuranceSystem,
    Outcome, Severity, Sex,
};

// A code or id is short (an insurer's 8 digits, a 16-digit institution code, `S01-V01-T01`): held inline, without
// an allocation of its own (at national scale a project holds millions of them; 15 item codes per test case alone
// were 1.5 million allocations). So is short text a national project holds one of per person, membership or
// benefit record (a name, a My Number, a link number, a version): up to 24 bytes need no allocation.
pub use compact_str::CompactString;

macro_rules! text_id {
    ($(#[$doc:meta] $name:ident),* $(,)?) => {$(
        #[$doc]
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
        #[serde(transparent)]
        pub struct $name(pub CompactString);

        impl $name {
            /// The text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                $name(CompactString::from(s))
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                $name(CompactString::from(s))
            }
        }

        impl From<&String> for $name {
            fn from(s: &String) -> Self {
                $name(CompactString::from(s.as_str()))
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }
    )*};
}

text_id! {
    /// 機関コード: an institution's code (`002`, or 16 digits in production).
    InstitutionCode,
    /// 保険者番号: an insurer's number (8 digits, 6 for NHI).
    InsurerNumber,
    /// シナリオID.
    ScenarioId,
    /// バリエーションID.
    VariationId,
    /// テストケースID.
    TestCaseId,
    /// ロールモデルID: a test person.
    RoleModelId,
    /// 機関別符号: the person's institution-specific code at the Fund.
    PersonCode,
    /// 事務コード (JM…).
    AffairCode,
    /// 事務手続コード (JT…).
    ProcedureCode,
    /// 特定個人情報名コード (TM…).
    InfoKindCode,
    /// 特定個人情報項目コード (TK…).
    InfoItemCode,
}

/// An id within its party. Scenarios, variations, test cases and role models (with their memberships and benefit
/// records) belong to one party — the querying body, by its institution code — and their ids are unique within
/// it: two cities may both have `S01-V01-T01`. Written `機関コード:ID`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Qualified<T> {
    /// The party.
    pub party: InstitutionCode,
    /// The id within it.
    pub id: T,
}

impl<T> Qualified<T> {
    /// An id of a party.
    pub fn new(party: impl Into<InstitutionCode>, id: impl Into<T>) -> Qualified<T> {
        Qualified { party: party.into(), id: id.into() }
    }
}

/// A scenario's key: its id in its party.
pub type ScenarioKey = Qualified<ScenarioId>;
/// A variation's key.
pub type VariationKey = Qualified<VariationId>;
/// A test case's key.
pub type TestCaseKey = Qualified<TestCaseId>;
/// A role model's key.
pub type RoleModelKey = Qualified<RoleModelId>;

impl<T: fmt::Display> Serialize for Qualified<T> {
    /// As it is written: `機関コード:ID`.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<T: fmt::Display> fmt::Display for Qualified<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.party, self.id)
    }
}

/// 機関: a body with an institution code on the network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Institution {
    /// 機関コード
    pub code: InstitutionCode,
    /// 機関名
    pub name: String,
    /// 種別
    pub kind: InstitutionKind,
    /// テストグループ 1–8 (local governments).
    pub test_group: Option<u8>,
    /// 代表団体
    pub representative: bool,
}

impl Institution {
    /// An institution with its code alone (of kind その他, in no test group).
    pub fn new(code: InstitutionCode) -> Institution {
        Institution {
            code,
            name: String::new(),
            kind: InstitutionKind::Other,
            test_group: None,
            representative: false,
        }
    }
}

/// 保険者: a medical insurer, with a logical partition at the Fund.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Insurer {
    /// 保険者番号
    pub number: InsurerNumber,
    /// 保険者名称
    pub name: String,
    /// 制度
    pub system: Option<InsuranceSystem>,
    /// ロット 1–3
    pub lot: Option<u8>,
    /// 代表団体
    pub representative: bool,
}

impl Insurer {
    /// An insurer with its number alone.
    pub fn new(number: InsurerNumber) -> Insurer {
        Insurer { number, name: String::new(), system: None, lot: None, representative: false }
    }
}

/// 事務 (JM): an affair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Affair {
    /// 事務コード
    pub code: AffairCode,
    /// 名称
    pub name: String,
    /// Shipped sample data rather than the real master.
    pub sample: bool,
}

/// 事務手続 (JT): a procedure of an affair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Procedure {
    /// 事務手続コード
    pub code: ProcedureCode,
    /// 名称
    pub name: String,
    /// The affair it belongs to.
    pub affair: AffairCode,
    /// Shipped sample data.
    pub sample: bool,
}

/// 特定個人情報名 (TM): an information kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InfoKind {
    /// 特定個人情報名コード
    pub code: InfoKindCode,
    /// 名称
    pub name: String,
    /// The XML element that holds this kind's data, e.g. `被用者保険関係情報_健康保険` (a portable name: see
    /// [`crate::domain::model::xml_name`]).
    pub xml_root: String,
    /// Shipped sample data.
    pub sample: bool,
}

/// 特定個人情報項目 (TK): an item of an information kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InfoItem {
    /// 項目コード
    pub code: InfoItemCode,
    /// 名称
    pub name: String,
    /// The information kind it belongs to.
    pub info_kind: InfoKindCode,
    /// Path under the kind's root, e.g. `資格情報/保険者名称`.
    pub xml_path: String,
    /// The repeated group the value belongs to, e.g. `資格情報` or `給付情報/傷病手当金`.
    pub repeated_group: String,
    /// Shipped sample data.
    pub sample: bool,
}

/// シナリオ
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Scenario {
    /// The party it belongs to.
    #[serde(skip)]
    pub party: InstitutionCode,
    /// シナリオID
    pub id: ScenarioId,
    /// シナリオ名
    pub name: String,
}

impl Scenario {
    /// Its id with its party.
    pub fn key(&self) -> ScenarioKey {
        Qualified::new(self.party.clone(), self.id.clone())
    }
}

/// バリエーション
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Variation {
    /// The party it belongs to.
    #[serde(skip)]
    pub party: InstitutionCode,
    /// バリエーションID
    pub id: VariationId,
    /// The scenario it belongs to.
    pub scenario: ScenarioId,
    /// バリエーション名
    pub name: String,
}

impl Variation {
    /// Its id with its party.
    pub fn key(&self) -> VariationKey {
        Qualified::new(self.party.clone(), self.id.clone())
    }

    /// Its scenario's key.
    pub fn scenario_key(&self) -> ScenarioKey {
        Qualified::new(self.party.clone(), self.scenario.clone())
    }
}

/// 情報照会条件, complete: what the Fund's server routes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum QueryCondition {
    /// 既定: the latest information as of "now" (the test case's query date).
    Latest(Date),
    /// 時点指定: the latest information as of the date.
    AsOf(Date),
    /// 範囲指定: everything within [from, to], both inclusive.
    Range(Date, Date),
}

/// テストケース: one query of the test specification, with every field of the test case sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TestCase {
    /// The party it belongs to (normally its requester: a book's party is the requester its cases share). Like
    /// every party field, left out of the row's digest (the key a source is kept under names the party).
    #[serde(skip)]
    pub party: InstitutionCode,
    /// テストケースID
    pub id: TestCaseId,
    /// シナリオID (checked against the variation's scenario).
    pub scenario: ScenarioId,
    /// バリエーションID
    pub variation: VariationId,
    /// テスト観点ID
    pub viewpoint_id: CompactString,
    /// 照会日: the simulated "now" of a default query.
    pub query_date: Option<Date>,
    /// 情報照会者機関コード
    pub requester: InstitutionCode,
    /// 情報照会者部署名
    pub requester_department_name: String,
    /// 情報照会者部署コード
    pub requester_department_code: CompactString,
    /// 照会先機関コード: for insurer-held information, the Fund.
    pub provider: InstitutionCode,
    /// 事務コード
    pub affair: AffairCode,
    /// 事務手続コード
    pub procedure: ProcedureCode,
    /// 特定個人情報名コード
    pub info_kind: InfoKindCode,
    /// 特定個人情報項目コードリスト
    pub items: Vec<InfoItemCode>,
    /// 照会条件
    pub condition_kind: ConditionKind,
    /// 照会条件開始日: the point, or the range's start.
    pub condition_start: Option<Date>,
    /// 照会条件終了日: the range's end.
    pub condition_end: Option<Date>,
    /// ロールモデルID
    pub role_model: RoleModelId,
    /// 副本の詳細: what replica data the case needs.
    pub replica_details: String,
    /// 期待する処理結果
    pub expected_outcome: Option<Outcome>,
    /// 期待する提供保険者, in the expected order.
    pub expected_providers: Vec<InsurerNumber>,
    /// 備考
    pub remarks: String,
    /// 確認: where the parties stand on the case (left out of the row's digest: setting a state does not move
    /// the row away from the cell it was imported from).
    #[serde(skip)]
    pub agreement: Agreement,
}

/// 確認: a test case's agreement state, when it was set, by whom, and a memo.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Agreement {
    /// 確認状態
    pub state: AgreementState,
    /// 確認日: when the state was last set.
    pub date: Option<Date>,
    /// 確認者: the institution code or insurer number of who set it.
    pub by: String,
    /// 確認メモ
    pub memo: String,
}

/// Why a test case's condition is not complete.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConditionError {
    /// 既定 needs the query date.
    #[error("既定の照会には照会日が必要です / a default query needs its query date (照会日)")]
    MissingQueryDate,
    /// 時点指定 needs its date.
    #[error(
        "時点指定には照会条件開始日が必要です / a point-in-time query needs its date (照会条件開始日)"
    )]
    MissingPoint,
    /// 範囲指定 needs both dates.
    #[error(
        "範囲指定には照会条件開始日と照会条件終了日が必要です / a range query needs both dates"
    )]
    MissingRange,
    /// The range ends before it starts.
    #[error(
        "照会条件終了日 {to} が照会条件開始日 {from} より前です / the range ends ({to}) before it starts ({from})"
    )]
    Reversed {
        /// Start.
        from: Date,
        /// End.
        to: Date,
    },
}

impl TestCase {
    /// The complete query condition, or why it is not complete.
    pub fn condition(&self) -> Result<QueryCondition, ConditionError> {
        match self.condition_kind {
            ConditionKind::Latest => {
                self.query_date.map(QueryCondition::Latest).ok_or(ConditionError::MissingQueryDate)
            }
            ConditionKind::AsOf => {
                self.condition_start.map(QueryCondition::AsOf).ok_or(ConditionError::MissingPoint)
            }
            ConditionKind::Range => match (self.condition_start, self.condition_end) {
                (Some(from), Some(to)) if to < from => Err(ConditionError::Reversed { from, to }),
                (Some(from), Some(to)) => Ok(QueryCondition::Range(from, to)),
                _ => Err(ConditionError::MissingRange),
            },
        }
    }

    /// A new, empty test case of a party under a variation.
    pub fn new(
        party: InstitutionCode,
        id: TestCaseId,
        scenario: ScenarioId,
        variation: VariationId,
    ) -> TestCase {
        TestCase {
            party,
            id,
            scenario,
            variation,
            viewpoint_id: CompactString::default(),
            query_date: None,
            requester: InstitutionCode::default(),
            requester_department_name: String::new(),
            requester_department_code: CompactString::default(),
            provider: InstitutionCode::default(),
            affair: AffairCode::default(),
            procedure: ProcedureCode::default(),
            info_kind: InfoKindCode::default(),
            items: Vec::new(),
            condition_kind: ConditionKind::Latest,
            condition_start: None,
            condition_end: None,
            role_model: RoleModelId::default(),
            replica_details: String::new(),
            expected_outcome: None,
            expected_providers: Vec::new(),
            remarks: String::new(),
            agreement: Agreement::default(),
        }
    }

    /// Its id with its party.
    pub fn key(&self) -> TestCaseKey {
        Qualified::new(self.party.clone(), self.id.clone())
    }

    /// Its variation's key.
    pub fn variation_key(&self) -> VariationKey {
        Qualified::new(self.party.clone(), self.variation.clone())
    }

    /// Its scenario's key.
    pub fn scenario_key(&self) -> ScenarioKey {
        Qualified::new(self.party.clone(), self.scenario.clone())
    }

    /// Its role model's key.
    pub fn role_model_key(&self) -> RoleModelKey {
        Qualified::new(self.party.clone(), self.role_model.clone())
    }
}

/// ロールモデル: a test person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoleModel {
    /// The party it belongs to.
    #[serde(skip)]
    pub party: InstitutionCode,
    /// ロールモデルID
    pub id: RoleModelId,
    /// 機関別符号: links the person to the unified partition.
    pub person_code: PersonCode,
    /// 氏名
    pub name: CompactString,
    /// 氏名カナ
    pub name_kana: CompactString,
    /// 生年月日
    pub birth_date: Option<Date>,
    /// 性別
    pub sex: Option<Sex>,
    /// 住所
    pub address: String,
    /// 個人番号 (12 digits).
    pub my_number: CompactString,
    /// シナリオID: the scenarios this person serves.
    pub scenario_ids: Vec<ScenarioId>,
    /// バリエーションID: the variations this person serves.
    pub variation_ids: Vec<VariationId>,
    /// テストケースID: the test cases this person serves.
    pub test_case_ids: Vec<TestCaseId>,
    /// 備考
    pub remarks: String,
}

impl RoleModel {
    /// A new test person of a party with only its keys.
    pub fn new(party: InstitutionCode, id: RoleModelId, person_code: PersonCode) -> RoleModel {
        RoleModel {
            party,
            id,
            person_code,
            name: CompactString::default(),
            name_kana: CompactString::default(),
            birth_date: None,
            sex: None,
            address: String::new(),
            my_number: CompactString::default(),
            scenario_ids: Vec::new(),
            variation_ids: Vec::new(),
            test_case_ids: Vec::new(),
            remarks: String::new(),
        }
    }
}

impl RoleModel {
    /// Its id with its party.
    pub fn key(&self) -> RoleModelKey {
        Qualified::new(self.party.clone(), self.id.clone())
    }
}

/// Row key of a membership or benefit record in the project file.
pub type RowId = i64;

/// A membership: one row of the unified partition with its replica's metadata.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Membership {
    /// Row key in the project file (0 before it is stored).
    pub id: RowId,
    /// The party of its person.
    #[serde(skip)]
    pub party: InstitutionCode,
    /// The person (ロールモデルID); the unified partition links through its person code.
    pub role_model: RoleModelId,
    /// 保険者番号: whose partition holds the replica.
    pub insurer: InsurerNumber,
    /// 被保険者枝番
    pub member_branch: CompactString,
    /// 紐付番号
    pub link_number: CompactString,
    /// 資格取得日
    pub acquired_on: Date,
    /// 資格喪失日: the first day without cover; `None` = still a member.
    pub lost_on: Option<Date>,
    /// ReasonOfNull written when the loss date is empty.
    pub lost_on_reason_of_null: CompactString,
    /// 中間サーバー登録日時
    pub registered_at: Option<DateTime>,
    /// 版番号: the replica's format version, e.g. `4.0`.
    pub version: CompactString,
}

impl Membership {
    /// Set the loss date, and the ReasonOfNull it implies: `NotApplicable` while still a member, none once lost.
    pub fn set_loss(&mut self, lost: Option<Date>) {
        self.lost_on = lost;
        self.lost_on_reason_of_null =
            if lost.is_none() { NULL_NOT_APPLICABLE.into() } else { CompactString::default() };
    }

    /// A membership with its key alone (person, insurer, acquisition date), still a member, not yet stored.
    pub fn new(
        party: InstitutionCode,
        role_model: RoleModelId,
        insurer: InsurerNumber,
        acquired_on: Date,
    ) -> Membership {
        Membership {
            id: 0,
            party,
            role_model,
            insurer,
            member_branch: CompactString::default(),
            link_number: CompactString::default(),
            acquired_on,
            lost_on: None,
            lost_on_reason_of_null: CompactString::default(),
            registered_at: None,
            version: CompactString::default(),
        }
    }

    /// A readable key: person, insurer and acquisition date.
    pub fn key(&self) -> String {
        readable_key(&[&self.role_model, &self.insurer], self.acquired_on)
    }
}

/// A benefit record (給付情報) paid by an insurer to a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BenefitRecord {
    /// Row key in the project file (0 before it is stored).
    pub id: RowId,
    /// The party of its person.
    #[serde(skip)]
    pub party: InstitutionCode,
    /// The person.
    pub role_model: RoleModelId,
    /// The insurer paying.
    pub insurer: InsurerNumber,
    /// 給付種別, e.g. 傷病手当金.
    pub kind: CompactString,
    /// 支給開始日
    pub start_date: Date,
    /// 支給額, yen.
    pub amount: Option<i64>,
}

impl BenefitRecord {
    /// A benefit record with its key alone (person, insurer, kind, start date), no amount, not yet stored.
    pub fn new(
        party: InstitutionCode,
        role_model: RoleModelId,
        insurer: InsurerNumber,
        kind: CompactString,
        start_date: Date,
    ) -> BenefitRecord {
        BenefitRecord { id: 0, party, role_model, insurer, kind, start_date, amount: None }
    }

    /// A readable key: person, insurer, kind and start date.
    pub fn key(&self) -> String {
        readable_key(&[&self.role_model, &self.insurer, &self.kind], self.start_date)
    }
}

/// `part/part/…/date`: a membership's or benefit record's readable key, appended into one string of its size (a
/// national import makes 400,000 of them).
fn readable_key(parts: &[&str], date: Date) -> String {
    let mut key = String::with_capacity(parts.iter().map(|p| p.len() + 1).sum::<usize>() + 10);
    for part in parts {
        key.push_str(part);
        key.push('/');
    }
    date.push_iso(&mut key);
    key
}

/// The ReasonOfNull of a value that does not apply (a loss date of a membership still running).
pub const NULL_NOT_APPLICABLE: &str = "NotApplicable";

/// 指摘: one finding about one row (or one field of it), raised by one body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// 指摘ID: unique in the project, assigned by the project that raises it (`06130017-0001`).
    pub id: String,
    /// The party whose row it is about (what `export --party` sends it with).
    pub party: InstitutionCode,
    /// 起票者: who raised it (an institution code or an insurer number).
    pub raised_by: String,
    /// 起票日
    pub raised_on: Date,
    /// 対象シート: the kind of row at fault.
    pub target: EntityKind,
    /// 対象キー: that row's key as the contract writes it (`S01-V01-T01`, `002:S01-V01-T01`,
    /// `RM-X/06130017/2015-04-01`), kept as given so that a target the project does not hold is not lost.
    pub key: String,
    /// 対象項目: the header of the field at fault; empty = the whole row.
    pub field: String,
    /// 重大度
    pub severity: Severity,
    /// 規則: the check's rule when it came from the check; empty when written by hand.
    pub rule: String,
    /// 内容
    pub message: String,
    /// 提案
    pub suggestion: String,
    /// 状態
    pub state: FindingState,
    /// 回答: the other side's reply.
    pub reply: String,
    /// 回答者
    pub replied_by: String,
    /// 回答日
    pub replied_on: Option<Date>,
}

impl Finding {
    /// A finding about a whole row, raised today by `raised_by`, open, its text still to be written.
    pub fn new(
        id: String,
        party: InstitutionCode,
        (raised_by, raised_on): (&str, Date),
        (target, key): (EntityKind, String),
    ) -> Finding {
        Finding {
            id,
            party,
            raised_by: raised_by.to_string(),
            raised_on,
            target,
            key,
            field: String::new(),
            severity: Severity::Warning,
            rule: String::new(),
            message: String::new(),
            suggestion: String::new(),
            state: FindingState::Open,
            reply: String::new(),
            replied_by: String::new(),
            replied_on: None,
        }
    }

    /// Whether it still asks for something to be done.
    pub fn is_open(&self) -> bool {
        self.state == FindingState::Open
    }
}

/// Everything a project holds, in memory: what checks, routing and exports read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Project {
    /// The project's name (shown in title blocks).
    pub name: String,
    /// 自団体: whose project it is (an institution code, or an insurer number for an insurer representative):
    /// who raises findings, sets agreement states and replies. Empty until it is set.
    pub own: String,
    /// 機関
    pub institutions: Vec<Institution>,
    /// 保険者
    pub insurers: Vec<Insurer>,
    /// 事務
    pub affairs: Vec<Affair>,
    /// 事務手続
    pub procedures: Vec<Procedure>,
    /// 特定個人情報名
    pub info_kinds: Vec<InfoKind>,
    /// 項目
    pub info_items: Vec<InfoItem>,
    /// シナリオ
    pub scenarios: Vec<Scenario>,
    /// バリエーション
    pub variations: Vec<Variation>,
    /// テストケース
    pub test_cases: Vec<TestCase>,
    /// ロールモデル
    pub role_models: Vec<RoleModel>,
    /// 加入歴 (the unified partition's rows with their replicas).
    pub memberships: Vec<Membership>,
    /// 給付情報
    pub benefits: Vec<BenefitRecord>,
    /// 指摘: findings raised by the parties, with their replies.
    pub findings: Vec<Finding>,
}

/// Counts of every entity kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// 機関
    pub institutions: usize,
    /// 保険者
    pub insurers: usize,
    /// 事務
    pub affairs: usize,
    /// 事務手続
    pub procedures: usize,
    /// 特定個人情報名
    pub info_kinds: usize,
    /// 項目
    pub info_items: usize,
    /// シナリオ
    pub scenarios: usize,
    /// バリエーション
    pub variations: usize,
    /// テストケース
    pub test_cases: usize,
    /// ロールモデル
    pub role_models: usize,
    /// 加入歴
    pub memberships: usize,
    /// 給付情報
    pub benefits: usize,
}

impl Counts {
    /// Rows of every kind together.
    pub fn total(&self) -> usize {
        self.rows().iter().map(|(_, _, n)| n).sum()
    }

    /// (Japanese label, English label, count) for each kind, in display order.
    pub fn rows(&self) -> [(&'static str, &'static str, usize); 12] {
        [
            ("機関", "institutions", self.institutions),
            ("保険者", "insurers", self.insurers),
            ("事務", "affairs", self.affairs),
            ("事務手続", "procedures", self.procedures),
            ("特定個人情報名", "info kinds", self.info_kinds),
            ("項目", "info items", self.info_items),
            ("シナリオ", "scenarios", self.scenarios),
            ("バリエーション", "variations", self.variations),
            ("テストケース", "test cases", self.test_cases),
            ("ロールモデル", "role models", self.role_models),
            ("加入歴", "memberships", self.memberships),
            ("給付情報", "benefit records", self.benefits),
        ]
    }
}

impl Project {
    /// Its masters alone — institutions, insurers and the code masters — what a new project can start from.
    pub fn into_masters(self) -> Project {
        Project {
            institutions: self.institutions,
            insurers: self.insurers,
            affairs: self.affairs,
            procedures: self.procedures,
            info_kinds: self.info_kinds,
            info_items: self.info_items,
            ..Project::default()
        }
    }

    /// Counts of every entity kind.
    pub fn counts(&self) -> Counts {
        Counts {
            institutions: self.institutions.len(),
            insurers: self.insurers.len(),
            affairs: self.affairs.len(),
            procedures: self.procedures.len(),
            info_kinds: self.info_kinds.len(),
            info_items: self.info_items.len(),
            scenarios: self.scenarios.len(),
            variations: self.variations.len(),
            test_cases: self.test_cases.len(),
            role_models: self.role_models.len(),
            memberships: self.memberships.len(),
            benefits: self.benefits.len(),
        }
    }

    /// The Fund: the institution of kind 基金 (the first, if several).
    pub fn fund(&self) -> Option<&Institution> {
        self.institutions.iter().find(|i| i.kind == InstitutionKind::Fund)
    }

    /// A test case by id. The window asks for the selected case several times a frame: the place of the last one
    /// found is tried first (checked, so a stale place only costs the search), which spares a scan of 100,000 cases
    /// each time.
    pub fn test_case(&self, key: &TestCaseKey) -> Option<&TestCase> {
        thread_local! {
            static LAST_FOUND: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
        }
        let is_it = |t: &TestCase| t.id == key.id && t.party == key.party;
        let hint = LAST_FOUND.with(std::cell::Cell::get);
        if let Some(t) = self.test_cases.get(hint).filter(|t| is_it(t)) {
            return Some(t);
        }
        let at = self.test_cases.iter().position(is_it)?;
        LAST_FOUND.with(|h| h.set(at));
        self.test_cases.get(at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_test_case_is_found_by_its_key_whatever_was_found_before() {
        let p = crate::domain::samples::sample::sample_project();
        let (first, second) = (p.test_cases[0].key(), p.test_cases[1].key());
        for key in [&first, &second, &second, &first] {
            assert_eq!(p.test_case(key).map(TestCase::key).as_ref(), Some(key));
        }
        // Another project, where the place found last holds another case.
        let mut q = p.clone();
        q.test_cases.reverse();
        assert_eq!(q.test_case(&first).map(TestCase::key), Some(first.clone()));
        assert_eq!(p.test_case(&second).map(TestCase::key), Some(second.clone()));
        // Of another party: not found, though the id is there.
        let mut other = first.clone();
        other.party = "003".into();
        assert!(p.test_case(&other).is_none());
    }
}
