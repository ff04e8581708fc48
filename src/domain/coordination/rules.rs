//! The rules every change to a project obeys before it is written, in one place: what an edit made in the window
//! must satisfy and what it brings with it, and what a book received brings with it. `store::transact` applies
//! them on the one road to the project file; the import applies the book's when it works out a book's change, so
//! that its preview shows what will be written.
//!
//! - A row of a party (scenario, variation, test case, role model, membership, benefit record) has a party: a new
//!   one is never written without one.
//! - A test case's party is its requester (情報照会者機関コード): a new case names its party as requester, and an
//!   edit that would make a case name another requester is refused with the reason (to move a case to another
//!   party, that party's book brings it).
//! - A case the change touches after its agreement state was set — the case, its person, or that person's
//!   memberships or benefit records — is set to 再確認待ち in the same change, its previous state kept in the memo
//!   (`agreement::with_rechecks`).
//! - A reply typed in the window is the own body's, today (`finding::with_replies`); a book's replies say who
//!   replied themselves.
//! - A master row (機関, 保険者, 事務, 事務手続, 特定個人情報名, 項目) is not removed while a row that stays uses it:
//!   the removal is refused, naming the rows that use it (`in_use`).

use crate::domain::coordination::change::{ChangeKind, ChangeSet, Op};
use crate::domain::date::Date;
use crate::domain::model::entity::{Entity, EntityKey};
use crate::domain::model::message::Message;
use crate::domain::model::{Project, TestCase};

/// An edit made in the window, with the rules of an edit applied: the change to write, or why it cannot be.
pub fn for_edit(project: &Project, change: ChangeSet, today: Date) -> Result<ChangeSet, Message> {
    parties_kept(project, &change)?;
    masters_unused(project, &change)?;
    let (change, _) = crate::domain::coordination::agreement::with_rechecks(project, change, today);
    Ok(crate::domain::coordination::finding::with_replies(project, change, &project.own, today))
}

/// A book's change with the rules of a book applied, and the test cases it sets to 再確認待ち as they are after it.
pub fn for_book(project: &Project, change: ChangeSet, today: Date) -> (ChangeSet, Vec<TestCase>) {
    crate::domain::coordination::agreement::with_rechecks(project, change, today)
}

/// Whether every master row the change removes is used by no row that stays.
fn masters_unused(project: &Project, change: &ChangeSet) -> Result<(), Message> {
    let removed: Vec<&EntityKey> = change
        .entries
        .iter()
        .filter_map(|e| match &e.op {
            Op::Remove(k) => Some(k),
            Op::Put(_) | Op::Rename(..) => None,
        })
        .collect();
    for key in &removed {
        let users: Vec<String> = in_use(project, key)
            .into_iter()
            .filter(|(k, _)| !removed.contains(&k))
            .map(|(_, s)| s)
            .collect();
        if users.is_empty() {
            continue;
        }
        let (shown, more) =
            (users.iter().take(5).cloned().collect::<Vec<_>>().join("、"), users.len());
        return Err(Message::new(
            format!("{} は {more} 行で使われているため削除できません: {shown}", master_word(key).0),
            format!("{} is used by {more} rows and cannot be deleted: {shown}", master_word(key).1),
        ));
    }
    Ok(())
}

/// A master row's key in words (`機関 002`).
fn master_word(key: &EntityKey) -> (String, String) {
    let (ja, en, code) = match key {
        EntityKey::Institution(c) => ("機関", "institution", c.as_str()),
        EntityKey::Insurer(c) => ("保険者", "insurer", c.as_str()),
        EntityKey::Affair(c) => ("事務", "affair", c.as_str()),
        EntityKey::Procedure(c) => ("事務手続", "procedure", c.as_str()),
        EntityKey::InfoKind(c) => ("特定個人情報名", "information kind", c.as_str()),
        EntityKey::InfoItem(c) => ("項目", "item", c.as_str()),
        _ => ("", "", ""),
    };
    (format!("{ja} {code}"), format!("{en} {code}"))
}

