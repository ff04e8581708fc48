//! The insurer representative's workspace (保険者ワークスペース): the insurer list (representatives first, with how
//! many cases reach each and how many are not yet served as they expect), and one insurer's partition — its rows of
//! the unified partition, the cases routed to it or expecting it (mismatches first), for the chosen case the
//! router's reasons, this insurer's replica XML, the smallest replica change that serves it (one click, one undo
//! step) or a finding for the querier, and a role model built for it. Everything is worked out off the UI thread
//! (`domain::partition`); the panel draws what it has and pushes commands.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, channel};

use crate::domain::model::{InsurerNumber, Project};
use crate::domain::partition::{
    Boundary, Expectation, ReachCounts, ReplicaProposal, Workspace, build_role_model, reach_counts,
    replica_proposal, workspace,
};
use crate::domain::routing::{ProjectIndex, simulate};

use crate::ui::kit::command::Command;
use crate::ui::kit::command::{CoordinationCmd, EditCmd, TransferCmd, ViewCmd};
use crate::ui::kit::panel::PanelCtx;
use crate::ui::kit::text::Text;

/// Work running off the UI thread, with its progress and a way to stop it.
struct Run<T> {
    /// What it was started for: (project revision, insurer).
    key: (u64, Option<InsurerNumber>),
    result: Receiver<Option<T>>,
    done: Arc<AtomicUsize>,
    total: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
}

impl<T: Send + 'static> Run<T> {
    fn start(
        key: (u64, Option<InsurerNumber>),
        ctx: &egui::Context,
        work: impl FnOnce(&mut dyn FnMut(usize, usize) -> bool) -> Option<T> + Send + 'static,
    ) -> Run<T> {
        let (tx, rx) = channel();
        let (done, total, stop) = (
            Arc::new(AtomicUsize::new(0)),
            Arc::new(AtomicUsize::new(1)),
            Arc::new(AtomicBool::new(false)),
        );
        let (d, t, s, ctx) = (done.clone(), total.clone(), stop.clone(), ctx.clone());
        std::thread::spawn(move || {
            let out = work(&mut |n, of| {
                d.store(n, Ordering::Relaxed);
                t.store(of.max(1), Ordering::Relaxed);
                ctx.request_repaint();
                !s.load(Ordering::Relaxed)
            });
            let _ = tx.send(out);
            ctx.request_repaint();
        });
        Run { key, result: rx, done, total, stop }
    }

    fn fraction(&self) -> f32 {
        self.done.load(Ordering::Relaxed) as f32 / self.total.load(Ordering::Relaxed) as f32
    }
}

/// The workspace's state between frames.
#[derive(Default)]
pub struct InsurerViewState {
    /// The insurer shown; `None`: the insurer list.
    pub insurer: Option<InsurerNumber>,
    /// The list's search text (a number or part of a name).
    search: String,
    counts: Option<(u64, ReachCounts)>,
    counts_run: Option<Run<ReachCounts>>,
    shown: Option<(u64, Workspace)>,
    run: Option<Run<Workspace>>,
    /// The chosen case (its position in the project's test cases).
    pub case: Option<usize>,
    /// The proposal for the chosen case, at the revision it was worked out for.
    proposal: Option<(u64, usize, Option<ReplicaProposal>)>,
    boundary: Boundary,
    detail: Option<Detail>,
}

/// What the detail of the chosen case shows, worked out once per revision and case: the router's reasons and
/// this insurer's answer XML.
struct Detail {
    key: (u64, usize, crate::domain::model::message::Lang),
    trace: Vec<String>,
    xml: Option<Result<String, String>>,
}

impl Detail {
    fn of(
        p: &Project,
        at: usize,
        insurer: &InsurerNumber,
        (revision, lang): (u64, crate::domain::model::message::Lang),
    ) -> Detail {
        let case = &p.test_cases[at];
        let part = crate::domain::routing::project_for_case(p, case);
        let index = ProjectIndex::new(&part);
        let sim = simulate(&index, &part.test_cases[0]);
        let trace = sim
            .trace
            .iter()
            .map(|t| {
                let m = t.membership(&index);
                format!(
                    "{} {} {}～{}: {}",
                    if t.taken { "○" } else { "－" },
                    m.insurer,
                    m.acquired_on,
                    m.lost_on.map(|d| d.to_string()).unwrap_or_default(),
                    t.reason(&index).get(lang)
                )
            })
            .collect();
        let xml = sim
            .answers
            .iter()
            .find(|a| &a.insurer == insurer)
            .map(|a| crate::exchange::xml::insurer_answer_xml(a).map_err(|e| e.to_string()));
        Detail { key: (revision, at, lang), trace, xml }
    }
}

