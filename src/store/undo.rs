//! Undo and redo over operations, and what each changed. Temporary triggers (connection-local, in memory) write
//! the SQL that reverses every row change into a temporary log; one operation's entries form one undo step.
//! Undoing runs them backwards in one transaction — and the triggers log that too, which becomes the redo step
//! (SQLite's "automatic undo/redo" technique). Every operation, undo and redo returns what it changed
//! ([`OpChanges`]): the tables, the rows updated in place, the rows added past the end.

use rusqlite::Transaction;

use crate::domain::coordination::change::{ChangeSet, Op};
use crate::domain::coordination::source::Sources;

use super::schema::TABLES;
use super::{Store, StoreError, Writer, reject};

/// One undo step: a user operation's range in the undo log.
#[derive(Debug, Clone)]
pub(super) struct Step {
    label: String,
    first: i64,
    last: i64,
}

/// A table an operation, undo or redo changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Touched {
    pub(super) table: &'static str,
    /// The rows, when every change to the table was an update of a row in place (no row added or removed).
    pub(super) updated_rows: Option<Vec<i64>>,
}

/// Rows an operation added at the end of a table (past every row it had), with the rows it updated there: the
/// list in memory takes them without reading the table again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Appended {
    pub(super) table: &'static str,
    pub(super) updated: Vec<i64>,
    pub(super) inserted: Vec<i64>,
}

/// What an operation, undo or redo changed: an operation's own log entries, read only when asked (a large
/// import logs a statement per row, and most callers never ask), or what a replay worked out from the statements
/// it ran (they leave the log).
#[derive(Debug, Clone)]
pub(super) enum Changed {
    /// The log entries `first..=last`.
    Logged(i64, i64),
    /// Known already.
    Known(Vec<Touched>, Vec<Appended>),
}

/// What one operation, undo or redo changed in the project file: the value every road to the file returns, and
/// what the window refreshes the project in memory from ([`Store::reload`]). Its label names the undo step.
#[derive(Debug, Clone)]
pub struct OpChanges {
    /// The operation's label (the undo step's).
    pub label: String,
    pub(super) changed: Changed,
    /// Where rows it updated stood in the project in memory, by table (the change's hints: see
    /// [`ChangeSet::places`]).
    pub(super) places: Vec<(&'static str, usize)>,
    /// What `changed` comes to, once read.
    pub(super) resolved: std::cell::OnceCell<(Vec<Touched>, Vec<Appended>)>,
    /// The file's revision once it was written.
    pub revision: u64,
    /// How many rows' sources (where they are in the book they came from) an import wrote: those that differed
    /// from the file's. A book received again with the same content but its rows moved changes nothing else.
    pub sources_written: usize,
}

/// Rows a replay (`replayed`: the statements it ran) or an operation (its undo log's reverse statements) added at
/// the end of their tables, with the updates beside them; a table from which a row was removed is not listed.
fn appends_in(statements: &[String], replayed: bool) -> Vec<Appended> {
    let number = |s: &str| {
        s.trim_start()
            .split(|c: char| !c.is_ascii_digit())
            .next()
            .and_then(|n| n.parse::<i64>().ok())
    };
    let mut out: Vec<Appended> = Vec::new();
    let mut removed: Vec<&'static str> = Vec::new();
    for sql in statements {
        let (rest, kind) = if let Some(r) = sql.strip_prefix("UPDATE ") {
            (r, 'u')
        } else if let Some(r) = sql.strip_prefix("DELETE FROM ") {
            (r, if replayed { 'd' } else { 'i' })
        } else if let Some(r) = sql.strip_prefix("INSERT INTO ") {
            (r, if replayed { 'i' } else { 'd' })
        } else {
            continue;
        };
        let Some(table) = table_first(rest) else { continue };
        let row = match kind {
            'u' => sql.rsplit_once(" WHERE rowid=").and_then(|(_, n)| number(n)),
            // `DELETE FROM t WHERE rowid=N`, `INSERT INTO t(rowid,…) VALUES(N,…`.
            _ => sql
                .split_once(" WHERE rowid=")
                .map(|(_, n)| n)
                .or_else(|| sql.split_once(" VALUES(").map(|(_, n)| n))
                .and_then(number),
        };
        let Some(row) = row else { continue };
        if kind == 'd' {
            removed.push(table);
            continue;
        }
        let entry = match out.iter_mut().find(|a| a.table == table) {
            Some(e) => e,
            None => {
                out.push(Appended { table, updated: Vec::new(), inserted: Vec::new() });
                out.last_mut().expect("just pushed")
            }
        };
        let list = if kind == 'u' { &mut entry.updated } else { &mut entry.inserted };
        if !list.contains(&row) {
            list.push(row);
        }
    }
    out.retain(|a| !a.inserted.is_empty() && !removed.contains(&a.table));
    out
}

/// The table a statement's text after its verb (`UPDATE `, `DELETE FROM `, `INSERT INTO `) names.
fn table_first(rest: &str) -> Option<&'static str> {
    TABLES
        .iter()
        .copied()
        .find(|t| rest.strip_prefix(t).is_some_and(|after| after.starts_with([' ', '('])))
}

