//! Long work off the UI thread: writing and reading the exchange workbook, applying an import, simulating every
//! case and checking the project run on a thread of their own, report their progress, and can be cancelled; the
//! window polls them each frame.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use crate::domain::date::DateStyle;
use crate::domain::model::Project;
use crate::domain::model::message::Lang;
use crate::exchange::import::{ImportOptions, Proposal, propose};
use crate::exchange::read::ReadError;
use crate::exchange::sheets::SheetKind;
use crate::exchange::write::ExportOptions;

/// How a job ended.
#[derive(Debug)]
pub enum JobResult {
    /// The workbook was written.
    Exported(PathBuf, Box<crate::domain::coordination::book::BookRecord>),
    /// The workbook was read into a proposed change (to be looked at before it is applied).
    Proposed(PathBuf, Box<Proposal>, Box<crate::domain::coordination::book::BookRecord>),
    /// The user cancelled; nothing was written.
    Cancelled,
    /// Every test case was simulated.
    Simulated(Vec<SimulatedCase>),
    /// An import was applied (or failed, or was cancelled and rolled back); the store lent to the job comes back.
    Applied {
        /// The project file's store, returned.
        store: Box<crate::store::Store>,
        /// The undo step's label.
        label: String,
        /// Whether the change brought rows from a workbook (then their check may open the check view).
        imported: bool,
        /// Whether the book changed nothing but its record and where its rows are.
        unchanged: bool,
        /// What it changed, or why nothing was written.
        result: Result<crate::store::OpChanges, crate::store::StoreError>,
    },
    /// A new project's masters were read from another project file or a book (or why they could not be).
    Masters(Result<Box<Project>, String>),
    /// It failed, for this reason.
    Failed(String),
}

/// One test case's simulation, as the simulate-all table shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimulatedCase {
    /// The test case.
    pub id: crate::domain::model::TestCaseKey,
    /// Its name as shown: its id, with its party where another party uses the id.
    pub name: String,
    /// 処理結果
    pub outcome: crate::domain::model::Outcome,
    /// The insurers that answered.
    pub providers: String,
    /// Whether that is what the case expects; `None` when it expects nothing (期待なし).
    pub matches: Option<bool>,
}

impl SimulatedCase {
    /// Simulate one case for its outcome and providers only (no answers built), and compare with what it expects.
    pub fn of(
        index: &crate::domain::routing::ProjectIndex,
        names: &crate::domain::model::names::Ambiguity,
        case: &crate::domain::model::TestCase,
    ) -> Self {
        use crate::domain::routing::{Detail, simulate_with};
        let sim = simulate_with(index, case, Detail::Outcome);
        SimulatedCase {
            id: case.key(),
            name: names.name(crate::domain::check::EntityKind::TestCase, &case.party, &case.id),
            outcome: sim.outcome,
            providers: sim.providers.iter().map(|x| x.as_str()).collect::<Vec<_>>().join(","),
            matches: crate::domain::partition::Expectation::of(case, &sim).matches(),
        }
    }
}

/// How far work on another thread has come, and whether the window asks it to stop: written by the work, read
/// by the window.
struct Progress {
    done: AtomicUsize,
    total: AtomicUsize,
    cancel: AtomicBool,
    /// Held: the work waits at its next report until let go (or cancelled). For tests that look at the window
    /// while work is under way, whatever the machine's speed.
    held: AtomicBool,
}

impl Progress {
    /// Nothing done yet of `total`.
    fn new(total: usize) -> Arc<Progress> {
        Arc::new(Progress {
            done: AtomicUsize::new(0),
            total: AtomicUsize::new(total.max(1)),
            cancel: AtomicBool::new(false),
            held: AtomicBool::new(false),
        })
    }

