//! The check view: every finding of the last check in a table (severity, rule, where, message, suggestion) with
//! filters; a finding picked selects its entity; a suggestion with a concrete fix is applied with one click (one
//! undoable command).

use crate::ui::kit::panel::header_titles;
use egui_extras::{Column, TableBuilder};

use crate::domain::check::{CheckFinding, EntityKind, Severity};
use crate::domain::model::Finding;
use crate::domain::model::check_rule::CheckRule;
use crate::domain::model::message::Lang;
use crate::domain::model::{Project, Qualified};
use crate::exchange::sheets::SheetKind;

use crate::ui::kit::command::{Command, Selection};
use crate::ui::kit::command::{CoordinationCmd, EditCmd, ViewCmd};
use crate::ui::kit::panel::PanelCtx;
use crate::ui::kit::text::Text;

/// UI-only state of the view.
#[derive(Debug)]
pub struct CheckViewState {
    /// Which severities are shown.
    pub show: [bool; 3],
    /// Text filter.
    pub filter: String,
    /// Whether the project's findings (指摘) are shown instead of the check's.
    pub raised: bool,
    /// Rules the user hid.
    pub hidden: std::collections::BTreeSet<CheckRule>,
    /// Rules whose group is open or closed against its default (open when it has few findings).
    pub toggled: std::collections::BTreeSet<CheckRule>,
    /// The finding whose whole text the detail area shows (its index in the findings).
    pub chosen: Option<usize>,
}

/// A group of findings is open by default when it has at most this many.
const OPEN_BY_DEFAULT: usize = 10;

/// One line of the table: a rule's group header, or a finding (its index).
#[derive(Clone, Copy)]
enum Line {
    Group(CheckRule, usize, bool),
    Finding(usize),
}

impl Default for CheckViewState {
    fn default() -> Self {
        CheckViewState {
            show: [true, true, false],
            filter: String::new(),
            raised: false,
            hidden: Default::default(),
            toggled: Default::default(),
            chosen: None,
        }
    }
}

/// The check's table's columns.
const CHECK_COLUMNS: [Text; 6] =
    [Text::Severity, Text::Rule, Text::Where, Text::MessageCol, Text::Fix, Text::FindingCol];

/// The findings' table's columns.
const FINDING_COLUMNS: [Text; 6] = [
    Text::FindingCol,
    Text::FindingStateCol,
    Text::Severity,
    Text::Where,
    Text::MessageCol,
    Text::Reply,
];

/// The finding (指摘) raised from a check finding, if one was: same party, rule, row and field.
fn raised_from<'a>(p: &'a Project, f: &CheckFinding) -> Option<&'a Finding> {
    let field = f.field.map(|x| x.header()).unwrap_or("");
    p.findings.iter().find(|x| {
        x.rule == f.rule.slug()
            && x.key == f.key
            && x.field == field
            && (f.party.is_empty() || x.party.as_str() == f.party)
    })
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
    selection_at(p, f.entity, &f.party, &f.key)
}

/// The selection of a row by its kind, party and key within the party.
pub fn selection_at(p: &Project, kind: EntityKind, party: &str, key: &str) -> Option<Selection> {
    let row = |kind: SheetKind, at: Option<usize>| at.map(|i| Selection::Row(kind, i));
    match kind {
        EntityKind::TestCase => Some(Selection::TestCase(Qualified::new(party, key))),
        EntityKind::RoleModel => Some(Selection::RoleModel(Qualified::new(party, key))),
        EntityKind::Scenario => Some(Selection::Scenario(Qualified::new(party, key))),
        EntityKind::Variation => Some(Selection::Variation(Qualified::new(party, key))),
        EntityKind::Membership => row(
            SheetKind::Memberships,
            p.memberships.iter().position(|m| m.key() == key && m.party.as_str() == party),
        ),
        EntityKind::Benefit => row(
            SheetKind::Benefits,
            p.benefits.iter().position(|b| b.key() == key && b.party.as_str() == party),
        ),
        EntityKind::Insurer => {
            row(SheetKind::Insurers, p.insurers.iter().position(|x| x.number.as_str() == key))
        }
        EntityKind::Institution => {
            row(SheetKind::Institutions, p.institutions.iter().position(|x| x.code.as_str() == key))
        }
        EntityKind::Code => row(
            SheetKind::Codes,
            crate::exchange::sheet_rows::code_sheet_keys(p).position(|(_, c)| c == key),
        ),
    }
}

