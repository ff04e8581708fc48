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
    StoreError::NotAProject {
        path: path.to_path_buf(),
        why_ja: ja.into(),
        why_en: en.into(),
    }
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

pub(super) fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked)
    )
}

pub(super) fn map_open_error(path: &Path, e: rusqlite::Error) -> StoreError {
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
