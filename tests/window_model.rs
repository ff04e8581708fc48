//! The window holds what the file holds: a model-based test. From a seeded generator, sequences of real commands —
//! edit a field, rename, set an agreement state on one case or a selection, add or delete a membership or benefit
//! record, delete a case, add or delete a master row, name a scenario or variation, link a person from its cases,
//! set a registration time, apply a check fix, accept a replica proposal, import a party's book, undo, redo — are
//! applied to a window on a project of three parties whose IDs collide (002, 003 and 004 each have S01-V01-T01 and
//! RM-X). After every step, what the window shows (`App::shown`: the tree's nodes and counts, the parties panel's
//! figures, the check's counts and places, the insurer workspace's lists, every table's rows) must equal what a
//! window freshly opened on the same file shows.

use std::path::{Path, PathBuf};

mod common;

use renkei::domain::date::Date;
use renkei::domain::model::entity::Entity;
use renkei::domain::model::kinds::AgreementState;
use renkei::exchange::sheets::SheetKind;
use renkei::store::Store;
use renkei::ui::kit::command::{CoordinationCmd, EditCmd, TransferCmd};
use renkei::ui::shell::app::{App, Command, Selection};

/// Sequences and their length: at least 200 of 30 commands (RENKEI_MODEL_SEQUENCES for a longer run).
const STEPS: usize = 30;

/// A small deterministic generator (xorshift64*), so that a failing sequence is replayed by its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        if items.is_empty() { None } else { Some(&items[self.below(items.len())]) }
    }
}

/// The project file every sequence starts from, and each party's book as exported from it.
struct Fixture {
    _dir: tempfile::TempDir,
    base: PathBuf,
    books: Vec<PathBuf>,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("三団体.renkei");
    let project = common::three_parties();
    let mut store = Store::create(&base, &project.name).unwrap();
    store.replace_all(&project).unwrap();
    let project = store.load().unwrap();
    drop(store);
    let mut books = Vec::new();
    for party in ["002", "003", "004"] {
        let book = renkei::domain::coordination::party::book_of(&project, &party.into());
        let path = dir.path().join(format!("{party} の仕様書.xlsx"));
        renkei::exchange::write::write_workbook(
            &book,
            &path,
            &renkei::exchange::write::ExportOptions::default(),
            |_, _| true,
        )
        .unwrap();
        books.push(path);
    }
    Fixture { _dir: dir, base, books }
}

