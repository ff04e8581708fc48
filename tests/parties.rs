//! The coordination loop end to end, with real files: several parties' books in one project (the same IDs in two
//! cities, a re-import that touches its own party only, masters never removed), and the loop through workbooks
//! only — the provider's findings and states sent back, the querier's replies and fixes, 再確認待ち, 合意 — with
//! `renkei status` ready only at the end. Also the migration of files the previous version wrote.
#![allow(
    clippy::too_many_lines,
    reason = "a test tells one story from start to end; split, it would be read out of order"
)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use renkei::domain::coordination::change::ChangeSet;
use renkei::domain::coordination::finding::{from_check, next_finding_id, resolve};
use renkei::domain::date::Date;
use renkei::domain::model::Finding;
use renkei::domain::model::kinds::{AgreementState, EntityKind, FindingState, Severity};
use renkei::domain::model::*;
use renkei::store::Store;

fn renkei(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_renkei")).args(args).output().unwrap()
}

fn ok(args: &[&str]) -> String {
    let o = renkei(args);
    assert!(
        o.status.success(),
        "renkei {args:?}\n{}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn load(path: &Path) -> Project {
    Store::open_read_only(path).unwrap().load().unwrap()
}

fn case<'a>(p: &'a Project, party: &str, id: &str) -> &'a TestCase {
    p.test_cases
        .iter()
        .find(|c| c.party.as_str() == party && c.id.as_str() == id)
        .unwrap_or_else(|| panic!("no test case {party}:{id}"))
}

