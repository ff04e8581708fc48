//! One table per sheet of the exchange contract (テストケース一覧, ロールモデル, 加入歴, 給付情報, 保険者, 機関, コード): the same
//! columns as the workbook, virtualised rows (only the visible ones are laid out), a filter box, sorting by a
//! header click, multi-select (Ctrl/Shift-click). The key column is frozen at the left; the other columns scroll
//! sideways a column at a time, as Excel's frozen panes do, and can be hidden and reordered (remembered per sheet).
//!
//! The rows' texts are built once per project revision, date style and sheet, not per frame.

use egui_extras::{Column, TableBuilder};

use crate::domain::date::DateStyle;
use crate::domain::model::message::Lang;
use crate::domain::model::{InstitutionCode, Project};
use crate::exchange::sheet_rows::Cell;
use crate::exchange::sheets::SheetKind;
use crate::ui::kit::values::{sheet_texts, shown_row};

use crate::ui::kit::command::Selection;
use crate::ui::kit::panel::PanelCtx;
use crate::ui::kit::text::Text;

/// UI-only state of one sheet's table.
#[derive(Debug, Default)]
pub struct SheetTableState {
    /// Filter text: a row shows when any cell contains it.
    pub filter: String,
    /// Sorted by this column, ascending or not.
    pub sort: Option<(usize, bool)>,
    /// Selected rows (indices into the sheet's rows).
    pub selected: Vec<usize>,
    /// The row a Shift-click extends from.
    anchor: Option<usize>,
    /// The cell being edited in place: row, column and the text typed so far.
    editing: Option<(usize, usize, String)>,
    cache: Option<Cache>,
    /// Which columns show, and in what order (the user's, kept between projects and runs).
    pub columns: ColumnLayout,
    /// The first of the non-key columns in view (the columns scrolled past are left of it).
    first_column: usize,
    /// Sideways wheel movement not yet turned into a column step.
    sideways: f32,
    /// The window's selection the table last followed (`None` once its rows are rebuilt: looked for again).
    followed: Option<Option<Selection>>,
    /// Scroll the selected row into view at the next drawing.
    scroll_to_selected: bool,
}

/// How the user arranged a sheet's columns, by header (so that a column a later version adds finds its place):
/// the order of the non-key columns (those not listed follow in the workbook's order) and which are hidden.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ColumnLayout {
    /// Headers of non-key columns, in the order shown.
    pub order: Vec<String>,
    /// Headers of the hidden columns.
    pub hidden: Vec<String>,
}

impl ColumnLayout {
    /// The non-key columns (positions among the sheet's columns) in the user's order, hidden ones included.
    pub fn arranged(&self, kind: SheetKind) -> Vec<usize> {
        let columns = kind.columns();
        let keys = key_columns(kind);
        let position = |header: &str| columns.iter().position(|(f, _)| f.header() == header);
        let mut out: Vec<usize> =
            self.order.iter().filter_map(|h| position(h)).filter(|i| !keys.contains(i)).collect();
        out.dedup();
        for i in 0..columns.len() {
            if !keys.contains(&i) && !out.contains(&i) {
                out.push(i);
            }
        }
        out
    }

    /// Whether a column (position among the sheet's columns) is hidden. Key columns never are.
    pub fn is_hidden(&self, kind: SheetKind, col: usize) -> bool {
        !key_columns(kind).contains(&col)
            && kind
                .columns()
                .get(col)
                .is_some_and(|(f, _)| self.hidden.iter().any(|h| h == f.header()))
    }

    /// Show or hide a column.
    pub fn set_hidden(&mut self, kind: SheetKind, col: usize, hidden: bool) {
        let Some((f, _)) = kind.columns().get(col) else {
            return;
        };
        self.hidden.retain(|h| h != f.header());
        if hidden && !key_columns(kind).contains(&col) {
            self.hidden.push(f.header().to_string());
        }
    }

