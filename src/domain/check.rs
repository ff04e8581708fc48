//! Checking a test specification: validation rules (is it well-formed?), the provider's feasibility check (can the
//! replica data serve every test case, and if not, what to change?) and coverage (procedures × condition kinds,
//! viewpoints). Each finding has a stable rule id, a severity, a place (entity, key, and the field by its
//! exchange-workbook header), a message in Japanese and English, and where one exists a concrete suggestion with a
//! [`Fix`] that can be applied.

use std::collections::BTreeMap;

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use serde::Serialize;

use super::codes::{verify_insurer_number, verify_my_number};
use super::date::Date;
use super::message::Message;
use super::model::*;
use super::routing::{Detail, ProjectIndex, Simulation, compare, simulate_with};
use super::xml_name::{portable_name, portable_path};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The specification is wrong or cannot be served.
    Error,
    /// Probably wrong; worth a look.
    Warning,
    /// For information.
    Info,
}

impl Severity {
    /// `error` / `warning` / `info`
    pub fn key(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    /// エラー / 警告 / 情報
    pub fn label_ja(self) -> &'static str {
        match self {
            Severity::Error => "エラー",
            Severity::Warning => "警告",
            Severity::Info => "情報",
        }
    }
}

/// The kind of entity a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    /// テストケース
    TestCase,
    /// ロールモデル
    RoleModel,
    /// 加入歴
    Membership,
    /// 給付情報
    Benefit,
    /// 保険者
    Insurer,
    /// 機関
    Institution,
    /// コード
    Code,
    /// シナリオ
    Scenario,
    /// バリエーション
    Variation,
}

impl EntityKind {
    /// `test_case`, `role_model`, …
    pub fn key(self) -> &'static str {
        match self {
            EntityKind::TestCase => "test_case",
            EntityKind::RoleModel => "role_model",
            EntityKind::Membership => "membership",
            EntityKind::Benefit => "benefit",
            EntityKind::Insurer => "insurer",
            EntityKind::Institution => "institution",
            EntityKind::Code => "code",
            EntityKind::Scenario => "scenario",
            EntityKind::Variation => "variation",
        }
    }

    /// Every kind.
    pub const ALL: [EntityKind; 9] = [
        EntityKind::TestCase,
        EntityKind::RoleModel,
        EntityKind::Membership,
        EntityKind::Benefit,
        EntityKind::Insurer,
        EntityKind::Institution,
        EntityKind::Code,
        EntityKind::Scenario,
        EntityKind::Variation,
    ];

    /// A kind by its [`EntityKind::key`].
    pub fn parse(key: &str) -> Option<EntityKind> {
        Self::ALL.into_iter().find(|k| k.key() == key)
    }

    /// テストケース, ロールモデル, …
    pub fn label_ja(self) -> &'static str {
        match self {
            EntityKind::TestCase => "テストケース",
            EntityKind::RoleModel => "ロールモデル",
            EntityKind::Membership => "加入歴",
            EntityKind::Benefit => "給付情報",
            EntityKind::Insurer => "保険者",
            EntityKind::Institution => "機関",
            EntityKind::Code => "コード",
            EntityKind::Scenario => "シナリオ",
            EntityKind::Variation => "バリエーション",
        }
    }

    /// test case, role model, …
    pub fn label_en(self) -> &'static str {
        match self {
            EntityKind::TestCase => "test case",
            EntityKind::RoleModel => "role model",
            EntityKind::Membership => "membership",
            EntityKind::Benefit => "benefit",
            EntityKind::Insurer => "insurer",
            EntityKind::Institution => "institution",
            EntityKind::Code => "code",
            EntityKind::Scenario => "scenario",
            EntityKind::Variation => "variation",
        }
    }
}

/// A concrete change that resolves a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Fix {
    /// Set a membership's acquisition date.
    MembershipAcquiredOn {
        /// The membership's row key.
        membership: RowId,
        /// The new date.
        date: Date,
    },
    /// Set a membership's loss date.
    MembershipLostOn {
        /// The membership's row key.
        membership: RowId,
        /// The new date.
        date: Date,
    },
    /// Set the date a point-in-time or default query is made at (照会条件開始日, or 照会日 for 既定).
    ConditionPoint {
        /// The test case.
        test_case: TestCaseId,
        /// The new date.
        date: Date,
    },
    /// Set a range's start (照会条件開始日).
    ConditionStart {
        /// The test case.
        test_case: TestCaseId,
        /// The new date.
        date: Date,
    },
    /// Set a range's end (照会条件終了日).
    ConditionEnd {
        /// The test case.
        test_case: TestCaseId,
        /// The new date.
        date: Date,
    },
    /// Set what the test case expects to what the data gives.
    Expected {
        /// The test case.
        test_case: TestCaseId,
        /// 期待する処理結果
        outcome: Outcome,
        /// 期待する提供保険者
        providers: Vec<InsurerNumber>,
    },
    /// Set the provider to the Fund.
    ProviderToFund {
        /// The test case.
        test_case: TestCaseId,
        /// The Fund's code.
        fund: InstitutionCode,
    },
    /// Give an info kind a portable root element name (its XMLパス).
    InfoKindXmlRoot {
        /// The info kind.
        code: InfoKindCode,
        /// The portable name.
        xml_root: String,
    },
    /// Give an item a portable XML path and repeated group.
    InfoItemXmlPath {
        /// The item.
        code: InfoItemCode,
        /// The portable path.
        xml_path: String,
        /// The portable repeated group.
        repeated_group: String,
    },
}

