//! The user's own files and what the window keeps of them between runs: the one folder of the user's files (the
//! copy of the sample project and the window's settings), the preferences, opening a folder in the file manager,
//! the path asked for when no file dialog can be shown, and the local clock.

use std::path::{Path, PathBuf};

use crate::domain::date::DateStyle;
use crate::domain::model::message::Lang;
use crate::domain::samples::sample::sample_project;
use crate::store::Store;
use crate::ui::kit::command::Command;
use crate::ui::panels::sheet_table::ColumnLayout;

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
    /// The side panels as the user left them: whether the parties panel is open and the tree closed.
    #[serde(default)]
    pub side_panels: SidePanels,
}

/// Which side panels the user opened or closed (the others follow their defaults: the tree open, the parties
/// closed).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SidePanels {
    /// 相手先 open.
    pub parties: bool,
    /// The tree closed.
    pub tree_closed: bool,
}

/// The key the preferences are stored under.
pub const PREFERENCES_KEY: &str = "renkei.preferences";

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
pub(crate) fn open_or_create_sample(path: &Path) -> Result<Store, crate::store::StoreError> {
    if path.exists() {
        return Store::open(path);
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    crate::store::transact::create(path, &sample_project())
}

/// The time of day now where the user is (the system's time zone), for the status bar.
pub(crate) fn clock() -> String {
    let t = crate::domain::date::DateTime::local_now();
    format!("{:02}:{:02}:{:02}", t.hour, t.minute, t.second)
}

/// A path typed in the window where no file dialog could be shown, and what is done with it.
pub struct PathAsk {
    /// What the path is for (the box's title).
    pub title: crate::ui::kit::text::Text,
    /// The path typed so far (the last folder and a default name to start with).
    pub text: String,
    /// Whether several paths may be typed (an import), one a line.
    pub many: bool,
    /// Whether the cursor was put in the box yet.
    pub focused: bool,
    /// The command the typed text makes (none when nothing usable was typed).
    pub then: TypedThen,
}

/// What the path box does with the text typed in it.
pub type TypedThen = Box<dyn FnOnce(&str) -> Option<Command>>;

/// What a file dialog asks, for the path box that stands in for it: its title, the file name it starts with, and
/// the extension a typed name gets when it has none.
#[derive(Debug, Clone, Copy)]
pub struct Asked {
    /// What the path is for.
    pub title: crate::ui::kit::text::Text,
    /// The file name it starts with (empty for a folder or a file to open).
    pub name: &'static str,
    /// The extension a name typed without one gets.
    pub extension: Option<&'static str>,
}

/// One typed path: quotes and spaces around it dropped, the extension added when the name has none.
fn typed_path(text: &str, extension: Option<&str>) -> Option<PathBuf> {
    let text = text.trim().trim_matches('"').trim();
    if text.is_empty() {
        return None;
    }
    let mut path = PathBuf::from(text);
    if let Some(ext) = extension
        && path.extension().is_none()
        && path.file_name().is_some()
    {
        path.set_extension(ext);
    }
    Some(path)
}

/// What a dialog gives, made from the text typed in the path box.
pub(crate) trait FromTypedPath: Sized {
    /// Whether the box takes several paths.
    const MANY: bool = false;
    fn from_typed(text: &str, extension: Option<&str>) -> Option<Self>;
}

impl FromTypedPath for PathBuf {
    fn from_typed(text: &str, extension: Option<&str>) -> Option<Self> {
        typed_path(text, extension)
    }
}

impl FromTypedPath for Vec<PathBuf> {
    const MANY: bool = true;
    fn from_typed(text: &str, extension: Option<&str>) -> Option<Self> {
        let paths: Vec<PathBuf> =
            text.split(['\n', ';']).filter_map(|t| typed_path(t, extension)).collect();
        (!paths.is_empty()).then_some(paths)
    }
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
