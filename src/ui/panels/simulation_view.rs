//! The simulation view of one test case: the query as the source's table lays it out, a timeline of the person's
//! memberships (one lane per insurer, bars from acquisition to loss, benefit marks, the query condition drawn over
//! it, the selected memberships highlighted) with the router's reason beside each, expected against actual, and the
//! merged and per-insurer XML, highlighted and tinted in each insurer's lane colour.
//!
//! Computed once per test case and project revision, not per frame.

use crate::domain::date::{Date, DateStyle};
use crate::domain::model::message::Lang;
use crate::domain::model::*;
use crate::domain::routing::{ProjectIndex, Simulation, compare, simulate};
use crate::exchange::xml::{insurer_answer_xml, merged_answer_xml_with_parts};

use crate::domain::model::field::Field;
use crate::ui::kit::command::{Command, Selection};
use crate::ui::kit::command::{TransferCmd, ViewCmd};
use crate::ui::kit::jobs::SimulatedCase;
use crate::ui::kit::panel::PanelCtx;
use crate::ui::kit::text::Text;

/// One membership on the timeline.
#[derive(Debug, Clone)]
struct Bar {
    lane: usize,
    from: Date,
    to: Option<Date>,
    taken: bool,
    line: String,
}

/// What the view shows, worked out from one simulation.
#[derive(Debug, Clone, Default)]
struct Shown {
    key: Option<(u64, String, Lang, DateStyle)>,
    query: Vec<(&'static str, String)>,
    outcome: String,
    /// Whether the case expects anything (an outcome or providers); without, nothing is compared (期待なし).
    expects: bool,
    differences: Vec<String>,
    lanes: Vec<(InsurerNumber, String)>,
    bars: Vec<Bar>,
    benefits: Vec<(usize, Date)>,
    condition: Option<QueryCondition>,
    merged_xml: String,
    /// Where each insurer's part sits in `merged_xml`, and its lane.
    merged_parts: Vec<(std::ops::Range<usize>, usize)>,
    answers: Vec<(usize, String)>,
}

/// The project revision and the selected rows (positions in the test case list) a list was worked out for.
type SelectionKey = (u64, Vec<usize>);

/// UI-only state of the view.
#[derive(Debug, Default)]
pub struct SimulationViewState {
    shown: Shown,
    /// The selected cases' outcomes, for the revision and selection they were worked out for.
    several: Option<(SelectionKey, Vec<SimulatedCase>)>,
}

/// At most this many selected cases are listed (each is simulated when the list is worked out).
const SEVERAL_MAX: usize = 500;

fn work_out_several(p: &Project, rows: &[usize]) -> Vec<SimulatedCase> {
    let index = ProjectIndex::new(p);
    let names = crate::domain::model::names::Ambiguity::of(p);
    rows.iter()
        .take(SEVERAL_MAX)
        .filter_map(|&i| p.test_cases.get(i))
        .map(|case| SimulatedCase::of(&index, &names, case))
        .collect()
}

/// The colour of an insurer's lane.
fn lane_colour(lane: usize) -> egui::Color32 {
    const COLOURS: [egui::Color32; 6] = [
        egui::Color32::from_rgb(0x4e, 0x79, 0xa7),
        egui::Color32::from_rgb(0xf2, 0x8e, 0x2b),
        egui::Color32::from_rgb(0x59, 0xa1, 0x4f),
        egui::Color32::from_rgb(0xb0, 0x7a, 0xa1),
        egui::Color32::from_rgb(0xed, 0xc9, 0x48),
        egui::Color32::from_rgb(0x76, 0xb7, 0xb2),
    ];
    COLOURS[lane % COLOURS.len()]
}

/// The query condition in words: its kind and its date or dates.
fn condition_text(case: &TestCase, lang: Lang, style: DateStyle) -> String {
    let date = |d: Option<Date>| d.map(|d| d.format(style)).unwrap_or_default();
    let kind = case.condition_kind.label(lang);
    match case.condition_kind {
        ConditionKind::Latest => format!("{kind}（{}）", date(case.query_date)),
        ConditionKind::AsOf => format!("{kind} {}", date(case.condition_start)),
        ConditionKind::Range => {
            format!("{kind} {}～{}", date(case.condition_start), date(case.condition_end))
        }
    }
}

/// The query as the source's table lays it out: each field's label and value.
fn query_lines(
    case: &TestCase,
    sim: &Simulation,
    person: Option<&RoleModel>,
    lang: Lang,
    style: DateStyle,
) -> Vec<(&'static str, String)> {
    let items: Vec<&str> = case.items.iter().map(|x| x.as_str()).collect();
    let person_code = person.map(|r| format!("（{}）", r.person_code)).unwrap_or_default();
    vec![
        (Text::Serial.get(lang), sim.serial.clone()),
        (Field::Requester.label(lang), case.requester.to_string()),
        (Field::Provider.label(lang), case.provider.to_string()),
        (Field::Affair.label(lang), case.affair.to_string()),
        (Field::Procedure.label(lang), case.procedure.to_string()),
        (Field::InfoKind.label(lang), case.info_kind.to_string()),
        (Field::Items.label(lang), items.join(",")),
        (Field::Condition.label(lang), condition_text(case, lang, style)),
        (Field::RoleModelId.label(lang), format!("{} {person_code}", case.role_model)),
    ]
}

/// The outcome, the insurers that answered and the router's reason, on one line.
fn outcome_line(sim: &Simulation, lang: Lang) -> String {
    let mut outcome = format!("{}: {}", Text::Outcome.get(lang), sim.outcome.label(lang));
    if !sim.providers.is_empty() {
        let providers: Vec<&str> = sim.providers.iter().map(|x| x.as_str()).collect();
        outcome += &format!(" — {}", providers.join(","));
    }
    if let Some(r) = &sim.reason {
        outcome += &format!(" — {}", r.get(lang));
    }
    outcome
}

/// The timeline: one lane per insurer (in the order of their first membership), a bar per membership with the
/// router's reason, and the benefit marks on their insurers' lanes.
struct Timeline {
    lanes: Vec<(InsurerNumber, String)>,
    bars: Vec<Bar>,
    benefits: Vec<(usize, Date)>,
}

impl Timeline {
    fn of(
        index: &ProjectIndex,
        case: &TestCase,
        person: Option<&RoleModel>,
        sim: &Simulation,
        (lang, style): (Lang, DateStyle),
    ) -> Timeline {
        let p = index.project;
        let mut memberships: Vec<(usize, &Membership)> = person
            .and_then(|r| index.partition.get(&(r.party.as_str(), r.person_code.as_str())))
            .map(|v| v.iter().map(|&i| (i, &p.memberships[i])).collect())
            .unwrap_or_default();
        memberships.sort_by_key(|(_, m)| m.acquired_on);
        let mut lanes: Vec<(InsurerNumber, String)> = Vec::new();
        for (_, m) in &memberships {
            if !lanes.iter().any(|(n, _)| n == &m.insurer) {
                lanes.push((m.insurer.clone(), index.insurer_name(m.insurer.as_str())));
            }
        }
        let lane_of = |n: &InsurerNumber| lanes.iter().position(|(x, _)| x == n).unwrap_or(0);
        let bars = memberships
            .iter()
            .map(|&(i, m)| {
                let trace = sim.trace.iter().find(|t| t.membership == i);
                let taken = sim.trace.iter().any(|t| t.membership == i && t.taken);
                let reason =
                    trace.map(|t| t.reason(index).get(lang).to_string()).unwrap_or_default();
                let mark = if taken { Text::Taken } else { Text::Left };
                Bar {
                    lane: lane_of(&m.insurer),
                    from: m.acquired_on,
                    to: m.lost_on,
                    taken,
                    line: format!(
                        "{} {} {} {}～{}  {reason}",
                        mark.get(lang),
                        m.insurer,
                        index.insurer_name(m.insurer.as_str()),
                        m.acquired_on.format(style),
                        m.lost_on.map(|d| d.format(style)).unwrap_or_default(),
                    ),
                }
            })
            .collect();
        let benefits = p
            .benefits
            .iter()
            .filter(|b| b.role_model == case.role_model && b.party == case.party)
            .filter(|b| lanes.iter().any(|(n, _)| n == &b.insurer))
            .map(|b| (lane_of(&b.insurer), b.start_date))
            .collect();
        Timeline { lanes, bars, benefits }
    }

