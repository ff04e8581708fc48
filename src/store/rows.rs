//! How each entity is laid out as a row of its table, both ways. Dates are ISO text, lists comma-joined text,
//! enums their stable keys.

use rusqlite::Row;
use rusqlite::types::Value;

use crate::domain::date::{Date, DateTime, parse_date, parse_datetime};
use crate::domain::model::*;

use super::StoreError;

/// An entity of any kind, as one value: what a write operation puts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entity {
    /// 機関
    Institution(Institution),
    /// 保険者
    Insurer(Insurer),
    /// 事務
    Affair(Affair),
    /// 事務手続
    Procedure(Procedure),
    /// 特定個人情報名
    InfoKind(InfoKind),
    /// 項目
    InfoItem(InfoItem),
    /// シナリオ
    Scenario(Scenario),
    /// バリエーション
    Variation(Variation),
    /// テストケース
    TestCase(TestCase),
    /// ロールモデル
    RoleModel(RoleModel),
    /// 加入歴
    Membership(Membership),
    /// 給付情報
    Benefit(BenefitRecord),
}

/// The key of an entity of any kind: what a delete names.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum EntityKey {
    /// 機関コード
    Institution(InstitutionCode),
    /// 保険者番号
    Insurer(InsurerNumber),
    /// 事務コード
    Affair(AffairCode),
    /// 事務手続コード
    Procedure(ProcedureCode),
    /// 特定個人情報名コード
    InfoKind(InfoKindCode),
    /// 項目コード
    InfoItem(InfoItemCode),
    /// シナリオID
    Scenario(ScenarioId),
    /// バリエーションID
    Variation(VariationId),
    /// テストケースID
    TestCase(TestCaseId),
    /// ロールモデルID
    RoleModel(RoleModelId),
    /// A membership's row key.
    Membership(RowId),
    /// A benefit record's row key.
    Benefit(RowId),
}

impl EntityKey {
    /// The table and key column holding the entity, and the key value.
    pub fn locate(&self) -> (&'static str, &'static str, Value) {
        let t = |s: &str| Value::Text(s.to_string());
        match self {
            EntityKey::Institution(k) => ("institution", "code", t(k.as_str())),
            EntityKey::Insurer(k) => ("insurer", "number", t(k.as_str())),
            EntityKey::Affair(k) => ("affair", "code", t(k.as_str())),
            EntityKey::Procedure(k) => ("procedure", "code", t(k.as_str())),
            EntityKey::InfoKind(k) => ("info_kind", "code", t(k.as_str())),
            EntityKey::InfoItem(k) => ("info_item", "code", t(k.as_str())),
            EntityKey::Scenario(k) => ("scenario", "id", t(k.as_str())),
            EntityKey::Variation(k) => ("variation", "id", t(k.as_str())),
            EntityKey::TestCase(k) => ("test_case", "id", t(k.as_str())),
            EntityKey::RoleModel(k) => ("role_model", "id", t(k.as_str())),
            EntityKey::Membership(k) => ("membership", "id", Value::Integer(*k)),
            EntityKey::Benefit(k) => ("benefit", "id", Value::Integer(*k)),
        }
    }
}

