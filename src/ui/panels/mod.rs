//! The panels, one file each: each draws from a `PanelCtx` and pushes commands; none changes the project.

pub mod books_view;
pub mod check_view;
pub mod coverage_view;
pub mod detail;
pub mod insurer_view;
pub mod loading_view;
pub mod parties_view;
pub mod role_model_pane;
pub mod row_pane;
pub mod scenario_pane;
pub mod sheet_table;
pub mod simulated_view;
pub mod simulation_view;
pub mod tree;
