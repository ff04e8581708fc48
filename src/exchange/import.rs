//! Importing the exchange workbook: the sheets read by `read` become a proposed project, read row by row with
//! every problem located; the change against the current project is worked out field by field; and, when no error
//! remains, applied in one transaction (one undo step), with where each row came from (`domain::source`).
//!
//! An import error is only a value the project file cannot hold (EXCHANGE-FORMAT.md, "Errors and findings"): a
//! cell not of its column's type, a required cell empty, a key twice, a membership's or benefit record's role model
//! nowhere. Every rule the checker judges is imported as it is and left to the check, so the import never reports
//! a rule itself: each rule's severity is the check's alone.
//!
//! References across sheets resolve in any order: sheets are built masters first (codes, institutions, insurers),
//! then people (role models, memberships, benefit records), then test cases, whatever their order in the book.

use foldhash::{HashMap, HashMapExt, HashSet};
use std::hash::Hash;
use std::path::Path;

use rusqlite::types::Value;

use crate::domain::check::EntityKind;
use crate::domain::codes::parse_code_list;
use crate::domain::message::{Lang, Message};
use crate::domain::model::*;
use crate::domain::source::{
    RowSource, SourceSheet, Sources, digest_of_benefit, digest_of_code, digest_of_institution,
    digest_of_insurer, digest_of_membership, digest_of_role_model, digest_of_test_case,
};
use crate::store::rows::{Entity, EntityKey};
use crate::store::{Store, StoreError};

use super::read::{Level, Problem, ReadError, RowReader, SheetTable, WorkbookTables, read_tables};
use super::sheets::SheetKind;

/// How an import treats what the book does not list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportOptions {
    /// A sheet present in the book is the whole list of its kind: rows of that kind the sheet does not hold are
    /// removed. Off: the book only adds and changes.
    pub remove_missing: bool,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            remove_missing: true,
        }
    }
}

/// One field that changes.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FieldChange {
    /// The field, by its workbook header.
    pub field: &'static str,
    /// The value now.
    pub old: String,
    /// The value after the import.
    pub new: String,
}

/// What happens to one entity.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub enum ChangeKind {
    /// New.
    Added,
    /// Some fields change.
    Changed(Vec<FieldChange>),
    /// Removed (the sheet was imported whole and does not list it, or what it belongs to is removed).
    Removed,
}

/// One entity the import adds, changes or removes.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ChangeEntry {
    /// What kind of entity, by its sheet's wording (テストケース, 加入歴, …).
    pub entity: &'static str,
    /// Its key as a person reads it.
    pub key: String,
    /// What happens.
    pub what: ChangeKind,
    /// Where the entity to put sits in the proposed project (cloned only when applied).
    #[serde(skip)]
    put: Option<(Slot, usize)>,
    #[serde(skip)]
    remove: Option<EntityKey>,
}

/// Which of a project's lists an entity is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Institution,
    Insurer,
    Affair,
    Procedure,
    InfoKind,
    InfoItem,
    Scenario,
    Variation,
    RoleModel,
    TestCase,
    Membership,
    Benefit,
}

impl Slot {
    fn entity(self, p: &Project, i: usize) -> Entity {
        match self {
            Slot::Institution => Entity::Institution(p.institutions[i].clone()),
            Slot::Insurer => Entity::Insurer(p.insurers[i].clone()),
            Slot::Affair => Entity::Affair(p.affairs[i].clone()),
            Slot::Procedure => Entity::Procedure(p.procedures[i].clone()),
            Slot::InfoKind => Entity::InfoKind(p.info_kinds[i].clone()),
            Slot::InfoItem => Entity::InfoItem(p.info_items[i].clone()),
            Slot::Scenario => Entity::Scenario(p.scenarios[i].clone()),
            Slot::Variation => Entity::Variation(p.variations[i].clone()),
            Slot::RoleModel => Entity::RoleModel(p.role_models[i].clone()),
            Slot::TestCase => Entity::TestCase(p.test_cases[i].clone()),
            Slot::Membership => Entity::Membership(p.memberships[i].clone()),
            Slot::Benefit => Entity::Benefit(p.benefits[i].clone()),
        }
    }
}

/// Everything an import would do to a project.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Change {
    /// Every added, changed and removed entity, masters first.
    pub entries: Vec<ChangeEntry>,
}

impl Change {
    /// Whether nothing would change.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Whether applying it adds memberships or benefit records, whose row keys only the project file gives.
    pub fn adds_keyed_rows(&self) -> bool {
        self.entries.iter().any(|e| {
            e.what == ChangeKind::Added
                && matches!(e.put, Some((Slot::Membership | Slot::Benefit, _)))
        })
    }

    /// (entity, added, changed, removed) per kind of entity, in the order met.
    pub fn summary(&self) -> Vec<(&'static str, usize, usize, usize)> {
        let mut out: Vec<(&'static str, usize, usize, usize)> = Vec::new();
        for e in &self.entries {
            let i = match out.iter().position(|x| x.0 == e.entity) {
                Some(i) => i,
                None => {
                    out.push((e.entity, 0, 0, 0));
                    out.len() - 1
                }
            };
            match e.what {
                ChangeKind::Added => out[i].1 += 1,
                ChangeKind::Changed(_) => out[i].2 += 1,
                ChangeKind::Removed => out[i].3 += 1,
            }
        }
        out
    }

    /// The change as lines for a person: `+` added, `~` changed (field: old → new), `-` removed.
    pub fn lines(&self, lang: Lang) -> Vec<String> {
        let mut out = Vec::new();
        for e in &self.entries {
            match &e.what {
                ChangeKind::Added => out.push(format!("+ {} {}", e.entity, e.key)),
                ChangeKind::Removed => out.push(format!("- {} {}", e.entity, e.key)),
                ChangeKind::Changed(fields) => {
                    out.push(format!("~ {} {}", e.entity, e.key));
                    for f in fields {
                        let empty = if lang == Lang::Ja {
                            "（空）"
                        } else {
                            "(empty)"
                        };
                        let show = |s: &str| {
                            if s.is_empty() {
                                empty.to_string()
                            } else {
                                s.to_string()
                            }
                        };
                        out.push(format!(
                            "    {}: {} → {}",
                            f.field,
                            show(&f.old),
                            show(&f.new)
                        ));
                    }
                }
            }
        }
        out
    }

    /// The summary as one line per kind.
    pub fn summary_lines(&self, lang: Lang) -> Vec<String> {
        self.summary()
            .into_iter()
            .map(|(entity, a, c, r)| match lang {
                Lang::Ja => format!("{entity}: 追加 {a}、変更 {c}、削除 {r}"),
                Lang::En => format!("{entity}: {a} added, {c} changed, {r} removed"),
            })
            .collect()
    }
}

/// What a workbook would do to a project: the problems found, the project it would give and the change.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    /// Every problem, errors first, then in book order.
    pub problems: Vec<Problem>,
    /// The sheets recognised.
    pub sheets: Vec<SheetKind>,
    /// The project after the import.
    pub result: Project,
    /// The change from the current project to `result`.
    pub change: Change,
    /// Where each row the book gives came from (kept in the project file, so the check can name the cell).
    pub sources: Sources,
}

