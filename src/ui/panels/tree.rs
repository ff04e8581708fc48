//! The navigation tree シナリオ → バリエーション → テストケース: counts, filter-as-you-type, a context menu (add, duplicate,
//! delete with confirmation). Only the rows on screen are laid out (the tree is flattened to rows), so a project of
//! 100,000 test cases scrolls as smoothly as one of ten.

use foldhash::{HashMap, HashSet};

use crate::domain::check::{CheckFinding, EntityKind, Severity};
use crate::domain::model::field::Field;
use crate::domain::model::message::Lang;
use crate::domain::model::{InstitutionCode, Project};

use crate::ui::kit::command::{Command, Selection};
use crate::ui::kit::command::{EditCmd, ViewCmd};
use crate::ui::kit::panel::PanelCtx;
use crate::ui::kit::text::Text;

/// UI-only state of the tree.
#[derive(Debug, Default)]
pub struct TreeState {
    /// Filter text (ids and names).
    pub filter: String,
    /// Expanded scenarios and variations, by `party:id`.
    pub expanded: HashSet<String>,
    cache: Option<Shape>,
    /// The selection the tree last brought into view, and the filter it did so under: a new selection (from the
    /// table, a finding, a search) or a new filter scrolls to the selected node again.
    revealed: Option<(Selection, String)>,
}

impl TreeState {
    /// Open the scenario and variation above a selected test case or variation, so that it shows.
    fn open_to(&mut self, p: &Project, selection: &Selection) {
        let (party, scenario, variation) = match selection {
            Selection::TestCase(key) => match p.test_case(key) {
                Some(c) => (&c.party, &c.scenario, Some(&c.variation)),
                None => return,
            },
            Selection::Variation(key) => {
                match p.variations.iter().find(|v| v.id == key.id && v.party == key.party) {
                    Some(v) => (&v.party, &v.scenario, None),
                    None => return,
                }
            }
            _ => return,
        };
        self.expanded.insert(
            crate::domain::model::ScenarioKey::new(party.clone(), scenario.clone()).to_string(),
        );
        if let Some(variation) = variation {
            self.expanded.insert(
                crate::domain::model::VariationKey::new(party.clone(), variation.clone())
                    .to_string(),
            );
        }
    }
}

/// Errors and warnings per tree node, from a check: a test case's findings count for it, its variation and its
/// scenario; a variation's for it and its scenario. Worked out with the check, off the UI thread.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Badges {
    /// (errors, warnings) by node: `s:`, `v:` or `c:` followed by `party:id`.
    nodes: HashMap<String, (usize, usize)>,
}

impl Badges {
    /// Count a check's findings per node.
    pub fn of(p: &Project, findings: &[CheckFinding]) -> Badges {
        let mut nodes: HashMap<String, (usize, usize)> = HashMap::default();
        let variation_scenario: HashMap<(&str, &str), &str> = p
            .variations
            .iter()
            .map(|v| ((v.party.as_str(), v.id.as_str()), v.scenario.as_str()))
            .collect();
        // A map, not a scan of every case for each finding (quadratic at national scale).
        let case_parents: HashMap<(&str, &str), (&str, &str)> = p
            .test_cases
            .iter()
            .map(|c| {
                let key = (c.party.as_str(), c.id.as_str());
                (key, (c.variation.as_str(), c.scenario.as_str()))
            })
            .collect();
        for f in findings {
            let counts = match f.severity {
                Severity::Error => (1, 0),
                Severity::Warning => (0, 1),
                Severity::Info => continue,
            };
            let mut add = |key: String| {
                let n = nodes.entry(key).or_default();
                n.0 += counts.0;
                n.1 += counts.1;
            };
            let (party, key) = (f.party.as_str(), f.key.as_str());
            match f.entity {
                EntityKind::TestCase => {
                    add(format!("c:{party}:{key}"));
                    if let Some((variation, scenario)) = case_parents.get(&(party, key)) {
                        add(format!("v:{party}:{variation}"));
                        add(format!("s:{party}:{scenario}"));
                    }
                }
                EntityKind::Variation => {
                    add(format!("v:{party}:{key}"));
                    if let Some(s) = variation_scenario.get(&(party, key)) {
                        add(format!("s:{party}:{s}"));
                    }
                }
                EntityKind::Scenario => add(format!("s:{party}:{key}")),
                // Not nodes of the tree.
                EntityKind::RoleModel
                | EntityKind::Membership
                | EntityKind::Benefit
                | EntityKind::Insurer
                | EntityKind::Institution
                | EntityKind::Code => {}
            }
        }
        Badges { nodes }
    }

