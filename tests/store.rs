//! The project file: opening what is not ours fails clearly and leaves the file untouched; a second process is
//! told the project is in use; migrations back up first; undo/redo over every entity kind, checked in the file.

use std::path::{Path, PathBuf};
use std::process::Command;

use renkei::domain::date::{Date, DateTime};
use renkei::domain::model::*;
use renkei::domain::samples::sample::sample_project;
use renkei::store::schema::{APPLICATION_ID, SCHEMA_VERSION};
use renkei::store::{Entity, EntityKey, Store, StoreError, backup_path};
use rusqlite::Connection;

fn sample_file(dir: &Path) -> PathBuf {
    let path = dir.join("p.renkei");
    let mut store = Store::create(&path, "t").unwrap();
    store.replace_all(&sample_project()).unwrap();
    path
}

/// What the file holds, read by a plain SQLite connection of its own (the file must not be open elsewhere).
fn dump(path: &Path) -> Vec<String> {
    Store::open_read_only(path).unwrap().dump_rows().unwrap()
}

#[test]
fn created_file_is_ours_with_schema_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_file(dir.path());
    let conn = Connection::open(&path).unwrap();
    let app: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0)).unwrap();
    let ver: i32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    let journal: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(app, APPLICATION_ID);
    assert_eq!(ver, SCHEMA_VERSION);
    assert_eq!(journal, "delete");
    drop(conn);
    let store = Store::open(&path).unwrap();
    assert_eq!(
        store.load().unwrap(),
        Project { name: store.name().unwrap(), ..with_ids(sample_project()) }
    );
}

/// The sample with the row ids the store gives memberships and benefits.
fn with_ids(mut p: Project) -> Project {
    for (i, m) in p.memberships.iter_mut().enumerate() {
        m.id = i as i64 + 1;
    }
    for (i, b) in p.benefits.iter_mut().enumerate() {
        b.id = i as i64 + 1;
    }
    p
}

fn assert_refused_untouched(path: &Path, check: impl Fn(&StoreError) -> bool) {
    let before = std::fs::read(path).unwrap();
    let err = Store::open(path).expect_err("must be refused");
    assert!(check(&err), "unexpected error: {err}");
    let err2 = Store::open_read_only(path).expect_err("must be refused read-only too");
    assert!(check(&err2), "unexpected error: {err2}");
    assert_eq!(std::fs::read(path).unwrap(), before, "file changed");
    assert!(!Path::new(&format!("{}-journal", path.display())).exists());
}

#[test]
fn refuses_text_empty_truncated_foreign_and_newer_files() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("text.renkei");
    std::fs::write(&text, "シナリオID,テストケースID\nS01,S01-V01-T01\n").unwrap();
    assert_refused_untouched(&text, |e| {
        matches!(e, StoreError::NotAProject { .. }) && e.to_string().contains("SQLite")
    });

    let empty = dir.path().join("empty.renkei");
    std::fs::write(&empty, b"").unwrap();
    assert_refused_untouched(&empty, |e| {
        matches!(e, StoreError::NotAProject { .. }) && e.to_string().contains("empty")
    });

    let full = sample_file(dir.path());
    let bytes = std::fs::read(&full).unwrap();
    let truncated = dir.path().join("truncated.renkei");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    assert_refused_untouched(
        &truncated,
        |e| matches!(e, StoreError::Corrupt(m) if m.contains("truncated")),
    );

    let foreign = dir.path().join("foreign.renkei");
    Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE x(a); INSERT INTO x VALUES(1);")
        .unwrap();
    assert_refused_untouched(&foreign, |e| {
        matches!(e, StoreError::NotAProject { .. }) && e.to_string().contains("application_id")
    });

    let newer = dir.path().join("newer.renkei");
    std::fs::copy(&full, &newer).unwrap();
    Connection::open(&newer)
        .unwrap()
        .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .unwrap();
    assert_refused_untouched(&newer, |e| {
        matches!(e, StoreError::TooNew { found, .. } if *found == SCHEMA_VERSION + 1)
            && e.to_string().contains("newer")
    });

    let missing = dir.path().join("missing.renkei");
    assert!(matches!(Store::open(&missing), Err(StoreError::NotFound(_))));
    assert!(!missing.exists());
}

