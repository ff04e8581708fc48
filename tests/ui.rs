//! The window, driven through egui_kittest's accessibility tree (no renderer needed): every sheet's table, the
//! filter, sorting, selection, undo/redo from the keyboard, the language and date style, and a 100,000-case project
//! laying out only the rows on screen.
#![allow(
    clippy::too_many_lines,
    reason = "a test tells one story from start to end; split, it would be read out of order"
)]

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use renkei::domain::samples::generate::{GenerateOptions, generate};
use renkei::domain::samples::sample::sample_project;
use renkei::exchange::sheets::SheetKind;
use renkei::store::Store;
use renkei::store::rows::EntityKey;
use renkei::ui::kit::command::{CoordinationCmd, EditCmd, FileCmd, TransferCmd, ViewCmd};
use renkei::ui::kit::views::ViewId;
use renkei::ui::shell::app::App;

mod common;

/// Every harness: the same size and the application's own fonts.
fn harness(app: App) -> Harness<'static, App> {
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_context_setup(renkei::ui::kit::fonts::install)
        // The background check wakes the window when it ends; give a frame or two more to settle.
        .with_max_steps(64)
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
    assert!(h.query_all_by_label("範囲指定").count() >= 1);
    h.get_by_label_contains("テストケース 2");
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "絞り込み").click();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "絞り込み").type_text("S02");
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
    assert_eq!(h.state().lang, renkei::domain::model::message::Lang::En);
    h.get_by_label("Expected outcome");
    h.get_by_label("Condition＊");
    h.get_by_label("Role models").click();
    h.run();
    h.get_by_label("My Number");
    // The views give the domain's values in English too (the workbook's Japanese values stay in the tables).
    let ctx = h.ctx.clone();
    h.state_mut().apply(
        &ctx,
        renkei::ui::shell::app::Command::View(ViewCmd::Select(
            renkei::ui::shell::app::Selection::TestCase(renkei::domain::model::Qualified::new(
                "002",
                "S02-V01-T01",
            )),
        )),
    );
    h.state_mut().apply(
        &ctx,
        renkei::ui::shell::app::Command::View(ViewCmd::ShowSimulation(
            renkei::domain::model::Qualified::new("002", "S02-V01-T01"),
        )),
    );
    h.run();
    h.get_by_label("Outcome: normal end — 06130033,06130041");
    h.get_by_label_contains("range 2017-04-01～2019-07-27");
    h.state_mut()
        .apply(&ctx, renkei::ui::shell::app::Command::View(ViewCmd::Toggle(ViewId::Coverage)));
    h.run();
    h.get_by_label("point in time");
}

#[test]
fn every_sheet_has_its_table() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(sample_app(dir.path()));
    h.run();
    for (tab, header, value) in [
        ("ロールモデル", "機関別符号＊", "番号 太郎"),
        ("加入歴", "資格取得日＊", "2003-04-01"),
        ("給付情報", "給付種別＊", "傷病手当金"),
        ("保険者", "保険者名称＊", "A健康保険組合"),
        ("機関", "機関名＊", "社会保険診療報酬支払基金"),
        ("コード", "親コード", "JT030001"),
        ("テストケース一覧", "テストケースID＊", "S01-V01-T01"),
    ] {
        h.get_by_label(tab).click();
        h.run();
        h.get_by_label(header);
        assert!(h.query_all_by_label(value).next().is_some(), "{tab}: no {value}");
    }
}

#[test]
fn dates_follow_the_chosen_style() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(sample_app(dir.path()));
    h.run();
    h.get_by_label("2018-07-27");
    h.get_by_label("表示").click();
    h.run();
    h.get_by_label("和暦（平成30年7月27日）").click();
    h.run();
    h.get_by_label("平成30年7月27日");
    assert!(h.query_by_label("2018-07-27").is_none());
}

#[test]
fn headers_sort_and_clicks_select() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(sample_app(dir.path()));
    h.run();
    h.get_by_label("テストケースID＊").click();
    h.run();
    assert_eq!(h.state().table(SheetKind::TestCases).sort, Some((4, true)));
    h.get_by_label("テストケースID＊ ▲").click();
    h.run();
    assert_eq!(h.state().table(SheetKind::TestCases).sort, Some((4, false)));
    h.get_by_label("S02-V01-T01").click();
    h.run();
    assert_eq!(h.state().table(SheetKind::TestCases).selected, [1]);
    h.get_by_label_contains("1 件選択");
    // (The detail pane now takes the right side; the first column is still in view.)
    h.get_by_label("S01").click_modifiers(egui::Modifiers::COMMAND);
    h.run();
    assert_eq!(h.state().table(SheetKind::TestCases).selected, [1, 0]);
    h.get_by_label_contains("2 件選択");
}

#[test]
fn undo_and_redo_from_the_keyboard_reach_the_project_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = sample_app(dir.path());
    // An operation done through the project file, as a panel's command would.
    let o = app.open.as_mut().unwrap();
    o.store
        .apply("テストケースの削除", |w| {
            w.delete(&EntityKey::TestCase(renkei::domain::model::Qualified::new(
                "002",
                "S02-V01-T01",
            )))
        })
        .unwrap();
    let mut h = harness(app);
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    h.get_by_label("S02-V01-T01");
    h.get_by_label_contains("元に戻しました");
    let on_file = |h: &Harness<'static, App>| {
        h.state().open.as_ref().unwrap().store.load().unwrap().test_cases.len()
    };
    assert_eq!(on_file(&h), 2);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Y);
    h.run();
    assert!(h.query_by_label("S02-V01-T01").is_none());
    assert_eq!(on_file(&h), 1);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Y);
    h.run();
    h.get_by_label_contains("やり直す操作はありません");
}

/// How many cells of the test case table are in the UI tree after one frame.
fn laid_out_cells(cases: usize) -> usize {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(generated_app(dir.path(), cases));
    // A large project is read whole behind its first frame: the table of every case, not of its first rows.
    wait_until_read_whole(&mut h);
    assert_eq!(h.state().open.as_ref().unwrap().project.test_cases.len(), cases);
    h.run();
    h.query_all_by_label_contains("-T").count()
}

#[test]
fn a_hundred_thousand_cases_lay_out_only_the_visible_rows() {
    let small = laid_out_cells(1_000);
    let large = laid_out_cells(100_000);
    assert!(small > 0 && small < 100, "{small}");
    assert_eq!(small, large);
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

fn masters_only_app(dir: &std::path::Path) -> App {
    let path = dir.join("m.renkei");
    let mut p = sample_project();
    p.scenarios.clear();
    p.variations.clear();
    p.test_cases.clear();
    let mut store = Store::create(&path, "m").unwrap();
    store.replace_all(&p).unwrap();
    drop(store);
    App::start(Some(path))
}

/// What the project file holds; also checks that the window's project (kept up to date in memory after an edit,
/// without reading the file again) is exactly that.
fn on_file(h: &Harness<'static, App>) -> renkei::domain::model::Project {
    let open = h.state().open.as_ref().unwrap();
    let loaded = open.store.load().unwrap();
    assert_eq!(*open.project, loaded, "the window's project differs from the file");
    loaded
}

fn type_into(h: &mut Harness<'static, App>, field: &str, text: &str) {
    use egui::accesskit::Role;
    h.get_by_role_and_label(Role::TextInput, field).scroll_to_me();
    h.run();
    h.get_by_role_and_label(Role::TextInput, field).click();
    h.run();
    // Replace what the field holds.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.get_by_role_and_label(Role::TextInput, field).type_text(text);
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
}

#[test]
fn a_test_case_is_built_from_the_tree_and_the_detail_pane_and_undone_step_by_step() {
    use egui::accesskit::Role;
    use renkei::domain::date::Date;
    use renkei::domain::model::{ConditionKind, Outcome};
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(masters_only_app(dir.path()));
    h.run();
    let start = on_file(&h);
    h.get_by_label("＋ シナリオ").click();
    h.run();
    assert_eq!(on_file(&h).scenarios[0].id.as_str(), "S01");
    // The scenario's own pane adds a variation; the tree's menu adds a case.
    h.get_by_label("バリエーションを追加").click();
    h.run();
    assert_eq!(on_file(&h).variations[0].id.as_str(), "S01-V01");
    h.get_by_label("S01-V01  (0)").click_secondary();
    h.run();
    h.query_all_by_label("テストケースを追加").next().unwrap().click();
    h.run();
    let p = on_file(&h);
    assert_eq!(p.test_cases[0].id.as_str(), "S01-V01-T01");
    assert_eq!(p.test_cases[0].provider.as_str(), "099");
    // The detail pane: a date typed in full-width era form, read and saved as a date.
    type_into(&mut h, "照会日", "Ｈ３０．７．２７");
    assert_eq!(on_file(&h).test_cases[0].query_date, Some(Date::ymd(2018, 7, 27)));
    h.get_by_label("→ 2018-07-27");
    // A range (its dates show once the condition is one).
    h.get_by_label("範囲指定").scroll_to_me();
    h.run();
    h.get_by_label("範囲指定").click();
    h.run();
    // A date that cannot be read is marked and not saved.
    type_into(&mut h, "照会条件開始日", "H30.41");
    h.get_by_label_contains("！");
    assert_eq!(on_file(&h).test_cases[0].condition_start, None);
    type_into(&mut h, "照会条件開始日", "2017/4/1");
    type_into(&mut h, "照会条件終了日", "令和元年7月27日");
    for label in ["TK01 保険者名称", "TK03 資格喪失日"] {
        h.get_by_label(label).scroll_to_me();
        h.run();
        h.get_by_label(label).click();
        h.run();
    }
    // Codes are picked from the masters: the requester from the institutions, searched by name. A case's party is
    // its requester: another city is refused, with the reason, and nothing is written.
    assert_eq!(on_file(&h).test_cases[0].requester.as_str(), "002");
    h.get_by_role_and_label(Role::ComboBox, "情報照会者機関コード").click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "情報照会者機関コード").type_text("E市");
    h.run();
    h.get_by_label("003 E市").click();
    h.run();
    assert_eq!(on_file(&h).test_cases[0].requester.as_str(), "002");
    let said = h.state().message.clone().unwrap_or_default();
    assert!(said.contains("団体 002") && said.contains("003"), "{said}");
    for combo in ["ロールモデルID", "期待する処理結果"] {
        h.get_by_role_and_label(Role::ComboBox, combo).scroll_to_me();
        h.run();
        h.get_by_role_and_label(Role::ComboBox, combo).click();
        h.run();
        if combo == "ロールモデルID" {
            h.get_by_label("RM-Y 番号 花子").click();
            h.run();
        }
    }
    h.get_by_label("正常終了").click();
    h.run();
    type_into(&mut h, "期待する提供保険者", "06130033，06130041");
    type_into(&mut h, "テスト観点ID", "TV-09");
    type_into(&mut h, "情報照会者部署名", "保険年金課");
    type_into(&mut h, "情報照会者部署コード", "001A");
    type_into(&mut h, "副本の詳細", "C・D健康保険組合の資格情報");
    type_into(&mut h, "備考", "画面から作成");
    let built = on_file(&h).test_cases[0].clone();
    assert_eq!(built.condition_kind, ConditionKind::Range);
    assert_eq!(built.condition_start, Some(Date::ymd(2017, 4, 1)));
    assert_eq!(built.condition_end, Some(Date::ymd(2019, 7, 27)));
    assert_eq!(built.items.iter().map(|x| x.as_str()).collect::<Vec<_>>(), ["TK01", "TK03"]);
    assert_eq!(built.role_model.as_str(), "RM-Y");
    assert_eq!(built.requester.as_str(), "002");
    assert_eq!(built.expected_outcome, Some(Outcome::NormalEnd));
    assert_eq!(
        built.expected_providers.iter().map(|x| x.as_str()).collect::<Vec<_>>(),
        ["06130033", "06130041"]
    );
    assert_eq!(built.viewpoint_id, "TV-09");
    assert_eq!(built.remarks, "画面から作成");
    let end = on_file(&h);
    // Undo every step back to the start, then redo them all.
    let mut steps = 0;
    while h.state().open.as_ref().unwrap().store.undo_label().is_some() {
        h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
        h.run();
        steps += 1;
        assert!(steps < 100);
    }
    assert_eq!(steps, 17, "one step per edit (the refused requester made none)");
    assert_eq!(on_file(&h), start);
    for _ in 0..steps {
        h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Y);
        h.run();
    }
    assert_eq!(on_file(&h), end);
    // Duplicate from the pane: the next id of the variation.
    h.get_by_label("複製").scroll_to_me();
    h.run();
    h.get_by_label("複製").click();
    h.run();
    assert_eq!(on_file(&h).test_cases[1].id.as_str(), "S01-V01-T02");
    assert_eq!(on_file(&h).test_cases[1].items, built.items);
    // Delete the scenario: the dialog says what goes with it, and cancelling keeps everything.
    h.get_by_label("S01  (2)").click_secondary();
    h.run();
    h.get_by_label("削除…").click();
    h.run();
    h.get_by_label_contains("バリエーション 1、テストケース 2");
    h.get_by_label("キャンセル").click();
    h.run();
    assert_eq!(on_file(&h).test_cases.len(), 2);
    h.get_by_label("S01  (2)").click_secondary();
    h.run();
    h.get_by_label("削除…").click();
    h.run();
    h.get_by_label("削除する").click();
    h.run();
    let p = on_file(&h);
    assert!(p.scenarios.is_empty() && p.variations.is_empty() && p.test_cases.is_empty());
    // And in English.
    h.get_by_label("表示").click();
    h.run();
    h.get_by_label("English").click();
    h.run();
    h.get_by_label("+ Scenario");
}

#[test]
fn a_role_model_gets_two_memberships_from_its_pane() {
    use renkei::domain::date::Date;
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(sample_app(dir.path()));
    h.run();
    h.get_by_label("ロールモデル").click();
    h.run();
    h.get_by_label("＋ ロールモデル").click();
    h.run();
    let id = "RM-Y-01";
    assert!(on_file(&h).role_models.iter().any(|r| r.id.as_str() == id));
    type_into(&mut h, "氏名", "連携 四郎");
    // The new membership's form starts empty (no made-up date) and adds nothing until its date reads.
    h.get_by_label("＋ 加入歴").click();
    h.run();
    let memberships = |h: &Harness<'static, App>| {
        on_file(h).memberships.iter().filter(|m| m.role_model.as_str() == id).count()
    };
    use egui::accesskit::Role;
    let acquired = h.get_by_role_and_label(Role::TextInput, "資格取得日");
    let value =
        |n: &egui_kittest::Node<'_>| n.accesskit_node().value().unwrap_or_default().to_string();
    assert_eq!(value(&acquired), "");
    assert!(h.get_by_label("追加").accesskit_node().is_disabled());
    h.get_by_label("日付を入れてください");
    acquired.click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "資格取得日").type_text("H27.4.31");
    h.run();
    h.get_by_label_contains("存在しません");
    assert!(h.get_by_label("追加").accesskit_node().is_disabled());
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_role_and_label(Role::TextInput, "資格取得日").type_text("H27.4.1");
    h.run();
    h.get_by_role_and_label(Role::TextInput, "資格喪失日").click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "資格喪失日").type_text("R1.5.1");
    h.run();
    assert_eq!(memberships(&h), 0);
    // The insurer is asked, never made up: nothing is added until one is chosen.
    assert!(h.get_by_label("追加").accesskit_node().is_disabled());
    choose_insurer(&mut h, "06130033");
    h.get_by_label("追加").click();
    h.run();
    assert_eq!(memberships(&h), 1);
    // The second suggests the day the first was lost, as a hint only.
    h.get_by_label("＋ 加入歴").scroll_to_me();
    h.run();
    h.get_by_label("＋ 加入歴").click();
    h.run();
    // The form is drawn above the memberships there are.
    let form = h.query_all_by_role_and_label(Role::TextInput, "資格取得日").next().unwrap();
    assert_eq!(value(&form), "");
    assert!(
        h.query_all_by_label_contains("前の加入歴の喪失日 2019-05-01").next().is_some()
            || form.accesskit_node().placeholder().is_some_and(|p| p.contains("2019-05-01")),
        "no hint of the day the first was lost"
    );
    form.click();
    h.run();
    h.query_all_by_role_and_label(Role::TextInput, "資格取得日")
        .next()
        .unwrap()
        .type_text("2019-05-01");
    h.run();
    choose_insurer(&mut h, "06130041");
    h.get_by_label("追加").click();
    h.run();
    let p = on_file(&h);
    let person = p.role_models.iter().find(|r| r.id.as_str() == id).unwrap();
    assert_eq!(person.name, "連携 四郎");
    let mut ms: Vec<_> = p.memberships.iter().filter(|m| m.role_model.as_str() == id).collect();
    ms.sort_by_key(|m| m.acquired_on);
    assert_eq!(ms.len(), 2);
    assert_eq!(ms[0].acquired_on, Date::ymd(2015, 4, 1));
    assert_eq!(ms[0].lost_on, Some(Date::ymd(2019, 5, 1)));
    assert_eq!(ms[0].lost_on_reason_of_null, "");
    assert_eq!(ms[1].acquired_on, Date::ymd(2019, 5, 1));
    assert_eq!(ms[1].lost_on, None);
    assert_eq!((ms[0].insurer.as_str(), ms[1].insurer.as_str()), ("06130033", "06130041"));
    // A benefit record, paid by the insurer of the latest membership from the day given; removed again.
    h.get_by_label("＋ 給付情報").scroll_to_me();
    h.run();
    h.get_by_label("＋ 給付情報").click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "支給開始日").scroll_to_me();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "支給開始日").click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "支給開始日").type_text("2020-01-06");
    h.run();
    h.get_by_label("追加").scroll_to_me();
    h.run();
    h.get_by_label("追加").click();
    h.run();
    let b = on_file(&h).benefits.into_iter().find(|b| b.role_model.as_str() == id).unwrap();
    assert_eq!(b.insurer, ms[1].insurer);
    assert_eq!(b.kind, "傷病手当金");
    assert_eq!(b.start_date, Date::ymd(2020, 1, 6));
    h.get_by_label("削除").scroll_to_me();
    h.run();
    h.get_by_label("削除").click();
    h.run();
    // Every delete asks first, saying what goes.
    assert!(on_file(&h).benefits.iter().any(|b| b.role_model.as_str() == id));
    h.get_by_label("削除する").click();
    h.run();
    assert!(on_file(&h).benefits.iter().all(|b| b.role_model.as_str() != id));
    // Deleting the person asks first and names the memberships that go with it.
    h.get_by_label("このロールモデルを削除…").scroll_to_me();
    h.run();
    h.get_by_label("このロールモデルを削除…").click();
    h.run();
    h.get_by_label_contains("加入歴 2");
    h.get_by_label("削除する").click();
    h.run();
    let p = on_file(&h);
    assert!(p.role_models.iter().all(|r| r.id.as_str() != id));
    assert!(p.memberships.iter().all(|m| m.role_model.as_str() != id));
    // One undo brings the person and both memberships back.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(on_file(&h).memberships.iter().filter(|m| m.role_model.as_str() == id).count(), 2);
}

