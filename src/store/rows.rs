//! How each entity is laid out as a row of its table, both ways. Dates are ISO text, lists comma-joined text,
//! enums their stable keys. (The entities themselves are the core's: `domain::entity`.)

use rusqlite::Row;
use rusqlite::types::Value;

use crate::domain::date::{Date, DateTime, parse_date, parse_datetime};
use crate::domain::model::*;

use super::StoreError;

pub use crate::domain::entity::{Entity, EntityKey, Placed, put_in_memory};

/// The table holding the entity a key names, and its key columns with their values (a party's rows are keyed by
/// party and id).
pub fn locate(key: &EntityKey) -> (&'static str, Vec<(&'static str, Value)>) {
    let t = |s: &str| Value::Text(s.to_string());
    let party = |table, party: &InstitutionCode, id: &str| {
        (table, vec![("party", t(party.as_str())), ("id", t(id))])
    };
    match key {
        EntityKey::Institution(k) => ("institution", vec![("code", t(k.as_str()))]),
        EntityKey::Insurer(k) => ("insurer", vec![("number", t(k.as_str()))]),
        EntityKey::Affair(k) => ("affair", vec![("code", t(k.as_str()))]),
        EntityKey::Procedure(k) => ("procedure", vec![("code", t(k.as_str()))]),
        EntityKey::InfoKind(k) => ("info_kind", vec![("code", t(k.as_str()))]),
        EntityKey::InfoItem(k) => ("info_item", vec![("code", t(k.as_str()))]),
        EntityKey::Scenario(k) => party("scenario", &k.party, k.id.as_str()),
        EntityKey::Variation(k) => party("variation", &k.party, k.id.as_str()),
        EntityKey::TestCase(k) => party("test_case", &k.party, k.id.as_str()),
        EntityKey::RoleModel(k) => party("role_model", &k.party, k.id.as_str()),
        EntityKey::Membership(k) => ("membership", vec![("id", Value::Integer(*k))]),
        EntityKey::Benefit(k) => ("benefit", vec![("id", Value::Integer(*k))]),
        EntityKey::Finding(k) => ("finding", vec![("id", t(k))]),
    }
}

/// How many of a table's leading columns (as [`row`] lists them) are its key.
pub fn key_len(table: &str) -> usize {
    match table {
        "scenario" | "variation" | "test_case" | "role_model" => 2,
        _ => 1,
    }
}

/// The table of an entity.
pub fn table_of(entity: &Entity) -> &'static str {
    locate(&entity.key()).0
}

/// The table and the row's columns with their values, key columns first ([`key_len`] of them).
pub fn row(entity: &Entity) -> (&'static str, Vec<(&'static str, Value)>) {
    match entity {
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
            vec![
                ("party", text(x.party.as_str())),
                ("id", text(x.id.as_str())),
                ("name", text(&x.name)),
            ],
        ),
        Entity::Variation(x) => (
            "variation",
            vec![
                ("party", text(x.party.as_str())),
                ("id", text(x.id.as_str())),
                ("scenario", text(x.scenario.as_str())),
                ("name", text(&x.name)),
            ],
        ),
        Entity::TestCase(x) => ("test_case", test_case_columns(x)),
        Entity::Finding(x) => (
            "finding",
            vec![
                ("id", text(&x.id)),
                ("party", text(x.party.as_str())),
                ("raised_by", text(&x.raised_by)),
                ("raised_on", text(&x.raised_on.to_string())),
                ("target", text(x.target.key())),
                ("key", text(&x.key)),
                ("field", text(&x.field)),
                ("severity", text(x.severity.key())),
                ("rule", text(&x.rule)),
                ("message", text(&x.message)),
                ("suggestion", text(&x.suggestion)),
                ("state", text(x.state.key())),
                ("reply", text(&x.reply)),
                ("replied_by", text(&x.replied_by)),
                ("replied_on", opt_date(x.replied_on)),
            ],
        ),
        Entity::RoleModel(x) => (
            "role_model",
            vec![
                ("party", text(x.party.as_str())),
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
                ("party", text(x.party.as_str())),
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
                ("party", text(x.party.as_str())),
                ("role_model", text(x.role_model.as_str())),
                ("insurer", text(x.insurer.as_str())),
                ("kind", text(&x.kind)),
                ("start_date", text(&x.start_date.to_string())),
                ("amount", opt_int(x.amount)),
            ],
        ),
    }
}

/// A test case's columns, the widest row (kept apart so that `row` reads at a glance).
fn test_case_columns(x: &TestCase) -> Vec<(&'static str, Value)> {
    vec![
        ("party", text(x.party.as_str())),
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
        ("agreement_state", text(x.agreement.state.key())),
        ("agreement_date", opt_date(x.agreement.date)),
        ("agreement_by", text(&x.agreement.by)),
        ("agreement_memo", text(&x.agreement.memo)),
    ]
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

fn required_enum<T>(
    row: &Row,
    table: &str,
    col: &str,
    parse: fn(&str) -> Option<T>,
) -> Result<T, StoreError> {
    enum_col(row, table, col, parse)?.ok_or_else(|| corrupt(table, col, "NULL"))
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
        party: InstitutionCode(row.get("party")?),
        id: ScenarioId(row.get("id")?),
        name: row.get("name")?,
    })
}

/// Read a row of `variation`.
pub fn variation(row: &Row) -> Result<Variation, StoreError> {
    Ok(Variation {
        party: InstitutionCode(row.get("party")?),
        id: VariationId(row.get("id")?),
        scenario: ScenarioId(row.get("scenario")?),
        name: row.get("name")?,
    })
}

/// Read a row of `test_case`.
pub fn test_case(row: &Row) -> Result<TestCase, StoreError> {
    let t = "test_case";
    Ok(TestCase {
        party: InstitutionCode(row.get("party")?),
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
        agreement: Agreement {
            state: enum_col(row, t, "agreement_state", AgreementState::parse)?.unwrap_or_default(),
            date: date_col(row, t, "agreement_date")?,
            by: row.get("agreement_by")?,
            memo: row.get("agreement_memo")?,
        },
    })
}

/// Read a row of `role_model`.
pub fn role_model(row: &Row) -> Result<RoleModel, StoreError> {
    let t = "role_model";
    Ok(RoleModel {
        party: InstitutionCode(row.get("party")?),
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
        party: InstitutionCode(row.get("party")?),
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
        party: InstitutionCode(row.get("party")?),
        role_model: RoleModelId(row.get("role_model")?),
        insurer: InsurerNumber(row.get("insurer")?),
        kind: row.get("kind")?,
        start_date: req_date_col(row, "benefit", "start_date")?,
        amount: row.get("amount")?,
    })
}

/// Read a row of `finding`.
pub fn finding(row: &Row) -> Result<crate::domain::finding::Finding, StoreError> {
    let t = "finding";
    Ok(crate::domain::finding::Finding {
        id: row.get("id")?,
        party: InstitutionCode(row.get("party")?),
        raised_by: row.get("raised_by")?,
        raised_on: req_date_col(row, t, "raised_on")?,
        target: required_enum(row, t, "target", crate::domain::check::EntityKind::parse)?,
        key: row.get("key")?,
        field: row.get("field")?,
        severity: required_enum(row, t, "severity", crate::domain::check::Severity::parse)?,
        rule: row.get("rule")?,
        message: row.get("message")?,
        suggestion: row.get("suggestion")?,
        state: required_enum(row, t, "state", FindingState::parse)?,
        reply: row.get("reply")?,
        replied_by: row.get("replied_by")?,
        replied_on: date_col(row, t, "replied_on")?,
    })
}
