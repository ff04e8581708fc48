//! Reading the exchange workbook with calamine, as EXCHANGE-FORMAT.md says: generous in what it accepts (sheets
//! found by name or header, the header row anywhere in the first 20 rows, columns by header text, merged cells,
//! every date form, numbers typed where codes belong) and exact in what it reports (every problem with its
//! `sheet!cell`, the value seen and what was expected).
//!
//! This module only turns cells into tables of typed values ([`SheetTable`]); `import` builds the project from them.

use std::path::Path;

use calamine::{Data, Dimensions, Reader, Xlsx, open_workbook};
use unicode_normalization::UnicodeNormalization;

use crate::domain::date::{Date, DateTime, DateWarning, parse_date, parse_datetime};
use crate::domain::message::{Lang, Message};
use crate::domain::xml_name::{code_points, is_text_char, strip_control};

use super::sheets::{ALL_SHEETS, SheetKind, column_letters, normalise_header, sheet_by_name};
use super::write::LISTS_SHEET;

/// How bad a problem is: an error stops the import, a warning does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub enum Level {
    /// Nothing is written while any error remains.
    Error,
    /// Worth a look; the import goes ahead.
    Warning,
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

/// A cell as read, before its column's meaning is applied.
#[derive(Debug, Clone, PartialEq)]
pub enum Raw {
    /// Nothing.
    Empty,
    /// Text (trimmed of half- and full-width spaces).
    Text(String),
    /// A number.
    Number(f64),
    /// A cell Excel holds as a date: its serial.
    Date(f64),
    /// TRUE / FALSE.
    Bool(bool),
    /// An error value such as `#REF!`.
    Error(String),
}

impl Raw {
    fn from(d: &Data) -> Raw {
        match d {
            Data::Empty => Raw::Empty,
            Data::String(s) => {
                let t = trim(s);
                if t.is_empty() {
                    Raw::Empty
                } else {
                    Raw::Text(t.to_string())
                }
            }
            Data::Int(i) => Raw::Number(*i as f64),
            Data::Float(f) => Raw::Number(*f),
            Data::Bool(b) => Raw::Bool(*b),
            Data::DateTime(d) => Raw::Date(d.as_f64()),
            Data::DateTimeIso(s) | Data::DurationIso(s) => Raw::Text(s.clone()),
            Data::Error(e) => Raw::Error(format!("{e:?}")),
        }
    }

    fn owned(d: Data) -> Raw {
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
            other => Raw::from(&other),
        }
    }

    /// Whether the cell holds nothing.
    pub fn is_empty(&self) -> bool {
        matches!(self, Raw::Empty)
    }

    /// The value as a person would read it.
    pub fn shown(&self) -> String {
        match self {
            Raw::Empty => String::new(),
            Raw::Text(s) => s.clone(),
            Raw::Number(n) => number_text(*n),
            Raw::Date(s) => Date::from_excel_serial(*s)
                .map(|d| d.to_string())
                .unwrap_or_else(|| number_text(*s)),
            Raw::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Raw::Error(e) => e.clone(),
        }
    }
}

/// Trim half- and full-width spaces (and line breaks) around a text.
pub fn trim(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}')
}

/// A number as text: integers without a decimal point (`2`, not `2.0`).
pub fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// NFKC and trim: the form codes, numbers and dates are compared in.
pub fn nfkc(s: &str) -> String {
    if s.is_ascii() {
        // NFKC leaves ASCII as it is; most codes are ASCII, and this runs on every code cell.
        return trim(s).to_string();
    }
    let n: String = s.nfkc().collect();
    trim(&n).to_string()
}

/// One recognised sheet: its rows under the contract's headers.
#[derive(Debug, Clone)]
pub struct SheetTable {
    /// What the sheet is.
    pub kind: SheetKind,
    /// Its name in the workbook.
    pub name: String,
    /// For each of the contract's headers (in `kind.headers()` order), the column it was found in.
    pub columns: Vec<Option<u32>>,
    /// The data rows: absolute row index (0-based) and one cell per contract header.
    pub rows: Vec<(u32, Vec<Raw>)>,
    /// Position of each contract header in `kind.headers()` (looked up for every field of every row).
    index: foldhash::HashMap<&'static str, usize>,
}

