//! The egui application: app.rs holds the state, the command loop and the layout; command.rs what the user asks
//! for; one file per panel (each given a `panel::PanelCtx`) and per window part (menu, dialogs, status bar,
//! view windows, shortcuts); edits.rs the one road from an edit to the project file; text.rs every user-visible
//! string; fonts.rs the bundled Japanese font. No domain logic lives here.

pub mod app;
pub mod books_view;
pub mod check_view;
pub mod command;
mod coordination;
pub mod coverage_view;
pub mod detail;
mod dialogs;
mod edits;
pub mod files;
mod finding_dialog;
pub mod fonts;
pub mod form;
pub mod insurer_view;
pub mod jobs;
pub mod loading_view;
mod menu;
pub mod panel;
pub mod parties_view;
pub mod role_model_pane;
pub mod row_pane;
pub mod sheet_table;
mod shortcuts;
pub mod shown;
pub mod simulated_view;
pub mod simulation_view;
mod status_bar;
pub mod text;
mod transfer;
pub mod tree;
pub mod values;
mod windows;

use std::path::PathBuf;

use anyhow::{Result, anyhow};

/// Open the window on a project (or the user's copy of the sample project when none is given).
pub fn run(file: Option<PathBuf>) -> Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([1024.0, 700.0])
            .with_title("Renkei Workbench")
            .with_icon(icon()),
        // The settings live beside the user's copy of the sample, in one folder (files::user_data_dir).
        persistence_path: Some(files::settings_path()),
        ..Default::default()
    };
    // eframe writes the settings file but does not make its folder.
    let _ = std::fs::create_dir_all(files::user_data_dir());
    eframe::run_native(
        "renkei-workbench",
        options,
        Box::new(move |cc| {
            fonts::install(&cc.egui_ctx);
            let mut app = app::App::start(file);
            if let Some(p) = cc
                .storage
                .and_then(|s| eframe::get_value::<app::Preferences>(s, app::PREFERENCES_KEY))
            {
                app.use_preferences(p);
            }
            cc.egui_ctx.set_theme(app.theme);
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow!("ウィンドウを開けません / cannot open the window: {e}"))
}

/// The application's icon (the same picture as the Windows program's), for the title bar and the task bar.
fn icon() -> egui::IconData {
    eframe::icon_data::from_png_bytes(include_bytes!("../../assets/icon/renkei.png"))
        .unwrap_or_default()
}
