//! The application state (the open project beside UI-only state) and the command loop: panels push
//! [`Command`]s, the app applies them after the frame.

use std::path::{Path, PathBuf};

use crate::domain::date::DateStyle;
use crate::domain::message::Lang;
use crate::domain::model::Project;
use crate::domain::sample::sample_project;
use crate::exchange::sheets::{ALL_SHEETS, SheetKind};
use crate::store::Store;

use super::detail::{DetailState, test_case_detail_ui};
use super::role_model_pane::{RoleModelPaneState, role_model_pane_ui};
use super::row_pane::{RowPaneState, row_pane_ui};
use super::sheet_table::{SheetTableState, sheet_table_ui};
use super::text::{Text, header, sheet_tab};
use super::tree::{TreeState, tree_ui};
use crate::domain::edit;
use crate::domain::model::{ScenarioId, TestCaseId, VariationId};
use crate::store::rows::{Entity, EntityKey};

/// What the user has selected in the tree, table or detail pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// A scenario, by id.
    Scenario(String),
    /// A variation, by id.
    Variation(String),
    /// A test case, by id.
    TestCase(String),
    /// A role model, by id.
    RoleModel(String),
    /// A row of another sheet (加入歴, 給付情報, 保険者, 機関, コード), by its position in the sheet.
    Row(SheetKind, usize),
}

/// A user operation, requested by a menu, shortcut or panel.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Open a project file.
    Open(PathBuf),
    /// Ask for a file to open with a dialog.
    OpenDialog,
    /// Ask for a new project file's place with a dialog, and create it.
    NewDialog,
    /// Create a new, empty project file and open it.
    New(PathBuf),
    /// Undo the last operation.
    Undo,
    /// Redo the last undone operation.
    Redo,
    /// Switch the UI language.
    SetLang(Lang),
    /// Show dates in this style.
    SetDateStyle(DateStyle),
    /// Show this sheet's table.
    ShowSheet(SheetKind),
    /// Select an entity (tree, table).
    Select(Selection),
    /// Save an entity (new or changed): one operation, one undo step.
    Put {
        /// The undo step's label.
        label: String,
        /// The entity (boxed: commands are queued every frame, entities are large).
        entity: Box<Entity>,
    },
    /// Delete an entity that takes nothing with it (a membership): one operation, one undo step.
    Remove {
        /// The undo step's label.
        label: String,
        /// What to delete.
        key: EntityKey,
    },
    /// Apply a change read from a form row with the workbook's rules: one operation, one undo step.
    ApplyProposal {
        /// The undo step's label.
        label: String,
        /// The change.
        proposal: Box<crate::exchange::import::Proposal>,
    },
    /// Add a scenario after the last.
    AddScenario,
    /// Add a role model after the last.
    AddRoleModel,
    /// Add a membership to a role model.
    AddMembership(crate::domain::model::RoleModelId),
    /// Add a benefit record to a role model.
    AddBenefit(crate::domain::model::RoleModelId),
    /// Add a variation to a scenario.
    AddVariation(ScenarioId),
    /// Add a test case to a variation.
    AddTestCase(VariationId),
    /// Copy a test case with the next id of its variation.
    DuplicateTestCase(TestCaseId),
    /// Ask before deleting (the dialog says what goes with it).
    AskDelete(Selection),
    /// Delete what the dialog asked about.
    ConfirmDelete,
    /// Close the dialog without deleting.
    CancelDelete,
    /// Ask for a new id (scenario, variation, test case or role model).
    AskRename(Selection),
    /// Give the entity the dialog asked about this new id (what refers to it follows).
    Rename(String),
    /// Close the rename dialog.
    CancelRename,
    /// Ask where to save a copy of the project, save it there and continue in the copy.
    SaveAsDialog,
    /// Save a copy of the project here and continue in the copy.
    SaveAs(PathBuf),
    /// Light, dark or the system's theme.
    SetTheme(egui::ThemePreference),
    /// Put the cursor in the shown table's filter box.
    FocusFilter,
    /// Choose the sheets and date style of an export.
    ExportSetup,
    /// Ask where to write the exchange workbook.
    ExportDialog,
    /// Write the exchange workbook here (in the background).
    Export(PathBuf),
    /// Ask for a workbook to import.
    ImportDialog,
    /// Read this workbook (in the background) and show what it would change.
    Import(PathBuf),
    /// Stop the background job.
    CancelJob,
    /// Apply the import being previewed: one step that can be undone.
    ApplyImport,
    /// Close the import preview without applying it.
    DiscardImport,
    /// Open or close the check view.
    ToggleChecks,
    /// Open or close the coverage view.
    ToggleCoverage,
    /// Simulate every test case in the background and show the results.
    SimulateAll,
    /// Close the simulate-all results.
    CloseSimulated,
    /// Select an entity and show it: its sheet, its place in the tree.
    Reveal(Selection),
    /// Apply a check's suggested fix: one operation, one undo step.
    ApplyFix {
        /// The undo step's label.
        label: String,
        /// The fix.
        fix: Box<crate::domain::check::Fix>,
    },
    /// Open the simulation view of a test case.
    ShowSimulation(String),
    /// Close the simulation view.
    CloseSimulation,
    /// Ask for a folder and save these test cases' answer XML there.
    SaveXmlDialog(Vec<String>),
    /// Save these test cases' answer XML (merged and per insurer) into a folder.
    SaveXml {
        /// The test cases.
        cases: Vec<String>,
        /// The folder.
        dir: PathBuf,
    },
    /// Open a folder in the system's file manager.
    OpenFolder(PathBuf),
    /// Put the cursor in a field of the shown entity's pane (the field by its workbook header).
    FocusField(String),
    /// Edit a cell of a sheet's table in place (a double-click).
    EditCell {
        /// The sheet.
        sheet: SheetKind,
        /// Row (position in the sheet).
        row: usize,
        /// Column (position in the sheet's headers).
        col: usize,
    },
    /// Close the window.
    Quit,
}

impl Command {
    /// Whether it may write to the project file or replace it (what must wait while a job holds the store).
    fn may_write(&self) -> bool {
        !matches!(
            self,
            Command::SetLang(_)
                | Command::SetDateStyle(_)
                | Command::ShowSheet(_)
                | Command::Select(_)
                | Command::Reveal(_)
                | Command::SetTheme(_)
                | Command::FocusFilter
                | Command::FocusField(_)
                | Command::CancelJob
                | Command::ToggleChecks
                | Command::ToggleCoverage
                | Command::ShowSimulation(_)
                | Command::CloseSimulation
                | Command::CloseSimulated
                | Command::OpenFolder(_)
                | Command::Quit
        )
    }
}

/// The sheets and date style of an export, as chosen in its dialog.
#[derive(Debug, Clone, Default)]
pub struct ExportChoice {
    /// Whether the dialog is open.
    pub open: bool,
    /// Sheets left out (all are written by default).
    pub left_out: Vec<SheetKind>,
    /// How dates are shown in the workbook.
    pub date_style: DateStyle,
}

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
}

/// The key the preferences are stored under.
pub const PREFERENCES_KEY: &str = "renkei.preferences";

/// How many recent files the ファイル menu lists.
const RECENT_MAX: usize = 10;

/// The open project: the file and its content in memory.
pub struct OpenProject {
    /// The project file.
    pub store: Store,
    /// Its content.
    pub project: std::sync::Arc<Project>,
    /// Changes whenever `project` does (what the tables' caches are keyed on).
    pub revision: u64,
    /// The last edit, when it changed one row of a sheet in place (the table redraws only that row).
    pub row_change: Option<super::sheet_table::RowChange>,
    /// Where imported rows came from (the check view names their workbook cells).
    pub sources: std::sync::Arc<crate::domain::source::Sources>,
}

