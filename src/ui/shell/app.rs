//! The application state (the open project beside UI-only state), the command loop (panels push [`Command`]s, the
//! app applies them after the frame) and the window's layout. Applying commands is split by concern: files
//! (`files.rs`), edits of the project (`edits.rs`), workbook and XML transfers and background jobs
//! (`transfer.rs`); the menu, dialogs, view windows, status bar and shortcuts have files of their own.

use crate::ui::kit::views::ViewId;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::domain::coordination::source::Sources;
use crate::domain::date::DateStyle;
use crate::domain::model::Project;
use crate::domain::model::message::Lang;
use crate::exchange::sheets::{ALL_SHEETS, SheetKind};
use crate::store::Store;

pub use crate::ui::kit::command::{Command, Selection};
pub use crate::ui::shell::home::{
    PREFERENCES_KEY, Preferences, open_in_file_manager, user_sample_path,
};

use crate::ui::kit::command::{CoordinationCmd, EditCmd, ViewCmd};
use crate::ui::kit::panel::{PanelCtx, within_width};
use crate::ui::kit::text::{Text, sheet_tab};
use crate::ui::panels::detail::{DetailState, test_case_detail_ui};
use crate::ui::panels::role_model_pane::{RoleModelPaneState, role_model_pane_ui};
use crate::ui::panels::row_pane::{RowPaneState, row_pane_ui};
use crate::ui::panels::sheet_table::{SheetTableState, sheet_table_ui};
use crate::ui::panels::tree::{TreeState, tree_ui};

/// The sheets and date style of an export, as chosen in its dialog.
#[derive(Debug, Clone, Default)]
pub struct ExportChoice {
    /// Whether the dialog is open.
    pub open: bool,
    /// Sheets left out (all are written by default).
    pub left_out: Vec<SheetKind>,
    /// How dates are shown in the workbook.
    pub date_style: DateStyle,
    /// One party's book (its rows, the masters they use, the findings about them), or the whole project.
    pub party: Option<crate::domain::model::InstitutionCode>,
    /// Leave every 個人番号 out of the book.
    pub without_my_number: bool,
    /// Protect the book with a password.
    pub protect: bool,
    /// The password typed (taken by the export, never kept).
    pub password: String,
}

/// How many recent messages the notification area keeps.
const MESSAGES_KEPT: usize = 100;

/// The open project: the file and its content in memory.
pub struct OpenProject {
    /// The project file.
    pub store: Store,
    /// Its content.
    pub project: Arc<Project>,
    /// Changes whenever `project` does (what the tables' caches are keyed on).
    pub revision: u64,
    /// The project file's revision that `project` is (every change made from it is applied only at that
    /// revision).
    pub file_revision: u64,
    /// The last edit, when it changed one row of a sheet in place (the table redraws only that row).
    pub row_change: Option<crate::ui::panels::sheet_table::RowChange>,
    /// Where imported rows came from (the check view names their workbook cells).
    pub sources: Arc<Sources>,
    /// While a large project is read whole in the background: `project` holds only its masters and first rows,
    /// and the views that need all of it, and every edit, wait (see [`OpenProject::is_loading`]).
    pub loading: Option<crate::ui::kit::jobs::ProjectLoad>,
    /// The project's parties, for the revision they were worked out for (worked out when first asked for at a
    /// revision: a scan of every row).
    parties: std::cell::RefCell<Option<(u64, Arc<Vec<crate::domain::model::InstitutionCode>>)>>,
}

impl OpenProject {
    /// Whether the project is still being read whole (only its first rows are in `project`).
    pub fn is_loading(&self) -> bool {
        self.loading.is_some()
    }

    /// A project just opened or read: no parties worked out yet.
    pub fn new(
        store: Store,
        (project, sources): (Arc<Project>, Arc<Sources>),
        (revision, file_revision): (u64, u64),
        loading: Option<crate::ui::kit::jobs::ProjectLoad>,
    ) -> OpenProject {
        OpenProject {
            store,
            project,
            revision,
            file_revision,
            row_change: None,
            sources,
            loading,
            parties: Default::default(),
        }
    }

    /// The project's parties (every party its rows belong to, in code order), worked out once per revision.
    pub fn parties(&self) -> Arc<Vec<crate::domain::model::InstitutionCode>> {
        let mut cache = self.parties.borrow_mut();
        match &*cache {
            Some((r, parties)) if *r == self.revision => parties.clone(),
            _ => {
                let parties = Arc::new(crate::domain::model::names::parties(&self.project));
                *cache = Some((self.revision, parties.clone()));
                parties
            }
        }
    }