#[test]
fn save_as_keyboard_delete_find_theme_and_remembered_preferences() {
    use egui::accesskit::Role;
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(sample_app(dir.path()));
    h.run();
    // Save as: a copy with the same content, and the window continues in it.
    let copy = dir.path().join("copy.renkei");
    let ctx = h.ctx.clone();
    h.state_mut().apply(&ctx, renkei::ui::shell::app::Command::File(FileCmd::SaveAs(copy.clone())));
    h.run();
    assert_eq!(h.state().open.as_ref().unwrap().store.path(), copy);
    assert_eq!(on_file(&h), sample_project());
    assert_eq!(h.state().recent[0], copy);
    h.get_by_label_contains("保存 ");
    // Ctrl+F puts the cursor in the table's filter.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    h.run();
    assert!(h.get_by_role_and_label(Role::TextInput, "絞り込み").is_focused());
    h.key_press(egui::Key::Escape);
    h.run();
    // Delete acts on the selection, after asking.
    h.get_by_label("S02").click();
    h.run();
    h.key_press(egui::Key::Delete);
    h.run();
    h.get_by_label("削除する").click();
    h.run();
    assert_eq!(on_file(&h).test_cases.len(), 1);
    // The theme.
    h.get_by_label("表示").click();
    h.run();
    h.get_by_label("ダーク").click();
    h.run();
    assert_eq!(h.ctx.options(|o| o.theme_preference), egui::ThemePreference::Dark);
    // What is remembered comes back in a new window.
    let prefs = h.state().preferences();
    let mut fresh = App::start(Some(copy.clone()));
    fresh.use_preferences(prefs);
    assert_eq!(fresh.theme, egui::ThemePreference::Dark);
    assert!(fresh.recent.contains(&dir.path().join("s.renkei")));
}

#[test]
fn rows_of_the_other_sheets_are_edited_in_their_pane_with_the_workbook_rules() {
    use renkei::domain::date::Date;
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(sample_app(dir.path()));
    h.run();
    h.get_by_label("保険者").click();
    h.run();
    h.get_by_label("A健康保険組合").click();
    h.run();
    type_into(&mut h, "保険者名称", "A健康保険組合（改）");
    assert_eq!(on_file(&h).insurers[0].name, "A健康保険組合（改）");
    // A value the workbook would refuse is refused here too, with the reason, and nothing is saved.
    type_into(&mut h, "ロット", "9");
    h.get_by_label_contains("1～3 の整数");
    assert_eq!(on_file(&h).insurers[0].lot, Some(1));
    // A membership keeps its row (and id) when its loss date changes; the date is read in era form.
    h.get_by_label("加入歴").click();
    h.run();
    h.get_by_label("2000000002").click();
    h.run();
    type_into(&mut h, "資格喪失日", "R2.4.1");
    let m = on_file(&h).memberships.into_iter().find(|m| m.id == 5).unwrap();
    assert_eq!(m.lost_on, Some(Date::ymd(2020, 4, 1)));
    // A benefit record is deleted after asking.
    h.get_by_label("給付情報").click();
    h.run();
    h.get_by_label("98000").click();
    h.run();
    h.get_by_label("この行を削除…").click();
    h.run();
    h.get_by_label("削除する").click();
    h.run();
    assert_eq!(on_file(&h).benefits.len(), 1);
    // Each was one step.
    for _ in 0..3 {
        h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
        h.run();
    }
    assert_eq!(on_file(&h), sample_project());
}

#[test]
fn a_cell_is_edited_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(sample_app(dir.path()));
    h.run();
    // The cell's editor, not the detail pane's field showing the same value (the pane is on the right).
    fn cell_editor<'h>(h: &'h Harness<'static, App>, shown: &'h str) -> egui_kittest::Node<'h> {
        h.query_all_by_value(shown)
            .min_by(|a, b| a.rect().min.x.total_cmp(&b.rect().min.x))
            .unwrap()
    }
    // (kittest does not produce double-clicks: the command a double-click issues opens the cell's editor.)
    let edit_cell = |h: &mut Harness<'static, App>,
                     sheet: SheetKind,
                     row: usize,
                     col: usize,
                     shown: &str,
                     typed: &str| {
        let ctx = h.ctx.clone();
        h.state_mut().apply(
            &ctx,
            renkei::ui::shell::app::Command::View(ViewCmd::EditCell { sheet, row, col }),
        );
        h.run();
        cell_editor(h, shown).focus();
        h.run();
        h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
        h.run();
        cell_editor(h, shown).type_text(typed);
        h.run();
        h.key_press(egui::Key::Enter);
        h.run();
    };
    // A key column is not edited in place.
    let ctx = h.ctx.clone();
    h.state_mut().apply(
        &ctx,
        renkei::ui::shell::app::Command::View(ViewCmd::EditCell {
            sheet: SheetKind::TestCases,
            row: 0,
            col: 4,
        }),
    );
    h.run();
    assert!(
        h.query_all_by_role(egui::accesskit::Role::TextInput)
            .all(|n| n.value().as_deref() != Some("S01-V01-T01"))
    );
    edit_cell(
        &mut h,
        SheetKind::TestCases,
        0,
        1,
        "国民健康保険 資格取得届の審査",
        "国保 資格取得届の審査",
    );
    assert_eq!(on_file(&h).scenarios[0].name, "国保 資格取得届の審査");
    // Read with the workbook's rules: an era date is a date; an impossible one is refused with the reason.
    h.get_by_label("加入歴").click();
    h.run();
    edit_cell(&mut h, SheetKind::Memberships, 0, 5, "2008-04-01", "R1.5.1");
    let lost = |h: &Harness<'static, App>| {
        on_file(h).memberships.into_iter().find(|m| m.id == 1).unwrap().lost_on
    };
    assert_eq!(lost(&h), Some(renkei::domain::date::Date::ymd(2019, 5, 1)));
    edit_cell(&mut h, SheetKind::Memberships, 0, 5, "2019-05-01", "H30.41");
    h.get_by_label_contains("H30.41");
    assert_eq!(lost(&h), Some(renkei::domain::date::Date::ymd(2019, 5, 1)));
}

#[test]
fn a_scenario_gets_a_new_id_and_what_refers_to_it_follows() {
    use egui::accesskit::Role;
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(sample_app(dir.path()));
    h.run();
    h.get_by_label("S01 国民健康保険 資格取得届の審査 (1)").click_secondary();
    h.run();
    h.get_by_role_and_label(Role::Button, "IDの変更").click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.get_by_role_and_label(Role::TextInput, "新しいID").type_text("S10");
    h.run();
    h.get_by_role_and_label(Role::Button, "IDの変更").click();
    h.run();
    let p = on_file(&h);
    assert_eq!(p.scenarios[0].id.as_str(), "S10");
    assert_eq!(p.variations[0].scenario.as_str(), "S10");
    assert_eq!(p.test_cases[0].scenario.as_str(), "S10");
    h.get_by_label("S10 国民健康保険 資格取得届の審査 (1)");
    // One undo step.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(on_file(&h), sample_project());
}

/// Until the background check has checked the project as it is now.
fn wait_for_check(h: &mut Harness<'static, App>) {
    for _ in 0..500 {
        h.run_ok();
        let o = h.state().open.as_ref().unwrap().revision;
        if h.state().check.summary.is_some_and(|(r, _)| r == o) {
            h.run();
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("the check did not end");
}

static OPENED_FOLDERS: std::sync::Mutex<Vec<std::path::PathBuf>> =
    std::sync::Mutex::new(Vec::new());

/// Stands in for the file manager: records the folder (only one test opens folders).
fn record_opened_folder(dir: &std::path::Path) -> std::io::Result<()> {
    OPENED_FOLDERS.lock().unwrap().push(dir.to_path_buf());
    Ok(())
}

fn opened_folders() -> Vec<std::path::PathBuf> {
    OPENED_FOLDERS.lock().unwrap().clone()
}

/// Click the import preview's 取り込む until the preview has gone (at most three clicks). Under a loaded CI machine
/// one click was seen lost now and then (the preview stayed, nothing applied; the cause was not found in egui or
/// kittest); the button must be enabled and the preview must go by the third.
fn click_apply_import(h: &mut Harness<'static, App>) {
    for _ in 0..3 {
        assert!(!h.get_by_label("取り込む").accesskit_node().is_disabled());
        h.get_by_label("取り込む").click();
        h.run_ok();
        if h.state().import.preview.is_none() {
            return;
        }
    }
    panic!("取り込む did not apply the import");
}

fn wait_for_job(h: &mut Harness<'static, App>) {
    wait_until(h, "the background job did not end", |h| h.state().job.is_none());
    h.run(); // what it gave is drawn in the next frame
}

#[test]
fn export_and_import_run_in_the_background_and_the_import_is_previewed_first() {
    use renkei::ui::shell::app::Command;
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book.xlsx");
    let mut h = harness(sample_app(dir.path()));
    h.run();
    let ctx = h.ctx.clone();
    h.state_mut().apply(&ctx, Command::Transfer(TransferCmd::Export(book.clone())));
    wait_for_job(&mut h);
    assert!(book.exists());
    h.get_by_label_contains("書き出しました");
    // Then the folder it went into can be opened (the test records instead of starting a file manager).
    h.state_mut().folder_opener = record_opened_folder;
    h.get_by_label("フォルダーを開く").click();
    h.run();
    assert_eq!(opened_folders(), [dir.path().to_path_buf()]);
    drop(h);
    // Into a project with the masters only: the preview lists the change, nothing is written until 取り込む.
    let sub = dir.path().join("sub");
    std::fs::create_dir_all(&sub).unwrap();
    let mut h = harness(masters_only_app(&sub));
    h.run();
    let ctx = h.ctx.clone();
    h.state_mut().apply(&ctx, Command::Transfer(TransferCmd::Import(book.clone())));
    wait_for_job(&mut h);
    h.get_by_label("テストケース: 追加 2、変更 0、削除 0");
    h.get_by_label("+ テストケース S01-V01-T01");
    assert!(on_file(&h).test_cases.is_empty());
    click_apply_import(&mut h);
    // Applied in the background (the store is lent to the job).
    wait_for_job(&mut h);
    assert_eq!(on_file(&h).test_cases.len(), 2);
    assert!(h.state().import.preview.is_none());
    // One step to undo.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert!(on_file(&h).test_cases.is_empty());
}

/// A book read against the project at one revision is not applied to the file at another (a change made behind
/// the preview): nothing is written, the window says why and offers to read the book again, which then goes in.
#[test]
fn an_import_read_before_the_project_changed_is_refused_and_offered_again() {
    use renkei::ui::shell::app::Command;
    let dir = tempfile::tempdir().unwrap();
    // The sample's book, into a project with the masters only.
    let book = dir.path().join("book.xlsx");
    let options = renkei::exchange::write::ExportOptions {
        sheets: renkei::exchange::sheets::ALL_SHEETS.to_vec(),
        date_style: renkei::domain::date::DateStyle::Iso,
        today: renkei::domain::date::Date::ymd(2026, 12, 1),
        agreement: true,
        without_my_number: false,
    };
    renkei::exchange::write::write_workbook(&sample_project(), &book, &options, |_, _| true)
        .unwrap();
    let mut h = harness(masters_only_app(dir.path()));
    h.run();
    let ctx = h.ctx.clone();
    h.state_mut().apply(&ctx, Command::Transfer(TransferCmd::Import(book.clone())));
    wait_for_job(&mut h);
    h.get_by_label("+ テストケース S01-V01-T01");
    // Behind the preview, the project file changes.
    h.state_mut().open.as_mut().unwrap().store.set_own_body("自団体の設定", "06130017").unwrap();
    click_apply_import(&mut h);
    wait_for_job(&mut h);
    h.get_by_label_contains(
        "このブックを読んだ後にプロジェクトが変更されたため、取り込みませんでした",
    );
    let p = on_file(&h);
    assert!(p.test_cases.is_empty(), "nothing of the book was written");
    assert_eq!(p.own, "06130017", "the window holds the file's project again");
    h.get_by_label("読み直す").click();
    h.run();
    wait_for_job(&mut h);
    h.get_by_label("+ テストケース S01-V01-T01");
    click_apply_import(&mut h);
    wait_for_job(&mut h);
    let p = on_file(&h);
    assert_eq!(p.test_cases.len(), 2);
    assert_eq!(p.own, "06130017");
    assert!(h.state().import.stale.is_none());
}

/// A change a crash cut off (its journal left beside the file) is rolled back when the window opens the project,
/// and the window says so.
#[test]
fn opening_a_project_with_an_interrupted_change_rolls_it_back_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crashed.renkei");
    let mut store = Store::create(&path, "c").unwrap();
    store.replace_all(&sample_project()).unwrap();
    drop(store);
    // The file and its journal as a crash in the middle of a write leaves them.
    let mut journal = path.as_os_str().to_os_string();
    journal.push("-journal");
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        // Rows grown past a page each, with a one-page cache: the change spills into the file before any commit.
        "PRAGMA cache_size = 1; BEGIN; UPDATE role_model SET name = name || '（途中）', \
         remarks = hex(randomblob(8000)); UPDATE test_case SET remarks = hex(randomblob(8000));",
    )
    .unwrap();
    let (file_now, journal_now) = (std::fs::read(&path).unwrap(), std::fs::read(&journal).unwrap());
    conn.execute_batch("ROLLBACK").unwrap();
    drop(conn);
    std::fs::write(&path, file_now).unwrap();
    std::fs::write(&journal, journal_now).unwrap();
    assert!(std::fs::read(&journal).is_ok_and(|b| b[..8] != [0; 8]), "a hot journal");
    let mut h = harness(App::start(Some(path)));
    h.run();
    h.get_by_label_contains("中断された変更を元に戻しました");
    let p = on_file(&h);
    assert!(p.role_models.iter().all(|r| !r.name.contains("（途中）")));
}

/// The text a widget shows: its label, or its value (a label's text is its value in some egui versions).
fn shown_text(node: &egui_kittest::Node<'_>) -> String {
    let a = node.accesskit_node();
    a.label()
        .filter(|l| !l.is_empty())
        .map(|l| l.to_string())
        .or_else(|| a.value().map(|v| v.to_string()))
        .unwrap_or_default()
}

/// Run frames until a widget whose label contains `text` is there (background work fills it in).
fn wait_for_label(h: &mut Harness<'static, App>, text: &str) {
    wait_until(h, &format!("no {text} appeared"), |h| {
        h.query_all_by_label_contains(text).next().is_some()
    });
}

