//! What the window shows of a large project while it is read whole in the background: a banner above the table
//! (its counts, the rows read, a progress bar and a cancel button), and "読み込み中" in every view that needs the
//! whole project.

use crate::domain::model::message::Lang;

use crate::ui::kit::command::Command;
use crate::ui::kit::command::ViewCmd;
use crate::ui::kit::jobs::ProjectLoad;
use crate::ui::kit::text::Text;

/// How many rows of a sheet the file has, for a sheet the window holds the first rows of while the project is read
/// (the masters are read whole before the first frame; 指摘一覧 is not counted ahead).
pub fn rows_in_file(load: &ProjectLoad, kind: crate::exchange::sheets::SheetKind) -> Option<usize> {
    use crate::exchange::sheets::SheetKind::*;
    let c = &load.counts;
    match kind {
        TestCases => Some(c.test_cases),
        RoleModels => Some(c.role_models),
        Memberships => Some(c.memberships),
        Benefits => Some(c.benefits),
        Insurers | Institutions | Codes | Findings => None,
    }
}

/// The banner above the table: the project's counts, how far the reading has come, and a way to stop it.
pub fn loading_banner_ui(
    ui: &mut egui::Ui,
    load: &ProjectLoad,
    lang: Lang,
    commands: &mut Vec<Command>,
) {
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            ui.spinner();
            ui.strong(Text::Loading.get(lang));
            let (done, total) = load.rows();
            ui.add(egui::ProgressBar::new(load.fraction()).desired_width(220.0).show_percentage());
            ui.label(format!(
                "{} / {} {}",
                crate::ui::kit::values::grouped(done),
                crate::ui::kit::values::grouped(total),
                Text::RowsRead.get(lang)
            ));
            if ui.button(Text::CancelLoad.get(lang)).clicked() {
                commands.push(Command::View(ViewCmd::CancelLoad));
            }
        });
        ui.horizontal_wrapped(|ui| {
            for (ja, en, n) in load.counts.rows() {
                if n > 0 {
                    let name = if lang == Lang::Ja { ja } else { en };
                    ui.label(format!("{name} {}", crate::ui::kit::values::grouped(n)));
                }
            }
        });
        ui.add(egui::Label::new(egui::RichText::new(Text::HeadRowsShown.get(lang)).weak()).wrap());
    });
}

/// What a view that needs the whole project shows in its place until it is read.
pub fn loading_note_ui(ui: &mut egui::Ui, load: &ProjectLoad, lang: Lang) {
    ui.horizontal(|ui| {
        ui.spinner();
        ui.label(Text::Loading.get(lang));
    });
    ui.add(
        egui::ProgressBar::new(load.fraction())
            .desired_width(ui.available_width().min(240.0))
            .show_percentage(),
    );
}

#[cfg(test)]
mod tests {
    use crate::ui::kit::values::grouped;

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
        assert_eq!(grouped(299_325), "299,325");
        assert_eq!(grouped(1_234_567), "1,234,567");
    }
}
