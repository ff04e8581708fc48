//! The fields of the project's rows, by meaning: what a finding points at, what the cursor is put in, what a
//! change lists. Each field's workbook header (the contract's Japanese column name, docs/exchange-format.md) and
//! its English label are listed once, with the field tables (`columns`); this module says how a field is named
//! and found by its header.

use serde::Serialize;

use crate::domain::model::message::Lang;

// The fields themselves are listed with the field tables, where a column is added.
pub use crate::domain::model::columns::Field;

impl Field {
    /// The field of a kind of row a header names (`シナリオID` is a role model's list of scenarios, a test case's
    /// scenario otherwise; `種別` a code's or an institution's kind).
    pub fn for_header(
        entity: crate::domain::model::kinds::EntityKind,
        header: &str,
    ) -> Option<Field> {
        use crate::domain::model::kinds::EntityKind as K;
        let header = header.trim();
        let mut found = Field::ALL.iter().copied().filter(|f| f.header() == header);
        let first = found.next()?;
        let Some(second) = found.next() else {
            return Some(first);
        };
        Some(match (entity, first, second) {
            (K::RoleModel, _, other) => other,
            (K::Institution, Field::CodeKind, _) | (K::Institution, _, Field::CodeKind) => {
                Field::InstitutionKind
            }
            (K::Code, Field::InstitutionKind, _) | (K::Code, _, Field::InstitutionKind) => {
                Field::CodeKind
            }
            _ => first,
        })
    }

    /// The label in a language: the workbook header in Japanese.
    pub fn label(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Ja => self.header(),
            Lang::En => self.label_en(),
        }
    }
}

impl Serialize for Field {
    /// As its workbook header (what `check --format json` has always written).
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.header())
    }
}

impl PartialEq<&str> for Field {
    /// A field is its workbook header.
    fn eq(&self, header: &&str) -> bool {
        self.header() == *header
    }
}

impl std::fmt::Display for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.header())
    }
}
