//! The parties panel (相手先): one row per party — its test cases by agreement state as a bar, open findings,
//! check errors, the last book received and sent — and clicking a party filters the tree, the tables and the
//! views to it. The figures are the domain's ([`crate::domain::coordination::party::statuses`]), worked out once per project
//! revision and check.

use crate::ui::kit::panel::header_titles;
use egui_extras::{Column, TableBuilder};

use crate::domain::check::CheckFinding;
use crate::domain::coordination::book::BookRecord;
use crate::domain::coordination::party::{PartyStatus, statuses};
use crate::domain::model::kinds::AgreementState;

use crate::ui::kit::command::Command;
use crate::ui::kit::command::CoordinationCmd;
use crate::ui::kit::panel::PanelCtx;
use crate::ui::kit::text::Text;

/// UI-only state: the figures, with where each party's last received book stands in the record, for the
/// (project revision, check revision, books recorded) they were worked out for.
#[derive(Debug, Default)]
pub struct PartiesViewState {
    cache: Option<((u64, u64, usize), Vec<PartyRow>)>,
}

/// A party's figures and the place of its last received book in the record.
pub type PartyRow = (PartyStatus, Option<usize>);

impl PartiesViewState {
    /// The parties' figures, worked out again only when the project, the check or the record of books changed
    /// (a book sent changes the record, not the project).
    pub fn statuses(
        &mut self,
        cx: &PanelCtx,
        (check, check_revision): (&[CheckFinding], u64),
        books: &[BookRecord],
    ) -> &[PartyRow] {
        let key = (cx.revision, check_revision, books.len());
        if self.cache.as_ref().is_none_or(|(k, _)| *k != key) {
            let rows = statuses(cx.project, check, books)
                .into_iter()
                .map(|s| {
                    let last = s
                        .last_received
                        .as_ref()
                        .and_then(|last| books.iter().rposition(|b| b == last));
                    (s, last)
                })
                .collect();
            self.cache = Some((key, rows));
        }
        &self.cache.as_ref().expect("just set").1
    }
}

/// The parties' table's columns (the agreement bar's title among them).
const PARTY_COLUMNS: [Text; 5] =
    [Text::Party, Text::AgreementBar, Text::OpenFindings, Text::CheckErrors, Text::LastReceived];

/// A state's colour in the bar.
pub fn state_colour(state: AgreementState, visuals: &egui::Visuals) -> egui::Color32 {
    use egui::Color32;
    match state {
        AgreementState::Unconfirmed => visuals.weak_text_color(),
        AgreementState::Servable => Color32::from_rgb(66, 133, 214),
        AgreementState::NeedsFix => Color32::from_rgb(214, 72, 62),
        AgreementState::Agreed => Color32::from_rgb(56, 160, 86),
        AgreementState::Recheck => Color32::from_rgb(226, 168, 32),
    }
}

/// A party's test cases by state, as a bar of coloured segments (the counts on hover).
fn state_bar(ui: &mut egui::Ui, s: &PartyStatus, lang: crate::domain::model::message::Lang) {
    let (rect, response) =
        ui.allocate_exact_size(egui::vec2(BAR_WIDTH, 14.0), egui::Sense::hover());
    let painter = ui.painter();
    painter.rect_stroke(
        rect,
        2.0,
        ui.visuals().widgets.noninteractive.bg_stroke,
        egui::StrokeKind::Inside,
    );
    let total = s.cases.max(1) as f32;
    let mut x = rect.left();
    for (state, n) in &s.by_state {
        if *n == 0 {
            continue;
        }
        let w = rect.width() * (*n as f32) / total;
        let segment =
            egui::Rect::from_min_size(egui::pos2(x, rect.top()), egui::vec2(w, rect.height()));
        painter.rect_filled(segment, 0.0, state_colour(*state, ui.visuals()));
        x += w;
    }
    let text: Vec<String> =
        s.by_state.iter().map(|(state, n)| format!("{} {n}", state.label(lang))).collect();
    response.on_hover_text(text.join("、"));
}

/// A book's line: its file's name, when on hover.
fn book_label(ui: &mut egui::Ui, arrow: &str, b: &Option<BookRecord>) {
    match b {
        Some(b) => {
            ui.label(format!("{arrow} {}", b.file_name)).on_hover_text(format!(
                "{} {}",
                b.file_name,
                b.at_local()
            ));
        }
        None => {
            ui.label(format!("{arrow} -"));
        }
    }
}

