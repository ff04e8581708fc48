//! The Fund's intermediate server, simulated: validate a query, route it through the unified partition to the
//! insurer partitions its condition selects, build each insurer's answer and merge them (BRIEF.md §1–2).
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

use foldhash::{HashMap, HashMapExt};

use serde::Serialize;

use super::date::{Date, DateTime};
use super::message::Message;
use super::model::*;
use super::xml_name::{first_unportable_step, is_portable_name, offending_chars};

/// ReasonOfNull for a requested value the data does not have (no record of that kind).
pub const NULL_NOT_APPLICABLE: &str = "NotApplicable";
/// ReasonOfNull for an item the simulated replica cannot fill at all.
pub const NULL_NOT_AVAILABLE: &str = "NotAvailable";

/// Lookups over a project, built once and shared by every simulation and check.
pub struct ProjectIndex<'a> {
    /// The project.
    pub project: &'a Project,
    /// Insurers by number.
    pub insurers: HashMap<&'a str, &'a Insurer>,
    /// Institutions by code.
    pub institutions: HashMap<&'a str, &'a Institution>,
    /// Affairs by code.
    pub affairs: HashMap<&'a str, &'a Affair>,
    /// Procedures by code.
    pub procedures: HashMap<&'a str, &'a Procedure>,
    /// Info kinds by code.
    pub info_kinds: HashMap<&'a str, &'a InfoKind>,
    /// Info items by code, with their position in the master (the order answers follow).
    pub info_items: HashMap<&'a str, (usize, &'a InfoItem)>,
    /// Each info item's place in an answer, by position in the master.
    pub item_layouts: Vec<ItemLayout<'a>>,
    /// Role models by id.
    pub role_models: HashMap<&'a str, &'a RoleModel>,
    /// Variations by id.
    pub variations: HashMap<&'a str, &'a Variation>,
    /// The Fund (the first institution of kind 基金).
    pub fund: Option<&'a Institution>,
    /// The unified partition: person code → memberships (indices into `project.memberships`).
    pub partition: HashMap<&'a str, Vec<usize>>,
    /// Info kinds whose answer root is not a portable XML name, by code.
    pub unportable_kinds: HashMap<&'a str, UnportableName<'a>>,
    /// Info items whose place in an answer holds a name that is not portable, by code.
    pub unportable_items: HashMap<&'a str, UnportableName<'a>>,
    /// Benefit records by (role model, insurer) (indices into `project.benefits`).
    pub benefits: HashMap<(&'a str, &'a str), Vec<usize>>,
}

/// The part of a project that one test case's simulation reads: every master, the scenarios and variations, the
/// case itself, and the people who share its person's 機関別符号 with their memberships and benefit records. A
/// simulation of the case in this part equals its simulation in the whole project (membership and benefit
/// positions aside), while building its index costs nothing like indexing 100,000 people (the simulation view).
pub fn project_for_case(p: &Project, case: &TestCase) -> Project {
    let person = p
        .role_models
        .iter()
        .find(|r| r.id == case.role_model)
        .map(|r| r.person_code.clone());
    let people: Vec<RoleModel> = match &person {
        Some(code) => p
            .role_models
            .iter()
            .filter(|r| &r.person_code == code)
            .cloned()
            .collect(),
        None => Vec::new(),
    };
    let theirs = |id: &RoleModelId| people.iter().any(|r| &r.id == id);
    Project {
        name: p.name.clone(),
        institutions: p.institutions.clone(),
        insurers: p.insurers.clone(),
        affairs: p.affairs.clone(),
        procedures: p.procedures.clone(),
        info_kinds: p.info_kinds.clone(),
        info_items: p.info_items.clone(),
        scenarios: p.scenarios.clone(),
        variations: p.variations.clone(),
        test_cases: vec![case.clone()],
        memberships: p
            .memberships
            .iter()
            .filter(|m| theirs(&m.role_model))
            .cloned()
            .collect(),
        benefits: p
            .benefits
            .iter()
            .filter(|b| theirs(&b.role_model))
            .cloned()
            .collect(),
        role_models: people,
    }
}

/// The element name an info kind's answers are rooted in: its XMLパス, or its name when that is empty.
pub fn root_name(kind: &InfoKind) -> &str {
    if kind.xml_root.is_empty() {
        kind.name.as_str()
    } else {
        kind.xml_root.as_str()
    }
}