#[test]
fn create_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_file(dir.path());
    let before = std::fs::read(&path).unwrap();
    assert!(matches!(Store::create(&path, "x"), Err(StoreError::Exists(_))));
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_second_writer_in_this_process_is_told_in_use_and_a_reader_reads() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_file(dir.path());
    let mut first = Store::open(&path).unwrap();
    assert!(matches!(Store::open(&path), Err(StoreError::InUse(_))));
    // Readers read while the writer has the file open, and see what it wrote.
    let reader = Store::open_read_only(&path).unwrap();
    assert_eq!(reader.load().unwrap().test_cases.len(), 2);
    first.set_own_body("自団体", "002").unwrap();
    assert_eq!(Store::open_read_only(&path).unwrap().own().unwrap(), "002");
    drop(reader);
    drop(first);
    // Closed, it opens for writing again.
    drop(Store::open(&path).unwrap());
}

/// While the window has the project open, the command line's reports read it; a second writer (an import) is
/// told the project is in use, and nothing changes.
#[test]
fn a_second_writing_process_is_told_in_use_and_readers_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_file(dir.path());
    let before = dump(&path);
    let book = dir.path().join("book.xlsx");
    let options = renkei::exchange::write::ExportOptions {
        sheets: renkei::exchange::sheets::ALL_SHEETS.to_vec(),
        date_style: renkei::domain::date::DateStyle::Iso,
        today: Date::ymd(2026, 12, 1),
        agreement: true,
        without_my_number: false,
    };
    let mut edited = sample_project();
    edited.role_models[0].name = "書き手 二人目".into();
    renkei::exchange::write::write_workbook(&edited, &book, &options, |_, _| true).unwrap();
    let _first = Store::open(&path).unwrap();
    for report in ["info", "check", "status", "findings"] {
        let out =
            Command::new(env!("CARGO_BIN_EXE_renkei")).arg(report).arg(&path).output().unwrap();
        assert!(out.status.code() != Some(2), "{report}: {}", String::from_utf8_lossy(&out.stderr));
    }
    let out = Command::new(env!("CARGO_BIN_EXE_renkei"))
        .args(["import"])
        .arg(&path)
        .arg(&book)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("別のプロセスで開かれています")
            && stderr.contains("open in another process"),
        "{stderr}"
    );
    drop(_first);
    assert_eq!(dump(&path), before);
    // Closed, the import goes in.
    let out = Command::new(env!("CARGO_BIN_EXE_renkei"))
        .args(["import"])
        .arg(&path)
        .arg(&book)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn migration_backs_up_then_migrates_stepwise() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.renkei");
    {
        let mut conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "application_id", APPLICATION_ID).unwrap();
        renkei::store::schema::migrate(&mut conn, 0, 1).unwrap();
        conn.execute("INSERT INTO scenario(id, name) VALUES('S01', '旧')", []).unwrap();
    }
    let old_bytes = std::fs::read(&path).unwrap();
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(store.load().unwrap().scenarios[0].name, "旧");
    let backup = backup_path(&path, 1);
    let conn = Connection::open(&backup).unwrap();
    let v: i32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(v, 1);
    let n: i64 = conn.query_row("SELECT count(*) FROM scenario", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 1);
    assert_ne!(std::fs::read(&path).unwrap(), old_bytes);
}