    /// The (errors, warnings) of a node: `kind` is `s`, `v` or `c`, `id` its `party:id`.
    pub fn get(&self, kind: char, id: &str) -> (usize, usize) {
        self.nodes.get(&format!("{kind}:{id}")).copied().unwrap_or_default()
    }
}

/// Draw a node's badge: its error and warning counts, when there are any.
fn badge(ui: &mut egui::Ui, (errors, warnings): (usize, usize), lang: Lang) {
    if errors > 0 {
        ui.colored_label(ui.visuals().error_fg_color, format!("×{errors}"))
            .on_hover_text(Text::BadgeHint.get(lang));
    }
    if warnings > 0 {
        ui.colored_label(ui.visuals().warn_fg_color, format!("△{warnings}"))
            .on_hover_text(Text::BadgeHint.get(lang));
    }
}

/// The project's hierarchy as indices, built once per revision.
#[derive(Debug)]
struct Shape {
    revision: u64,
    /// The party it shows (`None`: every party).
    party: Option<InstitutionCode>,
    /// Whether the project has several parties (then a scenario's party is shown before it).
    several: bool,
    /// Per scenario (project order): its variations (indices into `project.variations`).
    variations: Vec<Vec<usize>>,
    /// Per variation: its test cases (indices into `project.test_cases`).
    cases: Vec<Vec<usize>>,
}

#[derive(Debug, Clone, Copy)]
enum Row {
    Scenario(usize),
    Variation(usize),
    TestCase(usize),
}

/// Where each row stands in `rows`, by its (party, id).
fn positions<'p, T>(
    rows: &'p [T],
    key: impl Fn(&'p T) -> (&'p str, &'p str),
) -> HashMap<(&'p str, &'p str), usize> {
    rows.iter().enumerate().map(|(i, x)| (key(x), i)).collect()
}

impl Shape {
    fn of(p: &Project, revision: u64, party: Option<&InstitutionCode>) -> Shape {
        let scenario_at = positions(&p.scenarios, |s| (s.party.as_str(), s.id.as_str()));
        let variation_at = positions(&p.variations, |v| (v.party.as_str(), v.id.as_str()));
        let mut variations = vec![Vec::new(); p.scenarios.len()];
        for (i, v) in p.variations.iter().enumerate() {
            if let Some(&s) = scenario_at.get(&(v.party.as_str(), v.scenario.as_str())) {
                variations[s].push(i);
            }
        }
        let mut cases = vec![Vec::new(); p.variations.len()];
        for (i, c) in p.test_cases.iter().enumerate() {
            if let Some(&v) = variation_at.get(&(c.party.as_str(), c.variation.as_str())) {
                cases[v].push(i);
            }
        }
        let first = p.scenarios.first().map(|s| &s.party);
        Shape {
            revision,
            party: party.cloned(),
            several: p.scenarios.iter().any(|s| Some(&s.party) != first),
            variations,
            cases,
        }
    }
}