impl InsurerViewState {
    /// Show this insurer's workspace.
    pub fn show(&mut self, insurer: InsurerNumber) {
        if self.insurer.as_ref() != Some(&insurer) {
            self.case = None;
            self.proposal = None;
            self.shown = None;
            self.detail = None;
        }
        self.insurer = Some(insurer);
    }

    /// Start (or keep) the background work the current revision needs; take what has come back.
    pub fn keep_up(&mut self, project: &Arc<Project>, revision: u64, ctx: &egui::Context) {
        if let Some(run) = &self.run
            && let Ok(out) = run.result.try_recv()
        {
            if let (Some(w), (rev, _)) = (out, &run.key) {
                self.shown = Some((*rev, w));
            }
            self.run = None;
        }
        if let Some(run) = &self.counts_run
            && let Ok(out) = run.result.try_recv()
        {
            if let Some(c) = out {
                self.counts = Some((run.key.0, c));
            }
            self.counts_run = None;
        }
        match &self.insurer {
            Some(insurer) => {
                let key = (revision, Some(insurer.clone()));
                let fresh = self
                    .shown
                    .as_ref()
                    .is_some_and(|(r, w)| *r == revision && &w.insurer == insurer);
                if !fresh && self.run.as_ref().is_none_or(|r| r.key != key) {
                    if let Some(r) = &self.run {
                        r.stop.store(true, Ordering::Relaxed);
                    }
                    let (p, x) = (project.clone(), insurer.clone());
                    self.run = Some(Run::start(key, ctx, move |progress| {
                        workspace(&ProjectIndex::new(&p), &x, progress)
                    }));
                }
            }
            None => {
                let fresh = self.counts.as_ref().is_some_and(|(r, _)| *r == revision);
                if !fresh && self.counts_run.as_ref().is_none_or(|r| r.key.0 != revision) {
                    let p = project.clone();
                    self.counts_run = Some(Run::start((revision, None), ctx, move |progress| {
                        reach_counts(&ProjectIndex::new(&p), progress)
                    }));
                }
            }
        }
    }
}

/// Draw the workspace.
pub fn insurer_view_ui(ui: &mut egui::Ui, cx: &mut PanelCtx, state: &mut InsurerViewState) {
    match state.insurer.clone() {
        None => insurer_list(ui, cx, state),
        Some(insurer) => insurer_workspace(ui, cx, state, &insurer),
    }
}

fn insurer_list(ui: &mut egui::Ui, cx: &mut PanelCtx, state: &mut InsurerViewState) {
    let lang = cx.lang;
    ui.horizontal(|ui| {
        let label = ui.label(Text::InsurerSearch.get(lang));
        ui.add(
            egui::TextEdit::singleline(&mut state.search)
                .desired_width(240.0)
                .hint_text(Text::InsurerSearchHint.get(lang)),
        )
        .labelled_by(label.id);
    });
    if let Some(run) = &state.counts_run {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(Text::Computing.get(lang));
            ui.add(egui::ProgressBar::new(run.fraction()).desired_width(160.0));
        });
    }
    let search = state.search.trim().to_lowercase();
    let mut insurers: Vec<&crate::domain::model::Insurer> = cx
        .project
        .insurers
        .iter()
        .filter(|i| {
            search.is_empty()
                || i.number.as_str().contains(&search)
                || i.name.to_lowercase().contains(&search)
        })
        .collect();
    insurers.sort_by_key(|i| (!i.representative, i.number.as_str()));
    let counts = state.counts.as_ref().map(|(_, c)| c);
    let row = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    egui::ScrollArea::vertical().auto_shrink([false, false]).show_rows(
        ui,
        row,
        insurers.len(),
        |ui, range| {
            egui::Grid::new("insurer-list").striped(true).num_columns(5).show(ui, |ui| {
                for i in &insurers[range] {
                    ui.label(if i.representative { Text::Representative.get(lang) } else { "" });
                    ui.monospace(i.number.as_str());
                    ui.label(&i.name);
                    match counts.map(|c| c.get(&i.number).copied().unwrap_or_default()) {
                        Some((reach, not_yet)) => ui.label(format!(
                            "{} {reach} / {} {not_yet}",
                            Text::Reaching.get(lang),
                            Text::NotYetServed.get(lang)
                        )),
                        None => ui.label("…"),
                    };
                    if ui
                        .button(format!("{} {}", Text::OpenWorkspace.get(lang), i.number))
                        .clicked()
                    {
                        cx.commands.push(Command::View(ViewCmd::OpenInsurer(i.number.clone())));
                    }
                    ui.end_row();
                }
            });
        },
    );
}

