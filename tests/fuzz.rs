//! Fuzzing on stable Rust (proptest) of what reads a book's values: the date parser, the code and amount readers
//! and the row reader (every sheet of the contract, through the whole import). None may panic; each says an
//! error or gives a value, and what it gives holds its rules. `cargo test` runs a bounded number of cases
//! (proptest's 256 per property); for longer, `PROPTEST_CASES=100000 cargo test --release --test fuzz`.

use proptest::prelude::*;

use renkei::domain::date::{Date, DateStyle, parse_date};
use renkei::domain::samples::sample::sample_project;
use renkei::exchange::cell::{self, Level, Notes, Raw};
use renkei::exchange::import::{ImportOptions, propose_from_tables};
use renkei::exchange::read::{SheetTable, WorkbookTables};
use renkei::exchange::sheets::ALL_SHEETS;

/// Text as people type it into a date, code or amount cell: digits, separators, era names and kanji, full-width
/// forms, spaces, and now and then anything at all.
fn typed_text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        "[0-9]{1,8}",
        Just("-".to_string()),
        Just("/".to_string()),
        Just(".".to_string()),
        Just("年".to_string()),
        Just("月".to_string()),
        Just("日".to_string()),
        Just("令和".to_string()),
        Just("平成".to_string()),
        Just("昭和".to_string()),
        Just("R".to_string()),
        Just("H".to_string()),
        Just("元".to_string()),
        Just("円".to_string()),
        Just(",".to_string()),
        Just("　".to_string()),
        Just(" ".to_string()),
        "[０-９]{1,4}",
        "\\PC{0,3}",
        any::<String>(),
    ];
    proptest::collection::vec(pieces, 0..8).prop_map(|v| v.concat())
}

fn raw() -> impl Strategy<Value = Raw> {
    prop_oneof![
        Just(Raw::Empty),
        typed_text().prop_map(|t| Raw::typed(&t)),
        any::<f64>().prop_map(Raw::Number),
        (-1000.0..3_000_000.0f64).prop_map(Raw::Date),
        (0u32..100_000).prop_map(|n| Raw::Number(f64::from(n))),
        any::<bool>().prop_map(Raw::Bool),
        Just(Raw::Error("#REF!".into())),
    ]
}

fn a_date() -> impl Strategy<Value = Date> {
    (1868i32..2100, 1u32..=12, 1u32..=31)
        .prop_filter_map("a real day", |(y, m, d)| Date::new(y, m, d))
}

