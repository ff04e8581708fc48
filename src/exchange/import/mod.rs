//! Importing the exchange workbook: the sheets read by `read` become a proposed project, read row by row with the
//! columns' rules (`cell`) and every problem located; the change against the current project is worked out field by
//! field (a `ChangeSet`, which the store applies as one transaction and one undo step), with where each row came from
//! (`domain::source`).
//!
//! An import error is only a value the project file cannot hold (docs/exchange-format.md, "What stops an import, and what becomes a finding"): a
//! cell not of its column's type, a required cell empty, a key twice, a membership's or benefit record's role model
//! nowhere. Every rule the checker judges is imported as it is and left to the check, so the import never reports
//! a rule itself: each rule's severity is the check's alone.
//!
//! References across sheets resolve in any order: sheets are built masters first (codes, institutions, insurers),
//! then people (role models, memberships, benefit records), then test cases, whatever their order in the book.
//! One file per sheet below.

mod bodies;
mod codes;
mod findings;
mod parties;
mod party;
mod people;
mod test_cases;

use std::hash::Hash;
use std::path::Path;

use foldhash::{HashMap, HashMapExt, HashSet};

use crate::domain::check::EntityKind;
use crate::domain::coordination::source::{RowSource, SourceSheet, Sources};
use crate::domain::model::field::Field;
use crate::domain::model::message::Message;
use crate::domain::model::names::Ambiguity;
use crate::domain::model::*;

pub use crate::domain::coordination::change::{ChangeEntry, ChangeKind, ChangeSet, FieldChange};

use super::cell::{self, Notes, Unknown};
use super::read::{Level, Problem, ReadError, RowReader, SheetTable, WorkbookTables, read_tables};
use super::sheets::SheetKind;

/// How an import treats what the book does not list, and whose book it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportOptions {
    /// A sheet present in the book is the whole list of its kind within the book's party: the party's rows of
    /// that kind the sheet does not hold are removed (other parties' rows and the masters never are). Off: the
    /// book only adds and changes.
    pub remove_missing: bool,
    /// The book's party, when the user names it (`--party`): needed for a book whose test cases name several
    /// requesters or that has none; it wins over the requester the cases name.
    pub party: Option<InstitutionCode>,
    /// The limits the book is held to while it is read.
    pub limits: crate::exchange::read::Limits,
    /// Whether the proposal keeps the project the import would give ([`Proposal::result`]). A caller that only
    /// shows and applies the change (the window; the command line when it writes) lets it go: the change then
    /// takes the result's rows instead of copying them, where a national book would be held twice.
    pub keep_result: bool,
    /// The password of a protected book (none: a protected book is refused, saying it needs one).
    pub password: Option<String>,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            remove_missing: true,
            party: None,
            limits: Default::default(),
            keep_result: true,
            password: None,
        }
    }
}

/// The change from one project to another (see [`ChangeSet::between`]).
pub fn compute_change(base: &Project, result: &Project) -> ChangeSet {
    ChangeSet::between(base, result)
}

/// What a workbook would do to a project: the problems found, the project it would give and the change.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    /// Every problem, errors first, then in book order.
    pub problems: Vec<Problem>,
    /// The sheets recognised.
    pub sheets: Vec<SheetKind>,
    /// The project after the import (empty unless [`ImportOptions::keep_result`]).
    pub result: Project,
    /// The change from the current project to `result`.
    pub change: ChangeSet,
    /// Where each row the book gives came from (kept in the project file with the change, so the check can name
    /// the cell).
    pub sources: Sources,
    /// The book's party (none for a book of masters alone).
    pub party: Option<InstitutionCode>,
    /// When the party cannot be told from the book: the requesters its test cases name (empty when it has none),
    /// for the user to choose from; the import waits for `--party`.
    pub party_candidates: Vec<InstitutionCode>,
}

impl Proposal {
    /// Whether any error stops the import.
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(|p| p.level == Level::Error)
    }

    /// How many errors and warnings.
    pub fn counts(&self) -> (usize, usize) {
        let e = self.problems.iter().filter(|p| p.level == Level::Error).count();
        (e, self.problems.len() - e)
    }
}

