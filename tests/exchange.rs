//! The exchange workbook, written by this project and read back by a second reader (calamine): the contract's
//! sheets and headers below a title block, real Excel dates in either style, text that stays text.

mod common;

use std::process::Command;

use calamine::{Data, Reader, Xlsx, open_workbook};
use renkei::domain::date::{Date, DateStyle};
use renkei::domain::samples::sample::sample_project;
use renkei::exchange::sheets::{ALL_SHEETS, SheetKind};
use renkei::exchange::write::{ExportOptions, HEADER_ROW, LISTS_SHEET, write_workbook};

fn export(
    p: &renkei::domain::model::Project,
    style: DateStyle,
) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.xlsx");
    let options = ExportOptions {
        sheets: ALL_SHEETS.to_vec(),
        date_style: style,
        today: Date::ymd(2026, 11, 24),
        agreement: true,
        without_my_number: false,
    };
    assert!(write_workbook(p, &path, &options, |_, _| true).unwrap());
    (dir, path)
}

fn cell(range: &calamine::Range<Data>, row: u32, col: u32) -> Data {
    range.get_value((row, col)).cloned().unwrap_or(Data::Empty)
}

#[test]
fn every_sheet_with_title_block_and_headers() {
    let p = sample_project();
    let (_dir, path) = export(&p, DateStyle::Iso);
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let names = book.sheet_names();
    let expected: Vec<String> =
        ALL_SHEETS.iter().map(|s| s.name().to_string()).chain([LISTS_SHEET.to_string()]).collect();
    assert_eq!(names, expected);
    for kind in ALL_SHEETS {
        let range = book.worksheet_range(kind.name()).unwrap();
        assert_eq!(cell(&range, 0, 0), Data::String(p.name.clone()));
        // The 団体 column is a whole book's of several parties: the sample is one party's.
        let headers = kind.headers().iter().filter(|(h, _)| *h != "団体");
        for (c, (h, _)) in headers.enumerate() {
            assert_eq!(
                cell(&range, HEADER_ROW, c as u32),
                Data::String(h.to_string()),
                "{}",
                kind.name()
            );
        }
    }
    let tc = book.worksheet_range(SheetKind::TestCases.name()).unwrap();
    assert_eq!(cell(&tc, HEADER_ROW + 1, 4), Data::String("S01-V01-T01".into()));
    // Codes stay text with their leading zeros.
    assert_eq!(cell(&tc, HEADER_ROW + 1, 7), Data::String("002".into()));
    assert_eq!(
        cell(&tc, HEADER_ROW + 2, 14),
        Data::String(
            "TK01,TK02,TK03,TK04,TK05,TK06,TK07,TK08,TK09,TK10,TK11,TK12,TK13,TK14,TK15".into()
        )
    );
    // 照会日: a real Excel date.
    match cell(&tc, HEADER_ROW + 1, 6) {
        Data::DateTime(dt) => assert_eq!(dt.as_f64(), Date::ymd(2018, 7, 27).to_excel_serial()),
        other => panic!("照会日 is not a date: {other:?}"),
    }
    let ms = book.worksheet_range(SheetKind::Memberships.name()).unwrap();
    assert_eq!(ms.height() as u32, HEADER_ROW + 1 + 5);
    let bs = book.worksheet_range(SheetKind::Benefits.name()).unwrap();
    assert_eq!(cell(&bs, HEADER_ROW + 1, 4), Data::Float(150000.0));
}

#[test]
fn wareki_dates_are_real_dates_with_an_era_format() {
    let (_dir, path) = export(&sample_project(), DateStyle::Wareki);
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let tc = book.worksheet_range(SheetKind::TestCases.name()).unwrap();
    assert!(matches!(cell(&tc, HEADER_ROW + 1, 6), Data::DateTime(_)));
    // The number format is in the styles part.
    let styles = styles_part(&path);
    assert!(styles.contains("ggge"), "era number format missing");
}

