//! Whether the replica data serves a valid test case as it expects, and when not, the concrete change of a
//! membership or of the condition that brings the expected insurer in; and the items that come back null.

use super::finding::{CheckFinding, Sink};
use super::fix::Fix;
use crate::domain::date::Date;
use crate::domain::model::check_rule::CheckRule;
use crate::domain::model::field::Field;
use crate::domain::model::kinds::{EntityKind, Severity};
use crate::domain::model::message::Message;
use crate::domain::model::*;
use crate::domain::routing::ProjectIndex;
use crate::domain::routing::{Simulation, compare};

fn name_of(index: &ProjectIndex, n: &InsurerNumber) -> String {
    format!("{} ({})", index.insurer_name(n.as_str()), n)
}

pub(super) fn feasibility(
    index: &ProjectIndex,
    case: &TestCase,
    sim: &Simulation,
    out: &mut Vec<CheckFinding>,
) {
    let key = case.id.as_str();
    let tc = EntityKind::TestCase;
    let mut s = Sink::of(out, case.party.as_str());
    if sim.outcome == Outcome::Error {
        let reason = sim.reason.clone().unwrap_or_else(|| Message::new("", ""));
        s.add(
            CheckRule::ReplicaVersionMismatch,
            Severity::Error,
            (tc, key, Some(Field::ReplicaDetails)),
            Message::new(
                format!("この照会は処理できません: {}", reason.ja),
                format!("the case cannot be served: {}", reason.en),
            ),
        );
        return;
    }
    let cmp = compare(case, sim);
    if !cmp.matches {
        let diffs = Message::join(&cmp.differences);
        let field = if case.expected_outcome.is_some_and(|o| o != sim.outcome) {
            Field::ExpectedOutcome
        } else {
            Field::ExpectedProviders
        };
        let f = s.add(
            CheckRule::FeasibilityMismatch,
            Severity::Error,
            (tc, key, Some(field)),
            Message::new(
                format!("副本データでは期待どおりになりません: {}", diffs.ja),
                format!("the replica data does not give the expected result: {}", diffs.en),
            ),
        );
        if let Some((suggestion, fix)) = suggest_for_mismatch(index, case, sim) {
            f.suggest(suggestion, Some(fix));
        } else {
            let providers: Vec<&str> = sim.providers.iter().map(|x| x.as_str()).collect();
            f.suggest(
                Message::new(
                    format!(
                        "期待する処理結果を {}、期待する提供保険者を {} に変更する",
                        sim.outcome.label_ja(),
                        providers.join(",")
                    ),
                    format!(
                        "change the expectation to {} from {}",
                        sim.outcome.label_ja(),
                        providers.join(",")
                    ),
                ),
                Some(Fix::Expected {
                    test_case: case.key(),
                    outcome: sim.outcome,
                    providers: sim.providers.clone(),
                }),
            );
        }
    }
    let unfillable: Vec<String> = sim
        .null_items
        .iter()
        .filter(|n| n.unfillable)
        .map(|n| format!("{}@{}", n.item, n.insurer))
        .collect();
    if !unfillable.is_empty() {
        s.add(
            CheckRule::ItemsUnfillable,
            Severity::Warning,
            (tc, key, Some(Field::Items)),
            Message::new(
                format!(
                    "副本では埋められない項目があり、空値（NotAvailable）で返ります: {}",
                    unfillable.join(", ")
                ),
                format!(
                    "items the replicas cannot fill come back null (NotAvailable): {}",
                    unfillable.join(", ")
                ),
            ),
        );
    }
    let mut no_record: Vec<String> = Vec::new();
    for n in sim.null_items.iter().filter(|n| !n.unfillable) {
        // An open membership's empty loss date is expected data, not a gap.
        let item_leaf = index
            .info_items
            .get(n.item.as_str())
            .map(|(_, i)| i.xml_path.ends_with("資格喪失日"))
            .unwrap_or(false);
        if !item_leaf {
            let s = format!("{}@{}", n.item, n.insurer);
            if !no_record.contains(&s) {
                no_record.push(s);
            }
        }
    }
    if !no_record.is_empty() {
        s.add(
            CheckRule::ItemsNull,
            Severity::Info,
            (tc, key, Some(Field::Items)),
            Message::new(
                format!("該当する副本データがなく空値で返る項目: {}", no_record.join(", ")),
                format!("items with no replica data come back null: {}", no_record.join(", ")),
            ),
        );
    }
    registered_at_missing(index, sim, &mut s, key);
}

/// An answer's 管理情報 carries the latest 中間サーバー登録日時 of the memberships it is made from: when none of
/// them has one, the answer says NotAvailable there, which the case does not ask for.
fn registered_at_missing(index: &ProjectIndex, sim: &Simulation, s: &mut Sink, key: &str) {
    let p = index.project;
    let taken: Vec<&Membership> = sim
        .trace
        .iter()
        .filter(|t| t.taken)
        .filter_map(|t| p.memberships.get(t.membership))
        .collect();
    if sim.outcome != Outcome::NormalEnd
        || taken.is_empty()
        || taken.iter().any(|m| m.registered_at.is_some())
    {
        return;
    }
    let rows: Vec<String> = taken.iter().map(|m| m.key()).collect();
    s.add(
        CheckRule::RegisteredAtMissing,
        Severity::Warning,
        // At the person the case names: its memberships lack the time.
        (EntityKind::TestCase, key, Some(Field::RoleModelId)),
        Message::new(
            format!(
                "回答に使う加入歴に中間サーバー登録日時がなく、管理情報の中間サーバー登録日時が空値（NotAvailable）で返ります: {}",
                rows.join(", ")
            ),
            format!(
                "no membership the answer is made from has a registration time: the answer's management block says NotAvailable for it: {}",
                rows.join(", ")
            ),
        ),
    );
}

