//! The Fund's intermediate server, simulated: validate a query, route it through the unified partition to the
//! insurer partitions its condition selects, build each insurer's answer and merge them (docs/domain.md, "The Fund's intermediate server" and "Query conditions").
//!
//! Precise semantics (each one is tested):
//! - A membership runs from its acquisition date up to but not including its loss date; no loss date = still a member.
//! - 既定 (default) is a point-in-time query at the test case's query date (照会日).
//! - Point in time at d: the one membership with the greatest acquisition date ≤ d, even if it was lost before d
//!   (it is still the latest information as of d). Ties: the later registration date-time wins; a remaining tie
//!   goes to the membership stored last.
//! - Range [from, to], both inclusive: every membership overlapping it (acquired ≤ to, and no loss date or
//!   loss date > from), oldest first (by acquisition, then registration).
//! - Benefit records: in a range, every record of a selected insurer whose start date falls in the range, oldest
//!   first; at a point in time d, per benefit kind the latest record starting on or before d.
//! - The insurers asked are those of the selected memberships, in the order of their first selected membership;
//!   each answers once with all its selected data, and the merge is their repeated groups concatenated in that order.
//! - No row in the unified partition, or nothing selected: 該当なし (not an error).
//!
//! The answers are structured here ([`Element`]); `exchange::xml` writes them as XML.

pub mod answer;
pub mod index;
pub mod validate;

use serde::Serialize;

use crate::domain::date::Date;
use crate::domain::model::message::Message;
use crate::domain::model::*;

use crate::domain::routing::answer::{AnswerPlan, Asked};
pub use crate::domain::routing::answer::{
    Content, Detail, Element, InsurerAnswer, MergedAnswer, NULL_NOT_APPLICABLE, NULL_NOT_AVAILABLE,
    NullItem,
};
pub use crate::domain::routing::index::{
    ItemLayout, ProjectIndex, UnportableName, project_for_case, root_name,
};

/// One membership the router looked at, and why it was taken or left.
///
/// Kept as facts, not text: the trace of every test case is computed on each simulate-all and check-all, and
/// only the few a user looks at are ever worded ([`TraceEntry::reason`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TraceEntry {
    /// Position of the membership in `project.memberships`.
    pub membership: usize,
    /// Whether the condition selected it.
    pub taken: bool,
    /// Why.
    pub why: TraceReason,
}

/// Why the router took or left a membership.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum TraceReason {
    /// Taken: the latest acquisition on or before the point in time.
    LatestAsOf(Date),
    /// Left: acquired after the point in time.
    AcquiredAfterPoint(Date),
    /// Left: acquired on the same day as the taken membership (its position), which was registered later.
    LaterRegistrationWins(usize),
    /// Left: a later membership (its position) is the latest information.
    Superseded(usize),
    /// Left: acquired after the range ends.
    AcquiredAfterRange(Date),
    /// Left: lost on or before the range starts.
    LostBeforeRange(Date),
    /// Taken: overlaps the range.
    OverlapsRange(Date, Date),
}

