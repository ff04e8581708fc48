//! The status bar: the project file, its counts, the check's summary (a link that opens the check view), when the
//! last operation was saved, the last message, and the folder just written.

use super::app::App;
use super::command::Command;
use super::text::Text;

impl App {
    /// The status bar's line.
    pub(super) fn status_bar_ui(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang;
        ui.horizontal(|ui| match &self.open {
            Some(o) => {
                ui.label(o.store.path().display().to_string());
                for (text, n) in [
                    (Text::CasesCount, o.project.test_cases.len()),
                    (Text::RoleModelsCount, o.project.role_models.len()),
                    (Text::MembershipsCount, o.project.memberships.len()),
                ] {
                    ui.separator();
                    ui.label(format!("{} {n}", text.get(lang)));
                }
                if let Some((_, (e, w, n))) = self.check_summary {
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
                        self.pending.push(Command::ToggleChecks);
                    }
                }
                if let Some(t) = &self.last_saved {
                    ui.separator();
                    ui.label(format!("{} {t}", Text::Saved.get(lang)));
                }
                if let Some(m) = &self.message {
                    ui.separator();
                    ui.colored_label(ui.visuals().warn_fg_color, m);
                }
                if let Some(dir) = &self.written_folder
                    && ui.small_button(Text::OpenFolder.get(lang)).clicked()
                {
                    self.pending.push(Command::OpenFolder(dir.clone()));
                }
            }
            None => {
                ui.label(
                    self.message
                        .clone()
                        .unwrap_or_else(|| Text::NoProject.get(lang).to_string()),
                );
            }
        });
    }
}
