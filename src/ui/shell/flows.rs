//! The state of the window's longer flows, each in one place: a check (its run in the background, its
//! findings, the badges in the tree, the check view) and an import (the book read and previewed, the books
//! waiting, the parties this batch has applied, a book the project changed under), and a new master row being
//! typed. The app's handlers move them on; the panels and dialogs read them.

use std::path::PathBuf;

/// A check in the window: run after every change in the background, its findings shown in the check view, the
/// tree's badges and the status bar.
#[derive(Default)]
pub struct CheckFlow {
    /// The last full check: the revision it checked and its (errors, warnings, notes).
    pub summary: Option<(u64, (usize, usize, usize))>,
    /// The check running in the background, if one is.
    pub(crate) run: Option<crate::ui::kit::jobs::CheckRun>,
    /// The findings of the last check.
    pub findings: Vec<crate::domain::check::CheckFinding>,
    /// Where each finding's row came from in the workbook it was imported from (aligned with `findings`).
    pub places: Vec<Option<String>>,
    /// Errors and warnings per tree node, from the last check.
    pub badges: crate::ui::panels::tree::Badges,
    /// The revision an import gave: its check opens the check view when the imported rows have errors.
    pub(crate) after_import: Option<u64>,
    /// The check view's state (its filters, groups and the chosen finding).
    pub view: crate::ui::panels::check_view::CheckViewState,
}

/// An import in the window: read in the background, previewed, applied or discarded, one book after another.
#[derive(Default)]
pub struct ImportFlow {
    /// An import read and waiting for the user's decision.
    pub preview: Option<(PathBuf, Box<crate::exchange::import::Proposal>)>,
    /// Workbooks waiting to be imported after the one previewed (several dropped at once).
    pub queue: Vec<PathBuf>,
    /// The parties whose books this batch of imports has applied (a second of one party is refused).
    pub batch: Vec<crate::domain::model::InstitutionCode>,
    /// The record of the book being previewed, written with the import when it is applied.
    pub record: Option<crate::domain::coordination::book::BookRecord>,
    /// A book not imported because the project changed after it was read: offered to be read again (its path and
    /// the party it was read as).
    pub stale: Option<(PathBuf, Option<crate::domain::model::InstitutionCode>)>,
}

/// A new project being asked for (ファイル › 新規): where it goes, whose it is and where its masters come from.
#[derive(Debug, Clone)]
pub struct NewProject {
    /// The file it is created as.
    pub path: PathBuf,
    /// 自団体: an institution code (a city) or an insurer number (an insurer representative).
    pub own: String,
    /// The city's name, for a code the masters do not hold (it is added to them).
    pub own_name: String,
    /// Where the user chose its masters to come from; until then, `masters()` follows whose the project is.
    pub chosen: Option<MastersSource>,
    /// The project file or book the masters are taken from, as typed or chosen.
    pub from: String,
    /// Why the last try did not create it.
    pub error: Option<String>,
}

/// Where a new project's masters come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MastersSource {
    /// The sample masters, marked as such.
    Sample,
    /// Another project file's or a book's.
    File,
    /// None: the books read into it bring them.
    Empty,
}

impl NewProject {
    /// The form for a project at `path`, nothing typed yet.
    pub fn new(path: PathBuf) -> NewProject {
        NewProject {
            path,
            own: String::new(),
            own_name: String::new(),
            chosen: None,
            from: String::new(),
            error: None,
        }
    }

    /// Where its masters come from: as chosen, else by whose it is (a city's starts with the sample masters, an
    /// insurer representative's with none).
    pub fn masters(&self) -> MastersSource {
        self.chosen.unwrap_or(
            if crate::domain::samples::sample::sample_masters_by_default(&self.own) {
                MastersSource::Sample
            } else {
                MastersSource::Empty
            },
        )
    }
}

/// What a deletion takes: what it is, its id, and (variations, test cases, memberships, benefit records) with it.
pub(crate) type Deleting = (crate::ui::kit::text::Text, String, (usize, usize, usize, usize));

/// A delete being asked about, and what its dialog says of it: worked out once per project revision, not every
/// frame (a code master's row may be used by every one of 100,000 cases).
#[derive(Debug, Clone)]
pub struct DeleteAsk {
    /// What would be deleted.
    pub selection: crate::ui::kit::command::Selection,
    /// The revision it was worked out for, what goes with it and the rows that use it (a master row in use is
    /// not deleted).
    pub(crate) said: Option<(u64, Deleting, Vec<String>)>,
}

impl DeleteAsk {
    /// Ask about deleting `selection`.
    pub fn new(selection: crate::ui::kit::command::Selection) -> DeleteAsk {
        DeleteAsk { selection, said: None }
    }
}

/// A new master row being typed.
#[derive(Debug, Clone)]
pub struct NewMaster {
    /// Which master (on コード, the user chooses among the four).
    pub kind: crate::exchange::row_edit::MasterKind,
    /// Its tab.
    pub sheet: crate::exchange::sheets::SheetKind,
    /// What is typed, field by field, in its columns' order.
    pub texts: Vec<(crate::domain::model::field::Field, String)>,
    /// Why the last save was refused.
    pub errors: Vec<String>,
}

impl NewMaster {
    /// An empty row of the master a tab adds first (none for a tab of party rows).
    pub fn of_sheet(sheet: crate::exchange::sheets::SheetKind) -> Option<NewMaster> {
        let kind = crate::exchange::row_edit::MasterKind::of_sheet(sheet)?;
        Some(NewMaster { kind, sheet, texts: blank_master(kind), errors: Vec::new() })
    }
}

/// Every field of `kind`, empty.
pub(crate) fn blank_master(
    kind: crate::exchange::row_edit::MasterKind,
) -> Vec<(crate::domain::model::field::Field, String)> {
    kind.fields().into_iter().map(|f| (f, String::new())).collect()
}
