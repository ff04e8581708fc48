//! Writing the exchange workbook with rust_xlsxwriter: a title block above a styled, frozen header row,
//! auto-filter, fitted widths, drop-down lists, dates as real Excel dates in the chosen style, and every text
//! written as text (a value starting with `=`, `+`, `-` or `@` can never become a formula).

use std::path::Path;

use rust_xlsxwriter::{
    Color, DataValidation, DataValidationRule, Format, FormatBorder, Formula, Workbook, XlsxError,
};

use crate::domain::codes::format_code_list;
use crate::domain::date::{Date, DateStyle, DateTime, Era};
use crate::domain::entity::{Entity, EntityKey};
use crate::domain::model::*;

use super::sheets::{ALL_SHEETS, SheetKind};

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
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            sheets: ALL_SHEETS.to_vec(),
            date_style: DateStyle::Iso,
            today: Date::ymd(2000, 1, 1),
        }
    }
}

/// A cell value as written.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text, always written as text.
    Text(String),
    /// A date, written as an Excel date.
    Date(Date),
    /// A date-time.
    DateTime(DateTime),
    /// A number.
    Number(f64),
    /// Nothing.
    Empty,
}

fn t(s: &str) -> Cell {
    if s.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(s.to_string())
    }
}

fn od(d: Option<Date>) -> Cell {
    d.map(Cell::Date).unwrap_or(Cell::Empty)
}

fn on(n: Option<i64>) -> Cell {
    n.map(|x| Cell::Number(x as f64)).unwrap_or(Cell::Empty)
}

fn flag(b: bool) -> Cell {
    if b {
        Cell::Text("○".into())
    } else {
        Cell::Empty
    }
}

fn test_case_row(c: &TestCase, scenario_name: Cell, variation_name: Cell) -> Vec<Cell> {
    vec![
        t(c.scenario.as_str()),
        scenario_name,
        t(c.variation.as_str()),
        variation_name,
        t(c.id.as_str()),
        t(&c.viewpoint_id),
        od(c.query_date),
        t(c.requester.as_str()),
        t(&c.requester_department_name),
        t(&c.requester_department_code),
        t(c.provider.as_str()),
        t(c.affair.as_str()),
        t(c.procedure.as_str()),
        t(c.info_kind.as_str()),
        t(&format_code_list(
            &c.items.iter().map(|i| i.to_string()).collect::<Vec<_>>(),
        )),
        t(c.condition_kind.label_ja()),
        od(c.condition_start),
        od(c.condition_end),
        t(c.role_model.as_str()),
        t(&c.replica_details),
        c.expected_outcome
            .map(|o| t(o.label_ja()))
            .unwrap_or(Cell::Empty),
        t(&c.expected_providers
            .iter()
            .map(|x| x.as_str())
            .collect::<Vec<_>>()
            .join(",")),
        t(&c.remarks),
    ]
}

fn role_model_row(r: &RoleModel) -> Vec<Cell> {
    vec![
        t(r.id.as_str()),
        t(r.person_code.as_str()),
        t(&r.name),
        t(&r.name_kana),
        od(r.birth_date),
        r.sex.map(|s| t(s.label_ja())).unwrap_or(Cell::Empty),
        t(&r.address),
        t(&r.my_number),
        t(&r.scenario_ids.join(",")),
        t(&r.variation_ids.join(",")),
        t(&r.test_case_ids.join(",")),
        t(&r.remarks),
    ]
}

fn membership_row(m: &Membership) -> Vec<Cell> {
    vec![
        t(m.role_model.as_str()),
        t(m.insurer.as_str()),
        t(&m.member_branch),
        t(&m.link_number),
        Cell::Date(m.acquired_on),
        od(m.lost_on),
        t(&m.lost_on_reason_of_null),
        m.registered_at.map(Cell::DateTime).unwrap_or(Cell::Empty),
        t(&m.version),
    ]
}

fn benefit_row(b: &BenefitRecord) -> Vec<Cell> {
    vec![
        t(b.role_model.as_str()),
        t(b.insurer.as_str()),
        t(&b.kind),
        Cell::Date(b.start_date),
        on(b.amount),
    ]
}