/// The findings of the last check, and where each one's row came from in a workbook (aligned with them).
pub type Found<'a> = (&'a [CheckFinding], &'a [Option<String>]);

/// The rules hidden from the list, each a button that shows it again.
fn hidden_rules_ui(ui: &mut egui::Ui, state: &mut CheckViewState, lang: Lang) {
    if state.hidden.is_empty() {
        return;
    }
    ui.horizontal_wrapped(|ui| {
        ui.label(Text::HiddenRules.get(lang));
        let mut shown_again = None;
        for r in &state.hidden {
            if ui
                .small_button(format!("{} ×", r.name().get(lang)))
                .on_hover_text(Text::ShowRuleAgain.get(lang))
                .clicked()
            {
                shown_again = Some(*r);
            }
        }
        if let Some(r) = shown_again {
            state.hidden.remove(&r);
        }
    });
}

/// The chosen finding in full: a message is never cut.
fn chosen_finding_ui(ui: &mut egui::Ui, chosen: Option<&CheckFinding>, lang: Lang) {
    let Some(f) = chosen else {
        return;
    };
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.strong(f.rule.name().get(lang));
        ui.add(egui::Label::new(f.message.get(lang)).wrap());
        if let Some(s) = &f.suggestion {
            ui.add(egui::Label::new(format!("→ {}", s.get(lang))).wrap());
        }
    });
}

/// The table's lines: each rule's group, and its findings while it is open.
fn lines_of(rules: &[(CheckRule, Vec<usize>)], state: &CheckViewState) -> Vec<Line> {
    let mut lines: Vec<Line> = Vec::new();
    for (rule, members) in rules {
        if state.hidden.contains(rule) {
            continue;
        }
        let open = (members.len() <= OPEN_BY_DEFAULT) != state.toggled.contains(rule);
        lines.push(Line::Group(*rule, members.len(), open));
        if open {
            lines.extend(members.iter().map(|&i| Line::Finding(i)));
        }
    }
    lines
}

/// A rule's group line: its name and count (a click opens or closes it) and a button that hides it.
fn group_row(
    row: &mut egui_extras::TableRow,
    (rule, n, open): (CheckRule, usize, bool),
    lang: Lang,
    (toggle, hide): (&mut Option<CheckRule>, &mut Option<CheckRule>),
) {
    row.col(|_| {});
    row.col(|ui| {
        let name = rule.name();
        let text = format!("{} {} ({n})", if open { "▼" } else { "▶" }, name.get(lang));
        if ui
            .selectable_label(false, egui::RichText::new(text).strong())
            .on_hover_text(rule.slug())
            .clicked()
        {
            *toggle = Some(rule);
        }
    });
    row.col(|ui| {
        if ui.small_button(Text::HideRule.get(lang)).clicked() {
            *hide = Some(rule);
        }
    });
    row.col(|_| {});
    row.col(|_| {});
    row.col(|_| {});
}

/// A finding's severity, in its colour.
fn severity_cell(ui: &mut egui::Ui, severity: Severity, lang: Lang) {
    let (text, colour) = match severity {
        Severity::Error => (Text::Errors, ui.visuals().error_fg_color),
        Severity::Warning => (Text::Warnings, ui.visuals().warn_fg_color),
        Severity::Info => (Text::Notes, ui.visuals().weak_text_color()),
    };
    ui.colored_label(colour, text.get(lang));
}

