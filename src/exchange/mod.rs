//! The exchange formats: the ministry's shared-form workbook (read with calamine, written with rust_xlsxwriter)
//! and the answer XML (quick-xml).

pub mod cell;
pub mod column;
pub mod import;
pub mod read;
pub mod row_edit;
pub mod row_reader;
pub mod sheet_rows;
pub mod sheets;
pub mod validation;
pub mod write;
pub mod xml;