/// The tables an undo log's statements change, in file order. Each statement names its table first
/// (`DELETE FROM t`, `UPDATE t SET … WHERE rowid=N`, `INSERT INTO t(`); an update ends with its row.
fn tables_in(statements: &[String]) -> Vec<Touched> {
    let mut touched: Vec<Touched> = Vec::new();
    for sql in statements {
        let (rest, update) = match sql.strip_prefix("UPDATE ") {
            Some(rest) => (rest, true),
            None => (
                sql.strip_prefix("DELETE FROM ")
                    .or_else(|| sql.strip_prefix("INSERT INTO "))
                    .unwrap_or(""),
                false,
            ),
        };
        let Some(table) = table_first(rest) else { continue };
        // The trigger writes the row last, after every value, so the last `WHERE rowid=` is its own.
        let row = update
            .then(|| sql.rsplit_once(" WHERE rowid="))
            .flatten()
            .and_then(|(_, n)| n.trim().parse::<i64>().ok());
        let entry = match touched.iter_mut().find(|t| t.table == table) {
            Some(e) => e,
            None => {
                touched.push(Touched { table, updated_rows: Some(Vec::new()) });
                touched.last_mut().expect("just pushed")
            }
        };
        match (row, &mut entry.updated_rows) {
            (Some(r), Some(rows)) => {
                if !rows.contains(&r) {
                    rows.push(r)
                }
            }
            _ => entry.updated_rows = None,
        }
    }
    touched.sort_by_key(|t| TABLES.iter().position(|x| *x == t.table));
    touched
}

/// Every table, each possibly changed anywhere: what an operation unlogged changed, as far as anyone can tell.
fn every_table() -> Vec<Touched> {
    TABLES.iter().map(|&table| Touched { table, updated_rows: None }).collect()
}

/// Raise the file's revision, inside an operation's transaction.
pub(super) fn bump_revision(tx: &Transaction) -> Result<(), StoreError> {
    tx.execute("UPDATE revision SET n = n + 1", [])?;
    Ok(())
}