    /// The work's report: `done` of `total`. Whether it goes on (`false` once cancelled).
    fn report(&self, done: usize, total: usize) -> bool {
        self.done.store(done, Ordering::Relaxed);
        self.total.store(total.max(1), Ordering::Relaxed);
        while self.held.load(Ordering::Relaxed) && !self.cancel.load(Ordering::Relaxed) {
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        !self.cancel.load(Ordering::Relaxed)
    }

    /// Done so far, and in all.
    fn counts(&self) -> (usize, usize) {
        let total = self.total.load(Ordering::Relaxed).max(1);
        (self.done.load(Ordering::Relaxed).min(total), total)
    }

    /// How far it has come, 0 to 1.
    fn fraction(&self) -> f32 {
        let (done, total) = self.counts();
        (done as f32 / total as f32).clamp(0.0, 1.0)
    }

    /// Ask the work to stop (it stops at its next report).
    fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}

/// A job running in the background.
pub struct Job {
    /// What it does, for the progress dialog.
    pub what: String,
    /// Whether the project file's store is lent to it (nothing else may write until it ends).
    pub holds_store: bool,
    progress: Arc<Progress>,
    result: Receiver<JobResult>,
}

impl Job {
    fn spawn(
        what: String,
        ctx: egui::Context,
        work: impl FnOnce(&mut dyn FnMut(usize, usize) -> bool) -> JobResult + Send + 'static,
    ) -> Job {
        let progress = Progress::new(1);
        let (tx, rx) = channel();
        let reported = progress.clone();
        std::thread::spawn(move || {
            // The window is woken by the job (on progress and at the end) rather than polling it.
            let mut progress = |n: usize, of: usize| {
                ctx.request_repaint();
                reported.report(n, of)
            };
            let result = work(&mut progress);
            let _ = tx.send(result);
            ctx.request_repaint();
        });
        Job { what, holds_store: false, progress, result: rx }
    }

    /// Write a project's workbook.
    pub fn export(
        what: String,
        ctx: egui::Context,
        (project, party): (Arc<Project>, String),
        (path, password): (PathBuf, Option<String>),
        options: ExportOptions,
    ) -> Job {
        Job::spawn(what, ctx, move |progress| {
            let written = crate::exchange::write::write_workbook_with(
                &project,
                &path,
                (&options, password.as_deref()),
                progress,
            );
            match written {
                Ok(true) => {
                    // What is sent is recorded: its party (one party's book), name, SHA-256 and rows.
                    let sha256 = crate::exchange::file_sha256(&path).unwrap_or_default();
                    let name = crate::exchange::book_file_name(&path);
                    let rows = crate::exchange::sheet_rows::rows_in(&options.sheets, &project);
                    let record = crate::domain::coordination::book::BookRecord::sent(
                        &party, &name, &sha256, rows,
                    );
                    JobResult::Exported(path, Box::new(record))
                }
                Ok(false) => JobResult::Cancelled,
                Err(e) => JobResult::Failed(format!("{}: {e}", crate::platform::shown(&path))),
            }
        })
    }

    /// Read the masters a new project starts from: a book's (read as an import into an empty project) or another
    /// project file's.
    pub fn masters(what: String, ctx: egui::Context, from: PathBuf) -> Job {
        Job::spawn(what, ctx, move |progress| {
            let read = if crate::exchange::is_book(&from) {
                crate::exchange::import::masters_of_book(&from, progress).map_err(|e| match e {
                    crate::exchange::import::MastersError::Read(ReadError::Cancelled) => None,
                    e => Some(e.to_string()),
                })
            } else {
                crate::store::Store::open_read_only(&from)
                    .and_then(|s| s.load())
                    .map(Project::into_masters)
                    .map_err(|e| Some(format!("{}: {e}", crate::platform::shown(&from))))
            };
            match read {
                Ok(masters) => JobResult::Masters(Ok(Box::new(masters))),
                Err(None) => JobResult::Cancelled,
                Err(Some(why)) => JobResult::Masters(Err(why)),
            }
        })
    }