/// The package's styles part (calamine does not expose number formats).
fn styles_part(path: &std::path::Path) -> String {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    archive.by_name("xl/styles.xml").unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn formula_like_text_stays_text() {
    let mut p = sample_project();
    p.role_models[0].name = "=HYPERLINK(\"http://x\")".into();
    p.role_models[1].name = "+1".into();
    p.test_cases[0].remarks = "-2".into();
    p.test_cases[1].remarks = "@SUM(A1)".into();
    let (_dir, path) = export(&p, DateStyle::Iso);
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let rm = book.worksheet_range(SheetKind::RoleModels.name()).unwrap();
    assert_eq!(cell(&rm, HEADER_ROW + 1, 2), Data::String("=HYPERLINK(\"http://x\")".into()));
    assert_eq!(cell(&rm, HEADER_ROW + 2, 2), Data::String("+1".into()));
    let formulas = book.worksheet_formula(SheetKind::RoleModels.name()).unwrap();
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()), "a formula was written");
    let tc = book.worksheet_range(SheetKind::TestCases.name()).unwrap();
    assert_eq!(cell(&tc, HEADER_ROW + 1, 22), Data::String("-2".into()));
    assert_eq!(cell(&tc, HEADER_ROW + 2, 22), Data::String("@SUM(A1)".into()));
}

