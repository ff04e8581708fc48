//! The pane of a scenario or a variation chosen in the tree: its fields typed (the name among them, saved when the
//! field is left, each read by its column's rule), its ID (changed through the rename dialog, which takes along
//! what refers to it), what it holds, and what can be done with it.

use crate::domain::model::columns::{Row, Value, column_of, set_alone};
use crate::domain::model::entity::{Entity, EntityKey};
use crate::domain::model::field::Field;
use crate::exchange::cell::Raw;
use crate::exchange::column;
use crate::ui::kit::command::{Command, EditCmd, Selection};
use crate::ui::kit::form::{Line, line, read_with};
use crate::ui::kit::panel::PanelCtx;
use crate::ui::kit::text::Text;

/// What is typed in the pane and what the node holds (its variations, its test cases), for the node and project
/// revision they were worked out for: counting a scenario's cases scans every case, not a thing for every frame.
#[derive(Default)]
pub struct ScenarioPaneState {
    source: Option<(Selection, u64)>,
    texts: foldhash::HashMap<Field, String>,
    held: (usize, usize),
}

/// Draw the pane of the scenario or variation `chosen` (nothing for another selection, or one no longer there).
pub fn scenario_pane_ui(
    ui: &mut egui::Ui,
    cx: &mut PanelCtx,
    chosen: &Selection,
    state: &mut ScenarioPaneState,
) {
    let p = cx.project;
    if state.source.as_ref() != Some(&(chosen.clone(), cx.revision)) {
        state.source = Some((chosen.clone(), cx.revision));
        state.texts.clear();
        // What it holds is what deleting it takes (the delete dialog's count).
        let key = match chosen {
            Selection::Scenario(key) => Some(EntityKey::Scenario(key.clone())),
            Selection::Variation(key) => Some(EntityKey::Variation(key.clone())),
            Selection::TestCase(_) | Selection::RoleModel(_) | Selection::Row(..) => None,
        };
        state.held = key.map_or((0, 0), |key| {
            let (variations, cases, _, _) = crate::domain::coordination::edit::dependants(p, &key);
            (variations, cases)
        });
    }
    let (variations, cases) = state.held;
    match chosen {
        Selection::Scenario(key) => {
            let Some(x) = p.scenarios.iter().find(|s| s.key() == *key) else { return };
            let add = (Text::AddVariation, EditCmd::AddVariation(key.clone()));
            let about = (Text::Scenario, (x.party.as_str(), x.id.as_str()), (variations, cases));
            node_ui(ui, cx, (x, Entity::Scenario), (chosen, about, add), &mut state.texts);
        }
        Selection::Variation(key) => {
            let Some(x) = p.variations.iter().find(|v| v.key() == *key) else { return };
            let add = (Text::AddTestCase, EditCmd::AddTestCase(key.clone()));
            let about = (Text::Variation, (x.party.as_str(), x.id.as_str()), (variations, cases));
            node_ui(ui, cx, (x, Entity::Variation), (chosen, about, add), &mut state.texts);
        }
        Selection::TestCase(_) | Selection::RoleModel(_) | Selection::Row(..) => {}
    }
}

/// What the pane says of its node: its word, (party, ID), and (variations, test cases) below it.
type About<'a> = (Text, (&'a str, &'a str), (usize, usize));

/// A scenario or a variation: its heading (its word, party and ID), its typed fields, its counts, and its buttons
/// (add below it, change its ID, delete it).
fn node_ui<T: Row + Clone + PartialEq>(
    ui: &mut egui::Ui,
    cx: &mut PanelCtx,
    (x, wrap): (&T, fn(T) -> Entity),
    (chosen, (what, (party, id), (variations, cases)), add): (&Selection, About, (Text, EditCmd)),
    texts: &mut foldhash::HashMap<Field, String>,
) {
    let lang = cx.lang;
    // The entity's word starts a heading with a capital in English (`Scenario S01`).
    let word = what.get(lang);
    let word = word
        .chars()
        .next()
        .map_or(String::new(), |c| c.to_uppercase().chain(word.chars().skip(1)).collect());
    ui.heading(format!("{word} {}", cx.named(party, id)));
    egui::Grid::new("scenario-pane").num_columns(2).show(ui, |ui| {
        for field in set_alone::<T>() {
            let text = texts.entry(field).or_insert_with(|| {
                column_of::<T>(field).map(|c| (c.get)(x)).map_or(String::new(), text_of)
            });
            let spec = Line {
                field,
                salt: ("scenario-pane", 0, field),
                is_date: false,
                lang,
                style: cx.style,
                label: None,
            };
            let read = |t: &str| {
                let mut updated = x.clone();
                let notes = column::set(&mut updated, field, &Raw::typed(t));
                read_with(updated, notes)
            };
            if let Some((updated, warned)) = line(ui, spec, text, read)
                && updated != *x
            {
                let mut label =
                    format!("{} {id} [{}]", Text::EditField.get(lang), field.label(lang));
                if !warned.is_empty() {
                    label += &format!(" — {warned}");
                }
                cx.commands
                    .push(Command::Edit(EditCmd::Put { label, entity: Box::new(wrap(updated)) }));
            }
        }
    });
    ui.separator();
    if variations > 0 {
        ui.label(format!("{} {variations}", Text::Variation.get(lang)));
    }
    ui.label(format!("{} {cases}", Text::TestCase.get(lang)));
    ui.horizontal_wrapped(|ui| {
        if ui.button(add.0.get(lang)).clicked() {
            cx.commands.push(Command::Edit(add.1));
        }
        if ui.button(Text::Rename.get(lang)).clicked() {
            cx.commands.push(Command::Edit(EditCmd::AskRename(chosen.clone())));
        }
        if ui.button(Text::Delete.get(lang)).clicked() {
            cx.commands.push(Command::Edit(EditCmd::AskDelete(chosen.clone())));
        }
    });
}

/// A stored value as typed text.
fn text_of(v: Value) -> String {
    v.as_str().to_string()
}
