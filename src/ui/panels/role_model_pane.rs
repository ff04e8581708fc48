//! The detail pane of a role model (test person): its own fields, then its memberships (加入歴・副本) and benefit
//! records, each editable in place, added and removed here. Every edit is one command, one undo step, and every
//! typed value is read with the workbook's rule for its column (`exchange::cell`).

use crate::domain::date::DateStyle;
use crate::domain::model::codes::verify_my_number;
use crate::domain::model::columns::Value;
use crate::domain::model::entity::Entity;
use crate::domain::model::field::Field;
use crate::domain::model::*;
use crate::exchange::cell::{Note, Raw};
use crate::exchange::column;

use crate::ui::kit::command::{Command, Selection};
use crate::ui::kit::command::{CoordinationCmd, EditCmd};
use crate::ui::kit::form::{Line, line, read_with};
use crate::ui::kit::panel::PanelCtx;
use crate::ui::kit::text::Text;

/// The fields being typed into, for the role model and revision they were read from.
#[derive(Debug, Default)]
pub struct RoleModelPaneState {
    source: Option<(RoleModelKey, u64, DateStyle)>,
    texts: foldhash::HashMap<(RowId, Field), String>,
    /// A membership or benefit record being added.
    adding: Option<NewRow>,
    /// The person whose 個人番号 is shown in full (on request, for that person alone; masked again when another is
    /// shown).
    revealed: Option<RoleModelKey>,
    /// The person's links as the test cases that name it give them, worked out when the person or the project
    /// changes (a scan of every case, not a thing for every frame).
    links_from_cases: Option<RoleModel>,
}

/// A membership or benefit record being added: the dates typed so far. Nothing is filled in for the user (today is
/// never a sensible acquisition date); the row is made when the dates read.
#[derive(Debug, Clone)]
struct NewRow {
    role_model: RoleModelKey,
    /// A membership (else a benefit record).
    membership: bool,
    /// 資格取得日 or 支給開始日.
    first: String,
    /// 資格喪失日 (memberships only; may stay empty).
    lost: String,
    /// The insurer chosen (memberships only; asked, never made up).
    insurer: Option<crate::domain::model::InsurerNumber>,
}

fn put(label: String, entity: Entity) -> Command {
    Command::Edit(EditCmd::Put { label, entity: Box::new(entity) })
}

/// The person's own fields typed as text (a date among them is read as its column says).
const PERSON_FIELDS: [Field; 10] = {
    use Field::*;
    [
        PersonCode,
        Name,
        NameKana,
        BirthDate,
        Address,
        MyNumber,
        ScenarioIds,
        VariationIds,
        TestCaseIds,
        Remarks,
    ]
};

/// A membership's fields typed as text.
const MEMBERSHIP_TEXT_FIELDS: [Field; 6] = {
    use Field::*;
    [AcquiredOn, LostOn, MemberBranch, LinkNumber, RegisteredAt, Version]
};

fn person_text(r: &RoleModel, field: Field, style: DateStyle) -> String {
    match field {
        Field::PersonCode => r.person_code.to_string(),
        Field::Name => r.name.to_string(),
        Field::NameKana => r.name_kana.to_string(),
        Field::BirthDate => r.birth_date.map(|d| d.format(style)).unwrap_or_default(),
        Field::Address => r.address.clone(),
        Field::MyNumber => r.my_number.to_string(),
        Field::ScenarioIds => Value::list(&r.scenario_ids).into_string(),
        Field::VariationIds => Value::list(&r.variation_ids).into_string(),
        Field::TestCaseIds => Value::list(&r.test_case_ids).into_string(),
        _ => r.remarks.clone(),
    }
}

fn membership_text(m: &Membership, field: Field, style: DateStyle) -> String {
    match field {
        Field::AcquiredOn => m.acquired_on.format(style),
        Field::LostOn => m.lost_on.map(|d| d.format(style)).unwrap_or_default(),
        Field::MemberBranch => m.member_branch.to_string(),
        Field::LinkNumber => m.link_number.to_string(),
        Field::RegisteredAt => m.registered_at.map(|t| t.format(style)).unwrap_or_default(),
        _ => m.version.to_string(),
    }
}

