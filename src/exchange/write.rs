//! Writing the exchange workbook with rust_xlsxwriter: a title block above a styled, frozen header row,
//! auto-filter, fitted widths, drop-down lists, dates as real Excel dates in the chosen style, and every text
//! written as text (a value starting with `=`, `+`, `-` or `@` can never become a formula).

use std::borrow::Cow;
use std::path::Path;

use rust_xlsxwriter::{
    Color, DataValidation, DataValidationRule, Format, FormatBorder, Formula, Workbook, XlsxError,
};

use rust_xlsxwriter::Worksheet;

use crate::domain::date::{Date, DateStyle, DateTime, Era};
use crate::domain::model::kinds::EntityKind;
use crate::domain::model::*;

use super::marks::{Marks, marks, note_text};
use super::sheet_rows::{Cell, each_sheet_row, sheet_len};
use super::sheets::{AGREEMENT_FIELDS, ALL_SHEETS, SheetKind, column_letters};
use super::validation::{Allowed, Validation, validations};

/// Row (0-based) of the header; the title block is above it.
pub const HEADER_ROW: u32 = 3;

/// The hidden sheet holding the drop-down lists' values.
pub const LISTS_SHEET: &str = "_リスト";

/// What to write.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    /// The sheets, in order.
    pub sheets: Vec<SheetKind>,
    /// How dates are shown.
    pub date_style: DateStyle,
    /// The export date written in the title block.
    pub today: Date,
    /// Whether テストケース一覧 carries the 確認 columns (agreement states).
    pub agreement: bool,
    /// Leave every 個人番号 out: the ロールモデル sheet has no 個人番号 column (a book read back leaves the receiver's
    /// as they are).
    pub without_my_number: bool,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            sheets: ALL_SHEETS.to_vec(),
            date_style: DateStyle::Iso,
            today: Date::ymd(2000, 1, 1),
            agreement: true,
            without_my_number: false,
        }
    }
}

/// The columns of a sheet a book carries (indices into [`SheetKind::columns`]).
fn written_columns(kind: SheetKind, options: &ExportOptions, several_parties: bool) -> Vec<usize> {
    kind.columns()
        .iter()
        .enumerate()
        // 団体 only where the book holds several parties' rows (a whole project's book): one party's book is the
        // contract's sheet as it is.
        .filter(|(_, (f, _))| several_parties || *f != crate::domain::model::field::Field::Party)
        .filter(|(_, (f, _))| options.agreement || !AGREEMENT_FIELDS.contains(f))
        .filter(|(_, (f, _))| {
            !(options.without_my_number && *f == crate::domain::model::field::Field::MyNumber)
        })
        .map(|(i, _)| i)
        .collect()
}

/// Whether the rows a book is written from belong to more than one party (whichever lists were read: a book of
/// some sheets is written from those sheets' lists alone, and must be the book the whole project gives).
fn several_parties(p: &Project) -> bool {
    let mut parties = p
        .test_cases
        .iter()
        .map(|x| &x.party)
        .chain(p.scenarios.iter().map(|x| &x.party))
        .chain(p.variations.iter().map(|x| &x.party))
        .chain(p.role_models.iter().map(|x| &x.party))
        .chain(p.memberships.iter().map(|x| &x.party))
        .chain(p.benefits.iter().map(|x| &x.party));
    let Some(first) = parties.next() else {
        return false;
    };
    parties.any(|x| x != first)
}

/// Display width of a text in Excel's character units (wide characters count twice).
fn text_width(s: &str) -> f64 {
    s.chars().map(|c| if (c as u32) < 0x1100 { 1.0 } else { 2.0 }).sum()
}

/// The first date Excel and LibreOffice show alike from its serial: Excel counts a 1900-02-29 that never was,
/// LibreOffice does not, so serials before 1900-03-01 name different days in the two (and Excel has no dates
/// before 1900-01-01 at all). Earlier dates are written as text in the chosen style, which the import reads back.
pub fn first_serial_date() -> Date {
    Date::ymd(1900, 3, 1)
}

/// The era number format both Excel and LibreOffice render: `[$-411]` (ja-JP) with `ggge`. Excel's own
/// `[$-ja-JP-x-gannen]` is not read by LibreOffice, which shows the bare serial.
const WAREKI: &str = "[$-411]ggge\"年\"m\"月\"d\"日\"";

