//! What every panel is given: the project as the window shows it, how to show it, and where its commands go.

use crate::domain::date::DateStyle;
use crate::domain::model::message::Lang;
use crate::domain::model::{InstitutionCode, Project};

use crate::ui::kit::command::Command;
use crate::ui::kit::text::Text;

/// The narrow context a panel draws with (Rerun's `ViewerContext`, in small): panels read the project and push
/// commands; they never change the project themselves.
pub struct PanelCtx<'a> {
    /// The project as loaded.
    pub project: &'a Project,
    /// Its revision (what panels' caches are keyed on).
    pub revision: u64,
    /// The UI language.
    pub lang: Lang,
    /// How dates are shown.
    pub style: DateStyle,
    /// Where the panel's commands go, applied after the frame.
    pub commands: &'a mut Vec<Command>,
    /// The party the window is filtered to (the parties panel's choice): panels show its rows alone.
    pub party: Option<&'a InstitutionCode>,
    /// The project's parties (every party its rows belong to), in code order.
    pub parties: std::sync::Arc<Vec<InstitutionCode>>,
}

impl PanelCtx<'_> {
    /// Whose a row of `party` is, as every place that names a row says it where two parties meet: `003 E市`;
    /// `None` in a project of one party, which stays as clean as it was.
    pub fn whose(&self, party: &str) -> Option<String> {
        (self.parties.len() > 1)
            .then(|| crate::domain::model::names::party_label(self.project, party))
    }

    /// A row's id with whose it is before it where two parties meet (`003 E市 S01-V01-T01`), else the id alone.
    pub fn named(&self, party: &str, id: &str) -> String {
        match self.whose(party) {
            Some(whose) => format!("{whose} {id}"),
            None => id.to_string(),
        }
    }

    /// Whether a row of this party is shown.
    pub fn shows(&self, party: &InstitutionCode) -> bool {
        self.party.is_none_or(|p| p == party)
    }
}

/// Draw a side panel's content within the width the panel has: what it lays out never widens the panel (a long
/// label, a message appearing while typing), so the panes keep the width the user gave them. Text wraps or is
/// cut at the panel's edge instead.
pub fn within_width<R>(ui: &mut egui::Ui, add: impl FnOnce(&mut egui::Ui) -> R) -> R {
    let rect = ui.available_rect_before_wrap();
    let mut child = ui.new_child(
        egui::UiBuilder::new().max_rect(rect).layout(*ui.layout()).id_salt("within-width"),
    );
    child.shrink_clip_rect(rect);
    let r = add(&mut child);
    // The parent learns of the panel's own rect alone, never of the content's.
    ui.advance_cursor_after_rect(rect);
    r
}

/// A list of `items` in a scrolling area of at most `max_height`, one line each, drawn only where in view (the
/// lists of an import's change, a book's, a coverage cell's cases run to thousands).
pub fn scrolled_rows<T>(
    ui: &mut egui::Ui,
    (salt, max_height): (&str, f32),
    items: &[T],
    mut line: impl FnMut(&mut egui::Ui, &T),
) {
    let row = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
    egui::ScrollArea::vertical().id_salt(salt).max_height(max_height).show_rows(
        ui,
        row,
        items.len(),
        |ui, range| {
            for item in &items[range] {
                line(ui, item);
            }
        },
    );
}

/// A table's header row: each title in bold, in the window's language.
pub fn header_titles(header: &mut egui_extras::TableRow<'_, '_>, titles: &[Text], lang: Lang) {
    for t in titles {
        header.col(|ui| {
            ui.strong(t.get(lang));
        });
    }
}