    /// Move a non-key column one place left (`-1`) or right (`1`) among the others.
    pub fn shift(&mut self, kind: SheetKind, col: usize, by: isize) {
        let mut order = self.arranged(kind);
        let Some(at) = order.iter().position(|&c| c == col) else {
            return;
        };
        let to = at as isize + by;
        if to < 0 || to as usize >= order.len() {
            return;
        }
        order.swap(at, to as usize);
        let columns = kind.columns();
        self.order = order.iter().map(|&i| columns[i].0.header().to_string()).collect();
    }

    /// The columns shown, left to right: the key columns, then the others in the user's order, less the hidden.
    pub fn shown(&self, kind: SheetKind) -> Vec<usize> {
        // The workbook's 団体 column is the table's own first column (whose each row is, with its name).
        let party = kind.position(crate::domain::model::field::Field::Party);
        let rest = self
            .arranged(kind)
            .into_iter()
            .filter(|&c| !self.is_hidden(kind, c) && Some(c) != party);
        key_columns(kind).into_iter().chain(rest).collect()
    }
}

#[derive(Debug)]
struct Cache {
    key: (u64, DateStyle, Lang),
    texts: Vec<Vec<String>>,
    /// Whose each row is (`003 E市`), where rows of several parties meet in a sheet of party rows (empty
    /// otherwise), and the revision it was worked out for.
    parties: (Option<u64>, Vec<String>),
    /// The filter, sort and party the order was computed for, and the visible rows in order.
    order_key: (String, Option<(usize, bool)>, Option<InstitutionCode>),
    order: Vec<usize>,
    /// A row edited in place since the order was made, with its texts before: the order stands when neither its
    /// place (its sort texts) nor whether the filter finds it changed (100,000 rows are not sorted again for one
    /// edited remark).
    edited: Option<(usize, Vec<String>)>,
}

/// Whose each row of a sheet is (`003 E市`), where rows of several parties meet in a sheet of party rows; empty
/// for the masters and in a project of one party.
pub(crate) fn party_labels(
    kind: SheetKind,
    p: &Project,
    parties: &[InstitutionCode],
) -> Vec<String> {
    if parties.len() < 2 {
        return Vec::new();
    }
    let labels: foldhash::HashMap<&InstitutionCode, String> =
        parties.iter().map(|x| (x, crate::domain::model::names::party_label(p, x))).collect();
    let rows = crate::exchange::sheet_rows::row_parties(kind, p);
    if rows.iter().all(Option::is_none) {
        return Vec::new();
    }
    rows.into_iter()
        .map(|x| {
            x.map(|x| labels.get(x).cloned().unwrap_or_else(|| x.to_string())).unwrap_or_default()
        })
        .collect()
}

/// An edit that changed one row of one sheet in place, from one project revision to the next: the table redraws
/// that row instead of building every row again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowChange {
    /// The revision before the edit.
    pub from: u64,
    /// The revision it made.
    pub to: u64,
    /// The sheet.
    pub sheet: SheetKind,
    /// The row (position in the sheet).
    pub row: usize,
}

impl SheetTableState {
    /// The row texts for the project at `revision`, rebuilt only when it or the date style changed; after an edit
    /// of one row (`change`), only that row.
    fn texts(
        &mut self,
        kind: SheetKind,
        (p, parties): (&Project, &[InstitutionCode]),
        (revision, style, lang): (u64, DateStyle, Lang),
        change: Option<&RowChange>,
    ) {
        self.texts_of_rows(kind, p, (revision, style, lang), change);
        if let Some(cache) = self.cache.as_mut()
            && cache.parties.0 != Some(revision)
        {
            cache.parties = (Some(revision), party_labels(kind, p, parties));
            // The filter and the order take the parties into account.
            cache.order_key = (String::from("\u{0}stale"), None, None);
        }
    }