/// The same, writing 元年 for an era's first year (neither program does with `[$-411]` alone).
const WAREKI_GANNEN: &str = "[$-411]ggg\"元年\"m\"月\"d\"日\"";

/// How dates are written: real Excel dates in the chosen style, shown alike by Excel and LibreOffice.
struct DateFormats {
    style: DateStyle,
    /// The style's format, without and with the time of day.
    plain: [Format; 2],
    /// For each era that starts after [`first_serial_date`]: a format that shows its first year as 元年 and any
    /// other date as `plain` does, by conditions on the serial, so a date typed over it later still shows right.
    gannen: Vec<(Era, [Format; 2])>,
}

impl DateFormats {
    fn new(style: DateStyle) -> DateFormats {
        const TIME: &str = " hh:mm:ss";
        let format = |f: String| Format::new().set_num_format(f);
        match style {
            DateStyle::Iso => DateFormats {
                style,
                plain: [
                    format("yyyy-mm-dd".into()),
                    format(format!("yyyy-mm-dd{TIME}")),
                ],
                gannen: Vec::new(),
            },
            DateStyle::Wareki => DateFormats {
                style,
                plain: [format(WAREKI.into()), format(format!("{WAREKI}{TIME}"))],
                gannen: Era::ALL
                    .into_iter()
                    .filter(|e| e.first_day() >= first_serial_date())
                    .map(|era| {
                        let from = era.first_day().to_excel_serial();
                        let to = Date::ymd(era.first_day().year() + 1, 1, 1).to_excel_serial();
                        let conditional = |time: &str| {
                            format(format!(
                                "[<{from}]{WAREKI}{time};[<{to}]{WAREKI_GANNEN}{time};{WAREKI}{time}"
                            ))
                        };
                        (era, [conditional(""), conditional(TIME)])
                    })
                    .collect(),
            },
        }
    }

    /// The format a date is written with, or `None` when it is written as text (before [`first_serial_date`]).
    fn of(&self, d: Date, with_time: bool) -> Option<&Format> {
        if d < first_serial_date() {
            return None;
        }
        let t = usize::from(with_time);
        let first_year = Era::of(d).filter(|e| e.first_day().year() == d.year());
        Some(
            first_year
                .and_then(|era| self.gannen.iter().find(|(e, _)| *e == era))
                .map(|(_, f)| &f[t])
                .unwrap_or(&self.plain[t]),
        )
    }

    /// A date-time as text in the chosen style (for one before [`first_serial_date`]).
    fn text(&self, d: DateTime) -> String {
        format!("{} {:02}:{:02}:{:02}", d.date.format(self.style), d.hour, d.minute, d.second)
    }

    /// A column's width for dates in this style.
    fn width(&self, with_time: bool) -> f64 {
        match (self.style, with_time) {
            (DateStyle::Iso, false) => 11.0,
            (DateStyle::Wareki, false) => 17.0,
            (_, true) => 26.0,
        }
    }
}

/// The lists of a project a book of `sheets` is written from, beside what every book is written from: the name,
/// the masters (the drop-downs' lists) and the findings (their fills and notes may fall on any sheet). A command
/// writing some sheets reads only these (`Store::load_only`).
pub fn lists_needed(sheets: &[SheetKind]) -> Vec<EntityKind> {
    use EntityKind::*;
    let mut out: Vec<EntityKind> = Vec::new();
    for sheet in sheets {
        let needs: &[EntityKind] = match sheet {
            // A scenario's and a variation's names stand on the test cases' rows.
            SheetKind::TestCases => &[Scenario, Variation, TestCase],
            SheetKind::RoleModels => &[RoleModel],
            SheetKind::Memberships => &[Membership],
            SheetKind::Benefits => &[Benefit],
            // A finding names its row as the contract does: its ID, or 機関コード:ID where two parties use the ID.
            SheetKind::Findings => &[Scenario, Variation, TestCase, RoleModel],
            SheetKind::Insurers | SheetKind::Institutions | SheetKind::Codes => &[],
        };
        for kind in needs {
            if !out.contains(kind) {
                out.push(*kind);
            }
        }
    }
    out
}

/// The formats every sheet shares.
struct Styles {
    header: Format,
    title: Format,
    text: Format,
    dates: DateFormats,
}