/// Run frames (ten seconds at most) until `done` holds.
fn wait_until(
    h: &mut Harness<'static, App>,
    why: &str,
    done: impl Fn(&Harness<'static, App>) -> bool,
) {
    for _ in 0..1000 {
        h.run_ok();
        if done(h) {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("{why}");
}

/// Frames until a large project, read whole in the background, is.
fn wait_until_read_whole(h: &mut Harness<'static, App>) {
    wait_until(h, "the project was not read whole", |h| {
        h.state().open.as_ref().is_some_and(|o| !o.is_loading())
    });
}

/// The insurer representative's workspace: open a representative's, apply the proposed replica change to a case
/// that does not reach it, the case turns to matching; one undo brings it back.
#[test]
fn a_representatives_workspace_serves_a_failing_case_and_one_undo_brings_it_back() {
    use renkei::domain::date::Date;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("保険者.renkei");
    let mut p = sample_project();
    // A's membership of RM-X starts after S01's query date: S01 is answered by D, not by A as it expects.
    for m in p
        .memberships
        .iter_mut()
        .filter(|m| m.role_model.as_str() == "RM-X" && m.insurer.as_str() == "06130017")
    {
        m.acquired_on = Date::ymd(2019, 1, 1);
        m.lost_on = None;
        m.lost_on_reason_of_null = "NotApplicable".into();
    }
    let mut store = Store::create(&path, "w").unwrap();
    store.replace_all(&p).unwrap();
    drop(store);
    let mut h = harness(App::start(Some(path)));
    h.run();
    h.get_by_label("表示").click();
    h.run();
    h.get_by_label("保険者ワークスペース").click();
    h.run();
    // The list: representatives first, with their figures once worked out.
    wait_for_label(&mut h, "届くケース");
    h.get_by_label("開く 06130017").click();
    wait_for_label(&mut h, "× S01-V01-T01");
    // Its row of the unified partition, PX0001's membership.
    h.get_by_label("PX0001");
    h.get_by_label("1000000003");
    h.get_by_label_contains("× S01-V01-T01").click();
    h.run();
    h.get_by_label("副本の変更を提案").click();
    h.run();
    h.get_by_label_contains(
        "提案: 06130017 の加入歴（2019-01-01～）の資格取得日を 2018-07-27 にする",
    );
    h.get_by_label("提案を適用").click();
    h.run();
    let matches = |p: &renkei::domain::model::Project| {
        let index = renkei::domain::routing::ProjectIndex::new(p);
        let case = p.test_case_named("S01-V01-T01").unwrap();
        renkei::domain::routing::compare(case, &renkei::domain::routing::simulate(&index, case))
            .matches
    };
    assert!(matches(&on_file(&h)));
    wait_for_label(&mut h, "○ S01-V01-T01");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert!(!matches(&on_file(&h)));
    wait_for_label(&mut h, "× S01-V01-T01");
}

/// The status bar's save time is the user's local time (staff are in JST, not UTC).
#[test]
fn the_save_time_is_local() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(sample_app(dir.path()));
    h.run();
    let o = h.state_mut().open.as_mut().unwrap();
    let mut case = o.project.test_cases[0].clone();
    case.remarks = "時刻".into();
    let ctx = h.ctx.clone();
    let before = renkei::domain::date::DateTime::local_now();
    h.state_mut().apply(
        &ctx,
        renkei::ui::shell::app::Command::Edit(EditCmd::Put {
            label: "備考".into(),
            entity: Box::new(renkei::store::rows::Entity::TestCase(Box::new(case))),
        }),
    );
    h.run();
    let after = renkei::domain::date::DateTime::local_now();
    let node = h.get_by_label_contains("保存 ");
    let shown = shown_text(&node);
    assert!(!shown.contains("UTC"), "{shown}");
    let hms = |t: renkei::domain::date::DateTime| {
        format!("保存 {:02}:{:02}:{:02}", t.hour, t.minute, t.second)
    };
    assert!(shown == hms(before) || shown == hms(after), "{shown}");
}

/// Opening another project carries nothing over: not the save time, not the folder link, not the check's counts
/// or findings, not the selection or the views' state.
#[test]
fn opening_another_project_carries_nothing_over() {
    use renkei::ui::shell::app::{Command, Selection};
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(sample_app(dir.path()));
    wait_for_check(&mut h);
    let ctx = h.ctx.clone();
    // The first project: an edit (a save time), an export (a folder to open), a selection, a check.
    let mut case = h.state().open.as_ref().unwrap().project.test_cases[0].clone();
    case.remarks = "前のプロジェクト".into();
    h.state_mut().apply(
        &ctx,
        Command::Edit(EditCmd::Put {
            label: "備考".into(),
            entity: Box::new(renkei::store::rows::Entity::TestCase(Box::new(case.clone()))),
        }),
    );
    h.state_mut().apply(&ctx, Command::Transfer(TransferCmd::Export(dir.path().join("book.xlsx"))));
    wait_for_job(&mut h);
    h.state_mut().apply(&ctx, Command::View(ViewCmd::Select(Selection::TestCase(case.key()))));
    wait_for_check(&mut h);
    h.get_by_label_contains("保存 ");
    h.get_by_label("フォルダーを開く");
    h.get_by_label("検査: エラー 0 / 警告 0 / 情報 5");
    // The second: a project of the masters alone.
    let other = dir.path().join("other");
    std::fs::create_dir_all(&other).unwrap();
    let path = other.join("m.renkei");
    let mut p = sample_project();
    p.scenarios.clear();
    p.variations.clear();
    p.test_cases.clear();
    let mut store = Store::create(&path, "m").unwrap();
    store.replace_all(&p).unwrap();
    drop(store);
    h.state_mut().apply(&ctx, Command::File(FileCmd::Open(path)));
    h.run();
    assert!(h.query_by_label_contains("保存 ").is_none());
    assert!(h.query_by_label("フォルダーを開く").is_none());
    assert!(h.query_by_label("検査: エラー 0 / 警告 0 / 情報 5").is_none());
    assert!(h.state().selection.is_none());
    assert!(h.state().written_folder.is_none());
    assert!(h.state().last_saved.is_none());
    wait_for_check(&mut h);
    let (_, (errors, warnings, notes)) = h.state().check.summary.unwrap();
    h.get_by_label(&format!("検査: エラー {errors} / 警告 {warnings} / 情報 {notes}"));
    assert_eq!(
        h.state().check.findings.len(),
        renkei::domain::check::check_project(&on_file(&h)).len()
    );
}

/// Without a file dialog (no desktop portal, no zenity: as here), File › 開く asks for the path in the window,
/// starting in the last project's folder, and opens what is typed.
#[test]
fn without_a_file_dialog_the_path_is_asked_in_the_window() {
    use renkei::ui::shell::app::Command;
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(sample_app(dir.path()));
    h.run();
    let other = dir.path().join("二つ目.renkei");
    let mut store = Store::create(&other, "二つ目").unwrap();
    store.replace_all(&sample_project()).unwrap();
    drop(store);
    let ctx = h.ctx.clone();
    h.state_mut().apply(&ctx, Command::File(FileCmd::OpenDialog));
    h.run();
    if h.state().path_ask.is_none() {
        eprintln!("a file dialog answered here: the path field is not tried");
        return;
    }
    h.get_by_label_contains("ファイル選択ダイアログを開けませんでした");
    let typed = &h.state().path_ask.as_ref().unwrap().text;
    assert!(typed.starts_with(&dir.path().display().to_string()), "{typed}");
    h.state_mut().path_ask.as_mut().unwrap().text = other.display().to_string();
    h.get_by_label("OK").click();
    h.run();
    h.run();
    assert!(h.state().path_ask.is_none());
    assert_eq!(h.state().open.as_ref().unwrap().store.path(), other);
}

/// A status message too long for the bar is cut there and shown in full in the notification area, with copy; the
/// import preview's problems can be copied and saved as text, every one of them.
#[test]
fn messages_are_shown_in_full_and_an_imports_problems_saved_as_text() {
    use renkei::ui::shell::app::Command;
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(sample_app(dir.path()));
    h.run();
    let ctx = h.ctx.clone();
    let long = format!("長いお知らせ {}おわり", "あいうえお かきくけこ ".repeat(30));
    h.state_mut().apply(&ctx, Command::View(ViewCmd::Notify(long.clone())));
    h.run();
    assert!(h.query_by_label(&long).is_some(), "the bar holds the whole text, cut to fit");
    h.get_by_label(&long).click();
    h.run();
    assert!(h.state().views.is_open(ViewId::Messages));
    // In the bar (cut) and in the notification area (in full, wrapped), with its time.
    assert!(h.query_all_by_label_contains("おわり").count() >= 2);
    h.get_by_label("すべてコピー");
    // The import preview: every problem saved as text (here, without a file dialog, through the path field).
    let book = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/errors-openpyxl.xlsx");
    h.state_mut().views.set(ViewId::Messages, false);
    h.state_mut().apply(&ctx, Command::Transfer(TransferCmd::Import(book)));
    wait_for_job(&mut h);
    let problems = h.state().import.preview.as_ref().unwrap().1.problems.len();
    assert!(problems > 0);
    h.get_by_label("問題をテキストで保存…").click();
    h.run();
    let Some(ask) = h.state_mut().path_ask.as_mut() else {
        eprintln!("a file dialog answered here: saving is not tried");
        return;
    };
    let saved = dir.path().join("問題.txt");
    ask.text = saved.display().to_string();
    h.get_by_label("OK").click();
    h.run();
    h.run();
    let text = std::fs::read_to_string(&saved).unwrap();
    assert_eq!(text.lines().count(), problems);
    assert!(text.lines().all(|l| l.starts_with("[エラー]") || l.starts_with("[警告]")), "{text}");
}

/// Hundreds of notes of one rule do not swamp the check view: findings are grouped by rule with their count, a big
/// group starts closed, a click opens it, a rule can be hidden and shown again, and a chosen finding's message is
/// shown in full.
#[test]
fn the_check_view_groups_findings_by_rule_and_hides_a_rule() {
    use renkei::ui::shell::app::Command;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.renkei");
    let project = generate(&GenerateOptions {
        cases: 300,
        seed: 2,
        memberships_per_person: Some(2),
        parties: 1,
    });
    let nulls = renkei::domain::check::check_project(&project)
        .iter()
        .filter(|f| f.rule == "items-null")
        .count();
    assert!(nulls > 10, "{nulls}");
    let mut store = Store::create(&path, "many").unwrap();
    store.replace_all(&project).unwrap();
    drop(store);
    let mut h = harness(App::start(Some(path)));
    wait_for_check(&mut h);
    let ctx = h.ctx.clone();
    h.state_mut().apply(&ctx, Command::View(ViewCmd::Toggle(ViewId::Checks)));
    h.run();
    let notes = h.state().check.summary.unwrap().1.2;
    h.get_by_role_and_label(egui::accesskit::Role::CheckBox, &format!("情報 {notes}")).click();
    h.run();
    let header = format!("▶ 空値で返る項目 ({nulls})");
    h.get_by_label(&header);
    assert!(h.query_by_label("空値で返る項目").is_none(), "closed: none of its rows");
    h.get_by_label(&header).click();
    h.run();
    h.get_by_label(&format!("▼ 空値で返る項目 ({nulls})"));
    assert!(h.query_all_by_label("空値で返る項目").count() >= 1);
    // The chosen finding's message in full, above the table.
    let first =
        h.query_all_by_label_contains("該当する副本データがなく空値で返る項目").next().unwrap();
    first.click();
    h.run();
    assert!(h.state().check.view.chosen.is_some());
    // Hidden, and shown again.
    h.get_by_label("この規則を隠す").click();
    h.run();
    assert!(h.query_by_label_contains("空値で返る項目 (").is_none());
    h.get_by_label("隠した規則:");
    h.get_by_label("空値で返る項目 ×").click();
    h.run();
    h.get_by_label_contains("空値で返る項目 (");
}

/// The table shows its key column first (in view with the pane open) and its rows in key order until a header is
/// clicked: a case added to S01 after S02's sits with S01's.
#[test]
fn the_key_column_comes_first_and_rows_are_in_key_order() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("order.renkei");
    let mut p = sample_project();
    let mut late = p.test_cases[0].clone();
    late.id = "S01-V01-T02".into();
    p.test_cases.push(late);
    let mut store = Store::create(&path, "o").unwrap();
    store.replace_all(&p).unwrap();
    drop(store);
    let mut h = harness(App::start(Some(path)));
    h.run();
    let y = |h: &Harness<'static, App>, label: &str| {
        h.query_all_by_label(label).map(|n| n.rect().min.y).fold(f32::INFINITY, f32::min)
    };
    let (t1, t2, s2) = (y(&h, "S01-V01-T01"), y(&h, "S01-V01-T02"), y(&h, "S02-V01-T01"));
    assert!(t1 < t2 && t2 < s2, "{t1} {t2} {s2}");
    // The first header is the key.
    let first_header = h
        .query_all_by_label_contains("＊")
        .min_by(|a, b| a.rect().min.x.total_cmp(&b.rect().min.x))
        .unwrap();
    let text = shown_text(&first_header);
    assert!(text.starts_with("テストケースID"), "{text}");
}

/// The check view is docked below the tables, never over the field it points at.
#[test]
fn the_check_view_is_docked_below_and_leaves_the_field_in_view() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(sample_app(dir.path()));
    break_the_first_case(&mut h);
    h.get_by_label_contains("検査: エラー 1").click();
    h.run();
    h.get_by_label_contains("テストケース S01-V01-T01 [照会先機関コード]").click();
    h.run();
    let field = h
        .query_all_by_label("照会先機関コード")
        .map(|n| n.rect())
        .min_by(|a, b| a.min.y.total_cmp(&b.min.y))
        .unwrap();
    let panel_top = h.get_by_label("閉じる").rect().min.y;
    assert!(field.max.y < panel_top, "the field {field:?} under the check view at {panel_top}");
    h.get_by_label("閉じる").click();
    h.run();
    assert!(!h.state().views.is_open(ViewId::Checks));
}

#[test]
fn the_status_bar_keeps_the_check_summary_up_to_date() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(sample_app(dir.path()));
    wait_for_check(&mut h);
    h.get_by_label("検査: エラー 0 / 警告 0 / 情報 5");
    // An edit that breaks a case: the summary follows.
    let o = h.state_mut().open.as_mut().unwrap();
    let mut case = o.project.test_cases[0].clone();
    case.role_model = "RM-NONE".into();
    let ctx = h.ctx.clone();
    h.state_mut().apply(
        &ctx,
        renkei::ui::shell::app::Command::Edit(EditCmd::Put {
            label: "壊す".into(),
            entity: Box::new(renkei::store::rows::Entity::TestCase(Box::new(case))),
        }),
    );
    wait_for_check(&mut h);
    assert!(h.state().check.summary.unwrap().1.0 >= 1);
    h.get_by_label_contains("検査: エラー 1");
}

#[test]
fn the_simulation_view_shows_which_memberships_the_range_takes_and_the_merged_xml() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(sample_app(dir.path()));
    h.run();
    h.get_by_label("S02").click();
    h.run();
    h.get_by_label("シミュレーション").scroll_to_me();
    h.run();
    h.get_by_label("シミュレーション").click();
    h.run();
    // The timeline's lines: C and D taken, A (the other person's insurer is not on this timeline) and the early C
    // membership of RM-Y taken too: RM-Y has C (2017–2018) and D (2018–).
    let taken: Vec<String> = h
        .query_all_by_label_contains("採用 ")
        .map(|n| {
            let a = n.accesskit_node();
            a.label()
                .filter(|l| !l.is_empty())
                .map(|l| l.to_string())
                .or_else(|| a.value().map(|v| v.to_string()))
                .unwrap_or_default()
        })
        // Each line starts with its bar's number on the timeline.
        .map(|l| l.split_once(' ').map(|(_, rest)| rest.to_string()).unwrap_or(l))
        .collect();
    assert!(taken.iter().any(|l| l.starts_with("採用 06130033 C健康保険組合")), "{taken:?}");
    assert!(taken.iter().any(|l| l.starts_with("採用 06130041 D健康保険組合")), "{taken:?}");
    assert!(taken.iter().all(|l| !l.contains("A健康保険組合")), "{taken:?}");
    // The merged XML holds both insurers' groups.
    let xml = h
        .query_all_by_label_contains("<?xml")
        .map(|n| {
            let a = n.accesskit_node();
            a.label()
                .filter(|l| !l.is_empty())
                .map(|l| l.to_string())
                .or_else(|| a.value().map(|v| v.to_string()))
                .unwrap_or_default()
        })
        .max_by_key(|l| l.len())
        .unwrap();
    assert!(xml.contains("C健康保険組合") && xml.contains("D健康保険組合"), "{xml}");
    h.get_by_label("期待どおりです");
    // It follows the selection: for S01 the point in time takes A only, the earlier memberships are left.
    let ctx = h.ctx.clone();
    h.state_mut().apply(
        &ctx,
        renkei::ui::shell::app::Command::View(ViewCmd::Select(
            renkei::ui::shell::app::Selection::TestCase(renkei::domain::model::Qualified::new(
                "002",
                "S01-V01-T01",
            )),
        )),
    );
    h.run();
    h.get_by_label_contains("採用 06130017 A健康保険組合");
    h.get_by_label_contains("不採用 06130033 C健康保険組合");
    // Both cases selected in the table: the view lists them with their outcomes, and shows the one picked.
    // (The view's window is closed while the rows are clicked; it floats over the table.)
    h.state_mut().apply(&ctx, renkei::ui::shell::app::Command::View(ViewCmd::CloseSimulation));
    h.run();
    h.get_by_label("S01").click();
    h.run();
    h.get_by_label("S02").click_modifiers(egui::Modifiers::COMMAND);
    h.run();
    h.get_by_label("シミュレーション").click();
    h.run();
    h.get_by_label("選択中のテストケース 2 件");
    h.get_by_label("S01-V01-T01  正常終了  06130017  ○");
    h.get_by_label("S02-V01-T01  正常終了  06130033,06130041  ○").click();
    h.run();
    h.get_by_label("シミュレーション S02-V01-T01");
    // Saving their XML writes, for each, the merged answer and each insurer's, named as the command line names
    // them; every file is well-formed XML (read with a second parser) and holds its insurers.
    let out = dir.path().join("xml");
    h.state_mut().apply(
        &ctx,
        renkei::ui::shell::app::Command::Transfer(TransferCmd::SaveXml {
            cases: vec![
                renkei::domain::model::Qualified::new("002", "S01-V01-T01"),
                renkei::domain::model::Qualified::new("002", "S02-V01-T01"),
            ],
            dir: out.clone(),
        }),
    );
    h.run();
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "S01-V01-T01_06130017.xml",
            "S01-V01-T01_merged.xml",
            "S02-V01-T01_06130033.xml",
            "S02-V01-T01_06130041.xml",
            "S02-V01-T01_merged.xml"
        ]
    );
    let merged = std::fs::read_to_string(out.join("S02-V01-T01_merged.xml")).unwrap();
    let doc = roxmltree::Document::parse(&merged).unwrap();
    let insurers: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("保険者番号"))
        .filter_map(|n| n.text())
        .collect();
    assert!(insurers.contains(&"06130033") && insurers.contains(&"06130041"), "{insurers:?}");
    h.get_by_label_contains("XML を保存しました (5)");
    h.get_by_label("フォルダーを開く");
}

/// Break the sample's first case as a user would in its pane: the provider of insurer-held information must be
/// the Fund (the check's `provider-not-fund`, an error); the check has run on it when this returns.
fn break_the_first_case(h: &mut Harness<'static, App>) {
    wait_for_check(h);
    let mut case = h.state().open.as_ref().unwrap().project.test_cases[0].clone();
    case.provider = "002".into();
    let ctx = h.ctx.clone();
    h.state_mut().apply(
        &ctx,
        renkei::ui::shell::app::Command::Edit(EditCmd::Put {
            label: "照会先を変更".into(),
            entity: Box::new(renkei::store::rows::Entity::TestCase(Box::new(case))),
        }),
    );
    wait_for_check(h);
}

#[test]
fn a_broken_case_shows_in_the_check_view_and_its_fix_applies_with_one_click() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(sample_app(dir.path()));
    break_the_first_case(&mut h);
    // The tree's nodes carry the error as a badge: the case, its variation and its scenario.
    assert_eq!(h.query_all_by_label("×1").count(), 3);
    // The status bar's count opens the check view.
    h.get_by_label_contains("検査: エラー 1").click();
    h.run();
    // The rule in words (its slug on hover), its group with its count.
    h.get_by_label("照会先が基金でない");
    h.get_by_label("▼ 照会先が基金でない (1)");
    assert!(h.query_by_label("provider-not-fund").is_none());
    // Its place selects the case and puts the cursor in the field.
    h.get_by_label("テストケース S01-V01-T01 [照会先機関コード]").click();
    h.run();
    h.run();
    assert_eq!(
        h.state().selection,
        Some(renkei::ui::shell::app::Selection::TestCase(renkei::domain::model::Qualified::new(
            "002",
            "S01-V01-T01"
        )))
    );
    let focused: Vec<String> = h
        .query_all_by_label("照会先機関コード")
        .filter(|n| n.is_focused())
        .map(|n| format!("{:?}", n.accesskit_node().role()))
        .collect();
    assert_eq!(focused.len(), 1, "the provider's list has the cursor");
    // One click applies the fix; the finding goes; one undo brings it back.
    h.get_by_label("適用").click();
    h.run();
    assert_eq!(on_file(&h).test_cases[0].provider.as_str(), "099");
    wait_for_check(&mut h);
    assert!(h.query_by_label("provider-not-fund").is_none());
    assert_eq!(h.query_all_by_label("×1").count(), 0);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(on_file(&h).test_cases[0].provider.as_str(), "002");
}

