//! The project file: one SQLite file per project (`.renkei`), its schema and migrations, the queries that load and
//! write entities, one transaction per user operation, and undo/redo over those operations.
//!
//! Safety of the file comes first:
//! - Before SQLite touches a file, its header is read: not SQLite, not ours (`application_id`), from a newer
//!   version (`user_version`), or shorter than its header says (truncated) → a clear error, the file untouched.
//! - Rollback journal (not WAL), `foreign_keys=ON`. One writer at a time: the writer holds an OS lock on
//!   `FILE-lock` while the file is open for writing, so a second writer (window or import) is told the project is
//!   in use; readers (the command line's reports) take no such lock and read between the writer's transactions.
//! - Migrations run stepwise, each in a transaction, after a backup copy `NAME.renkei.bak-vN` is written.
//!
//! Undo: temporary triggers (connection-local, in memory) write the SQL that reverses every row change into a
//! temporary log; one operation's entries form one undo step. Undoing runs them backwards in one transaction —
//! and the triggers log that too, which becomes the redo step (SQLite's "automatic undo/redo" technique).

pub mod erase;
mod file;
mod reload;
pub mod rows;
pub mod schema;
pub mod transact;
mod undo;
mod writer;

use std::path::{Path, PathBuf};

use rusqlite::types::Value;
use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension};

use crate::domain::model::*;
pub use file::backup_path;
use file::{map_open_error, read_header};
pub use rows::{Entity, EntityKey};
use schema::{APPLICATION_ID, SCHEMA_VERSION, TABLES};
pub use undo::OpChanges;
use undo::{Changed, Step};
pub use writer::Writer;