#[test]
fn export_command_writes_chosen_sheets() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("x.renkei");
    let book = dir.path().join("x.xlsx");
    let run =
        |args: &[&str]| Command::new(env!("CARGO_BIN_EXE_renkei")).args(args).output().unwrap();
    assert!(run(&["new", project.to_str().unwrap(), "--sample"]).status.success());
    let o = run(&[
        "export",
        project.to_str().unwrap(),
        book.to_str().unwrap(),
        "--sheets",
        "テストケース一覧,ロールモデル",
        "--date-style",
        "wareki",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let wb: Xlsx<_> = open_workbook(&book).unwrap();
    assert_eq!(wb.sheet_names(), ["テストケース一覧", "ロールモデル", LISTS_SHEET]);
    let o =
        run(&["export", project.to_str().unwrap(), book.to_str().unwrap(), "--sheets", "なにか"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("unknown sheet"));
}

/// One row built alone (what the window redraws after an edit) is that row of the whole sheet, for every sheet but
/// the code sheet, on the sample and a generated project (several scenarios, names on their first rows only).
#[test]
fn a_row_built_alone_is_that_row_of_its_sheet() {
    use renkei::domain::samples::generate::{GenerateOptions, generate};
    use renkei::exchange::sheet_rows::{sheet_row, sheet_rows};
    let generated = generate(&GenerateOptions {
        cases: 500,
        seed: 3,
        memberships_per_person: None,
        parties: 1,
    });
    for mut p in [renkei::domain::samples::sample::sample_project(), generated] {
        // Findings on the first test cases, so that 指摘一覧 has rows too.
        let cases: Vec<_> = p.test_cases.iter().take(2).cloned().collect();
        for c in cases {
            let id = renkei::domain::coordination::finding::next_finding_id(&p, "06130017");
            p.findings.push(renkei::domain::model::Finding {
                id,
                party: c.party.clone(),
                raised_by: "06130017".into(),
                raised_on: Date::ymd(2026, 11, 30),
                target: renkei::domain::model::kinds::EntityKind::TestCase,
                key: c.id.to_string(),
                field: "想定結果".into(),
                severity: renkei::domain::model::kinds::Severity::Warning,
                rule: String::new(),
                message: "想定結果が副本と合いません".into(),
                suggestion: String::new(),
                state: renkei::domain::model::kinds::FindingState::Open,
                reply: String::new(),
                replied_by: String::new(),
                replied_on: None,
            });
        }
        assert!(!p.findings.is_empty());
        for kind in ALL_SHEETS.into_iter().filter(|k| *k != SheetKind::Codes) {
            let all = sheet_rows(kind, &p);
            assert!(!all.is_empty(), "{kind:?}");
            for (i, row) in all.iter().enumerate() {
                assert_eq!(sheet_row(kind, &p, i).as_ref(), Some(row), "{kind:?} row {i}");
            }
            assert_eq!(sheet_row(kind, &p, all.len()), None);
        }
        assert_eq!(sheet_row(SheetKind::Codes, &p, 0), None);
    }
}

/// The code sheet's keys (what the window and the check view find its rows by) are in its rows' order.
#[test]
fn the_code_sheets_keys_follow_its_rows() {
    use renkei::exchange::sheet_rows::{code_sheet_keys, sheet_rows};
    use renkei::store::rows::EntityKey;
    let p = sample_project();
    let rows = sheet_rows(SheetKind::Codes, &p);
    let keys: Vec<(EntityKey, &str)> = code_sheet_keys(&p).collect();
    assert_eq!(keys.len(), rows.len());
    for ((key, code), row) in keys.iter().zip(&rows) {
        let kind = match key {
            EntityKey::Affair(_) => "事務",
            EntityKey::Procedure(_) => "事務手続",
            EntityKey::InfoKind(_) => "特定個人情報名",
            EntityKey::InfoItem(_) => "項目",
            other => panic!("not a code: {other:?}"),
        };
        assert_eq!(row[0], renkei::exchange::sheet_rows::Cell::Text(kind.into()));
        assert_eq!(row[1], renkei::exchange::sheet_rows::Cell::Text(code.to_string()));
    }
}

/// Every data validation of a sheet part: (the column it covers, its type, formula1, formula2).
fn validations_of(xml: &str) -> Vec<(String, String, String, Option<String>)> {
    let doc = roxmltree::Document::parse(xml).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("dataValidation"))
        .map(|n| {
            let sqref = n.attribute("sqref").unwrap();
            let column: String = sqref.chars().take_while(|c| c.is_ascii_uppercase()).collect();
            let formula = |name: &str| {
                n.children()
                    .find(|c| c.has_tag_name(name))
                    .and_then(|c| c.text())
                    .map(str::to_string)
            };
            (
                column,
                n.attribute("type").unwrap_or("").to_string(),
                formula("formula1").unwrap_or_default(),
                formula("formula2"),
            )
        })
        .collect()
}

/// The values a list formula (`'_リスト'!$C$1:$C$3`) names on the lists sheet, read back by calamine.
fn list_values(lists: &calamine::Range<Data>, formula: &str) -> Vec<String> {
    let range = formula.split('!').nth(1).unwrap().replace('$', "");
    let (a, b) = range.split_once(':').unwrap();
    let pos = |r: &str| {
        let letters: String = r.chars().take_while(|c| c.is_ascii_uppercase()).collect();
        let col = letters.bytes().fold(0u32, |n, b| n * 26 + u32::from(b - b'A') + 1) - 1;
        let row: u32 = r[letters.len()..].parse().unwrap();
        (row - 1, col)
    };
    let ((r0, c0), (r1, c1)) = (pos(a), pos(b));
    assert_eq!(c0, c1, "one column");
    (r0..=r1)
        .map(|r| match lists.get_value((r, c0)) {
            Some(Data::String(s)) => s.clone(),
            other => panic!("{other:?} at {r},{c0}"),
        })
        .collect()
}

fn expected_lists(
    p: &renkei::domain::model::Project,
) -> Vec<(SheetKind, &'static str, Vec<String>)> {
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let institutions: Vec<String> = p.institutions.iter().map(|x| x.code.to_string()).collect();
    let insurers: Vec<String> = p.insurers.iter().map(|x| x.number.to_string()).collect();
    vec![
        (SheetKind::TestCases, "情報照会者機関コード", institutions.clone()),
        (SheetKind::TestCases, "照会先機関コード", institutions),
        (
            SheetKind::TestCases,
            "事務コード",
            p.affairs.iter().map(|x| x.code.to_string()).collect(),
        ),
        (
            SheetKind::TestCases,
            "事務手続コード",
            p.procedures.iter().map(|x| x.code.to_string()).collect(),
        ),
        (
            SheetKind::TestCases,
            "特定個人情報名コード",
            p.info_kinds.iter().map(|x| x.code.to_string()).collect(),
        ),
        (SheetKind::TestCases, "照会条件", s(&["既定", "時点指定", "範囲指定"])),
        (SheetKind::TestCases, "期待する処理結果", s(&["正常終了", "該当なし", "エラー"])),
        (
            SheetKind::TestCases,
            "確認状態",
            s(&["未確認", "提供可", "要修正", "合意", "再確認待ち"]),
        ),
        (SheetKind::RoleModels, "性別", s(&["男", "女"])),
        (SheetKind::Memberships, "保険者番号", insurers.clone()),
        (SheetKind::Benefits, "保険者番号", insurers),
        (
            SheetKind::Insurers,
            "制度",
            s(&["協会けんぽ", "健保組合", "国保組合", "後期高齢者医療広域連合"]),
        ),
        (SheetKind::Insurers, "代表団体", s(&["○"])),
        (SheetKind::Institutions, "種別", s(&["地方公共団体", "基金", "その他"])),
        (SheetKind::Institutions, "代表団体", s(&["○"])),
        (SheetKind::Codes, "種別", s(&["事務", "事務手続", "特定個人情報名", "項目"])),
        (
            SheetKind::Findings,
            "対象シート",
            s(&[
                "テストケース一覧",
                "ロールモデル",
                "加入歴",
                "給付情報",
                "保険者",
                "機関",
                "コード",
            ]),
        ),
        (SheetKind::Findings, "重大度", s(&["エラー", "警告", "情報"])),
        (SheetKind::Findings, "状態", s(&["未対応", "対応済", "対応不要", "取下げ"])),
    ]
}

#[test]
fn every_drop_down_lists_exactly_the_masters_and_the_fixed_lists() {
    use renkei::domain::samples::generate::{GenerateOptions, generate};
    let generated =
        generate(&GenerateOptions { cases: 40, seed: 3, memberships_per_person: None, parties: 1 });
    for p in [sample_project(), generated] {
        let (_dir, path) = export(&p, DateStyle::Iso);
        let mut book: Xlsx<_> = open_workbook(&path).unwrap();
        let lists = book.worksheet_range(LISTS_SHEET).unwrap();
        let parts = common::sheet_parts(&path);
        let expected = expected_lists(&p);
        for kind in ALL_SHEETS {
            let (_, xml) = parts.iter().find(|(n, _)| n == kind.name()).unwrap();
            let found = validations_of(xml);
            let column = |header: &str| {
                let i = kind.headers().iter().position(|(h, _)| *h == header).unwrap();
                renkei::exchange::sheets::column_letters(i as u32)
            };
            let mut lists_here = 0;
            for (k, header, values) in expected.iter().filter(|(k, _, _)| *k == kind) {
                let (_, ty, formula, _) = found
                    .iter()
                    .find(|(c, _, _, _)| *c == column(header))
                    .unwrap_or_else(|| panic!("no drop-down on {}!{header}", k.name()));
                assert_eq!(ty, "list", "{header}");
                assert_eq!(&list_values(&lists, formula), values, "{}!{header}", k.name());
                lists_here += 1;
            }
            // Whole numbers where the contract gives a range.
            for (header, lo, hi) in [("ロット", "1", "3"), ("テストグループ", "1", "8")] {
                if let Some(i) = kind.headers().iter().position(|(h, _)| *h == header) {
                    let letters = renkei::exchange::sheets::column_letters(i as u32);
                    let v = found.iter().find(|(c, _, _, _)| *c == letters).unwrap();
                    assert_eq!(
                        (v.1.as_str(), v.2.as_str(), v.3.as_deref()),
                        ("whole", lo, Some(hi))
                    );
                    lists_here += 1;
                }
            }
            // Nothing else is validated: a master's own key column takes new codes.
            assert_eq!(found.len(), lists_here, "{}: {found:?}", kind.name());
        }
    }
}

#[test]
fn openpyxl_sees_the_same_drop_downs() {
    let probe = Command::new("python3").args(["-c", "import openpyxl"]).output();
    if !probe.is_ok_and(|o| o.status.success()) {
        eprintln!("skipped: python3 with openpyxl is not on this machine");
        return;
    }
    let p = sample_project();
    let (dir, path) = export(&p, DateStyle::Iso);
    let script = r#"
import json, sys, openpyxl
from openpyxl.utils import range_boundaries
wb = openpyxl.load_workbook(sys.argv[1])
lists = wb["_リスト"]
out = {}
for ws in wb.worksheets:
    for dv in ws.data_validations.dataValidation:
        if dv.type != "list":
            continue
        ref = dv.formula1.lstrip("=").split("!")[1].replace("$", "")
        c0, r0, c1, r1 = range_boundaries(ref)
        values = [lists.cell(row=r, column=c0).value for r in range(r0, r1 + 1)]
        header = ws.cell(row=4, column=range_boundaries(str(dv.sqref).split()[0])[0]).value
        out[ws.title + "!" + header] = values
print(json.dumps(out, ensure_ascii=False))
"#;
    let script_path = dir.path().join("dv.py");
    std::fs::write(&script_path, script).unwrap();
    let o = Command::new("python3").arg(&script_path).arg(&path).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let seen: std::collections::BTreeMap<String, Vec<String>> =
        serde_json::from_slice(&o.stdout).unwrap();
    let expected: std::collections::BTreeMap<String, Vec<String>> =
        expected_lists(&p).into_iter().map(|(k, h, v)| (format!("{}!{h}", k.name()), v)).collect();
    assert_eq!(seen, expected);
}

#[test]
fn export_prints_no_library_warning() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p.renkei");
    let run =
        |args: &[&str]| Command::new(env!("CARGO_BIN_EXE_renkei")).args(args).output().unwrap();
    assert!(run(&["new", project.to_str().unwrap(), "--sample"]).status.success());
    for style in ["iso", "wareki"] {
        let out = dir.path().join(format!("{style}.xlsx"));
        let o = run(&[
            "export",
            project.to_str().unwrap(),
            out.to_str().unwrap(),
            "--date-style",
            style,
        ]);
        assert!(o.status.success());
        assert_eq!(String::from_utf8_lossy(&o.stderr), "", "stderr of export --date-style {style}");
    }
}

