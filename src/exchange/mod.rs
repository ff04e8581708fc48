//! The exchange formats: the ministry's shared-form workbook (read with calamine, written with rust_xlsxwriter)
//! and the answer XML (quick-xml).

pub mod cell;
pub mod import;
pub mod read;
pub mod row_edit;
pub mod sheets;
pub mod write;
pub mod xml;
