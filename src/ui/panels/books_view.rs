//! The record of books received and sent (newest first): when, in or out, the party, the file, its SHA-256 and
//! the counts; a received book's change (what changed since the last book from that party) opens below.

use crate::ui::kit::panel::header_titles;
use egui_extras::{Column, TableBuilder};

use crate::domain::coordination::book::{BookRecord, Direction};
use crate::domain::model::message::Lang;

use crate::ui::kit::command::Command;
use crate::ui::kit::command::CoordinationCmd;
use crate::ui::kit::text::Text;

/// The record of books' columns (and one for the buttons).
const BOOK_COLUMNS: [Text; 6] = [
    Text::When,
    Text::Direction,
    Text::Party,
    Text::FileName,
    Text::Sha256,
    Text::AddedChangedRemoved,
];

/// Draw the record; `shown` is the book whose change is open, with its lines.
pub fn books_view_ui(
    ui: &mut egui::Ui,
    lang: Lang,
    books: &[BookRecord],
    shown: Option<&(usize, Vec<String>)>,
    commands: &mut Vec<Command>,
) {
    let direction = |d: Direction| match lang {
        Lang::Ja => d.label_ja(),
        Lang::En => d.label_en(),
    };
    let order: Vec<usize> = (0..books.len()).rev().collect();
    ui.push_id("books", |ui| {
        TableBuilder::new(ui)
            .striped(true)
            .max_scroll_height(260.0)
            .column(Column::initial(150.0))
            .column(Column::initial(50.0))
            .column(Column::initial(70.0))
            .column(Column::initial(220.0).clip(true))
            .column(Column::initial(90.0))
            .column(Column::initial(130.0))
            .column(Column::remainder())
            .header(22.0, |mut h| {
                header_titles(&mut h, &BOOK_COLUMNS, lang);
                h.col(|_| {});
            })
            .body(|body| {
                body.rows(22.0, order.len(), |mut row| {
                    let i = order[row.index()];
                    let b = &books[i];
                    row.set_selected(shown.is_some_and(|(at, _)| *at == i));
                    row.col(|ui| {
                        ui.label(b.at_local());
                    });
                    row.col(|ui| {
                        ui.label(direction(b.direction));
                    });
                    row.col(|ui| {
                        ui.label(&b.party);
                    });
                    row.col(|ui| {
                        ui.label(&b.file_name).on_hover_text(&b.file_name);
                    });
                    row.col(|ui| {
                        let short: String = b.sha256.chars().take(10).collect();
                        ui.monospace(short).on_hover_text(&b.sha256);
                    });
                    row.col(|ui| {
                        ui.label(format!("{} / {} / {}", b.added, b.changed, b.removed));
                    });
                    row.col(|ui| {
                        if b.has_change() && ui.small_button(Text::ShowChange.get(lang)).clicked() {
                            commands
                                .push(Command::Coordination(CoordinationCmd::ShowBookChange(i)));
                        }
                    });
                });
            });
    });
    let Some((b, lines)) = shown.and_then(|(i, lines)| Some((books.get(*i)?, lines))) else {
        return;
    };
    ui.separator();
    ui.strong(format!(
        "{} {} ({}, {})",
        Text::ShowChange.get(lang),
        b.file_name,
        b.party,
        b.at_local()
    ));
    crate::ui::kit::panel::scrolled_rows(ui, ("book-change", 300.0), lines, |ui, line| {
        ui.label(line);
    });
}
