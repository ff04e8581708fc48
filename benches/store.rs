//! The project file at national scale (100,000 test cases, 3 memberships per person): reading the whole project
//! against an edit and its undo that read again only the table the step changed (what the window does).

mod common;

use criterion::{Criterion, criterion_group, criterion_main};
use renkei::store::rows::Entity;

fn store(c: &mut Criterion) {
    let mut group = c.benchmark_group("store");
    group.sample_size(10);
    let dir = tempfile::tempdir().expect("temporary folder");
    let (project, _, mut store) = common::big_project_file(&dir);
    let mut in_memory = store.load().expect("load");
    group.bench_function("load_all/100000", |b| {
        b.iter(|| store.load().expect("load").test_cases.len())
    });
    let mut case = project.test_cases[50_000].clone();
    group.bench_function("edit_then_undo_reading_touched/100000", |b| {
        b.iter(|| {
            case.remarks.push('x');
            store
                .apply("bench", |w| w.put(&Entity::TestCase(Box::new(case.clone()))).map(|_| ()))
                .expect("edit");
            store.undo().expect("undo");
            store.reload_touched(&mut in_memory).expect("reload");
            in_memory.test_cases.len()
        })
    });
    // What the window pays on its own thread after an edit (for comparing with the above).
    group.bench_function("clone_project/100000", |b| b.iter(|| in_memory.clone().test_cases.len()));
    group.bench_function("test_case_sheet_rows/100000", |b| {
        b.iter(|| {
            renkei::exchange::sheet_rows::sheet_rows(
                renkei::exchange::sheets::SheetKind::TestCases,
                &in_memory,
            )
            .len()
        })
    });
    group.finish();
}

criterion_group!(benches, store);
criterion_main!(benches);