/// The drop-down lists, each with its column on the lists sheet: lists with the same values share one.
struct Lists<'a> {
    validations: &'a [Validation],
    /// Per validation, its list's column (none for a whole number or an empty master).
    column_of: Vec<Option<usize>>,
    /// Each column's values.
    columns: Vec<&'a [String]>,
}

impl<'a> Lists<'a> {
    fn new(validations: &'a [Validation]) -> Lists<'a> {
        let mut columns: Vec<&[String]> = Vec::new();
        let column_of = validations
            .iter()
            .map(|v| match &v.allowed {
                Allowed::List(values) if !values.is_empty() => {
                    Some(match columns.iter().position(|c| *c == values.as_slice()) {
                        Some(i) => i,
                        None => {
                            columns.push(values);
                            columns.len() - 1
                        }
                    })
                }
                _ => None,
            })
            .collect();
        Lists { validations, column_of, columns }
    }
}

/// Counts rows written and asks `progress` every thousand whether to go on.
struct Progress<F> {
    done: usize,
    total: usize,
    report: F,
}

impl<F: FnMut(usize, usize) -> bool> Progress<F> {
    /// One more row; `false` when the user cancelled.
    fn row(&mut self) -> bool {
        self.done += 1;
        !self.done.is_multiple_of(1000) || (self.report)(self.done, self.total)
    }
}

/// Write a project into a workbook at `path`. `progress(done, total)` is called every thousand rows; returning
/// `false` cancels (nothing is written).
pub fn write_workbook(
    p: &Project,
    path: &Path,
    options: &ExportOptions,
    progress: impl FnMut(usize, usize) -> bool,
) -> Result<bool, XlsxError> {
    write_workbook_with(p, path, (options, None), progress)
}

/// [`write_workbook`], protected by a password when one is given.
pub fn write_workbook_with(
    p: &Project,
    path: &Path,
    (options, password): (&ExportOptions, Option<&str>),
    mut progress: impl FnMut(usize, usize) -> bool,
) -> Result<bool, XlsxError> {
    match written_book(p, options, &mut progress)? {
        Some(book) => {
            match password {
                Some(password) => book.save_protected(path, password, &mut progress)?,
                None => book.save(path, &mut progress)?,
            }
            Ok(true)
        }
        None => Ok(false),
    }
}

/// A project's workbook with every sheet written, not yet saved ([`WrittenBook::save`]).
pub struct WrittenBook {
    book: Workbook,
    /// The rows written (what progress counts to).
    total: usize,
}

impl WrittenBook {
    /// Save it at `path`; `progress` is told the whole is done.
    pub fn save(
        mut self,
        path: &Path,
        progress: &mut impl FnMut(usize, usize) -> bool,
    ) -> Result<(), XlsxError> {
        // Into a temporary file beside the destination, which it replaces only once complete: an export cut off
        // leaves the previous book as it was.
        let book = &mut self.book;
        crate::platform::files::replace_with(path, |temporary| book.save(temporary))?;
        progress(self.total, self.total);
        Ok(())
    }