impl SheetTable {
    /// A sheet in the contract's own layout (every column, in order, header on row 1) holding these rows of text:
    /// how the window reads a row typed into a form with exactly the rules of a workbook.
    pub fn from_texts(kind: SheetKind, rows: Vec<Vec<String>>) -> SheetTable {
        let headers = kind.headers();
        SheetTable {
            kind,
            name: kind.name().to_string(),
            columns: (0..headers.len() as u32).map(Some).collect(),
            rows: rows
                .into_iter()
                .enumerate()
                .map(|(i, cells)| {
                    let raw = cells
                        .into_iter()
                        .map(|t| {
                            let t = trim(&t).to_string();
                            if t.is_empty() {
                                Raw::Empty
                            } else {
                                Raw::Text(t)
                            }
                        })
                        .collect();
                    (i as u32 + 1, raw)
                })
                .collect(),
            index: headers
                .iter()
                .enumerate()
                .map(|(i, (h, _))| (*h, i))
                .collect(),
        }
    }

    /// Whether the sheet has a column for this header.
    pub fn has(&self, header: &str) -> bool {
        self.position(header)
            .is_some_and(|i| self.columns[i].is_some())
    }

    fn position(&self, header: &str) -> Option<usize> {
        self.index.get(header).copied()
    }

    /// The cell reference (`R12`) of a header's cell on a row.
    pub fn cell(&self, row: u32, header: &str) -> Option<String> {
        let col = self.columns[self.position(header)?]?;
        Some(format!("{}{}", column_letters(col), row + 1))
    }