/// Draw the tree; what the user asks for is pushed as commands.
pub fn tree_ui(
    ui: &mut egui::Ui,
    cx: &mut PanelCtx,
    state: &mut TreeState,
    selection: Option<&Selection>,
    badges: &Badges,
) {
    let (p, lang) = (cx.project, cx.lang);
    if state
        .cache
        .as_ref()
        .is_none_or(|c| c.revision != cx.revision || c.party.as_ref() != cx.party)
    {
        state.cache = Some(Shape::of(p, cx.revision, cx.party));
    }
    ui.horizontal(|ui| {
        let label = ui.label(Text::TreeFind.get(lang));
        // Narrower in a narrow pane, so that the button beside it stays whole.
        let button = 24.0
            + ui.fonts_mut(|f| {
                f.layout_no_wrap(
                    Text::AddScenario.get(lang).to_string(),
                    egui::TextStyle::Button.resolve(ui.style()),
                    egui::Color32::WHITE,
                )
                .size()
                .x
            });
        ui.add(
            egui::TextEdit::singleline(&mut state.filter)
                .hint_text(Text::Filter.get(lang))
                .desired_width((ui.available_width() - button).clamp(60.0, 130.0)),
        )
        .labelled_by(label.id);
        if ui.button(Text::AddScenario.get(lang)).clicked() {
            cx.commands.push(Command::Edit(EditCmd::AddScenario));
        }
    });
    // A selection made elsewhere, or a new filter: open the way to the selected node and scroll to it.
    let reveal = selection.filter(|s| {
        state.revealed.as_ref().is_none_or(|(r, filter)| r != *s || *filter != state.filter)
    });
    if let Some(s) = reveal {
        if state.filter.trim().is_empty() {
            state.open_to(p, s);
        }
        state.revealed = Some((s.clone(), state.filter.clone()));
    }
    let Some(shape) = state.cache.as_ref() else {
        return;
    };
    let rows = flatten(p, shape, state);
    let mut toggle: Option<String> = None;
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    let mut scroll = egui::ScrollArea::vertical().auto_shrink([false, false]);
    if let Some(s) = reveal
        && let Some(at) = rows.iter().position(|r| row_selection(p, *r) == *s)
    {
        // A third of the way down, so that what is around it shows too.
        let step = row_height + ui.spacing().item_spacing.y;
        let offset = at as f32 * step - ui.available_height() / 3.0;
        scroll = scroll.vertical_scroll_offset(offset.max(0.0));
    }
    let mut clicked: Option<Selection> = None;
    scroll.show_rows(ui, row_height, rows.len(), |ui, range| {
        for row in &rows[range] {
            ui.horizontal(|ui| {
                let node = Node::of(p, shape, *row);
                let id = node.id.clone();
                let open = state.expanded.contains(&id);
                let (toggled, picked) = node.node_ui(ui, cx, open, selection, badges);
                if toggled {
                    toggle = Some(id);
                }
                clicked = clicked.take().or(picked);
            });
        }
    });
    // What is clicked in the tree is in view already: it is not scrolled to.
    if let Some(s) = clicked {
        state.revealed = Some((s, state.filter.clone()));
    }
    if let Some(id) = toggle
        && !state.expanded.remove(&id)
    {
        state.expanded.insert(id);
    }
}

impl Node {
    /// The node of a row: its label (with its count of test cases below), badge and menu.
    fn of(p: &Project, shape: &Shape, row: Row) -> Node {
        let edit = |x: EditCmd| Command::Edit(x);
        // (indent, badge, its name's field (a node with a name opens), id, label, menu)
        let (indent, badge, name, id, label, menu) = match row {
            Row::Scenario(s) => {
                let x = &p.scenarios[s];
                let n: usize = shape.variations[s].iter().map(|&v| shape.cases[v].len()).sum();
                let label = if shape.several {
                    format!("{} {} {} ({n})", x.party, x.id, x.name)
                } else {
                    format!("{} {} ({n})", x.id, x.name)
                };
                let menu = vec![
                    (Text::AddVariation, edit(EditCmd::AddVariation(x.key()))),
                    (Text::AddScenario, edit(EditCmd::AddScenario)),
                ];
                (0.0, 's', Some(Field::ScenarioName), x.key().to_string(), label, menu)
            }
            Row::Variation(v) => {
                let x = &p.variations[v];
                let label = format!("{} {} ({})", x.id, x.name, shape.cases[v].len());
                let menu = vec![(Text::AddTestCase, edit(EditCmd::AddTestCase(x.key())))];
                (16.0, 'v', Some(Field::VariationName), x.key().to_string(), label, menu)
            }
            Row::TestCase(c) => {
                let x = &p.test_cases[c];
                let menu = vec![(Text::Duplicate, edit(EditCmd::DuplicateTestCase(x.key())))];
                (44.0, 'c', None, x.key().to_string(), x.id.to_string(), menu)
            }
        };
        let selection = row_selection(p, row);
        Node { indent, id, label, badge, selection, menu, opens: name.is_some(), name }
    }
}

/// Every node of the tree as it reads with every scenario and variation open and no filter, one line each:
/// indented by level, the label with its count, and the node's badge (×errors △warnings) when it has one. What a
/// test holds the window's tree to.
pub fn tree_lines(p: &Project, party: Option<&InstitutionCode>, badges: &Badges) -> Vec<String> {
    let shape = Shape::of(p, 0, party);
    let mut rows = Vec::new();
    for (s, variations) in shape.variations.iter().enumerate() {
        if party.is_some_and(|x| *x != p.scenarios[s].party) {
            continue;
        }
        rows.push(Row::Scenario(s));
        for &v in variations {
            rows.push(Row::Variation(v));
            rows.extend(shape.cases[v].iter().map(|&c| Row::TestCase(c)));
        }
    }
    rows.into_iter()
        .map(|row| {
            let node = Node::of(p, &shape, row);
            let (errors, warnings) = badges.get(node.badge, &node.id);
            let level = match row {
                Row::Scenario(_) => "",
                Row::Variation(_) => "  ",
                Row::TestCase(_) => "    ",
            };
            let mut line = format!("{level}{}", node.label);
            if errors > 0 {
                line += &format!(" ×{errors}");
            }
            if warnings > 0 {
                line += &format!(" △{warnings}");
            }
            line
        })
        .collect()
}

