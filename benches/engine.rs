//! Simulating and checking every test case of generated national-scale projects (3 memberships per person).

use criterion::{Criterion, criterion_group, criterion_main};
use renkei::domain::check::check_project;
use renkei::domain::generate::{GenerateOptions, generate};
use renkei::domain::routing::{ProjectIndex, simulate};

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
    }
    group.finish();
}

criterion_group!(benches, engine);
criterion_main!(benches);
