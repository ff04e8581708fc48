//! The answers the simulated Fund builds for a query: each insurer partition's answer as structured elements
//! (the requested items in their groups, nulls with their ReasonOfNull), laid out once per test case from where
//! each item sits, and the merge of them. `exchange::xml` writes them as XML.

use serde::Serialize;

use crate::domain::date::{Date, DateTime};
use crate::domain::model::*;
use crate::domain::routing::index::{ProjectIndex, root_name};

/// ReasonOfNull for a requested value the data does not have (no record of that kind).
pub use crate::domain::model::NULL_NOT_APPLICABLE;
/// ReasonOfNull for an item the simulated replica cannot fill at all.
pub const NULL_NOT_AVAILABLE: &str = "NotAvailable";

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Element {
    /// Element name.
    pub name: String,
    /// What it holds.
    pub content: Content,
}

/// What an [`Element`] holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Content {
    /// A value.
    Text(String),
    /// No value: written empty with `ReasonOfNull` and `xsi:nil="true"`.
    Null(String),
    /// Child elements.
    Children(Vec<Element>),
}

impl Element {
    fn text(name: &str, value: impl Into<String>) -> Element {
        Element { name: name.to_string(), content: Content::Text(value.into()) }
    }

    fn null(name: &str, reason: &str) -> Element {
        Element { name: name.to_string(), content: Content::Null(reason.to_string()) }
    }

    fn parent(name: &str, children: Vec<Element>) -> Element {
        Element { name: name.to_string(), content: Content::Children(children) }
    }
}

/// One insurer partition's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InsurerAnswer {
    /// 保険者番号
    pub insurer: InsurerNumber,
    /// 保険者名称
    pub insurer_name: String,
    /// The info kind's element name (the answer's root).
    pub root: String,
    /// The repeated groups, in order.
    pub groups: Vec<Element>,
    /// Latest registration among this insurer's selected replicas.
    pub registered_at: Option<DateTime>,
    /// The replicas' version.
    pub version: String,
}

/// The merged answer the Fund returns, borrowed from the insurers' answers it concatenates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MergedAnswer<'s> {
    /// 中間サーバー登録日時: the latest registration among the merged replicas.
    pub registered_at: Option<DateTime>,
    /// 特定個人情報の版番号
    pub version: &'s str,
    /// The info kind's element name.
    pub root: &'s str,
    /// Every insurer's repeated groups, concatenated in routing order.
    pub groups: Vec<&'s Element>,
}

/// A requested item that came back null, and from whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NullItem {
    /// The insurer whose answer holds the null.
    pub insurer: InsurerNumber,
    /// The item.
    pub item: InfoItemCode,
    /// The ReasonOfNull written.
    pub reason_of_null: String,
    /// Whether the replica simply cannot fill this item (unknown to the simulated replica) rather than having
    /// no record of it.
    pub unfillable: bool,
}

/// The query an answer is built for: the test case, its complete condition, and how much to build.
#[derive(Debug, Clone, Copy)]
pub(super) struct Asked<'c> {
    /// The test case.
    pub case: &'c TestCase,
    /// Its condition.
    pub condition: QueryCondition,
    /// How much of the answer to build.
    pub detail: Detail,
}

/// A requested group of items: a repeated element (under an optional container) and its items.
struct GroupPlan<'p> {
    container: &'p [&'p str],
    element: &'p str,
    /// Benefit kind when the group is `給付情報/<kind>`.
    benefit_kind: Option<&'p str>,
    /// (item, path below the repeated element)
    items: Vec<(&'p InfoItem, &'p [&'p str])>,
}

/// How the requested items lay out in an answer, computed once per test case.
pub(super) struct AnswerPlan<'p> {
    root: &'p str,
    groups: Vec<GroupPlan<'p>>,
}

