//! Agreement states kept true: when a test case whose state was set (提供可, 要修正, 合意) changes — the case
//! itself, its role model, or that person's memberships or benefit records — after the state was set, the
//! project sets 再確認待ち and keeps the previous state and date in 確認メモ. A change that sets the state itself
//! (in the window, or a book's 確認 columns) is taken as it is.

use foldhash::HashSet;

use crate::domain::coordination::change::{ChangeKind, ChangeSet, Op, changed};
use crate::domain::date::Date;
use crate::domain::model::entity::{Entity, EntityKey};
use crate::domain::model::field::Field;
use crate::domain::model::*;

/// The fields of a test case that are its agreement, not its content.
const AGREEMENT: [Field; 4] =
    [Field::AgreementState, Field::AgreementDate, Field::AgreementBy, Field::AgreementMemo];

/// Whether a state asks for a new look when the case changes.
fn was_set(state: AgreementState) -> bool {
    matches!(state, AgreementState::Servable | AgreementState::NeedsFix | AgreementState::Agreed)
}

/// The agreement a case gets when it changes after its state was set.
pub fn recheck(a: &Agreement, today: Date) -> Agreement {
    let previous = match a.date {
        Some(d) => format!("前回: {} {d}", a.state.label_ja()),
        None => format!("前回: {}", a.state.label_ja()),
    };
    Agreement {
        state: AgreementState::Recheck,
        date: Some(today),
        by: a.by.clone(),
        memo: if a.memo.is_empty() { previous } else { format!("{previous}\n{}", a.memo) },
    }
}

/// A (party, id) pair.
type PartyId = (String, String);

/// The people (party, role model) whose data a change touches, and the test cases whose content it changes
/// without setting their state.
fn touched(base: &Project, change: &ChangeSet) -> (HashSet<PartyId>, HashSet<PartyId>) {
    let mut people = HashSet::default();
    let mut cases = HashSet::default();
    // Built once: an import's change may hold every membership of the project.
    let memberships: foldhash::HashMap<RowId, &Membership> =
        base.memberships.iter().map(|m| (m.id, m)).collect();
    let benefits: foldhash::HashMap<RowId, &BenefitRecord> =
        base.benefits.iter().map(|b| (b.id, b)).collect();
    let membership = |id: RowId| memberships.get(&id).copied();
    let benefit = |id: RowId| benefits.get(&id).copied();
    for e in &change.entries {
        match (&e.op, &e.what) {
            (Op::Put(Entity::TestCase(c)), ChangeKind::Changed(fields)) => {
                let content = fields.iter().any(|f| !AGREEMENT.contains(&f.field));
                let sets_state = fields.iter().any(|f| f.field == Field::AgreementState);
                if content && !sets_state {
                    cases.insert((c.party.to_string(), c.id.to_string()));
                }
            }
            (Op::Put(Entity::RoleModel(r)), ChangeKind::Changed(_)) => {
                people.insert((r.party.to_string(), r.id.to_string()));
            }
            (Op::Put(Entity::Membership(m)), _) => {
                people.insert((m.party.to_string(), m.role_model.to_string()));
                // A membership moved to another person touches the one it left too.
                if let Some(old) = membership(m.id) {
                    people.insert((old.party.to_string(), old.role_model.to_string()));
                }
            }
            (Op::Put(Entity::Benefit(b)), _) => {
                people.insert((b.party.to_string(), b.role_model.to_string()));
                if let Some(old) = benefit(b.id) {
                    people.insert((old.party.to_string(), old.role_model.to_string()));
                }
            }
            (Op::Remove(EntityKey::Membership(id)), _) => {
                if let Some(m) = membership(*id) {
                    people.insert((m.party.to_string(), m.role_model.to_string()));
                }
            }
            (Op::Remove(EntityKey::Benefit(id)), _) => {
                if let Some(b) = benefit(*id) {
                    people.insert((b.party.to_string(), b.role_model.to_string()));
                }
            }
            _ => {}
        }
    }
    (people, cases)
}

