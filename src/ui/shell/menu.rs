//! The menu bar: ファイル (new, open, recent, save as, import, export, quit), 編集 (undo and redo with their steps,
//! find) and 表示 (language, date style, the views, simulate all, theme). Each item pushes a command.

use crate::domain::date::DateStyle;
use crate::domain::model::message::Lang;

use crate::ui::kit::command::Command;
use crate::ui::kit::command::{CoordinationCmd, EditCmd, FileCmd, TransferCmd, ViewCmd};
use crate::ui::kit::text::Text;
use crate::ui::shell::app::App;

impl App {
    /// The menu bar.
    pub(crate) fn menu_ui(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang;
        let t = |x: Text| x.get(lang);
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button(t(Text::MenuFile), |ui| {
                if ui.button(t(Text::New)).clicked() {
                    self.pending.push(Command::File(FileCmd::NewDialog));
                }
                if ui.button(t(Text::Open)).clicked() {
                    self.pending.push(Command::File(FileCmd::OpenDialog));
                }
                ui.menu_button(t(Text::Recent), |ui| {
                    if self.recent.is_empty() {
                        ui.label(t(Text::NoRecent));
                    }
                    for path in &self.recent {
                        if ui.button(crate::platform::shown(path)).clicked() {
                            self.pending
                                .push(Command::File(FileCmd::Open(path.clone())));
                        }
                    }
                });
                if ui
                    .add_enabled(self.open.is_some(), egui::Button::new(t(Text::SaveAs)))
                    .clicked()
                {
                    self.pending.push(Command::File(FileCmd::SaveAsDialog));
                }
                ui.separator();
                let idle = self.open.is_some() && self.job.is_none();
                if ui
                    .add_enabled(idle, egui::Button::new(t(Text::ImportMenu)))
                    .clicked()
                {
                    self.pending
                        .push(Command::Transfer(TransferCmd::ImportDialog));
                }
                if ui
                    .add_enabled(idle, egui::Button::new(t(Text::ExportMenu)))
                    .clicked()
                {
                    self.pending
                        .push(Command::Transfer(TransferCmd::ExportSetup));
                }
                ui.separator();
                if ui
                    .add_enabled(self.open.is_some(), egui::Button::new(t(Text::Properties)))
                    .clicked()
                {
                    self.pending
                        .push(Command::Coordination(CoordinationCmd::AskOwn));
                }
                ui.separator();
                if ui.button(t(Text::Quit)).clicked() {
                    self.pending.push(Command::File(FileCmd::Quit));
                }
            });
            ui.menu_button(t(Text::MenuEdit), |ui| {
                let (undo, redo) = match &self.open {
                    Some(o) => (
                        o.store.undo_label().map(str::to_string),
                        o.store.redo_label().map(str::to_string),
                    ),
                    None => (None, None),
                };
                let undo_text = match &undo {
                    Some(l) => format!("{}: {l}", t(Text::Undo)),
                    None => t(Text::Undo).to_string(),
                };
                if ui
                    .add_enabled(undo.is_some(), egui::Button::new(undo_text))
                    .clicked()
                {
                    self.pending.push(Command::Edit(EditCmd::Undo));
                }
                let redo_text = match &redo {
                    Some(l) => format!("{}: {l}", t(Text::Redo)),
                    None => t(Text::Redo).to_string(),
                };
                if ui
                    .add_enabled(redo.is_some(), egui::Button::new(redo_text))
                    .clicked()
                {
                    self.pending.push(Command::Edit(EditCmd::Redo));
                }
                ui.separator();
                if ui.button(t(Text::Find)).clicked() {
                    self.pending.push(Command::View(ViewCmd::FocusFilter));
                }
            });
            ui.menu_button(t(Text::MenuView), |ui| {
                ui.label(t(Text::Language));
                if ui.radio(lang == Lang::Ja, "日本語").clicked() {
                    self.pending.push(Command::View(ViewCmd::SetLang(Lang::Ja)));
                }
                if ui.radio(lang == Lang::En, "English").clicked() {
                    self.pending.push(Command::View(ViewCmd::SetLang(Lang::En)));
                }
                ui.separator();
                ui.label(t(Text::DateStyle));
                if ui
                    .radio(self.date_style == DateStyle::Iso, t(Text::DateIso))
                    .clicked()
                {
                    self.pending
                        .push(Command::View(ViewCmd::SetDateStyle(DateStyle::Iso)));
                }
                if ui
                    .radio(self.date_style == DateStyle::Wareki, t(Text::DateWareki))
                    .clicked()
                {
                    self.pending
                        .push(Command::View(ViewCmd::SetDateStyle(DateStyle::Wareki)));
                }
                ui.separator();
                if ui.button(t(Text::Parties)).clicked() {
                    self.pending
                        .push(Command::Coordination(CoordinationCmd::ToggleParties));
                }
                if ui.button(t(Text::Books)).clicked() {
                    self.pending
                        .push(Command::Coordination(CoordinationCmd::ToggleBooks));
                }
                if ui.button(t(Text::InsurerWorkspace)).clicked() {
                    self.pending.push(Command::View(ViewCmd::ToggleInsurers));
                }
                if ui.button(t(Text::Checks)).clicked() {
                    self.pending.push(Command::View(ViewCmd::ToggleChecks));
                }
                if ui.button(t(Text::Coverage)).clicked() {
                    self.pending.push(Command::View(ViewCmd::ToggleCoverage));
                }
                if ui
                    .add_enabled(self.job.is_none(), egui::Button::new(t(Text::SimulateAll)))
                    .clicked()
                {
                    self.pending
                        .push(Command::Transfer(TransferCmd::SimulateAll));
                }
                ui.separator();
                ui.label(t(Text::Theme));
                for (theme, text) in [
                    (egui::ThemePreference::Light, Text::ThemeLight),
                    (egui::ThemePreference::Dark, Text::ThemeDark),
                    (egui::ThemePreference::System, Text::ThemeSystem),
                ] {
                    if ui.radio(self.theme == theme, t(text)).clicked() {
                        self.pending.push(Command::View(ViewCmd::SetTheme(theme)));
                    }
                }
            });
        });
    }
}