    /// [`SheetTableState::texts`] of the rows' cells.
    fn texts_of_rows(
        &mut self,
        kind: SheetKind,
        p: &Project,
        (revision, style, lang): (u64, DateStyle, Lang),
        change: Option<&RowChange>,
    ) {
        if self.cache.as_ref().is_some_and(|c| c.key == (revision, style, lang)) {
            return;
        }
        let row_texts = |row: &[Cell]| shown_row(kind, row, style, lang);
        if let (Some(change), Some(cache)) = (change, self.cache.as_mut())
            && change.to == revision
            && change.sheet == kind
            && cache.key == (change.from, style, lang)
            && let Some(row) = crate::exchange::sheet_rows::sheet_row(kind, p, change.row)
            && let Some(old) = cache.texts.get_mut(change.row)
        {
            let texts = row_texts(&row);
            // A test case moved to another scenario changes which row shows the scenario's name: build all.
            let moved = kind == SheetKind::TestCases && (old.first() != texts.first());
            if !moved {
                let before = std::mem::replace(old, texts);
                cache.key = (revision, style, lang);
                // An edit in place keeps the row's party: its label stands.
                if cache.parties.0 == Some(change.from) {
                    cache.parties.0 = Some(revision);
                }
                // The filter and sort are applied again to the changed row; the selection stays.
                cache.edited = match cache.edited.take() {
                    None => Some((change.row, before)),
                    Some(_) => {
                        cache.order_key = (String::from("\u{0}stale"), None, None);
                        None
                    }
                };
                return;
            }
        }
        self.adopt_texts(sheet_texts(kind, p, style, lang), (revision, style, lang));
    }

    /// Take the texts of every row, made elsewhere (by the thread that read the project) for the project at
    /// `revision`, in this date style and language: the table shows them without making them again.
    pub fn adopt_texts(&mut self, texts: Vec<Vec<String>>, key: (u64, DateStyle, Lang)) {
        // Rows are positions in the project's list: with as many rows as before (an action on the selected rows,
        // a change of language or date style), they are the same rows and stay selected.
        let same_rows = self.cache.as_ref().is_some_and(|c| c.texts.len() == texts.len());
        self.cache = Some(Cache {
            key,
            texts,
            parties: (None, Vec::new()),
            order_key: (String::from("\u{0}stale"), None, None),
            order: Vec::new(),
            edited: None,
        });
        if !same_rows {
            self.selected.clear();
        }
        // The window's selection is found again among the rebuilt rows.
        self.followed = None;
    }

    /// Visible rows, in display order: those passing the filter, of the party chosen (masters always).
    fn order(&mut self, kind: SheetKind, p: &Project, party: Option<&InstitutionCode>) -> &[usize] {
        let Some(cache) = self.cache.as_mut() else {
            return &[];
        };
        let key = (self.filter.clone(), self.sort, party.cloned());
        if let Some((row, before)) = cache.edited.take()
            && cache.order_key == key
            && !keeps_order(kind, &key, &before, &cache.texts[row])
        {
            cache.order_key = (String::from("\u{0}stale"), None, None);
        }
        if cache.order_key != key {
            let needle = self.filter.trim();
            let parties = match party {
                Some(_) => crate::exchange::sheet_rows::row_parties(kind, p),
                None => Vec::new(),
            };
            let ours = |i: usize| {
                party.is_none()
                    || parties.get(i).is_some_and(|x| x.is_none_or(|x| Some(x) == party))
            };
            let whose = &cache.parties.1;
            // A case is found by its scenario's name too, which its sheet prints on the scenario's first row only.
            let scenario_names = scenario_names_of_cases(kind, p, needle);
            let mut order: Vec<usize> = (0..cache.texts.len())
                .filter(|&i| ours(i))
                .filter(|&i| {
                    needle.is_empty()
                        || cache.texts[i].iter().any(|t| t.contains(needle))
                        || whose.get(i).is_some_and(|w| w.contains(needle))
                        || scenario_names.get(i).is_some_and(|n| n.contains(needle))
                })
                .collect();
            let texts = &cache.texts;
            match self.sort {
                Some((col, ascending)) => order.sort_by(|&a, &b| {
                    let o = texts[a][col].cmp(&texts[b][col]);
                    if ascending { o } else { o.reverse() }
                }),
                // By key until a header is clicked (a new S01 case sits with S01's, not after S02's).
                None => {
                    let keys = key_columns(kind);
                    if !keys.is_empty() {
                        // Rows of two parties with the same key stand together, by party.
                        order.sort_by(|&a, &b| {
                            keys.iter()
                                .map(|&k| texts[a][k].cmp(&texts[b][k]))
                                .find(|o| o.is_ne())
                                .unwrap_or_else(|| whose.get(a).cmp(&whose.get(b)))
                        });
                    }
                }
            }
            // A new filter or sort keeps the selected row in view (not an edit's refresh of the same order).
            let edited = cache.order_key.0 == "\u{0}stale";
            if !edited && !self.selected.is_empty() {
                self.scroll_to_selected = true;
            }
            cache.order = order;
            cache.order_key = key;
        }
        &cache.order
    }