/// What selecting a row of the tree selects.
fn row_selection(p: &Project, row: Row) -> Selection {
    match row {
        Row::Scenario(s) => Selection::Scenario(p.scenarios[s].key()),
        Row::Variation(v) => Selection::Variation(p.variations[v].key()),
        Row::TestCase(c) => Selection::TestCase(p.test_cases[c].key()),
    }
}

/// The rows the tree shows: what the filter finds (every level opened while it filters), else what is expanded.
fn flatten(p: &Project, shape: &Shape, state: &TreeState) -> Vec<Row> {
    let needle = state.filter.trim();
    let case_matches = |i: usize| p.test_cases[i].id.as_str().contains(needle);
    let mut rows: Vec<Row> = Vec::new();
    for (s, variations) in shape.variations.iter().enumerate() {
        let scenario = &p.scenarios[s];
        if shape.party.as_ref().is_some_and(|p| *p != scenario.party) {
            continue;
        }
        let scenario_hit = needle.is_empty()
            || scenario.id.as_str().contains(needle)
            || scenario.name.contains(needle);
        let mut below: Vec<Row> = Vec::new();
        let open = state.expanded.contains(&scenario.key().to_string()) || !needle.is_empty();
        for &v in variations {
            let variation = &p.variations[v];
            let cases = &shape.cases[v];
            let variation_hit = scenario_hit
                || variation.id.as_str().contains(needle)
                || variation.name.contains(needle);
            let hits: Vec<usize> = if variation_hit {
                cases.clone()
            } else {
                cases.iter().copied().filter(|&c| case_matches(c)).collect()
            };
            if !variation_hit && hits.is_empty() {
                continue;
            }
            below.push(Row::Variation(v));
            if state.expanded.contains(&variation.key().to_string()) || !needle.is_empty() {
                below.extend(hits.into_iter().map(Row::TestCase));
            }
        }
        if !scenario_hit && below.is_empty() {
            continue;
        }
        rows.push(Row::Scenario(s));
        if open {
            rows.extend(below);
        }
    }
    rows
}

/// One node of the tree as drawn: its label, badge, what selecting it selects, and its context menu (rename and
/// delete after what is its own).
struct Node {
    indent: f32,
    /// `party:id`: what its expansion and badge are kept under.
    id: String,
    label: String,
    badge: char,
    selection: Selection,
    menu: Vec<(Text, Command)>,
    /// The field of its name, for a node that has one (a scenario, a variation): renamed in its pane.
    name: Option<Field>,
    /// Whether it has children to open.
    opens: bool,
}

impl Node {
    /// Draw the node; whether its open/close button was clicked, and what was selected by clicking it.
    fn node_ui(
        self,
        ui: &mut egui::Ui,
        cx: &mut PanelCtx,
        open: bool,
        selection: Option<&Selection>,
        badges: &Badges,
    ) -> (bool, Option<Selection>) {
        let lang = cx.lang;
        ui.add_space(self.indent);
        let toggled = self.opens && ui.small_button(if open { "▼" } else { "▶" }).clicked();
        badge(ui, badges.get(self.badge, &self.id), lang);
        // A long name is cut at the pane's edge (whole on hover), never widening the pane.
        let r = ui
            .add(
                egui::Button::selectable(selection == Some(&self.selection), self.label.as_str())
                    .truncate(),
            )
            .on_hover_text(self.label.as_str());
        let mut picked = None;
        if r.clicked() {
            cx.commands.push(Command::View(ViewCmd::Select(self.selection.clone())));
            picked = Some(self.selection.clone());
        }
        r.context_menu(|ui| {
            for (text, command) in &self.menu {
                if ui.button(text.get(lang)).clicked() {
                    cx.commands.push(command.clone());
                }
            }
            if let Some(field) = self.name
                && ui.button(Text::RenameName.get(lang)).clicked()
            {
                cx.commands.push(Command::View(ViewCmd::Select(self.selection.clone())));
                cx.commands.push(Command::View(ViewCmd::FocusField(field)));
            }
            if ui.button(Text::Rename.get(lang)).clicked() {
                cx.commands.push(Command::Edit(EditCmd::AskRename(self.selection.clone())));
            }
            ui.separator();
            if ui.button(Text::Delete.get(lang)).clicked() {
                cx.commands.push(Command::Edit(EditCmd::AskDelete(self.selection.clone())));
            }
        });
        (toggled, picked)
    }
}
