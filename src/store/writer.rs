//! Writing inside one operation's transaction ([`Writer`]): an entity put by its key, removed (alone or with what
//! belongs to it), renamed; the project's name; where imported rows came from (and reading that back).

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Transaction, params_from_iter};

use crate::domain::check::EntityKind;
use crate::domain::coordination::source::{RowSource, SourceSheet, Sources};
use crate::domain::model::*;

use super::{Entity, EntityKey, Store, StoreError, reject, rows};

impl Store {
    /// The books received and sent, oldest first.
    pub fn books(&self) -> Result<Vec<crate::domain::coordination::book::BookRecord>, StoreError> {
        use crate::domain::coordination::book::{BookRecord, Direction};
        let mut stmt = self.conn.prepare(
            "SELECT at, direction, party, file_name, sha256, added, changed, removed, id FROM book ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let direction: String = r.get(1)?;
            out.push(BookRecord {
                id: r.get(8)?,
                at: r.get(0)?,
                direction: Direction::parse(&direction).ok_or_else(|| {
                    StoreError::Corrupt(format!("book.direction: unreadable value \"{direction}\""))
                })?,
                party: r.get(2)?,
                file_name: r.get(3)?,
                sha256: r.get(4)?,
                added: r.get::<_, i64>(5)? as usize,
                changed: r.get::<_, i64>(6)? as usize,
                removed: r.get::<_, i64>(7)? as usize,
            });
        }
        Ok(out)
    }

    /// The change a received book made, as recorded, in order (read only when it is shown: a national book's is
    /// 600,000 entries).
    pub fn book_change(
        &self,
        id: i64,
    ) -> Result<Vec<crate::domain::coordination::book::RecordedEntry>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT entity, key, what, fields FROM book_entry WHERE book = ?1 ORDER BY seq",
        )?;
        let mut rows = stmt.query([id])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let fields: String = r.get(3)?;
            out.push(crate::domain::coordination::book::RecordedEntry {
                entity: r.get(0)?,
                key: r.get(1)?,
                what: r.get(2)?,
                fields: serde_json::from_str(&fields).map_err(|e| {
                    StoreError::Corrupt(format!(
                        "book_entry.fields: unreadable value \"{fields}\": {e}"
                    ))
                })?,
            });
        }
        Ok(out)
    }

    /// Record a book sent (an export), in a transaction of its own that no undo takes back.
    pub fn record_book(
        &mut self,
        b: &crate::domain::coordination::book::BookRecord,
    ) -> Result<(), StoreError> {
        if self.read_only {
            return Err(StoreError::ReadOnly);
        }
        let tx = self.conn.transaction()?;
        Writer::new(&tx).put_book(b, None)?;
        tx.commit()?;
        Ok(())
    }

    /// Where imported rows came from ([`Sources`]): what the check names their cells with.
    pub fn sources(&self) -> Result<Sources, StoreError> {
        let (mut out, sheet_at) = self.source_sheets()?;
        let mut stmt =
            self.conn.prepare("SELECT entity, key, sheet, row, digest FROM row_source")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (Some(entity), Some(&sheet)) =
                (EntityKind::parse(text_at(r, 0)?), sheet_at.get(&r.get::<_, i64>(2)?))
            else {
                continue; // a kind a later version wrote: not ours to name
            };
            out.rows.insert(
                (entity, text_at(r, 1)?.into()),
                RowSource {
                    sheet,
                    row: r.get::<_, i64>(3)? as u32,
                    digest: r.get::<_, i64>(4)? as u64,
                },
            );
        }
        Ok(out)
    }

    /// [`Store::sources`] of some rows only, by kind and source key ([`crate::domain::coordination::source::source_key`]), each
    /// looked up by the file's index: what naming a check's findings needs, without reading the sources of every
    /// row (at national scale, 600,000 of them for tens of thousands of findings).
    pub fn sources_of(
        &self,
        rows: impl IntoIterator<Item = (EntityKind, String)>,
    ) -> Result<Sources, StoreError> {
        let (mut out, sheet_at) = self.source_sheets()?;
        if sheet_at.is_empty() {
            return Ok(out);
        }
        let mut stmt = self
            .conn
            .prepare("SELECT sheet, row, digest FROM row_source WHERE entity = ?1 AND key = ?2")?;
        for (entity, key) in rows {
            // A row two findings are about is looked up once.
            let std::collections::hash_map::Entry::Vacant(place) =
                out.rows.entry((entity, CompactString::from(key)))
            else {
                continue;
            };
            let found = stmt
                .query_row(rusqlite::params![entity.key(), place.key().1.as_str()], |r| {
                    Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?))
                })
                .optional()?;
            if let Some((sheet, row, digest)) = found
                && let Some(&sheet) = sheet_at.get(&sheet)
            {
                place.insert(RowSource { sheet, row: row as u32, digest: digest as u64 });
            }
        }
        Ok(out)
    }

    /// Every sheet rows came from, with no row yet; and each sheet's place in the list, by its id in the file.
    fn source_sheets(&self) -> Result<(Sources, foldhash::HashMap<i64, usize>), StoreError> {
        let mut sheets = Vec::new();
        let mut sheet_at: foldhash::HashMap<i64, usize> = Default::default();
        let mut stmt =
            self.conn.prepare("SELECT id, name, columns FROM source_sheet ORDER BY id")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            sheet_at.insert(r.get(0)?, sheets.len());
            sheets.push(SourceSheet {
                name: r.get(1)?,
                columns: SourceSheet::parse_columns(&r.get::<_, String>(2)?),
            });
        }
        Ok((Sources { sheets, rows: Default::default() }, sheet_at))
    }
}

