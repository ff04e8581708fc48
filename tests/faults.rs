//! The project file under faults, as a hostile user or a crash would meet it (issue "Nothing lost, nothing
//! mixed"): two imports at once in two real processes (the second, worked out from a snapshot the first made
//! stale, writes nothing and says so), the real binary killed at 20 points of an import (the file sound, before or
//! after, never a mix, and the next command recovers), and messages with a way forward for an older schema, a
//! missing table or column, a read-only file and a read-only folder.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use renkei::domain::date::{Date, DateStyle};
use renkei::domain::model::Project;
use renkei::domain::samples::generate::{GenerateOptions, generate};
use renkei::exchange::sheets::ALL_SHEETS;
use renkei::exchange::write::{ExportOptions, write_workbook};
use renkei::store::schema::{APPLICATION_ID, SCHEMA_VERSION};
use renkei::store::{Store, StoreError, backup_path};
use rusqlite::Connection;

fn renkei(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_renkei"));
    c.args(args.iter().map(|a| a.as_ref()));
    c
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn export(p: &Project, path: &Path) {
    let options = ExportOptions {
        sheets: ALL_SHEETS.to_vec(),
        date_style: DateStyle::Iso,
        today: Date::ymd(2026, 12, 1),
        agreement: true,
        without_my_number: false,
    };
    assert!(write_workbook(p, path, &options, |_, _| true).unwrap());
}

fn project_file(dir: &Path, name: &str, p: &Project) -> PathBuf {
    let path = dir.join(name);
    let mut store = Store::create(&path, "faults").unwrap();
    store.replace_all(p).unwrap();
    path
}

/// What the file holds, every row of every table, sorted (where imported rows came from is written in no set
/// order), read with the file's own lock after any recovery.
fn dump(path: &Path) -> Vec<String> {
    let mut rows = Store::open_read_only(path).unwrap().dump_rows().unwrap();
    rows.sort();
    rows
}

/// The first row where two dumps differ, for a readable failure.
fn first_difference(a: &[String], b: &[String]) -> Option<String> {
    let at = a.iter().zip(b).position(|(x, y)| x != y);
    match at {
        Some(i) => Some(format!("row {i}: {} ≠ {}", a[i], b[i])),
        None if a.len() != b.len() => Some(format!("{} rows ≠ {} rows", a.len(), b.len())),
        None => None,
    }
}

fn one_party(cases: usize) -> Project {
    generate(&GenerateOptions { cases, seed: 7, memberships_per_person: Some(2), parties: 1 })
}

/// Two imports into one project at once, in two real processes. The second has read the project and worked out
/// its change (it waits there, told to by `RENKEI_TEST_PAUSE`) when the first imports and ends; then it goes on.
/// It must write nothing, say that the project changed meanwhile, and leave exactly what the first import made.
#[test]
fn second_of_two_imports_at_once_writes_nothing_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let base = one_party(40);
    let project = project_file(dir.path(), "p.renkei", &base);
    let alone = project_file(dir.path(), "alone.renkei", &base);
    let (mut a, mut b) = (base.clone(), base.clone());
    a.role_models[0].name = "甲野 一郎".into();
    b.role_models[0].name = "乙川 二郎".into();
    b.test_cases[1].remarks = "乙の変更".into();
    let (book_a, book_b) = (dir.path().join("a.xlsx"), dir.path().join("b.xlsx"));
    export(&a, &book_a);
    export(&b, &book_b);
    let pause = dir.path().join("pause");
    std::fs::create_dir(&pause).unwrap();

    let second = renkei(&[&"import", &project, &book_b])
        .env("RENKEI_TEST_PAUSE", &pause)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while !pause.join("read").exists() {
        assert!(started.elapsed() < Duration::from_secs(60), "the second import never read");
        std::thread::sleep(Duration::from_millis(10));
    }
    let first = renkei(&[&"import", &project, &book_a]).output().unwrap();
    assert!(first.status.success(), "{}", stderr(&first));
    std::fs::write(pause.join("read.go"), b"").unwrap();
    let second = second.wait_with_output().unwrap();
    assert_eq!(second.status.code(), Some(2), "{}", stdout(&second));
    let why = stderr(&second);
    assert!(
        why.contains("プロジェクトが変更されました")
            && why.contains("the project changed meanwhile")
            && why.contains("nothing was written"),
        "{why}"
    );
    assert!(!why.contains("SQLite"), "{why}");

    // Exactly what the first import alone makes: nothing of the second.
    let alone_out = renkei(&[&"import", &alone, &book_a]).output().unwrap();
    assert!(alone_out.status.success(), "{}", stderr(&alone_out));
    assert_eq!(first_difference(&dump(&project), &dump(&alone)), None);
    let p = Store::open_read_only(&project).unwrap().load().unwrap();
    assert_eq!(p.role_models[0].name, "甲野 一郎");
    assert_ne!(p.test_cases[1].remarks, "乙の変更");

    // Run again, the second book is read against the project as it is now and goes in.
    let again = renkei(&[&"import", &project, &book_b]).output().unwrap();
    assert!(again.status.success(), "{}", stderr(&again));
    let p = Store::open_read_only(&project).unwrap().load().unwrap();
    assert_eq!(p.role_models[0].name, "乙川 二郎");
    assert_eq!(p.test_cases[1].remarks, "乙の変更");
}