impl Fix {
    /// Apply the fix to a project in memory; returns whether anything was found to change.
    pub fn apply(&self, p: &mut Project) -> bool {
        match self {
            Fix::MembershipAcquiredOn { membership, date } => p
                .memberships
                .iter_mut()
                .find(|m| m.id == *membership)
                .map(|m| m.acquired_on = *date)
                .is_some(),
            Fix::MembershipLostOn { membership, date } => p
                .memberships
                .iter_mut()
                .find(|m| m.id == *membership)
                .map(|m| m.lost_on = Some(*date))
                .is_some(),
            Fix::ConditionPoint { test_case, date } => p
                .test_cases
                .iter_mut()
                .find(|c| &c.id == test_case)
                .map(|c| {
                    if c.condition_kind == ConditionKind::Latest {
                        c.query_date = Some(*date)
                    } else {
                        c.condition_start = Some(*date)
                    }
                })
                .is_some(),
            Fix::ConditionStart { test_case, date } => p
                .test_cases
                .iter_mut()
                .find(|c| &c.id == test_case)
                .map(|c| c.condition_start = Some(*date))
                .is_some(),
            Fix::ConditionEnd { test_case, date } => p
                .test_cases
                .iter_mut()
                .find(|c| &c.id == test_case)
                .map(|c| c.condition_end = Some(*date))
                .is_some(),
            Fix::Expected {
                test_case,
                outcome,
                providers,
            } => p
                .test_cases
                .iter_mut()
                .find(|c| &c.id == test_case)
                .map(|c| {
                    c.expected_outcome = Some(*outcome);
                    c.expected_providers = providers.clone();
                })
                .is_some(),
            Fix::ProviderToFund { test_case, fund } => p
                .test_cases
                .iter_mut()
                .find(|c| &c.id == test_case)
                .map(|c| c.provider = fund.clone())
                .is_some(),
            Fix::InfoKindXmlRoot { code, xml_root } => p
                .info_kinds
                .iter_mut()
                .find(|k| &k.code == code)
                .map(|k| k.xml_root = xml_root.clone())
                .is_some(),
            Fix::InfoItemXmlPath {
                code,
                xml_path,
                repeated_group,
            } => p
                .info_items
                .iter_mut()
                .find(|i| &i.code == code)
                .map(|i| {
                    i.xml_path = xml_path.clone();
                    i.repeated_group = repeated_group.clone();
                })
                .is_some(),
        }
    }
}

/// One finding of a check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable rule id, e.g. `provider-not-fund`.
    pub rule: &'static str,
    /// How serious.
    pub severity: Severity,
    /// The kind of entity.
    pub entity: EntityKind,
    /// The entity's key (its id, code, or for a membership person/insurer/acquisition date).
    pub key: String,
    /// The field, by its exchange-workbook header.
    pub field: Option<&'static str>,
    /// What is wrong.
    pub message: Message,
    /// What to change, when something concrete can be said.
    pub suggestion: Option<Message>,
    /// The change as data, when it can be applied with one click.
    pub fix: Option<Fix>,
}

struct Sink<'a> {
    out: &'a mut Vec<Finding>,
}

impl Sink<'_> {
    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        rule: &'static str,
        severity: Severity,
        entity: EntityKind,
        key: &str,
        field: Option<&'static str>,
        message: Message,
    ) -> &mut Finding {
        self.out.push(Finding {
            rule,
            severity,
            entity,
            key: key.to_string(),
            field,
            message,
            suggestion: None,
            fix: None,
        });
        let last = self.out.len() - 1;
        &mut self.out[last]
    }
}

impl Finding {
    fn suggest(&mut self, suggestion: Message, fix: Option<Fix>) {
        self.suggestion = Some(suggestion);
        self.fix = fix;
    }
}

/// The Japanese and English halves of an error whose text is `日本語 / English`.
fn halves(e: &impl std::fmt::Display) -> (String, String) {
    let text = e.to_string();
    match text.split_once(" / ") {
        Some((ja, en)) => (ja.to_string(), en.to_string()),
        None => (text.clone(), text),
    }
}

fn code_shape_ok(code: &str, prefix: &str, short_digits: usize) -> bool {
    let Some(rest) = code.strip_prefix(prefix) else {
        return false;
    };
    rest.bytes().all(|b| b.is_ascii_digit()) && (rest.len() == short_digits || rest.len() == 14)
}

/// Validate the whole project and run the feasibility check and coverage: every finding, errors first.
pub fn check_project(p: &Project) -> Vec<Finding> {
    let index = ProjectIndex::new(p);
    let mut out = Vec::new();
    check_masters(&index, &mut out);
    check_hierarchy(&index, &mut out);
    check_people(&index, &mut out);
    for case in &p.test_cases {
        check_test_case(&index, case, &mut out);
    }
    check_coverage(p, &mut out);
    out.sort_by_key(|f| f.severity);
    out
}