/// Two openpyxl books from two cities, both with S01-V01-T01 and RM-X, into one project: both kept; city A's
/// edited book changes A's rows only; no master is removed although each book lists only its own.
#[test]
fn two_cities_with_the_same_ids_are_kept_side_by_side() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("代表保険者.renkei");
    ok(&["new", s(&file), "--own", "06130017"]);
    let out = ok(&[
        "import",
        s(&file),
        s(&fixture("cityA-openpyxl.xlsx")),
        s(&fixture("cityB-openpyxl.xlsx")),
    ]);
    assert!(out.contains("団体 201"), "{out}");
    assert!(out.contains("団体 202"), "{out}");
    let both = load(&file);
    for party in ["201", "202"] {
        assert_eq!(case(&both, party, "S01-V01-T01").role_model.as_str(), "RM-X");
        assert!(
            both.role_models.iter().any(|r| r.party.as_str() == party && r.id.as_str() == "RM-X")
        );
        assert_eq!(both.memberships.iter().filter(|m| m.party.as_str() == party).count(), 1);
    }
    assert_eq!(both.test_cases.len(), 2);
    assert_eq!(both.role_models.len(), 2);
    // Each book lists only its own city: both cities and both insurers stay.
    let institutions: Vec<&str> = both.institutions.iter().map(|i| i.code.as_str()).collect();
    assert!(institutions.contains(&"201") && institutions.contains(&"202"));
    assert_eq!(both.insurers.len(), 2);

    // A name that two parties use is ambiguous on the command line; 機関コード:ID is not.
    let o = renkei(&["simulate", s(&file), "--case", "S01-V01-T01"]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("201:S01-V01-T01") && err.contains("202:S01-V01-T01"), "{err}");
    ok(&["simulate", s(&file), "--case", "202:S01-V01-T01"]);

    // City A's book again, edited: A's case and membership change; B's rows and every master stay. Its change
    // names A's rows with A's code, B having the same IDs.
    let dry = ok(&["import", s(&file), s(&fixture("cityA-edited-openpyxl.xlsx")), "--dry-run"]);
    assert!(dry.contains("~ テストケース 201:S01-V01-T01"), "{dry}");
    assert!(dry.contains("+ 加入歴 201:RM-X/06130017/2015-10-01"), "{dry}");
    assert!(dry.contains("- 加入歴 201:RM-X/06130017/2015-04-01"), "{dry}");
    let out = ok(&["import", s(&file), s(&fixture("cityA-edited-openpyxl.xlsx"))]);
    assert!(out.contains("団体 201"), "{out}");
    let after = load(&file);
    assert_eq!(case(&after, "201", "S01-V01-T01").remarks, "A市の事例（修正）");
    let a_membership: Vec<_> =
        after.memberships.iter().filter(|m| m.party.as_str() == "201").collect();
    assert_eq!(a_membership.len(), 1);
    assert_eq!(a_membership[0].acquired_on, Date::ymd(2015, 10, 1));
    let party_rows = |p: &Project, party: &str| {
        (
            p.test_cases.iter().filter(|c| c.party.as_str() == party).cloned().collect::<Vec<_>>(),
            p.role_models.iter().filter(|r| r.party.as_str() == party).cloned().collect::<Vec<_>>(),
            p.memberships.iter().filter(|m| m.party.as_str() == party).cloned().collect::<Vec<_>>(),
            p.scenarios.iter().filter(|x| x.party.as_str() == party).cloned().collect::<Vec<_>>(),
        )
    };
    assert_eq!(party_rows(&after, "202"), party_rows(&both, "202"));
    assert_eq!(after.institutions, both.institutions);
    assert_eq!(after.insurers, both.insurers);
    assert_eq!(after.info_items, both.info_items);

    // The whole project's book (its 団体 column) reads back as both cities' rows: nothing changes.
    ok(&["export", s(&file), s(&dir.path().join("全部.xlsx"))]);
    let again = ok(&["import", s(&file), s(&dir.path().join("全部.xlsx"))]);
    assert!(again.contains("変更はありません"), "{again}");
    // A book whose party the import cannot tell (both cities' test cases, no 団体), and two books of one party in
    // one batch.
    ok(&["export", s(&file), s(&dir.path().join("ケース.xlsx")), "--sheets", "テストケース一覧"]);
    let o = renkei(&["import", s(&file), s(&dir.path().join("ケース.xlsx"))]);
    assert!(!o.status.success());
    let err =
        format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    assert!(err.contains("201") && err.contains("202") && err.contains("--party"), "{err}");
    let o = renkei(&[
        "import",
        s(&file),
        s(&fixture("cityA-openpyxl.xlsx")),
        s(&fixture("cityA-edited-openpyxl.xlsx")),
    ]);
    assert!(!o.status.success());
    let all =
        format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    assert!(all.contains("cityA-edited-openpyxl.xlsx"), "{all}");
    // The first was applied: A's note is the unedited book's again.
    assert_eq!(case(&load(&file), "201", "S01-V01-T01").remarks, "A市の事例");
}

/// One change of the project file, as the window makes it: the agreement states the change touches after they
/// were set become 再確認待ち.
fn edit(file: &Path, label: &str, result: &Project, today: Date) {
    let mut store = Store::open(file).unwrap();
    let base = store.load().unwrap();
    let change = ChangeSet::between(&base, result);
    let (change, _) = renkei::domain::coordination::agreement::with_rechecks(&base, change, today);
    store.apply_change(label, &change, &mut |_, _| true).unwrap();
}

fn set_state(p: &mut Project, party: &str, id: &str, state: AgreementState, by: &str, on: Date) {
    let c =
        p.test_cases.iter_mut().find(|c| c.party.as_str() == party && c.id.as_str() == id).unwrap();
    c.agreement = Agreement { state, date: Some(on), by: by.into(), memo: String::new() };
}

fn status(file: &Path) -> (i32, serde_json::Value) {
    let o = renkei(&["status", s(file), "--format", "json"]);
    let json = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stdout)));
    (o.status.code().unwrap(), json)
}

/// The xlsx parts whose names start with `prefix`, as text.
fn parts(book: &Path, prefix: &str) -> Vec<String> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(book).unwrap()).unwrap();
    let names: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok())
        .filter(|n| n.starts_with(prefix))
        .map(|n| n.into_owned())
        .collect();
    names
        .into_iter()
        .map(|n| {
            let mut text = String::new();
            zip.by_name(&n).unwrap().read_to_string(&mut text).unwrap();
            text
        })
        .collect()
}

