//! One cell read by its kind of value: the contract's generous reading (every date form, numbers typed where
//! codes belong, amounts with separators and 円) with its warnings and errors. Which reader a column uses is
//! [`super::column`]'s.

use unicode_normalization::UnicodeNormalization;

use crate::domain::date::{Date, DateTime, DateWarning, parse_date, parse_datetime};
use crate::domain::model::codes::parse_code_list;
use crate::domain::model::field::Field;
use crate::domain::model::message::Message;
use crate::domain::model::xml_name::{code_points, strip_control};
use crate::domain::model::*;

/// How bad a problem is: an error stops the import, a warning does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum Level {
    /// Nothing is written while any error remains.
    Error,
    /// Worth a look; the import goes ahead.
    Warning,
}

/// What reading a cell says about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// Error or warning.
    pub level: Level,
    /// What is wrong and what was expected.
    pub message: Message,
}

/// A cell as read, before its column's meaning is applied.
#[derive(Debug, Clone, PartialEq)]
pub enum Raw {
    /// Nothing.
    Empty,
    /// Text (trimmed of half- and full-width spaces); inline up to 24 bytes, as most cells are (a national book is
    /// millions of them).
    Text(CompactString),
    /// A number.
    Number(f64),
    /// A cell Excel holds as a date: its serial.
    Date(f64),
    /// TRUE / FALSE.
    Bool(bool),
    /// An error value such as `#REF!`.
    Error(CompactString),
}

impl Raw {
    /// A typed value: trimmed text, or nothing when only spaces are left.
    pub fn typed(text: &str) -> Raw {
        let t = trim(text);
        if t.is_empty() { Raw::Empty } else { Raw::Text(t.into()) }
    }

    /// Whether the cell holds nothing.
    pub fn is_empty(&self) -> bool {
        matches!(self, Raw::Empty)
    }

    /// The value as a person would read it.
    pub fn shown(&self) -> String {
        match self {
            Raw::Empty => String::new(),
            Raw::Text(s) => s.to_string(),
            Raw::Number(n) => number_text(*n),
            Raw::Date(s) => Date::from_excel_serial(*s)
                .map(|d| d.to_string())
                .unwrap_or_else(|| number_text(*s)),
            Raw::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Raw::Error(e) => e.to_string(),
        }
    }
}

/// Trim half- and full-width spaces (and line breaks) around a text.
pub fn trim(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}')
}

/// A number as text: integers without a decimal point (`2`, not `2.0`).
pub fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 { format!("{}", n as i64) } else { format!("{n}") }
}

/// NFKC and trim: the form codes, numbers and dates are compared in.
pub fn nfkc(s: &str) -> String {
    if s.is_ascii() {
        // NFKC leaves ASCII as it is; most codes are ASCII, and this runs on every code cell.
        return trim(s).to_string();
    }
    let n: String = s.nfkc().collect();
    trim(&n).to_string()
}

/// The notes of reading one cell, gathered while its value is worked out.
#[derive(Debug, Default)]
pub struct Notes(pub Vec<Note>);

impl Notes {
    fn error(&mut self, message: Message) {
        self.0.push(Note { level: Level::Error, message });
    }

    fn warning(&mut self, message: Message) {
        self.0.push(Note { level: Level::Warning, message });
    }

    /// The required `field` is empty.
    pub fn required_missing(&mut self, field: Field) {
        let h = field.header();
        self.error(Message::new(
            format!("必須の「{h}」がありません"),
            format!("the required {h} is empty"),
        ));
    }
}

/// Insurer numbers typed as numbers: 5 and 7 digits lost a leading zero (the column table's rule).
pub const INSURER_PAD: &[(usize, usize)] = crate::domain::model::columns::INSURER_PAD;

/// Text without the control characters XML cannot carry, each removal noted (a value reaches the answer XML,
/// which no parser reads with them).
fn without_control(text: &str, notes: &mut Notes) -> String {
    let (kept, removed) = strip_control(text);
    if removed.is_empty() {
        return kept.into_owned();
    }
    let kept = kept.into_owned();
    let chars = code_points(&removed);
    notes.warning(Message::new(
        format!("XML に書けない制御文字（{chars}）を取り除き、「{kept}」と読みました"),
        format!("removed control characters XML cannot carry ({chars}): read as \"{kept}\""),
    ));
    kept
}

/// A name or free text: trimmed, never normalised. Numbers read as they show.
pub fn text(raw: &Raw, notes: &mut Notes) -> String {
    match raw {
        Raw::Error(e) => {
            notes.error(Message::new(
                format!("セルがエラー値（{e}）です"),
                format!("the cell holds an error value ({e})"),
            ));
            String::new()
        }
        Raw::Text(t) if t.chars().count() > MOST_CHARS_IN_CELL => {
            notes.error(too_long(t));
            String::new()
        }
        Raw::Text(t) => without_control(t, notes),
        other => other.shown(),
    }
}

