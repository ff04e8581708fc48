//! The command line end to end: new, info, simulate (XML, trace, files, table, JSON), generate; exit codes and
//! clear errors for bad files and arguments.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use renkei::domain::samples::sample::sample_project;
use renkei::store::Store;

fn renkei(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_renkei")).args(args).output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn new_sample(dir: &Path) -> PathBuf {
    let path = dir.join("x.renkei");
    let o = renkei(&["new", path.to_str().unwrap(), "--sample"]);
    assert!(o.status.success(), "{}", stderr(&o));
    path
}

#[test]
fn committed_sample_agrees_with_the_generator() {
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_projects/seed-cases.renkei");
    let loaded = Store::open_read_only(&committed).unwrap().load().unwrap();
    assert_eq!(loaded, sample_project());
}

#[test]
fn new_and_info_print_the_counts() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_sample(dir.path());
    let o = renkei(&["info", path.to_str().unwrap()]);
    assert!(o.status.success());
    let out = stdout(&o);
    for line in [
        "機関 / institutions: 3",
        "保険者 / insurers: 3",
        "事務 / affairs: 2",
        "事務手続 / procedures: 2",
        "特定個人情報名 / info kinds: 1",
        "項目 / info items: 15",
        "シナリオ / scenarios: 2",
        "バリエーション / variations: 2",
        "テストケース / test cases: 2",
        "ロールモデル / role models: 2",
        "加入歴 / memberships: 5",
        "給付情報 / benefit records: 2",
        "スキーマ / schema version: 7",
        "application_id: 0x524E4B57",
    ] {
        assert!(out.contains(line), "missing {line} in\n{out}");
    }
    // new refuses to overwrite.
    let o = renkei(&["new", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("already exists"));
}

