//! Each column's rule, read: the reader of [`super::cell`] a field is read by is its rule in its kind's field
//! table (`domain::columns`). The workbook import, the table's in-place cell editor, the row panes and the test
//! case and role model panes all set a field through [`set`] here, so a value typed in the window and the same
//! value in a cell give the same result and the same warnings.

use super::cell::*;
use crate::domain::model::columns::{Column, Row, Rule, Value, column_of};
use crate::domain::model::field::Field;

/// The value of a cell read by a column's rule, with what reading it noted; `None` for the columns the import
/// reads itself (a key's reference to another row, a master's code matched against the masters, the file's own
/// columns, one shown from another row).
pub fn read(rule: Rule, field: Field, raw: &Raw, n: &mut Notes) -> Option<Value<'static>> {
    let required = |n: &mut Notes, empty: bool, yes: bool| {
        if yes && empty {
            n.required_missing(field);
        }
    };
    Some(match rule {
        Rule::Text { required: yes } => {
            let t = text(raw, n);
            required(n, t.is_empty(), yes);
            Value::owned(t)
        }
        Rule::Code { required: yes, pad } => {
            let c = code(raw, pad, n);
            required(n, c.is_empty(), yes);
            Value::owned(c)
        }
        Rule::Date { required: true } => Value::opt_date(required_date(raw, field, n)),
        Rule::Date { required: false } => Value::opt_date(date(raw, n)),
        Rule::DateTime => datetime(raw, n).map(Value::DateTime).unwrap_or(Value::Null),
        Rule::Amount => Value::opt_int(amount(raw, n)),
        Rule::Number { min, max } => Value::opt_int(small_number(raw, min..=max, n).map(i64::from)),
        Rule::Flag => Value::Flag(flag(raw, n)),
        Rule::Choice { choices, words, required: true } => {
            Value::key(required_choice(raw, field, choices.key_of, words, n))
        }
        Rule::Choice { choices, words, required: false } => {
            Value::key(choice(raw, choices.key_of, words, n))
        }
        Rule::Condition => Value::key(condition(raw, n).map(|k| k.key())),
        Rule::Ids => Value::list(&list::<String>(raw, n)),
        Rule::ItemCodes => {
            let items = item_codes(raw, n);
            required(n, raw.is_empty(), true);
            Value::list(&items)
        }
        Rule::InsurerNumbers => Value::list(&insurer_numbers(raw, n)),
        Rule::Version => Value::owned(version(raw, n)),
        Rule::Party | Rule::RowId | Rule::Sample | Rule::Borrowed | Rule::Reference(_) => {
            return None;
        }
    })
}

/// Read one cell into a column of a row, by the column's rule.
pub fn set_column<T>(x: &mut T, c: &Column<T>, raw: &Raw) -> Vec<Note> {
    let mut n = Notes::default();
    if let Some(field) = c.field
        && let Some(v) = read(c.rule, field, raw, &mut n)
    {
        (c.set)(x, v);
    }
    n.0
}

/// Read one cell into a field of a row, by the column's rule (nothing for a field the row has not).
pub fn set<T: Row>(x: &mut T, field: Field, raw: &Raw) -> Vec<Note> {
    match column_of::<T>(field) {
        Some(c) => set_column(x, c, raw),
        None => Vec::new(),
    }
}

/// The columns of a kind of row that a cell sets alone (not its keys, its references to other rows or the
/// masters, nor the file's own columns), in the sheet's order.
pub fn alone<T: Row>() -> impl Iterator<Item = &'static Column<T>> {
    T::COLUMNS.iter().filter(|c| {
        !c.key && !c.rule.file_only() && !matches!(c.rule, Rule::Reference(_) | Rule::Borrowed)
    })
}
