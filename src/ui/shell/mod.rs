//! The window's shell: the application's state and layout (`app`), the menu, status bar, shortcuts, dialogs (the new-project form and the new master row among them) and view windows, the handlers that apply each group of commands (`files`, `edits`, `transfer`, `coordination`), and what the window shows as plain values (`shown`).
#![warn(clippy::wildcard_enum_match_arm)]

pub mod app;
pub mod coordination;
pub mod dialogs;
pub mod edits;
pub mod files;
pub mod finding_dialog;
pub mod flows;
pub mod home;
pub mod menu;
pub mod new_master;
pub mod new_project;
pub mod shortcuts;
pub mod shown;
pub mod status_bar;
pub mod transfer;
pub mod windows;
