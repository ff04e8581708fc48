//! The egui application, in three rooms: `kit` (what every part of the window works with: commands, a panel's
//! context, texts in both languages, values, forms, fonts, background work), `panels` (one file per panel, each
//! drawing from a `PanelCtx` and pushing commands) and `shell` (the application's state, layout and command
//! loop, the menu, dialogs and windows, and the handlers that apply each group of commands, every change through
//! `store::transact`). No domain logic lives here.

pub mod kit;
pub mod panels;
pub mod shell;

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
        persistence_path: Some(shell::home::settings_path()),
        ..Default::default()
    };
    // eframe writes the settings file but does not make its folder.
    let _ = std::fs::create_dir_all(shell::home::user_data_dir());
    eframe::run_native(
        "renkei-workbench",
        options,
        Box::new(move |cc| {
            kit::fonts::install(&cc.egui_ctx);
            let mut app = shell::app::App::start(file);
            if let Some(p) = cc.storage.and_then(|s| {
                eframe::get_value::<shell::app::Preferences>(s, shell::app::PREFERENCES_KEY)
            }) {
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