#[test]
fn dates_on_both_sides_of_1900_round_trip_in_both_styles() {
    use renkei::exchange::import::{ImportOptions, propose};
    let d = Date::ymd;
    let mut p = sample_project();
    let early = [
        (d(1873, 1, 1), "1873-01-01", "明治6年1月1日"),
        (d(1899, 12, 31), "1899-12-31", "明治32年12月31日"),
        (d(1900, 1, 1), "1900-01-01", "明治33年1月1日"),
        (d(1900, 2, 28), "1900-02-28", "明治33年2月28日"),
    ];
    let late = [d(1900, 3, 1), d(1912, 7, 30), d(1989, 1, 8)];
    // Birth dates of one person each, memberships acquired on them.
    for (i, day) in early.iter().map(|x| x.0).chain(late).enumerate() {
        let mut r = p.role_models[0].clone();
        r.id = format!("RM-OLD{i}").into();
        r.person_code = format!("POLD{i}").into();
        r.birth_date = Some(day);
        p.role_models.push(r);
    }
    p.memberships[0].acquired_on = d(1899, 12, 31);
    p.memberships[0].registered_at = renkei::domain::date::DateTime::new(d(1899, 12, 31), 9, 1, 0);
    for style in [DateStyle::Iso, DateStyle::Wareki] {
        let (_dir, path) = export(&p, style);
        // Dates Excel and LibreOffice show alike are real dates; earlier ones are text in the style.
        let mut book: Xlsx<_> = open_workbook(&path).unwrap();
        let rm = book.worksheet_range(SheetKind::RoleModels.name()).unwrap();
        let birth = |i: usize| cell(&rm, HEADER_ROW + 1 + (2 + i) as u32, 4);
        for (i, (_, iso, era)) in early.iter().enumerate() {
            let text = if style == DateStyle::Iso { iso } else { era };
            assert_eq!(birth(i), Data::String(text.to_string()), "{style:?} {iso}");
        }
        for (i, day) in late.iter().enumerate() {
            match birth(early.len() + i) {
                Data::DateTime(x) => assert_eq!(Date::from_excel_serial(x.as_f64()), Some(*day)),
                other => panic!("{day}: {other:?}"),
            }
        }
        // And the import reads the book back to the same project.
        let back = propose(&path, &p, ImportOptions::default(), &mut |_, _| true).unwrap();
        assert!(!back.has_errors(), "{:#?}", back.problems);
        assert!(
            back.change.is_empty(),
            "{style:?}: {:#?}",
            back.change.lines(renkei::domain::model::message::Lang::En)
        );
    }
}

