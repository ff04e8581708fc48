//! Form rows shared by the detail panes: a labelled line of text whose value is read when the field is left (so one
//! edit is one undo step), with what it reads as — or why it cannot be read — shown beside it.

use crate::domain::date::{Date, DateStyle, parse_date};
use crate::domain::message::Lang;

/// Read a date field: empty is no date; otherwise any form the parser knows.
pub fn read_date(text: &str) -> Result<Option<Date>, String> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        parse_date(text)
            .map(|p| Some(p.date))
            .map_err(|e| e.to_string())
    }
}

/// A labelled line in a two-column grid. `read` turns the text into a value or says why it cannot; the value is
/// returned when the user leaves the field and it reads. Dates show their reading (and any warning) beside the field.
#[allow(clippy::too_many_arguments)]
pub fn line<T>(
    ui: &mut egui::Ui,
    label: &str,
    salt: &str,
    text: &mut String,
    is_date: bool,
    style: DateStyle,
    lang: Lang,
    read: impl Fn(&str) -> Result<T, String>,
) -> Option<T> {
    let label = ui.label(label);
    let mut out = None;
    ui.horizontal(|ui| {
        let r = ui
            .add(
                egui::TextEdit::singleline(text)
                    .id_salt(salt)
                    .desired_width(if is_date { 160.0 } else { 300.0 }),
            )
            .labelled_by(label.id);
        focus_if_asked(ui, salt, &r);
        let result = read(text);
        match &result {
            Err(why) => {
                ui.colored_label(ui.visuals().error_fg_color, format!("！ {why}"));
            }
            Ok(_) if is_date && !text.trim().is_empty() => {
                if let Ok(parsed) = parse_date(text) {
                    let mut shown = format!("→ {}", parsed.date.format(style));
                    if let Some(w) = parsed.warning {
                        let why = if lang == Lang::Ja {
                            w.message_ja()
                        } else {
                            w.message_en()
                        };
                        shown += &format!("（{why}）");
                    }
                    ui.label(shown);
                }
            }
            Ok(_) => {}
        }
        if r.lost_focus() {
            out = result.ok();
        }
    });
    ui.end_row();
    out
}

/// Where the field asked to take the cursor is kept until its pane draws it.
fn focus_id() -> egui::Id {
    egui::Id::unique("renkei-focus-field")
}

/// Ask the pane that draws `field` (a workbook header) to put the cursor in it the next time it is drawn.
pub fn ask_focus(ctx: &egui::Context, field: &str) {
    ctx.data_mut(|d| d.insert_temp(focus_id(), field.to_string()));
}

/// The field that was given the cursor that way, outlined while it keeps it.
fn marked_id() -> egui::Id {
    egui::Id::unique("renkei-marked-field")
}

/// If `field` was asked for, give its widget the cursor and scroll it into view (once); it stays outlined in the
/// warning colour while it keeps the cursor, so the eye finds it as well as the keyboard.
pub fn focus_if_asked(ui: &egui::Ui, field: &str, widget: &egui::Response) {
    let (asked, marked) = ui.ctx().data(|d| {
        (
            d.get_temp::<String>(focus_id()).is_some_and(|f| f == field),
            d.get_temp::<String>(marked_id())
                .is_some_and(|f| f == field),
        )
    });
    if asked {
        ui.ctx().data_mut(|d| {
            d.remove::<String>(focus_id());
            d.insert_temp(marked_id(), field.to_string());
        });
        widget.request_focus();
        widget.scroll_to_me(Some(egui::Align::Center));
    }
    // The widget's own focus (not `has_focus`, which is also false while the window itself is not focused).
    let focused = ui.ctx().memory(|m| m.has_focus(widget.id));
    if asked || (marked && focused) {
        ui.painter().rect_stroke(
            widget.rect.expand(2.0),
            3.0,
            egui::Stroke::new(2.0, ui.visuals().warn_fg_color),
            egui::StrokeKind::Outside,
        );
    } else if marked {
        ui.ctx().data_mut(|d| d.remove::<String>(marked_id()));
    }
}
