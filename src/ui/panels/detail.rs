//! The detail pane of a test case: every field as a form. Text and dates are committed when the field is left
//! (one undo step per field edit, never per keystroke) and read with the workbook's rule for their column
//! (`exchange::cell`), the reading shown beside them; a value that cannot be read is marked at the field with the
//! reason and not saved. Codes are picked from the masters (a searchable list of code and name), items from the
//! info kind's checklist.

use crate::domain::date::DateStyle;
use crate::domain::model::entity::Entity;
use crate::domain::model::field::Field;
use crate::domain::model::message::Lang;
use crate::domain::model::*;
use crate::exchange::cell::Raw;
use crate::exchange::column;

use crate::ui::kit::command::{Command, Selection};
use crate::ui::kit::command::{CoordinationCmd, EditCmd, ViewCmd};
use crate::ui::kit::form::{Line, read_with};
use crate::ui::kit::panel::PanelCtx;
use crate::ui::kit::text::Text;

/// The fields being typed into, for the case and revision they were read from.
#[derive(Debug, Default)]
pub struct DetailState {
    /// The case, project revision and date style the typed texts were filled for (a new style shows the dates in
    /// it).
    source: Option<(TestCaseKey, u64, DateStyle)>,
    texts: foldhash::HashMap<Field, String>,
    /// The search text of the open code list.
    search: String,
}

/// The fields typed as text, in the pane's order: a test case's own fields but its outcome (a choice).
fn text_fields() -> impl Iterator<Item = Field> {
    column::alone::<TestCase>().filter_map(|c| c.field).filter(|f| *f != Field::ExpectedOutcome)
}

/// A field's value as the pane shows it for typing: text as it is, a date in the chosen style.
fn field_text(c: &TestCase, field: Field, style: DateStyle) -> String {
    use crate::domain::model::columns::{Value, column_of};
    match column_of::<TestCase>(field).map(|col| (col.get)(c)) {
        Some(Value::Date(d)) => d.format(style),
        Some(v) => v.stored(),
        None => String::new(),
    }
}

fn put(c: TestCase, field: Field, lang: Lang) -> Command {
    put_warned(c, field, lang, String::new())
}

/// An edit, with what reading the typed value warned about said in its label (the status bar shows it).
fn put_warned(c: TestCase, field: Field, lang: Lang, warned: String) -> Command {
    let mut label = format!("{} {}: {}", Text::EditField.get(lang), c.id, field.label(lang));
    if !warned.is_empty() {
        label += &format!(" — {warned}");
    }
    Command::Edit(EditCmd::Put { label, entity: Box::new(Entity::TestCase(Box::new(c))) })
}

/// The codes a reference may name, with their names, borrowed from the project (drawn every frame, so nothing is
/// copied): the institutions (never the Fund as the requester: it answers queries, it never makes one), the
/// affairs, the procedures of the case's affair, the info kinds, the persons of the case's party.
fn master_options<'p>(
    p: &'p Project,
    c: &'p TestCase,
    master: crate::domain::model::columns::Master,
    field: Field,
) -> Box<dyn Iterator<Item = (&'p str, &'p str)> + 'p> {
    use crate::domain::model::columns::Master;
    use crate::domain::model::kinds::InstitutionKind;
    match master {
        Master::Institution => Box::new(
            p.institutions
                .iter()
                .filter(move |x| field != Field::Requester || x.kind != InstitutionKind::Fund)
                .map(|x| (x.code.as_str(), x.name.as_str())),
        ),
        Master::Affair => Box::new(p.affairs.iter().map(|x| (x.code.as_str(), x.name.as_str()))),
        Master::Procedure => Box::new(
            p.procedures
                .iter()
                .filter(|x| x.affair == c.affair)
                .map(|x| (x.code.as_str(), x.name.as_str())),
        ),
        Master::InfoKind => {
            Box::new(p.info_kinds.iter().map(|x| (x.code.as_str(), x.name.as_str())))
        }
        Master::RoleModel => Box::new(
            p.role_models
                .iter()
                .filter(|x| x.party == c.party)
                .map(|x| (x.id.as_str(), x.name.as_str())),
        ),
        Master::Target => Box::new(std::iter::empty()),
    }
}

