//! Nothing written where it was not asked, nothing changed silently, and personal information kept as 特定個人情報:
//! names built from IDs stay in the folder asked for, CSV cells never become formulas, every file we write is
//! its owner's alone and replaces its destination whole (a killed export leaves the old book).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use renkei::domain::samples::sample::sample_project;
use renkei::store::Store;

fn renkei(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_renkei")).args(args).output().unwrap()
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
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
    let o = renkei(&[&"simulate", &project, &"--case", &"../ESCAPED", &"--out", &out]);
    assert!(o.status.success(), "{}", text(&o));
    let written = files_in(&out);
    assert!(!written.is_empty());
    assert!(written.iter().all(|n| !n.contains('/') && !n.starts_with("..")), "{written:?}");
    assert!(written.iter().any(|n| n.ends_with("ESCAPED_merged.xml")), "{written:?}");
    // Nothing beside the folder but the project and the folder itself.
    assert_eq!(files_in(dir.path()), ["out", "p.renkei"]);

    // An insurer's run over an ID with a separator writes every answer and the index inside its folder.
    let dir2 = tempfile::tempdir().unwrap();
    let project = sample_with_case_id(dir2.path(), "S01/V01/T01");
    let out = dir2.path().join("answers");
    let o = renkei(&[&"simulate", &project, &"--insurer", &"06130017", &"--out", &out]);
    assert!(o.status.success(), "{}", text(&o));
    let written = files_in(&out);
    assert!(written.contains(&"index.csv".to_string()), "{written:?}");
    assert!(written.iter().any(|n| n.starts_with("S01_V01_T01")), "{written:?}");
    let csv = std::fs::read_to_string(out.join("index.csv")).unwrap();
    for line in csv.lines().skip(1) {
        let file = line.rsplit(',').next().unwrap();
        assert!(out.join(file).is_file(), "index.csv names {file}, which is not in the folder");
    }

    // The check warns at the ID's cell.
    let o = renkei(&[&"check", &project, &"--format", &"json"]);
    let json = String::from_utf8_lossy(&o.stdout);
    assert!(json.contains("id-not-file-name"), "{json}");
}

