//! `renkei partition FILE --insurer NUMBER`: one insurer's partition as the intermediate server holds it (its rows
//! of the unified partition, the replicas of its logical partition) and the test cases that reach it or expect it,
//! the mismatches first; and `renkei simulate FILE --insurer NUMBER --out DIR`: that insurer's answer XML for every
//! case routed to it, with an index.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Result, bail};

use crate::domain::check::EntityKind;
use crate::domain::model::message::Lang;
use crate::domain::model::names::Ambiguity;
use crate::domain::model::{InsurerNumber, Project};
use crate::domain::partition::{Expectation, Workspace, workspace};
use crate::domain::routing::{ProjectIndex, simulate};

use super::{Format, stdout_write};

fn insurer_of(project: &Project, number: &str) -> Result<InsurerNumber> {
    let number = number.trim();
    if project.insurers.iter().any(|i| i.number.as_str() == number)
        || project.memberships.iter().any(|m| m.insurer.as_str() == number)
    {
        return Ok(number.into());
    }
    bail!(
        "保険者番号 {number} の保険者はプロジェクトにありません（保険者シートにも加入歴にもありません） / \
         no insurer {number} in the project (neither on the insurer sheet nor in a membership)"
    )
}

#[derive(serde::Serialize)]
struct MembershipRow<'a> {
    party: &'a str,
    role_model: &'a str,
    person_code: &'a str,
    link_number: &'a str,
    member_branch: &'a str,
    acquired_on: String,
    lost_on: Option<String>,
    lost_on_reason_of_null: &'a str,
    registered_at: Option<String>,
    version: &'a str,
}

#[derive(serde::Serialize)]
struct BenefitRow<'a> {
    party: &'a str,
    role_model: &'a str,
    kind: &'a str,
    start_date: String,
    amount: Option<i64>,
}

#[derive(serde::Serialize)]
struct CaseRow<'a> {
    test_case: String,
    party: &'a str,
    routed: bool,
    expected: bool,
    outcome: &'static str,
    providers: Vec<&'a str>,
    /// `null` when the case expects nothing.
    matches: Option<bool>,
    differences: Vec<&'a str>,
    reason: Option<&'a str>,
    agreement: &'static str,
    /// This insurer's answer XML for the case (its replicas as the Fund receives them), when it is routed here.
    answer_xml: Option<String>,
    /// Why the answer XML cannot be written (a name no XML parser reads), when it cannot.
    answer_error: Option<String>,
}

#[derive(serde::Serialize)]
struct PartitionReport<'a> {
    insurer: &'a str,
    name: String,
    representative: bool,
    memberships: Vec<MembershipRow<'a>>,
    benefits: Vec<BenefitRow<'a>>,
    cases: Vec<CaseRow<'a>>,
}

fn report<'a>(
    index: &'a ProjectIndex<'a>,
    w: &'a Workspace,
    names: &Ambiguity,
    lang: Lang,
) -> PartitionReport<'a> {
    let p = index.project;
    let person_code = |party: &str, id: &str| {
        index.role_models.get(&(party, id)).map(|r| r.person_code.as_str()).unwrap_or("")
    };
    PartitionReport {
        insurer: w.insurer.as_str(),
        name: index.insurer_name(w.insurer.as_str()),
        representative: index.insurers.get(w.insurer.as_str()).is_some_and(|i| i.representative),
        memberships: w
            .memberships
            .iter()
            .map(|&i| {
                let m = &p.memberships[i];
                MembershipRow {
                    party: m.party.as_str(),
                    role_model: m.role_model.as_str(),
                    person_code: person_code(m.party.as_str(), m.role_model.as_str()),
                    link_number: &m.link_number,
                    member_branch: &m.member_branch,
                    acquired_on: m.acquired_on.to_string(),
                    lost_on: m.lost_on.map(|d| d.to_string()),
                    lost_on_reason_of_null: &m.lost_on_reason_of_null,
                    registered_at: m.registered_at.map(|d| d.to_string()),
                    version: &m.version,
                }
            })
            .collect(),
        benefits: w
            .benefits
            .iter()
            .map(|&i| {
                let b = &p.benefits[i];
                BenefitRow {
                    party: b.party.as_str(),
                    role_model: b.role_model.as_str(),
                    kind: &b.kind,
                    start_date: b.start_date.to_string(),
                    amount: b.amount,
                }
            })
            .collect(),
        cases: w
            .cases
            .iter()
            .map(|c| {
                let case = &p.test_cases[c.case];
                let xml = c.routed.then(|| simulate(index, case)).and_then(|sim| {
                    let a = sim.answers.iter().find(|a| a.insurer == w.insurer)?;
                    Some(crate::exchange::xml::insurer_answer_xml(a).map_err(|e| e.to_string()))
                });
                CaseRow {
                    test_case: names.name(EntityKind::TestCase, &case.party, &case.id),
                    party: case.party.as_str(),
                    routed: c.routed,
                    expected: c.expected,
                    outcome: c.outcome.label_ja(),
                    providers: c.providers.iter().map(|x| x.as_str()).collect(),
                    matches: c.expectation.matches(),
                    differences: match &c.expectation {
                        Expectation::Differs(d) => d.iter().map(|m| m.get(lang)).collect(),
                        _ => Vec::new(),
                    },
                    reason: c.reason.as_ref().map(|r| r.get(lang)),
                    agreement: case.agreement.state.label_ja(),
                    answer_xml: xml.as_ref().and_then(|x| x.as_ref().ok()).cloned(),
                    answer_error: xml.and_then(|x| x.err()),
                }
            })
            .collect(),
    }
}

