//! The insurer representative's view (docs/domain.md, "The insurer's desk"): one insurer's rows of the unified partition, the replicas
//! its logical partition must hold, and the test cases that reach it or expect it; for a case that does not reach
//! it as expected, the smallest change of the person's replicas that makes the simulation equal the expectation
//! (or, when the fault is in the case, the finding's text for the querier); and a role model built for a case, for
//! which the simulation gives exactly what the case expects.
//!
//! Everything here is worked out by the router itself ([`crate::domain::routing::simulate`]): a proposal or a built person
//! is kept only when the simulation of the changed project says so.

use crate::domain::coordination::change::{ChangeSet, added, changed, removed};
use crate::domain::date::{Date, DateTime};
use crate::domain::model::entity::Entity;
use crate::domain::model::message::Message;
use crate::domain::model::stable_hash::fnv;
use crate::domain::model::*;
use crate::domain::routing::{ProjectIndex, Simulation, compare, simulate, validate_query};

/// What a test case expects, against what its simulation gives.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Expectation {
    /// The case expects no outcome and no providers: nothing to compare (期待なし).
    None,
    /// The simulation gives what the case expects.
    Matches,
    /// It does not: each difference, spelled out.
    Differs(Vec<Message>),
}

impl Expectation {
    /// Of a case and its simulation.
    pub fn of(case: &TestCase, sim: &Simulation) -> Expectation {
        if case.expected_outcome.is_none() && case.expected_providers.is_empty() {
            return Expectation::None;
        }
        let cmp = compare(case, sim);
        if cmp.matches { Expectation::Matches } else { Expectation::Differs(cmp.differences) }
    }

    /// `Some(true)` matching, `Some(false)` not, `None` without an expectation.
    pub fn matches(&self) -> Option<bool> {
        match self {
            Expectation::None => None,
            Expectation::Matches => Some(true),
            Expectation::Differs(_) => Some(false),
        }
    }
}

/// A test case as one insurer sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseAtInsurer {
    /// Its position in the project's test cases.
    pub case: usize,
    /// The simulation routes the query to this insurer.
    pub routed: bool,
    /// The case expects this insurer among the providers.
    pub expected: bool,
    /// The simulation's outcome.
    pub outcome: Outcome,
    /// Its providers, in routing order.
    pub providers: Vec<InsurerNumber>,
    /// Against what the case expects.
    pub expectation: Expectation,
    /// Why the router answered as it did, for 該当なし and エラー.
    pub reason: Option<Message>,
}

/// One insurer's workspace: its partition and the cases that reach it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workspace {
    /// The insurer.
    pub insurer: InsurerNumber,
    /// Its rows of the unified partition (positions in the project's memberships), by party, person and
    /// acquisition.
    pub memberships: Vec<usize>,
    /// The benefit records it holds (positions), by party, person and start date.
    pub benefits: Vec<usize>,
    /// Every case routed to it or expecting it: the ones that do not match first, then the ones without an
    /// expectation, then the matching ones; in project order within each.
    pub cases: Vec<CaseAtInsurer>,
}

impl Workspace {
    /// How many cases reach it, and how many of those that expect something are not yet served as they expect.
    pub fn counts(&self) -> (usize, usize) {
        let reaching = self.cases.iter().filter(|c| c.routed).count();
        let not_yet = self.cases.iter().filter(|c| c.expectation.matches() == Some(false)).count();
        (reaching, not_yet)
    }
}

