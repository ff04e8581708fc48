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
        Data::DateTimeIso(s) | Data::DurationIso(s) => Raw::Text(s.clone()),
        Data::Error(e) => Raw::Error(format!("{e:?}")),
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
                Raw::Text(s)
            } else {
                Raw::Text(t.to_string())
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
    let mut sheets = Vec::new();
    let mut all_merges = merged_regions(path);
    for name in names {
        if name == LISTS_SHEET {
            continue; // our own drop-down lists
        }
        let scan = match all_merges.as_mut().map(|m| m.remove(&name)) {
            Some(found) => found.unwrap_or_default(),
            // The quick scan could not map the sheets: ask calamine (a second parse of the sheet).
            None => SheetScan {
                merges: book.merge_cells_by_sheet_name(&name).unwrap_or_default(),
                formulas: true,
                malformed: None,
            },
        };
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
        sheets.push((name, range, (merges, uncached)));
    }
    let total: usize = sheets.iter().map(|(_, r, _)| r.height()).sum();
    let mut done = 0;
    for (name, range, (merges, uncached)) in sheets {
        if !progress(done, total) {
            return Err(ReadError::Cancelled);
        }
        done += range.height();
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
}

/// Why a sheet's XML is not well-formed, if it is not: every element closed by its own name, no unreadable
/// markup, nothing left open at the end.
fn malformed(xml: &[u8]) -> Option<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut depth = 0usize;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(_)) => depth += 1,
            Ok(Event::End(_)) => depth = depth.saturating_sub(1),
            Ok(Event::Eof) => {
                return (depth > 0)
                    .then(|| "the XML ends before its elements are closed".to_string());
            }
            Ok(_) => {}
            Err(e) => return Some(format!("byte {}: {e}", reader.error_position())),
        }
        buf.clear();
    }
}

/// Every sheet's merged regions, whether it may hold formulas and whether its XML is well-formed, by sheet name,
/// found by scanning each sheet's XML rather than parsing it with calamine a second time (which costs as much as
/// reading the cells). `None` when the workbook's parts cannot be mapped to sheet names.
fn merged_regions(path: &Path) -> Option<foldhash::HashMap<String, SheetScan>> {
    use quick_xml::events::Event;
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).ok()?).ok()?;
    let mut part = |name: &str| -> Option<Vec<u8>> {
        let mut f = zip.by_name(name).ok()?;
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).ok()?;
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
    let mut out = foldhash::HashMap::default();
    for sheet in attributes(&part("xl/workbook.xml")?, "sheet") {
        let (name, id) = (get(&sheet, "name")?, get(&sheet, "id")?);
        let target = targets.get(&id)?;
        let path = match target.strip_prefix('/') {
            Some(absolute) => absolute.to_string(),
            None => format!("xl/{target}"),
        };
        let xml = part(&path)?;
        let mut regions = Vec::new();
        for at in memchr::memmem::find_iter(&xml, b"mergeCell ") {
            if at == 0 || !matches!(xml[at - 1], b'<' | b':') {
                continue;
            }
            let rest = &xml[at..];
            let end = memchr::memchr(b'>', rest).unwrap_or(rest.len());
            let tag = std::str::from_utf8(&rest[..end]).ok()?;
            let reference = tag.split("ref=\"").nth(1)?.split('"').next()?;
            let (a, b) = reference.split_once(':').unwrap_or((reference, reference));
            regions.push(Dimensions {
                start: cell_position(a)?,
                end: cell_position(b)?,
            });
        }
        let formulas = [&b"<f>"[..], b"<f ", b":f>", b":f "]
            .iter()
            .any(|needle| memchr::memmem::find(&xml, needle).is_some());
        out.insert(
            name,
            SheetScan {
                merges: regions,
                formulas,
                malformed: malformed(&xml),
            },
        );
    }
    Some(out)
}

/// `B5` → (4, 1), 0-based (row, column).
fn cell_position(reference: &str) -> Option<(u32, u32)> {
    let reference = reference.replace('$', "");
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
