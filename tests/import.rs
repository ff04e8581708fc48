//! Importing the exchange workbook: round trips through a real .xlsx (sample and a generated 10,000-case project),
//! fixtures written by another writer (openpyxl, tests/fixtures/make_fixtures.py), located errors that leave the
//! project file byte-for-byte unchanged, the change field by field, whole-sheet removal, one undo step.

use std::path::{Path, PathBuf};
use std::process::Command;

use renkei::domain::check::{EntityKind, check_project};
use renkei::domain::coordination::source::source_key;
use renkei::domain::date::{Date, DateStyle};
use renkei::domain::model::*;
use renkei::domain::samples::generate::{GenerateOptions, generate};
use renkei::domain::samples::sample::sample_project;
use renkei::exchange::import::{ChangeKind, ImportOptions, Proposal, compute_change, propose};
use renkei::exchange::read::{Level, ReadError};
use renkei::exchange::sheets::{ALL_SHEETS, SheetKind};
use renkei::exchange::write::{ExportOptions, write_workbook};
use renkei::store::Store;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn export_to(p: &Project, path: &Path, sheets: &[SheetKind], style: DateStyle) {
    let options = ExportOptions {
        sheets: sheets.to_vec(),
        date_style: style,
        today: Date::ymd(2026, 11, 24),
        agreement: true,
        without_my_number: false,
    };
    assert!(write_workbook(p, path, &options, |_, _| true).unwrap());
}

/// Apply an import's change to a project file, as `renkei import` does: one transaction, one undo step.
fn apply_change(store: &mut Store, p: &Proposal) -> Result<(), renkei::store::StoreError> {
    apply_change_with_progress(store, p, &mut |_, _| true)
}

/// [`apply_change`], reporting progress (returning `false` cancels and rolls back).
fn apply_change_with_progress(
    store: &mut Store,
    p: &Proposal,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<(), renkei::store::StoreError> {
    store.apply_change_from(renkei::cli::IMPORT_LABEL, &p.change, &p.sources, progress).map(|_| ())
}

fn read(path: &Path, base: &Project, options: ImportOptions) -> Proposal {
    propose(path, base, options, &mut |_, _| true).unwrap()
}

/// The content a workbook carries: what the project holds, less what the workbook has no column for (row ids,
/// the shipped-sample flag of codes).
fn content(p: &Project) -> Project {
    let mut p = p.clone();
    p.name = String::new();
    p.affairs.iter_mut().for_each(|x| x.sample = false);
    p.procedures.iter_mut().for_each(|x| x.sample = false);
    p.info_kinds.iter_mut().for_each(|x| x.sample = false);
    p.info_items.iter_mut().for_each(|x| x.sample = false);
    p.memberships.iter_mut().for_each(|x| x.id = 0);
    p.benefits.iter_mut().for_each(|x| x.id = 0);
    p
}

fn errors(p: &Proposal) -> Vec<String> {
    p.problems
        .iter()
        .filter(|x| x.level == Level::Error)
        .map(|x| x.line(renkei::domain::model::message::Lang::En))
        .collect()
}

fn has_problem(p: &Proposal, level: Level, place: &str, needle: &str) -> bool {
    p.problems.iter().any(|x| {
        x.level == level && x.place() == place && {
            let l = x.line(renkei::domain::model::message::Lang::En)
                + &x.line(renkei::domain::model::message::Lang::Ja);
            l.contains(needle)
        }
    })
}

#[test]
fn the_sample_round_trips_through_a_workbook_and_a_project_file() {
    let dir = tempfile::tempdir().unwrap();
    let sample = sample_project();
    for style in [DateStyle::Iso, DateStyle::Wareki] {
        let book = dir.path().join(format!("sample-{style:?}.xlsx"));
        export_to(&sample, &book, &ALL_SHEETS, style);
        // Into an empty project file: the same content.
        let file = dir.path().join(format!("empty-{style:?}.renkei"));
        let mut store = Store::create(&file, "empty").unwrap();
        let proposal = read(&book, &store.load().unwrap(), ImportOptions::default());
        assert!(proposal.problems.is_empty(), "{:?}", proposal.problems);
        apply_change(&mut store, &proposal).unwrap();
        let loaded = store.load().unwrap();
        assert_eq!(content(&loaded), content(&sample));
        // Into the same project: nothing changes.
        let again = read(&book, &loaded, ImportOptions::default());
        assert!(
            again.change.is_empty(),
            "{:?}",
            again.change.lines(renkei::domain::model::message::Lang::En)
        );
        let same = read(&book, &sample, ImportOptions::default());
        assert!(
            same.change.is_empty(),
            "{:?}",
            same.change.lines(renkei::domain::model::message::Lang::En)
        );
    }
}

#[test]
fn a_generated_ten_thousand_case_project_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let project = generate(&GenerateOptions {
        cases: 10_000,
        seed: 3,
        memberships_per_person: Some(3),
        parties: 1,
    });
    let book = dir.path().join("generated.xlsx");
    export_to(&project, &book, &ALL_SHEETS, DateStyle::Wareki);
    let into_empty = read(&book, &Project::default(), ImportOptions::default());
    assert!(errors(&into_empty).is_empty(), "{:?}", errors(&into_empty));
    assert_eq!(into_empty.result.test_cases.len(), 10_000);
    assert_eq!(content(&into_empty.result), content(&project));
    let into_same = read(&book, &project, ImportOptions::default());
    assert!(into_same.change.is_empty());
}