/// A searchable list of codes with their names; returns the code picked. The options are listed only to name
/// the current code and while the list is open (a party may have 100,000 persons; the pane is drawn every frame).
fn code_combo<'o, I: Iterator<Item = (&'o str, &'o str)>>(
    ui: &mut egui::Ui,
    label: egui::Id,
    field: Field,
    current: &str,
    options: &dyn Fn() -> I,
    search: &mut String,
    lang: Lang,
) -> Option<String> {
    let mut picked = None;
    let shown = options()
        .find(|(c, _)| *c == current)
        .map(|(c, n)| format!("{c} {n}"))
        .unwrap_or_else(|| current.to_string());
    let combo = egui::ComboBox::from_id_salt(field.header())
        .selected_text(shown)
        .truncate()
        // What is left of the pane's visible width (a grid's cell reaches past it), never cut at its edge.
        .width((ui.clip_rect().right() - ui.cursor().min.x - 12.0).clamp(100.0, 280.0))
        .height(320.0)
        .show_ui(ui, |ui| {
            ui.add(egui::TextEdit::singleline(search).hint_text(Text::Search.get(lang)))
                .labelled_by(label);
            let needle = search.trim();
            let hits: Vec<(&str, &str)> = options()
                .filter(|(c, n)| needle.is_empty() || c.contains(needle) || n.contains(needle))
                .collect();
            crate::ui::kit::panel::scrolled_rows(ui, ("codes", 280.0), &hits, |ui, (c, n)| {
                if ui.selectable_label(*c == current, format!("{c} {n}")).clicked() {
                    picked = Some(c.to_string());
                }
            });
        });
    let response = combo.response.labelled_by(label);
    crate::ui::kit::form::focus_if_asked(ui, field, &response);
    picked
}

/// The pane being drawn: the case, what is typed, and where edits go.
struct Form<'a, 'c> {
    c: &'a TestCase,
    texts: &'a mut foldhash::HashMap<Field, String>,
    search: &'a mut String,
    cx: &'a mut PanelCtx<'c>,
}

impl Form<'_, '_> {
    /// A text or date field: committed when left, when it reads (by its column's rule) and differs.
    fn text_row(&mut self, ui: &mut egui::Ui, field: Field) {
        self.text_row_as(ui, field, None);
    }

    /// A text or date field under a label that says what it means here.
    fn text_row_as(&mut self, ui: &mut egui::Ui, field: Field, label: Option<&'static str>) {
        let (lang, style, c) = (self.cx.lang, self.cx.style, self.c);
        let text = self.texts.entry(field).or_default();
        let spec = Line {
            field,
            salt: ("test-case", 0, field),
            is_date: crate::domain::model::columns::column_of::<TestCase>(field).is_some_and(|c| {
                matches!(c.rule, crate::domain::model::columns::Rule::Date { .. })
            }),
            lang,
            style,
            label,
        };
        let read = |t: &str| {
            let mut updated = c.clone();
            let notes = column::set(&mut updated, field, &Raw::typed(t));
            read_with(updated, notes)
        };
        if let Some((updated, warned)) = crate::ui::kit::form::line(ui, spec, text, read)
            && updated != *c
        {
            self.cx.commands.push(put_warned(updated, field, lang, warned));
        }
    }