/// The workspace of `insurer`. Only the cases whose person has a row of this insurer, or that expect it, are
/// simulated; `keep_going()` is asked between cases (false stops, `None` back).
pub fn workspace(
    index: &ProjectIndex,
    insurer: &InsurerNumber,
    keep_going: &mut dyn FnMut(usize, usize) -> bool,
) -> Option<Workspace> {
    let p = index.project;
    let mut memberships: Vec<usize> =
        (0..p.memberships.len()).filter(|&i| &p.memberships[i].insurer == insurer).collect();
    let person_of = |party: &InstitutionCode, role_model: &RoleModelId| {
        index
            .role_models
            .get(&(party.as_str(), role_model.as_str()))
            .map(|r| r.person_code.as_str())
    };
    memberships.sort_by(|&a, &b| {
        let (x, y) = (&p.memberships[a], &p.memberships[b]);
        (&x.party, person_of(&x.party, &x.role_model), x.acquired_on, a).cmp(&(
            &y.party,
            person_of(&y.party, &y.role_model),
            y.acquired_on,
            b,
        ))
    });
    let mut benefits: Vec<usize> =
        (0..p.benefits.len()).filter(|&i| &p.benefits[i].insurer == insurer).collect();
    benefits.sort_by(|&a, &b| {
        let (x, y) = (&p.benefits[a], &p.benefits[b]);
        (&x.party, &x.role_model, x.start_date, a).cmp(&(&y.party, &y.role_model, y.start_date, b))
    });
    // The people the insurer holds a row of: only their cases can be routed to it.
    let people: foldhash::HashSet<(&str, &str)> = memberships
        .iter()
        .filter_map(|&i| {
            let m = &p.memberships[i];
            Some((m.party.as_str(), person_of(&m.party, &m.role_model)?))
        })
        .collect();
    let total = p.test_cases.len();
    let mut cases = Vec::new();
    for (at, case) in p.test_cases.iter().enumerate() {
        if at % 1000 == 0 && !keep_going(at, total) {
            return None;
        }
        let expected = case.expected_providers.contains(insurer);
        let held = index
            .role_model_of(case)
            .is_some_and(|r| people.contains(&(r.party.as_str(), r.person_code.as_str())));
        if !expected && !held {
            continue;
        }
        let sim = simulate(index, case);
        let routed = sim.providers.contains(insurer);
        if !routed && !expected {
            continue;
        }
        cases.push(CaseAtInsurer {
            case: at,
            routed,
            expected,
            outcome: sim.outcome,
            expectation: Expectation::of(case, &sim),
            reason: sim.reason.clone(),
            providers: sim.providers,
        });
    }
    let rank = |c: &CaseAtInsurer| match c.expectation.matches() {
        Some(false) => 0,
        None => 1,
        Some(true) => 2,
    };
    cases.sort_by_key(|c| (rank(c), c.case));
    keep_going(total, total);
    Some(Workspace { insurer: insurer.clone(), memberships, benefits, cases })
}

/// Per insurer: (cases that reach it, its cases not yet served as they expect).
pub type ReachCounts = foldhash::HashMap<InsurerNumber, (usize, usize)>;

/// Per insurer: how many cases reach it and how many of its cases are not yet served as they expect — one
/// simulation of every case (the insurer list's figures).
pub fn reach_counts(
    index: &ProjectIndex,
    keep_going: &mut dyn FnMut(usize, usize) -> bool,
) -> Option<ReachCounts> {
    let mut out = ReachCounts::default();
    let total = index.project.test_cases.len();
    for (at, case) in index.project.test_cases.iter().enumerate() {
        if at % 1000 == 0 && !keep_going(at, total) {
            return None;
        }
        let sim = crate::domain::routing::simulate_with(
            index,
            case,
            crate::domain::routing::Detail::Outcome,
        );
        let not_yet = Expectation::of(case, &sim).matches() == Some(false);
        for x in &sim.providers {
            out.entry(x.clone()).or_default().0 += 1;
        }
        let mut concerned: Vec<&InsurerNumber> = sim.providers.iter().collect();
        for x in &case.expected_providers {
            if !concerned.contains(&x) {
                concerned.push(x);
            }
        }
        if not_yet {
            for x in concerned {
                out.entry(x.clone()).or_default().1 += 1;
            }
        }
    }
    keep_going(total, total);
    Some(out)
}

// ---- Make the replicas serve a case.

/// What can be done for a case that is not served as it expects.
#[derive(Debug, Clone, PartialEq)]
pub enum ReplicaProposal {
    /// A change of the person's replicas (memberships) after which the case's simulation equals its expectation;
    /// one undo step.
    Change {
        /// The change.
        change: ChangeSet,
        /// What it does, in words.
        what: Message,
        /// Other cases of the same person whose result it changes from matching to not (none when it could be
        /// helped).
        breaks: Vec<TestCaseId>,
    },
    /// The fault is in the case, not in the replicas: the text of a finding for the querier.
    InTheCase(Message),
}

