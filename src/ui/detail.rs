//! The detail pane of a test case: every field as a form. Text and dates are committed when the field is left
//! (one undo step per field edit, never per keystroke); a date is read in any form the parser knows and its reading
//! shown beside it; a value that cannot be read is marked at the field with the reason and not saved. Codes are
//! picked from the masters (a searchable list of code and name), items from the info kind's checklist.

use crate::domain::date::DateStyle;
use crate::domain::message::Lang;
use crate::domain::model::*;
use crate::store::rows::Entity;

use super::app::Command;
use super::text::{Text, header};

/// The fields being typed into, for the case and revision they were read from.
#[derive(Debug, Default)]
pub struct DetailState {
    source: Option<(String, u64)>,
    texts: foldhash::HashMap<&'static str, String>,
    /// The search text of the open code list.
    search: String,
}

const TEXT_FIELDS: [&str; 8] = [
    "テスト観点ID",
    "照会日",
    "情報照会者部署名",
    "情報照会者部署コード",
    "照会条件開始日",
    "照会条件終了日",
    "副本の詳細",
    "期待する提供保険者",
];

fn field_text(c: &TestCase, field: &str, style: DateStyle) -> String {
    let date =
        |d: Option<crate::domain::date::Date>| d.map(|d| d.format(style)).unwrap_or_default();
    match field {
        "テスト観点ID" => c.viewpoint_id.clone(),
        "照会日" => date(c.query_date),
        "情報照会者部署名" => c.requester_department_name.clone(),
        "情報照会者部署コード" => c.requester_department_code.clone(),
        "照会条件開始日" => date(c.condition_start),
        "照会条件終了日" => date(c.condition_end),
        "副本の詳細" => c.replica_details.clone(),
        "期待する提供保険者" => c
            .expected_providers
            .iter()
            .map(|x| x.as_str())
            .collect::<Vec<_>>()
            .join(","),
        "備考" => c.remarks.clone(),
        _ => String::new(),
    }
}

/// Apply a typed value to a case; `Err` says why it cannot be read.
fn with_field(c: &TestCase, field: &str, text: &str) -> Result<TestCase, String> {
    let mut c = c.clone();
    let date = super::form::read_date;
    match field {
        "テスト観点ID" => c.viewpoint_id = text.trim().to_string(),
        "照会日" => c.query_date = date(text)?,
        "情報照会者部署名" => c.requester_department_name = text.to_string(),
        "情報照会者部署コード" => c.requester_department_code = text.trim().to_string(),
        "照会条件開始日" => c.condition_start = date(text)?,
        "照会条件終了日" => c.condition_end = date(text)?,
        "副本の詳細" => c.replica_details = text.to_string(),
        "期待する提供保険者" => {
            c.expected_providers = text
                .split([',', '、', ' ', '\n'])
                .map(crate::exchange::read::nfkc)
                .filter(|s| !s.is_empty())
                .map(InsurerNumber::from)
                .collect()
        }
        "備考" => c.remarks = text.to_string(),
        _ => {}
    }
    Ok(c)
}

fn put(c: TestCase, field: &str, lang: Lang) -> Command {
    Command::Put {
        label: format!(
            "{} {}: {}",
            Text::EditField.get(lang),
            c.id,
            header(static_field(field), lang)
        ),
        entity: Box::new(Entity::TestCase(c)),
    }
}

fn static_field(field: &str) -> &'static str {
    crate::exchange::sheets::SheetKind::TestCases
        .headers()
        .iter()
        .map(|(h, _)| *h)
        .find(|h| *h == field)
        .unwrap_or("")
}

