//! The sample project: the source's two worked cases with the bodies, sample code masters and test persons they
//! need. Its keys are fixed; later features and checks rely on them. The code masters are SAMPLE data built on the
//! source's short example codes, marked as such.

use crate::domain::date::{Date, DateTime};
use crate::domain::model::codes::my_number_with_check;
use crate::domain::model::*;

/// The sample project's name.
pub const SAMPLE_NAME: &str = "サンプル: 総合運用テスト 事例1・事例2";

/// The party of the sample's test specification: B市, the requester of both worked cases.
pub const SAMPLE_PARTY: &str = "002";

/// TM031's root element: the slide's label `被用者保険関係情報（健康保険）` made a name every XML parser reads
/// (full-width parentheses are name characters under XML 1.0 fifth edition only).
pub const SAMPLE_XML_ROOT: &str = "被用者保険関係情報_健康保険";

/// The root the sample's TM031 had before names had to be portable (what the migration to schema 3 replaces).
pub const OLD_SAMPLE_XML_ROOT: &str = "被用者保険関係情報（健康保険）";

fn institution(
    code: &str,
    name: &str,
    kind: InstitutionKind,
    test_group: Option<u8>,
) -> Institution {
    Institution { code: code.into(), name: name.into(), kind, test_group, representative: false }
}

fn insurer(number: &str, name: &str, representative: bool) -> Insurer {
    Insurer {
        number: number.into(),
        name: name.into(),
        system: Some(InsuranceSystem::HealthInsuranceSociety),
        lot: Some(1),
        representative,
    }
}

/// The sample code masters: JM030, JM015, JT030001, JT015001, TM031 and TK01–TK15.
pub fn sample_codes(p: &mut Project) {
    p.affairs = vec![
        Affair {
            code: "JM030".into(),
            name: "国民健康保険法による保険給付の支給に関する事務".into(),
            sample: true,
        },
        Affair {
            code: "JM015".into(),
            name: "生活保護法による保護の決定及び実施に関する事務".into(),
            sample: true,
        },
    ];
    p.procedures = vec![
        Procedure {
            code: "JT030001".into(),
            name: "資格取得届の審査".into(),
            affair: "JM030".into(),
            sample: true,
        },
        Procedure {
            code: "JT015001".into(),
            name: "生活保護の停止".into(),
            affair: "JM015".into(),
            sample: true,
        },
    ];
    p.info_kinds = vec![InfoKind {
        code: "TM031".into(),
        name: "医療保険給付関係情報".into(),
        xml_root: SAMPLE_XML_ROOT.into(),
        sample: true,
    }];
    let mut items: Vec<(String, String, String)> = [
        ("保険者名称", "資格情報"),
        ("資格取得日", "資格情報"),
        ("資格喪失日", "資格情報"),
        ("保険者番号", "資格情報"),
        ("被保険者枝番", "資格情報"),
    ]
    .iter()
    .map(|(name, group)| (name.to_string(), format!("{group}/{name}"), group.to_string()))
    .collect();
    for kind in ["高額療養費", "出産育児一時金", "出産手当金", "埋葬料", "傷病手当金"]
    {
        for leaf in ["支給開始日", "支給額"] {
            items.push((
                format!("{kind} {leaf}"),
                format!("給付情報/{kind}/{leaf}"),
                format!("給付情報/{kind}"),
            ));
        }
    }
    p.info_items = items
        .into_iter()
        .enumerate()
        .map(|(i, (name, xml_path, repeated_group))| InfoItem {
            code: format!("TK{:02}", i + 1).into(),
            name,
            info_kind: "TM031".into(),
            xml_path,
            repeated_group,
            sample: true,
        })
        .collect();
}

fn membership(
    (role_model, insurer, acquired_on, lost_on, reason_of_null, link_number): (
        &str,
        &str,
        Date,
        Option<Date>,
        &str,
        &str,
    ),
) -> Membership {
    Membership {
        party: SAMPLE_PARTY.into(),
        id: 0,
        role_model: role_model.into(),
        insurer: insurer.into(),
        member_branch: "01".into(),
        link_number: link_number.into(),
        acquired_on,
        lost_on,
        lost_on_reason_of_null: reason_of_null.into(),
        registered_at: DateTime::new(Date::ymd(2018, 12, 29), 9, 1, 0),
        version: "4.0".into(),
    }
}