/// The loop through workbooks only, checked in the project files at every step.
#[test]
fn the_loop_goes_round_through_workbooks_until_both_agree() {
    let dir = tempfile::tempdir().unwrap();
    let querier = dir.path().join("B市.renkei");
    let provider = dir.path().join("A健保.renkei");
    ok(&["new", s(&querier), "--sample", "--own", "002"]);
    ok(&["new", s(&provider), "--own", "06130017"]);
    let day1 = Date::ymd(2026, 11, 2);
    let day2 = Date::ymd(2026, 11, 9);
    let day3 = Date::ymd(2026, 11, 16);

    // 1. The querier sends its book; the provider imports it.
    let q1 = dir.path().join("B市_仕様書_1.xlsx");
    ok(&["export", s(&querier), s(&q1)]);
    ok(&["import", s(&provider), s(&q1)]);
    let p = load(&provider);
    assert_eq!(p.test_cases.len(), 2);
    assert!(p.test_cases.iter().all(|c| c.party.as_str() == "002"));
    assert_eq!(status(&provider).0, 1);

    // 2. The provider raises findings — one from the check, one by hand on a field — and sets 要修正 and 提供可.
    let mut p = load(&provider);
    let check = renkei::domain::check::check_project(&p);
    let from =
        check.iter().find(|f| f.party == "002").expect("the sample has findings about its rows");
    let raised = from_check(&p, from, "06130017", "002".into(), day1);
    assert_eq!(raised.id, "06130017-0001");
    assert_eq!(raised.rule, from.rule.slug());
    p.findings.push(raised.clone());
    let by_hand = Finding {
        id: next_finding_id(&p, "06130017"),
        party: "002".into(),
        raised_by: "06130017".into(),
        raised_on: day1,
        target: EntityKind::TestCase,
        key: "S01-V01-T01".into(),
        field: "期待する提供保険者".into(),
        severity: Severity::Error,
        rule: String::new(),
        message: "当組合の副本では資格喪失日が異なります".into(),
        suggestion: "資格喪失日を確認してください".into(),
        state: FindingState::Open,
        reply: String::new(),
        replied_by: String::new(),
        replied_on: None,
    };
    assert_eq!(by_hand.id, "06130017-0002");
    p.findings.push(by_hand.clone());
    set_state(&mut p, "002", "S01-V01-T01", AgreementState::NeedsFix, "06130017", day1);
    set_state(&mut p, "002", "S02-V01-T01", AgreementState::Servable, "06130017", day1);
    edit(&provider, "指摘と確認", &p, day1);
    assert_eq!(status(&provider).0, 1);

    // 3. The provider sends the querier's book back with the findings.
    let p1 = dir.path().join("B市_指摘_1.xlsx");
    ok(&["export", s(&provider), s(&p1), "--party", "002"]);
    // The cell at fault has a note with the finding's text, and a fill.
    let comments = parts(&p1, "xl/comments").concat();
    assert!(comments.contains("当組合の副本では資格喪失日が異なります"), "{comments}");
    // At the cell at fault: 期待する提供保険者 (column V) of S01-V01-T01, the first row under the headers (5).
    let note = comments
        .split("<comment ")
        .find(|c| c.contains("当組合の副本では資格喪失日が異なります"))
        .unwrap();
    assert!(note.starts_with("ref=\"V5\""), "{note}");
    let books = renkei::store::Store::open_read_only(&provider).unwrap().books().unwrap();
    assert!(books.iter().any(|b| b.party.as_str() == "002"
        && b.direction == renkei::domain::coordination::book::Direction::Sent));

    // 4. The querier imports it: the findings at their rows, the states.
    ok(&["import", s(&querier), s(&p1)]);
    let q = load(&querier);
    assert_eq!(q.findings.len(), 2);
    for f in &q.findings {
        assert_eq!(f.party.as_str(), "002");
        assert!(resolve(&q, f.target, &f.key).is_some(), "{f:?}");
    }
    let f2 = q.findings.iter().find(|f| f.id == by_hand.id).unwrap();
    assert_eq!(f2.message, by_hand.message);
    assert_eq!(f2.field, "期待する提供保険者");
    assert_eq!(f2.severity, Severity::Error);
    assert_eq!(case(&q, "002", "S01-V01-T01").agreement.state, AgreementState::NeedsFix);
    assert_eq!(case(&q, "002", "S02-V01-T01").agreement.state, AgreementState::Servable);
    assert_eq!(case(&q, "002", "S02-V01-T01").agreement.by, "06130017");
    let o = renkei(&["findings", s(&querier), "--state", "未対応"]);
    let listed = String::from_utf8_lossy(&o.stdout);
    assert!(listed.contains("06130017-0001") && listed.contains("06130017-0002"), "{listed}");

    // 5. The querier replies and fixes: S01's expected provider, and RM-Y's membership (S02's person).
    let mut q = load(&querier);
    for f in &mut q.findings {
        f.state = FindingState::Done;
        f.reply = format!("{} を修正しました", f.key);
        f.replied_by = "002".into();
        f.replied_on = Some(day2);
    }
    let s01 = q.test_cases.iter_mut().find(|c| c.id.as_str() == "S01-V01-T01").unwrap();
    s01.remarks = "資格喪失日を確認済み".into();
    let m = q.memberships.iter_mut().find(|m| m.role_model.as_str() == "RM-Y").unwrap();
    m.member_branch = "02".into();
    edit(&querier, "回答と修正", &q, day2);
    let q = load(&querier);
    for id in ["S01-V01-T01", "S02-V01-T01"] {
        let a = &case(&q, "002", id).agreement;
        assert_eq!(a.state, AgreementState::Recheck, "{id}");
        assert!(a.memo.starts_with("前回: "), "{a:?}");
    }
    let q2 = dir.path().join("B市_仕様書_2.xlsx");
    ok(&["export", s(&querier), s(&q2)]);

    // 6. The provider imports it: the replies, the changed cases 再確認待ち; then 合意 on every case.
    ok(&["import", s(&provider), s(&q2)]);
    let p = load(&provider);
    for f in &p.findings {
        assert_eq!(f.state, FindingState::Done, "{f:?}");
        assert!(f.reply.ends_with("を修正しました"));
        assert_eq!(f.replied_by, "002");
        assert_eq!(f.replied_on, Some(day2));
        assert_eq!(f.raised_by, "06130017");
    }
    assert_eq!(p.findings.iter().find(|f| f.id == by_hand.id).unwrap().message, by_hand.message);
    for id in ["S01-V01-T01", "S02-V01-T01"] {
        assert_eq!(case(&p, "002", id).agreement.state, AgreementState::Recheck, "{id}");
    }
    assert_eq!(case(&p, "002", "S01-V01-T01").remarks, "資格喪失日を確認済み");
    let (code, json) = status(&provider);
    assert_eq!(code, 1);
    assert_eq!(json["parties"][0]["states"]["recheck"], 2);
    let mut p = load(&provider);
    for id in ["S01-V01-T01", "S02-V01-T01"] {
        set_state(&mut p, "002", id, AgreementState::Agreed, "06130017", day3);
    }
    edit(&provider, "合意", &p, day3);
    let (code, json) = status(&provider);
    assert_eq!(code, 0, "{json}");
    assert_eq!(json["ready"], true);
    assert_eq!(json["parties"][0]["states"]["agreed"], 2);
    // The record of books: two received, one sent.
    let books = Store::open_read_only(&provider).unwrap().books().unwrap();
    let received = books
        .iter()
        .filter(|b| b.direction == renkei::domain::coordination::book::Direction::Received)
        .count();
    assert_eq!(received, 2);
}