#[test]
fn a_fixture_imports_through_the_preview_and_a_re_import_changes_only_where_its_rows_are() {
    use renkei::ui::shell::app::Command;
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(masters_only_app(dir.path()));
    h.run();
    // The workbook written by openpyxl: its warnings and the change are shown first.
    let fixture =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/forms-openpyxl.xlsx");
    let ctx = h.ctx.clone();
    h.state_mut().apply(&ctx, Command::Transfer(TransferCmd::Import(fixture)));
    wait_for_job(&mut h);
    h.get_by_label_contains("テストケース一覧!H5");
    h.get_by_label("テストケース: 追加 3、変更 0、削除 0");
    click_apply_import(&mut h);
    // Applied in the background (the store is lent to the job).
    wait_for_job(&mut h);
    assert_eq!(on_file(&h).test_cases.len(), 3);
    // Exported and read back into the same project: nothing to change, nothing to apply.
    let book = dir.path().join("again.xlsx");
    h.state_mut().apply(&ctx, Command::Transfer(TransferCmd::Export(book.clone())));
    wait_for_job(&mut h);
    h.state_mut().apply(&ctx, Command::Transfer(TransferCmd::Import(book)));
    wait_for_job(&mut h);
    h.get_by_label("変更はありません");
    // Nothing to import, but the book is received: recorded, and its rows' places (this book's layout is ours,
    // not openpyxl's) are where the check names them now: one undo step.
    assert!(h.query_by_label("取り込む").is_none());
    h.get_by_label("受信を記録").click();
    h.run();
    wait_for_job(&mut h);
    assert!(h.state().import.preview.is_none());
    let message = h.state().message.clone().unwrap();
    assert!(
        message.starts_with("受信を記録しました（変更なし）: ")
            && message.ends_with(" 行の位置（シート・行）を更新しました"),
        "{message}"
    );
    let received = |h: &Harness<'static, App>| {
        let o = h.state().open.as_ref().unwrap();
        o.store
            .books()
            .unwrap()
            .iter()
            .filter(|b| b.direction == renkei::domain::coordination::book::Direction::Received)
            .count()
    };
    assert_eq!(received(&h), 2);
    let places = h.state().open.as_ref().unwrap().sources.clone();
    assert_eq!(on_file(&h).test_cases.len(), 3);
    // Undone, the places are the first book's again; then the import itself is the step before.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(on_file(&h).test_cases.len(), 3);
    let before = h.state().open.as_ref().unwrap().sources.clone();
    assert_ne!(before, places);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert!(on_file(&h).test_cases.is_empty());
    assert_eq!(received(&h), 2, "the books stay received");
}

#[test]
fn the_export_dialog_chooses_the_sheets_and_the_date_style() {
    use calamine::{Reader, Xlsx, open_workbook};
    use renkei::ui::shell::app::Command;
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(sample_app(dir.path()));
    h.run();
    h.get_by_label("ファイル").click();
    h.run();
    h.get_by_label("書き出し（共通様式）…").click();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::CheckBox, "コード").click();
    h.run();
    h.get_by_label("和暦（平成30年7月27日）").click();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::CheckBox, "個人番号を書き出さない").click();
    h.run();
    let choice = &h.state().export_choice;
    assert_eq!(choice.left_out, [SheetKind::Codes]);
    assert_eq!(choice.date_style, renkei::domain::date::DateStyle::Wareki);
    assert!(choice.without_my_number);
    // Where it goes is asked by a file dialog; the path comes in as the dialog's answer would.
    let book = dir.path().join("chosen.xlsx");
    let ctx = h.ctx.clone();
    h.state_mut().apply(&ctx, Command::Transfer(TransferCmd::Export(book.clone())));
    wait_for_job(&mut h);
    let wb: Xlsx<_> = open_workbook(&book).unwrap();
    let names = wb.sheet_names();
    assert!(!names.iter().any(|n| n == "コード"), "{names:?}");
    assert!(names.iter().any(|n| n == "テストケース一覧"));
    assert!(!h.state().export_choice.open);
    // No 個人番号 column, and none of the sample's numbers anywhere in the role models.
    let mut wb = wb;
    let range = wb.worksheet_range("ロールモデル").unwrap();
    let numbers: Vec<String> =
        sample_project().role_models.iter().map(|r| r.my_number.to_string()).collect();
    assert!(range.cells().all(|c| {
        let shown = c.2.to_string();
        shown != "個人番号" && !numbers.contains(&shown)
    }));
}

#[test]
fn the_coverage_view_maps_procedures_by_condition_and_lists_a_cells_cases() {
    use egui::accesskit::Role;
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(sample_app(dir.path()));
    h.run();
    h.get_by_label("表示").click();
    h.run();
    h.get_by_label("網羅性（事務手続 × 照会条件）").click();
    h.run();
    h.get_by_label("JT030001 資格取得届の審査");
    // Each procedure has one case, under a different condition: two cells of 1, four gaps.
    assert_eq!(h.query_all_by_role_and_label(Role::Button, "1").count(), 2);
    assert_eq!(h.query_all_by_role_and_label(Role::Button, "0").count(), 4);
    h.query_all_by_role_and_label(Role::Button, "1").next().unwrap().click();
    h.run();
    h.get_by_label_contains("JT030001 × 既定: 1");
    h.query_all_by_role_and_label(Role::Link, "S01-V01-T01").next().unwrap().click();
    h.run();
    assert_eq!(
        h.state().selection,
        Some(renkei::ui::shell::app::Selection::TestCase(renkei::domain::model::Qualified::new(
            "002",
            "S01-V01-T01"
        )))
    );
    // The viewpoints with their cases.
    h.get_by_label("TV-02 (1)");
}

/// A case without an expected result is not shown as matching: 期待なし, in the simulation view and in
/// 全件シミュレーション, counted apart from the mismatches.
#[test]
fn a_case_expecting_nothing_is_shown_as_such_not_as_matching() {
    use renkei::ui::shell::app::Command;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("期待なし.renkei");
    let mut p = sample_project();
    p.test_cases[0].expected_outcome = None;
    p.test_cases[0].expected_providers.clear();
    let mut store = Store::create(&path, "n").unwrap();
    store.replace_all(&p).unwrap();
    drop(store);
    let mut h = harness(App::start(Some(path)));
    h.run();
    let ctx = h.ctx.clone();
    h.state_mut().apply(&ctx, Command::Transfer(TransferCmd::SimulateAll));
    wait_for_job(&mut h);
    h.get_by_label_contains("2 件 / 不一致 0 / 期待なし 1");
    assert_eq!(h.query_all_by_label("期待なし").count(), 1);
    h.get_by_role_and_label(egui::accesskit::Role::Link, "S01-V01-T01").click();
    h.run();
    h.get_by_label("期待なし（期待する処理結果・提供保険者がありません）");
    assert!(h.query_by_label("期待どおりです").is_none());
}

#[test]
fn simulate_all_lists_every_case_and_a_hundred_thousand_keep_the_window_live_and_can_be_cancelled()
{
    use renkei::ui::shell::app::Command;
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(sample_app(dir.path()));
    h.run();
    let ctx = h.ctx.clone();
    h.state_mut().apply(&ctx, Command::Transfer(TransferCmd::SimulateAll));
    wait_for_job(&mut h);
    h.get_by_label_contains("2 件 / 不一致 0");
    h.get_by_role_and_label(egui::accesskit::Role::Link, "S02-V01-T01").click();
    h.run();
    assert_eq!(h.state().simulation_for.as_ref().map(|k| k.id.as_str()), Some("S02-V01-T01"));
    // Filters: a case that expects 該当なし mismatches; "mismatches only", an outcome and text narrow the table.
    let mut case = h.state().open.as_ref().unwrap().project.test_cases[0].clone();
    case.expected_outcome = Some(renkei::domain::model::Outcome::NoMatch);
    h.state_mut().apply(
        &ctx,
        Command::Edit(EditCmd::Put {
            label: "期待を変更".into(),
            entity: Box::new(renkei::store::rows::Entity::TestCase(Box::new(case))),
        }),
    );
    h.state_mut().apply(&ctx, Command::View(ViewCmd::CloseSimulation));
    h.state_mut().apply(&ctx, Command::Transfer(TransferCmd::SimulateAll));
    wait_for_job(&mut h);
    h.get_by_label_contains("2 件 / 不一致 1");
    h.get_by_label("2 / 2 件を表示");
    h.get_by_label("不一致のみ").click();
    h.run();
    h.get_by_label("1 / 2 件を表示");
    h.get_by_role_and_label(egui::accesskit::Role::Link, "S01-V01-T01");
    h.get_by_label("不一致のみ").click();
    h.state_mut().simulated.as_mut().unwrap().outcome =
        Some(renkei::domain::model::Outcome::NoMatch);
    h.run();
    h.get_by_label("0 / 2 件を表示");
    h.state_mut().simulated.as_mut().unwrap().outcome = None;
    h.state_mut().simulated.as_mut().unwrap().filter = "06130041".into();
    h.run();
    h.get_by_label("1 / 2 件を表示");
    h.get_by_role_and_label(egui::accesskit::Role::Link, "S02-V01-T01");
    drop(h);

    // 100,000 cases: frames keep coming while it runs, and cancelling stops it without a result.
    let path = dir.path().join("big.renkei");
    let project = generate(&GenerateOptions {
        cases: 100_000,
        seed: 4,
        memberships_per_person: Some(1),
        parties: 1,
    });
    let mut store = Store::create(&path, "big").unwrap();
    store.replace_all(&project).unwrap();
    drop(store);
    let mut h = harness(App::start(Some(path)));
    wait_until_read_whole(&mut h);
    let ctx = h.ctx.clone();
    h.state_mut().apply(&ctx, Command::Transfer(TransferCmd::SimulateAll));
    let mut frames_while_running = 0;
    for _ in 0..5 {
        h.step();
        if h.state().job.is_some() {
            frames_while_running += 1;
        }
    }
    assert!(frames_while_running >= 3, "{frames_while_running}");
    h.get_by_label("キャンセル").click();
    wait_for_job(&mut h);
    assert!(h.state().simulated.is_none());
    h.get_by_label_contains("取り消しました");
}

/// After an edit of one row, the table redraws that row alone: the new value shows and the selection stays. A test
/// case moved to another scenario is drawn with the whole table again (the scenario's name moves between rows).
#[test]
fn an_edited_row_is_redrawn_alone_and_the_selection_stays() {
    use renkei::ui::shell::app::Command;
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(sample_app(dir.path()));
    h.run();
    h.get_by_label("S02-V01-T01").click();
    h.run();
    assert_eq!(h.state().table(SheetKind::TestCases).selected, [1]);
    let ctx = h.ctx.clone();
    let mut case = h.state().open.as_ref().unwrap().project.test_cases[1].clone();
    case.viewpoint_id = "TV-99".into();
    h.state_mut().apply(
        &ctx,
        Command::Edit(EditCmd::Put {
            label: "観点".into(),
            entity: Box::new(renkei::store::rows::Entity::TestCase(Box::new(case.clone()))),
        }),
    );
    h.run();
    h.get_by_label("TV-99");
    assert!(h.query_by_label("TV-02").is_none());
    assert_eq!(h.state().table(SheetKind::TestCases).selected, [1]);
    let texts = h.state().table(SheetKind::TestCases).row_texts(1).unwrap().to_vec();
    assert_eq!(texts[5], "TV-99");
    // Undone and redone the same way: the file's row is read again in place, the table redraws it.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    h.get_by_label("TV-02");
    assert_eq!(h.state().table(SheetKind::TestCases).selected, [1]);
    on_file(&h);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Y);
    h.run();
    h.get_by_label("TV-99");
    assert_eq!(h.state().table(SheetKind::TestCases).selected, [1]);
    on_file(&h);
    // Moved under S01: every row is built again (S01's name stays on its first row only).
    case.scenario = "S01".into();
    case.variation = "S01-V01".into();
    h.state_mut().apply(
        &ctx,
        Command::Edit(EditCmd::Put {
            label: "移動".into(),
            entity: Box::new(renkei::store::rows::Entity::TestCase(Box::new(case))),
        }),
    );
    h.run();
    let rows: Vec<Vec<String>> = (0..2)
        .map(|i| h.state().table(SheetKind::TestCases).row_texts(i).unwrap().to_vec())
        .collect();
    assert_eq!(rows[0][0], "S01");
    assert_eq!(rows[1][0], "S01");
    assert!(!rows[0][1].is_empty(), "the scenario's name on its first row");
    assert_eq!(rows[1][1], "", "and not on the second");
    assert_eq!(rows[1][3], "既定", "the variation's name follows");
}

#[test]
fn typed_control_characters_are_removed_and_the_user_is_told() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(sample_app(dir.path()));
    h.run();
    h.get_by_label("S01-V01-T01").click();
    h.run();
    type_into(&mut h, "備考", "貼り付け\u{1}た<&>]]>");
    assert_eq!(on_file(&h).test_cases[0].remarks, "貼り付けた<&>]]>");
    h.get_by_label_contains("制御文字");
    h.get_by_label_contains("U+0001");
}

#[test]
fn a_book_with_faults_the_check_judges_imports_and_the_check_view_opens_at_its_cells() {
    use renkei::ui::shell::app::Command;
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(sample_app(dir.path()));
    wait_for_check(&mut h);
    assert!(!h.state().views.is_open(ViewId::Checks));
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/findings-openpyxl.xlsx");
    let ctx = h.ctx.clone();
    h.state_mut().apply(&ctx, Command::Transfer(TransferCmd::Import(fixture)));
    wait_for_job(&mut h);
    // Nothing in it stops the import.
    assert!(!h.get_by_label("取り込む").accesskit_node().is_disabled());
    click_apply_import(&mut h);
    wait_for_job(&mut h);
    wait_for_check(&mut h);
    // Its rows have errors: the check view opens by itself, each fault at its workbook cell.
    assert!(h.state().views.is_open(ViewId::Checks));
    h.get_by_label("テストケース S30-T02 [照会条件終了日] (テストケース一覧!R3)");
    h.get_by_label("テストケース S30-T03 [照会先機関コード] (テストケース一覧!K4)");
    h.get_by_label_contains("(加入歴!B2)");
}

/// A project holding two cities' books with the same IDs (S01-V01-T01, RM-X), read from the openpyxl fixtures.
fn two_cities_app(dir: &std::path::Path) -> App {
    use renkei::exchange::import::{ImportOptions, propose};
    let path = dir.join("代表.renkei");
    let mut store = Store::create(&path, "代表保険者").unwrap();
    for book in ["cityA-openpyxl.xlsx", "cityB-openpyxl.xlsx"] {
        let fixture =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(book);
        let base = store.load().unwrap();
        let proposal =
            propose(&fixture, &base, ImportOptions::default(), &mut |_, _| true).unwrap();
        assert!(!proposal.has_errors());
        store.apply_change(book, &proposal.change, &mut |_, _| true).unwrap();
    }
    drop(store);
    App::start(Some(path))
}

#[test]
fn a_party_chosen_in_the_parties_panel_filters_the_tree_and_the_tables() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(two_cities_app(dir.path()));
    wait_for_check(&mut h);
    // Both cities' S01 in the tree, each with its party.
    assert_eq!(h.query_all_by_label_contains("S01 資格の確認").count(), 2);
    h.get_by_label("相手先").click();
    h.run();
    // One row per party, with its name, and the bar's legend.
    h.get_by_label("A市");
    h.get_by_label("B町");
    h.get_by_label_contains("完了 0 / 2");
    assert_eq!(h.query_all_by_label("0 / 1 未完了").count(), 2);
    // (The table's 情報照会者機関コード cells say 202 too; the panel's party is a button.)
    h.get_by_role_and_label(egui::accesskit::Role::Button, "202").click();
    h.run();
    assert_eq!(h.state().party_filter.as_ref().map(|p| p.as_str()), Some("202"));
    // The tree shows B町's scenario alone, the table its one case.
    assert_eq!(h.query_all_by_label_contains("S01 資格の確認").count(), 1);
    assert!(h.query_by_label_contains("201 S01").is_none());
    h.get_by_label("1 / 2 件");
    // The masters stay whole: both cities in the institution sheet.
    h.get_by_label("機関").click();
    h.run();
    h.get_by_label("3 / 3 件");
    h.get_by_label("テストケース一覧").click();
    h.run();
    h.get_by_label("すべての団体").click();
    h.run();
    assert!(h.state().party_filter.is_none());
    assert_eq!(h.query_all_by_label_contains("S01 資格の確認").count(), 2);
}

#[test]
fn a_finding_is_raised_from_the_check_view_with_one_click_after_the_own_body_is_asked_once() {
    use renkei::domain::model::kinds::FindingState;
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(sample_app(dir.path()));
    break_the_first_case(&mut h);
    h.get_by_label_contains("検査: エラー 1").click();
    h.run();
    h.get_by_label("照会先が基金でない");
    h.get_by_label("指摘にする").click();
    h.run();
    // The project does not know whose it is yet: asked once.
    h.get_by_label_contains("自団体（機関コードまたは保険者番号）");
    h.get_by_label_contains("自団体（機関コードまたは保険者番号）").type_text("06130017");
    h.run();
    h.get_by_label("保存").click();
    h.run();
    h.run();
    let p = on_file(&h);
    assert_eq!(p.own, "06130017");
    assert_eq!(p.findings.len(), 1);
    let f = &p.findings[0];
    assert_eq!(f.id, "06130017-0001");
    assert_eq!(f.rule, "provider-not-fund");
    assert_eq!(f.key, "S01-V01-T01");
    assert_eq!(f.field, "照会先機関コード");
    assert_eq!(f.party.as_str(), "002");
    assert_eq!(f.raised_by, "06130017");
    assert_eq!(f.state, FindingState::Open);
    assert!(!f.message.is_empty());
    // The check view says it was raised; the project's findings list it, open.
    h.get_by_label("06130017-0001 未対応");
    h.get_by_label_contains("指摘（プロジェクト） 1").click();
    h.run();
    h.get_by_label("06130017-0001");
    // Raising it was one step.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert!(on_file(&h).findings.is_empty());
}

/// The sample in a window whose project knows its own body (06130017, an insurer): nothing is asked.
fn sample_harness_of_06130017(dir: &std::path::Path) -> Harness<'static, App> {
    let mut h = harness(sample_app(dir));
    h.run();
    let ctx = h.ctx.clone();
    h.state_mut().apply(
        &ctx,
        renkei::ui::shell::app::Command::Coordination(CoordinationCmd::SetOwn("06130017".into())),
    );
    h.run();
    h
}

