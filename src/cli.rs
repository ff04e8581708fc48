//! The command line: the headless subcommands (new, info, generate, simulate, check, import, export) and `open`,
//! which starts the window. Errors go to stderr with a non-zero exit code: 2 when a file or argument cannot be
//! used, 1 when the work ran and found a problem (a mismatch, an error finding).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand, ValueEnum};

use crate::domain::check::{Finding, Severity, check_project};
use crate::domain::date::DateStyle;
use crate::domain::field::Field;
use crate::domain::generate::{GenerateOptions, generate};
use crate::domain::message::Lang;
use crate::domain::model::{ConditionKind, Project, QueryCondition};
use crate::domain::routing::{ProjectIndex, Simulation, compare, simulate};
use crate::domain::sample::sample_project;
use crate::domain::source::Sources;
use crate::exchange::sheets::{ALL_SHEETS, sheet_by_name};
use crate::exchange::write::{ExportOptions, write_workbook};
use crate::exchange::xml::merged_answer_xml;
use crate::store::Store;

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
    },
    /// Simulate the Fund's intermediate server: the merged XML of one test case, its routing trace, or a table
    /// of every case against its expected result (exit 1 when any case mismatches).
    Simulate {
        /// The project file.
        file: PathBuf,
        /// The test case to simulate.
        #[arg(long, conflicts_with = "all", required_unless_present = "all")]
        case: Option<String>,
        /// Simulate every test case and print a table (or JSON).
        #[arg(long)]
        all: bool,
        /// Print the routing trace instead of the XML.
        #[arg(long, requires = "case")]
        trace: bool,
        /// Write the merged and per-insurer XML files into this folder.
        #[arg(long, requires = "case")]
        out: Option<PathBuf>,
        /// Output format for --all.
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
        /// Sheets to write, comma-separated (default: all), e.g. テストケース一覧,ロールモデル.
        #[arg(long, value_delimiter = ',')]
        sheets: Vec<String>,
        /// How dates are shown.
        #[arg(long, value_enum, default_value_t = DateStyleArg::Iso)]
        date_style: DateStyleArg,
    },
    /// Import an exchange workbook into a project. Every reading problem is printed with its sheet!cell; a value the
    /// project file cannot hold is an error and nothing is written (exit 1). Otherwise the change (added, changed
    /// field by field, removed) is applied in one step that can be undone, a summary printed, and the check's
    /// findings about the result at their cells; `--dry-run` prints the whole change and writes nothing.
    Import {
        /// The project file.
        file: PathBuf,
        /// The workbook (.xlsx) to read.
        book: PathBuf,
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
            eprintln!("renkei: {e:#}");
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
    let subcommands: Vec<String> = Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    let given = file.display();
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
        Command::New { file, sample, name } => {
            let project = if sample {
                sample_project()
            } else {
                Project::default()
            };
            let name = name.unwrap_or_else(|| {
                if sample {
                    project.name.clone()
                } else {
                    file_stem(&file)
                }
            });
            let mut store = Store::create(&file, &name)?;
            store.replace_all(&Project { name, ..project })?;
            println!(
                "{} を作成しました / created {}",
                file.display(),
                file.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Info { file } => {
            let store = Store::open_read_only(&file)?;
            let counts = store.counts()?;
            let mut out = String::new();
            out += &format!("プロジェクト / project: {}\n", store.name()?);
            out += &format!("ファイル / file: {}\n", file.display());
            out += &format!("スキーマ / schema version: {}\n", store.schema_version()?);
            out += &format!("application_id: 0x{:08X}\n", store.application_id()?);
            for (ja, en, n) in counts.rows() {
                out += &format!("{ja} / {en}: {n}\n");
            }
            print!("{out}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Generate {
            file,
            cases,
            seed,
            memberships,
        } => {
            let project = generate(&GenerateOptions {
                cases,
                seed,
                memberships_per_person: memberships,
            });
            let mut store = Store::create(&file, &project.name)?;
            store.replace_all(&project)?;
            println!(
                "{} を作成しました（テストケース {} 件、保険者 {} 件、機関 {} 件） / created with {} test cases",
                file.display(),
                project.test_cases.len(),
                project.insurers.len(),
                project.institutions.len(),
                project.test_cases.len()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Simulate {
            file,
            case,
            all,
            trace,
            out,
            format,
            lang,
        } => {
            let project = Store::open_read_only(&file)?.load()?;
            let lang = Lang::from(lang);
            if all {
                return simulate_all(&project, format, lang);
            }
            let id = case.context("--case or --all")?;
            simulate_one(&project, &id, trace, out.as_deref(), lang)
        }
        Command::Export {
            file,
            out,
            sheets,
            date_style,
        } => {
            let project = Store::open_read_only(&file)?.load()?;
            let mut kinds = Vec::new();
            for name in &sheets {
                match sheet_by_name(name) {
                    Some(k) => kinds.push(k),
                    None => bail!(
                        "シート名「{name}」は書き出せません / unknown sheet \"{name}\" (one of: {})",
                        ALL_SHEETS
                            .iter()
                            .map(|s| s.name())
                            .collect::<Vec<_>>()
                            .join(",")
                    ),
                }
            }
            if kinds.is_empty() {
                kinds = ALL_SHEETS.to_vec();
            }
            let options = ExportOptions {
                sheets: kinds,
                date_style: match date_style {
                    DateStyleArg::Iso => DateStyle::Iso,
                    DateStyleArg::Wareki => DateStyle::Wareki,
                },
                today: crate::domain::date::Date::today(),
            };
            write_workbook(&project, &out, &options, |_, _| true)
                .with_context(|| format!("{}", out.display()))?;
            println!(
                "{} に書き出しました / exported to {}",
                out.display(),
                out.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Import {
            file,
            book,
            dry_run,
            keep_unlisted,
            lang,
        } => import(&file, &book, dry_run, keep_unlisted, Lang::from(lang)),
        Command::Check { file, format, lang } => {
            let store = Store::open_read_only(&file)?;
            let project = store.load()?;
            check(&project, &store.sources()?, format, Lang::from(lang))
        }
    }
}

/// The undo step of an import from the command line.
pub const IMPORT_LABEL: &str = "ブックの取り込み / import workbook";

fn import(
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

/// One finding in `check --format json`.
#[derive(serde::Serialize)]
struct FindingRow<'a> {
    rule: &'a str,
    severity: &'a str,
    entity: &'a str,
    key: &'a str,
    field: Option<&'a str>,
    /// The workbook cell the row was imported from (`テストケース一覧!R15`), while the row is unchanged; absent
    /// for a row that came from no workbook.
    #[serde(skip_serializing_if = "Option::is_none")]
    place: Option<&'a str>,
    message_ja: &'a str,
    message_en: &'a str,
    suggestion: Option<&'a str>,
}

/// One finding as a line: rule, entity, key, field, the cell it was imported from, and the message.
fn finding_line(f: &Finding, place: Option<&str>, lang: Lang) -> String {
    let ja = lang == Lang::Ja;
    let entity = if ja {
        f.entity.label_ja()
    } else {
        f.entity.key()
    };
    let field = f.field.map(|x| format!(" [{x}]")).unwrap_or_default();
    let place = place.map(|x| format!(" ({x})")).unwrap_or_default();
    format!(
        "{} {} {}{}{}: {}",
        f.rule,
        entity,
        f.key,
        field,
        place,
        f.message.get(lang)
    )
}

/// The check's summary of a project: the counts, then the first `limit` errors and warnings at their cells.
fn check_summary(project: &Project, sources: &Sources, lang: Lang, limit: usize) -> String {
    let findings = check_project(project);
    let count = |sev: Severity| findings.iter().filter(|f| f.severity == sev).count();
    let (errors, warnings, infos) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    );
    let mut s = match lang {
        Lang::Ja => format!("検査: エラー {errors} 件、警告 {warnings} 件、情報 {infos} 件\n"),
        Lang::En => format!("check: {errors} errors, {warnings} warnings, {infos} info\n"),
    };
    let shown: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.severity != Severity::Info)
        .take(limit)
        .collect();
    // Findings come errors first, then warnings, then info: those shown are the first ones.
    let places = sources.places(project, &findings[..shown.len()]);
    for (f, place) in shown.iter().zip(&places) {
        let level = if lang == Lang::Ja {
            f.severity.label_ja()
        } else {
            f.severity.key()
        };
        s += &format!("  [{level}] {}\n", finding_line(f, place.as_deref(), lang));
    }
    if errors + warnings > shown.len() {
        s += &match lang {
            Lang::Ja => format!(
                "  …ほか {} 件（renkei check で全件）\n",
                errors + warnings - shown.len()
            ),
            Lang::En => format!(
                "  … and {} more (renkei check lists them all)\n",
                errors + warnings - shown.len()
            ),
        };
    }
    s
}

fn check(project: &Project, sources: &Sources, format: Format, lang: Lang) -> Result<ExitCode> {
    let findings = check_project(project);
    let places = sources.places(project, &findings);
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    match format {
        Format::Json => {
            let rows: Vec<FindingRow> = findings
                .iter()
                .zip(&places)
                .map(|(f, place)| FindingRow {
                    rule: f.rule,
                    severity: f.severity.key(),
                    entity: f.entity.key(),
                    key: &f.key,
                    field: f.field.map(Field::header),
                    place: place.as_deref(),
                    message_ja: &f.message.ja,
                    message_en: &f.message.en,
                    suggestion: f.suggestion.as_ref().map(|s| s.ja.as_str()),
                })
                .collect();
            stdout_write(&(serde_json::to_string_pretty(&rows)? + "\n"))?;
        }
        Format::Text => {
            let ja = lang == Lang::Ja;
            let mut s = String::new();
            for severity in [Severity::Error, Severity::Warning, Severity::Info] {
                let group: Vec<_> = findings
                    .iter()
                    .zip(&places)
                    .filter(|(f, _)| f.severity == severity)
                    .collect();
                if group.is_empty() {
                    continue;
                }
                s += &format!(
                    "== {} ({}) ==\n",
                    if ja {
                        severity.label_ja()
                    } else {
                        severity.key()
                    },
                    group.len()
                );
                for (f, place) in group {
                    s += &finding_line(f, place.as_deref(), lang);
                    s.push('\n');
                    if let Some(sg) = &f.suggestion {
                        s += &format!("    → {}\n", sg.get(lang));
                    }
                }
            }
            let count = |sev: Severity| findings.iter().filter(|f| f.severity == sev).count();
            s += &if ja {
                format!(
                    "エラー {} 件、警告 {} 件、情報 {} 件\n",
                    errors,
                    count(Severity::Warning),
                    count(Severity::Info)
                )
            } else {
                format!(
                    "{} errors, {} warnings, {} info\n",
                    errors,
                    count(Severity::Warning),
                    count(Severity::Info)
                )
            };
            stdout_write(&s)?;
        }
    }
    Ok(if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn file_stem(p: &Path) -> String {
    p.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn stdout_write(s: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    // A closed pipe (`| head`) is not an error worth reporting.
    match out.write_all(s.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => Ok(r?),
    }
}

fn condition_text(sim: &Simulation, kind: ConditionKind, lang: Lang) -> String {
    match (sim.condition, lang) {
        (Some(QueryCondition::Latest(d)), Lang::Ja) => format!("既定（照会日 {d} 時点の最新）"),
        (Some(QueryCondition::Latest(d)), Lang::En) => format!("latest (as of the query date {d})"),
        (Some(QueryCondition::AsOf(d)), Lang::Ja) => format!("時点指定（{d} 時点の最新）"),
        (Some(QueryCondition::AsOf(d)), Lang::En) => format!("point in time ({d})"),
        (Some(QueryCondition::Range(f, t)), Lang::Ja) => format!("範囲指定（{f}～{t}）"),
        (Some(QueryCondition::Range(f, t)), Lang::En) => format!("range ({f} to {t})"),
        (None, Lang::Ja) => format!("{}（不完全）", kind.label_ja()),
        (None, Lang::En) => format!("{} (incomplete)", kind.label_en()),
    }
}

/// The routing trace as plain text.
pub fn trace_text(index: &ProjectIndex, sim: &Simulation, lang: Lang) -> String {
    let project = index.project;
    let ja = lang == Lang::Ja;
    let case = project.test_case(sim.test_case.as_str());
    let mut s = String::new();
    let label = |j: &str, e: &str| if ja { j.to_string() } else { e.to_string() };
    s += &format!(
        "{} {}  {} {}\n",
        label("テストケース", "test case"),
        sim.test_case,
        label("処理通番", "serial"),
        sim.serial
    );
    if let Some(case) = case {
        s += &format!(
            "{}: {}\n",
            label("照会条件", "condition"),
            condition_text(sim, case.condition_kind, lang)
        );
        let person = project.role_models.iter().find(|r| r.id == case.role_model);
        match person {
            Some(p) => {
                s += &format!(
                    "{}: {} ({} {})\n",
                    label("ロールモデル", "role model"),
                    p.id,
                    label("機関別符号", "person code"),
                    p.person_code
                )
            }
            None => {
                s += &format!(
                    "{}: {}\n",
                    label("ロールモデル", "role model"),
                    case.role_model
                )
            }
        }
    }
    s += &format!(
        "{}:\n",
        label("加入歴（統一区画）", "memberships (unified partition)")
    );
    if sim.trace.is_empty() {
        s += &format!("  {}\n", label("（なし）", "(none)"));
    }
    for t in &sim.trace {
        let m = t.membership(index);
        let until = m.lost_on.map(|d| d.to_string()).unwrap_or_default();
        s += &format!(
            "  {} {} {} {}～{}  {}\n",
            if t.taken {
                label("採用", "TAKEN")
            } else {
                label("不採用", "left ")
            },
            m.insurer,
            index.insurer_name(m.insurer.as_str()),
            m.acquired_on,
            until,
            t.reason(index).get(lang)
        );
    }
    let providers: Vec<&str> = sim.providers.iter().map(|p| p.as_str()).collect();
    s += &format!(
        "{}: {}\n",
        label("提供保険者", "providers"),
        if providers.is_empty() {
            "-".into()
        } else {
            providers.join(",")
        }
    );
    s += &format!(
        "{}: {}",
        label("処理結果", "outcome"),
        if ja {
            sim.outcome.label_ja().to_string()
        } else {
            format!("{} ({})", sim.outcome.label_ja(), sim.outcome.label_en())
        }
    );
    if let Some(r) = &sim.reason {
        s += &format!(" — {}", r.get(lang));
    }
    s += "\n";
    if let Some(case) = case {
        let cmp = compare(case, sim);
        if cmp.matches {
            s += &format!("{}\n", label("期待どおり", "matches the expected result"));
        }
        for d in &cmp.differences {
            s += &format!("{}: {}\n", label("不一致", "mismatch"), d.get(lang));
        }
    }
    s
}

fn simulate_one(
    project: &Project,
    id: &str,
    trace: bool,
    out: Option<&Path>,
    lang: Lang,
) -> Result<ExitCode> {
    let Some(case) = project.test_case(id) else {
        bail!("テストケース {id} はありません / no test case {id}");
    };
    let index = ProjectIndex::new(project);
    let sim = simulate(&index, case);
    let cmp = compare(case, &sim);
    if let Some(dir) = out {
        crate::exchange::xml::write_answer_files(dir, &sim)?;
    }
    if trace {
        stdout_write(&trace_text(&index, &sim, lang))?;
    } else if let Some(m) = &sim.merged() {
        stdout_write(&merged_answer_xml(m)?)?;
    } else {
        let reason = sim
            .reason
            .as_ref()
            .map(|r| r.get(lang).to_string())
            .unwrap_or_default();
        stdout_write(&format!(
            "{}: {} — {reason}\n",
            if lang == Lang::Ja {
                "処理結果"
            } else {
                "outcome"
            },
            sim.outcome.label_ja()
        ))?;
    }
    if !cmp.matches {
        for d in &cmp.differences {
            eprintln!(
                "{}: {}",
                if lang == Lang::Ja {
                    "期待と不一致"
                } else {
                    "mismatch"
                },
                d.get(lang)
            );
        }
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// One row of `simulate --all --format json`.
#[derive(serde::Serialize)]
struct SimulationRow<'a> {
    test_case_id: &'a str,
    outcome: &'static str,
    reason: Option<&'a str>,
    providers: Vec<&'a str>,
    expected_outcome: Option<&'static str>,
    expected_providers: Vec<&'a str>,
    matches: bool,
}

fn simulate_all(project: &Project, format: Format, lang: Lang) -> Result<ExitCode> {
    let index = ProjectIndex::new(project);
    let sims: Vec<Simulation> = project
        .test_cases
        .iter()
        .map(|c| simulate(&index, c))
        .collect();
    let mut mismatches = 0;
    let rows: Vec<SimulationRow> = project
        .test_cases
        .iter()
        .zip(&sims)
        .map(|(case, sim)| {
            let matches = compare(case, sim).matches;
            mismatches += usize::from(!matches);
            SimulationRow {
                test_case_id: case.id.as_str(),
                outcome: sim.outcome.label_ja(),
                reason: sim.reason.as_ref().map(|r| r.get(lang)),
                providers: sim.providers.iter().map(|p| p.as_str()).collect(),
                expected_outcome: case.expected_outcome.map(|o| o.label_ja()),
                expected_providers: case.expected_providers.iter().map(|p| p.as_str()).collect(),
                matches,
            }
        })
        .collect();
    match format {
        Format::Json => stdout_write(&(serde_json::to_string_pretty(&rows)? + "\n"))?,
        Format::Text => {
            let ja = lang == Lang::Ja;
            let mut s = if ja {
                "テストケース\t処理結果\t提供保険者\t期待\t一致\n".to_string()
            } else {
                "test case\toutcome\tproviders\texpected\tmatch\n".to_string()
            };
            for r in &rows {
                s += &format!(
                    "{}\t{}\t{}\t{} {}\t{}\n",
                    r.test_case_id,
                    r.outcome,
                    if r.providers.is_empty() {
                        "-".to_string()
                    } else {
                        r.providers.join(",")
                    },
                    r.expected_outcome.unwrap_or("-"),
                    r.expected_providers.join(","),
                    if r.matches {
                        if ja { "一致" } else { "yes" }
                    } else if ja {
                        "不一致"
                    } else {
                        "NO"
                    }
                );
            }
            s += &if ja {
                format!("{} 件中 {} 件が期待と不一致\n", rows.len(), mismatches)
            } else {
                format!("{} of {} cases mismatch\n", mismatches, rows.len())
            };
            stdout_write(&s)?;
        }
    }
    Ok(if mismatches > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