/// index.csv is for Excel: an ID that would start a formula is written so that it shows as text.
#[test]
fn csv_cells_never_become_formulas() {
    for id in ["=HYPERLINK(\"http://x\",\"y\")", "+cmd|' /C calc'!A0", "@SUM(1+1)", "-1+2"] {
        let dir = tempfile::tempdir().unwrap();
        let project = sample_with_case_id(dir.path(), id);
        let out = dir.path().join("out");
        let o = renkei(&[&"simulate", &project, &"--insurer", &"06130017", &"--out", &out]);
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
    assert!(renkei(&[&"new", &project, &"--own", &"002"]).status.success());
    assert_eq!(mode(&project), 0o600, "project file");
    let sample = dir.path().join("s.renkei");
    assert!(renkei(&[&"new", &sample, &"--sample"]).status.success());
    let book = dir.path().join("b.xlsx");
    let o = renkei(&[&"export", &sample, &book]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(mode(&book), 0o600, "book");
    let out = dir.path().join("xml");
    assert!(
        renkei(&[&"simulate", &sample, &"--case", &"S01-V01-T01", &"--out", &out]).status.success()
    );
    for f in files_in(&out) {
        assert_eq!(mode(&out.join(&f)), 0o600, "{f}");
    }
    let answers = dir.path().join("answers");
    assert!(
        renkei(&[&"simulate", &sample, &"--insurer", &"06130017", &"--out", &answers])
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
            assert_eq!(now, before, "killed after {ms} ms: the old book is not whole");
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

/// A copy of the book at `from` with each part's text changed by `change(part name, text)`.
fn rewrite_book(from: &Path, to: &Path, change: &dyn Fn(&str, String) -> String) {
    use std::io::{Read, Write};
    let mut book = zip::ZipArchive::new(std::fs::File::open(from).unwrap()).unwrap();
    let mut z = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    let o = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..book.len() {
        let mut part = book.by_index(i).unwrap();
        let name = part.name().unwrap().to_string();
        let mut text = String::new();
        part.read_to_string(&mut text).unwrap();
        z.start_file(name.as_str(), o).unwrap();
        z.write_all(change(&name, text).as_bytes()).unwrap();
    }
    z.finish().unwrap();
}

fn export_sample(p: &renkei::domain::model::Project, path: &Path) {
    use renkei::exchange::write::{ExportOptions, write_workbook};
    let options = ExportOptions {
        sheets: renkei::exchange::sheets::ALL_SHEETS.to_vec(),
        date_style: renkei::domain::date::DateStyle::Iso,
        today: renkei::domain::date::Date::ymd(2026, 12, 7),
        agreement: true,
        without_my_number: false,
    };
    assert!(write_workbook(p, path, &options, |_, _| true).unwrap());
}

fn read_book(path: &Path) -> renkei::exchange::import::Proposal {
    renkei::exchange::import::propose(
        path,
        &renkei::domain::model::Project::default(),
        renkei::exchange::import::ImportOptions { keep_result: true, ..Default::default() },
        &mut |_, _| true,
    )
    .unwrap()
}

fn errors(p: &renkei::exchange::import::Proposal) -> Vec<String> {
    renkei::exchange::read::problem_lines(&p.problems, renkei::domain::model::message::Lang::Ja)
}

/// A book saved in the 1904 date system (Excel for Mac can) is read as the book says: its date serials count from
/// 1904, 1,462 days after 1900's.
#[test]
fn a_book_in_the_1904_date_system_is_read_as_it_says() {
    let dir = tempfile::tempdir().unwrap();
    let p = sample_project();
    let book = dir.path().join("1900.xlsx");
    export_sample(&p, &book);
    let as_1900 = read_book(&book);
    assert!(!as_1900.has_errors(), "{:?}", errors(&as_1900));
    let query_date = as_1900.result.test_cases[0].query_date.unwrap();
    assert_eq!(Some(query_date), p.test_cases[0].query_date);
    let mac = dir.path().join("1904.xlsx");
    rewrite_book(&book, &mac, &|name, text| {
        if name == "xl/workbook.xml" {
            assert!(text.contains("<workbookPr"), "{text}");
            text.replacen("<workbookPr", "<workbookPr date1904=\"1\"", 1)
        } else {
            text
        }
    });
    let as_1904 = read_book(&mac);
    assert!(!as_1904.has_errors(), "{:?}", errors(&as_1904));
    assert_eq!(
        as_1904.result.test_cases[0].query_date,
        Some(query_date.add_days(1462)),
        "the same serial, read in the 1904 system"
    );
}

/// An amount that is not a whole number of yen in range, and a text past a cell's 32,767 characters, are errors
/// at their cells: never stored cut, rounded or saturated.
#[test]
fn amounts_out_of_range_and_overlong_text_are_errors_at_their_cells() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = sample_project();
    p.benefits[0].amount = Some(4_321_987);
    p.role_models[0].name = "長すぎる名前の目印".into();
    let book = dir.path().join("ok.xlsx");
    export_sample(&p, &book);
    assert!(!read_book(&book).has_errors());
    for (amount, why) in [
        ("1E+20", "999,999,999,999,999"),
        ("18446744073709551616", "999,999,999,999,999"),
        ("12.5", "999,999,999,999,999"),
        ("-3", "999,999,999,999,999"),
    ] {
        let bad = dir.path().join("amount.xlsx");
        rewrite_book(&book, &bad, &|_, text| {
            text.replace("<v>4321987</v>", &format!("<v>{amount}</v>"))
        });
        let read = read_book(&bad);
        let lines = errors(&read);
        assert!(read.has_errors(), "{amount} was read: {lines:?}");
        assert!(
            lines.iter().any(|l| l.contains("給付情報!") && l.contains(why)),
            "{amount}: {lines:?}"
        );
    }
    // An error value reads as Excel shows it.
    let bad = dir.path().join("na.xlsx");
    rewrite_book(&book, &bad, &|_, text| {
        let Some(at) = text.find("<v>4321987</v>") else {
            return text;
        };
        let cell = text[..at].rfind("<c ").unwrap();
        let close = cell + text[cell..at].rfind('>').unwrap();
        format!("{} t=\"e\"><v>#N/A</v>{}", &text[..close], &text[at + "<v>4321987</v>".len()..])
    });
    let read = read_book(&bad);
    let lines = errors(&read);
    assert!(lines.iter().any(|l| l.contains("給付情報!") && l.contains("#N/A")), "{lines:?}");
    let long = "あ".repeat(40_000);
    let bad = dir.path().join("long.xlsx");
    rewrite_book(&book, &bad, &|_, text| text.replace("長すぎる名前の目印", &long));
    let read = read_book(&bad);
    let lines = errors(&read);
    assert!(
        read.has_errors()
            && lines.iter().any(|l| l.contains("ロールモデル!") && l.contains("32767")),
        "{lines:?}"
    );
}

/// `export --without-my-number` leaves every 個人番号 out of the book (no column, no value in any cell); the book
/// read back leaves the receiver's 個人番号 as they are.
#[test]
fn a_book_without_my_numbers_has_none_and_keeps_the_receivers() {
    use calamine::Reader;
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("s.renkei");
    assert!(renkei(&[&"new", &project, &"--sample"]).status.success());
    let numbers: Vec<String> = sample_project()
        .role_models
        .iter()
        .map(|r| r.my_number.to_string())
        .filter(|n| !n.is_empty())
        .collect();
    assert!(!numbers.is_empty());
    let book = dir.path().join("b.xlsx");
    let o = renkei(&[&"export", &project, &book, &"--without-my-number"]);
    assert!(o.status.success(), "{}", text(&o));
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&book).unwrap();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).unwrap();
        for cell in range.cells() {
            let shown = cell.2.to_string();
            assert!(shown != "個人番号", "{name} has a 個人番号 column");
            assert!(
                !numbers.iter().any(|n| shown.contains(n.as_str())),
                "{name} holds a 個人番号: {shown}"
            );
        }
    }
    // Read back into the project it came from: nothing changes, the 個人番号 included.
    let o = renkei(&[&"import", &project, &book, &"--dry-run"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("変更はありません"), "{}", text(&o));
    // And the same export without the flag carries them.
    let full = dir.path().join("full.xlsx");
    assert!(renkei(&[&"export", &project, &full]).status.success());
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&full).unwrap();
    let range = wb.worksheet_range("ロールモデル").unwrap();
    assert!(range.cells().any(|c| c.2.to_string() == numbers[0]));
}

