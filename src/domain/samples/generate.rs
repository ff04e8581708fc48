//! A generator of national-scale projects for benchmarks and demos: the real population of bodies
//! (48 + 1,399 + 163 + 47 insurers with valid insurer numbers, about 1,700 local governments in 8 test groups),
//! the sample code masters, one role model per test case with its memberships and benefit records, and test cases
//! over all three conditions whose expected results come from the routing rules. Deterministic per seed.

use crate::domain::date::{Date, DateTime};
use crate::domain::model::codes::{insurer_number_with_check, my_number_with_check};
use crate::domain::model::*;
use crate::domain::routing::{ProjectIndex, simulate};
use crate::domain::samples::sample::sample_codes;

/// What to generate.
#[derive(Debug, Clone)]
pub struct GenerateOptions {
    /// Number of test cases (and role models).
    pub cases: usize,
    /// Seed of the pseudo-random choices.
    pub seed: u64,
    /// Memberships per person; `None` = 1 to 5 at random.
    pub memberships_per_person: Option<usize>,
    /// Parties (local governments) the cases are shared among, in equal blocks, each with its own scenarios,
    /// variations and role models whose ids repeat from party to party (as two cities' books do). At least 1.
    pub parties: usize,
}

impl Default for GenerateOptions {
    fn default() -> Self {
        GenerateOptions { cases: 1000, seed: 1, memberships_per_person: None, parties: 1 }
    }
}

/// SplitMix64: small, fast and good enough for test data; no dependency needed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E3779B97F4A7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58476D1CE4E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D049BB133111EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }
}

/// The insurer population: 協会けんぽ 48, 健保組合 1,399, 国保組合 163, 後期高齢者医療広域連合 47.
pub fn insurer_population() -> Vec<Insurer> {
    let mut out = Vec::with_capacity(1657);
    let mut push = |number: String, name: String, system: InsuranceSystem, i: usize, n: usize| {
        // Lot 1: the first two of each system (pioneers); lot 2: the larger third; lot 3: the rest.
        let lot = if i < 2 {
            1
        } else if i < n / 3 {
            2
        } else {
            3
        };
        out.push(Insurer {
            number: number.into(),
            name,
            system: Some(system),
            lot: Some(lot),
            representative: i < 3,
        });
    };
    for i in 0..48 {
        let pref = if i == 47 { 0 } else { i + 1 };
        let name = if i == 47 {
            "全国健康保険協会 本部".to_string()
        } else {
            format!("全国健康保険協会 {pref:02}支部")
        };
        push(
            insurer_number_with_check(&format!("01{pref:02}001")),
            name,
            InsuranceSystem::KyokaiKenpo,
            i,
            48,
        );
    }
    for i in 0..1399 {
        let pref = i % 47 + 1;
        let serial = i / 47 + 1;
        push(
            insurer_number_with_check(&format!("06{pref:02}{serial:03}")),
            format!("健康保険組合{:04}", i + 1),
            InsuranceSystem::HealthInsuranceSociety,
            i,
            1399,
        );
    }
    for i in 0..163 {
        let pref = i % 47 + 1;
        let serial = 300 + i / 47;
        push(
            insurer_number_with_check(&format!("{pref:02}{serial:03}")),
            format!("国民健康保険組合{:03}", i + 1),
            InsuranceSystem::NhiAssociation,
            i,
            163,
        );
    }
    for i in 0..47 {
        push(
            insurer_number_with_check(&format!("39{:02}001", i + 1)),
            format!("後期高齢者医療広域連合{:02}", i + 1),
            InsuranceSystem::LateStageElderly,
            i,
            47,
        );
    }
    out
}

/// The institutions: the Fund (`099`) and 1,700 local governments in 8 test groups, 5 of them representatives.
pub fn institution_population() -> Vec<Institution> {
    let mut out = vec![Institution {
        code: "099".into(),
        name: "社会保険診療報酬支払基金".into(),
        kind: InstitutionKind::Fund,
        test_group: None,
        representative: false,
    }];
    for i in 0..1700 {
        out.push(Institution {
            code: format!("{:06}", 100_000 + i).into(),
            name: format!("市区町村{:04}", i + 1),
            kind: InstitutionKind::LocalGovernment,
            test_group: Some((i % 8) as u8 + 1),
            representative: i % 340 == 0,
        });
    }
    out
}

const BENEFIT_KINDS: [&str; 5] =
    ["高額療養費", "出産育児一時金", "出産手当金", "埋葬料", "傷病手当金"];

