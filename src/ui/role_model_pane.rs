//! The detail pane of a role model (test person): its own fields, then its memberships (加入歴・副本) and benefit
//! records, each editable in place, added and removed here. Every edit is one command, one undo step.

use crate::domain::codes::verify_my_number;
use crate::domain::date::DateStyle;
use crate::domain::message::Lang;
use crate::domain::model::*;
use crate::store::rows::{Entity, EntityKey};

use super::app::Command;
use super::form::{line, read_date};
use super::text::{Text, header};

/// The fields being typed into, for the role model and revision they were read from.
#[derive(Debug, Default)]
pub struct RoleModelPaneState {
    source: Option<(String, u64)>,
    texts: foldhash::HashMap<String, String>,
}

fn put(label: String, entity: Entity) -> Command {
    Command::Put {
        label,
        entity: Box::new(entity),
    }
}

/// Draw the pane for the role model `id`.
#[allow(clippy::too_many_arguments)]
pub fn role_model_pane_ui(
    ui: &mut egui::Ui,
    p: &Project,
    id: &str,
    revision: u64,
    state: &mut RoleModelPaneState,
    lang: Lang,
    style: DateStyle,
    commands: &mut Vec<Command>,
) {
    let Some(r) = p.role_models.iter().find(|x| x.id.as_str() == id) else {
        return;
    };
    if state.source.as_ref() != Some(&(id.to_string(), revision)) {
        state.source = Some((id.to_string(), revision));
        state.texts.clear();
    }
    let edit_label = |field: &str| format!("{} {}: {}", Text::EditField.get(lang), r.id, field);
    ui.heading(format!("{} {}", Text::RoleModels.get(lang), r.id));
    egui::ScrollArea::vertical().show(ui, |ui| {
        egui::Grid::new("role-model-detail")
            .num_columns(2)
            .spacing([8.0, 6.0])
            .show(ui, |ui| {
                let date = |d: Option<crate::domain::date::Date>| {
                    d.map(|d| d.format(style)).unwrap_or_default()
                };
                let fields: [(&'static str, String, bool); 7] = [
                    ("機関別符号", r.person_code.to_string(), false),
                    ("氏名", r.name.clone(), false),
                    ("氏名カナ", r.name_kana.clone(), false),
                    ("生年月日", date(r.birth_date), true),
                    ("住所", r.address.clone(), false),
                    ("個人番号", r.my_number.clone(), false),
                    ("備考", r.remarks.clone(), false),
                ];
                for (field, value, is_date) in fields {
                    let text = state.texts.entry(field.to_string()).or_insert(value);
                    let read = |t: &str| -> Result<RoleModel, String> {
                        let mut x = r.clone();
                        match field {
                            "機関別符号" => {
                                x.person_code = crate::exchange::read::nfkc(t).into()
                            }
                            "氏名" => x.name = t.to_string(),
                            "氏名カナ" => x.name_kana = t.to_string(),
                            "生年月日" => x.birth_date = read_date(t)?,
                            "住所" => x.address = t.to_string(),
                            "個人番号" => x.my_number = crate::exchange::read::nfkc(t),
                            _ => x.remarks = t.to_string(),
                        }
                        Ok(x)
                    };
                    if let Some(x) = line(
                        ui,
                        header(field, lang),
                        field,
                        text,
                        is_date,
                        style,
                        lang,
                        read,
                    ) && x != *r
                    {
                        commands.push(put(edit_label(header(field, lang)), Entity::RoleModel(x)));
                    }
                    if field == "個人番号"
                        && !r.my_number.is_empty()
                        && let Err(e) = verify_my_number(&r.my_number)
                    {
                        ui.label("");
                        ui.colored_label(ui.visuals().warn_fg_color, format!("！ {e}"));
                        ui.end_row();
                    }
                }
                ui.label(header("性別", lang));
                ui.horizontal(|ui| {
                    for (sex, label) in [
                        (None, Text::NotSet.get(lang)),
                        (Some(Sex::Male), "男"),
                        (Some(Sex::Female), "女"),
                    ] {
                        if ui.radio(r.sex == sex, label).clicked() && r.sex != sex {
                            let mut x = r.clone();
                            x.sex = sex;
                            commands
                                .push(put(edit_label(header("性別", lang)), Entity::RoleModel(x)));
                        }
                    }
                });
                ui.end_row();
            });
        ui.separator();
        ui.horizontal(|ui| {
            ui.strong(Text::Memberships.get(lang));
            if ui.button(Text::AddMembership.get(lang)).clicked() {
                commands.push(Command::AddMembership(r.id.clone()));
            }
        });
        let insurers: Vec<(&str, &str)> = p
            .insurers
            .iter()
            .map(|x| (x.number.as_str(), x.name.as_str()))
            .collect();
        let mut memberships: Vec<&Membership> = p
            .memberships
            .iter()
            .filter(|m| m.role_model == r.id)
            .collect();
        memberships.sort_by_key(|m| (m.acquired_on, m.id));
        for m in memberships {
            ui.push_id(("membership", m.id), |ui| {
                egui::Frame::group(ui.style()).show(ui, |ui| {
                    egui::Grid::new("membership")
                        .num_columns(2)
                        .spacing([8.0, 4.0])
                        .show(ui, |ui| {
                            let label = ui.label(header("保険者番号", lang));
                            let shown = insurers
                                .iter()
                                .find(|(n, _)| *n == m.insurer.as_str())
                                .map(|(n, name)| format!("{n} {name}"))
                                .unwrap_or_else(|| m.insurer.to_string());
                            let combo = egui::ComboBox::from_id_salt("insurer")
                                .selected_text(shown)
                                .width(260.0)
                                .show_ui(ui, |ui| {
                                    for (n, name) in &insurers {
                                        if ui
                                            .selectable_label(
                                                *n == m.insurer.as_str(),
                                                format!("{n} {name}"),
                                            )
                                            .clicked()
                                            && *n != m.insurer.as_str()
                                        {
                                            let mut x = m.clone();
                                            x.insurer = (*n).into();
                                            commands.push(put(
                                                edit_label(header("保険者番号", lang)),
                                                Entity::Membership(x),
                                            ));
                                        }
                                    }
                                });
                            let _ = combo.response.labelled_by(label.id);
                            ui.end_row();
                            let date = |d: Option<crate::domain::date::Date>| {
                                d.map(|d| d.format(style)).unwrap_or_default()
                            };
                            let fields: [(&'static str, String, bool); 5] = [
                                ("資格取得日", m.acquired_on.format(style), true),
                                ("資格喪失日", date(m.lost_on), true),
                                ("被保険者枝番", m.member_branch.clone(), false),
                                ("紐付番号", m.link_number.clone(), false),
                                ("版番号", m.version.clone(), false),
                            ];
                            for (field, value, is_date) in fields {
                                let key = format!("m{}-{field}", m.id);
                                let text = state.texts.entry(key.clone()).or_insert(value);
                                let read = |t: &str| -> Result<Membership, String> {
                                    let mut x = m.clone();
                                    match field {
                                        "資格取得日" => {
                                            x.acquired_on = read_date(t)?.ok_or_else(|| {
                                                Text::Required.get(lang).to_string()
                                            })?
                                        }
                                        "資格喪失日" => x.lost_on = read_date(t)?,
                                        "被保険者枝番" => {
                                            x.member_branch = crate::exchange::read::nfkc(t)
                                        }
                                        "紐付番号" => {
                                            x.link_number = crate::exchange::read::nfkc(t)
                                        }
                                        _ => x.version = crate::exchange::read::nfkc(t),
                                    }
                                    Ok(x)
                                };
                                if let Some(x) = line(
                                    ui,
                                    header(field, lang),
                                    &key,
                                    text,
                                    is_date,
                                    style,
                                    lang,
                                    read,
                                ) && x != *m
                                {
                                    commands.push(put(
                                        edit_label(header(field, lang)),
                                        Entity::Membership(x),
                                    ));
                                }
                            }
                        });
                    if ui.button(Text::RemoveMembership.get(lang)).clicked() {
                        commands.push(Command::Remove {
                            label: format!("{} {}", Text::Deleted.get(lang), m.key()),
                            key: EntityKey::Membership(m.id),
                        });
                    }
                });
            });
        }
        ui.separator();
        if ui.button(Text::Rename.get(lang)).clicked() {
            commands.push(Command::AskRename(super::app::Selection::RoleModel(
                r.id.to_string(),
            )));
        }
        if ui.button(Text::DeleteThisRoleModel.get(lang)).clicked() {
            commands.push(Command::AskDelete(super::app::Selection::RoleModel(
                r.id.to_string(),
            )));
        }
        ui.separator();
        ui.horizontal(|ui| {
            ui.strong(Text::Benefits.get(lang));
            if ui.button(Text::AddBenefit.get(lang)).clicked() {
                commands.push(Command::AddBenefit(r.id.clone()));
            }
        });
        // Their fields are edited on the 給付情報 sheet (its row pane); here they are listed and removed.
        for b in p.benefits.iter().filter(|b| b.role_model == r.id) {
            ui.horizontal(|ui| {
                ui.label(format!(
                    "{} {} {} {}",
                    b.insurer,
                    b.kind,
                    b.start_date.format(style),
                    b.amount.map(|a| format!("{a}円")).unwrap_or_default()
                ));
                if ui.small_button(Text::Remove.get(lang)).clicked() {
                    commands.push(Command::Remove {
                        label: format!("{} {}", Text::Deleted.get(lang), b.key()),
                        key: EntityKey::Benefit(b.id),
                    });
                }
            });
        }
    });
}