    /// Follow the window's selection (made in the tree, a finding, a search): its row, when it is on this sheet,
    /// becomes the table's selection and is scrolled to. A selection of several rows made here that includes it
    /// is left as it is.
    /// `row_of` finds the selection's row, and is asked only when the selection changed.
    pub fn follow(
        &mut self,
        selection: Option<&Selection>,
        row_of: impl FnOnce(&Selection) -> Option<usize>,
    ) {
        if self.followed.as_ref().is_some_and(|f| f.as_ref() == selection) {
            return;
        }
        self.followed = Some(selection.cloned());
        if let Some(row) = selection.and_then(row_of)
            && !self.selected.contains(&row)
        {
            self.selected = vec![row];
            self.anchor = Some(row);
            self.scroll_to_selected = true;
        }
    }

    /// Forget what belongs to a project (rows, selection, scrolling); keep the user's column layout.
    pub fn reset(&mut self) {
        *self = SheetTableState {
            columns: std::mem::take(&mut self.columns),
            ..SheetTableState::default()
        };
    }

    /// Start editing a cell in place (what a double-click does), unless it is a key column.
    pub fn start_editing(&mut self, kind: SheetKind, row: usize, col: usize) {
        let Some((field, _)) = kind.columns().get(col) else {
            return;
        };
        // A key is renamed, not typed over; a 個人番号 is shown masked and edited in the person's pane once shown.
        if crate::ui::panels::row_pane::is_key(kind, *field)
            || *field == crate::domain::model::field::Field::MyNumber
        {
            return;
        }
        if let Some(text) = self.row_texts(row).and_then(|t| t.get(col)).cloned() {
            self.editing = Some((row, col, text));
        }
    }

    /// The texts of one row (as shown), once the table has been drawn.
    pub fn row_texts(&self, row: usize) -> Option<&[String]> {
        self.cache.as_ref().and_then(|c| c.texts.get(row)).map(Vec::as_slice)
    }

    /// How many rows pass the filter.
    pub fn visible_count(&self) -> usize {
        self.cache.as_ref().map_or(0, |c| c.order.len())
    }

    fn click(&mut self, row: usize, modifiers: egui::Modifiers, order: &[usize]) {
        if modifiers.shift
            && let Some(anchor) = self.anchor
        {
            let (a, b) =
                (order.iter().position(|&x| x == anchor), order.iter().position(|&x| x == row));
            if let (Some(a), Some(b)) = (a, b) {
                let (lo, hi) = (a.min(b), a.max(b));
                self.selected = order[lo..=hi].to_vec();
                return;
            }
        }
        if modifiers.command {
            match self.selected.iter().position(|&x| x == row) {
                Some(i) => {
                    self.selected.remove(i);
                }
                None => self.selected.push(row),
            }
        } else {
            self.selected = vec![row];
        }
        self.anchor = Some(row);
    }
}

/// A row edited in place: its position, all its texts (the edited cell changed), and the texts it showed.
pub type EditedRow = (usize, Vec<String>, Vec<String>);

