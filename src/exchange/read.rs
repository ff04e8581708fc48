//! Reading the exchange workbook with calamine, as docs/exchange-format.md says: generous in what it accepts (sheets
//! found by name or header, the header row anywhere in the first 20 rows, columns by header text, merged cells,
//! every date form, numbers typed where codes belong) and exact in what it reports (every problem with its
//! `sheet!cell`, the value seen and what was expected).
//!
//! This module only turns cells into tables of typed values ([`SheetTable`]); `import` builds the project from them.

use std::path::Path;

use calamine::{Dimensions, Reader, Xlsx, open_workbook};

use crate::domain::model::field::Field;
use crate::domain::model::message::{Lang, Message};

pub use super::cell::{Level, Raw, nfkc, number_text, trim};
pub use super::row_reader::RowReader;

use super::sheets::{ALL_SHEETS, SheetKind, column_letters, normalise_header, sheet_by_name};
use super::write::LISTS_SHEET;

mod stream;

/// How many problems are listed one by one; past it, the rest are counted by rule.
pub const PROBLEMS_LISTED: usize = 200;

/// The problems as lines for a person: the first [`PROBLEMS_LISTED`] in full, then the rest counted by rule (the
/// same message in the same sheet's column), most frequent first — a book with a million bad rows is still read
/// in a screenful.
pub fn problem_lines(problems: &[Problem], lang: Lang) -> Vec<String> {
    let mut lines: Vec<String> =
        problems.iter().take(PROBLEMS_LISTED).map(|p| p.line(lang)).collect();
    let rest = &problems[problems.len().min(PROBLEMS_LISTED)..];
    if rest.is_empty() {
        return lines;
    }
    let mut counts: Vec<(&Problem, String, usize)> = Vec::new();
    let mut at: foldhash::HashMap<(Level, &str, String, &str), usize> = Default::default();
    for p in rest {
        let column: String = p
            .cell
            .as_deref()
            .unwrap_or("")
            .chars()
            .take_while(|c| c.is_ascii_uppercase())
            .collect();
        let key = (p.level, p.sheet.as_str(), column.clone(), p.message.en.as_str());
        match at.get(&key) {
            Some(&i) => counts[i].2 += 1,
            None => {
                at.insert(key, counts.len());
                counts.push((p, column, 1));
            }
        }
    }
    counts.sort_by_key(|c| std::cmp::Reverse(c.2));
    lines.push(match lang {
        Lang::Ja => format!(
            "… ほかに {} 件（最初の {PROBLEMS_LISTED} 件のみ一覧にしました。残りを規則ごとに数えます）:",
            rest.len()
        ),
        Lang::En => format!(
            "… {} more (only the first {PROBLEMS_LISTED} are listed; the rest are counted by rule):",
            rest.len()
        ),
    });
    for (p, column, n) in counts {
        let level = match (p.level, lang) {
            (Level::Error, Lang::Ja) => "エラー",
            (Level::Error, Lang::En) => "error",
            (Level::Warning, Lang::Ja) => "警告",
            (Level::Warning, Lang::En) => "warning",
        };
        let place = if column.is_empty() {
            p.sheet.clone()
        } else {
            match lang {
                Lang::Ja => format!("{} {column} 列", p.sheet),
                Lang::En => format!("{} column {column}", p.sheet),
            }
        };
        lines.push(match lang {
            Lang::Ja => format!("  [{level}] {place}: {} — {n} 件", p.message.get(lang)),
            Lang::En => format!("  [{level}] {place}: {} — {n}", p.message.get(lang)),
        });
    }
    lines
}

/// A problem found while reading, with its place.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    /// Error or warning.
    pub level: Level,
    /// The workbook's sheet name.
    pub sheet: String,
    /// The cell (`R12`), when the problem is one cell's.
    pub cell: Option<String>,
    /// The value seen, as text.
    pub value: String,
    /// What is wrong and what was expected.
    pub message: Message,
}

impl Problem {
    /// Where the problem sits, for ordering: (row, column) of its cell, 0-based; a sheet-wide problem first.
    pub fn position(&self) -> (u32, u32) {
        let Some(cell) = &self.cell else {
            return (0, 0);
        };
        let letters: String = cell.chars().take_while(|c| c.is_ascii_uppercase()).collect();
        let row: u32 = cell[letters.len()..].parse().unwrap_or(0);
        let col = letters.bytes().fold(0u32, |n, b| n * 26 + u32::from(b - b'A') + 1);
        (row, col)
    }

    /// `sheet!cell`, or the sheet alone.
    pub fn place(&self) -> String {
        match &self.cell {
            Some(c) => format!("{}!{c}", self.sheet),
            None => self.sheet.clone(),
        }
    }

    /// One line for a person: level, place, value and message.
    pub fn line(&self, lang: Lang) -> String {
        let level = match (self.level, lang) {
            (Level::Error, Lang::Ja) => "エラー",
            (Level::Error, Lang::En) => "error",
            (Level::Warning, Lang::Ja) => "警告",
            (Level::Warning, Lang::En) => "warning",
        };
        if self.value.is_empty() {
            format!("[{level}] {}: {}", self.place(), self.message.get(lang))
        } else {
            format!("[{level}] {} 「{}」: {}", self.place(), self.value, self.message.get(lang))
        }
    }
}