#[test]
fn era_dates_use_a_format_libreoffice_reads_too_with_gannen() {
    let (_dir, path) = export(&sample_project(), DateStyle::Wareki);
    let styles = styles_part(&path);
    // Excel's `[$-ja-JP-x-gannen]` tag is not read by LibreOffice; `[$-411]` with `ggge` is read by both.
    assert!(!styles.contains("x-gannen"), "{styles}");
    assert!(styles.contains("[$-411]ggge"), "{styles}");
    // 元年 by a condition on the serial: 2019-05-01 (43586) to 2019-12-31.
    assert!(styles.contains("[&lt;43586][$-411]ggge"), "{styles}");
    assert!(styles.contains("[&lt;43831][$-411]ggg&quot;元年&quot;"), "{styles}");
}

#[test]
fn every_sheet_prints_landscape_one_page_wide_with_its_header_row_and_footer() {
    let (_dir, path) = export(&sample_project(), DateStyle::Iso);
    let parts = common::sheet_parts(&path);
    let names = common::defined_names(&path);
    for (i, kind) in ALL_SHEETS.iter().enumerate() {
        let (name, xml) = &parts[i];
        assert_eq!(name, kind.name());
        let doc = roxmltree::Document::parse(xml).unwrap();
        let find = |tag: &str| doc.descendants().find(|n| n.has_tag_name(tag));
        assert!(find("pageSetUpPr").and_then(|n| n.attribute("fitToPage")) == Some("1"), "{name}");
        let setup = find("pageSetup").unwrap();
        assert_eq!(setup.attribute("orientation"), Some("landscape"), "{name}");
        assert_eq!(setup.attribute("fitToHeight"), Some("0"), "{name}");
        assert_eq!(setup.attribute("paperSize"), Some("9"), "{name}");
        let footer = find("oddFooter").and_then(|n| n.text()).unwrap_or("");
        assert!(footer.contains("&A") && footer.contains("&P"), "{name}: {footer}");
        let titles = names
            .iter()
            .find(|(n, at, _)| n == "_xlnm.Print_Titles" && *at == Some(i))
            .unwrap_or_else(|| panic!("{name}: {names:?}"));
        assert!(titles.2.ends_with("!$4:$4"), "{name}: {}", titles.2);
    }
    // The lists sheet is hidden (hidden sheets are not printed).
    let workbook = {
        use std::io::Read;
        let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
        let mut s = String::new();
        zip.by_name("xl/workbook.xml").unwrap().read_to_string(&mut s).unwrap();
        s
    };
    let doc = roxmltree::Document::parse(&workbook).unwrap();
    let lists = doc
        .descendants()
        .find(|n| n.has_tag_name("sheet") && n.attribute("name") == Some(LISTS_SHEET))
        .unwrap();
    assert_eq!(lists.attribute("state"), Some("hidden"));
}

