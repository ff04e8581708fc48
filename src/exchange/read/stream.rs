//! One worksheet streamed into its table: calamine gives the sheet's cells one at a time, in the sheet's order, and
//! only the table is kept — the header row found among the first rows, a merged region's value repeated in every
//! cell it covers, the data rows under the contract's columns (wholly empty rows left out), and the formulas whose
//! value the book does not hold, found on the way. A national book's largest sheet (加入歴, 3.6 million cells) is
//! never held as a grid, nor its text as a string per cell.
//!
//! The rules are those of a sheet read whole: its bounds are the cells that hold a value (a cell of spaces does),
//! the header is searched from the first row holding one, and rows are read to the last.

use std::collections::BTreeMap;

use calamine::{DataRef, Dimensions, XlsxFormulaMetadata};

use super::{
    HEADER_SEARCH_ROWS, HeaderCells, Level, Problem, Raw, SheetTable, find_header, map_columns,
    normalise_header, sheet_problem, trim, uncached_formula_problem,
};
use crate::domain::model::message::Message;
use crate::exchange::sheets::sheet_by_name;

/// A cell as the stream gives it, converted once.
#[derive(Debug)]
pub(super) struct StreamCell {
    /// (row, column), 0-based.
    pub pos: (u32, u32),
    /// Its value as the readers take it (text trimmed: a cell of spaces is empty).
    pub raw: Raw,
    /// Whether it holds a value at all (a cell of spaces does): the sheet's bounds are these cells'.
    pub holds_value: bool,
    /// The formula of a cell without a value: its result is not in the book.
    pub uncached_formula: Option<String>,
}

impl StreamCell {
    /// A cell of calamine's, its text taken (a shared string's copied only when it is longer than `Raw` holds
    /// inline).
    pub fn new(
        pos: (u32, u32),
        value: DataRef<'_>,
        uncached_formula: Option<String>,
    ) -> StreamCell {
        let holds_value = !matches!(value, DataRef::Empty);
        let raw = match value {
            DataRef::Empty => Raw::Empty,
            DataRef::SharedString(s) => Raw::typed(s),
            DataRef::String(s) => {
                let t = trim(&s);
                if t.is_empty() {
                    Raw::Empty
                } else if t.len() == s.len() {
                    Raw::Text(s.into())
                } else {
                    Raw::Text(t.into())
                }
            }
            DataRef::Int(i) => Raw::Number(i as f64),
            DataRef::Float(f) => Raw::Number(f),
            DataRef::Bool(b) => Raw::Bool(b),
            DataRef::DateTime(d) => Raw::Date(serial_1900(&d)),
            DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Raw::Text(s.into()),
            // As Excel shows it (`#N/A`), not the reader's name for it.
            DataRef::Error(e) => Raw::Error(e.to_string().into()),
        };
        StreamCell {
            pos,
            raw,
            holds_value,
            uncached_formula: uncached_formula.filter(|_| !holds_value),
        }
    }
}

/// A date's serial number in the 1900 date system, whichever system the book uses: a book saved in the 1904
/// system (Excel for Mac can) counts its days from 1904-01-01, 1,462 days later. calamine knows which the book
/// uses and gives the date's parts by it; the same serial read in the 1900 system tells whether they differ.
fn serial_1900(d: &calamine::ExcelDateTime) -> f64 {
    let serial = d.as_f64();
    if d.is_duration() {
        return serial;
    }
    let in_1900 =
        calamine::ExcelDateTime::new(serial, calamine::ExcelDateTimeType::DateTime, false);
    if in_1900.to_ymd_hms_milli() == d.to_ymd_hms_milli() { serial } else { serial + 1462.0 }
}

/// The formulas of a sheet as the stream meets them: a shared formula's later cells carry only its index, so
/// its first cell's text is kept to name them.
#[derive(Default)]
pub(super) struct SharedFormulas {
    anchors: foldhash::HashMap<usize, (String, (u32, u32))>,
}

