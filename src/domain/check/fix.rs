//! The changes a finding offers as data: each applied with one click, as one change to the project.

use serde::Serialize;

use crate::domain::date::Date;
use crate::domain::model::entity::{Entity, EntityKey, find, put_in_memory};
use crate::domain::model::*;

/// A concrete change that resolves a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Fix {
    /// Set a membership's acquisition date.
    MembershipAcquiredOn {
        /// The membership's row key.
        membership: RowId,
        /// The new date.
        date: Date,
    },
    /// Set a membership's loss date.
    MembershipLostOn {
        /// The membership's row key.
        membership: RowId,
        /// The new date.
        date: Date,
    },
    /// Clear a membership's ReasonOfNull (it has a loss date).
    ClearReasonOfNull {
        /// The membership's row key.
        membership: RowId,
    },
    /// Clear a point-in-time or default query's 照会条件終了日 (only a range uses one).
    ClearConditionEnd {
        /// The test case.
        test_case: Qualified<TestCaseId>,
    },
    /// Set the date a point-in-time or default query is made at (照会条件開始日, or 照会日 for 既定).
    ConditionPoint {
        /// The test case.
        test_case: Qualified<TestCaseId>,
        /// The new date.
        date: Date,
    },
    /// Set a range's start (照会条件開始日).
    ConditionStart {
        /// The test case.
        test_case: Qualified<TestCaseId>,
        /// The new date.
        date: Date,
    },
    /// Set a range's end (照会条件終了日).
    ConditionEnd {
        /// The test case.
        test_case: Qualified<TestCaseId>,
        /// The new date.
        date: Date,
    },
    /// Set what the test case expects to what the data gives.
    Expected {
        /// The test case.
        test_case: Qualified<TestCaseId>,
        /// 期待する処理結果
        outcome: Outcome,
        /// 期待する提供保険者
        providers: Vec<InsurerNumber>,
    },
    /// Set the provider to the Fund.
    ProviderToFund {
        /// The test case.
        test_case: Qualified<TestCaseId>,
        /// The Fund's code.
        fund: InstitutionCode,
    },
    /// Give an info kind a portable root element name (its XMLパス).
    InfoKindXmlRoot {
        /// The info kind.
        code: InfoKindCode,
        /// The portable name.
        xml_root: String,
    },
    /// Give an item a portable XML path and repeated group.
    InfoItemXmlPath {
        /// The item.
        code: InfoItemCode,
        /// The portable path.
        xml_path: String,
        /// The portable repeated group.
        repeated_group: String,
    },
    /// Write an insurer number as the masters hold it (its leading zeros back): a membership's or a benefit
    /// record's insurer, or one of a test case's expected providers.
    InsurerNumber {
        /// The membership, benefit record or test case.
        row: EntityKey,
        /// The number as written.
        from: InsurerNumber,
        /// The number as the masters hold it.
        to: InsurerNumber,
    },
}

/// The insurer number a number typed without its leading zero stands for (`6130017` → `06130017`, as Excel
/// drops it), when the masters hold it; `None` otherwise. The zero is restored as an import restores it in a
/// number cell (`columns::INSURER_PAD`: 5 digits are 6, 7 are 8).
pub fn padded_insurer(typed: &str, known: impl Fn(&str) -> bool) -> Option<InsurerNumber> {
    use crate::domain::model::columns::INSURER_PAD;
    let typed = typed.trim();
    if typed.is_empty() || !typed.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    INSURER_PAD
        .iter()
        .filter(|&&(from, _)| typed.len() == from)
        .map(|&(_, width)| format!("{typed:0>width$}"))
        .find(|padded| known(padded))
        .map(InsurerNumber::from)
}

impl Fix {
    /// The row the fix changes.
    pub fn target(&self) -> EntityKey {
        match self {
            Fix::MembershipAcquiredOn { membership, .. }
            | Fix::MembershipLostOn { membership, .. }
            | Fix::ClearReasonOfNull { membership } => EntityKey::Membership(*membership),
            Fix::ClearConditionEnd { test_case }
            | Fix::ConditionPoint { test_case, .. }
            | Fix::ConditionStart { test_case, .. }
            | Fix::ConditionEnd { test_case, .. }
            | Fix::Expected { test_case, .. }
            | Fix::ProviderToFund { test_case, .. } => EntityKey::TestCase(test_case.clone()),
            Fix::InfoKindXmlRoot { code, .. } => EntityKey::InfoKind(code.clone()),
            Fix::InfoItemXmlPath { code, .. } => EntityKey::InfoItem(code.clone()),
            Fix::InsurerNumber { row, .. } => row.clone(),
        }
    }

