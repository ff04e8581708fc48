//! Lookups over a project, built once and shared by every simulation and check: the masters by code, the role
//! models by id, the unified partition (a person's memberships by 機関別符号), benefit records by person and
//! insurer, where each item sits in an answer, and which codes give an answer a name not every XML parser reads.

use foldhash::{HashMap, HashMapExt};

use crate::domain::model::field::Field;
use crate::domain::model::message::Message;
use crate::domain::model::xml_name::{first_unportable_step, is_portable_name, offending_chars};
use crate::domain::model::*;

/// Rows' positions grouped by a key, each group in the rows' order: one list of positions, each key's group a
/// range of it. (A list of its own for each key was, at national scale, 200,000 allocations and twice the room.)
#[derive(Debug, Clone, Default)]
pub struct Groups<K> {
    ranges: HashMap<K, (u32, u32)>,
    positions: Vec<usize>,
}

impl<K: std::hash::Hash + Eq> Groups<K> {
    /// Group the rows by the keys `keys` gives (`None`: the row is in no group); `groups` is about how many keys
    /// there will be.
    fn new(groups: usize, keys: impl Iterator<Item = Option<K>>) -> Groups<K> {
        // Each key hashed once: its group's number, then (once every row is counted) its range.
        let mut ranges: HashMap<K, (u32, u32)> = HashMap::with_capacity(groups);
        let mut sizes: Vec<u32> = Vec::with_capacity(groups);
        let group_of: Vec<u32> = keys
            .map(|key| match key {
                None => u32::MAX,
                Some(key) => {
                    let next = sizes.len() as u32;
                    let group = ranges.entry(key).or_insert((next, 0)).0;
                    if group == next {
                        sizes.push(0);
                    }
                    sizes[group as usize] += 1;
                    group
                }
            })
            .collect();
        let mut starts = Vec::with_capacity(sizes.len());
        let mut start = 0;
        for size in &sizes {
            starts.push(start);
            start += size;
        }
        for range in ranges.values_mut() {
            *range = (starts[range.0 as usize], sizes[range.0 as usize]);
        }
        // Each group's rows put in its range in order, `starts` counting up as they are.
        let mut positions = vec![0; start as usize];
        for (i, &group) in group_of.iter().enumerate() {
            if let Some(at) = starts.get_mut(group as usize) {
                positions[*at as usize] = i;
                *at += 1;
            }
        }
        Groups { ranges, positions }
    }

    /// The positions of a key's rows, in order.
    pub fn get<Q>(&self, key: &Q) -> Option<&[usize]>
    where
        K: std::borrow::Borrow<Q>,
        Q: std::hash::Hash + Eq + ?Sized,
    {
        let &(from, len) = self.ranges.get(key)?;
        Some(&self.positions[from as usize..(from + len) as usize])
    }

    /// Whether a key has rows.
    pub fn contains_key<Q>(&self, key: &Q) -> bool
    where
        K: std::borrow::Borrow<Q>,
        Q: std::hash::Hash + Eq + ?Sized,
    {
        self.ranges.contains_key(key)
    }
}

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
    /// Role models by (party, id).
    pub role_models: HashMap<(&'a str, &'a str), &'a RoleModel>,
    /// Variations by (party, id).
    pub variations: HashMap<(&'a str, &'a str), &'a Variation>,
    /// The Fund (the first institution of kind 基金).
    pub fund: Option<&'a Institution>,
    /// The unified partition as each party's specification gives it: (party, person code) → memberships
    /// (indices into `project.memberships`). Two parties defining one person differently is the check's
    /// `person-conflict`; each party's cases are simulated with its own person.
    pub partition: Groups<(&'a str, &'a str)>,
    /// Info kinds whose answer root is not a portable XML name, by code.
    pub unportable_kinds: HashMap<&'a str, UnportableName<'a>>,
    /// Info items whose place in an answer holds a name that is not portable, by code.
    pub unportable_items: HashMap<&'a str, UnportableName<'a>>,
    /// Benefit records by (party, role model, insurer) (indices into `project.benefits`).
    pub benefits: Groups<(&'a str, &'a str, &'a str)>,
}

/// The part of a project that one test case's simulation reads: every master, the scenarios and variations, the
/// case itself, and the people who share its person's 機関別符号 with their memberships and benefit records. A
/// simulation of the case in this part equals its simulation in the whole project (membership and benefit
/// positions aside), while building its index costs nothing like indexing 100,000 people (the simulation view).
pub fn project_for_case(p: &Project, case: &TestCase) -> Project {
    let person = p
        .role_models
        .iter()
        .find(|r| r.id == case.role_model && r.party == case.party)
        .map(|r| r.person_code.clone());
    let people: Vec<RoleModel> = match &person {
        Some(code) => p
            .role_models
            .iter()
            .filter(|r| &r.person_code == code && r.party == case.party)
            .cloned()
            .collect(),
        None => Vec::new(),
    };
    let theirs = |party: &InstitutionCode, id: &RoleModelId| {
        party == &case.party && people.iter().any(|r| &r.id == id)
    };
    Project {
        name: p.name.clone(),
        own: p.own.clone(),
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
            .filter(|m| theirs(&m.party, &m.role_model))
            .cloned()
            .collect(),
        benefits: p.benefits.iter().filter(|b| theirs(&b.party, &b.role_model)).cloned().collect(),
        role_models: people,
        findings: Vec::new(),
    }
}

/// The element name an info kind's answers are rooted in: its XMLパス, or its name when that is empty.
pub fn root_name(kind: &InfoKind) -> &str {
    if kind.xml_root.is_empty() { kind.name.as_str() } else { kind.xml_root.as_str() }
}

