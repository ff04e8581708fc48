//! The command line: the headless subcommands (new, info, generate, simulate, check, import, export) and `open`,
//! which starts the window. Errors go to stderr with a non-zero exit code: 2 when a file or argument cannot be
//! used, 1 when the work ran and found a problem (a mismatch, an error finding).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};

use crate::domain::date::DateStyle;
use crate::domain::model::message::Lang;
use crate::domain::model::{InstitutionCode, Project};
use crate::domain::samples::generate::{GenerateOptions, generate};
use crate::domain::samples::sample::sample_project;
use crate::store::Store;

mod check;
pub mod console;
mod export;
mod import;
mod parties;
mod partition;
mod simulate;

use check::check;
pub use import::IMPORT_LABEL;
use import::{ImportArgs, import};
pub use simulate::trace_text;
use simulate::{simulate_all, simulate_one};

/// Renkei Workbench: build and check the test specifications of the My Number integrated operation test.
///
/// Without a subcommand, opens the window.
#[derive(Debug, Parser)]
#[command(
    name = "renkei",
    version,
    about,
    long_about = None,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// A project file to open in the window, as `renkei open FILE` does (what a file association passes).
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// What to do; none opens the window.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Output format of reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Plain text for people.
    Text,
    /// JSON for programs.
    Json,
}

/// Language of text output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    /// 日本語
    Ja,
    /// English
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Ja => Lang::Ja,
            LangArg::En => Lang::En,
        }
    }
}

