//! The record of books received and sent: when, in or out, the party, the file's name and SHA-256, and how many
//! rows the book added, changed and removed — for an import, the change itself, so that "what changed since the
//! last book from this party" can be shown later.

use serde::{Deserialize, Serialize};

use super::change::{ChangeKind, ChangeSet};
use super::date::DateTime;

/// Whether a book came in or went out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Direction {
    /// Received (imported).
    Received,
    /// Sent (exported).
    Sent,
}

impl Direction {
    /// The key the project file keeps: `in` or `out`.
    pub fn key(self) -> &'static str {
        match self {
            Direction::Received => "in",
            Direction::Sent => "out",
        }
    }

    /// Read a key back.
    pub fn parse(s: &str) -> Option<Direction> {
        match s {
            "in" => Some(Direction::Received),
            "out" => Some(Direction::Sent),
            _ => None,
        }
    }

    /// 受信 / 送信
    pub fn label_ja(self) -> &'static str {
        match self {
            Direction::Received => "受信",
            Direction::Sent => "送信",
        }
    }

    /// received / sent
    pub fn label_en(self) -> &'static str {
        match self {
            Direction::Received => "received",
            Direction::Sent => "sent",
        }
    }
}

/// One entry of a recorded change, as it was shown when the book came in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedEntry {
    /// The kind of row, by its sheet's wording.
    pub entity: String,
    /// The row's key.
    pub key: String,
    /// `+` added, `-` removed, `~` changed.
    pub what: String,
    /// For a change: each field's header, old and new value.
    pub fields: Vec<(String, String, String)>,
}

/// A book received or sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookRecord {
    /// When (UTC).
    pub at: String,
    /// In or out.
    pub direction: Direction,
    /// The party whose book it is (empty for a book of masters alone, or a whole project's).
    pub party: String,
    /// The file's name (without its folder).
    pub file_name: String,
    /// The file's SHA-256, lower-case hex.
    pub sha256: String,
    /// Rows added, changed and removed by it (an export's: the rows it holds, as added).
    pub added: usize,
    /// See `added`.
    pub changed: usize,
    /// See `added`.
    pub removed: usize,
    /// For an import, the change it made.
    pub change: Vec<RecordedEntry>,
}

impl BookRecord {
    /// When, where the user is (the record keeps UTC): `YYYY-MM-DD HH:MM:SS`, as recorded if it cannot be read.
    pub fn at_local(&self) -> String {
        match super::date::parse_datetime(&self.at) {
            Ok((t, _)) => t.to_local().to_string(),
            Err(_) => self.at.clone(),
        }
    }

    /// The record of a book imported with `change`.
    pub fn received(party: &str, file_name: &str, sha256: &str, change: &ChangeSet) -> BookRecord {
        let count =
            |k: fn(&ChangeKind) -> bool| change.entries.iter().filter(|e| k(&e.what)).count();
        BookRecord {
            at: DateTime::now().to_string(),
            direction: Direction::Received,
            party: party.to_string(),
            file_name: file_name.to_string(),
            sha256: sha256.to_string(),
            added: count(|w| *w == ChangeKind::Added),
            changed: count(|w| matches!(w, ChangeKind::Changed(_))),
            removed: count(|w| *w == ChangeKind::Removed),
            change: change
                .entries
                .iter()
                .map(|e| RecordedEntry {
                    entity: e.entity.to_string(),
                    key: e.key.clone(),
                    what: match &e.what {
                        ChangeKind::Added => "+",
                        ChangeKind::Removed => "-",
                        ChangeKind::Changed(_) => "~",
                    }
                    .to_string(),
                    fields: match &e.what {
                        ChangeKind::Changed(fields) => fields
                            .iter()
                            .map(|f| (f.field.header().to_string(), f.old.clone(), f.new.clone()))
                            .collect(),
                        _ => Vec::new(),
                    },
                })
                .collect(),
        }
    }

    /// The record of a book exported holding `rows` rows.
    pub fn sent(party: &str, file_name: &str, sha256: &str, rows: usize) -> BookRecord {
        BookRecord {
            at: DateTime::now().to_string(),
            direction: Direction::Sent,
            party: party.to_string(),
            file_name: file_name.to_string(),
            sha256: sha256.to_string(),
            added: rows,
            changed: 0,
            removed: 0,
            change: Vec::new(),
        }
    }

    /// The recorded change as lines (`+ テストケース S01-V01-T01`, `~ … 備考: 旧 → 新`).
    pub fn change_lines(&self) -> Vec<String> {
        self.change
            .iter()
            .map(|e| {
                let mut line = format!("{} {} {}", e.what, e.entity, e.key);
                for (field, old, new) in &e.fields {
                    line += &format!("  {field}: {old} → {new}");
                }
                line
            })
            .collect()
    }
}