impl Entity {
    /// Every free-text field, by its workbook header: what typing can fill.
    fn text_fields_mut(&mut self) -> Vec<(&'static str, &mut String)> {
        match self {
            Entity::Institution(x) => vec![("機関名", &mut x.name)],
            Entity::Insurer(x) => vec![("保険者名称", &mut x.name)],
            Entity::Affair(x) => vec![("名称", &mut x.name)],
            Entity::Procedure(x) => vec![("名称", &mut x.name)],
            Entity::InfoKind(x) => vec![("名称", &mut x.name), ("XMLパス", &mut x.xml_root)],
            Entity::InfoItem(x) => vec![
                ("名称", &mut x.name),
                ("XMLパス", &mut x.xml_path),
                ("繰返し", &mut x.repeated_group),
            ],
            Entity::Scenario(x) => vec![("シナリオ名", &mut x.name)],
            Entity::Variation(x) => vec![("バリエーション名", &mut x.name)],
            Entity::TestCase(x) => vec![
                ("テスト観点ID", &mut x.viewpoint_id),
                ("情報照会者部署名", &mut x.requester_department_name),
                ("情報照会者部署コード", &mut x.requester_department_code),
                ("副本の詳細", &mut x.replica_details),
                ("備考", &mut x.remarks),
            ],
            Entity::RoleModel(x) => vec![
                ("氏名", &mut x.name),
                ("氏名カナ", &mut x.name_kana),
                ("住所", &mut x.address),
                ("個人番号", &mut x.my_number),
                ("備考", &mut x.remarks),
            ],
            Entity::Membership(x) => vec![
                ("被保険者枝番", &mut x.member_branch),
                ("紐付番号", &mut x.link_number),
                ("資格喪失日の空値理由", &mut x.lost_on_reason_of_null),
                ("版番号", &mut x.version),
            ],
            Entity::Benefit(x) => vec![("給付種別", &mut x.kind)],
        }
    }

    /// Remove from every free-text field the control characters XML cannot carry (typed or pasted text reaches
    /// the answer XML); returns each field that held some, with the characters removed.
    pub fn strip_control(&mut self) -> Vec<(&'static str, Vec<char>)> {
        let mut out = Vec::new();
        for (field, text) in self.text_fields_mut() {
            let (kept, removed) = crate::domain::xml_name::strip_control(text);
            if !removed.is_empty() {
                *text = kept.into_owned();
                out.push((field, removed));
            }
        }
        out
    }

    /// The entity's key.
    pub fn key(&self) -> EntityKey {
        match self {
            Entity::Institution(x) => EntityKey::Institution(x.code.clone()),
            Entity::Insurer(x) => EntityKey::Insurer(x.number.clone()),
            Entity::Affair(x) => EntityKey::Affair(x.code.clone()),
            Entity::Procedure(x) => EntityKey::Procedure(x.code.clone()),
            Entity::InfoKind(x) => EntityKey::InfoKind(x.code.clone()),
            Entity::InfoItem(x) => EntityKey::InfoItem(x.code.clone()),
            Entity::Scenario(x) => EntityKey::Scenario(x.id.clone()),
            Entity::Variation(x) => EntityKey::Variation(x.id.clone()),
            Entity::TestCase(x) => EntityKey::TestCase(x.id.clone()),
            Entity::RoleModel(x) => EntityKey::RoleModel(x.id.clone()),
            Entity::Membership(x) => EntityKey::Membership(x.id),
            Entity::Benefit(x) => EntityKey::Benefit(x.id),
        }
    }

