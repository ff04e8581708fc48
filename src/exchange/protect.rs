//! Password-protected books: a workbook encrypted as Excel encrypts one when it is saved with a password
//! (ECMA-376 agile encryption, AES-256 and SHA-512), which Excel and LibreOffice open with the password. Written
//! with `ms-offcrypto-writer`, read with `office-crypto`. The password is never taken from the command line (it
//! would stay in the shell's history and the process list): from `RENKEI_PASSWORD`, a prompt, or the window.

use std::io::{Read, Write};
use std::path::Path;

/// The environment variable a command reads the password from.
pub const PASSWORD_VARIABLE: &str = "RENKEI_PASSWORD";

/// The first bytes of an OLE compound file: what an encrypted workbook is (an .xlsx is a ZIP, `PK`).
const COMPOUND_FILE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Whether the file at `path` is a password-protected (encrypted) workbook.
pub fn is_protected(path: &Path) -> bool {
    let mut head = [0u8; 8];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| head == COMPOUND_FILE)
}

/// Write the workbook `xlsx` (its bytes) encrypted with `password` into the file at `path` (created or
/// truncated).
pub fn write_encrypted(path: &Path, xlsx: &[u8], password: &str) -> std::io::Result<()> {
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(true)
        .open(path)?;
    let mut writer =
        ms_offcrypto_writer::Ecma376AgileWriter::create(&mut rand::rng(), password, file)?;
    writer.write_all(xlsx)?;
    writer.finalize()
}

/// Why a protected book cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum Unprotect {
    /// No password was given.
    #[error(
        "パスワードで保護されたブックです。パスワードを環境変数 RENKEI_PASSWORD か入力で指定してください / the book is protected by a password: give it in RENKEI_PASSWORD or when asked"
    )]
    NoPassword,
    /// The password does not open it (or it is not a book Excel encrypted).
    #[error(
        "パスワードが違うか、開けない保護のブックです / the password does not open the book (or it is protected in a way that cannot be read)"
    )]
    WrongPassword,
    /// The decrypted book could not be kept for reading.
    #[error("ファイルの入出力に失敗しました / file error: {0}")]
    Io(#[from] std::io::Error),
}

/// The protected book at `path`, decrypted with `password` into a temporary file readable by its owner only,
/// removed when the returned handle is dropped.
pub fn decrypted(
    path: &Path,
    password: Option<&str>,
) -> Result<tempfile::NamedTempFile, Unprotect> {
    let password = password.ok_or(Unprotect::NoPassword)?;
    let bytes =
        office_crypto::decrypt_from_file(path, password).map_err(|_| Unprotect::WrongPassword)?;
    // The reader does not check the password against the book's verifier: a wrong one gives bytes that are no
    // workbook (an .xlsx is a ZIP, `PK`).
    if !bytes.starts_with(b"PK\x03\x04") {
        return Err(Unprotect::WrongPassword);
    }
    let mut file = tempfile::Builder::new().prefix("renkei-book-").suffix(".xlsx").tempfile()?;
    file.write_all(&bytes)?;
    file.flush()?;
    Ok(file)
}

/// The password for a protected book: `RENKEI_PASSWORD`, else asked at the terminal (not echoed), else none.
pub fn password_from_environment_or_prompt(for_what: &str) -> Option<String> {
    if let Ok(p) = std::env::var(PASSWORD_VARIABLE)
        && !p.is_empty()
    {
        return Some(p);
    }
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() {
        return None;
    }
    rpassword::prompt_password(format!("{for_what} のパスワード / password for {for_what}: "))
        .ok()
        .filter(|p| !p.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_book_written_with_a_password_opens_with_it_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("保護.xlsx");
        let mut book = rust_xlsxwriter::Workbook::new();
        book.add_worksheet().write_string(0, 0, "秘密").unwrap();
        let bytes = book.save_to_buffer().unwrap();
        write_encrypted(&path, &bytes, "開けゴマ pass").unwrap();
        assert!(is_protected(&path));
        assert!(!std::fs::read(&path).unwrap().windows(6).any(|w| w == "秘密".as_bytes()));
        let plain = decrypted(&path, Some("開けゴマ pass")).unwrap();
        assert_eq!(std::fs::read(plain.path()).unwrap(), bytes);
        assert!(matches!(decrypted(&path, Some("wrong")), Err(Unprotect::WrongPassword)));
        assert!(matches!(decrypted(&path, None), Err(Unprotect::NoPassword)));
    }
}