/// The masters and bodies: parents of codes, code shapes, insurer numbers.
pub fn check_masters(index: &ProjectIndex, out: &mut Vec<Finding>) {
    let p = index.project;
    let mut s = Sink { out };
    for a in &p.affairs {
        if !code_shape_ok(a.code.as_str(), "JM", 3) {
            s.add(
                "code-shape",
                Severity::Warning,
                EntityKind::Code,
                a.code.as_str(),
                Some("コード"),
                Message::new(
                    format!(
                        "事務コード {} の形式が想定外です（JM＋数字3桁、または16文字）",
                        a.code
                    ),
                    format!(
                        "affair code {} has an unexpected shape (JM + 3 digits, or 16 characters)",
                        a.code
                    ),
                ),
            );
        }
    }
    for x in &p.procedures {
        if !code_shape_ok(x.code.as_str(), "JT", 6) {
            s.add("code-shape", Severity::Warning, EntityKind::Code, x.code.as_str(), Some("コード"), Message::new(
                format!("事務手続コード {} の形式が想定外です（JT＋数字6桁、または16文字）", x.code),
                format!("procedure code {} has an unexpected shape (JT + 6 digits, or 16 characters)", x.code),
            ));
        }
        if !index.affairs.contains_key(x.affair.as_str()) {
            s.add(
                "code-parent-unknown",
                Severity::Error,
                EntityKind::Code,
                x.code.as_str(),
                Some("親コード"),
                Message::new(
                    format!(
                        "事務手続 {} の親コード {} が事務にありません",
                        x.code, x.affair
                    ),
                    format!(
                        "procedure {}'s parent {} is not an affair",
                        x.code, x.affair
                    ),
                ),
            );
        }
    }
    for k in &p.info_kinds {
        if !code_shape_ok(k.code.as_str(), "TM", 3) {
            s.add("code-shape", Severity::Warning, EntityKind::Code, k.code.as_str(), Some("コード"), Message::new(
                format!("特定個人情報名コード {} の形式が想定外です（TM＋数字3桁、または16文字）", k.code),
                format!("info kind code {} has an unexpected shape (TM + 3 digits, or 16 characters)", k.code),
            ));
        }
        if k.xml_root.is_empty() {
            s.add(
                "code-xml-missing",
                Severity::Warning,
                EntityKind::Code,
                k.code.as_str(),
                Some("XMLパス"),
                Message::new(
                    format!("特定個人情報名 {} にXMLのルート要素がありません", k.code),
                    format!("info kind {} has no XML root element", k.code),
                ),
            );
        }
    }
    for i in &p.info_items {
        if !index.info_kinds.contains_key(i.info_kind.as_str()) {
            s.add(
                "code-parent-unknown",
                Severity::Error,
                EntityKind::Code,
                i.code.as_str(),
                Some("親コード"),
                Message::new(
                    format!(
                        "項目 {} の親コード {} が特定個人情報名にありません",
                        i.code, i.info_kind
                    ),
                    format!(
                        "item {}'s parent {} is not an info kind",
                        i.code, i.info_kind
                    ),
                ),
            );
        }
        if i.xml_path.is_empty() {
            s.add(
                "code-xml-missing",
                Severity::Warning,
                EntityKind::Code,
                i.code.as_str(),
                Some("XMLパス"),
                Message::new(
                    format!("項目 {} にXMLパスがありません", i.code),
                    format!("item {} has no XML path", i.code),
                ),
            );
        } else if !i.repeated_group.is_empty()
            && !i.xml_path.starts_with(&format!("{}/", i.repeated_group))
        {
            s.add(
                "code-group-mismatch",
                Severity::Warning,
                EntityKind::Code,
                i.code.as_str(),
                Some("繰返し"),
                Message::new(
                    format!(
                        "項目 {} のXMLパス {} が繰返し {} の下にありません",
                        i.code, i.xml_path, i.repeated_group
                    ),
                    format!(
                        "item {}'s path {} is not under its repeated group {}",
                        i.code, i.xml_path, i.repeated_group
                    ),
                ),
            );
        }
    }
    // Element names every parser reads, in master order.
    for k in &p.info_kinds {
        if let Some(bad) = index.unportable_kinds.get(k.code.as_str()) {
            let xml_root = portable_name(bad.path);
            let f = s.add(
                "xml-name-not-portable",
                Severity::Error,
                EntityKind::Code,
                k.code.as_str(),
                Some("XMLパス"),
                bad.message(),
            );
            f.suggest(
                Message::new(
                    format!(
                        "XMLパスを「{xml_root}」にする（名称「{}」はそのまま）",
                        k.name
                    ),
                    format!(
                        "set the XML path to \"{xml_root}\" (the name \"{}\" stays)",
                        k.name
                    ),
                ),
                Some(Fix::InfoKindXmlRoot {
                    code: k.code.clone(),
                    xml_root,
                }),
            );
        }
    }
    for i in &p.info_items {
        if let Some(bad) = index.unportable_items.get(i.code.as_str()) {
            // Path and group are fixed alike, so the group stays a prefix of the path.
            let xml_path = if i.xml_path.split('/').all(str::is_empty) {
                portable_name(i.code.as_str())
            } else {
                portable_path(&i.xml_path)
            };
            let repeated_group = portable_path(&i.repeated_group);
            let f = s.add(
                "xml-name-not-portable",
                Severity::Error,
                EntityKind::Code,
                i.code.as_str(),
                Some(bad.field),
                bad.message(),
            );
            let group_note = if repeated_group == i.repeated_group {
                (String::new(), String::new())
            } else {
                (
                    format!("、繰返しを「{repeated_group}」"),
                    format!(" and the repeated group to \"{repeated_group}\""),
                )
            };
            f.suggest(
                Message::new(
                    format!("XMLパスを「{xml_path}」{}にする", group_note.0),
                    format!("set the XML path to \"{xml_path}\"{}", group_note.1),
                ),
                Some(Fix::InfoItemXmlPath {
                    code: i.code.clone(),
                    xml_path,
                    repeated_group,
                }),
            );
        }
    }
    for ins in &p.insurers {
        if let Err(e) = verify_insurer_number(ins.number.as_str()) {
            s.add(
                "insurer-number-check-digit",
                Severity::Warning,
                EntityKind::Insurer,
                ins.number.as_str(),
                Some("保険者番号"),
                Message::new(
                    format!("保険者番号 {}: {}", ins.number, halves(&e).0),
                    format!("insurer number {}: {}", ins.number, halves(&e).1),
                ),
            );
        }
    }
    if p.fund().is_none() && !p.test_cases.is_empty() {
        s.add("fund-undefined", Severity::Error, EntityKind::Institution, "", Some("種別"), Message::new(
            "種別が基金の機関がありません（医療保険者等の情報の照会先）",
            "no institution of kind 基金 (the Fund, the provider of insurer-held information) is defined",
        ));
    }
}