impl SharedFormulas {
    /// The formula of a cell that holds no value (its text, as the cell would show it), when it has one; a shared
    /// formula's first cell is kept whatever its value.
    pub fn uncached(
        &mut self,
        pos: (u32, u32),
        value: &DataRef<'_>,
        formula: Option<XlsxFormulaMetadata>,
    ) -> Option<String> {
        let formula = formula?;
        let holds_value = !matches!(value, DataRef::Empty);
        if holds_value && !matches!(formula, XlsxFormulaMetadata::Shared { .. }) {
            return None;
        }
        let text = self.text(pos, formula);
        (!holds_value && !text.trim().is_empty()).then_some(text)
    }

    /// The text of a cell's formula, as the cell would show it.
    fn text(&mut self, pos: (u32, u32), formula: XlsxFormulaMetadata) -> String {
        match formula {
            XlsxFormulaMetadata::Normal { formula } => formula,
            XlsxFormulaMetadata::Shared { shared_index, range, formula } => {
                let start = range.map(|r| r.start).unwrap_or(pos);
                self.anchors.insert(shared_index, (formula.clone(), start));
                formula
            }
            XlsxFormulaMetadata::SharedDerived { shared_index } => {
                match self.anchors.get(&shared_index) {
                    // Shifted to this cell as Excel shows it; the template's text if it cannot be.
                    Some((template, start)) => {
                        calamine::expand_shared_formula(template, *start, pos)
                            .unwrap_or_else(|_| template.clone())
                    }
                    // A later cell before its group's first: a damaged sheet; still a formula without its value.
                    None => String::new(),
                }
            }
            // A kind calamine may add: still a formula without its value.
            _ => String::new(),
        }
    }
}

/// The cells are not in the sheet's order (a row or a cell before one already met, or met twice): the sheet is
/// read again and sorted ([`sorted`]).
#[derive(Debug)]
pub(super) struct OutOfOrder;

/// A sheet's cells in the sheet's order, the last of two at one place kept (as a sheet read whole keeps it).
pub(super) fn sorted(mut cells: Vec<StreamCell>) -> Vec<StreamCell> {
    cells.retain(|c| c.holds_value || c.uncached_formula.is_some());
    last_of_each(&mut cells, |c| c.pos);
    cells
}

/// Sorted by `key` (stably), and of the items with one key only the last kept: where a sheet names one place
/// twice, the later counts.
fn last_of_each<T, K: Ord>(items: &mut Vec<T>, key: impl Fn(&T) -> K) {
    items.sort_by_key(&key);
    // `dedup_by` keeps the first of a run: the later item is moved into its place first.
    items.dedup_by(|later, kept| {
        let same = key(later) == key(kept);
        if same {
            std::mem::swap(later, kept);
        }
        same
    });
}

/// A cell's place, (row, column), 0-based.
type Place = (u32, u32);

/// The merged regions, as the stream needs them: the covered cells of each row, and the value of each region's
/// top-left cell once the stream has met it.
struct Merges {
    /// For each row with covered cells: (column, its region's top-left), by column.
    covered: BTreeMap<u32, Vec<(u32, Place)>>,
    /// Each region's top-left and its value (empty until met).
    top_left: foldhash::HashMap<Place, Raw>,
}

impl Merges {
    fn new(regions: &[Dimensions]) -> Merges {
        let mut covered: BTreeMap<u32, Vec<(u32, Place)>> = BTreeMap::new();
        let mut top_left = foldhash::HashMap::default();
        for m in regions {
            top_left.insert(m.start, Raw::Empty);
            for r in m.start.0..=m.end.0 {
                for c in m.start.1..=m.end.1 {
                    if (r, c) != m.start {
                        covered.entry(r).or_default().push((c, m.start));
                    }
                }
            }
        }
        for cells in covered.values_mut() {
            // One region per cell (the last named, as overlapping regions are read).
            last_of_each(cells, |(c, _)| *c);
        }
        Merges { covered, top_left }
    }

