//! The project file: one SQLite file per project (`.renkei`), its schema and migrations, the queries that load and
//! write entities, one transaction per user operation, and undo/redo over those operations.
//!
//! Safety of the file comes first:
//! - Before SQLite touches a file, its header is read: not SQLite, not ours (`application_id`), from a newer
//!   version (`user_version`), or shorter than its header says (truncated) → a clear error, the file untouched.
//! - Rollback journal (not WAL), `foreign_keys=ON`, and the file is held with SQLite's exclusive locking mode while
//!   open for writing, so a second process is told the project is in use instead of ever writing beside us.
//! - Migrations run stepwise, each in a transaction, after a backup copy `NAME.renkei.bak-vN` is written.
//!
//! Undo: temporary triggers (connection-local, in memory) write the SQL that reverses every row change into a
//! temporary log; one operation's entries form one undo step. Undoing runs them backwards in one transaction —
//! and the triggers log that too, which becomes the redo step (SQLite's "automatic undo/redo" technique).

pub mod rows;
pub mod schema;

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use rusqlite::types::Value;
use rusqlite::{Connection, ErrorCode, OpenFlags, Transaction, params_from_iter};

use crate::domain::change::{ChangeSet, Op};
use crate::domain::check::EntityKind;
use crate::domain::model::*;
use crate::domain::source::{RowSource, SourceSheet, Sources};
pub use rows::{Entity, EntityKey};
use schema::{APPLICATION_ID, SCHEMA_VERSION, TABLES};

/// Why a project file cannot be opened or written.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No such file.
    #[error("ファイルがありません: {0} / no such file")]
    NotFound(PathBuf),
    /// The file exists already (when creating).
    #[error("ファイルが既にあります: {0} / the file already exists")]
    Exists(PathBuf),
    /// Not a Renkei project.
    #[error(
        "Renkei のプロジェクトファイルではありません: {path}（{why_ja}） / not a Renkei project file: {why_en}"
    )]
    NotAProject {
        /// The file.
        path: PathBuf,
        /// Why, in Japanese.
        why_ja: String,
        /// Why, in English.
        why_en: String,
    },
    /// Written by a newer version of the tool.
    #[error(
        "新しいバージョンの Renkei で作成されたファイルです（スキーマ {found}、このバージョンは {supported} まで）: {path} / \
         made by a newer Renkei (schema {found}; this build reads up to {supported})"
    )]
    TooNew {
        /// The file.
        path: PathBuf,
        /// Its schema version.
        found: i32,
        /// The newest this build reads.
        supported: i32,
    },
    /// Damaged.
    #[error("プロジェクトファイルが壊れています / the project file is damaged: {0}")]
    Corrupt(String),
    /// Open for writing in another process.
    #[error(
        "このプロジェクトは別のプロセスで開かれています: {0}（そちらを閉じてから開いてください） / \
         the project is open in another process: close it there first"
    )]
    InUse(PathBuf),
    /// Opened read-only.
    #[error("読み取り専用で開いています / the project is open read-only")]
    ReadOnly,
    /// An operation's content broke a rule of the file (a duplicate key, a missing parent).
    #[error("保存できません / cannot save: {0}")]
    Rejected(String),
    /// The user cancelled a long operation; nothing was written.
    #[error("取り消しました（何も書き込んでいません） / cancelled: nothing was written")]
    Cancelled,
    /// Reading or copying the file failed.
    #[error("ファイルの入出力に失敗しました / file error: {0}")]
    Io(#[from] std::io::Error),
    /// SQLite failed.
    #[error("SQLite: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

/// What part of a table to read into its list.
#[derive(Debug, Clone, Copy)]
enum Part<'a> {
    /// All of it.
    Whole,
    /// These rows, into their places.
    Rows(&'a [i64]),
    /// The rows from this row key on, onto the end.
    From(i64),
}

/// One undo step: a user operation's range in the undo log.
#[derive(Debug, Clone)]
struct Step {
    label: String,
    first: i64,
    last: i64,
}

/// An open project file.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    read_only: bool,
    undo: Vec<Step>,
    redo: Vec<Step>,
    /// What the last operation, undo or redo changed.
    touched: Changed,
}

/// A table an operation, undo or redo changed.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Touched {
    table: &'static str,
    /// The rows, when every change to the table was an update of a row in place (no row added or removed).
    updated_rows: Option<Vec<i64>>,
}

/// Rows an operation added at the end of a table (past every row it had), with the rows it updated there: the
/// list in memory takes them without reading the table again.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Appended {
    table: &'static str,
    updated: Vec<i64>,
    inserted: Vec<i64>,
}

