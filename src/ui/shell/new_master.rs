//! The dialog of a new master row (行を追加… on the 機関, 保険者 and コード tabs): its fields typed, read by the
//! same column rules as an import's cells (`exchange::row_edit::new_master`); saved as one change when they read
//! and its code is new, otherwise the errors are shown and nothing is written.

use crate::exchange::row_edit::{MasterKind, new_master};
use crate::exchange::sheets::SheetKind;
use crate::ui::kit::command::{Command, EditCmd};
use crate::ui::kit::form::ok_or_cancel;
use crate::ui::kit::text::Text;
use crate::ui::shell::app::App;
use crate::ui::shell::flows::blank_master;

impl App {
    /// Draw the new master row's dialog, and save the row when asked and it reads.
    pub(crate) fn new_master_dialog(&mut self, ctx: &egui::Context) {
        let lang = self.lang;
        let (Some(new), Some(o)) = (&mut self.new_master, &self.open) else {
            return;
        };
        let mut chosen = None;
        egui::Modal::new(egui::Id::unique("new-master")).show(ctx, |ui| {
            ui.set_max_width(560.0);
            ui.heading(format!("{} — {}", Text::NewMasterRow.get(lang), new.kind.word()));
            if new.sheet == SheetKind::Codes {
                ui.horizontal(|ui| {
                    for kind in MasterKind::CODES {
                        if ui.radio(new.kind == kind, kind.word()).clicked() && new.kind != kind {
                            new.kind = kind;
                            new.texts = blank_master(kind);
                            new.errors.clear();
                        }
                    }
                });
            }
            egui::Grid::new("new-master-fields").num_columns(2).show(ui, |ui| {
                for (n, (field, text)) in new.texts.iter_mut().enumerate() {
                    let label = ui.label(field.label(lang));
                    let r = ui.add(egui::TextEdit::singleline(text).desired_width(300.0));
                    let r = r.labelled_by(label.id);
                    if n == 0 && ui.memory(|m| m.focused().is_none()) {
                        r.request_focus();
                    }
                    ui.end_row();
                }
            });
            for e in &new.errors {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
            chosen = ok_or_cancel(ui, lang, (Text::Save, true, false), [true, false]);
        });
        match chosen {
            Some(true) => match new_master(new.kind, &o.project, &new.texts) {
                Ok((entity, warned)) => {
                    let mut label = format!(
                        "{} {} {}",
                        Text::Added.get(lang),
                        new.kind.word(),
                        entity.shown_key()
                    );
                    for w in &warned {
                        label += &format!(" — {}", w.message.get(lang));
                    }
                    self.new_master = None;
                    self.pending
                        .push(Command::Edit(EditCmd::Put { label, entity: Box::new(entity) }));
                }
                Err(errors) => {
                    new.errors = errors.iter().map(|e| e.message.get(lang).to_string()).collect()
                }
            },
            Some(false) => self.pending.push(Command::Edit(EditCmd::CancelNewMaster)),
            None => {}
        }
    }
}