proptest! {
    /// Any text: a date or an error, never a panic; a date given is a real one, and reads back from its ISO form.
    #[test]
    fn the_date_parser_gives_a_real_date_or_an_error(text in typed_text()) {
        if let Ok(parsed) = parse_date(&text) {
            let d = parsed.date;
            prop_assert_eq!(parse_date(&d.format_iso()).map(|p| p.date), Ok(d));
        }
    }

    /// Every date, written in each form the tool writes, reads back as itself.
    #[test]
    fn every_date_reads_back_from_each_form(d in a_date()) {
        for style in [DateStyle::Iso, DateStyle::Wareki] {
            let text = d.format(style);
            prop_assert_eq!(parse_date(&text).map(|p| p.date), Ok(d), "{}", text);
        }
        prop_assert_eq!(parse_date(&d.format_wareki_short()).map(|p| p.date), Ok(d));
    }

    /// The date reader on any cell: a value or an error note, never both missing: an empty cell is no date and no
    /// note.
    #[test]
    fn the_date_reader_gives_a_date_or_says_why(r in raw()) {
        let mut notes = Notes(Vec::new());
        let got = cell::date(&r, &mut notes);
        let errors = notes.0.iter().filter(|n| n.level == Level::Error).count();
        if r.is_empty() {
            prop_assert!(got.is_none() && notes.0.is_empty());
        } else {
            prop_assert!(got.is_some() != (errors > 0), "{:?} → {:?} {:?}", r, got, notes.0);
        }
    }

    /// The code reader: digits padded as the column asks when it reads them; never a panic; a code holds no
    /// control character and no surrounding space.
    #[test]
    fn the_code_reader_gives_a_clean_code(r in raw(), width in 1usize..10) {
        let mut notes = Notes(Vec::new());
        let code = cell::code(&r, &[(1, width)], &mut notes);
        prop_assert!(!code.chars().any(char::is_control), "{:?}", code);
        prop_assert_eq!(code.trim(), code.as_str());
        if let Raw::Number(n) = r
            && n.fract() == 0.0 && (0.0..1e9).contains(&n) && notes.0.is_empty()
        {
            prop_assert!(code.chars().all(|c| c.is_ascii_digit()), "{}", code);
            prop_assert!(code.len() >= width.min(code.len()));
        }
    }

    /// The amount reader: an amount, nothing for an empty cell, or an error note; separators and 円 are read.
    #[test]
    fn the_amount_reader_reads_amounts_or_says_why(r in raw()) {
        let mut notes = Notes(Vec::new());
        let got = cell::amount(&r, &mut notes);
        let errors = notes.0.iter().filter(|n| n.level == Level::Error).count();
        if got.is_some() {
            prop_assert_eq!(errors, 0);
        } else if !r.is_empty() {
            prop_assert!(errors > 0, "{:?} read as nothing without a word", r);
        }
    }

    /// Amounts as people write them: with thousands separators, full-width digits, a 円 after.
    #[test]
    fn amounts_in_every_written_form_read_as_themselves(n in 0i64..10_000_000_000) {
        let grouped = {
            let digits = n.to_string();
            let mut out = String::new();
            for (i, c) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i).is_multiple_of(3) {
                    out.push(',');
                }
                out.push(c);
            }
            out
        };
        let wide: String = n
            .to_string()
            .chars()
            .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap())
            .collect();
        for text in [n.to_string(), grouped.clone(), format!("{grouped}円"), wide] {
            let mut notes = Notes(Vec::new());
            prop_assert_eq!(cell::amount(&Raw::typed(&text), &mut notes), Some(n), "{}", text);
        }
    }

    /// The row reader, through the whole import: any cells in any of the contract's sheets are read without a
    /// panic, every problem sits on a cell of a row the sheet has, and the same book reads the same way twice.
    #[test]
    fn the_row_reader_places_every_problem_on_the_sheet(
        sheet in 0..ALL_SHEETS.len(),
        rows in proptest::collection::vec(proptest::collection::vec(raw(), 0..30), 0..6),
    ) {
        let kind = ALL_SHEETS[sheet];
        let width = kind.columns().len();
        let table = SheetTable::new(
            kind,
            kind.name().to_string(),
            (0..width as u32).map(Some).collect(),
            rows.into_iter().enumerate().map(|(i, cells)| (i as u32 + 1, cells)).collect(),
        );
        let last_row = table.row_count() as u32 + 1;
        let tables = WorkbookTables {
            order: vec![table.name.clone()],
            sheets: vec![table],
            problems: Vec::new(),
        };
        let options = || ImportOptions { party: Some("201".into()), ..ImportOptions::default() };
        let base = sample_project();
        let first = propose_from_tables(tables.clone(), &base, options());
        for p in &first.problems {
            if let Some(cell) = &p.cell {
                prop_assert_eq!(&p.sheet, kind.name());
                let (row, column) = p.position();
                prop_assert!(row >= 2 && row <= last_row, "{} outside the rows", cell);
                prop_assert!(column >= 1 && column as usize <= width, "{} outside the columns", cell);
            }
        }
        let again = propose_from_tables(tables, &base, options());
        prop_assert_eq!(&first.problems, &again.problems);
        prop_assert_eq!(first.change.lines(renkei::domain::model::message::Lang::En), again.change.lines(renkei::domain::model::message::Lang::En));
    }
}
