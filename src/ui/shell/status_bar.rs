//! The status bar: the project file, its counts, the check's summary (a link that opens the check view), when the
//! last operation was saved, the last message, and the folder just written.

use crate::ui::kit::command::Command;
use crate::ui::kit::command::{FileCmd, ViewCmd};
use crate::ui::kit::text::Text;
use crate::ui::kit::views::ViewId;
use crate::ui::shell::app::App;

impl App {
    /// The status bar's line.
    pub(crate) fn status_bar_ui(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang;
        ui.horizontal(|ui| match &self.open {
            Some(o) => {
                ui.label(crate::platform::shown(o.store.path()));
                // While a large project is read, its counts are the file's, not the first rows'.
                let counts = match &o.loading {
                    Some(load) => {
                        (load.counts.test_cases, load.counts.role_models, load.counts.memberships)
                    }
                    None => (
                        o.project.test_cases.len(),
                        o.project.role_models.len(),
                        o.project.memberships.len(),
                    ),
                };
                for (text, n) in [
                    (Text::CasesCount, counts.0),
                    (Text::RoleModelsCount, counts.1),
                    (Text::MembershipsCount, counts.2),
                ] {
                    ui.separator();
                    ui.label(format!("{} {n}", text.get(lang)));
                }
                if let Some((_, (e, w, n))) = self.check.summary {
                    ui.separator();
                    let text = format!(
                        "{}: {} {e} / {} {w} / {} {n}",
                        Text::CheckSummary.get(lang),
                        Text::Errors.get(lang),
                        Text::Warnings.get(lang),
                        Text::Notes.get(lang)
                    );
                    let text = if e > 0 {
                        egui::RichText::new(text).color(ui.visuals().error_fg_color)
                    } else {
                        egui::RichText::new(text)
                    };
                    if ui.link(text).clicked() {
                        self.pending.push(Command::View(ViewCmd::Toggle(ViewId::Checks)));
                    }
                }
                if let Some(t) = &self.last_saved {
                    ui.separator();
                    ui.label(format!("{} {t}", Text::Saved.get(lang)));
                }
                if let Some(dir) = &self.written_folder
                    && ui.small_button(Text::OpenFolder.get(lang)).clicked()
                {
                    self.pending.push(Command::File(FileCmd::OpenFolder(dir.clone())));
                }
                if !self.messages.is_empty()
                    && ui
                        .small_button(format!(
                            "{} ({})",
                            Text::Messages.get(lang),
                            self.messages.len()
                        ))
                        .clicked()
                {
                    self.views.toggle(ViewId::Messages);
                }
                if let Some(m) = &self.message {
                    ui.separator();
                    // Cut to the bar's width; in full on hover, and in the notification area on a click.
                    let r = ui
                        .add(
                            egui::Label::new(
                                egui::RichText::new(m).color(ui.visuals().warn_fg_color),
                            )
                            .truncate()
                            .sense(egui::Sense::click()),
                        )
                        .on_hover_text(m);
                    if r.clicked() {
                        self.views.set(ViewId::Messages, true);
                    }
                }
            }
            None => {
                ui.label(
                    self.message.clone().unwrap_or_else(|| Text::NoProject.get(lang).to_string()),
                );
            }
        });
    }
}
