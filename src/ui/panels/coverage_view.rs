//! The coverage view: procedures × condition kinds as a heat map (a gap stands out), the viewpoints with their test
//! cases; a cell picked lists its cases, and a case picked is shown in the editor.

use crate::domain::check::{Coverage, coverage};
use crate::domain::model::{ConditionKind, TestCase};

use crate::ui::kit::command::ViewCmd;
use crate::ui::kit::command::{Command, Selection};
use crate::ui::kit::panel::PanelCtx;
use crate::ui::kit::text::Text;

/// UI-only state of the view.
#[derive(Debug, Default)]
pub struct CoverageViewState {
    cache: Option<(u64, Option<crate::domain::model::InstitutionCode>, Coverage)>,
    /// The cell picked: procedure and condition kind.
    pub picked: Option<(String, ConditionKind)>,
}

/// Draw the view.
pub fn coverage_view_ui(ui: &mut egui::Ui, cx: &mut PanelCtx, state: &mut CoverageViewState) {
    let (p, revision, lang) = (cx.project, cx.revision, cx.lang);
    let commands = &mut *cx.commands;
    let party = cx.party.cloned();
    if state.cache.as_ref().is_none_or(|(r, of, _)| *r != revision || *of != party) {
        // The party the window shows: its cases alone.
        let cov = match &party {
            Some(x) => coverage(&crate::domain::coordination::party::book_of(p, x)),
            None => coverage(p),
        };
        state.cache = Some((revision, party.clone(), cov));
    }
    let Some((_, _, cov)) = &state.cache else {
        return;
    };
    let most = cov.rows.iter().flat_map(|(_, n)| n.iter().copied()).max().unwrap_or(0).max(1);
    let base = ui.visuals().selection.bg_fill;
    let gap = ui.visuals().error_fg_color;
    let mut picked = state.picked.clone();
    ui.strong(Text::Coverage.get(lang));
    egui::Grid::new("coverage").striped(true).show(ui, |ui| {
        ui.label("");
        for k in ConditionKind::ALL {
            ui.strong(k.label(lang));
        }
        ui.end_row();
        for (code, counts) in &cov.rows {
            let name = p
                .procedures
                .iter()
                .find(|x| &x.code == code)
                .map(|x| x.name.as_str())
                .unwrap_or("");
            ui.label(format!("{code} {name}"));
            for (k, n) in ConditionKind::ALL.iter().zip(counts) {
                // Heat: more cases, stronger colour; none at all, the gap colour.
                let fill = if *n == 0 {
                    gap.gamma_multiply(0.35)
                } else {
                    base.gamma_multiply(0.25 + 0.75 * (*n as f32 / most as f32))
                };
                let r = ui.add(
                    egui::Button::new(n.to_string()).fill(fill).min_size(egui::vec2(70.0, 22.0)),
                );
                if r.clicked() {
                    picked = Some((code.to_string(), *k));
                }
            }
            ui.end_row();
        }
    });
    state.picked = picked;
    if let Some((code, kind)) = &state.picked {
        ui.separator();
        let cases: Vec<&TestCase> = p
            .test_cases
            .iter()
            .filter(|c| c.procedure.as_str() == code && c.condition_kind == *kind)
            .filter(|c| party.as_ref().is_none_or(|x| *x == c.party))
            .collect();
        ui.label(format!(
            "{code} × {}: {} {}",
            kind.label(lang),
            cases.len(),
            Text::Rows.get(lang)
        ));
        crate::ui::kit::panel::scrolled_rows(ui, ("coverage-cases", 160.0), &cases, |ui, c| {
            if ui.link(c.id.as_str()).clicked() {
                commands.push(Command::View(ViewCmd::Reveal(Selection::TestCase(c.key()))));
            }
        });
    }
    ui.separator();
    ui.strong(Text::Viewpoints.get(lang));
    crate::ui::kit::panel::scrolled_rows(ui, ("viewpoints", 200.0), &cov.viewpoints, |ui, row| {
        let (viewpoint, cases) = row;
        ui.horizontal(|ui| {
            ui.label(format!("{viewpoint} ({})", cases.len()));
            for id in cases.iter().take(8) {
                if ui.link(id.id.as_str()).clicked() {
                    commands.push(Command::View(ViewCmd::Reveal(Selection::TestCase(id.clone()))));
                }
            }
            if cases.len() > 8 {
                ui.label("…");
            }
        });
    });
}