    /// Read a workbook into a proposed change to a project.
    pub fn import(
        what: String,
        ctx: egui::Context,
        (project, revision): (Arc<Project>, u64),
        path: PathBuf,
        options: ImportOptions,
    ) -> Job {
        Job::spawn(what, ctx, move |progress| {
            let sha256 = match crate::exchange::file_sha256(&path) {
                Ok(x) => x,
                Err(e) => {
                    return JobResult::Failed(format!("{}: {e}", crate::platform::shown(&path)));
                }
            };
            match propose(&path, &project, options, progress) {
                Ok(mut p) => {
                    // Applied only to the project file as it was read.
                    p.change.base = Some(revision);
                    let name = crate::exchange::book_file_name(&path);
                    let party = p.party.as_ref().map(|x| x.as_str()).unwrap_or("");
                    let record = crate::domain::coordination::book::BookRecord::received(
                        party, &name, &sha256, &p.change,
                    );
                    JobResult::Proposed(path, Box::new(p), Box::new(record))
                }
                Err(crate::exchange::read::ReadError::Cancelled) => JobResult::Cancelled,
                Err(e) => JobResult::Failed(e.to_string()),
            }
        })
    }

    /// Apply an import's change to the project file (one transaction, one undo step) with the store lent to the job;
    /// cancelling rolls it back.
    pub fn receive_book(
        what: String,
        ctx: egui::Context,
        mut store: crate::store::Store,
        proposal: Box<Proposal>,
        (label, record): (String, Option<crate::domain::coordination::book::BookRecord>),
    ) -> Job {
        let mut job = Job::spawn(what, ctx, move |progress| {
            let result = if proposal.has_errors() {
                Err(crate::store::StoreError::Rejected(
                    "取り込みにエラーがあるため書き込みません / the import has errors: nothing is written".into(),
                ))
            } else {
                crate::store::transact::receive(
                    &mut store,
                    &label,
                    &proposal.change,
                    (&proposal.sources, record.as_ref()),
                    progress,
                )
            };
            JobResult::Applied {
                store: Box::new(store),
                label,
                imported: !proposal.sources.rows.is_empty(),
                unchanged: proposal.change.is_empty(),
                result,
            }
        });
        job.holds_store = true;
        job
    }

    /// Simulate every test case (outcome and providers, compared with what each expects).
    pub fn simulate_all(what: String, ctx: egui::Context, project: Arc<Project>) -> Job {
        Job::spawn(what, ctx, move |progress| {
            use crate::domain::routing::ProjectIndex;
            let index = ProjectIndex::new(&project);
            let names = crate::domain::model::names::Ambiguity::of(&project);
            let total = project.test_cases.len();
            let mut rows = Vec::with_capacity(total);
            for (i, case) in project.test_cases.iter().enumerate() {
                if i % 1000 == 0 && !progress(i, total) {
                    return JobResult::Cancelled;
                }
                rows.push(SimulatedCase::of(&index, &names, case));
            }
            progress(total, total);
            JobResult::Simulated(rows)
        })
    }

    /// How far it has come, 0 to 1.
    pub fn fraction(&self) -> f32 {
        self.progress.fraction()
    }

    /// Ask it to stop (it stops at its next progress report).
    pub fn cancel(&self) {
        self.progress.cancel();
    }

    /// Its result, once it has one.
    pub fn poll(&self) -> Option<JobResult> {
        match self.result.try_recv() {
            Ok(r) => Some(r),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(JobResult::Failed("the job stopped".into())),
        }
    }
}

/// A full check of the project (the status bar's counts, the check view's findings), computed off the UI thread.
pub struct CheckRun {
    /// The project revision it checks.
    pub revision: u64,
    result: Receiver<CheckResult>,
}

/// What a check gives the window: the findings, where each one's row came from in a workbook, and the tree's
/// badges.
pub type CheckResult =
    (Vec<crate::domain::check::CheckFinding>, Vec<Option<String>>, crate::ui::panels::tree::Badges);

impl CheckRun {
    /// Check a copy of the project in the background.
    pub fn start(
        project: Arc<Project>,
        sources: Arc<crate::domain::coordination::source::Sources>,
        revision: u64,
        ctx: egui::Context,
    ) -> CheckRun {
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let findings = crate::domain::check::check_project(&project);
            let places = sources.places(&project, &findings);
            let badges = crate::ui::panels::tree::Badges::of(&project, &findings);
            let _ = tx.send((findings, places, badges));
            ctx.request_repaint();
        });
        CheckRun { revision, result: rx }
    }

    /// The findings, their places and the tree's badges, once done.
    pub fn poll(&self) -> Option<CheckResult> {
        self.result.try_recv().ok()
    }
}

