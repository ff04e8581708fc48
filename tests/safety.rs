//! Nothing written where it was not asked, nothing changed silently, and personal information kept as 特定個人情報:
//! names built from IDs stay in the folder asked for, CSV cells never become formulas, every file we write is
//! its owner's alone and replaces its destination whole (a killed export leaves the old book).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use renkei::domain::samples::sample::sample_project;
use renkei::store::Store;

fn renkei(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_renkei"))
        .args(args)
        .output()
        .unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// The sample with its first case's ID replaced by `id` (everywhere the ID is named).
fn sample_with_case_id(dir: &Path, id: &str) -> PathBuf {
    let mut p = sample_project();
    let old = p.test_cases[0].id.clone();
    p.test_cases[0].id = id.into();
    for r in &mut p.role_models {
        for t in &mut r.test_case_ids {
            if *t == old {
                *t = id.into();
            }
        }
    }
    let path = dir.join("p.renkei");
    renkei::store::transact::create(&path, &p).unwrap();
    path
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A test case ID of `../ESCAPED` (or with a `/`) names files inside the folder asked for, never beside it, and the
/// check warns at its cell that it cannot be a file name as it is.
#[test]
fn a_test_case_id_never_writes_outside_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let project = sample_with_case_id(dir.path(), "../ESCAPED");
    let out = dir.path().join("out");
    let o = renkei(&[
        &"simulate",
        &project,
        &"--case",
        &"../ESCAPED",
        &"--out",
        &out,
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let written = files_in(&out);
    assert!(!written.is_empty());
    assert!(
        written
            .iter()
            .all(|n| !n.contains('/') && !n.starts_with("..")),
        "{written:?}"
    );
    assert!(
        written.iter().any(|n| n.ends_with("ESCAPED_merged.xml")),
        "{written:?}"
    );
    // Nothing beside the folder but the project and the folder itself.
    assert_eq!(files_in(dir.path()), ["out", "p.renkei"]);

    // An insurer's run over an ID with a separator writes every answer and the index inside its folder.
    let dir2 = tempfile::tempdir().unwrap();
    let project = sample_with_case_id(dir2.path(), "S01/V01/T01");
    let out = dir2.path().join("answers");
    let o = renkei(&[
        &"simulate",
        &project,
        &"--insurer",
        &"06130017",
        &"--out",
        &out,
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let written = files_in(&out);
    assert!(written.contains(&"index.csv".to_string()), "{written:?}");
    assert!(
        written.iter().any(|n| n.starts_with("S01_V01_T01")),
        "{written:?}"
    );
    let csv = std::fs::read_to_string(out.join("index.csv")).unwrap();
    for line in csv.lines().skip(1) {
        let file = line.rsplit(',').next().unwrap();
        assert!(
            out.join(file).is_file(),
            "index.csv names {file}, which is not in the folder"
        );
    }

    // The check warns at the ID's cell.
    let o = renkei(&[&"check", &project, &"--format", &"json"]);
    let json = String::from_utf8_lossy(&o.stdout);
    assert!(json.contains("id-not-file-name"), "{json}");
}

/// index.csv is for Excel: an ID that would start a formula is written so that it shows as text.
#[test]
fn csv_cells_never_become_formulas() {
    for id in [
        "=HYPERLINK(\"http://x\",\"y\")",
        "+cmd|' /C calc'!A0",
        "@SUM(1+1)",
        "-1+2",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let project = sample_with_case_id(dir.path(), id);
        let out = dir.path().join("out");
        let o = renkei(&[
            &"simulate",
            &project,
            &"--insurer",
            &"06130017",
            &"--out",
            &out,
        ]);
        assert!(o.status.success(), "{}", text(&o));
        let csv = std::fs::read_to_string(out.join("index.csv")).unwrap();
        let row = csv.lines().nth(1).unwrap_or_else(|| panic!("{csv}"));
        // The first field, unquoted, starts with the apostrophe that makes it text.
        let first = row.trim_start_matches('"');
        assert!(first.starts_with('\''), "{row}");
        assert!(!row.starts_with(['=', '+', '-', '@']), "{row}");
    }
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// Project files, their copies and backups, books, XML and CSV are readable by their owner only.
#[cfg(unix)]
#[test]
fn every_file_we_create_is_its_owners_alone() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("new.renkei");
    assert!(
        renkei(&[&"new", &project, &"--own", &"002"])
            .status
            .success()
    );
    assert_eq!(mode(&project), 0o600, "project file");
    let sample = dir.path().join("s.renkei");
    assert!(renkei(&[&"new", &sample, &"--sample"]).status.success());
    let book = dir.path().join("b.xlsx");
    let o = renkei(&[&"export", &sample, &book]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(mode(&book), 0o600, "book");
    let out = dir.path().join("xml");
    assert!(
        renkei(&[
            &"simulate",
            &sample,
            &"--case",
            &"S01-V01-T01",
            &"--out",
            &out
        ])
        .status
        .success()
    );
    for f in files_in(&out) {
        assert_eq!(mode(&out.join(&f)), 0o600, "{f}");
    }
    let answers = dir.path().join("answers");
    assert!(
        renkei(&[
            &"simulate",
            &sample,
            &"--insurer",
            &"06130017",
            &"--out",
            &answers
        ])
        .status
        .success()
    );
    assert_eq!(mode(&answers.join("index.csv")), 0o600);
    // A copy made by 名前を付けて保存.
    let store = Store::open(&sample).unwrap();
    let copy = dir.path().join("copy.renkei");
    store.save_copy(&copy).unwrap();
    assert_eq!(mode(&copy), 0o600, "copy");
}

/// An export killed part-way leaves the book that was there, whole: the new one replaces it only once complete.
#[test]
fn a_killed_export_leaves_the_previous_book() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("g.renkei");
    let o = renkei(&[&"generate", &project, &"--cases", &"20000"]);
    assert!(o.status.success(), "{}", text(&o));
    let book = dir.path().join("book.xlsx");
    let o = renkei(&[&"export", &project, &book, &"--sheets", &"保険者"]);
    assert!(o.status.success(), "{}", text(&o));
    let before = std::fs::read(&book).unwrap();
    // Killed at several points of a whole export: the book is the old one, or (had it finished) a whole new one.
    for ms in [20u64, 80, 200, 500, 900] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_renkei"))
            .arg("export")
            .arg(&project)
            .arg(&book)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(ms));
        let _ = child.kill();
        let status = child.wait().unwrap();
        let now = std::fs::read(&book).unwrap();
        if status.success() {
            // It finished first: a whole book calamine reads.
            use calamine::Reader;
            let wb: calamine::Xlsx<_> = calamine::open_workbook(&book).unwrap();
            assert!(wb.sheet_names().len() > 1);
        } else {
            assert_eq!(
                now, before,
                "killed after {ms} ms: the old book is not whole"
            );
        }
        // A killed writer's temporary file is hidden beside the book (a dot file), never under the book's name.
        assert!(
            files_in(dir.path())
                .iter()
                .all(|n| !n.ends_with(".tmp") || n.starts_with(".book.xlsx.")),
            "{:?}",
            files_in(dir.path())
        );
    }
}
