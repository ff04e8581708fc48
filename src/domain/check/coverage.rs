//! Coverage: test cases per procedure (JT) and condition kind, and per viewpoint; a combination no case covers is
//! a note.

use crate::domain::model::check_rule::CheckRule;
use std::collections::BTreeMap;

use foldhash::{HashMap, HashMapExt};
use serde::Serialize;

use super::finding::{CheckFinding, Sink};
use crate::domain::model::field::Field;
use crate::domain::model::kinds::{EntityKind, Severity};
use crate::domain::model::message::Message;
use crate::domain::model::*;

/// The coverage matrix: test cases per procedure (JT) and condition kind, and cases per viewpoint.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Coverage {
    /// Procedures in master order, each with counts for 既定 / 時点指定 / 範囲指定.
    pub rows: Vec<(ProcedureCode, [usize; 3])>,
    /// Viewpoints (テスト観点ID) with their test cases, sorted by viewpoint.
    pub viewpoints: Vec<(String, Vec<TestCaseKey>)>,
}

/// Compute the coverage of a project.
pub fn coverage(p: &Project) -> Coverage {
    let mut counts: HashMap<&str, [usize; 3]> = HashMap::new();
    let mut views: BTreeMap<String, Vec<TestCaseKey>> = BTreeMap::new();
    for c in &p.test_cases {
        let i = ConditionKind::ALL.iter().position(|k| *k == c.condition_kind).unwrap_or(0);
        counts.entry(c.procedure.as_str()).or_default()[i] += 1;
        if !c.viewpoint_id.is_empty() {
            views.entry(c.viewpoint_id.to_string()).or_default().push(c.key());
        }
    }
    Coverage {
        rows: p
            .procedures
            .iter()
            .map(|x| (x.code.clone(), counts.get(x.code.as_str()).copied().unwrap_or_default()))
            .collect(),
        viewpoints: views.into_iter().collect(),
    }
}

pub(super) fn check_coverage(p: &Project, out: &mut Vec<CheckFinding>) {
    let cov = coverage(p);
    let mut s = Sink::masters(out);
    for (code, counts) in &cov.rows {
        for (k, n) in ConditionKind::ALL.iter().zip(counts) {
            if *n == 0 {
                s.add(
                    CheckRule::CoverageGap,
                    Severity::Info,
                    (EntityKind::Code, code.as_str(), Some(Field::Condition)),
                    Message::new(
                        format!("事務手続 {code} に{}のテストケースがありません", k.label_ja()),
                        format!("procedure {code} has no {} test case", k.label_en()),
                    ),
                );
            }
        }
    }
}
