//! The views beside the tables: the check view docked below them (so that it never covers the field it points
//! at), and those in windows of their own — the simulation view (following the selected test case), the coverage
//! view, the simulate-all results, the insurer workspace and the notification area.

use crate::exchange::sheets::SheetKind;
use crate::ui::kit::views::ViewId;

use crate::ui::kit::command::Selection;
use crate::ui::kit::text::Text;
use crate::ui::shell::app::App;

/// Where the insurer workspace opens, and its size.
const INSURER_AT: ([f32; 2], [f32; 2]) = ([980.0, 620.0], [150.0, 90.0]);
/// Where the coverage view opens, and its size.
const COVERAGE_AT: ([f32; 2], [f32; 2]) = ([640.0, 520.0], [260.0, 120.0]);

/// A view in a window of its own, titled, at its default size and place; false once the user closed it.
fn window(
    ctx: &egui::Context,
    title: Text,
    lang: crate::domain::model::message::Lang,
    (size, pos): ([f32; 2], [f32; 2]),
    draw: impl FnOnce(&mut egui::Ui),
) -> bool {
    let mut open = true;
    egui::Window::new(title.get(lang))
        .id(egui::Id::unique(title.get(crate::domain::model::message::Lang::En)))
        .open(&mut open)
        .default_size(size)
        .default_pos(pos)
        .show(ctx, draw);
    open
}

impl App {
    /// Whether the view `id` is open on a project read whole; while the project is still being read, its window
    /// says so instead (and can be closed).
    fn view_ready(
        &mut self,
        ctx: &egui::Context,
        (id, title, at): (ViewId, Text, ([f32; 2], [f32; 2])),
    ) -> bool {
        let (true, Some(o)) = (self.views.is_open(id), &self.open) else {
            return false;
        };
        let Some(load) = &o.loading else { return true };
        let lang = self.lang;
        let still_open = window(ctx, title, lang, at, |ui| {
            crate::ui::panels::loading_view::loading_note_ui(ui, load, lang)
        });
        self.views.set(id, still_open);
        false
    }

    /// The simulate-all results: every case's outcome and providers, and whether they match what it expects.
    pub(crate) fn simulated_window(&mut self, ctx: &egui::Context) {
        let lang = self.lang;
        let Some(state) = &mut self.simulated else {
            return;
        };
        let commands = &mut self.pending;
        let open = window(ctx, Text::SimulateAll, lang, ([760.0, 480.0], [240.0, 140.0]), |ui| {
            crate::ui::panels::simulated_view::simulated_view_ui(ui, state, lang, commands);
        });
        if !open {
            self.simulated = None;
        }
    }

    /// The insurer workspace in a window of its own (its work runs off the UI thread).
    pub(crate) fn insurer_window(&mut self, ctx: &egui::Context) {
        if !self.view_ready(ctx, (ViewId::Insurers, Text::InsurerWorkspace, INSURER_AT)) {
            return;
        }
        let Some(o) = &self.open else { return };
        self.insurer_view.keep_up(&o.project, o.revision, ctx);
        let mut cx = o.panel_ctx(
            (self.lang, self.date_style),
            self.party_filter.as_ref(),
            &mut self.pending,
        );
        let state = &mut self.insurer_view;
        let still_open = window(ctx, Text::InsurerWorkspace, cx.lang, INSURER_AT, |ui| {
            crate::ui::panels::insurer_view::insurer_view_ui(ui, &mut cx, state);
        });
        self.views.set(ViewId::Insurers, still_open);
    }

    /// The notification area: the recent messages in full, newest first, each with a copy button.
    pub(crate) fn messages_window(&mut self, ctx: &egui::Context) {
        if !self.views.is_open(ViewId::Messages) {
            return;
        }
        let lang = self.lang;
        let messages = &self.messages;
        let still_open =
            window(ctx, Text::Messages, lang, ([640.0, 360.0], [320.0, 300.0]), |ui| {
                if ui.button(Text::CopyAll.get(lang)).clicked() {
                    let all: Vec<String> =
                        messages.iter().map(|(t, m)| format!("{t} {m}")).collect();
                    ui.ctx().copy_text(all.join("\n"));
                }
                egui::ScrollArea::vertical().show(ui, |ui| {
                    for (i, (t, m)) in messages.iter().enumerate().rev() {
                        ui.horizontal(|ui| {
                            if ui
                                .small_button(format!("{} {}", Text::Copy.get(lang), i + 1))
                                .clicked()
                            {
                                ui.ctx().copy_text(m.clone());
                            }
                            ui.add(egui::Label::new(format!("{t} {m}")).wrap());
                        });
                    }
                });
            });
        self.views.set(ViewId::Messages, still_open);
    }