/// A finding's message and suggestion: three lines at most, ended by … where there is more (never a line cut
/// through); the whole text is on hover and in the detail area once chosen.
fn message_cell(ui: &mut egui::Ui, f: &CheckFinding, lang: Lang) -> egui::Response {
    let mut text = f.message.get(lang).to_string();
    if let Some(s) = &f.suggestion {
        text += &format!(" → {}", s.get(lang));
    }
    let mut job = egui::text::LayoutJob::simple(
        text.clone(),
        egui::TextStyle::Body.resolve(ui.style()),
        ui.visuals().text_color(),
        ui.available_width(),
    );
    job.wrap.max_rows = 3;
    job.wrap.overflow_character = Some('…');
    ui.add(egui::Label::new(job).wrap().sense(egui::Sense::click())).on_hover_text(text)
}

/// The findings shown (by severity, party and filter), grouped by rule in the order the rules first come (errors
/// first), each group with its members.
fn grouped<'a>(
    findings: &[CheckFinding],
    place_of: &dyn Fn(usize) -> Option<&'a str>,
    (state, lang): (&CheckViewState, Lang),
    shows: &dyn Fn(&str) -> bool,
) -> Vec<(CheckRule, Vec<usize>)> {
    let needle = state.filter.trim();
    let mut rules: Vec<(CheckRule, Vec<usize>)> = Vec::new();
    let shown = findings
        .iter()
        .enumerate()
        .filter(|(_, f)| state.show[severity_index(f.severity)] && shows(&f.party))
        .filter(|(i, f)| {
            needle.is_empty()
                || f.rule.slug().contains(needle)
                || f.rule.name().get(lang).contains(needle)
                || f.key.contains(needle)
                || f.message.get(lang).contains(needle)
                || place_of(*i).is_some_and(|x| x.contains(needle))
        });
    for (i, f) in shown {
        match rules.iter_mut().find(|(r, _)| *r == f.rule) {
            Some((_, v)) => v.push(i),
            None => rules.push((f.rule, vec![i])),
        }
    }
    rules
}

/// The severities shown, each with its count, and the filter.
fn severity_and_filter_ui(
    ui: &mut egui::Ui,
    findings: &[CheckFinding],
    state: &mut CheckViewState,
    (lang, shows): (Lang, &dyn Fn(&str) -> bool),
) {
    ui.horizontal(|ui| {
        for (i, text) in [Text::Errors, Text::Warnings, Text::Notes].iter().enumerate() {
            let n = findings
                .iter()
                .filter(|f| severity_index(f.severity) == i && shows(&f.party))
                .count();
            ui.checkbox(&mut state.show[i], format!("{} {n}", text.get(lang)));
        }
        let label = ui.label(Text::FilterLabel.get(lang));
        ui.add(egui::TextEdit::singleline(&mut state.filter).desired_width(200.0))
            .labelled_by(label.id);
    });
}

