//! The new-project form (ファイル › 新規, once the file's place is chosen): whose the project is (a city's
//! institution code and, for a code the masters lack, its name; or an insurer representative's number) and where
//! its masters come from (the sample masters, another project's or book's, or none); then the project is created
//! as `renkei new` creates it (`domain::samples::sample::new_project`), another file's masters read first in the
//! background.

use crate::domain::model::Project;
use crate::domain::samples::sample::{new_project, sample_masters};
use crate::ui::kit::command::FileCmd;
use crate::ui::kit::form::{modal, ok_or_cancel};
use crate::ui::kit::text::Text;
use crate::ui::shell::app::App;
use crate::ui::shell::flows::MastersSource;

impl App {
    /// Draw the new-project form (hidden while its masters are read).
    pub(crate) fn new_project_dialog(&mut self, ctx: &egui::Context) {
        let lang = self.lang;
        let Some(form) = &mut self.new_project else {
            return;
        };
        if self.job.is_some() {
            return;
        }
        modal(ctx, "new-project", &mut self.pending, |ui, commands| {
            ui.set_max_width(600.0);
            ui.heading(Text::NewProject.get(lang));
            ui.label(crate::platform::shown(&form.path));
            ui.add_space(4.0);
            let label = ui.label(Text::OwnCode.get(lang));
            let own = egui::TextEdit::singleline(&mut form.own).id_salt("new-project-own");
            let own = ui.add(own).labelled_by(label.id);
            // The cursor starts here, and stays where the user puts it next.
            if ui.memory(|m| m.focused().is_none()) {
                own.request_focus();
            }
            let enter = own.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            ui.label(egui::RichText::new(Text::OwnHint.get(lang)).small().weak());
            let label = ui.label(Text::OwnName.get(lang));
            ui.add(egui::TextEdit::singleline(&mut form.own_name).id_salt("new-project-name"))
                .labelled_by(label.id);
            ui.add_space(4.0);
            ui.strong(Text::MastersSource.get(lang));
            for (source, text) in [
                (MastersSource::Sample, Text::MastersSample),
                (MastersSource::File, Text::MastersFromFile),
                (MastersSource::Empty, Text::MastersEmpty),
            ] {
                if ui.radio(form.masters() == source, text.get(lang)).clicked() {
                    form.chosen = Some(source);
                }
            }
            if form.masters() == MastersSource::File {
                ui.horizontal(|ui| {
                    let label = ui.label(Text::MastersFile.get(lang));
                    ui.add(
                        egui::TextEdit::singleline(&mut form.from)
                            .id_salt("new-project-from")
                            .desired_width(320.0),
                    )
                    .labelled_by(label.id);
                    if ui.button(Text::Browse.get(lang)).clicked() {
                        commands.push(FileCmd::MastersFromDialog.into());
                    }
                });
            }
            if let Some(e) = &form.error {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
            let can = !form.own.trim().is_empty();
            let pair = [FileCmd::Create, FileCmd::CancelNew];
            commands
                .extend(ok_or_cancel(ui, lang, (Text::Create, can, enter), pair).map(Into::into));
        });
    }

    /// Create the project the form describes: at once over the sample masters or none; over another file's
    /// masters once they are read.
    pub(crate) fn create_project(&mut self, ctx: &egui::Context) {
        let Some(form) = &mut self.new_project else {
            return;
        };
        form.error = None;
        match form.masters() {
            MastersSource::Sample => self.create_over(sample_masters()),
            MastersSource::Empty => self.create_over(Project::default()),
            MastersSource::File => {
                let from = form.from.trim();
                if from.is_empty() {
                    form.error = Some(Text::NoMastersFile.get(self.lang).to_string());
                    return;
                }
                let what = format!("{}: {from}", Text::ReadingMasters.get(self.lang));
                let job = crate::ui::kit::jobs::Job::masters(what, ctx.clone(), from.into());
                self.job = Some(job);
            }
        }
    }

    /// The masters read for the new project: it is created over them; or why they could not be, in the form.
    pub(crate) fn masters_read(&mut self, read: Result<Box<Project>, String>) {
        match (read, &mut self.new_project) {
            (Ok(masters), Some(_)) => self.create_over(*masters),
            (Err(why), Some(form)) => form.error = Some(why),
            (Err(why), None) => self.message = Some(why),
            (Ok(_), None) => {}
        }
    }

    /// Create the form's project over `masters` and open it; a file that cannot be created leaves the form open,
    /// saying why.
    fn create_over(&mut self, masters: Project) {
        let Some(form) = self.new_project.take() else {
            return;
        };
        let name =
            form.path.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
        let own_name = Some(form.own_name.trim()).filter(|n| !n.is_empty());
        let project = new_project(name, form.own.trim(), own_name, masters);
        match crate::store::transact::create(&form.path, &project) {
            Ok(store) => self.adopt(store),
            Err(e) => {
                self.new_project =
                    Some(crate::ui::shell::flows::NewProject { error: Some(e.to_string()), ..form })
            }
        }
    }
}