/// One change of a person's memberships the search tries.
#[derive(Debug, Clone, PartialEq)]
enum Edit {
    Acquired(usize, Date),
    Lost(usize, Option<Date>),
    Add(Membership),
    Remove(usize),
}

/// The smallest change of the case's person's replicas that makes its simulation equal its expectation, preferring
/// a change of `insurer`'s own rows and one that leaves the person's other cases as they are; `None` when the case
/// already matches or expects nothing.
pub fn replica_proposal(
    p: &Project,
    case: &TestCase,
    insurer: &InsurerNumber,
) -> Option<ReplicaProposal> {
    let part = person_part(p, case);
    let index = ProjectIndex::new(&part);
    let target = part.test_cases.iter().position(|c| c.key() == case.key())?;
    let sim = simulate(&index, &part.test_cases[target]);
    if Expectation::of(case, &sim).matches() != Some(false) {
        return None;
    }
    let errors = validate_query(&index, case);
    if !errors.is_empty() {
        let why = Message::join(&errors);
        return Some(ReplicaProposal::InTheCase(Message::new(
            format!(
                "照会そのものが処理できません（{}）。副本では直せません。テストケースを直してください",
                why.ja
            ),
            format!(
                "the query itself cannot be served ({}); no replica can fix it: please correct the test case",
                why.en
            ),
        )));
    }
    let condition = case.condition().ok()?;
    if let Some(why) = impossible(case, condition) {
        return Some(ReplicaProposal::InTheCase(why));
    }
    let person = index.role_model_of(case)?.clone();
    let own: Vec<usize> = (0..part.memberships.len())
        .filter(|&i| {
            part.memberships[i].party == person.party
                && index
                    .role_models
                    .get(&(
                        part.memberships[i].party.as_str(),
                        part.memberships[i].role_model.as_str(),
                    ))
                    .is_some_and(|r| r.person_code == person.person_code)
        })
        .collect();
    let before = matches_of(&index);
    drop(index);

    // The edits worth trying, each with its cost: the insurer's own rows first.
    let mut singles: Vec<(Edit, u32)> = Vec::new();
    // The query's edges, the same for every row of the person.
    let (acquired_days, lost_days): (Vec<Date>, Vec<Option<Date>>) = match condition {
        QueryCondition::Latest(d) | QueryCondition::AsOf(d) => {
            let mut acquired = vec![d, d.succ()];
            // Just after another acquisition on or before d: the latest information again.
            for o in own.iter().map(|&i| &part.memberships[i]) {
                if o.acquired_on.succ() <= d {
                    acquired.push(o.acquired_on.succ());
                }
            }
            (acquired, Vec::new())
        }
        QueryCondition::Range(from, to) => {
            (vec![from, to, to.succ()], vec![None, Some(from), Some(from.succ()), Some(to.succ())])
        }
    };
    for &i in &own {
        let m = &part.memberships[i];
        let cost = if &m.insurer == insurer { 1 } else { 2 };
        for &d in &acquired_days {
            if d != m.acquired_on && m.lost_on.is_none_or(|l| l > d) {
                singles.push((Edit::Acquired(i, d), cost));
            }
        }
        for &l in &lost_days {
            if l != m.lost_on && l.is_none_or(|l| l > m.acquired_on) {
                singles.push((Edit::Lost(i, l), cost));
            }
        }
        singles.push((Edit::Remove(i), cost + 2));
    }
    for x in &case.expected_providers {
        let template = new_membership(
            p,
            &person,
            x,
            &own.iter().map(|&i| &part.memberships[i]).collect::<Vec<_>>(),
        );
        for (acquired, lost) in match condition {
            QueryCondition::Latest(d) | QueryCondition::AsOf(d) => vec![(d, None)],
            QueryCondition::Range(from, to) => {
                vec![(from, None), (to, None), (from, Some(to.succ()))]
            }
        } {
            let mut m = template.clone();
            m.acquired_on = acquired;
            m.set_loss(lost);
            let cost = if x == insurer { 2 } else { 3 };
            singles.push((Edit::Add(m), cost));
        }
    }

    // Singles, then pairs: the cheapest that works, fewest broken cases first.
    let mut best: Option<(usize, u32, Vec<Edit>)> = None;
    let consider = |best: &mut Option<(usize, u32, Vec<Edit>)>, edits: Vec<Edit>, cost: u32| {
        if best.as_ref().is_some_and(|(b, c, _)| (*b, *c) <= (0, cost)) {
            return;
        }
        let Some(changed) = apply_edits(&part, &edits) else {
            return;
        };
        let after = matches_of(&ProjectIndex::new(&changed));
        if after[target] != Some(true) {
            return;
        }
        let broken = broken_by(&before, &after, target).count();
        if best.as_ref().is_none_or(|(b, c, _)| (broken, cost) < (*b, *c)) {
            *best = Some((broken, cost, edits));
        }
    };
    for (e, cost) in &singles {
        consider(&mut best, vec![e.clone()], *cost);
    }
    if best.as_ref().is_none_or(|(b, _, _)| *b > 0) {
        for (i, (a, ca)) in singles.iter().enumerate() {
            for (b, cb) in &singles[i + 1..] {
                consider(&mut best, vec![a.clone(), b.clone()], ca + cb);
            }
        }
    }
    let edits = match best {
        Some((_, _, edits)) => edits,
        None => {
            // Rebuild the person's memberships as the case needs them (the role model builder's dates).
            let built = memberships_for(p, case, &person, insurer, Boundary::Inside).ok()?;
            let mut edits: Vec<Edit> = own.iter().map(|&i| Edit::Remove(i)).collect();
            edits.extend(built.into_iter().map(Edit::Add));
            edits
        }
    };
    let changed_part = apply_edits(&part, &edits)?;
    let after = matches_of(&ProjectIndex::new(&changed_part));
    if after[target] != Some(true) {
        return None;
    }
    let breaks =
        broken_by(&before, &after, target).map(|i| changed_part.test_cases[i].id.clone()).collect();
    let change = change_of(&part, &edits);
    let words: Vec<Message> = edits.iter().map(|e| edit_words(&part, e)).collect();
    Some(ReplicaProposal::Change { change, what: Message::join(&words), breaks })
}