/// Draw the pane for the role model `id`.
pub fn role_model_pane_ui(
    ui: &mut egui::Ui,
    cx: &mut PanelCtx,
    id: &RoleModelKey,
    state: &mut RoleModelPaneState,
) {
    let Some(r) = cx.project.role_models.iter().find(|x| x.id == id.id && x.party == id.party)
    else {
        return;
    };
    if state.source.as_ref() != Some(&(id.clone(), cx.revision, cx.style)) {
        if state.source.as_ref().is_none_or(|(shown, ..)| shown != id) {
            state.revealed = None;
        }
        state.source = Some((id.clone(), cx.revision, cx.style));
        state.texts.clear();
        state.links_from_cases =
            Some(crate::domain::coordination::edit::links_from_cases(cx.project, r));
    }
    ui.heading(format!("{} {}", Text::RoleModels.get(cx.lang), cx.named(&r.party, &r.id)));
    egui::ScrollArea::vertical().show(ui, |ui| {
        person_ui(ui, cx, r, state);
        ui.separator();
        ui.horizontal(|ui| {
            ui.strong(Text::Memberships.get(cx.lang));
            if ui.button(Text::AddMembership.get(cx.lang)).clicked() {
                state.adding = Some(NewRow {
                    role_model: r.key(),
                    membership: true,
                    first: String::new(),
                    lost: String::new(),
                    insurer: None,
                });
            }
        });
        new_row_ui(ui, cx, r, &mut state.adding, true);
        let mut memberships: Vec<&Membership> = cx
            .project
            .memberships
            .iter()
            .filter(|m| m.role_model == r.id && m.party == r.party)
            .collect();
        memberships.sort_by_key(|m| (m.acquired_on, m.id));
        for m in memberships {
            ui.push_id(("membership", m.id), |ui| membership_ui(ui, cx, r, m, state));
        }
        ui.separator();
        let lang = cx.lang;
        if ui.button(Text::Rename.get(lang)).clicked() {
            cx.commands.push(Command::Edit(EditCmd::AskRename(Selection::RoleModel(r.key()))));
        }
        if ui.button(Text::DeleteThisRoleModel.get(lang)).clicked() {
            cx.commands.push(Command::Edit(EditCmd::AskDelete(Selection::RoleModel(r.key()))));
        }
        if ui.button(Text::ErasePersonButton.get(lang)).clicked() {
            cx.commands.push(Command::Edit(EditCmd::AskErase(r.key())));
        }
        if ui.button(Text::WriteFinding.get(lang)).clicked() {
            cx.commands.push(Command::Coordination(CoordinationCmd::WriteFinding(
                crate::domain::model::kinds::EntityKind::RoleModel,
                r.party.to_string(),
                r.id.to_string(),
            )));
        }
        ui.separator();
        benefits_ui(ui, cx, r, &mut state.adding);
    });
}

/// A date typed into the new row's form: `Ok(None)` when empty, else read by the workbook's rule for dates.
fn typed_date(
    text: &str,
    lang: crate::domain::model::message::Lang,
) -> Result<Option<crate::domain::date::Date>, String> {
    let mut notes = crate::exchange::cell::Notes::default();
    let date = crate::exchange::cell::date(&Raw::typed(text), &mut notes);
    match notes.0.iter().find(|n| n.level == crate::exchange::cell::Level::Error) {
        Some(n) => Err(n.message.get(lang).to_string()),
        None => Ok(date),
    }
}