/// Files the previous version (schema 4) wrote open migrated: every row gets the party of the test cases it
/// belongs to or serves, nothing is lost, and a backup of the old file is left beside it.
#[test]
fn the_previous_versions_files_are_migrated_with_their_parties() {
    for (name, min_cases) in [("seed-cases-v4.renkei", 2), ("generated-v4.renkei", 300)] {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("旧版.renkei");
        std::fs::copy(fixture(name), &file).unwrap();
        let store = Store::open(&file).unwrap();
        assert_eq!(
            store.schema_version().unwrap(),
            renkei::store::schema::SCHEMA_VERSION,
            "{name}"
        );
        let p = store.load().unwrap();
        assert!(p.test_cases.len() >= min_cases, "{name}");
        // Counts of the old file, read with SQLite directly.
        let old = rusqlite::Connection::open(fixture(name)).unwrap();
        let count = |table: &str| -> usize {
            old.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get::<_, i64>(0))
                .unwrap() as usize
        };
        assert_eq!(p.test_cases.len(), count("test_case"), "{name}");
        assert!(p.role_models.len() >= count("role_model"), "{name}");
        assert!(p.memberships.len() >= count("membership"), "{name}");
        assert_eq!(p.institutions.len(), count("institution"), "{name}");
        for c in &p.test_cases {
            assert_eq!(c.party, c.requester, "{name}: {}", c.id);
            // Its role model is in its party.
            assert!(
                p.role_models.iter().any(|r| r.party == c.party && r.id == c.role_model)
                    || c.role_model.as_str().is_empty(),
                "{name}: {}",
                c.id
            );
        }
        for m in &p.memberships {
            assert!(
                p.role_models.iter().any(|r| r.party == m.party && r.id == m.role_model),
                "{name}: membership {m:?}"
            );
        }
        assert!(
            std::fs::read_dir(dir.path()).unwrap().any(|e| e
                .unwrap()
                .file_name()
                .to_string_lossy()
                .contains("bak")),
            "{name}: a backup of the old file"
        );
        // The check of the migrated project has no error it did not have before (the generated one has none).
        let errors = renkei::domain::check::check_project(&p)
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        assert_eq!(errors, 0, "{name}");
    }
}

