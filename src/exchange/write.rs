//! Writing the exchange workbook with rust_xlsxwriter: a title block above a styled, frozen header row,
//! auto-filter, fitted widths, drop-down lists, dates as real Excel dates in the chosen style, and every text
//! written as text (a value starting with `=`, `+`, `-` or `@` can never become a formula).

use std::path::Path;

use rust_xlsxwriter::{Color, DataValidation, Format, FormatBorder, Formula, Workbook, XlsxError};

use crate::domain::codes::format_code_list;
use crate::domain::date::{Date, DateStyle, DateTime};
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
pub fn code_sheet_keys(p: &Project) -> impl Iterator<Item = (crate::store::rows::EntityKey, &str)> {
    use crate::store::rows::EntityKey;
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

/// The drop-down lists: (header, values).
fn lists(p: &Project) -> Vec<(&'static str, Vec<String>)> {
    vec![
        (
            "照会条件",
            ConditionKind::ALL
                .iter()
                .map(|k| k.label_ja().to_string())
                .collect(),
        ),
        (
            "期待する処理結果",
            Outcome::ALL
                .iter()
                .map(|k| k.label_ja().to_string())
                .collect(),
        ),
        (
            "事務コード",
            p.affairs.iter().map(|x| x.code.to_string()).collect(),
        ),
        (
            "事務手続コード",
            p.procedures.iter().map(|x| x.code.to_string()).collect(),
        ),
        (
            "特定個人情報名コード",
            p.info_kinds.iter().map(|x| x.code.to_string()).collect(),
        ),
        (
            "情報照会者機関コード",
            p.institutions.iter().map(|x| x.code.to_string()).collect(),
        ),
        (
            "照会先機関コード",
            p.institutions.iter().map(|x| x.code.to_string()).collect(),
        ),
        (
            "保険者番号",
            p.insurers.iter().map(|x| x.number.to_string()).collect(),
        ),
    ]
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
    let date_format = Format::new().set_num_format(match options.date_style {
        DateStyle::Iso => "yyyy-mm-dd",
        DateStyle::Wareki => "[$-ja-JP-x-gannen]ggge\"年\"m\"月\"d\"日\"",
    });
    let datetime_format = Format::new().set_num_format(match options.date_style {
        DateStyle::Iso => "yyyy-mm-dd hh:mm:ss",
        DateStyle::Wareki => "[$-ja-JP-x-gannen]ggge\"年\"m\"月\"d\"日\" hh:mm:ss",
    });
    let list_values = lists(p);
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
                        ws.write_number_with_format(r, col, d.to_excel_serial(), &date_format)?;
                        widths[c] = widths[c].max(if options.date_style == DateStyle::Iso {
                            11.0
                        } else {
                            17.0
                        });
                    }
                    Cell::DateTime(d) => {
                        ws.write_number_with_format(r, col, d.to_excel_serial(), &datetime_format)?;
                        widths[c] = widths[c].max(20.0);
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
        ws.set_freeze_panes(HEADER_ROW + 1, 0)?;
        ws.autofilter(HEADER_ROW, 0, last_row, headers.len() as u16 - 1)?;
        for (li, (list_header, values)) in list_values.iter().enumerate() {
            if values.is_empty() {
                continue;
            }
            if let Some(c) = headers.iter().position(|(h, _)| h == list_header) {
                let letter = super::sheets::column_letters(li as u32);
                let formula = format!("='{LISTS_SHEET}'!${letter}$1:${letter}${}", values.len());
                let validation = DataValidation::new().allow_list_formula(Formula::new(formula));
                ws.add_data_validation(
                    HEADER_ROW + 1,
                    c as u16,
                    HEADER_ROW + 1 + rows.len().max(1000) as u32,
                    c as u16,
                    &validation,
                )?;
            }
        }
    }
    let ws = book.add_worksheet_with_low_memory()?;
    ws.set_name(LISTS_SHEET)?;
    for (c, (_, values)) in list_values.iter().enumerate() {
        for (r, v) in values.iter().enumerate() {
            ws.write_string_with_format(r as u32, c as u16, v, &text)?;
        }
    }
    ws.set_hidden(true);
    book.save(path)?;
    progress(total, total);
    Ok(true)
}