fn insurer_workspace(
    ui: &mut egui::Ui,
    cx: &mut PanelCtx,
    state: &mut InsurerViewState,
    insurer: &InsurerNumber,
) {
    let lang = cx.lang;
    let p = cx.project;
    let master = p.insurers.iter().find(|i| &i.number == insurer);
    ui.horizontal(|ui| {
        if ui.button(Text::InsurerList.get(lang)).clicked() {
            state.insurer = None;
        }
        ui.heading(format!(
            "{} {insurer} {}",
            Text::Insurer.get(lang),
            master.map(|i| i.name.as_str()).unwrap_or("")
        ));
        if master.is_some_and(|i| i.representative) {
            ui.strong(Text::Representative.get(lang));
        }
        if ui.button(Text::SaveAllAnswers.get(lang)).clicked() {
            cx.commands
                .push(Command::Transfer(TransferCmd::SaveInsurerAnswersDialog(insurer.clone())));
        }
    });
    if let Some(run) = &state.run {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(Text::Computing.get(lang));
            ui.add(egui::ProgressBar::new(run.fraction()).desired_width(200.0));
            if ui.button(Text::Cancel.get(lang)).clicked() {
                run.stop.store(true, Ordering::Relaxed);
            }
        });
    }
    // Taken out while drawn (the case list and the detail both change the state), put back after.
    let Some((shown_at, w)) = state.shown.take() else {
        return;
    };
    draw_workspace(ui, cx, state, insurer, &w);
    state.shown = Some((shown_at, w));
}