/// The change the edits make: each membership edited once (all its edits together), removed or added.
fn change_of(part: &Project, edits: &[Edit]) -> ChangeSet {
    let mut change = ChangeSet::default();
    let mut done: Vec<usize> = Vec::new();
    for e in edits {
        match e {
            Edit::Acquired(i, _) | Edit::Lost(i, _) if !done.contains(i) => {
                done.push(*i);
                let old = &part.memberships[*i];
                let mut new = old.clone();
                for e in edits {
                    match e {
                        Edit::Acquired(j, d) if j == i => new.acquired_on = *d,
                        Edit::Lost(j, l) if j == i => new.set_loss(*l),
                        _ => {}
                    }
                }
                change
                    .entries
                    .extend(changed(&Entity::Membership(old.clone()), Entity::Membership(new)));
            }
            Edit::Acquired(..) | Edit::Lost(..) => {}
            Edit::Add(m) => change.entries.push(added(Entity::Membership(m.clone()))),
            Edit::Remove(i) => {
                change.entries.push(removed(&Entity::Membership(part.memberships[*i].clone())))
            }
        }
    }
    change
}

/// Whether each case of a (small) project matches what it expects.
fn matches_of(index: &ProjectIndex) -> Vec<Option<bool>> {
    index
        .project
        .test_cases
        .iter()
        .map(|c| Expectation::of(c, &simulate(index, c)).matches())
        .collect()
}