/// The most characters an Excel cell holds: a longer text is an error at its cell, never cut.
pub const MOST_CHARS_IN_CELL: usize = 32_767;

fn too_long(t: &str) -> Message {
    let n = t.chars().count();
    Message::new(
        format!(
            "文字数が {n} 文字で、セルの上限 {MOST_CHARS_IN_CELL} 文字を超えています（切り捨てずに止めます）"
        ),
        format!(
            "the text has {n} characters, past a cell's {MOST_CHARS_IN_CELL} (not cut: stopped)"
        ),
    )
}

/// A code or number, NFKC-normalised. A number typed by Excel reads as its digits; `pad` restores leading zeros
/// to the widths given, with a warning.
pub fn code(raw: &Raw, pad: &[(usize, usize)], notes: &mut Notes) -> String {
    match raw {
        Raw::Empty => String::new(),
        &Raw::Number(n) | &Raw::Date(n) => {
            let digits = number_text(n);
            if let Some(&(_, to)) = pad.iter().find(|(from, _)| *from == digits.len()) {
                let padded = format!("{digits:0>to$}");
                notes.warning(Message::new(
                    format!("数値として入力されていたため、先頭の0を補って {padded} と読みました"),
                    format!("typed as a number: read as {padded}, leading zeros restored"),
                ));
                padded
            } else {
                digits
            }
        }
        Raw::Text(t) => {
            let t = nfkc(t);
            without_control(&t, notes)
        }
        Raw::Error(_) => text(raw, notes),
        other => nfkc(&other.shown()),
    }
}

/// A date in any form the contract allows; `None` when empty or unreadable (noted).
pub fn date(raw: &Raw, notes: &mut Notes) -> Option<Date> {
    match raw {
        Raw::Empty => None,
        &Raw::Date(serial) => serial_date(serial, notes),
        &Raw::Number(serial) => {
            let d = serial_date(serial, notes)?;
            notes.warning(Message::new(
                format!("数値 {} をExcelのシリアル値として {d} と読みました", number_text(serial)),
                format!("the number {} was read as an Excel serial date: {d}", number_text(serial)),
            ));
            Some(d)
        }
        Raw::Text(t) => match parse_date(t) {
            Ok(p) => {
                if let Some(w) = p.warning {
                    date_warning(&w, notes);
                }
                Some(p.date)
            }
            Err(e) => {
                date_error(&e.to_string(), notes);
                None
            }
        },
        other => {
            let shown = other.shown();
            date_error(&format!("「{shown}」は日付として読めません"), notes);
            None
        }
    }
}

fn serial_date(serial: f64, notes: &mut Notes) -> Option<Date> {
    let d = Date::from_excel_serial(serial);
    if d.is_none() {
        date_error(&format!("シリアル値 {} は日付になりません", number_text(serial)), notes);
    }
    d
}

fn date_warning(w: &DateWarning, notes: &mut Notes) {
    notes.warning(Message::new(w.message_ja(), w.message_en()));
}

fn date_error(why: &str, notes: &mut Notes) {
    const EXAMPLES: &str = "2018-07-27、2018/7/27、H30.7.27、平成30年7月27日";
    let (ja, en) = split_bilingual(why);
    let ja = if ja.contains("日付として読めません") {
        format!("{ja}（例: {EXAMPLES}）")
    } else {
        format!("日付として読めません: {ja}（例: {EXAMPLES}）")
    };
    let en = if en.starts_with("expected") {
        format!("not a date: {en}")
    } else {
        format!("not a date: {en} (expected e.g. 2018-07-27, 2018/7/27, H30.7.27, 平成30年7月27日)")
    };
    notes.error(Message::new(ja, en));
}

/// Split a "日本語 / English" or "日本語 (English)" error text into its halves.
fn split_bilingual(s: &str) -> (String, String) {
    if let Some((ja, en)) = s.split_once(" / ") {
        return (ja.to_string(), en.to_string());
    }
    if let Some(i) = s.rfind(" (")
        && s.ends_with(')')
    {
        return (s[..i].to_string(), s[i + 2..s.len() - 1].to_string());
    }
    (s.to_string(), s.to_string())
}

/// A required date: empty is an error.
pub fn required_date(raw: &Raw, field: Field, notes: &mut Notes) -> Option<Date> {
    if raw.is_empty() {
        notes.required_missing(field);
        return None;
    }
    date(raw, notes)
}

