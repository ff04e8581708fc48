//! The exchange formats: the ministry's shared-form workbook (read with calamine, written with rust_xlsxwriter)
//! and the answer XML (quick-xml); the digest books are recognised by.

pub mod cell;
pub mod column;
pub mod import;
pub mod marks;
pub mod protect;
pub mod read;
pub mod row_edit;
pub mod row_reader;
pub mod sheet_rows;
pub mod sheets;
pub mod validation;
pub mod write;
pub mod xml;

/// The name a book is recorded and labelled by: its file's name (the whole path when it has none).
pub fn book_file_name(path: &std::path::Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| crate::platform::shown(path))
}

/// Whether a path names a workbook (.xlsx, in any case) rather than a project file: what a masters source or a
/// dropped file is taken as.
pub fn is_book(path: &std::path::Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

/// A file's SHA-256, lower-case hex: what the record of books received and sent keeps, so that a book received
/// twice is recognised.
pub fn file_sha256(path: &std::path::Path) -> std::io::Result<String> {
    use sha2::{Digest, Sha256};
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hasher.finalize().iter().map(|b| format!("{b:02x}")).collect())
}