fn draw_workspace(
    ui: &mut egui::Ui,
    cx: &mut PanelCtx,
    state: &mut InsurerViewState,
    insurer: &InsurerNumber,
    w: &Workspace,
) {
    let lang = cx.lang;
    let p = cx.project;
    // A workspace worked out for an earlier revision is shown until the new one arrives; what it points at is
    // checked against the project before use.
    if w.memberships.iter().any(|&i| i >= p.memberships.len())
        || w.cases.iter().any(|c| c.case >= p.test_cases.len())
    {
        return;
    }
    let (reach, not_yet) = w.counts();
    ui.label(format!(
        "{} {reach} / {} {not_yet}",
        Text::Reaching.get(lang),
        Text::NotYetServed.get(lang)
    ));
    egui::CollapsingHeader::new(format!(
        "{} ({})",
        Text::PartitionRows.get(lang),
        w.memberships.len()
    ))
    .id_salt("partition-rows")
    .default_open(true)
    .show(ui, |ui| {
        egui::ScrollArea::vertical().id_salt("rows").max_height(140.0).show(ui, |ui| {
            egui::Grid::new("partition-grid").striped(true).show(ui, |ui| {
                for h in [
                    Text::PersonCode,
                    Text::LinkNumber,
                    Text::MemberBranch,
                    Text::AcquiredLost,
                    Text::RoleModel,
                    Text::Party,
                ] {
                    ui.strong(h.get(lang));
                }
                ui.end_row();
                for &i in &w.memberships {
                    let m = &p.memberships[i];
                    let person = p
                        .role_models
                        .iter()
                        .find(|r| r.party == m.party && r.id == m.role_model)
                        .map(|r| r.person_code.as_str())
                        .unwrap_or("");
                    ui.monospace(person);
                    ui.monospace(m.link_number.as_str());
                    ui.monospace(m.member_branch.as_str());
                    ui.label(format!(
                        "{}～{}",
                        m.acquired_on.format(cx.style),
                        m.lost_on.map(|d| d.format(cx.style)).unwrap_or_default()
                    ));
                    ui.label(m.role_model.as_str());
                    ui.label(m.party.as_str());
                    ui.end_row();
                }
            });
        });
    });
    ui.separator();
    ui.columns(2, |cols| {
        let row = cols[0].text_style_height(&egui::TextStyle::Body) + 6.0;
        egui::ScrollArea::vertical().id_salt("cases").auto_shrink([false, false]).show_rows(
            &mut cols[0],
            row,
            w.cases.len(),
            |ui, range| {
                for c in &w.cases[range] {
                    let case = &p.test_cases[c.case];
                    let mark = match c.expectation.matches() {
                        Some(true) => "○",
                        Some(false) => "×",
                        None => "－",
                    };
                    let how = match (c.routed, c.expected) {
                        (true, true) => Text::RoutedExpected,
                        (true, false) => Text::RoutedNotExpected,
                        (false, _) => Text::ExpectedNotRouted,
                    };
                    let mut text = egui::RichText::new(format!(
                        "{mark} {}  {}  {}",
                        cx.named(&case.party, &case.id),
                        c.outcome.label(lang),
                        how.get(lang)
                    ));
                    if c.expectation.matches() == Some(false) {
                        text = text.color(ui.visuals().error_fg_color);
                    }
                    if ui.selectable_label(state.case == Some(c.case), text).clicked() {
                        state.case = Some(c.case);
                        state.proposal = None;
                    }
                }
            },
        );
        let ui = &mut cols[1];
        let Some(at) = state.case else {
            ui.label(Text::ChooseCase.get(lang));
            return;
        };
        let Some(c) = w.cases.iter().find(|c| c.case == at) else {
            return;
        };
        case_detail(ui, cx, state, insurer, c);
    });
}

/// For a case that does not get what it expects: the smallest change of the replicas that serves it, or why only
/// the case can be corrected, and a button that applies it or writes the finding.
fn proposal_ui(
    ui: &mut egui::Ui,
    cx: &mut PanelCtx,
    state: &mut InsurerViewState,
    insurer: &InsurerNumber,
    at_case: usize,
) {
    let lang = cx.lang;
    let p = cx.project;
    let case = &p.test_cases[at_case];
    let fresh =
        state.proposal.as_ref().is_some_and(|(r, at, _)| *r == cx.revision && *at == at_case);
    if !fresh && ui.button(Text::ProposeReplicas.get(lang)).clicked() {
        state.proposal = Some((cx.revision, at_case, replica_proposal(p, case, insurer)));
    }
    if let Some((_, at, proposal)) = &state.proposal
        && *at == at_case
    {
        match proposal {
            Some(ReplicaProposal::Change { change, what, breaks }) => {
                ui.label(format!("{}: {}", Text::Proposal.get(lang), what.get(lang)));
                if !breaks.is_empty() {
                    let ids: Vec<&str> = breaks.iter().map(|x| x.as_str()).collect();
                    ui.colored_label(
                        ui.visuals().warn_fg_color,
                        format!("{}: {}", Text::AlsoChanges.get(lang), ids.join(", ")),
                    );
                }
                if ui.button(Text::ApplyProposal.get(lang)).clicked() {
                    cx.commands.push(Command::Edit(EditCmd::ApplyChange {
                        label: format!("{} {}: {}", Text::ServeCase.get(lang), case.id, what.ja),
                        change: Box::new(change.clone()),
                    }));
                }
            }
            Some(ReplicaProposal::InTheCase(why)) => {
                ui.label(why.get(lang));
                if ui.button(Text::FindingForQuerier.get(lang)).clicked() {
                    cx.commands.push(Command::Coordination(CoordinationCmd::WriteFindingText {
                        party: case.party.to_string(),
                        key: case.id.to_string(),
                        message: why.ja.clone(),
                    }));
                }
            }
            None => {
                ui.label(Text::NoProposal.get(lang));
            }
        }
    }
}

