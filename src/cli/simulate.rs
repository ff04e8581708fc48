//! `renkei simulate`: one test case's merged XML, its routing trace or its answer files; or every case against
//! what it expects, as a table or JSON.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;

use crate::domain::check::EntityKind;
use crate::domain::model::message::Lang;
use crate::domain::model::names::Ambiguity;
use crate::domain::model::{ConditionKind, Project, Qualified, QueryCondition};
use crate::domain::routing::{ProjectIndex, Simulation, compare, simulate};
use crate::exchange::xml::merged_answer_xml;

use super::{Format, stdout_write};

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
    let case = project.test_case(&Qualified::new(sim.party.clone(), sim.test_case.clone()));
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
        let person = index.role_model_of(case);
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
            None => s += &format!("{}: {}\n", label("ロールモデル", "role model"), case.role_model),
        }
    }
    s += &format!("{}:\n", label("加入歴（統一区画）", "memberships (unified partition)"));
    if sim.trace.is_empty() {
        s += &format!("  {}\n", label("（なし）", "(none)"));
    }
    for t in &sim.trace {
        let m = t.membership(index);
        let until = m.lost_on.map(|d| d.to_string()).unwrap_or_default();
        s += &format!(
            "  {} {} {} {}～{}  {}\n",
            if t.taken { label("採用", "taken") } else { label("不採用", "left ") },
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
        if providers.is_empty() { "-".into() } else { providers.join(",") }
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

pub(super) fn simulate_one(
    project: &Project,
    id: &str,
    trace: bool,
    out: Option<&Path>,
    lang: Lang,
) -> Result<ExitCode> {
    let case = crate::domain::model::names::find_test_case(project, id)?;
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
        let reason = sim.reason.as_ref().map(|r| r.get(lang).to_string()).unwrap_or_default();
        stdout_write(&format!(
            "{}: {} — {reason}\n",
            if lang == Lang::Ja { "処理結果" } else { "outcome" },
            sim.outcome.label_ja()
        ))?;
    }
    if !cmp.matches {
        for d in &cmp.differences {
            eprintln!(
                "{}: {}",
                if lang == Lang::Ja { "期待と不一致" } else { "mismatch" },
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
    test_case_id: String,
    outcome: &'static str,
    reason: Option<String>,
    providers: Vec<crate::domain::model::InsurerNumber>,
    expected_outcome: Option<&'static str>,
    expected_providers: Vec<&'a str>,
    /// `null` when the case expects nothing (no expected outcome, no expected providers): 期待なし.
    matches: Option<bool>,
}

pub(super) fn simulate_all<'p>(
    project: &'p Project,
    format: Format,
    lang: Lang,
) -> Result<ExitCode> {
    let index = ProjectIndex::new(project);
    let names = Ambiguity::of(project);
    // Each case is simulated as its row is written, on two threads a chunk at a time and written in order:
    // nothing of the whole output is held at once.
    let (index, names) = (&index, &names);
    let rows_of_cases = |case: &'p crate::domain::model::TestCase| {
        let sim = simulate(index, case);
        let matches = crate::domain::partition::Expectation::of(case, &sim).matches();
        SimulationRow {
            test_case_id: names.name(EntityKind::TestCase, &case.party, &case.id),
            outcome: sim.outcome.label_ja(),
            reason: sim.reason.as_ref().map(|r| r.get(lang).to_string()),
            providers: sim.providers,
            expected_outcome: case.expected_outcome.map(|o| o.label_ja()),
            expected_providers: case.expected_providers.iter().map(|p| p.as_str()).collect(),
            matches,
        }
    };
    let mismatches = super::in_order_on_two(&project.test_cases, rows_of_cases, |rows| {
        write_simulation_rows(rows, project.test_cases.len(), format, lang)
    })?;
    Ok(if mismatches > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// The rows of `simulate --all` as JSON or text, written as they come, and the text's count of mismatches and
/// cases that expect nothing after the last row. Returns how many do not match.
fn write_simulation_rows<'a>(
    rows: impl Iterator<Item = SimulationRow<'a>>,
    total: usize,
    format: Format,
    lang: Lang,
) -> Result<usize> {
    let (mismatches, unexpected) = (std::cell::Cell::new(0usize), std::cell::Cell::new(0usize));
    let rows = rows.inspect(|r| {
        mismatches.set(mismatches.get() + usize::from(r.matches == Some(false)));
        unexpected.set(unexpected.get() + usize::from(r.matches.is_none()));
    });
    match format {
        Format::Json => super::stdout_json_seq(rows)?,
        Format::Text => {
            let ja = lang == Lang::Ja;
            super::stdout_lines(|out| {
                out.write_all(if ja {
                    "テストケース\t処理結果\t提供保険者\t期待\t一致\n".as_bytes()
                } else {
                    b"test case\toutcome\tproviders\texpected\tmatch\n"
                })?;
                for r in rows {
                    let providers: Vec<&str> = r.providers.iter().map(|p| p.as_str()).collect();
                    writeln!(
                        out,
                        "{}\t{}\t{}\t{} {}\t{}",
                        r.test_case_id,
                        r.outcome,
                        if providers.is_empty() { "-".to_string() } else { providers.join(",") },
                        r.expected_outcome.unwrap_or("-"),
                        r.expected_providers.join(","),
                        match (r.matches, ja) {
                            (Some(true), true) => "一致",
                            (Some(true), false) => "yes",
                            (Some(false), true) => "不一致",
                            (Some(false), false) => "no",
                            (None, true) => "期待なし",
                            (None, false) => "no expectation",
                        }
                    )?;
                }
                if ja {
                    writeln!(
                        out,
                        "{total} 件中 {} 件が期待と不一致、{} 件は期待なし",
                        mismatches.get(),
                        unexpected.get()
                    )
                } else {
                    writeln!(
                        out,
                        "{} of {total} cases mismatch; {} expect nothing",
                        mismatches.get(),
                        unexpected.get()
                    )
                }
            })?;
        }
    }
    Ok(mismatches.get())
}
