//! `renkei check`: every finding as text (grouped by severity) or JSON, each at the workbook cell its row was
//! imported from while the row is unchanged; and the short summary `import` prints.

use std::process::ExitCode;

use anyhow::Result;

use crate::domain::check::{CheckFinding, Severity, check_project};
use crate::domain::coordination::source::Sources;
use crate::domain::model::Project;
use crate::domain::model::field::Field;
use crate::domain::model::message::Lang;

use super::{Format, stdout_write};

/// One finding in `check --format json`.
#[derive(serde::Serialize)]
struct FindingRow<'a> {
    rule: &'a str,
    severity: &'a str,
    entity: &'a str,
    /// The party (institution code) whose row it is; absent for a master's row.
    #[serde(skip_serializing_if = "str::is_empty")]
    party: &'a str,
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

/// One finding as a line: rule, entity, key (`機関コード:ID` where two parties use the ID), field, the cell it was
/// imported from, and the message.
fn finding_line(
    f: &CheckFinding,
    place: Option<&str>,
    names: &crate::domain::model::names::Ambiguity,
    lang: Lang,
) -> String {
    let ja = lang == Lang::Ja;
    let entity = if ja { f.entity.label_ja() } else { f.entity.key() };
    let field = f.field.map(|x| format!(" [{x}]")).unwrap_or_default();
    let place = place.map(|x| format!(" ({x})")).unwrap_or_default();
    format!(
        "{} {} {}{}{}: {}",
        f.rule,
        entity,
        names.name(f.entity, &f.party, &f.key),
        field,
        place,
        f.message.get(lang)
    )
}

/// The check's summary of a project: the counts, then the first `limit` errors and warnings at their cells.
/// `sources_of` gives the sources of the rows of the findings shown (it is asked for those alone).
pub(super) fn check_summary(
    project: &Project,
    sources_of: impl FnOnce(&[CheckFinding]) -> Result<Sources>,
    lang: Lang,
    limit: usize,
) -> Result<String> {
    let findings = check_project(project);
    let count = |sev: Severity| findings.iter().filter(|f| f.severity == sev).count();
    let (errors, warnings, infos) =
        (count(Severity::Error), count(Severity::Warning), count(Severity::Info));
    let mut s = match lang {
        Lang::Ja => format!("検査: エラー {errors} 件、警告 {warnings} 件、情報 {infos} 件\n"),
        Lang::En => format!("check: {errors} errors, {warnings} warnings, {infos} info\n"),
    };
    let shown: Vec<&CheckFinding> =
        findings.iter().filter(|f| f.severity != Severity::Info).take(limit).collect();
    // Findings come errors first, then warnings, then info: those shown are the first ones.
    let shown_findings = &findings[..shown.len()];
    let places = sources_of(shown_findings)?.places(project, shown_findings);
    let names = if shown.is_empty() {
        crate::domain::model::names::Ambiguity::default()
    } else {
        crate::domain::model::names::Ambiguity::of(project)
    };
    for (f, place) in shown.iter().zip(&places) {
        let level = if lang == Lang::Ja { f.severity.label_ja() } else { f.severity.key() };
        s += &format!("  [{level}] {}\n", finding_line(f, place.as_deref(), &names, lang));
    }
    if errors + warnings > shown.len() {
        s += &match lang {
            Lang::Ja => {
                format!("  …ほか {} 件（renkei check で全件）\n", errors + warnings - shown.len())
            }
            Lang::En => format!(
                "  … and {} more (renkei check lists them all)\n",
                errors + warnings - shown.len()
            ),
        };
    }
    Ok(s)
}

pub(super) fn check(
    project: &Project,
    findings: &[CheckFinding],
    sources: &Sources,
    format: Format,
    lang: Lang,
) -> Result<ExitCode> {
    let places = sources.places(project, findings);
    let errors = findings.iter().filter(|f| f.severity == Severity::Error).count();
    match format {
        Format::Json => {
            let rows = findings.iter().zip(&places).map(|(f, place)| FindingRow {
                rule: f.rule.slug(),
                severity: f.severity.key(),
                entity: f.entity.key(),
                party: &f.party,
                key: &f.key,
                field: f.field.map(Field::header),
                place: place.as_deref(),
                message_ja: &f.message.ja,
                message_en: &f.message.en,
                suggestion: f.suggestion.as_ref().map(|s| s.ja.as_str()),
            });
            super::stdout_json_seq(rows)?;
        }
        Format::Text => {
            let ja = lang == Lang::Ja;
            let names = crate::domain::model::names::Ambiguity::of(project);
            let mut s = String::new();
            for severity in [Severity::Error, Severity::Warning, Severity::Info] {
                let group: Vec<_> =
                    findings.iter().zip(&places).filter(|(f, _)| f.severity == severity).collect();
                if group.is_empty() {
                    continue;
                }
                s += &format!(
                    "== {} ({}) ==\n",
                    if ja { severity.label_ja() } else { severity.key() },
                    group.len()
                );
                for (f, place) in group {
                    s += &finding_line(f, place.as_deref(), &names, lang);
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
    Ok(if errors > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
