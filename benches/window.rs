//! How soon the window shows a project of 100,000 test cases (its first frame), and what one edit costs the
//! window's own thread in it: the command (saved to the file,
//! applied in memory) and the next frame (the table, the tree, the check started in the background), measured with
//! the check of the previous edit finished, as when a user edits at a human pace. No display is needed (kittest).

use renkei::ui::kit::views::ViewId;
use std::time::{Duration, Instant};

mod common;

use criterion::{Criterion, criterion_group, criterion_main};
use egui_kittest::Harness;
use renkei::domain::model::TestCase;
use renkei::store::rows::Entity;
use renkei::ui::kit::command::{CoordinationCmd, EditCmd, ViewCmd};
use renkei::ui::shell::app::{App, Command};

type Window = Harness<'static, App>;

/// Frames until the background check of the last revision has reported.
fn settle(h: &mut Window) {
    for _ in 0..2000 {
        h.step();
        let o = h.state().open.as_ref().expect("open").revision;
        if h.state().check.summary.is_some_and(|(r, _)| r == o) {
            return;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    panic!("the check did not end");
}

/// Change a case's remarks (a different text each time), as the detail pane does.
fn edit(h: &mut Window, case: &mut TestCase) {
    case.remarks.push('x');
    let ctx = h.ctx.clone();
    h.state_mut().apply(
        &ctx,
        Command::Edit(EditCmd::Put {
            label: "備考".into(),
            entity: Box::new(Entity::TestCase(Box::new(case.clone()))),
        }),
    );
}

/// Time `measured` and the frame after it, each time with the check settled first and `before` done untimed.
fn timed(
    h: &mut Window,
    iterations: u64,
    mut before: impl FnMut(&mut Window),
    mut measured: impl FnMut(&mut Window),
) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..iterations {
        settle(h);
        before(h);
        let start = Instant::now();
        measured(h);
        h.step();
        total += start.elapsed();
    }
    total
}

fn window(c: &mut Criterion) {
    let mut group = c.benchmark_group("window");
    group.sample_size(10);
    let dir = tempfile::tempdir().expect("temporary folder");
    let (project, path, store) = common::big_project_file(&dir);
    drop(store);
    // Opening the project to the first frame (its name, counts and first rows; the rest read behind it). The
    // window dropped after each, its reading stops.
    group.bench_function("open_to_first_frame/100000", |b| {
        b.iter(|| {
            Harness::builder()
                .with_size(egui::vec2(1280.0, 800.0))
                .with_context_setup(renkei::ui::kit::fonts::install)
                .build_ui_state(
                    |ui, app: &mut App| app.frame_ui(ui),
                    App::start(Some(path.clone())),
                )
        })
    });
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_context_setup(renkei::ui::kit::fonts::install)
        .build_ui_state(|ui, app: &mut App| app.frame_ui(ui), App::start(Some(path)));
    let mut case = project.test_cases[50_000].clone();
    group.bench_function("edit_one_case_and_draw/100000", |b| {
        b.iter_custom(|n| timed(&mut h, n, |_| {}, |h| edit(h, &mut case)))
    });
    group.bench_function("undo_one_edit_and_draw/100000", |b| {
        b.iter_custom(|n| {
            let before = |h: &mut Window| {
                edit(h, &mut case);
                h.step();
                settle(h);
            };
            let undo = |h: &mut Window| {
                let ctx = h.ctx.clone();
                h.state_mut().apply(&ctx, Command::Edit(EditCmd::Undo));
            };
            timed(&mut h, n, before, undo)
        })
    });
    // The same edit with the simulation view open on that case (it follows the edit and simulates again).
    h.state_mut().selection = Some(renkei::ui::shell::app::Selection::TestCase(case.key()));
    let ctx = h.ctx.clone();
    h.state_mut().apply(&ctx, Command::View(ViewCmd::ShowSimulation(case.key())));
    h.step();
    group.bench_function("edit_one_case_and_draw_with_simulation_open/100000", |b| {
        b.iter_custom(|n| timed(&mut h, n, |_| {}, |h| edit(h, &mut case)))
    });
    group.finish();
}

/// The parties panel on 300 parties × 30 cases (the national picture of one representative insurer): a
/// frame with it open, a party chosen (the tree, tables and views filtered), and an agreement state set (the
/// panel's figures worked out again).
fn parties_panel(c: &mut Criterion) {
    use renkei::domain::model::kinds::AgreementState;
    use renkei::domain::samples::generate::{GenerateOptions, generate};
    let mut group = c.benchmark_group("window");
    group.sample_size(10);
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("parties.renkei");
    let project = generate(&GenerateOptions {
        cases: 9000,
        seed: 1,
        memberships_per_person: None,
        parties: 300,
    });
    let mut store = renkei::store::Store::create(&path, "parties").expect("create");
    store.replace_all(&project).expect("write");
    drop(store);
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_context_setup(renkei::ui::kit::fonts::install)
        .build_ui_state(|ui, app: &mut App| app.frame_ui(ui), App::start(Some(path)));
    let ctx = h.ctx.clone();
    h.state_mut().apply(&ctx, Command::Coordination(CoordinationCmd::SetOwn("06130017".into())));
    h.state_mut().apply(&ctx, Command::View(ViewCmd::Toggle(ViewId::Parties)));
    settle(&mut h);
    group.bench_function("parties_panel_frame/300x30", |b| {
        b.iter_custom(|n| timed(&mut h, n, |_| {}, |_| {}))
    });
    let parties = renkei::domain::model::names::parties(&project);
    let mut i = 0;
    group.bench_function("parties_panel_choose_a_party_and_draw/300x30", |b| {
        b.iter_custom(|n| {
            timed(
                &mut h,
                n,
                |_| {},
                |h| {
                    i = (i + 1) % parties.len();
                    let ctx = h.ctx.clone();
                    h.state_mut().apply(
                        &ctx,
                        Command::Coordination(CoordinationCmd::FilterParty(Some(
                            parties[i].clone(),
                        ))),
                    );
                },
            )
        })
    });
    let cases: Vec<_> = project.test_cases.iter().map(|c| c.key()).collect();
    let mut j = 0;
    group.bench_function("parties_panel_set_a_state_and_draw/300x30", |b| {
        b.iter_custom(|n| {
            timed(
                &mut h,
                n,
                |_| {},
                |h| {
                    j = (j + 1) % cases.len();
                    let state = AgreementState::ALL[j % AgreementState::ALL.len()];
                    let ctx = h.ctx.clone();
                    h.state_mut().apply(
                        &ctx,
                        Command::Coordination(CoordinationCmd::SetAgreement(
                            vec![cases[j].clone()],
                            state,
                        )),
                    );
                },
            )
        })
    });
    group.finish();
}

criterion_group!(benches, window, parties_panel);
criterion_main!(benches);
