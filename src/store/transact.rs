//! The one road of every change to a project file (the project's "transact", as Anki's backend has): an edit made
//! in the window, a book received (by the window or the command line), the own body, undo and redo. Each takes the
//! intended change, applies the rules every change obeys (`domain::rules`), writes it as one transaction and one
//! undo step at the revision it was worked out from (refused at any other: someone changed the file meanwhile),
//! and returns what changed (`OpChanges`), from which the window brings itself up to date in one place. Nothing in
//! `ui` or `cli` writes to a project file any other way (a test holds them to it).

use crate::domain::coordination::book::BookRecord;
use crate::domain::coordination::change::ChangeSet;
use crate::domain::coordination::source::Sources;
use crate::domain::date::Date;
use crate::domain::model::Project;

use super::{OpChanges, Store, StoreError};

/// An edit made in the window (a pane, a cell, an add, a duplicate, a rename, a delete with what belongs to it, a
/// check's fix, an agreement state, a finding, a replica proposal): the rules of an edit (`rules::for_edit`), then
/// one transaction and one undo step, applied only if the file is still at `revision`, the revision `project` is.
pub fn edit(
    store: &mut Store,
    (project, revision): (&Project, u64),
    label: &str,
    change: ChangeSet,
    today: Date,
) -> Result<OpChanges, StoreError> {
    if change.is_empty() {
        return Err(StoreError::Rejected("変更はありません / nothing changes".into()));
    }
    let mut change = crate::domain::coordination::rules::for_edit(project, change, today)
        .map_err(|why| StoreError::Rejected(format!("{} / {}", why.ja, why.en)))?;
    change.base = Some(revision);
    store.apply_change(label, &change, &mut |_, _| true)
}

/// A book received: its change as the import worked it out, with the rules of a book applied (`rules::for_book`,
/// which the import applies so that its preview shows them) and the revision it was worked out from
/// (`ChangeSet::base`, required); where its rows came from and its record (written in the same transaction, and
/// kept when the import is undone: the book was received). One transaction and one undo step;
/// `progress(done, total)` false cancels and writes nothing.
pub fn receive(
    store: &mut Store,
    label: &str,
    change: &ChangeSet,
    (sources, record): (&Sources, Option<&BookRecord>),
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<OpChanges, StoreError> {
    if change.base.is_none() {
        return Err(StoreError::Rejected(
            "取り込む変更の元のリビジョンがわかりません / the book's change does not say the revision it was read \
             against"
                .into(),
        ));
    }
    store.apply_import(label, change, sources, record, progress)
}

/// Who the project is (自団体: an institution code, or an insurer number): one step that undo reverts.
pub fn set_own_body(store: &mut Store, label: &str, own: &str) -> Result<OpChanges, StoreError> {
    store.set_own_body(label, own)
}

/// Erase a person and every copy of its personal values from the file (no undo step: the undo log is emptied, and
/// the file rewritten so that no freed page keeps them). See [`crate::store::erase`].
pub fn erase_role_model(
    store: &mut Store,
    party: &str,
    id: &str,
) -> Result<crate::store::erase::Erased, StoreError> {
    store.erase_role_model(party, id)
}

/// Undo the last step (`None`: nothing to undo).
pub fn undo(store: &mut Store) -> Result<Option<OpChanges>, StoreError> {
    store.undo_op()
}

/// Redo the last step undone (`None`: nothing to redo).
pub fn redo(store: &mut Store) -> Result<Option<OpChanges>, StoreError> {
    store.redo_op()
}

/// A new project file at `path` holding `project` (its name and own body with it): the project a user starts
/// from (`renkei new`, the window's 新規, the user's copy of the sample, a generated project). Refuses to
/// overwrite a file. No undo step: there is nothing before it.
pub fn create(path: &std::path::Path, project: &Project) -> Result<Store, StoreError> {
    let mut store = Store::create(path, &project.name)?;
    store.replace_all(project)?;
    Ok(store)
}

/// A book sent (exported): recorded in the project's record of books, no undo step (the book was sent).
pub fn record_sent(store: &mut Store, record: &BookRecord) -> Result<(), StoreError> {
    store.record_book(record)
}
