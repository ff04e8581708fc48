//! Reading the exchange workbook with calamine, as EXCHANGE-FORMAT.md says: generous in what it accepts (sheets
//! found by name or header, the header row anywhere in the first 20 rows, columns by header text, merged cells,
//! every date form, numbers typed where codes belong) and exact in what it reports (every problem with its
//! `sheet!cell`, the value seen and what was expected).
//!
//! This module only turns cells into tables of typed values ([`SheetTable`]); `import` builds the project from them.

use std::path::Path;

use calamine::{Data, Dimensions, Reader, Xlsx, open_workbook};

use crate::domain::field::Field;
use crate::domain::message::{Lang, Message};

pub use super::cell::{Level, Raw, nfkc, number_text, trim};
pub use super::row_reader::RowReader;

use super::sheets::{ALL_SHEETS, SheetKind, column_letters, normalise_header, sheet_by_name};
use super::write::LISTS_SHEET;

/// How many problems are listed one by one; past it, the rest are counted by rule.
pub const PROBLEMS_LISTED: usize = 200;

/// The problems as lines for a person: the first [`PROBLEMS_LISTED`] in full, then the rest counted by rule (the
/// same message in the same sheet's column), most frequent first — a book with a million bad rows is still read
/// in a screenful.
pub fn problem_lines(problems: &[Problem], lang: Lang) -> Vec<String> {
    let mut lines: Vec<String> = problems
        .iter()
        .take(PROBLEMS_LISTED)
        .map(|p| p.line(lang))
        .collect();
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
        let key = (
            p.level,
            p.sheet.as_str(),
            column.clone(),
            p.message.en.as_str(),
        );
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
        let letters: String = cell
            .chars()
            .take_while(|c| c.is_ascii_uppercase())
            .collect();
        let row: u32 = cell[letters.len()..].parse().unwrap_or(0);
        let col = letters
            .bytes()
            .fold(0u32, |n, b| n * 26 + u32::from(b - b'A') + 1);
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
            format!(
                "[{level}] {} 「{}」: {}",
                self.place(),
                self.value,
                self.message.get(lang)
            )
        }
    }
}