/// Scenarios and variations: ids present and the hierarchy consistent.
pub fn check_hierarchy(index: &ProjectIndex, out: &mut Vec<Finding>) {
    let p = index.project;
    let mut s = Sink { out };
    let scenarios: HashSet<&str> = p.scenarios.iter().map(|x| x.id.as_str()).collect();
    for sc in &p.scenarios {
        if sc.id.as_str().trim().is_empty() {
            s.add(
                "id-missing",
                Severity::Error,
                EntityKind::Scenario,
                "",
                Some("シナリオID"),
                Message::new("シナリオIDがありません", "the scenario has no id"),
            );
        }
    }
    for v in &p.variations {
        if v.id.as_str().trim().is_empty() {
            s.add(
                "id-missing",
                Severity::Error,
                EntityKind::Variation,
                "",
                Some("バリエーションID"),
                Message::new("バリエーションIDがありません", "the variation has no id"),
            );
        }
        if !scenarios.contains(v.scenario.as_str()) {
            s.add(
                "hierarchy",
                Severity::Error,
                EntityKind::Variation,
                v.id.as_str(),
                Some("シナリオID"),
                Message::new(
                    format!(
                        "バリエーション {} のシナリオ {} がありません",
                        v.id, v.scenario
                    ),
                    format!(
                        "variation {}'s scenario {} does not exist",
                        v.id, v.scenario
                    ),
                ),
            );
        }
    }
}

/// Role models, memberships and benefit records.
pub fn check_people(index: &ProjectIndex, out: &mut Vec<Finding>) {
    let p = index.project;
    let mut s = Sink { out };
    let mut person_codes: HashMap<&str, &str> = HashMap::new();
    for r in &p.role_models {
        if r.id.as_str().trim().is_empty() {
            s.add(
                "id-missing",
                Severity::Error,
                EntityKind::RoleModel,
                "",
                Some("ロールモデルID"),
                Message::new("ロールモデルIDがありません", "the role model has no id"),
            );
        }
        if r.person_code.as_str().trim().is_empty() {
            s.add(
                "id-missing",
                Severity::Error,
                EntityKind::RoleModel,
                r.id.as_str(),
                Some("機関別符号"),
                Message::new(
                    format!("ロールモデル {} に機関別符号がありません", r.id),
                    format!("role model {} has no person code", r.id),
                ),
            );
        } else if let Some(other) = person_codes.insert(r.person_code.as_str(), r.id.as_str()) {
            s.add(
                "id-duplicate",
                Severity::Error,
                EntityKind::RoleModel,
                r.id.as_str(),
                Some("機関別符号"),
                Message::new(
                    format!(
                        "機関別符号 {} がロールモデル {} と重複しています",
                        r.person_code, other
                    ),
                    format!(
                        "person code {} is also used by role model {}",
                        r.person_code, other
                    ),
                ),
            );
        } else if !index.partition.contains_key(r.person_code.as_str()) {
            s.add(
                "person-not-in-partition",
                Severity::Warning,
                EntityKind::RoleModel,
                r.id.as_str(),
                Some("機関別符号"),
                Message::new(
                    format!(
                        "機関別符号 {} は統一区画にありません（加入歴がありません）",
                        r.person_code
                    ),
                    format!(
                        "person code {} has no row in the unified partition (no membership)",
                        r.person_code
                    ),
                ),
            );
        }
        if !r.my_number.is_empty()
            && let Err(e) = verify_my_number(&r.my_number)
        {
            s.add(
                "my-number-check-digit",
                Severity::Warning,
                EntityKind::RoleModel,
                r.id.as_str(),
                Some("個人番号"),
                Message::new(
                    format!("個人番号: {}", halves(&e).0),
                    format!("My Number: {}", halves(&e).1),
                ),
            );
        }
    }
    let mut by_person: HashMap<&str, Vec<&Membership>> =
        HashMap::with_capacity(p.role_models.len());
    for m in &p.memberships {
        let key = || m.key();
        if !index.role_models.contains_key(m.role_model.as_str()) {
            s.add(
                "role-model-undefined",
                Severity::Error,
                EntityKind::Membership,
                &key(),
                Some("ロールモデルID"),
                Message::new(
                    format!("加入歴のロールモデル {} は定義されていません", m.role_model),
                    format!(
                        "the membership's role model {} is not defined",
                        m.role_model
                    ),
                ),
            );
        }
        if !index.insurers.contains_key(m.insurer.as_str()) {
            s.add(
                "insurer-undefined",
                Severity::Error,
                EntityKind::Membership,
                &key(),
                Some("保険者番号"),
                Message::new(
                    format!("保険者 {} は定義されていません", m.insurer),
                    format!("insurer {} is not defined", m.insurer),
                ),
            );
        }
        match m.lost_on {
            Some(l) if l <= m.acquired_on => {
                s.add(
                    "membership-reversed",
                    Severity::Error,
                    EntityKind::Membership,
                    &key(),
                    Some("資格喪失日"),
                    Message::new(
                        format!("資格喪失日 {l} が資格取得日 {} 以前です", m.acquired_on),
                        format!("lost {l}, on or before it was acquired ({})", m.acquired_on),
                    ),
                );
            }
            None if m.lost_on_reason_of_null.trim().is_empty() => {
                s.add(
                    "reason-of-null-missing",
                    Severity::Warning,
                    EntityKind::Membership,
                    &key(),
                    Some("資格喪失日の空値理由"),
                    Message::new(
                        "資格喪失日が空ですが空値理由（ReasonOfNull）がありません",
                        "the loss date is empty but no ReasonOfNull is given",
                    ),
                );
            }
            _ => {}
        }
        by_person.entry(m.role_model.as_str()).or_default().push(m);
    }
    // In role-model order, so that findings come out the same on every run.
    for r in &p.role_models {
        let Some(mut ms) = by_person.remove(r.id.as_str()) else {
            continue;
        };
        ms.sort_by_key(|m| m.acquired_on);
        for w in ms.windows(2) {
            let (a, b) = (w[0], w[1]);
            if a.lost_on.is_none_or(|l| l > b.acquired_on) {
                s.add(
                    "membership-overlap",
                    Severity::Warning,
                    EntityKind::Membership,
                    &b.key(),
                    Some("資格取得日"),
                    Message::new(
                        format!(
                            "{} の加入歴（{}～）と期間が重なっています",
                            a.insurer, a.acquired_on
                        ),
                        format!(
                            "overlaps the membership of {} from {}",
                            a.insurer, a.acquired_on
                        ),
                    ),
                );
            }
        }
    }
    for b in &p.benefits {
        let key = || b.key();
        if !index.role_models.contains_key(b.role_model.as_str()) {
            s.add(
                "role-model-undefined",
                Severity::Error,
                EntityKind::Benefit,
                &key(),
                Some("ロールモデルID"),
                Message::new(
                    format!(
                        "給付情報のロールモデル {} は定義されていません",
                        b.role_model
                    ),
                    format!(
                        "the benefit record's role model {} is not defined",
                        b.role_model
                    ),
                ),
            );
        }
        if !index.insurers.contains_key(b.insurer.as_str()) {
            s.add(
                "insurer-undefined",
                Severity::Error,
                EntityKind::Benefit,
                &key(),
                Some("保険者番号"),
                Message::new(
                    format!("保険者 {} は定義されていません", b.insurer),
                    format!("insurer {} is not defined", b.insurer),
                ),
            );
        }
    }
}

