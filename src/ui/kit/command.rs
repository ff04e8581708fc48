//! What the user asks for: one [`Command`] per operation (menus, shortcuts and panels push them; the app applies
//! them after the frame), and what is selected ([`Selection`], by typed ids).

use crate::ui::kit::views::ViewId;
use std::path::PathBuf;

use crate::domain::coordination::change::ChangeSet;
use crate::domain::date::{Date, DateStyle};
use crate::domain::model::entity::{Entity, EntityKey};
use crate::domain::model::field::Field;
use crate::domain::model::message::Lang;
use crate::domain::model::{RoleModelKey, ScenarioKey, TestCaseKey, VariationKey};
use crate::exchange::sheets::SheetKind;

/// What the user has selected in the tree, table or detail pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// A scenario, by its id in its party.
    Scenario(ScenarioKey),
    /// A variation.
    Variation(VariationKey),
    /// A test case.
    TestCase(TestCaseKey),
    /// A role model.
    RoleModel(RoleModelKey),
    /// A row of another sheet (加入歴, 給付情報, 保険者, 機関, コード), by its position in the sheet.
    Row(SheetKind, usize),
}

/// A user operation, requested by a menu, shortcut or panel, by the concern that applies it: each group's
/// handler in `App` matches every variant of its group (the compiler holds it to that).
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Files: open, create, save a copy, show a folder, quit.
    File(FileCmd),
    /// Edits of the project: each one operation and one undo step (`store::transact`), and the dialogs that ask first.
    Edit(EditCmd),
    /// Workbooks and XML in and out, and work in the background (export, import, simulate all).
    Transfer(TransferCmd),
    /// The coordination loop: the party shown, findings, agreement states, the own body.
    Coordination(CoordinationCmd),
    /// What is shown: language, dates, theme, sheets, selection, views; nothing written.
    View(ViewCmd),
}

/// Files: open, create, save a copy, show a folder, quit.
#[derive(Debug, Clone, PartialEq)]
pub enum FileCmd {
    /// Open a project file.
    Open(PathBuf),
    /// Ask for a file to open with a dialog.
    OpenDialog,
    /// Ask for a new project file's place with a dialog, and create it.
    NewDialog,
    /// Ask, in the new-project form, whose the new project at this path is and where its masters come from.
    New(PathBuf),
    /// Create the project the new-project form describes and open it (its masters read first, in the
    /// background, when they come from another file).
    Create,
    /// Close the new-project form; nothing is created.
    CancelNew,
    /// Choose the file the new project's masters come from with a file dialog.
    MastersFromDialog,
    /// Ask where to save a copy of the project, save it there and continue in the copy.
    SaveAsDialog,
    /// Save a copy of the project here and continue in the copy.
    SaveAs(PathBuf),
    /// Open a folder in the system's file manager.
    OpenFolder(PathBuf),
    /// Close the window.
    Quit,
}

/// Edits of the project: each one operation and one undo step (`store::transact`), and the dialogs that ask first.
#[derive(Debug, Clone, PartialEq)]
pub enum EditCmd {
    /// Undo the last operation.
    Undo,
    /// Redo the last undone operation.
    Redo,
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
    /// Apply a change (a row's texts read with the workbook's rules): one operation, one undo step.
    ApplyChange {
        /// The undo step's label.
        label: String,
        /// The change.
        change: Box<ChangeSet>,
    },
    /// Add a scenario after the last.
    AddScenario,
    /// Add a role model after the last.
    AddRoleModel,
    /// Add a membership to a role model, acquired and (perhaps) lost on the days the user gave.
    AddMembership(RoleModelKey, crate::domain::model::InsurerNumber, Date, Option<Date>),
    /// Add a benefit record to a role model, paid from the day the user gave.
    AddBenefit(RoleModelKey, Date),
    /// Add a variation to a scenario.
    AddVariation(ScenarioKey),
    /// Add a test case to a variation.
    AddTestCase(VariationKey),
    /// Copy a test case with the next id of its variation.
    DuplicateTestCase(TestCaseKey),
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
    /// Ask for a new master row of a tab (機関, 保険者, コード): its fields typed in a dialog.
    AskNewMaster(crate::exchange::sheets::SheetKind),
    /// Close the new master row's dialog.
    CancelNewMaster,
    /// Ask before erasing a person: every copy of its personal values taken out of the file, with no undo.
    AskErase(crate::domain::model::RoleModelKey),
    /// Erase the person the dialog asked about.
    ConfirmErase,
    /// Close the erase dialog without erasing.
    CancelErase,
    /// Apply a check's suggested fix: one operation, one undo step.
    ApplyFix {
        /// The undo step's label.
        label: String,
        /// The fix.
        fix: Box<crate::domain::check::Fix>,
    },
}

