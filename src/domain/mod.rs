//! The pure core: the domain model, dates (Japanese era), codes and check digits, the Fund's routing and merge,
//! the checks, the sample project and the generator. No egui, no SQLite, no file I/O.

pub mod check;
pub mod codes;
pub mod date;
pub mod edit;
pub mod generate;
pub mod message;
pub mod model;
pub mod routing;
pub mod sample;
pub mod source;
pub mod xml_name;
