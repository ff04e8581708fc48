//! A whole book of several parties (a project's book written with its 団体 column): each party's rows given to that
//! party. The book is read as one book per party, one after the other, each against the project the one before
//! gives — the same reading, rules and removals as a party's own book — and the change is the whole way from the
//! project it started from. With `--party P` only P's rows are read. A book without the 団体 column is one party's
//! (docs/exchange-format.md, "Parties").

use crate::domain::model::InstitutionCode;
use crate::domain::model::Project;
use crate::domain::model::field::Field;
use crate::domain::model::message::Message;

use super::super::cell::{self, Level, Notes};
use super::super::read::{Problem, SheetTable, WorkbookTables};
use super::super::sheets::SheetKind;
use super::party::PARTY_SHEETS;
use super::{ImportOptions, Proposal};

/// Whose a row is: a test case's requester, another row's 団体 cell; empty when the cell is.
fn row_party(t: &SheetTable, cells: &[cell::Raw]) -> String {
    let field = if t.kind == SheetKind::TestCases { Field::Requester } else { Field::Party };
    t.raw(cells, field).map(|raw| cell::code(raw, &[], &mut Notes::default())).unwrap_or_default()
}

/// The parties of a book that carries the 団体 column (in code order), or `None` for a book without it.
pub(super) fn of_whole_book(tables: &WorkbookTables) -> Option<Vec<InstitutionCode>> {
    let carries = tables.sheets.iter().any(|t| {
        t.kind != SheetKind::TestCases && PARTY_SHEETS.contains(&t.kind) && t.has(Field::Party)
    });
    if !carries {
        return None;
    }
    let named = |t: &SheetTable| {
        t.rows().map(|(_, cells)| row_party(t, cells)).filter(|p| !p.is_empty()).collect::<Vec<_>>()
    };
    // A 団体 column left empty throughout (a book made from our headers by another tool) says nothing.
    let people = tables
        .sheets
        .iter()
        .filter(|t| t.kind != SheetKind::TestCases && PARTY_SHEETS.contains(&t.kind))
        .any(|t| !named(t).is_empty());
    if !people {
        return None;
    }
    let mut parties: Vec<String> =
        tables.sheets.iter().filter(|t| PARTY_SHEETS.contains(&t.kind)).flat_map(named).collect();
    parties.sort();
    parties.dedup();
    Some(parties.into_iter().map(InstitutionCode::from).collect())
}

/// The book as party `party`'s alone: its party sheets' rows of that party (and those naming none, `unnamed`);
/// the masters (`masters`) and 指摘一覧 (`findings`) as asked; the shape problems with the masters.
fn party_book(
    tables: &WorkbookTables,
    party: &str,
    (masters, findings, unnamed): (bool, bool, bool),
) -> WorkbookTables {
    let sheets = tables
        .sheets
        .iter()
        .filter_map(|t| {
            if PARTY_SHEETS.contains(&t.kind) {
                let rows = t
                    .rows()
                    .filter(|(_, cells)| {
                        let of = row_party(t, cells);
                        of == party || (unnamed && of.is_empty())
                    })
                    .map(|(row, cells)| (row, cells.to_vec()))
                    .collect();
                Some(SheetTable::new(t.kind, t.name.clone(), t.columns.clone(), rows))
            } else if t.kind == SheetKind::Findings {
                findings.then(|| t.clone())
            } else {
                masters.then(|| t.clone())
            }
        })
        .collect();
    WorkbookTables {
        sheets,
        problems: if masters { tables.problems.clone() } else { Vec::new() },
        order: tables.order.clone(),
    }
}

/// Rows whose 団体 cell is empty: an error at each (whose row it is cannot be told, and it is never guessed).
fn unowned_rows(tables: &WorkbookTables) -> Vec<Problem> {
    let mut problems = Vec::new();
    for t in tables
        .sheets
        .iter()
        .filter(|t| t.kind != SheetKind::TestCases && PARTY_SHEETS.contains(&t.kind))
    {
        let Some(column) = t.kind.position(Field::Party).and_then(|i| t.columns[i]) else {
            continue;
        };
        for (row, cells) in t.rows() {
            if row_party(t, cells).is_empty() {
                problems.push(Problem {
                    level: Level::Error,
                    sheet: t.name.clone(),
                    cell: Some(format!("{}{}", super::super::sheets::column_letters(column), row + 1)),
                    value: String::new(),
                    message: Message::new(
                        "団体が空です。複数の団体の行があるブックでは、行ごとに団体（機関コード）が必要です",
                        "the party is empty: in a book of several parties' rows, each row names its party (an institution code)",
                    ),
                });
            }
        }
    }
    problems
}

/// Read a whole book of several parties: each party's rows as that party's book, in code order, the masters with
/// the first and 指摘一覧 with the last; `--party` reads that party's rows alone.
pub(super) fn propose_whole_book(
    tables: WorkbookTables,
    base: &Project,
    options: ImportOptions,
    parties: Vec<InstitutionCode>,
) -> Proposal {
    if let Some(named) = options.party.clone() {
        // The party named takes the rows that name no party too: the user said whose the book is.
        let book = party_book(&tables, named.as_str(), (true, true, true));
        return super::propose_party_book(book, base, options);
    }
    let unowned = unowned_rows(&tables);
    let mut project: Option<Project> = None;
    let mut problems = unowned;
    let mut sources = crate::domain::coordination::source::Sources::default();
    let mut sheets = Vec::new();
    let last = parties.len().saturating_sub(1);
    for (i, party) in parties.iter().enumerate() {
        let book = party_book(&tables, party.as_str(), (i == 0, i == last, false));
        let from = project.as_ref().unwrap_or(base);
        let read = super::propose_party_book(
            book,
            from,
            ImportOptions { party: Some(party.clone()), keep_result: true, ..options.clone() },
        );
        problems.extend(read.problems);
        sources.extend(read.sources);
        sheets.extend(read.sheets);
        project = Some(read.result);
    }
    sheets.sort();
    sheets.dedup();
    super::finish(
        &tables.order,
        base,
        project.unwrap_or_else(|| base.clone()),
        (problems, sheets, sources),
        options.keep_result,
    )
}
