//! The egui application: app.rs holds the state and the command loop; one file per panel; text.rs holds every
//! user-visible string; fonts.rs the bundled Japanese font. No domain logic lives here.

pub mod app;
pub mod check_view;
pub mod coverage_view;
pub mod detail;
pub mod fonts;
pub mod form;
pub mod jobs;
pub mod role_model_pane;
pub mod row_pane;
pub mod sheet_table;
pub mod simulated_view;
pub mod simulation_view;
pub mod text;
pub mod tree;

use std::path::PathBuf;

use anyhow::{Result, anyhow};

/// Open the window on a project (or the user's copy of the sample project when none is given).
pub fn run(file: Option<PathBuf>) -> Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([1024.0, 700.0])
            .with_title("Renkei Workbench"),
        ..Default::default()
    };
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