    /// The raw value of a header's cell on a row (`None` when the sheet has no such column).
    pub fn raw<'r>(&self, cells: &'r [Raw], header: &str) -> Option<&'r Raw> {
        let i = self.position(header)?;
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
    let mut ranges = Vec::new();
    let mut all_merges = merged_regions(path);
    for name in &names {
        if name == LISTS_SHEET {
            continue; // our own drop-down lists
        }
        let range = book.worksheet_range(name).map_err(|e| open_error(&e))?;
        let merges = match all_merges.as_mut().map(|m| m.remove(name)) {
            Some(found) => found.unwrap_or_default(),
            // The quick scan could not map the sheets: ask calamine (a second parse of the sheet).
            None => book.merge_cells_by_sheet_name(name).unwrap_or_default(),
        };
        ranges.push((name.clone(), range, merges));
    }
    let total: usize = ranges.iter().map(|(_, r, _)| r.height()).sum();
    let mut done = 0;
    for (name, mut range, merges) in ranges {
        if !progress(done, total) {
            return Err(ReadError::Cancelled);
        }
        done += range.height();
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let (r1, c1) = range.end().unwrap_or((0, 0));
        // A merged region's value (at its top-left) counts for every cell it covers.
        let mut merged: foldhash::HashMap<(u32, u32), (u32, u32)> = Default::default();
        for m in &merges {
            for r in m.start.0..=m.end.0 {
                for c in m.start.1..=m.end.1 {
                    if (r, c) != m.start {
                        merged.insert((r, c), m.start);
                    }
                }
            }
        }
        let data = |r: u32, c: u32| -> Option<&Data> {
            let at = if merged.is_empty() {
                (r, c)
            } else {
                merged.get(&(r, c)).copied().unwrap_or((r, c))
            };
            range.get_value(at)
        };
        let cell = |r: u32, c: u32| -> Raw { data(r, c).map(Raw::from).unwrap_or(Raw::Empty) };
        if range.is_empty() {
            if sheet_by_name(&name).is_none() {
                out.problems.push(sheet_problem(
                    Level::Warning,
                    &name,
                    Message::new(
                        "空のシートで、様式のどのシートでもないため読み飛ばしました",
                        "an empty sheet that is none of the contract's sheets: skipped",
                    ),
                ));
            }
            continue;
        }
        let header_of = |r: u32| -> Vec<(u32, String)> {
            (c0..=c1)
                .filter_map(|c| match cell(r, c) {
                    Raw::Text(t) => Some((c, normalise_header(&t))),
                    _ => None,
                })
                .collect()
        };
        let has_required = |kind: SheetKind, header: &[(u32, String)]| {
            kind.headers()
                .iter()
                .filter(|(_, req)| *req)
                .all(|(h, _)| header.iter().any(|(_, x)| x == h))
        };
        let search_end = r1.min(r0 + HEADER_SEARCH_ROWS - 1);
        let by_name = sheet_by_name(&name);
        let mut found: Option<(SheetKind, u32, HeaderCells)> = None;
        for r in r0..=search_end {
            let header = header_of(r);
            if header.is_empty() {
                continue;
            }
            let kind = match by_name {
                Some(k) => has_required(k, &header).then_some(k),
                // Recognised by its header: the sheet whose required headers are all there, the most of them.
                None => ALL_SHEETS
                    .into_iter()
                    .filter(|k| has_required(*k, &header))
                    .max_by_key(|k| k.headers().iter().filter(|(_, req)| *req).count()),
            };
            if let Some(k) = kind {
                found = Some((k, r, header));
                break;
            }
        }
        let Some((kind, header_row, header)) = found else {
            match by_name {
                Some(k) => {
                    let required: Vec<&str> = k
                        .headers()
                        .iter()
                        .filter(|(_, r)| *r)
                        .map(|(h, _)| *h)
                        .collect();
                    out.problems.push(sheet_problem(
                        Level::Error,
                        &name,
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
                    ));
                }
                None => out.problems.push(sheet_problem(
                    Level::Warning,
                    &name,
                    Message::new(
                        "様式のどのシートでもない（シート名・見出しとも一致しない）ため読み飛ばしました",
                        "not one of the contract's sheets (neither its name nor its headers match): skipped",
                    ),
                )),
            }
            continue;
        };
        let headers = kind.headers();
        let mut columns: Vec<Option<u32>> = vec![None; headers.len()];
        for (c, h) in &header {
            match headers.iter().position(|(x, _)| x == h) {
                Some(i) if columns[i].is_none() => columns[i] = Some(*c),
                Some(_) => out.problems.push(Problem {
                    level: Level::Warning,
                    sheet: name.clone(),
                    cell: Some(format!("{}{}", column_letters(*c), header_row + 1)),
                    value: h.clone(),
                    message: Message::new(
                        "同じ見出しの列が二つあります。最初の列を読み、この列は無視します",
                        "a second column with the same header: the first is read, this one ignored",
                    ),
                }),
                None => out.problems.push(Problem {
                    level: Level::Warning,
                    sheet: name.clone(),
                    cell: Some(format!("{}{}", column_letters(*c), header_row + 1)),
                    value: h.clone(),
                    message: Message::new(
                        format!("列「{h}」は様式にないため無視します"),
                        format!("column \"{h}\" is not in the contract: ignored"),
                    ),
                }),
            }
        }
        // The values merged cells repeat, taken before the cells are moved out of the range below.
        let repeated: foldhash::HashMap<(u32, u32), Raw> =
            merged.keys().map(|&at| (at, cell(at.0, at.1))).collect();
        let mut rows = Vec::new();
        let blank = |d: Option<&Data>| match d {
            None | Some(Data::Empty) => true,
            Some(Data::String(s)) => trim(s).is_empty(),
            _ => false,
        };
        for r in header_row + 1..=r1 {
            let wholly_empty = (c0..=c1).all(|c| match repeated.get(&(r, c)) {
                Some(v) => v.is_empty(),
                None => blank(range.get_value((r, c))),
            });
            if wholly_empty {
                continue;
            }
            // Each cell is read once: moved out of the range rather than copied.
            let cells = columns
                .iter()
                .map(|c| match c {
                    None => Raw::Empty,
                    Some(c) => match repeated.get(&(r, *c)) {
                        Some(v) => v.clone(),
                        None => Raw::owned(std::mem::take(
                            &mut range[((r - r0) as usize, (c - c0) as usize)],
                        )),
                    },
                })
                .collect();
            rows.push((r, cells));
        }
        out.sheets.push(SheetTable {
            kind,
            name,
            columns,
            rows,
            index: headers
                .iter()
                .enumerate()
                .map(|(i, (h, _))| (*h, i))
                .collect(),
        });
    }
    progress(total, total);
    Ok(out)
}

