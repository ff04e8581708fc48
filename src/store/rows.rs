//! How each entity is laid out as a row of its table, both ways. Dates are ISO text, lists comma-joined text,
//! enums their stable keys. (The entities themselves are the core's: `domain::entity`.)

use std::borrow::Cow;

use rusqlite::types::{ToSqlOutput, Value, ValueRef};

use crate::domain::date::{Date, DateTime, parse_date, parse_datetime};
use crate::domain::model::columns::{Column, Row, Rule, Value as FieldValue};
use crate::domain::model::entity::each_row;
use crate::domain::model::*;

use super::StoreError;

pub use crate::domain::model::entity::{Entity, EntityKey, Placed, put_in_memory};

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

/// The table and the row's columns with their values, key columns first ([`key_len`] of them): from its kind's
/// field table (`domain::columns`).
pub fn row(entity: &Entity) -> (&'static str, Vec<(&'static str, Col<'_>)>) {
    let table = table_of(entity);
    (table, each_row!(entity, x => columns_of(table, x)))
}

/// A row's file columns with their values, its key columns first (in [`locate`]'s order), then the others in its
/// table's order.
fn columns_of<'x, T: Row>(table: &str, x: &'x T) -> Vec<(&'static str, Col<'x>)> {
    let keys = key_names(table);
    let mut out: Vec<(&'static str, Col<'x>)> = Vec::with_capacity(T::COLUMNS.len());
    for k in keys {
        if let Some(c) = T::COLUMNS.iter().find(|c| c.name == *k) {
            out.push((c.name, col((c.get)(x))));
        }
    }
    for c in T::COLUMNS {
        if !c.name.is_empty() && !keys.contains(&c.name) {
            out.push((c.name, col((c.get)(x))));
        }
    }
    out
}

/// The key columns of a table, in order.
fn key_names(table: &str) -> &'static [&'static str] {
    match table {
        "institution" | "affair" | "procedure" | "info_kind" | "info_item" => &["code"],
        "insurer" => &["number"],
        "scenario" | "variation" | "test_case" | "role_model" => &["party", "id"],
        _ => &["id"],
    }
}

/// A column's value as it is bound: the entity's own text lent, not copied (an import binds 600,000 rows of a
/// dozen columns); what is worked out (a date, a joined list) owned.
pub type Col<'a> = ToSqlOutput<'a>;

/// A field's value as the file holds it: dates ISO, flags 1/0, nothing NULL.
fn col(v: FieldValue<'_>) -> Col<'_> {
    match v {
        FieldValue::Null => ToSqlOutput::Owned(Value::Null),
        FieldValue::Text(Cow::Borrowed(s)) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
        FieldValue::Text(Cow::Owned(s)) => ToSqlOutput::Owned(Value::Text(s)),
        FieldValue::Date(d) => ToSqlOutput::Owned(Value::Text(d.to_string())),
        FieldValue::DateTime(d) => ToSqlOutput::Owned(Value::Text(d.to_string())),
        FieldValue::Int(n) => ToSqlOutput::Owned(Value::Integer(n)),
        FieldValue::Flag(b) => ToSqlOutput::Owned(Value::Integer(i64::from(b))),
    }
}

/// A date as the file holds it: written ISO (`2018-07-27`), read straight; any other form a file may hold by the
/// generous parser.
fn stored_date(s: &str) -> Option<Date> {
    Date::from_iso(s).or_else(|| parse_date(s).ok().map(|p| p.date))
}

/// A date and time as the file holds it.
fn stored_datetime(s: &str) -> Option<DateTime> {
    DateTime::from_iso(s).or_else(|| parse_datetime(s).ok().map(|(d, _)| d))
}

fn corrupt(table: &str, column: &str, value: &str) -> StoreError {
    StoreError::Corrupt(format!("{table}.{column}: unreadable value \"{value}\""))
}

/// How a table's rows are read: its kind's field table's file columns, selected in that order and read by
/// position, not by name (a lookup by name costs a scan of the columns' names for every value of every row, about
/// a fifth of loading a national-scale project), each by its column's rule.
pub struct RowReader<T> {
    /// The table.
    pub table: &'static str,
    kind: std::marker::PhantomData<fn() -> T>,
}

impl<T: Row> RowReader<T> {
    /// The reader of a table of rows of kind `T`.
    pub const fn new(table: &'static str) -> RowReader<T> {
        RowReader { table, kind: std::marker::PhantomData }
    }

    /// The file columns, in the order they are selected.
    fn columns(&self) -> impl Iterator<Item = &'static Column<T>> {
        T::COLUMNS.iter().filter(|c| !c.name.is_empty())
    }

    /// `SELECT` of the reader's columns from its table, followed by `rest` (a `WHERE` and `ORDER BY`).
    pub fn select(&self, rest: &str) -> String {
        let names: Vec<&str> = self.columns().map(|c| c.name).collect();
        format!("SELECT {} FROM {} {rest}", names.join(", "), self.table)
    }

    /// Read one row of a statement made by [`RowReader::select`]: a value that cannot be read, or a NULL where
    /// the column's rule does not allow one, is an error naming the table and column.
    pub fn row(&self, row: &rusqlite::Row) -> Result<T, StoreError> {
        let mut x = T::blank();
        for (i, c) in self.columns().enumerate() {
            let value = read_value(row.get_ref(i)?, c.rule, (self.table, c.name))?;
            (c.set)(&mut x, value);
        }
        Ok(x)
    }
}