    /// The coverage view in a window of its own.
    pub(crate) fn coverage_window(&mut self, ctx: &egui::Context) {
        if !self.view_ready(ctx, (ViewId::Coverage, Text::Coverage, COVERAGE_AT)) {
            return;
        }
        let Some(o) = &self.open else { return };
        let mut cx = o.panel_ctx(
            (self.lang, self.date_style),
            self.party_filter.as_ref(),
            &mut self.pending,
        );
        let state = &mut self.coverage_view;
        let still_open = window(ctx, Text::Coverage, cx.lang, COVERAGE_AT, |ui| {
            crate::ui::panels::coverage_view::coverage_view_ui(ui, &mut cx, state);
        });
        self.views.set(ViewId::Coverage, still_open);
    }

    /// The check view in a window of its own.
    /// Docked below the tables (never over the field it points at), resizable, with a close button.
    pub(crate) fn check_panel(&mut self, ui: &mut egui::Ui) {
        let (true, Some(o)) = (self.views.is_open(ViewId::Checks), &self.open) else {
            return;
        };
        let lang = self.lang;
        let mut cx = o.panel_ctx(
            (self.lang, self.date_style),
            self.party_filter.as_ref(),
            &mut self.pending,
        );
        let (found, state) =
            ((&self.check.findings[..], &self.check.places[..]), &mut self.check.view);
        let mut close = false;
        egui::Panel::bottom("checks")
            .resizable(true)
            .default_size(300.0)
            .size_range(160.0..=620.0)
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.strong(Text::Checks.get(lang));
                    close = ui.small_button(Text::Close.get(lang)).clicked();
                });
                match &o.loading {
                    Some(load) => crate::ui::panels::loading_view::loading_note_ui(ui, load, lang),
                    None => crate::ui::panels::check_view::check_view_ui(ui, &mut cx, found, state),
                }
            });
        if close {
            self.views.set(ViewId::Checks, false);
        }
    }

    /// The simulation view in a window of its own, following the selected test case.
    pub(crate) fn simulation_window(&mut self, ctx: &egui::Context) {
        let (Some(id), Some(o)) = (&self.simulation_for, &self.open) else {
            return;
        };
        // It follows the selection.
        let id = match &self.selection {
            Some(Selection::TestCase(s)) if o.project.test_case(s).is_some() => s.clone(),
            _ => id.clone(),
        };
        // Several test cases selected in the table are listed above the view.
        let selected: &[usize] = self
            .tables
            .iter()
            .find(|(k, _)| *k == SheetKind::TestCases)
            .map_or(&[], |(_, t)| &t.selected);
        let mut cx = o.panel_ctx(
            (self.lang, self.date_style),
            self.party_filter.as_ref(),
            &mut self.pending,
        );
        let state = &mut self.simulation;
        let open = window(ctx, Text::Simulation, cx.lang, ([860.0, 640.0], [200.0, 80.0]), |ui| {
            crate::ui::panels::simulation_view::simulation_view_ui(
                ui, &mut cx, &id, selected, state,
            );
        });
        self.simulation_for = open.then_some(id);
    }

    /// The record of books received and sent in a window of its own.
    pub(crate) fn books_window(&mut self, ctx: &egui::Context) {
        if !self.views.is_open(ViewId::Books) {
            return;
        }
        let lang = self.lang;
        let load = self.open.as_ref().and_then(|o| o.loading.as_ref());
        let (books, shown, commands) = (&self.books, self.book_change.as_ref(), &mut self.pending);
        let still_open =
            window(ctx, Text::Books, lang, ([900.0, 520.0], [160.0, 120.0]), |ui| match load {
                // The record is read with the project.
                Some(load) => crate::ui::panels::loading_view::loading_note_ui(ui, load, lang),
                None => {
                    crate::ui::panels::books_view::books_view_ui(ui, lang, books, shown, commands)
                }
            });
        self.views.set(ViewId::Books, still_open);
    }
}
