//! A change to the project: the rows it adds, changes (field by field) and removes, per entity. It is computed
//! from a proposed state ([`ChangeSet::between`]: an import, a fix) or built directly ([`ChangeSet::put`], and
//! `edit`'s renames and cascading deletes); the store applies one as ONE transaction and ONE undo step, whatever
//! it came from. Every road from a user's intent to the project file goes through a `ChangeSet`.

use std::hash::Hash;

use foldhash::{HashMap, HashSet};
use serde::Serialize;

use crate::domain::model::entity::{Entity, EntityKey};
use crate::domain::model::field::Field;
use crate::domain::model::message::Lang;
use crate::domain::model::*;

/// One field that changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    /// The field (serialised as its workbook header).
    pub field: Field,
    /// The value now.
    pub old: String,
    /// The value after the change.
    pub new: String,
}

/// What happens to one entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum ChangeKind {
    /// New.
    Added,
    /// Some fields change.
    Changed(Vec<FieldChange>),
    /// Removed.
    Removed,
}

impl ChangeKind {
    /// The sign a change's lines and the record of a book show it by: `+` added, `~` changed, `-` removed.
    pub fn sign(&self) -> &'static str {
        match self {
            ChangeKind::Added => "+",
            ChangeKind::Changed(_) => "~",
            ChangeKind::Removed => "-",
        }
    }
}

/// What the project file does for one entry.
// A put is the common entry (one per row of an import): boxing it would cost an allocation per row.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    /// Insert or replace the entity by its key (a membership or benefit record with row key 0 is inserted).
    Put(Entity),
    /// Delete the entity with this key, alone (what belongs to it is listed as entries of its own).
    Remove(EntityKey),
    /// Give the entity a new id in place (its row stays where it is); what refers to it is listed as puts.
    Rename(EntityKey, String),
}

/// One entity the change adds, changes or removes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChangeEntry {
    /// What kind of entity, by its sheet's wording (テストケース, 加入歴, …).
    pub entity: &'static str,
    /// Its key as a person reads it.
    pub key: String,
    /// What happens.
    pub what: ChangeKind,
    /// What the project file does.
    #[serde(skip)]
    pub op: Op,
}

/// A change to the project, entry by entry, masters first; removals last (dependants before what they depend on).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ChangeSet {
    /// Every added, changed and removed entity.
    pub entries: Vec<ChangeEntry>,
    /// Where rows it changes stood in the project it was worked out from: a hint that lets the project in memory
    /// be brought up to date without searching for them (checked before it is used).
    #[serde(skip)]
    pub places: Vec<(EntityKey, usize)>,
    /// The revision of the project file it was worked out from, when the one who worked it out knows it: the
    /// file refuses it at any other revision (someone changed the project meanwhile).
    #[serde(skip)]
    pub base: Option<u64>,
}

impl ChangeSet {
    /// Whether nothing would change.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Whether applying it adds memberships or benefit records, whose row keys only the project file gives.
    pub fn adds_keyed_rows(&self) -> bool {
        self.entries.iter().any(|e| {
            matches!(
                &e.op,
                Op::Put(Entity::Membership(Membership { id: 0, .. }))
                    | Op::Put(Entity::Benefit(BenefitRecord { id: 0, .. }))
            )
        })
    }

    /// The entity put by the first entry, if it puts one (what an edit of one row saves).
    pub fn first_put(&self) -> Option<&Entity> {
        self.entries.iter().find_map(|e| match &e.op {
            Op::Put(x) => Some(x),
            _ => None,
        })
    }