    /// The row the fix changes, as it is after the fix (what the window saves as one change); `None` when the
    /// project has no such row.
    pub fn changed(&self, p: &Project) -> Option<Entity> {
        let key = self.target();
        let before = find(p, &key)?;
        let id = match &before {
            Entity::Membership(m) => m.id,
            _ => 0,
        };
        // The fix applied to a project holding that row alone.
        let mut alone = Project::default();
        put_in_memory(&mut alone, before, id);
        self.apply(&mut alone);
        find(&alone, &key)
    }

    /// Apply the fix to a project in memory; returns whether anything was found to change.
    pub fn apply(&self, p: &mut Project) -> bool {
        match self {
            Fix::MembershipAcquiredOn { membership, date } => {
                membership_of(p, *membership).map(|m| m.acquired_on = *date).is_some()
            }
            Fix::MembershipLostOn { membership, date } => {
                membership_of(p, *membership).map(|m| m.lost_on = Some(*date)).is_some()
            }
            Fix::ConditionPoint { test_case, date } => case(p, test_case)
                .map(|c| {
                    if c.condition_kind == ConditionKind::Latest {
                        c.query_date = Some(*date)
                    } else {
                        c.condition_start = Some(*date)
                    }
                })
                .is_some(),
            Fix::ConditionStart { test_case, date } => {
                case(p, test_case).map(|c| c.condition_start = Some(*date)).is_some()
            }
            Fix::ClearReasonOfNull { membership } => {
                membership_of(p, *membership).map(|m| m.lost_on_reason_of_null.clear()).is_some()
            }
            Fix::ClearConditionEnd { test_case } => {
                case(p, test_case).map(|c| c.condition_end = None).is_some()
            }
            Fix::ConditionEnd { test_case, date } => {
                case(p, test_case).map(|c| c.condition_end = Some(*date)).is_some()
            }
            Fix::Expected { test_case, outcome, providers } => case(p, test_case)
                .map(|c| {
                    c.expected_outcome = Some(*outcome);
                    c.expected_providers = providers.clone();
                })
                .is_some(),
            Fix::ProviderToFund { test_case, fund } => {
                case(p, test_case).map(|c| c.provider = fund.clone()).is_some()
            }
            Fix::InfoKindXmlRoot { code, xml_root } => p
                .info_kinds
                .iter_mut()
                .find(|k| &k.code == code)
                .map(|k| k.xml_root = xml_root.clone())
                .is_some(),
            Fix::InfoItemXmlPath { code, xml_path, repeated_group } => p
                .info_items
                .iter_mut()
                .find(|i| &i.code == code)
                .map(|i| {
                    i.xml_path = xml_path.clone();
                    i.repeated_group = repeated_group.clone();
                })
                .is_some(),
            Fix::InsurerNumber { row, from, to } => {
                let swap = |n: &mut InsurerNumber| {
                    if n == from {
                        *n = to.clone();
                    }
                };
                match row {
                    EntityKey::Membership(id) => {
                        membership_of(p, *id).map(|m| swap(&mut m.insurer))
                    }
                    EntityKey::Benefit(id) => {
                        p.benefits.iter_mut().find(|b| b.id == *id).map(|b| swap(&mut b.insurer))
                    }
                    EntityKey::TestCase(k) => {
                        case(p, k).map(|c| c.expected_providers.iter_mut().for_each(swap))
                    }
                    _ => None,
                }
                .is_some()
            }
        }
    }
}

/// The test case a fix is for, to change.
fn case<'p>(p: &'p mut Project, key: &TestCaseKey) -> Option<&'p mut TestCase> {
    p.test_cases.iter_mut().find(|c| c.id == key.id && c.party == key.party)
}

/// The membership a fix is for, to change.
fn membership_of(p: &mut Project, id: RowId) -> Option<&mut Membership> {
    p.memberships.iter_mut().find(|m| m.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_without_its_leading_zeros_is_padded_only_to_a_number_the_masters_hold() {
        let known = |n: &str| ["06130017", "123456", "01234567"].contains(&n);
        assert_eq!(padded_insurer("6130017", known), Some("06130017".into()));
        assert_eq!(padded_insurer("23456", known), None, "023456 is not an insurer");
        assert_eq!(padded_insurer("1234567", known), Some("01234567".into()));
        assert_eq!(padded_insurer("6130018", known), None);
        assert_eq!(padded_insurer("06130017", known), None, "already whole: nothing to pad");
        assert_eq!(padded_insurer("61300a7", known), None);
        assert_eq!(padded_insurer("", known), None);
    }
}