/// The cases (other than `target`) that matched before and do not after.
fn broken_by<'a>(
    before: &'a [Option<bool>],
    after: &'a [Option<bool>],
    target: usize,
) -> impl Iterator<Item = usize> + 'a {
    before
        .iter()
        .zip(after)
        .enumerate()
        .filter(move |(i, (b, a))| *i != target && **b == Some(true) && **a == Some(false))
        .map(|(i, _)| i)
}

/// Why no replica can give what a case expects, when that is so.
fn impossible(case: &TestCase, condition: QueryCondition) -> Option<Message> {
    let point = !matches!(condition, QueryCondition::Range(..));
    match case.expected_outcome {
        Some(Outcome::Error) => Some(Message::new(
            "照会が処理できるのに エラー を期待しています。副本では直せません。期待する処理結果を見直してください",
            "the case expects エラー although its query can be served; no replica can give that: please check the expected outcome",
        )),
        Some(Outcome::NoMatch) if !case.expected_providers.is_empty() => Some(Message::new(
            "該当なし を期待しながら提供保険者を挙げています。期待する提供保険者を空にしてください",
            "the case expects 該当なし yet names providers: please leave the expected providers empty",
        )),
        Some(Outcome::NormalEnd) | None if point && case.expected_providers.len() > 1 => {
            Some(Message::new(
                format!(
                    "時点の照会に答える保険者は1つだけですが、{} 保険者を期待しています。照会条件を範囲指定にするか、期待する提供保険者を1つにしてください",
                    case.expected_providers.len()
                ),
                format!(
                    "a point-in-time query is answered by one insurer, but the case expects {}: make it a range query, or expect one insurer",
                    case.expected_providers.len()
                ),
            ))
        }
        Some(Outcome::NormalEnd) if case.expected_providers.is_empty() => Some(Message::new(
            "正常終了 を期待していますが、期待する提供保険者がありません。期待する提供保険者を記入してください",
            "the case expects 正常終了 but names no provider: please fill in the expected providers",
        )),
        _ => None,
    }
}

/// The part of a project a case's person is simulated in: the masters, the case and every case of the same party
/// whose person has the same 機関別符号, those people and their replicas.
fn person_part(p: &Project, case: &TestCase) -> Project {
    let mut part = crate::domain::routing::project_for_case(p, case);
    let people: Vec<&RoleModelId> = part.role_models.iter().map(|r| &r.id).collect();
    part.test_cases = p
        .test_cases
        .iter()
        .filter(|c| {
            c.key() == case.key() || (c.party == case.party && people.contains(&&c.role_model))
        })
        .cloned()
        .collect();
    part
}

fn apply_edits(part: &Project, edits: &[Edit]) -> Option<Project> {
    let mut out = part.clone();
    let mut gone: Vec<usize> = Vec::new();
    for e in edits {
        match e {
            Edit::Acquired(i, d) => {
                let m = out.memberships.get_mut(*i)?;
                if m.lost_on.is_some_and(|l| l <= *d) {
                    return None;
                }
                m.acquired_on = *d;
            }
            Edit::Lost(i, l) => {
                let m = out.memberships.get_mut(*i)?;
                if l.is_some_and(|l| l <= m.acquired_on) {
                    return None;
                }
                m.set_loss(*l);
            }
            Edit::Add(m) => out.memberships.push(m.clone()),
            Edit::Remove(i) => gone.push(*i),
        }
    }
    let mut at = 0;
    out.memberships.retain(|_| {
        at += 1;
        !gone.contains(&(at - 1))
    });
    Some(out)
}