    /// Save it at `path` encrypted with `password` (a book Excel and LibreOffice open with it); no unencrypted
    /// byte of it is written to the disk.
    pub fn save_protected(
        mut self,
        path: &Path,
        password: &str,
        progress: &mut impl FnMut(usize, usize) -> bool,
    ) -> Result<(), XlsxError> {
        let bytes = self.book.save_to_buffer()?;
        crate::platform::files::replace_with(path, |temporary| {
            crate::exchange::protect::write_encrypted(temporary, &bytes, password)
        })?;
        progress(self.total, self.total);
        Ok(())
    }
}

/// A project's workbook with every sheet written (`None` when `progress` cancels: nothing is saved). The book no
/// longer needs the project: an owner of the project can let go of it before the book is saved, which at
/// national scale is the project's 200 MB beside what the saving holds.
pub fn written_book(
    p: &Project,
    options: &ExportOptions,
    progress: &mut impl FnMut(usize, usize) -> bool,
) -> Result<Option<WrittenBook>, XlsxError> {
    let mut book = Workbook::new();
    let styles = Styles {
        header: Format::new()
            .set_bold()
            .set_background_color(Color::RGB(0xDDEBF7))
            .set_border(FormatBorder::Thin)
            .set_text_wrap(),
        title: Format::new().set_bold().set_font_size(14),
        text: Format::new().set_num_format("@"),
        dates: DateFormats::new(options.date_style),
    };
    let validations = validations(p);
    let lists = Lists::new(&validations);
    let total: usize = options.sheets.iter().map(|k| sheet_len(*k, p)).sum::<usize>().max(1);
    if !progress(0, total) {
        return Ok(None);
    }
    let mut rows_written = Progress { done: 0, total, report: &mut *progress };
    // Whether the rows are of several parties: worked out once for the book, not once per sheet.
    let several = several_parties(p);
    for kind in &options.sheets {
        // A worksheet that keeps only its current row (and the shared strings) in memory: a national-scale export
        // does not hold every cell twice.
        let ws = book.add_worksheet_with_low_memory()?;
        if !write_sheet(ws, *kind, p, (options, several), &styles, &lists, &mut rows_written)? {
            return Ok(None); // nothing saved yet: the file is not touched
        }
    }
    write_lists_sheet(book.add_worksheet(), &lists, &styles.text)?;
    Ok(Some(WrittenBook { book, total }))
}

/// One sheet: its title block, header, rows, widths, page setup, filter and drop-downs. `false` when cancelled.
fn write_sheet<F: FnMut(usize, usize) -> bool>(
    ws: &mut Worksheet,
    kind: SheetKind,
    p: &Project,
    (options, several_parties): (&ExportOptions, bool),
    styles: &Styles,
    lists: &Lists,
    progress: &mut Progress<F>,
) -> Result<bool, XlsxError> {
    // One sheet's rows at a time, written row by row; the columns the book carries.
    let columns = written_columns(kind, options, several_parties);
    let rows = each_sheet_row(kind, p);
    let row_count = sheet_len(kind, p);
    let all_headers = kind.headers();
    let headers: Vec<(&str, bool)> = columns.iter().map(|&i| all_headers[i]).collect();
    let marks = marks(p, kind);
    ws.set_name(kind.name())?;
    ws.write_string_with_format(0, 0, &p.name, &styles.title)?;
    ws.write_string(1, 0, format!("{}（書き出し日 {}）", kind.name(), options.today))?;
    let mut widths: Vec<f64> = headers.iter().map(|(h, _)| text_width(h) + 2.0).collect();
    for (c, (h, _)) in headers.iter().enumerate() {
        ws.write_string_with_format(HEADER_ROW, c as u16, *h, &styles.header)?;
    }
    for (r, row) in rows.enumerate() {
        if !progress.row() {
            return Ok(false);
        }
        let cells: Vec<(usize, &Cell)> = columns.iter().map(|&i| (i, &row[i])).collect();
        let at = (HEADER_ROW + 1 + r as u32, r);
        write_row(ws, at, &cells, (styles, &marks), &mut widths)?;
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, w.min(60.0))?;
    }
    let last_row = HEADER_ROW + row_count.max(1) as u32;
    // Printed as forms are: landscape A4, one page wide, the header row on every page, the sheet's name and
    // the page number in the footer.
    ws.set_landscape().set_paper_size(9).set_print_fit_to_pages(1, 0).set_footer("&L&A&R&P / &N");
    ws.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    ws.set_freeze_panes(HEADER_ROW + 1, 0)?;
    ws.autofilter(HEADER_ROW, 0, last_row, headers.len() as u16 - 1)?;
    add_validations(ws, (kind, &headers), lists, row_count)?;
    Ok(true)
}

/// The fill of a cell a finding is about, by the worst severity among its findings.
fn mark_fill(findings: &[&crate::domain::model::Finding]) -> Color {
    use crate::domain::check::Severity;
    match findings.iter().map(|f| f.severity).min() {
        Some(Severity::Error) => Color::RGB(0xFFC7CE),
        Some(Severity::Warning) => Color::RGB(0xFFEB9C),
        _ => Color::RGB(0xDDEBF7),
    }
}

