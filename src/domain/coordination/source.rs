//! Where the rows of a project came from: the workbook sheet and row an import read each one from, so that the
//! check can say `テストケース一覧!R15` about an imported row, as the import itself would have, for as long as the
//! row is unchanged since (a row edited after the import is named by its key alone).

use foldhash::HashMap;

use crate::domain::check::{CheckFinding, EntityKind};
use crate::domain::model::stable_hash::{Fnv, fnv};
use crate::domain::model::*;

/// The key a row's source is kept under: its key, after `機関コード:` for a party's row.
pub fn source_key(party: &str, key: &str) -> String {
    if party.is_empty() {
        key.to_string()
    } else {
        let mut k = String::with_capacity(party.len() + 1 + key.len());
        k.push_str(party);
        k.push(':');
        k.push_str(key);
        k
    }
}

/// The row a finding is about, as its source is kept: its kind and [`source_key`].
pub fn finding_row(f: &CheckFinding) -> (EntityKind, String) {
    (f.entity, source_key(&f.party, &f.key))
}

/// The column letters of a 0-based column index (0 → A, 26 → AA).
pub fn column_letters(mut col: u32) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// A sheet of a workbook an import read: its name, and the column each contract header was found in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceSheet {
    /// The sheet's name in the book.
    pub name: String,
    /// Each header found, with its 0-based column.
    pub columns: Vec<(String, u32)>,
}

impl SourceSheet {
    /// The columns as stored: `header=letters` joined by tabs (`シナリオID=A\tシナリオ名=B`).
    pub fn columns_text(&self) -> String {
        self.columns
            .iter()
            .map(|(h, c)| format!("{h}={}", column_letters(*c)))
            .collect::<Vec<_>>()
            .join("\t")
    }

    /// Read [`SourceSheet::columns_text`] back (what cannot be read is left out).
    pub fn parse_columns(text: &str) -> Vec<(String, u32)> {
        text.split('\t')
            .filter_map(|pair| {
                let (h, letters) = pair.rsplit_once('=')?;
                Some((h.to_string(), column_index(letters)?))
            })
            .collect()
    }

    /// The cell of a header on a (1-based) row: `R15`.
    pub fn cell(&self, header: &str, row: u32) -> Option<String> {
        let (_, col) = self.columns.iter().find(|(h, _)| h == header)?;
        Some(format!("{}{row}", column_letters(*col)))
    }
}

/// `R` → 17; `` → None.
fn column_index(letters: &str) -> Option<u32> {
    if letters.is_empty() || letters.len() > 3 || !letters.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    Some(letters.bytes().fold(0u32, |n, b| n * 26 + u32::from(b - b'A') + 1) - 1)
}

/// Where one row came from (the row's kind and key are what [`Sources::rows`] keeps it under).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowSource {
    /// The sheet it was read from (an index into [`Sources::sheets`]).
    pub sheet: usize,
    /// The 1-based row number.
    pub row: u32,
    /// A digest of the row's content as imported: the place holds while the row still has it.
    pub digest: u64,
}

/// The sources of a project's rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sources {
    /// The sheets the rows came from.
    pub sheets: Vec<SourceSheet>,
    /// Each row's source, by entity kind and key.
    /// A test case's or role model's key fits inline (`002:S01-V01-T01`): at national scale 600,000 rows' keys
    /// are held here.
    pub rows: HashMap<(EntityKind, CompactString), RowSource>,
}

impl Sources {
    /// Add the sources of a later import: each of its rows replaces an earlier source of the same row.
    pub fn extend(&mut self, later: Sources) {
        let offset = self.sheets.len();
        self.sheets.extend(later.sheets);
        for (k, mut r) in later.rows {
            r.sheet += offset;
            self.rows.insert(k, r);
        }
    }

    /// Where each finding's row came from, as `sheet!cell` (or `sheet!15:15` for the whole row), when that row is
    /// still as it was imported; in the findings' order.
    pub fn places(&self, project: &Project, findings: &[CheckFinding]) -> Vec<Option<String>> {
        if self.rows.is_empty() {
            return vec![None; findings.len()];
        }
        let digests = Digests::new(project, |kind| findings.iter().any(|f| f.entity == kind));
        findings
            .iter()
            .map(|f| {
                let (entity, key) = finding_row(f);
                let source = self.rows.get(&(entity, CompactString::from(key.as_str())))?;
                if digests.of(f.entity, &key)? != source.digest {
                    return None;
                }
                let sheet = self.sheets.get(source.sheet)?;
                Some(match f.field.and_then(|h| sheet.cell(h.header(), source.row)) {
                    Some(cell) => format!("{}!{cell}", sheet.name),
                    None => format!("{}!{}:{}", sheet.name, source.row, source.row),
                })
            })
            .collect()
    }
}

/// Each row's current digest, by kind and key, worked out once for all the findings; the rows of a kind no finding
/// is about are not looked up (at national scale, a map of 300,000 memberships by key for findings about test cases).
struct Digests<'p> {
    project: &'p Project,
    test_cases: HashMap<String, &'p TestCase>,
    role_models: HashMap<String, &'p RoleModel>,
    memberships: HashMap<String, &'p Membership>,
    benefits: HashMap<String, &'p BenefitRecord>,
}