fn every_kind() -> Vec<Entity> {
    let d = Date::ymd;
    let mut case =
        TestCase::new("002".into(), "S09-V01-T01".into(), "S09".into(), "S09-V01".into());
    case.query_date = Some(d(2020, 1, 1));
    case.items = vec!["TK01".into()];
    case.expected_providers = vec!["06132013".into()];
    vec![
        Entity::Institution(Institution {
            code: "004".into(),
            name: "F町".into(),
            kind: InstitutionKind::LocalGovernment,
            test_group: Some(3),
            representative: true,
        }),
        Entity::Insurer(Insurer {
            number: "06132013".into(),
            name: "G健康保険組合".into(),
            system: Some(InsuranceSystem::HealthInsuranceSociety),
            lot: Some(2),
            representative: false,
        }),
        Entity::Affair(Affair { code: "JM099".into(), name: "事務".into(), sample: false }),
        Entity::Procedure(Procedure {
            code: "JT099001".into(),
            name: "手続".into(),
            affair: "JM099".into(),
            sample: false,
        }),
        Entity::InfoKind(InfoKind {
            code: "TM099".into(),
            name: "情報".into(),
            xml_root: "情報".into(),
            sample: false,
        }),
        Entity::InfoItem(InfoItem {
            code: "TK99".into(),
            name: "項目".into(),
            info_kind: "TM099".into(),
            xml_path: "a/b".into(),
            repeated_group: "a".into(),
            sample: false,
        }),
        Entity::Scenario(Scenario { party: "002".into(), id: "S09".into(), name: "新".into() }),
        Entity::Variation(Variation {
            party: "002".into(),
            id: "S09-V01".into(),
            scenario: "S09".into(),
            name: "v".into(),
        }),
        Entity::TestCase(Box::new(case)),
        Entity::RoleModel(Box::new(RoleModel::new("002".into(), "RM-Z".into(), "PZ0001".into()))),
        Entity::Membership(Membership {
            party: "002".into(),
            id: 0,
            role_model: "RM-Z".into(),
            insurer: "06132013".into(),
            member_branch: "02".into(),
            link_number: "9".into(),
            acquired_on: d(2019, 1, 1),
            lost_on: None,
            lost_on_reason_of_null: "NotApplicable".into(),
            registered_at: DateTime::new(d(2019, 1, 2), 3, 4, 5),
            version: "4.0".into(),
        }),
        Entity::Benefit(BenefitRecord {
            party: "002".into(),
            id: 0,
            role_model: "RM-Z".into(),
            insurer: "06132013".into(),
            kind: "埋葬料".into(),
            start_date: d(2019, 3, 1),
            amount: Some(50_000),
        }),
        Entity::Finding(Box::new(renkei::domain::model::Finding {
            id: "06130017-0001".into(),
            party: "002".into(),
            raised_by: "06130017".into(),
            raised_on: d(2026, 11, 30),
            target: renkei::domain::check::EntityKind::TestCase,
            key: "S01-V01-T01".into(),
            field: "照会日".into(),
            severity: renkei::domain::check::Severity::Warning,
            rule: String::new(),
            message: "照会日を確認してください".into(),
            suggestion: String::new(),
            state: FindingState::Open,
            reply: String::new(),
            replied_by: String::new(),
            replied_on: None,
        })),
    ]
}

fn edited(e: &Entity) -> Entity {
    let mut e = e.clone();
    match &mut e {
        Entity::Institution(x) => x.name += "（改）",
        Entity::Insurer(x) => x.lot = Some(3),
        Entity::Affair(x) => x.name += "改",
        Entity::Procedure(x) => x.name += "改",
        Entity::InfoKind(x) => x.xml_root += "改",
        Entity::InfoItem(x) => x.xml_path += "/c",
        Entity::Scenario(x) => x.name += "改",
        Entity::Variation(x) => x.name += "改",
        Entity::TestCase(x) => x.condition_kind = ConditionKind::AsOf,
        Entity::RoleModel(x) => x.name = "試験 次郎".into(),
        Entity::Membership(x) => x.lost_on = Some(Date::ymd(2020, 1, 1)),
        Entity::Benefit(x) => x.amount = None,
        Entity::Finding(x) => {
            x.state = FindingState::Done;
            x.reply = "修正しました".into();
        }
    }
    e
}