/// One step of a sequence: the commands it gives the window (what a user's clicks give), in words for a failure.
#[allow(
    clippy::too_many_lines,
    reason = "one arm per kind of step the model takes; reading them together is the point"
)]
fn next_step(rng: &mut Rng, app: &App, books: &[PathBuf], n: usize) -> (String, Vec<Command>) {
    let p = &app.open.as_ref().unwrap().project;
    loop {
        match rng.below(22) {
            // Edit a field of a test case, a person or a membership.
            0 => {
                if let Some(c) = rng.pick(&p.test_cases) {
                    let mut c = c.clone();
                    c.remarks = format!("備考 {n}");
                    if rng.below(2) == 0 {
                        c.query_date = Some(Date::ymd(2018, 7, 1 + rng.below(28) as u8));
                    }
                    return (
                        format!("edit test case {}", c.key()),
                        put("edit", Entity::TestCase(Box::new(c))),
                    );
                }
            }
            1 => {
                if let Some(m) = rng.pick(&p.memberships) {
                    let mut m = m.clone();
                    let lost = Date::ymd(2016 + rng.below(4) as i32, 1 + rng.below(12) as u8, 1);
                    m.set_loss(if rng.below(3) == 0 { None } else { Some(lost) });
                    if rng.below(2) == 0 {
                        m.insurer = ["06130017", "06130033", "06130041"][rng.below(3)].into();
                    }
                    return (
                        format!("edit membership {}:{} {}", m.party, m.role_model, m.id),
                        put("edit", Entity::Membership(m)),
                    );
                }
            }
            // Rename a scenario, a variation, a test case or a person.
            2 => {
                let choices: Vec<Selection> = p
                    .scenarios
                    .iter()
                    .map(|x| Selection::Scenario(x.key()))
                    .chain(p.variations.iter().map(|x| Selection::Variation(x.key())))
                    .chain(p.test_cases.iter().map(|x| Selection::TestCase(x.key())))
                    .chain(p.role_models.iter().map(|x| Selection::RoleModel(x.key())))
                    .collect();
                if let Some(s) = rng.pick(&choices) {
                    let new_id = format!("N{n}");
                    return (
                        format!("rename {s:?} to {new_id}"),
                        vec![
                            Command::Edit(EditCmd::AskRename(s.clone())),
                            Command::Edit(EditCmd::Rename(new_id)),
                        ],
                    );
                }
            }
            // An agreement state on one case or a selection.
            3 => {
                let keys: Vec<_> =
                    p.test_cases.iter().filter(|_| rng.below(2) == 0).map(|c| c.key()).collect();
                if !keys.is_empty() {
                    let state = AgreementState::ALL[rng.below(AgreementState::ALL.len())];
                    return (
                        format!("set {state:?} on {keys:?}"),
                        vec![Command::Coordination(CoordinationCmd::SetAgreement(keys, state))],
                    );
                }
            }
            // Add a membership or a benefit record to a person.
            4 => {
                if let Some(r) = rng.pick(&p.role_models) {
                    let from = Date::ymd(2010 + rng.below(10) as i32, 4, 1);
                    return if rng.below(2) == 0 {
                        (
                            format!("add a membership to {}", r.key()),
                            vec![Command::Edit(EditCmd::AddMembership(
                                r.key(),
                                ["06130017", "06130033", "06130041"][rng.below(3)].into(),
                                from,
                                None,
                            ))],
                        )
                    } else {
                        (
                            format!("add a benefit record to {}", r.key()),
                            vec![Command::Edit(EditCmd::AddBenefit(r.key(), from))],
                        )
                    };
                }
            }
            // Delete a membership or a benefit record (a row of its sheet, asked first).
            5 => {
                let (kind, rows) = if rng.below(2) == 0 {
                    (SheetKind::Memberships, p.memberships.len())
                } else {
                    (SheetKind::Benefits, p.benefits.len())
                };
                if rows > 0 {
                    let row = rng.below(rows);
                    return (
                        format!("delete {kind:?} row {row}"),
                        vec![
                            Command::Edit(EditCmd::AskDelete(Selection::Row(kind, row))),
                            Command::Edit(EditCmd::ConfirmDelete),
                        ],
                    );
                }
            }
            // Delete a test case.
            6 => {
                if let Some(c) = rng.pick(&p.test_cases) {
                    return (
                        format!("delete test case {}", c.key()),
                        vec![
                            Command::Edit(EditCmd::AskDelete(Selection::TestCase(c.key()))),
                            Command::Edit(EditCmd::ConfirmDelete),
                        ],
                    );
                }
            }
            // Apply a check fix.
            7 => {
                let fixes: Vec<_> =
                    app.check.findings.iter().filter_map(|f| f.fix.clone()).collect();
                if let Some(fix) = rng.pick(&fixes) {
                    return (
                        format!("apply the fix {fix:?}"),
                        vec![Command::Edit(EditCmd::ApplyFix {
                            label: "fix".into(),
                            fix: Box::new(fix.clone()),
                        })],
                    );
                }
            }
            // Accept a replica proposal for a case at one of its expected insurers.
            8 => {
                if let Some(c) = rng.pick(&p.test_cases)
                    && let Some(insurer) = rng.pick(&p.insurers)
                    && let Some(renkei::domain::partition::ReplicaProposal::Change {
                        change, ..
                    }) = renkei::domain::partition::replica_proposal(p, c, &insurer.number)
                {
                    return (
                        format!(
                            "accept the replica proposal for {} at {}",
                            c.key(),
                            insurer.number
                        ),
                        vec![Command::Edit(EditCmd::ApplyChange {
                            label: "proposal".into(),
                            change: Box::new(change),
                        })],
                    );
                }
            }
            // Import a party's book (as first exported: it puts that party's rows back).
            9 => {
                let book = rng.pick(books).unwrap();
                return (
                    format!("import {}", book.display()),
                    vec![Command::Transfer(TransferCmd::Import(book.clone()))],
                );
            }
            // Add a test case to a variation, or a scenario or a person to the party chosen (or to none chosen:
            // then nothing is added, and the window says to choose).
            13 => {
                if let Some(v) = rng.pick(&p.variations) {
                    return (
                        format!("add a test case to {}", v.key()),
                        vec![Command::Edit(EditCmd::AddTestCase(v.key()))],
                    );
                }
            }
            14 => {
                let parties = ["002", "003", "004"];
                let party = (rng.below(4) > 0).then(|| parties[rng.below(3)].into());
                let add =
                    if rng.below(2) == 0 { EditCmd::AddScenario } else { EditCmd::AddRoleModel };
                return (
                    format!("choose party {party:?}, then {add:?}"),
                    vec![
                        Command::Coordination(CoordinationCmd::FilterParty(party)),
                        Command::Edit(add),
                    ],
                );
            }
            // Make a case name another requester: refused, nothing written.
            15 => {
                if let Some(c) = rng.pick(&p.test_cases) {
                    let mut c = c.clone();
                    c.requester = if c.party.as_str() == "002" { "003" } else { "002" }.into();
                    return (
                        format!("set {}'s requester to {}", c.key(), c.requester),
                        put("requester", Entity::TestCase(Box::new(c))),
                    );
                }
            }
            // Now and then, erase a person (asked, then confirmed): no undo, the file rewritten.
            16 if rng.below(6) == 0 => {
                if let Some(r) = rng.pick(&p.role_models) {
                    return (
                        format!("erase {}", r.key()),
                        vec![
                            Command::Edit(EditCmd::AskErase(r.key())),
                            Command::Edit(EditCmd::ConfirmErase),
                        ],
                    );
                }
            }
            16 => {}
            // Delete a master row (asked, then confirmed): refused while a row uses it, nothing written then.
            17 => {
                let kind =
                    [SheetKind::Insurers, SheetKind::Codes, SheetKind::Institutions][rng.below(3)];
                let rows = renkei::exchange::sheet_rows::sheet_len(kind, p);
                if rows > 0 {
                    let row = rng.below(rows);
                    return (
                        format!("delete row {row} of {kind:?}"),
                        vec![
                            Command::Edit(EditCmd::AskDelete(Selection::Row(kind, row))),
                            Command::Edit(EditCmd::ConfirmDelete),
                        ],
                    );
                }
            }
            // Add a master row as 行を追加… gives it (read by the import's column rules); a code the project
            // has is refused, nothing written.
            18 => {
                use renkei::domain::model::field::Field;
                use renkei::exchange::row_edit::{MasterKind, new_master};
                let (kind, texts) = if rng.below(2) == 0 {
                    let number = format!("0613{:04}", 9000 + rng.below(20));
                    (MasterKind::Insurer, vec![(Field::InsurerNumber, number)])
                } else {
                    let code = format!("{:03}", 500 + rng.below(20));
                    (MasterKind::Institution, vec![(Field::InstitutionCode, code)])
                };
                let mut texts = texts;
                let name = match kind {
                    MasterKind::Insurer => Field::InsurerName,
                    _ => Field::InstitutionName,
                };
                texts.push((name, format!("追加 {n}")));
                if let Ok((entity, _)) = new_master(kind, p, &texts) {
                    return (format!("add the master row {texts:?}"), put("add", entity));
                }
            }
            // Set a person's links to scenarios, variations and cases from the cases that name it.
            19 => {
                if let Some(r) = rng.pick(&p.role_models) {
                    let linked = renkei::domain::coordination::edit::links_from_cases(p, r);
                    return (
                        format!("link {} from its cases", r.key()),
                        put("links", Entity::RoleModel(Box::new(linked))),
                    );
                }
            }
            // Name a scenario or a variation from its pane.
            20 => {
                let entity = if rng.below(2) == 0 {
                    rng.pick(&p.scenarios).map(|x| {
                        Entity::Scenario(renkei::domain::model::Scenario {
                            name: format!("シナリオ名 {n}"),
                            ..x.clone()
                        })
                    })
                } else {
                    rng.pick(&p.variations).map(|x| {
                        Entity::Variation(renkei::domain::model::Variation {
                            name: format!("バリエーション名 {n}"),
                            ..x.clone()
                        })
                    })
                };
                if let Some(entity) = entity {
                    return (format!("name {:?}", entity.key()), put("name", entity));
                }
            }
            // Set or clear a membership's 中間サーバー登録日時.
            21 => {
                if let Some(m) = rng.pick(&p.memberships) {
                    let mut m = m.clone();
                    m.registered_at = (rng.below(3) > 0).then(|| {
                        let typed =
                            format!("2019-0{}-0{} 10:30:00", 1 + rng.below(9), 1 + rng.below(9));
                        renkei::domain::date::parse_datetime(&typed).unwrap().0
                    });
                    return (
                        format!("set {}'s registration time to {:?}", m.id, m.registered_at),
                        put("registered", Entity::Membership(m)),
                    );
                }
            }
            10 | 11 => return ("undo".into(), vec![Command::Edit(EditCmd::Undo)]),
            _ => return ("redo".into(), vec![Command::Edit(EditCmd::Redo)]),
        }
    }
}