/// The revision a change was worked out from is checked inside the writing transaction, by every road to the
/// file: an operation, an undo and a redo each make a new revision, and a change from an older one is refused
/// with nothing written.
#[test]
fn a_change_from_an_older_revision_is_refused_in_process() {
    let dir = tempfile::tempdir().unwrap();
    let base = one_party(5);
    let path = project_file(dir.path(), "p.renkei", &base);
    let mut store = Store::open(&path).unwrap();
    let r0 = store.revision().unwrap();
    let p = store.load().unwrap();
    let mut edited = p.clone();
    edited.role_models[0].name = "一".into();
    let mut first = renkei::domain::coordination::change::ChangeSet::between(&p, &edited);
    first.base = Some(r0);
    let op = store.apply_change("first", &first, &mut |_, _| true).unwrap();
    assert_eq!(op.revision, r0 + 1);
    let before = store.dump_rows().unwrap();
    let mut stale = renkei::domain::coordination::change::ChangeSet::between(&p, &{
        let mut x = p.clone();
        x.role_models[1].name = "二".into();
        x
    });
    stale.base = Some(r0);
    let e = store.apply_change("stale", &stale, &mut |_, _| true).unwrap_err();
    assert!(
        matches!(e, StoreError::ChangedMeanwhile { base, now } if base == r0 && now == r0 + 1),
        "{e}"
    );
    assert_eq!(store.dump_rows().unwrap(), before);
    assert_eq!(store.undo_label(), Some("first"));
    // Undo and redo are revisions too: a change from before them is refused.
    store.undo().unwrap();
    assert_eq!(store.revision().unwrap(), r0 + 2);
    stale.base = Some(r0 + 1);
    assert!(matches!(
        store.apply_change("stale", &stale, &mut |_, _| true),
        Err(StoreError::ChangedMeanwhile { .. })
    ));
    store.redo().unwrap();
    stale.base = Some(store.revision().unwrap());
    store.apply_change("fresh", &stale, &mut |_, _| true).unwrap();
    // The revision is the file's: another opening reads it.
    drop(store);
    assert_eq!(Store::open_read_only(&path).unwrap().revision().unwrap(), r0 + 4);
}

