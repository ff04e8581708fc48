//! What the window moves to and from files in the background: exporting the workbook, reading an import into its
//! preview and applying it (the store lent to the job), simulating every case, saving answer XML; the job's
//! progress and what it gives when it ends; and the check kept up to date after every change.

use crate::ui::kit::views::ViewId;
use crate::ui::shell::home::Asked;
use std::path::Path;

use crate::domain::check::Severity;
use crate::exchange::sheets::ALL_SHEETS;
use crate::store::Store;

use crate::ui::kit::command::Command;
use crate::ui::kit::command::TransferCmd;
use crate::ui::kit::jobs::{CheckRun, Job, JobResult};
use crate::ui::kit::text::Text;
use crate::ui::shell::app::App;

/// The folder answer XML is saved in, asked in the window where no dialog can be shown.
const XML_FOLDER: Asked = Asked { title: Text::AskXmlFolder, name: "", extension: None };

impl App {
    /// The commands that move data to or from files, most of them in the background.
    pub(crate) fn apply_transfer(&mut self, ctx: &egui::Context, command: TransferCmd) {
        let lang = self.lang;
        let busy = self.job.is_some();
        let excel = || rfd::FileDialog::new().add_filter("Excel", &["xlsx"]);
        match command {
            TransferCmd::ExportSetup => {
                self.export_choice.date_style = self.date_style;
                self.export_choice.party = self.party_filter.clone();
                self.export_choice.open = true;
            }
            TransferCmd::ExportDialog => {
                let started = std::time::Instant::now();
                let picked = excel().set_file_name("export.xlsx").save_file();
                let asked =
                    Asked { title: Text::AskExport, name: "export.xlsx", extension: Some("xlsx") };
                self.dialog_then(ctx, (picked, started, asked), |x| TransferCmd::Export(x).into())
            }
            TransferCmd::Export(path) => self.start_export(ctx, path),
            TransferCmd::ImportDialog => {
                let started = std::time::Instant::now();
                let picked = excel().pick_files();
                let asked = Asked { title: Text::AskImport, name: "", extension: Some("xlsx") };
                self.dialog_then(ctx, (picked, started, asked), |x| {
                    TransferCmd::ImportMany(x).into()
                })
            }
            TransferCmd::ImportMany(mut paths) => {
                if paths.is_empty() || busy {
                    return;
                }
                self.import.batch.clear();
                let first = paths.remove(0);
                self.import.queue = paths;
                self.pending.push(TransferCmd::Import(first).into());
            }
            TransferCmd::Import(path) => self.start_import(ctx, path, None),
            TransferCmd::ImportAs(path, party) => self.start_import(ctx, path, Some(party)),
            TransferCmd::ImportWithPassword(path, party, password) => {
                self.password_ask = None;
                self.book_password = Some(password);
                self.start_import(ctx, path, party);
            }
            TransferCmd::CancelPassword => self.password_ask = None,
            TransferCmd::CancelJob => {
                if let Some(j) = &self.job {
                    j.cancel();
                }
            }
            TransferCmd::ApplyImport => self.apply_previewed_import(ctx),
            TransferCmd::DiscardImport => {
                self.import.preview = None;
                self.import.record = None;
                self.next_import();
            }
            TransferCmd::SimulateAll => {
                let Some(o) = &self.open else { return };
                if busy {
                    return;
                }
                let what = Text::SimulatingAll.get(lang).to_string();
                self.job = Some(Job::simulate_all(what, ctx.clone(), o.project.clone()));
            }
            TransferCmd::SaveXmlDialog(cases) => {
                let started = std::time::Instant::now();
                let picked = rfd::FileDialog::new().pick_folder();
                self.dialog_then(ctx, (picked, started, XML_FOLDER), |dir| {
                    TransferCmd::SaveXml { cases, dir }.into()
                })
            }
            TransferCmd::SaveXml { cases, dir } => self.save_xml(&cases, dir),
            TransferCmd::SaveInsurerAnswersDialog(insurer) => {
                let started = std::time::Instant::now();
                let picked = rfd::FileDialog::new().pick_folder();
                self.dialog_then(ctx, (picked, started, XML_FOLDER), |dir| {
                    TransferCmd::SaveInsurerAnswers(insurer, dir).into()
                })
            }
            TransferCmd::SaveInsurerAnswers(insurer, dir) => {
                self.save_insurer_answers(&insurer, dir)
            }
            TransferCmd::SaveImportProblemsDialog => {
                let started = std::time::Instant::now();
                let picked = rfd::FileDialog::new()
                    .add_filter("Text", &["txt"])
                    .set_file_name("problems.txt")
                    .save_file();
                let asked = Asked {
                    title: Text::AskProblemsFile,
                    name: "problems.txt",
                    extension: Some("txt"),
                };
                self.dialog_then(ctx, (picked, started, asked), |x| {
                    Command::Transfer(TransferCmd::SaveImportProblems(x))
                })
            }
            TransferCmd::SaveImportProblems(path) => self.save_import_problems(&path),
        }
    }