    /// The covered cells of a row.
    fn of_row(&self, r: u32) -> &[(u32, Place)] {
        self.covered.get(&r).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The region's top-left a cell takes its value from, when it is covered.
    fn covering(&self, r: u32, c: u32) -> Option<Place> {
        let row = self.of_row(r);
        row.binary_search_by_key(&c, |(col, _)| *col).ok().map(|i| row[i].1)
    }

    fn value(&self, top_left: Place) -> &Raw {
        self.top_left.get(&top_left).unwrap_or(&Raw::Empty)
    }
}

/// Where the search for the header row stands.
enum Header {
    /// Still among the first rows.
    Searching,
    /// Found: the rows below it are data, read into `table`.
    Found { row: u32, cells: HeaderCells, table: SheetTable },
    /// Not found in the first rows: the sheet is not read further.
    NotFound(Box<Problem>),
}

/// A sheet being streamed into its table.
pub(super) struct SheetStream {
    name: String,
    merges: Merges,
    /// The first row holding a value (where the header search starts).
    first_row: Option<u32>,
    /// The last row and the last column holding a value, so far.
    last_row: u32,
    last_column: u32,
    /// The place of the last cell met (the cells come in the sheet's order).
    last_place: Option<(u32, u32)>,
    /// The row being met: its number and its cells holding values, by column.
    row: Option<(u32, Vec<(u32, Raw)>)>,
    /// The rows met while the header is searched for (at most the first [`HEADER_SEARCH_ROWS`]).
    before_header: Vec<(u32, Vec<(u32, Raw)>)>,
    header: Header,
    /// The last row read as data (or the header's): a row below it that only merged regions cover is read when a
    /// later row holding a value is met (a sheet's rows end with its last value).
    read_through: u32,
    /// Formulas without their value: (row, column, formula).
    uncached: Vec<(u32, u32, String)>,
}

impl SheetStream {
    pub fn new(name: String, merges: &[Dimensions]) -> SheetStream {
        SheetStream {
            name,
            merges: Merges::new(merges),
            first_row: None,
            last_row: 0,
            last_column: 0,
            last_place: None,
            row: None,
            before_header: Vec::new(),
            header: Header::Searching,
            read_through: 0,
            uncached: Vec::new(),
        }
    }

    /// Whether the rest of the sheet can be left unread: the header is not in its first rows.
    pub fn settled(&self) -> bool {
        matches!(self.header, Header::NotFound(_))
    }

    /// The next cell, in the sheet's order.
    pub fn push(&mut self, cell: StreamCell) -> Result<(), OutOfOrder> {
        let StreamCell { pos, raw, holds_value, uncached_formula } = cell;
        if !holds_value && uncached_formula.is_none() {
            return Ok(());
        }
        if self.last_place.is_some_and(|last| pos <= last) {
            return Err(OutOfOrder);
        }
        self.last_place = Some(pos);
        if let Some(formula) = uncached_formula {
            self.uncached.push((pos.0, pos.1, formula));
        }
        if !holds_value {
            return Ok(());
        }
        let (r, c) = pos;
        if let Some(value) = self.merges.top_left.get_mut(&pos) {
            *value = raw.clone();
        }
        self.first_row.get_or_insert(r);
        self.last_row = r;
        self.last_column = self.last_column.max(c);
        match &mut self.row {
            Some((at, cells)) if *at == r => cells.push((c, raw)),
            _ => {
                if let Some((at, cells)) = self.row.replace((r, vec![(c, raw)])) {
                    self.row_met(at, cells);
                }
            }
        }
        Ok(())
    }

    /// A row whose cells have all been met.
    fn row_met(&mut self, r: u32, cells: Vec<(u32, Raw)>) {
        if let Header::Searching = self.header {
            let r0 = self.first_row.unwrap_or(r);
            let search_end = r0 + HEADER_SEARCH_ROWS - 1;
            if r <= search_end {
                self.before_header.push((r, cells));
                return;
            }
            self.find_header(search_end);
        }
        if let Header::Found { .. } = self.header {
            self.data_row(r, cells);
        }
    }

