//! How each entity is laid out as a row of its table, both ways. Dates are ISO text, lists comma-joined text,
//! enums their stable keys. (The entities themselves are the core's: `domain::entity`.)

use rusqlite::Row;
use rusqlite::types::{ToSqlOutput, Value, ValueRef};

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
pub fn row(entity: &Entity) -> (&'static str, Vec<(&'static str, Col<'_>)>) {
    match entity {
        Entity::Institution(x) => (
            "institution",
            vec![
                ("code", text(x.code.as_str())),
                ("name", text(&x.name)),
                ("kind", text(x.kind.key())),
                ("test_group", opt_int(x.test_group.map(i64::from))),
                ("representative", int(x.representative as i64)),
            ],
        ),
        Entity::Insurer(x) => (
            "insurer",
            vec![
                ("number", text(x.number.as_str())),
                ("name", text(&x.name)),
                ("system", opt_text(x.system.map(|s| s.key()))),
                ("lot", opt_int(x.lot.map(i64::from))),
                ("representative", int(x.representative as i64)),
            ],
        ),
        Entity::Affair(x) => (
            "affair",
            vec![
                ("code", text(x.code.as_str())),
                ("name", text(&x.name)),
                ("sample", int(x.sample as i64)),
            ],
        ),
        Entity::Procedure(x) => (
            "procedure",
            vec![
                ("code", text(x.code.as_str())),
                ("name", text(&x.name)),
                ("affair", text(x.affair.as_str())),
                ("sample", int(x.sample as i64)),
            ],
        ),
        Entity::InfoKind(x) => (
            "info_kind",
            vec![
                ("code", text(x.code.as_str())),
                ("name", text(&x.name)),
                ("xml_root", text(&x.xml_root)),
                ("sample", int(x.sample as i64)),
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
                ("sample", int(x.sample as i64)),
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
                ("raised_on", text(x.raised_on.to_string())),
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
                ("scenario_ids", text(x.scenario_ids.join(","))),
                ("variation_ids", text(x.variation_ids.join(","))),
                ("test_case_ids", text(x.test_case_ids.join(","))),
                ("remarks", text(&x.remarks)),
            ],
        ),
        Entity::Membership(x) => (
            "membership",
            vec![
                ("id", int(x.id)),
                ("party", text(x.party.as_str())),
                ("role_model", text(x.role_model.as_str())),
                ("insurer", text(x.insurer.as_str())),
                ("member_branch", text(&x.member_branch)),
                ("link_number", text(&x.link_number)),
                ("acquired_on", text(x.acquired_on.to_string())),
                ("lost_on", opt_date(x.lost_on)),
                ("lost_on_reason_of_null", text(&x.lost_on_reason_of_null)),
                (
                    "registered_at",
                    x.registered_at
                        .map(|d| text(d.to_string()))
                        .unwrap_or_else(null),
                ),
                ("version", text(&x.version)),
            ],
        ),
        Entity::Benefit(x) => (
            "benefit",
            vec![
                ("id", int(x.id)),
                ("party", text(x.party.as_str())),
                ("role_model", text(x.role_model.as_str())),
                ("insurer", text(x.insurer.as_str())),
                ("kind", text(&x.kind)),
                ("start_date", text(x.start_date.to_string())),
                ("amount", opt_int(x.amount)),
            ],
        ),
    }
}

/// A test case's columns, the widest row (kept apart so that `row` reads at a glance).
fn test_case_columns(x: &TestCase) -> Vec<(&'static str, Col<'_>)> {
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
        ("items", text(join(&x.items))),
        ("condition_kind", text(x.condition_kind.key())),
        ("condition_start", opt_date(x.condition_start)),
        ("condition_end", opt_date(x.condition_end)),
        ("role_model", text(x.role_model.as_str())),
        ("replica_details", text(&x.replica_details)),
        (
            "expected_outcome",
            opt_text(x.expected_outcome.map(|o| o.key())),
        ),
        ("expected_providers", text(join(&x.expected_providers))),
        ("remarks", text(&x.remarks)),
        ("agreement_state", text(x.agreement.state.key())),
        ("agreement_date", opt_date(x.agreement.date)),
        ("agreement_by", text(&x.agreement.by)),
        ("agreement_memo", text(&x.agreement.memo)),
    ]
}

/// A column's value as it is bound: the entity's own text lent, not copied (an import binds 600,000 rows of a
/// dozen columns); what is worked out (a date, a joined list) owned.
pub type Col<'a> = ToSqlOutput<'a>;

fn text<'a>(s: impl Into<std::borrow::Cow<'a, str>>) -> Col<'a> {
    match s.into() {
        std::borrow::Cow::Borrowed(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
        std::borrow::Cow::Owned(s) => ToSqlOutput::Owned(Value::Text(s)),
    }
}

