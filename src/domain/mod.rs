//! The pure core: what the test is, as data and rules. No window toolkit, no database, no file I/O (the clock is
//! read in one place, `date::Date::today`). Its rooms, from the ground up:
//! - `model`: the rows of a project (the entities and `Project`), their fields and field tables, kinds, keys and
//!   names, messages, check digits, portable XML names;
//! - `date`: dates and the Japanese eras, and every form the contract lets a date be written in;
//! - `routing`: the Fund's intermediate server — a query's validation, the project's lookups, the router and the
//!   answers it merges;
//! - `check`: the rules a specification is checked by, with their fixes;
//! - `coordination`: the loop between the parties — changes and the rules every change obeys, edits, agreement
//!   states, findings, parties' books, the record of books and where imported rows came from;
//! - `partition`: the insurer representative's view of its partition;
//! - `samples`: the sample project and generated national-scale projects.

pub mod check;
pub mod coordination;
pub mod date;
pub mod model;
pub mod partition;
pub mod routing;
pub mod samples;