fn insurer_row(i: &Insurer) -> Vec<Cell> {
    vec![
        t(i.number.as_str()),
        t(&i.name),
        i.system.map(|s| t(s.label_ja())).unwrap_or(Cell::Empty),
        on(i.lot.map(i64::from)),
        flag(i.representative),
    ]
}

fn institution_row(i: &Institution) -> Vec<Cell> {
    vec![
        t(i.code.as_str()),
        t(&i.name),
        t(i.kind.label_ja()),
        on(i.test_group.map(i64::from)),
        flag(i.representative),
    ]
}

/// One row of a sheet (the `i`th, as [`sheet_rows`] lists them), without building the others: what the window
/// redraws after an edit of one row. `None` for the code sheet (its rows come from four lists) or past the end.
pub fn sheet_row(kind: SheetKind, p: &Project, i: usize) -> Option<Vec<Cell>> {
    match kind {
        SheetKind::TestCases => {
            let c = p.test_cases.get(i)?;
            // A scenario's name on its first row only.
            let first = p.test_cases.iter().position(|x| x.scenario == c.scenario) == Some(i);
            let scenario_name = p
                .scenarios
                .iter()
                .find(|s| s.id == c.scenario)
                .filter(|_| first)
                .map(|s| t(&s.name))
                .unwrap_or(Cell::Empty);
            let variation_name = p
                .variations
                .iter()
                .find(|v| v.id == c.variation)
                .map(|v| t(&v.name))
                .unwrap_or(Cell::Empty);
            Some(test_case_row(c, scenario_name, variation_name))
        }
        SheetKind::RoleModels => p.role_models.get(i).map(role_model_row),
        SheetKind::Memberships => p.memberships.get(i).map(membership_row),
        SheetKind::Benefits => p.benefits.get(i).map(benefit_row),
        SheetKind::Insurers => p.insurers.get(i).map(insurer_row),
        SheetKind::Institutions => p.institutions.get(i).map(institution_row),
        SheetKind::Codes => None,
    }
}

/// The code sheet's rows in order (affairs, procedures, info kinds, then items): each one's key and code.
pub fn code_sheet_keys(p: &Project) -> impl Iterator<Item = (EntityKey, &str)> {
    p.affairs
        .iter()
        .map(|x| (EntityKey::Affair(x.code.clone()), x.code.as_str()))
        .chain(
            p.procedures
                .iter()
                .map(|x| (EntityKey::Procedure(x.code.clone()), x.code.as_str())),
        )
        .chain(
            p.info_kinds
                .iter()
                .map(|x| (EntityKey::InfoKind(x.code.clone()), x.code.as_str())),
        )
        .chain(
            p.info_items
                .iter()
                .map(|x| (EntityKey::InfoItem(x.code.clone()), x.code.as_str())),
        )
}

/// The `i`th row of a sheet (as [`sheet_rows`] lists them), as an entity.
pub fn sheet_entity(kind: SheetKind, p: &Project, i: usize) -> Option<Entity> {
    Some(match kind {
        SheetKind::TestCases => Entity::TestCase(p.test_cases.get(i)?.clone()),
        SheetKind::RoleModels => Entity::RoleModel(p.role_models.get(i)?.clone()),
        SheetKind::Memberships => Entity::Membership(p.memberships.get(i)?.clone()),
        SheetKind::Benefits => Entity::Benefit(p.benefits.get(i)?.clone()),
        SheetKind::Insurers => Entity::Insurer(p.insurers.get(i)?.clone()),
        SheetKind::Institutions => Entity::Institution(p.institutions.get(i)?.clone()),
        SheetKind::Codes => code_sheet_entity(p, i)?,
    })
}

/// The code of the code sheet's `i`th row, as an entity.
pub fn code_sheet_entity(p: &Project, i: usize) -> Option<Entity> {
    let (key, _) = code_sheet_keys(p).nth(i)?;
    crate::domain::entity::find(p, &key)
}