fn int(i: i64) -> Col<'static> {
    ToSqlOutput::Owned(Value::Integer(i))
}

fn null() -> Col<'static> {
    ToSqlOutput::Owned(Value::Null)
}

fn opt_text(s: Option<&str>) -> Col<'_> {
    s.map(text).unwrap_or_else(|| null())
}

fn opt_int(i: Option<i64>) -> Col<'static> {
    i.map(int).unwrap_or_else(null)
}

/// A date as the file holds it: written by `opt_date` (`2018-07-27`), read straight; any other form a file may
/// hold by the generous parser.
fn stored_date(s: &str) -> Option<Date> {
    Date::from_iso(s).or_else(|| parse_date(s).ok().map(|p| p.date))
}

fn opt_date(d: Option<Date>) -> Col<'static> {
    d.map(|d| text(d.to_string())).unwrap_or_else(null)
}

fn join<T: AsRef<str>>(v: &[T]) -> String {
    v.iter().map(|x| x.as_ref()).collect::<Vec<_>>().join(",")
}

fn corrupt(table: &str, column: &str, value: &str) -> StoreError {
    StoreError::Corrupt(format!("{table}.{column}: unreadable value \"{value}\""))
}

/// How a table's rows are read: the columns selected, in order, and the reader taking them in that order. Reading
/// by position, not by name: a lookup by name costs a scan of the columns' names for every value of every row,
/// about a fifth of loading a national-scale project.
pub struct RowReader<T> {
    /// The table.
    pub table: &'static str,
    /// The columns selected, in the order `read` takes them.
    pub columns: &'static [&'static str],
    /// Read one row.
    pub read: fn(&mut Cols) -> Result<T, StoreError>,
}

impl<T> RowReader<T> {
    /// `SELECT` of the reader's columns from its table, followed by `rest` (a `WHERE` and `ORDER BY`).
    pub fn select(&self, rest: &str) -> String {
        format!(
            "SELECT {} FROM {} {rest}",
            self.columns.join(", "),
            self.table
        )
    }

    /// Read one row of a statement made by [`RowReader::select`].
    pub fn row(&self, row: &Row) -> Result<T, StoreError> {
        (self.read)(&mut Cols {
            row,
            table: self.table,
            columns: self.columns,
            at: 0,
        })
    }
}

/// A row's values taken one after another, in the order of the reader's columns; a value that cannot be read is
/// an error naming its table and column.
pub struct Cols<'a, 'r> {
    row: &'a Row<'r>,
    table: &'static str,
    columns: &'static [&'static str],
    at: usize,
}

impl Cols<'_, '_> {
    /// The table and the name of the column read next (what an error about it names).
    fn here(&self) -> (&'static str, &'static str) {
        (
            self.table,
            self.columns.get(self.at).copied().unwrap_or("?"),
        )
    }

    /// The next column's value.
    fn next(&mut self) -> Result<rusqlite::types::ValueRef<'_>, StoreError> {
        let i = self.at;
        self.at += 1;
        Ok(self.row.get_ref(i)?)
    }

    fn opt_str(&mut self) -> Result<Option<&str>, StoreError> {
        let (table, name) = self.here();
        use rusqlite::types::ValueRef as V;
        match self.next()? {
            V::Null => Ok(None),
            V::Text(t) => std::str::from_utf8(t)
                .map(Some)
                .map_err(|_| corrupt(table, name, "not UTF-8")),
            other => Err(corrupt(table, name, &format!("{other:?}"))),
        }
    }

    /// Text of a NOT NULL column: NULL is an error.
    fn str(&mut self) -> Result<&str, StoreError> {
        let (table, name) = self.here();
        self.opt_str()?.ok_or_else(|| corrupt(table, name, "NULL"))
    }

    fn text(&mut self) -> Result<String, StoreError> {
        self.str().map(str::to_string)
    }

    /// A code or id, without an allocation of its own where it is short.
    fn code<T: for<'s> From<&'s str>>(&mut self) -> Result<T, StoreError> {
        self.str().map(T::from)
    }

    /// A comma-separated list of codes.
    fn list<T: for<'s> From<&'s str>>(&mut self) -> Result<Vec<T>, StoreError> {
        Ok(self
            .str()?
            .split(',')
            .filter(|x| !x.is_empty())
            .map(T::from)
            .collect())
    }

    fn opt_int(&mut self) -> Result<Option<i64>, StoreError> {
        let (table, name) = self.here();
        use rusqlite::types::ValueRef as V;
        match self.next()? {
            V::Null => Ok(None),
            V::Integer(i) => Ok(Some(i)),
            other => Err(corrupt(table, name, &format!("{other:?}"))),
        }
    }

    fn int(&mut self) -> Result<i64, StoreError> {
        let (table, name) = self.here();
        self.opt_int()?.ok_or_else(|| corrupt(table, name, "NULL"))
    }

    fn flag(&mut self) -> Result<bool, StoreError> {
        Ok(self.int()? != 0)
    }

    /// A value of an optional column read by `parse`: what it cannot read is an error naming the column.
    fn parsed<T>(&mut self, parse: impl Fn(&str) -> Option<T>) -> Result<Option<T>, StoreError> {
        let (table, name) = self.here();
        self.opt_str()?
            .map(|s| parse(s).ok_or_else(|| corrupt(table, name, s)))
            .transpose()
    }

    /// [`Cols::parsed`] of a NOT NULL column.
    fn required<T>(&mut self, parse: impl Fn(&str) -> Option<T>) -> Result<T, StoreError> {
        let (table, name) = self.here();
        self.parsed(parse)?
            .ok_or_else(|| corrupt(table, name, "NULL"))
    }

    fn date(&mut self) -> Result<Option<Date>, StoreError> {
        self.parsed(stored_date)
    }

    fn req_date(&mut self) -> Result<Date, StoreError> {
        self.required(stored_date)
    }
}

