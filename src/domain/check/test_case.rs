//! One test case: its id, its place in the hierarchy, its requester, the rules that make its query unroutable
//! (`validate`, shared with routing), its items listed twice and its expected providers; then, when it is valid,
//! whether the replicas can serve it.

use crate::domain::model::check_rule::CheckRule;
use foldhash::{HashSet, HashSetExt};

use super::feasibility::feasibility;
use super::finding::{CheckFinding, Sink};
use super::fix::Fix;
use crate::domain::model::entity::EntityKey;
use crate::domain::model::field::Field;
use crate::domain::model::kinds::{EntityKind, Severity};
use crate::domain::model::message::Message;
use crate::domain::model::*;
use crate::domain::routing::ProjectIndex;
use crate::domain::routing::validate::{Cause, query_errors};
use crate::domain::routing::{Detail, simulate_with};

/// Validate one test case and check it can be served (runs after every edit of that case in the window).
pub fn check_test_case(index: &ProjectIndex, case: &TestCase, out: &mut Vec<CheckFinding>) {
    let before = out.len();
    validate_test_case(index, case, out);
    let valid = !out[before..].iter().any(|f| f.severity == Severity::Error);
    if valid {
        // An invalid case cannot be routed; its validation findings say why.
        let sim = simulate_with(index, case, Detail::Outcome);
        feasibility(index, case, &sim, out);
    }
}

fn validate_test_case(index: &ProjectIndex, c: &TestCase, out: &mut Vec<CheckFinding>) {
    let key = c.id.as_str();
    let mut s = Sink::of(out, c.party.as_str());
    let tc = EntityKind::TestCase;
    if key.trim().is_empty() {
        s.add(
            CheckRule::IdMissing,
            Severity::Error,
            (tc, key, Some(Field::TestCaseId)),
            Message::new("テストケースIDがありません", "the test case has no id"),
        );
    }
    if !key.trim().is_empty() && !crate::platform::files::is_safe_file_name(key) {
        // The answers' XML files are named by the ID: one it cannot stand in as it is gets another name.
        let safe = crate::platform::files::safe_file_name(key);
        s.add(
            CheckRule::IdNotFileName,
            Severity::Warning,
            (tc, key, Some(Field::TestCaseId)),
            Message::new(
                format!(
                    "テストケースID「{key}」にはファイル名に使えない文字や形があります（/ \\ : * ? \" < > |、制御文字、..、末尾の点や空白、CON などの予約名、長すぎる名前）。回答の XML ファイルは「{safe}」の名前で書き出します"
                ),
                format!(
                    "test case ID \"{key}\" has characters or a form a file name cannot hold (/ \\ : * ? \" < > |, control characters, .., a trailing dot or space, a reserved name such as CON, too long): its answer XML files are written as \"{safe}\""
                ),
            ),
        );
    }
    match index.variation_of(c) {
        None => {
            s.add(
                CheckRule::Hierarchy,
                Severity::Error,
                (tc, key, Some(Field::VariationId)),
                Message::new(
                    format!("バリエーション {} がありません", c.variation),
                    format!("variation {} does not exist", c.variation),
                ),
            );
        }
        Some(v) if v.scenario != c.scenario => {
            let (id, own, case) = (&v.id, &v.scenario, &c.scenario);
            let message = Message::new(
                format!(
                    "バリエーション {id} はシナリオ {own} のものです（テストケースのシナリオは {case}）"
                ),
                format!("variation {id} belongs to scenario {own}, not {case}"),
            );
            let at = (tc, key, Some(Field::ScenarioId));
            s.add(CheckRule::Hierarchy, Severity::Error, at, message);
        }
        Some(_) => {}
    }
    let institution = |code: &InstitutionCode| index.institutions.get(code.as_str());
    if institution(&c.requester).is_none() {
        s.add(
            CheckRule::InstitutionUndefined,
            Severity::Error,
            (tc, key, Some(Field::Requester)),
            Message::undefined(
                ("機関", "institution"),
                ("情報照会者機関コード", "requester's institution code"),
                &c.requester,
            ),
        );
    }
    // What makes the query unroutable, in the words routing gives it.
    for e in query_errors(index, c) {
        let fix = match &e.cause {
            // Reported once, at the masters.
            Cause::FundUndefined => continue,
            Cause::ProviderNotFund(fund) => Some((
                Message::new(
                    format!("照会先機関コードを {fund} に変更する"),
                    format!("change the provider to {fund}"),
                ),
                Fix::ProviderToFund { test_case: c.key(), fund: fund.clone() },
            )),
            Cause::Reversed { from } => Some((
                Message::new(
                    format!("照会条件終了日を {from} 以降に変更する"),
                    format!("move the range end to {from} or later"),
                ),
                Fix::ConditionEnd { test_case: c.key(), date: *from },
            )),
            Cause::Other => None,
        };
        let f = s.add(e.rule, Severity::Error, (tc, key, Some(e.field)), e.message);
        if let Some((suggestion, fix)) = fix {
            f.suggest(suggestion, Some(fix));
        }
    }
    // An end date only a range uses: a point-in-time or default query ignores it, which its writer may not know.
    if c.condition_kind != ConditionKind::Range
        && let Some(end) = c.condition_end
    {
        s.add(
            CheckRule::ConditionEndIgnored,
            Severity::Warning,
            (tc, key, Some(Field::ConditionEnd)),
            Message::new(
                format!(
                    "照会条件終了日 {end} は範囲指定でだけ使われます（{}では無視されます）",
                    c.condition_kind.label_ja()
                ),
                format!(
                    "the range end {end} is only used by a range query ({} ignores it)",
                    c.condition_kind.label_en()
                ),
            ),
        )
        .suggest(
            Message::new("照会条件終了日を消す", "clear the range end"),
            Some(Fix::ClearConditionEnd { test_case: c.key() }),
        );
    }
    let mut seen = HashSet::new();
    for item in &c.items {
        if !seen.insert(item.as_str()) {
            s.add(
                CheckRule::ItemDuplicate,
                Severity::Warning,
                (tc, key, Some(Field::Items)),
                Message::new(
                    format!("項目 {item} が重複しています"),
                    format!("item {item} is listed twice"),
                ),
            );
        }
    }
    for x in &c.expected_providers {
        if !index.insurers.contains_key(x.as_str()) {
            let f = s.add(
                CheckRule::ExpectedProviderNotInsurer,
                Severity::Error,
                (tc, key, Some(Field::ExpectedProviders)),
                Message::new(
                    format!("期待する提供保険者 {x} は保険者にありません"),
                    format!("expected provider {x} is not an insurer"),
                ),
            );
            let row = EntityKey::TestCase(c.key());
            super::people::suggest_padded(f, row, x.as_str(), |n| index.insurers.contains_key(n));
        }
    }
}