/// The change with every test case it touches after its state was set marked 再確認待ち, and those cases as
/// they are after it.
pub fn with_rechecks(
    base: &Project,
    mut change: ChangeSet,
    today: Date,
) -> (ChangeSet, Vec<TestCase>) {
    let (people, cases) = touched(base, &change);
    if people.is_empty() && cases.is_empty() {
        return (change, Vec::new());
    }
    let mut marked = Vec::new();
    // Cases the change puts: their state is the project's (the change does not set it), their content the
    // change's.
    let mut put: HashSet<(String, String)> = HashSet::default();
    let places = std::mem::take(&mut change.places);
    let cases_by_key: foldhash::HashMap<(&str, &str), &TestCase> =
        base.test_cases.iter().map(|c| ((c.party.as_str(), c.id.as_str()), c)).collect();
    let find = |after: &TestCase| -> Option<&TestCase> {
        cases_by_key.get(&(after.party.as_str(), after.id.as_str())).copied()
    };
    for e in change.entries.iter_mut() {
        let Op::Put(Entity::TestCase(after)) = &e.op else {
            continue;
        };
        let key = (after.party.to_string(), after.id.to_string());
        let person = (after.party.to_string(), after.role_model.to_string());
        put.insert(key.clone());
        if !(cases.contains(&key) || people.contains(&person)) || !was_set(after.agreement.state) {
            continue;
        }
        let Some(before) = find(after) else {
            continue;
        };
        if before.agreement != after.agreement {
            continue;
        }
        let rechecked = TestCase { agreement: recheck(&after.agreement, today), ..*after.clone() };
        if let Some(entry) = changed(
            &Entity::TestCase(Box::new(before.clone())),
            Entity::TestCase(Box::new(rechecked.clone())),
        ) {
            *e = entry;
        }
        marked.push(rechecked);
    }
    // The other cases of the people it touches.
    if !people.is_empty() {
        let people: HashSet<(&str, &str)> =
            people.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        for c in &base.test_cases {
            if !people.contains(&(c.party.as_str(), c.role_model.as_str()))
                || !was_set(c.agreement.state)
                || put.contains(&(c.party.to_string(), c.id.to_string()))
            {
                continue;
            }
            let rechecked = TestCase { agreement: recheck(&c.agreement, today), ..c.clone() };
            change.entries.extend(changed(
                &Entity::TestCase(Box::new(c.clone())),
                Entity::TestCase(Box::new(rechecked.clone())),
            ));
            marked.push(rechecked);
        }
    }
    change.places = places;
    (change, marked)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::samples::sample::sample_project;

    fn agreed(p: &mut Project) {
        for c in &mut p.test_cases {
            c.agreement = Agreement {
                state: AgreementState::Agreed,
                date: Some(Date::ymd(2026, 11, 1)),
                by: "06130017".into(),
                memo: String::new(),
            };
        }
    }

    #[test]
    fn a_change_after_the_state_was_set_asks_for_a_new_look() {
        let mut p = sample_project();
        agreed(&mut p);
        let today = Date::ymd(2026, 12, 1);
        // The person of S02's case loses a membership: S02's case is to be checked again, S01's is not.
        let m = p.memberships.iter().find(|m| m.role_model.as_str() == "RM-Y").unwrap();
        let change = crate::domain::coordination::edit::delete(&p, &EntityKey::Membership(m.id));
        let (change, marked) = with_rechecks(&p, change, today);
        assert_eq!(marked.len(), 1);
        assert_eq!(marked[0].id.as_str(), "S02-V01-T01");
        assert_eq!(marked[0].agreement.state, AgreementState::Recheck);
        assert_eq!(marked[0].agreement.memo, "前回: 合意 2026-11-01");
        assert_eq!(marked[0].agreement.date, Some(today));
        assert!(change.entries.iter().any(|e| e.key == "S02-V01-T01"));
        // A case's own remarks changed: it is marked, in the same entry.
        let mut c = p.test_cases[0].clone();
        c.remarks = "変更".into();
        let (change, marked) =
            with_rechecks(&p, ChangeSet::put(&p, Entity::TestCase(Box::new(c))), today);
        assert_eq!(marked.len(), 1);
        assert_eq!(change.entries.len(), 1);
        // Setting the state is taken as it is.
        let mut c = p.test_cases[0].clone();
        c.agreement.state = AgreementState::NeedsFix;
        let (_, marked) =
            with_rechecks(&p, ChangeSet::put(&p, Entity::TestCase(Box::new(c))), today);
        assert!(marked.is_empty());
        // A case nobody has looked at stays as it is.
        let mut q = sample_project();
        let mut c = q.test_cases[0].clone();
        c.remarks = "変更".into();
        q.test_cases[1].agreement.state = AgreementState::Unconfirmed;
        let (_, marked) =
            with_rechecks(&q, ChangeSet::put(&q, Entity::TestCase(Box::new(c))), today);
        assert!(marked.is_empty());
    }
}