/// The sample masters alone — its institutions, insurers and code masters — that a new project starts with, so
/// that its first test case can be written at once. The code masters carry their sample flag.
pub fn sample_masters() -> Project {
    sample_project().into_masters()
}

/// Whether a new project for `own` starts with the sample masters when no source of masters is named: a city's
/// (an institution code) does, so that it can write its first case at once; an insurer representative's (a
/// 保険者番号 of 6 or 8 digits) or nobody's yet does not: its masters come with the cities' books it reads.
pub fn sample_masters_by_default(own: &str) -> bool {
    !own.trim().is_empty() && !is_insurer_number(own)
}

/// Whether an own body is written as an insurer number (6 or 8 digits) rather than an institution code (3).
fn is_insurer_number(own: &str) -> bool {
    let own = own.trim();
    matches!(own.len(), 6 | 8) && own.bytes().all(|b| b.is_ascii_digit())
}

/// A new project: whose it is (`own`, an institution code or an insurer number; empty for nobody yet) over
/// `masters`. A city's code not yet among the institutions is added as a local government of that name (the
/// code itself when no name is given), so that it can be chosen as a requester at once.
pub fn new_project(name: String, own: &str, own_name: Option<&str>, masters: Project) -> Project {
    let mut p = Project { name, own: own.to_string(), ..masters };
    // An insurer representative's number is never made an institution, whether the masters hold it yet or not.
    let own_is_insurer =
        is_insurer_number(own) || p.insurers.iter().any(|i| i.number.as_str() == own);
    let known = p.institutions.iter().any(|i| i.code.as_str() == own);
    if !own.is_empty() && !own_is_insurer && !known {
        p.institutions.push(institution(
            own,
            own_name.unwrap_or(own),
            InstitutionKind::LocalGovernment,
            None,
        ));
    } else if let Some(named) = own_name
        && let Some(i) = p.institutions.iter_mut().find(|i| i.code.as_str() == own)
    {
        i.name = named.into();
    }
    p
}

/// Build the sample project.
pub fn sample_project() -> Project {
    let mut p = Project { name: SAMPLE_NAME.into(), ..Project::default() };
    p.institutions = vec![
        institution("002", "B市", InstitutionKind::LocalGovernment, Some(1)),
        institution("003", "E市", InstitutionKind::LocalGovernment, Some(1)),
        institution("099", "社会保険診療報酬支払基金", InstitutionKind::Fund, None),
    ];
    p.insurers = vec![
        insurer("06130017", "A健康保険組合", true),
        insurer("06130033", "C健康保険組合", false),
        insurer("06130041", "D健康保険組合", false),
    ];
    sample_codes(&mut p);
    sample_hierarchy(&mut p);
    sample_test_cases(&mut p);
    sample_people(&mut p);
    p
}

/// The two scenarios, one variation each.
fn sample_hierarchy(p: &mut Project) {
    p.scenarios = vec![
        Scenario {
            party: SAMPLE_PARTY.into(),
            id: "S01".into(),
            name: "国民健康保険 資格取得届の審査".into(),
        },
        Scenario {
            party: SAMPLE_PARTY.into(),
            id: "S02".into(),
            name: "生活保護の停止に係る調査".into(),
        },
    ];
    p.variations = vec![
        Variation {
            party: SAMPLE_PARTY.into(),
            id: "S01-V01".into(),
            scenario: "S01".into(),
            name: "既定".into(),
        },
        Variation {
            party: SAMPLE_PARTY.into(),
            id: "S02-V01".into(),
            scenario: "S02".into(),
            name: "範囲指定".into(),
        },
    ];
}