impl Store {
    pub(super) fn install_undo_triggers(&mut self) -> Result<(), StoreError> {
        let mut sql = String::from(
            "CREATE TEMP TABLE IF NOT EXISTS undo_log(seq INTEGER PRIMARY KEY, sql TEXT NOT NULL);\n",
        );
        for table in TABLES {
            let columns: Vec<String> = {
                let mut stmt =
                    self.conn.prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))?;
                stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<Result<_, _>>()?
            };
            let quoted_old: Vec<String> =
                columns.iter().map(|c| format!("quote(old.\"{c}\")")).collect();
            let set_list: Vec<String> =
                columns.iter().map(|c| format!("'\"{c}\"='||quote(old.\"{c}\")")).collect();
            sql += &format!(
                "CREATE TEMP TRIGGER IF NOT EXISTS undo_{table}_insert AFTER INSERT ON main.{table} BEGIN \
                   INSERT INTO undo_log(sql) VALUES('DELETE FROM {table} WHERE rowid='||new.rowid); END;\n\
                 CREATE TEMP TRIGGER IF NOT EXISTS undo_{table}_update AFTER UPDATE ON main.{table} BEGIN \
                   INSERT INTO undo_log(sql) VALUES('UPDATE {table} SET '||{set}||' WHERE rowid='||old.rowid); END;\n\
                 CREATE TEMP TRIGGER IF NOT EXISTS undo_{table}_delete BEFORE DELETE ON main.{table} BEGIN \
                   INSERT INTO undo_log(sql) VALUES('INSERT INTO {table}(rowid,{cols}) VALUES('||old.rowid||','||{vals}||')'); END;\n",
                set = set_list.join("||','||"),
                cols = columns.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(","),
                vals = quoted_old.join("||','||"),
            );
        }
        self.conn.execute_batch(&sql)?;
        Ok(())
    }

    pub(super) fn drop_undo_triggers(&self) -> Result<(), StoreError> {
        let sql: String = TABLES
            .iter()
            .map(|t| {
                format!(
                    "DROP TRIGGER IF EXISTS temp.undo_{t}_insert; DROP TRIGGER IF EXISTS temp.undo_{t}_update; \
                     DROP TRIGGER IF EXISTS temp.undo_{t}_delete;"
                )
            })
            .collect();
        self.conn.execute_batch(&sql)?;
        Ok(())
    }

    /// Keep no undo log from now on: for a process that runs its operations and ends (the command line), whose
    /// log — connection-local, in memory — would end with it unread. Logging is a second write per row written (a
    /// national import: 1.2 million rows, a tenth of its time). Each operation is still one transaction and
    /// raises the revision; [`Store::undo`] has nothing to undo, and what an operation changed is every table
    /// (nothing tells which).
    pub fn forgo_undo(&mut self) -> Result<(), StoreError> {
        self.drop_undo_triggers()?;
        self.conn.execute("DELETE FROM undo_log", [])?;
        self.undo.clear();
        self.redo.clear();
        self.logs_undo = false;
        Ok(())
    }

    pub(super) fn log_end(tx: &Transaction) -> Result<i64, StoreError> {
        Ok(tx.query_row("SELECT coalesce(max(seq), 0) FROM undo_log", [], |r| r.get(0))?)
    }

    /// Run one user operation: one transaction, one undo step. Nothing is written if `op` fails.
    pub fn apply<T>(
        &mut self,
        label: &str,
        op: impl FnOnce(&Writer) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.apply_at(label, None, op)
    }

    /// [`Store::apply`] for an operation worked out from the project at revision `base`: refused
    /// ([`StoreError::ChangedMeanwhile`]) unless the file is still there, checked inside the writing transaction.
    pub(super) fn apply_at<T>(
        &mut self,
        label: &str,
        base: Option<u64>,
        op: impl FnOnce(&Writer) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        if self.read_only {
            return Err(StoreError::ReadOnly);
        }
        let tx = self.conn.transaction()?;
        let now = super::revision_in(&tx)?;
        if let Some(base) = base
            && base != now
        {
            return Err(StoreError::ChangedMeanwhile { base, now });
        }
        if !self.logs_undo {
            let before = tx.total_changes();
            let out = op(&Writer::new(&tx))?;
            let wrote = tx.total_changes() > before;
            if wrote {
                bump_revision(&tx)?;
            }
            tx.commit().map_err(reject)?;
            self.touched =
                Changed::Known(if wrote { every_table() } else { Vec::new() }, Vec::new());
            return Ok(out);
        }
        let before = Self::log_end(&tx)?;
        let out = op(&Writer::new(&tx))?;
        let after = Self::log_end(&tx)?;
        if after > before {
            bump_revision(&tx)?;
        }
        tx.commit().map_err(reject)?;
        self.touched = Changed::Logged(before + 1, after);
        if after > before {
            self.undo.push(Step { label: label.to_string(), first: before + 1, last: after });
            self.drop_redo()?;
        }
        Ok(out)
    }

    pub(super) fn drop_redo(&mut self) -> Result<(), StoreError> {
        for step in self.redo.drain(..) {
            self.conn.execute(
                "DELETE FROM undo_log WHERE seq BETWEEN ?1 AND ?2",
                [step.first, step.last],
            )?;
        }
        Ok(())
    }

    /// Replay a step's log backwards in one transaction; returns the step that reverses it.
    pub(super) fn replay(&mut self, step: &Step) -> Result<Step, StoreError> {
        let tx = self.conn.transaction()?;
        let statements: Vec<String> = {
            let mut stmt = tx.prepare(
                "SELECT sql FROM undo_log WHERE seq BETWEEN ?1 AND ?2 ORDER BY seq DESC",
            )?;
            stmt.query_map([step.first, step.last], |r| r.get(0))?.collect::<Result<_, _>>()?
        };
        tx.execute("DELETE FROM undo_log WHERE seq BETWEEN ?1 AND ?2", [step.first, step.last])?;
        let before = Self::log_end(&tx)?;
        for sql in &statements {
            tx.execute_batch(sql)?;
        }
        let after = Self::log_end(&tx)?;
        bump_revision(&tx)?;
        tx.commit().map_err(reject)?;
        self.touched = Changed::Known(tables_in(&statements), appends_in(&statements, true));
        Ok(Step { label: step.label.clone(), first: before + 1, last: after })
    }

    /// Undo the last operation; returns its label, or `None` when there is nothing to undo.
    pub fn undo(&mut self) -> Result<Option<String>, StoreError> {
        Ok(self.undo_op()?.map(|op| op.label))
    }

    /// Redo the last undone operation; returns its label, or `None` when there is nothing to redo.
    pub fn redo(&mut self) -> Result<Option<String>, StoreError> {
        Ok(self.redo_op()?.map(|op| op.label))
    }

    /// Undo the last operation: what it changed, or `None` when there is nothing to undo.
    pub fn undo_op(&mut self) -> Result<Option<OpChanges>, StoreError> {
        self.step_back(true)
    }

    /// Redo the last undone operation: what it changed, or `None` when there is nothing to redo.
    pub fn redo_op(&mut self) -> Result<Option<OpChanges>, StoreError> {
        self.step_back(false)
    }

    /// Replay the top of the undo (or redo) stack; its reverse goes onto the other.
    pub(super) fn step_back(&mut self, undo: bool) -> Result<Option<OpChanges>, StoreError> {
        let popped = if undo { self.undo.pop() } else { self.redo.pop() };
        let Some(step) = popped else {
            return Ok(None);
        };
        match self.replay(&step) {
            Ok(reverse) => {
                if undo {
                    self.redo.push(reverse);
                } else {
                    self.undo.push(reverse);
                }
                Ok(Some(OpChanges {
                    label: step.label,
                    changed: self.touched.clone(),
                    places: Vec::new(),
                    resolved: Default::default(),
                    revision: self.revision()?,
                    sources_written: 0,
                }))
            }
            Err(e) => {
                if undo {
                    self.undo.push(step);
                } else {
                    self.redo.push(step);
                }
                Err(e)
            }
        }
    }

    /// Set the project's own body (自団体: an institution code or an insurer number), as one operation and one
    /// undo step.
    pub fn set_own_body(&mut self, label: &str, own: &str) -> Result<OpChanges, StoreError> {
        self.apply(label, |w| w.set_own(own))?;
        Ok(OpChanges {
            label: label.to_string(),
            changed: self.touched.clone(),
            places: Vec::new(),
            resolved: Default::default(),
            revision: self.revision()?,
            sources_written: 0,
        })
    }

    /// Apply a change as one operation: one transaction, one undo step, whatever it came from (an edit, an add,
    /// a rename, a cascading delete, a fix, an import). Removals first, then renames, then puts. Nothing is
    /// written if any entry fails. `progress(done, total)` is called every thousand entries; returning `false`
    /// cancels and rolls everything back ([`StoreError::Cancelled`]).
    pub fn apply_change(
        &mut self,
        label: &str,
        change: &ChangeSet,
        progress: &mut dyn FnMut(usize, usize) -> bool,
    ) -> Result<OpChanges, StoreError> {
        self.apply_change_from(label, change, &Sources::default(), progress)
    }

    /// [`Store::apply_change`] for a change read from a workbook: where its rows came from is kept with it, in
    /// the same transaction.
    pub fn apply_change_from(
        &mut self,
        label: &str,
        change: &ChangeSet,
        sources: &Sources,
        progress: &mut dyn FnMut(usize, usize) -> bool,
    ) -> Result<OpChanges, StoreError> {
        self.apply_import(label, change, sources, None, progress)
    }

    /// [`Store::apply_change_from`] for a book received: its record is written in the same transaction (and
    /// stays when the import is undone — the book was received). A book whose change is empty is still applied:
    /// the sources of its rows that moved are written (an undo step, which puts back where they were), and a book
    /// received again as it was writes only its record (no undo step).
    pub fn apply_import(
        &mut self,
        label: &str,
        change: &ChangeSet,
        sources: &Sources,
        book: Option<&crate::domain::coordination::book::BookRecord>,
        progress: &mut dyn FnMut(usize, usize) -> bool,
    ) -> Result<OpChanges, StoreError> {
        let total = change.entries.len();
        let mut done = 0;
        let mut step = |done: &mut usize| {
            *done += 1;
            if (*done).is_multiple_of(1000) && !progress(*done, total) {
                return Err(StoreError::Cancelled);
            }
            Ok(())
        };
        // The sources are put in key order, sorted on a thread of their own while the rows are written (at national
        // scale, 600,000 keys).
        let sources_written = std::thread::scope(|scope| {
            let in_order = scope.spawn(|| super::writer::sources_in_key_order(sources));
            self.apply_at(label, change.base, |w| {
                for pass in 0..3 {
                    for e in &change.entries {
                        match (&e.op, pass) {
                            (Op::Remove(k), 0) => {
                                w.remove(k)?;
                            }
                            (Op::Rename(k, new_id), 1) => w.rename_key(k, new_id)?,
                            (Op::Put(x), 2) => {
                                w.put(x)?;
                            }
                            _ => continue,
                        }
                        step(&mut done)?;
                    }
                }
                let in_order = in_order.join().expect("sorting the sources does not panic");
                let written = w.put_sources_in_order(sources, in_order)?;
                if let Some(b) = book {
                    w.put_book(b, Some(change))?;
                }
                Ok(written)
            })
        })?;
        progress(total, total);
        Ok(OpChanges {
            label: label.to_string(),
            changed: self.touched.clone(),
            places: change
                .places
                .iter()
                .map(|(key, at)| (super::rows::locate(key).0, *at))
                .collect(),
            resolved: Default::default(),
            revision: self.revision()?,
            sources_written,
        })
    }

    /// The tables the last operation, undo or redo changed (in file order).
    pub fn touched_tables(&self) -> Result<Vec<&'static str>, StoreError> {
        Ok(self.resolve(&self.touched)?.0.iter().map(|t| t.table).collect())
    }

    /// The tables an operation, undo or redo changed (in file order).
    pub fn tables_of(&self, op: &OpChanges) -> Result<Vec<&'static str>, StoreError> {
        Ok(self.resolve_op(op)?.0.iter().map(|t| t.table).collect())
    }

    /// What an operation changed, read once.
    pub(super) fn resolve_op<'o>(
        &self,
        op: &'o OpChanges,
    ) -> Result<&'o (Vec<Touched>, Vec<Appended>), StoreError> {
        if let Some(r) = op.resolved.get() {
            return Ok(r);
        }
        let r = self.resolve(&op.changed)?;
        Ok(op.resolved.get_or_init(|| r))
    }

    /// What was changed, reading an operation's log entries if need be.
    pub(super) fn resolve(
        &self,
        changed: &Changed,
    ) -> Result<(Vec<Touched>, Vec<Appended>), StoreError> {
        match changed {
            Changed::Known(t, a) => Ok((t.clone(), a.clone())),
            Changed::Logged(first, last) => {
                let mut stmt =
                    self.conn.prepare("SELECT sql FROM undo_log WHERE seq BETWEEN ?1 AND ?2")?;
                let statements: Vec<String> =
                    stmt.query_map([first, last], |r| r.get(0))?.collect::<Result<_, _>>()?;
                Ok((tables_in(&statements), appends_in(&statements, false)))
            }
        }
    }

    /// The label of the operation an undo would reverse.
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|s| s.label.as_str())
    }

    /// The label of the operation a redo would repeat.
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|s| s.label.as_str())
    }
}

#[cfg(test)]
mod touched_tests {
    use super::{Touched, tables_in};

    pub(super) fn log(lines: &[&str]) -> Vec<String> {
        lines.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    pub(super) fn updates_name_their_rows_and_anything_else_means_the_whole_table() {
        // A value that happens to hold the trigger's own words does not fool it: the row is the last one written.
        let touched = tables_in(&log(&[
            "UPDATE test_case SET \"remarks\"='x WHERE rowid=5',\"id\"='T' WHERE rowid=12",
            "UPDATE test_case SET \"remarks\"='y' WHERE rowid=3",
            "UPDATE test_case SET \"remarks\"='z' WHERE rowid=12",
            "INSERT INTO membership(rowid,\"id\") VALUES(7,7)",
            "UPDATE membership SET \"version\"='4.0' WHERE rowid=8",
            "DELETE FROM info_item WHERE rowid=2",
        ]));
        assert_eq!(
            touched,
            [
                Touched { table: "info_item", updated_rows: None },
                Touched { table: "test_case", updated_rows: Some(vec![12, 3]) },
                Touched { table: "membership", updated_rows: None },
            ]
        );
        assert!(tables_in(&log(&["DELETE FROM info_kindx WHERE rowid=1"])).is_empty());
    }
}