/// How many rows [`sheet_rows`] gives, without building them.
pub fn sheet_len(kind: SheetKind, p: &Project) -> usize {
    match kind {
        SheetKind::TestCases => p.test_cases.len(),
        SheetKind::RoleModels => p.role_models.len(),
        SheetKind::Memberships => p.memberships.len(),
        SheetKind::Benefits => p.benefits.len(),
        SheetKind::Insurers => p.insurers.len(),
        SheetKind::Institutions => p.institutions.len(),
        SheetKind::Codes => {
            p.affairs.len() + p.procedures.len() + p.info_kinds.len() + p.info_items.len()
        }
    }
}

/// The rows of a sheet for a project, in the header's column order.
pub fn sheet_rows(kind: SheetKind, p: &Project) -> Vec<Vec<Cell>> {
    match kind {
        SheetKind::TestCases => {
            let mut named_scenarios = std::collections::HashSet::new();
            let scenarios: std::collections::HashMap<&str, &Scenario> =
                p.scenarios.iter().map(|s| (s.id.as_str(), s)).collect();
            let variations: std::collections::HashMap<&str, &Variation> =
                p.variations.iter().map(|v| (v.id.as_str(), v)).collect();
            p.test_cases
                .iter()
                .map(|c| {
                    let sc = scenarios.get(c.scenario.as_str()).copied();
                    // A scenario's name on its first row only, as the forms do.
                    let sc_name = match sc {
                        Some(s) if named_scenarios.insert(s.id.clone()) => t(&s.name),
                        _ => Cell::Empty,
                    };
                    let v_name = variations
                        .get(c.variation.as_str())
                        .map(|v| t(&v.name))
                        .unwrap_or(Cell::Empty);
                    test_case_row(c, sc_name, v_name)
                })
                .collect()
        }
        SheetKind::RoleModels => p.role_models.iter().map(role_model_row).collect(),
        SheetKind::Memberships => p.memberships.iter().map(membership_row).collect(),
        SheetKind::Benefits => p.benefits.iter().map(benefit_row).collect(),
        SheetKind::Insurers => p.insurers.iter().map(insurer_row).collect(),
        SheetKind::Institutions => p.institutions.iter().map(institution_row).collect(),
        SheetKind::Codes => {
            let mut rows = Vec::new();
            for a in &p.affairs {
                rows.push(vec![
                    t("事務"),
                    t(a.code.as_str()),
                    t(&a.name),
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Empty,
                ]);
            }
            for x in &p.procedures {
                rows.push(vec![
                    t("事務手続"),
                    t(x.code.as_str()),
                    t(&x.name),
                    t(x.affair.as_str()),
                    Cell::Empty,
                    Cell::Empty,
                ]);
            }
            for k in &p.info_kinds {
                rows.push(vec![
                    t("特定個人情報名"),
                    t(k.code.as_str()),
                    t(&k.name),
                    Cell::Empty,
                    t(&k.xml_root),
                    Cell::Empty,
                ]);
            }
            for i in &p.info_items {
                rows.push(vec![
                    t("項目"),
                    t(i.code.as_str()),
                    t(&i.name),
                    t(i.info_kind.as_str()),
                    t(&i.xml_path),
                    t(&i.repeated_group),
                ]);
            }
            rows
        }
    }
}

/// Display width of a text in Excel's character units (wide characters count twice).
fn text_width(s: &str) -> f64 {
    s.chars()
        .map(|c| if (c as u32) < 0x1100 { 1.0 } else { 2.0 })
        .sum()
}

/// What a validated column accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Allowed {
    /// One of these values: a drop-down list, its values on the hidden lists sheet.
    List(Vec<String>),
    /// A whole number in this range.
    WholeNumber(i32, i32),
}

/// A column of a sheet the workbook validates, and what it accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Validation {
    /// The sheet.
    pub sheet: SheetKind,
    /// The column, by its header.
    pub header: &'static str,
    /// What it accepts.
    pub allowed: Allowed,
}

fn labels<T: Copy>(all: &[T], label: fn(T) -> &'static str) -> Vec<String> {
    all.iter().map(|x| label(*x).to_string()).collect()
}