/// Date style of exported workbooks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DateStyleArg {
    /// 2018-07-27
    Iso,
    /// 平成30年7月27日
    Wareki,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the window on a project (the sample project when none is given).
    Open {
        /// The project file (.renkei).
        file: Option<PathBuf>,
    },
    /// Create a new project file; --sample fills it with the sample project (the source's two worked cases).
    New {
        /// The project file to create (.renkei); it must not exist.
        file: PathBuf,
        /// Fill it with the sample project.
        #[arg(long)]
        sample: bool,
        /// The project's name.
        #[arg(long)]
        name: Option<String>,
        /// 自団体: whose project it is (an institution code, or an insurer number for an insurer
        /// representative): who raises findings, sets agreement states and replies.
        #[arg(long)]
        own: Option<String>,
        /// The name of the own institution (a city's 機関名), added to the institutions when its code is not there.
        #[arg(long, requires = "own")]
        own_name: Option<String>,
        /// Take the masters (機関, 保険者, the code masters) from this project file or workbook. Without it, a city's
        /// project (`--own` an institution code) starts with the sample masters; an insurer representative's, or
        /// one for nobody yet, is empty: its masters come with the books read into it.
        #[arg(long, conflicts_with = "sample")]
        masters_from: Option<PathBuf>,
    },
    /// Print the counts of every entity and the schema version.
    Info {
        /// The project file.
        file: PathBuf,
    },
    /// Write a generated national-scale project (for benchmarks and demos); deterministic per seed.
    Generate {
        /// The project file to create; it must not exist.
        file: PathBuf,
        /// Number of test cases (one role model each).
        #[arg(long)]
        cases: usize,
        /// Seed of the pseudo-random choices.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Memberships per person (default: 1 to 5 at random).
        #[arg(long)]
        memberships: Option<usize>,
        /// Parties (local governments) sharing the cases, each with its own scenarios and role models whose
        /// ids repeat from party to party.
        #[arg(long, default_value_t = 1)]
        parties: usize,
    },
    /// Simulate the Fund's intermediate server: the merged XML of one test case, its routing trace, or a table
    /// of every case against its expected result (exit 1 when any case mismatches).
    Simulate {
        /// The project file.
        file: PathBuf,
        /// The test case to simulate.
        #[arg(long, conflicts_with_all = ["all", "insurer"], required_unless_present_any = ["all", "insurer"])]
        case: Option<String>,
        /// Simulate every test case and print a table (or JSON).
        #[arg(long, conflicts_with = "insurer")]
        all: bool,
        /// With --out: write this insurer's answer for every test case routed to it, and index.csv.
        #[arg(long, requires = "out")]
        insurer: Option<String>,
        /// Print the routing trace instead of the XML.
        #[arg(long, requires = "case")]
        trace: bool,
        /// Write the merged and per-insurer XML files into this folder (with --insurer: that insurer's answers).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Output format for --all.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Language of text output.
        #[arg(long, value_enum, default_value_t = LangArg::Ja)]
        lang: LangArg,
    },
    /// One insurer's partition: its rows of the unified partition, the replicas of its logical partition, and
    /// the test cases that reach it or expect it, the mismatches first (exit 1 when one does not match).
    Partition {
        /// The project file.
        file: PathBuf,
        /// The insurer (保険者番号).
        #[arg(long)]
        insurer: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Language of text output.
        #[arg(long, value_enum, default_value_t = LangArg::Ja)]
        lang: LangArg,
    },
    /// Write the project as an exchange workbook (.xlsx) in the shared forms' shape.
    Export {
        /// The project file.
        file: PathBuf,
        /// The workbook to write.
        out: PathBuf,
        /// Sheets to write, comma-separated (default: all, with the 確認 columns), e.g. テストケース一覧,確認,指摘一覧;
        /// `確認` names the agreement columns of テストケース一覧.
        #[arg(long, value_delimiter = ',')]
        sheets: Vec<String>,
        /// How dates are shown.
        #[arg(long, value_enum, default_value_t = DateStyleArg::Iso)]
        date_style: DateStyleArg,
        /// Write one party's book (its rows, the masters they use, the findings about them): what is sent to it.
        #[arg(long)]
        party: Option<String>,
        /// Leave every 個人番号 out (the ロールモデル sheet has no 個人番号 column).
        #[arg(long)]
        without_my_number: bool,
        /// Protect the book with a password (Excel's own encryption), taken from RENKEI_PASSWORD or asked.
        #[arg(long)]
        protect: bool,
    },
    /// Import an exchange workbook into a project. Every reading problem is printed with its sheet!cell; a value the
    /// project file cannot hold is an error and nothing is written (exit 1). Otherwise the change (added, changed
    /// field by field, removed) is applied in one step that can be undone, a summary printed, and the check's
    /// findings about the result at their cells; `--dry-run` prints the whole change and writes nothing.
    Import {
        /// The project file.
        file: PathBuf,
        /// The workbooks (.xlsx) to read: each is its own party's book and its own undo step.
        #[arg(required = true)]
        books: Vec<PathBuf>,
        /// The books' party (an institution code), for a book whose test cases name several requesters or that
        /// has none.
        #[arg(long)]
        party: Option<String>,
        /// Print what would change; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Only add and change: keep rows the book's sheets do not list (by default a sheet in the book is the
        /// whole list of its kind, and unlisted rows are removed).
        #[arg(long)]
        keep_unlisted: bool,
        /// Language of text output.
        #[arg(long, value_enum, default_value_t = LangArg::Ja)]
        lang: LangArg,
    },
    /// The readiness verdict, per party: its test cases by agreement state, open findings, check errors, the last
    /// book received and sent. Exit 0 only when every selected test case is 合意, no finding is 未対応 and the
    /// check has no error; 1 otherwise, with the reasons.
    Status {
        /// The project file.
        file: PathBuf,
        /// Only this party (an institution code).
        #[arg(long)]
        party: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Language of text output.
        #[arg(long, value_enum, default_value_t = LangArg::Ja)]
        lang: LangArg,
    },
    /// List the findings (指摘) raised, with their states and replies.
    Findings {
        /// The project file.
        file: PathBuf,
        /// Only this party's.
        #[arg(long)]
        party: Option<String>,
        /// Only findings in this state (未対応, 対応済, 対応不要, 取下げ).
        #[arg(long)]
        state: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Language of text output.
        #[arg(long, value_enum, default_value_t = LangArg::Ja)]
        lang: LangArg,
    },
    /// Check a project: validation, the provider's feasibility check and coverage. Prints the findings grouped by
    /// severity; exit 0 with no error, 1 with an error, 2 when the file cannot be read.
    Check {
        /// The project file.
        file: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Language of text output.
        #[arg(long, value_enum, default_value_t = LangArg::Ja)]
        lang: LangArg,
    },
    /// Erase a person: the role model, its memberships and benefit records, the findings about them and the record
    /// of books' entries that named them, from the file — no undo, and the file rewritten so that no trace of their
    /// values is left in its bytes. The record of books keeps each book's record without them.
    Erase {
        /// The project file.
        file: PathBuf,
        /// The role model: its ID, or 機関コード:ID where two parties use the ID.
        #[arg(long)]
        role_model: String,
    },
}

/// Run the command line; `open_window` starts the UI (kept outside so the CLI has no egui dependency).
pub fn run(cli: Cli, open_window: impl FnOnce(Option<PathBuf>) -> Result<()>) -> ExitCode {
    let result = match cli.command {
        None => match cli.file {
            None => open_window(None).map(|_| ExitCode::SUCCESS),
            Some(file) => match not_a_project_path(&file) {
                None => open_window(Some(file)).map(|_| ExitCode::SUCCESS),
                Some(e) => Err(e),
            },
        },
        Some(Command::Open { file }) => open_window(file).map(|_| ExitCode::SUCCESS),
        Some(cmd) => run_headless(cmd),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            console::report_error(&format!("{e:#}"));
            ExitCode::from(2)
        }
    }
}

