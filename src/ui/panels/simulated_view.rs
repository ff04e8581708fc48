//! The simulate-all results: every test case's outcome, providers and whether that is what it expects, in a
//! virtualised table with filters (mismatches only, an outcome, text in the id or providers); a case opens in the
//! editor and in the simulation view.

use crate::ui::kit::panel::header_titles;
use egui_extras::{Column, TableBuilder};

use crate::domain::model::Outcome;
use crate::domain::model::message::Lang;

use crate::ui::kit::command::ViewCmd;
use crate::ui::kit::command::{Command, Selection};
use crate::ui::kit::jobs::SimulatedCase;
use crate::ui::kit::text::Text;

/// The results and the filters applied to them.
#[derive(Debug, Default)]
pub struct SimulatedViewState {
    /// Every case's result, in project order.
    pub rows: Vec<SimulatedCase>,
    /// Show only the cases whose result differs from what they expect.
    pub only_mismatches: bool,
    /// Show only this outcome.
    pub outcome: Option<Outcome>,
    /// Text the id or the providers must contain.
    pub filter: String,
    /// The filters the shown rows were worked out for, and those rows (indices into `rows`).
    shown: Option<(Filters, Vec<usize>)>,
}

type Filters = (bool, Option<Outcome>, String);

impl SimulatedViewState {
    /// Results to show, no filter set.
    pub fn new(rows: Vec<SimulatedCase>) -> SimulatedViewState {
        SimulatedViewState { rows, ..Default::default() }
    }

    /// The rows passing the filters (worked out again only when a filter changes).
    fn shown(&mut self) -> &[usize] {
        let filters = (self.only_mismatches, self.outcome, self.filter.trim().to_string());
        if self.shown.as_ref().is_none_or(|(f, _)| *f != filters) {
            let needle = filters.2.as_str();
            let rows = self
                .rows
                .iter()
                .enumerate()
                .filter(|(_, r)| !filters.0 || r.matches == Some(false))
                .filter(|(_, r)| filters.1.is_none_or(|o| r.outcome == o))
                .filter(|(_, r)| {
                    needle.is_empty() || r.name.contains(needle) || r.providers.contains(needle)
                })
                .map(|(i, _)| i)
                .collect();
            self.shown = Some((filters, rows));
        }
        self.shown.as_ref().map(|(_, r)| r.as_slice()).unwrap_or(&[])
    }
}

/// Draw the results and their filters.
pub fn simulated_view_ui(
    ui: &mut egui::Ui,
    state: &mut SimulatedViewState,
    lang: Lang,
    commands: &mut Vec<Command>,
) {
    let mismatches = state.rows.iter().filter(|r| r.matches == Some(false)).count();
    let unexpected = state.rows.iter().filter(|r| r.matches.is_none()).count();
    ui.horizontal_wrapped(|ui| {
        ui.label(format!(
            "{} {} / {} {mismatches} / {} {unexpected}",
            state.rows.len(),
            Text::Rows.get(lang),
            Text::Mismatches.get(lang),
            Text::NoExpectationShort.get(lang)
        ));
        ui.checkbox(&mut state.only_mismatches, Text::OnlyMismatches.get(lang));
        let label = ui.label(Text::Outcome.get(lang));
        egui::ComboBox::from_id_salt("simulated-outcome")
            .selected_text(state.outcome.map(|o| o.label(lang)).unwrap_or(Text::All.get(lang)))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut state.outcome, None, Text::All.get(lang));
                for o in Outcome::ALL {
                    ui.selectable_value(&mut state.outcome, Some(o), o.label(lang));
                }
            })
            .response
            .labelled_by(label.id);
        let label = ui.label(Text::FilterLabel.get(lang));
        ui.add(egui::TextEdit::singleline(&mut state.filter).desired_width(160.0))
            .labelled_by(label.id);
    });
    let shown = state.shown().to_vec();
    ui.label(format!("{} / {} {}", shown.len(), state.rows.len(), Text::RowsShown.get(lang)));
    TableBuilder::new(ui)
        .striped(true)
        .column(Column::initial(180.0))
        .column(Column::initial(100.0))
        .column(Column::initial(220.0))
        .column(Column::remainder())
        .header(22.0, |mut h| {
            header_titles(
                &mut h,
                &[Text::TestCase, Text::Outcome, Text::Providers, Text::Match],
                lang,
            )
        })
        .body(|body| {
            body.rows(22.0, shown.len(), |mut row| {
                let r = &state.rows[shown[row.index()]];
                row.col(|ui| {
                    if ui.link(r.name.as_str()).clicked() {
                        commands.push(Command::View(ViewCmd::Reveal(Selection::TestCase(
                            r.id.clone(),
                        ))));
                        commands.push(Command::View(ViewCmd::ShowSimulation(r.id.clone())));
                    }
                });
                row.col(|ui| {
                    ui.label(r.outcome.label(lang));
                });
                row.col(|ui| {
                    ui.label(&r.providers);
                });
                row.col(|ui| match r.matches {
                    Some(true) => {
                        ui.label("○");
                    }
                    Some(false) => {
                        ui.colored_label(ui.visuals().error_fg_color, Text::Mismatch.get(lang));
                    }
                    None => {
                        ui.label(Text::NoExpectationShort.get(lang));
                    }
                });
            });
        });
}
