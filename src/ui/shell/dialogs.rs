//! The window's dialogs: what an export writes, what an import would change (before it is applied), a new id for a
//! rename, and the confirmation before a deletion that says what goes with it.

use crate::domain::date::DateStyle;
use crate::exchange::sheets::ALL_SHEETS;
use crate::ui::kit::form::{modal, ok_or_cancel};

use crate::ui::kit::command::Command;
use crate::ui::kit::command::{EditCmd, TransferCmd};
use crate::ui::kit::panel::scrolled_rows;
use crate::ui::kit::text::Text;
use crate::ui::shell::app::App;

impl App {
    /// The export dialog: which sheets, which date style, then where.
    pub(crate) fn export_setup_ui(&mut self, ctx: &egui::Context) {
        if !self.export_choice.open {
            return;
        }
        let lang = self.lang;
        let parties = self
            .open
            .as_ref()
            .map(|o| crate::domain::model::names::parties(&o.project))
            .unwrap_or_default();
        let choice = &mut self.export_choice;
        modal(ctx, "export-setup", &mut self.pending, |ui, commands| {
            ui.heading(Text::ExportMenu.get(lang));
            for kind in ALL_SHEETS {
                let mut on = !choice.left_out.contains(&kind);
                // The sheet's name in the book is the contract's Japanese one; in English it is said what it is.
                let name = match lang {
                    crate::domain::model::message::Lang::Ja => kind.name().to_string(),
                    crate::domain::model::message::Lang::En => format!(
                        "{} ({})",
                        crate::ui::kit::text::sheet_tab(kind).get(lang),
                        kind.name()
                    ),
                };
                if ui.checkbox(&mut on, name).changed() {
                    if on {
                        choice.left_out.retain(|k| *k != kind);
                    } else {
                        choice.left_out.push(kind);
                    }
                }
            }
            ui.separator();
            egui::ComboBox::from_label(Text::ExportParty.get(lang))
                .selected_text(match &choice.party {
                    Some(p) => p.to_string(),
                    None => Text::AllParties.get(lang).to_string(),
                })
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut choice.party, None, Text::AllParties.get(lang));
                    for p in &parties {
                        ui.selectable_value(&mut choice.party, Some(p.clone()), p.as_str());
                    }
                });
            ui.separator();
            ui.label(Text::DateStyle.get(lang));
            ui.radio_value(&mut choice.date_style, DateStyle::Iso, Text::DateIso.get(lang));
            ui.radio_value(&mut choice.date_style, DateStyle::Wareki, Text::DateWareki.get(lang));
            ui.separator();
            ui.checkbox(&mut choice.without_my_number, Text::WithoutMyNumber.get(lang));
            ui.checkbox(&mut choice.protect, Text::ProtectBook.get(lang));
            if choice.protect {
                ui.horizontal(|ui| {
                    let label = ui.label(Text::Password.get(lang));
                    ui.add(egui::TextEdit::singleline(&mut choice.password).password(true))
                        .labelled_by(label.id);
                });
            }
            ui.horizontal(|ui| {
                let any = choice.left_out.len() < ALL_SHEETS.len()
                    && !(choice.protect && choice.password.is_empty());
                if ui.add_enabled(any, egui::Button::new(Text::ExportNext.get(lang))).clicked() {
                    commands.push(Command::Transfer(TransferCmd::ExportDialog));
                }
                if ui.button(Text::Cancel.get(lang)).clicked() {
                    choice.open = false;
                }
            });
        });
    }

    /// What an import would do: its problems, then the change; applied only on request and only without errors.
    pub(crate) fn import_preview_ui(&mut self, ctx: &egui::Context) {
        let lang = self.lang;
        let Some((path, proposal)) = &self.import.preview else {
            return;
        };
        modal(ctx, "import-preview", &mut self.pending, |ui, commands| {
            ui.set_max_width(900.0);
            ui.heading(format!("{} {}", Text::Import.get(lang), crate::platform::shown(path)));
            let (errors, warnings) = proposal.counts();
            ui.label(format!(
                "{} {errors} / {} {warnings}",
                Text::Errors.get(lang),
                Text::Warnings.get(lang)
            ));
            // Whose book: told by the book, or asked.
            if let Some(party) = &proposal.party {
                // Its code and, where the masters (the project's or the book's) have it, its name.
                let name = self
                    .open
                    .as_ref()
                    .map(|o| crate::domain::model::names::party_label(&o.project, party))
                    .unwrap_or_else(|| party.to_string());
                ui.strong(format!("{} {name}", Text::Party.get(lang)));
            } else if errors > 0 {
                // The requesters the book names, else the project's parties.
                let candidates = if proposal.party_candidates.is_empty() {
                    self.open
                        .as_ref()
                        .map(|o| crate::domain::model::names::parties(&o.project))
                        .unwrap_or_default()
                } else {
                    proposal.party_candidates.clone()
                };
                if !candidates.is_empty() {
                    ui.colored_label(ui.visuals().warn_fg_color, Text::AskParty.get(lang));
                }
                ui.horizontal_wrapped(|ui| {
                    for party in &candidates {
                        if ui.button(format!("{} {party}", Text::ReadAsParty.get(lang))).clicked() {
                            commands.push(Command::Transfer(TransferCmd::ImportAs(
                                path.clone(),
                                party.clone(),
                            )));
                        }
                    }
                });
            }
            let second = proposal.party.as_ref().is_some_and(|p| self.import.batch.contains(p));
            if second {
                ui.colored_label(ui.visuals().error_fg_color, Text::SecondBookOfParty.get(lang));
            }
            if let Some(record) = &self.import.record
                && self
                    .books
                    .iter()
                    .rev()
                    .find(|b| {
                        b.direction == crate::domain::coordination::book::Direction::Received
                            && b.party == record.party
                    })
                    .is_some_and(|b| b.sha256 == record.sha256)
            {
                ui.colored_label(ui.visuals().warn_fg_color, Text::SameBookAgain.get(lang));
            }
            let mut lines = crate::exchange::read::problem_lines(&proposal.problems, lang);
            lines.extend(proposal.change.summary_lines(lang));
            lines.extend(proposal.change.lines(lang));
            if proposal.change.is_empty() && errors == 0 {
                lines.push(Text::NothingChanges.get(lang).to_string());
            }
            scrolled_rows(ui, ("proposal", 420.0), &lines, |ui, line| {
                ui.label(line);
            });
            ui.horizontal(|ui| {
                // A book with nothing to change is still received: its record, and where its rows are now.
                let can = errors == 0 && !second;
                let (label, hint) = if proposal.change.is_empty() && errors == 0 {
                    (Text::RecordReceipt, Some(Text::RecordReceiptHint))
                } else {
                    (Text::ApplyImport, None)
                };
                let button = ui.add_enabled(can, egui::Button::new(label.get(lang)));
                let button = match hint {
                    Some(hint) => button.on_hover_text(hint.get(lang)),
                    None => button,
                };
                if button.clicked() {
                    commands.push(Command::Transfer(TransferCmd::ApplyImport));
                }
                if ui.button(Text::Cancel.get(lang)).clicked() {
                    commands.push(Command::Transfer(TransferCmd::DiscardImport));
                }
                // Every problem, not only the ones listed: to send back to the book's writer.
                if !proposal.problems.is_empty() {
                    if ui.button(Text::CopyAll.get(lang)).clicked() {
                        ui.ctx().copy_text(problems_text(&proposal.problems, lang));
                    }
                    if ui.button(Text::SaveProblems.get(lang)).clicked() {
                        commands.push(Command::Transfer(TransferCmd::SaveImportProblemsDialog));
                    }
                }
            });
        });
    }

    /// Save every problem of the previewed import as text (UTF-8, one line each).
    pub(crate) fn save_import_problems(&mut self, path: &std::path::Path) {
        let Some((_, proposal)) = &self.import.preview else {
            return;
        };
        let text = problems_text(&proposal.problems, self.lang);
        match crate::platform::files::write_atomic(path, text.as_bytes()) {
            Ok(()) => self.say(|l| {
                format!("{}: {}", Text::ProblemsSaved.get(l), crate::platform::shown(path))
            }),
            Err(e) => self.message = Some(format!("{}: {e}", crate::platform::shown(path))),
        }
    }

    /// The path asked for in the window where no file dialog could be shown.
    pub(crate) fn path_ask_ui(&mut self, ctx: &egui::Context) {
        let lang = self.lang;
        let Some(ask) = &mut self.path_ask else {
            return;
        };
        let (mut go, mut cancel) = (false, false);
        egui::Modal::new(egui::Id::unique("path-ask")).show(ctx, |ui| {
            ui.set_max_width(640.0);
            ui.heading(ask.title.get(lang));
            ui.label(Text::NoDialog.get(lang));
            let label = ui.label(Text::PathLabel.get(lang));
            let field = if ask.many {
                egui::TextEdit::multiline(&mut ask.text).desired_rows(3)
            } else {
                egui::TextEdit::singleline(&mut ask.text)
            };
            let r = ui.add(field.desired_width(600.0)).labelled_by(label.id);
            // The cursor in the box at once, at the end of what it starts with.
            if !ask.focused {
                r.request_focus();
                ask.focused = true;
            }
            if ask.many {
                ui.small(Text::SeveralPaths.get(lang));
            }
            go = !ask.many && r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            ui.horizontal(|ui| {
                go |= ui.button(Text::Ok.get(lang)).clicked();
                cancel = ui.button(Text::Cancel.get(lang)).clicked();
            });
        });
        if cancel {
            self.path_ask = None;
        } else if go
            && let Some(ask) = self.path_ask.take()
            && let Some(command) = (ask.then)(&ask.text)
        {
            self.pending.push(command);
        }
    }

    /// A book refused because the project changed after it was read: read it again against the project as it is
    /// now, or leave it.
    pub(crate) fn import_stale_ui(&mut self, ctx: &egui::Context) {
        let lang = self.lang;
        if self.job.is_some() || self.import.preview.is_some() {
            return;
        }
        let Some((path, party)) = &self.import.stale else {
            return;
        };
        let answered = modal(ctx, "import-stale", &mut self.pending, |ui, commands| {
            ui.set_max_width(640.0);
            ui.heading(format!("{} {}", Text::Import.get(lang), crate::platform::shown(path)));
            ui.label(Text::ChangedMeanwhile.get(lang));
            ui.horizontal(|ui| {
                if ui.button(Text::ReadAgain.get(lang)).clicked() {
                    commands.push(match party {
                        Some(party) => {
                            Command::Transfer(TransferCmd::ImportAs(path.clone(), party.clone()))
                        }
                        None => Command::Transfer(TransferCmd::Import(path.clone())),
                    });
                }
                if ui.button(Text::Cancel.get(lang)).clicked() {
                    commands.push(Command::Transfer(TransferCmd::DiscardImport));
                }
            });
        });
        if answered {
            self.import.stale = None;
        }
    }

    /// The new id for a scenario, variation, test case or role model.
    pub(crate) fn rename_dialog(&mut self, ctx: &egui::Context) {
        let lang = self.lang;
        // What is renamed, with whose it is where two parties meet.
        let what = self.renaming.as_ref().and_then(|(s, _)| self.key_of(s)).map(|(_, name)| name);
        let Some((_, text)) = &mut self.renaming else {
            return;
        };
        modal(ctx, "rename", &mut self.pending, |ui, commands| {
            ui.heading(Text::Rename.get(lang));
            if let Some(what) = &what {
                ui.label(what);
            }
            let enter =
                crate::ui::kit::form::focused_line(ui, Text::NewId.get(lang), text, "rename-id");
            let pair = [EditCmd::Rename(text.clone()), EditCmd::CancelRename];
            commands
                .extend(ok_or_cancel(ui, lang, (Text::Rename, true, enter), pair).map(Into::into));
        });
    }

    /// The confirmation before a deletion, saying what goes with it.
    pub(crate) fn delete_dialog(&mut self, ctx: &egui::Context) {
        let (Some(ask), Some(o)) = (&self.confirm_delete, &self.open) else {
            return;
        };
        let lang = self.lang;
        let revision = o.revision;
        if ask.said.as_ref().is_none_or(|(r, ..)| *r != revision) {
            let s = &ask.selection;
            let Some(deleting) = self.deleting(s) else {
                return;
            };
            // A master row still in use is not deleted (the rules refuse it): say which rows use it instead.
            let users = match self.key_of(s) {
                Some((key, _)) => crate::domain::coordination::rules::in_use(&o.project, &key)
                    .into_iter()
                    .map(|(_, shown)| shown)
                    .collect(),
                None => Vec::new(),
            };
            if let Some(ask) = &mut self.confirm_delete {
                ask.said = Some((revision, deleting, users));
            }
        }
        let Some((_, (what, id, deps), users)) =
            self.confirm_delete.as_ref().and_then(|ask| ask.said.as_ref())
        else {
            return;
        };
        modal(ctx, "confirm-delete", &mut self.pending, |ui, commands| {
            ui.heading(Text::ConfirmDelete.get(lang));
            ui.label(format!("{} {id}", what.get(lang)));
            let taken = [
                ((Text::Variation, deps.0), (Text::TestCase, deps.1)),
                ((Text::Memberships, deps.2), (Text::Benefits, deps.3)),
            ];
            for ((a, m), (b, n)) in taken.into_iter().filter(|((_, m), (_, n))| m + n > 0) {
                let (also, a, b) = (Text::AlsoDeleted.get(lang), a.get(lang), b.get(lang));
                ui.label(format!("{also}: {a} {m}、{b} {n}"));
            }
            if !users.is_empty() {
                let warn = ui.visuals().warn_fg_color;
                ui.colored_label(warn, format!("{} ({})", Text::InUse.get(lang), users.len()));
                scrolled_rows(ui, ("in-use", 200.0), users, |ui, line| {
                    ui.label(line);
                });
            }
            let pair = [EditCmd::ConfirmDelete, EditCmd::CancelDelete];
            let can = users.is_empty();
            commands.extend(
                ok_or_cancel(ui, lang, (Text::DeleteConfirmed, can, false), pair).map(Into::into),
            );
        });
    }
}

