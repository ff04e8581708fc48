//! What the editor's operations make: new scenarios, variations and test cases with ids that follow the pattern of
//! their siblings, duplicates, what a deletion takes with it, and the changes of a rename and of a cascading
//! delete. Pure: the window applies them to the project file as change sets.

use crate::domain::coordination::change::{
    ChangeEntry, ChangeKind, ChangeSet, FieldChange, Op, changed, removed,
};
use crate::domain::model::entity::{Entity, EntityKey, find};
use crate::domain::model::field::Field;
use crate::domain::model::*;

/// The next id after `siblings`, following the last one's pattern (its trailing number incremented, same width),
/// or `first` when there are none; never one already in `taken`.
pub fn next_id<'a>(
    siblings: impl Iterator<Item = &'a str>,
    first: &str,
    taken: &dyn Fn(&str) -> bool,
) -> String {
    let last = siblings.max_by(|a, b| natural_key(a).cmp(&natural_key(b)));
    let (stem, number, width) = match last.map(split_number) {
        Some((stem, Some((n, width)))) => (stem.to_string(), n + 1, width),
        Some((stem, None)) => (format!("{stem}-"), 1, 2),
        None => match split_number(first) {
            (stem, Some((n, width))) => (stem.to_string(), n, width),
            (stem, None) => (format!("{stem}-"), 1, 2),
        },
    };
    let mut n = number;
    loop {
        let id = format!("{stem}{n:0width$}");
        if !taken(&id) {
            return id;
        }
        n += 1;
    }
}

/// (text before the trailing digits, (their value, their width)).
fn split_number(id: &str) -> (&str, Option<(u64, usize)>) {
    let digits = id.bytes().rev().take_while(u8::is_ascii_digit).count();
    let (stem, tail) = id.split_at(id.len() - digits);
    (stem, tail.parse().ok().map(|n| (n, digits)))
}

fn natural_key(id: &str) -> (&str, u64) {
    let (stem, n) = split_number(id);
    (stem, n.map_or(0, |x| x.0))
}

/// A new scenario of a party after its last (`S01`, `S02`, …).
pub fn new_scenario(p: &Project, party: &InstitutionCode) -> Scenario {
    let theirs = || p.scenarios.iter().filter(|s| &s.party == party);
    let id =
        next_id(theirs().map(|s| s.id.as_str()), "S01", &|x| theirs().any(|s| s.id.as_str() == x));
    Scenario { party: party.clone(), id: id.into(), name: String::new() }
}

/// A new variation of a scenario (`S01-V01`, `S01-V02`, …), in its party.
pub fn new_variation(p: &Project, scenario: &Scenario) -> Variation {
    let theirs = || p.variations.iter().filter(|v| v.party == scenario.party);
    let id = next_id(
        theirs().filter(|v| v.scenario == scenario.id).map(|v| v.id.as_str()),
        &format!("{}-V01", scenario.id),
        &|x| theirs().any(|v| v.id.as_str() == x),
    );
    Variation {
        party: scenario.party.clone(),
        id: id.into(),
        scenario: scenario.id.clone(),
        name: String::new(),
    }
}

fn next_test_case_id(p: &Project, variation: &Variation) -> TestCaseId {
    let theirs = || p.test_cases.iter().filter(|c| c.party == variation.party);
    next_id(
        theirs().filter(|c| c.variation == variation.id).map(|c| c.id.as_str()),
        &format!("{}-T01", variation.id),
        &|x| theirs().any(|c| c.id.as_str() == x),
    )
    .into()
}

/// A new test case in a variation, filled with what most cases share: its party asking (or the first local
/// government, for a project without parties yet), the Fund as provider, the first procedure (and its affair) and
/// info kind, the party's first person, the default condition.
pub fn new_test_case(p: &Project, variation: &Variation) -> TestCase {
    // A test case's party is its requester.
    let requester = variation.party.clone();
    let procedure = p.procedures.first();
    TestCase {
        requester,
        provider: p.fund().map(|f| f.code.clone()).unwrap_or_default(),
        affair: procedure.map(|x| x.affair.clone()).unwrap_or_default(),
        procedure: procedure.map(|x| x.code.clone()).unwrap_or_default(),
        info_kind: p.info_kinds.first().map(|k| k.code.clone()).unwrap_or_default(),
        role_model: p
            .role_models
            .iter()
            .find(|r| r.party == variation.party)
            .map(|r| r.id.clone())
            .unwrap_or_default(),
        ..TestCase::new(
            variation.party.clone(),
            next_test_case_id(p, variation),
            variation.scenario.clone(),
            variation.id.clone(),
        )
    }
}

