//! The floors of the whole-command measurements (`benches/national.sh`): what the libraries alone take on the same
//! data, on the same machine.
//!
//! - `floors read BOOK`: calamine reading every sheet of the book into its ranges (what an import cannot go below).
//! - `floors write BOOK OUT`: the cells of every sheet of BOOK (read first, not timed) written again by
//!   rust_xlsxwriter in the mode the export uses (low memory), strings as strings and numbers as numbers (what an
//!   export cannot go below; the export also writes styles, drop-downs and notes).
//!
//! Each prints the seconds of the part it measures and the number of cells.

use calamine::{Data, Reader, Xlsx, open_workbook};

fn read(book: &str) -> (std::time::Duration, usize) {
    let started = std::time::Instant::now();
    let mut wb: Xlsx<_> = open_workbook(book).expect("a book");
    let mut cells = 0;
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).expect("a sheet");
        cells += range.used_cells().count();
    }
    (started.elapsed(), cells)
}

fn write(book: &str, out: &str) -> (std::time::Duration, usize) {
    let mut wb: Xlsx<_> = open_workbook(book).expect("a book");
    let sheets: Vec<(String, calamine::Range<Data>)> = wb
        .sheet_names()
        .into_iter()
        .map(|n| {
            let r = wb.worksheet_range(&n).expect("a sheet");
            (n, r)
        })
        .collect();
    let started = std::time::Instant::now();
    let mut x = rust_xlsxwriter::Workbook::new();
    let mut cells = 0;
    for (name, range) in &sheets {
        // The same mode the export writes its sheets in.
        let ws = x.add_worksheet_with_low_memory().expect("a sheet");
        ws.set_name(name).expect("a sheet name");
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (r, row) in range.rows().enumerate() {
            for (c, v) in row.iter().enumerate() {
                let (r, c) = (r0 + r as u32, (c0 as usize + c) as u16);
                match v {
                    Data::Empty => continue,
                    Data::Float(f) => ws.write_number(r, c, *f).map(|_| ()),
                    Data::Int(i) => ws.write_number(r, c, *i as f64).map(|_| ()),
                    other => ws.write_string(r, c, other.to_string()).map(|_| ()),
                }
                .expect("a cell");
                cells += 1;
            }
        }
    }
    x.save(out).expect("the book written");
    (started.elapsed(), cells)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let (took, cells) = match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["read", book] => read(book),
        ["write", book, out] => write(book, out),
        _ => {
            eprintln!("usage: floors read BOOK | floors write BOOK OUT");
            std::process::exit(2);
        }
    };
    println!("{:.3} s, {cells} cells", took.as_secs_f64());
}