#[test]
fn undo_redo_over_create_edit_delete_of_every_kind() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_file(dir.path());
    let mut store = Store::open(&path).unwrap();
    let start = store.dump_rows().unwrap();
    let mut states = vec![start.clone()];
    // Create each kind, one operation each; memberships and benefits get their new ids back.
    let mut created = Vec::new();
    for e in every_kind() {
        let id = store.apply("作成", |w| w.put(&e)).unwrap();
        let e = match e {
            Entity::Membership(mut m) => {
                m.id = id;
                Entity::Membership(m)
            }
            Entity::Benefit(mut b) => {
                b.id = id;
                Entity::Benefit(b)
            }
            other => other,
        };
        states.push(store.dump_rows().unwrap());
        created.push(e);
    }
    // Edit each.
    for e in &created {
        store.apply("編集", |w| w.put(&edited(e))).unwrap();
        states.push(store.dump_rows().unwrap());
    }
    // Delete each, children first.
    for e in created.iter().rev() {
        let existed = store.apply("削除", |w| w.delete(&e.key())).unwrap();
        assert!(existed, "{:?}", e.key());
        states.push(store.dump_rows().unwrap());
    }
    assert_eq!(store.dump_rows().unwrap(), start, "everything created was deleted");
    // Undo every step, checking the file after each against the state before it, and that reading again only
    // the tables the step touched gives what reading the whole file gives.
    let mut in_memory = store.load().unwrap();
    for expected in states.iter().rev().skip(1) {
        assert!(store.undo().unwrap().is_some());
        assert_eq!(&store.dump_rows().unwrap(), expected);
        assert_eq!(
            store.touched_tables().unwrap().len(),
            1,
            "{:?}",
            store.touched_tables().unwrap()
        );
        store.reload_touched(&mut in_memory).unwrap();
        assert_eq!(in_memory, store.load().unwrap());
    }
    assert_eq!(store.undo().unwrap(), None);
    assert_eq!(store.dump_rows().unwrap(), start);
    for expected in states.iter().skip(1) {
        assert!(store.redo().unwrap().is_some());
        assert_eq!(&store.dump_rows().unwrap(), expected);
        store.reload_touched(&mut in_memory).unwrap();
        assert_eq!(in_memory, store.load().unwrap());
    }
    assert_eq!(store.redo().unwrap(), None);
    // What the connection saw is what the file holds once it is closed.
    drop(store);
    assert_eq!(&dump(&path), states.last().unwrap());
}

#[test]
fn cascading_delete_is_one_undo_step() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_file(dir.path());
    let mut store = Store::open(&path).unwrap();
    let start = store.dump_rows().unwrap();
    store
        .apply("シナリオ削除", |w| {
            w.delete(&EntityKey::Scenario(renkei::domain::model::Qualified::new("002", "S02")))
        })
        .unwrap();
    // What an operation changed is read from its own log entries.
    assert_eq!(store.touched_tables().unwrap(), ["scenario", "variation", "test_case"]);
    store
        .apply("ロールモデル削除", |w| {
            w.delete(&EntityKey::RoleModel(renkei::domain::model::Qualified::new("002", "RM-Y")))
        })
        .unwrap();
    let p = store.load().unwrap();
    assert_eq!(p.test_cases.len(), 1);
    assert_eq!(p.variations.len(), 1);
    assert_eq!(p.memberships.len(), 3);
    assert!(p.benefits.is_empty());
    store.undo().unwrap();
    assert_eq!(store.touched_tables().unwrap(), ["role_model", "membership", "benefit"]);
    store.undo().unwrap();
    assert_eq!(store.touched_tables().unwrap(), ["scenario", "variation", "test_case"]);
    assert_eq!(store.dump_rows().unwrap(), start);
}

#[test]
fn a_failed_operation_writes_nothing_and_adds_no_step() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_file(dir.path());
    let mut store = Store::open(&path).unwrap();
    let start = store.dump_rows().unwrap();
    // A variation of a scenario that does not exist breaks a foreign key at commit.
    let r = store.apply("壊れた操作", |w| {
        w.put(&Entity::Scenario(Scenario {
            party: "002".into(),
            id: "S05".into(),
            name: "x".into(),
        }))?;
        w.put(&Entity::Variation(Variation {
            party: "002".into(),
            id: "S06-V01".into(),
            scenario: "S06".into(),
            name: "x".into(),
        }))
    });
    assert!(matches!(r, Err(StoreError::Rejected(_))), "{r:?}");
    assert_eq!(store.dump_rows().unwrap(), start);
    assert_eq!(store.undo_label(), None);
    // The store is still usable.
    store
        .apply("ok", |w| {
            w.put(&Entity::Scenario(Scenario {
                party: "002".into(),
                id: "S05".into(),
                name: "x".into(),
            }))
        })
        .unwrap();
    assert_eq!(store.undo().unwrap().as_deref(), Some("ok"));
    assert_eq!(store.dump_rows().unwrap(), start);
}