fn holds(bytes: &[u8], text: &str) -> bool {
    bytes.windows(text.len()).any(|w| w == text.as_bytes())
}

/// `renkei erase FILE --role-model ID` takes the person and every copy of its personal values out of the file —
/// the record of books' entries included — and leaves none of their bytes in it; the book's record stays.
#[test]
fn an_erased_person_leaves_no_trace_in_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("s.renkei");
    assert!(renkei(&[&"new", &project, &"--sample"]).status.success());
    let p = sample_project();
    let x = p.role_models.iter().find(|r| r.id.as_str() == "RM-X").unwrap().clone();
    // A book that renames RM-X and gives a new 個人番号: the record of books keeps the old and new values.
    let mut edited = p.clone();
    let rx = edited.role_models.iter_mut().find(|r| r.id.as_str() == "RM-X").unwrap();
    rx.name = "消去 予定子".into();
    rx.my_number = "123456789018".into();
    let book = dir.path().join("b.xlsx");
    export_sample(&edited, &book);
    let o = renkei(&[&"import", &project, &book]);
    assert!(o.status.success(), "{}", text(&o));
    let before = std::fs::read(&project).unwrap();
    for value in [x.name.as_str(), "消去 予定子", "123456789018"] {
        assert!(holds(&before, value), "{value} is not in the file to begin with");
    }

    let o = renkei(&[&"erase", &project, &"--role-model", &"RM-X"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("RM-X"), "{}", text(&o));
    let after = std::fs::read(&project).unwrap();
    for value in [x.name.as_str(), "消去 予定子", "123456789018", x.my_number.as_str()] {
        assert!(!holds(&after, value), "{value} is still in the file's bytes");
    }
    let store = Store::open_read_only(&project).unwrap();
    let left = store.load().unwrap();
    assert!(!left.role_models.iter().any(|r| r.id.as_str() == "RM-X"));
    assert!(!left.memberships.iter().any(|m| m.role_model.as_str() == "RM-X"));
    assert!(left.role_models.iter().any(|r| r.id.as_str() == "RM-Y"), "the other person stays");
    // The book's record stays, without the person's entries.
    let books = store.books().unwrap();
    assert_eq!(books.len(), 1);
    // An unknown person is an error that names it.
    let o = renkei(&[&"erase", &project, &"--role-model", &"RM-NONE"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("RM-NONE"), "{}", text(&o));
}

/// A whole book of a project of two parties (its 団体 column) imports into an empty project as both parties — the
/// same project, sheet for sheet — and `--party P` reads P's rows alone; a book of one party has no 団体 column.
#[test]
fn a_whole_book_of_several_parties_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let original = dir.path().join("g.renkei");
    let o = renkei(&[&"generate", &original, &"--cases", &"200", &"--parties", &"2"]);
    assert!(o.status.success(), "{}", text(&o));
    let book = dir.path().join("all.xlsx");
    assert!(renkei(&[&"export", &original, &book]).status.success());
    let empty = dir.path().join("e.renkei");
    assert!(renkei(&[&"new", &empty]).status.success());
    let o = renkei(&[&"import", &empty, &book]);
    assert!(o.status.success(), "{}", text(&o));
    let content = |path: &Path| {
        let mut p = Store::open_read_only(path).unwrap().load().unwrap();
        p.name = String::new();
        for m in &mut p.memberships {
            m.id = 0;
        }
        for b in &mut p.benefits {
            b.id = 0;
        }
        p
    };
    let (a, b) = (content(&original), content(&empty));
    assert_eq!(a.test_cases, b.test_cases);
    assert_eq!(a.role_models, b.role_models);
    assert_eq!(a.memberships, b.memberships);
    assert_eq!(a.benefits, b.benefits);
    assert_eq!(a.scenarios, b.scenarios);
    assert_eq!(a.variations, b.variations);
    assert_eq!(a.insurers, b.insurers);
    assert_eq!(a.institutions, b.institutions);

    // One party's rows alone.
    let parties = renkei::domain::model::names::parties(&a);
    assert_eq!(parties.len(), 2);
    let one = dir.path().join("one.renkei");
    assert!(renkei(&[&"new", &one]).status.success());
    let o = renkei(&[&"import", &one, &book, &"--party", &parties[1].as_str()]);
    assert!(o.status.success(), "{}", text(&o));
    let got = content(&one);
    assert!(!got.test_cases.is_empty());
    assert!(got.test_cases.iter().all(|c| c.party == parties[1]));
    assert!(got.role_models.iter().all(|r| r.party == parties[1]));
    assert_eq!(
        got.memberships.len(),
        a.memberships.iter().filter(|m| m.party == parties[1]).count()
    );

    // A party's own book is the contract's sheet: no 団体 column.
    use calamine::Reader;
    let own = dir.path().join("own.xlsx");
    assert!(
        renkei(&[&"export", &original, &own, &"--party", &parties[0].as_str()]).status.success()
    );
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&own).unwrap();
    let range = wb.worksheet_range("ロールモデル").unwrap();
    assert!(!range.cells().any(|c| *c.2 == "団体"));
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&book).unwrap();
    let range = wb.worksheet_range("ロールモデル").unwrap();
    assert!(range.cells().any(|c| *c.2 == "団体"));
}

