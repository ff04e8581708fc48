//! Keyboard shortcuts (Ctrl+Z/Y, Ctrl+O/N/F/Q, Delete) and files dropped on the window, as commands.

use std::path::PathBuf;

use crate::ui::kit::command::Command;
use crate::ui::kit::command::{EditCmd, FileCmd, TransferCmd, ViewCmd};
use crate::ui::shell::app::App;

impl App {
    /// Keyboard shortcuts and files dropped on the window, as commands.
    pub(crate) fn input_commands(&mut self, ctx: &egui::Context) {
        use egui::{Key, KeyboardShortcut, Modifiers};
        let shortcut = |m: Modifiers, k: Key| {
            ctx.input_mut(|i| i.consume_shortcut(&KeyboardShortcut::new(m, k)))
        };
        if shortcut(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z)
            || shortcut(Modifiers::COMMAND, Key::Y)
        {
            self.pending.push(Command::Edit(EditCmd::Redo));
        }
        if shortcut(Modifiers::COMMAND, Key::Z) {
            self.pending.push(Command::Edit(EditCmd::Undo));
        }
        if shortcut(Modifiers::COMMAND, Key::O) {
            self.pending.push(Command::File(FileCmd::OpenDialog));
        }
        if shortcut(Modifiers::COMMAND, Key::N) {
            self.pending.push(Command::File(FileCmd::NewDialog));
        }
        if shortcut(Modifiers::COMMAND, Key::F) {
            self.pending.push(Command::View(ViewCmd::FocusFilter));
        }
        if shortcut(Modifiers::COMMAND, Key::Q) {
            self.pending.push(Command::File(FileCmd::Quit));
        }
        // Delete acts on the selection, unless the key is meant for a text field.
        let typing = ctx.memory(|m| m.focused().is_some());
        if !typing
            && self.confirm_delete.is_none()
            && let Some(s) = &self.selection
            && shortcut(Modifiers::NONE, Key::Delete)
        {
            self.pending
                .push(Command::Edit(EditCmd::AskDelete(s.clone())));
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
            dropped.into_iter().partition(|p| {
                p.extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
            });
        if !workbooks.is_empty() {
            self.pending
                .push(Command::Transfer(TransferCmd::ImportMany(workbooks)));
        } else if let Some(path) = others.into_iter().next() {
            self.pending.push(Command::File(FileCmd::Open(path)));
        }
    }
}
