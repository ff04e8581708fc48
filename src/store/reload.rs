//! Reading the project file into the project in memory: all of it, or only what an operation changed (the rows
//! updated in place, the rows added past the end of a table, or the whole of a table that lost rows).

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use crate::domain::model::columns::Row;
use crate::domain::model::kinds::EntityKind;
use crate::domain::model::*;

use super::schema::TABLES;
use super::undo::{Appended, OpChanges, Touched};
use super::{Store, StoreError, rows};

/// A table's rows on `conn`, selected with `tail` (its `WHERE` and `ORDER BY`), `tick` told of each (`false`:
/// cancelled).
fn read_rows<T: Row>(
    conn: &rusqlite::Connection,
    read: &rows::RowReader<T>,
    tail: &str,
    tick: &mut dyn FnMut() -> bool,
) -> Result<Vec<T>, StoreError> {
    let mut stmt = conn.prepare(&read.select(tail))?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(read.row(row)?);
        if !tick() {
            return Err(StoreError::Cancelled);
        }
    }
    Ok(out)
}

/// Every row in file order.
const FILE_ORDER: &str = "ORDER BY rowid";

/// The tables of the parties' rows: the large ones at national scale, read in part for a first frame
/// ([`Store::head`]) and only as asked by a command that needs some of them ([`Store::load_only`]).
/// They stand together in [`super::schema::TABLES`], from `scenario` to `benefit`.
const PARTY_TABLES: &[&str] = super::schema::TABLES.split_at(7).1.split_at(6).0;

/// What part of a table to read into its list.
enum Part<'a> {
    /// All of it.
    Whole,
    /// All of it, told row by row (`false` back: stop, cancelled).
    Counted(&'a mut dyn FnMut() -> bool),
    /// Its first rows, in file order (the window's first frame of a large project).
    Head(usize),
    /// These rows, into their places (with places they may stand at, tried first).
    Rows(&'a [i64], &'a [usize]),
    /// The rows from this row key on, onto the end.
    From(i64),
}

/// How a table's rows are read into their list: from a file row, and whether two are the same row (same key).
type RowRules<'a, T> = (&'a rows::RowReader<T>, fn(&T, &T) -> bool);

/// How many rows of a table are read between two reports of a counted load (a report is an atomic store and a
/// check of the cancel flag: cheap, but not per row).
const ROWS_PER_REPORT: usize = 4096;

impl Store {
    pub(super) fn load_table<T: Row>(
        &self,
        read: &rows::RowReader<T>,
    ) -> Result<Vec<T>, StoreError> {
        read_rows(&self.conn, read, FILE_ORDER, &mut || true)
    }

    /// Load the whole project into memory.
    pub fn load(&self) -> Result<Project, StoreError> {
        self.load_with(&mut |_, _| true)
    }

    /// Load the whole project into memory, reporting `progress(rows read, rows in all)` every few thousand rows;
    /// `false` back cancels ([`StoreError::Cancelled`]). Read in one read transaction, so that the rows are of
    /// one revision of the file.
    pub fn load_with(
        &self,
        progress: &mut dyn FnMut(usize, usize) -> bool,
    ) -> Result<Project, StoreError> {
        if !self.conn.is_autocommit() {
            // Inside a transaction of the caller's, which may be writing: read on this connection alone.
            return self.load_in(progress, false);
        }
        let tx = self.conn.unchecked_transaction()?;
        let project = self.load_in(progress, true)?;
        tx.commit()?;
        Ok(project)
    }