    /// (entity, added, changed, removed) per kind of entity, in the order met.
    pub fn summary(&self) -> Vec<(&'static str, usize, usize, usize)> {
        let mut out: Vec<(&'static str, usize, usize, usize)> = Vec::new();
        for e in &self.entries {
            let i = match out.iter().position(|x| x.0 == e.entity) {
                Some(i) => i,
                None => {
                    out.push((e.entity, 0, 0, 0));
                    out.len() - 1
                }
            };
            match e.what {
                ChangeKind::Added => out[i].1 += 1,
                ChangeKind::Changed(_) => out[i].2 += 1,
                ChangeKind::Removed => out[i].3 += 1,
            }
        }
        out
    }

    /// The change as lines for a person: `+` added, `~` changed (field: old → new), `-` removed.
    pub fn lines(&self, lang: Lang) -> Vec<String> {
        let empty = if lang == Lang::Ja { "（空）" } else { "(empty)" };
        let show = |s: &str| {
            if s.is_empty() { empty.to_string() } else { s.to_string() }
        };
        let mut out = Vec::new();
        for e in &self.entries {
            out.push(format!("{} {} {}", e.what.sign(), e.entity, e.key));
            if let ChangeKind::Changed(fields) = &e.what {
                for f in fields {
                    out.push(format!(
                        "    {}: {} → {}",
                        f.field.header(),
                        show(&f.old),
                        show(&f.new)
                    ));
                }
            }
        }
        out
    }

    /// The summary as one line per kind.
    pub fn summary_lines(&self, lang: Lang) -> Vec<String> {
        self.summary()
            .into_iter()
            .map(|(entity, a, c, r)| match lang {
                Lang::Ja => format!("{entity}: 追加 {a}、変更 {c}、削除 {r}"),
                Lang::En => format!("{entity}: {a} added, {c} changed, {r} removed"),
            })
            .collect()
    }

    /// The change that puts one entity: added when the project has none with its key, changed field by field
    /// when it differs, nothing when it is the same.
    pub fn put(base: &Project, entity: Entity) -> ChangeSet {
        let old = match &entity {
            Entity::Membership(Membership { id: 0, .. })
            | Entity::Benefit(BenefitRecord { id: 0, .. }) => None,
            x => crate::domain::model::entity::find_at(base, &x.key()),
        };
        let mut out = ChangeSet::default();
        match old {
            None => out.entries.push(added(entity)),
            Some((_, old)) if old == entity => {}
            Some((at, old)) => {
                out.places.push((old.key(), at));
                out.entries.extend(changed(&old, entity));
            }
        }
        out
    }

    /// Name each entry's row as the contract does: `機関コード:ID` where another party uses the ID (`names` of
    /// the project the change gives, and of the one it starts from for what it removes).
    pub fn name_keys(&mut self, base: &Project, names: &crate::domain::model::names::Ambiguity) {
        use crate::domain::model::kinds::EntityKind as K;
        // A removed membership or benefit record is named by its row key: its party is the base's.
        let removed_rows: HashMap<(bool, RowId), &InstitutionCode> =
            if self.entries.iter().any(|e| {
                matches!(e.op, Op::Remove(EntityKey::Membership(_) | EntityKey::Benefit(_)))
            }) {
                let m = base.memberships.iter().map(|m| ((true, m.id), &m.party));
                let b = base.benefits.iter().map(|b| ((false, b.id), &b.party));
                m.chain(b).collect()
            } else {
                HashMap::default()
            };
        for e in &mut self.entries {
            let (kind, party) = match &e.op {
                Op::Put(entity) => match (entity.finding_kind(), entity.party()) {
                    (Some(kind), Some(party)) => (kind, party.clone()),
                    _ => continue,
                },
                Op::Remove(EntityKey::Membership(id)) => match removed_rows.get(&(true, *id)) {
                    Some(party) => (K::Membership, (*party).clone()),
                    None => continue,
                },
                Op::Remove(EntityKey::Benefit(id)) => match removed_rows.get(&(false, *id)) {
                    Some(party) => (K::Benefit, (*party).clone()),
                    None => continue,
                },
                Op::Remove(key) | Op::Rename(key, _) => {
                    let kind = match key {
                        EntityKey::Scenario(_) => K::Scenario,
                        EntityKey::Variation(_) => K::Variation,
                        EntityKey::TestCase(_) => K::TestCase,
                        EntityKey::RoleModel(_) => K::RoleModel,
                        _ => continue,
                    };
                    match key.party() {
                        Some(party) => (kind, party.clone()),
                        None => continue,
                    }
                }
            };
            if !e.key.contains(':') {
                e.key = names.name(kind, party.as_str(), &e.key);
            }
        }
    }

    /// Add the entries of another change after this one's.
    pub fn extend(&mut self, other: ChangeSet) {
        self.entries.extend(other.entries);
        self.places.extend(other.places);
        self.base = self.base.or(other.base);
    }

    /// The change from one project to another, kind by kind (masters first), matched by key: codes, ids within
    /// their party, and for memberships (person, insurer, acquisition date) and benefit records (person, insurer,
    /// kind, start date); findings by 指摘ID. The rows it puts are copies of `result`'s.
    pub fn between(base: &Project, result: &Project) -> ChangeSet {
        let plan = Plan::of(base, result);
        plan.into_change(base, Rows::Copied(result))
    }

    /// [`ChangeSet::between`], taking the rows it puts out of `result` instead of copying them: for a caller that
    /// has no use for the result but its change (an import that is applied). At national scale that is a
    /// project's worth of rows that would otherwise be held twice.
    pub fn between_taking(base: &Project, result: Project) -> ChangeSet {
        let plan = Plan::of(base, &result);
        plan.into_change(base, Rows::Taken(Box::new(result)))
    }
}

/// Calls `$each!(list, key, entity)` for every kind of row, in the change's order (masters first):
/// the one list of kinds that working out a change and making its entries share.
macro_rules! each_kind {
    ($each:ident) => {
        $each!(institutions, |x| x.code.as_str(), Entity::Institution);
        $each!(insurers, |x| x.number.as_str(), Entity::Insurer);
        $each!(affairs, |x| x.code.as_str(), Entity::Affair);
        $each!(procedures, |x| x.code.as_str(), Entity::Procedure);
        $each!(info_kinds, |x| x.code.as_str(), Entity::InfoKind);
        $each!(info_items, |x| x.code.as_str(), Entity::InfoItem);
        $each!(scenarios, |x| (x.party.as_str(), x.id.as_str()), Entity::Scenario);
        $each!(variations, |x| (x.party.as_str(), x.id.as_str()), Entity::Variation);
        $each!(role_models, |x| (x.party.as_str(), x.id.as_str()), |x| {
            Entity::RoleModel(Box::new(x))
        });
        $each!(test_cases, |x| (x.party.as_str(), x.id.as_str()), |x| {
            Entity::TestCase(Box::new(x))
        });
        $each!(
            memberships,
            |x| (x.party.as_str(), x.role_model.as_str(), x.insurer.as_str(), x.acquired_on),
            Entity::Membership
        );
        $each!(
            benefits,
            |x| (
                x.party.as_str(),
                x.role_model.as_str(),
                x.insurer.as_str(),
                x.kind.as_str(),
                x.start_date
            ),
            Entity::Benefit
        );
        $each!(findings, |x| x.id.as_str(), |x| Entity::Finding(Box::new(x)));
    };
}

/// What [`ChangeSet::between`] found, kind by kind, as positions alone, so that the rows can then be copied or
/// taken.
struct Plan {
    /// Each kind's, in [`each_kind`]'s order.
    kinds: Vec<KindPlan>,
}

/// One kind's part of a [`Plan`].
struct KindPlan {
    /// Each row of the result that is new or changed: its position, and its position in the base when it was
    /// there; in the result's order.
    put: Vec<(usize, Option<usize>)>,
    /// The rows of the base the result no longer has, by position, in the base's order.
    removed: Vec<usize>,
}

/// The result's rows, copied or taken.
enum Rows<'a> {
    Copied(&'a Project),
    Taken(Box<Project>),
}

impl Plan {
    fn of(base: &Project, result: &Project) -> Plan {
        let mut kinds = Vec::new();
        macro_rules! plan {
            ($list:ident, $key:expr, $entity:expr) => {
                kinds.push(KindPlan::of(&base.$list, &result.$list, $key));
            };
        }
        each_kind!(plan);
        Plan { kinds }
    }