/// One recognised sheet: its rows under the contract's columns.
#[derive(Debug, Clone)]
pub struct SheetTable {
    /// What the sheet is.
    pub kind: SheetKind,
    /// Its name in the workbook.
    pub name: String,
    /// For each of the contract's columns (in `kind.columns()` order), the column it was found in.
    pub columns: Vec<Option<u32>>,
    /// The data rows' absolute row indexes (0-based), in the sheet's order.
    row_numbers: Vec<u32>,
    /// Their cells, one per contract column, row after row: one allocation for the sheet, given back whole when
    /// the sheet is read for good (not a small one per row, left behind in the heap).
    cells: Vec<Raw>,
}

impl SheetTable {
    /// A table of these rows (each its absolute row index and its cells, one per contract column: a shorter row
    /// is empty after its cells, a longer one cut to the contract's columns).
    pub fn new(
        kind: SheetKind,
        name: String,
        columns: Vec<Option<u32>>,
        rows: Vec<(u32, Vec<Raw>)>,
    ) -> SheetTable {
        let mut table = SheetTable::empty(kind, name, columns);
        for (row, cells) in rows {
            table.push_row(row, cells);
        }
        table
    }

    /// A sheet in the contract's own layout (every column, in order, header on row 1) holding these rows of text.
    pub fn from_texts(kind: SheetKind, rows: Vec<Vec<String>>) -> SheetTable {
        let columns = (0..kind.columns().len() as u32).map(Some).collect();
        let mut table = SheetTable::empty(kind, kind.name().to_string(), columns);
        for (i, texts) in rows.iter().enumerate() {
            table.push_row(i as u32 + 1, texts.iter().map(|t| Raw::typed(t)));
        }
        table
    }

    /// A table without rows yet.
    fn empty(kind: SheetKind, name: String, columns: Vec<Option<u32>>) -> SheetTable {
        SheetTable { kind, name, columns, row_numbers: Vec::new(), cells: Vec::new() }
    }

    /// A row at the end: its absolute row index and its cells, one per contract column.
    fn push_row(&mut self, row: u32, cells: impl IntoIterator<Item = Raw>) {
        let width = self.columns.len();
        let start = self.cells.len();
        self.cells.extend(cells.into_iter().take(width));
        self.cells.resize(start + width, Raw::Empty);
        self.row_numbers.push(row);
    }

    /// A row at the end: its absolute row index and, for each contract column in turn, the cell `cell(column)`
    /// gives for the sheet's column it was found in.
    fn push_row_with(&mut self, row: u32, mut cell: impl FnMut(Option<u32>) -> Raw) {
        for i in 0..self.columns.len() {
            let value = cell(self.columns[i]);
            self.cells.push(value);
        }
        self.row_numbers.push(row);
    }

    /// The data rows: each its absolute row index (0-based) and its cells, one per contract column.
    pub fn rows(&self) -> impl ExactSizeIterator<Item = (u32, &[Raw])> {
        let width = self.columns.len().max(1);
        self.row_numbers.iter().copied().zip(self.cells.chunks(width))
    }

    /// How many data rows it has.
    pub fn row_count(&self) -> usize {
        self.row_numbers.len()
    }

    /// Let go of its rows (read for good).
    pub fn clear_rows(&mut self) {
        self.row_numbers = Vec::new();
        self.cells = Vec::new();
    }

    /// Room given back that the rows did not take.
    fn shrink_to_fit(&mut self) {
        self.row_numbers.shrink_to_fit();
        self.cells.shrink_to_fit();
    }

    /// Whether the sheet has a column for this field.
    pub fn has(&self, field: Field) -> bool {
        self.kind.position(field).is_some_and(|i| self.columns[i].is_some())
    }

    /// The cell reference (`R12`) of a field's cell on a row.
    pub fn cell(&self, row: u32, field: Field) -> Option<String> {
        let col = self.columns[self.kind.position(field)?]?;
        Some(format!("{}{}", column_letters(col), row + 1))
    }

    /// The raw value of a field's cell on a row (`None` when the sheet has no such column).
    pub fn raw<'r>(&self, cells: &'r [Raw], field: Field) -> Option<&'r Raw> {
        let i = self.kind.position(field)?;
        self.columns[i]?;
        cells.get(i)
    }
}

/// A workbook read into recognised sheets, with the problems met on the way.
#[derive(Debug, Clone, Default)]
pub struct WorkbookTables {
    /// The recognised sheets, in workbook order.
    pub sheets: Vec<SheetTable>,
    /// Problems of the workbook's shape (unknown sheets and columns, missing headers).
    pub problems: Vec<Problem>,
    /// Every sheet's name, in workbook order (to report problems in that order).
    pub order: Vec<String>,
}