fn edit_words(part: &Project, e: &Edit) -> Message {
    let m = |i: &usize| &part.memberships[*i];
    match e {
        Edit::Acquired(i, d) => Message::new(
            format!("{} の加入歴（{}～）の資格取得日を {d} にする", m(i).insurer, m(i).acquired_on),
            format!(
                "set the acquisition date of {}'s membership (from {}) to {d}",
                m(i).insurer,
                m(i).acquired_on
            ),
        ),
        Edit::Lost(i, Some(d)) => Message::new(
            format!("{} の加入歴（{}～）の資格喪失日を {d} にする", m(i).insurer, m(i).acquired_on),
            format!(
                "set the loss date of {}'s membership (from {}) to {d}",
                m(i).insurer,
                m(i).acquired_on
            ),
        ),
        Edit::Lost(i, None) => Message::new(
            format!(
                "{} の加入歴（{}～）の資格喪失日を空にする（加入中）",
                m(i).insurer,
                m(i).acquired_on
            ),
            format!(
                "clear the loss date of {}'s membership (from {}): still a member",
                m(i).insurer,
                m(i).acquired_on
            ),
        ),
        Edit::Add(x) => {
            let until = x.lost_on.map(|d| d.to_string()).unwrap_or_default();
            Message::new(
                format!("{} の加入歴（{}～{until}）を追加する", x.insurer, x.acquired_on),
                format!("add a membership of {} ({} to {until})", x.insurer, x.acquired_on),
            )
        }
        Edit::Remove(i) => Message::new(
            format!("{} の加入歴（{}～）を削除する", m(i).insurer, m(i).acquired_on),
            format!("remove {}'s membership (from {})", m(i).insurer, m(i).acquired_on),
        ),
    }
}

/// A new membership of `insurer` for `person`, its fields like the person's other rows (branch, version) and a
/// link number no other row has.
fn new_membership(
    p: &Project,
    person: &RoleModel,
    insurer: &InsurerNumber,
    others: &[&Membership],
) -> Membership {
    let version = others
        .first()
        .map(|m| m.version.clone())
        .or_else(|| p.memberships.first().map(|m| m.version.clone()))
        .unwrap_or_else(|| "4.0".into());
    let branch = others.first().map(|m| m.member_branch.clone()).unwrap_or_else(|| "01".into());
    Membership {
        id: 0,
        party: person.party.clone(),
        role_model: person.id.clone(),
        insurer: insurer.clone(),
        member_branch: branch,
        link_number: free_link_number(p, &format!("{}{}{insurer}", person.party, person.id)),
        acquired_on: Date::ymd(2000, 1, 1),
        lost_on: None,
        lost_on_reason_of_null: "NotApplicable".into(),
        registered_at: None,
        version,
    }
}

/// A 10-digit link number from `seed` that no row of the project has.
fn free_link_number(p: &Project, seed: &str) -> CompactString {
    let taken: foldhash::HashSet<&str> =
        p.memberships.iter().map(|m| m.link_number.as_str()).collect();
    let mut n = fnv(seed.as_bytes()) % 9_000_000_000 + 1_000_000_000;
    loop {
        let s = n.to_string();
        if !taken.contains(s.as_str()) {
            return s.into();
        }
        n = if n >= 9_999_999_999 { 1_000_000_000 } else { n + 1 };
    }
}

// ---- A role model built for a case.

/// Which edge of the query the built person's dates sit on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Boundary {
    /// Well inside: acquired a year before the point (or the range's start), still a member.
    #[default]
    Inside,
    /// Acquired on the point itself (a range: its first membership on the range's first day).
    AcquiredOnPoint,
    /// Lost on the point (still the latest information as of it); a range: its first membership covers only the
    /// range's first day (lost the day after).
    LostOnPoint,
    /// A range only: its last membership starts on the range's last day (it touches that one day).
    TouchingOneDay,
}

/// A person built for a case, and the change that adds it (with its memberships and benefit records) and makes
/// the case name it.
#[derive(Debug, Clone, PartialEq)]
pub struct BuiltPerson {
    /// The new role model.
    pub role_model: RoleModel,
    /// Its memberships.
    pub memberships: Vec<Membership>,
    /// Its benefit records (one per provider and benefit kind the case asks for).
    pub benefits: Vec<BenefitRecord>,
    /// The change: the person and its rows added, the case's ロールモデルID set to it. One undo step.
    pub change: ChangeSet,
}

