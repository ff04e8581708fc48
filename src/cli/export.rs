//! `renkei export FILE OUT`: the project (or one party's book, `--party`) as an exchange workbook; the sheets and
//! the 確認 columns `--sheets` names; recorded as a book sent.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use crate::domain::coordination::book::BookRecord;
use crate::domain::coordination::party::book_of;
use crate::domain::date::DateStyle;
use crate::domain::model::InstitutionCode;
use crate::exchange::file_sha256;
use crate::exchange::sheets::{AGREEMENT_COLUMNS, ALL_SHEETS, SheetKind, sheet_by_name};
use crate::exchange::write::{ExportOptions, lists_needed, written_book};

/// What `renkei export` was asked.
pub(super) struct ExportArgs<'a> {
    pub file: &'a Path,
    pub out: &'a Path,
    pub sheets: &'a [String],
    pub date_style: DateStyle,
    pub party: Option<InstitutionCode>,
    pub without_my_number: bool,
    pub protect: bool,
}

/// The sheets `--sheets` names, and whether the 確認 columns go with テストケース一覧 (all of both by default).
fn chosen(names: &[String]) -> Result<(Vec<SheetKind>, bool)> {
    if names.is_empty() {
        return Ok((ALL_SHEETS.to_vec(), true));
    }
    let mut kinds = Vec::new();
    let mut agreement = false;
    for name in names {
        if name.trim() == AGREEMENT_COLUMNS {
            agreement = true;
            continue;
        }
        match sheet_by_name(name) {
            Some(k) => kinds.push(k),
            None => bail!(
                "シート名「{name}」は書き出せません / unknown sheet \"{name}\" (one of: {}, {AGREEMENT_COLUMNS})",
                ALL_SHEETS.iter().map(|s| s.name()).collect::<Vec<_>>().join(",")
            ),
        }
    }
    Ok((kinds, agreement))
}

pub(super) fn export(args: ExportArgs) -> Result<ExitCode> {
    let (sheets, agreement) = chosen(args.sheets)?;
    // The password first: nothing is read or written until it is given.
    let password = if args.protect {
        let asked = crate::exchange::protect::password_from_environment_or_prompt(
            &crate::exchange::book_file_name(args.out),
        );
        Some(asked.context(
            "--protect: パスワードを環境変数 RENKEI_PASSWORD か入力で指定してください（コマンドラインには書けません） / give the password in RENKEI_PASSWORD or at the prompt (never on the command line)",
        )?)
    } else {
        None
    };
    let store = super::read_project(args.file)?;
    let project = match &args.party {
        // A party's book is cut from the whole project.
        Some(party) => {
            let whole = store.load()?;
            if !crate::domain::model::names::parties(&whole).contains(party) {
                bail!(
                    "団体 {party} の行はこのプロジェクトにありません / the project has no rows of party {party}"
                );
            }
            book_of(&whole, party)
        }
        // A book of some sheets reads only the lists they are written from.
        None => store.load_only(&lists_needed(&sheets))?,
    };
    drop(store);
    let options = ExportOptions {
        sheets,
        date_style: args.date_style,
        today: crate::domain::date::Date::today(),
        agreement,
        without_my_number: args.without_my_number,
    };
    let rows = crate::exchange::sheet_rows::rows_in(&options.sheets, &project);
    let written = written_book(&project, &options, &mut |_, _| true)
        .with_context(|| crate::platform::shown(args.out))?
        .expect("nothing cancels the command line's export");
    // The book is written: the project is let go of before it is saved (at national scale, its 200 MB beside what
    // the saving holds).
    drop(project);
    match &password {
        Some(password) => written.save_protected(args.out, password, &mut |_, _| true),
        None => written.save(args.out, &mut |_, _| true),
    }
    .with_context(|| crate::platform::shown(args.out))?;
    let name = crate::exchange::book_file_name(args.out);
    let sha256 = file_sha256(args.out)?;
    let party = args.party.map(|p| p.to_string()).unwrap_or_default();
    println!(
        "{} に書き出しました / exported to {}",
        crate::platform::shown(args.out),
        crate::platform::shown(args.out)
    );
    // The book sent is recorded in the project; a project open elsewhere (the window) cannot take the record
    // now, which is said, the book being written all the same.
    let recorded = super::write_project(args.file).and_then(|mut store| {
        let record = BookRecord::sent(&party, &name, &sha256, rows);
        Ok(crate::store::transact::record_sent(&mut store, &record)?)
    });
    if let Err(e) = recorded {
        eprintln!("送信の記録を書けませんでした / the book sent was not recorded: {e}");
    }
    Ok(ExitCode::SUCCESS)
}