/// A copy of a test case with the next id of its variation, not yet checked by anyone.
pub fn duplicate_test_case(p: &Project, case: &TestCase) -> TestCase {
    let id = p
        .variations
        .iter()
        .find(|v| v.id == case.variation && v.party == case.party)
        .map(|v| next_test_case_id(p, v))
        .unwrap_or_else(|| {
            next_id(std::iter::once(case.id.as_str()), "", &|x| {
                p.test_cases.iter().any(|c| c.party == case.party && c.id.as_str() == x)
            })
            .into()
        });
    TestCase { id, agreement: Agreement::default(), ..case.clone() }
}

/// A new role model of a party (`RM-01`, … after its last) with a person code no role model uses.
pub fn new_role_model(p: &Project, party: &InstitutionCode) -> RoleModel {
    let theirs = || p.role_models.iter().filter(|r| &r.party == party);
    let id = next_id(theirs().map(|r| r.id.as_str()), "RM-01", &|x| {
        theirs().any(|r| r.id.as_str() == x)
    });
    let person_code =
        next_id(p.role_models.iter().map(|r| r.person_code.as_str()), "P000001", &|x| {
            p.role_models.iter().any(|r| r.person_code.as_str() == x)
        });
    RoleModel::new(party.clone(), id.into(), person_code.into())
}

/// The memberships of a person (a role model of a party).
fn memberships_of<'p>(p: &'p Project, r: &'p RoleModel) -> impl Iterator<Item = &'p Membership> {
    p.memberships.iter().filter(move |m| m.role_model == r.id && m.party == r.party)
}

/// A new membership of a person, from the dates the user gave (never a date of the user's choosing made up: today is
/// no acquisition date): with the insurer and 版番号 of the person's latest membership (the project's first insurer
/// and 4.0 when it has none).
pub fn new_membership(
    p: &Project,
    (role_model, insurer): (&RoleModel, InsurerNumber),
    (acquired_on, lost_on): (crate::domain::date::Date, Option<crate::domain::date::Date>),
) -> Membership {
    let last = memberships_of(p, role_model).max_by_key(|m| m.acquired_on);
    let mut m = Membership {
        member_branch: "01".into(),
        version: last.map(|m| m.version.clone()).unwrap_or_else(|| "4.0".into()),
        ..Membership::new(role_model.party.clone(), role_model.id.clone(), insurer, acquired_on)
    };
    m.set_loss(lost_on);
    m
}

/// The acquisition date a new membership of the person would likely start on: the day its latest membership was
/// lost. Offered as a hint, never filled in.
pub fn suggested_acquisition(
    p: &Project,
    role_model: &RoleModel,
) -> Option<crate::domain::date::Date> {
    memberships_of(p, role_model).max_by_key(|m| m.acquired_on).and_then(|m| m.lost_on)
}

/// A new benefit record of a person from the start date the user gave: paid by the insurer of the person's latest
/// membership, of the kind the person's last record has (傷病手当金 when none).
pub fn new_benefit(
    p: &Project,
    role_model: &RoleModel,
    start: crate::domain::date::Date,
) -> BenefitRecord {
    let insurer = memberships_of(p, role_model)
        .max_by_key(|m| m.acquired_on)
        .map(|m| m.insurer.clone())
        .or_else(|| p.insurers.first().map(|i| i.number.clone()))
        .unwrap_or_default();
    let kind = p
        .benefits
        .iter()
        .filter(|b| b.role_model == role_model.id && b.party == role_model.party)
        .max_by_key(|b| b.start_date)
        .map(|b| b.kind.clone())
        .unwrap_or_else(|| "傷病手当金".into());
    BenefitRecord::new(role_model.party.clone(), role_model.id.clone(), insurer, kind, start)
}