    /// [`Store::load_with`] inside a transaction already begun. `side_by_side`: the transaction only reads, so
    /// the memberships (the largest table) may be read at the same time on a second connection of their own,
    /// which sees the same revision: this connection holds its shared lock from its first read until the
    /// transaction ends, and no writer can commit meanwhile.
    pub(super) fn load_in(
        &self,
        progress: &mut dyn FnMut(usize, usize) -> bool,
        side_by_side: bool,
    ) -> Result<Project, StoreError> {
        let total = self.counts()?.total(); // the first read: from here on the file stays at this revision
        let second = if side_by_side { self.second_reader() } else { None };
        let (side_done, stop) = (AtomicUsize::new(0), AtomicBool::new(false));
        // The second connection says when it is done, so that the wait for it ends at once (a small project's is
        // over long before a report is due).
        let (finished, side_finished) = std::sync::mpsc::channel::<()>();
        std::thread::scope(|scope| {
            let side = second.map(|conn| {
                let (side_done, stop) = (&side_done, &stop);
                scope.spawn(move || -> Result<Vec<Membership>, StoreError> {
                    // Dropped when the thread ends, however it ends: the wait below ends with it.
                    let _finished = finished;
                    let tx = conn.unchecked_transaction()?;
                    let mut n = 0usize;
                    let rows = read_rows(&conn, &rows::MEMBERSHIP, FILE_ORDER, &mut || {
                        n += 1;
                        if n.is_multiple_of(ROWS_PER_REPORT) {
                            side_done.store(n, Ordering::Relaxed);
                        }
                        !stop.load(Ordering::Relaxed)
                    })?;
                    side_done.store(n, Ordering::Relaxed);
                    tx.commit()?;
                    Ok(rows)
                })
            });
            let mut project = Project::default();
            let mut done = 0usize;
            let read = {
                let mut tick = || {
                    done += 1;
                    !done.is_multiple_of(ROWS_PER_REPORT)
                        || progress(done + side_done.load(Ordering::Relaxed), total)
                };
                TABLES.iter().filter(|t| side.is_none() || **t != "membership").try_for_each(
                    |table| {
                        self.read_part(&mut project, table, Part::Counted(&mut tick)).map(|_| ())
                    },
                )
            };
            if read.is_err() {
                stop.store(true, Ordering::Relaxed);
            }
            if let Some(side) = side {
                // Reported while the second connection finishes (the window's progress bar keeps moving).
                while !side.is_finished() {
                    // Once told to stop, the caller is not asked again.
                    if !stop.load(Ordering::Relaxed)
                        && !progress(done + side_done.load(Ordering::Relaxed), total)
                    {
                        stop.store(true, Ordering::Relaxed);
                    }
                    let _ = side_finished.recv_timeout(std::time::Duration::from_millis(10));
                }
                let memberships = match side.join() {
                    Ok(rows) => rows,
                    Err(panic) => std::panic::resume_unwind(panic),
                };
                read?;
                project.memberships = memberships?;
            } else {
                read?;
            }
            progress(total, total);
            Ok(project)
        })
    }

    /// The project's name, masters and findings, and of its other lists only those of `kinds` (the others left
    /// empty), in one read transaction: what a command needing part of a project reads (`export --sheets`).
    pub fn load_only(&self, kinds: &[EntityKind]) -> Result<Project, StoreError> {
        let tx =
            self.conn.is_autocommit().then(|| self.conn.unchecked_transaction()).transpose()?;
        let mut project = Project::default();
        for table in TABLES {
            if PARTY_TABLES.contains(table) && !kinds.iter().any(|k| k.key() == *table) {
                continue;
            }
            self.read_part(&mut project, table, Part::Whole)?;
        }
        if let Some(tx) = tx {
            tx.commit()?;
        }
        Ok(project)
    }