/// A text column of a row, read in place (no `String` of its own).
fn text_at<'r>(row: &'r rusqlite::Row, i: usize) -> Result<&'r str, rusqlite::Error> {
    row.get_ref(i)?.as_str().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// `"a" = ?1 AND "b" = ?2` for key columns.
fn where_keys(keys: &[(&str, Value)]) -> String {
    where_keys_from(keys, 1)
}

/// [`where_keys`] with the parameters numbered from `first`.
fn where_keys_from(keys: &[(&str, Value)], first: usize) -> String {
    keys.iter()
        .enumerate()
        .map(|(i, (c, _))| format!("\"{c}\" = ?{}", first + i))
        .collect::<Vec<_>>()
        .join(" AND ")
}

/// The statement that puts a row of `table` with these columns: an insert of a new id, or an insert that updates
/// the row of the same key, touching only a row that really changes (so the undo log holds real changes only).
fn put_sql<V>(table: &str, columns: &[(&str, V)], auto_id: bool) -> std::rc::Rc<str> {
    let keys = rows::key_len(table);
    let quoted = |c: &str| format!("\"{c}\"");
    let names: Vec<String> = columns.iter().map(|(c, _)| quoted(c)).collect();
    let holes: Vec<String> = (1..=columns.len()).map(|i| format!("?{i}")).collect();
    if auto_id {
        return format!("INSERT INTO {table}({}) VALUES({})", names.join(","), holes.join(","))
            .into();
    }
    let key_cols: Vec<String> = columns[..keys].iter().map(|(c, _)| quoted(c)).collect();
    let rest = || columns.iter().skip(keys).map(|(c, _)| c);
    let updates: Vec<String> = rest().map(|c| format!("\"{c}\"=excluded.\"{c}\"")).collect();
    let differs: Vec<String> = rest().map(|c| format!("\"{c}\" IS NOT excluded.\"{c}\"")).collect();
    format!(
        "INSERT INTO {table}({}) VALUES({}) ON CONFLICT({}) DO UPDATE SET {} WHERE {}",
        names.join(","),
        holes.join(","),
        key_cols.join(","),
        updates.join(","),
        differs.join(" OR ")
    )
    .into()
}

/// Writes inside one operation's transaction.
pub struct Writer<'a> {
    pub(super) tx: &'a Transaction<'a>,
    /// The statement that puts a row of a table, by (table, whether its id is new), made by `put_sql` once per
    /// operation: an import puts 600,000 rows of a few tables.
    put_sql: std::cell::RefCell<foldhash::HashMap<(&'static str, bool), std::rc::Rc<str>>>,
}

