//! Whether a test case's query can be routed at all: the rules the Fund's server refuses a query by, each with
//! its rule id, the field at fault and one wording. Routing turns them into its エラー reason; the check turns
//! them into findings (with fixes where one exists). Stated once, here.

use crate::domain::date::Date;
use crate::domain::model::check_rule::CheckRule;
use crate::domain::model::field::Field;
use crate::domain::model::message::Message;
use crate::domain::model::*;
use crate::domain::routing::index::ProjectIndex;

/// Why a query cannot be routed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    /// The check's rule id.
    pub rule: CheckRule,
    /// The field at fault.
    pub field: Field,
    /// What is wrong.
    pub message: Message,
    /// What the check can offer to fix it with.
    pub cause: Cause,
}

/// What a [`QueryError`] is about, as data (what a fix is made from).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cause {
    /// No institution is the Fund (the check reports it once, at the masters).
    FundUndefined,
    /// The provider is not the Fund, whose code this is.
    ProviderNotFund(InstitutionCode),
    /// A range ends before it starts.
    Reversed {
        /// Start.
        from: Date,
    },
    /// Anything else: nothing to fix it with but an edit.
    Other,
}

fn error(rule: CheckRule, field: Field, message: Message) -> QueryError {
    QueryError { rule, field, message, cause: Cause::Other }
}

/// Every reason the Fund's server would refuse the query of `case`, in the order of the case's fields.
pub fn query_errors(index: &ProjectIndex, case: &TestCase) -> Vec<QueryError> {
    let mut out = Vec::new();
    match index.fund {
        None => out.push(QueryError {
            cause: Cause::FundUndefined,
            ..error(
                CheckRule::FundUndefined,
                Field::Provider,
                Message::new(
                    "基金（種別が基金の機関）が定義されていません",
                    "the Fund (an institution of kind 基金) is not defined",
                ),
            )
        }),
        Some(fund) if fund.code != case.provider => out.push(QueryError {
            cause: Cause::ProviderNotFund(fund.code.clone()),
            ..error(
                CheckRule::ProviderNotFund,
                Field::Provider,
                Message::new(
                    format!(
                        "照会先機関コード {} は基金（{}）ではありません。医療保険者等の情報は基金に照会します（留意点①）",
                        case.provider, fund.code
                    ),
                    format!(
                        "provider {} is not the Fund ({}): insurer-held information is queried from the Fund",
                        case.provider, fund.code
                    ),
                ),
            )
        }),
        Some(_) => {}
    }
    if !index.affairs.contains_key(case.affair.as_str()) {
        out.push(unknown_code(Field::Affair, "事務コード", "affair", case.affair.as_str()));
    }
    match index.procedures.get(case.procedure.as_str()) {
        None => out.push(unknown_code(
            Field::Procedure,
            "事務手続コード",
            "procedure",
            case.procedure.as_str(),
        )),
        Some(p) if p.affair != case.affair => {
            let (procedure, affair, own) = (&case.procedure, &case.affair, &p.affair);
            let message = Message::new(
                format!(
                    "事務手続 {procedure} は事務 {affair} のものではありません（{own} の事務手続）"
                ),
                format!(
                    "procedure {procedure} does not belong to affair {affair} (it belongs to {own})"
                ),
            );
            out.push(error(CheckRule::CodeParent, Field::Procedure, message));
        }
        Some(_) => {}
    }
    if !index.info_kinds.contains_key(case.info_kind.as_str()) {
        out.push(unknown_code(
            Field::InfoKind,
            "特定個人情報名コード",
            "info kind",
            case.info_kind.as_str(),
        ));
    }
    item_errors(index, case, &mut out);
    if let Some(e) = condition_error(case) {
        out.push(e);
    }
    if index.role_model_of(case).is_none() {
        out.push(error(
            CheckRule::RoleModelUndefined,
            Field::RoleModelId,
            Message::undefined(
                ("ロールモデル", "role model"),
                ("ロールモデルID", "role model ID"),
                &case.role_model,
            ),
        ));
    }
    out
}

fn unknown_code(field: Field, ja: &str, en: &str, code: &str) -> QueryError {
    error(
        CheckRule::CodeUnknown,
        field,
        if code.trim().is_empty() {
            Message::new(
                format!("{ja}が空です（入力されていません）"),
                format!("the {en} code is empty"),
            )
        } else {
            Message::new(
                format!("{ja} {code} はコードにありません"),
                format!("{en} {code} is not in the code master"),
            )
        },
    )
}

/// The items: at least one, each in the master under the case's info kind; and the names the answer would
/// hold portable.
fn item_errors(index: &ProjectIndex, case: &TestCase, out: &mut Vec<QueryError>) {
    if case.items.is_empty() {
        out.push(error(
            CheckRule::ItemsMissing,
            Field::Items,
            Message::new("項目が指定されていません", "no item is requested"),
        ));
    }
    for item in &case.items {
        match index.info_items.get(item.as_str()) {
            None => out.push(error(
                CheckRule::CodeUnknown,
                Field::Items,
                Message::new(
                    format!("項目コード {item} はコードにありません"),
                    format!("item {item} is not in the code master"),
                ),
            )),
            Some((_, i)) if i.info_kind != case.info_kind => out.push(error(
                CheckRule::CodeParent,
                Field::Items,
                Message::new(
                    format!(
                        "項目 {item} は特定個人情報名 {} のものではありません（{} の項目）",
                        case.info_kind, i.info_kind
                    ),
                    format!(
                        "item {item} does not belong to info kind {} (it belongs to {})",
                        case.info_kind, i.info_kind
                    ),
                ),
            )),
            Some(_) => {}
        }
    }
    // The answer's element names come from the code master: a name not every parser reads cannot be written.
    if let Some(bad) = index.unportable_kinds.get(case.info_kind.as_str()) {
        out.push(error(CheckRule::XmlNameNotPortable, Field::InfoKind, bad.message()));
    }
    for item in &case.items {
        if let Some(bad) = index.unportable_items.get(item.as_str()) {
            out.push(error(CheckRule::XmlNameNotPortable, Field::Items, bad.message()));
        }
    }
}

/// Whether the case's condition is complete: its dates as its kind needs them, a range not reversed.
fn condition_error(case: &TestCase) -> Option<QueryError> {
    let e = case.condition().err()?;
    let (ja, en) = e
        .to_string()
        .split_once(" / ")
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .unwrap_or_default();
    let message = Message::new(ja, en);
    Some(match e {
        ConditionError::MissingQueryDate => {
            error(CheckRule::ConditionDates, Field::QueryDate, message)
        }
        ConditionError::MissingPoint => {
            error(CheckRule::ConditionDates, Field::ConditionStart, message)
        }
        ConditionError::MissingRange => {
            let field = if case.condition_start.is_none() {
                Field::ConditionStart
            } else {
                Field::ConditionEnd
            };
            error(CheckRule::ConditionDates, field, message)
        }
        ConditionError::Reversed { from, .. } => QueryError {
            cause: Cause::Reversed { from },
            ..error(CheckRule::ConditionReversed, Field::ConditionEnd, message)
        },
    })
}
