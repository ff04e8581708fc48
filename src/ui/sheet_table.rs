//! One table per sheet of the exchange contract (テストケース一覧, ロールモデル, 加入歴, 給付情報, 保険者, 機関, コード): the same
//! columns as the workbook, virtualised rows (only the visible ones are laid out), a filter box, sorting by a
//! header click, multi-select (Ctrl/Shift-click).
//!
//! The rows' texts are built once per project revision, date style and sheet, not per frame.

use egui_extras::{Column, TableBuilder};

use crate::domain::date::DateStyle;
use crate::domain::message::Lang;
use crate::domain::model::{InstitutionCode, Project};
use crate::exchange::sheet_rows::{Cell, sheet_rows};
use crate::exchange::sheets::SheetKind;

use super::panel::PanelCtx;
use super::text::Text;

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
}

#[derive(Debug)]
struct Cache {
    key: (u64, DateStyle),
    texts: Vec<Vec<String>>,
    /// The filter, sort and party the order was computed for, and the visible rows in order.
    order_key: (String, Option<(usize, bool)>, Option<InstitutionCode>),
    order: Vec<usize>,
}

fn cell_text(cell: &Cell, style: DateStyle) -> String {
    match cell {
        Cell::Text(s) => s.clone(),
        Cell::Date(d) => d.format(style),
        Cell::DateTime(d) => format!(
            "{} {:02}:{:02}:{:02}",
            d.date.format(style),
            d.hour,
            d.minute,
            d.second
        ),
        Cell::Number(n) => crate::exchange::read::number_text(*n),
        Cell::Empty => String::new(),
    }
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
        p: &Project,
        revision: u64,
        style: DateStyle,
        change: Option<&RowChange>,
    ) {
        if self
            .cache
            .as_ref()
            .is_some_and(|c| c.key == (revision, style))
        {
            return;
        }
        if let (Some(change), Some(cache)) = (change, self.cache.as_mut())
            && change.to == revision
            && change.sheet == kind
            && cache.key == (change.from, style)
            && let Some(row) = crate::exchange::sheet_rows::sheet_row(kind, p, change.row)
            && let Some(old) = cache.texts.get_mut(change.row)
        {
            let texts: Vec<String> = row.iter().map(|c| cell_text(c, style)).collect();
            // A test case moved to another scenario changes which row shows the scenario's name: build all.
            let moved = kind == SheetKind::TestCases && (old.first() != texts.first());
            if !moved {
                *old = texts;
                cache.key = (revision, style);
                // The filter and sort are applied again to the changed texts; the selection stays.
                cache.order_key = (String::from("\u{0}stale"), None, None);
                return;
            }
        }
        let texts = sheet_rows(kind, p)
            .iter()
            .map(|row| row.iter().map(|c| cell_text(c, style)).collect())
            .collect();
        self.cache = Some(Cache {
            key: (revision, style),
            texts,
            order_key: (String::from("\u{0}stale"), None, None),
            order: Vec::new(),
        });
        self.selected.clear();
    }

    /// Visible rows, in display order: those passing the filter, of the party chosen (masters always).
    fn order(&mut self, kind: SheetKind, p: &Project, party: Option<&InstitutionCode>) -> &[usize] {
        let Some(cache) = self.cache.as_mut() else {
            return &[];
        };
        let key = (self.filter.clone(), self.sort, party.cloned());
        if cache.order_key != key {
            let needle = self.filter.trim();
            let parties = match party {
                Some(_) => crate::exchange::sheet_rows::row_parties(kind, p),
                None => Vec::new(),
            };
            let ours = |i: usize| {
                party.is_none()
                    || parties
                        .get(i)
                        .is_some_and(|x| x.is_none_or(|x| Some(x) == party))
            };
            let mut order: Vec<usize> = (0..cache.texts.len())
                .filter(|&i| ours(i))
                .filter(|&i| needle.is_empty() || cache.texts[i].iter().any(|t| t.contains(needle)))
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
                        order.sort_by(|&a, &b| {
                            keys.iter()
                                .map(|&k| texts[a][k].cmp(&texts[b][k]))
                                .find(|o| o.is_ne())
                                .unwrap_or(std::cmp::Ordering::Equal)
                        });
                    }
                }
            }
            cache.order = order;
            cache.order_key = key;
        }
        &cache.order
    }

    /// Start editing a cell in place (what a double-click does), unless it is a key column.
    pub fn start_editing(&mut self, kind: SheetKind, row: usize, col: usize) {
        let Some((field, _)) = kind.columns().get(col) else {
            return;
        };
        if super::row_pane::is_key(kind, *field) {
            return;
        }
        if let Some(text) = self.row_texts(row).and_then(|t| t.get(col)).cloned() {
            self.editing = Some((row, col, text));
        }
    }

    /// The texts of one row (as shown), once the table has been drawn.
    pub fn row_texts(&self, row: usize) -> Option<&[String]> {
        self.cache
            .as_ref()
            .and_then(|c| c.texts.get(row))
            .map(Vec::as_slice)
    }

    /// How many rows pass the filter.
    pub fn visible_count(&self) -> usize {
        self.cache.as_ref().map_or(0, |c| c.order.len())
    }

    fn click(&mut self, row: usize, modifiers: egui::Modifiers, order: &[usize]) {
        if modifiers.shift
            && let Some(anchor) = self.anchor
        {
            let (a, b) = (
                order.iter().position(|&x| x == anchor),
                order.iter().position(|&x| x == row),
            );
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
}

/// Draw a sheet's table; `focus_filter` puts the cursor in the filter. A cell double-clicked is edited in place
/// (not the key columns); the row is returned when the edit is left.
pub fn sheet_table_ui(
    ui: &mut egui::Ui,
    cx: &mut PanelCtx,
    kind: SheetKind,
    state: &mut SheetTableState,
    focus_filter: bool,
    change: Option<&RowChange>,
) -> Option<EditedRow> {
    let lang = cx.lang;
    state.texts(kind, cx.project, cx.revision, cx.style, change);
    let total = state.cache.as_ref().map_or(0, |c| c.texts.len());
    let order = state.order(kind, cx.project, cx.party).to_vec();
    filter_ui(ui, state, lang, focus_filter, (order.len(), total));
    let cache = state.cache.as_ref()?;
    let mut editing = state.editing.take();
    let selected = state.selected.clone();
    let sort = state.sort;
    let done = ui
        .push_id(kind.name(), |ui| {
            table_ui(
                ui,
                kind,
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
    done.finished
}

/// The filter box, with how many rows show and how many are selected.
fn filter_ui(
    ui: &mut egui::Ui,
    state: &mut SheetTableState,
    lang: Lang,
    focus: bool,
    (shown, total): (usize, usize),
) {
    ui.horizontal(|ui| {
        let label = ui.label(Text::FilterLabel.get(lang));
        let filter = ui
            .add(
                egui::TextEdit::singleline(&mut state.filter)
                    .hint_text(Text::Filter.get(lang))
                    .desired_width(260.0),
            )
            .labelled_by(label.id);
        if focus {
            filter.request_focus();
        }
        ui.label(format!("{shown} / {total} {}", Text::Rows.get(lang)));
        if !state.selected.is_empty() {
            ui.separator();
            ui.label(format!(
                "{} {}",
                state.selected.len(),
                Text::Selected.get(lang)
            ));
        }
    });
}

/// The rows shown: their texts, their order, which are selected, and the sort.
type Rows<'a> = (&'a Cache, &'a [usize], &'a [usize], Option<(usize, bool)>);

/// The key columns of a sheet (positions among its columns): shown first, and the rows' order until a header is
/// clicked.
fn key_columns(kind: SheetKind) -> Vec<usize> {
    kind.columns()
        .iter()
        .enumerate()
        .filter(|(_, (f, _))| super::row_pane::is_key(kind, *f))
        .map(|(i, _)| i)
        .collect()
}

/// The order the columns are shown in: the key first (always in view, whatever pane is open), then the others in
/// the workbook's order.
fn display_columns(kind: SheetKind) -> Vec<usize> {
    let keys = key_columns(kind);
    let rest = (0..kind.columns().len()).filter(|i| !keys.contains(i));
    keys.iter().copied().chain(rest).collect()
}

/// The table itself: sortable headers, virtualised rows, the cell being edited.
fn table_ui(
    ui: &mut egui::Ui,
    kind: SheetKind,
    lang: Lang,
    (cache, order, selected, sort): Rows,
    editing: &mut Option<(usize, usize, String)>,
) -> Done {
    let columns = kind.columns();
    let shown = display_columns(kind);
    let mut done = Done::default();
    // By column (its position in the workbook), once its header is drawn.
    let mut header_ids: Vec<Option<egui::Id>> = vec![None; columns.len()];
    // Wide sheets scroll sideways; each column starts as wide as its header (wide characters count double).
    let font = egui::TextStyle::Body.resolve(ui.style()).size;
    let width = |h: &str| {
        let units: f32 = h
            .chars()
            .map(|c| if (c as u32) < 0x1100 { 0.55 } else { 1.0 })
            .sum();
        (units * font + 24.0).clamp(70.0, 260.0)
    };
    egui::ScrollArea::horizontal().show(ui, |ui| {
        let mut table = TableBuilder::new(ui)
            .striped(true)
            .sense(egui::Sense::click());
        for (f, _) in shown.iter().map(|&i| &columns[i]) {
            table = table.column(
                Column::initial(width(f.label(lang)))
                    .at_least(50.0)
                    .clip(true)
                    .resizable(true),
            );
        }
        table
            .header(24.0, |mut header| {
                for &i in &shown {
                    let (f, required) = &columns[i];
                    header.col(|ui| {
                        let arrow = match sort {
                            Some((c, true)) if c == i => " ▲",
                            Some((c, false)) if c == i => " ▼",
                            _ => "",
                        };
                        let label = format!(
                            "{}{}{arrow}",
                            f.label(lang),
                            if *required { "＊" } else { "" }
                        );
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
                    for &col in &shown {
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
                                ui.add(
                                    egui::Label::new(text.as_str()).truncate().selectable(false),
                                );
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
    });
    done
}

/// The modifiers of a click itself (they may be released within the same frame).
fn click_modifiers(r: &egui::Response) -> egui::Modifiers {
    r.ctx.input(|i| {
        i.events
            .iter()
            .rev()
            .find_map(|e| match e {
                egui::Event::PointerButton {
                    pressed: false,
                    modifiers,
                    ..
                } => Some(*modifiers),
                _ => None,
            })
            .unwrap_or(i.modifiers)
    })
}