    /// The table and the row's columns with their values, key column first.
    pub fn row(&self) -> (&'static str, Vec<(&'static str, Value)>) {
        match self {
            Entity::Institution(x) => (
                "institution",
                vec![
                    ("code", text(x.code.as_str())),
                    ("name", text(&x.name)),
                    ("kind", text(x.kind.key())),
                    ("test_group", opt_int(x.test_group.map(i64::from))),
                    ("representative", Value::Integer(x.representative as i64)),
                ],
            ),
            Entity::Insurer(x) => (
                "insurer",
                vec![
                    ("number", text(x.number.as_str())),
                    ("name", text(&x.name)),
                    ("system", opt_text(x.system.map(|s| s.key()))),
                    ("lot", opt_int(x.lot.map(i64::from))),
                    ("representative", Value::Integer(x.representative as i64)),
                ],
            ),
            Entity::Affair(x) => (
                "affair",
                vec![
                    ("code", text(x.code.as_str())),
                    ("name", text(&x.name)),
                    ("sample", Value::Integer(x.sample as i64)),
                ],
            ),
            Entity::Procedure(x) => (
                "procedure",
                vec![
                    ("code", text(x.code.as_str())),
                    ("name", text(&x.name)),
                    ("affair", text(x.affair.as_str())),
                    ("sample", Value::Integer(x.sample as i64)),
                ],
            ),
            Entity::InfoKind(x) => (
                "info_kind",
                vec![
                    ("code", text(x.code.as_str())),
                    ("name", text(&x.name)),
                    ("xml_root", text(&x.xml_root)),
                    ("sample", Value::Integer(x.sample as i64)),
                ],
            ),
            Entity::InfoItem(x) => (
                "info_item",
                vec![
                    ("code", text(x.code.as_str())),
                    ("name", text(&x.name)),
                    ("info_kind", text(x.info_kind.as_str())),
                    ("xml_path", text(&x.xml_path)),
                    ("repeated_group", text(&x.repeated_group)),
                    ("sample", Value::Integer(x.sample as i64)),
                ],
            ),
            Entity::Scenario(x) => (
                "scenario",
                vec![("id", text(x.id.as_str())), ("name", text(&x.name))],
            ),
            Entity::Variation(x) => (
                "variation",
                vec![
                    ("id", text(x.id.as_str())),
                    ("scenario", text(x.scenario.as_str())),
                    ("name", text(&x.name)),
                ],
            ),
            Entity::TestCase(x) => (
                "test_case",
                vec![
                    ("id", text(x.id.as_str())),
                    ("scenario", text(x.scenario.as_str())),
                    ("variation", text(x.variation.as_str())),
                    ("viewpoint_id", text(&x.viewpoint_id)),
                    ("query_date", opt_date(x.query_date)),
                    ("requester", text(x.requester.as_str())),
                    (
                        "requester_department_name",
                        text(&x.requester_department_name),
                    ),
                    (
                        "requester_department_code",
                        text(&x.requester_department_code),
                    ),
                    ("provider", text(x.provider.as_str())),
                    ("affair", text(x.affair.as_str())),
                    ("procedure", text(x.procedure.as_str())),
                    ("info_kind", text(x.info_kind.as_str())),
                    ("items", text(&join(&x.items))),
                    ("condition_kind", text(x.condition_kind.key())),
                    ("condition_start", opt_date(x.condition_start)),
                    ("condition_end", opt_date(x.condition_end)),
                    ("role_model", text(x.role_model.as_str())),
                    ("replica_details", text(&x.replica_details)),
                    (
                        "expected_outcome",
                        opt_text(x.expected_outcome.map(|o| o.key())),
                    ),
                    ("expected_providers", text(&join(&x.expected_providers))),
                    ("remarks", text(&x.remarks)),
                ],
            ),
            Entity::RoleModel(x) => (
                "role_model",
                vec![
                    ("id", text(x.id.as_str())),
                    ("person_code", text(x.person_code.as_str())),
                    ("name", text(&x.name)),
                    ("name_kana", text(&x.name_kana)),
                    ("birth_date", opt_date(x.birth_date)),
                    ("sex", opt_text(x.sex.map(|s| s.key()))),
                    ("address", text(&x.address)),
                    ("my_number", text(&x.my_number)),
                    ("scenario_ids", text(&x.scenario_ids.join(","))),
                    ("variation_ids", text(&x.variation_ids.join(","))),
                    ("test_case_ids", text(&x.test_case_ids.join(","))),
                    ("remarks", text(&x.remarks)),
                ],
            ),
            Entity::Membership(x) => (
                "membership",
                vec![
                    ("id", Value::Integer(x.id)),
                    ("role_model", text(x.role_model.as_str())),
                    ("insurer", text(x.insurer.as_str())),
                    ("member_branch", text(&x.member_branch)),
                    ("link_number", text(&x.link_number)),
                    ("acquired_on", text(&x.acquired_on.to_string())),
                    ("lost_on", opt_date(x.lost_on)),
                    ("lost_on_reason_of_null", text(&x.lost_on_reason_of_null)),
                    (
                        "registered_at",
                        opt_text(x.registered_at.map(|d| d.to_string()).as_deref()),
                    ),
                    ("version", text(&x.version)),
                ],
            ),
            Entity::Benefit(x) => (
                "benefit",
                vec![
                    ("id", Value::Integer(x.id)),
                    ("role_model", text(x.role_model.as_str())),
                    ("insurer", text(x.insurer.as_str())),
                    ("kind", text(&x.kind)),
                    ("start_date", text(&x.start_date.to_string())),
                    ("amount", opt_int(x.amount)),
                ],
            ),
        }
    }
}

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

