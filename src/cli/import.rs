//! `renkei import FILE BOOK...`: each workbook read into a proposed change against the project as the books before
//! it left it, every problem printed at its cell; each book is its own party's and its own undo step, applied
//! unless an error stops it or `--dry-run` asks only to see it; a summary per book, then the check's summary.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::domain::coordination::book::{BookRecord, Direction};
use crate::domain::model::InstitutionCode;
use crate::domain::model::message::Lang;
use crate::exchange::file_sha256;
use crate::exchange::import::{ImportOptions, Proposal, propose};
use crate::store::Store;

use super::check::check_summary;
use super::stdout_write;

/// The undo step of an import from the command line.
pub const IMPORT_LABEL: &str = "ブックの取り込み / import workbook";

/// What `renkei import` was asked.
pub(super) struct ImportArgs<'a> {
    pub file: &'a Path,
    pub books: &'a [PathBuf],
    pub dry_run: bool,
    pub keep_unlisted: bool,
    pub party: Option<InstitutionCode>,
    pub lang: Lang,
}

/// Write one book's change into the project file as one operation, the book recorded as received; the file's
/// revision after it, and what it did, for the user.
fn write_book(
    store: &mut Store,
    file: &Path,
    (book_party, name, sha256): (&str, &str, &str),
    proposal: &Proposal,
    warnings: usize,
    ja: bool,
) -> Result<(u64, String)> {
    let record = BookRecord::received(book_party, name, sha256, &proposal.change);
    // An empty change is applied too: the rows that moved in the book get their new places (the check names
    // their cells), and the book is recorded as received.
    let op = crate::store::transact::receive(
        store,
        &format!("{IMPORT_LABEL} {name}"),
        &proposal.change,
        (&proposal.sources, Some(&record)),
        &mut |_, _| true,
    )?;
    let file = crate::platform::shown(file);
    let said = if !proposal.change.is_empty() {
        if ja {
            format!("{file} に取り込みました（警告 {warnings} 件）\n")
        } else {
            format!("imported into {file} ({warnings} warnings)\n")
        }
    } else if op.sources_written > 0 {
        let rows = op.sources_written;
        if ja {
            format!(
                "内容は同じです。ブックの中で位置が変わった {rows} 行の位置（シート・行）を更新しました\n"
            )
        } else {
            format!(
                "the content is the same; updated where {rows} rows are in the book (sheet, row)\n"
            )
        }
    } else {
        String::new()
    };
    Ok((op.revision, said))
}

/// What a book that can be imported changes, for the user: its rows (in a dry run), whose it was read as, the
/// summary, and whether anything is written.
fn what_the_book_changes(
    proposal: &Proposal,
    book_party: &str,
    dry_run: bool,
    lang: Lang,
) -> String {
    let ja = lang == Lang::Ja;
    let mut out = String::new();
    if dry_run {
        for line in proposal.change.lines(lang) {
            out += &line;
            out.push('\n');
        }
    }
    if !book_party.is_empty() {
        out += &if ja {
            format!("団体 {book_party} の仕様書として読みました\n")
        } else {
            format!("read as party {book_party}'s specification\n")
        };
    }
    for line in proposal.change.summary_lines(lang) {
        out += &line;
        out.push('\n');
    }
    if proposal.change.is_empty() {
        out += if ja { "変更はありません\n" } else { "nothing changes\n" };
    } else if dry_run {
        out += if ja {
            "（--dry-run: 書き込んでいません）\n"
        } else {
            "(--dry-run: nothing written)\n"
        };
    }
    out
}