    /// The header among the rows met, from the first holding a value to `search_end`; the rows below it read.
    fn find_header(&mut self, search_end: u32) {
        let r0 = self.first_row.unwrap_or(0);
        let before = std::mem::take(&mut self.before_header);
        let header_of = |r: u32| -> HeaderCells {
            let mut header: HeaderCells = Vec::new();
            if let Some((_, cells)) = before.iter().find(|(at, _)| *at == r) {
                for (c, raw) in cells {
                    if let Raw::Text(t) = raw
                        && self.merges.covering(r, *c).is_none()
                    {
                        header.push((*c, normalise_header(t)));
                    }
                }
            }
            for (c, top_left) in self.merges.of_row(r) {
                if let Raw::Text(t) = self.merges.value(*top_left) {
                    header.push((*c, normalise_header(t)));
                }
            }
            header.sort_by_key(|(c, _)| *c);
            header
        };
        self.header = match find_header(&self.name, r0..=search_end, header_of) {
            Ok((kind, row, cells)) => {
                // Its warnings are said at the end, once the sheet's last column is known (`finish`).
                let columns = map_columns(&self.name, kind, row, &cells, &mut Vec::new());
                Header::Found {
                    row,
                    cells,
                    table: SheetTable::empty(kind, self.name.clone(), columns),
                }
            }
            Err(problem) => Header::NotFound(problem),
        };
        if let Header::Found { row, .. } = self.header {
            self.read_through = row;
            for (r, cells) in before {
                if r > row {
                    self.data_row(r, cells);
                }
            }
        }
    }

    /// A row below the header: read, after the rows above it that only merged regions cover.
    fn data_row(&mut self, r: u32, cells: Vec<(u32, Raw)>) {
        let covered_only: Vec<u32> =
            self.merges.covered.range(self.read_through + 1..r).map(|(at, _)| *at).collect();
        for at in covered_only {
            self.read_row(at, Vec::new());
        }
        self.read_row(r, cells);
        self.read_through = r;
    }

    /// One row's cells under the contract's columns, a covered cell taking its region's value; a wholly empty row
    /// is left out.
    fn read_row(&mut self, r: u32, mut cells: Vec<(u32, Raw)>) {
        let Header::Found { table, .. } = &mut self.header else {
            return;
        };
        let covered = self.merges.of_row(r);
        let is_covered = |c: u32| covered.binary_search_by_key(&c, |(col, _)| *col).is_ok();
        let holds_something = cells.iter().any(|(c, raw)| !raw.is_empty() && !is_covered(*c))
            || covered.iter().any(|(_, top_left)| !self.merges.value(*top_left).is_empty());
        if !holds_something {
            return;
        }
        let merges = &self.merges;
        table.push_row_with(r, |column| {
            let Some(c) = column else {
                return Raw::Empty;
            };
            if let Some(top_left) = merges.covering(r, c) {
                return merges.value(top_left).clone();
            }
            match cells.binary_search_by_key(&c, |(col, _)| *col) {
                Ok(i) => std::mem::replace(&mut cells[i].1, Raw::Empty),
                Err(_) => Raw::Empty,
            }
        });
    }

    /// The sheet's table once every cell has been met, or `None` (its problem among `problems`) when it is none
    /// of the contract's, or empty.
    pub fn finish(mut self, problems: &mut Vec<Problem>) -> Option<SheetTable> {
        if let Some((r, cells)) = self.row.take() {
            self.row_met(r, cells);
        }
        let Some(r0) = self.first_row else {
            self.empty(problems);
            return None;
        };
        if let Header::Searching = self.header {
            let search_end = self.last_row.min(r0 + HEADER_SEARCH_ROWS - 1);
            self.find_header(search_end);
        }
        let name = self.name;
        match self.header {
            Header::Found { row, cells, mut table } => {
                // A merged header cell reaching past the sheet's last column holding a value is no column.
                let last_column = self.last_column;
                let cells: HeaderCells =
                    cells.into_iter().filter(|(c, _)| *c <= last_column).collect();
                let mapped = map_columns(&name, table.kind, row, &cells, problems);
                debug_assert_eq!(mapped, table.columns);
                // Formulas without their result in the contract's columns, below the header.
                problems.extend(
                    self.uncached
                        .iter()
                        .filter(|(r, c, _)| *r > row && table.columns.contains(&Some(*c)))
                        .map(|f| uncached_formula_problem(&name, f)),
                );
                table.shrink_to_fit();
                Some(table)
            }
            Header::NotFound(problem) => {
                problems.push(*problem);
                None
            }
            Header::Searching => unreachable!("the header was searched for above"),
        }
    }