/// A searchable list of codes with their names; returns the code picked.
fn code_combo(
    ui: &mut egui::Ui,
    label: egui::Id,
    id: &str,
    current: &str,
    options: &[(&str, &str)],
    search: &mut String,
    lang: Lang,
) -> Option<String> {
    let mut picked = None;
    let shown = options
        .iter()
        .find(|(c, _)| *c == current)
        .map(|(c, n)| format!("{c} {n}"))
        .unwrap_or_else(|| current.to_string());
    let combo = egui::ComboBox::from_id_salt(id)
        .selected_text(shown)
        .truncate()
        .width(280.0)
        .height(320.0)
        .show_ui(ui, |ui| {
            ui.add(egui::TextEdit::singleline(search).hint_text(Text::Search.get(lang)))
                .labelled_by(label);
            let needle = search.trim();
            let hits: Vec<&(&str, &str)> = options
                .iter()
                .filter(|(c, n)| needle.is_empty() || c.contains(needle) || n.contains(needle))
                .collect();
            let row = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
            egui::ScrollArea::vertical().max_height(280.0).show_rows(
                ui,
                row,
                hits.len(),
                |ui, range| {
                    for (c, n) in &hits[range] {
                        if ui
                            .selectable_label(*c == current, format!("{c} {n}"))
                            .clicked()
                        {
                            picked = Some(c.to_string());
                        }
                    }
                },
            );
        });
    let response = combo.response.labelled_by(label);
    super::form::focus_if_asked(ui, id, &response);
    picked
}

/// A text or date field: committed when left, when it reads and differs.
#[allow(clippy::too_many_arguments)]
fn text_row(
    ui: &mut egui::Ui,
    c: &TestCase,
    field: &'static str,
    is_date: bool,
    texts: &mut foldhash::HashMap<&'static str, String>,
    commands: &mut Vec<Command>,
    lang: Lang,
    style: DateStyle,
) {
    let text = texts.entry(field).or_default();
    if let Some(updated) = super::form::line(
        ui,
        header(field, lang),
        field,
        text,
        is_date,
        style,
        lang,
        |t| with_field(c, field, t),
    ) && updated != *c
    {
        commands.push(put(updated, field, lang));
    }
}

/// A code picked from a master.
#[allow(clippy::too_many_arguments)]
fn code_row(
    ui: &mut egui::Ui,
    c: &TestCase,
    lang: Lang,
    field: &'static str,
    current: &str,
    options: &[(&str, &str)],
    search: &mut String,
    commands: &mut Vec<Command>,
    set: &dyn Fn(&mut TestCase, String),
) {
    let label = ui.label(header(field, lang));
    if let Some(code) = code_combo(ui, label.id, field, current, options, search, lang) {
        let mut updated = c.clone();
        set(&mut updated, code);
        if updated != *c {
            commands.push(put(updated, field, lang));
        }
    }
    ui.end_row();
}

