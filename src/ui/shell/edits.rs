//! Edits of the project from the window. Every one — a pane's or a cell's edit, an add, a duplicate, a rename, a
//! cascading delete, a fix, an import — becomes a [`ChangeSet`] applied by [`App::change`] (one transaction, one
//! undo step), and the window refreshes from what the store says changed in one place, [`App::refresh`]; undo and
//! redo refresh the same way.

use crate::domain::coordination::change::ChangeSet;
use crate::domain::coordination::edit;
use crate::domain::model::entity::{Entity, EntityKey};
use crate::domain::model::{InstitutionCode, Qualified};
use crate::exchange::sheets::SheetKind;
use crate::store::OpChanges;
use crate::ui::kit::views::ViewId;

use crate::ui::kit::command::EditCmd;
use crate::ui::kit::command::Selection;
use crate::ui::kit::text::{Text, sheet_tab};
use crate::ui::shell::app::App;
use crate::ui::shell::home::clock;

/// An undo step's label with whose rows it changes after it (`… [003 E市]`), in a project of several parties,
/// when the change is of one party's rows and the label does not name it already.
fn whose_label(
    p: &crate::domain::model::Project,
    parties: &[InstitutionCode],
    label: &str,
    change: &ChangeSet,
) -> String {
    use crate::domain::coordination::change::Op;
    if parties.len() < 2 {
        return label.to_string();
    }
    let mut touched = change.entries.iter().filter_map(|e| match &e.op {
        Op::Put(x) => x.party().cloned(),
        Op::Remove(k) | Op::Rename(k, _) => k.party().cloned(),
    });
    let Some(first) = touched.next() else {
        return label.to_string();
    };
    if touched.any(|x| x != first) || first.is_empty() {
        return label.to_string();
    }
    let whose = crate::domain::model::names::party_label(p, &first);
    if label.contains(&whose) { label.to_string() } else { format!("{label} [{whose}]") }
}

/// A row's place, and its key there.
type RowAndKey = (usize, Option<EntityKey>);

/// The rows selected before a change, by place and key: in each table, and the window's selection of a row.
#[derive(Default)]
struct SelectedKeys {
    tables: Vec<(SheetKind, Vec<RowAndKey>)>,
    row: Option<(SheetKind, usize, Option<EntityKey>)>,
}