/// Why a workbook cannot be read at all.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// Not an .xlsx workbook, or damaged.
    #[error(
        "{path}: ブックを開けません（.xlsx ではないか、壊れています） / cannot open the workbook (not .xlsx, or damaged): {reason}"
    )]
    Open {
        /// The file.
        path: String,
        /// What the reader said.
        reason: String,
    },
    /// A part of the book is past a limit ([`MAX_PART_BYTES`]).
    #[error("{path}: {} / {}", .why.ja, .why.en)]
    TooLarge {
        /// The file.
        path: String,
        /// Which part, and the limit.
        why: Message,
    },
    /// The user cancelled.
    #[error("取り込みを取り消しました / the import was cancelled")]
    Cancelled,
    /// A password-protected book without its password, or with a wrong one.
    #[error("{path}: {why}")]
    Protected {
        /// The file.
        path: String,
        /// What is missing or wrong.
        why: String,
    },
}

/// A header row's texts, normalised, with their columns.
type HeaderCells = Vec<(u32, String)>;

/// How many rows of a sheet the header row may be below the top.
pub const HEADER_SEARCH_ROWS: u32 = 20;

/// Read a workbook's recognised sheets. `progress(done, total)` is called as sheets are read (in rows);
/// returning `false` cancels.
pub fn read_tables(
    path: &Path,
    limits: &Limits,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<WorkbookTables, ReadError> {
    let shared_strings = check_package(path, limits)?;
    // Every sheet streamed once before calamine reads it: a broken or oversized sheet is found without holding it.
    // The scan runs on a thread of its own, the smallest sheet first, so that calamine reads one sheet while the
    // larger are scanned.
    let (send, from) = std::sync::mpsc::channel();
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let mapped = scan_sheets(path, limits, shared_strings, &mut |name, scan| {
                let _ = send.send(Some((name, scan)));
            });
            if mapped.is_none() {
                let _ = send.send(None);
            }
        });
        read_scanned(path, from, shared_strings, progress)
    })
}

