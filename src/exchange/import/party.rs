//! Whose book it is: the requester (情報照会者機関コード) all its test cases share, or the party the user names.
//! A book of masters alone has no party; a book of a party's rows whose party cannot be told is refused until one
//! is named, with the requesters it found.

use crate::domain::model::InstitutionCode;
use crate::domain::model::field::Field;
use crate::domain::model::message::Message;

use super::super::cell::{self, Level, Notes, Unknown};
use super::super::read::Problem;
use super::super::sheets::SheetKind;
use super::Import;

/// The sheets of a party's rows (a book of findings alone, or of masters, has no party of its own).
pub(super) const PARTY_SHEETS: [SheetKind; 4] =
    [SheetKind::TestCases, SheetKind::RoleModels, SheetKind::Memberships, SheetKind::Benefits];

/// The book's party: the one named, else the one requester its test cases share; `None` for a book of masters
/// alone. When it cannot be told, an error is added and the requesters found are returned.
pub(super) fn of_book(i: &mut Import) -> Result<Option<InstitutionCode>, Vec<InstitutionCode>> {
    let requesters = requesters(i);
    if let Some(named) = i.options.party.clone() {
        if let [one] = requesters.as_slice()
            && *one != named
        {
            i.problems.push(book_problem(
                i,
                Level::Warning,
                Message::new(
                    format!("テストケースの情報照会者は {one} ですが、指定どおり団体 {named} の仕様書として取り込みます"),
                    format!("the test cases' requester is {one}; imported as party {named}'s book, as asked"),
                ),
            ));
        }
        return Ok(Some(named));
    }
    let has_party_rows =
        i.tables.sheets.iter().any(|t| PARTY_SHEETS.contains(&t.kind) && t.row_count() > 0);
    match requesters.as_slice() {
        [one] => Ok(Some(one.clone())),
        _ if !has_party_rows => Ok(None),
        // The test case sheet is there but could not be read: its own error says why; the party is not asked for.
        [] if unreadable_test_cases(i) => Err(Vec::new()),
        [] => {
            let problem = book_problem(
                i,
                Level::Error,
                Message::new(
                    "テストケースがないため、どの団体の仕様書か分かりません。--party 機関コード で団体を指定してください",
                    "the book has no test cases, so whose specification it is cannot be told: name the party with --party <institution code>",
                ),
            );
            i.problems.push(problem);
            Err(Vec::new())
        }
        several => {
            let list = several.iter().map(|c| c.as_str()).collect::<Vec<_>>();
            let problem = book_problem(
                i,
                Level::Error,
                Message::new(
                    format!(
                        "テストケースの情報照会者が複数あります（{}）。どの団体の仕様書か --party 機関コード で指定してください",
                        list.join("、")
                    ),
                    format!(
                        "the test cases name several requesters ({}): name the book's party with --party <institution code>",
                        list.join(", ")
                    ),
                ),
            );
            i.problems.push(problem);
            Err(several.to_vec())
        }
    }
}

/// Whether the book's test case sheet was found but could not be read (an error of its own stands for it).
fn unreadable_test_cases(i: &Import) -> bool {
    !i.tables.sheets.iter().any(|t| t.kind == SheetKind::TestCases)
        && i.problems.iter().any(|p| {
            p.level == Level::Error && SheetKind::from_name(&p.sheet) == Some(SheetKind::TestCases)
        })
}

/// The distinct requesters the book's test cases name, in code order (a code typed as a number is matched against
/// the institutions the project and the book define, as the test case sheet reads it).
fn requesters(i: &Import) -> Vec<InstitutionCode> {
    let known: foldhash::HashSet<&str> =
        i.result.institutions.iter().map(|x| x.code.as_str()).collect();
    let mut out: Vec<InstitutionCode> = Vec::new();
    for t in i.tables.sheets.iter().filter(|t| t.kind == SheetKind::TestCases) {
        for (_, cells) in t.rows() {
            let Some(raw) = t.raw(cells, Field::Requester) else {
                continue;
            };
            let mut notes = Notes::default();
            let code = cell::reference(
                raw,
                Field::Requester,
                &|c| known.contains(c),
                &|bare| cell::digit_codes_like(known.iter().copied(), bare),
                "機関コード",
                Unknown::IsChecked,
                &mut notes,
            );
            if !code.is_empty() && !out.iter().any(|c| c.as_str() == code) {
                out.push(code.into());
            }
        }
    }
    out.sort();
    out
}

/// A problem of the whole book, placed on its test case sheet (or its first sheet).
fn book_problem(i: &Import, level: Level, message: Message) -> Problem {
    let sheet = i
        .tables
        .sheets
        .iter()
        .find(|t| t.kind == SheetKind::TestCases)
        .or(i.tables.sheets.first())
        .map(|t| t.name.clone())
        .unwrap_or_default();
    Problem { level, sheet, cell: None, value: String::new(), message }
}