/// Build a new role model for `case` for which the simulation gives exactly the outcome and providers the case
/// expects. `insurer` is the one a 該当なし case's person is given a (not selected) row of. Deterministic: the same
/// project and case give the same person.
pub fn build_role_model(
    p: &Project,
    case: &TestCase,
    insurer: &InsurerNumber,
    boundary: Boundary,
) -> Result<BuiltPerson, Message> {
    let condition = case.condition().map_err(|_| {
        Message::new(
            "照会条件（日付）が揃っていないため作れません",
            "the query condition is incomplete (its dates), so no person can be built for it",
        )
    })?;
    if let Some(why) = impossible(case, condition) {
        return Err(why);
    }
    if case.expected_outcome.is_none() && case.expected_providers.is_empty() {
        return Err(Message::new(
            "期待する処理結果も提供保険者もないため、何に合わせて作るかが決まりません",
            "the case expects nothing (no outcome, no providers), so there is nothing to build for",
        ));
    }
    let party = &case.party;
    let free_id = |base: String| {
        let taken =
            |id: &str| p.role_models.iter().any(|r| &r.party == party && r.id.as_str() == id);
        if !taken(&base) {
            return base;
        }
        (2..).map(|n| format!("{base}-{n}")).find(|id| !taken(id)).expect("some id is free")
    };
    let id = free_id(format!("RM-{}", case.id));
    let code = {
        let taken = |c: &str| {
            p.role_models.iter().any(|r| &r.party == party && r.person_code.as_str() == c)
        };
        let mut n = fnv(format!("{party}:{}", case.id).as_bytes()) % 900_000 + 100_000;
        while taken(&format!("PB{n}")) {
            n = if n >= 999_999 { 100_000 } else { n + 1 };
        }
        format!("PB{n}")
    };
    let mut person = RoleModel::new(party.clone(), id.as_str().into(), code.as_str().into());
    let around = match condition {
        QueryCondition::Latest(d) | QueryCondition::AsOf(d) => d,
        QueryCondition::Range(from, _) => from,
    };
    person.name = "試験 太郎".into();
    person.name_kana = "シケン タロウ".into();
    person.birth_date = Date::new(around.year() - 40, 4, 1);
    person.sex = Some(Sex::Male);
    person.my_number = {
        let taken: foldhash::HashSet<&str> =
            p.role_models.iter().map(|r| r.my_number.as_str()).collect();
        let mut n =
            fnv(format!("my:{party}:{}", case.id).as_bytes()) % 90_000_000_000 + 10_000_000_000;
        loop {
            let candidate = crate::domain::model::codes::my_number_with_check(&n.to_string());
            if !taken.contains(candidate.as_str()) {
                break candidate.into();
            }
            n += 1;
        }
    };
    person.scenario_ids = vec![case.scenario.clone()];
    person.variation_ids = vec![case.variation.clone()];
    person.test_case_ids = vec![case.id.clone()];
    person.remarks = format!("{} のために作成（期待どおりの結果になる副本）", case.id);
    let memberships = memberships_for(p, case, &person, insurer, boundary)?;
    // A benefit record per provider and per benefit kind the case asks for, starting where its membership is
    // selected.
    let mut benefits = Vec::new();
    let index = ProjectIndex::new(p);
    let kinds: Vec<&str> = {
        let mut v: Vec<&str> = case
            .items
            .iter()
            .filter_map(|c| index.info_items.get(c.as_str()))
            .filter_map(|(pos, _)| index.item_layouts[*pos].benefit_kind)
            .collect();
        v.dedup();
        v
    };
    for kind in kinds {
        for m in &memberships {
            if !case.expected_providers.contains(&m.insurer) {
                continue;
            }
            let start = match condition {
                QueryCondition::Range(from, _) => m.acquired_on.max(from),
                _ => m.acquired_on,
            };
            benefits.push(BenefitRecord {
                id: 0,
                party: party.clone(),
                role_model: person.id.clone(),
                insurer: m.insurer.clone(),
                kind: kind.into(),
                start_date: start,
                amount: Some(100_000),
            });
        }
    }
    let mut named = case.clone();
    named.role_model = person.id.clone();
    let mut change = ChangeSet::default();
    change.entries.push(added(Entity::RoleModel(Box::new(person.clone()))));
    for m in &memberships {
        change.entries.push(added(Entity::Membership(m.clone())));
    }
    for b in &benefits {
        change.entries.push(added(Entity::Benefit(b.clone())));
    }
    change.entries.extend(changed(
        &Entity::TestCase(Box::new(case.clone())),
        Entity::TestCase(Box::new(named)),
    ));
    Ok(BuiltPerson { role_model: person, memberships, benefits, change })
}

