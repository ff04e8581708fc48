//! The exchange workbook, written by this project and read back by a second reader (calamine): the contract's
//! sheets and headers below a title block, real Excel dates in either style, text that stays text.

use std::process::Command;

use calamine::{Data, Reader, Xlsx, open_workbook};
use renkei::domain::date::{Date, DateStyle};
use renkei::domain::sample::sample_project;
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
    let expected: Vec<String> = ALL_SHEETS
        .iter()
        .map(|s| s.name().to_string())
        .chain([LISTS_SHEET.to_string()])
        .collect();
    assert_eq!(names, expected);
    for kind in ALL_SHEETS {
        let range = book.worksheet_range(kind.name()).unwrap();
        assert_eq!(cell(&range, 0, 0), Data::String(p.name.clone()));
        for (c, (h, _)) in kind.headers().iter().enumerate() {
            assert_eq!(
                cell(&range, HEADER_ROW, c as u32),
                Data::String(h.to_string()),
                "{}",
                kind.name()
            );
        }
    }
    let tc = book.worksheet_range(SheetKind::TestCases.name()).unwrap();
    assert_eq!(
        cell(&tc, HEADER_ROW + 1, 4),
        Data::String("S01-V01-T01".into())
    );
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
    archive
        .by_name("xl/styles.xml")
        .unwrap()
        .read_to_string(&mut s)
        .unwrap();
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
    assert_eq!(
        cell(&rm, HEADER_ROW + 1, 2),
        Data::String("=HYPERLINK(\"http://x\")".into())
    );
    assert_eq!(cell(&rm, HEADER_ROW + 2, 2), Data::String("+1".into()));
    let formulas = book
        .worksheet_formula(SheetKind::RoleModels.name())
        .unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "a formula was written"
    );
    let tc = book.worksheet_range(SheetKind::TestCases.name()).unwrap();
    assert_eq!(cell(&tc, HEADER_ROW + 1, 22), Data::String("-2".into()));
    assert_eq!(
        cell(&tc, HEADER_ROW + 2, 22),
        Data::String("@SUM(A1)".into())
    );
}

#[test]
fn export_command_writes_chosen_sheets() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("x.renkei");
    let book = dir.path().join("x.xlsx");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_renkei"))
            .args(args)
            .output()
            .unwrap()
    };
    assert!(
        run(&["new", project.to_str().unwrap(), "--sample"])
            .status
            .success()
    );
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
    assert_eq!(
        wb.sheet_names(),
        ["テストケース一覧", "ロールモデル", LISTS_SHEET]
    );
    let o = run(&[
        "export",
        project.to_str().unwrap(),
        book.to_str().unwrap(),
        "--sheets",
        "なにか",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("unknown sheet"));
}

/// One row built alone (what the window redraws after an edit) is that row of the whole sheet, for every sheet but
/// the code sheet, on the sample and a generated project (several scenarios, names on their first rows only).
#[test]
fn a_row_built_alone_is_that_row_of_its_sheet() {
    use renkei::domain::generate::{GenerateOptions, generate};
    use renkei::exchange::write::{sheet_row, sheet_rows};
    let generated = generate(&GenerateOptions {
        cases: 500,
        seed: 3,
        memberships_per_person: None,
    });
    for p in [renkei::domain::sample::sample_project(), generated] {
        for kind in ALL_SHEETS.into_iter().filter(|k| *k != SheetKind::Codes) {
            let all = sheet_rows(kind, &p);
            assert!(!all.is_empty(), "{kind:?}");
            for (i, row) in all.iter().enumerate() {
                assert_eq!(
                    sheet_row(kind, &p, i).as_ref(),
                    Some(row),
                    "{kind:?} row {i}"
                );
            }
            assert_eq!(sheet_row(kind, &p, all.len()), None);
        }
        assert_eq!(sheet_row(SheetKind::Codes, &p, 0), None);
    }
}

/// The code sheet's keys (what the window and the check view find its rows by) are in its rows' order.
#[test]
fn the_code_sheets_keys_follow_its_rows() {
    use renkei::exchange::write::{code_sheet_keys, sheet_rows};
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
        assert_eq!(row[0], renkei::exchange::write::Cell::Text(kind.into()));
        assert_eq!(
            row[1],
            renkei::exchange::write::Cell::Text(code.to_string())
        );
    }
}
