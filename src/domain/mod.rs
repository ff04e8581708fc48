//! The pure core: the domain model, dates (Japanese era), codes and check digits, the Fund's routing and merge,
//! the checks, the sample project and the generator. No window toolkit, no database, no file I/O.

pub mod agreement;
pub mod answer;
pub mod book;
pub mod change;
pub mod check;
pub mod codes;
pub mod columns;
pub mod date;
pub mod edit;
pub mod entity;
pub mod field;
pub mod finding;
pub mod generate;
pub mod index;
pub mod kinds;
pub mod message;
pub mod model;
pub mod names;
pub mod partition;
pub mod party;
pub mod routing;
pub mod rules;
pub mod sample;
pub mod source;
pub mod stable_hash;
pub mod validate;
pub mod xml_name;