#[test]
fn libreoffice_shows_era_dates_and_prints_the_test_cases_on_one_page() {
    let soffice = ["soffice", "libreoffice"]
        .into_iter()
        .find(|c| Command::new(c).arg("--version").output().is_ok_and(|o| o.status.success()));
    let Some(soffice) = soffice else {
        eprintln!("skipped: LibreOffice (soffice) is not on this machine");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let options = ExportOptions {
        sheets: vec![SheetKind::TestCases],
        date_style: DateStyle::Wareki,
        today: Date::ymd(2026, 11, 24),
        agreement: true,
        without_my_number: false,
    };
    let book = dir.path().join("wareki.xlsx");
    assert!(write_workbook(&sample_project(), &book, &options, |_, _| true).unwrap());
    let profile = format!("-env:UserInstallation=file://{}/lo-profile", dir.path().display());
    let convert = |to: &str| {
        let o = Command::new(soffice)
            .args([profile.as_str(), "--headless", "--convert-to", to, "--outdir"])
            .arg(dir.path())
            .arg(&book)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    // The cells as LibreOffice shows them, written out as UTF-8 text.
    convert("csv:Text - txt - csv (StarCalc):44,34,76,1");
    let csv = std::fs::read_to_string(dir.path().join("wareki.csv")).unwrap();
    for shown in ["平成30年7月27日", "令和元年7月27日", "平成29年4月1日"] {
        assert!(csv.contains(shown), "{shown} in {csv}");
    }
    assert!(!csv.contains("43308"), "a bare serial: {csv}");
    convert("pdf");
    let pdf = std::fs::read(dir.path().join("wareki.pdf")).unwrap();
    // Page objects: `/Type /Page` (with or without the space), not `/Type /Pages`.
    let pages = (0..pdf.len())
        .filter(|&i| pdf[i..].starts_with(b"/Type"))
        .filter(|&i| {
            let rest = &pdf[i + 5..];
            let rest = &rest[rest.iter().take_while(|b| **b == b' ').count()..];
            rest.starts_with(b"/Page") && rest.get(5) != Some(&b's')
        })
        .count();
    assert_eq!(pages, 1, "テストケース一覧 of two rows on one page");
}

/// Every part of a book but its dates of writing (docProps), by name.
fn book_parts(book: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(book).unwrap()).unwrap();
    let mut names: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok())
        .filter(|n| !n.starts_with("docProps/"))
        .map(|n| n.into_owned())
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|n| {
            let mut bytes = Vec::new();
            zip.by_name(&n).unwrap().read_to_end(&mut bytes).unwrap();
            (n, bytes)
        })
        .collect()
}

