//! The window's files: opening, creating and saving-as project files (with their dialogs), the user's own copy of
//! the sample project, the preferences remembered between runs, and opening a folder in the file manager.

use crate::domain::coordination::source::Sources;
use crate::store::Store;

use crate::ui::kit::command::Command;
use crate::ui::kit::command::FileCmd;
use crate::ui::kit::jobs::ProjectLoad;
use crate::ui::kit::text::Text;
use crate::ui::kit::views::ViewId;
use crate::ui::panels::sheet_table::ColumnLayout;
use crate::ui::shell::app::{App, OpenProject};
use crate::ui::shell::home::*;

/// How many recent files the ファイル menu lists.
const RECENT_MAX: usize = 10;

impl App {
    /// The preferences to remember.
    pub fn preferences(&self) -> Preferences {
        Preferences {
            lang: self.lang,
            date_style: self.date_style,
            recent: self.recent.clone(),
            theme: match self.theme {
                egui::ThemePreference::Light => "light",
                egui::ThemePreference::Dark => "dark",
                egui::ThemePreference::System => "system",
            }
            .into(),
            columns: self
                .tables
                .iter()
                .filter(|(_, t)| t.columns != ColumnLayout::default())
                .map(|(k, t)| (k.name().to_string(), t.columns.clone()))
                .collect(),
            side_panels: crate::ui::shell::home::SidePanels {
                parties: self.views.is_open(ViewId::Parties),
                tree_closed: !self.views.is_open(ViewId::Tree),
            },
        }
    }

    /// Take remembered preferences (the project opened is kept at the top of the recent files).
    pub fn use_preferences(&mut self, p: Preferences) {
        self.lang = p.lang;
        self.date_style = p.date_style;
        for path in p.recent {
            if !self.recent.contains(&path) && self.recent.len() < RECENT_MAX {
                self.recent.push(path);
            }
        }
        self.theme = match p.theme.as_str() {
            "light" => egui::ThemePreference::Light,
            "dark" => egui::ThemePreference::Dark,
            _ => egui::ThemePreference::System,
        };
        for (kind, table) in &mut self.tables {
            if let Some(layout) = p.columns.get(kind.name()) {
                table.columns = layout.clone();
            }
        }
        self.views.set(ViewId::Parties, p.side_panels.parties);
        self.views.set(ViewId::Tree, !p.side_panels.tree_closed);
    }

    /// Make an opened project file the window's project. A large one (more than [`BACKGROUND_LOAD_ROWS`] rows) is
    /// shown at once by its name, counts and first rows, and read whole in the background ([`ProjectLoad`]): the
    /// views that need all of it, and every edit, wait for that (`App::loading`).
    pub(crate) fn adopt(&mut self, store: Store) {
        // Kept absolute: the recent files are opened again from another working folder.
        let path = std::path::absolute(store.path()).unwrap_or_else(|_| store.path().to_path_buf());
        let read = store.counts().and_then(|counts| {
            if counts.total() > BACKGROUND_LOAD_ROWS {
                let head = store.head(HEAD_ROWS)?;
                let shown = (self.sheet, self.date_style, self.lang);
                let load = ProjectLoad::start(path.clone(), counts, shown);
                Ok((head, Sources::default(), Some(load)))
            } else {
                Ok((store.load()?, store.sources()?, None))
            }
        });
        match read {
            Ok((project, sources, loading)) => {
                self.recent.retain(|p| *p != path);
                self.recent.insert(0, path);
                self.recent.truncate(RECENT_MAX);
                let revision = self.next_revision();
                let file_revision = store.revision().unwrap_or_default();
                let background = loading.is_some();
                self.open = Some(OpenProject::new(
                    store,
                    (project.into(), sources.into()),
                    (revision, file_revision),
                    loading,
                ));
                self.reset_project_state();
                // A rollback of an interrupted change, a migration: said once, in the status bar.
                let opened = o_lines(self.open.as_ref());
                self.message = (!opened.is_empty()).then(|| opened.join(" / "));
                if background {
                    self.books.clear();
                } else {
                    self.reload_books();
                }
            }
            Err(e) => self.message = Some(e.to_string()),
        }
    }