impl TraceEntry {
    /// The membership this entry is about.
    pub fn membership<'a>(&self, index: &ProjectIndex<'a>) -> &'a Membership {
        &index.project.memberships[self.membership]
    }

    /// Why it was taken or left, in words.
    pub fn reason(&self, index: &ProjectIndex) -> Message {
        let m = self.membership(index);
        let other = |i: usize| &index.project.memberships[i];
        match self.why {
            TraceReason::LatestAsOf(d) => {
                let lost_note = match m.lost_on {
                    Some(l) if l <= d => Message::new(
                        format!("（{l} に喪失済みですが、{d} 時点の最新の情報です）"),
                        format!(" (lost {l}, but still the latest information as of {d})"),
                    ),
                    _ => Message::new("", ""),
                };
                Message::new(
                    format!("{d} 以前で最も新しい資格取得日（{}）{}", m.acquired_on, lost_note.ja),
                    format!(
                        "latest acquisition on or before {d} (acquired {}){}",
                        m.acquired_on, lost_note.en
                    ),
                )
            }
            TraceReason::AcquiredAfterPoint(d) => Message::new(
                format!("資格取得日 {} が基準日 {d} より後", m.acquired_on),
                format!("acquired {}, after the point in time {d}", m.acquired_on),
            ),
            TraceReason::LaterRegistrationWins(c) => {
                let name = index.insurer_name(other(c).insurer.as_str());
                Message::new(
                    format!(
                        "同じ資格取得日（{}）の加入歴のうち、中間サーバー登録日時が新しい {name} を採用",
                        m.acquired_on
                    ),
                    format!(
                        "same acquisition date ({}): the later registration ({name}) wins",
                        m.acquired_on
                    ),
                )
            }
            TraceReason::Superseded(c) => {
                let c = other(c);
                let name = index.insurer_name(c.insurer.as_str());
                Message::new(
                    format!("より新しい加入歴（{name} の資格取得日 {}）がある", c.acquired_on),
                    format!(
                        "superseded by a later membership ({name}, acquired {})",
                        c.acquired_on
                    ),
                )
            }
            TraceReason::AcquiredAfterRange(to) => Message::new(
                format!("資格取得日 {} が期間の終了日 {to} より後", m.acquired_on),
                format!("acquired {}, after the range end {to}", m.acquired_on),
            ),
            TraceReason::LostBeforeRange(from) => {
                let l = m.lost_on.map(|l| l.to_string()).unwrap_or_default();
                Message::new(
                    format!(
                        "資格喪失日 {l} が期間の開始日 {from} 以前（喪失日は資格のない最初の日）"
                    ),
                    format!(
                        "lost {l}, on or before the range start {from} (the loss date is the first day without cover)"
                    ),
                )
            }
            TraceReason::OverlapsRange(from, to) => {
                let until = m.lost_on.map(|l| l.to_string()).unwrap_or_else(|| "…".into());
                Message::new(
                    format!("期間 {from}～{to} と重なる（{}～{until}）", m.acquired_on),
                    format!("overlaps the range {from} to {to} ({} to {until})", m.acquired_on),
                )
            }
        }
    }
}

/// Everything the simulated Fund answers for one test case: the answer envelope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Simulation {
    /// The test case.
    pub test_case: TestCaseId,
    /// Its party.
    pub party: InstitutionCode,
    /// 処理通番: generated, stable per test case.
    pub serial: String,
    /// 処理結果
    pub outcome: Outcome,
    /// Why, for 該当なし and エラー.
    pub reason: Option<Message>,
    /// The insurers that answered, in routing order.
    pub providers: Vec<InsurerNumber>,
    /// Each insurer's answer, in routing order.
    pub answers: Vec<InsurerAnswer>,
    /// Every membership considered, with the reason it was taken or left.
    pub trace: Vec<TraceEntry>,
    /// The condition the router applied, when it was complete.
    pub condition: Option<QueryCondition>,
    /// Requested items that came back null.
    pub null_items: Vec<NullItem>,
}

/// 処理通番 for a test case: 16 digits from a hash of its id, the same on every run.
pub fn serial_for(id: &TestCaseId) -> String {
    let h = crate::domain::model::stable_hash::fnv(id.as_str().as_bytes());
    format!("{:016}", h % 10_000_000_000_000_000)
}

/// Why a query is refused before routing (each an エラー outcome), in words ([`crate::domain::routing::validate`] states the
/// rules).
pub fn validate_query(index: &ProjectIndex, case: &TestCase) -> Vec<Message> {
    crate::domain::routing::validate::query_errors(index, case)
        .into_iter()
        .map(|e| e.message)
        .collect()
}

