//! The fixed lists of the model: each value's Japanese label (the workbook's word), English label, and the key the
//! project file stores; read back from a key or the Japanese label.

use serde::Serialize;

/// The number of values given.
macro_rules! count {
    () => { 0 };
    ($head:ident $($tail:ident)*) => { 1 + count!($($tail)*) };
}

/// A fixed list: the enum, its values in display order (`ALL`), and for each its labels and stored key.
macro_rules! choice {
    ($(#[$doc:meta])* $name:ident {
        $($(#[$vdoc:meta])* $variant:ident => $key:literal, $ja:literal, $en:literal;)*
    } $(also { $($alias:literal => $to:ident),* $(,)? })?) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        $(#[$doc])*
        pub enum $name {
            $($(#[$vdoc])* $variant,)*
        }

        impl $name {
            /// Every value, in display order.
            pub const ALL: [$name; count!($($variant)*)] = [$($name::$variant),*];

            /// The workbook's and the UI's Japanese label.
            pub fn label_ja(self) -> &'static str {
                match self {
                    $($name::$variant => $ja,)*
                }
            }

            /// English label.
            pub fn label_en(self) -> &'static str {
                match self {
                    $($name::$variant => $en,)*
                }
            }

            /// The label in a language (the window shows every fixed value in the chosen one).
            pub fn label(self, lang: crate::domain::model::message::Lang) -> &'static str {
                match lang {
                    crate::domain::model::message::Lang::Ja => self.label_ja(),
                    crate::domain::model::message::Lang::En => self.label_en(),
                }
            }

            /// The key stored in the project file.
            pub fn key(self) -> &'static str {
                match self {
                    $($name::$variant => $key,)*
                }
            }

            /// Read a stored key or the Japanese label (and the other forms the workbooks use, where there are).
            pub fn parse(s: &str) -> Option<Self> {
                $($(if s == $alias {
                    return Some($name::$to);
                })*)?
                Self::ALL
                    .into_iter()
                    .find(|k| k.key() == s || k.label_ja() == s)
            }
        }
    };
}

choice! {
    /// 種別 of an institution.
    InstitutionKind {
        /// 地方公共団体
        LocalGovernment => "local_government", "地方公共団体", "local government";
        /// 基金: the Social Insurance Medical Fee Payment Fund.
        Fund => "fund", "基金", "the Fund";
        /// その他
        Other => "other", "その他", "other";
    }
}

choice! {
    /// 制度: the insurance system an insurer belongs to.
    InsuranceSystem {
        /// 協会けんぽ
        KyokaiKenpo => "kyokai_kenpo", "協会けんぽ", "Japan Health Insurance Association";
        /// 健保組合
        HealthInsuranceSociety => "health_insurance_society", "健保組合", "health insurance society";
        /// 国保組合
        NhiAssociation => "nhi_association", "国保組合", "NHI association";
        /// 後期高齢者医療広域連合
        LateStageElderly => "late_stage_elderly", "後期高齢者医療広域連合", "late-stage elderly union";
    } also {
        "全国健康保険協会" => KyokaiKenpo,
        "健康保険組合" => HealthInsuranceSociety,
        "国民健康保険組合" => NhiAssociation,
    }
}

choice! {
    /// 照会条件: the kind of query condition, as written on the test case.
    ConditionKind {
        /// 既定: the latest information as of the query date.
        Latest => "latest", "既定", "latest";
        /// 時点指定: the latest information as of a past date.
        AsOf => "as_of", "時点指定", "point in time";
        /// 範囲指定: all information within a period.
        Range => "range", "範囲指定", "range";
    }
}

choice! {
    /// 処理結果
    Outcome {
        /// 正常終了: data provided.
        NormalEnd => "normal_end", "正常終了", "normal end";
        /// 該当なし: no matching data.
        NoMatch => "no_match", "該当なし", "no matching data";
        /// エラー
        Error => "error", "エラー", "error";
    }
}

choice! {
    /// 性別
    Sex {
        /// 男 (1)
        Male => "male", "男", "male";
        /// 女 (2)
        Female => "female", "女", "female";
    } also {
        "男性" => Male,
        "1" => Male,
        "M" => Male,
        "女性" => Female,
        "2" => Female,
        "F" => Female,
    }
}

choice! {
    /// The kind of entity a finding, a change or a row's source is about (serialised as its key).
    #[serde(rename_all = "snake_case")]
    EntityKind {
        /// テストケース
        TestCase => "test_case", "テストケース", "test case";
        /// ロールモデル
        RoleModel => "role_model", "ロールモデル", "role model";
        /// 加入歴
        Membership => "membership", "加入歴", "membership";
        /// 給付情報
        Benefit => "benefit", "給付情報", "benefit";
        /// 保険者
        Insurer => "insurer", "保険者", "insurer";
        /// 機関
        Institution => "institution", "機関", "institution";
        /// コード
        Code => "code", "コード", "code";
        /// シナリオ
        Scenario => "scenario", "シナリオ", "scenario";
        /// バリエーション
        Variation => "variation", "バリエーション", "variation";
    }
}

choice! {
    /// How serious a finding is (a check's, or one raised by a party).
    #[serde(rename_all = "lowercase")]
    Severity {
        /// The specification is wrong or cannot be served.
        Error => "error", "エラー", "error";
        /// Probably wrong; worth a look.
        Warning => "warning", "警告", "warning";
        /// For information.
        Info => "info", "情報", "info";
    }
}

choice! {
    /// 確認状態: where the parties stand on a test case.
    AgreementState {
        /// 未確認: nobody has looked yet.
        Unconfirmed => "unconfirmed", "未確認", "unconfirmed";
        /// 提供可: the provider's replicas serve the case.
        Servable => "servable", "提供可", "can be served";
        /// 要修正: the case or its data must change.
        NeedsFix => "needs_fix", "要修正", "needs a fix";
        /// 合意: both sides agree.
        Agreed => "agreed", "合意", "agreed";
        /// 再確認待ち: the case or its person changed after the state was set.
        Recheck => "recheck", "再確認待ち", "to be checked again";
    }
}

// The enum is the macro's; its default is said here.
#[allow(clippy::derivable_impls)]
impl Default for AgreementState {
    fn default() -> Self {
        AgreementState::Unconfirmed
    }
}

choice! {
    /// 状態 of a finding raised by a party (指摘).
    FindingState {
        /// 未対応: open.
        Open => "open", "未対応", "open";
        /// 対応済: dealt with.
        Done => "done", "対応済", "dealt with";
        /// 対応不要: nothing to do.
        NotNeeded => "not_needed", "対応不要", "nothing to do";
        /// 取下げ: withdrawn by who raised it.
        Withdrawn => "withdrawn", "取下げ", "withdrawn";
    }
}

#[allow(clippy::derivable_impls)]
impl Default for FindingState {
    fn default() -> Self {
        FindingState::Open
    }
}