    /// What a panel draws this project with.
    pub fn panel_ctx<'a>(
        &'a self,
        (lang, style): (Lang, DateStyle),
        party: Option<&'a crate::domain::model::InstitutionCode>,
        commands: &'a mut Vec<Command>,
    ) -> PanelCtx<'a> {
        PanelCtx {
            project: &self.project,
            revision: self.revision,
            lang,
            style,
            commands,
            party,
            parties: self.parties(),
        }
    }
}

/// The application.
pub struct App {
    /// The open project, if any.
    pub open: Option<OpenProject>,
    /// UI language.
    pub lang: Lang,
    /// The last error or notice, shown in the status bar.
    pub message: Option<String>,
    /// The last message in both languages, when it was said with [`App::say`]: a switch of language shows it in
    /// the new one.
    message_in: Option<crate::domain::model::message::Message>,
    /// How dates are shown.
    pub date_style: DateStyle,
    /// The sheet shown.
    pub sheet: SheetKind,
    /// The selected scenario, variation or test case.
    pub selection: Option<Selection>,
    /// The new-project form, while it is open.
    pub new_project: Option<crate::ui::shell::flows::NewProject>,
    /// What the delete dialog asks about.
    pub confirm_delete: Option<crate::ui::shell::flows::DeleteAsk>,
    /// The person the erase dialog asks about.
    pub confirm_erase: Option<crate::domain::model::RoleModelKey>,
    /// A protected book whose password is asked: the book, the party it is read as, the password typed.
    pub password_ask:
        Option<(std::path::PathBuf, Option<crate::domain::model::InstitutionCode>, String)>,
    /// The password given for the next protected book read (taken by that reading).
    pub book_password: Option<String>,
    /// What the rename dialog renames, and the new id typed so far.
    pub renaming: Option<(Selection, String)>,
    /// A new master row being typed (its tab's dialog).
    pub new_master: Option<crate::ui::shell::flows::NewMaster>,
    /// The background job running (export, import), if any.
    pub job: Option<crate::ui::kit::jobs::Job>,
    /// What the next export writes (chosen in its dialog).
    pub export_choice: ExportChoice,
    /// The last check and its findings, and where the window shows them.
    pub check: crate::ui::shell::flows::CheckFlow,
    /// The import being read, previewed or waiting.
    pub import: crate::ui::shell::flows::ImportFlow,
    /// The views open (the check view, coverage, the parties panel, the insurer workspace, the record of books,
    /// the messages).
    pub views: crate::ui::kit::views::OpenViews,
    /// The last simulate-all: every case's outcome, and whether only mismatches are shown.
    pub simulated: Option<crate::ui::panels::simulated_view::SimulatedViewState>,
    pub(crate) coverage_view: crate::ui::panels::coverage_view::CoverageViewState,
    /// The test case the simulation view shows, when it is open.
    pub simulation_for: Option<crate::domain::model::TestCaseKey>,
    /// The party the window shows (the parties panel's choice): the tree, the tables and the views show its rows
    /// alone; new scenarios and role models are added to it. `None`: every party.
    pub party_filter: Option<crate::domain::model::InstitutionCode>,
    pub(crate) simulation: crate::ui::panels::simulation_view::SimulationViewState,
    /// Recently opened project files, newest first.
    pub recent: Vec<PathBuf>,
    /// The theme chosen.
    pub theme: egui::ThemePreference,
    /// When the last operation was saved (local time, HH:MM:SS).
    pub last_saved: Option<String>,
    /// The folder of the last files written (export, XML), offered to be opened.
    pub written_folder: Option<PathBuf>,
    /// How a folder is opened (the system's file manager; tests record instead).
    pub folder_opener: fn(&Path) -> std::io::Result<()>,
    /// The insurer workspace's state.
    pub insurer_view: crate::ui::panels::insurer_view::InsurerViewState,
    pub(crate) parties_view: crate::ui::panels::parties_view::PartiesViewState,
    /// The received book whose change the record shows: its index in `books`, and the change's lines, read from
    /// the file once when it was asked for (a national book's change is 600,000 lines).
    pub book_change: Option<(usize, Vec<String>)>,
    /// The record of books received and sent, as last read from the project file.
    pub books: Vec<crate::domain::coordination::book::BookRecord>,
    /// The finding being written by hand, when its dialog is open.
    pub finding_draft: Option<crate::domain::model::Finding>,
    /// The own body dialog: the text typed, and the command that waits for it.
    pub own_dialog: Option<(String, Option<Command>)>,
    /// The recent messages (local time, text), oldest first: the notification area lists them in full.
    pub messages: Vec<(String, String)>,
    /// The path asked for in the window, where no file dialog could be shown.
    pub path_ask: Option<crate::ui::shell::home::PathAsk>,
    pub(crate) focus_filter: bool,
    pub(crate) tables: Vec<(SheetKind, SheetTableState)>,
    pub(crate) tree: TreeState,
    pub(crate) detail: DetailState,
    pub(crate) role_model_pane: RoleModelPaneState,
    pub(crate) scenario_pane: crate::ui::panels::scenario_pane::ScenarioPaneState,
    pub(crate) row_pane: RowPaneState,
    pub(crate) revisions: u64,
    pub(crate) pending: Vec<Command>,
}