impl<'p> AnswerPlan<'p> {
    pub(super) fn new(index: &'p ProjectIndex, case: &'p TestCase) -> AnswerPlan<'p> {
        let root = index
            .info_kinds
            .get(case.info_kind.as_str())
            .map(|k| root_name(k))
            .unwrap_or(case.info_kind.as_str());
        let mut items: Vec<(usize, &InfoItem)> =
            case.items.iter().filter_map(|c| index.info_items.get(c.as_str()).copied()).collect();
        items.sort_by_key(|(pos, _)| *pos);
        items.dedup_by_key(|(pos, _)| *pos);
        let mut groups: Vec<GroupPlan> = Vec::new();
        for (pos, item) in items {
            let layout = &index.item_layouts[pos];
            match groups
                .iter_mut()
                .find(|g| g.container == layout.container.as_slice() && g.element == layout.element)
            {
                Some(g) => g.items.push((item, &layout.below)),
                None => groups.push(GroupPlan {
                    container: &layout.container,
                    element: layout.element,
                    benefit_kind: layout.benefit_kind,
                    items: vec![(item, &layout.below)],
                }),
            }
        }
        AnswerPlan { root, groups }
    }

    /// One insurer's answer to the query `asked`, from its selected memberships `own`. With
    /// [`Detail::Outcome`] the null items are found but no answer built.
    pub(super) fn insurer_answer<'v>(
        &self,
        index: &ProjectIndex<'v>,
        asked: Asked,
        insurer: &'v InsurerNumber,
        own: &[&'v Membership],
        nulls: &mut Vec<NullItem>,
    ) -> Option<InsurerAnswer> {
        let Asked { case, condition, detail } = asked;
        let build = detail == Detail::Full;
        let insurer_name = index
            .insurers
            .get(insurer.as_str())
            .map(|i| i.name.as_str())
            .unwrap_or(insurer.as_str());
        let benefits: &[usize] = index
            .benefits
            .get(&(case.party.as_str(), case.role_model.as_str(), insurer.as_str()))
            .unwrap_or_default();
        let mut out: Vec<Element> = Vec::new();
        let mut open_container: Option<(&[&str], Vec<Element>)> = None;
        for g in &self.groups {
            let mut repeated = Vec::new();
            // One repeated element per membership, per benefit record, or (no record of that kind) one of nulls.
            let mut one = |value_of: &dyn Fn(&str) -> Value<'v>| {
                let mut children = Vec::new();
                for (item, below) in &g.items {
                    let leaf = below.last().copied().unwrap_or("");
                    let value = value_of(leaf);
                    if let Some((reason, unfillable)) = value.null_reason() {
                        nulls.push(NullItem {
                            insurer: insurer.clone(),
                            item: item.code.clone(),
                            reason_of_null: reason.to_string(),
                            unfillable,
                        });
                    }
                    if build {
                        children.push(nest(below, &item.code, value));
                    }
                }
                if build {
                    repeated.push(Element::parent(g.element, children));
                }
            };
            match g.benefit_kind {
                None => {
                    for m in own {
                        one(&|leaf| membership_value(m, insurer_name, leaf));
                    }
                }
                Some(kind) => {
                    let records =
                        select_benefits(&index.project.benefits, benefits, kind, condition);
                    if records.is_empty() {
                        one(&|_| Value::Null(NULL_NOT_APPLICABLE));
                    }
                    for r in records {
                        one(&|leaf| benefit_value(r, leaf));
                    }
                }
            }
            if !build {
                continue;
            }
            // Groups under the same container share one container element (one 給付情報 per insurer).
            match &mut open_container {
                Some((c, kids)) if *c == g.container => kids.extend(repeated),
                _ => {
                    if let Some((c, kids)) = open_container.take() {
                        out.push(wrap(c, kids));
                    }
                    if g.container.is_empty() {
                        out.extend(repeated);
                    } else {
                        open_container = Some((g.container, repeated));
                    }
                }
            }
        }
        if let Some((c, kids)) = open_container.take() {
            out.push(wrap(c, kids));
        }
        build.then(|| InsurerAnswer {
            insurer: insurer.clone(),
            insurer_name: insurer_name.to_string(),
            root: self.root.to_string(),
            groups: out,
            registered_at: own.iter().filter_map(|m| m.registered_at).max(),
            version: own
                .iter()
                .map(|m| m.version.as_str())
                .find(|v| !v.is_empty())
                .unwrap_or("")
                .to_string(),
        })
    }
}