/// A column's value by its rule.
fn read_value<'r>(
    v: ValueRef<'r>,
    rule: Rule,
    (table, name): (&str, &str),
) -> Result<FieldValue<'r>, StoreError> {
    use ValueRef as V;
    let bad = |v: &ValueRef| corrupt(table, name, &format!("{v:?}"));
    let text = |v: ValueRef<'r>| -> Result<Option<&'r str>, StoreError> {
        match v {
            V::Null => Ok(None),
            V::Text(t) => {
                std::str::from_utf8(t).map(Some).map_err(|_| corrupt(table, name, "not UTF-8"))
            }
            other => Err(bad(&other)),
        }
    };
    let int = |v: ValueRef<'r>| match v {
        V::Null => Ok(None),
        V::Integer(i) => Ok(Some(i)),
        other => Err(bad(&other)),
    };
    let null = || corrupt(table, name, "NULL");
    Ok(match rule {
        Rule::RowId => FieldValue::Int(int(v)?.ok_or_else(null)?),
        Rule::Flag | Rule::Sample => FieldValue::Flag(int(v)?.ok_or_else(null)? != 0),
        Rule::Number { .. } | Rule::Amount => FieldValue::opt_int(int(v)?),
        Rule::Date { required } => match text(v)? {
            None if required => return Err(null()),
            None => FieldValue::Null,
            Some(s) => FieldValue::Date(stored_date(s).ok_or_else(|| corrupt(table, name, s))?),
        },
        Rule::DateTime => match text(v)? {
            None => FieldValue::Null,
            Some(s) => {
                FieldValue::DateTime(stored_datetime(s).ok_or_else(|| corrupt(table, name, s))?)
            }
        },
        Rule::Choice { choices, .. } => match text(v)? {
            None => FieldValue::Null,
            Some(s) => {
                FieldValue::text((choices.key_of)(s).ok_or_else(|| corrupt(table, name, s))?)
            }
        },
        Rule::Condition => {
            let s = text(v)?.ok_or_else(null)?;
            FieldValue::text(
                crate::domain::model::kinds::ConditionKind::parse(s)
                    .ok_or_else(|| corrupt(table, name, s))?
                    .key(),
            )
        }
        Rule::Party
        | Rule::Borrowed
        | Rule::Reference(_)
        | Rule::Text { .. }
        | Rule::Code { .. }
        | Rule::Ids
        | Rule::ItemCodes
        | Rule::InsurerNumbers
        | Rule::Version => FieldValue::text(text(v)?.ok_or_else(null)?),
    })
}

/// Rows of `institution`.
pub const INSTITUTION: RowReader<Institution> = RowReader::new("institution");
/// Rows of `insurer`.
pub const INSURER: RowReader<Insurer> = RowReader::new("insurer");
/// Rows of `affair`.
pub const AFFAIR: RowReader<Affair> = RowReader::new("affair");
/// Rows of `procedure`.
pub const PROCEDURE: RowReader<Procedure> = RowReader::new("procedure");
/// Rows of `info_kind`.
pub const INFO_KIND: RowReader<InfoKind> = RowReader::new("info_kind");
/// Rows of `info_item`.
pub const INFO_ITEM: RowReader<InfoItem> = RowReader::new("info_item");
/// Rows of `scenario`.
pub const SCENARIO: RowReader<Scenario> = RowReader::new("scenario");
/// Rows of `variation`.
pub const VARIATION: RowReader<Variation> = RowReader::new("variation");
/// Rows of `test_case`.
pub const TEST_CASE: RowReader<TestCase> = RowReader::new("test_case");
/// Rows of `role_model`.
pub const ROLE_MODEL: RowReader<RoleModel> = RowReader::new("role_model");
/// Rows of `membership`.
pub const MEMBERSHIP: RowReader<Membership> = RowReader::new("membership");
/// Rows of `benefit`.
pub const BENEFIT: RowReader<BenefitRecord> = RowReader::new("benefit");
/// Rows of `finding`.
pub const FINDING: RowReader<crate::domain::model::Finding> = RowReader::new("finding");