/// Draw the findings of the last check.
pub fn check_view_ui(
    ui: &mut egui::Ui,
    cx: &mut PanelCtx,
    (findings, places): Found,
    state: &mut CheckViewState,
) {
    let (p, lang) = (cx.project, cx.lang);
    let party = cx.party.cloned();
    let shows = |of: &str| of.is_empty() || party.as_ref().is_none_or(|x| x.as_str() == of);
    // A row is named with whose it is where two parties meet.
    let parties = cx.parties.clone();
    let named = move |of: &str, key: &str| {
        if parties.len() > 1 && !of.is_empty() {
            format!("{} {key}", crate::domain::model::names::party_label(p, of))
        } else {
            key.to_string()
        }
    };
    ui.horizontal(|ui| {
        ui.selectable_value(&mut state.raised, false, Text::CheckResults.get(lang));
        let open = p.findings.iter().filter(|f| f.is_open() && shows(f.party.as_str())).count();
        ui.selectable_value(
            &mut state.raised,
            true,
            format!("{} {open}", Text::RaisedFindings.get(lang)),
        );
    });
    if state.raised {
        raised_findings_ui(ui, cx, &state.filter);
        return;
    }
    let commands = &mut *cx.commands;
    severity_and_filter_ui(ui, findings, state, (lang, &shows));
    let place_of = |i: usize| places.get(i).and_then(|x| x.as_deref());
    let rules = grouped(findings, &place_of, (state, lang), &shows);
    hidden_rules_ui(ui, state, lang);
    chosen_finding_ui(ui, state.chosen.and_then(|i| findings.get(i)), lang);
    let lines = lines_of(&rules, state);
    let (mut toggle, mut hide, mut choose) = (None, None, None);
    let line = ui.text_style_height(&egui::TextStyle::Body);
    TableBuilder::new(ui)
        .striped(true)
        .column(Column::initial(60.0))
        .column(Column::initial(180.0))
        .column(Column::initial(260.0).clip(true))
        .column(Column::remainder().clip(true))
        .column(Column::initial(70.0))
        .column(Column::initial(120.0))
        .header(22.0, |mut h| header_titles(&mut h, &CHECK_COLUMNS, lang))
        .body(|body| {
            // A group's header is one line; a finding three, for the message and its suggestion (wrapped; in
            // full in the detail area once chosen).
            let heights = lines.iter().map(|l| match l {
                Line::Group(..) => line + 10.0,
                Line::Finding(_) => line * 3.0 + 8.0,
            });
            body.heterogeneous_rows(heights, |mut row| {
                let (at, f) = match lines[row.index()] {
                    Line::Group(rule, n, open) => {
                        group_row(&mut row, (rule, n, open), lang, (&mut toggle, &mut hide));
                        return;
                    }
                    Line::Finding(i) => (i, &findings[i]),
                };
                row.set_selected(state.chosen == Some(at));
                row.col(|ui| severity_cell(ui, f.severity, lang));
                row.col(|ui| {
                    ui.label(f.rule.name().get(lang)).on_hover_text(f.rule.slug());
                });
                row.col(|ui| {
                    // The workbook cell it was imported from, while the row is as imported.
                    let place = format!(
                        "{} {}{}{}",
                        f.entity.label(lang),
                        named(&f.party, &f.key),
                        f.field.map(|x| format!(" [{}]", x.label(lang))).unwrap_or_default(),
                        place_of(at).map(|x| format!(" ({x})")).unwrap_or_default()
                    );
                    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
                    let r = ui.link(place);
                    if r.clicked()
                        && let Some(s) = selection_of(p, f)
                    {
                        commands.push(Command::View(ViewCmd::Reveal(s)));
                        if let Some(field) = f.field {
                            commands.push(Command::View(ViewCmd::FocusField(field)));
                        }
                    }
                });
                row.col(|ui| {
                    if message_cell(ui, f, lang).clicked() {
                        choose = Some(at);
                    }
                });
                row.col(|ui| {
                    if let Some(fix) = &f.fix
                        && ui.button(Text::ApplyFix.get(lang)).clicked()
                    {
                        let label = f
                            .suggestion
                            .as_ref()
                            .map(|s| s.get(lang).to_string())
                            .unwrap_or_else(|| f.rule.name().get(lang).to_string());
                        commands.push(Command::Edit(EditCmd::ApplyFix {
                            label,
                            fix: Box::new(fix.clone()),
                        }));
                    }
                });
                row.col(|ui| match raised_from(p, f) {
                    Some(raised) => {
                        ui.label(format!("{} {}", raised.id, raised.state.label(lang)));
                    }
                    None => {
                        if ui.button(Text::RaiseFinding.get(lang)).clicked() {
                            commands.push(Command::Coordination(CoordinationCmd::RaiseFinding(
                                Box::new(f.clone()),
                            )));
                        }
                    }
                });
            });
        });
    if let Some(rule) = toggle
        && !state.toggled.remove(&rule)
    {
        state.toggled.insert(rule);
    }
    if let Some(rule) = hide {
        state.hidden.insert(rule);
    }
    if choose.is_some() {
        state.chosen = choose;
    }
}

