//! The project file's schema and its stepwise migrations. `PRAGMA user_version` is the schema version;
//! each migration runs in its own transaction, after the caller has made a backup copy of the file.

use rusqlite::Connection;

/// `PRAGMA application_id` of a Renkei project file ("RNKW").
pub const APPLICATION_ID: i32 = 0x524E_4B57;

/// The schema version this build writes.
pub const SCHEMA_VERSION: i32 = MIGRATIONS.len() as i32;

/// Migration `i` takes a file from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    // 1: the entities.
    r#"
    CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE institution(
        code TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL,
        test_group INTEGER, representative INTEGER NOT NULL DEFAULT 0);
    CREATE TABLE insurer(
        number TEXT PRIMARY KEY, name TEXT NOT NULL, system TEXT,
        lot INTEGER, representative INTEGER NOT NULL DEFAULT 0);
    CREATE TABLE affair(code TEXT PRIMARY KEY, name TEXT NOT NULL, sample INTEGER NOT NULL DEFAULT 0);
    CREATE TABLE procedure(
        code TEXT PRIMARY KEY, name TEXT NOT NULL, affair TEXT NOT NULL, sample INTEGER NOT NULL DEFAULT 0);
    CREATE TABLE info_kind(
        code TEXT PRIMARY KEY, name TEXT NOT NULL, xml_root TEXT NOT NULL, sample INTEGER NOT NULL DEFAULT 0);
    CREATE TABLE info_item(
        code TEXT PRIMARY KEY, name TEXT NOT NULL, info_kind TEXT NOT NULL, xml_path TEXT NOT NULL,
        repeated_group TEXT NOT NULL, sample INTEGER NOT NULL DEFAULT 0);
    CREATE TABLE scenario(id TEXT PRIMARY KEY, name TEXT NOT NULL);
    CREATE TABLE variation(
        id TEXT PRIMARY KEY,
        scenario TEXT NOT NULL REFERENCES scenario(id) DEFERRABLE INITIALLY DEFERRED,
        name TEXT NOT NULL);
    CREATE TABLE test_case(
        id TEXT PRIMARY KEY,
        scenario TEXT NOT NULL,
        variation TEXT NOT NULL REFERENCES variation(id) DEFERRABLE INITIALLY DEFERRED,
        viewpoint_id TEXT NOT NULL, query_date TEXT,
        requester TEXT NOT NULL, requester_department_name TEXT NOT NULL, requester_department_code TEXT NOT NULL,
        provider TEXT NOT NULL, affair TEXT NOT NULL, procedure TEXT NOT NULL, info_kind TEXT NOT NULL,
        items TEXT NOT NULL, condition_kind TEXT NOT NULL, condition_start TEXT, condition_end TEXT,
        role_model TEXT NOT NULL, replica_details TEXT NOT NULL, expected_outcome TEXT,
        expected_providers TEXT NOT NULL, remarks TEXT NOT NULL);
    CREATE TABLE role_model(
        id TEXT PRIMARY KEY, person_code TEXT NOT NULL, name TEXT NOT NULL, name_kana TEXT NOT NULL,
        birth_date TEXT, sex TEXT, address TEXT NOT NULL, my_number TEXT NOT NULL,
        scenario_ids TEXT NOT NULL, variation_ids TEXT NOT NULL, test_case_ids TEXT NOT NULL, remarks TEXT NOT NULL);
    CREATE TABLE membership(
        id INTEGER PRIMARY KEY,
        role_model TEXT NOT NULL REFERENCES role_model(id) DEFERRABLE INITIALLY DEFERRED,
        insurer TEXT NOT NULL, member_branch TEXT NOT NULL, link_number TEXT NOT NULL,
        acquired_on TEXT NOT NULL, lost_on TEXT, lost_on_reason_of_null TEXT NOT NULL,
        registered_at TEXT, version TEXT NOT NULL);
    CREATE TABLE benefit(
        id INTEGER PRIMARY KEY,
        role_model TEXT NOT NULL REFERENCES role_model(id) DEFERRABLE INITIALLY DEFERRED,
        insurer TEXT NOT NULL, kind TEXT NOT NULL, start_date TEXT NOT NULL, amount INTEGER);
    "#,
    // 2: indexes for the lookups the window makes on every selection.
    r#"
    CREATE INDEX variation_by_scenario ON variation(scenario);
    CREATE INDEX test_case_by_variation ON test_case(variation);
    CREATE INDEX membership_by_role_model ON membership(role_model);
    CREATE INDEX benefit_by_role_model ON benefit(role_model);
    "#,
    // 3: the sample's TM031 root element becomes a name every XML parser reads (a user's own codes are left to
    // the check, which proposes the portable name).
    r#"
    UPDATE info_kind SET xml_root = '被用者保険関係情報_健康保険'
     WHERE sample = 1 AND code = 'TM031' AND xml_root = '被用者保険関係情報（健康保険）';
    "#,
    // 4: where imported rows came from (a workbook's sheet and row), so the check names their cells.
    r#"
    CREATE TABLE source_sheet(id INTEGER PRIMARY KEY, name TEXT NOT NULL, columns TEXT NOT NULL);
    CREATE TABLE row_source(
        entity TEXT NOT NULL, key TEXT NOT NULL,
        sheet INTEGER NOT NULL REFERENCES source_sheet(id) DEFERRABLE INITIALLY DEFERRED,
        row INTEGER NOT NULL, digest INTEGER NOT NULL,
        PRIMARY KEY(entity, key));
    "#,
];

/// Tables whose rows the undo log records, in an order where parents come first.
pub const TABLES: &[&str] = &[
    "meta",
    "institution",
    "insurer",
    "affair",
    "procedure",
    "info_kind",
    "info_item",
    "scenario",
    "variation",
    "test_case",
    "role_model",
    "membership",
    "benefit",
    "source_sheet",
    "row_source",
];

/// Run the migrations from `from` up to `to`, each in its own transaction.
pub fn migrate(conn: &mut Connection, from: i32, to: i32) -> rusqlite::Result<()> {
    for version in from..to {
        let tx = conn.transaction()?;
        tx.execute_batch(MIGRATIONS[version as usize])?;
        tx.pragma_update(None, "user_version", version + 1)?;
        tx.commit()?;
    }
    Ok(())
}
