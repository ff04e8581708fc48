//! The test case table (テストケース一覧): virtualised rows, a filter box, click to select.

use egui_extras::{Column, TableBuilder};

use crate::domain::message::Lang;
use crate::domain::model::{Project, TestCase};

use super::text::Text;

/// UI-only state of the table.
#[derive(Debug, Default)]
pub struct TableState {
    /// Filter text (matches any column).
    pub filter: String,
    /// The selected test case.
    pub selected: Option<String>,
    /// Indices of the rows passing the filter, and the filter they were computed for.
    visible: Option<(String, usize, Vec<usize>)>,
}

fn condition_label(c: &TestCase, lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => c.condition_kind.label_ja(),
        Lang::En => c.condition_kind.label_en(),
    }
}

fn matches(c: &TestCase, needle: &str) -> bool {
    needle.is_empty()
        || [
            c.id.as_str(),
            c.scenario.as_str(),
            c.variation.as_str(),
            c.role_model.as_str(),
            c.procedure.as_str(),
        ]
        .iter()
        .any(|f| f.contains(needle))
}

/// Draw the table; only the visible rows are laid out.
pub fn test_case_table_ui(
    ui: &mut egui::Ui,
    project: &Project,
    state: &mut TableState,
    lang: Lang,
) {
    ui.horizontal(|ui| {
        ui.add(
            egui::TextEdit::singleline(&mut state.filter)
                .hint_text(Text::Filter.get(lang))
                .desired_width(240.0),
        );
    });
    let stale = match &state.visible {
        Some((f, n, _)) => *f != state.filter || *n != project.test_cases.len(),
        None => true,
    };
    if stale {
        let rows = project
            .test_cases
            .iter()
            .enumerate()
            .filter(|(_, c)| matches(c, &state.filter))
            .map(|(i, _)| i)
            .collect();
        state.visible = Some((state.filter.clone(), project.test_cases.len(), rows));
    }
    let rows: &[usize] = state
        .visible
        .as_ref()
        .map(|v| v.2.as_slice())
        .unwrap_or(&[]);
    let headers = [
        Text::ColTestCase,
        Text::ColScenario,
        Text::ColVariation,
        Text::ColCondition,
        Text::ColQueryDate,
        Text::ColProcedure,
        Text::ColItems,
        Text::ColRoleModel,
        Text::ColExpected,
        Text::ColProviders,
    ];
    let mut clicked = None;
    TableBuilder::new(ui)
        .striped(true)
        .sense(egui::Sense::click())
        .column(Column::auto().at_least(110.0))
        .columns(Column::auto().at_least(70.0), 8)
        .column(Column::remainder())
        .header(24.0, |mut header| {
            for h in headers {
                header.col(|ui| {
                    ui.strong(h.get(lang));
                });
            }
        })
        .body(|body| {
            body.rows(22.0, rows.len(), |mut row| {
                let c = &project.test_cases[rows[row.index()]];
                row.set_selected(state.selected.as_deref() == Some(c.id.as_str()));
                let cells = [
                    c.id.to_string(),
                    c.scenario.to_string(),
                    c.variation.to_string(),
                    condition_label(c, lang).to_string(),
                    c.query_date.map(|d| d.to_string()).unwrap_or_default(),
                    c.procedure.to_string(),
                    c.items
                        .iter()
                        .map(|i| i.as_str())
                        .collect::<Vec<_>>()
                        .join(","),
                    c.role_model.to_string(),
                    c.expected_outcome
                        .map(|o| o.label_ja())
                        .unwrap_or("")
                        .to_string(),
                    c.expected_providers
                        .iter()
                        .map(|p| p.as_str())
                        .collect::<Vec<_>>()
                        .join(","),
                ];
                for text in cells {
                    row.col(|ui| {
                        ui.add(egui::Label::new(text).truncate());
                    });
                }
                if row.response().clicked() {
                    clicked = Some(c.id.to_string());
                }
            });
        });
    if clicked.is_some() {
        state.selected = clicked;
    }
}
