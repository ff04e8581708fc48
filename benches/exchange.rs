//! Export and import of a generated project of 100,000 test cases with their role models, against the floor:
//! the same cells written by rust_xlsxwriter alone, and read by calamine alone.

use std::path::Path;

use calamine::{Reader, Xlsx, open_workbook};
use criterion::{Criterion, criterion_group, criterion_main};
use renkei::domain::date::{Date, DateStyle};
use renkei::domain::model::Project;
use renkei::domain::samples::generate::{GenerateOptions, generate};
use renkei::exchange::import::{ImportOptions, propose};
use renkei::exchange::sheet_rows::{Cell, sheet_rows};
use renkei::exchange::sheets::SheetKind;
use renkei::exchange::write::{ExportOptions, write_workbook};

const SHEETS: [SheetKind; 2] = [SheetKind::TestCases, SheetKind::RoleModels];

/// rust_xlsxwriter alone: the same header and cells, no formats, lists or widths.
fn floor_write(rows: &[(SheetKind, Vec<Vec<Cell>>)], path: &Path) {
    let mut book = rust_xlsxwriter::Workbook::new();
    for (kind, rows) in rows {
        let ws = book.add_worksheet();
        ws.set_name(kind.name()).unwrap();
        for (c, (h, _)) in kind.headers().iter().enumerate() {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32 + 1, c as u16);
                match cell {
                    Cell::Text(s) => {
                        ws.write_string(r, c, s).unwrap();
                    }
                    Cell::Date(d) => {
                        ws.write_number(r, c, d.to_excel_serial()).unwrap();
                    }
                    Cell::DateTime(d) => {
                        ws.write_number(r, c, d.to_excel_serial()).unwrap();
                    }
                    Cell::Number(x) => {
                        ws.write_number(r, c, *x).unwrap();
                    }
                    Cell::Empty => {}
                }
            }
        }
    }
    book.save(path).unwrap();
}

/// calamine alone: every cell of every sheet touched.
fn floor_read(path: &Path) -> usize {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let mut n = 0;
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        n += range.used_cells().count();
    }
    n
}

fn exchange(c: &mut Criterion) {
    let project = generate(&GenerateOptions {
        cases: 100_000,
        seed: 1,
        memberships_per_person: Some(3),
        parties: 1,
    });
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("export.xlsx");
    let options = ExportOptions {
        sheets: SHEETS.to_vec(),
        date_style: DateStyle::Iso,
        today: Date::ymd(2026, 11, 24),
        agreement: true,
        without_my_number: false,
    };
    // What the import adds to: the project without its test cases and role models.
    let base = Project {
        test_cases: Vec::new(),
        role_models: Vec::new(),
        scenarios: Vec::new(),
        variations: Vec::new(),
        memberships: Vec::new(),
        benefits: Vec::new(),
        ..project.clone()
    };
    let rows: Vec<(SheetKind, Vec<Vec<Cell>>)> =
        SHEETS.iter().map(|k| (*k, sheet_rows(*k, &project))).collect();
    let mut group = c.benchmark_group("exchange_100k");
    group.sample_size(10);
    group.bench_function("export", |b| {
        b.iter(|| write_workbook(&project, &book, &options, |_, _| true).unwrap())
    });
    let floor_book = dir.path().join("floor.xlsx");
    group.bench_function("floor_rust_xlsxwriter", |b| b.iter(|| floor_write(&rows, &floor_book)));
    // The book the import reads, written here when the export bench was filtered out (`-- exchange_100k/import`).
    if !book.exists() {
        write_workbook(&project, &book, &options, |_, _| true).unwrap();
    }
    group.bench_function("import", |b| {
        b.iter(|| {
            let p = propose(&book, &base, ImportOptions::default(), &mut |_, _| true).unwrap();
            assert!(!p.has_errors());
            p.change.entries.len()
        })
    });
    group.bench_function("floor_calamine", |b| b.iter(|| floor_read(&book)));
    group.finish();
}

criterion_group!(benches, exchange);
criterion_main!(benches);
