//! Simulating and checking every test case of generated national-scale projects (3 memberships per person); the
//! insurer workspace of the busiest insurer and the insurer list's figures.

use criterion::{Criterion, criterion_group, criterion_main};
use renkei::domain::check::check_project;
use renkei::domain::partition::{reach_counts, workspace};
use renkei::domain::routing::{ProjectIndex, simulate};
use renkei::domain::samples::generate::{GenerateOptions, generate};

fn engine(c: &mut Criterion) {
    let mut group = c.benchmark_group("engine");
    group.sample_size(10);
    for cases in [10_000usize, 100_000] {
        let project = generate(&GenerateOptions {
            cases,
            seed: 1,
            memberships_per_person: Some(3),
            parties: 1,
        });
        group.bench_function(format!("simulate_all/{cases}"), |b| {
            b.iter(|| {
                let index = ProjectIndex::new(&project);
                project
                    .test_cases
                    .iter()
                    .map(|t| simulate(&index, t).providers.len())
                    .sum::<usize>()
            })
        });
        group.bench_function(format!("check_all/{cases}"), |b| {
            b.iter(|| check_project(&project).len())
        });
        // The busiest insurer: the one holding the most rows of the unified partition.
        let busiest = {
            let mut rows: std::collections::HashMap<&str, usize> = Default::default();
            for m in &project.memberships {
                *rows.entry(m.insurer.as_str()).or_default() += 1;
            }
            let (number, _) = rows.into_iter().max_by_key(|(n, r)| (*r, *n)).unwrap();
            renkei::domain::model::InsurerNumber::from(number)
        };
        group.bench_function(format!("insurer_workspace_busiest/{cases}"), |b| {
            b.iter(|| {
                let index = ProjectIndex::new(&project);
                workspace(&index, &busiest, &mut |_, _| true).unwrap().cases.len()
            })
        });
        group.bench_function(format!("insurer_reach_counts/{cases}"), |b| {
            b.iter(|| reach_counts(&ProjectIndex::new(&project), &mut |_, _| true).map(|c| c.len()))
        });
    }
    group.finish();
}

criterion_group!(benches, engine);
criterion_main!(benches);