impl App {
    /// Start on a file, or on the user's copy of the sample project.
    pub fn start(file: Option<PathBuf>) -> App {
        let mut app = App::blank();
        let result = match file {
            Some(f) => Store::open(&f),
            None => crate::ui::shell::home::open_or_create_sample(&user_sample_path()),
        };
        match result {
            Ok(store) => app.adopt(store),
            Err(e) => app.message = Some(e.to_string()),
        }
        app
    }

    /// A window on a project file opened read-only, as a second window beside its writer sees it: what a test
    /// holds a window that lived through commands to (`App::shown`).
    #[doc(hidden)]
    pub fn start_read_only(file: &Path) -> App {
        let mut app = App::blank();
        match Store::open_read_only(file) {
            Ok(store) => app.adopt(store),
            Err(e) => app.message = Some(e.to_string()),
        }
        app
    }

    /// Do what frames would do until the window's background work is over — a job (an import, an export), a
    /// large project's reading, the check of the current revision — and the commands it asked for are applied;
    /// without drawing anything (tests drive the window through commands this way). Gives up after ten seconds.
    #[doc(hidden)]
    pub fn settle(&mut self, ctx: &egui::Context) {
        let started = std::time::Instant::now();
        while started.elapsed() < std::time::Duration::from_secs(10) {
            self.keep_loading(ctx);
            if let Some(result) = self.job.as_ref().and_then(|j| j.poll()) {
                self.job = None;
                self.job_ended(result);
            }
            self.keep_checked(ctx);
            for command in std::mem::take(&mut self.pending) {
                self.apply(ctx, command);
            }
            let checked = self.open.as_ref().is_none_or(|o| {
                o.is_loading() || self.check.summary.is_some_and(|(r, _)| r == o.revision)
            });
            let loading = self.open.as_ref().is_some_and(|o| o.is_loading());
            if self.job.is_none() && !loading && checked && self.pending.is_empty() {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
    }

    /// The window with no project and the user's defaults.
    fn blank() -> App {
        App {
            open: None,
            lang: Lang::Ja,
            message: None,
            message_in: None,
            date_style: DateStyle::Iso,
            sheet: SheetKind::TestCases,
            tables: ALL_SHEETS.iter().map(|k| (*k, SheetTableState::default())).collect(),
            selection: None,
            new_project: None,
            confirm_delete: None,
            confirm_erase: None,
            password_ask: None,
            book_password: None,
            renaming: None,
            new_master: None,
            job: None,
            simulation_for: None,
            party_filter: None,
            written_folder: None,
            folder_opener: open_in_file_manager,
            export_choice: ExportChoice::default(),
            // The tree is open until the user closes it.
            views: {
                let mut views = crate::ui::kit::views::OpenViews::default();
                views.set(ViewId::Tree, true);
                views
            },
            check: Default::default(),
            import: Default::default(),
            simulated: None,
            coverage_view: Default::default(),
            simulation: Default::default(),
            recent: Vec::new(),
            theme: egui::ThemePreference::System,
            last_saved: None,
            focus_filter: false,
            insurer_view: Default::default(),
            parties_view: Default::default(),
            book_change: None,
            books: Vec::new(),
            finding_draft: None,
            own_dialog: None,
            path_ask: None,
            messages: Vec::new(),
            tree: TreeState::default(),
            detail: DetailState::default(),
            role_model_pane: RoleModelPaneState::default(),
            scenario_pane: Default::default(),
            row_pane: RowPaneState::default(),
            revisions: 0,
            pending: Vec::new(),
        }
    }

    pub(crate) fn next_revision(&mut self) -> u64 {
        self.revisions += 1;
        self.revisions
    }

    /// The state of a sheet's table.
    pub fn table(&self, kind: SheetKind) -> &SheetTableState {
        &self.tables.iter().find(|(k, _)| *k == kind).expect("every sheet has a table").1
    }

    /// Show a message in the status bar, made in both languages so that a switch of language shows it in the
    /// new one.
    pub(crate) fn say(&mut self, text: impl Fn(Lang) -> String) {
        let m = crate::domain::model::message::Message { ja: text(Lang::Ja), en: text(Lang::En) };
        self.message = Some(m.get(self.lang).to_string());
        self.message_in = Some(m);
    }

    /// The table of a sheet, to change its state (its column layout, say).
    pub fn tables_mut(&mut self, kind: SheetKind) -> &mut SheetTableState {
        &mut self.tables.iter_mut().find(|(k, _)| *k == kind).expect("every sheet has a table").1
    }

    /// Apply one command.
    pub fn apply(&mut self, ctx: &egui::Context, command: Command) {
        if self.job.as_ref().is_some_and(|j| j.holds_store) && command.may_write() {
            // The store is lent to the job applying an import; a keyboard shortcut must not write meanwhile.
            self.say(|l| Text::Busy.get(l).to_string());
            return;
        }
        if self.open.as_ref().is_some_and(|o| o.is_loading()) && !command.usable_while_loading() {
            // Only the first rows are in memory: an edit, a check or an export of them would be of a part.
            self.say(|l| Text::StillLoading.get(l).to_string());
            return;
        }
        // Each group's handler matches every command of its group: a new command cannot go unhandled.
        match command {
            Command::File(c) => self.apply_file(ctx, c),
            Command::Edit(c) => self.apply_edit(ctx, c),
            Command::Transfer(c) => self.apply_transfer(ctx, c),
            Command::Coordination(c) => self.apply_coordination(c),
            Command::View(c) => self.apply_view(ctx, c),
        }
    }

    /// The commands that change only what is shown.
    fn apply_view(&mut self, ctx: &egui::Context, command: ViewCmd) {
        match command {
            ViewCmd::CancelLoad => self.cancel_load(),
            ViewCmd::SetLang(lang) => {
                // The message shown is said again in the new language when it was said both ways; one made in a
                // single language (an edit's label) leaves the status bar rather than stay in the old language
                // (the notification area keeps it).
                self.message = match &self.message_in {
                    Some(m) if self.message.as_deref() == Some(m.get(self.lang)) => {
                        Some(m.get(lang).to_string())
                    }
                    _ => None,
                };
                self.lang = lang;
            }
            ViewCmd::SetDateStyle(style) => self.date_style = style,
            ViewCmd::ShowSheet(kind) => self.sheet = kind,
            ViewCmd::Select(s) => self.selection = Some(s),
            ViewCmd::SetTheme(theme) => {
                self.theme = theme;
                ctx.set_theme(theme);
                // The glyphs rasterised for one theme lost their 1-px strokes (`-`, `_`) in the other after a
                // switch at run time (they show when the window starts in it): the fonts are laid out afresh.
                crate::ui::kit::fonts::install(ctx);
            }
            ViewCmd::FocusFilter => self.focus_filter = true,
            ViewCmd::ShowSimulation(id) => self.simulation_for = Some(id),
            ViewCmd::CloseSimulation => self.simulation_for = None,
            ViewCmd::Toggle(view) => {
                self.views.toggle(view);
                if view == ViewId::Insurers {
                    // Opened afresh, the workspace starts from its list of insurers.
                    self.insurer_view.insurer = None;
                }
            }
            ViewCmd::OpenInsurer(insurer) => {
                self.views.set(ViewId::Insurers, true);
                self.insurer_view.show(insurer);
            }
            ViewCmd::Notify(text) => self.message = Some(text),
            ViewCmd::CloseSimulated => self.simulated = None,
            ViewCmd::Reveal(s) => {
                self.sheet = match s {
                    Selection::RoleModel(_) => SheetKind::RoleModels,
                    Selection::Row(kind, _) => kind,
                    Selection::Scenario(_) | Selection::Variation(_) | Selection::TestCase(_) => {
                        SheetKind::TestCases
                    }
                };
                self.reveal(&s);
                self.selection = Some(s);
            }
            ViewCmd::FocusField(field) => crate::ui::kit::form::ask_focus(ctx, field),
            ViewCmd::EditCell { sheet, row, col } => {
                if let Some((_, t)) = self.tables.iter_mut().find(|(k, _)| *k == sheet) {
                    t.start_editing(sheet, row, col);
                }
            }
        }
    }

    /// Expand the tree down to a selection.
    pub(crate) fn reveal(&mut self, s: &Selection) {
        let Some(o) = &self.open else { return };
        let p = &o.project;
        let (scenario, variation) = match s {
            Selection::Variation(id) => (
                p.variations
                    .iter()
                    .find(|v| v.id == id.id && v.party == id.party)
                    .map(|v| v.scenario_key().to_string()),
                None,
            ),
            Selection::TestCase(id) => match p.test_case(id) {
                Some(c) => {
                    (Some(c.scenario_key().to_string()), Some(c.variation_key().to_string()))
                }
                None => (None, None),
            },
            Selection::Scenario(_) | Selection::RoleModel(_) | Selection::Row(..) => (None, None),
        };
        self.tree.expanded.extend(scenario);
        self.tree.expanded.extend(variation);
    }

    /// Draw one frame and apply what it asked for.
    pub fn frame_ui(&mut self, ui: &mut egui::Ui) {
        self.input_commands(&ui.ctx().clone());
        egui::Panel::top("menu").show(ui, |ui| self.menu_ui(ui));
        self.sheet_tabs_ui(ui);
        egui::Panel::bottom("status").show(ui, |ui| self.status_bar_ui(ui));
        self.check_panel(ui);
        self.side_panels_ui(ui);
        egui::CentralPanel::default().show(ui, |ui| self.central_ui(ui));
        self.delete_dialog(ui.ctx());
        self.erase_dialog(ui.ctx());
        self.password_dialog(ui.ctx());
        self.rename_dialog(ui.ctx());
        self.new_master_dialog(ui.ctx());
        self.new_project_dialog(ui.ctx());
        self.simulation_window(ui.ctx());
        self.coverage_window(ui.ctx());
        self.insurer_window(ui.ctx());
        self.simulated_window(ui.ctx());
        self.export_setup_ui(ui.ctx());
        self.job_ui(ui.ctx());
        self.keep_loading(ui.ctx());
        self.keep_checked(ui.ctx());
        self.import_preview_ui(ui.ctx());
        self.import_stale_ui(ui.ctx());
        self.path_ask_ui(ui.ctx());
        self.books_window(ui.ctx());
        self.finding_dialog(ui.ctx());
        self.own_dialog_ui(ui.ctx());
        self.messages_window(ui.ctx());
        let ctx = ui.ctx().clone();
        let commands = std::mem::take(&mut self.pending);
        // A view or dialog a command opens, and a command another leads to (新規, then asking whose project it
        // is), are drawn by the next frame, not at the next input event. Edits ask for no frame here: at 100,000
        // cases a frame is what an edit costs the window's thread, and the background check each edit starts
        // wakes the window when it ends (the window benchmark doubled when every command asked).
        let opens = commands.iter().any(|c| !c.may_write());
        for command in commands {
            self.apply(&ctx, command);
        }
        if opens || !self.pending.is_empty() {
            ctx.request_repaint();
        }
        // Every new message is kept for the notification area (the status bar shows the last, cut to fit).
        if let Some(m) = &self.message
            && self.messages.last().is_none_or(|(_, last)| last != m)
        {
            self.messages.push((crate::ui::shell::home::clock(), m.clone()));
            let over = self.messages.len().saturating_sub(MESSAGES_KEPT);
            self.messages.drain(..over);
        }
    }

    /// The project's name and the sheet tabs, spanning the window, so that opening a pane never moves the table.
    fn sheet_tabs_ui(&mut self, ui: &mut egui::Ui) {
        let Some(o) = &self.open else { return };
        let lang = self.lang;
        egui::Panel::top("sheets").show(ui, |ui| {
            ui.horizontal(|ui| {
                if ui
                    .selectable_label(self.views.is_open(ViewId::Parties), Text::Parties.get(lang))
                    .clicked()
                {
                    self.pending.push(Command::View(ViewCmd::Toggle(ViewId::Parties)));
                }
                ui.add(egui::Label::new(egui::RichText::new(&o.project.name).heading()).truncate());
                if let Some(party) = &self.party_filter {
                    let name = o
                        .project
                        .institutions
                        .iter()
                        .find(|i| &i.code == party)
                        .map(|i| i.name.as_str())
                        .unwrap_or("");
                    ui.label(format!("[{} {party} {name}]", Text::Party.get(lang)));
                    if ui.small_button("×").clicked() {
                        self.pending
                            .push(Command::Coordination(CoordinationCmd::FilterParty(None)));
                    }
                }
            });
            ui.horizontal_wrapped(|ui| {
                for kind in ALL_SHEETS {
                    if ui.selectable_label(self.sheet == kind, sheet_tab(kind).get(lang)).clicked()
                    {
                        self.pending.push(Command::View(ViewCmd::ShowSheet(kind)));
                    }
                }
            });
        });
    }

    /// The tree at the left of the test cases, and at the right the pane of what is selected.
    fn side_panels_ui(&mut self, ui: &mut egui::Ui) {
        let Some(o) = &self.open else { return };
        let tree = self.sheet == SheetKind::TestCases && self.views.is_open(ViewId::Tree);
        let widths = SideWidths::of(
            ui.available_width(),
            (self.views.is_open(ViewId::Parties), tree, self.selection.is_some()),
        );
        let parties_panel = || parties_panel(widths.parties);
        let tree_panel = || tree_panel(widths.tree);
        if let Some(load) = &o.loading {
            // The tree and the parties need every row; a pane would show a row beside a part of its project.
            let lang = self.lang;
            if self.views.is_open(ViewId::Parties) {
                parties_panel().show(ui, |ui| {
                    ui.strong(Text::Parties.get(lang));
                    crate::ui::panels::loading_view::loading_note_ui(ui, load, lang);
                });
            }
            if tree {
                tree_panel().show(ui, |ui| {
                    crate::ui::panels::loading_view::loading_note_ui(ui, load, lang)
                });
            }
            return;
        }
        let mut cx = o.panel_ctx(
            (self.lang, self.date_style),
            self.party_filter.as_ref(),
            &mut self.pending,
        );
        if self.views.is_open(ViewId::Parties) {
            let check_revision = self.check.summary.map_or(0, |(r, _)| r);
            parties_panel().show(ui, |ui| {
                within_width(ui, |ui| {
                    crate::ui::panels::parties_view::parties_view_ui(
                        ui,
                        &mut cx,
                        &mut self.parties_view,
                        (&self.check.findings, check_revision),
                        &self.books,
                    )
                });
            });
        }
        let pane = |id: &'static str, size: f32| {
            let max = widths.pane;
            let range = 320.0_f32.min(max)..=max;
            egui::Panel::right(id).resizable(true).default_size(size.min(max)).size_range(range)
        };
        if tree {
            tree_panel().show(ui, |ui| {
                within_width(ui, |ui| {
                    tree_ui(
                        ui,
                        &mut cx,
                        &mut self.tree,
                        self.selection.as_ref(),
                        &self.check.badges,
                    )
                });
            });
            match &self.selection {
                Some(Selection::TestCase(id)) if cx.project.test_case(id).is_some() => {
                    pane("detail", 470.0).show(ui, |ui| {
                        within_width(ui, |ui| {
                            test_case_detail_ui(ui, &mut cx, id, &mut self.detail)
                        });
                    });
                }
                Some(chosen @ (Selection::Scenario(_) | Selection::Variation(_))) => {
                    pane("scenario", 360.0).show(ui, |ui| {
                        within_width(ui, |ui| {
                            crate::ui::panels::scenario_pane::scenario_pane_ui(
                                ui,
                                &mut cx,
                                chosen,
                                &mut self.scenario_pane,
                            )
                        });
                    });
                }
                _ => {}
            }
        }
        if self.sheet == SheetKind::RoleModels
            && let Some(Selection::RoleModel(id)) = &self.selection
            && cx.project.role_models.iter().any(|r| r.id == id.id && r.party == id.party)
        {
            pane("role-model", 470.0).show(ui, |ui| {
                within_width(ui, |ui| {
                    role_model_pane_ui(ui, &mut cx, id, &mut self.role_model_pane)
                });
            });
        }
        if let Some(Selection::Row(kind, row)) = self.selection
            && kind == self.sheet
            && let Some(shown) =
                self.tables.iter().find(|(k, _)| *k == kind).and_then(|(_, t)| t.row_texts(row))
        {
            pane("row", 440.0).show(ui, |ui| {
                within_width(ui, |ui| {
                    row_pane_ui(ui, &mut cx, kind, row, shown, &mut self.row_pane);
                    ui.separator();
                    ui.horizontal(|ui| {
                        if ui.button(Text::DeleteThisRow.get(cx.lang)).clicked() {
                            cx.commands
                                .push(Command::Edit(EditCmd::AskDelete(Selection::Row(kind, row))));
                        }
                        let entity =
                            crate::exchange::sheet_rows::sheet_entity(kind, cx.project, row);
                        if let Some(e) = entity
                            && let Some(target) = e.finding_kind()
                            && ui.button(Text::WriteFinding.get(cx.lang)).clicked()
                        {
                            let party = e.party().map(|x| x.to_string()).unwrap_or_default();
                            cx.commands.push(Command::Coordination(CoordinationCmd::WriteFinding(
                                target,
                                party,
                                e.shown_key(),
                            )));
                        }
                    });
                })
            });
        }
    }

    /// The shown sheet's table; one row picked in it opens that row's pane.
    fn central_ui(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang;
        if self.open.is_none() {
            ui.label(Text::NoProject.get(lang));
            return;
        }
        let kind = self.sheet;
        if let Some(load) = self.open.as_ref().and_then(|o| o.loading.as_ref()) {
            crate::ui::panels::loading_view::loading_banner_ui(ui, load, lang, &mut self.pending);
        } else {
            if kind == SheetKind::RoleModels && ui.button(Text::AddRoleModel.get(lang)).clicked() {
                self.pending.push(Command::Edit(EditCmd::AddRoleModel));
            }
            if crate::exchange::row_edit::MasterKind::of_sheet(kind).is_some() {
                if let Some(o) = &self.open {
                    sample_masters_note(ui, &o.project, lang);
                }
                if ui.button(Text::AddMasterRow.get(lang)).clicked() {
                    self.pending.push(Command::Edit(EditCmd::AskNewMaster(kind)));
                }
            }
            if kind == SheetKind::TestCases {
                self.selection_agreement_ui(ui);
            }
        }
        let Some(o) = &self.open else { return };
        let state = &mut self
            .tables
            .iter_mut()
            .find(|(k, _)| *k == kind)
            .expect("every sheet has a table")
            .1;
        // The window's selection, when it is a row of this sheet: the table selects and shows it. Its row is
        // looked for only when the selection changed (a scan of 100,000 cases is not for every frame).
        state.follow(self.selection.as_ref(), |s| match s {
            Selection::TestCase(k) if kind == SheetKind::TestCases => {
                o.project.test_cases.iter().position(|c| c.id == k.id && c.party == k.party)
            }
            Selection::RoleModel(k) if kind == SheetKind::RoleModels => {
                o.project.role_models.iter().position(|r| r.id == k.id && r.party == k.party)
            }
            Selection::Row(sheet, row) if *sheet == kind => Some(*row),
            Selection::Scenario(_)
            | Selection::Variation(_)
            | Selection::TestCase(_)
            | Selection::RoleModel(_)
            | Selection::Row(..) => None,
        });
        let before = state.selected.clone();
        let focus = std::mem::take(&mut self.focus_filter);
        let mut cx =
            o.panel_ctx((lang, self.date_style), self.party_filter.as_ref(), &mut self.pending);
        let in_file = o
            .loading
            .as_ref()
            .and_then(|load| crate::ui::panels::loading_view::rows_in_file(load, kind));
        let edited =
            sheet_table_ui(ui, &mut cx, (kind, in_file), state, focus, o.row_change.as_ref());
        if let Some((row, texts, shown)) = edited {
            match crate::ui::panels::row_pane::edit_command(
                (kind, row),
                &o.project,
                (&texts, &shown),
                lang,
            ) {
                Ok(command) => self.pending.extend(command),
                Err(problems) => self.message = Some(problems.join(" / ")),
            }
        }
        // One row picked in the table opens it in the detail pane.
        if state.selected != before
            && let [row] = state.selected[..]
        {
            let picked = match kind {
                SheetKind::TestCases => {
                    o.project.test_cases.get(row).map(|c| Selection::TestCase(c.key()))
                }
                SheetKind::RoleModels => {
                    o.project.role_models.get(row).map(|r| Selection::RoleModel(r.key()))
                }
                other @ (SheetKind::Memberships
                | SheetKind::Benefits
                | SheetKind::Insurers
                | SheetKind::Institutions
                | SheetKind::Codes
                | SheetKind::Findings) => Some(Selection::Row(other, row)),
            };
            self.pending.extend(picked.map(|x| Command::View(ViewCmd::Select(x))));
        }
    }
}

impl App {
    /// Above the test case table, with rows selected: their agreement state set in one step.
    fn selection_agreement_ui(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang;
        let Some(o) = &self.open else { return };
        let selected: Vec<crate::domain::model::TestCaseKey> = self
            .table(SheetKind::TestCases)
            .selected
            .iter()
            .filter_map(|&i| o.project.test_cases.get(i))
            .map(|c| c.key())
            .collect();
        use crate::domain::model::kinds::AgreementState;
        // Always drawn, on one short line (the states in a menu): a bar that appeared with the first selection, or
        // wrapped when a pane opened, pushed the rows down under the pointer and the next Ctrl+click hit another row.
        ui.horizontal(|ui| {
            let n = selected.len();
            ui.label(format!("{n} {}", Text::SelectedCount.get(lang)));
            ui.add_enabled_ui(n > 0, |ui| {
                ui.menu_button(format!("{} ▼", Text::SetAgreement.get(lang)), |ui| {
                    for s in AgreementState::ALL {
                        let colour = crate::ui::panels::parties_view::state_colour(s, ui.visuals());
                        let text =
                            egui::RichText::new(format!("{} ({n})", s.label(lang))).color(colour);
                        if ui.button(text).clicked() {
                            self.pending.push(Command::Coordination(
                                CoordinationCmd::SetAgreement(selected.clone(), s),
                            ));
                            ui.close();
                        }
                    }
                });
            });
        });
    }
}

/// The parties panel at the left (one id and size whether it shows the parties or 読み込み中, so that the width
/// the user gave it is kept).
fn parties_panel(max: f32) -> egui::Panel {
    let range = 400.0_f32.min(max)..=max;
    egui::Panel::left("parties").resizable(true).default_size(620.0_f32.min(max)).size_range(range)
}

/// The tree's panel at the left of the test cases (one id and size, as [`parties_panel`]).
fn tree_panel(max: f32) -> egui::Panel {
    let range = 180.0_f32.min(max)..=max;
    egui::Panel::left("tree").resizable(true).default_size(270.0_f32.min(max)).size_range(range)
}

/// On the master tabs, when the code masters hold the shipped sample rows: how many, and that they are not the
/// ministry's (as `renkei info` says).
fn sample_masters_note(ui: &mut egui::Ui, p: &crate::domain::model::Project, lang: Lang) {
    let samples = p.affairs.iter().filter(|x| x.sample).count()
        + p.procedures.iter().filter(|x| x.sample).count()
        + p.info_kinds.iter().filter(|x| x.sample).count()
        + p.info_items.iter().filter(|x| x.sample).count();
    if samples > 0 {
        let text = format!("{} {samples} {}", Text::SampleMasters.get(lang), Text::Rows.get(lang));
        ui.colored_label(ui.visuals().warn_fg_color, text);
    }
}

/// The table keeps at least this much of the window's width, whatever side panels are open.
pub const TABLE_MIN_WIDTH: f32 = 340.0;

/// The widest each side panel may be: what the table leaves, shared among those open (the parties 3, the tree 2½,
/// the pane of the selection 4½ parts: at 1280 px with all three, 282, 235 and 423 px), each no wider than it
/// ever needs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SideWidths {
    /// The parties panel.
    pub parties: f32,
    /// The tree.
    pub tree: f32,
    /// The pane of what is selected.
    pub pane: f32,
}

impl SideWidths {
    /// For a window `width` wide with these panels open: (the parties, the tree, a pane).
    pub fn of(width: f32, (parties, tree, pane): (bool, bool, bool)) -> SideWidths {
        let budget = (width - TABLE_MIN_WIDTH).max(0.0);
        let parts = [(parties, 3.0, 720.0), (tree, 2.5, 420.0), (pane, 4.5, 560.0)];
        let total: f32 = parts.iter().filter(|(open, ..)| *open).map(|(_, w, _)| w).sum();
        let share = |(open, weight, most): (bool, f32, f32)| {
            if open && total > 0.0 { (budget * weight / total).min(most) } else { most }
        };
        SideWidths { parties: share(parts[0]), tree: share(parts[1]), pane: share(parts[2]) }
    }
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame_ui(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, PREFERENCES_KEY, &self.preferences());
    }
}