/// [`read_tables`] once the package is checked: each sheet streamed by calamine after its scan passed.
fn read_scanned(
    path: &Path,
    scans: std::sync::mpsc::Receiver<Option<(String, SheetScan)>>,
    shared_strings: usize,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<WorkbookTables, ReadError> {
    let open_error = |e: &dyn std::fmt::Display| ReadError::Open {
        path: crate::platform::shown(path),
        reason: e.to_string(),
    };
    let mut book: Xlsx<_> = open_workbook(path).map_err(|e| open_error(&e))?;
    let names = book.sheet_names();
    let mut out = WorkbookTables { order: names.clone(), ..WorkbookTables::default() };
    // Each sheet is streamed into its table, cell by cell, before the next is read: a book's cells are never held
    // as a grid, only the tables they become. The sheets are read in the order their scans arrive (the smallest
    // first), then put back in the book's order. Progress counts sheets.
    let names: Vec<String> = names.into_iter().filter(|n| n != LISTS_SHEET).collect();
    let total = names.len();
    let mut scans = Scans::new(scans, total);
    let mut read: Vec<(usize, SheetTable)> = Vec::new();
    let mut problems: Vec<(usize, Problem)> = Vec::new();
    for done in 0..total {
        if !progress(done, total) {
            return Err(ReadError::Cancelled);
        }
        let (at, scan) = scans.next(&names);
        let name = names[at].clone();
        let scan = match scan {
            Some(found) => found,
            // The quick scan could not map the sheets: ask calamine (a second parse of the sheet).
            None => SheetScan {
                merges: book.merge_cells_by_sheet_name(&name).unwrap_or_default(),
                malformed: None,
                too_large: None,
                missing_string: None,
            },
        };
        let mut found = Vec::new();
        let table = read_sheet(&mut book, name, scan, shared_strings, &mut found)
            .map_err(|e| open_error(&e))?;
        read.extend(table.map(|t| (at, t)));
        problems.extend(found.into_iter().map(|p| (at, p)));
    }
    // In the book's order (each sheet's problems in the order they were met).
    read.sort_by_key(|(at, _)| *at);
    problems.sort_by_key(|(at, _)| *at);
    out.sheets = read.into_iter().map(|(_, t)| t).collect();
    out.problems = problems.into_iter().map(|(_, p)| p).collect();
    progress(total, total);
    Ok(out)
}

/// One sheet, its scan done: its problems among `problems`, and its table when it is one of the contract's.
fn read_sheet<RS: std::io::Read + std::io::Seek>(
    book: &mut Xlsx<RS>,
    name: String,
    scan: SheetScan,
    shared_strings: usize,
    problems: &mut Vec<Problem>,
) -> Result<Option<SheetTable>, calamine::XlsxError> {
    if let Some((cell, n)) = &scan.missing_string {
        problems.push(Problem {
            level: Level::Error,
            sheet: name.clone(),
            cell: Some(cell.clone()),
            value: String::new(),
            message: Message::new(
                format!(
                    "共有文字列の {n} 番を指していますが、ブックの共有文字列は {shared_strings} 個です（ブックが壊れています）。Excel で開いて保存し直してから取り込んでください"
                ),
                format!(
                    "names shared string {n}, but the book has {shared_strings}: the book is damaged; open and save it again in Excel, then import it"
                ),
            ),
        });
        return Ok(None);
    }
    if let Some(why) = scan.too_large {
        // Refused before calamine holds it.
        problems.push(sheet_problem(Level::Error, &name, why));
        return Ok(None);
    }
    if let Some(cause) = &scan.malformed {
        // A broken sheet is never read as a shorter (or empty) one.
        problems.push(malformed_problem(&name, cause));
        return Ok(None);
    }
    stream_sheet(book, &name, &scan.merges, problems)
}

/// One sheet streamed into its table ([`stream`]), or `None` (its problem among `problems`); read again and
/// sorted when its cells are not in the sheet's order.
fn stream_sheet<RS: std::io::Read + std::io::Seek>(
    book: &mut Xlsx<RS>,
    name: &str,
    merges: &[Dimensions],
    problems: &mut Vec<Problem>,
) -> Result<Option<SheetTable>, calamine::XlsxError> {
    let mut sheet = stream::SheetStream::new(name.to_string(), merges);
    let in_order = each_cell(book, name, &mut |cell| sheet.push(cell).map(|()| !sheet.settled()))?;
    if !in_order {
        let mut cells = Vec::new();
        each_cell(book, name, &mut |cell| {
            cells.push(cell);
            Ok(true)
        })?;
        sheet = stream::SheetStream::new(name.to_string(), merges);
        for cell in stream::sorted(cells) {
            sheet.push(cell).expect("sorted cells are in the sheet's order");
        }
    }
    Ok(sheet.finish(problems))
}

/// Each cell of a sheet in the XML's order, until `each` says stop (`Ok(false)`) or finds the cells out of order
/// (`Err`, and `Ok(false)` is returned; else `Ok(true)`).
fn each_cell<RS: std::io::Read + std::io::Seek>(
    book: &mut Xlsx<RS>,
    name: &str,
    each: &mut dyn FnMut(stream::StreamCell) -> Result<bool, stream::OutOfOrder>,
) -> Result<bool, calamine::XlsxError> {
    let mut reader = match book.worksheet_cells_reader(name) {
        Ok(reader) => reader,
        // A chart sheet: no cells.
        Err(calamine::XlsxError::NotAWorksheet(_)) => return Ok(true),
        Err(e) => return Err(e),
    };
    let mut formulas = stream::SharedFormulas::default();
    while let Some(cell) = reader.next_cell_with_formula_metadata()? {
        let formula = formulas.uncached(cell.pos, &cell.value, cell.formula);
        match each(stream::StreamCell::new(cell.pos, cell.value, formula)) {
            Ok(true) => {}
            Ok(false) => break,
            Err(stream::OutOfOrder) => return Ok(false),
        }
    }
    Ok(true)
}

/// The import error of a sheet whose XML cannot be read (whatever its name: it may be one of the contract's found
/// by its headers, which cannot be read either).
fn malformed_problem(sheet: &str, cause: &str) -> Problem {
    sheet_problem(
        Level::Error,
        sheet,
        Message::new(
            format!(
                "シートの XML が壊れていて読めません（{cause}）。Excel で開いて保存し直してから取り込んでください"
            ),
            format!(
                "the sheet's XML is broken and cannot be read ({cause}): open and save the book in Excel, then import"
            ),
        ),
    )
}

/// The import error of a formula without its computed value, at its cell.
fn uncached_formula_problem(sheet: &str, (r, c, formula): &(u32, u32, String)) -> Problem {
    Problem {
        level: Level::Error,
        sheet: sheet.to_string(),
        cell: Some(format!("{}{}", column_letters(*c), r + 1)),
        value: format!("={formula}"),
        message: Message::new(
            "数式の計算結果がブックに保存されていません（値が読めません）。Excel で開いて保存し直すか、値として貼り付けてから取り込んでください",
            "the formula's result is not saved in the book (its value cannot be read): open and save the book in Excel, or paste it as values, then import",
        ),
    }
}

/// Whether a header row holds every required header of a sheet.
fn has_required(kind: SheetKind, header: &[(u32, String)]) -> bool {
    kind.headers().iter().filter(|(_, req)| *req).all(|(h, _)| header.iter().any(|(_, x)| x == h))
}

/// The sheet's kind and header row: by its name when it has a contract sheet's name, else by its header (the
/// sheet whose required headers are all there, the most of them). Else the problem: an error for a named sheet
/// without its headers, a warning for a sheet that is none of the contract's.
fn find_header(
    name: &str,
    rows: std::ops::RangeInclusive<u32>,
    header_of: impl Fn(u32) -> HeaderCells,
) -> Result<(SheetKind, u32, HeaderCells), Box<Problem>> {
    let by_name = sheet_by_name(name);
    for r in rows {
        let header = header_of(r);
        if header.is_empty() {
            continue;
        }
        let kind = match by_name {
            Some(k) => has_required(k, &header).then_some(k),
            None => ALL_SHEETS
                .into_iter()
                .filter(|k| has_required(*k, &header))
                .max_by_key(|k| k.headers().iter().filter(|(_, req)| *req).count()),
        };
        if let Some(k) = kind {
            return Ok((k, r, header));
        }
    }
    Err(Box::new(match by_name {
        Some(k) => {
            let required: Vec<&str> =
                k.headers().iter().filter(|(_, r)| *r).map(|(h, _)| *h).collect();
            sheet_problem(
                Level::Error,
                name,
                Message::new(
                    format!(
                        "見出し行が見つかりません。先頭{HEADER_SEARCH_ROWS}行のどこかに、必須の見出し {} をすべて含む行が必要です",
                        required.join("、")
                    ),
                    format!(
                        "no header row: one of the first {HEADER_SEARCH_ROWS} rows must hold every required header ({})",
                        required.join(", ")
                    ),
                ),
            )
        }
        None => sheet_problem(
            Level::Warning,
            name,
            Message::new(
                "様式のどのシートでもない（シート名・見出しとも一致しない）ため読み飛ばしました",
                "not one of the contract's sheets (neither its name nor its headers match): skipped",
            ),
        ),
    }))
}

/// For each of the contract's columns, the sheet's column holding it; a second column with the same header and a
/// column the contract does not have are warned about and ignored.
fn map_columns(
    name: &str,
    kind: SheetKind,
    header_row: u32,
    header: &[(u32, String)],
    problems: &mut Vec<Problem>,
) -> Vec<Option<u32>> {
    let headers = kind.headers();
    let mut columns: Vec<Option<u32>> = vec![None; headers.len()];
    for (c, h) in header {
        let ignored = |message| Problem {
            level: Level::Warning,
            sheet: name.to_string(),
            cell: Some(format!("{}{}", column_letters(*c), header_row + 1)),
            value: h.clone(),
            message,
        };
        match headers.iter().position(|(x, _)| x == h) {
            Some(i) if columns[i].is_none() => columns[i] = Some(*c),
            Some(_) => problems.push(ignored(Message::new(
                "同じ見出しの列が二つあります。最初の列を読み、この列は無視します",
                "a second column with the same header: the first is read, this one ignored",
            ))),
            None => problems.push(ignored(Message::new(
                format!("列「{h}」は様式にないため無視します"),
                format!("column \"{h}\" is not in the contract: ignored"),
            ))),
        }
    }
    columns
}

/// The most a sheet's XML (or the shared strings') may expand to: a book past it is refused before anything
/// holds it whole (a "zip bomb": a few megabytes that expand to gigabytes).
pub const MAX_PART_BYTES: u64 = 512 << 20;
/// The most rows a sheet may reach (its last row's number, not how many rows hold values): a national-scale
/// book reaches 300,001; a sheet past it is refused before it is read.
pub const MAX_SHEET_ROWS: u32 = 500_000;
/// The most columns a sheet may reach.
pub const MAX_SHEET_COLUMNS: u32 = 256;
/// The most cells a sheet's grid may span (its last row times its last column). A national-scale book (100,000
/// cases) spans at most 3.6 million (加入歴: 300,000 rows of 12 columns).
pub const MAX_SHEET_CELLS: u64 = 12_000_000;

/// The limits a book is held to while it is read (the defaults are the constants above; a test sets its own).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The most a sheet's XML, or the shared strings', may expand to.
    pub part_bytes: u64,
    /// The most rows a sheet may reach.
    pub rows: u32,
    /// The most columns a sheet may reach.
    pub columns: u32,
    /// The most cells a sheet's grid may span.
    pub cells: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            part_bytes: MAX_PART_BYTES,
            rows: MAX_SHEET_ROWS,
            columns: MAX_SHEET_COLUMNS,
            cells: MAX_SHEET_CELLS,
        }
    }
}