/// Why a lone argument that is not a subcommand cannot be opened as a project file: it does not exist (a mistyped
/// subcommand, most often) or is not a file.
fn not_a_project_path(file: &Path) -> Option<anyhow::Error> {
    if file.is_file() {
        return None;
    }
    use clap::CommandFactory;
    let subcommands: Vec<String> =
        Cli::command().get_subcommands().map(|c| c.get_name().to_string()).collect();
    let given = crate::platform::shown(file);
    let what = if file.exists() {
        format!("「{given}」はファイルではありません / \"{given}\" is not a file")
    } else {
        format!(
            "「{given}」はサブコマンドでもプロジェクトファイルでもありません / \"{given}\" is neither a subcommand nor an existing project file"
        )
    };
    Some(anyhow::anyhow!(
        "{what}\n  サブコマンド / subcommands: {}\n  ファイルを開く / to open a file: renkei FILE.renkei, renkei open FILE.renkei",
        subcommands.join(", ")
    ))
}

fn run_headless(cmd: Command) -> Result<ExitCode> {
    match cmd {
        Command::Open { .. } => Ok(ExitCode::SUCCESS),
        Command::New { file, sample, name, own, own_name, masters_from } => {
            new_project(&file, sample, (name, own, own_name), masters_from.as_deref())
        }
        Command::Info { file } => info(&file),
        Command::Generate { file, cases, seed, memberships, parties } => {
            let project = generate(&GenerateOptions {
                cases,
                seed,
                memberships_per_person: memberships,
                parties,
            });
            crate::store::transact::create(&file, &project)?;
            println!(
                "{} を作成しました（テストケース {} 件、保険者 {} 件、機関 {} 件） / created with {} test cases",
                crate::platform::shown(&file),
                project.test_cases.len(),
                project.insurers.len(),
                project.institutions.len(),
                project.test_cases.len()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Simulate { file, case, all, insurer, trace, out, format, lang } => {
            let project = read_project(&file)?.load()?;
            let lang = Lang::from(lang);
            if all {
                return simulate_all(&project, format, lang);
            }
            if let (Some(insurer), Some(dir)) = (&insurer, &out) {
                return partition::simulate_insurer(&project, insurer, dir, lang);
            }
            let id = case.context("--case or --all")?;
            simulate_one(&project, &id, trace, out.as_deref(), lang)
        }
        Command::Export { file, out, sheets, date_style, party, without_my_number, protect } => {
            export::export(export::ExportArgs {
                without_my_number,
                protect,
                file: &file,
                out: &out,
                sheets: &sheets,
                date_style: match date_style {
                    DateStyleArg::Iso => DateStyle::Iso,
                    DateStyleArg::Wareki => DateStyle::Wareki,
                },
                party: party.map(InstitutionCode::from),
            })
        }
        Command::Status { file, party, format, lang } => parties::status(
            &read_project(&file)?,
            party.map(InstitutionCode::from),
            format,
            Lang::from(lang),
        ),
        Command::Findings { file, party, state, format, lang } => parties::findings(
            &read_project(&file)?,
            party.map(InstitutionCode::from),
            state,
            format,
            Lang::from(lang),
        ),
        Command::Import { file, books, party, dry_run, keep_unlisted, lang } => {
            import(ImportArgs {
                file: &file,
                books: &books,
                dry_run,
                keep_unlisted,
                party: party.map(InstitutionCode::from),
                lang: Lang::from(lang),
            })
        }
        Command::Partition { file, insurer, format, lang } => {
            partition::partition(&read_project(&file)?.load()?, &insurer, format, Lang::from(lang))
        }
        Command::Erase { file, role_model } => erase(&file, &role_model),
        Command::Check { file, format, lang } => {
            let store = read_project(&file)?;
            let project = store.load()?;
            let findings = crate::domain::check::check_project(&project);
            // Only the findings' rows' sources are read: they are what names the findings' cells.
            let sources = store.sources_of(
                findings.iter().map(crate::domain::coordination::source::finding_row),
            )?;
            check(&project, &findings, &sources, format, Lang::from(lang))
        }
    }
}

/// `renkei new`: a project file made — the sample, or a new project over the sample masters (or the masters of
/// another project or book), so that its first test case can be written at once.
fn new_project(
    file: &Path,
    sample: bool,
    (name, own, own_name): (Option<String>, Option<String>, Option<String>),
    masters_from: Option<&Path>,
) -> Result<ExitCode> {
    let name = name.unwrap_or_else(|| {
        if sample {
            crate::domain::samples::sample::SAMPLE_NAME.to_string()
        } else {
            file_stem(file)
        }
    });
    let project = if sample {
        let p = sample_project();
        Project { name, own: own.unwrap_or(p.own.clone()), ..p }
    } else {
        // Whose project it is said, the sample masters come with it (a city can write its first case at once);
        // a project for nobody yet is empty, as a book is read into it.
        // An insurer representative's (a 保険者番号 of 6 or 8 digits) takes its masters from the cities' books.
        use crate::domain::samples::sample::{sample_masters, sample_masters_by_default};
        let masters = match (masters_from, &own) {
            (Some(from), _) => masters_of(from)?,
            (None, Some(o)) if sample_masters_by_default(o) => sample_masters(),
            (None, _) => Project::default(),
        };
        crate::domain::samples::sample::new_project(
            name,
            own.as_deref().unwrap_or(""),
            own_name.as_deref(),
            masters,
        )
    };
    let store = crate::store::transact::create(file, &project)?;
    tell_opened(&store);
    println!(
        "{} を作成しました / created {}",
        crate::platform::shown(file),
        crate::platform::shown(file)
    );
    Ok(ExitCode::SUCCESS)
}

/// The masters (機関, 保険者, the code masters) of a project file, or of a workbook read as an import into an empty
/// project (a book with errors is refused, with them).
fn masters_of(from: &Path) -> Result<Project> {
    if crate::exchange::is_book(from) {
        Ok(crate::exchange::import::masters_of_book(from, &mut |_, _| true)?)
    } else {
        Ok(read_project(from)?.load()?.into_masters())
    }
}

/// `renkei erase`: a person and every copy of its personal values taken out of the file.
fn erase(file: &Path, name: &str) -> Result<ExitCode> {
    let mut store = write_project(file)?;
    let project = store.load()?;
    let person = crate::domain::model::names::find_role_model(&project, name)?;
    let (party, id) = (person.party.to_string(), person.id.to_string());
    drop(project);
    let erased = crate::store::transact::erase_role_model(&mut store, &party, &id)?;
    let named = if party.is_empty() { id.clone() } else { format!("{party}:{id}") };
    println!(
        "ロールモデル {named} を消去しました（加入歴 {} 件、給付情報 {} 件、指摘 {} 件、受信記録の項目 {} 件）。\
         元に戻せません。ファイルは書き直し、消した値は残っていません / erased role model {named} \
         ({} memberships, {} benefit records, {} findings, {} entries of the record of books): this cannot be \
         undone; the file was rewritten and holds none of the erased values",
        erased.memberships,
        erased.benefits,
        erased.findings,
        erased.book_entries,
        erased.memberships,
        erased.benefits,
        erased.findings,
        erased.book_entries
    );
    Ok(ExitCode::SUCCESS)
}

/// `renkei info`: what the file is and how many rows of each kind it holds.
fn info(file: &Path) -> Result<ExitCode> {
    let store = read_project(file)?;
    let counts = store.counts()?;
    let mut out = String::new();
    out += &format!("プロジェクト / project: {}\n", store.name()?);
    out += &format!("ファイル / file: {}\n", crate::platform::shown(file));
    out += &format!("スキーマ / schema version: {}\n", store.schema_version()?);
    out += &format!("application_id: 0x{:08X}\n", store.application_id()?);
    for (ja, en, n) in counts.rows() {
        out += &format!("{ja} / {en}: {n}\n");
    }
    let own = store.own()?;
    if !own.is_empty() {
        out += &format!("自団体 / own: {own}\n");
    }
    let samples = store.sample_code_rows()?;
    if samples.iter().any(|(_, _, n)| *n > 0) {
        let (ja, en): (Vec<String>, Vec<String>) = samples
            .iter()
            .filter(|(_, _, n)| *n > 0)
            .map(|(ja, en, n)| (format!("{ja} {n}"), format!("{en} {n}")))
            .unzip();
        out += &format!(
            "見本のマスタ / sample masters: {}（サンプルです。正式なマスタではありません） / {} (sample data, not the official masters)\n",
            ja.join("、"),
            en.join(", ")
        );
    }
    print!("{out}");
    Ok(ExitCode::SUCCESS)
}

/// Open a project to read, telling on stderr what opening it did besides (an interrupted change rolled back, a
/// migration).
pub(super) fn read_project(path: &Path) -> Result<Store> {
    let store = Store::open_read_only(path)?;
    tell_opened(&store);
    Ok(store)
}

/// Open a project to write, telling on stderr what opening it did besides. The process ends with its
/// operations, and its undo log would end with it unread: it keeps none ([`Store::forgo_undo`]).
pub(super) fn write_project(path: &Path) -> Result<Store> {
    let mut store = Store::open(path)?;
    store.forgo_undo()?;
    tell_opened(&store);
    Ok(store)
}

fn tell_opened(store: &Store) {
    for line in store.opened().lines(store.path()) {
        eprintln!("renkei: {line}");
    }
}

fn file_stem(p: &Path) -> String {
    p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

/// Write a JSON array to stdout as its elements are produced (the same bytes as `serde_json::to_string_pretty` of
/// the whole list, and a newline), without holding the list.
pub(super) fn stdout_json_seq<T: serde::Serialize>(rows: impl Iterator<Item = T>) -> Result<()> {
    /// A sequence serialised from an iterator, once.
    struct Seq<I>(std::cell::RefCell<Option<I>>);
    impl<T: serde::Serialize, I: Iterator<Item = T>> serde::Serialize for Seq<I> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
            let rows = self.0.borrow_mut().take().into_iter().flatten();
            s.collect_seq(rows)
        }
    }
    stdout_lines(|out| {
        serde_json::to_writer_pretty(&mut *out, &Seq(std::cell::RefCell::new(Some(rows))))
            .map_err(std::io::Error::from)?;
        out.write_all(b"\n")
    })
}

/// `f` of every item, in order, worked out on two threads (this one and one more) a chunk at a time, and given
/// to `consume` as an iterator: the output keeps the items' order and at most a few chunks are held at once.
pub(super) fn in_order_on_two<'a, T: Sync, R: Send, O>(
    items: &'a [T],
    f: impl Fn(&'a T) -> R + Sync,
    consume: impl FnOnce(&mut dyn Iterator<Item = R>) -> O,
) -> O {
    const CHUNK: usize = 512;
    let chunks: Vec<&'a [T]> = items.chunks(CHUNK).collect();
    let (f, chunks) = (&f, &chunks);
    std::thread::scope(|scope| {
        // The other thread works out the odd chunks, at most two ahead of what is consumed.
        let (send, receive) = std::sync::mpsc::sync_channel::<Vec<R>>(2);
        scope.spawn(move || {
            for chunk in chunks.iter().skip(1).step_by(2) {
                if send.send(chunk.iter().map(f).collect()).is_err() {
                    return; // the consumer stopped (a closed pipe)
                }
            }
        });
        // `receive` moves into the iterator: a consumer that stops early drops it, and the other thread ends.
        let mut rows = chunks.iter().enumerate().flat_map(move |(k, chunk)| {
            if k % 2 == 0 {
                chunk.iter().map(f).collect::<Vec<R>>()
            } else {
                match receive.recv() {
                    Ok(rows) => rows,
                    // The other thread ends early only by a panic, which the scope raises again: never a
                    // chunk silently missing.
                    Err(_) => panic!("the second thread stopped before its chunk {k}"),
                }
            }
        });
        consume(&mut rows)
    })
}

/// Write to stdout through a buffer, as the text is produced; a closed pipe (`| head`) ends it quietly.
pub(super) fn stdout_lines(
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    match write(&mut out).and_then(|_| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => Ok(r?),
    }
}

pub(super) fn stdout_write(s: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    // A closed pipe (`| head`) is not an error worth reporting.
    match out.write_all(s.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => Ok(r?),
    }
}

#[cfg(test)]
mod in_order_tests {
    use super::in_order_on_two;

    /// Every item's result, in the items' order, whatever thread worked it out; a consumer that stops early
    /// (a closed pipe) ends the other thread instead of leaving it waiting.
    #[test]
    fn results_come_in_order_and_an_early_stop_ends_the_other_thread() {
        let items: Vec<u64> = (0..5_000).collect();
        let all: Vec<u64> = in_order_on_two(&items, |x| x * 3, |rows| rows.collect());
        assert_eq!(all, items.iter().map(|x| x * 3).collect::<Vec<_>>());
        let first: Vec<u64> = in_order_on_two(&items, |x| x + 1, |rows| rows.take(10).collect());
        assert_eq!(first, (1..=10).collect::<Vec<_>>());
        let none: Vec<u64> = in_order_on_two(&[] as &[u64], |x| *x, |rows| rows.collect());
        assert!(none.is_empty());
    }
}
