//! The values of the fixed lists (照会条件, 処理結果, 確認状態, 性別, …) as the tables show them: in the chosen
//! language, while what is typed back is read in either (the workbook and the project file keep the Japanese
//! word); a sheet's rows as its table shows them; a count with its thousands grouped.

use crate::domain::date::DateStyle;
use crate::domain::model::Project;
use crate::domain::model::field::Field;
use crate::domain::model::kinds::*;
use crate::domain::model::message::Lang;
use crate::exchange::sheet_rows::{Cell, sheet_rows};
use crate::exchange::sheets::SheetKind;

/// The first (Japanese, English) label pair of a field's fixed list that `hit` accepts; none when the field is not
/// a fixed list. Looked up in place, without a list made per cell (the tables ask it for every cell shown).
fn find(field: Field, hit: impl Fn(&str, &str) -> bool) -> Option<(&'static str, &'static str)> {
    macro_rules! of {
        ($t:ty) => {
            <$t>::ALL.iter().map(|k| (k.label_ja(), k.label_en())).find(|(ja, en)| hit(ja, en))
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

/// Thousands separated, as the counts are read at a glance (100,000).
pub fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// One row's cells as the table shows them: a fixed list's value in the chosen language (正常終了 → normal end),
/// the rest as the workbook has it.
pub fn shown_row(kind: SheetKind, row: &[Cell], style: DateStyle, lang: Lang) -> Vec<String> {
    row.iter()
        .zip(kind.columns())
        .map(|(c, (f, _))| match f {
            Field::MyNumber => masked_my_number(&cell_text(c, style)),
            _ => shown_value(*f, cell_text(c, style), lang),
        })
        .collect()
}

/// A 個人番号 as the window shows it unless asked: its last four digits alone (`**** **** 9012`), so that a screen
/// seen over a shoulder or shared in a meeting does not show it. Empty stays empty.
pub fn masked_my_number(n: &str) -> String {
    let chars: Vec<char> = n.chars().collect();
    if chars.is_empty() {
        return String::new();
    }
    let shown = chars.len().saturating_sub(4);
    let mut out = String::new();
    for (i, c) in chars.iter().enumerate() {
        if i > 0 && (chars.len() - i).is_multiple_of(4) {
            out.push(' ');
        }
        out.push(if i < shown { '*' } else { *c });
    }
    out
}

/// Every row of a sheet as the table shows it, in this date style and language.
pub fn sheet_texts(kind: SheetKind, p: &Project, style: DateStyle, lang: Lang) -> Vec<Vec<String>> {
    sheet_rows(kind, p).iter().map(|row| shown_row(kind, row, style, lang)).collect()
}

fn cell_text(cell: &Cell, style: DateStyle) -> String {
    match cell {
        Cell::Text(s) => s.clone(),
        Cell::Date(d) => d.format(style),
        Cell::DateTime(d) => d.format(style),
        Cell::Number(n) => crate::exchange::read::number_text(*n),
        Cell::Empty => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_my_number_shows_its_last_four_digits_alone() {
        assert_eq!(masked_my_number("123456789012"), "**** **** 9012");
        assert_eq!(masked_my_number("1234"), "1234");
        assert_eq!(masked_my_number("12345"), "* 2345");
        assert_eq!(masked_my_number(""), "");
    }

    #[test]
    fn both_ways() {
        assert_eq!(shown_value(Field::Condition, "範囲指定".into(), Lang::En), "range");
        assert_eq!(shown_value(Field::ExpectedOutcome, "正常終了".into(), Lang::En), "normal end");
        assert_eq!(shown_value(Field::Condition, "範囲指定".into(), Lang::Ja), "範囲指定");
        // Not a word of the list, or not a list: as it is.
        assert_eq!(shown_value(Field::Condition, "範囲".into(), Lang::En), "範囲");
        assert_eq!(shown_value(Field::Remarks, "既定".into(), Lang::En), "既定");
        assert_eq!(typed_value(Field::Condition, "Point in time"), "時点指定");
        assert_eq!(typed_value(Field::ExpectedOutcome, "normal end"), "正常終了");
        assert_eq!(typed_value(Field::Condition, "時点指定"), "時点指定");
        assert_eq!(typed_value(Field::Remarks, "range"), "range");
    }
}