/// Validate one test case and check it can be served (runs after every edit of that case in the window).
pub fn check_test_case(index: &ProjectIndex, case: &TestCase, out: &mut Vec<Finding>) {
    let before = out.len();
    validate_test_case(index, case, out);
    let valid = !out[before..].iter().any(|f| f.severity == Severity::Error);
    if valid {
        // An invalid case cannot be routed; its validation findings say why.
        let sim = simulate_with(index, case, Detail::Outcome);
        feasibility(index, case, &sim, out);
    }
}

fn validate_test_case(index: &ProjectIndex, c: &TestCase, out: &mut Vec<Finding>) {
    let key = c.id.as_str();
    let mut s = Sink { out };
    let tc = EntityKind::TestCase;
    if key.trim().is_empty() {
        s.add(
            "id-missing",
            Severity::Error,
            tc,
            key,
            Some("テストケースID"),
            Message::new("テストケースIDがありません", "the test case has no id"),
        );
    }
    match index.variations.get(c.variation.as_str()) {
        None => {
            s.add(
                "hierarchy",
                Severity::Error,
                tc,
                key,
                Some("バリエーションID"),
                Message::new(
                    format!("バリエーション {} がありません", c.variation),
                    format!("variation {} does not exist", c.variation),
                ),
            );
        }
        Some(v) if v.scenario != c.scenario => {
            s.add(
                "hierarchy",
                Severity::Error,
                tc,
                key,
                Some("シナリオID"),
                Message::new(
                    format!(
                        "バリエーション {} はシナリオ {} のものです（テストケースのシナリオは {}）",
                        v.id, v.scenario, c.scenario
                    ),
                    format!(
                        "variation {} belongs to scenario {}, not {}",
                        v.id, v.scenario, c.scenario
                    ),
                ),
            );
        }
        Some(_) => {}
    }
    let institution = |code: &InstitutionCode| index.institutions.get(code.as_str());
    if institution(&c.requester).is_none() {
        s.add(
            "institution-undefined",
            Severity::Error,
            tc,
            key,
            Some("情報照会者機関コード"),
            Message::new(
                format!("機関 {} は定義されていません", c.requester),
                format!("institution {} is not defined", c.requester),
            ),
        );
    }
    match index.fund {
        Some(fund) if fund.code != c.provider => {
            let f = s.add("provider-not-fund", Severity::Error, tc, key, Some("照会先機関コード"), Message::new(
                format!("照会先機関コード {} は基金（{}）ではありません。医療保険者等の情報は基金に照会します（留意点①）", c.provider, fund.code),
                format!("provider {} is not the Fund ({}): insurer-held information is queried from the Fund", c.provider, fund.code),
            ));
            f.suggest(
                Message::new(
                    format!("照会先機関コードを {} に変更する", fund.code),
                    format!("change the provider to {}", fund.code),
                ),
                Some(Fix::ProviderToFund {
                    test_case: c.id.clone(),
                    fund: fund.code.clone(),
                }),
            );
        }
        _ => {}
    }
    if !index.affairs.contains_key(c.affair.as_str()) {
        s.add(
            "code-unknown",
            Severity::Error,
            tc,
            key,
            Some("事務コード"),
            Message::new(
                format!("事務コード {} はコードにありません", c.affair),
                format!("affair {} is not in the code master", c.affair),
            ),
        );
    }
    match index.procedures.get(c.procedure.as_str()) {
        None => {
            s.add(
                "code-unknown",
                Severity::Error,
                tc,
                key,
                Some("事務手続コード"),
                Message::new(
                    format!("事務手続コード {} はコードにありません", c.procedure),
                    format!("procedure {} is not in the code master", c.procedure),
                ),
            );
        }
        Some(x) if x.affair != c.affair => {
            s.add(
                "code-parent",
                Severity::Error,
                tc,
                key,
                Some("事務手続コード"),
                Message::new(
                    format!(
                        "事務手続 {} は事務 {} のものです（テストケースの事務は {}）",
                        c.procedure, x.affair, c.affair
                    ),
                    format!(
                        "procedure {} belongs to affair {}, not {}",
                        c.procedure, x.affair, c.affair
                    ),
                ),
            );
        }
        Some(_) => {}
    }
    if !index.info_kinds.contains_key(c.info_kind.as_str()) {
        s.add(
            "code-unknown",
            Severity::Error,
            tc,
            key,
            Some("特定個人情報名コード"),
            Message::new(
                format!("特定個人情報名コード {} はコードにありません", c.info_kind),
                format!("info kind {} is not in the code master", c.info_kind),
            ),
        );
    }
    if c.items.is_empty() {
        s.add(
            "items-missing",
            Severity::Error,
            tc,
            key,
            Some("特定個人情報項目コードリスト"),
            Message::new("項目が指定されていません", "no item is requested"),
        );
    }
    let mut seen = HashSet::new();
    for item in &c.items {
        if !seen.insert(item.as_str()) {
            s.add(
                "item-duplicate",
                Severity::Warning,
                tc,
                key,
                Some("特定個人情報項目コードリスト"),
                Message::new(
                    format!("項目 {item} が重複しています"),
                    format!("item {item} is listed twice"),
                ),
            );
        }
        match index.info_items.get(item.as_str()) {
            None => {
                s.add(
                    "code-unknown",
                    Severity::Error,
                    tc,
                    key,
                    Some("特定個人情報項目コードリスト"),
                    Message::new(
                        format!("項目コード {item} はコードにありません"),
                        format!("item {item} is not in the code master"),
                    ),
                );
            }
            Some((_, i)) if i.info_kind != c.info_kind => {
                s.add(
                    "code-parent",
                    Severity::Error,
                    tc,
                    key,
                    Some("特定個人情報項目コードリスト"),
                    Message::new(
                        format!(
                            "項目 {item} は特定個人情報名 {} のものです（テストケースは {}）",
                            i.info_kind, c.info_kind
                        ),
                        format!(
                            "item {item} belongs to info kind {}, not {}",
                            i.info_kind, c.info_kind
                        ),
                    ),
                );
            }
            Some(_) => {}
        }
    }
    // The answer cannot be written when a code gives it a name not every parser reads.
    if let Some(bad) = index.unportable_kinds.get(c.info_kind.as_str()) {
        s.add(
            "xml-name-not-portable",
            Severity::Error,
            tc,
            key,
            Some("特定個人情報名コード"),
            bad.message(),
        );
    }
    for item in &c.items {
        if let Some(bad) = index.unportable_items.get(item.as_str()) {
            s.add(
                "xml-name-not-portable",
                Severity::Error,
                tc,
                key,
                Some("特定個人情報項目コードリスト"),
                bad.message(),
            );
        }
    }
    match c.condition() {
        Ok(_) => {}
        Err(ConditionError::MissingQueryDate) => {
            s.add(
                "condition-dates",
                Severity::Error,
                tc,
                key,
                Some("照会日"),
                Message::new(
                    "既定の照会には照会日が必要です",
                    "a default query needs its query date",
                ),
            );
        }
        Err(ConditionError::MissingPoint) => {
            s.add(
                "condition-dates",
                Severity::Error,
                tc,
                key,
                Some("照会条件開始日"),
                Message::new(
                    "時点指定には照会条件開始日が必要です",
                    "a point-in-time query needs its date (照会条件開始日)",
                ),
            );
        }
        Err(ConditionError::MissingRange) => {
            let field = if c.condition_start.is_none() {
                "照会条件開始日"
            } else {
                "照会条件終了日"
            };
            s.add(
                "condition-dates",
                Severity::Error,
                tc,
                key,
                Some(field),
                Message::new(
                    "範囲指定には照会条件開始日と照会条件終了日が必要です",
                    "a range query needs both its start and end dates",
                ),
            );
        }
        Err(ConditionError::Reversed { from, to }) => {
            let f = s.add(
                "condition-reversed",
                Severity::Error,
                tc,
                key,
                Some("照会条件終了日"),
                Message::new(
                    format!("照会条件終了日 {to} が照会条件開始日 {from} より前です"),
                    format!("the range ends ({to}) before it starts ({from})"),
                ),
            );
            f.suggest(
                Message::new(
                    format!("照会条件終了日を {from} 以降に変更する"),
                    format!("move the range end to {from} or later"),
                ),
                Some(Fix::ConditionEnd {
                    test_case: c.id.clone(),
                    date: from,
                }),
            );
        }
    }
    if !index.role_models.contains_key(c.role_model.as_str()) {
        s.add(
            "role-model-undefined",
            Severity::Error,
            tc,
            key,
            Some("ロールモデルID"),
            Message::new(
                format!("ロールモデル {} は定義されていません", c.role_model),
                format!("role model {} is not defined", c.role_model),
            ),
        );
    }
    for x in &c.expected_providers {
        if !index.insurers.contains_key(x.as_str()) {
            s.add(
                "expected-provider-not-insurer",
                Severity::Error,
                tc,
                key,
                Some("期待する提供保険者"),
                Message::new(
                    format!("期待する提供保険者 {x} は保険者にありません"),
                    format!("expected provider {x} is not an insurer"),
                ),
            );
        }
    }
}