impl Proposal {
    /// Whether any error stops the import.
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(|p| p.level == Level::Error)
    }

    /// How many errors and warnings.
    pub fn counts(&self) -> (usize, usize) {
        let e = self
            .problems
            .iter()
            .filter(|p| p.level == Level::Error)
            .count();
        (e, self.problems.len() - e)
    }
}

/// Read a workbook into a proposed change to `base`. `progress(done, total)` reports reading; returning `false`
/// cancels.
pub fn propose(
    path: &Path,
    base: &Project,
    options: ImportOptions,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<Proposal, ReadError> {
    let tables = read_tables(path, progress)?;
    Ok(propose_from_tables(tables, base, options))
}

/// Apply a proposal's change to a project file: one transaction, one undo step. Refuses a proposal with errors.
pub fn apply_change(store: &mut Store, proposal: &Proposal) -> Result<(), StoreError> {
    apply_change_with_progress(store, proposal, &mut |_, _| true)
}

/// [`apply_change`], reporting `progress(done, total)` every thousand entries; returning `false` cancels and rolls
/// the whole transaction back ([`StoreError::Cancelled`]).
pub fn apply_change_with_progress(
    store: &mut Store,
    proposal: &Proposal,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<(), StoreError> {
    apply_change_as(
        store,
        proposal,
        "ブックの取り込み / import workbook",
        progress,
    )
}

/// [`apply_change_with_progress`] under an undo label of the caller's (an edit made in a form).
pub fn apply_change_as(
    store: &mut Store,
    proposal: &Proposal,
    label: &str,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<(), StoreError> {
    if proposal.has_errors() {
        return Err(StoreError::Rejected(
            "取り込みにエラーがあるため書き込みません / the import has errors: nothing is written"
                .into(),
        ));
    }
    if proposal.change.is_empty() {
        return Ok(());
    }
    let total = proposal.change.entries.len() * 2;
    let mut done = 0;
    let mut step = |done: &mut usize| {
        *done += 1;
        if (*done).is_multiple_of(1000) && !progress(*done, total) {
            return Err(StoreError::Cancelled);
        }
        Ok(())
    };
    store.apply(label, |w| {
        // Removals first, dependants before what they depend on; then puts, masters first.
        for e in &proposal.change.entries {
            if let Some(k) = &e.remove {
                w.delete(k)?;
            }
            step(&mut done)?;
        }
        for e in &proposal.change.entries {
            if let Some((slot, i)) = e.put {
                w.put(&slot.entity(&proposal.result, i))?;
            }
            step(&mut done)?;
        }
        w.put_sources(&proposal.sources)
    })?;
    progress(total, total);
    Ok(())
}

fn by_key<T, K: Eq + Hash>(items: &[T], key: impl Fn(&T) -> K) -> HashMap<K, &T> {
    items.iter().map(|x| (key(x), x)).collect()
}

/// Combine a kind's current list with the rows a book gives for it.
fn combine<T: Clone, K: Eq + Hash>(
    base: &[T],
    incoming: Vec<T>,
    key: impl Fn(&T) -> K,
    whole: bool,
    keep_unlisted: impl Fn(&T) -> bool,
) -> Vec<T> {
    if base.is_empty() {
        return incoming;
    }
    let listed: HashMap<K, usize> = incoming
        .iter()
        .enumerate()
        .map(|(i, x)| (key(x), i))
        .collect();
    if whole {
        let kept: Vec<T> = base
            .iter()
            .filter(|x| keep_unlisted(x) && !listed.contains_key(&key(x)))
            .cloned()
            .collect();
        let mut out = incoming;
        out.extend(kept);
        out
    } else {
        let mut used = vec![false; incoming.len()];
        let mut out: Vec<T> = base
            .iter()
            .map(|x| match listed.get(&key(x)) {
                Some(&i) => {
                    used[i] = true;
                    incoming[i].clone()
                }
                None => x.clone(),
            })
            .collect();
        out.extend(
            incoming
                .into_iter()
                .zip(used)
                .filter(|(_, u)| !u)
                .map(|(x, _)| x),
        );
        out
    }
}

/// Rows of every sheet of one kind, with the sheet they come from.
fn rows_of(
    tables: &WorkbookTables,
    kind: SheetKind,
) -> Vec<(&SheetTable, u32, &[super::read::Raw])> {
    tables
        .sheets
        .iter()
        .filter(|t| t.kind == kind)
        .flat_map(|t| {
            t.rows
                .iter()
                .map(move |(r, cells)| (t, *r, cells.as_slice()))
        })
        .collect()
}

const INSURER_PAD: &[(usize, usize)] = &[(5, 6), (7, 8)];

/// Reports a key seen twice in a kind's sheets.
struct Seen<'t, K> {
    /// Where each key was first seen (formatted only for a duplicate).
    first: HashMap<K, (&'t SheetTable, u32)>,
}

impl<'t, K: Eq + Hash> Seen<'t, K> {
    fn new() -> Self {
        Seen {
            first: HashMap::new(),
        }
    }

    /// True when new; otherwise reports the duplicate at `header`.
    fn first_time(
        &mut self,
        key: K,
        table: &'t SheetTable,
        r: &mut RowReader,
        header: &str,
        what: &str,
    ) -> bool {
        if let Some(&(first, row)) = self.first.get(&key) {
            let prev = format!(
                "{}!{}",
                first.name,
                first.cell(row, header).unwrap_or_default()
            );
            r.problem(
                Level::Error,
                header,
                Message::new(
                    format!("{what}が重複しています（{prev} と同じ）。一意である必要があります"),
                    format!("duplicate {what} (also at {prev}): it must be unique"),
                ),
            );
            false
        } else {
            self.first.insert(key, (table, r.row));
            true
        }
    }
}

/// What a reference to a row the book and the project do not hold means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unknown {
    /// The row cannot be held without it (a membership's or benefit record's role model): an import error.
    IsError,
    /// The row is imported as it is and the check reports the unknown reference.
    IsChecked,
}

/// A required reference to a code the project or the book defines. A number typed by Excel is matched against
/// those codes: exactly one match restores its leading zeros (a warning); several are named (a warning, the digits
/// kept for the check to judge).
fn reference(
    r: &mut RowReader,
    header: &str,
    known: &HashSet<&str>,
    what: &str,
    unknown: Unknown,
) -> String {
    let number = r.is_number(header);
    let value = r.required_code(header, &[]);
    if value.is_empty() || known.contains(value.as_str()) {
        return value;
    }
    if number {
        let bare = value.trim_start_matches('0');
        let mut candidates: Vec<&str> = known
            .iter()
            .filter(|c| c.bytes().all(|b| b.is_ascii_digit()) && c.trim_start_matches('0') == bare)
            .copied()
            .collect();
        candidates.sort();
        match candidates.as_slice() {
            [one] => {
                r.problem(
                    Level::Warning,
                    header,
                    Message::new(
                        format!("数値として入力されていたため、{what} {one} と読みました（先頭の0を補いました）"),
                        format!("typed as a number: read as {what} {one} (leading zeros restored)"),
                    ),
                );
                return one.to_string();
            }
            [] => {}
            many => {
                r.problem(
                    Level::Warning,
                    header,
                    Message::new(
                        format!(
                            "数値として入力されており、どの{what}か決められません（候補: {}）。{value} のまま取り込みます",
                            many.join("、")
                        ),
                        format!(
                            "typed as a number and matches several {what}s ({}): imported as {value}",
                            many.join(", ")
                        ),
                    ),
                );
                return value;
            }
        }
    }
    if unknown == Unknown::IsError {
        r.problem(
            Level::Error,
            header,
            Message::new(
                format!("{what} {value} はプロジェクトにもブックにもありません（この行はそれなしには取り込めません）"),
                format!("{what} {value} is defined neither in the project nor in the book (the row cannot be held without it)"),
            ),
        );
    }
    value
}

/// Push a code into its list; returns its digest (for its source).
fn push<T: serde::Serialize>(list: &mut Vec<T>, x: T) -> u64 {
    let digest = digest_of_code(&x);
    list.push(x);
    digest
}

/// A key as a finding names it.
fn code_key(code: &impl std::fmt::Display) -> String {
    code.to_string()
}

/// The sources of the rows a book gives, collected while its sheets are read.
#[derive(Default)]
struct SourceLog {
    sources: Sources,
}

impl SourceLog {
    /// Row `row` (0-based) of sheet `t` gave this entity.
    fn record(&mut self, t: &SheetTable, row: u32, entity: EntityKind, key: String, digest: u64) {
        let sheet = match self.sources.sheets.iter().position(|s| s.name == t.name) {
            Some(i) => i,
            None => {
                self.sources.sheets.push(SourceSheet {
                    name: t.name.clone(),
                    columns: t
                        .kind
                        .headers()
                        .iter()
                        .zip(&t.columns)
                        .filter_map(|((h, _), c)| Some((h.to_string(), (*c)?)))
                        .collect(),
                });
                self.sources.sheets.len() - 1
            }
        };
        self.sources.rows.insert(
            (entity, key.clone()),
            RowSource {
                entity,
                key,
                sheet,
                row: row + 1,
                digest,
            },
        );
    }
}

/// Split a list cell (commas, 、, spaces, line breaks).
fn list(text: &str) -> Vec<String> {
    text.split(|c: char| c == ',' || c == '、' || c == '，' || c.is_whitespace())
        .map(super::read::nfkc)
        .filter(|s| !s.is_empty())
        .collect()
}

/// Build the proposal from sheets already read.
pub fn propose_from_tables(
    tables: WorkbookTables,
    base: &Project,
    options: ImportOptions,
) -> Proposal {
    let mut problems = tables.problems.clone();
    let sheets: Vec<SheetKind> = {
        let mut v: Vec<SheetKind> = tables.sheets.iter().map(|t| t.kind).collect();
        v.dedup();
        v
    };
    let present = |k: SheetKind| tables.sheets.iter().any(|t| t.kind == k);
    let whole = |k: SheetKind| options.remove_missing && present(k);
    let mut result = base.clone();
    let mut sources = SourceLog::default();

    // --- コード
    if present(SheetKind::Codes) {
        let (mut affairs, mut procedures, mut kinds, mut items) = (vec![], vec![], vec![], vec![]);
        let base_affairs = by_key(&base.affairs, |x| x.code.to_string());
        let base_procedures = by_key(&base.procedures, |x| x.code.to_string());
        let base_kinds = by_key(&base.info_kinds, |x| x.code.to_string());
        let base_items = by_key(&base.info_items, |x| x.code.to_string());
        let mut seen = Seen::new();
        for (t, row, cells) in rows_of(&tables, SheetKind::Codes) {
            let mut r = RowReader {
                table: t,
                row,
                cells,
                problems: &mut problems,
            };
            let kind = r.required_choice(
                "種別",
                |s| match s {
                    "事務" | "JM" => Some(0),
                    "事務手続" | "JT" => Some(1),
                    "特定個人情報名" | "TM" => Some(2),
                    "項目" | "特定個人情報項目" | "TK" => Some(3),
                    _ => None,
                },
                &["事務", "事務手続", "特定個人情報名", "項目"],
            );
            let code = r.required_code("コード", &[]);
            let name = r.required_text("名称");
            let parent = r.code("親コード", &[]);
            // Element names, not codes: read as written.
            let xml = r.text("XMLパス");
            let repeated = r.text("繰返し");
            let Some(kind) = kind else { continue };
            if code.is_empty()
                || !seen.first_time((kind, code.clone()), t, &mut r, "コード", "コード")
            {
                continue;
            }
            let key = code.clone();
            let digest = match kind {
                0 => push(
                    &mut affairs,
                    Affair {
                        sample: base_affairs.get(&code).is_some_and(|b| b.sample),
                        code: code.into(),
                        name,
                    },
                ),
                1 => push(
                    &mut procedures,
                    Procedure {
                        sample: base_procedures.get(&code).is_some_and(|b| b.sample),
                        code: code.into(),
                        name,
                        affair: parent.into(),
                    },
                ),
                2 => push(
                    &mut kinds,
                    InfoKind {
                        sample: base_kinds.get(&code).is_some_and(|b| b.sample),
                        code: code.into(),
                        name,
                        xml_root: xml,
                    },
                ),
                _ => push(
                    &mut items,
                    InfoItem {
                        sample: base_items.get(&code).is_some_and(|b| b.sample),
                        code: code.into(),
                        name,
                        info_kind: parent.into(),
                        xml_path: xml,
                        repeated_group: repeated,
                    },
                ),
            };
            sources.record(t, row, EntityKind::Code, key, digest);
        }
        let w = whole(SheetKind::Codes);
        result.affairs = combine(&base.affairs, affairs, |x| x.code.clone(), w, |_| false);
        result.info_kinds = combine(&base.info_kinds, kinds, |x| x.code.clone(), w, |_| false);
        result.procedures = combine(
            &base.procedures,
            procedures,
            |x| x.code.clone(),
            w,
            |_| false,
        );
        result.info_items = combine(&base.info_items, items, |x| x.code.clone(), w, |_| false);
    }

    // --- 機関
    if present(SheetKind::Institutions) {
        let base_by = by_key(&base.institutions, |x| x.code.to_string());
        let known: HashSet<String> = base
            .institutions
            .iter()
            .map(|x| x.code.to_string())
            .collect();
        let mut seen = Seen::new();
        let mut incoming = Vec::new();
        for (t, row, cells) in rows_of(&tables, SheetKind::Institutions) {
            let mut r = RowReader {
                table: t,
                row,
                cells,
                problems: &mut problems,
            };
            let code = if r.is_number("機関コード") {
                // A number: the project's code it stands for, when exactly one matches.
                let digits = r.code("機関コード", &[]);
                let bare = digits.trim_start_matches('0').to_string();
                let matches: Vec<&String> = known
                    .iter()
                    .filter(|c| {
                        c.trim_start_matches('0') == bare && c.bytes().all(|b| b.is_ascii_digit())
                    })
                    .collect();
                match matches.as_slice() {
                    [one] if **one != digits => {
                        r.problem(
                            Level::Warning,
                            "機関コード",
                            Message::new(
                                format!("数値として入力されていたため、既存の機関コード {one} と読みました"),
                                format!("typed as a number: read as the existing institution code {one}"),
                            ),
                        );
                        (*one).clone()
                    }
                    _ => digits,
                }
            } else {
                r.required_code("機関コード", &[])
            };
            let b = base_by.get(&code).copied();
            let name = r.required_text("機関名");
            let kind = if r.has("種別") {
                r.choice(
                    "種別",
                    InstitutionKind::parse,
                    &["地方公共団体", "基金", "その他"],
                )
            } else {
                b.map(|b| b.kind)
            }
            .unwrap_or(InstitutionKind::Other);
            let test_group = r.or_keep(
                "テストグループ",
                |r| r.small_number("テストグループ", 1..=8),
                || b.map(|b| b.test_group),
            );
            let representative = r.or_keep(
                "代表団体",
                |r| r.flag("代表団体"),
                || b.map(|b| b.representative),
            );
            if code.is_empty()
                || !seen.first_time(code.clone(), t, &mut r, "機関コード", "機関コード")
            {
                continue;
            }
            let x = Institution {
                code: code.into(),
                name,
                kind,
                test_group,
                representative,
            };
            sources.record(
                t,
                row,
                EntityKind::Institution,
                code_key(&x.code),
                digest_of_institution(&x),
            );
            incoming.push(x);
        }
        result.institutions = combine(
            &base.institutions,
            incoming,
            |x| x.code.clone(),
            whole(SheetKind::Institutions),
            |_| false,
        );
    }

    // --- 保険者
    if present(SheetKind::Insurers) {
        let base_by = by_key(&base.insurers, |x| x.number.to_string());
        let mut seen = Seen::new();
        let mut incoming = Vec::new();
        for (t, row, cells) in rows_of(&tables, SheetKind::Insurers) {
            let mut r = RowReader {
                table: t,
                row,
                cells,
                problems: &mut problems,
            };
            let number = r.required_code("保険者番号", INSURER_PAD);
            let b = base_by.get(&number).copied();
            let name = r.required_text("保険者名称");
            let system = if r.has("制度") {
                r.choice(
                    "制度",
                    InsuranceSystem::parse,
                    &[
                        "協会けんぽ",
                        "健保組合",
                        "国保組合",
                        "後期高齢者医療広域連合",
                    ],
                )
            } else {
                b.and_then(|b| b.system)
            };
            let lot = r.or_keep(
                "ロット",
                |r| r.small_number("ロット", 1..=3),
                || b.map(|b| b.lot),
            );
            let representative = r.or_keep(
                "代表団体",
                |r| r.flag("代表団体"),
                || b.map(|b| b.representative),
            );
            if number.is_empty()
                || !seen.first_time(number.clone(), t, &mut r, "保険者番号", "保険者番号")
            {
                continue;
            }
            let x = Insurer {
                number: number.into(),
                name,
                system,
                lot,
                representative,
            };
            sources.record(
                t,
                row,
                EntityKind::Insurer,
                code_key(&x.number),
                digest_of_insurer(&x),
            );
            incoming.push(x);
        }
        result.insurers = combine(
            &base.insurers,
            incoming,
            |x| x.number.clone(),
            whole(SheetKind::Insurers),
            |_| false,
        );
    }

    // --- ロールモデル
    if present(SheetKind::RoleModels) {
        let base_by = by_key(&base.role_models, |x| x.id.to_string());
        let mut seen = Seen::new();
        let mut incoming = Vec::new();
        for (t, row, cells) in rows_of(&tables, SheetKind::RoleModels) {
            let mut r = RowReader {
                table: t,
                row,
                cells,
                problems: &mut problems,
            };
            let id = r.required_code("ロールモデルID", &[]);
            let b = base_by.get(&id).copied();
            let person_code = r.required_code("機関別符号", &[]);
            let name = r.or_keep("氏名", |r| r.text("氏名"), || b.map(|b| b.name.clone()));
            let name_kana = r.or_keep(
                "氏名カナ",
                |r| r.text("氏名カナ"),
                || b.map(|b| b.name_kana.clone()),
            );
            let birth_date = r.or_keep(
                "生年月日",
                |r| r.date("生年月日"),
                || b.map(|b| b.birth_date),
            );
            let sex = r.or_keep(
                "性別",
                |r| r.choice("性別", Sex::parse, &["男", "女", "1", "2"]),
                || b.map(|b| b.sex),
            );
            let address = r.or_keep("住所", |r| r.text("住所"), || b.map(|b| b.address.clone()));
            let my_number = r.or_keep(
                "個人番号",
                |r| r.code("個人番号", &[(11, 12)]),
                || b.map(|b| b.my_number.clone()),
            );
            let scenario_ids = r.or_keep(
                "シナリオID",
                |r| list(&r.text("シナリオID")),
                || b.map(|b| b.scenario_ids.clone()),
            );
            let variation_ids = r.or_keep(
                "バリエーションID",
                |r| list(&r.text("バリエーションID")),
                || b.map(|b| b.variation_ids.clone()),
            );
            let test_case_ids = r.or_keep(
                "テストケースID",
                |r| list(&r.text("テストケースID")),
                || b.map(|b| b.test_case_ids.clone()),
            );
            let remarks = r.or_keep("備考", |r| r.text("備考"), || b.map(|b| b.remarks.clone()));
            if id.is_empty()
                || !seen.first_time(id.clone(), t, &mut r, "ロールモデルID", "ロールモデルID")
            {
                continue;
            }
            incoming.push(RoleModel {
                id: id.into(),
                person_code: person_code.into(),
                name,
                name_kana,
                birth_date,
                sex,
                address,
                my_number,
                scenario_ids,
                variation_ids,
                test_case_ids,
                remarks,
            });
            if let Some(x) = incoming.last() {
                sources.record(
                    t,
                    row,
                    EntityKind::RoleModel,
                    x.id.to_string(),
                    digest_of_role_model(x),
                );
            }
        }
        result.role_models = combine(
            &base.role_models,
            incoming,
            |x| x.id.clone(),
            whole(SheetKind::RoleModels),
            |_| false,
        );
        // A role model removed takes its memberships and benefit records with it.
        let ids: HashSet<&str> = result.role_models.iter().map(|x| x.id.as_str()).collect();
        result
            .memberships
            .retain(|m| ids.contains(m.role_model.as_str()));
        result
            .benefits
            .retain(|b| ids.contains(b.role_model.as_str()));
    }
    let role_model_ids: HashSet<&str> = result.role_models.iter().map(|x| x.id.as_str()).collect();
    // --- 加入歴
    if present(SheetKind::Memberships) {
        let key = |m: &Membership| (m.role_model.clone(), m.insurer.clone(), m.acquired_on);
        let base_by = by_key(&base.memberships, key);
        let mut seen = Seen::new();
        let mut incoming = Vec::new();
        for (t, row, cells) in rows_of(&tables, SheetKind::Memberships) {
            let mut r = RowReader {
                table: t,
                row,
                cells,
                problems: &mut problems,
            };
            let role_model = reference(
                &mut r,
                "ロールモデルID",
                &role_model_ids,
                "ロールモデル",
                Unknown::IsError,
            );
            let insurer = r.required_code("保険者番号", INSURER_PAD);
            let acquired_on = r.required_date("資格取得日");
            let Some(acquired_on) = acquired_on else {
                continue;
            };
            let k = (
                RoleModelId::from(role_model.as_str()),
                InsurerNumber::from(insurer.as_str()),
                acquired_on,
            );
            let b = base_by.get(&k).copied();
            let member_branch = r.or_keep(
                "被保険者枝番",
                |r| r.code("被保険者枝番", &[(1, 2)]),
                || b.map(|b| b.member_branch.clone()),
            );
            let link_number = r.or_keep(
                "紐付番号",
                |r| r.code("紐付番号", &[]),
                || b.map(|b| b.link_number.clone()),
            );
            let lost_on = r.or_keep(
                "資格喪失日",
                |r| r.date("資格喪失日"),
                || b.map(|b| b.lost_on),
            );
            let lost_on_reason_of_null = r.or_keep(
                "資格喪失日の空値理由",
                |r| r.text("資格喪失日の空値理由"),
                || b.map(|b| b.lost_on_reason_of_null.clone()),
            );
            let registered_at = r.or_keep(
                "中間サーバー登録日時",
                |r| r.datetime("中間サーバー登録日時"),
                || b.map(|b| b.registered_at),
            );
            let version = if r.has("版番号") {
                match r.table.raw(r.cells, "版番号") {
                    // A version typed as a number: 4 is 4.0.
                    Some(super::read::Raw::Number(n)) if n.fract() == 0.0 => format!("{n:.1}"),
                    _ => r.code("版番号", &[]),
                }
            } else {
                b.map(|b| b.version.clone()).unwrap_or_default()
            };
            if role_model.is_empty()
                || insurer.is_empty()
                || !seen.first_time(
                    k.clone(),
                    t,
                    &mut r,
                    "資格取得日",
                    "加入歴（ロールモデル・保険者・資格取得日）",
                )
            {
                continue;
            }
            incoming.push(Membership {
                id: b.map(|b| b.id).unwrap_or(0),
                role_model: k.0,
                insurer: k.1,
                member_branch,
                link_number,
                acquired_on,
                lost_on,
                lost_on_reason_of_null,
                registered_at,
                version,
            });
            if let Some(x) = incoming.last() {
                sources.record(
                    t,
                    row,
                    EntityKind::Membership,
                    x.key(),
                    digest_of_membership(x),
                );
            }
        }
        let known_roles: HashSet<&str> = result.role_models.iter().map(|x| x.id.as_str()).collect();
        result.memberships = combine(
            &result.memberships,
            incoming,
            key,
            whole(SheetKind::Memberships),
            |_| false,
        );
        result
            .memberships
            .retain(|m| known_roles.contains(m.role_model.as_str()));
    }

    // --- 給付情報
    if present(SheetKind::Benefits) {
        let key = |b: &BenefitRecord| {
            (
                b.role_model.clone(),
                b.insurer.clone(),
                b.kind.clone(),
                b.start_date,
            )
        };
        let base_by = by_key(&base.benefits, key);
        let mut seen = Seen::new();
        let mut incoming = Vec::new();
        for (t, row, cells) in rows_of(&tables, SheetKind::Benefits) {
            let mut r = RowReader {
                table: t,
                row,
                cells,
                problems: &mut problems,
            };
            let role_model = reference(
                &mut r,
                "ロールモデルID",
                &role_model_ids,
                "ロールモデル",
                Unknown::IsError,
            );
            let insurer = r.required_code("保険者番号", INSURER_PAD);
            let kind = r.required_text("給付種別");
            let start = r.required_date("支給開始日");
            let Some(start_date) = start else { continue };
            let k = (
                RoleModelId::from(role_model.as_str()),
                InsurerNumber::from(insurer.as_str()),
                kind.clone(),
                start_date,
            );
            let b = base_by.get(&k).copied();
            let amount = if r.has("支給額") {
                r.amount("支給額")
            } else {
                b.and_then(|b| b.amount)
            };
            if role_model.is_empty()
                || insurer.is_empty()
                || kind.is_empty()
                || !seen.first_time(
                    k.clone(),
                    t,
                    &mut r,
                    "支給開始日",
                    "給付情報（ロールモデル・保険者・給付種別・支給開始日）",
                )
            {
                continue;
            }
            incoming.push(BenefitRecord {
                id: b.map(|b| b.id).unwrap_or(0),
                role_model: k.0,
                insurer: k.1,
                kind,
                start_date,
                amount,
            });
            if let Some(x) = incoming.last() {
                sources.record(t, row, EntityKind::Benefit, x.key(), digest_of_benefit(x));
            }
        }
        let known_roles: HashSet<&str> = result.role_models.iter().map(|x| x.id.as_str()).collect();
        result.benefits = combine(
            &result.benefits,
            incoming,
            key,
            whole(SheetKind::Benefits),
            |_| false,
        );
        result
            .benefits
            .retain(|b| known_roles.contains(b.role_model.as_str()));
    }

    // --- テストケース一覧 (and the scenarios and variations it names)
    if present(SheetKind::TestCases) {
        let institutions: HashSet<&str> = result
            .institutions
            .iter()
            .map(|x| x.code.as_str())
            .collect();
        let affairs: HashSet<&str> = result.affairs.iter().map(|x| x.code.as_str()).collect();
        let procedures: HashSet<&str> = result.procedures.iter().map(|x| x.code.as_str()).collect();
        let kinds: HashSet<&str> = result.info_kinds.iter().map(|x| x.code.as_str()).collect();
        let base_by = by_key(&base.test_cases, |x| x.id.to_string());
        let base_scenarios = by_key(&base.scenarios, |x| x.id.to_string());
        let base_variations = by_key(&base.variations, |x| x.id.to_string());
        let mut scenarios: Vec<Scenario> = Vec::new();
        let mut scenario_at: HashMap<String, usize> = HashMap::new();
        let mut variations: Vec<Variation> = Vec::new();
        let mut variation_at: HashMap<String, usize> = HashMap::new();
        let mut seen = Seen::new();
        let mut incoming = Vec::new();
        for (t, row, cells) in rows_of(&tables, SheetKind::TestCases) {
            let mut r = RowReader {
                table: t,
                row,
                cells,
                problems: &mut problems,
            };
            let id = r.required_code("テストケースID", &[]);
            let b = base_by.get(&id).copied();
            let scenario = r.required_code("シナリオID", &[]);
            let scenario_name = r.text("シナリオ名");
            let variation = r.required_code("バリエーションID", &[]);
            let variation_name = r.text("バリエーション名");
            if !scenario.is_empty() {
                let i = match scenario_at.get(scenario.as_str()) {
                    Some(&i) => i,
                    None => {
                        scenarios.push(Scenario {
                            id: scenario.as_str().into(),
                            name: String::new(),
                        });
                        scenario_at.insert(scenario.clone(), scenarios.len() - 1);
                        scenarios.len() - 1
                    }
                };
                let s = &mut scenarios[i];
                if s.name.is_empty() {
                    s.name = scenario_name;
                } else if !scenario_name.is_empty() && scenario_name != s.name {
                    let first = s.name.clone();
                    r.problem(
                        Level::Warning,
                        "シナリオ名",
                        Message::new(
                            format!("シナリオ {scenario} の名前が先の行（{first}）と違います。先の名前を使います"),
                            format!("scenario {scenario} was named differently on an earlier row ({first}): the earlier name is kept"),
                        ),
                    );
                }
            }
            if !variation.is_empty() {
                let i = match variation_at.get(variation.as_str()) {
                    Some(&i) => i,
                    None => {
                        variations.push(Variation {
                            id: variation.as_str().into(),
                            scenario: scenario.as_str().into(),
                            name: String::new(),
                        });
                        variation_at.insert(variation.clone(), variations.len() - 1);
                        variations.len() - 1
                    }
                };
                let v = &mut variations[i];
                // A row naming another scenario keeps it on its test case (the variation stays its first row's);
                // the check reports the mismatch.
                let same_scenario = v.scenario.as_str() == scenario;
                if same_scenario && v.name.is_empty() {
                    v.name = variation_name;
                } else if same_scenario && !variation_name.is_empty() && variation_name != v.name {
                    let first = v.name.clone();
                    r.problem(
                        Level::Warning,
                        "バリエーション名",
                        Message::new(
                            format!("バリエーション {variation} の名前が先の行（{first}）と違います。先の名前を使います"),
                            format!("variation {variation} was named differently on an earlier row ({first}): the earlier name is kept"),
                        ),
                    );
                }
            }
            let viewpoint_id = r.or_keep(
                "テスト観点ID",
                |r| r.code("テスト観点ID", &[]),
                || b.map(|b| b.viewpoint_id.clone()),
            );
            let query_date = r.or_keep("照会日", |r| r.date("照会日"), || b.map(|b| b.query_date));
            let requester = reference(
                &mut r,
                "情報照会者機関コード",
                &institutions,
                "機関コード",
                Unknown::IsChecked,
            );
            let requester_department_name = r.or_keep(
                "情報照会者部署名",
                |r| r.text("情報照会者部署名"),
                || b.map(|b| b.requester_department_name.clone()),
            );
            let requester_department_code = r.or_keep(
                "情報照会者部署コード",
                |r| r.code("情報照会者部署コード", &[]),
                || b.map(|b| b.requester_department_code.clone()),
            );
            let provider = reference(
                &mut r,
                "照会先機関コード",
                &institutions,
                "機関コード",
                Unknown::IsChecked,
            );
            let affair = reference(
                &mut r,
                "事務コード",
                &affairs,
                "事務コード",
                Unknown::IsChecked,
            );
            let procedure = reference(
                &mut r,
                "事務手続コード",
                &procedures,
                "事務手続コード",
                Unknown::IsChecked,
            );
            let info_kind = reference(
                &mut r,
                "特定個人情報名コード",
                &kinds,
                "特定個人情報名コード",
                Unknown::IsChecked,
            );
            let item_text = r.required_code("特定個人情報項目コードリスト", &[]);
            let item_codes = match parse_code_list(&item_text) {
                Ok(v) => v,
                Err(e) => {
                    let (ja, en) = e
                        .to_string()
                        .split_once(" / ")
                        .map(|(a, b)| (a.to_string(), b.to_string()))
                        .unwrap_or_default();
                    r.problem(
                        Level::Error,
                        "特定個人情報項目コードリスト",
                        Message::new(ja, en),
                    );
                    Vec::new()
                }
            };
            let condition_kind = r.required_choice(
                "照会条件",
                ConditionKind::parse,
                &["既定", "時点指定", "範囲指定"],
            );
            let condition_start = r.or_keep(
                "照会条件開始日",
                |r| r.date("照会条件開始日"),
                || b.map(|b| b.condition_start),
            );
            let condition_end = r.or_keep(
                "照会条件終了日",
                |r| r.date("照会条件終了日"),
                || b.map(|b| b.condition_end),
            );
            let role_model = reference(
                &mut r,
                "ロールモデルID",
                &role_model_ids,
                "ロールモデル",
                Unknown::IsChecked,
            );
            let replica_details = r.or_keep(
                "副本の詳細",
                |r| r.text("副本の詳細"),
                || b.map(|b| b.replica_details.clone()),
            );
            let expected_outcome = r.or_keep(
                "期待する処理結果",
                |r| {
                    r.choice(
                        "期待する処理結果",
                        Outcome::parse,
                        &["正常終了", "該当なし", "エラー"],
                    )
                },
                || b.map(|b| b.expected_outcome),
            );
            let expected_providers: Vec<InsurerNumber> = if r.has("期待する提供保険者") {
                let list_text = r.code("期待する提供保険者", INSURER_PAD);
                let v: Vec<InsurerNumber> = list(&list_text)
                    .into_iter()
                    .map(InsurerNumber::from)
                    .collect();
                v
            } else {
                b.map(|b| b.expected_providers.clone()).unwrap_or_default()
            };
            let remarks = r.or_keep("備考", |r| r.text("備考"), || b.map(|b| b.remarks.clone()));
            if id.is_empty()
                || !seen.first_time(id.clone(), t, &mut r, "テストケースID", "テストケースID")
            {
                continue;
            }
            let Some(condition_kind) = condition_kind else {
                continue;
            };
            incoming.push(TestCase {
                id: id.into(),
                scenario: scenario.into(),
                variation: variation.into(),
                viewpoint_id,
                query_date,
                requester: requester.into(),
                requester_department_name,
                requester_department_code,
                provider: provider.into(),
                affair: affair.into(),
                procedure: procedure.into(),
                info_kind: info_kind.into(),
                items: item_codes.into_iter().map(InfoItemCode::from).collect(),
                condition_kind,
                condition_start,
                condition_end,
                role_model: role_model.into(),
                replica_details,
                expected_outcome,
                expected_providers,
                remarks,
            });
            if let Some(x) = incoming.last() {
                sources.record(
                    t,
                    row,
                    EntityKind::TestCase,
                    x.id.to_string(),
                    digest_of_test_case(x),
                );
            }
        }
        // A scenario or variation the book names but leaves unnamed keeps the project's name.
        for s in &mut scenarios {
            if s.name.is_empty()
                && let Some(b) = base_scenarios.get(s.id.as_str())
            {
                s.name = b.name.clone();
            }
        }
        for v in &mut variations {
            if v.name.is_empty()
                && let Some(b) = base_variations.get(v.id.as_str())
            {
                v.name = b.name.clone();
            }
        }
        let w = whole(SheetKind::TestCases);
        // Unlisted scenarios and variations are removed only if they held test cases (so the sheet could list them).
        let used_scenarios: HashSet<&str> = base
            .test_cases
            .iter()
            .map(|c| c.scenario.as_str())
            .collect();
        let used_variations: HashSet<&str> = base
            .test_cases
            .iter()
            .map(|c| c.variation.as_str())
            .collect();
        result.scenarios = combine(
            &base.scenarios,
            scenarios,
            |x| x.id.clone(),
            w,
            |x| !used_scenarios.contains(x.id.as_str()),
        );
        result.variations = combine(
            &base.variations,
            variations,
            |x| x.id.clone(),
            w,
            |x| !used_variations.contains(x.id.as_str()),
        );
        result.test_cases = combine(&base.test_cases, incoming, |x| x.id.clone(), w, |_| false);
        let scenario_ids: HashSet<&str> = result.scenarios.iter().map(|x| x.id.as_str()).collect();
        result
            .variations
            .retain(|v| scenario_ids.contains(v.scenario.as_str()));
    }

    // Errors first, then in book order: sheet, row, column.
    let sheet_at = |name: &str| {
        tables
            .order
            .iter()
            .position(|n| n == name)
            .unwrap_or(usize::MAX)
    };
    problems.sort_by_key(|p| (p.level, sheet_at(&p.sheet), p.position()));
    let change = compute_change(base, &result);
    Proposal {
        problems,
        sheets,
        result,
        change,
        sources: sources.sources,
    }
}

/// The workbook header of a project-file column, for showing a change.
fn field_label(table: &str, column: &'static str) -> &'static str {
    match (table, column) {
        ("institution", "code") => "機関コード",
        ("institution", "name") => "機関名",
        ("institution", "kind") => "種別",
        ("institution", "test_group") => "テストグループ",
        (_, "representative") => "代表団体",
        ("insurer", "number") | (_, "insurer") => "保険者番号",
        ("insurer", "name") => "保険者名称",
        ("insurer", "system") => "制度",
        ("insurer", "lot") => "ロット",
        ("affair" | "procedure" | "info_kind" | "info_item", "code") => "コード",
        ("affair" | "procedure" | "info_kind" | "info_item", "name") => "名称",
        ("procedure", "affair") | ("info_item", "info_kind") => "親コード",
        ("info_kind", "xml_root") | ("info_item", "xml_path") => "XMLパス",
        ("info_item", "repeated_group") => "繰返し",
        ("scenario", "id") | ("test_case", "scenario") => "シナリオID",
        ("scenario", "name") => "シナリオ名",
        ("variation", "id") | ("test_case", "variation") => "バリエーションID",
        ("variation", "name") => "バリエーション名",
        ("variation", "scenario") => "シナリオID",
        ("test_case", "id") => "テストケースID",
        ("test_case", "viewpoint_id") => "テスト観点ID",
        ("test_case", "query_date") => "照会日",
        ("test_case", "requester") => "情報照会者機関コード",
        ("test_case", "requester_department_name") => "情報照会者部署名",
        ("test_case", "requester_department_code") => "情報照会者部署コード",
        ("test_case", "provider") => "照会先機関コード",
        ("test_case", "affair") => "事務コード",
        ("test_case", "procedure") => "事務手続コード",
        ("test_case", "info_kind") => "特定個人情報名コード",
        ("test_case", "items") => "特定個人情報項目コードリスト",
        ("test_case", "condition_kind") => "照会条件",
        ("test_case", "condition_start") => "照会条件開始日",
        ("test_case", "condition_end") => "照会条件終了日",
        (_, "role_model") | ("role_model", "id") => "ロールモデルID",
        ("test_case", "replica_details") => "副本の詳細",
        ("test_case", "expected_outcome") => "期待する処理結果",
        ("test_case", "expected_providers") => "期待する提供保険者",
        (_, "remarks") => "備考",
        ("role_model", "person_code") => "機関別符号",
        ("role_model", "name") => "氏名",
        ("role_model", "name_kana") => "氏名カナ",
        ("role_model", "birth_date") => "生年月日",
        ("role_model", "sex") => "性別",
        ("role_model", "address") => "住所",
        ("role_model", "my_number") => "個人番号",
        ("role_model", "scenario_ids") => "シナリオID",
        ("role_model", "variation_ids") => "バリエーションID",
        ("role_model", "test_case_ids") => "テストケースID",
        ("membership", "member_branch") => "被保険者枝番",
        ("membership", "link_number") => "紐付番号",
        ("membership", "acquired_on") => "資格取得日",
        ("membership", "lost_on") => "資格喪失日",
        ("membership", "lost_on_reason_of_null") => "資格喪失日の空値理由",
        ("membership", "registered_at") => "中間サーバー登録日時",
        ("membership", "version") => "版番号",
        ("benefit", "kind") => "給付種別",
        ("benefit", "start_date") => "支給開始日",
        ("benefit", "amount") => "支給額",
        _ => column,
    }
}

fn shown(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Integer(i) => i.to_string(),
        Value::Real(r) => r.to_string(),
        Value::Text(t) => t.clone(),
        Value::Blob(_) => "…".into(),
    }
}

/// The change from one project to another, kind by kind (masters first), matched by key: codes, ids, and for
/// memberships (person, insurer, acquisition date) and benefit records (person, insurer, kind, start date).
pub fn compute_change(base: &Project, result: &Project) -> Change {
    let mut entries = Vec::new();
    #[allow(clippy::too_many_arguments)]
    fn diff<'p, T: PartialEq, K: Eq + Hash>(
        entries: &mut Vec<ChangeEntry>,
        slot: Slot,
        label: &'static str,
        base: &'p [T],
        result: &'p [T],
        key: impl Fn(&'p T) -> K,
        shown_key: impl Fn(&T) -> String,
        entity: impl Fn(&T) -> Entity,
    ) {
        let old: HashMap<K, &T> = base.iter().map(|x| (key(x), x)).collect();
        let new: HashSet<K> = result.iter().map(&key).collect();
        for (i, x) in result.iter().enumerate() {
            match old.get(&key(x)) {
                None => entries.push(ChangeEntry {
                    entity: label,
                    key: shown_key(x),
                    what: ChangeKind::Added,
                    put: Some((slot, i)),
                    remove: None,
                }),
                Some(b) if *b == x => {}
                Some(b) => {
                    let e = entity(x);
                    let (table, before) = entity(b).row();
                    let (_, after) = e.row();
                    let fields: Vec<FieldChange> = before
                        .iter()
                        .zip(&after)
                        .filter(|((c, x), (_, y))| *c != "id" && *c != "sample" && x != y)
                        .map(|((c, x), (_, y))| FieldChange {
                            field: field_label(table, c),
                            old: shown(x),
                            new: shown(y),
                        })
                        .collect();
                    if !fields.is_empty() {
                        entries.push(ChangeEntry {
                            entity: label,
                            key: shown_key(x),
                            what: ChangeKind::Changed(fields),
                            put: Some((slot, i)),
                            remove: None,
                        });
                    }
                }
            }
        }
        for x in base.iter().filter(|x| !new.contains(&key(x))) {
            let k = entity(x).key();
            entries.push(ChangeEntry {
                entity: label,
                key: shown_key(x),
                what: ChangeKind::Removed,
                put: None,
                remove: Some(k),
            });
        }
    }
    diff(
        &mut entries,
        Slot::Institution,
        "機関",
        &base.institutions,
        &result.institutions,
        |x| x.code.as_str(),
        |x| x.code.to_string(),
        |x| Entity::Institution(x.clone()),
    );
    diff(
        &mut entries,
        Slot::Insurer,
        "保険者",
        &base.insurers,
        &result.insurers,
        |x| x.number.as_str(),
        |x| x.number.to_string(),
        |x| Entity::Insurer(x.clone()),
    );
    diff(
        &mut entries,
        Slot::Affair,
        "事務",
        &base.affairs,
        &result.affairs,
        |x| x.code.as_str(),
        |x| x.code.to_string(),
        |x| Entity::Affair(x.clone()),
    );
    diff(
        &mut entries,
        Slot::Procedure,
        "事務手続",
        &base.procedures,
        &result.procedures,
        |x| x.code.as_str(),
        |x| x.code.to_string(),
        |x| Entity::Procedure(x.clone()),
    );
    diff(
        &mut entries,
        Slot::InfoKind,
        "特定個人情報名",
        &base.info_kinds,
        &result.info_kinds,
        |x| x.code.as_str(),
        |x| x.code.to_string(),
        |x| Entity::InfoKind(x.clone()),
    );
    diff(
        &mut entries,
        Slot::InfoItem,
        "項目",
        &base.info_items,
        &result.info_items,
        |x| x.code.as_str(),
        |x| x.code.to_string(),
        |x| Entity::InfoItem(x.clone()),
    );
    diff(
        &mut entries,
        Slot::Scenario,
        "シナリオ",
        &base.scenarios,
        &result.scenarios,
        |x| x.id.as_str(),
        |x| x.id.to_string(),
        |x| Entity::Scenario(x.clone()),
    );
    diff(
        &mut entries,
        Slot::Variation,
        "バリエーション",
        &base.variations,
        &result.variations,
        |x| x.id.as_str(),
        |x| x.id.to_string(),
        |x| Entity::Variation(x.clone()),
    );
    diff(
        &mut entries,
        Slot::RoleModel,
        "ロールモデル",
        &base.role_models,
        &result.role_models,
        |x| x.id.as_str(),
        |x| x.id.to_string(),
        |x| Entity::RoleModel(x.clone()),
    );
    diff(
        &mut entries,
        Slot::TestCase,
        "テストケース",
        &base.test_cases,
        &result.test_cases,
        |x| x.id.as_str(),
        |x| x.id.to_string(),
        |x| Entity::TestCase(x.clone()),
    );
    diff(
        &mut entries,
        Slot::Membership,
        "加入歴",
        &base.memberships,
        &result.memberships,
        |x| (x.role_model.as_str(), x.insurer.as_str(), x.acquired_on),
        |x| x.key(),
        |x| Entity::Membership(x.clone()),
    );
    diff(
        &mut entries,
        Slot::Benefit,
        "給付情報",
        &base.benefits,
        &result.benefits,
        |x| {
            (
                x.role_model.as_str(),
                x.insurer.as_str(),
                x.kind.as_str(),
                x.start_date,
            )
        },
        |x| x.key(),
        |x| Entity::Benefit(x.clone()),
    );
    // Removals run before puts; among removals, dependants (test cases, memberships) come before what they
    // depend on, so reorder those to the front in reverse kind order.
    let (removed, kept): (Vec<ChangeEntry>, Vec<ChangeEntry>) = entries
        .into_iter()
        .partition(|e| e.what == ChangeKind::Removed);
    let mut removed = removed;
    removed.reverse();
    let mut entries = kept;
    entries.extend(removed);
    Change { entries }
}