    /// Write the exchange workbook in the background: the sheets and date style chosen, one party's book when
    /// one was chosen.
    fn start_export(&mut self, ctx: &egui::Context, path: std::path::PathBuf) {
        let Some(o) = &self.open else { return };
        if self.job.is_some() {
            return;
        }
        let options = crate::exchange::write::ExportOptions {
            sheets: ALL_SHEETS
                .iter()
                .copied()
                .filter(|k| !self.export_choice.left_out.contains(k))
                .collect(),
            date_style: self.export_choice.date_style,
            today: crate::domain::date::Date::today(),
            agreement: true,
            without_my_number: self.export_choice.without_my_number,
        };
        self.export_choice.open = false;
        let what = format!("{} {}", Text::Exporting.get(self.lang), crate::platform::shown(&path));
        // One party's book: its rows, the masters they use, the findings about them.
        let (project, party) = match &self.export_choice.party {
            Some(party) => (
                std::sync::Arc::new(crate::domain::coordination::party::book_of(&o.project, party)),
                party.to_string(),
            ),
            None => (o.project.clone(), String::new()),
        };
        // The password leaves the dialog with the export: it is not kept. None typed, nothing is written.
        if self.export_choice.protect && self.export_choice.password.is_empty() {
            self.say(|l| Text::NeedPassword.get(l).to_string());
            return;
        }
        let password =
            (self.export_choice.protect).then(|| std::mem::take(&mut self.export_choice.password));
        self.job =
            Some(Job::export(what, ctx.clone(), (project, party), (path, password), options));
    }

    /// Read a workbook in the background into its preview (as this party's book, when the user said whose).
    fn start_import(
        &mut self,
        ctx: &egui::Context,
        path: std::path::PathBuf,
        party: Option<crate::domain::model::InstitutionCode>,
    ) {
        let Some(o) = &self.open else { return };
        if self.job.is_some() {
            return;
        }
        // A protected book: its password is asked first (kept only until this book is read).
        let password = self.book_password.take();
        if password.is_none() && crate::exchange::protect::is_protected(&path) {
            self.password_ask = Some((path, party, String::new()));
            return;
        }
        let what = format!("{} {}", Text::Reading.get(self.lang), crate::platform::shown(&path));
        // The window shows and applies the change; the project it would give is not kept beside it.
        let options = crate::exchange::import::ImportOptions {
            party,
            keep_result: false,
            password,
            ..Default::default()
        };
        self.import.stale = None;
        self.job = Some(Job::import(
            what,
            ctx.clone(),
            (o.project.clone(), o.file_revision),
            path,
            options,
        ));
    }

    /// Save an insurer's answer for every case routed to it into a folder, and offer the folder.
    fn save_insurer_answers(
        &mut self,
        insurer: &crate::domain::model::InsurerNumber,
        dir: std::path::PathBuf,
    ) {
        let Some(o) = &self.open else { return };
        match crate::exchange::xml::write_insurer_answers(&o.project, insurer, &dir) {
            Ok(n) => self.say(|l| {
                format!("{} ({n}): {}", Text::XmlSaved.get(l), crate::platform::shown(&dir))
            }),
            Err(e) => self.message = Some(e.to_string()),
        }
        self.written_folder = Some(dir);
    }

    /// Apply the previewed import in the background: the store is lent to the job (a whole-workbook import writes
    /// for seconds) and a read-only stand-in keeps its place, so that nothing else can write meanwhile.
    fn apply_previewed_import(&mut self, ctx: &egui::Context) {
        let Some((path, proposal)) = self.import.preview.take() else {
            return;
        };
        self.import.stale = Some((path.clone(), proposal.party.clone()));
        let label = format!("{} {}", Text::Import.get(self.lang), crate::platform::shown(&path));
        if let Some(party) = &proposal.party {
            self.import.batch.push(party.clone());
        }
        let record = self.import.record.take();
        let Some(o) = &mut self.open else { return };
        if self.job.is_some() {
            return;
        }
        let stand_in = match Store::stand_in(o.store.path()) {
            Ok(s) => s,
            Err(e) => {
                self.message = Some(e.to_string());
                return;
            }
        };
        let store = std::mem::replace(&mut o.store, stand_in);
        let what = format!("{} {}", Text::Applying.get(self.lang), crate::platform::shown(&path));
        self.job = Some(Job::receive_book(what, ctx.clone(), store, proposal, (label, record)));
    }

    /// The next workbook of a batch (several dropped or picked at once), once the last one was applied or
    /// discarded.
    fn next_import(&mut self) {
        if self.import.queue.is_empty() {
            self.import.batch.clear();
        } else {
            let next = self.import.queue.remove(0);
            self.pending.push(Command::Transfer(TransferCmd::Import(next)));
        }
    }

    /// Save the answer XML of these test cases (merged and per insurer) into a folder.
    fn save_xml(&mut self, cases: &[crate::domain::model::TestCaseKey], dir: std::path::PathBuf) {
        let Some(o) = &self.open else { return };
        let index = crate::domain::routing::ProjectIndex::new(&o.project);
        let mut files = 0;
        for id in cases {
            let Some(case) = o.project.test_case(id) else {
                continue;
            };
            let sim = crate::domain::routing::simulate(&index, case);
            match crate::exchange::xml::write_answer_files(&dir, &sim) {
                Ok(written) => files += written.len(),
                Err(e) => {
                    self.message = Some(e.to_string());
                    return;
                }
            }
        }
        self.say(|l| {
            format!("{} ({files}): {}", Text::XmlSaved.get(l), crate::platform::shown(&dir))
        });
        self.written_folder = Some(dir);
    }