/// A cell as calamine gives it, as the readers take it (text trimmed; a cell of spaces is empty).
fn raw_of(d: &Data) -> Raw {
    match d {
        Data::Empty => Raw::Empty,
        Data::String(s) => Raw::typed(s),
        Data::Int(i) => Raw::Number(*i as f64),
        Data::Float(f) => Raw::Number(*f),
        Data::Bool(b) => Raw::Bool(*b),
        Data::DateTime(d) => Raw::Date(d.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Raw::Text(s.into()),
        Data::Error(e) => Raw::Error(format!("{e:?}").into()),
    }
}

/// [`raw_of`], taking the cell's text instead of copying it when there is nothing to trim.
fn raw_owned(d: Data) -> Raw {
    match d {
        Data::String(s) => {
            let t = trim(&s);
            if t.is_empty() {
                Raw::Empty
            } else if t.len() == s.len() {
                Raw::Text(s.into())
            } else {
                Raw::Text(t.into())
            }
        }
        other => raw_of(&other),
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
    /// The data rows: absolute row index (0-based) and one cell per contract column.
    pub rows: Vec<(u32, Vec<Raw>)>,
}

impl SheetTable {
    /// A sheet in the contract's own layout (every column, in order, header on row 1) holding these rows of text:
    /// how the window reads a row typed into a form with exactly the rules of a workbook.
    pub fn from_texts(kind: SheetKind, rows: Vec<Vec<String>>) -> SheetTable {
        SheetTable {
            kind,
            name: kind.name().to_string(),
            columns: (0..kind.columns().len() as u32).map(Some).collect(),
            rows: rows
                .into_iter()
                .enumerate()
                .map(|(i, cells)| (i as u32 + 1, cells.iter().map(|t| Raw::typed(t)).collect()))
                .collect(),
        }
    }

    /// Whether the sheet has a column for this field.
    pub fn has(&self, field: Field) -> bool {
        self.kind
            .position(field)
            .is_some_and(|i| self.columns[i].is_some())
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
    // The scan runs a sheet ahead on a thread of its own, so that calamine reads one sheet while the next is
    // scanned.
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
        let scans = Scans {
            from,
            arrived: Default::default(),
            unmapped: false,
        };
        read_scanned(path, scans, shared_strings, progress)
    })
}

/// [`read_tables`] once the package is checked: each sheet read by calamine after its scan passed.
fn read_scanned(
    path: &Path,
    mut scans: Scans,
    shared_strings: usize,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<WorkbookTables, ReadError> {
    let open_error = |e: &dyn std::fmt::Display| ReadError::Open {
        path: path.display().to_string(),
        reason: e.to_string(),
    };
    let mut book: Xlsx<_> = open_workbook(path).map_err(|e| open_error(&e))?;
    let names = book.sheet_names();
    let mut out = WorkbookTables {
        order: names.clone(),
        ..WorkbookTables::default()
    };
    // Each sheet is read and made a table before the next is read: a book's sheets are never all held as calamine
    // reads them (a national book's cells, 32 bytes each, beside the tables they become). Progress counts sheets.
    let names: Vec<String> = names.into_iter().filter(|n| n != LISTS_SHEET).collect();
    let total = names.len();
    for (done, name) in names.into_iter().enumerate() {
        if !progress(done, total) {
            return Err(ReadError::Cancelled);
        }
        let scan = match scans.of(&name) {
            Some(found) => found,
            // The quick scan could not map the sheets: ask calamine (a second parse of the sheet).
            None => SheetScan {
                merges: book.merge_cells_by_sheet_name(&name).unwrap_or_default(),
                formulas: true,
                malformed: None,
                too_large: None,
                missing_string: None,
            },
        };
        if let Some((cell, n)) = &scan.missing_string {
            out.problems.push(Problem {
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
            continue;
        }
        if let Some(why) = scan.too_large {
            // Refused before calamine holds it.
            out.problems.push(sheet_problem(Level::Error, &name, why));
            continue;
        }
        if let Some(cause) = &scan.malformed {
            // A broken sheet is never read as a shorter (or empty) one.
            out.problems.push(malformed_problem(&name, cause));
            continue;
        }
        let range = book.worksheet_range(&name).map_err(|e| open_error(&e))?;
        let (merges, may_hold_formulas) = (scan.merges, scan.formulas);
        // A formula whose result the book does not hold reads as an empty cell: found here, so that it is an
        // error at its cell and not a value silently lost (a second parse, only of sheets with formulas).
        let uncached = if may_hold_formulas {
            uncached_formulas(&range, book.worksheet_formula(&name).ok())
        } else {
            Vec::new()
        };
        let mut sheet = LoadedSheet::new(name, range, &merges);
        sheet.uncached_formulas = uncached;
        if let Some(table) = read_sheet(sheet, &mut out.problems) {
            out.sheets.push(table);
        }
    }
    progress(total, total);
    Ok(out)
}

/// One worksheet's cells as calamine read them, with its merged regions.
struct LoadedSheet {
    name: String,
    range: calamine::Range<Data>,
    /// For each cell a merged region covers (but its top-left), the top-left, whose value counts for it.
    merged: foldhash::HashMap<(u32, u32), (u32, u32)>,
    /// The first and last row and column.
    start: (u32, u32),
    end: (u32, u32),
    /// Cells holding a formula without its computed value (row, column, formula), 0-based.
    uncached_formulas: Vec<(u32, u32, String)>,
}

/// The cells of a sheet that hold a formula but no computed value (scripts write formulas without results).
fn uncached_formulas(
    values: &calamine::Range<Data>,
    formulas: Option<calamine::Range<String>>,
) -> Vec<(u32, u32, String)> {
    let Some(formulas) = formulas else {
        return Vec::new();
    };
    let (r0, c0) = formulas.start().unwrap_or((0, 0));
    formulas
        .used_cells()
        .filter(|(_, _, f)| !f.trim().is_empty())
        .map(|(r, c, f)| (r0 + r as u32, c0 + c as u32, f.clone()))
        .filter(|(r, c, _)| matches!(values.get_value((*r, *c)), None | Some(Data::Empty)))
        .collect()
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

impl LoadedSheet {
    fn new(name: String, range: calamine::Range<Data>, merges: &[Dimensions]) -> LoadedSheet {
        let mut merged: foldhash::HashMap<(u32, u32), (u32, u32)> = Default::default();
        for m in merges {
            for r in m.start.0..=m.end.0 {
                for c in m.start.1..=m.end.1 {
                    if (r, c) != m.start {
                        merged.insert((r, c), m.start);
                    }
                }
            }
        }
        LoadedSheet {
            name,
            start: range.start().unwrap_or((0, 0)),
            end: range.end().unwrap_or((0, 0)),
            range,
            merged,
            uncached_formulas: Vec::new(),
        }
    }

    /// The value a cell shows (a merged region's for a cell it covers).
    fn raw(&self, r: u32, c: u32) -> Raw {
        let at = if self.merged.is_empty() {
            (r, c)
        } else {
            self.merged.get(&(r, c)).copied().unwrap_or((r, c))
        };
        self.range.get_value(at).map(raw_of).unwrap_or(Raw::Empty)
    }

    /// A row's header texts, normalised, with their columns.
    fn header_of(&self, r: u32) -> HeaderCells {
        (self.start.1..=self.end.1)
            .filter_map(|c| match self.raw(r, c) {
                Raw::Text(t) => Some((c, normalise_header(&t))),
                _ => None,
            })
            .collect()
    }
}

/// One sheet into a table, or `None` (with the reason among `problems`) when it is none of the contract's.
fn read_sheet(mut sheet: LoadedSheet, problems: &mut Vec<Problem>) -> Option<SheetTable> {
    let formulas = |sheet: &LoadedSheet, problems: &mut Vec<Problem>| {
        let name = &sheet.name;
        problems.extend(
            sheet
                .uncached_formulas
                .iter()
                .map(|f| uncached_formula_problem(name, f)),
        );
    };
    if sheet.range.is_empty() {
        if sheet_by_name(&sheet.name).is_some() {
            // A contract's sheet whose every value is a formula without its result, or nothing at all.
            formulas(&sheet, problems);
            if sheet.uncached_formulas.is_empty() {
                problems.push(sheet_problem(
                    Level::Warning,
                    &sheet.name,
                    Message::new(
                        "シートが空です（見出し行もありません）。この種類の行は変更しません",
                        "the sheet is empty (not even a header row): rows of its kind are left as they are",
                    ),
                ));
            }
        } else {
            problems.push(sheet_problem(
                Level::Warning,
                &sheet.name,
                Message::new(
                    "空のシートで、様式のどのシートでもないため読み飛ばしました",
                    "an empty sheet that is none of the contract's sheets: skipped",
                ),
            ));
        }
        return None;
    }
    let (kind, header_row, header) = match find_header(&sheet) {
        Ok(found) => found,
        Err(problem) => {
            problems.push(*problem);
            return None;
        }
    };
    let columns = map_columns(&sheet.name, kind, header_row, &header, problems);
    // Formulas without their result in the contract's columns, below the header.
    sheet
        .uncached_formulas
        .retain(|(r, c, _)| *r > header_row && columns.contains(&Some(*c)));
    formulas(&sheet, problems);
    let rows = take_rows(&mut sheet, header_row, &columns);
    Some(SheetTable {
        kind,
        name: sheet.name,
        columns,
        rows,
    })
}

/// Whether a header row holds every required header of a sheet.
fn has_required(kind: SheetKind, header: &[(u32, String)]) -> bool {
    kind.headers()
        .iter()
        .filter(|(_, req)| *req)
        .all(|(h, _)| header.iter().any(|(_, x)| x == h))
}

/// The sheet's kind and header row: by its name when it has a contract sheet's name, else by its header (the
/// sheet whose required headers are all there, the most of them). Else the problem: an error for a named sheet
/// without its headers, a warning for a sheet that is none of the contract's.
fn find_header(sheet: &LoadedSheet) -> Result<(SheetKind, u32, HeaderCells), Box<Problem>> {
    let (r0, r1) = (sheet.start.0, sheet.end.0);
    let search_end = r1.min(r0 + HEADER_SEARCH_ROWS - 1);
    let by_name = sheet_by_name(&sheet.name);
    for r in r0..=search_end {
        let header = sheet.header_of(r);
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
            let required: Vec<&str> = k
                .headers()
                .iter()
                .filter(|(_, r)| *r)
                .map(|(h, _)| *h)
                .collect();
            sheet_problem(
                Level::Error,
                &sheet.name,
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
            &sheet.name,
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

/// The data rows under the header: one cell per contract column, wholly empty rows left out. Each cell is read
/// once, moved out of the range rather than copied.
fn take_rows(
    sheet: &mut LoadedSheet,
    header_row: u32,
    columns: &[Option<u32>],
) -> Vec<(u32, Vec<Raw>)> {
    let ((r0, c0), (_, c1), r1) = (sheet.start, sheet.end, sheet.end.0);
    // The values merged cells repeat, taken before the cells are moved out of the range below.
    let repeated: foldhash::HashMap<(u32, u32), Raw> = sheet
        .merged
        .keys()
        .map(|&at| (at, sheet.raw(at.0, at.1)))
        .collect();
    let blank = |d: Option<&Data>| match d {
        None | Some(Data::Empty) => true,
        Some(Data::String(s)) => trim(s).is_empty(),
        _ => false,
    };
    let range = &mut sheet.range;
    let mut rows = Vec::new();
    for r in header_row + 1..=r1 {
        let wholly_empty = (c0..=c1).all(|c| match repeated.get(&(r, c)) {
            Some(v) => v.is_empty(),
            None => blank(range.get_value((r, c))),
        });
        if wholly_empty {
            continue;
        }
        let cells = columns
            .iter()
            .map(|c| match c {
                None => Raw::Empty,
                Some(c) => match repeated.get(&(r, *c)) {
                    Some(v) => v.clone(),
                    None => raw_owned(std::mem::take(
                        &mut range[((r - r0) as usize, (c - c0) as usize)],
                    )),
                },
            })
            .collect();
        rows.push((r, cells));
    }
    rows
}

/// The most a sheet's XML (or the shared strings') may expand to: a book past it is refused before anything
/// holds it whole (a "zip bomb": a few megabytes that expand to gigabytes).
pub const MAX_PART_BYTES: u64 = 512 << 20;
/// The most rows a sheet may reach (its last row's number, not how many rows hold values): calamine holds a
/// sheet as a dense grid up to its last cell.
pub const MAX_SHEET_ROWS: u32 = 500_000;
/// The most columns a sheet may reach.
pub const MAX_SHEET_COLUMNS: u32 = 256;
/// The most cells a sheet's grid may span (its last row times its last column): about 400 MB as calamine holds
/// it. A national-scale book (100,000 cases) spans at most 3.6 million (加入歴: 300,000 rows of 12 columns).
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
    /// Whether it may hold formulas (an `f` element).
    formulas: bool,
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
    let size = if limit >= 1 << 20 {
        format!("{} MiB", limit >> 20)
    } else {
        format!("{limit} bytes")
    };
    Message::new(
        format!(
            "{what_ja}が展開すると {size} を超えます（上限）。読み込みません。値だけを新しいブックに貼り付けるか、ブックを分けてください"
        ),
        format!(
            "{what_en} expands past {size} (the limit): not read; paste its values into a new book, or split it"
        ),
    )
}

/// Stream a sheet's XML once, never holding it whole: its merged regions, whether it holds formulas, whether it
/// is well-formed (every element closed by its own name, nothing left open) and within the limits.
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
                    scan.too_large = Some(Message::new(
                        format!(
                            "シートが {} 行を超えています（{row} 行目があります。上限）。読み込みません。ブックを分けてください",
                            limits.rows
                        ),
                        format!(
                            "the sheet reaches past {} rows (it has a row {row}; the limit): not read; split the book",
                            limits.rows
                        ),
                    ));
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
                    scan.too_large = Some(Message::new(
                        format!(
                            "シートが {} 列を超えています（{} 列目にセルがあります。上限）。読み込みません",
                            limits.columns,
                            column_letters(column - 1)
                        ),
                        format!(
                            "the sheet reaches past {} columns (a cell in column {}; the limit): not read",
                            limits.columns,
                            column_letters(column - 1)
                        ),
                    ));
                    return scan;
                }
                widest = widest.max(column);
                if u64::from(row) * u64::from(widest) > limits.cells {
                    scan.too_large = Some(Message::new(
                        format!(
                            "シートの範囲が {} セルを超えています（{row} 行 × {widest} 列まで。上限）。読み込みません。ブックを分けてください",
                            limits.cells
                        ),
                        format!(
                            "the sheet spans past {} cells (to row {row} and column {widest}; the limit): not read; split the book",
                            limits.cells
                        ),
                    ));
                    return scan;
                }
            }
            "v" => in_value = opens && shared_cell,
            "f" => scan.formulas = true,
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
    let refused = |reason: String| ReadError::Open {
        path: path.display().to_string(),
        reason,
    };
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
        Bounded {
            inner: part,
            read: 0,
            limit: limits.part_bytes,
        },
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
                        path: path.display().to_string(),
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
        Bounded {
            inner: f,
            read: 0,
            limit: limits.part_bytes,
        }
        .read_to_end(&mut bytes)
        .ok()?;
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
    let sheets = attributes(&part("xl/workbook.xml")?, "sheet");
    for sheet in sheets {
        let (name, id) = (get(&sheet, "name")?, get(&sheet, "id")?);
        let target = targets.get(&id)?;
        let path = match target.strip_prefix('/') {
            Some(absolute) => absolute.to_string(),
            None => format!("xl/{target}"),
        };
        let f = zip.by_name(&path).ok()?;
        let scan = scan_sheet(
            std::io::BufReader::with_capacity(
                1 << 16,
                Bounded {
                    inner: f,
                    read: 0,
                    limit: limits.part_bytes,
                },
            ),
            limits,
            shared_strings,
        );
        found(name, scan);
    }
    Some(())
}

/// The sheets' scans as the scanning thread sends them, in the book's order (`None`: the parts could not be
/// mapped to sheet names from there on).
struct Scans {
    from: std::sync::mpsc::Receiver<Option<(String, SheetScan)>>,
    arrived: foldhash::HashMap<String, SheetScan>,
    unmapped: bool,
}

impl Scans {
    /// The scan of a sheet, waiting for it: `None` when the parts could not be mapped (calamine is asked), an
    /// empty scan for a sheet the scan never met.
    fn of(&mut self, name: &str) -> Option<SheetScan> {
        loop {
            if let Some(scan) = self.arrived.remove(name) {
                return Some(scan);
            }
            if self.unmapped {
                return None;
            }
            match self.from.recv() {
                Ok(Some((sheet, scan))) => {
                    self.arrived.insert(sheet, scan);
                }
                Ok(None) => self.unmapped = true,
                Err(_) => return Some(SheetScan::default()),
            }
        }
    }
}

/// `B5` → (4, 1), 0-based (row, column).
fn cell_position(reference: &str) -> Option<(u32, u32)> {
    // Read for every cell of every sheet: copied only when it has a `$` to take out.
    let reference: std::borrow::Cow<str> = if reference.contains('$') {
        reference.replace('$', "").into()
    } else {
        reference.into()
    };
    let letters = reference
        .bytes()
        .take_while(u8::is_ascii_alphabetic)
        .count();
    if letters == 0 {
        return None;
    }
    let col = reference[..letters].bytes().fold(0u32, |n, b| {
        n * 26 + u32::from(b.to_ascii_uppercase() - b'A') + 1
    });
    let row: u32 = reference[letters..].parse().ok()?;
    Some((row.checked_sub(1)?, col - 1))
}

fn sheet_problem(level: Level, sheet: &str, message: Message) -> Problem {
    Problem {
        level,
        sheet: sheet.to_string(),
        cell: None,
        value: String::new(),
        message,
    }
}
