//! The check's rules by name: a stable slug (what JSON and findings carry, e.g. `provider-not-fund`) and a name in
//! words, Japanese and English (what a user reads). The check and the router's validation of a query both name
//! their findings by these.

use serde::Serialize;

use crate::domain::model::message::Message;

macro_rules! check_rules {
    ($($(#[$doc:meta])* $name:ident => $slug:literal, $ja:literal, $en:literal;)*) => {
        /// A rule of the check.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum CheckRule {
            $($(#[$doc])* $name,)*
        }

        impl CheckRule {
            /// Every rule.
            pub const ALL: &'static [CheckRule] = &[$(CheckRule::$name,)*];

            /// Its stable slug.
            pub fn slug(self) -> &'static str {
                match self {
                    $(CheckRule::$name => $slug,)*
                }
            }

            /// Its name in words.
            pub fn name(self) -> Message {
                match self {
                    $(CheckRule::$name => Message::new($ja, $en),)*
                }
            }

            /// The rule a slug names.
            pub fn from_slug(slug: &str) -> Option<CheckRule> {
                Self::ALL.iter().copied().find(|r| r.slug() == slug)
            }
        }
    };
}

check_rules! {
    /// 階層の不整合
    Hierarchy => "hierarchy", "階層の不整合", "Broken hierarchy";
    /// 加入期間外の給付
    BenefitOutsideMembership => "benefit-outside-membership", "加入期間外の給付", "Benefit outside cover";
    /// 項目と特定個人情報名の不一致
    CodeGroupMismatch => "code-group-mismatch", "項目と特定個人情報名の不一致", "Item of another info kind";
    /// 上位コードの不一致
    CodeParent => "code-parent", "上位コードの不一致", "Parent code mismatch";
    /// 上位コードが未定義
    CodeParentUnknown => "code-parent-unknown", "上位コードが未定義", "Parent code unknown";
    /// コードの形式
    CodeShape => "code-shape", "コードの形式", "Code shape";
    /// 未定義のコード
    CodeUnknown => "code-unknown", "未定義のコード", "Unknown code";
    /// XMLパスがない
    CodeXmlMissing => "code-xml-missing", "XMLパスがない", "XML path missing";
    /// 照会条件の日付がない
    ConditionDates => "condition-dates", "照会条件の日付がない", "Condition dates missing";
    /// 使われない照会条件終了日
    ConditionEndIgnored => "condition-end-ignored", "使われない照会条件終了日", "Unused range end";
    /// 照会期間の逆転
    ConditionReversed => "condition-reversed", "照会期間の逆転", "Range reversed";
    /// 網羅性の不足
    CoverageGap => "coverage-gap", "網羅性の不足", "Coverage gap";
    /// 期待する提供保険者が保険者にない
    ExpectedProviderNotInsurer => "expected-provider-not-insurer", "期待する提供保険者が保険者にない", "Expected provider not an insurer";
    /// 副本では期待どおりにならない
    FeasibilityMismatch => "feasibility-mismatch", "副本では期待どおりにならない", "Replicas do not give the expectation";
    /// 基金が未定義
    FundUndefined => "fund-undefined", "基金が未定義", "Fund undefined";
    /// IDの重複
    IdDuplicate => "id-duplicate", "IDの重複", "Duplicate id";
    /// IDがない
    IdMissing => "id-missing", "IDがない", "Id missing";
    /// ファイル名にできないID
    IdNotFileName => "id-not-file-name", "ファイル名にできないID", "Id not usable as a file name";
    /// 未定義の機関
    InstitutionUndefined => "institution-undefined", "未定義の機関", "Institution undefined";
    /// 保険者番号の検証番号
    InsurerNumberCheckDigit => "insurer-number-check-digit", "保険者番号の検証番号", "Insurer number check digit";
    /// 未定義の保険者
    InsurerUndefined => "insurer-undefined", "未定義の保険者", "Insurer undefined";
    /// 項目の重複
    ItemDuplicate => "item-duplicate", "項目の重複", "Item listed twice";
    /// 項目がない
    ItemsMissing => "items-missing", "項目がない", "No items";
    /// 空値で返る項目
    ItemsNull => "items-null", "空値で返る項目", "Items that come back null";
    /// 中間サーバー登録日時が空: the answer's 管理情報 would carry it as a null
    RegisteredAtMissing => "registered-at-missing", "中間サーバー登録日時が空", "Registration time empty";
    /// 副本では埋められない項目
    ItemsUnfillable => "items-unfillable", "副本では埋められない項目", "Items the replicas cannot fill";
    /// 加入期間の重なり
    MembershipOverlap => "membership-overlap", "加入期間の重なり", "Memberships overlap";
    /// 資格期間の逆転
    MembershipReversed => "membership-reversed", "資格期間の逆転", "Membership reversed";
    /// 個人番号の検査用数字
    MyNumberCheckDigit => "my-number-check-digit", "個人番号の検査用数字", "My Number check digit";
    /// 個人番号の重複
    MyNumberDuplicate => "my-number-duplicate", "個人番号の重複", "One My Number, two people";
    /// 団体ごとに異なる加入歴
    PersonConflict => "person-conflict", "団体ごとに異なる加入歴", "Person defined differently";
    /// 統一区画にない人
    PersonNotInPartition => "person-not-in-partition", "統一区画にない人", "Person not in the partition";
    /// 照会先が基金でない
    ProviderNotFund => "provider-not-fund", "照会先が基金でない", "Provider not the Fund";
    /// 空値理由がない
    ReasonOfNullMissing => "reason-of-null-missing", "空値理由がない", "ReasonOfNull missing";
    /// 喪失日があるのに空値理由
    ReasonOfNullWithLossDate => "reason-of-null-with-loss-date", "喪失日があるのに空値理由", "ReasonOfNull with a loss date";
    /// 処理できない照会
    ReplicaVersionMismatch => "replica-version-mismatch", "処理できない照会", "Query cannot be served";
    /// 未定義のロールモデル
    RoleModelUndefined => "role-model-undefined", "未定義のロールモデル", "Role model undefined";
    /// XML の名前が移植できない
    XmlNameNotPortable => "xml-name-not-portable", "XML の名前が移植できない", "XML name not portable";
}

impl std::fmt::Display for CheckRule {
    /// As its slug.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.slug())
    }
}

impl Serialize for CheckRule {
    /// As its slug (what `check --format json` has always written).
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.slug())
    }
}

impl PartialEq<&str> for CheckRule {
    /// A rule is its slug.
    fn eq(&self, slug: &&str) -> bool {
        self.slug() == *slug
    }
}

#[cfg(test)]
mod tests {
    use super::CheckRule;

    #[test]
    fn every_rule_has_its_own_slug_and_words() {
        let mut slugs: Vec<&str> = CheckRule::ALL.iter().map(|r| r.slug()).collect();
        slugs.sort_unstable();
        slugs.dedup();
        assert_eq!(slugs.len(), CheckRule::ALL.len());
        for r in CheckRule::ALL {
            assert_eq!(CheckRule::from_slug(r.slug()), Some(*r));
            assert!(!r.name().ja.is_empty() && !r.name().en.is_empty());
        }
    }
}