#[test]
fn rename_carries_references_and_undoes() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_file(dir.path());
    let mut store = Store::open(&path).unwrap();
    let start = store.dump_rows().unwrap();
    store
        .apply("rename", |w| {
            w.rename(
                &EntityKey::RoleModel(renkei::domain::model::Qualified::new("002", "RM-Y")),
                "RM-Y2",
            )
        })
        .unwrap();
    let p = store.load().unwrap();
    assert_eq!(p.test_case_named("S02-V01-T01").unwrap().role_model.as_str(), "RM-Y2");
    assert!(p.memberships.iter().filter(|m| m.role_model.as_str() == "RM-Y2").count() == 2);
    assert!(
        store
            .apply("dup", |w| w.rename(
                &EntityKey::Scenario(renkei::domain::model::Qualified::new("002", "S01")),
                "S02"
            ))
            .is_err()
    );
    store.undo().unwrap();
    assert_eq!(store.dump_rows().unwrap(), start);
}

#[test]
fn save_copy_writes_an_openable_project() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_file(dir.path());
    let store = Store::open(&path).unwrap();
    let copy = dir.path().join("copy.renkei");
    store.save_copy(&copy).unwrap();
    drop(store);
    assert_eq!(
        Store::open(&copy).unwrap().load().unwrap(),
        Store::open(&path).unwrap().load().unwrap()
    );
}

#[test]
fn files_of_the_previous_version_are_migrated_by_every_command_with_a_backup() {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let dir = tempfile::tempdir().unwrap();
    for name in ["seed-cases-v2.renkei", "generated-v2.renkei"] {
        let path = dir.path().join(name);
        std::fs::copy(fixtures.join(name), &path).unwrap();
        let before = Connection::open(&path)
            .unwrap()
            .query_row("SELECT xml_root FROM info_kind WHERE code = 'TM031'", [], |r| {
                r.get::<_, String>(0)
            })
            .unwrap();
        assert_eq!(before, "被用者保険関係情報（健康保険）");
        // A read-only command migrates as the window does: a backup first, then the steps.
        let out = Command::new(env!("CARGO_BIN_EXE_renkei"))
            .args(["check", path.to_str().unwrap(), "--format", "json"])
            .output()
            .unwrap();
        assert!(out.status.code() != Some(2), "{}", String::from_utf8_lossy(&out.stderr));
        let backup = backup_path(&path, 2);
        let v: i32 = Connection::open(&backup)
            .unwrap()
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, 2, "{name}: the backup is the file as it was");
        let store = Store::open_read_only(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        let p = store.load().unwrap();
        assert_eq!(p.info_kinds[0].xml_root, "被用者保険関係情報_健康保険", "{name}");
        // Nothing else moved: every case simulates to the same outcome, and its XML is portable.
        let index = renkei::domain::routing::ProjectIndex::new(&p);
        for c in &p.test_cases {
            let sim = renkei::domain::routing::simulate(&index, c);
            if let Some(m) = sim.merged() {
                let xml = renkei::exchange::xml::merged_answer_xml(&m).unwrap();
                assert!(xml.contains("<被用者保険関係情報_健康保険>"));
            }
        }
    }
    // The committed sample is at the current schema with portable names.
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_projects/seed-cases.renkei");
    let store = Store::open_read_only(&sample).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(store.load().unwrap().info_kinds[0].xml_root, "被用者保険関係情報_健康保険");
}

