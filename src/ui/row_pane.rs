//! The detail pane of one row of 加入歴, 給付情報, 保険者, 機関 or コード: every column of the sheet as a field. A field
//! left with a new value is read exactly as a workbook cell would be (the import's rules, through a one-row sheet),
//! so the window and the workbook can never disagree; the problems it finds are shown and nothing is saved.
//! The key columns are shown but not edited here.

use crate::domain::message::Lang;
use crate::domain::model::Project;
use crate::exchange::import::{ImportOptions, propose_from_tables};
use crate::exchange::read::{SheetTable, WorkbookTables};
use crate::exchange::sheets::SheetKind;

use super::app::Command;
use super::text::{Text, header};

/// The fields being typed into, for the row and revision they were read from.
#[derive(Debug, Default)]
pub struct RowPaneState {
    source: Option<(SheetKind, usize, u64)>,
    texts: Vec<String>,
    problems: Vec<String>,
}

/// The columns that identify a row (not edited in the pane).
pub fn is_key(kind: SheetKind, h: &str) -> bool {
    match kind {
        SheetKind::Memberships => matches!(h, "ロールモデルID" | "保険者番号" | "資格取得日"),
        SheetKind::Benefits => matches!(
            h,
            "ロールモデルID" | "保険者番号" | "給付種別" | "支給開始日"
        ),
        SheetKind::Insurers => h == "保険者番号",
        SheetKind::Institutions => h == "機関コード",
        SheetKind::Codes => matches!(h, "種別" | "コード"),
        SheetKind::TestCases => h == "テストケースID",
        SheetKind::RoleModels => h == "ロールモデルID",
    }
}

/// Draw the pane for row `row` of a sheet, whose texts (as shown in the table) are `shown`.
#[allow(clippy::too_many_arguments)]
pub fn row_pane_ui(
    ui: &mut egui::Ui,
    kind: SheetKind,
    p: &Project,
    row: usize,
    shown: &[String],
    revision: u64,
    state: &mut RowPaneState,
    lang: Lang,
    commands: &mut Vec<Command>,
) {
    if state.source != Some((kind, row, revision)) {
        state.source = Some((kind, row, revision));
        state.texts = shown.to_vec();
        state.problems.clear();
    }
    let headers = kind.headers();
    ui.heading(format!(
        "{} {}",
        super::text::sheet_tab(kind).get(lang),
        headers
            .iter()
            .zip(shown)
            .filter(|((h, _), _)| is_key(kind, h))
            .map(|(_, v)| v.as_str())
            .collect::<Vec<_>>()
            .join(" / ")
    ));
    let mut leave = false;
    egui::Grid::new(("row-pane", kind.name()))
        .num_columns(2)
        .spacing([8.0, 6.0])
        .show(ui, |ui| {
            for (i, (h, _)) in headers.iter().enumerate() {
                let label = ui.label(header(h, lang));
                let Some(text) = state.texts.get_mut(i) else {
                    continue;
                };
                let r = ui
                    .add_enabled(
                        !is_key(kind, h),
                        egui::TextEdit::singleline(text)
                            .id_salt(("row-field", *h))
                            .desired_width(300.0),
                    )
                    .labelled_by(label.id);
                super::form::focus_if_asked(ui, h, &r);
                leave |= r.lost_focus();
                ui.end_row();
            }
        });
    for why in &state.problems {
        ui.colored_label(ui.visuals().error_fg_color, format!("！ {why}"));
    }
    if leave && state.texts.as_slice() != shown {
        match edit_row(kind, p, state.texts.clone(), lang) {
            Ok(command) => {
                state.problems.clear();
                commands.extend(command);
            }
            Err(problems) => state.problems = problems,
        }
    }
}

/// Read one row of a sheet's texts with the workbook's rules against the project: the command that saves the
/// change (none when nothing changes), or the reasons it cannot be read.
pub fn edit_row(
    kind: SheetKind,
    p: &Project,
    texts: Vec<String>,
    lang: Lang,
) -> Result<Option<Command>, Vec<String>> {
    let tables = WorkbookTables {
        sheets: vec![SheetTable::from_texts(kind, vec![texts])],
        problems: Vec::new(),
        order: vec![kind.name().to_string()],
    };
    let mut proposal = propose_from_tables(
        tables,
        p,
        ImportOptions {
            remove_missing: false,
        },
    );
    // A row typed here comes from no workbook: it keeps no source.
    proposal.sources = Default::default();
    if proposal.has_errors() {
        return Err(proposal
            .problems
            .iter()
            .filter(|x| x.level == crate::exchange::read::Level::Error)
            .map(|x| x.message.get(lang).to_string())
            .collect());
    }
    if proposal.change.is_empty() {
        return Ok(None);
    }
    let what = proposal
        .change
        .lines(lang)
        .into_iter()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    // What the reading warned about (a control character removed, a number read as a code) is said with it.
    let warnings: Vec<&str> = proposal
        .problems
        .iter()
        .map(|x| x.message.get(lang))
        .collect();
    let label = if warnings.is_empty() {
        format!("{} {what}", Text::EditField.get(lang))
    } else {
        format!(
            "{} {what} — {}",
            Text::EditField.get(lang),
            warnings.join(" / ")
        )
    };
    Ok(Some(Command::ApplyProposal {
        label,
        proposal: Box::new(proposal),
    }))
}