/// Why a project file cannot be opened or written.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No such file.
    #[error("ファイルがありません: {} / no such file", crate::platform::shown(.0))]
    NotFound(PathBuf),
    /// The file exists already (when creating).
    #[error("ファイルが既にあります: {} / the file already exists", crate::platform::shown(.0))]
    Exists(PathBuf),
    /// Not a Renkei project.
    #[error(
        "Renkei のプロジェクトファイルではありません: {shown_path}（{why_ja}） / not a Renkei project file: {why_en}"
    , shown_path = crate::platform::shown(path))]
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
        "新しいバージョンの Renkei で作成されたファイルです（スキーマ {found}、このバージョンは {supported} まで）: {shown_path} / \
         made by a newer Renkei (schema {found}; this build reads up to {supported})"
    , shown_path = crate::platform::shown(path))]
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
        "このプロジェクトは別のプロセスで開かれています: {}（そちらを閉じてから開いてください） / \
         the project is open in another process: close it there first",
        crate::platform::shown(.0))]
    InUse(PathBuf),
    /// Opened read-only.
    #[error("読み取り専用で開いています / the project is open read-only")]
    ReadOnly,
    /// The file cannot be written (its read-only attribute, its permissions).
    #[error(
        "ファイルが読み取り専用のため書き込めません: {}（ファイルのプロパティで「読み取り専用」を外すか、書き込める場所に\
         コピーしてください） / the file is read-only: clear its read-only attribute or copy it somewhere writable",
        crate::platform::shown(.0))]
    ReadOnlyFile(PathBuf),
    /// The folder cannot be written (SQLite writes its journal beside the file).
    #[error(
        "フォルダーに書き込めないため、プロジェクトを変更できません: {}（書き込めるフォルダーにコピーしてください） / \
         the folder is read-only, so the project cannot be changed: copy it to a folder you can write to",
        crate::platform::shown(.0))]
    ReadOnlyFolder(PathBuf),
    /// A table or column the file's schema version has is missing.
    #[error(
        "{shown_path}: {missing_ja}がありません。このバージョンの Renkei で開けるプロジェクトファイルではありません / \
         {missing_en} is missing: not a project file this version of Renkei can open"
    , shown_path = crate::platform::shown(path))]
    Incomplete {
        /// The file.
        path: PathBuf,
        /// What is missing, in Japanese.
        missing_ja: String,
        /// What is missing, in English.
        missing_en: String,
    },
    /// Updating an older file to this version's schema failed: its tables are not those its schema version
    /// says. Nothing was changed; the backup made first stays.
    #[error(
        "{shown_path}: スキーマ {from} のファイルをこのバージョンの形に更新できませんでした。ファイルの表がスキーマ {from} の形と合いません（別のツールで書き換えられたか、一部が壊れています）。ファイルは変更していません。更新の前に作ったバックアップ {shown_backup} も元のまま残っています / \
         the file of schema {from} could not be updated to this version: its tables are not those of schema {from} \
         (changed by another tool, or damaged); nothing was changed, and the backup made first, {shown_backup}, is \
         as it was (SQLite: {why})",
        shown_path = crate::platform::shown(path),
        shown_backup = crate::platform::shown(backup)
    )]
    MigrationFailed {
        /// The file.
        path: PathBuf,
        /// Its schema version.
        from: i32,
        /// The backup made before the attempt.
        backup: PathBuf,
        /// What SQLite said.
        why: String,
    },
    /// An operation's content broke a rule of the file (a duplicate key, a missing parent).
    #[error("保存できません / cannot save: {0}")]
    Rejected(String),
    /// The user cancelled a long operation; nothing was written.
    #[error("取り消しました（何も書き込んでいません） / cancelled: nothing was written")]
    Cancelled,
    /// A change worked out from the project at one revision, offered to the file at another: another operation
    /// (another process, or an edit meanwhile) changed the project after the change was worked out.
    #[error(
        "この変更を作った後にプロジェクトが変更されました（リビジョン {base} → {now}）。何も書き込んでいません。\
         もう一度読み込んでからやり直してください / the project changed meanwhile (revision {base} → {now}): \
         nothing was written; read it again and retry"
    )]
    ChangedMeanwhile {
        /// The revision the change was worked out from.
        base: u64,
        /// The file's revision now.
        now: u64,
    },
    /// Reading or copying the file failed.
    #[error("ファイルの入出力に失敗しました / file error: {0}")]
    Io(#[from] std::io::Error),
    /// SQLite failed: said in our words first (what it means for the file), SQLite's own text after.
    #[error("{}", sqlite_words(.0))]
    Sqlite(#[from] rusqlite::Error),
}

/// What an SQLite error means for the user's file, in our words, with SQLite's text after them for support.
fn sqlite_words(e: &rusqlite::Error) -> String {
    let (ja, en) = match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseCorrupt) | Some(ErrorCode::NotADatabase) => (
            "プロジェクトファイルが壊れています（読めない部分があります）。バックアップ（.bak-v…）か、送受信したブックから戻してください",
            "the project file is damaged (part of it cannot be read): restore it from a backup (.bak-v…) or from the books sent and received",
        ),
        Some(ErrorCode::DiskFull) => (
            "ディスクがいっぱいのため書き込めませんでした。何も変更していません",
            "the disk is full: nothing was changed",
        ),
        Some(ErrorCode::ReadOnly) | Some(ErrorCode::PermissionDenied) => (
            "プロジェクトファイルに書き込めません（読み取り専用か、権限がありません）",
            "the project file cannot be written (read-only, or no permission)",
        ),
        Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => (
            "プロジェクトファイルは別の処理が使用中です。しばらくしてからやり直してください",
            "the project file is busy in another process: try again shortly",
        ),
        _ if matches!(e, rusqlite::Error::SqliteFailure(_, Some(m)) if m.starts_with("no such")) => {
            (
                "プロジェクトファイルの表がそのスキーマバージョンの形と合いません。このバージョンの Renkei で開けるファイルではありません",
                "the project file's tables do not match its schema version: not a file this version of Renkei can open",
            )
        }
        _ => (
            "プロジェクトファイルを読み書きできませんでした",
            "the project file could not be read or written",
        ),
    };
    format!("{ja} / {en} (SQLite: {e})")
}