/// What a quick look at a sheet's XML tells, before calamine reads its cells.
#[derive(Debug, Default)]
struct SheetScan {
    /// Its merged regions.
    merges: Vec<Dimensions>,
    /// Why its XML is not well-formed, when it is not (calamine would read what comes before the fault and
    /// stop without a word).
    malformed: Option<String>,
    /// Which limit it is past, when it is (the scan stops there).
    too_large: Option<Message>,
    /// The first cell that names a shared string the book does not have: its reference and the number.
    missing_string: Option<(String, usize)>,
}

/// A reader that counts what it gives and fails past a limit: a part's size is checked as it is decompressed,
/// never trusted from the zip's directory.
struct Bounded<R> {
    inner: R,
    read: u64,
    limit: u64,
}

impl<R: std::io::Read> std::io::Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        if self.read > self.limit {
            return Err(std::io::Error::other("past the size limit"));
        }
        Ok(n)
    }
}

fn past_size(what_ja: &str, what_en: &str, limit: u64) -> Message {
    let size =
        if limit >= 1 << 20 { format!("{} MiB", limit >> 20) } else { format!("{limit} bytes") };
    Message::new(
        format!(
            "{what_ja}が展開すると {size} を超えます（上限）。読み込みません。値だけを新しいブックに貼り付けるか、ブックを分けてください"
        ),
        format!(
            "{what_en} expands past {size} (the limit): not read; paste its values into a new book, or split it"
        ),
    )
}