/// Every sheet's merged regions, by sheet name, found by scanning each sheet's XML for `mergeCell` elements
/// rather than parsing it a second time (calamine's way costs as much as reading the cells). `None` when the
/// workbook's parts cannot be mapped to sheet names.
fn merged_regions(path: &Path) -> Option<foldhash::HashMap<String, Vec<Dimensions>>> {
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
        out.insert(name, regions);
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

/// Reads typed values out of one row of a sheet, collecting the problems of its cells.
pub struct RowReader<'t> {
    /// The sheet.
    pub table: &'t SheetTable,
    /// Absolute row index.
    pub row: u32,
    /// The row's cells.
    pub cells: &'t [Raw],
    /// Problems found so far (shared by the whole read).
    pub problems: &'t mut Vec<Problem>,
}

impl<'t> RowReader<'t> {
    /// A problem at a header's cell on this row.
    pub fn problem(&mut self, level: Level, header: &str, message: Message) {
        let value = self
            .table
            .raw(self.cells, header)
            .map(Raw::shown)
            .unwrap_or_default();
        // A control character is shown by its code point, never sent to a terminal.
        let value = if value.chars().all(is_text_char) {
            value
        } else {
            value
                .chars()
                .map(|c| match is_text_char(c) {
                    true => c.to_string(),
                    false => format!("<U+{:04X}>", c as u32),
                })
                .collect()
        };
        self.problems.push(Problem {
            level,
            sheet: self.table.name.clone(),
            cell: self.table.cell(self.row, header),
            value,
            message,
        });
    }

    fn required_missing(&mut self, header: &str) {
        self.problem(
            Level::Error,
            header,
            Message::new(
                format!("必須の「{header}」がありません"),
                format!("the required {header} is empty"),
            ),
        );
    }

    /// An optional column's value: read when the sheet has the column, otherwise `kept` — what the project holds
    /// (or the default for a new row). A book that leaves a column out changes nothing in that field.
    pub fn or_keep<T: Default>(
        &mut self,
        header: &str,
        read: impl FnOnce(&mut Self) -> T,
        kept: impl FnOnce() -> Option<T>,
    ) -> T {
        if self.has(header) {
            read(self)
        } else {
            kept().unwrap_or_default()
        }
    }

    /// Whether the sheet has this column (an absent column leaves the field as it is in the project).
    pub fn has(&self, header: &str) -> bool {
        self.table.has(header)
    }