/// Rows of `institution`.
pub const INSTITUTION: RowReader<Institution> = RowReader {
    table: "institution",
    columns: &["code", "name", "kind", "test_group", "representative"],
    read: |c| {
        Ok(Institution {
            code: c.code()?,
            name: c.text()?,
            kind: c.required(InstitutionKind::parse)?,
            test_group: c.opt_int()?.map(|g| g as u8),
            representative: c.flag()?,
        })
    },
};

/// Rows of `insurer`.
pub const INSURER: RowReader<Insurer> = RowReader {
    table: "insurer",
    columns: &["number", "name", "system", "lot", "representative"],
    read: |c| {
        Ok(Insurer {
            number: c.code()?,
            name: c.text()?,
            system: c.parsed(InsuranceSystem::parse)?,
            lot: c.opt_int()?.map(|g| g as u8),
            representative: c.flag()?,
        })
    },
};

/// Rows of `affair`.
pub const AFFAIR: RowReader<Affair> = RowReader {
    table: "affair",
    columns: &["code", "name", "sample"],
    read: |c| {
        Ok(Affair {
            code: c.code()?,
            name: c.text()?,
            sample: c.flag()?,
        })
    },
};

/// Rows of `procedure`.
pub const PROCEDURE: RowReader<Procedure> = RowReader {
    table: "procedure",
    columns: &["code", "name", "affair", "sample"],
    read: |c| {
        Ok(Procedure {
            code: c.code()?,
            name: c.text()?,
            affair: c.code()?,
            sample: c.flag()?,
        })
    },
};

/// Rows of `info_kind`.
pub const INFO_KIND: RowReader<InfoKind> = RowReader {
    table: "info_kind",
    columns: &["code", "name", "xml_root", "sample"],
    read: |c| {
        Ok(InfoKind {
            code: c.code()?,
            name: c.text()?,
            xml_root: c.text()?,
            sample: c.flag()?,
        })
    },
};

/// Rows of `info_item`.
pub const INFO_ITEM: RowReader<InfoItem> = RowReader {
    table: "info_item",
    columns: &[
        "code",
        "name",
        "info_kind",
        "xml_path",
        "repeated_group",
        "sample",
    ],
    read: |c| {
        Ok(InfoItem {
            code: c.code()?,
            name: c.text()?,
            info_kind: c.code()?,
            xml_path: c.text()?,
            repeated_group: c.text()?,
            sample: c.flag()?,
        })
    },
};

/// Rows of `scenario`.
pub const SCENARIO: RowReader<Scenario> = RowReader {
    table: "scenario",
    columns: &["party", "id", "name"],
    read: |c| {
        Ok(Scenario {
            party: c.code()?,
            id: c.code()?,
            name: c.text()?,
        })
    },
};

/// Rows of `variation`.
pub const VARIATION: RowReader<Variation> = RowReader {
    table: "variation",
    columns: &["party", "id", "scenario", "name"],
    read: |c| {
        Ok(Variation {
            party: c.code()?,
            id: c.code()?,
            scenario: c.code()?,
            name: c.text()?,
        })
    },
};