/// An import while another process has the project open for writing is refused at once, before any book is read,
/// saying so; a book whose shared strings declare entities (an entity bomb) is refused naming the part.
#[test]
fn an_import_refused_is_said_at_once_and_plainly() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("s.renkei");
    assert!(renkei(&[&"new", &project, &"--sample"]).status.success());
    let book = dir.path().join("b.xlsx");
    export_sample(&sample_project(), &book);
    let held = Store::open(&project).unwrap();
    let started = std::time::Instant::now();
    let o = renkei(&[&"import", &project, &book]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("別のプロセスで開かれています"), "{}", text(&o));
    // Nothing of the book was read: no line about it.
    assert!(!text(&o).contains("仕様書として読みました"), "{}", text(&o));
    drop(held);
    let _ = started;

    let bomb = dir.path().join("bomb.xlsx");
    rewrite_book(&book, &bomb, &|name, text| {
        if name == "xl/sharedStrings.xml" {
            let at = text.find("?>").map_or(0, |i| i + 2);
            format!(
                "{}<!DOCTYPE sst [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>{}",
                &text[..at],
                text[at..].replacen("</sst>", "<si><t>&b;</t></si></sst>", 1)
            )
        } else {
            text
        }
    });
    let o = renkei(&[&"import", &project, &bomb]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let said = text(&o);
    assert!(said.contains("xl/sharedStrings.xml") && said.contains("DOCTYPE"), "{said}");
    assert!(!said.contains("unrecognized entity"), "{said}");
}

