//! What differs by operating system in how the program meets the user's files: a path shown in the platform's own
//! form (on Windows `C:\Users\…`, never `\\?\C:\…` or a mix of `/` and `\`), and whether a project file lies on a
//! network share (a UNC path `\\server\share\…` or a mapped network drive), where SQLite's own advice is not to
//! keep a database that is used at once from more than one place: its locks are only as good as the network file
//! system's, and a file can be damaged. The rules are plain functions of the path's text, so that they are tested
//! on every platform; only asking Windows whether a drive letter is a network drive needs Windows.

pub mod files;

use std::path::Path;

/// A path as the user's platform writes it, for every message and label that names a file.
pub fn shown(path: &Path) -> String {
    let text = path.display().to_string();
    if cfg!(windows) { windows_form(&text) } else { text }
}

/// `text` in the form Windows users read: backslashes only, without the `\\?\` prefix that `canonicalize` and
/// long-path APIs add (`\\?\UNC\server\share` is shown as `\\server\share`).
pub fn windows_form(text: &str) -> String {
    let text = text.replace('/', "\\");
    if let Some(rest) = text.strip_prefix(r"\\?\UNC\") {
        format!(r"\\{rest}")
    } else if let Some(rest) = text.strip_prefix(r"\\?\") {
        rest.to_string()
    } else {
        text
    }
}

/// Where on a network a project file lies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NetworkLocation {
    /// A UNC path: `\\server\share\…`.
    Share {
        /// `\\server\share`.
        share: String,
    },
    /// A drive letter mapped to a network share (`Z:`).
    MappedDrive {
        /// The drive letter.
        drive: char,
    },
}

impl NetworkLocation {
    /// The warning to show when a project file is opened or created there, Japanese then English.
    pub fn warning(&self) -> String {
        let place = match self {
            NetworkLocation::Share { share } => share.clone(),
            NetworkLocation::MappedDrive { drive } => format!("{drive}:"),
        };
        format!(
            "このプロジェクトはネットワーク上の共有フォルダー（{place}）にあります。SQLite のファイルは共有フォルダー上で\
             複数の場所から同時に使うと壊れることがあります。ローカルのディスクに置いて使い、渡すときはブックを書き出して\
             ください / this project is on a network share ({place}): SQLite files on network shares can be damaged \
             when used from more than one place at once; keep it on the local disk, and send books instead"
        )
    }
}

/// Whether `path` (made absolute first) lies on a network share, asking Windows about drive letters.
pub fn network_location(path: &Path) -> Option<NetworkLocation> {
    if !cfg!(windows) {
        return None;
    }
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    classify_windows_path(&absolute.display().to_string(), drive_is_remote)
}