/// A name the code master gives an answer's element that not every XML parser reads (see
/// [`crate::domain::xml_name`]): the answer cannot be written, and the check asks for a portable name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnportableName<'a> {
    /// The info kind's or item's code.
    pub code: &'a str,
    /// Whether the code is an info kind (else an item).
    pub info_kind: bool,
    /// The code sheet's column the name comes from: `XMLパス` or `繰返し`.
    pub field: &'static str,
    /// That column's value (the name or code used in its place when it is empty).
    pub path: &'a str,
    /// The step of the path that is not portable.
    pub step: &'a str,
}

impl<'a> UnportableName<'a> {
    fn of_kind(kind: &'a InfoKind) -> Option<UnportableName<'a>> {
        let root = root_name(kind);
        (!is_portable_name(root)).then_some(UnportableName {
            code: kind.code.as_str(),
            info_kind: true,
            field: "XMLパス",
            path: root,
            step: root,
        })
    }

    fn of_item(item: &'a InfoItem) -> Option<UnportableName<'a>> {
        let named = |field, path: &'a str| {
            first_unportable_step(path).map(|step| UnportableName {
                code: item.code.as_str(),
                info_kind: false,
                field,
                path,
                step,
            })
        };
        named("XMLパス", &item.xml_path)
            .or_else(|| named("繰返し", &item.repeated_group))
            // An item without a path is placed under its code.
            .or_else(|| {
                (item.xml_path.split('/').all(str::is_empty)
                    && !is_portable_name(item.code.as_str()))
                .then(|| named("XMLパス", item.code.as_str()))
                .flatten()
            })
    }

    /// What is wrong, in words: which code, which column, which step and which characters.
    pub fn message(&self) -> Message {
        let chars: String = offending_chars(self.step).into_iter().collect();
        let (what_ja, what_en) = if self.info_kind {
            ("特定個人情報名", "info kind")
        } else {
            ("項目", "item")
        };
        Message::new(
            format!(
                "{what_ja} {} の{}「{}」の要素名「{}」は、どのXMLパーサーでも読める名前ではありません（「{chars}」は XML 1.0 第4版の名前に使えないか、名前の先頭に置けません）",
                self.code, self.field, self.path, self.step
            ),
            format!(
                "{what_en} {}: the element name \"{}\" in its {} \"{}\" is not a name every XML parser reads (\"{chars}\" is not allowed, or not at a name's start, under XML 1.0 fourth edition)",
                self.code, self.step, self.field, self.path
            ),
        )
    }
}

impl<'a> ProjectIndex<'a> {
    /// Build the lookups (linear in the project's size).
    pub fn new(project: &'a Project) -> ProjectIndex<'a> {
        let role_models: HashMap<&str, &RoleModel> = project
            .role_models
            .iter()
            .map(|r| (r.id.as_str(), r))
            .collect();
        let mut partition: HashMap<&str, Vec<usize>> =
            HashMap::with_capacity(project.role_models.len());
        for (i, m) in project.memberships.iter().enumerate() {
            if let Some(rm) = role_models.get(m.role_model.as_str()) {
                partition
                    .entry(rm.person_code.as_str())
                    .or_default()
                    .push(i);
            }
        }
        let mut benefits: HashMap<(&str, &str), Vec<usize>> =
            HashMap::with_capacity(project.benefits.len());
        for (i, b) in project.benefits.iter().enumerate() {
            benefits
                .entry((b.role_model.as_str(), b.insurer.as_str()))
                .or_default()
                .push(i);
        }
        ProjectIndex {
            project,
            insurers: project
                .insurers
                .iter()
                .map(|x| (x.number.as_str(), x))
                .collect(),
            institutions: project
                .institutions
                .iter()
                .map(|x| (x.code.as_str(), x))
                .collect(),
            affairs: project
                .affairs
                .iter()
                .map(|x| (x.code.as_str(), x))
                .collect(),
            procedures: project
                .procedures
                .iter()
                .map(|x| (x.code.as_str(), x))
                .collect(),
            info_kinds: project
                .info_kinds
                .iter()
                .map(|x| (x.code.as_str(), x))
                .collect(),
            info_items: project
                .info_items
                .iter()
                .enumerate()
                .map(|(i, x)| (x.code.as_str(), (i, x)))
                .collect(),
            item_layouts: project.info_items.iter().map(ItemLayout::of).collect(),
            unportable_kinds: project
                .info_kinds
                .iter()
                .filter_map(|k| UnportableName::of_kind(k).map(|u| (k.code.as_str(), u)))
                .collect(),
            unportable_items: project
                .info_items
                .iter()
                .filter_map(|i| UnportableName::of_item(i).map(|u| (i.code.as_str(), u)))
                .collect(),
            role_models,
            variations: project
                .variations
                .iter()
                .map(|x| (x.id.as_str(), x))
                .collect(),
            fund: project.fund(),
            partition,
            benefits,
        }
    }

    /// The insurer's name, or its number when it is not defined.
    pub fn insurer_name(&self, number: &str) -> String {
        self.insurers
            .get(number)
            .map(|i| i.name.clone())
            .unwrap_or_else(|| number.to_string())
    }

    /// The memberships of a person code (the unified partition's rows).
    pub fn memberships_of(
        &self,
        person_code: &str,
    ) -> impl Iterator<Item = &'a Membership> + use<'a, '_> {
        let all = &self.project.memberships;
        self.partition
            .get(person_code)
            .into_iter()
            .flatten()
            .map(move |&i| &all[i])
    }
}

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
                    format!(
                        "{d} 以前で最も新しい資格取得日（{}）{}",
                        m.acquired_on, lost_note.ja
                    ),
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
                    format!(
                        "より新しい加入歴（{name} の資格取得日 {}）がある",
                        c.acquired_on
                    ),
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
                let until = m
                    .lost_on
                    .map(|l| l.to_string())
                    .unwrap_or_else(|| "…".into());
                Message::new(
                    format!("期間 {from}～{to} と重なる（{}～{until}）", m.acquired_on),
                    format!(
                        "overlaps the range {from} to {to} ({} to {until})",
                        m.acquired_on
                    ),
                )
            }
        }
    }
}

