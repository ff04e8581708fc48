//! The menu bar: ファイル (new, open, recent, save as, import, export, quit), 編集 (undo and redo with their steps,
//! find) and 表示 (language, date style, the views, simulate all, theme). Each item pushes a command and shows the
//! keys its command's `About` gives.

use crate::domain::date::DateStyle;
use crate::domain::model::message::Lang;
use crate::ui::kit::command::Command;
use crate::ui::kit::command::{CoordinationCmd, EditCmd, FileCmd, TransferCmd, ViewCmd};
use crate::ui::kit::text::Text;
use crate::ui::kit::views::ViewId;
use crate::ui::shell::app::App;

/// The views the 表示 menu opens and closes, in its order.
const VIEW_MENU: [ViewId; 6] = [
    ViewId::Tree,
    ViewId::Parties,
    ViewId::Books,
    ViewId::Insurers,
    ViewId::Checks,
    ViewId::Coverage,
];

impl App {
    /// One menu item: its text, the keys of its command, enabled or not; clicked, it pushes the command.
    fn menu_item(
        &mut self,
        ui: &mut egui::Ui,
        text: impl Into<egui::WidgetText>,
        enabled: bool,
        command: Command,
    ) {
        let mut button = egui::Button::new(text);
        if let Some(keys) = command.about().shortcut {
            button = button.shortcut_text(ui.ctx().format_shortcut(&keys));
        }
        if ui.add_enabled(enabled, button).clicked() {
            self.pending.push(command);
        }
    }

    /// The menu bar.
    pub(crate) fn menu_ui(&mut self, ui: &mut egui::Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button(Text::MenuFile.get(self.lang), |ui| self.file_menu(ui));
            ui.menu_button(Text::MenuEdit.get(self.lang), |ui| self.edit_menu(ui));
            ui.menu_button(Text::MenuView.get(self.lang), |ui| self.view_menu(ui));
        });
    }

    fn file_menu(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang;
        let t = |x: Text| x.get(lang);
        let (open, idle) = (self.open.is_some(), self.open.is_some() && self.job.is_none());
        self.menu_item(ui, t(Text::New), true, FileCmd::NewDialog.into());
        self.menu_item(ui, t(Text::Open), true, FileCmd::OpenDialog.into());
        ui.menu_button(t(Text::Recent), |ui| {
            if self.recent.is_empty() {
                ui.label(t(Text::NoRecent));
            }
            for path in self.recent.clone() {
                self.menu_item(
                    ui,
                    crate::platform::shown(&path),
                    true,
                    FileCmd::Open(path.clone()).into(),
                );
            }
        });
        self.menu_item(ui, t(Text::SaveAs), open, FileCmd::SaveAsDialog.into());
        ui.separator();
        self.menu_item(ui, t(Text::ImportMenu), idle, TransferCmd::ImportDialog.into());
        self.menu_item(ui, t(Text::ExportMenu), idle, TransferCmd::ExportSetup.into());
        ui.separator();
        self.menu_item(ui, t(Text::Properties), open, CoordinationCmd::AskOwn.into());
        ui.separator();
        self.menu_item(ui, t(Text::Quit), true, FileCmd::Quit.into());
    }

    fn edit_menu(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang;
        let t = |x: Text| x.get(lang);
        let (undo, redo) = match &self.open {
            Some(o) => {
                (o.store.undo_label().map(str::to_string), o.store.redo_label().map(str::to_string))
            }
            None => (None, None),
        };
        // The step an undo or redo would take is named in the item, as a user checks before pressing it.
        let named = |what: Text, step: &Option<String>| match step {
            Some(l) => format!("{}: {l}", t(what)),
            None => t(what).to_string(),
        };
        self.menu_item(ui, named(Text::Undo, &undo), undo.is_some(), EditCmd::Undo.into());
        self.menu_item(ui, named(Text::Redo, &redo), redo.is_some(), EditCmd::Redo.into());
        ui.separator();
        self.menu_item(ui, t(Text::Find), true, ViewCmd::FocusFilter.into());
    }

    fn view_menu(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang;
        let t = |x: Text| x.get(lang);
        ui.label(t(Text::Language));
        for (choice, name) in [(Lang::Ja, "日本語"), (Lang::En, "English")] {
            if ui.radio(lang == choice, name).clicked() {
                self.pending.push(ViewCmd::SetLang(choice).into());
            }
        }
        ui.separator();
        ui.label(t(Text::DateStyle));
        for (style, name) in
            [(DateStyle::Iso, Text::DateIso), (DateStyle::Wareki, Text::DateWareki)]
        {
            if ui.radio(self.date_style == style, t(name)).clicked() {
                self.pending.push(ViewCmd::SetDateStyle(style).into());
            }
        }
        ui.separator();
        for view in VIEW_MENU {
            if ui.selectable_label(self.views.is_open(view), t(view.title())).clicked() {
                self.pending.push(ViewCmd::Toggle(view).into());
            }
        }
        self.menu_item(
            ui,
            t(Text::SimulateAll),
            self.job.is_none(),
            TransferCmd::SimulateAll.into(),
        );
        ui.separator();
        ui.label(t(Text::Theme));
        for (theme, text) in [
            (egui::ThemePreference::Light, Text::ThemeLight),
            (egui::ThemePreference::Dark, Text::ThemeDark),
            (egui::ThemePreference::System, Text::ThemeSystem),
        ] {
            if ui.radio(self.theme == theme, t(text)).clicked() {
                self.pending.push(ViewCmd::SetTheme(theme).into());
            }
        }
    }
}
