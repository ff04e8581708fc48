//! The coordination loop between the parties: a change to a project (`change`) and the rules every change obeys
//! (`rules`), the window's edits (`edit`), agreement states (`agreement`), findings (`finding`), one party's book
//! and every party's status (`party`), the record of books received and sent (`book`), and where imported rows
//! came from (`source`).

pub mod agreement;
pub mod book;
pub mod change;
pub mod edit;
pub mod finding;
pub mod party;
pub mod rules;
pub mod source;