#[test]
fn a_workbook_written_by_openpyxl_imports_with_its_warnings() {
    // The masters come from the project; the book brings test cases, a role model defined after the test cases
    // that name it, and a membership.
    let mut base = sample_project();
    base.test_cases.clear();
    base.scenarios.clear();
    base.variations.clear();
    let p = read(&fixture("forms-openpyxl.xlsx"), &base, ImportOptions::default());
    assert!(errors(&p).is_empty(), "{:?}", errors(&p));
    // Every warning, with its place.
    for (place, needle) in [
        ("テストケース一覧!X4", "担当者"),
        ("テストケース一覧!H5", "002"),
        ("テストケース一覧!K5", "099"),
        ("テストケース一覧!V5", "06130017"),
        ("テストケース一覧!G6", "Excel serial"),
        ("加入歴!B2", "06130017"),
        ("加入歴!C2", "01"),
        ("メモ", "skipped"),
    ] {
        assert!(
            has_problem(&p, Level::Warning, place, needle),
            "no warning at {place} mentioning {needle}: {:#?}",
            p.problems
        );
    }
    assert_eq!(p.problems.len(), 8, "{:#?}", p.problems);
    let r = &p.result;
    // The merged scenario-name cell names the scenario for both rows it covers; the blank row is skipped.
    assert_eq!(r.scenarios.len(), 1);
    assert_eq!(r.scenarios[0].name, "転入者の資格確認");
    let case = |id: &str| r.test_case_named(id).unwrap_or_else(|| panic!("{id}"));
    let t1 = case("S10-T01");
    assert_eq!(t1.query_date, Some(Date::ymd(2018, 7, 27))); // 平成３０年７月２７日
    assert_eq!(t1.requester.as_str(), "002");
    assert_eq!(t1.provider.as_str(), "099");
    assert_eq!(t1.items.iter().map(|x| x.as_str()).collect::<Vec<_>>(), ["TK01", "TK02", "TK03"]);
    assert_eq!(t1.expected_providers, [InsurerNumber::from("06130017")]);
    assert_eq!(t1.expected_outcome, Some(Outcome::NormalEnd));
    let t2 = case("S10-T02");
    assert_eq!(t2.query_date, Some(Date::ymd(2018, 7, 27))); // the serial 43308
    assert_eq!(t2.condition_kind, ConditionKind::AsOf);
    assert_eq!(t2.condition_start, Some(Date::ymd(2016, 4, 1))); // a real Excel date
    let t3 = case("S10-T03");
    assert_eq!(t3.condition_start, Some(Date::ymd(2019, 5, 1))); // R1.5.1
    assert_eq!(t3.condition_end, Some(Date::ymd(2020, 3, 31))); // 令和２年３月３１日
    assert_eq!(t3.items.len(), 2); // TK01、TK02
    let rm = r.role_models.iter().find(|x| x.id.as_str() == "RM-Z").unwrap();
    assert_eq!(rm.birth_date, Some(Date::ymd(1980, 1, 2)));
    assert_eq!(rm.sex, Some(Sex::Male));
    assert_eq!(rm.my_number, "123456789018");
    assert_eq!(
        rm.variation_ids.iter().map(|v| v.as_str()).collect::<Vec<_>>(),
        ["S10-V01", "S10-V02"]
    );
    let m = r.memberships.iter().find(|x| x.role_model.as_str() == "RM-Z").unwrap();
    assert_eq!(m.insurer.as_str(), "06130017");
    assert_eq!(m.member_branch, "01");
    assert_eq!(m.acquired_on, Date::ymd(2015, 4, 1)); // Ｈ２７．４．１
    assert_eq!(m.version, "4.0");
    assert_eq!(m.lost_on_reason_of_null, "NotApplicable");
    // And the cases it brings are served as they expect.
    let index = renkei::domain::routing::ProjectIndex::new(r);
    for c in &r.test_cases {
        let sim = renkei::domain::routing::simulate(&index, c);
        assert!(renkei::domain::routing::compare(c, &sim).matches, "{}", c.id);
    }
}

#[test]
fn every_error_is_located_and_the_project_file_is_left_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.renkei");
    let mut store = Store::create(&file, "p").unwrap();
    store.replace_all(&sample_project()).unwrap();
    let p =
        read(&fixture("errors-openpyxl.xlsx"), &store.load().unwrap(), ImportOptions::default());
    drop(store);
    // Only what the project file cannot hold stops the import: a cell that is not a date, a key given twice.
    for (place, needle) in
        [("テストケース一覧!G5", "H30.41"), ("テストケース一覧!E6", "テストケース一覧!E2")]
    {
        assert!(
            has_problem(&p, Level::Error, place, needle),
            "no error at {place} mentioning {needle}: {:#?}",
            p.problems
        );
    }
    assert_eq!(errors(&p).len(), 2, "{:#?}", errors(&p));
    // The rest is read as it is, and the check names each at the cell it came from.
    let findings = check_project(&p.result);
    let places = p.sources.places(&p.result, &findings);
    for (rule, place) in [
        ("condition-reversed", "テストケース一覧!R3"),
        ("code-unknown", "テストケース一覧!M4"),
        ("role-model-undefined", "テストケース一覧!S7"),
    ] {
        assert!(
            findings
                .iter()
                .zip(&places)
                .any(|(f, at)| f.rule == rule && at.as_deref() == Some(place)),
            "no {rule} at {place}: {:#?}",
            findings.iter().zip(&places).collect::<Vec<_>>()
        );
    }
    // The command line: every error printed, exit 1, the file untouched (also with --dry-run).
    let before = std::fs::read(&file).unwrap();
    for extra in [&[][..], &["--dry-run"][..]] {
        let mut args = vec![
            "import",
            file.to_str().unwrap(),
            fixture("errors-openpyxl.xlsx").to_str().unwrap().to_string().leak(),
        ];
        args.extend_from_slice(extra);
        let out = Command::new(env!("CARGO_BIN_EXE_renkei")).args(&args).output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "{stdout}");
        for cell in ["!G5", "!E6"] {
            assert!(stdout.contains(&format!("テストケース一覧{cell}")), "{stdout}");
        }
        assert!(stdout.contains("H30.41"));
        assert_eq!(std::fs::read(&file).unwrap(), before);
    }
}