/// The real binary, killed (SIGKILL / TerminateProcess) at 20 points spread over an import's run: each time the
/// next command recovers the file (saying so when a change was cut off), the file is sound, and it holds exactly
/// the project before or after the import, never a mix.
#[test]
fn killed_at_20_points_of_an_import_the_file_is_before_or_after() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book.xlsx");
    export(&one_party(1500), &book);
    let empty = project_file(dir.path(), "empty.renkei", &Project::default());
    let before = dump(&empty);
    // The whole run, timed once (and when it starts writing: its journal appears), and what it leaves.
    let done = dir.path().join("done.renkei");
    std::fs::copy(&empty, &done).unwrap();
    let started = Instant::now();
    let mut child = renkei(&[&"import", &done, &book]).stdout(Stdio::null()).spawn().unwrap();
    let mut writing_from = None;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if writing_from.is_none() && journal(&done).exists() {
            writing_from = Some(started.elapsed());
        }
        std::thread::sleep(Duration::from_micros(200));
    };
    let run = started.elapsed();
    assert!(status.success());
    let writing_from = writing_from.unwrap_or(run.mul_f64(0.9));
    let after = dump(&done);
    assert!(first_difference(&before, &after).is_some());
    // Half the points spread over the whole run, half over its writing.
    let points: Vec<Duration> = (0..10)
        .map(|i| run.mul_f64((f64::from(i) + 0.5) / 10.0))
        .chain(
            (0..10)
                .map(|i| writing_from + (run - writing_from).mul_f64((f64::from(i) + 0.5) / 10.0)),
        )
        .collect();

    let (mut cut_off, mut kept_before, mut kept_after) = (0, 0, 0);
    for (point, at) in points.into_iter().enumerate() {
        let file = dir.path().join(format!("k{point}.renkei"));
        std::fs::copy(&empty, &file).unwrap();
        let mut child = renkei(&[&"import", &file, &book])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(at);
        let _ = child.kill();
        let _ = child.wait();
        let hot = hot_journal(&file);
        // The next command opens it, recovering first.
        let info = renkei(&[&"info", &file]).output().unwrap();
        assert!(
            info.status.success(),
            "point {point}: {:?} {} {}",
            info.status,
            stderr(&info),
            stdout(&info)
        );
        if hot {
            cut_off += 1;
            assert!(
                stderr(&info).contains("中断された変更を元に戻しました"),
                "point {point}: {}",
                stderr(&info)
            );
        }
        assert!(!hot_journal(&file), "point {point}: a hot journal left");
        let check: String = Connection::open(&file)
            .unwrap()
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok", "point {point}");
        let now = dump(&file);
        if now == before {
            kept_before += 1;
        } else if now == after {
            kept_after += 1;
        } else {
            panic!("point {point}: the file is neither before nor after the import");
        }
    }
    println!(
        "import run {run:?}, writing from {writing_from:?}: {cut_off} kills cut a write off, {kept_before} before, \
         {kept_after} after"
    );
}

/// A journal SQLite would roll back: there, with a header not zeroed (a journal cut off before its header was
/// written has nothing to roll back; the file was not touched yet).
fn hot_journal(path: &Path) -> bool {
    std::fs::read(journal(path)).is_ok_and(|b| b.len() >= 8 && b[..8] != [0; 8])
}

fn journal(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push("-journal");
    PathBuf::from(name)
}

/// A change cut off by a crash leaves its journal; every command (the read-only reports too) rolls it back under
/// the file's lock and says so, instead of failing with SQLite's "readonly database" (776).
#[test]
fn every_command_recovers_an_interrupted_change() {
    let dir = tempfile::tempdir().unwrap();
    for command in ["info", "check", "status", "findings", "simulate"] {
        let path = project_file(dir.path(), &format!("{command}.renkei"), &one_party(3));
        let before = dump(&path);
        interrupt_a_write(&path);
        assert!(hot_journal(&path));
        let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&command, &path];
        if command == "simulate" {
            args.push(&"--all");
        }
        let out = renkei(&args).output().unwrap();
        let why = stderr(&out);
        assert!(out.status.code() != Some(2) && !why.contains("SQLite"), "{command}: {why}");
        assert!(
            why.contains("中断された変更を元に戻しました")
                && why.contains("an interrupted change was rolled back"),
            "{command}: {why}"
        );
        assert!(!journal(&path).exists(), "{command}");
        assert_eq!(first_difference(&dump(&path), &before), None, "{command}");
    }
    // The window's road (Store::open) says it too.
    let path = project_file(dir.path(), "window.renkei", &one_party(3));
    interrupt_a_write(&path);
    let store = Store::open(&path).unwrap();
    assert!(store.opened().recovered);
    drop(store);
    assert!(!Store::open(&path).unwrap().opened().recovered);
}