/// What an operation, undo or redo changed: an operation's own log entries, read only when asked (a large
/// import logs a statement per row, and most callers never ask), or what a replay worked out from the statements
/// it ran (they leave the log).
#[derive(Debug, Clone)]
enum Changed {
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
    changed: Changed,
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
        let Some(table) = TABLES.iter().copied().find(|t| {
            rest.strip_prefix(t)
                .is_some_and(|after| after.starts_with([' ', '(']))
        }) else {
            continue;
        };
        let row = match kind {
            'u' => sql
                .rsplit_once(" WHERE rowid=")
                .and_then(|(_, n)| number(n)),
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
                out.push(Appended {
                    table,
                    updated: Vec::new(),
                    inserted: Vec::new(),
                });
                out.last_mut().expect("just pushed")
            }
        };
        let list = if kind == 'u' {
            &mut entry.updated
        } else {
            &mut entry.inserted
        };
        if !list.contains(&row) {
            list.push(row);
        }
    }
    out.retain(|a| !a.inserted.is_empty() && !removed.contains(&a.table));
    out
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
        let Some(table) = TABLES.iter().copied().find(|t| {
            rest.strip_prefix(t)
                .is_some_and(|after| after.starts_with([' ', '(']))
        }) else {
            continue;
        };
        // The trigger writes the row last, after every value, so the last `WHERE rowid=` is its own.
        let row = update
            .then(|| sql.rsplit_once(" WHERE rowid="))
            .flatten()
            .and_then(|(_, n)| n.trim().parse::<i64>().ok());
        let entry = match touched.iter_mut().find(|t| t.table == table) {
            Some(e) => e,
            None => {
                touched.push(Touched {
                    table,
                    updated_rows: Some(Vec::new()),
                });
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

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .field("read_only", &self.read_only)
            .field("undo_steps", &self.undo.len())
            .field("redo_steps", &self.redo.len())
            .finish()
    }
}

/// What the header of a file says, read without SQLite.
struct Header {
    application_id: i32,
    user_version: i32,
}

fn not_a_project(path: &Path, ja: &str, en: &str) -> StoreError {
    StoreError::NotAProject {
        path: path.to_path_buf(),
        why_ja: ja.into(),
        why_en: en.into(),
    }
}

fn read_header(path: &Path) -> Result<Header, StoreError> {
    let mut file = File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => StoreError::NotFound(path.to_path_buf()),
        _ => StoreError::Io(e),
    })?;
    let size = file.metadata()?.len();
    let mut head = [0u8; 100];
    let n = file.read(&mut head)?;
    if size == 0 {
        return Err(not_a_project(path, "空のファイル", "the file is empty"));
    }
    if n < 100 || &head[..16] != b"SQLite format 3\0" {
        return Err(not_a_project(
            path,
            "SQLite のデータベースではありません",
            "not an SQLite database",
        ));
    }
    let be32 = |o: usize| i32::from_be_bytes([head[o], head[o + 1], head[o + 2], head[o + 3]]);
    let header = Header {
        application_id: be32(68),
        user_version: be32(60),
    };
    if header.application_id != APPLICATION_ID {
        return Err(not_a_project(
            path,
            &format!(
                "別のアプリケーションの SQLite ファイルです（application_id {}）",
                header.application_id
            ),
            &format!(
                "an SQLite file of another application (application_id {})",
                header.application_id
            ),
        ));
    }
    let page_size = match u16::from_be_bytes([head[16], head[17]]) {
        1 => 65536u64,
        p => p as u64,
    };
    let change_counter = be32(24);
    let valid_for = be32(92);
    let pages = be32(28) as u32 as u64;
    if valid_for == change_counter && pages > 0 && size < page_size * pages {
        return Err(StoreError::Corrupt(format!(
            "{}: ファイルが途中で切れています（{} バイトのはずが {} バイト） / truncated: {} bytes expected, {} found",
            path.display(),
            page_size * pages,
            size,
            page_size * pages,
            size
        )));
    }
    if header.user_version > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found: header.user_version,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(header)
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked)
    )
}

fn map_open_error(path: &Path, e: rusqlite::Error) -> StoreError {
    if is_busy(&e) {
        return StoreError::InUse(path.to_path_buf());
    }
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) | Some(ErrorCode::DatabaseCorrupt) => {
            StoreError::Corrupt(format!("{}: {e}", path.display()))
        }
        _ => StoreError::Sqlite(e),
    }
}

/// The path of the backup copy made before migrating from `version`.
pub fn backup_path(path: &Path, version: i32) -> PathBuf {
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(format!(".bak-v{version}"));
    path.with_file_name(name)
}

impl Store {
    /// Create a new, empty project file. Refuses to overwrite an existing file.
    pub fn create(path: &Path, name: &str) -> Result<Store, StoreError> {
        if path.exists() {
            return Err(StoreError::Exists(path.to_path_buf()));
        }
        let mut conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        Self::configure(&conn, path)?;
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
        schema::migrate(&mut conn, 0, SCHEMA_VERSION)?;
        conn.execute("INSERT INTO meta(key, value) VALUES('name', ?1)", [name])?;
        Self::writable(conn, path)
    }