    /// A code picked from a master.
    fn code_row<'o, I: Iterator<Item = (&'o str, &'o str)>>(
        &mut self,
        ui: &mut egui::Ui,
        field: Field,
        options: &dyn Fn() -> I,
        set: &dyn Fn(&mut TestCase, String),
    ) {
        let lang = self.cx.lang;
        let label = ui.label(field.label(lang));
        let value = crate::domain::model::columns::column_of::<TestCase>(field)
            .map(|col| (col.get)(self.c));
        let current = value.as_ref().map_or("", |v| v.as_str());
        if let Some(code) = code_combo(ui, label.id, field, current, options, self.search, lang) {
            let mut updated = self.c.clone();
            set(&mut updated, code);
            if updated != *self.c {
                self.cx.commands.push(put(updated, field, lang));
            }
        }
        ui.end_row();
    }

    /// The items: a checklist of the info kind's items, kept in the master's order.
    fn items_row(&mut self, ui: &mut egui::Ui) {
        let (p, c, lang) = (self.cx.project, self.c, self.cx.lang);
        ui.label(Field::Items.label(lang));
        let room = (ui.clip_rect().right() - ui.cursor().min.x - 8.0).max(120.0);
        ui.vertical(|ui| {
            // A long item name wraps inside the pane instead of running past its edge.
            ui.set_max_width(room);
            ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Wrap);
            for (n, item) in p.info_items.iter().filter(|i| i.info_kind == c.info_kind).enumerate()
            {
                let mut on = c.items.contains(&item.code);
                let r = ui.checkbox(&mut on, format!("{} {}", item.code, item.name));
                if n == 0 {
                    crate::ui::kit::form::focus_if_asked(ui, Field::Items, &r);
                }
                if r.changed() {
                    let mut updated = c.clone();
                    if on {
                        updated.items.push(item.code.clone());
                        let order: Vec<&InfoItemCode> =
                            p.info_items.iter().map(|i| &i.code).collect();
                        updated.items.sort_by_key(|x| order.iter().position(|o| *o == x));
                    } else {
                        updated.items.retain(|x| x != &item.code);
                    }
                    self.cx.commands.push(put(updated, Field::Items, lang));
                }
            }
        });
        ui.end_row();
    }

    /// The condition: one of the three kinds.
    fn condition_row(&mut self, ui: &mut egui::Ui) {
        let (c, lang) = (self.c, self.cx.lang);
        ui.label(Field::Condition.label(lang));
        ui.horizontal(|ui| {
            for k in ConditionKind::ALL {
                let label = if lang == Lang::Ja { k.label_ja() } else { k.label_en() };
                let r = ui.radio(c.condition_kind == k, label);
                if c.condition_kind == k {
                    crate::ui::kit::form::focus_if_asked(ui, Field::Condition, &r);
                }
                if r.clicked() && c.condition_kind != k {
                    let mut updated = c.clone();
                    updated.condition_kind = k;
                    self.cx.commands.push(put(updated, Field::Condition, lang));
                }
            }
        });
        ui.end_row();
    }

    /// The condition's dates as the condition reads them: a range has a start and an end; a point in time one
    /// date, labelled 時点; the default none. A date the condition does not use is still shown while it is filled
    /// (the check flags it, with its fix), so that nothing is hidden that the workbook will carry.
    fn condition_dates(&mut self, ui: &mut egui::Ui) {
        let (c, lang) = (self.c, self.cx.lang);
        let typed = |texts: &foldhash::HashMap<Field, String>, f: Field| {
            texts.get(&f).is_some_and(|t| !t.trim().is_empty())
        };
        let kind = c.condition_kind;
        if kind != ConditionKind::Latest
            || c.condition_start.is_some()
            || typed(self.texts, Field::ConditionStart)
        {
            let point = (kind == ConditionKind::AsOf).then(|| Text::ConditionPoint.get(lang));
            self.text_row_as(ui, Field::ConditionStart, point);
        }
        if kind == ConditionKind::Range
            || c.condition_end.is_some()
            || typed(self.texts, Field::ConditionEnd)
        {
            self.text_row(ui, Field::ConditionEnd);
        }
    }

    /// The expected outcome, or none.
    fn outcome_row(&mut self, ui: &mut egui::Ui) {
        let (c, lang) = (self.c, self.cx.lang);
        let label = ui.label(Field::ExpectedOutcome.label(lang));
        let current = c.expected_outcome.map(|o| o.label(lang)).unwrap_or("");
        let commands = &mut *self.cx.commands;
        let combo = egui::ComboBox::from_id_salt("expected-outcome")
            .selected_text(current)
            .show_ui(ui, |ui| {
                let mut choose = |o: Option<Outcome>, label: &str| {
                    if ui.selectable_label(c.expected_outcome == o, label).clicked()
                        && c.expected_outcome != o
                    {
                        let mut updated = c.clone();
                        updated.expected_outcome = o;
                        commands.push(put(updated, Field::ExpectedOutcome, lang));
                    }
                };
                choose(None, Text::NotSet.get(lang));
                for o in Outcome::ALL {
                    choose(Some(o), o.label(lang));
                }
            });
        let response = combo.response.labelled_by(label.id);
        crate::ui::kit::form::focus_if_asked(ui, Field::ExpectedOutcome, &response);
        ui.end_row();
    }

    /// Every field, in the sheet's order, as its field table says it is read: the variation to move to, the
    /// masters' codes picked from their lists, the items as the info kind's checklist, the condition with the
    /// dates it reads, the expected outcome as a choice, every other field as text or a date read by its column's
    /// rule. (Its keys are the pane's header; its agreement columns are set above.)
    fn fields_ui(&mut self, ui: &mut egui::Ui) {
        use crate::domain::model::columns::{Row, Rule};
        for column in TestCase::COLUMNS {
            let Some(field) = column.field else { continue };
            match (field, column.rule) {
                (Field::VariationId, _) => self.variation_row(ui),
                (
                    Field::ScenarioId
                    | Field::ScenarioName
                    | Field::VariationName
                    | Field::TestCaseId
                    | Field::ConditionStart
                    | Field::AgreementState
                    | Field::AgreementDate
                    | Field::AgreementBy
                    | Field::AgreementMemo,
                    _,
                ) => {}
                (Field::ConditionEnd, _) => self.condition_dates(ui),
                (_, Rule::Reference(master)) => {
                    let (p, c) = (self.cx.project, self.c);
                    self.code_row(ui, field, &|| master_options(p, c, master, field), &|c, v| {
                        if let Some(col) =
                            crate::domain::model::columns::column_of::<TestCase>(field)
                        {
                            (col.set)(c, crate::domain::model::columns::Value::owned(v));
                        }
                    });
                }
                (_, Rule::ItemCodes) => self.items_row(ui),
                (_, Rule::Condition) => self.condition_row(ui),
                (_, Rule::Choice { .. }) => self.outcome_row(ui),
                _ => self.text_row(ui, field),
            }
        }
    }

    /// Move the case to another variation of its party (its scenario follows).
    fn variation_row(&mut self, ui: &mut egui::Ui) {
        let (p, c, lang) = (self.cx.project, self.c, self.cx.lang);
        // Its party's variations only: ids are unique within a party.
        let variations = || {
            p.variations
                .iter()
                .filter(|v| v.party == c.party)
                .map(|v| (v.id.as_str(), v.name.as_str()))
        };
        let label = ui.label(Field::VariationId.label(lang));
        if let Some(v) = code_combo(
            ui,
            label.id,
            Field::VariationId,
            c.variation.as_str(),
            &variations,
            self.search,
            lang,
        ) && let Some(var) =
            p.variations.iter().find(|x| x.id.as_str() == v && x.party == c.party)
        {
            let mut moved = c.clone();
            moved.variation = var.id.clone();
            moved.scenario = var.scenario.clone();
            self.cx.commands.push(Command::Edit(EditCmd::Put {
                label: format!("{} {} → {}", Text::MoveTestCase.get(lang), c.id, var.id),
                entity: Box::new(Entity::TestCase(Box::new(moved))),
            }));
        }
        ui.end_row();
    }
}