/// Whether the Windows path `text` lies on a network share: a UNC path (`\\server\share\…`, `//server/share/…`,
/// `\\?\UNC\server\share\…`), or a path on a drive letter that `remote_drive` says is a network drive. Device
/// paths (`\\.\…`) and local verbatim paths (`\\?\C:\…`) are local.
pub fn classify_windows_path(
    text: &str,
    remote_drive: impl Fn(char) -> bool,
) -> Option<NetworkLocation> {
    let text = text.replace('/', "\\");
    let unc = if let Some(rest) = text.strip_prefix(r"\\?\UNC\") {
        Some(rest)
    } else if text.starts_with(r"\\?\") || text.starts_with(r"\\.\") {
        None
    } else {
        text.strip_prefix(r"\\")
    };
    if let Some(rest) = unc {
        let mut parts = rest.split('\\').filter(|p| !p.is_empty());
        let server = parts.next()?;
        let share = parts.next().unwrap_or("");
        return Some(NetworkLocation::Share {
            share: format!(r"\\{server}\{share}").trim_end_matches('\\').to_string(),
        });
    }
    let local = text.strip_prefix(r"\\?\").unwrap_or(&text);
    let mut chars = local.chars();
    match (chars.next(), chars.next()) {
        (Some(drive), Some(':')) if drive.is_ascii_alphabetic() => {
            let drive = drive.to_ascii_uppercase();
            remote_drive(drive).then_some(NetworkLocation::MappedDrive { drive })
        }
        _ => None,
    }
}

/// Whether Windows says the drive letter is a network drive.
#[cfg(windows)]
fn drive_is_remote(drive: char) -> bool {
    use windows_sys::Win32::Storage::FileSystem::GetDriveTypeW;
    use windows_sys::Win32::System::WindowsProgramming::DRIVE_REMOTE;
    let root: Vec<u16> = format!("{drive}:\\").encode_utf16().chain([0]).collect();
    // SAFETY: `root` is a NUL-terminated UTF-16 string that lives across the call, which only reads it.
    unsafe { GetDriveTypeW(root.as_ptr()) == DRIVE_REMOTE }
}

#[cfg(not(windows))]
fn drive_is_remote(_drive: char) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_mapped_drive(_: char) -> bool {
        false
    }

    #[test]
    fn unc_paths_are_network_shares_in_every_spelling() {
        let share = |s: &str| Some(NetworkLocation::Share { share: s.to_string() });
        let cases = [
            (r"\\fileserver\保険課\連携\テスト 事例.renkei", r"\\fileserver\保険課"),
            ("//fileserver/share/x.renkei", r"\\fileserver\share"),
            (r"\\?\UNC\fileserver\share\x.renkei", r"\\fileserver\share"),
            (r"\\server\share", r"\\server\share"),
            (r"\\server", r"\\server"),
        ];
        for (path, expected) in cases {
            assert_eq!(classify_windows_path(path, no_mapped_drive), share(expected), "{path}");
        }
    }

    #[test]
    fn local_drives_and_device_paths_are_local_and_mapped_drives_are_not() {
        for path in [
            r"C:\Users\鈴木\Documents\テスト 事例.renkei",
            r"\\?\C:\Users\x.renkei",
            r"\\.\PhysicalDrive0",
            "relative.renkei",
            r"C:relative.renkei",
        ] {
            assert_eq!(classify_windows_path(path, no_mapped_drive), None, "{path}");
        }
        let z_is_mapped = |d: char| d == 'Z';
        assert_eq!(
            classify_windows_path(r"z:\projects\x.renkei", z_is_mapped),
            Some(NetworkLocation::MappedDrive { drive: 'Z' })
        );
        assert_eq!(
            classify_windows_path(r"\\?\Z:\projects\x.renkei", z_is_mapped),
            Some(NetworkLocation::MappedDrive { drive: 'Z' })
        );
        assert_eq!(classify_windows_path(r"C:\projects\x.renkei", z_is_mapped), None);
    }

    #[test]
    fn the_warning_names_the_share_and_gives_the_advice_in_both_languages() {
        let w = NetworkLocation::Share { share: r"\\fileserver\保険課".into() }.warning();
        assert!(w.contains(r"\\fileserver\保険課"), "{w}");
        assert!(w.contains("ローカルのディスク") && w.contains("local disk"), "{w}");
        let w = NetworkLocation::MappedDrive { drive: 'Z' }.warning();
        assert!(w.contains("（Z:）") && w.contains("(Z:)"), "{w}");
    }

    #[test]
    fn windows_form_has_one_separator_and_no_verbatim_prefix() {
        assert_eq!(
            windows_form(r"\\?\C:\Users\鈴木\テスト 事例.renkei"),
            r"C:\Users\鈴木\テスト 事例.renkei"
        );
        assert_eq!(windows_form(r"\\?\UNC\server\share\x.renkei"), r"\\server\share\x.renkei");
        assert_eq!(
            windows_form("C:/Users/x/out/S01-V01-T01_merged.xml"),
            r"C:\Users\x\out\S01-V01-T01_merged.xml"
        );
        assert_eq!(windows_form(r"Z:\tmp\a.renkei"), r"Z:\tmp\a.renkei");
    }

    #[test]
    fn a_path_is_shown_as_the_platform_writes_it() {
        let p = Path::new("dir/テスト 事例.renkei");
        if cfg!(windows) {
            assert_eq!(shown(p), r"dir\テスト 事例.renkei");
        } else {
            assert_eq!(shown(p), "dir/テスト 事例.renkei");
        }
        assert_eq!(network_location(Path::new("local.renkei")), None);
    }
}