fn name_of(index: &ProjectIndex, n: &InsurerNumber) -> String {
    format!("{} ({})", index.insurer_name(n.as_str()), n)
}

fn feasibility(index: &ProjectIndex, case: &TestCase, sim: &Simulation, out: &mut Vec<Finding>) {
    let key = case.id.as_str();
    let tc = EntityKind::TestCase;
    let mut s = Sink { out };
    if sim.outcome == Outcome::Error {
        let reason = sim.reason.clone().unwrap_or_else(|| Message::new("", ""));
        s.add(
            "replica-version-mismatch",
            Severity::Error,
            tc,
            key,
            Some("副本の詳細"),
            Message::new(
                format!("この照会は処理できません: {}", reason.ja),
                format!("the case cannot be served: {}", reason.en),
            ),
        );
        return;
    }
    let cmp = compare(case, sim);
    if !cmp.matches {
        let diffs = Message::join(&cmp.differences);
        let field = if case.expected_outcome.is_some_and(|o| o != sim.outcome) {
            "期待する処理結果"
        } else {
            "期待する提供保険者"
        };
        let f = s.add(
            "feasibility-mismatch",
            Severity::Error,
            tc,
            key,
            Some(field),
            Message::new(
                format!("副本データでは期待どおりになりません: {}", diffs.ja),
                format!(
                    "the replica data does not give the expected result: {}",
                    diffs.en
                ),
            ),
        );
        if let Some((suggestion, fix)) = suggest_for_mismatch(index, case, sim) {
            f.suggest(suggestion, Some(fix));
        } else {
            let providers: Vec<&str> = sim.providers.iter().map(|x| x.as_str()).collect();
            f.suggest(
                Message::new(
                    format!(
                        "期待する処理結果を {}、期待する提供保険者を {} に変更する",
                        sim.outcome.label_ja(),
                        providers.join(",")
                    ),
                    format!(
                        "change the expectation to {} from {}",
                        sim.outcome.label_ja(),
                        providers.join(",")
                    ),
                ),
                Some(Fix::Expected {
                    test_case: case.id.clone(),
                    outcome: sim.outcome,
                    providers: sim.providers.clone(),
                }),
            );
        }
    }
    let unfillable: Vec<String> = sim
        .null_items
        .iter()
        .filter(|n| n.unfillable)
        .map(|n| format!("{}@{}", n.item, n.insurer))
        .collect();
    if !unfillable.is_empty() {
        s.add(
            "items-unfillable",
            Severity::Warning,
            tc,
            key,
            Some("特定個人情報項目コードリスト"),
            Message::new(
                format!(
                    "副本では埋められない項目があり、空値（NotAvailable）で返ります: {}",
                    unfillable.join(", ")
                ),
                format!(
                    "items the replicas cannot fill come back null (NotAvailable): {}",
                    unfillable.join(", ")
                ),
            ),
        );
    }
    let mut no_record: Vec<String> = Vec::new();
    for n in sim.null_items.iter().filter(|n| !n.unfillable) {
        // An open membership's empty loss date is expected data, not a gap.
        let item_leaf = index
            .info_items
            .get(n.item.as_str())
            .map(|(_, i)| i.xml_path.ends_with("資格喪失日"))
            .unwrap_or(false);
        if !item_leaf {
            let s = format!("{}@{}", n.item, n.insurer);
            if !no_record.contains(&s) {
                no_record.push(s);
            }
        }
    }
    if !no_record.is_empty() {
        s.add(
            "items-null",
            Severity::Info,
            tc,
            key,
            Some("特定個人情報項目コードリスト"),
            Message::new(
                format!(
                    "該当する副本データがなく空値で返る項目: {}",
                    no_record.join(", ")
                ),
                format!(
                    "items with no replica data come back null: {}",
                    no_record.join(", ")
                ),
            ),
        );
    }
}