/// Draw the pane for the test case `id`; edits are pushed as commands.
pub fn test_case_detail_ui(
    ui: &mut egui::Ui,
    cx: &mut PanelCtx,
    id: &TestCaseKey,
    state: &mut DetailState,
) {
    let Some(c) = cx.project.test_case(id) else {
        return;
    };
    let lang = cx.lang;
    if state.source.as_ref() != Some(&(id.clone(), cx.revision, cx.style)) {
        state.source = Some((id.clone(), cx.revision, cx.style));
        state.texts = text_fields().map(|f| (f, field_text(c, f, cx.style))).collect();
    }
    ui.horizontal(|ui| {
        ui.heading(format!("{} {}", Text::TestCase.get(lang), cx.named(&c.party, &c.id)));
        if ui.button(Text::Simulation.get(lang)).clicked() {
            cx.commands.push(Command::View(ViewCmd::ShowSimulation(c.key())));
        }
    });
    ui.label(format!(
        "{} {} / {} {}",
        Field::ScenarioId.label(lang),
        c.scenario,
        Field::VariationId.label(lang),
        c.variation
    ));
    agreement_ui(ui, cx, c);
    egui::ScrollArea::vertical().show(ui, |ui| {
        egui::Grid::new("test-case-detail").num_columns(2).spacing([8.0, 6.0]).show(ui, |ui| {
            Form { c, texts: &mut state.texts, search: &mut state.search, cx }.fields_ui(ui);
        });
        ui.separator();
        ui.horizontal(|ui| {
            if ui.button(Text::Duplicate.get(lang)).clicked() {
                cx.commands.push(Command::Edit(EditCmd::DuplicateTestCase(c.key())));
            }
            if ui.button(Text::DeleteThisCase.get(lang)).clicked() {
                cx.commands.push(Command::Edit(EditCmd::AskDelete(Selection::TestCase(c.key()))));
            }
        });
    });
}