impl<'p> Digests<'p> {
    fn new(p: &'p Project, wanted: impl Fn(EntityKind) -> bool) -> Digests<'p> {
        fn by_key<T>(rows: &[T], wanted: bool, key: impl Fn(&T) -> String) -> HashMap<String, &T> {
            if !wanted {
                return HashMap::default();
            }
            rows.iter().map(|x| (key(x), x)).collect()
        }
        Digests {
            project: p,
            test_cases: by_key(&p.test_cases, wanted(EntityKind::TestCase), |x| {
                source_key(&x.party, &x.id)
            }),
            role_models: by_key(&p.role_models, wanted(EntityKind::RoleModel), |x| {
                source_key(&x.party, &x.id)
            }),
            memberships: by_key(&p.memberships, wanted(EntityKind::Membership), |x| {
                source_key(&x.party, &x.key())
            }),
            benefits: by_key(&p.benefits, wanted(EntityKind::Benefit), |x| {
                source_key(&x.party, &x.key())
            }),
        }
    }

    fn of(&self, kind: EntityKind, key: &str) -> Option<u64> {
        let p = self.project;
        match kind {
            EntityKind::TestCase => self.test_cases.get(key).map(|x| digest_of_test_case(x)),
            EntityKind::RoleModel => self.role_models.get(key).map(|x| digest_of_role_model(x)),
            EntityKind::Membership => self.memberships.get(key).map(|x| digest_of_membership(x)),
            EntityKind::Benefit => self.benefits.get(key).map(|x| digest_of_benefit(x)),
            // Masters are few: a scan is cheaper than a map.
            EntityKind::Insurer => {
                p.insurers.iter().find(|x| x.number.as_str() == key).map(digest_of_insurer)
            }
            EntityKind::Institution => {
                p.institutions.iter().find(|x| x.code.as_str() == key).map(digest_of_institution)
            }
            EntityKind::Code => code_digest(p, key),
            // Scenarios and variations come from the test case rows: they have no row of their own.
            EntityKind::Scenario | EntityKind::Variation => None,
        }
    }
}

fn code_digest(p: &Project, key: &str) -> Option<u64> {
    p.affairs
        .iter()
        .find(|x| x.code.as_str() == key)
        .map(digest_of_code)
        .or_else(|| p.procedures.iter().find(|x| x.code.as_str() == key).map(digest_of_code))
        .or_else(|| p.info_kinds.iter().find(|x| x.code.as_str() == key).map(digest_of_code))
        .or_else(|| p.info_items.iter().find(|x| x.code.as_str() == key).map(digest_of_code))
}

/// The FNV-1a of the value's compact JSON (of nothing if it had none), as the project file keeps it: fed to the
/// hash as serde_json writes it, without the JSON built.
fn digest<T: serde::Serialize>(value: &T) -> u64 {
    let mut h = Fnv::new();
    match serde_json::to_writer(&mut h, value) {
        Ok(()) => h.finish(),
        Err(_) => fnv(b""),
    }
}

/// The digest of a row's content (a membership's or benefit record's row key left out: the project file assigns
/// it after the import).
pub fn digest_of_test_case(x: &TestCase) -> u64 {
    digest(x)
}

/// See [`digest_of_test_case`].
pub fn digest_of_role_model(x: &RoleModel) -> u64 {
    digest(x)
}

/// See [`digest_of_test_case`].
pub fn digest_of_membership(x: &Membership) -> u64 {
    digest(&Membership { id: 0, ..x.clone() })
}

/// See [`digest_of_test_case`].
pub fn digest_of_benefit(x: &BenefitRecord) -> u64 {
    digest(&BenefitRecord { id: 0, ..x.clone() })
}

/// See [`digest_of_test_case`].
pub fn digest_of_insurer(x: &Insurer) -> u64 {
    digest(x)
}

/// See [`digest_of_test_case`].
pub fn digest_of_institution(x: &Institution) -> u64 {
    digest(x)
}

/// The digest of a code of any of the four kinds.
pub fn digest_of_code<T: serde::Serialize>(x: &T) -> u64 {
    digest(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_digest_is_the_fnv_of_the_rows_json() {
        // The project file keeps digests of earlier imports: they must stay what they were.
        let p = crate::domain::samples::sample::sample_project();
        for m in &p.memberships {
            let json = serde_json::to_string(&Membership { id: 0, ..m.clone() }).unwrap();
            assert_eq!(digest_of_membership(m), fnv(json.as_bytes()));
        }
        for t in &p.test_cases {
            assert_eq!(digest_of_test_case(t), fnv(serde_json::to_string(t).unwrap().as_bytes()));
        }
    }

    #[test]
    fn columns_are_stored_as_text_and_read_back() {
        let sheet = SourceSheet {
            name: "テストケース一覧 (2)".into(),
            columns: vec![
                ("シナリオID".into(), 0),
                ("照会条件終了日".into(), 17),
                ("備考".into(), 27),
            ],
        };
        let text = sheet.columns_text();
        assert_eq!(text, "シナリオID=A\t照会条件終了日=R\t備考=AB");
        assert_eq!(SourceSheet::parse_columns(&text), sheet.columns);
        assert_eq!(sheet.cell("照会条件終了日", 15).as_deref(), Some("R15"));
        assert_eq!(sheet.cell("ロールモデルID", 15), None);
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_index("AA"), Some(26));
    }
}
