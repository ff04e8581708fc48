//! The テストケース一覧 sheet: the test cases, and the scenarios and variations their rows name (a scenario's name may
//! stand on its first row only). References to codes, bodies and role models nobody defines are imported and left
//! to the check.

use foldhash::{HashMap, HashSet};

use crate::domain::check::EntityKind;
use crate::domain::coordination::source::{digest_of_test_case, source_key};
use crate::domain::model::field::Field;
use crate::domain::model::message::Message;
use crate::domain::model::*;

use super::super::cell::{self, Notes};
use super::super::column;
use super::super::read::{Level, RowReader};
use super::super::sheets::SheetKind;
use super::{Current, Import, RowKind, Unknown, by_key, combine_in_party, current, reference};
use crate::domain::model::columns::Rule;

/// The scenarios and variations the rows name, in the order met, with the names the rows give.
#[derive(Default)]
struct Hierarchy {
    /// The book's party, which they belong to.
    party: InstitutionCode,
    scenarios: Vec<Scenario>,
    scenario_at: HashMap<String, usize>,
    variations: Vec<Variation>,
    variation_at: HashMap<String, usize>,
}

impl Hierarchy {
    /// Note a row's scenario with the name it gives (a different name on a later row is a warning).
    fn scenario(&mut self, r: &mut RowReader, id: &str, name: String) {
        let i = *self.scenario_at.entry(id.to_string()).or_insert_with(|| {
            self.scenarios.push(Scenario {
                party: self.party.clone(),
                id: id.into(),
                name: String::new(),
            });
            self.scenarios.len() - 1
        });
        let s = &mut self.scenarios[i];
        if s.name.is_empty() {
            s.name = name;
        } else if !name.is_empty() && name != s.name {
            let first = s.name.clone();
            r.problem(
                Level::Warning,
                Field::ScenarioName,
                Message::new(
                    format!("シナリオ {id} の名前が先の行（{first}）と違います。先の名前を使います"),
                    format!("scenario {id} was named differently on an earlier row ({first}): the earlier name is kept"),
                ),
            );
        }
    }

    /// Note a row's variation under its scenario. A row naming another scenario keeps it on its test case (the
    /// variation stays its first row's); the check reports the mismatch.
    fn variation(&mut self, r: &mut RowReader, id: &str, scenario: &str, name: String) {
        let i = *self.variation_at.entry(id.to_string()).or_insert_with(|| {
            self.variations.push(Variation {
                party: self.party.clone(),
                id: id.into(),
                scenario: scenario.into(),
                name: String::new(),
            });
            self.variations.len() - 1
        });
        let v = &mut self.variations[i];
        let same_scenario = v.scenario.as_str() == scenario;
        if same_scenario && v.name.is_empty() {
            v.name = name;
        } else if same_scenario && !name.is_empty() && name != v.name {
            let first = v.name.clone();
            r.problem(
                Level::Warning,
                Field::VariationName,
                Message::new(
                    format!("バリエーション {id} の名前が先の行（{first}）と違います。先の名前を使います"),
                    format!("variation {id} was named differently on an earlier row ({first}): the earlier name is kept"),
                ),
            );
        }
    }
}

/// The codes a test case's references are matched against: the book's and the project's (the result so far).
struct Known<'a> {
    institutions: HashSet<&'a str>,
    affairs: HashSet<&'a str>,
    procedures: HashSet<&'a str>,
    kinds: HashSet<&'a str>,
    role_models: HashSet<&'a str>,
}