    /// The running job's progress (with a cancel button), and what it gave when it ends.
    pub(crate) fn job_ui(&mut self, ctx: &egui::Context) {
        let lang = self.lang;
        let Some(job) = &self.job else { return };
        if let Some(result) = job.poll() {
            self.job = None;
            self.job_ended(result);
            return;
        }
        let mut cancel = false;
        egui::Modal::new(egui::Id::unique("job")).show(ctx, |ui| {
            ui.label(&job.what);
            ui.add(egui::ProgressBar::new(job.fraction()).show_percentage());
            if ui.button(Text::Cancel.get(lang)).clicked() {
                cancel = true;
            }
        });
        if cancel {
            self.pending.push(Command::Transfer(TransferCmd::CancelJob));
        }
    }

    pub(crate) fn job_ended(&mut self, result: JobResult) {
        match result {
            JobResult::Exported(path, record) => {
                self.say(|l| {
                    format!("{} {}", Text::Exported.get(l), crate::platform::shown(&path))
                });
                if let Some(o) = &mut self.open
                    && let Err(e) = crate::store::transact::record_sent(&mut o.store, &record)
                {
                    self.message = Some(e.to_string());
                }
                self.reload_books();
                self.written_folder = path.parent().map(Path::to_path_buf);
            }
            JobResult::Proposed(path, proposal, record) => {
                self.import.preview = Some((path, proposal));
                self.import.record = Some(*record);
            }
            JobResult::Applied { store, imported, unchanged, result, .. } => {
                if let Some(o) = &mut self.open {
                    o.store = *store;
                }
                self.reload_books();
                match result {
                    Ok(op) => {
                        self.import.stale = None;
                        let moved = op.sources_written;
                        self.refresh(op);
                        if unchanged {
                            // Nothing of the project changed: no check to open; the message says what was kept.
                            self.say(|l| match moved {
                                0 => Text::ReceiptRecorded.get(l).to_string(),
                                n => format!(
                                    "{}: {n} {}",
                                    Text::ReceiptRecorded.get(l),
                                    Text::SourcesUpdated.get(l)
                                ),
                            });
                        } else if imported {
                            // The check of what the book brought opens by itself when it finds an error there.
                            self.check.after_import = self.open.as_ref().map(|o| o.revision);
                        }
                        self.next_import();
                    }
                    Err(crate::store::StoreError::Cancelled) => {
                        self.import.stale = None;
                        self.say(|l| Text::JobCancelled.get(l).to_string())
                    }
                    // Offered to be read again (the dialog stays until answered).
                    Err(e @ crate::store::StoreError::ChangedMeanwhile { .. }) => {
                        // The refused book is not one of the batch's applied books.
                        let refused = self.import.stale.as_ref().and_then(|(_, p)| p.as_ref());
                        if refused.is_some() && self.import.batch.last() == refused {
                            self.import.batch.pop();
                        }
                        self.message = Some(e.to_string());
                        self.reload_project();
                    }
                    Err(e) => {
                        self.import.stale = None;
                        self.message = Some(e.to_string())
                    }
                }
            }
            JobResult::Simulated(rows) => {
                self.simulated =
                    Some(crate::ui::panels::simulated_view::SimulatedViewState::new(rows))
            }
            JobResult::Masters(read) => self.masters_read(read),
            JobResult::Cancelled => self.say(|l| Text::JobCancelled.get(l).to_string()),
            JobResult::Failed(why) => self.message = Some(why),
        }
    }

    /// Check the project again after every change, in the background; the status bar shows the counts.
    pub(crate) fn keep_checked(&mut self, ctx: &egui::Context) {
        let Some(o) = &self.open else { return };
        if o.is_loading() {
            return; // a check of the first rows alone would report on a part of the project
        }
        if let Some(run) = &self.check.run {
            if let Some((findings, places, badges)) = run.poll() {
                let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
                let counts =
                    (count(Severity::Error), count(Severity::Warning), count(Severity::Info));
                self.check.summary = Some((run.revision, counts));
                // After an import: an error in a row the book brought opens the view.
                if self.check.after_import == Some(run.revision) {
                    self.check.after_import = None;
                    if findings
                        .iter()
                        .zip(&places)
                        .any(|(f, at)| f.severity == Severity::Error && at.is_some())
                    {
                        self.views.set(ViewId::Checks, true);
                    }
                }
                self.check.findings = findings;
                self.check.places = places;
                self.check.badges = badges;
                self.check.run = None;
            }
            return;
        }
        if self.check.summary.is_none_or(|(r, _)| r != o.revision) {
            self.check.run = Some(CheckRun::start(
                o.project.clone(),
                o.sources.clone(),
                o.revision,
                ctx.clone(),
            ));
        }
    }
}