/// A sheet with a row past the limit.
fn past_rows(limit: u32, row: u32) -> Message {
    Message::new(
        format!(
            "シートが {} 行を超えています（{row} 行目があります。上限）。読み込みません。ブックを分けてください",
            limit
        ),
        format!(
            "the sheet reaches past {} rows (it has a row {row}; the limit): not read; split the book",
            limit
        ),
    )
}

/// A sheet with a cell past the limit's column.
fn past_columns(limit: u32, column: u32) -> Message {
    Message::new(
        format!(
            "シートが {} 列を超えています（{} 列目にセルがあります。上限）。読み込みません",
            limit,
            column_letters(column - 1)
        ),
        format!(
            "the sheet reaches past {} columns (a cell in column {}; the limit): not read",
            limit,
            column_letters(column - 1)
        ),
    )
}

/// A sheet whose span is past the limit's cells.
fn past_cells(limit: u64, row: u32, widest: u32) -> Message {
    Message::new(
        format!(
            "シートの範囲が {} セルを超えています（{row} 行 × {widest} 列まで。上限）。読み込みません。ブックを分けてください",
            limit
        ),
        format!(
            "the sheet spans past {} cells (to row {row} and column {widest}; the limit): not read; split the book",
            limit
        ),
    )
}

/// A part that declares a document type (DOCTYPE, entities): Excel never writes one, and its entities could expand
/// a small file into gigabytes. Refused before anything of it is read.
fn doctype_refused(what_ja: &str, what_en: &str) -> String {
    format!(
        "{what_ja}に文書型宣言（DOCTYPE・ENTITY）があります。Excel が書かない形で、展開すると膨れ上がるおそれがあるため読み込みません。Excel で開いて保存し直してください / {what_en} declares a document type (DOCTYPE, entities), which Excel never writes and which can expand without bound: not read; open and save the book in Excel"
    )
}

/// Stream a sheet's XML once, never holding it whole: its merged regions, whether it is well-formed (every element
/// closed by its own name, nothing left open) and within the limits.
fn scan_sheet<R: std::io::Read>(
    xml: std::io::BufReader<Bounded<R>>,
    limits: &Limits,
    shared_strings: usize,
) -> SheetScan {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut scan = SheetScan::default();
    let mut buf = Vec::new();
    let (mut depth, mut row, mut column, mut widest) = (0usize, 0u32, 0u32, 0u32);
    // Whether the cell being read is a shared string's, its reference (kept in one buffer: a cell's reference is
    // needed only when its string is missing), and whether its value is being read.
    let (mut shared_cell, mut in_value) = (false, false);
    let mut shared_reference = String::new();
    // One pass over a start tag's attributes for `r` and `t`, without the duplicate check's list or a copy: this
    // runs for every cell of every sheet.
    let r_and_t =
        |e: &quick_xml::events::BytesStart, r: &mut dyn FnMut(&str), t: &mut dyn FnMut(&str)| {
            for a in e.attributes().with_checks(false).flatten() {
                match a.key.local_name().into_inner() {
                    "r" => r(&a.value),
                    "t" => t(&a.value),
                    _ => {}
                }
            }
        };
    loop {
        let event = reader.read_event_into(&mut buf);
        let (element, opens) = match &event {
            Ok(Event::Start(e)) => (Some(e), true),
            Ok(Event::Empty(e)) => (Some(e), false),
            Ok(Event::End(_)) => {
                depth = depth.saturating_sub(1);
                in_value = false;
                (None, false)
            }
            Ok(Event::Eof) => {
                if depth > 0 {
                    scan.malformed = Some("the XML ends before its elements are closed".into());
                }
                return scan;
            }
            Ok(Event::DocType(_)) => {
                scan.malformed = Some(doctype_refused("シートの XML ", "the sheet's XML"));
                return scan;
            }
            Ok(Event::Text(t)) if in_value && scan.missing_string.is_none() => {
                if let Ok(n) = t.trim_ascii().parse::<usize>()
                    && n >= shared_strings
                {
                    scan.missing_string = Some((shared_reference.clone(), n));
                }
                (None, false)
            }
            Ok(_) => (None, false),
            Err(e) => {
                let past = reader.get_ref().get_ref();
                if past.read > past.limit {
                    scan.too_large =
                        Some(past_size("シートの XML ", "the sheet's XML", past.limit));
                } else if let quick_xml::Error::Io(io) = e {
                    scan.malformed = Some(format!("the compressed data cannot be read: {io}"));
                } else {
                    scan.malformed = Some(format!("byte {}: {e}", reader.error_position()));
                }
                return scan;
            }
        };
        if opens {
            depth += 1;
        }
        let Some(e) = element else {
            buf.clear();
            continue;
        };
        match e.local_name().into_inner() {
            "row" => {
                let mut number = None;
                r_and_t(e, &mut |r| number = r.trim().parse().ok(), &mut |_| {});
                row = number.unwrap_or(row + 1);
                column = 0;
                if row > limits.rows {
                    scan.too_large = Some(past_rows(limits.rows, row));
                    return scan;
                }
            }
            "c" => {
                let (mut at, mut given) = (None, false);
                shared_cell = false;
                shared_reference.clear();
                r_and_t(
                    e,
                    &mut |r| {
                        at = cell_position(r);
                        given = true;
                        shared_reference.push_str(r);
                    },
                    &mut |t| shared_cell = t == "s",
                );
                column = match at {
                    Some((_, c)) => c + 1,
                    None => column + 1,
                };
                if !given {
                    shared_reference = format!("{}{row}", column_letters(column - 1));
                }
                if column > limits.columns {
                    scan.too_large = Some(past_columns(limits.columns, column));
                    return scan;
                }
                widest = widest.max(column);
                if u64::from(row) * u64::from(widest) > limits.cells {
                    scan.too_large = Some(past_cells(limits.cells, row, widest));
                    return scan;
                }
            }
            "v" => in_value = opens && shared_cell,
            "mergeCell" => {
                if let Some((a, b)) = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.local_name().into_inner() == "ref")
                    .map(|a| a.value.to_string())
                    .and_then(|r| {
                        let (a, b) = r.split_once(':').unwrap_or((&r, &r));
                        Some((cell_position(a)?, cell_position(b)?))
                    })
                {
                    scan.merges.push(Dimensions { start: a, end: b });
                }
            }
            _ => {}
        }
        buf.clear();
    }
}

