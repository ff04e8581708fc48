//! The window's files: opening, creating and saving-as project files (with their dialogs), the user's own copy of
//! the sample project, the preferences remembered between runs, and opening a folder in the file manager.

use std::path::{Path, PathBuf};

use crate::domain::date::DateStyle;
use crate::domain::message::Lang;
use crate::domain::sample::sample_project;
use crate::domain::source::Sources;
use crate::store::Store;

use super::app::{App, OpenProject};
use super::command::Command;
use super::command::FileCmd;
use super::jobs::ProjectLoad;
use super::sheet_table::ColumnLayout;
use super::text::Text;

/// What the window remembers between runs (eframe storage; never project data).
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Preferences {
    /// UI language.
    pub lang: Lang,
    /// Date style.
    pub date_style: DateStyle,
    /// Recently opened project files, newest first.
    pub recent: Vec<PathBuf>,
    /// "light", "dark" or "system".
    pub theme: String,
    /// How the user arranged each sheet's columns, by sheet name (only those changed from the default).
    #[serde(default)]
    pub columns: std::collections::BTreeMap<String, ColumnLayout>,
}

/// The key the preferences are stored under.
pub const PREFERENCES_KEY: &str = "renkei.preferences";

/// How many recent files the ファイル menu lists.
const RECENT_MAX: usize = 10;

/// A project of more rows than this (every kind together) is read whole in the background, behind a first frame
/// of its first rows: about 0.1 s of reading on the development machine, below which the window simply waits.
pub const BACKGROUND_LOAD_ROWS: usize = 50_000;

/// How many rows of each sheet the first frame of a large project shows while the rest is read.
pub const HEAD_ROWS: usize = 200;

/// Open a folder in the system's file manager, without waiting for it.
pub fn open_in_file_manager(dir: &Path) -> std::io::Result<()> {
    let program = if cfg!(target_os = "windows") {
        "explorer"
    } else if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let mut child = std::process::Command::new(program).arg(dir).spawn()?;
    // Reaped off the UI thread, so that a finished launcher does not linger as a zombie.
    std::thread::spawn(move || child.wait());
    Ok(())
}

/// The one folder of the user's own files: the copy of the sample project and the window's settings
/// (`%APPDATA%\\renkei\\data` on Windows, `$XDG_DATA_HOME/renkei` or `~/.local/share/renkei` on Linux,
/// `~/Library/Application Support/renkei` on macOS); the temporary folder only when the platform has none.
pub fn user_data_dir() -> PathBuf {
    directories::ProjectDirs::from("", "", "renkei")
        .map(|d| d.data_dir().to_path_buf())
        .unwrap_or_else(|| std::env::temp_dir().join("renkei"))
}

/// Where the user's own copy of the sample project lives (never the committed file).
pub fn user_sample_path() -> PathBuf {
    user_data_dir().join("sample.renkei")
}

/// The window's settings (eframe's storage: language, date style, theme, recent files, the table's columns),
/// beside the sample copy. Settings an earlier version kept in eframe's own folder (`renkei-workbench`) are
/// copied here once, so that nobody loses them.
pub fn settings_path() -> PathBuf {
    let old = eframe::storage_dir("renkei-workbench").map(|d| d.join("app.ron"));
    settings_in(&user_data_dir(), old.as_deref())
}

/// `app.ron` in `dir`, made from the `old` settings file when there is none yet.
fn settings_in(dir: &Path, old: Option<&Path>) -> PathBuf {
    let path = dir.join("app.ron");
    if !path.exists()
        && let Some(old) = old
        && old.is_file()
    {
        let _ = std::fs::create_dir_all(dir);
        let _ = std::fs::copy(old, &path);
    }
    path
}

