//! The check view: every finding of the last check in a table (severity, rule, where, message, suggestion) with
//! filters; a finding picked selects its entity; a suggestion with a concrete fix is applied with one click (one
//! undoable command).

use egui_extras::{Column, TableBuilder};

use crate::domain::check::{CheckFinding, EntityKind, Severity};
use crate::domain::model::{Project, Qualified};
use crate::exchange::sheets::SheetKind;

use super::command::{Command, Selection};
use super::panel::PanelCtx;
use super::text::{Labelled, Text};

/// UI-only state of the view.
#[derive(Debug)]
pub struct CheckViewState {
    /// Which severities are shown.
    pub show: [bool; 3],
    /// Text filter.
    pub filter: String,
}

impl Default for CheckViewState {
    fn default() -> Self {
        CheckViewState {
            show: [true, true, false],
            filter: String::new(),
        }
    }
}

fn severity_index(s: Severity) -> usize {
    match s {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
    }
}

/// What a finding points at, as a selection: test cases, role models, scenarios and variations by id; other
/// rows by their position in their sheet (the code sheet lists affairs, procedures, info kinds, then items).
pub fn selection_of(p: &Project, f: &CheckFinding) -> Option<Selection> {
    let row = |kind: SheetKind, at: Option<usize>| at.map(|i| Selection::Row(kind, i));
    match f.entity {
        EntityKind::TestCase => Some(Selection::TestCase(Qualified::new(
            f.party.as_str(),
            f.key.as_str(),
        ))),
        EntityKind::RoleModel => Some(Selection::RoleModel(Qualified::new(
            f.party.as_str(),
            f.key.as_str(),
        ))),
        EntityKind::Scenario => Some(Selection::Scenario(Qualified::new(
            f.party.as_str(),
            f.key.as_str(),
        ))),
        EntityKind::Variation => Some(Selection::Variation(Qualified::new(
            f.party.as_str(),
            f.key.as_str(),
        ))),
        EntityKind::Membership => row(
            SheetKind::Memberships,
            p.memberships
                .iter()
                .position(|m| m.key() == f.key && m.party.as_str() == f.party),
        ),
        EntityKind::Benefit => row(
            SheetKind::Benefits,
            p.benefits
                .iter()
                .position(|b| b.key() == f.key && b.party.as_str() == f.party),
        ),
        EntityKind::Insurer => row(
            SheetKind::Insurers,
            p.insurers.iter().position(|x| x.number.as_str() == f.key),
        ),
        EntityKind::Institution => row(
            SheetKind::Institutions,
            p.institutions.iter().position(|x| x.code.as_str() == f.key),
        ),
        EntityKind::Code => row(
            SheetKind::Codes,
            crate::exchange::sheet_rows::code_sheet_keys(p).position(|(_, c)| c == f.key),
        ),
    }
}

/// The findings of the last check, and where each one's row came from in a workbook (aligned with them).
pub type Found<'a> = (&'a [CheckFinding], &'a [Option<String>]);

/// Draw the findings of the last check.
pub fn check_view_ui(
    ui: &mut egui::Ui,
    cx: &mut PanelCtx,
    (findings, places): Found,
    state: &mut CheckViewState,
) {
    let (p, lang) = (cx.project, cx.lang);
    let commands = &mut *cx.commands;
    ui.horizontal(|ui| {
        for (i, text) in [Text::Errors, Text::Warnings, Text::Notes]
            .iter()
            .enumerate()
        {
            let n = findings
                .iter()
                .filter(|f| severity_index(f.severity) == i)
                .count();
            ui.checkbox(&mut state.show[i], format!("{} {n}", text.get(lang)));
        }
        let label = ui.label(Text::FilterLabel.get(lang));
        ui.add(egui::TextEdit::singleline(&mut state.filter).desired_width(200.0))
            .labelled_by(label.id);
    });
    let needle = state.filter.trim();
    let place_of = |i: usize| places.get(i).and_then(|x| x.as_deref());
    let shown: Vec<(usize, &CheckFinding)> = findings
        .iter()
        .enumerate()
        .filter(|(_, f)| state.show[severity_index(f.severity)])
        .filter(|(i, f)| {
            needle.is_empty()
                || f.rule.contains(needle)
                || f.key.contains(needle)
                || f.message.get(lang).contains(needle)
                || place_of(*i).is_some_and(|x| x.contains(needle))
        })
        .collect();
    TableBuilder::new(ui)
        .striped(true)
        .column(Column::initial(60.0))
        .column(Column::initial(160.0))
        .column(Column::initial(270.0).clip(true))
        .column(Column::remainder().clip(true))
        .column(Column::initial(70.0))
        .header(22.0, |mut h| {
            for t in [
                Text::Severity,
                Text::Rule,
                Text::Where,
                Text::MessageCol,
                Text::Fix,
            ] {
                h.col(|ui| {
                    ui.strong(t.get(lang));
                });
            }
        })
        .body(|mut body| {
            // Three lines for the message and its suggestion (wrapped; the rest on hover).
            let line = body.ui_mut().text_style_height(&egui::TextStyle::Body);
            body.rows(line * 3.0 + 8.0, shown.len(), |mut row| {
                let (at, f) = shown[row.index()];
                row.col(|ui| {
                    let (text, colour) = match f.severity {
                        Severity::Error => (Text::Errors, ui.visuals().error_fg_color),
                        Severity::Warning => (Text::Warnings, ui.visuals().warn_fg_color),
                        Severity::Info => (Text::Notes, ui.visuals().weak_text_color()),
                    };
                    ui.colored_label(colour, text.get(lang));
                });
                row.col(|ui| {
                    ui.label(f.rule);
                });
                row.col(|ui| {
                    // The workbook cell it was imported from, while the row is as imported.
                    let place = format!(
                        "{} {}{}{}",
                        f.entity.label(lang),
                        f.key,
                        f.field
                            .map(|x| format!(" [{}]", x.header()))
                            .unwrap_or_default(),
                        place_of(at).map(|x| format!(" ({x})")).unwrap_or_default()
                    );
                    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
                    let r = ui.link(place);
                    if r.clicked()
                        && let Some(s) = selection_of(p, f)
                    {
                        commands.push(Command::Reveal(s));
                        if let Some(field) = f.field {
                            commands.push(Command::FocusField(field));
                        }
                    }
                });
                row.col(|ui| {
                    let mut text = f.message.get(lang).to_string();
                    if let Some(s) = &f.suggestion {
                        text += &format!(" → {}", s.get(lang));
                    }
                    ui.add(egui::Label::new(text.as_str()).wrap())
                        .on_hover_text(text);
                });
                row.col(|ui| {
                    if let Some(fix) = &f.fix
                        && ui.button(Text::ApplyFix.get(lang)).clicked()
                    {
                        let label = f
                            .suggestion
                            .as_ref()
                            .map(|s| s.get(lang).to_string())
                            .unwrap_or_else(|| f.rule.to_string());
                        commands.push(Command::ApplyFix {
                            label,
                            fix: Box::new(fix.clone()),
                        });
                    }
                });
            });
        });
}
