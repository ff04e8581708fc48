//! Checking a test specification: validation rules (is it well-formed?), the provider's feasibility check (can the
//! replica data serve every test case, and if not, what to change?) and coverage (procedures × condition kinds,
//! viewpoints). Each finding has a stable rule id, a severity, a place (entity, key, and the field), a message in
//! Japanese and English, and where one exists a concrete suggestion with a [`Fix`] that can be applied.
//!
//! One file per concern: `masters` (codes, bodies, the hierarchy), `people` (role models, memberships, benefit
//! records), `test_case` (a case's own rules; those that make a query unroutable are `validate`'s, shared with
//! routing), `feasibility` (can the replicas serve it), `coverage`, and `fix` (the changes a finding offers).

mod coverage;
mod feasibility;
mod finding;
mod fix;
mod masters;
mod people;
mod test_case;

use crate::domain::model::*;
use crate::domain::routing::ProjectIndex;

pub use coverage::{Coverage, coverage};
pub use finding::CheckFinding;
pub use fix::Fix;
pub use masters::{check_hierarchy, check_masters};
pub use people::check_people;

pub use test_case::check_test_case;

pub use crate::domain::model::kinds::{EntityKind, Severity};

/// Validate the whole project and run the feasibility check and coverage: every finding, errors first.
pub fn check_project(p: &Project) -> Vec<CheckFinding> {
    let index = ProjectIndex::new(p);
    let mut out = Vec::new();
    check_masters(&index, &mut out);
    check_hierarchy(&index, &mut out);
    // The people and the test cases are checked side by side: one thread checks the people, then joins the other
    // in taking the test cases a chunk at a time (the people are about a quarter of the work at national scale).
    // The chunks' findings are put back in the cases' order, so the result is the same however the work fell.
    const CHUNK: usize = 1024;
    let next_chunk = std::sync::atomic::AtomicUsize::new(0);
    let check_chunks = || {
        let mut found: Vec<(usize, Vec<CheckFinding>)> = Vec::new();
        loop {
            let chunk = next_chunk.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(cases) = p.test_cases.chunks(CHUNK).nth(chunk) else {
                break found;
            };
            let mut out = Vec::new();
            for case in cases {
                check_test_case(&index, case, &mut out);
            }
            found.push((chunk, out));
        }
    };
    let (people, mut chunks) = std::thread::scope(|scope| {
        let people = scope.spawn(|| {
            let mut found = Vec::new();
            check_people(&index, &mut found);
            (found, check_chunks())
        });
        let chunks = check_chunks();
        (people.join(), chunks)
    });
    match people {
        Ok((people, theirs)) => {
            out.extend(people);
            chunks.extend(theirs);
        }
        // A panic in the people's rules is not swallowed: it is raised here as it would have been.
        Err(panic) => std::panic::resume_unwind(panic),
    }
    // The lookups are done with: their room is the findings' while they are put together.
    drop(index);
    chunks.sort_unstable_by_key(|(chunk, _)| *chunk);
    out.reserve(chunks.iter().map(|(_, found)| found.len()).sum());
    for (_, found) in chunks {
        out.extend(found);
    }
    coverage::check_coverage(p, &mut out);
    // Most often already in order (at national scale, tens of thousands of info findings alone): a stable sort
    // would take room for half of them all the same.
    if !out.is_sorted_by_key(|f| f.severity) {
        out.sort_by_key(|f| f.severity);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::samples::generate::{GenerateOptions, generate};

    /// The rules run one after the other, the findings put in order by a stable sort: what the check must give,
    /// however its work is shared between threads.
    fn one_after_the_other(p: &Project) -> Vec<CheckFinding> {
        let index = ProjectIndex::new(p);
        let mut out = Vec::new();
        check_masters(&index, &mut out);
        check_hierarchy(&index, &mut out);
        check_people(&index, &mut out);
        for case in &p.test_cases {
            check_test_case(&index, case, &mut out);
        }
        coverage::check_coverage(p, &mut out);
        out.sort_by_key(|f| f.severity);
        out
    }

    #[test]
    fn the_check_shared_between_threads_gives_the_findings_of_the_rules_one_after_the_other() {
        let mut p = generate(&GenerateOptions {
            cases: 5 * 1024 + 300,
            parties: 3,
            ..GenerateOptions::default()
        });
        // Errors and warnings in every chunk of cases, among the people, and in the masters, so that the sort by
        // severity has work to do and each chunk's findings have a place to keep.
        for i in (0..p.test_cases.len()).step_by(613) {
            p.test_cases[i].procedure = "JT999999".into();
            p.test_cases[i + 1].query_date = None;
        }
        for i in (0..p.memberships.len()).step_by(997) {
            let m = &mut p.memberships[i];
            m.lost_on = Some(m.acquired_on);
        }
        for i in (0..p.benefits.len()).step_by(401) {
            p.benefits[i].insurer = "99999999".into();
        }
        // Two role models of a party with one id: the overlap check goes through its memberships once.
        let twin = p.role_models[7].clone();
        p.role_models.insert(9, twin);
        p.insurers[0].name.clear();

        let expected = one_after_the_other(&p);
        let severities = |f: &[CheckFinding]| {
            [Severity::Error, Severity::Warning, Severity::Info]
                .map(|s| f.iter().filter(|x| x.severity == s).count())
        };
        let [errors, warnings, infos] = severities(&expected);
        assert!(errors > 20 && warnings > 10 && infos > 1000, "{errors} {warnings} {infos}");
        for _ in 0..3 {
            assert!(check_project(&p) == expected);
        }
    }
}
