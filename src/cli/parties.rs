//! `renkei status` (the readiness verdict, per party: exit 0 only when every selected test case is 合意, no
//! finding is 未対応 and the check has no error) and `renkei findings` (the findings raised, by party and state).

use std::process::ExitCode;

use anyhow::{Result, bail};
use serde::Serialize;

use crate::domain::check::{Severity, check_project};
use crate::domain::coordination::party::{PartyStatus, statuses};
use crate::domain::model::Finding;
use crate::domain::model::message::Lang;
use crate::domain::model::{AgreementState, FindingState, InstitutionCode, Project};
use crate::store::Store;

use super::{Format, stdout_write};

/// The project, when it knows the party asked for (a party it does not know is refused).
fn load_knowing(store: &Store, party: &Option<InstitutionCode>) -> Result<Project> {
    let p = store.load()?;
    if let Some(x) = party
        && !crate::domain::model::names::parties(&p).contains(x)
        && !p.findings.iter().any(|f| &f.party == x)
    {
        bail!("団体 {x} はこのプロジェクトにありません / the project has no party {x}");
    }
    Ok(p)
}

/// Why a party is not ready, in words.
fn reasons(s: &PartyStatus, lang: Lang) -> Vec<String> {
    let ja = lang == Lang::Ja;
    let mut out = Vec::new();
    let not_agreed = s.cases - s.count(AgreementState::Agreed);
    if not_agreed > 0 {
        out.push(if ja {
            format!("合意していないテストケース {not_agreed} 件")
        } else {
            format!("{not_agreed} test cases not agreed")
        });
    }
    if s.open_findings > 0 {
        out.push(if ja {
            format!("未対応の指摘 {} 件", s.open_findings)
        } else {
            format!("{} findings open", s.open_findings)
        });
    }
    if s.check_errors > 0 {
        out.push(if ja {
            format!("検査エラー {} 件", s.check_errors)
        } else {
            format!("{} check errors", s.check_errors)
        });
    }
    out
}

#[derive(Serialize)]
struct StatusJson<'a> {
    ready: bool,
    /// Check errors about the masters (no party): every party waits for them.
    master_errors: usize,
    parties: Vec<PartyJson<'a>>,
}

#[derive(Serialize)]
struct PartyJson<'a> {
    party: &'a str,
    name: &'a str,
    ready: bool,
    cases: usize,
    states: std::collections::BTreeMap<&'static str, usize>,
    open_findings: usize,
    check_errors: usize,
    last_received: Option<&'a str>,
    last_sent: Option<&'a str>,
    reasons: Vec<String>,
}