impl App {
    /// The password of a protected book, asked before it is read.
    pub(crate) fn password_dialog(&mut self, ctx: &egui::Context) {
        let lang = self.lang;
        let Some((path, party, password)) = &mut self.password_ask else {
            return;
        };
        modal(ctx, "book-password", &mut self.pending, |ui, commands| {
            ui.set_max_width(520.0);
            ui.heading(Text::ProtectedBook.get(lang));
            ui.label(crate::exchange::book_file_name(path));
            let line = egui::TextEdit::singleline(password).password(true);
            let enter = crate::ui::kit::form::focused_edit(ui, Text::Password.get(lang), line);
            ui.horizontal(|ui| {
                let can = !password.is_empty();
                let read = ui.add_enabled(can, egui::Button::new(Text::ReadBook.get(lang)));
                if can && (read.clicked() || enter) {
                    commands.push(Command::Transfer(TransferCmd::ImportWithPassword(
                        path.clone(),
                        party.clone(),
                        std::mem::take(password),
                    )));
                }
                if ui.button(Text::Cancel.get(lang)).clicked() {
                    commands.push(Command::Transfer(TransferCmd::CancelPassword));
                }
            });
        });
    }

    /// The confirmation before erasing a person: what goes, and that it cannot be undone.
    pub(crate) fn erase_dialog(&mut self, ctx: &egui::Context) {
        let (Some(key), Some(o)) = (&self.confirm_erase, &self.open) else {
            return;
        };
        let lang = self.lang;
        let p = &o.project;
        let of_person = |party: &crate::domain::model::InstitutionCode, id: &str| {
            *party == key.party && id == key.id.as_str()
        };
        let memberships =
            p.memberships.iter().filter(|m| of_person(&m.party, &m.role_model)).count();
        let benefits = p.benefits.iter().filter(|b| of_person(&b.party, &b.role_model)).count();
        let named = self.named(&key.party, &key.id);
        modal(ctx, "confirm-erase", &mut self.pending, |ui, commands| {
            ui.set_max_width(560.0);
            ui.heading(Text::ErasePerson.get(lang));
            ui.label(format!("{} {named}", Text::RoleModel.get(lang)));
            ui.label(format!(
                "{}: {} {memberships}、{} {benefits}",
                Text::AlsoDeleted.get(lang),
                Text::Memberships.get(lang),
                Text::Benefits.get(lang)
            ));
            ui.add(egui::Label::new(Text::EraseExplained.get(lang)).wrap());
            let pair = [EditCmd::ConfirmErase, EditCmd::CancelErase];
            commands.extend(
                ok_or_cancel(ui, lang, (Text::EraseConfirmed, true, false), pair).map(Into::into),
            );
        });
    }
}

/// Every problem of an import, one line each.
fn problems_text(
    problems: &[crate::exchange::read::Problem],
    lang: crate::domain::model::message::Lang,
) -> String {
    let mut out: String = problems.iter().map(|p| p.line(lang)).collect::<Vec<_>>().join("\n");
    out.push('\n');
    out
}