/// The user's copy of the sample project, made on first use.
pub(super) fn open_or_create_sample(path: &Path) -> Result<Store, crate::store::StoreError> {
    if path.exists() {
        return Store::open(path);
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    crate::store::transact::create(path, &sample_project())
}

/// The time of day now where the user is (the system's time zone), for the status bar.
pub(super) fn clock() -> String {
    let t = crate::domain::date::DateTime::local_now();
    format!("{:02}:{:02}:{:02}", t.hour, t.minute, t.second)
}

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
    }

    /// Make an opened project file the window's project. A large one (more than [`BACKGROUND_LOAD_ROWS`] rows) is
    /// shown at once by its name, counts and first rows, and read whole in the background ([`ProjectLoad`]): the
    /// views that need all of it, and every edit, wait for that (`App::loading`).
    pub(super) fn adopt(&mut self, store: Store) {
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
    pub(super) fn cancel_load(&mut self) {
        if self.open.as_ref().is_some_and(|o| o.is_loading()) {
            self.open = None; // dropping the load cancels its thread, and the writer's lock is let go
            self.reset_project_state();
            self.say(|l| Text::LoadCancelled.get(l).to_string());
        }
    }

    /// Take the project read whole in the background, once it is: the views and edits wait for it. Failed, the
    /// project is closed (its first rows alone are not a project to work on) and the status bar says why.
    pub(super) fn keep_loading(&mut self, ctx: &egui::Context) {
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
                self.tables_mut(kind)
                    .adopt_texts(texts, (revision, style, lang));
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
        self.check_summary = None;
        self.check_run = None;
        self.findings.clear();
        self.finding_places.clear();
        self.badges = Default::default();
        self.checks_after_import = None;
        self.simulated = None;
        self.coverage_view = Default::default();
        self.check_view = Default::default();
        self.simulation_for = None;
        self.simulation = Default::default();
        self.party_filter = None;
        self.export_choice.party = None;
        self.import_preview = None;
        self.import_queue.clear();
        self.import_batch.clear();
        self.import_record = None;
        self.import_stale = None;
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
    pub(super) fn reload_project(&mut self) {
        let revision = self.next_revision();
        let Some(o) = &mut self.open else { return };
        let read = o
            .store
            .load()
            .and_then(|p| Ok((p, o.store.sources()?, o.store.revision()?)));
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
    pub(super) fn reload_books(&mut self) {
        if let Some(o) = &self.open {
            match o.store.books() {
                Ok(books) => self.books = books,
                Err(e) => self.message = Some(e.to_string()),
            }
        }
    }

    /// A file chosen in a dialog (`started`: when the dialog was asked for). A dialog that came back with nothing
    /// at once was never shown (no desktop portal, no zenity): the path is asked in the window instead, starting
    /// in the folder of the last project; one the user closed is left at that.
    pub(super) fn dialog_then<T: FromTypedPath + 'static>(
        &mut self,
        ctx: &egui::Context,
        (picked, started): (Option<T>, std::time::Instant),
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
                    String::new()
                } else {
                    format!("{folder}{}", std::path::MAIN_SEPARATOR)
                };
                self.path_ask = Some(PathAsk {
                    text,
                    then: Box::new(move |p| then(T::from_typed_path(p))),
                });
            }
            None => {}
        }
    }

    /// The commands about files: open, new, save as, a folder shown, quit.
    pub(super) fn apply_file(&mut self, ctx: &egui::Context, command: FileCmd) {
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
                self.dialog_then(ctx, (picked, started), |x| FileCmd::Open(x).into())
            }
            FileCmd::NewDialog => {
                let started = std::time::Instant::now();
                let picked = renkei().set_file_name("project.renkei").save_file();
                self.dialog_then(ctx, (picked, started), |x| FileCmd::New(x).into())
            }
            FileCmd::New(path) => {
                let name = path
                    .file_stem()
                    .map(|s| s.to_string_lossy().to_string())
                    .unwrap_or_default();
                let project = crate::domain::model::Project {
                    name,
                    ..Default::default()
                };
                match crate::store::transact::create(&path, &project) {
                    Ok(store) => self.adopt(store),
                    Err(e) => self.message = Some(e.to_string()),
                }
            }
            FileCmd::SaveAsDialog => {
                let started = std::time::Instant::now();
                let picked = renkei().set_file_name("copy.renkei").save_file();
                self.dialog_then(ctx, (picked, started), |x| FileCmd::SaveAs(x).into())
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

/// A path typed in the window where no file dialog could be shown, and what is done with it.
pub struct PathAsk {
    /// The path typed so far.
    pub text: String,
    /// The command the path makes.
    pub then: Box<dyn FnOnce(PathBuf) -> Command>,
}

/// What a dialog gives, made from one typed path.
pub(super) trait FromTypedPath {
    fn from_typed_path(p: PathBuf) -> Self;
}

impl FromTypedPath for PathBuf {
    fn from_typed_path(p: PathBuf) -> Self {
        p
    }
}

impl FromTypedPath for Vec<PathBuf> {
    fn from_typed_path(p: PathBuf) -> Self {
        vec![p]
    }
}

/// What opening the window's project did besides opening it.
fn o_lines(open: Option<&OpenProject>) -> Vec<String> {
    open.map(|o| o.store.opened().lines(o.store.path()))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::settings_in;

    /// The settings an earlier version kept in eframe's folder are found in the one folder of the user's files;
    /// settings already there are never overwritten by the old ones.
    #[test]
    fn earlier_settings_move_into_the_users_folder_once() {
        let tmp = tempfile::tempdir().unwrap();
        let old = tmp.path().join("renkei-workbench").join("app.ron");
        std::fs::create_dir_all(old.parent().unwrap()).unwrap();
        std::fs::write(&old, "(lang: En)").unwrap();
        let home = tmp.path().join("renkei").join("data");
        let path = settings_in(&home, Some(&old));
        assert_eq!(path, home.join("app.ron"));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "(lang: En)");
        std::fs::write(&path, "(lang: Ja)").unwrap();
        settings_in(&home, Some(&old));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "(lang: Ja)");
        let fresh = tmp.path().join("fresh");
        assert!(!settings_in(&fresh, None).exists());
    }
}