fn case_detail(
    ui: &mut egui::Ui,
    cx: &mut PanelCtx,
    state: &mut InsurerViewState,
    insurer: &InsurerNumber,
    c: &crate::domain::partition::CaseAtInsurer,
) {
    let lang = cx.lang;
    let p = cx.project;
    let case = &p.test_cases[c.case];
    ui.strong(cx.named(&case.party, &case.id));
    let providers: Vec<&str> = c.providers.iter().map(|x| x.as_str()).collect();
    ui.label(format!(
        "{} {} / {} {}",
        Text::Outcome.get(lang),
        c.outcome.label(lang),
        Text::Providers.get(lang),
        if providers.is_empty() { "-".to_string() } else { providers.join(",") }
    ));
    match &c.expectation {
        Expectation::None => {
            ui.label(Text::NoExpectation.get(lang));
        }
        Expectation::Matches => {
            ui.label(Text::AsExpected.get(lang));
        }
        Expectation::Differs(d) => {
            for m in d {
                ui.colored_label(ui.visuals().error_fg_color, m.get(lang));
            }
        }
    }
    if let Some(r) = &c.reason {
        ui.label(r.get(lang));
    }
    // The router's words, and this insurer's replica XML for the case: worked out once per revision and case.
    if state.detail.as_ref().is_none_or(|d| d.key != (cx.revision, c.case, lang)) {
        state.detail = Some(Detail::of(p, c.case, insurer, (cx.revision, lang)));
    }
    let Some(detail) = &state.detail else { return };
    egui::CollapsingHeader::new(Text::RouterReasons.get(lang))
        .id_salt("router")
        .default_open(true)
        .show(ui, |ui| {
            for line in &detail.trace {
                ui.label(line);
            }
        });
    if let Some(xml) = &detail.xml {
        egui::CollapsingHeader::new(Text::ReplicaXml.get(lang))
            .id_salt("replica-xml")
            .default_open(true)
            .show(ui, |ui| match xml {
                Ok(xml) => {
                    egui::ScrollArea::vertical().max_height(180.0).show(ui, |ui| {
                        ui.add(egui::Label::new(egui::RichText::new(xml).monospace()));
                    });
                }
                Err(e) => {
                    ui.colored_label(ui.visuals().error_fg_color, e);
                }
            });
    }
    ui.separator();
    if c.expectation.matches() == Some(false) {
        proposal_ui(ui, cx, state, insurer, c.case);
    }
    ui.horizontal(|ui| {
        let label = ui.label(Text::BoundaryChoice.get(lang));
        egui::ComboBox::from_id_salt("boundary")
            .selected_text(boundary_text(state.boundary).get(lang))
            .show_ui(ui, |ui| {
                for b in [
                    Boundary::Inside,
                    Boundary::AcquiredOnPoint,
                    Boundary::LostOnPoint,
                    Boundary::TouchingOneDay,
                ] {
                    ui.selectable_value(&mut state.boundary, b, boundary_text(b).get(lang));
                }
            })
            .response
            .labelled_by(label.id);
        if ui.button(Text::BuildRoleModel.get(lang)).clicked() {
            match build_role_model(p, case, insurer, state.boundary) {
                Ok(built) => cx.commands.push(Command::Edit(EditCmd::ApplyChange {
                    label: format!(
                        "{} {} ({})",
                        Text::BuildRoleModel.get(lang),
                        built.role_model.id,
                        case.id
                    ),
                    change: Box::new(built.change),
                })),
                Err(why) => {
                    cx.commands.push(Command::View(ViewCmd::Notify(why.get(lang).to_string())))
                }
            }
        }
    });
}

fn boundary_text(b: Boundary) -> Text {
    match b {
        Boundary::Inside => Text::BoundaryInside,
        Boundary::AcquiredOnPoint => Text::BoundaryAcquiredOnPoint,
        Boundary::LostOnPoint => Text::BoundaryLostOnPoint,
        Boundary::TouchingOneDay => Text::BoundaryTouchingOneDay,
    }
}