/// The masters (機関, 保険者, the code masters) of a workbook, read as an import into an empty project: what a new
/// project may start from. A book whose reading has errors gives none, but its problems at their cells.
pub fn masters_of_book(
    path: &Path,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<Project, MastersError> {
    let options = ImportOptions { keep_result: true, ..Default::default() };
    let proposal = propose(path, &Project::default(), options, progress)?;
    if proposal.has_errors() {
        let lines =
            super::read::problem_lines(&proposal.problems, crate::domain::model::message::Lang::Ja);
        return Err(MastersError::Problems { path: crate::platform::shown(path), lines });
    }
    Ok(proposal.result.into_masters())
}

/// Why a workbook gave no masters.
#[derive(Debug, thiserror::Error)]
pub enum MastersError {
    /// It could not be read (or the reading was cancelled).
    #[error(transparent)]
    Read(#[from] ReadError),
    /// It was read with errors: each at its cell.
    #[error("{path} のマスタを読めません / cannot read the masters of {path}:\n{}", .lines.join("\n"))]
    Problems {
        /// The book.
        path: String,
        /// Its problems, one a line.
        lines: Vec<String>,
    },
}

/// Read a workbook into a proposed change to `base`. `progress(done, total)` reports reading; returning `false`
/// cancels.
pub fn propose(
    path: &Path,
    base: &Project,
    options: ImportOptions,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<Proposal, ReadError> {
    // A protected book is read from its decrypted copy (the user's alone, removed once read).
    let decrypted = if crate::exchange::protect::is_protected(path) {
        Some(crate::exchange::protect::decrypted(path, options.password.as_deref()).map_err(
            |e| ReadError::Protected { path: crate::platform::shown(path), why: e.to_string() },
        )?)
    } else {
        None
    };
    let read_from = decrypted.as_ref().map_or(path, |d| d.path());
    let tables = read_tables(read_from, &options.limits, progress)?;
    drop(decrypted);
    Ok(propose_from_tables(tables, base, options))
}

/// An import under way: the book's sheets (each kind's rows let go of once read), the project it starts from, and
/// what it has made so far.
struct Import<'a> {
    tables: WorkbookTables,
    base: &'a Project,
    options: ImportOptions,
    /// The party whose rows the book gives (empty for a book of masters alone).
    party: InstitutionCode,
    /// The project as the sheets read so far leave it (but for the kinds still `pending`).
    result: Project,
    /// The kinds of rows the result does not hold yet.
    pending: Pending,
    problems: Vec<Problem>,
    sources: SourceLog,
}

/// The kinds of rows of people and test cases the result does not hold yet: until a sheet of the book combines
/// them with its own (or the book is read), they are the base's, of the people the result keeps. They are copied
/// only then, kind by kind, and only the rows kept: a national project is not held twice while a book is read
/// into it.
struct Pending {
    role_models: bool,
    memberships: bool,
    benefits: bool,
    test_cases: bool,
    /// The people the result keeps, once the role model sheet has said (their memberships and benefit records
    /// are kept; another person's are gone with the person). `None`: every person.
    people: Option<HashSet<(InstitutionCode, RoleModelId)>>,
}

/// Whether the result keeps this person ([`Pending::people`]).
fn keeps(
    people: &Option<HashSet<(InstitutionCode, RoleModelId)>>,
    party: &InstitutionCode,
    role_model: &RoleModelId,
) -> bool {
    people.as_ref().is_none_or(|p| p.contains(&(party.clone(), role_model.clone())))
}

/// The base's project but for the kinds [`Pending`] holds back.
fn without_pending(base: &Project) -> Project {
    // Every field named, so that a new one is not forgotten here.
    let Project {
        name,
        own,
        institutions,
        insurers,
        affairs,
        procedures,
        info_kinds,
        info_items,
        scenarios,
        variations,
        test_cases: _,
        role_models: _,
        memberships: _,
        benefits: _,
        findings,
    } = base;
    Project {
        name: name.clone(),
        own: own.clone(),
        institutions: institutions.clone(),
        insurers: insurers.clone(),
        affairs: affairs.clone(),
        procedures: procedures.clone(),
        info_kinds: info_kinds.clone(),
        info_items: info_items.clone(),
        scenarios: scenarios.clone(),
        variations: variations.clone(),
        test_cases: Vec::new(),
        role_models: Vec::new(),
        memberships: Vec::new(),
        benefits: Vec::new(),
        findings: findings.clone(),
    }
}

/// A kind's rows as they stand before a sheet combines them with its own: the result's, or while the kind is
/// pending (`pending` is cleared), the base's the result keeps (`keep`).
fn current<'b, T>(
    pending: &mut bool,
    own: &mut Vec<T>,
    base: &'b [T],
    keep: &'b dyn Fn(&T) -> bool,
) -> Current<'b, T> {
    if std::mem::take(pending) {
        Current::Base(base, keep)
    } else {
        Current::Own(std::mem::take(own))
    }
}