pub(super) fn import(args: ImportArgs) -> Result<ExitCode> {
    let ImportArgs { file, books, dry_run, keep_unlisted, party, lang } = args;
    let ja = lang == Lang::Ja;
    // Another writer has the file: said at once, before any book is read (it would be refused at the end).
    if !dry_run && Store::in_use(file) {
        return Err(crate::store::StoreError::InUse(file.to_path_buf()).into());
    }
    // Read with the file shared (one snapshot, at one revision); it is opened for writing only when there is
    // something to write, and a change is written only if the file is still at the revision it was read at.
    // The rows' sources are not read with the project: only the summary's findings' are, at the end.
    let reader = super::read_project(file)?;
    let crate::store::Snapshot { mut project, books: records, mut revision, .. } =
        reader.snapshot_without_sources()?;
    let mut sources = crate::domain::coordination::source::Sources::default();
    let mut store: Option<Store> = None;
    let mut out = String::new();
    let mut failed = false;
    let mut parties_done: Vec<(InstitutionCode, String)> = Vec::new();
    // Asked once, and only when a book is protected.
    let protected = books.iter().find(|b| crate::exchange::protect::is_protected(b));
    let password = protected.and_then(|b| {
        crate::exchange::protect::password_from_environment_or_prompt(
            &crate::exchange::book_file_name(b),
        )
    });
    for book in books {
        let name = crate::exchange::book_file_name(book);
        if books.len() > 1 {
            out += &format!("== {name} ==\n");
        }
        // A dry run reads the next book against the project this one would give, and checks it; a book that is
        // written is read back from the file instead, so its change takes the rows it puts from the result.
        let options = ImportOptions {
            remove_missing: !keep_unlisted,
            party: party.clone(),
            keep_result: dry_run,
            password: password.clone(),
            ..ImportOptions::default()
        };
        // The reading error names the book.
        let mut proposal = propose(book, &project, options, &mut |_, _| true)?;
        proposal.change.base = Some(revision);
        pause_for_tests("read");
        for line in crate::exchange::read::problem_lines(&proposal.problems, lang) {
            out += &line;
            out.push('\n');
        }
        let (errors, warnings) = proposal.counts();
        if proposal.has_errors() {
            out += &if ja {
                format!(
                    "エラー {errors} 件、警告 {warnings} 件。エラーがあるため {name} の内容は何も書き込みません\n"
                )
            } else {
                format!("{errors} errors, {warnings} warnings: nothing of {name} is written\n")
            };
            failed = true;
            continue;
        }
        let book_party = proposal.party.clone().unwrap_or_default();
        // One book per party in a batch: a second would replace what the first just brought.
        if let Some((_, first)) =
            parties_done.iter().find(|(p, _)| !book_party.is_empty() && *p == book_party)
        {
            out += &if ja {
                format!(
                    "団体 {book_party} のブックは同じ取り込みで {first} を反映済みです。{name} は取り込みません\n"
                )
            } else {
                format!(
                    "party {book_party}'s book {first} is already in this batch: {name} is not imported\n"
                )
            };
            failed = true;
            continue;
        }
        let sha256 = file_sha256(book).with_context(|| crate::platform::shown(book))?;
        let last = records
            .iter()
            .rev()
            .find(|r| r.direction == Direction::Received && r.party == book_party.as_str());
        if last.is_some_and(|r| r.sha256 == sha256) {
            out += &if ja {
                format!(
                    "{name} は団体 {book_party} から前回受け取ったブックと同じ内容です（SHA-256 が一致）\n"
                )
            } else {
                format!(
                    "{name} is the same file as the last book from party {book_party} (same SHA-256)\n"
                )
            };
        }
        out += &what_the_book_changes(&proposal, &book_party, dry_run, lang);
        if !dry_run {
            // The project is read again from the file once the change is in: the project the change was worked out
            // from is let go of first (at national scale, a project's worth of memory beside the change; the
            // proposal kept no result).
            drop(std::mem::take(&mut project));
            let store = match &mut store {
                Some(s) => s,
                None => store.insert(super::write_project(file)?),
            };
            let (written, said) =
                write_book(store, file, (&book_party, &name, &sha256), &proposal, warnings, ja)?;
            revision = written;
            out += &said;
        }
        parties_done.push((book_party, name));
        let Proposal { result, sources: read, change, .. } = proposal;
        // Written, the book's sources are the file's now; in a dry run they are kept for the summary.
        if dry_run {
            sources.extend(read);
        }
        // The next book is read against the project as this one left it (with the row keys the file gave); the
        // change is let go of first (a written book's result and base were let go of before it was applied).
        drop(change);
        project = match &store {
            Some(s) => s.load()?,
            None => result,
        };
    }
    // What the check says of the project as the imports leave it (or would leave it), at the books' cells: the
    // import keeps what the check judges, so the user sees it here.
    // The sources of the rows the summary shows: the file's (as the imports left it), and over them those of the
    // books read here (what a dry run would have written).
    let sources_of = |findings: &[crate::domain::check::CheckFinding]| -> Result<_> {
        let rows = findings.iter().map(crate::domain::coordination::source::finding_row);
        let mut all = store.as_ref().unwrap_or(&reader).sources_of(rows)?;
        all.extend(sources);
        Ok(all)
    };
    out += &check_summary(&project, sources_of, lang, 20)?;
    stdout_write(&out)?;
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// A pause between reading and writing, for the tests of two processes at once: when `RENKEI_TEST_PAUSE` names a
/// folder, the import leaves `STEP` there and waits (up to a minute) until `STEP.go` appears. Unset, nothing.
fn pause_for_tests(step: &str) {
    let Some(dir) = std::env::var_os("RENKEI_TEST_PAUSE") else {
        return;
    };
    let dir = PathBuf::from(dir);
    if std::fs::write(dir.join(step), b"").is_err() {
        return;
    }
    let go = dir.join(format!("{step}.go"));
    for _ in 0..6000 {
        if go.exists() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}