/// The rows of other kinds that use a master row, and whether a test case names it.
type Users<'p> = (Vec<(EntityKey, String)>, Box<dyn Fn(&TestCase) -> bool + 'p>);

/// The rows that use the master row `key` (none for a row that is not a master's), each with its key as a person
/// reads it (`テストケース 002:S01-V01-T01`).
pub fn in_use(p: &Project, key: &EntityKey) -> Vec<(EntityKey, String)> {
    // The rows of other kinds that name it, and whether a test case does.
    let (mut out, names): Users = match key {
        EntityKey::Institution(code) => (
            p.role_models
                .iter()
                .filter(|r| &r.party == code)
                .map(|r| {
                    (EntityKey::RoleModel(r.key()), format!("ロールモデル {}:{}", r.party, r.id))
                })
                .collect(),
            Box::new(move |c| &c.requester == code || &c.provider == code || &c.party == code),
        ),
        EntityKey::Insurer(n) => {
            let memberships = p.memberships.iter().filter(|m| &m.insurer == n);
            let benefits = p.benefits.iter().filter(|b| &b.insurer == n);
            let rows = memberships
                .map(|m| (EntityKey::Membership(m.id), format!("加入歴 {}", m.key())))
                .chain(
                    benefits.map(|b| (EntityKey::Benefit(b.id), format!("給付情報 {}", b.key()))),
                );
            (rows.collect(), Box::new(move |c| c.expected_providers.contains(n)))
        }
        // A code master's rows below it: an affair's procedures, an info kind's items.
        EntityKey::Affair(code) => {
            let below = p.procedures.iter().filter(|x| &x.affair == code);
            let rows = below
                .map(|x| (EntityKey::Procedure(x.code.clone()), format!("事務手続 {}", x.code)));
            (rows.collect(), Box::new(move |c| &c.affair == code))
        }
        EntityKey::Procedure(code) => (Vec::new(), Box::new(move |c| &c.procedure == code)),
        EntityKey::InfoKind(code) => {
            let below = p.info_items.iter().filter(|x| &x.info_kind == code);
            let rows =
                below.map(|x| (EntityKey::InfoItem(x.code.clone()), format!("項目 {}", x.code)));
            (rows.collect(), Box::new(move |c| &c.info_kind == code))
        }
        EntityKey::InfoItem(code) => (Vec::new(), Box::new(move |c| c.items.contains(code))),
        _ => return Vec::new(),
    };
    let cases = p.test_cases.iter().filter(|c| names(c));
    out.extend(
        cases.map(|c| (EntityKey::TestCase(c.key()), format!("テストケース {}:{}", c.party, c.id))),
    );
    out
}