fn opt_text(s: Option<&str>) -> Value {
    s.map(text).unwrap_or(Value::Null)
}

fn opt_int(i: Option<i64>) -> Value {
    i.map(Value::Integer).unwrap_or(Value::Null)
}

fn opt_date(d: Option<Date>) -> Value {
    d.map(|d| text(&d.to_string())).unwrap_or(Value::Null)
}

fn join<T: AsRef<str>>(v: &[T]) -> String {
    v.iter().map(|x| x.as_ref()).collect::<Vec<_>>().join(",")
}

impl AsRef<str> for InfoItemCode {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for InsurerNumber {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

fn split<T: From<String>>(s: String) -> Vec<T> {
    s.split(',')
        .filter(|x| !x.is_empty())
        .map(|x| T::from(x.to_string()))
        .collect()
}

fn corrupt(table: &str, column: &str, value: &str) -> StoreError {
    StoreError::Corrupt(format!("{table}.{column}: unreadable value \"{value}\""))
}

fn date_col(row: &Row, table: &str, col: &str) -> Result<Option<Date>, StoreError> {
    let v: Option<String> = row.get(col)?;
    v.map(|s| {
        parse_date(&s)
            .map(|p| p.date)
            .map_err(|_| corrupt(table, col, &s))
    })
    .transpose()
}

fn req_date_col(row: &Row, table: &str, col: &str) -> Result<Date, StoreError> {
    date_col(row, table, col)?.ok_or_else(|| corrupt(table, col, "NULL"))
}

fn enum_col<T>(
    row: &Row,
    table: &str,
    col: &str,
    parse: fn(&str) -> Option<T>,
) -> Result<Option<T>, StoreError> {
    let v: Option<String> = row.get(col)?;
    v.map(|s| parse(&s).ok_or_else(|| corrupt(table, col, &s)))
        .transpose()
}

fn flag(row: &Row, col: &str) -> Result<bool, StoreError> {
    Ok(row.get::<_, i64>(col)? != 0)
}

/// Read a row of `institution`.
pub fn institution(row: &Row) -> Result<Institution, StoreError> {
    Ok(Institution {
        code: InstitutionCode(row.get("code")?),
        name: row.get("name")?,
        kind: enum_col(row, "institution", "kind", InstitutionKind::parse)?
            .ok_or_else(|| corrupt("institution", "kind", "NULL"))?,
        test_group: row.get::<_, Option<i64>>("test_group")?.map(|g| g as u8),
        representative: flag(row, "representative")?,
    })
}

/// Read a row of `insurer`.
pub fn insurer(row: &Row) -> Result<Insurer, StoreError> {
    Ok(Insurer {
        number: InsurerNumber(row.get("number")?),
        name: row.get("name")?,
        system: enum_col(row, "insurer", "system", InsuranceSystem::parse)?,
        lot: row.get::<_, Option<i64>>("lot")?.map(|g| g as u8),
        representative: flag(row, "representative")?,
    })
}

/// Read a row of `affair`.
pub fn affair(row: &Row) -> Result<Affair, StoreError> {
    Ok(Affair {
        code: AffairCode(row.get("code")?),
        name: row.get("name")?,
        sample: flag(row, "sample")?,
    })
}

/// Read a row of `procedure`.
pub fn procedure(row: &Row) -> Result<Procedure, StoreError> {
    Ok(Procedure {
        code: ProcedureCode(row.get("code")?),
        name: row.get("name")?,
        affair: AffairCode(row.get("affair")?),
        sample: flag(row, "sample")?,
    })
}

/// Read a row of `info_kind`.
pub fn info_kind(row: &Row) -> Result<InfoKind, StoreError> {
    Ok(InfoKind {
        code: InfoKindCode(row.get("code")?),
        name: row.get("name")?,
        xml_root: row.get("xml_root")?,
        sample: flag(row, "sample")?,
    })
}

/// Read a row of `info_item`.
pub fn info_item(row: &Row) -> Result<InfoItem, StoreError> {
    Ok(InfoItem {
        code: InfoItemCode(row.get("code")?),
        name: row.get("name")?,
        info_kind: InfoKindCode(row.get("info_kind")?),
        xml_path: row.get("xml_path")?,
        repeated_group: row.get("repeated_group")?,
        sample: flag(row, "sample")?,
    })
}

/// Read a row of `scenario`.
pub fn scenario(row: &Row) -> Result<Scenario, StoreError> {
    Ok(Scenario {
        id: ScenarioId(row.get("id")?),
        name: row.get("name")?,
    })
}

/// Read a row of `variation`.
pub fn variation(row: &Row) -> Result<Variation, StoreError> {
    Ok(Variation {
        id: VariationId(row.get("id")?),
        scenario: ScenarioId(row.get("scenario")?),
        name: row.get("name")?,
    })
}

/// Read a row of `test_case`.
pub fn test_case(row: &Row) -> Result<TestCase, StoreError> {
    let t = "test_case";
    Ok(TestCase {
        id: TestCaseId(row.get("id")?),
        scenario: ScenarioId(row.get("scenario")?),
        variation: VariationId(row.get("variation")?),
        viewpoint_id: row.get("viewpoint_id")?,
        query_date: date_col(row, t, "query_date")?,
        requester: InstitutionCode(row.get("requester")?),
        requester_department_name: row.get("requester_department_name")?,
        requester_department_code: row.get("requester_department_code")?,
        provider: InstitutionCode(row.get("provider")?),
        affair: AffairCode(row.get("affair")?),
        procedure: ProcedureCode(row.get("procedure")?),
        info_kind: InfoKindCode(row.get("info_kind")?),
        items: split(row.get("items")?),
        condition_kind: enum_col(row, t, "condition_kind", ConditionKind::parse)?
            .ok_or_else(|| corrupt(t, "condition_kind", "NULL"))?,
        condition_start: date_col(row, t, "condition_start")?,
        condition_end: date_col(row, t, "condition_end")?,
        role_model: RoleModelId(row.get("role_model")?),
        replica_details: row.get("replica_details")?,
        expected_outcome: enum_col(row, t, "expected_outcome", Outcome::parse)?,
        expected_providers: split(row.get("expected_providers")?),
        remarks: row.get("remarks")?,
    })
}

/// Read a row of `role_model`.
pub fn role_model(row: &Row) -> Result<RoleModel, StoreError> {
    let t = "role_model";
    Ok(RoleModel {
        id: RoleModelId(row.get("id")?),
        person_code: PersonCode(row.get("person_code")?),
        name: row.get("name")?,
        name_kana: row.get("name_kana")?,
        birth_date: date_col(row, t, "birth_date")?,
        sex: enum_col(row, t, "sex", |s| match s {
            "male" => Some(Sex::Male),
            "female" => Some(Sex::Female),
            _ => None,
        })?,
        address: row.get("address")?,
        my_number: row.get("my_number")?,
        scenario_ids: split(row.get("scenario_ids")?),
        variation_ids: split(row.get("variation_ids")?),
        test_case_ids: split(row.get("test_case_ids")?),
        remarks: row.get("remarks")?,
    })
}

/// Read a row of `membership`.
pub fn membership(row: &Row) -> Result<Membership, StoreError> {
    let t = "membership";
    let registered: Option<String> = row.get("registered_at")?;
    let registered_at: Option<DateTime> = registered
        .map(|s| {
            parse_datetime(&s)
                .map(|(d, _)| d)
                .map_err(|_| corrupt(t, "registered_at", &s))
        })
        .transpose()?;
    Ok(Membership {
        id: row.get("id")?,
        role_model: RoleModelId(row.get("role_model")?),
        insurer: InsurerNumber(row.get("insurer")?),
        member_branch: row.get("member_branch")?,
        link_number: row.get("link_number")?,
        acquired_on: req_date_col(row, t, "acquired_on")?,
        lost_on: date_col(row, t, "lost_on")?,
        lost_on_reason_of_null: row.get("lost_on_reason_of_null")?,
        registered_at,
        version: row.get("version")?,
    })
}

/// Read a row of `benefit`.
pub fn benefit(row: &Row) -> Result<BenefitRecord, StoreError> {
    Ok(BenefitRecord {
        id: row.get("id")?,
        role_model: RoleModelId(row.get("role_model")?),
        insurer: InsurerNumber(row.get("insurer")?),
        kind: row.get("kind")?,
        start_date: req_date_col(row, "benefit", "start_date")?,
        amount: row.get("amount")?,
    })
}

/// Where [`put_in_memory`] put an entity: its place in its list, and whether it replaced the one there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placed {
    /// Its place in its list.
    pub at: usize,
    /// Whether it replaced an entity with the same key (else it was added at the end).
    pub replaced: bool,
}

/// What a [`super::Writer::put`] of `entity` does to the project as loaded, done in memory (replace the entity with
/// the same key in place, or add it at the end, as a reload would list it): so the window need not reload a
/// large project after every edit. `id` is the row key the put returned (for a new membership or benefit record).
/// Returns where the entity now is in its list, and whether it replaced one there.
pub fn put_in_memory(p: &mut Project, entity: Entity, id: RowId) -> Placed {
    fn upsert<T>(list: &mut Vec<T>, item: T, same: impl Fn(&T, &T) -> bool) -> Placed {
        match list.iter().position(|x| same(x, &item)) {
            Some(i) => {
                list[i] = item;
                Placed {
                    at: i,
                    replaced: true,
                }
            }
            None => {
                list.push(item);
                Placed {
                    at: list.len() - 1,
                    replaced: false,
                }
            }
        }
    }
    match entity {
        Entity::Institution(x) => upsert(&mut p.institutions, x, |a, b| a.code == b.code),
        Entity::Insurer(x) => upsert(&mut p.insurers, x, |a, b| a.number == b.number),
        Entity::Affair(x) => upsert(&mut p.affairs, x, |a, b| a.code == b.code),
        Entity::Procedure(x) => upsert(&mut p.procedures, x, |a, b| a.code == b.code),
        Entity::InfoKind(x) => upsert(&mut p.info_kinds, x, |a, b| a.code == b.code),
        Entity::InfoItem(x) => upsert(&mut p.info_items, x, |a, b| a.code == b.code),
        Entity::Scenario(x) => upsert(&mut p.scenarios, x, |a, b| a.id == b.id),
        Entity::Variation(x) => upsert(&mut p.variations, x, |a, b| a.id == b.id),
        Entity::TestCase(x) => upsert(&mut p.test_cases, x, |a, b| a.id == b.id),
        Entity::RoleModel(x) => upsert(&mut p.role_models, x, |a, b| a.id == b.id),
        Entity::Membership(x) => upsert(&mut p.memberships, Membership { id, ..x }, |a, b| {
            a.id == b.id
        }),
        Entity::Benefit(x) => upsert(&mut p.benefits, BenefitRecord { id, ..x }, |a, b| {
            a.id == b.id
        }),
    }
}