/// A step that saves one entity, as a pane's field or a dialog's 保存 does.
fn put(label: &str, entity: Entity) -> Vec<Command> {
    vec![Command::Edit(EditCmd::Put { label: label.into(), entity: Box::new(entity) })]
}

/// Apply one step's commands as the window does, waiting for what runs in the background; an import previewed is
/// applied (the 取り込む button).
fn apply(app: &mut App, ctx: &egui::Context, commands: Vec<Command>) {
    for c in commands {
        app.apply(ctx, c);
        app.settle(ctx);
        if app.import.preview.is_some() {
            app.apply(ctx, Command::Transfer(TransferCmd::ApplyImport));
            app.settle(ctx);
        }
    }
}

fn run_sequence(fixture: &Fixture, seed: u64, dir: &Path) -> Result<(), String> {
    let path = dir.join(format!("seq {seed}.renkei"));
    std::fs::copy(&fixture.base, &path).unwrap();
    let ctx = egui::Context::default();
    let mut app = App::start(Some(path.clone()));
    app.settle(&ctx);
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut done: Vec<String> = Vec::new();
    for n in 0..STEPS {
        let (what, commands) = next_step(&mut rng, &app, &fixture.books, n);
        done.push(what);
        apply(&mut app, &ctx, commands);
        let shown = app.shown().ok_or("the window shows no project")?;
        let mut fresh = App::start_read_only(&path);
        fresh.settle(&ctx);
        let in_file = fresh.shown().ok_or("the file cannot be opened")?;
        // A test case's party is its requester, and no row is without a party.
        let file = &fresh.open.as_ref().ok_or("no project")?.project;
        if let Some(c) = file
            .test_cases
            .iter()
            .find(|c| c.party.is_empty() || c.party.as_str() != c.requester.as_str())
        {
            return Err(format!(
                "seed {seed}, step {n}: test case {} of party «{}» names requester «{}»\nsteps:\n  {}",
                c.id,
                c.party,
                c.requester,
                done.join("\n  ")
            ));
        }
        let parties_kept = file.scenarios.iter().all(|x| !x.party.is_empty())
            && file.variations.iter().all(|x| !x.party.is_empty())
            && file.role_models.iter().all(|x| !x.party.is_empty())
            && file.memberships.iter().all(|x| !x.party.is_empty())
            && file.benefits.iter().all(|x| !x.party.is_empty());
        if !parties_kept {
            return Err(format!("seed {seed}, step {n}: a row without a party"));
        }
        if let Some(difference) = shown.first_difference(&in_file) {
            return Err(format!(
                "seed {seed}, step {n}: {difference}\nsteps:\n  {}",
                done.join("\n  ")
            ));
        }
    }
    Ok(())
}