#[test]
fn an_agreement_state_is_set_on_the_selection_in_one_step() {
    use renkei::domain::model::kinds::AgreementState;
    let dir = tempfile::tempdir().unwrap();
    let mut h = sample_harness_of_06130017(dir.path());
    h.get_by_label("S02-V01-T01").click();
    h.run();
    h.get_by_label("S01").click_modifiers(egui::Modifiers::COMMAND);
    h.run();
    h.get_by_label_contains("2 件を選択中");
    h.get_by_label("確認状態を設定 ▼").click();
    h.run();
    h.get_by_label("提供可 (2)").click();
    h.run();
    let p = on_file(&h);
    for c in &p.test_cases {
        assert_eq!(c.agreement.state, AgreementState::Servable, "{}", c.id);
        assert_eq!(c.agreement.by, "06130017");
        assert_eq!(c.agreement.date, Some(renkei::domain::date::Date::today()));
    }
    // One step: one undo takes both back.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert!(
        on_file(&h).test_cases.iter().all(|c| c.agreement.state == AgreementState::Unconfirmed)
    );
    // One case from its pane: the detail pane's state buttons.
    h.get_by_label("要修正").click();
    h.run();
    let p = on_file(&h);
    let states: Vec<AgreementState> = p.test_cases.iter().map(|c| c.agreement.state).collect();
    assert_eq!(states.iter().filter(|s| **s == AgreementState::NeedsFix).count(), 1, "{states:?}");
}

#[test]
fn a_finding_is_written_by_hand_on_a_case_and_listed_in_its_pane() {
    use renkei::domain::model::kinds::{EntityKind, Severity};
    let dir = tempfile::tempdir().unwrap();
    let mut h = sample_harness_of_06130017(dir.path());
    h.get_by_label("S02-V01-T01").click();
    h.run();
    h.get_by_label("指摘を書く…").click();
    h.run();
    h.get_by_label("指摘の起票 06130017-0001");
    // Its field, its severity and its text.
    h.get_by_role_and_label(egui::accesskit::Role::ComboBox, "対象項目").click();
    h.run();
    // (The list scrolls; its first items are in view. The pane behind has a field of the same name.)
    h.get_by_role_and_label(egui::accesskit::Role::Button, "照会日").click();
    h.run();
    h.query_all_by_label("エラー").last().unwrap().click();
    h.get_by_label("内容").click();
    h.run();
    h.get_by_label("内容").type_text("D健康保険組合の資格は範囲に入りません");
    h.run();
    assert_eq!(
        h.state().finding_draft.as_ref().map(|f| f.message.as_str()),
        Some("D健康保険組合の資格は範囲に入りません")
    );
    h.get_by_label("起票する").click();
    h.run();
    let p = on_file(&h);
    assert_eq!(p.findings.len(), 1);
    let f = &p.findings[0];
    assert_eq!(
        (f.target, f.key.as_str(), f.field.as_str(), f.severity),
        (EntityKind::TestCase, "S02-V01-T01", "照会日", Severity::Error)
    );
    assert_eq!(f.message, "D健康保険組合の資格は範囲に入りません");
    assert!(f.rule.is_empty());
    // The case's pane lists it.
    h.get_by_label_contains("06130017-0001 [未対応] 照会日: D健康保険組合");
}

#[test]
fn several_books_dropped_at_once_are_previewed_and_applied_one_by_one() {
    use renkei::ui::shell::app::Command;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("代表.renkei");
    drop(Store::create(&path, "代表保険者").unwrap());
    let mut h = harness(App::start(Some(path)));
    h.run();
    let fixture = |name: &str| {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
    };
    let ctx = h.ctx.clone();
    h.state_mut().apply(
        &ctx,
        Command::Transfer(TransferCmd::ImportMany(vec![
            fixture("cityA-openpyxl.xlsx"),
            fixture("cityB-openpyxl.xlsx"),
            fixture("cityA-edited-openpyxl.xlsx"),
        ])),
    );
    wait_for_job(&mut h);
    h.get_by_label_contains("団体 201");
    // (The button's click is the other import test's; here the batch's road.)
    h.state_mut().apply(&ctx, Command::Transfer(TransferCmd::ApplyImport));
    wait_for_job(&mut h); // applying A
    wait_for_job(&mut h); // reading B
    h.get_by_label_contains("団体 202");
    h.state_mut().apply(&ctx, Command::Transfer(TransferCmd::ApplyImport));
    wait_for_job(&mut h);
    wait_for_job(&mut h);
    // A's edited book in the same batch: refused, with the reason.
    h.get_by_label_contains("団体 201");
    h.get_by_label_contains("同じ団体のブックがこの取り込みに既にあります");
    assert!(h.get_by_label("取り込む").accesskit_node().is_disabled());
    h.get_by_label("キャンセル").click();
    h.run();
    let p = on_file(&h);
    assert_eq!(p.test_cases.len(), 2);
    assert!(p.test_cases.iter().all(|c| c.remarks != "A市の事例（修正）"));
    // Both received books are recorded, with their parties; each import is its own undo step.
    let books = &h.state().books;
    let parties: Vec<&str> = books.iter().map(|b| b.party.as_str()).collect();
    assert_eq!(parties, ["201", "202"]);
    assert!(books.iter().all(|b| b.sha256.len() == 64));
    // A received book's change opens in the record, read from the file when it is asked for: the newest book
    // (202's) first, each of its rows as added.
    h.state_mut().apply(&ctx, Command::View(ViewCmd::Toggle(ViewId::Books)));
    h.run();
    assert_eq!(h.query_all_by_label("変更を見る").count(), 2);
    h.query_all_by_label("変更を見る").next().unwrap().click();
    h.run();
    let shown = h.state().book_change.clone().unwrap();
    assert_eq!(shown.0, 1);
    assert!(!shown.1.is_empty());
    for line in &shown.1 {
        h.get_by_label(line);
    }
    assert!(shown.1.iter().any(|l| l.starts_with("+ テストケース ")), "{:?}", shown.1);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    let p = on_file(&h);
    assert_eq!(p.test_cases.len(), 1);
    assert_eq!(p.test_cases[0].party.as_str(), "201");
}

#[test]
fn a_book_whose_party_cannot_be_told_is_read_as_the_party_chosen() {
    use renkei::exchange::write::{ExportOptions, write_workbook};
    use renkei::ui::shell::app::Command;
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(two_cities_app(dir.path()));
    h.run();
    // A book of both cities' test cases alone: they name two requesters, and no row says its 団体.
    let both = h.state().open.as_ref().unwrap().project.as_ref().clone();
    let book = dir.path().join("両方.xlsx");
    let options = ExportOptions { sheets: vec![SheetKind::TestCases], ..ExportOptions::default() };
    assert!(write_workbook(&both, &book, &options, |_, _| true).unwrap());
    let ctx = h.ctx.clone();
    h.state_mut().apply(&ctx, Command::Transfer(TransferCmd::Import(book.clone())));
    wait_for_job(&mut h);
    h.get_by_label_contains("どの団体の仕様書として読みますか");
    assert!(h.get_by_label("取り込む").accesskit_node().is_disabled());
    h.get_by_label("この団体として読む 202").click();
    wait_for_job(&mut h);
    wait_for_job(&mut h);
    h.get_by_label_contains("団体 202");
    let preview = &h.state().import.preview.as_ref().unwrap().1;
    assert_eq!(preview.party.as_ref().map(|p| p.as_str()), Some("202"));
}

/// A premultiplied colour drawn over an opaque one.
fn over(top: egui::Color32, under: egui::Color32) -> egui::Color32 {
    let keep = 1.0 - f32::from(top.a()) / 255.0;
    let ch = |t: u8, u: u8| (f32::from(t) + f32::from(u) * keep).min(255.0) as u8;
    egui::Color32::from_rgb(ch(top.r(), under.r()), ch(top.g(), under.g()), ch(top.b(), under.b()))
}

/// WCAG contrast of two colours (1 to 21).
fn contrast(a: egui::Color32, b: egui::Color32) -> f32 {
    let lum = |c: egui::Color32| {
        let ch = |x: u8| {
            let x = f32::from(x) / 255.0;
            if x <= 0.03928 { x / 12.92 } else { ((x + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * ch(c.r()) + 0.7152 * ch(c.g()) + 0.0722 * ch(c.b())
    };
    let (x, y) = (lum(a), lum(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// Both themes meet WCAG AA for body text (4.5:1) on every ground the window draws text on — panels, windows,
/// text fields, striped rows — including the weak text and the warning and error colours that messages use; text
/// fields and buttons have a frame that shows (3:1, WCAG's non-text contrast); with no preference from the system
/// the window starts light.
#[test]
fn both_themes_meet_wcag_aa_and_the_fallback_is_light() {
    let ctx = egui::Context::default();
    renkei::ui::kit::fonts::install(&ctx);
    assert_eq!(ctx.options(|o| o.fallback_theme), egui::Theme::Light);
    for theme in [egui::Theme::Light, egui::Theme::Dark] {
        let v = ctx.style_of(theme).visuals.clone();
        let grounds = [
            ("panel", v.panel_fill),
            ("window", v.window_fill),
            ("text field", v.extreme_bg_color),
            // Drawn over the panel (premultiplied, often additive).
            ("striped row", over(v.faint_bg_color, v.panel_fill)),
        ];
        let texts = [
            ("body", v.widgets.noninteractive.fg_stroke.color),
            ("widget", v.widgets.inactive.fg_stroke.color),
            ("weak", v.weak_text_color()),
            ("warning", v.warn_fg_color),
            ("error", v.error_fg_color),
        ];
        for (tn, t) in texts {
            for (gn, g) in grounds {
                let c = contrast(t, g);
                assert!(c >= 4.5, "{theme:?}: {tn} text on {gn}: {c:.2}");
            }
        }
        let frame = contrast(v.widgets.inactive.bg_stroke.color, v.extreme_bg_color);
        assert!(
            frame >= 3.0 || contrast(v.widgets.inactive.bg_fill, v.panel_fill) >= 3.0,
            "{theme:?}: a text field's frame: {frame:.2}"
        );
    }
}

/// A generated project of `cases` test cases in one party, opened in the window.
fn generated_app(dir: &std::path::Path, cases: usize) -> App {
    let path = dir.join("g.renkei");
    let project =
        generate(&GenerateOptions { cases, seed: 2, memberships_per_person: Some(1), parties: 1 });
    let mut store = Store::create(&path, "g").unwrap();
    store.replace_all(&project).unwrap();
    drop(store);
    App::start(Some(path))
}

/// Whether a tree node (a button) with exactly this label is laid out, so on screen: the tree lays out only the
/// rows in view.
fn tree_shows(h: &Harness<'static, App>, label: &str) -> bool {
    h.query_all_by_role_and_label(egui::accesskit::Role::Button, label).next().is_some()
}

/// A case selected elsewhere (here in the table, found by its filter) is opened to and scrolled to in the tree; a
/// tree filter keeps it in view; another project selects nothing.
#[test]
fn the_tree_reveals_and_scrolls_to_the_selected_case() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(generated_app(dir.path(), 2_000));
    h.run();
    let p = h.state().open.as_ref().unwrap().project.clone();
    // A case far down the tree, under a scenario that is closed.
    let far = p.test_cases[1_500].key();
    assert!(!tree_shows(&h, far.id.as_str()));
    let ctx = h.ctx.clone();
    h.state_mut().apply(
        &ctx,
        renkei::ui::shell::app::Command::View(ViewCmd::Select(
            renkei::ui::shell::app::Selection::TestCase(far.clone()),
        )),
    );
    h.run();
    h.run();
    assert!(tree_shows(&h, far.id.as_str()), "the tree does not show {far}");
    // The table follows the window's selection too: its row is selected and in view.
    let table = h.state().table(SheetKind::TestCases);
    assert_eq!(table.selected, vec![1_500]);
    assert!(h.query_all_by_label(far.id.as_str()).count() >= 2, "the table's row is not in view");
    // A filter that still finds it keeps it in view.
    let scenario = p.test_cases[1_500].scenario.to_string();
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "検索").type_text(&scenario);
    h.run();
    h.run();
    assert!(tree_shows(&h, far.id.as_str()));
    // Another project: nothing selected by the previous one's row position.
    let other = dir.path().join("other.renkei");
    let mut store = Store::create(&other, "o").unwrap();
    store.replace_all(&sample_project()).unwrap();
    drop(store);
    h.state_mut().apply(&ctx, renkei::ui::shell::app::Command::File(FileCmd::Open(other)));
    h.run();
    assert!(h.state().selection.is_none());
    assert!(h.state().table(SheetKind::TestCases).selected.is_empty());
}

/// The test case pane does not widen while a long invalid value is typed (the message wraps under the field, in
/// full), and the table's row count stays on screen beside it.
#[test]
fn the_panes_keep_their_width_and_the_count_is_never_cut() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(sample_app(dir.path()));
    h.run();
    h.get_by_label("S01-V01-T01").click();
    h.run();
    h.run();
    let heading = |h: &Harness<'static, App>| h.get_by_label("シミュレーション").rect();
    let before = heading(&h);
    use egui::accesskit::Role;
    h.get_by_role_and_label(Role::TextInput, "照会日").click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "照会日")
        .type_text(" is not a date, and this text goes on and on well past the pane's edge");
    h.run();
    h.run();
    assert_eq!(heading(&h), before, "the pane moved while typing");
    let message = h.get_by_label_contains("日付として読めません");
    let pane_right = h.get_by_role_and_label(Role::TextInput, "照会日").rect().max.x;
    assert!(message.rect().min.x < pane_right);
    assert!(
        message.rect().max.x <= 1280.0,
        "the message runs off the window: {:?}",
        message.rect()
    );
    // The count beside the filter ends before the pane begins.
    let count = h.get_by_label_contains("/ 2 件").rect();
    assert!(
        count.max.x <= before.min.x.min(h.get_by_label("テストケース S01-V01-T01").rect().min.x),
        "the count {count:?} runs under the pane"
    );
}

/// Columns hidden, moved and scrolled: the key column stays at the left; the layout is remembered per sheet in the
/// preferences and taken back from them.
#[test]
fn columns_are_hidden_reordered_scrolled_past_the_frozen_key_and_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(sample_app(dir.path()));
    h.run();
    let headers = |h: &Harness<'static, App>| {
        let mut hs: Vec<(f32, String)> = h
            .query_all_by_label_contains("ID")
            .chain(h.query_all_by_label_contains("名"))
            .filter(|n| n.rect().min.y < 140.0 && n.rect().min.y > 90.0)
            .map(|n| (n.rect().min.x, shown_text(&n)))
            .collect();
        hs.sort_by(|a, b| a.0.total_cmp(&b.0));
        hs.dedup();
        hs.into_iter().map(|(_, t)| t).collect::<Vec<_>>()
    };
    let start = headers(&h);
    assert_eq!(start[0], "テストケースID＊");
    assert_eq!(start[1], "シナリオID＊");
    // Hide シナリオ名 and move バリエーションID left of シナリオID.
    h.get_by_label("列…").click();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::CheckBox, "シナリオ名").click();
    h.run();
    let state = &h.state().table(SheetKind::TestCases).columns;
    assert_eq!(state.hidden, vec!["シナリオ名".to_string()]);
    let variation = SheetKind::TestCases
        .columns()
        .iter()
        .position(|(f, _)| f.header() == "バリエーションID")
        .unwrap();
    let mut moved = state.clone();
    moved.shift(SheetKind::TestCases, variation, -1);
    moved.shift(SheetKind::TestCases, variation, -1);
    h.key_press(egui::Key::Escape);
    h.run();
    h.state_mut().tables_mut(SheetKind::TestCases).columns = moved;
    h.run();
    let now = headers(&h);
    assert_eq!(now[0], "テストケースID＊");
    assert_eq!(now[1], "バリエーションID＊");
    assert_eq!(now[2], "シナリオID＊");
    assert!(!now.iter().any(|t| t == "シナリオ名"), "{now:?}");
    // Scrolling the columns moves the others; the key column stays first.
    // The table's ▶ (the tree's are at the window's left edge).
    h.query_all_by_label("▶").find(|n| n.rect().min.x > 400.0).unwrap().click();
    h.run();
    let scrolled = headers(&h);
    assert_eq!(scrolled[0], "テストケースID＊");
    assert!(!scrolled.iter().any(|t| t == "バリエーションID＊"), "{scrolled:?}");
    assert_eq!(scrolled[1], "シナリオID＊");
    // Remembered: the preferences carry it, and a new window takes it from them.
    let prefs = h.state().preferences();
    let remembered = prefs.columns.get("テストケース一覧").unwrap();
    assert_eq!(remembered.hidden, vec!["シナリオ名".to_string()]);
    assert_eq!(remembered.order[0], "バリエーションID");
    let json = serde_json::to_string(&prefs).unwrap();
    let second = tempfile::tempdir().unwrap();
    let mut again = sample_app(second.path());
    again.use_preferences(serde_json::from_str(&json).unwrap());
    let mut h2 = harness(again);
    h2.run();
    let shown = headers(&h2);
    assert_eq!(&shown[..3], &["テストケースID＊", "バリエーションID＊", "シナリオID＊"]);
    // And back to the workbook's columns.
    h2.get_by_label("列…").click();
    h2.run();
    h2.get_by_label("既定の列に戻す").click();
    h2.run();
    assert_eq!(h2.state().table(SheetKind::TestCases).columns, Default::default());
}