    /// A store writing to `conn`, with its undo log ready.
    fn writable(conn: Connection, path: &Path) -> Result<Store, StoreError> {
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            read_only: false,
            undo: Vec::new(),
            redo: Vec::new(),
            touched: Changed::Known(Vec::new(), Vec::new()),
        };
        store.install_undo_triggers()?;
        Ok(store)
    }

    /// Open a project for reading and writing. A file from an older schema is backed up and migrated.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let header = read_header(path)?;
        let mut conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| map_open_error(path, e))?;
        Self::configure(&conn, path)?;
        // Take the file: the exclusive lock stays with this connection until it closes.
        conn.execute_batch("BEGIN EXCLUSIVE; COMMIT;")
            .map_err(|e| map_open_error(path, e))?;
        Self::verify(&conn, path)?;
        if header.user_version < SCHEMA_VERSION {
            let backup = backup_path(path, header.user_version);
            conn.execute("VACUUM INTO ?1", [backup.to_string_lossy()])
                .map_err(StoreError::Sqlite)?;
            schema::migrate(&mut conn, header.user_version, SCHEMA_VERSION)?;
        }
        Self::writable(conn, path)
    }

    /// Open a project read-only (for the command line's reports). Never writes, but a file of an older schema is
    /// first migrated as [`Store::open`] migrates it (after a backup copy).
    pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        let header = read_header(path)?;
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| map_open_error(path, e))?;
        conn.busy_timeout(std::time::Duration::from_millis(200))?;
        Self::verify(&conn, path)?;
        if header.user_version < SCHEMA_VERSION {
            // An older file is migrated as the window migrates it (a backup copy first), then read.
            drop(conn);
            drop(Store::open(path)?);
            return Self::open_read_only(path);
        }
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            read_only: true,
            undo: Vec::new(),
            redo: Vec::new(),
            touched: Changed::Known(Vec::new(), Vec::new()),
        })
    }

    /// A read-only stand-in holding nothing, named after `path`: what the window keeps while the real store is
    /// lent to a background job (applying a large import), so that nothing can write meanwhile.
    pub fn stand_in(path: &Path) -> Result<Store, StoreError> {
        Ok(Store {
            conn: Connection::open_in_memory()?,
            path: path.to_path_buf(),
            read_only: true,
            undo: Vec::new(),
            redo: Vec::new(),
            touched: Changed::Known(Vec::new(), Vec::new()),
        })
    }

    fn configure(conn: &Connection, path: &Path) -> Result<(), StoreError> {
        // Fail at once when another process holds the file rather than waiting.
        conn.busy_timeout(std::time::Duration::from_millis(0))?;
        conn.execute_batch(
            "PRAGMA locking_mode = EXCLUSIVE; PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY; \
             PRAGMA synchronous = FULL;",
        )
        .map_err(|e| map_open_error(path, e))?;
        let mode: String = conn
            .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))
            .map_err(|e| map_open_error(path, e))?;
        if mode != "delete" {
            return Err(StoreError::Corrupt(format!("journal mode {mode}")));
        }
        Ok(())
    }

    fn verify(conn: &Connection, path: &Path) -> Result<(), StoreError> {
        let check: String = conn
            .query_row("PRAGMA quick_check(1)", [], |r| r.get(0))
            .map_err(|e| map_open_error(path, e))?;
        if check != "ok" {
            return Err(StoreError::Corrupt(format!("{}: {check}", path.display())));
        }
        let tables: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'test_case'",
                [],
                |r| r.get(0),
            )
            .map_err(|e| map_open_error(path, e))?;
        if tables != 1 {
            return Err(StoreError::Corrupt(format!(
                "{}: テーブルがありません / tables are missing",
                path.display()
            )));
        }
        Ok(())
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the project was opened read-only.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// The schema version of the file.
    pub fn schema_version(&self) -> Result<i32, StoreError> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// The file's application id.
    pub fn application_id(&self) -> Result<i32, StoreError> {
        Ok(self
            .conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))?)
    }

    /// The project's name.
    pub fn name(&self) -> Result<String, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'name'", [], |r| {
                r.get(0)
            })
            .unwrap_or_default())
    }

    /// Counts of every entity kind, without loading them.
    pub fn counts(&self) -> Result<Counts, StoreError> {
        let n = |t: &str| -> Result<usize, StoreError> {
            Ok(self
                .conn
                .query_row(&format!("SELECT count(*) FROM {t}"), [], |r| {
                    r.get::<_, i64>(0)
                })? as usize)
        };
        Ok(Counts {
            institutions: n("institution")?,
            insurers: n("insurer")?,
            affairs: n("affair")?,
            procedures: n("procedure")?,
            info_kinds: n("info_kind")?,
            info_items: n("info_item")?,
            scenarios: n("scenario")?,
            variations: n("variation")?,
            test_cases: n("test_case")?,
            role_models: n("role_model")?,
            memberships: n("membership")?,
            benefits: n("benefit")?,
        })
    }

    fn load_table<T>(
        &self,
        table: &str,
        read: fn(&rusqlite::Row) -> Result<T, StoreError>,
    ) -> Result<Vec<T>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT * FROM {table} ORDER BY rowid"))?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            out.push(read(row)?);
        }
        Ok(out)
    }

    /// Load the whole project into memory.
    pub fn load(&self) -> Result<Project, StoreError> {
        let mut project = Project::default();
        for table in TABLES {
            self.read_into(&mut project, table, None)?;
        }
        Ok(project)
    }

    /// Read a table into its list of `project` (`meta`: the name): the given rows into their places (returned),
    /// or all of it (nothing returned).
    fn read_into(
        &self,
        project: &mut Project,
        table: &str,
        rows: Option<&[i64]>,
    ) -> Result<Vec<usize>, StoreError> {
        self.read_part(
            project,
            table,
            match rows {
                Some(r) => Part::Rows(r),
                None => Part::Whole,
            },
        )
    }

    /// Read the rows from `first` (a row key) on, added past the end of a table, onto the end of its list.
    fn read_appended(
        &self,
        project: &mut Project,
        table: &str,
        first: i64,
    ) -> Result<(), StoreError> {
        self.read_part(project, table, Part::From(first))
            .map(|_| ())
    }

    /// How many rows a table's list in `project` holds (`None` for a table not held as a list).
    fn listed(&self, p: &Project, table: &str) -> Option<usize> {
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
                Vec::new()
            }
            "institution" => {
                self.refresh(table, &mut project.institutions, rows::institution, part)?
            }
            "insurer" => self.refresh(table, &mut project.insurers, rows::insurer, part)?,
            "affair" => self.refresh(table, &mut project.affairs, rows::affair, part)?,
            "procedure" => self.refresh(table, &mut project.procedures, rows::procedure, part)?,
            "info_kind" => self.refresh(table, &mut project.info_kinds, rows::info_kind, part)?,
            "info_item" => self.refresh(table, &mut project.info_items, rows::info_item, part)?,
            "scenario" => self.refresh(table, &mut project.scenarios, rows::scenario, part)?,
            "variation" => self.refresh(table, &mut project.variations, rows::variation, part)?,
            "test_case" => self.refresh(table, &mut project.test_cases, rows::test_case, part)?,
            "role_model" => {
                self.refresh(table, &mut project.role_models, rows::role_model, part)?
            }
            "membership" => {
                self.refresh(table, &mut project.memberships, rows::membership, part)?
            }
            "benefit" => self.refresh(table, &mut project.benefits, rows::benefit, part)?,
            // Kept beside the project, not in it: see `Store::sources`.
            "source_sheet" | "row_source" => Vec::new(),
            other => return Err(StoreError::Corrupt(format!("no such table: {other}"))),
        })
    }

    fn install_undo_triggers(&mut self) -> Result<(), StoreError> {
        let mut sql = String::from(
            "CREATE TEMP TABLE IF NOT EXISTS undo_log(seq INTEGER PRIMARY KEY, sql TEXT NOT NULL);\n",
        );
        for table in TABLES {
            let columns: Vec<String> = {
                let mut stmt = self
                    .conn
                    .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))?;
                stmt.query_map([], |r| r.get::<_, String>(0))?
                    .collect::<Result<_, _>>()?
            };
            let quoted_old: Vec<String> = columns
                .iter()
                .map(|c| format!("quote(old.\"{c}\")"))
                .collect();
            let set_list: Vec<String> = columns
                .iter()
                .map(|c| format!("'\"{c}\"='||quote(old.\"{c}\")"))
                .collect();
            sql += &format!(
                "CREATE TEMP TRIGGER IF NOT EXISTS undo_{table}_insert AFTER INSERT ON main.{table} BEGIN \
                   INSERT INTO undo_log(sql) VALUES('DELETE FROM {table} WHERE rowid='||new.rowid); END;\n\
                 CREATE TEMP TRIGGER IF NOT EXISTS undo_{table}_update AFTER UPDATE ON main.{table} BEGIN \
                   INSERT INTO undo_log(sql) VALUES('UPDATE {table} SET '||{set}||' WHERE rowid='||old.rowid); END;\n\
                 CREATE TEMP TRIGGER IF NOT EXISTS undo_{table}_delete BEFORE DELETE ON main.{table} BEGIN \
                   INSERT INTO undo_log(sql) VALUES('INSERT INTO {table}(rowid,{cols}) VALUES('||old.rowid||','||{vals}||')'); END;\n",
                set = set_list.join("||','||"),
                cols = columns
                    .iter()
                    .map(|c| format!("\"{c}\""))
                    .collect::<Vec<_>>()
                    .join(","),
                vals = quoted_old.join("||','||"),
            );
        }
        self.conn.execute_batch(&sql)?;
        Ok(())
    }

    fn log_end(tx: &Transaction) -> Result<i64, StoreError> {
        Ok(
            tx.query_row("SELECT coalesce(max(seq), 0) FROM undo_log", [], |r| {
                r.get(0)
            })?,
        )
    }

    /// Run one user operation: one transaction, one undo step. Nothing is written if `op` fails.
    pub fn apply<T>(
        &mut self,
        label: &str,
        op: impl FnOnce(&Writer) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        if self.read_only {
            return Err(StoreError::ReadOnly);
        }
        let tx = self.conn.transaction()?;
        let before = Self::log_end(&tx)?;
        let out = op(&Writer { tx: &tx })?;
        let after = Self::log_end(&tx)?;
        tx.commit().map_err(reject)?;
        self.touched = Changed::Logged(before + 1, after);
        if after > before {
            self.undo.push(Step {
                label: label.to_string(),
                first: before + 1,
                last: after,
            });
            self.drop_redo()?;
        }
        Ok(out)
    }

    fn drop_redo(&mut self) -> Result<(), StoreError> {
        for step in self.redo.drain(..) {
            self.conn.execute(
                "DELETE FROM undo_log WHERE seq BETWEEN ?1 AND ?2",
                [step.first, step.last],
            )?;
        }
        Ok(())
    }

    /// Replay a step's log backwards in one transaction; returns the step that reverses it.
    fn replay(&mut self, step: &Step) -> Result<Step, StoreError> {
        let tx = self.conn.transaction()?;
        let statements: Vec<String> = {
            let mut stmt = tx.prepare(
                "SELECT sql FROM undo_log WHERE seq BETWEEN ?1 AND ?2 ORDER BY seq DESC",
            )?;
            stmt.query_map([step.first, step.last], |r| r.get(0))?
                .collect::<Result<_, _>>()?
        };
        tx.execute(
            "DELETE FROM undo_log WHERE seq BETWEEN ?1 AND ?2",
            [step.first, step.last],
        )?;
        let before = Self::log_end(&tx)?;
        for sql in &statements {
            tx.execute_batch(sql)?;
        }
        let after = Self::log_end(&tx)?;
        tx.commit().map_err(reject)?;
        self.touched = Changed::Known(tables_in(&statements), appends_in(&statements, true));
        Ok(Step {
            label: step.label.clone(),
            first: before + 1,
            last: after,
        })
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
    fn step_back(&mut self, undo: bool) -> Result<Option<OpChanges>, StoreError> {
        let popped = if undo {
            self.undo.pop()
        } else {
            self.redo.pop()
        };
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
        let total = change.entries.len();
        let mut done = 0;
        let mut step = |done: &mut usize| {
            *done += 1;
            if (*done).is_multiple_of(1000) && !progress(*done, total) {
                return Err(StoreError::Cancelled);
            }
            Ok(())
        };
        self.apply(label, |w| {
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
            w.put_sources(sources)
        })?;
        progress(total, total);
        Ok(OpChanges {
            label: label.to_string(),
            changed: self.touched.clone(),
        })
    }

    /// The tables the last operation, undo or redo changed (in file order).
    pub fn touched_tables(&self) -> Result<Vec<&'static str>, StoreError> {
        Ok(self
            .resolve(&self.touched)?
            .0
            .iter()
            .map(|t| t.table)
            .collect())
    }

    /// The tables an operation, undo or redo changed (in file order).
    pub fn tables_of(&self, op: &OpChanges) -> Result<Vec<&'static str>, StoreError> {
        Ok(self
            .resolve(&op.changed)?
            .0
            .iter()
            .map(|t| t.table)
            .collect())
    }

    /// What was changed, reading an operation's log entries if need be.
    fn resolve(&self, changed: &Changed) -> Result<(Vec<Touched>, Vec<Appended>), StoreError> {
        match changed {
            Changed::Known(t, a) => Ok((t.clone(), a.clone())),
            Changed::Logged(first, last) => {
                let mut stmt = self
                    .conn
                    .prepare("SELECT sql FROM undo_log WHERE seq BETWEEN ?1 AND ?2")?;
                let statements: Vec<String> = stmt
                    .query_map([first, last], |r| r.get(0))?
                    .collect::<Result<_, _>>()?;
                Ok((tables_in(&statements), appends_in(&statements, false)))
            }
        }
    }

    /// [`Store::reload`] for the last operation, undo or redo.
    pub fn reload_touched(
        &self,
        project: &mut Project,
    ) -> Result<Vec<(&'static str, usize)>, StoreError> {
        let changed = self.touched.clone();
        self.reload_changed(project, &changed)
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
        self.reload_changed(project, &op.changed)
    }

    fn reload_changed(
        &self,
        project: &mut Project,
        changed: &Changed,
    ) -> Result<Vec<(&'static str, usize)>, StoreError> {
        let (touched, appended) = self.resolve(changed)?;
        let mut in_place = Vec::new();
        for t in &touched {
            let places = match (
                &t.updated_rows,
                appended.iter().find(|a| a.table == t.table),
            ) {
                (None, Some(a)) => match self.append_into(project, a)? {
                    Some(places) => places,
                    None => self.read_into(project, t.table, None)?,
                },
                (rows, _) => self.read_into(project, t.table, rows.as_deref())?,
            };
            in_place.extend(places.into_iter().map(|at| (t.table, at)));
        }
        Ok(in_place)
    }

    /// Take rows added past the end of a table into its list (and its updated rows in place): `None` when the
    /// list does not end where the new rows start (then the table is read whole).
    fn append_into(
        &self,
        project: &mut Project,
        a: &Appended,
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
            self.conn
                .query_row(&format!("SELECT count(*) FROM {}", a.table), [], |r| {
                    r.get(0)
                })?;
        let listed = self.listed(project, a.table);
        if listed != Some(before as usize) || now - before != a.inserted.len() as i64 {
            return Ok(None);
        }
        let places = self.read_into(project, a.table, Some(&a.updated))?;
        self.read_appended(project, a.table, first_new)?;
        Ok(Some(places))
    }

    /// Read again the given rows of a table into their places in `list` (returned), the rows past its end, or the
    /// whole table (nothing returned).
    fn refresh<T>(
        &self,
        table: &str,
        list: &mut Vec<T>,
        read: fn(&rusqlite::Row) -> Result<T, StoreError>,
        part: Part,
    ) -> Result<Vec<usize>, StoreError> {
        let rows = match part {
            Part::Whole => {
                *list = self.load_table(table, read)?;
                return Ok(Vec::new());
            }
            Part::From(first) => {
                let mut stmt = self.conn.prepare_cached(&format!(
                    "SELECT * FROM {table} WHERE rowid >= ?1 ORDER BY rowid"
                ))?;
                let mut found = stmt.query([first])?;
                while let Some(row) = found.next()? {
                    list.push(read(row)?);
                }
                return Ok(Vec::new());
            }
            Part::Rows(rows) => rows,
        };
        let mut place = self
            .conn
            .prepare_cached(&format!("SELECT count(*) FROM {table} WHERE rowid < ?1"))?;
        let mut row = self
            .conn
            .prepare_cached(&format!("SELECT * FROM {table} WHERE rowid = ?1"))?;
        let mut places = Vec::with_capacity(rows.len());
        for &r in rows {
            let at: usize = place.query_row([r], |x| x.get::<_, i64>(0))? as usize;
            let mut found = row.query([r])?;
            match (found.next()?, list.get_mut(at)) {
                (Some(x), Some(slot)) => {
                    *slot = read(x)?;
                    places.push(at);
                }
                // The list does not match the file: read the table whole.
                _ => {
                    drop(found);
                    *list = self.load_table(table, read)?;
                    return Ok(Vec::new());
                }
            }
        }
        Ok(places)
    }

    /// Where imported rows came from ([`Sources`]): what the check names their cells with.
    pub fn sources(&self) -> Result<Sources, StoreError> {
        let mut sheets = Vec::new();
        let mut sheet_at: foldhash::HashMap<i64, usize> = Default::default();
        let mut stmt = self
            .conn
            .prepare("SELECT id, name, columns FROM source_sheet ORDER BY id")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            sheet_at.insert(r.get(0)?, sheets.len());
            sheets.push(SourceSheet {
                name: r.get(1)?,
                columns: SourceSheet::parse_columns(&r.get::<_, String>(2)?),
            });
        }
        let mut out = Sources {
            sheets,
            rows: Default::default(),
        };
        let mut stmt = self
            .conn
            .prepare("SELECT entity, key, sheet, row, digest FROM row_source")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let entity: String = r.get(0)?;
            let (Some(entity), Some(&sheet)) = (
                EntityKind::parse(&entity),
                sheet_at.get(&r.get::<_, i64>(2)?),
            ) else {
                continue; // a kind a later version wrote: not ours to name
            };
            let key: String = r.get(1)?;
            out.rows.insert(
                (entity, key.clone()),
                RowSource {
                    entity,
                    key,
                    sheet,
                    row: r.get::<_, i64>(3)? as u32,
                    digest: r.get::<_, i64>(4)? as u64,
                },
            );
        }
        Ok(out)
    }

    /// The label of the operation an undo would reverse.
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|s| s.label.as_str())
    }

    /// The label of the operation a redo would repeat.
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|s| s.label.as_str())
    }

    /// Replace the whole content with a project, in one transaction and without an undo step
    /// (creating a project: the sample, a generated one).
    pub fn replace_all(&mut self, project: &Project) -> Result<(), StoreError> {
        if self.read_only {
            return Err(StoreError::ReadOnly);
        }
        self.conn.execute_batch(
            &TABLES.iter().map(|t| format!("DROP TRIGGER IF EXISTS temp.undo_{t}_insert; DROP TRIGGER IF EXISTS temp.undo_{t}_update; DROP TRIGGER IF EXISTS temp.undo_{t}_delete;")).collect::<String>(),
        )?;
        let result = (|| {
            let tx = self.conn.transaction()?;
            let w = Writer { tx: &tx };
            for t in TABLES.iter().rev() {
                if *t != "meta" {
                    tx.execute(&format!("DELETE FROM {t}"), [])?;
                }
            }
            w.set_name(&project.name)?;
            w.put_project(project)?;
            tx.commit().map_err(reject)
        })();
        self.undo.clear();
        self.redo.clear();
        self.conn.execute("DELETE FROM undo_log", [])?;
        self.install_undo_triggers()?;
        result
    }

    /// Every row of every table as text, in file order: what the file holds, for tests and diagnostics
    /// (read through this connection, which holds the file's lock).
    pub fn dump_rows(&self) -> Result<Vec<String>, StoreError> {
        let mut out = Vec::new();
        for t in TABLES {
            let mut stmt = self
                .conn
                .prepare(&format!("SELECT * FROM {t} ORDER BY rowid"))?;
            let n = stmt.column_count();
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let mut line = format!("{t}:");
                for i in 0..n {
                    line += &format!(" {:?}", r.get::<_, Value>(i)?);
                }
                out.push(line);
            }
        }
        Ok(out)
    }

    /// Write a copy of the project to another file ("save as"); this store stays on its own file.
    pub fn save_copy(&self, target: &Path) -> Result<(), StoreError> {
        if target.exists() {
            return Err(StoreError::Exists(target.to_path_buf()));
        }
        self.conn
            .execute("VACUUM INTO ?1", [target.to_string_lossy()])?;
        Ok(())
    }
}