    /// The change's entries: removals last, in reverse, so that dependants (test cases, memberships) come before
    /// what they depend on.
    fn into_change(self, base: &Project, mut rows: Rows) -> ChangeSet {
        let mut entries = Vec::new();
        let mut removals = Vec::new();
        let mut kinds = self.kinds.into_iter();
        macro_rules! entries {
            ($list:ident, $key:expr, $entity:expr) => {
                let plan = kinds.next().expect("a plan for every kind");
                let base = &base.$list;
                removals.push(plan.removed.iter().map(|&b| removed(&$entity(base[b].clone()))).collect::<Vec<_>>());
                match &mut rows {
                    Rows::Copied(p) => plan.put_into(&mut entries, base, |i| p.$list[i].clone(), $entity),
                    Rows::Taken(p) => {
                        // Ascending positions: each row is taken as the walk reaches it, the rest let go of.
                        let mut walk = std::mem::take(&mut p.$list).into_iter().enumerate();
                        let mut take = |i| {
                            walk.find_map(|(j, x)| (j == i).then_some(x))
                                .expect("a planned row is in the result")
                        };
                        plan.put_into(&mut entries, base, &mut take, $entity)
                    }
                }
            };
        }
        each_kind!(entries);
        entries.extend(removals.into_iter().flatten().rev());
        ChangeSet { entries, places: Vec::new(), base: None }
    }
}

impl KindPlan {
    /// Every row of `result` new or changed against `base` (matched by `key`), then every row of `base` that
    /// `result` no longer has.
    fn of<'p, T: PartialEq, K: Eq + Hash>(
        base: &'p [T],
        result: &'p [T],
        key: impl Fn(&'p T) -> K,
    ) -> KindPlan {
        let old: HashMap<K, usize> = base.iter().enumerate().map(|(i, x)| (key(x), i)).collect();
        let new: HashSet<K> = if base.is_empty() {
            HashSet::default() // nothing to remove: no need to know the result's keys
        } else {
            result.iter().map(&key).collect()
        };
        let put = result
            .iter()
            .enumerate()
            .filter_map(|(i, x)| match old.get(&key(x)) {
                None => Some((i, None)),
                Some(&b) if base[b] == *x => None,
                Some(&b) => Some((i, Some(b))),
            })
            .collect();
        let removed = (0..base.len()).filter(|&b| !new.contains(&key(&base[b]))).collect();
        KindPlan { put, removed }
    }