/// Generate a project.
pub fn generate(options: &GenerateOptions) -> Project {
    let mut rng = Rng(options.seed ^ 0x005E_ED0F_4E4E_4B45);
    let mut p = Project {
        name: format!("生成プロジェクト（{}件, seed {}）", options.cases, options.seed),
        ..Project::default()
    };
    p.insurers = insurer_population();
    p.institutions = institution_population();
    sample_codes(&mut p);
    let jm = [("JM030", "JT030001"), ("JM015", "JT015001")];
    let per_variation = 50;
    let per_scenario = 1000;
    let registered = DateTime::new(Date::ymd(2018, 12, 29), 9, 1, 0);
    let parties = options.parties.clamp(1, 1700);
    let per_party = options.cases.div_ceil(parties).max(1);
    for n in 0..options.cases {
        // The party's own numbering: its ids start again from the first.
        let (k, j) = (n / per_party, n % per_party);
        let party = p.institutions[1 + k].code.clone();
        let s = j / per_scenario + 1;
        let v = j / per_variation + 1;
        let sid = format!("S{s:04}");
        let vid = format!("{sid}-V{v:04}");
        if j % per_scenario == 0 {
            p.scenarios.push(Scenario {
                party: party.clone(),
                id: sid.clone().into(),
                name: format!("シナリオ{s}"),
            });
        }
        if j % per_variation == 0 {
            let kind = ConditionKind::ALL[v % 3];
            p.variations.push(Variation {
                party: party.clone(),
                id: vid.clone().into(),
                scenario: sid.clone().into(),
                name: kind.label_ja().into(),
            });
        }
        let rm = format!("RM{:07}", j + 1);
        let mut person =
            RoleModel::new(party.clone(), rm.clone().into(), format!("P{:09}", n + 1).into());
        person.name = format!("試験 {}", n + 1).into();
        person.my_number =
            my_number_with_check(&format!("{:011}", 10_000_000_000u64 + n as u64)).into();
        person.test_case_ids = vec![format!("{vid}-T{:03}", j % per_variation + 1).into()];
        // Consecutive memberships from a random start; the last may still be running.
        let count = options.memberships_per_person.unwrap_or_else(|| rng.range(1, 5) as usize);
        let mut day = Date::ymd(1995, 4, 1).add_days(rng.range(0, 365 * 12));
        for k in 0..count {
            let insurer = &p.insurers[rng.below(p.insurers.len() as u64) as usize];
            let lost = if k + 1 == count && rng.below(2) == 0 {
                None
            } else {
                Some(day.add_days(rng.range(180, 365 * 6)))
            };
            p.memberships.push(Membership {
                id: 0,
                party: party.clone(),
                role_model: rm.clone().into(),
                insurer: insurer.number.clone(),
                member_branch: "01".into(),
                link_number: compact_str::format_compact!("{:010}", p.memberships.len() + 1),
                acquired_on: day,
                lost_on: lost,
                lost_on_reason_of_null: if lost.is_none() {
                    "NotApplicable".into()
                } else {
                    Default::default()
                },
                registered_at: registered,
                version: "4.0".into(),
            });
            if rng.below(3) == 0 {
                p.benefits.push(BenefitRecord {
                    id: 0,
                    party: party.clone(),
                    role_model: rm.clone().into(),
                    insurer: insurer.number.clone(),
                    kind: BENEFIT_KINDS[rng.below(5) as usize].into(),
                    start_date: day.add_days(rng.range(30, 170)),
                    amount: Some(rng.range(10, 500) * 1000),
                });
            }
            day = lost.unwrap_or(day.add_days(365 * 3));
        }
        let (affair, procedure) = jm[rng.below(2) as usize];
        let kind = ConditionKind::ALL[v % 3];
        let mut case = TestCase::new(
            party.clone(),
            format!("{vid}-T{:03}", j % per_variation + 1).into(),
            sid.into(),
            vid.into(),
        );
        case.viewpoint_id = format!("TV-{:02}", rng.below(20) + 1).into();
        case.query_date = Some(Date::ymd(2019, 7, 27));
        case.requester = party;
        // Drawn where a random requester was before parties: a seed still gives the same people and cases.
        rng.below(1700);
        case.provider = "099".into();
        case.affair = affair.into();
        case.procedure = procedure.into();
        case.info_kind = "TM031".into();
        case.items = if rng.below(2) == 0 {
            ["TK01", "TK02", "TK03"].iter().map(|c| InfoItemCode::from(*c)).collect()
        } else {
            (1..=15).map(|i| InfoItemCode::from(format!("TK{i:02}"))).collect()
        };
        case.condition_kind = kind;
        let start = Date::ymd(2000, 1, 1).add_days(rng.range(0, 365 * 18));
        match kind {
            ConditionKind::Latest => {}
            ConditionKind::AsOf => case.condition_start = Some(start),
            ConditionKind::Range => {
                case.condition_start = Some(start);
                case.condition_end = Some(start.add_days(rng.range(30, 365 * 5)));
            }
        }
        case.role_model = rm.into();
        p.role_models.push(person);
        p.test_cases.push(case);
    }
    for (i, m) in p.memberships.iter_mut().enumerate() {
        m.id = i as i64 + 1;
    }
    for (i, b) in p.benefits.iter_mut().enumerate() {
        b.id = i as i64 + 1;
    }
    expect_what_the_rules_give(&mut p);
    p
}

/// Each case expects what the rules themselves give it.
fn expect_what_the_rules_give(p: &mut Project) {
    let expected: Vec<(Outcome, Vec<InsurerNumber>)> = {
        let index = ProjectIndex::new(p);
        p.test_cases
            .iter()
            .map(|c| {
                let sim = simulate(&index, c);
                (sim.outcome, sim.providers)
            })
            .collect()
    };
    for (case, (outcome, providers)) in p.test_cases.iter_mut().zip(expected) {
        case.expected_outcome = Some(outcome);
        case.expected_providers = providers;
    }
}