/// The project's findings (指摘): state (changed here), target (a link; 対象なし when the project has no such
/// row), severity, message and reply.
fn raised_findings_ui(ui: &mut egui::Ui, cx: &mut PanelCtx, filter: &str) {
    use crate::domain::model::kinds::FindingState;
    let (p, lang) = (cx.project, cx.lang);
    let needle = filter.trim();
    let shown: Vec<&Finding> = p
        .findings
        .iter()
        .filter(|f| cx.shows(&f.party))
        .filter(|f| {
            needle.is_empty()
                || f.id.contains(needle)
                || f.key.contains(needle)
                || f.message.contains(needle)
                || f.reply.contains(needle)
        })
        .collect();
    // Keys are unique within a party: with several, the party is named (code and name).
    let parties = cx.parties.clone();
    let commands = &mut *cx.commands;
    TableBuilder::new(ui)
        .id_salt("raised-findings")
        .striped(true)
        .column(Column::initial(120.0))
        .column(Column::initial(100.0))
        .column(Column::initial(60.0))
        .column(Column::initial(250.0).clip(true))
        .column(Column::initial(330.0).clip(true))
        .column(Column::remainder().clip(true))
        .header(22.0, |mut h| header_titles(&mut h, &FINDING_COLUMNS, lang))
        .body(|mut body| {
            let line = body.ui_mut().text_style_height(&egui::TextStyle::Body);
            body.rows(line * 3.0 + 8.0, shown.len(), |mut row| {
                let f = shown[row.index()];
                row.col(|ui| {
                    ui.vertical(|ui| {
                        ui.label(&f.id);
                        ui.small(format!("{} {}", f.raised_by, f.raised_on));
                    });
                });
                row.col(|ui| {
                    let mut state = f.state;
                    // A menu button (named by its state) rather than a combo box: every control has a name.
                    ui.menu_button(format!("{} ▼", f.state.label(lang)), |ui| {
                        for s in FindingState::ALL {
                            if ui.selectable_label(s == f.state, s.label(lang)).clicked() {
                                state = s;
                                ui.close();
                            }
                        }
                    });
                    if state != f.state {
                        commands.push(Command::Edit(EditCmd::Put {
                            label: format!(
                                "{} {}: {}",
                                Text::FindingCol.get(lang),
                                f.id,
                                state.label(lang)
                            ),
                            entity: Box::new(crate::domain::model::entity::Entity::Finding(
                                Box::new(Finding { state, ..f.clone() }),
                            )),
                        }));
                    }
                });
                row.col(|ui| {
                    let colour = match f.severity {
                        Severity::Error => ui.visuals().error_fg_color,
                        Severity::Warning => ui.visuals().warn_fg_color,
                        Severity::Info => ui.visuals().weak_text_color(),
                    };
                    ui.colored_label(colour, f.severity.label(lang));
                });
                row.col(|ui| {
                    let place = format!(
                        "{} {}{}",
                        f.target.label(lang),
                        if parties.len() > 1 && !f.party.is_empty() {
                            format!(
                                "{} {}",
                                crate::domain::model::names::party_label(p, &f.party),
                                f.key
                            )
                        } else {
                            f.key.clone()
                        },
                        if f.field.is_empty() { String::new() } else { format!(" [{}]", f.field) }
                    );
                    let target = f.target_in(p);
                    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
                    match target {
                        Some((kind, party, key)) => {
                            if ui.link(place).clicked()
                                && let Some(s) = selection_at(p, kind, party.as_str(), &key)
                            {
                                commands.push(Command::View(ViewCmd::Reveal(s)));
                                if let Some(field) = f.target_field() {
                                    commands.push(Command::View(ViewCmd::FocusField(field)));
                                }
                            }
                        }
                        None => {
                            ui.colored_label(
                                ui.visuals().warn_fg_color,
                                format!("{place} ({})", Text::NoTarget.get(lang)),
                            );
                        }
                    }
                });
                row.col(|ui| {
                    let mut text = f.message.clone();
                    if !f.suggestion.is_empty() {
                        text += &format!(" → {}", f.suggestion);
                    }
                    ui.add(egui::Label::new(text.as_str()).wrap()).on_hover_text(text);
                });
                row.col(|ui| {
                    let text = if f.reply.is_empty() {
                        String::new()
                    } else {
                        format!(
                            "{} ({} {})",
                            f.reply,
                            f.replied_by,
                            f.replied_on.map(|d| d.to_string()).unwrap_or_default()
                        )
                    };
                    ui.add(egui::Label::new(text.as_str()).wrap()).on_hover_text(text);
                });
            });
        });
}