/// The condition's dates follow the condition: 既定 shows none, 時点指定 one labelled 時点 and no end date, 範囲指定
/// both; a date the condition does not use stays in view while it is filled.
#[test]
fn the_condition_dates_follow_the_condition() {
    use egui::accesskit::Role;
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(sample_app(dir.path()));
    h.run();
    let shows = |h: &Harness<'static, App>, label: &str| {
        h.query_all_by_role_and_label(Role::TextInput, label).next().is_some()
    };
    h.get_by_label("S01-V01-T01").click();
    h.run();
    let case = |h: &Harness<'static, App>| {
        on_file(h).test_cases.into_iter().find(|c| c.id.as_str() == "S01-V01-T01").unwrap()
    };
    assert_eq!(case(&h).condition_kind.label_ja(), "既定");
    assert!(case(&h).condition_start.is_none() && case(&h).condition_end.is_none());
    assert!(!shows(&h, "照会条件開始日") && !shows(&h, "照会条件終了日") && !shows(&h, "時点"));
    h.get_by_role_and_label(Role::RadioButton, "時点指定").scroll_to_me();
    h.run();
    h.get_by_role_and_label(Role::RadioButton, "時点指定").click();
    h.run();
    assert_eq!(case(&h).condition_kind.label_ja(), "時点指定");
    assert!(shows(&h, "時点"), "no 時点 for a point in time");
    assert!(!shows(&h, "照会条件終了日") && !shows(&h, "照会条件開始日"));
    h.get_by_role_and_label(Role::RadioButton, "範囲指定").scroll_to_me();
    h.run();
    h.get_by_role_and_label(Role::RadioButton, "範囲指定").click();
    h.run();
    assert!(shows(&h, "照会条件開始日") && shows(&h, "照会条件終了日"));
    assert!(!shows(&h, "時点"));
    // A range with both dates made a point in time keeps its end date in view (the check flags it).
    h.get_by_label("S02-V01-T01").click();
    h.run();
    h.get_by_role_and_label(Role::RadioButton, "時点指定").scroll_to_me();
    h.run();
    h.get_by_role_and_label(Role::RadioButton, "時点指定").click();
    h.run();
    assert!(shows(&h, "時点") && shows(&h, "照会条件終了日"));
}

/// In English the tables show the fixed lists' values in English and still read what is typed in either language;
/// the export dialog says what each sheet is; the message shown follows a switch of language; the simulation says
/// nothing in Japanese outside the data.
#[test]
fn english_shows_values_names_and_messages_in_english() {
    use renkei::ui::shell::app::{Command, Selection};
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(sample_app(dir.path()));
    h.run();
    let ctx = h.ctx.clone();
    // A message said in Japanese, then the switch.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(h.state().message.as_deref(), Some("元に戻す操作はありません"));
    h.state_mut()
        .apply(&ctx, Command::View(ViewCmd::SetLang(renkei::domain::model::message::Lang::En)));
    h.run();
    assert_eq!(h.state().message.as_deref(), Some("Nothing to undo"));
    // Back again; and a message made in one language only leaves the status bar on a switch (the notification
    // area keeps it).
    h.state_mut()
        .apply(&ctx, Command::View(ViewCmd::SetLang(renkei::domain::model::message::Lang::Ja)));
    assert_eq!(h.state().message.as_deref(), Some("元に戻す操作はありません"));
    h.state_mut().apply(&ctx, Command::View(ViewCmd::Notify("編集 S01-V01-T01: 照会日".into())));
    h.run();
    h.state_mut()
        .apply(&ctx, Command::View(ViewCmd::SetLang(renkei::domain::model::message::Lang::En)));
    h.run();
    assert_eq!(h.state().message, None);
    assert!(h.state().messages.iter().any(|(_, m)| m == "編集 S01-V01-T01: 照会日"));
    // The table's values.
    assert!(h.query_all_by_label("range").next().is_some(), "範囲指定 not in English");
    // (範囲指定 is still there as data: the sample's variation is named so.)
    assert!(h.query_all_by_label("normal end").next().is_some());
    // The simulation: nothing Japanese but the data.
    h.state_mut().apply(
        &ctx,
        Command::View(ViewCmd::Select(Selection::TestCase(renkei::domain::model::Qualified::new(
            "002",
            "S02-V01-T01",
        )))),
    );
    h.state_mut().apply(
        &ctx,
        Command::View(ViewCmd::ShowSimulation(renkei::domain::model::Qualified::new(
            "002",
            "S02-V01-T01",
        ))),
    );
    h.run();
    // (範囲指定 is data here too: a variation and a remark of the sample say it.)
    for word in ["処理通番", "正常終了", "採用", "TAKEN"] {
        let found: Vec<String> =
            h.query_all_by_label_contains(word).map(|n| shown_text(&n)).collect();
        assert!(found.is_empty(), "{word} in English: {found:?}");
    }
    // The export dialog names each sheet in English beside the book's name.
    h.state_mut().apply(&ctx, Command::View(ViewCmd::CloseSimulation));
    h.state_mut().apply(&ctx, Command::Transfer(TransferCmd::ExportSetup));
    h.run();
    h.get_by_label("Test cases (テストケース一覧)");
}

/// A project past `BACKGROUND_LOAD_ROWS` opens at once on its name, counts and first rows, read whole behind a
/// usable frame: the tree and the check view say 読み込み中, an edit waits (refused with a message, the file
/// unchanged); once read, every row is there, the tree and the check follow, and the edit is taken.
/// (The harness draws its first frame as it is built, before anything polls the reading: that frame is the one
/// the user sees first, whatever the reading thread has done by then.)
#[test]
fn a_large_project_opens_at_once_and_is_read_whole_behind_a_usable_frame() {
    use renkei::ui::shell::home::{BACKGROUND_LOAD_ROWS, HEAD_ROWS};
    let dir = tempfile::tempdir().unwrap();
    let cases = 20_000;
    let mut app = generated_app(dir.path(), cases);
    let o = app.open.as_ref().unwrap();
    // Held until the first frame is looked at: the harness draws frames until the window is still, and a fast
    // machine would have read the whole project meanwhile.
    o.loading.as_ref().unwrap().hold(true);
    assert!(o.loading.as_ref().unwrap().counts.total() > BACKGROUND_LOAD_ROWS);
    // Before the first frame: the first rows only, in the file's order, and every master.
    assert!(o.is_loading());
    assert_eq!(o.project.test_cases.len(), HEAD_ROWS);
    assert!(!o.project.insurers.is_empty());
    let first = o.project.test_cases[0].id.to_string();
    let revision_before = o.store.revision().unwrap();
    let path = o.store.path().to_path_buf();
    // An edit waits for the whole project.
    app.apply(
        &egui::Context::default(),
        renkei::ui::shell::app::Command::Edit(EditCmd::AddScenario),
    );
    assert_eq!(
        app.message.as_deref(),
        Some("プロジェクトを読み込み中です。読み込みが終わると使えます")
    );
    assert_eq!(Store::open_read_only(&path).unwrap().revision().unwrap(), revision_before);
    app.views.set(ViewId::Checks, true);
    let mut h = harness(app);
    // The first frame: the banner with the counts, the table's first rows, 読み込み中 in the tree and the checks.
    assert!(h.query_all_by_label("読み込み中").count() >= 3);
    h.get_by_label_contains("テストケース 20,000");
    h.get_by_label_contains("先頭の行だけを表示");
    // The table's counts say how many rows the file has beside the first ones it holds.
    h.get_by_label("200 / 200 件");
    h.get_by_label("ファイルには 20,000 件");
    h.get_by_label("読み込みを取り消す");
    h.get_by_label(&first);
    // Read whole: every row, no banner, the check of the whole project.
    h.state().open.as_ref().unwrap().loading.as_ref().unwrap().hold(false);
    wait_until_read_whole(&mut h);
    let o = h.state().open.as_ref().unwrap();
    assert_eq!(o.project.test_cases.len(), cases);
    assert_eq!(*o.project, Store::open_read_only(&path).unwrap().load().unwrap());
    wait_for_check(&mut h);
    assert!(h.query_by_label("読み込みを取り消す").is_none());
    assert!(h.query_by_label("読み込み中").is_none());
    assert!(h.query_by_label("ファイルには 20,000 件").is_none());
    h.get_by_label("20000 / 20000 件");
    // Now the edit is taken.
    let scenarios = h.state().open.as_ref().unwrap().project.scenarios.len();
    let ctx = h.ctx.clone();
    h.state_mut().apply(&ctx, renkei::ui::shell::app::Command::Edit(EditCmd::AddScenario));
    h.run();
    assert_eq!(on_file(&h).scenarios.len(), scenarios + 1);
}

/// The rows' texts made by the reading thread are in the language the reading began in: switched meanwhile, the
/// table shows the new language's values once the project is read.
#[test]
fn a_language_switched_while_loading_is_the_tables_once_loaded() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = generated_app(dir.path(), 20_000);
    assert!(app.open.as_ref().unwrap().is_loading());
    app.apply(
        &egui::Context::default(),
        renkei::ui::shell::app::Command::View(ViewCmd::SetLang(
            renkei::domain::model::message::Lang::En,
        )),
    );
    let mut h = harness(app);
    wait_until_read_whole(&mut h);
    h.run();
    // The 照会条件 column (the variations' names say 時点指定 too: they are free text).
    assert!(h.query_all_by_label("point in time").count() > 3);
}

/// 読み込みを取り消す closes the project at once, says so, and lets the file go (it can be opened for writing
/// again), unchanged.
#[test]
fn cancelling_the_load_of_a_large_project_closes_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = generated_app(dir.path(), 20_000);
    let path = app.open.as_ref().unwrap().store.path().to_path_buf();
    let revision = app.open.as_ref().unwrap().store.revision().unwrap();
    assert!(app.open.as_ref().unwrap().is_loading());
    app.apply(
        &egui::Context::default(),
        renkei::ui::shell::app::Command::View(ViewCmd::CancelLoad),
    );
    let mut h = harness(app);
    h.run();
    assert!(h.state().open.is_none());
    h.get_by_label_contains("読み込みを取り消し、プロジェクトを閉じました");
    let store = Store::open(&path).unwrap();
    assert_eq!(store.revision().unwrap(), revision);
}

/// Three cities' books reuse the same IDs (S01-V01-T01, RM-X for 002, 003 and 004). 003's case is set to 要修正
/// from the table, then the 06130017 membership of 003's RM-X is deleted from its sheet: the window shows each
/// city's rows once, with their party, and exactly what a window opened afresh on the file shows.
#[test]
fn three_cities_with_the_same_ids_show_their_own_rows_after_a_state_and_a_deletion() {
    use renkei::domain::model::kinds::AgreementState;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("三団体.renkei");
    let project = common::three_parties();
    let mut store = Store::create(&path, &project.name).unwrap();
    store.replace_all(&project).unwrap();
    drop(store);
    let mut h = harness(App::start(Some(path.clone())));
    wait_for_check(&mut h);
    // The table names each row's party: 003's S01-V01-T01 is the first row of 003 (rows by key, then party).
    h.query_all_by_label("003 E市").next().unwrap().click();
    h.run();
    h.get_by_label("確認状態を設定 ▼").click();
    h.run();
    h.get_by_label_contains("要修正 (1)").click();
    h.run();
    wait_for_check(&mut h);
    let p = on_file(&h);
    let state = |party: &str| {
        p.test_cases
            .iter()
            .find(|c| c.party.as_str() == party && c.id.as_str() == "S01-V01-T01")
            .unwrap()
            .agreement
            .state
    };
    assert_eq!(state("003"), AgreementState::NeedsFix);
    assert_eq!(state("002"), AgreementState::Unconfirmed);
    assert_eq!(state("004"), AgreementState::Unconfirmed);
    // The membership sheet: 003's RM-X at 06130017 is the first row of 003 there too.
    h.get_by_label("加入歴").click();
    h.run();
    h.query_all_by_label("003 E市").next().unwrap().click();
    h.run();
    h.get_by_label_contains("加入歴 003 E市 RM-X");
    h.get_by_label("この行を削除…").click();
    h.run();
    h.get_by_label("削除する").click();
    h.run();
    wait_for_check(&mut h);
    let p = on_file(&h);
    assert!(!p.memberships.iter().any(|m| m.party.as_str() == "003"
        && m.role_model.as_str() == "RM-X"
        && m.insurer.as_str() == "06130017"));
    assert_eq!(p.memberships.len(), 14);
    // The tree: each city's S01 once, with its one case; 003's case went back to 再確認待ち (its person changed).
    h.get_by_label("テストケース一覧").click();
    h.run();
    for party in ["002", "003", "004"] {
        assert_eq!(
            h.query_all_by_label(&format!("{party} S01 国民健康保険 資格取得届の審査 (1)")).count(),
            1,
            "{party}"
        );
    }
    // What the window shows is what a window opened afresh on the file shows.
    let ctx = h.ctx.clone();
    let mut fresh = App::start_read_only(&path);
    fresh.settle(&ctx);
    let shown = h.state().shown().unwrap();
    assert_eq!(shown.first_difference(&fresh.shown().unwrap()), None);
    // The undo step says whose rows it deleted.
    let undo = h.state().open.as_ref().unwrap().store.undo_label().unwrap().to_string();
    assert!(undo.contains("003 E市"), "{undo}");
}

/// A city's first day, item 1: ファイル › 新規 makes a project with masters to choose from (the Fund and the city
/// among the institutions, insurers, every code master) and asks whose project it is; the answer is kept.
#[test]
fn first_day_a_new_project_has_masters_and_asks_whose_it_is() {
    let dir = tempfile::tempdir().unwrap();
    // The window asks whose project it is (first_day_app answers 002).
    let mut h = first_day_app(dir.path());
    let path = dir.path().join("B市 最初の日.renkei");
    let p = Store::open_read_only(&path).unwrap().load().unwrap();
    assert_eq!(p.own, "002");
    assert!(p.fund().is_some());
    assert!(p.institutions.iter().any(|i| i.code.as_str() == "002"));
    assert!(!p.insurers.is_empty() && !p.affairs.is_empty() && !p.procedures.is_empty());
    assert!(!p.info_kinds.is_empty() && !p.info_items.is_empty());
    // The 機関 tab lists them, and the master tabs say the code masters are the sample's.
    h.get_by_label("機関").click();
    h.run();
    h.get_by_label("社会保険診療報酬支払基金");
    let samples = p.affairs.len() + p.procedures.len() + p.info_kinds.len() + p.info_items.len();
    h.get_by_label_contains("見本のマスタです（正式なマスタではありません。");
    h.get_by_label_contains(&format!(" {samples} 件"));
}

/// A city's first day, item 1: the new-project form asks whose the project is and where its masters come from —
/// a city not in the sample masters is added with its name; an insurer representative's starts without masters
/// (its cities' books bring them); another project's or a book's masters are read in the background; a file that
/// gives none leaves the form open saying why, and creates nothing.
#[test]
fn first_day_the_new_project_form_takes_whose_it_is_and_the_masters_chosen() {
    use renkei::ui::shell::app::Command;
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(App::start(None));
    h.run();
    let ctx = h.ctx.clone();
    let create = |h: &mut Harness<'static, App>, name: &str, own: &[&str], from: Option<&str>| {
        let path = dir.path().join(name);
        h.state_mut().apply(&ctx, Command::File(FileCmd::New(path.clone())));
        h.run();
        for (n, text) in own.iter().enumerate() {
            let label =
                ["自団体（機関コードまたは保険者番号）", "機関名（マスタにない市区町村等のとき）"]
                    [n];
            type_nth(h, label, 0, text);
        }
        if let Some(from) = from {
            h.get_by_label("別のプロジェクトかブック（.renkei / .xlsx）のマスタ").click();
            h.run();
            type_nth(h, "マスタを取るファイル", 0, from);
        }
        h.get_by_label("作成").click();
        h.run();
        wait_for_job(h);
        path
    };
    // A city the sample masters lack: added as a local government of its name, over the sample masters.
    let d = create(&mut h, "D市.renkei", &["005", "D市"], None);
    let p = on_file(&h);
    assert_eq!(p.own, "005");
    let city = p.institutions.iter().find(|i| i.code.as_str() == "005").expect("005 added");
    assert_eq!(city.name, "D市");
    assert!(p.insurers.iter().any(|i| i.number.as_str() == "06130033"), "the sample masters");
    // An insurer representative's: no masters until books bring them.
    let insurer = create(&mut h, "代表保険者.renkei", &["06130033"], None);
    let p = on_file(&h);
    assert_eq!(p.own, "06130033");
    assert!(p.institutions.is_empty() && p.insurers.is_empty() && p.affairs.is_empty(), "{p:?}");
    assert!(h.state().new_project.is_none());
    assert_eq!(
        h.state().open.as_ref().unwrap().store.path(),
        std::path::absolute(&insurer).unwrap()
    );
    // Another project's masters: D市's, 005 among them.
    create(&mut h, "E市.renkei", &["003"], Some(&d.display().to_string()));
    let p = on_file(&h);
    assert!(p.institutions.iter().any(|i| i.code.as_str() == "005"), "{:?}", p.institutions);
    assert!(p.test_cases.is_empty() && p.role_models.is_empty());
    // A book's masters: the sample's book, read as an import is.
    let book = dir.path().join("見本 ブック.xlsx");
    renkei::exchange::write::write_workbook(
        &sample_project(),
        &book,
        &renkei::exchange::write::ExportOptions::default(),
        |_, _| true,
    )
    .unwrap();
    create(&mut h, "F市.renkei", &["002"], Some(&book.display().to_string()));
    let p = on_file(&h);
    assert_eq!(p.insurers, sample_project().insurers);
    assert!(p.role_models.is_empty(), "the book's people are not taken");
    // A file that is no book: the form stays, says why, and nothing is created.
    let bad = dir.path().join("壊れた.xlsx");
    std::fs::write(&bad, b"not a workbook").unwrap();
    let g = create(&mut h, "G市.renkei", &["002"], Some(&bad.display().to_string()));
    assert!(h.state().new_project.is_some());
    h.get_by_label_contains("ブックを開けません");
    assert!(!g.exists());
    h.get_by_label("キャンセル").click();
    h.run();
    assert!(h.state().new_project.is_none());
    assert!(!g.exists());
}

/// 個人情報を消去… in the role model pane asks first, saying what goes and that it cannot be undone; erased, the
/// person is gone from the window and the file, and the file's bytes hold none of its values.
#[test]
fn erasing_a_person_asks_first_and_leaves_no_trace() {
    let dir = tempfile::tempdir().unwrap();
    let app = sample_app(dir.path());
    let path = app.open.as_ref().unwrap().store.path().to_path_buf();
    let mut h = harness(app);
    h.run();
    let x = sample_project().role_models.into_iter().find(|r| r.id.as_str() == "RM-X").unwrap();
    show_person(&mut h, &x);
    // The pane scrolls to its buttons, as a user's wheel would.
    h.get_by_label("個人情報を消去…").scroll_to_me();
    h.run();
    h.get_by_label("個人情報を消去…").click();
    h.run();
    h.get_by_label_contains("元に戻すことはできません");
    // Cancelled, nothing goes.
    h.get_by_label("キャンセル").click();
    h.run();
    assert!(on_file(&h).role_models.iter().any(|r| r.id.as_str() == "RM-X"));
    h.get_by_label("個人情報を消去…").scroll_to_me();
    h.run();
    h.get_by_label("個人情報を消去…").click();
    h.run();
    h.get_by_label("消去する（元に戻せません）").click();
    h.run();
    h.run();
    let p = on_file(&h);
    assert!(!p.role_models.iter().any(|r| r.id.as_str() == "RM-X"));
    assert!(!p.memberships.iter().any(|m| m.role_model.as_str() == "RM-X"));
    let bytes = std::fs::read(&path).unwrap();
    for value in [x.name.as_str(), x.my_number.as_str()] {
        assert!(
            !bytes.windows(value.len()).any(|w| w == value.as_bytes()),
            "{value} is still in the file"
        );
    }
    // Nothing to undo into the erased values.
    assert!(h.state().open.as_ref().unwrap().store.undo_label().is_none());
}

