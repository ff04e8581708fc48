//! The dialogs of the coordination loop: a finding (指摘) written by hand on a row or one of its fields, and the
//! project's own body (自団体), asked once when first needed.

use crate::domain::model::kinds::Severity;
use crate::exchange::sheet_rows::target_sheet;
use crate::ui::kit::form::{modal, ok_or_cancel};

use crate::ui::kit::command::CoordinationCmd;
use crate::ui::kit::text::Text;
use crate::ui::shell::app::App;

impl App {
    /// The finding being written: its target, the field at fault, severity, message and suggestion.
    pub(crate) fn finding_dialog(&mut self, ctx: &egui::Context) {
        let lang = self.lang;
        let Some(f) = &mut self.finding_draft else {
            return;
        };
        modal(ctx, "finding-dialog", &mut self.pending, |ui, commands| {
            ui.set_width(560.0);
            ui.heading(format!("{} {}", Text::NewFinding.get(lang), f.id));
            egui::Grid::new("finding-fields").num_columns(2).spacing([12.0, 6.0]).show(ui, |ui| {
                ui.label(Text::Target.get(lang));
                ui.label(format!(
                    "{} {}{}",
                    target_sheet(f.target).name(),
                    if f.party.as_str().is_empty() {
                        String::new()
                    } else {
                        format!("{}:", f.party)
                    },
                    f.key
                ));
                ui.end_row();
                let label = ui.label(Text::TargetField.get(lang));
                let headers: Vec<&str> = target_sheet(f.target)
                    .columns()
                    .iter()
                    .map(|(field, _)| field.header())
                    .collect();
                let shown = if f.field.is_empty() {
                    Text::WholeRow.get(lang).to_string()
                } else {
                    f.field.clone()
                };
                egui::ComboBox::from_id_salt("finding-field")
                    .selected_text(shown)
                    .width(300.0)
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut f.field, String::new(), Text::WholeRow.get(lang));
                        for h in headers {
                            ui.selectable_value(&mut f.field, h.to_string(), h);
                        }
                    })
                    .response
                    .labelled_by(label.id);
                ui.end_row();
                ui.label(Text::Severity.get(lang));
                ui.horizontal(|ui| {
                    for s in Severity::ALL {
                        ui.radio_value(&mut f.severity, s, s.label(lang));
                    }
                });
                ui.end_row();
                // 内容 three lines, 修正案 two; each named by its label (what a screen reader says).
                for (title, text, rows) in [
                    (Text::FindingMessage, &mut f.message, 3),
                    (Text::FindingSuggestion, &mut f.suggestion, 2),
                ] {
                    let label = ui.label(title.get(lang));
                    let edit = egui::TextEdit::multiline(text)
                        .id_salt(title.get(crate::domain::model::message::Lang::En));
                    ui.add(edit.desired_rows(rows).desired_width(380.0)).labelled_by(label.id);
                    ui.end_row();
                }
            });
            // 内容 is required by the contract.
            let can = !f.message.trim().is_empty();
            let pair = [CoordinationCmd::SaveFinding, CoordinationCmd::CancelFinding];
            commands
                .extend(ok_or_cancel(ui, lang, (Text::Raise, can, false), pair).map(Into::into));
        });
    }

    /// The project's own body, asked once when first needed (or from the project's properties).
    pub(crate) fn own_dialog_ui(&mut self, ctx: &egui::Context) {
        let lang = self.lang;
        let Some((text, _)) = &mut self.own_dialog else {
            return;
        };
        modal(ctx, "own-dialog", &mut self.pending, |ui, commands| {
            ui.set_max_width(520.0);
            ui.heading(Text::OwnBody.get(lang));
            let enter =
                crate::ui::kit::form::focused_line(ui, Text::AskOwn.get(lang), text, "own-body");
            let can = !text.trim().is_empty();
            let pair = [CoordinationCmd::SetOwn(text.clone()), CoordinationCmd::CancelOwn];
            commands.extend(ok_or_cancel(ui, lang, (Text::Save, can, enter), pair).map(Into::into));
        });
    }
}