/// Whether every row an edit puts keeps to its party: no new party row without one, no test case naming a
/// requester other than its party when it is new or its requester changes.
fn parties_kept(project: &Project, change: &ChangeSet) -> Result<(), Message> {
    for e in &change.entries {
        let Op::Put(entity) = &e.op else { continue };
        let Some(party) = entity.party() else {
            continue;
        };
        let new = matches!(e.what, ChangeKind::Added);
        if party.is_empty() && new {
            return Err(Message {
                ja: format!(
                    "{} {} は団体が決まっていないため保存できません。相手先で団体を選ぶか、自団体を設定してください",
                    e.entity,
                    entity.shown_key()
                ),
                en: format!(
                    "{} {} has no party and cannot be saved: choose a party in the parties panel, or set the own body",
                    e.entity,
                    entity.shown_key()
                ),
            });
        }
        let Entity::TestCase(case) = entity else {
            continue;
        };
        if case.requester.as_str() == case.party.as_str() {
            continue;
        }
        let before = project.test_case(&case.key());
        let requester_changed = before.is_none_or(|b| b.requester != case.requester);
        if requester_changed {
            return Err(Message {
                ja: format!(
                    "テストケース {} は団体 {} のものです。情報照会者機関コードを {} にはできません（テストケースの団体は\
                     その情報照会者です）。別の団体のケースは、その団体のブックで取り込むか、その団体を選んで追加してください",
                    case.id,
                    case.party,
                    if case.requester.is_empty() { "空" } else { case.requester.as_str() }
                ),
                en: format!(
                    "test case {} is party {}'s: its requester (情報照会者機関コード) cannot be {} (a test case's party is \
                     its requester). Another party's case comes with that party's book, or is added with that party chosen",
                    case.id,
                    case.party,
                    if case.requester.is_empty() { "empty" } else { case.requester.as_str() }
                ),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::samples::sample::sample_project;

    /// The rules' verdict on putting `e` into `p`, on the day the tests are dated.
    fn put(p: &Project, e: Entity) -> Result<ChangeSet, Message> {
        for_edit(p, ChangeSet::put(p, e), Date::ymd(2026, 12, 7))
    }

    #[test]
    fn a_case_keeps_its_requester_as_its_party() {
        let p = sample_project();
        let mut c = p.test_cases[0].clone();
        c.requester = "003".into();
        let refused = put(&p, Entity::TestCase(Box::new(c))).unwrap_err();
        assert!(refused.ja.contains("団体 002") && refused.ja.contains("003"), "{}", refused.ja);
        assert!(refused.en.contains("party 002"), "{}", refused.en);
        // Another field of the same case is saved.
        let mut c = p.test_cases[0].clone();
        c.remarks = "x".into();
        assert!(put(&p, Entity::TestCase(Box::new(c))).is_ok());
    }

    #[test]
    fn a_new_row_without_a_party_is_refused_and_one_with_its_party_is_kept() {
        let p = sample_project();
        let mut c = p.test_cases[0].clone();
        c.id = "S01-V01-T09".into();
        c.party = "".into();
        c.requester = "".into();
        let refused = put(&p, Entity::TestCase(Box::new(c.clone())));
        assert!(refused.unwrap_err().ja.contains("団体が決まっていない"));
        c.party = "002".into();
        c.requester = "002".into();
        assert!(put(&p, Entity::TestCase(Box::new(c))).is_ok());
        let r = crate::domain::coordination::edit::new_role_model(&p, &"".into());
        assert!(put(&p, Entity::RoleModel(Box::new(r))).is_err());
    }

    #[test]
    fn an_edit_of_a_set_case_sends_it_back_and_a_book_change_does_too() {
        let mut p = sample_project();
        p.test_cases[0].agreement.state = crate::domain::model::kinds::AgreementState::Agreed;
        p.test_cases[0].agreement.date = Some(Date::ymd(2026, 12, 1));
        let mut c = p.test_cases[0].clone();
        c.remarks = "changed".into();
        let change = ChangeSet::put(&p, Entity::TestCase(Box::new(c)));
        let edit = for_edit(&p, change.clone(), Date::ymd(2026, 12, 7)).unwrap();
        let (book, rechecked) = for_book(&p, change, Date::ymd(2026, 12, 7));
        assert_eq!(edit.entries, book.entries);
        assert_eq!(rechecked.len(), 1);
        assert_eq!(
            rechecked[0].agreement.state,
            crate::domain::model::kinds::AgreementState::Recheck
        );
    }

    #[test]
    fn a_master_row_in_use_is_not_removed_and_the_refusal_names_its_users() {
        let p = sample_project();
        let today = Date::ymd(2026, 12, 7);
        let insurer = EntityKey::Insurer("06130017".into());
        let refused = for_edit(&p, crate::domain::coordination::edit::delete(&p, &insurer), today);
        let m = refused.unwrap_err();
        assert!(m.ja.contains("保険者 06130017") && m.ja.contains("加入歴 RM-X"), "{}", m.ja);
        assert!(m.ja.contains("テストケース 002:S01-V01-T01"), "{}", m.ja);
        // A master nothing uses goes.
        let mut q = p.clone();
        q.memberships.retain(|x| x.insurer.as_str() != "06130017");
        q.test_cases
            .iter_mut()
            .for_each(|c| c.expected_providers.retain(|x| x.as_str() != "06130017"));
        assert!(
            for_edit(&q, crate::domain::coordination::edit::delete(&q, &insurer), today).is_ok()
        );
        assert!(in_use(&q, &insurer).is_empty());
    }
}
