//! Names of a party's rows as people write them: `ID` when no other party has a row of that kind with the same id,
//! `機関コード:ID` otherwise (`002:S01-V01-T01`). An ambiguous name is an error that lists the candidates.

use foldhash::{HashMap, HashMapExt};

use crate::domain::model::kinds::EntityKind;
use crate::domain::model::message::Message;
use crate::domain::model::*;

/// The ids, per kind of party row, that more than one party uses: where a name must carry its party.
#[derive(Debug, Clone, Default)]
pub struct Ambiguity {
    shared: foldhash::HashSet<(EntityKind, String)>,
}

impl Ambiguity {
    /// Work out, once, which ids of a project are shared by parties.
    pub fn of(p: &Project) -> Ambiguity {
        let mut parties: HashMap<(EntityKind, &str), &str> = HashMap::new();
        let mut shared = foldhash::HashSet::default();
        let ids = p
            .scenarios
            .iter()
            .map(|x| (EntityKind::Scenario, x.id.as_str(), x.party.as_str()))
            .chain(
                p.variations
                    .iter()
                    .map(|x| (EntityKind::Variation, x.id.as_str(), x.party.as_str())),
            )
            .chain(
                p.test_cases
                    .iter()
                    .map(|x| (EntityKind::TestCase, x.id.as_str(), x.party.as_str())),
            )
            .chain(
                p.role_models
                    .iter()
                    .map(|x| (EntityKind::RoleModel, x.id.as_str(), x.party.as_str())),
            );
        for (kind, id, party) in ids {
            let first = *parties.entry((kind, id)).or_insert(party);
            if first != party {
                shared.insert((kind, id.to_string()));
            }
        }
        Ambiguity { shared }
    }

    /// Whether an id of this kind names rows of several parties. A membership's or benefit record's key is
    /// ambiguous when its role model's id is.
    pub fn is_ambiguous(&self, kind: EntityKind, key: &str) -> bool {
        let (kind, id) = match kind {
            EntityKind::Membership | EntityKind::Benefit => {
                (EntityKind::RoleModel, key.split('/').next().unwrap_or(key))
            }
            k => (k, key),
        };
        !self.shared.is_empty() && self.shared.contains(&(kind, id.to_string()))
    }

    /// A row's name: its key, with its party before it where the key is ambiguous.
    pub fn name(&self, kind: EntityKind, party: &str, key: &str) -> String {
        if !party.is_empty() && self.is_ambiguous(kind, key) {
            format!("{party}:{key}")
        } else {
            key.to_string()
        }
    }
}

/// Why a name does not name one row.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    /// No row has that name.
    #[error("{what} {name} はありません / there is no {what_en} {name}")]
    Unknown {
        /// The name given.
        name: String,
        /// What was looked for, in Japanese and English.
        what: &'static str,
        /// In English.
        what_en: &'static str,
    },
    /// Several parties have a row with that id.
    #[error(
        "{name} は複数の団体にあります。機関コード:ID で指定してください（{} ） / {name} is in several parties: name it as institution-code:ID ({})",
        candidates.join("、"), candidates.join(", ")
    )]
    Ambiguous {
        /// The name given.
        name: String,
        /// The names that would each be one row.
        candidates: Vec<String>,
    },
}

impl NameError {
    /// The error as a message in both languages.
    pub fn message(&self) -> Message {
        let text = self.to_string();
        match text.split_once(" / ") {
            Some((ja, en)) => Message::new(ja, en),
            None => Message::new(text.clone(), text),
        }
    }
}

/// A name split into its party (when written `機関コード:ID` with a party the project has) and its id.
fn split<'n>(parties: &[&str], name: &'n str) -> (Option<&'n str>, &'n str) {
    match name.split_once(':') {
        Some((party, id)) if parties.contains(&party) => (Some(party), id),
        _ => (None, name),
    }
}

/// How a row's party and id are read.
type PartyAndId<T> = (fn(&T) -> &str, fn(&T) -> &str);