/// A node of an answer: an element with text, a null, or children.
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
        Element {
            name: name.to_string(),
            content: Content::Text(value.into()),
        }
    }

    fn null(name: &str, reason: &str) -> Element {
        Element {
            name: name.to_string(),
            content: Content::Null(reason.to_string()),
        }
    }

    fn parent(name: &str, children: Vec<Element>) -> Element {
        Element {
            name: name.to_string(),
            content: Content::Children(children),
        }
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

/// Everything the simulated Fund answers for one test case: the answer envelope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Simulation {
    /// The test case.
    pub test_case: TestCaseId,
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
    let mut h: u64 = 0xcbf29ce484222325;
    for b in id.as_str().bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("{:016}", h % 10_000_000_000_000_000)
}

/// Why a query is refused before routing (each an エラー outcome).
pub fn validate_query(index: &ProjectIndex, case: &TestCase) -> Vec<Message> {
    let mut errors = Vec::new();
    match index.fund {
        None => errors.push(Message::new(
            "基金（種別が基金の機関）が定義されていません",
            "the Fund (an institution of kind 基金) is not defined",
        )),
        Some(fund) if fund.code != case.provider => errors.push(Message::new(
            format!(
                "照会先機関コード {} は基金（{}）ではありません。医療保険者等の情報は基金に照会します",
                case.provider, fund.code
            ),
            format!(
                "provider {} is not the Fund ({}): insurer-held information is queried from the Fund",
                case.provider, fund.code
            ),
        )),
        Some(_) => {}
    }
    match index.procedures.get(case.procedure.as_str()) {
        None => errors.push(Message::new(
            format!("事務手続コード {} はコードにありません", case.procedure),
            format!("procedure {} is not in the code master", case.procedure),
        )),
        Some(p) if p.affair != case.affair => errors.push(Message::new(
            format!(
                "事務手続 {} は事務 {} のものではありません（{} の事務手続）",
                case.procedure, case.affair, p.affair
            ),
            format!(
                "procedure {} does not belong to affair {} (it belongs to {})",
                case.procedure, case.affair, p.affair
            ),
        )),
        Some(_) => {}
    }
    if !index.affairs.contains_key(case.affair.as_str()) {
        errors.push(Message::new(
            format!("事務コード {} はコードにありません", case.affair),
            format!("affair {} is not in the code master", case.affair),
        ));
    }
    if !index.info_kinds.contains_key(case.info_kind.as_str()) {
        errors.push(Message::new(
            format!(
                "特定個人情報名コード {} はコードにありません",
                case.info_kind
            ),
            format!("info kind {} is not in the code master", case.info_kind),
        ));
    }
    if case.items.is_empty() {
        errors.push(Message::new(
            "項目が指定されていません",
            "no item is requested",
        ));
    }
    for item in &case.items {
        match index.info_items.get(item.as_str()) {
            None => errors.push(Message::new(
                format!("項目コード {item} はコードにありません"),
                format!("item {item} is not in the code master"),
            )),
            Some((_, i)) if i.info_kind != case.info_kind => errors.push(Message::new(
                format!(
                    "項目 {item} は特定個人情報名 {} のものではありません（{} の項目）",
                    case.info_kind, i.info_kind
                ),
                format!(
                    "item {item} does not belong to info kind {} (it belongs to {})",
                    case.info_kind, i.info_kind
                ),
            )),
            Some(_) => {}
        }
    }
    // The answer's element names come from the code master: a name not every parser reads cannot be written.
    if let Some(bad) = index.unportable_kinds.get(case.info_kind.as_str()) {
        errors.push(bad.message());
    }
    for item in &case.items {
        if let Some(bad) = index.unportable_items.get(item.as_str()) {
            errors.push(bad.message());
        }
    }
    if let Err(e) = case.condition() {
        let (ja, en) = e
            .to_string()
            .split_once(" / ")
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .unwrap_or_default();
        errors.push(Message::new(ja, en));
    }
    if !index.role_models.contains_key(case.role_model.as_str()) {
        errors.push(Message::new(
            format!("ロールモデル {} は定義されていません", case.role_model),
            format!("role model {} is not defined", case.role_model),
        ));
    }
    errors
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
    let entry = |i: usize, taken: bool, why: TraceReason| TraceEntry {
        membership: i,
        taken,
        why,
    };
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
    let (Some(condition), Some(person)) = (
        sim.condition,
        index.role_models.get(case.role_model.as_str()),
    ) else {
        return sim; // unreachable: validation covers both
    };
    let memberships: &[usize] = index
        .partition
        .get(person.person_code.as_str())
        .map(Vec::as_slice)
        .unwrap_or_default();
    if memberships.is_empty() {
        sim.outcome = Outcome::NoMatch;
        sim.reason = Some(Message::new(
            format!("機関別符号 {} は統一区画にありません", person.person_code),
            format!(
                "person code {} has no row in the unified partition",
                person.person_code
            ),
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
            format!(
                "版番号の異なる副本（{}）は併合できません",
                versions.join(" と ")
            ),
            format!(
                "replicas of different versions ({}) cannot be merged",
                versions.join(" and ")
            ),
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
        own.extend(
            selected
                .iter()
                .map(|&i| &all[i])
                .filter(|m| &m.insurer == insurer),
        );
        let answer = plan.insurer_answer(
            index,
            case,
            insurer,
            &own,
            condition,
            detail,
            &mut sim.null_items,
        );
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
        version: answers
            .iter()
            .map(|a| a.version.as_str())
            .find(|v| !v.is_empty())
            .unwrap_or(""),
        root: answers.first().map(|a| a.root.as_str()).unwrap_or(""),
        groups: answers.iter().flat_map(|a| a.groups.iter()).collect(),
    }
}

/// Where an item sits in an answer: the repeated element (under an optional container) and the path below it.
/// Worked out once per item when the index is built, not per test case.
#[derive(Debug, Clone)]
pub struct ItemLayout<'a> {
    /// Elements around the repeated element (e.g. `給付情報`), outermost first.
    pub container: Vec<&'a str>,
    /// The repeated element.
    pub element: &'a str,
    /// The path from the repeated element down to the item's own element.
    pub below: Vec<&'a str>,
    /// Benefit kind when the group is `給付情報/<kind>`.
    pub benefit_kind: Option<&'a str>,
}

impl<'a> ItemLayout<'a> {
    fn of(item: &'a InfoItem) -> ItemLayout<'a> {
        let path: Vec<&str> = item.xml_path.split('/').filter(|s| !s.is_empty()).collect();
        let group_path: Vec<&str> = if item.repeated_group.is_empty() {
            path[..path.len().saturating_sub(1)].to_vec()
        } else {
            item.repeated_group
                .split('/')
                .filter(|s| !s.is_empty())
                .collect()
        };
        let below: Vec<&str> = if path.starts_with(&group_path) && path.len() > group_path.len() {
            path[group_path.len()..].to_vec()
        } else {
            path.last()
                .map(|l| vec![*l])
                .unwrap_or_else(|| vec![item.code.as_str()])
        };
        let (container, element) = match group_path.split_last() {
            Some((last, rest)) => (rest.to_vec(), *last),
            None => (Vec::new(), item.code.as_str()),
        };
        let benefit_kind = (container.first() == Some(&"給付情報")).then_some(element);
        ItemLayout {
            container,
            element,
            below,
            benefit_kind,
        }
    }
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
struct AnswerPlan<'p> {
    root: &'p str,
    groups: Vec<GroupPlan<'p>>,
}

impl<'p> AnswerPlan<'p> {
    fn new(index: &'p ProjectIndex, case: &'p TestCase) -> AnswerPlan<'p> {
        let root = index
            .info_kinds
            .get(case.info_kind.as_str())
            .map(|k| root_name(k))
            .unwrap_or(case.info_kind.as_str());
        let mut items: Vec<(usize, &InfoItem)> = case
            .items
            .iter()
            .filter_map(|c| index.info_items.get(c.as_str()).copied())
            .collect();
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

    /// One insurer's answer. With `detail` = [`Detail::Outcome`] the null items are found but no answer built.
    #[allow(clippy::too_many_arguments)]
    fn insurer_answer<'v>(
        &self,
        index: &ProjectIndex<'v>,
        case: &TestCase,
        insurer: &'v InsurerNumber,
        own: &[&'v Membership],
        condition: QueryCondition,
        detail: Detail,
        nulls: &mut Vec<NullItem>,
    ) -> Option<InsurerAnswer> {
        let build = detail == Detail::Full;
        let insurer_name = index
            .insurers
            .get(insurer.as_str())
            .map(|i| i.name.as_str())
            .unwrap_or(insurer.as_str());
        let benefits: &[usize] = index
            .benefits
            .get(&(case.role_model.as_str(), insurer.as_str()))
            .map(Vec::as_slice)
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
        if s.is_empty() {
            Value::Null(NULL_NOT_APPLICABLE)
        } else {
            Value::Str(s)
        }
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
    let mut of_kind: Vec<&BenefitRecord> = records
        .iter()
        .map(|&i| &all[i])
        .filter(|r| r.kind == kind)
        .collect();
    of_kind.sort_by_key(|r| (r.start_date, r.id));
    match condition {
        QueryCondition::Range(from, to) => {
            of_kind.retain(|r| r.start_date >= from && r.start_date <= to);
            of_kind
        }
        QueryCondition::Latest(d) | QueryCondition::AsOf(d) => of_kind
            .into_iter()
            .rfind(|r| r.start_date <= d)
            .into_iter()
            .collect(),
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

/// Expected vs actual for one test case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comparison {
    /// True when what the case expects is what the simulation gives (or the case expects nothing).
    pub matches: bool,
    /// Each difference, spelled out.
    pub differences: Vec<Message>,
}

/// Compare a test case's expected outcome and providers with a simulation.
pub fn compare(case: &TestCase, sim: &Simulation) -> Comparison {
    let mut differences = Vec::new();
    if let Some(expected) = case.expected_outcome
        && expected != sim.outcome
    {
        differences.push(Message::new(
            format!(
                "処理結果: 期待 {} / 実際 {}",
                expected.label_ja(),
                sim.outcome.label_ja()
            ),
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
        || matches!(
            case.expected_outcome,
            Some(Outcome::NoMatch) | Some(Outcome::Error)
        );
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
        let missing: Vec<&str> = case
            .expected_providers
            .iter()
            .filter(|x| !sim.providers.contains(x))
            .map(|x| x.as_str())
            .collect();
        let extra: Vec<&str> = sim
            .providers
            .iter()
            .filter(|x| !case.expected_providers.contains(x))
            .map(|x| x.as_str())
            .collect();
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
    Comparison {
        matches: differences.is_empty(),
        differences,
    }
}