/// What deleting a scenario, variation or role model takes with it: (variations, test cases, memberships,
/// benefit records) — the rows `delete` removes with it, counted.
pub fn dependants(p: &Project, key: &EntityKey) -> (usize, usize, usize, usize) {
    let t = taken(p, key);
    (t.variations.len(), t.cases.len(), t.memberships.len(), t.benefits.len())
}

/// The rows that go with a deleted scenario (its variations and their test cases), variation (its test cases) or
/// role model (its memberships and benefit records), all in its party: what `delete` removes and `dependants`
/// counts, said once.
struct Taken<'p> {
    cases: Vec<&'p TestCase>,
    variations: Vec<&'p Variation>,
    memberships: Vec<&'p Membership>,
    benefits: Vec<&'p BenefitRecord>,
}

fn taken<'p>(p: &'p Project, key: &EntityKey) -> Taken<'p> {
    let mut t = Taken {
        cases: Vec::new(),
        variations: Vec::new(),
        memberships: Vec::new(),
        benefits: Vec::new(),
    };
    match key {
        EntityKey::Scenario(k) => {
            t.variations =
                p.variations.iter().filter(|v| v.scenario == k.id && v.party == k.party).collect();
            let variations = &t.variations;
            t.cases = p
                .test_cases
                .iter()
                .filter(|c| c.party == k.party && variations.iter().any(|v| v.id == c.variation))
                .collect();
        }
        EntityKey::Variation(k) => {
            t.cases =
                p.test_cases.iter().filter(|c| c.variation == k.id && c.party == k.party).collect();
        }
        EntityKey::RoleModel(k) => {
            t.memberships = p
                .memberships
                .iter()
                .filter(|m| m.role_model == k.id && m.party == k.party)
                .collect();
            t.benefits =
                p.benefits.iter().filter(|b| b.role_model == k.id && b.party == k.party).collect();
        }
        _ => {}
    }
    t
}

/// Why an entity cannot be given a new id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RenameError {
    /// The new id is another entity's.
    #[error("保存できません / cannot save: {0} は既に使われています / {0} is already in use")]
    InUse(String),
    /// There is no such entity, or it has no id to change.
    #[error("名前を変えられるものがありません / nothing to rename")]
    Nothing,
}

