//! The insurer representative's workspace (issue "The insurer representative's workspace"): an insurer's partition
//! and the cases that reach it on the sample; `renkei partition` and `renkei simulate --insurer --out` end to end
//! (their JSON, files and index read back); a role model built for a case simulates to exactly what the case
//! expects, and a replica proposal, once applied to the project file, makes the case match (property tests).

use std::path::Path;
use std::process::Command;

use proptest::prelude::*;
use renkei::domain::date::{Date, DateTime};
use renkei::domain::model::*;
use renkei::domain::partition::{
    Boundary, Expectation, ReplicaProposal, build_role_model, replica_proposal, workspace,
};
use renkei::domain::routing::{ProjectIndex, simulate};
use renkei::domain::samples::sample::sample_project;
use renkei::store::Store;

const A: &str = "06130017";
const C: &str = "06130033";
const D: &str = "06130041";

fn case_ids(p: &Project, insurer: &str) -> Vec<String> {
    let index = ProjectIndex::new(p);
    let w = workspace(&index, &insurer.into(), &mut |_, _| true).unwrap();
    w.cases.iter().map(|c| p.test_cases[c.case].id.to_string()).collect()
}

#[test]
fn the_sample_partitions_as_the_worked_cases_say() {
    let p = sample_project();
    let index = ProjectIndex::new(&p);
    let a = workspace(&index, &A.into(), &mut |_, _| true).unwrap();
    // A holds PX0001's membership (2015-04-01 to 2018-07-27), and S01-V01-T01 reaches it and matches.
    let rows: Vec<(&str, &str, Date)> = a
        .memberships
        .iter()
        .map(|&i| {
            let m = &p.memberships[i];
            (m.role_model.as_str(), m.link_number.as_str(), m.acquired_on)
        })
        .collect();
    assert_eq!(rows, [("RM-X", "1000000003", Date::ymd(2015, 4, 1))]);
    assert_eq!(a.cases.len(), 1);
    let s01 = &a.cases[0];
    assert_eq!(p.test_cases[s01.case].id.as_str(), "S01-V01-T01");
    assert!(s01.routed && s01.expected);
    assert_eq!(s01.expectation, Expectation::Matches);
    assert_eq!(a.counts(), (1, 0));
    // Its replica XML for the case: the qualification record as A's answer carries it.
    let sim = simulate(&index, &p.test_cases[s01.case]);
    let answer = sim.answers.iter().find(|x| x.insurer.as_str() == A).unwrap();
    let xml = renkei::exchange::xml::insurer_answer_xml(answer).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let texts: Vec<&str> = doc.descendants().filter_map(|n| n.text()).collect();
    assert!(texts.contains(&"2015-04-01") && texts.contains(&"2018-07-27"), "{xml}");
    assert!(texts.contains(&"A健康保険組合"), "{xml}");
    // The insurer list's figures: each reached once, nothing unserved.
    let counts = renkei::domain::partition::reach_counts(&index, &mut |_, _| true).unwrap();
    for x in [A, C, D] {
        assert_eq!(counts.get(&InsurerNumber::from(x)), Some(&(1, 0)), "{x}");
    }
    // C and D: S02-V01-T01 (and not S01, which neither reaches nor expects them).
    assert_eq!(case_ids(&p, C), ["S02-V01-T01"]);
    assert_eq!(case_ids(&p, D), ["S02-V01-T01"]);
}