pub(super) fn status(
    store: &Store,
    party: Option<InstitutionCode>,
    format: Format,
    lang: Lang,
) -> Result<ExitCode> {
    let p = load_knowing(store, &party)?;
    let check = check_project(&p);
    let books = store.books()?;
    let all = statuses(&p, &check, &books);
    let selected: Vec<&PartyStatus> =
        all.iter().filter(|s| party.as_ref().is_none_or(|x| &s.party == x)).collect();
    let master_errors =
        check.iter().filter(|f| f.severity == Severity::Error && f.party.is_empty()).count();
    let ready = master_errors == 0 && selected.iter().all(|s| s.ready());
    let ja = lang == Lang::Ja;
    match format {
        Format::Json => {
            let parties = selected
                .iter()
                .map(|s| PartyJson {
                    party: s.party.as_str(),
                    name: &s.name,
                    ready: s.ready(),
                    cases: s.cases,
                    states: s.by_state.iter().map(|(k, n)| (k.key(), *n)).collect(),
                    open_findings: s.open_findings,
                    check_errors: s.check_errors,
                    last_received: s.last_received.as_ref().map(|b| b.file_name.as_str()),
                    last_sent: s.last_sent.as_ref().map(|b| b.file_name.as_str()),
                    reasons: reasons(s, lang),
                })
                .collect();
            let json = StatusJson { ready, master_errors, parties };
            stdout_write(&(serde_json::to_string_pretty(&json)? + "\n"))?;
        }
        Format::Text => {
            let mut out = String::new();
            for s in &selected {
                let states: Vec<String> = s
                    .by_state
                    .iter()
                    .filter(|(_, n)| *n > 0)
                    .map(|(k, n)| format!("{} {n}", if ja { k.label_ja() } else { k.label_en() }))
                    .collect();
                let verdict = match (s.ready(), ja) {
                    (true, true) => "準備完了".to_string(),
                    (true, false) => "ready".to_string(),
                    (false, _) => reasons(s, lang).join(if ja { "、" } else { ", " }),
                };
                let last = |b: &Option<crate::domain::coordination::book::BookRecord>| {
                    b.as_ref()
                        .map(|b| format!("{} ({})", b.file_name, b.at))
                        .unwrap_or_else(|| "-".into())
                };
                out += &if ja {
                    format!(
                        "{} {}: テストケース {} 件（{}）、未対応の指摘 {}、検査エラー {}、受信 {}、送信 {} — {verdict}\n",
                        s.party,
                        s.name,
                        s.cases,
                        states.join("、"),
                        s.open_findings,
                        s.check_errors,
                        last(&s.last_received),
                        last(&s.last_sent)
                    )
                } else {
                    format!(
                        "{} {}: {} test cases ({}), {} findings open, {} check errors, received {}, sent {} — {verdict}\n",
                        s.party,
                        s.name,
                        s.cases,
                        states.join(", "),
                        s.open_findings,
                        s.check_errors,
                        last(&s.last_received),
                        last(&s.last_sent)
                    )
                };
            }
            if master_errors > 0 {
                out += &if ja {
                    format!("マスタの検査エラー {master_errors} 件\n")
                } else {
                    format!("{master_errors} check errors in the masters\n")
                };
            }
            if selected.is_empty() {
                out += if ja { "団体がありません\n" } else { "no parties\n" };
            }
            out += match (ready, ja) {
                (true, true) => "判定: 準備完了\n",
                (true, false) => "verdict: ready\n",
                (false, true) => "判定: 未完了\n",
                (false, false) => "verdict: not ready\n",
            };
            stdout_write(&out)?;
        }
    }
    Ok(if ready { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

#[derive(Serialize)]
struct FindingJson<'a> {
    id: &'a str,
    party: &'a str,
    raised_by: &'a str,
    raised_on: String,
    sheet: &'static str,
    key: &'a str,
    field: &'a str,
    severity: &'static str,
    rule: &'a str,
    message: &'a str,
    suggestion: &'a str,
    state: &'static str,
    reply: &'a str,
    replied_by: &'a str,
    replied_on: Option<String>,
    /// Whether the project holds the row it is about (false: 対象なし).
    target_found: bool,
}

pub(super) fn findings(
    store: &Store,
    party: Option<InstitutionCode>,
    state: Option<String>,
    format: Format,
    lang: Lang,
) -> Result<ExitCode> {
    let p = load_knowing(store, &party)?;
    let state = match state {
        Some(s) => match FindingState::parse(s.trim()) {
            Some(x) => Some(x),
            None => bail!(
                "状態「{s}」は 未対応、対応済、対応不要、取下げ のいずれかです / state \"{s}\" is one of 未対応, 対応済, 対応不要, 取下げ"
            ),
        },
        None => None,
    };
    let found: Vec<&Finding> = p
        .findings
        .iter()
        .filter(|f| party.as_ref().is_none_or(|x| &f.party == x))
        .filter(|f| state.is_none_or(|s| f.state == s))
        .collect();
    let ja = lang == Lang::Ja;
    let sheet = |f: &Finding| crate::exchange::sheet_rows::target_sheet(f.target).name();
    let found_target = |f: &Finding| f.target_in(&p).is_some();
    match format {
        Format::Json => {
            let rows: Vec<FindingJson> = found
                .iter()
                .map(|f| FindingJson {
                    id: &f.id,
                    party: f.party.as_str(),
                    raised_by: &f.raised_by,
                    raised_on: f.raised_on.to_string(),
                    sheet: sheet(f),
                    key: &f.key,
                    field: &f.field,
                    severity: f.severity.key(),
                    rule: &f.rule,
                    message: &f.message,
                    suggestion: &f.suggestion,
                    state: f.state.key(),
                    reply: &f.reply,
                    replied_by: &f.replied_by,
                    replied_on: f.replied_on.map(|d| d.to_string()),
                    target_found: found_target(f),
                })
                .collect();
            stdout_write(&(serde_json::to_string_pretty(&rows)? + "\n"))?;
        }
        Format::Text => {
            let mut out = String::new();
            for f in &found {
                let mut place = if f.field.is_empty() {
                    format!("{}!{}", sheet(f), f.key)
                } else {
                    format!("{}!{} {}", sheet(f), f.key, f.field)
                };
                if !found_target(f) {
                    place += if ja { "（対象なし）" } else { " (no target)" };
                }
                out += &format!(
                    "{} [{}] {} {} {place}: {}\n",
                    f.id,
                    if ja { f.state.label_ja() } else { f.state.label_en() },
                    if ja { f.severity.label_ja() } else { f.severity.label_en() },
                    f.party,
                    f.message
                );
                if !f.reply.is_empty() {
                    out += &format!("    {}: {}\n", if ja { "回答" } else { "reply" }, f.reply);
                }
            }
            out += &if ja {
                format!("指摘 {} 件\n", found.len())
            } else {
                format!("{} findings\n", found.len())
            };
            stdout_write(&out)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