#[test]
fn a_book_the_check_faults_imports_and_the_check_names_each_fault_at_its_cell() {
    // Written by openpyxl: a reversed range, a provider that is not the Fund, an unknown insurer (as an expected
    // provider and in a membership) and a My Number with a wrong check digit. None stops the import.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.renkei");
    let mut store = Store::create(&file, "p").unwrap();
    store.replace_all(&sample_project()).unwrap();
    drop(store);
    let run =
        |args: &[&str]| Command::new(env!("CARGO_BIN_EXE_renkei")).args(args).output().unwrap();
    let book = fixture("findings-openpyxl.xlsx");
    let expected = [
        ("condition-reversed", "テストケース一覧!R3"),
        ("provider-not-fund", "テストケース一覧!K4"),
        ("expected-provider-not-insurer", "テストケース一覧!V5"),
        ("insurer-undefined", "加入歴!B2"),
        ("my-number-check-digit", "ロールモデル!H2"),
        // RM-W's memberships came without 中間サーバー登録日時: the answer's management block would say NotAvailable.
        ("registered-at-missing", "テストケース一覧!S2"),
    ];
    let says_each_at_its_cell = |stdout: &str| {
        assert!(stdout.contains("検査: エラー 4 件、警告 2 件"), "{stdout}");
        for (rule, place) in expected {
            assert!(
                stdout.lines().any(|l| l.contains(rule) && l.contains(&format!("({place})"))),
                "{rule} at {place}: {stdout}"
            );
        }
    };
    // A dry run says it too, from the rows it read (the file has no sources yet).
    let dry = ["import", file.to_str().unwrap(), book.to_str().unwrap(), "--dry-run"];
    says_each_at_its_cell(&String::from_utf8_lossy(&run(&dry).stdout));
    let out = run(&["import", file.to_str().unwrap(), book.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    // The import says what the check finds, at the cells.
    says_each_at_its_cell(&stdout);
    // And a dry run of the same book again, its rows' sources now in the file.
    says_each_at_its_cell(&String::from_utf8_lossy(&run(&dry).stdout));
    // So does the check, later, in text and JSON.
    let out = run(&["check", file.to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for (rule, place) in expected {
        assert!(
            v.as_array().unwrap().iter().any(|f| f["rule"] == rule && f["place"] == place),
            "{rule} at {place}: {v:#}"
        );
    }
    let text = String::from_utf8_lossy(&run(&["check", file.to_str().unwrap()]).stdout).to_string();
    assert!(text.contains("(テストケース一覧!R3)"), "{text}");
    // A row edited after the import is no longer the book's row: it is named by its key alone.
    let mut store = Store::open(&file).unwrap();
    let project = store.load().unwrap();
    let mut case = project.test_case_named("S30-T02").unwrap().clone();
    case.remarks = "直した".into();
    store.apply("edit", |w| w.put(&renkei::store::Entity::TestCase(Box::new(case)))).unwrap();
    let (project, sources) = (store.load().unwrap(), store.sources().unwrap());
    let findings = check_project(&project);
    let places = sources.places(&project, &findings);
    let reversed = findings.iter().position(|f| f.rule == "condition-reversed").unwrap();
    assert_eq!(places[reversed], None);
    let fund = findings.iter().position(|f| f.rule == "provider-not-fund").unwrap();
    assert_eq!(places[fund].as_deref(), Some("テストケース一覧!K4"));
    // Undoing the edit gives the row its place back.
    store.undo().unwrap();
    let (project, sources) = (store.load().unwrap(), store.sources().unwrap());
    let findings = check_project(&project);
    let places = sources.places(&project, &findings);
    let reversed = findings.iter().position(|f| f.rule == "condition-reversed").unwrap();
    assert_eq!(places[reversed].as_deref(), Some("テストケース一覧!R3"));
    // The sources of the findings' rows alone, looked up one by one (as `check` reads them), are the same
    // sources and name the same cells; a row no book gave has none.
    let keys = findings
        .iter()
        .map(|f| (f.entity, source_key(&f.party, &f.key)))
        .chain([(EntityKind::TestCase, source_key(&project.test_cases[0].party, "S99-T99"))]);
    let some = store.sources_of(keys).unwrap();
    assert_eq!(some.sheets, sources.sheets);
    assert!(!some.rows.is_empty());
    for (k, r) in &some.rows {
        assert_eq!(sources.rows.get(k), Some(r), "{k:?}");
    }
    assert!(some.rows.keys().all(|(_, key)| !key.ends_with("S99-T99")));
    assert_eq!(some.places(&project, &findings), places);
}

/// The places the check gives the findings of a project file, by rule.
fn places_by_rule(store: &Store) -> Vec<(String, Option<String>)> {
    let (project, sources) = (store.load().unwrap(), store.sources().unwrap());
    let findings = check_project(&project);
    let places = sources.places(&project, &findings);
    let mut out: Vec<_> = findings
        .iter()
        .zip(places)
        .filter(|(f, _)| f.severity != renkei::domain::check::Severity::Info)
        .map(|(f, place)| (f.rule.to_string(), place))
        .collect();
    out.sort();
    out
}

#[test]
fn a_book_received_again_with_its_rows_moved_changes_only_where_they_are() {
    // findings-moved-openpyxl.xlsx is findings-openpyxl.xlsx sent back with a title above the header and its test
    // cases in another order: the same content, other cells.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("受信.renkei");
    let mut store = Store::create(&file, "p").unwrap();
    store.replace_all(&sample_project()).unwrap();
    drop(store);
    let run = |book: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_renkei"))
            .args(["import", file.to_str().unwrap()])
            .arg(fixture(book))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    run("findings-openpyxl.xlsx");
    let project = Store::open(&file).unwrap().load().unwrap();
    let moved = run("findings-moved-openpyxl.xlsx");
    assert!(moved.contains("変更はありません"), "{moved}");
    // The four test cases moved; the role model and the membership did not.
    assert!(moved.contains("位置が変わった 4 行の位置"), "{moved}");
    for cell in ["R6", "K5", "V7"] {
        assert!(moved.contains(&format!("(テストケース一覧!{cell})")), "{moved}");
    }
    let mut store = Store::open(&file).unwrap();
    assert_eq!(store.load().unwrap(), project, "the content is the project's");
    let expected = |cells: [&str; 4]| {
        let mut v: Vec<(String, Option<String>)> = [
            ("condition-reversed", format!("テストケース一覧!{}", cells[0])),
            ("provider-not-fund", format!("テストケース一覧!{}", cells[1])),
            ("expected-provider-not-insurer", format!("テストケース一覧!{}", cells[2])),
            ("insurer-undefined", "加入歴!B2".to_string()),
            ("my-number-check-digit", "ロールモデル!H2".to_string()),
            ("registered-at-missing", format!("テストケース一覧!{}", cells[3])),
        ]
        .into_iter()
        .map(|(rule, place)| (rule.to_string(), Some(place)))
        .collect();
        v.sort();
        v
    };
    assert_eq!(places_by_rule(&store), expected(["R6", "K5", "V7", "S4"]));
    let received = store.books().unwrap();
    assert_eq!(received.len(), 2);
    assert!(!received[1].has_change());
    // In the window's road (with undo): the first book's places again are one undo step, which puts the moved
    // places back; the same book once more writes no place and is no undo step, but is received.
    let first = read(&fixture("findings-openpyxl.xlsx"), &project, ImportOptions::default());
    assert!(first.change.is_empty() && !first.has_errors());
    let receive = |store: &mut Store| {
        let record = renkei::domain::coordination::book::BookRecord::received(
            "002",
            "b.xlsx",
            &"c".repeat(64),
            &first.change,
        );
        let op = store.apply_import(
            "取り込み",
            &first.change,
            &first.sources,
            Some(&record),
            &mut |_, _| true,
        );
        op.unwrap().sources_written
    };
    assert_eq!(receive(&mut store), 4);
    assert_eq!(places_by_rule(&store), expected(["R3", "K4", "V5", "S2"]));
    assert_eq!(receive(&mut store), 0);
    assert_eq!(store.books().unwrap().len(), 4);
    assert_eq!(store.undo().unwrap().as_deref(), Some("取り込み"));
    assert_eq!(places_by_rule(&store), expected(["R6", "K5", "V7", "S4"]));
    assert_eq!(store.undo().unwrap(), None, "the command line's imports left no step");
    assert_eq!(store.load().unwrap(), project);
}

#[test]
fn formula_like_names_read_back_as_the_same_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = sample_project();
    p.scenarios[0].name = "=HYPERLINK(\"http://x\")".into();
    p.role_models[0].name = "+1".into();
    p.role_models[1].remarks = "-2".into();
    p.test_cases[0].remarks = "@SUM(A1)".into();
    let book = dir.path().join("b.xlsx");
    export_to(&p, &book, &ALL_SHEETS, DateStyle::Iso);
    let r = read(&book, &Project::default(), ImportOptions::default());
    assert!(errors(&r).is_empty(), "{:?}", errors(&r));
    assert_eq!(r.result.scenarios[0].name, "=HYPERLINK(\"http://x\")");
    assert_eq!(r.result.role_models[0].name, "+1");
    assert_eq!(r.result.role_models[1].remarks, "-2");
    assert_eq!(r.result.test_cases[0].remarks, "@SUM(A1)");
    assert_eq!(content(&r.result), content(&p));
}

#[test]
fn the_change_lists_fields_old_to_new_and_whole_sheets_remove_what_they_do_not_list() {
    let dir = tempfile::tempdir().unwrap();
    let base = sample_project();
    let mut edited = base.clone();
    edited.test_cases[0].query_date = Some(Date::ymd(2018, 8, 1));
    edited.role_models[1].name = "番号 花江".into();
    edited.test_cases.remove(1);
    edited.memberships.push(Membership {
        party: "002".into(),
        id: 0,
        role_model: "RM-X".into(),
        insurer: "06130041".into(),
        member_branch: "02".into(),
        link_number: Default::default(),
        acquired_on: Date::ymd(2019, 1, 1),
        lost_on: None,
        lost_on_reason_of_null: "NotApplicable".into(),
        registered_at: None,
        version: "4.0".into(),
    });
    let book = dir.path().join("edited.xlsx");
    export_to(&edited, &book, &ALL_SHEETS, DateStyle::Iso);
    let p = read(&book, &base, ImportOptions::default());
    assert!(errors(&p).is_empty(), "{:?}", errors(&p));
    let find = |entity: &str, key: &str| {
        p.change.entries.iter().find(|e| e.entity == entity && e.key == key).unwrap_or_else(|| {
            panic!("{entity} {key}: {:?}", p.change.lines(renkei::domain::model::message::Lang::Ja))
        })
    };
    match &find("テストケース", "S01-V01-T01").what {
        ChangeKind::Changed(fields) => {
            assert_eq!(fields.len(), 1);
            assert_eq!(fields[0].field, "照会日");
            assert_eq!(
                (fields[0].old.as_str(), fields[0].new.as_str()),
                ("2018-07-27", "2018-08-01")
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(
        matches!(&find("ロールモデル", "RM-Y").what, ChangeKind::Changed(f) if f[0].field == "氏名" && f[0].new == "番号 花江")
    );
    assert_eq!(find("テストケース", "S02-V01-T01").what, ChangeKind::Removed);
    assert_eq!(find("加入歴", "RM-X/06130041/2019-01-01").what, ChangeKind::Added);
    let lines = p.change.lines(renkei::domain::model::message::Lang::Ja).join("\n");
    assert!(lines.contains("照会日: 2018-07-27 → 2018-08-01"), "{lines}");
    assert!(lines.contains("- テストケース S02-V01-T01"), "{lines}");
    // Keeping what the book does not list: no removal.
    let keep = read(
        &book,
        &base,
        ImportOptions { remove_missing: false, party: None, ..Default::default() },
    );
    assert!(keep.change.entries.iter().all(|e| e.what != ChangeKind::Removed));
    // The change computed from the result is the same the import reports.
    assert_eq!(compute_change(&base, &p.result), p.change);
    // Read without keeping the result (the window; the command line when it writes): the same change, its rows
    // taken from the result, which is not kept.
    let taken = read(&book, &base, ImportOptions { keep_result: false, ..Default::default() });
    assert_eq!(taken.change, p.change);
    assert_eq!(taken.result, Project::default());

    // Applied: one undo step, which restores the project exactly.
    let file = dir.path().join("p.renkei");
    let mut store = Store::create(&file, "p").unwrap();
    store.replace_all(&base).unwrap();
    let before = store.load().unwrap();
    apply_change(&mut store, &p).unwrap();
    let after = store.load().unwrap();
    // The scenario and variation whose only test case went are gone too: the sheet can list them only by a case.
    let mut expected = edited.clone();
    expected.scenarios.retain(|s| s.id.as_str() != "S02");
    expected.variations.retain(|v| v.id.as_str() != "S02-V01");
    assert_eq!(content(&after), content(&expected));
    assert_eq!(find("シナリオ", "S02").what, ChangeKind::Removed);
    assert!(store.undo().unwrap().is_some());
    assert_eq!(store.load().unwrap(), before);
    assert!(store.undo().unwrap().is_none());
}

#[test]
fn the_dry_run_prints_the_change_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.renkei");
    let mut store = Store::create(&file, "p").unwrap();
    store.replace_all(&sample_project()).unwrap();
    drop(store);
    let mut edited = sample_project();
    edited.test_cases[0].remarks = "変更後".into();
    let book = dir.path().join("b.xlsx");
    export_to(&edited, &book, &[SheetKind::TestCases], DateStyle::Iso);
    let before = std::fs::read(&file).unwrap();
    let run =
        |args: &[&str]| Command::new(env!("CARGO_BIN_EXE_renkei")).args(args).output().unwrap();
    let out = run(&["import", file.to_str().unwrap(), book.to_str().unwrap(), "--dry-run"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("~ テストケース S01-V01-T01"), "{stdout}");
    assert!(stdout.contains("備考: 事例1: 最新の資格情報の照会 → 変更後"), "{stdout}");
    assert_eq!(std::fs::read(&file).unwrap(), before);
    let out = run(&["import", file.to_str().unwrap(), book.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("テストケース: 追加 0、変更 1、削除 0"), "{stdout}");
    let loaded = Store::open_read_only(&file).unwrap().load().unwrap();
    assert_eq!(loaded.test_cases[0].remarks, "変更後");
}

#[test]
fn sheets_are_found_by_header_and_shape_problems_are_reported() {
    use rust_xlsxwriter::Workbook;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shapes.xlsx");
    let mut book = Workbook::new();
    // An unnamed sheet whose header says it holds insurers, its header below a title and a blank row.
    let ws = book.add_worksheet();
    ws.set_name("Sheet1").unwrap();
    ws.write_string(0, 0, "保険者の一覧").unwrap();
    for (c, h) in ["保険者名称", "保険者番号", "ロット"].iter().enumerate() {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    ws.write_string(3, 0, "Z健康保険組合").unwrap();
    ws.write_string(3, 1, "06139999").unwrap();
    ws.write_number(3, 2, 4.0).unwrap(); // out of range
    // A named sheet with no header row.
    let ws = book.add_worksheet();
    ws.set_name("機関").unwrap();
    ws.write_string(0, 0, "機関名").unwrap();
    book.save(&path).unwrap();
    let p = read(
        &path,
        &sample_project(),
        ImportOptions { remove_missing: false, party: None, ..Default::default() },
    );
    assert!(has_problem(&p, Level::Error, "Sheet1!C4", "1 to 3"), "{:#?}", p.problems);
    assert!(has_problem(&p, Level::Error, "機関", "header"), "{:#?}", p.problems);
    assert!(p.sheets.contains(&SheetKind::Insurers));
    let z = p.result.insurers.iter().find(|x| x.number.as_str() == "06139999").unwrap();
    assert_eq!(z.name, "Z健康保険組合");
}

#[test]
fn reading_can_be_cancelled_and_a_bad_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("b.xlsx");
    export_to(&sample_project(), &book, &ALL_SHEETS, DateStyle::Iso);
    let cancelled =
        propose(&book, &Project::default(), ImportOptions::default(), &mut |_, _| false);
    assert!(matches!(cancelled, Err(ReadError::Cancelled)));
    // Progress moves sheet by sheet while the book is read (not only once every sheet is held), and a cancel
    // after the first sheet stops there.
    let mut seen = Vec::new();
    renkei::exchange::read::read_tables(&book, &Default::default(), &mut |done, total| {
        seen.push((done, total));
        true
    })
    .unwrap();
    let total = seen[0].1;
    assert!(total >= ALL_SHEETS.len(), "{seen:?}");
    assert_eq!(seen, (0..=total).map(|d| (d, total)).collect::<Vec<_>>());
    let mut calls = 0;
    let cancelled = renkei::exchange::read::read_tables(&book, &Default::default(), &mut |_, _| {
        calls += 1;
        calls < 2
    });
    assert!(matches!(cancelled, Err(ReadError::Cancelled)));
    assert_eq!(calls, 2);
    let text = dir.path().join("not.xlsx");
    std::fs::write(&text, "シナリオID,テストケースID\n").unwrap();
    let e = propose(&text, &Project::default(), ImportOptions::default(), &mut |_, _| true)
        .unwrap_err();
    assert!(e.to_string().contains("not.xlsx"), "{e}");
}

#[test]
fn export_and_apply_can_be_cancelled_without_writing() {
    let dir = tempfile::tempdir().unwrap();
    let project = generate(&GenerateOptions {
        cases: 3_000,
        seed: 5,
        memberships_per_person: Some(2),
        parties: 1,
    });
    let book = dir.path().join("g.xlsx");
    let options = ExportOptions {
        sheets: ALL_SHEETS.to_vec(),
        date_style: DateStyle::Iso,
        today: Date::ymd(2026, 11, 24),
        agreement: true,
        without_my_number: false,
    };
    // Cancelled export: no file.
    let mut calls = 0;
    let written = write_workbook(&project, &book, &options, |done, _| {
        calls += 1;
        done < 1000
    })
    .unwrap();
    assert!(!written && calls >= 2 && !book.exists());
    assert!(write_workbook(&project, &book, &options, |_, _| true).unwrap());
    // Cancelled apply: the project file as it was, no undo step.
    let file = dir.path().join("p.renkei");
    let mut store = Store::create(&file, "p").unwrap();
    let proposal = read(&book, &store.load().unwrap(), ImportOptions::default());
    let cancelled = apply_change_with_progress(&mut store, &proposal, &mut |done, _| done < 2000);
    assert!(matches!(cancelled, Err(renkei::store::StoreError::Cancelled)));
    assert_eq!(store.load().unwrap().test_cases.len(), 0);
    assert!(store.undo_label().is_none());
    apply_change_with_progress(&mut store, &proposal, &mut |_, _| true).unwrap();
    assert_eq!(store.load().unwrap().test_cases.len(), 3_000);
}

#[test]
fn control_characters_in_cells_are_removed_with_a_warning_at_the_cell() {
    // `A_x0001_B` in the book's strings: what a script writing raw control characters leaves.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ctl.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("ロールモデル").unwrap();
    for (c, (h, _)) in SheetKind::RoleModels.headers().iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "RM-X").unwrap();
    ws.write_string(1, 1, "PX\u{1}0001").unwrap();
    ws.write_string(1, 2, "連携\u{1}太郎").unwrap();
    ws.write_string(1, 6, "B市\u{1F}南町 <&\"'>]]>").unwrap();
    book.save(&path).unwrap();
    let strings = {
        use std::io::Read;
        let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
        let mut s = String::new();
        zip.by_name("xl/sharedStrings.xml").unwrap().read_to_string(&mut s).unwrap();
        s
    };
    assert!(strings.contains("連携_x0001_太郎"), "{strings}");
    // A book without test cases names its party on import.
    let options = ImportOptions { party: Some("002".into()), ..ImportOptions::default() };
    let p = read(&path, &sample_project(), options);
    assert!(errors(&p).is_empty(), "{:?}", errors(&p));
    assert!(has_problem(&p, Level::Warning, "ロールモデル!C2", "U+0001"), "{:#?}", p.problems);
    assert!(has_problem(&p, Level::Warning, "ロールモデル!G2", "U+001F"), "{:#?}", p.problems);
    assert!(has_problem(&p, Level::Warning, "ロールモデル!B2", "U+0001"), "{:#?}", p.problems);
    // The value shown in the problem never carries the character itself.
    assert!(p.problems.iter().all(|x| x.value.chars().all(|c| !c.is_control())));
    let rm = p.result.role_models.iter().find(|r| r.id.as_str() == "RM-X").unwrap();
    assert_eq!(rm.name, "連携太郎");
    assert_eq!(rm.address, "B市南町 <&\"'>]]>");
    assert_eq!(rm.person_code.as_str(), "PX0001");
}

/// A formula is read by its computed value; one whose value the book does not hold (as scripts write them) is an
/// import error at its cell showing the formula, never an empty value (#15, row 1). A formula outside the
/// contract's columns is no error.
#[test]
fn a_formula_is_read_by_its_value_and_one_without_a_value_is_an_error_at_its_cell() {
    let base = sample_project();
    let options =
        || ImportOptions { remove_missing: false, party: Some("002".into()), ..Default::default() };
    let p = read(&fixture("formulas-openpyxl.xlsx"), &base, options());
    let errors: Vec<(String, String)> = p
        .problems
        .iter()
        .filter(|x| x.level == Level::Error)
        .map(|x| (x.place(), x.value.clone()))
        .collect();
    assert_eq!(
        errors,
        [
            ("ロールモデル!C2".to_string(), "=A2&\"!\"".to_string()),
            (
                "ロールモデル!G2".to_string(),
                "=HYPERLINK(\"https://example.jp/\",\"B市北町\")".to_string()
            ),
        ]
    );
    assert!(p.problems.iter().all(|x| x.cell.as_deref() != Some("M2")));
    // With its computed value (as Excel saves it): the value is read.
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("計算済み.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("ロールモデル").unwrap();
    for (c, h) in ["ロールモデルID", "機関別符号", "氏名", "氏名カナ", "生年月日", "性別", "住所"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "RM-F").unwrap();
    ws.write_string(1, 1, "PF0001").unwrap();
    ws.write_formula(
        1,
        2,
        rust_xlsxwriter::Formula::new("=\"式 \"&\"太郎\"").set_result("式 太郎"),
    )
    .unwrap();
    ws.write_string(1, 3, "シキ タロウ").unwrap();
    ws.write_string(1, 4, "1980-05-15").unwrap();
    ws.write_string(1, 5, "男").unwrap();
    ws.write_formula(
        1,
        6,
        rust_xlsxwriter::Formula::new("=HYPERLINK(\"https://example.jp/\",\"B市北町\")")
            .set_result("B市北町"),
    )
    .unwrap();
    wb.save(&book).unwrap();
    let p = read(&book, &base, options());
    assert!(!p.has_errors(), "{:?}", p.problems);
    let r = p.result.role_models.iter().find(|r| r.id.as_str() == "RM-F").unwrap();
    assert_eq!(r.name, "式 太郎");
    assert_eq!(r.address, "B市北町");
}

/// A sheet whose XML is broken (`<row` garbled to `<r@w<<`, as a faulty tool or a damaged file leaves it) is an
/// import error naming the sheet and the cause; it is never read as a shorter or empty sheet (#15, row 2). Built
/// at test time from an openpyxl fixture.
#[test]
fn a_sheet_whose_xml_is_broken_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("壊れた.xlsx");
    rewrite_part("cityA-openpyxl.xlsx", "xl/worksheets/sheet1.xml", &broken, |text| {
        assert!(text.contains("<row"));
        text.replacen("<row", "<r@w<<", 1)
    });
    // The project already holds city A's book: the broken one must not read as "nothing changes".
    let base =
        read(&fixture("cityA-openpyxl.xlsx"), &Project::default(), ImportOptions::default()).result;
    let p = read(&broken, &base, ImportOptions::default());
    let broken_sheet: Vec<_> = p
        .problems
        .iter()
        .filter(|x| x.level == Level::Error && x.sheet == "テストケース一覧" && x.cell.is_none())
        .collect();
    assert_eq!(broken_sheet.len(), 1, "{:?}", p.problems);
    assert!(broken_sheet[0].message.ja.contains("XML が壊れて"), "{:?}", broken_sheet[0]);
    assert!(broken_sheet[0].message.en.contains("</row>"), "{:?}", broken_sheet[0]);
    assert!(p.has_errors());
}

/// A fixture with one of its parts edited, written to `out`.
fn rewrite_part(name: &str, part: &str, out: &Path, edit: impl Fn(String) -> String) {
    use std::io::{Read, Write};
    let mut zin = zip::ZipArchive::new(std::fs::File::open(fixture(name)).unwrap()).unwrap();
    let mut zout = zip::ZipWriter::new(std::fs::File::create(out).unwrap());
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let name = f.name().unwrap().into_owned();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).unwrap();
        if name == part {
            bytes = edit(String::from_utf8(bytes).unwrap()).into_bytes();
        }
        zout.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        zout.write_all(&bytes).unwrap();
    }
    zout.finish().unwrap();
}

/// A sheet whose cells are not in the sheet's order (rows reversed, a row's cells reversed, a row given twice:
/// other tools write them so) reads exactly as the sheet in order: the streaming reader reads it again, sorted.
/// The tables come in the book's order, whatever order the sheets were read in.
#[test]
fn a_sheet_whose_cells_are_out_of_order_reads_as_in_order() {
    use renkei::exchange::read::{Limits, read_tables};
    let tables = |path: &Path| {
        let t = read_tables(path, &Limits::default(), &mut |_, _| true).unwrap();
        format!("{:?} {:?}", t.sheets, t.problems)
    };
    let in_order = tables(&fixture("cityA-openpyxl.xlsx"));
    // The sheets come in the book's order, though they are read smallest first.
    let t =
        read_tables(&fixture("cityA-openpyxl.xlsx"), &Limits::default(), &mut |_, _| true).unwrap();
    let names: Vec<&str> = t.sheets.iter().map(|s| s.name.as_str()).collect();
    let book_order: Vec<&str> =
        t.order.iter().map(String::as_str).filter(|n| names.contains(n)).collect();
    assert!(names.len() > 2 && names == book_order, "{names:?} {:?}", t.order);
    let rows = |text: &str| -> (usize, usize, Vec<String>) {
        let (start, end) = (text.find("<row ").unwrap(), text.rfind("</row>").unwrap() + 6);
        let rows = text[start..end].split_inclusive("</row>").map(str::to_string).collect();
        (start, end, rows)
    };
    type Edit = fn(Vec<String>) -> Vec<String>;
    let edits: [(&str, Edit); 3] = [
        ("rows reversed", |rows| rows.into_iter().rev().collect()),
        ("a row's cells reversed", |mut rows| {
            let row = &rows[1];
            let open = row.find("<c ").unwrap();
            let cells: Vec<String> = row[open..row.len() - "</row>".len()]
                .split_inclusive("</c>")
                .map(str::to_string)
                .collect();
            assert!(cells.len() > 1 && cells.iter().all(|c| c.starts_with("<c ")), "{row}");
            let reversed: String = cells.into_iter().rev().collect();
            rows[1] = format!("{}{reversed}</row>", &row[..open]);
            rows
        }),
        ("a row given twice", |mut rows| {
            rows.push(rows[1].clone());
            rows
        }),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (what, edit) in edits {
        let book = dir.path().join(format!("{what}.xlsx"));
        rewrite_part("cityA-openpyxl.xlsx", "xl/worksheets/sheet1.xml", &book, |text| {
            let (start, end, found) = rows(&text);
            let edited: String = edit(found.clone()).concat();
            assert_ne!(edited, found.concat(), "{what}: the sheet is edited");
            format!("{}{edited}{}", &text[..start], &text[end..])
        });
        assert_eq!(tables(&book), in_order, "{what}");
    }
}

/// A contract's sheet that is empty (not even its header row) is said, not dropped without a word.
#[test]
fn an_empty_contract_sheet_is_said() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("空.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet().set_name("ロールモデル").unwrap();
    wb.save(&book).unwrap();
    let p = read(&book, &sample_project(), ImportOptions::default());
    let said: Vec<_> = p
        .problems
        .iter()
        .filter(|x| x.sheet == "ロールモデル" && x.level == Level::Warning)
        .collect();
    assert_eq!(said.len(), 1, "{:?}", p.problems);
    assert!(said[0].message.ja.contains("シートが空です"));
    // Rows of its kind are left as they are.
    assert_eq!(p.result.role_models, sample_project().role_models);
}

/// A person the book's role model sheet no longer lists is gone with their memberships and benefit records,
/// whether the book has those sheets or not; another party's people and rows stay as they were, in order.
#[test]
fn a_person_the_book_drops_takes_their_memberships_and_benefits_and_no_other_partys() {
    use renkei::domain::samples::sample::SAMPLE_PARTY;
    let mut base = sample_project();
    // The sample's person with benefit records is the one the book drops.
    let gone = base.benefits[0].role_model.clone();
    // Another party with a person of the same ID, and the same rows.
    let rm = base.role_models.iter().find(|r| r.id == gone).unwrap();
    let ms: Vec<Membership> = (base.memberships.iter())
        .filter(|m| m.role_model == gone)
        .map(|m| Membership { party: "999".into(), ..m.clone() })
        .collect();
    let bs: Vec<BenefitRecord> = (base.benefits.iter())
        .filter(|b| b.role_model == gone)
        .map(|b| BenefitRecord { party: "999".into(), ..b.clone() })
        .collect();
    let rm = RoleModel { party: "999".into(), ..rm.clone() };
    base.role_models.insert(0, rm);
    base.memberships.splice(0..0, ms);
    base.benefits.splice(0..0, bs);
    let ours_of = |p: &Project| -> Project {
        let mut p = p.clone();
        p.role_models.retain(|r| r.party.as_str() == SAMPLE_PARTY);
        p.memberships.retain(|m| m.party.as_str() == SAMPLE_PARTY);
        p.benefits.retain(|b| b.party.as_str() == SAMPLE_PARTY);
        p
    };
    let mut edited = ours_of(&base);
    edited.role_models.retain(|r| r.id != gone);
    let without = |rows: &[Membership]| -> Vec<Membership> {
        rows.iter()
            .filter(|m| m.party.as_str() != SAMPLE_PARTY || m.role_model != gone)
            .cloned()
            .collect()
    };
    let dir = tempfile::tempdir().unwrap();
    let options = || ImportOptions { party: Some(SAMPLE_PARTY.into()), ..Default::default() };
    for sheets in [
        vec![SheetKind::RoleModels],
        vec![SheetKind::RoleModels, SheetKind::Memberships, SheetKind::Benefits],
    ] {
        let mut book_project = edited.clone();
        book_project.memberships = without(&book_project.memberships);
        book_project.benefits.retain(|b| b.role_model != gone);
        let book = dir.path().join(format!("{}.xlsx", sheets.len()));
        export_to(&book_project, &book, &sheets, DateStyle::Iso);
        let p = read(&book, &base, options());
        assert!(errors(&p).is_empty(), "{:?}", errors(&p));
        let r = content(&p.result);
        let expected = content(&base);
        assert_eq!(
            r.role_models,
            (expected.role_models.iter())
                .filter(|x| x.party.as_str() != SAMPLE_PARTY || x.id != gone)
                .cloned()
                .collect::<Vec<_>>(),
            "{sheets:?}"
        );
        assert_eq!(r.memberships, without(&expected.memberships), "{sheets:?}");
        assert_eq!(
            r.benefits,
            (expected.benefits.iter())
                .filter(|b| b.party.as_str() != SAMPLE_PARTY || b.role_model != gone)
                .cloned()
                .collect::<Vec<_>>(),
            "{sheets:?}"
        );
        assert!(r.memberships.iter().any(|m| m.party.as_str() == "999"));
        assert!(r.benefits.iter().any(|b| b.party.as_str() == "999"));
        // The rest of the project is as it was; the change removes the person and their rows (named with the
        // party, as two parties use the ID).
        assert_eq!(r.test_cases, expected.test_cases);
        let what = |c: &renkei::domain::coordination::change::ChangeSet| -> Vec<_> {
            c.entries.iter().map(|e| (e.what.clone(), e.op.clone())).collect()
        };
        assert_eq!(what(&compute_change(&base, &p.result)), what(&p.change));
        assert_eq!(
            p.change.entries.len(),
            5,
            "{:?}",
            p.change.lines(renkei::domain::model::message::Lang::Ja)
        );
        assert!(
            p.change
                .entries
                .iter()
                .all(|e| e.what == ChangeKind::Removed && e.key.starts_with("002:"))
        );
    }
}