/// Rows of `test_case`.
pub const TEST_CASE: RowReader<TestCase> = RowReader {
    table: "test_case",
    columns: &[
        "party",
        "id",
        "scenario",
        "variation",
        "viewpoint_id",
        "query_date",
        "requester",
        "requester_department_name",
        "requester_department_code",
        "provider",
        "affair",
        "procedure",
        "info_kind",
        "items",
        "condition_kind",
        "condition_start",
        "condition_end",
        "role_model",
        "replica_details",
        "expected_outcome",
        "expected_providers",
        "remarks",
        "agreement_state",
        "agreement_date",
        "agreement_by",
        "agreement_memo",
    ],
    read: |c| {
        Ok(TestCase {
            party: c.code()?,
            id: c.code()?,
            scenario: c.code()?,
            variation: c.code()?,
            viewpoint_id: c.code()?,
            query_date: c.date()?,
            requester: c.code()?,
            requester_department_name: c.text()?,
            requester_department_code: c.code()?,
            provider: c.code()?,
            affair: c.code()?,
            procedure: c.code()?,
            info_kind: c.code()?,
            items: c.list()?,
            condition_kind: c.required(ConditionKind::parse)?,
            condition_start: c.date()?,
            condition_end: c.date()?,
            role_model: c.code()?,
            replica_details: c.text()?,
            expected_outcome: c.parsed(Outcome::parse)?,
            expected_providers: c.list()?,
            remarks: c.text()?,
            agreement: Agreement {
                state: c.parsed(AgreementState::parse)?.unwrap_or_default(),
                date: c.date()?,
                by: c.text()?,
                memo: c.text()?,
            },
        })
    },
};

/// Rows of `role_model`.
pub const ROLE_MODEL: RowReader<RoleModel> = RowReader {
    table: "role_model",
    columns: &[
        "party",
        "id",
        "person_code",
        "name",
        "name_kana",
        "birth_date",
        "sex",
        "address",
        "my_number",
        "scenario_ids",
        "variation_ids",
        "test_case_ids",
        "remarks",
    ],
    read: |c| {
        Ok(RoleModel {
            party: c.code()?,
            id: c.code()?,
            person_code: c.code()?,
            name: c.code()?,
            name_kana: c.code()?,
            birth_date: c.date()?,
            sex: c.parsed(|s| match s {
                "male" => Some(Sex::Male),
                "female" => Some(Sex::Female),
                _ => None,
            })?,
            address: c.text()?,
            my_number: c.code()?,
            scenario_ids: c.list()?,
            variation_ids: c.list()?,
            test_case_ids: c.list()?,
            remarks: c.text()?,
        })
    },
};

/// Rows of `membership`.
pub const MEMBERSHIP: RowReader<Membership> = RowReader {
    table: "membership",
    columns: &[
        "id",
        "party",
        "role_model",
        "insurer",
        "member_branch",
        "link_number",
        "acquired_on",
        "lost_on",
        "lost_on_reason_of_null",
        "registered_at",
        "version",
    ],
    read: |c| {
        Ok(Membership {
            id: c.int()?,
            party: c.code()?,
            role_model: c.code()?,
            insurer: c.code()?,
            member_branch: c.code()?,
            link_number: c.code()?,
            acquired_on: c.req_date()?,
            lost_on: c.date()?,
            lost_on_reason_of_null: c.code()?,
            registered_at: c.parsed(|s| {
                DateTime::from_iso(s).or_else(|| parse_datetime(s).ok().map(|(d, _)| d))
            })?,
            version: c.code()?,
        })
    },
};

/// Rows of `benefit`.
pub const BENEFIT: RowReader<BenefitRecord> = RowReader {
    table: "benefit",
    columns: &[
        "id",
        "party",
        "role_model",
        "insurer",
        "kind",
        "start_date",
        "amount",
    ],
    read: |c| {
        Ok(BenefitRecord {
            id: c.int()?,
            party: c.code()?,
            role_model: c.code()?,
            insurer: c.code()?,
            kind: c.code()?,
            start_date: c.req_date()?,
            amount: c.opt_int()?,
        })
    },
};

/// Rows of `finding`.
pub const FINDING: RowReader<crate::domain::finding::Finding> = RowReader {
    table: "finding",
    columns: &[
        "id",
        "party",
        "raised_by",
        "raised_on",
        "target",
        "key",
        "field",
        "severity",
        "rule",
        "message",
        "suggestion",
        "state",
        "reply",
        "replied_by",
        "replied_on",
    ],
    read: |c| {
        Ok(crate::domain::finding::Finding {
            id: c.text()?,
            party: c.code()?,
            raised_by: c.text()?,
            raised_on: c.req_date()?,
            target: c.required(crate::domain::check::EntityKind::parse)?,
            key: c.text()?,
            field: c.text()?,
            severity: c.required(crate::domain::check::Severity::parse)?,
            rule: c.text()?,
            message: c.text()?,
            suggestion: c.text()?,
            state: c.required(FindingState::parse)?,
            reply: c.text()?,
            replied_by: c.text()?,
            replied_on: c.date()?,
        })
    },
};