/// A large project read whole on a thread of its own (a read-only connection beside the window's), while the window
/// shows its name, counts and first rows; dropped (another project opened), it stops.
pub struct ProjectLoad {
    /// Every kind's count, read before the first frame.
    pub counts: crate::domain::model::Counts,
    progress: Arc<Progress>,
    result: Receiver<Result<Loaded, crate::store::StoreError>>,
    /// The reading thread, waited for when the load is dropped: until it ends, its connection holds the file
    /// (a project closed by 読み込みを取り消す is at once free to be opened for writing).
    thread: Option<std::thread::JoinHandle<()>>,
}

/// A project read whole in the background, with the rows of the sheet shown as its table shows them.
pub struct Loaded {
    /// The project, its sources, books and revision.
    pub snapshot: crate::store::Snapshot,
    /// The sheet shown when the reading began, in that date style and language, and its rows' texts: made on
    /// the reading thread, so that the first frame after the reading does not make 100,000 rows of text.
    pub shown: (SheetKind, DateStyle, Lang, Vec<Vec<String>>),
}

impl ProjectLoad {
    /// Start reading the project file at `path` whole, and the rows of the sheet shown (`shown`) as text.
    pub fn start(
        path: PathBuf,
        counts: crate::domain::model::Counts,
        shown: (SheetKind, DateStyle, Lang),
    ) -> ProjectLoad {
        let progress = Progress::new(counts.total());
        let (tx, rx) = channel();
        let reported = progress.clone();
        // A thread that could not be started drops its end of the channel: `poll` says the reading stopped.
        let thread = std::thread::Builder::new()
            .name("renkei-load".into())
            .spawn(move || {
                let mut progress = |n: usize, of: usize| reported.report(n, of);
                let read = crate::store::Store::open_read_only(&path)
                    .and_then(|store| store.snapshot_with(&mut progress))
                    .map(|snapshot| {
                        let (kind, style, lang) = shown;
                        let texts = crate::ui::kit::values::sheet_texts(
                            kind,
                            &snapshot.project,
                            style,
                            lang,
                        );
                        Loaded { snapshot, shown: (kind, style, lang, texts) }
                    });
                let _ = tx.send(read);
            })
            .ok();
        ProjectLoad { counts, progress, result: rx, thread }
    }

    /// Rows read so far, and rows in all.
    pub fn rows(&self) -> (usize, usize) {
        self.progress.counts()
    }

    /// How far it has come, 0 to 1.
    pub fn fraction(&self) -> f32 {
        self.progress.fraction()
    }

    /// Ask it to stop (within a few thousand rows).
    pub fn cancel(&self) {
        self.progress.cancel();
    }

    /// Hold the reading at its next report (`true`) or let it go on: for tests that look at the window while
    /// the project is being read, however fast the machine reads it.
    #[doc(hidden)]
    pub fn hold(&self, held: bool) {
        self.progress.held.store(held, Ordering::Relaxed);
    }

    /// The project read whole, once it is.
    pub fn poll(&self) -> Option<Result<Loaded, crate::store::StoreError>> {
        match self.result.try_recv() {
            Ok(r) => Some(r),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Err(crate::store::StoreError::Corrupt(
                "the reading of the project stopped".into(),
            ))),
        }
    }
}

impl Drop for ProjectLoad {
    fn drop(&mut self) {
        self.cancel();
        // Cancelled, the reading stops within a few thousand rows.
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