/// Leave `path` as a crash in the middle of a write leaves it: a change written to the file past its journal,
/// the process gone before the commit (a child process, killed).
fn interrupt_a_write(path: &Path) {
    // The file and its journal as they stand in the middle of a commit: copied while a transaction that has
    // spilled pages to the file is open (a small page cache forces the spill).
    let conn = Connection::open(path).unwrap();
    conn.execute_batch(
        "PRAGMA cache_size = 1; BEGIN; UPDATE role_model SET name = name || '（途中）', \
         remarks = hex(randomblob(8000)); UPDATE test_case SET remarks = hex(randomblob(8000));",
    )
    .unwrap();
    let journal_now = std::fs::read(journal(path)).unwrap();
    let file_now = std::fs::read(path).unwrap();
    conn.execute_batch("ROLLBACK").unwrap();
    drop(conn);
    std::fs::write(path, file_now).unwrap();
    std::fs::write(journal(path), journal_now).unwrap();
}

/// An older schema (1) is migrated by every command as the window migrates it, a backup first, and said.
#[test]
fn every_command_migrates_an_older_schema() {
    let dir = tempfile::tempdir().unwrap();
    for command in ["info", "check", "status", "export"] {
        let path = dir.path().join(format!("{command}.renkei"));
        {
            let mut conn = Connection::open(&path).unwrap();
            conn.pragma_update(None, "application_id", APPLICATION_ID).unwrap();
            renkei::store::schema::migrate(&mut conn, 0, 1).unwrap();
            conn.execute("INSERT INTO meta(key, value) VALUES('name', '旧')", []).unwrap();
            conn.execute("INSERT INTO scenario(id, name) VALUES('S01', '旧シナリオ')", []).unwrap();
        }
        let out_book = dir.path().join(format!("{command}.xlsx"));
        let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&command, &path];
        if command == "export" {
            args.push(&out_book);
        }
        let out = renkei(&args).output().unwrap();
        let why = stderr(&out);
        assert!(
            out.status.code() != Some(2) && !why.contains("SQLite") && !why.contains("damaged"),
            "{command}: {why}"
        );
        assert!(why.contains("スキーマ 1 のファイルを"), "{command}: {why}");
        let backup = backup_path(&path, 1);
        let v: i32 = Connection::open(&backup)
            .unwrap()
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, 1, "{command}: the backup is the file as it was");
        let store = Store::open_read_only(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        assert_eq!(store.load().unwrap().scenarios[0].name, "旧シナリオ");
    }
}

/// A table or a column the schema has, missing: said which, and that this version cannot open the file; never
/// SQLite's own words; the file untouched.
#[test]
fn a_missing_table_or_column_is_named() {
    let dir = tempfile::tempdir().unwrap();
    for (sql, ja, en) in [
        ("DROP TABLE benefit", "テーブル benefit", "the table benefit"),
        (
            "ALTER TABLE membership DROP COLUMN version",
            "テーブル membership の列 version",
            "the column membership.version",
        ),
    ] {
        let path = project_file(dir.path(), "p.renkei", &one_party(3));
        Connection::open(&path).unwrap().execute_batch(sql).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        for command in ["info", "check"] {
            let out = renkei(&[&command, &path]).output().unwrap();
            let why = stderr(&out);
            assert_eq!(out.status.code(), Some(2), "{sql}: {why}");
            assert!(
                why.contains(ja)
                    && why.contains(en)
                    && why.contains(
                        "このバージョンの Renkei で開けるプロジェクトファイルではありません"
                    )
                    && why.contains(&path.display().to_string())
                    && !why.contains("SQLite:")
                    && !why.contains("no such"),
                "{sql}: {why}"
            );
        }
        assert!(matches!(Store::open(&path), Err(StoreError::Incomplete { .. })));
        assert_eq!(std::fs::read(&path).unwrap(), bytes, "{sql}");
        std::fs::remove_file(&path).unwrap();
    }
}