/// Whether Python's msoffcrypto-tool (an independent implementation of Office's encryption) is here.
fn msoffcrypto() -> bool {
    Command::new("python3")
        .args(["-c", "import msoffcrypto"])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// `export --protect` writes a book that opens with the password alone (RENKEI_PASSWORD, never the command line),
/// which msoffcrypto-tool decrypts into the same workbook; a book msoffcrypto-tool encrypted imports with the
/// password; without it, or with a wrong one, the import is refused saying so, the project unchanged.
#[test]
fn a_protected_book_opens_with_its_password_alone() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("s.renkei");
    assert!(renkei(&[&"new", &project, &"--sample"]).status.success());
    let book = dir.path().join("保護 済み.xlsx");
    let with_password = |args: &[&dyn AsRef<std::ffi::OsStr>], password: Option<&str>| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_renkei"));
        c.args(args).env_remove("RENKEI_PASSWORD");
        if let Some(p) = password {
            c.env("RENKEI_PASSWORD", p);
        }
        c.output().unwrap()
    };
    // Without a password, --protect refuses and writes nothing.
    let o = with_password(&[&"export", &project, &book, &"--protect"], None);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("RENKEI_PASSWORD"), "{}", text(&o));
    assert!(!book.exists());
    let o = with_password(&[&"export", &project, &book, &"--protect"], Some("秘密の合言葉 1"));
    assert!(o.status.success(), "{}", text(&o));
    let bytes = std::fs::read(&book).unwrap();
    assert!(bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]), "not an encrypted book");
    assert!(!holds(&bytes, "RM-X"), "plain text in the protected book");
    let before = std::fs::read(&project).unwrap();
    for (password, why) in [(None, "パスワードで保護"), (Some("違う"), "パスワードが違う")]
    {
        let o = with_password(&[&"import", &project, &book], password);
        assert_eq!(o.status.code(), Some(2), "{}", text(&o));
        assert!(text(&o).contains(why), "{}", text(&o));
        assert_eq!(std::fs::read(&project).unwrap(), before);
    }
    let o = with_password(&[&"import", &project, &book, &"--dry-run"], Some("秘密の合言葉 1"));
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("変更はありません"), "{}", text(&o));

    if !msoffcrypto() {
        eprintln!(
            "msoffcrypto-tool is not installed: the protected book is not checked by a second reader here"
        );
        return;
    }
    // The independent reader decrypts ours into a workbook calamine reads.
    let plain = dir.path().join("plain.xlsx");
    let script = "import msoffcrypto,sys\nf=msoffcrypto.OfficeFile(open(sys.argv[1],'rb'))\nf.load_key(password=sys.argv[3])\nf.decrypt(open(sys.argv[2],'wb'))\n";
    let o = Command::new("python3")
        .args(["-c", script])
        .arg(&book)
        .arg(&plain)
        .arg("秘密の合言葉 1")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&plain).unwrap();
    let range = wb.worksheet_range("ロールモデル").unwrap();
    assert!(range.cells().any(|c| *c.2 == "RM-X"));
    // A book it encrypts, we read with the password.
    let theirs = dir.path().join("theirs.xlsx");
    let script = "import msoffcrypto,sys\nfrom msoffcrypto.format.ooxml import OOXMLFile\nf=OOXMLFile(open(sys.argv[1],'rb'))\nf.encrypt(sys.argv[3], open(sys.argv[2],'wb'))\n";
    let o = Command::new("python3")
        .args(["-c", script])
        .arg(&plain)
        .arg(&theirs)
        .arg("their pass")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let o = with_password(&[&"import", &project, &theirs, &"--dry-run"], Some("their pass"));
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("変更はありません"), "{}", text(&o));
}