/// See [`current`].
enum Current<'b, T> {
    Own(Vec<T>),
    Base(&'b [T], &'b dyn Fn(&T) -> bool),
}

impl<'a> Import<'a> {
    /// The role models, if still pending, as the base has them (what memberships, benefit records and test
    /// cases are read against).
    fn settle_role_models(&mut self) {
        if std::mem::take(&mut self.pending.role_models) {
            self.result.role_models = self.base.role_models.clone();
        }
    }

    /// Every kind still pending, as the base has it (of the people kept): the result whole, for what reads it
    /// (the findings' targets, the change).
    fn settle(&mut self) {
        self.settle_role_models();
        let (base, pending, result) = (self.base, &mut self.pending, &mut self.result);
        if std::mem::take(&mut pending.memberships) {
            result.memberships = (base.memberships.iter())
                .filter(|m| keeps(&pending.people, &m.party, &m.role_model))
                .cloned()
                .collect();
        }
        if std::mem::take(&mut pending.benefits) {
            result.benefits = (base.benefits.iter())
                .filter(|b| keeps(&pending.people, &b.party, &b.role_model))
                .cloned()
                .collect();
        }
        if std::mem::take(&mut pending.test_cases) {
            result.test_cases = base.test_cases.clone();
        }
    }

    /// Whether the book has a sheet of this kind.
    fn present(&self, kind: SheetKind) -> bool {
        self.tables.sheets.iter().any(|t| t.kind == kind)
    }

    /// Whether the sheet of this kind is the whole list of its kind in the party (unlisted rows are removed).
    fn whole(&self, kind: SheetKind) -> bool {
        self.options.remove_missing && self.present(kind)
    }

    /// Let go of the rows of this kind's sheets, read for good: the project the book makes takes their room (a
    /// national book's 加入歴 is 300,000 rows of text).
    fn done_with(&mut self, kind: SheetKind) {
        for t in self.tables.sheets.iter_mut().filter(|t| t.kind == kind) {
            t.clear_rows();
        }
    }

    /// Whether a row belongs to the book's party.
    fn ours(&self, party: &InstitutionCode) -> bool {
        *party == self.party
    }

    /// Every row of one kind's sheets, read by `read` (`None`: the row cannot be held, its problems said). A
    /// key's first row is kept (a later one is reported), recorded with where it came from; in book order.
    fn read_rows<T, K: Eq + Hash, E>(
        &mut self,
        kind: &RowKind<T, K, E>,
        mut read: impl FnMut(&mut RowReader) -> Option<T>,
    ) -> Vec<E> {
        let mut seen = Seen::new();
        let mut incoming = Vec::new();
        for t in self.tables.sheets.iter().filter(|t| t.kind == kind.sheet) {
            // Room for the sheet's rows and sources at once, not grown by doubling (a national book has 600,000).
            incoming.reserve_exact(t.row_count());
            if kind.entity.is_some() {
                self.sources.sources.rows.reserve(t.row_count());
            }
            for (row, cells) in t.rows() {
                let mut r = RowReader { table: t, row, cells, problems: &mut self.problems };
                let Some(x) = read(&mut r) else { continue };
                let (field, what) = kind.duplicate;
                if !seen.first_time((kind.key)(&x), t, &mut r, field, what) {
                    continue;
                }
                let Some(e) = (kind.hold)(x) else { continue };
                if let Some(entity) = kind.entity {
                    let (key, digest) = (kind.source)(&e);
                    self.sources.record(t, row, entity, key, digest);
                }
                incoming.push(e);
            }
        }
        incoming
    }
}