/// The change that gives a scenario, variation, test case or role model a new id in place, carrying what refers to
/// it along (a scenario's variations and test cases, a variation's test cases, a role model's test cases,
/// memberships and benefit records).
pub fn rename(p: &Project, key: &EntityKey, new_id: &str) -> Result<ChangeSet, RenameError> {
    let party = key.party().ok_or(RenameError::Nothing)?;
    let taken = match key {
        EntityKey::Scenario(_) => {
            p.scenarios.iter().any(|x| x.id.as_str() == new_id && &x.party == party)
        }
        EntityKey::Variation(_) => {
            p.variations.iter().any(|x| x.id.as_str() == new_id && &x.party == party)
        }
        EntityKey::TestCase(_) => {
            p.test_cases.iter().any(|x| x.id.as_str() == new_id && &x.party == party)
        }
        EntityKey::RoleModel(_) => {
            p.role_models.iter().any(|x| x.id.as_str() == new_id && &x.party == party)
        }
        _ => return Err(RenameError::Nothing),
    };
    if taken {
        return Err(RenameError::InUse(new_id.to_string()));
    }
    let entity = find(p, key).ok_or(RenameError::Nothing)?;
    let (field, old) = match &entity {
        Entity::Scenario(x) => (Field::ScenarioId, x.id.to_string()),
        Entity::Variation(x) => (Field::VariationId, x.id.to_string()),
        Entity::TestCase(x) => (Field::TestCaseId, x.id.to_string()),
        Entity::RoleModel(x) => (Field::RoleModelId, x.id.to_string()),
        _ => return Err(RenameError::Nothing),
    };
    let mut out = ChangeSet::default();
    out.entries.push(ChangeEntry {
        entity: entity.kind_label(),
        key: old.clone(),
        what: ChangeKind::Changed(vec![FieldChange {
            field,
            old: old.clone(),
            new: new_id.to_string(),
        }]),
        op: Op::Rename(key.clone(), new_id.to_string()),
    });
    // What refers to it in its party follows, each row a put of its own.
    let mut follow = |before: Entity, after: Entity| out.entries.extend(changed(&before, after));
    let new = new_id;
    let ours = |p: &InstitutionCode| p == party;
    match key {
        EntityKey::Scenario(k) => {
            for v in p.variations.iter().filter(|v| v.scenario == k.id && ours(&v.party)) {
                let after = Variation { scenario: new.into(), ..v.clone() };
                follow(Entity::Variation(v.clone()), Entity::Variation(after));
            }
            for c in p.test_cases.iter().filter(|c| c.scenario == k.id && ours(&c.party)) {
                let after = TestCase { scenario: new.into(), ..c.clone() };
                follow(Entity::TestCase(Box::new(c.clone())), Entity::TestCase(Box::new(after)));
            }
        }
        EntityKey::Variation(k) => {
            for c in p.test_cases.iter().filter(|c| c.variation == k.id && ours(&c.party)) {
                let after = TestCase { variation: new.into(), ..c.clone() };
                follow(Entity::TestCase(Box::new(c.clone())), Entity::TestCase(Box::new(after)));
            }
        }
        EntityKey::RoleModel(k) => {
            for c in p.test_cases.iter().filter(|c| c.role_model == k.id && ours(&c.party)) {
                let after = TestCase { role_model: new.into(), ..c.clone() };
                follow(Entity::TestCase(Box::new(c.clone())), Entity::TestCase(Box::new(after)));
            }
            for m in p.memberships.iter().filter(|m| m.role_model == k.id && ours(&m.party)) {
                let after = Membership { role_model: new.into(), ..m.clone() };
                follow(Entity::Membership(m.clone()), Entity::Membership(after));
            }
            for b in p.benefits.iter().filter(|b| b.role_model == k.id && ours(&b.party)) {
                let after = BenefitRecord { role_model: new.into(), ..b.clone() };
                follow(Entity::Benefit(b.clone()), Entity::Benefit(after));
            }
        }
        _ => {}
    }
    Ok(out)
}

/// A person's links as the test cases that name it give them (the ロールモデル sheet's シナリオID, バリエーションID
/// and テストケースID): its party's cases whose role model it is, each ID once, in the cases' order. The links a
/// person has are what was typed or imported; this is what the pane offers to set them to.
pub fn links_from_cases(p: &Project, r: &RoleModel) -> RoleModel {
    let mut x = r.clone();
    x.scenario_ids.clear();
    x.variation_ids.clear();
    x.test_case_ids.clear();
    for c in p.test_cases.iter().filter(|c| c.party == r.party && c.role_model == r.id) {
        if !x.scenario_ids.contains(&c.scenario) {
            x.scenario_ids.push(c.scenario.clone());
        }
        if !x.variation_ids.contains(&c.variation) {
            x.variation_ids.push(c.variation.clone());
        }
        x.test_case_ids.push(c.id.clone());
    }
    x
}