/// The memberships a person needs for `case` to be served exactly as it expects.
fn memberships_for(
    p: &Project,
    case: &TestCase,
    person: &RoleModel,
    insurer: &InsurerNumber,
    boundary: Boundary,
) -> Result<Vec<Membership>, Message> {
    let condition = case
        .condition()
        .map_err(|_| Message::new("照会条件が不完全です", "the query condition is incomplete"))?;
    let only_range = || {
        Message::new(
            "「1日だけ重なる」は範囲指定の照会にだけ作れます",
            "a membership touching one day can only be built for a range query",
        )
    };
    let make = |x: &InsurerNumber, acquired: Date, lost: Option<Date>, n: usize| {
        let mut m = new_membership(p, person, x, &[]);
        m.link_number = free_link_number(p, &format!("{}{}{x}{n}", person.party, person.id));
        m.acquired_on = acquired;
        m.set_loss(lost);
        m.registered_at = DateTime::new(acquired.succ(), 9, 0, 0);
        m
    };
    let providers = &case.expected_providers;
    let no_match = case.expected_outcome == Some(Outcome::NoMatch) || providers.is_empty();
    Ok(match condition {
        QueryCondition::Latest(d) | QueryCondition::AsOf(d) => {
            if no_match {
                // A row acquired after the point: the partition has the person, the query finds nothing.
                return match boundary {
                    Boundary::TouchingOneDay => Err(only_range()),
                    _ => Ok(vec![make(insurer, d.succ(), None, 0)]),
                };
            }
            let x = &providers[0];
            match boundary {
                Boundary::Inside => vec![make(x, d.add_days(-365), None, 0)],
                Boundary::AcquiredOnPoint => vec![make(x, d, None, 0)],
                Boundary::LostOnPoint => vec![make(x, d.add_days(-365), Some(d), 0)],
                Boundary::TouchingOneDay => return Err(only_range()),
            }
        }
        QueryCondition::Range(from, to) => {
            if no_match {
                return Ok(vec![match boundary {
                    // Lost on the range's first day: the one boundary the range just misses.
                    Boundary::TouchingOneDay | Boundary::LostOnPoint => {
                        make(insurer, from.add_days(-365), Some(from), 0)
                    }
                    _ => make(insurer, to.succ(), None, 0),
                }]);
            }
            let k = providers.len();
            let span = (to.days_since_epoch() - from.days_since_epoch()).max(0);
            // Acquisition dates in order: the first before (or on) the range's start, the others inside it, each
            // lost when the next is acquired (a chain without overlaps) when the range has room for them.
            let first = match boundary {
                Boundary::AcquiredOnPoint => from,
                _ => from.add_days(-365),
            };
            let chain = span >= k as i64 - 1 && (k == 1 || span > 0);
            let mut acquired: Vec<Date> =
                vec![if chain { first } else { first.add_days(-(k as i64 - 1)) }];
            for i in 1..k {
                acquired.push(if chain {
                    from.add_days((span * i as i64 / k as i64).max(i as i64).min(span))
                } else {
                    // A range of one day: every membership acquired by its start, in order, all still held.
                    first.add_days(i as i64 - (k as i64 - 1))
                });
            }
            if boundary == Boundary::TouchingOneDay {
                if k == 1 {
                    acquired[0] = to;
                } else if chain {
                    acquired[k - 1] = to;
                }
            }
            let mut out = Vec::new();
            for (i, x) in providers.iter().enumerate() {
                let mut lost = if chain && i + 1 < k { Some(acquired[i + 1]) } else { None };
                if boundary == Boundary::LostOnPoint && i == 0 && (k == 1 || !chain) {
                    lost = Some(from.succ().max(acquired[0].succ()));
                }
                out.push(make(x, acquired[i], lost, i));
            }
            out
        }
    })
}