/// A name the code master gives an answer's element that not every XML parser reads (see
/// [`crate::domain::model::xml_name`]): the answer cannot be written, and the check asks for a portable name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnportableName<'a> {
    /// The info kind's or item's code.
    pub code: &'a str,
    /// Whether the code is an info kind (else an item).
    pub info_kind: bool,
    /// The code sheet's column the name comes from: XMLパス or 繰返し.
    pub field: Field,
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
            field: Field::XmlPath,
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
        named(Field::XmlPath, &item.xml_path)
            .or_else(|| named(Field::RepeatedGroup, &item.repeated_group))
            // An item without a path is placed under its code.
            .or_else(|| {
                (item.xml_path.split('/').all(str::is_empty)
                    && !is_portable_name(item.code.as_str()))
                .then(|| named(Field::XmlPath, item.code.as_str()))
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
                self.code,
                self.field.header(),
                self.path,
                self.step
            ),
            format!(
                "{what_en} {}: the element name \"{}\" in its {} \"{}\" is not a name every XML parser reads (\"{chars}\" is not allowed, or not at a name's start, under XML 1.0 fourth edition)",
                self.code,
                self.step,
                self.field.header(),
                self.path
            ),
        )
    }
}

impl<'a> ProjectIndex<'a> {
    /// Build the lookups (linear in the project's size).
    pub fn new(project: &'a Project) -> ProjectIndex<'a> {
        let role_models: HashMap<(&str, &str), &RoleModel> =
            project.role_models.iter().map(|r| ((r.party.as_str(), r.id.as_str()), r)).collect();
        let partition = Groups::new(
            project.role_models.len(),
            project.memberships.iter().map(|m| {
                role_models
                    .get(&(m.party.as_str(), m.role_model.as_str()))
                    .map(|rm| (rm.party.as_str(), rm.person_code.as_str()))
            }),
        );
        let benefits = Groups::new(
            project.benefits.len(),
            project
                .benefits
                .iter()
                .map(|b| Some((b.party.as_str(), b.role_model.as_str(), b.insurer.as_str()))),
        );
        ProjectIndex {
            project,
            insurers: project.insurers.iter().map(|x| (x.number.as_str(), x)).collect(),
            institutions: project.institutions.iter().map(|x| (x.code.as_str(), x)).collect(),
            affairs: project.affairs.iter().map(|x| (x.code.as_str(), x)).collect(),
            procedures: project.procedures.iter().map(|x| (x.code.as_str(), x)).collect(),
            info_kinds: project.info_kinds.iter().map(|x| (x.code.as_str(), x)).collect(),
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
                .map(|x| ((x.party.as_str(), x.id.as_str()), x))
                .collect(),
            fund: project.fund(),
            partition,
            benefits,
        }
    }

    /// The insurer's name, or its number when it is not defined.
    pub fn insurer_name(&self, number: &str) -> String {
        self.insurers.get(number).map(|i| i.name.clone()).unwrap_or_else(|| number.to_string())
    }

    /// The memberships of a person (the unified partition's rows), as the person's party gives them.
    pub fn memberships_of<'s>(
        &'s self,
        person: &'a RoleModel,
    ) -> impl Iterator<Item = &'a Membership> + use<'a, 's> {
        let all = &self.project.memberships;
        let rows: &'s [usize] = self
            .partition
            .get(&(person.party.as_str(), person.person_code.as_str()))
            .unwrap_or_default();
        rows.iter().map(move |&i| &all[i])
    }

    /// A test case's role model, in its party.
    pub fn role_model_of(&self, case: &TestCase) -> Option<&'a RoleModel> {
        self.role_models.get(&(case.party.as_str(), case.role_model.as_str())).copied()
    }

    /// A test case's variation, in its party.
    pub fn variation_of(&self, case: &TestCase) -> Option<&'a Variation> {
        self.variations.get(&(case.party.as_str(), case.variation.as_str())).copied()
    }
}

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
    pub(super) fn of(item: &'a InfoItem) -> ItemLayout<'a> {
        let path: Vec<&str> = item.xml_path.split('/').filter(|s| !s.is_empty()).collect();
        let group_path: Vec<&str> = if item.repeated_group.is_empty() {
            path[..path.len().saturating_sub(1)].to_vec()
        } else {
            item.repeated_group.split('/').filter(|s| !s.is_empty()).collect()
        };
        let below: Vec<&str> = if path.starts_with(&group_path) && path.len() > group_path.len() {
            path[group_path.len()..].to_vec()
        } else {
            path.last().map(|l| vec![*l]).unwrap_or_else(|| vec![item.code.as_str()])
        };
        let (container, element) = match group_path.split_last() {
            Some((last, rest)) => (rest.to_vec(), *last),
            None => (Vec::new(), item.code.as_str()),
        };
        let benefit_kind = (container.first() == Some(&"給付情報")).then_some(element);
        ItemLayout { container, element, below, benefit_kind }
    }
}

#[cfg(test)]
mod tests {
    use super::Groups;

    #[test]
    fn groups_hold_each_keys_rows_in_order_and_skip_rows_of_no_group() {
        let keys = ["b", "a", "", "b", "c", "a", "b"];
        let groups = Groups::new(2, keys.iter().map(|k| (!k.is_empty()).then_some(*k)));
        assert_eq!(groups.get("a"), Some(&[1, 5][..]));
        assert_eq!(groups.get("b"), Some(&[0, 3, 6][..]));
        assert_eq!(groups.get("c"), Some(&[4][..]));
        assert_eq!(groups.get(""), None);
        assert!(groups.contains_key("c") && !groups.contains_key("d"));
        let none = Groups::<&str>::new(0, std::iter::empty());
        assert_eq!(none.get("a"), None);
    }
}