/// Workbooks and XML in and out, and work in the background (export, import, simulate all).
#[derive(Debug, Clone, PartialEq)]
pub enum TransferCmd {
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
    /// Simulate every test case in the background and show the results.
    SimulateAll,
    /// Ask for a folder and save these test cases' answer XML there.
    SaveXmlDialog(Vec<TestCaseKey>),
    /// Save these test cases' answer XML (merged and per insurer) into a folder.
    SaveXml {
        /// The test cases.
        cases: Vec<TestCaseKey>,
        /// The folder.
        dir: PathBuf,
    },
    /// Import several workbooks one after the other, each its own preview and undo step.
    ImportMany(Vec<PathBuf>),
    /// Read the previewed workbook again as this party's book.
    ImportAs(PathBuf, crate::domain::model::InstitutionCode),
    /// Read a password-protected workbook with the password the window asked for.
    ImportWithPassword(PathBuf, Option<crate::domain::model::InstitutionCode>, String),
    /// Close the password dialog without reading the book.
    CancelPassword,
    /// Ask where to save the previewed import's problems as text.
    SaveImportProblemsDialog,
    /// Save the previewed import's problems as text here.
    SaveImportProblems(PathBuf),
    /// Ask for a folder and save an insurer's answer for every case routed to it there, with index.csv.
    SaveInsurerAnswersDialog(crate::domain::model::InsurerNumber),
    /// Save an insurer's answer for every case routed to it into a folder, with index.csv.
    SaveInsurerAnswers(crate::domain::model::InsurerNumber, PathBuf),
}

/// The coordination loop: the party shown, findings, agreement states, the own body.
#[derive(Debug, Clone, PartialEq)]
pub enum CoordinationCmd {
    /// Show one party's rows alone in the tree, the tables and the views (`None`: every party).
    FilterParty(Option<crate::domain::model::InstitutionCode>),
    /// Show the change a received book made (its index in the record).
    ShowBookChange(usize),
    /// Raise a finding (指摘) from a check finding: one operation, one undo step.
    RaiseFinding(Box<crate::domain::check::CheckFinding>),
    /// Open the dialog that writes a finding by hand on a row (its kind, party and key).
    WriteFinding(crate::domain::check::EntityKind, String, String),
    /// Open the finding dialog on a test case with its text filled in (a finding for the querier).
    WriteFindingText {
        /// The case's party.
        party: String,
        /// The case's id.
        key: String,
        /// The finding's text.
        message: String,
    },
    /// Save the finding written in the dialog.
    SaveFinding,
    /// Close the finding dialog.
    CancelFinding,
    /// Set these test cases' agreement state (確認状態), by the own body, today: one operation, one undo step.
    SetAgreement(Vec<TestCaseKey>, crate::domain::model::kinds::AgreementState),
    /// Ask for the project's own body (自団体).
    AskOwn,
    /// Set the project's own body: one operation, one undo step.
    SetOwn(String),
    /// Close the own body dialog.
    CancelOwn,
}

/// What is shown: language, dates, theme, sheets, selection, views; nothing written.
#[derive(Debug, Clone, PartialEq)]
pub enum ViewCmd {
    /// Switch the UI language.
    SetLang(Lang),
    /// Show dates in this style.
    SetDateStyle(DateStyle),
    /// Show this sheet's table.
    ShowSheet(SheetKind),
    /// Select an entity (tree, table).
    Select(Selection),
    /// Light, dark or the system's theme.
    SetTheme(egui::ThemePreference),
    /// Put the cursor in the shown table's filter box.
    FocusFilter,
    /// Open or close a view (the check view, coverage, the parties panel, the insurer workspace, the record of
    /// books, the messages).
    Toggle(ViewId),
    /// Close the simulate-all results.
    CloseSimulated,
    /// Select an entity and show it: its sheet, its place in the tree.
    Reveal(Selection),
    /// Open the simulation view of a test case.
    ShowSimulation(TestCaseKey),
    /// Close the simulation view.
    CloseSimulation,
    /// Put the cursor in a field of the shown entity's pane.
    FocusField(Field),
    /// Edit a cell of a sheet's table in place (a double-click).
    EditCell {
        /// The sheet.
        sheet: SheetKind,
        /// Row (position in the sheet).
        row: usize,
        /// Column (position in the sheet's headers).
        col: usize,
    },
    /// Open an insurer's workspace.
    OpenInsurer(crate::domain::model::InsurerNumber),
    /// Say something in the status bar.
    Notify(String),
    /// Stop reading a large project whole (the project is closed).
    CancelLoad,
}

macro_rules! command_groups {
    ($($group:ident($ty:ident)),*) => {$(
        impl From<$ty> for Command {
            fn from(c: $ty) -> Command {
                Command::$group(c)
            }
        }
    )*};
}

command_groups!(
    File(FileCmd),
    Edit(EditCmd),
    Transfer(TransferCmd),
    Coordination(CoordinationCmd),
    View(ViewCmd)
);