/// What the user did in the table this frame.
#[derive(Default)]
struct Done {
    start_edit: Option<(usize, usize)>,
    finished: Option<EditedRow>,
    done_editing: bool,
    clicked: Option<(usize, egui::Modifiers)>,
    sort_by: Option<usize>,
    /// Whether the pointer is over the table.
    hovered: bool,
}

/// Each test case's scenario name, in the cases' order (none for another sheet, or no filter).
fn scenario_names_of_cases<'p>(kind: SheetKind, p: &'p Project, needle: &str) -> Vec<&'p str> {
    if kind != SheetKind::TestCases || needle.is_empty() {
        return Vec::new();
    }
    let names: foldhash::HashMap<(&str, &str), &str> =
        p.scenarios.iter().map(|s| ((s.party.as_str(), s.id.as_str()), s.name.as_str())).collect();
    p.test_cases
        .iter()
        .map(|c| names.get(&(c.party.as_str(), c.scenario.as_str())).copied().unwrap_or(""))
        .collect()
}

/// Draw a sheet's table; `focus_filter` puts the cursor in the filter. A cell double-clicked is edited in place
/// (not the key columns); the row is returned when the edit is left. `in_file`: while the project is read, how
/// many rows of the sheet the file has (the table holds its first rows only).
pub fn sheet_table_ui(
    ui: &mut egui::Ui,
    cx: &mut PanelCtx,
    (kind, in_file): (SheetKind, Option<usize>),
    state: &mut SheetTableState,
    focus_filter: bool,
    change: Option<&RowChange>,
) -> Option<EditedRow> {
    let lang = cx.lang;
    state.texts(kind, (cx.project, &cx.parties), (cx.revision, cx.style, lang), change);
    let total = state.cache.as_ref().map_or(0, |c| c.texts.len());
    let order = state.order(kind, cx.project, cx.party).to_vec();
    filter_ui(ui, kind, state, lang, focus_filter, (order.len(), total, in_file));
    let shown = state.in_view(kind);
    let scroll_to = std::mem::take(&mut state.scroll_to_selected)
        .then(|| state.selected.first().and_then(|r| order.iter().position(|x| x == r)))
        .flatten();
    let cache = state.cache.as_ref()?;
    let mut editing = state.editing.take();
    let selected = state.selected.clone();
    let sort = state.sort;
    let done = ui
        .push_id(kind.name(), |ui| {
            table_ui(
                ui,
                (kind, &shown, scroll_to),
                lang,
                (cache, &order, &selected, sort),
                &mut editing,
            )
        })
        .inner;
    state.editing = if done.done_editing { None } else { editing };
    if let Some((row, col)) = done.start_edit {
        state.start_editing(kind, row, col);
    }
    if let Some(col) = done.sort_by {
        state.sort = match state.sort {
            Some((c, true)) if c == col => Some((col, false)),
            Some((c, false)) if c == col => None,
            _ => Some((col, true)),
        };
    }
    if let Some((row, modifiers)) = done.clicked {
        state.click(row, modifiers, &order);
    }
    // Shift+wheel (or a sideways wheel) over the table steps through the columns.
    if done.hovered {
        state.sideways += ui.input(|i| i.smooth_scroll_delta.x);
        let step = 40.0;
        while state.sideways <= -step {
            state.sideways += step;
            state.scroll_columns(kind, 1);
        }
        while state.sideways >= step {
            state.sideways -= step;
            state.scroll_columns(kind, -1);
        }
    } else {
        state.sideways = 0.0;
    }
    done.finished
}

impl SheetTableState {
    /// The columns in view, left to right: the key columns, then the shown others from the first scrolled to.
    fn in_view(&mut self, kind: SheetKind) -> Vec<usize> {
        let shown = self.columns.shown(kind);
        let keys = key_columns(kind).len();
        let others = shown.len() - keys;
        self.first_column = self.first_column.min(others.saturating_sub(1));
        shown[..keys].iter().chain(&shown[keys + self.first_column..]).copied().collect()
    }

    /// How many non-key columns are shown (what the column scroller steps through).
    fn others_shown(&self, kind: SheetKind) -> usize {
        self.columns.shown(kind).len() - key_columns(kind).len()
    }

