//! The values of the fixed lists (照会条件, 処理結果, 確認状態, 性別, …) as the tables show them: in the chosen
//! language, while what is typed back is read in either. The workbook and the project file keep the Japanese word.

use crate::domain::field::Field;
use crate::domain::kinds::*;
use crate::domain::message::Lang;

/// The first (Japanese, English) label pair of a field's fixed list that `hit` accepts; none when the field is not
/// a fixed list. Looked up in place, without a list made per cell (the tables ask it for every cell shown).
fn find(field: Field, hit: impl Fn(&str, &str) -> bool) -> Option<(&'static str, &'static str)> {
    macro_rules! of {
        ($t:ty) => {
            <$t>::ALL
                .iter()
                .map(|k| (k.label_ja(), k.label_en()))
                .find(|(ja, en)| hit(ja, en))
        };
    }
    match field {
        Field::Condition => of!(ConditionKind),
        Field::ExpectedOutcome => of!(Outcome),
        Field::AgreementState => of!(AgreementState),
        Field::Sex => of!(Sex),
        Field::System => of!(InsuranceSystem),
        Field::InstitutionKind => of!(InstitutionKind),
        Field::Severity => of!(Severity),
        Field::FindingState => of!(FindingState),
        _ => None,
    }
}

/// A cell's text as shown: a fixed list's Japanese word in English when English is chosen; anything else as it is.
pub fn shown_value(field: Field, text: String, lang: Lang) -> String {
    if lang == Lang::Ja {
        return text;
    }
    match find(field, |ja, _| ja == text) {
        Some((_, en)) => en.to_string(),
        None => text,
    }
}

/// A typed text as the workbook's rule reads it: a fixed list's English label (any case) becomes its Japanese word.
pub fn typed_value(field: Field, text: &str) -> String {
    let t = text.trim();
    match find(field, |_, en| en.eq_ignore_ascii_case(t)) {
        Some((ja, _)) => ja.to_string(),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_ways() {
        assert_eq!(
            shown_value(Field::Condition, "範囲指定".into(), Lang::En),
            "range"
        );
        assert_eq!(
            shown_value(Field::ExpectedOutcome, "正常終了".into(), Lang::En),
            "normal end"
        );
        assert_eq!(
            shown_value(Field::Condition, "範囲指定".into(), Lang::Ja),
            "範囲指定"
        );
        // Not a word of the list, or not a list: as it is.
        assert_eq!(
            shown_value(Field::Condition, "範囲".into(), Lang::En),
            "範囲"
        );
        assert_eq!(shown_value(Field::Remarks, "既定".into(), Lang::En), "既定");
        assert_eq!(typed_value(Field::Condition, "Point in time"), "時点指定");
        assert_eq!(
            typed_value(Field::ExpectedOutcome, "normal end"),
            "正常終了"
        );
        assert_eq!(typed_value(Field::Condition, "時点指定"), "時点指定");
        assert_eq!(typed_value(Field::Remarks, "range"), "range");
    }
}