#[test]
fn a_users_own_code_keeps_its_name_and_the_check_proposes_a_portable_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.renkei");
    {
        let mut conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "application_id", APPLICATION_ID).unwrap();
        renkei::store::schema::migrate(&mut conn, 0, 2).unwrap();
        conn.execute(
            "INSERT INTO info_kind(code, name, xml_root, sample) VALUES('TM099', '独自', '独自情報（試行）', 0)",
            [],
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    let p = store.load().unwrap();
    assert_eq!(p.info_kinds[0].xml_root, "独自情報（試行）");
    let findings = renkei::domain::check::check_project(&p);
    let f =
        findings.iter().find(|f| f.rule == "xml-name-not-portable" && f.key == "TM099").unwrap();
    assert_eq!(
        f.fix,
        Some(renkei::domain::check::Fix::InfoKindXmlRoot {
            code: "TM099".into(),
            xml_root: "独自情報_試行".into()
        })
    );
}

/// A generated project of 5,000 cases (more rows than one report of a counted load), in a file.
fn generated_file(dir: &Path) -> PathBuf {
    use renkei::domain::samples::generate::{GenerateOptions, generate};
    let path = dir.join("g.renkei");
    let project = generate(&GenerateOptions {
        cases: 5_000,
        seed: 3,
        memberships_per_person: None,
        parties: 2,
    });
    let mut store = Store::create(&path, "g").unwrap();
    store.replace_all(&project).unwrap();
    path
}

/// The window's background load: the rows read are reported, rising to the file's total, and give the same
/// project as a plain load; a `false` from the report stops it with `Cancelled`.
#[test]
fn a_counted_load_reports_its_rows_and_can_be_cancelled() {
    let dir = tempfile::tempdir().unwrap();
    let path = generated_file(dir.path());
    let store = Store::open_read_only(&path).unwrap();
    let total = store.counts().unwrap().total();
    let mut reports = Vec::new();
    let snapshot = store
        .snapshot_with(&mut |done, of| {
            reports.push((done, of));
            true
        })
        .unwrap();
    assert_eq!(snapshot.project, store.load().unwrap());
    // The memberships, read beside the rest on a second connection, are every row in file order.
    let conn = Connection::open(&path).unwrap();
    let ids: Vec<i64> = conn
        .prepare("SELECT id FROM membership ORDER BY rowid")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let loaded: Vec<i64> = snapshot.project.memberships.iter().map(|m| m.id).collect();
    assert!(ids.len() > 10_000);
    assert_eq!(loaded, ids);
    assert!(reports.len() > 3, "{reports:?}");
    assert!(reports.windows(2).all(|w| w[0].0 <= w[1].0), "{reports:?}");
    assert!(reports.iter().all(|&(_, of)| of == total));
    assert_eq!(reports.last(), Some(&(total, total)));
    let mut asked = 0;
    let stopped = store.load_with(&mut |_, _| {
        asked += 1;
        asked < 2
    });
    assert!(matches!(stopped, Err(StoreError::Cancelled)), "{stopped:?}");
    assert_eq!(asked, 2);
}

/// The first frame of a large project: every master whole, and the first rows of every other table, which are the
/// first rows of the whole load, in the same places.
#[test]
fn the_head_of_a_project_is_its_masters_and_its_first_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = generated_file(dir.path());
    let store = Store::open_read_only(&path).unwrap();
    let whole = store.load().unwrap();
    let head = store.head(50).unwrap();
    assert_eq!(head.name, whole.name);
    assert_eq!(head.insurers, whole.insurers);
    assert_eq!(head.institutions, whole.institutions);
    assert_eq!(head.info_items, whole.info_items);
    assert_eq!(head.test_cases[..], whole.test_cases[..50]);
    assert_eq!(head.role_models[..], whole.role_models[..50]);
    assert_eq!(head.memberships[..], whole.memberships[..50]);
    assert_eq!(head.variations[..], whole.variations[..50]);
    assert_eq!(head.scenarios.len(), whole.scenarios.len().min(50));
    assert_eq!(head.benefits.len(), whole.benefits.len().min(50));
}