/// 個人番号 is masked in the window (the table and the person's pane: `**** **** 9012`) and shown in full only on
/// request, for that one person.
#[test]
fn my_numbers_are_masked_until_asked_for_one_person() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(sample_app(dir.path()));
    h.run();
    let people = sample_project().role_models;
    let x = people.iter().find(|r| !r.my_number.is_empty()).unwrap().clone();
    let masked = renkei::ui::kit::values::masked_my_number(&x.my_number);
    assert!(masked.starts_with("**** ****"), "{masked}");
    h.get_by_label("ロールモデル").click();
    h.run();
    for r in &people {
        assert!(
            h.query_by_label_contains(r.my_number.as_str()).is_none(),
            "{} is shown in full",
            r.id
        );
    }
    assert!(h.query_all_by_label(&masked).count() >= 1);
    let ctx = h.ctx.clone();
    h.state_mut().apply(
        &ctx,
        renkei::ui::shell::app::Command::View(ViewCmd::Select(
            renkei::ui::kit::command::Selection::RoleModel(x.key()),
        )),
    );
    h.run();
    assert!(h.query_by_label_contains(x.my_number.as_str()).is_none());
    h.get_by_label("番号を表示").click();
    h.run();
    let field = h.get_by_role_and_label(egui::accesskit::Role::TextInput, "個人番号");
    assert_eq!(field.value().unwrap_or_default(), x.my_number.as_str());
    h.get_by_label("個人番号を隠す").click();
    h.run();
    assert!(h.query_by_role_and_label(egui::accesskit::Role::TextInput, "個人番号").is_none());
}

/// The export dialog protects a book with a password typed there (not kept); reading a protected book asks for its
/// password first, and reads it with it.
#[test]
fn a_protected_book_is_written_and_read_with_the_password_the_window_asks() {
    use renkei::ui::shell::app::Command;
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(sample_app(dir.path()));
    h.run();
    h.get_by_label("ファイル").click();
    h.run();
    h.get_by_label("書き出し（共通様式）…").click();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::CheckBox, "パスワードで保護する").click();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::PasswordInput, "パスワード").click();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::PasswordInput, "パスワード")
        .type_text("合言葉 42");
    h.run();
    assert_eq!(h.state().export_choice.password, "合言葉 42");
    let book = dir.path().join("保護.xlsx");
    let ctx = h.ctx.clone();
    h.state_mut().apply(&ctx, Command::Transfer(TransferCmd::Export(book.clone())));
    wait_for_job(&mut h);
    assert!(renkei::exchange::protect::is_protected(&book));
    assert!(h.state().export_choice.password.is_empty(), "the password is not kept");
    // Read back: the window asks for the password.
    h.state_mut().apply(&ctx, Command::Transfer(TransferCmd::Import(book.clone())));
    h.run();
    h.get_by_label("パスワードで保護されたブック");
    h.get_by_role_and_label(egui::accesskit::Role::PasswordInput, "パスワード")
        .type_text("合言葉 42");
    h.run();
    assert_eq!(h.state().password_ask.as_ref().unwrap().2, "合言葉 42");
    h.get_by_label("読み込む").click();
    h.run();
    wait_for_job(&mut h);
    assert!(h.state().import.preview.is_some(), "{:?}", h.state().message);
    assert!(h.state().book_password.is_none(), "the password is not kept");
}

/// A city's first day, finding: the filter finds every case of a scenario by the scenario's name (printed on its
/// first row only) and by its variation's name.
#[test]
fn first_day_the_filter_finds_cases_by_their_scenario_and_variation_names() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = first_day_city_case(dir.path());
    // A second case in the variation, from its pane.
    h.get_by_label("S01-V01 協会けんぽから健保組合へ (1)").click();
    h.run();
    h.get_by_label("テストケースを追加").click();
    h.run();
    assert_eq!(on_file(&h).test_cases.len(), 2);
    // A case of another scenario, which neither name finds.
    h.get_by_label("＋ シナリオ").click();
    h.run();
    h.get_by_label("バリエーションを追加").click();
    h.run();
    h.get_by_label("S02-V01  (0)").click();
    h.run();
    h.get_by_label("テストケースを追加").click();
    h.run();
    assert_eq!(on_file(&h).test_cases.len(), 3);
    for needle in ["転入者の資格確認", "協会けんぽから健保組合へ"] {
        h.state_mut().tables_mut(SheetKind::TestCases).filter = needle.to_string();
        h.run();
        h.run();
        assert_eq!(
            h.state().table(SheetKind::TestCases).visible_count(),
            2,
            "filtered by {needle}"
        );
    }
}

/// A city's first day, check texts: an empty reference says it is empty (never a sentence with a hole), English
/// shows fixed values in English (正常終了 is "normal end") and names 検査結果 apart from 指摘一覧.
#[test]
fn first_day_check_texts_say_empty_and_english_is_english() {
    use egui::accesskit::Role;
    let dir = tempfile::tempdir().unwrap();
    // The city's first case, written before any person: its role model is empty.
    let mut h = first_day_app(dir.path());
    h.get_by_label("＋ シナリオ").click();
    h.run();
    h.get_by_label("バリエーションを追加").click();
    h.run();
    h.get_by_label("S01-V01  (0)").click();
    h.run();
    h.get_by_label("テストケースを追加").click();
    h.run();
    wait_for_check(&mut h);
    let findings = renkei::domain::check::check_project(&on_file(&h));
    let about_role_model: Vec<_> = findings
        .iter()
        .filter(|f| f.field == Some(renkei::domain::model::field::Field::RoleModelId))
        .collect();
    assert_eq!(about_role_model.len(), 1, "{findings:?}");
    for f in &about_role_model {
        assert_eq!(f.key, "S01-V01-T01");
        assert!(f.message.ja.contains("空です"), "{}", f.message.ja);
        assert!(!f.message.ja.contains("  "), "{}", f.message.ja);
        assert!(f.message.en.contains("empty"), "{}", f.message.en);
    }
    // Its expected outcome chosen in its pane, then shown in English.
    h.get_by_role_and_label(Role::ComboBox, "期待する処理結果").scroll_to_me();
    h.run();
    h.get_by_role_and_label(Role::ComboBox, "期待する処理結果").click();
    h.run();
    h.get_by_label("正常終了").click();
    h.run();
    let ctx = h.ctx.clone();
    h.state_mut().apply(
        &ctx,
        renkei::ui::shell::app::Command::View(ViewCmd::SetLang(
            renkei::domain::model::message::Lang::En,
        )),
    );
    let case = on_file(&h).test_cases[0].key();
    h.state_mut().apply(
        &ctx,
        renkei::ui::shell::app::Command::View(ViewCmd::Select(
            renkei::ui::kit::command::Selection::TestCase(case),
        )),
    );
    h.run();
    assert!(h.query_all_by_label("normal end").count() >= 1);
    assert!(h.query_by_label("正常終了").is_none());
    use renkei::ui::kit::text::Text;
    let en = renkei::domain::model::message::Lang::En;
    assert_ne!(Text::Checks.get(en), Text::FindingsTab.get(en));
    assert_ne!(Text::Checks.get(en), Text::RaisedFindings.get(en));
}

/// A city's first day, forms: この加入歴を削除 in the person's pane asks first, as the 加入歴 sheet does; cancelled,
/// nothing goes; confirmed, the one membership goes.
#[test]
fn first_day_removing_a_membership_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = first_day_city_case(dir.path());
    let person = on_file(&h).role_models[0].clone();
    let count = |h: &Harness<'static, App>| {
        on_file(h).memberships.iter().filter(|m| m.role_model == person.id).count()
    };
    assert_eq!(count(&h), 2);
    show_person(&mut h, &person);
    let first = h.query_all_by_label("この加入歴を削除").next().unwrap();
    first.scroll_to_me();
    h.run();
    h.query_all_by_label("この加入歴を削除").next().unwrap().click();
    h.run();
    assert_eq!(count(&h), 2, "deleted without asking");
    h.get_by_label("キャンセル").click();
    h.run();
    assert_eq!(count(&h), 2);
    h.query_all_by_label("この加入歴を削除").next().unwrap().scroll_to_me();
    h.run();
    h.query_all_by_label("この加入歴を削除").next().unwrap().click();
    h.run();
    h.get_by_label("削除する").click();
    h.run();
    assert_eq!(count(&h), 1);
}

/// The ロールモデル sheet with the person `x` chosen: its pane open beside the table.
fn show_person(h: &mut Harness<'static, App>, x: &renkei::domain::model::RoleModel) {
    h.get_by_label("ロールモデル").click();
    h.run();
    let ctx = h.ctx.clone();
    h.state_mut().apply(
        &ctx,
        renkei::ui::shell::app::Command::View(ViewCmd::Select(
            renkei::ui::kit::command::Selection::RoleModel(x.key()),
        )),
    );
    h.run();
}

/// A city's first day, the path box (where no file dialog can be shown): it says what it is for, has the cursor,
/// starts with a file name, adds the extension a typed name lacks, and takes several books for an import.
#[test]
fn first_day_the_path_box_says_what_it_is_for_and_completes_the_name() {
    use renkei::ui::shell::app::Command;
    let dir = tempfile::tempdir().unwrap();
    let mut h = first_day_city_case(dir.path());
    let ctx = h.ctx.clone();
    h.state_mut().apply(&ctx, Command::Transfer(TransferCmd::ExportDialog));
    h.run();
    if h.state().path_ask.is_none() {
        eprintln!("a file dialog answered here: the path box is not tried");
        return;
    }
    h.get_by_label("書き出すブック（共通様式）");
    let ask = h.state().path_ask.as_ref().unwrap();
    assert!(ask.text.ends_with("export.xlsx"), "{}", ask.text);
    assert!(!ask.many);
    let field = h.get_by_role_and_label(egui::accesskit::Role::TextInput, "パス");
    assert!(field.is_focused(), "the cursor is not in the box");
    let typed = dir.path().join("b-city-book");
    h.state_mut().path_ask.as_mut().unwrap().text = typed.display().to_string();
    h.get_by_label("OK").click();
    h.run();
    wait_for_job(&mut h);
    assert!(dir.path().join("b-city-book.xlsx").is_file());
    assert!(!typed.exists());
    // An import takes several books, one a line.
    h.state_mut().apply(&ctx, Command::Transfer(TransferCmd::ImportDialog));
    h.run();
    h.get_by_label("取り込むブック（共通様式）");
    let ask = h.state_mut().path_ask.as_mut().unwrap();
    assert!(ask.many);
    let second = dir.path().join("b-city-book-2.xlsx");
    std::fs::copy(dir.path().join("b-city-book.xlsx"), &second).unwrap();
    ask.text = format!("{}\n{}", dir.path().join("b-city-book").display(), second.display());
    let then = std::mem::replace(&mut ask.then, Box::new(|_| None));
    let command = then(&ask.text).expect("two books");
    match command {
        Command::Transfer(TransferCmd::ImportMany(paths)) => {
            assert_eq!(paths, [dir.path().join("b-city-book.xlsx"), second]);
        }
        other => panic!("{other:?}"),
    }
}

/// Choose the new membership's insurer in the person's pane.
fn choose_insurer(h: &mut Harness<'static, App>, number: &str) {
    // The form is drawn above the memberships there are: its insurer is the first.
    h.query_all_by_role_and_label(egui::accesskit::Role::ComboBox, "保険者番号")
        .next()
        .expect("the new membership's insurer")
        .click();
    h.run();
    h.get_by_label_contains(number).click();
    h.run();
}

/// A city's first day, check fixes: an insurer number typed without its leading zero (as Excel drops it) is
/// flagged with the number the masters hold offered in one click — on a membership and among a case's expected
/// providers — and the click writes it to the file.
#[test]
fn first_day_an_insurer_number_without_its_leading_zero_is_offered_back_in_one_click() {
    use renkei::domain::model::check_rule::CheckRule;
    let dir = tempfile::tempdir().unwrap();
    let mut h = first_day_city_case(dir.path());
    wait_for_check(&mut h);
    let errors = |h: &Harness<'static, App>| {
        let file = on_file(h);
        renkei::domain::check::check_project(&file)
            .into_iter()
            .filter(|f| f.severity == renkei::domain::model::kinds::Severity::Error)
            .map(|f| f.rule)
            .collect::<Vec<_>>()
    };
    assert!(errors(&h).is_empty(), "{:?}", errors(&h));
    let ctx = h.ctx.clone();
    let p = h.state().open.as_ref().unwrap().project.clone();
    let mut m = p.memberships[0].clone();
    assert_eq!(m.insurer.as_str(), "06130017");
    m.insurer = "6130017".into();
    let mut case = p.test_cases[0].clone();
    assert_eq!(case.expected_providers[0].as_str(), "06130033");
    case.expected_providers[0] = "6130033".into();
    for (label, entity) in [
        ("保険者番号", renkei::store::rows::Entity::Membership(m.clone())),
        ("期待する提供保険者", renkei::store::rows::Entity::TestCase(Box::new(case))),
    ] {
        let put = EditCmd::Put { label: label.into(), entity: Box::new(entity) };
        h.state_mut().apply(&ctx, renkei::ui::shell::app::Command::Edit(put));
        wait_for_check(&mut h);
    }
    let undefined = [CheckRule::InsurerUndefined, CheckRule::ExpectedProviderNotInsurer];
    let found = errors(&h);
    assert!(undefined.iter().all(|r| found.contains(r)), "{found:?}");
    h.get_by_label_contains(&format!("検査: エラー {}", found.len())).click();
    h.run();
    h.get_by_label_contains("06130017 にする");
    h.get_by_label_contains("06130033 にする");
    // Each finding's 適用, found by its rule (the check view's filter).
    for typed in ["insurer-undefined", "expected-provider-not-insurer"] {
        h.state_mut().check.view.filter = typed.into();
        h.run();
        // The list laid out again for the filter (a frame to settle its rows).
        h.run();
        h.get_by_label("適用").click();
        h.run();
        wait_for_check(&mut h);
    }
    let file = on_file(&h);
    assert_eq!(
        file.memberships.iter().find(|x| x.id == m.id).unwrap().insurer.as_str(),
        "06130017"
    );
    assert_eq!(file.test_cases[0].expected_providers[0].as_str(), "06130033");
    assert!(errors(&h).is_empty(), "{:?}", errors(&h));
    h.get_by_label_contains("検査: エラー 0");
}

/// A city's first day, forms: a membership has its 中間サーバー登録日時 in the person's pane; when no membership an
/// answer is made from has one, the check warns that the answer's management block would say NotAvailable, and
/// the time typed in the pane is saved and silences it.
#[test]
fn first_day_a_membership_takes_its_registration_time_and_the_check_warns_without_it() {
    use egui::accesskit::Role;
    use renkei::domain::model::check_rule::CheckRule;
    let dir = tempfile::tempdir().unwrap();
    // The memberships were added without a time: the case is answered from the second (06130033, from 2018-07-27).
    let mut h = first_day_city_case(dir.path());
    wait_for_check(&mut h);
    let p = on_file(&h);
    assert!(p.memberships.iter().all(|m| m.registered_at.is_none()));
    let warned = |h: &Harness<'static, App>| {
        renkei::domain::check::check_project(&on_file(h))
            .into_iter()
            .filter(|f| f.rule == CheckRule::RegisteredAtMissing)
            .map(|f| f.key)
            .collect::<Vec<_>>()
    };
    assert_eq!(warned(&h), ["S01-V01-T01"]);
    h.get_by_label_contains("検査: エラー 0 / 警告").click();
    h.run();
    h.get_by_label("中間サーバー登録日時が空");
    show_person(&mut h, &p.role_models[0]);
    let label = "中間サーバー登録日時";
    assert_eq!(h.query_all_by_role_and_label(Role::TextInput, label).count(), 2);
    // The second membership's field (the pane lists them in order).
    h.query_all_by_role_and_label(Role::TextInput, label).nth(1).unwrap().scroll_to_me();
    h.run();
    h.query_all_by_role_and_label(Role::TextInput, label).nth(1).unwrap().click();
    h.run();
    h.query_all_by_role_and_label(Role::TextInput, label)
        .nth(1)
        .unwrap()
        .type_text("2018-07-30 10:30:00");
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    wait_for_check(&mut h);
    let m = &p.memberships[1];
    assert_eq!(m.insurer.as_str(), "06130033");
    let saved = on_file(&h).memberships.iter().find(|x| x.id == m.id).unwrap().registered_at;
    assert_eq!(saved.map(|t| t.format_xml()), Some("2018-07-30T10:30:00".to_string()));
    assert!(warned(&h).is_empty());
}

/// A new project's window, as a city has it on its first day: made by ファイル › 新規 and told it is 002's.
fn first_day_app(dir: &std::path::Path) -> Harness<'static, App> {
    let path = dir.join("B市 最初の日.renkei");
    let mut h = harness(App::start(None));
    h.run();
    let ctx = h.ctx.clone();
    h.state_mut().apply(&ctx, renkei::ui::shell::app::Command::File(FileCmd::New(path)));
    h.run();
    h.get_by_label("新しいプロジェクト");
    h.get_by_label_contains("自団体（機関コードまたは保険者番号）").type_text("002");
    h.run();
    h.get_by_label("作成").click();
    h.run();
    h.run();
    h
}