/// The change that deletes an entity and what belongs to it: a scenario's variations and their test cases, a
/// variation's test cases, a role model's memberships and benefit records (dependants first), all in its party.
pub fn delete(p: &Project, key: &EntityKey) -> ChangeSet {
    let mut entries = Vec::new();
    let mut take = |e: Entity| entries.push(removed(&e));
    let t = taken(p, key);
    t.cases.into_iter().for_each(|c| take(Entity::TestCase(Box::new(c.clone()))));
    t.variations.into_iter().for_each(|v| take(Entity::Variation(v.clone())));
    t.memberships.into_iter().for_each(|m| take(Entity::Membership(m.clone())));
    t.benefits.into_iter().for_each(|b| take(Entity::Benefit(b.clone())));
    if let Some(e) = find(p, key) {
        take(e);
    }
    ChangeSet { entries, places: Vec::new(), base: None }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::samples::sample::sample_project;

    /// What the delete dialog counts is what the delete removes, even for a case whose scenario column names
    /// another scenario than its variation's (the check's hierarchy finding, not yet fixed).
    #[test]
    fn what_a_delete_is_said_to_take_is_what_it_takes() {
        let mut p = sample_project();
        let s02 = p.scenarios[1].key();
        p.test_cases[0].scenario = s02.id.clone();
        for key in [
            EntityKey::Scenario(p.scenarios[0].key()),
            EntityKey::Scenario(s02),
            EntityKey::Variation(p.variations[0].key()),
            EntityKey::RoleModel(p.role_models[0].key()),
        ] {
            let change = delete(&p, &key);
            let removed = |is: fn(&EntityKey) -> bool| {
                let keys = change.entries.iter().filter_map(|e| match &e.op {
                    Op::Remove(k) if *k != key => Some(k),
                    _ => None,
                });
                keys.filter(|k| is(k)).count()
            };
            let said = dependants(&p, &key);
            let done = (
                removed(|k| matches!(k, EntityKey::Variation(_))),
                removed(|k| matches!(k, EntityKey::TestCase(_))),
                removed(|k| matches!(k, EntityKey::Membership(_))),
                removed(|k| matches!(k, EntityKey::Benefit(_))),
            );
            assert_eq!(said, done, "{key:?}");
        }
    }

    #[test]
    fn ids_follow_their_siblings() {
        let none = |_: &str| false;
        assert_eq!(next_id(["S01", "S02"].into_iter(), "S01", &none), "S03");
        assert_eq!(next_id(["S09", "S10"].into_iter(), "S01", &none), "S11");
        assert_eq!(next_id(std::iter::empty(), "S01-V01", &none), "S01-V01");
        assert_eq!(next_id(["TC-007"].into_iter(), "x", &none), "TC-008");
        assert_eq!(next_id(["ケース"].into_iter(), "x", &none), "ケース-01");
        assert_eq!(next_id(["A1"].into_iter(), "x", &|x| x == "A2"), "A3");
        let p = sample_project();
        let party = InstitutionCode::from(crate::domain::samples::sample::SAMPLE_PARTY);
        assert_eq!(new_scenario(&p, &party).id.as_str(), "S03");
        assert_eq!(new_variation(&p, &p.scenarios[0]).id.as_str(), "S01-V02");
        let v = &p.variations[0];
        let c = new_test_case(&p, v);
        assert_eq!(c.id.as_str(), "S01-V01-T02");
        assert_eq!(c.provider.as_str(), "099");
        assert_eq!(c.requester.as_str(), "002");
        let d = duplicate_test_case(&p, &p.test_cases[1]);
        assert_eq!(d.id.as_str(), "S02-V01-T02");
        assert_eq!(d.items, p.test_cases[1].items);
        assert_eq!(new_role_model(&p, &party).id.as_str(), "RM-Y-01");
        let today = crate::domain::date::Date::ymd(2026, 11, 24);
        let (x, y) = (&p.role_models[0], &p.role_models[1]);
        // The day the last was lost is suggested; the last still open suggests nothing.
        assert_eq!(suggested_acquisition(&p, x), Some(crate::domain::date::Date::ymd(2018, 7, 27)));
        assert_eq!(suggested_acquisition(&p, y), None);
        let lost = crate::domain::date::Date::ymd(2026, 12, 1);
        let m = new_membership(&p, (y, "06130017".into()), (today, Some(lost)));
        assert_eq!((m.acquired_on, m.lost_on), (today, Some(lost)));
        assert_eq!(m.lost_on_reason_of_null, "");
        let open = new_membership(&p, (y, "06130017".into()), (today, None));
        assert_eq!(open.lost_on_reason_of_null, crate::domain::routing::NULL_NOT_APPLICABLE);
        let b = new_benefit(&p, y, today);
        assert_eq!(
            (b.insurer.as_str(), b.kind.as_str(), b.start_date),
            ("06130041", "傷病手当金", today)
        );
        assert_eq!(
            dependants(&p, &EntityKey::Scenario(Qualified::new(party.clone(), "S01"))),
            (1, 1, 0, 0)
        );
        assert_eq!(
            dependants(&p, &EntityKey::RoleModel(Qualified::new(party.clone(), "RM-Y"))),
            (0, 0, 2, 2)
        );
    }
}