/// Why a workbook is refused before calamine reads it: not a zip, no workbook in it, or shared strings past the
/// limit (calamine reads them whole when it opens the book).
/// Returns how many shared strings the book has.
fn check_package(path: &Path, limits: &Limits) -> Result<usize, ReadError> {
    let refused = |reason: String| ReadError::Open { path: crate::platform::shown(path), reason };
    let file = std::fs::File::open(path).map_err(|e| refused(e.to_string()))?;
    let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file)).map_err(|e| {
        refused(format!(
            "ZIP として読めません（.xlsx は ZIP です） / not a ZIP archive (an .xlsx is one): {e}"
        ))
    })?;
    if zip.by_name("xl/workbook.xml").is_err() {
        return Err(refused(
            "xl/workbook.xml がありません（Excel のブックではありません） / there is no xl/workbook.xml: not an Excel workbook"
                .into(),
        ));
    }
    let Ok(part) = zip.by_name("xl/sharedStrings.xml") else {
        return Ok(0);
    };
    // Streamed once: its size bounded, its XML well-formed (calamine, reading it whole, would take a broken one
    // for a shorter list and blame the cells), its strings counted.
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::with_capacity(
        1 << 16,
        Bounded { inner: part, read: 0, limit: limits.part_bytes },
    ));
    let (mut buf, mut depth, mut count) = (Vec::new(), 0usize, 0usize);
    let what = "共有文字列（xl/sharedStrings.xml）";
    let what_en = "the shared strings (xl/sharedStrings.xml)";
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => {
                depth += 1;
                count += usize::from(e.local_name().into_inner() == "si");
            }
            Ok(Event::Empty(e)) => count += usize::from(e.local_name().into_inner() == "si"),
            Ok(Event::End(_)) => depth = depth.saturating_sub(1),
            Ok(Event::DocType(_)) => return Err(refused(doctype_refused(what, what_en))),
            Ok(Event::Eof) if depth == 0 => return Ok(count),
            Ok(Event::Eof) => {
                return Err(refused(format!(
                    "{what}の XML が途中で終わっています / {what_en}: the XML ends before its elements are closed"
                )));
            }
            Ok(_) => {}
            Err(e) => {
                let bounded = reader.get_ref().get_ref();
                return Err(if bounded.read > bounded.limit {
                    ReadError::TooLarge {
                        path: crate::platform::shown(path),
                        why: past_size(what, what_en, bounded.limit),
                    }
                } else {
                    refused(format!(
                        "{what}の XML が壊れています（byte {}: {e}） / {what_en}: the XML is broken",
                        reader.error_position()
                    ))
                });
            }
        }
        buf.clear();
    }
}