/// Which memberships a condition selects, in answer order, with a trace entry for every one considered.
///
/// `memberships` are positions in `index.project.memberships` (one person's rows of the unified partition);
/// the selection is returned as positions too.
pub fn select_memberships(
    index: &ProjectIndex,
    memberships: &[usize],
    condition: QueryCondition,
) -> (Vec<usize>, Vec<TraceEntry>) {
    let all = &index.project.memberships;
    let entry = |i: usize, taken: bool, why: TraceReason| TraceEntry { membership: i, taken, why };
    // Chronological order for the trace and for range answers (ties: registration, then storage order).
    let mut order: Vec<usize> = memberships.to_vec();
    order.sort_by(|&a, &b| {
        let (x, y) = (&all[a], &all[b]);
        (x.acquired_on, x.registered_at, a).cmp(&(y.acquired_on, y.registered_at, b))
    });
    match condition {
        QueryCondition::Latest(d) | QueryCondition::AsOf(d) => {
            // The last in chronological order among those acquired by d is the latest information.
            let chosen = order.iter().copied().rfind(|&i| all[i].acquired_on <= d);
            let trace = order
                .iter()
                .map(|&i| match chosen {
                    Some(c) if c == i => entry(i, true, TraceReason::LatestAsOf(d)),
                    Some(c) if all[i].acquired_on <= d => {
                        if all[c].acquired_on == all[i].acquired_on {
                            entry(i, false, TraceReason::LaterRegistrationWins(c))
                        } else {
                            entry(i, false, TraceReason::Superseded(c))
                        }
                    }
                    _ => entry(i, false, TraceReason::AcquiredAfterPoint(d)),
                })
                .collect();
            (chosen.into_iter().collect(), trace)
        }
        QueryCondition::Range(from, to) => {
            let mut selected = Vec::new();
            let trace = order
                .iter()
                .map(|&i| {
                    let m = &all[i];
                    if m.acquired_on > to {
                        entry(i, false, TraceReason::AcquiredAfterRange(to))
                    } else if m.lost_on.is_some_and(|l| l <= from) {
                        entry(i, false, TraceReason::LostBeforeRange(from))
                    } else {
                        selected.push(i);
                        entry(i, true, TraceReason::OverlapsRange(from, to))
                    }
                })
                .collect();
            (selected, trace)
        }
    }
}

/// Simulate the Fund's answer to one test case.
pub fn simulate(index: &ProjectIndex, case: &TestCase) -> Simulation {
    simulate_with(index, case, Detail::Full)
}

/// Simulate with the detail asked for: with [`Detail::Outcome`], `answers` stays empty (and so does the merged
/// answer) while outcome, reason, providers, trace and null items are exactly those of [`Detail::Full`].
pub fn simulate_with(index: &ProjectIndex, case: &TestCase, detail: Detail) -> Simulation {
    let mut sim = Simulation {
        test_case: case.id.clone(),
        party: case.party.clone(),
        serial: serial_for(&case.id),
        outcome: Outcome::Error,
        reason: None,
        providers: Vec::new(),
        answers: Vec::new(),
        trace: Vec::new(),
        condition: case.condition().ok(),
        null_items: Vec::new(),
    };
    let errors = validate_query(index, case);
    if !errors.is_empty() {
        sim.reason = Some(Message::join(&errors));
        return sim;
    }
    let (Some(condition), Some(person)) = (sim.condition, index.role_model_of(case)) else {
        return sim; // unreachable: validation covers both
    };
    let memberships: &[usize] = index
        .partition
        .get(&(person.party.as_str(), person.person_code.as_str()))
        .unwrap_or_default();
    if memberships.is_empty() {
        sim.outcome = Outcome::NoMatch;
        sim.reason = Some(Message::new(
            format!("機関別符号 {} は統一区画にありません", person.person_code),
            format!("person code {} has no row in the unified partition", person.person_code),
        ));
        return sim;
    }
    let all = &index.project.memberships;
    let (selected, trace) = select_memberships(index, memberships, condition);
    sim.trace = trace;
    if selected.is_empty() {
        sim.outcome = Outcome::NoMatch;
        sim.reason = Some(Message::new(
            "照会条件に該当する加入歴がありません",
            "no membership matches the query condition",
        ));
        return sim;
    }
    let mut versions: Vec<&str> = Vec::new();
    for &i in &selected {
        let ver = all[i].version.as_str();
        if !ver.is_empty() && !versions.contains(&ver) {
            versions.push(ver);
        }
    }
    if versions.len() > 1 {
        sim.outcome = Outcome::Error;
        sim.reason = Some(Message::new(
            format!("版番号の異なる副本（{}）は併合できません", versions.join(" と ")),
            format!("replicas of different versions ({}) cannot be merged", versions.join(" and ")),
        ));
        return sim;
    }
    // Insurers in the order of their first selected membership.
    let mut providers: Vec<&InsurerNumber> = Vec::new();
    for &i in &selected {
        if !providers.contains(&&all[i].insurer) {
            providers.push(&all[i].insurer);
        }
    }
    let plan = AnswerPlan::new(index, case);
    let mut own: Vec<&Membership> = Vec::with_capacity(selected.len());
    for insurer in providers {
        own.clear();
        own.extend(selected.iter().map(|&i| &all[i]).filter(|m| &m.insurer == insurer));
        let asked = Asked { case, condition, detail };
        let answer = plan.insurer_answer(index, asked, insurer, &own, &mut sim.null_items);
        sim.providers.push(insurer.clone());
        sim.answers.extend(answer);
    }
    sim.outcome = Outcome::NormalEnd;
    sim
}