/// `renkei new FILE --own 002` gives a project a city can write its first case in: institutions, insurers and every
/// code master, said by `info` to be sample masters; a city not among them is added under its name; the masters of
/// another project can be taken instead.
#[test]
fn a_new_project_starts_with_sample_masters_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("B市 最初.renkei");
    let o = renkei(&["new", path.to_str().unwrap(), "--own", "002"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&renkei(&["info", path.to_str().unwrap()]));
    for (ja, en) in [
        ("機関", "institutions"),
        ("保険者", "insurers"),
        ("事務", "affairs"),
        ("事務手続", "procedures"),
        ("特定個人情報名", "info kinds"),
        ("項目", "info items"),
    ] {
        let line = out
            .lines()
            .find(|l| l.starts_with(&format!("{ja} / {en}: ")))
            .unwrap_or_else(|| panic!("no {ja} in\n{out}"));
        let n: usize = line.rsplit(' ').next().unwrap().parse().unwrap();
        assert!(n > 0, "{line}");
    }
    assert!(out.contains("テストケース / test cases: 0"), "{out}");
    assert!(out.contains("自団体 / own: 002"), "{out}");
    assert!(out.contains("見本のマスタ / sample masters") && out.contains("sample data"), "{out}");
    let p = Store::open_read_only(&path).unwrap().load().unwrap();
    assert_eq!(p.own, "002");
    assert!(p.institutions.iter().any(|i| i.code.as_str() == "002"));
    assert!(p.fund().is_some(), "the Fund is among the institutions");

    // A city not among the sample institutions is added under its name.
    let f = dir.path().join("f.renkei");
    let o = renkei(&["new", f.to_str().unwrap(), "--own", "010", "--own-name", "F市"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let p = Store::open_read_only(&f).unwrap().load().unwrap();
    let own = p.institutions.iter().find(|i| i.code.as_str() == "010").unwrap();
    assert_eq!(own.name, "F市");

    // The masters of another project instead of the sample's: none of its cases come with them.
    let other = new_sample(dir.path());
    let mut store = Store::open(&other).unwrap();
    let mut more = store.load().unwrap();
    more.insurers[0].name = "別の保険者".into();
    store.replace_all(&more).unwrap();
    drop(store);
    let g = dir.path().join("g.renkei");
    let o = renkei(&["new", g.to_str().unwrap(), "--masters-from", other.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let p = Store::open_read_only(&g).unwrap().load().unwrap();
    assert_eq!(p.insurers[0].name, "別の保険者");
    assert!(p.test_cases.is_empty() && p.role_models.is_empty());

    // An insurer representative's: no masters (its cities' books bring them), and its number is never made an
    // institution.
    let h = dir.path().join("代表保険者.renkei");
    let o = renkei(&["new", h.to_str().unwrap(), "--own", "06130033"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let p = Store::open_read_only(&h).unwrap().load().unwrap();
    assert_eq!(p.own, "06130033");
    assert!(p.institutions.is_empty() && p.insurers.is_empty(), "{:?}", p.institutions);
}

#[test]
fn bad_files_and_arguments_fail_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("t.renkei");
    std::fs::write(&text, "hello").unwrap();
    for args in
        [vec!["info", text.to_str().unwrap()], vec!["simulate", text.to_str().unwrap(), "--all"]]
    {
        let o = renkei(&args);
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains("not a Renkei project"), "{}", stderr(&o));
        assert!(!stderr(&o).contains("panicked"));
    }
    let o = renkei(&["info", "/nonexistent/x.renkei"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no such file"));
    let o = renkei(&["simulate"]);
    assert_eq!(o.status.code(), Some(2));
    let o = renkei(&["frobnicate"]);
    assert_eq!(o.status.code(), Some(2));
    let o = renkei(&["--help"]);
    assert!(o.status.success());
    for cmd in ["new", "info", "simulate", "generate", "open"] {
        assert!(stdout(&o).contains(cmd), "--help lacks {cmd}");
    }
}

#[test]
fn simulate_prints_xml_trace_and_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_sample(dir.path());
    let p = path.to_str().unwrap();
    let o = renkei(&["simulate", p, "--case", "S01-V01-T01"]);
    assert!(o.status.success());
    let xml = stdout(&o);
    let doc = roxmltree::Document::parse(&xml).unwrap();
    assert_eq!(doc.descendants().filter(|n| n.has_tag_name("資格情報")).count(), 1);
    let o = renkei(&["simulate", p, "--case", "S02-V01-T01", "--trace"]);
    let trace = stdout(&o);
    assert!(trace.contains("採用 06130033") && trace.contains("採用 06130041"), "{trace}");
    assert!(trace.contains("期待どおり"));
    let o = renkei(&["simulate", p, "--case", "S01-V01-T01", "--trace", "--lang", "en"]);
    let trace = stdout(&o);
    assert!(trace.contains("taken 06130017") && trace.contains("superseded"), "{trace}");
    let out = dir.path().join("xml");
    let o = renkei(&["simulate", p, "--case", "S02-V01-T01", "--out", out.to_str().unwrap()]);
    assert!(o.status.success());
    for f in ["S02-V01-T01_merged.xml", "S02-V01-T01_06130033.xml", "S02-V01-T01_06130041.xml"] {
        let text = std::fs::read_to_string(out.join(f)).unwrap();
        roxmltree::Document::parse(&text).unwrap();
        common::assert_strict_xml(&text);
        if let Some(parsed) = common::expat_parses(&out.join(f)) {
            assert!(parsed.is_ok(), "{f}: {parsed:?}");
        }
    }
    let o = renkei(&["simulate", p, "--case", "NOPE"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("NOPE"));
}

#[test]
fn simulate_all_table_json_and_mismatch_exit() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_sample(dir.path());
    let p = path.to_str().unwrap();
    let o = renkei(&["simulate", p, "--all"]);
    assert!(o.status.success(), "{}", stdout(&o));
    assert!(stdout(&o).contains("S02-V01-T01\t正常終了\t06130033,06130041"));
    let o = renkei(&["simulate", p, "--all", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let rows = v.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    let keys: Vec<&str> = rows[0].as_object().unwrap().keys().map(|k| k.as_str()).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(
        sorted,
        [
            "expected_outcome",
            "expected_providers",
            "matches",
            "outcome",
            "providers",
            "reason",
            "test_case_id"
        ]
    );
    assert_eq!(rows[1]["providers"], serde_json::json!(["06130033", "06130041"]));
    assert_eq!(rows[0]["reason"], serde_json::Value::Null);
    assert_eq!(rows[0]["matches"], true);

    // Break a case: provider 002 instead of the Fund → エラー, a mismatch, exit 1.
    {
        let mut store = Store::open(&path).unwrap();
        let mut case = store.load().unwrap().test_case_named("S01-V01-T01").unwrap().clone();
        case.provider = "002".into();
        store.apply("edit", |w| w.put(&renkei::store::Entity::TestCase(Box::new(case)))).unwrap();
    }
    let o = renkei(&["simulate", p, "--all", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v[0]["outcome"], "エラー");
    assert_eq!(v[0]["matches"], false);
    assert!(v[0]["reason"].as_str().unwrap().contains("基金"));
    let o = renkei(&["simulate", p, "--case", "S01-V01-T01"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("エラー"));
    assert!(stderr(&o).contains("期待と不一致"));

    // A case that expects nothing is neither matching nor not: `matches` is null, it is counted apart, and it does
    // not fail the run.
    {
        let mut store = Store::open(&path).unwrap();
        let p = store.load().unwrap();
        let mut case = p.test_case_named("S01-V01-T01").unwrap().clone();
        case.provider = "099".into();
        case.expected_outcome = None;
        case.expected_providers.clear();
        store.apply("edit", |w| w.put(&renkei::store::Entity::TestCase(Box::new(case)))).unwrap();
    }
    let o = renkei(&["simulate", p, "--all", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v[0]["matches"], serde_json::Value::Null);
    assert_eq!(v[1]["matches"], true);
    let o = renkei(&["simulate", p, "--all"]);
    assert!(stdout(&o).contains("\t期待なし\n"), "{}", stdout(&o));
    assert!(stdout(&o).contains("2 件中 0 件が期待と不一致、1 件は期待なし"), "{}", stdout(&o));
}

#[test]
fn generate_is_deterministic_and_consistent() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.renkei");
    let b = dir.path().join("b.renkei");
    for f in [&a, &b] {
        let o = renkei(&["generate", f.to_str().unwrap(), "--cases", "300", "--seed", "7"]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let pa = Store::open_read_only(&a).unwrap().load().unwrap();
    let pb = Store::open_read_only(&b).unwrap().load().unwrap();
    assert_eq!(pa, pb);
    assert_eq!(pa.test_cases.len(), 300);
    assert_eq!(pa.insurers.len(), 48 + 1399 + 163 + 47);
    assert!(pa.institutions.len() > 1700);
    for i in &pa.insurers {
        renkei::domain::model::codes::verify_insurer_number(i.number.as_str()).unwrap();
    }
    let kinds: std::collections::HashSet<_> =
        pa.test_cases.iter().map(|c| c.condition_kind).collect();
    assert_eq!(kinds.len(), 3);
    // Expected results come from the rules: every case matches.
    let o = renkei(&["simulate", a.to_str().unwrap(), "--all"]);
    assert!(o.status.success());
    let o = renkei(&[
        "generate",
        dir.path().join("c.renkei").to_str().unwrap(),
        "--cases",
        "300",
        "--seed",
        "8",
    ]);
    assert!(o.status.success());
    let pc = Store::open_read_only(&dir.path().join("c.renkei")).unwrap().load().unwrap();
    assert_ne!(pa.memberships, pc.memberships);
}

#[test]
fn a_lone_file_argument_opens_the_window_on_it_and_anything_else_is_named() {
    use clap::Parser;
    let dir = tempfile::tempdir().unwrap();
    let path = new_sample(dir.path());
    // What a file association passes: the path alone.
    let cli = renkei::cli::Cli::try_parse_from(["renkei", path.to_str().unwrap()]).unwrap();
    let mut opened = None;
    let code = renkei::cli::run(cli, |f| {
        opened = Some(f);
        Ok(())
    });
    assert_eq!(code, std::process::ExitCode::SUCCESS);
    assert_eq!(opened, Some(Some(path.clone())));
    // A Japanese file name, as Windows users have them.
    let jp = dir.path().join("連携テスト 仕様.renkei");
    std::fs::copy(&path, &jp).unwrap();
    let cli = renkei::cli::Cli::try_parse_from(["renkei", jp.to_str().unwrap()]).unwrap();
    let mut opened = None;
    renkei::cli::run(cli, |f| {
        opened = Some(f);
        Ok(())
    });
    assert_eq!(opened, Some(Some(jp)));
    // Neither a subcommand nor a file: a clear error naming what was given, and no window.
    for given in ["simulat", "missing.renkei"] {
        let o = renkei(&[given]);
        assert_eq!(o.status.code(), Some(2));
        let e = stderr(&o);
        assert!(e.contains(given) && e.contains("subcommand") && e.contains("simulate"), "{e}");
    }
    let o = renkei(&[dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not a file"), "{}", stderr(&o));
}

/// The user's copy of the sample lives in the platform's data folder, never beside the committed sample (a
/// newcomer's first edits must not change a tracked file); on Linux that is XDG's data folder.
#[test]
fn the_personal_sample_lives_in_the_platforms_data_folder() {
    let path = renkei::ui::shell::app::user_sample_path();
    assert!(path.is_absolute(), "{}", path.display());
    assert!(path.ends_with("renkei/sample.renkei"), "{}", path.display());
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert!(!path.starts_with(repo), "{}", path.display());
    if cfg!(target_os = "linux") {
        let expected = std::env::var_os("XDG_DATA_HOME")
            .filter(|x| !x.is_empty())
            .map(std::path::PathBuf::from)
            .or_else(|| {
                std::env::var_os("HOME").map(|h| std::path::PathBuf::from(h).join(".local/share"))
            });
        if let Some(base) = expected {
            assert_eq!(path, base.join("renkei").join("sample.renkei"));
        }
    }
}

/// Where two parties use an ID, `check` names a finding's row as the contract names it (`003:S02-V01-T01`), and
/// the JSON says whose row it is.
#[test]
fn check_names_whose_row_a_finding_is_where_two_parties_share_an_id() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("三団体.renkei");
    let mut project = common::three_parties();
    let at = project
        .test_cases
        .iter()
        .position(|c| c.party.as_str() == "003" && c.id.as_str() == "S02-V01-T01")
        .unwrap();
    project.test_cases[at].provider = "002".into();
    renkei::store::transact::create(&path, &project).unwrap();
    let p = path.to_str().unwrap();
    let o = renkei(&["check", p]);
    assert_eq!(o.status.code(), Some(1));
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(
        text.contains("provider-not-fund テストケース 003:S02-V01-T01 [照会先機関コード]"),
        "{text}"
    );
    let o = renkei(&["check", p, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let error = v.as_array().unwrap().iter().find(|f| f["rule"] == "provider-not-fund").unwrap();
    assert_eq!(error["party"], "003");
    assert_eq!(error["key"], "S02-V01-T01");
}