#[test]
fn a_store_that_forgoes_undo_writes_the_same_file_and_raises_the_revision() {
    // The command line keeps no undo log (its process ends with its operations): every operation still writes
    // what it writes with undo, raises the revision once when it writes and not when it writes nothing, and the
    // project in memory refreshed from it is the file's.
    let dir = tempfile::tempdir().unwrap();
    let (with, without) = (sample_file(dir.path()), dir.path().join("q.renkei"));
    std::fs::copy(&with, &without).unwrap();
    let mut logged = Store::open(&with).unwrap();
    let mut unlogged = Store::open(&without).unwrap();
    unlogged.forgo_undo().unwrap();
    let mut in_memory = unlogged.load().unwrap();
    let mut created = Vec::new();
    for e in every_kind() {
        let a = logged.apply("作成", |w| w.put(&e)).unwrap();
        let before = unlogged.revision().unwrap();
        let b = unlogged.apply("作成", |w| w.put(&e)).unwrap();
        assert_eq!(a, b, "{:?}", e.key());
        assert_eq!(unlogged.revision().unwrap(), before + 1);
        // What it changed is not known table by table: every table is read again, and that is the file.
        assert!(unlogged.touched_tables().unwrap().len() > 1);
        unlogged.reload_touched(&mut in_memory).unwrap();
        assert_eq!(in_memory, unlogged.load().unwrap());
        created.push(match e {
            Entity::Membership(m) => Entity::Membership(Membership { id: a, ..m }),
            Entity::Benefit(x) => Entity::Benefit(BenefitRecord { id: a, ..x }),
            other => other,
        });
    }
    for e in created.iter().rev() {
        assert!(logged.apply("削除", |w| w.delete(&e.key())).unwrap());
        assert!(unlogged.apply("削除", |w| w.delete(&e.key())).unwrap());
    }
    assert_eq!(logged.dump_rows().unwrap(), unlogged.dump_rows().unwrap());
    // An operation that writes nothing leaves the revision where it was.
    let before = unlogged.revision().unwrap();
    let gone = &created[0].key();
    assert!(!unlogged.apply("削除", |w| w.delete(gone)).unwrap());
    assert_eq!(unlogged.revision().unwrap(), before);
    assert!(unlogged.touched_tables().unwrap().is_empty());
    // Nothing to undo; the logged store undoes as ever.
    assert_eq!(unlogged.undo().unwrap(), None);
    assert!(logged.undo().unwrap().is_some());
    // A failed operation still writes nothing.
    let dumped = unlogged.dump_rows().unwrap();
    let failed: Result<(), StoreError> = unlogged.apply("失敗", |w| {
        w.put(&created[0])?;
        Err(StoreError::Cancelled)
    });
    assert!(failed.is_err());
    assert_eq!(unlogged.dump_rows().unwrap(), dumped);
    drop(unlogged);
    assert_eq!(dump(&without), dumped);
}

/// A received book's change is recorded entry by entry with the import, in order, and read back only when asked
/// for: the record of books lists the counts, and `book_change` gives what the change said, changed fields and all.
#[test]
fn a_received_books_change_is_recorded_entry_by_entry_and_read_back_in_order() {
    use renkei::domain::coordination::book::{BookRecord, Direction, change_lines};
    use renkei::domain::coordination::change::ChangeSet;
    let dir = tempfile::tempdir().unwrap();
    let path = sample_file(dir.path());
    let mut store = Store::open(&path).unwrap();
    let base = store.load().unwrap();
    let mut result = base.clone();
    result.test_cases[0].remarks = "備考「新」, \"引用\"".into();
    result.scenarios.push(Scenario {
        party: base.scenarios[0].party.clone(),
        id: "S09".into(),
        name: "追加".into(),
    });
    result.benefits.pop();
    let change = ChangeSet::between(&base, &result);
    let record = BookRecord::received("001", "市のブック.xlsx", &"a".repeat(64), &change);
    assert_eq!((record.added, record.changed, record.removed), (1, 1, 1));
    store
        .apply_import("取り込み", &change, &Default::default(), Some(&record), &mut |_, _| true)
        .unwrap();
    // The books as listed, and the change read back, even after the import is undone (the book was received).
    store.undo().unwrap();
    let books = store.books().unwrap();
    assert_eq!(books.len(), 1);
    let b = &books[0];
    assert_eq!((b.direction, b.added, b.changed, b.removed), (Direction::Received, 1, 1, 1));
    assert!(b.has_change());
    let recorded = store.book_change(b.id).unwrap();
    let expected: Vec<String> = change
        .entries
        .iter()
        .map(|e| {
            let (what, fields) = match &e.what {
                renkei::domain::coordination::change::ChangeKind::Added => ("+", vec![]),
                renkei::domain::coordination::change::ChangeKind::Removed => ("-", vec![]),
                renkei::domain::coordination::change::ChangeKind::Changed(f) => ("~", f.clone()),
            };
            let mut line = format!("{what} {} {}", e.entity, e.key);
            for f in fields {
                line += &format!("  {}: {} → {}", f.field.header(), f.old, f.new);
            }
            line
        })
        .collect();
    assert_eq!(change_lines(&recorded), expected);
    assert!(
        expected.iter().any(|l| l.starts_with("~ ") && l.contains("→ 備考「新」, \"引用\"")),
        "{expected:?}"
    );
    // A book sent has no change; nor has a book that is not there.
    store.record_book(&BookRecord::sent("001", "送付.xlsx", &"b".repeat(64), 9)).unwrap();
    let sent = store.books().unwrap().pop().unwrap();
    assert!(!sent.has_change());
    assert!(store.book_change(sent.id).unwrap().is_empty());
    assert!(store.book_change(9999).unwrap().is_empty());
}

