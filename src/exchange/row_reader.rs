//! Reading one row of a recognised sheet: each field's cell by its column's rule, each note placed at its cell.

use crate::domain::date::Date;
use crate::domain::model::field::Field;
use crate::domain::model::message::Message;
use crate::domain::model::xml_name::is_text_char;

use super::cell::{self, Level, Note, Notes, Raw};
use super::read::{Problem, SheetTable};

/// Reads typed values out of one row of a sheet with the columns' rules ([`super::cell`]), placing each note at
/// its cell.
pub struct RowReader<'t> {
    /// The sheet.
    pub table: &'t SheetTable,
    /// Absolute row index.
    pub row: u32,
    /// The row's cells.
    pub cells: &'t [Raw],
    /// Problems found so far (shared by the whole read).
    pub problems: &'t mut Vec<Problem>,
}

impl<'t> RowReader<'t> {
    /// A problem at a field's cell on this row.
    pub fn problem(&mut self, level: Level, field: Field, message: Message) {
        let value = self.table.raw(self.cells, field).map(Raw::shown).unwrap_or_default();
        // A control character is shown by its code point, never sent to a terminal.
        let value = if value.chars().all(is_text_char) {
            value
        } else {
            value
                .chars()
                .map(|c| match is_text_char(c) {
                    true => c.to_string(),
                    false => format!("<U+{:04X}>", c as u32),
                })
                .collect()
        };
        self.problems.push(Problem {
            level,
            sheet: self.table.name.clone(),
            cell: self.table.cell(self.row, field),
            value,
            message,
        });
    }

    /// Place what reading a cell noted at its cell.
    pub fn report(&mut self, field: Field, notes: Vec<Note>) {
        for n in notes {
            self.problem(n.level, field, n.message);
        }
    }

    /// Read a field's cell with `read` (a column's rule), placing its notes; when the sheet has no such column,
    /// nothing is read (the field keeps what the project holds).
    pub fn set(&mut self, field: Field, read: impl FnOnce(&Raw) -> Vec<Note>) {
        if self.has(field) {
            let notes = read(self.raw(field));
            self.report(field, notes);
        }
    }

    /// Whether the sheet has this column (an absent column leaves the field as it is in the project).
    pub fn has(&self, field: Field) -> bool {
        self.table.has(field)
    }

    /// The cell of a field as read.
    pub fn raw(&self, field: Field) -> &'t Raw {
        self.table.raw(self.cells, field).unwrap_or(&Raw::Empty)
    }

    fn with<T>(&mut self, field: Field, read: impl FnOnce(&Raw, &mut Notes) -> T) -> T {
        let mut notes = Notes::default();
        let value = read(self.raw(field), &mut notes);
        self.report(field, notes.0);
        value
    }

    /// A name or free text ([`cell::text`]).
    pub fn text(&mut self, field: Field) -> String {
        self.with(field, cell::text)
    }

    /// Required free text.
    pub fn required_text(&mut self, field: Field) -> String {
        self.with(field, |raw, n| {
            let t = cell::text(raw, n);
            if t.is_empty() {
                n.required_missing(field);
            }
            t
        })
    }

    /// A code or number ([`cell::code`]).
    pub fn code(&mut self, field: Field, pad: &[(usize, usize)]) -> String {
        self.with(field, |raw, n| cell::code(raw, pad, n))
    }

    /// Whether the field's cell was typed as a number.
    pub fn is_number(&self, field: Field) -> bool {
        matches!(self.raw(field), Raw::Number(_))
    }

    /// A required code.
    pub fn required_code(&mut self, field: Field, pad: &[(usize, usize)]) -> String {
        self.with(field, |raw, n| {
            let c = cell::code(raw, pad, n);
            if c.is_empty() {
                n.required_missing(field);
            }
            c
        })
    }

    /// A required date ([`cell::required_date`]).
    pub fn required_date(&mut self, field: Field) -> Option<Date> {
        self.with(field, |raw, n| cell::required_date(raw, field, n))
    }

    /// A required value from a fixed list ([`cell::required_choice`]).
    pub fn required_choice<T>(
        &mut self,
        field: Field,
        parse: impl Fn(&str) -> Option<T>,
        expected: &[&str],
    ) -> Option<T> {
        self.with(field, |raw, n| cell::required_choice(raw, field, parse, expected, n))
    }
}
