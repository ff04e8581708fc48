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
    // 5: parties, agreement states, findings, the record of books. Scenarios, variations, test cases, role models
    // and their memberships and benefit records belong to a party, their ids unique within it. Every existing row
    // gets the party of the test cases it belongs to or serves (a test case's is its requester); a row shared by
    // several parties' cases is given to each of them (copied); a row no case tells (a scenario, variation or
    // person no case uses) goes to the project's most frequent requester ('' in a project without test cases).
    r#"
    CREATE TEMP TABLE party_default AS SELECT COALESCE(
        (SELECT requester FROM test_case GROUP BY requester ORDER BY count(*) DESC, requester LIMIT 1), '') AS code;
    CREATE TEMP TABLE variation_party AS
        SELECT DISTINCT t.variation AS id, t.requester AS party FROM test_case t
        WHERE t.variation IN (SELECT id FROM variation);
    INSERT INTO variation_party
        SELECT DISTINCT v.id, COALESCE(t.requester, (SELECT code FROM party_default)) FROM variation v
        LEFT JOIN test_case t ON t.scenario = v.scenario
        WHERE v.id NOT IN (SELECT id FROM variation_party);
    CREATE TEMP TABLE scenario_party AS
        SELECT DISTINCT scenario AS id, requester AS party FROM test_case
        UNION SELECT v.scenario, vp.party FROM variation v JOIN variation_party vp ON vp.id = v.id;
    INSERT INTO scenario_party SELECT id, (SELECT code FROM party_default) FROM scenario
        WHERE id NOT IN (SELECT id FROM scenario_party);
    CREATE TEMP TABLE role_model_party AS
        SELECT DISTINCT role_model AS id, requester AS party FROM test_case
        WHERE role_model IN (SELECT id FROM role_model);
    INSERT INTO role_model_party SELECT id, (SELECT code FROM party_default) FROM role_model
        WHERE id NOT IN (SELECT id FROM role_model_party);

    CREATE TABLE scenario_5(party TEXT NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY(party, id));
    INSERT INTO scenario_5(party, id, name)
        SELECT p.party, s.id, s.name FROM scenario s JOIN scenario_party p ON p.id = s.id ORDER BY s.rowid, p.party;
    CREATE TABLE variation_5(
        party TEXT NOT NULL, id TEXT NOT NULL, scenario TEXT NOT NULL, name TEXT NOT NULL,
        PRIMARY KEY(party, id),
        FOREIGN KEY(party, scenario) REFERENCES scenario(party, id) DEFERRABLE INITIALLY DEFERRED);
    INSERT INTO variation_5(party, id, scenario, name)
        SELECT p.party, v.id, v.scenario, v.name FROM variation v JOIN variation_party p ON p.id = v.id
        ORDER BY v.rowid, p.party;
    CREATE TABLE test_case_5(
        party TEXT NOT NULL,
        id TEXT NOT NULL,
        scenario TEXT NOT NULL,
        variation TEXT NOT NULL,
        viewpoint_id TEXT NOT NULL, query_date TEXT,
        requester TEXT NOT NULL, requester_department_name TEXT NOT NULL, requester_department_code TEXT NOT NULL,
        provider TEXT NOT NULL, affair TEXT NOT NULL, procedure TEXT NOT NULL, info_kind TEXT NOT NULL,
        items TEXT NOT NULL, condition_kind TEXT NOT NULL, condition_start TEXT, condition_end TEXT,
        role_model TEXT NOT NULL, replica_details TEXT NOT NULL, expected_outcome TEXT,
        expected_providers TEXT NOT NULL, remarks TEXT NOT NULL,
        agreement_state TEXT NOT NULL DEFAULT 'unconfirmed', agreement_date TEXT,
        agreement_by TEXT NOT NULL DEFAULT '', agreement_memo TEXT NOT NULL DEFAULT '',
        PRIMARY KEY(party, id),
        FOREIGN KEY(party, variation) REFERENCES variation(party, id) DEFERRABLE INITIALLY DEFERRED);
    INSERT INTO test_case_5(party, id, scenario, variation, viewpoint_id, query_date, requester,
            requester_department_name, requester_department_code, provider, affair, procedure, info_kind, items,
            condition_kind, condition_start, condition_end, role_model, replica_details, expected_outcome,
            expected_providers, remarks)
        SELECT requester, id, scenario, variation, viewpoint_id, query_date, requester, requester_department_name,
            requester_department_code, provider, affair, procedure, info_kind, items, condition_kind,
            condition_start, condition_end, role_model, replica_details, expected_outcome, expected_providers,
            remarks
        FROM test_case ORDER BY rowid;
    CREATE TABLE role_model_5(
        party TEXT NOT NULL, id TEXT NOT NULL, person_code TEXT NOT NULL, name TEXT NOT NULL,
        name_kana TEXT NOT NULL, birth_date TEXT, sex TEXT, address TEXT NOT NULL, my_number TEXT NOT NULL,
        scenario_ids TEXT NOT NULL, variation_ids TEXT NOT NULL, test_case_ids TEXT NOT NULL, remarks TEXT NOT NULL,
        PRIMARY KEY(party, id));
    INSERT INTO role_model_5(party, id, person_code, name, name_kana, birth_date, sex, address, my_number,
            scenario_ids, variation_ids, test_case_ids, remarks)
        SELECT p.party, r.id, r.person_code, r.name, r.name_kana, r.birth_date, r.sex, r.address, r.my_number,
            r.scenario_ids, r.variation_ids, r.test_case_ids, r.remarks
        FROM role_model r JOIN role_model_party p ON p.id = r.id ORDER BY r.rowid, p.party;
    CREATE TABLE membership_5(
        id INTEGER PRIMARY KEY,
        party TEXT NOT NULL,
        role_model TEXT NOT NULL,
        insurer TEXT NOT NULL, member_branch TEXT NOT NULL, link_number TEXT NOT NULL,
        acquired_on TEXT NOT NULL, lost_on TEXT, lost_on_reason_of_null TEXT NOT NULL,
        registered_at TEXT, version TEXT NOT NULL,
        FOREIGN KEY(party, role_model) REFERENCES role_model(party, id) DEFERRABLE INITIALLY DEFERRED);
    -- A person's first party keeps the membership's row key; a copy for another party gets a new one.
    INSERT INTO membership_5(id, party, role_model, insurer, member_branch, link_number, acquired_on, lost_on,
            lost_on_reason_of_null, registered_at, version)
        SELECT CASE WHEN p.party = (SELECT min(party) FROM role_model_party WHERE id = m.role_model)
                    THEN m.id ELSE NULL END,
            p.party, m.role_model, m.insurer, m.member_branch, m.link_number, m.acquired_on, m.lost_on,
            m.lost_on_reason_of_null, m.registered_at, m.version
        FROM membership m JOIN role_model_party p ON p.id = m.role_model ORDER BY p.party <> (
            SELECT min(party) FROM role_model_party WHERE id = m.role_model), m.id, p.party;
    CREATE TABLE benefit_5(
        id INTEGER PRIMARY KEY,
        party TEXT NOT NULL,
        role_model TEXT NOT NULL,
        insurer TEXT NOT NULL, kind TEXT NOT NULL, start_date TEXT NOT NULL, amount INTEGER,
        FOREIGN KEY(party, role_model) REFERENCES role_model(party, id) DEFERRABLE INITIALLY DEFERRED);
    INSERT INTO benefit_5(id, party, role_model, insurer, kind, start_date, amount)
        SELECT CASE WHEN p.party = (SELECT min(party) FROM role_model_party WHERE id = b.role_model)
                    THEN b.id ELSE NULL END,
            p.party, b.role_model, b.insurer, b.kind, b.start_date, b.amount
        FROM benefit b JOIN role_model_party p ON p.id = b.role_model ORDER BY p.party <> (
            SELECT min(party) FROM role_model_party WHERE id = b.role_model), b.id, p.party;
    -- Where imported rows came from: a party's row is kept under `party:key`.
    UPDATE row_source SET key = (SELECT requester FROM test_case t WHERE t.id = row_source.key) || ':' || key
        WHERE entity = 'test_case' AND key IN (SELECT id FROM test_case);
    UPDATE row_source SET key = (SELECT min(party) FROM role_model_party p WHERE p.id = row_source.key) || ':' || key
        WHERE entity = 'role_model' AND key IN (SELECT id FROM role_model_party);
    UPDATE row_source SET key = (SELECT min(party) FROM role_model_party p
            WHERE p.id = substr(row_source.key, 1, instr(row_source.key, '/') - 1)) || ':' || key
        WHERE entity IN ('membership', 'benefit') AND instr(key, '/') > 0
          AND substr(key, 1, instr(key, '/') - 1) IN (SELECT id FROM role_model_party);

    DROP TABLE benefit; DROP TABLE membership; DROP TABLE test_case; DROP TABLE role_model;
    DROP TABLE variation; DROP TABLE scenario;
    ALTER TABLE scenario_5 RENAME TO scenario;
    ALTER TABLE variation_5 RENAME TO variation;
    ALTER TABLE test_case_5 RENAME TO test_case;
    ALTER TABLE role_model_5 RENAME TO role_model;
    ALTER TABLE membership_5 RENAME TO membership;
    ALTER TABLE benefit_5 RENAME TO benefit;
    CREATE INDEX variation_by_scenario ON variation(party, scenario);
    CREATE INDEX test_case_by_variation ON test_case(party, variation);
    CREATE INDEX membership_by_role_model ON membership(party, role_model);
    CREATE INDEX benefit_by_role_model ON benefit(party, role_model);
    DROP TABLE temp.party_default; DROP TABLE temp.variation_party; DROP TABLE temp.scenario_party;
    DROP TABLE temp.role_model_party;

    CREATE TABLE finding(
        id TEXT PRIMARY KEY, party TEXT NOT NULL, raised_by TEXT NOT NULL, raised_on TEXT NOT NULL,
        target TEXT NOT NULL, key TEXT NOT NULL, field TEXT NOT NULL, severity TEXT NOT NULL, rule TEXT NOT NULL,
        message TEXT NOT NULL, suggestion TEXT NOT NULL, state TEXT NOT NULL, reply TEXT NOT NULL,
        replied_by TEXT NOT NULL, replied_on TEXT);
    -- Books received and sent: kept beside the project's content, not undone with it (a book was received).
    CREATE TABLE book(
        id INTEGER PRIMARY KEY, at TEXT NOT NULL, direction TEXT NOT NULL, party TEXT NOT NULL,
        file_name TEXT NOT NULL, sha256 TEXT NOT NULL, added INTEGER NOT NULL, changed INTEGER NOT NULL,
        removed INTEGER NOT NULL, change TEXT NOT NULL);
    "#,
    // 6: the file's revision, raised by every operation, undo and redo in its own transaction: a change worked out
    // from a snapshot is applied only if the file is still at the snapshot's revision. Not in the undo log (an
    // undo is a new revision, never an old one back).
    r#"
    CREATE TABLE revision(n INTEGER NOT NULL);
    INSERT INTO revision(n) VALUES(0);
    "#,
    // 7: a received book's change is kept entry by entry, in order, instead of as one JSON text in its record: a
    // national book's change is 600,000 entries, whose text would be built and copied whole in memory to be
    // written, and read whole to list the books. `fields` is a changed entry's fields as a JSON array of
    // [header, old, new]. Changes already recorded are moved over as they were.
    r#"
    CREATE TABLE book_entry(
        book INTEGER NOT NULL REFERENCES book(id), seq INTEGER NOT NULL,
        entity TEXT NOT NULL, key TEXT NOT NULL, what TEXT NOT NULL, fields TEXT NOT NULL,
        PRIMARY KEY(book, seq)) WITHOUT ROWID;
    INSERT INTO book_entry(book, seq, entity, key, what, fields)
        SELECT b.id, j.key,
            coalesce(json_extract(j.value, '$.entity'), ''), coalesce(json_extract(j.value, '$.key'), ''),
            coalesce(json_extract(j.value, '$.what'), ''), coalesce(json_extract(j.value, '$.fields'), '[]')
        FROM book b, json_each(b.change) j
        WHERE json_valid(b.change) AND json_type(b.change) = 'array';
    ALTER TABLE book DROP COLUMN change;
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
    "finding",
    "source_sheet",
    "row_source",
];

/// Run the migrations from `from` up to `to`, each in its own transaction. Foreign keys are off meanwhile (a
/// migration rebuilds tables that others refer to, as SQLite's own procedure for schema changes does) and every
/// reference is checked before a migration commits.
pub fn migrate(conn: &mut Connection, from: i32, to: i32) -> rusqlite::Result<()> {
    conn.pragma_update(None, "foreign_keys", "OFF")?;
    let result = (|| {
        for version in from..to {
            let tx = conn.transaction()?;
            tx.execute_batch(MIGRATIONS[version as usize])?;
            let broken: i64 =
                tx.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0))?;
            if broken > 0 {
                return Err(rusqlite::Error::SqliteFailure(
                    rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY),
                    Some(format!(
                        "migration to schema {} leaves {broken} broken references",
                        version + 1
                    )),
                ));
            }
            tx.pragma_update(None, "user_version", version + 1)?;
            tx.commit()?;
        }
        Ok(())
    })();
    conn.pragma_update(None, "foreign_keys", "ON")?;
    result
}