/// For a missing expected provider, the concrete change of a membership or of the condition that brings it in.
fn suggest_for_mismatch(
    index: &ProjectIndex,
    case: &TestCase,
    sim: &Simulation,
) -> Option<(Message, Fix)> {
    let condition = case.condition().ok()?;
    let person = index.role_models.get(case.role_model.as_str())?;
    let memberships: Vec<&Membership> = index.memberships_of(person.person_code.as_str()).collect();
    let missing = case
        .expected_providers
        .iter()
        .find(|x| !sim.providers.contains(x))?;
    let own: Vec<&Membership> = memberships
        .iter()
        .copied()
        .filter(|m| &m.insurer == missing)
        .collect();
    let name = name_of(index, missing);
    let id = case.id.clone();
    match condition {
        QueryCondition::Range(from, to) => {
            // The nearest membership of that insurer, and whether it lies after or before the range.
            if let Some(m) = own
                .iter()
                .filter(|m| m.acquired_on > to)
                .min_by_key(|m| m.acquired_on)
            {
                return Some(if case.expected_providers.last() == Some(missing) {
                    (
                        Message::new(
                            format!(
                                "{name} の加入歴を {to} 以前から開始する（資格取得日を {to} にする）"
                            ),
                            format!(
                                "start {name}'s membership on or before {to} (set its acquisition date to {to})"
                            ),
                        ),
                        Fix::MembershipAcquiredOn {
                            membership: m.id,
                            date: to,
                        },
                    )
                } else {
                    (
                        Message::new(
                            format!("照会条件終了日を {} に変更する", m.acquired_on),
                            format!("change the range end to {}", m.acquired_on),
                        ),
                        Fix::ConditionEnd {
                            test_case: id,
                            date: m.acquired_on,
                        },
                    )
                });
            }
            if let Some(m) = own
                .iter()
                .filter(|m| m.lost_on.is_some_and(|l| l <= from))
                .max_by_key(|m| m.lost_on)
            {
                let lost = m.lost_on?;
                return Some(if case.expected_providers.first() == Some(missing) {
                    (
                        Message::new(
                            format!("照会条件開始日を {} に変更する", lost.pred()),
                            format!("change the range start to {}", lost.pred()),
                        ),
                        Fix::ConditionStart {
                            test_case: id,
                            date: lost.pred(),
                        },
                    )
                } else {
                    (
                        Message::new(
                            format!("{name} の加入歴の資格喪失日を {} にする", from.succ()),
                            format!("set {name}'s loss date to {}", from.succ()),
                        ),
                        Fix::MembershipLostOn {
                            membership: m.id,
                            date: from.succ(),
                        },
                    )
                });
            }
            None
        }
        QueryCondition::Latest(d) | QueryCondition::AsOf(d) => {
            if case.expected_providers.len() != 1 {
                return None;
            }
            // Acquired after d: move the date to its acquisition, or start it by d.
            if let Some(m) = own
                .iter()
                .filter(|m| m.acquired_on > d)
                .min_by_key(|m| m.acquired_on)
            {
                let later_others = memberships.iter().any(|o| {
                    o.insurer != *missing && o.acquired_on > d && o.acquired_on <= m.acquired_on
                });
                return Some(if later_others {
                    (
                        Message::new(
                            format!(
                                "{name} の加入歴を {d} 以前から開始する（資格取得日を {d} にする）"
                            ),
                            format!(
                                "start {name}'s membership on or before {d} (set its acquisition date to {d})"
                            ),
                        ),
                        Fix::MembershipAcquiredOn {
                            membership: m.id,
                            date: d,
                        },
                    )
                } else {
                    let field = if case.condition_kind == ConditionKind::Latest {
                        "照会日"
                    } else {
                        "照会条件開始日"
                    };
                    (
                        Message::new(
                            format!("{field}を {} に変更する", m.acquired_on),
                            format!("change the query's date ({field}) to {}", m.acquired_on),
                        ),
                        Fix::ConditionPoint {
                            test_case: id,
                            date: m.acquired_on,
                        },
                    )
                });
            }
            // Acquired by d but superseded: query the day before the next acquisition.
            let m = own
                .iter()
                .filter(|m| m.acquired_on <= d)
                .max_by_key(|m| m.acquired_on)?;
            let next = memberships
                .iter()
                .filter(|o| o.acquired_on > m.acquired_on)
                .map(|o| o.acquired_on)
                .min()?;
            let date = next.pred();
            let field = if case.condition_kind == ConditionKind::Latest {
                "照会日"
            } else {
                "照会条件開始日"
            };
            Some((
                Message::new(
                    format!("{field}を {date} に変更する"),
                    format!("change the query's date ({field}) to {date}"),
                ),
                Fix::ConditionPoint {
                    test_case: id,
                    date,
                },
            ))
        }
    }
}

