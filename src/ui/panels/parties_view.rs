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
    let (rect, response) = ui.allocate_exact_size(egui::vec2(150.0, 14.0), egui::Sense::hover());
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
        for s in AgreementState::ALL {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
            ui.painter().rect_filled(rect, 1.0, state_colour(s, ui.visuals()));
            ui.label(egui::RichText::new(s.label(lang)).small());
        }
    });
    let row_height = ui.text_style_height(&egui::TextStyle::Body) * 2.0 + 14.0;
    TableBuilder::new(ui)
        .id_salt("parties")
        .striped(true)
        .sense(egui::Sense::click())
        .column(Column::initial(110.0).clip(true))
        .column(Column::initial(140.0))
        .column(Column::initial(62.0))
        .column(Column::initial(62.0))
        .column(Column::initial(215.0).at_least(120.0).clip(true))
        .header(22.0, |mut h| header_titles(&mut h, &PARTY_COLUMNS, lang))
        .body(|body| {
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
                row.col(|ui| {
                    ui.vertical(|ui| {
                        state_bar(ui, s, lang);
                        let agreed = s.count(AgreementState::Agreed);
                        let verdict = if s.ready() { Text::Ready } else { Text::NotReady };
                        ui.label(format!("{agreed} / {} {}", s.cases, verdict.get(lang)));
                    });
                });
                row.col(|ui| {
                    ui.label(s.open_findings.to_string());
                });
                row.col(|ui| {
                    let text = s.check_errors.to_string();
                    if s.check_errors > 0 {
                        ui.colored_label(ui.visuals().error_fg_color, text);
                    } else {
                        ui.label(text);
                    }
                });
                row.col(|ui| {
                    ui.vertical(|ui| {
                        ui.horizontal(|ui| {
                            book_label(ui, "↓", &s.last_received);
                            if let Some(i) = *last_received
                                && ui.small_button(Text::ChangedSinceLastBook.get(lang)).clicked()
                            {
                                commands.push(Command::Coordination(
                                    CoordinationCmd::ShowBookChange(i),
                                ));
                            }
                        });
                        book_label(ui, "↑", &s.last_sent);
                    });
                });
                if clicked || row.response().clicked() {
                    commands.push(Command::Coordination(CoordinationCmd::FilterParty(if picked {
                        None
                    } else {
                        Some(s.party.clone())
                    })));
                }
            });
        });
}
