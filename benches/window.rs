//! What one edit costs the window's own thread in a project of 100,000 test cases: the command (saved to the file,
//! applied in memory) and the next frame (the table, the tree, the check started in the background), measured with
//! the check of the previous edit finished, as when a user edits at a human pace. No display is needed (kittest).

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use egui_kittest::Harness;
use renkei::domain::generate::{GenerateOptions, generate};
use renkei::store::Store;
use renkei::store::rows::Entity;
use renkei::ui::app::{App, Command};

fn window(c: &mut Criterion) {
    let mut group = c.benchmark_group("window");
    group.sample_size(10);
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("big.renkei");
    let project = generate(&GenerateOptions {
        cases: 100_000,
        seed: 1,
        memberships_per_person: Some(3),
    });
    let mut store = Store::create(&path, "big").expect("create");
    store.replace_all(&project).expect("write");
    drop(store);
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_context_setup(renkei::ui::fonts::install)
        .build_ui_state(|ui, app: &mut App| app.frame_ui(ui), App::start(Some(path)));
    let settle = |h: &mut Harness<'static, App>| {
        // Until the background check of the last revision has reported.
        for _ in 0..2000 {
            h.step();
            let o = h.state().open.as_ref().expect("open").revision;
            if h.state().check_summary.is_some_and(|(r, _)| r == o) {
                return;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        panic!("the check did not end");
    };
    settle(&mut h);
    let mut case = project.test_cases[50_000].clone();
    group.bench_function("edit_one_case_and_draw/100000", |b| {
        b.iter_custom(|iterations| {
            let mut total = Duration::ZERO;
            for _ in 0..iterations {
                settle(&mut h);
                case.remarks.push('x');
                let ctx = h.ctx.clone();
                let start = Instant::now();
                h.state_mut().apply(
                    &ctx,
                    Command::Put {
                        label: "備考".into(),
                        entity: Box::new(Entity::TestCase(case.clone())),
                    },
                );
                h.step();
                total += start.elapsed();
            }
            total
        })
    });
    group.bench_function("undo_one_edit_and_draw/100000", |b| {
        b.iter_custom(|iterations| {
            let mut total = Duration::ZERO;
            for _ in 0..iterations {
                settle(&mut h);
                case.remarks.push('y');
                let ctx = h.ctx.clone();
                h.state_mut().apply(
                    &ctx,
                    Command::Put {
                        label: "備考".into(),
                        entity: Box::new(Entity::TestCase(case.clone())),
                    },
                );
                h.step();
                settle(&mut h);
                let start = Instant::now();
                h.state_mut().apply(&ctx, Command::Undo);
                h.step();
                total += start.elapsed();
            }
            total
        })
    });
    // The same edit with the simulation view open on that case (it follows the edit and simulates again).
    h.state_mut().selection = Some(renkei::ui::app::Selection::TestCase(case.id.to_string()));
    let ctx = h.ctx.clone();
    h.state_mut()
        .apply(&ctx, Command::ShowSimulation(case.id.to_string()));
    h.step();
    group.bench_function("edit_one_case_and_draw_with_simulation_open/100000", |b| {
        b.iter_custom(|iterations| {
            let mut total = Duration::ZERO;
            for _ in 0..iterations {
                settle(&mut h);
                case.remarks.push('z');
                let ctx = h.ctx.clone();
                let start = Instant::now();
                h.state_mut().apply(
                    &ctx,
                    Command::Put {
                        label: "備考".into(),
                        entity: Box::new(Entity::TestCase(case.clone())),
                    },
                );
                h.step();
                total += start.elapsed();
            }
            total
        })
    });
    group.finish();
}

criterion_group!(benches, window);
criterion_main!(benches);