/// A new, empty file at `path` readable and writable by its owner only, for SQLite to fill (a project, a copy, a
/// backup: they hold 特定個人情報). SQLite makes its journal with the file's permissions.
fn create_owner_only(path: &Path) -> Result<(), StoreError> {
    std::fs::OpenOptions::new().write(true).create_new(true).open(path)?;
    crate::platform::files::owner_only(path)?;
    Ok(())
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
    /// Whether operations are logged for undo (see [`Store::forgo_undo`]).
    logs_undo: bool,
    /// What opening the file did besides opening it: a change interrupted by a crash rolled back, a migration.
    opened: Opened,
    /// The one writer's claim on the file, while it is open for writing.
    _writer: Option<file::WriterLock>,
}

/// What opening a project file did besides opening it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Opened {
    /// A change was interrupted (a crash, a kill): SQLite rolled it back from its journal, under the file's lock.
    pub recovered: bool,
    /// The file was of an older schema: migrated from this version, after a backup copy there.
    pub migrated: Option<(i32, PathBuf)>,
    /// The file lies on a network share, where SQLite advises against keeping a file used from several places.
    pub network: Option<crate::platform::NetworkLocation>,
}

impl Opened {
    /// What to tell the user, one line each (empty when nothing happened).
    pub fn lines(&self, path: &Path) -> Vec<String> {
        let mut out = Vec::new();
        if self.recovered {
            out.push(format!(
                "中断された変更を元に戻しました（前回の書き込みがクラッシュなどで途中で終わっていました）: {} / \
                 an interrupted change was rolled back (the last write did not finish)",
                crate::platform::shown(path)
            ));
        }
        if let Some((from, backup)) = &self.migrated {
            out.push(format!(
                "スキーマ {from} のファイルを {} に更新しました（元のファイルは {}） / migrated from schema {from}; \
                 the file as it was is kept as {}",
                schema::SCHEMA_VERSION,
                crate::platform::shown(backup),
                crate::platform::shown(backup)
            ));
        }
        if let Some(network) = &self.network {
            out.push(network.warning());
        }
        out
    }
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

impl Store {
    /// Create a new, empty project file. Refuses to overwrite an existing file.
    pub fn create(path: &Path, name: &str) -> Result<Store, StoreError> {
        if path.exists() {
            return Err(StoreError::Exists(path.to_path_buf()));
        }
        let writer = file::WriterLock::take(path)?;
        create_owner_only(path)?;
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
        let mut store = Self::writable(conn, path)?;
        store._writer = Some(writer);
        store.opened.network = crate::platform::network_location(path);
        Ok(store)
    }

    /// A store writing to `conn`, with its undo log ready.
    pub(super) fn writable(conn: Connection, path: &Path) -> Result<Store, StoreError> {
        let mut store = Store::on(conn, path, false);
        store.install_undo_triggers()?;
        Ok(store)
    }