/// The application.
pub struct App {
    /// The open project, if any.
    pub open: Option<OpenProject>,
    /// UI language.
    pub lang: Lang,
    /// The last error or notice, shown in the status bar.
    pub message: Option<String>,
    /// How dates are shown.
    pub date_style: DateStyle,
    /// The sheet shown.
    pub sheet: SheetKind,
    /// The selected scenario, variation or test case.
    pub selection: Option<Selection>,
    /// What the delete dialog asks about.
    pub confirm_delete: Option<Selection>,
    /// What the rename dialog renames, and the new id typed so far.
    pub renaming: Option<(Selection, String)>,
    /// The background job running (export, import), if any.
    pub job: Option<super::jobs::Job>,
    /// The last full check: the revision it checked and its (errors, warnings, notes).
    pub check_summary: Option<(u64, (usize, usize, usize))>,
    check_run: Option<super::jobs::CheckRun>,
    /// What the next export writes (chosen in its dialog).
    pub export_choice: ExportChoice,
    /// The findings of the last check.
    pub findings: Vec<crate::domain::check::Finding>,
    /// Whether the check view is open.
    pub checks_open: bool,
    /// The revision an import gave: its check opens the check view when the imported rows have errors.
    checks_after_import: Option<u64>,
    /// Where each finding's row came from in the workbook it was imported from (aligned with `findings`).
    pub finding_places: Vec<Option<String>>,
    /// Whether the coverage view is open.
    pub coverage_open: bool,
    /// The last simulate-all: every case's outcome, and whether only mismatches are shown.
    pub simulated: Option<super::simulated_view::SimulatedViewState>,
    coverage_view: super::coverage_view::CoverageViewState,
    check_view: super::check_view::CheckViewState,
    /// The test case the simulation view shows, when it is open.
    pub simulation_for: Option<String>,
    simulation: super::simulation_view::SimulationViewState,
    /// An import read and waiting for the user's decision.
    pub import_preview: Option<(PathBuf, Box<crate::exchange::import::Proposal>)>,
    /// Recently opened project files, newest first.
    pub recent: Vec<PathBuf>,
    /// The theme chosen.
    pub theme: egui::ThemePreference,
    /// When the last operation was saved (UTC, HH:MM:SS).
    pub last_saved: Option<String>,
    /// The folder of the last files written (export, XML), offered to be opened.
    pub written_folder: Option<PathBuf>,
    /// How a folder is opened (the system's file manager; tests record instead).
    pub folder_opener: fn(&Path) -> std::io::Result<()>,
    /// Errors and warnings per tree node, from the last check.
    pub badges: super::tree::Badges,
    focus_filter: bool,
    tables: Vec<(SheetKind, SheetTableState)>,
    tree: TreeState,
    detail: DetailState,
    role_model_pane: RoleModelPaneState,
    row_pane: RowPaneState,
    revisions: u64,
    pending: Vec<Command>,
}

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

