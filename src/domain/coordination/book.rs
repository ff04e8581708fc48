//! The record of books received and sent: when, in or out, the party, the file's name and SHA-256, and how many
//! rows the book added, changed and removed — for an import, the change itself, so that "what changed since the
//! last book from this party" can be shown later. The change is written entry by entry straight from the
//! `ChangeSet` applied, and read back only when it is shown: a national book's is 600,000 entries.

use serde::{Deserialize, Serialize};

use crate::domain::coordination::change::{ChangeKind, ChangeSet};
use crate::domain::date::DateTime;

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
    /// Row key in the project file (0 before it is stored): what its change is read back by.
    pub id: i64,
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
}

impl BookRecord {
    /// When, where the user is (the record keeps UTC): `YYYY-MM-DD HH:MM:SS`, as recorded if it cannot be read.
    pub fn at_local(&self) -> String {
        match crate::domain::date::parse_datetime(&self.at) {
            Ok((t, _)) => t.to_local().to_string(),
            Err(_) => self.at.clone(),
        }
    }

    /// The record of a book imported with `change`: its counts (the change's entries are written from the
    /// change itself when it is applied, `Store::apply_import`).
    pub fn received(party: &str, file_name: &str, sha256: &str, change: &ChangeSet) -> BookRecord {
        let count =
            |k: fn(&ChangeKind) -> bool| change.entries.iter().filter(|e| k(&e.what)).count();
        BookRecord {
            id: 0,
            at: DateTime::now().to_string(),
            direction: Direction::Received,
            party: party.to_string(),
            file_name: file_name.to_string(),
            sha256: sha256.to_string(),
            added: count(|w| *w == ChangeKind::Added),
            changed: count(|w| matches!(w, ChangeKind::Changed(_))),
            removed: count(|w| *w == ChangeKind::Removed),
        }
    }

    /// Whether it is a received book that changed something (whose change can be shown).
    pub fn has_change(&self) -> bool {
        self.direction == Direction::Received && self.added + self.changed + self.removed > 0
    }

    /// The record of a book exported holding `rows` rows.
    pub fn sent(party: &str, file_name: &str, sha256: &str, rows: usize) -> BookRecord {
        BookRecord {
            at: DateTime::now().to_string(),
            direction: Direction::Sent,
            party: party.to_string(),
            file_name: file_name.to_string(),
            sha256: sha256.to_string(),
            id: 0,
            added: rows,
            changed: 0,
            removed: 0,
        }
    }
}

/// A recorded change as lines (`+ テストケース S01-V01-T01`, `~ … 備考: 旧 → 新`).
pub fn change_lines(entries: &[RecordedEntry]) -> Vec<String> {
    entries
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