/// The form of a membership or benefit record being added to `r` (`membership` says which list it is drawn
/// under): its dates, empty until typed, and 追加 once they read.
fn new_row_ui(
    ui: &mut egui::Ui,
    cx: &mut PanelCtx,
    r: &RoleModel,
    adding: &mut Option<NewRow>,
    membership: bool,
) {
    let Some(n) = adding.as_mut().filter(|n| n.role_model == r.key() && n.membership == membership)
    else {
        return;
    };
    let (lang, style) = (cx.lang, cx.style);
    let mut close = false;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.strong(if membership {
            Text::NewMembership.get(lang)
        } else {
            Text::NewBenefit.get(lang)
        });
        let date_line = |ui: &mut egui::Ui, field: Field, text: &mut String, hint: String| {
            ui.horizontal_wrapped(|ui| {
                let label = ui.label(field.label(lang));
                ui.add(
                    egui::TextEdit::singleline(text)
                        .id_salt(("new-row", field))
                        .hint_text(hint)
                        .desired_width(160.0),
                )
                .labelled_by(label.id);
                let read = typed_date(text, lang);
                match &read {
                    Ok(Some(d)) => {
                        ui.label(format!("→ {}", d.format(style)));
                    }
                    Ok(None) => {}
                    Err(why) => {
                        ui.colored_label(ui.visuals().error_fg_color, format!("！ {why}"));
                    }
                }
                read
            })
            .inner
        };
        let (first_field, hint) = if membership {
            let suggested = crate::domain::coordination::edit::suggested_acquisition(cx.project, r)
                .map(|d| format!("{} {}", Text::SuggestedDate.get(lang), d.format(style)))
                .unwrap_or_default();
            (Field::AcquiredOn, suggested)
        } else {
            (Field::StartDate, String::new())
        };
        if membership {
            insurer_line(ui, cx, &mut n.insurer);
        }
        let first = date_line(ui, first_field, &mut n.first, hint);
        let lost = if membership {
            date_line(ui, Field::LostOn, &mut n.lost, String::new())
        } else {
            Ok(None)
        };
        ui.horizontal(|ui| {
            let ready = match (&first, &lost) {
                (Ok(Some(first)), Ok(lost)) if !membership || n.insurer.is_some() => {
                    Some((*first, *lost))
                }
                _ => None,
            };
            if membership && n.insurer.is_none() {
                ui.weak(Text::ChooseInsurer.get(lang));
            }
            let add = ui.add_enabled(ready.is_some(), egui::Button::new(Text::AddThis.get(lang)));
            if matches!(first, Ok(None)) {
                ui.weak(Text::DateRequired.get(lang));
            }
            if add.clicked()
                && let Some((first, lost)) = ready
            {
                cx.commands.push(if membership {
                    let insurer = n.insurer.clone().unwrap_or_default();
                    Command::Edit(EditCmd::AddMembership(r.key(), insurer, first, lost))
                } else {
                    Command::Edit(EditCmd::AddBenefit(r.key(), first))
                });
                close = true;
            }
            if ui.button(Text::Cancel.get(lang)).clicked() {
                close = true;
            }
        });
    });
    if close {
        *adding = None;
    }
}

/// The new membership's insurer, chosen from the insurers (none until the user chooses).
fn insurer_line(
    ui: &mut egui::Ui,
    cx: &PanelCtx,
    chosen: &mut Option<crate::domain::model::InsurerNumber>,
) {
    let lang = cx.lang;
    ui.horizontal(|ui| {
        let label = ui.label(Field::InsurerNumber.label(lang));
        let shown = match chosen {
            Some(n) => cx
                .project
                .insurers
                .iter()
                .find(|i| i.number == *n)
                .map_or(n.to_string(), |i| format!("{} {}", i.number, i.name)),
            None => Text::ChooseInsurer.get(lang).to_string(),
        };
        egui::ComboBox::from_id_salt("new-membership-insurer")
            .selected_text(shown)
            .show_ui(ui, |ui| {
                for i in &cx.project.insurers {
                    let text = format!("{} {}", i.number, i.name);
                    if ui.selectable_label(chosen.as_ref() == Some(&i.number), text).clicked() {
                        *chosen = Some(i.number.clone());
                    }
                }
            })
            .response
            .labelled_by(label.id);
    });
}

/// A person or one of its memberships, as its typed lines edit it.
struct Editable<'a, T> {
    item: &'a T,
    /// The lines' id salt and the row (0 for the person, a membership's id).
    row: (&'static str, RowId),
    /// A field's text as first shown.
    text_of: fn(&T, Field, DateStyle) -> String,
    /// The column's rule a typed text is read with.
    set: fn(&mut T, Field, &Raw) -> Vec<Note>,
    wrap: fn(T) -> Entity,
}