/// What the window knows of a command besides what it does, said once here and read by the app (what waits
/// while the project is read or a job holds the store), the menus (an item's text and shortcut) and the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct About {
    /// Whether it can be done while a large project is still being read whole: what needs only the window, the
    /// first rows shown or another file. Everything else (every edit, export, import, simulation) waits.
    pub while_loading: bool,
    /// Whether it may write to the project file or replace it (what must wait while a job holds the store).
    pub writes: bool,
    /// The keys that give it, if any.
    pub shortcut: Option<egui::KeyboardShortcut>,
}

impl About {
    /// Changes only what the window shows: done at once, even while the project is read.
    const LOOK: About = About { while_loading: true, writes: false, shortcut: None };
    /// Needs the whole project read, but writes nothing to it (a dialog, a view of it, a file beside it).
    const READ: About = About { while_loading: false, writes: false, shortcut: None };
    /// Writes to the project file (an edit, an import) or replaces the project shown.
    const WRITE: About = About { while_loading: false, writes: true, shortcut: None };
    /// Opens or creates another project file: it may be done while this one is read (reading it stops).
    const OTHER_FILE: About = About { while_loading: true, writes: true, shortcut: None };

    const fn keys(self, modifiers: egui::Modifiers, key: egui::Key) -> About {
        About { shortcut: Some(egui::KeyboardShortcut::new(modifiers, key)), ..self }
    }
}

const CTRL: egui::Modifiers = egui::Modifiers::COMMAND;

impl FileCmd {
    fn about(&self) -> About {
        match self {
            FileCmd::Open(_) | FileCmd::Create => About::OTHER_FILE,
            FileCmd::New(_) | FileCmd::CancelNew | FileCmd::MastersFromDialog => About::LOOK,
            FileCmd::OpenDialog => About::OTHER_FILE.keys(CTRL, egui::Key::O),
            FileCmd::NewDialog => About::OTHER_FILE.keys(CTRL, egui::Key::N),
            FileCmd::SaveAsDialog | FileCmd::SaveAs(_) => About::WRITE,
            FileCmd::OpenFolder(_) => About::LOOK,
            FileCmd::Quit => About::LOOK.keys(CTRL, egui::Key::Q),
        }
    }
}

impl EditCmd {
    fn about(&self) -> About {
        match self {
            EditCmd::Undo => About::WRITE.keys(CTRL, egui::Key::Z),
            EditCmd::Redo => About::WRITE.keys(CTRL, egui::Key::Y),
            EditCmd::AskDelete(_) => About::WRITE.keys(egui::Modifiers::NONE, egui::Key::Delete),
            // A new master row's dialog: what it leads to writes.
            EditCmd::AskNewMaster(_) | EditCmd::CancelNewMaster => About::WRITE,
            EditCmd::Put { .. }
            | EditCmd::Remove { .. }
            | EditCmd::ApplyChange { .. }
            | EditCmd::AddScenario
            | EditCmd::AddRoleModel
            | EditCmd::AddMembership(..)
            | EditCmd::AddBenefit(..)
            | EditCmd::AddVariation(_)
            | EditCmd::AddTestCase(_)
            | EditCmd::DuplicateTestCase(_)
            | EditCmd::ConfirmDelete
            | EditCmd::CancelDelete
            | EditCmd::AskRename(_)
            | EditCmd::Rename(_)
            | EditCmd::CancelRename
            | EditCmd::AskErase(_)
            | EditCmd::ConfirmErase
            | EditCmd::CancelErase
            | EditCmd::ApplyFix { .. } => About::WRITE,
        }
    }
}

impl TransferCmd {
    fn about(&self) -> About {
        match self {
            TransferCmd::CancelJob
            | TransferCmd::CancelPassword
            | TransferCmd::SaveImportProblemsDialog
            | TransferCmd::SaveImportProblems(_)
            | TransferCmd::SaveInsurerAnswersDialog(_)
            | TransferCmd::SaveInsurerAnswers(..) => About::READ,
            TransferCmd::ExportSetup
            | TransferCmd::ExportDialog
            | TransferCmd::Export(_)
            | TransferCmd::ImportDialog
            | TransferCmd::Import(_)
            | TransferCmd::ApplyImport
            | TransferCmd::DiscardImport
            | TransferCmd::SimulateAll
            | TransferCmd::SaveXmlDialog(_)
            | TransferCmd::SaveXml { .. }
            | TransferCmd::ImportMany(_)
            | TransferCmd::ImportAs(..)
            | TransferCmd::ImportWithPassword(..) => About::WRITE,
        }
    }
}