/// The one row of a list that a name names: by its id, or by `機関コード:ID`.
fn find<'p, T>(
    list: &'p [T],
    name: &str,
    (party_of, id_of): PartyAndId<T>,
    (what, what_en): (&'static str, &'static str),
) -> Result<&'p T, NameError> {
    let mut parties: Vec<&str> = list.iter().map(party_of).collect();
    parties.sort_unstable();
    parties.dedup();
    let (party, id) = split(&parties, name.trim());
    let found: Vec<&T> =
        list.iter().filter(|x| id_of(x) == id && party.is_none_or(|p| party_of(x) == p)).collect();
    match found.as_slice() {
        [one] => Ok(one),
        [] => Err(NameError::Unknown { name: name.to_string(), what, what_en }),
        several => Err(NameError::Ambiguous {
            name: name.to_string(),
            candidates: several.iter().map(|x| format!("{}:{}", party_of(x), id_of(x))).collect(),
        }),
    }
}

/// The test case a name names.
pub fn find_test_case<'p>(p: &'p Project, name: &str) -> Result<&'p TestCase, NameError> {
    find(
        &p.test_cases,
        name,
        (|x| x.party.as_str(), |x| x.id.as_str()),
        ("テストケース", "test case"),
    )
}

/// The role model a name names.
pub fn find_role_model<'p>(p: &'p Project, name: &str) -> Result<&'p RoleModel, NameError> {
    find(
        &p.role_models,
        name,
        (|x| x.party.as_str(), |x| x.id.as_str()),
        ("ロールモデル", "role model"),
    )
}

/// How a party is named where rows of several parties meet: its institution code and, when the institution
/// master has it, its name (`003 E市`).
pub fn party_label(p: &Project, party: &str) -> String {
    match p.institutions.iter().find(|i| i.code.as_str() == party) {
        Some(i) if !i.name.is_empty() => format!("{party} {}", i.name),
        _ => party.to_string(),
    }
}

impl Project {
    /// The test case a name names (`ID`, or `機関コード:ID` where two parties use the ID).
    pub fn test_case_named(&self, name: &str) -> Option<&TestCase> {
        find_test_case(self, name).ok()
    }
}

/// The parties of a project: every party its rows belong to, in code order. (A set first: a project has a few
/// parties and may have 100,000 rows.)
pub fn parties(p: &Project) -> Vec<InstitutionCode> {
    let mut seen: foldhash::HashSet<&InstitutionCode> = foldhash::HashSet::default();
    seen.extend(
        p.test_cases
            .iter()
            .map(|x| &x.party)
            .chain(p.scenarios.iter().map(|x| &x.party))
            .chain(p.role_models.iter().map(|x| &x.party)),
    );
    let mut out: Vec<InstitutionCode> = seen.into_iter().cloned().collect();
    out.sort_unstable();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::samples::sample::sample_project;

    #[test]
    fn a_name_is_its_id_unless_two_parties_share_it() {
        let mut p = sample_project();
        assert_eq!(find_test_case(&p, "S01-V01-T01").unwrap().party.as_str(), "002");
        assert_eq!(find_test_case(&p, "002:S01-V01-T01").unwrap().id.as_str(), "S01-V01-T01");
        let mut other = p.test_cases[0].clone();
        other.party = "003".into();
        p.test_cases.push(other);
        let e = find_test_case(&p, "S01-V01-T01").unwrap_err();
        assert_eq!(
            e,
            NameError::Ambiguous {
                name: "S01-V01-T01".into(),
                candidates: vec!["002:S01-V01-T01".into(), "003:S01-V01-T01".into()]
            }
        );
        assert!(e.to_string().contains("002:S01-V01-T01、003:S01-V01-T01"));
        assert_eq!(find_test_case(&p, "003:S01-V01-T01").unwrap().party.as_str(), "003");
        assert!(matches!(find_test_case(&p, "004:S01-V01-T01"), Err(NameError::Unknown { .. })));
        let names = Ambiguity::of(&p);
        assert_eq!(names.name(EntityKind::TestCase, "003", "S01-V01-T01"), "003:S01-V01-T01");
        assert_eq!(names.name(EntityKind::TestCase, "002", "S02-V01-T01"), "S02-V01-T01");
        assert_eq!(parties(&p), ["002".into(), "003".into()] as [InstitutionCode; 2]);
    }
}