pub(super) fn partition(
    project: &Project,
    number: &str,
    format: Format,
    lang: Lang,
) -> Result<ExitCode> {
    let insurer = insurer_of(project, number)?;
    let index = ProjectIndex::new(project);
    let w = workspace(&index, &insurer, &mut |_, _| true).expect("never stopped");
    let names = Ambiguity::of(project);
    let r = report(&index, &w, &names, lang);
    let mismatches = r.cases.iter().filter(|c| c.matches == Some(false)).count();
    match format {
        Format::Json => stdout_write(&(serde_json::to_string_pretty(&r)? + "\n"))?,
        Format::Text => stdout_write(&text(&r, lang))?,
    }
    Ok(if mismatches > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn text(r: &PartitionReport, lang: Lang) -> String {
    let ja = lang == Lang::Ja;
    let l = |j: &str, e: &str| if ja { j.to_string() } else { e.to_string() };
    let mut s = format!(
        "{} {} {}{}\n",
        l("保険者", "insurer"),
        r.insurer,
        r.name,
        if r.representative { l("（代表団体）", " (representative)") } else { String::new() }
    );
    s += &format!(
        "{} ({}):\n",
        l("統一区画の行", "rows of the unified partition"),
        r.memberships.len()
    );
    for m in &r.memberships {
        s += &format!(
            "  {} {}  {} {}  {} {}  {}～{}  {} {} ({} {})\n",
            l("機関別符号", "person code"),
            m.person_code,
            l("紐付番号", "link number"),
            m.link_number,
            l("被保険者枝番", "branch"),
            m.member_branch,
            m.acquired_on,
            m.lost_on.clone().unwrap_or_default(),
            l("ロールモデル", "role model"),
            m.role_model,
            l("団体", "party"),
            m.party
        );
    }
    s += &format!(
        "{} ({} + {}):\n",
        l(
            "論理区画の副本（資格情報 + 給付情報）",
            "replicas of the logical partition (qualification + benefit records)"
        ),
        r.memberships.len(),
        r.benefits.len()
    );
    for m in &r.memberships {
        s += &format!(
            "  {} {}: {} {} {} {}{} {} {}\n",
            m.person_code,
            m.role_model,
            l("資格取得日", "acquired"),
            m.acquired_on,
            l("資格喪失日", "lost"),
            m.lost_on.clone().unwrap_or_else(|| format!("（{}）", m.lost_on_reason_of_null)),
            m.registered_at
                .as_ref()
                .map(|d| format!(" {} {d}", l("登録", "registered")))
                .unwrap_or_default(),
            l("版", "version"),
            m.version
        );
    }
    for b in &r.benefits {
        s += &format!(
            "  {}: {} {} {}\n",
            b.role_model,
            b.kind,
            b.start_date,
            b.amount.map(|a| format!("{a}円")).unwrap_or_default()
        );
    }
    let mismatches = r.cases.iter().filter(|c| c.matches == Some(false)).count();
    s += &format!(
        "{} ({}, {} {}):\n",
        l("届く・期待するテストケース", "test cases that reach it or expect it"),
        r.cases.len(),
        l("不一致", "mismatches"),
        mismatches
    );
    for c in &r.cases {
        let mark = match c.matches {
            Some(true) => "○",
            Some(false) => "×",
            None => "－",
        };
        let how = match (c.routed, c.expected) {
            (true, true) => l("届く・期待どおりの保険者", "routed here, expected here"),
            (true, false) => l("届くが期待されていない", "routed here, not expected"),
            (false, true) => l("期待されているが届かない", "expected here, not routed"),
            (false, false) => String::new(),
        };
        s += &format!(
            "  {mark} {} ({} {})  {}  {} {}  {}  {}\n",
            c.test_case,
            l("団体", "party"),
            c.party,
            c.outcome,
            l("提供", "providers"),
            if c.providers.is_empty() { "-".into() } else { c.providers.join(",") },
            how,
            c.agreement
        );
        if c.matches.is_none() {
            s += &format!("      {}\n", l("期待なし", "no expectation"));
        }
        for d in &c.differences {
            s += &format!("      {}: {d}\n", l("不一致", "mismatch"));
        }
    }
    s
}

/// Each case routed to `number`: that insurer's answer and `index.csv` ([`crate::exchange::xml::write_insurer_answers`]).
pub(super) fn simulate_insurer(
    project: &Project,
    number: &str,
    dir: &Path,
    lang: Lang,
) -> Result<ExitCode> {
    let insurer = insurer_of(project, number)?;
    let written = crate::exchange::xml::write_insurer_answers(project, &insurer, dir)?;
    stdout_write(&if lang == Lang::Ja {
        format!(
            "保険者 {insurer} の回答 {written} 件と index.csv を {} に書き出しました\n",
            crate::platform::shown(dir)
        )
    } else {
        format!(
            "wrote insurer {insurer}'s {written} answers and index.csv to {}\n",
            crate::platform::shown(dir)
        )
    })?;
    Ok(ExitCode::SUCCESS)
}