/// A date-time (a date alone is midnight).
pub fn datetime(raw: &Raw, notes: &mut Notes) -> Option<DateTime> {
    match raw {
        Raw::Empty => None,
        &Raw::Date(serial) | &Raw::Number(serial) => {
            let d = DateTime::from_excel_serial(serial);
            if d.is_none() {
                date_error(
                    &format!("シリアル値 {} は日時になりません", number_text(serial)),
                    notes,
                );
            }
            d
        }
        Raw::Text(t) => match parse_datetime(t) {
            Ok((d, w)) => {
                if let Some(w) = w {
                    date_warning(&w, notes);
                }
                Some(d)
            }
            Err(e) => {
                date_error(&e.to_string(), notes);
                None
            }
        },
        other => {
            let shown = other.shown();
            date_error(&format!("「{shown}」は日時として読めません"), notes);
            None
        }
    }
}

/// The largest amount read, in yen: under 10^15, so that Excel, JSON and every reader hold it exactly (2^53).
pub const MOST_YEN: i64 = 999_999_999_999_999;

fn amount_out_of_range(shown: &str) -> Message {
    Message::new(
        format!("金額 {shown} は 0 から 999,999,999,999,999 円の整数ではありません"),
        format!("the amount {shown} is not a whole number of yen from 0 to 999,999,999,999,999"),
    )
}

/// An amount in yen (`12345`, `12,345`, `12,345円`, full-width digits): a whole number from 0 to [`MOST_YEN`]; a fraction, a negative amount or one past the range
/// is an error at its cell (never rounded or cut).
pub fn amount(raw: &Raw, notes: &mut Notes) -> Option<i64> {
    let expected = Message::new(
        "金額（円、整数。例: 12345、12,345、12,345円）として読めません",
        "not an amount in yen (an integer, e.g. 12345, 12,345 or 12,345円)",
    );
    match raw {
        Raw::Empty => None,
        &Raw::Number(n) if n.fract() == 0.0 && (0.0..=MOST_YEN as f64).contains(&n) => {
            Some(n as i64)
        }
        &Raw::Number(n) => {
            notes.error(amount_out_of_range(&number_text(n)));
            None
        }
        Raw::Text(t) => {
            let n = nfkc(t);
            let digits: String = n
                .trim_start_matches(['¥', '￥', '\\'])
                .trim_end_matches('円')
                .chars()
                .filter(|c| *c != ',' && !c.is_whitespace())
                .collect();
            match digits.parse::<i64>() {
                Ok(v) if (0..=MOST_YEN).contains(&v) => Some(v),
                Ok(_) => {
                    notes.error(amount_out_of_range(&digits));
                    None
                }
                // All digits but too many for a number: out of range, not a wrong form.
                Err(_) if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) => {
                    notes.error(amount_out_of_range(&digits));
                    None
                }
                Err(_) => {
                    notes.error(expected);
                    None
                }
            }
        }
        _ => {
            notes.error(expected);
            None
        }
    }
}

/// A small whole number within `range`.
pub fn small_number(
    raw: &Raw,
    range: std::ops::RangeInclusive<u8>,
    notes: &mut Notes,
) -> Option<u8> {
    let text = code(raw, &[], notes);
    if text.is_empty() {
        return None;
    }
    match text.parse::<u8>() {
        Ok(v) if range.contains(&v) => Some(v),
        _ => {
            notes.error(Message::new(
                format!("{}～{} の整数が必要です", range.start(), range.end()),
                format!("expected a whole number from {} to {}", range.start(), range.end()),
            ));
            None
        }
    }
}

/// A flag: ○ (also ◯, 〇, 1, TRUE, はい) or empty.
pub fn flag(raw: &Raw, notes: &mut Notes) -> bool {
    match raw {
        Raw::Empty => false,
        &Raw::Bool(b) => b,
        other => {
            let t = nfkc(&other.shown());
            match t.as_str() {
                "○" | "◯" | "〇" | "●" | "1" | "TRUE" | "true" | "はい" | "Y" | "y" => {
                    true
                }
                "×" | "0" | "FALSE" | "false" | "いいえ" | "N" | "n" | "-" | "－" => false,
                _ => {
                    notes.error(Message::new(
                        "○ または空欄が必要です",
                        "expected ○ or an empty cell",
                    ));
                    false
                }
            }
        }
    }
}

/// A value from a fixed list, read by `parse`; `expected` names the allowed values.
pub fn choice<T>(
    raw: &Raw,
    parse: impl Fn(&str) -> Option<T>,
    expected: &[&str],
    notes: &mut Notes,
) -> Option<T> {
    let t = code(raw, &[], notes);
    if t.is_empty() {
        return None;
    }
    let v = parse(&t).or_else(|| parse(&crate::exchange::sheets::normalise_header(&t)));
    if v.is_none() {
        notes.error(Message::new(
            format!("{} のいずれかが必要です", expected.join("、")),
            format!("expected one of {}", expected.join(", ")),
        ));
    }
    v
}