/// The case's agreement (確認状態, who set it and when, its memo), set here with one click, and the findings about
/// it, with the button that writes one by hand.
fn agreement_ui(ui: &mut egui::Ui, cx: &mut PanelCtx, c: &TestCase) {
    use crate::domain::model::kinds::{AgreementState, EntityKind};
    let lang = cx.lang;
    ui.horizontal_wrapped(|ui| {
        ui.label(Field::AgreementState.label(lang));
        for s in AgreementState::ALL {
            let colour = crate::ui::panels::parties_view::state_colour(s, ui.visuals());
            let text = egui::RichText::new(s.label(lang)).color(colour);
            if ui.selectable_label(c.agreement.state == s, text).clicked() && c.agreement.state != s
            {
                cx.commands
                    .push(Command::Coordination(CoordinationCmd::SetAgreement(vec![c.key()], s)));
            }
        }
    });
    if let Some(d) = c.agreement.date {
        ui.small(format!(
            "{} {} / {} {}",
            Field::AgreementDate.label(lang),
            d.format(cx.style),
            Field::AgreementBy.label(lang),
            c.agreement.by
        ));
    }
    if !c.agreement.memo.is_empty() {
        ui.small(format!(
            "{}: {}",
            Field::AgreementMemo.label(lang),
            c.agreement.memo.replace('\n', " / ")
        ));
    }
    let about: Vec<&crate::domain::model::Finding> = cx
        .project
        .findings
        .iter()
        .filter(|f| {
            f.party == c.party && f.target == EntityKind::TestCase && f.key == c.id.as_str()
        })
        .collect();
    for f in &about {
        let colour =
            if f.is_open() { ui.visuals().warn_fg_color } else { ui.visuals().weak_text_color() };
        ui.colored_label(
            colour,
            format!(
                "{} [{}] {}{}",
                f.id,
                f.state.label(lang),
                if f.field.is_empty() { String::new() } else { format!("{}: ", f.field) },
                f.message
            ),
        );
    }
    if ui.button(Text::WriteFinding.get(lang)).clicked() {
        cx.commands.push(Command::Coordination(CoordinationCmd::WriteFinding(
            EntityKind::TestCase,
            c.party.to_string(),
            c.id.to_string(),
        )));
    }
    ui.separator();
}