/// One typed line of a field: read by its column's rule (a date column's line shows its date), a change pushed
/// as one put, with what the reading warned about.
fn field_line<T: Clone + PartialEq + crate::domain::model::columns::Row>(
    ui: &mut egui::Ui,
    cx: &mut PanelCtx,
    r: &RoleModel,
    e: &Editable<T>,
    field: Field,
    texts: &mut foldhash::HashMap<(RowId, Field), String>,
) {
    use crate::domain::model::columns::{Rule, column_of};
    let is_date = column_of::<T>(field).is_some_and(|c| matches!(c.rule, Rule::Date { .. }));
    let (lang, style) = (cx.lang, cx.style);
    let (salt, row) = e.row;
    let text = texts.entry((row, field)).or_insert_with(|| (e.text_of)(e.item, field, style));
    let read = |t: &str| {
        let mut x = e.item.clone();
        let notes = (e.set)(&mut x, field, &Raw::typed(t));
        read_with(x, notes)
    };
    let spec = Line { field, salt: (salt, row, field), is_date, lang, style, label: None };
    if let Some((x, warned)) = line(ui, spec, text, read)
        && x != *e.item
    {
        let label = with_warnings(edit_label(r, field, lang), &warned);
        cx.commands.push(put(label, (e.wrap)(x)));
    }
}

/// An edit's label, with what reading the typed value warned about (the status bar shows it).
fn with_warnings(label: String, warned: &str) -> String {
    if warned.is_empty() { label } else { format!("{label} — {warned}") }
}

fn edit_label(r: &RoleModel, field: Field, lang: crate::domain::model::message::Lang) -> String {
    format!("{} {}: {}", Text::EditField.get(lang), r.id, field.label(lang))
}

/// The person's own fields.
/// The links the person's test cases give, under its typed links, with a button that sets them so when they
/// differ (a person written in the window has none until then; a book's are kept as they came).
fn links_ui(ui: &mut egui::Ui, cx: &mut PanelCtx, r: &RoleModel, derived: Option<&RoleModel>) {
    let Some(derived) = derived else { return };
    let same = derived.scenario_ids == r.scenario_ids
        && derived.variation_ids == r.variation_ids
        && derived.test_case_ids == r.test_case_ids;
    if same {
        return;
    }
    let lang = cx.lang;
    ui.label("");
    ui.vertical(|ui| {
        let cases = Value::list(&derived.test_case_ids).into_string();
        let shown = if cases.is_empty() { Text::NotSet.get(lang).to_string() } else { cases };
        ui.weak(format!("{}: {shown}", Text::LinksFromCases.get(lang)));
        if ui.button(Text::SetLinksFromCases.get(lang)).clicked() {
            let label = format!("{} {}", Text::SetLinksFromCases.get(lang), r.id);
            cx.commands.push(put(label, Entity::RoleModel(Box::new(derived.clone()))));
        }
    });
    ui.end_row();
}

fn person_ui(ui: &mut egui::Ui, cx: &mut PanelCtx, r: &RoleModel, state: &mut RoleModelPaneState) {
    let lang = cx.lang;
    egui::Grid::new("role-model-detail").num_columns(2).spacing([8.0, 6.0]).show(ui, |ui| {
        let person = Editable {
            item: r,
            row: ("role-model", 0),
            text_of: person_text,
            set: column::set::<RoleModel>,
            wrap: |x| Entity::RoleModel(Box::new(x)),
        };
        for field in PERSON_FIELDS {
            if field == Field::MyNumber && state.revealed.as_ref() != Some(&r.key()) {
                // 特定個人情報: masked until the user asks to see this person's.
                ui.label(field.label(lang));
                ui.horizontal(|ui| {
                    ui.monospace(crate::ui::kit::values::masked_my_number(&r.my_number));
                    if !r.my_number.is_empty()
                        && ui.small_button(Text::ShowMyNumber.get(lang)).clicked()
                    {
                        state.revealed = Some(r.key());
                        state.texts.remove(&(0, Field::MyNumber));
                    }
                });
                ui.end_row();
                continue;
            }
            field_line(ui, cx, r, &person, field, &mut state.texts);
            if field == Field::MyNumber {
                ui.label("");
                if ui.small_button(Text::HideMyNumber.get(lang)).clicked() {
                    state.revealed = None;
                }
                ui.end_row();
            }
            if field == Field::TestCaseIds {
                links_ui(ui, cx, r, state.links_from_cases.as_ref());
            }
            if field == Field::MyNumber
                && !r.my_number.is_empty()
                && let Err(e) = verify_my_number(&r.my_number)
            {
                ui.label("");
                ui.colored_label(ui.visuals().warn_fg_color, format!("！ {e}"));
                ui.end_row();
            }
        }
        ui.label(Field::Sex.label(lang));
        ui.horizontal(|ui| {
            for (sex, label) in
                [(None, Text::NotSet.get(lang)), (Some(Sex::Male), "男"), (Some(Sex::Female), "女")]
            {
                if ui.radio(r.sex == sex, label).clicked() && r.sex != sex {
                    let mut x = r.clone();
                    x.sex = sex;
                    cx.commands
                        .push(put(edit_label(r, Field::Sex, lang), Entity::RoleModel(Box::new(x))));
                }
            }
        });
        ui.end_row();
    });
}