#[test]
fn mismatches_come_first_and_a_case_expecting_nothing_is_said_so() {
    let mut p = sample_project();
    // S01 now expects D as well (a point query cannot give two): a mismatch at D, expected but not routed.
    let mut extra = p.test_cases[0].clone();
    extra.id = "S01-V01-T02".into();
    extra.expected_providers = vec![D.into()];
    let mut none = p.test_cases[0].clone();
    none.id = "S01-V01-T03".into();
    none.expected_outcome = None;
    none.expected_providers.clear();
    p.test_cases.push(none);
    p.test_cases.push(extra);
    let index = ProjectIndex::new(&p);
    let a = workspace(&index, &A.into(), &mut |_, _| true).unwrap();
    let shown: Vec<(&str, Option<bool>)> = a
        .cases
        .iter()
        .map(|c| (p.test_cases[c.case].id.as_str(), c.expectation.matches()))
        .collect();
    assert_eq!(
        shown,
        [("S01-V01-T02", Some(false)), ("S01-V01-T03", None), ("S01-V01-T01", Some(true))]
    );
    let d = workspace(&index, &D.into(), &mut |_, _| true).unwrap();
    let t2 = d.cases.iter().find(|c| p.test_cases[c.case].id.as_str() == "S01-V01-T02").unwrap();
    assert!(t2.expected && !t2.routed);
    // Stopped when asked.
    assert!(workspace(&index, &A.into(), &mut |_, _| false).is_none());
}

fn renkei(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_renkei")).args(args).output().unwrap()
}