    /// A second read-only connection to the project file (`None` for a store held in memory, or one that cannot
    /// be opened: then everything is read on the one connection).
    fn second_reader(&self) -> Option<rusqlite::Connection> {
        if self.conn.path().is_none_or(str::is_empty) {
            return None;
        }
        let conn = rusqlite::Connection::open_with_flags(
            &self.path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .ok()?;
        conn.busy_timeout(std::time::Duration::from_secs(30)).ok()?;
        Some(conn)
    }

    /// The project's name, owner and masters (whole: the code lists and drop-downs need them), and the first
    /// `rows` rows of every other table in file order: what the window shows at once of a project too large to
    /// read before its first frame. The rows are the first of what [`Store::load`] reads, at the same places.
    pub fn head(&self, rows: usize) -> Result<Project, StoreError> {
        let mut project = Project::default();
        for table in TABLES {
            // The findings too can be many; the masters are read whole (the code lists and drop-downs need them).
            let part = if PARTY_TABLES.contains(table) || *table == "finding" {
                Part::Head(rows)
            } else {
                Part::Whole
            };
            self.read_part(&mut project, table, part)?;
        }
        Ok(project)
    }

    /// Read a table into its list of `project` (`meta`: the name): the given rows into their places (returned),
    /// or all of it (nothing returned).
    pub(super) fn read_into(
        &self,
        project: &mut Project,
        table: &str,
        rows: Option<&[i64]>,
        hints: &[usize],
    ) -> Result<Vec<usize>, StoreError> {
        self.read_part(
            project,
            table,
            match rows {
                Some(r) => Part::Rows(r, hints),
                None => Part::Whole,
            },
        )
    }

    /// Read the rows from `first` (a row key) on, added past the end of a table, onto the end of its list.
    pub(super) fn read_appended(
        &self,
        project: &mut Project,
        table: &str,
        first: i64,
    ) -> Result<(), StoreError> {
        self.read_part(project, table, Part::From(first)).map(|_| ())
    }

    /// How many rows a table's list in `project` holds (`None` for a table not held as a list).
    pub(super) fn listed(&self, p: &Project, table: &str) -> Option<usize> {
        Some(match table {
            "institution" => p.institutions.len(),
            "insurer" => p.insurers.len(),
            "affair" => p.affairs.len(),
            "procedure" => p.procedures.len(),
            "info_kind" => p.info_kinds.len(),
            "info_item" => p.info_items.len(),
            "scenario" => p.scenarios.len(),
            "variation" => p.variations.len(),
            "test_case" => p.test_cases.len(),
            "role_model" => p.role_models.len(),
            "membership" => p.memberships.len(),
            "benefit" => p.benefits.len(),
            "finding" => p.findings.len(),
            _ => return None,
        })
    }

    fn read_part(
        &self,
        project: &mut Project,
        table: &str,
        part: Part,
    ) -> Result<Vec<usize>, StoreError> {
        Ok(match table {
            "meta" => {
                project.name = self.name()?;
                project.own = self.own()?;
                Vec::new()
            }
            "finding" => self.refresh(
                table,
                &mut project.findings,
                (&rows::FINDING, |a, b| a.id == b.id),
                part,
            )?,
            "institution" => self.refresh(
                table,
                &mut project.institutions,
                (&rows::INSTITUTION, |a, b| a.code == b.code),
                part,
            )?,
            "insurer" => self.refresh(
                table,
                &mut project.insurers,
                (&rows::INSURER, |a, b| a.number == b.number),
                part,
            )?,
            "affair" => self.refresh(
                table,
                &mut project.affairs,
                (&rows::AFFAIR, |a, b| a.code == b.code),
                part,
            )?,
            "procedure" => self.refresh(
                table,
                &mut project.procedures,
                (&rows::PROCEDURE, |a, b| a.code == b.code),
                part,
            )?,
            "info_kind" => self.refresh(
                table,
                &mut project.info_kinds,
                (&rows::INFO_KIND, |a, b| a.code == b.code),
                part,
            )?,
            "info_item" => self.refresh(
                table,
                &mut project.info_items,
                (&rows::INFO_ITEM, |a, b| a.code == b.code),
                part,
            )?,
            "scenario" => self.refresh(
                table,
                &mut project.scenarios,
                (&rows::SCENARIO, |a, b| a.party == b.party && a.id == b.id),
                part,
            )?,
            "variation" => self.refresh(
                table,
                &mut project.variations,
                (&rows::VARIATION, |a, b| a.party == b.party && a.id == b.id),
                part,
            )?,
            "test_case" => self.refresh(
                table,
                &mut project.test_cases,
                (&rows::TEST_CASE, |a, b| a.party == b.party && a.id == b.id),
                part,
            )?,
            "role_model" => self.refresh(
                table,
                &mut project.role_models,
                (&rows::ROLE_MODEL, |a, b| a.party == b.party && a.id == b.id),
                part,
            )?,
            "membership" => self.refresh(
                table,
                &mut project.memberships,
                (&rows::MEMBERSHIP, |a, b| a.id == b.id),
                part,
            )?,
            "benefit" => self.refresh(
                table,
                &mut project.benefits,
                (&rows::BENEFIT, |a, b| a.id == b.id),
                part,
            )?,
            // Kept beside the project, not in it: see `Store::sources`.
            "source_sheet" | "row_source" => Vec::new(),
            other => return Err(StoreError::Corrupt(format!("no such table: {other}"))),
        })
    }

    /// [`Store::reload`] for the last operation, undo or redo.
    pub fn reload_touched(
        &self,
        project: &mut Project,
    ) -> Result<Vec<(&'static str, usize)>, StoreError> {
        let (touched, appended) = self.resolve(&self.touched)?;
        self.reload_changed(project, (&touched, &appended), &[])
    }

    /// Bring `project` (what the file held before the operation) up to date by reading only what `op` changed:
    /// the rows updated in place, the rows added past the end of a table, or the whole of a table that lost rows.
    /// Rows are in file order, so a row's place in its list is the number of rows before it. Returns the rows
    /// read in place, by table and place.
    pub fn reload(
        &self,
        project: &mut Project,
        op: &OpChanges,
    ) -> Result<Vec<(&'static str, usize)>, StoreError> {
        let (touched, appended) = self.resolve_op(op)?;
        self.reload_changed(project, (touched, appended), &op.places)
    }

    pub(super) fn reload_changed(
        &self,
        project: &mut Project,
        (touched, appended): (&[Touched], &[Appended]),
        places: &[(&'static str, usize)],
    ) -> Result<Vec<(&'static str, usize)>, StoreError> {
        let mut in_place = Vec::new();
        for t in touched {
            let hints: Vec<usize> =
                places.iter().filter(|(table, _)| *table == t.table).map(|(_, at)| *at).collect();
            let found = match (&t.updated_rows, appended.iter().find(|a| a.table == t.table)) {
                (None, Some(a)) => match self.append_into(project, a, &hints)? {
                    Some(places) => places,
                    None => self.read_into(project, t.table, None, &[])?,
                },
                (rows, _) => self.read_into(project, t.table, rows.as_deref(), &hints)?,
            };
            in_place.extend(found.into_iter().map(|at| (t.table, at)));
        }
        Ok(in_place)
    }

    /// Take rows added past the end of a table into its list (and its updated rows in place): `None` when the
    /// list does not end where the new rows start (then the table is read whole).
    pub(super) fn append_into(
        &self,
        project: &mut Project,
        a: &Appended,
        hints: &[usize],
    ) -> Result<Option<Vec<usize>>, StoreError> {
        let first_new = a.inserted.iter().copied().min().unwrap_or(i64::MAX);
        if a.updated.iter().any(|r| *r >= first_new) {
            return Ok(None);
        }
        let before: i64 = self.conn.query_row(
            &format!("SELECT count(*) FROM {} WHERE rowid < ?1", a.table),
            [first_new],
            |r| r.get(0),
        )?;
        let now: i64 =
            self.conn.query_row(&format!("SELECT count(*) FROM {}", a.table), [], |r| r.get(0))?;
        let listed = self.listed(project, a.table);
        if listed != Some(before as usize) || now - before != a.inserted.len() as i64 {
            return Ok(None);
        }
        let places = self.read_into(project, a.table, Some(&a.updated), hints)?;
        self.read_appended(project, a.table, first_new)?;
        Ok(Some(places))
    }

    /// Read again the given rows of a table into their places in `list` (returned), the rows past its end, or the
    /// whole table (nothing returned).
    fn refresh<T: Row>(
        &self,
        table: &str,
        list: &mut Vec<T>,
        (read, same): RowRules<T>,
        part: Part,
    ) -> Result<Vec<usize>, StoreError> {
        let rows = match part {
            Part::Whole => {
                *list = self.load_table(read)?;
                return Ok(Vec::new());
            }
            Part::Counted(tick) => {
                *list = read_rows(&self.conn, read, FILE_ORDER, tick)?;
                return Ok(Vec::new());
            }
            Part::Head(n) => {
                let first = format!("{FILE_ORDER} LIMIT {n}");
                *list = read_rows(&self.conn, read, &first, &mut || true)?;
                return Ok(Vec::new());
            }
            Part::From(first) => {
                let mut stmt =
                    self.conn.prepare_cached(&read.select("WHERE rowid >= ?1 ORDER BY rowid"))?;
                let mut found = stmt.query([first])?;
                while let Some(row) = found.next()? {
                    list.push(read.row(row)?);
                }
                return Ok(Vec::new());
            }
            Part::Rows(rows, hints) => (rows, hints),
        };
        let (rows, hints) = rows;
        let mut place =
            self.conn.prepare_cached(&format!("SELECT count(*) FROM {table} WHERE rowid < ?1"))?;
        let mut row = self.conn.prepare_cached(&read.select("WHERE rowid = ?1"))?;
        let mut places = Vec::with_capacity(rows.len());
        for &r in rows {
            let mut found = row.query([r])?;
            let Some(x) = found.next()? else {
                // The list does not match the file: read the table whole.
                drop(found);
                *list = self.load_table(read)?;
                return Ok(Vec::new());
            };
            let updated = read.row(x)?;
            drop(found);
            // Its place: the row of the same key (one scan of the list, cheaper than counting the rows before it
            // in the file), or, for a row whose key changed, the number of rows before it.
            let at = match hints
                .iter()
                .copied()
                .find(|&at| list.get(at).is_some_and(|old| same(old, &updated)))
                .or_else(|| list.iter().position(|old| same(old, &updated)))
            {
                Some(at) => at,
                None => place.query_row([r], |x| x.get::<_, i64>(0))? as usize,
            };
            match list.get_mut(at) {
                Some(slot) => {
                    *slot = updated;
                    places.push(at);
                }
                None => {
                    *list = self.load_table(read)?;
                    return Ok(Vec::new());
                }
            }
        }
        Ok(places)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_party_tables_are_those_from_scenario_to_benefit() {
        assert_eq!(
            super::PARTY_TABLES,
            ["scenario", "variation", "test_case", "role_model", "membership", "benefit"]
        );
    }
}