    /// Move the non-key columns in view by `by` columns (positive: towards the right end).
    fn scroll_columns(&mut self, kind: SheetKind, by: isize) {
        let others = self.others_shown(kind);
        let to = (self.first_column as isize + by).clamp(0, others.saturating_sub(1) as isize);
        self.first_column = to as usize;
    }
}

/// The filter box, with how many rows show and how many are selected, the column scroller and the column menu.
/// The line wraps rather than cut the counts on a narrow table.
fn filter_ui(
    ui: &mut egui::Ui,
    kind: SheetKind,
    state: &mut SheetTableState,
    lang: Lang,
    focus: bool,
    (shown, total, in_file): (usize, usize, Option<usize>),
) {
    // One line always (scrolled sideways where the table is narrow): a line that wrapped when a pane opened moved
    // the rows under the pointer.
    egui::ScrollArea::horizontal().id_salt("table-tools").show(ui, |ui| {
        ui.horizontal(|ui| {
            let label = ui.label(Text::FilterLabel.get(lang));
            // Narrower on a narrow table, so that the counts stay on the line.
            let width = (ui.available_width() - 340.0).clamp(80.0, 260.0);
            let filter = ui
                .add(
                    egui::TextEdit::singleline(&mut state.filter)
                        .hint_text(Text::Filter.get(lang))
                        .desired_width(width),
                )
                .labelled_by(label.id);
            if focus {
                filter.request_focus();
            }
            ui.label(format!("{shown} / {total} {}", Text::Rows.get(lang)));
            if let Some(n) = in_file.filter(|n| *n > total) {
                ui.label(format!(
                    "{} {} {}",
                    Text::RowsInFile.get(lang),
                    crate::ui::kit::values::grouped(n),
                    Text::Rows.get(lang)
                ));
            }
            if !state.selected.is_empty() {
                ui.label(format!("{} {}", state.selected.len(), Text::Selected.get(lang)));
            }
            ui.separator();
            let others = state.others_shown(kind);
            if others > 1 {
                let at = state.first_column;
                if ui
                    .add_enabled(at > 0, egui::Button::new("◀").small())
                    .on_hover_text(Text::ColumnsScrollHint.get(lang))
                    .clicked()
                {
                    state.scroll_columns(kind, -1);
                }
                ui.label(format!(
                    "{} {}/{others}",
                    Text::ColumnsInView.get(lang),
                    state.first_column + 1
                ));
                if ui
                    .add_enabled(at + 1 < others, egui::Button::new("▶").small())
                    .on_hover_text(Text::ColumnsScrollHint.get(lang))
                    .clicked()
                {
                    state.scroll_columns(kind, 1);
                }
            }
            ui.menu_button(Text::ColumnsMenu.get(lang), |ui| {
                columns_menu_ui(ui, kind, &mut state.columns, lang);
            })
            .response
            .on_hover_text(Text::ColumnsMenuHint.get(lang));
        })
    });
}

/// The column menu: every column with whether it shows and buttons to move it; the key columns are fixed.
fn columns_menu_ui(ui: &mut egui::Ui, kind: SheetKind, layout: &mut ColumnLayout, lang: Lang) {
    let columns = kind.columns();
    for col in key_columns(kind) {
        ui.horizontal(|ui| {
            let mut on = true;
            ui.add_enabled(false, egui::Checkbox::new(&mut on, columns[col].0.label(lang)));
            ui.weak(Text::KeyColumnFixed.get(lang));
        });
    }
    ui.separator();
    let arranged = layout.arranged(kind);
    let last = arranged.len().saturating_sub(1);
    for (at, &col) in arranged.iter().enumerate() {
        ui.horizontal(|ui| {
            if ui
                .add_enabled(at > 0, egui::Button::new("▲").small())
                .on_hover_text(Text::ColumnEarlier.get(lang))
                .clicked()
            {
                layout.shift(kind, col, -1);
            }
            if ui
                .add_enabled(at < last, egui::Button::new("▼").small())
                .on_hover_text(Text::ColumnLater.get(lang))
                .clicked()
            {
                layout.shift(kind, col, 1);
            }
            let mut on = !layout.is_hidden(kind, col);
            if ui.checkbox(&mut on, columns[col].0.label(lang)).changed() {
                layout.set_hidden(kind, col, !on);
            }
        });
    }
    ui.separator();
    if ui
        .add_enabled(
            *layout != ColumnLayout::default(),
            egui::Button::new(Text::ColumnsReset.get(lang)),
        )
        .clicked()
    {
        *layout = ColumnLayout::default();
    }
}

