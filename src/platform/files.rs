//! Writing the user's files safely: every file the project writes (books, XML, CSV, saved texts) goes to a
//! temporary file in the same folder, readable by its owner only, and replaces the destination only when it is
//! complete (`write_atomic`, `replace_with`) — a killed export leaves the old book as it was; and a file name built
//! from data (a test case's ID, an insurer's number) is made one that Windows and Unix both accept and that stays in
//! the folder it was meant for (`safe_file_name`, `FileNames`).
//!
//! On Unix the temporary file is created 0600 and keeps it when it is renamed into place; on Windows a file made in
//! the user's profile folders is the user's alone already (the folders' permissions are inherited).

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The longest file name made from data, in characters, before its suffix (Windows allows 255 UTF-16 units per
/// name and 260 per path by default: a short name leaves room for the folder).
const MOST_CHARS: usize = 80;

/// Names Windows reserves for devices, whatever the extension (`CON.xml` is the console too).
const RESERVED: [&str; 22] = [
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// Whether a text can stand as a file name as it is (nothing in it would be replaced by [`safe_file_name`]).
pub fn is_safe_file_name(text: &str) -> bool {
    // The IDs met nearly always (`S01-V01-T01`): letters, digits, `-` and `_`, not too long, not a device name —
    // answered without building the safe name (the check asks it of every test case after every edit).
    let plain = text.len() <= MOST_CHARS
        && !text.is_empty()
        && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if plain {
        return !RESERVED.iter().any(|r| r.eq_ignore_ascii_case(text));
    }
    safe_file_name(text) == text
}

/// `text` made a file name both Windows and Unix accept, in one component: path separators, the characters Windows
/// forbids (`< > : " / \ | ? *`) and control characters become `_`; a name of dots only (`.`, `..`) or an empty one
/// becomes `_`; trailing dots and spaces (Windows drops them) become `_`; a reserved device name gets a `_` in
/// front; and the name is cut to [`MOST_CHARS`] characters. Other text — Japanese included — is kept.
pub fn safe_file_name(text: &str) -> String {
    let mut name: String = text
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*') {
                '_'
            } else {
                c
            }
        })
        .take(MOST_CHARS)
        .collect();
    // `..` anywhere reads as "the folder above" to a person and to some tools: never written.
    while name.contains("..") {
        name = name.replace("..", "_.");
    }
    let kept = name.trim_end_matches(['.', ' ']).len();
    if kept < name.len() {
        let cut = name.len() - kept;
        name.truncate(kept);
        name.push_str(&"_".repeat(cut));
    }
    if name.is_empty() || name.chars().all(|c| c == '.') {
        return "_".into();
    }
    let stem = name.split('.').next().unwrap_or("").trim_end();
    if RESERVED.iter().any(|r| r.eq_ignore_ascii_case(stem)) {
        name.insert(0, '_');
    }
    name
}

/// The file names given in one folder: each made safe, and a name already given (whatever its case: Windows and
/// macOS do not tell `A` from `a`) numbered `~2`, `~3`, … so that no file replaces another.
#[derive(Debug, Default)]
pub struct FileNames {
    given: HashSet<String>,
}

impl FileNames {
    /// The name for `stem` with `suffix` (e.g. `_merged.xml`, kept as it is), unique in this folder.
    pub fn name(&mut self, stem: &str, suffix: &str) -> String {
        let safe = safe_file_name(stem);
        let mut name = format!("{safe}{suffix}");
        let mut n = 1;
        while !self.given.insert(name.to_lowercase()) {
            n += 1;
            name = format!("{safe}~{n}{suffix}");
        }
        name
    }
}