fn reject(e: rusqlite::Error) -> StoreError {
    match e.sqlite_error_code() {
        Some(ErrorCode::ConstraintViolation) => StoreError::Rejected(e.to_string()),
        _ => StoreError::Sqlite(e),
    }
}

/// Writes inside one operation's transaction.
pub struct Writer<'a> {
    tx: &'a Transaction<'a>,
}

impl Writer<'_> {
    /// Insert or replace an entity by its key. A membership or benefit with id 0 is inserted with a new id,
    /// which is returned.
    pub fn put(&self, entity: &Entity) -> Result<RowId, StoreError> {
        let (table, mut columns) = rows::row(entity);
        let auto_id = matches!(entity, Entity::Membership(m) if m.id == 0)
            || matches!(entity, Entity::Benefit(b) if b.id == 0);
        if auto_id {
            columns.remove(0);
        }
        let key_col = columns[0].0;
        let names: Vec<String> = columns.iter().map(|(c, _)| format!("\"{c}\"")).collect();
        let holes: Vec<String> = (1..=columns.len()).map(|i| format!("?{i}")).collect();
        let updates: Vec<String> = columns
            .iter()
            .skip(1)
            .map(|(c, _)| format!("\"{c}\"=excluded.\"{c}\""))
            .collect();
        let sql = if auto_id {
            format!(
                "INSERT INTO {table}({}) VALUES({})",
                names.join(","),
                holes.join(",")
            )
        } else {
            // Only rows that really change are touched, so the undo log holds real changes only.
            let differs: Vec<String> = columns
                .iter()
                .skip(1)
                .map(|(c, _)| format!("\"{c}\" IS NOT excluded.\"{c}\""))
                .collect();
            format!(
                "INSERT INTO {table}({}) VALUES({}) ON CONFLICT(\"{key_col}\") DO UPDATE SET {} WHERE {}",
                names.join(","),
                holes.join(","),
                updates.join(","),
                differs.join(" OR ")
            )
        };
        let mut stmt = self.tx.prepare_cached(&sql)?;
        stmt.execute(params_from_iter(columns.iter().map(|(_, v)| v)))
            .map_err(reject)?;
        Ok(if auto_id {
            self.tx.last_insert_rowid()
        } else if let Value::Integer(i) = columns[0].1 {
            i
        } else {
            0
        })
    }

    /// Delete an entity and what belongs to it (a scenario's variations and test cases, a variation's test cases,
    /// a role model's memberships and benefit records). Returns whether it existed.
    pub fn delete(&self, key: &EntityKey) -> Result<bool, StoreError> {
        match key {
            EntityKey::Scenario(id) => {
                self.tx.execute("DELETE FROM test_case WHERE variation IN (SELECT id FROM variation WHERE scenario = ?1)", [id.as_str()])?;
                self.tx
                    .execute("DELETE FROM variation WHERE scenario = ?1", [id.as_str()])?;
            }
            EntityKey::Variation(id) => {
                self.tx
                    .execute("DELETE FROM test_case WHERE variation = ?1", [id.as_str()])?;
            }
            EntityKey::RoleModel(id) => {
                self.tx.execute(
                    "DELETE FROM membership WHERE role_model = ?1",
                    [id.as_str()],
                )?;
                self.tx
                    .execute("DELETE FROM benefit WHERE role_model = ?1", [id.as_str()])?;
            }
            _ => {}
        }
        self.remove(key)
    }

    /// Delete one entity alone (what belongs to it is removed by entries of its own). Returns whether it existed.
    pub fn remove(&self, key: &EntityKey) -> Result<bool, StoreError> {
        let (table, column, value) = rows::locate(key);
        let n = self
            .tx
            .execute(
                &format!("DELETE FROM {table} WHERE \"{column}\" = ?1"),
                [value],
            )
            .map_err(reject)?;
        Ok(n > 0)
    }

    /// Give an entity a new id in place (its row stays where it is), refusing an id in use; what refers to it is
    /// not followed (a change lists those rows as puts of their own).
    pub fn rename_key(&self, key: &EntityKey, new_id: &str) -> Result<(), StoreError> {
        let (table, column, old) = rows::locate(key);
        let exists: i64 = self.tx.query_row(
            &format!("SELECT count(*) FROM {table} WHERE \"{column}\" = ?1"),
            [new_id],
            |r| r.get(0),
        )?;
        if exists > 0 {
            return Err(StoreError::Rejected(format!(
                "{new_id} は既に使われています / {new_id} is already in use"
            )));
        }
        self.tx
            .execute(
                &format!("UPDATE {table} SET \"{column}\" = ?1 WHERE \"{column}\" = ?2"),
                rusqlite::params![new_id, old],
            )
            .map_err(reject)?;
        Ok(())
    }

    /// Give a scenario, variation, test case or role model a new id, carrying what refers to it along.
    pub fn rename(&self, key: &EntityKey, new_id: &str) -> Result<(), StoreError> {
        self.rename_key(key, new_id)?;
        let (_, _, old) = rows::locate(key);
        let follow: &[(&str, &str)] = match key {
            EntityKey::Scenario(_) => &[("variation", "scenario"), ("test_case", "scenario")],
            EntityKey::Variation(_) => &[("test_case", "variation")],
            EntityKey::RoleModel(_) => &[
                ("test_case", "role_model"),
                ("membership", "role_model"),
                ("benefit", "role_model"),
            ],
            EntityKey::Insurer(_) => &[("membership", "insurer"), ("benefit", "insurer")],
            _ => &[],
        };
        for (t, c) in follow {
            self.tx.execute(
                &format!("UPDATE {t} SET \"{c}\" = ?1 WHERE \"{c}\" = ?2"),
                rusqlite::params![new_id, old],
            )?;
        }
        Ok(())
    }

    /// Set the project's name.
    pub fn set_name(&self, name: &str) -> Result<(), StoreError> {
        self.tx.execute(
            "INSERT INTO meta(key, value) VALUES('name', ?1) ON CONFLICT(key) DO UPDATE SET value = excluded.value \
             WHERE value IS NOT excluded.value",
            [name],
        )?;
        Ok(())
    }

    /// Record where rows came from: each sheet is added, each row's source replaces any earlier one, and sheets no
    /// row refers to any more are dropped.
    pub fn put_sources(&self, sources: &Sources) -> Result<(), StoreError> {
        if sources.rows.is_empty() {
            return Ok(());
        }
        let mut ids = Vec::with_capacity(sources.sheets.len());
        for sheet in &sources.sheets {
            self.tx.execute(
                "INSERT INTO source_sheet(name, columns) VALUES(?1, ?2)",
                rusqlite::params![sheet.name, sheet.columns_text()],
            )?;
            ids.push(self.tx.last_insert_rowid());
        }
        let mut stmt = self.tx.prepare_cached(
            "INSERT INTO row_source(entity, key, sheet, row, digest) VALUES(?1, ?2, ?3, ?4, ?5) \
             ON CONFLICT(entity, key) DO UPDATE SET sheet = excluded.sheet, row = excluded.row, \
             digest = excluded.digest",
        )?;
        for r in sources.rows.values() {
            let Some(&sheet) = ids.get(r.sheet) else {
                continue;
            };
            stmt.execute(rusqlite::params![
                r.entity.key(),
                r.key,
                sheet,
                r.row,
                r.digest as i64
            ])?;
        }
        self.tx.execute(
            "DELETE FROM source_sheet WHERE id NOT IN (SELECT DISTINCT sheet FROM row_source)",
            [],
        )?;
        Ok(())
    }

    /// Put every entity of a project (ids of memberships and benefits are kept when set).
    pub fn put_project(&self, p: &Project) -> Result<(), StoreError> {
        let all = p
            .institutions
            .iter()
            .cloned()
            .map(Entity::Institution)
            .chain(p.insurers.iter().cloned().map(Entity::Insurer))
            .chain(p.affairs.iter().cloned().map(Entity::Affair))
            .chain(p.procedures.iter().cloned().map(Entity::Procedure))
            .chain(p.info_kinds.iter().cloned().map(Entity::InfoKind))
            .chain(p.info_items.iter().cloned().map(Entity::InfoItem))
            .chain(p.scenarios.iter().cloned().map(Entity::Scenario))
            .chain(p.variations.iter().cloned().map(Entity::Variation))
            .chain(p.test_cases.iter().cloned().map(Entity::TestCase))
            .chain(p.role_models.iter().cloned().map(Entity::RoleModel))
            .chain(p.memberships.iter().cloned().map(Entity::Membership))
            .chain(p.benefits.iter().cloned().map(Entity::Benefit));
        for e in all {
            self.put(&e)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod touched_tests {
    use super::{Touched, tables_in};

    fn log(lines: &[&str]) -> Vec<String> {
        lines.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn updates_name_their_rows_and_anything_else_means_the_whole_table() {
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
                Touched {
                    table: "info_item",
                    updated_rows: None
                },
                Touched {
                    table: "test_case",
                    updated_rows: Some(vec![12, 3])
                },
                Touched {
                    table: "membership",
                    updated_rows: None
                },
            ]
        );
        assert!(tables_in(&log(&["DELETE FROM info_kindx WHERE rowid=1"])).is_empty());
    }
}