/// Every sheet's scan ([`SheetScan`]) by sheet name, each sheet's XML streamed once. `None` when the workbook's
/// parts cannot be mapped to sheet names.
fn scan_sheets(
    path: &Path,
    limits: &Limits,
    shared_strings: usize,
    found: &mut dyn FnMut(String, SheetScan),
) -> Option<()> {
    use quick_xml::events::Event;
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).ok()?).ok()?;
    let mut part = |name: &str| -> Option<Vec<u8>> {
        let f = zip.by_name(name).ok()?;
        let mut bytes = Vec::new();
        Bounded { inner: f, read: 0, limit: limits.part_bytes }.read_to_end(&mut bytes).ok()?;
        Some(bytes)
    };
    // Each <sheet>'s name and relationship id, and each relationship's target.
    let attributes = |xml: &[u8], element: &str| -> Vec<Vec<(String, String)>> {
        let mut reader = quick_xml::Reader::from_reader(xml);
        let mut out = Vec::new();
        let mut buf = Vec::new();
        loop {
            match reader.read_event_into(&mut buf) {
                Ok(Event::Start(e)) | Ok(Event::Empty(e))
                    if e.local_name().into_inner() == element =>
                {
                    out.push(
                        e.attributes()
                            .flatten()
                            .map(|a| {
                                let raw: &str = &a.value;
                                let value = raw
                                    .replace("&lt;", "<")
                                    .replace("&gt;", ">")
                                    .replace("&quot;", "\"")
                                    .replace("&apos;", "'")
                                    .replace("&amp;", "&");
                                (a.key.local_name().into_inner().to_string(), value)
                            })
                            .collect(),
                    );
                }
                Ok(Event::Eof) | Err(_) => break,
                _ => {}
            }
            buf.clear();
        }
        out
    };
    let get = |attrs: &[(String, String)], key: &str| {
        attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
    };
    let targets: foldhash::HashMap<String, String> =
        attributes(&part("xl/_rels/workbook.xml.rels")?, "Relationship")
            .iter()
            .filter_map(|a| Some((get(a, "Id")?, get(a, "Target")?)))
            .collect();
    // Each sheet's part, in the book's order up to the first that cannot be mapped.
    let mut parts: Vec<(String, String, u64)> = Vec::new();
    let mut mapped = true;
    for sheet in attributes(&part("xl/workbook.xml")?, "sheet") {
        let found = (|| {
            let (name, id) = (get(&sheet, "name")?, get(&sheet, "id")?);
            let target = targets.get(&id)?;
            let path = match target.strip_prefix('/') {
                Some(absolute) => absolute.to_string(),
                None => format!("xl/{target}"),
            };
            let size = zip.by_name(&path).ok()?.compressed_size();
            Some((name, path, size))
        })();
        match found {
            Some(part) => parts.push(part),
            None => {
                mapped = false;
                break;
            }
        }
    }
    // The smallest first, so that the reader starts on a sheet while the larger are scanned (the zip's sizes only
    // order the work: a part's size is checked as it is read).
    parts.sort_by_key(|(_, _, size)| *size);
    for (name, path, _) in parts {
        let f = zip.by_name(&path).ok()?;
        let scan = scan_sheet(
            std::io::BufReader::with_capacity(
                1 << 16,
                Bounded { inner: f, read: 0, limit: limits.part_bytes },
            ),
            limits,
            shared_strings,
        );
        found(name, scan);
    }
    mapped.then_some(())
}

/// The sheets' scans as the scanning thread sends them, the smallest sheet first (`None`: the parts could not be
/// mapped to sheet names, past those sent).
struct Scans {
    from: std::sync::mpsc::Receiver<Option<(String, SheetScan)>>,
    /// Which of the sheets to read have been given out.
    given: Vec<bool>,
    /// The parts could not all be mapped: the sheets left are read without a scan (calamine is asked).
    unmapped: bool,
    /// The scanning thread is done.
    closed: bool,
}

impl Scans {
    fn new(from: std::sync::mpsc::Receiver<Option<(String, SheetScan)>>, sheets: usize) -> Scans {
        Scans { from, given: vec![false; sheets], unmapped: false, closed: false }
    }

    /// The next of `names` to read and its scan, waiting for one: a sheet whose scan has arrived, in the order
    /// they arrive; once the scans are done, the sheets left in the book's order, with `None` when the parts could
    /// not be mapped, or an empty scan for a sheet the scan never met.
    fn next(&mut self, names: &[String]) -> (usize, Option<SheetScan>) {
        while !self.unmapped && !self.closed {
            match self.from.recv() {
                Ok(Some((name, scan))) => {
                    if let Some(at) = names.iter().position(|n| *n == name)
                        && !self.given[at]
                    {
                        self.given[at] = true;
                        return (at, Some(scan));
                    }
                }
                Ok(None) => self.unmapped = true,
                Err(_) => self.closed = true,
            }
        }
        let at = self
            .given
            .iter()
            .position(|given| !given)
            .expect("no more sheets asked for than there are");
        self.given[at] = true;
        (at, (!self.unmapped).then(SheetScan::default))
    }
}

/// `B5` → (4, 1), 0-based (row, column).
fn cell_position(reference: &str) -> Option<(u32, u32)> {
    // Read for every cell of every sheet: copied only when it has a `$` to take out.
    let reference: std::borrow::Cow<str> =
        if reference.contains('$') { reference.replace('$', "").into() } else { reference.into() };
    let letters = reference.bytes().take_while(u8::is_ascii_alphabetic).count();
    if letters == 0 {
        return None;
    }
    let col = reference[..letters]
        .bytes()
        .fold(0u32, |n, b| n * 26 + u32::from(b.to_ascii_uppercase() - b'A') + 1);
    let row: u32 = reference[letters..].parse().ok()?;
    Some((row.checked_sub(1)?, col - 1))
}

fn sheet_problem(level: Level, sheet: &str, message: Message) -> Problem {
    Problem { level, sheet: sheet.to_string(), cell: None, value: String::new(), message }
}