/// The coverage matrix: test cases per procedure (JT) and condition kind, and cases per viewpoint.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Coverage {
    /// Procedures in master order, each with counts for 既定 / 時点指定 / 範囲指定.
    pub rows: Vec<(ProcedureCode, [usize; 3])>,
    /// Viewpoints (テスト観点ID) with their test cases, sorted by viewpoint.
    pub viewpoints: Vec<(String, Vec<TestCaseId>)>,
}

/// Compute the coverage of a project.
pub fn coverage(p: &Project) -> Coverage {
    let mut counts: HashMap<&str, [usize; 3]> = HashMap::new();
    let mut views: BTreeMap<String, Vec<TestCaseId>> = BTreeMap::new();
    for c in &p.test_cases {
        let i = ConditionKind::ALL
            .iter()
            .position(|k| *k == c.condition_kind)
            .unwrap_or(0);
        counts.entry(c.procedure.as_str()).or_default()[i] += 1;
        if !c.viewpoint_id.is_empty() {
            views
                .entry(c.viewpoint_id.clone())
                .or_default()
                .push(c.id.clone());
        }
    }
    Coverage {
        rows: p
            .procedures
            .iter()
            .map(|x| {
                (
                    x.code.clone(),
                    counts.get(x.code.as_str()).copied().unwrap_or_default(),
                )
            })
            .collect(),
        viewpoints: views.into_iter().collect(),
    }
}

fn check_coverage(p: &Project, out: &mut Vec<Finding>) {
    let cov = coverage(p);
    let mut s = Sink { out };
    for (code, counts) in &cov.rows {
        for (k, n) in ConditionKind::ALL.iter().zip(counts) {
            if *n == 0 {
                s.add(
                    "coverage-gap",
                    Severity::Info,
                    EntityKind::Code,
                    code.as_str(),
                    Some("照会条件"),
                    Message::new(
                        format!(
                            "事務手続 {code} に{}のテストケースがありません",
                            k.label_ja()
                        ),
                        format!("procedure {code} has no {} test case", k.label_en()),
                    ),
                );
            }
        }
    }
}