/// Draw the parties panel.
pub fn parties_view_ui(
    ui: &mut egui::Ui,
    cx: &mut PanelCtx,
    state: &mut PartiesViewState,
    check: (&[CheckFinding], u64),
    books: &[BookRecord],
) {
    let lang = cx.lang;
    let chosen = cx.party.cloned();
    let rows = state.statuses(cx, check, books);
    let commands = &mut *cx.commands;
    ui.horizontal(|ui| {
        ui.heading(Text::Parties.get(lang));
        let ready = rows.iter().filter(|(s, _)| s.ready()).count();
        ui.label(format!("{} {ready} / {}", Text::Ready.get(lang), rows.len()));
    });
    if ui.selectable_label(chosen.is_none(), Text::AllParties.get(lang)).clicked() {
        commands.push(Command::Coordination(CoordinationCmd::FilterParty(None)));
    }
    // The legend of the bar's colours.
    ui.horizontal_wrapped(|ui| {
        // Each state's swatch and name as one piece, which goes to the next line whole.
        let small = egui::TextStyle::Small.resolve(ui.style());
        for s in AgreementState::ALL {
            let mut job = egui::text::LayoutJob::default();
            let swatch = egui::TextFormat::simple(small.clone(), state_colour(s, ui.visuals()));
            job.append("■", 0.0, swatch);
            let name = egui::TextFormat::simple(small.clone(), ui.visuals().text_color());
            job.append(s.label(lang), 2.0, name);
            ui.add(egui::Label::new(job).wrap_mode(egui::TextWrapMode::Extend));
        }
    });
    // Narrower than its five columns (beside the tree and a pane at 1280 px), a party's figures and books go
    // under its bar, in two columns, rather than past the panel's edge.
    let narrow = ui.available_width() < WIDE_FROM;
    // The bar, then the verdict (wide), or the verdict, the figures and the two books, one with its button
    // (narrow).
    let lines = if narrow { 5.0 } else { 1.0 };
    let line = ui.text_style_height(&egui::TextStyle::Body) + ui.spacing().item_spacing.y;
    let row_height = (line * lines + 14.0 + ui.spacing().item_spacing.y).max(line * 2.0 + 10.0);
    let table = TableBuilder::new(ui).id_salt("parties").striped(true).sense(egui::Sense::click());
    let table = if narrow {
        table.column(Column::initial(70.0).clip(true)).column(Column::remainder().clip(true))
    } else {
        table
            .column(Column::initial(110.0).clip(true))
            .column(Column::initial(BAR_WIDTH + 6.0))
            .column(Column::initial(62.0))
            .column(Column::initial(62.0))
            .column(Column::remainder().at_least(170.0).clip(true))
    };
    let titles = if narrow { &PARTY_COLUMNS[..2] } else { &PARTY_COLUMNS[..] };
    table.header(22.0, |mut h| header_titles(&mut h, titles, lang)).body(|body| {
        body.rows(row_height, rows.len(), |mut row| {
            let (s, last_received) = &rows[row.index()];
            let picked = chosen.as_ref() == Some(&s.party);
            row.set_selected(picked);
            let mut clicked = false;
            row.col(|ui| {
                ui.vertical(|ui| {
                    clicked |= ui.selectable_label(picked, s.party.as_str()).clicked();
                    ui.small(&s.name);
                });
            });
            let books = |ui: &mut egui::Ui, commands: &mut Vec<Command>| {
                ui.horizontal(|ui| {
                    book_label(ui, "↓", &s.last_received);
                    if let Some(i) = *last_received
                        && ui.small_button(Text::ChangedSinceLastBook.get(lang)).clicked()
                    {
                        commands.push(Command::Coordination(CoordinationCmd::ShowBookChange(i)));
                    }
                });
                book_label(ui, "↑", &s.last_sent);
            };
            if narrow {
                row.col(|ui| {
                    ui.vertical(|ui| {
                        agreement_ui(ui, s, lang);
                        ui.horizontal(|ui| {
                            ui.label(format!(
                                "{} {}",
                                Text::OpenFindings.get(lang),
                                s.open_findings
                            ));
                            errors_label(ui, s, Some(lang));
                        });
                        books(ui, commands);
                    });
                });
            } else {
                row.col(|ui| {
                    ui.vertical(|ui| agreement_ui(ui, s, lang));
                });
                row.col(|ui| {
                    ui.label(s.open_findings.to_string());
                });
                row.col(|ui| errors_label(ui, s, None));
                row.col(|ui| {
                    ui.vertical(|ui| books(ui, commands));
                });
            }
            if clicked || row.response().clicked() {
                let party = if picked { None } else { Some(s.party.clone()) };
                commands.push(Command::Coordination(CoordinationCmd::FilterParty(party)));
            }
        });
    });
}

/// The width from which the panel shows its five columns side by side.
const WIDE_FROM: f32 = 600.0;

/// The agreement bar's width.
const BAR_WIDTH: f32 = 150.0;

/// A party's bar of agreement states and its verdict (`3 / 5 未完了`).
fn agreement_ui(ui: &mut egui::Ui, s: &PartyStatus, lang: crate::domain::model::message::Lang) {
    state_bar(ui, s, lang);
    let agreed = s.count(AgreementState::Agreed);
    let verdict = if s.ready() { Text::Ready } else { Text::NotReady };
    ui.label(format!("{agreed} / {} {}", s.cases, verdict.get(lang)));
}

/// A party's check errors, red when there are any; titled when not under the column's header.
fn errors_label(
    ui: &mut egui::Ui,
    s: &PartyStatus,
    titled: Option<crate::domain::model::message::Lang>,
) {
    let text = match titled {
        Some(lang) => format!("{} {}", Text::CheckErrors.get(lang), s.check_errors),
        None => s.check_errors.to_string(),
    };
    if s.check_errors > 0 {
        ui.colored_label(ui.visuals().error_fg_color, text);
    } else {
        ui.label(text);
    }
}