/// Run the binary as a user the file system's permissions hold (root passes them all): itself when that is so
/// already, else `nobody` through `setpriv` (Linux). `None` when neither can be had.
fn as_restricted_user(dir: &Path, args: &[&dyn AsRef<std::ffi::OsStr>]) -> Option<Output> {
    let probe = dir.join("probe-readonly");
    std::fs::write(&probe, b"x").unwrap();
    let mut perm = std::fs::metadata(&probe).unwrap().permissions();
    perm.set_readonly(true);
    std::fs::set_permissions(&probe, perm).unwrap();
    let enforced = std::fs::OpenOptions::new().write(true).open(&probe).is_err();
    if enforced {
        return Some(renkei(args).output().unwrap());
    }
    if !cfg!(target_os = "linux") {
        return None;
    }
    let mut c = Command::new("setpriv");
    c.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(env!("CARGO_BIN_EXE_renkei"))
        .args(args.iter().map(|a| a.as_ref()));
    c.output().ok().filter(|o| !stderr(o).contains("setpriv:"))
}

#[cfg(unix)]
fn open_to_all(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[cfg(not(unix))]
fn open_to_all(_: &Path, _: u32) {}

/// A read-only file and a file in a read-only folder: a change is refused naming the path and what to do, never
/// with SQLite's words; reading them still works; nothing changes.
#[test]
fn a_read_only_file_or_folder_is_said_with_its_path() {
    let dir = tempfile::tempdir().unwrap();
    open_to_all(dir.path(), 0o755);
    let base = one_party(3);
    let mut edited = base.clone();
    edited.role_models[0].name = "読取 専用".into();
    let book = dir.path().join("book.xlsx");
    export(&edited, &book);
    open_to_all(&book, 0o644);

    // A read-only file.
    let file = project_file(dir.path(), "ro.renkei", &base);
    // The project file is its owner's alone; here another user is to read it.
    open_to_all(&file, 0o644);
    let bytes = std::fs::read(&file).unwrap();
    let mut perm = std::fs::metadata(&file).unwrap().permissions();
    perm.set_readonly(true);
    std::fs::set_permissions(&file, perm).unwrap();
    let Some(out) = as_restricted_user(dir.path(), &[&"import", &file, &book]) else {
        eprintln!("no user the file permissions hold: the read-only checks are not run here");
        return;
    };
    let why = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{why}");
    assert!(
        why.contains("ファイルが読み取り専用のため書き込めません")
            && why.contains(&file.display().to_string())
            && why.contains("the file is read-only")
            && !why.contains("SQLite"),
        "{why}"
    );
    assert_eq!(std::fs::read(&file).unwrap(), bytes);
    let info = as_restricted_user(dir.path(), &[&"info", &file]).unwrap();
    assert!(info.status.success(), "{}", stderr(&info));

    // A writable file in a read-only folder.
    let folder = dir.path().join("ro-folder");
    std::fs::create_dir(&folder).unwrap();
    let inside = project_file(&folder, "p.renkei", &base);
    open_to_all(&inside, 0o666);
    let bytes = std::fs::read(&inside).unwrap();
    open_to_all(&folder, 0o555);
    let out = as_restricted_user(dir.path(), &[&"import", &inside, &book]).unwrap();
    let why = stderr(&out);
    open_to_all(&folder, 0o755);
    assert_eq!(out.status.code(), Some(2), "{why}");
    assert!(
        why.contains("フォルダーに書き込めないため")
            && why.contains(&folder.display().to_string())
            && why.contains("the folder is read-only")
            && !why.contains("SQLite"),
        "{why}"
    );
    assert_eq!(std::fs::read(&inside).unwrap(), bytes);
}

// ---- The corpus of malformed books (tests/fixtures/malformed-*.xlsx, made by make_fixtures.py) and the bombs
// built here: each refused with its exact problem, the project file unchanged byte for byte.

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// Import `book` into a copy of the sample as party 201's: (exit code, stdout and stderr), and that the project
/// file is byte for byte what it was.
fn import_into_sample(dir: &Path, book: &Path) -> (Option<i32>, String) {
    let project = dir.join("sample.renkei");
    let _ = std::fs::remove_file(&project);
    project_file(dir, "sample.renkei", &renkei::domain::samples::sample::sample_project());
    let bytes = std::fs::read(&project).unwrap();
    let out = renkei(&[&"import", &project, &book, &"--party", &"201"]).output().unwrap();
    assert_eq!(std::fs::read(&project).unwrap(), bytes, "{}: the project changed", book.display());
    (out.status.code(), stdout(&out) + &stderr(&out))
}

#[test]
fn each_malformed_book_is_refused_with_its_problem_and_the_project_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    // The sound book the corpus breaks imports (dry run: the corpus is about reading).
    let project =
        project_file(dir.path(), "p.renkei", &renkei::domain::samples::sample::sample_project());
    let base = fixture("malformed-base.xlsx");
    let out =
        renkei(&[&"import", &project, &base, &"--party", &"201", &"--dry-run"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("+ ロールモデル RM-M"), "{}", stdout(&out));

    let book = |n: &str| fixture(n).display().to_string();
    let cases: Vec<(&str, i32, String)> = vec![
        (
            "malformed-not-a-zip.xlsx",
            2,
            format!(
                "renkei: {}: ブックを開けません（.xlsx ではないか、壊れています） / cannot open the workbook (not .xlsx, or \
                 damaged): ZIP として読めません（.xlsx は ZIP です） / not a ZIP archive (an .xlsx is one)",
                book("malformed-not-a-zip.xlsx")
            ),
        ),
        (
            "malformed-no-workbook.xlsx",
            2,
            format!(
                "renkei: {}: ブックを開けません（.xlsx ではないか、壊れています） / cannot open the workbook (not .xlsx, or \
                 damaged): xl/workbook.xml がありません（Excel のブックではありません） / there is no xl/workbook.xml: \
                 not an Excel workbook",
                book("malformed-no-workbook.xlsx")
            ),
        ),
        (
            "malformed-truncated-sheet.xlsx",
            1,
            "[エラー] ロールモデル: シートの XML が壊れていて読めません（the XML ends before its elements are closed）。\
             Excel で開いて保存し直してから取り込んでください"
                .into(),
        ),
        (
            "malformed-garbled-row.xlsx",
            1,
            "[エラー] ロールモデル: シートの XML が壊れていて読めません（byte 744: ill-formed document: expected \
             `</r@w<<>`, but `</row>` was found）。Excel で開いて保存し直してから取り込んでください"
                .into(),
        ),
        (
            "malformed-shared-strings-xml.xlsx",
            2,
            format!(
                "renkei: {}: ブックを開けません（.xlsx ではないか、壊れています） / cannot open the workbook (not .xlsx, or \
                 damaged): 共有文字列（xl/sharedStrings.xml）の XML が壊れています（byte 217: ill-formed document: \
                 expected `</s!>`, but `</si>` was found） / the shared strings (xl/sharedStrings.xml): the XML is broken",
                book("malformed-shared-strings-xml.xlsx")
            ),
        ),
        (
            "malformed-shared-string-index.xlsx",
            1,
            "[エラー] ロールモデル!C2: 共有文字列の 999 番を指していますが、ブックの共有文字列は 19 個です（ブックが壊れてい\
             ます）。Excel で開いて保存し直してから取り込んでください"
                .into(),
        ),
        (
            "formulas-openpyxl.xlsx",
            1,
            "[エラー] ロールモデル!C2 「=A2&\"!\"」".into(),
        ),
    ];
    for (name, code, expected) in cases {
        let (got, text) = import_into_sample(dir.path(), &fixture(name));
        assert_eq!(got, Some(code), "{name}: {text}");
        assert!(text.contains(&expected), "{name}: expected\n{expected}\nin\n{text}");
        assert!(!text.contains("panicked"), "{name}: {text}");
    }
}

/// A minimal workbook written part by part: one sheet (its `<sheetData>` content given), shared strings if any.
fn book_with_sheet(
    path: &Path,
    sheet: &str,
    rows: &mut dyn FnMut(&mut dyn std::io::Write),
    shared: Option<&[u8]>,
) {
    use std::io::Write;
    let mut z = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let o = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    let ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    z.start_file("[Content_Types].xml", o).unwrap();
    z.write_all(b"<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/></Types>").unwrap();
    z.start_file("_rels/.rels", o).unwrap();
    write!(z, "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{rel}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>").unwrap();
    z.start_file("xl/workbook.xml", o).unwrap();
    write!(z, "<?xml version=\"1.0\"?><workbook xmlns=\"{ns}\" xmlns:r=\"{rel}\"><sheets><sheet name=\"{sheet}\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>").unwrap();
    z.start_file("xl/_rels/workbook.xml.rels", o).unwrap();
    write!(z, "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{rel}/worksheet\" Target=\"worksheets/sheet1.xml\"/>{}</Relationships>",
        if shared.is_some() { format!("<Relationship Id=\"rId2\" Type=\"{rel}/sharedStrings\" Target=\"sharedStrings.xml\"/>") } else { String::new() }).unwrap();
    if let Some(sst) = shared {
        z.start_file("xl/sharedStrings.xml", o).unwrap();
        z.write_all(sst).unwrap();
    }
    z.start_file("xl/worksheets/sheet1.xml", o).unwrap();
    write!(z, "<?xml version=\"1.0\"?><worksheet xmlns=\"{ns}\"><sheetData>").unwrap();
    rows(&mut z);
    z.write_all(b"</sheetData></worksheet>").unwrap();
    z.finish().unwrap();
}

fn inline(reference: &str, text: &str) -> String {
    format!("<c r=\"{reference}\" t=\"inlineStr\"><is><t>{text}</t></is></c>")
}

/// The role model sheet's header row (the contract's columns, in order), as inline strings.
fn role_model_header() -> String {
    let cells: String = renkei::exchange::sheets::SheetKind::RoleModels
        .columns()
        .iter()
        .enumerate()
        .map(|(i, (field, _))| inline(&format!("{}1", (b'A' + i as u8) as char), field.header()))
        .collect();
    format!("<row r=\"1\">{cells}</row>")
}

/// Bombs: a sheet that reaches past the last row allowed, one whose grid spans past the cells allowed, and (with
/// the limit lowered, so the test stays small) a sheet and shared strings that expand past the bytes allowed —
/// each refused while it is streamed, with its limit said, the project unchanged.
#[test]
fn bombs_are_refused_while_streaming_with_their_limit() {
    use renkei::exchange::import::{ImportOptions, propose};
    use renkei::exchange::read::{Limits, MAX_SHEET_CELLS, MAX_SHEET_ROWS, ReadError};
    let dir = tempfile::tempdir().unwrap();
    // The last row Excel has, in a book of a few hundred bytes.
    let rows = dir.path().join("rows.xlsx");
    book_with_sheet(
        &rows,
        "ロールモデル",
        &mut |w| {
            write!(
                w,
                "{}<row r=\"1048576\">{}</row>",
                role_model_header(),
                inline("A1048576", "x")
            )
            .unwrap();
        },
        None,
    );
    let (code, text) = import_into_sample(dir.path(), &rows);
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.contains(&format!(
            "[エラー] ロールモデル: シートが {MAX_SHEET_ROWS} 行を超えています（1048576 行目があります。上限）。読み込みません。ブックを分けてください"
        )),
        "{text}"
    );
    // A grid to row 100,000 and column IV: 25.6 million cells.
    let grid = dir.path().join("grid.xlsx");
    book_with_sheet(
        &grid,
        "ロールモデル",
        &mut |w| {
            write!(w, "{}<row r=\"100000\">{}</row>", role_model_header(), inline("IV100000", "x"))
                .unwrap();
        },
        None,
    );
    let (code, text) = import_into_sample(dir.path(), &grid);
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.contains(&format!(
            "[エラー] ロールモデル: シートの範囲が {MAX_SHEET_CELLS} セルを超えています（100000 行 × 256 列まで。上限）"
        )),
        "{text}"
    );

    // Bytes: 64 MiB of sheet from a few hundred kilobytes, against a limit of 4 MiB.
    let limits = Limits { part_bytes: 4 << 20, ..Limits::default() };
    let options =
        || ImportOptions { party: Some("201".into()), limits, ..ImportOptions::default() };
    let base = renkei::domain::samples::sample::sample_project();
    let bomb = dir.path().join("bomb.xlsx");
    let filler = "あ".repeat(100);
    book_with_sheet(
        &bomb,
        "ロールモデル",
        &mut |w| {
            w.write_all(role_model_header().as_bytes()).unwrap();
            for r in 2..200_000u32 {
                write!(w, "<row r=\"{r}\">{}</row>", inline(&format!("L{r}"), &filler)).unwrap();
            }
        },
        None,
    );
    assert!(std::fs::metadata(&bomb).unwrap().len() < 4 << 20);
    let p = propose(&bomb, &base, options(), &mut |_, _| true).unwrap();
    let lines: Vec<String> =
        p.problems.iter().map(|x| x.line(renkei::domain::model::message::Lang::Ja)).collect();
    assert_eq!(
        lines,
        [
            "[エラー] ロールモデル: シートの XML が展開すると 4 MiB を超えます（上限）。読み込みません。値だけを新しいブックに貼り付けるか、ブックを分けてください"
        ]
    );
    assert!(p.has_errors());
    // Shared strings that expand past the limit: the book is refused before calamine reads them whole.
    let sst_bomb = dir.path().join("sst.xlsx");
    let mut sst = String::from(
        "<?xml version=\"1.0\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">",
    );
    for _ in 0..60_000 {
        sst += &format!("<si><t>{filler}</t></si>");
    }
    sst += "</sst>";
    book_with_sheet(
        &sst_bomb,
        "ロールモデル",
        &mut |w| w.write_all(role_model_header().as_bytes()).unwrap(),
        Some(sst.as_bytes()),
    );
    match propose(&sst_bomb, &base, options(), &mut |_, _| true) {
        Err(e @ ReadError::TooLarge { .. }) => assert!(
            e.to_string().contains(
                "共有文字列（xl/sharedStrings.xml）が展開すると 4 MiB を超えます（上限）"
            ),
            "{e}"
        ),
        other => panic!("{:?}", other.map(|p| p.problems)),
    }
    // The defaults are the ones the README states.
    assert_eq!(Limits::default().part_bytes, 512 << 20);
    assert_eq!(Limits::default().rows, 500_000);
}