/// A city's first day, names: a scenario's and a variation's names are set from the tree's 名前の変更 (which opens
/// the node's pane with the cursor in its name) and from the pane itself, saved to the file and shown in the tree.
#[test]
fn first_day_a_scenario_and_a_variation_are_named_from_the_tree_and_their_pane() {
    use egui::accesskit::Role;
    let dir = tempfile::tempdir().unwrap();
    let mut h = first_day_app(dir.path());
    h.get_by_label("＋ シナリオ").click();
    h.run();
    h.get_by_label("S01  (0)").click_secondary();
    h.run();
    h.get_by_label("名前の変更").click();
    h.run();
    h.run();
    let name = h.get_by_role_and_label(Role::TextInput, "シナリオ名");
    assert!(name.is_focused(), "the cursor is in the name");
    name.type_text("国保 資格取得");
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(on_file(&h).scenarios[0].name, "国保 資格取得");
    h.get_by_label("S01 国保 資格取得 (0)");
    // The pane adds a variation below it; the variation is named in its own pane.
    h.get_by_label("バリエーションを追加").click();
    h.run();
    h.get_by_label("S01-V01  (0)").click();
    h.run();
    h.get_by_label("バリエーション S01-V01");
    type_into(&mut h, "バリエーション名", "転入者");
    assert_eq!(on_file(&h).variations[0].name, "転入者");
    h.get_by_label("S01-V01 転入者 (0)");
    // Its ID is changed through the rename dialog, from the pane.
    h.get_by_label("IDの変更").click();
    h.run();
    h.get_by_label("新しいID");
}

/// Type `text` into the `n`th text field labelled `label` of a dialog.
fn type_nth(h: &mut Harness<'static, App>, label: &str, n: usize, text: &str) {
    use egui::accesskit::Role;
    h.query_all_by_role_and_label(Role::TextInput, label).nth(n).unwrap().click();
    h.run();
    h.query_all_by_role_and_label(Role::TextInput, label).nth(n).unwrap().type_text(text);
    h.run();
}

/// A city's first day, masters: the 機関, 保険者 and コード tabs add a row through 行を追加… (read as an import
/// reads its cells; a code the project has is refused, nothing written); a row still in use is not deleted and
/// the dialog lists what uses it; a row nothing uses is deleted.
#[test]
fn first_day_the_master_tabs_add_rows_and_refuse_to_delete_one_in_use() {
    use renkei::domain::model::entity::EntityKey;
    use renkei::exchange::sheets::SheetKind;
    use renkei::ui::kit::command::Selection;
    let dir = tempfile::tempdir().unwrap();
    let mut h = first_day_app(dir.path());
    let add = |h: &mut Harness<'static, App>, tab: &str, typed: &[(&str, &str)]| {
        h.get_by_label(tab).click();
        h.run();
        h.get_by_label("行を追加…").click();
        h.run();
        for (label, text) in typed {
            type_nth(h, label, 0, text);
        }
        h.get_by_label("保存").click();
        h.run();
    };
    add(&mut h, "機関", &[("機関コード", "005"), ("機関名", "D市"), ("種別", "地方公共団体")]);
    let d = on_file(&h).institutions.into_iter().find(|i| i.code.as_str() == "005").unwrap();
    assert_eq!((d.name.as_str(), d.kind.key()), ("D市", "local_government"));
    // The same code again: refused, said, and the file keeps one.
    add(&mut h, "機関", &[("機関コード", "005"), ("機関名", "別のD市")]);
    h.get_by_label("機関 005 は既にあります");
    assert_eq!(on_file(&h).institutions.iter().filter(|i| i.code.as_str() == "005").count(), 1);
    h.get_by_label("キャンセル").click();
    h.run();
    add(&mut h, "保険者", &[("保険者番号", "06139999"), ("保険者名称", "E健康保険組合")]);
    assert!(on_file(&h).insurers.iter().any(|i| i.number.as_str() == "06139999"));
    // コード: the kind chosen first.
    h.get_by_label("コード").click();
    h.run();
    h.get_by_label("行を追加…").click();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::RadioButton, "事務手続").click();
    h.run();
    for (label, text) in [("コード", "JT999"), ("名称", "試しの手続"), ("親コード", "JM030")]
    {
        type_nth(&mut h, label, 0, text);
    }
    h.get_by_label("保存").click();
    h.run();
    let p = on_file(&h);
    let jt = p.procedures.iter().find(|x| x.code.as_str() == "JT999").unwrap();
    assert_eq!((jt.name.as_str(), jt.affair.as_str()), ("試しの手続", "JM030"));
    // JM030 is used by its procedures: the delete is refused and says by what.
    let row_of = |p: &renkei::domain::model::Project, key: &EntityKey| {
        renkei::exchange::sheet_rows::code_sheet_keys(p).position(|(k, _)| &k == key).unwrap()
    };
    let delete_row = |h: &mut Harness<'static, App>, row: usize| {
        let ctx = h.ctx.clone();
        let select = ViewCmd::Select(Selection::Row(SheetKind::Codes, row));
        h.state_mut().apply(&ctx, renkei::ui::shell::app::Command::View(select));
        h.run();
        h.get_by_label("この行を削除…").click();
        h.run();
    };
    delete_row(&mut h, row_of(&p, &EntityKey::Affair("JM030".into())));
    h.get_by_label_contains("次の行で使われているため削除できません");
    h.get_by_label("事務手続 JT999");
    h.get_by_label("削除する").click();
    h.run();
    assert!(on_file(&h).affairs.iter().any(|x| x.code.as_str() == "JM030"), "deleted while in use");
    h.get_by_label("キャンセル").click();
    h.run();
    // The new procedure, used by nothing, goes.
    let row = row_of(&on_file(&h), &EntityKey::Procedure("JT999".into()));
    delete_row(&mut h, row);
    h.get_by_label("削除する").click();
    h.run();
    assert!(!on_file(&h).procedures.iter().any(|x| x.code.as_str() == "JT999"));
}

/// A new project's window with the city's first case written in it, in the window alone: the person 連携 一郎
/// (RM-01, born S55.5.15) with two memberships (06130017 from 2015-04-01 to 2018-07-27, then 06130033), the scenario
/// 転入者の資格確認 (S01) with its variation 協会けんぽから健保組合へ (S01-V01), and its case S01-V01-T01 (照会日
/// 2018-08-01, TK01 and TK03, the person, 正常終了 expected from 06130033), whose pane is left open.
fn first_day_city_case(dir: &std::path::Path) -> Harness<'static, App> {
    use egui::accesskit::Role;
    let mut h = first_day_app(dir);
    // The person and its two memberships.
    h.get_by_label("ロールモデル").click();
    h.run();
    h.get_by_label("＋ ロールモデル").click();
    h.run();
    type_into(&mut h, "氏名", "連携 一郎");
    type_into(&mut h, "生年月日", "S55.5.15");
    for (acquired, lost, insurer) in
        [("2015-04-01", Some("2018-07-27"), "06130017"), ("2018-07-27", None, "06130033")]
    {
        h.get_by_label("＋ 加入歴").scroll_to_me();
        h.run();
        h.get_by_label("＋ 加入歴").click();
        h.run();
        type_nth(&mut h, "資格取得日", 0, acquired);
        if let Some(lost) = lost {
            type_nth(&mut h, "資格喪失日", 0, lost);
        }
        choose_insurer(&mut h, insurer);
        h.get_by_label("追加").click();
        h.run();
    }
    // The scenario, its variation and its case, from the tree and the panes.
    h.get_by_label("テストケース一覧").click();
    h.run();
    h.get_by_label("＋ シナリオ").click();
    h.run();
    type_into(&mut h, "シナリオ名", "転入者の資格確認");
    h.get_by_label("バリエーションを追加").click();
    h.run();
    h.get_by_label("S01-V01  (0)").click();
    h.run();
    type_into(&mut h, "バリエーション名", "協会けんぽから健保組合へ");
    h.get_by_label("テストケースを追加").click();
    h.run();
    // The new case is chosen: its pane is open.
    h.get_by_label("テストケース S01-V01-T01");
    type_into(&mut h, "照会日", "2018-08-01");
    for label in ["TK01 保険者名称", "TK03 資格喪失日"] {
        h.get_by_label(label).scroll_to_me();
        h.run();
        h.get_by_label(label).click();
        h.run();
    }
    for combo in ["ロールモデルID", "期待する処理結果"] {
        h.get_by_role_and_label(Role::ComboBox, combo).scroll_to_me();
        h.run();
        h.get_by_role_and_label(Role::ComboBox, combo).click();
        h.run();
        if combo == "ロールモデルID" {
            h.get_by_label("RM-01 連携 一郎").click();
            h.run();
        }
    }
    h.get_by_label("正常終了").click();
    h.run();
    type_into(&mut h, "期待する提供保険者", "06130033");
    h
}

/// A city's first day, start to end in the window alone: from `renkei new`'s project (made by ファイル › 新規 and
/// told it is 002's), the city writes a person with two memberships, a scenario, a variation and a complete test
/// case naming the person, links the person to its case, simulates the case (the expected insurer answers) and
/// exports the book; the book read back by another reader holds the case and the person's links.
#[test]
fn first_day_a_city_writes_its_first_case_in_the_window_alone() {
    use renkei::domain::date::Date;
    let dir = tempfile::tempdir().unwrap();
    let mut h = first_day_city_case(dir.path());
    let person = on_file(&h).role_models[0].clone();
    assert_eq!((person.id.as_str(), person.name.as_str()), ("RM-01", "連携 一郎"));
    assert_eq!(person.birth_date, Some(Date::ymd(1980, 5, 15)));
    assert_eq!(on_file(&h).memberships.len(), 2);
    let case = on_file(&h).test_cases[0].clone();
    assert_eq!((case.requester.as_str(), case.role_model.as_str()), ("002", "RM-01"));
    // Simulated: the latest membership's insurer answers, as the case expects.
    h.get_by_label("シミュレーション").scroll_to_me();
    h.run();
    h.get_by_label("シミュレーション").click();
    h.run();
    h.get_by_label("シミュレーション S01-V01-T01");
    let file = on_file(&h);
    let index = renkei::domain::routing::ProjectIndex::new(&file);
    let sim = renkei::domain::routing::simulate(&index, &file.test_cases[0]);
    assert_eq!(sim.providers.iter().map(|x| x.as_str()).collect::<Vec<_>>(), ["06130033"]);
    let ctx = h.ctx.clone();
    h.state_mut().apply(&ctx, renkei::ui::shell::app::Command::View(ViewCmd::CloseSimulation));
    h.run();
    // The person is linked to the case that names it, from its pane.
    show_person(&mut h, &person);
    h.get_by_label("テストケースから設定").scroll_to_me();
    h.run();
    h.get_by_label("テストケースから設定").click();
    h.run();
    let linked = on_file(&h).role_models[0].clone();
    assert_eq!(
        linked.test_case_ids.iter().map(|x| x.as_str()).collect::<Vec<_>>(),
        ["S01-V01-T01"]
    );
    assert!(h.query_by_label("テストケースから設定").is_none(), "linked: nothing left to set");
    // Exported; read back with calamine, as a receiver's script would.
    let book = dir.path().join("B市 最初の仕様書.xlsx");
    h.state_mut()
        .apply(&ctx, renkei::ui::shell::app::Command::Transfer(TransferCmd::Export(book.clone())));
    wait_for_job(&mut h);
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&book).unwrap();
    let rows = |wb: &mut calamine::Xlsx<_>, sheet: &str| -> Vec<Vec<String>> {
        let range = wb.worksheet_range(sheet).unwrap();
        range.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect()
    };
    let people = rows(&mut wb, "ロールモデル");
    let header = people.iter().find(|r| r.iter().any(|c| c == "テストケースID")).unwrap().clone();
    let at = |name: &str| header.iter().position(|c| c == name).unwrap();
    let row = people.iter().find(|r| r.iter().any(|c| c == "連携 一郎")).unwrap();
    assert_eq!(row[at("シナリオID")], "S01");
    assert_eq!(row[at("バリエーションID")], "S01-V01");
    assert_eq!(row[at("テストケースID")], "S01-V01-T01");
    let cases = rows(&mut wb, "テストケース一覧");
    assert!(cases.iter().any(|r| r.iter().any(|c| c == "S01-V01-T01")));
    assert!(cases.iter().any(|r| r.iter().any(|c| c == "転入者の資格確認")));
}

/// At 1280×800, the selection bar above the test cases: it is there before anything is selected (its buttons
/// off), so the first selection does not move the rows under the pointer; an agreement state set on two selected
/// cases keeps both selected.
#[test]
fn first_day_the_selection_bar_never_moves_the_rows_and_an_action_keeps_the_selection() {
    use renkei::domain::model::kinds::AgreementState;
    let dir = tempfile::tempdir().unwrap();
    let mut h = first_day_city_case(dir.path());
    // A second case, and nothing chosen: the pane closed.
    h.get_by_label("S01-V01 協会けんぽから健保組合へ (1)").click();
    h.run();
    h.get_by_label("テストケースを追加").click();
    h.run();
    h.get_by_label("テストケース一覧").click();
    h.run();
    // Nothing selected in the table, as a user finds it on coming back; the tree closed, so the rows are the
    // table's.
    h.state_mut().tables_mut(SheetKind::TestCases).selected.clear();
    let ctx = h.ctx.clone();
    h.state_mut().apply(&ctx, renkei::ui::shell::app::Command::View(ViewCmd::Toggle(ViewId::Tree)));
    h.run();
    let y = |h: &Harness<'static, App>, label: &str| h.get_by_label(label).rect().min.y;
    let before = y(&h, "S01-V01-T02");
    assert!(h.get_by_label("確認状態を設定 ▼").accesskit_node().is_disabled());
    h.get_by_label("S01-V01-T01").click();
    h.run();
    assert_eq!(y(&h, "S01-V01-T02"), before, "the first selection moved the rows");
    h.get_by_label("S01-V01-T02").click_modifiers(egui::Modifiers::COMMAND);
    h.run();
    assert_eq!(y(&h, "S01-V01-T02"), before);
    h.get_by_label("確認状態を設定 ▼").click();
    h.run();
    h.get_by_label("提供可 (2)").click();
    h.run();
    let states: Vec<AgreementState> =
        on_file(&h).test_cases.iter().map(|c| c.agreement.state).collect();
    assert_eq!(states, [AgreementState::Servable, AgreementState::Servable]);
    assert_eq!(h.state().table(renkei::exchange::sheets::SheetKind::TestCases).selected.len(), 2);
    h.get_by_label_contains("2 件を選択中");
}

/// A city's first day, dates: with 和暦 chosen, the test case's pane shows its dates in it as the table does (its
/// fields and their readings), and the person's pane its birth date.
#[test]
fn first_day_dates_show_in_the_chosen_style_in_the_panes_too() {
    use egui::accesskit::Role;
    use renkei::domain::date::DateStyle;
    let dir = tempfile::tempdir().unwrap();
    // The case's pane is open.
    let mut h = first_day_city_case(dir.path());
    let ctx = h.ctx.clone();
    let value = |h: &Harness<'static, App>, label: &str| {
        let n = h.get_by_role_and_label(Role::TextInput, label);
        n.accesskit_node().value().unwrap_or_default().to_string()
    };
    assert_eq!(value(&h, "照会日"), "2018-08-01");
    let wareki = ViewCmd::SetDateStyle(DateStyle::Wareki);
    h.state_mut().apply(&ctx, renkei::ui::shell::app::Command::View(wareki));
    h.run();
    assert_eq!(value(&h, "照会日"), "平成30年8月1日");
    let person = on_file(&h).role_models[0].clone();
    show_person(&mut h, &person);
    assert_eq!(value(&h, "生年月日"), "昭和55年5月15日");
}

/// At 1280×800 with every side panel open — 相手先, the tree and a case's pane — in both languages: the table keeps
/// its room, no field of the pane runs past the window's edge; the side panels are remembered as the user left
/// them (the tree closed, 相手先 open) in the next window.
#[test]
fn first_day_at_1280x800_every_panel_open_leaves_the_table_and_clips_no_field() {
    use egui::accesskit::Role;
    use renkei::domain::model::message::Lang;
    use renkei::ui::kit::text::Text;
    use renkei::ui::kit::views::ViewId;
    use renkei::ui::shell::app::{Command, TABLE_MIN_WIDTH};
    let dir = tempfile::tempdir().unwrap();
    let mut h = first_day_city_case(dir.path());
    let ctx = h.ctx.clone();
    h.state_mut().apply(&ctx, Command::View(ViewCmd::Toggle(ViewId::Parties)));
    let case = on_file(&h).test_cases[0].key();
    let select = ViewCmd::Select(renkei::ui::kit::command::Selection::TestCase(case));
    h.state_mut().apply(&ctx, Command::View(select));
    h.run();
    for (lang, key_header) in [(Lang::Ja, "テストケースID＊"), (Lang::En, "Test case＊")] {
        h.state_mut().apply(&ctx, Command::View(ViewCmd::SetLang(lang)));
        h.run();
        h.run();
        let header = h.get_by_label(key_header).rect();
        let pane_left = h
            .get_by_role_and_label(
                Role::TextInput,
                renkei::domain::model::field::Field::ViewpointId.label(lang),
            )
            .rect()
            .min
            .x;
        assert!(
            pane_left - header.min.x >= TABLE_MIN_WIDTH - 40.0,
            "{lang:?}: the table has {header:?}"
        );
        // The parties panel, narrow beside the tree, shows each party's figures within its width.
        let left = h.get_by_label(Text::AllParties.get(lang)).rect().min.x;
        let tree_left = h.get_by_label_contains("S01 転入者の資格確認").rect().min.x;
        for figure in [Text::OpenFindings.get(lang), Text::CheckErrors.get(lang), "↓ -", "↑ -"]
        {
            let inside = |r: egui::Rect| r.min.x >= left && r.max.x <= tree_left;
            let rects: Vec<_> = h.query_all_by_label_contains(figure).map(|n| n.rect()).collect();
            assert!(rects.iter().any(|r| inside(*r)), "{lang:?}: {figure} at {rects:?}");
        }
        for role in [Role::TextInput, Role::ComboBox] {
            for n in h.query_all_by_role(role) {
                let r = n.rect();
                assert!(
                    r.max.x <= 1280.0,
                    "{lang:?}: {:?} runs past the edge: {r:?}",
                    n.accesskit_node().label()
                );
            }
        }
    }
    // Remembered: the tree closed and 相手先 open, in the next window.
    h.state_mut().apply(&ctx, Command::View(ViewCmd::Toggle(ViewId::Tree)));
    h.run();
    let prefs = h.state().preferences();
    let mut next = App::start(None);
    next.use_preferences(prefs);
    assert!(next.views.is_open(ViewId::Parties) && !next.views.is_open(ViewId::Tree));
    assert!(App::start(None).views.is_open(ViewId::Tree), "the tree is open by default");
}
