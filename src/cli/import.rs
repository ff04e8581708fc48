//! `renkei import`: a workbook read into a proposed change, every problem printed at its cell; applied as one
//! undo step unless an error stops it or `--dry-run` asks only to see it; then the check's summary at the cells.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::domain::message::Lang;
use crate::store::Store;

use super::check::check_summary;
use super::stdout_write;

/// The undo step of an import from the command line.
pub const IMPORT_LABEL: &str = "ブックの取り込み / import workbook";

pub(super) fn import(
    file: &Path,
    book: &Path,
    dry_run: bool,
    keep_unlisted: bool,
    lang: Lang,
) -> Result<ExitCode> {
    use crate::exchange::import::{ImportOptions, Proposal, propose};
    let ja = lang == Lang::Ja;
    // Read with the file shared; it is opened for writing only when there is something to write.
    let (base, mut sources) = {
        let store = Store::open_read_only(file)?;
        (store.load()?, store.sources()?)
    };
    let options = ImportOptions {
        remove_missing: !keep_unlisted,
    };
    let proposal = propose(book, &base, options, &mut |_, _| true)
        .with_context(|| book.display().to_string())?;
    let mut out = String::new();
    for p in &proposal.problems {
        out += &p.line(lang);
        out.push('\n');
    }
    let (errors, warnings) = proposal.counts();
    if proposal.has_errors() {
        out += &if ja {
            format!("エラー {errors} 件、警告 {warnings} 件。エラーがあるため何も書き込みません\n")
        } else {
            format!("{errors} errors, {warnings} warnings: nothing is written\n")
        };
        stdout_write(&out)?;
        return Ok(ExitCode::from(1));
    }
    if dry_run {
        for line in proposal.change.lines(lang) {
            out += &line;
            out.push('\n');
        }
    }
    for line in proposal.change.summary_lines(lang) {
        out += &line;
        out.push('\n');
    }
    if proposal.change.is_empty() {
        out += if ja {
            "変更はありません\n"
        } else {
            "nothing changes\n"
        };
    } else if dry_run {
        out += if ja {
            "（--dry-run: 書き込んでいません）\n"
        } else {
            "(--dry-run: nothing written)\n"
        };
    } else {
        let mut store = Store::open(file)?;
        store.apply_change_from(
            IMPORT_LABEL,
            &proposal.change,
            &proposal.sources,
            &mut |_, _| true,
        )?;
        out += &if ja {
            format!(
                "{} に取り込みました（警告 {warnings} 件）\n",
                file.display()
            )
        } else {
            format!("imported into {} ({warnings} warnings)\n", file.display())
        };
    }
    // What the check says of the project as the import leaves it (or would leave it), at the book's cells:
    // the import keeps what the check judges, so the user sees it here.
    let Proposal {
        result,
        sources: read,
        ..
    } = proposal;
    sources.extend(read);
    out += &check_summary(&result, &sources, lang, 20);
    stdout_write(&out)?;
    Ok(ExitCode::SUCCESS)
}