    /// Stop reading a large project and close it, at once (the reading thread stops within a few thousand rows;
    /// what it read is dropped). Its first rows alone are not a project to work on.
    /// Erase the person the dialog asked about: the file keeps none of its values (no undo), and the window opens
    /// the file afresh on what it holds now.
    pub(crate) fn erase_now(&mut self) {
        let Some(key) = self.confirm_erase.take() else {
            return;
        };
        let Some(mut o) = self.open.take() else {
            return;
        };
        let erased =
            crate::store::transact::erase_role_model(&mut o.store, &key.party, key.id.as_str());
        // Erased or not, the window opens the file afresh on what it holds.
        self.adopt(o.store);
        match erased {
            Ok(_) => self.say(|l| format!("{} {}", Text::Erased.get(l), key.id)),
            Err(e) => self.message = Some(e.to_string()),
        }
    }

    pub(crate) fn cancel_load(&mut self) {
        if self.open.as_ref().is_some_and(|o| o.is_loading()) {
            self.open = None; // dropping the load cancels its thread, and the writer's lock is let go
            self.reset_project_state();
            self.say(|l| Text::LoadCancelled.get(l).to_string());
        }
    }

    /// Take the project read whole in the background, once it is: the views and edits wait for it. Failed, the
    /// project is closed (its first rows alone are not a project to work on) and the status bar says why.
    pub(crate) fn keep_loading(&mut self, ctx: &egui::Context) {
        let Some(load) = self.open.as_ref().and_then(|o| o.loading.as_ref()) else {
            return;
        };
        let Some(read) = load.poll() else {
            // The reading thread does not know the window: the window looks again shortly.
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
            return;
        };
        let revision = self.next_revision();
        match read {
            Ok(loaded) => {
                let (snapshot, (kind, style, lang, texts)) = (loaded.snapshot, loaded.shown);
                self.tables_mut(kind).adopt_texts(texts, (revision, style, lang));
                let Some(o) = &mut self.open else { return };
                o.project = snapshot.project.into();
                o.sources = snapshot.sources.into();
                o.file_revision = snapshot.revision;
                o.revision = revision;
                o.row_change = None;
                o.loading = None;
                self.books = snapshot.books;
            }
            Err(e) => {
                self.open = None;
                self.reset_project_state();
                self.message = Some(e.to_string());
            }
        }
    }

    /// Forget everything the window kept about the previous project: nothing of it may show in the next one (its
    /// save time, its folder, its check, its selection, its views' state and their work under way). What is the
    /// user's and not a project's (language, date style, theme, recent files, which views are open) stays.
    fn reset_project_state(&mut self) {
        for (_, t) in &mut self.tables {
            t.reset();
        }
        self.selection = None;
        self.confirm_delete = None;
        self.renaming = None;
        self.check.summary = None;
        self.check.run = None;
        self.check.findings.clear();
        self.check.places.clear();
        self.check.badges = Default::default();
        self.check.after_import = None;
        self.simulated = None;
        self.coverage_view = Default::default();
        self.check.view = Default::default();
        self.simulation_for = None;
        self.simulation = Default::default();
        self.party_filter = None;
        self.export_choice.party = None;
        self.import.preview = None;
        self.import.queue.clear();
        self.import.batch.clear();
        self.import.record = None;
        self.import.stale = None;
        self.last_saved = None;
        self.written_folder = None;
        self.parties_view = Default::default();
        self.insurer_view = Default::default();
        self.book_change = None;
        self.finding_draft = None;
        self.own_dialog = None;
        self.tree = Default::default();
        self.detail = Default::default();
        self.role_model_pane = Default::default();
        self.row_pane = Default::default();
    }

    /// Read the whole project again from its file (the file changed behind what the window holds): what is shown
    /// and worked out from now on is the file's.
    pub(crate) fn reload_project(&mut self) {
        let revision = self.next_revision();
        let Some(o) = &mut self.open else { return };
        let read = o.store.load().and_then(|p| Ok((p, o.store.sources()?, o.store.revision()?)));
        match read {
            Ok((project, sources, file_revision)) => {
                o.project = project.into();
                o.sources = sources.into();
                o.file_revision = file_revision;
                o.revision = revision;
                o.row_change = None;
            }
            Err(e) => self.message = Some(e.to_string()),
        }
    }

    /// Read the record of books received and sent again from the project file.
    pub(crate) fn reload_books(&mut self) {
        if let Some(o) = &self.open {
            match o.store.books() {
                Ok(books) => self.books = books,
                Err(e) => self.message = Some(e.to_string()),
            }
        }
    }

