//! The first window, driven through egui_kittest's accessibility tree (no renderer needed): the sample's test
//! cases are listed, filtering narrows the table, and the language switches.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use renkei::domain::sample::sample_project;
use renkei::store::Store;
use renkei::ui::app::App;

/// Every harness: the same size and the application's own fonts.
fn harness(app: App) -> Harness<'static, App> {
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_context_setup(renkei::ui::fonts::install)
        .build_ui_state(|ui, app: &mut App| app.frame_ui(ui), app)
}

fn sample_app(dir: &std::path::Path) -> App {
    let path = dir.join("s.renkei");
    let mut store = Store::create(&path, "s").unwrap();
    store.replace_all(&sample_project()).unwrap();
    drop(store);
    App::start(Some(path))
}

#[test]
fn lists_the_sample_test_cases_and_filters() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(sample_app(dir.path()));
    h.run();
    h.get_by_label("S01-V01-T01");
    h.get_by_label("S02-V01-T01");
    h.get_by_label("範囲指定");
    h.get_by_label_contains("テストケース 2");
    h.get_by_role(egui::accesskit::Role::TextInput).click();
    h.run();
    h.get_by_role(egui::accesskit::Role::TextInput)
        .type_text("S02");
    h.run();
    h.run();
    assert!(h.query_by_label("S01-V01-T01").is_none());
    h.get_by_label("S02-V01-T01");
}

#[test]
fn switches_language() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(sample_app(dir.path()));
    h.run();
    h.get_by_label("表示").click();
    h.run();
    h.get_by_label("English").click();
    h.run();
    assert_eq!(h.state().lang, renkei::domain::message::Lang::En);
    h.get_by_label("Expected outcome");
    h.get_by_label("range");
}

#[test]
fn a_file_that_is_not_a_project_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.renkei");
    std::fs::write(&path, "text").unwrap();
    let mut h = harness(App::start(Some(path)));
    h.run();
    h.get_by_label_contains("not a Renkei project");
}