/// Every validated column of every sheet: the contract's fixed lists, and the project's masters for the code
/// columns that refer to them (never on a master's own key column, where new codes are typed).
pub fn validations(p: &Project) -> Vec<Validation> {
    use SheetKind::*;
    let list = |sheet, header, values: Vec<String>| Validation {
        sheet,
        header,
        allowed: Allowed::List(values),
    };
    let institutions: Vec<String> = p.institutions.iter().map(|x| x.code.to_string()).collect();
    let insurers: Vec<String> = p.insurers.iter().map(|x| x.number.to_string()).collect();
    vec![
        list(TestCases, "情報照会者機関コード", institutions.clone()),
        list(TestCases, "照会先機関コード", institutions),
        list(
            TestCases,
            "事務コード",
            p.affairs.iter().map(|x| x.code.to_string()).collect(),
        ),
        list(
            TestCases,
            "事務手続コード",
            p.procedures.iter().map(|x| x.code.to_string()).collect(),
        ),
        list(
            TestCases,
            "特定個人情報名コード",
            p.info_kinds.iter().map(|x| x.code.to_string()).collect(),
        ),
        list(
            TestCases,
            "照会条件",
            labels(&ConditionKind::ALL, ConditionKind::label_ja),
        ),
        list(
            TestCases,
            "期待する処理結果",
            labels(&Outcome::ALL, Outcome::label_ja),
        ),
        list(RoleModels, "性別", vec!["男".into(), "女".into()]),
        list(Memberships, "保険者番号", insurers.clone()),
        list(Benefits, "保険者番号", insurers),
        list(
            Insurers,
            "制度",
            labels(&InsuranceSystem::ALL, InsuranceSystem::label_ja),
        ),
        Validation {
            sheet: Insurers,
            header: "ロット",
            allowed: Allowed::WholeNumber(1, 3),
        },
        list(Insurers, "代表団体", vec!["○".into()]),
        list(
            Institutions,
            "種別",
            labels(&InstitutionKind::ALL, InstitutionKind::label_ja),
        ),
        Validation {
            sheet: Institutions,
            header: "テストグループ",
            allowed: Allowed::WholeNumber(1, 8),
        },
        list(Institutions, "代表団体", vec!["○".into()]),
        list(
            Codes,
            "種別",
            ["事務", "事務手続", "特定個人情報名", "項目"]
                .map(String::from)
                .to_vec(),
        ),
    ]
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
        format!(
            "{} {:02}:{:02}:{:02}",
            d.date.format(self.style),
            d.hour,
            d.minute,
            d.second
        )
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

/// Write a project into a workbook at `path`. `progress(done, total)` is called every thousand rows; returning
/// `false` cancels (nothing is written).
pub fn write_workbook(
    p: &Project,
    path: &Path,
    options: &ExportOptions,
    mut progress: impl FnMut(usize, usize) -> bool,
) -> Result<bool, XlsxError> {
    let mut book = Workbook::new();
    let header = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_border(FormatBorder::Thin)
        .set_text_wrap();
    let title = Format::new().set_bold().set_font_size(14);
    let text = Format::new().set_num_format("@");
    let dates = DateFormats::new(options.date_style);
    let validations = validations(p);
    // Each list's column on the lists sheet: lists with the same values share one.
    let mut list_columns: Vec<&[String]> = Vec::new();
    let column_of: Vec<Option<usize>> = validations
        .iter()
        .map(|v| match &v.allowed {
            Allowed::List(values) if !values.is_empty() => Some(
                match list_columns.iter().position(|c| *c == values.as_slice()) {
                    Some(i) => i,
                    None => {
                        list_columns.push(values);
                        list_columns.len() - 1
                    }
                },
            ),
            _ => None,
        })
        .collect();
    let total: usize = options
        .sheets
        .iter()
        .map(|k| sheet_len(*k, p))
        .sum::<usize>()
        .max(1);
    let mut done = 0;
    if !progress(0, total) {
        return Ok(false);
    }
    for kind in &options.sheets {
        // One sheet's rows at a time, written row by row into a worksheet that keeps only its current row (and
        // the shared strings) in memory: a national-scale export does not hold every cell twice.
        let rows = sheet_rows(*kind, p);
        let headers = kind.headers();
        let ws = book.add_worksheet_with_low_memory()?;
        ws.set_name(kind.name())?;
        ws.write_string_with_format(0, 0, &p.name, &title)?;
        ws.write_string(
            1,
            0,
            format!("{}（書き出し日 {}）", kind.name(), options.today),
        )?;
        let mut widths: Vec<f64> = headers.iter().map(|(h, _)| text_width(h) + 2.0).collect();
        for (c, (h, _)) in headers.iter().enumerate() {
            ws.write_string_with_format(HEADER_ROW, c as u16, *h, &header)?;
        }
        for (r, row) in rows.iter().enumerate() {
            done += 1;
            if done % 1000 == 0 && !progress(done, total) {
                return Ok(false); // nothing saved yet: the file is not touched
            }
            let r = HEADER_ROW + 1 + r as u32;
            for (c, cell) in row.iter().enumerate() {
                let col = c as u16;
                match cell {
                    Cell::Text(s) => {
                        ws.write_string_with_format(r, col, s, &text)?;
                        widths[c] = widths[c].max(text_width(s) + 1.0);
                    }
                    Cell::Date(d) => {
                        match dates.of(*d, false) {
                            Some(f) => {
                                ws.write_number_with_format(r, col, d.to_excel_serial(), f)?
                            }
                            None => {
                                ws.write_string_with_format(r, col, d.format(dates.style), &text)?
                            }
                        };
                        widths[c] = widths[c].max(dates.width(false));
                    }
                    Cell::DateTime(d) => {
                        match dates.of(d.date, true) {
                            Some(f) => {
                                ws.write_number_with_format(r, col, d.to_excel_serial(), f)?
                            }
                            None => ws.write_string_with_format(r, col, dates.text(*d), &text)?,
                        };
                        widths[c] = widths[c].max(dates.width(true));
                    }
                    Cell::Number(x) => {
                        ws.write_number(r, col, *x)?;
                    }
                    Cell::Empty => {}
                }
            }
        }
        for (c, w) in widths.iter().enumerate() {
            ws.set_column_width(c as u16, w.min(60.0))?;
        }
        let last_row = HEADER_ROW + rows.len().max(1) as u32;
        // Printed as forms are: landscape A4, one page wide, the header row on every page, the sheet's name and
        // the page number in the footer.
        ws.set_landscape()
            .set_paper_size(9)
            .set_print_fit_to_pages(1, 0)
            .set_footer("&L&A&R&P / &N");
        ws.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
        ws.set_freeze_panes(HEADER_ROW + 1, 0)?;
        ws.autofilter(HEADER_ROW, 0, last_row, headers.len() as u16 - 1)?;
        for (v, column) in validations.iter().zip(&column_of) {
            let c = match headers.iter().position(|(h, _)| *h == v.header) {
                Some(c) if v.sheet == *kind => c,
                _ => continue,
            };
            let validation = match (&v.allowed, column) {
                (Allowed::List(values), Some(li)) => {
                    let letter = super::sheets::column_letters(*li as u32);
                    let formula =
                        format!("='{LISTS_SHEET}'!${letter}$1:${letter}${}", values.len());
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
                HEADER_ROW + 1 + rows.len().max(1000) as u32,
                c as u16,
                &validation,
            )?;
        }
    }
    // The lists sheet is small and written column by column: a normal worksheet (a low-memory one keeps only
    // its current row and drops earlier rows' cells).
    let ws = book.add_worksheet();
    ws.set_name(LISTS_SHEET)?;
    for (c, values) in list_columns.iter().enumerate() {
        for (r, v) in values.iter().enumerate() {
            ws.write_string_with_format(r as u32, c as u16, v, &text)?;
        }
    }
    ws.set_hidden(true);
    book.save(path)?;
    progress(total, total);
    Ok(true)
}