    /// A project file to write, chosen in a save dialog starting at `name` (or typed in the path box titled
    /// `title`), then `then`.
    fn project_to_save(
        &mut self,
        ctx: &egui::Context,
        (title, name): (Text, &'static str),
        then: impl FnOnce(std::path::PathBuf) -> Command + 'static,
    ) {
        let started = std::time::Instant::now();
        let dialog = rfd::FileDialog::new().add_filter("Renkei", &["renkei"]);
        let picked = dialog.set_file_name(name).save_file();
        let asked = Asked { title, name, extension: Some("renkei") };
        self.dialog_then(ctx, (picked, started, asked), then)
    }

    /// A file chosen in a dialog (`started`: when the dialog was asked for). A dialog that came back with nothing
    /// at once was never shown (no desktop portal, no zenity): the path is asked in the window instead, starting
    /// in the folder of the last project; one the user closed is left at that.
    pub(crate) fn dialog_then<T: FromTypedPath + 'static>(
        &mut self,
        ctx: &egui::Context,
        (picked, started, asked): (Option<T>, std::time::Instant, Asked),
        then: impl FnOnce(T) -> Command + 'static,
    ) {
        match picked {
            Some(path) => self.apply(ctx, then(path)),
            None if started.elapsed() < std::time::Duration::from_millis(300) => {
                let folder = self
                    .recent
                    .first()
                    .and_then(|p| p.parent())
                    .map(crate::platform::shown)
                    .unwrap_or_default();
                let text = if folder.is_empty() {
                    asked.name.to_string()
                } else {
                    format!("{folder}{}{}", std::path::MAIN_SEPARATOR, asked.name)
                };
                let extension = asked.extension;
                self.path_ask = Some(PathAsk {
                    title: asked.title,
                    text,
                    many: T::MANY,
                    focused: false,
                    then: Box::new(move |typed| T::from_typed(typed, extension).map(then)),
                });
            }
            None => {}
        }
    }

    /// The commands about files: open, new, save as, a folder shown, quit.
    pub(crate) fn apply_file(&mut self, ctx: &egui::Context, command: FileCmd) {
        let renkei = || rfd::FileDialog::new().add_filter("Renkei", &["renkei"]);
        match command {
            FileCmd::Open(path) => {
                // Release our lock first when reopening the same file.
                if self.open.as_ref().is_some_and(|o| o.store.path() == path) {
                    self.open = None;
                }
                match Store::open(&path) {
                    Ok(store) => self.adopt(store),
                    Err(e) => self.message = Some(e.to_string()),
                }
            }
            FileCmd::OpenDialog => {
                let started = std::time::Instant::now();
                let picked = renkei().pick_file();
                let asked =
                    Asked { title: Text::AskOpenProject, name: "", extension: Some("renkei") };
                self.dialog_then(ctx, (picked, started, asked), |x| FileCmd::Open(x).into())
            }
            FileCmd::NewDialog => {
                let to = |x| FileCmd::New(x).into();
                self.project_to_save(ctx, (Text::AskNewProject, "project.renkei"), to)
            }
            FileCmd::New(path) => {
                self.new_project = Some(crate::ui::shell::flows::NewProject::new(path));
            }
            FileCmd::Create => self.create_project(ctx),
            FileCmd::CancelNew => self.new_project = None,
            FileCmd::MastersFromDialog => {
                let picked = rfd::FileDialog::new()
                    .add_filter("Renkei / xlsx", &["renkei", "xlsx"])
                    .pick_file();
                if let (Some(form), Some(path)) = (&mut self.new_project, picked) {
                    form.from = crate::platform::shown(&path);
                    form.chosen = Some(crate::ui::shell::flows::MastersSource::File);
                }
            }
            FileCmd::SaveAsDialog => {
                let to = |x| FileCmd::SaveAs(x).into();
                self.project_to_save(ctx, (Text::AskSaveAs, "copy.renkei"), to)
            }
            FileCmd::SaveAs(path) => {
                let Some(o) = &self.open else { return };
                match o.store.save_copy(&path) {
                    Ok(()) => {
                        // Continue in the copy, as a save-as does.
                        self.open = None;
                        self.apply(ctx, FileCmd::Open(path).into());
                        self.last_saved = Some(clock());
                    }
                    Err(e) => self.message = Some(e.to_string()),
                }
            }
            FileCmd::OpenFolder(dir) => {
                if let Err(e) = (self.folder_opener)(&dir) {
                    self.message = Some(format!("{}: {e}", crate::platform::shown(&dir)));
                }
            }
            FileCmd::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
        }
    }
}

/// What opening the window's project did besides opening it.
fn o_lines(open: Option<&OpenProject>) -> Vec<String> {
    open.map(|o| o.store.opened().lines(o.store.path())).unwrap_or_default()
}