/// One membership, edited in place.
fn membership_ui(
    ui: &mut egui::Ui,
    cx: &mut PanelCtx,
    r: &RoleModel,
    m: &Membership,
    state: &mut RoleModelPaneState,
) {
    let lang = cx.lang;
    let insurers: Vec<(&str, &str)> =
        cx.project.insurers.iter().map(|x| (x.number.as_str(), x.name.as_str())).collect();
    egui::Frame::group(ui.style()).show(ui, |ui| {
        egui::Grid::new("membership").num_columns(2).spacing([8.0, 4.0]).show(ui, |ui| {
            let label = ui.label(Field::InsurerNumber.label(lang));
            let shown = insurers
                .iter()
                .find(|(n, _)| *n == m.insurer.as_str())
                .map(|(n, name)| format!("{n} {name}"))
                .unwrap_or_else(|| m.insurer.to_string());
            let combo = egui::ComboBox::from_id_salt("insurer")
                .selected_text(shown)
                .truncate()
                .width(ui.available_width().clamp(120.0, 260.0))
                .show_ui(ui, |ui| {
                    for (n, name) in &insurers {
                        if ui
                            .selectable_label(*n == m.insurer.as_str(), format!("{n} {name}"))
                            .clicked()
                            && *n != m.insurer.as_str()
                        {
                            let mut x = m.clone();
                            x.insurer = (*n).into();
                            cx.commands.push(put(
                                edit_label(r, Field::InsurerNumber, lang),
                                Entity::Membership(x),
                            ));
                        }
                    }
                });
            let _ = combo.response.labelled_by(label.id);
            ui.end_row();
            let membership = Editable {
                item: m,
                row: ("membership", m.id),
                text_of: membership_text,
                set: column::set::<Membership>,
                wrap: Entity::Membership,
            };
            for field in MEMBERSHIP_TEXT_FIELDS {
                field_line(ui, cx, r, &membership, field, &mut state.texts);
            }
        });
        // Asked first, as on the 加入歴 sheet: every delete says what goes.
        if ui.button(Text::RemoveMembership.get(lang)).clicked()
            && let Some(row) = cx.project.memberships.iter().position(|x| x.id == m.id)
        {
            cx.commands.push(Command::Edit(EditCmd::AskDelete(Selection::Row(
                crate::exchange::sheets::SheetKind::Memberships,
                row,
            ))));
        }
    });
}

/// The person's benefit records: their fields are edited on the 給付情報 sheet (its row pane); here they are
/// listed and removed.
fn benefits_ui(ui: &mut egui::Ui, cx: &mut PanelCtx, r: &RoleModel, adding: &mut Option<NewRow>) {
    let (lang, style) = (cx.lang, cx.style);
    ui.horizontal(|ui| {
        ui.strong(Text::Benefits.get(lang));
        if ui.button(Text::AddBenefit.get(lang)).clicked() {
            *adding = Some(NewRow {
                role_model: r.key(),
                membership: false,
                first: String::new(),
                lost: String::new(),
                insurer: None,
            });
        }
    });
    new_row_ui(ui, cx, r, adding, false);
    for b in cx.project.benefits.iter().filter(|b| b.role_model == r.id && b.party == r.party) {
        ui.horizontal(|ui| {
            ui.label(format!(
                "{} {} {} {}",
                b.insurer,
                b.kind,
                b.start_date.format(style),
                b.amount.map(|a| format!("{a}円")).unwrap_or_default()
            ));
            if ui.small_button(Text::Remove.get(lang)).clicked()
                && let Some(row) = cx.project.benefits.iter().position(|x| x.id == b.id)
            {
                cx.commands.push(Command::Edit(EditCmd::AskDelete(Selection::Row(
                    crate::exchange::sheets::SheetKind::Benefits,
                    row,
                ))));
            }
        });
    }
}