    /// The entries putting the planned rows, each given by `row(position)` in ascending order.
    fn put_into<T: Clone>(
        &self,
        entries: &mut Vec<ChangeEntry>,
        base: &[T],
        mut row: impl FnMut(usize) -> T,
        entity: impl Fn(T) -> Entity,
    ) {
        // Entries are large, and a national import has 600,000: room for exactly these.
        entries.reserve_exact(self.put.len());
        for &(i, b) in &self.put {
            let x = row(i);
            match b {
                None => entries.push(added(entity(x))),
                Some(b) => entries.extend(changed(&entity(base[b].clone()), entity(x))),
            }
        }
    }
}

/// An entry adding `entity`.
pub fn added(entity: Entity) -> ChangeEntry {
    ChangeEntry {
        entity: entity.kind_label(),
        key: entity.shown_key(),
        what: ChangeKind::Added,
        op: Op::Put(entity),
    }
}

/// An entry removing `entity`, alone.
pub fn removed(entity: &Entity) -> ChangeEntry {
    ChangeEntry {
        entity: entity.kind_label(),
        key: entity.shown_key(),
        what: ChangeKind::Removed,
        op: Op::Remove(entity.key()),
    }
}

/// An entry changing `old` into `new`, field by field; none when no field differs.
pub fn changed(old: &Entity, new: Entity) -> Option<ChangeEntry> {
    let fields: Vec<FieldChange> = old
        .fields()
        .into_iter()
        .zip(new.fields())
        .filter(|((_, x), (_, y))| x != y)
        .map(|((field, old), (_, new))| FieldChange { field, old, new })
        .collect();
    (!fields.is_empty()).then(|| ChangeEntry {
        entity: new.kind_label(),
        key: new.shown_key(),
        what: ChangeKind::Changed(fields),
        op: Op::Put(new),
    })
}