fn sample_file(dir: &Path) -> String {
    let path = dir.join("見本.renkei");
    let mut store = Store::create(&path, "s").unwrap();
    store.replace_all(&sample_project()).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn renkei_partition_reports_the_partition_and_its_cases() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample_file(dir.path());
    let out = renkei(&["partition", &file, "--insurer", A, "--format", "json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["insurer"], A);
    assert_eq!(v["representative"], true);
    let m = &v["memberships"].as_array().unwrap()[..];
    assert_eq!(m.len(), 1);
    assert_eq!(m[0]["person_code"], "PX0001");
    assert_eq!(m[0]["link_number"], "1000000003");
    assert_eq!(m[0]["member_branch"], "01");
    assert_eq!(m[0]["acquired_on"], "2015-04-01");
    assert_eq!(m[0]["lost_on"], "2018-07-27");
    assert_eq!(m[0]["role_model"], "RM-X");
    assert_eq!(m[0]["party"], "002");
    let cases = v["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 1);
    assert_eq!(cases[0]["test_case"], "S01-V01-T01");
    assert_eq!(cases[0]["routed"], true);
    assert_eq!(cases[0]["matches"], true);
    assert_eq!(cases[0]["outcome"], "正常終了");
    let xml = cases[0]["answer_xml"].as_str().unwrap();
    roxmltree::Document::parse(xml).unwrap();
    assert!(xml.contains("2015-04-01"));
    // D's benefit record and its case; text output names the partition's rows.
    let out = renkei(&["partition", &file, "--insurer", D]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("機関別符号 PY0001"), "{text}");
    assert!(text.contains("傷病手当金"), "{text}");
    assert!(text.contains("○ S02-V01-T01"), "{text}");
    // A mismatch is exit 1; an unknown insurer exit 2 with its number.
    let p = Store::open_read_only(Path::new(&file)).unwrap().load().unwrap();
    let mut case = p.test_cases[0].clone();
    case.expected_providers = vec![D.into()];
    let mut store = Store::open(Path::new(&file)).unwrap();
    store
        .apply_change(
            "期待を変える",
            &renkei::domain::coordination::change::ChangeSet::put(
                &p,
                renkei::store::Entity::TestCase(Box::new(case)),
            ),
            &mut |_, _| true,
        )
        .unwrap();
    drop(store);
    let out = renkei(&["partition", &file, "--insurer", D]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("× S01-V01-T01"), "{text}");
    assert!(text.contains("期待されているが届かない"), "{text}");
    let out = renkei(&["partition", &file, "--insurer", "01234567"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("01234567"));
}

#[test]
fn renkei_simulate_insurer_writes_its_answers_and_an_index() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample_file(dir.path());
    let out_dir = dir.path().join("回答 D");
    let out = renkei(&["simulate", &file, "--insurer", D, "--out", out_dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let index = std::fs::read_to_string(out_dir.join("index.csv")).unwrap();
    assert_eq!(
        index,
        "\u{feff}case,party,outcome,file\r\nS02-V01-T01,002,正常終了,S02-V01-T01_06130041.xml\r\n"
    );
    let xml = std::fs::read_to_string(out_dir.join("S02-V01-T01_06130041.xml")).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let texts: Vec<&str> = doc.descendants().filter_map(|n| n.text()).collect();
    assert!(texts.contains(&"D健康保険組合") && !texts.contains(&"C健康保険組合"), "{xml}");
    // The same bytes as `simulate --case --out` writes for that insurer.
    let case_dir = dir.path().join("case");
    let out =
        renkei(&["simulate", &file, "--case", "S02-V01-T01", "--out", case_dir.to_str().unwrap()]);
    assert!(out.status.success());
    assert_eq!(std::fs::read(case_dir.join("S02-V01-T01_06130041.xml")).unwrap(), xml.as_bytes());
    let files: Vec<String> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files.len(), 2, "{files:?}");
}

// ---- Property tests.

fn cases_setting() -> ProptestConfig {
    ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(48),
    )
}

/// A case of the sample's first, with a random condition and a random (possible) expectation.
fn arb_case() -> impl Strategy<Value = (ConditionKind, i64, i64, Option<Outcome>, Vec<usize>)> {
    (
        prop_oneof![
            Just(ConditionKind::Latest),
            Just(ConditionKind::AsOf),
            Just(ConditionKind::Range)
        ],
        0i64..12_000,
        0i64..3_000,
        prop_oneof![Just(Some(Outcome::NormalEnd)), Just(Some(Outcome::NoMatch)), Just(None)],
        prop::collection::vec(0usize..3, 0..4),
    )
}

fn make_case(
    p: &Project,
    (kind, start, len, outcome, providers): &(ConditionKind, i64, i64, Option<Outcome>, Vec<usize>),
) -> TestCase {
    let insurers = [A, C, D];
    let base = Date::ymd(1995, 1, 1);
    let mut c = p.test_cases[0].clone();
    c.condition_kind = *kind;
    let (from, to) = (base.add_days(*start), base.add_days(start + len));
    match kind {
        ConditionKind::Latest => {
            c.query_date = Some(from);
            c.condition_start = None;
            c.condition_end = None;
        }
        ConditionKind::AsOf => {
            c.condition_start = Some(from);
            c.condition_end = None;
        }
        ConditionKind::Range => {
            c.condition_start = Some(from);
            c.condition_end = Some(to);
        }
    }
    let mut wanted: Vec<InsurerNumber> = Vec::new();
    for &i in providers {
        if !wanted.iter().any(|x| x.as_str() == insurers[i]) {
            wanted.push(insurers[i].into());
        }
    }
    if *kind != ConditionKind::Range {
        wanted.truncate(1);
    }
    match outcome {
        Some(Outcome::NoMatch) => wanted.clear(),
        _ if wanted.is_empty() => wanted.push(A.into()),
        _ => {}
    }
    c.expected_outcome = match outcome {
        Some(Outcome::NoMatch) => Some(Outcome::NoMatch),
        _ => Some(Outcome::NormalEnd),
    };
    c.expected_providers = wanted;
    c
}

proptest! {
    #![proptest_config(cases_setting())]

    /// A role model built for a case simulates to exactly the outcome and providers it expects, at every
    /// boundary it can be built on.
    #[test]
    fn a_built_role_model_simulates_to_the_expectation(
        shape in arb_case(),
        boundary in prop_oneof![
            Just(Boundary::Inside),
            Just(Boundary::AcquiredOnPoint),
            Just(Boundary::LostOnPoint),
            Just(Boundary::TouchingOneDay)
        ],
    ) {
        let mut p = sample_project();
        let case = make_case(&p, &shape);
        p.test_cases[0] = case.clone();
        let built = match build_role_model(&p, &case, &A.into(), boundary) {
            Ok(b) => b,
            Err(why) => {
                // Only a one-day-touching person for a point query cannot be built.
                prop_assert!(boundary == Boundary::TouchingOneDay && case.condition_kind != ConditionKind::Range, "{}", why.en);
                return Ok(());
            }
        };
        // Deterministic.
        prop_assert_eq!(&build_role_model(&p, &case, &A.into(), boundary).unwrap(), &built);
        p.role_models.push(built.role_model.clone());
        p.memberships.extend(built.memberships.iter().cloned());
        p.benefits.extend(built.benefits.iter().cloned());
        p.test_cases[0].role_model = built.role_model.id.clone();
        let index = ProjectIndex::new(&p);
        let sim = simulate(&index, &p.test_cases[0]);
        prop_assert_eq!(Some(sim.outcome), case.expected_outcome, "{:?}", sim.reason);
        prop_assert_eq!(&sim.providers, &case.expected_providers);
        prop_assert_eq!(Expectation::of(&p.test_cases[0], &sim), Expectation::Matches);
    }

    /// For a random person and a random case, the replica proposal, once applied to the project file, makes the
    /// case's simulation match what it expects.
    #[test]
    fn an_applied_replica_proposal_makes_the_case_match(
        shape in arb_case(),
        history in prop::collection::vec((0usize..3, 0i64..12_000, prop::option::of(1i64..4_000)), 1..5),
    ) {
        let insurers = [A, C, D];
        let base = Date::ymd(1995, 1, 1);
        let mut p = sample_project();
        let case = make_case(&p, &shape);
        p.test_cases[0] = case;
        p.memberships.retain(|m| m.role_model.as_str() != "RM-X");
        for (i, (x, start, dur)) in history.iter().enumerate() {
            p.memberships.push(Membership {
                party: "002".into(),
                id: 0,
                role_model: "RM-X".into(),
                insurer: insurers[*x].into(),
                member_branch: "01".into(),
                link_number: format!("90000000{i:02}").into(),
                acquired_on: base.add_days(*start),
                lost_on: dur.map(|d| base.add_days(start + d)),
                lost_on_reason_of_null: if dur.is_none() { "NotApplicable".into() } else { Default::default() },
                registered_at: DateTime::new(Date::ymd(2018, 12, 29), 9, 1, 0),
                version: "4.0".into(),
            });
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.renkei");
        let mut store = Store::create(&path, "p").unwrap();
        store.replace_all(&p).unwrap();
        let p = store.load().unwrap();
        let case = p.test_cases[0].clone();
        let index = ProjectIndex::new(&p);
        let before = Expectation::of(&case, &simulate(&index, &case));
        let expected_here: InsurerNumber = case.expected_providers.first().cloned().unwrap_or_else(|| A.into());
        let proposal = replica_proposal(&p, &case, &expected_here);
        if before == Expectation::Matches {
            prop_assert!(proposal.is_none());
            return Ok(());
        }
        let Some(ReplicaProposal::Change { change, what, .. }) = proposal else {
            return Err(TestCaseError::fail(format!("no replica change proposed for {:?}", case.expected_providers)));
        };
        prop_assert!(!what.ja.is_empty());
        store.apply_change("副本を直す", &change, &mut |_, _| true).unwrap();
        let after = store.load().unwrap();
        let index = ProjectIndex::new(&after);
        let sim = simulate(&index, &after.test_cases[0]);
        prop_assert_eq!(Expectation::of(&after.test_cases[0], &sim), Expectation::Matches, "{}", what.en);
        // One undo step brings it back.
        store.undo().unwrap();
        prop_assert_eq!(store.load().unwrap(), p);
    }
}

/// The fault in the case: a point query expecting two insurers is a finding for the querier, not a replica.
#[test]
fn a_fault_in_the_case_is_a_finding_not_a_replica_change() {
    let mut p = sample_project();
    p.test_cases[0].expected_providers = vec![A.into(), C.into()];
    let case = p.test_cases[0].clone();
    match replica_proposal(&p, &case, &A.into()) {
        Some(ReplicaProposal::InTheCase(why)) => {
            assert!(why.ja.contains("時点の照会"), "{}", why.ja)
        }
        other => panic!("{other:?}"),
    }
    let mut q = sample_project();
    q.test_cases[0].role_model = "RM-NONE".into();
    q.test_cases[0].expected_providers = vec![C.into()];
    let case = q.test_cases[0].clone();
    assert!(matches!(replica_proposal(&q, &case, &C.into()), Some(ReplicaProposal::InTheCase(_))));
}
