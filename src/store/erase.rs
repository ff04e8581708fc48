//! Erasing a person: every copy of a role model's personal values taken out of the project file — the person, its
//! memberships and benefit records, where they came from in a book, the findings about them, and the record of
//! books' entries that named them — in one transaction that cannot be undone (an undo would put them back), then
//! the file rewritten (VACUUM) so that no freed page keeps their bytes. The record of books keeps each book's
//! record (when, whose, the file name, its SHA-256 and counts), without the erased person's entries.

use super::{Store, StoreError};

/// What erasing a person took out of the file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Erased {
    /// Role models (1, or 0 when there was none of that key).
    pub role_models: usize,
    /// Its memberships.
    pub memberships: usize,
    /// Its benefit records.
    pub benefits: usize,
    /// The findings about them.
    pub findings: usize,
    /// The record of books' entries that named them.
    pub book_entries: usize,
    /// The file's revision after it.
    pub revision: u64,
}

impl Store {
    /// Erase party `party`'s role model `id` and every copy of its personal values from the file (see the
    /// module's comment). The undo log is emptied: nothing done before can be undone into the erased values.
    pub(super) fn erase_role_model(&mut self, party: &str, id: &str) -> Result<Erased, StoreError> {
        if self.read_only {
            return Err(StoreError::ReadOnly);
        }
        // The keys the person's rows go by: in the rows' sources (`party:key`), and in findings and the record of
        // books (the key alone, or `party:key` where two parties use it).
        let qualified = format!("{party}:{id}");
        let mut erased = Erased::default();
        {
            let tx = self.conn.transaction()?;
            let n = |sql: &str, params: &[&dyn rusqlite::ToSql]| tx.execute(sql, params);
            erased.role_models =
                n("DELETE FROM role_model WHERE party = ?1 AND id = ?2", &[&party, &id])?;
            erased.memberships =
                n("DELETE FROM membership WHERE party = ?1 AND role_model = ?2", &[&party, &id])?;
            erased.benefits =
                n("DELETE FROM benefit WHERE party = ?1 AND role_model = ?2", &[&party, &id])?;
            // A membership's or benefit record's key starts with its person's: `RM-X/06130017/2015-04-01`.
            let of_person =
                "(key = ?2 OR key = ?3 OR key LIKE ?4 ESCAPE '\\' OR key LIKE ?5 ESCAPE '\\')";
            let like = |k: &str| {
                format!("{}/%", k.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"))
            };
            let (like_id, like_qualified) = (like(id), like(&qualified));
            n(
                &format!("DELETE FROM row_source WHERE ?1 = ?1 AND {of_person}"),
                &[&party, &id, &qualified, &like_id, &like_qualified],
            )?;
            erased.findings = n(
                &format!(
                    "DELETE FROM finding WHERE party = ?1 AND target IN ('role_model', 'membership', 'benefit') \
                     AND {of_person}"
                ),
                &[&party, &id, &qualified, &like_id, &like_qualified],
            )?;
            erased.book_entries = n(
                &format!(
                    "DELETE FROM book_entry WHERE book IN (SELECT id FROM book WHERE party = ?1) \
                     AND entity IN ('ロールモデル', '加入歴', '給付情報') AND {of_person}"
                ),
                &[&party, &id, &qualified, &like_id, &like_qualified],
            )?;
            super::undo::bump_revision(&tx)?;
            tx.commit()?;
        }
        // Nothing before the erasure can be undone or redone: the log holds the rows as they were.
        self.conn.execute("DELETE FROM undo_log", [])?;
        self.undo.clear();
        self.redo.clear();
        // The freed pages still hold the bytes: the file is rewritten without them.
        self.conn.execute_batch("VACUUM")?;
        erased.revision = self.revision()?;
        Ok(erased)
    }
}
