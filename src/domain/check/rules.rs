//! Every rule of the check named in words, Japanese and English: what a user reads instead of its slug (the slug
//! stays what JSON and findings carry).

use super::super::message::Message;

/// The rules and their names.
const RULES: &[(&str, &str, &str)] = &[
    (
        "benefit-outside-membership",
        "加入期間外の給付",
        "Benefit outside cover",
    ),
    (
        "code-group-mismatch",
        "項目と特定個人情報名の不一致",
        "Item of another info kind",
    ),
    ("code-parent", "上位コードの不一致", "Parent code mismatch"),
    (
        "code-parent-unknown",
        "上位コードが未定義",
        "Parent code unknown",
    ),
    ("code-shape", "コードの形式", "Code shape"),
    ("code-unknown", "未定義のコード", "Unknown code"),
    ("code-xml-missing", "XMLパスがない", "XML path missing"),
    (
        "condition-dates",
        "照会条件の日付がない",
        "Condition dates missing",
    ),
    (
        "condition-end-ignored",
        "使われない照会条件終了日",
        "Unused range end",
    ),
    ("condition-reversed", "照会期間の逆転", "Range reversed"),
    ("coverage-gap", "網羅性の不足", "Coverage gap"),
    (
        "expected-provider-not-insurer",
        "期待する提供保険者が保険者にない",
        "Expected provider not an insurer",
    ),
    (
        "feasibility-mismatch",
        "副本では期待どおりにならない",
        "Replicas do not give the expectation",
    ),
    ("fund-undefined", "基金が未定義", "Fund undefined"),
    ("id-duplicate", "IDの重複", "Duplicate id"),
    ("id-missing", "IDがない", "Id missing"),
    (
        "institution-undefined",
        "未定義の機関",
        "Institution undefined",
    ),
    (
        "insurer-number-check-digit",
        "保険者番号の検証番号",
        "Insurer number check digit",
    ),
    ("insurer-undefined", "未定義の保険者", "Insurer undefined"),
    ("item-duplicate", "項目の重複", "Item listed twice"),
    ("items-missing", "項目がない", "No items"),
    ("items-null", "空値で返る項目", "Items that come back null"),
    (
        "items-unfillable",
        "副本では埋められない項目",
        "Items the replicas cannot fill",
    ),
    (
        "membership-overlap",
        "加入期間の重なり",
        "Memberships overlap",
    ),
    (
        "membership-reversed",
        "資格期間の逆転",
        "Membership reversed",
    ),
    (
        "my-number-check-digit",
        "個人番号の検査用数字",
        "My Number check digit",
    ),
    (
        "my-number-duplicate",
        "個人番号の重複",
        "One My Number, two people",
    ),
    (
        "person-conflict",
        "団体ごとに異なる加入歴",
        "Person defined differently",
    ),
    (
        "person-not-in-partition",
        "統一区画にない人",
        "Person not in the partition",
    ),
    (
        "provider-not-fund",
        "照会先が基金でない",
        "Provider not the Fund",
    ),
    (
        "reason-of-null-missing",
        "空値理由がない",
        "ReasonOfNull missing",
    ),
    (
        "reason-of-null-with-loss-date",
        "喪失日があるのに空値理由",
        "ReasonOfNull with a loss date",
    ),
    (
        "replica-version-mismatch",
        "処理できない照会",
        "Query cannot be served",
    ),
    (
        "role-model-undefined",
        "未定義のロールモデル",
        "Role model undefined",
    ),
    (
        "xml-name-not-portable",
        "XML の名前が移植できない",
        "XML name not portable",
    ),
];

/// A rule's name in words; an unknown slug is its own name.
pub fn rule_name(rule: &str) -> Message {
    RULES
        .iter()
        .find(|(slug, _, _)| *slug == rule)
        .map(|(_, ja, en)| Message::new(*ja, *en))
        .unwrap_or_else(|| Message::new(rule, rule))
}

#[cfg(test)]
mod tests {
    /// Every rule the check's sources name has its words.
    #[test]
    fn every_rule_in_the_sources_is_named() {
        let sources = [
            include_str!("masters.rs"),
            include_str!("people.rs"),
            include_str!("test_case.rs"),
            include_str!("feasibility.rs"),
            include_str!("coverage.rs"),
            include_str!("../validate.rs"),
        ];
        for source in sources {
            for (i, _) in source.match_indices("\"") {
                let rest = &source[i + 1..];
                let Some(end) = rest.find('"') else { continue };
                let slug = &rest[..end];
                let is_slug = slug.contains('-')
                    && slug.chars().all(|c| c.is_ascii_lowercase() || c == '-')
                    && !slug.starts_with('-')
                    && !slug.ends_with('-');
                if is_slug {
                    assert!(
                        super::RULES.iter().any(|(s, _, _)| *s == slug),
                        "no words for the rule {slug}"
                    );
                }
            }
        }
    }
}