/// A file whose schema version does not match its tables is said in plain words, with the place and what was kept;
/// however often it is tried, it leaves one backup, not one per attempt.
#[test]
fn a_file_that_cannot_be_migrated_says_so_and_keeps_one_backup() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("s.renkei");
    assert!(renkei(&[&"new", &project, &"--sample"]).status.success());
    {
        let conn = rusqlite::Connection::open(&project).unwrap();
        conn.pragma_update(None, "user_version", 4).unwrap();
    }
    let bytes = std::fs::read(&project).unwrap();
    for _ in 0..3 {
        let o = renkei(&[&"info", &project]);
        assert_eq!(o.status.code(), Some(2), "{}", text(&o));
        let said = text(&o);
        let ours = said.find("スキーマ 4 のファイルをこのバージョンの形に更新できませんでした");
        let theirs = said.find("SQLite");
        assert!(ours.is_some() && ours < theirs, "{said}");
        assert!(said.contains("s.renkei.bak-v4"), "{said}");
    }
    assert_eq!(std::fs::read(&project).unwrap(), bytes, "the file changed");
    let backups: Vec<String> =
        files_in(dir.path()).into_iter().filter(|n| n.contains(".bak")).collect();
    assert_eq!(backups, ["s.renkei.bak-v4"]);
    #[cfg(unix)]
    assert_eq!(mode(&dir.path().join("s.renkei.bak-v4")), 0o600);
}

/// A test case sheet that cannot be read is the one error: no follow-on error blames another sheet for it.
#[test]
fn an_unreadable_test_case_sheet_is_the_one_error() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("ok.xlsx");
    export_sample(&sample_project(), &book);
    let broken = dir.path().join("broken.xlsx");
    rewrite_book(&book, &broken, &|name, text| {
        if name == "xl/worksheets/sheet1.xml" {
            text.replacen("</sheetData>", "<row></sheetData>", 1)
        } else {
            text
        }
    });
    let read = read_book(&broken);
    let lines = errors(&read);
    let errors: Vec<&String> = lines.iter().filter(|l| l.starts_with("[エラー]")).collect();
    assert_eq!(errors.len(), 1, "{lines:?}");
    assert!(errors[0].contains("テストケース一覧"), "{lines:?}");
}