impl<'a> Writer<'a> {
    /// The writes of the operation whose transaction is `tx`.
    pub(super) fn new(tx: &'a Transaction<'a>) -> Writer<'a> {
        Writer { tx, put_sql: Default::default() }
    }

    /// Insert or replace an entity by its key. A membership or benefit with id 0 is inserted with a new id,
    /// which is returned.
    pub fn put(&self, entity: &Entity) -> Result<RowId, StoreError> {
        let (table, mut columns) = rows::row(entity);
        let auto_id = matches!(entity, Entity::Membership(m) if m.id == 0)
            || matches!(entity, Entity::Benefit(b) if b.id == 0);
        if auto_id {
            columns.remove(0);
        }
        let sql = self
            .put_sql
            .borrow_mut()
            .entry((table, auto_id))
            .or_insert_with(|| put_sql(table, &columns, auto_id))
            .clone();
        let mut stmt = self.tx.prepare_cached(&sql)?;
        stmt.execute(params_from_iter(columns.iter().map(|(_, v)| v))).map_err(reject)?;
        Ok(if auto_id {
            self.tx.last_insert_rowid()
        } else if let rusqlite::types::ToSqlOutput::Owned(Value::Integer(i)) = columns[0].1 {
            i
        } else {
            0
        })
    }

    /// Delete an entity and what belongs to it in its party (a scenario's variations and test cases, a
    /// variation's test cases, a role model's memberships and benefit records). Returns whether it existed.
    pub fn delete(&self, key: &EntityKey) -> Result<bool, StoreError> {
        let run = |sql: &str, party: &str, id: &str| self.tx.execute(sql, [party, id]);
        match key {
            EntityKey::Scenario(k) => {
                run(
                    "DELETE FROM test_case WHERE party = ?1 AND variation IN \
                     (SELECT id FROM variation WHERE party = ?1 AND scenario = ?2)",
                    &k.party,
                    &k.id,
                )?;
                run("DELETE FROM variation WHERE party = ?1 AND scenario = ?2", &k.party, &k.id)?;
            }
            EntityKey::Variation(k) => {
                run("DELETE FROM test_case WHERE party = ?1 AND variation = ?2", &k.party, &k.id)?;
            }
            EntityKey::RoleModel(k) => {
                run(
                    "DELETE FROM membership WHERE party = ?1 AND role_model = ?2",
                    &k.party,
                    &k.id,
                )?;
                run("DELETE FROM benefit WHERE party = ?1 AND role_model = ?2", &k.party, &k.id)?;
            }
            _ => {}
        }
        self.remove(key)
    }

    /// Delete one entity alone (what belongs to it is removed by entries of its own). Returns whether it existed.
    pub fn remove(&self, key: &EntityKey) -> Result<bool, StoreError> {
        let (table, keys) = rows::locate(key);
        let n = self
            .tx
            .execute(
                &format!("DELETE FROM {table} WHERE {}", where_keys(&keys)),
                params_from_iter(keys.iter().map(|(_, v)| v)),
            )
            .map_err(reject)?;
        Ok(n > 0)
    }

    /// Give an entity a new id in place (its row stays where it is), refusing an id its party uses; what refers to
    /// it is not followed (a change lists those rows as puts of their own).
    pub fn rename_key(&self, key: &EntityKey, new_id: &str) -> Result<(), StoreError> {
        let (table, keys) = rows::locate(key);
        let mut taken = keys.clone();
        if let Some(last) = taken.last_mut() {
            last.1 = Value::Text(new_id.to_string());
        }
        let exists: i64 = self.tx.query_row(
            &format!("SELECT count(*) FROM {table} WHERE {}", where_keys(&taken)),
            params_from_iter(taken.iter().map(|(_, v)| v)),
            |r| r.get(0),
        )?;
        if exists > 0 {
            return Err(StoreError::Rejected(format!(
                "{new_id} は既に使われています / {new_id} is already in use"
            )));
        }
        let (id_col, _) = keys[keys.len() - 1];
        let values: Vec<&Value> =
            std::iter::once(&taken[taken.len() - 1].1).chain(keys.iter().map(|(_, v)| v)).collect();
        self.tx
            .execute(
                &format!(
                    "UPDATE {table} SET \"{id_col}\" = ?1 WHERE {}",
                    where_keys_from(&keys, 2)
                ),
                params_from_iter(values),
            )
            .map_err(reject)?;
        Ok(())
    }

    /// Give a scenario, variation, test case or role model a new id, carrying what refers to it in its party
    /// along.
    pub fn rename(&self, key: &EntityKey, new_id: &str) -> Result<(), StoreError> {
        self.rename_key(key, new_id)?;
        let follow: &[(&str, &str)] = match key {
            EntityKey::Scenario(_) => &[("variation", "scenario"), ("test_case", "scenario")],
            EntityKey::Variation(_) => &[("test_case", "variation")],
            EntityKey::RoleModel(_) => &[
                ("test_case", "role_model"),
                ("membership", "role_model"),
                ("benefit", "role_model"),
            ],
            EntityKey::Insurer(_) => &[("membership", "insurer"), ("benefit", "insurer")],
            _ => &[],
        };
        let (_, keys) = rows::locate(key);
        let old = &keys[keys.len() - 1].1;
        for (t, c) in follow {
            match key.party() {
                Some(party) => self.tx.execute(
                    &format!("UPDATE {t} SET \"{c}\" = ?1 WHERE \"{c}\" = ?2 AND party = ?3"),
                    rusqlite::params![new_id, old, party.as_str()],
                )?,
                None => self.tx.execute(
                    &format!("UPDATE {t} SET \"{c}\" = ?1 WHERE \"{c}\" = ?2"),
                    rusqlite::params![new_id, old],
                )?,
            };
        }
        Ok(())
    }

    /// Record a book received or sent (outside the undo log: it is history, not the project's content), with the
    /// change a received book made, entry by entry.
    pub fn put_book(
        &self,
        b: &crate::domain::coordination::book::BookRecord,
        change: Option<&crate::domain::coordination::change::ChangeSet>,
    ) -> Result<(), StoreError> {
        self.tx.execute(
            "INSERT INTO book(at, direction, party, file_name, sha256, added, changed, removed) \
             VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            rusqlite::params![
                b.at,
                b.direction.key(),
                b.party,
                b.file_name,
                b.sha256,
                b.added as i64,
                b.changed as i64,
                b.removed as i64,
            ],
        )?;
        let Some(change) = change else {
            return Ok(());
        };
        let book = self.tx.last_insert_rowid();
        let mut insert = self.tx.prepare_cached(
            "INSERT INTO book_entry(book, seq, entity, key, what, fields) VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for (seq, e) in change.entries.iter().enumerate() {
            let fields = match &e.what {
                crate::domain::coordination::change::ChangeKind::Changed(fields) => {
                    serde_json::to_string(
                        &fields
                            .iter()
                            .map(|f| (f.field.header(), f.old.as_str(), f.new.as_str()))
                            .collect::<Vec<_>>(),
                    )
                    .map_err(|e| StoreError::Rejected(format!("book_entry.fields: {e}")))?
                }
                _ => "[]".to_string(),
            };
            insert.execute(rusqlite::params![
                book,
                seq as i64,
                e.entity,
                e.key,
                e.what.sign(),
                fields
            ])?;
        }
        Ok(())
    }

    /// Set one of the project's properties (written only when it differs, so that an unchanged one is no undo
    /// step).
    fn set_meta(&self, key: &str, value: &str) -> Result<(), StoreError> {
        self.tx.execute(
            "INSERT INTO meta(key, value) VALUES(?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value \
             WHERE value IS NOT excluded.value",
            [key, value],
        )?;
        Ok(())
    }

    /// Set 自団体, whose project it is.
    pub fn set_own(&self, own: &str) -> Result<(), StoreError> {
        self.set_meta("own", own)
    }

    /// Set the project's name.
    pub fn set_name(&self, name: &str) -> Result<(), StoreError> {
        self.set_meta("name", name)
    }

    /// Record where rows came from: each row's source replaces any earlier one that differs (its sheet, row or
    /// digest), a sheet is added unless the file has it already (the same name and columns), and sheets no row
    /// refers to any more are dropped. Returns how many rows' sources were written: a book received again with its
    /// rows where they were writes none, and so is no undo step; one whose rows moved writes the moved ones.
    pub fn put_sources(&self, sources: &Sources) -> Result<usize, StoreError> {
        self.put_sources_in_order(sources, sources_in_key_order(sources))
    }

    /// [`Writer::put_sources`], the rows already in [`sources_in_key_order`] (sorted beside the writing).
    pub(super) fn put_sources_in_order(
        &self,
        sources: &Sources,
        rows: Vec<SourceRow<'_>>,
    ) -> Result<usize, StoreError> {
        if sources.rows.is_empty() {
            return Ok(0);
        }
        let mut ids = Vec::with_capacity(sources.sheets.len());
        let mut added_sheet = false;
        for sheet in &sources.sheets {
            let columns = sheet.columns_text();
            let known: Option<i64> = self
                .tx
                .query_row(
                    "SELECT id FROM source_sheet WHERE name = ?1 AND columns = ?2 ORDER BY id LIMIT 1",
                    rusqlite::params![sheet.name, columns],
                    |r| r.get(0),
                )
                .optional()?;
            ids.push(match known {
                Some(id) => id,
                None => {
                    self.tx.execute(
                        "INSERT INTO source_sheet(name, columns) VALUES(?1, ?2)",
                        rusqlite::params![sheet.name, columns],
                    )?;
                    added_sheet = true;
                    self.tx.last_insert_rowid()
                }
            });
        }
        // A new row's source is inserted; one the file has is updated only where it differs (no undo log entry, no
        // page touched). Not one upsert: an upsert may abort half done, so SQLite keeps a statement journal for
        // each one, a copy of every page it touches (a fifth of the writing, at 600,000 rows). A kind the file has
        // no source of yet (a first import) is only inserted; otherwise each row's source is looked up first, so
        // that a book received again, most of its rows where they were, only reads them. An insert is only ever
        // of a key the file does not have: a conflict would be a fault, and is an error.
        let mut insert = self.tx.prepare_cached(
            "INSERT INTO row_source(entity, key, sheet, row, digest) VALUES(?1, ?2, ?3, ?4, ?5)",
        )?;
        let mut update = self.tx.prepare_cached(
            "UPDATE row_source SET sheet = ?3, row = ?4, digest = ?5 WHERE entity = ?1 AND key = ?2",
        )?;
        let mut stored = self.tx.prepare_cached(
            "SELECT sheet, row, digest FROM row_source WHERE entity = ?1 AND key = ?2",
        )?;
        let mut any_of_kind =
            self.tx.prepare_cached("SELECT EXISTS(SELECT 1 FROM row_source WHERE entity = ?1)")?;
        let mut kind_in_file: [Option<bool>; EntityKind::ALL.len()] = Default::default();
        let mut written = 0;
        for ((entity, key), r) in rows {
            let Some(&sheet) = ids.get(r.sheet) else {
                continue;
            };
            let (row, digest) = (i64::from(r.row), r.digest as i64);
            let values = rusqlite::params![entity.key(), key.as_str(), sheet, row, digest];
            let in_file = match &mut kind_in_file[*entity as usize] {
                Some(known) => *known,
                unknown => *unknown.insert(any_of_kind.query_row([entity.key()], |r| r.get(0))?),
            };
            let now = if in_file {
                stored
                    .query_row(rusqlite::params![entity.key(), key.as_str()], |r| {
                        Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?))
                    })
                    .optional()?
            } else {
                None
            };
            written += match now {
                None => insert.execute(values)?,
                Some(now) if now == (sheet, row, digest) => 0,
                Some(_) => update.execute(values)?,
            };
        }
        if written > 0 || added_sheet {
            self.tx.execute(
                "DELETE FROM source_sheet WHERE id NOT IN (SELECT DISTINCT sheet FROM row_source)",
                [],
            )?;
        }
        Ok(written)
    }

    /// Put every entity of a project (ids of memberships and benefits are kept when set).
    pub fn put_project(&self, p: &Project) -> Result<(), StoreError> {
        let all = p
            .institutions
            .iter()
            .cloned()
            .map(Entity::Institution)
            .chain(p.insurers.iter().cloned().map(Entity::Insurer))
            .chain(p.affairs.iter().cloned().map(Entity::Affair))
            .chain(p.procedures.iter().cloned().map(Entity::Procedure))
            .chain(p.info_kinds.iter().cloned().map(Entity::InfoKind))
            .chain(p.info_items.iter().cloned().map(Entity::InfoItem))
            .chain(p.scenarios.iter().cloned().map(Entity::Scenario))
            .chain(p.variations.iter().cloned().map(Entity::Variation))
            .chain(p.test_cases.iter().cloned().map(|x| Entity::TestCase(Box::new(x))))
            .chain(p.role_models.iter().cloned().map(|x| Entity::RoleModel(Box::new(x))))
            .chain(p.memberships.iter().cloned().map(Entity::Membership))
            .chain(p.benefits.iter().cloned().map(Entity::Benefit))
            .chain(p.findings.iter().cloned().map(|x| Entity::Finding(Box::new(x))));
        for e in all {
            self.put(&e)?;
        }
        Ok(())
    }
}

/// A row's source as it is written: its kind and key, and where it is.
pub(super) type SourceRow<'s> = (&'s (EntityKind, CompactString), &'s RowSource);

/// The rows' sources in the order the index on (entity, key) keeps them, so that each row written lands beside the
/// last one instead of on a page anywhere in the index. The kinds are ranked by their stored keys once, not compared
/// as text.
pub(super) fn sources_in_key_order(sources: &Sources) -> Vec<SourceRow<'_>> {
    let mut kinds: Vec<EntityKind> = EntityKind::ALL.to_vec();
    kinds.sort_unstable_by_key(|k| k.key());
    let mut rank = [0u8; EntityKind::ALL.len()];
    for (i, k) in kinds.iter().enumerate() {
        rank[*k as usize] = i as u8;
    }
    let mut rows: Vec<_> = sources.rows.iter().collect();
    rows.sort_unstable_by(|((a, a_key), _), ((b, b_key), _)| {
        (rank[*a as usize], a_key).cmp(&(rank[*b as usize], b_key))
    });
    rows
}