impl<'a> Known<'a> {
    /// The codes of the masters, and the role models of the book's party.
    fn of(result: &'a Project, party: &InstitutionCode) -> Known<'a> {
        Known {
            institutions: result.institutions.iter().map(|x| x.code.as_str()).collect(),
            affairs: result.affairs.iter().map(|x| x.code.as_str()).collect(),
            procedures: result.procedures.iter().map(|x| x.code.as_str()).collect(),
            kinds: result.info_kinds.iter().map(|x| x.code.as_str()).collect(),
            role_models: result
                .role_models
                .iter()
                .filter(|x| &x.party == party)
                .map(|x| x.id.as_str())
                .collect(),
        }
    }

    /// A row's references: each matched against its codes (an unknown one is kept for the check).
    fn read_references(&self, r: &mut RowReader, c: &mut TestCase) {
        let checked = Unknown::IsChecked;
        let institutions = &self.institutions;
        c.requester = reference(r, Field::Requester, institutions, "機関コード", checked).into();
        c.provider = reference(r, Field::Provider, institutions, "機関コード", checked).into();
        c.affair = reference(r, Field::Affair, &self.affairs, "事務コード", checked).into();
        c.procedure =
            reference(r, Field::Procedure, &self.procedures, "事務手続コード", checked).into();
        c.info_kind =
            reference(r, Field::InfoKind, &self.kinds, "特定個人情報名コード", checked).into();
        c.role_model =
            reference(r, Field::RoleModelId, &self.role_models, "ロールモデル", checked).into();
    }
}

/// Read the test case sheets (and the scenarios and variations they name) into the result.
pub(super) fn read(i: &mut Import) {
    if !i.present(SheetKind::TestCases) {
        return;
    }
    let base = i.base;
    // The result so far is only read while the rows are: taken out, so the rows can be read into the import.
    let result = std::mem::take(&mut i.result);
    let party = i.party.clone();
    let known = Known::of(&result, &party);
    let base_by = by_key(&base.test_cases, |x| (x.party.as_str(), x.id.as_str()));
    let mut hierarchy = Hierarchy { party: party.clone(), ..Hierarchy::default() };
    // A row without its 照会条件 cannot be held, but its id still counts (a second row of it is reported).
    let kind = RowKind {
        sheet: SheetKind::TestCases,
        entity: Some(EntityKind::TestCase),
        key: |(c, _): &(TestCase, Option<ConditionKind>)| c.id.clone(),
        duplicate: (Field::TestCaseId, "テストケースID"),
        hold: |(mut c, condition)| {
            c.condition_kind = condition?;
            Some(c)
        },
        source: |c| (source_key(&c.party, &c.id), digest_of_test_case(c)),
    };
    let incoming = i.read_rows(&kind, |r| {
        let id = r.required_code(Field::TestCaseId, &[]);
        let base = base_by.get(&(party.as_str(), id.as_str())).copied();
        let read = read_row(r, (&party, &id), base, &known, &mut hierarchy);
        (!id.is_empty()).then_some(read)
    });
    drop(base_by);
    i.result = result;
    let (scenarios, variations) = named_as_in_project(base, hierarchy);
    combine_into_result(i, scenarios, variations, incoming);
}

/// One row's test case (over the project's, when it has one with this id) and its 照会条件 (`None`, noted, when
/// missing or unreadable), noting the row's scenario and variation.
fn read_row(
    r: &mut RowReader,
    (party, id): (&InstitutionCode, &str),
    base: Option<&TestCase>,
    known: &Known,
    hierarchy: &mut Hierarchy,
) -> (TestCase, Option<ConditionKind>) {
    let scenario = r.required_code(Field::ScenarioId, &[]);
    let scenario_name = r.text(Field::ScenarioName);
    let variation = r.required_code(Field::VariationId, &[]);
    let variation_name = r.text(Field::VariationName);
    if !scenario.is_empty() {
        hierarchy.scenario(r, &scenario, scenario_name);
    }
    if !variation.is_empty() {
        hierarchy.variation(r, &variation, &scenario, variation_name);
    }
    let mut c = base.cloned().unwrap_or_else(|| {
        TestCase::new(party.clone(), id.into(), scenario.as_str().into(), variation.as_str().into())
    });
    c.scenario = scenario.into();
    c.variation = variation.into();
    known.read_references(r, &mut c);
    // The condition is read apart: a row without one cannot be held.
    let mut notes = Notes::default();
    let condition = cell::condition(r.raw(Field::Condition), &mut notes);
    r.report(Field::Condition, notes.0);
    for col in column::alone::<TestCase>().filter(|c| !matches!(c.rule, Rule::Condition)) {
        if let Some(field) = col.field {
            r.set(field, |raw| column::set_column(&mut c, col, raw));
        }
    }
    (c, condition)
}

/// The scenarios and variations the rows name; one the book names but leaves unnamed keeps the project's name.
fn named_as_in_project(base: &Project, hierarchy: Hierarchy) -> (Vec<Scenario>, Vec<Variation>) {
    let Hierarchy { mut scenarios, mut variations, .. } = hierarchy;
    let base_scenarios = by_key(&base.scenarios, |x| (x.party.to_string(), x.id.to_string()));
    let base_variations = by_key(&base.variations, |x| (x.party.to_string(), x.id.to_string()));
    for s in &mut scenarios {
        if s.name.is_empty()
            && let Some(b) = base_scenarios.get(&(s.party.to_string(), s.id.to_string()))
        {
            s.name = b.name.clone();
        }
    }
    for v in &mut variations {
        if v.name.is_empty()
            && let Some(b) = base_variations.get(&(v.party.to_string(), v.id.to_string()))
        {
            v.name = b.name.clone();
        }
    }
    (scenarios, variations)
}

/// The book's scenarios, variations and test cases combined with its party's in the project, into the result.
fn combine_into_result(
    i: &mut Import,
    scenarios: Vec<Scenario>,
    variations: Vec<Variation>,
    incoming: Vec<TestCase>,
) {
    let base = i.base;
    let party = i.party.clone();
    let w = i.whole(SheetKind::TestCases);
    // Unlisted scenarios and variations are removed only if they held test cases (so the sheet could list them).
    let theirs = || base.test_cases.iter().filter(|c| c.party == party);
    let used_scenarios: HashSet<&str> = theirs().map(|c| c.scenario.as_str()).collect();
    let used_variations: HashSet<&str> = theirs().map(|c| c.variation.as_str()).collect();
    let result = &mut i.result;
    result.scenarios = combine_in_party(
        Current::Own(std::mem::take(&mut result.scenarios)),
        scenarios,
        (|x: &Scenario| x.id.clone(), |x: &Scenario| x.party == party),
        w,
        |x| !used_scenarios.contains(x.id.as_str()),
    );
    result.variations = combine_in_party(
        Current::Own(std::mem::take(&mut result.variations)),
        variations,
        (|x: &Variation| x.id.clone(), |x: &Variation| x.party == party),
        w,
        |x| !used_variations.contains(x.id.as_str()),
    );
    let all = |_: &TestCase| true;
    let rows = current(&mut i.pending.test_cases, &mut result.test_cases, &base.test_cases, &all);
    result.test_cases = combine_in_party(
        rows,
        incoming,
        (|x: &TestCase| x.id.clone(), |x: &TestCase| x.party == party),
        w,
        |_| false,
    );
    let scenario_ids: HashSet<(&str, &str)> =
        result.scenarios.iter().map(|x| (x.party.as_str(), x.id.as_str())).collect();
    result.variations.retain(|v| scenario_ids.contains(&(v.party.as_str(), v.scenario.as_str())));
}
