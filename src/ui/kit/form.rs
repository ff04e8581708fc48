//! Form rows shared by the detail panes: a labelled line of text whose value is read when the field is left (so one
//! edit is one undo step) with its column's rule, with what it reads as — or why it cannot be read, or what the
//! reading warns about — shown beside it; and the cursor put into a field a finding points at.

use crate::domain::date::{DateStyle, parse_date};
use crate::domain::model::field::Field;
use crate::domain::model::message::Lang;
use crate::exchange::cell::{Level, Note};

/// What reading a typed value gave: the value, or the errors that keep it from being saved; with the warnings.
pub type Read<T> = Result<(T, Vec<Note>), Vec<Note>>;

/// Split a column rule's notes into a value (when no error) and its warnings, as [`line`] takes them.
pub fn read_with<T>(value: T, notes: Vec<Note>) -> Read<T> {
    if notes.iter().any(|n| n.level == Level::Error) { Err(notes) } else { Ok((value, notes)) }
}

/// How a line is labelled and keyed, and how its dates are shown.
#[derive(Debug, Clone, Copy)]
pub struct Line {
    /// The field (its label in the UI language; what a finding's cursor looks for).
    pub field: Field,
    /// Where the field's widget state is kept (unique within the pane): the pane, the row, the field.
    pub salt: (&'static str, i64, Field),
    /// Whether the field holds a date (its reading is shown beside it).
    pub is_date: bool,
    /// The UI language.
    pub lang: Lang,
    /// How dates are shown.
    pub style: DateStyle,
    /// A label saying what the field means here, instead of its column's name.
    pub label: Option<&'static str>,
}

/// A labelled line in a two-column grid. `read` turns the text into a value by the column's rule; the value is
/// returned when the user leaves the field and it reads, with what its reading warned about (said with the edit).
/// Dates show their reading beside the field; errors and warnings are shown under it, wrapped.
pub fn line<T>(
    ui: &mut egui::Ui,
    spec: Line,
    text: &mut String,
    read: impl Fn(&str) -> Read<T>,
) -> Option<(T, String)> {
    let label = ui.label(spec.label.unwrap_or(spec.field.label(spec.lang)));
    let mut out = None;
    // A message appearing while typing goes under the field and wraps there, in full, never widening the pane. A
    // grid's cell reaches past the pane: the room is what is left of the pane's visible width.
    let room = (ui.clip_rect().right() - ui.cursor().min.x - 8.0).max(120.0);
    ui.vertical(|ui| {
        ui.set_max_width(room);
        let wanted: f32 = if spec.is_date { 160.0 } else { 300.0 };
        let result = read(text);
        let say = |n: &Note| n.message.get(spec.lang).to_string();
        // A date's reading goes beside the field, or under it where the pane is narrow.
        let r = ui
            .horizontal_wrapped(|ui| {
                let r = ui
                    .add(
                        egui::TextEdit::singleline(text)
                            .id_salt(spec.salt)
                            .desired_width(wanted.min(room - 8.0).max(80.0)),
                    )
                    .labelled_by(label.id);
                // A date's reading, short, beside it.
                if let (Ok(_), Ok(parsed)) = (&result, parse_date(text))
                    && spec.is_date
                    && !text.trim().is_empty()
                {
                    // Whole, on the next line when it does not fit beside the field.
                    ui.add(
                        egui::Label::new(format!("→ {}", parsed.date.format(spec.style))).extend(),
                    );
                }
                r
            })
            .inner;
        focus_if_asked(ui, spec.field, &r);
        let message = match &result {
            Err(notes) => {
                let why: Vec<String> =
                    notes.iter().filter(|n| n.level == Level::Error).map(say).collect();
                Some((ui.visuals().error_fg_color, format!("！ {}", why.join(" / "))))
            }
            Ok((_, warnings)) if !warnings.is_empty() => {
                let what: Vec<String> = warnings.iter().map(say).collect();
                Some((ui.visuals().warn_fg_color, format!("△ {}", what.join(" / "))))
            }
            Ok(_) => None,
        };
        if let Some((colour, message)) = message {
            ui.add(egui::Label::new(egui::RichText::new(message).color(colour)).wrap());
        }
        if r.lost_focus() {
            out = result.ok().map(|(v, warnings)| {
                let said: Vec<String> = warnings.iter().map(say).collect();
                (v, said.join(" / "))
            });
        }
    });
    ui.end_row();
    out
}

/// Where the field asked to take the cursor is kept until its pane draws it.
fn focus_id() -> egui::Id {
    egui::Id::unique("renkei-focus-field")
}

/// Ask the pane that draws `field` to put the cursor in it the next time it is drawn.
pub fn ask_focus(ctx: &egui::Context, field: Field) {
    ctx.data_mut(|d| d.insert_temp(focus_id(), field));
}

/// The field that was given the cursor that way, outlined while it keeps it.
fn marked_id() -> egui::Id {
    egui::Id::unique("renkei-marked-field")
}

/// If `field` was asked for, give its widget the cursor and scroll it into view (once); it stays outlined in the
/// warning colour while it keeps the cursor, so the eye finds it as well as the keyboard.
pub fn focus_if_asked(ui: &egui::Ui, field: Field, widget: &egui::Response) {
    let (asked, marked) = ui.ctx().data(|d| {
        (
            d.get_temp::<Field>(focus_id()) == Some(field),
            d.get_temp::<Field>(marked_id()) == Some(field),
        )
    });
    if asked {
        ui.ctx().data_mut(|d| {
            d.remove::<Field>(focus_id());
            d.insert_temp(marked_id(), field);
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
        ui.ctx().data_mut(|d| d.remove::<Field>(marked_id()));
    }
}

/// A modal dialog named `id`: `body` draws it and pushes the commands its buttons give, which join the window's
/// `pending` ones. Whether any was given (the dialog was answered).
pub fn modal(
    ctx: &egui::Context,
    id: &str,
    pending: &mut Vec<crate::ui::kit::command::Command>,
    body: impl FnOnce(&mut egui::Ui, &mut Vec<crate::ui::kit::command::Command>),
) -> bool {
    let mut commands = Vec::new();
    egui::Modal::new(egui::Id::unique(id)).show(ctx, |ui| body(ui, &mut commands));
    let answered = !commands.is_empty();
    pending.extend(commands);
    answered
}

/// A dialog's two buttons: `ok` — enabled when `can`, and also taken by Enter when `enter` — and 取消. Returns
/// the command of the one chosen, of `[on_ok, on_cancel]`.
pub fn ok_or_cancel<C>(
    ui: &mut egui::Ui,
    lang: Lang,
    (ok, can, enter): (crate::ui::kit::text::Text, bool, bool),
    [on_ok, on_cancel]: [C; 2],
) -> Option<C> {
    ui.horizontal(|ui| {
        let clicked = ui.add_enabled(can, egui::Button::new(ok.get(lang))).clicked();
        if ui.button(crate::ui::kit::text::Text::Cancel.get(lang)).clicked() {
            Some(on_cancel)
        } else {
            (can && (clicked || enter)).then_some(on_ok)
        }
    })
    .inner
}

/// A labelled line of text with the cursor in it; true when Enter was pressed in it.
pub fn focused_line(ui: &mut egui::Ui, label: &str, text: &mut String, salt: &str) -> bool {
    focused_edit(ui, label, egui::TextEdit::singleline(text).id_salt(salt))
}

/// [`focused_line`] for a line built by the caller (a password's, shown as dots).
pub fn focused_edit(ui: &mut egui::Ui, label: &str, edit: egui::TextEdit) -> bool {
    let label = ui.label(label);
    let r = ui.add(edit).labelled_by(label.id);
    r.request_focus();
    r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter))
}
