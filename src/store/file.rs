//! A project file before SQLite opens it: its header read by hand (SQLite's, ours, its schema version, whether it
//! is truncated), what an open failure means for the user, and where the backup before a migration goes.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use rusqlite::ErrorCode;

use super::StoreError;
use super::schema::{APPLICATION_ID, SCHEMA_VERSION};

/// What the header of a file says, read without SQLite.
pub(super) struct Header {
    pub(super) application_id: i32,
    pub(super) user_version: i32,
}

fn not_a_project(path: &Path, ja: &str, en: &str) -> StoreError {
    StoreError::NotAProject { path: path.to_path_buf(), why_ja: ja.into(), why_en: en.into() }
}

pub(super) fn read_header(path: &Path) -> Result<Header, StoreError> {
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
    let header = Header { application_id: be32(68), user_version: be32(60) };
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
    // A change cut off by a crash may leave the header ahead of the pages written; its journal puts it back,
    // so the file is judged after that rollback.
    if valid_for == change_counter && pages > 0 && size < page_size * pages && !hot_journal(path) {
        return Err(StoreError::Corrupt(format!(
            "{}: ファイルが途中で切れています（{} バイトのはずが {} バイト） / truncated: {} bytes expected, {} found",
            crate::platform::shown(path),
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

pub(super) fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(e.sqlite_error_code(), Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked))
}

pub(super) fn map_open_error(path: &Path, e: rusqlite::Error) -> StoreError {
    if is_busy(&e) {
        return StoreError::InUse(path.to_path_buf());
    }
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) | Some(ErrorCode::DatabaseCorrupt) => {
            StoreError::Corrupt(format!("{}: {e}", crate::platform::shown(path)))
        }
        _ => StoreError::Sqlite(e),
    }
}

/// The one writer's claim on a project file: an OS lock on `FILE-lock` beside it, held while the file is open for
/// writing. A second writer (another window, an import) is refused; readers (the command line's reports) never
/// take it and read while the window is open. The project file itself is not locked this way: on Windows such a
/// lock would stop SQLite's own reads.
#[derive(Debug)]
pub(super) struct WriterLock {
    file: std::fs::File,
    path: PathBuf,
}

impl WriterLock {
    /// Take the claim, or say that another writer has it.
    pub(super) fn take(project: &Path) -> Result<WriterLock, StoreError> {
        let path = beside(project, "-lock");
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
                    StoreError::ReadOnlyFolder(
                        path.parent().map(Path::to_path_buf).unwrap_or_default(),
                    )
                }
                _ => StoreError::Io(e),
            })?;
        match file.try_lock() {
            Ok(()) => Ok(WriterLock { file, path }),
            Err(std::fs::TryLockError::WouldBlock) => Err(StoreError::InUse(project.to_path_buf())),
            Err(std::fs::TryLockError::Error(e)) => Err(StoreError::Io(e)),
        }
    }

    /// Whether another process (or connection) holds the claim now.
    pub(super) fn held_elsewhere(project: &Path) -> bool {
        let Ok(file) = std::fs::OpenOptions::new().write(true).open(beside(project, "-lock"))
        else {
            return false;
        };
        matches!(file.try_lock(), Err(std::fs::TryLockError::WouldBlock))
    }
}

impl Drop for WriterLock {
    fn drop(&mut self) {
        let _ = self.file.unlock();
        // Left beside the file it would only clutter the folder; a writer that opened it meanwhile holds its own
        // handle and takes a new one next time.
        let _ = std::fs::remove_file(&self.path);
    }
}

/// The rollback journal SQLite keeps beside the file while a change is being written.
pub(super) fn journal_path(path: &Path) -> PathBuf {
    beside(path, "-journal")
}

/// A file beside `path` whose name is the file's with `suffix` added (`p.renkei-journal`, `p.renkei-lock`).
pub(super) fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// Whether a change was interrupted (a crash, a kill, a power cut): its rollback journal is still beside the
/// file, with its header (a committed change deletes the journal; no other process holds the file, or opening
/// would have been refused as in use first).
pub(super) fn hot_journal(path: &Path) -> bool {
    let Ok(mut f) = File::open(journal_path(path)) else {
        return false;
    };
    let mut head = [0u8; 8];
    f.read_exact(&mut head).is_ok() && head != [0u8; 8]
}

/// Whether files can be made in the folder of `path` (SQLite writes its journal there): tried, not guessed from
/// permission bits.
pub(super) fn check_folder_writable(path: &Path) -> Result<(), StoreError> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let probe = folder.join(format!(".renkei-probe-{}", std::process::id()));
    match std::fs::OpenOptions::new().write(true).create_new(true).open(&probe) {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            Ok(())
        }
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
            ) =>
        {
            Err(StoreError::ReadOnlyFolder(folder))
        }
        // Another reason (the probe's name taken) says nothing about the folder.
        Err(_) => Ok(()),
    }
}

/// The tables and columns of a schema version: (table, its columns), by table name.
type Shape = Vec<(String, Vec<String>)>;

/// The tables and columns a file at schema `version` has, as the migrations make them: worked out in memory once
/// per version and process (every open of a file verifies it; running the migrations each time was most of the
/// cost of opening a small project).
fn expected_shape(version: i32) -> rusqlite::Result<Shape> {
    static SHAPES: std::sync::Mutex<Vec<(i32, Shape)>> = std::sync::Mutex::new(Vec::new());
    let known = |shapes: &[(i32, Shape)]| {
        shapes.iter().find(|(v, _)| *v == version).map(|(_, s)| s.clone())
    };
    if let Some(shape) = known(&SHAPES.lock().unwrap_or_else(|e| e.into_inner())) {
        return Ok(shape);
    }
    let mut conn = rusqlite::Connection::open_in_memory()?;
    super::schema::migrate(&mut conn, 0, version)?;
    let shape = shape_of(&conn)?;
    SHAPES.lock().unwrap_or_else(|e| e.into_inner()).push((version, shape.clone()));
    Ok(shape)
}

fn shape_of(conn: &rusqlite::Connection) -> rusqlite::Result<Shape> {
    let mut stmt = conn.prepare(
        "SELECT m.name, p.name FROM sqlite_schema m JOIN pragma_table_info(m.name) p \
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.cid",
    )?;
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let (table, column): (String, String) = (r.get(0)?, r.get(1)?);
        match out.last_mut() {
            Some((t, cols)) if *t == table => cols.push(column),
            _ => out.push((table, vec![column])),
        }
    }
    Ok(out)
}

/// The first table or column a file at schema `version` should have and lacks (a file that was edited by hand, or
/// written by something else): (Japanese, English).
pub(super) fn missing_part(
    conn: &rusqlite::Connection,
    version: i32,
) -> rusqlite::Result<Option<(String, String)>> {
    let have = shape_of(conn)?;
    for (table, columns) in expected_shape(version)? {
        let Some((_, has)) = have.iter().find(|(t, _)| *t == table) else {
            return Ok(Some((format!("テーブル {table}"), format!("the table {table}"))));
        };
        if let Some(c) = columns.iter().find(|c| !has.contains(c)) {
            return Ok(Some((
                format!("テーブル {table} の列 {c}"),
                format!("the column {table}.{c}"),
            )));
        }
    }
    Ok(None)
}

/// The path of the backup copy made before migrating from `version`.
pub fn backup_path(path: &Path, version: i32) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(format!(".bak-v{version}"));
    path.with_file_name(name)
}