/// The loop's bad input (openpyxl books): a 確認状態 and a 状態 that are none of the words are errors at their
/// cells and nothing is written; a finding whose target is not in the project is kept, with a warning (対象なし).
#[test]
fn bad_states_are_errors_at_their_cells_and_a_missing_target_is_kept_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.renkei");
    ok(&["new", s(&file), "--own", "06130017"]);
    ok(&["import", s(&file), s(&fixture("cityA-openpyxl.xlsx"))]);
    let before = std::fs::read(&file).unwrap();
    let o = renkei(&["import", s(&file), s(&fixture("loop-errors-openpyxl.xlsx"))]);
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("テストケース一覧!X2 「OK」"), "{out}");
    assert!(out.contains("指摘一覧!K2 「済み」"), "{out}");
    assert_eq!(std::fs::read(&file).unwrap(), before, "nothing written");

    let out = ok(&["import", s(&file), s(&fixture("loop-no-target-openpyxl.xlsx"))]);
    assert!(out.contains("指摘一覧!E3 「RM-GONE」") && out.contains("対象なし"), "{out}");
    let p = load(&file);
    assert_eq!(p.findings.len(), 2);
    let gone = p.findings.iter().find(|f| f.key == "RM-GONE").unwrap();
    assert!(gone.target_in(&p).is_none());
    assert_eq!(gone.party.as_str(), "201");
    let there = p.findings.iter().find(|f| f.key == "S01-V01-T01").unwrap();
    assert!(there.target_in(&p).is_some());
    assert_eq!(case(&p, "201", "S01-V01-T01").agreement.state, AgreementState::Servable);
    let listed = ok(&["findings", s(&file), "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&listed).unwrap();
    let found: Vec<bool> =
        json.as_array().unwrap().iter().map(|f| f["target_found"].as_bool().unwrap()).collect();
    assert_eq!(found, [true, false]);
    // Unknown words on the command line are errors too.
    let o = renkei(&["findings", s(&file), "--state", "済み"]);
    assert_eq!(o.status.code(), Some(2));
}

/// `--sheets` leaves out 指摘一覧 and the 確認 columns; by default both are written.
#[test]
fn export_writes_the_findings_and_agreement_unless_left_out() {
    use calamine::{Reader, Xlsx, open_workbook};
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.renkei");
    ok(&["new", s(&file), "--own", "06130017"]);
    ok(&["import", s(&file), s(&fixture("cityA-openpyxl.xlsx"))]);
    ok(&["import", s(&file), s(&fixture("loop-no-target-openpyxl.xlsx"))]);
    let headers = |book: &Path| -> (Vec<String>, Vec<String>) {
        let mut wb: Xlsx<_> = open_workbook(book).unwrap();
        let names = wb.sheet_names();
        let range = wb.worksheet_range("テストケース一覧").unwrap();
        let row = range.rows().find(|r| r.iter().any(|c| *c == "テストケースID")).unwrap();
        (names, row.iter().map(|c| c.to_string()).collect())
    };
    let all = dir.path().join("all.xlsx");
    ok(&["export", s(&file), s(&all)]);
    let (names, cols) = headers(&all);
    assert!(names.iter().any(|n| n == "指摘一覧"));
    for h in ["確認状態", "確認日", "確認者", "確認メモ"] {
        assert!(cols.iter().any(|c| c == h), "{h} in {cols:?}");
    }
    let some = dir.path().join("some.xlsx");
    ok(&["export", s(&file), s(&some), "--sheets", "テストケース一覧,ロールモデル"]);
    let (names, cols) = headers(&some);
    assert!(!names.iter().any(|n| n == "指摘一覧"), "{names:?}");
    assert!(!cols.iter().any(|c| c.starts_with("確認")), "{cols:?}");
    let with = dir.path().join("with.xlsx");
    ok(&["export", s(&file), s(&with), "--sheets", "テストケース一覧,確認,指摘一覧"]);
    let (names, cols) = headers(&with);
    assert!(names.iter().any(|n| n == "指摘一覧"));
    assert!(cols.iter().any(|c| c == "確認状態"));
}

/// One 機関別符号 in two parties with two histories: the check's person-conflict, an error on the second.
#[test]
fn one_person_code_with_two_histories_in_two_parties_is_a_conflict() {
    use renkei::domain::check::check_project;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.renkei");
    ok(&["new", s(&file)]);
    ok(&[
        "import",
        s(&file),
        s(&fixture("cityA-openpyxl.xlsx")),
        s(&fixture("cityB-openpyxl.xlsx")),
    ]);
    let mut p = load(&file);
    let none = |p: &Project| {
        check_project(p).into_iter().filter(|f| f.rule == "person-conflict").collect::<Vec<_>>()
    };
    assert!(none(&p).is_empty());
    // B町's RM-X is given A市's person code: two histories (2015 and 2016 acquisitions) for one person.
    for r in p.role_models.iter_mut().filter(|r| r.party.as_str() == "202") {
        r.person_code = "PA0001".into();
    }
    let found = none(&p);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].severity, Severity::Error);
    assert_eq!(found[0].party, "202");
    assert_eq!(found[0].key, "RM-X");
    assert!(found[0].message.ja.contains("201"), "{:?}", found[0].message);
    // The same history in both is no conflict.
    let a: Vec<_> = p.memberships.iter().filter(|m| m.party.as_str() == "201").cloned().collect();
    p.memberships.retain(|m| m.party.as_str() != "202");
    for mut m in a {
        m.party = "202".into();
        p.memberships.push(m);
    }
    assert!(none(&p).is_empty());
}