/// The sheet a project file table's rows are shown in, when a row can be redrawn alone.
fn sheet_of_table(table: &str) -> Option<SheetKind> {
    match table {
        "test_case" => Some(SheetKind::TestCases),
        "role_model" => Some(SheetKind::RoleModels),
        "membership" => Some(SheetKind::Memberships),
        "benefit" => Some(SheetKind::Benefits),
        "insurer" => Some(SheetKind::Insurers),
        "institution" => Some(SheetKind::Institutions),
        _ => None,
    }
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
            date_style: DateStyle::Iso,
            sheet: SheetKind::TestCases,
            tables: ALL_SHEETS
                .iter()
                .map(|k| (*k, SheetTableState::default()))
                .collect(),
            selection: None,
            confirm_delete: None,
            renaming: None,
            job: None,
            check_summary: None,
            check_run: None,
            simulation_for: None,
            written_folder: None,
            folder_opener: open_in_file_manager,
            badges: Default::default(),
            findings: Vec::new(),
            export_choice: ExportChoice::default(),
            checks_open: false,
            checks_after_import: None,
            finding_places: Vec::new(),
            coverage_open: false,
            simulated: None,
            coverage_view: Default::default(),
            check_view: Default::default(),
            simulation: Default::default(),
            import_preview: None,
            recent: Vec::new(),
            theme: egui::ThemePreference::System,
            last_saved: None,
            focus_filter: false,
            tree: TreeState::default(),
            detail: DetailState::default(),
            role_model_pane: RoleModelPaneState::default(),
            row_pane: RowPaneState::default(),
            revisions: 0,
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

    fn next_revision(&mut self) -> u64 {
        self.revisions += 1;
        self.revisions
    }

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
    }

    fn adopt(&mut self, store: Store) {
        let path = store.path().to_path_buf();
        match store.load().and_then(|p| Ok((p, store.sources()?))) {
            Ok((project, sources)) => {
                self.recent.retain(|p| *p != path);
                self.recent.insert(0, path);
                self.recent.truncate(RECENT_MAX);
                let revision = self.next_revision();
                self.open = Some(OpenProject {
                    row_change: None,
                    store,
                    project: project.into(),
                    revision,
                    sources: sources.into(),
                });
                for (_, t) in &mut self.tables {
                    *t = SheetTableState::default();
                }
                self.message = None;
            }
            Err(e) => self.message = Some(e.to_string()),
        }
    }

    /// Reload the project from its file after an operation changed it.
    fn reload(&mut self) {
        let revision = self.next_revision();
        if let Some(o) = &mut self.open {
            match o.store.load() {
                Ok(p) => {
                    o.project = p.into();
                    o.revision = revision;
                }
                Err(e) => self.message = Some(e.to_string()),
            }
        }
    }

    /// Read again only the tables the last operation, undo or redo changed (one table of a large project, not
    /// all of them).
    fn reload_touched(&mut self) {
        let revision = self.next_revision();
        let Some(o) = &mut self.open else { return };
        // An import, or its undo, changed where rows came from.
        if o.store
            .touched_tables()
            .is_ok_and(|t| t.contains(&"row_source"))
            && let Ok(sources) = o.store.sources()
        {
            o.sources = sources.into();
        }
        match o
            .store
            .reload_touched(std::sync::Arc::make_mut(&mut o.project))
        {
            Ok(in_place) => {
                // One row read in place (an edit undone or redone): its table redraws that row alone.
                if let [(table, row)] = in_place[..]
                    && let Some(sheet) = sheet_of_table(table)
                {
                    o.row_change = Some(super::sheet_table::RowChange {
                        from: o.revision,
                        to: revision,
                        sheet,
                        row,
                    });
                }
                o.revision = revision;
            }
            Err(e) => {
                self.message = Some(e.to_string());
                self.reload();
            }
        }
    }

    /// Run one operation on the project file (one transaction, one undo step) and reload; false when it failed
    /// (the reason is shown in the status bar).
    fn operate(
        &mut self,
        label: &str,
        op: impl FnOnce(&crate::store::Writer) -> Result<(), crate::store::StoreError>,
    ) -> bool {
        let Some(o) = &mut self.open else {
            return false;
        };
        let result = o.store.apply(label, op);
        let ok = self.saved(label, result);
        if ok {
            self.reload_touched();
        }
        ok
    }

    /// Take the project as it now is without reading the file again (what a reload of a large project would cost
    /// after every edit).
    fn replace_project(&mut self, project: Project) {
        let revision = self.next_revision();
        if let Some(o) = &mut self.open {
            o.project = project.into();
            o.revision = revision;
        }
    }

    /// Change the project in memory as an operation just changed the file (copying it only while background work
    /// still reads it), as a new revision. Returns the revision it was, and what `change` returned.
    fn change_in_memory<T>(&mut self, change: impl FnOnce(&mut Project) -> T) -> Option<(u64, T)> {
        let revision = self.next_revision();
        let o = self.open.as_mut()?;
        let out = change(std::sync::Arc::make_mut(&mut o.project));
        let from = std::mem::replace(&mut o.revision, revision);
        Some((from, out))
    }

    /// After a proposal was applied to the project file: the proposed project is what the file now holds, unless
    /// the file gave new rows their keys (then what it touched is read again).
    fn applied(
        &mut self,
        label: &str,
        proposal: crate::exchange::import::Proposal,
        result: Result<(), crate::store::StoreError>,
    ) {
        if self.saved(label, result) {
            let imported = !proposal.sources.rows.is_empty();
            if proposal.change.adds_keyed_rows() {
                self.reload_touched();
            } else {
                self.replace_project(proposal.result);
            }
            if imported && let Some(o) = &mut self.open {
                if let Ok(sources) = o.store.sources() {
                    o.sources = sources.into();
                }
                // The check of what the book brought opens by itself when it finds an error there.
                self.checks_after_import = Some(o.revision);
            }
        }
    }

    /// After an operation on the project file: say what was saved, or why it was not.
    fn saved(&mut self, label: &str, result: Result<(), crate::store::StoreError>) -> bool {
        match result {
            Ok(()) => {
                self.message = Some(label.to_string());
                self.last_saved = Some(clock());
                true
            }
            Err(e) => {
                self.message = Some(e.to_string());
                false
            }
        }
    }

    /// Save a new entity as one operation, labelled "追加 <what> <key>".
    fn add(&mut self, ctx: &egui::Context, what: Text, key: &str, entity: Entity) {
        let label = format!(
            "{} {} {key}",
            Text::Added.get(self.lang),
            what.get(self.lang)
        );
        self.apply(
            ctx,
            Command::Put {
                label,
                entity: Box::new(entity),
            },
        );
    }

    /// The key of a selected entity, and how to name it.
    fn key_of(&self, s: &Selection) -> Option<(EntityKey, String)> {
        Some(match s {
            Selection::Scenario(id) => (EntityKey::Scenario(id.as_str().into()), id.clone()),
            Selection::Variation(id) => (EntityKey::Variation(id.as_str().into()), id.clone()),
            Selection::TestCase(id) => (EntityKey::TestCase(id.as_str().into()), id.clone()),
            Selection::RoleModel(id) => (EntityKey::RoleModel(id.as_str().into()), id.clone()),
            Selection::Row(kind, i) => {
                let p = &self.open.as_ref()?.project;
                let i = *i;
                match kind {
                    SheetKind::Memberships => {
                        let m = p.memberships.get(i)?;
                        (EntityKey::Membership(m.id), m.key())
                    }
                    SheetKind::Benefits => {
                        let b = p.benefits.get(i)?;
                        (EntityKey::Benefit(b.id), b.key())
                    }
                    SheetKind::Insurers => {
                        let x = p.insurers.get(i)?;
                        (EntityKey::Insurer(x.number.clone()), x.number.to_string())
                    }
                    SheetKind::Institutions => {
                        let x = p.institutions.get(i)?;
                        (EntityKey::Institution(x.code.clone()), x.code.to_string())
                    }
                    SheetKind::Codes => crate::exchange::write::code_sheet_keys(p)
                        .nth(i)
                        .map(|(k, code)| (k, code.to_string()))?,
                    SheetKind::TestCases => {
                        let x = p.test_cases.get(i)?;
                        (EntityKey::TestCase(x.id.clone()), x.id.to_string())
                    }
                    SheetKind::RoleModels => {
                        let x = p.role_models.get(i)?;
                        (EntityKey::RoleModel(x.id.clone()), x.id.to_string())
                    }
                }
            }
        })
    }

    /// Expand the tree down to a selection.
    fn reveal(&mut self, s: &Selection) {
        let Some(o) = &self.open else { return };
        let p = &o.project;
        let (scenario, variation) = match s {
            Selection::Scenario(_) => (None, None),
            Selection::Variation(id) => (
                p.variations
                    .iter()
                    .find(|v| v.id.as_str() == id)
                    .map(|v| v.scenario.to_string()),
                None,
            ),
            Selection::TestCase(id) => match p.test_case(id) {
                Some(c) => (Some(c.scenario.to_string()), Some(c.variation.to_string())),
                None => (None, None),
            },
            Selection::RoleModel(_) | Selection::Row(..) => (None, None),
        };
        self.tree.expanded.extend(scenario);
        self.tree.expanded.extend(variation);
    }

    /// The state of a sheet's table.
    pub fn table(&self, kind: SheetKind) -> &SheetTableState {
        &self
            .tables
            .iter()
            .find(|(k, _)| *k == kind)
            .expect("every sheet has a table")
            .1
    }

    /// Apply one command.
    pub fn apply(&mut self, ctx: &egui::Context, command: Command) {
        if self.job.as_ref().is_some_and(|j| j.holds_store) && command.may_write() {
            // The store is lent to the job applying an import; a keyboard shortcut must not write meanwhile.
            self.message = Some(Text::Busy.get(self.lang).to_string());
            return;
        }
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
            Command::NewDialog => {
                match rfd::FileDialog::new()
                    .add_filter("Renkei", &["renkei"])
                    .set_file_name("project.renkei")
                    .save_file()
                {
                    Some(path) => self.apply(ctx, Command::New(path)),
                    None => self.message = Some(Text::NoDialog.get(self.lang).to_string()),
                }
            }
            Command::New(path) => {
                let name = path
                    .file_stem()
                    .map(|s| s.to_string_lossy().to_string())
                    .unwrap_or_default();
                match Store::create(&path, &name) {
                    Ok(store) => self.adopt(store),
                    Err(e) => self.message = Some(e.to_string()),
                }
            }
            Command::Undo | Command::Redo => {
                let undo = command == Command::Undo;
                let Some(o) = &mut self.open else { return };
                let result = if undo { o.store.undo() } else { o.store.redo() };
                let lang = self.lang;
                match result {
                    Ok(Some(label)) => {
                        let done = if undo { Text::Undone } else { Text::Redone };
                        self.message = Some(format!("{}: {label}", done.get(lang)));
                        self.reload_touched();
                    }
                    Ok(None) => {
                        let none = if undo {
                            Text::NothingToUndo
                        } else {
                            Text::NothingToRedo
                        };
                        self.message = Some(none.get(lang).to_string());
                    }
                    Err(e) => self.message = Some(e.to_string()),
                }
            }
            Command::SetLang(lang) => self.lang = lang,
            Command::SetDateStyle(style) => self.date_style = style,
            Command::ShowSheet(kind) => self.sheet = kind,
            Command::Select(s) => self.selection = Some(s),
            Command::Put { label, mut entity } => {
                // Typed or pasted text loses the control characters XML cannot carry, and the user is told.
                let removed = entity.strip_control();
                let select = match entity.as_ref() {
                    Entity::Scenario(x) => Some(Selection::Scenario(x.id.to_string())),
                    Entity::Variation(x) => Some(Selection::Variation(x.id.to_string())),
                    Entity::TestCase(x) => Some(Selection::TestCase(x.id.to_string())),
                    Entity::RoleModel(x) => Some(Selection::RoleModel(x.id.to_string())),
                    _ => None,
                };
                let Some(o) = &mut self.open else { return };
                let result = o.store.apply(&label, |w| w.put(&entity));
                let id = result.as_ref().copied().unwrap_or(0);
                if self.saved(&label, result.map(|_| ())) {
                    // The file has it; so does the project in memory, the same way.
                    let sheet = sheet_of_table(entity.key().locate().0);
                    if let Some((from, placed)) =
                        self.change_in_memory(|p| crate::store::rows::put_in_memory(p, *entity, id))
                        && let (Some(o), Some(sheet), true) =
                            (&mut self.open, sheet, placed.replaced)
                    {
                        o.row_change = Some(super::sheet_table::RowChange {
                            from,
                            to: o.revision,
                            sheet,
                            row: placed.at,
                        });
                    }
                    // Show what was added or changed, and keep its parents open in the tree.
                    if let Some(s) = select {
                        self.reveal(&s);
                        self.selection = Some(s);
                    }
                    if !removed.is_empty() {
                        let fields: Vec<String> = removed
                            .iter()
                            .map(|(f, chars)| {
                                format!(
                                    "{} ({})",
                                    header(f, self.lang),
                                    crate::domain::xml_name::code_points(chars)
                                )
                            })
                            .collect();
                        self.message = Some(format!(
                            "{}: {}",
                            Text::ControlCharactersRemoved.get(self.lang),
                            fields.join(", ")
                        ));
                    }
                }
            }
            Command::ApplyProposal { label, proposal } => {
                let Some(o) = &mut self.open else { return };
                let result = crate::exchange::import::apply_change_as(
                    &mut o.store,
                    &proposal,
                    &label,
                    &mut |_, _| true,
                );
                self.applied(&label, *proposal, result);
            }
            Command::Remove { label, key } => {
                let Some(o) = &mut self.open else { return };
                let result = o.store.apply(&label, |w| w.delete(&key).map(|_| ()));
                if self.saved(&label, result) {
                    // Memberships and benefit records take nothing with them; anything else reads again what the
                    // delete touched.
                    match key {
                        EntityKey::Membership(id) => {
                            self.change_in_memory(|p| p.memberships.retain(|m| m.id != id));
                        }
                        EntityKey::Benefit(id) => {
                            self.change_in_memory(|p| p.benefits.retain(|b| b.id != id));
                        }
                        _ => self.reload_touched(),
                    }
                }
            }
            Command::AddRoleModel => {
                let Some(o) = &self.open else { return };
                let x = edit::new_role_model(&o.project);
                self.add(
                    ctx,
                    Text::RoleModels,
                    &x.id.to_string(),
                    Entity::RoleModel(x),
                );
            }
            Command::AddMembership(role_model) => {
                let Some(o) = &self.open else { return };
                let x = edit::new_membership(&o.project, &role_model, crate::cli::today());
                self.add(ctx, Text::Memberships, &x.key(), Entity::Membership(x));
                self.selection = Some(Selection::RoleModel(role_model.to_string()));
            }
            Command::AddBenefit(role_model) => {
                let Some(o) = &self.open else { return };
                let x = edit::new_benefit(&o.project, &role_model, crate::cli::today());
                self.add(ctx, Text::Benefits, &x.key(), Entity::Benefit(x));
                self.selection = Some(Selection::RoleModel(role_model.to_string()));
            }
            Command::AddScenario => {
                let Some(o) = &self.open else { return };
                let x = edit::new_scenario(&o.project);
                self.add(ctx, Text::Scenario, &x.id.to_string(), Entity::Scenario(x));
            }
            Command::AddVariation(scenario) => {
                let Some(o) = &self.open else { return };
                let x = edit::new_variation(&o.project, &scenario);
                self.add(
                    ctx,
                    Text::Variation,
                    &x.id.to_string(),
                    Entity::Variation(x),
                );
            }
            Command::AddTestCase(variation) => {
                let Some(o) = &self.open else { return };
                let Some(v) = o.project.variations.iter().find(|v| v.id == variation) else {
                    return;
                };
                let x = edit::new_test_case(&o.project, v);
                self.add(ctx, Text::TestCase, &x.id.to_string(), Entity::TestCase(x));
            }
            Command::DuplicateTestCase(id) => {
                let Some(o) = &self.open else { return };
                let Some(c) = o.project.test_case(id.as_str()) else {
                    return;
                };
                let x = edit::duplicate_test_case(&o.project, c);
                let label = format!("{} {} → {}", Text::Duplicate.get(self.lang), id, x.id);
                self.apply(
                    ctx,
                    Command::Put {
                        label,
                        entity: Box::new(Entity::TestCase(x)),
                    },
                );
            }
            Command::AskDelete(s) => self.confirm_delete = Some(s),
            Command::AskRename(s) => {
                let current = match &s {
                    Selection::Scenario(id)
                    | Selection::Variation(id)
                    | Selection::TestCase(id)
                    | Selection::RoleModel(id) => id.clone(),
                    Selection::Row(..) => return,
                };
                self.renaming = Some((s, current));
            }
            Command::CancelRename => self.renaming = None,
            Command::Rename(new_id) => {
                let Some((s, _)) = self.renaming.take() else {
                    return;
                };
                let Some((key, old)) = self.key_of(&s) else {
                    return;
                };
                let new_id = crate::exchange::read::nfkc(&new_id);
                if new_id.is_empty() || new_id == old {
                    return;
                }
                let label = format!("{} {old} → {new_id}", Text::Rename.get(self.lang));
                if self.operate(&label, |w| w.rename(&key, &new_id)) {
                    let renamed = match s {
                        Selection::Scenario(_) => Selection::Scenario(new_id),
                        Selection::Variation(_) => Selection::Variation(new_id),
                        Selection::TestCase(_) => Selection::TestCase(new_id),
                        Selection::RoleModel(_) => Selection::RoleModel(new_id),
                        other => other,
                    };
                    self.reveal(&renamed);
                    self.selection = Some(renamed);
                }
            }
            Command::CancelDelete => self.confirm_delete = None,
            Command::ConfirmDelete => {
                let Some(s) = self.confirm_delete.take() else {
                    return;
                };
                let Some((key, id)) = self.key_of(&s) else {
                    return;
                };
                let label = format!("{} {id}", Text::Deleted.get(self.lang));
                if self.operate(&label, |w| w.delete(&key).map(|_| ()))
                    && self.selection.as_ref() == Some(&s)
                {
                    self.selection = None;
                }
            }
            Command::SaveAsDialog => {
                match rfd::FileDialog::new()
                    .add_filter("Renkei", &["renkei"])
                    .set_file_name("copy.renkei")
                    .save_file()
                {
                    Some(path) => self.apply(ctx, Command::SaveAs(path)),
                    None => self.message = Some(Text::NoDialog.get(self.lang).to_string()),
                }
            }
            Command::SaveAs(path) => {
                let Some(o) = &self.open else { return };
                match o.store.save_copy(&path) {
                    Ok(()) => {
                        // Continue in the copy, as a save-as does.
                        self.open = None;
                        self.apply(ctx, Command::Open(path));
                        self.last_saved = Some(clock());
                    }
                    Err(e) => self.message = Some(e.to_string()),
                }
            }
            Command::SetTheme(theme) => {
                self.theme = theme;
                ctx.set_theme(theme);
            }
            Command::FocusFilter => self.focus_filter = true,
            Command::ShowSimulation(id) => self.simulation_for = Some(id),
            Command::ToggleChecks => self.checks_open = !self.checks_open,
            Command::ToggleCoverage => self.coverage_open = !self.coverage_open,
            Command::SimulateAll => {
                let Some(o) = &self.open else { return };
                if self.job.is_some() {
                    return;
                }
                self.job = Some(super::jobs::Job::simulate_all(
                    Text::SimulatingAll.get(self.lang).to_string(),
                    ctx.clone(),
                    o.project.clone(),
                ));
            }
            Command::CloseSimulated => self.simulated = None,
            Command::Reveal(s) => {
                self.sheet = match s {
                    Selection::RoleModel(_) => SheetKind::RoleModels,
                    Selection::Row(kind, _) => kind,
                    _ => SheetKind::TestCases,
                };
                self.reveal(&s);
                self.selection = Some(s);
            }
            Command::ApplyFix { label, fix } => {
                let Some(o) = &self.open else { return };
                let mut fixed = (*o.project).clone();
                if !fix.apply(&mut fixed) {
                    return;
                }
                let change = crate::exchange::import::compute_change(&o.project, &fixed);
                let proposal = crate::exchange::import::Proposal {
                    problems: Vec::new(),
                    sheets: Vec::new(),
                    result: fixed,
                    change,
                    sources: Default::default(),
                };
                self.apply(
                    ctx,
                    Command::ApplyProposal {
                        label,
                        proposal: Box::new(proposal),
                    },
                );
            }
            Command::CloseSimulation => self.simulation_for = None,
            Command::SaveXmlDialog(cases) => match rfd::FileDialog::new().pick_folder() {
                Some(dir) => self.apply(ctx, Command::SaveXml { cases, dir }),
                None => self.message = Some(Text::NoDialog.get(self.lang).to_string()),
            },
            Command::SaveXml { cases, dir } => {
                let Some(o) = &self.open else { return };
                let index = crate::domain::routing::ProjectIndex::new(&o.project);
                let mut files = 0;
                for id in &cases {
                    let Some(case) = o.project.test_case(id) else {
                        continue;
                    };
                    let sim = crate::domain::routing::simulate(&index, case);
                    match crate::exchange::xml::write_answer_files(&dir, &sim) {
                        Ok(written) => files += written.len(),
                        Err(e) => {
                            self.message = Some(e.to_string());
                            return;
                        }
                    }
                }
                self.message = Some(format!(
                    "{} ({files}): {}",
                    Text::XmlSaved.get(self.lang),
                    dir.display()
                ));
                self.written_folder = Some(dir);
            }
            Command::OpenFolder(dir) => {
                if let Err(e) = (self.folder_opener)(&dir) {
                    self.message = Some(format!("{}: {e}", dir.display()));
                }
            }
            Command::FocusField(field) => super::form::ask_focus(ctx, &field),
            Command::ExportSetup => {
                self.export_choice.date_style = self.date_style;
                self.export_choice.open = true;
            }
            Command::ExportDialog => {
                match rfd::FileDialog::new()
                    .add_filter("Excel", &["xlsx"])
                    .set_file_name("export.xlsx")
                    .save_file()
                {
                    Some(path) => self.apply(ctx, Command::Export(path)),
                    None => self.message = Some(Text::NoDialog.get(self.lang).to_string()),
                }
            }
            Command::Export(path) => {
                let Some(o) = &self.open else { return };
                if self.job.is_some() {
                    return;
                }
                let options = crate::exchange::write::ExportOptions {
                    sheets: ALL_SHEETS
                        .iter()
                        .copied()
                        .filter(|k| !self.export_choice.left_out.contains(k))
                        .collect(),
                    date_style: self.export_choice.date_style,
                    today: crate::cli::today(),
                };
                self.export_choice.open = false;
                let what = format!("{} {}", Text::Exporting.get(self.lang), path.display());
                self.job = Some(super::jobs::Job::export(
                    what,
                    ctx.clone(),
                    o.project.clone(),
                    path,
                    options,
                ));
            }
            Command::ImportDialog => {
                match rfd::FileDialog::new()
                    .add_filter("Excel", &["xlsx"])
                    .pick_file()
                {
                    Some(path) => self.apply(ctx, Command::Import(path)),
                    None => self.message = Some(Text::NoDialog.get(self.lang).to_string()),
                }
            }
            Command::Import(path) => {
                let Some(o) = &self.open else { return };
                if self.job.is_some() {
                    return;
                }
                let what = format!("{} {}", Text::Reading.get(self.lang), path.display());
                self.job = Some(super::jobs::Job::import(
                    what,
                    ctx.clone(),
                    o.project.clone(),
                    path,
                    crate::exchange::import::ImportOptions::default(),
                ));
            }
            Command::CancelJob => {
                if let Some(j) = &self.job {
                    j.cancel();
                }
            }
            Command::ApplyImport => {
                let Some((path, proposal)) = self.import_preview.take() else {
                    return;
                };
                let label = format!("{} {}", Text::Import.get(self.lang), path.display());
                let Some(o) = &mut self.open else { return };
                if self.job.is_some() {
                    return;
                }
                // The store is lent to the job (a whole-workbook import writes for seconds); a read-only stand-in
                // keeps its place so that nothing else can write meanwhile.
                let stand_in = match Store::stand_in(o.store.path()) {
                    Ok(s) => s,
                    Err(e) => {
                        self.message = Some(e.to_string());
                        return;
                    }
                };
                let store = std::mem::replace(&mut o.store, stand_in);
                let what = format!("{} {}", Text::Applying.get(self.lang), path.display());
                self.job = Some(super::jobs::Job::apply_import(
                    what,
                    ctx.clone(),
                    store,
                    proposal,
                    label,
                ));
            }
            Command::DiscardImport => self.import_preview = None,
            Command::EditCell { sheet, row, col } => {
                if let Some((_, t)) = self.tables.iter_mut().find(|(k, _)| *k == sheet) {
                    t.start_editing(sheet, row, col);
                }
            }
            Command::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
        }
    }

    fn menu_ui(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang;
        let t = |x: Text| x.get(lang);
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button(t(Text::MenuFile), |ui| {
                if ui.button(t(Text::New)).clicked() {
                    self.pending.push(Command::NewDialog);
                }
                if ui.button(t(Text::Open)).clicked() {
                    self.pending.push(Command::OpenDialog);
                }
                ui.menu_button(t(Text::Recent), |ui| {
                    if self.recent.is_empty() {
                        ui.label(t(Text::NoRecent));
                    }
                    for path in &self.recent {
                        if ui.button(path.display().to_string()).clicked() {
                            self.pending.push(Command::Open(path.clone()));
                        }
                    }
                });
                if ui
                    .add_enabled(self.open.is_some(), egui::Button::new(t(Text::SaveAs)))
                    .clicked()
                {
                    self.pending.push(Command::SaveAsDialog);
                }
                ui.separator();
                let idle = self.open.is_some() && self.job.is_none();
                if ui
                    .add_enabled(idle, egui::Button::new(t(Text::ImportMenu)))
                    .clicked()
                {
                    self.pending.push(Command::ImportDialog);
                }
                if ui
                    .add_enabled(idle, egui::Button::new(t(Text::ExportMenu)))
                    .clicked()
                {
                    self.pending.push(Command::ExportSetup);
                }
                ui.separator();
                if ui.button(t(Text::Quit)).clicked() {
                    self.pending.push(Command::Quit);
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
                    self.pending.push(Command::Undo);
                }
                let redo_text = match &redo {
                    Some(l) => format!("{}: {l}", t(Text::Redo)),
                    None => t(Text::Redo).to_string(),
                };
                if ui
                    .add_enabled(redo.is_some(), egui::Button::new(redo_text))
                    .clicked()
                {
                    self.pending.push(Command::Redo);
                }
                ui.separator();
                if ui.button(t(Text::Find)).clicked() {
                    self.pending.push(Command::FocusFilter);
                }
            });
            ui.menu_button(t(Text::MenuView), |ui| {
                ui.label(t(Text::Language));
                if ui.radio(lang == Lang::Ja, "日本語").clicked() {
                    self.pending.push(Command::SetLang(Lang::Ja));
                }
                if ui.radio(lang == Lang::En, "English").clicked() {
                    self.pending.push(Command::SetLang(Lang::En));
                }
                ui.separator();
                ui.label(t(Text::DateStyle));
                if ui
                    .radio(self.date_style == DateStyle::Iso, t(Text::DateIso))
                    .clicked()
                {
                    self.pending.push(Command::SetDateStyle(DateStyle::Iso));
                }
                if ui
                    .radio(self.date_style == DateStyle::Wareki, t(Text::DateWareki))
                    .clicked()
                {
                    self.pending.push(Command::SetDateStyle(DateStyle::Wareki));
                }
                ui.separator();
                if ui.button(t(Text::Checks)).clicked() {
                    self.pending.push(Command::ToggleChecks);
                }
                if ui.button(t(Text::Coverage)).clicked() {
                    self.pending.push(Command::ToggleCoverage);
                }
                if ui
                    .add_enabled(self.job.is_none(), egui::Button::new(t(Text::SimulateAll)))
                    .clicked()
                {
                    self.pending.push(Command::SimulateAll);
                }
                ui.separator();
                ui.label(t(Text::Theme));
                for (theme, text) in [
                    (egui::ThemePreference::Light, Text::ThemeLight),
                    (egui::ThemePreference::Dark, Text::ThemeDark),
                    (egui::ThemePreference::System, Text::ThemeSystem),
                ] {
                    if ui.radio(self.theme == theme, t(text)).clicked() {
                        self.pending.push(Command::SetTheme(theme));
                    }
                }
            });
        });
    }

    /// The simulate-all results: every case's outcome and providers, and whether they match what it expects.
    fn simulated_window(&mut self, ctx: &egui::Context) {
        let lang = self.lang;
        let Some(state) = &mut self.simulated else {
            return;
        };
        let mut open = true;
        let mut commands = Vec::new();
        egui::Window::new(Text::SimulateAll.get(lang))
            .id(egui::Id::unique("simulated"))
            .open(&mut open)
            .default_size([760.0, 480.0])
            .default_pos([240.0, 140.0])
            .show(ctx, |ui| {
                super::simulated_view::simulated_view_ui(ui, state, lang, &mut commands);
            });
        self.pending.extend(commands);
        if !open {
            self.simulated = None;
        }
    }

    /// The coverage view in a window of its own.
    fn coverage_window(&mut self, ctx: &egui::Context) {
        let (true, Some(o)) = (self.coverage_open, &self.open) else {
            return;
        };
        let mut open = true;
        let mut commands = Vec::new();
        egui::Window::new(Text::Coverage.get(self.lang))
            .id(egui::Id::unique("coverage"))
            .open(&mut open)
            .default_size([640.0, 520.0])
            .default_pos([260.0, 120.0])
            .show(ctx, |ui| {
                super::coverage_view::coverage_view_ui(
                    ui,
                    &o.project,
                    o.revision,
                    &mut self.coverage_view,
                    self.lang,
                    &mut commands,
                );
            });
        self.pending.extend(commands);
        self.coverage_open = open;
    }

    /// The check view in a window of its own.
    fn check_window(&mut self, ctx: &egui::Context) {
        let (true, Some(o)) = (self.checks_open, &self.open) else {
            return;
        };
        let mut open = true;
        let mut commands = Vec::new();
        egui::Window::new(Text::Checks.get(self.lang))
            .id(egui::Id::unique("checks"))
            .open(&mut open)
            .default_size([1180.0, 380.0])
            .default_pos([50.0, 330.0])
            .show(ctx, |ui| {
                super::check_view::check_view_ui(
                    ui,
                    &o.project,
                    &self.findings,
                    &self.finding_places,
                    &mut self.check_view,
                    self.lang,
                    &mut commands,
                );
            });
        self.pending.extend(commands);
        self.checks_open = open;
    }

    /// The simulation view in a window of its own, following the selected test case.
    fn simulation_window(&mut self, ctx: &egui::Context) {
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
        let mut open = true;
        let mut commands = Vec::new();
        egui::Window::new(Text::Simulation.get(self.lang))
            .id(egui::Id::unique("simulation"))
            .open(&mut open)
            .default_size([860.0, 640.0])
            .default_pos([200.0, 80.0])
            .show(ctx, |ui| {
                super::simulation_view::simulation_view_ui(
                    ui,
                    &o.project,
                    &id,
                    selected,
                    o.revision,
                    &mut self.simulation,
                    self.lang,
                    self.date_style,
                    &mut commands,
                );
            });
        self.pending.extend(commands);
        self.simulation_for = open.then_some(id);
    }

    /// Check the project again after every change, in the background; the status bar shows the counts.
    fn keep_checked(&mut self, ctx: &egui::Context) {
        let Some(o) = &self.open else { return };
        if let Some(run) = &self.check_run {
            if let Some((findings, places, badges)) = run.poll() {
                use crate::domain::check::Severity;
                let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
                let counts = (
                    count(Severity::Error),
                    count(Severity::Warning),
                    count(Severity::Info),
                );
                self.check_summary = Some((run.revision, counts));
                // After an import: an error in a row the book brought opens the view.
                if self.checks_after_import == Some(run.revision) {
                    self.checks_after_import = None;
                    if findings
                        .iter()
                        .zip(&places)
                        .any(|(f, at)| f.severity == Severity::Error && at.is_some())
                    {
                        self.checks_open = true;
                    }
                }
                self.findings = findings;
                self.finding_places = places;
                self.badges = badges;
                self.check_run = None;
            }
            return;
        }
        if self.check_summary.is_none_or(|(r, _)| r != o.revision) {
            self.check_run = Some(super::jobs::CheckRun::start(
                o.project.clone(),
                o.sources.clone(),
                o.revision,
                ctx.clone(),
            ));
        }
    }

    /// The export dialog: which sheets, which date style, then where.
    fn export_setup_ui(&mut self, ctx: &egui::Context) {
        if !self.export_choice.open {
            return;
        }
        let lang = self.lang;
        let mut commands = Vec::new();
        let choice = &mut self.export_choice;
        egui::Modal::new(egui::Id::unique("export-setup")).show(ctx, |ui| {
            ui.heading(Text::ExportMenu.get(lang));
            for kind in ALL_SHEETS {
                let mut on = !choice.left_out.contains(&kind);
                if ui.checkbox(&mut on, kind.name()).changed() {
                    if on {
                        choice.left_out.retain(|k| *k != kind);
                    } else {
                        choice.left_out.push(kind);
                    }
                }
            }
            ui.separator();
            ui.label(Text::DateStyle.get(lang));
            ui.radio_value(
                &mut choice.date_style,
                DateStyle::Iso,
                Text::DateIso.get(lang),
            );
            ui.radio_value(
                &mut choice.date_style,
                DateStyle::Wareki,
                Text::DateWareki.get(lang),
            );
            ui.horizontal(|ui| {
                let any = choice.left_out.len() < ALL_SHEETS.len();
                if ui
                    .add_enabled(any, egui::Button::new(Text::ExportNext.get(lang)))
                    .clicked()
                {
                    commands.push(Command::ExportDialog);
                }
                if ui.button(Text::Cancel.get(lang)).clicked() {
                    choice.open = false;
                }
            });
        });
        self.pending.extend(commands);
    }

    /// The running job's progress (with a cancel button), and what it gave when it ends.
    fn job_ui(&mut self, ctx: &egui::Context) {
        let lang = self.lang;
        let Some(job) = &self.job else { return };
        if let Some(result) = job.poll() {
            self.job = None;
            match result {
                super::jobs::JobResult::Exported(path) => {
                    self.message = Some(format!("{} {}", Text::Exported.get(lang), path.display()));
                    self.written_folder = path.parent().map(Path::to_path_buf);
                }
                super::jobs::JobResult::Proposed(path, proposal) => {
                    self.import_preview = Some((path, proposal));
                }
                super::jobs::JobResult::Applied {
                    store,
                    label,
                    proposal,
                    result,
                } => {
                    if let Some(o) = &mut self.open {
                        o.store = *store;
                    }
                    if matches!(result, Err(crate::store::StoreError::Cancelled)) {
                        self.message = Some(Text::JobCancelled.get(lang).to_string());
                    } else {
                        self.applied(&label, *proposal, result);
                    }
                }
                super::jobs::JobResult::Simulated(rows) => {
                    self.simulated = Some(super::simulated_view::SimulatedViewState::new(rows))
                }
                super::jobs::JobResult::Cancelled => {
                    self.message = Some(Text::JobCancelled.get(lang).to_string());
                }
                super::jobs::JobResult::Failed(why) => self.message = Some(why),
            }
            return;
        }
        let mut cancel = false;
        egui::Modal::new(egui::Id::unique("job")).show(ctx, |ui| {
            ui.label(&job.what);
            ui.add(egui::ProgressBar::new(job.fraction()).show_percentage());
            if ui.button(Text::Cancel.get(lang)).clicked() {
                cancel = true;
            }
        });
        if cancel {
            self.pending.push(Command::CancelJob);
        }
    }

    /// What an import would do: its problems, then the change; applied only on request and only without errors.
    fn import_preview_ui(&mut self, ctx: &egui::Context) {
        let lang = self.lang;
        let Some((path, proposal)) = &self.import_preview else {
            return;
        };
        let mut commands = Vec::new();
        egui::Modal::new(egui::Id::unique("import-preview")).show(ctx, |ui| {
            ui.set_max_width(900.0);
            ui.heading(format!("{} {}", Text::Import.get(lang), path.display()));
            let (errors, warnings) = proposal.counts();
            ui.label(format!(
                "{} {errors} / {} {warnings}",
                Text::Errors.get(lang),
                Text::Warnings.get(lang)
            ));
            let mut lines: Vec<String> = proposal.problems.iter().map(|p| p.line(lang)).collect();
            lines.extend(proposal.change.summary_lines(lang));
            lines.extend(proposal.change.lines(lang));
            if proposal.change.is_empty() && errors == 0 {
                lines.push(Text::NothingChanges.get(lang).to_string());
            }
            let row = ui.text_style_height(&egui::TextStyle::Body) + 2.0;
            egui::ScrollArea::vertical().max_height(420.0).show_rows(
                ui,
                row,
                lines.len(),
                |ui, range| {
                    for line in &lines[range] {
                        ui.label(line);
                    }
                },
            );
            ui.horizontal(|ui| {
                let can = errors == 0 && !proposal.change.is_empty();
                if ui
                    .add_enabled(can, egui::Button::new(Text::ApplyImport.get(lang)))
                    .clicked()
                {
                    commands.push(Command::ApplyImport);
                }
                if ui.button(Text::Cancel.get(lang)).clicked() {
                    commands.push(Command::DiscardImport);
                }
            });
        });
        self.pending.extend(commands);
    }

    /// The new id for a scenario, variation, test case or role model.
    fn rename_dialog(&mut self, ctx: &egui::Context) {
        let lang = self.lang;
        let Some((_, text)) = &mut self.renaming else {
            return;
        };
        let mut commands = Vec::new();
        egui::Modal::new(egui::Id::unique("rename")).show(ctx, |ui| {
            ui.heading(Text::Rename.get(lang));
            let label = ui.label(Text::NewId.get(lang));
            let r = ui
                .add(egui::TextEdit::singleline(text).id_salt("rename-id"))
                .labelled_by(label.id);
            r.request_focus();
            let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            ui.horizontal(|ui| {
                if ui.button(Text::Rename.get(lang)).clicked() || enter {
                    commands.push(Command::Rename(text.clone()));
                }
                if ui.button(Text::Cancel.get(lang)).clicked() {
                    commands.push(Command::CancelRename);
                }
            });
        });
        self.pending.extend(commands);
    }

    /// The confirmation before a deletion, saying what goes with it.
    fn delete_dialog(&mut self, ctx: &egui::Context) {
        let (Some(s), Some(o)) = (&self.confirm_delete, &self.open) else {
            return;
        };
        let lang = self.lang;
        let p = &o.project;
        let (what, id, deps) = match s {
            Selection::Scenario(id) => {
                let k = ScenarioId::from(id.as_str());
                (
                    Text::Scenario,
                    id.clone(),
                    edit::dependants(p, edit::Dependant::Scenario(&k)),
                )
            }
            Selection::Variation(id) => {
                let k = VariationId::from(id.as_str());
                (
                    Text::Variation,
                    id.clone(),
                    edit::dependants(p, edit::Dependant::Variation(&k)),
                )
            }
            Selection::TestCase(id) => (Text::TestCase, id.clone(), (0, 0, 0, 0)),
            Selection::Row(kind, _) => match self.key_of(s) {
                Some((_, id)) => (sheet_tab(*kind), id, (0, 0, 0, 0)),
                None => return,
            },
            Selection::RoleModel(id) => {
                let k = crate::domain::model::RoleModelId::from(id.as_str());
                (
                    Text::RoleModels,
                    id.clone(),
                    edit::dependants(p, edit::Dependant::RoleModel(&k)),
                )
            }
        };
        let mut commands = Vec::new();
        egui::Modal::new(egui::Id::unique("confirm-delete")).show(ctx, |ui| {
            ui.heading(Text::ConfirmDelete.get(lang));
            ui.label(format!("{} {id}", what.get(lang)));
            if deps.0 + deps.1 > 0 {
                ui.label(format!(
                    "{}: {} {}、{} {}",
                    Text::AlsoDeleted.get(lang),
                    Text::Variation.get(lang),
                    deps.0,
                    Text::TestCase.get(lang),
                    deps.1
                ));
            }
            if deps.2 + deps.3 > 0 {
                ui.label(format!(
                    "{}: {} {}、{} {}",
                    Text::AlsoDeleted.get(lang),
                    Text::Memberships.get(lang),
                    deps.2,
                    Text::Benefits.get(lang),
                    deps.3
                ));
            }
            ui.horizontal(|ui| {
                if ui.button(Text::DeleteConfirmed.get(lang)).clicked() {
                    commands.push(Command::ConfirmDelete);
                }
                if ui.button(Text::Cancel.get(lang)).clicked() {
                    commands.push(Command::CancelDelete);
                }
            });
        });
        self.pending.extend(commands);
    }

    /// Keyboard shortcuts and files dropped on the window, as commands.
    fn input_commands(&mut self, ctx: &egui::Context) {
        use egui::{Key, KeyboardShortcut, Modifiers};
        let shortcut = |m: Modifiers, k: Key| {
            ctx.input_mut(|i| i.consume_shortcut(&KeyboardShortcut::new(m, k)))
        };
        if shortcut(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z)
            || shortcut(Modifiers::COMMAND, Key::Y)
        {
            self.pending.push(Command::Redo);
        }
        if shortcut(Modifiers::COMMAND, Key::Z) {
            self.pending.push(Command::Undo);
        }
        if shortcut(Modifiers::COMMAND, Key::O) {
            self.pending.push(Command::OpenDialog);
        }
        if shortcut(Modifiers::COMMAND, Key::N) {
            self.pending.push(Command::NewDialog);
        }
        if shortcut(Modifiers::COMMAND, Key::F) {
            self.pending.push(Command::FocusFilter);
        }
        // Delete acts on the selection, unless the key is meant for a text field.
        let typing = ctx.memory(|m| m.focused().is_some());
        if !typing
            && self.confirm_delete.is_none()
            && let Some(s) = &self.selection
            && shortcut(Modifiers::NONE, Key::Delete)
        {
            self.pending.push(Command::AskDelete(s.clone()));
        }
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        // A project opens; a workbook is imported (after its preview).
        if let Some(path) = dropped.into_iter().next() {
            let workbook = path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
            self.pending.push(if workbook {
                Command::Import(path)
            } else {
                Command::Open(path)
            });
        }
    }

    /// Draw one frame and apply what it asked for.
    pub fn frame_ui(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang;
        self.input_commands(&ui.ctx().clone());
        egui::Panel::top("menu").show(ui, |ui| self.menu_ui(ui));
        // The project's name and the sheet tabs span the window, so that opening a pane never moves the table.
        if let Some(o) = &self.open {
            egui::Panel::top("sheets").show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.add(
                        egui::Label::new(egui::RichText::new(&o.project.name).heading()).truncate(),
                    );
                });
                ui.horizontal_wrapped(|ui| {
                    for kind in ALL_SHEETS {
                        if ui
                            .selectable_label(self.sheet == kind, sheet_tab(kind).get(lang))
                            .clicked()
                        {
                            self.pending.push(Command::ShowSheet(kind));
                        }
                    }
                });
            });
        }
        egui::Panel::bottom("status").show(ui, |ui| {
            ui.horizontal(|ui| match &self.open {
                Some(o) => {
                    ui.label(o.store.path().display().to_string());
                    for (text, n) in [
                        (Text::CasesCount, o.project.test_cases.len()),
                        (Text::RoleModelsCount, o.project.role_models.len()),
                        (Text::MembershipsCount, o.project.memberships.len()),
                    ] {
                        ui.separator();
                        ui.label(format!("{} {n}", text.get(lang)));
                    }
                    if let Some((_, (e, w, n))) = self.check_summary {
                        ui.separator();
                        let text = format!(
                            "{}: {} {e} / {} {w} / {} {n}",
                            Text::CheckSummary.get(lang),
                            Text::Errors.get(lang),
                            Text::Warnings.get(lang),
                            Text::Notes.get(lang)
                        );
                        let text = if e > 0 {
                            egui::RichText::new(text).color(ui.visuals().error_fg_color)
                        } else {
                            egui::RichText::new(text)
                        };
                        if ui.link(text).clicked() {
                            self.pending.push(Command::ToggleChecks);
                        }
                    }
                    if let Some(t) = &self.last_saved {
                        ui.separator();
                        ui.label(format!("{} {t}", Text::Saved.get(lang)));
                    }
                    if let Some(m) = &self.message {
                        ui.separator();
                        ui.colored_label(ui.visuals().warn_fg_color, m);
                    }
                    if let Some(dir) = &self.written_folder
                        && ui.small_button(Text::OpenFolder.get(lang)).clicked()
                    {
                        self.pending.push(Command::OpenFolder(dir.clone()));
                    }
                }
                None => {
                    ui.label(
                        self.message
                            .clone()
                            .unwrap_or_else(|| Text::NoProject.get(lang).to_string()),
                    );
                }
            });
        });
        if let Some(o) = &self.open
            && self.sheet == SheetKind::TestCases
        {
            egui::Panel::left("tree")
                .resizable(true)
                .default_size(270.0)
                .size_range(180.0..=420.0)
                .show(ui, |ui| {
                    tree_ui(
                        ui,
                        &o.project,
                        o.revision,
                        &mut self.tree,
                        self.selection.as_ref(),
                        &self.badges,
                        lang,
                        &mut self.pending,
                    );
                });
            if let Some(Selection::TestCase(id)) = &self.selection
                && o.project.test_case(id).is_some()
            {
                egui::Panel::right("detail")
                    .resizable(true)
                    .default_size(470.0)
                    .size_range(320.0..=560.0)
                    .show(ui, |ui| {
                        test_case_detail_ui(
                            ui,
                            &o.project,
                            id,
                            o.revision,
                            &mut self.detail,
                            lang,
                            self.date_style,
                            &mut self.pending,
                        );
                    });
            }
        }
        if let Some(o) = &self.open
            && self.sheet == SheetKind::RoleModels
            && let Some(Selection::RoleModel(id)) = &self.selection
            && o.project.role_models.iter().any(|r| r.id.as_str() == id)
        {
            egui::Panel::right("role-model")
                .resizable(true)
                .default_size(470.0)
                .size_range(320.0..=560.0)
                .show(ui, |ui| {
                    role_model_pane_ui(
                        ui,
                        &o.project,
                        id,
                        o.revision,
                        &mut self.role_model_pane,
                        lang,
                        self.date_style,
                        &mut self.pending,
                    );
                });
        }
        if let Some(o) = &self.open
            && let Some(Selection::Row(kind, row)) = self.selection
            && kind == self.sheet
            && let Some(shown) = self
                .tables
                .iter()
                .find(|(k, _)| *k == kind)
                .and_then(|(_, t)| t.row_texts(row))
        {
            egui::Panel::right("row")
                .resizable(true)
                .default_size(440.0)
                .size_range(320.0..=560.0)
                .show(ui, |ui| {
                    row_pane_ui(
                        ui,
                        kind,
                        &o.project,
                        row,
                        shown,
                        o.revision,
                        &mut self.row_pane,
                        lang,
                        &mut self.pending,
                    );
                    ui.separator();
                    if ui.button(Text::DeleteThisRow.get(lang)).clicked() {
                        self.pending
                            .push(Command::AskDelete(Selection::Row(kind, row)));
                    }
                });
        }
        egui::CentralPanel::default().show(ui, |ui| {
            let Some(o) = &self.open else {
                ui.label(Text::NoProject.get(lang));
                return;
            };
            let kind = self.sheet;
            if kind == SheetKind::RoleModels && ui.button(Text::AddRoleModel.get(lang)).clicked() {
                self.pending.push(Command::AddRoleModel);
            }
            let state = &mut self
                .tables
                .iter_mut()
                .find(|(k, _)| *k == kind)
                .expect("every sheet has a table")
                .1;
            let before = state.selected.clone();
            let focus = std::mem::take(&mut self.focus_filter);
            let edited = sheet_table_ui(
                ui,
                kind,
                &o.project,
                o.revision,
                state,
                lang,
                self.date_style,
                focus,
                o.row_change.as_ref(),
            );
            if let Some((_, texts)) = edited {
                match super::row_pane::edit_row(kind, &o.project, texts, lang) {
                    Ok(command) => self.pending.extend(command),
                    Err(problems) => self.message = Some(problems.join(" / ")),
                }
            }
            // One row picked in the table opens it in the detail pane.
            if state.selected != before
                && let [row] = state.selected[..]
            {
                let picked = match kind {
                    SheetKind::TestCases => o
                        .project
                        .test_cases
                        .get(row)
                        .map(|c| Selection::TestCase(c.id.to_string())),
                    SheetKind::RoleModels => o
                        .project
                        .role_models
                        .get(row)
                        .map(|r| Selection::RoleModel(r.id.to_string())),
                    other => Some(Selection::Row(other, row)),
                };
                self.pending.extend(picked.map(Command::Select));
            }
        });
        self.delete_dialog(ui.ctx());
        self.rename_dialog(ui.ctx());
        self.simulation_window(ui.ctx());
        self.check_window(ui.ctx());
        self.coverage_window(ui.ctx());
        self.simulated_window(ui.ctx());
        self.export_setup_ui(ui.ctx());
        self.job_ui(ui.ctx());
        self.keep_checked(ui.ctx());
        self.import_preview_ui(ui.ctx());
        let ctx = ui.ctx().clone();
        for command in std::mem::take(&mut self.pending) {
            self.apply(&ctx, command);
        }
    }
}

/// The time of day now (UTC), for the status bar.
fn clock() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
        % 86_400;
    format!(
        "{:02}:{:02}:{:02} UTC",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame_ui(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, PREFERENCES_KEY, &self.preferences());
    }
}