/// For a missing expected provider, the concrete change of a membership or of the condition that brings it in.
fn suggest_for_mismatch(
    index: &ProjectIndex,
    case: &TestCase,
    sim: &Simulation,
) -> Option<(Message, Fix)> {
    let condition = case.condition().ok()?;
    let person = index.role_model_of(case)?;
    let missing = case.expected_providers.iter().find(|x| !sim.providers.contains(x))?;
    let lacking = Lacking {
        case,
        insurer: missing,
        name: name_of(index, missing),
        memberships: index.memberships_of(person).collect(),
    };
    match condition {
        QueryCondition::Range(from, to) => lacking.for_range(from, to),
        QueryCondition::Latest(d) | QueryCondition::AsOf(d) => lacking.for_point(d),
    }
}

/// An expected provider the simulated query did not reach, with the person's memberships.
struct Lacking<'p> {
    case: &'p TestCase,
    insurer: &'p InsurerNumber,
    /// The insurer's name, for the message.
    name: String,
    /// All of the person's memberships.
    memberships: Vec<&'p Membership>,
}

impl Lacking<'_> {
    /// The person's memberships of the lacking insurer.
    fn own(&self) -> impl Iterator<Item = &&Membership> {
        self.memberships.iter().filter(|m| &m.insurer == self.insurer)
    }

    /// Start the insurer's membership by `date`.
    fn start_by(&self, m: &Membership, date: Date) -> (Message, Fix) {
        let name = &self.name;
        (
            Message::new(
                format!("{name} の加入歴を {date} 以前から開始する（資格取得日を {date} にする）"),
                format!(
                    "start {name}'s membership on or before {date} (set its acquisition date to {date})"
                ),
            ),
            Fix::MembershipAcquiredOn { membership: m.id, date },
        )
    }

    /// Move a point query's date (照会日 for 既定, 照会条件開始日 for 時点指定) to `date`.
    fn query_on(&self, date: Date) -> (Message, Fix) {
        let field = if self.case.condition_kind == ConditionKind::Latest {
            "照会日"
        } else {
            "照会条件開始日"
        };
        (
            Message::new(
                format!("{field}を {date} に変更する"),
                format!("change the query's date ({field}) to {date}"),
            ),
            Fix::ConditionPoint { test_case: self.case.key(), date },
        )
    }

    /// A range query: the insurer's nearest membership lies after or before the range. Widen the range when the
    /// insurer is not the last (or first) expected, else move the membership.
    fn for_range(&self, from: Date, to: Date) -> Option<(Message, Fix)> {
        let expected = &self.case.expected_providers;
        let name = &self.name;
        let id = self.case.key();
        if let Some(m) = self.own().filter(|m| m.acquired_on > to).min_by_key(|m| m.acquired_on) {
            return Some(if expected.last() == Some(self.insurer) {
                self.start_by(m, to)
            } else {
                (
                    Message::new(
                        format!("照会条件終了日を {} に変更する", m.acquired_on),
                        format!("change the range end to {}", m.acquired_on),
                    ),
                    Fix::ConditionEnd { test_case: id, date: m.acquired_on },
                )
            });
        }
        let m = self
            .own()
            .filter(|m| m.lost_on.is_some_and(|l| l <= from))
            .max_by_key(|m| m.lost_on)?;
        let lost = m.lost_on?;
        Some(if expected.first() == Some(self.insurer) {
            (
                Message::new(
                    format!("照会条件開始日を {} に変更する", lost.pred()),
                    format!("change the range start to {}", lost.pred()),
                ),
                Fix::ConditionStart { test_case: id, date: lost.pred() },
            )
        } else {
            (
                Message::new(
                    format!("{name} の加入歴の資格喪失日を {} にする", from.succ()),
                    format!("set {name}'s loss date to {}", from.succ()),
                ),
                Fix::MembershipLostOn { membership: m.id, date: from.succ() },
            )
        })
    }

    /// A point query (既定 or 時点指定) on `d`, expecting this one insurer.
    fn for_point(&self, d: Date) -> Option<(Message, Fix)> {
        if self.case.expected_providers.len() != 1 {
            return None;
        }
        // Acquired after d: move the date to its acquisition, or start it by d.
        if let Some(m) = self.own().filter(|m| m.acquired_on > d).min_by_key(|m| m.acquired_on) {
            let later_others = self.memberships.iter().any(|o| {
                o.insurer != *self.insurer && o.acquired_on > d && o.acquired_on <= m.acquired_on
            });
            return Some(if later_others {
                self.start_by(m, d)
            } else {
                self.query_on(m.acquired_on)
            });
        }
        // Acquired by d but superseded: query the day before the next acquisition.
        let m = self.own().filter(|m| m.acquired_on <= d).max_by_key(|m| m.acquired_on)?;
        let next = self
            .memberships
            .iter()
            .filter(|o| o.acquired_on > m.acquired_on)
            .map(|o| o.acquired_on)
            .min()?;
        Some(self.query_on(next.pred()))
    }
}