    fn raw(&self, header: &str) -> &'t Raw {
        self.table.raw(self.cells, header).unwrap_or(&Raw::Empty)
    }

    /// A name or free text: trimmed, never normalised. Numbers read as they show.
    pub fn text(&mut self, header: &str) -> String {
        match self.raw(header) {
            Raw::Error(e) => {
                self.problem(
                    Level::Error,
                    header,
                    Message::new(
                        format!("セルがエラー値（{e}）です"),
                        format!("the cell holds an error value ({e})"),
                    ),
                );
                String::new()
            }
            Raw::Text(t) => self.without_control(header, t),
            other => other.shown(),
        }
    }

    /// `text` without the control characters XML cannot carry, each removal reported at the cell (a value
    /// reaches the answer XML, which no parser reads with them).
    fn without_control(&mut self, header: &str, text: &str) -> String {
        let (kept, removed) = strip_control(text);
        if removed.is_empty() {
            return kept.into_owned();
        }
        let kept = kept.into_owned();
        let chars = code_points(&removed);
        self.problem(
            Level::Warning,
            header,
            Message::new(
                format!("XML に書けない制御文字（{chars}）を取り除き、「{kept}」と読みました"),
                format!(
                    "removed control characters XML cannot carry ({chars}): read as \"{kept}\""
                ),
            ),
        );
        kept
    }

    /// Required free text.
    pub fn required_text(&mut self, header: &str) -> String {
        let t = self.text(header);
        if t.is_empty() {
            self.required_missing(header);
        }
        t
    }

    /// A code or number, NFKC-normalised. A number typed by Excel reads as its digits; `pad` restores leading
    /// zeros to the widths given, with a warning.
    pub fn code(&mut self, header: &str, pad: &[(usize, usize)]) -> String {
        match self.raw(header) {
            Raw::Empty => String::new(),
            &Raw::Number(n) | &Raw::Date(n) => {
                let digits = number_text(n);
                if let Some(&(_, to)) = pad.iter().find(|(from, _)| *from == digits.len()) {
                    let padded = format!("{digits:0>to$}");
                    self.problem(
                        Level::Warning,
                        header,
                        Message::new(
                            format!("数値として入力されていたため、先頭の0を補って {padded} と読みました"),
                            format!("typed as a number: read as {padded}, leading zeros restored"),
                        ),
                    );
                    padded
                } else {
                    digits
                }
            }
            Raw::Text(t) => {
                let t = nfkc(t);
                self.without_control(header, &t)
            }
            Raw::Error(_) => self.text(header),
            other => nfkc(&other.shown()),
        }
    }

    /// Whether the header's cell was typed as a number.
    pub fn is_number(&self, header: &str) -> bool {
        matches!(self.raw(header), Raw::Number(_))
    }

    /// A required code.
    pub fn required_code(&mut self, header: &str, pad: &[(usize, usize)]) -> String {
        let c = self.code(header, pad);
        if c.is_empty() {
            self.required_missing(header);
        }
        c
    }

    /// A date in any form the contract allows; `None` when empty or unreadable (reported).
    pub fn date(&mut self, header: &str) -> Option<Date> {
        match self.raw(header) {
            Raw::Empty => None,
            &Raw::Date(serial) => self.serial_date(header, serial),
            &Raw::Number(serial) => {
                let d = self.serial_date(header, serial)?;
                self.problem(
                    Level::Warning,
                    header,
                    Message::new(
                        format!(
                            "数値 {} をExcelのシリアル値として {d} と読みました",
                            number_text(serial)
                        ),
                        format!(
                            "the number {} was read as an Excel serial date: {d}",
                            number_text(serial)
                        ),
                    ),
                );
                Some(d)
            }
            Raw::Text(t) => match parse_date(t) {
                Ok(p) => {
                    if let Some(w) = p.warning {
                        self.date_warning(header, &w);
                    }
                    Some(p.date)
                }
                Err(e) => {
                    self.date_error(header, &e.to_string());
                    None
                }
            },
            other => {
                let shown = other.shown();
                self.date_error(header, &format!("「{shown}」は日付として読めません"));
                None
            }
        }
    }

    fn serial_date(&mut self, header: &str, serial: f64) -> Option<Date> {
        let d = Date::from_excel_serial(serial);
        if d.is_none() {
            self.date_error(
                header,
                &format!("シリアル値 {} は日付になりません", number_text(serial)),
            );
        }
        d
    }

    fn date_warning(&mut self, header: &str, w: &DateWarning) {
        self.problem(
            Level::Warning,
            header,
            Message::new(w.message_ja(), w.message_en()),
        );
    }

    fn date_error(&mut self, header: &str, why: &str) {
        const EXAMPLES: &str = "2018-07-27、2018/7/27、H30.7.27、平成30年7月27日";
        let (ja, en) = split_bilingual(why);
        let ja = if ja.contains("日付として読めません") {
            format!("{ja}（例: {EXAMPLES}）")
        } else {
            format!("日付として読めません: {ja}（例: {EXAMPLES}）")
        };
        let en = if en.starts_with("expected") {
            format!("not a date: {en}")
        } else {
            format!(
                "not a date: {en} (expected e.g. 2018-07-27, 2018/7/27, H30.7.27, 平成30年7月27日)"
            )
        };
        self.problem(Level::Error, header, Message::new(ja, en));
    }

    /// A required date.
    pub fn required_date(&mut self, header: &str) -> Option<Date> {
        if self.raw(header).is_empty() {
            self.required_missing(header);
            return None;
        }
        self.date(header)
    }

    /// A date-time (a date alone is midnight).
    pub fn datetime(&mut self, header: &str) -> Option<DateTime> {
        match self.raw(header) {
            Raw::Empty => None,
            &Raw::Date(serial) | &Raw::Number(serial) => {
                let d = DateTime::from_excel_serial(serial);
                if d.is_none() {
                    self.date_error(
                        header,
                        &format!("シリアル値 {} は日時になりません", number_text(serial)),
                    );
                }
                d
            }
            Raw::Text(t) => match parse_datetime(t) {
                Ok((d, w)) => {
                    if let Some(w) = w {
                        self.date_warning(header, &w);
                    }
                    Some(d)
                }
                Err(e) => {
                    self.date_error(header, &e.to_string());
                    None
                }
            },
            other => {
                let shown = other.shown();
                self.date_error(header, &format!("「{shown}」は日時として読めません"));
                None
            }
        }
    }

    /// An amount in yen: `12345`, `12,345`, `12,345円`, full-width digits.
    pub fn amount(&mut self, header: &str) -> Option<i64> {
        let expected = Message::new(
            "金額（円、整数。例: 12345、12,345、12,345円）として読めません",
            "not an amount in yen (an integer, e.g. 12345, 12,345 or 12,345円)",
        );
        match self.raw(header) {
            Raw::Empty => None,
            &Raw::Number(n) if n.fract() == 0.0 => Some(n as i64),
            Raw::Text(t) => {
                let n = nfkc(t);
                let digits: String = n
                    .trim_start_matches(['¥', '￥', '\\'])
                    .trim_end_matches('円')
                    .chars()
                    .filter(|c| *c != ',' && !c.is_whitespace())
                    .collect();
                match digits.parse::<i64>() {
                    Ok(v) => Some(v),
                    Err(_) => {
                        self.problem(Level::Error, header, expected);
                        None
                    }
                }
            }
            _ => {
                self.problem(Level::Error, header, expected);
                None
            }
        }
    }

    /// A small whole number within `range`.
    pub fn small_number(
        &mut self,
        header: &str,
        range: std::ops::RangeInclusive<u8>,
    ) -> Option<u8> {
        let text = self.code(header, &[]);
        if text.is_empty() {
            return None;
        }
        match text.parse::<u8>() {
            Ok(v) if range.contains(&v) => Some(v),
            _ => {
                self.problem(
                    Level::Error,
                    header,
                    Message::new(
                        format!("{}～{} の整数が必要です", range.start(), range.end()),
                        format!(
                            "expected a whole number from {} to {}",
                            range.start(),
                            range.end()
                        ),
                    ),
                );
                None
            }
        }
    }

    /// A flag: ○ (also ◯, 〇, 1, TRUE, はい) or empty.
    pub fn flag(&mut self, header: &str) -> bool {
        match self.raw(header) {
            Raw::Empty => false,
            &Raw::Bool(b) => b,
            other => {
                let t = nfkc(&other.shown());
                match t.as_str() {
                    "○" | "◯" | "〇" | "●" | "1" | "TRUE" | "true" | "はい" | "Y" | "y" => {
                        true
                    }
                    "×" | "0" | "FALSE" | "false" | "いいえ" | "N" | "n" | "-" | "－" => false,
                    _ => {
                        self.problem(
                            Level::Error,
                            header,
                            Message::new("○ または空欄が必要です", "expected ○ or an empty cell"),
                        );
                        false
                    }
                }
            }
        }
    }

    /// A required value from a fixed list ([`RowReader::choice`]): empty is an error.
    pub fn required_choice<T>(
        &mut self,
        header: &str,
        parse: impl Fn(&str) -> Option<T>,
        expected: &[&str],
    ) -> Option<T> {
        if self.raw(header).is_empty() {
            self.required_missing(header);
            return None;
        }
        self.choice(header, parse, expected)
    }

    /// A value from a fixed list, read by `parse`; `expected` names the allowed values.
    pub fn choice<T>(
        &mut self,
        header: &str,
        parse: impl Fn(&str) -> Option<T>,
        expected: &[&str],
    ) -> Option<T> {
        let t = self.code(header, &[]);
        if t.is_empty() {
            return None;
        }
        let v = parse(&t).or_else(|| parse(&normalise_header(&t)));
        if v.is_none() {
            self.problem(
                Level::Error,
                header,
                Message::new(
                    format!("{} のいずれかが必要です", expected.join("、")),
                    format!("expected one of {}", expected.join(", ")),
                ),
            );
        }
        v
    }
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
}

/// Split a "日本語 / English" or "日本語 (English)" error text into its halves.
fn split_bilingual(s: &str) -> (String, String) {
    if let Some((ja, en)) = s.split_once(" / ") {
        return (ja.to_string(), en.to_string());
    }
    if let Some(i) = s.rfind(" (")
        && s.ends_with(')')
    {
        return (s[..i].to_string(), s[i + 2..s.len() - 1].to_string());
    }
    (s.to_string(), s.to_string())
}