/// The rows shown: their texts, their order, which are selected, and the sort.
type Rows<'a> = (&'a Cache, &'a [usize], &'a [usize], Option<(usize, bool)>);

/// The key columns of a sheet (positions among its columns): always shown, frozen at the left, and the rows' order
/// until a header is clicked.
/// Whether a row whose texts changed from `before` to `after` keeps its place in an order made with `key` (the
/// filter, the sort, the party): the texts it is sorted by are the same, and the filter finds it in both or neither.
fn keeps_order(
    kind: SheetKind,
    key: &(String, Option<(usize, bool)>, Option<InstitutionCode>),
    before: &[String],
    after: &[String],
) -> bool {
    let sorted_by = match key.1 {
        Some((col, _)) => vec![col],
        None => key_columns(kind),
    };
    let needle = key.0.trim();
    let found = |texts: &[String]| needle.is_empty() || texts.iter().any(|t| t.contains(needle));
    sorted_by.iter().all(|&c| before.get(c) == after.get(c)) && found(before) == found(after)
}

fn key_columns(kind: SheetKind) -> Vec<usize> {
    kind.columns()
        .iter()
        .enumerate()
        .filter(|(_, (f, _))| crate::ui::panels::row_pane::is_key(kind, *f))
        .map(|(i, _)| i)
        .collect()
}