impl CoordinationCmd {
    fn about(&self) -> About {
        match self {
            CoordinationCmd::FilterParty(_)
            | CoordinationCmd::ShowBookChange(_)
            | CoordinationCmd::WriteFinding(..)
            | CoordinationCmd::WriteFindingText { .. }
            | CoordinationCmd::CancelFinding
            | CoordinationCmd::AskOwn
            | CoordinationCmd::CancelOwn => About::READ,
            CoordinationCmd::RaiseFinding(_)
            | CoordinationCmd::SaveFinding
            | CoordinationCmd::SetAgreement(..)
            | CoordinationCmd::SetOwn(_) => About::WRITE,
        }
    }
}

impl ViewCmd {
    fn about(&self) -> About {
        match self {
            ViewCmd::SetLang(_)
            | ViewCmd::SetDateStyle(_)
            | ViewCmd::ShowSheet(_)
            | ViewCmd::Select(_)
            | ViewCmd::SetTheme(_)
            | ViewCmd::Toggle(_)
            | ViewCmd::Notify(_)
            | ViewCmd::CancelLoad => About::LOOK,
            ViewCmd::FocusFilter => About::LOOK.keys(CTRL, egui::Key::F),
            ViewCmd::CloseSimulated
            | ViewCmd::Reveal(_)
            | ViewCmd::ShowSimulation(_)
            | ViewCmd::CloseSimulation
            | ViewCmd::FocusField(_)
            | ViewCmd::OpenInsurer(_) => About::READ,
            // A double-click in a cell opens its editor, whose end is an edit.
            ViewCmd::EditCell { .. } => About::WRITE,
        }
    }
}

impl Command {
    /// What the window knows of it: when it may be done, whether it writes, its keys.
    pub fn about(&self) -> About {
        match self {
            Command::File(c) => c.about(),
            Command::Edit(c) => c.about(),
            Command::Transfer(c) => c.about(),
            Command::Coordination(c) => c.about(),
            Command::View(c) => c.about(),
        }
    }

    /// Whether it can be done while a large project is still being read whole.
    pub fn usable_while_loading(&self) -> bool {
        self.about().while_loading
    }

    /// Whether it may write to the project file or replace it.
    pub fn may_write(&self) -> bool {
        self.about().writes
    }

    /// The commands the keyboard gives without a selection, with their keys (Ctrl+Shift+Z redoes too, as on
    /// every system where Ctrl+Y is something else).
    pub fn keyboard() -> Vec<(egui::KeyboardShortcut, Command)> {
        let mut keys: Vec<(egui::KeyboardShortcut, Command)> = [
            Command::Edit(EditCmd::Redo),
            Command::Edit(EditCmd::Undo),
            Command::File(FileCmd::OpenDialog),
            Command::File(FileCmd::NewDialog),
            Command::View(ViewCmd::FocusFilter),
            Command::File(FileCmd::Quit),
        ]
        .into_iter()
        .filter_map(|c| Some((c.about().shortcut?, c)))
        .collect();
        keys.insert(
            0,
            (
                egui::KeyboardShortcut::new(CTRL | egui::Modifiers::SHIFT, egui::Key::Z),
                Command::Edit(EditCmd::Redo),
            ),
        );
        keys
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_key_gives_one_command_and_the_menus_keys_are_the_keyboards() {
        let keys = Command::keyboard();
        for (i, (a, _)) in keys.iter().enumerate() {
            assert!(keys[i + 1..].iter().all(|(b, _)| b != a), "{a:?} is given to two commands");
        }
        let given = |c: Command| keys.iter().find(|(_, x)| *x == c).map(|(k, _)| *k);
        assert_eq!(
            given(Command::Edit(EditCmd::Undo)),
            Some(egui::KeyboardShortcut::new(CTRL, egui::Key::Z))
        );
        assert_eq!(
            given(Command::File(FileCmd::Quit)),
            Some(egui::KeyboardShortcut::new(CTRL, egui::Key::Q))
        );
        // Every command the menus show a key for is one the keyboard gives.
        for c in [
            Command::Edit(EditCmd::Redo),
            Command::File(FileCmd::OpenDialog),
            Command::File(FileCmd::NewDialog),
            Command::View(ViewCmd::FocusFilter),
        ] {
            let shown = c.about().shortcut.expect("the menu shows a key");
            assert!(keys.contains(&(shown, c.clone())), "{c:?}");
        }
    }

    #[test]
    fn what_may_be_done_while_reading_writes_nothing_but_another_file() {
        assert!(Command::View(ViewCmd::CancelLoad).usable_while_loading());
        assert!(!Command::Edit(EditCmd::Undo).usable_while_loading());
        assert!(Command::Edit(EditCmd::Undo).may_write());
        assert!(!Command::View(ViewCmd::FocusFilter).may_write());
        // Opening another file stops reading this one and replaces the project shown.
        let open = Command::File(FileCmd::OpenDialog);
        assert!(open.usable_while_loading() && open.may_write());
    }
}