/// A book with thousands of bad cells lists the first 200 problems, then counts the rest by rule — in the command
/// line's output here (the window's preview shows the same lines).
#[test]
fn problems_are_listed_up_to_200_then_counted_by_rule() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("bad-dates.xlsx");
    book_with_sheet(
        &book,
        "ロールモデル",
        &mut |w| {
            w.write_all(role_model_header().as_bytes()).unwrap();
            for r in 2..=1001u32 {
                write!(
                    w,
                    "<row r=\"{r}\">{}{}{}{}</row>",
                    inline(&format!("A{r}"), &format!("RM{r}")),
                    inline(&format!("B{r}"), &format!("P{r}")),
                    inline(&format!("E{r}"), "生まれた日"),
                    inline(&format!("F{r}"), "不明"),
                )
                .unwrap();
            }
        },
        None,
    );
    let (code, text) = import_into_sample(dir.path(), &book);
    assert_eq!(code, Some(1), "{text}");
    let listed =
        text.lines().filter(|l| l.starts_with("[エラー]") || l.starts_with("[警告]")).count();
    assert_eq!(listed, 200, "{text}");
    assert!(
        text.contains(
            "… ほかに 1800 件（最初の 200 件のみ一覧にしました。残りを規則ごとに数えます）:"
        ),
        "{text}"
    );
    let counted: Vec<&str> = text.lines().filter(|l| l.starts_with("  [")).collect();
    assert_eq!(counted.len(), 2, "{text}");
    assert!(counted.iter().all(|l| l.ends_with(" — 900 件")), "{counted:?}");
    assert!(counted.iter().any(|l| l.contains("ロールモデル E 列")), "{counted:?}");
    assert!(counted.iter().any(|l| l.contains("ロールモデル F 列")), "{counted:?}");
}