/// The table itself: sortable headers, virtualised rows, the cell being edited. `shown` are the columns in view,
/// left to right; `scroll_to` a position in `order` to bring into view.
fn table_ui(
    ui: &mut egui::Ui,
    (kind, shown, scroll_to): (SheetKind, &[usize], Option<usize>),
    lang: Lang,
    (cache, order, selected, sort): Rows,
    editing: &mut Option<(usize, usize, String)>,
) -> Done {
    let columns = kind.columns();
    let mut done = Done::default();
    // By column (its position in the workbook), once its header is drawn.
    let mut header_ids: Vec<Option<egui::Id>> = vec![None; columns.len()];
    // Each column starts as wide as its header (wide characters count double).
    let font = egui::TextStyle::Body.resolve(ui.style()).size;
    let width = |h: &str| {
        let units: f32 = h.chars().map(|c| if (c as u32) < 0x1100 { 0.55 } else { 1.0 }).sum();
        (units * font + 24.0).clamp(70.0, 260.0)
    };
    // No sideways scroll area: the columns past the right edge are cut there and reached by scrolling columns,
    // so that the key column never leaves the view.
    let area = ui.available_rect_before_wrap();
    let mut table = TableBuilder::new(ui).striped(true).sense(egui::Sense::click());
    if let Some(at) = scroll_to {
        table = table.scroll_to_row(at, Some(egui::Align::Center));
    }
    let whose = &cache.parties.1;
    if !whose.is_empty() {
        table = table.column(
            Column::initial(width("000 ＸＸ市町村")).at_least(50.0).clip(true).resizable(true),
        );
    }
    for (f, _) in shown.iter().map(|&i| &columns[i]) {
        table = table.column(
            // A masked 個人番号 is read by its last four digits: the column starts wide enough to show them.
            Column::initial(if *f == crate::domain::model::field::Field::MyNumber {
                width("**** **** 0000 ")
            } else {
                width(f.label(lang))
            })
            .at_least(50.0)
            .clip(true)
            .resizable(true),
        );
    }
    table
        .header(24.0, |mut header| {
            if !whose.is_empty() {
                header.col(|ui| {
                    ui.strong(Text::Party.get(lang));
                });
            }
            for &i in shown {
                let (f, required) = &columns[i];
                header.col(|ui| {
                    let arrow = match sort {
                        Some((c, true)) if c == i => " ▲",
                        Some((c, false)) if c == i => " ▼",
                        _ => "",
                    };
                    let label =
                        format!("{}{}{arrow}", f.label(lang), if *required { "＊" } else { "" });
                    let r = ui.add(
                        egui::Label::new(egui::RichText::new(label).strong())
                            .sense(egui::Sense::click()),
                    );
                    header_ids[i] = Some(r.id);
                    if r.clicked() {
                        done.sort_by = Some(i);
                    }
                });
            }
        })
        .body(|body| {
            body.rows(22.0, order.len(), |mut row| {
                let i = order[row.index()];
                row.set_selected(selected.contains(&i));
                if let Some(w) = whose.get(i) {
                    row.col(|ui| {
                        ui.add(egui::Label::new(w.as_str()).truncate().selectable(false));
                    });
                }
                for &col in shown {
                    let text = &cache.texts[i][col];
                    let (_, cell) = row.col(|ui| match editing {
                        Some((r, c, buffer)) if *r == i && *c == col => {
                            let mut edit = ui.add(
                                egui::TextEdit::singleline(buffer)
                                    .id_salt(("cell-edit", i, col))
                                    .desired_width(f32::INFINITY),
                            );
                            if let Some(Some(h)) = header_ids.get(col) {
                                edit = edit.labelled_by(*h);
                            }
                            if !edit.lost_focus() {
                                edit.request_focus();
                            } else {
                                let escaped = ui.input(|x| x.key_pressed(egui::Key::Escape));
                                if !escaped && buffer != text {
                                    let mut texts = cache.texts[i].clone();
                                    texts[col] = buffer.clone();
                                    done.finished = Some((i, texts, cache.texts[i].clone()));
                                }
                                done.done_editing = true;
                            }
                        }
                        _ => {
                            ui.add(egui::Label::new(text.as_str()).truncate().selectable(false));
                        }
                    });
                    if cell.double_clicked() {
                        done.start_edit = Some((i, col));
                    }
                }
                if row.response().clicked() {
                    done.clicked = Some((i, click_modifiers(&row.response())));
                }
            });
        });
    done.hovered = ui.rect_contains_pointer(area);
    done
}

/// The modifiers of a click itself (they may be released within the same frame).
fn click_modifiers(r: &egui::Response) -> egui::Modifiers {
    r.ctx.input(|i| {
        i.events
            .iter()
            .rev()
            .find_map(|e| match e {
                egui::Event::PointerButton { pressed: false, modifiers, .. } => Some(*modifiers),
                _ => None,
            })
            .unwrap_or(i.modifiers)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(row: &[&str]) -> Vec<String> {
        row.iter().map(|t| (*t).to_string()).collect()
    }

    #[test]
    fn an_edit_keeps_the_order_only_when_neither_its_sort_texts_nor_the_filter_change() {
        let kind = SheetKind::TestCases;
        let keys = key_columns(kind);
        let other =
            (0..kind.columns().len()).find(|c| !keys.contains(c)).expect("a column not a key");
        let before = texts(&vec!["a"; kind.columns().len()]);
        let mut remark = before.clone();
        remark[other] = "b".into();
        let mut moved = before.clone();
        moved[keys[0]] = "z".into();
        let by_key = (String::new(), None, None);
        assert!(keeps_order(kind, &by_key, &before, &remark));
        assert!(!keeps_order(kind, &by_key, &before, &moved));
        let by_other = (String::new(), Some((other, true)), None);
        assert!(!keeps_order(kind, &by_other, &before, &remark));
        let filtered = (String::from("b"), None, None);
        assert!(!keeps_order(kind, &filtered, &before, &remark));
        assert!(keeps_order(kind, &filtered, &remark, &remark));
    }
}