/// `dir` joined with a file name built from data, checked to stay in `dir` (one plain component: no separator,
/// no `..`, no root or drive). An error names what was refused.
pub fn inside(dir: &Path, name: &str) -> std::io::Result<PathBuf> {
    let mut parts = Path::new(name).components();
    match (parts.next(), parts.next()) {
        (Some(std::path::Component::Normal(n)), None) if n == name => Ok(dir.join(name)),
        _ => Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!(
                "「{name}」はフォルダ {} の中のファイル名になりません / \"{name}\" is not a file name inside {}",
                super::shown(dir),
                super::shown(dir)
            ),
        )),
    }
}

/// A temporary file beside `path`, readable by its owner only, for writing what will replace `path`.
fn temporary_beside(path: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    // tempfile creates the file 0600 on Unix.
    tempfile::Builder::new().prefix(&format!(".{name}.")).suffix(".tmp").tempfile_in(dir)
}

/// Write `bytes` to `path` atomically: all of it or, if anything fails (or the process is killed), the file that
/// was there before, untouched. The new file is readable by its owner only.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    replace_with(path, |temporary| {
        let mut f = std::fs::OpenOptions::new().write(true).open(temporary)?;
        f.write_all(bytes)?;
        f.sync_all()
    })
}

/// Replace `path` with what `write` writes at the temporary path it is given (a writer that insists on a path of its
/// own, as the workbook writer does): the destination changes only once `write` has succeeded, and the new file is
/// readable by its owner only. A failed `write` leaves the destination as it was and no temporary file.
pub fn replace_with<E: From<std::io::Error>>(
    path: &Path,
    write: impl FnOnce(&Path) -> Result<(), E>,
) -> Result<(), E> {
    let temporary = temporary_beside(path)?;
    write(temporary.path())?;
    // The writer may have created the file afresh at the path: the owner's alone again before it is in place.
    owner_only(temporary.path())?;
    // Flushed through the temporary file's own handle, which can write: Windows refuses to flush a handle opened
    // for reading (FlushFileBuffers needs write access), and a writer that made the file afresh at the path still
    // wrote into the same file.
    temporary.as_file().sync_all()?;
    temporary.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Make a file readable and writable by its owner only (Unix; on Windows the profile folders' permissions apply).
pub fn owner_only(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_data_stay_one_safe_component() {
        for (given, safe) in [
            ("S01-V01-T01", "S01-V01-T01"),
            ("../ESCAPED", "_._ESCAPED"),
            ("..", "__"),
            (".", "_"),
            ("", "_"),
            ("a/b\\c", "a_b_c"),
            ("C:\\x", "C__x"),
            ("CON", "_CON"),
            ("con.xml", "_con.xml"),
            ("LPT1", "_LPT1"),
            ("a?b*c<d>e|f\"g", "a_b_c_d_e_f_g"),
            ("tab\there", "tab_here"),
            ("末尾の点.", "末尾の点_"),
            ("B市 事例", "B市 事例"),
        ] {
            assert_eq!(safe_file_name(given), safe, "{given:?}");
            assert!(inside(Path::new("out"), &safe_file_name(given)).is_ok());
        }
        assert_eq!(safe_file_name(&"長".repeat(300)).chars().count(), MOST_CHARS);
        assert!(inside(Path::new("out"), "../x").is_err());
        assert!(inside(Path::new("out"), "a/b").is_err());
        assert!(!is_safe_file_name("../ESCAPED") && is_safe_file_name("S01"));
    }

    #[test]
    fn a_name_given_twice_in_a_folder_is_numbered() {
        let mut names = FileNames::default();
        assert_eq!(names.name("a/b", ".xml"), "a_b.xml");
        assert_eq!(names.name("a_b", ".xml"), "a_b~2.xml");
        assert_eq!(names.name("A_B", ".xml"), "A_B~3.xml");
    }

    #[test]
    fn a_write_replaces_the_file_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("本.txt");
        write_atomic(&path, b"old").unwrap();
        let failed: Result<(), std::io::Error> = replace_with(&path, |t| {
            std::fs::write(t, b"half")?;
            Err(std::io::Error::other("killed"))
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
        // No temporary file is left beside it.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        write_atomic(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
