//! The detail pane of one row of 加入歴, 給付情報, 保険者, 機関 or コード: every column of the sheet as a field. A field
//! left with a new value is read exactly as a workbook cell would be (the column's rule, `exchange::row_edit`), so
//! the window and the workbook can never disagree; the problems it finds are shown and nothing is saved. The key
//! columns are shown but not edited here.

use crate::domain::model::Project;
use crate::domain::model::message::Lang;
use crate::exchange::row_edit;
use crate::exchange::sheets::SheetKind;

use crate::ui::kit::command::Command;
use crate::ui::kit::command::{EditCmd, ViewCmd};
use crate::ui::kit::panel::PanelCtx;
use crate::ui::kit::text::Text;

pub use crate::exchange::row_edit::is_key;

/// The fields being typed into, for the row and revision they were read from.
#[derive(Debug, Default)]
pub struct RowPaneState {
    source: Option<(SheetKind, usize, u64)>,
    texts: Vec<String>,
    problems: Vec<String>,
}

/// Draw the pane for row `row` of a sheet, whose texts (as shown in the table) are `shown`.
pub fn row_pane_ui(
    ui: &mut egui::Ui,
    cx: &mut PanelCtx,
    kind: SheetKind,
    row: usize,
    shown: &[String],
    state: &mut RowPaneState,
) {
    let lang = cx.lang;
    if state.source != Some((kind, row, cx.revision)) {
        state.source = Some((kind, row, cx.revision));
        state.texts = shown.to_vec();
        state.problems.clear();
    }
    let columns = kind.columns();
    let key = columns
        .iter()
        .zip(shown)
        .filter(|((f, _), _)| is_key(kind, *f))
        .map(|(_, v)| v.as_str())
        .collect::<Vec<_>>()
        .join(" / ");
    let party = crate::exchange::sheet_rows::sheet_entity(kind, cx.project, row)
        .and_then(|e| e.party().map(|x| x.to_string()));
    let key = match party {
        Some(party) => cx.named(&party, &key),
        None => key,
    };
    ui.heading(format!("{} {key}", crate::ui::kit::text::sheet_tab(kind).get(lang)));
    // An insurer's row opens its workspace (its partition and the cases that reach it).
    if kind == SheetKind::Insurers
        && let Some(number) = columns
            .iter()
            .zip(shown)
            .find(|((f, _), _)| is_key(kind, *f))
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
        && ui.button(format!("{} {number}", Text::InsurerWorkspace.get(lang))).clicked()
    {
        cx.commands.push(Command::View(ViewCmd::OpenInsurer(number.into())));
    }
    let mut leave = false;
    egui::Grid::new(("row-pane", kind.name())).num_columns(2).spacing([8.0, 6.0]).show(ui, |ui| {
        for (i, (field, _)) in columns.iter().enumerate() {
            // Whose the row is: the pane's title says it, and it is not edited here.
            if *field == crate::domain::model::field::Field::Party {
                continue;
            }
            let label = ui.label(field.label(lang));
            let Some(text) = state.texts.get_mut(i) else {
                continue;
            };
            let r = ui
                .add_enabled(
                    !is_key(kind, *field),
                    egui::TextEdit::singleline(text)
                        .id_salt(("row-field", *field))
                        .desired_width(ui.available_width().clamp(80.0, 300.0)),
                )
                .labelled_by(label.id);
            crate::ui::kit::form::focus_if_asked(ui, *field, &r);
            leave |= r.lost_focus();
            ui.end_row();
        }
    });
    for why in &state.problems {
        ui.colored_label(ui.visuals().error_fg_color, format!("！ {why}"));
    }
    if leave && state.texts.as_slice() != shown {
        match edit_command((kind, row), cx.project, (&state.texts, shown), lang) {
            Ok(command) => {
                state.problems.clear();
                cx.commands.extend(command);
            }
            Err(problems) => state.problems = problems,
        }
    }
}

/// Read one row of a sheet's texts with the workbook's rules against the project: the command that saves the
/// change (none when nothing changes), or the reasons it cannot be read.
pub fn edit_command(
    (kind, row): (SheetKind, usize),
    p: &Project,
    (texts, shown): (&[String], &[String]),
    lang: Lang,
) -> Result<Option<Command>, Vec<String>> {
    let say = |notes: Vec<crate::exchange::cell::Note>| -> Vec<String> {
        notes.iter().map(|n| n.message.get(lang).to_string()).collect()
    };
    // The tables show a fixed list's values in the chosen language; the workbook's rule reads the Japanese word.
    let in_workbook_words = |texts: &[String]| -> Vec<String> {
        texts
            .iter()
            .zip(kind.columns())
            .map(|(t, (f, _))| crate::ui::kit::values::typed_value(*f, t))
            .collect()
    };
    let (texts, shown) = (in_workbook_words(texts), in_workbook_words(shown));
    let (change, warnings) = row_edit::edit_row(kind, p, row, &texts, &shown).map_err(say)?;
    if change.is_empty() {
        return Ok(None);
    }
    let what = change.lines(lang).into_iter().take(3).collect::<Vec<_>>().join(" ");
    // What the reading warned about (a control character removed, a number read as a code) is said with it.
    let warnings = say(warnings);
    let label = if warnings.is_empty() {
        format!("{} {what}", Text::EditField.get(lang))
    } else {
        format!("{} {what} — {}", Text::EditField.get(lang), warnings.join(" / "))
    };
    Ok(Some(Command::Edit(EditCmd::ApplyChange { label, change: Box::new(change) })))
}