/// A file of schema 6 kept a received book's change as one JSON text in its record: opened, it is migrated (a
/// backup first) and the change reads back entry by entry, as it was.
#[test]
fn a_change_recorded_by_schema_6_is_migrated_entry_by_entry() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("六.renkei");
    let json = r#"[{"entity":"テストケース","key":"S01-V01-T01","what":"~","fields":[["備考","旧","新"]]},
        {"entity":"加入歴","key":"RM01/06140115/2020-04-01","what":"+","fields":[]},
        {"entity":"シナリオ","key":"S02","what":"-","fields":[]}]"#;
    {
        let mut conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "application_id", APPLICATION_ID).unwrap();
        renkei::store::schema::migrate(&mut conn, 0, 6).unwrap();
        conn.execute(
            "INSERT INTO book(at, direction, party, file_name, sha256, added, changed, removed, change) \
             VALUES('2026-12-01T00:00:00Z', 'in', '001', 'a.xlsx', 'x', 1, 1, 1, ?1)",
            [json],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO book(at, direction, party, file_name, sha256, added, changed, removed, change) \
             VALUES('2026-12-02T00:00:00Z', 'out', '001', 'b.xlsx', 'y', 5, 0, 0, '[]')",
            [],
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert!(backup_path(&path, 6).exists());
    let books = store.books().unwrap();
    assert_eq!(books.len(), 2);
    assert_eq!(
        renkei::domain::coordination::book::change_lines(&store.book_change(books[0].id).unwrap()),
        [
            "~ テストケース S01-V01-T01  備考: 旧 → 新",
            "+ 加入歴 RM01/06140115/2020-04-01",
            "- シナリオ S02",
        ]
    );
    assert!(store.book_change(books[1].id).unwrap().is_empty());
}

/// A project on a network share is said to be there when it is opened, with SQLite's advice: what the command line
/// prints and the window's status bar shows (`Opened::lines`). Which paths are on a share is `platform`'s rule,
/// tested on the path's text.
#[test]
fn a_project_on_a_network_share_is_said_to_be_there_when_opened() {
    use renkei::platform::{NetworkLocation, classify_windows_path};
    let network =
        classify_windows_path(r"\\fileserver\保険課\テスト 事例.renkei", |_| false);
    assert_eq!(network, Some(NetworkLocation::Share { share: r"\\fileserver\保険課".into() }));
    let opened = renkei::store::Opened { network, ..Default::default() };
    let lines = opened.lines(std::path::Path::new("テスト 事例.renkei"));
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains(r"\\fileserver\保険課"), "{}", lines[0]);
    assert!(lines[0].contains("ローカルのディスク"), "{}", lines[0]);
    // A project on the local disk is opened without a word.
    assert!(renkei::store::Opened::default().lines(std::path::Path::new("x.renkei")).is_empty());
}