/// What the reading loop of one kind of sheet needs to know (see [`Import::read_rows`]).
struct RowKind<T, K, E> {
    sheet: SheetKind,
    /// The kind of row its source is recorded as (none: not recorded).
    entity: Option<EntityKind>,
    /// A row's key, to find a second row of it.
    key: fn(&T) -> K,
    /// Where a second row of a key is reported, and what the key is called.
    duplicate: (Field, &'static str),
    /// The row's entity once its key is known to be new (`None`: the row cannot be held; its problem is said).
    hold: fn(T) -> Option<E>,
    /// The key its source is recorded under, and its digest.
    source: fn(&E) -> (String, u64),
}

/// Build the proposal from sheets already read: one party's book, or a whole book of several parties (its 団体
/// column), each party's rows given to that party.
pub fn propose_from_tables(
    tables: WorkbookTables,
    base: &Project,
    options: ImportOptions,
) -> Proposal {
    match parties::of_whole_book(&tables) {
        Some(found) if found.len() > 1 || options.party.is_some() => {
            parties::propose_whole_book(tables, base, options, found)
        }
        _ => propose_party_book(tables, base, options),
    }
}

/// The proposal of one party's book (or a book of masters alone).
fn propose_party_book(tables: WorkbookTables, base: &Project, options: ImportOptions) -> Proposal {
    let sheets: Vec<SheetKind> = {
        let mut v: Vec<SheetKind> = tables.sheets.iter().map(|t| t.kind).collect();
        v.dedup();
        v
    };
    let problems = tables.problems.clone();
    let keep_result = options.keep_result;
    let mut i = Import {
        tables,
        base,
        options,
        party: InstitutionCode::default(),
        result: without_pending(base),
        pending: Pending {
            role_models: true,
            memberships: true,
            benefits: true,
            test_cases: true,
            people: None,
        },
        problems,
        sources: SourceLog::default(),
    };
    codes::read(&mut i);
    bodies::read_institutions(&mut i);
    bodies::read_insurers(&mut i);
    let (party, party_candidates) = match party::of_book(&mut i) {
        Ok(party) => (party, Vec::new()),
        Err(candidates) => (None, candidates),
    };
    if let Some(party) = &party {
        i.party = party.clone();
        people::read_role_models(&mut i);
        i.done_with(SheetKind::RoleModels);
        i.settle_role_models();
        people::read_memberships(&mut i);
        i.done_with(SheetKind::Memberships);
        people::read_benefits(&mut i);
        i.done_with(SheetKind::Benefits);
        test_cases::read(&mut i);
        i.done_with(SheetKind::TestCases);
    }
    i.settle();
    findings::read(&mut i);
    let Import { tables, result, problems, sources, .. } = i;
    let mut proposal =
        finish(&tables.order, base, result, (problems, sheets, sources.sources), keep_result);
    proposal.party = party;
    proposal.party_candidates = party_candidates;
    proposal
}

/// The proposal from the project a book gives: its problems in order (errors first, then in book order), the
/// change from `base` with the rules of a book applied, the rows named as the contract names them.
fn finish(
    order: &[String],
    base: &Project,
    mut result: Project,
    (mut problems, sheets, sources): (Vec<Problem>, Vec<SheetKind>, Sources),
    keep_result: bool,
) -> Proposal {
    // Errors first, then in book order: sheet, row, column.
    let sheet_at = |name: &str| order.iter().position(|n| n == name).unwrap_or(usize::MAX);
    problems.sort_by_key(|p| (p.level, sheet_at(&p.sheet), p.position()));
    // What it lists is named as the contract names rows: ID, or 機関コード:ID where two parties use the ID (in
    // the project it starts from, or in the one it gives).
    let ambiguous = [Ambiguity::of(base), Ambiguity::of(&result)];
    let change = if keep_result {
        ChangeSet::between(base, &result)
    } else {
        ChangeSet::between_taking(base, std::mem::take(&mut result))
    };
    // A case the book changes after its state was set is to be checked again (unless the book sets the state).
    let (mut change, rechecked) = crate::domain::coordination::rules::for_book(
        base,
        change,
        crate::domain::date::Date::today(),
    );
    for names in &ambiguous {
        change.name_keys(base, names);
    }
    if keep_result && !rechecked.is_empty() {
        // Found by key once: a whole book may send every case back to 再確認待ち.
        let at: foldhash::HashMap<(String, String), usize> = result
            .test_cases
            .iter()
            .enumerate()
            .map(|(i, x)| ((x.party.to_string(), x.id.to_string()), i))
            .collect();
        for c in rechecked {
            if let Some(&i) = at.get(&(c.party.to_string(), c.id.to_string())) {
                result.test_cases[i] = c;
            }
        }
    }
    Proposal {
        problems,
        sheets,
        result,
        change,
        sources,
        party: None,
        party_candidates: Vec::new(),
    }
}

/// The rows of a list by their key (borrowed from the rows where it can be). A sheet's reader lets go of it once
/// its rows are read, before the lists are combined: at national scale it is a map of 300,000 keys.
fn by_key<'a, T, K: Eq + Hash>(items: &'a [T], key: impl Fn(&'a T) -> K) -> HashMap<K, &'a T> {
    items.iter().map(|x| (key(x), x)).collect()
}

/// Combine a party's rows of a kind with the rows a book gives for them ([`combine`]); the other parties' rows
/// stay as they are, before them. The current rows are taken (the result's) or copied as they are kept (the
/// base's).
fn combine_in_party<T: Clone, K: Eq + Hash>(
    current: Current<T>,
    incoming: Vec<T>,
    by: (impl Fn(&T) -> K, impl Fn(&T) -> bool),
    whole: bool,
    keep_unlisted: impl Fn(&T) -> bool,
) -> Vec<T> {
    match current {
        Current::Own(rows) => {
            combine_in_party_with(rows, incoming, by, whole, keep_unlisted, |x| x)
        }
        Current::Base(rows, keep) => {
            let kept = rows.iter().filter(|x| keep(x));
            combine_in_party_with(kept, incoming, by, whole, keep_unlisted, T::clone)
        }
    }
}

/// [`combine_in_party`] of current rows each made a row of the result by `owned` (taken, or copied).
fn combine_in_party_with<C: std::borrow::Borrow<T>, T: Clone, K: Eq + Hash>(
    current: impl IntoIterator<Item = C>,
    incoming: Vec<T>,
    (key, in_party): (impl Fn(&T) -> K, impl Fn(&T) -> bool),
    whole: bool,
    keep_unlisted: impl Fn(&T) -> bool,
    owned: impl Fn(C) -> T,
) -> Vec<T> {
    let (mut ours, mut out) = (Vec::new(), Vec::new());
    for x in current {
        if in_party(x.borrow()) {
            ours.push(x);
        } else {
            out.push(owned(x));
        }
    }
    out.extend(combine_with(ours, incoming, key, whole, keep_unlisted, owned));
    out
}

/// Combine a kind's current list (the result's so far, taken: its rows move, not copied) with the rows a book
/// gives for it ([`combine_with`]).
fn combine<T: Clone, K: Eq + Hash>(
    current: Vec<T>,
    incoming: Vec<T>,
    key: impl Fn(&T) -> K,
    whole: bool,
    keep_unlisted: impl Fn(&T) -> bool,
) -> Vec<T> {
    combine_with(current, incoming, key, whole, keep_unlisted, |x| x)
}

/// Combine a kind's current rows (each made a row of the result by `owned`: taken, or copied) with the rows a
/// book gives for it: the book's rows in its order then the kept rows (`whole`), or the current rows with the
/// book's in their places and its new ones after.
fn combine_with<C: std::borrow::Borrow<T>, T: Clone, K: Eq + Hash>(
    current: Vec<C>,
    incoming: Vec<T>,
    key: impl Fn(&T) -> K,
    whole: bool,
    keep_unlisted: impl Fn(&T) -> bool,
    owned: impl Fn(C) -> T,
) -> Vec<T> {
    if current.is_empty() {
        return incoming;
    }
    let listed: HashMap<K, usize> = incoming.iter().enumerate().map(|(i, x)| (key(x), i)).collect();
    if whole {
        let kept = current
            .into_iter()
            .filter(|x| keep_unlisted(x.borrow()) && !listed.contains_key(&key(x.borrow())))
            .map(owned);
        let mut out = incoming;
        out.extend(kept);
        out
    } else {
        let mut used = vec![false; incoming.len()];
        let mut out: Vec<T> = current
            .into_iter()
            .map(|x| match listed.get(&key(x.borrow())) {
                Some(&i) => {
                    used[i] = true;
                    incoming[i].clone()
                }
                None => owned(x),
            })
            .collect();
        out.extend(incoming.into_iter().zip(used).filter(|(_, u)| !u).map(|(x, _)| x));
        out
    }
}

/// Reports a key seen twice in a kind's sheets.
struct Seen<'t, K> {
    /// Where each key was first seen (formatted only for a duplicate).
    first: HashMap<K, (&'t SheetTable, u32)>,
}

impl<'t, K: Eq + Hash> Seen<'t, K> {
    fn new() -> Self {
        Seen { first: HashMap::new() }
    }

    /// True when new; otherwise reports the duplicate at `field`.
    fn first_time(
        &mut self,
        key: K,
        table: &'t SheetTable,
        r: &mut RowReader,
        field: Field,
        what: &str,
    ) -> bool {
        if let Some(&(first, row)) = self.first.get(&key) {
            let prev = format!("{}!{}", first.name, first.cell(row, field).unwrap_or_default());
            r.problem(
                Level::Error,
                field,
                Message::new(
                    format!("{what}が重複しています（{prev} と同じ）。一意である必要があります"),
                    format!("duplicate {what} (also at {prev}): it must be unique"),
                ),
            );
            false
        } else {
            self.first.insert(key, (table, r.row));
            true
        }
    }
}

/// A required reference to a code the project or the book defines ([`cell::reference`]), placed at its cell.
fn reference(
    r: &mut RowReader,
    field: Field,
    known: &HashSet<&str>,
    what: &str,
    unknown: Unknown,
) -> String {
    let mut notes = Notes::default();
    let value = cell::reference(
        r.raw(field),
        field,
        &|c| known.contains(c),
        &|bare| cell::digit_codes_like(known.iter().copied(), bare),
        what,
        unknown,
        &mut notes,
    );
    r.report(field, notes.0);
    value
}

/// The sources of the rows a book gives, collected while its sheets are read.
#[derive(Default)]
struct SourceLog {
    sources: Sources,
}

impl SourceLog {
    /// Row `row` (0-based) of sheet `t` gave this entity.
    fn record(&mut self, t: &SheetTable, row: u32, entity: EntityKind, key: String, digest: u64) {
        let sheet = match self.sources.sheets.iter().position(|s| s.name == t.name) {
            Some(i) => i,
            None => {
                self.sources.sheets.push(SourceSheet {
                    name: t.name.clone(),
                    columns: t
                        .kind
                        .headers()
                        .iter()
                        .zip(&t.columns)
                        .filter_map(|((h, _), c)| Some((h.to_string(), (*c)?)))
                        .collect(),
                });
                self.sources.sheets.len() - 1
            }
        };
        self.sources.rows.insert((entity, key.into()), RowSource { sheet, row: row + 1, digest });
    }
}
