//! What the window shows of its project, as plain values: the tree's nodes with their counts and badges, the
//! parties panel's figures, the check's counts and places, the insurer workspace's lists and every table's rows —
//! each made by the same functions the panels draw with. A test holds a window that has lived through commands to
//! a window freshly opened on the same file (`window_matches_file…` in `tests/window_model.rs`).

use crate::domain::date::DateStyle;
use crate::domain::model::InstitutionCode;
use crate::domain::model::message::Lang;
use crate::exchange::sheets::ALL_SHEETS;

use crate::ui::shell::app::App;

/// What the window shows, part by part (each a list of lines, to be compared and printed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    /// The tree of every party, then of each party alone (as the parties panel's filter shows it).
    pub tree: Vec<String>,
    /// The parties panel: one line per party with its figures.
    pub parties: Vec<String>,
    /// The status bar's check counts, then every finding with its place.
    pub check: Vec<String>,
    /// The insurer list (cases reaching each insurer, not yet served), then each insurer's workspace lists.
    pub insurers: Vec<String>,
    /// Every sheet's rows as its table shows them.
    pub tables: Vec<String>,
}

impl Shown {
    /// The first part and line where `self` and `other` differ, to say where a window went wrong.
    pub fn first_difference(&self, other: &Shown) -> Option<String> {
        let parts = [
            ("tree", &self.tree, &other.tree),
            ("parties", &self.parties, &other.parties),
            ("check", &self.check, &other.check),
            ("insurers", &self.insurers, &other.insurers),
            ("tables", &self.tables, &other.tables),
        ];
        for (name, a, b) in parts {
            if a == b {
                continue;
            }
            let at = a.iter().zip(b.iter()).position(|(x, y)| x != y);
            return Some(match at {
                Some(i) => format!("{name}, line {i}: shown «{}», in the file «{}»", a[i], b[i]),
                None => format!(
                    "{name}: {} lines shown, {} in the file (first extra: «{}»)",
                    a.len(),
                    b.len(),
                    a.get(b.len()).or(b.get(a.len())).map_or("", String::as_str)
                ),
            });
        }
        None
    }
}

impl App {
    /// What the window shows now of its project (nothing when none is open or it is still being read).
    pub fn shown(&self) -> Option<Shown> {
        let o = self.open.as_ref().filter(|o| !o.is_loading())?;
        let p = &o.project;
        let parties = crate::domain::model::names::parties(p);
        let mut tree = crate::ui::panels::tree::tree_lines(p, None, &self.check.badges);
        for party in &parties {
            tree.push(format!("== {party}"));
            tree.extend(crate::ui::panels::tree::tree_lines(p, Some(party), &self.check.badges));
        }
        let party_lines =
            crate::domain::coordination::party::statuses(p, &self.check.findings, &self.books)
                .iter()
                .map(|s| {
                    format!(
                        "{} {} cases {} {:?} open {} errors {} received {:?} sent {:?}",
                        s.party,
                        s.name,
                        s.cases,
                        s.by_state,
                        s.open_findings,
                        s.check_errors,
                        s.last_received.as_ref().map(|b| &b.file_name),
                        s.last_sent.as_ref().map(|b| &b.file_name),
                    )
                })
                .collect();
        let mut check = vec![format!("{:?}", self.check.summary.map(|(_, counts)| counts))];
        check.extend(self.check.findings.iter().zip(&self.check.places).map(|(f, at)| {
            format!(
                "{:?} {} {:?} {}:{} {:?} @{}",
                f.severity,
                f.rule,
                f.entity,
                f.party,
                f.key,
                f.field,
                at.as_deref().unwrap_or("-")
            )
        }));
        Some(Shown {
            tree,
            parties: party_lines,
            check,
            insurers: insurer_lines(p),
            tables: table_lines(p, &parties, self.date_style, self.lang),
        })
    }
}

/// The insurer workspace's lists: the insurer list's figures, then each insurer's rows of the unified partition,
/// benefit records and cases.
fn insurer_lines(p: &crate::domain::model::Project) -> Vec<String> {
    use crate::domain::partition::{reach_counts, workspace};
    let index = crate::domain::routing::ProjectIndex::new(p);
    let mut out = Vec::new();
    let counts = reach_counts(&index, &mut |_, _| true).unwrap_or_default();
    for insurer in &p.insurers {
        let number = &insurer.number;
        out.push(format!("{number} {:?}", counts.get(number)));
        let Some(w) = workspace(&index, number, &mut |_, _| true) else {
            continue;
        };
        for &m in &w.memberships {
            let m = &p.memberships[m];
            out.push(format!(
                "  {number} membership {}:{} {} {:?} {} {}",
                m.party, m.role_model, m.acquired_on, m.lost_on, m.member_branch, m.link_number
            ));
        }
        for &b in &w.benefits {
            let b = &p.benefits[b];
            out.push(format!(
                "  {number} benefit {}:{} {} {} {:?}",
                b.party, b.role_model, b.kind, b.start_date, b.amount
            ));
        }
        for c in &w.cases {
            let case = &p.test_cases[c.case];
            out.push(format!(
                "  {number} case {}:{} routed {} expected {} {:?} {:?} {:?}",
                case.party,
                case.id,
                c.routed,
                c.expected,
                c.outcome,
                c.providers,
                c.expectation.matches()
            ));
        }
    }
    out
}

/// Every sheet's rows as its table shows them, the sheet's name before them.
fn table_lines(
    p: &crate::domain::model::Project,
    parties: &[InstitutionCode],
    style: DateStyle,
    lang: Lang,
) -> Vec<String> {
    let mut out = Vec::new();
    for kind in ALL_SHEETS {
        out.push(format!("== {}", kind.name()));
        let whose = crate::ui::panels::sheet_table::party_labels(kind, p, parties);
        out.extend(
            crate::ui::kit::values::sheet_texts(kind, p, style, lang).into_iter().enumerate().map(
                |(i, row)| match whose.get(i) {
                    Some(w) => format!("{w} || {}", row.join(" | ")),
                    None => row.join(" | "),
                },
            ),
        );
    }
    out
}

/// The parties a window can be filtered to, for tests that filter it.
pub fn parties_of(app: &App) -> Vec<InstitutionCode> {
    app.open.as_ref().map(|o| crate::domain::model::names::parties(&o.project)).unwrap_or_default()
}
