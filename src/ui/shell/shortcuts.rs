//! Keyboard shortcuts (the keys each command's `About` gives: Ctrl+Z/Y, Ctrl+O/N/F/Q, Delete) and files dropped on
//! the window, as commands.

use std::path::PathBuf;

use crate::ui::kit::command::Command;
use crate::ui::kit::command::{EditCmd, FileCmd, TransferCmd};
use crate::ui::shell::app::App;

impl App {
    /// Keyboard shortcuts and files dropped on the window, as commands.
    pub(crate) fn input_commands(&mut self, ctx: &egui::Context) {
        for (keys, command) in Command::keyboard() {
            if ctx.input_mut(|i| i.consume_shortcut(&keys)) {
                self.pending.push(command);
            }
        }
        // Delete acts on the selection, unless the key is meant for a text field.
        let typing = ctx.memory(|m| m.focused().is_some());
        if !typing
            && self.confirm_delete.is_none()
            && let Some(s) = &self.selection
        {
            let delete = Command::Edit(EditCmd::AskDelete(s.clone()));
            if let Some(keys) = delete.about().shortcut
                && ctx.input_mut(|i| i.consume_shortcut(&keys))
            {
                self.pending.push(delete);
            }
        }
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        // Workbooks are imported one after the other (each after its preview); else a project opens.
        let (workbooks, others): (Vec<PathBuf>, Vec<PathBuf>) =
            dropped.into_iter().partition(|p| crate::exchange::is_book(p));
        if !workbooks.is_empty() {
            self.pending.push(Command::Transfer(TransferCmd::ImportMany(workbooks)));
        } else if let Some(path) = others.into_iter().next() {
            self.pending.push(Command::File(FileCmd::Open(path)));
        }
    }
}