/// 200 sequences of 30 commands (by default) on a project of three parties with colliding IDs: the window shows,
/// after every step, what a window freshly opened on the same file shows.
#[test]
fn window_matches_file_after_every_command() {
    let fixture = fixture();
    let dir = tempfile::tempdir().unwrap();
    let sequences: u64 =
        std::env::var("RENKEI_MODEL_SEQUENCES").ok().and_then(|s| s.parse().ok()).unwrap_or(200);
    // Two workers (the sequences are independent, each on its own copy of the file); the failure of the lowest
    // seed is reported, whichever worker met it.
    let next = std::sync::atomic::AtomicU64::new(1);
    let failures = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                loop {
                    let seed = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    if seed > sequences {
                        return;
                    }
                    if let Err(e) = run_sequence(&fixture, seed, dir.path()) {
                        failures.lock().unwrap().push((seed, e));
                    }
                }
            });
        }
    });
    let mut failures = failures.into_inner().unwrap();
    failures.sort();
    if let Some((_, first)) = failures.first() {
        panic!("{} of {sequences} sequences failed; the first:\n{first}", failures.len());
    }
}

/// The three steps: three cities' books with S01-V01-T01 and RM-X; 003's case set to 要修正; the 06130017
/// membership of 003's RM-X deleted. The window then shows each city's case once, with its own state.
#[test]
fn window_matches_file_after_a_state_and_a_membership_of_one_of_three_cities() {
    let fixture = fixture();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("三団体.renkei");
    std::fs::copy(&fixture.base, &path).unwrap();
    let ctx = egui::Context::default();
    let mut app = App::start(Some(path.clone()));
    app.settle(&ctx);
    let key = |party: &str| renkei::domain::model::TestCaseKey::new(party, "S01-V01-T01");
    apply(
        &mut app,
        &ctx,
        vec![Command::Coordination(CoordinationCmd::SetAgreement(
            vec![key("003")],
            AgreementState::NeedsFix,
        ))],
    );
    let p = &app.open.as_ref().unwrap().project;
    let id = p
        .memberships
        .iter()
        .find(|m| {
            m.party.as_str() == "003"
                && m.role_model.as_str() == "RM-X"
                && m.insurer.as_str() == "06130017"
        })
        .unwrap()
        .id;
    // Its row in the membership sheet, as the table shows it.
    let sheet_row = (0..p.memberships.len())
        .find(|&row| {
            matches!(
                renkei::exchange::sheet_rows::sheet_entity(SheetKind::Memberships, p, row),
                Some(Entity::Membership(m)) if m.id == id
            )
        })
        .unwrap();
    apply(
        &mut app,
        &ctx,
        vec![
            Command::Edit(EditCmd::AskDelete(Selection::Row(SheetKind::Memberships, sheet_row))),
            Command::Edit(EditCmd::ConfirmDelete),
        ],
    );
    let shown = app.shown().unwrap();
    let mut fresh = App::start_read_only(&path);
    fresh.settle(&ctx);
    assert_eq!(shown.first_difference(&fresh.shown().unwrap()), None);
    let p = &app.open.as_ref().unwrap().project;
    for party in ["002", "003", "004"] {
        let cases: Vec<_> = p
            .test_cases
            .iter()
            .filter(|c| c.party.as_str() == party && c.id.as_str() == "S01-V01-T01")
            .collect();
        assert_eq!(cases.len(), 1, "{party}'s S01-V01-T01 is shown once");
        // 003's person changed after its state was set: to be checked again, its 要修正 kept in the memo.
        let expected =
            if party == "003" { AgreementState::Recheck } else { AgreementState::Unconfirmed };
        assert_eq!(cases[0].agreement.state, expected, "{party}");
    }
}