impl Simulation {
    /// The merged answer the Fund returns (正常終了 only): every insurer's groups in routing order.
    pub fn merged(&self) -> Option<MergedAnswer<'_>> {
        (self.outcome == Outcome::NormalEnd && !self.answers.is_empty())
            .then(|| merge(&self.answers))
    }
}

/// The merge: one management block (the latest registration, the replicas' shared version) and every insurer's
/// repeated groups, concatenated in routing order. `answers` must not be empty.
pub fn merge(answers: &[InsurerAnswer]) -> MergedAnswer<'_> {
    MergedAnswer {
        registered_at: answers.iter().filter_map(|a| a.registered_at).max(),
        version: answers.iter().map(|a| a.version.as_str()).find(|v| !v.is_empty()).unwrap_or(""),
        root: answers.first().map(|a| a.root.as_str()).unwrap_or(""),
        groups: answers.iter().flat_map(|a| a.groups.iter()).collect(),
    }
}

/// Where an item sits in an answer: the repeated element (under an optional container) and the path below it.

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comparison {
    /// True when what the case expects is what the simulation gives (or the case expects nothing).
    pub matches: bool,
    /// Each difference, spelled out.
    pub differences: Vec<Message>,
}

/// The numbers of `xs` that `ys` lacks.
fn outside<'a>(xs: &'a [InsurerNumber], ys: &[InsurerNumber]) -> Vec<&'a str> {
    xs.iter().filter(|x| !ys.contains(x)).map(|x| x.as_str()).collect()
}

/// Compare a test case's expected outcome and providers with a simulation.
pub fn compare(case: &TestCase, sim: &Simulation) -> Comparison {
    let mut differences = Vec::new();
    if let Some(expected) = case.expected_outcome
        && expected != sim.outcome
    {
        differences.push(Message::new(
            format!("処理結果: 期待 {} / 実際 {}", expected.label_ja(), sim.outcome.label_ja()),
            format!(
                "outcome: expected {} ({}), got {} ({})",
                expected.label_ja(),
                expected.label_en(),
                sim.outcome.label_ja(),
                sim.outcome.label_en()
            ),
        ));
    }
    let expects_providers = !case.expected_providers.is_empty()
        || matches!(case.expected_outcome, Some(Outcome::NoMatch) | Some(Outcome::Error));
    if expects_providers && case.expected_providers != sim.providers {
        let join = |v: &[InsurerNumber]| {
            if v.is_empty() {
                "（なし）".to_string()
            } else {
                v.iter().map(|x| x.as_str()).collect::<Vec<_>>().join(",")
            }
        };
        let (e, a) = (join(&case.expected_providers), join(&sim.providers));
        let mut ja = format!("提供保険者: 期待 {e} / 実際 {a}");
        let mut en = format!("providers: expected {e}, got {a}");
        let missing = outside(&case.expected_providers, &sim.providers);
        let extra = outside(&sim.providers, &case.expected_providers);
        if !missing.is_empty() {
            ja += &format!("（不足: {}）", missing.join(","));
            en += &format!(" (missing: {})", missing.join(","));
        }
        if !extra.is_empty() {
            ja += &format!("（余分: {}）", extra.join(","));
            en += &format!(" (unexpected: {})", extra.join(","));
        }
        if missing.is_empty() && extra.is_empty() {
            ja += "（順序が異なる）";
            en += " (order differs)";
        }
        differences.push(Message::new(ja, en));
    }
    Comparison { matches: differences.is_empty(), differences }
}