/// The sheet a project file table's rows are shown in, when a row can be redrawn alone.
fn sheet_of_table(table: &str) -> Option<crate::exchange::sheets::SheetKind> {
    use crate::exchange::sheets::SheetKind;
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

impl App {
    /// Apply a change as one operation (one transaction, one undo step) and refresh from what it changed; false
    /// when nothing was written (the reason, if any, is in the status bar).
    pub(crate) fn change(&mut self, label: &str, change: &ChangeSet) -> bool {
        let Some(o) = &mut self.open else {
            return false;
        };
        if change.is_empty() {
            return false;
        }
        // Where two parties meet, the undo step says whose rows it changed.
        let label = whose_label(&o.project, &o.parties(), label, change);
        // The rules every change obeys are the transaction's, not the window's.
        match crate::store::transact::edit(
            &mut o.store,
            (&o.project, o.file_revision),
            &label,
            change.clone(),
            crate::domain::date::Date::today(),
        ) {
            Ok(op) => {
                self.refresh(op);
                true
            }
            Err(e) => {
                self.message = Some(e.to_string());
                false
            }
        }
    }

    /// Bring the window up to date with what an operation, undo or redo changed — the one place it learns that,
    /// whatever the change came from: the project in memory reads back only that, each row found by its key with
    /// its party (one row read in place is redrawn alone in its table); where imported rows came from, when an
    /// import or its undo changed that; the record of books; and the rows selected, which follow their rows when
    /// rows before them came or went. Everything else the window shows is worked out from the project and keyed
    /// on its revision, which this raises (the tree, the tables, the parties' figures, the check, the insurer
    /// workspace).
    pub(crate) fn refresh(&mut self, op: OpChanges) {
        let revision = self.next_revision();
        let selected = self.selected_keys();
        let Some(o) = &mut self.open else { return };
        let tables = o.store.tables_of(&op).unwrap_or_default();
        match o.store.reload(std::sync::Arc::make_mut(&mut o.project), &op) {
            Ok(in_place) => {
                o.row_change = match in_place[..] {
                    [(table, row)] => sheet_of_table(table).map(|sheet| {
                        crate::ui::panels::sheet_table::RowChange {
                            from: o.revision,
                            to: revision,
                            sheet,
                            row,
                        }
                    }),
                    _ => None,
                };
            }
            Err(e) => {
                self.message = Some(e.to_string());
                if let Ok(p) = o.store.load() {
                    o.project = p.into();
                }
            }
        }
        o.revision = revision;
        o.file_revision = op.revision;
        if tables.contains(&"row_source")
            && let Ok(sources) = o.store.sources()
        {
            o.sources = sources.into();
        }
        // A book received is recorded in the same transaction (and stays when it is undone): a few rows.
        self.reload_books();
        self.follow_selected(selected);
        self.message = Some(op.label);
        self.last_saved = Some(clock());
    }

    /// The keys of the rows selected in each table and of the row the window's selection names by its place.
    fn selected_keys(&self) -> SelectedKeys {
        let Some(o) = &self.open else {
            return SelectedKeys::default();
        };
        let p = &o.project;
        let key = |kind, row| crate::exchange::sheet_rows::row_key(kind, p, row);
        SelectedKeys {
            tables: self
                .tables
                .iter()
                .filter(|(_, t)| !t.selected.is_empty())
                .map(|(kind, t)| (*kind, t.selected.iter().map(|&r| (r, key(*kind, r))).collect()))
                .collect(),
            row: match &self.selection {
                Some(Selection::Row(kind, row)) => Some((*kind, *row, key(*kind, *row))),
                _ => None,
            },
        }
    }

    /// Point the selection at the same rows as before a change: a row stays selected where its key is; one that
    /// moved is found by its key; one that is gone is no longer selected.
    fn follow_selected(&mut self, before: SelectedKeys) {
        let Some(o) = &self.open else { return };
        let p = &o.project;
        let key = |kind, row| crate::exchange::sheet_rows::row_key(kind, p, row);
        let place = |kind, row: usize, k: &Option<EntityKey>| -> Option<usize> {
            let k = k.as_ref()?;
            if key(kind, row).as_ref() == Some(k) {
                return Some(row);
            }
            (0..crate::exchange::sheet_rows::sheet_len(kind, p))
                .find(|&i| key(kind, i).as_ref() == Some(k))
        };
        let mut moved: Vec<(SheetKind, Vec<usize>)> = Vec::new();
        for (kind, rows) in &before.tables {
            let now: Vec<usize> = rows.iter().filter_map(|(r, k)| place(*kind, *r, k)).collect();
            if now.iter().ne(rows.iter().map(|(r, _)| r)) {
                moved.push((*kind, now));
            }
        }
        let row = before.row.map(|(kind, r, k)| (kind, place(kind, r, &k)));
        for (kind, now) in moved {
            self.tables_mut(kind).selected = now;
        }
        match row {
            Some((kind, Some(r))) => self.selection = Some(Selection::Row(kind, r)),
            Some((_, None)) => self.selection = None,
            None => {}
        }
    }

    /// The commands that edit the project.
    pub(crate) fn apply_edit(&mut self, ctx: &egui::Context, command: EditCmd) {
        let lang = self.lang;
        match command {
            EditCmd::Undo | EditCmd::Redo => self.step_back(command == EditCmd::Undo),
            EditCmd::Put { label, entity } => self.put(&label, *entity),
            EditCmd::Remove { label, key } => {
                let Some(o) = &self.open else { return };
                let change = edit::delete(&o.project, &key);
                self.change(&label, &change);
            }
            EditCmd::ApplyChange { label, change } => {
                self.change(&label, &change);
            }
            EditCmd::AddRoleModel => {
                let Some(party) = self.working_party() else {
                    return self.party_undecided(EditCmd::AddRoleModel.into());
                };
                let Some(o) = &self.open else { return };
                let x = edit::new_role_model(&o.project, &party);
                self.add(Text::RoleModels, Entity::RoleModel(Box::new(x)));
            }
            EditCmd::AddMembership(role_model, insurer, acquired_on, lost_on) => {
                let Some(o) = &self.open else { return };
                let Some(r) = o.project.role_models.iter().find(|r| r.key() == role_model) else {
                    return;
                };
                let x = edit::new_membership(&o.project, (r, insurer), (acquired_on, lost_on));
                self.add(Text::Memberships, Entity::Membership(x));
                self.selection = Some(Selection::RoleModel(role_model));
            }
            EditCmd::AddBenefit(role_model, start) => {
                let Some(o) = &self.open else { return };
                let Some(r) = o.project.role_models.iter().find(|r| r.key() == role_model) else {
                    return;
                };
                let x = edit::new_benefit(&o.project, r, start);
                self.add(Text::Benefits, Entity::Benefit(x));
                self.selection = Some(Selection::RoleModel(role_model));
            }
            EditCmd::AddScenario => {
                let Some(party) = self.working_party() else {
                    return self.party_undecided(EditCmd::AddScenario.into());
                };
                let Some(o) = &self.open else { return };
                let x = edit::new_scenario(&o.project, &party);
                self.add(Text::Scenario, Entity::Scenario(x));
            }
            // A new variation of the scenario, a new case of the variation (when it is still there).
            EditCmd::AddVariation(scenario) => {
                let Some(o) = &self.open else { return };
                let p = &o.project;
                if let Some(x) = p.scenarios.iter().find(|s| s.key() == scenario) {
                    self.add(Text::Variation, Entity::Variation(edit::new_variation(p, x)));
                }
            }
            EditCmd::AddTestCase(variation) => {
                let Some(o) = &self.open else { return };
                let p = &o.project;
                if let Some(x) = p.variations.iter().find(|v| v.key() == variation) {
                    let case = Box::new(edit::new_test_case(p, x));
                    self.add(Text::TestCase, Entity::TestCase(case));
                }
            }
            EditCmd::DuplicateTestCase(id) => {
                let Some(o) = &self.open else { return };
                let Some(c) = o.project.test_case(&id) else {
                    return;
                };
                let x = edit::duplicate_test_case(&o.project, c);
                let label = format!(
                    "{} {} → {}",
                    Text::Duplicate.get(lang),
                    self.named(&id.party, &id.id),
                    x.id
                );
                self.put(&label, Entity::TestCase(Box::new(x)));
            }
            EditCmd::AskDelete(s) => {
                self.confirm_delete = Some(crate::ui::shell::flows::DeleteAsk::new(s));
            }
            EditCmd::CancelDelete => self.confirm_delete = None,
            EditCmd::ConfirmDelete => self.confirm_delete_now(),
            EditCmd::AskRename(s) => {
                // The id alone (`S01`), never `002:S01`: the party is not the user's to type.
                let current = match &s {
                    Selection::Scenario(id) => id.id.to_string(),
                    Selection::Variation(id) => id.id.to_string(),
                    Selection::TestCase(id) => id.id.to_string(),
                    Selection::RoleModel(id) => id.id.to_string(),
                    Selection::Row(..) => return,
                };
                self.renaming = Some((s, current));
            }
            EditCmd::CancelRename => self.renaming = None,
            EditCmd::AskNewMaster(sheet) => {
                self.new_master = crate::ui::shell::flows::NewMaster::of_sheet(sheet);
            }
            EditCmd::CancelNewMaster => self.new_master = None,
            EditCmd::AskErase(key) => self.confirm_erase = Some(key),
            EditCmd::CancelErase => self.confirm_erase = None,
            EditCmd::ConfirmErase => self.erase_now(),
            EditCmd::Rename(new_id) => self.rename_now(&new_id),
            EditCmd::ApplyFix { label, fix } => {
                let Some(o) = &self.open else { return };
                let Some(fixed) = fix.changed(&o.project) else {
                    return;
                };
                let change = ChangeSet::put(&o.project, fixed);
                self.change(&label, &change);
            }
        }
        let _ = ctx;
    }

    /// Undo (or redo) the last operation, and say what it was.
    fn step_back(&mut self, undo: bool) {
        let Some(o) = &mut self.open else { return };
        let result = if undo {
            crate::store::transact::undo(&mut o.store)
        } else {
            crate::store::transact::redo(&mut o.store)
        };
        match result {
            Ok(Some(op)) => {
                let done = if undo { Text::Undone } else { Text::Redone };
                let label = op.label.clone();
                self.refresh(op);
                self.say(|l| format!("{}: {label}", done.get(l)));
            }
            Ok(None) => {
                let none = if undo { Text::NothingToUndo } else { Text::NothingToRedo };
                self.say(|l| none.get(l).to_string());
            }
            Err(e) => self.message = Some(e.to_string()),
        }
    }

    /// Save an entity (new or changed) as one operation; what was added or changed is selected, its parents open.
    pub(crate) fn put(&mut self, label: &str, mut entity: Entity) {
        // Typed or pasted text loses the control characters XML cannot carry, and the user is told.
        let removed = entity.strip_control();
        let select = match &entity {
            Entity::Scenario(x) => Some(Selection::Scenario(x.key())),
            Entity::Variation(x) => Some(Selection::Variation(x.key())),
            Entity::TestCase(x) => Some(Selection::TestCase(x.key())),
            Entity::RoleModel(x) => Some(Selection::RoleModel(x.key())),
            Entity::Institution(_)
            | Entity::Insurer(_)
            | Entity::Affair(_)
            | Entity::Procedure(_)
            | Entity::InfoKind(_)
            | Entity::InfoItem(_)
            | Entity::Membership(_)
            | Entity::Benefit(_)
            | Entity::Finding(_) => None,
        };
        let Some(o) = &self.open else { return };
        let change = ChangeSet::put(&o.project, entity);
        if !self.change(label, &change) {
            return;
        }
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
                        f.label(self.lang),
                        crate::domain::model::xml_name::code_points(chars)
                    )
                })
                .collect();
            let fields = fields.join(", ");
            self.say(|l| format!("{}: {fields}", Text::ControlCharactersRemoved.get(l)));
        }
    }

    /// Save a new entity as one operation, labelled "追加 <what> <key>".
    fn add(&mut self, what: Text, entity: Entity) {
        let key = match entity.party() {
            Some(party) => self.named(party, &entity.shown_key()),
            None => entity.shown_key(),
        };
        let label = format!("{} {} {key}", Text::Added.get(self.lang), what.get(self.lang),);
        self.put(&label, entity);
    }

    /// The key of a selected entity, and how to name it (with whose it is where two parties meet).
    pub(crate) fn key_of(&self, s: &Selection) -> Option<(EntityKey, String)> {
        Some(match s {
            Selection::Scenario(id) => {
                (EntityKey::Scenario(id.clone()), self.named(&id.party, &id.id))
            }
            Selection::Variation(id) => {
                (EntityKey::Variation(id.clone()), self.named(&id.party, &id.id))
            }
            Selection::TestCase(id) => {
                (EntityKey::TestCase(id.clone()), self.named(&id.party, &id.id))
            }
            Selection::RoleModel(id) => {
                (EntityKey::RoleModel(id.clone()), self.named(&id.party, &id.id))
            }
            Selection::Row(kind, i) => {
                let p = &self.open.as_ref()?.project;
                let e = crate::exchange::sheet_rows::sheet_entity(*kind, p, *i)?;
                let name = match e.party() {
                    Some(party) => self.named(party, &e.shown_key()),
                    None => e.shown_key(),
                };
                (e.key(), name)
            }
        })
    }

    /// A row's id with whose it is before it where two parties meet (`003 E市 S01-V01-T01`), else the id alone:
    /// how undo labels, dialogs and messages name a row.
    pub(crate) fn named(&self, party: &str, id: &str) -> String {
        match &self.open {
            Some(o) if o.parties().len() > 1 => {
                format!("{} {id}", crate::domain::model::names::party_label(&o.project, party))
            }
            _ => id.to_string(),
        }
    }

    /// Delete what the dialog asked about, with what belongs to it.
    fn confirm_delete_now(&mut self) {
        let Some(s) = self.confirm_delete.take().map(|ask| ask.selection) else {
            return;
        };
        let (Some((key, id)), Some(o)) = (self.key_of(&s), &self.open) else {
            return;
        };
        let label = format!("{} {id}", Text::Deleted.get(self.lang));
        let change = edit::delete(&o.project, &key);
        if self.change(&label, &change) && self.selection.as_ref() == Some(&s) {
            self.selection = None;
        }
    }

    /// Give what the rename dialog asked about its new id; what refers to it follows.
    fn rename_now(&mut self, new_id: &str) {
        let Some((s, _)) = self.renaming.take() else {
            return;
        };
        let (Some((key, old)), Some(o)) = (self.key_of(&s), &self.open) else {
            return;
        };
        let new_id = crate::exchange::cell::nfkc(new_id);
        let same = match &s {
            Selection::Scenario(k) => k.id.as_str() == new_id,
            Selection::Variation(k) => k.id.as_str() == new_id,
            Selection::TestCase(k) => k.id.as_str() == new_id,
            Selection::RoleModel(k) => k.id.as_str() == new_id,
            Selection::Row(..) => true,
        };
        if new_id.is_empty() || same {
            return;
        }
        let label = format!("{} {old} → {new_id}", Text::Rename.get(self.lang));
        let change = match edit::rename(&o.project, &key, &new_id) {
            Ok(c) => c,
            Err(e) => {
                self.message = Some(e.to_string());
                return;
            }
        };
        if self.change(&label, &change) {
            let renamed = match s {
                Selection::Scenario(k) => Selection::Scenario(Qualified::new(k.party, new_id)),
                Selection::Variation(k) => Selection::Variation(Qualified::new(k.party, new_id)),
                Selection::TestCase(k) => Selection::TestCase(Qualified::new(k.party, new_id)),
                Selection::RoleModel(k) => Selection::RoleModel(Qualified::new(k.party, new_id)),
                other => other,
            };
            self.reveal(&renamed);
            self.selection = Some(renamed);
        }
    }

    /// The party new scenarios and role models are added to (the party being worked on): the one the window is
    /// filtered to, else the project's only party, else its own body when that is not an insurer nor the Fund (a
    /// city's project). `None` when that is not decided — an insurer's project of several parties with none chosen, or a
    /// project with neither parties nor an own body: a row is never added to a party made up or left empty.
    pub(crate) fn working_party(&self) -> Option<InstitutionCode> {
        if let Some(p) = &self.party_filter {
            return Some(p.clone());
        }
        let o = self.open.as_ref()?;
        let p = &o.project;
        match o.parties().as_slice() {
            [one] => Some(one.clone()),
            [] if !p.own.is_empty()
                && !p.insurers.iter().any(|i| i.number.as_str() == p.own)
                && !p.institutions.iter().any(|i| {
                    i.code.as_str() == p.own
                        && i.kind != crate::domain::model::InstitutionKind::LocalGovernment
                }) =>
            {
                Some(p.own.as_str().into())
            }
            _ => None,
        }
    }

    /// What is done when a row is to be added and its party is not decided: the own body is asked for (then the
    /// command goes on) in a project with neither parties nor an own body, else the parties panel opens to choose.
    fn party_undecided(&mut self, then: crate::ui::kit::command::Command) {
        let nobody =
            self.own().is_empty() && self.open.as_ref().is_some_and(|o| o.parties().is_empty());
        if nobody {
            self.own_dialog = Some((String::new(), Some(then)));
        } else {
            self.views.set(ViewId::Parties, true);
            self.say(|l| Text::ChoosePartyFirst.get(l).to_string());
        }
    }

    /// What deleting a selection takes with it, for the dialog: (what, id, (variations, test cases, memberships,
    /// benefit records)).
    pub(crate) fn deleting(&self, s: &Selection) -> Option<crate::ui::shell::flows::Deleting> {
        let p = &self.open.as_ref()?.project;
        Some(match s {
            Selection::Scenario(id) => (
                Text::Scenario,
                self.named(&id.party, &id.id),
                edit::dependants(p, &EntityKey::Scenario(id.clone())),
            ),
            Selection::Variation(id) => (
                Text::Variation,
                self.named(&id.party, &id.id),
                edit::dependants(p, &EntityKey::Variation(id.clone())),
            ),
            Selection::TestCase(id) => {
                (Text::TestCase, self.named(&id.party, &id.id), (0, 0, 0, 0))
            }
            Selection::Row(kind, _) => (sheet_tab(*kind), self.key_of(s)?.1, (0, 0, 0, 0)),
            Selection::RoleModel(id) => (
                Text::RoleModels,
                self.named(&id.party, &id.id),
                edit::dependants(p, &EntityKey::RoleModel(id.clone())),
            ),
        })
    }
}