    /// A sheet with no value: a contract's sheet whose every value is a formula without its result, or nothing
    /// at all; or an empty sheet that is none of the contract's.
    fn empty(self, problems: &mut Vec<Problem>) {
        if sheet_by_name(&self.name).is_some() {
            problems.extend(self.uncached.iter().map(|f| uncached_formula_problem(&self.name, f)));
            if self.uncached.is_empty() {
                problems.push(sheet_problem(
                    Level::Warning,
                    &self.name,
                    Message::new(
                        "シートが空です（見出し行もありません）。この種類の行は変更しません",
                        "the sheet is empty (not even a header row): rows of its kind are left as they are",
                    ),
                ));
            }
        } else {
            problems.push(sheet_problem(
                Level::Warning,
                &self.name,
                Message::new(
                    "空のシートで、様式のどのシートでもないため読み飛ばしました",
                    "an empty sheet that is none of the contract's sheets: skipped",
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::sheets::SheetKind;

    /// A row as the tests read it: its number and its cells' texts.
    type Row = (u32, Vec<String>);

    /// A text cell at (row, column), 0-based.
    fn text(r: u32, c: u32, t: &str) -> StreamCell {
        StreamCell::new((r, c), DataRef::SharedString(t), None)
    }

    /// A sheet of these cells, in order: its table's rows (row number and cell texts) and its problems' places.
    fn read(
        name: &str,
        merges: &[Dimensions],
        cells: Vec<StreamCell>,
    ) -> (Option<Vec<Row>>, Vec<String>) {
        let mut sheet = SheetStream::new(name.to_string(), merges);
        for cell in cells {
            sheet.push(cell).unwrap();
        }
        let mut problems = Vec::new();
        let table = sheet.finish(&mut problems).map(|t| {
            t.rows().map(|(r, cells)| (r, cells.iter().map(Raw::shown).collect())).collect()
        });
        (table, problems.iter().map(|p| p.place()).collect())
    }

    /// Text cells at (row, column, text).
    fn texts(cells: &[(u32, u32, &str)]) -> Vec<StreamCell> {
        cells.iter().map(|&(r, c, t)| text(r, c, t)).collect()
    }

    fn region(start: (u32, u32), end: (u32, u32)) -> Dimensions {
        Dimensions { start, end }
    }

    fn row(r: u32, cells: &[&str]) -> (u32, Vec<String>) {
        let mut v: Vec<String> = cells.iter().map(|s| s.to_string()).collect();
        v.resize(SheetKind::RoleModels.columns().len(), String::new());
        (r, v)
    }

    /// A two-row header whose first cell is merged down (ID over rows 3–4) is found on its second row; a data row
    /// that only a merged region covers takes the region's value, and the rows a region covers past the sheet's
    /// last value are no rows.
    #[test]
    fn a_merged_header_and_rows_only_a_merged_region_covers() {
        let cells = texts(&[
            (0, 0, "ロールモデル一覧"),
            (2, 0, "ロールモデルID"),
            (3, 1, "機関別符号"),
            (3, 2, "氏名"),
            (4, 0, "RM-1"),
            (4, 1, "P1"),
            (4, 2, "山田"),
            (6, 0, "RM-2"),
        ]);
        // A3:A4 (the header), C5:C6 (a name over a row with nothing else), C7:C9 (past the last value).
        let merges = [region((2, 0), (3, 0)), region((4, 2), (5, 2)), region((6, 2), (8, 2))];
        let (rows, problems) = read("ロールモデル", &merges, cells);
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(
            rows.unwrap(),
            [row(4, &["RM-1", "P1", "山田"]), row(5, &["", "", "山田"]), row(6, &["RM-2"]),]
        );
    }

    /// A row of spaces is wholly empty and left out; a row with a value only outside the contract's columns is
    /// kept (its cells empty), so that the row reader reports what it lacks. A merged header cell reaching past
    /// the sheet's last column is no second column (no warning), one within it is.
    #[test]
    fn empty_rows_and_columns_past_the_last() {
        let cells = texts(&[
            (0, 0, "ロールモデルID"),
            (0, 1, "機関別符号"),
            (0, 3, "備考欄外"),
            (1, 0, "  "),
            (1, 1, "　"),
            (2, 3, "メモ"),
            (3, 0, "RM-1"),
            (3, 1, "P1"),
        ]);
        let (rows, problems) = read("ロールモデル", &[region((0, 1), (0, 5))], cells);
        assert_eq!(rows.unwrap(), [row(2, &[]), row(3, &["RM-1", "P1"])]);
        // C1 and D1 are covered by B1:F1 (its header again, within the last column, D): warned about as second
        // columns; E1 and F1 are past it.
        assert_eq!(problems, ["ロールモデル!C1", "ロールモデル!D1"]);
    }

    /// The header is searched for in the first 20 rows from the first holding a value, no further.
    #[test]
    fn the_header_is_searched_for_in_the_first_rows_only() {
        let header = |r| vec![text(r, 0, "ロールモデルID"), text(r, 1, "機関別符号")];
        let mut cells = vec![text(5, 0, "題")];
        cells.extend(header(5 + HEADER_SEARCH_ROWS - 1));
        let (rows, _) = read("ロールモデル", &[], cells);
        assert!(rows.is_some(), "the 20th row from the first is searched");
        let mut cells = vec![text(5, 0, "題")];
        cells.extend(header(5 + HEADER_SEARCH_ROWS));
        cells.push(text(5 + HEADER_SEARCH_ROWS + 1, 0, "RM-1"));
        let (rows, problems) = read("ロールモデル", &[], cells);
        assert!(rows.is_none());
        assert_eq!(problems, ["ロールモデル"], "an error for the sheet, not a cell");
    }

    /// A formula without its value is an error in a contract's column below the header, and nowhere else; a
    /// shared formula's later cell is named by its own text, shifted from its group's first.
    #[test]
    fn formulas_without_their_value() {
        let mut formulas = SharedFormulas::default();
        let mut formula = |pos, value: DataRef<'static>, f| {
            let text = formulas.uncached(pos, &value, Some(f));
            StreamCell::new(pos, value, text)
        };
        let shared = |formula: &str| XlsxFormulaMetadata::Shared {
            shared_index: 0,
            range: Some(region((1, 2), (3, 2))),
            formula: formula.to_string(),
        };
        let cells = vec![
            text(0, 0, "ロールモデルID"),
            text(0, 1, "機関別符号"),
            text(0, 2, "氏名"),
            text(1, 0, "RM-1"),
            formula((1, 2), DataRef::SharedString("山田"), shared("A2&\"様\"")),
            text(2, 0, "RM-2"),
            formula((2, 2), DataRef::Empty, XlsxFormulaMetadata::SharedDerived { shared_index: 0 }),
            formula((2, 9), DataRef::Empty, XlsxFormulaMetadata::Normal { formula: "1+1".into() }),
        ];
        let mut sheet = SheetStream::new("ロールモデル".into(), &[]);
        for cell in cells {
            sheet.push(cell).unwrap();
        }
        let mut problems = Vec::new();
        let table = sheet.finish(&mut problems).unwrap();
        assert_eq!(table.row_count(), 2);
        let found: Vec<(String, String)> =
            problems.iter().map(|p| (p.place(), p.value.clone())).collect();
        assert_eq!(found, [("ロールモデル!C3".to_string(), "=A3&\"様\"".to_string())]);
    }

    /// A cell before one already met (rows out of order, or a cell met twice) is refused, so that the sheet is
    /// read again and sorted; sorted, the last of two at one place is kept.
    #[test]
    fn cells_out_of_order_are_refused_and_sorted() {
        let mut sheet = SheetStream::new("ロールモデル".into(), &[]);
        sheet.push(text(3, 0, "b")).unwrap();
        assert!(sheet.push(text(2, 0, "a")).is_err());
        assert!(sheet.push(text(3, 0, "c")).is_err());
        let sorted = sorted(vec![text(3, 0, "b"), text(2, 0, "a"), text(3, 0, "c")]);
        let seen: Vec<((u32, u32), String)> =
            sorted.iter().map(|c| (c.pos, c.raw.shown())).collect();
        assert_eq!(seen, [((2, 0), "a".to_string()), ((3, 0), "c".to_string())]);
    }
}