/// A book of some sheets written from the lists they need (what `export --sheets` reads) is the book written
/// from the whole project, byte for byte, for every sheet alone and for 指摘一覧 beside each, with findings on
/// rows of every sheet and IDs two parties share.
#[test]
fn a_book_of_some_sheets_from_the_lists_they_need_is_the_book_from_the_whole_project() {
    use renkei::domain::coordination::finding::next_finding_id;
    use renkei::domain::model::Finding;
    use renkei::domain::model::kinds::{EntityKind, FindingState, Severity};
    use renkei::domain::samples::generate::{GenerateOptions, generate};
    use renkei::exchange::write::lists_needed;
    let mut p = generate(&GenerateOptions {
        cases: 300,
        seed: 5,
        memberships_per_person: None,
        parties: 2,
    });
    let targets: Vec<(EntityKind, String, renkei::domain::model::InstitutionCode)> = [
        (EntityKind::TestCase, p.test_cases[3].id.to_string(), p.test_cases[3].party.clone()),
        (EntityKind::Scenario, p.scenarios[1].id.to_string(), p.scenarios[1].party.clone()),
        (EntityKind::RoleModel, p.role_models[2].id.to_string(), p.role_models[2].party.clone()),
        (EntityKind::Membership, p.memberships[5].key(), p.memberships[5].party.clone()),
        (EntityKind::Benefit, p.benefits[0].key(), p.benefits[0].party.clone()),
        (EntityKind::Insurer, p.insurers[1].number.to_string(), Default::default()),
    ]
    .into_iter()
    .collect();
    for (target, key, party) in targets {
        let id = next_finding_id(&p, "06130017");
        p.findings.push(Finding {
            id,
            party,
            raised_by: "06130017".into(),
            raised_on: Date::ymd(2026, 11, 30),
            target,
            key,
            field: String::new(),
            severity: Severity::Warning,
            rule: String::new(),
            message: "確認してください".into(),
            suggestion: String::new(),
            state: FindingState::Open,
            reply: String::new(),
            replied_by: String::new(),
            replied_on: None,
        });
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("一部.renkei");
    let mut store = renkei::store::Store::create(&file, "一部").unwrap();
    store.replace_all(&p).unwrap();
    let whole = store.load().unwrap();
    // The names need the party rows: two parties use the same IDs here.
    let names = renkei::domain::model::names::Ambiguity::of(&whole);
    assert!(
        whole.test_cases.iter().any(|c| names.is_ambiguous(EntityKind::TestCase, c.id.as_str()))
    );
    let mut choices: Vec<Vec<SheetKind>> = ALL_SHEETS.iter().map(|k| vec![*k]).collect();
    choices.extend(
        ALL_SHEETS
            .iter()
            .filter(|k| **k != SheetKind::Findings)
            .map(|k| vec![*k, SheetKind::Findings]),
    );
    for sheets in choices {
        let options = ExportOptions {
            sheets: sheets.clone(),
            date_style: DateStyle::Wareki,
            today: Date::ymd(2026, 12, 6),
            agreement: true,
            without_my_number: false,
        };
        let part = store.load_only(&lists_needed(&sheets)).unwrap();
        let (a, b) = (dir.path().join("a.xlsx"), dir.path().join("b.xlsx"));
        write_workbook(&part, &a, &options, |_, _| true).unwrap();
        write_workbook(&whole, &b, &options, |_, _| true).unwrap();
        assert!(book_parts(&a) == book_parts(&b), "{sheets:?}");
    }
    // What is not needed is not read.
    let part = store.load_only(&lists_needed(&[SheetKind::Memberships])).unwrap();
    assert_eq!(part.memberships, whole.memberships);
    assert!(part.test_cases.is_empty() && part.role_models.is_empty() && part.benefits.is_empty());
    assert_eq!(part.findings, whole.findings);
    assert_eq!(part.insurers, whole.insurers);
}