    /// An insurer's lane (the first when it has none).
    fn lane_of(&self, n: &InsurerNumber) -> usize {
        self.lanes.iter().position(|(x, _)| x == n).unwrap_or(0)
    }
}

fn work_out(p: &Project, case: &TestCase, revision: u64, lang: Lang, style: DateStyle) -> Shown {
    // Only the part of the project the case reads is indexed (not every person of a national-scale project).
    let part = crate::domain::routing::project_for_case(p, case);
    let index = ProjectIndex::new(&part);
    let sim = simulate(&index, case);
    let person = index.role_model_of(case);
    let timeline = Timeline::of(&index, case, person, &sim, (lang, style));
    let counts: Vec<usize> = sim.answers.iter().map(|a| a.groups.len()).collect();
    // The writer refuses what routing let through only by a bug; its reason is shown in the XML's place.
    let (merged_xml, parts) = sim
        .merged()
        .map(|m| {
            merged_answer_xml_with_parts(&m, &counts)
                .unwrap_or_else(|e| (e.to_string(), Vec::new()))
        })
        .unwrap_or_default();
    let merged_parts = parts
        .into_iter()
        .zip(&sim.answers)
        .map(|(range, a)| (range, timeline.lane_of(&a.insurer)))
        .collect();
    let answers = sim
        .answers
        .iter()
        .map(|a| {
            let xml = insurer_answer_xml(a).unwrap_or_else(|e| e.to_string());
            (timeline.lane_of(&a.insurer), xml)
        })
        .collect();
    let differences =
        compare(case, &sim).differences.iter().map(|d| d.get(lang).to_string()).collect();
    Shown {
        key: Some((revision, case.id.to_string(), lang, style)),
        query: query_lines(case, &sim, person, lang, style),
        outcome: outcome_line(&sim, lang),
        expects: case.expected_outcome.is_some() || !case.expected_providers.is_empty(),
        differences,
        bars: timeline.bars,
        benefits: timeline.benefits,
        condition: sim.condition,
        merged_xml,
        merged_parts,
        answers,
        lanes: timeline.lanes,
    }
}

/// XML coloured: tags in one colour, text in another; each span's bytes on its tint (its lane colour, faint).
fn highlighted(
    xml: &str,
    spans: &[(std::ops::Range<usize>, egui::Color32)],
    ui: &egui::Ui,
) -> egui::text::LayoutJob {
    let mut job = egui::text::LayoutJob::default();
    let mut at = 0;
    let mut sorted: Vec<&(std::ops::Range<usize>, egui::Color32)> =
        spans.iter().filter(|(r, _)| r.start < r.end && r.end <= xml.len()).collect();
    sorted.sort_by_key(|(r, _)| r.start);
    for (range, tint) in sorted {
        if range.start < at
            || !xml.is_char_boundary(range.start)
            || !xml.is_char_boundary(range.end)
        {
            continue;
        }
        append_xml(&mut job, &xml[at..range.start], None, ui);
        append_xml(&mut job, &xml[range.clone()], Some(*tint), ui);
        at = range.end;
    }
    append_xml(&mut job, &xml[at..], None, ui);
    job
}

/// Append XML text to a layout: tags in the link colour, the rest in the text colour, on an optional tint.
fn append_xml(
    job: &mut egui::text::LayoutJob,
    xml: &str,
    tint: Option<egui::Color32>,
    ui: &egui::Ui,
) {
    let mono = egui::TextStyle::Monospace.resolve(ui.style());
    let tag = ui.visuals().hyperlink_color;
    let text = ui.visuals().text_color();
    let background = tint.map(|c| c.gamma_multiply(0.25)).unwrap_or_default();
    let mut rest = xml;
    while !rest.is_empty() {
        let (chunk, is_tag) = match rest.find('<') {
            Some(0) => {
                let end = rest.find('>').map(|i| i + 1).unwrap_or(rest.len());
                (&rest[..end], true)
            }
            Some(i) => (&rest[..i], false),
            None => (rest, false),
        };
        job.append(
            chunk,
            0.0,
            egui::TextFormat {
                font_id: mono.clone(),
                color: if is_tag { tag } else { text },
                background,
                ..Default::default()
            },
        );
        rest = &rest[chunk.len()..];
    }
}

fn timeline(ui: &mut egui::Ui, shown: &Shown) {
    let lanes = shown.lanes.len().max(1);
    let lane_height = 26.0;
    let label_width = 170.0;
    let width = ui.available_width().max(400.0);
    let (rect, response) = ui.allocate_exact_size(
        egui::vec2(width, lane_height * lanes as f32 + 24.0),
        egui::Sense::hover(),
    );
    let painter = ui.painter_at(rect);
    // The span shown: every membership and the condition, with a margin.
    let mut days: Vec<i64> = shown
        .bars
        .iter()
        .flat_map(|b| [Some(b.from), b.to])
        .flatten()
        .map(Date::days_since_epoch)
        .collect();
    match shown.condition {
        Some(QueryCondition::Latest(d)) | Some(QueryCondition::AsOf(d)) => {
            days.push(d.days_since_epoch())
        }
        Some(QueryCondition::Range(a, b)) => {
            days.extend([a.days_since_epoch(), b.days_since_epoch()])
        }
        None => {}
    }
    let (Some(&lo), Some(&hi)) = (days.iter().min(), days.iter().max()) else {
        return;
    };
    let (lo, hi) = (lo - 365, hi + 365);
    let x0 = rect.left() + label_width;
    let x_of = |d: i64| x0 + (d - lo) as f32 / (hi - lo).max(1) as f32 * (rect.right() - x0 - 8.0);
    let y_of = |lane: usize| rect.top() + lane as f32 * lane_height;
    let visuals = ui.visuals();
    for (i, (number, name)) in shown.lanes.iter().enumerate() {
        painter.text(
            egui::pos2(rect.left() + 4.0, y_of(i) + lane_height / 2.0),
            egui::Align2::LEFT_CENTER,
            format!("{number} {name}"),
            egui::TextStyle::Small.resolve(ui.style()),
            lane_colour(i),
        );
    }
    // The condition under the bars: a band for a range, a line for a point in time.
    let bottom = y_of(lanes);
    match shown.condition {
        Some(QueryCondition::Range(a, b)) => {
            painter.rect_filled(
                egui::Rect::from_x_y_ranges(
                    x_of(a.days_since_epoch())..=x_of(b.days_since_epoch()),
                    rect.top()..=bottom,
                ),
                0.0,
                visuals.selection.bg_fill.gamma_multiply(0.35),
            );
        }
        Some(QueryCondition::Latest(d)) | Some(QueryCondition::AsOf(d)) => {
            let x = x_of(d.days_since_epoch());
            painter.line_segment(
                [egui::pos2(x, rect.top()), egui::pos2(x, bottom)],
                egui::Stroke::new(2.0, visuals.warn_fg_color),
            );
        }
        None => {}
    }
    let mut hovered: Option<&str> = None;
    for (n, b) in shown.bars.iter().enumerate() {
        let y = y_of(b.lane);
        let end = b.to.map(Date::days_since_epoch).unwrap_or(hi);
        let bar = egui::Rect::from_x_y_ranges(
            x_of(b.from.days_since_epoch())..=x_of(end),
            (y + 5.0)..=(y + lane_height - 5.0),
        );
        let colour = lane_colour(b.lane);
        painter.rect_filled(bar, 3.0, if b.taken { colour } else { colour.gamma_multiply(0.3) });
        if b.taken {
            painter.rect_stroke(
                bar,
                3.0,
                egui::Stroke::new(2.0, visuals.strong_text_color()),
                egui::StrokeKind::Outside,
            );
        }
        // The bar's number, as its line below the timeline starts; its line again on hover.
        painter.text(
            egui::pos2(bar.left() + 4.0, bar.center().y),
            egui::Align2::LEFT_CENTER,
            (n + 1).to_string(),
            egui::TextStyle::Small.resolve(ui.style()),
            if b.taken { egui::Color32::WHITE } else { visuals.text_color() },
        );
        if response.hover_pos().is_some_and(|p| bar.contains(p)) {
            hovered = Some(&b.line);
        }
    }
    if let Some(line) = hovered {
        response.clone().on_hover_text_at_pointer(line);
    }
    for (lane, d) in &shown.benefits {
        let x = x_of(d.days_since_epoch());
        let y = y_of(*lane) + lane_height - 4.0;
        painter.add(egui::Shape::convex_polygon(
            vec![egui::pos2(x, y - 8.0), egui::pos2(x - 5.0, y), egui::pos2(x + 5.0, y)],
            visuals.strong_text_color(),
            egui::Stroke::NONE,
        ));
    }
    // Years along the bottom.
    let first_year = Date::from_days_since_epoch(lo).year() + 1;
    let last_year = Date::from_days_since_epoch(hi).year();
    let step = ((last_year - first_year) / 8).max(1);
    let mut year = first_year;
    while year <= last_year {
        if let Some(d) = Date::new(year, 1, 1) {
            painter.text(
                egui::pos2(x_of(d.days_since_epoch()), bottom + 12.0),
                egui::Align2::CENTER_CENTER,
                year.to_string(),
                egui::TextStyle::Small.resolve(ui.style()),
                visuals.weak_text_color(),
            );
        }
        year += step;
    }
}

/// The list of several selected cases above the view: each one's outcome, providers and whether it is as
/// expected; picking one shows it below. Saving writes every listed case's XML.
fn several_ui(
    ui: &mut egui::Ui,
    rows: &[SimulatedCase],
    total: usize,
    current: &TestCaseKey,
    lang: Lang,
    commands: &mut Vec<Command>,
) {
    ui.horizontal(|ui| {
        ui.strong(format!("{} {total} {}", Text::SelectedCases.get(lang), Text::Rows.get(lang)));
        if ui.button(Text::SaveSelectedXml.get(lang)).clicked() {
            commands.push(Command::Transfer(TransferCmd::SaveXmlDialog(
                rows.iter().map(|r| r.id.clone()).collect(),
            )));
        }
    });
    if total > rows.len() {
        ui.label(format!("（{} {}）", rows.len(), Text::Rows.get(lang)));
    }
    egui::ScrollArea::vertical().id_salt("several").max_height(150.0).show(ui, |ui| {
        for r in rows {
            let line = format!(
                "{}  {}  {}  {}",
                r.name,
                r.outcome.label(lang),
                r.providers,
                match r.matches {
                    Some(true) => "○",
                    Some(false) => Text::Mismatch.get(lang),
                    None => Text::NoExpectationShort.get(lang),
                }
            );
            let text = if r.matches == Some(false) {
                egui::RichText::new(line).color(ui.visuals().error_fg_color)
            } else {
                egui::RichText::new(line)
            };
            if ui.selectable_label(&r.id == current, text).clicked() {
                commands.push(Command::View(ViewCmd::Select(Selection::TestCase(r.id.clone()))));
            }
        }
    });
    ui.separator();
}

/// Draw the view for a test case; `selected` are the rows selected in the test case table (positions in the
/// project's test cases), listed when several.
pub fn simulation_view_ui(
    ui: &mut egui::Ui,
    cx: &mut PanelCtx,
    case_id: &TestCaseKey,
    selected: &[usize],
    state: &mut SimulationViewState,
) {
    let (p, revision, lang, style) = (cx.project, cx.revision, cx.lang, cx.style);
    let title = cx.named(&case_id.party, &case_id.id);
    let commands = &mut *cx.commands;
    let Some(case) = p.test_case(case_id) else {
        return;
    };
    if state.shown.key.as_ref() != Some(&(revision, case_id.to_string(), lang, style)) {
        state.shown = work_out(p, case, revision, lang, style);
    }
    if selected.len() > 1 {
        let stale = state
            .several
            .as_ref()
            .is_none_or(|((r, rows), _)| *r != revision || rows.as_slice() != selected);
        if stale {
            state.several = Some(((revision, selected.to_vec()), work_out_several(p, selected)));
        }
    } else {
        state.several = None;
    }
    let shown = &state.shown;
    egui::ScrollArea::vertical().show(ui, |ui| {
        if let Some((_, rows)) = &state.several {
            several_ui(ui, rows, selected.len(), case_id, lang, commands);
        }
        ui.heading(format!("{} {title}", Text::Simulation.get(lang)));
        egui::Grid::new("query").num_columns(2).striped(true).show(ui, |ui| {
            for (h, v) in &shown.query {
                ui.label(*h);
                ui.label(v);
                ui.end_row();
            }
        });
        ui.separator();
        ui.strong(&shown.outcome);
        if !shown.expects {
            ui.label(Text::NoExpectation.get(lang));
        } else if shown.differences.is_empty() {
            ui.label(Text::AsExpected.get(lang));
        }
        for d in &shown.differences {
            ui.colored_label(ui.visuals().error_fg_color, format!("！ {d}"));
        }
        ui.separator();
        ui.strong(Text::Timeline.get(lang));
        timeline(ui, shown);
        for (n, b) in shown.bars.iter().enumerate() {
            let colour = lane_colour(b.lane);
            let text = egui::RichText::new(format!("{} {}", n + 1, b.line)).color(if b.taken {
                colour
            } else {
                ui.visuals().weak_text_color()
            });
            ui.label(if b.taken { text.strong() } else { text });
        }
        ui.separator();
        ui.horizontal(|ui| {
            ui.strong(Text::MergedXml.get(lang));
            if !shown.merged_xml.is_empty() && ui.button(Text::CopyXml.get(lang)).clicked() {
                ui.ctx().copy_text(shown.merged_xml.clone());
            }
            if ui.button(Text::SaveXml.get(lang)).clicked() {
                commands.push(Command::Transfer(TransferCmd::SaveXmlDialog(vec![case.key()])));
            }
        });
        if shown.merged_xml.is_empty() {
            ui.label(Text::NoMergedAnswer.get(lang));
        } else {
            ui.horizontal_wrapped(|ui| {
                ui.label(Text::PartsLegend.get(lang));
                for (_, lane) in &shown.merged_parts {
                    let (number, name) = &shown.lanes[*lane];
                    ui.label(
                        egui::RichText::new(format!("{number} {name}"))
                            .background_color(lane_colour(*lane).gamma_multiply(0.25))
                            .color(lane_colour(*lane)),
                    );
                }
            });
            let spans: Vec<(std::ops::Range<usize>, egui::Color32)> = shown
                .merged_parts
                .iter()
                .map(|(r, lane)| (r.clone(), lane_colour(*lane)))
                .collect();
            ui.label(highlighted(&shown.merged_xml, &spans, ui));
            ui.separator();
            ui.strong(Text::PerInsurer.get(lang));
            ui.columns(shown.answers.len().max(1), |columns| {
                for (ui, (lane, xml)) in columns.iter_mut().zip(&shown.answers) {
                    ui.colored_label(lane_colour(*lane), &shown.lanes[*lane].1);
                    // Unwrapped (the XML's indentation kept), scrolled sideways within its column.
                    let job = highlighted(xml, &[(0..xml.len(), lane_colour(*lane))], ui);
                    egui::ScrollArea::horizontal().id_salt(("answer", *lane)).show(ui, |ui| {
                        ui.add(egui::Label::new(job).extend());
                    });
                }
            });
        }
    });
}