/// Worked case 1 (a 既定 query of the latest membership) and case 2 (a range merging two insurers).
fn sample_test_cases(p: &mut Project) {
    let mut t1 =
        TestCase::new(SAMPLE_PARTY.into(), "S01-V01-T01".into(), "S01".into(), "S01-V01".into());
    t1.viewpoint_id = "TV-01".into();
    t1.query_date = Some(Date::ymd(2018, 7, 27));
    t1.requester = "002".into();
    t1.requester_department_name = "国民健康保険課".into();
    t1.requester_department_code = "001A".into();
    t1.provider = "099".into();
    t1.affair = "JM030".into();
    t1.procedure = "JT030001".into();
    t1.info_kind = "TM031".into();
    t1.items = ["TK01", "TK02", "TK03"].iter().map(|c| InfoItemCode::from(*c)).collect();
    t1.condition_kind = ConditionKind::Latest;
    t1.role_model = "RM-X".into();
    t1.replica_details = "A健康保険組合の資格情報（H27.4.1取得、H30.7.27喪失）".into();
    t1.expected_outcome = Some(Outcome::NormalEnd);
    t1.expected_providers = vec!["06130017".into()];
    t1.remarks = "事例1: 最新の資格情報の照会".into();

    let mut t2 =
        TestCase::new(SAMPLE_PARTY.into(), "S02-V01-T01".into(), "S02".into(), "S02-V01".into());
    t2.viewpoint_id = "TV-02".into();
    t2.query_date = Some(Date::ymd(2019, 7, 27));
    t2.requester = "002".into();
    t2.requester_department_name = "地域福祉課".into();
    t2.requester_department_code = "001B".into();
    t2.provider = "099".into();
    t2.affair = "JM015".into();
    t2.procedure = "JT015001".into();
    t2.info_kind = "TM031".into();
    t2.items = (1..=15).map(|i| InfoItemCode::from(format!("TK{i:02}"))).collect();
    t2.condition_kind = ConditionKind::Range;
    t2.condition_start = Some(Date::ymd(2017, 4, 1));
    t2.condition_end = Some(Date::ymd(2019, 7, 27));
    t2.role_model = "RM-Y".into();
    t2.replica_details = "C・D健康保険組合の資格情報と傷病手当金の給付情報".into();
    t2.expected_outcome = Some(Outcome::NormalEnd);
    t2.expected_providers = vec!["06130033".into(), "06130041".into()];
    t2.remarks = "事例2: 範囲指定で2保険者の情報を併合".into();
    p.test_cases = vec![t1, t2];
}

/// The two persons, their memberships and benefit records.
fn sample_people(p: &mut Project) {
    let mut x = RoleModel::new(SAMPLE_PARTY.into(), "RM-X".into(), "PX0001".into());
    x.name = "番号 太郎".into();
    x.name_kana = "バンゴウ タロウ".into();
    x.birth_date = Some(Date::ymd(1980, 5, 15));
    x.sex = Some(Sex::Male);
    x.address = "B市中央1-1-1".into();
    x.my_number = my_number_with_check("12345678901").into();
    x.scenario_ids = vec!["S01".into()];
    x.variation_ids = vec!["S01-V01".into()];
    x.test_case_ids = vec!["S01-V01-T01".into()];
    let mut y = RoleModel::new(SAMPLE_PARTY.into(), "RM-Y".into(), "PY0001".into());
    y.name = "番号 花子".into();
    y.name_kana = "バンゴウ ハナコ".into();
    y.birth_date = Some(Date::ymd(1975, 10, 3));
    y.sex = Some(Sex::Female);
    y.address = "B市南町2-2-2".into();
    y.my_number = my_number_with_check("98765432109").into();
    y.scenario_ids = vec!["S02".into()];
    y.variation_ids = vec!["S02-V01".into()];
    y.test_case_ids = vec!["S02-V01-T01".into()];
    p.role_models = vec![x, y];

    let d = Date::ymd;
    // (role model, insurer, 資格取得日, 資格喪失日, its ReasonOfNull, 連携用番号)
    let rows = [
        ("RM-X", "06130033", d(2003, 4, 1), Some(d(2008, 4, 1)), "", "1000000001"),
        ("RM-X", "06130041", d(2008, 4, 1), Some(d(2015, 4, 1)), "", "1000000002"),
        ("RM-X", "06130017", d(2015, 4, 1), Some(d(2018, 7, 27)), "", "1000000003"),
        ("RM-Y", "06130033", d(2017, 4, 1), Some(d(2018, 4, 1)), "", "2000000001"),
        ("RM-Y", "06130041", d(2018, 4, 1), None, "NotApplicable", "2000000002"),
    ];
    p.memberships = rows.map(membership).into();
    for (i, m) in p.memberships.iter_mut().enumerate() {
        m.id = i as RowId + 1;
    }
    let benefit = |id, insurer: &str, start_date, amount| BenefitRecord {
        party: SAMPLE_PARTY.into(),
        id,
        role_model: "RM-Y".into(),
        insurer: insurer.into(),
        kind: "傷病手当金".into(),
        start_date,
        amount: Some(amount),
    };
    p.benefits = vec![
        benefit(1, "06130033", d(2018, 2, 1), 150_000),
        benefit(2, "06130041", d(2018, 12, 1), 98_000),
    ];
}