/// A required value from a fixed list ([`choice`]): empty is an error.
pub fn required_choice<T>(
    raw: &Raw,
    field: Field,
    parse: impl Fn(&str) -> Option<T>,
    expected: &[&str],
    notes: &mut Notes,
) -> Option<T> {
    if raw.is_empty() {
        notes.required_missing(field);
        return None;
    }
    choice(raw, parse, expected, notes)
}

/// What a reference to a row the book and the project do not hold means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unknown {
    /// The row cannot be held without it (a membership's or benefit record's role model): an error.
    IsError,
    /// The row is read as it is and the check reports the unknown reference.
    IsChecked,
}

/// A required reference to a code `known` holds (the project's and the book's). A number typed by Excel is
/// matched against those codes: exactly one match restores its leading zeros (a warning); several are named (a
/// warning, the digits kept for the check to judge).
pub fn reference(
    raw: &Raw,
    field: Field,
    known: &dyn Fn(&str) -> bool,
    candidates: &dyn Fn(&str) -> Vec<String>,
    what: &str,
    unknown: Unknown,
    notes: &mut Notes,
) -> String {
    let number = matches!(raw, Raw::Number(_));
    let value = code(raw, &[], notes);
    if value.is_empty() {
        notes.required_missing(field);
        return value;
    }
    if known(&value) {
        return value;
    }
    if number {
        let mut found = candidates(value.trim_start_matches('0'));
        found.sort();
        match found.as_slice() {
            [one] => {
                notes.warning(Message::new(
                    format!("数値として入力されていたため、{what} {one} と読みました（先頭の0を補いました）"),
                    format!("typed as a number: read as {what} {one} (leading zeros restored)"),
                ));
                return one.clone();
            }
            [] => {}
            many => {
                notes.warning(Message::new(
                    format!(
                        "数値として入力されており、どの{what}か決められません（候補: {}）。{value} のまま取り込みます",
                        many.join("、")
                    ),
                    format!(
                        "typed as a number and matches several {what}s ({}): imported as {value}",
                        many.join(", ")
                    ),
                ));
                return value;
            }
        }
    }
    if unknown == Unknown::IsError {
        notes.error(Message::new(
            format!("{what} {value} はプロジェクトにもブックにもありません（この行はそれなしには取り込めません）"),
            format!("{what} {value} is defined neither in the project nor in the book (the row cannot be held without it)"),
        ));
    }
    value
}

/// The codes of a set that are all digits and read, without their leading zeros, as `bare`: what a number typed
/// where one of them belongs may stand for.
pub fn digit_codes_like<'a>(codes: impl Iterator<Item = &'a str>, bare: &str) -> Vec<String> {
    codes
        .filter(|c| c.bytes().all(|b| b.is_ascii_digit()) && c.trim_start_matches('0') == bare)
        .map(str::to_string)
        .collect()
}

/// A list cell: values separated by commas (also full-width), 、, spaces or line breaks.
pub fn list<T: From<String>>(raw: &Raw, notes: &mut Notes) -> Vec<T> {
    split_list(&text(raw, notes))
}

fn split_list<T: From<String>>(text: &str) -> Vec<T> {
    text.split(|c: char| c == ',' || c == '、' || c == '，' || c.is_whitespace())
        .map(nfkc)
        .filter(|s| !s.is_empty())
        .map(T::from)
        .collect()
}

/// The item codes of 特定個人情報項目コードリスト: separated as lists are, with ranges (`TK01～TK15`).
pub fn item_codes(raw: &Raw, notes: &mut Notes) -> Vec<InfoItemCode> {
    let text = code(raw, &[], notes);
    match parse_code_list(&text) {
        Ok(v) => v.into_iter().map(InfoItemCode::from).collect(),
        Err(e) => {
            let (ja, en) = split_bilingual(&e.to_string());
            notes.error(Message::new(ja, en));
            Vec::new()
        }
    }
}

/// The insurer numbers of 期待する提供保険者, in order (one typed as a number gets its leading zero back).
pub fn insurer_numbers(raw: &Raw, notes: &mut Notes) -> Vec<InsurerNumber> {
    split_list(&code(raw, INSURER_PAD, notes))
}

/// A replica's 版番号: a version typed as a number is read with its decimal (4 is 4.0).
pub fn version(raw: &Raw, notes: &mut Notes) -> String {
    match raw {
        Raw::Number(n) if n.fract() == 0.0 => format!("{n:.1}"),
        other => code(other, &[], notes),
    }
}

/// A test case's required 照会条件: 既定, 時点指定 or 範囲指定.
pub fn condition(raw: &Raw, notes: &mut Notes) -> Option<ConditionKind> {
    required_choice(
        raw,
        Field::Condition,
        ConditionKind::parse,
        &["既定", "時点指定", "範囲指定"],
        notes,
    )
}
