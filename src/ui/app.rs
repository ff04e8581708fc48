//! The application state (the open project beside UI-only state) and the command loop: panels push
//! [`Command`]s, the app applies them after the frame.

use std::path::{Path, PathBuf};

use crate::domain::message::Lang;
use crate::domain::model::Project;
use crate::domain::sample::sample_project;
use crate::store::Store;

use super::test_case_table::{TableState, test_case_table_ui};
use super::text::Text;

/// A user operation, requested by a menu, shortcut or panel.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Open a project file.
    Open(PathBuf),
    /// Ask for a file to open with a dialog.
    OpenDialog,
    /// Switch the UI language.
    SetLang(Lang),
    /// Close the window.
    Quit,
}

/// The open project: the file and its content in memory.
pub struct OpenProject {
    /// The project file.
    pub store: Store,
    /// Its content.
    pub project: Project,
}

/// The application.
pub struct App {
    /// The open project, if any.
    pub open: Option<OpenProject>,
    /// UI language.
    pub lang: Lang,
    /// The last error or notice, shown in the status bar.
    pub message: Option<String>,
    table: TableState,
    pending: Vec<Command>,
}

/// Where the user's own copy of the sample project lives (never the committed file).
pub fn user_sample_path() -> PathBuf {
    let base = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .unwrap_or_else(std::env::temp_dir);
    base.join("renkei").join("sample.renkei")
}

fn open_or_create_sample(path: &Path) -> Result<Store, crate::store::StoreError> {
    if path.exists() {
        return Store::open(path);
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let project = sample_project();
    let mut store = Store::create(path, &project.name)?;
    store.replace_all(&project)?;
    Ok(store)
}

impl App {
    /// Start on a file, or on the user's copy of the sample project.
    pub fn start(file: Option<PathBuf>) -> App {
        let mut app = App {
            open: None,
            lang: Lang::Ja,
            message: None,
            table: TableState::default(),
            pending: Vec::new(),
        };
        let result = match file {
            Some(f) => Store::open(&f),
            None => open_or_create_sample(&user_sample_path()),
        };
        match result {
            Ok(store) => app.adopt(store),
            Err(e) => app.message = Some(e.to_string()),
        }
        app
    }

    fn adopt(&mut self, store: Store) {
        match store.load() {
            Ok(project) => {
                self.open = Some(OpenProject { store, project });
                self.table = TableState::default();
                self.message = None;
            }
            Err(e) => self.message = Some(e.to_string()),
        }
    }

    /// Apply one command.
    pub fn apply(&mut self, ctx: &egui::Context, command: Command) {
        match command {
            Command::Open(path) => {
                // Release our lock first when reopening the same file.
                if self.open.as_ref().is_some_and(|o| o.store.path() == path) {
                    self.open = None;
                }
                match Store::open(&path) {
                    Ok(store) => self.adopt(store),
                    Err(e) => self.message = Some(e.to_string()),
                }
            }
            Command::OpenDialog => {
                match rfd::FileDialog::new()
                    .add_filter("Renkei", &["renkei"])
                    .pick_file()
                {
                    Some(path) => self.apply(ctx, Command::Open(path)),
                    None => self.message = Some(Text::NoDialog.get(self.lang).to_string()),
                }
            }
            Command::SetLang(lang) => self.lang = lang,
            Command::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
        }
    }

    fn menu_ui(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang;
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button(Text::MenuFile.get(lang), |ui| {
                if ui.button(Text::Open.get(lang)).clicked() {
                    self.pending.push(Command::OpenDialog);
                }
                if ui.button(Text::Quit.get(lang)).clicked() {
                    self.pending.push(Command::Quit);
                }
            });
            ui.menu_button(Text::MenuView.get(lang), |ui| {
                ui.label(Text::Language.get(lang));
                if ui.radio(lang == Lang::Ja, "日本語").clicked() {
                    self.pending.push(Command::SetLang(Lang::Ja));
                }
                if ui.radio(lang == Lang::En, "English").clicked() {
                    self.pending.push(Command::SetLang(Lang::En));
                }
            });
        });
    }

    /// Draw one frame and apply what it asked for.
    pub fn frame_ui(&mut self, ui: &mut egui::Ui) {
        egui::Panel::top("menu").show(ui, |ui| self.menu_ui(ui));
        egui::Panel::bottom("status").show(ui, |ui| {
            ui.horizontal(|ui| match &self.open {
                Some(o) => {
                    ui.label(o.store.path().display().to_string());
                    ui.separator();
                    ui.label(format!(
                        "{} {}",
                        Text::CasesCount.get(self.lang),
                        o.project.test_cases.len()
                    ));
                    if let Some(m) = &self.message {
                        ui.separator();
                        ui.colored_label(ui.visuals().warn_fg_color, m);
                    }
                }
                None => {
                    ui.label(
                        self.message
                            .clone()
                            .unwrap_or_else(|| Text::NoProject.get(self.lang).to_string()),
                    );
                }
            });
        });
        egui::CentralPanel::default().show(ui, |ui| match &self.open {
            Some(o) => {
                ui.heading(format!(
                    "{} — {}",
                    Text::TestCases.get(self.lang),
                    o.project.name
                ));
                test_case_table_ui(ui, &o.project, &mut self.table, self.lang);
            }
            None => {
                ui.label(Text::NoProject.get(self.lang));
            }
        });
        let ctx = ui.ctx().clone();
        for command in std::mem::take(&mut self.pending) {
            self.apply(&ctx, command);
        }
    }
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame_ui(ui);
    }
}