/// How much of an answer to build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// Everything: the answers' element trees too (what a user sees, what XML is written from).
    Full,
    /// Outcome, providers, trace and null items only: what the checks need, without building the answers.
    Outcome,
}

/// A requested item's value, worded only when an answer is built.
enum Value<'v> {
    Str(&'v str),
    Date(Date),
    Amount(i64),
    Null(&'static str),
    Reason(&'v str),
    Unfillable,
}

impl Value<'_> {
    /// The ReasonOfNull written for a null, and whether the replica cannot fill the item at all.
    fn null_reason(&self) -> Option<(&str, bool)> {
        match self {
            Value::Null(r) => Some((r, false)),
            Value::Reason(r) => Some((r, false)),
            Value::Unfillable => Some((NULL_NOT_AVAILABLE, true)),
            _ => None,
        }
    }
}

fn membership_value<'v>(m: &'v Membership, insurer_name: &'v str, leaf: &str) -> Value<'v> {
    let text_or_null = |s: &'v str| {
        if s.is_empty() { Value::Null(NULL_NOT_APPLICABLE) } else { Value::Str(s) }
    };
    match leaf {
        "保険者番号" => Value::Str(m.insurer.as_str()),
        "保険者名称" => Value::Str(insurer_name),
        "資格取得日" => Value::Date(m.acquired_on),
        "資格喪失日" => match m.lost_on {
            Some(d) => Value::Date(d),
            None if m.lost_on_reason_of_null.is_empty() => Value::Null(NULL_NOT_APPLICABLE),
            None => Value::Reason(&m.lost_on_reason_of_null),
        },
        "被保険者枝番" => text_or_null(&m.member_branch),
        "紐付番号" => text_or_null(&m.link_number),
        _ => Value::Unfillable,
    }
}

fn benefit_value<'v>(r: &'v BenefitRecord, leaf: &str) -> Value<'v> {
    match leaf {
        "支給開始日" => Value::Date(r.start_date),
        "支給額" => match r.amount {
            Some(a) => Value::Amount(a),
            None => Value::Null(NULL_NOT_APPLICABLE),
        },
        "給付種別" => Value::Str(&r.kind),
        _ => Value::Unfillable,
    }
}

/// The records of one kind a condition selects, from `records` (positions in `all`).
fn select_benefits<'b>(
    all: &'b [BenefitRecord],
    records: &[usize],
    kind: &str,
    condition: QueryCondition,
) -> Vec<&'b BenefitRecord> {
    let mut of_kind: Vec<&BenefitRecord> =
        records.iter().map(|&i| &all[i]).filter(|r| r.kind == kind).collect();
    of_kind.sort_by_key(|r| (r.start_date, r.id));
    match condition {
        QueryCondition::Range(from, to) => {
            of_kind.retain(|r| r.start_date >= from && r.start_date <= to);
            of_kind
        }
        QueryCondition::Latest(d) | QueryCondition::AsOf(d) => {
            of_kind.into_iter().rfind(|r| r.start_date <= d).into_iter().collect()
        }
    }
}

/// The element of one item: its leaf under the path below the repeated element.
fn nest(below: &[&str], code: &InfoItemCode, value: Value) -> Element {
    let leaf_name = below.last().copied().unwrap_or(code.as_str());
    let leaf = match value {
        Value::Str(t) => Element::text(leaf_name, t),
        Value::Date(d) => Element::text(leaf_name, d.to_string()),
        Value::Amount(a) => Element::text(leaf_name, a.to_string()),
        Value::Null(r) | Value::Reason(r) => Element::null(leaf_name, r),
        Value::Unfillable => Element::null(leaf_name, NULL_NOT_AVAILABLE),
    };
    below[..below.len().saturating_sub(1)]
        .iter()
        .rev()
        .fold(leaf, |inner, name| Element::parent(name, vec![inner]))
}

fn wrap(container: &[&str], kids: Vec<Element>) -> Element {
    let mut it = container.iter().rev();
    let innermost = it.next().copied().unwrap_or("");
    let first = Element::parent(innermost, kids);
    it.fold(first, |inner, name| Element::parent(name, vec![inner]))
}