/// One row's cells (each with its index among the sheet's columns), each in its kind's format, widening `widths`
/// to fit; a cell an open finding is about is filled and carries the finding's text as a note.
fn write_row(
    ws: &mut Worksheet,
    (r, row_index): (u32, usize),
    cells: &[(usize, &Cell)],
    (styles, marks): (&Styles, &Marks),
    widths: &mut [f64],
) -> Result<(), XlsxError> {
    let (text, dates) = (&styles.text, &styles.dates);
    for (c, &(column, cell)) in cells.iter().enumerate() {
        let col = c as u16;
        let marked = marks.get(&(row_index, column));
        // A marked cell's format: its own with the finding's fill; an unmarked cell's is its own, not a copy (a
        // national book has 6.7 million cells).
        let fill = |f| match marked {
            Some(findings) => {
                Cow::Owned(Format::clone(f).set_background_color(mark_fill(findings)))
            }
            None => Cow::Borrowed(f),
        };
        match cell {
            Cell::Text(s) => {
                ws.write_string_with_format(r, col, s, &fill(text))?;
                widths[c] = widths[c].max(text_width(s) + 1.0);
            }
            Cell::Date(d) => {
                match dates.of(*d, false) {
                    Some(f) => {
                        ws.write_number_with_format(r, col, d.to_excel_serial(), &fill(f))?
                    }
                    None => {
                        ws.write_string_with_format(r, col, d.format(dates.style), &fill(text))?
                    }
                };
                widths[c] = widths[c].max(dates.width(false));
            }
            Cell::DateTime(d) => {
                match dates.of(d.date, true) {
                    Some(f) => {
                        ws.write_number_with_format(r, col, d.to_excel_serial(), &fill(f))?
                    }
                    None => ws.write_string_with_format(r, col, dates.text(*d), &fill(text))?,
                };
                widths[c] = widths[c].max(dates.width(true));
            }
            // Without a fill, the default format: the cell's style is the book's first (none written).
            Cell::Number(x) if marked.is_none() => {
                ws.write_number(r, col, *x)?;
            }
            Cell::Number(x) => {
                ws.write_number_with_format(r, col, *x, &fill(&Format::new()))?;
            }
            Cell::Empty if marked.is_some() => {
                ws.write_blank(r, col, &fill(text))?;
            }
            Cell::Empty => {}
        }
        if let Some(findings) = marked {
            let author = findings.first().map(|f| f.raised_by.as_str()).unwrap_or("");
            // Wide enough for a sentence of Japanese per line when the receiver shows it.
            let note = rust_xlsxwriter::Note::new(note_text(findings))
                .set_author(author)
                .set_width(320)
                .set_height(120);
            ws.insert_note(r, col, &note)?;
        }
    }
    Ok(())
}

/// The sheet's drop-downs and whole-number checks, over its rows and at least a thousand more for new ones.
fn add_validations(
    ws: &mut Worksheet,
    (kind, headers): (SheetKind, &[(&str, bool)]),
    lists: &Lists,
    rows: usize,
) -> Result<(), XlsxError> {
    for (v, column) in lists.validations.iter().zip(&lists.column_of) {
        let c = match headers.iter().position(|(h, _)| *h == v.header) {
            Some(c) if v.sheet == kind => c,
            _ => continue,
        };
        let validation = match (&v.allowed, column) {
            (Allowed::List(values), Some(li)) => {
                let letter = column_letters(*li as u32);
                let formula = format!("='{LISTS_SHEET}'!${letter}$1:${letter}${}", values.len());
                DataValidation::new().allow_list_formula(Formula::new(formula))
            }
            (Allowed::WholeNumber(lo, hi), _) => {
                DataValidation::new().allow_whole_number(DataValidationRule::Between(*lo, *hi))
            }
            // An empty master: nothing to offer, nothing refused.
            (Allowed::List(_), None) => continue,
        };
        ws.add_data_validation(
            HEADER_ROW + 1,
            c as u16,
            HEADER_ROW + 1 + rows.max(1000) as u32,
            c as u16,
            &validation,
        )?;
    }
    Ok(())
}

/// The hidden lists sheet. It is small and written column by column: a normal worksheet (a low-memory one keeps
/// only its current row and drops earlier rows' cells).
fn write_lists_sheet(ws: &mut Worksheet, lists: &Lists, text: &Format) -> Result<(), XlsxError> {
    ws.set_name(LISTS_SHEET)?;
    for (c, values) in lists.columns.iter().enumerate() {
        for (r, v) in values.iter().enumerate() {
            ws.write_string_with_format(r as u32, c as u16, v, text)?;
        }
    }
    ws.set_hidden(true);
    Ok(())
}