/// Draw the pane for the test case `id`; edits are pushed as commands.
#[allow(clippy::too_many_arguments)]
pub fn test_case_detail_ui(
    ui: &mut egui::Ui,
    p: &Project,
    id: &str,
    revision: u64,
    state: &mut DetailState,
    lang: Lang,
    style: DateStyle,
    commands: &mut Vec<Command>,
) {
    let Some(c) = p.test_case(id) else {
        return;
    };
    if state.source.as_ref() != Some(&(id.to_string(), revision)) {
        state.source = Some((id.to_string(), revision));
        state.texts = TEXT_FIELDS
            .iter()
            .chain(["備考"].iter())
            .map(|f| (*f, field_text(c, f, style)))
            .collect();
    }
    ui.horizontal(|ui| {
        ui.heading(format!("{} {}", Text::TestCase.get(lang), c.id));
        if ui.button(Text::Simulation.get(lang)).clicked() {
            commands.push(Command::ShowSimulation(c.id.to_string()));
        }
    });
    ui.label(format!(
        "{} {} / {} {}",
        header("シナリオID", lang),
        c.scenario,
        header("バリエーションID", lang),
        c.variation
    ));
    let lang_h = |h: &'static str| header(h, lang);
    egui::ScrollArea::vertical().show(ui, |ui| {
        egui::Grid::new("test-case-detail")
            .num_columns(2)
            .spacing([8.0, 6.0])
            .show(ui, |ui| {
                // Move to another variation.
                let label = ui.label(lang_h("バリエーションID"));
                let variations: Vec<(&str, &str)> = p
                    .variations
                    .iter()
                    .map(|v| (v.id.as_str(), v.name.as_str()))
                    .collect();
                if let Some(v) = code_combo(
                    ui,
                    label.id,
                    "バリエーションID",
                    c.variation.as_str(),
                    &variations,
                    &mut state.search,
                    lang,
                ) && let Some(var) = p.variations.iter().find(|x| x.id.as_str() == v)
                {
                    let mut moved = c.clone();
                    moved.variation = var.id.clone();
                    moved.scenario = var.scenario.clone();
                    commands.push(Command::Put {
                        label: format!("{} {} → {}", Text::MoveTestCase.get(lang), c.id, var.id),
                        entity: Box::new(Entity::TestCase(moved)),
                    });
                }
                ui.end_row();
                text_row(
                    ui,
                    c,
                    "テスト観点ID",
                    false,
                    &mut state.texts,
                    commands,
                    lang,
                    style,
                );
                text_row(
                    ui,
                    c,
                    "照会日",
                    true,
                    &mut state.texts,
                    commands,
                    lang,
                    style,
                );
                let institutions: Vec<(&str, &str)> = p
                    .institutions
                    .iter()
                    .map(|x| (x.code.as_str(), x.name.as_str()))
                    .collect();
                code_row(
                    ui,
                    c,
                    lang,
                    "情報照会者機関コード",
                    c.requester.as_str(),
                    &institutions,
                    &mut state.search,
                    commands,
                    &|c, v| c.requester = v.into(),
                );
                text_row(
                    ui,
                    c,
                    "情報照会者部署名",
                    false,
                    &mut state.texts,
                    commands,
                    lang,
                    style,
                );
                text_row(
                    ui,
                    c,
                    "情報照会者部署コード",
                    false,
                    &mut state.texts,
                    commands,
                    lang,
                    style,
                );
                code_row(
                    ui,
                    c,
                    lang,
                    "照会先機関コード",
                    c.provider.as_str(),
                    &institutions,
                    &mut state.search,
                    commands,
                    &|c, v| c.provider = v.into(),
                );
                let affairs: Vec<(&str, &str)> = p
                    .affairs
                    .iter()
                    .map(|x| (x.code.as_str(), x.name.as_str()))
                    .collect();
                code_row(
                    ui,
                    c,
                    lang,
                    "事務コード",
                    c.affair.as_str(),
                    &affairs,
                    &mut state.search,
                    commands,
                    &|c, v| c.affair = v.into(),
                );
                let procedures: Vec<(&str, &str)> = p
                    .procedures
                    .iter()
                    .filter(|x| x.affair == c.affair)
                    .map(|x| (x.code.as_str(), x.name.as_str()))
                    .collect();
                code_row(
                    ui,
                    c,
                    lang,
                    "事務手続コード",
                    c.procedure.as_str(),
                    &procedures,
                    &mut state.search,
                    commands,
                    &|c, v| c.procedure = v.into(),
                );
                let kinds: Vec<(&str, &str)> = p
                    .info_kinds
                    .iter()
                    .map(|x| (x.code.as_str(), x.name.as_str()))
                    .collect();
                code_row(
                    ui,
                    c,
                    lang,
                    "特定個人情報名コード",
                    c.info_kind.as_str(),
                    &kinds,
                    &mut state.search,
                    commands,
                    &|c, v| c.info_kind = v.into(),
                );
                // Items: a checklist of the info kind's items.
                ui.label(lang_h("特定個人情報項目コードリスト"));
                ui.vertical(|ui| {
                    for (n, item) in p
                        .info_items
                        .iter()
                        .filter(|i| i.info_kind == c.info_kind)
                        .enumerate()
                    {
                        let mut on = c.items.contains(&item.code);
                        let r = ui.checkbox(&mut on, format!("{} {}", item.code, item.name));
                        if n == 0 {
                            super::form::focus_if_asked(ui, "特定個人情報項目コードリスト", &r);
                        }
                        if r.changed() {
                            let mut updated = c.clone();
                            if on {
                                updated.items.push(item.code.clone());
                                // Keep the master's order.
                                let order: Vec<&InfoItemCode> =
                                    p.info_items.iter().map(|i| &i.code).collect();
                                updated
                                    .items
                                    .sort_by_key(|x| order.iter().position(|o| *o == x));
                            } else {
                                updated.items.retain(|x| x != &item.code);
                            }
                            commands.push(put(updated, "特定個人情報項目コードリスト", lang));
                        }
                    }
                });
                ui.end_row();
                ui.label(lang_h("照会条件"));
                ui.horizontal(|ui| {
                    for k in ConditionKind::ALL {
                        let label = if lang == Lang::Ja {
                            k.label_ja()
                        } else {
                            k.label_en()
                        };
                        let r = ui.radio(c.condition_kind == k, label);
                        if c.condition_kind == k {
                            super::form::focus_if_asked(ui, "照会条件", &r);
                        }
                        if r.clicked() && c.condition_kind != k {
                            let mut updated = c.clone();
                            updated.condition_kind = k;
                            commands.push(put(updated, "照会条件", lang));
                        }
                    }
                });
                ui.end_row();
                text_row(
                    ui,
                    c,
                    "照会条件開始日",
                    true,
                    &mut state.texts,
                    commands,
                    lang,
                    style,
                );
                text_row(
                    ui,
                    c,
                    "照会条件終了日",
                    true,
                    &mut state.texts,
                    commands,
                    lang,
                    style,
                );
                let roles: Vec<(&str, &str)> = p
                    .role_models
                    .iter()
                    .map(|x| (x.id.as_str(), x.name.as_str()))
                    .collect();
                code_row(
                    ui,
                    c,
                    lang,
                    "ロールモデルID",
                    c.role_model.as_str(),
                    &roles,
                    &mut state.search,
                    commands,
                    &|c, v| c.role_model = v.into(),
                );
                text_row(
                    ui,
                    c,
                    "副本の詳細",
                    false,
                    &mut state.texts,
                    commands,
                    lang,
                    style,
                );
                let label = ui.label(lang_h("期待する処理結果"));
                let current = c.expected_outcome.map(|o| o.label_ja()).unwrap_or("");
                let combo = egui::ComboBox::from_id_salt("expected-outcome")
                    .selected_text(current)
                    .show_ui(ui, |ui| {
                        let mut choose = |o: Option<Outcome>, label: &str| {
                            if ui
                                .selectable_label(c.expected_outcome == o, label)
                                .clicked()
                                && c.expected_outcome != o
                            {
                                let mut updated = c.clone();
                                updated.expected_outcome = o;
                                commands.push(put(updated, "期待する処理結果", lang));
                            }
                        };
                        choose(None, Text::NotSet.get(lang));
                        for o in Outcome::ALL {
                            choose(Some(o), o.label_ja());
                        }
                    });
                let response = combo.response.labelled_by(label.id);
                super::form::focus_if_asked(ui, "期待する処理結果", &response);
                ui.end_row();
                text_row(
                    ui,
                    c,
                    "期待する提供保険者",
                    false,
                    &mut state.texts,
                    commands,
                    lang,
                    style,
                );
                text_row(
                    ui,
                    c,
                    "備考",
                    false,
                    &mut state.texts,
                    commands,
                    lang,
                    style,
                );
            });
        ui.separator();
        ui.horizontal(|ui| {
            if ui.button(Text::Duplicate.get(lang)).clicked() {
                commands.push(Command::DuplicateTestCase(c.id.clone()));
            }
            if ui.button(Text::DeleteThisCase.get(lang)).clicked() {
                commands.push(Command::AskDelete(super::app::Selection::TestCase(
                    c.id.to_string(),
                )));
            }
        });
    });
}