    /// Open a project for reading and writing. A change a crash interrupted is rolled back (SQLite's rollback of
    /// its journal, under the file's exclusive lock); a file from an older schema is backed up and migrated.
    /// What of that happened is in [`Store::opened`].
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let header = read_header(path)?;
        // A file that cannot be written is said so first (tried, not guessed from its permission bits).
        if let Err(e) = std::fs::OpenOptions::new().write(true).open(path)
            && e.kind() == std::io::ErrorKind::PermissionDenied
        {
            return Err(StoreError::ReadOnlyFile(path.to_path_buf()));
        }
        // One writer at a time; readers are never refused by it.
        let writer = file::WriterLock::take(path)?;
        let hot = file::hot_journal(path);
        let mut conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| map_open_error(path, e))?;
        if conn.is_readonly(rusqlite::MAIN_DB)? {
            return Err(StoreError::ReadOnlyFile(path.to_path_buf()));
        }
        file::check_folder_writable(path)?;
        Self::configure(&conn, path)?;
        // A moment under SQLite's exclusive lock: a hot journal is rolled back before anything is read.
        conn.execute_batch("BEGIN EXCLUSIVE; COMMIT;").map_err(|e| map_open_error(path, e))?;
        let mut opened = Opened {
            recovered: hot && !file::hot_journal(path),
            migrated: None,
            network: crate::platform::network_location(path),
        };
        Self::verify(&conn, path, header.user_version)?;
        if header.user_version < SCHEMA_VERSION {
            let backup = Self::back_up(&conn, path, header.user_version)?;
            schema::migrate(&mut conn, header.user_version, SCHEMA_VERSION).map_err(|e| {
                StoreError::MigrationFailed {
                    path: path.to_path_buf(),
                    from: header.user_version,
                    backup: backup.clone(),
                    why: e.to_string(),
                }
            })?;
            opened.migrated = Some((header.user_version, backup));
        }
        let mut store = Self::writable(conn, path)?;
        store.opened = opened;
        store._writer = Some(writer);
        Ok(store)
    }

    /// The backup copy before a migration from `version`, readable by its owner only. A backup an earlier attempt
    /// left of the same content is the one kept (a file that fails to migrate again and again leaves one copy, not
    /// one per attempt); a backup of other content stays, and this one takes the next free name.
    fn back_up(conn: &Connection, path: &Path, version: i32) -> Result<PathBuf, StoreError> {
        let first = backup_path(path, version);
        let fresh = file::beside(&first, ".new");
        let _ = std::fs::remove_file(&fresh);
        create_owner_only(&fresh)?;
        if let Err(e) = conn.execute("VACUUM INTO ?1", [fresh.to_string_lossy()]) {
            let _ = std::fs::remove_file(&fresh);
            return Err(StoreError::Sqlite(e));
        }
        let made = std::fs::read(&fresh)?;
        let taken = std::iter::once(first.clone())
            .chain((2..1000).map(|n| file::beside(&first, &format!("-{n}"))));
        for candidate in taken {
            if !candidate.exists() {
                std::fs::rename(&fresh, &candidate)?;
                return Ok(candidate);
            }
            if std::fs::read(&candidate).is_ok_and(|old| old == made) {
                std::fs::remove_file(&fresh)?;
                return Ok(candidate);
            }
        }
        std::fs::rename(&fresh, &first)?;
        Ok(first)
    }

    /// Open a project read-only (for the command line's reports). Never writes, but a file that needs it is first
    /// opened as [`Store::open`] opens it: a change a crash interrupted is rolled back, a file of an older schema
    /// migrated (after a backup copy). What of that happened is in [`Store::opened`].
    pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        let header = read_header(path)?;
        // A journal of the writer at work is not a crash's: SQLite waits for that write and reads past it.
        let crashed = file::hot_journal(path) && !file::WriterLock::held_elsewhere(path);
        if crashed || header.user_version < SCHEMA_VERSION {
            let opened = Store::open(path)?.opened.clone();
            let mut store = Self::open_read_only(path)?;
            store.opened = opened;
            return Ok(store);
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| map_open_error(path, e))?;
        // Reading while the window writes: wait for its write (an import's can take seconds) rather than fail.
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        Self::verify(&conn, path, header.user_version)?;
        let mut store = Store::on(conn, path, true);
        store.opened.network = crate::platform::network_location(path);
        Ok(store)
    }

    /// What opening the file did besides opening it (a rollback of an interrupted change, a migration).
    pub fn opened(&self) -> &Opened {
        &self.opened
    }

    /// A read-only stand-in holding nothing, named after `path`: what the window keeps while the real store is
    /// lent to a background job (applying a large import), so that nothing can write meanwhile.
    pub fn stand_in(path: &Path) -> Result<Store, StoreError> {
        Ok(Store::on(Connection::open_in_memory()?, path, true))
    }

    /// A store on `conn`, named after `path`, with nothing to undo or redo yet.
    fn on(conn: Connection, path: &Path, read_only: bool) -> Store {
        Store {
            conn,
            path: path.to_path_buf(),
            read_only,
            undo: Vec::new(),
            redo: Vec::new(),
            touched: Changed::Known(Vec::new(), Vec::new()),
            logs_undo: true,
            opened: Opened::default(),
            _writer: None,
        }
    }

    pub(super) fn configure(conn: &Connection, path: &Path) -> Result<(), StoreError> {
        // The writer holds SQLite's locks only while it writes (the writer lock keeps other writers out), so that
        // readers read between its writes; a reader's moment under a shared lock is waited for. A page cache of
        // 64 MiB (SQLite's default is 2 MiB) holds a national import's transaction without spilling pages to the
        // file halfway (then written twice).
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.execute_batch(
            "PRAGMA locking_mode = NORMAL; PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY; \
             PRAGMA synchronous = FULL; PRAGMA cache_size = -65536;",
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

    /// The file is sound (SQLite's quick check) and has every table and column its schema version has.
    pub(super) fn verify(conn: &Connection, path: &Path, version: i32) -> Result<(), StoreError> {
        let check: String = conn
            .query_row("PRAGMA quick_check(1)", [], |r| r.get(0))
            .map_err(|e| map_open_error(path, e))?;
        if check != "ok" {
            return Err(StoreError::Corrupt(format!("{}: {check}", crate::platform::shown(path))));
        }
        if let Some((missing_ja, missing_en)) =
            file::missing_part(conn, version).map_err(|e| map_open_error(path, e))?
        {
            return Err(StoreError::Incomplete {
                path: path.to_path_buf(),
                missing_ja,
                missing_en,
            });
        }
        Ok(())
    }

    /// The file's revision: raised by every operation, undo and redo (see [`StoreError::ChangedMeanwhile`]).
    pub fn revision(&self) -> Result<u64, StoreError> {
        Ok(revision_in(&self.conn)?)
    }

    /// The project, where its rows came from, the record of books and the revision, read in one transaction
    /// (one consistent snapshot, even while another process writes).
    pub fn snapshot(&self) -> Result<Snapshot, StoreError> {
        self.snapshot_with(&mut |_, _| true)
    }

    /// [`Store::snapshot`], reporting the rows read as [`Store::load_with`] does; `false` back cancels.
    pub fn snapshot_with(
        &self,
        progress: &mut dyn FnMut(usize, usize) -> bool,
    ) -> Result<Snapshot, StoreError> {
        self.snapshot_in(progress, true)
    }

    /// [`Store::snapshot`] without the rows' sources (empty): for one who reads only the sources of some rows
    /// later ([`Store::sources_of`]); at national scale the sources of every row are as much memory again as the
    /// project.
    pub fn snapshot_without_sources(&self) -> Result<Snapshot, StoreError> {
        self.snapshot_in(&mut |_, _| true, false)
    }

    fn snapshot_in(
        &self,
        progress: &mut dyn FnMut(usize, usize) -> bool,
        with_sources: bool,
    ) -> Result<Snapshot, StoreError> {
        let tx = self.conn.unchecked_transaction()?;
        let snapshot = Snapshot {
            // The transaction only reads: the largest table may be read beside the rest.
            project: self.load_in(progress, true)?,
            sources: if with_sources { self.sources()? } else { Default::default() },
            books: self.books()?,
            revision: revision_in(&tx)?,
        };
        tx.commit()?;
        Ok(snapshot)
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
        Ok(self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// The file's application id.
    pub fn application_id(&self) -> Result<i32, StoreError> {
        Ok(self.conn.query_row("PRAGMA application_id", [], |r| r.get(0))?)
    }

    /// 自団体: whose project it is (empty until it is set).
    pub fn own(&self) -> Result<String, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'own'", [], |r| r.get(0))
            .optional()?
            .unwrap_or_default())
    }

    /// The project's name.
    pub fn name(&self) -> Result<String, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'name'", [], |r| r.get(0))
            .unwrap_or_default())
    }

    /// Counts of every entity kind, without loading them.
    pub fn counts(&self) -> Result<Counts, StoreError> {
        let n = |t: &str| -> Result<usize, StoreError> {
            Ok(self
                .conn
                .query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get::<_, i64>(0))?
                as usize)
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

    /// Whether another process (or connection) has the file open for writing now: what a command that will write
    /// asks first, so that it says so at once rather than after reading a book.
    pub fn in_use(path: &Path) -> bool {
        file::WriterLock::held_elsewhere(path)
    }

    /// The code master rows marked as shipped sample data, per master (事務, 事務手続, 特定個人情報名, 項目): what
    /// `renkei info` and the window say, so that nobody takes them for the ministry's.
    pub fn sample_code_rows(&self) -> Result<[(&'static str, &'static str, usize); 4], StoreError> {
        let n = |t: &str| -> Result<usize, StoreError> {
            Ok(self.conn.query_row(
                &format!("SELECT count(*) FROM {t} WHERE sample <> 0"),
                [],
                |r| r.get::<_, i64>(0),
            )? as usize)
        };
        Ok([
            ("事務", "affairs", n("affair")?),
            ("事務手続", "procedures", n("procedure")?),
            ("特定個人情報名", "info kinds", n("info_kind")?),
            ("項目", "info items", n("info_item")?),
        ])
    }

    /// Replace the whole content with a project, in one transaction and without an undo step
    /// (creating a project: the sample, a generated one).
    pub fn replace_all(&mut self, project: &Project) -> Result<(), StoreError> {
        if self.read_only {
            return Err(StoreError::ReadOnly);
        }
        self.drop_undo_triggers()?;
        let result = (|| {
            let tx = self.conn.transaction()?;
            let w = Writer::new(&tx);
            for t in TABLES.iter().rev() {
                if *t != "meta" {
                    tx.execute(&format!("DELETE FROM {t}"), [])?;
                }
            }
            w.set_name(&project.name)?;
            if !project.own.is_empty() {
                w.set_own(&project.own)?;
            }
            w.put_project(project)?;
            undo::bump_revision(&tx)?;
            tx.commit().map_err(reject)
        })();
        self.undo.clear();
        self.redo.clear();
        self.conn.execute("DELETE FROM undo_log", [])?;
        if self.logs_undo {
            self.install_undo_triggers()?;
        }
        result
    }

    /// Every row of every table as text, in file order: what the file holds, for tests and diagnostics
    /// (read through this connection, which holds the file's lock).
    pub fn dump_rows(&self) -> Result<Vec<String>, StoreError> {
        let mut out = Vec::new();
        for t in TABLES {
            let mut stmt = self.conn.prepare(&format!("SELECT * FROM {t} ORDER BY rowid"))?;
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
        // Written beside it under another name and renamed when complete: a copy cut off is never taken for one.
        let partial = file::beside(target, ".partial");
        let _ = std::fs::remove_file(&partial);
        create_owner_only(&partial)?;
        if let Err(e) = self.conn.execute("VACUUM INTO ?1", [partial.to_string_lossy()]) {
            let _ = std::fs::remove_file(&partial);
            return Err(e.into());
        }
        if target.exists() {
            let _ = std::fs::remove_file(&partial);
            return Err(StoreError::Exists(target.to_path_buf()));
        }
        std::fs::rename(&partial, target)?;
        Ok(())
    }
}

/// What [`Store::snapshot`] reads: everything a change is worked out from, and the revision it was at.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// The project.
    pub project: Project,
    /// Where its imported rows came from.
    pub sources: crate::domain::coordination::source::Sources,
    /// The books received and sent.
    pub books: Vec<crate::domain::coordination::book::BookRecord>,
    /// The file's revision.
    pub revision: u64,
}

pub(super) fn revision_in(conn: &Connection) -> rusqlite::Result<u64> {
    conn.query_row("SELECT n FROM revision", [], |r| r.get::<_, i64>(0)).map(|n| n as u64)
}

fn reject(e: rusqlite::Error) -> StoreError {
    match e.sqlite_error_code() {
        Some(ErrorCode::ConstraintViolation) => StoreError::Rejected(e.to_string()),
        _ => StoreError::Sqlite(e),
    }
}
